/* Reading httpd configuration files the way httpd's core does
 * (server/config.c, util.c): lines, quoting, continuation, sections,
 * Include/IncludeOptional, Define/${VAR}, <If*> conditionals, mod_macro. */
#ifndef TVC_PARSER_H
#define TVC_PARSER_H

#include "base/arena.h"
#include "base/diag.h"
#include "parser/tree.h"

typedef struct tvc_define {
    const char *name;
    const char *value; /* NULL: defined for <IfDefine> only */
    struct tvc_define *next;
} tvc_define;

struct tvc_config;

typedef struct tvc_parse_opts {
    const char *server_root;  /* NULL: directory of the config (or ServerRoot) */
    tvc_define *defines;      /* -D NAME[=VALUE] */
    const char *env_file;     /* `export VAR=value` lines, e.g. Debian envvars */
    const char *httpd_version; /* for <IfVersion>; NULL: "2.4.71" */
    unsigned max_include_depth; /* 0: TVC_MAX_INCLUDE_DEPTH */
    /* For check: no comment or blank nodes and no verbatim text (but for
     * TLS directives, whose text locates errors inside arguments), so a
     * 10,000-vhost config costs far less memory. */
    int lean;
    /* Where the tree's nodes and their arguments go (NULL: the run's
     * arena). check frees it once the IR is built: the IR keeps the
     * names, arguments and locations (copied to the run's arena), never
     * a node. */
    tvc_arena *tree_arena;
    /* The module source file ("mod_ssl.c") whose command table has a
     * directive the standard httpd table does not list, or NULL: the
     * TLS modules' tables live in ir/, a layer above, which passes
     * tvc_ir_module_of (ir/modules.h). NULL here: <IfDirective> knows
     * only the standard modules. */
    const char *(*directive_module)(const char *name);
    /* The source file of a module named by its identifier, for
     * <IfModule>; NULL (or the hook NULL): the standard httpd table, else
     * the name of the .so (apxs builds mod_foo.so from mod_foo.c). */
    const char *(*module_file)(const char *ident);
    /* Whether a line's first word is a TLS module's (lean keeps its
     * text); NULL: every line's is kept. */
    int (*tls_name)(const char *text);
    /* Whether the tree's reader reads the words of a directive named so;
     * NULL: every line's are kept. A line it does not read, and the
     * reader does not act on itself (Include, Define, ...), gets argc 0:
     * for a tree only the IR build reads (check, ir, diff), whose
     * tvc_ir_args_read says which. */
    int (*args_read)(const char *name);
    /* A build that reads the tree as it is parsed (check, ir, diff):
     * called, in file order, with each node once it is complete whose
     * ancestors are all walked through (files, active Include and Use
     * lines, conditional sections that held), those themselves excepted.
     * When it returns, a section's memory goes back to tree_arena, so the
     * tree never holds more than one <VirtualHost> (and no blank or
     * comment line outside the units). Only with a tree_arena of its own;
     * NULL: the whole tree is kept. */
    void (*unit)(void *ud, const struct tvc_config *cfg, const tvc_node *n);
    void *unit_ud;
} tvc_parse_opts;

typedef struct tvc_config {
    tvc_node *root;            /* TVC_N_FILE of the main config */
    const char *server_root;   /* absolute */
    const char *main_file;     /* absolute */
    /* Modules seen in LoadModule lines (identifier and source file), plus
     * httpd's built-ins: what <IfModule> was decided from. */
    const char **modules;
    size_t n_modules;
    const char **module_index; /* open-addressing hash of `modules` */
    size_t module_index_cap;
    int saw_loadmodule;        /* 0: a config fragment; do not demand modules */
    tvc_define *defines;       /* final state, for reporting */
    size_t n_files, n_lines;
    size_t n_vhost_sections;   /* active <VirtualHost>s: sizes the IR's array */
    int lean;                  /* parsed with tvc_parse_opts.lean */
    /* The nodes' argv live in tvc_parse_opts.tree_arena, freed before the
     * run's: what the IR keeps of them it copies (ir/build.c). */
    int args_apart;
    tvc_suppression *suppressions; /* inline `# tlsvhostc: disable=` comments */
    const char *(*directive_module)(const char *name); /* tvc_parse_opts' */
    const char *(*module_file)(const char *ident);     /* tvc_parse_opts' */
} tvc_config;

/* Parses `path` and everything it includes. Returns NULL only when the
 * top-level file cannot be read at all (the caller exits with status 2);
 * every other problem is a diagnostic and parsing goes on. */
tvc_config *tvc_parse_file(tvc_arena *a, tvc_diags *d, const char *path,
                           const tvc_parse_opts *opts);

/* Lookup in the final define/variable table of a parsed config. */
const char *tvc_config_define(const tvc_config *c, const char *name);
int tvc_config_has_module(const tvc_config *c, const char *name);

#endif
