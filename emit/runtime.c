/* The runtime target: each vhost's effective TLS settings as the
 * runtime library's data (tvc_rt_config), and that data as C source.
 * The runtime speaks OpenSSL, so the policy engine's expanded lists are
 * written with OpenSSL's names; what it cannot do (CRLs, responder
 * queries, per-directory settings) is convert-lossy, once per setting. */
#include "config.h"

#include "emit/runtime.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/smap.h"
#include "ir/sni_map.h"
#include "emit/common.h"
#include "policy/suites.h"

typedef struct rb {
    tvc_emit *e;
    tvc_smap seen; /* findings already made: inherited settings repeat */
    unsigned vh;   /* the index of the vhost being written */
    tvc_rt_cert_ocsp *ocsp; /* the certificates' own response files */
    unsigned n_ocsp, cap_ocsp;
} rb;

/* Certificate K of the vhost being written staples FILE. */
static void cert_ocsp(rb *b, unsigned k, const char *file)
{
    if (b->n_ocsp == b->cap_ocsp) {
        unsigned cap = b->cap_ocsp ? 2 * b->cap_ocsp : 8;
        tvc_rt_cert_ocsp *v = tvc_arena_calloc(b->e->a, cap * sizeof *v);
        if (b->n_ocsp)
            memcpy(v, b->ocsp, b->n_ocsp * sizeof *v);
        b->ocsp = v;
        b->cap_ocsp = cap;
    }
    b->ocsp[b->n_ocsp++] = (tvc_rt_cert_ocsp){b->vh, k, file};
}

static void finding(rb *b, int lossy, const tvc_vhost *vh, const tvc_loc *loc,
                    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void finding(rb *b, int lossy, const tvc_vhost *vh, const tvc_loc *loc,
                    const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const char *msg = tvc_arena_vprintf(b->e->a, fmt, ap);
    va_end(ap);
    /* A server-level setting is in every vhost's merged policy: one
     * finding per place and message, not one per vhost. */
    char *key = NULL;
    if (asprintf(&key, "%s\n%u\n%s", loc && loc->file ? loc->file : "", loc ? loc->line : 0,
                 msg) < 0)
        abort();
    int found;
    tvc_smap_put(&b->seen, key, 0, &found);
    if (found)
        return;
    if (lossy)
        tvc_emit_lossy_vh(b->e, vh, loc, "%s", msg);
    else
        tvc_emit_note(b->e, "convert-defaults", vh, loc, "%s", msg);
}

/* ':'-joined, in one allocation (lists can be long). */
static const char *join(tvc_arena *a, const char **v, size_t n)
{
    size_t len = 1;
    for (size_t i = 0; i < n; i++)
        len += strlen(v[i]) + 1;
    char *s = tvc_arena_alloc(a, len), *p = s;
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(v[i]);
        if (i)
            *p++ = ':';
        memcpy(p, v[i], l);
        p += l;
    }
    *p = '\0';
    return s;
}

static const tvc_loc *cipher_loc(const tvc_vhost *vh, const tvc_tls *t)
{
    const tvc_ciphers *c = &t->ciphers;
    return c->spec.loc.file ? &c->spec.loc : c->prefer.loc.file ? &c->prefer.loc
           : c->spec_tls13.loc.file ? &c->spec_tls13.loc
           : t->protocols.text.loc.file ? &t->protocols.text.loc : &vh->loc;
}

/* IANA names -> OpenSSL's; a suite OpenSSL lacks is convert-lossy. */
static const char *openssl_suites(rb *b, const tvc_vhost *vh, const tvc_tls *t,
                                  const char **names, size_t n)
{
    const char **v = tvc_arena_alloc(b->e->a, (n + 1) * sizeof *v);
    const char **lost = tvc_arena_alloc(b->e->a, (n + 1) * sizeof *lost);
    size_t k = 0, nl = 0;
    for (size_t i = 0; i < n; i++) {
        const tvc_suite *s = tvc_suite_by_name(names[i]);
        if (s && s->openssl)
            v[k++] = s->openssl;
        else
            lost[nl++] = names[i];
    }
    if (nl)
        finding(b, 1, vh, cipher_loc(vh, t), "OpenSSL has no cipher suite %s: the runtime "
                "cannot offer %s", join(b->e->a, lost, nl), nl == 1 ? "it" : "them");
    return join(b->e->a, v, k);
}

