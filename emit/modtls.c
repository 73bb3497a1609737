/* mod_tls: TLSEngine per port at server level, TLSCertificate per vhost,
 * TLSProtocol as a minimum, prefer/suppress lists, stapling through
 * mod_md. No client certificates, no CRLs, no encrypted keys. */
#include "config.h"

#include <string.h>

#include "emit/common.h"

/* mod_tls has no directive for the key-exchange groups: a list equal to
 * rustls's own is exact, any other convert-lossy (policy/translate.c). */
static void groups(tvc_emit *e, const tvc_vhost *vh, const tvc_tls *t, const tvc_tls *parent)
{
    const char **g;
    tvc_emit_groups_for(e, vh, t, parent, 1, &g);
}

static void certificates(tvc_emit *e, const tvc_tls *t, tvc_tvars *v)
{
    tvc_arena *a = e->a;
    for (size_t i = 0; i < t->certs.n; i++) {
        const tvc_cert *c = &t->certs.v[i];
        if (!c->cert)
            continue;
        tvc_emit_cert_response_lost(e, c, "mod_tls");
        tvc_tvars_add_line(a, v, "certificates", tvc_arena_printf(a, "%s %s%s%s",
                           TVC_TLS_DIRECTIVE(certs), tvc_emit_path(e, c->cert), c->key ? " " : "",
                           c->key ? tvc_emit_path(e, c->key) : ""));
        if (c->chain.n)
            tvc_emit_lossy(e, &c->chain.loc[0], "mod_tls has no chain file directive: "
                           "append '%s' to '%s' (leaf first) for clients to get the chain",
                           c->chain.v[0], c->cert);
    }
}

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
    /* The main server's own TLS (its ports got TLSEngine above). */
    if (s->enabled == 1)
        certificates(e, s, v);
    tvc_emit_policy(e, s, NULL, v);
    groups(e, NULL, s, NULL);
    tvc_emit_default_policy(e);
    tvc_emit_default_stapling(e);
    if (s->session_cache.v)
        tvc_emit_cache(e, offsetof(tvc_tls, session_cache), s->session_cache.v, v, "session");
    if (tvc_emit_any_stapling(e)) {
        tvc_emit_md_row(e, offsetof(tvc_tls, stapling.md_stapling), 1, v, "stapling");
        tvc_emit_md_row(e, offsetof(tvc_tls, stapling.md_staple_others), 1, v, "stapling");
        e->need_md = 1;
    }
    if (s->stapling.cache.v) {
        const tvc_loc *at = TVC_WRITTEN(s, stapling.cache);
        tvc_emit_note(e, "convert-defaults", NULL, at, "mod_tls staples through mod_md, which "
                      "keeps OCSP responses in its own store (MDStoreDir): the stapling cache "
                      "is left out");
    }
    /* Neither is configurable in mod_tls (rustls issues no tickets: mod_tls
     * sets up no ticketer). */
    if (s->session_timeout != TVC_UNSET)
        tvc_emit_lossy(e, TVC_WRITTEN(s, session_timeout),
                       "mod_tls has no session cache timeout setting; %d s is not kept",
                       s->session_timeout);
    if (s->session_tickets == 1)
        tvc_emit_lossy(e, TVC_WRITTEN(s, session_tickets),
                       "mod_tls issues no session tickets; they are off after conversion");
    /* mod_tls is strict by default; the source was not. TLSStrictSNI is
     * one setting for all ports. */
    if (not_strict) {
        tvc_emit_row_int(e, offsetof(tvc_tls, strict_sni), 0, 0, v, "strict_sni");
        for (size_t i = 0; i < ir->n_listeners; i++) {
            const tvc_listener *l = &ir->listeners[i];
            if (l->engine && l->strict_sni == 1)
                tvc_emit_lossy(e, &l->loc, "mod_tls's TLSStrictSNI is one setting for all "
                               "ports and must be off for the others: port %d is no longer "
                               "strict about SNI", l->addr.port);
        }
    }
    tvc_emit_client(e, NULL, s, NULL, v, "other");
    tvc_emit_details(e, NULL, s, NULL, v, "other");
    tvc_emit_proxy(e, NULL, s, NULL, v, "other");
    tvc_emit_other(e, NULL, s, v);
}

/* The listener a vhost's first address is served by. */
static const tvc_listener *listener_of(const tvc_emit *e, const tvc_vhost *vh)
{
    for (size_t i = 0; i < e->ir->n_listeners; i++)
        for (size_t k = 0; k < vh->n_addrs; k++)
            if (e->ir->listeners[i].engine &&
                (vh->addrs[k].port == e->ir->listeners[i].addr.port || !vh->addrs[k].port))
                return &e->ir->listeners[i];
    return NULL;
}

static void vhost(tvc_emit *e, const tvc_vhost *vh, tvc_tvars *v)
{
    const tvc_tls *t = vh->tls, *s = &e->ir->server;
    if (tvc_emit_own_certs(e, t))
        certificates(e, t, v);
    tvc_emit_policy(e, t, s, v);
    groups(e, vh, t, s);
    if (t->client.mode > TVC_VERIFY_NONE)
        tvc_emit_lossy(e, &t->client.mode_loc, "mod_tls cannot verify client certificates "
                       "(TLSClientCertificate is compiled out): clients are no longer asked "
                       "for one");
    tvc_emit_client(e, vh, t, s, v, "client");
    if (t->stapling.response_files.n)
        tvc_emit_lossy(e, &t->stapling.response_files.loc[0], "mod_tls cannot staple "
                       "responses from files; mod_md fetches them");
    if (t->pin.v)
        tvc_emit_lossy(e, &t->pin.loc, "mod_tls cannot load encrypted keys: decrypt the key");
    /* mod_ssl's strict SNI for one vhost: mod_tls has it per server. */
    const tvc_loc *sl = tvc_emit_strict_sni_at(t);
    const tvc_listener *l = listener_of(e, vh);
    if (sl && t->strict_sni == 1 && l && l->strict_sni != 1)
        tvc_emit_lossy_vh(e, vh, sl, "mod_tls's TLSStrictSNI is one setting for the whole "
                          "server and stays off here (the first vhost of port %d is not "
                          "strict): clients without SNI still reach this vhost",
                          l->addr.port);
    tvc_emit_details(e, vh, t, s, v, "other");
    tvc_emit_proxy(e, vh, t, s, v, "proxy");
    tvc_emit_other(e, vh, t, v);
}

const tvc_emitter tvc_emit_modtls = {
    TVC_ENGINE_MODTLS, "mod_tls", server, vhost,
};
