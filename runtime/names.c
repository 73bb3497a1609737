#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "intern.h"
#include "names.h"

typedef struct glob {
    char *pattern;
    unsigned pos;
} glob;

/* Names lower-cased, each with the lowest position that has it. */
struct tvc_rt_names {
    tvc_rt_intern *exact;
    tvc_rt_intern *suffix; /* "*.example.com" is stored as "example.com" */
    glob *globs;
    size_t n_globs, globs_cap;
};

static int match(const char *p, const char *s);

/* ASCII only, whatever the embedder's locale: host names are ASCII (IDNs
 * travel as A-labels), and httpd compares them in the C locale. */
static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
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
        s[i] = lower(p[i]);
    s[n] = '\0';
    return s;
}

tvc_rt_names *tvc_rt_names_new(void)
{
    tvc_rt_names *t = calloc(1, sizeof *t);
    if (t && (!(t->exact = tvc_rt_intern_new()) || !(t->suffix = tvc_rt_intern_new()))) {
        tvc_rt_names_free(t);
        return NULL;
    }
    return t;
}

static int put(tvc_rt_intern *t, char *key, unsigned pos)
{
    long r = tvc_rt_intern_add(t, key, strlen(key), pos);
    free(key);
    return r < 0 ? -1 : 0;
}

int tvc_rt_names_add(tvc_rt_names *t, const char *pattern, unsigned pos)
{
    char *k = lower_dup(pattern);
    if (!k)
        return -1;
    if (!strpbrk(k, "*?"))
        return put(t->exact, k, pos);
    if (k[0] == '*' && k[1] == '.' && !strpbrk(k + 2, "*?")) {
        memmove(k, k + 2, strlen(k + 2) + 1);
        return put(t->suffix, k, pos);
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
    size_t n = strnlen(name, sizeof buf);
    if (n == 0 || n >= sizeof buf)
        return -1;
    for (size_t i = 0; i < n; i++) /* no early exit: a tight loop */
        buf[i] = lower(name[i]);
    if (buf[n - 1] == '.') /* "a.test." is the same host as "a.test" */
        n--;
    buf[n] = '\0';
    long best = tvc_rt_intern_find(t->exact, buf, n);
    /* httpd's '*' also matches dots: "*.a.test" answers "x.y.a.test", so
     * every proper suffix after a dot is a candidate (skipped, one probe
     * per label, when the set has no such name). */
    for (const char *p = tvc_rt_intern_count(t->suffix) ? memchr(buf, '.', n) : NULL; p;
         p = memchr(p + 1, '.', n - (size_t)(p + 1 - buf))) {
        long s = tvc_rt_intern_find(t->suffix, p + 1, n - (size_t)(p + 1 - buf));
        if (s >= 0 && (best < 0 || s < best))
            best = s;
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

void tvc_rt_names_free(tvc_rt_names *t)
{
    if (!t)
        return;
    tvc_rt_intern_free(t->exact);
    tvc_rt_intern_free(t->suffix);
    for (size_t i = 0; i < t->n_globs; i++)
        free(t->globs[i].pattern);
    free(t->globs);
    free(t);
}
