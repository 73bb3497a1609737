#include "config.h"
#include "checks/pki_strings.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct tvc_pki_strings {
    pthread_mutex_t lock;
    char **slot; /* open addressing; NULL is empty */
    size_t cap, n;
};

static uint64_t hash(const char *p, size_t len)
{
    uint64_t h = 1469598103934665603u; /* FNV-1a */
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)p[i]) * 1099511628211u;
    return h;
}

tvc_pki_strings *tvc_pki_strings_new(void)
{
    tvc_pki_strings *s = calloc(1, sizeof *s);
    if (!s)
        abort();
    pthread_mutex_init(&s->lock, NULL);
    return s;
}

void tvc_pki_strings_free(tvc_pki_strings *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->cap; i++)
        free(s->slot[i]);
    free(s->slot);
    pthread_mutex_destroy(&s->lock);
    free(s);
}

static void grow(tvc_pki_strings *s)
{
    size_t cap = s->cap ? 2 * s->cap : 64;
    char **slot = calloc(cap, sizeof *slot);
    if (!slot)
        abort();
    for (size_t i = 0; i < s->cap; i++) {
        if (!s->slot[i])
            continue;
        size_t h = (size_t)hash(s->slot[i], strlen(s->slot[i])) & (cap - 1);
        while (slot[h])
            h = (h + 1) & (cap - 1);
        slot[h] = s->slot[i];
    }
    free(s->slot);
    s->slot = slot;
    s->cap = cap;
}

const char *tvc_pki_strings_get(tvc_pki_strings *s, const char *str, size_t len)
{
    pthread_mutex_lock(&s->lock);
    if (2 * (s->n + 1) > s->cap)
        grow(s);
    size_t h = (size_t)hash(str, len) & (s->cap - 1);
    while (s->slot[h] && !(strncmp(s->slot[h], str, len) == 0 && s->slot[h][len] == '\0'))
        h = (h + 1) & (s->cap - 1);
    if (!s->slot[h]) {
        char *c = malloc(len + 1);
        if (!c)
            abort();
        memcpy(c, str, len);
        c[len] = '\0';
        s->slot[h] = c;
        s->n++;
    }
    const char *r = s->slot[h];
    pthread_mutex_unlock(&s->lock);
    return r;
}
