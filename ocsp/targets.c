/* From the IR to what OCSP asks about. The leaf's responder is the one
 * the config forces (SSLStaplingForceURL), else the certificate's AIA; an
 * intermediate's is its own AIA. The response files are the
 * certificate's own (tvc_tls_cert_response) and, for the intermediates,
 * the rest of GnuTLSOCSPResponseFile's list, which mod_gnutls reads in
 * the order of the certificate file. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>

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
        free(t->v[i].subject);
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

/* A new target for KEY, or NULL when one exists. */
static tvc_ocsp_target *add(tvc_ocsp_targets *t, tvc_smap *seen, char *key,
                            const tvc_vhost *vh, const tvc_cert *c)
{
    int found;
    tvc_smap_put(seen, key, t->n, &found);
    if (found)
        return NULL;
    if (t->n == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 16;
        if (!(t->v = realloc(t->v, t->cap * sizeof *t->v)))
            abort();
    }
    tvc_ocsp_target *g = &t->v[t->n++];
    memset(g, 0, sizeof *g);
    g->vh = vh;
    g->cert = c;
    g->item.res.reason = -1;
    return g;
}

static char *keyf(const char *fmt, const char *a, const char *b)
{
    char *key = NULL;
    if (asprintf(&key, fmt, a, b ? b : "") < 0)
        abort();
    return key;
}

static void add_leaf(tvc_ocsp_targets *t, tvc_smap *seen, const tvc_vhost *vh, size_t k,
                     X509_STORE *anchors)
{
    const tvc_tls *tls = vh->tls;
    const tvc_cert *c = &tls->certs.v[k];
    const char *rf = tvc_tls_cert_response(tls, k);
    tvc_ocsp_target *g = add(t, seen, keyf("L\n%s\n%s", c->cert, rf), vh, c);
    if (!g)
        return;
    g->response_file = rf;
    if (rf)
        g->response_loc = c->ocsp_response || !tls->stapling.response_files.n
                              ? c->cert_loc : tls->stapling.response_files.loc[0];
    load(g, tls, anchors);
}

static char *subject_of(X509 *x)
{
    BIO *b = BIO_new(BIO_s_mem());
    char *p = NULL, *s = NULL;
    if (b && X509_NAME_print_ex(b, X509_get_subject_name(x), 0,
                                XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) >= 0) {
        long n = BIO_get_mem_data(b, &p);
        s = strndup(p, (size_t)n);
    }
    BIO_free(b);
    return s ? s : strdup("?");
}

static char *fingerprint(X509 *x)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned n = 0;
    char *hex = calloc(2 * EVP_MAX_MD_SIZE + 1, 1);
    if (!hex || !X509_digest(x, EVP_sha256(), md, &n))
        abort();
    for (unsigned i = 0; i < n; i++)
        sprintf(hex + 2 * i, "%02x", md[i]);
    return hex;
}

/* Intermediate X (at POS of the certificate file and chain files, DEPTH
 * above the leaf of certificate K) issued by ISSUER; takes both. */
static void add_intermediate(tvc_ocsp_targets *t, tvc_smap *seen, const tvc_vhost *vh,
                             size_t k, int pos, int depth, X509 *x, X509 *issuer)
{
    const tvc_strs *files = &vh->tls->stapling.response_files;
    const char *rf = k == 0 && (size_t)pos < files->n && *files->v[pos] ? files->v[pos] : NULL;
    char *fp = fingerprint(x);
    tvc_ocsp_target *g = add(t, seen, keyf("I\n%s\n%s", fp, rf), vh, &vh->tls->certs.v[k]);
    free(fp);
    if (!g) {
        X509_free(x);
        X509_free(issuer);
        return;
    }
    g->depth = depth;
    g->subject = subject_of(x);
    g->response_file = rf;
    if (rf)
        g->response_loc = files->loc[pos];
    g->item.leaf = x;
    g->item.issuer = issuer;
    g->url = tvc_ocsp_aia_url(x);
    g->item.url = g->url;
}

/* The intermediates of certificate K, leaf upwards, while each one's
 * issuer is known; a self-signed root has no status to staple. */
static void add_chain(tvc_ocsp_targets *t, tvc_smap *seen, const tvc_vhost *vh, size_t k,
                      X509_STORE *anchors)
{
    const tvc_cert *c = &vh->tls->certs.v[k];
    STACK_OF(X509) *sk = tvc_ocsp_load_chain(c->cert, c->chain.v, c->chain.n);
    X509 *cur = sk ? sk_X509_value(sk, 0) : NULL;
    for (int depth = 1; cur && depth < sk_X509_num(sk); depth++) {
        int pos;
        X509 *x = tvc_ocsp_issuer_of(cur, sk, NULL, &pos);
        if (!x || X509_check_issued(x, x) == X509_V_OK) {
            X509_free(x);
            break;
        }
        X509 *issuer = tvc_ocsp_issuer_of(x, sk, anchors, NULL);
        cur = x;
        if (!issuer) {
            X509_free(x);
            break;
        }
        add_intermediate(t, seen, vh, k, pos, depth, x, issuer);
    }
    sk_X509_pop_free(sk, X509_free);
}

/* Whether the vhost can speak TLS 1.3: the policy engine's range, else
 * what was written (a maximum left unset is the newest). */
static int speaks_tls13(const tvc_tls *t)
{
    if (t->protocols.eff_max)
        return t->protocols.eff_max >= TVC_TLS13;
    return t->protocols.max == TVC_UNSET || t->protocols.max >= TVC_TLS13;
}

tvc_ocsp_targets *tvc_ocsp_targets_build(tvc_arena *a, const tvc_ir *ir, const char *ca_file)
{
    tvc_ocsp_targets *t = tvc_arena_calloc(a, sizeof *t);
    tvc_arena_cleanup_add(a, targets_free, t);
    tvc_smap seen = {0};
    X509_STORE *anchors = tvc_ocsp_anchors(ca_file);
    for (size_t i = 0; i < ir->n_vhosts; i++) {
        const tvc_vhost *vh = &ir->vhosts[i];
        if (!vh->tls || vh->tls->enabled == 0)
            continue;
        for (size_t k = 0; k < vh->tls->certs.n; k++)
            if (vh->tls->certs.v[k].cert)
                add_leaf(t, &seen, vh, k, anchors);
    }
    /* after every leaf: the findings come leaves first, in config order */
    for (size_t i = 0; i < ir->n_vhosts; i++) {
        const tvc_vhost *vh = &ir->vhosts[i];
        if (!vh->tls || vh->tls->enabled == 0 || !speaks_tls13(vh->tls))
            continue;
        for (size_t k = 0; k < vh->tls->certs.n; k++)
            if (vh->tls->certs.v[k].cert)
                add_chain(t, &seen, vh, k, anchors);
    }
    X509_STORE_free(anchors);
    tvc_smap_free(&seen);
    return t;
}

const char *tvc_ocsp_target_name(tvc_arena *a, const tvc_ocsp_target *g)
{
    if (!g->depth)
        return tvc_arena_printf(a, "certificate '%s'", g->cert->cert);
    return tvc_arena_printf(a, "intermediate certificate '%s' (chain of '%s')", g->subject,
                            g->cert->cert);
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
