#include "emit/common.h"

#include <string.h>
#include <strings.h>

#include "ir/dialect.h"

const char *tvc_emit_path(tvc_emit *e, const char *abs)
{
    const char *root = e->ir->server_root;
    size_t n = root ? strlen(root) : 0;
    if (abs && n && !strncmp(abs, root, n) && abs[n] == '/')
        return tvc_emit_quote(e->a, abs + n + 1);
    return abs ? tvc_emit_quote(e->a, abs) : "";
}

int tvc_emit_own_certs(const tvc_emit *e, const tvc_tls *t)
{
    return t->certs.n && t->certs.v != e->ir->server.certs.v;
}

/* Directives with no effect worth a lossy finding when left out. */
static int harmless(const char *name)
{
    static const char *const list[] = {"SSLRandomSeed", "SSLPassPhraseDialog", "SSLCryptoDevice",
                                       "SSLOptions", NULL};
    for (size_t i = 0; list[i]; i++)
        if (!strcasecmp(name, list[i]))
            return 1;
    return 0;
}

void tvc_emit_other(tvc_emit *e, const tvc_tls *t, const tvc_tls *parent, tvc_tvars *v)
{
    size_t from = parent && t->other.n >= parent->other.n ? parent->other.n : 0;
    for (size_t i = from; i < t->other.n; i++) {
        const tvc_raw *r = &t->other.v[i];
        const tvc_dialect *dl;
        tvc_dialect_find(r->name, &dl);
        if (dl && dl->engine == e->t->engine) {
            const char *line = r->name;
            for (int k = 0; k < r->argc; k++)
                line = tvc_arena_printf(e->a, "%s %s", line, tvc_emit_quote(e->a, r->argv[k]));
            tvc_tvars_add_line(e->a, v, "other", line);
        } else if (harmless(r->name)) {
            tvc_diag_add(e->d, "convert-defaults", TVC_NOTE, &r->loc, 0,
                         "%s has no %s equivalent and is left out; %s's defaults apply",
                         r->name, e->t->name, e->t->name);
        } else {
            tvc_emit_lossy(e, &r->loc, "%s has no %s equivalent; it is left out", r->name,
                           e->t->name);
        }
    }
}

const char *tvc_emit_listener(tvc_emit *e, const tvc_listener *l)
{
    if (!strcmp(l->addr.addr, "*"))
        return tvc_arena_printf(e->a, "%d", l->addr.port);
    return tvc_arena_printf(e->a, "%s:%d", l->addr.addr, l->addr.port);
}

int tvc_emit_any_stapling(const tvc_emit *e)
{
    for (size_t i = 0; i < e->ir->n_vhosts; i++) {
        const tvc_tls *t = e->ir->vhosts[i].tls;
        if (t && (t->stapling.enabled == 1 || t->stapling.md_stapling == 1))
            return 1;
    }
    return 0;
}

const char *tvc_emit_socache(tvc_emit *e, const char *spec)
{
    const char *sp = strchr(spec, ' ');
    if (sp && !memchr(spec, ':', (size_t)(sp - spec)))
        spec = tvc_arena_printf(e->a, "%.*s:%s", (int)(sp - spec), spec, sp + 1);
    return tvc_emit_quote(e->a, spec);
}

static const tvc_node *find_node(const tvc_node *n, const char *n1, const char *n2)
{
    for (const tvc_node *c = n->child; c; c = c->next) {
        if (c->flags & TVC_NF_INACTIVE)
            continue;
        if (c->kind == TVC_N_DIRECTIVE && c->name &&
            (!strcasecmp(c->name, n1) || (n2 && !strcasecmp(c->name, n2))))
            return c;
        const tvc_node *r = find_node(c, n1, n2);
        if (r)
            return r;
    }
    return NULL;
}

const tvc_loc *tvc_emit_find(const tvc_emit *e, const char *name1, const char *name2)
{
    const tvc_node *n = e->cfg ? find_node(e->cfg->root, name1, name2) : NULL;
    return n ? &n->loc : NULL;
}
