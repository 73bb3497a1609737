/* The certificate, SNI and stapling checks (checks/[a-z]*.c), end to end:
 * each case writes a PKI made by pki_gen.c and an httpd.conf into a
 * scratch directory, parses it, builds the IR and runs tvc_checks_run
 * with the generated root as the only trust anchor and a fixed clock.
 * For every check id there is a case where it must fire (id, severity
 * and file:line:col asserted) and one where it must not. Where a case is
 * only a leaf, a config and the findings expected, it is a row of a table
 * (file_cases, name_cases, sni_cases, staple_cases, protocol_cases) run by run_case(), as
 * curl's unit tests do; cases that build more than that are functions.
 *
 * Configs use paths relative to the config's directory (the default
 * ServerRoot), so columns do not depend on the scratch directory name. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CUnit/CUnit.h>

#include "checks/checks.h"
#include "base/arena.h"
#include "ir/build.h"
#include "ir/modules.h"
#include "base/diag.h"
#include "ir/ir.h"
#include "parser/parser.h"
#include "policy/expand.h"
#include "tests/pki_gen.h"
#include "tests/tests.h"

void tvc_test_checks_register(void);

/* ---- harness: tests.h's scratch directory and findings, plus the checks' options ---- */

typedef struct tc {
    tt_ctx u; /* scratch directory, arena, diagnostics, config, IR */
    tvc_check_opts o;
    int rc;
} tc;

/* The table case being run (NULL: a test of its own), named in failures. */
static const char *tc_case;

