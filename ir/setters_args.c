/* The argument checks the modules' handlers make while httpd reads the
 * config, for directives whose values tlsvhostc otherwise keeps as
 * written: what `apache2 -t` refuses must be an error here too, and what
 * it accepts must not be (tests/differential_test.sh compares the two
 * line by line). Each setter checks, then keeps the line as tvc_set_raw does.
 * The references are to httpd 2.4.x modules/ssl/ssl_engine_config.c,
 * mod_gnutls 0.13 src/gnutls_config.c and mod_tls 0.8 tls_conf.c. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#ifndef OPENSSL_NO_ENGINE
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
#include <openssl/engine.h>
#pragma GCC diagnostic pop
#endif

#include "ir/dialect_setters.h"
#include "parser/parser.h"

#define SETTER(n) const char *n(tvc_set_ctx *c, const tvc_node *nd, \
                                const tvc_cmd *cmd, void *field)

static void keep(tvc_set_ctx *c, const tvc_node *nd)
{
    c->tls->engines_seen |= 1u << c->engine;
    tvc_raws_push(c->a, &c->tls->other, nd->name, nd->argc, nd->argv, &nd->loc);
}

static const char *path_of(tvc_set_ctx *c, const char *p)
{
    if (p[0] == '/' || !c->server_root)
        return p;
    return tvc_arena_printf(c->a, "%s/%s", c->server_root, p);
}

/* glibc's atoi is (int)strtol: a word that is no number reads as 0. */
static long long number_of(tvc_set_ctx *c, const char *s)
{
    long long v = strtoll(s, NULL, 10);
    /* mod_gnutls reads apr_atoi64, mod_ssl atoi */
    return c->engine == TVC_ENGINE_GNUTLS ? v : (long long)(int)v;
}

/* A FLAG the IR does not model: On or Off (invoke_cmd's FLAG case). */
SETTER(tvc_set_raw_flag)
{
    (void)cmd, (void)field;
    if (tvc_dialect_flag(nd->argv[0]) < 0)
        return tvc_arena_printf(c->a, "%s must be On or Off, not '%s'", nd->name,
                                nd->argv[0]);
    keep(c, nd);
    return NULL;
}

/* Timeouts, ages and sizes read with atoi and refused when negative
 * (ssl_cmd_SSLOCSPResponderTimeout and its kin, mgs_set_timeout). */
SETTER(tvc_set_raw_count)
{
    (void)cmd, (void)field;
    if (number_of(c, nd->argv[0]) < 0)
        return tvc_arena_printf(c->a, "%s: invalid argument '%s': httpd takes "
                                "a number of 0 or more", nd->name, nd->argv[0]);
    keep(c, nd);
    return NULL;
}

/* ssl_cmd_check_file / ssl_cmd_check_dir: mod_ssl looks at these paths
 * while reading the config, so `apache2 -t` fails on them. */
static int check_path(tvc_set_ctx *c, const tvc_node *nd, const char *arg, int dir)
{
    const char *p = path_of(c, arg);
    struct stat st;
    int ok = stat(p, &st) == 0 &&
             (dir ? S_ISDIR(st.st_mode) : S_ISREG(st.st_mode) && st.st_size > 0);
    if (ok)
        return 1;
    tvc_diag_add(c->d, "file-missing", TVC_ERROR, &nd->loc, (unsigned)strlen(nd->name),
                 dir ? "%s: directory '%s' does not exist (httpd -t refuses it)"
                     : "%s: file '%s' does not exist or is empty (httpd -t refuses it)",
                 nd->name, p);
    return 0;
}

SETTER(tvc_set_raw_file)
{
    (void)cmd, (void)field;
    check_path(c, nd, nd->argv[0], 0);
    keep(c, nd);
    return NULL;
}

SETTER(tvc_set_raw_dir)
{
    (void)cmd, (void)field;
    check_path(c, nd, nd->argv[0], 1);
    keep(c, nd);
    return NULL;
}

/* SSLCARevocationCheck none|chain|leaf [no_crl_for_cert_ok] and the
 * proxy's (ssl_cmd_crlcheck_parse); case does not matter (strcEQ). */
SETTER(tvc_set_crl_check)
{
    const char *w = nd->argv[0];
    int v;
    if (tvc_dialect_value(cmd, w, &v))
        return tvc_arena_printf(c->a, "%s: invalid argument '%s' (%s)", nd->name, w,
                                tvc_dialect_words(c->a, cmd));
    for (int i = 1; i < nd->argc; i++)
        if (strcasecmp(nd->argv[i], "no_crl_for_cert_ok"))
            return tvc_arena_printf(c->a, "%s: invalid argument '%s'", nd->name,
                                    nd->argv[i]);
    if (cmd->offset)
        return tvc_set_joined(c, nd, cmd, field);
    keep(c, nd);
    return NULL;
}

