/* Physical-to-logical line reading, as httpd's ap_cfg_getline does it:
 * a backslash before the newline joins the next line (also after another
 * backslash: httpd 2.4 no longer does what its "[^\\]\\\r?\n only" says),
 * '#' starts a comment only as the first non-blank character. */
#ifndef TVC_LINES_H
#define TVC_LINES_H

#include <stddef.h>

#include "base/limits.h"

typedef struct tvc_line {
    /* The logical line, NUL-terminated: the source's own bytes when it
     * is one physical line, else joined in `buf` (scratch, reused). */
    const char *text;
    size_t len;
    char *buf;
    size_t cap;
    /* Verbatim physical lines inside the source buffer, NUL-terminated
     * there: the reader writes a NUL over the line's end (its '\r' or
     * '\n') once it has read past it. */
    const char *raw;
    size_t raw_len;
    unsigned line;       /* first physical line */
    unsigned nseg;       /* physical lines joined */
    size_t *seg_off;     /* offset in text where each physical line starts */
    unsigned *seg_line;
    unsigned seg_cap;
    int too_long;        /* cut at TVC_MAX_LINE bytes */
    int too_many_segs;   /* more than TVC_MAX_CONTINUATIONS lines joined */
    size_t nul_at;       /* offset+1 of a NUL byte in the line, 0 if none */
} tvc_line;

typedef struct tvc_reader {
    char *buf;           /* written to (see tvc_line.raw); buf[len] too */
    size_t len, pos;
    unsigned lineno;     /* physical lines consumed */
} tvc_reader;

void tvc_line_free(tvc_line *l);
/* Returns 0 at end of input. */
int tvc_reader_next(tvc_reader *r, tvc_line *l);
/* Line and column (1-based) of byte offset `off` of l->text. */
void tvc_line_pos(const tvc_line *l, size_t off, unsigned *line, unsigned *col);

#endif
