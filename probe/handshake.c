/* The handshakes: one libcurl transfer per name (and per protocol probe)
 * that stops after the TLS handshake (CURLOPT_CONNECT_ONLY), or with
 * --probe-host goes on to a HEAD / with the name as Host, sends the
 * name as SNI to where the server listens (CURLOPT_CONNECT_TO), and
 * keeps the chain the server sent (CURLOPT_CERTINFO). Run at most
 * o->concurrency at once through base/curl_run.c.
 *
 * The staple: CURLOPT_SSL_VERIFYSTATUS would fail the whole handshake
 * when the server staples nothing, and also when a staple is there but
 * does not verify against libcurl's trust store, with only the error
 * text to tell the two apart. Instead the OpenSSL context gets a status
 * callback (CURLOPT_SSL_CTX_FUNCTION) that asks for the staple, notes
 * whether one came and always lets the handshake go on; it also notes
 * the negotiated version. libcurl is built with OpenSSL here
 * (libcurl4-openssl-dev), which that callback needs. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/ocsp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>

#include "base/curl_run.h"
#include "probe/probe.h"

typedef struct hs {
    tvc_probe_target *t;
    tvc_probe_seen *seen;
    int max_version;   /* 0: whatever both sides can */
    CURL *h;
    struct curl_slist *connect_to, *headers;
    int version, staple;
    char errbuf[CURL_ERROR_SIZE];
} hs;

typedef struct run {
    tvc_arena *a;
    hs *jobs;
    const tvc_probe_opts *o;
} run;

/* Notes the staple's OCSP response status (a server that could not ask
 * its responder may staple a "tryLater" of its own, as mod_ssl's
 * SSLStaplingFakeTryLater does) and lets the handshake go on. */
static int on_status(SSL *s, void *arg)
{
    hs *x = arg;
    const unsigned char *resp = NULL;
    long n = SSL_get_tlsext_status_ocsp_resp(s, &resp);
    x->staple = -1;
    if (n > 0 && resp) {
        OCSP_RESPONSE *r = d2i_OCSP_RESPONSE(NULL, &resp, n);
        x->staple = r ? OCSP_response_status(r) : OCSP_RESPONSE_STATUS_MALFORMEDREQUEST;
        OCSP_RESPONSE_free(r);
        ERR_clear_error();
    }
    x->version = SSL_version(s);
    return 1;
}

static CURLcode on_ctx(CURL *h, void *ctx, void *arg)
{
    (void)h;
    SSL_CTX_set_tlsext_status_type((SSL_CTX *)ctx, TLSEXT_STATUSTYPE_ocsp);
    SSL_CTX_set_tlsext_status_cb((SSL_CTX *)ctx, on_status);
    SSL_CTX_set_tlsext_status_arg((SSL_CTX *)ctx, arg);
    return CURLE_OK;
}

static long max_flag(int version)
{
    switch (version) {
    case TVC_TLS10: return CURL_SSLVERSION_MAX_TLSv1_0;
    case TVC_TLS11: return CURL_SSLVERSION_MAX_TLSv1_1;
    case TVC_TLS12: return CURL_SSLVERSION_MAX_TLSv1_2;
    default: return CURL_SSLVERSION_MAX_DEFAULT;
    }
}

/* Every protocol and suite this OpenSSL has, down to TLS 1.0 at security
 * level 0: what the server accepts is the question, not what a careful
 * client would. Nothing is verified: the chain is compared, not trusted. */
static CURL *easy_new(hs *x, const tvc_probe_opts *o, const tvc_curl_api *c)
{
    CURL *h = c->easy_init();
    if (!h)
        return NULL;
    char url[600], to[300];
    snprintf(url, sizeof url, "https://%s:%d/", x->t->name,
             x->t->set_port ? x->t->set_port : 443);
    snprintf(to, sizeof to, "::%s:%d", x->t->host, x->t->port);
    x->connect_to = c->slist_append(NULL, to);
    c->easy_setopt(h, CURLOPT_URL, url);
    c->easy_setopt(h, CURLOPT_CONNECT_TO, x->connect_to);
    if (o->host && !x->max_version) {
        /* an explicit Host: curl's own would carry a port other than 443 */
        char host[300];
        snprintf(host, sizeof host, "Host: %s", x->t->name);
        x->headers = c->slist_append(NULL, host);
        x->seen->asked = 1;
        c->easy_setopt(h, CURLOPT_NOBODY, 1L);
        c->easy_setopt(h, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);
        c->easy_setopt(h, CURLOPT_HTTPHEADER, x->headers);
    } else {
        c->easy_setopt(h, CURLOPT_CONNECT_ONLY, 1L);
    }
    c->easy_setopt(h, CURLOPT_CERTINFO, 1L);
    c->easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
    c->easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
    c->easy_setopt(h, CURLOPT_SSLVERSION, CURL_SSLVERSION_TLSv1_0 | max_flag(x->max_version));
    c->easy_setopt(h, CURLOPT_SSL_CIPHER_LIST, "DEFAULT:@SECLEVEL=0");
    c->easy_setopt(h, CURLOPT_SSL_CTX_FUNCTION, on_ctx);
    c->easy_setopt(h, CURLOPT_SSL_CTX_DATA, x);
    c->easy_setopt(h, CURLOPT_PROTOCOLS_STR, "https");
    c->easy_setopt(h, CURLOPT_FRESH_CONNECT, 1L);
    c->easy_setopt(h, CURLOPT_FORBID_REUSE, 1L);
    c->easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    c->easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, o->timeout_ms);
    c->easy_setopt(h, CURLOPT_TIMEOUT_MS, o->timeout_ms);
    c->easy_setopt(h, CURLOPT_ERRORBUFFER, x->errbuf);
    return h;
}

