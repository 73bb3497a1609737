/* OCSP for stapling and for `check --ocsp`: the request for one
 * certificate (RFC 6960), the requests sent side by side with libcurl's
 * multi interface, the response verified against the certificate's issuer, and
 * a response file written so that a server never reads half of one.
 * Knows nothing of the IR: ocsp/targets.c maps vhosts to items.
 * Everything here is malloc'ed and freed by tvc_ocsp_item_clear: the
 * background refresh of `serve` runs it on its own thread, outside any
 * run's arena. */
#ifndef TVC_OCSP_H
#define TVC_OCSP_H

#include <stddef.h>
#include <time.h>

#include <openssl/ocsp.h>
#include <openssl/x509.h>

typedef enum {
    TVC_OCSP_NONE = 0,     /* not asked (yet) */
    TVC_OCSP_GOOD,
    TVC_OCSP_REVOKED,
    TVC_OCSP_UNKNOWN,      /* the responder does not know the certificate */
    TVC_OCSP_UNREACHABLE,  /* no answer: connect error, timeout, HTTP error */
    TVC_OCSP_BAD,          /* unparsable, badly signed, for another certificate */
    TVC_OCSP_STALE         /* verified, but past nextUpdate */
} tvc_ocsp_status;

/* What a verified (or rejected) response says. */
typedef struct tvc_ocsp_result {
    tvc_ocsp_status status;
    char *detail;          /* why, for messages (malloc'ed); NULL for GOOD */
    time_t this_update, next_update; /* 0: absent */
    time_t revoked_at;
    int reason;            /* CRLReason; -1: none given */
} tvc_ocsp_result;

typedef struct tvc_ocsp_item {
    /* input: the caller owns leaf and issuer */
    X509 *leaf, *issuer;
    const char *url;       /* the responder */
    int nonce;             /* send a nonce (then by POST) and require it back */
    /* output */
    tvc_ocsp_result res;
    unsigned char *der;    /* the response as received (malloc'ed) */
    size_t der_len;
    /* private to the fetch */
    struct tvc_ocsp_xfer *x;
} tvc_ocsp_item;

typedef struct tvc_ocsp_opts {
    long timeout_ms;       /* connect and whole transfer; mod_ssl's 10 s */
    size_t max_bytes;      /* a larger response is refused */
    time_t now;            /* the clock responses are checked against */
    /* Called on the calling thread as answers come in. */
    void (*progress)(void *ud, size_t done, size_t total);
    void *progress_ud;
} tvc_ocsp_opts;

#define TVC_OCSP_MAX_BYTES (64 * 1024)

/* The responder of LEAF from its AIA extension (malloc'ed); NULL: none. */
char *tvc_ocsp_aia_url(X509 *leaf);

/* Asks every item's responder, 16 requests at a time per responder, and
 * verifies each answer into item->res. Items asking the same URL for the same certificate share one
 * request. Returns -1 only when libcurl cannot be loaded or started (*err
 * set, malloc'ed). */
int tvc_ocsp_fetch(tvc_ocsp_item *const *items, size_t n, const tvc_ocsp_opts *o,
                   char **err);

/* Verifies the DER response DER for LEAF issued by ISSUER at NOW: signed
 * by the issuer or by a responder it delegated (id-kp-OCSPSigning), for
 * this certificate, inside thisUpdate..nextUpdate. REQ (may be NULL) is
 * the request that was sent, for its nonce. */
void tvc_ocsp_verify(const unsigned char *der, size_t len, X509 *leaf, X509 *issuer,
                     OCSP_REQUEST *req, time_t now, tvc_ocsp_result *out);

/* The trust anchors of CA_FILE, or the system's when NULL; NULL when
 * they cannot be read. */
X509_STORE *tvc_ocsp_anchors(const char *ca_file);

/* Every certificate of CERT_FILE, then of the CHAIN files, in order;
 * NULL when CERT_FILE holds none. */
STACK_OF(X509) *tvc_ocsp_load_chain(const char *cert_file, const char *const *chain,
                                    size_t n_chain);
/* The issuer of X among SK's other certificates (its index in *POS, when
 * POS is given; -1 when it came from ANCHORS), else among ANCHORS (may be
 * NULL). Up-referenced; NULL when neither has it. */
X509 *tvc_ocsp_issuer_of(X509 *x, STACK_OF(X509) *sk, X509_STORE *anchors, int *pos);

/* The leaf of CERT_FILE (certificate LEAF_INDEX of it) and its issuer,
 * looked for in the file, the CHAIN files, then ANCHORS (may be NULL).
 * 0, or -1 with *err (malloc'ed); *issuer may be NULL when not found. */
int tvc_ocsp_load_pair(const char *cert_file, int leaf_index, const char *const *chain,
                       size_t n_chain, X509_STORE *anchors, X509 **leaf, X509 **issuer,
                       char **err);

/* Writes DER to PATH atomically (a temporary file beside it, fsync,
 * rename, fsync of the directory). Keeps an existing file that is better
 * for LEAF/ISSUER at NOW (a newer good answer) and says so in *why.
 * 1 written, 0 kept, -1 failed (*why says why; malloc'ed). */
int tvc_ocsp_store(const char *path, const unsigned char *der, size_t len, X509 *leaf,
                   X509 *issuer, time_t now, char **why);

const char *tvc_ocsp_status_name(tvc_ocsp_status s);
/* "keyCompromise" ... for a CRLReason; "unspecified" when -1. */
const char *tvc_ocsp_reason_name(int reason);
void tvc_ocsp_result_clear(tvc_ocsp_result *r);
void tvc_ocsp_item_clear(tvc_ocsp_item *it);

#endif