/* SSLOCSPEnable on|off|leaf [no_ocsp_for_cert_ok] (ssl_cmd_ocspcheck_parse). */
SETTER(tvc_set_ocsp_enable)
{
    (void)field;
    const char *w = nd->argv[0];
    int v;
    if (tvc_dialect_value(cmd, w, &v))
        return tvc_arena_printf(c->a, "%s: invalid argument '%s' (%s)", nd->name, w,
                                tvc_dialect_words(c->a, cmd));
    for (int i = 1; i < nd->argc; i++)
        if (strcasecmp(nd->argv[i], "no_ocsp_for_cert_ok"))
            return tvc_arena_printf(c->a, "%s: invalid argument '%s'", nd->name,
                                    nd->argv[i]);
    keep(c, nd);
    return NULL;
}

/* SSLOptions and TLSOptions: [+|-]option from a fixed list. */
static const char *const ssl_options[] = {
    "StdEnvVars", "ExportCertData", "FakeBasicAuth", "StrictRequire",
    "OptRenegotiate", "LegacyDNStringFormat", NULL};
static const char *const tls_options[] = {"StdEnvVars", "ExportCertData", NULL};

SETTER(tvc_set_options)
{
    (void)cmd, (void)field;
    const char *const *known = c->engine == TVC_ENGINE_MODTLS ? tls_options : ssl_options;
    for (int i = 0; i < nd->argc; i++) {
        const char *w = nd->argv[i];
        if (c->engine == TVC_ENGINE_MODTLS && !strcasecmp(w, "Defaults"))
            continue;
        if (*w == '+' || *w == '-')
            w++;
        int ok = 0;
        for (size_t k = 0; known[k] && !ok; k++)
            ok = !strcasecmp(w, known[k]);
        if (!ok)
            return tvc_arena_printf(c->a, "%s: unknown option '%s'", nd->name, w);
    }
    keep(c, nd);
    return NULL;
}

/* GnuTLSExportCertificates on|off|SIZE[b|B|k|K]
 * (mgs_set_export_certificates_size). */
SETTER(tvc_set_export_size)
{
    (void)cmd, (void)field;
    const char *w = nd->argv[0];
    if (tvc_dialect_flag(w) < 0) {
        char *end;
        (void)strtol(w, &end, 10);
        while (*end == ' ' || *end == '\t')
            end++;
        if (*end && !strchr("bBkK", *end))
            return tvc_arena_printf(c->a, "%s must be set to a size (in bytes) "
                                    "or 'On' or 'Off', not '%s'", nd->name, w);
    }
    keep(c, nd);
    return NULL;
}

/* SSLPassPhraseDialog builtin | exec:/path | |/path
 * (ssl_cmd_SSLPassPhraseDialog checks the program exists). */
SETTER(tvc_set_passphrase_dialog)
{
    (void)cmd, (void)field;
    const char *w = nd->argv[0];
    if (!strcasecmp(w, "builtin") || w[0] == '|') {
        keep(c, nd);
        return NULL;
    }
    if (strncasecmp(w, "exec:", 5))
        return tvc_arena_printf(c->a, "%s: invalid argument '%s' (builtin, "
                                "exec:/path or |/path)", nd->name, w);
    check_path(c, nd, w + 5, 0);
    keep(c, nd);
    return NULL;
}

/* SSLRandomSeed startup|connect builtin|file:/path|exec:/path|egd:/path
 * [bytes] (ssl_cmd_SSLRandomSeed; a bare word is a file path). */
SETTER(tvc_set_random_seed)
{
    (void)cmd, (void)field;
    const char *ctx = nd->argv[0], *src = nd->argv[1];
    if (strcasecmp(ctx, "startup") && strcasecmp(ctx, "connect"))
        return tvc_arena_printf(c->a, "%s: invalid context '%s' (startup or "
                                "connect)", nd->name, ctx);
    if (!strcasecmp(src, "builtin")) {
        if (nd->argc > 2)
            return tvc_arena_printf(c->a, "%s: byte specification not allowed "
                                    "for builtin seed", nd->name);
    } else {
        const char *p = src;
        if (!strncasecmp(p, "file:", 5) || !strncasecmp(p, "exec:", 5))
            p += 5;
        else if (!strncasecmp(p, "egd:", 4))
            p += 4;
        const char *abs = path_of(c, p);
        struct stat st;
        if (stat(abs, &st) != 0) {
            tvc_diag_add(c->d, "file-missing", TVC_ERROR, &nd->loc,
                         (unsigned)strlen(nd->name),
                         "%s: source path '%s' does not exist (httpd -t refuses it)",
                         nd->name, abs);
            keep(c, nd);
            return NULL;
        }
    }
    keep(c, nd);
    return NULL;
}