/* Protocols and suites: only what the config sets. Left at the source
 * module's default, they stay at OpenSSL's (as mod_ssl's are). */
static void policy(rb *b, const tvc_vhost *vh, const tvc_tls *t, tvc_rt_vhost *o)
{
    const tvc_ciphers *c = &t->ciphers;
    tvc_engine src = tvc_emit_source(t);
    int set12 = src == TVC_ENGINE_MODSSL   ? c->spec.v != NULL
                : src == TVC_ENGINE_GNUTLS ? c->spec.v != NULL
                                           : c->prefer.v || c->suppress.v;
    int set13 = src == TVC_ENGINE_MODSSL ? c->spec_tls13.v != NULL : set12;
    /* A GnuTLS priority string says the versions too. */
    int protos = t->protocols.text.v || t->protocols.min != TVC_UNSET ||
                 t->protocols.max != TVC_UNSET || (src == TVC_ENGINE_GNUTLS && c->spec.v);
    if (protos) {
        o->proto_min = t->protocols.eff_min  ? t->protocols.eff_min
                       : t->protocols.min > 0 ? t->protocols.min : 0;
        o->proto_max = t->protocols.eff_max  ? t->protocols.eff_max
                       : t->protocols.max > 0 ? t->protocols.max : 0;
    }
    if (set13 && c->tls13)
        o->ciphersuites = openssl_suites(b, vh, t, c->tls13, c->n_tls13);
    if (set12 && c->tls12) {
        const char *l = openssl_suites(b, vh, t, c->tls12, c->n_tls12);
        if (*l) {
            o->cipher_list = l;
        } else if (c->n_tls13 && (!o->ciphersuites || *o->ciphersuites) &&
                   (!o->proto_max || o->proto_max >= TVC_TLS13)) {
            /* No TLS <= 1.2 suite: OpenSSL refuses an empty cipher list
             * (SSL_CTX_set_cipher_list fails), so say it by the version. */
            o->proto_min = TVC_TLS13;
        } else {
            finding(b, 1, vh, cipher_loc(vh, t), "the cipher settings leave no suite the "
                    "runtime can offer; it would fall back to OpenSSL's default list");
        }
    }
    o->server_preference = c->server_preference == TVC_UNSET ? -1 : c->server_preference;
    if (!set12 && !set13 && !protos && src != TVC_ENGINE_MODSSL && src != TVC_ENGINE_NONE)
        /* no location: one note for all such vhosts of the module */
        finding(b, 0, vh, NULL, "the protocols and ciphers %s leaves at its defaults stay at "
                "OpenSSL's defaults in the runtime, which differ", tvc_engine_name(src));
}

/* Key-exchange groups in OpenSSL's names (the GnuTLS priorities' too). */
static const char *groups(rb *b, const tvc_vhost *vh, const tvc_tls *t)
{
    /* tvc_emit_groups asks which module is the target: the runtime
     * speaks OpenSSL's names, as mod_ssl does; without a parent level it
     * gives the effective list, whichever level wrote it. */
    static const tvc_emitter as_openssl = {TVC_ENGINE_MODSSL, "the runtime", NULL, NULL};
    tvc_emit tmp = *b->e;
    tmp.t = &as_openssl;
    tmp.n_lossy = 0;
    const char **g;
    size_t n = tvc_emit_groups_for(&tmp, vh, t, NULL, 0, &g);
    b->e->n_lossy += tmp.n_lossy;
    if (!n)
        return NULL;
    return join(b->e->a, g, n);
}

static int pkcs11(const char *s)
{
    return s && !strncasecmp(s, "pkcs11:", 7);
}

