/* One copy of each string the certificate summaries share: at 10,000
 * vhosts under one intermediate, its subject and issuer, the leaves'
 * OCSP responder and the key types are the same text in every job
 * (about 300 bytes a job as separate copies). The worker threads add to
 * one set under a lock: a few calls per job, against milliseconds of
 * crypto. The set owns the strings until tvc_pki_strings_free. */
#ifndef TVC_CHECKS_PKI_STRINGS_H
#define TVC_CHECKS_PKI_STRINGS_H

#include <stddef.h>

typedef struct tvc_pki_strings tvc_pki_strings;

tvc_pki_strings *tvc_pki_strings_new(void);
void tvc_pki_strings_free(tvc_pki_strings *s);
/* The set's copy of the `len` bytes at `str` (NUL-terminated). */
const char *tvc_pki_strings_get(tvc_pki_strings *s, const char *str, size_t len);

#endif
