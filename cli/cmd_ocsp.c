/* ocsp fetch: the verified OCSP response of every certificate, written
 * where the server staples it from (the response files the config names)
 * or, with --out, one file per certificate: DIR/NAME.ocsp, NAME the
 * certificate file's name without its extension, and DIR/NAME-caN.ocsp
 * for the intermediate N above it (asked where the vhost speaks TLS 1.3,
 * whose multi-staple carries it). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "checks/ocsp.h"
#include "cli/cli.h"
#include "base/smap.h"

static const tvc_cli_option options[] = {
    TVC_OPT_("out", 0, " DIR", "write DIR/NAME.ocsp per certificate instead of the\n"
                               "response files the config names", tvc_cli_set_string, ocsp_out),
    TVC_OPT_FORMAT("text|json", "findings format (default text)"),
    TVC_OPT_COLOR,
    TVC_OPT_READING,
    TVC_OPT_CA_FILE,
    TVC_OPT_NOW,
    TVC_OPT_OCSP_TIMEOUT,
    TVC_OPT_QUIET("print only the problems"),
    TVC_OPT_END,
};

const tvc_cli_cmd tvc_cli_ocsp_fetch = {
    "ocsp fetch",
    "usage: tlsvhostc ocsp fetch [--out DIR] [OPTIONS] CONFIG\n"
    "  asks each certificate's OCSP responder and writes the verified responses\n"
    "  for stapling; exit 1 when a certificate is revoked or unknown, or has no\n"
    "  usable response\n",
    options, 1};

/* DIR/NAME.ocsp (NAME-caN.ocsp for an intermediate); NAME-2.ocsp ...
 * when two certificates share a name. */
static const char *out_path(tvc_arena *a, tvc_smap *names, const char *dir,
                            const tvc_ocsp_target *g)
{
    const char *cert = g->cert->cert;
    const char *base = strrchr(cert, '/') ? strrchr(cert, '/') + 1 : cert;
    const char *dot = strrchr(base, '.');
    size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    const char *ca = g->depth ? tvc_arena_printf(a, "-ca%d", g->depth) : "";
    for (int k = 1;; k++) {
        char *p = k == 1 ? tvc_arena_printf(a, "%s/%.*s%s.ocsp", dir, (int)n, base, ca)
                         : tvc_arena_printf(a, "%s/%.*s%s-%d.ocsp", dir, (int)n, base, ca, k);
        int found;
        tvc_smap_put(names, strdup(p), 0, &found);
        if (!found)
            return p;
    }
}

/* The certificate, for the lines printed: its file, and for an
 * intermediate the subject too. */
static const char *who(tvc_arena *a, const tvc_ocsp_target *g)
{
    if (!g->depth)
        return g->cert->cert;
    return tvc_arena_printf(a, "%s (intermediate '%s')", g->cert->cert, g->subject);
}

/* Writes one answer; returns 1 when a usable response is in place. */
static int write_one(tvc_arena *a, tvc_diags *d, const tvc_opts *o, tvc_ocsp_target *g,
                     const char *path, time_t now)
{
    const tvc_ocsp_item *it = &g->item;
    if (it->res.status != TVC_OCSP_GOOD)
        return 0;
    char *why = NULL;
    int rc = tvc_ocsp_store(path, it->der, it->der_len, it->leaf, it->issuer, now, &why);
    if (rc < 0) {
        tvc_diag_add(d, "file-missing", TVC_ERROR, &g->response_loc, 0, "%s", why);
        free(why);
        return 0;
    }
    if (!o->quiet) {
        char nu[32] = "none";
        struct tm tm;
        if (it->res.next_update && gmtime_r(&it->res.next_update, &tm))
            strftime(nu, sizeof nu, "%Y-%m-%d %H:%M:%S UTC", &tm);
        printf("%s: good, next update %s: %s\n", who(a, g), nu,
               rc ? tvc_arena_printf(a, "wrote '%s'", path) : why);
    }
    free(why);
    return 1;
}

