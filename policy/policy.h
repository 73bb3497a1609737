/* The policy engine: one model of "which TLS versions, suites and groups
 * may this vhost (or proxy side) negotiate, in whose order", read from
 * any of the three modules' languages, checked, and translated back. */
#ifndef TVC_POLICY_H
#define TVC_POLICY_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"

typedef struct tvc_policy {
    int proto_min, proto_max;  /* wire codes (0x0303 = TLS 1.2); 0 = none */
    uint16_t *tls12;           /* suites for TLS <= 1.2, IANA codes, in order */
    size_t n_tls12;
    uint16_t *tls13;           /* TLS 1.3 suites */
    size_t n_tls13;
    const char **groups;       /* key exchange groups, IANA-ish names */
    size_t n_groups;
    int server_preference;     /* -1 unknown, 0 client order, 1 server order */
    int tickets;               /* -1 unknown, 0 off, 1 on */
} tvc_policy;

/* Which of the strings a module reads together an error is in, so the
 * caller points at the directive that set it. */
typedef enum {
    TVC_POLICY_IN_MAIN = 0, /* the cipher string, priority string or TLSCiphersPrefer */
    TVC_POLICY_IN_SUPPRESS, /* mod_tls: TLSCiphersSuppress */
    TVC_POLICY_IN_TLS13,    /* mod_ssl: the TLS 1.3 suite list */
} tvc_policy_input;

/* An error in a policy string: where (0-based byte offset into the
 * string) and what. */
typedef struct tvc_policy_err {
    size_t offset;
    const char *message; /* arena-owned */
    /* 1: the string is rejected as a whole; 0: a warning; -1: a note,
     * nothing is wrong but the element has no effect here */
    int fatal;
    /* The string it is in (last, so that {offset, message, fatal}
     * initialisers mean the main one). */
    tvc_policy_input input;
} tvc_policy_err;

/* Problems found while reading one string, in string order. */
typedef struct tvc_policy_errs {
    tvc_policy_err *v;
    size_t n, cap;
} tvc_policy_errs;

void tvc_policy_err_add(tvc_arena *a, tvc_policy_errs *e, size_t offset, int fatal,
                        const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* The same for an error in a string other than the main one. */
void tvc_policy_err_add_in(tvc_arena *a, tvc_policy_errs *e, tvc_policy_input input,
                           size_t offset, int fatal, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* mod_ssl: an OpenSSL cipher string (TLS <= 1.2), a TLS 1.3 suite list,
 * and a protocol range, expanded by this OpenSSL itself on a scratch
 * SSL_CTX (with the system openssl.cnf applied, as in httpd). NULL
 * strings mean OpenSSL's defaults; proto 0 means mod_ssl's default. */
typedef struct tvc_openssl_in {
    const char *spec, *spec13;
    int proto_min, proto_max;
    int server_preference;
    const char *groups; /* "X25519:P-256" or NULL */
} tvc_openssl_in;

int tvc_openssl_resolve(tvc_arena *a, const tvc_openssl_in *in, tvc_policy *out,
                        tvc_policy_errs *errs);
/* A keyword or suite name OpenSSL's cipher strings know or once knew
 * (policy/openssl_words.c), case-sensitive as OpenSSL compares them. */
int tvc_openssl_word_known(const char *word);
int tvc_openssl_words_sorted(void);
const char *tvc_openssl_version(void);

/* mod_tls: rustls's suites minus TLSCiphersSuppress, TLSCiphersPrefer
 * first; unknown names are fatal, known-but-unsupported ones in
 * TLSCiphersPrefer notes (they have no effect), in TLSCiphersSuppress
 * nothing at all. */
int tvc_rustls_resolve(tvc_arena *a, const char *prefer, const char *suppress,
                       int proto_min, int server_preference, tvc_policy *out,
                       tvc_policy_errs *errs);

/* GnuTLS priority strings (GnuTLSPriorities), resolved by tlsvhostc's own
 * implementation of the grammar in GnuTLS 3.7's lib/priority.c. Returns
 * 0, or -1 with *err filled (an unknown keyword, a syntax error). */
int tvc_gnutls_resolve(tvc_arena *a, const char *prio, tvc_policy *out, tvc_policy_err *err);

/* For the NAME of a "+NAME" priority element (n bytes): 1 if it is a
 * cipher, MAC or key exchange some GnuTLS suite uses, 0 if GnuTLS knows
 * it but no suite uses it (adding it changes nothing: ARCFOUR-40,
 * RSA-EXPORT, DES-CBC), -1 if it is no such name. */
int tvc_gnutls_alg_in_suites(const char *name, size_t n);

/* GnuTLS's priority-string name of a cipher ('c'), MAC ('m') or key
 * exchange ('k') by its GnuTLS enum value (policy/gnutls_suites.h). */
const char *tvc_gnutls_alg_name(char kind, int id);

/* The same through libgnutls when it was found at configure time
 * (HAVE_GNUTLS): gnutls_priority_init2 + gnutls_priority_get_cipher_suite_index.
 * Returns -2 when built without libgnutls or when libgnutls.so.30 cannot
 * be loaded (then err->message says why). */
int tvc_gnutls_resolve_lib(tvc_arena *a, const char *prio, tvc_policy *out,
                           tvc_policy_err *err);

#endif
