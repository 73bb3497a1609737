#include "config.h"

#include "emit/common.h"

#include <stdarg.h>
#include <string.h>
#include <strings.h>

#include "ir/dialect.h"
#include "ir/dialect_setters.h"
#include "policy/groups.h"
#include "policy/policy.h"
#include "policy/suites.h"
#include "policy/translate.h"

/* Never relative where the user wrote an absolute path, nor the reverse:
 * httpd resolves a relative path against the ServerRoot it runs with,
 * which need not be the one tlsvhostc assumed (the directory of CONFIG
 * when the config has no ServerRoot line). */
const char *tvc_emit_path(tvc_emit *e, const char *abs)
{
    return abs ? tvc_emit_quote(e->a, tvc_ir_path_as_written(e->ir, abs)) : "";
}

int tvc_emit_own_certs(const tvc_emit *e, const tvc_tls *t)
{
    (void)e;
    return t->certs.n != 0;
}

int tvc_emit_harmless(const char *name)
{
    static const char *const list[] = {"SSLRandomSeed", "SSLPassPhraseDialog", "SSLCryptoDevice",
                                       "SSLOptions", NULL};
    for (size_t i = 0; list[i]; i++)
        if (!strcasecmp(name, list[i]))
            return 1;
    return 0;
}

/* ---- what a level wrote itself: the IR's record (ir.h, tvc_tls.own) ---- */

/* The level whose settings the writers of one block read: the vhost's
 * (its tls is its effective view and its own record), or the server's. */
static const tvc_tls *level_of(const tvc_emit *e, const tvc_vhost *vh)
{
    return vh ? vh->tls : &e->ir->server;
}

void tvc_emit_other(tvc_emit *e, const tvc_vhost *vh, const tvc_tls *t, tvc_tvars *v)
{
    for (size_t i = 0; i < t->other.n; i++) {
        const tvc_raw *r = &t->other.v[i];
        /* the server's lines are written at the server; per-directory and
         * <Proxy> lines: emit.c writes or reports them */
        if (r->level != TVC_RAW_OWN)
            continue;
        const tvc_dialect *dl;
        tvc_dialect_find(r->name, &dl);
        const char *what = r->name;
        int conf_cmd = !strcasecmp(r->name, TVC_SSL_DIRECTIVE(groups));
        if (conf_cmd && r->argc >= 1)
            what = tvc_arena_printf(e->a, "%s %s", r->name, r->argv[0]);
        if (conf_cmd && r->argc == 2 &&
            !strcasecmp(r->argv[0], "DHParameters") && e->t->engine == TVC_ENGINE_GNUTLS) {
            /* the same PKCS #3 PEM file */
            tvc_tvars_add_line(e->a, v, "other", tvc_arena_printf(e->a, "%s %s",
                               TVC_DIRECTIVE(TVC_ENGINE_GNUTLS, dh_file),
                               tvc_emit_quote(e->a, r->argv[1])));
        } else if (dl && dl->engine == e->t->engine) {
            const char *line = r->name;
            for (int k = 0; k < r->argc; k++)
                line = tvc_arena_printf(e->a, "%s %s", line, tvc_emit_quote(e->a, r->argv[k]));
            tvc_tvars_add_line(e->a, v, "other", line);
        } else if (tvc_emit_harmless(r->name)) {
            tvc_emit_note(e, "convert-defaults", vh, &r->loc,
                          "%s has no %s equivalent and is left out; %s's defaults apply",
                          what, e->t->name, e->t->name);
        } else {
            tvc_emit_lossy_vh(e, vh, &r->loc, "%s has no %s equivalent; it is left out", what,
                              e->t->name);
        }
    }
}

const char *tvc_emit_listener(tvc_emit *e, const tvc_listener *l)
{
    if (!strcmp(l->addr.addr, "*"))
        return tvc_arena_printf(e->a, "%d", l->addr.port);
    return tvc_arena_printf(e->a, "%s:%d", l->addr.addr, l->addr.port);
}

int tvc_emit_any_stapling(const tvc_emit *e)
{
    for (size_t i = 0; i < e->ir->n_vhosts; i++) {
        const tvc_tls *t = e->ir->vhosts[i].tls;
        if (t && (t->stapling.enabled == 1 || t->stapling.md_stapling == 1))
            return 1;
    }
    return 0;
}

/* ---- settings beyond the cipher policy -------------------------------- */

const tvc_loc *tvc_emit_strict_sni_at(const tvc_tls *t)
{
    if (t->strict_sni == TVC_UNSET)
        return NULL;
    return tvc_tls_written_in(t, TVC_ENGINE_MODSSL, offsetof(tvc_tls, strict_sni), 0);
}

tvc_engine tvc_emit_source(const tvc_tls *t)
{
    return tvc_tls_source(t);
}

static void describe_vhost(tvc_diag *g, const tvc_vhost *vh)
{
    if (!g || !vh)
        return;
    g->vhost_addr = vh->n_addrs ? vh->addrs[0].addr : "*";
    g->vhost_port = vh->n_addrs ? vh->addrs[0].port : 0;
    g->vhost_name = vh->server_name;
}

void tvc_emit_lossy_vh(tvc_emit *e, const tvc_vhost *vh, const tvc_loc *loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tvc_diag *g = tvc_diag_addv(e->d, "convert-lossy", TVC_ERROR, loc && loc->file ? loc : NULL,
                                0, fmt, ap);
    va_end(ap);
    describe_vhost(g, vh);
    e->n_lossy++;
}

