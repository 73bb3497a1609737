#include "config.h"

#include "ir/ir.h"

#include <string.h>

void tvc_tls_write(tvc_arena *a, tvc_tls *level, size_t offset, int proxy, tvc_engine engine,
                   const tvc_loc *loc)
{
    tvc_level *l = &level->own;
    if (l->n == l->cap) {
        /* Three or four lines a vhost, typically: start small, 10,000
         * vhosts are 10,000 of these lists. */
        unsigned nc = l->cap ? l->cap * 2 : 4;
        l->v = tvc_arena_realloc(a, l->v, l->cap * sizeof *l->v, nc * sizeof *l->v);
        l->cap = nc;
    }
    l->v[l->n++] = (tvc_written){(unsigned short)offset, (unsigned char)!!proxy,
                                 (unsigned char)engine, loc ? *loc : (tvc_loc){0}};
}

const tvc_loc *tvc_tls_written_in(const tvc_tls *level, tvc_engine engine, size_t offset,
                                  int proxy)
{
    if (!level)
        return NULL;
    /* the last one: it is the one httpd keeps */
    for (unsigned i = level->own.n; i-- > 0;) {
        const tvc_written *w = &level->own.v[i];
        if (w->offset == offset && w->proxy == !!proxy &&
            (engine == TVC_ENGINE_NONE || w->engine == engine))
            return &w->loc;
    }
    return NULL;
}

const tvc_loc *tvc_tls_written(const tvc_tls *level, size_t offset, int proxy)
{
    return tvc_tls_written_in(level, TVC_ENGINE_NONE, offset, proxy);
}

int tvc_tls_own_str(const tvc_tls *level, const tvc_str *s, const tvc_str *parent, size_t offset,
                    int proxy)
{
    /* by value too: an IR read from JSON shares no pointers */
    if (!s->v || (parent && parent->v && (s->v == parent->v || !strcmp(s->v, parent->v))))
        return 0;
    return tvc_tls_written(level, offset, proxy) != NULL;
}

const tvc_loc *tvc_tls_own_int(const tvc_tls *level, int val, const int *parent, size_t offset,
                               int proxy)
{
    if (val == TVC_UNSET || (parent && val == *parent))
        return NULL;
    return tvc_tls_written(level, offset, proxy);
}

/* ---- an IR read from JSON: the levels from the values ---- */

enum { K_INT, K_STR, K_STRS, K_CERTS, K_PROTOCOLS };

/* Each field, with the offset of the dialect row that sets it (one row
 * can set several fields of a struct: SSLCipherSuite `ciphers`). */
typedef struct own_field {
    unsigned short row, field;
    unsigned char kind;
} own_field;

#define F(row, field, kind) {offsetof(tvc_tls, row), offsetof(tvc_tls, field), kind}
#define P(row, field, kind) {offsetof(tvc_proxy_tls, row), offsetof(tvc_proxy_tls, field), kind}

static const own_field tls_fields[] = {
    F(enabled, enabled, K_INT),
    F(protocols, protocols, K_PROTOCOLS),
    F(ciphers, ciphers.spec, K_STR),
    F(ciphers, ciphers.spec_tls13, K_STR),
    F(ciphers, ciphers.server_preference, K_INT),
    F(ciphers.prefer, ciphers.prefer, K_STR),
    F(ciphers.suppress, ciphers.suppress, K_STR),
    F(groups, groups, K_STRS),
    F(certs, certs, K_CERTS),
    F(chain_file, chain_file, K_STR),
    F(client, client.mode, K_INT),
    F(client.ca_file, client.ca_file, K_STR),
    F(client.ca_path, client.ca_path, K_STR),
    F(client.crl_file, client.crl_file, K_STR),
    F(client.crl_path, client.crl_path, K_STR),
    F(client.crl_check, client.crl_check, K_STR),
    F(client.depth, client.depth, K_INT),
    F(stapling, stapling.enabled, K_INT),
    F(stapling.response_files, stapling.response_files, K_STRS),
    F(stapling.cache, stapling.cache, K_STR),
    F(stapling.force_url, stapling.force_url, K_STR),
    F(stapling.return_errors, stapling.return_errors, K_INT),
    F(stapling.md_stapling, stapling.md_stapling, K_INT),
    F(stapling.md_staple_others, stapling.md_staple_others, K_INT),
    F(session_cache, session_cache, K_STR),
    F(session_timeout, session_timeout, K_INT),
    F(session_tickets, session_tickets, K_INT),
    F(strict_sni, strict_sni, K_INT),
    F(compression, compression, K_INT),
    F(insecure_reneg, insecure_reneg, K_INT),
    F(dh_file, dh_file, K_STR),
    F(alpn, alpn, K_STR),
    F(pin, pin, K_STR),
};

