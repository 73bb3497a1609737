/* The GnuTLS priority-string engine: tlsvhostc's own resolver
 * (tvc_gnutls_resolve, policy/gnutls.c) on a corpus of real priority
 * strings and of broken ones, each compared with what libgnutls itself
 * makes of the string (tvc_gnutls_resolve_lib) when the library is there:
 * accepted or rejected, the error offset, the TLS versions, the TLS 1.2
 * and TLS 1.3 suites in GnuTLS's order, the groups. A seeded random
 * walk over the keywords adds a few thousand more comparisons.
 *
 * The built-in resolver models GnuTLS 3.7.9 as Debian 12 builds it (the
 * version the real mod_gnutls is built against), so the comparisons are
 * tests of their own ("... vs libgnutls") that run only when the library
 * at run time is 3.7.9; otherwise they are registered inactive and the run
 * says so (tt_add_test_unless): a skip is counted, never a silent pass.
 * The built-in expectations run everywhere. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>

#ifdef HAVE_GNUTLS
#include <gnutls/gnutls.h>
#endif

#include "base/arena.h"
#include "tests.h"
#include "policy/gnutls_suites.h"
#include "policy/policy.h"

void tvc_test_gnutls_register(void);

/* ---- helpers ------------------------------------------------------------- */

/* NULL when libgnutls is there and is the version the built-in resolver
 * models, else why the comparisons with it cannot run. */
static const char *lib_missing(void)
{
#ifdef HAVE_GNUTLS
    static char why[128];
    const char *v = gnutls_check_version(NULL);
    if (v && strcmp(v, "3.7.9") == 0)
        return NULL;
    snprintf(why, sizeof why, "libgnutls %s is not 3.7.9, the version the resolver models",
             v ? v : "?");
    return why;
#else
    return "built without libgnutls";
#endif
}

static const char *codes_text(tvc_arena *a, const uint16_t *v, size_t n)
{
    const char *s = "";
    for (size_t i = 0; i < n; i++)
        s = tvc_arena_printf(a, "%s%s%04X", s, i ? " " : "", v[i]);
    return s;
}

static const char *groups_text(tvc_arena *a, const tvc_policy *p)
{
    const char *s = "";
    for (size_t i = 0; i < p->n_groups; i++)
        s = tvc_arena_printf(a, "%s%s%s", s, i ? ":" : "", p->groups[i]);
    return s;
}

/* The parts libgnutls can tell: versions, both suite lists, groups. */
static const char *policy_diff(tvc_arena *a, const tvc_policy *x, const tvc_policy *y)
{
    if (x->proto_min != y->proto_min || x->proto_max != y->proto_max)
        return tvc_arena_printf(a, "versions %04x-%04x, libgnutls %04x-%04x", x->proto_min,
                                x->proto_max, y->proto_min, y->proto_max);
    if (x->n_tls12 != y->n_tls12 || memcmp(x->tls12, y->tls12, x->n_tls12 * sizeof *x->tls12))
        return tvc_arena_printf(a, "TLS1.2 suites [%s], libgnutls [%s]",
                                codes_text(a, x->tls12, x->n_tls12),
                                codes_text(a, y->tls12, y->n_tls12));
    if (x->n_tls13 != y->n_tls13 || memcmp(x->tls13, y->tls13, x->n_tls13 * sizeof *x->tls13))
        return tvc_arena_printf(a, "TLS1.3 suites [%s], libgnutls [%s]",
                                codes_text(a, x->tls13, x->n_tls13),
                                codes_text(a, y->tls13, y->n_tls13));
    if (strcmp(groups_text(a, x), groups_text(a, y)) != 0)
        return tvc_arena_printf(a, "groups %s, libgnutls %s", groups_text(a, x),
                                groups_text(a, y));
    return NULL;
}

static int codes_are(const uint16_t *v, size_t n, const uint16_t *want, size_t nw)
{
    return n == nw && (n == 0 || memcmp(v, want, n * sizeof *v) == 0);
}

/* ---- the corpus of valid strings ---------------------------------------- */

typedef struct valid_case {
    const char *prio;
    const char *source;
} valid_case;

