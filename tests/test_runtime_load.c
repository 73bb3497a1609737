/* The runtime's start-up loading (runtime/load.c): each distinct tuple of
 * files read once, the chain certificate shared, a vhost's first problem
 * reported for it alone, and keys read by a worker in its own library
 * context served by SSL_CTXs of the default one. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <CUnit/CUnit.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include "pki_gen.h"
#include "runtime/load.h"
#include "tests.h"

void tvc_test_runtime_load_register(void);

/* Enough tuples that the automatic choice starts a second worker on a
 * machine with two cores (load.c wants 32 a worker). */
#define N 72
#define SHARED 4 /* the last ones name vhost 0's files */

typedef struct lt {
    tt_ctx u;
    tvc_rt_cert certs[N];
    tvc_rt_vhost vh[N];
    const tvc_rt_vhost *vp[N];
} lt;

static void lt_files(lt *t, unsigned i, const char *cert, const char *key)
{
    t->certs[i] = (tvc_rt_cert){tt_path(&t->u, cert), key ? tt_path(&t->u, key) : NULL, NULL, 0};
    t->vh[i].certs = &t->certs[i];
    t->vh[i].n_certs = 1;
}

/* N vhosts v0.test..: each its own copy of one leaf (with the
 * intermediate after it) and key, the last SHARED naming vhost 0's. */
static int lt_init(lt *t)
{
    memset(t, 0, sizeof *t);
    if (tt_init(&t->u) != 0)
        return -1;
    pg_leaf_spec spec = {.cn = "v.test"};
    pg_cert *leaf = pg_leaf(&spec);
    X509 *pem[2] = {leaf->x, pg_inter()->x};
    for (unsigned i = 0; i < N; i++) {
        char c[32], k[32];
        snprintf(c, sizeof c, "c%u.pem", i < N - SHARED ? i : 0);
        snprintf(k, sizeof k, "k%u.key", i < N - SHARED ? i : 0);
        if (i < N - SHARED && (pg_write_certs(tt_path(&t->u, c), pem, 2) != 0 ||
                               pg_write_key(tt_path(&t->u, k), leaf->key, NULL, 0600) != 0))
            return -1;
        lt_files(t, i, c, k);
        t->vh[i].server_name = tvc_arena_printf(t->u.a, "v%u.test", i);
        t->vh[i].tls = 1;
        t->vh[i].server_preference = t->vh[i].session_tickets = t->vh[i].verify_depth = -1;
        t->vp[i] = &t->vh[i];
    }
    pg_cert_free(leaf);
    return 0;
}

static void test_shared(void)
{
    lt t;
    CU_ASSERT_FATAL(lt_init(&t) == 0);
    tvc_rt_loaded *l = tvc_rt_load(t.vp, N, 2);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    TT_INTEQ(tvc_rt_loaded_workers(l), 2);
    TT_INTEQ(tvc_rt_loaded_reads(l), N - SHARED);
    unsigned n;
    const char *why;
    const tvc_rt_pair *p0 = tvc_rt_loaded_get(l, 0, &n, &why), *p;
    CU_ASSERT_PTR_NOT_NULL_FATAL(p0);
    for (unsigned i = 1; i < N; i++) {
        p = tvc_rt_loaded_get(l, i, &n, &why);
        TT_CHECK(p && n == 1 && !why, "vhost %u: %s", i, why ? why : "no certificate");
        if (!p)
            continue;
        TT_CHECK((p->leaf == p0->leaf) == (i >= N - SHARED), "vhost %u: leaf shared iff same files", i);
        TT_CHECK(sk_X509_num(p->chain) == 1 && sk_X509_value(p->chain, 0) == sk_X509_value(p0->chain, 0),
                 "vhost %u: the intermediate is one object", i);
    }
    tvc_rt_loaded_free(l);
    tt_done(&t.u);
}

