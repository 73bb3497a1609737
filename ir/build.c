#include "config.h"

#include "ir/build.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/limits.h"
#include "ir/build_names.h"
#include "ir/dialect.h"
#include "parser/cond.h"
#include "parser/httpd_directives.h"

/* What the setters read of cfg, as it was at the first TLS line, to tell
 * whether a later line changed it (tvc_ir_walk_stale). Shared by a walk
 * and the copies it makes for vhosts and sections, where the TLS lines
 * are. */
typedef struct cfg_seen {
    int tls;
    int saw_loadmodule;
    size_t n_modules;
    const char *server_root;
} cfg_seen;

typedef struct tvc_ir_walk {
    tvc_arena *a;
    tvc_diags *d;
    const tvc_config *cfg;
    tvc_ir *ir;
    tvc_vhost *vh;     /* current vhost, NULL at server level */
    tvc_tls *tls;      /* settings of the current server or vhost */
    unsigned context;  /* TVC_CTX_* */
    int verbatim;      /* inside a section whose whole text is kept in `other` */
    tvc_names *names;  /* what each name is, looked up once */
    /* Walking each unit as it is parsed (tvc_ir_walk_begin): the tree is
     * gone after each, and cfg is still being filled in. */
    int stream;
    cfg_seen *seen;
} walk;

static void walk_children(walk *w, const tvc_node *parent);

static const char *ctx_name(unsigned ctx)
{
    switch (ctx) {
    case TVC_CTX_SERVER: return "the server config";
    case TVC_CTX_VHOST: return "<VirtualHost>";
    case TVC_CTX_DIR: return "a directory section (<Directory>, <Location>, <Files>, <If>)";
    case TVC_CTX_PROXY: return "<Proxy>";
    default: return "this context";
    }
}

static const char *allowed_list(tvc_arena *a, unsigned ctx)
{
    const char *s = "";
    static const struct { unsigned bit; const char *name; } names[] = {
        {TVC_CTX_SERVER, "server config"}, {TVC_CTX_VHOST, "virtual host"},
        {TVC_CTX_DIR, "directory"}, {TVC_CTX_HTACCESS, ".htaccess"},
        {TVC_CTX_PROXY, "proxy section"},
    };
    for (size_t i = 0; i < 5; i++)
        if (ctx & names[i].bit)
            s = tvc_arena_printf(a, "%s%s%s", s, *s ? ", " : "", names[i].name);
    return s;
}

static void push_other(tvc_arena *a, const char ***v, size_t *n, size_t *cap,
                       const char *raw)
{
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 4;
        *v = tvc_arena_realloc(a, *v, *cap * sizeof **v, nc * sizeof **v);
        *cap = nc;
    }
    (*v)[(*n)++] = raw;
}

/* Verbatim text of a node and, for sections, everything inside it. */
static const char *node_text(tvc_arena *a, const tvc_node *n)
{
    if (n->kind != TVC_N_SECTION)
        return n->raw ? n->raw : "";
    size_t len = strlen(n->raw) + (n->end && n->end->raw ? strlen(n->end->raw) : 0) + 2;
    const char **parts = NULL;
    size_t np = 0, cap = 0;
    for (const tvc_node *c = n->child; c; c = c->next) {
        const char *t = node_text(a, c);
        push_other(a, &parts, &np, &cap, t);
        len += strlen(t) + 1;
    }
    char *s = tvc_arena_alloc(a, len + 1), *p = s;
    p = stpcpy(p, n->raw);
    for (size_t i = 0; i < np; i++) {
        *p++ = '\n';
        p = stpcpy(p, parts[i]);
    }
    if (n->end && n->end->raw) {
        *p++ = '\n';
        p = stpcpy(p, n->end->raw);
    }
    *p = '\0';
    return s;
}

/* The word count as httpd's invoke_cmd checks it for the command's kind;
 * 0 (with the error added) when httpd refuses the line. */
