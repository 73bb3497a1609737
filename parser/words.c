#include "config.h"

#include "parser/words.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

void tvc_words_split(tvc_arena *a, const char *s, size_t len, tvc_words *w)
{
    memset(w, 0, sizeof *w);
    /* Upper bound on words: one per two bytes plus one. */
    size_t cap = 4;
    w->v = tvc_arena_alloc(a, cap * sizeof *w->v);
    /* Offsets are only needed while the caller computes columns: they
     * live on the heap (tvc_words_free), not in the arena. */
    w->off = malloc(cap * sizeof *w->off);
    if (!w->off)
        abort();
    size_t i = 0;
    while (i < len) {
        while (i < len && isspace((unsigned char)s[i]))
            i++;
        if (i >= len)
            break;
        if (w->n == cap) {
            w->v = tvc_arena_realloc(a, w->v, cap * sizeof *w->v, 2 * cap * sizeof *w->v);
            size_t *no = realloc(w->off, 2 * cap * sizeof *w->off);
            if (!no)
                abort();
            w->off = no;
            cap *= 2;
        }
        w->off[w->n] = i;
        char q = s[i];
        int quoted = q == '"' || q == '\'';
        if (!quoted)
            q = 0;
        size_t st = quoted ? i + 1 : i, end = st, olen = 0;
        /* ap_getword_conf skips an escaped pair as one, so an escaped
         * quote never ends the word */
        for (; end < len; end++, olen++) {
            if (quoted ? s[end] == q : isspace((unsigned char)s[end]))
                break;
            if (s[end] == '\\' && end + 1 < len &&
                (s[end + 1] == '\\' || (q && s[end + 1] == q)))
                end++;
        }
        char *out = tvc_arena_alloc(a, olen + 1);
        size_t o = 0;
        for (i = st; i < end; i++) {
            /* the same pairs as above, all inside [st, end) */
            if (s[i] == '\\' && i + 1 < end && (s[i + 1] == '\\' || (q && s[i + 1] == q)))
                i++;
            out[o++] = s[i];
        }
        out[o] = '\0';
        if (quoted && i < len)
            i++; /* the closing quote */
        w->v[w->n++] = out;
    }
}

void tvc_words_free(tvc_words *w)
{
    free(w->off);
    w->off = NULL;
}
