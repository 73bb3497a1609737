#include "emit/emit.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "emit/common.h"
#include "ir/dialect.h"
#include "ir/dialect_setters.h"
#include "policy/suites.h"
#include "policy/translate.h"

const tvc_emitter *tvc_emitter_find(const char *name)
{
    static const tvc_emitter *const all[] = {&tvc_emit_modssl, &tvc_emit_gnutls,
                                             &tvc_emit_modtls};
    for (size_t i = 0; i < 3; i++)
        if (!strcmp(all[i]->name, name))
            return all[i];
    return NULL;
}

void tvc_emit_lossy(tvc_emit *e, const tvc_loc *loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tvc_diag_addv(e->d, "convert-lossy", TVC_ERROR, loc && loc->file ? loc : NULL, 0, fmt, ap);
    va_end(ap);
    e->n_lossy++;
}

const char *tvc_emit_quote(tvc_arena *a, const char *s)
{
    if (!strpbrk(s, " \t\"'#"))
        return s;
    char *q = tvc_arena_alloc(a, strlen(s) * 2 + 3), *p = q;
    *p++ = '"';
    for (; *s; s++) {
        if (*s == '"')
            *p++ = '\\';
        *p++ = *s;
    }
    *p++ = '"';
    *p = '\0';
    return q;
}

/* ---- policy ------------------------------------------------------------ */

