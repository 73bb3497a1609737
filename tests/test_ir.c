/* Parse tree -> IR: the three dialects, inheritance from the server
 * config, path resolution, context and spelling errors at the directive,
 * and the JSON round trip. */
#include "config.h"

#include "tests.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>
#include <jansson.h>
#include <openssl/opensslconf.h>

#include "ir/build.h"
#include "ir/json.h"
#include "ir/modules.h"
#include "ir/sni_map.h"

/* The run's real directory (mkdtemp under a symlinked /tmp is fine). */
static const char *root_of(tt_ctx *t)
{
    char real[PATH_MAX];
    if (!realpath(t->dir, real))
        return t->dir;
    return tvc_arena_strdup(t->a, real);
}

static const tvc_listener *listener_on(const tvc_ir *ir, int port)
{
    for (size_t i = 0; i < ir->n_listeners; i++)
        if (ir->listeners[i].addr.port == port)
            return &ir->listeners[i];
    return NULL;
}

#define NO_PROBLEMS(t)                                                        \
    TT_CHECK(tt_count_sev(&(t).d, TVC_WARNING) == 0, "unexpected findings:%s", \
             tt_diags_text((t).a, &(t).d))

/* ---- mod_ssl ---------------------------------------------------------- */

static const char modssl_conf[] =
    "LoadModule ssl_module modules/mod_ssl.so\n"
    "Listen 443\n"
    "<VirtualHost *:443>\n"
    "  ServerName a.test\n"
    "  ServerAlias www.a.test alt.a.test\n"
    "  SSLEngine on\n"
    "  SSLCertificateFile /etc/ssl/a-rsa.pem\n"
    "  SSLCertificateKeyFile /etc/ssl/a-rsa.key\n"
    "  SSLCertificateFile /etc/ssl/a-ec.pem\n"
    "  SSLCertificateKeyFile /etc/ssl/a-ec.key\n"
    "  SSLCertificateChainFile /etc/ssl/chain.pem\n"
    "  SSLProtocol all -SSLv3 -TLSv1 -TLSv1.1\n"
    "  SSLCipherSuite HIGH:!aNULL:!MD5\n"
    "  SSLCipherSuite TLSv1.3 TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256\n"
    "  SSLHonorCipherOrder on\n"
    "  SSLVerifyClient require\n"
    "  SSLVerifyDepth 3\n"
    "  SSLCACertificateFile ca/clients.pem\n"
    "  SSLUseStapling on\n"
    "  SSLStrictSNIVHostCheck on\n"
    "  SSLOpenSSLConfCmd Groups X25519:secp384r1\n"
    "  SSLOpenSSLConfCmd Options -SessionTicket\n"
    "  SSLSessionTickets off\n"
    "  SSLProxyEngine on\n"
    "  SSLProxyVerify require\n"
    "  SSLProxyProtocol TLSv1.2\n"
    "  SSLProxyCACertificateFile /etc/ssl/backend-ca.pem\n"
    "  SSLProxyCheckPeerName off\n"
    "  DocumentRoot /srv/a\n"
    "  <Location /secure>\n"
    "    SSLVerifyClient require\n"
    "  </Location>\n"
    "</VirtualHost>\n"
    "SSLSessionCache shmcb:/run/ssl_scache(512000)\n"
    "SSLStaplingCache shmcb:/run/ocsp(128000)\n";

/* Over 100 lines on purpose: one config, every field it sets asserted in
 * the order of the config, which reads better as one list than in parts. */
static void test_modssl(void)
{
    tt_ctx t;
    if (tt_init(&t))
        return;
    tvc_ir *ir = tt_build(&t, modssl_conf, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ir);
    NO_PROBLEMS(t);
    const char *root = root_of(&t);

    TT_INTEQ(ir->n_listeners, 1);
    const tvc_listener *l = listener_on(ir, 443);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    TT_STREQ(l->addr.addr, "*");
    TT_INTEQ(l->engine, TVC_ENGINE_MODSSL);
    TT_INTEQ(l->strict_sni, 1);
    TT_LOC(&l->loc, "httpd.conf", 2, 1);

    TT_INTEQ(ir->n_vhosts, 1);
    const tvc_vhost *v = &ir->vhosts[0];
    TT_STREQ(v->server_name, "a.test");
    TT_INTEQ(v->aliases.n, 2);
    if (v->aliases.n == 2) {
        TT_STREQ(v->aliases.v[0], "www.a.test");
        TT_STREQ(v->aliases.v[1], "alt.a.test");
    }
    TT_INTEQ(v->n_addrs, 1);
    TT_STREQ(v->addrs[0].addr, "*");
    TT_INTEQ(v->addrs[0].port, 443);
    TT_LOC(&v->loc, "httpd.conf", 3, 1);
    TT_LOC(&v->name_loc, "httpd.conf", 4, 14); /* the name itself */

    const tvc_tls *s = v->tls;
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    TT_INTEQ(s->engine, TVC_ENGINE_MODSSL);
    TT_INTEQ(s->enabled, 1);
    TT_LOC(&s->enabled_loc, "httpd.conf", 6, 3);

    /* two pairs, in order, each with the chain file */
    TT_INTEQ(s->certs.n, 2);
    if (s->certs.n == 2) {
        TT_STREQ(s->certs.v[0].cert, "/etc/ssl/a-rsa.pem");
        TT_STREQ(s->certs.v[0].key, "/etc/ssl/a-rsa.key");
        TT_STREQ(s->certs.v[1].cert, "/etc/ssl/a-ec.pem");
        TT_STREQ(s->certs.v[1].key, "/etc/ssl/a-ec.key");
        TT_LOC(&s->certs.v[1].cert_loc, "httpd.conf", 9, 3);
        TT_LOC(&s->certs.v[1].key_loc, "httpd.conf", 10, 3);
        for (int i = 0; i < 2; i++) {
            TT_INTEQ(s->certs.v[i].chain.n, 1);
            if (s->certs.v[i].chain.n)
                TT_STREQ(s->certs.v[i].chain.v[0], "/etc/ssl/chain.pem");
        }
    }
    TT_STREQ(s->chain_file.v, "/etc/ssl/chain.pem");

    TT_INTEQ(s->protocols.min, TVC_TLS12);
    TT_INTEQ(s->protocols.max, TVC_UNSET);
    TT_STREQ(s->protocols.text.v, "all -SSLv3 -TLSv1 -TLSv1.1");
    TT_STREQ(s->ciphers.spec.v, "HIGH:!aNULL:!MD5");
    TT_LOC(&s->ciphers.spec.loc, "httpd.conf", 13, 18); /* the value */
    TT_STREQ(s->ciphers.spec_tls13.v, "TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256");
    TT_INTEQ(s->ciphers.server_preference, 1);

    TT_INTEQ(s->client.mode, TVC_VERIFY_REQUIRE);
    TT_INTEQ(s->client.depth, 3);
    TT_STREQ(s->client.ca_file.v, tvc_arena_printf(t.a, "%s/ca/clients.pem", root));

    TT_INTEQ(s->stapling.enabled, 1);
    TT_STREQ(s->stapling.cache.v, "shmcb:/run/ocsp(128000)");
    TT_INTEQ(s->strict_sni, 1);
    TT_INTEQ(s->session_tickets, 0);
    TT_STREQ(s->session_cache.v, "shmcb:/run/ssl_scache(512000)");

    TT_INTEQ(s->groups.n, 2);
    if (s->groups.n == 2) {
        TT_STREQ(s->groups.v[0], "X25519");
        TT_STREQ(s->groups.v[1], "secp384r1");
    }
    /* SSLOpenSSLConfCmd without a common meaning and per-directory
     * settings are kept as written */
    int saw_opt = 0, saw_dir = 0;
    for (size_t i = 0; i < s->other.n; i++) {
        if (!strcmp(s->other.v[i].name, "SSLOpenSSLConfCmd") && s->other.v[i].argc == 2 &&
            !strcmp(s->other.v[i].argv[0], "Options"))
            saw_opt = 1;
        if (!strcmp(s->other.v[i].name, "SSLVerifyClient"))
            saw_dir = 1;
    }
    CU_ASSERT_TRUE(saw_opt);
    CU_ASSERT_TRUE(saw_dir);

    CU_ASSERT_PTR_NOT_NULL_FATAL(s->proxy);
    TT_INTEQ(s->proxy->enabled, 1);
    TT_INTEQ(s->proxy->verify, TVC_VERIFY_REQUIRE);
    TT_INTEQ(s->proxy->protocols.min, TVC_TLS12);
    TT_INTEQ(s->proxy->protocols.max, TVC_TLS12);
    TT_STREQ(s->proxy->ca_file.v, "/etc/ssl/backend-ca.pem");
    TT_INTEQ(s->proxy->check_peer_name, 0);
    CU_ASSERT_TRUE(s->engines_seen & (1u << TVC_ENGINE_MODSSL));

    /* the rest of the vhost is kept verbatim */
    int saw_docroot = 0, saw_location = 0;
    for (size_t i = 0; i < v->n_other; i++) {
        if (!strcmp(v->other[i], "  DocumentRoot /srv/a"))
            saw_docroot = 1;
        if (strstr(v->other[i], "<Location /secure>") && strstr(v->other[i], "</Location>"))
            saw_location = 1;
    }
    CU_ASSERT_TRUE(saw_docroot);
    CU_ASSERT_TRUE(saw_location);
    tt_done(&t);
}

