/* One arena per run owns the parse tree, the IR and the diagnostics; it is
 * freed at once. Foreign objects (OpenSSL, jansson, ...) that must live as
 * long as the run are registered as cleanups instead of being freed by hand. */
#ifndef TVC_ARENA_H
#define TVC_ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct tvc_arena tvc_arena;

tvc_arena *tvc_arena_new(void);
void tvc_arena_free(tvc_arena *a);

/* Never returns NULL: an allocation failure aborts, as there is no useful
 * partial result for a config linter that ran out of memory. */
void *tvc_arena_alloc(tvc_arena *a, size_t n);
void *tvc_arena_calloc(tvc_arena *a, size_t n);
char *tvc_arena_strdup(tvc_arena *a, const char *s);
char *tvc_arena_strndup(tvc_arena *a, const char *s, size_t n);
char *tvc_arena_printf(tvc_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
char *tvc_arena_vprintf(tvc_arena *a, const char *fmt, va_list ap);
/* Grows the last allocation when possible (used by arrays built in place). */
void *tvc_arena_realloc(tvc_arena *a, void *p, size_t old_n, size_t new_n);

void tvc_arena_cleanup_add(tvc_arena *a, void (*fn)(void *), void *data);

/* A point in an arena to come back to: what was allocated after it is
 * given back at once (a streamed parse drops each <VirtualHost> once the
 * IR has it). Plain data, so it lives in the caller's frame. */
typedef struct tvc_arena_mark {
    void *block, *after;  /* the current block then, and the one behind it */
    size_t used, total;
} tvc_arena_mark;

tvc_arena_mark tvc_arena_mark_get(const tvc_arena *a);
/* Frees everything allocated after `m`; pointers into it dangle (with
 * TVC_ARENA_JUNK set in the environment the bytes are overwritten first,
 * so a dangling read shows). */
void tvc_arena_release(tvc_arena *a, const tvc_arena_mark *m);

/* Gives the untouched rest of the current block back to the system (it
 * is still the arena's: used again, it is faulted in again), for a run
 * about to grow its heap a lot, as check before the certificates. */
void tvc_arena_trim(tvc_arena *a);

/* Bytes handed out so far (for the IR-size benchmark). */
size_t tvc_arena_used(const tvc_arena *a);

#endif
