/* One worker thread's OpenSSL state for loading certificates and keys.
 * OpenSSL 3.0 serialises decoder and provider lookups of one library
 * context behind global locks, and builds a new decoder chain for every
 * key and every certificate's public key (bench/README.md): each worker
 * has its own library context and trust store, one key decoder it reuses
 * for every key, and the certificates it has seen after a leaf (the
 * intermediate that 10,000 vhosts share is parsed once per thread). */
#ifndef TVC_CHECKS_PKI_THREAD_H
#define TVC_CHECKS_PKI_THREAD_H

#include <stddef.h>

#include <openssl/bio.h>
#include <openssl/decoder.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "checks/pki.h"

typedef struct tvc_pki_cached tvc_pki_cached;
typedef struct tvc_pki_signed tvc_pki_signed;

typedef struct tvc_pki_thread {
    OSSL_LIB_CTX *lib;      /* NULL: the default context (fallback) */
    X509_STORE *store;      /* owned unless `shared_store` */
    int shared_store;
    OSSL_DECODER_CTX *keydec; /* NULL: every key takes OpenSSL's own path */
    EVP_PKEY *decoded;      /* where keydec puts what it decodes */
    tvc_pki_cached *certs;  /* certificates seen after a leaf, by DER */
    size_t n_certs;
    tvc_pki_signed *sigs;   /* signatures checked between kept certificates */
    size_t n_sigs;
    tvc_pki_strings *strings; /* the run's, shared by the threads */
} tvc_pki_thread;

/* Its own library context and store; falls back to the default context
 * and the run's shared store (slower, still right). */
void tvc_pki_thread_init(tvc_pki_thread *w, const tvc_pki_ctx *c);
void tvc_pki_thread_free(tvc_pki_thread *w);

/* An unencrypted PEM private key through the reused decoder, the way
 * PEM_read_bio_PrivateKey_ex looks for it (PEM blocks that are no key
 * are skipped). NULL when it finds none: the caller then takes
 * OpenSSL's own path, which says why. */
EVP_PKEY *tvc_pki_thread_key(tvc_pki_thread *w, const char *buf, size_t len);

/* The next certificate in `b`, as PEM_read_bio_X509 reads it; `shared`:
 * keep it for the next file that holds the same certificate (a chain
 * certificate, not a leaf). A new reference, NULL at the end. */
X509 *tvc_pki_thread_cert(tvc_pki_thread *w, BIO *b, int shared);

/* Makes `ctx` check the signatures on the path it builds the way
 * OpenSSL's own step does (each certificate by the next one's key, a
 * trust anchor's own signature not), through the callback set on it; a
 * signature between two certificates the thread keeps (an intermediate
 * and its root) is checked once per thread, not once per vhost. */
void tvc_pki_thread_verify_on(tvc_pki_thread *w, X509_STORE_CTX *ctx);

#endif
