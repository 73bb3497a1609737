#include "config.h"

#include "base/smap.h"

#include <stdlib.h>
#include <string.h>

static unsigned long hash(const char *s)
{
    unsigned long h = 1469598103934665603UL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211UL;
    return h;
}

static void grow(tvc_smap *m)
{
    size_t nc = m->cap ? m->cap * 2 : 64;
    tvc_smap old = *m;
    m->keys = calloc(nc, sizeof *m->keys);
    m->vals = calloc(nc, sizeof *m->vals);
    if (!m->keys || !m->vals)
        abort();
    m->cap = nc;
    m->n = 0;
    for (size_t i = 0; i < old.cap; i++)
        if (old.keys[i]) {
            int f;
            tvc_smap_put(m, old.keys[i], old.vals[i], &f);
        }
    free(old.keys);
    free(old.vals);
}

size_t tvc_smap_put(tvc_smap *m, char *key, size_t v, int *found)
{
    /* Up to three quarters full: linear probing stays short there, and at
     * 10,000 vhosts check's maps of 20,000 names are half the size they
     * would be at one half (check's peak RSS counts every page). */
    if ((m->n + 1) * 4 > m->cap * 3)
        grow(m);
    size_t i = hash(key) & (m->cap - 1);
    while (m->keys[i]) {
        if (!strcmp(m->keys[i], key)) {
            *found = 1;
            free(key);
            return m->vals[i];
        }
        i = (i + 1) & (m->cap - 1);
    }
    m->keys[i] = key;
    m->vals[i] = v;
    m->n++;
    *found = 0;
    return v;
}

size_t tvc_smap_get(const tvc_smap *m, const char *key)
{
    if (!m->cap)
        return (size_t)-1;
    size_t i = hash(key) & (m->cap - 1);
    while (m->keys[i]) {
        if (!strcmp(m->keys[i], key))
            return m->vals[i];
        i = (i + 1) & (m->cap - 1);
    }
    return (size_t)-1;
}

void tvc_smap_free(tvc_smap *m)
{
    for (size_t i = 0; i < m->cap; i++)
        free(m->keys[i]);
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}
