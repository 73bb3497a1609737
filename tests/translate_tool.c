/* A test helper for tests/handshake_test.sh: resolves a source policy,
 * translates it into a target module's directives and prints, one item a
 * line, what the real-server test needs:
 *
 *   translate_tool [--gnutls PRIO | --openssl SPEC [--tls13 SUITES]]
 *                  [--min VERSION] [--max VERSION] [--honor on|off]
 *                  --to mod_ssl|mod_tls|gnutls
 *
 *   VERDICT exact|lossy       tvc_policy_translate's verdict
 *   LINE <directive line>     the translated directives, in order
 *   LOSSY <sentence>          what differs between source and translation
 *   PROTO <min> <max>         the protocol range of the re-expanded result
 *   ALLOW12 <name>            a TLS <= 1.2 suite of the result (OpenSSL name)
 *   ALLOW13 <name>            a TLS 1.3 suite of the result
 *   DENY12 <name>             up to 6 TLS 1.2 suites OpenSSL knows that an
 *                             RSA certificate could serve but the result
 *                             does not allow
 *   DENY13 <name>             the TLS 1.3 suites OpenSSL knows that the
 *                             result does not allow
 *
 * --openssl without SPEC (or --tls13 alone) means OpenSSL's defaults. For
 * --gnutls, --min/--max narrow the range the priority string enables.
 * Exit status: 0 printed, 1 the source or target rejected the policy,
 * 2 usage. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit/emit.h"
#include "base/arena.h"
#include "ir/ir.h"
#include "policy/policy.h"
#include "policy/suites.h"
#include "policy/translate.h"

static void usage(void)
{
    fprintf(stderr, "usage: translate_tool [--gnutls PRIO | --openssl SPEC [--tls13 SUITES]]\n"
                    "       [--min VERSION] [--max VERSION] [--honor on|off]\n"
                    "       --to mod_ssl|mod_tls|gnutls\n");
    exit(2);
}

static int has(const uint16_t *v, size_t n, uint16_t c)
{
    for (size_t i = 0; i < n; i++)
        if (v[i] == c)
            return 1;
    return 0;
}

static const char *ossl_name(uint16_t code)
{
    const tvc_suite *s = tvc_suite_by_code(code);
    if (!s)
        return "(unknown)";
    /* TLS 1.3 suites have no separate OpenSSL name: the IANA one is used. */
    if (tvc_suite_is_tls13(code) || !s->openssl)
        return s->iana;
    return s->openssl;
}

/* Authenticated by an RSA certificate: RSA key exchange, or (EC)DHE signed
 * with RSA. Not PSK, not anonymous, not DSS/ECDSA, not static DH/ECDH. */
static int rsa_cert_suite(const tvc_suite *s)
{
    return !strncmp(s->iana, "TLS_RSA_WITH_", 13) ||
           !strncmp(s->iana, "TLS_ECDHE_RSA_WITH_", 19) ||
           !strncmp(s->iana, "TLS_DHE_RSA_WITH_", 17);
}

/* The policy given on the command line. */
typedef struct args {
    const char *gnutls, *spec, *spec13;
    int min, max, honor;
} args;

/* Resolves the GnuTLS priority string or the OpenSSL strings. 0, or 1
 * after saying why not. */
static int read_policy(tvc_arena *a, const args *g, tvc_policy *pol)
{
    if (g->gnutls) {
        tvc_policy_err e = {.fatal = 1};
        if (tvc_gnutls_resolve(a, g->gnutls, pol, &e) != 0) {
            fprintf(stderr, "translate_tool: GnuTLS priority rejected at byte %zu: %s\n",
                    e.offset, e.message ? e.message : "(no message)");
            return 1;
        }
        if (g->min && (!pol->proto_min || pol->proto_min < g->min))
            pol->proto_min = g->min;
        if (g->max && (!pol->proto_max || pol->proto_max > g->max))
            pol->proto_max = g->max;
        if (g->honor >= 0)
            pol->server_preference = g->honor;
        return 0;
    }
    tvc_openssl_in in = {g->spec, g->spec13, g->min, g->max, g->honor, NULL};
    tvc_policy_errs errs = {0};
    int rc = tvc_openssl_resolve(a, &in, pol, &errs);
    for (size_t i = 0; i < errs.n; i++)
        fprintf(stderr, "translate_tool: %s at byte %zu: %s\n",
                errs.v[i].fatal ? "error" : "warning", errs.v[i].offset, errs.v[i].message);
    return rc != 0;
}