void tvc_emit_note(tvc_emit *e, const char *id, const tvc_vhost *vh, const tvc_loc *loc,
                   const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tvc_diag *g = tvc_diag_addv(e->d, id, TVC_NOTE, loc && loc->file ? loc : NULL, 0, fmt, ap);
    va_end(ap);
    describe_vhost(g, vh);
}

/* ---- convert-defaults: protocols and ciphers left at the defaults ---- */

static int policy_unset(const tvc_tls *t)
{
    return !t->protocols.text.v && t->protocols.min == TVC_UNSET &&
           t->protocols.max == TVC_UNSET && !t->ciphers.spec.v && !t->ciphers.spec_tls13.v &&
           !t->ciphers.prefer.v && !t->ciphers.suppress.v;
}

/* The target's policy when nothing is set, as the policy engine reads it
 * (GnuTLS: NORMAL, mod_gnutls's built-in priorities). */
static int target_default(tvc_emit *e, tvc_policy *p)
{
    tvc_policy_errs errs = {0};
    switch (e->t->engine) {
    case TVC_ENGINE_MODSSL: {
        tvc_openssl_in in = {NULL, NULL, 0, 0, -1, NULL};
        return tvc_openssl_resolve(e->a, &in, p, &errs);
    }
    case TVC_ENGINE_GNUTLS: {
        tvc_policy_err err = {.fatal = 1};
        return tvc_gnutls_resolve(e->a, "NORMAL", p, &err);
    }
    case TVC_ENGINE_MODTLS:
        return tvc_rustls_resolve(e->a, NULL, NULL, 0, -1, p, &errs);
    default:
        return -1;
    }
}

static int in_names(const char **v, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(v[i], s))
            return 1;
    return 0;
}

/* Suites of a list the range really negotiates (a TLS 1.3-only policy
 * negotiates none of its TLS 1.2 list). */
static size_t eff_count(size_t n, int lo, int hi, int version)
{
    return lo && lo <= version && version <= hi ? n : 0;
}

static int same_suites(const char **names, size_t nn, const uint16_t *codes, size_t nc)
{
    if (nn != nc)
        return 0;
    for (size_t i = 0; i < nc; i++) {
        const tvc_suite *s = tvc_suite_by_code(codes[i]);
        if (!s || !in_names(names, nn, s->iana))
            return 0;
    }
    return 1;
}

static const char *range_text(tvc_arena *a, int lo, int hi)
{
    if (!lo)
        return "no protocol version";
    if (lo == hi)
        return tvc_arena_printf(a, "%s only", tvc_proto_name(lo));
    return tvc_arena_printf(a, "%s to %s", tvc_proto_name(lo), tvc_proto_name(hi));
}

void tvc_emit_default_policy(tvc_emit *e)
{
    const tvc_ir *ir = e->ir;
    tvc_policy def;
    int have_def = 0;
    for (int src = TVC_ENGINE_MODSSL; src <= TVC_ENGINE_MODTLS; src++) {
        if ((tvc_engine)src == e->t->engine)
            continue;
        const tvc_vhost *first = NULL;
        size_t more = 0;
        for (size_t i = 0; i < ir->n_vhosts; i++) {
            const tvc_tls *t = ir->vhosts[i].tls;
            if (!t || t->engine != (tvc_engine)src || !policy_unset(t) || !t->protocols.eff_min)
                continue;
            if (!first)
                first = &ir->vhosts[i];
            else
                more++;
        }
        if (!first)
            continue;
        if (!have_def) {
            if (target_default(e, &def) != 0)
                return;
            have_def = 1;
        }
        const tvc_tls *t = first->tls;
        int lo = t->protocols.eff_min, hi = t->protocols.eff_max;
        size_t n12 = eff_count(t->ciphers.n_tls12, lo, hi, TVC_TLS12);
        size_t n13 = eff_count(t->ciphers.n_tls13, lo, hi, TVC_TLS13);
        size_t d12 = eff_count(def.n_tls12, def.proto_min, def.proto_max, TVC_TLS12);
        size_t d13 = eff_count(def.n_tls13, def.proto_min, def.proto_max, TVC_TLS13);
        if (lo == def.proto_min && hi == def.proto_max &&
            same_suites(t->ciphers.tls12, n12, def.tls12, d12) &&
            same_suites(t->ciphers.tls13, n13, def.tls13, d13))
            continue;
        const tvc_loc *loc = t->enabled_loc.file ? &t->enabled_loc : &first->loc;
        tvc_emit_note(e, "convert-defaults", first, loc,
                      "the protocols and ciphers are %s's defaults (%s, %zu TLS 1.2 and %zu "
                      "TLS 1.3 suites) and stay at %s's defaults, which differ (%s, %zu TLS 1.2 "
                      "and %zu TLS 1.3 suites)%s; set them to keep the old policy",
                      tvc_engine_name((tvc_engine)src), range_text(e->a, lo, hi), n12, n13,
                      e->t->name, range_text(e->a, def.proto_min, def.proto_max), d12, d13,
                      more ? tvc_arena_printf(e->a, "; so do %zu more vhost%s", more,
                                              more == 1 ? "" : "s")
                           : "");
    }
}

/* ---- key-exchange groups ---- */

/* The spellings come from the one group table (policy/groups.h). */
const char *tvc_emit_gnutls_group(const char *name)
{
    const tvc_group *g = tvc_group_by_name(name);
    return g ? g->gnutls : NULL;
}

