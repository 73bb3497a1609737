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

tvc_engine tvc_tls_source(const tvc_tls *t)
{
    if (t->engine)
        return t->engine;
    for (int i = TVC_ENGINE_MODSSL; i <= TVC_ENGINE_MODTLS; i++)
        if (t->engines_seen & (1u << i))
            return (tvc_engine)i;
    return TVC_ENGINE_NONE;
}

const char *tvc_tls_cert_response(const tvc_tls *t, size_t k)
{
    if (k < t->certs.n && t->certs.v[k].ocsp_response)
        return t->certs.v[k].ocsp_response;
    const tvc_strs *f = &t->stapling.response_files;
    /* "": mod_gnutls fetches this one itself */
    return k == 0 && f->n && *f->v[0] ? f->v[0] : NULL;
}

int tvc_tls_has_responses(const tvc_tls *t)
{
    for (size_t k = 0; k < t->certs.n; k++)
        if (tvc_tls_cert_response(t, k))
            return 1;
    return t->stapling.response_files.n != 0;
}

void tvc_proxy_init(tvc_proxy_tls *p)
{
    memset(p, 0, sizeof *p);
    p->enabled = p->verify = p->verify_depth = TVC_UNSET;
    p->check_peer_name = p->check_peer_cn = p->check_peer_expire = TVC_UNSET;
    p->protocols.min = p->protocols.max = TVC_UNSET;
    p->ciphers.server_preference = TVC_UNSET;
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

tvc_raw *tvc_raws_push(tvc_arena *a, tvc_raws *r, const char *name, int argc,
                       const char **argv, const tvc_loc *loc)
{
    if (r->n == r->cap) {
        size_t nc = r->cap ? r->cap * 2 : 2;
        r->v = tvc_arena_realloc(a, r->v, r->cap * sizeof *r->v, nc * sizeof *r->v);
        r->cap = nc;
    }
    tvc_raw *x = &r->v[r->n++];
    *x = (tvc_raw){name, argc, TVC_RAW_OWN, argv, *loc};
    return x;
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
