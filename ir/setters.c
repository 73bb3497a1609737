/* What each kind of directive does to the IR. A setter sees only its own
 * arguments and the settings of its context; it returns a message and
 * the caller attaches the location. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/opensslconf.h>

#include "ir/dialect_setters.h"

#define SETTER(n) const char *n(tvc_set_ctx *c, const tvc_node *nd, \
                                const tvc_cmd *cmd, void *field)
#define UNUSED (void)c, (void)nd, (void)cmd, (void)field

static void mark(tvc_set_ctx *c)
{
    c->tls->engines_seen |= 1u << c->engine;
}

static const char *abs_of(tvc_set_ctx *c, const char *p)
{
    /* PKCS#11 URIs and other non-paths stay as written. */
    if (p[0] == '/' || strncmp(p, "pkcs11:", 7) == 0 || !c->server_root)
        return p;
    const char *abs = tvc_arena_printf(c->a, "%s/%s", c->server_root, p);
    tvc_ir_path_written(c->a, c->ir, abs, strlen(c->server_root) + 1);
    return abs;
}

/* The words the module's handler gets: for TAKE12, httpd's invoke_cmd
 * passes an empty second word as no word at all. */
static int nargs(const tvc_node *nd, const tvc_cmd *cmd)
{
    if (cmd->how == TVC_HOW_TAKE12 && nd->argc == 2 && !*nd->argv[1])
        return 1;
    return nd->argc;
}

static const char *joined_n(tvc_set_ctx *c, const tvc_node *nd, int argc, const char *sep)
{
    size_t n = 0;
    for (int i = 0; i < argc; i++)
        n += strlen(nd->argv[i]) + strlen(sep);
    char *s = tvc_arena_alloc(c->a, n + 1), *p = s;
    *p = '\0';
    for (int i = 0; i < argc; i++) {
        if (i)
            p = stpcpy(p, sep);
        p = stpcpy(p, nd->argv[i]);
    }
    return s;
}

static const char *joined(tvc_set_ctx *c, const tvc_node *nd, const char *sep)
{
    return joined_n(c, nd, nd->argc, sep);
}

/* Children that belong to the same context: included files and the
 * Include lines holding them, and conditional sections that held; not
 * <VirtualHost>, <Directory> & co., which are contexts of their own. */
static int same_context(const tvc_node *k)
{
    return k->child && (k->kind == TVC_N_FILE || k->kind == TVC_N_DIRECTIVE ||
                        (k->flags & TVC_NF_COND_TRUE));
}

/* The directive written on `l`'s line (a setter may keep the location of
 * an argument), searched from `n`'s children down
 * through Include and conditional sections (a few levels). Only called
 * for a duplicate, which is rare, so a scan is fine. */
static const tvc_node *node_at(const tvc_node *n, const tvc_loc *l, int depth)
{
    for (const tvc_node *k = n ? n->child : NULL; k; k = k->next) {
        if (k->loc.line == l->line && k->kind == TVC_N_DIRECTIVE && k->loc.file &&
            (k->loc.file == l->file || !strcmp(k->loc.file, l->file)))
            return k;
        const tvc_node *f = depth > 0 && same_context(k) ? node_at(k, l, depth - 1) : NULL;
        if (f)
            return f;
    }
    return NULL;
}

/* The last directive named like `nd` before it, in config order. Returns
 * 1 once `nd` is reached. */
static int earlier_same(const tvc_node *n, const tvc_node *nd, const tvc_node **last, int depth)
{
    for (const tvc_node *k = n ? n->child : NULL; k; k = k->next) {
        if (k == nd)
            return 1;
        if (k->kind == TVC_N_DIRECTIVE && !(k->flags & TVC_NF_INACTIVE) && k->name &&
            !strcasecmp(k->name, nd->name))
            *last = k;
        if (depth > 0 && same_context(k) && earlier_same(k, nd, last, depth - 1))
            return 1;
    }
    return 0;
}

/* The module a directive belongs to: its dialect table. */
static const tvc_dialect *dialect_of(const char *name)
{
    const tvc_dialect *dl = NULL;
    tvc_directive_lookup(name, NULL, &dl, NULL);
    return dl;
}

