/* From the IR to what OCSP asks about. The responder is the one the
 * config forces (SSLStaplingForceURL), else the certificate's AIA; the
 * response file is the first of GnuTLSOCSPResponseFile's list, which
 * mod_gnutls reads for the leaf (the rest are for the chain). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/smap.h"
#include "ocsp/targets.h"

static void targets_free(void *p)
{
    tvc_ocsp_targets *t = p;
    for (size_t i = 0; i < t->n; i++) {
        tvc_ocsp_item_clear(&t->v[i].item);
        X509_free(t->v[i].item.leaf);
        X509_free(t->v[i].item.issuer);
        free(t->v[i].load_err);
        free(t->v[i].url);
    }
    free(t->v);
}

static void load(tvc_ocsp_target *g, const tvc_tls *t, X509_STORE *anchors)
{
    const tvc_cert *c = g->cert;
    if (tvc_ocsp_load_pair(c->cert, 0, c->chain.v, c->chain.n, anchors, &g->item.leaf,
                           &g->item.issuer, &g->load_err) != 0)
        return;
    g->url = t->stapling.force_url.v ? strdup(t->stapling.force_url.v)
                                     : tvc_ocsp_aia_url(g->item.leaf);
    g->item.url = g->url;
}

static int add(tvc_ocsp_targets *t, tvc_smap *seen, const tvc_vhost *vh, size_t k)
{
    const tvc_tls *tls = vh->tls;
    const tvc_cert *c = &tls->certs.v[k];
    const char *rf = k == 0 && tls->stapling.response_files.n
                         ? tls->stapling.response_files.v[0] : NULL;
    char *key = NULL;
    if (asprintf(&key, "%s\n%s", c->cert, rf ? rf : "") < 0)
        abort();
    int found;
    tvc_smap_put(seen, key, t->n, &found);
    if (found)
        return 0;
    tvc_ocsp_target *g = &t->v[t->n++];
    memset(g, 0, sizeof *g);
    g->vh = vh;
    g->cert = c;
    g->response_file = rf;
    if (rf)
        g->response_loc = tls->stapling.response_files.loc[0];
    g->item.res.reason = -1;
    return 1;
}

tvc_ocsp_targets *tvc_ocsp_targets_build(tvc_arena *a, const tvc_ir *ir, const char *ca_file)
{
    tvc_ocsp_targets *t = tvc_arena_calloc(a, sizeof *t);
    size_t cap = 0;
    for (size_t i = 0; i < ir->n_vhosts; i++)
        if (ir->vhosts[i].tls)
            cap += ir->vhosts[i].tls->certs.n;
    t->v = calloc(cap + 1, sizeof *t->v);
    if (!t->v)
        abort();
    tvc_arena_cleanup_add(a, targets_free, t);
    tvc_smap seen = {0};
    X509_STORE *anchors = tvc_ocsp_anchors(ca_file);
    for (size_t i = 0; i < ir->n_vhosts; i++) {
        const tvc_vhost *vh = &ir->vhosts[i];
        if (!vh->tls || vh->tls->enabled == 0)
            continue;
        for (size_t k = 0; k < vh->tls->certs.n; k++)
            if (vh->tls->certs.v[k].cert && add(t, &seen, vh, k))
                load(&t->v[t->n - 1], vh->tls, anchors);
    }
    X509_STORE_free(anchors);
    tvc_smap_free(&seen);
    return t;
}

void tvc_ocsp_targets_reset(tvc_ocsp_targets *t)
{
    for (size_t i = 0; i < t->n; i++)
        tvc_ocsp_item_clear(&t->v[i].item);
}

int tvc_ocsp_targets_fetch(tvc_ocsp_targets *t, const tvc_ocsp_opts *o, char **err)
{
    tvc_ocsp_item **items = calloc(t->n + 1, sizeof *items);
    if (!items)
        abort();
    for (size_t i = 0; i < t->n; i++)
        items[i] = &t->v[i].item;
    int rc = tvc_ocsp_fetch(items, t->n, o, err);
    free(items);
    return rc;
}
