#include "config.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"

/* Open addressing, linear probing; keys lower-cased and owned here. */
typedef struct slot {
    char *key;
    unsigned pos;
} slot;

typedef struct table {
    slot *v;
    size_t n, cap; /* cap: a power of two, or 0 */
} table;

typedef struct glob {
    char *pattern;
    unsigned pos;
} glob;

struct tvc_rt_names {
    table exact;
    table suffix; /* "*.example.com" is stored as "example.com" */
    glob *globs;
    size_t n_globs, globs_cap;
};

static int match(const char *p, const char *s);

static uint64_t hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h;
}

static slot *probe(const table *t, const char *key, size_t n)
{
    if (!t->cap)
        return NULL;
    for (size_t i = hash(key, n) & (t->cap - 1);; i = (i + 1) & (t->cap - 1)) {
        slot *s = &t->v[i];
        if (!s->key || (!strncmp(s->key, key, n) && !s->key[n]))
            return s;
    }
}

static int grow(table *t)
{
    size_t cap = t->cap ? t->cap * 2 : 16;
    slot *v = calloc(cap, sizeof *v);
    if (!v)
        return -1;
    table nt = {v, t->n, cap};
    for (size_t i = 0; i < t->cap; i++)
        if (t->v[i].key)
            *probe(&nt, t->v[i].key, strlen(t->v[i].key)) = t->v[i];
    free(t->v);
    *t = nt;
    return 0;
}

static int put(table *t, char *key, unsigned pos)
{
    if ((t->n + 1) * 2 > t->cap && grow(t) != 0) {
        free(key);
        return -1;
    }
    slot *s = probe(t, key, strlen(key));
    if (s->key) {
        if (pos < s->pos)
            s->pos = pos;
        free(key);
        return 0;
    }
    s->key = key;
    s->pos = pos;
    t->n++;
    return 0;
}

static char *lower_dup(const char *p)
{
    size_t n = strlen(p);
    /* "host:443": the port is not part of the name (an IPv6 literal in
     * brackets keeps its colons). */
    const char *colon = strrchr(p, ':');
    if (colon && colon[1] && strspn(colon + 1, "0123456789") == strlen(colon + 1) &&
        (p[0] != '[' || colon > strchr(p, ']')))
        n = (size_t)(colon - p);
    char *s = malloc(n + 1);
    if (!s)
        return NULL;
    for (size_t i = 0; i < n; i++)
        s[i] = (char)tolower((unsigned char)p[i]);
    s[n] = '\0';
    return s;
}

tvc_rt_names *tvc_rt_names_new(void)
{
    return calloc(1, sizeof(tvc_rt_names));
}

int tvc_rt_names_add(tvc_rt_names *t, const char *pattern, unsigned pos)
{
    char *k = lower_dup(pattern);
    if (!k)
        return -1;
    if (!strpbrk(k, "*?"))
        return put(&t->exact, k, pos);
    if (k[0] == '*' && k[1] == '.' && !strpbrk(k + 2, "*?")) {
        memmove(k, k + 2, strlen(k + 2) + 1);
        return put(&t->suffix, k, pos);
    }
    if (t->n_globs == t->globs_cap) {
        size_t cap = t->globs_cap ? t->globs_cap * 2 : 8;
        glob *g = realloc(t->globs, cap * sizeof *g);
        if (!g) {
            free(k);
            return -1;
        }
        t->globs = g;
        t->globs_cap = cap;
    }
    t->globs[t->n_globs++] = (glob){k, pos};
    return 0;
}

long tvc_rt_names_find(const tvc_rt_names *t, const char *name)
{
    char buf[256];
    size_t n = strlen(name);
    if (n == 0 || n >= sizeof buf)
        return -1;
    for (size_t i = 0; i <= n; i++)
        buf[i] = (char)tolower((unsigned char)name[i]);
    if (buf[n - 1] == '.') /* "a.test." is the same host as "a.test" */
        buf[--n] = '\0';
    long best = -1;
    const slot *s = probe(&t->exact, buf, n);
    if (s && s->key)
        best = s->pos;
    /* httpd's '*' also matches dots: "*.a.test" answers "x.y.a.test", so
     * every proper suffix after a dot is a candidate. */
    for (const char *p = strchr(buf, '.'); p; p = strchr(p + 1, '.')) {
        s = probe(&t->suffix, p + 1, strlen(p + 1));
        if (s && s->key && (best < 0 || s->pos < (unsigned long)best))
            best = s->pos;
    }
    for (size_t i = 0; i < t->n_globs; i++)
        if ((best < 0 || t->globs[i].pos < (unsigned long)best) &&
            match(t->globs[i].pattern, buf))
            best = t->globs[i].pos;
    return best;
}

/* httpd's ap_strcmp_match: '*' any run (dots too), '?' one character,
 * nothing else special (so not fnmatch, which has [classes]). Iterative,
 * with one backtrack point: linear in practice, never exponential. */
static int match(const char *p, const char *s)
{
    const char *star = NULL, *resume = NULL;
    while (*s) {
        if (*p == '?' || *p == *s) {
            p++;
            s++;
        } else if (*p == '*') {
            star = p++;
            resume = s;
        } else if (star) {
            p = star + 1;
            s = ++resume;
        } else {
            return 0;
        }
    }
    while (*p == '*')
        p++;
    return !*p;
}

static void table_free(table *t)
{
    for (size_t i = 0; i < t->cap; i++)
        free(t->v[i].key);
    free(t->v);
}

void tvc_rt_names_free(tvc_rt_names *t)
{
    if (!t)
        return;
    table_free(&t->exact);
    table_free(&t->suffix);
    for (size_t i = 0; i < t->n_globs; i++)
        free(t->globs[i].pattern);
    free(t->globs);
    free(t);
}
