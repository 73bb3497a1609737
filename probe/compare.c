/* What the server sent against what the config gives the vhost httpd
 * routes the name to: one finding per difference, none when they agree. */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/ocsp.h>

#include "probe/certs.h"
#include "probe/probe.h"

typedef struct cmp {
    tvc_arena *a;
    tvc_diags *d;
    const tvc_ir *ir;
    tvc_probe_files *files;
    const tvc_probe_target *t;
    const char *at; /* "'a.test' on 127.0.0.1:8443" */
    int n;          /* findings for this name */
} cmp;

static const char *vh_label(cmp *c, const tvc_vhost *vh)
{
    const char *name = vh->server_name ? vh->server_name : c->ir->server_name;
    return tvc_arena_printf(c->a, "%s:%d %s", vh->n_addrs ? vh->addrs[0].addr : "*",
                            vh->n_addrs ? vh->addrs[0].port : 0,
                            name ? name : "(no ServerName)");
}

static void probe_report(cmp *c, const tvc_vhost *vh, const char *id, tvc_severity sev,
                   const tvc_loc *loc, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
static void probe_report(cmp *c, const tvc_vhost *vh, const char *id, tvc_severity sev,
                   const tvc_loc *loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tvc_diag *g = tvc_diag_addv(c->d, id, sev, loc, 0, fmt, ap);
    va_end(ap);
    if (g) {
        g->vhost_addr = vh->n_addrs ? vh->addrs[0].addr : "*";
        g->vhost_port = vh->n_addrs ? vh->addrs[0].port : 0;
        g->vhost_name = vh->server_name ? vh->server_name : c->ir->server_name;
    }
    c->n++;
}

/* The index of VH's certificate whose leaf is X; -1 when none is. */
static int which_cert(cmp *c, const tvc_vhost *vh, X509 *x)
{
    for (size_t k = 0; k < vh->tls->certs.n; k++) {
        STACK_OF(X509) *sk = tvc_probe_file_certs(c->files, vh->tls->certs.v[k].cert);
        if (sk && !X509_cmp(sk_X509_value(sk, 0), x))
            return (int)k;
    }
    return -1;
}

/* Another vhost's certificate: a routing or a load balancer mix-up. */
static const tvc_vhost *owner_of(cmp *c, X509 *x)
{
    for (size_t i = 0; i < c->ir->n_vhosts; i++)
        if (c->ir->vhosts[i].tls && which_cert(c, &c->ir->vhosts[i], x) >= 0)
            return &c->ir->vhosts[i];
    return NULL;
}

static void cert_differs(cmp *c, const tvc_vhost *vh, X509 *served)
{
    /* the configured certificate of the served one's key type, else the first */
    int type = EVP_PKEY_get_base_id(X509_get0_pubkey(served));
    const tvc_cert *want = &vh->tls->certs.v[0];
    X509 *wx = NULL;
    for (size_t k = 0; k < vh->tls->certs.n; k++) {
        STACK_OF(X509) *sk = tvc_probe_file_certs(c->files, vh->tls->certs.v[k].cert);
        X509 *x = sk ? sk_X509_value(sk, 0) : NULL;
        if (x && (!wx || (EVP_PKEY_get_base_id(X509_get0_pubkey(x)) == type &&
                          EVP_PKEY_get_base_id(X509_get0_pubkey(wx)) != type))) {
            wx = x;
            want = &vh->tls->certs.v[k];
        }
    }
    const tvc_vhost *other = owner_of(c, served);
    const char *whose = other ? tvc_arena_printf(c->a, " (the config gives it to %s)",
                                                 vh_label(c, other)) : "";
    if (!wx) {
        probe_report(c, vh, "live-cert-differs", TVC_ERROR, &want->cert_loc,
               "%s serves %s%s, the config names '%s', which cannot be read", c->at,
               tvc_probe_describe(c->a, served), whose, want->cert);
        return;
    }
    int newer = ASN1_TIME_compare(X509_get0_notBefore(wx), X509_get0_notBefore(served)) > 0;
    probe_report(c, vh, "live-cert-differs", TVC_ERROR, &want->cert_loc,
           "%s serves %s%s, the config names '%s': %s (%s)%s", c->at,
           tvc_probe_describe(c->a, served), whose, want->cert, tvc_probe_describe(c->a, wx),
           newer ? "newer" : "not newer",
           newer ? ": reload pending?" : ": is this the server of this config?");
}

static void push_file(cmp *c, STACK_OF(X509) *want, const char *path, int skip)
{
    STACK_OF(X509) *sk = path ? tvc_probe_file_certs(c->files, path) : NULL;
    for (int i = skip; sk && i < sk_X509_num(sk); i++)
        sk_X509_push(want, sk_X509_value(sk, i));
}

/* mod_ssl leaves OpenSSL's automatic chain on: a certificate file
 * without a chain goes out with the issuers OpenSSL finds in the
 * context's store, which holds SSLCACertificateFile, root included. */
static void auto_chain(cmp *c, const tvc_vhost *vh, X509 *leaf, STACK_OF(X509) *want)
{
    STACK_OF(X509) *ca = vh->tls->client.ca_file.v
                             ? tvc_probe_file_certs(c->files, vh->tls->client.ca_file.v)
                             : NULL;
    for (X509 *x = leaf; ca && sk_X509_num(want) < sk_X509_num(ca);) {
        X509 *issuer = NULL;
        for (int i = 0; i < sk_X509_num(ca) && !issuer; i++)
            if (X509_check_issued(sk_X509_value(ca, i), x) == X509_V_OK)
                issuer = sk_X509_value(ca, i);
        if (!issuer || issuer == x)
            break;
        sk_X509_push(want, issuer);
        x = issuer;
    }
}

/* The chain the config sends with certificate K: the rest of its file,
 * then its chain files, then SSLCertificateChainFile. */
static void chain_differs(cmp *c, const tvc_vhost *vh, int k, STACK_OF(X509) *served)
{
    const tvc_cert *ct = &vh->tls->certs.v[k];
    STACK_OF(X509) *want = sk_X509_new_null();
    if (!want)
        return;
    push_file(c, want, ct->cert, 1);
    for (size_t i = 0; i < ct->chain.n; i++)
        push_file(c, want, ct->chain.v[i], 0);
    push_file(c, want, vh->tls->chain_file.v, 0);
    if (!sk_X509_num(want) && vh->tls->engine == TVC_ENGINE_MODSSL)
        auto_chain(c, vh, sk_X509_value(served, 0), want);
    int same = sk_X509_num(want) == sk_X509_num(served) - 1;
    for (int i = 0; same && i < sk_X509_num(want); i++)
        same = !X509_cmp(sk_X509_value(want, i), sk_X509_value(served, i + 1));
    if (!same)
        probe_report(c, vh, "live-chain-differs", TVC_WARNING, &ct->cert_loc,
               "%s sends %d chain certificate%s after the leaf, the config's chain for '%s' "
               "has %d%s", c->at, sk_X509_num(served) - 1, sk_X509_num(served) == 2 ? "" : "s",
               ct->cert, sk_X509_num(want),
               sk_X509_num(want) == sk_X509_num(served) - 1 ? ", not the same ones" : "");
    sk_X509_free(want);
}

static const tvc_loc *proto_loc(const tvc_vhost *vh)
{
    return vh->tls->protocols.text.v ? &vh->tls->protocols.text.loc : &vh->loc;
}

static void protocols(cmp *c, const tvc_vhost *vh)
{
    const tvc_protocols *p = &vh->tls->protocols;
    const tvc_probe_target *t = c->t;
    const char *range = tvc_arena_printf(c->a, "%s..%s", tvc_proto_name(p->eff_min),
                                         p->eff_max ? tvc_proto_name(p->eff_max) : "newest");
    if (p->eff_min && t->live.version &&
        (t->live.version < p->eff_min || (p->eff_max && t->live.version > p->eff_max)))
        probe_report(c, vh, "live-protocol-differs", TVC_ERROR, proto_loc(vh),
               "%s negotiates %s, outside the configured %s: reload pending?", c->at,
               tvc_proto_name(t->live.version), range);
    if (t->low.ok)
        probe_report(c, vh, "live-protocol-differs", TVC_ERROR, proto_loc(vh),
               "%s accepts %s, below the configured minimum %s: reload pending?", c->at,
               tvc_proto_name(t->low.version ? t->low.version : t->below),
               tvc_proto_name(p->eff_min));
}

/* Stapling that is on: SSLUseStapling/GnuTLSOCSPStapling on, mod_gnutls
 * with a response file (its stapling is on by default), mod_md's. */
static int staples(const tvc_tls *tls)
{
    const tvc_stapling *s = &tls->stapling;
    return s->enabled == 1 || s->md_stapling == 1 ||
           (s->enabled == TVC_UNSET && tls->engine == TVC_ENGINE_GNUTLS &&
            s->response_files.n > 0);
}

/* --probe-host: the HEAD with the name as Host. mod_ssl answers 421 when
 * the Host's vhost has other TLS settings than the SNI name's; a 5xx or
 * no answer at all is a name the config serves and the server does not.
 * A 1xx is no answer: libcurl reports it as the status when the server
 * closes after one, with the final answer missing. */
static void host_check(cmp *c, const tvc_vhost *vh)
{
    const tvc_probe_seen *s = &c->t->live;
    if (!s->asked || (s->status >= 200 && s->status < 500 && s->status != 421))
        return;
    const char *head = tvc_arena_printf(c->a, "HEAD / with Host: %s", c->t->name);
    const char *why = s->http_error ? s->http_error : "no status line";
    if (!s->status)
        probe_report(c, vh, "live-host-differs", TVC_ERROR, c->t->name_loc,
               "%s gives no HTTP answer to %s: %s", c->at, head, why);
    else if (s->status < 200)
        probe_report(c, vh, "live-host-differs", TVC_ERROR, c->t->name_loc,
               "%s gives no final HTTP answer to %s, only %ld: %s", c->at, head, s->status,
               why);
    else if (s->status == 421)
        probe_report(c, vh, "live-host-differs", TVC_ERROR, c->t->name_loc,
               "%s answers %s with 421 Misdirected Request, though the config routes the "
               "name to %s: the server's vhost for the Host differs from its SNI vhost", c->at,
               head, vh_label(c, vh));
    else
        probe_report(c, vh, "live-host-differs", TVC_ERROR, c->t->name_loc,
               "%s answers %s with %ld, though the config serves the name from %s", c->at,
               head, s->status, vh_label(c, vh));
}

static void one(cmp *c)
{
    const tvc_probe_target *t = c->t;
    const tvc_vhost *vh = &c->ir->vhosts[t->vhost], *own = &c->ir->vhosts[t->owner];
    c->at = tvc_arena_printf(c->a, "'%s' on %s:%d", t->name, t->host, t->port);
    if (t->owner != t->vhost)
        probe_report(c, own, "sni-shadowed", TVC_WARNING, t->name_loc,
               "'%s' (a name of %s) is answered by %s, which comes first on %s: the server "
               "is compared with that vhost", t->name, vh_label(c, own), vh_label(c, vh),
               t->set);
    if (!t->live.ok) {
        probe_report(c, vh, "live-unreachable", TVC_WARNING, t->name_loc,
               "no TLS handshake with %s for %s: %s", tvc_arena_printf(c->a, "%s:%d", t->host,
               t->port), t->set, t->live.error ? t->live.error : "no answer");
        return;
    }
    X509 *leaf = t->live.chain ? sk_X509_value(t->live.chain, 0) : NULL;
    int k = leaf ? which_cert(c, vh, leaf) : -1;
    if (leaf && vh->tls->certs.n && k < 0)
        cert_differs(c, vh, leaf);
    else if (leaf && k >= 0)
        chain_differs(c, vh, k, t->live.chain);
    protocols(c, vh);
    if (staples(vh->tls) && t->live.staple != OCSP_RESPONSE_STATUS_SUCCESSFUL)
        probe_report(c, vh, "live-no-staple", TVC_WARNING,
               vh->tls->stapling.enabled_loc.file ? &vh->tls->stapling.enabled_loc
                                                  : &vh->loc,
               "%s staples %s, though the config turns stapling on: clients that want a "
               "status (must-staple) fail", c->at,
               t->live.staple < 0 ? "no OCSP response"
               : tvc_arena_printf(c->a, "an OCSP '%s' answer, no certificate status",
                                  OCSP_response_status_str(t->live.staple)));
    host_check(c, vh);
}

size_t tvc_probe_compare(tvc_arena *a, tvc_diags *d, const tvc_ir *ir, tvc_probe_targets *t)
{
    cmp c = {a, d, ir, tvc_probe_files_new(a), NULL, NULL, 0};
    size_t clean = 0;
    for (size_t i = 0; i < t->n; i++) {
        c.t = &t->v[i];
        c.n = 0;
        one(&c);
        t->v[i].findings = c.n;
        clean += c.n == 0;
    }
    return clean;
}
