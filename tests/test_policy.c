/* The policy engine: the suite table against this OpenSSL, OpenSSL cipher
 * strings expanded and cross-checked with `openssl ciphers -s -stdname`,
 * and mod_tls cipher lists. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/CUnit.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include "emit/emit.h"
#include "base/arena.h"
#include "ir/ir.h"
#include "policy/groups.h"
#include "policy/policy.h"
#include "policy/suites.h"
#include "policy/translate.h"
#include "policy/expand.h"
#include "ir/build.h"
#include "parser/parser.h"

static void test_table_sorted(void)
{
    size_t n;
    const tvc_suite *s = tvc_suites(&n);
    CU_ASSERT(n > 300);
    for (size_t i = 1; i < n; i++)
        CU_ASSERT(s[i - 1].code < s[i].code);
    CU_ASSERT_PTR_NOT_NULL(tvc_suite_by_name("ECDHE-RSA-AES128-GCM-SHA256"));
    CU_ASSERT_PTR_NOT_NULL(tvc_suite_by_name("TLS_CIPHER_0xC02F"));
    CU_ASSERT_PTR_NOT_NULL(tvc_suite_by_name("TLS13_AES_128_GCM_SHA256"));
    CU_ASSERT_PTR_NULL(tvc_suite_by_name("ecdhe-rsa-aes128-gcm-sha256")); /* exact case */
    CU_ASSERT_PTR_NULL(tvc_suite_by_name("NOPE"));
}

/* Every suite this OpenSSL knows is in the table under the same names:
 * the table cannot drift from OpenSSL unnoticed. */
static void test_table_vs_openssl(void)
{
    FILE *p = popen("openssl ciphers -V -stdname 'ALL:COMPLEMENTOFALL:@SECLEVEL=0' 2>/dev/null", "r");
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    char line[512];
    int seen = 0;
    while (fgets(line, sizeof line, p)) {
        unsigned hi, lo;
        char std[128], ossl[128];
        if (sscanf(line, " 0x%x,0x%x - %127s - %127s", &hi, &lo, std, ossl) != 4)
            continue;
        seen++;
        const tvc_suite *s = tvc_suite_by_code((uint16_t)(hi << 8 | lo));
        CU_ASSERT_PTR_NOT_NULL(s);
        if (!s)
            continue;
        CU_ASSERT_STRING_EQUAL(s->iana, std);
        CU_ASSERT_PTR_NOT_NULL(s->openssl);
        if (s->openssl)
            CU_ASSERT_STRING_EQUAL(s->openssl, ossl);
    }
    pclose(p);
    CU_ASSERT(seen > 50);
}

static void test_weakness(void)
{
    CU_ASSERT(tvc_suite_weakness(tvc_suite_by_name("TLS_RSA_WITH_NULL_SHA")) & TVC_WEAK_NULL);
    CU_ASSERT(tvc_suite_weakness(tvc_suite_by_name("TLS_DH_anon_WITH_AES_128_CBC_SHA")) &
              TVC_WEAK_ANON);
    CU_ASSERT(tvc_suite_weakness(tvc_suite_by_name("TLS_RSA_WITH_3DES_EDE_CBC_SHA")) &
              TVC_WEAK_DES);
    CU_ASSERT(tvc_suite_weakness(tvc_suite_by_name("TLS_RSA_WITH_RC4_128_MD5")) & TVC_WEAK_RC4);
    CU_ASSERT(tvc_suite_weakness(tvc_suite_by_name("TLS_RSA_WITH_AES_128_GCM_SHA256")) ==
              TVC_WEAK_NO_FS);
    CU_ASSERT(tvc_suite_weakness(tvc_suite_by_name("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")) == 0);
    CU_ASSERT(tvc_suite_weakness(tvc_suite_by_name("TLS_AES_128_GCM_SHA256")) == 0);
}

/* The TLS <= 1.2 suites `openssl ciphers -s` reports for a string with
 * TLS 1.2 as the only version: an independent path through OpenSSL. The
 * string gets what mod_ssl appends to every SSLCipherSuite. */
static size_t cli_suites(const char *spec, char out[][96], size_t max)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "openssl ciphers -s -stdname -tls1_2 '%s:!aNULL:!eNULL:!EXP' 2>/dev/null", spec);
    FILE *p = popen(cmd, "r");
    size_t n = 0;
    char line[512];
    while (p && fgets(line, sizeof line, p) && n < max) {
        char std[96];
        if (sscanf(line, "%95s", std) == 1 && strncmp(std, "TLS_AES", 7) &&
            strncmp(std, "TLS_CHACHA20", 12))
            snprintf(out[n++], 96, "%s", std);
    }
    if (p)
        pclose(p);
    return n;
}