static const valid_case valid[] = {
    /* mod_gnutls manual (doc/mod_gnutls_manual.md, 0.13) */
    {"NORMAL:-RSA:-VERS-TLS1.0:-VERS-TLS1.1", "mod_gnutls default of GnuTLSPriorities"},
    {"SECURE128", "mod_gnutls manual, SNI example"},
    {"NORMAL:+SRP", "mod_gnutls manual, SRP vhost example (SRP drops TLS 1.3)"},
    {"NORMAL:-VERS-TLS1.0:-VERS-TLS1.1", "tlsvhostc tests/data"},
    /* GnuTLS API documentation of gnutls_priority_init2() and the manual */
    {"NORMAL", "GnuTLS manual: the default"},
    {"NORMAL:%COMPAT", "GnuTLS manual: the most compatible mode"},
    {"NORMAL:+ARCFOUR-128", "gnutls_priority_init2() doc"},
    {"NORMAL:-ARCFOUR-128", "GnuTLS manual (RC4 is not in NORMAL: no change)"},
    {"SECURE128:-VERS-SSL3.0", "gnutls_priority_init2() doc"},
    {"SECURE128:-VERS-SSL3.0:+COMP-DEFLATE", "gnutls_priority_init() doc, 3.3"},
    {"NONE:+VERS-TLS-ALL:+MAC-ALL:+RSA:+AES-128-CBC:+SIGN-ALL:+COMP-NULL",
     "gnutls_priority_init2() doc"},
    {"NONE:+VERS-TLS-ALL:+AES-128-CBC:+RSA:+SHA1:+COMP-NULL:+SIGN-RSA-SHA1",
     "gnutls_priority_init2() doc"},
    {"NONE:+VERS-TLS-ALL:+AES-128-CBC:+ECDHE-RSA:+SHA1:+COMP-NULL:+SIGN-RSA-SHA1:+CURVE-SECP256R1",
     "gnutls_priority_init2() doc (TLS 1.3 enabled, but no TLS 1.3 suite)"},
    {"SECURE256:+SECURE128", "gnutls_priority_init2() doc"},
    {"NORMAL:-AES-128-CBC:-AES-256-CBC", "GnuTLS manual, system-wide config example"},
    {"SECURE128:-VERS-TLS-ALL:+VERS-TLS1.3", "GnuTLS manual, default-priority-string override"},
    {"NONE:+VERS-TLS1.2:+AES-128-GCM:+AEAD:+ECDHE-RSA:+SIGN-ALL:+GROUP-ALL",
     "reference keyword table, NONE test"},
    {"SECURE256:+SECURE128:-VERS-TLS-ALL:+VERS-TLS1.2:%PROFILE_MEDIUM", "GnuTLS manual"},
    {"PFS:-VERS-TLS1.3", "brief"},
    {"NORMAL:%SERVER_PRECEDENCE", "GnuTLS manual"},
    {"SECURE128:-VERS-TLS1.0", "brief"},
    {"NORMAL:-VERS-ALL:+VERS-TLS1.3", "GnuTLS manual: TLS 1.3 only"},
    {"NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2", "GnuTLS manual"},
    {"LEGACY", "level"},
    {"PERFORMANCE", "level"},
    {"PFS", "level"},
    {"SECURE192", "level"},
    {"SECURE256", "level alias"},
    {"SECURE", "level alias (not in the manual)"},
    {"SUITEB128", "level"},
    {"SUITEB192", "level"},
    /* priority strings of other software */
    {"SECURE256:+SECURE128:-VERS-TLS-ALL:+VERS-TLS1.2:-RSA:-DHE-DSS:-CAMELLIA-128-CBC:"
     "-CAMELLIA-256-CBC", "OpenLDAP image, after Red Hat's TLS hardening guide"},
    {"SECURE256:+SECURE128:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2:%SERVER_PRECEDENCE",
     "ocserv tls-priorities"},
    {"SECURE256:+SECURE128:-VERS-TLS1.0:-VERS-TLS1.1:-MD5:-SHA1:-3DES-CBC:-ARCFOUR-128:"
     "%SAFE_RENEGOTIATION", "freeDiameter TLS_Prio"},
    {"SECURE256:+SECURE128:-ARCFOUR-128:-3DES-CBC:-MD5:+SIGN-ALL:-SIGN-RSA-MD5:+CTYPE-X509:"
     "-CTYPE-OPENPGP:-VERS-SSL3.0", "FileZilla"},
    {"SECURE256:+SECURE128:-COMP-ALL:-VERS-ALL:+VERS-TLS1.3:%NO_TICKETS:-CIPHER-ALL:"
     "+CHACHA20-POLY1305:+AES-256-GCM:+AES-128-GCM:+AES-128-CCM", "ktls-utils tlshd"},
    {"NONE:+CTYPE-ALL:+COMP-ALL:+GROUP-ALL:+SIGN-ALL:+KX-ALL:+MAC-ALL:+VERS-TLS1.3:"
     "+AES-128-GCM:+AES-256-GCM:+AES-128-CCM:+AES-256-CCM:+CHACHA20-POLY1305:"
     "+AES-128-CCM-8:+AES-256-CCM-8", "a TLS 1.3-only client (all five TLS 1.3 suites)"},
    {"NORMAL:%COMPAT:-VERS-SSL3.0", "wget"},
    {"NORMAL:-VERS-SSL3.0", "wget"},
    {"PFS:-VERS-SSL3.0", "wget"},
    {"NORMAL:-RSA:-VERS-SSL3.0", "wget"},
    {"NORMAL:-VERS-TLS-ALL:+VERS-SSL3.0", "wget's SSLv3 setting: SSL 3.0 is compiled out, "
     "only DTLS is left"},
    {"NONE:+VERS-TLS1.2:+GOST28147-TC26Z-CNT:+GOST28147-TC26Z-IMIT:+SIGN-ALL:"
     "+SIGN-GOSTR341012-256:+COMP-NULL:+VKO-GOST-12:+GROUP-GOST-ALL", "GnuTLS tests, GOST"},
    {"NORMAL:-KX-ALL:+VKO-GOST-12:+GROUP-GOST-ALL:+CIPHER-GOST-ALL:+MAC-GOST-ALL:"
     "+SIGN-GOST-ALL:-VERS-ALL:+VERS-TLS1.2", "GnuTLS tests, GOST"},
    {"NORMAL:!VERS-TLS1.0:!VERS-TLS1.1", "'!' removes like '-'"},
    /* the grammar's corners (reference keyword table) */
    {"normal:+aes-128-gcm:-vers-tls1.0", "names are case-insensitive"},
    {"NORMAL:  +AES-128-CBC", "spaces after ':' are skipped"},
    {"  NORMAL", "leading white space is skipped"},
    {"NORMAL:+NORMAL", "a level merges"},
    {"NORMAL:pfs", "a later bare level merges"},
    {"%SERVER_PRECEDENCE:NORMAL", "a level after an option still sets"},
    {"+SECURE128:NORMAL", "+LEVEL does not count as the first level"},
    {"NORMAL:+CIPHER-AES-128-GCM", "CIPHER-<name> is silently ignored"},
    {"NORMAL:+KX-ECDHE-RSA:+MAC-SHA256:+CIPHER-FOO", "KX-/MAC-/CIPHER-<name> are ignored"},
    {"NORMAL:-KX-ALL:+KX-ECDHE-RSA", "no kx left: TLS 1.3 suites only"},
    {"NORMAL:+COMP-FOO:-COMP-ALL", "COMP-* is ignored"},
    {"NORMAL:+VERS-TLS-ALLX:-SIGN-ALLX", "the *-ALL keywords match as prefixes"},
    {"NORMAL:+CTYPE-OPENPGP:+CTYPE-RAWPK:-CTYPE-SRV-X.509", "certificate types"},
    {"NORMAL:+GOST", "the GOST shortcut"},
    {"NORMAL:+GOSTFOO", "anything starting with GOST is the shortcut"},
    {"NORMAL:+NULL", "NULL cipher: TLS 1.3 dropped"},
    {"NORMAL:+RSA-PSK", "RSA-PSK: TLS 1.3 dropped"},
    {"NORMAL:+PSK:+DHE-PSK:+ECDHE-PSK", "PSK key exchanges"},
    {"NORMAL:%NO_EXTENSIONS", "no extensions: TLS 1.3 dropped"},
    {"NORMAL:-SIGN-ALL", "no signature algorithm: (D)TLS 1.2 and 1.3 dropped"},
    {"NORMAL:-SIGN-ALL:+SIGN-ECDSA-SECP256R1-SHA256", "a TLS 1.3-only signature"},
    {"NORMAL:-VERS-TLS1.3:-SIGN-ALL:+SIGN-ECDSA-SECP256R1-SHA256",
     "a TLS 1.3-only signature without TLS 1.3"},
    {"NORMAL:-VERS-TLS1.2", "TLS 1.3 with TLS 1.0/1.1 but no 1.2: TLS 1.3 dropped"},
    {"NORMAL:-GROUP-ALL", "no group: TLS 1.3 dropped"},
    {"NORMAL:-GROUP-ALL:+GROUP-GC256A", "a group this build cannot use: TLS 1.3 dropped"},
    {"NORMAL:-GROUP-ALL:+CURVE-Ed25519", "a curve that is no group goes into the list"},
    {"NORMAL:-VERS-ALL:+VERS-TLS1.3:-GROUP-ALL", "accepted by GnuTLS with nothing left"},
    {"NORMAL:-VERS-TLS-ALL", "DTLS only: no TLS version, suites through DTLS 1.2"},
    {"NORMAL:-VERS-ALL:+VERS-DTLS1.0", "DTLS 1.0 only"},
    {"NORMAL:-VERS-ALL:+VERS-TLS1.0", "TLS 1.0 only: only the SHA1 CBC suites"},
    {"NORMAL:+VERS-SSL3.0", "SSL 3.0 is compiled out: no effect"},
    {"NORMAL:+VERS-DTLS0.9:-SIGN-ALL", "DTLS 0.9 survives the signature rule"},
    {"NORMAL:-GROUP-EC-ALL", "FFDHE groups only"},
    {"NORMAL:-GROUP-DH-ALL:+GROUP-DH-ALL", "given-list add appends"},
    {"NORMAL:-CURVE-ALL:+CURVE-X448:+CURVE-SECP256R1", "legacy CURVE- items"},
    {"NORMAL:-CIPHER-ALL:+CAMELLIA-256-GCM:+CAMELLIA-128-CBC:+AES-128-GCM",
     "cipher order is the list order"},
    {"NORMAL:-MAC-ALL:+SHA256:+SHA384:+AEAD", "MAC order"},
    {"NORMAL:+ANON-DH:+ANON-ECDH:+DHE-DSS:+3DES-CBC:+MD5", "legacy algorithms"},
    {"NORMAL:+ARCFOUR-40", "a cipher missing from the backend is ignored"},
    {"NORMAL:+RSA-EXPORT", "RSA-EXPORT is accepted and ignored"},
    {"SUITEB128:+VERS-TLS1.3", "SUITEB sets the versions"},
    {"NONE:NORMAL:+VERS-TLS1.2", "NORMAL after NONE merges into empty lists"},
    {"NORMAL:%NO_TICKETS:%NO_TICKETS_TLS12:%DUMBFW:%PROFILE_HIGH:%VERIFY_ALLOW_BROKEN",
     "options that change no suite"},
};

