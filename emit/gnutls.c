/* mod_gnutls: GnuTLSEnable per vhost, one certificate file (leaf first,
 * then the chain) and its key, GnuTLSPriorities, client verification. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "emit/common.h"
#include "ir/dialect_setters.h"
#include "policy/policy.h"
#include "policy/translate.h"

/* The priority string of the policy a level inherits (or NORMAL), said
 * again: translated quietly, its findings were reported where it was
 * written. */
static const char *inherited_priorities(tvc_emit *e, const tvc_tls *t)
{
    tvc_emit quiet = *e;
    tvc_diags scratch;
    tvc_diags_init(&scratch, e->a);
    quiet.d = &scratch;
    tvc_tvars tmp = {0};
    tvc_translation tr;
    const tvc_setting *s = NULL;
    if (tvc_emit_policy_translate(&quiet, t, NULL, &tmp, &tr))
        s = tvc_translation_find(&tr, TVC_ASPECT_PRIORITIES);
    return s ? s->args : "NORMAL";
}

/* Key-exchange groups go into the priority string: mod_gnutls has no
 * directive of their own. A vhost that writes its own GnuTLSPriorities
 * must repeat inherited groups too (the string replaces the server's).
 * `tr`: this level's translated policy, NULL when there is none. */
static void groups(tvc_emit *e, const tvc_vhost *vh, const tvc_tls *t, const tvc_tls *parent,
                   tvc_translation *tr, tvc_tvars *v)
{
    tvc_arena *a = e->a;
    if (tvc_emit_source(t) == TVC_ENGINE_GNUTLS)
        return; /* GROUP-* is in the priority string as written */
    const char **own;
    const tvc_loc *loc;
    size_t n_own = tvc_emit_groups(e, t, parent, &own, &loc);
    tvc_setting *prio_set = tr ? tvc_translation_find(tr, TVC_ASPECT_PRIORITIES) : NULL;
    if (!n_own && !(prio_set && t->groups.n))
        return;
    const char **g = n_own ? own : t->groups.v;
    size_t n = n_own ? n_own : t->groups.n;
    /* A priority string of this level names NORMAL's groups unless told
     * otherwise: NORMAL's own list need not be said again there. */
    tvc_groups_translation gt;
    const char **pg;
    const tvc_loc *ploc;
    int may_omit = prio_set || !parent || !tvc_emit_groups(e, parent, NULL, &pg, &ploc);
    tvc_groups_translate(a, g, n, TVC_ENGINE_GNUTLS, may_omit, &gt);
    for (size_t i = 0; n_own && i < gt.n_lossy; i++)
        tvc_emit_lossy_vh(e, vh, loc ? loc : &t->groups.loc[0], "%s", gt.lossy[i].message);
    if (!gt.n)
        return;
    const char *items = "";
    for (size_t i = 0; i < gt.n; i++)
        items = tvc_arena_printf(a, "%s:+GROUP-%s", items, gt.names[i]);
    const char *prio = prio_set ? prio_set->args : inherited_priorities(e, t);
    /* GROUP-ALL (the translator's) gives way to the list. */
    const char *all = strstr(prio, ":+GROUP-ALL");
    if (all)
        prio = tvc_arena_printf(a, "%.*s%s%s", (int)(all - prio), prio, items,
                                all + strlen(":+GROUP-ALL"));
    else
        prio = tvc_arena_printf(a, "%s:-GROUP-ALL%s", prio, items);
    tvc_policy p;
    tvc_policy_err err = {.fatal = 1};
    if (tvc_gnutls_resolve(a, prio, &p, &err) != 0) {
        tvc_emit_lossy_vh(e, vh, loc ? loc : &t->groups.loc[0], "the key-exchange groups "
                          "cannot be written into GnuTLSPriorities (%s)", err.message);
        return;
    }
    if (prio_set) {
        prio_set->args = prio;
        return;
    }
    tvc_setting s = {TVC_ASPECT_PRIORITIES, prio, 0, 0, 1};
    const char *slot, *line = tvc_emit_setting(a, TVC_ENGINE_GNUTLS, &s, 0, &slot);
    tvc_tvars_add_line(a, v, slot, line);
}

/* The policy and the groups of a level: one priority string. */
static void policy(tvc_emit *e, const tvc_vhost *vh, const tvc_tls *t, const tvc_tls *parent,
                   tvc_tvars *v)
{
    tvc_translation tr;
    int have = tvc_emit_policy_translate(e, t, parent, v, &tr);
    groups(e, vh, t, parent, have ? &tr : NULL, v);
    if (have)
        tvc_emit_policy_write(e, &tr, v);
}

/* mod_gnutls has no strict SNI mode: a client with an unknown SNI name, or
 * none, gets the first vhost of the address. */
static void strict_lost(tvc_emit *e, const tvc_vhost *vh, const tvc_loc *at, const char *port)
{
    tvc_emit_lossy_vh(e, vh, at, "mod_gnutls has no strict SNI check: a client that sends an "
                      "SNI name no vhost has (or none) gets the first vhost of %s instead of "
                      "being refused", port);
}

static void strict_sni(tvc_emit *e)
{
    const tvc_ir *ir = e->ir;
    const tvc_tls *s = &ir->server;
    if (s->strict_sni == 1) {
        const tvc_loc *at = TVC_WRITTEN(s, strict_sni);
        strict_lost(e, NULL, at ? at : &s->strict_sni_loc, "its address");
        return;
    }
    if (s->strict_sni == 0)
        return;
    /* mod_tls: strict by default, per TLSEngine port */
    for (size_t i = 0; i < ir->n_listeners; i++) {
        const tvc_listener *l = &ir->listeners[i];
        if (l->engine != TVC_ENGINE_MODTLS || l->strict_sni != 1)
            continue;
        const tvc_loc *at = &l->loc;
        for (size_t k = 0; k < ir->tls_engine_ports.n; k++) {
            const char *spec = ir->tls_engine_ports.v[k];
            const char *colon = strrchr(spec, ':');
            if (atoi(colon ? colon + 1 : spec) == l->addr.port) {
                at = &ir->tls_engine_ports.loc[k];
                break;
            }
        }
        strict_lost(e, NULL, at, tvc_arena_printf(e->a, "port %d (mod_tls's TLSStrictSNI is "
                                                  "on by default)", l->addr.port));
    }
}