static int arity_ok(walk *w, const tvc_node *n, const tvc_cmd *cmd)
{
    unsigned nlen = (unsigned)strlen(n->name);
    if (cmd->how == TVC_HOW_FLAG) {
        /* One word; httpd never looks at the rest. */
        if (n->argc < 1 || !*n->argv[0]) {
            tvc_diag_add(w->d, "parse-error", TVC_ERROR, &n->loc, nlen,
                         "%s must be On or Off", n->name);
            return 0;
        }
        /* httpd checks the word before the module sees it, also for
         * the flags tlsvhostc only keeps as written */
        if (strcasecmp(n->argv[0], "on") != 0 && strcasecmp(n->argv[0], "off") != 0) {
            tvc_diag_add(w->d, "parse-error", TVC_ERROR, &n->loc, nlen,
                         "%s must be On or Off, not '%s'", n->name, n->argv[0]);
            return 0;
        }
        if (n->argc > 1) {
            tvc_loc at = tvc_node_arg_loc(n, 1);
            tvc_diag_add(w->d, "parse-error", TVC_NOTE, &at, 0,
                         "%s reads only its first word: httpd ignores '%s'%s%s",
                         n->name, n->argv[1], n->argc > 2 ? " and what follows" : "",
                         n->argv[1][0] == '#' ? " ('#' starts a comment only at "
                                                "the start of a line)" : "");
        }
        return 1;
    }
    if (n->argc < cmd->min_args ||
        (cmd->max_args != TVC_ARGS_MANY && n->argc > cmd->max_args)) {
        if (cmd->min_args == cmd->max_args)
            tvc_diag_add(w->d, "parse-error", TVC_ERROR, &n->loc, nlen,
                         "%s takes %u argument%s, not %d", n->name, cmd->min_args,
                         cmd->min_args == 1 ? "" : "s", n->argc);
        else
            tvc_diag_add(w->d, "parse-error", TVC_ERROR, &n->loc, nlen,
                         "%s takes %u to %u arguments, not %d", n->name,
                         cmd->min_args, cmd->max_args, n->argc);
        return 0;
    }
    /* TAKEn: a required word given as "" counts as missing. */
    int takes = cmd->how == TVC_HOW_TAKE1 || cmd->how == TVC_HOW_TAKE2 ||
                cmd->how == TVC_HOW_TAKE12 || cmd->how == TVC_HOW_TAKE23;
    for (int i = 0; takes && i < cmd->min_args; i++)
        if (!*n->argv[i]) {
            tvc_loc at = tvc_node_arg_loc(n, i);
            tvc_diag_add(w->d, "parse-error", TVC_ERROR, &at, 0,
                         "%s: argument %d is empty, and httpd counts an empty "
                         "word as missing", n->name, i + 1);
            return 0;
        }
    return 1;
}

static tvc_proxy_tls *new_proxy(tvc_arena *a)
{
    tvc_proxy_tls *p = tvc_arena_alloc(a, sizeof *p);
    tvc_proxy_init(p);
    return p;
}

/* The longest TLS argument is a cipher or priority string: the policy
 * engine expands each of its words, so a megabyte of them is refused
 * before it gets there (TVC_MAX_CIPHER_STRING). */
static int args_fit(walk *w, const tvc_node *n)
{
    size_t len = 0;
    for (int i = 0; i < n->argc; i++)
        len += strlen(n->argv[i]) + 1;
    if (len <= TVC_MAX_CIPHER_STRING)
        return 1;
    tvc_diag_add(w->d, "parse-error", TVC_ERROR, &n->loc, (unsigned)strlen(n->name),
                 "the arguments of %s are %zu bytes long, over the limit %s "
                 "(%zu bytes); ignored", n->name, len,
                 TVC_LIMIT_NAME(TVC_MAX_CIPHER_STRING), TVC_MAX_CIPHER_STRING);
    return 0;
}

static void set_error(walk *w, const tvc_node *n, const char *err)
{
    if (err)
        tvc_diag_add(w->d, "parse-error", TVC_ERROR, &n->loc, (unsigned)strlen(n->name), "%s",
                     err);
}

/* Per-directory TLS settings (renegotiation, SSLRequire) are kept as
 * written on the enclosing server, marked as a section's; they have no
 * per-vhost meaning. The module still checks the arguments there: the
 * setter runs on a scratch copy for its verdict only. */
static void dir_directive(walk *w, const tvc_node *n, const tvc_cmd *cmd, const tvc_dialect *dl)
{
    tvc_tls *scratch = tvc_arena_calloc(w->a, sizeof *scratch);
    tvc_tls_init(scratch);
    if (cmd->proxy)
        scratch->proxy = new_proxy(w->a);
    tvc_set_ctx sc = {w->a, w->d, w->ir, scratch, w->context, dl->engine,
                      w->cfg->server_root, w->cfg};
    void *base = cmd->proxy ? (void *)scratch->proxy : (void *)scratch;
    set_error(w, n, cmd->set(&sc, n, cmd, (char *)base + cmd->offset));
    tvc_raws_push(w->a, &w->tls->other, n->name, n->argc, n->argv, &n->loc)->level =
        TVC_RAW_SECTION;
    w->tls->engines_seen |= 1u << dl->engine;
}

