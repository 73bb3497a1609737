#include "config.h"

#include "policy/expand.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/smap.h"
#include "ir/dialect.h"
#include "policy/policy.h"
#include "policy/suites.h"

typedef struct result {
    const char **tls12, **tls13;
    size_t n12, n13;
    int min, max;
} result;

static const char **names(tvc_arena *a, const uint16_t *codes, size_t n)
{
    const char **v = tvc_arena_alloc(a, (n + 1) * sizeof *v);
    for (size_t i = 0; i < n; i++) {
        const tvc_suite *s = tvc_suite_by_code(codes[i]);
        v[i] = s ? s->iana : tvc_arena_printf(a, "TLS_CIPHER_0x%04X", codes[i]);
    }
    return v;
}

static char *key_of(const tvc_tls *t)
{
    char *k = NULL;
    const tvc_ciphers *c = &t->ciphers;
    if (asprintf(&k, "%d|%d|%d|%s|%s|%s|%s|%d|%zu", t->engine, t->protocols.min,
                 t->protocols.max, c->spec.v ? c->spec.v : "\001",
                 c->spec_tls13.v ? c->spec_tls13.v : "\001", c->prefer.v ? c->prefer.v : "\001",
                 c->suppress.v ? c->suppress.v : "\001", c->server_preference,
                 t->groups.n) < 0)
        abort();
    for (size_t i = 0; i < t->groups.n; i++) {
        char *k2 = NULL;
        if (asprintf(&k2, "%s|%s", k, t->groups.v[i]) < 0)
            abort();
        free(k);
        k = k2;
    }
    return k;
}

static const char *groups_text(tvc_arena *a, const tvc_strs *g)
{
    if (!g->n)
        return NULL;
    const char *s = "";
    for (size_t i = 0; i < g->n; i++)
        s = tvc_arena_printf(a, "%s%s%s", s, i ? ":" : "", g->v[i]);
    return s;
}

/* A problem at byte `off` of the string set at `loc`. */
static void report(tvc_diags *d, const tvc_str *where, const tvc_loc *fallback,
                   const tvc_policy_err *e, const tvc_vhost *vh)
{
    tvc_loc l = where && where->loc.file ? where->loc : *fallback;
    l.col += (unsigned)e->offset;
    tvc_severity sev = e->fatal > 0 ? TVC_ERROR : e->fatal < 0 ? TVC_NOTE : TVC_WARNING;
    tvc_diag *g = tvc_diag_add(d, "cipher-invalid", sev, &l, 1, "%s", e->message);
    if (g && vh) {
        g->vhost_addr = vh->n_addrs ? vh->addrs[0].addr : "*";
        g->vhost_port = vh->n_addrs ? vh->addrs[0].port : 0;
        g->vhost_name = vh->server_name;
    }
}

/* "+NAME" elements GnuTLS accepts but that add nothing, because no suite
 * of GnuTLS 3.7 uses NAME: a note, as for an OpenSSL keyword that
 * selects nothing. Removing such a name ("-ARCFOUR-40") is no finding. */
static void gnutls_noop_adds(tvc_arena *a, const char *prio, tvc_policy_errs *errs)
{
    size_t i = 0, n = strlen(prio);
    while (i < n) {
        size_t b = i;
        while (i < n && prio[i] != ':')
            i++;
        if (prio[b] == '+' && i > b + 1 && tvc_gnutls_alg_in_suites(prio + b + 1, i - b - 1) == 0)
            tvc_policy_err_add(a, errs, b, -1, "'%.*s' names an algorithm no GnuTLS cipher "
                               "suite uses: adding it has no effect", (int)(i - b), prio + b);
        i++;
    }
}

/* The setting an error is in, from the string the policy reader says. */
static const tvc_str *err_field(const tvc_tls *t, tvc_policy_input input)
{
    switch (input) {
    case TVC_POLICY_IN_SUPPRESS:
        return &t->ciphers.suppress;
    case TVC_POLICY_IN_TLS13:
        return t->ciphers.spec_tls13.v ? &t->ciphers.spec_tls13 : &t->ciphers.spec;
    case TVC_POLICY_IN_MAIN:
        break;
    }
    return t->engine == TVC_ENGINE_MODTLS ? &t->ciphers.prefer : &t->ciphers.spec;
}

