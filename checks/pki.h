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
    /* RFC 2253; the leaf's issuer is not kept (NULL). In the run's
     * string set (tvc_pki_ctx.strings), as every string of a summary that
     * other summaries are likely to share. */
    const char *subject, *issuer;
    time_t not_before, not_after;
    int self_signed;
} tvc_certsum;

typedef struct tvc_pki_job {
    /* input (paths absolute; key NULL = in the cert file) */
    const char *cert, *key, *pin;
    const char **chain;
    size_t n_chain;
    /* output: one per distinct certificate, 10,000 alive at once in a big
     * config, so wide fields first and flags in chars (no padding), and
     * what only a few have behind a pointer */
    char *cert_err, *key_err;
    const char *key_type, *cert_key_type; /* shared */
    tvc_certsum leaf;
    /* The certificate file does not start with the leaf: the key belongs
     * to certificate `leaf_index` (0-based) of the file, and `served` is
     * the first one, which the module takes as the leaf. The summary
     * (leaf, names, chain) is then of the real leaf, as if it came first,
     * so the other checks see the intended certificate. 0 (and `served`
     * NULL): in place. */
    tvc_certsum *served;
    char **dns;            /* DNS SANs, lower case */
    size_t n_dns;
    char **ips;            /* IP SANs, text */
    size_t n_ips;
    char *cn;
    const char *ocsp_uri;  /* shared */
    tvc_certsum *sent;     /* certs sent after the leaf, in file order */
    size_t n_sent;
    tvc_file_status *chain_status; /* per chain file */
    char **chain_err;
    /* path building */
    int *sent_pos;         /* position of sent[i] on the path, -1 if not on it */
    size_t path_len;       /* certs on the built path, leaf and anchor included */
    const char *missing_issuer, *missing_aia; /* shared */
    const char **right_order; /* subjects in the order that would be right (shared) */
    size_t n_right_order;
    tvc_file_status cert_status, key_status;
    tvc_chain_status chain_state;
    int leaf_index;
    unsigned key_mode;     /* st_mode & 0777 of the file holding the key */
    unsigned key_gid;      /* its group */
    signed char key_match; /* 1 yes, 0 no, -1 not compared */
    char key_encrypted;    /* needs a passphrase we do not have */
    char key_bad_pin;      /* the configured passphrase does not open it */
    char must_staple;
    char issuer_available; /* the leaf's issuer is among the sent certs */
} tvc_pki_job;

typedef struct tvc_pki_strings tvc_pki_strings;

typedef struct tvc_pki_ctx {
    /* The summaries' shared strings: the jobs point into it, so it
     * outlives tvc_pki_ctx_free; whoever frees the jobs frees it after
     * them (tvc_pki_strings_free). */
    tvc_pki_strings *strings;
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
