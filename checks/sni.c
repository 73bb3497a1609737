#include "config.h"

#include "checks/sni.h"

#include <ctype.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "checks/internal.h"
#include "base/path.h"
#include "base/smap.h"

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

static char *lower(const char *s)
{
    char *p = strdup(s);
    if (!p)
        abort();
    for (char *q = p; *q; q++)
        *q = (char)tolower((unsigned char)*q);
    return p;
}

static const char *vh_where(tvc_check_run *r, const tvc_vhost *vh)
{
    return tvc_arena_printf(r->a, "%s:%u", vh->loc.file ? vh->loc.file : "?", vh->loc.line);
}

typedef struct wild {
    const char *pattern;
    size_t vhost;
} wild;

static void check_set(tvc_check_run *r, const tvc_sni_set *set, const tvc_sni_map *m)
{
    const tvc_ir *ir = r->ir;
    size_t n_tls = 0;
    for (size_t k = 0; k < set->n; k++)
        n_tls += ir->vhosts[set->members[k]].tls != NULL;
    if (!n_tls)
        return;
    const char *label = set->port ? tvc_arena_printf(r->a, "%s:%d", set->addr, set->port)
                                  : set->addr;
    /* Engines. */
    tvc_engine first = TVC_ENGINE_NONE;
    const tvc_vhost *first_vh = NULL;
    for (size_t k = 0; k < set->n; k++) {
        const tvc_vhost *vh = &ir->vhosts[set->members[k]];
        if (!vh->tls)
            continue;
        if (!first) {
            first = vh->tls->engine;
            first_vh = vh;
        } else if (vh->tls->engine != first) {
            tvc_check_report(r, vh, "sni-mixed-modules", TVC_ERROR, &vh->loc, 0,
                             "%s serves %s with %s, but %s (%s) uses %s: two TLS modules "
                             "cannot share an address and port", tvc_check_vhost_label(r, vh),
                             label, tvc_engine_name(vh->tls->engine),
                             tvc_check_vhost_label(r, first_vh), vh_where(r, first_vh),
                             tvc_engine_name(first));
        }
    }
    for (size_t k = 0; k < set->n; k++) {
        const tvc_vhost *vh = &ir->vhosts[set->members[k]];
        if (!vh->tls)
            tvc_check_report(r, vh, "sni-no-tls", TVC_ERROR, &vh->loc, 0,
                             "%s has no TLS, but other vhosts on %s do: clients reaching it "
                             "get the TLS handshake of another vhost%s",
                             tvc_check_vhost_label(r, vh), label,
                             first == TVC_ENGINE_MODSSL ? " (with mod_ssl every vhost on the "
                                                          "port needs SSLEngine on)" : "");
    }
    /* Names: the first vhost (config order) that matches wins. */
    tvc_smap names = {0};
    wild *wilds = calloc(1, sizeof *wilds);
    size_t n_wild = 0;
    for (size_t k = 0; k < set->n; k++) {
        size_t vi = set->members[k];
        const tvc_vhost *vh = &ir->vhosts[vi];
        size_t nn = vh->aliases.n + 1;
        for (size_t q = 0; q < nn; q++) {
            const char *name = q == 0 ? tvc_check_vhost_name(r, vh) : vh->aliases.v[q - 1];
            const tvc_loc *loc = q == 0 ? (vh->server_name ? &vh->name_loc : &vh->loc)
                                        : &vh->aliases.loc[q - 1];
            if (!name)
                continue;
            if (strpbrk(name, "*?[")) {
                wild *nw = realloc(wilds, (n_wild + 1) * sizeof *wilds);
                if (!nw)
                    abort();
                wilds = nw;
                wilds[n_wild++] = (wild){name, vi};
                continue;
            }
            int found;
            size_t prev = tvc_smap_put(&names, lower(name), vi, &found);
            if (found && prev != vi) {
                const tvc_vhost *pv = &ir->vhosts[prev];
                if (vh->tls || pv->tls)
                    tvc_check_report(r, vh, "sni-collision", TVC_ERROR, loc,
                                     (unsigned)strlen(name),
                                     "'%s' is also a name of %s at %s, which comes first on "
                                     "%s: this vhost never gets requests for it", name,
                                     tvc_check_vhost_label(r, pv), vh_where(r, pv), label);
                continue;
            }
            if (found)
                continue;
            for (size_t w = 0; w < n_wild; w++)
                if (wilds[w].vhost != vi &&
                    fnmatch(wilds[w].pattern, name, FNM_CASEFOLD) == 0) {
                    const tvc_vhost *pv = &ir->vhosts[wilds[w].vhost];
                    tvc_check_report(r, vh, "sni-shadowed", TVC_WARNING, loc,
                                     (unsigned)strlen(name),
                                     "'%s' is taken by the wildcard '%s' of %s at %s, which "
                                     "comes first on %s", name, wilds[w].pattern,
                                     tvc_check_vhost_label(r, pv), vh_where(r, pv), label);
                    break;
                }
            /* A vhost on "*" loses the addresses some vhost names explicitly. */
            if (!strcmp(set->addr, "*"))
                for (size_t s2 = 0; s2 < m->n; s2++) {
                    const tvc_sni_set *o = &m->sets[s2];
                    if (!strcmp(o->addr, "*") || o->port != set->port)
                        continue;
                    int member = 0;
                    for (size_t x = 0; x < o->n; x++)
                        member |= o->members[x] == vi;
                    if (!member && vh->tls)
                        tvc_check_report(r, vh, "sni-shadowed", TVC_WARNING, loc,
                                         (unsigned)strlen(name),
                                         "'%s' is unreachable on %s:%d: vhosts that name that "
                                         "address take every connection to it", name, o->addr,
                                         o->port);
                }
        }
    }
    free(wilds);
    tvc_smap_free(&names);
}