static int same_str(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

/* Inherited unchanged (by value: an IR read from JSON has no shared
 * pointers between server and vhosts). */
static int same_policy(const tvc_tls *t, const tvc_tls *p)
{
    return p && same_str(t->protocols.text.v, p->protocols.text.v) &&
           t->protocols.min == p->protocols.min && t->protocols.max == p->protocols.max &&
           same_str(t->ciphers.spec.v, p->ciphers.spec.v) &&
           same_str(t->ciphers.spec_tls13.v, p->ciphers.spec_tls13.v) &&
           same_str(t->ciphers.prefer.v, p->ciphers.prefer.v) &&
           same_str(t->ciphers.suppress.v, p->ciphers.suppress.v) &&
           t->ciphers.server_preference == p->ciphers.server_preference;
}

static uint16_t *codes(tvc_arena *a, const char **names, size_t n)
{
    uint16_t *v = tvc_arena_alloc(a, (n + 1) * sizeof *v);
    for (size_t i = 0; i < n; i++) {
        const tvc_suite *s = tvc_suite_by_name(names[i]);
        v[i] = s ? s->code : 0;
    }
    return v;
}

static void same_language(tvc_emit *e, const tvc_tls *t, tvc_tvars *v)
{
    tvc_arena *a = e->a;
    const tvc_ciphers *c = &t->ciphers;
    switch (e->t->engine) {
    case TVC_ENGINE_MODSSL:
        if (t->protocols.text.v)
            tvc_tvars_add_line(a, v, "protocol", tvc_arena_printf(a, "SSLProtocol %s",
                                                                  t->protocols.text.v));
        if (c->spec.v)
            tvc_tvars_add_line(a, v, "ciphers", tvc_arena_printf(a, "SSLCipherSuite %s",
                                                                 tvc_emit_quote(a, c->spec.v)));
        if (c->spec_tls13.v)
            tvc_tvars_add_line(a, v, "ciphers", tvc_arena_printf(a, "SSLCipherSuite TLSv1.3 %s",
                                                                 c->spec_tls13.v));
        if (c->server_preference != TVC_UNSET)
            tvc_tvars_add_line(a, v, "order", c->server_preference ? "SSLHonorCipherOrder on"
                                                                   : "SSLHonorCipherOrder off");
        break;
    case TVC_ENGINE_GNUTLS:
        if (c->spec.v)
            tvc_tvars_add_line(a, v, "ciphers", tvc_arena_printf(a, "GnuTLSPriorities %s",
                                                                 c->spec.v));
        break;
    case TVC_ENGINE_MODTLS:
        if (t->protocols.text.v)
            tvc_tvars_add_line(a, v, "protocol", tvc_arena_printf(a, "TLSProtocol %s",
                                                                  t->protocols.text.v));
        if (c->prefer.v)
            tvc_tvars_add_line(a, v, "ciphers", tvc_arena_printf(a, "TLSCiphersPrefer %s",
                                                                 c->prefer.v));
        if (c->suppress.v)
            tvc_tvars_add_line(a, v, "ciphers", tvc_arena_printf(a, "TLSCiphersSuppress %s",
                                                                 c->suppress.v));
        if (c->server_preference != TVC_UNSET)
            tvc_tvars_add_line(a, v, "order", c->server_preference ? "TLSHonorClientOrder off"
                                                                   : "TLSHonorClientOrder on");
        break;
    default:
        break;
    }
}

void tvc_emit_policy(tvc_emit *e, const tvc_tls *t, const tvc_tls *parent, tvc_tvars *v)
{
    if (same_policy(t, parent))
        return;
    tvc_engine src = tvc_emit_source(t);
    if (src == e->t->engine) {
        same_language(e, t, v);
        return;
    }
    int ciphers_set = t->ciphers.spec.v || t->ciphers.spec_tls13.v || t->ciphers.prefer.v ||
                      t->ciphers.suppress.v;
    /* A GnuTLS priority string says the versions too. */
    int protos_set = t->protocols.text.v || t->protocols.min != TVC_UNSET ||
                     (src == TVC_ENGINE_GNUTLS && t->ciphers.spec.v);
    if (!ciphers_set && !protos_set && t->ciphers.server_preference == TVC_UNSET)
        return;
    const tvc_loc *loc = t->ciphers.spec.loc.file ? &t->ciphers.spec.loc
                         : t->ciphers.prefer.loc.file ? &t->ciphers.prefer.loc
                         : &t->protocols.text.loc;
    tvc_policy p = {0};
    p.proto_min = t->protocols.eff_min;
    p.proto_max = t->protocols.eff_max;
    p.tls12 = codes(e->a, t->ciphers.tls12, t->ciphers.n_tls12);
    p.n_tls12 = t->ciphers.n_tls12;
    p.tls13 = codes(e->a, t->ciphers.tls13, t->ciphers.n_tls13);
    p.n_tls13 = t->ciphers.n_tls13;
    p.server_preference = t->ciphers.server_preference == TVC_UNSET ? -1
                                                                    : t->ciphers.server_preference;
    p.tickets = -1;
    tvc_target tg = e->t->engine == TVC_ENGINE_MODSSL   ? TVC_TARGET_MODSSL
                    : e->t->engine == TVC_ENGINE_GNUTLS ? TVC_TARGET_GNUTLS
                                                        : TVC_TARGET_MODTLS;
    tvc_translation tr;
    if (tvc_policy_translate(e->a, &p, tg, &tr) < 0) {
        for (size_t i = 0; i < tr.n_lossy; i++)
            tvc_emit_lossy(e, loc, "%s", tr.lossy[i]);
        return;
    }
    /* GnuTLSPriorities says the versions and the suites in one string: a
     * protocol setting alone still needs it, with the suites the source
     * really uses spelled out. */
    int one_string = e->t->engine == TVC_ENGINE_GNUTLS && protos_set && !ciphers_set;
    if (one_string)
        ciphers_set = 1;
    for (size_t i = 0; i < tr.n_lines; i++) {
        const char *l = tr.lines[i];
        const char *var = strstr(l, "Protocol ") ? "protocol"
                          : (strstr(l, "HonorC") ? "order" : "ciphers");
        /* Leave what the source left at its default at the target's. */
        if (!strcmp(var, "ciphers") && !ciphers_set)
            continue;
        if (!strcmp(var, "protocol") && !protos_set)
            continue;
        if (!strcmp(var, "order") && t->ciphers.server_preference == TVC_UNSET)
            continue;
        tvc_tvars_add_line(e->a, v, var, l);
    }
    if (!ciphers_set)
        tvc_diag_add(e->d, "convert-defaults", TVC_NOTE, loc->file ? loc : NULL, 0,
                     "the cipher list is %s's default and stays at %s's default, which "
                     "differs (%zu TLS 1.2 suites here)", tvc_engine_name(src),
                     e->t->name, t->ciphers.n_tls12);
    if (ciphers_set)
        for (size_t i = 0; i < tr.n_lossy; i++)
            tvc_emit_lossy(e, loc, "%s -> %s: %s", tvc_engine_name(src), e->t->name,
                           tr.lossy[i]);
    else
        for (size_t i = 0; i < tr.n_lossy; i++)
            if (strstr(tr.lossy[i], "protocol") || strstr(tr.lossy[i], "TLSv"))
                tvc_emit_lossy(e, loc, "%s -> %s: %s", tvc_engine_name(src),
                               e->t->name, tr.lossy[i]);
}

/* ---- writing the tree -------------------------------------------------- */

typedef struct wr {
    tvc_emit *e;
    tvc_out_file *head, *tail;
    int server_done;
    int failed;
    int in_dir; /* inside <Directory>, <Location>, <Files>, ... */
    int verbatim; /* the config is already written for the target */
} wr;

static void put(tvc_out_file *f, const char *s, size_t n)
{
    if (f->len + n + 1 > f->cap) {
        size_t nc = f->cap ? f->cap : 4096;
        while (nc < f->len + n + 1)
            nc *= 2;
        char *t = realloc(f->text, nc);
        if (!t)
            abort();
        f->text = t;
        f->cap = nc;
    }
    memcpy(f->text + f->len, s, n);
    f->len += n;
    f->text[f->len] = '\0';
}

static void puts_line(tvc_out_file *f, const char *s)
{
    put(f, s, strlen(s));
    put(f, "\n", 1);
}

static const char *indent_of(tvc_arena *a, const char *raw)
{
    size_t n = 0;
    while (raw && (raw[n] == ' ' || raw[n] == '\t'))
        n++;
    return tvc_arena_strndup(a, raw ? raw : "", n);
}

static int is_tls_node(const tvc_node *n)
{
    const tvc_dialect *dl;
    if (n->kind != TVC_N_DIRECTIVE || !tvc_dialect_find(n->name, &dl))
        return 0;
    return dl->engine != TVC_ENGINE_NONE;
}

static int is_tls_module(const char *ident)
{
    return !strcmp(ident, "ssl_module") || !strcmp(ident, "tls_module") ||
           !strcmp(ident, "gnutls_module");
}

/* Is every active TLS directive (and TLS LoadModule) in the tree the
 * target module's own? Then there is nothing to convert: the config is
 * written back byte for byte (alignment, order and comments included)
 * rather than regenerated from the IR, which would drop what the IR does
 * not model. */
static int all_target(const tvc_emit *e, const tvc_node *n)
{
    for (const tvc_node *c = n->child; c; c = c->next) {
        if (c->flags & TVC_NF_INACTIVE)
            continue;
        if (c->kind == TVC_N_DIRECTIVE) {
            const tvc_dialect *dl;
            if (c->name && tvc_dialect_find(c->name, &dl) && dl->engine != TVC_ENGINE_NONE &&
                dl->engine != e->t->engine)
                return 0;
            if (c->name && !strcasecmp(c->name, "LoadModule") && c->argc == 2 &&
                is_tls_module(c->argv[0]) && strcmp(c->argv[0], e->t->module_ident))
                return 0;
        }
        if (!all_target(e, c))
            return 0;
    }
    return 1;
}

/* "SSLEngine off", "GnuTLSEnable off": a vhost's engine switch (the
 * dialect tables' set_engine), turning TLS off. */
static int engine_off_node(const tvc_node *n)
{
    const tvc_dialect *dl;
    const tvc_cmd *cmd = tvc_dialect_find(n->name, &dl);
    return cmd && cmd->set == set_engine && n->argc >= 1 && !strcasecmp(n->argv[0], "off");
}

static const tvc_vhost *vhost_of(const tvc_emit *e, const tvc_node *n)
{
    for (size_t i = 0; i < e->ir->n_vhosts; i++)
        if (e->ir->vhosts[i].node == n)
            return &e->ir->vhosts[i];
    return NULL;
}

static void block(wr *w, tvc_out_file *f, const char *name, const char *indent,
                  const tvc_vhost *vh)
{
    tvc_emit *e = w->e;
    tvc_tvars v = {0};
    static const char *const vars[] = {"engine", "certificates", "protocol", "ciphers", "order",
                                       "client", "stapling", "proxy", "other", "listen",
                                       "session", "strict_sni", "module_ident", "module_path",
                                       "extra_modules"};
    for (size_t i = 0; i < sizeof vars / sizeof *vars; i++)
        tvc_tvars_set(e->a, &v, vars[i], NULL);
    if (!strcmp(name, "loadmodule")) {
        tvc_tvars_set(e->a, &v, "module_ident", e->t->module_ident);
        tvc_tvars_set(e->a, &v, "module_path", e->t->module_path);
        /* mod_tls staples through mod_md (decided with the server block,
         * which may come later: look now). */
        if (e->t->engine == TVC_ENGINE_MODTLS && tvc_emit_any_stapling(e))
            tvc_tvars_set(e->a, &v, "extra_modules",
                          "LoadModule md_module /usr/lib/apache2/modules/mod_md.so");
    } else if (vh) {
        e->t->vhost(e, vh, &v);
    } else {
        e->t->server(e, &v);
    }
    const char *text = tvc_template_render(e->a, e->d, e->templates, e->t->name, name, indent, &v);
    if (!text) {
        w->failed = 1;
        return;
    }
    put(f, text, strlen(text));
}

static tvc_out_file *new_file(wr *w, const char *path)
{
    tvc_out_file *f = tvc_arena_calloc(w->e->a, sizeof *f);
    f->path = path;
    if (w->tail)
        w->tail->next = f;
    else
        w->head = f;
    w->tail = f;
    return f;
}

static void free_files(void *p)
{
    for (tvc_out_file *f = p; f; f = f->next)
        free(f->text);
}

static void write_children(wr *w, tvc_out_file *f, const tvc_node *parent,
                           const tvc_vhost *vh, int *vh_done);

static void write_node(wr *w, tvc_out_file *f, const tvc_node *n, const tvc_vhost *vh,
                       int *vh_done)
{
    tvc_emit *e = w->e;
    if (n->flags & TVC_NF_INACTIVE || n->kind == TVC_N_BLANK || n->kind == TVC_N_COMMENT) {
        puts_line(f, n->raw ? n->raw : "");
        if (n->kind == TVC_N_SECTION) {
            /* inactive section: its body as written */
            for (const tvc_node *c = n->child; c; c = c->next)
                write_node(w, f, c, vh, vh_done);
            if (n->end && n->end->raw)
                puts_line(f, n->end->raw);
        }
        return;
    }
    if (n->kind == TVC_N_FILE)
        return;
    if (n->kind == TVC_N_DIRECTIVE) {
        if (w->verbatim && (is_tls_node(n) || !strcasecmp(n->name, "LoadModule"))) {
            puts_line(f, n->raw);
            return;
        }
        if (!strcasecmp(n->name, "LoadModule") && n->argc == 2 && is_tls_module(n->argv[0])) {
            block(w, f, "loadmodule", indent_of(e->a, n->raw), NULL);
            return;
        }
        if (is_tls_node(n) && w->in_dir) {
            const tvc_dialect *dl;
            tvc_dialect_find(n->name, &dl);
            if (dl->engine == e->t->engine)
                puts_line(f, n->raw);
            else
                tvc_emit_lossy(e, &n->loc, "per-directory %s has no %s equivalent; it is "
                               "left out", n->name, e->t->name);
            return;
        }
        if (is_tls_node(n)) {
            if (vh && !vh->tls && engine_off_node(n))
                return; /* said by e->t->engine_off, or by no TLSEngine */
            if (vh && !vh->tls) {
                /* TLS settings of a vhost that ends up without TLS (no
                 * SSLEngine on, no TLSEngine for its port) */
                tvc_emit_lossy(e, &n->loc, "%s belongs to a vhost that does not use TLS; "
                               "it is left out", n->name);
                return;
            }
            if (vh && !*vh_done) {
                block(w, f, "vhost", indent_of(e->a, n->raw), vh);
                *vh_done = 1;
            } else if (!vh && !w->server_done) {
                block(w, f, "server", indent_of(e->a, n->raw), NULL);
                w->server_done = 1;
            }
            return;
        }
        if (!w->verbatim && (n->flags & TVC_NF_MACRO) == 0 && n->child &&
            !strcasecmp(n->name, "Use")) {
            for (const tvc_node *c = n->child; c; c = c->next)
                if (is_tls_node(c) || c->kind == TVC_N_SECTION) {
                    tvc_emit_lossy(e, &n->loc, "TLS directives made by macro '%s' are not "
                                   "converted; convert the macro body by hand",
                                   n->argc ? n->argv[0] : "?");
                    break;
                }
        }
        puts_line(f, n->raw);
        if (!strcasecmp(n->name, "Include") || !strcasecmp(n->name, "IncludeOptional"))
            for (const tvc_node *c = n->child; c; c = c->next)
                if (c->kind == TVC_N_FILE) {
                    tvc_out_file *sub = new_file(w, c->name);
                    write_children(w, sub, c, vh, vh_done);
                }
        return;
    }
    /* sections */
    if (!strcasecmp(n->name, "VirtualHost")) {
        const tvc_vhost *v = vhost_of(e, n);
        if (w->verbatim) {
            puts_line(f, n->raw);
            write_children(w, f, n, v, vh_done);
            if (n->end && n->end->raw)
                puts_line(f, n->end->raw);
            return;
        }
        if (v && v->tls && !w->server_done) {
            block(w, f, "server", indent_of(e->a, n->raw), NULL);
            w->server_done = 1;
        }
        puts_line(f, n->raw);
        /* A plain vhost under a server config that enables TLS. */
        if (v && !v->tls && e->ir->server.enabled == 1 && e->t->engine_off) {
            const char *ind = n->child ? indent_of(e->a, n->child->raw) : "    ";
            puts_line(f, tvc_arena_printf(e->a, "%s%s", *ind ? ind : "    ",
                                          e->t->engine_off));
        }
        int done = 0;
        for (const tvc_node *c = n->child; c; c = c->next)
            write_node(w, f, c, v, &done);
        if (v && v->tls && !done) {
            const char *ind = n->child ? indent_of(e->a, n->child->raw) : "    ";
            block(w, f, "vhost", *ind ? ind : "    ", v);
        }
        if (n->end && n->end->raw)
            puts_line(f, n->end->raw);
        return;
    }
    const char *open = n->raw;
    if (!w->verbatim && !strcasecmp(n->name, "IfModule") && n->argc == 1) {
        const char *arg = n->argv[0] + (n->argv[0][0] == '!');
        const char *repl = NULL;
        if (!strcmp(arg, "mod_ssl.c") || !strcmp(arg, "mod_tls.c") || !strcmp(arg, "mod_gnutls.c"))
            repl = e->t->module_file;
        else if (is_tls_module(arg))
            repl = e->t->module_ident;
        const char *at = repl ? strstr(n->raw, arg) : NULL;
        if (at)
            open = tvc_arena_printf(e->a, "%.*s%s%s", (int)(at - n->raw), n->raw, repl,
                                    at + strlen(arg));
    }
    puts_line(f, open);
    int dir = strncasecmp(n->name, "If", 2) != 0 || !strcasecmp(n->name, "If");
    w->in_dir += dir;
    write_children(w, f, n, vh, vh_done);
    w->in_dir -= dir;
    if (n->end && n->end->raw)
        puts_line(f, n->end->raw);
}

static void write_children(wr *w, tvc_out_file *f, const tvc_node *parent,
                           const tvc_vhost *vh, int *vh_done)
{
    for (const tvc_node *c = parent->child; c; c = c->next)
        write_node(w, f, c, vh, vh_done);
}

tvc_out_file *tvc_emit_tree(tvc_emit *e)
{
    wr w = {e, NULL, NULL, 0, 0, 0, all_target(e, e->cfg->root)};
    tvc_out_file *main = new_file(&w, e->cfg->main_file);
    int none = 0;
    write_children(&w, main, e->cfg->root, NULL, &none);
    tvc_arena_cleanup_add(e->a, free_files, w.head);
    return w.failed ? NULL : w.head;
}

/* ---- writing from IR JSON ---------------------------------------------- */

static int starts_with_word(const char *line, const char *word)
{
    while (*line == ' ' || *line == '\t')
        line++;
    size_t n = strlen(word);
    return !strncasecmp(line, word, n) && (line[n] == ' ' || line[n] == '\t' || !line[n]);
}

static int is_tls_loadmodule(const char *line)
{
    return starts_with_word(line, "LoadModule") &&
           (strstr(line, "ssl_module") || strstr(line, "tls_module") ||
            strstr(line, "gnutls_module"));
}

/* Without the parse tree the file layout is gone: one flat config with
 * the server-level lines, the TLS blocks and the vhosts, each with the
 * non-TLS lines the IR kept verbatim. */
tvc_out_file *tvc_emit_from_ir(tvc_emit *e, const char *path)
{
    wr w = {.e = e};
    const tvc_ir *ir = e->ir;
    tvc_out_file *f = new_file(&w, path);
    puts_line(f, tvc_arena_printf(e->a, "# Written by tlsvhostc from the IR of %s",
                                  ir->main_file ? ir->main_file : "a config"));
    block(&w, f, "loadmodule", "", NULL);
    int tls = 0;
    for (size_t i = 0; i < ir->n_vhosts; i++)
        tls |= ir->vhosts[i].tls != NULL;
    for (size_t i = 0; i < ir->n_other; i++)
        if (!is_tls_loadmodule(ir->other[i]))
            puts_line(f, ir->other[i]);
    if (tls)
        block(&w, f, "server", "", NULL);
    for (size_t i = 0; i < ir->n_vhosts; i++) {
        const tvc_vhost *vh = &ir->vhosts[i];
        const char *addrs = "";
        for (size_t k = 0; k < vh->n_addrs; k++)
            addrs = vh->addrs[k].port
                        ? tvc_arena_printf(e->a, "%s%s%s:%d", addrs, k ? " " : "",
                                           vh->addrs[k].addr, vh->addrs[k].port)
                        : tvc_arena_printf(e->a, "%s%s%s", addrs, k ? " " : "",
                                           vh->addrs[k].addr);
        puts_line(f, tvc_arena_printf(e->a, "<VirtualHost %s>", *addrs ? addrs : "*"));
        int named = 0, aliased = 0;
        for (size_t k = 0; k < vh->n_other; k++) {
            named |= starts_with_word(vh->other[k], "ServerName");
            aliased |= starts_with_word(vh->other[k], "ServerAlias");
        }
        if (!named && vh->server_name)
            puts_line(f, tvc_arena_printf(e->a, "    ServerName %s", vh->server_name));
        if (!aliased)
            for (size_t k = 0; k < vh->aliases.n; k++)
                puts_line(f, tvc_arena_printf(e->a, "    ServerAlias %s", vh->aliases.v[k]));
        for (size_t k = 0; k < vh->n_other; k++)
            puts_line(f, vh->other[k]);
        if (vh->tls)
            block(&w, f, "vhost", "    ", vh);
        puts_line(f, "</VirtualHost>");
    }
    tvc_arena_cleanup_add(e->a, free_files, w.head);
    return w.failed ? NULL : w.head;
}
