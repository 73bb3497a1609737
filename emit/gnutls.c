/* mod_gnutls: GnuTLSEnable per vhost, one certificate file (leaf first,
 * then the chain) and its key, GnuTLSPriorities, client verification. */
#include <string.h>

#include "emit/common.h"

static void server(tvc_emit *e, tvc_tvars *v)
{
    const tvc_tls *s = &e->ir->server;
    tvc_arena *a = e->a;
    tvc_emit_policy(e, s, NULL, v);
    if (s->session_cache.v)
        tvc_tvars_add_line(a, v, "session", tvc_arena_printf(a, "GnuTLSCache %s",
                                                             s->session_cache.v));
    if (s->session_timeout != TVC_UNSET)
        tvc_tvars_add_line(a, v, "session", tvc_arena_printf(a, "GnuTLSCacheTimeout %d",
                                                             s->session_timeout));
    if (s->session_tickets != TVC_UNSET)
        tvc_tvars_add_line(a, v, "session", s->session_tickets ? "GnuTLSSessionTickets on"
                                                               : "GnuTLSSessionTickets off");
    tvc_emit_other(e, s, NULL, v);
}

static const char *const verify[] = {"ignore", "request", "require", "request"};

static void vhost(tvc_emit *e, const tvc_vhost *vh, tvc_tvars *v)
{
    const tvc_tls *t = vh->tls, *s = &e->ir->server;
    tvc_arena *a = e->a;
    tvc_tvars_add_line(a, v, "engine", "GnuTLSEnable on");
    if (tvc_emit_own_certs(e, t)) {
        const tvc_cert *c = &t->certs.v[0];
        if (c->cert)
            tvc_tvars_add_line(a, v, "certificates", tvc_arena_printf(a,
                               "GnuTLSCertificateFile %s", tvc_emit_path(e, c->cert)));
        tvc_tvars_add_line(a, v, "certificates", tvc_arena_printf(a, "GnuTLSKeyFile %s",
                           tvc_emit_path(e, c->key ? c->key : c->cert)));
        if (c->chain.n)
            tvc_emit_lossy(e, &c->chain.loc[0], "mod_gnutls reads the chain from the "
                           "certificate file: append '%s' to '%s' (leaf first)",
                           c->chain.v[0], c->cert);
        for (size_t i = 1; i < t->certs.n; i++) {
            const tvc_cert *o = &t->certs.v[i];
            tvc_emit_lossy(e, o->cert ? &o->cert_loc : &o->key_loc, "mod_gnutls takes one "
                           "certificate per vhost; '%s' is left out", o->cert ? o->cert : o->key);
        }
    }
    tvc_emit_policy(e, t, s, v);
    if (t->session_timeout != TVC_UNSET && t->session_timeout != s->session_timeout)
        tvc_tvars_add_line(a, v, "other", tvc_arena_printf(a, "GnuTLSCacheTimeout %d",
                                                           t->session_timeout));
    if (t->session_tickets != TVC_UNSET && t->session_tickets != s->session_tickets)
        tvc_tvars_add_line(a, v, "other", t->session_tickets ? "GnuTLSSessionTickets on"
                                                             : "GnuTLSSessionTickets off");
    if (t->client.mode != TVC_UNSET && t->client.mode != s->client.mode)
        tvc_tvars_add_line(a, v, "client", tvc_arena_printf(a, "GnuTLSClientVerify %s",
                                                            verify[t->client.mode]));
    if (t->client.ca_file.v && t->client.ca_file.v != s->client.ca_file.v)
        tvc_tvars_add_line(a, v, "client", tvc_arena_printf(a, "GnuTLSClientCAFile %s",
                           tvc_emit_path(e, t->client.ca_file.v)));
    if (t->client.crl_file.v)
        tvc_emit_lossy(e, &t->client.crl_file.loc, "mod_gnutls has no CRL for client "
                       "certificates");
    if (t->stapling.enabled == 0)
        tvc_tvars_add_line(a, v, "stapling", "GnuTLSOCSPStapling off");
    for (size_t i = 0; i < t->stapling.response_files.n; i++)
        tvc_tvars_add_line(a, v, "stapling", tvc_arena_printf(a, "GnuTLSOCSPResponseFile %s",
                           tvc_emit_path(e, t->stapling.response_files.v[i])));
    if (t->proxy && t->proxy->enabled == 1 && t->proxy != s->proxy) {
        tvc_tvars_add_line(a, v, "proxy", "GnuTLSProxyEngine on");
        if (t->proxy->ca_file.v)
            tvc_tvars_add_line(a, v, "proxy", tvc_arena_printf(a, "GnuTLSProxyCAFile %s",
                               tvc_emit_path(e, t->proxy->ca_file.v)));
    }
    tvc_emit_other(e, t, s, v);
}

const tvc_emitter tvc_emit_gnutls = {
    TVC_ENGINE_GNUTLS, "mod_gnutls", "gnutls_module", "mod_gnutls.c",
    "/usr/lib/apache2/modules/mod_gnutls.so", server, vhost,
};