static void certs(rb *b, const tvc_vhost *vh, const tvc_tls *t, tvc_rt_vhost *o)
{
    tvc_arena *a = b->e->a;
    tvc_rt_cert *v = tvc_arena_calloc(a, (t->certs.n + 1) * sizeof *v);
    unsigned n = 0;
    for (size_t i = 0; i < t->certs.n; i++) {
        const tvc_cert *c = &t->certs.v[i];
        /* A key without its certificate is the checks' no-certificate
         * error; httpd does not start, the runtime would not either. */
        if (!c->cert)
            continue;
        if (pkcs11(c->cert) || pkcs11(c->key)) {
            finding(b, 1, vh, pkcs11(c->cert) ? &c->cert_loc : &c->key_loc, "the runtime "
                    "loads certificates and keys from files, not PKCS#11 ('%s'): the pair "
                    "is left out", pkcs11(c->cert) ? c->cert : c->key);
            continue;
        }
        /* SSLCertificateChainFile: sent with every certificate. */
        size_t nc = c->chain.n + (t->chain_file.v != NULL);
        const char **ch = nc ? tvc_arena_alloc(a, nc * sizeof *ch) : NULL;
        for (size_t k = 0; k < c->chain.n; k++)
            ch[k] = c->chain.v[k];
        if (t->chain_file.v)
            ch[nc - 1] = t->chain_file.v;
        if (c->ocsp_response)
            cert_ocsp(b, n, c->ocsp_response);
        v[n++] = (tvc_rt_cert){c->cert, c->key, ch, (unsigned)nc};
    }
    o->certs = n ? v : NULL;
    o->n_certs = n;
}

static void client(rb *b, const tvc_vhost *vh, const tvc_tls *t, tvc_rt_vhost *o)
{
    const tvc_client_verify *cv = &t->client;
    const tvc_loc *loc = cv->mode_loc.file ? &cv->mode_loc : &vh->loc;
    switch (cv->mode) {
    case TVC_VERIFY_OPTIONAL:
        o->verify_mode = TVC_RT_VERIFY_OPTIONAL;
        break;
    case TVC_VERIFY_REQUIRE:
        o->verify_mode = TVC_RT_VERIFY_REQUIRE;
        break;
    case TVC_VERIFY_OPTIONAL_NO_CA:
        /* optional_no_ca lets a certificate that does not verify through
         * to the application; OpenSSL's optional mode fails the handshake */
        o->verify_mode = TVC_RT_VERIFY_OPTIONAL;
        finding(b, 1, vh, loc, "the runtime has no optional_no_ca: a client certificate "
                "that does not verify fails the handshake (verified as optional)");
        break;
    default:
        o->verify_mode = TVC_RT_VERIFY_NONE;
        break;
    }
    o->verify_ca_file = cv->ca_file.v;
    o->verify_depth = cv->depth == TVC_UNSET ? -1 : cv->depth;
    if (o->verify_mode == TVC_RT_VERIFY_NONE)
        return; /* the rest has no effect */
    const tvc_str *lost[] = {&cv->ca_path, &cv->crl_file, &cv->crl_path, &cv->crl_check};
    const char *what[] = {"a CA certificate directory", "a CRL file", "a CRL directory",
                          "CRL checking"};
    for (size_t i = 0; i < sizeof lost / sizeof *lost; i++)
        if (lost[i]->v)
            finding(b, 1, vh, lost[i]->loc.file ? &lost[i]->loc : loc, "the runtime does "
                    "not load %s for client certificates ('%s' is left out)", what[i],
                    lost[i]->v);
}

static void stapling(rb *b, const tvc_vhost *vh, const tvc_tls *t, tvc_rt_vhost *o)
{
    const tvc_stapling *s = &t->stapling;
    const tvc_loc *loc = s->enabled_loc.file ? &s->enabled_loc : &vh->loc;
    if (tvc_tls_has_responses(t)) {
        /* the server certificate's, as mod_gnutls reads it (the
         * certificates' own files are cert_ocsp's) */
        if (s->response_files.n && *s->response_files.v[0])
            o->ocsp_response = s->response_files.v[0];
        for (size_t i = 1; i < s->response_files.n; i++)
            finding(b, 1, vh, &s->response_files.loc[i], "the runtime staples the server "
                    "certificate's OCSP response, none for the intermediates (OpenSSL has "
                    "no TLS 1.3 multi-staple): '%s' is left out", s->response_files.v[i]);
    } else if (s->enabled == 1 || s->md_stapling == 1) {
        finding(b, 1, vh, loc, "the runtime staples only from a response file; it does not "
                "query the OCSP responder");
    } else if (s->enabled == TVC_UNSET && tvc_emit_source(t) == TVC_ENGINE_GNUTLS) {
        finding(b, 0, vh, NULL, "OCSP stapling is left at mod_gnutls's default, which "
                "staples when the certificate names a responder; the runtime staples only "
                "from a response file");
    }
}

