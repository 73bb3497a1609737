/* GnuTLS priority strings (mod_gnutls's GnuTLSPriorities), resolved by
 * tlsvhostc itself, without libgnutls, the way GnuTLS 3.7.9 does it in
 * lib/priority.c: the same grammar, the same quirks, the same per-level
 * lists and the same rules that turn the lists into cipher suites, so that
 * the suites come out in exactly the order gnutls_priority_get_cipher_suite_index()
 * enumerates them (tests/test_gnutls.c checks this against libgnutls).
 *
 * The string is a ':'-separated list of elements:
 *   LEVEL                NORMAL, PFS, SECURE128 (SECURE), SECURE192
 *                        (SECURE256), SUITEB128, SUITEB192, LEGACY,
 *                        PERFORMANCE; the first one sets the lists, later
 *                        ones (or +LEVEL) merge; NONE only as the first
 *   +ITEM / -ITEM / !ITEM add or remove: a MAC, cipher or key exchange by
 *                        its bare name, VERS-, GROUP-, CURVE-, SIGN-,
 *                        CTYPE-, COMP- items, the *-ALL and *-GOST-ALL
 *                        bulk items and the GOST shortcut
 *   %FLAG                an option (case-sensitive)
 *   @KEYWORD[,K2...]     system-wide keyword, first element only
 *
 * What the resolver models is the state of one build: GnuTLS 3.7.9 as
 * Debian 12 ships it (libgnutls30 3.7.9-2+deb12u6, nettle backend, not in
 * FIPS mode, on a CPU with AES acceleration, no /etc/gnutls/config). Which
 * algorithm names exist and which curves and groups are usable come from
 * that library; the cipher suite table is policy/gnutls_suites.c.
 * Where another build would differ:
 *  - @SYSTEM / @KEYWORD: expanded like GnuTLS's compiled-in default
 *    priority string ("NORMAL" in this build), followed by whatever came
 *    after the first ':'. libgnutls itself reads the keyword from the
 *    system-wide config file, and rejects the string (at offset 0) when
 *    that file is missing, as on this machine.
 *  - PERFORMANCE: without AES acceleration GnuTLS moves CHACHA20-POLY1305
 *    first; in FIPS mode the NORMAL/PERFORMANCE lists are the FIPS ones.
 *  - SSL3.0 is compiled out (no ENABLE_SSL3): VERS-SSL3.0 is accepted and
 *    does nothing, so no policy here ever has proto_min 0x0300.
 *
 * Error offsets are the byte offset of the offending element in `prio`.
 * libgnutls reports the same offset, except that it does not count the
 * spaces it skips after ':' and reports 0 when the string starts with
 * whitespace or with '@'.
 *
 * The groups are GnuTLS's group names (SECP256R1, X25519, FFDHE2048, ...)
 * in the order gnutls_priority_group_list() returns them; a CURVE- item
 * naming a curve that is no key exchange group (Ed25519, CryptoPro-A, ...)
 * appears under the curve's name, as libgnutls puts the curve's number in
 * that list. */
#include "config.h"

#include "policy/policy.h"

#include <stdio.h>
#include <string.h>

#include "policy/gnutls_suites.h"

/* ---- the algorithm names of this build ---------------------------------- */

/* GnuTLS's enum value for each name; the numbers are GnuTLS's ABI. */
typedef struct named {
    const char *name;
    int id;
    unsigned flags;
} named;

enum {
    F_USABLE = 1u << 0,  /* cipher exists in the backend / group is usable */
    F_SEM_TLS12 = 1u << 1, /* signature counts for TLS1.0-1.2 and DTLS */
    F_SEM_TLS13 = 1u << 2, /* signature counts for TLS 1.3 */
};

#define END {NULL, 0, 0}

/* cipher_name_to_entry(); a name without F_USABLE is known to GnuTLS but
 * missing from the crypto backend: +/- of it is accepted and ignored. */
static const named ciphers[] = {
    {"NULL", 1, F_USABLE},
    {"ARCFOUR-128", 2, F_USABLE},
    {"3DES-CBC", 3, F_USABLE},
    {"AES-128-CBC", 4, F_USABLE},
    {"AES-256-CBC", 5, F_USABLE},
    {"ARCFOUR-40", 6, 0},
    {"CAMELLIA-128-CBC", 7, F_USABLE},
    {"CAMELLIA-256-CBC", 8, F_USABLE},
    {"AES-192-CBC", 9, F_USABLE},
    {"AES-128-GCM", 10, F_USABLE},
    {"AES-256-GCM", 11, F_USABLE},
    {"CAMELLIA-192-CBC", 12, F_USABLE},
    {"SALSA20-256", 13, F_USABLE},
    {"ESTREAM-SALSA20-256", 14, F_USABLE},
    {"CAMELLIA-128-GCM", 15, F_USABLE},
    {"CAMELLIA-256-GCM", 16, F_USABLE},
    {"RC2-40", 17, F_USABLE},
    {"DES-CBC", 18, F_USABLE},
    {"AES-128-CCM", 19, F_USABLE},
    {"AES-256-CCM", 20, F_USABLE},
    {"AES-128-CCM-8", 21, F_USABLE},
    {"AES-256-CCM-8", 22, F_USABLE},
    {"CHACHA20-POLY1305", 23, F_USABLE},
    {"GOST28147-TC26Z-CFB", 24, F_USABLE},
    {"GOST28147-CPA-CFB", 25, F_USABLE},
    {"GOST28147-CPB-CFB", 26, F_USABLE},
    {"GOST28147-CPC-CFB", 27, F_USABLE},
    {"GOST28147-CPD-CFB", 28, F_USABLE},
    {"AES-128-CFB8", 29, F_USABLE},
    {"AES-192-CFB8", 30, F_USABLE},
    {"AES-256-CFB8", 31, F_USABLE},
    {"AES-128-XTS", 32, F_USABLE},
    {"AES-256-XTS", 33, F_USABLE},
    {"GOST28147-TC26Z-CNT", 34, F_USABLE},
    {"CHACHA20-64", 35, F_USABLE},
    {"CHACHA20-32", 36, F_USABLE},
    {"AES-128-SIV", 37, F_USABLE},
    {"AES-256-SIV", 38, F_USABLE},
    {"AES-192-GCM", 39, F_USABLE},
    {"MAGMA-CTR-ACPKM", 40, F_USABLE},
    {"KUZNYECHIK-CTR-ACPKM", 41, F_USABLE},
    END,
};

