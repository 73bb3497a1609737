/* The rows read both ways: every row has the kind its setter implies and
 * a default in the row's own words; every one-to-one row writes back a
 * line that the real parser reads into the same IR field (the
 * round trip), and every one-to-one field says what a target without it
 * loses. */
#include "config.h"

#include "tests.h"

#include <string.h>
#include <strings.h>

#include <CUnit/CUnit.h>

#include "ir/dialect.h"
#include "ir/dialect_setters.h"

/* ---- kinds ---------------------------------------------------------- */

/* The kind each setter implies for a row with a field; a row without a
 * field is NONE, RAW or SECRET. A row added without its kind reads as
 * NONE and fails here. */
static const struct {
    tvc_setter set;
    tvc_kind kind, alt; /* alt: a second kind the setter serves */
} setter_kinds[] = {
    {tvc_set_flag, TVC_KIND_FLAG, TVC_KIND_FLAG},
    {tvc_set_compression, TVC_KIND_FLAG, TVC_KIND_FLAG},
    {tvc_set_strict_sni, TVC_KIND_FLAG, TVC_KIND_FLAG},
    {tvc_set_stapling, TVC_KIND_FLAG, TVC_KIND_FLAG},
    {tvc_set_engine, TVC_KIND_ENUM, TVC_KIND_FLAG},
    {tvc_set_verify, TVC_KIND_ENUM, TVC_KIND_ENUM},
    {tvc_set_verify_mode, TVC_KIND_ENUM, TVC_KIND_ENUM},
    {tvc_set_int, TVC_KIND_INT, TVC_KIND_INT},
    {tvc_set_str, TVC_KIND_STRING, TVC_KIND_STRING},
    {tvc_set_protocols, TVC_KIND_STRING, TVC_KIND_STRING},
    {tvc_set_cache_spec, TVC_KIND_STRING, TVC_KIND_STRING},
    {tvc_set_crl_check, TVC_KIND_STRING, TVC_KIND_STRING},
    {tvc_set_path, TVC_KIND_PATH, TVC_KIND_PATH},
    {tvc_set_ca_path, TVC_KIND_PATH, TVC_KIND_PATH},
    {tvc_set_proxy_ca, TVC_KIND_PATH, TVC_KIND_PATH},
    {tvc_set_paths, TVC_KIND_LIST, TVC_KIND_LIST},
    {tvc_set_cert, TVC_KIND_CERT, TVC_KIND_CERT},
    {tvc_set_key, TVC_KIND_CERT, TVC_KIND_CERT},
    {tvc_set_cert_pair, TVC_KIND_CERT, TVC_KIND_CERT},
    {tvc_set_cert_single, TVC_KIND_CERT, TVC_KIND_CERT},
    {tvc_set_key_single, TVC_KIND_CERT, TVC_KIND_CERT},
    {tvc_set_ssl_ciphers, TVC_KIND_POLICY, TVC_KIND_POLICY},
    {tvc_set_preference, TVC_KIND_POLICY, TVC_KIND_POLICY},
    {tvc_set_client_order, TVC_KIND_POLICY, TVC_KIND_POLICY},
    {tvc_set_ssl_protocol, TVC_KIND_POLICY, TVC_KIND_POLICY},
    {tvc_set_tls_protocol, TVC_KIND_POLICY, TVC_KIND_POLICY},
    {tvc_set_gnutls_priorities, TVC_KIND_POLICY, TVC_KIND_POLICY},
    {tvc_set_conf_cmd_checked, TVC_KIND_POLICY, TVC_KIND_POLICY},
    {tvc_set_joined, TVC_KIND_POLICY, TVC_KIND_POLICY},
    {tvc_set_secret, TVC_KIND_SECRET, TVC_KIND_SECRET},
};

static int has_field(const tvc_cmd *c)
{
    return c->offset || c->proxy;
}

