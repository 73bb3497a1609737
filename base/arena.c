#include "config.h"

#include "base/arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TVC_BLOCK_SIZE (64 * 1024)
#define TVC_ALIGN 8 /* nothing in the tree or IR needs more */

struct block {
    struct block *next;
    size_t size, used;
    _Alignas(TVC_ALIGN) unsigned char data[];
};

struct cleanup {
    struct cleanup *next;
    void (*fn)(void *);
    void *data;
};

struct tvc_arena {
    struct block *head;
    struct cleanup *cleanups;
    size_t used;
};

static void *xmalloc(size_t n)
{
    void *p = malloc(n);
    if (!p) {
        fputs("tlsvhostc: out of memory\n", stderr);
        abort();
    }
    return p;
}

tvc_arena *tvc_arena_new(void)
{
    tvc_arena *a = xmalloc(sizeof *a);
    a->head = NULL;
    a->cleanups = NULL;
    a->used = 0;
    return a;
}

void tvc_arena_free(tvc_arena *a)
{
    if (!a)
        return;
    /* Cleanups run newest first: later objects may refer to earlier ones. */
    for (struct cleanup *c = a->cleanups; c; c = c->next)
        c->fn(c->data);
    struct block *b = a->head;
    while (b) {
        struct block *n = b->next;
        free(b);
        b = n;
    }
    free(a);
}

void *tvc_arena_alloc(tvc_arena *a, size_t n)
{
    n = (n + TVC_ALIGN - 1) & ~(size_t)(TVC_ALIGN - 1);
    if (n == 0)
        n = TVC_ALIGN;
    struct block *b = a->head;
    if (!b || b->size - b->used < n) {
        if (n > TVC_BLOCK_SIZE / 4) {
            /* Big objects get their own block behind the current one so the
             * current block's free tail is not wasted. */
            struct block *big = xmalloc(sizeof *big + n);
            big->size = big->used = n;
            if (b) {
                big->next = b->next;
                b->next = big;
            } else {
                big->next = NULL;
                a->head = big;
            }
            a->used += n;
            return big->data;
        }
        b = xmalloc(sizeof *b + TVC_BLOCK_SIZE);
        b->size = TVC_BLOCK_SIZE;
        b->used = 0;
        b->next = a->head;
        a->head = b;
    }
    void *p = b->data + b->used;
    b->used += n;
    a->used += n;
    return p;
}

void *tvc_arena_calloc(tvc_arena *a, size_t n)
{
    void *p = tvc_arena_alloc(a, n);
    memset(p, 0, n);
    return p;
}

void *tvc_arena_realloc(tvc_arena *a, void *p, size_t old_n, size_t new_n)
{
    if (new_n <= old_n)
        return p;
    struct block *b = a->head;
    size_t old_al = (old_n + TVC_ALIGN - 1) & ~(size_t)(TVC_ALIGN - 1);
    size_t new_al = (new_n + TVC_ALIGN - 1) & ~(size_t)(TVC_ALIGN - 1);
    if (p && b && (unsigned char *)p + old_al == b->data + b->used &&
        b->size - b->used >= new_al - old_al) {
        b->used += new_al - old_al;
        a->used += new_al - old_al;
        return p;
    }
    void *q = tvc_arena_alloc(a, new_n);
    if (p && old_n)
        memcpy(q, p, old_n);
    return q;
}

char *tvc_arena_strndup(tvc_arena *a, const char *s, size_t n)
{
    char *p = tvc_arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *tvc_arena_strdup(tvc_arena *a, const char *s)
{
    return s ? tvc_arena_strndup(a, s, strlen(s)) : NULL;
}

char *tvc_arena_vprintf(tvc_arena *a, const char *fmt, va_list ap)
{
    /* Most messages fit a small buffer: format once, copy once. */
    char buf[256];
    va_list cp;
    va_copy(cp, ap);
    int n = vsnprintf(buf, sizeof buf, fmt, cp);
    va_end(cp);
    if (n < 0)
        n = 0;
    if ((size_t)n < sizeof buf)
        return tvc_arena_strndup(a, buf, (size_t)n);
    char *p = tvc_arena_alloc(a, (size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *tvc_arena_printf(tvc_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = tvc_arena_vprintf(a, fmt, ap);
    va_end(ap);
    return p;
}

void tvc_arena_cleanup_add(tvc_arena *a, void (*fn)(void *), void *data)
{
    struct cleanup *c = tvc_arena_alloc(a, sizeof *c);
    c->fn = fn;
    c->data = data;
    c->next = a->cleanups;
    a->cleanups = c;
}

size_t tvc_arena_used(const tvc_arena *a)
{
    return a->used;
}