static void dup_warn(tvc_set_ctx *c, const tvc_node *nd, const tvc_loc *prev)
{
    if (!prev->file)
        return;
    /* SSLSessionCache and GnuTLSCache fill one IR field, but each module
     * reads its own directive: two modules' settings are no duplicate. */
    const tvc_node *p = node_at(nd->parent, prev, 3);
    tvc_loc same;
    if (p && p->name && dialect_of(p->name) != dialect_of(nd->name)) {
        const tvc_node *last = NULL;
        earlier_same(nd->parent, nd, &last, 3);
        if (!last)
            return;
        same = last->loc;
        prev = &same;
    }
    tvc_diag_add(c->d, "duplicate-directive", TVC_WARNING, &nd->loc,
                 (unsigned)strlen(nd->name),
                 "%s is set again in the same context; this one wins over "
                 "line %u of '%s'", nd->name, prev->line, prev->file);
}

/* The row's word as its value (on|off for a flag), -1 when unknown. */
static int word_value(const tvc_cmd *cmd, const char *w)
{
    int v;
    return tvc_dialect_value(cmd, w, &v) == 0 ? v : -1;
}

SETTER(tvc_set_raw)
{
    UNUSED;
    mark(c);
    tvc_raws_push(c->a, &c->tls->other, nd->name, nd->argc, nd->argv, &nd->loc);
    return NULL;
}

SETTER(tvc_set_flag)
{
    int v = word_value(cmd, nd->argv[0]);
    if (v < 0)
        return tvc_arena_printf(c->a, "%s must be On or Off, not '%s'",
                                nd->name, nd->argv[0]);
    mark(c);
    *(int *)field = v;
    return NULL;
}

SETTER(tvc_set_int)
{
    (void)cmd;
    /* The modules read these with atoi (mod_gnutls: apr_atoi64): a word
     * that is no number reads as 0; only a negative value is refused. */
    long long v = strtoll(nd->argv[0], NULL, 10);
    if (c->engine != TVC_ENGINE_GNUTLS)
        v = (int)v;
    if (v < 0)
        return tvc_arena_printf(c->a, "%s takes a number of 0 or more, not '%s'",
                                nd->name, nd->argv[0]);
    if (v > 0x7fffffff)
        v = 0x7fffffff;
    mark(c);
    *(int *)field = (int)v;
    return NULL;
}

static void put_str(tvc_set_ctx *c, const tvc_node *nd, tvc_str *f, const char *v)
{
    dup_warn(c, nd, &f->loc);
    mark(c);
    f->v = v;
    f->loc = nd->loc;
}

/* Where the text of argument i starts (after an opening quote), so that
 * an offset into a cipher string maps to a column. */
static tvc_loc value_loc(const tvc_node *nd, int i)
{
    tvc_loc l = tvc_node_arg_loc(nd, i);
    if (l.col > 0 && nd->raw && l.line == nd->loc.line && l.col != nd->loc.col) {
        /* raw starts at column 1 of the directive's first line */
        size_t off = l.col - 1;
        if (off < strlen(nd->raw) && (nd->raw[off] == '"' || nd->raw[off] == '\''))
            l.col++;
    }
    return l;
}

static void put_value(tvc_set_ctx *c, const tvc_node *nd, tvc_str *f, const char *v, int arg)
{
    put_str(c, nd, f, v);
    f->loc = value_loc(nd, arg);
}

SETTER(tvc_set_str)
{
    (void)cmd;
    put_str(c, nd, field, nd->argv[0]);
    return NULL;
}

SETTER(tvc_set_joined)
{
    put_value(c, nd, field, joined_n(c, nd, nargs(nd, cmd), " "), 0);
    return NULL;
}

/* core's Protocols is AP_INIT_ITERATE: each line adds its words to the
 * level's list, in order (no duplicate, no replacement); a vhost with a
 * list of its own replaces the server's (core's merge). */
SETTER(tvc_set_protocols)
{
    tvc_str *f = field;
    const char *w = joined_n(c, nd, nargs(nd, cmd), " ");
    mark(c);
    if (f->v) {
        w = tvc_arena_printf(c->a, "%s %s", f->v, w);
    } else {
        f->loc = nd->loc;
    }
    f->v = w;
    return NULL;
}

