/* The runtime: one SSL_CTX per TLS vhost of an address set, and the
 * ClientHello callback that moves each connection to its vhost's context
 * and policy (see tlsvhost/runtime.h). OpenSSL only; no allocation after
 * tvc_rt_new except OpenSSL's own per connection and a staple file's new
 * contents (staple.c). */
#include "config.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/err.h>
#include <openssl/ocsp.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "alpn.h"
#include "load.h"
#include "names.h"
#include "staple.h"
#include "tlsvhost/runtime.h"

typedef struct rt_vhost {
    const tvc_rt_vhost *vh;
    SSL_CTX *ctx;            /* its policy's context (shared); NULL: plain */
    const tvc_rt_pair *certs; /* read at start (load.c), installed on each
                               * connection by the ClientHello callback */
    unsigned n_certs;
    unsigned char sid[SSL_MAX_SID_CTX_LENGTH];
    unsigned sid_len;
    tvc_rt_staple *staple;   /* its OCSP response files', or NULL */
    tvc_rt_alpn alpn;        /* Protocols, as ALPN's wire list */
} rt_vhost;

/* Vhosts with the same protocol, cipher, group, verification and ticket
 * settings share one SSL_CTX: an OpenSSL 3 SSL_CTX costs about 13 KiB and
 * 0.1 ms to make, which at 10,000 vhosts is 130 MiB and a second for
 * copies of one policy. Certificates are per vhost, set per connection. */
typedef struct rt_policy {
    const tvc_rt_vhost *model; /* the first vhost with this policy */
    SSL_CTX *ctx;
} rt_policy;

struct tvc_rt {
    atomic_uint refs;        /* tvc_rt_up_ref / tvc_rt_free */
    void (*on_free)(void *);
    void *on_free_arg;
    const tvc_rt_config *cfg;
    const tvc_rt_site *site;
    rt_vhost *v;             /* the site's members, config order */
    unsigned n;
    unsigned dflt;           /* the first TLS member: the default */
    tvc_rt_names *names;
    int set_groups;          /* some vhost sets groups: reset them for others */
    rt_policy *pol;
    unsigned n_pol;
    tvc_rt_loaded *loaded;   /* every certificate and key; freed last */
};

/* OpenSSL 3's built-in group list, for a vhost that leaves groups at the
 * default on a site where another sets them: SSL_set_SSL_CTX does not
 * carry groups, and the SSL object starts with the default vhost's. */
static const char default_groups[] =
    "X25519:P-256:X448:P-521:P-384:ffdhe2048:ffdhe3072:ffdhe4096:ffdhe6144:ffdhe8192";

static int ssl_idx = -1, ctx_idx = -1;
static CRYPTO_ONCE idx_once = CRYPTO_ONCE_STATIC_INIT;

static void idx_init(void)
{
    ssl_idx = SSL_get_ex_new_index(0, "tvc_rt vhost", NULL, NULL, NULL);
    ctx_idx = SSL_CTX_get_ex_new_index(0, "tvc_rt", NULL, NULL, NULL);
}

const char *tvc_rt_version(void)
{
    return "tlsvhost-runtime " TVC_RT_VERSION;
}

static const char *vh_name(const tvc_rt_vhost *vh)
{
    return vh->server_name ? vh->server_name : "(no ServerName)";
}

