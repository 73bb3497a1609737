#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "intern.h"

/* Open addressing with linear probing over a compact index. A lookup of
 * an SNI name happens on every handshake, so what it touches is kept
 * small: a slot is 8 bytes (32 bits of the hash and an entry number),
 * which keeps the 20,000 names of 10,000 vhosts in 256 KiB of slots
 * instead of 2 MiB of 32-byte ones (key pointer, length, hash, number),
 * and the keys lie one after another in one buffer instead of one
 * malloc each. A key's bytes are read only when 32 bits of its hash
 * match, which also keeps the loader's DER keys (a kilobyte or more)
 * from being compared on every probe. */
typedef struct slot {
    uint32_t tag;   /* the hash's high half */
    uint32_t entry; /* entry index + 1; 0: empty */
} slot;

typedef struct entry {
    size_t off, len; /* in bytes */
    unsigned long id;
} entry;

struct tvc_rt_intern {
    slot *v;
    size_t cap; /* a power of two, or 0 */
    entry *e;
    size_t n, e_cap;
    unsigned char *bytes;
    size_t used, bytes_cap;
};

/* Eight bytes per multiply instead of FNV-1a's one: a name of 20 bytes
 * is 3 steps, not 20 dependent ones. Keys are the config's (lookups
 * never insert), so a client cannot choose collisions. */
static uint64_t hash(const unsigned char *s, size_t n)
{
    uint64_t h = 0x9e3779b97f4a7c15ull ^ (n * 0xff51afd7ed558ccdull);
    for (; n >= 8; s += 8, n -= 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        h = (h ^ w) * 0xff51afd7ed558ccdull;
        h ^= h >> 32;
    }
    uint64_t w = 0;
    if (n)
        memcpy(&w, s, n);
    h = (h ^ w) * 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    return h ^ (h >> 33);
}

static slot *probe(const tvc_rt_intern *t, const void *key, size_t len, uint64_t h)
{
    uint32_t tag = (uint32_t)(h >> 32);
    for (size_t i = h & (t->cap - 1);; i = (i + 1) & (t->cap - 1)) {
        slot *s = &t->v[i];
        if (!s->entry)
            return s;
        const entry *e = &t->e[s->entry - 1];
        if (s->tag == tag && e->len == len && !memcmp(t->bytes + e->off, key, len))
            return s;
    }
}

static int grow_slots(tvc_rt_intern *t)
{
    size_t cap = t->cap ? t->cap * 2 : 64;
    slot *v = calloc(cap, sizeof *v);
    if (!v)
        return -1;
    /* Rehash from the entries (the slots keep only half the hash). */
    for (size_t k = 0; k < t->n; k++) {
        uint64_t h = hash(t->bytes + t->e[k].off, t->e[k].len);
        size_t i = h & (cap - 1);
        while (v[i].entry)
            i = (i + 1) & (cap - 1);
        v[i] = (slot){(uint32_t)(h >> 32), (uint32_t)(k + 1)};
    }
    free(t->v);
    t->v = v;
    t->cap = cap;
    return 0;
}

/* Room for one more entry of len bytes. */
static int reserve(tvc_rt_intern *t, size_t len)
{
    if (t->n >= UINT32_MAX - 1 || len > SIZE_MAX / 4 - t->used)
        return -1;
    if ((t->n + 1) * 2 > t->cap && grow_slots(t) != 0)
        return -1;
    if (t->n == t->e_cap) {
        size_t cap = t->e_cap ? t->e_cap * 2 : 32;
        entry *e = realloc(t->e, cap * sizeof *e);
        if (!e)
            return -1;
        t->e = e;
        t->e_cap = cap;
    }
    if (t->used + len > t->bytes_cap) {
        size_t cap = t->bytes_cap ? t->bytes_cap : 1024;
        while (cap < t->used + len)
            cap *= 2;
        unsigned char *b = realloc(t->bytes, cap);
        if (!b)
            return -1;
        t->bytes = b;
        t->bytes_cap = cap;
    }
    return 0;
}

tvc_rt_intern *tvc_rt_intern_new(void)
{
    return calloc(1, sizeof(tvc_rt_intern));
}

long tvc_rt_intern_find(const tvc_rt_intern *t, const void *key, size_t len)
{
    if (!t->n)
        return -1;
    const slot *s = probe(t, key, len, hash(key, len));
    return s->entry ? (long)t->e[s->entry - 1].id : -1;
}

long tvc_rt_intern_add(tvc_rt_intern *t, const void *key, size_t len, unsigned long id)
{
    if (reserve(t, len) != 0)
        return -1;
    uint64_t h = hash(key, len);
    slot *s = probe(t, key, len, h);
    if (s->entry) {
        entry *e = &t->e[s->entry - 1];
        if (id < e->id)
            e->id = id;
        return (long)e->id;
    }
    if (len)
        memcpy(t->bytes + t->used, key, len);
    t->e[t->n] = (entry){t->used, len, id};
    t->used += len;
    *s = (slot){(uint32_t)(h >> 32), (uint32_t)++t->n};
    return (long)id;
}

size_t tvc_rt_intern_count(const tvc_rt_intern *t)
{
    return t->n;
}

void tvc_rt_intern_free(tvc_rt_intern *t)
{
    if (!t)
        return;
    free(t->v);
    free(t->e);
    free(t->bytes);
    free(t);
}