const char *tvc_emit_openssl_group(const char *name)
{
    const tvc_group *g = tvc_group_by_name(name);
    return g ? g->openssl : NULL;
}

size_t tvc_emit_groups_for(tvc_emit *e, const tvc_vhost *vh, const tvc_tls *t,
                           const tvc_tls *parent, int may_omit, const char ***names)
{
    const char **g;
    const tvc_loc *loc;
    *names = NULL;
    size_t n = tvc_emit_groups(e, t, parent, &g, &loc);
    if (!n)
        return 0;
    /* A list equal to the target's own may be left out only where no
     * level above sets another. */
    const char **pg;
    const tvc_loc *ploc;
    if (parent && tvc_emit_groups(e, parent, NULL, &pg, &ploc))
        may_omit = 0;
    tvc_groups_translation gt;
    tvc_groups_translate(e->a, g, n, e->t->engine, may_omit, &gt);
    for (size_t i = 0; i < gt.n_lossy; i++)
        tvc_emit_lossy_vh(e, vh, loc, "%s", gt.lossy[i].message);
    *names = gt.names;
    return gt.n;
}

size_t tvc_emit_groups(tvc_emit *e, const tvc_tls *t, const tvc_tls *parent, const char ***names,
                       const tvc_loc **loc)
{
    *names = NULL;
    *loc = NULL;
    if (t->groups.n) {
        int inherited = parent && parent->groups.n == t->groups.n;
        for (size_t i = 0; inherited && i < t->groups.n; i++)
            inherited = !strcmp(t->groups.v[i], parent->groups.v[i]);
        /* no parent: the effective list (the runtime's question) */
        if (inherited || (parent && !TVC_WRITTEN(t, groups)))
            return 0;
        *names = t->groups.v;
        *loc = &t->groups.loc[0];
        return t->groups.n;
    }
    /* GnuTLS: GROUP-* in the priority string written here. */
    if (tvc_emit_source(t) != TVC_ENGINE_GNUTLS ||
        !(parent ? TVC_OWN_STR(t, parent, ciphers.spec) : t->ciphers.spec.v != NULL))
        return 0;
    tvc_policy p, normal;
    tvc_policy_err err = {.fatal = 1};
    if (tvc_gnutls_resolve(e->a, t->ciphers.spec.v, &p, &err) != 0 ||
        tvc_gnutls_resolve(e->a, "NORMAL", &normal, &err) != 0)
        return 0;
    if (!p.n_groups ||
        tvc_groups_same(tvc_groups_codes(e->a, p.groups, p.n_groups), p.n_groups,
                        tvc_groups_codes(e->a, normal.groups, normal.n_groups), normal.n_groups))
        return 0;
    *names = p.groups;
    *loc = &t->ciphers.spec.loc;
    return p.n_groups;
}

#define CLIENT(f) offsetof(tvc_tls, client.f), 0
#define PROXY(f) offsetof(tvc_proxy_tls, f), 1

/* ---- proxy (backend) TLS ---- */

/* The backend-side directives of a target that its messages name, from
 * its dialect table (the lines go through tvc_emit_row). */
typedef struct proxy_dirs {
    const char *ca_file, *verify_what;
} proxy_dirs;

static proxy_dirs proxy_dirs_of(tvc_engine t)
{
    proxy_dirs d = {TVC_PROXY_DIRECTIVE(t, ca_file), NULL};
    /* what mod_gnutls and mod_tls always verify backends against */
    if (t != TVC_ENGINE_MODSSL)
        d.verify_what = d.ca_file;
    return d;
}

/* The backend side's versions and suites, read in the source's language. */
static int proxy_resolve(tvc_emit *e, const tvc_proxy_tls *px, tvc_engine src, tvc_policy *p)
{
    tvc_policy_errs errs = {0};
    int lo = px->protocols.min == TVC_UNSET ? 0 : px->protocols.min;
    int hi = px->protocols.max == TVC_UNSET ? 0 : px->protocols.max;
    switch (src) {
    case TVC_ENGINE_MODSSL: {
        tvc_openssl_in in = {px->ciphers.spec.v, px->ciphers.spec_tls13.v, lo, hi, -1, NULL};
        return tvc_openssl_resolve(e->a, &in, p, &errs);
    }
    case TVC_ENGINE_GNUTLS: {
        tvc_policy_err err = {.fatal = 1};
        return tvc_gnutls_resolve(e->a, px->ciphers.spec.v ? px->ciphers.spec.v : "NORMAL", p,
                                  &err);
    }
    case TVC_ENGINE_MODTLS:
        return tvc_rustls_resolve(e->a, px->ciphers.prefer.v, px->ciphers.suppress.v, lo, -1, p,
                                  &errs);
    default:
        return -1;
    }
}

