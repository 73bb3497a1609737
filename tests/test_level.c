/* What each level wrote itself (ir.h: tvc_tls.own, tvc_tls_written):
 * recorded by the build at the directive, kept beside the merged view,
 * and derived from the values for an IR read from JSON. */
#include "config.h"

#include "tests.h"

#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>
#include <jansson.h>

#include "ir/json.h"

static const char levels_conf[] =
    "LoadModule ssl_module modules/mod_ssl.so\n"                   /* 1 */
    "SSLProtocol -all +TLSv1.2 +TLSv1.3\n"                         /* 2 */
    "SSLCipherSuite ECDHE+AESGCM\n"                                /* 3 */
    "SSLCertificateFile /etc/ssl/server.pem\n"                     /* 4 */
    "SSLOpenSSLConfCmd Options -SessionTicket\n"                   /* 5 */
    "SSLVerifyDepth 2\n"                                           /* 6 */
    "Listen 443\n"                                                 /* 7 */
    "<VirtualHost *:443>\n"                                        /* 8 */
    "  ServerName inherits.test\n"                                 /* 9 */
    "  SSLEngine on\n"                                             /* 10 */
    "  <Directory /srv>\n"                                         /* 11 */
    "    SSLCipherSuite HIGH\n"                                    /* 12 */
    "    SSLVerifyDepth 5\n"                                       /* 13 */
    "  </Directory>\n"                                             /* 14 */
    "</VirtualHost>\n"                                             /* 15 */
    "<VirtualHost *:443>\n"                                        /* 16 */
    "  ServerName own.test\n"                                      /* 17 */
    "  SSLEngine on\n"                                             /* 18 */
    "  <IfModule ssl_module>\n"                                    /* 19 */
    "    SSLProtocol TLSv1.3\n"                                    /* 20 */
    "  </IfModule>\n"                                              /* 21 */
    "  SSLCertificateFile /etc/ssl/own.pem\n"                      /* 22 */
    "  SSLOpenSSLConfCmd Options -Compression\n"                   /* 23 */
    "  <Proxy \"https://backend/\">\n"                             /* 24 */
    "    SSLProxyCACertificateFile /etc/ssl/backend-ca.pem\n"      /* 25 */
    "  </Proxy>\n"                                                 /* 26 */
    "</VirtualHost>\n";                                            /* 27 */

static size_t count_raws(const tvc_tls *t, unsigned level)
{
    size_t n = 0;
    for (size_t i = 0; i < t->other.n; i++)
        n += t->other.v[i].level == level;
    return n;
}

/* Where a setting was written, as the build records it. */
static void test_written_by_build(void)
{
    tt_ctx t;
    if (tt_init(&t))
        return;
    tvc_ir *ir = tt_build(&t, levels_conf, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ir);
    /* the server level: its own lines, at their place */
    const tvc_loc *l = TVC_WRITTEN(&ir->server, protocols);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    TT_LOC(l, "httpd.conf", 2, 1);
    CU_ASSERT_PTR_NOT_NULL(tvc_tls_written_in(&ir->server, TVC_ENGINE_MODSSL,
                                              offsetof(tvc_tls, client.depth), 0));
    CU_ASSERT_PTR_NULL(tvc_tls_written_in(&ir->server, TVC_ENGINE_GNUTLS,
                                          offsetof(tvc_tls, client.depth), 0));
    CU_ASSERT_PTR_NULL(TVC_WRITTEN(&ir->server, enabled));

    /* inherited: in the effective view, not written at the vhost */
    const tvc_vhost *v = tt_vhost_named(ir, "inherits.test");
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    CU_ASSERT_PTR_NOT_NULL_FATAL(v->tls);
    TT_INTEQ(v->tls->protocols.min, TVC_TLS12);
    TT_STREQ(v->tls->ciphers.spec.v, "ECDHE+AESGCM");
    TT_INTEQ(v->tls->client.depth, 2);
    CU_ASSERT_PTR_NULL(TVC_WRITTEN(v->tls, protocols));
    TT_LOC(TVC_WRITTEN(v->tls, enabled), "httpd.conf", 10, 3);
    /* a <Directory>'s lines are not the vhost's level */
    CU_ASSERT_PTR_NULL(TVC_WRITTEN(v->tls, ciphers));
    CU_ASSERT_PTR_NULL(TVC_WRITTEN(v->tls, client.depth));
    CU_ASSERT(!TVC_OWN_STR(v->tls, &ir->server, ciphers.spec));
    TT_INTEQ(count_raws(v->tls, TVC_RAW_SECTION), 2);
    TT_INTEQ(count_raws(v->tls, TVC_RAW_INHERITED), 1);
    TT_INTEQ(count_raws(v->tls, TVC_RAW_OWN), 0);
    TT_INTEQ(v->tls->own.certs_inherited, 1);

    /* written at the vhost (through <IfModule>): located there */
    v = tt_vhost_named(ir, "own.test");
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    CU_ASSERT_PTR_NOT_NULL_FATAL(v->tls);
    TT_INTEQ(v->tls->protocols.min, TVC_TLS13);
    l = TVC_WRITTEN(v->tls, protocols);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    TT_LOC(l, "httpd.conf", 20, 5);
    CU_ASSERT(tvc_tls_own_str(v->tls, &v->tls->protocols.text, &ir->server.protocols.text,
                              offsetof(tvc_tls, protocols), 0));
    /* mod_ssl's certificates: the server's first, then the vhost's own */
    TT_INTEQ(v->tls->certs.n, 2);
    TT_INTEQ(v->tls->own.certs_inherited, 1);
    TT_LOC(TVC_WRITTEN(v->tls, certs), "httpd.conf", 22, 3);
    TT_INTEQ(count_raws(v->tls, TVC_RAW_INHERITED), 1);
    TT_INTEQ(count_raws(v->tls, TVC_RAW_OWN), 1);
    /* a <Proxy> section's line sets the vhost's proxy field, but is the
     * section's */
    CU_ASSERT_PTR_NOT_NULL_FATAL(v->tls->proxy);
    TT_STREQ(v->tls->proxy->ca_file.v, "/etc/ssl/backend-ca.pem");
    CU_ASSERT_PTR_NULL(TVC_PROXY_WRITTEN(v->tls, ca_file));
    tt_done(&t);
}