/* ---- the corpus of broken strings --------------------------------------- */

typedef struct invalid_case {
    const char *prio;
    size_t offset;     /* the built-in resolver's err->offset */
    long lib_offset;   /* libgnutls's; -1: the same */
    const char *why;
} invalid_case;

static const invalid_case invalid[] = {
    {"", 0, -1, "empty string"},
    {"NONE", 0, -1, "NONE alone enables nothing (insufficient priorities)"},
    {"NORMAL::", 7, -1, "empty element"},
    {"NORMAL:", 7, -1, "trailing ':'"},
    {":NORMAL", 0, -1, "leading ':'"},
    {"NORMAL:+VERS-TLS9.9", 7, -1, "unknown version"},
    {"NORMAL:+VERS-FOO", 7, -1, "unknown version"},
    {"NORMAL:+VERS-TLS1.2X", 7, -1, "version names match exactly"},
    {"NORMAL:+GROUP-FOO", 7, -1, "unknown group"},
    {"NORMAL:+CURVE-FOO", 7, -1, "unknown curve"},
    {"NORMAL:+CURVE-TC26-256-A", 7, -1, "curve this backend lacks"},
    {"NORMAL:+SIGN-FOO", 7, -1, "unknown signature algorithm"},
    {"NORMAL:+SIGN-GOSTR341094", 7, -1, "signature algorithm not in 3.7.9"},
    {"NORMAL:+CTYPE-FOO", 7, -1, "unknown certificate type"},
    {"NORMAL:+CTYPE-CLI-OPENPGP", 7, -1, "OPENPGP only without CLI-/SRV-"},
    {"NORMAL:+FOO", 7, -1, "unknown keyword"},
    {"NORMAL:+AES-128-GCM:-FOOBAR", 20, -1, "unknown keyword, second item"},
    {"NORMAL:+AES-128-GCM:AES-256-GCM", 20, -1, "an algorithm without + or -"},
    {"NORMAL:%server_precedence", 7, -1, "options are case-sensitive"},
    {"NORMAL:%FOO", 7, -1, "unknown option"},
    {"NORMAL:-NORMAL", 7, -1, "a level cannot be removed"},
    {"NORMAL:NONE", 7, -1, "NONE only as the first element"},
    {"NORMAL :+AES-128-CBC", 0, -1, "space before ':'"},
    {"NORMAL:+AES-128-CBC ", 7, -1, "trailing space"},
    {"NORMAL:\t+AES-128-CBC", 7, -1, "a tab after ':' is not skipped"},
    {"NORMAL:+SHA3-256", 7, -1, "a hash this backend lacks"},
    {"NORMAL:+MD5+SHA1", 7, -1, "MD5+SHA1 is no MAC here"},
    {"SYSTEM", 0, -1, "bare SYSTEM is no level"},
    {"NORMAL:-VERS-ALL:+VERS-SSL3.0", 0, -1, "SSL 3.0 only: nothing left"},
    {"NORMAL:-CIPHER-ALL:+CIPHER-AES-128-GCM", 0, -1, "CIPHER-<name> adds nothing"},
    {"NORMAL:-GOST", 0, -1, "-GOST empties ciphers, MACs, kx and signatures"},
    {"NORMAL:-MAC-ALL", 0, -1, "no MAC: no suite"},
    {"NORMAL:+CIPHER_0:-CIPHER_1:...:+CIPHER_N", 7, -1,
     "mod_gnutls manual's syntax line taken literally"},
    /* Documented differences in the offset. libgnutls counts the elements
     * of its own copy of the string: the spaces it skips after ':' are
     * not counted, and when the copy differs from the input (leading white
     * space, or an @KEYWORD expansion) it reports offset 0. The built-in
     * resolver reports the real byte offset of the bad element. */
    {"NORMAL:  +AES-128-CBC:FOO", 22, 20, "two skipped spaces not counted by libgnutls"},
    {"NORMAL: +AES-128-GCM: -FOO", 22, 20, "skipped spaces not counted by libgnutls"},
    {"  NORMAL:FOO", 9, 0, "leading white space: libgnutls reports 0"},
    {"   ", 3, 0, "only white space: libgnutls reports 0"},
    /* @KEYWORD: the built-in resolver expands it to GnuTLS's default
     * ("NORMAL"); libgnutls reads /etc/gnutls/config and, without that
     * file (as here), rejects every @KEYWORD at 0. */
    {"@SYSTEM:FOO", 8, 0, "bad element after @SYSTEM"},
    {"@LIBVIRT,SYSTEM:!-VERS-SSL3.0", 16, 0,
     "gnutls_priority_init2() doc example: '!-VERS-SSL3.0' is no item"},
};