/* The IR keeps pointers to a directive's words (setters, raws, names),
 * and a tree in an arena of its own (tvc_config.args_apart) goes first:
 * its words move to the run's arena before anything keeps them. A few
 * lines a vhost, against every line's words kept to the end. */
static const char *const *kept_args(walk *w, const tvc_node *n)
{
    if (!w->cfg->args_apart || !n->argc)
        return (const char *const *)n->argv;
    size_t bytes = 0, cols = (size_t)n->argc * sizeof(unsigned);
    for (int i = 0; i < n->argc; i++)
        bytes += strlen(n->argv[i]) + 1;
    /* The layout of the parser's words: pointers, columns, text. */
    const char **v = tvc_arena_alloc(w->a, (size_t)n->argc * sizeof *v + cols + bytes);
    memcpy(v + n->argc, TVC_NODE_ARG_COLS(n), cols);
    char *p = (char *)(v + n->argc) + cols;
    for (int i = 0; i < n->argc; i++) {
        v[i] = p;
        p = stpcpy(p, n->argv[i]) + 1;
    }
    /* The same node, not a copy: setters tell it apart from its
     * neighbours by address (setters.c, earlier_same). */
    ((tvc_node *)n)->argv = v;
    return v;
}

static void tls_directive(walk *w, const tvc_node *n, const tvc_name_info *ni)
{
    const tvc_cmd *cmd = ni->cmd;
    const tvc_dialect *dl = ni->dl;
    if (!w->seen->tls)
        *w->seen = (cfg_seen){1, w->cfg->saw_loadmodule, w->cfg->n_modules,
                              w->cfg->server_root};
    if (ni->module_missing) {
        tvc_diag_add(w->d, "module-not-loaded", TVC_ERROR, &n->loc,
                     (unsigned)strlen(n->name),
                     "%s needs %s, which no LoadModule line loads (httpd "
                     "fails with AH00526 \"Invalid command\")",
                     n->name, dl->module_ident);
        return;
    }
    if (!(cmd->contexts & w->context)) {
        tvc_diag_add(w->d, "bad-context", TVC_ERROR, &n->loc,
                     (unsigned)strlen(n->name),
                     "%s is not allowed in %s (allowed: %s)", n->name,
                     ctx_name(w->context), allowed_list(w->a, cmd->contexts));
        return;
    }
    if (!arity_ok(w, n, cmd) || !args_fit(w, n))
        return;
    kept_args(w, n);
    if (w->context & (TVC_CTX_DIR | TVC_CTX_HTACCESS)) {
        dir_directive(w, n, cmd, dl);
        return;
    }
    tvc_set_ctx sc = {w->a, w->d, w->ir, w->tls, w->context, dl->engine,
                      w->cfg->server_root, w->cfg};
    void *base = w->tls;
    if (cmd->proxy) {
        if (!w->tls->proxy)
            w->tls->proxy = new_proxy(w->a);
        base = w->tls->proxy;
    }
    size_t kept = w->tls->other.n;
    set_error(w, n, cmd->set(&sc, n, cmd, (char *)base + cmd->offset));
    /* The one place that records what each level wrote, for every row of
     * every table. A <Proxy> section's lines set the enclosing server's
     * fields (mod_ssl reads them per server) but are the section's, not
     * the level's: emit.c writes or reports them with the section. */
    if (w->context & (TVC_CTX_SERVER | TVC_CTX_VHOST)) {
        tvc_tls_write(w->a, w->tls, cmd->offset, cmd->proxy, dl->engine, &n->loc);
        return;
    }
    for (size_t i = kept; i < w->tls->other.n; i++)
        w->tls->other.v[i].level = TVC_RAW_SECTION;
}