static const char *const corpus[] = {
    /* Mozilla intermediate (5.6) */
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
    "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:"
    "DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384",
    /* Mozilla old (5.6) */
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
    "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:"
    "DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305:"
    "ECDHE-ECDSA-AES128-SHA256:ECDHE-RSA-AES128-SHA256:ECDHE-ECDSA-AES128-SHA:"
    "ECDHE-RSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA384:ECDHE-RSA-AES256-SHA384:"
    "ECDHE-ECDSA-AES256-SHA:ECDHE-RSA-AES256-SHA:DHE-RSA-AES128-SHA256:DHE-RSA-AES256-SHA256:"
    "AES128-GCM-SHA256:AES256-GCM-SHA384:AES128-SHA256:AES256-SHA256:AES128-SHA:AES256-SHA:"
    "DES-CBC3-SHA",
    /* httpd's documented default and common variants */
    "HIGH:MEDIUM:!MD5:!RC4:!3DES",
    "HIGH:!aNULL",
    "DEFAULT",
    "ECDHE+AESGCM:ECDHE+CHACHA20:!aNULL:!MD5",
    "EECDH+AESGCM:EDH+AESGCM",
};

static void test_openssl_corpus(void)
{
    for (size_t c = 0; c < sizeof corpus / sizeof *corpus; c++) {
        tvc_arena *a = tvc_arena_new();
        tvc_openssl_in in = {corpus[c], NULL, TVC_TLS12, TVC_TLS12, -1, NULL};
        tvc_policy p;
        tvc_policy_errs errs = {0};
        CU_ASSERT_EQUAL(tvc_openssl_resolve(a, &in, &p, &errs), 0);
        static char want[400][96];
        size_t n = cli_suites(corpus[c], want, 400);
        CU_ASSERT(n > 0);
        CU_ASSERT_EQUAL(p.n_tls12, n);
        for (size_t i = 0; i < n && i < p.n_tls12; i++) {
            const tvc_suite *s = tvc_suite_by_code(p.tls12[i]);
            CU_ASSERT_PTR_NOT_NULL(s);
            if (s && strcmp(s->iana, want[i]) != 0) {
                CU_FAIL("expanded order differs from openssl ciphers -s");
                fprintf(stderr, "\n  corpus %zu #%zu: %s vs %s\n", c, i, s->iana, want[i]);
                break;
            }
        }
        CU_ASSERT_EQUAL(p.proto_min, TVC_TLS12);
        tvc_arena_free(a);
    }
}

static void test_openssl_modern_tls13(void)
{
    tvc_arena *a = tvc_arena_new();
    tvc_openssl_in in = {NULL, "TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256", TVC_TLS13,
                         0, -1, "X25519:P-256"};
    tvc_policy p;
    tvc_policy_errs errs = {0};
    CU_ASSERT_EQUAL(tvc_openssl_resolve(a, &in, &p, &errs), 0);
    CU_ASSERT_EQUAL(p.n_tls12, 0);
    CU_ASSERT_EQUAL_FATAL(p.n_tls13, 2);
    CU_ASSERT_EQUAL(p.tls13[0], 0x1301);
    CU_ASSERT_EQUAL(p.tls13[1], 0x1303);
    CU_ASSERT_EQUAL(p.proto_min, TVC_TLS13);
    CU_ASSERT_EQUAL(p.n_groups, 2);
    CU_ASSERT_EQUAL(errs.n, 0);
    tvc_arena_free(a);
}

static void test_openssl_invalid(void)
{
    tvc_arena *a = tvc_arena_new();
    tvc_policy p;
    tvc_policy_errs errs = {0};
    tvc_openssl_in bad = {"FOOBAR:BAZ", NULL, TVC_TLS12, 0, -1, NULL};
    CU_ASSERT_EQUAL(tvc_openssl_resolve(a, &bad, &p, &errs), -1);
    int fatal = 0, at5 = 0;
    for (size_t i = 0; i < errs.n; i++) {
        fatal |= errs.v[i].fatal;
        at5 |= !errs.v[i].fatal && errs.v[i].offset == 7; /* "BAZ" */
    }
    CU_ASSERT(fatal);
    CU_ASSERT(at5);

    tvc_policy_errs e2 = {0};
    tvc_openssl_in typo = {"HIGH:!aNULL:HIHG", NULL, TVC_TLS12, 0, -1, NULL};
    CU_ASSERT_EQUAL(tvc_openssl_resolve(a, &typo, &p, &e2), 0);
    CU_ASSERT_EQUAL_FATAL(e2.n, 1);
    CU_ASSERT_EQUAL(e2.v[0].offset, 12);
    CU_ASSERT_FALSE(e2.v[0].fatal);
    CU_ASSERT_PTR_NOT_NULL(strstr(e2.v[0].message, "HIHG"));

    /* A valid string and no error: nothing reported. */
    tvc_policy_errs e3 = {0};
    tvc_openssl_in ok = {"HIGH:!aNULL:!MD5", NULL, TVC_TLS12, 0, -1, NULL};
    CU_ASSERT_EQUAL(tvc_openssl_resolve(a, &ok, &p, &e3), 0);
    CU_ASSERT_EQUAL(e3.n, 0);
    tvc_arena_free(a);
}

/* One case of what an OpenSSL string's elements earn: the findings'
 * count by level, and the first one's offset. */
