/* Every certificate and key of a site, read at start by one worker per
 * core. OpenSSL 3.0 serialises decoder and provider lookups of one
 * library context behind global locks, so each worker but the calling
 * thread decodes in a library context of its own, with one key decoder
 * that it reuses (building a decoder costs more than decoding an RSA
 * key). A key decoded in another library context works with an SSL_CTX
 * of the default one: OpenSSL exports it to the SSL_CTX's provider on its
 * first use and keeps that copy. The contexts live as long as what was
 * decoded in them: tvc_rt_loaded_free frees both, after the SSL_CTXs.
 *
 * Each distinct (certificate, key, chain files) tuple is read once, however
 * many vhosts name it, and each distinct chain certificate is parsed once
 * and shared (every vhost of a CA sends the same intermediate). */
#ifndef TVC_RT_LOAD_H
#define TVC_RT_LOAD_H

#include <openssl/ssl.h>

#include "tlsvhost/runtime.h"

/* One certificate of a vhost, ready for SSL_use_cert_and_key. */
typedef struct tvc_rt_pair {
    X509 *leaf;
    EVP_PKEY *key;
    STACK_OF(X509) *chain;
} tvc_rt_pair;

typedef struct tvc_rt_loaded tvc_rt_loaded;

/* Reads the certificates of vhosts[0..n) (NULL entries are skipped) with
 * up to `threads` workers, 0 meaning one per core. NULL when out of
 * memory; a file that cannot be used is the failing vhost's reason, see
 * tvc_rt_loaded_get. */
tvc_rt_loaded *tvc_rt_load(const tvc_rt_vhost *const *vhosts, unsigned n, unsigned threads);
/* Vhost i's certificates, in its order (owned by `l`), and their number;
 * NULL with the first reason it cannot be served in *why ("cannot load
 * key /k.pem: ..."). */
const tvc_rt_pair *tvc_rt_loaded_get(const tvc_rt_loaded *l, unsigned i, unsigned *n,
                                     const char **why);
/* How many workers read, and how many tuples they read (for tests). */
unsigned tvc_rt_loaded_workers(const tvc_rt_loaded *l);
unsigned tvc_rt_loaded_reads(const tvc_rt_loaded *l);
void tvc_rt_loaded_free(tvc_rt_loaded *l);

/* ---- one worker (load_read.c) ---- */

/* Chain certificates by DER, shared by the workers (locked). */
typedef struct tvc_rt_chains tvc_rt_chains;
tvc_rt_chains *tvc_rt_chains_new(void);
void tvc_rt_chains_free(tvc_rt_chains *c);

typedef struct tvc_rt_reader tvc_rt_reader;
/* A reader decoding in `lib` (NULL: the default context). */
tvc_rt_reader *tvc_rt_reader_new(OSSL_LIB_CTX *lib, tvc_rt_chains *chains);
/* Reads one tuple into *p; 0, or -1 with *why (malloc'ed) and *p
 * cleared. */
int tvc_rt_reader_read(tvc_rt_reader *r, const tvc_rt_cert *c, tvc_rt_pair *p, char **why);
void tvc_rt_reader_free(tvc_rt_reader *r);
void tvc_rt_pair_clear(tvc_rt_pair *p);

#endif