/* SSLEngine optional and a vhost without SSLEngine. */
static void test_modssl_engine_states(void)
{
    tt_ctx t;
    if (tt_init(&t))
        return;
    tvc_ir *ir = tt_build(&t,
        "Listen 443\nListen 80\n"
        "<VirtualHost *:443>\nServerName opt.test\nSSLEngine optional\n</VirtualHost>\n"
        "<VirtualHost *:443>\nServerName off.test\nSSLEngine off\n</VirtualHost>\n"
        "<VirtualHost *:80>\nServerName plain.test\n</VirtualHost>\n",
        NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ir);
    NO_PROBLEMS(t);
    const tvc_vhost *v = tt_vhost_named(ir, "opt.test");
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    CU_ASSERT_PTR_NOT_NULL_FATAL(v->tls);
    TT_INTEQ(v->tls->enabled, 2);
    v = tt_vhost_named(ir, "off.test");
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    CU_ASSERT_PTR_NULL(v->tls);
    v = tt_vhost_named(ir, "plain.test");
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    CU_ASSERT_PTR_NULL(v->tls);
    const tvc_listener *l = listener_on(ir, 80);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    TT_INTEQ(l->engine, TVC_ENGINE_NONE);
    TT_INTEQ(l->strict_sni, 0);
    l = listener_on(ir, 443);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    TT_INTEQ(l->engine, TVC_ENGINE_MODSSL);
    TT_INTEQ(l->strict_sni, 0); /* SSLStrictSNIVHostCheck defaults to off */
    tt_done(&t);
}

/* ---- protocol strings (table) ----------------------------------------- */

static const struct {
    const char *line;
    int min, max;
    const char *id; /* NULL: no warning or error */
} protos[] = {
    {"SSLProtocol all -SSLv3 -TLSv1 -TLSv1.1", TVC_TLS12, TVC_UNSET, NULL},
    {"SSLProtocol -all +TLSv1.2", TVC_TLS12, TVC_TLS12, NULL},
    {"SSLProtocol TLSv1.2 +TLSv1.3", TVC_TLS12, TVC_UNSET, NULL},
#ifdef OPENSSL_NO_SSL3
    {"SSLProtocol all", TVC_TLS10, TVC_UNSET, NULL},
#endif
    {"SSLProtocol +TLSv1.3", TVC_TLS13, TVC_UNSET, NULL},
    {"SSLProtocol tlsv1.2", TVC_TLS12, TVC_TLS12, NULL},
    {"SSLProtocol TLSv1 +TLSv1.2", TVC_TLS10, TVC_TLS10, "protocol-gap"},
    {"SSLProtocol TLSv9", TVC_UNSET, TVC_UNSET, "parse-error"},
    /* ssl_cmd_protocol_parse skips -SSLv2 (certbot's options file) and
     * rejects naming or adding it */
    {"SSLProtocol all -SSLv2 -SSLv3 -TLSv1 -TLSv1.1", TVC_TLS12, TVC_UNSET, NULL},
    {"SSLProtocol -SSLv2 +TLSv1.2", TVC_TLS12, TVC_TLS12, NULL},
    {"SSLProtocol all +SSLv2", TVC_UNSET, TVC_UNSET, "parse-error"},
    {"SSLProtocol SSLv2", TVC_UNSET, TVC_UNSET, "parse-error"},
    {"SSLProxyProtocol all -SSLv2", TVC_UNSET, TVC_UNSET, NULL},
#ifdef OPENSSL_NO_SSL3
    /* mod_ssl built without SSLv3 (Debian 12): -SSLv3 is skipped, the rest
     * is "SSLv3 not supported by this version of OpenSSL" */
    {"SSLProtocol -SSLv3 TLSv1.2", TVC_TLS12, TVC_TLS12, NULL},
    {"SSLProtocol all +SSLv3", TVC_UNSET, TVC_UNSET, "parse-error"},
    {"SSLProtocol SSLv3", TVC_UNSET, TVC_UNSET, "parse-error"},
#else
    {"SSLProtocol all", TVC_SSL3, TVC_UNSET, NULL},
    {"SSLProtocol SSLv3 +TLSv1", TVC_SSL3, TVC_TLS10, NULL},
#endif
    {"SSLProtocol -all", TVC_UNSET, TVC_UNSET, "parse-error"},
    {"SSLOpenSSLConfCmd MinProtocol TLSv1.2", TVC_TLS12, TVC_UNSET, NULL},
    {"TLSProtocol TLSv1.3+", TVC_TLS13, TVC_UNSET, NULL},
    /* get_min_protocol (tls_conf.c, 2.4.57 and 2.4.62): no '+', no version */
    {"TLSProtocol TLSv1.2", TVC_UNSET, TVC_UNSET, "parse-error"},
    {"TLSProtocol TLSv1.1+", TVC_UNSET, TVC_UNSET, "parse-error"},
    {"TLSProtocol TLSv0x0303+", TVC_TLS12, TVC_UNSET, NULL},
    {"TLSProtocol default", TVC_UNSET, TVC_UNSET, NULL},
    {"TLSProtocol TLSv1.9+", TVC_UNSET, TVC_UNSET, "parse-error"},
};

static void test_protocols(void)
{
    for (size_t i = 0; i < sizeof protos / sizeof *protos; i++) {
        tt_ctx t;
        if (tt_init(&t))
            return;
        tvc_ir *ir = tt_build(&t, tvc_arena_printf(t.a, "ServerName x\n  %s\n", protos[i].line),
                              NULL);
        CU_ASSERT_PTR_NOT_NULL_FATAL(ir);
        TT_CHECK(ir->server.protocols.min == protos[i].min &&
                     ir->server.protocols.max == protos[i].max,
                 "'%s': min %#x max %#x, expected %#x %#x", protos[i].line,
                 (unsigned)ir->server.protocols.min, (unsigned)ir->server.protocols.max,
                 (unsigned)protos[i].min, (unsigned)protos[i].max);
        if (protos[i].id)
            TT_CHECK(tt_diag_at(&t.d, protos[i].id, "httpd.conf", 2, 3) &&
                         tt_count_sev(&t.d, TVC_WARNING) == 1,
                     "'%s': expected only [%s] at 2:3, got:%s", protos[i].line,
                     protos[i].id, tt_diags_text(t.a, &t.d));
        else
            TT_CHECK(tt_count_sev(&t.d, TVC_WARNING) == 0, "'%s': got:%s", protos[i].line,
                     tt_diags_text(t.a, &t.d));
        tt_done(&t);
    }
}

/* A bare name after others replaces the set: httpd warns (AH02532), at
 * that word; not when nothing was set before it. */
static void test_protocol_override_warning(void)
{
    static const struct {
        const char *line;
        int min, max;
        unsigned col; /* of the warning; 0: none */
    } w[] = {
        {"SSLProtocol TLSv1.3 TLSv1.2", TVC_TLS12, TVC_TLS12, 23},
        {"SSLProxyProtocol +TLSv1.2 TLSv1.3", TVC_UNSET, TVC_UNSET, 29},
        {"SSLProtocol -all TLSv1.2", TVC_TLS12, TVC_TLS12, 0},
        {"SSLProtocol -SSLv2 TLSv1.3", TVC_TLS13, TVC_UNSET, 0},
    };
    for (size_t i = 0; i < sizeof w / sizeof *w; i++) {
        tt_ctx t;
        if (tt_init(&t))
            return;
        tvc_ir *ir = tt_build(&t, tvc_arena_printf(t.a, "ServerName x\n  %s\n", w[i].line), NULL);
        CU_ASSERT_PTR_NOT_NULL_FATAL(ir);
        TT_CHECK(ir->server.protocols.min == w[i].min && ir->server.protocols.max == w[i].max,
                 "'%s': min %#x max %#x", w[i].line, (unsigned)ir->server.protocols.min,
                 (unsigned)ir->server.protocols.max);
        if (w[i].col)
            TT_CHECK(tt_diag_at(&t.d, "parse-error", "httpd.conf", 2, w[i].col) &&
                         tt_count_sev(&t.d, TVC_WARNING) == 1 &&
                         tt_count_sev(&t.d, TVC_ERROR) == 0,
                     "'%s': expected one warning at 2:%u, got:%s", w[i].line, w[i].col,
                     tt_diags_text(t.a, &t.d));
        else
            TT_CHECK(tt_count_sev(&t.d, TVC_WARNING) == 0, "'%s': got:%s", w[i].line,
                     tt_diags_text(t.a, &t.d));
        tt_done(&t);
    }
}

/* ssl_cmd_verify_parse: on is require, off is none, for SSLVerifyClient
 * and SSLProxyVerify alike; anything else is an error. */
