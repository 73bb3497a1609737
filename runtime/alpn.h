/* A vhost's `Protocols` as ALPN (RFC 7301) offers them: the server's
 * list in its order, as httpd with ProtocolsHonorOrder on (its default)
 * picks. */
#ifndef TVC_RT_ALPN_H
#define TVC_RT_ALPN_H

#include <stddef.h>

typedef struct tvc_rt_alpn {
    unsigned char *wire;   /* length-prefixed ids; NULL: http/1.1 alone */
    unsigned len;
} tvc_rt_alpn;

/* From the emitted list (n == 0: httpd's default). -1 with the reason in
 * err for an id ALPN cannot carry (empty, over 255 bytes). */
int tvc_rt_alpn_init(tvc_rt_alpn *p, const char *const *ids, unsigned n, char *err,
                     size_t errlen);
/* The ALPN select callback's answer for the client's list `in`: the
 * first of the server's ids that the client offers. None in common is
 * SSL_TLSEXT_ERR_ALERT_FATAL (a no_application_protocol alert); mod_ssl
 * answers http/1.1 there, which the client then refuses, so the
 * connection fails either way and this way says why. */
int tvc_rt_alpn_select(const tvc_rt_alpn *p, const unsigned char **out, unsigned char *outlen,
                       const unsigned char *in, unsigned int inlen);
void tvc_rt_alpn_clear(tvc_rt_alpn *p);

#endif
