/* The one table of key-exchange groups, keyed by IANA TLS NamedGroup code
 * point, that every module's spelling is read and written through:
 * mod_ssl (OpenSSL's Groups/Curves names), mod_gnutls (GROUP-/CURVE-
 * names in priorities) and mod_tls (rustls, which has no setting for
 * them). Two lists are the same when their code points are. */
#ifndef TVC_GROUPS_H
#define TVC_GROUPS_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"

typedef struct tvc_group {
    uint16_t code;
    const char *iana;        /* the registry's name: secp256r1, x25519, ffdhe2048 */
    const char *openssl;     /* the name written for mod_ssl; NULL: OpenSSL 3.0 lacks it */
    const char *openssl_alt; /* another name OpenSSL takes (prime256v1); NULL if none */
    const char *gnutls;      /* GROUP-<this>; NULL: GnuTLS lacks it */
    int rustls;              /* rustls offers it (its list is fixed: tvc_groups_rustls) */
} tvc_group;

const tvc_group *tvc_groups(size_t *n);
const tvc_group *tvc_group_by_code(uint16_t code);
/* Any module's spelling, case-insensitive: P-256, prime256v1, secp256r1,
 * SECP256R1, GROUP-SECP256R1, CURVE-SECP256R1 are one group. NULL when
 * no module knows the name. */
const tvc_group *tvc_group_by_name(const char *name);
/* A list of names as code points, in order; 0 for a name no module knows
 * (so that it never equals a known group). */
uint16_t *tvc_groups_codes(tvc_arena *a, const char *const *names, size_t n);
/* The same list, order included? */
int tvc_groups_same(const uint16_t *a, size_t na, const uint16_t *b, size_t nb);

/* Built-in lists, in preference order. rustls (so mod_tls, which cannot
 * change it): X25519, secp256r1, secp384r1 (rustls's kx groups). OpenSSL
 * 3.0 without SSLOpenSSLConfCmd Groups: its supported_groups_default,
 * what a default client and server send and accept. */
const uint16_t *tvc_groups_rustls(size_t *n);
const uint16_t *tvc_groups_openssl_default(size_t *n);

#endif
