/* The streamed build (ir/build_stream.c): each config is read twice, as
 * a whole tree then built (tvc_parse_file, tvc_ir_build) and streamed
 * (tvc_ir_parse_build), and the IR's JSON and the findings, in order,
 * must be the same; and the arena's mark and release it relies on. */
#include "config.h"

#include "tests.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ir/json.h"

/* What a run would print of an IR and its findings, in one string. */
static char *outcome(tvc_arena *a, const tvc_ir *ir, const tvc_diags *d)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return NULL;
    if (ir)
        tvc_ir_write_json(f, ir);
    fprintf(f, "--\n%s--\n%zu %zu %zu\n", tt_diags_text(a, d), d->count[TVC_ERROR],
            d->count[TVC_WARNING], d->count[TVC_NOTE]);
    fclose(f);
    char *s = tvc_arena_strdup(a, buf);
    free(buf);
    return s;
}

/* As check and diff parse (lean), or as ir does (verbatim text kept). */
static void tree_apart(tvc_parse_opts *o, int lean)
{
    o->lean = lean;
    o->tree_arena = tvc_arena_new();
    o->args_read = tvc_ir_args_read;
}

/* Both ways on one config; returns the streamed IR (in t->a). `again`:
 * the stream must have given up and read the config as a whole tree,
 * whose vhosts keep their nodes. */
static const tvc_ir *one_kind(tt_ctx *t, const char *conf, const tt_file *files, int again,
                             int lean)
{
    tvc_diags_init(&t->d, t->a);
    tree_apart(&t->opts, lean);
    tvc_ir *whole = tt_build(t, conf, files);
    CU_ASSERT_PTR_NOT_NULL_FATAL(whole);
    const char *want = outcome(t->a, whole, &t->d);
    tvc_arena_free(t->opts.tree_arena);

    tvc_diags d;
    tvc_diags_init(&d, t->a);
    tree_apart(&t->opts, lean);
    tvc_config *cfg = NULL;
    tvc_ir *ir = tvc_ir_parse_build(t->a, &d, tt_path(t, "httpd.conf"), &t->opts, &cfg);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ir);
    TT_STREQ(outcome(t->a, ir, &d), want);
    TT_CHECK(ir->n_vhosts > 0, "no vhost");
    for (size_t i = 0; i < ir->n_vhosts; i++)
        TT_CHECK(!ir->vhosts[i].node == !again, "vhost %zu: node %p", i,
                 (const void *)ir->vhosts[i].node);
    tvc_arena_free(t->opts.tree_arena);
    t->opts.tree_arena = NULL;
    return ir;
}

static const tvc_ir *both_ways(tt_ctx *t, const char *conf, const tt_file *files, int again)
{
    one_kind(t, conf, files, again, 0);
    return one_kind(t, conf, files, again, 1);
}

static const tvc_ir *same_both_ways(tt_ctx *t, const char *conf, const tt_file *files)
{
    return both_ways(t, conf, files, 0);
}

/* httpd merges the server level into each vhost once the whole config is
 * read: a server-level line after the vhost applies to it too. */
static void test_stream_vhost_first(void)
{
    tt_ctx t;
    if (tt_init(&t))
        return;
    const tvc_ir *ir = same_both_ways(&t,
        "LoadModule ssl_module modules/mod_ssl.so\n"
        "Listen 443\n"
        "<VirtualHost *:443>\n"
        "  ServerName a.example\n"
        "  SSLEngine on\n"
        "  SSLProtocol all\n"
        "  SSLProtocol -all +TLSv1.2\n"
        "</VirtualHost>\n"
        "SSLCipherSuite HIGH\n"
        "SSLSessionCache none\n"
        "SSLSessionCache nonenotnull\n", NULL);
    const tvc_vhost *vh = tt_vhost_named(ir, "a.example");
    CU_ASSERT_PTR_NOT_NULL_FATAL(vh);
    CU_ASSERT_PTR_NOT_NULL_FATAL(vh->tls);
    TT_STREQ(vh->tls->ciphers.spec.v, "HIGH");
    tt_done(&t);
}