/* Each vhost's own first problem, whichever worker met it. */
static void test_reasons(void)
{
    static const struct {
        unsigned vhost;
        const char *why;
    } want[] = {
        {5, "does not match certificate"},
        {6, "is encrypted (the runtime never asks for a passphrase)"},
        {7, "cannot load certificate"},
        {8, "no certificate configured"},
        {9, "certificate 1 of 1 has no certificate file"},
        {10, "cannot load key"},
    };
    lt t;
    CU_ASSERT_FATAL(lt_init(&t) == 0);
    pg_write_key(tt_path(&t.u, "other.key"), pg_key(PG_RSA, 1), NULL, 0600);
    pg_write_key(tt_path(&t.u, "enc.key"), pg_key(PG_RSA, 0), "secret", 0600);
    tt_write(&t.u, "empty.key", "");
    lt_files(&t, 5, "c5.pem", "other.key");
    lt_files(&t, 6, "c6.pem", "enc.key");
    lt_files(&t, 7, "missing.pem", "k7.key");
    t.vh[8].n_certs = 0;
    t.certs[9].cert = NULL;
    lt_files(&t, 10, "c10.pem", "empty.key");
    tvc_rt_loaded *l = tvc_rt_load(t.vp, N, 2);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    for (unsigned i = 0; i < N; i++) {
        unsigned n, k;
        const char *why, *expect = NULL;
        for (k = 0; k < sizeof want / sizeof *want; k++)
            if (want[k].vhost == i)
                expect = want[k].why;
        const tvc_rt_pair *p = tvc_rt_loaded_get(l, i, &n, &why);
        if (expect)
            TT_CHECK(!p && why && strstr(why, expect), "vhost %u: '%s', expected '%s'", i,
                     why ? why : "(none)", expect);
        else
            TT_CHECK(p && !why, "vhost %u: %s", i, why ? why : "no pair");
    }
    tvc_rt_loaded_free(l);
    tt_done(&t.u);
}

/* A full handshake for `name` through the runtime; the vhost chosen. */
static const char *handshake(SSL_CTX *cctx, tvc_rt *rt, const char *name)
{
    SSL *c = SSL_new(cctx), *s = SSL_new(tvc_rt_ctx(rt));
    BIO *cb, *sb;
    const char *got = NULL;
    if (c && s && BIO_new_bio_pair(&cb, 0, &sb, 0)) {
        SSL_set_bio(c, cb, cb);
        SSL_set_bio(s, sb, sb);
        SSL_set_tlsext_host_name(c, name);
        SSL_set_connect_state(c);
        SSL_set_accept_state(s);
        int done = 0;
        for (int i = 0; i < 50 && done != 3; i++) {
            if (!(done & 1) && SSL_do_handshake(c) == 1)
                done |= 1;
            if (!(done & 2) && SSL_do_handshake(s) == 1)
                done |= 2;
        }
        const tvc_rt_vhost *v = done == 3 ? tvc_rt_selected(s) : NULL;
        got = v ? v->server_name : NULL;
    }
    ERR_clear_error();
    SSL_free(c);
    SSL_free(s);
    return got;
}

/* Every vhost answers, so every key works whichever context read it. */
static void test_serves(void)
{
    lt t;
    CU_ASSERT_FATAL(lt_init(&t) == 0);
    unsigned idx[N];
    for (unsigned i = 0; i < N; i++)
        idx[i] = i;
    tvc_rt_site site = {"*", 443, 0, idx, N};
    tvc_rt_config cfg = {TVC_RT_ABI, "test", t.vh, N, &site, 1, NULL, 0, NULL};
    char err[512] = "";
    tvc_rt *rt = tvc_rt_new_site(&cfg, &site, err, sizeof err);
    TT_CHECK(rt != NULL, "tvc_rt_new_site: %s", err);
    SSL_CTX *cctx = SSL_CTX_new(TLS_client_method());
    for (unsigned i = 0; rt && cctx && i < N; i++) {
        SSL_CTX_set_max_proto_version(cctx, i % 2 ? TLS1_2_VERSION : TLS1_3_VERSION);
        TT_STREQ(handshake(cctx, rt, t.vh[i].server_name), t.vh[i].server_name);
    }
    SSL_CTX_free(cctx);
    tvc_rt_free(rt);
    tt_done(&t.u);
}

void tvc_test_runtime_load_register(void)
{
    CU_pSuite s = CU_add_suite("runtime loading", NULL, NULL);
    CU_add_test(s, "one read per distinct tuple, one shared intermediate", test_shared);
    CU_add_test(s, "each vhost's own reason", test_reasons);
    CU_add_test(s, "keys of every worker serve", test_serves);
}
