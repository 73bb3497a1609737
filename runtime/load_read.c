/* One worker's reading: PEM certificates, chain certificates shared by
 * DER, and keys through a decoder made once per worker (see load.h). */
#include "config.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/decoder.h>
#include <openssl/err.h>
#include <openssl/pem.h>

#include "intern.h"
#include "load.h"

struct tvc_rt_chains {
    pthread_mutex_t mu;
    tvc_rt_intern *der; /* DER -> index into x */
    X509 **x;           /* one reference each */
    size_t n, cap;
};

struct tvc_rt_reader {
    OSSL_LIB_CTX *lib;
    OSSL_DECODER_CTX *dec; /* NULL: every key takes the slow path */
    EVP_PKEY *decoded;     /* where dec puts its result */
    int asked;             /* a key wanted a passphrase */
    tvc_rt_chains *chains;
};

tvc_rt_chains *tvc_rt_chains_new(void)
{
    tvc_rt_chains *c = calloc(1, sizeof *c);
    if (!c || !(c->der = tvc_rt_intern_new()) || pthread_mutex_init(&c->mu, NULL) != 0) {
        if (c)
            tvc_rt_intern_free(c->der);
        free(c);
        return NULL;
    }
    return c;
}

void tvc_rt_chains_free(tvc_rt_chains *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n; i++)
        X509_free(c->x[i]);
    free(c->x);
    tvc_rt_intern_free(c->der);
    pthread_mutex_destroy(&c->mu);
    free(c);
}

/* Keys are never asked for a passphrase: a server must not block on a
 * tty. The flag tells the error message why loading failed. */
static int refuse_passphrase(char *buf, int size, int rw, void *u)
{
    (void)buf, (void)size, (void)rw;
    *(int *)u = 1;
    return -1;
}

tvc_rt_reader *tvc_rt_reader_new(OSSL_LIB_CTX *lib, tvc_rt_chains *chains)
{
    tvc_rt_reader *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->lib = lib;
    r->chains = chains;
    r->dec = OSSL_DECODER_CTX_new_for_pkey(&r->decoded, "PEM", NULL, NULL, EVP_PKEY_KEYPAIR,
                                           lib, NULL);
    if (r->dec && !OSSL_DECODER_CTX_set_pem_password_cb(r->dec, refuse_passphrase, &r->asked)) {
        OSSL_DECODER_CTX_free(r->dec);
        r->dec = NULL;
    }
    ERR_clear_error();
    return r;
}

void tvc_rt_reader_free(tvc_rt_reader *r)
{
    if (!r)
        return;
    OSSL_DECODER_CTX_free(r->dec);
    free(r);
}

void tvc_rt_pair_clear(tvc_rt_pair *p)
{
    X509_free(p->leaf);
    EVP_PKEY_free(p->key);
    sk_X509_pop_free(p->chain, X509_free);
    memset(p, 0, sizeof *p);
}

/* "what: OpenSSL's reason", as the single-threaded loader said it; the
 * worker's error queue is cleared. */
static char *why_of(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *why_of(const char *fmt, ...)
{
    char what[512], reason[256] = "";
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    unsigned long e = ERR_peek_last_error();
    if (e)
        ERR_error_string_n(e, reason, sizeof reason);
    ERR_clear_error();
    size_t n = strlen(what) + strlen(reason) + 3;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s%s%s", what, *reason ? ": " : "", reason);
    return s;
}

static X509 *parse(const tvc_rt_reader *r, const unsigned char *der, long len)
{
    X509 *x = X509_new_ex(r->lib, NULL);
    if (x && !d2i_X509(&x, &der, len)) {
        X509_free(x); /* d2i freed and cleared it; NULL either way */
        return NULL;
    }
    return x;
}

/* The table's copy of a chain certificate, parsed only when new. Two
 * workers may parse the same new one at once; the second keeps the
 * first's. Without memory for the table the copy stays unshared. */
static X509 *shared(const tvc_rt_reader *r, const unsigned char *der, long len)
{
    tvc_rt_chains *c = r->chains;
    pthread_mutex_lock(&c->mu);
    long id = tvc_rt_intern_find(c->der, der, (size_t)len);
    X509 *x = id >= 0 ? c->x[id] : NULL;
    if (x)
        X509_up_ref(x);
    pthread_mutex_unlock(&c->mu);
    if (x || !(x = parse(r, der, len)))
        return x;
    pthread_mutex_lock(&c->mu);
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 8;
        X509 **v = realloc(c->x, cap * sizeof *v);
        if (v)
            c->x = v, c->cap = cap;
    }
    id = c->n < c->cap ? tvc_rt_intern_add(c->der, der, (size_t)len, c->n) : -1;
    if (id >= 0 && (size_t)id == c->n) {
        X509_up_ref(x);
        c->x[c->n++] = x;
    } else if (id >= 0) {
        X509_free(x);
        X509_up_ref(x = c->x[id]);
    }
    pthread_mutex_unlock(&c->mu);
    return x;
}