/* The socache providers of httpd's own modules: a cache spec names one
 * of these, and httpd refuses it unless the module is loaded. */
static const struct {
    const char *name, *module;
} socaches[] = {
    {"dbm", "mod_socache_dbm.c"},      {"dc", "mod_socache_dc.c"},
    {"default", "mod_socache_shmcb.c"}, {"memcache", "mod_socache_memcache.c"},
    {"redis", "mod_socache_redis.c"},  {"shmcb", "mod_socache_shmcb.c"},
};

/* Whether the config loads its socache modules itself: a fragment that
 * loads none (a howto's server options) relies on modules loaded
 * elsewhere, and only the provider's name can be checked. */
static int loads_socaches(const tvc_config *cfg)
{
    if (!cfg || !cfg->saw_loadmodule)
        return 0;
    for (size_t k = 0; k < sizeof socaches / sizeof *socaches; k++)
        if (tvc_config_has_module(cfg, socaches[k].module))
            return 1;
    return 0;
}

static const char *provider_error(tvc_set_ctx *c, const tvc_node *nd, const char *spec)
{
    size_t n = strcspn(spec, ":");
    for (size_t k = 0; k < sizeof socaches / sizeof *socaches; k++)
        if (strlen(socaches[k].name) == n && !strncmp(spec, socaches[k].name, n)) {
            if (!loads_socaches(c->cfg) || tvc_config_has_module(c->cfg, socaches[k].module))
                return NULL;
            return tvc_arena_printf(c->a, "%s: the '%.*s' cache needs %s, which "
                                    "no LoadModule line loads", nd->name, (int)n,
                                    spec, socaches[k].module);
        }
    return tvc_arena_printf(c->a, "%s: '%.*s' is not a cache type httpd knows "
                            "(shmcb, dbm, memcache, redis, dc)", nd->name, (int)n, spec);
}

static const char *set_str_or_joined(tvc_set_ctx *c, const tvc_node *nd,
                                     const tvc_cmd *cmd, void *field)
{
    return c->engine == TVC_ENGINE_GNUTLS ? tvc_set_joined(c, nd, cmd, field)
                                          : tvc_set_str(c, nd, cmd, field);
}

/* SSLSessionCache none|nonenotnull|TYPE[:ARGS], SSLStaplingCache,
 * TLSSessionCache; GnuTLSCache none|TYPE:ARGS|TYPE ARGS and
 * GnuTLSOCSPCache (which refuses none: mgs_set_cache). */
SETTER(tvc_set_cache_spec)
{
    const char *w = nd->argv[0];
    int v;
    if (tvc_dialect_value(cmd, w, &v) == 0)
        return set_str_or_joined(c, nd, cmd, field);
    if (c->engine == TVC_ENGINE_GNUTLS && !strcasecmp(w, "none"))
        return tvc_arena_printf(c->a, "\"%s none\" is invalid: say \"%s off\" to "
                                "turn stapling off", nd->name,
                                TVC_DIRECTIVE(TVC_ENGINE_GNUTLS, stapling.enabled));
    if (nd->argc > 1 && strchr(w, ':'))
        return tvc_arena_printf(c->a, "%s has a type:config value and a second "
                                "word; mod_gnutls takes one or the other", nd->name);
    const char *err = provider_error(c, nd, w);
    if (err)
        return err;
    return set_str_or_joined(c, nd, cmd, field);
}

/* SSLCompression: OpenSSL 3 builds have no compression methods, and
 * ssl_cmd_SSLCompression refuses "on" then. */
SETTER(tvc_set_compression)
{
    if (tvc_dialect_flag(nd->argv[0]) == 1 &&
        sk_SSL_COMP_num(SSL_COMP_get_compression_methods()) == 0)
        return tvc_arena_printf(c->a, "%s on: this OpenSSL has no compression "
                                "methods (httpd -t refuses it)", nd->name);
    return tvc_set_flag(c, nd, cmd, field);
}

/* SSLOpenSSLConfCmd: the command must be one OpenSSL knows
 * (ssl_cmd_SSLOpenSSLConfCmd asks SSL_CONF_cmd_value_type). */