/* "vhost a.test (conf/a.conf:12): what: OpenSSL's reason" */
static void fail(char *err, size_t len, const tvc_rt_vhost *vh, const char *fmt, ...)
{
    char what[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    unsigned long e = ERR_peek_last_error();
    char reason[256] = "";
    if (e)
        ERR_error_string_n(e, reason, sizeof reason);
    ERR_clear_error();
    if (!err || !len)
        return;
    if (vh)
        snprintf(err, len, "vhost %s (%s:%u): %s%s%s", vh_name(vh),
                 vh->source_file ? vh->source_file : "?", vh->source_line, what,
                 *reason ? ": " : "", reason);
    else
        snprintf(err, len, "%s%s%s", what, *reason ? ": " : "", reason);
}

static int client_hello(SSL *ssl, int *al, void *arg);
static void destroy(tvc_rt *rt);

/* After the ClientHello callback: the vhost is chosen. */
static int alpn_cb(SSL *ssl, const unsigned char **out, unsigned char *outlen,
                   const unsigned char *in, unsigned int inlen, void *arg)
{
    (void)arg;
    const rt_vhost *v = SSL_get_ex_data(ssl, ssl_idx);
    return tvc_rt_alpn_select(v ? &v->alpn : NULL, out, outlen, in, inlen);
}

static int status_cb(SSL *ssl, void *arg)
{
    (void)arg;
    const rt_vhost *v = SSL_get_ex_data(ssl, ssl_idx);
    if (!v || !v->staple)
        return SSL_TLSEXT_ERR_NOACK;
    long len = 0;
    unsigned char *copy = tvc_rt_staple_get(v->staple, SSL_get_certificate(ssl), &len);
    if (!copy || !SSL_set_tlsext_status_ocsp_resp(ssl, copy, len)) {
        OPENSSL_free(copy);
        return SSL_TLSEXT_ERR_NOACK;
    }
    return SSL_TLSEXT_ERR_OK;
}

/* The SNI the client sent has been read by client_hello(); acknowledging
 * it tells the client the name was used. */
static int servername_cb(SSL *ssl, int *al, void *arg)
{
    (void)ssl, (void)al, (void)arg;
    return SSL_TLSEXT_ERR_OK;
}

static int build_policy(SSL_CTX *ctx, const tvc_rt_vhost *vh, char *err, size_t len)
{
    if (vh->proto_min && !SSL_CTX_set_min_proto_version(ctx, vh->proto_min)) {
        fail(err, len, vh, "protocol minimum 0x%04x not supported", vh->proto_min);
        return -1;
    }
    if (vh->proto_max && !SSL_CTX_set_max_proto_version(ctx, vh->proto_max)) {
        fail(err, len, vh, "protocol maximum 0x%04x not supported", vh->proto_max);
        return -1;
    }
    if (vh->cipher_list && !SSL_CTX_set_cipher_list(ctx, vh->cipher_list)) {
        fail(err, len, vh, "cipher list '%s' selects nothing", vh->cipher_list);
        return -1;
    }
    if (vh->ciphersuites && !SSL_CTX_set_ciphersuites(ctx, vh->ciphersuites)) {
        fail(err, len, vh, "TLS 1.3 suites '%s' rejected", vh->ciphersuites);
        return -1;
    }
    if (vh->groups && !SSL_CTX_set1_groups_list(ctx, vh->groups)) {
        fail(err, len, vh, "groups '%s' rejected", vh->groups);
        return -1;
    }
    if (vh->server_preference == 1)
        SSL_CTX_set_options(ctx, SSL_OP_CIPHER_SERVER_PREFERENCE);
    else if (vh->server_preference == 0)
        SSL_CTX_clear_options(ctx, SSL_OP_CIPHER_SERVER_PREFERENCE);
    if (vh->session_tickets == 0)
        SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET);
    if (vh->verify_mode != TVC_RT_VERIFY_NONE) {
        int mode = SSL_VERIFY_PEER;
        if (vh->verify_mode == TVC_RT_VERIFY_REQUIRE)
            mode |= SSL_VERIFY_FAIL_IF_NO_PEER_CERT;
        SSL_CTX_set_verify(ctx, mode, NULL);
        if (vh->verify_depth >= 0)
            SSL_CTX_set_verify_depth(ctx, vh->verify_depth);
        if (vh->verify_ca_file) {
            STACK_OF(X509_NAME) *names = SSL_load_client_CA_file(vh->verify_ca_file);
            if (!names || !SSL_CTX_load_verify_locations(ctx, vh->verify_ca_file, NULL)) {
                sk_X509_NAME_pop_free(names, X509_NAME_free);
                fail(err, len, vh, "cannot load client CA file %s", vh->verify_ca_file);
                return -1;
            }
            SSL_CTX_set_client_CA_list(ctx, names);
        }
    }
    return 0;
}