static const own_field proxy_fields[] = {
    P(enabled, enabled, K_INT),
    P(protocols, protocols, K_PROTOCOLS),
    P(ciphers, ciphers.spec, K_STR),
    P(ciphers, ciphers.spec_tls13, K_STR),
    P(ciphers.prefer, ciphers.prefer, K_STR),
    P(ciphers.suppress, ciphers.suppress, K_STR),
    P(ca_file, ca_file, K_STR),
    P(ca_path, ca_path, K_STR),
    P(crl_file, crl_file, K_STR),
    P(verify, verify, K_INT),
    P(verify_depth, verify_depth, K_INT),
    P(check_peer_name, check_peer_name, K_INT),
    P(check_peer_cn, check_peer_cn, K_INT),
    P(check_peer_expire, check_peer_expire, K_INT),
    P(machine_certs, machine_certs, K_CERTS),
};

static int same_str(const char *x, const char *y)
{
    return x == y || (x && y && !strcmp(x, y));
}

static int same_strs(const tvc_strs *x, const tvc_strs *y)
{
    if (x->n != y->n)
        return 0;
    for (size_t i = 0; i < x->n; i++)
        if (!same_str(x->v[i], y->v[i]))
            return 0;
    return 1;
}

static int same_cert(const tvc_cert *x, const tvc_cert *y)
{
    return same_str(x->cert, y->cert) && same_str(x->key, y->key) &&
           same_strs(&x->chain, &y->chain);
}

/* Does the field hold a value, and a different one than the level
 * above (`up`, all unset for the server config)? */
static int differs(const own_field *f, const void *here, const void *up)
{
    const char *h = (const char *)here + f->field, *u = (const char *)up + f->field;
    switch (f->kind) {
    case K_INT:
        return *(const int *)h != TVC_UNSET && *(const int *)h != *(const int *)u;
    case K_STR:
        return ((const tvc_str *)h)->v && !same_str(((const tvc_str *)h)->v,
                                                    ((const tvc_str *)u)->v);
    case K_STRS:
        return ((const tvc_strs *)h)->n && !same_strs((const tvc_strs *)h, (const tvc_strs *)u);
    case K_PROTOCOLS: {
        const tvc_protocols *x = (const tvc_protocols *)h, *y = (const tvc_protocols *)u;
        return (x->min != TVC_UNSET || x->max != TVC_UNSET || x->text.v) &&
               (x->min != y->min || x->max != y->max || !same_str(x->text.v, y->text.v));
    }
    default: {
        const tvc_certs *x = (const tvc_certs *)h, *y = (const tvc_certs *)u;
        if (!x->n || x->n != y->n)
            return x->n != 0;
        for (size_t i = 0; i < x->n; i++)
            if (!same_cert(&x->v[i], &y->v[i]))
                return 1;
        return 0;
    }
    }
}

/* mod_ssl's merged certificate list starts with the server's. */
static unsigned certs_prefix(const tvc_certs *here, const tvc_certs *up)
{
    if (!up->n || here->n < up->n)
        return 0;
    for (size_t i = 0; i < up->n; i++)
        if (!same_cert(&here->v[i], &up->v[i]))
            return 0;
    return (unsigned)up->n;
}

void tvc_tls_own_by_difference(tvc_arena *a, tvc_tls *level, const tvc_tls *server,
                               const tvc_loc *at)
{
    tvc_tls unset;
    tvc_proxy_tls unset_proxy;
    tvc_tls_init(&unset);
    tvc_proxy_init(&unset_proxy);
    const tvc_tls *up = server ? server : &unset;
    tvc_engine en = tvc_tls_source(level);
    for (size_t i = 0; i < sizeof tls_fields / sizeof *tls_fields; i++)
        if (differs(&tls_fields[i], level, up) &&
            !tvc_tls_written(level, tls_fields[i].row, 0))
            tvc_tls_write(a, level, tls_fields[i].row, 0, en, at);
    const tvc_proxy_tls *pu = up->proxy ? up->proxy : &unset_proxy;
    for (size_t i = 0; level->proxy && i < sizeof proxy_fields / sizeof *proxy_fields; i++)
        if (differs(&proxy_fields[i], level->proxy, pu) &&
            !tvc_tls_written(level, proxy_fields[i].row, 1))
            tvc_tls_write(a, level, proxy_fields[i].row, 1, en, at);
    level->own.certs_inherited = certs_prefix(&level->certs, &up->certs);
    /* The server's lines come first in a vhost's list (tvc_tls_merge). */
    if (server && level->other.n >= server->other.n)
        for (size_t i = 0; i < server->other.n; i++)
            level->other.v[i].level = TVC_RAW_INHERITED;
}