SETTER(tvc_set_path)
{
    (void)cmd;
    put_str(c, nd, field, abs_of(c, nd->argv[0]));
    return NULL;
}

SETTER(tvc_set_paths)
{
    (void)cmd;
    mark(c);
    for (int i = 0; i < nd->argc; i++) {
        tvc_loc l = tvc_node_arg_loc(nd, i);
        tvc_strs_push(c->a, field, abs_of(c, nd->argv[i]), &l);
    }
    return NULL;
}

/* Kept for reading keys; the IR JSON and every message leave it out. */
SETTER(tvc_set_secret)
{
    (void)cmd;
    if (field)
        put_str(c, nd, field, joined(c, nd, " "));
    else
        mark(c);
    return NULL;
}

SETTER(tvc_set_removed)
{
    UNUSED;
    return tvc_arena_printf(c->a, "%s is no longer supported by mod_ssl; httpd "
                            "refuses to start with it (use LogLevel ssl:...)",
                            nd->name);
}

SETTER(tvc_set_compiled_out)
{
    UNUSED;
    return tvc_arena_printf(c->a, "%s is not available: mod_tls is built "
                            "without client certificate support", nd->name);
}

/* SSLEngine on|off|optional, GnuTLSEnable on|off. */
SETTER(tvc_set_engine)
{
    (void)field;
    int v = word_value(cmd, nd->argv[0]);
    if (v < 0)
        return tvc_arena_printf(c->a, "%s takes %s, not '%s'", nd->name,
                                tvc_dialect_words(c->a, cmd), nd->argv[0]);
    if (c->tls->enabled != TVC_UNSET)
        dup_warn(c, nd, &c->tls->enabled_loc);
    mark(c);
    c->tls->enabled = v;
    c->tls->enabled_loc = nd->loc;
    c->tls->engine = c->engine;
    return NULL;
}

/* TLSEngine [addr:]port: a server-level list the IR builder resolves. */
SETTER(tvc_set_tls_engine)
{
    (void)cmd, (void)field;
    const char *a = nd->argv[0];
    const char *colon = strrchr(a, ':');
    const char *port = colon ? colon + 1 : a;
    char *end;
    long p = strtol(port, &end, 10);
    if (*end || p <= 0 || p > 65535)
        return tvc_arena_printf(c->a, "%s takes [address:]port, not '%s'", nd->name, a);
    mark(c);
    tvc_strs_push(c->a, &c->ir->tls_engine_ports, a, &nd->loc);
    return NULL;
}

/* mod_ssl is built against the same OpenSSL headers: without SSLv3
 * (OPENSSL_NO_SSL3, as on Debian 12) "all" has no SSLv3 bit and naming
 * SSLv3 is an error unless it is removed (SSL_PROTOCOL_ALL in
 * modules/ssl/ssl_private.h). */
#ifdef OPENSSL_NO_SSL3
#define SSL_ALL_BITS (2u | 4 | 8 | 16)
#else
#define SSL_ALL_BITS (1u | 2 | 4 | 8 | 16)
#endif

static const struct {
    const char *name;
    unsigned bits;
} ssl_protos[] = {
    {"SSLv3", 1}, {"TLSv1", 2}, {"TLSv1.1", 4}, {"TLSv1.2", 8},
    {"TLSv1.3", 16}, {"all", SSL_ALL_BITS},
};

/* SSLProtocol [+|-]protocol ...: a bare name resets the set, +/- edit it
 * (mod_ssl's ssl_cmd_protocol_parse). Removing a protocol mod_ssl no
 * longer has (-SSLv2, and -SSLv3 without SSLv3 in OpenSSL) is skipped;
 * adding or naming one is the error httpd -t gives. */