static void unknown_directive(walk *w, const tvc_node *n, tvc_name_info *ni)
{
    const tvc_httpd_directive *hd = ni->hd;
    if (hd) {
        if (ni->module_missing)
            tvc_diag_add(w->d, "module-not-loaded", TVC_ERROR, &n->loc,
                         (unsigned)strlen(n->name),
                         "%s needs %s, which no LoadModule line loads (httpd "
                         "fails with AH00526 \"Invalid command\")", n->name,
                         hd->ident ? hd->ident : hd->file);
        return;
    }
    const char *sug = tvc_names_suggest(ni);
    /* a typo of a TLS module's (or mod_md's) directive is its business */
    int tls = tvc_dialect_by_prefix(n->name) != NULL;
    if (sug)
        tvc_diag_add(w->d, "unknown-directive", tls ? TVC_ERROR : TVC_NOTE,
                     &n->loc, (unsigned)strlen(n->name),
                     "unknown directive '%s'; did you mean '%s'?", n->name, sug);
    else
        tvc_diag_add(w->d, "unknown-directive", tls ? TVC_ERROR : TVC_NOTE,
                     &n->loc, (unsigned)strlen(n->name),
                     tls ? "unknown directive '%s': no TLS module has it"
                         : "unknown directive '%s': no standard httpd 2.4 "
                           "module has it (a third-party module may)",
                     n->name);
}

static const char *strip_server_name(tvc_arena *a, const char *s)
{
    const char *p = strstr(s, "://");
    if (p)
        s = p + 3;
    const char *end = s + strlen(s);
    if (*s == '[') {
        const char *rb = strchr(s, ']');
        if (rb)
            end = rb + 1;
    } else {
        const char *colon = strchr(s, ':');
        if (colon)
            end = colon;
    }
    return tvc_arena_strndup(a, s, (size_t)(end - s));
}

static void add_listener(walk *w, const tvc_node *n)
{
    if (n->argc < 1 || n->argc > 2) {
        tvc_diag_add(w->d, "parse-error", TVC_ERROR, &n->loc, 0,
                     "Listen takes [address:]port and an optional protocol");
        return;
    }
    tvc_addr ad;
    const char *s = n->argv[0];
    if (!strchr(s, ':') || (s[0] == '[' && !strstr(s, "]:"))) {
        ad.addr = "*";
        if (tvc_port_parse(s, &ad.port) != 0) {
            tvc_diag_add(w->d, "parse-error", TVC_ERROR, &n->loc, 0,
                         "Listen: '%s' is not a port", s);
            return;
        }
    } else if (tvc_addr_parse(w->a, s, &ad) != 0 || ad.port == 0) {
        tvc_diag_add(w->d, "parse-error", TVC_ERROR, &n->loc, 0,
                     "Listen: '%s' is not [address:]port", s);
        return;
    }
    tvc_ir *ir = w->ir;
    for (size_t i = 0; i < ir->n_listeners; i++)
        if (ir->listeners[i].addr.port == ad.port &&
            strcmp(ir->listeners[i].addr.addr, ad.addr) == 0) {
            tvc_diag_add(w->d, "duplicate-directive", TVC_WARNING, &n->loc, 0,
                         "Listen %s is given twice (httpd fails with "
                         "AH00072: could not bind)", s);
            return;
        }
    if (ir->n_listeners == ir->listeners_cap) {
        size_t nc = ir->listeners_cap ? ir->listeners_cap * 2 : 4;
        ir->listeners = tvc_arena_realloc(w->a, ir->listeners,
                                          ir->listeners_cap * sizeof *ir->listeners,
                                          nc * sizeof *ir->listeners);
        ir->listeners_cap = nc;
    }
    tvc_listener *l = &ir->listeners[ir->n_listeners++];
    memset(l, 0, sizeof *l);
    l->addr = ad;
    l->protocol = n->argc == 2 ? kept_args(w, n)[1] : NULL;
    l->loc = n->loc;
    l->strict_sni = TVC_UNSET;
}

/* Sized from the parser's count, so 10,000 vhosts are one array, not a
 * trail of doubled copies left in the arena. A streamed build has no
 * count yet: it doubles a malloc'ed array, whose untouched tail costs no
 * memory, and the run's arena frees it (free_vhosts). */
static void grow_vhosts(walk *w)
{
    tvc_ir *ir = w->ir;
    size_t nc = ir->vhosts_cap ? ir->vhosts_cap * 2
                               : (w->cfg->n_vhost_sections && !w->stream
                                      ? w->cfg->n_vhost_sections : 16);
    if (w->stream) {
        tvc_vhost *v = realloc(ir->vhosts, nc * sizeof *ir->vhosts);
        if (!v)
            abort();
        ir->vhosts = v;
    } else {
        ir->vhosts = tvc_arena_realloc(w->a, ir->vhosts,
                                       ir->vhosts_cap * sizeof *ir->vhosts,
                                       nc * sizeof *ir->vhosts);
    }
    ir->vhosts_cap = nc;
}

