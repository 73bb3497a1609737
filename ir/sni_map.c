#include "config.h"

#include "ir/sni_map.h"

#include <fnmatch.h>
#include <string.h>
#include <strings.h>

static const char *norm_addr(const char *a)
{
    return !strcmp(a, "_default_") ? "*" : a;
}

static tvc_sni_set *find_set(tvc_sni_map *m, const char *addr, int port)
{
    for (size_t i = 0; i < m->n; i++)
        if (m->sets[i].port == port && !strcmp(m->sets[i].addr, addr))
            return &m->sets[i];
    return NULL;
}

static tvc_sni_set *add_set(tvc_arena *a, tvc_sni_map *m, size_t *cap,
                            const char *addr, int port)
{
    tvc_sni_set *s = find_set(m, addr, port);
    if (s)
        return s;
    if (m->n == *cap) {
        size_t nc = *cap ? *cap * 2 : 8;
        m->sets = tvc_arena_realloc(a, m->sets, *cap * sizeof *m->sets, nc * sizeof *m->sets);
        *cap = nc;
    }
    s = &m->sets[m->n++];
    memset(s, 0, sizeof *s);
    s->addr = addr;
    s->port = port;
    return s;
}

static int vhost_on(const tvc_vhost *vh, const char *addr, int port)
{
    for (size_t k = 0; k < vh->n_addrs; k++)
        if (!strcmp(norm_addr(vh->addrs[k].addr), addr) &&
            (vh->addrs[k].port == port || vh->addrs[k].port == 0))
            return 1;
    return 0;
}

tvc_sni_map *tvc_sni_map_build(tvc_arena *a, const tvc_ir *ir)
{
    tvc_sni_map *m = tvc_arena_calloc(a, sizeof *m);
    size_t cap = 0;
    /* Ports a port-less vhost ("*", "192.0.2.1") is reachable on. */
    for (size_t i = 0; i < ir->n_vhosts; i++)
        for (size_t k = 0; k < ir->vhosts[i].n_addrs; k++) {
            const tvc_addr *ad = &ir->vhosts[i].addrs[k];
            if (ad->port)
                add_set(a, m, &cap, norm_addr(ad->addr), ad->port);
        }
    for (size_t i = 0; i < ir->n_vhosts; i++)
        for (size_t k = 0; k < ir->vhosts[i].n_addrs; k++) {
            const tvc_addr *ad = &ir->vhosts[i].addrs[k];
            if (ad->port)
                continue;
            int any = 0;
            for (size_t l = 0; l < ir->n_listeners; l++) {
                add_set(a, m, &cap, norm_addr(ad->addr), ir->listeners[l].addr.port);
                any = 1;
            }
            if (!any)
                add_set(a, m, &cap, norm_addr(ad->addr), 0);
        }
    for (size_t s = 0; s < m->n; s++) {
        tvc_sni_set *set = &m->sets[s];
        set->members = tvc_arena_alloc(a, (ir->n_vhosts + 1) * sizeof *set->members);
        for (size_t i = 0; i < ir->n_vhosts; i++)
            if (vhost_on(&ir->vhosts[i], set->addr, set->port))
                set->members[set->n++] = i;
        for (size_t k = 0; k < set->n; k++) {
            const tvc_vhost *vh = &ir->vhosts[set->members[k]];
            if (vh->tls) {
                set->engine = vh->tls->engine;
                break;
            }
        }
        for (size_t l = 0; l < ir->n_listeners; l++)
            if (ir->listeners[l].addr.port == set->port && ir->listeners[l].engine) {
                set->engine = ir->listeners[l].engine;
                set->strict_sni = ir->listeners[l].strict_sni == 1;
            }
        if (set->n && set->engine == TVC_ENGINE_MODSSL) {
            const tvc_vhost *def = &ir->vhosts[set->members[0]];
            set->strict_sni = def->tls && def->tls->strict_sni == 1;
        }
    }
    return m;
}

/* ServerName may carry a port ("a.test:443"); names are compared without. */
static int name_is(const char *server_name, const char *name)
{
    size_t n = strlen(server_name);
    const char *colon = strrchr(server_name, ':');
    if (colon && !strchr(server_name, ']') && strchr(server_name, ':') == colon)
        n = (size_t)(colon - server_name);
    return strlen(name) == n && !strncasecmp(server_name, name, n);
}

size_t tvc_sni_map_route(const tvc_ir *ir, const tvc_sni_set *set, const char *name)
{
    if (!set->n)
        return (size_t)-1;
    for (size_t k = 0; k < set->n; k++) {
        const tvc_vhost *vh = &ir->vhosts[set->members[k]];
        const char *sn = vh->server_name ? vh->server_name : ir->server_name;
        if (sn && name_is(sn, name))
            return set->members[k];
        for (size_t q = 0; q < vh->aliases.n; q++)
            if (fnmatch(vh->aliases.v[q], name, FNM_CASEFOLD) == 0)
                return set->members[k];
    }
    return set->members[0];
}
