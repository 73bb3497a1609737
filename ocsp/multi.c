/* The driver of ocsp/fetch.c's transfers: one request per distinct
 * (responder, certificate), all run at once by base/curl_run.c, answers
 * verified as they arrive, then copied to the items that share them. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "base/curl_run.h"
#include "ocsp/fetch.h"

typedef struct keyed {
    char *key;
    size_t idx;
} keyed;

static int cmp_keyed(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : (x->idx > y->idx) - (x->idx < y->idx);
}

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

/* One run: the lanes (distinct questions) and how to answer them. */
typedef struct run {
    tvc_ocsp_item *const *items;
    const keyed *lanes;
    size_t n_lanes;
    const tvc_ocsp_opts *o;
    size_t done;
} run;

static void set_detail(tvc_ocsp_item *it, tvc_ocsp_status s, const char *msg)
{
    it->res.status = s;
    it->res.reason = -1;
    it->res.detail = strdup(msg);
}

static int lane_start(void *ud, size_t i, CURLM *m)
{
    run *r = ud;
    tvc_ocsp_item *it = r->items[r->lanes[i].idx];
    if (tvc_ocsp_xfer_start(m, it, r->o) == 0)
        return 0;
    set_detail(it, TVC_OCSP_UNREACHABLE, "cannot build the request");
    return -1;
}

static void lane_done(void *ud, CURLM *m, CURL *h, CURLcode rc)
{
    run *r = ud;
    tvc_ocsp_item *it = NULL;
    curl_easy_getinfo(h, CURLINFO_PRIVATE, (char **)&it);
    tvc_ocsp_xfer_finish(it, rc, r->o);
    curl_multi_remove_handle(m, h);
    r->done++;
    if (r->o->progress)
        r->o->progress(r->o->progress_ud, r->done, r->n_lanes);
}

int tvc_ocsp_fetch(tvc_ocsp_item *const *items, size_t n, const tvc_ocsp_opts *o,
                   char **err)
{
    keyed *k = calloc(n + 1, sizeof *k), *lanes = calloc(n + 1, sizeof *lanes);
    size_t nk = 0, n_lanes = 0;
    if (!k || !lanes)
        abort();
    for (size_t i = 0; i < n; i++)
        if (items[i]->leaf && items[i]->issuer && items[i]->url &&
            (k[nk].key = item_key(items[i])))
            k[nk++].idx = i;
    qsort(k, nk, sizeof *k, cmp_keyed);
    for (size_t i = 0; i < nk; i++)
        if (!i || strcmp(k[i].key, k[i - 1].key))
            lanes[n_lanes++] = k[i];
    run r = {items, lanes, n_lanes, o, 0};
    tvc_curl_run cr = {n_lanes, 0, lane_start, lane_done, &r};
    const char *why = NULL;
    int rc = tvc_curl_run_all(&cr, &why);
    if (rc != 0)
        *err = strdup(why);
    for (size_t i = 0, lead = 0; rc == 0 && i < nk; i++) {
        if (i && !strcmp(k[i].key, k[lead].key))
            copy_result(items[k[i].idx], items[k[lead].idx]);
        else
            lead = i;
    }
    for (size_t i = 0; i < nk; i++) {
        tvc_ocsp_xfer_end(items[k[i].idx]);
        free(k[i].key);
    }
    free(k);
    free(lanes);
    return rc;
}
