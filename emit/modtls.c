/* mod_tls: TLSEngine per port at server level, TLSCertificate per vhost,
 * TLSProtocol as a minimum, prefer/suppress lists, stapling through
 * mod_md. No client certificates, no CRLs, no encrypted keys. */
#include <string.h>

#include "emit/common.h"

static void server(tvc_emit *e, tvc_tvars *v)
{
    const tvc_ir *ir = e->ir;
    const tvc_tls *s = &ir->server;
    tvc_arena *a = e->a;
    int not_strict = 0;
    for (size_t i = 0; i < ir->n_listeners; i++) {
        const tvc_listener *l = &ir->listeners[i];
        if (!l->engine)
            continue;
        tvc_tvars_add_line(a, v, "listen", tvc_arena_printf(a, "TLSEngine %s",
                                                            tvc_emit_listener(e, l)));
        not_strict |= l->strict_sni != 1;
    }
    tvc_emit_policy(e, s, NULL, v);
    if (s->session_cache.v)
        tvc_tvars_add_line(a, v, "session", tvc_arena_printf(a, "TLSSessionCache %s",
                                                             tvc_emit_socache(e, s->session_cache.v)));
    if (tvc_emit_any_stapling(e)) {
        tvc_tvars_add_line(a, v, "stapling", "MDStapling on");
        tvc_tvars_add_line(a, v, "stapling", "MDStapleOthers on");
        e->need_md = 1;
    }
    /* Neither is configurable in mod_tls (rustls issues no tickets: mod_tls
     * sets up no ticketer). */
    if (s->session_timeout != TVC_UNSET)
        tvc_emit_lossy(e, tvc_emit_find(e, "SSLSessionCacheTimeout", "GnuTLSCacheTimeout"),
                       "mod_tls has no session cache timeout setting; %d s is not kept",
                       s->session_timeout);
    if (s->session_tickets == 1)
        tvc_emit_lossy(e, tvc_emit_find(e, "SSLSessionTickets", "GnuTLSSessionTickets"),
                       "mod_tls issues no session tickets; they are off after conversion");
    /* mod_tls is strict by default; the source was not. */
    if (not_strict)
        tvc_tvars_add_line(a, v, "strict_sni", "TLSStrictSNI off");
    tvc_emit_other(e, s, NULL, v);
}

static void vhost(tvc_emit *e, const tvc_vhost *vh, tvc_tvars *v)
{
    const tvc_tls *t = vh->tls, *s = &e->ir->server;
    tvc_arena *a = e->a;
    if (tvc_emit_own_certs(e, t))
        for (size_t i = 0; i < t->certs.n; i++) {
            const tvc_cert *c = &t->certs.v[i];
            if (!c->cert)
                continue;
            tvc_tvars_add_line(a, v, "certificates", tvc_arena_printf(a, "TLSCertificate %s%s%s",
                               tvc_emit_path(e, c->cert), c->key ? " " : "",
                               c->key ? tvc_emit_path(e, c->key) : ""));
            if (c->chain.n)
                tvc_emit_lossy(e, &c->chain.loc[0], "mod_tls has no chain file directive: "
                               "append '%s' to '%s' (leaf first) for clients to get the chain",
                               c->chain.v[0], c->cert);
        }
    tvc_emit_policy(e, t, s, v);
    if (t->client.mode > TVC_VERIFY_NONE)
        tvc_emit_lossy(e, &t->client.mode_loc, "mod_tls cannot verify client certificates "
                       "(TLSClientCertificate is compiled out): clients are no longer asked "
                       "for one");
    if (t->client.crl_file.v || t->client.crl_path.v)
        tvc_emit_lossy(e, t->client.crl_file.v ? &t->client.crl_file.loc : &t->client.crl_path.loc,
                       "mod_tls has no CRLs");
    if (t->stapling.response_files.n)
        tvc_emit_lossy(e, &t->stapling.response_files.loc[0], "mod_tls cannot staple "
                       "responses from files; mod_md fetches them");
    if (t->pin.v)
        tvc_emit_lossy(e, &t->pin.loc, "mod_tls cannot load encrypted keys: decrypt the key");
    if (t->proxy && t->proxy->enabled == 1 && t->proxy != s->proxy) {
        tvc_tvars_add_line(a, v, "proxy", "TLSProxyEngine on");
        if (t->proxy->ca_file.v)
            tvc_tvars_add_line(a, v, "proxy", tvc_arena_printf(a, "TLSProxyCA %s",
                               tvc_emit_path(e, t->proxy->ca_file.v)));
    }
    tvc_emit_other(e, t, s, v);
}

const tvc_emitter tvc_emit_modtls = {
    TVC_ENGINE_MODTLS, "mod_tls", "tls_module", "mod_tls.c",
    "/usr/lib/apache2/modules/mod_tls.so", server, vhost,
};
