/* The dialect tables and the httpd directive table: sorted (lookups
 * bsearch them), no duplicates, complete entries, case-insensitive
 * lookups. */
#include "config.h"

#include "tests.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include <CUnit/CUnit.h>

#include "ir/dialect.h"
#include "ir/modules.h"
#include "ir/dialect_setters.h"
#include "parser/httpd_directives.h"

static void test_dialects_sorted_unique(void)
{
    size_t nd;
    const tvc_dialect *const *all = tvc_dialects(&nd);
    /* mod_ssl, mod_gnutls, mod_tls (and possibly helpers such as mod_md) */
    TT_CHECK(nd >= 3, "%zu dialects", nd);
    int seen = 0;
    for (size_t i = 0; i < nd; i++)
        if (all[i]->engine != TVC_ENGINE_NONE)
            seen |= 1 << all[i]->engine;
    TT_INTEQ(seen, (1 << TVC_ENGINE_MODSSL) | (1 << TVC_ENGINE_GNUTLS) | (1 << TVC_ENGINE_MODTLS));
    for (size_t i = 0; i < nd; i++) {
        const tvc_dialect *dl = all[i];
        TT_CHECK(dl->n > 0, "dialect %s is empty", dl->module_ident);
        for (size_t k = 1; k < dl->n; k++) {
            int c = strcasecmp(dl->cmds[k - 1].name, dl->cmds[k].name);
            TT_CHECK(c != 0, "%s: %s is listed twice", dl->module_ident, dl->cmds[k].name);
            TT_CHECK(c < 0, "%s: %s must come after %s", dl->module_ident,
                     dl->cmds[k - 1].name, dl->cmds[k].name);
        }
    }
    /* no name is in two dialects either */
    for (size_t i = 0; i < nd; i++)
        for (size_t j = i + 1; j < nd; j++)
            for (size_t a = 0; a < all[i]->n; a++)
                for (size_t b = 0; b < all[j]->n; b++)
                    TT_CHECK(strcasecmp(all[i]->cmds[a].name, all[j]->cmds[b].name) != 0,
                             "%s is in %s and %s", all[i]->cmds[a].name,
                             all[i]->module_ident, all[j]->module_ident);
}

/* The counts agree with httpd's argument kind of each row; the kinds
 * themselves come from the modules' command tables (mod_ssl.c,
 * mod_gnutls.c, tls_conf.c, mod_md_config.c). A few spot checks. */
static void test_dialect_arg_kinds(void)
{
    size_t nd;
    const tvc_dialect *const *all = tvc_dialects(&nd);
    for (size_t i = 0; i < nd; i++)
        for (size_t k = 0; k < all[i]->n; k++) {
            const tvc_cmd *c = &all[i]->cmds[k];
            int lo = -1, hi = -1;
            switch (c->how) {
            case TVC_HOW_TAKE1: case TVC_HOW_FLAG: lo = 1, hi = 1; break;
            case TVC_HOW_TAKE2: lo = 2, hi = 2; break;
            case TVC_HOW_TAKE12: lo = 1, hi = 2; break;
            case TVC_HOW_TAKE23: lo = 2, hi = 3; break;
            case TVC_HOW_NO_ARGS: lo = 0, hi = 0; break;
            default: break;
            }
            if (lo >= 0)
                TT_CHECK(c->min_args == lo && c->max_args == hi, "%s: %u-%u arguments for its kind",
                         c->name, c->min_args, c->max_args);
        }
    static const struct { const char *name; int how; } spot[] = {
        {"SSLStrictSNIVHostCheck", TVC_HOW_FLAG}, {"SSLEngine", TVC_HOW_TAKE1},
        {"SSLProtocol", TVC_HOW_RAW_ARGS}, {"SSLCipherSuite", TVC_HOW_TAKE12},
        {"GnuTLSEnable", TVC_HOW_FLAG}, {"TLSStrictSNI", TVC_HOW_TAKE1},
        {"TLSProxyEngine", TVC_HOW_FLAG}, {"SSLRequireSSL", TVC_HOW_RAW_ARGS} /* AP_INIT_NO_ARGS is RAW_ARGS */,
    };
    for (size_t i = 0; i < sizeof spot / sizeof *spot; i++) {
        const tvc_cmd *c = tvc_dialect_find(spot[i].name, NULL);
        CU_ASSERT_PTR_NOT_NULL_FATAL(c);
        TT_CHECK(c->how == spot[i].how, "%s: kind %d, expected %d", spot[i].name, c->how,
                 spot[i].how);
    }
}