static void check_row_kind(const tvc_cmd *c)
{
    if (!has_field(c)) {
        TT_CHECK(c->kind == TVC_KIND_NONE || c->kind == TVC_KIND_RAW ||
                     c->kind == TVC_KIND_SECRET,
                 "%s fills no field but is of kind %s", c->name, tvc_kind_name(c->kind));
        return;
    }
    size_t i = 0;
    while (i < sizeof setter_kinds / sizeof *setter_kinds && setter_kinds[i].set != c->set)
        i++;
    TT_CHECK(i < sizeof setter_kinds / sizeof *setter_kinds,
             "%s: its setter has no kind in this test", c->name);
    if (i == sizeof setter_kinds / sizeof *setter_kinds)
        return;
    TT_CHECK(c->kind == setter_kinds[i].kind || c->kind == setter_kinds[i].alt,
             "%s is of kind %s, its setter writes a %s", c->name, tvc_kind_name(c->kind),
             tvc_kind_name(setter_kinds[i].kind));
    TT_CHECK(c->kind != TVC_KIND_ENUM || c->values, "%s: an enum needs its value table",
             c->name);
}

static void test_row_kinds(void)
{
    size_t nd;
    const tvc_dialect *const *all = tvc_dialects(&nd);
    for (size_t i = 0; i < nd; i++)
        for (size_t k = 0; k < all[i]->n; k++)
            check_row_kind(&all[i]->cmds[k]);
    /* the test itself: a row without its kind is caught */
    tvc_cmd forgot = {.name = "SSLForgot", .set = tvc_set_flag, .offset = 8};
    TT_CHECK(forgot.kind == TVC_KIND_NONE && has_field(&forgot),
             "a row without its kind reads as NONE with a field");
    TT_STREQ(tvc_kind_name(TVC_KIND_CERT), "certificate");
    TT_CHECK(tvc_kind_is_direct(TVC_KIND_PATH) && !tvc_kind_is_direct(TVC_KIND_POLICY) &&
                 !tvc_kind_is_direct(TVC_KIND_SECRET),
             "one-to-one kinds");
}

/* ---- defaults --------------------------------------------------------- */

/* Flags whose module documents no on/off default: mod_gnutls makes
 * stapling depend on the certificate, mod_tls documents none for
 * TLSProxyEngine. */
static const char *const flag_default_exceptions[] = {"GnuTLSOCSPStapling", "TLSProxyEngine"};

static int flag_exception(const char *name)
{
    for (size_t i = 0; i < sizeof flag_default_exceptions / sizeof *flag_default_exceptions; i++)
        if (!strcmp(name, flag_default_exceptions[i]))
            return 1;
    return 0;
}

static void check_default(tvc_arena *a, const tvc_cmd *c)
{
    const char *d = c->default_text;
    if (d) {
        TT_CHECK(*d && strncasecmp(d, c->name, strlen(c->name)) != 0,
                 "%s: default '%s' must be the argument words only", c->name, d);
        TT_CHECK(strcasecmp(d, "none") || c->kind != TVC_KIND_PATH,
                 "%s: a path's default 'none' means no file: NULL", c->name);
    }
    int v;
    if (d && c->values && c->kind != TVC_KIND_ENUM) {
        size_t n = strcspn(d, " ");
        char first[32] = "";
        if (n < sizeof first)
            memcpy(first, d, n), first[n] = '\0';
        TT_CHECK(tvc_dialect_value(c, first, &v) == 0, "%s: default '%s' is none of %s",
                 c->name, d, tvc_dialect_words(a, c));
    }
    switch ((tvc_kind)c->kind) {
    case TVC_KIND_FLAG:
        TT_CHECK(flag_exception(c->name) ? !d : d && tvc_dialect_value(c, d, &v) == 0,
                 "%s: a flag's default is on or off, not '%s'", c->name, d ? d : "(null)");
        break;
    case TVC_KIND_ENUM:
        TT_CHECK(d && tvc_dialect_value(c, d, &v) == 0, "%s: default '%s' is none of %s",
                 c->name, d ? d : "(null)", tvc_dialect_words(a, c));
        break;
    case TVC_KIND_INT:
        TT_CHECK(d && strspn(d, "0123456789") == strlen(d), "%s: default '%s' is no number",
                 c->name, d ? d : "(null)");
        break;
    case TVC_KIND_PATH:
    case TVC_KIND_LIST:
    case TVC_KIND_CERT:
    case TVC_KIND_SECRET:
        TT_CHECK(!d, "%s: a file or secret has no default value, not '%s'", c->name, d);
        break;
    default:
        break;
    }
}