static void test_modssl_verify_words(void)
{
    static const struct { const char *word; int mode; } w[] = {
        {"on", TVC_VERIFY_REQUIRE}, {"ON", TVC_VERIFY_REQUIRE}, {"off", TVC_VERIFY_NONE},
        {"require", TVC_VERIFY_REQUIRE}, {"none", TVC_VERIFY_NONE},
        {"optional", TVC_VERIFY_OPTIONAL}, {"optional_no_ca", TVC_VERIFY_OPTIONAL_NO_CA},
        {"maybe", TVC_UNSET}, {"request", TVC_UNSET},
    };
    for (size_t i = 0; i < sizeof w / sizeof *w; i++) {
        tt_ctx t;
        if (tt_init(&t))
            return;
        tvc_ir *ir = tt_build(&t, tvc_arena_printf(t.a, "SSLVerifyClient %s\nSSLProxyVerify %s\n",
                                                   w[i].word, w[i].word), NULL);
        CU_ASSERT_PTR_NOT_NULL_FATAL(ir);
        TT_CHECK(ir->server.client.mode == w[i].mode, "SSLVerifyClient %s: %d, expected %d",
                 w[i].word, ir->server.client.mode, w[i].mode);
        int pm = ir->server.proxy ? ir->server.proxy->verify : TVC_UNSET;
        TT_CHECK(pm == w[i].mode, "SSLProxyVerify %s: %d, expected %d", w[i].word, pm,
                 w[i].mode);
        if (w[i].mode == TVC_UNSET)
            TT_CHECK(tt_diag_at(&t.d, "parse-error", "httpd.conf", 1, 1) &&
                         tt_diag_at(&t.d, "parse-error", "httpd.conf", 2, 1),
                     "%s: two errors expected, got:%s", w[i].word, tt_diags_text(t.a, &t.d));
        else
            TT_CHECK(tt_count_sev(&t.d, TVC_WARNING) == 0, "%s: got:%s", w[i].word,
                     tt_diags_text(t.a, &t.d));
        tt_done(&t);
    }
}

/* A FLAG reads its first word and httpd ignores the rest (invoke_cmd,
 * case FLAG): the value applies, a note says the rest is ignored. */
static void test_flag_extra_words(void)
{
    tt_ctx t;
    if (tt_init(&t))
        return;
    tvc_ir *ir = tt_build(&t,
                          "SSLStrictSNIVHostCheck on   # comment\n"
                          "SSLHonorCipherOrder off extra\n"
                          "SSLProxyEngine on # x\n"
                          "GnuTLSSessionTickets on words\n", NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ir);
    TT_INTEQ(ir->server.strict_sni, 1);
    TT_INTEQ(ir->server.ciphers.server_preference, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ir->server.proxy);
    TT_INTEQ(ir->server.proxy->enabled, 1);
    TT_INTEQ(ir->server.session_tickets, 1);
    TT_CHECK(tt_count_sev(&t.d, TVC_WARNING) == 0, "got:%s", tt_diags_text(t.a, &t.d));
    const tvc_diag *g = tt_diag_at(&t.d, "parse-error", "httpd.conf", 1, 29);
    TT_CHECK(g && g->severity == TVC_NOTE && strstr(g->message, "'#'"),
             "a note at the ignored '#' expected, got:%s", tt_diags_text(t.a, &t.d));
    tt_done(&t);
}

/* TAKE12: httpd passes an empty second word as none (invoke_cmd). */
static void test_take12_empty_second(void)
{
    tt_ctx t;
    if (tt_init(&t))
        return;
    tvc_ir *ir = tt_build(&t, "SSLCipherSuite HIGH \"\"\nTLSCertificate /c/a.pem ''\n", NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ir);
    TT_CHECK(tt_count_sev(&t.d, TVC_WARNING) == 0, "got:%s", tt_diags_text(t.a, &t.d));
    CU_ASSERT_PTR_NOT_NULL_FATAL(ir->server.ciphers.spec.v);
    TT_STREQ(ir->server.ciphers.spec.v, "HIGH");
    TT_INTEQ(ir->server.certs.n, 1);
    if (ir->server.certs.n == 1)
        CU_ASSERT_PTR_NULL(ir->server.certs.v[0].key);
    tt_done(&t);
}

/* ---- mod_gnutls ------------------------------------------------------- */

static const char gnutls_conf[] =
    "LoadModule gnutls_module /usr/lib/apache2/modules/mod_gnutls.so\n"
    "Listen 443\n"
    "GnuTLSCache shmcb /run/gnutls_cache\n"
    "<VirtualHost *:443>\n"
    "  ServerName g.test\n"
    "  GnuTLSEnable on\n"
    "  GnuTLSCertificateFile certs/g.pem\n"
    "  GnuTLSKeyFile /etc/ssl/private/g.key\n"
    "  GnuTLSPriorities NORMAL:-VERS-TLS1.0:-VERS-TLS1.1\n"
    "  GnuTLSClientVerify request\n"
    "  GnuTLSClientCAFile /etc/ssl/clients.pem\n"
    "  GnuTLSOCSPStapling on\n"
    "  GnuTLSOCSPResponseFile /var/ocsp/g.der\n"
    "  GnuTLSProxyEngine on\n"
    "  GnuTLSProxyCAFile /etc/ssl/backend-ca.pem\n"
    "</VirtualHost>\n";

static void test_gnutls(void)
{
    tt_ctx t;
    if (tt_init(&t))
        return;
    tvc_ir *ir = tt_build(&t, gnutls_conf, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ir);
    NO_PROBLEMS(t);
    const char *root = root_of(&t);
    const tvc_listener *l = listener_on(ir, 443);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    TT_INTEQ(l->engine, TVC_ENGINE_GNUTLS);
    TT_INTEQ(l->strict_sni, 0);
    TT_INTEQ(ir->n_vhosts, 1);
    const tvc_tls *s = ir->vhosts[0].tls;
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    TT_INTEQ(s->engine, TVC_ENGINE_GNUTLS);
    TT_INTEQ(s->enabled, 1);
    TT_INTEQ(s->certs.n, 1);
    if (s->certs.n == 1) {
        TT_STREQ(s->certs.v[0].cert, tvc_arena_printf(t.a, "%s/certs/g.pem", root));
        TT_STREQ(s->certs.v[0].key, "/etc/ssl/private/g.key");
        TT_LOC(&s->certs.v[0].cert_loc, "httpd.conf", 7, 3);
        TT_INTEQ(s->certs.v[0].chain.n, 0);
    }
    TT_STREQ(s->ciphers.spec.v, "NORMAL:-VERS-TLS1.0:-VERS-TLS1.1");
    TT_INTEQ(s->client.mode, TVC_VERIFY_OPTIONAL);
    TT_LOC(&s->client.mode_loc, "httpd.conf", 10, 3);
    TT_STREQ(s->client.ca_file.v, "/etc/ssl/clients.pem");
    TT_INTEQ(s->stapling.enabled, 1);
    TT_INTEQ(s->stapling.response_files.n, 1);
    if (s->stapling.response_files.n)
        TT_STREQ(s->stapling.response_files.v[0], "/var/ocsp/g.der");
    TT_STREQ(s->session_cache.v, "shmcb /run/gnutls_cache");
    CU_ASSERT_PTR_NOT_NULL_FATAL(s->proxy);
    TT_INTEQ(s->proxy->enabled, 1);
    TT_STREQ(s->proxy->ca_file.v, "/etc/ssl/backend-ca.pem");

    json_t *j = tvc_ir_to_json(ir);
    json_t *spec = json_object_get(json_object_get(json_array_get(json_object_get(j, "vhosts"), 0),
                                                   "tls"), "cipher_spec");
    TT_STREQ(json_string_value(json_object_get(spec, "dialect")), "gnutls");
    json_decref(j);
    tt_done(&t);
}

static void test_gnutls_verify_words(void)
{
    static const struct { const char *word; int mode; } w[] = {
        {"ignore", TVC_VERIFY_NONE}, {"none", TVC_VERIFY_NONE},
        {"request", TVC_VERIFY_OPTIONAL}, {"require", TVC_VERIFY_REQUIRE},
        {"optional_no_ca", TVC_UNSET},
    };
    for (size_t i = 0; i < sizeof w / sizeof *w; i++) {
        tt_ctx t;
        if (tt_init(&t))
            return;
        tvc_ir *ir = tt_build(&t, tvc_arena_printf(t.a, "GnuTLSClientVerify %s\n", w[i].word),
                              NULL);
        CU_ASSERT_PTR_NOT_NULL_FATAL(ir);
        TT_CHECK(ir->server.client.mode == w[i].mode, "GnuTLSClientVerify %s: %d, expected %d",
                 w[i].word, ir->server.client.mode, w[i].mode);
        if (w[i].mode == TVC_UNSET)
            CU_ASSERT_PTR_NOT_NULL(tt_diag_at(&t.d, "parse-error", "httpd.conf", 1, 1));
        tt_done(&t);
    }
}

/* ---- mod_tls ---------------------------------------------------------- */

static const char modtls_conf[] =
    "LoadModule tls_module modules/mod_tls.so\n"
    "Listen 443\n"
    "Listen 80\n"
    "TLSEngine 443\n"
    "<VirtualHost *:443>\n"
    "  ServerName t.test\n"
    "  TLSCertificate certs/t.pem certs/t.key\n"
    "  TLSCertificate /etc/ssl/t-ec.pem\n"
    "  TLSProtocol TLSv1.3+\n"
    "  TLSCiphersPrefer TLS13_AES_256_GCM_SHA384\n"
    "  TLSCiphersSuppress TLS13_CHACHA20_POLY1305_SHA256\n"
    "  TLSHonorClientOrder off\n"
    "</VirtualHost>\n"
    "<VirtualHost *:443>\n"
    "  ServerName u.test\n"
    "</VirtualHost>\n"
    "<VirtualHost *:80>\n"
    "  ServerName plain.test\n"
    "</VirtualHost>\n";

