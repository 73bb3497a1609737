#include "config.h"

#include "parser/words.h"

#include <stdlib.h>
#include <string.h>

const unsigned char tvc_blank[256] = {
    [' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\v'] = 1, ['\f'] = 1, ['\r'] = 1,
};

/* Where an unquoted word may end: tvc_blank's bytes, and 2 for a
 * backslash, which may escape what follows */
static const unsigned char stop[256] = {
    [' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\v'] = 1, ['\f'] = 1, ['\r'] = 1, ['\\'] = 2,
};

typedef struct word {
    size_t at;       /* its first character, the quote included */
    size_t st, end;  /* the text between the quotes */
    size_t olen;     /* length once unescaped */
    char q;          /* the quote, or 0 */
} word;

/* End of a word's text from `i` on: the first blank (no quote) or the
 * closing quote; *esc counts the escaping backslashes skipped, as
 * ap_getword_conf skips an escaped pair as one, so an escaped quote never
 * ends the word. */
static size_t word_end(const char *s, size_t len, size_t i, char q, size_t *esc)
{
    for (;;) {
        if (q) {
            while (i < len && s[i] != q && s[i] != '\\')
                i++;
        } else {
            while (i < len && !stop[(unsigned char)s[i]])
                i++;
        }
        if (i >= len || s[i] != '\\')
            return i;
        if (i + 1 < len && (s[i + 1] == '\\' || (q && s[i + 1] == q))) {
            (*esc)++;
            i++;
        }
        i++;
    }
}

/* The next word from *pos on; 0 when only blanks are left. */
static int next_word(const char *s, size_t len, size_t *pos, word *w)
{
    size_t i = *pos;
    while (i < len && stop[(unsigned char)s[i]] == 1)
        i++;
    if (i >= len)
        return 0;
    char q = s[i] == '"' || s[i] == '\'' ? s[i] : 0;
    size_t st = q ? i + 1 : i, esc = 0;
    size_t end = word_end(s, len, st, q, &esc);
    *w = (word){i, st, end, end - st - esc, q};
    *pos = q && end < len ? end + 1 : end; /* past the closing quote */
    return 1;
}

static char *copy_word(char *out, const char *s, const word *w)
{
    if (w->olen == w->end - w->st) {
        memcpy(out, s + w->st, w->olen);
    } else {
        size_t o = 0;
        for (size_t i = w->st; i < w->end; i++) {
            /* the same pairs as word_end's, all inside [st, end) */
            if (s[i] == '\\' && i + 1 < w->end && (s[i + 1] == '\\' || (w->q && s[i + 1] == w->q)))
                i++;
            out[o++] = s[i];
        }
    }
    out[w->olen] = '\0';
    return out + w->olen + 1;
}

void tvc_words_split(tvc_arena *a, const char *s, size_t len, tvc_words *w)
{
    /* The words are found first, so that they and their pointers are one
     * allocation of the exact size. */
    word inl[TVC_WORDS_INLINE], *x = inl;
    size_t n = 0, cap = TVC_WORDS_INLINE, bytes = 0, pos = 0;
    while (next_word(s, len, &pos, &x[n])) {
        bytes += x[n].olen + 1;
        if (++n == cap) {
            word *nx = malloc(2 * cap * sizeof *nx);
            if (!nx)
                abort();
            memcpy(nx, x, n * sizeof *x);
            if (x != inl)
                free(x);
            x = nx;
            cap *= 2;
        }
    }
    w->n = n;
    w->off = n <= TVC_WORDS_INLINE ? w->off_inline : malloc(n * sizeof *w->off);
    if (!w->off)
        abort();
    w->v = tvc_arena_alloc(a, n * (sizeof *w->v + sizeof *w->cols) + bytes);
    w->cols = (unsigned *)(w->v + n);
    memset(w->cols, 0, n * sizeof *w->cols);
    char *out = (char *)(w->cols + n);
    for (size_t i = 0; i < n; i++) {
        w->off[i] = x[i].at;
        w->v[i] = out;
        out = copy_word(out, s, &x[i]);
    }
    if (x != inl)
        free(x);
}

void tvc_words_free(tvc_words *w)
{
    if (w->off != w->off_inline)
        free(w->off);
    w->off = NULL;
}
