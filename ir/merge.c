#include "config.h"

#include "ir/ir.h"

/* The merge rules of the modules' per-server configs, as mod_ssl's
 * ssl_config_server_merge applies them to `base` (the server config) and
 * `add` (the vhost): the vhost's value where it set one, the server's
 * otherwise. The vhost's own record (tvc_tls.own) is not touched, so the
 * effective view and what the vhost wrote stay side by side. */

#define MERGE_INT(f) if (c->f == TVC_UNSET) c->f = p->f
#define MERGE_STR(f) if (!c->f.v) c->f = p->f

static void merge_ciphers(const tvc_ciphers *p, tvc_ciphers *c)
{
    MERGE_STR(spec);
    MERGE_STR(spec_tls13);
    MERGE_STR(prefer);
    MERGE_STR(suppress);
    if (c->server_preference == TVC_UNSET) {
        c->server_preference = p->server_preference;
        c->preference_loc = p->preference_loc;
    }
}

static void merge_protocols(const tvc_protocols *p, tvc_protocols *c)
{
    if (c->min == TVC_UNSET && c->max == TVC_UNSET && !c->text.v)
        *c = *p;
}

/* mod_ssl appends the main server's certificate and key lists before the
 * vhost's (cfgMergeArray in ssl_engine_config.c); OpenSSL then keeps the
 * last one of each key type. mod_tls and mod_gnutls take the vhost's
 * certificates when it has any. */
static void merge_certs(tvc_arena *a, const tvc_tls *p, tvc_tls *c)
{
    if (!p->certs.n)
        return;
    if (c->engine == TVC_ENGINE_MODSSL && c->certs.n) {
        tvc_certs out = {0};
        for (size_t i = 0; i < p->certs.n; i++)
            *tvc_certs_push(a, &out) = p->certs.v[i];
        for (size_t i = 0; i < c->certs.n; i++)
            *tvc_certs_push(a, &out) = c->certs.v[i];
        c->certs = out;
        c->own.certs_inherited = (unsigned)p->certs.n;
    } else if (!c->certs.n) {
        c->certs = p->certs;
        c->own.certs_inherited = (unsigned)p->certs.n;
    }
}

/* SSLOpenSSLConfCmd and the other lines kept as written are appended,
 * the server's first, marked as inherited. */
static void merge_raws(tvc_arena *a, const tvc_raws *p, tvc_raws *c)
{
    if (!p->n)
        return;
    tvc_raws out = {0};
    for (size_t i = 0; i < p->n; i++) {
        const tvc_raw *r = &p->v[i];
        tvc_raws_push(a, &out, r->name, r->argc, r->argv, &r->loc)->level = TVC_RAW_INHERITED;
    }
    for (size_t i = 0; i < c->n; i++) {
        const tvc_raw *r = &c->v[i];
        tvc_raws_push(a, &out, r->name, r->argc, r->argv, &r->loc)->level = r->level;
    }
    *c = out;
}

static void merge_client(const tvc_client_verify *p, tvc_client_verify *c)
{
    MERGE_INT(mode);
    if (c->mode == p->mode)
        c->mode_loc = p->mode_loc;
    MERGE_STR(ca_file);
    MERGE_STR(ca_path);
    MERGE_STR(crl_file);
    MERGE_STR(crl_path);
    MERGE_STR(crl_check);
    MERGE_INT(depth);
}

static void merge_stapling(const tvc_stapling *p, tvc_stapling *c)
{
    if (c->enabled == TVC_UNSET) {
        c->enabled = p->enabled;
        c->enabled_loc = p->enabled_loc;
    }
    if (!c->response_files.n)
        c->response_files = p->response_files;
    MERGE_STR(cache);
    MERGE_STR(force_url);
    MERGE_INT(return_errors);
    MERGE_INT(md_stapling);
    MERGE_INT(md_staple_others);
}

static void merge_proxy(const tvc_proxy_tls *p, tvc_proxy_tls *c)
{
    if (c->enabled == TVC_UNSET) {
        c->enabled = p->enabled;
        c->enabled_loc = p->enabled_loc;
    }
    merge_protocols(&p->protocols, &c->protocols);
    merge_ciphers(&p->ciphers, &c->ciphers);
    MERGE_STR(ca_file);
    MERGE_STR(ca_path);
    MERGE_STR(crl_file);
    MERGE_INT(verify);
    MERGE_INT(verify_depth);
    MERGE_INT(check_peer_name);
    MERGE_INT(check_peer_cn);
    MERGE_INT(check_peer_expire);
    if (!c->machine_certs.n)
        c->machine_certs = p->machine_certs;
}

/* Settings with no struct of their own. */
static void merge_scalars(const tvc_tls *p, tvc_tls *c)
{
    MERGE_STR(chain_file);
    MERGE_STR(session_cache);
    MERGE_INT(session_timeout);
    MERGE_INT(session_tickets);
    if (c->strict_sni == TVC_UNSET) {
        c->strict_sni = p->strict_sni;
        c->strict_sni_loc = p->strict_sni_loc;
    }
    MERGE_INT(compression);
    MERGE_INT(insecure_reneg);
    MERGE_STR(dh_file);
    MERGE_STR(alpn);
    MERGE_STR(pin);
}

void tvc_tls_merge(tvc_arena *a, const tvc_tls *p, tvc_tls *c)
{
    if (c->enabled == TVC_UNSET) {
        c->enabled = p->enabled;
        c->enabled_loc = p->enabled_loc;
        if (!c->engine)
            c->engine = p->engine;
    }
    merge_protocols(&p->protocols, &c->protocols);
    merge_ciphers(&p->ciphers, &c->ciphers);
    if (!c->groups.n)
        c->groups = p->groups;
    merge_certs(a, p, c);
    merge_client(&p->client, &c->client);
    merge_stapling(&p->stapling, &c->stapling);
    merge_scalars(p, c);
    if (p->proxy && !c->proxy)
        c->proxy = p->proxy;
    else if (p->proxy)
        merge_proxy(p->proxy, c->proxy);
    merge_raws(a, &p->other, &c->other);
    c->engines_seen |= p->engines_seen;
}