/* gnutls_mac_get_id(): only MACs the backend has are found at all. */
static const named macs[] = {
    {"MD5", 2, 0},
    {"SHA1", 3, 0},
    {"SHA256", 6, 0},
    {"SHA384", 7, 0},
    {"SHA512", 8, 0},
    {"SHA224", 9, 0},
    {"GOSTR341194", 15, 0},
    {"STREEBOG-256", 16, 0},
    {"STREEBOG-512", 17, 0},
    {"AEAD", TVC_GMAC_AEAD, 0},
    {"UMAC-96", 201, 0},
    {"UMAC-128", 202, 0},
    {"AES-CMAC-128", 203, 0},
    {"AES-CMAC-256", 204, 0},
    {"AES-GMAC-128", 205, 0},
    {"AES-GMAC-192", 206, 0},
    {"AES-GMAC-256", 207, 0},
    {"GOST28147-TC26Z-IMIT", 208, 0},
    {"OMAC-MAGMA", 211, 0},
    {"OMAC-KUZNYECHIK", 212, 0},
    END,
};

/* Hash names GnuTLS 3.7.9 knows that this backend lacks: an error, but
 * with a better message than "unknown". */
static const char *const macs_missing[] = {
    "RIPEMD160", "MD2", "SHA3-224", "SHA3-256", "SHA3-384", "SHA3-512",
    "MD5+SHA1", "SHAKE-128", "SHAKE-256", NULL,
};

enum {
    KX_RSA = 1, KX_DHE_DSS = 2, KX_DHE_RSA = 3, KX_ANON_DH = 4, KX_SRP = 5,
    KX_SRP_RSA = 7, KX_SRP_DSS = 8, KX_PSK = 9, KX_DHE_PSK = 10,
    KX_ANON_ECDH = 11, KX_ECDHE_RSA = 12, KX_ECDHE_ECDSA = 13,
    KX_ECDHE_PSK = 14, KX_RSA_PSK = 15, KX_VKO_GOST_12 = 16,
};

/* _gnutls_kx_get_id(); RSA-EXPORT is accepted and maps to nothing (-1). */
static const named kxs[] = {
    {"RSA", KX_RSA, 0},
    {"DHE-DSS", KX_DHE_DSS, 0},
    {"DHE-RSA", KX_DHE_RSA, 0},
    {"ANON-DH", KX_ANON_DH, 0},
    {"SRP", KX_SRP, 0},
    {"SRP-RSA", KX_SRP_RSA, 0},
    {"SRP-DSS", KX_SRP_DSS, 0},
    {"PSK", KX_PSK, 0},
    {"DHE-PSK", KX_DHE_PSK, 0},
    {"ANON-ECDH", KX_ANON_ECDH, 0},
    {"ECDHE-RSA", KX_ECDHE_RSA, 0},
    {"ECDHE-ECDSA", KX_ECDHE_ECDSA, 0},
    {"ECDHE-PSK", KX_ECDHE_PSK, 0},
    {"RSA-PSK", KX_RSA_PSK, 0},
    {"VKO-GOST-12", KX_VKO_GOST_12, 0},
    {"RSA-EXPORT", -1, 0},
    END,
};

/* gnutls_protocol_get_id(); F_USABLE: compiled in (SSL 3.0 is not). */
static const named versions[] = {
    {"SSL3.0", TVC_GV_SSL3, 0},
    {"TLS1.0", TVC_GV_TLS1_0, F_USABLE},
    {"TLS1.1", TVC_GV_TLS1_1, F_USABLE},
    {"TLS1.2", TVC_GV_TLS1_2, F_USABLE},
    {"TLS1.3", TVC_GV_TLS1_3, F_USABLE},
    {"DTLS0.9", TVC_GV_DTLS0_9, F_USABLE},
    {"DTLS1.0", TVC_GV_DTLS1_0, F_USABLE},
    {"DTLS1.2", TVC_GV_DTLS1_2, F_USABLE},
    END,
};

/* GROUP-<name>: every group GnuTLS knows is accepted; F_USABLE: the
 * backend supports it (the GOST curves other than GC256B and GC512A are
 * not), which is what makes TLS 1.3 possible (see finish()). */
static const named groups[] = {
    {"SECP224R1", 1, F_USABLE},
    {"SECP256R1", 2, F_USABLE},
    {"SECP384R1", 3, F_USABLE},
    {"SECP521R1", 4, F_USABLE},
    {"SECP192R1", 5, F_USABLE},
    {"X25519", 6, F_USABLE},
    {"GC512A", 13, F_USABLE},
    {"GC512B", 14, 0},
    {"GC512C", 15, 0},
    {"GC256A", 16, 0},
    {"GC256B", 17, F_USABLE},
    {"GC256C", 18, 0},
    {"GC256D", 19, 0},
    {"X448", 20, F_USABLE},
    {"FFDHE2048", 256, F_USABLE},
    {"FFDHE3072", 257, F_USABLE},
    {"FFDHE4096", 258, F_USABLE},
    {"FFDHE8192", 259, F_USABLE},
    {"FFDHE6144", 260, F_USABLE},
    END,
};

/* CURVE-<name> (legacy): gnutls_ecc_curve_get_id() finds only the curves
 * the backend supports, and the curve's number goes into the group list
 * as it is (the numbers coincide for the curves that are groups). */
static const named curves[] = {
    {"SECP224R1", 1, 0},
    {"SECP256R1", 2, 0},
    {"SECP384R1", 3, 0},
    {"SECP521R1", 4, 0},
    {"SECP192R1", 5, 0},
    {"X25519", 6, 0},
    {"Ed25519", 7, 0},
    {"CryptoPro-A", 8, 0},
    {"CryptoPro-XchA", 11, 0},
    {"TC26-512-A", 13, 0},
    {"TC26-256-B", 17, 0},
    {"X448", 20, 0},
    {"Ed448", 21, 0},
    END,
};

static const char *const curves_missing[] = {
    "CryptoPro-B", "CryptoPro-C", "CryptoPro-XchB", "TC26-512-B",
    "TC26-512-C", "TC26-256-A", "TC26-256-C", "TC26-256-D", NULL,
};

/* gnutls_sign_get_id(). The F_SEM_* bits say for which protocol versions
 * GnuTLS counts the algorithm as a usable TLS signature algorithm (its TLS
 * code point semantics, and not marked insecure); measured on this build. */
