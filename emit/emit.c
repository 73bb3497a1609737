#include "config.h"

#include "emit/emit.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
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
    return tvc_dialect_quote(a, s);
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

/* The policy lines as the source wrote them, in the same language. */
static void same_language(tvc_emit *e, const tvc_tls *t, tvc_tvars *v)
{
    tvc_arena *a = e->a;
    const tvc_ciphers *c = &t->ciphers;
    tvc_engine g = e->t->engine;
    const char *protocol = TVC_DIRECTIVE(g, protocols);
    if (g != TVC_ENGINE_GNUTLS && t->protocols.text.v)
        tvc_tvars_add_line(a, v, "protocol", tvc_arena_printf(a, "%s %s", protocol,
                                                              t->protocols.text.v));
    switch (g) {
    case TVC_ENGINE_MODSSL: {
        const char *suite = tvc_dialect_name(g, offsetof(tvc_tls, ciphers), 0, tvc_set_ssl_ciphers);
        if (c->spec.v)
            tvc_tvars_add_line(a, v, "ciphers", tvc_arena_printf(a, "%s %s", suite,
                                                                 tvc_emit_quote(a, c->spec.v)));
        if (c->spec_tls13.v)
            tvc_tvars_add_line(a, v, "ciphers", tvc_arena_printf(a, "%s TLSv1.3 %s", suite,
                                                                 c->spec_tls13.v));
        break;
    }
    case TVC_ENGINE_GNUTLS:
        if (c->spec.v)
            tvc_tvars_add_line(a, v, "ciphers", tvc_arena_printf(a, "%s %s",
                               TVC_DIRECTIVE(g, ciphers.spec), c->spec.v));
        return; /* the order is in the priority string */
    case TVC_ENGINE_MODTLS:
        if (c->prefer.v)
            tvc_tvars_add_line(a, v, "ciphers", tvc_arena_printf(a, "%s %s",
                               TVC_DIRECTIVE(g, ciphers.prefer), c->prefer.v));
        if (c->suppress.v)
            tvc_tvars_add_line(a, v, "ciphers", tvc_arena_printf(a, "%s %s",
                               TVC_DIRECTIVE(g, ciphers.suppress), c->suppress.v));
        break;
    default:
        return;
    }
    if (c->server_preference != TVC_UNSET) {
        tvc_setting order = {TVC_ASPECT_ORDER, NULL, c->server_preference, 0, 1};
        const char *slot;
        tvc_tvars_add_line(a, v, "order", tvc_emit_setting(a, g, &order, 0, &slot));
    }
}

int tvc_emit_policy_translate(tvc_emit *e, const tvc_tls *t, const tvc_tls *parent,
                              tvc_tvars *v, tvc_translation *tr)
{
    memset(tr, 0, sizeof *tr);
    if (same_policy(t, parent))
        return 0;
    tvc_engine src = tvc_emit_source(t);
    if (src == e->t->engine) {
        same_language(e, t, v);
        return 0;
    }
    unsigned set = 0;
    if (t->ciphers.spec.v || t->ciphers.spec_tls13.v || t->ciphers.prefer.v ||
        t->ciphers.suppress.v)
        set |= TVC_SET_CIPHERS;
    if (t->protocols.text.v || t->protocols.min != TVC_UNSET)
        set |= TVC_SET_PROTOCOLS;
    if (t->ciphers.server_preference != TVC_UNSET)
        set |= TVC_SET_ORDER;
    int pref = t->ciphers.server_preference == TVC_UNSET ? -1 : t->ciphers.server_preference;
    /* A GnuTLS priority string says versions, suites and order in one:
     * which of them it really sets is measured (NORMAL with versions only
     * is the default cipher list). */
    if (src == TVC_ENGINE_GNUTLS && t->ciphers.spec.v) {
        int gs = tvc_gnutls_sets(e->a, t->ciphers.spec.v);
        set = gs < 0 ? TVC_SET_ALL : (unsigned)gs;
        if (set & TVC_SET_ORDER)
            pref = 1;
        /* A vhost's string replaces the server's: what the server's sets,
         * the vhost's must say again, even where it is NORMAL's. */
        if (parent && parent->ciphers.spec.v && tvc_emit_source(parent) == TVC_ENGINE_GNUTLS) {
            int ps = tvc_gnutls_sets(e->a, parent->ciphers.spec.v);
            set |= ps < 0 ? TVC_SET_ALL : (unsigned)ps & ~TVC_SET_ORDER;
            if (ps > 0 && (ps & TVC_SET_ORDER) && !(set & TVC_SET_ORDER)) {
                set |= TVC_SET_ORDER;
                pref = 0;
            }
        }
    } else if (!set) {
        return 0;
    }
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
    p.server_preference = pref;
    p.tickets = -1;
    if (tvc_policy_translate_set(e->a, &p, set, tvc_engine_name(src), e->t->engine, tr) < 0) {
        for (size_t i = 0; i < tr->n_lossy; i++)
            tvc_emit_lossy(e, loc, "%s", tr->lossy[i].message);
        return 0;
    }
    for (size_t i = 0; i < tr->n_defaults; i++)
        tvc_diag_add(e->d, "convert-defaults", TVC_NOTE, loc->file ? loc : NULL, 0, "%s",
                     tr->defaults[i]);
    for (size_t i = 0; i < tr->n_lossy; i++)
        tvc_emit_lossy(e, loc, "%s -> %s: %s", tvc_engine_name(src), e->t->name,
                       tr->lossy[i].message);
    return 1;
}

