/* mod_ssl: SSLEngine per vhost, certificate/key pairs, SSLProtocol and
 * SSLCipherSuite (TLS 1.2 and TLSv1.3 forms), stapling with a
 * server-level cache. */
#include <string.h>

#include "emit/common.h"

static void server(tvc_emit *e, tvc_tvars *v)
{
    const tvc_ir *ir = e->ir;
    const tvc_tls *s = &ir->server;
    tvc_arena *a = e->a;
    if (s->enabled == 1 && s->engine == TVC_ENGINE_MODSSL)
        tvc_tvars_add_line(a, v, "engine", "SSLEngine on");
    tvc_emit_policy(e, s, NULL, v);
    if (s->session_cache.v)
        tvc_tvars_add_line(a, v, "session", tvc_arena_printf(a, "SSLSessionCache %s",
                                                             tvc_emit_socache(e, s->session_cache.v)));
    if (s->session_timeout != TVC_UNSET)
        tvc_tvars_add_line(a, v, "session", tvc_arena_printf(a, "SSLSessionCacheTimeout %d",
                                                             s->session_timeout));
    if (s->session_tickets != TVC_UNSET)
        tvc_tvars_add_line(a, v, "session", s->session_tickets ? "SSLSessionTickets on"
                                                               : "SSLSessionTickets off");
    if (s->stapling.cache.v && s->engine == TVC_ENGINE_MODSSL)
        tvc_tvars_add_line(a, v, "stapling", tvc_arena_printf(a, "SSLStaplingCache %s",
                                                              tvc_emit_quote(a, s->stapling.cache.v)));
    else if (tvc_emit_any_stapling(e))
        tvc_tvars_add_line(a, v, "stapling", "SSLStaplingCache shmcb:ssl_stapling(32768)");
    for (size_t i = 0; i < ir->n_listeners; i++)
        if (ir->listeners[i].engine && ir->listeners[i].engine != TVC_ENGINE_MODSSL &&
            ir->listeners[i].strict_sni == 1) {
            tvc_tvars_add_line(a, v, "strict_sni", "SSLStrictSNIVHostCheck on");
            break;
        }
    if (s->strict_sni != TVC_UNSET && s->engine == TVC_ENGINE_MODSSL)
        tvc_tvars_set(a, v, "strict_sni", s->strict_sni ? "SSLStrictSNIVHostCheck on"
                                                        : "SSLStrictSNIVHostCheck off");
    tvc_emit_other(e, s, NULL, v);
}

static const char *const verify[] = {"none", "optional", "require", "optional_no_ca"};

static void vhost(tvc_emit *e, const tvc_vhost *vh, tvc_tvars *v)
{
    const tvc_tls *t = vh->tls, *s = &e->ir->server;
    tvc_arena *a = e->a;
    if (!(s->enabled == 1 && s->engine == TVC_ENGINE_MODSSL))
        tvc_tvars_add_line(a, v, "engine", "SSLEngine on");
    if (tvc_emit_own_certs(e, t))
        for (size_t i = 0; i < t->certs.n; i++) {
            const tvc_cert *c = &t->certs.v[i];
            if (c->cert)
                tvc_tvars_add_line(a, v, "certificates", tvc_arena_printf(a,
                                   "SSLCertificateFile %s", tvc_emit_path(e, c->cert)));
            if (c->key)
                tvc_tvars_add_line(a, v, "certificates", tvc_arena_printf(a,
                                   "SSLCertificateKeyFile %s", tvc_emit_path(e, c->key)));
        }
    /* The deprecated chain file only when the input used it. */
    if (t->chain_file.v && t->chain_file.v != s->chain_file.v)
        tvc_tvars_add_line(a, v, "certificates", tvc_arena_printf(a,
                           "SSLCertificateChainFile %s", tvc_emit_path(e, t->chain_file.v)));
    tvc_emit_policy(e, t, s, v);
    if (t->session_timeout != TVC_UNSET && t->session_timeout != s->session_timeout)
        tvc_tvars_add_line(a, v, "other", tvc_arena_printf(a, "SSLSessionCacheTimeout %d",
                                                           t->session_timeout));
    if (t->session_tickets != TVC_UNSET && t->session_tickets != s->session_tickets)
        tvc_tvars_add_line(a, v, "other", t->session_tickets ? "SSLSessionTickets on"
                                                             : "SSLSessionTickets off");
    if (t->client.mode != TVC_UNSET && t->client.mode != s->client.mode)
        tvc_tvars_add_line(a, v, "client", tvc_arena_printf(a, "SSLVerifyClient %s",
                                                            verify[t->client.mode]));
    if (t->client.ca_file.v && t->client.ca_file.v != s->client.ca_file.v)
        tvc_tvars_add_line(a, v, "client", tvc_arena_printf(a, "SSLCACertificateFile %s",
                           tvc_emit_path(e, t->client.ca_file.v)));
    if (t->client.depth != TVC_UNSET && t->client.depth != s->client.depth)
        tvc_tvars_add_line(a, v, "client", tvc_arena_printf(a, "SSLVerifyDepth %d",
                                                            t->client.depth));
    if (t->client.crl_file.v && t->client.crl_file.v != s->client.crl_file.v)
        tvc_tvars_add_line(a, v, "client", tvc_arena_printf(a, "SSLCARevocationFile %s",
                           tvc_emit_path(e, t->client.crl_file.v)));
    int staple = t->stapling.enabled == 1 || t->stapling.md_stapling == 1 ||
                 (t->engine == TVC_ENGINE_GNUTLS && t->stapling.enabled != 0 &&
                  t->stapling.response_files.n);
    if (staple)
        tvc_tvars_add_line(a, v, "stapling", "SSLUseStapling on");
    if (t->stapling.response_files.n)
        tvc_emit_lossy(e, &t->stapling.response_files.loc[0], "mod_ssl cannot staple "
                       "responses from files (GnuTLSOCSPResponseFile); it asks the "
                       "responder itself");
    if (t->proxy && t->proxy->enabled == 1 && t->proxy != s->proxy) {
        tvc_tvars_add_line(a, v, "proxy", "SSLProxyEngine on");
        if (t->proxy->ca_file.v)
            tvc_tvars_add_line(a, v, "proxy", tvc_arena_printf(a, "SSLProxyCACertificateFile %s",
                               tvc_emit_path(e, t->proxy->ca_file.v)));
    }
    tvc_emit_other(e, t, s, v);
}

const tvc_emitter tvc_emit_modssl = {
    TVC_ENGINE_MODSSL, "mod_ssl", "ssl_module", "mod_ssl.c",
    "/usr/lib/apache2/modules/mod_ssl.so", server, vhost,
};
