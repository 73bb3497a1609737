/* Which names to ask about, and where: every ServerName and ServerAlias
 * of the TLS address sets, a wildcard as one sample name under it. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "base/smap.h"
#include "ir/sni_map.h"
#include "probe/probe.h"

/* "*.a.test" -> "LABEL.a.test"; "?" as any letter would match it. A
 * bracket class has no obvious member: NULL, not probed. */
static const char *sample_name(tvc_arena *a, const char *name, const char *label)
{
    if (strchr(name, '['))
        return NULL;
    if (!strpbrk(name, "*?"))
        return name;
    size_t n = 0;
    for (const char *p = name; *p; p++)
        n += *p == '*' ? strlen(label) : 1;
    char *s = tvc_arena_alloc(a, n + 1), *q = s;
    for (const char *p = name; *p; p++) {
        if (*p == '*')
            q = stpcpy(q, label);
        else
            *q++ = *p == '?' ? 'x' : *p;
    }
    *q = 0;
    return s;
}

static const char *set_label(tvc_arena *a, const tvc_sni_set *s)
{
    return tvc_arena_printf(a, "%s:%d", s->addr, s->port);
}

/* The --connect for SET: one naming it, else one for every set; else the
 * set's own address ("*": this machine). 0 when there is nowhere to go. */
static int where(const tvc_probe_opts *o, const tvc_sni_set *s, const char *label,
                 const char **host, int *port)
{
    const tvc_probe_connect *any = NULL;
    for (size_t i = 0; i < o->n_connect; i++) {
        const tvc_probe_connect *c = &o->connect[i];
        if (!c->set && !any)
            any = c;
        if (c->set && (!strcmp(c->set, label) ||
                       (!strncmp(c->set, "_default_:", 10) && !strncmp(label, "*:", 2) &&
                        !strcmp(c->set + 10, label + 2)))) {
            any = c;
            break;
        }
    }
    if (any) {
        *host = any->host;
        *port = any->port;
        return 1;
    }
    *host = !strcmp(s->addr, "*") ? "127.0.0.1" : s->addr;
    *port = s->port;
    return s->port != 0;
}

static void lower(char *s)
{
    for (; *s; s++)
        *s = (char)tolower((unsigned char)*s);
}

static void add_name(tvc_arena *a, tvc_probe_targets *t, tvc_smap *seen, const tvc_ir *ir,
                     const tvc_sni_set *s, const tvc_probe_target *proto, const char *written,
                     const char *label)
{
    const char *name = sample_name(a, written, label);
    if (!name)
        return;
    char *key = strdup(name);
    if (!key)
        return;
    lower(key);
    int found;
    tvc_smap_put(seen, key, 0, &found);
    size_t vi = tvc_sni_map_route(ir, s, name);
    if (found || vi == (size_t)-1 || !ir->vhosts[vi].tls)
        return;
    if (t->n == t->cap) {
        size_t nc = t->cap ? t->cap * 2 : 16;
        t->v = tvc_arena_realloc(a, t->v, t->cap * sizeof *t->v, nc * sizeof *t->v);
        t->cap = nc;
    }
    tvc_probe_target *g = &t->v[t->n++];
    *g = *proto;
    g->name = name;
    g->written = written;
    g->vhost = vi;
    const tvc_protocols *p = &ir->vhosts[vi].tls->protocols;
    g->below = p->eff_min > TVC_TLS10 ? p->eff_min - 1 : 0;
}

/* The names of the set's vhosts in config order; the first vhost that
 * names one owns it (a later one colliding is check's sni-collision). */
static void add_set(tvc_arena *a, tvc_probe_targets *t, const tvc_ir *ir,
                    const tvc_sni_set *s, const tvc_probe_opts *o)
{
    tvc_probe_target proto = {0};
    proto.set = set_label(a, s);
    proto.set_port = s->port;
    if (!where(o, s, proto.set, &proto.host, &proto.port))
        return;
    tvc_smap seen = {0};
    for (size_t k = 0; k < s->n; k++) {
        const tvc_vhost *vh = &ir->vhosts[s->members[k]];
        proto.owner = s->members[k];
        const char *sn = vh->server_name ? vh->server_name : ir->server_name;
        if (sn) {
            proto.name_loc = vh->server_name ? &vh->name_loc : &vh->loc;
            const char *colon = strrchr(sn, ':');
            if (colon && !strchr(sn, ']'))
                sn = tvc_arena_strndup(a, sn, (size_t)(colon - sn));
            add_name(a, t, &seen, ir, s, &proto, sn, o->wildcard_label);
        }
        for (size_t q = 0; q < vh->aliases.n; q++) {
            proto.name_loc = &vh->aliases.loc[q];
            add_name(a, t, &seen, ir, s, &proto, vh->aliases.v[q], o->wildcard_label);
        }
    }
    tvc_smap_free(&seen);
}

tvc_probe_targets *tvc_probe_targets_build(tvc_arena *a, const tvc_ir *ir,
                                           const tvc_probe_opts *o)
{
    tvc_probe_targets *t = tvc_arena_calloc(a, sizeof *t);
    tvc_sni_map *m = tvc_sni_map_build(a, ir);
    for (size_t i = 0; i < m->n; i++) {
        int tls = 0;
        for (size_t k = 0; k < m->sets[i].n; k++)
            tls |= ir->vhosts[m->sets[i].members[k]].tls != NULL;
        if (tls)
            add_set(a, t, ir, &m->sets[i], o);
    }
    return t;
}
