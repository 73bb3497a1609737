/* The one table of cipher suites, keyed by IANA code point, that the three
 * languages are translated through. */
#ifndef TVC_SUITES_H
#define TVC_SUITES_H

#include <stddef.h>
#include <stdint.h>

typedef struct tvc_suite {
    uint16_t code;
    const char *iana;     /* TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 */
    const char *openssl;  /* ECDHE-RSA-AES128-GCM-SHA256; NULL: OpenSSL lacks it */
    const char *alias;    /* mod_tls's alternate name; NULL if none */
    int rustls;           /* rustls (so mod_tls) can negotiate it */
} tvc_suite;

enum {
    TVC_WEAK_NULL = 1u << 0,   /* no encryption */
    TVC_WEAK_ANON = 1u << 1,   /* no authentication */
    TVC_WEAK_EXPORT = 1u << 2,
    TVC_WEAK_RC4 = 1u << 3,
    TVC_WEAK_DES = 1u << 4,    /* DES and 3DES (Sweet32) */
    TVC_WEAK_MD5 = 1u << 5,
    TVC_WEAK_NO_FS = 1u << 6,  /* static RSA/DH key exchange: no forward secrecy */
    TVC_WEAK_CBC = 1u << 7,    /* CBC mode (Lucky13 family); informative */
    TVC_WEAK_OTHER = 1u << 8,  /* IDEA, SEED, RC2, ... obsolete ciphers */
};

const tvc_suite *tvc_suites(size_t *n);
const tvc_suite *tvc_suite_by_code(uint16_t code);
/* IANA name, OpenSSL name, mod_tls alias or TLS_CIPHER_0xNNNN. */
const tvc_suite *tvc_suite_by_name(const char *name);
unsigned tvc_suite_weakness(const tvc_suite *s);
/* "NULL, export" etc.: a human list of the weakness bits (static text). */
const char *tvc_weakness_text(unsigned bits);
int tvc_suite_is_tls13(uint16_t code);

#endif