/* Include inside a condition that held, a Define made in an included
 * file and used after it, a condition that failed with a vhost in it. */
static void test_stream_include_in_ifmodule(void)
{
    tt_ctx t;
    if (tt_init(&t))
        return;
    static const tt_file files[] = {
        {"sites/a.conf", "Define LATE c.example\n"
                         "<VirtualHost *:443>\n  ServerName b.example\n  SSLEngine on\n"
                         "  Include @DIR@/inner.inc\n</VirtualHost>\n"},
        {"inner.inc", "SSLCertificateKeyFile x.key\n"},
        {NULL, NULL},
    };
    const tvc_ir *ir = same_both_ways(&t,
        "LoadModule ssl_module modules/mod_ssl.so\n"
        "<IfModule ssl_module>\n"
        "  Include @DIR@/sites/*.conf\n"
        "</IfModule>\n"
        "<VirtualHost *:443>\n  ServerName ${LATE}\n  SSLEngine on\n</VirtualHost>\n"
        "<IfModule nope_module>\n"
        "  <VirtualHost *:443>\n    ServerName never.example\n  </VirtualHost>\n"
        "</IfModule>\n"
        "<VirtualHost *:443>\n  ServerName open.example\n", files);
    TT_INTEQ(ir->n_vhosts, 3);
    CU_ASSERT_PTR_NOT_NULL(tt_vhost_named(ir, "c.example"));
    CU_ASSERT_PTR_NULL(tt_vhost_named(ir, "never.example"));
    tt_done(&t);
}

/* A <Macro> in one file, its Use lines in another and in the main file,
 * after the <Macro> section itself was freed; and UndefMacro. */
static void test_stream_macro_across_files(void)
{
    tt_ctx t;
    if (tt_init(&t))
        return;
    static const tt_file files[] = {
        {"def.conf", "<Macro Site $name $port>\n<VirtualHost *:$port>\n"
                     "  ServerName $name\n  SSLEngine on\n</VirtualHost>\n</Macro>\n"},
        {"use.conf", "Use Site f.example 443\nUse Nope x\n"},
        {NULL, NULL},
    };
    const tvc_ir *ir = same_both_ways(&t,
        "LoadModule ssl_module modules/mod_ssl.so\n"
        "LoadModule macro_module modules/mod_macro.so\n"
        "Include @DIR@/def.conf\n"
        "Include @DIR@/use.conf\n"
        "Use Site d.example 8443\n"
        "UndefMacro Site\n"
        "Use Site e.example 443\n", files);
    TT_INTEQ(ir->n_vhosts, 2);
    const tvc_vhost *d = tt_vhost_named(ir, "d.example");
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    TT_INTEQ(d->addrs[0].port, 8443);
    tt_done(&t);
}

/* A LoadModule after the lines of its module changes what the walk had
 * decided: the config is read again the whole-tree way. */
static void test_stream_late_loadmodule(void)
{
    tt_ctx t;
    if (tt_init(&t))
        return;
    both_ways(&t,
        "Listen 443\n"
        "<VirtualHost *:443>\n  ServerName h.example\n  SSLEngine on\n"
        "  GnuTLSEnable on\n</VirtualHost>\n"
        "LoadModule ssl_module modules/mod_ssl.so\n", NULL, 1);
    tt_done(&t);
}

/* A section the build does not know is walked as a copy of the walk:
 * vhosts inside it grow the IR's array there, between vhosts that grow it
 * at the top. The array must end up whole and freed once (under ASan, the
 * walk that kept its own pointer leaked it or freed a stale one). */