static void proxy_policy(tvc_emit *e, const tvc_vhost *vh, const tvc_proxy_tls *px,
                         const tvc_proxy_tls *pp, tvc_engine src, tvc_tvars *v, const char *var)
{
    tvc_arena *a = e->a;
    const tvc_ciphers *c = &px->ciphers;
    const tvc_tls *lv = level_of(e, vh);
    int own_proto = tvc_tls_own_str(lv, &px->protocols.text, pp ? &pp->protocols.text : NULL,
                                    offsetof(tvc_proxy_tls, protocols), 1);
    /* IR JSON keeps the versions, not the text */
    if (!px->protocols.text.v &&
        (px->protocols.min != TVC_UNSET || px->protocols.max != TVC_UNSET) &&
        (!pp || px->protocols.min != pp->protocols.min || px->protocols.max != pp->protocols.max))
        own_proto = TVC_PROXY_WRITTEN(lv, protocols) != NULL;
    int own_spec = TVC_OWN_PROXY_STR(lv, px, pp, ciphers.spec);
    /* one row sets both lists (SSLProxyCipherSuite [TLSv1.3] ...) */
    int own_spec13 = tvc_tls_own_str(lv, &c->spec_tls13, pp ? &pp->ciphers.spec_tls13 : NULL,
                                     offsetof(tvc_proxy_tls, ciphers), 1);
    int own_prefer = TVC_OWN_PROXY_STR(lv, px, pp, ciphers.prefer);
    int own_suppress = TVC_OWN_PROXY_STR(lv, px, pp, ciphers.suppress);
    int own_ciphers = own_spec || own_spec13 || own_prefer || own_suppress;
    if (!own_proto && !own_ciphers)
        return;
    if (src == e->t->engine) {
        /* The same language: the lines as written, at their level. */
        switch (src) {
        case TVC_ENGINE_MODSSL:
            if (own_proto)
                tvc_tvars_add_line(a, v, var, tvc_arena_printf(a, "%s %s",
                                   TVC_PROXY_DIRECTIVE(src, protocols), px->protocols.text.v));
            if (own_spec)
                tvc_tvars_add_line(a, v, var, tvc_arena_printf(a, "%s %s",
                                   TVC_PROXY_DIRECTIVE(src, ciphers),
                                   tvc_emit_quote(a, c->spec.v)));
            if (own_spec13)
                tvc_tvars_add_line(a, v, var, tvc_arena_printf(a, "%s TLSv1.3 %s",
                                   TVC_PROXY_DIRECTIVE(src, ciphers), c->spec_tls13.v));
            break;
        case TVC_ENGINE_GNUTLS:
            if (own_spec)
                tvc_tvars_add_line(a, v, var, tvc_arena_printf(a, "%s %s",
                                   TVC_PROXY_DIRECTIVE(src, ciphers.spec), c->spec.v));
            break;
        case TVC_ENGINE_MODTLS:
            if (own_proto)
                tvc_tvars_add_line(a, v, var, tvc_arena_printf(a, "%s %s",
                                   TVC_PROXY_DIRECTIVE(src, protocols), px->protocols.text.v));
            if (own_prefer)
                tvc_tvars_add_line(a, v, var, tvc_arena_printf(a, "%s %s",
                                   TVC_PROXY_DIRECTIVE(src, ciphers.prefer), c->prefer.v));
            if (own_suppress)
                tvc_tvars_add_line(a, v, var, tvc_arena_printf(a, "%s %s",
                                   TVC_PROXY_DIRECTIVE(src, ciphers.suppress), c->suppress.v));
            break;
        default:
            break;
        }
        return;
    }
    const tvc_loc *loc = own_spec ? &c->spec.loc : own_spec13 ? &c->spec_tls13.loc
                         : own_prefer ? &c->prefer.loc : own_suppress ? &c->suppress.loc
                                                       : &px->protocols.text.loc;
    unsigned set = (own_proto ? TVC_SET_PROTOCOLS : 0u) | (own_ciphers ? TVC_SET_CIPHERS : 0u);
    /* A GnuTLS priority string says versions and suites in one: which of
     * them it really sets is measured (the proxy side has no order). */
    if (src == TVC_ENGINE_GNUTLS && own_spec) {
        int gs = tvc_gnutls_sets(a, c->spec.v);
        set = gs < 0 ? TVC_SET_PROTOCOLS | TVC_SET_CIPHERS : (unsigned)gs & ~TVC_SET_ORDER;
    }
    tvc_policy p;
    if (proxy_resolve(e, px, src, &p) != 0) {
        tvc_emit_lossy_vh(e, vh, loc, "the backend (proxy) protocols and ciphers cannot be read "
                          "(see cipher-invalid); they are left out");
        return;
    }
    p.server_preference = -1;
    p.tickets = -1;
    tvc_translation tr;
    if (tvc_policy_translate_set(a, &p, set, tvc_engine_name(src), e->t->engine, &tr) < 0) {
        for (size_t i = 0; i < tr.n_lossy; i++)
            tvc_emit_lossy_vh(e, vh, loc, "backend (proxy) side: %s", tr.lossy[i].message);
        return;
    }
    for (size_t i = 0; i < tr.n_settings; i++) {
        const char *slot, *l = tvc_emit_setting(a, e->t->engine, &tr.settings[i], 1, &slot);
        if (l)
            tvc_tvars_add_line(a, v, var, l);
    }
    for (size_t i = 0; i < tr.n_lossy; i++)
        tvc_emit_lossy_vh(e, vh, loc, "backend (proxy) side, %s -> %s: %s", tvc_engine_name(src),
                          e->t->name, tr.lossy[i].message);
    for (size_t i = 0; i < tr.n_defaults; i++)
        tvc_emit_note(e, "convert-defaults", vh, loc, "backend (proxy) side: %s",
                      tr.defaults[i]);
}

static const char *const verify_words[] = {"none", "optional", "require", "optional_no_ca"};

/* How backend certificates are verified: the mode, the depth, the
 * single checks. */
