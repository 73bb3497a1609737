/* Diagnostics: every problem the tool finds is data (id, severity, location,
 * vhost, message) collected in one list; library code never prints. */
#ifndef TVC_DIAG_H
#define TVC_DIAG_H

#include <stdarg.h>
#include <stddef.h>

#include "base/arena.h"

typedef enum { TVC_NOTE = 0, TVC_WARNING = 1, TVC_ERROR = 2 } tvc_severity;

typedef struct tvc_origin tvc_origin;

/* A place in the configuration. `origin` says how the reader got into
 * `file`: through an Include, or through a macro's Use (then `file`/`line`
 * point into the macro body). NULL for the top-level config. */
typedef struct tvc_loc {
    const char *file;
    unsigned line, col;
    const tvc_origin *origin;
} tvc_loc;

typedef enum { TVC_ORIGIN_INCLUDE, TVC_ORIGIN_MACRO } tvc_origin_kind;

struct tvc_origin {
    tvc_origin_kind kind;
    const char *macro; /* macro name for TVC_ORIGIN_MACRO */
    tvc_loc at;        /* the Include or Use directive */
};

typedef struct tvc_diag {
    const char *id; /* stable kebab-case id, see CONTRACT.md */
    tvc_severity severity;
    tvc_loc loc; /* file == NULL: not tied to a config line */
    unsigned span; /* caret width in bytes, 0 = 1 */
    const char *vhost_addr; /* NULL when the finding is not about a vhost */
    int vhost_port;
    const char *vhost_name;
    const char *message;
    struct tvc_diag *next;
    /* Suppressed by an inline `# tlsvhostc: disable=ID reason` comment:
     * the reason (maybe ""); NULL otherwise. Suppressed findings are kept
     * and reported as such, never dropped; they do not count. */
    const char *suppressed;
} tvc_diag;

/* Keeps at most `max` findings; the rest are counted so that exit status
 * and summary stay right on pathological input (a binary file, say). */
typedef struct tvc_diags {
    tvc_arena *arena;
    tvc_diag *head, *tail;
    size_t count[3];
    size_t stored, max, dropped;
    size_t n_suppressed;
} tvc_diags;

/* A `# tlsvhostc: disable=ID[,ID...] reason` comment, and the directive
 * line it applies to (the next one in the same file). */
typedef struct tvc_suppression {
    const char *file;
    unsigned line;
    const char **ids;
    size_t n_ids;
    const char *reason;
    int used;
    tvc_loc comment;
    struct tvc_suppression *next;
} tvc_suppression;

/* Moves the findings of `from` (same arena) after those of `d`, kept up
 * to d->max as if they had been added to `d` there; `from` is left empty. */
void tvc_diags_append(tvc_diags *d, tvc_diags *from);

/* Marks findings the suppressions cover; returns how many. */
size_t tvc_diags_suppress(tvc_diags *d, tvc_suppression *list);
/* Removes findings with one of `ids` (--disable): not reported at all. */
void tvc_diags_disable(tvc_diags *d, const char *const *ids, size_t n);

void tvc_diags_init(tvc_diags *d, tvc_arena *a);

tvc_diag *tvc_diag_add(tvc_diags *d, const char *id, tvc_severity sev,
                       const tvc_loc *loc, unsigned span, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

tvc_diag *tvc_diag_addv(tvc_diags *d, const char *id, tvc_severity sev,
                        const tvc_loc *loc, unsigned span, const char *fmt,
                        va_list ap);

/* Stable order for output: by file order of appearance is kept; this sorts
 * nothing, it only returns the highest severity seen (-1 when none). */
int tvc_diags_worst(const tvc_diags *d);

const char *tvc_severity_name(tvc_severity s);
int tvc_severity_parse(const char *s, tvc_severity *out);

#endif