SETTER(tvc_set_ssl_protocol)
{
    (void)cmd;
    tvc_protocols *p = field;
    unsigned set = 0;
    for (int i = 0; i < nd->argc; i++) {
        const char *w = nd->argv[i];
        char op = 0;
        if (*w == '+' || *w == '-')
            op = *w++;
        if (!strcasecmp(w, "SSLv2")) {
            if (op == '-')
                continue;
            return tvc_arena_printf(c->a, "%s: SSLv2 is no longer supported "
                                    "(httpd -t rejects '%s')", nd->name,
                                    nd->argv[i]);
        }
#ifdef OPENSSL_NO_SSL3
        if (!strcasecmp(w, "SSLv3")) {
            if (op == '-')
                continue;
            return tvc_arena_printf(c->a, "%s: SSLv3 is not supported by this "
                                    "version of OpenSSL (httpd -t rejects '%s')",
                                    nd->name, nd->argv[i]);
        }
#endif
        unsigned bits = 0;
        for (size_t k = 0; k < sizeof ssl_protos / sizeof *ssl_protos; k++)
            if (!strcasecmp(w, ssl_protos[k].name))
                bits = ssl_protos[k].bits;
        if (!bits)
            return tvc_arena_printf(c->a, "%s: illegal protocol '%s' (httpd "
                                    "-t rejects it)", nd->name, w);
        if (op == '-') {
            set &= ~bits;
        } else if (op == '+') {
            set |= bits;
        } else {
            if (set)
                tvc_diag_add(c->d, "parse-error", TVC_WARNING,
                             &(tvc_loc){nd->loc.file, nd->loc.line,
                                        tvc_node_arg_loc(nd, i).col, nd->loc.origin},
                             (unsigned)strlen(nd->argv[i]),
                             "%s: '%s' without + or - replaces the protocols "
                             "set before it (httpd warns with AH02532); a "
                             "+/- prefix missing?", nd->name, nd->argv[i]);
            set = bits;
        }
    }
    if (!set)
        return tvc_arena_printf(c->a, "%s enables no protocol at all", nd->name);
    dup_warn(c, nd, &p->text.loc);
    mark(c);
    int lo = 0, hi = 0;
    for (int b = 0; b < 5; b++)
        if (set & (1u << b)) {
            if (!lo)
                lo = TVC_SSL3 + b;
            hi = TVC_SSL3 + b;
        }
    p->min = lo;
    p->max = hi == TVC_TLS13 ? TVC_UNSET : hi;
    p->text.v = joined(c, nd, " ");
    p->text.loc = nd->loc;
    /* A gap (TLSv1 +TLSv1.2 without 1.1) cannot be a range: OpenSSL then
     * uses the lowest contiguous run, as SSL_CTX_set_options does. */
    for (int v = lo; v <= hi; v++)
        if (!(set & (1u << (v - TVC_SSL3)))) {
            tvc_diag_add(c->d, "protocol-gap", TVC_WARNING, &nd->loc, 0,
                         "%s leaves a gap at %s: OpenSSL only uses %s up to "
                         "the gap", nd->name, tvc_proto_name(v),
                         tvc_proto_name(lo));
            p->max = v - 1;
            break;
        }
    return NULL;
}

/* TLSProtocol v+: a minimum only ("TLSv1.2+", "TLSv0x0303+", "default"). */
SETTER(tvc_set_tls_protocol)
{
    (void)cmd;
    tvc_protocols *p = field;
    const char *w = nd->argv[0];
    int v = 0;
    if (!strcasecmp(w, "default")) {
        v = TVC_UNSET;
    } else {
        size_t n = strlen(w);
        char buf[32];
        if (n >= sizeof buf)
            n = sizeof buf - 1;
        memcpy(buf, w, n);
        buf[n] = '\0';
        /* get_min_protocol (tls_conf.c): a version without '+' is refused */
        if (!n || buf[n - 1] != '+')
            return tvc_arena_printf(c->a, "%s: value must be 'default', "
                                    "'TLSv1.2+' or 'TLSv1.3+', not '%s'", nd->name, w);
        buf[n - 1] = '\0';
        if (!strncasecmp(buf, "TLSv0x", 6)) {
            char *end;
            long x = strtol(buf + 6, &end, 16);
            if (!*end && x >= TVC_SSL3 && x <= TVC_TLS13)
                v = (int)x;
        } else {
            /* tls_proto_get_version_by_name knows only these two names */
            v = tvc_proto_parse(buf);
            if (v != TVC_TLS12 && v != TVC_TLS13)
                v = 0;
        }
        if (!v)
            return tvc_arena_printf(c->a, "%s: unknown protocol '%s' (use "
                                    "TLSv1.2+, TLSv1.3+ or TLSv0xNNNN+)",
                                    nd->name, w);
    }
    dup_warn(c, nd, &p->text.loc);
    mark(c);
    p->min = v;
    p->max = TVC_UNSET;
    p->text.v = w;
    p->text.loc = nd->loc;
    return NULL;
}