/* A one-to-one row's default is a line its own parser takes. */
static void check_default_parses(const tvc_cmd *c)
{
    if (!c->default_text || !tvc_kind_is_direct(c->kind))
        return;
    tt_ctx t;
    if (tt_init(&t))
        return;
    tvc_ir *ir = tt_build(&t, tvc_arena_printf(t.a, "%s %s\n", c->name, c->default_text), NULL);
    TT_CHECK(ir && tt_count_sev(&t.d, TVC_ERROR) == 0 && tvc_dialect_is_set(c, &ir->server),
             "%s %s: %s", c->name, c->default_text, tt_diags_text(t.a, &t.d));
    tt_done(&t);
}

static void test_row_defaults(void)
{
    size_t nd;
    const tvc_dialect *const *all = tvc_dialects(&nd);
    tvc_arena *a = tvc_arena_new();
    for (size_t i = 0; i < nd; i++)
        for (size_t k = 0; k < all[i]->n; k++) {
            check_default(a, &all[i]->cmds[k]);
            check_default_parses(&all[i]->cmds[k]);
        }
    tvc_arena_free(a);
    /* spot checks against the modules' documentation */
    static const struct {
        const char *name, *want;
    } spot[] = {
        {"SSLSessionTickets", "on"}, {"SSLProtocol", "all -SSLv3"},
        {"GnuTLSClientVerify", "ignore"}, {"GnuTLSSessionTickets", "off"},
        {"GnuTLSDHFile", NULL}, {"TLSStrictSNI", "on"}, {"MDStapling", "off"},
    };
    for (size_t i = 0; i < sizeof spot / sizeof *spot; i++) {
        const tvc_cmd *c = tvc_dialect_find(spot[i].name, NULL);
        CU_ASSERT_PTR_NOT_NULL_FATAL(c);
        TT_STREQ(c->default_text, spot[i].want);
    }
}

/* The setters read their words from the rows: each word table accepts
 * its words (aliases too, in any case) and refuses others, naming the
 * words in the message. */
static void test_setters_read_words(void)
{
    static const struct {
        const char *line;
        const char *error; /* NULL: read without error */
    } cases[] = {
        {"SSLVerifyClient OPTIONAL_NO_CA", NULL},
        {"SSLVerifyClient on", NULL},
        {"SSLVerifyClient request", "unknown verification level 'request'"},
        {"GnuTLSClientVerify request", NULL},
        {"GnuTLSClientVerify optional_no_ca", "unknown verification level"},
        {"SSLProxyVerify require", NULL},
        {"SSLEngine Optional", NULL},
        {"SSLEngine maybe", "takes on, off or optional, not 'maybe'"},
        {"GnuTLSEnable optional", "must be On or Off, not 'optional'"},
        {"SSLSessionTickets yes", "must be On or Off, not 'yes'"},
        {"SSLCARevocationCheck Leaf no_crl_for_cert_ok", NULL},
        {"SSLCARevocationCheck all", "invalid argument 'all' (none, chain or leaf)"},
        {"SSLProxyCARevocationCheck chain", NULL},
        {"SSLOCSPEnable leaf", NULL},
        {"SSLOCSPEnable chain", "invalid argument 'chain' (on, off or leaf)"},
        {"SSLSessionCache nonenotnull", NULL},
        {"TLSSessionCache nonenotnull", "'nonenotnull' is not a cache type"},
        {"GnuTLSCache none", NULL},
        {"GnuTLSOCSPCache none", "say \"GnuTLSOCSPStapling off\""},
        {"SSLStaplingCache none", "'none' is not a cache type"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        tt_ctx t;
        if (tt_init(&t))
            return;
        tt_build(&t, tvc_arena_printf(t.a, "%s\n", cases[i].line), NULL);
        const tvc_diag *d = tt_diag(&t.d, "parse-error");
        if (cases[i].error)
            TT_CHECK(d && strstr(d->message, cases[i].error), "%s: %s", cases[i].line,
                     tt_diags_text(t.a, &t.d));
        else
            TT_CHECK(tt_count_sev(&t.d, TVC_ERROR) == 0, "%s: %s", cases[i].line,
                     tt_diags_text(t.a, &t.d));
        tt_done(&t);
    }
}

int tt_register_dialect_rows(void)
{
    CU_pSuite s = CU_add_suite("dialect rows", NULL, NULL);
    if (!s)
        return -1;
    if (!CU_add_test(s, "every row has the kind its setter implies", test_row_kinds) ||
        !CU_add_test(s, "defaults are the argument words, parsed by the row", test_row_defaults) ||
        !CU_add_test(s, "setters read their words from the rows", test_setters_read_words))
        return -1;
    return 0;
}