/* ---- tests ---------------------------------------------------------------- */

static void test_valid_corpus(void)
{
    for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++) {
        tvc_arena *a = tvc_arena_new();
        tvc_policy x;
        tvc_policy_err ex = {0};
        const char *s = valid[i].prio;
        TT_CHECK(tvc_gnutls_resolve(a, s, &x, &ex) == 0, "\"%s\" (%s): built-in rejects at %zu: %s",
                 s, valid[i].source, ex.offset, ex.message ? ex.message : "");
        tvc_arena_free(a);
    }
}

static void test_valid_corpus_lib(void)
{
    for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++) {
        tvc_arena *a = tvc_arena_new();
        tvc_policy x, y;
        tvc_policy_err ex = {0}, ey = {0};
        const char *s = valid[i].prio;
        int rx = tvc_gnutls_resolve(a, s, &x, &ex);
        int ry = tvc_gnutls_resolve_lib(a, s, &y, &ey);
        TT_CHECK(ry == 0, "\"%s\" (%s): libgnutls rejects at %zu: %s", s, valid[i].source,
                 ey.offset, ey.message ? ey.message : "");
        if (rx == 0 && ry == 0) {
            const char *d = policy_diff(a, &x, &y);
            TT_CHECK(d == NULL, "\"%s\" (%s): %s", s, valid[i].source, d ? d : "");
            TT_CHECK(y.server_preference == -1 && y.tickets == -1,
                     "libgnutls cannot tell the options of \"%s\"", s);
        }
        tvc_arena_free(a);
    }
}

static void test_invalid_corpus(void)
{
    for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++) {
        const invalid_case *c = &invalid[i];
        tvc_arena *a = tvc_arena_new();
        tvc_policy x;
        tvc_policy_err ex = {0};
        int rx = tvc_gnutls_resolve(a, c->prio, &x, &ex);
        TT_CHECK(rx == -1, "\"%s\" (%s): built-in accepts it", c->prio, c->why);
        if (rx == -1) {
            TT_CHECK(ex.offset == c->offset, "\"%s\" (%s): built-in offset %zu, expected %zu (%s)",
                     c->prio, c->why, ex.offset, c->offset, ex.message);
            TT_CHECK(ex.message && *ex.message && ex.fatal, "\"%s\": a fatal error with a message",
                     c->prio);
        }
        tvc_arena_free(a);
    }
}

