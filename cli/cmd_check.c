#include "config.h"

#include <malloc.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "checks/checks.h"
#include "checks/sni.h"
#include "cli/cli.h"

static const char usage[] =
    "usage: tlsvhostc check [OPTIONS] CONFIG\n"
    "  --format=text|json|sarif|junit  output format (default text)\n"
    "  --fail-on=error|warning|note  lowest severity that fails (default error)\n"
    "  --color=auto|always|never\n"
    "  --server-root DIR       ServerRoot for relative paths (default: CONFIG's directory)\n"
    "  -D NAME[=VALUE]         define, as httpd -D\n"
    "  --env-file FILE         read `export VAR=value` lines (Debian envvars)\n"
    "  --httpd-version X.Y.Z   version <IfVersion> compares with (default 2.4.71)\n"
    "  --ca-file FILE          trust anchors for chain checks (default: the system store)\n"
    "  --now RFC3339           the time expiry is checked against (default: now)\n"
    "  --expiry-warn DAYS      warn about certificates expiring within DAYS (default 30)\n"
    "  --sni-map               print which vhost answers which name, per address set\n"
    "  --profile=modern|intermediate|old  compare with Mozilla's server-side TLS profile\n"
    "  --disable ID            do not report ID (repeatable; 'all' for every ID)\n"
    "  --enable ID             report ID again after --disable (later options win)\n"
    "  --base-dir DIR          SARIF: paths relative to DIR\n"
    "  --threads N             certificate checks in parallel (default: one per core)\n"
    "  -q, --quiet             text: print nothing unless there are errors\n";

/* One line on a terminal's stderr, rewritten in place. */
static void progress(void *ud, size_t done, size_t total)
{
    double *start = ud;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    double t = (double)ts.tv_sec + ts.tv_nsec / 1e9 - *start;
    if (done >= total) {
        fputs("\r\033[K", stderr);
        return;
    }
    fprintf(stderr, "\rtlsvhostc: %zu/%zu certificates checked (%.0f/s)\033[K", done, total,
            t > 0 ? done / t : 0.0);
}

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
    o.parse.lean = 1; /* check writes no config back */
    o.parse.tree_arena = tvc_arena_new();
    tvc_config *cfg = NULL;
    tvc_ir *ir = tvc_cli_load(a, &d, &o, &cfg);
    /* The checks read the IR, never the tree: at 10,000 vhosts its nodes
     * are 16 MiB the certificate checks can use instead. */
    tvc_arena_free(o.parse.tree_arena);
    o.parse.tree_arena = NULL;
    if (cfg)
        cfg->root = NULL;
    for (size_t i = 0; ir && i < ir->n_vhosts; i++)
        ir->vhosts[i].node = NULL;
#ifdef __GLIBC__
    malloc_trim(0); /* give the freed blocks back to the system now */
#endif
    if (!ir) {
        tvc_report(&o, &d, NULL);
        tvc_arena_free(a);
        return TVC_EXIT_USAGE;
    }
    double start;
    if (!o.quiet && isatty(STDERR_FILENO)) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        start = (double)ts.tv_sec + ts.tv_nsec / 1e9;
        o.check.progress = progress;
        o.check.progress_ud = &start;
    }
    if (tvc_checks_run(a, &d, ir, &o.check) != 0) {
        tvc_report(&o, &d, NULL);
        tvc_arena_free(a);
        return TVC_EXIT_USAGE;
    }
    tvc_cli_filter(&o, &d, cfg);
    json_t *extra = NULL;
    if (o.sni_map) {
        tvc_sni_map *m = tvc_sni_map_build(a, ir);
        if (o.format == TVC_FMT_JSON)
            extra = json_pack("{s:o}", "sni_map", tvc_sni_map_json(ir, m));
        else if (o.format == TVC_FMT_TEXT)
            tvc_sni_map_print(stdout, ir, m);
        /* SARIF and JUnit have no place for it; stdout stays one document */
    }
    int rc = tvc_report(&o, &d, extra);
    json_decref(extra);
    tvc_arena_free(a);
    return rc;
}