static int fetch_all(tvc_arena *a, tvc_diags *d, const tvc_opts *o, tvc_ocsp_targets *t,
                     time_t now)
{
    tvc_ocsp_opts oo = {
        .timeout_ms = (o->check.ocsp_timeout > 0 ? o->check.ocsp_timeout : 10) * 1000L,
        .max_bytes = TVC_OCSP_MAX_BYTES,
        .now = now,
    };
    char *err = NULL;
    if (tvc_ocsp_targets_fetch(t, &oo, &err) != 0) {
        fprintf(stderr, "tlsvhostc ocsp fetch: %s\n", err);
        free(err);
        return -1;
    }
    tvc_smap names = {0};
    int bad = 0;
    for (size_t i = 0; i < t->n; i++) {
        tvc_ocsp_target *g = &t->v[i];
        const char *path = o->ocsp_out ? out_path(a, &names, o->ocsp_out, g)
                                       : g->response_file;
        if (!path && g->depth) {
            /* nothing to write; a revoked intermediate is still said */
            if (g->url)
                tvc_check_ocsp_result(a, d, g, &g->item.res, &g->cert->cert_loc,
                                      tvc_arena_printf(a, "responder '%s'", g->url), 0);
            continue;
        }
        if (!path) {
            if (!o->quiet)
                printf("%s: no response file configured (GnuTLSOCSPResponseFile): not asked; "
                       "--out DIR writes one\n", g->cert->cert);
            continue;
        }
        if (g->load_err || !g->url || !g->item.issuer) {
            tvc_diag_add(d, "ocsp-unreachable", TVC_WARNING, &g->cert->cert_loc, 0,
                         "cannot ask OCSP about %s: %s", tvc_ocsp_target_name(a, g),
                         g->load_err ? g->load_err
                         : !g->url   ? "it names no OCSP responder"
                                     : "its issuer is in no certificate, chain or CA file");
            bad = 1;
            continue;
        }
        tvc_check_ocsp_result(a, d, g, &g->item.res, &g->cert->cert_loc,
                              tvc_arena_printf(a, "responder '%s'", g->url), 0);
        bad |= !write_one(a, d, o, g, path, now);
    }
    tvc_smap_free(&names);
    return bad;
}

static int has_files(const tvc_ir *ir)
{
    for (size_t i = 0; i < ir->n_vhosts; i++)
        if (ir->vhosts[i].tls && tvc_tls_has_responses(ir->vhosts[i].tls))
            return 1;
    return 0;
}

int tvc_cmd_ocsp(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "fetch") != 0) {
        if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
            tvc_cli_usage(stdout, &tvc_cli_ocsp_fetch);
            return TVC_EXIT_OK;
        }
        fprintf(stderr, "tlsvhostc ocsp: %s (the subcommand is fetch)\n",
                argc < 2 ? "no subcommand given" : "unknown subcommand");
        tvc_cli_usage(stderr, &tvc_cli_ocsp_fetch);
        return TVC_EXIT_USAGE;
    }
    tvc_cli_run run;
    int rc;
    if (!tvc_cli_open(&run, argc - 1, argv + 1, &tvc_cli_ocsp_fetch, NULL, NULL, &rc))
        return rc;
    tvc_arena *a = run.a;
    tvc_ir *ir = run.ir;
    rc = TVC_EXIT_USAGE;
    if (run.o.ocsp_out && mkdir(run.o.ocsp_out, 0755) != 0 && errno != EEXIST) {
        fprintf(stderr, "tlsvhostc ocsp fetch: cannot create '%s': %s\n", run.o.ocsp_out,
                strerror(errno));
    } else if (ir && !run.o.ocsp_out && !has_files(ir)) {
        fprintf(stderr, "tlsvhostc ocsp fetch: '%s' names no OCSP response file to update; "
                "--out DIR writes one per certificate\n", run.o.config);
    } else if (ir) {
        time_t now = run.o.check.now ? run.o.check.now : time(NULL);
        tvc_ocsp_targets *t = tvc_ocsp_targets_build(a, ir, run.o.check.ca_file);
        int bad = fetch_all(a, &run.d, &run.o, t, now);
        rc = bad < 0 ? TVC_EXIT_USAGE : tvc_report(&run.o, &run.d, NULL);
        if (bad > 0)
            rc = TVC_EXIT_FINDINGS;
    } else {
        tvc_report(&run.o, &run.d, NULL);
    }
    tvc_arena_free(a);
    return rc;
}