static void test_dialect_entries(void)
{
    size_t nd;
    const tvc_dialect *const *all = tvc_dialects(&nd);
    const unsigned known = TVC_CTX_SERVER | TVC_CTX_VHOST | TVC_CTX_DIR |
                           TVC_CTX_HTACCESS | TVC_CTX_PROXY;
    for (size_t i = 0; i < nd; i++) {
        const tvc_dialect *dl = all[i];
        /* one owner: the parser's table of standard modules leaves the
         * dialects' modules to them, and asks them through the hook;
         * httpd's core stays the parser's (the core dialect only holds
         * the rows of the core directives the IR reads, like Protocols) */
        if (dl != &tvc_dialect_core) {
            TT_STREQ(tvc_httpd_module_file(dl->module_ident), NULL);
            TT_STREQ(tvc_httpd_module_ident(dl->module_file), NULL);
        }
        TT_STREQ(tvc_ir_module_file(dl->module_ident), dl->module_file);
        TT_CHECK(dl->engine == TVC_ENGINE_NONE || tvc_dialect_by_ident(dl->module_ident) == dl,
                 "%s is not found by its identifier", dl->module_ident);
        TT_CHECK(tvc_ir_tls_name(dl->prefix) == (dl->engine != TVC_ENGINE_NONE),
                 "%s: prefix", dl->module_ident);
        for (size_t k = 0; k < dl->n; k++) {
            const tvc_cmd *c = &dl->cmds[k];
            TT_CHECK(c->set != NULL, "%s has no setter", c->name);
            TT_CHECK(strncmp(c->name, dl->prefix, strlen(dl->prefix)) == 0,
                     "%s does not start with %s", c->name, dl->prefix);
            TT_CHECK(c->contexts != 0 && (c->contexts & ~known) == 0,
                     "%s: contexts 0x%x", c->name, c->contexts);
            TT_CHECK(c->min_args <= c->max_args, "%s: %u..%u arguments", c->name,
                     c->min_args, c->max_args);
            size_t size = c->proxy ? sizeof(tvc_proxy_tls) : sizeof(tvc_tls);
            TT_CHECK(c->offset < size, "%s: offset %zu outside its struct", c->name,
                     c->offset);
            /* no TLS module's directive hides in the generic httpd table
             * (a helper dialect such as mod_md's may take over some) */
            TT_CHECK(dl->engine == TVC_ENGINE_NONE || tvc_httpd_directive_find(c->name) == NULL,
                     "%s is also in the httpd directive table", c->name);
        }
    }
}

static void test_httpd_directives_sorted(void)
{
    size_t n;
    const tvc_httpd_directive *h = tvc_httpd_directives(&n);
    TT_CHECK(n > 400, "only %zu httpd directives", n);
    for (size_t k = 1; k < n; k++)
        TT_CHECK(strcasecmp(h[k - 1].name, h[k].name) < 0, "%s must come after %s",
                 h[k - 1].name, h[k].name);
    for (size_t k = 0; k < n; k++) {
        TT_CHECK(h[k].file != NULL && h[k].section >= 0 && h[k].section <= 2,
                 "%s: bad entry", h[k].name);
        TT_CHECK(tvc_httpd_directive_find(h[k].name) == &h[k], "%s is not found",
                 h[k].name);
    }
}

