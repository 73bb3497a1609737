/* OpenSSL cipher strings, expanded by OpenSSL: the result is what this
 * OpenSSL (with its system configuration) would really negotiate. */
#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "ir/ir.h"
#include "policy/policy.h"
#include "policy/suites.h"

static void err_vadd(tvc_arena *a, tvc_policy_errs *e, tvc_policy_input input, size_t offset,
                     int fatal, const char *fmt, va_list ap)
{
    if (e->n == e->cap) {
        size_t nc = e->cap ? e->cap * 2 : 4;
        e->v = tvc_arena_realloc(a, e->v, e->cap * sizeof *e->v, nc * sizeof *e->v);
        e->cap = nc;
    }
    e->v[e->n].offset = offset;
    e->v[e->n].fatal = fatal;
    e->v[e->n].input = input;
    e->v[e->n].message = tvc_arena_vprintf(a, fmt, ap);
    e->n++;
}

void tvc_policy_err_add(tvc_arena *a, tvc_policy_errs *e, size_t offset, int fatal,
                        const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    err_vadd(a, e, TVC_POLICY_IN_MAIN, offset, fatal, fmt, ap);
    va_end(ap);
}

void tvc_policy_err_add_in(tvc_arena *a, tvc_policy_errs *e, tvc_policy_input input,
                           size_t offset, int fatal, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    err_vadd(a, e, input, offset, fatal, fmt, ap);
    va_end(ap);
}

const char *tvc_openssl_version(void)
{
    return OpenSSL_version(OPENSSL_VERSION);
}

static int proto_ok(int v)
{
    return v >= TVC_SSL3 && v <= TVC_TLS13;
}

/* mod_ssl appends this to every SSLCipherSuite and to its default
 * (ssl_engine_config.c:ssl_cmd_SSLCipherSuite, ssl_engine_init.c:
 * ssl_init_ctx_cipher_suite): such suites are never enabled. */
#define MODSSL_SUFFIX ":!aNULL:!eNULL:!EXP"

static int item_sep(char c)
{
    /* ITEM_SEP in OpenSSL's ssl/ssl_ciph.c */
    return c == ':' || c == ',' || c == ' ' || c == ';';
}

/* The first '+'-joined part of `word` OpenSSL does not know, or NULL. */
static const char *unknown_part(tvc_arena *a, const char *word)
{
    const char *p = word;
    for (;;) {
        const char *e = strchr(p, '+');
        char *part = tvc_arena_strndup(a, p, e ? (size_t)(e - p) : strlen(p));
        if (*part && !tvc_openssl_word_known(part))
            return part;
        if (!e)
            return NULL;
        p = e + 1;
    }
}

/* Findings for the elements that select nothing. OpenSSL skips such an
 * element silently (ssl_cipher_process_rulestr) and fails only when the
 * whole list ends up without a TLS 1.2 suite, so none of these is an
 * error: an element that only removes ('!', '-') is no finding at all
 * (excluding what is absent is what defensive strings are for); one
 * that adds with a word OpenSSL does not know is a warning (a typo, an
 * IANA name); one whose words OpenSSL knows, but which selects nothing
 * in this OpenSSL (MEDIUM, SEED, RC4 in 3.0), or a TLS 1.3 suite name,
 * is a note. '+' only moves
 * suites already enabled: a note would say nothing, a typo still is one. */
static void check_elements(tvc_arena *a, SSL_CTX *probe, const char *spec,
                           tvc_policy_errs *errs)
{
    size_t i = 0, n = strlen(spec);
    const char *version = OpenSSL_version(OPENSSL_VERSION);
    while (i < n) {
        while (i < n && item_sep(spec[i]))
            i++;
        size_t b = i;
        while (i < n && !item_sep(spec[i]))
            i++;
        if (i == b)
            continue;
        char op = spec[b];
        size_t wb = b + (op == '!' || op == '-' || op == '+' || op == '@');
        if (op == '!' || op == '-' || op == '@' || wb == i)
            continue;
        char *word = tvc_arena_strndup(a, spec + wb, i - wb);
        /* Keywords that only order or select the complement. */
        if (!strcmp(word, "DEFAULT") || !strncmp(word, "COMPLEMENTOF", 12) ||
            !strcmp(word, "ALL") || !strncmp(word, "SUITEB", 6))
            continue;
        char *test = tvc_arena_printf(a, "%s:@SECLEVEL=0", word);
        int selects = SSL_CTX_set_cipher_list(probe, test);
        ERR_clear_error();
        if (selects)
            continue;
        const char *bad = unknown_part(a, word);
        const tvc_suite *iana = bad ? tvc_suite_by_name(bad) : NULL;
        if (iana && strcmp(iana->iana, bad))
            iana = NULL;
        /* Guides put TLS 1.3 names first in SSLCipherSuite; OpenSSL
         * enables those suites anyway, so nothing meant is lost. */
        if (iana && tvc_suite_is_tls13(iana->code))
            tvc_policy_err_add(a, errs, wb, -1, "'%s' is a TLS 1.3 suite, which OpenSSL "
                               "cipher strings do not select: it has no effect here (TLS 1.3 "
                               "suites are set with 'SSLCipherSuite TLSv1.3 ...')", bad);
        else if (iana)
            tvc_policy_err_add(a, errs, wb, 0, "'%s' is an IANA name, which OpenSSL cipher "
                               "strings do not know: %s%s%s", bad,
                               iana->openssl ? "OpenSSL calls it '" : "",
                               iana->openssl ? iana->openssl : "",
                               iana->openssl ? "'" : "this OpenSSL has no such suite");
        else if (bad)
            tvc_policy_err_add(a, errs, wb, 0, "'%s' matches no cipher suite in %s (a "
                               "typo, or a name this OpenSSL does not have)", bad, version);
        else if (op != '+')
            tvc_policy_err_add(a, errs, wb, -1, "'%s' is a known OpenSSL cipher-string term "
                               "but selects no suite in %s: it has no effect here", word,
                               version);
    }
}

