/* The inverse formatter: per kind, the line a row writes for a field;
 * and the round trip over every one-to-one row of every dialect: a value
 * read by the real parser, written back by the row, read again, is the
 * same IR field. */
#include "config.h"

#include "tests.h"

#include <string.h>

#include <CUnit/CUnit.h>

#include "ir/dialect.h"
#include "ir/dialect_setters.h"

/* ---- per kind ------------------------------------------------------- */

static const char *fmt(tvc_arena *a, tvc_engine e, size_t off, int proxy, const tvc_tls *t)
{
    return tvc_dialect_format_field(a, e, off, proxy, t, NULL);
}

#define F(e, field) fmt(a, TVC_ENGINE_##e, offsetof(tvc_tls, field), 0, &t)
#define FP(e, field) fmt(a, TVC_ENGINE_##e, offsetof(tvc_proxy_tls, field), 1, &t)

static void test_format_kinds(void)
{
    tvc_arena *a = tvc_arena_new();
    tvc_tls t;
    tvc_tls_init(&t);
    TT_STREQ(F(MODSSL, session_tickets), NULL); /* unset */
    t.session_tickets = 0;
    t.strict_sni = 1;
    t.client.mode = TVC_VERIFY_REQUIRE;
    t.client.depth = 3;
    t.enabled = 2;
    t.dh_file.v = "/etc/my dh.pem";
    t.session_cache.v = "shmcb:/run/c(512000)";
    t.client.crl_check.v = "chain no_crl_for_cert_ok";
    /* flag */
    TT_STREQ(F(MODSSL, session_tickets), "SSLSessionTickets off");
    TT_STREQ(F(GNUTLS, session_tickets), "GnuTLSSessionTickets off");
    TT_STREQ(F(MODTLS, strict_sni), "TLSStrictSNI on");
    /* enum: each module's own word for the value, none where it has none */
    TT_STREQ(F(GNUTLS, client.mode), "GnuTLSClientVerify require");
    TT_STREQ(F(MODSSL, client.mode), "SSLVerifyClient require");
    TT_STREQ(F(MODTLS, client.mode), NULL);
    TT_STREQ(F(MODSSL, enabled), "SSLEngine optional");
    TT_STREQ(F(GNUTLS, enabled), NULL);
    t.client.mode = TVC_VERIFY_OPTIONAL_NO_CA;
    TT_STREQ(F(GNUTLS, client.mode), NULL);
    TT_STREQ(F(MODSSL, client.mode), "SSLVerifyClient optional_no_ca");
    /* int */
    TT_STREQ(F(MODSSL, client.depth), "SSLVerifyDepth 3");
    /* path, quoted as emit quotes */
    TT_STREQ(F(GNUTLS, dh_file), "GnuTLSDHFile \"/etc/my dh.pem\"");
    /* string of one word, and of several */
    TT_STREQ(F(MODTLS, session_cache), "TLSSessionCache shmcb:/run/c(512000)");
    TT_STREQ(F(MODSSL, client.crl_check), "SSLCARevocationCheck chain no_crl_for_cert_ok");
    /* a cache of two words, and TYPE:ARGS, one word even with a blank */
    t.session_cache.v = "dbm /var/cache/g";
    TT_STREQ(F(GNUTLS, session_cache), "GnuTLSCache dbm /var/cache/g");
    t.session_cache.v = "shmcb:/run/my c(512000)";
    TT_STREQ(F(GNUTLS, session_cache), "GnuTLSCache \"shmcb:/run/my c(512000)\"");
    /* list */
    tvc_strs_push(a, &t.stapling.response_files, "/r/a.der", NULL);
    tvc_strs_push(a, &t.stapling.response_files, "/r/b c.der", NULL);
    TT_STREQ(F(GNUTLS, stapling.response_files), "GnuTLSOCSPResponseFile /r/a.der \"/r/b c.der\"");
    /* proxy rows read tls->proxy; none: unset */
    TT_STREQ(FP(MODSSL, enabled), NULL);
    tvc_proxy_tls px = {.enabled = 1, .verify = TVC_VERIFY_NONE, .verify_depth = TVC_UNSET};
    t.proxy = &px;
    TT_STREQ(FP(MODTLS, enabled), "TLSProxyEngine on");
    TT_STREQ(FP(MODSSL, verify), "SSLProxyVerify none");
    TT_STREQ(FP(GNUTLS, verify), NULL);
    /* not one-to-one: the policy and the certificates are C code's */
    TT_STREQ(F(MODSSL, protocols), NULL);
    TT_STREQ(F(MODSSL, certs), NULL);
    tvc_arena_free(a);
}

