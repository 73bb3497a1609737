#include "config.h"

#include "parser/words.h"

#include <stdlib.h>
#include <string.h>

/* isspace() in the C locale, which is what httpd's apr_isspace() is */
static const unsigned char blank[256] = {
    [' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\v'] = 1, ['\f'] = 1, ['\r'] = 1,
};

typedef struct word {
    size_t at;       /* its first character, the quote included */
    size_t st, end;  /* the text between the quotes */
    size_t olen;     /* length once unescaped */
    char q;          /* the quote, or 0 */
} word;

/* The next word from *pos on; 0 when only blanks are left. */
static int next_word(const char *s, size_t len, size_t *pos, word *w)
{
    size_t i = *pos;
    while (i < len && blank[(unsigned char)s[i]])
        i++;
    if (i >= len)
        return 0;
    char q = s[i] == '"' || s[i] == '\'' ? s[i] : 0;
    size_t st = q ? i + 1 : i, end = st, olen = 0;
    /* ap_getword_conf skips an escaped pair as one, so an escaped quote
     * never ends the word */
    for (; end < len; end++, olen++) {
        unsigned char c = (unsigned char)s[end];
        if (q ? c == (unsigned char)q : blank[c])
            break;
        if (c == '\\' && end + 1 < len && (s[end + 1] == '\\' || (q && s[end + 1] == q)))
            end++;
    }
    *w = (word){i, st, end, olen, q};
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
            /* the same pairs as next_word's, all inside [st, end) */
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
    /* Counted first, so that the words and their pointers are one
     * allocation of the exact size. */
    size_t n = 0, bytes = 0, pos = 0;
    word x;
    while (next_word(s, len, &pos, &x)) {
        n++;
        bytes += x.olen + 1;
    }
    w->n = n;
    w->off = n <= TVC_WORDS_INLINE ? w->off_inline : malloc(n * sizeof *w->off);
    if (!w->off)
        abort();
    w->v = tvc_arena_alloc(a, n * sizeof *w->v + bytes);
    char *out = (char *)(w->v + n);
    pos = 0;
    for (size_t i = 0; i < n; i++) {
        next_word(s, len, &pos, &x);
        w->off[i] = x.at;
        w->v[i] = out;
        out = copy_word(out, s, &x);
    }
}

void tvc_words_free(tvc_words *w)
{
    if (w->off != w->off_inline)
        free(w->off);
    w->off = NULL;
}