static void rest(rb *b, const tvc_vhost *vh, const tvc_tls *t)
{
    if (t->proxy && t->proxy->enabled == 1)
        finding(b, 0, vh, t->proxy->enabled_loc.file ? &t->proxy->enabled_loc : &vh->loc,
                "the runtime serves TLS, it does not proxy: the backend (proxy) TLS "
                "settings are left out");
    for (size_t i = 0; i < t->other.n; i++) {
        const tvc_raw *r = &t->other.v[i];
        const char *what = r->name;
        if (!strcasecmp(r->name, TVC_SSL_DIRECTIVE(groups)) && r->argc >= 1)
            what = tvc_arena_printf(b->e->a, "%s %s", r->name, r->argv[0]);
        if (tvc_emit_harmless(r->name))
            finding(b, 0, vh, &r->loc, "%s has no runtime equivalent and is left out", what);
        else
            finding(b, 1, vh, &r->loc, "%s has no runtime equivalent; it is left out", what);
    }
    if (t->compression == 1)
        finding(b, 1, vh, &vh->loc, "the runtime does not compress (SSLCompression on)");
    if (t->insecure_reneg == 1)
        finding(b, 1, vh, &vh->loc, "the runtime does not allow insecure renegotiation");
    if (t->dh_file.v)
        finding(b, 1, vh, &t->dh_file.loc, "the runtime uses OpenSSL's built-in DH "
                "parameters: '%s' is not loaded", t->dh_file.v);
}

static void vhost(rb *b, const tvc_vhost *vh, tvc_rt_vhost *o)
{
    const tvc_ir *ir = b->e->ir;
    o->server_name = vh->server_name ? vh->server_name : ir->server_name;
    o->aliases = vh->aliases.n ? vh->aliases.v : NULL;
    o->n_aliases = (unsigned)vh->aliases.n;
    o->source_file = vh->loc.file;
    o->source_line = vh->loc.line;
    o->server_preference = o->verify_depth = o->session_tickets = -1;
    const tvc_tls *t = vh->tls; /* NULL unless SSLEngine on/optional & co. */
    if (!t)
        return;
    o->tls = 1;
    policy(b, vh, t, o);
    o->groups = groups(b, vh, t);
    certs(b, vh, t, o);
    client(b, vh, t, o);
    stapling(b, vh, t, o);
    o->session_tickets = t->session_tickets == TVC_UNSET ? -1 : t->session_tickets;
    rest(b, vh, t);
}

/* Protocols as the runtime's list of ALPN ids (ABI 2's ext); a TLS
 * vhost without it keeps httpd's default, http/1.1. */
static void alpn(tvc_arena *a, const tvc_tls *t, tvc_rt_vhost_ext *x)
{
    const char *s = t ? t->alpn.v : NULL;
    if (!s)
        return;
    const char **v = tvc_arena_alloc(a, (strlen(s) / 2 + 2) * sizeof *v);
    for (size_t n; *s; s += n) {
        s += strspn(s, " ");
        if ((n = strcspn(s, " ")))
            v[x->n_protocols++] = tvc_arena_strndup(a, s, n);
    }
    x->protocols = v;
}

