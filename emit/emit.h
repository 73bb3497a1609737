/* Emitters: the parse tree written again with every TLS directive
 * replaced by the target module's, everything else verbatim (comments,
 * blank lines, include structure). One file per target fills the
 * template variables from the IR; the text lives in share/templates/. */
#ifndef TVC_EMIT_H
#define TVC_EMIT_H

#include "base/diag.h"
#include "ir/ir.h"
#include "emit/template.h"
#include "parser/parser.h"
#include "policy/translate.h"

typedef struct tvc_emit tvc_emit;

typedef struct tvc_emitter {
    tvc_engine engine;         /* the module's identity is its dialect's */
    const char *name;          /* "mod_ssl": the template directory too */
    void (*server)(tvc_emit *e, tvc_tvars *v);
    void (*vhost)(tvc_emit *e, const tvc_vhost *vh, tvc_tvars *v);
} tvc_emitter;

struct tvc_emit {
    tvc_arena *a;
    tvc_diags *d;
    const tvc_ir *ir;
    const tvc_config *cfg;
    const tvc_emitter *t;
    const char *templates;
    size_t n_lossy;
    int need_md;               /* mod_tls stapling goes through mod_md */
    /* Included files outside the tree that cannot be given a converted
     * copy of their own (a wildcard Include): nothing may be written. */
    size_t n_blocked;
};

/* One output file: `path` is the source file it replaces. A file outside
 * the tree (tvc_emit_tree_root) is not replaced: when its text changes,
 * the new text is `deploy`, a file beside it named for the target
 * (certbot's options-ssl-apache.conf -> options-ssl-apache.mod_tls.conf),
 * and the Include at `moved_at` now names that file; the original stays
 * for whatever else uses it (certbot updates it, other configs include
 * it) and for going back. An outside file whose text does not change is
 * `outside` with `deploy` NULL: nothing to write. */
typedef struct tvc_out_file {
    const char *path;
    const char *deploy;        /* where the text goes on the server */
    char *text;
    size_t len, cap;
    int outside;
    const tvc_loc *moved_at;   /* the (first) Include now naming `deploy` */
    const char *dst;           /* where it is written (cmd_convert's plan) */
    struct tvc_out_file *next;
} tvc_out_file;

/* The directory that `convert -o DIR` replaces: ServerRoot when the main
 * config is inside it, else the main config's directory. */
const char *tvc_emit_tree_root(tvc_arena *a, const tvc_config *cfg);
/* `path` relative to the tree root; NULL when it is outside the tree. */
const char *tvc_emit_tree_rel(const char *root, const char *path);
/* Is `len` bytes of `text` what the file `path` holds now? */
int tvc_emit_same_as_file(const char *path, const char *text, size_t len);

extern const tvc_emitter tvc_emit_modssl, tvc_emit_gnutls, tvc_emit_modtls;
const tvc_emitter *tvc_emitter_find(const char *name);

/* Writes the converted tree. Returns the first output file (the main
 * config), NULL when a template failed. */
tvc_out_file *tvc_emit_tree(tvc_emit *e);
/* The same from an IR read from JSON (no tree): one flat config at `path`. */
tvc_out_file *tvc_emit_from_ir(tvc_emit *e, const char *path);

/* A setting the target cannot express: convert-lossy at `loc`. */
void tvc_emit_lossy(tvc_emit *e, const tvc_loc *loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Shared by the target files. */
const char *tvc_emit_quote(tvc_arena *a, const char *s);
/* Fills "protocol", "ciphers" and "order" for `t` unless they are all
 * inherited from `parent` (NULL at server level): the original lines when
 * the target reads the same language, else a measured translation whose
 * differences are convert-lossy findings. */
void tvc_emit_policy(tvc_emit *e, const tvc_tls *t, const tvc_tls *parent, tvc_tvars *v);
/* The two halves of tvc_emit_policy, for a target that adds to the
 * translation (mod_gnutls's groups go into its priority string): the
 * translation with its findings reported, 1 when `tr` holds settings to
 * write (0: nothing to write, or the lines as written went into `v`). */
int tvc_emit_policy_translate(tvc_emit *e, const tvc_tls *t, const tvc_tls *parent,
                              tvc_tvars *v, tvc_translation *tr);
void tvc_emit_policy_write(tvc_emit *e, const tvc_translation *tr, tvc_tvars *v);
/* A translated setting as the target's directive line, `proxy` for the
 * backend side; NULL where the target has no such directive (no order on
 * the backend side). `var` receives the template slot it goes in. */
const char *tvc_emit_setting(tvc_arena *a, tvc_engine target, const tvc_setting *s, int proxy,
                             const char **var);

#endif
