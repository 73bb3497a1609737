/* Argument splitting as httpd's ap_getword_conf: words separated by
 * blanks; a word that starts with " or ' runs to the matching quote, where
 * a backslash before the quote character escapes it. */
#ifndef TVC_WORDS_H
#define TVC_WORDS_H

#include <stddef.h>

#include "ir/arena.h"

typedef struct tvc_words {
    const char **v;
    size_t *off;            /* byte offset of each word's first character (heap) */
    size_t n;
    size_t unterminated_at; /* offset+1 of an unclosed quote, 0 if none */
} tvc_words;

void tvc_words_split(tvc_arena *a, const char *s, size_t len, tvc_words *w);
/* Frees the offsets (the words stay in the arena). */
void tvc_words_free(tvc_words *w);

#endif
