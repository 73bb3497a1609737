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

#define TVC_WORDS_INLINE 16

/* isspace() of the C locale, httpd's apr_isspace(), as a table: the
 * reader tests every byte of a config. */
extern const unsigned char tvc_blank[256];
#define TVC_IS_BLANK(c) (tvc_blank[(unsigned char)(c)] != 0)

typedef struct tvc_words {
    /* One arena allocation: the n pointers, n columns for the caller
     * (`cols`, zeroed; a tree node's, TVC_NODE_ARG_COLS), then the words
     * the pointers point to; a config line costs one allocation, not one
     * per word. */
    const char **v;
    unsigned *cols;
    size_t n;
    size_t *off; /* byte offset of each word's first character */
    size_t off_inline[TVC_WORDS_INLINE]; /* `off` up to that many words */
} tvc_words;

void tvc_words_split(tvc_arena *a, const char *s, size_t len, tvc_words *w);
/* Frees the offsets when they did not fit inline (the words stay in the
 * arena). */
void tvc_words_free(tvc_words *w);

#endif
