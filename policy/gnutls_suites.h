/* GnuTLS 3.7.9's cipher suite table (lib/algorithms/ciphersuites.c), in
 * the library's own order, as static data for the built-in resolver of
 * GnuTLS priority strings (policy/gnutls.c).
 *
 * The algorithm fields hold GnuTLS's own enum values (gnutls_kx_algorithm_t,
 * gnutls_cipher_algorithm_t, gnutls_mac_algorithm_t, gnutls_protocol_t):
 * they are part of GnuTLS's ABI and the resolver's name tables use the same
 * numbers, so no GnuTLS header is needed to build it. */
#ifndef TVC_GNUTLS_SUITES_H
#define TVC_GNUTLS_SUITES_H

#include <stddef.h>
#include <stdint.h>

/* gnutls_protocol_t */
enum {
    TVC_GV_SSL3 = 1,
    TVC_GV_TLS1_0 = 2,
    TVC_GV_TLS1_1 = 3,
    TVC_GV_TLS1_2 = 4,
    TVC_GV_TLS1_3 = 5,
    TVC_GV_DTLS0_9 = 200,
    TVC_GV_DTLS1_0 = 201,
    TVC_GV_DTLS1_2 = 202,
};

/* The MAC of every AEAD suite (GNUTLS_MAC_AEAD). */
#define TVC_GMAC_AEAD 200

typedef struct tvc_gnutls_suite {
    uint16_t code;        /* IANA code point */
    const char *name;     /* GnuTLS's name: TLS_ECDHE_RSA_AES_128_GCM_SHA256 */
    uint8_t kx;           /* gnutls_kx_algorithm_t; 0 for TLS 1.3 suites */
    uint8_t cipher;       /* gnutls_cipher_algorithm_t */
    uint8_t mac;          /* gnutls_mac_algorithm_t; 200 = AEAD */
    uint8_t min_version;  /* lowest TLS version (gnutls_protocol_t) */
    uint8_t max_version;  /* highest TLS version */
    uint8_t min_dtls;     /* lowest DTLS version; 0: never over DTLS */
} tvc_gnutls_suite;

extern const tvc_gnutls_suite tvc_gnutls_suites[];
extern const size_t tvc_gnutls_n_suites;

#endif