static const struct element_case {
    const char *spec;
    int rc;          /* tvc_openssl_resolve's result */
    size_t errors, warnings, notes;
    size_t offset;   /* of the first finding */
} element_cases[] = {
    /* Mozilla intermediate v5.7 = certbot's options-ssl-apache.conf */
    {"ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
     "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:"
     "DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305",
     0, 0, 0, 0, 0},
    {"HIGH:!aNULL", 0, 0, 0, 0, 0},                          /* Debian's ssl.conf */
    /* removals of what this OpenSSL lacks: the point of a defensive string */
    {"HIGH:!RC4:!EXPORT:-DES:!MD5:!aNULL:!eNULL:!EXP:!LOW:!IDEA:-SEED:!3DES", 0, 0, 0, 0, 0},
    {"HIGH:!NOTHINGLIKETHIS", 0, 0, 0, 0, 0},
    {"HIGH:MEDIUM:!aNULL:!MD5", 0, 0, 0, 1, 5},              /* MEDIUM: known, empty */
    {"SEED:IDEA:HIGH", 0, 0, 0, 2, 0},
    {"RC4-SHA:HIGH", 0, 0, 0, 1, 0},                         /* a suite OpenSSL 3 dropped */
    {"ALL:!ADH:RC4+RSA:+HIGH:+MEDIUM:+LOW", 0, 0, 0, 1, 9},  /* '+' only orders */
    {"ECDHE-RSA-AES128-GCM-SHA265:HIGH", 0, 0, 1, 0, 0},     /* a typo adds nothing */
    {"HIGH:+HGIH", 0, 0, 1, 0, 6},
    {"EECDH+AESGCMM:HIGH", 0, 0, 1, 0, 0},
    {"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256:HIGH", 0, 0, 1, 0, 0},
    {"HIGH;TLS_AES_128_GCM_SHA256", 0, 0, 0, 1, 5},          /* ';' separates too */
    {"MEDIUM", -1, 1, 0, 1, 0},                              /* AH01898 */
    {"aNULL", -1, 1, 0, 0, 0},                               /* mod_ssl adds !aNULL */
    {"HIGH:@SECLEVEL=9", -1, 1, 0, 0, 0},
};

static void test_openssl_elements(void)
{
    for (size_t c = 0; c < sizeof element_cases / sizeof *element_cases; c++) {
        const struct element_case *k = &element_cases[c];
        tvc_arena *a = tvc_arena_new();
        tvc_openssl_in in = {k->spec, NULL, TVC_TLS12, 0, -1, NULL};
        tvc_policy p;
        tvc_policy_errs errs = {0};
        int rc = tvc_openssl_resolve(a, &in, &p, &errs);
        size_t n[3] = {0, 0, 0}; /* note, warning, error */
        for (size_t i = 0; i < errs.n; i++)
            n[errs.v[i].fatal + 1]++;
        int ok = rc == k->rc && n[2] == k->errors && n[1] == k->warnings && n[0] == k->notes &&
                 (!errs.n || errs.v[0].offset == k->offset);
        if (!ok) {
            fprintf(stderr, "\n  '%s': rc %d, %zu errors, %zu warnings, %zu notes", k->spec,
                    rc, n[2], n[1], n[0]);
            for (size_t i = 0; i < errs.n; i++)
                fprintf(stderr, "\n    %d @%zu %s", errs.v[i].fatal, errs.v[i].offset,
                        errs.v[i].message);
        }
        CU_ASSERT(ok);
        tvc_arena_free(a);
    }
}

/* Every suite name this OpenSSL has is a known word, the table is in
 * bsearch order, and the words OpenSSL 1.1.0 dropped are still known. */
static void test_openssl_words(void)
{
    CU_ASSERT(tvc_openssl_words_sorted());
    FILE *p = popen("openssl ciphers 'ALL:COMPLEMENTOFALL:@SECLEVEL=0' 2>/dev/null", "r");
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    char line[16384];
    int seen = 0;
    if (fgets(line, sizeof line, p)) {
        line[strcspn(line, "\n")] = '\0';
        for (char *w = strtok(line, ":"); w; w = strtok(NULL, ":")) {
            if (!strncmp(w, "TLS_", 4))
                continue; /* TLS 1.3 suites have no cipher-string name */
            seen++;
            if (!tvc_openssl_word_known(w)) {
                fprintf(stderr, "\n  '%s' is missing from policy/openssl_words.c", w);
                CU_FAIL("a suite of this OpenSSL is not a known word");
            }
        }
    }
    pclose(p);
    CU_ASSERT(seen > 50);
    const char *known[] = {"MEDIUM", "LOW", "EXPORT", "EXP", "RC4", "RC4-SHA", "DES-CBC3-SHA",
                           "IDEA-CBC-SHA", "SEED", "kRSA", "aNULL"};
    for (size_t i = 0; i < sizeof known / sizeof *known; i++)
        CU_ASSERT(tvc_openssl_word_known(known[i]));
    CU_ASSERT_FALSE(tvc_openssl_word_known("medium"));
    CU_ASSERT_FALSE(tvc_openssl_word_known("ECDHE-RSA-AES128-GCM-SHA265"));
}

