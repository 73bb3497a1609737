/* The one model of a TLS setup, whichever module's spelling it came from.
 * Every field starts "unset" (NULL, TVC_UNSET or 0 for counts) and is
 * filled by a dialect table; a vhost's effective policy is the server
 * config's merged under its own (tvc_tls_merge), the rule all three modules
 * document for their per-server settings, and each level keeps what it
 * wrote itself, with where (tvc_tls.own). Lives in the run's arena. */
#ifndef TVC_IR_H
#define TVC_IR_H

#include <stddef.h>

#include "base/arena.h"
#include "base/diag.h"

struct tvc_node; /* the parse tree's; only emit.c's verbatim copy reads it */

#define TVC_IR_VERSION 1
#define TVC_UNSET (-1)

typedef enum {
    TVC_ENGINE_NONE = 0,
    TVC_ENGINE_MODSSL,
    TVC_ENGINE_GNUTLS,
    TVC_ENGINE_MODTLS
} tvc_engine;

const char *tvc_engine_name(tvc_engine e); /* "mod_ssl", ... ; NULL for none */
tvc_engine tvc_engine_parse(const char *s);

/* Protocol versions as TLS wire codes: 0x0300 SSLv3 ... 0x0304 TLSv1.3. */
enum { TVC_SSL3 = 0x0300, TVC_TLS10, TVC_TLS11, TVC_TLS12, TVC_TLS13 };
const char *tvc_proto_name(int v); /* "TLSv1.2"; NULL for unset */
int tvc_proto_parse(const char *s); /* 0 when unknown */

/* A setting as written, with where it was written. */
typedef struct tvc_str {
    const char *v; /* NULL: unset */
    tvc_loc loc;
} tvc_str;

typedef struct tvc_strs {
    const char **v;
    tvc_loc *loc;
    size_t n, cap;
} tvc_strs;

typedef struct tvc_cert {
    const char *cert;  /* absolute path (or a PKCS#11 URI as written) */
    const char *key;   /* NULL: the key is in the cert file */
    tvc_strs chain;    /* extra chain files (SSLCertificateChainFile) */
    tvc_loc cert_loc, key_loc;
    /* The DER OCSP response file stapled with this certificate; NULL:
     * none of its own. No directive sets one per certificate (mod_gnutls's
     * GnuTLSOCSPResponseFile list is the vhost's: tvc_tls_cert_response);
     * the IR JSON does, for a vhost with an RSA and an ECDSA certificate
     * served by the runtime. */
    const char *ocsp_response;
} tvc_cert;

typedef struct tvc_certs {
    tvc_cert *v;
    size_t n, cap;
} tvc_certs;

/* Cipher settings as written; the policy engine expands them. */
typedef struct tvc_ciphers {
    tvc_str spec;        /* SSLCipherSuite / GnuTLSPriorities */
    tvc_str spec_tls13;  /* SSLCipherSuite TLSv1.3 ... */
    tvc_str prefer;      /* TLSCiphersPrefer */
    tvc_str suppress;    /* TLSCiphersSuppress */
    int server_preference; /* SSLHonorCipherOrder, !TLSHonorClientOrder */
    tvc_loc preference_loc;
    /* Expanded lists (IANA names), filled by the policy engine; NULL unset */
    const char **tls12;
    size_t n_tls12;
    const char **tls13;
    size_t n_tls13;
} tvc_ciphers;

typedef struct tvc_protocols {
    int min, max;    /* TVC_UNSET or a wire code; max unset = newest */
    tvc_str text;    /* as written */
    int eff_min, eff_max; /* what the engine really allows (policy engine);
                             0 = not computed or nothing */
} tvc_protocols;

typedef enum {
    TVC_VERIFY_NONE = 0,
    TVC_VERIFY_OPTIONAL,
    TVC_VERIFY_REQUIRE,
    TVC_VERIFY_OPTIONAL_NO_CA
} tvc_verify_mode;

typedef struct tvc_client_verify {
    int mode; /* TVC_UNSET or tvc_verify_mode */
    tvc_loc mode_loc;
    tvc_str ca_file, ca_path, crl_file, crl_path, crl_check;
    int depth; /* TVC_UNSET or a number */
} tvc_client_verify;

