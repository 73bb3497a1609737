#include "config.h"

#include "ir/ir.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const engine_names[] = {NULL, "mod_ssl", "mod_gnutls", "mod_tls"};

const char *tvc_engine_name(tvc_engine e)
{
    return (unsigned)e < 4 ? engine_names[e] : NULL;
}

tvc_engine tvc_engine_parse(const char *s)
{
    for (int i = 1; i < 4; i++)
        if (s && strcmp(s, engine_names[i]) == 0)
            return (tvc_engine)i;
    return TVC_ENGINE_NONE;
}

static const char *const proto_names[] = {"SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"};

const char *tvc_proto_name(int v)
{
    if (v < TVC_SSL3 || v > TVC_TLS13)
        return NULL;
    return proto_names[v - TVC_SSL3];
}

int tvc_proto_parse(const char *s)
{
    if (!s)
        return 0;
    for (int i = 0; i < 5; i++)
        if (strcasecmp(s, proto_names[i]) == 0)
            return TVC_SSL3 + i;
    if (strcasecmp(s, "TLSv1.0") == 0)
        return TVC_TLS10;
    return 0;
}

void tvc_tls_init(tvc_tls *t)
{
    memset(t, 0, sizeof *t);
    t->enabled = TVC_UNSET;
    t->protocols.min = t->protocols.max = TVC_UNSET;
    t->ciphers.server_preference = TVC_UNSET;
    t->client.mode = TVC_UNSET;
    t->client.depth = TVC_UNSET;
    t->stapling.enabled = TVC_UNSET;
    t->stapling.return_errors = TVC_UNSET;
    t->stapling.md_stapling = TVC_UNSET;
    t->stapling.md_staple_others = TVC_UNSET;
    t->session_timeout = TVC_UNSET;
    t->session_tickets = TVC_UNSET;
    t->strict_sni = TVC_UNSET;
    t->compression = TVC_UNSET;
    t->insecure_reneg = TVC_UNSET;
}

static size_t ptr_hash(const char *p, size_t cap)
{
    return (size_t)(((uintptr_t)p >> 3) * 0x9E3779B97F4A7C15ull) & (cap - 1);
}

void tvc_ir_path_written(tvc_arena *a, tvc_ir *ir, const char *abs, size_t off)
{
    if (2 * (ir->n_written + 1) > ir->written_cap) {
        size_t nc = ir->written_cap ? ir->written_cap * 2 : 64;
        struct tvc_written_path *nv = tvc_arena_calloc(a, nc * sizeof *nv);
        for (size_t i = 0; i < ir->written_cap; i++)
            if (ir->written[i].abs) {
                size_t h = ptr_hash(ir->written[i].abs, nc);
                while (nv[h].abs)
                    h = (h + 1) & (nc - 1);
                nv[h] = ir->written[i];
            }
        ir->written = nv;
        ir->written_cap = nc;
    }
    size_t h = ptr_hash(abs, ir->written_cap);
    while (ir->written[h].abs && ir->written[h].abs != abs)
        h = (h + 1) & (ir->written_cap - 1);
    if (!ir->written[h].abs)
        ir->n_written++;
    ir->written[h] = (struct tvc_written_path){abs, off};
}

const char *tvc_ir_path_as_written(const tvc_ir *ir, const char *abs)
{
    if (!abs || !ir->written_cap)
        return abs;
    for (size_t h = ptr_hash(abs, ir->written_cap); ir->written[h].abs;
         h = (h + 1) & (ir->written_cap - 1))
        if (ir->written[h].abs == abs)
            return abs + ir->written[h].off;
    return abs;
}

void tvc_strs_push(tvc_arena *a, tvc_strs *s, const char *v, const tvc_loc *loc)
{
    if (s->n == s->cap) {
        size_t nc = s->cap ? s->cap * 2 : 2;
        s->v = tvc_arena_realloc(a, s->v, s->cap * sizeof *s->v, nc * sizeof *s->v);
        s->loc = tvc_arena_realloc(a, s->loc, s->cap * sizeof *s->loc, nc * sizeof *s->loc);
        s->cap = nc;
    }
    s->v[s->n] = v;
    if (loc)
        s->loc[s->n] = *loc;
    else
        memset(&s->loc[s->n], 0, sizeof *s->loc);
    s->n++;
}

