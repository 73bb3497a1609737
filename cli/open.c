#include "config.h"

#include "cli/cli.h"

int tvc_cli_open(tvc_cli_run *r, int argc, char **argv, const tvc_cli_cmd *cmd,
                 tvc_cli_prepare prepare, void *ud, int *status)
{
    r->cfg = NULL;
    r->ir = NULL;
    int st = tvc_cli_begin(argc, argv, cmd, &r->a, &r->o, &r->d);
    if (st < 0 && prepare && prepare(r, ud) != 0) {
        tvc_arena_free(r->a);
        r->a = NULL;
        st = TVC_EXIT_USAGE;
    }
    if (st >= 0) {
        *status = st;
        return 0;
    }
    r->ir = tvc_cli_load(r->a, &r->d, &r->o, &r->cfg);
    return 1;
}
