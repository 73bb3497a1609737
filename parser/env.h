/* Variables for ${VAR}: Define first, then the environment, as httpd's
 * ap_resolve_env does. `--env-file` lines stand in for the environment
 * apachectl would have set up (Debian's /etc/apache2/envvars). */
#ifndef TVC_ENV_H
#define TVC_ENV_H

#include <stddef.h>

#include "base/arena.h"
#include "parser/parser.h"

typedef struct tvc_env {
    tvc_arena *a;
    tvc_define *defines; /* Define / -D; newest first */
    tvc_define *file;    /* exported by --env-file */
    tvc_define *shell;   /* unexported shell variables of that file */
} tvc_env;

typedef struct tvc_env_missing {
    size_t n;
    size_t off[16];
    const char *name[16];
    int too_long; /* cut at TVC_MAX_EXPANDED_LINE */
} tvc_env_missing;

void tvc_env_init(tvc_env *e, tvc_arena *a);
void tvc_env_define(tvc_env *e, const char *name, const char *value);
void tvc_env_undefine(tvc_env *e, const char *name);
int tvc_env_is_defined(const tvc_env *e, const char *name);
const char *tvc_env_lookup(const tvc_env *e, const char *name);
/* Expands ${VAR}; unknown variables stay as written and are reported. */
char *tvc_env_expand(const tvc_env *e, tvc_arena *a, const char *s, size_t len,
                     tvc_env_missing *miss);
int tvc_env_load_file(tvc_env *e, const char *path, const char **err);
tvc_define *tvc_env_defines(const tvc_env *e);

#endif