static void test_lookup_case_insensitive(void)
{
    static const struct {
        const char *name;
        tvc_engine engine;
        const char *canonical;
    } want[] = {
        {"SSLEngine", TVC_ENGINE_MODSSL, "SSLEngine"},
        {"sslengine", TVC_ENGINE_MODSSL, "SSLEngine"},
        {"SSLCERTIFICATEFILE", TVC_ENGINE_MODSSL, "SSLCertificateFile"},
        {"sslOpenSSLConfCmd", TVC_ENGINE_MODSSL, "SSLOpenSSLConfCmd"},
        {"gnutlsenable", TVC_ENGINE_GNUTLS, "GnuTLSEnable"},
        {"GNUTLSPRIORITIES", TVC_ENGINE_GNUTLS, "GnuTLSPriorities"},
        {"tlsengine", TVC_ENGINE_MODTLS, "TLSEngine"},
        {"TlsCertificate", TVC_ENGINE_MODTLS, "TLSCertificate"},
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        const tvc_dialect *dl = NULL;
        const tvc_cmd *c = tvc_dialect_find(want[i].name, &dl);
        TT_CHECK(c != NULL, "%s not found", want[i].name);
        if (!c)
            continue;
        TT_STREQ(c->name, want[i].canonical);
        TT_CHECK(dl && dl->engine == want[i].engine, "%s: wrong dialect", want[i].name);
        CU_ASSERT_PTR_EQUAL(tvc_dialect_find(want[i].name, NULL), c);
    }
    /* every entry is found by its own name in any case */
    size_t nd;
    const tvc_dialect *const *all = tvc_dialects(&nd);
    for (size_t i = 0; i < nd; i++)
        for (size_t k = 0; k < all[i]->n; k++) {
            char lower[128], upper[128];
            const char *nm = all[i]->cmds[k].name;
            size_t l = strlen(nm);
            CU_ASSERT_FATAL(l < sizeof lower);
            for (size_t j = 0; j <= l; j++) {
                lower[j] = (char)tolower((unsigned char)nm[j]);
                upper[j] = (char)toupper((unsigned char)nm[j]);
            }
            const tvc_dialect *dl = NULL;
            TT_CHECK(tvc_dialect_find(lower, &dl) == &all[i]->cmds[k] && dl == all[i],
                     "%s not found", lower);
            TT_CHECK(tvc_dialect_find(upper, NULL) == &all[i]->cmds[k], "%s not found",
                     upper);
        }
    CU_ASSERT_PTR_NULL(tvc_dialect_find("ServerName", NULL));
    CU_ASSERT_PTR_NULL(tvc_dialect_find("SSLCertificatFile", NULL));
    CU_ASSERT_PTR_NULL(tvc_dialect_find("", NULL));
    /* the httpd table too */
    const tvc_httpd_directive *h = tvc_httpd_directive_find("documentroot");
    CU_ASSERT_PTR_NOT_NULL(h);
    if (h)
        TT_STREQ(h->name, "DocumentRoot");
    h = tvc_httpd_directive_find("VIRTUALHOST");
    CU_ASSERT_PTR_NOT_NULL(h);
    if (h)
        TT_INTEQ(h->section, 1);
    CU_ASSERT_PTR_NULL(tvc_httpd_directive_find("SSLEngine"));
}

static void test_suggest(void)
{
    TT_STREQ(tvc_dialect_suggest("SSLCertificatFile"), "SSLCertificateFile");
    TT_STREQ(tvc_dialect_suggest("sslcertificatekeyfil"), "SSLCertificateKeyFile");
    TT_STREQ(tvc_dialect_suggest("GnuTLSEnabel"), "GnuTLSEnable");
    TT_STREQ(tvc_dialect_suggest("TLSCertificat"), "TLSCertificate");
    TT_STREQ(tvc_dialect_suggest("DocumentRot"), "DocumentRoot");
    CU_ASSERT_PTR_NULL(tvc_dialect_suggest("CompletelyDifferentThing"));
}

static void test_names(void)
{
    TT_STREQ(tvc_engine_name(TVC_ENGINE_MODSSL), "mod_ssl");
    TT_STREQ(tvc_engine_name(TVC_ENGINE_GNUTLS), "mod_gnutls");
    TT_STREQ(tvc_engine_name(TVC_ENGINE_MODTLS), "mod_tls");
    CU_ASSERT_PTR_NULL(tvc_engine_name(TVC_ENGINE_NONE));
    for (int e = TVC_ENGINE_MODSSL; e <= TVC_ENGINE_MODTLS; e++)
        TT_INTEQ(tvc_engine_parse(tvc_engine_name((tvc_engine)e)), e);
    TT_INTEQ(tvc_engine_parse("mod_nss"), TVC_ENGINE_NONE);
    TT_INTEQ(tvc_engine_parse(NULL), TVC_ENGINE_NONE);
    for (int v = TVC_SSL3; v <= TVC_TLS13; v++)
        TT_INTEQ(tvc_proto_parse(tvc_proto_name(v)), v);
    TT_INTEQ(tvc_proto_parse("tlsv1.2"), TVC_TLS12);
    TT_INTEQ(tvc_proto_parse("TLSv1.0"), TVC_TLS10);
    TT_INTEQ(tvc_proto_parse("TLSv1.4"), 0);
    CU_ASSERT_PTR_NULL(tvc_proto_name(TVC_UNSET));
}

/* The writers spell a directive by the row that reads it: every row
 * with a field is found by that field and its setter, and the spellings
 * the emitters rely on come out as the modules write them. */
