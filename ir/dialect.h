/* Dialect tables: one per module, mapping each directive to the IR field it
 * sets, the contexts it may appear in and its arity (nginx's command
 * tables: name, contexts, setter, offsetof(field), value table). Nothing
 * outside these tables knows a directive's spelling. */
#ifndef TVC_DIALECT_H
#define TVC_DIALECT_H

#include <stddef.h>

#include "ir/ir.h"
#include "parser/tree.h" /* the setters read directive nodes */

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

/* What a row's IR field holds, and so how a line is read into it and
 * written back from it. FLAG to LIST are one-to-one: one line of the
 * target writes the field exactly (tvc_dialect_format); the others need
 * C code of their own (certificates, the cipher policy) or write
 * nothing (NONE, RAW, SECRET). */
typedef enum {
    TVC_KIND_NONE,   /* fills no field: refused, or a listener (TLSEngine) */
    TVC_KIND_RAW,    /* checked, then kept as written in tvc_tls.other */
    TVC_KIND_FLAG,   /* int 0/1 from on|off */
    TVC_KIND_ENUM,   /* int from the row's value table */
    TVC_KIND_INT,    /* int >= 0 */
    TVC_KIND_STRING, /* tvc_str as written (several words joined by one space) */
    TVC_KIND_PATH,   /* tvc_str: an absolute path */
    TVC_KIND_LIST,   /* tvc_strs of absolute paths */
    TVC_KIND_CERT,   /* tvc_certs: certificates, keys and their pairing */
    TVC_KIND_POLICY, /* protocols, ciphers, groups: the policy engine's */
    TVC_KIND_SECRET, /* tvc_str used while checking, never written out */
} tvc_kind;

/* One word of an enum (or flag) and the IR value it reads as. The first
 * word of a value is how it is written back; later ones are aliases the
 * module also accepts. Ends with a NULL word. */
typedef struct tvc_value {
    const char *word;
    int value;
} tvc_value;

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
    /* The module's documented default as the argument words (so that
     * "name default_text" is a line the module takes), NULL where none
     * is documented or it is no value one could write. */
    const char *default_text;
    unsigned char how;        /* tvc_cmd_how */
    unsigned char kind;       /* tvc_kind */
    /* The words of an ENUM and their values (NULL: on|off for a FLAG);
     * for another kind, the fixed words its first argument may be
     * besides a free value (SSLSessionCache none), which the setter
     * checks. */
    const tvc_value *values;
};