void tvc_check_sni(tvc_check_run *r)
{
    tvc_sni_map *m = tvc_sni_map_build(r->a, r->ir);
    for (size_t s = 0; s < m->n; s++)
        check_set(r, &m->sets[s], m);
}

/* ---- output ----------------------------------------------------------- */

static const char *first_cert(const tvc_vhost *vh)
{
    if (!vh->tls)
        return "(no TLS)";
    for (size_t i = 0; i < vh->tls->certs.n; i++)
        if (vh->tls->certs.v[i].cert)
            return vh->tls->certs.v[i].cert;
    return "(no certificate)";
}

void tvc_sni_map_print(FILE *f, const tvc_ir *ir, const tvc_sni_map *m)
{
    for (size_t s = 0; s < m->n; s++) {
        const tvc_sni_set *set = &m->sets[s];
        if (set->port)
            fprintf(f, "%s:%d", set->addr, set->port);
        else
            fprintf(f, "%s:*", set->addr);
        fprintf(f, " (%s, strict SNI %s)\n", set->engine ? tvc_engine_name(set->engine) : "no TLS",
                set->strict_sni ? "on" : "off");
        for (size_t k = 0; k < set->n; k++) {
            const tvc_vhost *vh = &ir->vhosts[set->members[k]];
            const char *name = vh->server_name ? vh->server_name : ir->server_name;
            fprintf(f, "  %-8s %s", k == 0 ? "default" : "", name ? name : "(no ServerName)");
            for (size_t q = 0; q < vh->aliases.n; q++)
                fprintf(f, " %s", vh->aliases.v[q]);
            fprintf(f, "\n           cert %s  (%s:%u)\n", tvc_path_shown(first_cert(vh)),
                    vh->loc.file ? tvc_path_shown(vh->loc.file) : "?", vh->loc.line);
        }
    }
}

json_t *tvc_sni_map_json(const tvc_ir *ir, const tvc_sni_map *m)
{
    json_t *arr = json_array();
    for (size_t s = 0; s < m->n; s++) {
        const tvc_sni_set *set = &m->sets[s];
        json_t *vs = json_array();
        for (size_t k = 0; k < set->n; k++) {
            const tvc_vhost *vh = &ir->vhosts[set->members[k]];
            const char *name = vh->server_name ? vh->server_name : ir->server_name;
            json_t *al = json_array();
            for (size_t q = 0; q < vh->aliases.n; q++)
                json_array_append_new(al, json_string(vh->aliases.v[q]));
            json_array_append_new(vs, json_pack("{s:b,s:o,s:o,s:b,s:s,s:o}",
                "default", k == 0, "server_name", name ? json_string(name) : json_null(),
                "aliases", al, "tls", vh->tls != NULL, "certificate", first_cert(vh),
                "location", json_pack("{s:s,s:i}", "file", vh->loc.file ? vh->loc.file : "",
                                      "line", (json_int_t)vh->loc.line)));
        }
        json_array_append_new(arr, json_pack("{s:s,s:i,s:o,s:b,s:o}", "addr", set->addr,
            "port", (json_int_t)set->port,
            "engine", set->engine ? json_string(tvc_engine_name(set->engine)) : json_null(),
            "strict_sni", set->strict_sni, "vhosts", vs));
    }
    return arr;
}