/* The order of a target: mod_tls says whose order counts the other way
 * round (TLSHonorClientOrder). */
static const char *order_word(tvc_engine target, int server_preference)
{
    int on = target == TVC_ENGINE_MODTLS ? !server_preference : server_preference;
    return on ? "on" : "off";
}

/* The directive of `target` that sets a cipher field: `tls` is the
 * offset in tvc_tls, `px` in tvc_proxy_tls; `set` tells a list from its
 * order where both fill one field. */
static const char *cipher_directive(tvc_engine target, int proxy, size_t tls, size_t px,
                                    tvc_setter set)
{
    return tvc_dialect_name(target, proxy ? px : tls, proxy, set);
}

const char *tvc_emit_setting(tvc_arena *a, tvc_engine target, const tvc_setting *s, int proxy,
                             const char **var)
{
    *var = s->aspect == TVC_ASPECT_PROTOCOLS ? "protocol"
           : s->aspect == TVC_ASPECT_ORDER   ? "order"
                                             : "ciphers";
    const char *name = NULL, *args = s->args;
    switch (s->aspect) {
    case TVC_ASPECT_PROTOCOLS:
        name = cipher_directive(target, proxy, offsetof(tvc_tls, protocols),
                                offsetof(tvc_proxy_tls, protocols), NULL);
        if (target == TVC_ENGINE_MODTLS) {
            args = tvc_arena_printf(a, "%s+", tvc_proto_name(s->lo));
        } else {
            args = "-all";
            for (int ver = s->lo; ver <= s->hi; ver++)
                args = tvc_arena_printf(a, "%s +%s", args, tvc_proto_name(ver));
        }
        break;
    case TVC_ASPECT_TLS12_CIPHERS:
    case TVC_ASPECT_TLS13_CIPHERS:
        name = cipher_directive(target, proxy, offsetof(tvc_tls, ciphers),
                                offsetof(tvc_proxy_tls, ciphers), tvc_set_ssl_ciphers);
        if (s->aspect == TVC_ASPECT_TLS13_CIPHERS)
            args = tvc_arena_printf(a, "TLSv1.3 %s", s->args);
        break;
    case TVC_ASPECT_CIPHERS_PREFER:
        name = cipher_directive(target, proxy, offsetof(tvc_tls, ciphers.prefer),
                                offsetof(tvc_proxy_tls, ciphers.prefer), NULL);
        break;
    case TVC_ASPECT_CIPHERS_SUPPRESS:
        name = cipher_directive(target, proxy, offsetof(tvc_tls, ciphers.suppress),
                                offsetof(tvc_proxy_tls, ciphers.suppress), NULL);
        break;
    case TVC_ASPECT_ORDER:
        /* the backend side has no order to set */
        if (!proxy)
            name = tvc_dialect_name(target, offsetof(tvc_tls, ciphers), 0,
                                    target == TVC_ENGINE_MODTLS ? tvc_set_client_order
                                                                : tvc_set_preference);
        args = order_word(target, s->lo);
        break;
    case TVC_ASPECT_PRIORITIES:
        name = cipher_directive(target, proxy, offsetof(tvc_tls, ciphers.spec),
                                offsetof(tvc_proxy_tls, ciphers.spec), NULL);
        break;
    default:
        break;
    }
    return name ? tvc_arena_printf(a, "%s %s", name, args) : NULL;
}

