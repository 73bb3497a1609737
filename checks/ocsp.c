/* What the OCSP responder says about each certificate (--ocsp), and
 * whether the response files the config staples are answers a client
 * accepts: for this certificate, signed by its issuer, not past
 * nextUpdate. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/internal.h"
#include "checks/ocsp.h"

static const char *when(tvc_arena *a, time_t t)
{
    struct tm tm;
    char b[32];
    gmtime_r(&t, &tm);
    strftime(b, sizeof b, "%Y-%m-%d %H:%M:%S UTC", &tm);
    return tvc_arena_strdup(a, b);
}

/* One finding for a verified (or refused) answer; SOURCE names where it
 * came from ("responder 'URL'", "response file 'F'"). */
void tvc_check_ocsp_result(tvc_arena *a, tvc_diags *dg, const tvc_ocsp_target *g,
                           const tvc_ocsp_result *res, const tvc_loc *loc, const char *source,
                           int from_file)
{
    const char *cert = tvc_ocsp_target_name(a, g), *d = res->detail ? res->detail : "";
    tvc_diag *f = NULL;
    switch (res->status) {
    case TVC_OCSP_REVOKED:
        f = tvc_diag_add(dg, "cert-revoked", TVC_ERROR, loc, 0,
                         "%s is revoked since %s (reason: %s), says %s", cert,
                         when(a, res->revoked_at), tvc_ocsp_reason_name(res->reason), source);
        break;
    case TVC_OCSP_UNKNOWN:
        f = tvc_diag_add(dg, "ocsp-unknown", TVC_WARNING, loc, 0,
                         "%s does not know %s (status unknown): a stapled "
                         "'unknown' is worth nothing to clients", source, cert);
        break;
    case TVC_OCSP_UNREACHABLE:
        f = tvc_diag_add(dg, "ocsp-unreachable", TVC_WARNING, loc, 0,
                         "no OCSP answer for %s from %s: %s", cert, source, d);
        break;
    case TVC_OCSP_BAD:
        f = tvc_diag_add(dg, "ocsp-bad-response", from_file ? TVC_ERROR : TVC_WARNING, loc, 0,
                         "%s is no valid OCSP answer for %s: %s%s", source, cert,
                         d, from_file ? "; clients that check the staple reject it" : "");
        break;
    case TVC_OCSP_STALE:
        f = tvc_diag_add(dg, "ocsp-stale", TVC_WARNING, loc, 0,
                         "%s for %s is stale: its nextUpdate was %s%s", source,
                         cert, when(a, res->next_update),
                         from_file ? "; clients reject the staple (tlsvhostc ocsp fetch "
                                     "gets a new one)" : "");
        break;
    default:
        break;
    }
    if (f) {
        f->vhost_addr = g->vh->n_addrs ? g->vh->addrs[0].addr : "*";
        f->vhost_port = g->vh->n_addrs ? g->vh->addrs[0].port : 0;
        f->vhost_name = g->vh->server_name;
    }
}

static void check_file(tvc_check_run *r, const tvc_ocsp_target *g)
{
    FILE *f = fopen(g->response_file, "rb");
    if (!f)
        return; /* checks/files.c says so */
    unsigned char buf[TVC_OCSP_MAX_BYTES];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    const unsigned char *p = buf;
    OCSP_RESPONSE *parsed = d2i_OCSP_RESPONSE(NULL, &p, (long)n);
    if (!parsed)
        return; /* not a response at all: checks/files.c says so */
    OCSP_RESPONSE_free(parsed);
    tvc_ocsp_result res = {0};
    tvc_ocsp_verify(buf, n, g->item.leaf, g->item.issuer, NULL, r->now, &res);
    tvc_check_ocsp_result(r->a, r->d, g, &res, &g->response_loc,
                          tvc_arena_printf(r->a, "response file '%s'", g->response_file), 1);
    tvc_ocsp_result_clear(&res);
}

static void ask(tvc_check_run *r, tvc_ocsp_targets *t)
{
    tvc_ocsp_opts o = {
        .timeout_ms = (r->o->ocsp_timeout > 0 ? r->o->ocsp_timeout : 10) * 1000L,
        .max_bytes = TVC_OCSP_MAX_BYTES,
        .now = r->now,
        .progress = r->o->ocsp_progress,
        .progress_ud = r->o->progress_ud,
    };
    for (size_t i = 0; i < t->n; i++)
        t->v[i].item.nonce = 1; /* a fresh answer, not a cached one */
    char *err = NULL;
    if (tvc_ocsp_targets_fetch(t, &o, &err) != 0) {
        tvc_diag_add(r->d, "ocsp-unreachable", TVC_WARNING, NULL, 0, "%s", err);
        free(err);
    }
}

static void ask_report(tvc_check_run *r, const tvc_ocsp_target *g)
{
    const tvc_loc *loc = &g->cert->cert_loc;
    if (g->load_err || !g->url)
        return; /* file-missing and staple-no-responder say why */
    if (!g->item.issuer) {
        tvc_check_report(r, g->vh, "ocsp-unreachable", TVC_WARNING, loc, 0,
                         "cannot ask OCSP about certificate '%s': its issuer is neither in "
                         "the certificate or chain files nor among the trust anchors",
                         g->cert->cert);
        return;
    }
    tvc_check_ocsp_result(r->a, r->d, g, &g->item.res, loc,
                          tvc_arena_printf(r->a, "responder '%s'", g->url), 0);
}

void tvc_check_ocsp(tvc_check_run *r)
{
    int files = 0;
    for (size_t i = 0; i < r->ir->n_vhosts && !files; i++)
        files = r->ir->vhosts[i].tls && tvc_tls_has_responses(r->ir->vhosts[i].tls);
    if (!files && !r->o->ocsp)
        return;
    tvc_ocsp_targets *t = tvc_ocsp_targets_build(r->a, r->ir, r->o->ca_file);
    for (size_t i = 0; i < t->n; i++)
        if (t->v[i].response_file && t->v[i].item.leaf)
            check_file(r, &t->v[i]);
    if (!r->o->ocsp)
        return;
    ask(r, t);
    for (size_t i = 0; i < t->n; i++)
        ask_report(r, &t->v[i]);
}