typedef struct tvc_dialect {
    tvc_engine engine;
    const char *module_file;   /* for <IfModule>: "mod_ssl.c" */
    const char *module_ident;  /* "ssl_module" */
    const char *module_so;     /* "mod_ssl.so", as LoadModule names it */
    const char *prefix;        /* "SSL", "TLS", "GnuTLS"; "": none (core) */
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
    tvc_dialect_modmd, tvc_dialect_core;

/* The one place that knows a module's identity: the parser asks through
 * tvc_parse_opts (ir/modules.h), the emitters through tvc_dialect_of(). */

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

/* ---- reading and writing by the rows (ir/dialect_format.c) ----------
 *
 * An emitter writes the one-to-one fields of a level by looping over the
 * target's rows, never by naming fields:
 *
 *     const tvc_dialect *dl = tvc_dialect_of(TVC_ENGINE_MODTLS);
 *     for (const tvc_cmd *r = NULL; (r = tvc_dialect_next_direct(dl, r));) {
 *         const char *line = tvc_dialect_format(a, r, level, ir);
 *         if (line) ... write it ...
 *     }
 *
 * and reports what the target cannot say by looping over the source's
 * rows the same way: a field the level sets (tvc_dialect_is_set) with
 * no row in the target (tvc_dialect_row == NULL) is a convert-lossy
 * finding whose consequence is tvc_dialect_lacks(). */

/* The words of flags: on (1), off (0). */
extern const tvc_value tvc_flag_values[];

/* FLAG to LIST: one line writes the field back exactly. */
int tvc_kind_is_direct(tvc_kind k);
/* "flag", "enum", ...: for messages and tests. */
const char *tvc_kind_name(tvc_kind k);

/* A word of a row's value table as its value (case-insensitive, as the
 * modules compare): 0 and *v set, or -1 when the row has no such word. */
int tvc_dialect_value(const tvc_cmd *row, const char *word, int *v);
/* on (1), off (0) or -1: a flag's word, for the rows whose field is
 * no flag of its own (SSLHonorCipherOrder, SSLOCSPNoverify). */
int tvc_dialect_flag(const char *word);
/* The word that writes value v (the first one in the table), NULL when
 * the row has none. */
const char *tvc_dialect_word(const tvc_cmd *row, int v);
/* The row's words as "on, off or optional", for error messages. */
const char *tvc_dialect_words(tvc_arena *a, const tvc_cmd *row);

/* The dialect of a TLS module; NULL for TVC_ENGINE_NONE. */
const tvc_dialect *tvc_dialect_of(tvc_engine engine);
/* The first one-to-one row of `dl` for the field (of tvc_tls, or of
 * tvc_proxy_tls when `proxy`); NULL when the module has none. */
const tvc_cmd *tvc_dialect_row(const tvc_dialect *dl, size_t offset, int proxy);
/* The one-to-one rows of `dl` in table order, one per field (an alias
 * such as GnuTLSX509CAFile is left out for GnuTLSClientCAFile): the
 * row after `prev` (NULL: the first), NULL after the last. */
const tvc_cmd *tvc_dialect_next_direct(const tvc_dialect *dl, const tvc_cmd *prev);

/* Whether `tls` (one level's settings; a proxy row reads tls->proxy)
 * sets the row's field. */
int tvc_dialect_is_set(const tvc_cmd *row, const tvc_tls *tls);
/* The line that sets the row's field as `tls` has it: "SSLSessionTickets
 * off", "GnuTLSClientVerify require", a path as the config wrote it when
 * `ir` is given (else absolute), quoted as httpd's parser reads it.
 * NULL when the field is unset, the row is not one-to-one, or the row
 * has no word for the value (SSLEngine optional for GnuTLSEnable). */
const char *tvc_dialect_format(tvc_arena *a, const tvc_cmd *row, const tvc_tls *tls,
                               const tvc_ir *ir);
/* The same by field: the line of the target `engine` for the field,
 * NULL also when the target has no row for it. */
const char *tvc_dialect_format_field(tvc_arena *a, tvc_engine engine, size_t offset,
                                     int proxy, const tvc_tls *tls, const tvc_ir *ir);
/* What a client sees when the field is left out because `engine` has
 * no row for it ("clients are no longer asked for a certificate"); NULL
 * when the target has a row, or writes the field its own way (SSLEngine
 * becomes TLSEngine on the listener). */
const char *tvc_dialect_lacks(tvc_engine engine, size_t offset, int proxy);

/* A word as httpd's config parser reads it back: quoted when it holds
 * a blank, a quote or '#'. */
const char *tvc_dialect_quote(tvc_arena *a, const char *s);

/* What leaving a field out means, by field (one text for every source
 * dialect): every one-to-one field has an entry, a test checks it. */
typedef struct tvc_field_note {
    size_t offset;
    int proxy;
    const char *lacks; /* NULL: the emitters write it their own way */
} tvc_field_note;
const tvc_field_note *tvc_dialect_field_notes(size_t *n);

/* The dialect of a TLS module named by its identifier ("ssl_module");
 * NULL for another module (mod_md's too: it serves no TLS itself). */
const tvc_dialect *tvc_dialect_by_ident(const char *ident);

/* The dialect whose prefix ("SSL", "GnuTLS", "TLS", "MD") `name` starts
 * with, case-insensitively; NULL for none. For names no table has (a
 * typo of a TLS directive is still a TLS module's business). */
const tvc_dialect *tvc_dialect_by_prefix(const char *name);

/* The closest known directive name (edit distance), for "did you mean". */
const char *tvc_dialect_suggest(const char *name);

#endif