void tvc_emit_policy_write(tvc_emit *e, const tvc_translation *tr, tvc_tvars *v)
{
    for (size_t i = 0; i < tr->n_settings; i++) {
        const char *var, *l = tvc_emit_setting(e->a, e->t->engine, &tr->settings[i], 0, &var);
        if (l)
            tvc_tvars_add_line(e->a, v, var, l);
    }
}

void tvc_emit_policy(tvc_emit *e, const tvc_tls *t, const tvc_tls *parent, tvc_tvars *v)
{
    tvc_translation tr;
    if (tvc_emit_policy_translate(e, t, parent, v, &tr))
        tvc_emit_policy_write(e, &tr, v);
}

/* ---- writing the tree -------------------------------------------------- */

typedef struct wr {
    tvc_emit *e;
    tvc_out_file *head, *tail;
    int server_done;
    int failed;
    int in_dir; /* inside <Directory>, <Location>, <Files>, ... */
    int verbatim; /* the config is already written for the target */
    const char *root; /* tvc_emit_tree_root */
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
    return tvc_dialect_by_ident(ident) != NULL;
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
                is_tls_module(c->argv[0]) &&
                strcmp(c->argv[0], tvc_dialect_of(e->t->engine)->module_ident))
                return 0;
        }
        if (!all_target(e, c))
            return 0;
    }
    return 1;
}

/* A vhost's engine switch (the dialect tables' tvc_set_engine) turning TLS
 * off. */
static int engine_off_node(const tvc_node *n)
{
    const tvc_dialect *dl;
    const tvc_cmd *cmd = tvc_dialect_find(n->name, &dl);
    return cmd && cmd->set == tvc_set_engine && n->argc >= 1 && !strcasecmp(n->argv[0], "off");
}

static const tvc_vhost *vhost_of(const tvc_emit *e, const tvc_node *n)
{
    for (size_t i = 0; i < e->ir->n_vhosts; i++)
        if (e->ir->vhosts[i].node == n)
            return &e->ir->vhosts[i];
    return NULL;
}

/* Where Debian's apache2 installs a module (the .so is the dialect's):
 * the LoadModule line the output adds for the target. */
static const char *module_path(tvc_arena *a, const tvc_dialect *dl)
{
    return tvc_arena_printf(a, "/usr/lib/apache2/modules/%s", dl->module_so);
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
        const tvc_dialect *dl = tvc_dialect_of(e->t->engine);
        tvc_tvars_set(e->a, &v, "module_ident", dl->module_ident);
        tvc_tvars_set(e->a, &v, "module_path", module_path(e->a, dl));
        /* mod_tls staples through mod_md (decided with the server block,
         * which may come later: look now). */
        if (e->t->engine == TVC_ENGINE_MODTLS && tvc_emit_any_stapling(e))
            tvc_tvars_set(e->a, &v, "extra_modules",
                          tvc_arena_printf(e->a, "LoadModule %s %s",
                                           tvc_dialect_modmd.module_ident,
                                           module_path(e->a, &tvc_dialect_modmd)));
    } else if (vh) {
        e->t->vhost(e, vh, &v);
    } else {
        e->t->server(e, &v);
    }
    const char *text = tvc_template_render(e->a, e->d, e->templates, "httpd", name, indent, &v);
    if (!text) {
        w->failed = 1;
        return;
    }
    put(f, text, strlen(text));
}

