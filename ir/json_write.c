/* The IR as JSON, printed while the IR is walked. jansson's tree of the
 * same document took 150 MiB for 10,000 vhosts (one malloc per value);
 * this keeps a 64 KiB buffer. The layout is jansson's json_dumpf with
 * JSON_INDENT(2), byte for byte, so `ir` prints what it always printed
 * (tests/test_json.c holds the two against each other). */
#include "config.h"

#include "ir/json.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#define JW_BUF (64 * 1024)
#define JW_DEPTH 16 /* the IR nests 6 deep */

typedef struct jw {
    FILE *out;
    int err;
    size_t n;
    unsigned depth;
    unsigned char has_items[JW_DEPTH];
    char buf[JW_BUF];
} jw;

static void flush(jw *w)
{
    if (w->n && fwrite(w->buf, 1, w->n, w->out) != w->n)
        w->err = 1;
    w->n = 0;
}

static void put(jw *w, const char *s, size_t len)
{
    if (len > JW_BUF - w->n) {
        flush(w);
        if (len > JW_BUF) {
            if (fwrite(s, 1, len, w->out) != len)
                w->err = 1;
            return;
        }
    }
    memcpy(w->buf + w->n, s, len);
    w->n += len;
}

#define PUT(w, lit) put(w, lit, sizeof lit - 1)

/* Length of the valid UTF-8 sequence at s, or 0: no overlong forms, no
 * surrogates, nothing past U+10FFFF (what jansson accepts). */
static size_t utf8_len(const unsigned char *s)
{
    unsigned c = s[0], need, min, v;
    if (c >= 0xc2 && c <= 0xdf)
        need = 1, min = 0x80, v = c & 0x1f;
    else if (c >= 0xe0 && c <= 0xef)
        need = 2, min = 0x800, v = c & 0x0f;
    else if (c >= 0xf0 && c <= 0xf4)
        need = 3, min = 0x10000, v = c & 0x07;
    else
        return 0;
    for (unsigned i = 1; i <= need; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0; /* also the terminating NUL */
        v = (v << 6) | (s[i] & 0x3f);
    }
    if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
        return 0;
    return need + 1;
}

/* jansson's escapes: \" \\ \b \f \n \r \t, other control bytes as \u00XX
 * (upper-case hex), everything else as it is. jansson refuses a string
 * that is not UTF-8 (the value went missing from the output, a whole
 * vhost with it); here such a byte is read as Latin-1, the likeliest
 * meaning of a stray byte in a config, and written as \u00XX. */
static void put_string(jw *w, const char *str)
{
    static const char hex[] = "0123456789ABCDEF";
    const unsigned char *s = (const unsigned char *)str, *run = s;
    PUT(w, "\"");
    for (;;) {
        unsigned c = *s;
        if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
            s++;
            continue;
        }
        size_t ok = c >= 0x80 ? utf8_len(s) : 0;
        if (ok) {
            s += ok;
            continue;
        }
        put(w, (const char *)run, (size_t)(s - run));
        if (!c)
            break;
        char esc[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
        const char *short_form = c == '"' ? "\\\"" : c == '\\' ? "\\\\" : c == '\b' ? "\\b"
                                 : c == '\f' ? "\\f" : c == '\n' ? "\\n" : c == '\r' ? "\\r"
                                 : c == '\t' ? "\\t" : NULL;
        if (short_form)
            put(w, short_form, 2);
        else
            put(w, esc, sizeof esc);
        run = ++s;
    }
    PUT(w, "\"");
}

static void indent(jw *w, unsigned depth)
{
    static const char spaces[] = "                                ";
    PUT(w, "\n");
    for (unsigned n = depth * 2; n;) {
        unsigned k = n < sizeof spaces - 1 ? n : (unsigned)sizeof spaces - 1;
        put(w, spaces, k);
        n -= k;
    }
}

/* Starts a value: the separator and indent inside a container, and the
 * key inside an object (NULL in an array). */
static void item(jw *w, const char *key)
{
    if (w->depth) {
        if (w->has_items[w->depth])
            PUT(w, ",");
        indent(w, w->depth);
        w->has_items[w->depth] = 1;
    }
    if (key) {
        put_string(w, key);
        PUT(w, ": ");
    }
}