static void test_dialect_name(void)
{
    size_t nd;
    const tvc_dialect *const *all = tvc_dialects(&nd);
    for (size_t i = 0; i < nd; i++)
        for (size_t k = 0; k < all[i]->n; k++) {
            const tvc_cmd *c = &all[i]->cmds[k];
            if ((!c->offset && !c->proxy) || all[i]->engine == TVC_ENGINE_NONE)
                continue;
            const char *got = tvc_dialect_name(all[i]->engine, c->offset, c->proxy, c->set);
            const tvc_cmd *g = got ? tvc_dialect_find(got, NULL) : NULL;
            TT_CHECK(g && g->offset == c->offset && g->proxy == c->proxy && g->set == c->set,
                     "%s: found '%s'", c->name, got ? got : "(none)");
        }
    static const struct {
        tvc_engine engine;
        size_t offset;
        int proxy;
        tvc_setter set;
        const char *want; /* NULL: no row */
    } cases[] = {
        {TVC_ENGINE_MODSSL, offsetof(tvc_tls, enabled), 0, NULL, "SSLEngine"},
        {TVC_ENGINE_GNUTLS, offsetof(tvc_tls, enabled), 0, NULL, "GnuTLSEnable"},
        {TVC_ENGINE_MODTLS, offsetof(tvc_tls, enabled), 0, NULL, NULL},
        {TVC_ENGINE_MODSSL, offsetof(tvc_tls, ciphers), 0, tvc_set_ssl_ciphers, "SSLCipherSuite"},
        {TVC_ENGINE_MODSSL, offsetof(tvc_tls, ciphers), 0, tvc_set_preference, "SSLHonorCipherOrder"},
        {TVC_ENGINE_MODTLS, offsetof(tvc_tls, ciphers), 0, tvc_set_client_order,
         "TLSHonorClientOrder"},
        {TVC_ENGINE_GNUTLS, offsetof(tvc_tls, ciphers.spec), 0, NULL, "GnuTLSPriorities"},
        {TVC_ENGINE_MODSSL, offsetof(tvc_tls, certs), 0, tvc_set_key, "SSLCertificateKeyFile"},
        {TVC_ENGINE_GNUTLS, offsetof(tvc_tls, certs), 0, NULL, "GnuTLSCertificateFile"},
        {TVC_ENGINE_GNUTLS, offsetof(tvc_tls, client.ca_file), 0, NULL, "GnuTLSClientCAFile"},
        {TVC_ENGINE_MODSSL, offsetof(tvc_tls, groups), 0, NULL, "SSLOpenSSLConfCmd"},
        {TVC_ENGINE_MODTLS, offsetof(tvc_tls, strict_sni), 0, NULL, "TLSStrictSNI"},
        {TVC_ENGINE_MODSSL, offsetof(tvc_proxy_tls, verify), 1, NULL, "SSLProxyVerify"},
        {TVC_ENGINE_GNUTLS, offsetof(tvc_proxy_tls, ca_path), 1, NULL, NULL},
        {TVC_ENGINE_NONE, offsetof(tvc_tls, enabled), 0, NULL, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *got = tvc_dialect_name(cases[i].engine, cases[i].offset, cases[i].proxy,
                                           cases[i].set);
        TT_CHECK(cases[i].want ? got && !strcmp(got, cases[i].want) : !got,
                 "case %zu: '%s', want '%s'", i, got ? got : "(none)",
                 cases[i].want ? cases[i].want : "(none)");
    }
}

int tt_register_dialect(void)
{
    CU_pSuite s = CU_add_suite("dialect", NULL, NULL);
    if (!s)
        return -1;
    if (!CU_add_test(s, "dialect tables sorted, no duplicates", test_dialects_sorted_unique) ||
        !CU_add_test(s, "dialect table entries complete", test_dialect_entries) ||
        !CU_add_test(s, "dialect rows match httpd's argument kinds", test_dialect_arg_kinds) ||
        !CU_add_test(s, "httpd directive table sorted", test_httpd_directives_sorted) ||
        !CU_add_test(s, "lookups are case-insensitive", test_lookup_case_insensitive) ||
        !CU_add_test(s, "did-you-mean suggestions", test_suggest) ||
        !CU_add_test(s, "engine and protocol names", test_names) ||
        !CU_add_test(s, "directive spellings by IR field", test_dialect_name))
        return -1;
    return 0;
}