static tvc_out_file *new_file(wr *w, const char *path)
{
    tvc_out_file *f = tvc_arena_calloc(w->e->a, sizeof *f);
    f->path = f->deploy = path;
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
static void write_include(wr *w, tvc_out_file *f, const tvc_node *n, const tvc_vhost *vh,
                          int *vh_done);

/* The name an <IfModule> of a TLS module takes in the output, so that the
 * section holds there exactly when it held in the input: the output loads
 * the target module and no other TLS module. A module the input loads
 * becomes the target; the target itself, not loaded in the input, becomes
 * one the output does not load (Debian's ports.conf has a Listen 443 in
 * <IfModule ssl_module> and another in <IfModule mod_gnutls.c>: converted
 * to mod_gnutls, both would hold, and httpd refuses two Listeners on one
 * port). NULL: the name stays. */
static const char *ifmodule_name(const tvc_emit *e, const char *arg)
{
    const tvc_dialect *all[] = {tvc_dialect_of(TVC_ENGINE_MODSSL),
                                tvc_dialect_of(TVC_ENGINE_GNUTLS),
                                tvc_dialect_of(TVC_ENGINE_MODTLS)};
    const tvc_dialect *target = tvc_dialect_of(e->t->engine);
    int by_file = -1;
    for (size_t i = 0; i < 3; i++) {
        if (!strcmp(arg, all[i]->module_file))
            by_file = 1;
        else if (!strcmp(arg, all[i]->module_ident))
            by_file = 0;
    }
    if (by_file < 0)
        return NULL;
    if (tvc_config_has_module(e->cfg, arg))
        return by_file ? target->module_file : target->module_ident;
    if (strcmp(arg, target->module_file) && strcmp(arg, target->module_ident))
        return NULL;
    const tvc_dialect *off = NULL;
    for (size_t i = 0; i < 3; i++)
        if (all[i] != target && (!off || tvc_config_has_module(e->cfg, all[i]->module_ident)))
            off = all[i];
    return by_file ? off->module_file : off->module_ident;
}

static void write_node(wr *w, tvc_out_file *f, const tvc_node *n, const tvc_vhost *vh,
                       int *vh_done);

/* Inactive lines, blanks and comments as written; an inactive section
 * with its body. */
static void write_inactive(wr *w, tvc_out_file *f, const tvc_node *n, const tvc_vhost *vh,
                           int *vh_done)
{
    puts_line(f, n->raw ? n->raw : "");
    if (n->kind != TVC_N_SECTION)
        return;
    for (const tvc_node *c = n->child; c; c = c->next)
        write_node(w, f, c, vh, vh_done);
    if (n->end && n->end->raw)
        puts_line(f, n->end->raw);
}

/* A TLS directive: the first of a vhost (or of the server config) is
 * replaced by the target's block, the rest are in it already. */
static void write_tls_directive(wr *w, tvc_out_file *f, const tvc_node *n,
                                const tvc_vhost *vh, int *vh_done)
{
    tvc_emit *e = w->e;
    if (w->in_dir) {
        const tvc_dialect *dl;
        tvc_dialect_find(n->name, &dl);
        if (dl->engine == e->t->engine)
            puts_line(f, n->raw);
        else
            tvc_emit_lossy(e, &n->loc, "per-directory %s has no %s equivalent; it is "
                           "left out", n->name, e->t->name);
        return;
    }
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
}

static void write_directive(wr *w, tvc_out_file *f, const tvc_node *n, const tvc_vhost *vh,
                            int *vh_done)
{
    tvc_emit *e = w->e;
    if (w->verbatim && (is_tls_node(n) || !strcasecmp(n->name, "LoadModule"))) {
        puts_line(f, n->raw);
        return;
    }
    if (!strcasecmp(n->name, "LoadModule") && n->argc == 2 && is_tls_module(n->argv[0])) {
        block(w, f, "loadmodule", indent_of(e->a, n->raw), NULL);
        return;
    }
    if (is_tls_node(n)) {
        write_tls_directive(w, f, n, vh, vh_done);
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
    if (!strcasecmp(n->name, "Include") || !strcasecmp(n->name, "IncludeOptional"))
        write_include(w, f, n, vh, vh_done);
    else
        puts_line(f, n->raw);
}

static void write_vhost_section(wr *w, tvc_out_file *f, const tvc_node *n, int *vh_done)
{
    tvc_emit *e = w->e;
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
    /* The module's engine switch turns it off again (vhosts inherit
     * it); mod_tls has none: it decides per port. */
    const char *off = tvc_emit_row_int_line(e, offsetof(tvc_tls, enabled), 0, 0);
    if (v && !v->tls && e->ir->server.enabled == 1 && off) {
        const char *ind = n->child ? indent_of(e->a, n->child->raw) : "    ";
        puts_line(f, tvc_arena_printf(e->a, "%s%s", *ind ? ind : "    ", off));
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
}

/* Any other section: <IfModule> names the target's module, the body is
 * written in its directory context (all but the <If*> conditionals). */
static void write_section(wr *w, tvc_out_file *f, const tvc_node *n, const tvc_vhost *vh,
                          int *vh_done)
{
    tvc_emit *e = w->e;
    const char *open = n->raw;
    if (!w->verbatim && !strcasecmp(n->name, "IfModule") && n->argc == 1) {
        const char *arg = n->argv[0] + (n->argv[0][0] == '!');
        const char *repl = ifmodule_name(e, arg);
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

static void write_node(wr *w, tvc_out_file *f, const tvc_node *n, const tvc_vhost *vh,
                       int *vh_done)
{
    if (n->flags & TVC_NF_INACTIVE || n->kind == TVC_N_BLANK || n->kind == TVC_N_COMMENT)
        write_inactive(w, f, n, vh, vh_done);
    else if (n->kind == TVC_N_DIRECTIVE)
        write_directive(w, f, n, vh, vh_done);
    else if (n->kind == TVC_N_FILE)
        return;
    else if (!strcasecmp(n->name, "VirtualHost"))
        write_vhost_section(w, f, n, vh_done);
    else
        write_section(w, f, n, vh, vh_done);
}

static void write_children(wr *w, tvc_out_file *f, const tvc_node *parent,
                           const tvc_vhost *vh, int *vh_done)
{
    for (const tvc_node *c = parent->child; c; c = c->next)
        write_node(w, f, c, vh, vh_done);
}

/* ---- included files ---------------------------------------------------- */

static const char *dir_of(tvc_arena *a, const char *path)
{
    char *d = tvc_arena_strdup(a, path);
    char *slash = strrchr(d, '/');
    if (slash && slash != d)
        *slash = '\0';
    else if (slash)
        slash[1] = '\0';
    return d;
}

static const char *under(const char *root, const char *path)
{
    size_t n = strlen(root);
    while (n > 1 && root[n - 1] == '/')
        n--;
    if (!strncmp(path, root, n) && path[n] == '/')
        return path + n + 1;
    return NULL;
}

const char *tvc_emit_tree_rel(const char *root, const char *path)
{
    const char *r = under(root, path);
    if (r)
        return r;
    /* A symbolic link on the way: compare where both really are. */
    char rr[PATH_MAX], rp[PATH_MAX];
    if (!realpath(root, rr) || !realpath(path, rp) || !(r = under(rr, rp)))
        return NULL;
    return path + strlen(path) - strlen(r);
}

const char *tvc_emit_tree_root(tvc_arena *a, const tvc_config *cfg)
{
    if (cfg->server_root && tvc_emit_tree_rel(cfg->server_root, cfg->main_file))
        return cfg->server_root;
    return dir_of(a, cfg->main_file);
}

int tvc_emit_same_as_file(const char *path, const char *text, size_t len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return 0;
    char buf[65536];
    size_t off = 0, n;
    int same = 1;
    while (same && (n = fread(buf, 1, sizeof buf, fp)) > 0) {
        same = off + n <= len && !memcmp(buf, text + off, n);
        off += n;
    }
    same = same && !ferror(fp) && off == len;
    fclose(fp);
    return same;
}

static int has_tls(const tvc_node *n)
{
    for (const tvc_node *c = n->child; c; c = c->next)
        if (!(c->flags & TVC_NF_INACTIVE) && (is_tls_node(c) || has_tls(c)))
            return 1;
    return 0;
}

/* "options-ssl-apache.conf" -> "options-ssl-apache.mod_tls.conf": the
 * target's name before the last extension of the last component. */
static const char *target_name(tvc_arena *a, const char *path, const char *target)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    if (!dot || dot == base)
        return tvc_arena_printf(a, "%s.%s", path, target);
    return tvc_arena_printf(a, "%.*s.%s%s", (int)(dot - path), path, target, dot);
}

/* The Include line naming the converted copy instead: the argument
 * renamed where the line spells it, else the line written anew. */
static const char *include_moved(tvc_emit *e, const tvc_node *n, const char *file)
{
    const char *base = strrchr(file, '/');
    base = base ? base + 1 : file;
    const char *new_base = target_name(e->a, base, e->t->name);
    const char *at = NULL;
    for (const char *p = strstr(n->raw, base); p; p = strstr(p + 1, base))
        at = p;
    if (at)
        return tvc_arena_printf(e->a, "%.*s%s%s", (int)(at - n->raw), n->raw, new_base,
                                at + strlen(base));
    return tvc_arena_printf(e->a, "%s%s %s", indent_of(e->a, n->raw), n->name,
                            tvc_emit_quote(e->a, target_name(e->a, n->argv[0], e->t->name)));
}

static tvc_out_file *find_file(wr *w, const char *path)
{
    for (tvc_out_file *f = w->head; f; f = f->next)
        if (f->outside && !strcmp(f->path, path))
            return f;
    return NULL;
}

/* An Include line and the files it reads. Inside a vhost, the vhost's
 * TLS block goes before the Include, never into the included file: one
 * file can serve several vhosts (certbot includes its options file from
 * each), and each vhost's block is its own. A file outside the tree
 * whose text changes gets a converted copy of its own (tvc_out_file). */
static void write_include(wr *w, tvc_out_file *f, const tvc_node *n, const tvc_vhost *vh,
                          int *vh_done)
{
    tvc_emit *e = w->e;
    if (vh && vh->tls && !*vh_done && !w->verbatim && has_tls(n)) {
        block(w, f, "vhost", indent_of(e->a, n->raw), vh);
        *vh_done = 1;
    }
    const char *line = n->raw;
    for (const tvc_node *c = n->child; c; c = c->next) {
        if (c->kind != TVC_N_FILE)
            continue;
        if (tvc_emit_tree_rel(w->root, c->name)) {
            write_children(w, new_file(w, c->name), c, vh, vh_done);
            continue;
        }
        tvc_out_file *sub = tvc_arena_calloc(e->a, sizeof *sub);
        sub->path = c->name;
        sub->outside = 1;
        write_children(w, sub, c, vh, vh_done);
        tvc_out_file *prev = find_file(w, c->name);
        if (prev) {
            int same = prev->len == sub->len && !memcmp(prev->text ? prev->text : "",
                                                        sub->text ? sub->text : "", sub->len);
            free(sub->text);
            if (!same) {
                tvc_diag_add(e->d, "convert-outside-file", TVC_ERROR, &n->loc, 0,
                             "'%s' is outside the tree and converts differently here than "
                             "where it is included first; convert it by hand",
                             c->name);
                e->n_blocked++;
            } else if (prev->deploy) {
                line = include_moved(e, n, c->name);
            }
            continue;
        }
        if (w->tail)
            w->tail->next = sub;
        else
            w->head = sub;
        w->tail = sub;
        if (tvc_emit_same_as_file(c->name, sub->text ? sub->text : "", sub->len))
            continue; /* the Include may go on naming it */
        const char *arg = n->argc ? n->argv[0] : "";
        size_t al = strlen(arg), cl = strlen(c->name);
        if (strpbrk(arg, "*?[") || al > cl || strcmp(c->name + cl - al, arg)) {
            /* one Include for many files: no one name to change */
            tvc_diag_add(e->d, "convert-outside-file", TVC_ERROR, &n->loc, 0,
                         "'%s' is outside the tree and has TLS settings to convert, but "
                         "it is included by a wildcard or directory; include it by its "
                         "own name, or convert it by hand", c->name);
            e->n_blocked++;
            continue;
        }
        sub->deploy = target_name(e->a, c->name, e->t->name);
        sub->moved_at = &n->loc;
        line = include_moved(e, n, c->name);
    }
    puts_line(f, line);
}

tvc_out_file *tvc_emit_tree(tvc_emit *e)
{
    wr w = {e, NULL, NULL, 0, 0, 0, all_target(e, e->cfg->root),
            tvc_emit_tree_root(e->a, e->cfg)};
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

/* LoadModule of a TLS module: its second word names one. */
static int is_tls_loadmodule(tvc_arena *a, const char *line)
{
    if (!starts_with_word(line, "LoadModule"))
        return 0;
    line += strspn(line, " \t");
    line += strlen("LoadModule");
    line += strspn(line, " \t");
    return is_tls_module(tvc_arena_strndup(a, line, strcspn(line, " \t")));
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
        if (!is_tls_loadmodule(e->a, ir->other[i]))
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
