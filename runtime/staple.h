/* The OCSP responses a vhost staples, read from their files and read
 * again when a file changes (a new inode, size or mtime: what an atomic
 * rename by `tlsvhostc ocsp fetch` or `serve --ocsp-refresh` makes), so a
 * refreshed response is stapled without a restart. A file that no longer
 * holds a response keeps the last good one stapled. */
#ifndef TVC_RT_STAPLE_H
#define TVC_RT_STAPLE_H

#include <stddef.h>

#include <openssl/ssl.h>

#include "tlsvhost/runtime.h"

typedef struct tvc_rt_staple tvc_rt_staple;

/* The response files of vhost IDX of CFG: each certificate's own
 * (cfg->cert_ocsp; LEAVES[k] is its certificate k as loaded), then the
 * vhost's ocsp_response, for whichever certificate it is about. 0, with
 * *out NULL when there are none; -1 when a file holds no DER OCSP
 * response (the reason in err). */
int tvc_rt_staple_load(const tvc_rt_config *cfg, unsigned idx, X509 *const *leaves,
                       unsigned n_leaves, tvc_rt_staple **out, char *err, size_t errlen);
/* A copy of the response (OPENSSL_malloc'ed, for
 * SSL_set_tlsext_status_ocsp_resp) for SERVED, the certificate the
 * connection uses: the file of that certificate, and only when the
 * response is about it. NULL: none. */
unsigned char *tvc_rt_staple_get(tvc_rt_staple *s, X509 *served, long *len);
void tvc_rt_staple_free(tvc_rt_staple *s);

#endif
