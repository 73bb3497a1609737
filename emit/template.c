#include "config.h"

#include "emit/template.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static tvc_tvar *find(const tvc_tvars *t, const char *name, size_t len)
{
    /* sorted: bsearch by hand for a (name, len) key */
    size_t lo = 0, hi = t->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strncmp(t->v[mid].name, name, len);
        if (c == 0 && t->v[mid].name[len])
            c = 1;
        if (c == 0)
            return &t->v[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

void tvc_tvars_set(tvc_arena *a, tvc_tvars *t, const char *name, const char *value)
{
    tvc_tvar *x = find(t, name, strlen(name));
    if (x) {
        x->value = value;
        return;
    }
    if (t->n == t->cap) {
        size_t nc = t->cap ? t->cap * 2 : 16;
        t->v = tvc_arena_realloc(a, t->v, t->cap * sizeof *t->v, nc * sizeof *t->v);
        t->cap = nc;
    }
    size_t i = t->n;
    while (i > 0 && strcmp(t->v[i - 1].name, name) > 0) {
        t->v[i] = t->v[i - 1];
        i--;
    }
    t->v[i] = (tvc_tvar){name, value};
    t->n++;
}

void tvc_tvars_add_line(tvc_arena *a, tvc_tvars *t, const char *name, const char *line)
{
    tvc_tvar *x = find(t, name, strlen(name));
    const char *old = x && x->value && *x->value ? x->value : NULL;
    tvc_tvars_set(a, t, name, old ? tvc_arena_printf(a, "%s\n%s", old, line)
                                  : tvc_arena_strdup(a, line));
}

const char *tvc_template_render(tvc_arena *a, tvc_diags *d, const char *dir,
                                const char *layout, const char *name, const char *indent,
                                const tvc_tvars *vars)
{
    char *path = tvc_arena_printf(a, "%s/%s/%s.tmpl", dir, layout, name);
    FILE *f = fopen(path, "r");
    if (!f) {
        /* The template itself is the place to look; line 0: no line of it. */
        tvc_loc l = {path, 0, 0, NULL};
        tvc_diag_add(d, "template-error", TVC_ERROR, &l, 0, "cannot read template '%s': %s",
                     path, strerror(errno));
        return NULL;
    }
    size_t cap = 1024, n = 0;
    char *out = tvc_arena_alloc(a, cap);
    out[0] = '\0';
    char line[4096];
    unsigned lineno = 0;
    int ok = 1;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        line[strcspn(line, "\n")] = '\0';
        /* Expand into a scratch string; remember whether a placeholder
         * was empty (the line goes) or multi-line. */
        const char *p = line, *ph;
        const char *prefix = "", *rendered = "";
        int drop = 0;
        while ((ph = strstr(p, "%{"))) {
            const char *end = strchr(ph + 2, '}');
            if (!end) {
                /* Copied as text, the half placeholder would end up in the
                 * written config. */
                tvc_loc l = {path, lineno, (unsigned)(ph - line) + 1, NULL};
                tvc_diag_add(d, "template-error", TVC_ERROR, &l, (unsigned)strlen(ph),
                             "unclosed placeholder '%s' in template: no '}' on its line", ph);
                ok = 0;
                break;
            }
            tvc_tvar *v = find(vars, ph + 2, (size_t)(end - ph - 2));
            if (!v) {
                tvc_loc l = {path, lineno, (unsigned)(ph - line) + 1, NULL};
                tvc_diag_add(d, "template-error", TVC_ERROR, &l, (unsigned)(end - ph) + 1,
                             "unknown placeholder '%.*s' in template",
                             (int)(end - ph + 1), ph);
                ok = 0;
                break;
            }
            const char *before = tvc_arena_strndup(a, p, (size_t)(ph - p));
            if (!v->value || !*v->value) {
                drop = 1;
                break;
            }
            if (p == line)
                prefix = before;
            /* Every further line of a multi-line value starts like the
             * template line did (its indentation). */
            const char *cont = tvc_arena_printf(a, "\n%s%s", indent, prefix);
            /* In one buffer: values can be megabytes (the runtime
             * target's data), re-printing them per line is quadratic. */
            size_t cl = strlen(cont), vl = strlen(v->value), lines = 1;
            for (const char *q = v->value; (q = strchr(q, '\n')); q++)
                lines++;
            char *val = tvc_arena_alloc(a, vl + lines * cl + 1), *o = val;
            for (const char *q = v->value; *q;) {
                const char *nl = strchr(q, '\n');
                size_t l = nl ? (size_t)(nl - q) : strlen(q);
                if (o != val) {
                    memcpy(o, cont, cl);
                    o += cl;
                }
                memcpy(o, q, l);
                o += l;
                q += l + (nl ? 1 : 0);
            }
            *o = '\0';
            rendered = tvc_arena_printf(a, "%s%s%s", rendered, before, val);
            p = end + 1;
        }
        if (!ok)
            break;
        if (drop)
            continue;
        rendered = tvc_arena_printf(a, "%s%s%s", indent, rendered, p);
        size_t rl = strlen(rendered);
        if (n + rl + 2 > cap) {
            size_t nc = (n + rl + 2) * 2;
            out = tvc_arena_realloc(a, out, cap, nc);
            cap = nc;
        }
        memcpy(out + n, rendered, rl);
        n += rl;
        out[n++] = '\n';
        out[n] = '\0';
    }
    fclose(f);
    return ok ? out : NULL;
}
