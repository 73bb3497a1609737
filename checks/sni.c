#include "config.h"

#include <ctype.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "checks/internal.h"
#include "base/smap.h"
#include "ir/sni_map.h"

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

/* Two TLS modules cannot share an address and port. Returns the module
 * of the first TLS vhost. */
static tvc_engine check_modules(tvc_check_run *r, const tvc_sni_set *set, const char *label)
{
    const tvc_ir *ir = r->ir;
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
    return first;
}

static void check_no_tls(tvc_check_run *r, const tvc_sni_set *set, const char *label,
                         tvc_engine first)
{
    for (size_t k = 0; k < set->n; k++) {
        const tvc_vhost *vh = &r->ir->vhosts[set->members[k]];
        if (!vh->tls)
            tvc_check_report(r, vh, "sni-no-tls", TVC_ERROR, &vh->loc, 0,
                             "%s has no TLS, but other vhosts on %s do: clients reaching it "
                             "get the TLS handshake of another vhost%s",
                             tvc_check_vhost_label(r, vh), label,
                             first == TVC_ENGINE_MODSSL ? " (with mod_ssl every vhost on the "
                                                          "port needs SSLEngine on)" : "");
    }
}

/* One name of a vhost, as the checks of a set see it. */
typedef struct sni_name {
    const tvc_vhost *vh;
    size_t vi; /* its index in ir->vhosts */
    const char *name;
    const tvc_loc *loc;
} sni_name;

/* A wildcard of a vhost earlier in the set takes the name. */
static void check_wild(tvc_check_run *r, const sni_name *nm, const wild *wilds, size_t n_wild,
                       const char *label)
{
    for (size_t w = 0; w < n_wild; w++)
        if (wilds[w].vhost != nm->vi && fnmatch(wilds[w].pattern, nm->name, FNM_CASEFOLD) == 0) {
            const tvc_vhost *pv = &r->ir->vhosts[wilds[w].vhost];
            tvc_check_report(r, nm->vh, "sni-shadowed", TVC_WARNING, nm->loc,
                             (unsigned)strlen(nm->name),
                             "'%s' is taken by the wildcard '%s' of %s at %s, which "
                             "comes first on %s", nm->name, wilds[w].pattern,
                             tvc_check_vhost_label(r, pv), vh_where(r, pv), label);
            return;
        }
}

/* A vhost on "*" loses the addresses some vhost names explicitly. */
static void check_named_addrs(tvc_check_run *r, const sni_name *nm, const tvc_sni_set *set,
                              const tvc_sni_map *m)
{
    if (strcmp(set->addr, "*"))
        return;
    for (size_t s2 = 0; s2 < m->n; s2++) {
        const tvc_sni_set *o = &m->sets[s2];
        if (!strcmp(o->addr, "*") || o->port != set->port)
            continue;
        int member = 0;
        for (size_t x = 0; x < o->n; x++)
            member |= o->members[x] == nm->vi;
        if (!member && nm->vh->tls)
            tvc_check_report(r, nm->vh, "sni-shadowed", TVC_WARNING, nm->loc,
                             (unsigned)strlen(nm->name),
                             "'%s' is unreachable on %s:%d: vhosts that name that "
                             "address take every connection to it", nm->name, o->addr,
                             o->port);
    }
}

/* Names: the first vhost (config order) that matches wins. */
static void check_names(tvc_check_run *r, const tvc_sni_set *set, const tvc_sni_map *m,
                        const char *label)
{
    const tvc_ir *ir = r->ir;
    tvc_smap names = {0};
    wild *wilds = calloc(1, sizeof *wilds);
    size_t n_wild = 0;
    for (size_t k = 0; k < set->n; k++) {
        size_t vi = set->members[k];
        const tvc_vhost *vh = &ir->vhosts[vi];
        for (size_t q = 0; q < vh->aliases.n + 1; q++) {
            sni_name nm = {vh, vi, q == 0 ? tvc_check_vhost_name(r, vh) : vh->aliases.v[q - 1],
                           q == 0 ? (vh->server_name ? &vh->name_loc : &vh->loc)
                                  : &vh->aliases.loc[q - 1]};
            if (!nm.name)
                continue;
            if (strpbrk(nm.name, "*?[")) {
                wild *nw = realloc(wilds, (n_wild + 1) * sizeof *wilds);
                if (!nw)
                    abort();
                wilds = nw;
                wilds[n_wild++] = (wild){nm.name, vi};
                continue;
            }
            int found;
            size_t prev = tvc_smap_put(&names, lower(nm.name), vi, &found);
            if (found && prev != vi) {
                const tvc_vhost *pv = &ir->vhosts[prev];
                if (vh->tls || pv->tls)
                    tvc_check_report(r, vh, "sni-collision", TVC_ERROR, nm.loc,
                                     (unsigned)strlen(nm.name),
                                     "'%s' is also a name of %s at %s, which comes first on "
                                     "%s: this vhost never gets requests for it", nm.name,
                                     tvc_check_vhost_label(r, pv), vh_where(r, pv), label);
                continue;
            }
            if (found)
                continue;
            check_wild(r, &nm, wilds, n_wild, label);
            check_named_addrs(r, &nm, set, m);
        }
    }
    free(wilds);
    tvc_smap_free(&names);
}

static void check_set(tvc_check_run *r, const tvc_sni_set *set, const tvc_sni_map *m)
{
    size_t n_tls = 0;
    for (size_t k = 0; k < set->n; k++)
        n_tls += r->ir->vhosts[set->members[k]].tls != NULL;
    if (!n_tls)
        return;
    const char *label = set->port ? tvc_arena_printf(r->a, "%s:%d", set->addr, set->port)
                                  : set->addr;
    check_no_tls(r, set, label, check_modules(r, set, label));
    check_names(r, set, m, label);
}

void tvc_check_sni(tvc_check_run *r)
{
    tvc_sni_map *m = tvc_sni_map_build(r->a, r->ir);
    for (size_t s = 0; s < m->n; s++)
        check_set(r, &m->sets[s], m);
}