static void proxy_verify(tvc_emit *e, const tvc_vhost *vh, const tvc_proxy_tls *px,
                         tvc_engine src, int own_engine,
                         const tvc_loc *at, tvc_tvars *v, const char *var)
{
    tvc_engine dst = e->t->engine;
    const proxy_dirs dirs = proxy_dirs_of(dst), *d = &dirs;
    const char *tn = e->t->name, *sn = tvc_engine_name(src);
    if (!sn)
        sn = "the source";
    const char *ssl_ca_file = TVC_PROXY_DIRECTIVE(TVC_ENGINE_MODSSL, ca_file);
    /* Verification: mod_ssl can turn each check off; mod_gnutls and
     * mod_tls always verify the chain and the name against their CA file
     * (gnutls_certificate_verify_peers3 with the host name; rustls's
     * webpki verifier), with no depth limit. */
    const tvc_loc *l;
    const tvc_tls *lv = level_of(e, vh);
    if ((l = TVC_OWN_PROXY_INT(lv, px, verify))) {
        /* a target with the row turns each check off as the source does */
        if (!tvc_emit_row(e, lv, PROXY(verify), v, var)) {
            if (px->verify != TVC_VERIFY_REQUIRE)
                tvc_emit_lossy_vh(e, vh, l, "%s always verifies backend certificates (chain "
                                  "and name, against %s): SSLProxyVerify %s cannot be kept, "
                                  "and a backend whose certificate does not verify is refused",
                                  tn, d->verify_what, verify_words[px->verify]);
            else if (!px->ca_file.v)
                tvc_emit_lossy_vh(e, vh, l, "%s verifies backends only against %s, which is "
                                  "not set: every backend connection fails", tn,
                                  d->verify_what);
        }
    } else if (own_engine && px->enabled == 1 && src == TVC_ENGINE_MODSSL &&
               px->verify == TVC_UNSET && dst != TVC_ENGINE_MODSSL) {
        tvc_emit_note(e, "convert-defaults", vh, at, "mod_ssl does not verify backend "
                      "certificates by default (SSLProxyVerify none); %s always does, "
                      "against %s: a backend whose certificate does not verify is refused",
                      tn, d->verify_what);
    } else if (own_engine && px->enabled == 1 && src != TVC_ENGINE_MODSSL &&
               dst == TVC_ENGINE_MODSSL) {
        /* The source verified; mod_ssl's default would not. */
        tvc_emit_row_int(e, PROXY(verify), TVC_VERIFY_REQUIRE, v, var);
        if (px->verify_depth == TVC_UNSET)
            tvc_emit_note(e, "convert-defaults", vh, at, "%s verifies backend certificate "
                          "chains of any length; mod_ssl's default SSLProxyVerifyDepth 1 "
                          "accepts only backend certificates issued directly by a CA in "
                          "%s: set SSLProxyVerifyDepth for backends that send intermediate "
                          "CA certificates", sn, ssl_ca_file);
    }
    if ((l = TVC_OWN_PROXY_INT(lv, px, verify_depth))) {
        if (!tvc_emit_row(e, lv, PROXY(verify_depth), v, var))
            tvc_emit_lossy_vh(e, vh, l, "%s has no verification depth for backend "
                              "certificates: SSLProxyVerifyDepth %d cannot be kept, and longer "
                              "backend chains are accepted", tn, px->verify_depth);
    } else if (dst != TVC_ENGINE_MODSSL && src == TVC_ENGINE_MODSSL &&
               (px->verify == TVC_VERIFY_REQUIRE || px->verify == TVC_VERIFY_OPTIONAL) &&
               px->verify_depth == TVC_UNSET &&
               (l = TVC_OWN_PROXY_INT(lv, px, verify))) {
        tvc_emit_note(e, "convert-defaults", vh, l, "mod_ssl's default SSLProxyVerifyDepth 1 "
                      "accepts only backend certificates issued directly by a CA in "
                      "%s; %s has no depth limit and accepts longer chains", ssl_ca_file, tn);
    }
    static const struct {
        const char *what;
        size_t off;
    } checks[] = {
        {"the backend certificate's name", offsetof(tvc_proxy_tls, check_peer_name)},
        {"the backend certificate's name", offsetof(tvc_proxy_tls, check_peer_cn)},
        {"the backend certificate's validity dates", offsetof(tvc_proxy_tls, check_peer_expire)},
    };
    for (size_t i = 0; i < sizeof checks / sizeof *checks; i++) {
        int val = *(const int *)((const char *)px + checks[i].off);
        const char *name = tvc_dialect_name(TVC_ENGINE_MODSSL, checks[i].off, 1, NULL);
        if (val == TVC_UNSET || !(l = tvc_tls_written(lv, checks[i].off, 1)))
            continue;
        if (tvc_emit_row(e, lv, checks[i].off, 1, v, var))
            continue;
        if (val == 0 && i == 1 && px->check_peer_name != 0)
            tvc_emit_note(e, "convert-defaults", vh, l, "%s off has no effect while %s is on; "
                          "%s checks the name too", name,
                          TVC_PROXY_DIRECTIVE(TVC_ENGINE_MODSSL, check_peer_name), tn);
        else if (val == 0)
            tvc_emit_lossy_vh(e, vh, l, "%s always checks %s: %s off cannot be kept, and such "
                              "backends are refused", tn, checks[i].what, name);
    }
}