static int same_str(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

static int same_policy(const tvc_rt_vhost *a, const tvc_rt_vhost *b)
{
    return a->proto_min == b->proto_min && a->proto_max == b->proto_max &&
           same_str(a->cipher_list, b->cipher_list) && same_str(a->ciphersuites, b->ciphersuites) &&
           same_str(a->groups, b->groups) && a->server_preference == b->server_preference &&
           a->verify_mode == b->verify_mode && same_str(a->verify_ca_file, b->verify_ca_file) &&
           a->verify_depth == b->verify_depth && a->session_tickets == b->session_tickets;
}

static SSL_CTX *policy_ctx(tvc_rt *rt, const tvc_rt_vhost *vh, char *err, size_t len)
{
    for (unsigned i = 0; i < rt->n_pol; i++)
        if (same_policy(rt->pol[i].model, vh))
            return rt->pol[i].ctx;
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    if (!ctx) {
        fail(err, len, vh, "SSL_CTX_new failed");
        return NULL;
    }
    rt->pol[rt->n_pol++] = (rt_policy){vh, ctx}; /* freed with rt from here on */
    SSL_CTX_set_ex_data(ctx, ctx_idx, rt);
    SSL_CTX_set_client_hello_cb(ctx, client_hello, rt);
    SSL_CTX_set_tlsext_servername_callback(ctx, servername_cb);
    SSL_CTX_set_tlsext_status_cb(ctx, status_cb);
    SSL_CTX_set_alpn_select_cb(ctx, alpn_cb, NULL);
    if (build_policy(ctx, vh, err, len) != 0)
        return NULL;
    return ctx;
}

static int build_vhost(tvc_rt *rt, rt_vhost *v, unsigned pos, const tvc_rt_vhost_ext *ext,
                       char *err, size_t len)
{
    const tvc_rt_vhost *vh = v->vh;
    if (!(v->ctx = policy_ctx(rt, vh, err, len)))
        return -1;
    const char *unusable;
    if (!(v->certs = tvc_rt_loaded_get(rt->loaded, pos, &v->n_certs, &unusable))) {
        fail(err, len, vh, "%s", unusable);
        return -1;
    }
    char why[256];
    if (tvc_rt_alpn_init(&v->alpn, ext ? ext->protocols : NULL, ext ? ext->n_protocols : 0,
                         why, sizeof why) != 0) {
        fail(err, len, vh, "%s", why);
        return -1;
    }
    /* A session is only resumed on the vhost that made it, as httpd does
     * (its session id context is per server). */
    v->sid_len = (unsigned)snprintf((char *)v->sid, sizeof v->sid, "tvc:%d:%u", rt->site->port,
                                    pos);
    X509 **leaves = calloc(v->n_certs + 1, sizeof *leaves);
    for (unsigned k = 0; leaves && k < v->n_certs; k++)
        leaves[k] = v->certs[k].leaf;
    int rc = leaves ? tvc_rt_staple_load(rt->cfg, rt->site->vhosts[pos], leaves, v->n_certs,
                                         &v->staple, why, sizeof why)
                    : (snprintf(why, sizeof why, "out of memory"), -1);
    free(leaves);
    if (rc != 0)
        fail(err, len, vh, "%s", why);
    return rc;
}

/* Every TLS vhost's certificates, read before any vhost is built: the
 * reading runs on every core, building the policies is quick. */
static int load_all(tvc_rt *rt)
{
    const tvc_rt_vhost **vhs = calloc(rt->n ? rt->n : 1, sizeof *vhs);
    if (!vhs)
        return -1;
    for (unsigned i = 0; i < rt->n; i++)
        vhs[i] = rt->v[i].vh->tls ? rt->v[i].vh : NULL;
    rt->loaded = tvc_rt_load(vhs, rt->n, 0);
    free(vhs);
    return rt->loaded ? 0 : -1;
}

/* The server_name extension: list length, then entries of type 0
 * (host_name) with a 2-byte length. RFC 6066 allows one host_name. */
static int sni_of(SSL *ssl, char *out, size_t cap)
{
    const unsigned char *p;
    size_t len;
    if (!SSL_client_hello_get0_ext(ssl, TLSEXT_TYPE_server_name, &p, &len) || len < 5)
        return 0;
    size_t list = ((size_t)p[0] << 8) | p[1];
    if (list + 2 != len || p[2] != TLSEXT_NAMETYPE_host_name)
        return -1;
    size_t n = ((size_t)p[3] << 8) | p[4];
    if (n + 5 > len || n == 0 || n >= cap || memchr(p + 5, 0, n))
        return -1;
    memcpy(out, p + 5, n);
    out[n] = '\0';
    return 1;
}

/* SSL_set_SSL_CTX swaps the verify store and the callbacks, not the
 * settings the SSL object copied from its first context; those are set
 * here from the chosen vhost's policy, before version and cipher
 * negotiation. Only when the policy differs from the one the connection
 * was made from: re-reading cipher strings costs on every handshake. */
static int switch_policy(tvc_rt *rt, SSL *ssl, const rt_vhost *v)
{
    const tvc_rt_vhost *vh = v->vh;
    if (!SSL_set_SSL_CTX(ssl, v->ctx))
        return 0;
    SSL_clear_options(ssl, SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_TICKET);
    SSL_set_options(ssl, SSL_CTX_get_options(v->ctx) &
                             (SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_TICKET));
    if (!SSL_set_min_proto_version(ssl, SSL_CTX_get_min_proto_version(v->ctx)) ||
        !SSL_set_max_proto_version(ssl, SSL_CTX_get_max_proto_version(v->ctx)))
        return 0;
    if (!SSL_set_cipher_list(ssl, vh->cipher_list ? vh->cipher_list : OSSL_default_cipher_list()))
        return 0;
    if (!SSL_set_ciphersuites(ssl, vh->ciphersuites ? vh->ciphersuites
                                                    : OSSL_default_ciphersuites()))
        return 0;
    if (rt->set_groups && !SSL_set1_groups_list(ssl, vh->groups ? vh->groups : default_groups))
        return 0;
    SSL_set_verify(ssl, SSL_CTX_get_verify_mode(v->ctx), NULL);
    SSL_set_verify_depth(ssl, SSL_CTX_get_verify_depth(v->ctx));
    return 1;
}

/* The chosen vhost on the connection: its policy, its session id context
 * and its certificates. */
static int apply(tvc_rt *rt, SSL *ssl, const rt_vhost *v)
{
    if (SSL_get_SSL_CTX(ssl) != v->ctx && !switch_policy(rt, ssl, v))
        return 0;
    if (!SSL_set_session_id_context(ssl, v->sid, v->sid_len))
        return 0;
    /* One slot per key type: an RSA and an EC certificate both stay. */
    for (unsigned i = 0; i < v->n_certs; i++)
        if (!SSL_use_cert_and_key(ssl, v->certs[i].leaf, v->certs[i].key, v->certs[i].chain, 1))
            return 0;
    return 1;
}

static int client_hello(SSL *ssl, int *al, void *arg)
{
    tvc_rt *rt = arg;
    char name[256];
    int has = sni_of(ssl, name, sizeof name);
    const rt_vhost *v = &rt->v[rt->dflt];
    if (has < 0) {
        *al = SSL_AD_DECODE_ERROR;
        return SSL_CLIENT_HELLO_ERROR;
    }
    if (has) {
        long pos = tvc_rt_names_find(rt->names, name);
        if (pos >= 0)
            v = &rt->v[pos];
        else if (rt->site->strict_sni) {
            *al = SSL_AD_UNRECOGNIZED_NAME;
            return SSL_CLIENT_HELLO_ERROR;
        }
    }
    /* A name that belongs to a vhost without TLS: httpd cannot serve it
     * over TLS either (the sni-no-tls finding). */
    if (!v->ctx) {
        *al = SSL_AD_UNRECOGNIZED_NAME;
        return SSL_CLIENT_HELLO_ERROR;
    }
    SSL_set_ex_data(ssl, ssl_idx, (void *)v);
    if (!apply(rt, ssl, v)) {
        *al = SSL_AD_INTERNAL_ERROR;
        return SSL_CLIENT_HELLO_ERROR;
    }
    return SSL_CLIENT_HELLO_SUCCESS;
}

const tvc_rt_site *tvc_rt_site_find(const tvc_rt_config *cfg, const char *addr, int port)
{
    if (!cfg)
        return NULL;
    const tvc_rt_site *any = NULL, *wild = NULL;
    int want_any = !addr || !strcmp(addr, "*") || !strcmp(addr, "_default_");
    for (unsigned i = 0; i < cfg->n_sites; i++) {
        const tvc_rt_site *s = &cfg->sites[i];
        int s_any = !strcmp(s->addr, "*") || !strcmp(s->addr, "_default_");
        if (s->port == port && (s_any ? want_any : !want_any && !strcasecmp(s->addr, addr)))
            return s;
        if (s->port == port && s_any && !wild)
            wild = s;
        if (s->port == 0 && (s_any || (!want_any && !strcasecmp(s->addr, addr))) && !any)
            any = s;
    }
    return wild ? wild : any;
}

tvc_rt *tvc_rt_new(const tvc_rt_config *cfg, const char *addr, int port, char *err, size_t errlen)
{
    const tvc_rt_site *s = tvc_rt_site_find(cfg, addr, port);
    if (!s) {
        fail(err, errlen, NULL, "no virtual host serves %s:%d", addr ? addr : "*", port);
        return NULL;
    }
    return tvc_rt_new_site(cfg, s, err, errlen);
}

tvc_rt *tvc_rt_new_site(const tvc_rt_config *cfg, const tvc_rt_site *site, char *err,
                        size_t errlen)
{
    if (!cfg || !site) {
        fail(err, errlen, NULL, "no configuration or site given");
        return NULL;
    }
    if (cfg->abi < TVC_RT_ABI_MIN || cfg->abi > TVC_RT_ABI) {
        fail(err, errlen, NULL, "the vhost data was written for runtime ABI %d, this library "
             "reads ABI %d to %d: emit it again with this tlsvhostc", cfg->abi,
             TVC_RT_ABI_MIN, TVC_RT_ABI);
        return NULL;
    }
    if (!CRYPTO_THREAD_run_once(&idx_once, idx_init) || ssl_idx < 0 || ctx_idx < 0) {
        fail(err, errlen, NULL, "OpenSSL ex_data indices unavailable");
        return NULL;
    }
    tvc_rt *rt = calloc(1, sizeof *rt);
    if (!rt || !(rt->v = calloc(site->n_vhosts ? site->n_vhosts : 1, sizeof *rt->v)) ||
        !(rt->pol = calloc(site->n_vhosts ? site->n_vhosts : 1, sizeof *rt->pol)) ||
        !(rt->names = tvc_rt_names_new())) {
        destroy(rt);
        fail(err, errlen, NULL, "out of memory");
        return NULL;
    }
    atomic_init(&rt->refs, 1);
    rt->cfg = cfg;
    rt->site = site;
    rt->n = site->n_vhosts;
    rt->dflt = rt->n;
    for (unsigned i = 0; i < rt->n; i++) {
        if (site->vhosts[i] >= cfg->n_vhosts) {
            destroy(rt);
            fail(err, errlen, NULL, "site %s:%d names vhost %u of %u", site->addr, site->port,
                 site->vhosts[i], cfg->n_vhosts);
            return NULL;
        }
        const tvc_rt_vhost *vh = &cfg->vhosts[site->vhosts[i]];
        rt->v[i].vh = vh;
        rt->set_groups |= vh->tls && vh->groups;
        if (vh->server_name && tvc_rt_names_add(rt->names, vh->server_name, i) != 0)
            goto oom;
        for (unsigned k = 0; k < vh->n_aliases; k++)
            if (tvc_rt_names_add(rt->names, vh->aliases[k], i) != 0)
                goto oom;
    }
    if (load_all(rt) != 0)
        goto oom;
    for (unsigned i = 0; i < rt->n; i++) {
        if (!rt->v[i].vh->tls)
            continue;
        const tvc_rt_vhost_ext *ext =
            cfg->abi >= 2 && cfg->ext ? &cfg->ext[site->vhosts[i]] : NULL;
        if (build_vhost(rt, &rt->v[i], i, ext, err, errlen) != 0) {
            destroy(rt);
            return NULL;
        }
        if (rt->dflt == rt->n)
            rt->dflt = i;
    }
    if (rt->dflt == rt->n) {
        destroy(rt);
        fail(err, errlen, NULL, "no vhost on %s:%d has TLS enabled", site->addr, site->port);
        return NULL;
    }
    return rt;
oom:
    destroy(rt);
    fail(err, errlen, NULL, "out of memory");
    return NULL;
}

SSL_CTX *tvc_rt_ctx(const tvc_rt *rt)
{
    return rt ? rt->v[rt->dflt].ctx : NULL;
}

const tvc_rt_vhost *tvc_rt_selected(const SSL *ssl)
{
    if (ssl_idx < 0 || !ssl)
        return NULL;
    const rt_vhost *v = SSL_get_ex_data(ssl, ssl_idx);
    return v ? v->vh : NULL;
}

const tvc_rt_vhost *tvc_rt_lookup(const tvc_rt *rt, const char *name)
{
    if (!rt || !name)
        return NULL;
    long pos = tvc_rt_names_find(rt->names, name);
    return pos >= 0 ? rt->v[pos].vh : NULL;
}

tvc_rt *tvc_rt_up_ref(tvc_rt *rt)
{
    if (rt)
        atomic_fetch_add_explicit(&rt->refs, 1, memory_order_relaxed);
    return rt;
}

void tvc_rt_on_free(tvc_rt *rt, void (*fn)(void *arg), void *arg)
{
    if (!rt)
        return;
    rt->on_free = fn;
    rt->on_free_arg = arg;
}

void tvc_rt_free(tvc_rt *rt)
{
    /* Release on the way down, acquire for the last one: whatever a thread
     * did with rt happens before it is freed (the usual refcount rule). */
    if (rt && atomic_fetch_sub_explicit(&rt->refs, 1, memory_order_acq_rel) == 1)
        destroy(rt);
}

static void destroy(tvc_rt *rt)
{
    if (!rt)
        return;
    void (*on_free)(void *) = rt->on_free;
    void *arg = rt->on_free_arg;
    for (unsigned i = 0; rt->v && i < rt->n; i++) {
        tvc_rt_staple_free(rt->v[i].staple);
        tvc_rt_alpn_clear(&rt->v[i].alpn);
    }
    free(rt->v);
    for (unsigned i = 0; rt->pol && i < rt->n_pol; i++)
        SSL_CTX_free(rt->pol[i].ctx);
    free(rt->pol);
    tvc_rt_loaded_free(rt->loaded);
    tvc_rt_names_free(rt->names);
    free(rt);
    if (on_free)
        on_free(arg);
}
