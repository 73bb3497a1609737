/* The driver of ocsp/fetch.c's transfers: one request per distinct
 * (responder, certificate), answers verified as they arrive, then copied
 * to the items that share them. Requests wait here for a slot, at most
 * HOST_SLOTS per responder and TOTAL_SLOTS in all, and go to libcurl only
 * when one frees: a transfer's timeout starts when libcurl gets it, so a
 * responder that holds its connections cannot spend the --ocsp-timeout
 * of requests still queued (in libcurl's own queue it would), nor keep
 * another responder's requests waiting. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "ocsp/fetch.h"

/* 16 connections to one responder is polite to a CA's server; with the
 * connections kept alive, 1,000 certificates cost about 63 round trips
 * in a row, not 1,000. */
#define HOST_SLOTS 16
#define TOTAL_SLOTS 64

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

static void set_detail(tvc_ocsp_item *it, tvc_ocsp_status s, const char *msg)
{
    it->res.status = s;
    it->res.reason = -1;
    it->res.detail = strdup(msg);
}

/* The responder's scheme, host and port: what one connection serves. */
static char *host_of(const char *url)
{
    const char *p = strstr(url, "://");
    p = p ? p + 3 : url;
    size_t n = strcspn(p, "/?#");
    char *h = malloc((size_t)(p - url) + n + 1);
    if (!h)
        abort();
    memcpy(h, url, (size_t)(p - url) + n);
    h[(size_t)(p - url) + n] = 0;
    return h;
}

/* The requests of one responder, waiting and under way. */
typedef struct group {
    char *host;
    const size_t *items;   /* indices of its requests, in order */
    size_t n, next, active;
} group;

typedef struct sched {
    CURLM *m;
    tvc_ocsp_item *const *items;
    const tvc_ocsp_opts *o;
    group *g;
    size_t n_g, active, done, total;
} sched;

static int cmp_group(const void *a, const void *b)
{
    return strcmp(((const group *)a)->host, ((const group *)b)->host);
}

static group *group_of(sched *s, const tvc_ocsp_item *it)
{
    group key = {host_of(it->url), NULL, 0, 0, 0};
    group *g = bsearch(&key, s->g, s->n_g, sizeof *s->g, cmp_group);
    free(key.host);
    return g;
}

static void progress(sched *s)
{
    s->done++;
    if (s->o->progress)
        s->o->progress(s->o->progress_ud, s->done, s->total);
}

/* Hands waiting requests to libcurl while slots are free, each
 * responder in turn. Returns how many it started. */
static size_t fill(sched *s)
{
    size_t started = 0, more = 1;
    while (more && s->active < TOTAL_SLOTS) {
        more = 0;
        for (size_t i = 0; i < s->n_g && s->active < TOTAL_SLOTS; i++) {
            group *g = &s->g[i];
            if (g->next == g->n || g->active >= HOST_SLOTS)
                continue;
            tvc_ocsp_item *it = s->items[g->items[g->next++]];
            more = 1;
            if (tvc_ocsp_xfer_start(s->m, it, s->o) != 0) {
                set_detail(it, TVC_OCSP_UNREACHABLE, "cannot build the request");
                progress(s);
                continue;
            }
            g->active++;
            s->active++;
            started++;
        }
    }
    return started;
}

/* Runs the transfers until every request is answered or has failed. */
static void drive(sched *s)
{
    fill(s);
    while (s->active) {
        int running = 0, left;
        curl_multi_perform(s->m, &running);
        CURLMsg *msg;
        while ((msg = curl_multi_info_read(s->m, &left))) {
            if (msg->msg != CURLMSG_DONE)
                continue;
            tvc_ocsp_item *it = NULL;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&it);
            tvc_ocsp_xfer_finish(it, msg->data.result, s->o);
            tvc_ocsp_xfer_end(s->m, it); /* frees its slot, and msg */
            group *g = group_of(s, it);
            if (g)
                g->active--;
            s->active--;
            progress(s);
        }
        if (fill(s) == 0 && s->active)
            curl_multi_poll(s->m, NULL, 0, 1000, NULL);
    }
}

/* One group per responder of the requests LEAD[0..n), which it sorts by
 * responder (then by position: the order stays the config's). */
static void group_up(sched *s, size_t *lead, size_t n)
{
    keyed *h = calloc(n + 1, sizeof *h);
    if (!h || !(s->g = calloc(n + 1, sizeof *s->g)))
        abort();
    for (size_t i = 0; i < n; i++)
        h[i] = (keyed){host_of(s->items[lead[i]]->url), lead[i]};
    qsort(h, n, sizeof *h, cmp_keyed);
    for (size_t i = 0; i < n; i++) {
        lead[i] = h[i].idx;
        if (i && !strcmp(h[i].key, s->g[s->n_g - 1].host)) {
            free(h[i].key);
        } else {
            s->g[s->n_g++] = (group){h[i].key, &lead[i], 0, 0, 0};
        }
        s->g[s->n_g - 1].n++;
    }
    free(h);
}

int tvc_ocsp_fetch(tvc_ocsp_item *const *items, size_t n, const tvc_ocsp_opts *o,
                   char **err)
{
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        *err = strdup("libcurl cannot start (curl_global_init failed)");
        return -1;
    }
    sched s = {curl_multi_init(), items, o, NULL, 0, 0, 0, 0};
    keyed *k = calloc(n + 1, sizeof *k);
    size_t *lead = calloc(n + 1, sizeof *lead);
    size_t nk = 0;
    if (!s.m || !k || !lead)
        abort();
    curl_multi_setopt(s.m, CURLMOPT_MAX_HOST_CONNECTIONS, (long)HOST_SLOTS);
    curl_multi_setopt(s.m, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)TOTAL_SLOTS);
    curl_multi_setopt(s.m, CURLMOPT_MAXCONNECTS, (long)TOTAL_SLOTS);
    for (size_t i = 0; i < n; i++)
        if (items[i]->leaf && items[i]->issuer && items[i]->url &&
            (k[nk].key = item_key(items[i])))
            k[nk++].idx = i;
    qsort(k, nk, sizeof *k, cmp_keyed);
    for (size_t i = 0; i < nk; i++)
        if (!i || strcmp(k[i].key, k[i - 1].key))
            lead[s.total++] = k[i].idx;
    group_up(&s, lead, s.total);
    drive(&s);
    for (size_t i = 0, first = 0; i < nk; i++) {
        if (i && !strcmp(k[i].key, k[first].key))
            copy_result(items[k[i].idx], items[k[first].idx]);
        else
            first = i;
    }
    for (size_t i = 0; i < nk; i++)
        free(k[i].key);
    for (size_t i = 0; i < s.n_g; i++)
        free(s.g[i].host);
    free(s.g);
    free(k);
    free(lead);
    curl_multi_cleanup(s.m);
    curl_global_cleanup();
    return 0;
}