static void test_modtls(void)
{
    tt_ctx t;
    if (tt_init(&t))
        return;
    tvc_ir *ir = tt_build(&t, modtls_conf, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ir);
    NO_PROBLEMS(t);
    const char *root = root_of(&t);
    TT_INTEQ(ir->tls_engine_ports.n, 1);
    const tvc_listener *l = listener_on(ir, 443);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    TT_INTEQ(l->engine, TVC_ENGINE_MODTLS);
    TT_INTEQ(l->tls_engine_decl, 1);
    TT_INTEQ(l->strict_sni, 1); /* TLSStrictSNI defaults to on */
    l = listener_on(ir, 80);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    TT_INTEQ(l->engine, TVC_ENGINE_NONE);

    const tvc_vhost *v = tt_vhost_named(ir, "t.test");
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    const tvc_tls *s = v->tls;
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    TT_INTEQ(s->engine, TVC_ENGINE_MODTLS);
    TT_INTEQ(s->enabled, 1);
    TT_INTEQ(s->certs.n, 2);
    if (s->certs.n == 2) {
        TT_STREQ(s->certs.v[0].cert, tvc_arena_printf(t.a, "%s/certs/t.pem", root));
        TT_STREQ(s->certs.v[0].key, tvc_arena_printf(t.a, "%s/certs/t.key", root));
        TT_LOC(&s->certs.v[0].key_loc, "httpd.conf", 7, 30);
        TT_STREQ(s->certs.v[1].cert, "/etc/ssl/t-ec.pem");
        CU_ASSERT_PTR_NULL(s->certs.v[1].key);
    }
    TT_INTEQ(s->protocols.min, TVC_TLS13);
    TT_INTEQ(s->protocols.max, TVC_UNSET);
    TT_STREQ(s->ciphers.prefer.v, "TLS13_AES_256_GCM_SHA384");
    TT_STREQ(s->ciphers.suppress.v, "TLS13_CHACHA20_POLY1305_SHA256");
    TT_INTEQ(s->ciphers.server_preference, 1);

    /* TLSEngine makes every vhost on the port TLS */
    v = tt_vhost_named(ir, "u.test");
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    CU_ASSERT_PTR_NOT_NULL_FATAL(v->tls);
    TT_INTEQ(v->tls->engine, TVC_ENGINE_MODTLS);
    TT_INTEQ(v->tls->enabled, 1);
    v = tt_vhost_named(ir, "plain.test");
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    CU_ASSERT_PTR_NULL(v->tls);

    json_t *j = tvc_ir_to_json(ir);
    json_t *spec = json_object_get(json_object_get(json_array_get(json_object_get(j, "vhosts"), 0),
                                                   "tls"), "cipher_spec");
    TT_STREQ(json_string_value(json_object_get(spec, "dialect")), "rustls");
    json_decref(j);
    tt_done(&t);
}

static void test_modtls_options(void)
{
    tt_ctx t;
    if (tt_init(&t))
        return;
    /* TLSStrictSNI off; TLSEngine on an address; a port nobody listens on */
    tvc_ir *ir = tt_build(&t,
        "Listen 192.0.2.1:443\nTLSEngine 192.0.2.1:443\nTLSStrictSNI off\n"
        "TLSHonorClientOrder on\n  TLSEngine 8443\n"
        "<VirtualHost 192.0.2.1:443>\nServerName t.test\n</VirtualHost>\n",
        NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ir);
    const tvc_listener *l = listener_on(ir, 443);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    TT_INTEQ(l->engine, TVC_ENGINE_MODTLS);
    TT_INTEQ(l->strict_sni, 0);
    TT_INTEQ(ir->server.ciphers.server_preference, 0);
    const tvc_vhost *v = tt_vhost_named(ir, "t.test");
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    CU_ASSERT_PTR_NOT_NULL(v->tls);
    TT_CHECK(tt_diag_at(&t.d, "listen-missing", "httpd.conf", 5, 3) != NULL &&
                 tt_count_sev(&t.d, TVC_WARNING) == 1,
             "expected only listen-missing at 5:3, got:%s", tt_diags_text(t.a, &t.d));
    tt_done(&t);
}

/* ---- inheritance ------------------------------------------------------ */

static void test_inheritance(void)
{
    tt_ctx t;
    if (tt_init(&t))
        return;
    tvc_ir *ir = tt_build(&t,
        "SSLProtocol -all +TLSv1.2 +TLSv1.3\n"
        "SSLCipherSuite ECDHE+AESGCM\n"
        "SSLHonorCipherOrder off\n"
        "SSLCertificateFile /etc/ssl/server.pem\n"
        "SSLCertificateKeyFile /etc/ssl/server.key\n"
        "SSLUseStapling on\n"
        "SSLProxyEngine on\n"
        "Listen 443\n"
        "<VirtualHost *:443>\n"
        "  ServerName inherits.test\n"
        "  SSLEngine on\n"
        "</VirtualHost>\n"
        "<VirtualHost *:443>\n"
        "  ServerName own.test\n"
        "  SSLEngine on\n"
        "  SSLProtocol TLSv1.3\n"
        "  SSLHonorCipherOrder on\n"
        "  SSLCertificateFile /etc/ssl/own.pem\n"
        "  SSLUseStapling off\n"
        "  SSLProxyVerify require\n"
        "</VirtualHost>\n",
        NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ir);
    NO_PROBLEMS(t);
    /* the server's own settings */
    TT_INTEQ(ir->server.protocols.min, TVC_TLS12);
    TT_INTEQ(ir->server.enabled, TVC_UNSET);

    const tvc_vhost *v = tt_vhost_named(ir, "inherits.test");
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    CU_ASSERT_PTR_NOT_NULL_FATAL(v->tls);
    TT_INTEQ(v->tls->protocols.min, TVC_TLS12);
    TT_INTEQ(v->tls->protocols.max, TVC_UNSET);
    TT_LOC(&v->tls->protocols.text.loc, "httpd.conf", 1, 1);
    TT_STREQ(v->tls->ciphers.spec.v, "ECDHE+AESGCM");
    TT_INTEQ(v->tls->ciphers.server_preference, 0);
    TT_INTEQ(v->tls->stapling.enabled, 1);
    TT_INTEQ(v->tls->certs.n, 1);
    if (v->tls->certs.n)
        TT_STREQ(v->tls->certs.v[0].cert, "/etc/ssl/server.pem");
    CU_ASSERT_PTR_NOT_NULL_FATAL(v->tls->proxy);
    TT_INTEQ(v->tls->proxy->enabled, 1);

    v = tt_vhost_named(ir, "own.test");
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    CU_ASSERT_PTR_NOT_NULL_FATAL(v->tls);
    TT_INTEQ(v->tls->protocols.min, TVC_TLS13);
    TT_LOC(&v->tls->protocols.text.loc, "httpd.conf", 16, 3);
    TT_STREQ(v->tls->ciphers.spec.v, "ECDHE+AESGCM");
    TT_INTEQ(v->tls->ciphers.server_preference, 1);
    TT_INTEQ(v->tls->stapling.enabled, 0);
    /* mod_ssl appends the vhost's certificates to the server's */
    TT_INTEQ(v->tls->certs.n, 2);
    if (v->tls->certs.n == 2) {
        TT_STREQ(v->tls->certs.v[0].cert, "/etc/ssl/server.pem");
        TT_STREQ(v->tls->certs.v[1].cert, "/etc/ssl/own.pem");
    }
    CU_ASSERT_PTR_NOT_NULL_FATAL(v->tls->proxy);
    TT_INTEQ(v->tls->proxy->enabled, 1);
    TT_INTEQ(v->tls->proxy->verify, TVC_VERIFY_REQUIRE);
    /* the server's proxy settings are not changed by the vhost's */
    CU_ASSERT_PTR_NOT_NULL_FATAL(ir->server.proxy);
    TT_INTEQ(ir->server.proxy->verify, TVC_UNSET);
    tt_done(&t);
}

/* httpd merges the server config into the vhosts after reading all of
 * it: a server-level directive after the <VirtualHost> applies too. */
static void test_inherit_late(void)
{
    tt_ctx t;
    if (tt_init(&t))
        return;
    tvc_ir *ir = tt_build(&t,
        "Listen 443\n<VirtualHost *:443>\nServerName a.test\nSSLEngine on\n</VirtualHost>\n"
        "<VirtualHost *:443>\nServerName b.test\nSSLEngine on\nSSLProtocol TLSv1.3\n"
        "</VirtualHost>\n"
        "SSLProtocol TLSv1.2 +TLSv1.3\nSSLCipherSuite HIGH\nSSLStrictSNIVHostCheck on\n",
        NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ir);
    NO_PROBLEMS(t);
    const tvc_vhost *v = tt_vhost_named(ir, "a.test");
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    CU_ASSERT_PTR_NOT_NULL_FATAL(v->tls);
    TT_INTEQ(v->tls->protocols.min, TVC_TLS12);
    TT_LOC(&v->tls->protocols.text.loc, "httpd.conf", 11, 1);
    TT_STREQ(v->tls->ciphers.spec.v, "HIGH");
    TT_INTEQ(v->tls->strict_sni, 1);
    v = tt_vhost_named(ir, "b.test");
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    CU_ASSERT_PTR_NOT_NULL_FATAL(v->tls);
    TT_INTEQ(v->tls->protocols.min, TVC_TLS13);
    TT_STREQ(v->tls->ciphers.spec.v, "HIGH");
    const tvc_listener *l = listener_on(ir, 443);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    TT_INTEQ(l->strict_sni, 1);
    tt_done(&t);
}