tvc_cert *tvc_certs_push(tvc_arena *a, tvc_certs *c)
{
    if (c->n == c->cap) {
        size_t nc = c->cap ? c->cap * 2 : 1;
        c->v = tvc_arena_realloc(a, c->v, c->cap * sizeof *c->v, nc * sizeof *c->v);
        c->cap = nc;
    }
    tvc_cert *x = &c->v[c->n++];
    memset(x, 0, sizeof *x);
    return x;
}

void tvc_raws_push(tvc_arena *a, tvc_raws *r, const tvc_node *n)
{
    if (r->n == r->cap) {
        size_t nc = r->cap ? r->cap * 2 : 2;
        r->v = tvc_arena_realloc(a, r->v, r->cap * sizeof *r->v, nc * sizeof *r->v);
        r->cap = nc;
    }
    r->v[r->n++] = (tvc_raw){n->name, n->argc, n->argv, n->loc};
}

#define MERGE_INT(f) if (c->f == TVC_UNSET) c->f = p->f
#define MERGE_STR(f) if (!c->f.v) c->f = p->f

static void merge_ciphers(const tvc_ciphers *p, tvc_ciphers *c)
{
    MERGE_STR(spec);
    MERGE_STR(spec_tls13);
    MERGE_STR(prefer);
    MERGE_STR(suppress);
    if (c->server_preference == TVC_UNSET) {
        c->server_preference = p->server_preference;
        c->preference_loc = p->preference_loc;
    }
}

static void merge_protocols(const tvc_protocols *p, tvc_protocols *c)
{
    if (c->min == TVC_UNSET && c->max == TVC_UNSET && !c->text.v)
        *c = *p;
}

static void append_strs(tvc_arena *a, const tvc_strs *p, tvc_strs *c)
{
    if (!p->n)
        return;
    tvc_strs out = {0};
    for (size_t i = 0; i < p->n; i++)
        tvc_strs_push(a, &out, p->v[i], &p->loc[i]);
    for (size_t i = 0; i < c->n; i++)
        tvc_strs_push(a, &out, c->v[i], &c->loc[i]);
    *c = out;
}

/* The merge rules of the modules' per-server configs. mod_ssl appends the
 * main server's certificate and key lists before the vhost's
 * (cfgMergeArray in ssl_engine_config.c); OpenSSL then keeps the last one of
 * each key type. mod_tls and mod_gnutls take the vhost's certificates when
 * it has any. SSLOpenSSLConfCmd lists are appended too. */