static void begin_vhost(walk *w, const tvc_node *n)
{
    if (w->context != TVC_CTX_SERVER) {
        tvc_diag_add(w->d, "bad-context", TVC_ERROR, &n->loc, 0,
                     "<VirtualHost> cannot occur within %s", ctx_name(w->context));
        return;
    }
    if (n->argc < 1) {
        tvc_diag_add(w->d, "parse-error", TVC_ERROR, &n->loc, 0,
                     "<VirtualHost> needs at least one address");
        return;
    }
    tvc_ir *ir = w->ir;
    if (ir->n_vhosts == ir->vhosts_cap)
        grow_vhosts(w);
    tvc_vhost *vh = &ir->vhosts[ir->n_vhosts++];
    memset(vh, 0, sizeof *vh);
    vh->loc = n->loc;
    vh->node = w->stream ? NULL : n; /* a streamed unit is freed after */
    vh->addrs = tvc_arena_alloc(w->a, (size_t)n->argc * sizeof *vh->addrs);
    for (int i = 0; i < n->argc; i++) {
        if (tvc_addr_parse(w->a, n->argv[i], &vh->addrs[vh->n_addrs]) != 0) {
            tvc_loc l = tvc_node_arg_loc(n, i);
            tvc_diag_add(w->d, "parse-error", TVC_ERROR, &l,
                         (unsigned)strlen(n->argv[i]),
                         "<VirtualHost>: '%s' is not an address[:port]", n->argv[i]);
            continue;
        }
        vh->n_addrs++;
    }
    /* The vhost's own settings are collected in a scratch struct and then
     * merged into one arena copy, so a vhost costs one policy, not two. */
    tvc_tls own;
    tvc_tls_init(&own);
    walk sub = *w;
    sub.vh = vh;
    sub.tls = &own;
    sub.context = TVC_CTX_VHOST;
    tvc_diag *before = w->d->tail;
    walk_children(&sub, n);
    /* Findings inside the block name the vhost; its ServerName may come
     * after the directive, so they are labelled once the block is read. */
    for (tvc_diag *g = before ? before->next : w->d->head; g; g = g->next) {
        if (g->vhost_addr || g->vhost_name)
            continue;
        g->vhost_addr = vh->n_addrs ? vh->addrs[0].addr : "*";
        g->vhost_port = vh->n_addrs ? vh->addrs[0].port : 0;
        g->vhost_name = vh->server_name;
    }
    tvc_tls *eff = tvc_arena_alloc(w->a, sizeof *eff);
    *eff = own;
    vh->tls = eff; /* merged and decided in finish(): TLS on or off */
}

/* mod_md's names: every argument but the "auto"/"manual" keywords. */
static void md_add_names(walk *w, tvc_md_domain *md, const tvc_node *n)
{
    const char *const *argv = kept_args(w, n);
    for (int i = 0; i < n->argc; i++)
        if (strcasecmp(argv[i], "auto") && strcasecmp(argv[i], "manual")) {
            tvc_loc l = tvc_node_arg_loc(n, i);
            tvc_strs_push(w->a, &md->names, argv[i], &l);
        }
}

/* MDomain or <MDomain>/<MDomainSet> (with its MDMember(s) lines). */
static void md_domain(walk *w, const tvc_node *n)
{
    tvc_ir *ir = w->ir;
    if (ir->n_md_domains == ir->md_domains_cap) {
        size_t nc = ir->md_domains_cap ? ir->md_domains_cap * 2 : 4;
        ir->md_domains = tvc_arena_realloc(w->a, ir->md_domains,
                                           ir->md_domains_cap * sizeof *ir->md_domains,
                                           nc * sizeof *ir->md_domains);
        ir->md_domains_cap = nc;
    }
    tvc_md_domain *md = &ir->md_domains[ir->n_md_domains++];
    memset(md, 0, sizeof *md);
    md->loc = n->loc;
    md_add_names(w, md, n);
    if (n->kind != TVC_N_SECTION)
        return;
    for (const tvc_node *c = n->child; c; c = c->next)
        if (c->kind == TVC_N_DIRECTIVE && !(c->flags & TVC_NF_INACTIVE) &&
            (!strcasecmp(c->name, "MDMember") || !strcasecmp(c->name, "MDMembers")))
            md_add_names(w, md, c);
}