static result *resolve(tvc_arena *a, tvc_diags *d, const tvc_vhost *vh, const tvc_tls *t)
{
    tvc_policy p;
    tvc_policy_errs errs = {0};
    switch (t->engine) {
    case TVC_ENGINE_MODSSL: {
        tvc_openssl_in in = {t->ciphers.spec.v, t->ciphers.spec_tls13.v,
                             t->protocols.min == TVC_UNSET ? 0 : t->protocols.min,
                             t->protocols.max == TVC_UNSET ? 0 : t->protocols.max,
                             t->ciphers.server_preference, groups_text(a, &t->groups)};
        tvc_openssl_resolve(a, &in, &p, &errs);
        break;
    }
    case TVC_ENGINE_GNUTLS: {
        tvc_policy_err e = {.fatal = 1};
        const char *prio = t->ciphers.spec.v ? t->ciphers.spec.v : "NORMAL";
        if (tvc_gnutls_resolve(a, prio, &p, &e) != 0) {
            tvc_policy_err_add(a, &errs, e.offset, 1, "%s (mod_gnutls fails at start)",
                               e.message);
            memset(&p, 0, sizeof p);
            break;
        }
        gnutls_noop_adds(a, prio, &errs);
        /* With libgnutls, GnuTLS itself has the last word (it rejects
         * @SYSTEM when the system has no /etc/gnutls/config). */
        tvc_policy lp;
        tvc_policy_err le = {.fatal = 1};
        if (tvc_gnutls_resolve_lib(a, prio, &lp, &le) == -1)
            tvc_policy_err_add(a, &errs, le.offset, 1, "this machine's GnuTLS rejects the "
                               "priority string: %s (mod_gnutls fails at start here)",
                               le.message);
        break;
    }
    case TVC_ENGINE_MODTLS:
        tvc_rustls_resolve(a, t->ciphers.prefer.v, t->ciphers.suppress.v,
                           t->protocols.min == TVC_UNSET ? 0 : t->protocols.min,
                           t->ciphers.server_preference, &p, &errs);
        break;
    default:
        return NULL;
    }
    for (size_t i = 0; i < errs.n; i++)
        report(d, err_field(t, errs.v[i].input), t->enabled_loc.file ? &t->enabled_loc : &vh->loc,
               &errs.v[i], vh);
    result *r = tvc_arena_calloc(a, sizeof *r);
    r->tls12 = names(a, p.tls12, p.n_tls12);
    r->n12 = p.n_tls12;
    r->tls13 = names(a, p.tls13, p.n_tls13);
    r->n13 = p.n_tls13;
    r->min = p.proto_min;
    r->max = p.proto_max;
    return r;
}

/* The backend side (SSLProxy*, TLSProxy*, GnuTLSProxy*) is read in the
 * same language; vhosts usually have their own, so no cache. */
static void expand_proxy(tvc_arena *a, tvc_diags *d, const tvc_vhost *vh, tvc_tls *t)
{
    tvc_proxy_tls *px = t->proxy;
    if (!px || px->ciphers.tls12)
        return;
    /* mod_tls parses its cipher names while reading the config
     * (tls_conf.c parse_ciphers), used or not; the others at start */
    if (px->enabled != 1 && t->engine != TVC_ENGINE_MODTLS)
        return;
    tvc_tls tmp;
    tvc_tls_init(&tmp);
    tmp.engine = t->engine;
    tmp.protocols = px->protocols;
    tmp.ciphers = px->ciphers;
    tmp.enabled_loc = px->enabled_loc;
    result *r = resolve(a, d, vh, &tmp);
    if (!r)
        return;
    px->ciphers.tls12 = r->tls12;
    px->ciphers.n_tls12 = r->n12;
    px->ciphers.tls13 = r->tls13;
    px->ciphers.n_tls13 = r->n13;
    px->protocols.eff_min = r->min;
    px->protocols.eff_max = r->max;
}

void tvc_policy_expand_ir(tvc_arena *a, tvc_diags *d, tvc_ir *ir)
{
    tvc_smap cache = {0};
    result **results = calloc(ir->n_vhosts + 2, sizeof *results);
    size_t nres = 0;
    if (!results)
        abort();
    for (size_t i = 0; i < ir->n_vhosts; i++) {
        tvc_vhost *vh = &ir->vhosts[i];
        tvc_tls *t = vh->tls;
        if (!t)
            continue;
        int found;
        size_t idx = tvc_smap_put(&cache, key_of(t), nres, &found);
        if (!found)
            results[nres++] = resolve(a, d, vh, t);
        result *r = results[idx];
        if (!r)
            continue;
        t->ciphers.tls12 = r->tls12;
        t->ciphers.n_tls12 = r->n12;
        t->ciphers.tls13 = r->tls13;
        t->ciphers.n_tls13 = r->n13;
        t->protocols.eff_min = r->min;
        t->protocols.eff_max = r->max;
        expand_proxy(a, d, vh, t);
    }
    /* The server config's own policy too (the emitters write it). Its
     * engine is whichever module's directives set it. */
    tvc_tls *sv = &ir->server;
    tvc_engine eng = sv->engine;
    for (int e = TVC_ENGINE_MODSSL; !eng && e <= TVC_ENGINE_MODTLS; e++)
        if (sv->engines_seen & (1u << e))
            eng = (tvc_engine)e;
    if (eng) {
        tvc_engine saved = sv->engine;
        sv->engine = eng;
        int found;
        size_t idx = tvc_smap_put(&cache, key_of(sv), nres, &found);
        result *r = found ? results[idx] : NULL;
        if (!found) {
            /* Problems in the server's strings were reported with the
             * vhosts that inherit them; a new one here is new. */
            tvc_vhost dummy = {0};
            dummy.loc = sv->enabled_loc;
            r = resolve(a, d, &dummy, sv);
        }
        if (r) {
            sv->ciphers.tls12 = r->tls12;
            sv->ciphers.n_tls12 = r->n12;
            sv->ciphers.tls13 = r->tls13;
            sv->ciphers.n_tls13 = r->n13;
            sv->protocols.eff_min = r->min;
            sv->protocols.eff_max = r->max;
        }
        sv->engine = saved;
    }
    free(results);
    tvc_smap_free(&cache);
}