static void test_stream_vhosts_in_unknown_section(void)
{
    tt_ctx t;
    if (tt_init(&t))
        return;
    char conf[8192];
    size_t n = (size_t)snprintf(conf, sizeof conf,
                                "LoadModule ssl_module modules/mod_ssl.so\nListen 443\n");
    for (int i = 0; i < 60 && n < sizeof conf - 200; i++)
        n += (size_t)snprintf(conf + n, sizeof conf - n,
                              "%s<VirtualHost *:443>\n  ServerName v%d.example\n"
                              "  SSLEngine on\n</VirtualHost>\n%s",
                              i == 20 ? "<NoSuchSection>\n" : "", i,
                              i == 39 ? "</NoSuchSection>\n" : "");
    const tvc_ir *ir = same_both_ways(&t, conf, NULL);
    TT_INTEQ(ir->n_vhosts, 60);
    TT_CHECK(tt_vhost_named(ir, "v59.example") != NULL, "last vhost missing");
    tt_done(&t);
}

/* The TLS lines are all inside vhosts, walked as copies of the walk; a
 * ServerRoot after them changes how their relative paths read, so the
 * stream must see that it read them too early and read the config again. */
static void test_stream_late_serverroot(void)
{
    tt_ctx t;
    if (tt_init(&t))
        return;
    both_ways(&t,
        "LoadModule ssl_module modules/mod_ssl.so\nListen 443\n"
        "<VirtualHost *:443>\n  ServerName r.example\n  SSLEngine on\n"
        "  SSLCertificateFile r.pem\n</VirtualHost>\n"
        "ServerRoot /tmp\n", NULL, 1);
    tt_done(&t);
}

/* What was allocated after a mark is given back, small objects, new
 * blocks and big objects' own blocks alike; what came before stays. */
static void test_arena_mark_release(void)
{
    tvc_arena *a = tvc_arena_new();
    char *keep = tvc_arena_strdup(a, "kept");
    size_t used = tvc_arena_used(a);
    for (int round = 0; round < 3; round++) {
        tvc_arena_mark m = tvc_arena_mark_get(a);
        char *first = tvc_arena_alloc(a, 100);
        for (int i = 0; i < 2000; i++)
            memset(tvc_arena_alloc(a, i % 50 == 0 ? 300 * 1024 : 900), 0xee,
                   i % 50 == 0 ? 300 * 1024 : 900);
        tvc_arena_release(a, &m);
        TT_INTEQ(tvc_arena_used(a), used);
        /* the same place is handed out again */
        CU_ASSERT_PTR_EQUAL(tvc_arena_alloc(a, 100), first);
        tvc_arena_release(a, &m);
    }
    TT_STREQ(keep, "kept");
    /* a mark on an empty arena gives everything back */
    tvc_arena *b = tvc_arena_new();
    tvc_arena_mark m = tvc_arena_mark_get(b);
    tvc_arena_alloc(b, 5 * 1024 * 1024);
    tvc_arena_alloc(b, 10);
    tvc_arena_release(b, &m);
    TT_INTEQ(tvc_arena_used(b), 0);
    TT_STREQ(tvc_arena_strdup(b, "again"), "again");
    tvc_arena_trim(b);
    TT_STREQ(tvc_arena_strdup(b, "after trim"), "after trim");
    tvc_arena_free(b);
    tvc_arena_free(a);
}

int tt_register_stream(void)
{
    CU_pSuite s = CU_add_suite("stream", NULL, NULL);
    if (!s)
        return -1;
    if (!CU_add_test(s, "arena mark and release", test_arena_mark_release) ||
        !CU_add_test(s, "vhost before server-level lines", test_stream_vhost_first) ||
        !CU_add_test(s, "Include inside IfModule, Define after it",
                     test_stream_include_in_ifmodule) ||
        !CU_add_test(s, "Macro and Use across files", test_stream_macro_across_files) ||
        !CU_add_test(s, "LoadModule after its lines", test_stream_late_loadmodule) ||
        !CU_add_test(s, "ServerRoot after TLS lines in vhosts", test_stream_late_serverroot) ||
        !CU_add_test(s, "vhosts inside an unknown section",
                     test_stream_vhosts_in_unknown_section))
        return -1;
    return 0;
}