/* A section other than <VirtualHost>: conditions that held are
 * transparent, false ones skipped; the others open a context of their own
 * (per-directory, <Proxy>) whose text is kept verbatim. */
static void walk_section(walk *w, const tvc_node *n, const tvc_name_info *ni)
{
    if (ni->role == TVC_NAME_MACRO)
        return;
    if (ni->role == TVC_NAME_MDOMAIN)
        md_domain(w, n);
    if (ni->if_prefix && (n->flags & TVC_NF_COND_TRUE)) {
        walk_children(w, n);
        return;
    }
    if (ni->condition)
        return; /* false */
    if (!ni->known)
        tvc_diag_add(w->d, "unknown-directive", TVC_NOTE, &n->loc,
                     (unsigned)strlen(n->name) + 1,
                     "unknown section <%s>: no standard httpd 2.4 module "
                     "has it", n->name);
    if ((w->context & TVC_CTX_DIR) && ni->nested_dir)
        tvc_diag_add(w->d, "bad-context", TVC_ERROR, &n->loc,
                     (unsigned)strlen(n->name) + 1,
                     "<%s> is not allowed inside a directory section (httpd -t fails "
                     "with AH00526)", n->name);
    walk sub = *w;
    sub.context = ni->context ? ni->context : w->context;
    sub.verbatim = 1;
    walk_children(&sub, n);
    /* The outermost section carries the text of everything inside it;
     * what is nested is not kept a second time. */
    if (w->verbatim)
        return;
    if (w->vh)
        push_other(w->a, &w->vh->other, &w->vh->n_other, &w->vh->other_cap,
                   node_text(w->a, n));
    else
        push_other(w->a, &w->ir->other, &w->ir->n_other, &w->ir->other_cap,
                   node_text(w->a, n));
}

/* The core and mod_md directives the IR reads besides the TLS ones. */
static void server_directive(walk *w, const tvc_node *n, unsigned role)
{
    if (role == TVC_NAME_SERVERNAME && n->argc >= 1) {
        const char *name = strip_server_name(w->a, n->argv[0]);
        if (w->vh) {
            w->vh->server_name = name;
            w->vh->name_loc = tvc_node_arg_loc(n, 0);
        } else {
            w->ir->server_name = name;
        }
    } else if (role == TVC_NAME_SERVERALIAS && w->vh) {
        const char *const *argv = kept_args(w, n);
        for (int i = 0; i < n->argc; i++) {
            tvc_loc l = tvc_node_arg_loc(n, i);
            tvc_strs_push(w->a, &w->vh->aliases, argv[i], &l);
        }
    } else if (role == TVC_NAME_LISTEN && !w->vh) {
        add_listener(w, n);
    } else if (role == TVC_NAME_MDOMAIN && !strcasecmp(n->name, "MDomain")) {
        md_domain(w, n);
    } else if (role == TVC_NAME_MDMATCHNAMES && n->argc == 1) {
        w->ir->md_match_servernames = !strcasecmp(n->argv[0], "servernames");
    } else if (role == TVC_NAME_GROUP && !w->vh && n->argc == 1) {
        w->ir->run_group = kept_args(w, n)[0];
        w->ir->run_group_loc = n->loc;
    }
}

static void walk_directive(walk *w, const tvc_node *n)
{
    tvc_name_info *ni = tvc_names_get(w->names, n->name);
    if (ni->cmd) {
        tls_directive(w, n, ni);
        /* A core line sets its field and stays a non-TLS line as written. */
        if (ni->dl != &tvc_dialect_core || w->verbatim)
            return;
        if (w->context == TVC_CTX_VHOST)
            push_other(w->a, &w->vh->other, &w->vh->n_other, &w->vh->other_cap, n->raw);
        else if (w->context == TVC_CTX_SERVER)
            push_other(w->a, &w->ir->other, &w->ir->n_other, &w->ir->other_cap, n->raw);
        return;
    }
    if (ni->role == TVC_NAME_INCLUDE) {
        walk_children(w, n);
        return;
    }
    if (w->context & (TVC_CTX_VHOST | TVC_CTX_SERVER))
        server_directive(w, n, ni->role);
    unknown_directive(w, n, ni);
    if (w->verbatim)
        return;
    if (w->context == TVC_CTX_VHOST)
        push_other(w->a, &w->vh->other, &w->vh->n_other, &w->vh->other_cap, n->raw);
    else if (w->context == TVC_CTX_SERVER)
        push_other(w->a, &w->ir->other, &w->ir->n_other, &w->ir->other_cap, n->raw);
}