/* Server-level SSLEngine on makes every vhost TLS (inherited). */
static void test_inherit_engine(void)
{
    tt_ctx t;
    if (tt_init(&t))
        return;
    tvc_ir *ir = tt_build(&t,
        "Listen 443\nSSLEngine on\nSSLCertificateChainFile /etc/ssl/chain.pem\n"
        "<VirtualHost *:443>\nServerName a.test\nSSLCertificateFile /etc/ssl/a.pem\n"
        "</VirtualHost>\n",
        NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ir);
    NO_PROBLEMS(t);
    const tvc_vhost *v = tt_vhost_named(ir, "a.test");
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    CU_ASSERT_PTR_NOT_NULL_FATAL(v->tls);
    TT_INTEQ(v->tls->engine, TVC_ENGINE_MODSSL);
    TT_INTEQ(v->tls->enabled, 1);
    TT_LOC(&v->tls->enabled_loc, "httpd.conf", 2, 1);
    TT_INTEQ(v->tls->certs.n, 1);
    if (v->tls->certs.n == 1) {
        TT_INTEQ(v->tls->certs.v[0].chain.n, 1);
        if (v->tls->certs.v[0].chain.n)
            TT_STREQ(v->tls->certs.v[0].chain.v[0], "/etc/ssl/chain.pem");
    }
    tt_done(&t);
}

/* Settings that reach a vhost through Include, Use and a true <IfModule>
 * apply to that vhost; a false one does not. */
static void test_vhost_indirect(void)
{
    tt_ctx t;
    if (tt_init(&t))
        return;
    static const tt_file files[] = {
        {"tls.conf", "SSLProtocol TLSv1.3\nSSLCertificateFile /c/inc.pem\n"},
        {NULL, NULL},
    };
    tvc_ir *ir = tt_build(&t,
        "LoadModule ssl_module modules/mod_ssl.so\nListen 443\n"
        "<Macro Ciphers $c>\nSSLCipherSuite $c\n</Macro>\n"
        "<VirtualHost *:443>\nServerName a.test\nSSLEngine on\nInclude tls.conf\n"
        "Use Ciphers HIGH\n<IfModule ssl_module>\nSSLHonorCipherOrder on\n</IfModule>\n"
        "<IfModule !ssl_module>\nSSLUseStapling on\n</IfModule>\n</VirtualHost>\n",
        files);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ir);
    NO_PROBLEMS(t);
    const tvc_vhost *v = tt_vhost_named(ir, "a.test");
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    CU_ASSERT_PTR_NOT_NULL_FATAL(v->tls);
    TT_INTEQ(v->tls->protocols.min, TVC_TLS13);
    TT_LOC(&v->tls->protocols.text.loc, "tls.conf", 1, 1);
    TT_INTEQ(v->tls->certs.n, 1);
    TT_STREQ(v->tls->ciphers.spec.v, "HIGH");
    CU_ASSERT_PTR_NOT_NULL(v->tls->ciphers.spec.loc.origin);
    if (v->tls->ciphers.spec.loc.origin)
        TT_INTEQ(v->tls->ciphers.spec.loc.origin->kind, TVC_ORIGIN_MACRO);
    TT_INTEQ(v->tls->ciphers.server_preference, 1);
    TT_INTEQ(v->tls->stapling.enabled, TVC_UNSET);
    /* nothing leaked to the server level */
    TT_INTEQ(ir->server.protocols.min, TVC_UNSET);
    CU_ASSERT_PTR_NULL(ir->server.ciphers.spec.v);
    tt_done(&t);
}

