/* A worker thread's loaders: its own library context, one key decoder
 * reused for every key, and chain certificates parsed once (see
 * pki_thread.h for why). */
#include "config.h"

#include "checks/pki_thread.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/pem.h>

/* Distinct chain certificates kept per thread: real configs have a
 * handful of intermediates; past this many, the rest are parsed each
 * time, so a hostile config cannot make the cache grow without bound. */
#define CACHED_CERTS_MAX 256

struct tvc_pki_signed {
    const X509 *subject, *issuer;
    int ok;
};

struct tvc_pki_cached {
    uint64_t hash;
    unsigned char *der;
    long len;
    X509 *x;
};

/* Never prompts: the fast path is only taken for keys that are not
 * encrypted, so a passphrase request means the file is not what it
 * seemed and OpenSSL's own path decides. */
static int refuse_pw(char *buf, int size, int rwflag, void *u)
{
    (void)buf, (void)size, (void)rwflag, (void)u;
    return -1;
}

static int own_ctx(tvc_pki_thread *w, const tvc_pki_ctx *c)
{
    w->lib = OSSL_LIB_CTX_new();
    w->store = X509_STORE_new();
    if (!w->lib || !w->store)
        return -1;
    int ok = c->ca_file ? X509_STORE_load_file_ex(w->store, c->ca_file, w->lib, NULL)
                        : X509_STORE_set_default_paths_ex(w->store, w->lib, NULL);
    return ok ? 0 : -1;
}

void tvc_pki_thread_init(tvc_pki_thread *w, const tvc_pki_ctx *c)
{
    memset(w, 0, sizeof *w);
    if (own_ctx(w, c) != 0) {
        X509_STORE_free(w->store);
        OSSL_LIB_CTX_free(w->lib);
        w->lib = NULL;
        w->store = c->store;
        w->shared_store = 1;
    }
    w->keydec = OSSL_DECODER_CTX_new_for_pkey(&w->decoded, "PEM", NULL, NULL,
                                              EVP_PKEY_KEYPAIR, w->lib, NULL);
    if (w->keydec && !OSSL_DECODER_CTX_set_pem_password_cb(w->keydec, refuse_pw, NULL)) {
        OSSL_DECODER_CTX_free(w->keydec);
        w->keydec = NULL;
    }
    ERR_clear_error();
}

void tvc_pki_thread_free(tvc_pki_thread *w)
{
    for (size_t i = 0; i < w->n_certs; i++) {
        X509_free(w->certs[i].x);
        free(w->certs[i].der);
    }
    free(w->certs);
    free(w->sigs);
    OSSL_DECODER_CTX_free(w->keydec);
    EVP_PKEY_free(w->decoded);
    if (!w->shared_store)
        X509_STORE_free(w->store);
    OSSL_LIB_CTX_free(w->lib);
    memset(w, 0, sizeof *w);
}

/* The loop of OpenSSL 3.0's pem_read_bio_key_decoder(), on a decoder
 * built once: a block the decoder does not support is skipped, any
 * other failure ends the search. */
EVP_PKEY *tvc_pki_thread_key(tvc_pki_thread *w, const char *buf, size_t len)
{
    if (!w->keydec || len > INT32_MAX)
        return NULL;
    BIO *b = BIO_new_mem_buf(buf, (int)len);
    if (!b)
        return NULL;
    long pos = BIO_tell(b);
    EVP_PKEY_free(w->decoded);
    w->decoded = NULL;
    ERR_set_mark();
    for (;;) {
        if (OSSL_DECODER_from_bio(w->keydec, b) && w->decoded)
            break;
        long np;
        if (BIO_eof(b) || (np = BIO_tell(b)) < 0 || np <= pos ||
            ERR_GET_REASON(ERR_peek_error()) != ERR_R_UNSUPPORTED)
            break;
        ERR_pop_to_mark();
        ERR_set_mark();
        pos = np;
    }
    ERR_pop_to_mark();
    BIO_free(b);
    EVP_PKEY *k = w->decoded;
    w->decoded = NULL;
    ERR_clear_error();
    return k;
}

static uint64_t fnv1a(const unsigned char *p, long n)
{
    uint64_t h = 1469598103934665603ULL;
    for (long i = 0; i < n; i++)
        h = (h ^ p[i]) * 1099511628211ULL;
    return h;
}

static X509 *cached(const tvc_pki_thread *w, uint64_t h, const unsigned char *der, long len)
{
    for (size_t i = 0; i < w->n_certs; i++) {
        const tvc_pki_cached *e = &w->certs[i];
        if (e->hash == h && e->len == len && !memcmp(e->der, der, (size_t)len))
            return e->x;
    }
    return NULL;
}