/* SSLCipherSuite [SSL|TLSv1.3] spec. */
SETTER(tvc_set_ssl_ciphers)
{
    tvc_ciphers *ci = field;
    if (nargs(nd, cmd) == 1) {
        put_value(c, nd, &ci->spec, nd->argv[0], 0);
        return NULL;
    }
    /* ssl_cmd_SSLCipherSuite compares the protocol word with strcmp */
    const char *proto = nd->argv[0];
    if (!strcmp(proto, "TLSv1.3") && (c->context & (TVC_CTX_DIR | TVC_CTX_HTACCESS)))
        return tvc_arena_printf(c->a, "%s: TLSv1.3 ciphers cannot be set inside "
                                "a directory context", nd->name);
    if (!strcmp(proto, "TLSv1.3"))
        put_value(c, nd, &ci->spec_tls13, nd->argv[1], 1);
    else if (!strcmp(proto, "SSL"))
        put_value(c, nd, &ci->spec, nd->argv[1], 1);
    else
        return tvc_arena_printf(c->a, "%s: protocol '%s' is neither SSL nor "
                                "TLSv1.3", nd->name, proto);
    return NULL;
}

SETTER(tvc_set_preference)
{
    (void)cmd;
    tvc_ciphers *ci = field;
    int v = tvc_dialect_flag(nd->argv[0]);
    if (v < 0)
        return tvc_arena_printf(c->a, "%s must be On or Off", nd->name);
    mark(c);
    ci->server_preference = v;
    ci->preference_loc = nd->loc;
    return NULL;
}

SETTER(tvc_set_client_order)
{
    (void)cmd;
    tvc_ciphers *ci = field;
    int v = tvc_dialect_flag(nd->argv[0]);
    if (v < 0)
        return tvc_arena_printf(c->a, "%s must be on or off", nd->name);
    mark(c);
    ci->server_preference = !v;
    ci->preference_loc = nd->loc;
    return NULL;
}

/* mod_ssl pairs the i-th SSLCertificateFile with the i-th
 * SSLCertificateKeyFile (ssl_engine_init.c); a missing key means the key
 * is in the certificate file. */
SETTER(tvc_set_cert)
{
    (void)cmd;
    tvc_certs *cs = field;
    mark(c);
    for (size_t i = 0; i < cs->n; i++)
        if (!cs->v[i].cert) {
            cs->v[i].cert = abs_of(c, nd->argv[0]);
            cs->v[i].cert_loc = nd->loc;
            return NULL;
        }
    tvc_cert *x = tvc_certs_push(c->a, cs);
    x->cert = abs_of(c, nd->argv[0]);
    x->cert_loc = nd->loc;
    return NULL;
}

SETTER(tvc_set_key)
{
    (void)cmd;
    tvc_certs *cs = field;
    mark(c);
    for (size_t i = 0; i < cs->n; i++)
        if (!cs->v[i].key) {
            cs->v[i].key = abs_of(c, nd->argv[0]);
            cs->v[i].key_loc = nd->loc;
            return NULL;
        }
    tvc_cert *x = tvc_certs_push(c->a, cs);
    x->key = abs_of(c, nd->argv[0]);
    x->key_loc = nd->loc;
    return NULL;
}

/* TLSCertificate cert [key] */
SETTER(tvc_set_cert_pair)
{
    mark(c);
    tvc_cert *x = tvc_certs_push(c->a, field);
    x->cert = abs_of(c, nd->argv[0]);
    x->cert_loc = nd->loc;
    if (nargs(nd, cmd) > 1) {
        x->key = abs_of(c, nd->argv[1]);
        x->key_loc = tvc_node_arg_loc(nd, 1);
    }
    return NULL;
}

/* mod_gnutls has one certificate (with its chain) and one key per vhost. */
SETTER(tvc_set_cert_single)
{
    (void)cmd;
    tvc_certs *cs = field;
    if (!cs->n)
        tvc_certs_push(c->a, cs);
    else if (cs->v[0].cert)
        dup_warn(c, nd, &cs->v[0].cert_loc);
    mark(c);
    cs->v[0].cert = abs_of(c, nd->argv[0]);
    cs->v[0].cert_loc = nd->loc;
    return NULL;
}