static void test_invalid_corpus_lib(void)
{
    for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++) {
        const invalid_case *c = &invalid[i];
        tvc_arena *a = tvc_arena_new();
        tvc_policy y;
        tvc_policy_err ey = {0};
        size_t want = c->lib_offset < 0 ? c->offset : (size_t)c->lib_offset;
        int ry = tvc_gnutls_resolve_lib(a, c->prio, &y, &ey);
        TT_CHECK(ry == -1, "\"%s\" (%s): libgnutls accepts it", c->prio, c->why);
        if (ry == -1)
            TT_CHECK(ey.offset == want, "\"%s\" (%s): libgnutls offset %zu, expected %zu", c->prio,
                     c->why, ey.offset, want);
        tvc_arena_free(a);
    }
}

/* The error names the bad element. */
static void test_messages(void)
{
    static const struct {
        const char *prio, *needle;
    } m[] = {
        {"NORMAL:+FOO", "'+FOO'"},
        {"NORMAL:+VERS-TLS9.9", "'+VERS-TLS9.9'"},
        {"NORMAL:%server_precedence", "case-sensitive"},
        {"NORMAL:+SHA3-256", "SHA3-256"},
        {"NORMAL:AES-128-GCM", "'+' or '-'"},
        {"NORMAL:NONE", "first"},
        {"NORMAL::", "empty"},
        {"NONE", "nothing to negotiate"},
    };
    for (size_t i = 0; i < sizeof m / sizeof m[0]; i++) {
        tvc_arena *a = tvc_arena_new();
        tvc_policy x;
        tvc_policy_err e = {0};
        int r = tvc_gnutls_resolve(a, m[i].prio, &x, &e);
        TT_CHECK(r == -1 && e.message && strstr(e.message, m[i].needle),
                 "\"%s\": message \"%s\" should mention %s", m[i].prio,
                 e.message ? e.message : "(none)", m[i].needle);
        tvc_arena_free(a);
    }
}

/* Values written down from libgnutls 3.7.9 (gnutls-cli -l --priority ...),
 * so that the resolver is checked even where the library is missing. */
static void test_expected_values(void)
{
    tvc_arena *a = tvc_arena_new();
    tvc_policy p;
    tvc_policy_err e = {0};

    static const uint16_t normal13[] = {0x1302, 0x1303, 0x1301, 0x1304};
    static const uint16_t normal12[] = {
        0xC02C, 0xCCA9, 0xC0AD, 0xC00A, 0xC02B, 0xC0AC, 0xC009, 0xC030, 0xCCA8,
        0xC014, 0xC02F, 0xC013, 0x009D, 0xC09D, 0x0035, 0x009C, 0xC09C, 0x002F,
        0x009F, 0xCCAA, 0xC09F, 0x0039, 0x009E, 0xC09E, 0x0033};
    TT_CHECK(tvc_gnutls_resolve(a, "NORMAL", &p, &e) == 0, "NORMAL");
    TT_CHECK(p.proto_min == 0x0301 && p.proto_max == 0x0304, "NORMAL: TLS 1.0-1.3");
    TT_CHECK(codes_are(p.tls13, p.n_tls13, normal13, 4), "NORMAL TLS1.3: %s",
             codes_text(a, p.tls13, p.n_tls13));
    TT_CHECK(codes_are(p.tls12, p.n_tls12, normal12, 25), "NORMAL TLS1.2: %s",
             codes_text(a, p.tls12, p.n_tls12));
    TT_CHECK(strcmp(groups_text(a, &p), "SECP256R1:SECP384R1:SECP521R1:X25519:X448:FFDHE2048:"
                                     "FFDHE3072:FFDHE4096:FFDHE6144:FFDHE8192") == 0,
             "NORMAL groups: %s", groups_text(a, &p));
    TT_CHECK(p.server_preference == 0 && p.tickets == 1, "NORMAL: client order, tickets");

    /* a NULL string is GnuTLS's default, NORMAL in this build */
    tvc_policy d;
    TT_CHECK(tvc_gnutls_resolve(a, NULL, &d, &e) == 0 && codes_are(d.tls12, d.n_tls12, normal12, 25),
             "NULL is NORMAL");
    /* @SYSTEM: expanded like the default (see the invalid corpus for what
     * libgnutls does without /etc/gnutls/config) */
    TT_CHECK(tvc_gnutls_resolve(a, "@SYSTEM", &d, &e) == 0 &&
              codes_are(d.tls12, d.n_tls12, normal12, 25) &&
              codes_are(d.tls13, d.n_tls13, normal13, 4),
             "@SYSTEM is NORMAL");

    static const uint16_t suiteb[] = {0xC02C, 0xC02B};
    TT_CHECK(tvc_gnutls_resolve(a, "SUITEB128", &p, &e) == 0, "SUITEB128");
    TT_CHECK(p.proto_min == 0x0303 && p.proto_max == 0x0303 && p.n_tls13 == 0 &&
              codes_are(p.tls12, p.n_tls12, suiteb, 2) &&
              strcmp(groups_text(a, &p), "SECP256R1:SECP384R1") == 0,
             "SUITEB128: %04x-%04x [%s] %s", p.proto_min, p.proto_max,
             codes_text(a, p.tls12, p.n_tls12), groups_text(a, &p));

    TT_CHECK(tvc_gnutls_resolve(a, "NORMAL:-VERS-ALL:+VERS-TLS1.3", &p, &e) == 0 &&
              p.proto_min == 0x0304 && p.proto_max == 0x0304 && p.n_tls12 == 0 &&
              codes_are(p.tls13, p.n_tls13, normal13, 4),
             "TLS 1.3 only");

    static const uint16_t perf[] = {0x009C, 0x009D, 0xC09C, 0xC09D, 0x002F, 0x0035, 0xC02B};
    TT_CHECK(tvc_gnutls_resolve(a, "PERFORMANCE", &p, &e) == 0 && p.n_tls12 == 25 &&
              codes_are(p.tls12, 7, perf, 7) && p.tls13[0] == 0x1301,
             "PERFORMANCE: RSA first, AES-128 first: %s", codes_text(a, p.tls12, p.n_tls12));

    static const uint16_t tls10[] = {0xC00A, 0xC009, 0xC014, 0xC013, 0x0035,
                                     0x002F, 0x0039, 0x0033};
    TT_CHECK(tvc_gnutls_resolve(a, "NORMAL:-VERS-ALL:+VERS-TLS1.0", &p, &e) == 0 &&
              p.proto_min == 0x0301 && p.proto_max == 0x0301 &&
              codes_are(p.tls12, p.n_tls12, tls10, 8) && p.n_tls13 == 0,
             "TLS 1.0 only: %s", codes_text(a, p.tls12, p.n_tls12));

    TT_CHECK(tvc_gnutls_resolve(a, "NORMAL:+SRP", &p, &e) == 0 && p.proto_max == 0x0303 &&
              p.n_tls13 == 0 && p.n_tls12 == 27 && p.tls12[25] == 0xC020 &&
              p.tls12[26] == 0xC01D,
             "NORMAL:+SRP: SRP suites last, no TLS 1.3");

    TT_CHECK(tvc_gnutls_resolve(a, "NORMAL:-GROUP-ALL:+CURVE-Ed25519", &p, &e) == 0 &&
              strcmp(groups_text(a, &p), "Ed25519") == 0 && p.proto_max == 0x0303,
             "CURVE-Ed25519: %s", groups_text(a, &p));

    TT_CHECK(tvc_gnutls_resolve(a, "NORMAL:-VERS-TLS-ALL", &p, &e) == 0 && p.proto_min == 0 &&
              p.proto_max == 0 && p.n_tls13 == 0 && codes_are(p.tls12, p.n_tls12, normal12, 25),
             "DTLS only: no TLS version, the suites of DTLS 1.2");

    /* 129 elements: GnuTLS drops everything after the 128th */
    char *s = tvc_arena_strdup(a, "NORMAL");
    for (int i = 1; i < 128; i++)
        s = tvc_arena_printf(a, "%s:%s", s, i == 1 ? "-VERS-TLS1.0" : "+AES-128-GCM");
    s = tvc_arena_printf(a, "%s:FOO", s);
    TT_CHECK(tvc_gnutls_resolve(a, s, &p, &e) == 0 && p.proto_min == 0x0302,
             "the 129th element is ignored");
    tvc_arena_free(a);
}