typedef struct tvc_stapling {
    int enabled; /* TVC_UNSET, 0, 1 */
    tvc_loc enabled_loc;
    tvc_strs response_files;
    tvc_str cache;           /* SSLStaplingCache / GnuTLSOCSPCache (server) */
    tvc_str force_url;
    int return_errors;       /* SSLStaplingReturnResponderErrors */
    int md_stapling;         /* mod_md: MDStapling (mod_tls staples this way) */
    int md_staple_others;    /* mod_md: MDStapleOthers */
} tvc_stapling;

typedef struct tvc_proxy_tls {
    int enabled; /* SSLProxyEngine / TLSProxyEngine / GnuTLSProxyEngine */
    tvc_loc enabled_loc;
    tvc_protocols protocols;
    tvc_ciphers ciphers;
    tvc_str ca_file, ca_path, crl_file;
    int verify;       /* TVC_UNSET or tvc_verify_mode */
    int verify_depth;
    int check_peer_name, check_peer_cn, check_peer_expire;
    tvc_certs machine_certs;
} tvc_proxy_tls;

/* Where a kept directive belongs. A vhost's list is its effective one: the
 * server's lines first (merged in), then its own, among them the lines of
 * its per-directory and <Proxy> sections, which are not settings of the
 * vhost itself (emit.c writes or reports those with their section). */
enum {
    TVC_RAW_OWN = 0,    /* written at this level */
    TVC_RAW_INHERITED,  /* merged in from the server config */
    TVC_RAW_SECTION,    /* in a per-directory or <Proxy> section */
};

/* A directive the model keeps as written (SSLOpenSSLConfCmd, SSLOptions,
 * anything module-specific without a common meaning). */
typedef struct tvc_raw {
    const char *name;
    int argc;
    unsigned char level; /* TVC_RAW_* */
    const char **argv;
    tvc_loc loc;
} tvc_raw;

typedef struct tvc_raws {
    tvc_raw *v;
    size_t n, cap;
} tvc_raws;

/* A directive that set a field at one level: the row's field (an offset
 * into tvc_tls, or into tvc_proxy_tls when `proxy`), the module of its
 * table, where it stands. Several rows may set one field (a certificate
 * and its key) and one row several fields of a struct (SSLCipherSuite,
 * SSLHonorCipherOrder: `ciphers`): the offset is the row's. */
typedef struct tvc_written {
    unsigned short offset;
    unsigned char proxy;
    unsigned char engine; /* tvc_engine */
    tvc_loc loc;
} tvc_written;

/* What one level wrote itself (mod_ssl's `add` beside the merged view):
 * the server config's, or a vhost's outside its per-directory and <Proxy>
 * sections. A few entries a vhost, in the order written. */
typedef struct tvc_level {
    tvc_written *v;
    unsigned n, cap;
    unsigned certs_inherited; /* the first certs come from the server */
} tvc_level;

typedef struct tvc_tls {
    tvc_engine engine;  /* the module whose directives enabled TLS */
    int enabled;        /* TVC_UNSET, 0, 1; 2 = SSLEngine optional */
    tvc_loc enabled_loc;
    tvc_protocols protocols;
    tvc_ciphers ciphers;
    tvc_strs groups;    /* SSLOpenSSLConfCmd Curves/Groups, GROUP-* */
    tvc_certs certs;
    tvc_str chain_file;     /* SSLCertificateChainFile: added to every cert */
    tvc_client_verify client;
    tvc_stapling stapling;
    tvc_str session_cache;  /* server-level in all modules */
    int session_timeout;
    int session_tickets;    /* TVC_UNSET, 0, 1 */
    int strict_sni;         /* TVC_UNSET, 0, 1 */
    tvc_loc strict_sni_loc;
    int compression, insecure_reneg;
    tvc_str dh_file;
    tvc_str alpn;           /* core Protocols: ALPN ids, server order, one space apart */
    tvc_str pin;            /* GnuTLSPIN: used to read keys; never printed */
    tvc_proxy_tls *proxy;   /* NULL: no proxy TLS setting anywhere */
    tvc_raws other;         /* SSLOpenSSLConfCmd, SSLOptions, ... */
    tvc_engine engines_seen; /* bitmask 1<<engine of modules that set fields */
    tvc_level own;          /* written at this level (ir/level.h) */
} tvc_tls;

