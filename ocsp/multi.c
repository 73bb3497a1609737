/* The driver of ocsp/fetch.c's transfers: one request per distinct
 * (responder, certificate), all added to one multi handle, answers
 * verified as they arrive, then copied to the items that share them. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

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

/* Runs the multi handle until every transfer is done. */
static void drive(CURLM *m, size_t total, const tvc_ocsp_opts *o)
{
    int running = 1;
    size_t done = 0;
    while (running) {
        curl_multi_perform(m, &running);
        CURLMsg *msg;
        int left;
        while ((msg = curl_multi_info_read(m, &left))) {
            if (msg->msg != CURLMSG_DONE)
                continue;
            tvc_ocsp_item *it = NULL;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&it);
            tvc_ocsp_xfer_finish(it, msg->data.result, o);
            done++;
            if (o->progress)
                o->progress(o->progress_ud, done, total);
        }
        if (running)
            curl_multi_poll(m, NULL, 0, 1000, NULL);
    }
}

static void set_detail(tvc_ocsp_item *it, tvc_ocsp_status s, const char *msg)
{
    it->res.status = s;
    it->res.reason = -1;
    it->res.detail = strdup(msg);
}

int tvc_ocsp_fetch(tvc_ocsp_item *const *items, size_t n, const tvc_ocsp_opts *o,
                   char **err)
{
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        *err = strdup("libcurl cannot start (curl_global_init failed)");
        return -1;
    }
    CURLM *m = curl_multi_init();
    keyed *k = calloc(n + 1, sizeof *k);
    size_t nk = 0, lanes = 0;
    if (!m || !k)
        abort();
    for (size_t i = 0; i < n; i++)
        if (items[i]->leaf && items[i]->issuer && items[i]->url &&
            (k[nk].key = item_key(items[i])))
            k[nk++].idx = i;
    qsort(k, nk, sizeof *k, cmp_keyed);
    for (size_t i = 0; i < nk; i++) {
        if (i && !strcmp(k[i].key, k[i - 1].key))
            continue;
        tvc_ocsp_item *it = items[k[i].idx];
        if (tvc_ocsp_xfer_start(m, it, o) != 0)
            set_detail(it, TVC_OCSP_UNREACHABLE, "cannot build the request");
        else
            lanes++;
    }
    drive(m, lanes, o);
    for (size_t i = 0, lead = 0; i < nk; i++) {
        if (i && !strcmp(k[i].key, k[lead].key))
            copy_result(items[k[i].idx], items[k[lead].idx]);
        else
            lead = i;
    }
    for (size_t i = 0; i < nk; i++) {
        tvc_ocsp_xfer_end(m, items[k[i].idx]);
        free(k[i].key);
    }
    free(k);
    curl_multi_cleanup(m);
    curl_global_cleanup();
    return 0;
}