static void walk_node(walk *w, const tvc_node *n)
{
    if (n->flags & TVC_NF_INACTIVE)
        return;
    switch (n->kind) {
    case TVC_N_BLANK:
    case TVC_N_COMMENT:
        return;
    case TVC_N_FILE:
        walk_children(w, n);
        return;
    case TVC_N_SECTION: {
        const tvc_name_info *ni = tvc_names_get(w->names, n->name);
        if (ni->role == TVC_NAME_VIRTUALHOST)
            begin_vhost(w, n);
        else
            walk_section(w, n, ni);
        return;
    }
    case TVC_N_DIRECTIVE:
        walk_directive(w, n);
        return;
    }
}

static void walk_children(walk *w, const tvc_node *parent)
{
    for (const tvc_node *c = parent->child; c; c = c->next)
        walk_node(w, c);
}

/* Does a TLSEngine argument ([addr:]port) cover this vhost address? */
static int engine_covers(const char *spec, const tvc_addr *ad)
{
    const char *colon = strrchr(spec, ':');
    int port = atoi(colon ? colon + 1 : spec);
    if (port != ad->port)
        return 0;
    if (!colon)
        return 1;
    size_t n = (size_t)(colon - spec);
    return (n == 1 && spec[0] == '*') ||
           (strlen(ad->addr) == n && strncmp(ad->addr, spec, n) == 0) ||
           strcmp(ad->addr, "*") == 0 || strcmp(ad->addr, "_default_") == 0;
}

static void finish(walk *w)
{
    tvc_ir *ir = w->ir;
    /* httpd merges the main server's settings into every vhost once the
     * whole configuration is read (ap_fixup_virtual_hosts), so a
     * server-level directive after a <VirtualHost> applies to it too. */
    for (size_t i = 0; i < ir->n_vhosts; i++)
        tvc_tls_merge(w->a, &ir->server, ir->vhosts[i].tls);
    /* mod_tls: TLSEngine decides per port, not per vhost. */
    for (size_t i = 0; i < ir->n_vhosts; i++) {
        tvc_vhost *vh = &ir->vhosts[i];
        tvc_tls *t = vh->tls;
        int by_port = 0;
        for (size_t k = 0; k < ir->tls_engine_ports.n && !by_port; k++)
            for (size_t j = 0; j < vh->n_addrs; j++)
                if (engine_covers(ir->tls_engine_ports.v[k], &vh->addrs[j]))
                    by_port = 1;
        if (by_port && (t->engine == TVC_ENGINE_NONE || t->enabled != 1)) {
            t->engine = TVC_ENGINE_MODTLS;
            t->enabled = 1;
        }
        if (t->enabled != 1 && t->enabled != 2)
            vh->tls = NULL;
    }
    /* Listeners: from Listen, plus TLSEngine ports nobody listed. */
    for (size_t k = 0; k < ir->tls_engine_ports.n; k++) {
        const char *spec = ir->tls_engine_ports.v[k];
        const char *colon = strrchr(spec, ':');
        int port = atoi(colon ? colon + 1 : spec);
        int found = 0;
        for (size_t i = 0; i < ir->n_listeners; i++)
            if (ir->listeners[i].addr.port == port) {
                ir->listeners[i].tls_engine_decl = 1;
                found = 1;
            }
        if (!found)
            tvc_diag_add(w->d, "listen-missing", TVC_WARNING,
                         &ir->tls_engine_ports.loc[k], 0,
                         "TLSEngine %s: no Listen directive opens port %d", spec, port);
    }
    for (size_t i = 0; i < ir->n_listeners; i++) {
        tvc_listener *l = &ir->listeners[i];
        if (l->tls_engine_decl) {
            l->engine = TVC_ENGINE_MODTLS;
            /* A TLSEngine port no vhost listens on is the main server's:
             * it serves TLS there with the server config's certificate. */
            if (ir->server.enabled != 1 && !tvc_ir_port_has_vhosts(ir, l->addr.port)) {
                ir->server.enabled = 1;
                ir->server.engine = TVC_ENGINE_MODTLS;
            }
            /* TLSStrictSNI: server-level, default on. */
            l->strict_sni = ir->server.strict_sni == TVC_UNSET ? 1 : ir->server.strict_sni;
            continue;
        }
        for (size_t v = 0; v < ir->n_vhosts && !l->engine; v++) {
            tvc_vhost *vh = &ir->vhosts[v];
            if (!vh->tls)
                continue;
            for (size_t j = 0; j < vh->n_addrs; j++)
                if (vh->addrs[j].port == l->addr.port || vh->addrs[j].port == 0) {
                    l->engine = vh->tls->engine;
                    /* mod_ssl: SSLStrictSNIVHostCheck of the default
                     * (first) vhost decides; default off. mod_gnutls has no
                     * strict mode. */
                    l->strict_sni = vh->tls->strict_sni == 1 &&
                                    vh->tls->engine == TVC_ENGINE_MODSSL;
                    break;
                }
        }
        /* No vhost on this port: the main server answers, with TLS when
         * the server config enables it (SSLEngine on outside every
         * <VirtualHost>). */
        if (!l->engine && ir->server.enabled == 1 && ir->server.engine != TVC_ENGINE_NONE &&
            !tvc_ir_port_has_vhosts(ir, l->addr.port))
            l->engine = ir->server.engine;
        if (!l->engine)
            l->strict_sni = 0;
    }
    /* SSLCertificateChainFile applies to every certificate of its server. */
    for (size_t i = 0; i < ir->n_vhosts; i++) {
        tvc_tls *t = ir->vhosts[i].tls;
        if (!t || !t->chain_file.v)
            continue;
        tvc_cert *v = tvc_arena_alloc(w->a, t->certs.n * sizeof *v + 1);
        for (size_t k = 0; k < t->certs.n; k++) {
            v[k] = t->certs.v[k];
            v[k].chain = (tvc_strs){0};
            for (size_t j = 0; j < t->certs.v[k].chain.n; j++)
                tvc_strs_push(w->a, &v[k].chain, t->certs.v[k].chain.v[j],
                              &t->certs.v[k].chain.loc[j]);
            tvc_strs_push(w->a, &v[k].chain, t->chain_file.v, &t->chain_file.loc);
        }
        t->certs.v = v;
        t->certs.cap = t->certs.n;
    }
}