/* %SERVER_PRECEDENCE and the session-ticket options (libgnutls cannot be
 * asked for these; the ticket rules were checked with handshakes against
 * libgnutls 3.7.9 with tickets enabled before the priorities were set). */
static void test_options(void)
{
    static const struct {
        const char *prio;
        int sp, tickets;
    } o[] = {
        {"NORMAL", 0, 1},
        {"NORMAL:%SERVER_PRECEDENCE", 1, 1},
        {"%SERVER_PRECEDENCE:NORMAL", 1, 1},
        {"NORMAL:%NO_TICKETS", 0, 0},
        {"%NO_TICKETS:NORMAL", 0, 1},      /* a level resets the ticket options */
        {"NORMAL:%NO_TICKETS:+PFS", 0, 1}, /* +PFS resets %NO_TICKETS; PFS only */
        {"PFS", 0, 1},                     /* stops TLS 1.2 tickets, TLS 1.3 has them */
        {"NORMAL:%NO_TICKETS:+PFS:-VERS-TLS1.3", 0, 0},
        {"PFS:-VERS-TLS1.3", 0, 0},
        {"PFS:+NORMAL", 0, 1},
        {"NORMAL:%NO_TICKETS_TLS12", 0, 1},
        {"NORMAL:%NO_TICKETS_TLS12:-VERS-TLS1.3", 0, 0},
        {"NORMAL:%COMPAT:%SAFE_RENEGOTIATION", 0, 1},
    };
    for (size_t i = 0; i < sizeof o / sizeof o[0]; i++) {
        tvc_arena *a = tvc_arena_new();
        tvc_policy p;
        tvc_policy_err e = {0};
        int r = tvc_gnutls_resolve(a, o[i].prio, &p, &e);
        TT_CHECK(r == 0 && p.server_preference == o[i].sp && p.tickets == o[i].tickets,
                 "\"%s\": server_preference %d tickets %d, expected %d %d", o[i].prio,
                 p.server_preference, p.tickets, o[i].sp, o[i].tickets);
        tvc_arena_free(a);
    }
}

/* @KEYWORD: the built-in resolver treats it as the default priority string
 * followed by the rest; libgnutls (no /etc/gnutls/config here) rejects it
 * at 0, but agrees with the built-in resolver once "NORMAL" is written in
 * its place. */
static const char *const system_kw[] = {"@SYSTEM", "@SYSTEM:-VERS-TLS1.0:-VERS-TLS1.1",
                                        "@LIBVIRT,SYSTEM:+SRP", "  @SYSTEM:%SERVER_PRECEDENCE"};

static void test_system_keyword(void)
{
    const char *const *s = system_kw;
    for (size_t i = 0; i < sizeof system_kw / sizeof system_kw[0]; i++) {
        tvc_arena *a = tvc_arena_new();
        tvc_policy x, z;
        tvc_policy_err e = {0};
        TT_CHECK(tvc_gnutls_resolve(a, s[i], &x, &e) == 0, "\"%s\" resolves", s[i]);
        const char *colon = strchr(s[i], ':');
        const char *as_normal = tvc_arena_printf(a, "NORMAL%s", colon ? colon : "");
        TT_CHECK(tvc_gnutls_resolve(a, as_normal, &z, &e) == 0 && !policy_diff(a, &x, &z) &&
                  x.server_preference == z.server_preference,
                 "\"%s\" is \"%s\"", s[i], as_normal);
        tvc_arena_free(a);
    }
}