typedef struct tvc_addr {
    const char *addr; /* "*", "_default_", "192.0.2.1", "[2001:db8::1]" */
    int port;         /* 0: any ("*" or none given) */
} tvc_addr;

typedef struct tvc_vhost {
    tvc_addr *addrs;
    size_t n_addrs;
    const char *server_name; /* NULL: inherits the main server's */
    tvc_strs aliases;
    tvc_loc loc;
    tvc_loc name_loc;
    /* The <VirtualHost> section, for emit.c's verbatim copy of the
     * non-TLS text only; NULL from JSON and after `check` drops the tree. */
    const struct tvc_node *node;
    tvc_tls *tls;            /* effective (merged) policy and, in tls->own,
                                what the vhost wrote; NULL: no TLS */
    /* non-TLS directives directly inside the vhost, verbatim */
    const char **other;
    size_t n_other, other_cap;
} tvc_vhost;

typedef struct tvc_listener {
    tvc_addr addr;
    const char *protocol;  /* Listen's optional protocol argument */
    tvc_engine engine;     /* who serves TLS here; NONE: plain */
    int strict_sni;        /* effective for this port */
    int tls_engine_decl;   /* declared by TLSEngine (mod_tls) */
    tvc_loc loc;
} tvc_listener;

/* A managed domain of mod_md (MDomain, <MDomain>, <MDomainSet>): its
 * names, "auto"/"manual" left out (mod_md_config.c: set_transitive). */
typedef struct tvc_md_domain {
    tvc_strs names;
    tvc_loc loc;
} tvc_md_domain;

typedef struct tvc_ir {
    const char *main_file;
    const char *server_root;
    const char *server_name; /* main server */
    tvc_tls server;          /* server-config TLS settings */
    tvc_listener *listeners;
    size_t n_listeners, listeners_cap;
    tvc_vhost *vhosts;
    size_t n_vhosts, vhosts_cap;
    tvc_strs tls_engine_ports; /* TLSEngine arguments as written */
    const char **modules;      /* loaded modules (from the parse) */
    size_t n_modules;
    const char **other;        /* non-TLS server-level directives, verbatim */
    size_t n_other, other_cap;
    /* Read for the checks only (not in the IR JSON): */
    const char *run_group;     /* Group (mod_unixd), as expanded; NULL: none */
    tvc_loc run_group_loc;
    tvc_md_domain *md_domains; /* as read, inactive <IfModule> left out */
    size_t n_md_domains, md_domains_cap;
    int md_match_servernames;  /* MDMatchNames servernames */
    /* The paths written relative to ServerRoot: the absolute strings the
     * setters made of them, by address (a hash), with where the written
     * form starts. An emitter writes a path as the user wrote it, so the
     * output resolves against the same ServerRoot as the input. */
    struct tvc_written_path {
        const char *abs;
        size_t off;
    } *written;
    size_t n_written, written_cap;
} tvc_ir;

/* "443" -> 443; -1 unless 0..65535. */
int tvc_port_parse(const char *s, int *port);
/* A VirtualHost/Listen address: "*:443", "_default_:443",
 * "[2001:db8::1]:443", "192.0.2.1", "*" (port 0: none or "*"). */
int tvc_addr_parse(tvc_arena *a, const char *s, tvc_addr *out);
/* Does some vhost listen on this port (or on every port)? Where none
 * does, the main server answers. */
int tvc_ir_port_has_vhosts(const tvc_ir *ir, int port);

/* Records that `abs` (a string of its own) was written as abs + off. */
void tvc_ir_path_written(tvc_arena *a, tvc_ir *ir, const char *abs, size_t off);
/* A path of the IR as the config wrote it: relative where it was
 * written relative, else the absolute path itself. */
const char *tvc_ir_path_as_written(const tvc_ir *ir, const char *abs);

void tvc_tls_init(tvc_tls *t);
void tvc_proxy_init(tvc_proxy_tls *p);
/* The module whose language `t` was written in (the server config has no
 * SSLEngine of its own, usually: the first module whose directives set
 * something). */
