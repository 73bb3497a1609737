/* mod_ssl: SSLEngine per vhost, certificate/key pairs, SSLProtocol and
 * SSLCipherSuite (TLS 1.2 and TLSv1.3 forms), stapling with a
 * server-level cache. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "emit/common.h"
#include "ir/dialect_setters.h"

#define DIR(field) TVC_SSL_DIRECTIVE(field)

/* SSLOpenSSLConfCmd Groups for what `t` writes at this level. */
static void groups(tvc_emit *e, const tvc_vhost *vh, const tvc_tls *t, const tvc_tls *parent,
                   tvc_tvars *v)
{
    const char **g;
    size_t n = tvc_emit_groups_for(e, vh, t, parent, 1, &g);
    if (!n)
        return;
    const char *list = "";
    for (size_t i = 0; i < n; i++)
        list = tvc_arena_printf(e->a, "%s%s%s", list, i ? ":" : "", g[i]);
    tvc_tvars_add_line(e->a, v, "ciphers", tvc_arena_printf(e->a, "%s Groups %s", DIR(groups),
                                                            list));
}

/* SSLOpenSSLConfCmd MinProtocol/MaxProtocol of a mod_ssl config that is
 * regenerated rather than copied (emit.c's same-language path writes
 * SSLProtocol only). */
static void conf_cmd_protocols(tvc_emit *e, const tvc_tls *t,
                               const tvc_tls *parent, tvc_tvars *v)
{
    const tvc_protocols *p = &t->protocols;
    if (tvc_emit_source(t) != TVC_ENGINE_MODSSL || p->text.v ||
        (p->min == TVC_UNSET && p->max == TVC_UNSET))
        return;
    if (parent && p->min == parent->protocols.min && p->max == parent->protocols.max)
        return;
    /* versions without SSLProtocol's text come from SSLOpenSSLConfCmd
     * MinProtocol/MaxProtocol at this level (or, from IR JSON, differ
     * from the server's) */
    if (!TVC_WRITTEN(t, groups) && !TVC_WRITTEN(t, protocols))
        return;
    if (p->min != TVC_UNSET)
        tvc_tvars_add_line(e->a, v, "protocol", tvc_arena_printf(e->a,
                           "%s MinProtocol %s", DIR(groups), tvc_proto_name(p->min)));
    if (p->max != TVC_UNSET)
        tvc_tvars_add_line(e->a, v, "protocol", tvc_arena_printf(e->a,
                           "%s MaxProtocol %s", DIR(groups), tvc_proto_name(p->max)));
}

/* Strict SNI. mod_tls refuses a handshake whose SNI name no vhost has
 * (TLSStrictSNI on, its default); mod_ssl's nearest is
 * SSLStrictSNIVHostCheck on, which still completes such a handshake with
 * the first vhost's certificate and refuses only the request. */
static void strict_sni(tvc_emit *e, tvc_tvars *v)
{
    const tvc_ir *ir = e->ir;
    const tvc_tls *s = &ir->server;
    const char *strict = DIR(strict_sni);
    int from_modssl = tvc_tls_written_in(s, TVC_ENGINE_MODSSL, offsetof(tvc_tls, strict_sni),
                                         0) != NULL;
    for (size_t i = 0; i < ir->n_listeners; i++) {
        const tvc_listener *l = &ir->listeners[i];
        if (l->engine != TVC_ENGINE_MODTLS || l->strict_sni != 1)
            continue;
        tvc_tvars_set(e->a, v, "strict_sni",
                      tvc_emit_row_int_line(e, offsetof(tvc_tls, strict_sni), 0, 1));
        const tvc_loc *at = tvc_tls_written_in(s, TVC_ENGINE_MODTLS,
                                               offsetof(tvc_tls, strict_sni), 0);
        int written = at != NULL;
        for (size_t k = 0; !at && k < ir->tls_engine_ports.n; k++) {
            const char *spec = ir->tls_engine_ports.v[k];
            const char *colon = strrchr(spec, ':');
            if (atoi(colon ? colon + 1 : spec) == l->addr.port)
                at = &ir->tls_engine_ports.loc[k];
        }
        tvc_emit_note(e, written ? "convert-lossy" : "convert-defaults", NULL, at ? at : &l->loc,
                      "mod_tls refuses a TLS handshake whose SNI name matches no "
                      "ServerName/ServerAlias on port %d (TLSStrictSNI on%s); the %s on "
                      "written for mod_ssl completes that handshake with the first vhost's "
                      "certificate and refuses only the HTTP request",
                      l->addr.port, written ? "" : ", its default", strict);
        break;
    }
    if (from_modssl && s->strict_sni != TVC_UNSET)
        tvc_tvars_set(e->a, v, "strict_sni",
                      tvc_emit_row_line(e, s, offsetof(tvc_tls, strict_sni), 0));
}