const tvc_rt_config *tvc_emit_runtime_config(tvc_emit *e)
{
    const tvc_ir *ir = e->ir;
    tvc_arena *a = e->a;
    rb b = {.e = e};
    tvc_rt_config *c = tvc_arena_calloc(a, sizeof *c);
    c->abi = TVC_RT_ABI;
    c->source = ir->main_file;
    tvc_rt_vhost *vhs = tvc_arena_calloc(a, (ir->n_vhosts + 1) * sizeof *vhs);
    tvc_rt_vhost_ext *ext = tvc_arena_calloc(a, (ir->n_vhosts + 1) * sizeof *ext);
    for (size_t i = 0; i < ir->n_vhosts; i++) {
        b.vh = (unsigned)i;
        vhost(&b, &ir->vhosts[i], &vhs[i]);
        alpn(a, ir->vhosts[i].tls, &ext[i]);
    }
    unsigned nv = (unsigned)ir->n_vhosts;
    /* TLS ports no vhost listens on are the main server's (SSLEngine on
     * in the server config, a TLSEngine port without vhosts): one more
     * vhost, made of the server config, serves them. */
    const tvc_sni_map *m = tvc_sni_map_build(a, ir);
    tvc_rt_site *sites = tvc_arena_calloc(a, (m->n + ir->n_listeners + 1) * sizeof *sites);
    unsigned ns = 0;
    if (ir->server.enabled == 1)
        for (size_t i = 0; i < ir->n_listeners; i++) {
            const tvc_listener *l = &ir->listeners[i];
            if (!l->engine || tvc_ir_port_has_vhosts(ir, l->addr.port))
                continue;
            if (nv == ir->n_vhosts) {
                tvc_vhost main = {0};
                main.tls = (tvc_tls *)&ir->server;
                main.loc = ir->server.enabled_loc.file ? ir->server.enabled_loc : l->loc;
                b.vh = nv;
                alpn(a, main.tls, &ext[nv]);
                vhost(&b, &main, &vhs[nv++]);
            }
            unsigned *mem = tvc_arena_alloc(a, sizeof *mem);
            mem[0] = (unsigned)ir->n_vhosts;
            sites[ns++] = (tvc_rt_site){l->addr.addr ? l->addr.addr : "*", l->addr.port,
                                        l->strict_sni == 1, mem, 1};
        }
    c->vhosts = nv ? vhs : NULL;
    c->n_vhosts = nv;
    c->cert_ocsp = b.ocsp;
    c->n_cert_ocsp = b.n_ocsp;
    c->ext = nv ? ext : NULL;
    tvc_smap_free(&b.seen);

    for (size_t s = 0; s < m->n; s++) {
        const tvc_sni_set *set = &m->sets[s];
        int tls = 0;
        for (size_t k = 0; k < set->n; k++)
            tls |= ir->vhosts[set->members[k]].tls != NULL;
        if (!tls)
            continue;
        unsigned *mem = tvc_arena_alloc(a, set->n * sizeof *mem);
        for (size_t k = 0; k < set->n; k++)
            mem[k] = (unsigned)set->members[k];
        sites[ns++] = (tvc_rt_site){set->addr, set->port, set->strict_sni, mem,
                                    (unsigned)set->n};
    }
    c->sites = ns ? sites : NULL;
    c->n_sites = ns;
    return c;
}

/* ---- C source ---------------------------------------------------------- */

/* A C string literal; every byte a compiler could misread escaped (octal
 * in three digits, so a following digit is not taken in; the second '?'
 * of "??" too: "??=" is a trigraph under -std=c11). */
static void put_str(FILE *f, const char *s)
{
    if (!s) {
        fputs("NULL", f);
        return;
    }
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '\\' || *p == '"')
            fprintf(f, "\\%c", *p);
        else if (*p == '?' && p > (const unsigned char *)s && p[-1] == '?')
            fputs("\\?", f);
        else if (*p < 0x20 || *p >= 0x7f)
            fprintf(f, "\\%03o", *p);
        else
            fputc(*p, f);
    }
    fputc('"', f);
}

/* Text for a comment: printable ASCII without a comment's end. */
static const char *comment_text(tvc_arena *a, const char *s)
{
    char *r = tvc_arena_strdup(a, s ? s : "(none)");
    for (char *p = r; *p; p++)
        if ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f ||
            (*p == '*' && p[1] == '/'))
            *p = '?';
    return r;
}

static void put_strs(FILE *f, const char *name, const char *const *v, size_t n)
{
    fprintf(f, "static const char *const %s[] = {", name);
    for (size_t i = 0; i < n; i++) {
        fputs(i ? ", " : "", f);
        put_str(f, v[i]);
    }
    fputs("};\n", f);
}

