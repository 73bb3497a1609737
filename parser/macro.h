/* mod_macro: <Macro name $a $b> bodies recorded as lines, expanded on
 * `Use name x y` by textual substitution of the parameter names (longest
 * name first), each expanded line keeping its line number in the body. */
#ifndef TVC_MACRO_H
#define TVC_MACRO_H

#include <stddef.h>

#include "base/arena.h"

typedef struct tvc_macro_line {
    const char *text;
    unsigned line;
} tvc_macro_line;

typedef struct tvc_macro {
    const char *name;
    const char *file;
    unsigned line;
    int nparams;
    const char **params;
    tvc_macro_line *lines;
    size_t n, cap;
    int in_use;
    struct tvc_macro *next;
} tvc_macro;

typedef struct tvc_macros {
    tvc_macro *head;
} tvc_macros;

void tvc_macros_init(tvc_macros *m);
void tvc_macros_free(tvc_macros *m);
tvc_macro *tvc_macro_define(tvc_macros *m, tvc_arena *a, int argc,
                            const char **argv, const char *file, unsigned line,
                            const char **err);
void tvc_macro_add_line(tvc_macro *m, tvc_arena *a, const char *text, unsigned line);
int tvc_macro_undef(tvc_macros *m, const char *name);
/* Substitutes the arguments into a copy of the body; fails (with *err)
 * rather than produce more than `budget` bytes (then *used is (size_t)-1
 * and *err NULL);
 * otherwise *used is the bytes it made. */
tvc_macro *tvc_macro_expand(tvc_macros *m, tvc_arena *a, const char *name,
                            int argc, const char **argv, size_t budget,
                            size_t *used, tvc_macro_line **out,
                            size_t *n_out, const char **err);

#endif