int tvc_openssl_resolve(tvc_arena *a, const tvc_openssl_in *in, tvc_policy *out,
                        tvc_policy_errs *errs)
{
    memset(out, 0, sizeof *out);
    out->server_preference = in->server_preference;
    out->tickets = -1;
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    SSL_CTX *probe = SSL_CTX_new(TLS_server_method());
    if (!ctx || !probe)
        abort();
    /* mod_ssl's default is "all -SSLv3": TLS 1.0 up to the newest. */
    int lo = proto_ok(in->proto_min) ? in->proto_min : TVC_TLS10;
    int hi = proto_ok(in->proto_max) ? in->proto_max : TVC_TLS13;
    SSL_CTX_set_min_proto_version(ctx, lo);
    SSL_CTX_set_max_proto_version(ctx, hi);
    int rc = 0;
    const char *spec = in->spec ? tvc_arena_printf(a, "%s" MODSSL_SUFFIX, in->spec)
                                : tvc_arena_printf(a, "%s" MODSSL_SUFFIX,
                                                   OSSL_default_cipher_list());
    if (in->spec)
        check_elements(a, probe, in->spec, errs);
    ERR_clear_error();
    if (!SSL_CTX_set_cipher_list(ctx, spec)) {
        int alone = in->spec && SSL_CTX_set_cipher_list(probe, in->spec);
        if (ERR_GET_REASON(ERR_peek_last_error()) == SSL_R_INVALID_COMMAND)
            tvc_policy_err_add(a, errs, 0, 1, "'%s' is not a valid OpenSSL cipher string "
                               "(a character or @command OpenSSL rejects; httpd fails at "
                               "start with AH01898)", in->spec ? in->spec : "");
        else
            tvc_policy_err_add(a, errs, 0, 1, "'%s' selects no cipher suite at all%s "
                               "(httpd fails at start with AH01898)",
                               in->spec ? in->spec : "",
                               alone ? " once mod_ssl appends '" MODSSL_SUFFIX "'"
                               : in->spec ? "" : " (mod_ssl's default)");
        rc = -1;
    }
    if (in->spec13 && !SSL_CTX_set_ciphersuites(ctx, in->spec13)) {
        tvc_policy_err_add_in(a, errs, TVC_POLICY_IN_TLS13, 0, 1,
                              "'%s' is not a valid TLS 1.3 suite list", in->spec13);
        rc = -1;
    }
    if (in->groups && !SSL_CTX_set1_groups_list(ctx, in->groups)) {
        tvc_policy_err_add(a, errs, 0, 1, "'%s' names a group this OpenSSL does not have",
                           in->groups);
        rc = -1;
    }
    ERR_clear_error();
    /* What a handshake could use: protocol range and security level
     * applied (SSL_get1_supported_ciphers). */
    SSL *ssl = SSL_new(ctx);
    STACK_OF(SSL_CIPHER) *sk = ssl ? SSL_get1_supported_ciphers(ssl) : NULL;
    int n = sk ? sk_SSL_CIPHER_num(sk) : 0;
    out->tls12 = tvc_arena_alloc(a, ((size_t)n + 1) * sizeof *out->tls12);
    out->tls13 = tvc_arena_alloc(a, ((size_t)n + 1) * sizeof *out->tls13);
    for (int i = 0; i < n; i++) {
        uint16_t id = SSL_CIPHER_get_protocol_id(sk_SSL_CIPHER_value(sk, i));
        if (tvc_suite_is_tls13(id))
            out->tls13[out->n_tls13++] = id;
        else
            out->tls12[out->n_tls12++] = id;
    }
    sk_SSL_CIPHER_free(sk);
    /* Versions OpenSSL refuses at this security level (SHA-1 signatures
     * for TLS < 1.2) are not really enabled. */
    int sec = ssl ? SSL_get_security_level(ssl) : 0;
    if (sec >= 1 && lo < TVC_TLS12)
        lo = hi >= TVC_TLS12 ? TVC_TLS12 : 0;
    out->proto_min = lo;
    out->proto_max = hi;
    if (!out->n_tls12 && lo && lo <= TVC_TLS12 && rc == 0) {
        tvc_policy_err_add(a, errs, 0, 1, "no TLS 1.2 (or older) suite is left for the "
                           "enabled protocols: such handshakes cannot complete");
    }
    if (!out->n_tls13 && hi == TVC_TLS13 && rc == 0 && in->spec13)
        tvc_policy_err_add_in(a, errs, TVC_POLICY_IN_TLS13, 0, 1,
                              "TLS 1.3 is enabled but no TLS 1.3 suite is");
    const char *g = in->groups;
    if (g) {
        size_t cnt = 1;
        for (const char *p = g; *p; p++)
            cnt += *p == ':';
        out->groups = tvc_arena_alloc(a, cnt * sizeof *out->groups);
        while (*g) {
            const char *e = strchr(g, ':');
            size_t l = e ? (size_t)(e - g) : strlen(g);
            out->groups[out->n_groups++] = tvc_arena_strndup(a, g, l);
            g += l + (e ? 1 : 0);
        }
    }
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    SSL_CTX_free(probe);
    ERR_clear_error();
    return rc;
}