SETTER(tvc_set_conf_cmd_checked)
{
    SSL_CONF_CTX *cctx = SSL_CONF_CTX_new();
    int type = SSL_CONF_TYPE_STRING;
    if (cctx) {
        SSL_CONF_CTX_set_flags(cctx, SSL_CONF_FLAG_FILE | SSL_CONF_FLAG_SERVER |
                                         SSL_CONF_FLAG_CERTIFICATE);
        type = SSL_CONF_cmd_value_type(cctx, nd->argv[0]);
        SSL_CONF_CTX_free(cctx);
    }
    if (type == SSL_CONF_TYPE_UNKNOWN)
        return tvc_arena_printf(c->a, "%s: '%s' is not an OpenSSL configuration "
                                "command", nd->name, nd->argv[0]);
    if (type == SSL_CONF_TYPE_FILE || type == SSL_CONF_TYPE_DIR)
        check_path(c, nd, nd->argv[1], type == SSL_CONF_TYPE_DIR);
    return tvc_set_conf_cmd(c, nd, cmd, field);
}

/* SSLCACertificateFile/Path: mod_ssl 2.4 has no per-directory CA. */
SETTER(tvc_set_ca_path)
{
    if (c->context & (TVC_CTX_DIR | TVC_CTX_HTACCESS))
        return tvc_arena_printf(c->a, "%s is not supported in a directory context "
                                "(httpd: \"Your SSL library does not have support "
                                "for per-directory CA\")", nd->name);
    return tvc_set_path(c, nd, cmd, field);
}

/* TLSProxyCA FILE|default (tls_conf_set_proxy_ca): "default" is no file. */
SETTER(tvc_set_proxy_ca)
{
    if (!strcasecmp(nd->argv[0], "default")) {
        c->tls->engines_seen |= 1u << c->engine;
        return NULL;
    }
    return tvc_set_path(c, nd, cmd, field);
}

/* SSLOCSPProxyURL: what apr_uri_parse refuses, an IPv6 literal without
 * its ']' or a port that is not a number. */
SETTER(tvc_set_url)
{
    (void)cmd, (void)field;
    const char *u = nd->argv[0], *h = strstr(u, "://");
    if (h) {
        h += 3;
        size_t n = strcspn(h, "/?#");
        const char *end = h + n, *at = memchr(h, '@', n);
        if (at)
            h = at + 1;
        const char *port = NULL;
        if (*h == '[') {
            const char *close = memchr(h, ']', (size_t)(end - h));
            if (!close)
                return tvc_arena_printf(c->a, "%s: cannot parse URL %s", nd->name, u);
            if (close + 1 < end && close[1] == ':')
                port = close + 2;
        } else {
            const char *colon = memchr(h, ':', (size_t)(end - h));
            if (colon)
                port = colon + 1;
        }
        for (const char *p = port; p && p < end; p++)
            if (*p < '0' || *p > '9')
                return tvc_arena_printf(c->a, "%s: cannot parse URL %s", nd->name, u);
    }
    keep(c, nd);
    return NULL;
}

/* SSLCryptoDevice builtin|ENGINE: mod_ssl asks OpenSSL for the engine
 * while reading the config (ssl_cmd_SSLCryptoDevice, ENGINE_by_id). */
SETTER(tvc_set_crypto_device)
{
    (void)cmd, (void)field;
    const char *w = nd->argv[0];
    if (strcasecmp(w, "builtin")) {
        int found = 0;
#ifndef OPENSSL_NO_ENGINE
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
        ENGINE *e = ENGINE_by_id(w);
        found = e != NULL;
        if (e)
            ENGINE_free(e);
#pragma GCC diagnostic pop
        ERR_clear_error();
#endif
        if (!found)
            return tvc_arena_printf(c->a, "%s: '%s' is neither builtin nor an "
                                    "engine this OpenSSL knows", nd->name, w);
    }
    keep(c, nd);
    return NULL;
}

/* GnuTLSPriorities is RAW_ARGS: mod_gnutls stores the rest of the line as
 * written (mgs_set_priorities), quotes included, and GnuTLS refuses a
 * quote in a priority string when the server starts. The words without
 * their quotes still describe what was meant, for the policy checks. */
SETTER(tvc_set_gnutls_priorities)
{
    const char *p = nd->raw;
    if (p) {
        p += strspn(p, " \t");
        p += strcspn(p, " \t");
        if (strpbrk(p, "\"'"))
            tvc_diag_add(c->d, "cipher-invalid", TVC_ERROR, &nd->loc,
                         (unsigned)strlen(nd->name),
                         "%s takes the rest of the line as written, quotes included: "
                         "GnuTLS refuses the quoted priority string and mod_gnutls "
                         "fails at start", nd->name);
    }
    return tvc_set_joined(c, nd, cmd, field);
}
