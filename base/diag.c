#include "config.h"

#include "base/diag.h"

#include <stdarg.h>
#include <string.h>

void tvc_diags_init(tvc_diags *d, tvc_arena *a)
{
    memset(d, 0, sizeof *d);
    d->arena = a;
    d->max = 10000;
}

tvc_diag *tvc_diag_add(tvc_diags *d, const char *id, tvc_severity sev,
                       const tvc_loc *loc, unsigned span, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tvc_diag *g = tvc_diag_addv(d, id, sev, loc, span, fmt, ap);
    va_end(ap);
    return g;
}

static void link_last(tvc_diags *d, tvc_diag *g)
{
    if (d->tail)
        d->tail->next = g;
    else
        d->head = g;
    d->tail = g;
    d->stored++;
}

tvc_diag *tvc_diag_addv(tvc_diags *d, const char *id, tvc_severity sev,
                        const tvc_loc *loc, unsigned span, const char *fmt,
                        va_list ap)
{
    d->count[sev]++;
    if (d->stored >= d->max) {
        d->dropped++;
        return NULL;
    }
    tvc_diag *g = tvc_arena_calloc(d->arena, sizeof *g);
    g->id = id;
    g->severity = sev;
    if (loc)
        g->loc = *loc;
    g->span = span;
    g->message = tvc_arena_vprintf(d->arena, fmt, ap);
    link_last(d, g);
    return g;
}

void tvc_diags_append(tvc_diags *d, tvc_diags *from)
{
    tvc_diag *g = from->head;
    while (g) {
        tvc_diag *next = g->next;
        g->next = NULL;
        if (d->stored >= d->max)
            d->dropped++;
        else
            link_last(d, g);
        g = next;
    }
    for (int i = 0; i < 3; i++)
        d->count[i] += from->count[i];
    d->dropped += from->dropped;
    d->n_suppressed += from->n_suppressed;
    memset(from, 0, sizeof *from);
}

int tvc_diags_worst(const tvc_diags *d)
{
    for (int s = TVC_ERROR; s >= TVC_NOTE; s--)
        if (d->count[s])
            return s;
    return -1;
}

static const char *const sev_names[] = {"note", "warning", "error"};

const char *tvc_severity_name(tvc_severity s)
{
    return sev_names[s];
}

int tvc_severity_parse(const char *s, tvc_severity *out)
{
    for (int i = 0; i < 3; i++)
        if (strcmp(s, sev_names[i]) == 0) {
            *out = (tvc_severity)i;
            return 0;
        }
    return -1;
}

static int has_id(const char *const *ids, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(ids[i], id) || !strcmp(ids[i], "all"))
            return 1;
    return 0;
}

size_t tvc_diags_suppress(tvc_diags *d, tvc_suppression *list)
{
    size_t n = 0;
    for (tvc_diag *g = d->head; g; g = g->next) {
        if (g->suppressed || !g->loc.file)
            continue;
        for (tvc_suppression *s = list; s; s = s->next)
            if (s->line == g->loc.line && !strcmp(s->file, g->loc.file) &&
                has_id(s->ids, s->n_ids, g->id)) {
                g->suppressed = s->reason ? s->reason : "";
                s->used = 1;
                d->count[g->severity]--;
                d->n_suppressed++;
                n++;
                break;
            }
    }
    return n;
}

void tvc_diags_disable(tvc_diags *d, const char *const *ids, size_t n)
{
    tvc_diag **pp = &d->head, *last = NULL;
    while (*pp) {
        tvc_diag *g = *pp;
        if (has_id(ids, n, g->id)) {
            if (!g->suppressed)
                d->count[g->severity]--;
            else
                d->n_suppressed--;
            *pp = g->next;
            d->stored--;
            continue;
        }
        last = g;
        pp = &g->next;
    }
    d->tail = last;
}
