#include "config.h"

#include <malloc.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "checks/checks.h"
#include "ir/sni_map.h"
#include "cli/cli.h"

static const tvc_cli_option options[] = {
    TVC_OPT_FORMAT("text|json|sarif|junit", "output format (default text)"),
    TVC_OPT_FAIL_ON,
    TVC_OPT_COLOR,
    TVC_OPT_READING,
    TVC_OPT_CA_FILE,
    TVC_OPT_NOW,
    TVC_OPT_EXPIRY_WARN,
    TVC_OPT_("sni-map", 0, NULL, "print which vhost answers which name, per address set",
             tvc_cli_set_flag, sni_map),
    TVC_OPT_("profile", 0, "=modern|intermediate|old[@VERSION]",
             "compare with Mozilla's server-side TLS profile (guidelines 5.6; @5.7)",
             tvc_cli_set_profile,
             check.profile),
    TVC_OPT_FINDINGS,
    TVC_OPT_("ocsp", 0, NULL, "ask each certificate's OCSP responder (HTTP, libcurl)",
             tvc_cli_set_flag, check.ocsp),
    TVC_OPT_OCSP_TIMEOUT,
    TVC_OPT_("threads", 0, " N", "certificate checks in parallel (default: one per core)",
             tvc_cli_set_count, check.threads),
    TVC_OPT_QUIET("text: print nothing unless there are errors"),
    TVC_OPT_END,
};

const tvc_cli_cmd tvc_cli_check = {"check", "usage: tlsvhostc check [OPTIONS] CONFIG\n",
                                   options, 1};

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

static void ocsp_progress(void *ud, size_t done, size_t total)
{
    (void)ud;
    if (done >= total)
        fputs("\r\033[K", stderr);
    else
        fprintf(stderr, "\rtlsvhostc: %zu/%zu OCSP answers\033[K", done, total);
}

static int lean(tvc_cli_run *r, void *ud)
{
    (void)ud;
    r->o.parse.lean = 1; /* check writes no config back */
    tvc_cli_tree_for_ir(&r->o);
    return 0;
}

int tvc_cmd_check(int argc, char **argv)
{
    tvc_cli_run run;
    int status;
    if (!tvc_cli_open(&run, argc, argv, &tvc_cli_check, lean, NULL, &status))
        return status;
    tvc_arena *a = run.a;
    tvc_config *cfg = run.cfg;
    tvc_ir *ir = run.ir;
    /* The checks read the IR, never the tree: at 10,000 vhosts its nodes
     * are 16 MiB the certificate checks can use instead. */
    tvc_cli_drop_tree(&run.o, cfg, ir);
#ifdef __GLIBC__
    malloc_trim(0); /* give the freed blocks back to the system now */
#endif
    /* The IR's last huge page is backed whole: the certificate phase
     * grows the heap, not the arena, so its untouched part goes too. */
    tvc_arena_trim(a);
    if (!ir) {
        tvc_report(&run.o, &run.d, NULL);
        tvc_arena_free(a);
        return TVC_EXIT_USAGE;
    }
    double start;
    if (!run.o.quiet && isatty(STDERR_FILENO)) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        start = (double)ts.tv_sec + ts.tv_nsec / 1e9;
        run.o.check.progress = progress;
        run.o.check.progress_ud = &start;
        run.o.check.ocsp_progress = ocsp_progress;
    }
    if (tvc_checks_run(a, &run.d, ir, &run.o.check) != 0) {
        tvc_report(&run.o, &run.d, NULL);
        tvc_arena_free(a);
        return TVC_EXIT_USAGE;
    }
    tvc_cli_filter(&run.o, &run.d, cfg);
    json_t *extra = NULL;
    if (run.o.sni_map) {
        tvc_sni_map *m = tvc_sni_map_build(a, ir);
        if (run.o.format == TVC_FMT_JSON)
            extra = json_pack("{s:o}", "sni_map", tvc_report_sni_map_json(ir, m));
        else if (run.o.format == TVC_FMT_TEXT)
            tvc_report_sni_map(stdout, ir, m);
        /* SARIF and JUnit have no place for it; stdout stays one document */
    }
    int rc = tvc_report(&run.o, &run.d, extra);
    json_decref(extra);
    tvc_arena_free(a);
    return rc;
}
