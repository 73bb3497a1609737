/* A batch of OCSP requests: one transfer (ocsp/fetch.c) per distinct
 * (responder, certificate), run through base/curl_run.c with at most
 * HOST_SLOTS per responder and TOTAL_SLOTS in all, answers verified as
 * they arrive, then copied to the items that share them. A request goes
 * to libcurl only when a slot frees, so a responder that holds its
 * connections cannot spend the --ocsp-timeout of requests still queued
 * (in libcurl's own queue it would), nor keep another responder's
 * requests waiting. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/curl_run.h"
#include "base/smap.h"
#include "ocsp/fetch.h"

/* 16 connections to one responder is polite to a CA's server; with the
 * connections kept alive, 1,000 certificates cost about 63 round trips
 * in a row, not 1,000. */
#define HOST_SLOTS 16
#define TOTAL_SLOTS 64

/* URL, then the CertID in hex: the same question to the same place. */
static char *item_key(const tvc_ocsp_item *it)
{
    OCSP_CERTID *id = OCSP_cert_to_id(NULL, it->leaf, it->issuer);
    unsigned char *der = NULL;
    int n = id ? i2d_OCSP_CERTID(id, &der) : -1;
    OCSP_CERTID_free(id);
    size_t ul = strlen(it->url);
    char *k = malloc(ul + 2 + (n > 0 ? 2 * (size_t)n : 0) + 2);
    if (k) {
        char *q = memcpy(k, it->url, ul);
        q += ul;
        *q++ = '\n';
        *q++ = it->nonce ? 'n' : '-';
        for (int i = 0; i < n; i++)
            q += sprintf(q, "%02x", der[i]);
        *q = 0;
    }
    OPENSSL_free(der);
    return k;
}

static void copy_result(tvc_ocsp_item *to, const tvc_ocsp_item *from)
{
    to->res = from->res;
    to->res.detail = from->res.detail ? strdup(from->res.detail) : NULL;
    if (from->der && (to->der = malloc(from->der_len))) {
        memcpy(to->der, from->der, from->der_len);
        to->der_len = from->der_len;
    }
}

/* The distinct requests, leading items of their kind. */
typedef struct batch {
    tvc_ocsp_item *const *items;
    const size_t *lead; /* request i asks for items[lead[i]] */
    const tvc_ocsp_opts *o;
    size_t done, total;
} batch;

static void progress(batch *b)
{
    b->done++;
    if (b->o->progress)
        b->o->progress(b->o->progress_ud, b->done, b->total);
}

/* The responder's scheme, host and port: what one connection serves. */
static char *host_of(void *ud, size_t i)
{
    batch *b = ud;
    const char *url = b->items[b->lead[i]]->url;
    const char *p = strstr(url, "://");
    p = p ? p + 3 : url;
    size_t n = (size_t)(p - url) + strcspn(p, "/?#");
    char *h = malloc(n + 1);
    if (!h)
        abort();
    memcpy(h, url, n);
    h[n] = 0;
    return h;
}

static CURL *start(void *ud, size_t i, const tvc_curl_api *c)
{
    batch *b = ud;
    tvc_ocsp_item *it = b->items[b->lead[i]];
    CURL *h = tvc_ocsp_xfer_new(it, b->o, c);
    if (!h) {
        it->res.status = TVC_OCSP_UNREACHABLE;
        it->res.reason = -1;
        it->res.detail = strdup("cannot build the request");
        progress(b);
    }
    return h;
}

static void done(void *ud, size_t i, CURL *h, CURLcode rc, const tvc_curl_api *c)
{
    (void)h;
    (void)c;
    batch *b = ud;
    tvc_ocsp_xfer_finish(b->items[b->lead[i]], rc, b->o);
    progress(b);
}

/* Items asking the same responder the same question share one request:
 * LEAD[r] is request r's item, SAME[i] the item whose answer item I
 * copies (I itself when it leads, n when it asks nothing). */
static size_t dedup(tvc_ocsp_item *const *items, size_t n, size_t *lead, size_t *same)
{
    tvc_smap asked = {0};
    size_t total = 0;
    for (size_t i = 0; i < n; i++) {
        char *k = items[i]->leaf && items[i]->issuer && items[i]->url ? item_key(items[i])
                                                                      : NULL;
        same[i] = n;
        if (!k)
            continue;
        int found;
        same[i] = tvc_smap_put(&asked, k, i, &found);
        if (!found)
            lead[total++] = i;
    }
    tvc_smap_free(&asked);
    return total;
}

int tvc_ocsp_fetch(tvc_ocsp_item *const *items, size_t n, const tvc_ocsp_opts *o,
                   char **err)
{
    size_t *lead = calloc(n + 1, sizeof *lead), *same = calloc(n + 1, sizeof *same);
    if (!lead || !same)
        abort();
    batch b = {items, lead, o, 0, dedup(items, n, lead, same)};
    tvc_curl_run r = {b.total, TOTAL_SLOTS, HOST_SLOTS, host_of, start, done, &b};
    const char *why = NULL;
    int rc = tvc_curl_run_all(&r, &why);
    if (rc != 0 && !(*err = strdup(why)))
        abort();
    for (size_t i = 0; rc == 0 && i < n; i++)
        if (same[i] != n && same[i] != i)
            copy_result(items[i], items[same[i]]);
    free(lead);
    free(same);
    return rc;
}