static void tc_fail(unsigned line, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void tc_fail(unsigned line, const char *fmt, ...)
{
    char msg[8192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    tt_check(0, line, __FILE__, "%s%s%s", tc_case ? tc_case : "", tc_case ? ": " : "", msg);
}

static void tc_ok(unsigned line)
{
    tt_check(1, line, __FILE__, "ok");
}

static const char *tc_path(tc *t, const char *rel)
{
    return tt_path(&t->u, rel);
}

/* A scratch directory with the root CA in root.pem. */
static int tc_init(tc *t)
{
    memset(t, 0, sizeof *t);
    if (tt_init(&t->u) != 0)
        return -1;
    pg_write_cert(tc_path(t, "root.pem"), pg_root()->x);
    t->o.ca_file = tc_path(t, "root.pem");
    t->o.now = PG_NOW;
    t->o.expiry_warn_days = 30;
    t->o.threads = 2;
    return 0;
}

static void tc_done(tc *t)
{
    tt_done(&t->u);
    memset(t, 0, sizeof *t);
}

static void tc_write(tc *t, const char *rel, const char *text)
{
    tt_write(&t->u, rel, text);
}

/* `certs` (leaf first) to `rel`. */
static void tc_certs(tc *t, const char *rel, X509 *a, X509 *b, X509 *c, X509 *d)
{
    X509 *v[4] = {a, b, c, d};
    size_t n = 0;
    while (n < 4 && v[n])
        n++;
    if (pg_write_certs(tc_path(t, rel), v, n) != 0)
        tc_fail(__LINE__, "cannot write %s", rel);
}

static void tc_key(tc *t, const char *rel, EVP_PKEY *k, const char *pass, mode_t mode)
{
    if (pg_write_key(tc_path(t, rel), k, pass, mode) != 0)
        tc_fail(__LINE__, "cannot write %s", rel);
}

/* A leaf as `spec` says, written with the intermediate after it to
 * `cert_rel` and its own key (mode 0600) to `key_rel` (NULL: none). */
static void tc_leaf(tc *t, const char *cert_rel, const char *key_rel, const pg_leaf_spec *spec)
{
    pg_cert *l = pg_leaf(spec);
    const pg_cert *iss = spec->issuer ? spec->issuer : pg_inter();
    tc_certs(t, cert_rel, l->x, iss->x, NULL, NULL);
    if (key_rel)
        tc_key(t, key_rel, l->key, NULL, 0600);
    pg_cert_free(l);
}

/* The usual a.test leaf (SAN a.test) in a.pem + a.key. */
static void tc_leaf_a(tc *t)
{
    pg_leaf_spec s = {.cn = "a.test", .sans = "DNS:a.test"};
    tc_leaf(t, "a.pem", "a.key", &s);
}

/* Writes httpd.conf, parses it, builds the IR, expands the policy and
 * runs the checks. */
static void tc_run(tc *t, const char *conf)
{
    tc_write(t, "httpd.conf", conf);
    tvc_parse_opts po = {0};
    tvc_ir_parse_hooks(&po);
    t->u.cfg = tvc_parse_file(t->u.a, &t->u.d, tc_path(t, "httpd.conf"), &po);
    if (!t->u.cfg) {
        tc_fail(__LINE__, "tvc_parse_file failed on %s/httpd.conf", t->u.dir);
        return;
    }
    t->u.ir = tvc_ir_build(t->u.a, &t->u.d, t->u.cfg);
    if (!t->u.ir) {
        tc_fail(__LINE__, "tvc_ir_build failed");
        return;
    }
    /* As the CLI does: the protocol checks need the effective range. */
    tvc_policy_expand_ir(t->u.a, &t->u.d, t->u.ir);
    t->rc = tvc_checks_run(t->u.a, &t->u.d, t->u.ir, &t->o);
    if (t->rc != 0)
        tc_fail(__LINE__, "tvc_checks_run returned %d", t->rc);
}

/* The finding `id` at httpd.conf:line:col with severity `sev`. */
static const tvc_diag *expect_at(tc *t, const char *id, tvc_severity sev, unsigned line,
                                 unsigned col, unsigned src)
{
    for (const tvc_diag *g = t->u.d.head; g; g = g->next) {
        if (strcmp(g->id, id) || !g->loc.file || strcmp(tt_base(g->loc.file), "httpd.conf") ||
            g->loc.line != line || g->loc.col != col)
            continue;
        if (g->severity != sev) {
            tc_fail(src, "[%s] at httpd.conf:%u:%u is %s, expected %s; findings:%s", id, line,
                    col, tvc_severity_name(g->severity), tvc_severity_name(sev), tt_diags_text(t->u.a, &t->u.d));
            return g;
        }
        tc_ok(src);
        return g;
    }
    tc_fail(src, "expected [%s] %s at httpd.conf:%u:%u; findings:%s", id,
            tvc_severity_name(sev), line, col, tt_diags_text(t->u.a, &t->u.d));
    return NULL;
}

static void expect_none(tc *t, const char *id, unsigned src)
{
    if (tt_count(&t->u.d, id))
        tc_fail(src, "expected no [%s]; findings:%s", id, tt_diags_text(t->u.a, &t->u.d));
    else
        tc_ok(src);
}

/* Cipher and protocol policy are other checks' business (mod_ssl's
 * defaults, say, may earn a protocol-legacy note); everything else
 * counts. */
static int foreign(const char *id)
{
    return !strncmp(id, "cipher-", 7) || !strncmp(id, "protocol-", 9) ||
           !strncmp(id, "convert-", 8);
}

/* No findings, other than cipher/protocol ones. */
static void expect_clean(tc *t, unsigned src)
{
    for (const tvc_diag *g = t->u.d.head; g; g = g->next)
        if (!foreign(g->id)) {
            tc_fail(src, "expected no findings; findings:%s", tt_diags_text(t->u.a, &t->u.d));
            return;
        }
    tc_ok(src);
}

static void expect_msg(tc *t, const tvc_diag *g, const char *sub, unsigned src)
{
    if (!g)
        return;
    if (!strstr(g->message, sub))
        tc_fail(src, "[%s] message \"%s\" does not contain \"%s\"; findings:%s", g->id,
                g->message, sub, tt_diags_text(t->u.a, &t->u.d));
    else
        tc_ok(src);
}

static void expect_vhost(tc *t, const tvc_diag *g, const char *name, int port, unsigned src)
{
    if (!g)
        return;
    if (!g->vhost_name || strcmp(g->vhost_name, name) || g->vhost_port != port)
        tc_fail(src, "[%s] is about vhost %s:%d, expected %s:%d; findings:%s", g->id,
                g->vhost_name ? g->vhost_name : "(none)", g->vhost_port, name, port,
                tt_diags_text(t->u.a, &t->u.d));
    else
        tc_ok(src);
}

#define AT(t, id, sev, line, col) expect_at((t), (id), (sev), (line), (col), __LINE__)
#define NONE(t, id) expect_none((t), (id), __LINE__)
#define CLEAN(t) expect_clean((t), __LINE__)
#define MSG(t, g, sub) expect_msg((t), (g), (sub), __LINE__)
#define VHOST(t, g, name, port) expect_vhost((t), (g), (name), (port), __LINE__)
#define COUNT(t, id, n)                                                               \
    do {                                                                              \
        size_t n_ = tt_count(&(t)->u.d, (id));                                        \
        if (n_ != (size_t)(n))                                                        \
            tc_fail(__LINE__, "%zu x [%s], expected %d; findings:%s", n_, (id),       \
                    (int)(n), tt_diags_text((t)->u.a, &(t)->u.d));                    \
        else                                                                          \
            tc_ok(__LINE__);                                                          \
    } while (0)

#define BEGIN(t)                \
    tc t;                       \
    if (tc_init(&t) != 0)       \
        return
#define END(t) tc_done(&t)

/* ---- configurations ------------------------------------------------------- */

/* mod_ssl, one vhost; lines 1-9 (cert at 7:5, key at 8:5), extra vhost
 * lines from line 9 on. */
#define SSL_LOAD                                                        \
    "LoadModule ssl_module modules/mod_ssl.so\n"                        \
    "LoadModule socache_shmcb_module modules/mod_socache_shmcb.so\n"    \
    "Listen 443\n"
#define SSL_CONF(CERT, KEY, EXTRA)          \
    SSL_LOAD                                \
    "<VirtualHost *:443>\n"                 \
    "    ServerName a.test\n"               \
    "    SSLEngine on\n"                    \
    "    SSLCertificateFile " CERT "\n"     \
    "    SSLCertificateKeyFile " KEY "\n"   \
    EXTRA                                   \
    "</VirtualHost>\n"

/* mod_gnutls, one vhost: cert at 7:5, key at 8:5. */
#define GNUTLS_CONF(LOAD_SHMCB, EXTRA)                                 \
    "LoadModule gnutls_module modules/mod_gnutls.so\n"                 \
    LOAD_SHMCB                                                         \
    "Listen 443\n"                                                     \
    "<VirtualHost *:443>\n"                                            \
    "    ServerName a.test\n"                                          \
    "    GnuTLSEnable on\n"                                            \
    "    GnuTLSCertificateFile a.pem\n"                                \
    "    GnuTLSKeyFile a.key\n"                                        \
    EXTRA                                                              \
    "</VirtualHost>\n"
#define SHMCB "LoadModule socache_shmcb_module modules/mod_socache_shmcb.so\n"
#define NO_SHMCB "# no socache_shmcb\n"

/* mod_tls, one vhost: TLSCertificate at 6:5, its key argument at 6:26,
 * after the two lines of SERVER_EXTRA (write "\n\n" for none). Server
 * settings go before the vhost: the IR builder merges the server config
 * into a vhost when it reaches the vhost's end. */
#define MODTLS_CONF(SERVER_EXTRA)                                      \
    "LoadModule tls_module modules/mod_tls.so\n"                       \
    SERVER_EXTRA                                                       \
    "Listen 443\n"                                                     \
    "TLSEngine 443\n"                                                  \
    "<VirtualHost *:443>\n"                                            \
    "    ServerName a.test\n"                                          \
    "    TLSCertificate a.pem a.key\n"                                 \
    "</VirtualHost>\n"
#define NO_MD "\n\n"

static void test_file_missing_key_is_cert(void)
{
    BEGIN(t);
    tc_leaf_a(&t);
    /* The certificate where the key should be. */
    pg_leaf_spec s = {.cn = "a.test", .sans = "DNS:a.test"};
    tc_leaf(&t, "a-cert-as-key.key", NULL, &s);
    tc_run(&t, SSL_CONF("a.pem", "a-cert-as-key.key", ""));
    const tvc_diag *g = AT(&t, "file-missing", TVC_ERROR, 8, 5);
    MSG(&t, g, "holds no private key");
    MSG(&t, g, "a certificate");
    NONE(&t, "key-mismatch");
    END(t);
}

/* ---- key-mismatch ------------------------------------------------------------ */

static void mismatch_case(pg_keytype cert_type, pg_keytype key_type, int key_slot,
                          const char *want_key, const char *want_cert)
{
    BEGIN(t);
    pg_leaf_spec s = {.cn = "a.test", .sans = "DNS:a.test", .key_type = cert_type};
    tc_leaf(&t, "a.pem", NULL, &s);
    tc_key(&t, "a.key", pg_key(key_type, key_slot), NULL, 0600);
    tc_run(&t, SSL_CONF("a.pem", "a.key", ""));
    const tvc_diag *g = AT(&t, "key-mismatch", TVC_ERROR, 8, 5);
    MSG(&t, g, want_key);
    MSG(&t, g, want_cert);
    MSG(&t, g, "AH02565");
    COUNT(&t, "key-mismatch", 1);
    END(t);
}

static void test_key_mismatch_rsa(void)
{
    mismatch_case(PG_RSA, PG_RSA, 1, "(RSA-2048)", "(RSA-2048 key)");
}

static void test_key_mismatch_ec_rsa(void)
{
    mismatch_case(PG_EC, PG_RSA, 0, "(RSA-2048)", "(EC prime256v1 key)");
}

static void test_key_mismatch_ed25519(void)
{
    mismatch_case(PG_ED25519, PG_ED25519, 1, "(Ed25519)", "(Ed25519 key)");
}

static void test_key_mismatch_rsa_pss(void)
{
    mismatch_case(PG_RSA_PSS, PG_RSA_PSS, 1, "(RSA-PSS-2048)", "(RSA-PSS-2048 key)");
}

static void test_key_match_all_types(void)
{
    for (int k = 0; k < PG_KEYTYPES; k++) {
        BEGIN(t);
        pg_leaf_spec s = {.cn = "a.test", .sans = "DNS:a.test", .key_type = (pg_keytype)k,
                          .key_slot = 1};
        tc_leaf(&t, "a.pem", "a.key", &s);
        tc_run(&t, SSL_CONF("a.pem", "a.key", ""));
        NONE(&t, "key-mismatch");
        CLEAN(&t);
        END(t);
    }
}

/* The key in the certificate file (no SSLCertificateKeyFile). */
static void test_key_in_cert_file(void)
{
    BEGIN(t);
    pg_leaf_spec s = {.cn = "a.test", .sans = "DNS:a.test", .key_type = PG_EC};
    tc_leaf(&t, "a.pem", NULL, &s);
    /* Append the wrong key to the certificate file. */
    tc_key(&t, "k.pem", pg_key(PG_EC, 1), NULL, 0600);
    FILE *in = fopen(tc_path(&t, "k.pem"), "r"), *out = fopen(tc_path(&t, "a.pem"), "a");
    char buf[4096];
    size_t n;
    while (in && out && (n = fread(buf, 1, sizeof buf, in)) > 0)
        fwrite(buf, 1, n, out);
    if (in)
        fclose(in);
    if (out)
        fclose(out);
    chmod(tc_path(&t, "a.pem"), 0600);
    tc_run(&t, SSL_LOAD
               "<VirtualHost *:443>\n"
               "    ServerName a.test\n"
               "    SSLEngine on\n"
               "    SSLCertificateFile a.pem\n"
               "</VirtualHost>\n");
    AT(&t, "key-mismatch", TVC_ERROR, 7, 5);
    NONE(&t, "file-missing");
    END(t);
}

/* ---- key-encrypted ------------------------------------------------------------ */

static void test_key_encrypted_modssl(void)
{
    BEGIN(t);
    pg_leaf_spec s = {.cn = "a.test", .sans = "DNS:a.test"};
    tc_leaf(&t, "a.pem", NULL, &s);
    tc_key(&t, "a.key", pg_key(PG_RSA, 0), "secret", 0600);
    tc_run(&t, SSL_CONF("a.pem", "a.key", ""));
    const tvc_diag *g = AT(&t, "key-encrypted", TVC_WARNING, 8, 5);
    MSG(&t, g, "SSLPassPhraseDialog");
    COUNT(&t, "key-encrypted", 1);
    NONE(&t, "key-mismatch");
    NONE(&t, "file-missing");
    END(t);
}

static void test_key_encrypted_modtls(void)
{
    BEGIN(t);
    pg_leaf_spec s = {.cn = "a.test", .sans = "DNS:a.test"};
    tc_leaf(&t, "a.pem", NULL, &s);
    tc_key(&t, "a.key", pg_key(PG_RSA, 0), "secret", 0600);
    tc_run(&t, MODTLS_CONF(NO_MD));
    const tvc_diag *g = AT(&t, "key-encrypted", TVC_ERROR, 8, 26);
    MSG(&t, g, "mod_tls");
    END(t);
}

static void test_key_encrypted_gnutls_pin(void)
{
    /* The right PIN: the key is read, and it matches. */
    {
        BEGIN(t);
        pg_leaf_spec s = {.cn = "a.test", .sans = "DNS:a.test"};
        tc_leaf(&t, "a.pem", NULL, &s);
        tc_key(&t, "a.key", pg_key(PG_RSA, 0), "s3cret pin", 0600);
        tc_run(&t, GNUTLS_CONF(SHMCB, "    GnuTLSPIN \"s3cret pin\"\n"));
        NONE(&t, "key-encrypted");
        NONE(&t, "key-mismatch");
        CLEAN(&t);
        for (const tvc_diag *g = t.u.d.head; g; g = g->next)
            if (strstr(g->message, "s3cret"))
                tc_fail(__LINE__, "a message shows the PIN: %s", g->message);
        END(t);
    }
    /* The right PIN for the wrong key: the match is checked. */
    {
        BEGIN(t);
        pg_leaf_spec s = {.cn = "a.test", .sans = "DNS:a.test"};
        tc_leaf(&t, "a.pem", NULL, &s);
        tc_key(&t, "a.key", pg_key(PG_RSA, 1), "s3cret pin", 0600);
        tc_run(&t, GNUTLS_CONF(SHMCB, "    GnuTLSPIN \"s3cret pin\"\n"));
        NONE(&t, "key-encrypted");
        const tvc_diag *g = AT(&t, "key-mismatch", TVC_ERROR, 8, 5);
        MSG(&t, g, "mod_gnutls starts");
        END(t);
    }
}

static void test_key_encrypted_gnutls_wrong_pin(void)
{
    BEGIN(t);
    pg_leaf_spec s = {.cn = "a.test", .sans = "DNS:a.test"};
    tc_leaf(&t, "a.pem", NULL, &s);
    tc_key(&t, "a.key", pg_key(PG_RSA, 0), "s3cret pin", 0600);
    tc_run(&t, GNUTLS_CONF(SHMCB, "    GnuTLSPIN wrong\n"));
    const tvc_diag *g = AT(&t, "key-encrypted", TVC_ERROR, 8, 5);
    MSG(&t, g, "passphrase does not decrypt");
    COUNT(&t, "key-encrypted", 1);
    NONE(&t, "key-mismatch");
    for (const tvc_diag *d = t.u.d.head; d; d = d->next)
        if (strstr(d->message, "wrong"))
            tc_fail(__LINE__, "a message shows the PIN: %s", d->message);
    END(t);
}

static void test_key_encrypted_gnutls_no_pin(void)
{
    BEGIN(t);
    pg_leaf_spec s = {.cn = "a.test", .sans = "DNS:a.test"};
    tc_leaf(&t, "a.pem", NULL, &s);
    tc_key(&t, "a.key", pg_key(PG_EC, 0), "s3cret", 0600);
    tc_run(&t, GNUTLS_CONF(SHMCB, ""));
    const tvc_diag *g = AT(&t, "key-encrypted", TVC_ERROR, 8, 5);
    MSG(&t, g, "GnuTLSPIN");
    END(t);
}

static void test_key_encrypted_none(void)
{
    BEGIN(t);
    tc_leaf_a(&t);
    tc_run(&t, MODTLS_CONF(NO_MD));
    NONE(&t, "key-encrypted");
    CLEAN(&t);
    END(t);
}

/* ---- key-permissions ------------------------------------------------------------ */

static void test_key_permissions(void)
{
    BEGIN(t);
    pg_leaf_spec s = {.cn = "a.test", .sans = "DNS:a.test"};
    tc_leaf(&t, "a.pem", NULL, &s);
    tc_key(&t, "a.key", pg_key(PG_RSA, 0), NULL, 0644);
    tc_run(&t, SSL_CONF("a.pem", "a.key", ""));
    const tvc_diag *g = AT(&t, "key-permissions", TVC_WARNING, 8, 5);
    MSG(&t, g, "0644");
    MSG(&t, g, "everyone");
    END(t);
}

/* Group-readable: a leak only for the group httpd runs as (Group). */
static void test_key_permissions_group(void)
{
    BEGIN(t);
    pg_leaf_spec s = {.cn = "a.test", .sans = "DNS:a.test"};
    tc_leaf(&t, "a.pem", NULL, &s);
    tc_key(&t, "a.key", pg_key(PG_RSA, 0), NULL, 0640);
    /* The key file's group is the test's own; say the server runs as it. */
    const char *conf = tvc_arena_printf(t.u.a, "Group #%u\n" SSL_CONF("a.pem", "a.key", ""),
                                        (unsigned)getegid());
    tc_run(&t, conf);
    const tvc_diag *g = AT(&t, "key-permissions", TVC_WARNING, 9, 5);
    MSG(&t, g, "0640");
    MSG(&t, g, "the group httpd runs as");
    END(t);
}

/* Debian's convention: 0640 for a key group (ssl-cert) that is not the
 * server's. Here: the file's group is the test's, Group is another. */
static void test_key_permissions_other_group(void)
{
    BEGIN(t);
    pg_leaf_spec s = {.cn = "a.test", .sans = "DNS:a.test"};
    tc_leaf(&t, "a.pem", NULL, &s);
    tc_key(&t, "a.key", pg_key(PG_RSA, 0), NULL, 0640);
    const char *conf = tvc_arena_printf(t.u.a, "Group #%u\n" SSL_CONF("a.pem", "a.key", ""),
                                        (unsigned)getegid() + 1);
    tc_run(&t, conf);
    NONE(&t, "key-permissions");
    CLEAN(&t);
    END(t);
}

static void test_key_permissions_0600(void)
{
    BEGIN(t);
    tc_leaf_a(&t); /* a.key is 0600 */
    tc_run(&t, SSL_CONF("a.pem", "a.key", ""));
    NONE(&t, "key-permissions");
    END(t);
}

/* ---- chain ---------------------------------------------------------------------- */

static void test_chain_order(void)
{
    BEGIN(t);
    /* leaf <- inter2 <- inter <- root; sent as leaf, inter, inter2. */
    pg_leaf_spec s = {.cn = "a.test", .sans = "DNS:a.test", .issuer = pg_inter2()};
    pg_cert *l = pg_leaf(&s);
    tc_certs(&t, "a.pem", l->x, pg_inter()->x, pg_inter2()->x, NULL);
    tc_key(&t, "a.key", l->key, NULL, 0600);
    pg_cert_free(l);
    tc_run(&t, SSL_CONF("a.pem", "a.key", ""));
    const tvc_diag *g = AT(&t, "chain-order", TVC_WARNING, 7, 5);
    MSG(&t, g, "'CN=TVC Test Issuing CA 2,O=tlsvhostc tests', then "
               "'CN=TVC Test Intermediate CA,O=tlsvhostc tests'");
    NONE(&t, "chain-incomplete");
    NONE(&t, "chain-extra");
    END(t);
}

static void test_chain_order_gnutls(void)
{
    BEGIN(t);
    pg_leaf_spec s = {.cn = "a.test", .sans = "DNS:a.test", .issuer = pg_inter2()};
    pg_cert *l = pg_leaf(&s);
    tc_certs(&t, "a.pem", l->x, pg_inter()->x, pg_inter2()->x, NULL);
    tc_key(&t, "a.key", l->key, NULL, 0600);
    pg_cert_free(l);
    tc_run(&t, GNUTLS_CONF(SHMCB, ""));
    const tvc_diag *g = AT(&t, "chain-order", TVC_ERROR, 7, 5);
    MSG(&t, g, "mod_gnutls refuses");
    END(t);
}

static void test_chain_order_ok(void)
{
    BEGIN(t);
    pg_leaf_spec s = {.cn = "a.test", .sans = "DNS:a.test", .issuer = pg_inter2()};
    pg_cert *l = pg_leaf(&s);
    tc_certs(&t, "a.pem", l->x, pg_inter2()->x, pg_inter()->x, NULL);
    tc_key(&t, "a.key", l->key, NULL, 0600);
    pg_cert_free(l);
    tc_run(&t, SSL_CONF("a.pem", "a.key", ""));
    NONE(&t, "chain-order");
    CLEAN(&t);
    END(t);
}

/* SSLCertificateChainFile adds to what is sent: order across files. */
static void test_chain_order_chainfile(void)
{
    BEGIN(t);
    pg_leaf_spec s = {.cn = "a.test", .sans = "DNS:a.test", .issuer = pg_inter2()};
    pg_cert *l = pg_leaf(&s);
    tc_certs(&t, "a.pem", l->x, NULL, NULL, NULL);
    tc_certs(&t, "chain.pem", pg_inter2()->x, pg_inter()->x, NULL, NULL);
    tc_key(&t, "a.key", l->key, NULL, 0600);
    pg_cert_free(l);
    tc_run(&t, SSL_CONF("a.pem", "a.key", "    SSLCertificateChainFile chain.pem\n"));
    NONE(&t, "chain-order");
    NONE(&t, "chain-incomplete");
    NONE(&t, "file-missing");
    END(t);
}

/* `cat chain.pem cert.pem`: one root-cause finding, not key-mismatch +
 * cert-name-mismatch + chain-extra. */
static void test_chain_leaf_not_first(void)
{
    {
        BEGIN(t);
        pg_leaf_spec s = {.cn = "a.test", .sans = "DNS:a.test"};
        pg_cert *l = pg_leaf(&s);
        tc_certs(&t, "a.pem", pg_inter()->x, l->x, NULL, NULL);
        tc_key(&t, "a.key", l->key, NULL, 0600);
        pg_cert_free(l);
        tc_run(&t, SSL_CONF("a.pem", "a.key", ""));
        const tvc_diag *g = AT(&t, "chain-order", TVC_ERROR, 7, 5);
        MSG(&t, g, "is certificate 2 of");
        MSG(&t, g, "the first is 'CN=TVC Test Intermediate CA,O=tlsvhostc tests'");
        MSG(&t, g, "AH02565");
        COUNT(&t, "chain-order", 1);
        NONE(&t, "key-mismatch");
        NONE(&t, "cert-name-mismatch");
        NONE(&t, "chain-extra");
        NONE(&t, "chain-incomplete");
        END(t);
    }
    {
        BEGIN(t);
        pg_leaf_spec s = {.cn = "a.test", .sans = "DNS:a.test"};
        pg_cert *l = pg_leaf(&s);
        tc_certs(&t, "a.pem", pg_inter()->x, l->x, NULL, NULL);
        tc_key(&t, "a.key", l->key, NULL, 0600);
        pg_cert_free(l);
        tc_run(&t, GNUTLS_CONF(SHMCB, ""));
        const tvc_diag *g = AT(&t, "chain-order", TVC_ERROR, 7, 5);
        MSG(&t, g, "mod_gnutls refuses");
        NONE(&t, "key-mismatch");
        END(t);
    }
}

/* A key that belongs to no certificate of the file stays key-mismatch. */
static void test_chain_leaf_absent(void)
{
    BEGIN(t);
    pg_leaf_spec s = {.cn = "a.test", .sans = "DNS:a.test"};
    tc_leaf(&t, "a.pem", NULL, &s);
    tc_key(&t, "a.key", pg_key(PG_RSA, 1), NULL, 0600);
    tc_run(&t, SSL_CONF("a.pem", "a.key", ""));
    AT(&t, "key-mismatch", TVC_ERROR, 8, 5);
    NONE(&t, "chain-order");
    END(t);
}

static void test_chain_incomplete(void)
{
    BEGIN(t);
    pg_leaf_spec s = {.cn = "a.test", .sans = "DNS:a.test",
                      .ca_issuers = "http://ca.test/inter.crt"};
    pg_cert *l = pg_leaf(&s);
    tc_certs(&t, "a.pem", l->x, NULL, NULL, NULL); /* the intermediate left out */
    tc_key(&t, "a.key", l->key, NULL, 0600);
    pg_cert_free(l);
    tc_run(&t, SSL_CONF("a.pem", "a.key", ""));
    const tvc_diag *g = AT(&t, "chain-incomplete", TVC_ERROR, 7, 5);
    MSG(&t, g, "'CN=TVC Test Intermediate CA,O=tlsvhostc tests'");
    MSG(&t, g, "http://ca.test/inter.crt");
    COUNT(&t, "chain-incomplete", 1);
    END(t);
}

/* Missing the upper of two intermediates: the lower one names it. */
static void test_chain_incomplete_upper(void)
{
    BEGIN(t);
    pg_leaf_spec s = {.cn = "a.test", .sans = "DNS:a.test", .issuer = pg_inter2()};
    pg_cert *l = pg_leaf(&s);
    tc_certs(&t, "a.pem", l->x, pg_inter2()->x, NULL, NULL);
    tc_key(&t, "a.key", l->key, NULL, 0600);
    pg_cert_free(l);
    tc_run(&t, SSL_CONF("a.pem", "a.key", ""));
    const tvc_diag *g = AT(&t, "chain-incomplete", TVC_ERROR, 7, 5);
    MSG(&t, g, "'CN=TVC Test Intermediate CA,O=tlsvhostc tests'");
    END(t);
}

/* A root the store does not trust. */
static void test_chain_untrusted_root(void)
{
    BEGIN(t);
    pg_leaf_spec s = {.cn = "a.test", .sans = "DNS:a.test", .issuer = pg_stranger()};
    pg_cert *l = pg_leaf(&s);
    tc_certs(&t, "a.pem", l->x, pg_stranger()->x, NULL, NULL);
    tc_key(&t, "a.key", l->key, NULL, 0600);
    pg_cert_free(l);
    tc_run(&t, SSL_CONF("a.pem", "a.key", ""));
    const tvc_diag *g = AT(&t, "chain-incomplete", TVC_ERROR, 7, 5);
    MSG(&t, g, "not trusted");
    END(t);
}

static void test_chain_complete(void)
{
    BEGIN(t);
    tc_leaf_a(&t);
    tc_run(&t, SSL_CONF("a.pem", "a.key", ""));
    NONE(&t, "chain-incomplete");
    NONE(&t, "chain-extra");
    NONE(&t, "chain-root-included");
    NONE(&t, "chain-order");
    END(t);
}

static void test_chain_extra(void)
{
    BEGIN(t);
    pg_leaf_spec s = {.cn = "a.test", .sans = "DNS:a.test"};
    pg_cert *l = pg_leaf(&s);
    tc_certs(&t, "a.pem", l->x, pg_inter()->x, pg_stranger()->x, NULL);
    tc_key(&t, "a.key", l->key, NULL, 0600);
    pg_cert_free(l);
    tc_run(&t, SSL_CONF("a.pem", "a.key", ""));
    const tvc_diag *g = AT(&t, "chain-extra", TVC_WARNING, 7, 5);
    MSG(&t, g, "TVC Stranger CA");
    COUNT(&t, "chain-extra", 1);
    NONE(&t, "chain-order");
    NONE(&t, "chain-incomplete");
    NONE(&t, "chain-root-included");
    END(t);
}

/* The intermediate twice: in order, one copy too many. */
static void test_chain_duplicate(void)
{
    BEGIN(t);
    pg_leaf_spec s = {.cn = "a.test", .sans = "DNS:a.test"};
    pg_cert *l = pg_leaf(&s);
    tc_certs(&t, "a.pem", l->x, pg_inter()->x, pg_inter()->x, NULL);
    tc_key(&t, "a.key", l->key, NULL, 0600);
    pg_cert_free(l);
    tc_run(&t, SSL_CONF("a.pem", "a.key", ""));
    const tvc_diag *g = AT(&t, "chain-extra", TVC_WARNING, 7, 5);
    MSG(&t, g, "sent twice");
    COUNT(&t, "chain-extra", 1);
    NONE(&t, "chain-order");
    END(t);
}

static void test_chain_root_included(void)
{
    BEGIN(t);
    pg_leaf_spec s = {.cn = "a.test", .sans = "DNS:a.test"};
    pg_cert *l = pg_leaf(&s);
    tc_certs(&t, "a.pem", l->x, pg_inter()->x, pg_root()->x, NULL);
    tc_key(&t, "a.key", l->key, NULL, 0600);
    pg_cert_free(l);
    tc_run(&t, SSL_CONF("a.pem", "a.key", ""));
    const tvc_diag *g = AT(&t, "chain-root-included", TVC_NOTE, 7, 5);
    MSG(&t, g, "TVC Test Root CA");
    COUNT(&t, "chain-root-included", 1);
    NONE(&t, "chain-extra");
    NONE(&t, "chain-order");
    END(t);
}

/* ---- expiry ----------------------------------------------------------------------- */

static void expiry_case(long nb, long na, int warn_days, const char *id, tvc_severity sev,
                        const char *msg)
{
    BEGIN(t);
    t.o.expiry_warn_days = warn_days;
    pg_leaf_spec s = {.cn = "a.test", .sans = "DNS:a.test", .not_before = nb, .not_after = na};
    tc_leaf(&t, "a.pem", "a.key", &s);
    tc_run(&t, SSL_CONF("a.pem", "a.key", ""));
    const char *ids[] = {"cert-expired", "cert-not-yet-valid", "cert-expiring"};
    for (size_t i = 0; i < 3; i++)
        if (!id || strcmp(ids[i], id))
            NONE(&t, ids[i]);
    if (id) {
        const tvc_diag *g = AT(&t, id, sev, 7, 5);
        MSG(&t, g, msg);
        COUNT(&t, id, 1);
    }
    END(t);
}

static void test_cert_expired(void)
{
    expiry_case(-400 * PG_DAY, -PG_DAY, 30, "cert-expired", TVC_ERROR,
                "expired on 2025-06-14 00:00:00 UTC");
}

static void test_cert_not_yet_valid(void)
{
    expiry_case(2 * PG_DAY, 400 * PG_DAY, 30, "cert-not-yet-valid", TVC_ERROR,
                "not valid before 2025-06-17 00:00:00 UTC");
}

static void test_cert_expiring(void)
{
    expiry_case(-30 * PG_DAY, 10 * PG_DAY, 30, "cert-expiring", TVC_WARNING, "in 10 days");
}

static void test_cert_valid(void)
{
    /* 10 days left, a 5-day window: quiet. */
    expiry_case(-30 * PG_DAY, 10 * PG_DAY, 5, NULL, TVC_NOTE, NULL);
    /* A year left, the default 30-day window. */
    expiry_case(-30 * PG_DAY, 365 * PG_DAY, 30, NULL, TVC_NOTE, NULL);
}

/* An expired intermediate is reported too, as a chain certificate. */
static void test_cert_expired_chain(void)
{
    BEGIN(t);
    t.o.now = PG_NOW + 3700 * PG_DAY; /* past the CAs' 10 years */
    pg_leaf_spec s = {.cn = "a.test", .sans = "DNS:a.test", .now = t.o.now};
    tc_leaf(&t, "a.pem", "a.key", &s);
    tc_run(&t, SSL_CONF("a.pem", "a.key", ""));
    const tvc_diag *g = AT(&t, "cert-expired", TVC_ERROR, 7, 5);
    MSG(&t, g, "chain certificate 'CN=TVC Test Intermediate CA");
    COUNT(&t, "cert-expired", 1);
    END(t);
}

/* ---- cert-name-mismatch --------------------------------------------------------------- */

#define NAMES_CONF(NAME, ALIASES)                \
    SSL_LOAD                                     \
    "<VirtualHost *:443>\n"                      \
    "    ServerName " NAME "\n"                  \
    "    ServerAlias " ALIASES "\n"              \
    "    SSLEngine on\n"                         \
    "    SSLCertificateFile a.pem\n"             \
    "    SSLCertificateKeyFile a.key\n"          \
    "</VirtualHost>\n"

/* ---- SNI ------------------------------------------------------------------------------ */

#define TWO_VHOSTS(ADDR2, NAME2, EXTRA2)                                 \
    SSL_LOAD                                                             \
    "Listen 8443\n"                                                      \
    "<VirtualHost *:443>\n"                                              \
    "    ServerName a.test\n"                                            \
    "    ServerAlias *.w.test\n"                                         \
    "    SSLEngine on\n"                                                 \
    "    SSLCertificateFile a.pem\n"                                     \
    "    SSLCertificateKeyFile a.key\n"                                  \
    "</VirtualHost>\n"                                                   \
    "<VirtualHost " ADDR2 ">\n"                                          \
    "    ServerName " NAME2 "\n"                                         \
    EXTRA2                                                               \
    "</VirtualHost>\n"
#define TLS2                                                             \
    "    SSLEngine on\n"                                                 \
    "    SSLCertificateFile a.pem\n"                                     \
    "    SSLCertificateKeyFile a.key\n"

/* ---- cases as data: clean, file-missing, cert-name-mismatch, SNI ----------------- */

/* A finding at httpd.conf:line:col with this severity. */
typedef struct want_at {
    const char *id;
    tvc_severity sev;
    unsigned line, col;
    const char *msg[2]; /* parts of its message */
    const char *vhost;  /* the vhost it is about, on port 443 (NULL: not asserted) */
} want_at;

/* Exactly `n` findings with this id; 0: none. */
typedef struct want_n {
    const char *id;
    int n;
} want_n;

typedef struct check_case {
    const char *name;
    pg_leaf_spec leaf; /* a.pem (with the intermediate after it) and a.key */
    const char *conf;
    want_at at[2];
    want_n count[3];
    unsigned flags; /* CC_* */
} check_case;

enum {
    CC_CLEAN = 1,      /* nothing else than cipher/protocol findings */
    CC_LEAF_ALONE = 2, /* a.pem without the intermediate */
    CC_CA_PEM = 4,     /* ca.pem: the intermediate and the root */
};

#define LEAF_A {.cn = "a.test", .sans = "DNS:a.test"}
#define LEAF_SNI {.cn = "a.test", .sans = "DNS:a.test,DNS:b.test,DNS:*.w.test"}

static const check_case file_cases[] = {
    {"clean baseline", LEAF_A, SSL_CONF("a.pem", "a.key", ""), {{0}}, {{0}}, CC_CLEAN},
    {"file-missing: cert", LEAF_A, SSL_CONF("nope.pem", "a.key", ""),
     {{"file-missing", TVC_ERROR, 7, 5, {"nope.pem"}, "a.test"}},
     {{"file-missing", 1}, {"key-mismatch", 0}}, 0},
    {"file-missing: key", LEAF_A, SSL_CONF("a.pem", "nope.key", ""),
     {{"file-missing", TVC_ERROR, 8, 5, {"nope.key"}, NULL}},
     {{"file-missing", 1}, {"key-mismatch", 0}, {"key-permissions", 0}}, 0},
    {"file-missing: CA file", LEAF_A,
     SSL_CONF("a.pem", "a.key",
              "    SSLVerifyClient require\n"
              "    SSLCACertificateFile noca.pem\n"),
     {{"file-missing", TVC_ERROR, 10, 5, {"noca.pem"}, NULL}}, {{"file-missing", 1}}, 0},
    {"file-missing: none", LEAF_A,
     SSL_CONF("a.pem", "a.key",
              "    SSLVerifyClient require\n"
              "    SSLCACertificateFile root.pem\n"),
     {{0}}, {{"file-missing", 0}}, CC_CLEAN},
};

static const check_case name_cases[] = {
    /* line 5 "    ServerName a.test": col 16; line 6 aliases at 17, 28, 39 */
    {"cert-name-mismatch: wildcard rules", {.cn = "wild", .sans = "DNS:*.a.test,DNS:b.test"},
     NAMES_CONF("a.test", "www.a.test x.y.a.test WWW.A.TEST B.Test"),
     {{"cert-name-mismatch", TVC_ERROR, 5, 16, {"'a.test' is not covered", "*.a.test, b.test"}, NULL},
      {"cert-name-mismatch", TVC_ERROR, 6, 28, {"'x.y.a.test'"}, NULL}},
     {{"cert-name-mismatch", 2}}, 0},
    {"cert-name-mismatch: covered",
     {.cn = "wild", .sans = "DNS:*.a.test,DNS:a.test,IP:192.0.2.7"},
     NAMES_CONF("A.Test", "www.a.test WWW.A.TEST mail.A.test 192.0.2.7"), {{0}},
     {{"cert-name-mismatch", 0}}, CC_CLEAN},
    /* IP SANs are compared as addresses, however they are written; the
     * aliases are at 6:17, 6:29, 6:43, 6:64, 6:74. */
    {"cert-name-mismatch: IP addresses",
     {.cn = "ip", .sans = "DNS:a.test,IP:2001:db8::1,IP:192.0.2.1"},
     NAMES_CONF("a.test", "2001:db8::1 [2001:DB8::1] 2001:db8:0:0:0:0:0:1 "
                          "192.0.2.1 2001:db8::2"),
     {{"cert-name-mismatch", TVC_ERROR, 6, 74, {"'2001:db8::2'"}, NULL}},
     {{"cert-name-mismatch", 1}}, 0},
    /* Partial wildcards cover nothing. */
    {"cert-name-mismatch: partial wildcard", {.cn = "wild", .sans = "DNS:a.test,DNS:w*.a.test"},
     NAMES_CONF("a.test", "www.a.test"),
     {{"cert-name-mismatch", TVC_ERROR, 6, 17, {NULL}, NULL}}, {{"cert-name-mismatch", 1}}, 0},
    {"cert-name-mismatch: CN only (note)", {.cn = "a.test"} /* no SANs */,
     SSL_CONF("a.pem", "a.key", ""),
     {{"cert-name-mismatch", TVC_NOTE, 5, 16, {"only by the subject CN"}, NULL}},
     {{"cert-name-mismatch", 1}}, 0},
    /* With SANs, the CN does not count. */
    {"cert-name-mismatch: CN ignored with SANs", {.cn = "a.test", .sans = "DNS:other.test"},
     SSL_CONF("a.pem", "a.key", ""),
     {{"cert-name-mismatch", TVC_ERROR, 5, 16, {NULL}, NULL}}, {{0}}, 0},
    {"cert-name-mismatch: IDN matched as A-label",
     {.cn = "idn", .sans = "DNS:xn--bcher-kva.test,DNS:xn--mnchen-3ya.test"},
     NAMES_CONF("b\xc3\xbc" "cher.test", "M\xc3\xbc" "nchen.test"), {{0}},
     {{"cert-name-mismatch", 0}}, CC_CLEAN},
    {"cert-name-mismatch: IDN mismatch", {.cn = "idn", .sans = "DNS:bucher.test"},
     NAMES_CONF("b\xc3\xbc" "cher.test", "bucher.test"),
     {{"cert-name-mismatch", TVC_ERROR, 5, 16, {"(xn--bcher-kva.test)"}, NULL}},
     {{"cert-name-mismatch", 1}}, 0},
};

static const check_case sni_cases[] = {
    /* line 13 "    ServerName a.test" of the second vhost */
    {"sni-collision", LEAF_SNI, TWO_VHOSTS("*:443", "a.test", TLS2),
     {{"sni-collision", TVC_ERROR, 13, 16, {"httpd.conf:5"}, NULL}}, {{"sni-collision", 1}}, 0},
    {"sni-collision: case-insensitive", LEAF_SNI, TWO_VHOSTS("*:443", "A.TEST", TLS2),
     {{"sni-collision", TVC_ERROR, 13, 16, {NULL}, NULL}}, {{0}}, 0},
    {"sni-collision: other port", LEAF_SNI, TWO_VHOSTS("*:8443", "a.test", TLS2), {{0}},
     {{"sni-collision", 0}}, CC_CLEAN},
    /* www.w.test is taken by the first vhost's alias *.w.test */
    {"sni-shadowed: earlier wildcard", LEAF_SNI, TWO_VHOSTS("*:443", "www.w.test", TLS2),
     {{"sni-shadowed", TVC_WARNING, 13, 16, {"*.w.test"}, NULL}}, {{"sni-collision", 0}}, 0},
    /* Specific name first, wildcard after: both reachable. */
    {"sni-shadowed: wildcard later", LEAF_SNI,
     SSL_LOAD
     "<VirtualHost *:443>\n"
     "    ServerName www.w.test\n"
     "    SSLEngine on\n"
     "    SSLCertificateFile a.pem\n"
     "    SSLCertificateKeyFile a.key\n"
     "</VirtualHost>\n"
     "<VirtualHost *:443>\n"
     "    ServerName a.test\n"
     "    ServerAlias *.w.test\n"
     "    SSLEngine on\n"
     "    SSLCertificateFile a.pem\n"
     "    SSLCertificateKeyFile a.key\n"
     "</VirtualHost>\n",
     {{0}}, {{"sni-shadowed", 0}}, CC_CLEAN},
    {"sni-no-tls", LEAF_SNI, TWO_VHOSTS("*:443", "b.test", ""),
     {{"sni-no-tls", TVC_ERROR, 12, 1, {"SSLEngine on"}, "b.test"}}, {{"sni-no-tls", 1}}, 0},
    {"sni-no-tls: other port", LEAF_SNI, TWO_VHOSTS("*:8443", "b.test", ""), {{0}},
     {{"sni-no-tls", 0}}, CC_CLEAN},
    {"sni-mixed-modules", LEAF_SNI,
     "LoadModule ssl_module modules/mod_ssl.so\n"
     "LoadModule tls_module modules/mod_tls.so\n"
     "Listen 443\n"
     "TLSEngine 443\n"
     "<VirtualHost *:443>\n"
     "    ServerName a.test\n"
     "    SSLEngine on\n"
     "    SSLCertificateFile a.pem\n"
     "    SSLCertificateKeyFile a.key\n"
     "</VirtualHost>\n"
     "<VirtualHost *:443>\n"
     "    ServerName b.test\n"
     "    TLSCertificate a.pem a.key\n"
     "</VirtualHost>\n",
     {{"sni-mixed-modules", TVC_ERROR, 11, 1, {"mod_tls", "mod_ssl"}, NULL}},
     {{"sni-mixed-modules", 1}}, 0},
    {"sni-mixed-modules: other port", LEAF_SNI,
     "LoadModule ssl_module modules/mod_ssl.so\n"
     "LoadModule tls_module modules/mod_tls.so\n"
     "Listen 443\n"
     "Listen 8443\n"
     "TLSEngine 8443\n"
     "<VirtualHost *:443>\n"
     "    ServerName a.test\n"
     "    SSLEngine on\n"
     "    SSLCertificateFile a.pem\n"
     "    SSLCertificateKeyFile a.key\n"
     "</VirtualHost>\n"
     "<VirtualHost *:8443>\n"
     "    ServerName b.test\n"
     "    TLSCertificate a.pem a.key\n"
     "</VirtualHost>\n",
     {{0}}, {{"sni-mixed-modules", 0}}, CC_CLEAN},
};

/* One runner for the tables (curl's unit tests): the leaf, the config,
 * then every expectation of the row; failures name the row. */
static void run_case(const check_case *c, unsigned src)
{
    tc_case = c->name;
    BEGIN(t);
    pg_cert *l = pg_leaf(&c->leaf);
    tc_certs(&t, "a.pem", l->x, c->flags & CC_LEAF_ALONE ? NULL : pg_inter()->x, NULL, NULL);
    tc_key(&t, "a.key", l->key, NULL, 0600);
    pg_cert_free(l);
    if (c->flags & CC_CA_PEM)
        tc_certs(&t, "ca.pem", pg_inter()->x, pg_root()->x, NULL, NULL);
    tc_run(&t, c->conf);
    for (size_t i = 0; i < sizeof c->at / sizeof c->at[0] && c->at[i].id; i++) {
        const want_at *w = &c->at[i];
        const tvc_diag *g = expect_at(&t, w->id, w->sev, w->line, w->col, src);
        for (size_t j = 0; j < sizeof w->msg / sizeof w->msg[0] && w->msg[j]; j++)
            expect_msg(&t, g, w->msg[j], src);
        if (w->vhost)
            expect_vhost(&t, g, w->vhost, 443, src);
    }
    for (size_t i = 0; i < sizeof c->count / sizeof c->count[0] && c->count[i].id; i++) {
        const want_n *w = &c->count[i];
        size_t n = tt_count(&t.u.d, w->id);
        if (w->n == 0)
            expect_none(&t, w->id, src);
        else if (n != (size_t)w->n)
            tc_fail(src, "%zu x [%s], expected %d; findings:%s", n, w->id, w->n, tt_diags_text(t.u.a, &t.u.d));
        else
            tc_ok(src);
    }
    if (c->flags & CC_CLEAN)
        expect_clean(&t, src);
    END(t);
    tc_case = NULL;
}

#define RUN_CASES(list)                                              \
    for (size_t i_ = 0; i_ < sizeof(list) / sizeof(list)[0]; i_++) \
        run_case(&(list)[i_], __LINE__)

static void test_file_cases(void)
{
    RUN_CASES(file_cases);
}

static void test_name_cases(void)
{
    RUN_CASES(name_cases);
}

static void test_sni_cases(void)
{
    RUN_CASES(sni_cases);
}

/* ---- stapling -------------------------------------------------------------------------- */

#define OCSP_URI "http://ocsp.test/"

#define STAPLE(MUST, URI) \
    {.cn = "a.test", .sans = "DNS:a.test", .must_staple = (MUST), .ocsp_uri = (URI)}
#define CACHE "SSLStaplingCache shmcb:logs/ssl_stapling(32768)\n"
#define MD_ON "LoadModule md_module modules/mod_md.so\nMDStapling on\n"

static const check_case staple_cases[] = {
    {"must-staple: mod_ssl off", STAPLE(1, OCSP_URI), SSL_CONF("a.pem", "a.key", ""),
     {{"must-staple", TVC_ERROR, 7, 5, {"SSLUseStapling is off"}, NULL}},
     {{"must-staple", 1}}, 0},
    {"must-staple: mod_ssl no cache", STAPLE(1, OCSP_URI),
     SSL_CONF("a.pem", "a.key", "    SSLUseStapling on\n"),
     {{"must-staple", TVC_ERROR, 7, 5, {"SSLStaplingCache"}, NULL}}, {{0}}, 0},
    {"must-staple: mod_ssl on", STAPLE(1, OCSP_URI),
     CACHE SSL_CONF("a.pem", "a.key", "    SSLUseStapling on\n"), {{0}},
     {{"must-staple", 0}}, CC_CLEAN},
    /* Stapling on, but it cannot work: no responder, or no issuer. */
    {"must-staple: mod_ssl on, no responder", STAPLE(1, NULL),
     CACHE SSL_CONF("a.pem", "a.key", "    SSLUseStapling on\n"),
     {{"must-staple", TVC_ERROR, 8, 5, {"no OCSP URI"}, NULL},
      {"staple-no-responder", TVC_WARNING, 10, 5, {NULL}, NULL}},
     {{0}}, 0},
    {"must-staple: mod_ssl on, no issuer", STAPLE(1, OCSP_URI),
     CACHE SSL_CONF("a.pem", "a.key", "    SSLUseStapling on\n"),
     {{"must-staple", TVC_ERROR, 8, 5, {"AH02217"}, NULL},
      {"staple-no-issuer", TVC_WARNING, 10, 5, {NULL}, NULL}},
     {{0}}, CC_LEAF_ALONE},
    /* The issuer in SSLCACertificateFile is found (mod_ssl looks in its
     * store too). */
    {"must-staple: mod_ssl on, issuer in SSLCACertificateFile", STAPLE(1, OCSP_URI),
     CACHE SSL_CONF("a.pem", "a.key",
                    "    SSLUseStapling on\n"
                    "    SSLCACertificateFile ca.pem\n"),
     {{0}}, {{"must-staple", 0}, {"staple-no-issuer", 0}}, CC_LEAF_ALONE | CC_CA_PEM},
    /* Not must-staple, stapling off: nothing to say. */
    {"must-staple: plain cert", STAPLE(0, OCSP_URI), SSL_CONF("a.pem", "a.key", ""), {{0}},
     {{"must-staple", 0}}, CC_CLEAN},
    {"must-staple: mod_tls without mod_md", STAPLE(1, OCSP_URI), MODTLS_CONF(NO_MD),
     {{"must-staple", TVC_ERROR, 8, 5, {"mod_md"}, NULL}}, {{0}}, 0},
    {"must-staple: mod_tls with MDStapling", STAPLE(1, OCSP_URI), MODTLS_CONF(MD_ON), {{0}},
     {{"must-staple", 0}, {"staple-no-responder", 0}}, CC_CLEAN},
    {"must-staple: mod_tls, MDStapling off", STAPLE(1, OCSP_URI),
     MODTLS_CONF("LoadModule md_module modules/mod_md.so\n"
                 "\n"),
     {{"must-staple", TVC_ERROR, 8, 5, {"MDStapling is off"}, NULL}}, {{0}}, 0},
    {"must-staple: mod_tls, no OCSP URI", STAPLE(1, NULL), MODTLS_CONF(MD_ON),
     {{"must-staple", TVC_ERROR, 8, 5, {"no OCSP URI"}, NULL},
      {"staple-no-responder", TVC_WARNING, 8, 5, {NULL}, NULL}},
     {{0}}, 0},
    /* mod_gnutls staples by default when it can: with socache_shmcb, the
     * issuer in the file and an OCSP URI, a must-staple cert is fine. */
    {"must-staple: mod_gnutls defaults", STAPLE(1, OCSP_URI), GNUTLS_CONF(SHMCB, ""), {{0}},
     {{"must-staple", 0}}, CC_CLEAN},
    {"must-staple: mod_gnutls no cache", STAPLE(1, OCSP_URI), GNUTLS_CONF(NO_SHMCB, ""),
     {{"must-staple", TVC_ERROR, 7, 5, {"no OCSP cache", "mod_gnutls refuses to start"}, NULL}},
     {{0}}, 0},
    {"must-staple: mod_gnutls off", STAPLE(1, OCSP_URI),
     GNUTLS_CONF(SHMCB, "    GnuTLSOCSPStapling off\n"),
     {{"must-staple", TVC_ERROR, 7, 5, {"GnuTLSOCSPStapling is off"}, NULL}}, {{0}}, 0},
    {"must-staple: mod_gnutls no issuer", STAPLE(1, OCSP_URI), GNUTLS_CONF(SHMCB, ""),
     {{"must-staple", TVC_ERROR, 7, 5, {"issuer certificate"}, NULL}}, {{0}}, CC_LEAF_ALONE},
    /* SSLUseStapling is on line 10 (the cache line comes first). */
    {"staple-no-responder", STAPLE(0, NULL),
     CACHE SSL_CONF("a.pem", "a.key", "    SSLUseStapling on\n"),
     {{"staple-no-responder", TVC_WARNING, 10, 5, {"no OCSP responder"}, NULL}},
     {{"staple-no-responder", 1}, {"staple-no-issuer", 0}}, 0},
    /* An AIA OCSP URI. */
    {"staple-no-responder: none, an OCSP URI", STAPLE(0, OCSP_URI),
     CACHE SSL_CONF("a.pem", "a.key", "    SSLUseStapling on\n"), {{0}},
     {{"staple-no-responder", 0}}, CC_CLEAN},
    {"staple-no-responder: none, SSLStaplingForceURL", STAPLE(0, NULL),
     CACHE SSL_CONF("a.pem", "a.key",
                    "    SSLUseStapling on\n"
                    "    SSLStaplingForceURL http://ocsp.test/\n"),
     {{0}}, {{"staple-no-responder", 0}}, 0},
    /* Stapling off: no responder needed. */
    {"staple-no-responder: none, stapling off", STAPLE(0, NULL),
     SSL_CONF("a.pem", "a.key", ""), {{0}}, {{"staple-no-responder", 0}}, CC_CLEAN},
    {"staple-no-issuer", STAPLE(0, OCSP_URI),
     CACHE SSL_CONF("a.pem", "a.key", "    SSLUseStapling on\n"),
     {{"staple-no-issuer", TVC_WARNING, 10, 5, {"AH02217"}, NULL}},
     {{"staple-no-issuer", 1}, {"staple-no-responder", 0}}, CC_LEAF_ALONE},
    {"staple-no-issuer: none", STAPLE(0, OCSP_URI),
     CACHE SSL_CONF("a.pem", "a.key", "    SSLUseStapling on\n"), {{0}},
     {{"staple-no-issuer", 0}}, 0},
    /* the 0.13 oracle refuses to start: "OCSP stapling configuration
     * failed" (tests/differential_test.sh) */
    {"staple-*: mod_gnutls explicit", STAPLE(0, NULL),
     GNUTLS_CONF(SHMCB, "    GnuTLSOCSPStapling on\n"),
     {{"staple-no-responder", TVC_ERROR, 9, 5, {NULL}, NULL},
      {"staple-no-issuer", TVC_ERROR, 9, 5, {NULL}, NULL}},
     {{0}}, CC_LEAF_ALONE},
    /* SSLUseStapling on without SSLStaplingCache: AH01958 at start. */
    {"staple-no-cache: mod_ssl", STAPLE(0, OCSP_URI),
     SSL_CONF("a.pem", "a.key", "    SSLUseStapling on\n"),
     {{"staple-no-cache", TVC_ERROR, 9, 5, {"AH01958", "apachectl -t passes"}, NULL}},
     {{"staple-no-cache", 1}}, 0},
    /* Server-level SSLUseStapling inherited by two vhosts: one finding. */
    {"staple-no-cache: inherited, once", STAPLE(0, OCSP_URI),
     "SSLUseStapling on\n"
     SSL_CONF("a.pem", "a.key", "")
     "<VirtualHost *:443>\n"
     "    ServerName b.test\n"
     "    SSLEngine on\n"
     "    SSLCertificateFile a.pem\n"
     "    SSLCertificateKeyFile a.key\n"
     "</VirtualHost>\n",
     {{"staple-no-cache", TVC_ERROR, 1, 1, {NULL}, NULL}}, {{"staple-no-cache", 1}}, 0},
    {"staple-no-cache: none", STAPLE(0, OCSP_URI),
     CACHE SSL_CONF("a.pem", "a.key", "    SSLUseStapling on\n"), {{0}},
     {{"staple-no-cache", 0}}, CC_CLEAN},
    /* Stapling off: no cache needed. */
    {"staple-no-cache: none, stapling off", STAPLE(0, OCSP_URI),
     SSL_CONF("a.pem", "a.key", "    SSLUseStapling off\n"), {{0}},
     {{"staple-no-cache", 0}}, 0},
    /* mod_gnutls: an explicit GnuTLSOCSPStapling on without an OCSP cache
     * (no socache_shmcb, no GnuTLSOCSPCache) fails at start; the default
     * ("on when possible") just stays off. */
    {"staple-no-cache: mod_gnutls explicit", STAPLE(0, OCSP_URI),
     GNUTLS_CONF(NO_SHMCB, "    GnuTLSOCSPStapling on\n"),
     {{"staple-no-cache", TVC_ERROR, 9, 5, {"fails at start"}, NULL}}, {{0}}, 0},
    {"staple-no-cache: mod_gnutls default", STAPLE(0, OCSP_URI), GNUTLS_CONF(NO_SHMCB, ""),
     {{0}}, {{"staple-no-cache", 0}}, 0},
    {"staple-no-cache: mod_gnutls with socache_shmcb", STAPLE(0, OCSP_URI),
     GNUTLS_CONF(SHMCB, "    GnuTLSOCSPStapling on\n"), {{0}}, {{"staple-no-cache", 0}}, 0},
};

static void test_staple_cases(void)
{
    RUN_CASES(staple_cases);
}

/* ---- no-certificate and mod_md ---------------------------------------------------- */

/* A mod_ssl vhost without certificate (SSLEngine at 7:5; md_module is
 * loaded on line 1), the lines of SERVER after it. */
#define MD_CONF(SERVER, ALIAS)                                          \
    "LoadModule md_module modules/mod_md.so\n"                          \
    SSL_LOAD                                                            \
    "<VirtualHost *:443>\n"                                             \
    "    ServerName a.test\n"                                           \
    "    SSLEngine on\n"                                                \
    ALIAS                                                               \
    "</VirtualHost>\n"                                                  \
    SERVER

/* Managed: httpd starts with mod_md's fallback (AH10085, 503s). */
static void test_no_cert_md_managed(void)
{
    static const struct {
        const char *what, *conf;
    } cases[] = {
        {"MDomain", MD_CONF("MDomain a.test www.a.test auto\n", "")},
        {"MDomain after the vhost", MD_CONF("MDomain A.TEST\n", "")},
        {"<MDomainSet> with MDMember",
         MD_CONF("<MDomainSet example.test>\n    MDMember a.test\n</MDomainSet>\n", "")},
        {"<MDomain> in a true <IfModule>",
         MD_CONF("<IfModule md_module>\n<MDomain a.test>\n</MDomain>\n</IfModule>\n", "")},
        {"a glob ServerAlias", MD_CONF("MDomain www.b.test\n", "    ServerAlias *.b.test\n")},
        {"a wildcard domain", MD_CONF("MDomain *.test\n", "")},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        BEGIN(t);
        tc_run(&t, cases[i].conf);
        const tvc_diag *g = AT(&t, "no-certificate", TVC_NOTE, 7, 5);
        if (g && !strstr(g->message, "AH10085"))
            tc_fail(__LINE__, "%s: no mention of AH10085: %s", cases[i].what, g->message);
        COUNT(&t, "no-certificate", 1);
        END(t);
    }
}

/* Not managed: httpd fails at start with AH02572. */
static void test_no_cert_md_unmanaged(void)
{
    static const struct {
        const char *what, *conf;
    } cases[] = {
        {"another domain", MD_CONF("MDomain b.test\n", "")},
        {"MDMatchNames servernames, alias only",
         MD_CONF("MDMatchNames servernames\nMDomain www.a.test\n",
                 "    ServerAlias www.a.test\n")},
        {"two domains claim it (AH10238)",
         MD_CONF("MDomain a.test\nMDomain www.a.test\n", "    ServerAlias www.a.test\n")},
        {"mod_md not loaded, MDomain in a false <IfModule>",
         SSL_LOAD "# no md_module\n"
         "<VirtualHost *:443>\n    ServerName a.test\n    SSLEngine on\n</VirtualHost>\n"
         "<IfModule md_module>\nMDomain a.test\n</IfModule>\n"},
        {"mod_gnutls does not ask mod_md",
         "LoadModule md_module modules/mod_md.so\n"
         "LoadModule gnutls_module modules/mod_gnutls.so\nListen 443\n"
         "<VirtualHost *:443>\n    ServerName a.test\n    GnuTLSEnable on\n"
         "</VirtualHost>\nMDomain a.test\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        BEGIN(t);
        tc_run(&t, cases[i].conf);
        if (!tt_count(&t.u.d, "no-certificate"))
            tc_fail(__LINE__, "%s: expected [no-certificate]; findings:%s", cases[i].what,
                    tt_diags_text(t.u.a, &t.u.d));
        for (const tvc_diag *g = t.u.d.head; g; g = g->next)
            if (!strcmp(g->id, "no-certificate") && g->severity != TVC_ERROR)
                tc_fail(__LINE__, "%s: [no-certificate] is not an error; findings:%s",
                        cases[i].what, tt_diags_text(t.u.a, &t.u.d));
        END(t);
    }
}

/* ---- protocol-legacy (mod_ssl) ------------------------------------------------------ */

static const check_case protocol_cases[] = {
    /* Nothing configured: mod_ssl's default names TLSv1, but this OpenSSL's
     * security level refuses it; no finding. */
    {"protocol-legacy: mod_ssl default, refused by OpenSSL", LEAF_A, SSL_CONF("a.pem", "a.key", ""), {{0}},
     {{"protocol-legacy", 0}}, 0},
    /* The default with @SECLEVEL=0: TLSv1 really negotiates (observed with
     * apache2 + s_client -tls1). */
    {"protocol-legacy: mod_ssl default at SECLEVEL 0", LEAF_A,
     SSL_CONF("a.pem", "a.key", "    SSLCipherSuite DEFAULT:@SECLEVEL=0\n"),
     {{"protocol-legacy", TVC_WARNING, 6, 5, {"TLSv1 is enabled", "default"}, NULL}}, {{0}}, 0},
    /* Asked for explicitly: a note, even where OpenSSL refuses it. */
    {"protocol-legacy: explicit", LEAF_A,
     SSL_CONF("a.pem", "a.key", "    SSLProtocol all -SSLv3\n"),
     {{"protocol-legacy", TVC_NOTE, 9, 5, {"SSLProtocol enables TLSv1"}, NULL}}, {{0}}, 0},
    {"protocol-legacy: explicit, none", LEAF_A,
     SSL_CONF("a.pem", "a.key", "    SSLProtocol -all +TLSv1.2 +TLSv1.3\n"), {{0}},
     {{"protocol-legacy", 0}}, 0},
};

static void test_protocol_cases(void)
{
    RUN_CASES(protocol_cases);
}

/* A cipher error points at the directive whose list holds the bad name:
 * the policy readers say which list (mod_tls: prefer or suppress,
 * mod_ssl: the cipher string or the TLS 1.3 list). */
static const check_case cipher_input_cases[] = {
    {"cipher-invalid: in TLSCiphersSuppress", LEAF_A,
     MODTLS_CONF("TLSCiphersPrefer TLS13_AES_128_GCM_SHA256\n"
                 "TLSCiphersSuppress TLS_NOPE\n"),
     {{"cipher-invalid", TVC_ERROR, 3, 20, {"TLSCiphersSuppress: unknown cipher 'TLS_NOPE'"},
       NULL}},
     {{"cipher-invalid", 1}}, 0},
    {"cipher-invalid: in TLSCiphersPrefer", LEAF_A,
     MODTLS_CONF("TLSCiphersPrefer TLS_NOPE\n"
                 "TLSCiphersSuppress TLS13_AES_128_GCM_SHA256\n"),
     {{"cipher-invalid", TVC_ERROR, 2, 18, {"TLSCiphersPrefer: unknown cipher 'TLS_NOPE'"},
       NULL}},
     {{"cipher-invalid", 1}}, 0},
    {"cipher-invalid: in the TLS 1.3 list", LEAF_A,
     SSL_CONF("a.pem", "a.key",
              "    SSLCipherSuite HIGH\n"
              "    SSLCipherSuite TLSv1.3 TLS_NOPE\n"),
     {{"cipher-invalid", TVC_ERROR, 10, 28, {"not a valid TLS 1.3 suite list"}, NULL}},
     {{"cipher-invalid", 1}}, 0},
};

static void test_cipher_input_cases(void)
{
    RUN_CASES(cipher_input_cases);
}

/* ---- shared files, several vhosts -------------------------------------------------------- */

/* One key file used by two vhosts: reported once, at its directive. */
static void test_shared_files_once(void)
{
    BEGIN(t);
    pg_leaf_spec s = {.cn = "a.test", .sans = "DNS:a.test,DNS:b.test"};
    tc_leaf(&t, "a.pem", NULL, &s);
    tc_key(&t, "a.key", pg_key(PG_RSA, 1), NULL, 0600);
    tc_run(&t, SSL_LOAD
               "SSLCertificateFile a.pem\n"
               "SSLCertificateKeyFile a.key\n"
               "<VirtualHost *:443>\n"
               "    ServerName a.test\n"
               "    SSLEngine on\n"
               "</VirtualHost>\n"
               "<VirtualHost *:443>\n"
               "    ServerName b.test\n"
               "    SSLEngine on\n"
               "</VirtualHost>\n");
    AT(&t, "key-mismatch", TVC_ERROR, 5, 1);
    COUNT(&t, "key-mismatch", 1);
    END(t);
}

/* One worker parses a shared intermediate once and checks its signature
 * once: every vhost still gets its own path. b sends the two
 * intermediates in the wrong order; c leaves out the one b sent, which
 * the worker has kept, and its chain is still incomplete. */
static void leaf_with(tc *t, const char *name, const pg_cert *issuer, X509 *c2, X509 *c3)
{
    char san[64], cert[32], key[32];
    snprintf(san, sizeof san, "DNS:%s.test", name);
    snprintf(cert, sizeof cert, "%s.pem", name);
    snprintf(key, sizeof key, "%s.key", name);
    pg_leaf_spec s = {.cn = san + 4, .sans = san, .issuer = issuer};
    pg_cert *l = pg_leaf(&s);
    tc_certs(t, cert, l->x, c2, c3, NULL);
    tc_key(t, key, l->key, NULL, 0600);
    pg_cert_free(l);
}

#define SHARED_VHOST(N)                       \
    "<VirtualHost *:443>\n"                   \
    "    ServerName " N ".test\n"             \
    "    SSLEngine on\n"                      \
    "    SSLCertificateFile " N ".pem\n"      \
    "    SSLCertificateKeyFile " N ".key\n"   \
    "</VirtualHost>\n"

static void test_chain_shared_intermediate(void)
{
    BEGIN(t);
    t.o.threads = 1;
    leaf_with(&t, "a", pg_inter(), pg_inter()->x, NULL);
    leaf_with(&t, "b", pg_inter2(), pg_inter()->x, pg_inter2()->x);
    leaf_with(&t, "c", pg_inter2(), pg_inter()->x, NULL);
    leaf_with(&t, "d", pg_inter(), pg_inter()->x, NULL);
    tc_run(&t, SSL_LOAD SHARED_VHOST("a") SHARED_VHOST("b") SHARED_VHOST("c")
                   SHARED_VHOST("d"));
    AT(&t, "chain-order", TVC_WARNING, 13, 5);
    COUNT(&t, "chain-order", 1);
    const tvc_diag *g = AT(&t, "chain-incomplete", TVC_ERROR, 19, 5);
    MSG(&t, g, "'CN=TVC Test Issuing CA 2,O=tlsvhostc tests'");
    COUNT(&t, "chain-incomplete", 1);
    NONE(&t, "key-mismatch");
    NONE(&t, "file-missing");
    END(t);
}

/* ---- registration ---------------------------------------------------------------------- */

static int suite_init(void)
{
    /* Make the cached PKI up front, so the first test is not slow alone. */
    pg_root();
    pg_inter();
    return 0;
}

static int suite_clean(void)
{
    pg_cleanup();
    return 0;
}

static const struct {
    const char *name;
    void (*fn)(void);
} tests[] = {
    {"clean baseline, file-missing (table)", test_file_cases},
    {"file-missing: key file holds a cert", test_file_missing_key_is_cert},
    {"key-mismatch: RSA/RSA", test_key_mismatch_rsa},
    {"key-mismatch: EC cert, RSA key", test_key_mismatch_ec_rsa},
    {"key-mismatch: Ed25519", test_key_mismatch_ed25519},
    {"key-mismatch: RSA-PSS", test_key_mismatch_rsa_pss},
    {"key-mismatch: none, every key type", test_key_match_all_types},
    {"key-mismatch: key in the cert file", test_key_in_cert_file},
    {"key-encrypted: mod_ssl warns", test_key_encrypted_modssl},
    {"key-encrypted: mod_tls errs", test_key_encrypted_modtls},
    {"key-encrypted: mod_gnutls right PIN", test_key_encrypted_gnutls_pin},
    {"key-encrypted: mod_gnutls wrong PIN", test_key_encrypted_gnutls_wrong_pin},
    {"key-encrypted: mod_gnutls no PIN", test_key_encrypted_gnutls_no_pin},
    {"key-encrypted: none", test_key_encrypted_none},
    {"key-permissions: 0644", test_key_permissions},
    {"key-permissions: 0640, the server's group", test_key_permissions_group},
    {"key-permissions: 0640, another group", test_key_permissions_other_group},
    {"key-permissions: 0600", test_key_permissions_0600},
    {"chain-order: intermediates swapped", test_chain_order},
    {"chain-order: mod_gnutls errs", test_chain_order_gnutls},
    {"chain-order: none", test_chain_order_ok},
    {"chain-order: none across SSLCertificateChainFile", test_chain_order_chainfile},
    {"chain-order: leaf after its issuer", test_chain_leaf_not_first},
    {"chain-order: none, the key fits no certificate", test_chain_leaf_absent},
    {"chain-incomplete: missing intermediate", test_chain_incomplete},
    {"chain-incomplete: missing upper intermediate", test_chain_incomplete_upper},
    {"chain-incomplete: untrusted root", test_chain_untrusted_root},
    {"chain-*: complete chain", test_chain_complete},
    {"chain-extra", test_chain_extra},
    {"chain-extra: intermediate sent twice", test_chain_duplicate},
    {"chain-root-included", test_chain_root_included},
    {"cert-expired", test_cert_expired},
    {"cert-expired: intermediate", test_cert_expired_chain},
    {"cert-not-yet-valid", test_cert_not_yet_valid},
    {"cert-expiring", test_cert_expiring},
    {"cert-*: valid", test_cert_valid},
    {"cert-name-mismatch (table)", test_name_cases},
    {"SNI (table)", test_sni_cases},
    {"must-staple and staple-* (table)", test_staple_cases},
    {"no-certificate: managed by mod_md (note)", test_no_cert_md_managed},
    {"no-certificate: not managed by mod_md", test_no_cert_md_unmanaged},
    {"protocol-legacy (table)", test_protocol_cases},
    {"cipher-invalid: which list (table)", test_cipher_input_cases},
    {"shared files reported once", test_shared_files_once},
    {"chain: a shared intermediate parsed once, paths per vhost", test_chain_shared_intermediate},
};

void tvc_test_checks_register(void)
{
    CU_pSuite s = CU_add_suite("checks", suite_init, suite_clean);
    if (!s)
        return;
    for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++)
        CU_add_test(s, tests[i].name, tests[i].fn);
}
