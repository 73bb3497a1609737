#include "config.h"

#include "cli/cli.h"

int tvc_cli_open(tvc_cli_run *r, int argc, char **argv, const tvc_cli_cmd *cmd,
                 tvc_cli_prepare prepare, void *ud, int *status)
{
    r->a = tvc_arena_new();
    r->cfg = NULL;
    r->ir = NULL;
    int pr = tvc_cli_parse(r->a, argc, argv, &r->o, cmd);
    if (pr == 0 && prepare && prepare(r, ud) != 0)
        pr = -1;
    if (pr != 0) {
        tvc_arena_free(r->a);
        r->a = NULL;
        *status = pr > 0 ? TVC_EXIT_OK : TVC_EXIT_USAGE;
        return 0;
    }
    tvc_diags_init(&r->d, r->a);
    r->ir = tvc_cli_load(r->a, &r->d, &r->o, &r->cfg);
    return 1;
}
