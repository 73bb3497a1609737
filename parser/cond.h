/* The conditional sections httpd decides while reading: <IfDefine>,
 * <IfModule>, <IfFile>, <IfDirective>, <IfSection>, <IfVersion>. */
#ifndef TVC_COND_H
#define TVC_COND_H

#include "base/arena.h"
#include "base/diag.h"
#include "parser/env.h"
#include "parser/parser.h"

typedef struct tvc_cond_ctx {
    tvc_arena *a;
    tvc_diags *d;
    tvc_config *cfg;
    tvc_env *env;
    const char *httpd_version;
} tvc_cond_ctx;

/* 1 or 0 for a conditional section, -1 for any other section. */
int tvc_cond_eval(tvc_cond_ctx *c, const tvc_node *sec);

/* The source file name httpd gives a module loaded as `ident` from `path`
 * (module->name is its __FILE__), or NULL. */
const char *tvc_cond_module_file(tvc_arena *a, const tvc_config *cfg, const char *ident,
                                  const char *path);

/* Is `name` a directive (or section, without '<') that the loaded modules
 * provide? */
int tvc_cond_directive_known(const tvc_config *cfg, const char *name, int section);

#endif