/* The IR, not the walk: a section's walk is a copy (walk sub = *w) that
 * may grow the array too, and only the IR sees the last pointer. */
static void free_vhosts(void *p)
{
    free(((tvc_ir *)p)->vhosts);
}

tvc_ir_walk *tvc_ir_walk_begin(tvc_arena *a, tvc_diags *d, const tvc_config *cfg,
                               int stream)
{
    tvc_ir *ir = tvc_arena_calloc(a, sizeof *ir);
    tvc_ir_walk *w = tvc_arena_calloc(a, sizeof *w);
    tvc_names *names = tvc_arena_alloc(a, sizeof *names);
    tvc_names_init(names, a, cfg);
    tvc_tls_init(&ir->server);
    /* A lean parse has no verbatim text: keep no "other" lines. */
    *w = (walk){a, d, cfg, ir, NULL, &ir->server, TVC_CTX_SERVER, cfg->lean, names,
                stream, tvc_arena_calloc(a, sizeof(cfg_seen))};
    if (stream)
        tvc_arena_cleanup_add(a, free_vhosts, ir);
    return w;
}

void tvc_ir_walk_node(tvc_ir_walk *w, const tvc_node *n)
{
    walk_node(w, n);
}

int tvc_ir_walk_stale(const tvc_ir_walk *w)
{
    const tvc_config *cfg = w->cfg;
    const cfg_seen *s = w->seen;
    if (s->tls && (s->saw_loadmodule != cfg->saw_loadmodule || s->n_modules != cfg->n_modules ||
                   strcmp(s->server_root, cfg->server_root) != 0))
        return 1;
    return tvc_names_changed(w->names);
}

tvc_ir *tvc_ir_walk_finish(tvc_ir_walk *w, tvc_diags *d)
{
    tvc_ir *ir = w->ir;
    const tvc_config *cfg = w->cfg;
    /* Read now: a streamed walk began before the parser had them all. */
    ir->main_file = cfg->main_file;
    ir->server_root = cfg->server_root;
    ir->modules = cfg->modules;
    ir->n_modules = cfg->n_modules;
    w->d = d;
    finish(w);
    return ir;
}

tvc_ir *tvc_ir_build(tvc_arena *a, tvc_diags *d, const tvc_config *cfg)
{
    tvc_ir_walk *w = tvc_ir_walk_begin(a, d, cfg, 0);
    walk_children(w, cfg->root);
    return tvc_ir_walk_finish(w, d);
}
