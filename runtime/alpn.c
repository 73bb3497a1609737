/* See alpn.h. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/ssl.h>

#include "alpn.h"

/* httpd's default `Protocols http/1.1`, in ALPN's wire form. */
static const unsigned char default_wire[] = "\x08http/1.1";

int tvc_rt_alpn_init(tvc_rt_alpn *p, const char *const *ids, unsigned n, char *err,
                     size_t errlen)
{
    p->wire = NULL;
    p->len = 0;
    size_t total = 0;
    for (unsigned i = 0; i < n; i++) {
        size_t l = ids[i] ? strlen(ids[i]) : 0;
        if (l == 0 || l > 255) {
            snprintf(err, errlen, "protocol '%s' cannot be offered by ALPN (1 to 255 bytes)",
                     ids[i] ? ids[i] : "");
            return -1;
        }
        total += l + 1;
    }
    if (!n)
        return 0;
    if (total > 65535 || !(p->wire = malloc(total))) {
        snprintf(err, errlen, "%s", total > 65535 ? "Protocols list too long for ALPN"
                                                  : "out of memory");
        return -1;
    }
    for (unsigned i = 0; i < n; i++) {
        size_t l = strlen(ids[i]);
        p->wire[p->len++] = (unsigned char)l;
        memcpy(p->wire + p->len, ids[i], l);
        p->len += (unsigned)l;
    }
    return 0;
}

int tvc_rt_alpn_select(const tvc_rt_alpn *p, const unsigned char **out, unsigned char *outlen,
                       const unsigned char *in, unsigned int inlen)
{
    const unsigned char *srv = p && p->wire ? p->wire : default_wire;
    unsigned srv_len = p && p->wire ? p->len : (unsigned)sizeof default_wire - 1;
    unsigned char *sel = NULL;
    unsigned char sel_len = 0;
    /* The server's list first: the first of its ids the client has. */
    if (SSL_select_next_proto(&sel, &sel_len, srv, srv_len, in, inlen) !=
        OPENSSL_NPN_NEGOTIATED)
        return SSL_TLSEXT_ERR_ALERT_FATAL;
    *out = sel;
    *outlen = sel_len;
    return SSL_TLSEXT_ERR_OK;
}

void tvc_rt_alpn_clear(tvc_rt_alpn *p)
{
    free(p->wire);
    p->wire = NULL;
    p->len = 0;
}