/* The arrays a vhost points to: its aliases, chains and certificates. */
static void put_vhost_arrays(FILE *f, const tvc_rt_vhost *v, size_t i)
{
    char name[64];
    if (v->n_aliases) {
        snprintf(name, sizeof name, "aliases_%zu", i);
        put_strs(f, name, v->aliases, v->n_aliases);
    }
    for (unsigned k = 0; k < v->n_certs; k++)
        if (v->certs[k].n_chain) {
            snprintf(name, sizeof name, "chain_%zu_%u", i, k);
            put_strs(f, name, v->certs[k].chain, v->certs[k].n_chain);
        }
    if (!v->n_certs)
        return;
    fprintf(f, "static const tvc_rt_cert certs_%zu[] = {\n", i);
    for (unsigned k = 0; k < v->n_certs; k++) {
        const tvc_rt_cert *c = &v->certs[k];
        fputs("    {", f);
        put_str(f, c->cert);
        fputs(", ", f);
        put_str(f, c->key);
        if (c->n_chain)
            fprintf(f, ", chain_%zu_%u, %u},\n", i, k, c->n_chain);
        else
            fputs(", NULL, 0},\n", f);
    }
    fputs("};\n", f);
}

/* ABI 2's per-vhost array, after the vhosts: NULL when no vhost sets
 * Protocols. Returns whether it was written. */
static int put_ext(FILE *f, const tvc_rt_config *c)
{
    int any = 0;
    char name[64];
    for (size_t i = 0; c->ext && i < c->n_vhosts; i++)
        if (c->ext[i].n_protocols) {
            snprintf(name, sizeof name, "protocols_%zu", i);
            put_strs(f, name, c->ext[i].protocols, c->ext[i].n_protocols);
            any = 1;
        }
    if (!any)
        return 0;
    fputs("\nstatic const tvc_rt_vhost_ext ext[] = {\n", f);
    for (size_t i = 0; i < c->n_vhosts; i++)
        if (c->ext[i].n_protocols)
            fprintf(f, "    {protocols_%zu, %u},\n", i, c->ext[i].n_protocols);
        else
            fputs("    {NULL, 0},\n", f);
    fputs("};\n", f);
    return 1;
}

static void put_vhost(FILE *f, tvc_arena *a, const tvc_rt_vhost *v, size_t i)
{
    fprintf(f, "    /* %zu: %s:%u, ServerName %s */\n    {\n", i,
            comment_text(a, v->source_file), v->source_line, comment_text(a, v->server_name));
    fputs("        .server_name = ", f);
    put_str(f, v->server_name);
    if (v->n_aliases)
        fprintf(f, ",\n        .aliases = aliases_%zu, .n_aliases = %u", i, v->n_aliases);
    else
        fputs(",\n        .aliases = NULL, .n_aliases = 0", f);
    fprintf(f, ",\n        .tls = %d, .proto_min = 0x%04x, .proto_max = 0x%04x", v->tls,
            (unsigned)v->proto_min, (unsigned)v->proto_max);
    const struct {
        const char *name, *val;
    } strs[] = {{"cipher_list", v->cipher_list}, {"ciphersuites", v->ciphersuites},
                {"groups", v->groups}};
    for (size_t k = 0; k < sizeof strs / sizeof *strs; k++) {
        fprintf(f, ",\n        .%s = ", strs[k].name);
        put_str(f, strs[k].val);
    }
    fprintf(f, ",\n        .server_preference = %d", v->server_preference);
    if (v->n_certs)
        fprintf(f, ",\n        .certs = certs_%zu, .n_certs = %u", i, v->n_certs);
    else
        fputs(",\n        .certs = NULL, .n_certs = 0", f);
    static const char *const modes[] = {"TVC_RT_VERIFY_NONE", "TVC_RT_VERIFY_OPTIONAL",
                                        "TVC_RT_VERIFY_REQUIRE"};
    fprintf(f, ",\n        .verify_mode = %s, .verify_ca_file = ",
            modes[v->verify_mode >= 0 && v->verify_mode <= 2 ? v->verify_mode : 0]);
    put_str(f, v->verify_ca_file);
    fprintf(f, ", .verify_depth = %d,\n        .ocsp_response = ", v->verify_depth);
    put_str(f, v->ocsp_response);
    fprintf(f, ", .session_tickets = %d,\n        .source_file = ", v->session_tickets);
    put_str(f, v->source_file);
    fprintf(f, ", .source_line = %u,\n    },\n", v->source_line);
}