/* Directive and section names are case-insensitive in the IR too. */
static void test_case_insensitive(void)
{
    tt_ctx t;
    if (tt_init(&t))
        return;
    tvc_ir *ir = tt_build(&t,
        "listen 443\n<virtualhost *:443>\nservername a.test\nSERVERALIAS b.test\n"
        "sslengine ON\nsslprotocol -ALL +tlsv1.3\nSSLCERTIFICATEFILE /c.pem\n</VIRTUALHOST>\n",
        NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ir);
    NO_PROBLEMS(t);
    TT_INTEQ(ir->n_listeners, 1);
    const tvc_vhost *v = tt_vhost_named(ir, "a.test");
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    TT_INTEQ(v->aliases.n, 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(v->tls);
    TT_INTEQ(v->tls->enabled, 1);
    TT_INTEQ(v->tls->protocols.min, TVC_TLS13);
    TT_INTEQ(v->tls->certs.n, 1);
    tt_done(&t);
}

/* Non-TLS content is kept verbatim, each line once: a nested section is
 * inside its outer section's text, not a second entry. */
static void test_other_verbatim(void)
{
    tt_ctx t;
    if (tt_init(&t))
        return;
    tvc_ir *ir = tt_build(&t,
        "ServerName a\n<Directory /a>\n<Files x>\nRequire all denied\n</Files>\n</Directory>\n"
        "<MDomain a.test>\n  MDMember b.test\n</MDomain>\n"
        "<VirtualHost *:80>\n<Location /l>\n<If \"true\">\n</If>\n</Location>\n"
        "DocumentRoot /x\n</VirtualHost>\n",
        NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ir);
    NO_PROBLEMS(t);
    static const char *const server[] = {
        "ServerName a",
        "<Directory /a>\n<Files x>\nRequire all denied\n</Files>\n</Directory>",
        "<MDomain a.test>\n  MDMember b.test\n</MDomain>",
    };
    TT_INTEQ(ir->n_other, 3);
    for (size_t i = 0; i < 3 && i < ir->n_other; i++)
        TT_STREQ(ir->other[i], server[i]);
    TT_INTEQ(ir->n_vhosts, 1);
    if (ir->n_vhosts == 1) {
        const tvc_vhost *v = &ir->vhosts[0];
        TT_INTEQ(v->n_other, 2);
        if (v->n_other == 2) {
            TT_STREQ(v->other[0], "<Location /l>\n<If \"true\">\n</If>\n</Location>");
            TT_STREQ(v->other[1], "DocumentRoot /x");
        }
    }
    tt_done(&t);
}

/* ---- paths ------------------------------------------------------------ */

static void test_relative_paths(void)
{
    tt_ctx t;
    if (tt_init(&t))
        return;
    tvc_ir *ir = tt_build(&t,
        "ServerRoot /etc/apache2\n"
        "SSLCertificateFile ssl/a.pem\n"
        "SSLCertificateKeyFile \"ssl/my key.pem\"\n"
        "SSLCACertificateFile /abs/ca.pem\n"
        "SSLCARevocationFile crl/x.crl\n"
        "SSLCertificateChainFile chain.pem\n"
        "TLSCertificate pkcs11:token=x;object=y\n",
        NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ir);
    NO_PROBLEMS(t);
    TT_STREQ(ir->server_root, "/etc/apache2");
    TT_INTEQ(ir->server.certs.n, 2);
    if (ir->server.certs.n == 2) {
        TT_STREQ(ir->server.certs.v[0].cert, "/etc/apache2/ssl/a.pem");
        TT_STREQ(ir->server.certs.v[0].key, "/etc/apache2/ssl/my key.pem");
        TT_STREQ(ir->server.certs.v[1].cert, "pkcs11:token=x;object=y");
    }
    TT_STREQ(ir->server.client.ca_file.v, "/abs/ca.pem");
    TT_STREQ(ir->server.client.crl_file.v, "/etc/apache2/crl/x.crl");
    TT_STREQ(ir->server.chain_file.v, "/etc/apache2/chain.pem");
    /* As written, for the emitters: relative stays relative, absolute
     * (and what no setter made, such as a copy) stays absolute. */
    if (ir->server.certs.n == 2) {
        TT_STREQ(tvc_ir_path_as_written(ir, ir->server.certs.v[0].cert), "ssl/a.pem");
        TT_STREQ(tvc_ir_path_as_written(ir, ir->server.certs.v[0].key), "ssl/my key.pem");
        TT_STREQ(tvc_ir_path_as_written(ir, ir->server.certs.v[1].cert),
                 "pkcs11:token=x;object=y");
    }
    TT_STREQ(tvc_ir_path_as_written(ir, ir->server.client.ca_file.v), "/abs/ca.pem");
    TT_STREQ(tvc_ir_path_as_written(ir, ir->server.chain_file.v), "chain.pem");
    TT_STREQ(tvc_ir_path_as_written(ir, tvc_arena_strdup(t.a, ir->server.chain_file.v)),
             "/etc/apache2/chain.pem");
    tt_done(&t);

    /* Enough paths to grow the table several times; each keeps its own. */
    if (tt_init(&t))
        return;
    char *conf = tvc_arena_strdup(t.a, "ServerRoot /srv\nListen 443\n");
    for (int i = 0; i < 300; i++)
        conf = tvc_arena_printf(t.a, "%s<VirtualHost *:443>\nServerName v%d.test\n"
                                "SSLEngine on\nSSLCertificateFile c/%d.pem\n"
                                "SSLCertificateKeyFile /k/%d.key\n</VirtualHost>\n",
                                conf, i, i, i);
    ir = tt_build(&t, conf, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ir);
    int bad = 0;
    for (size_t i = 0; i < ir->n_vhosts; i++) {
        const tvc_tls *x = ir->vhosts[i].tls;
        if (!x || x->certs.n != 1) {
            bad++;
            continue;
        }
        char want[64];
        snprintf(want, sizeof want, "c/%zu.pem", i);
        bad += strcmp(tvc_ir_path_as_written(ir, x->certs.v[0].cert), want) != 0;
        bad += strcmp(tvc_ir_path_as_written(ir, x->certs.v[0].key), x->certs.v[0].key) != 0;
    }
    TT_INTEQ(ir->n_vhosts, 300);
    TT_INTEQ(bad, 0);
    tt_done(&t);
}

/* ---- vhost addresses and names ---------------------------------------- */

static void test_vhost_addresses(void)
{
    tt_ctx t;
    if (tt_init(&t))
        return;
    tvc_ir *ir = tt_build(&t,
        "ServerName main.test\n"
        "<VirtualHost 192.0.2.1:443 [2001:db8::1]:8443 _default_:443 *>\n"
        "  ServerName https://a.test:443\n"
        "</VirtualHost>\n"
        "<VirtualHost [2001:db8::2]>\n"
        "  ServerName [2001:db8::2]:80\n"
        "</VirtualHost>\n"
        "<VirtualHost a.test:99999>\n"
        "</VirtualHost>\n",
        NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ir);
    TT_STREQ(ir->server_name, "main.test");
    TT_INTEQ(ir->n_vhosts, 3);
    if (ir->n_vhosts != 3) {
        tt_done(&t);
        return;
    }
    const tvc_vhost *v = &ir->vhosts[0];
    TT_STREQ(v->server_name, "a.test");
    TT_INTEQ(v->n_addrs, 4);
    if (v->n_addrs == 4) {
        TT_STREQ(v->addrs[0].addr, "192.0.2.1");
        TT_INTEQ(v->addrs[0].port, 443);
        TT_STREQ(v->addrs[1].addr, "[2001:db8::1]");
        TT_INTEQ(v->addrs[1].port, 8443);
        TT_STREQ(v->addrs[2].addr, "_default_");
        TT_INTEQ(v->addrs[2].port, 443);
        TT_STREQ(v->addrs[3].addr, "*");
        TT_INTEQ(v->addrs[3].port, 0);
    }
    v = &ir->vhosts[1];
    TT_STREQ(v->server_name, "[2001:db8::2]");
    TT_INTEQ(v->n_addrs, 1);
    if (v->n_addrs)
        TT_STREQ(v->addrs[0].addr, "[2001:db8::2]");
    /* a bad port is reported at the argument */
    TT_INTEQ(ir->vhosts[2].n_addrs, 0);
    TT_CHECK(tt_diag_at(&t.d, "parse-error", "httpd.conf", 8, 14) != NULL,
             "parse-error at 8:14 expected, got:%s", tt_diags_text(t.a, &t.d));
    tt_done(&t);
}

/* ---- errors at the directive ------------------------------------------ */

typedef struct ecase {
    const char *conf;
    const char *id;
    tvc_severity sev;
    unsigned line, col;
    const char *msg; /* a part of the message, or NULL */
} ecase;

static const ecase errors[] = {
    /* bad context */
    {"<VirtualHost *:443>\nServerName a\n  TLSEngine 443\n</VirtualHost>\n",
     "bad-context", TVC_ERROR, 3, 3, "TLSEngine"},
    {"<VirtualHost *:443>\n  GnuTLSCache shmcb /run/x\n</VirtualHost>\n",
     "bad-context", TVC_ERROR, 2, 3, "server config"},
    {"Listen 443\n<VirtualHost *:443>\nSSLEngine on\n    SSLSessionCache none\n</VirtualHost>\n",
     "bad-context", TVC_ERROR, 4, 5, "SSLSessionCache"},
    {"<VirtualHost *:443>\n<Directory /srv>\n SSLCertificateFile /a.pem\n</Directory>\n"
     "</VirtualHost>\n",
     "bad-context", TVC_ERROR, 3, 2, "directory"},
    {"<VirtualHost *:443>\n<VirtualHost *:80>\n</VirtualHost>\n</VirtualHost>\n",
     "bad-context", TVC_ERROR, 2, 1, NULL},
    {"TLSStrictSNI on\n<VirtualHost *:443>\nTLSStrictSNI off\n</VirtualHost>\n",
     "bad-context", TVC_ERROR, 3, 1, NULL},
    /* unknown directives */
    {"<VirtualHost *:443>\n  SSLCertificatFile /a.pem\n</VirtualHost>\n",
     "unknown-directive", TVC_ERROR, 2, 3, "did you mean 'SSLCertificateFile'"},
    {"GnuTLSEnabel on\n", "unknown-directive", TVC_ERROR, 1, 1, "GnuTLSEnable"},
    {"ServerName a\nSSLFrobnicateEverything on\n", "unknown-directive", TVC_ERROR, 2, 1,
     "no TLS module"},
    {"ServerName a\n FooBarBazQux on\n", "unknown-directive", TVC_NOTE, 2, 2,
     "no standard httpd 2.4 module"},
    {"DocumentRot /srv\n", "unknown-directive", TVC_NOTE, 1, 1, "DocumentRoot"},
    {"<FooSection x>\n</FooSection>\n", "unknown-directive", TVC_NOTE, 1, 1, "FooSection"},
    /* modules */
    {"LoadModule mime_module modules/mod_mime.so\n<VirtualHost *:443>\n  SSLEngine on\n"
     "</VirtualHost>\n",
     "module-not-loaded", TVC_ERROR, 3, 3, "ssl_module"},
    {"LoadModule ssl_module modules/mod_ssl.so\nTLSEngine 443\n",
     "module-not-loaded", TVC_ERROR, 2, 1, "tls_module"},
    {"LoadModule ssl_module modules/mod_ssl.so\nRewriteEngine on\n",
     "module-not-loaded", TVC_ERROR, 2, 1, "rewrite_module"},
    /* arity and values */
    {"ServerName a\nSSLEngine\n", "parse-error", TVC_ERROR, 2, 1, "1 argument"},
    {"SSLEngine maybe\n", "parse-error", TVC_ERROR, 1, 1, "maybe"},
    {"SSLCipherSuite RSA HIGH\n", "parse-error", TVC_ERROR, 1, 1, "RSA"},
    {"SSLVerifyClient sometimes\n", "parse-error", TVC_ERROR, 1, 1, "sometimes"},
    /* invoke_cmd: TAKE1 refuses extra and empty words, FLAG an empty or
     * missing first word */
    {"SSLEngine on extra\n", "parse-error", TVC_ERROR, 1, 1, "1 argument"},
    {"SSLCipherSuite \"\"\n", "parse-error", TVC_ERROR, 1, 16, "empty"},
    {"SSLStrictSNIVHostCheck \"\" on\n", "parse-error", TVC_ERROR, 1, 1, "On or Off"},
    {"SSLUseStapling\n", "parse-error", TVC_ERROR, 1, 1, "On or Off"},
    {"SSLStaplingFakeTryLater maybe\n", "parse-error", TVC_ERROR, 1, 1, "'maybe'"},
    {"SSLLogLevel debug\n", "parse-error", TVC_ERROR, 1, 1, "no longer supported"},
    {"TLSClientCA /x.pem\n", "parse-error", TVC_ERROR, 1, 1, NULL},
    {"Listen 443\nListen 443\n", "duplicate-directive", TVC_WARNING, 2, 1, NULL},
    {"SSLCipherSuite HIGH\nSSLCipherSuite MEDIUM\n", "duplicate-directive", TVC_WARNING, 2, 1,
     "line 1"},
    {"Listen nope\n", "parse-error", TVC_ERROR, 1, 1, NULL},
    /* one IR field, two modules: only the second SSLSessionCache repeats */
    {"SSLSessionCache none\nGnuTLSCache none\nSSLSessionCache shmcb:/c(512000)\n",
     "duplicate-directive", TVC_WARNING, 3, 1, "line 1"},
};

static void test_errors(void)
{
    for (size_t i = 0; i < sizeof errors / sizeof *errors; i++) {
        const ecase *c = &errors[i];
        tt_ctx t;
        if (tt_init(&t))
            return;
        tvc_ir *ir = tt_build(&t, c->conf, NULL);
        CU_ASSERT_PTR_NOT_NULL_FATAL(ir);
        const tvc_diag *g = tt_diag_at(&t.d, c->id, "httpd.conf", c->line, c->col);
        TT_CHECK(g != NULL, "case %zu: expected [%s] at %u:%u, got:%s", i, c->id, c->line,
                 c->col, tt_diags_text(t.a, &t.d));
        if (g) {
            TT_CHECK(g->severity == c->sev, "case %zu: [%s] is a %s", i, c->id,
                     tvc_severity_name(g->severity));
            TT_CHECK(!c->msg || strstr(g->message, c->msg), "case %zu: message '%s' lacks '%s'",
                     i, g->message, c->msg);
        }
        /* exactly one finding at or above this severity */
        TT_CHECK(tt_count_sev(&t.d, c->sev) == 1, "case %zu: expected one finding, got:%s", i,
                 tt_diags_text(t.a, &t.d));
        tt_done(&t);
    }
}

/* Without LoadModule lines (a fragment) nothing is demanded; allowed
 * contexts are accepted. */
static void test_no_false_errors(void)
{
    tt_ctx t;
    if (tt_init(&t))
        return;
    tvc_ir *ir = tt_build(&t,
        "TLSEngine 443\nListen 443\nSSLSessionCache none\nGnuTLSOCSPCache shmcb:/o(65536)\n"
        "GnuTLSCache shmcb:/c(512000)\nTLSSessionCache shmcb:/t(512000)\n"
        "RewriteEngine on\n"
        "<VirtualHost *:443>\n  ServerName a\n  SSLVerifyClient none\n"
        "  <Location /x>\n    SSLRequireSSL\n    SSLVerifyClient require\n  </Location>\n"
        "  <Proxy *>\n    SSLProxyEngine on\n  </Proxy>\n"
        "</VirtualHost>\n",
        NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ir);
    TT_CHECK(tt_count_sev(&t.d, TVC_NOTE) == 0, "unexpected findings:%s",
             tt_diags_text(t.a, &t.d));
    tt_done(&t);
}

/* ---- JSON round trip -------------------------------------------------- */

static const char *const roundtrip_confs[] = {
    modssl_conf,
    gnutls_conf,
    modtls_conf,
    /* server-level settings, inheritance, SSLEngine optional, gaps */
    "ServerName main.test\nSSLProtocol TLSv1 +TLSv1.2\nSSLCipherSuite HIGH\n"
    "SSLOpenSSLConfCmd Curves P-256\nSSLOpenSSLConfCmd SignatureAlgorithms RSA+SHA256\n"
    "SSLProxyEngine on\nSSLProxyCheckPeerName on\nSSLProxyMachineCertificateFile /m.pem\n"
    "Listen [2001:db8::1]:443 https\nListen 8443\n"
    "<VirtualHost [2001:db8::1]:443 *:8443>\nServerName b.test\nServerAlias *.b.test\n"
    "SSLEngine optional\nSSLProxyVerify optional_no_ca\nSSLCompression off\n"
    "SSLInsecureRenegotiation off\nSSLSessionCacheTimeout 600\nSSLStaplingForceURL http://o\n"
    "</VirtualHost>\n<VirtualHost *:80>\nServerName plain\nDocumentRoot /x\n</VirtualHost>\n",
    /* mod_gnutls at server level (GnuTLSPIN is left out: the JSON only
     * says whether one is set, and reading it back loses that) */
    "GnuTLSEnable on\nGnuTLSCertificateFile pkcs11:object=c\n"
    "GnuTLSKeyFile pkcs11:object=k\nGnuTLSDHFile dh.pem\nGnuTLSSessionTickets on\n",
    /* through includes and a macro: locations with their chains */
    "Include inc.conf\n<Macro M $n>\n<VirtualHost *:443>\nServerName $n\nSSLEngine on\n"
    "SSLCertificateFile /c/$n.pem\n</VirtualHost>\n</Macro>\nUse M x.test\n",
    /* nothing at all */
    "",
};

/* core's Protocols: lines add up (AP_INIT_ITERATE), a vhost's own list
 * replaces the server's, no list leaves the field unset; not allowed in
 * <Directory>; JSON carries it as an array. */
static void test_protocols_alpn(void)
{
    tt_ctx t;
    if (tt_init(&t))
        return;
    tvc_ir *ir = tt_build(&t,
        "LoadModule ssl_module modules/mod_ssl.so\nListen 443\nProtocols http/1.1\n"
        "<VirtualHost *:443>\nServerName a.test\nSSLEngine on\nProtocols h2\n"
        "Protocols http/1.1\n</VirtualHost>\n"
        "<VirtualHost *:443>\nServerName b.test\nSSLEngine on\n</VirtualHost>\n"
        "<Directory /x>\nProtocols h2\n</Directory>\n", NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ir);
    TT_STREQ(ir->server.alpn.v, "http/1.1");
    TT_INTEQ(ir->n_vhosts, 2);
    if (ir->n_vhosts == 2 && ir->vhosts[0].tls && ir->vhosts[1].tls) {
        TT_STREQ(ir->vhosts[0].tls->alpn.v, "h2 http/1.1");
        TT_LOC(&ir->vhosts[0].tls->alpn.loc, "httpd.conf", 7, 1);
        TT_CHECK(tvc_tls_written(ir->vhosts[0].tls, offsetof(tvc_tls, alpn), 0) != NULL,
                 "a.test's own Protocols is not recorded as its own");
        TT_STREQ(ir->vhosts[1].tls->alpn.v, "http/1.1"); /* the server's */
        json_t *j = tvc_ir_to_json(ir);
        json_t *v0 = json_object_get(json_object_get(json_array_get(
            json_object_get(j, "vhosts"), 0), "tls"), "alpn");
        TT_INTEQ(json_array_size(v0), 2);
        TT_STREQ(json_string_value(json_array_get(v0, 0)), "h2");
        tvc_ir *back = tvc_ir_from_json(t.a, &t.d, j, "ir.json");
        TT_STREQ(back && back->n_vhosts == 2 && back->vhosts[0].tls
                     ? back->vhosts[0].tls->alpn.v : NULL, "h2 http/1.1");
        json_decref(j);
    }
    TT_INTEQ(tt_count(&t.d, "bad-context"), 1);
    tt_done(&t);

    if (tt_init(&t))
        return;
    ir = tt_build(&t, "LoadModule ssl_module modules/mod_ssl.so\nListen 443\n"
                      "<VirtualHost *:443>\nServerName a.test\nSSLEngine on\n</VirtualHost>\n",
                  NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ir);
    TT_STREQ(ir->n_vhosts && ir->vhosts[0].tls ? ir->vhosts[0].tls->alpn.v : "x", NULL);
    tt_done(&t);
}

static void test_json_roundtrip(void)
{
    for (size_t i = 0; i < sizeof roundtrip_confs / sizeof *roundtrip_confs; i++) {
        tt_ctx t;
        if (tt_init(&t))
            return;
        static const tt_file files[] = {
            {"inc.conf", "Listen 443\n<VirtualHost *:443>\nServerName inc.test\nSSLEngine on\n"
                         "SSLCertificateFile /c/inc.pem\n</VirtualHost>\n"},
            {NULL, NULL},
        };
        tvc_ir *ir = tt_build(&t, roundtrip_confs[i], files);
        CU_ASSERT_PTR_NOT_NULL_FATAL(ir);
        json_t *j1 = tvc_ir_to_json(ir);
        CU_ASSERT_PTR_NOT_NULL_FATAL(j1);
        TT_INTEQ(json_integer_value(json_object_get(j1, "ir_version")), TVC_IR_VERSION);
        char *text = json_dumps(j1, JSON_SORT_KEYS | JSON_COMPACT);
        CU_ASSERT_PTR_NOT_NULL_FATAL(text);
        json_error_t err;
        json_t *parsed = json_loads(text, 0, &err);
        TT_CHECK(parsed != NULL, "case %zu: json_loads: %s", i, err.text);
        tvc_ir *back = parsed ? tvc_ir_from_json(t.a, &t.d, parsed, "ir.json") : NULL;
        TT_CHECK(back != NULL, "case %zu: tvc_ir_from_json failed:%s", i,
                 tt_diags_text(t.a, &t.d));
        if (back) {
            json_t *j2 = tvc_ir_to_json(back);
            int eq = json_equal(j1, j2);
            if (!eq) {
                char *a = json_dumps(j1, JSON_SORT_KEYS | JSON_INDENT(1));
                char *b = json_dumps(j2, JSON_SORT_KEYS | JSON_INDENT(1));
                /* show the first difference */
                size_t k = 0;
                while (a[k] && a[k] == b[k])
                    k++;
                size_t from = k > 200 ? k - 200 : 0;
                TT_CHECK(0, "case %zu: JSON differs after a round trip at byte %zu:\n"
                            "--- first:\n%.400s\n--- second:\n%.400s", i, k, a + from, b + from);
                free(a);
                free(b);
            } else {
                CU_PASS("round trip");
            }
            json_decref(j2);
        }
        json_decref(parsed);
        free(text);
        json_decref(j1);
        tt_done(&t);
    }
}

/* JSON that is not IR is refused with a diagnostic. */
static void test_json_rejects(void)
{
    static const char *const bad[] = {
        "[]",
        "{\"vhosts\":[]}",
        "{\"ir_version\":99}",
        "{\"ir_version\":1,\"main_file\":5}",
        "{\"ir_version\":1,\"vhosts\":[{\"addrs\":[{\"addr\":3,\"port\":1}]}]}",
        "{\"ir_version\":1,\"vhosts\":7,\"listeners\":\"x\"}",
        "{\"ir_version\":1,\"vhosts\":[3]}",
        "{\"ir_version\":1,\"vhosts\":[{\"addrs\":{},\"tls\":[]}]}",
        "{\"ir_version\":1,\"server\":[]}",
        "{\"ir_version\":1,\"modules\":{}}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        tt_ctx t;
        if (tt_init(&t))
            return;
        json_t *j = json_loads(bad[i], 0, NULL);
        CU_ASSERT_PTR_NOT_NULL_FATAL(j);
        tvc_ir *ir = tvc_ir_from_json(t.a, &t.d, j, "bad.json");
        TT_CHECK(ir == NULL, "'%s' accepted", bad[i]);
        const tvc_diag *g = tt_diag(&t.d, "parse-error");
        TT_CHECK(g && tt_loc_is(&g->loc, "bad.json", 1, 1), "'%s': got:%s", bad[i],
                 tt_diags_text(t.a, &t.d));
        json_decref(j);
        tt_done(&t);
    }
}

/* The secret PIN never reaches the JSON. */
static void test_json_no_secret(void)
{
    tt_ctx t;
    if (tt_init(&t))
        return;
    tvc_ir *ir = tt_build(&t, "GnuTLSPIN super-secret-1234\n", NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ir);
    json_t *j = tvc_ir_to_json(ir);
    char *text = json_dumps(j, 0);
    TT_CHECK(strstr(text, "super-secret-1234") == NULL, "PIN in JSON: %s", text);
    CU_ASSERT_TRUE(json_is_true(json_object_get(json_object_get(j, "server"), "pin_configured")));
    free(text);
    json_decref(j);
    tt_done(&t);
}

/* tvc_sni_map_route: httpd's matches_aliases, first match in config
 * order, ServerName exact (a port after it ignored), aliases as globs,
 * else the set's first vhost. */
static const char route_conf[] =
    "Listen 443\n"
    "<VirtualHost *:443>\n  ServerName first.test\n</VirtualHost>\n"
    "<VirtualHost *:443>\n  ServerName wild.w.test:443\n  ServerAlias *.w.test\n"
    "</VirtualHost>\n"
    "<VirtualHost *:443>\n  ServerName x.w.test\n  ServerAlias B.test\n</VirtualHost>\n"
    "<VirtualHost *:443>\n  ServerName *.star.test\n</VirtualHost>\n";

static void test_sni_route(void)
{
    static const struct {
        const char *name;
        size_t vhost;
    } cases[] = {
        {"first.test", 0},   {"FIRST.test", 0}, {"wild.w.test", 1}, {"x.w.test", 1},
        {"b.test", 2},       {"other.test", 0}, {"a.star.test", 0}, {"*.star.test", 3},
    };
    tt_ctx t;
    if (tt_init(&t))
        return;
    tvc_ir *ir = tt_build(&t, route_conf, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ir);
    tvc_sni_map *m = tvc_sni_map_build(t.a, ir);
    TT_INTEQ(m->n, 1);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        TT_CHECK(tvc_sni_map_route(ir, &m->sets[0], cases[i].name) == cases[i].vhost,
                 "'%s' routes to vhost %zu, not %zu", cases[i].name,
                 tvc_sni_map_route(ir, &m->sets[0], cases[i].name), cases[i].vhost);
    tvc_sni_set empty = {0};
    CU_ASSERT(tvc_sni_map_route(ir, &empty, "first.test") == (size_t)-1);
    tt_done(&t);
}

/* ---- a tree only the build reads (check, ir, diff) ---------------------- */

static const tvc_node *tree_find(const tvc_node *n, const char *name)
{
    for (const tvc_node *c = n ? n->child : NULL; c; c = c->next) {
        if (c->name && !strcmp(c->name, name))
            return c;
        const tvc_node *f = tree_find(c, name);
        if (f)
            return f;
    }
    return NULL;
}

/* The tree in its own arena keeps the words of the lines the build reads
 * and no others; what the IR keeps of them outlives the tree (under
 * ASan, a pointer into the freed arena is a use after free). */
static void test_tree_for_ir(void)
{
    tt_ctx t;
    if (tt_init(&t))
        return;
    t.opts.lean = 1;
    t.opts.tree_arena = tvc_arena_new();
    t.opts.args_read = tvc_ir_args_read;
    tvc_ir_parse_hooks(&t.opts);
    tvc_ir *ir = tt_build(&t,
                          "LoadModule ssl_module modules/mod_ssl.so\n"
                          "LoadModule md_module modules/mod_md.so\n"
                          "Define LOGS /var/log\n"
                          "Listen 443 https\n"
                          "Group www-data\n"
                          "<MDomain a.test>\n"
                          "    MDMember www.a.test\n"
                          "</MDomain>\n"
                          "<VirtualHost *:443>\n"
                          "    ServerName a.test\n"
                          "    ServerAlias www.a.test\n"
                          "    ErrorLog ${LOGS}/a.log\n"
                          "    SSLEngine on\n"
                          "    SSLCertificateFile /pki/a.pem\n"
                          "    SSLOptions +StdEnvVars\n"
                          "</VirtualHost>\n",
                          NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ir);
    NO_PROBLEMS(t);
    const tvc_node *el = tree_find(t.cfg->root, "ErrorLog");
    const tvc_node *sn = tree_find(t.cfg->root, "ServerName");
    CU_ASSERT_PTR_NOT_NULL_FATAL(el);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sn);
    TT_INTEQ(el->argc, 0); /* nobody reads it */
    TT_INTEQ(sn->argc, 1);
    tvc_loc name_at = tvc_node_arg_loc(sn, 0); /* its column, behind argv */
    TT_LOC(&name_at, "httpd.conf", 10, 16);
    tvc_arena_free(t.opts.tree_arena);
    t.opts.tree_arena = NULL;
    t.cfg->root = NULL;
    ir->vhosts[0].node = NULL;

    TT_INTEQ(ir->n_listeners, 1);
    TT_STREQ(ir->listeners[0].protocol, "https");
    TT_STREQ(ir->run_group, "www-data");
    TT_INTEQ(ir->n_md_domains, 1);
    TT_INTEQ(ir->md_domains[0].names.n, 2);
    if (ir->md_domains[0].names.n == 2)
        TT_STREQ(ir->md_domains[0].names.v[1], "www.a.test");
    TT_INTEQ(ir->n_vhosts, 1);
    const tvc_vhost *v = &ir->vhosts[0];
    TT_STREQ(v->server_name, "a.test");
    TT_INTEQ(v->aliases.n, 1);
    if (v->aliases.n == 1)
        TT_STREQ(v->aliases.v[0], "www.a.test");
    CU_ASSERT_PTR_NOT_NULL_FATAL(v->tls);
    TT_INTEQ(v->tls->certs.n, 1);
    if (v->tls->certs.n == 1)
        TT_STREQ(v->tls->certs.v[0].cert, "/pki/a.pem");
    TT_INTEQ(v->tls->other.n, 1);
    if (v->tls->other.n == 1 && v->tls->other.v[0].argc == 1)
        TT_STREQ(v->tls->other.v[0].argv[0], "+StdEnvVars");
    tt_done(&t);
}

