#include "config.h"

#include "base/arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define TVC_ALIGN 8 /* nothing in the tree or IR needs more */
/* Blocks start small, so a run over a ten-line config costs 64 KiB, and
 * double up to TVC_BLOCK_MAX: 10,000 vhosts take about 56 MiB, a dozen
 * blocks instead of 900. */
#define TVC_BLOCK_MIN (64 * 1024)
#define TVC_BLOCK_MAX (16 * 1024 * 1024)
/* From this size on a block is mapped on a 2 MiB boundary and the kernel
 * is asked for huge pages: a fresh 4 KiB page costs a fault, and at
 * 10,000 vhosts those 14,000 faults were most of the parse (on a
 * virtualised host, 80 % of its wall time). A huge page is only backed
 * where touched, so the untouched tail of the last block costs at most
 * one 2 MiB page of RSS. */
#define TVC_HUGE (2 * 1024 * 1024)

struct block {
    struct block *next;
    size_t size, used;
    size_t mapped; /* bytes mmap'ed for the block; 0: malloc'ed */
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
    size_t next_size; /* bytes of the next ordinary block */
    /* A block given back by tvc_arena_release, kept for the next one
     * needed: a streamed parse that crosses a block boundary inside each
     * vhost would otherwise map and unmap a block per vhost. */
    struct block *spare;
    int junk; /* TVC_ARENA_JUNK: overwrite what is released */
};

static void out_of_memory(void)
{
    fputs("tlsvhostc: out of memory\n", stderr);
    abort();
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n);
    if (!p)
        out_of_memory();
    return p;
}

/* A block of `total` bytes, its header included (at least that many when
 * it is mapped). */
static struct block *block_new(size_t total)
{
    struct block *b;
#ifdef MADV_HUGEPAGE
    if (total >= TVC_HUGE) {
        total = (total + TVC_HUGE - 1) & ~(size_t)(TVC_HUGE - 1);
        /* Over-map by one huge page, then cut to the boundary. */
        unsigned char *p = mmap(NULL, total + TVC_HUGE, PROT_READ | PROT_WRITE,
                                MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED)
            out_of_memory();
        uintptr_t start = ((uintptr_t)p + TVC_HUGE - 1) & ~(uintptr_t)(TVC_HUGE - 1);
        size_t head = start - (uintptr_t)p;
        if (head)
            munmap(p, head);
        munmap((unsigned char *)start + total, TVC_HUGE - head);
        madvise((void *)start, total, MADV_HUGEPAGE); /* a hint: fine if refused */
        b = (struct block *)start;
        b->mapped = total;
        b->size = total - sizeof *b;
        return b;
    }
#endif
    b = xmalloc(total);
    b->mapped = 0;
    b->size = total - sizeof *b;
    return b;
}

/* The pages of a mapped block past what it handed out go back to the
 * system: a huge page is backed whole once touched, so the block's tail
 * left behind (or not yet needed) would otherwise stay resident, up to
 * 2 MiB a block. The kernel splits the huge page; what is allocated there
 * later faults in again by 4 KiB pages. */
static void block_trim(struct block *b)
{
#ifdef MADV_DONTNEED
    if (!b->mapped)
        return;
    uintptr_t from = ((uintptr_t)(b->data + b->used) + 4095) & ~(uintptr_t)4095;
    uintptr_t end = (uintptr_t)b + b->mapped;
    if (from >= end)
        return;
    madvise((void *)from, end - from, MADV_DONTNEED);
#ifdef MADV_NOHUGEPAGE
    /* else khugepaged may make the huge page whole again, now or later */
    madvise((void *)from, end - from, MADV_NOHUGEPAGE);
#endif
#else
    (void)b;
#endif
}

static void block_free(struct block *b)
{
    if (b->mapped)
        munmap(b, b->mapped);
    else
        free(b);
}

tvc_arena *tvc_arena_new(void)
{
    tvc_arena *a = xmalloc(sizeof *a);
    a->head = NULL;
    a->cleanups = NULL;
    a->used = 0;
    a->next_size = TVC_BLOCK_MIN;
    a->spare = NULL;
    a->junk = getenv("TVC_ARENA_JUNK") != NULL;
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
        block_free(b);
        b = n;
    }
    if (a->spare)
        block_free(a->spare);
    free(a);
}

void *tvc_arena_alloc(tvc_arena *a, size_t n)
{
    n = (n + TVC_ALIGN - 1) & ~(size_t)(TVC_ALIGN - 1);
    if (n == 0)
        n = TVC_ALIGN;
    struct block *b = a->head;
    if (!b || b->size - b->used < n) {
        if (n > (b ? b->size : TVC_BLOCK_MIN) / 4) {
            /* Big objects get their own block behind the current one so the
             * current block's free tail is not wasted; "big" grows with the
             * blocks, so a file's buffer comes from a huge-page block too. */
            struct block *big = block_new(sizeof *big + n);
            big->used = n;
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
        if (b)
            block_trim(b); /* its tail is never used now */
        if (a->spare && a->spare->size >= n) {
            b = a->spare;
            a->spare = NULL;
        } else {
            b = block_new(a->next_size);
            if (a->next_size < TVC_BLOCK_MAX)
                a->next_size *= 2;
        }
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

tvc_arena_mark tvc_arena_mark_get(const tvc_arena *a)
{
    struct block *b = a->head;
    return (tvc_arena_mark){b, b ? b->next : NULL, b ? b->used : 0, a->used};
}

/* A block no longer in use: kept as the spare (the larger one wins) or
 * freed. */
static void block_drop(tvc_arena *a, struct block *b)
{
    if (a->junk)
        memset(b->data, 0xA5, b->used);
    if (a->spare && a->spare->size >= b->size) {
        block_free(b);
        return;
    }
    if (a->spare)
        block_free(a->spare);
    a->spare = b;
}

void tvc_arena_release(tvc_arena *a, const tvc_arena_mark *m)
{
    struct block *mb = m->block;
    /* Blocks started since the mark are in front of it... */
    while (a->head && a->head != mb) {
        struct block *b = a->head;
        a->head = b->next;
        block_drop(a, b);
    }
    /* ...and big objects' blocks went in right behind the block that was
     * current when they were made. */
    if (mb) {
        while (mb->next != m->after) {
            struct block *b = mb->next;
            mb->next = b->next;
            block_drop(a, b);
        }
        if (a->junk)
            memset(mb->data + m->used, 0xA5, mb->used - m->used);
        mb->used = m->used;
    }
    a->used = m->total;
}

void tvc_arena_trim(tvc_arena *a)
{
    if (a->head)
        block_trim(a->head);
}

size_t tvc_arena_used(const tvc_arena *a)
{
    return a->used;
}
