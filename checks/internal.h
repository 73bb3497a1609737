/* Shared by the check files: the run, and each vhost's certificates
 * linked to their summary (one summary per distinct set of files). */
#ifndef TVC_CHECKS_INTERNAL_H
#define TVC_CHECKS_INTERNAL_H

#include "checks/checks.h"
#include "checks/pki.h"

typedef struct tvc_cref {
    const tvc_vhost *vh;
    const tvc_cert *cert;
    tvc_pki_job *job;
    int first; /* first time this job is seen at this directive */
} tvc_cref;

typedef struct tvc_check_run {
    tvc_arena *a;
    tvc_diags *d;
    const tvc_ir *ir;
    const tvc_check_opts *o;
    time_t now;
    tvc_pki_job *jobs;
    size_t n_jobs;
    tvc_pki_strings *strings; /* the jobs' shared strings, freed after them */
    tvc_cref *refs; /* in vhost order, then cert order */
    size_t n_refs;
} tvc_check_run;

/* A finding about vhost `vh` (may be NULL) at `loc`. */
tvc_diag *tvc_check_report(tvc_check_run *r, const tvc_vhost *vh, const char *id,
                           tvc_severity sev, const tvc_loc *loc, unsigned span,
                           const char *fmt, ...) __attribute__((format(printf, 7, 8)));
/* "*:443 a.test": how messages name a vhost. */
const char *tvc_check_vhost_label(tvc_check_run *r, const tvc_vhost *vh);
const char *tvc_check_vhost_name(const tvc_check_run *r, const tvc_vhost *vh);

void tvc_check_keys(tvc_check_run *r);
void tvc_check_chain(tvc_check_run *r);
void tvc_check_expiry(tvc_check_run *r);
void tvc_check_names(tvc_check_run *r);
void tvc_check_files(tvc_check_run *r);
void tvc_check_sni(tvc_check_run *r);
void tvc_check_staple(tvc_check_run *r);
void tvc_check_ciphers(tvc_check_run *r);
void tvc_check_profile(tvc_check_run *r);
void tvc_check_ocsp(tvc_check_run *r);
/* "OpenSSL 3.0.x" for messages. */
const char *tvc_openssl_version_short(void);

#endif