/* The one certificate mod_gnutls gets. mod_ssl appends a vhost's
 * certificates to the server's (the IR's own.certs_inherited of them
 * come first) and OpenSSL keeps the last of a key type: the vhost's own
 * last one when it has any, else the server's last. mod_tls (rustls)
 * uses the first that suits. */
static size_t served_cert(const tvc_tls *t)
{
    if (tvc_emit_source(t) != TVC_ENGINE_MODSSL)
        return 0;
    size_t inherited = t->own.certs_inherited;
    return t->certs.n > inherited ? t->certs.n - 1 : inherited - 1;
}

static void certificates(tvc_emit *e, const tvc_tls *t, tvc_tvars *v)
{
    tvc_arena *a = e->a;
    size_t pick = served_cert(t);
    const tvc_cert *c = &t->certs.v[pick];
    if (c->cert)
        tvc_tvars_add_line(a, v, "certificates", tvc_arena_printf(a,
                           "%s %s", TVC_GNUTLS_DIRECTIVE(certs), tvc_emit_path(e, c->cert)));
    tvc_tvars_add_line(a, v, "certificates", tvc_arena_printf(a, "%s %s",
                       tvc_dialect_name(TVC_ENGINE_GNUTLS, offsetof(tvc_tls, certs), 0,
                                        tvc_set_key_single),
                       tvc_emit_path(e, c->key ? c->key : c->cert)));
    tvc_emit_cert_response_lost(e, c, "mod_gnutls");
    if (c->chain.n)
        tvc_emit_lossy(e, &c->chain.loc[0], "mod_gnutls reads the chain from the "
                       "certificate file: append '%s' to '%s' (leaf first)",
                       c->chain.v[0], c->cert);
    for (size_t i = 0; i < t->certs.n; i++) {
        const tvc_cert *o = &t->certs.v[i];
        if (i == pick)
            continue;
        tvc_emit_lossy(e, o->cert ? &o->cert_loc : &o->key_loc, "mod_gnutls takes one "
                       "certificate per vhost; '%s' is left out", o->cert ? o->cert : o->key);
    }
}

static void server(tvc_emit *e, tvc_tvars *v)
{
    const tvc_tls *s = &e->ir->server;
    /* The main server's own TLS, outside every <VirtualHost>. */
    if (s->enabled == 1) {
        tvc_emit_row_int(e, offsetof(tvc_tls, enabled), 0, 1, v, "engine");
        if (s->certs.n)
            certificates(e, s, v);
    }
    policy(e, NULL, s, NULL, v);
    tvc_emit_default_policy(e);
    tvc_emit_default_stapling(e);
    if (s->session_cache.v)
        tvc_emit_cache(e, offsetof(tvc_tls, session_cache), s->session_cache.v, v, "session");
    tvc_emit_row(e, s, offsetof(tvc_tls, session_timeout), 0, v, "session");
    tvc_emit_row(e, s, offsetof(tvc_tls, session_tickets), 0, v, "session");
    if (s->stapling.cache.v)
        tvc_emit_cache(e, offsetof(tvc_tls, stapling.cache), s->stapling.cache.v, v,
                       "stapling");
    strict_sni(e);
    tvc_emit_client(e, NULL, s, NULL, v, "other");
    tvc_emit_details(e, NULL, s, NULL, v, "other");
    tvc_emit_proxy(e, NULL, s, NULL, v, "other");
    tvc_emit_other(e, NULL, s, v);
}

static void vhost(tvc_emit *e, const tvc_vhost *vh, tvc_tvars *v)
{
    const tvc_tls *t = vh->tls, *s = &e->ir->server;
    tvc_emit_row_int(e, offsetof(tvc_tls, enabled), 0, 1, v, "engine");
    if (tvc_emit_own_certs(e, t))
        certificates(e, t, v);
    policy(e, vh, t, s, v);
    if (t->session_timeout != s->session_timeout)
        tvc_emit_row(e, t, offsetof(tvc_tls, session_timeout), 0, v, "other");
    if (t->session_tickets != s->session_tickets)
        tvc_emit_row(e, t, offsetof(tvc_tls, session_tickets), 0, v, "other");
    tvc_emit_client(e, vh, t, s, v, "client");
    /* on is mod_gnutls's default */
    if (t->stapling.enabled == 0)
        tvc_emit_row(e, t, offsetof(tvc_tls, stapling.enabled), 0, v, "stapling");
    /* one line per certificate, as the source pairs them */
    for (size_t i = 0; i < t->stapling.response_files.n; i++)
        tvc_emit_row_str(e, offsetof(tvc_tls, stapling.response_files), 0,
                         t->stapling.response_files.v[i], v, "stapling");
    const tvc_loc *sl = tvc_emit_strict_sni_at(t);
    if (sl && t->strict_sni == 1)
        strict_lost(e, vh, sl, "its address");
    tvc_emit_details(e, vh, t, s, v, "other");
    tvc_emit_proxy(e, vh, t, s, v, "proxy");
    tvc_emit_other(e, vh, t, v);
}

const tvc_emitter tvc_emit_gnutls = {
    TVC_ENGINE_GNUTLS, "mod_gnutls", server, vhost,
};