/* A vhost that repeats the server's value wrote it, but adds nothing. */
static void test_own_repeats_server(void)
{
    tt_ctx t;
    if (tt_init(&t))
        return;
    tvc_ir *ir = tt_build(&t,
        "LoadModule ssl_module modules/mod_ssl.so\n"
        "SSLCipherSuite HIGH\n"
        "SSLVerifyDepth 2\n"
        "Listen 443\n"
        "<VirtualHost *:443>\n"
        "  ServerName same.test\n"
        "  SSLEngine on\n"
        "  SSLCipherSuite HIGH\n"
        "  SSLVerifyDepth 2\n"
        "</VirtualHost>\n",
        NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ir);
    const tvc_vhost *v = tt_vhost_named(ir, "same.test");
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    CU_ASSERT_PTR_NOT_NULL_FATAL(v->tls);
    TT_LOC(TVC_WRITTEN(v->tls, ciphers), "httpd.conf", 8, 3);
    CU_ASSERT(!TVC_OWN_STR(v->tls, &ir->server, ciphers.spec));
    CU_ASSERT_PTR_NULL(tvc_tls_own_int(v->tls, v->tls->client.depth, &ir->server.client.depth,
                                       offsetof(tvc_tls, client.depth), 0));
    CU_ASSERT_PTR_NOT_NULL(tvc_tls_own_int(v->tls, v->tls->client.depth, NULL,
                                           offsetof(tvc_tls, client.depth), 0));
    tt_done(&t);
}

/* The IR read back from JSON has no lines: what differs from the server
 * is the vhost's own, located at the vhost. */
static void test_written_from_json(void)
{
    tt_ctx t;
    if (tt_init(&t))
        return;
    tvc_ir *ir = tt_build(&t, levels_conf, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ir);
    json_t *j = tvc_ir_to_json(ir);
    CU_ASSERT_PTR_NOT_NULL_FATAL(j);
    tvc_ir *back = tvc_ir_from_json(t.a, &t.d, j, "ir.json");
    json_decref(j);
    CU_ASSERT_PTR_NOT_NULL_FATAL(back);
    /* the server config: every setting it has is its own */
    CU_ASSERT_PTR_NOT_NULL(TVC_WRITTEN(&back->server, protocols));
    CU_ASSERT_PTR_NOT_NULL(TVC_WRITTEN(&back->server, client.depth));
    CU_ASSERT_PTR_NULL(TVC_WRITTEN(&back->server, enabled));

    const tvc_vhost *v = tt_vhost_named(back, "own.test");
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    CU_ASSERT_PTR_NOT_NULL_FATAL(v->tls);
    const tvc_loc *l = TVC_WRITTEN(v->tls, protocols);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    TT_LOC(l, "httpd.conf", 16, 1);
    CU_ASSERT(tvc_tls_own_str(v->tls, &v->tls->protocols.text, &back->server.protocols.text,
                              offsetof(tvc_tls, protocols), 0));
    CU_ASSERT_PTR_NULL(TVC_WRITTEN(v->tls, ciphers));
    TT_INTEQ(v->tls->own.certs_inherited, 1);
    TT_INTEQ(count_raws(v->tls, TVC_RAW_INHERITED), 1);
    TT_INTEQ(count_raws(v->tls, TVC_RAW_OWN), 1);

    v = tt_vhost_named(back, "inherits.test");
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    CU_ASSERT_PTR_NOT_NULL_FATAL(v->tls);
    TT_INTEQ(v->tls->protocols.min, TVC_TLS12);
    CU_ASSERT_PTR_NULL(TVC_WRITTEN(v->tls, protocols));
    CU_ASSERT_PTR_NULL(TVC_WRITTEN(v->tls, client.depth));
    CU_ASSERT_PTR_NOT_NULL(TVC_WRITTEN(v->tls, enabled));
    tt_done(&t);
}

int tt_register_level(void)
{
    CU_pSuite s = CU_add_suite("ir levels", NULL, NULL);
    if (!s)
        return -1;
    if (!CU_add_test(s, "written at the server, the vhost, a section", test_written_by_build) ||
        !CU_add_test(s, "a vhost repeating the server's value", test_own_repeats_server) ||
        !CU_add_test(s, "IR JSON: the levels from the values", test_written_from_json))
        return -1;
    return 0;
}
