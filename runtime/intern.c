#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "intern.h"

/* Open addressing with linear probing; the full hash is kept so that a
 * probe compares bytes only on a likely match (keys are DER
 * certificates, a kilobyte or more). */
typedef struct slot {
    unsigned char *key; /* NULL: empty */
    size_t len;
    uint64_t hash;
    unsigned long id;
} slot;

struct tvc_rt_intern {
    slot *v;
    size_t n, cap; /* cap: a power of two, or 0 */
};

static uint64_t hash(const unsigned char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        h = (h ^ s[i]) * 1099511628211ull;
    return h;
}

static slot *probe(const tvc_rt_intern *t, const void *key, size_t len, uint64_t h)
{
    for (size_t i = h & (t->cap - 1);; i = (i + 1) & (t->cap - 1)) {
        slot *s = &t->v[i];
        if (!s->key || (s->hash == h && s->len == len && !memcmp(s->key, key, len)))
            return s;
    }
}

static int grow(tvc_rt_intern *t)
{
    size_t cap = t->cap ? t->cap * 2 : 64;
    slot *v = calloc(cap, sizeof *v);
    if (!v)
        return -1;
    tvc_rt_intern nt = {v, t->n, cap};
    for (size_t i = 0; i < t->cap; i++)
        if (t->v[i].key)
            *probe(&nt, t->v[i].key, t->v[i].len, t->v[i].hash) = t->v[i];
    free(t->v);
    *t = nt;
    return 0;
}

tvc_rt_intern *tvc_rt_intern_new(void)
{
    return calloc(1, sizeof(tvc_rt_intern));
}

long tvc_rt_intern_find(const tvc_rt_intern *t, const void *key, size_t len)
{
    if (!t->cap)
        return -1;
    const slot *s = probe(t, key, len, hash(key, len));
    return s->key ? (long)s->id : -1;
}

long tvc_rt_intern_add(tvc_rt_intern *t, const void *key, size_t len, unsigned long id)
{
    if ((t->n + 1) * 2 > t->cap && grow(t) != 0)
        return -1;
    uint64_t h = hash(key, len);
    slot *s = probe(t, key, len, h);
    if (s->key) {
        if (id < s->id)
            s->id = id;
        return (long)s->id;
    }
    if (!(s->key = malloc(len ? len : 1)))
        return -1;
    memcpy(s->key, key, len);
    s->len = len;
    s->hash = h;
    s->id = id;
    t->n++;
    return (long)id;
}

void tvc_rt_intern_free(tvc_rt_intern *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->cap; i++)
        free(t->v[i].key);
    free(t->v);
    free(t);
}