static void test_system_keyword_lib(void)
{
    const char *const *s = system_kw;
    for (size_t i = 0; i < sizeof system_kw / sizeof system_kw[0]; i++) {
        tvc_arena *a = tvc_arena_new();
        tvc_policy x, y;
        tvc_policy_err e = {0};
        const char *colon = strchr(s[i], ':');
        const char *as_normal = tvc_arena_printf(a, "NORMAL%s", colon ? colon : "");
        TT_CHECK(tvc_gnutls_resolve(a, s[i], &x, &e) == 0, "\"%s\" resolves", s[i]);
        TT_CHECK(tvc_gnutls_resolve_lib(a, s[i], &y, &e) == -1 && e.offset == 0,
                 "libgnutls without /etc/gnutls/config rejects \"%s\" at 0", s[i]);
        TT_CHECK(tvc_gnutls_resolve_lib(a, as_normal, &y, &e) == 0 && !policy_diff(a, &x, &y),
                 "\"%s\" is libgnutls's \"%s\"", s[i], as_normal);
        tvc_arena_free(a);
    }
}

/* The static suite table is libgnutls's, row by row. */
static void test_suite_table_lib(void)
{
#ifdef HAVE_GNUTLS
    size_t i;
    for (i = 0;; i++) {
        unsigned char id[2];
        gnutls_kx_algorithm_t kx;
        gnutls_cipher_algorithm_t c;
        gnutls_mac_algorithm_t m;
        gnutls_protocol_t v;
        const char *n = gnutls_cipher_suite_info(i, id, &kx, &c, &m, &v);
        if (!n)
            break;
        if (i >= tvc_gnutls_n_suites) {
            TT_CHECK(0, "libgnutls has more suites than the table (%s)", n);
            break;
        }
        const tvc_gnutls_suite *s = &tvc_gnutls_suites[i];
        TT_CHECK(s->code == (id[0] << 8 | id[1]) && strcmp(s->name, n) == 0 &&
                  s->kx == (unsigned)kx && s->cipher == (unsigned)c && s->mac == (unsigned)m &&
                  s->min_version == (unsigned)v,
                 "suite %zu: table %04X %s, libgnutls %02X%02X %s", i, s->code, s->name, id[0],
                 id[1], n);
    }
    TT_CHECK(i == tvc_gnutls_n_suites, "libgnutls has %zu suites, the table %zu", i,
             tvc_gnutls_n_suites);
#endif
}

/* A seeded random walk: strings built from the keywords (mixed case, some
 * spaces, levels in the middle, junk), compared with libgnutls. */
static const char *const pool[] = {
    "+VERS-ALL", "-VERS-ALL", "+VERS-TLS-ALL", "-VERS-TLS-ALL", "+VERS-DTLS-ALL",
    "-VERS-DTLS-ALL", "+VERS-SSL3.0", "+VERS-TLS1.0", "-VERS-TLS1.0", "+VERS-TLS1.1",
    "-VERS-TLS1.1", "+VERS-TLS1.2", "-VERS-TLS1.2", "+VERS-TLS1.3", "-VERS-TLS1.3",
    "+VERS-DTLS0.9", "+VERS-DTLS1.0", "-VERS-DTLS1.2", "+CIPHER-ALL", "-CIPHER-ALL",
    "+CIPHER-GOST-ALL", "+AES-128-GCM", "-AES-128-GCM", "+AES-256-GCM", "-AES-256-GCM",
    "+AES-128-CBC", "-AES-128-CBC", "+AES-256-CBC", "-AES-256-CBC", "+AES-128-CCM",
    "+AES-256-CCM", "+AES-128-CCM-8", "+AES-256-CCM-8", "+CHACHA20-POLY1305",
    "-CHACHA20-POLY1305", "+CAMELLIA-128-GCM", "+CAMELLIA-256-GCM", "+CAMELLIA-128-CBC",
    "+CAMELLIA-256-CBC", "+3DES-CBC", "+ARCFOUR-128", "+NULL", "+GOST28147-TC26Z-CNT",
    "+AES-192-GCM", "+SALSA20-256", "+MAC-ALL", "-MAC-ALL", "+MAC-GOST-ALL", "+SHA1",
    "-SHA1", "+SHA256", "-SHA256", "+SHA384", "+AEAD", "-AEAD", "+MD5", "+UMAC-96",
    "+GOST28147-TC26Z-IMIT", "+KX-ALL", "-KX-ALL", "+KX-GOST-ALL", "+RSA", "-RSA",
    "+DHE-RSA", "-DHE-RSA", "+ECDHE-RSA", "-ECDHE-RSA", "+ECDHE-ECDSA", "-ECDHE-ECDSA",
    "+DHE-DSS", "+PSK", "+DHE-PSK", "+ECDHE-PSK", "+RSA-PSK", "+SRP", "+SRP-RSA",
    "+ANON-DH", "+ANON-ECDH", "+VKO-GOST-12", "+RSA-EXPORT", "+GROUP-ALL", "-GROUP-ALL",
    "+GROUP-DH-ALL", "-GROUP-DH-ALL", "+GROUP-EC-ALL", "-GROUP-EC-ALL", "+GROUP-GOST-ALL",
    "+GROUP-X25519", "-GROUP-X25519", "+GROUP-SECP256R1", "+GROUP-FFDHE2048",
    "-GROUP-FFDHE8192", "+GROUP-X448", "+GROUP-GC256A", "+GROUP-GC256B", "+CURVE-ALL",
    "+CURVE-SECP384R1", "+CURVE-Ed25519", "+SIGN-ALL", "-SIGN-ALL", "+SIGN-GOST-ALL",
    "+SIGN-RSA-SHA256", "-SIGN-RSA-SHA256", "+SIGN-ECDSA-SHA256",
    "+SIGN-ECDSA-SECP256R1-SHA256", "+SIGN-RSA-PSS-RSAE-SHA256", "+SIGN-EdDSA-Ed25519",
    "+SIGN-RSA-SHA1", "+SIGN-DSA-SHA1", "+SIGN-RSA-SHA3-256", "+COMP-ALL", "-COMP-NULL",
    "+CTYPE-ALL", "+CTYPE-X509", "+CTYPE-SRV-RAWPK", "-CTYPE-OPENPGP", "+GOST",
    "%SERVER_PRECEDENCE", "%COMPAT", "%NO_TICKETS", "%NO_EXTENSIONS", "%PROFILE_HIGH",
    "+NORMAL", "+PFS", "+SECURE128", "+SECURE192", "+SUITEB128", "+PERFORMANCE", "LEGACY",
    "SECURE256", "!SHA1", "!AES-128-CBC", "-NORMAL", "+FOO", "%server_precedence",
    "+CIPHER-AES-128-GCM", "+VERS-TLS-ALLX", "+SHA3-256", "NONE", "",
};
static const char *const starts[] = {"NORMAL", "PFS", "SECURE128", "SECURE192", "SUITEB128",
                                     "SUITEB192", "LEGACY", "PERFORMANCE", "NONE", "normal",
                                     "@SYSTEM", "%COMPAT"};