static void free_chain(void *p)
{
    sk_X509_pop_free(p, X509_free);
}

/* The "Cert:" PEM of each certificate libcurl reports, in the order sent. */
static STACK_OF(X509) *served_chain(tvc_arena *a, CURL *h, const tvc_curl_api *c)
{
    struct curl_certinfo *ci = NULL;
    if (c->easy_getinfo(h, CURLINFO_CERTINFO, &ci) != CURLE_OK || !ci || ci->num_of_certs <= 0)
        return NULL;
    STACK_OF(X509) *sk = sk_X509_new_null();
    if (!sk)
        abort();
    tvc_arena_cleanup_add(a, free_chain, sk);
    for (int i = 0; i < ci->num_of_certs; i++)
        for (struct curl_slist *l = ci->certinfo[i]; l; l = l->next) {
            if (strncmp(l->data, "Cert:", 5))
                continue;
            BIO *b = BIO_new_mem_buf(l->data + 5, -1);
            X509 *x = b ? PEM_read_bio_X509(b, NULL, NULL, NULL) : NULL;
            BIO_free(b);
            if (x && !sk_X509_push(sk, x))
                X509_free(x);
        }
    ERR_clear_error();
    return sk;
}

static CURL *job_start(void *ud, size_t i, const tvc_curl_api *c)
{
    run *r = ud;
    hs *x = &r->jobs[i];
    if (!(x->h = easy_new(x, r->o, c)))
        x->seen->error = "libcurl cannot make the transfer";
    return x->h;
}

/* Also closes the connection: CONNECT_ONLY keeps the socket open until
 * the handle goes, and a thousand names would hold a thousand
 * descriptors. */
static void job_done(void *ud, size_t i, CURL *h, CURLcode rc, const tvc_curl_api *c)
{
    run *r = ud;
    hs *x = &r->jobs[i];
    tvc_probe_seen *s = x->seen;
    const char *why = x->errbuf[0] ? x->errbuf : c->easy_strerror(rc);
    curl_off_t tls_done = 0;
    c->easy_getinfo(h, CURLINFO_APPCONNECT_TIME_T, &tls_done);
    /* a HEAD that failed after the handshake: the handshake still counts */
    s->ok = rc == CURLE_OK || (s->asked && tls_done > 0);
    if (!s->ok)
        s->error = tvc_arena_strdup(r->a, why);
    else if (s->asked && rc != CURLE_OK)
        s->http_error = tvc_arena_strdup(r->a, why);
    if (s->asked)
        c->easy_getinfo(h, CURLINFO_RESPONSE_CODE, &s->status);
    s->version = x->version;
    s->staple = x->staple;
    s->chain = s->ok ? served_chain(r->a, h, c) : NULL;
    c->easy_cleanup(h);
    c->slist_free_all(x->connect_to);
    c->slist_free_all(x->headers);
    x->h = NULL;
}

int tvc_probe_run(tvc_arena *a, tvc_probe_targets *t, const tvc_probe_opts *o,
                  const char **err)
{
    hs *jobs = calloc(2 * t->n + 1, sizeof *jobs);
    size_t n = 0;
    if (!jobs)
        abort();
    for (size_t i = 0; i < t->n; i++) {
        jobs[n++] = (hs){.t = &t->v[i], .seen = &t->v[i].live, .staple = -1};
        if (o->protocols && t->v[i].below)
            jobs[n++] = (hs){.t = &t->v[i], .seen = &t->v[i].low, .staple = -1,
                             .max_version = t->v[i].below};
    }
    run r = {a, jobs, o};
    tvc_curl_run cr = {n, o->concurrency, 0, NULL, job_start, job_done, &r};
    int rc = tvc_curl_run_all(&cr, err);
    free(jobs);
    return rc;
}