#define P F_SEM_TLS12
#define T F_SEM_TLS13
static const named signs[] = {
    {"RSA-SHA1", 1, P | T},
    {"DSA-SHA1", 2, P},
    {"RSA-MD5", 3, 0},
    {"RSA-MD2", 4, 0},
    {"RSA-RMD160", 5, 0},
    {"RSA-SHA256", 6, P | T},
    {"RSA-SHA384", 7, P | T},
    {"RSA-SHA512", 8, P | T},
    {"RSA-SHA224", 9, 0},
    {"DSA-SHA224", 10, 0},
    {"DSA-SHA256", 11, 0},
    {"ECDSA-SHA1", 12, P | T},
    {"ECDSA-SHA224", 13, 0},
    {"ECDSA-SHA256", 14, P},
    {"ECDSA-SHA384", 15, P},
    {"ECDSA-SHA512", 16, P},
    {"DSA-SHA384", 17, 0},
    {"DSA-SHA512", 18, 0},
    {"ECDSA-SHA3-224", 20, 0},
    {"ECDSA-SHA3-256", 21, 0},
    {"ECDSA-SHA3-384", 22, 0},
    {"ECDSA-SHA3-512", 23, 0},
    {"DSA-SHA3-224", 24, 0},
    {"DSA-SHA3-256", 25, 0},
    {"DSA-SHA3-384", 26, 0},
    {"DSA-SHA3-512", 27, 0},
    {"RSA-SHA3-224", 28, 0},
    {"RSA-SHA3-256", 29, 0},
    {"RSA-SHA3-384", 30, 0},
    {"RSA-SHA3-512", 31, 0},
    {"RSA-PSS-SHA256", 32, P | T},
    {"RSA-PSS-SHA384", 33, P | T},
    {"RSA-PSS-SHA512", 34, P | T},
    {"EdDSA-Ed25519", 35, P | T},
    {"RSA-RAW", 36, 0},
    {"ECDSA-SECP256R1-SHA256", 37, T},
    {"ECDSA-SECP384R1-SHA384", 38, T},
    {"ECDSA-SECP521R1-SHA512", 39, T},
    {"RSA-PSS-RSAE-SHA256", 40, P | T},
    {"RSA-PSS-RSAE-SHA384", 41, P | T},
    {"RSA-PSS-RSAE-SHA512", 42, P | T},
    {"GOSTR341001", 43, 0},
    {"GOSTR341012-256", 44, P},
    {"GOSTR341012-512", 45, P},
    {"EdDSA-Ed448", 46, P | T},
    END,
};
#undef P
#undef T

/* gnutls_certificate_type_get_id() */
static const named ctypes[] = {
    {"X.509", 1, 0},
    {"X509", 1, 0},
    {"RAWPK", 3, 0},
    END,
};

/* lib/priority_options.gperf: the %options (matched case-sensitively). */
enum { O_SERVER_PRECEDENCE = 1, O_NO_TICKETS, O_NO_TICKETS_TLS12, O_NO_EXTENSIONS };
static const named options[] = {
    {"COMPAT", 0, 0},
    {"DUMBFW", 0, 0},
    {"NO_EXTENSIONS", O_NO_EXTENSIONS, 0},
    {"NO_TICKETS", O_NO_TICKETS, 0},
    {"NO_TICKETS_TLS12", O_NO_TICKETS_TLS12, 0},
    {"NO_ETM", 0, 0},
    {"FORCE_ETM", 0, 0},
    {"NO_SESSION_HASH", 0, 0},
    {"STATELESS_COMPRESSION", 0, 0},
    {"VERIFY_ALLOW_BROKEN", 0, 0},
    {"VERIFY_ALLOW_SIGN_RSA_MD5", 0, 0},
    {"VERIFY_ALLOW_SIGN_WITH_SHA1", 0, 0},
    {"VERIFY_DISABLE_CRL_CHECKS", 0, 0},
    {"SSL3_RECORD_VERSION", 0, 0},
    {"LATEST_RECORD_VERSION", 0, 0},
    {"VERIFY_ALLOW_X509_V1_CA_CRT", 0, 0},
    {"UNSAFE_RENEGOTIATION", 0, 0},
    {"SAFE_RENEGOTIATION", 0, 0},
    {"PARTIAL_RENEGOTIATION", 0, 0},
    {"DISABLE_SAFE_RENEGOTIATION", 0, 0},
    {"FALLBACK_SCSV", 0, 0},
    {"DISABLE_WILDCARDS", 0, 0},
    {"SERVER_PRECEDENCE", O_SERVER_PRECEDENCE, 0},
    {"PROFILE_VERY_WEAK", 0, 0},
    {"PROFILE_LOW", 0, 0},
    {"PROFILE_LEGACY", 0, 0},
    {"PROFILE_MEDIUM", 0, 0},
    {"PROFILE_HIGH", 0, 0},
    {"PROFILE_ULTRA", 0, 0},
    {"PROFILE_FUTURE", 0, 0},
    {"PROFILE_SUITEB128", 0, 0},
    {"PROFILE_SUITEB192", 0, 0},
    {"NEW_PADDING", 0, 0},
    {"DEBUG_ALLOW_KEY_USAGE_VIOLATIONS", 0, 0},
    {"ALLOW_SMALL_RECORDS", 0, 0},
    {"DISABLE_TLS13_COMPAT_MODE", 0, 0},
    END,
};

/* ---- the lists of the levels and bulk items (0-terminated) -------------- */

static const int protocol_all[] = {TVC_GV_TLS1_3, TVC_GV_TLS1_2, TVC_GV_TLS1_1, TVC_GV_TLS1_0,
                                   TVC_GV_DTLS1_2, TVC_GV_DTLS1_0, 0};
static const int protocol_stream[] = {TVC_GV_TLS1_3, TVC_GV_TLS1_2, TVC_GV_TLS1_1,
                                      TVC_GV_TLS1_0, 0};
static const int protocol_dtls_add[] = {TVC_GV_DTLS1_2, TVC_GV_DTLS1_0, 0};
static const int protocol_dtls_del[] = {TVC_GV_DTLS1_2, TVC_GV_DTLS1_0, TVC_GV_DTLS0_9, 0};
static const int protocol_suiteb[] = {TVC_GV_TLS1_2, 0};

static const int cipher_normal[] = {11, 23, 20, 5, 10, 19, 4, 0};
static const int cipher_performance[] = {10, 11, 23, 19, 20, 4, 5, 0};
static const int cipher_secure128[] = {11, 23, 5, 20, 10, 4, 19, 0};
static const int cipher_secure192[] = {11, 23, 5, 20, 0};
static const int cipher_suiteb128[] = {11, 10, 0};
static const int cipher_suiteb192[] = {11, 0};
static const int cipher_gost[] = {34, 0};

static const int mac_normal[] = {3, TVC_GMAC_AEAD, 0};
static const int mac_secure192[] = {TVC_GMAC_AEAD, 0};
static const int mac_gost[] = {208, 0};

static const int kx_secure[] = {KX_ECDHE_ECDSA, KX_ECDHE_RSA, KX_RSA, KX_DHE_RSA, 0};
static const int kx_pfs[] = {KX_ECDHE_ECDSA, KX_ECDHE_RSA, KX_DHE_RSA, 0};
static const int kx_performance[] = {KX_RSA, KX_ECDHE_ECDSA, KX_ECDHE_RSA, KX_DHE_RSA, 0};
static const int kx_suiteb[] = {KX_ECDHE_ECDSA, 0};
static const int kx_gost[] = {KX_VKO_GOST_12, 0};