static void certificates(tvc_emit *e, const tvc_tls *t, tvc_tvars *v)
{
    tvc_arena *a = e->a;
    for (size_t i = 0; i < t->certs.n; i++) {
        const tvc_cert *c = &t->certs.v[i];
        tvc_emit_cert_response_lost(e, c, "mod_ssl");
        if (c->cert)
            tvc_tvars_add_line(a, v, "certificates", tvc_arena_printf(a, "%s %s",
                               tvc_dialect_name(TVC_ENGINE_MODSSL, offsetof(tvc_tls, certs), 0,
                                                tvc_set_cert),
                               tvc_emit_path(e, c->cert)));
        if (c->key)
            tvc_tvars_add_line(a, v, "certificates", tvc_arena_printf(a, "%s %s",
                               tvc_dialect_name(TVC_ENGINE_MODSSL, offsetof(tvc_tls, certs), 0,
                                                tvc_set_key),
                               tvc_emit_path(e, c->key)));
    }
    /* The deprecated chain file only when the input used it. */
    if (t->chain_file.v)
        tvc_tvars_add_line(a, v, "certificates", tvc_arena_printf(a, "%s %s",
                           DIR(chain_file), tvc_emit_path(e, t->chain_file.v)));
}

static void server(tvc_emit *e, tvc_tvars *v)
{
    const tvc_ir *ir = e->ir;
    const tvc_tls *s = &ir->server;
    /* The main server's own TLS, outside every <VirtualHost> (vhosts
     * inherit SSLEngine on, as they do in every source module). */
    if (s->enabled == 1) {
        tvc_emit_row(e, s, offsetof(tvc_tls, enabled), 0, v, "engine");
        if (s->certs.n)
            certificates(e, s, v);
    }
    tvc_emit_policy(e, s, NULL, v);
    conf_cmd_protocols(e, s, NULL, v);
    groups(e, NULL, s, NULL, v);
    tvc_emit_default_policy(e);
    tvc_emit_default_stapling(e);
    if (s->session_cache.v)
        tvc_emit_cache(e, offsetof(tvc_tls, session_cache), s->session_cache.v, v, "session");
    tvc_emit_row(e, s, offsetof(tvc_tls, session_timeout), 0, v, "session");
    tvc_emit_row(e, s, offsetof(tvc_tls, session_tickets), 0, v, "session");
    /* mod_ssl staples only with a cache, which is server-wide: one of
     * its own size when the source had none (mod_gnutls, mod_md). */
    if (s->stapling.cache.v || tvc_emit_any_stapling(e))
        tvc_emit_cache(e, offsetof(tvc_tls, stapling.cache),
                       s->stapling.cache.v ? s->stapling.cache.v : "shmcb:ssl_stapling(32768)",
                       v, "stapling");
    if (TVC_OWN_INT(s, stapling.enabled))
        tvc_emit_row(e, s, offsetof(tvc_tls, stapling.enabled), 0, v, "stapling");
    strict_sni(e, v);
    tvc_emit_client(e, NULL, s, NULL, v, "other");
    tvc_emit_details(e, NULL, s, NULL, v, "other");
    tvc_emit_proxy(e, NULL, s, NULL, v, "other");
    tvc_emit_other(e, NULL, s, v);
}

static void vhost(tvc_emit *e, const tvc_vhost *vh, tvc_tvars *v)
{
    const tvc_tls *t = vh->tls, *s = &e->ir->server;
    if (s->enabled != 1)
        tvc_emit_row_int(e, offsetof(tvc_tls, enabled), 0, 1, v, "engine");
    if (tvc_emit_own_certs(e, t))
        certificates(e, t, v);
    tvc_emit_policy(e, t, s, v);
    conf_cmd_protocols(e, t, s, v);
    groups(e, vh, t, s, v);
    if (t->session_timeout != s->session_timeout)
        tvc_emit_row(e, t, offsetof(tvc_tls, session_timeout), 0, v, "other");
    if (t->session_tickets != s->session_tickets)
        tvc_emit_row(e, t, offsetof(tvc_tls, session_tickets), 0, v, "other");
    tvc_emit_client(e, vh, t, s, v, "client");
    int staple = t->stapling.enabled == 1 || t->stapling.md_stapling == 1 ||
                 (t->engine == TVC_ENGINE_GNUTLS && t->stapling.enabled != 0 &&
                  t->stapling.response_files.n);
    if (staple)
        tvc_emit_row_int(e, offsetof(tvc_tls, stapling.enabled), 0, 1, v, "stapling");
    if (t->stapling.response_files.n)
        tvc_emit_lossy(e, &t->stapling.response_files.loc[0], "mod_ssl cannot staple "
                       "responses from files (GnuTLSOCSPResponseFile); it asks the "
                       "responder itself");
    /* mod_ssl's strict SNI of a vhost of its own (mod_tls has it per
     * server only; mod_gnutls not at all). */
    const tvc_loc *sl = tvc_emit_strict_sni_at(t);
    if (sl)
        tvc_emit_row(e, t, offsetof(tvc_tls, strict_sni), 0, v, "other");
    tvc_emit_details(e, vh, t, s, v, "other");
    tvc_emit_proxy(e, vh, t, s, v, "proxy");
    tvc_emit_other(e, vh, t, v);
}

const tvc_emitter tvc_emit_modssl = {
    TVC_ENGINE_MODSSL, "mod_ssl", server, vhost,
};