/* Client certificates for the backends. */
static void proxy_machine_certs(tvc_emit *e, const tvc_vhost *vh, const tvc_proxy_tls *px,
                                const tvc_proxy_tls *pp, tvc_tvars *v, const char *var)
{
    tvc_arena *a = e->a;
    tvc_engine dst = e->t->engine;
    const tvc_certs *mc = &px->machine_certs;
    if (mc->n && (!pp || mc->v != pp->machine_certs.v) &&
        TVC_PROXY_WRITTEN(level_of(e, vh), machine_certs)) {
        for (size_t i = 0; i < mc->n; i++) {
            const tvc_cert *c = &mc->v[i];
            const tvc_loc *cl = c->cert ? &c->cert_loc : &c->key_loc;
            if (!c->cert) {
                tvc_emit_lossy_vh(e, vh, cl, "a backend client key without its certificate "
                                  "is left out");
                continue;
            }
            int one_file = !c->key || !strcmp(c->key, c->cert);
            switch (dst) {
            case TVC_ENGINE_MODSSL:
                if (one_file)
                    tvc_tvars_add_line(a, v, var, tvc_arena_printf(a, "%s %s",
                                       TVC_PROXY_DIRECTIVE(dst, machine_certs),
                                       tvc_emit_path(e, c->cert)));
                else
                    tvc_emit_lossy_vh(e, vh, cl, "mod_ssl reads a backend client certificate "
                                      "and its key from one file "
                                      "(SSLProxyMachineCertificateFile): put '%s' after '%s' "
                                      "in one file; it is left out", c->key, c->cert);
                break;
            case TVC_ENGINE_GNUTLS:
                if (i) {
                    tvc_emit_lossy_vh(e, vh, cl, "mod_gnutls takes one backend client "
                                      "certificate; '%s' is left out", c->cert);
                    break;
                }
                tvc_tvars_add_line(a, v, var, tvc_arena_printf(a, "%s %s",
                                   TVC_PROXY_DIRECTIVE(dst, machine_certs),
                                   tvc_emit_path(e, c->cert)));
                tvc_tvars_add_line(a, v, var, tvc_arena_printf(a, "%s %s",
                                   tvc_dialect_name(dst, offsetof(tvc_proxy_tls, machine_certs),
                                                    1, tvc_set_key_single),
                                   tvc_emit_path(e, c->key ? c->key : c->cert)));
                break;
            default:
                tvc_tvars_add_line(a, v, var, tvc_arena_printf(a, "%s %s%s%s",
                                   TVC_PROXY_DIRECTIVE(dst, machine_certs),
                                   tvc_emit_path(e, c->cert),
                                   one_file ? "" : " ", one_file ? "" : tvc_emit_path(e, c->key)));
                break;
            }
        }
    }
}

void tvc_emit_proxy(tvc_emit *e, const tvc_vhost *vh, const tvc_tls *t, const tvc_tls *parent,
                    tvc_tvars *v, const char *var)
{
    const tvc_proxy_tls *px = t->proxy, *pp = parent ? parent->proxy : NULL;
    if (!px || px == pp)
        return;
    tvc_engine dst = e->t->engine, src = tvc_emit_source(t);
    const proxy_dirs dirs = proxy_dirs_of(dst), *d = &dirs;
    const char *tn = e->t->name, *sn = tvc_engine_name(src);
    if (!sn)
        sn = "the source";
    int own_engine = tvc_tls_own_int(t, px->enabled, pp ? &pp->enabled : NULL,
                                     offsetof(tvc_proxy_tls, enabled), 1) != NULL;
    if (own_engine)
        tvc_emit_row(e, t, PROXY(enabled), v, var);
    const tvc_loc *at = px->enabled_loc.file ? &px->enabled_loc : vh ? &vh->loc : NULL;
    /* Trust anchors, CRLs. */
    if (TVC_OWN_PROXY_STR(t, px, pp, ca_file))
        tvc_emit_row(e, t, PROXY(ca_file), v, var);
    if (TVC_OWN_PROXY_STR(t, px, pp, ca_path) && !tvc_emit_row(e, t, PROXY(ca_path), v, var))
        tvc_emit_lossy_vh(e, vh, &px->ca_path.loc, "%s takes the backends' trust anchors "
                              "from one file (%s), not a directory: put the CA certificates "
                              "of '%s' into one file", tn, d->ca_file, px->ca_path.v);
    if (TVC_OWN_PROXY_STR(t, px, pp, crl_file) && !tvc_emit_row(e, t, PROXY(crl_file), v, var))
        tvc_emit_lossy_vh(e, vh, &px->crl_file.loc, "%s does not check backend "
                          "certificates against CRLs: a revoked backend certificate is "
                          "accepted", tn);
    proxy_verify(e, vh, px, src, own_engine, at, v, var);
    proxy_machine_certs(e, vh, px, pp, v, var);
    proxy_policy(e, vh, px, pp, src, v, var);
}

/* ---- client certificates ---- */

/* A client-verification detail the target has no directive for. */
static void client_missing(tvc_emit *e, const tvc_vhost *vh, const tvc_tls *t, const tvc_loc *l,
                           const char *directive, const char *consequence)
{
    if (e->t->engine == TVC_ENGINE_MODTLS && t->client.mode > TVC_VERIFY_NONE)
        /* lost with the verification itself, which modtls.c reports as
         * convert-lossy at SSLVerifyClient: counted once */
        tvc_emit_note(e, "convert-lossy", vh, l, "%s is left out with the client certificate "
                      "verification mod_tls cannot do", directive);
    else if (t->client.mode > TVC_VERIFY_NONE)
        tvc_emit_lossy_vh(e, vh, l, "%s has no equivalent of %s: %s", e->t->name, directive,
                          consequence);
    else
        tvc_emit_note(e, "convert-defaults", vh, l, "%s has no equivalent of %s; it has no "
                      "effect without client certificate verification and is left out",
                      e->t->name, directive);
}