/* GnuTLS names that "+" can add, and whether any suite uses them. */
static void test_gnutls_noop_adds(void)
{
    static const struct {
        const char *name;
        int want;
    } cases[] = {
        {"AES-128-GCM", 1}, {"ARCFOUR-128", 1}, {"ECDHE-RSA", 1}, {"SHA1", 1}, {"AEAD", 1},
        {"ARCFOUR-40", 0},  {"RC2-40", 0},      {"DES-CBC", 0},   {"RSA-EXPORT", 0},
        {"VERS-TLS1.2", -1}, {"NORMAL", -1},    {"FOO", -1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        int got = tvc_gnutls_alg_in_suites(cases[i].name, strlen(cases[i].name));
        if (got != cases[i].want)
            fprintf(stderr, "\n  %s: %d, not %d", cases[i].name, got, cases[i].want);
        CU_ASSERT_EQUAL(got, cases[i].want);
    }
}

static void test_rustls(void)
{
    tvc_arena *a = tvc_arena_new();
    tvc_policy p;
    tvc_policy_errs errs = {0};
    CU_ASSERT_EQUAL(tvc_rustls_resolve(a, NULL, NULL, 0, -1, &p, &errs), 0);
    CU_ASSERT_EQUAL(p.n_tls13, 3);
    CU_ASSERT_EQUAL(p.n_tls12, 6);
    CU_ASSERT_EQUAL(p.proto_min, TVC_TLS12);
    CU_ASSERT_EQUAL(errs.n, 0);

    tvc_policy_errs e1 = {0};
    CU_ASSERT_EQUAL(tvc_rustls_resolve(a, "TLS_CHACHA20_POLY1305_SHA256:ECDHE-RSA-AES256-GCM-SHA384",
                                       "TLS_CIPHER_0xC02B", TVC_TLS12, 1, &p, &e1), 0);
    CU_ASSERT_EQUAL(p.tls13[0], 0x1303);
    CU_ASSERT_EQUAL(p.tls12[0], 0xC030);
    CU_ASSERT_EQUAL(p.n_tls12, 5);
    for (size_t i = 0; i < p.n_tls12; i++)
        CU_ASSERT(p.tls12[i] != 0xC02B);

    tvc_policy_errs e2 = {0};
    CU_ASSERT_EQUAL(tvc_rustls_resolve(a, "TLS_RSA_WITH_AES_128_CBC_SHA", "NOPE", 0, -1, &p, &e2),
                    -1);
    CU_ASSERT_EQUAL_FATAL(e2.n, 2);
    CU_ASSERT_EQUAL(e2.v[0].fatal, -1); /* known, unsupported: AH10319, no effect */
    CU_ASSERT_EQUAL(e2.v[1].fatal, 1);  /* unknown: mod_tls refuses to start */

    /* Suppressing a known suite rustls lacks removes nothing: no finding
     * (tls_core.c:calc_ciphers logs nothing for it). */
    tvc_policy_errs e4 = {0};
    CU_ASSERT_EQUAL(tvc_rustls_resolve(a, NULL, "TLS_RSA_WITH_AES_128_CBC_SHA TLS_RSA_WITH_3DES_EDE_CBC_SHA", 0,
                                       -1, &p, &e4), 0);
    CU_ASSERT_EQUAL(e4.n, 0);
    CU_ASSERT_EQUAL(p.n_tls12, 6);

    /* Suppressing every TLS 1.2 suite leaves TLS 1.3 only. */
    tvc_policy_errs e3 = {0};
    tvc_rustls_resolve(a, NULL,
                       "TLS_CIPHER_0xC02B TLS_CIPHER_0xC02C TLS_CIPHER_0xC02F TLS_CIPHER_0xC030 "
                       "TLS_CIPHER_0xCCA8 TLS_CIPHER_0xCCA9", 0, -1, &p, &e3);
    CU_ASSERT_EQUAL(p.n_tls12, 0);
    CU_ASSERT_EQUAL(p.proto_min, TVC_TLS13);
    tvc_arena_free(a);
}


/* Every corpus policy translates to mod_ssl exactly, and to mod_tls with
 * exactly the suites rustls lacks reported lost, nothing added. */
static void test_translate(void)
{
    for (size_t c = 0; c < sizeof corpus / sizeof *corpus; c++) {
        tvc_arena *a = tvc_arena_new();
        tvc_openssl_in in = {corpus[c], NULL, TVC_TLS12, 0, 1, NULL};
        tvc_policy p;
        tvc_policy_errs errs = {0};
        CU_ASSERT_EQUAL(tvc_openssl_resolve(a, &in, &p, &errs), 0);

        tvc_translation t;
        int rc = tvc_policy_translate(a, &p, TVC_ENGINE_MODSSL, &t);
        CU_ASSERT_EQUAL(rc, 0);
        for (size_t i = 0; rc && i < t.n_lossy; i++)
            fprintf(stderr, "\n  corpus %zu to mod_ssl: %s", c, t.lossy[i].message);
        CU_ASSERT_EQUAL(t.result.n_tls12, p.n_tls12);
        CU_ASSERT(!memcmp(t.result.tls12, p.tls12, p.n_tls12 * sizeof *p.tls12));

        tvc_translation r;
        rc = tvc_policy_translate(a, &p, TVC_ENGINE_MODTLS, &r);
        size_t lost = 0;
        for (size_t i = 0; i < p.n_tls12; i++) {
            const tvc_suite *s = tvc_suite_by_code(p.tls12[i]);
            if (!s->rustls) {
                lost++;
                int named = 0;
                for (size_t k = 0; k < r.n_lossy; k++)
                    named |= strstr(r.lossy[k].message, s->iana) != NULL;
                CU_ASSERT(named);
            } else {
                int kept = 0;
                for (size_t k = 0; k < r.result.n_tls12; k++)
                    kept |= r.result.tls12[k] == p.tls12[i];
                CU_ASSERT(kept);
            }
        }
        CU_ASSERT_EQUAL(r.result.n_tls12, p.n_tls12 - lost);

        /* GnuTLS: whatever differs after re-expansion is reported, by name. */
        tvc_translation g;
        int grc = tvc_policy_translate(a, &p, TVC_ENGINE_GNUTLS, &g);
        CU_ASSERT(grc >= 0);
        for (size_t i = 0; grc >= 0 && i < p.n_tls12; i++) {
            int kept = 0, named = 0;
            for (size_t k = 0; k < g.result.n_tls12; k++)
                kept |= g.result.tls12[k] == p.tls12[i];
            for (size_t k = 0; k < g.n_lossy; k++)
                named |= strstr(g.lossy[k].message,
                                tvc_suite_by_code(p.tls12[i])->iana) != NULL;
            CU_ASSERT(kept || named);
        }
        for (size_t k = 0; grc >= 0 && k < g.result.n_tls12; k++) {
            int wanted = 0, named = 0;
            for (size_t i = 0; i < p.n_tls12; i++)
                wanted |= g.result.tls12[k] == p.tls12[i];
            for (size_t i = 0; i < g.n_lossy; i++)
                named |= strstr(g.lossy[i].message,
                                tvc_suite_by_code(g.result.tls12[k])->iana) != NULL;
            CU_ASSERT(wanted || named);
        }
        CU_ASSERT_EQUAL(rc, lost ? 1 : 0);
        for (size_t k = 0; k < r.n_lossy; k++)
            CU_ASSERT_PTR_NULL(strstr(r.lossy[k].message, "added"));
        tvc_arena_free(a);
    }
    /* A protocol maximum cannot be said to mod_tls. */
    tvc_arena *a = tvc_arena_new();
    uint16_t s12[] = {0xC02F};
    tvc_policy p = {TVC_TLS12, TVC_TLS12, s12, 1, NULL, 0, NULL, 0, -1, -1};
    tvc_translation r;
    CU_ASSERT_EQUAL(tvc_policy_translate(a, &p, TVC_ENGINE_MODTLS, &r), 1);
    int said = 0;
    for (size_t k = 0; k < r.n_lossy; k++)
        said |= strstr(r.lossy[k].message, "maximum") != NULL;
    CU_ASSERT(said);
    tvc_arena_free(a);
}

/* The backend (proxy) side is expanded like the front, and its strings
 * are checked at their own location. */
static void test_proxy_side(void)
{
    char path[] = "/tmp/tvc-proxy-XXXXXX";
    int fd = mkstemp(path);
    CU_ASSERT_FATAL(fd >= 0);
    const char *conf =
        "Listen 443\n"
        "<VirtualHost *:443>\n"
        "ServerName a.test\n"
        "SSLEngine on\n"
        "SSLCertificateFile /nonexistent.pem\n"
        "SSLProxyEngine on\n"
        "SSLProxyProtocol -all +TLSv1.2\n"
        "SSLProxyCipherSuite HIGH:!aNULL:FOO\n"
        "</VirtualHost>\n";
    CU_ASSERT(write(fd, conf, strlen(conf)) == (ssize_t)strlen(conf));
    close(fd);
    tvc_arena *a = tvc_arena_new();
    tvc_diags d;
    tvc_diags_init(&d, a);
    tvc_config *cfg = tvc_parse_file(a, &d, path, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
    tvc_ir *ir = tvc_ir_build(a, &d, cfg);
    tvc_policy_expand_ir(a, &d, ir);
    CU_ASSERT_EQUAL_FATAL(ir->n_vhosts, 1);
    const tvc_proxy_tls *px = ir->vhosts[0].tls->proxy;
    CU_ASSERT_PTR_NOT_NULL_FATAL(px);
    CU_ASSERT(px->ciphers.n_tls12 > 0);
    CU_ASSERT_EQUAL(px->protocols.eff_min, TVC_TLS12);
    CU_ASSERT_EQUAL(px->protocols.eff_max, TVC_TLS12);
    int found = 0;
    for (const tvc_diag *g = d.head; g; g = g->next)
        if (!strcmp(g->id, "cipher-invalid") && g->loc.line == 8 && g->loc.col == 33)
            found = 1;
    CU_ASSERT(found);
    tvc_arena_free(a);
    unlink(path);
}

/* Every spelling of a group is one code point; the table's names are
 * ones OpenSSL and GnuTLS (tlsvhostc's reader of it) really take. */
static void test_groups_table(void)
{
    static const struct {
        const char *name;
        uint16_t code;
    } spell[] = {
        {"X25519", 29},          {"x25519", 29},          {"GROUP-X25519", 29},
        {"prime256v1", 23},      {"secp256r1", 23},       {"P-256", 23},
        {"SECP256R1", 23},       {"GROUP-SECP256R1", 23}, {"CURVE-SECP256R1", 23},
        {"P-384", 24},           {"secp384r1", 24},       {"GROUP-SECP384R1", 24},
        {"P-521", 25},           {"secp521r1", 25},       {"X448", 30},
        {"ffdhe2048", 256},      {"GROUP-FFDHE2048", 256}, {"ffdhe8192", 260},
        {"brainpoolP256r1", 26}, {"CURVE-TC26-256-B", 35}, {"prime192v1", 19},
    };
    for (size_t i = 0; i < sizeof spell / sizeof *spell; i++) {
        const tvc_group *g = tvc_group_by_name(spell[i].name);
        CU_ASSERT_PTR_NOT_NULL(g);
        if (!g || g->code != spell[i].code)
            fprintf(stderr, "\n  group '%s': code %d, want %d", spell[i].name,
                    g ? g->code : -1, spell[i].code);
        else
            CU_ASSERT_EQUAL(g->code, spell[i].code);
    }
    CU_ASSERT_PTR_NULL(tvc_group_by_name("P-257"));
    CU_ASSERT_PTR_NULL(tvc_group_by_name("GROUP-"));
    size_t n;
    const tvc_group *all = tvc_groups(&n);
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    CU_ASSERT_PTR_NOT_NULL_FATAL(ctx);
    tvc_arena *a = tvc_arena_new();
    for (size_t i = 0; i < n; i++) {
        CU_ASSERT_EQUAL(tvc_group_by_code(all[i].code), &all[i]);
        CU_ASSERT_EQUAL(tvc_group_by_name(all[i].iana), &all[i]);
        const char *os[] = {all[i].openssl, all[i].openssl_alt};
        for (int k = 0; k < 2; k++)
            if (os[k] && !SSL_CTX_set1_groups_list(ctx, os[k])) {
                fprintf(stderr, "\n  OpenSSL refuses the group name '%s'", os[k]);
                CU_FAIL("an OpenSSL group name of the table is refused");
            }
        ERR_clear_error();
        if (all[i].gnutls) {
            tvc_policy p;
            tvc_policy_err err = {.fatal = 1};
            const char *prio = tvc_arena_printf(a, "NORMAL:-GROUP-ALL:+GROUP-%s", all[i].gnutls);
            CU_ASSERT_EQUAL(tvc_gnutls_resolve(a, prio, &p, &err), 0);
            CU_ASSERT(p.n_groups == 1 && tvc_group_by_name(p.groups[0]) == &all[i]);
        }
    }
    SSL_CTX_free(ctx);
    /* rustls's list: X25519, secp256r1, secp384r1 */
    const uint16_t *r = tvc_groups_rustls(&n);
    CU_ASSERT(n == 3 && r[0] == 29 && r[1] == 23 && r[2] == 24);
    tvc_arena_free(a);
}

/* Groups translated by identity: equal lists are exact, a target's own
 * list stays unwritten (where nothing above sets another), a group the
 * target lacks is lossy. */
static void test_groups_translate(void)
{
    static const struct {
        const char *list;   /* ':'-separated, any spelling */
        tvc_engine target;
        int may_omit;
        int rc;             /* 0 exact, 1 lossy */
        const char *written; /* ':'-joined target names; "" nothing */
        const char *lossy;  /* a word the lossy sentence must have */
    } cases[] = {
        {"X25519:prime256v1:secp384r1", TVC_ENGINE_MODTLS, 1, 0, "", NULL},
        {"x25519:P-256:P-384", TVC_ENGINE_MODTLS, 1, 0, "", NULL},
        {"GROUP-X25519:GROUP-SECP256R1:GROUP-SECP384R1", TVC_ENGINE_MODTLS, 1, 0, "", NULL},
        {"X25519:secp521r1", TVC_ENGINE_MODTLS, 1, 1, "", "lacks secp521r1"},
        {"X25519:P-256:P-384:ffdhe2048", TVC_ENGINE_MODTLS, 1, 1, "", "lacks ffdhe2048"},
        {"P-256:X25519:P-384", TVC_ENGINE_MODTLS, 1, 1, "", "another order"},
        {"X25519:P-256", TVC_ENGINE_MODTLS, 1, 1, "", "adds secp384r1"},
        {"X25519:prime256v1:secp384r1", TVC_ENGINE_GNUTLS, 1, 0, "X25519:SECP256R1:SECP384R1",
         NULL},
        {"X25519:prime256v1:secp384r1", TVC_ENGINE_MODSSL, 1, 0, "X25519:P-256:P-384", NULL},
        {"SECP256R1:SECP384R1:SECP521R1:X25519:X448:FFDHE2048:FFDHE3072:FFDHE4096:FFDHE6144:"
         "FFDHE8192", TVC_ENGINE_GNUTLS, 1, 0, "", NULL},
        {"SECP256R1:SECP384R1:SECP521R1:X25519:X448:FFDHE2048:FFDHE3072:FFDHE4096:FFDHE6144:"
         "FFDHE8192", TVC_ENGINE_GNUTLS, 0, 0,
         "SECP256R1:SECP384R1:SECP521R1:X25519:X448:FFDHE2048:FFDHE3072:FFDHE4096:FFDHE6144:"
         "FFDHE8192", NULL},
        {"X25519:SECP256R1:X448:SECP521R1:SECP384R1:FFDHE2048:FFDHE3072:FFDHE4096:FFDHE6144:"
         "FFDHE8192", TVC_ENGINE_MODSSL, 1, 0, "", NULL},
        {"brainpoolP256r1:P-256", TVC_ENGINE_GNUTLS, 1, 1, "SECP256R1", "brainpoolP256r1"},
        {"GC256B:SECP256R1", TVC_ENGINE_MODSSL, 1, 1, "P-256", "GC256B"},
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        tvc_arena *a = tvc_arena_new();
        const char *names[16];
        size_t n = 0;
        char *copy = tvc_arena_strdup(a, cases[c].list);
        for (char *tok = strtok(copy, ":"); tok && n < 16; tok = strtok(NULL, ":"))
            names[n++] = tok;
        tvc_groups_translation t;
        int rc = tvc_groups_translate(a, names, n, cases[c].target, cases[c].may_omit, &t);
        const char *w = "";
        for (size_t i = 0; i < t.n; i++)
            w = tvc_arena_printf(a, "%s%s%s", w, i ? ":" : "", t.names[i]);
        int ok = rc == cases[c].rc && !strcmp(w, cases[c].written);
        for (size_t i = 0; cases[c].lossy && i < t.n_lossy; i++)
            ok &= strstr(t.lossy[i].message, cases[c].lossy) != NULL || t.n_lossy > 1;
        if (cases[c].lossy && !t.n_lossy)
            ok = 0;
        if (!ok)
            fprintf(stderr, "\n  groups case %zu (%s): rc %d, written '%s', lossy '%s'", c,
                    cases[c].list, rc, w, t.n_lossy ? t.lossy[0].message : "");
        CU_ASSERT(ok);
        tvc_arena_free(a);
    }
}

/* A GnuTLS priority string that only picks versions on NORMAL leaves the
 * ciphers at their default. */
static void test_gnutls_sets(void)
{
    static const struct {
        const char *prio;
        int set;
    } cases[] = {
        {"NORMAL", 0},
        {"NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2", TVC_SET_PROTOCOLS},
        {"NORMAL:-VERS-TLS1.0:-VERS-TLS1.1", TVC_SET_PROTOCOLS},
        {"NORMAL:-VERS-ALL:+VERS-TLS1.3", TVC_SET_PROTOCOLS},
        {"NORMAL:%SERVER_PRECEDENCE", TVC_SET_ORDER},
        {"NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2:-GROUP-ALL:+GROUP-X25519",
         TVC_SET_PROTOCOLS},
        {"NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2:-CHACHA20-POLY1305",
         TVC_SET_PROTOCOLS | TVC_SET_CIPHERS},
        {"NORMAL:-AES-128-CBC", TVC_SET_CIPHERS},
        {"SECURE256", TVC_SET_CIPHERS},
        {"PFS:-VERS-ALL:+VERS-TLS1.2", TVC_SET_PROTOCOLS | TVC_SET_CIPHERS},
        {"NONE:+VERS-TLS1.2:+AES-128-GCM:+AEAD:+ECDHE-RSA:+SIGN-ALL:+GROUP-ALL",
         TVC_SET_PROTOCOLS | TVC_SET_CIPHERS},
        {"NORMAL:+FOO", -1},
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        tvc_arena *a = tvc_arena_new();
        int got = tvc_gnutls_sets(a, cases[c].prio);
        if (got != cases[c].set)
            fprintf(stderr, "\n  '%s': sets %d, want %d", cases[c].prio, got, cases[c].set);
        CU_ASSERT_EQUAL(got, cases[c].set);
        tvc_arena_free(a);
    }
}

/* What is left at the source's default writes nothing for the target
 * and is noted; an explicit setting is still translated. */
/* A translated setting as the directive line the emitter writes. */
static const char *line_of(tvc_arena *a, tvc_engine target, const tvc_translation *t, size_t i)
{
    const char *slot, *l = tvc_emit_setting(a, target, &t->settings[i], 0, &slot);
    return l ? l : "";
}

static void test_translate_set(void)
{
    tvc_arena *a = tvc_arena_new();
    /* mod_ssl's defaults with SSLProtocol -all +TLSv1.2 +TLSv1.3 */
    tvc_openssl_in in = {NULL, NULL, TVC_TLS12, TVC_TLS13, -1, NULL};
    tvc_policy p;
    tvc_policy_errs errs = {0};
    CU_ASSERT_EQUAL_FATAL(tvc_openssl_resolve(a, &in, &p, &errs), 0);
    static const struct {
        tvc_engine target;
        const char *line;
    } want[] = {
        {TVC_ENGINE_GNUTLS, "GnuTLSPriorities NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2"},
        {TVC_ENGINE_MODTLS, "TLSProtocol TLSv1.2+"},
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        tvc_translation t;
        CU_ASSERT_EQUAL(tvc_policy_translate_set(a, &p, TVC_SET_PROTOCOLS, "mod_ssl",
                                                 want[i].target, &t), 0);
        CU_ASSERT_EQUAL(t.n_settings, 1);
        CU_ASSERT(t.n_settings && !strcmp(line_of(a, want[i].target, &t, 0), want[i].line));
        CU_ASSERT_EQUAL(t.n_lossy, 0);
        CU_ASSERT_EQUAL(t.n_defaults, 1);
        CU_ASSERT(t.n_defaults && strstr(t.defaults[0], "cipher list is mod_ssl's default"));
    }
    /* mod_gnutls NORMAL with versions -> mod_ssl: SSLProtocol only */
    tvc_policy g;
    tvc_policy_err err = {.fatal = 1};
    CU_ASSERT_EQUAL_FATAL(tvc_gnutls_resolve(a, "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2",
                                             &g, &err), 0);
    tvc_translation t;
    CU_ASSERT_EQUAL(tvc_policy_translate_set(a, &g, TVC_SET_PROTOCOLS, "mod_gnutls",
                                             TVC_ENGINE_MODSSL, &t), 0);
    CU_ASSERT(t.n_settings == 1 &&
              !strcmp(line_of(a, TVC_ENGINE_MODSSL, &t, 0), "SSLProtocol -all +TLSv1.2 +TLSv1.3"));
    CU_ASSERT_EQUAL(t.n_defaults, 1);
    /* nothing set: nothing written, the difference noted */
    CU_ASSERT_EQUAL(tvc_policy_translate_set(a, &g, 0, "mod_gnutls", TVC_ENGINE_MODTLS, &t), 0);
    CU_ASSERT_EQUAL(t.n_settings, 0);
    CU_ASSERT(t.n_defaults >= 1);
    /* a protocol maximum mod_tls cannot say is still lossy */
    tvc_openssl_in in12 = {NULL, NULL, TVC_TLS12, TVC_TLS12, -1, NULL};
    tvc_policy p12;
    CU_ASSERT_EQUAL_FATAL(tvc_openssl_resolve(a, &in12, &p12, &errs), 0);
    CU_ASSERT_EQUAL(tvc_policy_translate_set(a, &p12, TVC_SET_PROTOCOLS, "mod_ssl",
                                             TVC_ENGINE_MODTLS, &t), 1);
    /* explicit ciphers on default versions: translated, no version line
     * where the target's default range is the same */
    tvc_openssl_in ex = {"ECDHE+AESGCM", NULL, 0, 0, -1, NULL};
    tvc_policy pe;
    CU_ASSERT_EQUAL_FATAL(tvc_openssl_resolve(a, &ex, &pe, &errs), 0);
    CU_ASSERT_EQUAL(tvc_policy_translate_set(a, &pe, TVC_SET_CIPHERS, "mod_ssl",
                                             TVC_ENGINE_MODTLS, &t), 0);
    int suppress = 0, proto = 0;
    for (size_t i = 0; i < t.n_settings; i++) {
        suppress |= !strncmp(line_of(a, TVC_ENGINE_MODTLS, &t, i), "TLSCiphersSuppress ", 19);
        proto |= !strncmp(line_of(a, TVC_ENGINE_MODTLS, &t, i), "TLSProtocol ", 12);
    }
    CU_ASSERT(suppress);
    CU_ASSERT(!proto);
    tvc_arena_free(a);
}

void tvc_test_policy_register(void)
{
    CU_pSuite s = CU_add_suite("policy", NULL, NULL);
    CU_add_test(s, "suite table is sorted and found by every name", test_table_sorted);
    CU_add_test(s, "suite table matches openssl ciphers -V -stdname", test_table_vs_openssl);
    CU_add_test(s, "weakness classes", test_weakness);
    CU_add_test(s, "OpenSSL corpus expands as openssl ciphers -s", test_openssl_corpus);
    CU_add_test(s, "TLS 1.3 only policy with groups", test_openssl_modern_tls13);
    CU_add_test(s, "invalid and misspelled OpenSSL strings", test_openssl_invalid);
    CU_add_test(s, "OpenSSL string elements: removals, known-but-empty, typos",
                test_openssl_elements);
    CU_add_test(s, "OpenSSL's known words cover this OpenSSL's suites", test_openssl_words);
    CU_add_test(s, "GnuTLS algorithms no suite uses", test_gnutls_noop_adds);
    CU_add_test(s, "rustls prefer/suppress", test_rustls);
    CU_add_test(s, "translations re-expand to the same set or say the difference",
                test_translate);
    CU_add_test(s, "the proxy side is expanded and located", test_proxy_side);
    CU_add_test(s, "one group table: every spelling, OpenSSL and GnuTLS take its names",
                test_groups_table);
    CU_add_test(s, "groups translate by identity", test_groups_translate);
    CU_add_test(s, "GnuTLS strings that only pick versions keep the default ciphers",
                test_gnutls_sets);
    CU_add_test(s, "defaults stay defaults, explicit settings are translated",
                test_translate_set);
}
