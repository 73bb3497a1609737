/* The certificates of a config that OCSP is asked about, once each: what
 * `check --ocsp`, `ocsp fetch` and `serve --ocsp-refresh` share. */
#ifndef TVC_OCSP_TARGETS_H
#define TVC_OCSP_TARGETS_H

#include "ir/ir.h"
#include "ocsp/ocsp.h"

typedef struct tvc_ocsp_target {
    const tvc_vhost *vh;       /* the first vhost that uses the certificate */
    const tvc_cert *cert;      /* the configured certificate (the leaf's) */
    int depth;                 /* 0: the leaf; 1, 2, ...: an intermediate of
                                  its chain, asked about where the vhost
                                  speaks TLS 1.3 (only its multi-staple
                                  carries their status) */
    char *subject;             /* an intermediate's subject (malloc'ed) */
    const char *response_file; /* the configured file for this certificate; NULL */
    tvc_loc response_loc;
    char *load_err;            /* the certificate could not be read (malloc'ed) */
    char *url;                 /* the override, else the AIA URI; NULL: none */
    tvc_ocsp_item item;        /* leaf, issuer, url and, once fetched, the answer */
} tvc_ocsp_target;

typedef struct tvc_ocsp_targets {
    tvc_ocsp_target *v;
    size_t n, cap;
} tvc_ocsp_targets;

/* One target per distinct certificate file and response file of the TLS
 * vhosts, each leaf and issuer read, then one per distinct intermediate
 * whose issuer is known, of the vhosts that speak TLS 1.3. Freed with
 * the arena A. */
tvc_ocsp_targets *tvc_ocsp_targets_build(tvc_arena *a, const tvc_ir *ir,
                                         const char *ca_file);
/* "certificate '/p/a.pem'", or for an intermediate "intermediate
 * certificate 'CN=Sub CA' (chain of '/p/a.pem')": for messages. */
const char *tvc_ocsp_target_name(tvc_arena *a, const tvc_ocsp_target *g);
/* Asks every target that has a leaf, an issuer and a responder. */
int tvc_ocsp_targets_fetch(tvc_ocsp_targets *t, const tvc_ocsp_opts *o, char **err);
/* Drops the answers, to fetch again. */
void tvc_ocsp_targets_reset(tvc_ocsp_targets *t);

#endif