static const int sign_default[] = {6, 32, 40, 14, 37, 35, 7, 33, 41, 15, 38, 46,
                                   8, 34, 42, 16, 39, 1, 12, 0};
static const int sign_secure128[] = {6, 32, 40, 14, 37, 35, 7, 33, 41, 15, 38, 46,
                                     8, 34, 42, 16, 39, 0};
static const int sign_secure192[] = {7, 33, 41, 15, 38, 46, 8, 34, 42, 16, 39, 0};
static const int sign_suiteb128[] = {14, 37, 15, 38, 0};
static const int sign_suiteb192[] = {15, 38, 0};
static const int sign_gost[] = {44, 45, 0};

static const int groups_normal[] = {2, 3, 4, 6, 20, 256, 257, 258, 260, 259, 0};
static const int groups_secure192[] = {3, 4, 259, 0};
static const int groups_suiteb128[] = {2, 3, 0};
static const int groups_suiteb192[] = {3, 0};
static const int groups_dh[] = {256, 257, 258, 260, 259, 0};
static const int groups_ec[] = {2, 3, 4, 6, 20, 0};
static const int groups_gost[] = {16, 17, 18, 19, 13, 14, 15, 0};

typedef struct level {
    const char *name, *alias;
    const int *proto, *cipher, *mac, *kx, *sign, *groups;
    int no_tickets_tls12;
} level;

static const level levels[] = {
    {"NORMAL", NULL, NULL, cipher_normal, mac_normal, kx_secure, sign_default, groups_normal, 0},
    {"PFS", NULL, NULL, cipher_normal, mac_normal, kx_pfs, sign_default, groups_normal, 1},
    {"SECURE128", "SECURE", NULL, cipher_secure128, mac_normal, kx_secure, sign_secure128,
     groups_normal, 0},
    {"SECURE192", "SECURE256", NULL, cipher_secure192, mac_secure192, kx_secure,
     sign_secure192, groups_secure192, 0},
    {"SUITEB128", NULL, protocol_suiteb, cipher_suiteb128, mac_secure192, kx_suiteb,
     sign_suiteb128, groups_suiteb128, 0},
    {"SUITEB192", NULL, protocol_suiteb, cipher_suiteb192, mac_secure192, kx_suiteb,
     sign_suiteb192, groups_suiteb192, 0},
    {"LEGACY", NULL, NULL, cipher_normal, mac_normal, kx_secure, sign_default, groups_normal, 0},
    {"PERFORMANCE", NULL, NULL, cipher_performance, mac_normal, kx_performance, sign_default,
     groups_normal, 0},
    {NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0},
};

/* What GnuTLS compiles in as the default priority string (Debian: plain
 * NORMAL; gnutls_priority_init(NULL) resolves to it). */
#define DEFAULT_PRIORITY "NORMAL"

/* ---- the priority lists ---------------------------------------------------- */

#define MAX_ALGOS 128    /* GnuTLS's MAX_ALGOS */
#define MAX_ELEMENTS 128 /* lib/priority.c: elements after the 128th are dropped */

typedef struct plist {
    int n;
    int v[MAX_ALGOS];
} plist;

typedef struct prio {
    plist proto, cipher, mac, kx, sign, groups;
    int server_precedence, no_tickets, no_tickets_tls12, no_extensions;
} prio;

static void p_set(plist *l, const int *src)
{
    l->n = 0;
    for (; *src && l->n < MAX_ALGOS; src++)
        l->v[l->n++] = *src;
}

/* Appends what is not there yet (compared with the list as it was). */
static void p_addall(plist *l, const int *src)
{
    int init = l->n;
    for (; *src; src++) {
        if (l->n + 1 > MAX_ALGOS)
            return;
        int j;
        for (j = 0; j < init && l->v[j] != *src; j++)
            ;
        if (j == init)
            l->v[l->n++] = *src;
    }
}

static void p_add(plist *l, int x)
{
    if (l->n >= MAX_ALGOS)
        return;
    for (int i = 0; i < l->n; i++)
        if (l->v[i] == x)
            return;
    l->v[l->n++] = x;
}

static void p_del(plist *l, int x)
{
    for (int i = 0; i < l->n; i++)
        if (l->v[i] == x) {
            memmove(&l->v[i], &l->v[i + 1], (size_t)(l->n - i - 1) * sizeof l->v[0]);
            l->n--;
            return;
        }
}

static void p_delall(plist *l, const int *src)
{
    for (; *src; src++)
        p_del(l, *src);
}

static int p_has(const plist *l, int x)
{
    for (int i = 0; i < l->n; i++)
        if (l->v[i] == x)
            return 1;
    return 0;
}

/* ---- names ------------------------------------------------------------------ */

static int ascii_lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static int ci_eq(const char *a, size_t an, const char *b)
{
    size_t bn = strlen(b);
    if (an != bn)
        return 0;
    for (size_t i = 0; i < an; i++)
        if (ascii_lower((unsigned char)a[i]) != ascii_lower((unsigned char)b[i]))
            return 0;
    return 1;
}

/* GnuTLS compares the bulk keywords with c_strncasecmp(item, KEYWORD,
 * strlen(KEYWORD)): a prefix match, so "VERS-TLS-ALLX" is VERS-TLS-ALL. */
static int ci_prefix(const char *s, size_t n, const char *kw)
{
    size_t kn = strlen(kw);
    if (n < kn)
        return 0;
    for (size_t i = 0; i < kn; i++)
        if (ascii_lower((unsigned char)s[i]) != ascii_lower((unsigned char)kw[i]))
            return 0;
    return 1;
}

static const named *lookup(const named *t, const char *s, size_t n)
{
    for (; t->name; t++)
        if (ci_eq(s, n, t->name))
            return t;
    return NULL;
}

static int in_names(const char *const *t, const char *s, size_t n)
{
    for (; *t; t++)
        if (ci_eq(s, n, *t))
            return 1;
    return 0;
}

static const level *find_level(const char *s, size_t n)
{
    for (const level *l = levels; l->name; l++)
        if (ci_eq(s, n, l->name) || (l->alias && ci_eq(s, n, l->alias)))
            return l;
    return NULL;
}

/* The name of a group-list entry as libgnutls names it (tvc_gnutls_resolve_lib
 * does the same: gnutls_group_get_name, else gnutls_ecc_curve_get_name). */
static const char *group_name(tvc_arena *a, int id)
{
    for (const named *g = groups; g->name; g++)
        if (g->id == id)
            return g->name;
    for (const named *c = curves; c->name; c++)
        if (c->id == id)
            return c->name;
    return tvc_arena_printf(a, "0x%x", (unsigned)id);
}

static int group_usable(int id)
{
    for (const named *g = groups; g->name; g++)
        if (g->id == id)
            return (g->flags & F_USABLE) != 0;
    return 0;
}