void tvc_emit_client(tvc_emit *e, const tvc_vhost *vh, const tvc_tls *t, const tvc_tls *parent,
                     tvc_tvars *v, const char *var)
{
    tvc_arena *a = e->a;
    const tvc_client_verify *c = &t->client, *pc = parent ? &parent->client : NULL;
    if (tvc_tls_own_int(t, c->mode, pc ? &pc->mode : NULL, offsetof(tvc_tls, client), 0)) {
        /* mod_gnutls has no optional_no_ca: request, which asks for a
         * certificate and does not refuse the client without one, is
         * the nearest */
        int mode = tvc_emit_row_int_line(e, CLIENT(mode), c->mode) ? c->mode
                                                                     : TVC_VERIFY_OPTIONAL;
        tvc_emit_row_int(e, CLIENT(mode), mode, v, var);
    }
    if (TVC_OWN_STR(t, parent, client.ca_file) && !tvc_emit_row(e, t, CLIENT(ca_file), v, var))
        client_missing(e, vh, t, &c->ca_file.loc, "a client CA file",
                       "no client certificate is verified");
    if (TVC_OWN_STR(t, parent, client.ca_path) && !tvc_emit_row(e, t, CLIENT(ca_path), v, var))
        client_missing(e, vh, t, &c->ca_path.loc,
                       tvc_arena_printf(a, "%s (a CA directory)",
                                        TVC_SSL_DIRECTIVE(client.ca_path)),
                       tvc_arena_printf(a, "client certificates issued by the CAs in '%s' "
                                        "are no longer accepted unless they are put into "
                                        "one CA file", c->ca_path.v));
    const char *depth = TVC_SSL_DIRECTIVE(client.depth);
    const tvc_loc *l = TVC_OWN_INT(t, client.depth);
    if (l && !tvc_emit_row(e, t, CLIENT(depth), v, var))
        client_missing(e, vh, t, l, depth,
                       tvc_arena_printf(a, "%s %d cannot be kept, and longer client "
                                        "certificate chains are accepted", depth, c->depth));
    if (TVC_OWN_STR(t, parent, client.crl_file) && !tvc_emit_row(e, t, CLIENT(crl_file), v, var))
        client_missing(e, vh, t, &c->crl_file.loc,
                       tvc_arena_printf(a, "%s (client CRLs)",
                                        TVC_SSL_DIRECTIVE(client.crl_file)),
                       "revoked client certificates are accepted");
    if (TVC_OWN_STR(t, parent, client.crl_path) && !tvc_emit_row(e, t, CLIENT(crl_path), v, var))
        client_missing(e, vh, t, &c->crl_path.loc,
                       tvc_arena_printf(a, "%s (client CRLs)",
                                        TVC_SSL_DIRECTIVE(client.crl_path)),
                       "revoked client certificates are accepted");
    if (TVC_OWN_STR(t, parent, client.crl_check) && !tvc_emit_row(e, t, CLIENT(crl_check), v, var) &&
        strncasecmp(c->crl_check.v, "none", 4) != 0)
        client_missing(e, vh, t, &c->crl_check.loc, TVC_SSL_DIRECTIVE(client.crl_check),
                       "client certificates are not checked for revocation");
}

/* ---- compression, renegotiation, DH parameters, stapling details ---- */

