/* One OCSP transfer: libcurl's easy handle for one distinct (responder,
 * certificate), its request built, its answer collected under the size
 * cap and verified. ocsp/batch.c runs many of them side by side. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "ocsp/fetch.h"

typedef struct tvc_ocsp_xfer {
    const tvc_curl_api *c;
    CURL *h;
    struct curl_slist *headers;
    OCSP_REQUEST *req;
    unsigned char *body; /* the DER request (POST) */
    int body_len;
    char *url;           /* the responder, or the GET URL */
    unsigned char *buf;  /* the answer so far */
    size_t len, cap, max;
    int too_big;
    char errbuf[CURL_ERROR_SIZE];
} tvc_ocsp_xfer;

static size_t on_data(char *p, size_t size, size_t n, void *ud)
{
    tvc_ocsp_xfer *x = ud;
    size_t k = size * n;
    if (x->len + k > x->max) {
        x->too_big = 1;
        return 0; /* libcurl stops with CURLE_WRITE_ERROR */
    }
    if (x->len + k > x->cap) {
        size_t cap = x->cap ? x->cap : 2048;
        while (cap < x->len + k)
            cap *= 2;
        unsigned char *nb = realloc(x->buf, cap);
        if (!nb)
            return 0;
        x->buf = nb;
        x->cap = cap;
    }
    memcpy(x->buf + x->len, p, k);
    x->len += k;
    return k;
}

/* RFC 6960 appendix A.1: GET with the base64 request URL-encoded after
 * the responder's path, when that stays short (responders and caches
 * take up to 255 bytes); cacheable, so used only without a nonce. */
static char *get_url(const char *url, const unsigned char *der, int len)
{
    if (len > 180)
        return NULL;
    unsigned char b64[256];
    int n = EVP_EncodeBlock(b64, der, len);
    size_t ul = strlen(url);
    char *out = malloc(ul + 1 + (size_t)n * 3 + 1), *q = out;
    if (!out)
        return NULL;
    q = memcpy(q, url, ul) + ul;
    if (ul == 0 || url[ul - 1] != '/')
        *q++ = '/';
    for (int i = 0; i < n; i++) {
        if (b64[i] == '+' || b64[i] == '/' || b64[i] == '=')
            q += sprintf(q, "%%%02X", b64[i]);
        else
            *q++ = (char)b64[i];
    }
    *q = 0;
    return q - out > 255 ? (free(out), NULL) : out;
}

static int build_request(tvc_ocsp_item *it, tvc_ocsp_xfer *x)
{
    OCSP_CERTID *id = OCSP_cert_to_id(NULL, it->leaf, it->issuer);
    if (!id || !(x->req = OCSP_REQUEST_new()) || !OCSP_request_add0_id(x->req, id)) {
        OCSP_CERTID_free(id);
        return -1;
    }
    if (it->nonce && !OCSP_request_add1_nonce(x->req, NULL, -1))
        return -1;
    x->body_len = i2d_OCSP_REQUEST(x->req, &x->body);
    if (x->body_len <= 0)
        return -1;
    if (!it->nonce)
        x->url = get_url(it->url, x->body, x->body_len);
    return 0;
}

static void xfer_free(tvc_ocsp_xfer *x)
{
    if (!x)
        return;
    x->c->easy_cleanup(x->h);
    x->c->slist_free_all(x->headers);
    OCSP_REQUEST_free(x->req);
    OPENSSL_free(x->body);
    free(x->url);
    free(x->buf);
    free(x);
}

/* Redirects only to http(s): a responder must not send libcurl to
 * file:// or anything else it speaks. */
static CURL *easy_new(tvc_ocsp_item *it, tvc_ocsp_xfer *x, const tvc_ocsp_opts *o)
{
    const tvc_curl_api *c = x->c;
    CURL *h = c->easy_init();
    if (!h)
        return NULL;
    c->easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    c->easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    c->easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    c->easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
    c->easy_setopt(h, CURLOPT_MAXREDIRS, 5L);
    c->easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, o->timeout_ms);
    c->easy_setopt(h, CURLOPT_TIMEOUT_MS, o->timeout_ms);
    c->easy_setopt(h, CURLOPT_USERAGENT, "tlsvhostc/" PACKAGE_VERSION);
    c->easy_setopt(h, CURLOPT_ERRORBUFFER, x->errbuf);
    c->easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
    c->easy_setopt(h, CURLOPT_WRITEDATA, x);
    c->easy_setopt(h, CURLOPT_URL, x->url ? x->url : it->url);
    if (!x->url) {
        x->headers = c->slist_append(NULL, "Content-Type: application/ocsp-request");
        c->easy_setopt(h, CURLOPT_HTTPHEADER, x->headers);
        c->easy_setopt(h, CURLOPT_POSTFIELDS, x->body);
        c->easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)x->body_len);
    }
    return h;
}

void tvc_ocsp_xfer_finish(tvc_ocsp_item *it, CURLcode rc, const tvc_ocsp_opts *o)
{
    tvc_ocsp_xfer *x = it->x;
    tvc_ocsp_result *r = &it->res;
    long code = 0;
    x->c->easy_getinfo(x->h, CURLINFO_RESPONSE_CODE, &code);
    r->reason = -1;
    if (x->too_big) {
        r->status = TVC_OCSP_BAD;
        if (asprintf(&r->detail, "the answer is larger than %zu bytes", x->max) < 0)
            r->detail = NULL;
    } else if (rc != CURLE_OK) {
        r->status = TVC_OCSP_UNREACHABLE;
        if (asprintf(&r->detail, "%s", x->errbuf[0] ? x->errbuf : x->c->easy_strerror(rc)) < 0)
            r->detail = NULL;
    } else if (code != 200) {
        r->status = TVC_OCSP_UNREACHABLE;
        if (asprintf(&r->detail, "HTTP status %ld", code) < 0)
            r->detail = NULL;
    } else {
        tvc_ocsp_verify(x->buf, x->len, it->leaf, it->issuer, it->nonce ? x->req : NULL,
                        o->now, r);
        it->der = x->buf;
        it->der_len = x->len;
        x->buf = NULL;
    }
    xfer_free(x);
    it->x = NULL;
}

CURL *tvc_ocsp_xfer_new(tvc_ocsp_item *it, const tvc_ocsp_opts *o, const tvc_curl_api *c)
{
    tvc_ocsp_xfer *x = calloc(1, sizeof *x);
    if (!x)
        return NULL;
    x->c = c;
    x->max = o->max_bytes ? o->max_bytes : TVC_OCSP_MAX_BYTES;
    if (build_request(it, x) != 0 || !(x->h = easy_new(it, x, o))) {
        xfer_free(x);
        return NULL;
    }
    it->x = x;
    return x->h;
}
