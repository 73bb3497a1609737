#include <stdio.h>

#include "cli/cli.h"
#include "checks/checks.h"

static const char usage[] =
    "usage: tlsvhostc check [OPTIONS] CONFIG\n"
    "  --format=text|json      output format (default text)\n"
    "  --fail-on=error|warning|note  lowest severity that fails (default error)\n"
    "  --color=auto|always|never\n"
    "  --server-root DIR       ServerRoot for relative paths (default: CONFIG's directory)\n"
    "  -D NAME[=VALUE]         define, as httpd -D\n"
    "  --env-file FILE         read `export VAR=value` lines (Debian envvars)\n"
    "  --httpd-version X.Y.Z   version <IfVersion> compares with (default 2.4.71)\n"
    "  -q, --quiet             text: print nothing unless there are errors\n";

int tvc_cmd_check(int argc, char **argv)
{
    tvc_arena *a = tvc_arena_new();
    tvc_opts o;
    int r = tvc_cli_parse(a, argc, argv, &o, "check", usage);
    if (r != 0) {
        tvc_arena_free(a);
        return r > 0 ? TVC_EXIT_OK : TVC_EXIT_USAGE;
    }
    tvc_diags d;
    tvc_diags_init(&d, a);
    tvc_config *cfg;
    tvc_ir *ir = tvc_cli_load(a, &d, &o, &cfg);
    if (!ir && !cfg) {
        tvc_report(&o, &d);
        tvc_arena_free(a);
        return TVC_EXIT_USAGE;
    }
    tvc_checks_run(a, &d, ir);
    int rc = tvc_report(&o, &d);
    tvc_arena_free(a);
    return rc;
}