static void open_(jw *w, const char *key, const char *bracket)
{
    item(w, key);
    put(w, bracket, 1);
    w->depth++;
    w->has_items[w->depth] = 0;
}

static void close_(jw *w, const char *bracket)
{
    if (w->has_items[w->depth])
        indent(w, w->depth - 1);
    w->depth--;
    put(w, bracket, 1);
}

static void obj(jw *w, const char *key)
{
    open_(w, key, "{");
}

static void end_obj(jw *w)
{
    close_(w, "}");
}

static void arr(jw *w, const char *key)
{
    open_(w, key, "[");
}

static void end_arr(jw *w)
{
    close_(w, "]");
}

static void null(jw *w, const char *key)
{
    item(w, key);
    PUT(w, "null");
}

static void str(jw *w, const char *key, const char *s)
{
    if (!s) {
        null(w, key);
        return;
    }
    item(w, key);
    put_string(w, s);
}

static void num(jw *w, const char *key, long long v)
{
    char b[32];
    int n = snprintf(b, sizeof b, "%lld", v);
    item(w, key);
    put(w, b, (size_t)n);
}

static void boolean(jw *w, const char *key, int v)
{
    item(w, key);
    if (v)
        PUT(w, "true");
    else
        PUT(w, "false");
}

/* TVC_UNSET is null */
static void int_or_null(jw *w, const char *key, int v)
{
    if (v == TVC_UNSET)
        null(w, key);
    else
        num(w, key, v);
}

static void bool_or_null(jw *w, const char *key, int v)
{
    if (v == TVC_UNSET)
        null(w, key);
    else
        boolean(w, key, v);
}

/* ---- the IR ------------------------------------------------------------- */

static void loc(jw *w, const char *key, const tvc_loc *l)
{
    if (!l->file) {
        null(w, key);
        return;
    }
    obj(w, key);
    str(w, "file", l->file);
    num(w, "line", l->line);
    num(w, "column", l->col);
    if (l->origin) {
        arr(w, "via");
        for (const tvc_origin *or = l->origin; or; or = or->at.origin) {
            obj(w, NULL);
            str(w, "kind", or->kind == TVC_ORIGIN_INCLUDE ? "include" : "macro");
            str(w, "file", or->at.file);
            num(w, "line", or->at.line);
            num(w, "column", or->at.col);
            if (or->macro)
                str(w, "macro", or->macro);
            end_obj(w);
        }
        end_arr(w);
    }
    end_obj(w);
}

static void list(jw *w, const char *key, const char *const *v, size_t n)
{
    if (!v) {
        null(w, key);
        return;
    }
    arr(w, key);
    for (size_t i = 0; i < n; i++)
        str(w, NULL, v[i]);
    end_arr(w);
}

static void strs(jw *w, const char *key, const tvc_strs *s)
{
    arr(w, key);
    for (size_t i = 0; i < s->n; i++)
        str(w, NULL, s->v[i]);
    end_arr(w);
}

/* Words one space apart (the Protocols list) as an array; NULL: null. */
static void words(jw *w, const char *key, const char *s)
{
    if (!s) {
        null(w, key);
        return;
    }
    arr(w, key);
    for (size_t n; *s; s += n) {
        s += strspn(s, " ");
        if ((n = strcspn(s, " "))) {
            char *one = strndup(s, n);
            if (one)
                str(w, NULL, one);
            else
                w->err = 1;
            free(one);
        }
    }
    end_arr(w);
}

static void certs(jw *w, const char *key, const tvc_certs *c)
{
    arr(w, key);
    for (size_t i = 0; i < c->n; i++) {
        obj(w, NULL);
        str(w, "cert", c->v[i].cert);
        str(w, "key", c->v[i].key);
        strs(w, "chain", &c->v[i].chain);
        loc(w, "location", &c->v[i].cert_loc);
        /* only when set: what a config writes has no per-certificate file */
        if (c->v[i].ocsp_response)
            str(w, "ocsp_response", c->v[i].ocsp_response);
        end_obj(w);
    }
    end_arr(w);
}