static void keep(tvc_pki_thread *w, uint64_t h, unsigned char *der, long len, X509 *x)
{
    if (!w->certs) {
        w->certs = calloc(CACHED_CERTS_MAX, sizeof *w->certs);
        if (!w->certs)
            abort();
    }
    X509_up_ref(x);
    w->certs[w->n_certs++] = (tvc_pki_cached){h, der, len, x};
}

/* PEM_read_bio_X509 is PEM_bytes_read_bio then d2i_X509: the same two
 * steps, with the parse skipped for a certificate seen before. */
X509 *tvc_pki_thread_cert(tvc_pki_thread *w, BIO *b, int shared)
{
    unsigned char *der = NULL;
    long len = 0;
    char *name = NULL;
    if (!PEM_bytes_read_bio(&der, &len, &name, PEM_STRING_X509, b, NULL, NULL))
        return NULL;
    OPENSSL_free(name);
    uint64_t h = 0;
    X509 *x = NULL;
    if (shared) {
        h = fnv1a(der, len);
        x = cached(w, h, der, len);
        if (x) {
            X509_up_ref(x);
            OPENSSL_free(der);
            return x;
        }
    }
    x = X509_new_ex(w->lib, NULL);
    const unsigned char *p = der;
    if (x && !d2i_X509(&x, &p, len)) {
        X509_free(x); /* d2i_X509 has freed and cleared it: a no-op */
        x = NULL;
    }
    if (x && shared && w->n_certs < CACHED_CERTS_MAX) {
        keep(w, h, der, len, x);
        return x;
    }
    OPENSSL_free(der);
    return x;
}

/* A certificate that lives as long as the thread: one from the trust
 * store (past the untrusted part of the path) or one the thread keeps.
 * Only then does its address name it across vhosts. */
static int lasting(const tvc_pki_thread *w, X509_STORE_CTX *ctx, int idx, const X509 *x)
{
    if (idx >= X509_STORE_CTX_get_num_untrusted(ctx))
        return 1;
    for (size_t i = 0; i < w->n_certs; i++)
        if (w->certs[i].x == x)
            return 1;
    return 0;
}

static int signed_by(tvc_pki_thread *w, X509_STORE_CTX *ctx, int i)
{
    STACK_OF(X509) *path = X509_STORE_CTX_get0_chain(ctx);
    X509 *xs = sk_X509_value(path, i), *xi = sk_X509_value(path, i + 1);
    int keep = lasting(w, ctx, i, xs) && lasting(w, ctx, i + 1, xi);
    for (size_t k = 0; keep && k < w->n_sigs; k++)
        if (w->sigs[k].subject == xs && w->sigs[k].issuer == xi)
            return w->sigs[k].ok;
    EVP_PKEY *pk = X509_get0_pubkey(xi);
    int ok = pk && X509_verify(xs, pk) > 0;
    ERR_clear_error();
    if (keep && w->n_sigs < CACHED_CERTS_MAX) {
        if (!w->sigs) {
            w->sigs = calloc(CACHED_CERTS_MAX, sizeof *w->sigs);
            if (!w->sigs)
                abort();
        }
        w->sigs[w->n_sigs++] = (tvc_pki_signed){xs, xi, ok};
    }
    return ok;
}

/* OpenSSL's internal_verify() with the expiry left out (the run sets
 * X509_V_FLAG_NO_CHECK_TIME): from the top down, each certificate by
 * its issuer's key; a failure goes to the callback, which decides. */
static int verify_path(X509_STORE_CTX *ctx)
{
    tvc_pki_thread *w = X509_STORE_CTX_get_app_data(ctx);
    X509_STORE_CTX_verify_cb cb = X509_STORE_CTX_get_verify_cb(ctx);
    STACK_OF(X509) *path = X509_STORE_CTX_get0_chain(ctx);
    for (int i = sk_X509_num(path) - 2; i >= 0; i--) {
        if (signed_by(w, ctx, i))
            continue;
        X509_STORE_CTX_set_error(ctx, X509_V_ERR_CERT_SIGNATURE_FAILURE);
        X509_STORE_CTX_set_error_depth(ctx, i);
        X509_STORE_CTX_set_current_cert(ctx, sk_X509_value(path, i));
        if (!cb || !cb(0, ctx))
            return 0;
    }
    return 1;
}

void tvc_pki_thread_verify_on(tvc_pki_thread *w, X509_STORE_CTX *ctx)
{
    X509_STORE_CTX_set_app_data(ctx, w);
    X509_STORE_CTX_set_verify(ctx, verify_path);
}
