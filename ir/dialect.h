/* Dialect tables: one per module, mapping each directive to the IR field it
 * sets, the contexts it may appear in and its arity (nginx's command
 * tables: name, contexts, setter, offsetof(field), value table). Nothing
 * outside these tables knows a directive's spelling. */
#ifndef TVC_DIALECT_H
#define TVC_DIALECT_H

#include <stddef.h>

#include "ir/ir.h"

enum {
    TVC_CTX_SERVER = 1u << 0,
    TVC_CTX_VHOST = 1u << 1,
    TVC_CTX_DIR = 1u << 2,     /* <Directory>, <Location>, <Files>, <If> */
    TVC_CTX_HTACCESS = 1u << 3,
    TVC_CTX_PROXY = 1u << 4,   /* <Proxy>, <ProxyMatch> */
};

#define TVC_ARGS_MANY 255

/* How httpd hands the words to the module (cmd_how in http_config.h);
 * server/config.c invoke_cmd checks the count per kind before the
 * module sees them: a TAKEn kind refuses extra or empty words, a FLAG
 * reads its first word and ignores the rest, RAW_ARGS and TAKE_ARGV
 * leave the count to the module (min_args/max_args then say what the
 * module's handler accepts). */
typedef enum {
    TVC_HOW_RAW_ARGS,
    TVC_HOW_TAKE1,
    TVC_HOW_TAKE2,
    TVC_HOW_TAKE12,
    TVC_HOW_TAKE23,
    TVC_HOW_TAKE_ARGV,
    TVC_HOW_NO_ARGS,
    TVC_HOW_FLAG,
} tvc_cmd_how;

typedef struct tvc_set_ctx tvc_set_ctx;
typedef struct tvc_cmd tvc_cmd;

/* Returns NULL or an error message; the caller attaches the location
 * (httpd's "Syntax error on line N" idea). */
typedef const char *(*tvc_setter)(tvc_set_ctx *c, const tvc_node *n,
                                  const tvc_cmd *cmd, void *field);

struct tvc_cmd {
    const char *name;
    unsigned contexts;
    unsigned char min_args, max_args;
    tvc_setter set;
    size_t offset;  /* of the field in tvc_tls (or tvc_proxy_tls) */
    int proxy;      /* offset is into tvc_tls.proxy */
    const char *default_text; /* the module's documented default */
    unsigned char how;        /* tvc_cmd_how */
};

typedef struct tvc_dialect {
    tvc_engine engine;
    const char *module_file;   /* for <IfModule>: "mod_ssl.c" */
    const char *module_ident;  /* "ssl_module" */
    const char *prefix;        /* "SSL", "TLS", "GnuTLS" */
    const tvc_cmd *cmds;       /* sorted by strcasecmp(name) */
    size_t n;
} tvc_dialect;

struct tvc_set_ctx {
    tvc_arena *a;
    tvc_diags *d;
    tvc_ir *ir;
    tvc_tls *tls;       /* the server's or the vhost's own settings */
    unsigned context;   /* TVC_CTX_* where the directive stands */
    tvc_engine engine;  /* of the table the directive came from */
    const char *server_root;
    const struct tvc_config *cfg; /* which modules are loaded */
};

extern const tvc_dialect tvc_dialect_modssl, tvc_dialect_gnutls, tvc_dialect_modtls,
    tvc_dialect_modmd;

/* All dialects, for lookups by name. */
const tvc_dialect *const *tvc_dialects(size_t *n);
const tvc_cmd *tvc_dialect_find(const char *name, const tvc_dialect **which);
/* One lookup for any directive name: its dialect entry and/or its
 * standard httpd module. Returns 0 when the name is unknown to both. */
struct tvc_httpd_directive;
int tvc_directive_lookup(const char *name, const tvc_cmd **cmd, const tvc_dialect **dl,
                         const struct tvc_httpd_directive **hd);
/* The spelling of the directive of `engine` that sets the IR field at
 * `offset` (of tvc_tls, or of tvc_proxy_tls when `proxy`): what is
 * written comes from the row that reads it. Where several rows set one
 * field (a certificate and its key, a cipher list and its order), `set`
 * picks the row by its setter; NULL takes the first in table order. NULL
 * when no row of that module sets the field. */
const char *tvc_dialect_name(tvc_engine engine, size_t offset, int proxy, tvc_setter set);
/* The same by field name, for the writers. */
#define TVC_DIRECTIVE(engine, field) tvc_dialect_name(engine, offsetof(tvc_tls, field), 0, NULL)
#define TVC_PROXY_DIRECTIVE(engine, field) \
    tvc_dialect_name(engine, offsetof(tvc_proxy_tls, field), 1, NULL)

/* The closest known directive name (edit distance), for "did you mean". */
const char *tvc_dialect_suggest(const char *name);

#endif
