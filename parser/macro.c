#include "config.h"

#include "parser/macro.h"

#include <string.h>
#include <strings.h>

void tvc_macros_init(tvc_macros *m)
{
    m->head = NULL;
}

/* Everything lives in the run's arena. */
void tvc_macros_free(tvc_macros *m)
{
    m->head = NULL;
}

static tvc_macro *find(tvc_macros *m, const char *name)
{
    for (tvc_macro *x = m->head; x; x = x->next)
        if (strcasecmp(x->name, name) == 0)
            return x;
    return NULL;
}

tvc_macro *tvc_macro_define(tvc_macros *m, tvc_arena *a, int argc,
                            const char **argv, const char *file, unsigned line,
                            const char **err)
{
    if (argc < 1) {
        *err = "<Macro> needs a name";
        return NULL;
    }
    for (int i = 1; i < argc; i++)
        for (int j = 1; j < i; j++)
            if (strcmp(argv[i], argv[j]) == 0) {
                *err = tvc_arena_printf(a, "macro '%s': parameter '%s' is "
                                        "given twice", argv[0], argv[i]);
                return NULL;
            }
    tvc_macro *x = find(m, argv[0]);
    if (!x) {
        x = tvc_arena_calloc(a, sizeof *x);
        x->next = m->head;
        m->head = x;
    }
    x->name = tvc_arena_strdup(a, argv[0]);
    x->file = file;
    x->line = line;
    x->nparams = argc - 1;
    /* The run's copy: a streamed parse frees the <Macro> line's words
     * with its section, before a later Use reads them. */
    const char **params = tvc_arena_alloc(a, (size_t)argc * sizeof *params);
    for (int i = 1; i < argc; i++)
        params[i - 1] = tvc_arena_strdup(a, argv[i]);
    x->params = params;
    x->lines = NULL;
    x->n = x->cap = 0;
    return x;
}

void tvc_macro_add_line(tvc_macro *m, tvc_arena *a, const char *text, unsigned line)
{
    if (m->n == m->cap) {
        size_t nc = m->cap ? m->cap * 2 : 8;
        m->lines = tvc_arena_realloc(a, m->lines, m->cap * sizeof *m->lines,
                                     nc * sizeof *m->lines);
        m->cap = nc;
    }
    m->lines[m->n++] = (tvc_macro_line){tvc_arena_strdup(a, text), line};
}

int tvc_macro_undef(tvc_macros *m, const char *name)
{
    for (tvc_macro **p = &m->head; *p; p = &(*p)->next)
        if (strcasecmp((*p)->name, name) == 0) {
            *p = (*p)->next;
            return 1;
        }
    return 0;
}

/* NULL when the line would pass `budget` bytes: a parameter written a
 * thousand times and given a long argument multiplies both. */
static char *substitute(tvc_arena *a, const tvc_macro *m, const char *s,
                        const char **argv, size_t budget)
{
    size_t cap = strlen(s) + 1, n = 0;
    char *out = tvc_arena_alloc(a, cap);
    for (size_t i = 0; s[i];) {
        if (n >= budget)
            return NULL;
        int best = -1;
        size_t blen = 0;
        for (int p = 0; p < m->nparams; p++) {
            size_t pl = strlen(m->params[p]);
            if (pl > blen && strncmp(s + i, m->params[p], pl) == 0) {
                best = p;
                blen = pl;
            }
        }
        if (best >= 0) {
            size_t vl = strlen(argv[best]);
            if (n + vl + 1 > cap) {
                out = tvc_arena_realloc(a, out, cap, (n + vl + 1) * 2);
                cap = (n + vl + 1) * 2;
            }
            memcpy(out + n, argv[best], vl);
            n += vl;
            i += blen;
        } else {
            if (n + 2 > cap) {
                out = tvc_arena_realloc(a, out, cap, cap * 2);
                cap *= 2;
            }
            out[n++] = s[i++];
        }
    }
    out[n] = '\0';
    return out;
}

tvc_macro *tvc_macro_expand(tvc_macros *m, tvc_arena *a, const char *name,
                            int argc, const char **argv, size_t budget,
                            size_t *used, tvc_macro_line **out,
                            size_t *n_out, const char **err)
{
    *used = 0;
    tvc_macro *x = find(m, name);
    if (!x) {
        *err = tvc_arena_printf(a, "no macro named '%s' is defined", name);
        return NULL;
    }
    if (argc != x->nparams) {
        *err = tvc_arena_printf(a, "macro '%s' (defined on line %u of '%s') "
                                "used with %d arguments instead of %d",
                                x->name, x->line, x->file, argc, x->nparams);
        return NULL;
    }
    tvc_macro_line *l = tvc_arena_alloc(a, (x->n ? x->n : 1) * sizeof *l);
    for (size_t i = 0; i < x->n; i++) {
        l[i].text = substitute(a, x, x->lines[i].text, argv, budget - *used);
        if (!l[i].text) {
            *err = NULL; /* the caller knows which limit it passed */
            *used = (size_t)-1;
            return NULL;
        }
        *used += strlen(l[i].text) + 1;
        l[i].line = x->lines[i].line;
    }
    *out = l;
    *n_out = x->n;
    return x;
}
