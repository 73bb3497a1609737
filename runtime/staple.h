/* The OCSP response a vhost staples, read from its file and read again
 * when the file changes (a new inode, size or mtime: what an atomic
 * rename by `tlsvhostc ocsp fetch` or `serve --ocsp-refresh` makes), so a
 * refreshed response is stapled without a restart. A file that no longer
 * holds a response keeps the last good one stapled. */
#ifndef TVC_RT_STAPLE_H
#define TVC_RT_STAPLE_H

#include <stddef.h>

#include <openssl/ssl.h>

typedef struct tvc_rt_staple tvc_rt_staple;

/* Reads PATH; NULL when it holds no DER OCSP response (the reason in err). */
tvc_rt_staple *tvc_rt_staple_new(const char *path, char *err, size_t errlen);
/* A copy of the response (OPENSSL_malloc'ed, for
 * SSL_set_tlsext_status_ocsp_resp) when it is about SERVED, the
 * certificate the connection uses: a vhost with an RSA and an ECDSA
 * certificate staples only to the one its response names. NULL: none. */
unsigned char *tvc_rt_staple_get(tvc_rt_staple *s, X509 *served, long *len);
void tvc_rt_staple_free(tvc_rt_staple *s);

#endif