/* VERDICT, the LINEs written, LOSSY items, PROTO and the ALLOW lists. */
static void print_translation(tvc_arena *a, tvc_engine target, int v, const tvc_translation *t)
{
    printf("VERDICT %s\n", v == 0 ? "exact" : "lossy");
    for (size_t i = 0; i < t->n_settings; i++) {
        const char *slot, *l = tvc_emit_setting(a, target, &t->settings[i], 0, &slot);
        if (l)
            printf("LINE %s\n", l);
    }
    for (size_t i = 0; i < t->n_lossy; i++)
        printf("LOSSY %s\n", t->lossy[i].message);
    const char *lo = tvc_proto_name(t->result.proto_min), *hi = tvc_proto_name(t->result.proto_max);
    printf("PROTO %s %s\n", lo ? lo : "-", hi ? hi : "-");
    for (size_t i = 0; i < t->result.n_tls12; i++)
        printf("ALLOW12 %s\n", ossl_name(t->result.tls12[i]));
    for (size_t i = 0; i < t->result.n_tls13; i++)
        printf("ALLOW13 %s\n", ossl_name(t->result.tls13[i]));
}

/* The complement sample: RSA-certificate suites with an OpenSSL name
 * that the result does not allow, spread over the table (so that
 * static RSA, DHE and ECDHE, CBC and AEAD all tend to appear) rather
 * than the first six of one family. */
static void print_denied(const tvc_translation *t)
{
    size_t n;
    const tvc_suite *all = tvc_suites(&n);
    const tvc_suite **cand = calloc(n ? n : 1, sizeof *cand);
    if (!cand)
        abort();
    size_t nc = 0;
    for (size_t i = 0; i < n; i++) {
        const tvc_suite *s = &all[i];
        if (!s->openssl || tvc_suite_is_tls13(s->code) || !rsa_cert_suite(s))
            continue;
        if (tvc_suite_weakness(s) & TVC_WEAK_NULL)
            continue; /* no encryption: not a useful sample */
        if (has(t->result.tls12, t->result.n_tls12, s->code))
            continue;
        cand[nc++] = s;
    }
    size_t want = nc < 6 ? nc : 6;
    for (size_t k = 0; k < want; k++)
        printf("DENY12 %s\n", cand[k * nc / want]->openssl);
    for (size_t i = 0; i < n; i++)
        if (tvc_suite_is_tls13(all[i].code) && all[i].openssl &&
            !has(t->result.tls13, t->result.n_tls13, all[i].code))
            printf("DENY13 %s\n", all[i].openssl);
    free(cand);
}

int main(int argc, char **argv)
{
    args g = {NULL, NULL, NULL, 0, 0, -1};
    const char *to = NULL;
    int use_openssl = 0;
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i];
        if (i + 1 >= argc)
            usage();
        const char *v = argv[++i];
        if (!strcmp(o, "--gnutls"))
            g.gnutls = v;
        else if (!strcmp(o, "--openssl"))
            g.spec = *v ? v : NULL, use_openssl = 1;
        else if (!strcmp(o, "--tls13"))
            g.spec13 = *v ? v : NULL, use_openssl = 1;
        else if (!strcmp(o, "--min") && (g.min = tvc_proto_parse(v)))
            ;
        else if (!strcmp(o, "--max") && (g.max = tvc_proto_parse(v)))
            ;
        else if (!strcmp(o, "--honor") && (!strcmp(v, "on") || !strcmp(v, "off")))
            g.honor = !strcmp(v, "on");
        else if (!strcmp(o, "--to"))
            to = v;
        else
            usage();
    }
    if (!to || (g.gnutls && use_openssl) || (!g.gnutls && !use_openssl))
        usage();
    tvc_engine target;
    if (!strcmp(to, "mod_ssl"))
        target = TVC_ENGINE_MODSSL;
    else if (!strcmp(to, "mod_tls"))
        target = TVC_ENGINE_MODTLS;
    else if (!strcmp(to, "gnutls"))
        target = TVC_ENGINE_GNUTLS;
    else
        usage();

    tvc_arena *a = tvc_arena_new();
    tvc_policy pol;
    if (read_policy(a, &g, &pol) != 0) {
        tvc_arena_free(a);
        return 1;
    }
    tvc_translation t;
    int v = tvc_policy_translate(a, &pol, target, &t);
    if (v < 0) {
        for (size_t i = 0; i < t.n_lossy; i++)
            fprintf(stderr, "translate_tool: %s\n", t.lossy[i].message);
        fprintf(stderr, "translate_tool: the target cannot express this policy\n");
        tvc_arena_free(a);
        return 1;
    }
    print_translation(a, target, v, &t);
    print_denied(&t);
    tvc_arena_free(a);
    return 0;
}