tvc_engine tvc_tls_source(const tvc_tls *t);
/* The OCSP response file stapled with certificate K of T: its own, else
 * for the first certificate the first of GnuTLSOCSPResponseFile's list
 * (mod_gnutls reads that one for the server certificate); NULL: none. */
const char *tvc_tls_cert_response(const tvc_tls *t, size_t k);
/* Some certificate of T has a response file (tvc_tls_cert_response). */
int tvc_tls_has_responses(const tvc_tls *t);
/* child := the effective view of parent (the server config) merged under
 * child (a vhost's own settings; child wins where set), by each module's
 * merge rule (ir/merge.c). child->own, what the vhost wrote, is kept;
 * inherited list items are marked (tvc_raw.level, own.certs_inherited). */
void tvc_tls_merge(tvc_arena *a, const tvc_tls *parent, tvc_tls *child);

/* ---- what each level wrote itself (ir/level.c) ----
 * The build records every directive it applies at the server or a vhost
 * level (not in per-directory or <Proxy> sections) with its dialect row's
 * field and its location; an IR read from JSON has no lines, so there a
 * field counts as written where it differs from the server's value
 * (tvc_tls_own_by_difference). The writers ask these, never the tree. */
void tvc_tls_write(tvc_arena *a, tvc_tls *level, size_t offset, int proxy, tvc_engine engine,
                   const tvc_loc *loc);
/* Where the last directive of a row setting the field at `offset` (of
 * tvc_tls, or of tvc_proxy_tls when `proxy`) stands at this level; NULL
 * when none does (inherited or unset). _in: only rows of one module. */
const tvc_loc *tvc_tls_written(const tvc_tls *level, size_t offset, int proxy);
const tvc_loc *tvc_tls_written_in(const tvc_tls *level, tvc_engine engine, size_t offset,
                                  int proxy);
#define TVC_WRITTEN(level, field) tvc_tls_written(level, offsetof(tvc_tls, field), 0)
#define TVC_PROXY_WRITTEN(level, field) \
    tvc_tls_written(level, offsetof(tvc_proxy_tls, field), 1)
/* A setting of this level's own: set, written here (by the row at
 * `offset`) and, where `parent` is given, not the value of the level above
 * (a vhost that repeats the server's line adds nothing). */
int tvc_tls_own_str(const tvc_tls *level, const tvc_str *s, const tvc_str *parent, size_t offset,
                    int proxy);
const tvc_loc *tvc_tls_own_int(const tvc_tls *level, int val, const int *parent, size_t offset,
                               int proxy);
/* The same by field name, for a field a dialect row sets itself (its
 * offset is the row's; not protocols.text, which SSLProtocol sets as
 * `protocols`): in level `t`, or in its proxy settings `px`. The _INT
 * forms compare with no parent: where the line is, even one that repeats
 * the server's value. */
#define TVC_OWN_STR(t, parent, field) \
    tvc_tls_own_str(t, &(t)->field, (parent) ? &(parent)->field : NULL, \
                    offsetof(tvc_tls, field), 0)
#define TVC_OWN_PROXY_STR(t, px, pp, field) \
    tvc_tls_own_str(t, &(px)->field, (pp) ? &(pp)->field : NULL, \
                    offsetof(tvc_proxy_tls, field), 1)
#define TVC_OWN_INT(t, field) \
    tvc_tls_own_int(t, (t)->field, NULL, offsetof(tvc_tls, field), 0)
#define TVC_OWN_PROXY_INT(t, px, field) \
    tvc_tls_own_int(t, (px)->field, NULL, offsetof(tvc_proxy_tls, field), 1)
/* For an IR without lines (JSON): every field of `level` that is set and
 * differs from `server`'s (NULL: `level` is the server config: every set
 * field) counts as written, at `at`; the server's lines at the head of a
 * vhost's `other` and certificates are marked inherited. */
void tvc_tls_own_by_difference(tvc_arena *a, tvc_tls *level, const tvc_tls *server,
                               const tvc_loc *at);

void tvc_strs_push(tvc_arena *a, tvc_strs *s, const char *v, const tvc_loc *loc);
tvc_cert *tvc_certs_push(tvc_arena *a, tvc_certs *c);
tvc_raw *tvc_raws_push(tvc_arena *a, tvc_raws *r, const char *name, int argc,
                       const char **argv, const tvc_loc *loc);

#endif
