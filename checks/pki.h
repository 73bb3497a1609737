/* What the checks need to know about one certificate (+ key + chain)
 * as configured, computed once per distinct set of files and kept as a
 * compact summary: the OpenSSL objects are freed right after, so memory
 * stays flat at thousands of vhosts. Summaries are malloc'ed by the worker
 * threads and freed by tvc_pki_free (owned by the check run). */
#ifndef TVC_PKI_H
#define TVC_PKI_H

#include <stddef.h>
#include <time.h>

#include <openssl/x509_vfy.h>

typedef enum {
    TVC_FILE_OK = 0,
    TVC_FILE_MISSING,   /* cannot open/read: err says why */
    TVC_FILE_WRONG_KIND /* readable, but not the object expected */
} tvc_file_status;

typedef enum {
    TVC_CHAIN_OK = 0,
    TVC_CHAIN_INCOMPLETE,     /* no path to a trust anchor */
    TVC_CHAIN_SELF_SIGNED,    /* the leaf is its own issuer */
    TVC_CHAIN_UNTRUSTED_ROOT, /* ends in a root the store does not trust */
    TVC_CHAIN_UNCHECKED       /* the leaf could not be read */
} tvc_chain_status;

typedef struct tvc_certsum {
    char *subject, *issuer; /* RFC 2253; the leaf's issuer is not kept (NULL) */
    time_t not_before, not_after;
    int self_signed;
} tvc_certsum;

typedef struct tvc_pki_job {
    /* input (paths absolute; key NULL = in the cert file) */
    const char *cert, *key, *pin;
    const char **chain;
    size_t n_chain;
    /* output */
    tvc_file_status cert_status, key_status;
    char *cert_err, *key_err;
    int key_encrypted;     /* needs a passphrase we do not have */
    int key_bad_pin;       /* the configured passphrase does not open it */
    unsigned key_mode;     /* st_mode & 0777 of the file holding the key */
    unsigned key_gid;      /* its group */
    int key_match;         /* 1 yes, 0 no, -1 not compared */
    char *key_type, *cert_key_type;
    tvc_certsum leaf;
    /* The certificate file does not start with the leaf: the key belongs
     * to certificate `leaf_index` (0-based) of the file, and `served` is
     * the first one, which the module takes as the leaf. The summary
     * (leaf, names, chain) is then of the real leaf, as if it came first,
     * so the other checks see the intended certificate. 0: in place. */
    int leaf_index;
    tvc_certsum served;
    char fp_sha256[65];
    char **dns;            /* DNS SANs, lower case */
    size_t n_dns;
    char **ips;            /* IP SANs, text */
    size_t n_ips;
    char *cn;
    int must_staple;
    char *ocsp_uri;
    tvc_certsum *sent;     /* certs sent after the leaf, in file order */
    size_t n_sent;
    tvc_file_status *chain_status; /* per chain file */
    char **chain_err;
    /* path building */
    tvc_chain_status chain_state;
    int *sent_pos;         /* position of sent[i] on the path, -1 if not on it */
    size_t path_len;       /* certs on the built path, leaf and anchor included */
    char *missing_issuer, *missing_aia;
    int issuer_available;  /* the leaf's issuer is among the sent certs */
    char **right_order;    /* subjects in the order that would be right */
    size_t n_right_order;
} tvc_pki_job;

typedef struct tvc_pki_ctx {
    X509_STORE *store;   /* checks the trust anchors load, once */
    const char *ca_file; /* each worker thread loads its own store */
    time_t now;
} tvc_pki_ctx;

/* ca_file NULL: the system store. Returns -1 with *err set on failure. */
int tvc_pki_ctx_init(tvc_pki_ctx *c, const char *ca_file, time_t now, char **err);
void tvc_pki_ctx_free(tvc_pki_ctx *c);

/* Fills the output fields of every job, using up to `threads` threads. */
void tvc_pki_run(const tvc_pki_ctx *c, tvc_pki_job *jobs, size_t n, int threads,
                 void (*progress)(void *ud, size_t done, size_t total), void *ud);
void tvc_pki_job_free(tvc_pki_job *j);

#endif