static unsigned sign_flags(int id)
{
    for (const named *s = signs; s->name; s++)
        if (s->id == id)
            return s->flags;
    return 0;
}

static int cipher_usable(int id)
{
    for (const named *c = ciphers; c->name; c++)
        if (c->id == id)
            return (c->flags & F_USABLE) != 0;
    return 0;
}

static int mac_exists(int id)
{
    for (const named *m = macs; m->name; m++)
        if (m->id == id)
            return 1;
    return 0;
}

static int is_dtls(int v)
{
    return v >= TVC_GV_DTLS0_9;
}

static int version_usable(int v)
{
    for (const named *x = versions; x->name; x++)
        if (x->id == v)
            return (x->flags & F_USABLE) != 0;
    return 0;
}

/* ---- parsing ------------------------------------------------------------------ */

typedef struct elem {
    const char *s; /* not NUL-terminated */
    size_t n;
    size_t off;    /* byte offset in the caller's string */
} elem;

typedef struct parse {
    tvc_arena *a;
    tvc_policy_err *err;
    prio *p;
} parse;

static int fail(parse *ps, size_t off, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(parse *ps, size_t off, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ps->err->offset = off;
    ps->err->message = tvc_arena_vprintf(ps->a, fmt, ap);
    ps->err->fatal = 1;
    va_end(ap);
    return -1;
}

/* check_level(): a level sets the lists (the first one) or merges them. */
static void apply_level(prio *p, const level *l, int add)
{
    void (*fn)(plist *, const int *) = add ? p_addall : p_set;
    if (l->proto)
        fn(&p->proto, l->proto);
    fn(&p->cipher, l->cipher);
    fn(&p->kx, l->kx);
    fn(&p->mac, l->mac);
    fn(&p->sign, l->sign);
    fn(&p->groups, l->groups);
    /* every level sets the ticket options anew: "%NO_TICKETS:NORMAL" has
     * tickets (checked with a handshake against libgnutls 3.7.9) */
    p->no_tickets = 0;
    p->no_tickets_tls12 = l->no_tickets_tls12;
}

/* A +, - or ! item being applied: `b` is the text after the operator. */
typedef struct item {
    parse *ps;
    prio *p;
    int add;
    const char *b;
    size_t n;
    const char *q; /* the whole item, for messages */
    size_t off;
} item;

enum { NOT_MINE = 1 }; /* an item family's answer: the item is another's */

/* Bulk operations: "+" appends, "-" empties the whole list (the *-ALL of
 * one list). */
static void bulk(const item *it, plist *list, const int *src)
{
    static const int none[] = {0};
    if (it->add)
        p_addall(list, src);
    else
        p_set(list, none);
}

/* The *-ALL forms that "-" removes item by item instead. */
static void given(const item *it, plist *list, const int *src)
{
    (it->add ? p_addall : p_delall)(list, src);
}

static void one(const item *it, plist *list, int id)
{
    if (it->add)
        p_add(list, id);
    else
        p_del(list, id);
}

/* A level (+ only) or an algorithm named without a prefix. */
static int apply_name(const item *it)
{
    const named *x;
    const level *l = it->add ? find_level(it->b, it->n) : NULL;
    if (l)
        apply_level(it->p, l, 1);
    else if ((x = lookup(macs, it->b, it->n)))
        one(it, &it->p->mac, x->id);
    else if ((x = lookup(ciphers, it->b, it->n))) {
        if (x->flags & F_USABLE)
            one(it, &it->p->cipher, x->id);
    } else if ((x = lookup(kxs, it->b, it->n))) {
        if (x->id > 0)
            one(it, &it->p->kx, x->id);
    } else
        return NOT_MINE;
    return 0;
}

static int apply_vers(const item *it)
{
    const char *b = it->b;
    size_t n = it->n;
    const named *x;
    if (ci_prefix(b, n, "VERS-TLS-ALL"))
        given(it, &it->p->proto, protocol_stream);
    else if (ci_prefix(b, n, "VERS-DTLS-ALL"))
        given(it, &it->p->proto, it->add ? protocol_dtls_add : protocol_dtls_del);
    else if (ci_prefix(b, n, "VERS-ALL"))
        bulk(it, &it->p->proto, protocol_all);
    else if ((x = lookup(versions, b + 5, n - 5)))
        one(it, &it->p->proto, x->id);
    else
        return fail(it->ps, it->off, "unknown protocol version in '%s' (GnuTLS knows SSL3.0, "
                    "TLS1.0-TLS1.3, DTLS0.9, DTLS1.0, DTLS1.2 and the *-ALL forms)", it->q);
    return 0;
}

static int apply_curve(const item *it)
{
    const named *x;
    if (ci_prefix(it->b, it->n, "CURVE-ALL"))
        bulk(it, &it->p->groups, groups_normal);
    else if ((x = lookup(curves, it->b + 6, it->n - 6)))
        one(it, &it->p->groups, x->id);
    else if (in_names(curves_missing, it->b + 6, it->n - 6))
        return fail(it->ps, it->off, "'%s': this GnuTLS does not support that curve", it->q);
    else
        return fail(it->ps, it->off, "unknown curve in '%s'", it->q);
    return 0;
}

static int apply_group(const item *it)
{
    const char *b = it->b;
    size_t n = it->n;
    const named *x;
    if (ci_prefix(b, n, "GROUP-ALL"))
        bulk(it, &it->p->groups, groups_normal);
    else if (ci_prefix(b, n, "GROUP-DH-ALL"))
        given(it, &it->p->groups, groups_dh);
    else if (ci_prefix(b, n, "GROUP-EC-ALL"))
        given(it, &it->p->groups, groups_ec);
    else if (ci_prefix(b, n, "GROUP-GOST-ALL"))
        given(it, &it->p->groups, groups_gost);
    else if ((x = lookup(groups, b + 6, n - 6)))
        one(it, &it->p->groups, x->id);
    else
        return fail(it->ps, it->off, "unknown group in '%s'", it->q);
    return 0;
}

/* Certificate types change no suite, but bad names are errors. */
static int apply_ctype(const item *it)
{
    const char *b = it->b;
    size_t n = it->n;
    if (ci_prefix(b, n, "CTYPE-ALL"))
        return 0;
    if (ci_prefix(b, n, "CTYPE-CLI-") || ci_prefix(b, n, "CTYPE-SRV-")) {
        if (ci_prefix(b + 10, n - 10, "ALL") || lookup(ctypes, b + 10, n - 10))
            return 0;
    } else if (lookup(ctypes, b + 6, n - 6) || ci_prefix(b, n, "CTYPE-OPENPGP")) {
        return 0;
    }
    return fail(it->ps, it->off, "unknown certificate type in '%s' (X509, X.509, RAWPK)",
                it->q);
}

static int apply_sign(const item *it)
{
    const named *x;
    if (ci_prefix(it->b, it->n, "SIGN-ALL"))
        bulk(it, &it->p->sign, sign_default);
    else if (ci_prefix(it->b, it->n, "SIGN-GOST-ALL"))
        bulk(it, &it->p->sign, sign_gost);
    else if ((x = lookup(signs, it->b + 5, it->n - 5)))
        one(it, &it->p->sign, x->id);
    else
        return fail(it->ps, it->off, "unknown signature algorithm in '%s'", it->q);
    return 0;
}

/* Only the bulk forms of MAC-, CIPHER- and KX- exist; any other name
 * after these prefixes is silently ignored by GnuTLS 3.7.9 (specific
 * algorithms take no prefix: +AES-128-GCM, not +CIPHER-AES-128-GCM). The
 * GOST shortcut (anything starting with GOST that is no algorithm name)
 * sets the GOST groups, signatures, MAC, cipher and kx. */
static int apply_bulk_only(const item *it)
{
    const char *b = it->b;
    size_t n = it->n;
    prio *p = it->p;
    if (ci_prefix(b, n, "MAC-")) {
        if (ci_prefix(b, n, "MAC-ALL"))
            bulk(it, &p->mac, mac_normal);
        else if (ci_prefix(b, n, "MAC-GOST-ALL"))
            bulk(it, &p->mac, mac_gost);
    } else if (ci_prefix(b, n, "CIPHER-")) {
        if (ci_prefix(b, n, "CIPHER-ALL"))
            bulk(it, &p->cipher, cipher_normal);
        else if (ci_prefix(b, n, "CIPHER-GOST-ALL"))
            bulk(it, &p->cipher, cipher_gost);
    } else if (ci_prefix(b, n, "KX-")) {
        if (ci_prefix(b, n, "KX-ALL"))
            bulk(it, &p->kx, kx_secure);
        else if (ci_prefix(b, n, "KX-GOST-ALL"))
            bulk(it, &p->kx, kx_gost);
    } else if (ci_prefix(b, n, "GOST")) {
        given(it, &p->groups, groups_gost);
        bulk(it, &p->sign, sign_gost);
        bulk(it, &p->mac, mac_gost);
        bulk(it, &p->cipher, cipher_gost);
        bulk(it, &p->kx, kx_gost);
    } else
        return NOT_MINE;
    return 0;
}

/* No family took the item: say why as precisely as GnuTLS's tables allow. */
static int unknown_item(const item *it)
{
    if (!it->add && find_level(it->b, it->n))
        return fail(it->ps, it->off, "'%s': a level cannot be removed, only added", it->q);
    if (in_names(macs_missing, it->b, it->n))
        return fail(it->ps, it->off, "'%s': this GnuTLS has no MAC %.*s", it->q, (int)it->n,
                    it->b);
    if (strpbrk(it->q, " \t\n\v\f\r"))
        return fail(it->ps, it->off, "unknown GnuTLS priority keyword '%s' (white space is "
                    "not allowed around elements)", it->q);
    return fail(it->ps, it->off, "unknown GnuTLS priority keyword '%s'", it->q);
}

/* A +, - or ! item: a name without prefix first, then the prefixed
 * families, in GnuTLS's order. */
static int apply_item(parse *ps, const elem *e)
{
    static const struct {
        const char *prefix;
        int (*apply)(const item *);
    } families[] = {
        /* compression is gone: every COMP-* is ignored */
        {"VERS-", apply_vers},   {"COMP-", NULL},        {"CURVE-", apply_curve},
        {"GROUP-", apply_group}, {"CTYPE-", apply_ctype}, {"SIGN-", apply_sign},
    };
    item it = {ps, ps->p, e->s[0] == '+', e->s + 1, e->n - 1,
               tvc_arena_strndup(ps->a, e->s, e->n), e->off};
    int rc = apply_name(&it);
    if (rc != NOT_MINE)
        return rc;
    for (size_t i = 0; i < sizeof families / sizeof *families; i++)
        if (ci_prefix(it.b, it.n, families[i].prefix))
            return families[i].apply ? families[i].apply(&it) : 0;
    rc = apply_bulk_only(&it);
    return rc != NOT_MINE ? rc : unknown_item(&it);
}

int tvc_gnutls_alg_in_suites(const char *name, size_t n)
{
    const named *x;
    int what;
    if ((x = lookup(macs, name, n)))
        what = 'm';
    else if ((x = lookup(ciphers, name, n)))
        what = x->flags & F_USABLE ? 'c' : 0;
    else if ((x = lookup(kxs, name, n)))
        what = x->id > 0 ? 'k' : 0;
    else
        return -1;
    for (size_t i = 0; what && i < tvc_gnutls_n_suites; i++) {
        const tvc_gnutls_suite *s = &tvc_gnutls_suites[i];
        if ((what == 'm' && s->mac == x->id) || (what == 'c' && s->cipher == x->id) ||
            (what == 'k' && s->kx == x->id))
            return 1;
    }
    return 0;
}

/* ---- from the lists to the suites (set_ciphersuite_list) -------------------- */

static const tvc_gnutls_suite *suite_get(int kx, int cipher, int mac)
{
    for (size_t i = 0; i < tvc_gnutls_n_suites; i++) {
        const tvc_gnutls_suite *s = &tvc_gnutls_suites[i];
        if (s->kx == kx && s->cipher == cipher && s->mac == mac)
            return s;
    }
    return NULL;
}

static void drop_tls13(plist *proto)
{
    int j = 0;
    for (int i = 0; i < proto->n; i++)
        if (proto->v[i] != TVC_GV_TLS1_3)
            proto->v[j++] = proto->v[i];
    proto->n = j;
}

#define MAX_CIPHERSUITE_SIZE 256

/* The kinds of key exchange a list holds that limit the versions. */
typedef struct kx_kinds {
    int null, srp, psk, rsa_psk;
} kx_kinds;

static kx_kinds kx_survey(const prio *p)
{
    kx_kinds k = {p_has(&p->cipher, 1), 0, 0, 0};
    for (int i = 0; i < p->kx.n; i++) {
        int x = p->kx.v[i];
        if (x == KX_SRP || x == KX_SRP_RSA || x == KX_SRP_DSS)
            k.srp = 1;
        else if (x == KX_RSA_PSK)
            k.rsa_psk = 1;
        else if (x == KX_PSK || x == KX_DHE_PSK || x == KX_ECDHE_PSK)
            k.psk = 1;
    }
    return k;
}

/* What the enabled versions are, as finish() decides by. */
typedef struct vers {
    int tls_sem; /* F_SEM_TLS13 / F_SEM_TLS12: which signature semantics apply */
    int have_tls13, have_tls12, have_pre_tls12;
    int tlsmax, tlsmin, dtlsmin;
} vers;

static vers vers_survey(const prio *p)
{
    vers r = {0};
    for (int i = 0; i < p->proto.n; i++) {
        int v = p->proto.v[i];
        if (!is_dtls(v)) {
            r.tls_sem |= v == TVC_GV_TLS1_3 ? F_SEM_TLS13 : F_SEM_TLS12;
            if (v == TVC_GV_TLS1_3)
                r.have_tls13 = 1;
            else if (v == TVC_GV_TLS1_2)
                r.have_tls12 = 1;
            else
                r.have_pre_tls12 = 1;
            if (!r.tlsmax || v > r.tlsmax)
                r.tlsmax = v;
            if (!r.tlsmin || v < r.tlsmin)
                r.tlsmin = v;
        } else {
            r.tls_sem |= F_SEM_TLS12;
            if (!r.dtlsmin || v < r.dtlsmin)
                r.dtlsmin = v;
        }
    }
    return r;
}

/* The TLS 1.3 suites first (no kx), then kx x cipher x MAC. */
static int list_suites(const prio *p, const tvc_gnutls_suite **cs)
{
    int ncs = 0;
    for (int j = 0; j < p->cipher.n; j++)
        for (int z = 0; z < p->mac.n; z++) {
            const tvc_gnutls_suite *s = suite_get(0, p->cipher.v[j], p->mac.v[z]);
            if (s && ncs < MAX_CIPHERSUITE_SIZE)
                cs[ncs++] = s;
        }
    for (int i = 0; i < p->kx.n; i++)
        for (int j = 0; j < p->cipher.n; j++)
            for (int z = 0; z < p->mac.n; z++) {
                const tvc_gnutls_suite *s = suite_get(p->kx.v[i], p->cipher.v[j], p->mac.v[z]);
                if (s && ncs < MAX_CIPHERSUITE_SIZE)
                    cs[ncs++] = s;
            }
    return ncs;
}

/* No usable signature algorithm: only versions before (D)TLS 1.2 remain. */
static void drop_unsigned_versions(prio *p, int tls_sem)
{
    for (int i = 0; i < p->sign.n; i++)
        if (sign_flags(p->sign.v[i]) & (unsigned)tls_sem)
            return;
    int j = 0;
    for (int i = 0; i < p->proto.n; i++) {
        int v = p->proto.v[i];
        if (v < TVC_GV_TLS1_2 || (is_dtls(v) && v < TVC_GV_DTLS1_2))
            p->proto.v[j++] = v;
    }
    p->proto.n = j;
}

/* Returns 0, or -1 when GnuTLS would fail with "No or insufficient
 * priorities were set" (libgnutls reports offset 0 then). */
static int finish(parse *ps, const tvc_gnutls_suite **cs, int *ncs)
{
    prio *p = ps->p;
    /* SSL 3.0 is not compiled in: it never reaches the protocol list */
    int j = 0;
    for (int i = 0; i < p->proto.n; i++)
        if (version_usable(p->proto.v[i]))
            p->proto.v[j++] = p->proto.v[i];
    p->proto.n = j;
    kx_kinds k = kx_survey(p);
    /* NULL ciphers, SRP and RSA-PSK cannot be negotiated under TLS 1.3,
     * and TLS 1.3 needs extensions */
    if (k.null || k.srp || k.rsa_psk || p->no_extensions)
        drop_tls13(&p->proto);
    vers v = vers_survey(p);
    if (!v.tlsmax && !v.dtlsmin)
        return -1;
    /* TLS 1.3 only (and no PSK): no key exchange is needed */
    if (v.tlsmin == TVC_GV_TLS1_3 && !k.psk && !v.dtlsmin)
        p->kx.n = 0;
    *ncs = list_suites(p, cs);
    drop_unsigned_versions(p, v.tls_sem);
    if (p->proto.n == 0 || *ncs == 0)
        return -1;
    /* TLS 1.3 needs a usable group (unless PSK), and is dropped when an
     * older version is enabled without TLS 1.2 */
    int have_group = 0;
    for (int i = 0; i < p->groups.n; i++)
        if (group_usable(p->groups.v[i]))
            have_group = 1;
    if ((!k.psk && v.tlsmax >= TVC_GV_TLS1_3 && !have_group) ||
        (!v.have_tls12 && v.have_pre_tls12 && v.have_tls13))
        drop_tls13(&p->proto);
    return 0;
}

/* ---- the entry point ---------------------------------------------------------- */

/* An element that is no level and starts with none of + - ! %. */
static int bad_element(parse *ps, const elem *e)
{
    const char *q = tvc_arena_strndup(ps->a, e->s, e->n);
    if (e->n == 0)
        return fail(ps, e->off, "empty element in the priority string (\"::\", or a ':' at "
                    "the start or the end)");
    if (ci_eq(e->s, e->n, "NONE"))
        return fail(ps, e->off, "NONE is only valid as the first element");
    if (strpbrk(q, " \t\n\v\f\r"))
        return fail(ps, e->off, "unknown GnuTLS priority keyword '%s' (white space is not "
                    "allowed around elements)", q);
    if (lookup(ciphers, e->s, e->n) || lookup(macs, e->s, e->n) || lookup(kxs, e->s, e->n) ||
        ci_prefix(e->s, e->n, "VERS-") || ci_prefix(e->s, e->n, "GROUP-") ||
        ci_prefix(e->s, e->n, "SIGN-") || ci_prefix(e->s, e->n, "CURVE-") ||
        ci_prefix(e->s, e->n, "CIPHER-") || ci_prefix(e->s, e->n, "MAC-") ||
        ci_prefix(e->s, e->n, "KX-") || ci_prefix(e->s, e->n, "COMP-") ||
        ci_prefix(e->s, e->n, "CTYPE-"))
        return fail(ps, e->off, "'%s' needs a '+' or '-' in front", q);
    return fail(ps, e->off, "unknown GnuTLS priority keyword '%s'", q);
}

static int is_c_space(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

/* break_list(): ':' separates, spaces (only ' ') right after a ':' are
 * skipped, at most MAX_ELEMENTS elements (the rest is dropped). */
static int split(const char *s, size_t base, elem *v, int nv)
{
    const char *p = s;
    do {
        const char *c = strchr(p, ':');
        v[nv].s = p;
        v[nv].n = c ? (size_t)(c - p) : strlen(p);
        v[nv].off = base + (size_t)(p - s);
        nv++;
        if (!c)
            break;
        p = c + 1;
        while (*p == ' ')
            p++;
    } while (nv < MAX_ELEMENTS);
    return nv;
}

static uint16_t wire_version(int v)
{
    switch (v) {
    case TVC_GV_SSL3: return 0x0300;
    case TVC_GV_TLS1_0: return 0x0301;
    case TVC_GV_TLS1_1: return 0x0302;
    case TVC_GV_TLS1_2: return 0x0303;
    case TVC_GV_TLS1_3: return 0x0304;
    default: return 0;
    }
}

/* _gnutls_resolve_priorities(): leading white space is skipped; "@..."
 * is replaced by the system-wide keyword's value. Returns the count. */
static int split_priorities(const char *prio_s, elem *el)
{
    const char *s = prio_s;
    while (is_c_space((unsigned char)*s))
        s++;
    if (*s != '@')
        return split(s, (size_t)(s - prio_s), el, 0);
    el[0].s = DEFAULT_PRIORITY;
    el[0].n = strlen(DEFAULT_PRIORITY);
    el[0].off = (size_t)(s - prio_s);
    const char *more = strchr(s, ':');
    if (!more)
        return 1;
    more++;
    while (*more == ' ')
        more++;
    return split(more, (size_t)(more - prio_s), el, 1);
}

/* A %OPTION element; the names are case-sensitive. */
static int apply_option(parse *ps, const elem *e)
{
    const named *o = NULL;
    for (const named *x = options; x->name; x++)
        if (strlen(x->name) == e->n - 1 && memcmp(x->name, e->s + 1, e->n - 1) == 0)
            o = x;
    if (!o)
        return fail(ps, e->off, "unknown option '%.*s' (options are case-sensitive)",
                    (int)e->n, e->s);
    switch (o->id) {
    case O_SERVER_PRECEDENCE: ps->p->server_precedence = 1; break;
    case O_NO_TICKETS: ps->p->no_tickets = 1; break;
    case O_NO_TICKETS_TLS12: ps->p->no_tickets_tls12 = 1; break;
    case O_NO_EXTENSIONS: ps->p->no_extensions = 1; break;
    default: break;
    }
    return 0;
}

/* The elements in order: a first NONE starts from empty lists, levels
 * set or merge, + - ! items and %options change what is there. */
static int apply_elements(parse *ps, const elem *el, int nel)
{
    prio *p = ps->p;
    int i = 0, level_set = 0;
    if (!ci_eq(el[0].s, el[0].n, "NONE")) {
        p_set(&p->proto, protocol_all);
        p_set(&p->sign, sign_default);
        p_set(&p->groups, groups_normal);
    } else {
        level_set = 1;
        i = 1;
    }
    for (; i < nel; i++) {
        const elem *e = &el[i];
        const level *l;
        int rc = 0;
        if (e->n && (l = find_level(e->s, e->n))) {
            apply_level(p, l, level_set);
            level_set = 1;
        } else if (e->n && (e->s[0] == '+' || e->s[0] == '-' || e->s[0] == '!')) {
            rc = apply_item(ps, e);
        } else if (e->n && e->s[0] == '%') {
            rc = apply_option(ps, e);
        } else {
            return bad_element(ps, e);
        }
        if (rc < 0)
            return -1;
    }
    return 0;
}

/* gnutls_priority_get_cipher_suite_index(): a suite is offered when its
 * algorithms exist and the highest enabled TLS version reaches its
 * minimum, or else the highest DTLS version reaches its DTLS minimum */
static void offered_suites(tvc_arena *a, const prio *p, const tvc_gnutls_suite **cs, int ncs,
                           tvc_policy *out)
{
    int max_tls = 0, max_dtls = 0;
    for (int k = 0; k < p->proto.n; k++) {
        int v = p->proto.v[k];
        if (v <= TVC_GV_TLS1_3 && v >= max_tls)
            max_tls = v;
        else if (is_dtls(v) && v >= max_dtls)
            max_dtls = v;
    }
    out->tls12 = tvc_arena_alloc(a, (size_t)(ncs ? ncs : 1) * sizeof *out->tls12);
    out->tls13 = tvc_arena_alloc(a, (size_t)(ncs ? ncs : 1) * sizeof *out->tls13);
    for (int k = 0; k < ncs; k++) {
        const tvc_gnutls_suite *c = cs[k];
        if (!cipher_usable(c->cipher) || !mac_exists(c->mac))
            continue;
        if (!(max_tls >= c->min_version || (c->min_dtls && max_dtls >= c->min_dtls)))
            continue;
        if ((c->code >> 8) == 0x13)
            out->tls13[out->n_tls13++] = c->code;
        else
            out->tls12[out->n_tls12++] = c->code;
    }
}

/* The versions as a wire range, the groups, the order and tickets. */
static void fill_rest(tvc_arena *a, const prio *p, tvc_policy *out)
{
    for (int k = 0; k < p->proto.n; k++) {
        int w = wire_version(p->proto.v[k]);
        if (!w)
            continue;
        if (!out->proto_min || w < out->proto_min)
            out->proto_min = w;
        if (w > out->proto_max)
            out->proto_max = w;
    }
    out->groups = tvc_arena_alloc(a, (size_t)(p->groups.n ? p->groups.n : 1) * sizeof *out->groups);
    for (int k = 0; k < p->groups.n; k++)
        out->groups[out->n_groups++] = group_name(a, p->groups.v[k]);
    out->server_preference = p->server_precedence ? 1 : 0;
    /* %NO_TICKETS: none; PFS and %NO_TICKETS_TLS12: none below TLS 1.3 */
    out->tickets = p->no_tickets || (p->no_tickets_tls12 && !p_has(&p->proto, TVC_GV_TLS1_3))
                       ? 0 : 1;
}

int tvc_gnutls_resolve(tvc_arena *a, const char *prio_s, tvc_policy *out, tvc_policy_err *err)
{
    tvc_policy_err local;
    prio *p = tvc_arena_calloc(a, sizeof *p);
    parse ps = {a, err ? err : &local, p};
    elem el[MAX_ELEMENTS];

    memset(out, 0, sizeof *out);
    out->server_preference = -1;
    out->tickets = -1;
    if (!prio_s)
        prio_s = DEFAULT_PRIORITY;
    if (apply_elements(&ps, el, split_priorities(prio_s, el)) < 0)
        return -1;
    const tvc_gnutls_suite **cs = tvc_arena_alloc(a, MAX_CIPHERSUITE_SIZE * sizeof *cs);
    int ncs = 0;
    if (finish(&ps, cs, &ncs) < 0)
        return fail(&ps, 0, "the priority string enables nothing to negotiate (no protocol "
                    "version, or no cipher suite, is left)");
    offered_suites(a, p, cs, ncs, out);
    fill_rest(a, p, out);
    return 0;
}

/* Names for the translation back into a priority string. */
static const char *name_of(const named *t, int id)
{
    for (; t->name; t++)
        if (t->id == id)
            return t->name;
    return NULL;
}

const char *tvc_gnutls_alg_name(char kind, int id)
{
    switch (kind) {
    case 'c':
        return name_of(ciphers, id);
    case 'm':
        return name_of(macs, id);
    case 'k':
        return name_of(kxs, id);
    default:
        return NULL;
    }
}