static uint64_t rng_state = 20240607;
static unsigned rnd(unsigned n)
{
    rng_state = rng_state * 6364136223846793005u + 1442695040888963407u;
    return (unsigned)((rng_state >> 33) % n);
}

static void test_random_walk_lib(void)
{
    int agree_ok = 0, agree_err = 0;
    for (int it = 0; it < 4000; it++) {
        tvc_arena *a = tvc_arena_new();
        char s[2048];
        size_t n = (size_t)snprintf(s, sizeof s, "%s", starts[rnd(sizeof starts / sizeof *starts)]);
        int k = (int)rnd(10), quirky = s[0] == '@';
        for (int j = 0; j < k && n < sizeof s - 64; j++) {
            const char *w = pool[rnd(sizeof pool / sizeof *pool)];
            s[n++] = ':';
            if (rnd(25) == 0) {
                s[n++] = ' ';
                quirky = 1;
            }
            for (const char *c = w; *c; c++)
                s[n++] = (char)(w[0] != '%' && *c >= 'A' && *c <= 'Z' && rnd(5) == 0 ? *c + 32 : *c);
            s[n] = '\0';
        }
        /* the library has no @SYSTEM here: give it what the built-in
         * resolver expands it to */
        const char *ls = s[0] == '@' ? tvc_arena_printf(a, "NORMAL%s", s + 7) : s;
        tvc_policy x, y;
        tvc_policy_err ex = {0}, ey = {0};
        int rx = tvc_gnutls_resolve(a, s, &x, &ex), ry = tvc_gnutls_resolve_lib(a, ls, &y, &ey);
        TT_CHECK(rx == ry, "\"%s\": built-in %d (%s), libgnutls %d (%s)", s, rx,
                 ex.message ? ex.message : "", ry, ey.message ? ey.message : "");
        if (rx == 0 && ry == 0) {
            const char *d = policy_diff(a, &x, &y);
            TT_CHECK(d == NULL, "\"%s\": %s", s, d ? d : "");
            agree_ok++;
        } else if (rx == ry) {
            if (!quirky)
                TT_CHECK(ex.offset == ey.offset, "\"%s\": offset %zu, libgnutls %zu", s, ex.offset,
                         ey.offset);
            agree_err++;
        }
        tvc_arena_free(a);
    }
    TT_CHECK(agree_ok > 1000 && agree_err > 1000, "random walk: %d accepted, %d rejected", agree_ok,
             agree_err);
}

static void test_lib_stub(void)
{
    tvc_arena *a = tvc_arena_new();
    tvc_policy p;
    tvc_policy_err e = {0};
    TT_CHECK(tvc_gnutls_resolve_lib(a, "NORMAL", &p, &e) == -2, "no libgnutls: -2");
    tvc_arena_free(a);
}

void tvc_test_gnutls_register(void)
{
    CU_pSuite s = CU_add_suite("gnutls priority strings", NULL, NULL);
    if (!s)
        return;
    const char *no_lib = lib_missing();
#ifdef HAVE_GNUTLS
    const char *stub_off = "built with libgnutls: there is no stub to test";
#else
    const char *stub_off = NULL;
#endif
    CU_add_test(s, "valid corpus", test_valid_corpus);
    tt_add_test_unless(s, "valid corpus vs libgnutls", test_valid_corpus_lib, no_lib);
    CU_add_test(s, "invalid corpus and error offsets", test_invalid_corpus);
    tt_add_test_unless(s, "invalid corpus vs libgnutls", test_invalid_corpus_lib, no_lib);
    CU_add_test(s, "error messages", test_messages);
    CU_add_test(s, "expected values", test_expected_values);
    CU_add_test(s, "server precedence and tickets", test_options);
    CU_add_test(s, "@SYSTEM and @KEYWORD", test_system_keyword);
    tt_add_test_unless(s, "@SYSTEM and @KEYWORD vs libgnutls", test_system_keyword_lib, no_lib);
    tt_add_test_unless(s, "cipher suite table vs libgnutls", test_suite_table_lib, no_lib);
    tt_add_test_unless(s, "random walk vs libgnutls", test_random_walk_lib, no_lib);
    tt_add_test_unless(s, "resolver without libgnutls", test_lib_stub, stub_off);
}
