/* Argument splitting as httpd's ap_getword_conf (server/util.c): words
 * separated by blanks; a word that starts with " or ' runs to the matching
 * quote, or to the end of the line when there is none (httpd takes the
 * rest of the line, no error). Inside quotes a backslash escapes the quote
 * character and a backslash; in an unquoted word only a backslash
 * (substring_conf). */
#ifndef TVC_WORDS_H
#define TVC_WORDS_H

#include <stddef.h>

#include "base/arena.h"

typedef struct tvc_words {
    const char **v;
    size_t *off;            /* byte offset of each word's first character (heap) */
    size_t n;
} tvc_words;

void tvc_words_split(tvc_arena *a, const char *s, size_t len, tvc_words *w);
/* Frees the offsets (the words stay in the arena). */
void tvc_words_free(tvc_words *w);

#endif