static void spec(jw *w, const tvc_ciphers *c, tvc_engine e)
{
    if (!c->spec.v && !c->spec_tls13.v && !c->prefer.v && !c->suppress.v) {
        null(w, "cipher_spec");
        return;
    }
    obj(w, "cipher_spec");
    str(w, "dialect", e == TVC_ENGINE_GNUTLS ? "gnutls" : e == TVC_ENGINE_MODTLS ? "rustls"
                                                                               : "openssl");
    str(w, "text", c->spec.v);
    str(w, "tls13", c->spec_tls13.v);
    str(w, "prefer", c->prefer.v);
    str(w, "suppress", c->suppress.v);
    end_obj(w);
}

static void verify(jw *w, const char *key, int m)
{
    static const char *const names[] = {"none", "optional", "require", "optional_no_ca"};
    str(w, key, m >= 0 && m < 4 ? names[m] : NULL);
}

static void effective(jw *w, const tvc_protocols *p)
{
    if (!p->eff_min && !p->eff_max)
        return;
    obj(w, "protocols_effective");
    str(w, "min", tvc_proto_name(p->eff_min));
    str(w, "max", tvc_proto_name(p->eff_max));
    end_obj(w);
}

static void raws(jw *w, const tvc_raws *r)
{
    arr(w, "options");
    for (size_t i = 0; i < r->n; i++) {
        obj(w, NULL);
        str(w, "directive", r->v[i].name);
        arr(w, "args");
        for (int k = 0; k < r->v[i].argc; k++)
            str(w, NULL, r->v[i].argv[k]);
        end_arr(w);
        end_obj(w);
    }
    end_arr(w);
}

static void proxy(jw *w, const tvc_proxy_tls *p, tvc_engine e)
{
    if (!p) {
        null(w, "proxy");
        return;
    }
    obj(w, "proxy");
    bool_or_null(w, "enabled", p->enabled);
    str(w, "protocol_min", tvc_proto_name(p->protocols.min));
    str(w, "protocol_max", tvc_proto_name(p->protocols.max));
    spec(w, &p->ciphers, e);
    str(w, "ca_file", p->ca_file.v);
    str(w, "ca_path", p->ca_path.v);
    str(w, "crl_file", p->crl_file.v);
    verify(w, "verify", p->verify);
    int_or_null(w, "verify_depth", p->verify_depth);
    bool_or_null(w, "check_peer_name", p->check_peer_name);
    certs(w, "machine_certificates", &p->machine_certs);
    /* the backend side's expanded policy */
    list(w, "ciphers_tls12", p->ciphers.tls12, p->ciphers.n_tls12);
    list(w, "ciphers_tls13", p->ciphers.tls13, p->ciphers.n_tls13);
    effective(w, &p->protocols);
    end_obj(w);
}

/* The members of a level's TLS object, the object itself left open (the
 * server's gets more members). */
static void tls_members(jw *w, const tvc_tls *t)
{
    str(w, "engine", tvc_engine_name(t->engine));
    if (t->enabled == 2)
        str(w, "enabled", "optional");
    else
        bool_or_null(w, "enabled", t->enabled);
    str(w, "protocol_min", tvc_proto_name(t->protocols.min));
    str(w, "protocol_max", tvc_proto_name(t->protocols.max));
    str(w, "protocol_text", t->protocols.text.v);
    effective(w, &t->protocols);
    spec(w, &t->ciphers, t->engine);
    list(w, "ciphers_tls12", t->ciphers.tls12, t->ciphers.n_tls12);
    list(w, "ciphers_tls13", t->ciphers.tls13, t->ciphers.n_tls13);
    if (t->groups.n)
        strs(w, "groups", &t->groups);
    else
        null(w, "groups");
    bool_or_null(w, "server_preference", t->ciphers.server_preference);
    certs(w, "certificates", &t->certs);
    obj(w, "client_verify");
    verify(w, "mode", t->client.mode);
    str(w, "ca_file", t->client.ca_file.v);
    str(w, "ca_path", t->client.ca_path.v);
    int_or_null(w, "depth", t->client.depth);
    str(w, "crl_file", t->client.crl_file.v);
    str(w, "crl_path", t->client.crl_path.v);
    end_obj(w);
    obj(w, "stapling");
    bool_or_null(w, "enabled", t->stapling.enabled);
    strs(w, "response_files", &t->stapling.response_files);
    str(w, "cache", t->stapling.cache.v);
    bool_or_null(w, "md_stapling", t->stapling.md_stapling);
    bool_or_null(w, "md_staple_others", t->stapling.md_staple_others);
    end_obj(w);
    str(w, "session_cache", t->session_cache.v);
    int_or_null(w, "session_timeout", t->session_timeout);
    bool_or_null(w, "session_tickets", t->session_tickets);
    bool_or_null(w, "strict_sni", t->strict_sni);
    bool_or_null(w, "compression", t->compression);
    bool_or_null(w, "insecure_renegotiation", t->insecure_reneg);
    str(w, "dh_file", t->dh_file.v);
    words(w, "alpn", t->alpn.v);
    /* GnuTLSPIN is a secret: only whether one is configured. */
    boolean(w, "pin_configured", t->pin.v != NULL);
    proxy(w, t->proxy, t->engine);
    raws(w, &t->other);
}