/* The certificates' own response files (ABI 2). */
static void put_cert_ocsp(FILE *f, const tvc_rt_config *c)
{
    if (!c->n_cert_ocsp)
        return;
    fputs("\n/* { vhost, certificate, its OCSP response file } */\n"
          "static const tvc_rt_cert_ocsp cert_ocsp[] = {\n", f);
    for (unsigned i = 0; i < c->n_cert_ocsp; i++) {
        fprintf(f, "    {%u, %u, ", c->cert_ocsp[i].vhost, c->cert_ocsp[i].cert);
        put_str(f, c->cert_ocsp[i].file);
        fputs("},\n", f);
    }
    fputs("};\n", f);
}

/* The static arrays, in the order C needs them declared. */
static void put_data(FILE *f, tvc_arena *a, const tvc_rt_config *c, int *has_ext)
{
    for (size_t i = 0; i < c->n_vhosts; i++)
        put_vhost_arrays(f, &c->vhosts[i], i);
    if (c->n_vhosts) {
        fputs("\nstatic const tvc_rt_vhost vhosts[] = {\n", f);
        for (size_t i = 0; i < c->n_vhosts; i++)
            put_vhost(f, a, &c->vhosts[i], i);
        fputs("};\n", f);
    }
    put_cert_ocsp(f, c);
    if (put_ext(f, c))
        *has_ext = 1;
    if (!c->n_sites)
        return;
    fputc('\n', f);
    for (size_t s = 0; s < c->n_sites; s++) {
        const tvc_rt_site *st = &c->sites[s];
        if (!st->n_vhosts)
            continue;
        fprintf(f, "static const unsigned site_%zu[] = {", s);
        for (unsigned k = 0; k < st->n_vhosts; k++)
            fprintf(f, "%s%u", k ? ", " : "", st->vhosts[k]);
        fputs("};\n", f);
    }
    fputs("\nstatic const tvc_rt_site sites[] = {\n", f);
    for (size_t s = 0; s < c->n_sites; s++) {
        const tvc_rt_site *st = &c->sites[s];
        fputs("    {", f);
        put_str(f, st->addr);
        fprintf(f, ", %d, %d, ", st->port, st->strict_sni);
        if (st->n_vhosts)
            fprintf(f, "site_%zu, %u},\n", s, st->n_vhosts);
        else
            fputs("NULL, 0},\n", f);
    }
    fputs("};\n", f);
}

const char *tvc_emit_runtime_c(tvc_emit *e, const tvc_rt_config *c)
{
    tvc_arena *a = e->a;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        abort();
    int has_ext = 0;
    put_data(f, a, c, &has_ext);
    fclose(f);
    /* the last line's newline: the template line brings its own */
    if (len && buf[len - 1] == '\n')
        buf[--len] = '\0';
    const char *data = tvc_arena_strdup(a, buf);
    free(buf);

    f = open_memstream(&buf, &len);
    if (!f)
        abort();
    put_str(f, c->source);
    fclose(f);
    const char *source_lit = tvc_arena_strdup(a, buf);
    free(buf);

    tvc_tvars v = {0};
    tvc_tvars_set(a, &v, "version", PACKAGE_VERSION);
    tvc_tvars_set(a, &v, "source", comment_text(a, c->source));
    tvc_tvars_set(a, &v, "source_literal", source_lit);
    tvc_tvars_set(a, &v, "data", data);
    tvc_tvars_set(a, &v, "vhosts", c->n_vhosts ? "vhosts" : "NULL");
    tvc_tvars_set(a, &v, "n_vhosts", tvc_arena_printf(a, "%u", c->n_vhosts));
    tvc_tvars_set(a, &v, "sites", c->n_sites ? "sites" : "NULL");
    tvc_tvars_set(a, &v, "n_sites", tvc_arena_printf(a, "%u", c->n_sites));
    tvc_tvars_set(a, &v, "cert_ocsp", c->n_cert_ocsp ? "cert_ocsp" : "NULL");
    tvc_tvars_set(a, &v, "n_cert_ocsp", tvc_arena_printf(a, "%u", c->n_cert_ocsp));
    tvc_tvars_set(a, &v, "ext", has_ext ? "ext" : "NULL");
    return tvc_template_render(a, e->d, e->templates, "runtime", "vhosts.c", "", &v);
}