/* The PEM certificates of `path` onto `chain`, the first as *leaf when
 * `leaf` is given; other PEM objects (a key) are skipped, and the first
 * one that does not parse ends the file, as PEM_read_bio_X509 does. The
 * number read, 0 when none. */
static int read_certs(const tvc_rt_reader *r, const char *path, X509 **leaf,
                      STACK_OF(X509) *chain)
{
    BIO *b = BIO_new_file(path, "r");
    char *name = NULL, *header = NULL;
    unsigned char *der = NULL;
    long len = 0;
    int n = 0, more = 1;
    while (more && b && PEM_read_bio(b, &name, &header, &der, &len)) {
        if (!strcmp(name, PEM_STRING_X509) || !strcmp(name, PEM_STRING_X509_OLD)) {
            int first = leaf && !*leaf;
            X509 *x = first ? parse(r, der, len) : shared(r, der, len);
            if (!x)
                more = 0;
            else if (first)
                *leaf = x, n++;
            else if (sk_X509_push(chain, x))
                n++;
            else
                X509_free(x), more = 0;
        }
        OPENSSL_free(name);
        OPENSSL_free(header);
        OPENSSL_free(der);
    }
    BIO_free(b);
    ERR_clear_error(); /* the PEM reader's end-of-file "error" */
    return n;
}

/* As PEM_read_bio_PrivateKey with the worker's decoder: one PEM object
 * per call, objects that are no key (a certificate first) skipped. NULL
 * when none decodes: the caller then takes OpenSSL's own path. */
static EVP_PKEY *decode_key(tvc_rt_reader *r, const char *path)
{
    BIO *b = r->dec ? BIO_new_file(path, "r") : NULL;
    EVP_PKEY *k = NULL;
    while (b && !k) {
        long pos = BIO_tell(b);
        r->decoded = NULL;
        if (OSSL_DECODER_from_bio(r->dec, b))
            k = r->decoded;
        else if (BIO_eof(b) || BIO_tell(b) <= pos)
            break;
    }
    r->decoded = NULL;
    BIO_free(b);
    ERR_clear_error();
    return k;
}

static EVP_PKEY *read_key(tvc_rt_reader *r, const char *path)
{
    EVP_PKEY *k = decode_key(r, path);
    if (k)
        return k;
    r->asked = 0;
    BIO *b = BIO_new_file(path, "r");
    k = b ? PEM_read_bio_PrivateKey_ex(b, NULL, refuse_passphrase, &r->asked, r->lib, NULL)
          : NULL;
    BIO_free(b);
    return k;
}

int tvc_rt_reader_read(tvc_rt_reader *r, const tvc_rt_cert *c, tvc_rt_pair *p, char **why)
{
    memset(p, 0, sizeof *p);
    *why = NULL;
    if (!(p->chain = sk_X509_new_null()) || !read_certs(r, c->cert, &p->leaf, p->chain)) {
        *why = why_of("cannot load certificate %s", c->cert);
        goto fail;
    }
    for (unsigned k = 0; k < c->n_chain; k++)
        if (!read_certs(r, c->chain[k], NULL, p->chain)) {
            *why = why_of("cannot load chain file %s", c->chain[k]);
            goto fail;
        }
    const char *key = c->key ? c->key : c->cert;
    if (!(p->key = read_key(r, key))) {
        *why = why_of(r->asked ? "key %s is encrypted (the runtime never asks for a "
                                 "passphrase)" : "cannot load key %s", key);
        goto fail;
    }
    if (X509_check_private_key(p->leaf, p->key) != 1) {
        *why = why_of("key %s does not match certificate %s", key, c->cert);
        goto fail;
    }
    return 0;
fail:
    tvc_rt_pair_clear(p);
    if (!*why)
        *why = why_of("out of memory");
    return -1;
}