static void server(jw *w, const tvc_ir *ir)
{
    obj(w, "server");
    tls_members(w, &ir->server);
    str(w, "server_name", ir->server_name);
    /* Which modules' directives appear at server level: the server
     * policy is read in that language. */
    arr(w, "modules_used");
    for (int e = TVC_ENGINE_MODSSL; e <= TVC_ENGINE_MODTLS; e++)
        if (ir->server.engines_seen & (1u << e))
            str(w, NULL, tvc_engine_name((tvc_engine)e));
    end_arr(w);
    strs(w, "tls_engine", &ir->tls_engine_ports);
    list(w, "other", ir->other, ir->n_other);
    end_obj(w);
}

static void vhost(jw *w, const tvc_vhost *v)
{
    obj(w, NULL);
    str(w, "server_name", v->server_name);
    strs(w, "aliases", &v->aliases);
    arr(w, "addrs");
    for (size_t k = 0; k < v->n_addrs; k++) {
        obj(w, NULL);
        str(w, "addr", v->addrs[k].addr);
        num(w, "port", v->addrs[k].port);
        end_obj(w);
    }
    end_arr(w);
    loc(w, "location", &v->loc);
    if (v->tls) {
        obj(w, "tls");
        tls_members(w, v->tls);
        end_obj(w);
    } else {
        null(w, "tls");
    }
    list(w, "other", v->other, v->n_other);
    end_obj(w);
}

int tvc_ir_write_json(FILE *out, const tvc_ir *ir)
{
    jw *w = malloc(sizeof *w);
    if (!w)
        return -1;
    memset(w, 0, offsetof(jw, buf));
    w->out = out;
    obj(w, NULL);
    num(w, "ir_version", TVC_IR_VERSION);
    /* The suite lists are what this OpenSSL expands cipher strings to. */
    str(w, "openssl_version", OpenSSL_version(OPENSSL_VERSION));
    str(w, "main_file", ir->main_file);
    str(w, "server_root", ir->server_root);
    arr(w, "listeners");
    for (size_t i = 0; i < ir->n_listeners; i++) {
        const tvc_listener *l = &ir->listeners[i];
        obj(w, NULL);
        str(w, "addr", l->addr.addr);
        num(w, "port", l->addr.port);
        str(w, "engine", tvc_engine_name(l->engine));
        str(w, "protocol", l->protocol);
        boolean(w, "strict_sni", l->strict_sni == 1);
        loc(w, "location", &l->loc);
        end_obj(w);
    }
    end_arr(w);
    server(w, ir);
    arr(w, "vhosts");
    for (size_t i = 0; i < ir->n_vhosts; i++)
        vhost(w, &ir->vhosts[i]);
    end_arr(w);
    arr(w, "modules");
    for (size_t i = 0; i < ir->n_modules; i++)
        str(w, NULL, ir->modules[i]);
    end_arr(w);
    end_obj(w);
    flush(w);
    int err = w->err;
    free(w);
    return err ? -1 : 0;
}