void tvc_tls_merge(tvc_arena *a, const tvc_tls *p, tvc_tls *c)
{
    if (c->enabled == TVC_UNSET) {
        c->enabled = p->enabled;
        c->enabled_loc = p->enabled_loc;
        if (!c->engine)
            c->engine = p->engine;
    }
    merge_protocols(&p->protocols, &c->protocols);
    merge_ciphers(&p->ciphers, &c->ciphers);
    if (!c->groups.n)
        c->groups = p->groups;
    if (p->certs.n) {
        if (c->engine == TVC_ENGINE_MODSSL && c->certs.n) {
            tvc_certs out = {0};
            for (size_t i = 0; i < p->certs.n; i++)
                *tvc_certs_push(a, &out) = p->certs.v[i];
            for (size_t i = 0; i < c->certs.n; i++)
                *tvc_certs_push(a, &out) = c->certs.v[i];
            c->certs = out;
        } else if (!c->certs.n) {
            c->certs = p->certs;
        }
    }
    MERGE_STR(chain_file);
    MERGE_INT(client.mode);
    if (c->client.mode == p->client.mode)
        c->client.mode_loc = p->client.mode_loc;
    MERGE_STR(client.ca_file);
    MERGE_STR(client.ca_path);
    MERGE_STR(client.crl_file);
    MERGE_STR(client.crl_path);
    MERGE_STR(client.crl_check);
    MERGE_INT(client.depth);
    if (c->stapling.enabled == TVC_UNSET) {
        c->stapling.enabled = p->stapling.enabled;
        c->stapling.enabled_loc = p->stapling.enabled_loc;
    }
    if (!c->stapling.response_files.n)
        c->stapling.response_files = p->stapling.response_files;
    MERGE_STR(stapling.cache);
    MERGE_STR(stapling.force_url);
    MERGE_INT(stapling.return_errors);
    MERGE_INT(stapling.md_stapling);
    MERGE_INT(stapling.md_staple_others);
    MERGE_STR(session_cache);
    MERGE_INT(session_timeout);
    MERGE_INT(session_tickets);
    if (c->strict_sni == TVC_UNSET) {
        c->strict_sni = p->strict_sni;
        c->strict_sni_loc = p->strict_sni_loc;
    }
    MERGE_INT(compression);
    MERGE_INT(insecure_reneg);
    MERGE_STR(dh_file);
    MERGE_STR(pin);
    if (p->proxy) {
        if (!c->proxy) {
            c->proxy = p->proxy;
        } else {
            tvc_proxy_tls *pp = p->proxy, *cp = c->proxy;
            if (cp->enabled == TVC_UNSET) {
                cp->enabled = pp->enabled;
                cp->enabled_loc = pp->enabled_loc;
            }
            merge_protocols(&pp->protocols, &cp->protocols);
            merge_ciphers(&pp->ciphers, &cp->ciphers);
            if (!cp->ca_file.v)
                cp->ca_file = pp->ca_file;
            if (!cp->ca_path.v)
                cp->ca_path = pp->ca_path;
            if (!cp->crl_file.v)
                cp->crl_file = pp->crl_file;
            if (cp->verify == TVC_UNSET)
                cp->verify = pp->verify;
            if (cp->verify_depth == TVC_UNSET)
                cp->verify_depth = pp->verify_depth;
            if (cp->check_peer_name == TVC_UNSET)
                cp->check_peer_name = pp->check_peer_name;
            if (cp->check_peer_cn == TVC_UNSET)
                cp->check_peer_cn = pp->check_peer_cn;
            if (cp->check_peer_expire == TVC_UNSET)
                cp->check_peer_expire = pp->check_peer_expire;
            if (!cp->machine_certs.n)
                cp->machine_certs = pp->machine_certs;
        }
    }
    if (p->other.n) {
        tvc_raws out = {0};
        for (size_t i = 0; i < p->other.n; i++) {
            tvc_raws_push(a, &out, &(tvc_node){.name = p->other.v[i].name,
                                               .argc = p->other.v[i].argc,
                                               .argv = p->other.v[i].argv,
                                               .loc = p->other.v[i].loc});
        }
        for (size_t i = 0; i < c->other.n; i++)
            tvc_raws_push(a, &out, &(tvc_node){.name = c->other.v[i].name,
                                               .argc = c->other.v[i].argc,
                                               .argv = c->other.v[i].argv,
                                               .loc = c->other.v[i].loc});
        c->other = out;
    }
    (void)append_strs;
    c->engines_seen |= p->engines_seen;
}

int tvc_port_parse(const char *s, int *port)
{
    char *end;
    long p = strtol(s, &end, 10);
    if (*end || end == s || p < 0 || p > 65535)
        return -1;
    *port = (int)p;
    return 0;
}

int tvc_addr_parse(tvc_arena *a, const char *s, tvc_addr *out)
{
    const char *colon = NULL;
    if (s[0] == '[') {
        const char *rb = strchr(s, ']');
        if (!rb)
            return -1;
        colon = rb[1] == ':' ? rb + 1 : NULL;
        if (rb[1] && !colon)
            return -1;
    } else {
        colon = strrchr(s, ':');
    }
    out->port = 0;
    if (colon) {
        if (strcmp(colon + 1, "*") != 0 && tvc_port_parse(colon + 1, &out->port) != 0)
            return -1;
        out->addr = tvc_arena_strndup(a, s, (size_t)(colon - s));
    } else {
        out->addr = tvc_arena_strdup(a, s);
    }
    if (!*out->addr)
        out->addr = "*";
    return 0;
}

int tvc_ir_port_has_vhosts(const tvc_ir *ir, int port)
{
    for (size_t v = 0; v < ir->n_vhosts; v++)
        for (size_t j = 0; j < ir->vhosts[v].n_addrs; j++)
            if (ir->vhosts[v].addrs[j].port == port || ir->vhosts[v].addrs[j].port == 0)
                return 1;
    return 0;
}