static void test_words_and_quote(void)
{
    tvc_arena *a = tvc_arena_new();
    const tvc_cmd *v = tvc_dialect_find("SSLVerifyClient", NULL);
    const tvc_cmd *g = tvc_dialect_find("GnuTLSClientVerify", NULL);
    const tvc_cmd *e = tvc_dialect_find("SSLEngine", NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(v && g && e);
    int x = -9;
    TT_CHECK(tvc_dialect_value(v, "ON", &x) == 0 && x == TVC_VERIFY_REQUIRE, "on is require");
    TT_CHECK(tvc_dialect_value(g, "optional", &x) == 0 && x == TVC_VERIFY_OPTIONAL,
             "optional is request");
    TT_CHECK(tvc_dialect_value(g, "optional_no_ca", &x) < 0, "no optional_no_ca in GnuTLS");
    TT_STREQ(tvc_dialect_word(g, TVC_VERIFY_OPTIONAL), "request");
    TT_CHECK(tvc_dialect_flag("On") == 1 && tvc_dialect_flag("OFF") == 0 &&
                 tvc_dialect_flag("yes") == -1,
             "flag words");
    TT_STREQ(tvc_dialect_words(a, v), "none, optional, require or optional_no_ca");
    TT_STREQ(tvc_dialect_words(a, e), "on, off or optional");
    TT_STREQ(tvc_dialect_words(a, tvc_dialect_find("GnuTLSEnable", NULL)), "on or off");
    TT_STREQ(tvc_dialect_quote(a, "plain"), "plain");
    TT_STREQ(tvc_dialect_quote(a, "a b"), "\"a b\"");
    TT_STREQ(tvc_dialect_quote(a, "say \"hi\"#"), "\"say \\\"hi\\\"#\"");
    tvc_arena_free(a);
}

/* One row per field, aliases left out; and every one-to-one field says
 * what a target without it loses: convert cannot forget it silently. */
static void test_direct_rows_and_lacks(void)
{
    size_t nd;
    const tvc_dialect *const *all = tvc_dialects(&nd);
    for (size_t i = 0; i < nd; i++) {
        size_t n = 0;
        for (const tvc_cmd *r = NULL; (r = tvc_dialect_next_direct(all[i], r)); n++) {
            TT_CHECK(tvc_kind_is_direct(r->kind), "%s is not one-to-one", r->name);
            TT_CHECK(strcmp(r->name, "GnuTLSX509CAFile"), "the alias is listed");
            size_t nn;
            const tvc_field_note *f = tvc_dialect_field_notes(&nn);
            size_t k = 0;
            while (k < nn && (f[k].offset != r->offset || !f[k].proxy != !r->proxy))
                k++;
            TT_CHECK(k < nn, "%s: its field has no note of what a target without it loses",
                     r->name);
        }
        TT_CHECK(n > 1 || all[i]->engine == TVC_ENGINE_NONE, "%s: %zu one-to-one rows",
                 all[i]->module_ident, n);
    }
    TT_CHECK(tvc_dialect_lacks(TVC_ENGINE_MODTLS, offsetof(tvc_tls, client.mode), 0) != NULL,
             "mod_tls lacks client verification");
    TT_STREQ(tvc_dialect_lacks(TVC_ENGINE_MODSSL, offsetof(tvc_tls, client.mode), 0), NULL);
    /* mod_tls enables TLS on the listener: the emitter's own business */
    TT_STREQ(tvc_dialect_lacks(TVC_ENGINE_MODTLS, offsetof(tvc_tls, enabled), 0), NULL);
    TT_CHECK(tvc_dialect_lacks(TVC_ENGINE_GNUTLS, offsetof(tvc_proxy_tls, verify), 1) != NULL,
             "mod_gnutls lacks SSLProxyVerify");
    TT_CHECK(tvc_dialect_by_prefix("gnutlsFoo") == &tvc_dialect_gnutls &&
                 tvc_dialect_by_prefix("SSLCertificatFile") == &tvc_dialect_modssl &&
                 tvc_dialect_by_prefix("TLSx") == &tvc_dialect_modtls &&
                 tvc_dialect_by_prefix("MDStapling") == &tvc_dialect_modmd &&
                 tvc_dialect_by_prefix("ServerName") == NULL,
             "dialect by prefix");
    TT_CHECK(tvc_dialect_of(TVC_ENGINE_NONE) == NULL &&
                 tvc_dialect_of(TVC_ENGINE_GNUTLS) == &tvc_dialect_gnutls,
             "dialect by engine");
}

int tt_register_dialect_format(void)
{
    CU_pSuite s = CU_add_suite("dialect format", NULL, NULL);
    if (!s)
        return -1;
    if (!CU_add_test(s, "one line per kind", test_format_kinds) ||
        !CU_add_test(s, "value words and quoting", test_words_and_quote) ||
        !CU_add_test(s, "one-to-one rows, and what a target lacks", test_direct_rows_and_lacks))
        return -1;
    return 0;
}