void tvc_emit_details(tvc_emit *e, const tvc_vhost *vh, const tvc_tls *t, const tvc_tls *parent,
                      tvc_tvars *v, const char *var)
{
    tvc_engine dst = e->t->engine;
    const char *tn = e->t->name;
    const char *why = dst == TVC_ENGINE_GNUTLS ? "GnuTLS removed it" : "rustls has none";
    const tvc_loc *l;
    if ((l = TVC_OWN_INT(t, compression)) &&
        !tvc_emit_row(e, t, offsetof(tvc_tls, compression), 0, v, var)) {
        if (t->compression == 1)
            tvc_emit_lossy_vh(e, vh, l, "%s has no TLS compression (%s): %s on cannot be "
                              "kept; connections are not compressed", tn, why,
                              TVC_SSL_DIRECTIVE(compression));
    }
    if ((l = TVC_OWN_INT(t, insecure_reneg)) &&
        !tvc_emit_row(e, t, offsetof(tvc_tls, insecure_reneg), 0, v, var)) {
        if (t->insecure_reneg == 1)
            tvc_emit_lossy_vh(e, vh, l, "%s has no setting for insecure renegotiation: %s on "
                              "cannot be kept; clients without secure renegotiation (RFC 5746) "
                              "cannot renegotiate", tn, TVC_SSL_DIRECTIVE(insecure_reneg));
    }
    if (TVC_OWN_STR(t, parent, dh_file) &&
        !tvc_emit_row(e, t, offsetof(tvc_tls, dh_file), 0, v, var)) {
        if (dst == TVC_ENGINE_MODSSL)
            /* mod_ssl turns on OpenSSL's automatic DH choice unless the
             * first SSLCertificateFile carries DH parameters, and the
             * automatic choice wins over SSLOpenSSLConfCmd DHParameters
             * (observed: httpd 2.4.71, OpenSSL 3.0, a 3072-bit file gave
             * 2048-bit DHE); appended to the certificate file they are
             * used. The file is the same PKCS #3 PEM. */
            tvc_emit_lossy_vh(e, vh, &t->dh_file.loc, "mod_ssl reads custom DH parameters only "
                              "from the first SSLCertificateFile (SSLOpenSSLConfCmd "
                              "DHParameters is overridden by OpenSSL's automatic DH choice): "
                              "append '%s' to %s%s%s, or DHE uses OpenSSL's built-in group",
                              t->dh_file.v, t->certs.n && t->certs.v[0].cert ? "'" : "",
                              t->certs.n && t->certs.v[0].cert ? t->certs.v[0].cert
                                                               : "the first certificate file "
                                                                 "of each vhost",
                              t->certs.n && t->certs.v[0].cert ? "'" : "");
        else
            tvc_emit_lossy_vh(e, vh, &t->dh_file.loc, "mod_tls has no DHE key exchange "
                              "(rustls has none), so the DH parameters of '%s' are not used; "
                              "clients that only offer DHE suites cannot connect",
                              t->dh_file.v);
    }
    int stapling = t->stapling.enabled == 1;
    if (TVC_OWN_STR(t, parent, stapling.force_url) &&
        !tvc_emit_row(e, t, offsetof(tvc_tls, stapling.force_url), 0, v, var)) {
        if (stapling)
            tvc_emit_lossy_vh(e, vh, &t->stapling.force_url.loc, "%s asks the OCSP responder "
                              "named in the certificate: SSLStaplingForceURL %s cannot be kept",
                              dst == TVC_ENGINE_GNUTLS ? tn : "mod_md (mod_tls's stapling)",
                              t->stapling.force_url.v);
        else
            tvc_emit_note(e, "convert-defaults", vh, &t->stapling.force_url.loc,
                          "%s has no %s equivalent; stapling is off, so it has no effect and "
                          "is left out", TVC_SSL_DIRECTIVE(stapling.force_url), tn);
    }
    l = TVC_OWN_INT(t, stapling.return_errors);
    /* off is what the targets without the setting do anyway */
    if (l && !tvc_emit_row(e, t, offsetof(tvc_tls, stapling.return_errors), 0, v, var) &&
        t->stapling.return_errors == 1 && stapling) {
        tvc_emit_lossy_vh(e, vh, l, "%s staples only successful OCSP responses: %s on "
                          "cannot be kept (responder errors such as tryLater are not "
                          "passed to clients)",
                          dst == TVC_ENGINE_GNUTLS ? tn : "mod_md (mod_tls's stapling)",
                          TVC_SSL_DIRECTIVE(stapling.return_errors));
    } else if (!l && dst != TVC_ENGINE_MODSSL && stapling && t->stapling.return_errors == TVC_UNSET &&
               tvc_emit_source(t) == TVC_ENGINE_MODSSL &&
               tvc_tls_own_int(t, t->stapling.enabled, parent ? &parent->stapling.enabled : NULL,
                               offsetof(tvc_tls, stapling), 0)) {
        tvc_emit_note(e, "convert-defaults", vh, &t->stapling.enabled_loc,
                      "mod_ssl staples OCSP responder errors (tryLater and the like) by default "
                      "(SSLStaplingReturnResponderErrors on); %s staples only successful "
                      "responses", dst == TVC_ENGINE_GNUTLS ? tn : "mod_md (mod_tls's stapling)");
    }
}

/* ---- convert-defaults: OCSP stapling left at the defaults ---- */

void tvc_emit_default_stapling(tvc_emit *e)
{
    const tvc_ir *ir = e->ir;
    int to_gnutls = e->t->engine == TVC_ENGINE_GNUTLS;
    const tvc_vhost *first = NULL;
    size_t more = 0;
    tvc_engine src = TVC_ENGINE_NONE;
    for (size_t i = 0; i < ir->n_vhosts; i++) {
        const tvc_tls *t = ir->vhosts[i].tls;
        if (!t || t->engine == e->t->engine || t->stapling.enabled != TVC_UNSET ||
            t->stapling.md_stapling == 1)
            continue;
        /* mod_gnutls staples by default (when it can), the others do not */
        if ((t->engine == TVC_ENGINE_GNUTLS) == to_gnutls)
            continue;
        if (!first) {
            first = &ir->vhosts[i];
            src = t->engine;
        } else {
            more++;
        }
    }
    if (!first)
        return;
    const tvc_loc *loc = first->tls->enabled_loc.file ? &first->tls->enabled_loc : &first->loc;
    const char *others = more ? tvc_arena_printf(e->a, "; so do %zu more vhost%s", more,
                                                 more == 1 ? "" : "s") : "";
    if (to_gnutls)
        tvc_emit_note(e, "convert-defaults", first, loc, "OCSP stapling is left at %s's "
                      "default (off) and stays at mod_gnutls's, which staples when the "
                      "certificate names an OCSP responder (GnuTLSOCSPStapling)%s",
                      tvc_engine_name(src), others);
    else
        tvc_emit_note(e, "convert-defaults", first, loc, "OCSP stapling is left at "
                      "mod_gnutls's default, which staples when the certificate names an OCSP "
                      "responder, and stays at %s's, which does not (%s)%s", e->t->name,
                      e->t->engine == TVC_ENGINE_MODSSL
                          ? tvc_arena_printf(e->a, "%s off", TVC_SSL_DIRECTIVE(stapling))
                          : "mod_md's MDStapling off",
                      others);
}

void tvc_emit_cert_response_lost(tvc_emit *e, const tvc_cert *c, const char *module)
{
    if (c->ocsp_response)
        tvc_emit_lossy(e, &c->cert_loc, "the %s output names no OCSP response file per "
                       "certificate: '%s' (for '%s') is left out", module, c->ocsp_response,
                       c->cert ? c->cert : c->key);
}
