/* Named-placeholder templates (curl's tool_writeout idea): the text of
 * what is written lives in share/templates/LAYOUT/NAME.tmpl (one layout,
 * "httpd", for the three modules, whose configs differ only in the
 * directives the C code fills in; "runtime" for C source); `%{name}` is
 * looked up in a sorted variable table. An unknown name is an error at
 * the template's file:line. A placeholder whose value is empty removes
 * its line; a multi-line value repeats the text before the placeholder
 * (the indentation) on every line. Decisions stay in C. */
#ifndef TVC_TEMPLATE_H
#define TVC_TEMPLATE_H

#include "base/diag.h"

typedef struct tvc_tvar {
    const char *name;
    const char *value; /* NULL or "" drops the line */
} tvc_tvar;

typedef struct tvc_tvars {
    tvc_tvar *v;
    size_t n, cap;
} tvc_tvars;

void tvc_tvars_set(tvc_arena *a, tvc_tvars *t, const char *name, const char *value);
/* Appends a line to a (multi-line) variable. */
void tvc_tvars_add_line(tvc_arena *a, tvc_tvars *t, const char *name, const char *line);

/* Renders `dir`/`layout`/`name`.tmpl, each output line prefixed with
 * `indent`. NULL after a diagnostic when the template cannot be read or
 * names an unknown placeholder. */
const char *tvc_template_render(tvc_arena *a, tvc_diags *d, const char *dir,
                                const char *layout, const char *name, const char *indent,
                                const tvc_tvars *vars);

#endif
