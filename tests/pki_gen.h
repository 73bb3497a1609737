/* A throw-away PKI for the certificate checks, made at run time with the
 * OpenSSL 3 C API: no keys are committed and no openssl CLI is needed.
 *
 * One hierarchy per test run, made on first use and cached:
 *
 *     root   "CN=TVC Test Root CA"           self-signed, RSA-2048
 *     inter  "CN=TVC Test Intermediate CA"   issued by root, RSA-2048
 *     inter2 "CN=TVC Test Issuing CA 2"      issued by inter, EC P-256
 *
 * Leaf keys are cached too (two of each type, so a test can pair a
 * certificate with the "other" key of the same type); RSA key generation
 * is the slow part and happens once per type and slot.
 *
 * Validity windows are relative to a time the caller gives (the tests use
 * a fixed `now`); the CA certificates are valid from now-10y to now+10y
 * around PG_NOW. */
#ifndef TVC_PKI_GEN_H
#define TVC_PKI_GEN_H

#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

/* The fixed clock of the unit tests: 2025-06-15 00:00:00 UTC. */
#define PG_NOW ((time_t)1749945600)
#define PG_DAY 86400L

typedef enum {
    PG_RSA = 0,  /* RSA-2048 */
    PG_EC,       /* EC P-256 */
    PG_ED25519,
    PG_RSA_PSS,  /* RSA-PSS 2048 */
    PG_KEYTYPES
} pg_keytype;

/* A certificate and its private key. The CA ones are owned by the cache;
 * leaves by the caller (pg_cert_free). */
typedef struct pg_cert {
    X509 *x;
    EVP_PKEY *key; /* not owned: keys come from the key cache */
} pg_cert;

/* The cached key `slot` (0 or 1) of a type. */
EVP_PKEY *pg_key(pg_keytype t, int slot);

const pg_cert *pg_root(void);
const pg_cert *pg_inter(void);
const pg_cert *pg_inter2(void);

/* What a leaf should look like. Zero-initialised fields mean: no CN,
 * no SANs, RSA key slot 0, valid now-30d .. now+365d (when both offsets
 * are 0), issued by `inter`, no extensions beyond the usual ones. */
typedef struct pg_leaf_spec {
    const char *cn;
    const char *sans;          /* OpenSSL syntax: "DNS:a.test,DNS:*.b.test,IP:127.0.0.1" */
    pg_keytype key_type;
    int key_slot;              /* 0 or 1 */
    time_t now;                /* 0: PG_NOW */
    long not_before, not_after;/* seconds relative to `now` */
    int must_staple;           /* TLS Feature status_request */
    const char *ocsp_uri;      /* AIA OCSP */
    const char *ca_issuers;    /* AIA caIssuers */
    const pg_cert *issuer;     /* NULL: pg_inter() */
} pg_leaf_spec;

pg_cert *pg_leaf(const pg_leaf_spec *s);
void pg_cert_free(pg_cert *c);

/* A self-signed CA that is not part of the hierarchy (for chain-extra and
 * untrusted roots). Cached. */
const pg_cert *pg_stranger(void);

/* ---- writers: 0 on success, -1 (errno-style message on stderr) ---- */

/* `n` certificates as PEM, in the order given. */
int pg_write_certs(const char *path, X509 *const *certs, size_t n);
/* Convenience: one certificate. */
int pg_write_cert(const char *path, X509 *x);
/* A private key as PEM (PKCS#8), encrypted with AES-256-CBC when `pass`
 * is not NULL, with file mode `mode` (e.g. 0600, 0644) whatever the umask. */
int pg_write_key(const char *path, EVP_PKEY *k, const char *pass, mode_t mode);

/* Frees the cache (keys and CA certificates); for leak checkers. */
void pg_cleanup(void);

#endif