SETTER(tvc_set_key_single)
{
    (void)cmd;
    tvc_certs *cs = field;
    if (!cs->n)
        tvc_certs_push(c->a, cs);
    else if (cs->v[0].key)
        dup_warn(c, nd, &cs->v[0].key_loc);
    mark(c);
    cs->v[0].key = abs_of(c, nd->argv[0]);
    cs->v[0].key_loc = nd->loc;
    return NULL;
}

SETTER(tvc_set_verify)
{
    tvc_client_verify *cv = field;
    int m = word_value(cmd, nd->argv[0]);
    if (m < 0)
        return tvc_arena_printf(c->a, "%s: unknown verification level '%s'",
                                nd->name, nd->argv[0]);
    mark(c);
    cv->mode = m;
    cv->mode_loc = nd->loc;
    return NULL;
}

SETTER(tvc_set_verify_mode)
{
    int m = word_value(cmd, nd->argv[0]);
    if (m < 0)
        return tvc_arena_printf(c->a, "%s: unknown verification level '%s'",
                                nd->name, nd->argv[0]);
    mark(c);
    *(int *)field = m;
    return NULL;
}

SETTER(tvc_set_stapling)
{
    tvc_stapling *s = field;
    int v = word_value(cmd, nd->argv[0]);
    if (v < 0)
        return tvc_arena_printf(c->a, "%s must be On or Off", nd->name);
    mark(c);
    s->enabled = v;
    s->enabled_loc = nd->loc;
    return NULL;
}

SETTER(tvc_set_strict_sni)
{
    int v = word_value(cmd, nd->argv[0]);
    if (v < 0)
        return tvc_arena_printf(c->a, "%s must be on or off", nd->name);
    mark(c);
    *(int *)field = v;
    c->tls->strict_sni_loc = nd->loc;
    return NULL;
}

/* SSLOpenSSLConfCmd: the commands with a common meaning go to their IR
 * field; the rest is kept as written for the emitters. */
SETTER(tvc_set_conf_cmd)
{
    (void)cmd, (void)field;
    const char *k = nd->argv[0], *v = nd->argv[1];
    tvc_tls *t = c->tls;
    mark(c);
    if (!strcasecmp(k, "Curves") || !strcasecmp(k, "Groups")) {
        t->groups.n = 0;
        const char *s = v;
        while (*s) {
            const char *e = strchr(s, ':');
            size_t n = e ? (size_t)(e - s) : strlen(s);
            if (n)
                tvc_strs_push(c->a, &t->groups, tvc_arena_strndup(c->a, s, n), &nd->loc);
            s += n + (e ? 1 : 0);
        }
    } else if (!strcasecmp(k, "ECDHParameters") &&
               (!strcasecmp(v, "automatic") || !strcasecmp(v, "+automatic"))) {
        /* OpenSSL 3 (ssl_conf.c, cmd_ECDHParameters) ignores it on a
         * server: automatic selection is all there is. */
    } else if (!strcasecmp(k, "ECDHParameters") && *v && !strchr(v, ':')) {
        /* One curve name: OpenSSL sets it as the whole group list. */
        t->groups.n = 0;
        tvc_strs_push(c->a, &t->groups, tvc_arena_strdup(c->a, v), &nd->loc);
    } else if (!strcasecmp(k, "MinProtocol") || !strcasecmp(k, "MaxProtocol")) {
        int p = tvc_proto_parse(v);
        if (!p)
            return tvc_arena_printf(c->a, "%s %s: unknown protocol '%s'", nd->name,
                                    k, v);
        if (!strcasecmp(k, "MinProtocol"))
            t->protocols.min = p;
        else
            t->protocols.max = p;
        t->protocols.text.loc = nd->loc;
    } else if (!strcasecmp(k, "CipherString")) {
        put_value(c, nd, &t->ciphers.spec, v, 1);
    } else if (!strcasecmp(k, "Ciphersuites")) {
        put_value(c, nd, &t->ciphers.spec_tls13, v, 1);
    } else {
        tvc_raws_push(c->a, &t->other, nd->name, nd->argc, nd->argv, &nd->loc);
    }
    return NULL;
}
