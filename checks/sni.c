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
