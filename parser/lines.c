#include "config.h"

#include "parser/lines.h"

#include <stdlib.h>
#include <string.h>

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n);
    if (!q)
        abort();
    return q;
}

void tvc_line_free(tvc_line *l)
{
    free(l->buf);
    free(l->seg_off);
    free(l->seg_line);
    memset(l, 0, sizeof *l);
}

static void append(tvc_line *l, const char *s, size_t n)
{
    if (l->len + n + 1 > TVC_MAX_LINE) {
        l->too_long = 1;
        n = TVC_MAX_LINE - 1 > l->len ? TVC_MAX_LINE - 1 - l->len : 0;
    }
    if (l->len + n + 1 > l->cap) {
        size_t c = l->cap ? l->cap : 256;
        while (c < l->len + n + 1)
            c *= 2;
        l->buf = xrealloc(l->buf, c);
        l->cap = c;
    }
    memcpy(l->buf + l->len, s, n);
    l->len += n;
    l->buf[l->len] = '\0';
    l->text = l->buf;
}

static void add_seg(tvc_line *l, unsigned line)
{
    /* Past the limit the rest of the logical line is still consumed (so
     * the next line starts in the right place) but no longer recorded. */
    if (l->nseg >= TVC_MAX_CONTINUATIONS) {
        l->too_many_segs = 1;
        return;
    }
    if (l->nseg == l->seg_cap) {
        l->seg_cap = l->seg_cap ? l->seg_cap * 2 : 4;
        l->seg_off = xrealloc(l->seg_off, l->seg_cap * sizeof *l->seg_off);
        l->seg_line = xrealloc(l->seg_line, l->seg_cap * sizeof *l->seg_line);
    }
    l->seg_off[l->nseg] = l->len;
    l->seg_line[l->nseg] = line;
    l->nseg++;
}

int tvc_reader_next(tvc_reader *r, tvc_line *l)
{
    if (r->pos >= r->len)
        return 0;
    l->len = 0;
    l->nseg = 0;
    l->too_long = 0;
    l->too_many_segs = 0;
    l->nul_at = 0;
    l->raw = r->buf + r->pos;
    l->line = r->lineno + 1;
    for (;;) {
        const char *s = r->buf + r->pos;
        size_t avail = r->len - r->pos;
        const char *nl = memchr(s, '\n', avail);
        size_t n = nl ? (size_t)(nl - s) : avail;
        r->pos += nl ? n + 1 : n;
        r->lineno++;
        size_t phys = n;
        if (phys && s[phys - 1] == '\r')
            phys--;
        const char *z = memchr(s, '\0', phys);
        if (z && !l->nul_at)
            l->nul_at = l->len + (size_t)(z - s) + 1;
        /* Any backslash before the newline continues the line, even a
         * doubled one: httpd 2.4's ap_cfg_getline_core keeps the comment
         * "match [^\\]\\[\r]\n only" but no longer checks the byte
         * before the backslash (2.2 did, and dropped the escape). */
        int cont = nl && phys >= 1 && s[phys - 1] == '\\';
        add_seg(l, r->lineno);
        l->raw_len = (size_t)(s + n - l->raw);
        if (!cont && l->nseg == 1 && phys < TVC_MAX_LINE) {
            /* one physical line: it is its own text, no copy */
            l->text = s;
            l->len = phys;
            break;
        }
        if (!l->too_many_segs)
            append(l, s, cont ? phys - 1 : phys);
        if (!cont || r->pos >= r->len)
            break;
    }
    if (l->raw_len && l->raw[l->raw_len - 1] == '\r')
        l->raw_len--;
    r->buf[l->raw - r->buf + l->raw_len] = '\0';
    return 1;
}

void tvc_line_pos(const tvc_line *l, size_t off, unsigned *line, unsigned *col)
{
    unsigned i = 0;
    while (i + 1 < l->nseg && l->seg_off[i + 1] <= off)
        i++;
    *line = l->nseg ? l->seg_line[i] : l->line;
    *col = (unsigned)(off - (l->nseg ? l->seg_off[i] : 0)) + 1;
}
