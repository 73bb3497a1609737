/* The certificate, SNI and stapling checks (checks/[a-z]*.c), end to end:
 * each case writes a PKI made by pki_gen.c and an httpd.conf into a
 * scratch directory, parses it, builds the IR and runs tvc_checks_run
 * with the generated root as the only trust anchor and a fixed clock.
 * For every check id there is a case where it must fire (id, severity
 * and file:line:col asserted) and one where it must not.
 *
 * Configs use paths relative to the config's directory (the default
 * ServerRoot), so columns do not depend on the scratch directory name. */
#include "config.h"

#include <errno.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CUnit/CUnit.h>

#include "checks/checks.h"
#include "ir/arena.h"
#include "ir/build.h"
#include "ir/diag.h"
#include "ir/ir.h"
#include "parser/parser.h"
#include "policy/expand.h"
#include "tests/pki_gen.h"

void tvc_test_checks_register(void);

/* ---- harness ------------------------------------------------------------ */

typedef struct tc {
    char dir[64];
    tvc_arena *a;
    tvc_diags d;
    tvc_config *cfg;
    tvc_ir *ir;
    tvc_check_opts o;
    int rc;
} tc;

static void tc_fail(unsigned line, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void tc_fail(unsigned line, const char *fmt, ...)
{
    char msg[8192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    CU_assertImplementation(CU_FALSE, line, msg, __FILE__, "", CU_FALSE);
}

static void tc_ok(unsigned line)
{
    CU_assertImplementation(CU_TRUE, line, "ok", __FILE__, "", CU_FALSE);
}

static const char *tc_path(tc *t, const char *rel)
{
    return tvc_arena_printf(t->a, "%s/%s", t->dir, rel);
}

/* A scratch directory with the root CA in root.pem. */
static int tc_init(tc *t)
{
    memset(t, 0, sizeof *t);
    snprintf(t->dir, sizeof t->dir, "/tmp/tvc-checks.XXXXXX");
    if (!mkdtemp(t->dir)) {
        tc_fail(__LINE__, "mkdtemp: %s", strerror(errno));
        t->dir[0] = '\0';
        return -1;
    }
    t->a = tvc_arena_new();
    tvc_diags_init(&t->d, t->a);
    pg_write_cert(tc_path(t, "root.pem"), pg_root()->x);
    t->o.ca_file = tc_path(t, "root.pem");
    t->o.now = PG_NOW;
    t->o.expiry_warn_days = 30;
    t->o.threads = 2;
    return 0;
}

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *f)
{
    (void)st, (void)flag, (void)f;
    remove(p);
    return 0;
}

static void tc_done(tc *t)
{
    if (t->dir[0] && !strncmp(t->dir, "/tmp/tvc-checks.", 16))
        nftw(t->dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
    if (t->a)
        tvc_arena_free(t->a);
    memset(t, 0, sizeof *t);
}

static void tc_write(tc *t, const char *rel, const char *text)
{
    FILE *f = fopen(tc_path(t, rel), "w");
    if (!f) {
        tc_fail(__LINE__, "cannot write %s: %s", rel, strerror(errno));
        return;
    }
    fputs(text, f);
    fclose(f);
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
    t->cfg = tvc_parse_file(t->a, &t->d, tc_path(t, "httpd.conf"), &po);
    if (!t->cfg) {
        tc_fail(__LINE__, "tvc_parse_file failed on %s/httpd.conf", t->dir);
        return;
    }
    t->ir = tvc_ir_build(t->a, &t->d, t->cfg);
    if (!t->ir) {
        tc_fail(__LINE__, "tvc_ir_build failed");
        return;
    }
    /* As the CLI does: the protocol checks need the effective range. */
    tvc_policy_expand_ir(t->a, &t->d, t->ir);
    t->rc = tvc_checks_run(t->a, &t->d, t->ir, &t->o);
    if (t->rc != 0)
        tc_fail(__LINE__, "tvc_checks_run returned %d", t->rc);
}

static const char *base(const char *p)
{
    const char *s = p ? strrchr(p, '/') : NULL;
    return s ? s + 1 : p ? p : "";
}

/* All findings, one a line, for failure messages. */
static const char *tc_list(tc *t)
{
    const char *s = "";
    for (const tvc_diag *g = t->d.head; g; g = g->next)
        s = tvc_arena_printf(t->a, "%s\n    %s:%u:%u: %s [%s] %s", s, base(g->loc.file),
                             g->loc.line, g->loc.col, tvc_severity_name(g->severity), g->id,
                             g->message);
    return *s ? s : " (none)";
}

static size_t tc_count(tc *t, const char *id)
{
    size_t n = 0;
    for (const tvc_diag *g = t->d.head; g; g = g->next)
        n += !strcmp(g->id, id);
    return n;
}

/* The finding `id` at httpd.conf:line:col with severity `sev`. */
static const tvc_diag *expect_at(tc *t, const char *id, tvc_severity sev, unsigned line,
                                 unsigned col, unsigned src)
{
    for (const tvc_diag *g = t->d.head; g; g = g->next) {
        if (strcmp(g->id, id) || !g->loc.file || strcmp(base(g->loc.file), "httpd.conf") ||
            g->loc.line != line || g->loc.col != col)
            continue;
        if (g->severity != sev) {
            tc_fail(src, "[%s] at httpd.conf:%u:%u is %s, expected %s; findings:%s", id, line,
                    col, tvc_severity_name(g->severity), tvc_severity_name(sev), tc_list(t));
            return g;
        }
        tc_ok(src);
        return g;
    }
    tc_fail(src, "expected [%s] %s at httpd.conf:%u:%u; findings:%s", id,
            tvc_severity_name(sev), line, col, tc_list(t));
    return NULL;
}

static void expect_none(tc *t, const char *id, unsigned src)
{
    if (tc_count(t, id))
        tc_fail(src, "expected no [%s]; findings:%s", id, tc_list(t));
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
    for (const tvc_diag *g = t->d.head; g; g = g->next)
        if (!foreign(g->id)) {
            tc_fail(src, "expected no findings; findings:%s", tc_list(t));
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
                g->message, sub, tc_list(t));
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
                tc_list(t));
    else
        tc_ok(src);
}

#define AT(t, id, sev, line, col) expect_at((t), (id), (sev), (line), (col), __LINE__)
#define NONE(t, id) expect_none((t), (id), __LINE__)
#define CLEAN(t) expect_clean((t), __LINE__)
#define MSG(t, g, sub) expect_msg((t), (g), (sub), __LINE__)
#define VHOST(t, g, name, port) expect_vhost((t), (g), (name), (port), __LINE__)
#define COUNT(t, id, n)                                                            \
    do {                                                                           \
        size_t n_ = tc_count((t), (id));                                           \
        if (n_ != (size_t)(n))                                                     \
            tc_fail(__LINE__, "%zu x [%s], expected %d; findings:%s", n_, (id),    \
                    (int)(n), tc_list(t));                                         \
        else                                                                       \
            tc_ok(__LINE__);                                                       \
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

/* ---- the baseline ------------------------------------------------------- */

static void test_clean(void)
{
    BEGIN(t);
    tc_leaf_a(&t);
    tc_run(&t, SSL_CONF("a.pem", "a.key", ""));
    CLEAN(&t);
    END(t);
}

/* ---- file-missing ----------------------------------------------------------- */

static void test_file_missing_cert(void)
{
    BEGIN(t);
    tc_leaf_a(&t);
    tc_run(&t, SSL_CONF("nope.pem", "a.key", ""));
    const tvc_diag *g = AT(&t, "file-missing", TVC_ERROR, 7, 5);
    MSG(&t, g, "nope.pem");
    VHOST(&t, g, "a.test", 443);
    COUNT(&t, "file-missing", 1);
    NONE(&t, "key-mismatch");
    END(t);
}

static void test_file_missing_key(void)
{
    BEGIN(t);
    tc_leaf_a(&t);
    tc_run(&t, SSL_CONF("a.pem", "nope.key", ""));
    const tvc_diag *g = AT(&t, "file-missing", TVC_ERROR, 8, 5);
    MSG(&t, g, "nope.key");
    COUNT(&t, "file-missing", 1);
    NONE(&t, "key-mismatch");
    NONE(&t, "key-permissions");
    END(t);
}

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

static void test_file_missing_ca(void)
{
    BEGIN(t);
    tc_leaf_a(&t);
    tc_run(&t, SSL_CONF("a.pem", "a.key",
                        "    SSLVerifyClient require\n"
                        "    SSLCACertificateFile noca.pem\n"));
    const tvc_diag *g = AT(&t, "file-missing", TVC_ERROR, 10, 5);
    MSG(&t, g, "noca.pem");
    COUNT(&t, "file-missing", 1);
    END(t);
}

static void test_file_missing_none(void)
{
    BEGIN(t);
    tc_leaf_a(&t);
    tc_run(&t, SSL_CONF("a.pem", "a.key",
                        "    SSLVerifyClient require\n"
                        "    SSLCACertificateFile root.pem\n"));
    NONE(&t, "file-missing");
    CLEAN(&t);
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
        for (const tvc_diag *g = t.d.head; g; g = g->next)
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
    for (const tvc_diag *d = t.d.head; d; d = d->next)
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
    const char *conf = tvc_arena_printf(t.a, "Group #%u\n" SSL_CONF("a.pem", "a.key", ""),
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
    const char *conf = tvc_arena_printf(t.a, "Group #%u\n" SSL_CONF("a.pem", "a.key", ""),
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

static void test_name_wildcard(void)
{
    BEGIN(t);
    pg_leaf_spec s = {.cn = "wild", .sans = "DNS:*.a.test,DNS:b.test"};
    tc_leaf(&t, "a.pem", "a.key", &s);
    /* line 5 "    ServerName a.test": col 16; line 6 aliases at 17, 28, 39 */
    tc_run(&t, NAMES_CONF("a.test", "www.a.test x.y.a.test WWW.A.TEST B.Test"));
    const tvc_diag *g = AT(&t, "cert-name-mismatch", TVC_ERROR, 5, 16);
    MSG(&t, g, "'a.test' is not covered");
    MSG(&t, g, "*.a.test, b.test");
    g = AT(&t, "cert-name-mismatch", TVC_ERROR, 6, 28);
    MSG(&t, g, "'x.y.a.test'");
    COUNT(&t, "cert-name-mismatch", 2);
    END(t);
}

static void test_name_covered(void)
{
    BEGIN(t);
    pg_leaf_spec s = {.cn = "wild", .sans = "DNS:*.a.test,DNS:a.test,IP:192.0.2.7"};
    tc_leaf(&t, "a.pem", "a.key", &s);
    tc_run(&t, NAMES_CONF("A.Test", "www.a.test WWW.A.TEST mail.A.test 192.0.2.7"));
    NONE(&t, "cert-name-mismatch");
    CLEAN(&t);
    END(t);
}

/* IP SANs are compared as addresses, however they are written. */
static void test_name_ip(void)
{
    BEGIN(t);
    pg_leaf_spec s = {.cn = "ip", .sans = "DNS:a.test,IP:2001:db8::1,IP:192.0.2.1"};
    tc_leaf(&t, "a.pem", "a.key", &s);
    /* aliases at 6:17, 6:29, 6:43, 6:64, 6:74 */
    tc_run(&t, NAMES_CONF("a.test", "2001:db8::1 [2001:DB8::1] 2001:db8:0:0:0:0:0:1 "
                                    "192.0.2.1 2001:db8::2"));
    const tvc_diag *g = AT(&t, "cert-name-mismatch", TVC_ERROR, 6, 74);
    MSG(&t, g, "'2001:db8::2'");
    COUNT(&t, "cert-name-mismatch", 1);
    END(t);
}

/* Partial wildcards cover nothing. */
static void test_name_partial_wildcard(void)
{
    BEGIN(t);
    pg_leaf_spec s = {.cn = "wild", .sans = "DNS:a.test,DNS:w*.a.test"};
    tc_leaf(&t, "a.pem", "a.key", &s);
    tc_run(&t, NAMES_CONF("a.test", "www.a.test"));
    AT(&t, "cert-name-mismatch", TVC_ERROR, 6, 17);
    COUNT(&t, "cert-name-mismatch", 1);
    END(t);
}

static void test_name_cn_only(void)
{
    BEGIN(t);
    pg_leaf_spec s = {.cn = "a.test"}; /* no SANs */
    tc_leaf(&t, "a.pem", "a.key", &s);
    tc_run(&t, SSL_CONF("a.pem", "a.key", ""));
    const tvc_diag *g = AT(&t, "cert-name-mismatch", TVC_NOTE, 5, 16);
    MSG(&t, g, "only by the subject CN");
    COUNT(&t, "cert-name-mismatch", 1);
    END(t);
}

/* With SANs, the CN does not count. */
static void test_name_cn_ignored_with_sans(void)
{
    BEGIN(t);
    pg_leaf_spec s = {.cn = "a.test", .sans = "DNS:other.test"};
    tc_leaf(&t, "a.pem", "a.key", &s);
    tc_run(&t, SSL_CONF("a.pem", "a.key", ""));
    AT(&t, "cert-name-mismatch", TVC_ERROR, 5, 16);
    END(t);
}

static void test_name_idn(void)
{
    BEGIN(t);
    pg_leaf_spec s = {.cn = "idn", .sans = "DNS:xn--bcher-kva.test,DNS:xn--mnchen-3ya.test"};
    tc_leaf(&t, "a.pem", "a.key", &s);
    tc_run(&t, NAMES_CONF("b\xc3\xbc" "cher.test", "M\xc3\xbc" "nchen.test"));
    NONE(&t, "cert-name-mismatch");
    CLEAN(&t);
    END(t);
}

static void test_name_idn_mismatch(void)
{
    BEGIN(t);
    pg_leaf_spec s = {.cn = "idn", .sans = "DNS:bucher.test"};
    tc_leaf(&t, "a.pem", "a.key", &s);
    tc_run(&t, NAMES_CONF("b\xc3\xbc" "cher.test", "bucher.test"));
    const tvc_diag *g = AT(&t, "cert-name-mismatch", TVC_ERROR, 5, 16);
    MSG(&t, g, "(xn--bcher-kva.test)");
    COUNT(&t, "cert-name-mismatch", 1);
    END(t);
}

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

static void sni_pki(tc *t)
{
    pg_leaf_spec s = {.cn = "a.test", .sans = "DNS:a.test,DNS:b.test,DNS:*.w.test"};
    tc_leaf(t, "a.pem", "a.key", &s);
}

static void test_sni_collision(void)
{
    BEGIN(t);
    sni_pki(&t);
    tc_run(&t, TWO_VHOSTS("*:443", "a.test", TLS2));
    /* line 13 "    ServerName a.test" of the second vhost */
    const tvc_diag *g = AT(&t, "sni-collision", TVC_ERROR, 13, 16);
    MSG(&t, g, "httpd.conf:5");
    COUNT(&t, "sni-collision", 1);
    END(t);
}

static void test_sni_collision_case(void)
{
    BEGIN(t);
    sni_pki(&t);
    tc_run(&t, TWO_VHOSTS("*:443", "A.TEST", TLS2));
    AT(&t, "sni-collision", TVC_ERROR, 13, 16);
    END(t);
}

static void test_sni_collision_other_port(void)
{
    BEGIN(t);
    sni_pki(&t);
    tc_run(&t, TWO_VHOSTS("*:8443", "a.test", TLS2));
    NONE(&t, "sni-collision");
    CLEAN(&t);
    END(t);
}

static void test_sni_shadowed(void)
{
    BEGIN(t);
    sni_pki(&t);
    /* www.w.test is taken by the first vhost's alias *.w.test */
    tc_run(&t, TWO_VHOSTS("*:443", "www.w.test", TLS2));
    const tvc_diag *g = AT(&t, "sni-shadowed", TVC_WARNING, 13, 16);
    MSG(&t, g, "*.w.test");
    NONE(&t, "sni-collision");
    END(t);
}

static void test_sni_not_shadowed(void)
{
    BEGIN(t);
    sni_pki(&t);
    /* Specific name first, wildcard after: both reachable. */
    tc_run(&t, SSL_LOAD
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
               "</VirtualHost>\n");
    NONE(&t, "sni-shadowed");
    CLEAN(&t);
    END(t);
}

static void test_sni_no_tls(void)
{
    BEGIN(t);
    sni_pki(&t);
    tc_run(&t, TWO_VHOSTS("*:443", "b.test", ""));
    const tvc_diag *g = AT(&t, "sni-no-tls", TVC_ERROR, 12, 1);
    MSG(&t, g, "SSLEngine on");
    VHOST(&t, g, "b.test", 443);
    COUNT(&t, "sni-no-tls", 1);
    END(t);
}

static void test_sni_no_tls_other_port(void)
{
    BEGIN(t);
    sni_pki(&t);
    tc_run(&t, TWO_VHOSTS("*:8443", "b.test", ""));
    NONE(&t, "sni-no-tls");
    CLEAN(&t);
    END(t);
}

static void test_sni_mixed_modules(void)
{
    BEGIN(t);
    sni_pki(&t);
    tc_run(&t, "LoadModule ssl_module modules/mod_ssl.so\n"
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
               "</VirtualHost>\n");
    const tvc_diag *g = AT(&t, "sni-mixed-modules", TVC_ERROR, 11, 1);
    MSG(&t, g, "mod_tls");
    MSG(&t, g, "mod_ssl");
    COUNT(&t, "sni-mixed-modules", 1);
    END(t);
}

static void test_sni_mixed_modules_other_port(void)
{
    BEGIN(t);
    sni_pki(&t);
    tc_run(&t, "LoadModule ssl_module modules/mod_ssl.so\n"
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
               "</VirtualHost>\n");
    NONE(&t, "sni-mixed-modules");
    CLEAN(&t);
    END(t);
}

/* ---- stapling -------------------------------------------------------------------------- */

#define OCSP_URI "http://ocsp.test/"

static void staple_pki(tc *t, int must, const char *ocsp, int with_issuer)
{
    pg_leaf_spec s = {.cn = "a.test", .sans = "DNS:a.test", .must_staple = must,
                      .ocsp_uri = ocsp};
    pg_cert *l = pg_leaf(&s);
    tc_certs(t, "a.pem", l->x, with_issuer ? pg_inter()->x : NULL, NULL, NULL);
    tc_key(t, "a.key", l->key, NULL, 0600);
    pg_cert_free(l);
}

static void test_must_staple_modssl(void)
{
    BEGIN(t);
    staple_pki(&t, 1, OCSP_URI, 1);
    tc_run(&t, SSL_CONF("a.pem", "a.key", ""));
    const tvc_diag *g = AT(&t, "must-staple", TVC_ERROR, 7, 5);
    MSG(&t, g, "SSLUseStapling is off");
    COUNT(&t, "must-staple", 1);
    END(t);
}

static void test_must_staple_modssl_no_cache(void)
{
    BEGIN(t);
    staple_pki(&t, 1, OCSP_URI, 1);
    tc_run(&t, SSL_CONF("a.pem", "a.key", "    SSLUseStapling on\n"));
    const tvc_diag *g = AT(&t, "must-staple", TVC_ERROR, 7, 5);
    MSG(&t, g, "SSLStaplingCache");
    END(t);
}

static void test_must_staple_modssl_ok(void)
{
    BEGIN(t);
    staple_pki(&t, 1, OCSP_URI, 1);
    tc_run(&t, "SSLStaplingCache shmcb:logs/ssl_stapling(32768)\n"
               SSL_CONF("a.pem", "a.key", "    SSLUseStapling on\n"));
    NONE(&t, "must-staple");
    CLEAN(&t);
    END(t);
}

/* Stapling on, but it cannot work: no responder, or no issuer. */
static void test_must_staple_modssl_cannot_work(void)
{
    {
        BEGIN(t);
        staple_pki(&t, 1, NULL, 1);
        tc_run(&t, "SSLStaplingCache shmcb:logs/ssl_stapling(32768)\n"
                   SSL_CONF("a.pem", "a.key", "    SSLUseStapling on\n"));
        const tvc_diag *g = AT(&t, "must-staple", TVC_ERROR, 8, 5);
        MSG(&t, g, "no OCSP URI");
        AT(&t, "staple-no-responder", TVC_WARNING, 10, 5);
        END(t);
    }
    {
        BEGIN(t);
        staple_pki(&t, 1, OCSP_URI, 0);
        tc_run(&t, "SSLStaplingCache shmcb:logs/ssl_stapling(32768)\n"
                   SSL_CONF("a.pem", "a.key", "    SSLUseStapling on\n"));
        const tvc_diag *g = AT(&t, "must-staple", TVC_ERROR, 8, 5);
        MSG(&t, g, "AH02217");
        AT(&t, "staple-no-issuer", TVC_WARNING, 10, 5);
        END(t);
    }
    /* The issuer in SSLCACertificateFile is found (mod_ssl looks in its
     * store too). */
    {
        BEGIN(t);
        staple_pki(&t, 1, OCSP_URI, 0);
        tc_certs(&t, "ca.pem", pg_inter()->x, pg_root()->x, NULL, NULL);
        tc_run(&t, "SSLStaplingCache shmcb:logs/ssl_stapling(32768)\n"
                   SSL_CONF("a.pem", "a.key", "    SSLUseStapling on\n"
                                              "    SSLCACertificateFile ca.pem\n"));
        NONE(&t, "must-staple");
        NONE(&t, "staple-no-issuer");
        END(t);
    }
}

static void test_must_staple_modtls_no_uri(void)
{
    BEGIN(t);
    staple_pki(&t, 1, NULL, 1);
    tc_run(&t, MODTLS_CONF("LoadModule md_module modules/mod_md.so\n"
                           "MDStapling on\n"));
    const tvc_diag *g = AT(&t, "must-staple", TVC_ERROR, 8, 5);
    MSG(&t, g, "no OCSP URI");
    AT(&t, "staple-no-responder", TVC_WARNING, 8, 5);
    END(t);
}

/* Not must-staple, stapling off: nothing to say. */
static void test_must_staple_plain_cert(void)
{
    BEGIN(t);
    staple_pki(&t, 0, OCSP_URI, 1);
    tc_run(&t, SSL_CONF("a.pem", "a.key", ""));
    NONE(&t, "must-staple");
    CLEAN(&t);
    END(t);
}

static void test_must_staple_modtls(void)
{
    BEGIN(t);
    staple_pki(&t, 1, OCSP_URI, 1);
    tc_run(&t, MODTLS_CONF(NO_MD));
    const tvc_diag *g = AT(&t, "must-staple", TVC_ERROR, 8, 5);
    MSG(&t, g, "mod_md");
    END(t);
}

static void test_must_staple_modtls_md(void)
{
    BEGIN(t);
    staple_pki(&t, 1, OCSP_URI, 1);
    tc_run(&t, MODTLS_CONF("LoadModule md_module modules/mod_md.so\n"
                           "MDStapling on\n"));
    NONE(&t, "must-staple");
    NONE(&t, "staple-no-responder");
    CLEAN(&t);
    END(t);
}

static void test_must_staple_modtls_md_off(void)
{
    BEGIN(t);
    staple_pki(&t, 1, OCSP_URI, 1);
    tc_run(&t, MODTLS_CONF("LoadModule md_module modules/mod_md.so\n"
                           "\n"));
    const tvc_diag *g = AT(&t, "must-staple", TVC_ERROR, 8, 5);
    MSG(&t, g, "MDStapling is off");
    END(t);
}

/* mod_gnutls staples by default when it can: with socache_shmcb, the
 * issuer in the file and an OCSP URI, a must-staple cert is fine. */
static void test_must_staple_gnutls_default(void)
{
    BEGIN(t);
    staple_pki(&t, 1, OCSP_URI, 1);
    tc_run(&t, GNUTLS_CONF(SHMCB, ""));
    NONE(&t, "must-staple");
    CLEAN(&t);
    END(t);
}

static void test_must_staple_gnutls_no_cache(void)
{
    BEGIN(t);
    staple_pki(&t, 1, OCSP_URI, 1);
    tc_run(&t, GNUTLS_CONF(NO_SHMCB, ""));
    const tvc_diag *g = AT(&t, "must-staple", TVC_ERROR, 7, 5);
    MSG(&t, g, "no OCSP cache");
    MSG(&t, g, "mod_gnutls refuses to start");
    END(t);
}

static void test_must_staple_gnutls_off(void)
{
    BEGIN(t);
    staple_pki(&t, 1, OCSP_URI, 1);
    tc_run(&t, GNUTLS_CONF(SHMCB, "    GnuTLSOCSPStapling off\n"));
    const tvc_diag *g = AT(&t, "must-staple", TVC_ERROR, 7, 5);
    MSG(&t, g, "GnuTLSOCSPStapling is off");
    END(t);
}

static void test_must_staple_gnutls_no_issuer(void)
{
    BEGIN(t);
    staple_pki(&t, 1, OCSP_URI, 0);
    tc_run(&t, GNUTLS_CONF(SHMCB, ""));
    const tvc_diag *g = AT(&t, "must-staple", TVC_ERROR, 7, 5);
    MSG(&t, g, "issuer certificate");
    END(t);
}

static void test_staple_no_responder(void)
{
    BEGIN(t);
    staple_pki(&t, 0, NULL, 1);
    tc_run(&t, "SSLStaplingCache shmcb:logs/ssl_stapling(32768)\n"
               SSL_CONF("a.pem", "a.key", "    SSLUseStapling on\n"));
    /* SSLUseStapling is on line 10 (the cache line comes first). */
    const tvc_diag *g = AT(&t, "staple-no-responder", TVC_WARNING, 10, 5);
    MSG(&t, g, "no OCSP responder");
    COUNT(&t, "staple-no-responder", 1);
    NONE(&t, "staple-no-issuer");
    END(t);
}

static void test_staple_responder(void)
{
    /* An AIA OCSP URI. */
    {
        BEGIN(t);
        staple_pki(&t, 0, OCSP_URI, 1);
        tc_run(&t, "SSLStaplingCache shmcb:logs/ssl_stapling(32768)\n"
                   SSL_CONF("a.pem", "a.key", "    SSLUseStapling on\n"));
        NONE(&t, "staple-no-responder");
        CLEAN(&t);
        END(t);
    }
    /* No URI, but SSLStaplingForceURL. */
    {
        BEGIN(t);
        staple_pki(&t, 0, NULL, 1);
        tc_run(&t, "SSLStaplingCache shmcb:logs/ssl_stapling(32768)\n"
                   SSL_CONF("a.pem", "a.key", "    SSLUseStapling on\n"
                                              "    SSLStaplingForceURL http://ocsp.test/\n"));
        NONE(&t, "staple-no-responder");
        END(t);
    }
    /* Stapling off: no responder needed. */
    {
        BEGIN(t);
        staple_pki(&t, 0, NULL, 1);
        tc_run(&t, SSL_CONF("a.pem", "a.key", ""));
        NONE(&t, "staple-no-responder");
        CLEAN(&t);
        END(t);
    }
}

static void test_staple_no_issuer(void)
{
    BEGIN(t);
    staple_pki(&t, 0, OCSP_URI, 0);
    tc_run(&t, "SSLStaplingCache shmcb:logs/ssl_stapling(32768)\n"
               SSL_CONF("a.pem", "a.key", "    SSLUseStapling on\n"));
    const tvc_diag *g = AT(&t, "staple-no-issuer", TVC_WARNING, 10, 5);
    MSG(&t, g, "AH02217");
    COUNT(&t, "staple-no-issuer", 1);
    NONE(&t, "staple-no-responder");
    END(t);
}

static void test_staple_issuer(void)
{
    BEGIN(t);
    staple_pki(&t, 0, OCSP_URI, 1);
    tc_run(&t, "SSLStaplingCache shmcb:logs/ssl_stapling(32768)\n"
               SSL_CONF("a.pem", "a.key", "    SSLUseStapling on\n"));
    NONE(&t, "staple-no-issuer");
    END(t);
}

static void test_staple_gnutls_explicit(void)
{
    BEGIN(t);
    staple_pki(&t, 0, NULL, 0);
    tc_run(&t, GNUTLS_CONF(SHMCB, "    GnuTLSOCSPStapling on\n"));
    /* the 0.13 oracle refuses to start: "OCSP stapling configuration
     * failed" (tests/differential_test.sh) */
    AT(&t, "staple-no-responder", TVC_ERROR, 9, 5);
    AT(&t, "staple-no-issuer", TVC_ERROR, 9, 5);
    END(t);
}

/* SSLUseStapling on without SSLStaplingCache: AH01958 at start. */
static void test_staple_no_cache(void)
{
    BEGIN(t);
    staple_pki(&t, 0, OCSP_URI, 1);
    tc_run(&t, SSL_CONF("a.pem", "a.key", "    SSLUseStapling on\n"));
    const tvc_diag *g = AT(&t, "staple-no-cache", TVC_ERROR, 9, 5);
    MSG(&t, g, "AH01958");
    MSG(&t, g, "apachectl -t passes");
    COUNT(&t, "staple-no-cache", 1);
    END(t);
}

/* Server-level SSLUseStapling inherited by two vhosts: one finding. */
static void test_staple_no_cache_once(void)
{
    BEGIN(t);
    staple_pki(&t, 0, OCSP_URI, 1);
    tc_run(&t, "SSLUseStapling on\n"
               SSL_CONF("a.pem", "a.key", "")
               "<VirtualHost *:443>\n"
               "    ServerName b.test\n"
               "    SSLEngine on\n"
               "    SSLCertificateFile a.pem\n"
               "    SSLCertificateKeyFile a.key\n"
               "</VirtualHost>\n");
    AT(&t, "staple-no-cache", TVC_ERROR, 1, 1);
    COUNT(&t, "staple-no-cache", 1);
    END(t);
}

static void test_staple_cache(void)
{
    {
        BEGIN(t);
        staple_pki(&t, 0, OCSP_URI, 1);
        tc_run(&t, "SSLStaplingCache shmcb:logs/ssl_stapling(32768)\n"
                   SSL_CONF("a.pem", "a.key", "    SSLUseStapling on\n"));
        NONE(&t, "staple-no-cache");
        CLEAN(&t);
        END(t);
    }
    /* Stapling off: no cache needed. */
    {
        BEGIN(t);
        staple_pki(&t, 0, OCSP_URI, 1);
        tc_run(&t, SSL_CONF("a.pem", "a.key", "    SSLUseStapling off\n"));
        NONE(&t, "staple-no-cache");
        END(t);
    }
}

/* mod_gnutls: an explicit GnuTLSOCSPStapling on without an OCSP cache
 * (no socache_shmcb, no GnuTLSOCSPCache) fails at start; the default
 * ("on when possible") just stays off. */
static void test_staple_no_cache_gnutls(void)
{
    {
        BEGIN(t);
        staple_pki(&t, 0, OCSP_URI, 1);
        tc_run(&t, GNUTLS_CONF(NO_SHMCB, "    GnuTLSOCSPStapling on\n"));
        const tvc_diag *g = AT(&t, "staple-no-cache", TVC_ERROR, 9, 5);
        MSG(&t, g, "fails at start");
        END(t);
    }
    {
        BEGIN(t);
        staple_pki(&t, 0, OCSP_URI, 1);
        tc_run(&t, GNUTLS_CONF(NO_SHMCB, ""));
        NONE(&t, "staple-no-cache");
        END(t);
    }
    {
        BEGIN(t);
        staple_pki(&t, 0, OCSP_URI, 1);
        tc_run(&t, GNUTLS_CONF(SHMCB, "    GnuTLSOCSPStapling on\n"));
        NONE(&t, "staple-no-cache");
        END(t);
    }
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
        if (!tc_count(&t, "no-certificate"))
            tc_fail(__LINE__, "%s: expected [no-certificate]; findings:%s", cases[i].what,
                    tc_list(&t));
        for (const tvc_diag *g = t.d.head; g; g = g->next)
            if (!strcmp(g->id, "no-certificate") && g->severity != TVC_ERROR)
                tc_fail(__LINE__, "%s: [no-certificate] is not an error; findings:%s",
                        cases[i].what, tc_list(&t));
        END(t);
    }
}

/* ---- protocol-legacy (mod_ssl) ------------------------------------------------------ */

/* Nothing configured: mod_ssl's default names TLSv1, but this OpenSSL's
 * security level refuses it; no finding. */
static void test_protocol_legacy_default(void)
{
    BEGIN(t);
    tc_leaf_a(&t);
    tc_run(&t, SSL_CONF("a.pem", "a.key", ""));
    NONE(&t, "protocol-legacy");
    END(t);
}

/* The default with @SECLEVEL=0: TLSv1 really negotiates (observed with
 * apache2 + s_client -tls1). */
static void test_protocol_legacy_default_seclevel0(void)
{
    BEGIN(t);
    tc_leaf_a(&t);
    tc_run(&t, SSL_CONF("a.pem", "a.key", "    SSLCipherSuite DEFAULT:@SECLEVEL=0\n"));
    const tvc_diag *g = AT(&t, "protocol-legacy", TVC_WARNING, 6, 5);
    MSG(&t, g, "TLSv1 is enabled");
    MSG(&t, g, "default");
    END(t);
}

/* Asked for explicitly: a note, even where OpenSSL refuses it. */
static void test_protocol_legacy_explicit(void)
{
    {
        BEGIN(t);
        tc_leaf_a(&t);
        tc_run(&t, SSL_CONF("a.pem", "a.key", "    SSLProtocol all -SSLv3\n"));
        const tvc_diag *g = AT(&t, "protocol-legacy", TVC_NOTE, 9, 5);
        MSG(&t, g, "SSLProtocol enables TLSv1");
        END(t);
    }
    {
        BEGIN(t);
        tc_leaf_a(&t);
        tc_run(&t, SSL_CONF("a.pem", "a.key", "    SSLProtocol -all +TLSv1.2 +TLSv1.3\n"));
        NONE(&t, "protocol-legacy");
        END(t);
    }
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
    {"clean baseline", test_clean},
    {"file-missing: cert", test_file_missing_cert},
    {"file-missing: key", test_file_missing_key},
    {"file-missing: key file holds a cert", test_file_missing_key_is_cert},
    {"file-missing: CA file", test_file_missing_ca},
    {"file-missing: none", test_file_missing_none},
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
    {"cert-name-mismatch: wildcard rules", test_name_wildcard},
    {"cert-name-mismatch: covered", test_name_covered},
    {"cert-name-mismatch: IP addresses", test_name_ip},
    {"cert-name-mismatch: partial wildcard", test_name_partial_wildcard},
    {"cert-name-mismatch: CN only (note)", test_name_cn_only},
    {"cert-name-mismatch: CN ignored with SANs", test_name_cn_ignored_with_sans},
    {"cert-name-mismatch: IDN matched as A-label", test_name_idn},
    {"cert-name-mismatch: IDN mismatch", test_name_idn_mismatch},
    {"sni-collision", test_sni_collision},
    {"sni-collision: case-insensitive", test_sni_collision_case},
    {"sni-collision: other port", test_sni_collision_other_port},
    {"sni-shadowed: earlier wildcard", test_sni_shadowed},
    {"sni-shadowed: wildcard later", test_sni_not_shadowed},
    {"sni-no-tls", test_sni_no_tls},
    {"sni-no-tls: other port", test_sni_no_tls_other_port},
    {"sni-mixed-modules", test_sni_mixed_modules},
    {"sni-mixed-modules: other port", test_sni_mixed_modules_other_port},
    {"must-staple: mod_ssl off", test_must_staple_modssl},
    {"must-staple: mod_ssl no cache", test_must_staple_modssl_no_cache},
    {"must-staple: mod_ssl on", test_must_staple_modssl_ok},
    {"must-staple: mod_ssl on, cannot work", test_must_staple_modssl_cannot_work},
    {"must-staple: plain cert", test_must_staple_plain_cert},
    {"must-staple: mod_tls without mod_md", test_must_staple_modtls},
    {"must-staple: mod_tls with MDStapling", test_must_staple_modtls_md},
    {"must-staple: mod_tls, MDStapling off", test_must_staple_modtls_md_off},
    {"must-staple: mod_tls, no OCSP URI", test_must_staple_modtls_no_uri},
    {"must-staple: mod_gnutls defaults", test_must_staple_gnutls_default},
    {"must-staple: mod_gnutls no cache", test_must_staple_gnutls_no_cache},
    {"must-staple: mod_gnutls off", test_must_staple_gnutls_off},
    {"must-staple: mod_gnutls no issuer", test_must_staple_gnutls_no_issuer},
    {"staple-no-responder", test_staple_no_responder},
    {"staple-no-responder: none", test_staple_responder},
    {"staple-no-issuer", test_staple_no_issuer},
    {"staple-no-issuer: none", test_staple_issuer},
    {"staple-*: mod_gnutls explicit", test_staple_gnutls_explicit},
    {"staple-no-cache: mod_ssl", test_staple_no_cache},
    {"staple-no-cache: inherited, once", test_staple_no_cache_once},
    {"staple-no-cache: none", test_staple_cache},
    {"staple-no-cache: mod_gnutls", test_staple_no_cache_gnutls},
    {"no-certificate: managed by mod_md (note)", test_no_cert_md_managed},
    {"no-certificate: not managed by mod_md", test_no_cert_md_unmanaged},
    {"protocol-legacy: mod_ssl default, refused by OpenSSL", test_protocol_legacy_default},
    {"protocol-legacy: mod_ssl default at SECLEVEL 0", test_protocol_legacy_default_seclevel0},
    {"protocol-legacy: explicit", test_protocol_legacy_explicit},
    {"shared files reported once", test_shared_files_once},
};

void tvc_test_checks_register(void)
{
    CU_pSuite s = CU_add_suite("checks", suite_init, suite_clean);
    if (!s)
        return;
    for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++)
        CU_add_test(s, tests[i].name, tests[i].fn);
}