int tt_register_ir(void)
{
    CU_pSuite s = CU_add_suite("ir", NULL, NULL);
    if (!s)
        return -1;
    if (!CU_add_test(s, "mod_ssl vhost", test_modssl) ||
        !CU_add_test(s, "a tree only the build reads", test_tree_for_ir) ||
        !CU_add_test(s, "SSLEngine optional/off/none", test_modssl_engine_states) ||
        !CU_add_test(s, "protocol strings (table)", test_protocols) ||
        !CU_add_test(s, "SSLProtocol bare name after others (AH02532)",
                     test_protocol_override_warning) ||
        !CU_add_test(s, "SSLVerifyClient/SSLProxyVerify words", test_modssl_verify_words) ||
        !CU_add_test(s, "FLAG directives ignore extra words", test_flag_extra_words) ||
        !CU_add_test(s, "TAKE12: an empty second word is none", test_take12_empty_second) ||
        !CU_add_test(s, "mod_gnutls vhost", test_gnutls) ||
        !CU_add_test(s, "GnuTLSClientVerify words", test_gnutls_verify_words) ||
        !CU_add_test(s, "mod_tls vhosts and TLSEngine", test_modtls) ||
        !CU_add_test(s, "mod_tls strict SNI, addresses, listen-missing", test_modtls_options) ||
        !CU_add_test(s, "inheritance from the server config", test_inheritance) ||
        !CU_add_test(s, "server settings after the vhost apply", test_inherit_late) ||
        !CU_add_test(s, "server-level SSLEngine and chain file", test_inherit_engine) ||
        !CU_add_test(s, "Include, Use, IfModule inside a vhost", test_vhost_indirect) ||
        !CU_add_test(s, "case-insensitive names", test_case_insensitive) ||
        !CU_add_test(s, "non-TLS content kept once, verbatim", test_other_verbatim) ||
        !CU_add_test(s, "relative paths against ServerRoot", test_relative_paths) ||
        !CU_add_test(s, "vhost addresses and names", test_vhost_addresses) ||
        !CU_add_test(s, "which vhost answers a name (sni_map route)", test_sni_route) ||
        !CU_add_test(s, "errors at the directive (table)", test_errors) ||
        !CU_add_test(s, "no false errors", test_no_false_errors) ||
        !CU_add_test(s, "IR JSON round trip", test_json_roundtrip) ||
        !CU_add_test(s, "Protocols: the ALPN list of a level", test_protocols_alpn) ||
        !CU_add_test(s, "IR JSON rejects non-IR", test_json_rejects) ||
        !CU_add_test(s, "IR JSON has no PIN", test_json_no_secret))
        return -1;
    return 0;
}
