/* diff OLD NEW: the effective TLS policy of two configs (any dialects),
 * vhost by vhost (matched by address:port and ServerName), for reviewing a
 * config change. --fail-on-weaken makes any weakening fail the run. */
#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "base/smap.h"
#include "cli/cli.h"

static const tvc_cli_option options[] = {
    TVC_OPT_FORMAT("text|json", "output format (default text)"),
    TVC_OPT_("fail-on-weaken", 0, NULL,
             "exit 1 when a vhost gets weaker (a protocol or suite\n"
             "added, stapling or client verification turned down)",
             tvc_cli_set_flag, fail_on_weaken),
    TVC_OPT_("server-root", 0, " DIR", "ServerRoot for relative paths, both sides\n"
                                       "(default: each config's directory)",
             tvc_cli_set_string, parse.server_root),
    TVC_OPT_DEFINE,
    TVC_OPT_ENV_FILE,
    TVC_OPT_HTTPD_VERSION,
    TVC_OPT_END,
};

const tvc_cli_cmd tvc_cli_diff = {"diff",
                                  "usage: tlsvhostc diff [OPTIONS] OLD NEW\n"
                                  "  OLD, NEW                httpd configs or IR JSON, any TLS module\n",
                                  options, 2};

typedef struct change {
    const char *vhost;
    const char *what;
    const char *detail;
    int weaker;
} change;

typedef struct changes {
    change *v;
    size_t n, cap;
    tvc_arena *a;
} changes;

static void add(changes *c, const char *vh, const char *what, int weaker, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void add(changes *c, const char *vh, const char *what, int weaker, const char *fmt, ...)
{
    if (c->n == c->cap) {
        size_t nc = c->cap ? c->cap * 2 : 16;
        c->v = tvc_arena_realloc(c->a, c->v, c->cap * sizeof *c->v, nc * sizeof *c->v);
        c->cap = nc;
    }
    va_list ap;
    va_start(ap, fmt);
    c->v[c->n++] = (change){vh, what, tvc_arena_vprintf(c->a, fmt, ap), weaker};
    va_end(ap);
}

static const char *key_of(tvc_arena *a, const tvc_ir *ir, const tvc_vhost *v)
{
    const char *name = v->server_name ? v->server_name : ir->server_name;
    const tvc_addr *ad = v->n_addrs ? &v->addrs[0] : NULL;
    return tvc_arena_printf(a, "%s:%d %s", ad ? (strcmp(ad->addr, "_default_") ? ad->addr : "*")
                                              : "*",
                            ad ? ad->port : 0, name ? name : "(no ServerName)");
}

/* One config's side: each vhost's key, computed once, and where to find
 * a key and the first vhost of an address, so that matching 10,000
 * vhosts against 10,000 is linear, not 10^8 key comparisons. */
typedef struct side {
    const tvc_ir *ir;
    const char **keys;
    tvc_smap by_key;   /* lower-cased key -> first vhost with it */
    tvc_smap by_addr;  /* "addr port" of the first address -> first vhost */
} side;

static char *xstrdup(const char *s)
{
    char *c = strdup(s);
    if (!c)
        abort();
    return c;
}

/* Keys compare case-insensitively, as httpd compares names. */
static char *fold(const char *s)
{
    char *c = xstrdup(s);
    for (char *p = c; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return c;
}

static char *addr_key(const tvc_vhost *v)
{
    char *k = NULL;
    if (asprintf(&k, "%s %d", v->addrs[0].addr, v->addrs[0].port) < 0)
        abort();
    return k;
}

static void side_init(side *s, tvc_arena *a, const tvc_ir *ir)
{
    memset(s, 0, sizeof *s);
    s->ir = ir;
    s->keys = tvc_arena_alloc(a, (ir->n_vhosts + 1) * sizeof *s->keys);
    for (size_t i = 0; i < ir->n_vhosts; i++) {
        int found;
        s->keys[i] = key_of(a, ir, &ir->vhosts[i]);
        tvc_smap_put(&s->by_key, fold(s->keys[i]), i, &found);
        if (ir->vhosts[i].n_addrs)
            tvc_smap_put(&s->by_addr, addr_key(&ir->vhosts[i]), i, &found);
    }
}

static void side_free(side *s)
{
    tvc_smap_free(&s->by_key);
    tvc_smap_free(&s->by_addr);
}

static const tvc_vhost *find(const side *s, const char *key)
{
    char *k = fold(key);
    size_t i = tvc_smap_get(&s->by_key, k);
    free(k);
    return i == (size_t)-1 ? NULL : &s->ir->vhosts[i];
}

static int in(const char **v, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (!strcasecmp(v[i], s))
            return 1;
    return 0;
}

/* "sha256 fingerprint, not after" of a certificate file, or "" */
static const char *cert_id(tvc_arena *a, const char *path)
{
    FILE *f = path ? fopen(path, "r") : NULL;
    X509 *x = f ? PEM_read_X509(f, NULL, NULL, NULL) : NULL;
    if (f)
        fclose(f);
    if (!x)
        return "";
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned n = 0;
    X509_digest(x, EVP_sha256(), md, &n);
    char hex[65] = "";
    for (unsigned i = 0; i < n && i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", md[i]);
    struct tm tm;
    char until[32] = "?";
    if (ASN1_TIME_to_tm(X509_get0_notAfter(x), &tm))
        strftime(until, sizeof until, "%Y-%m-%d", &tm);
    X509_free(x);
    return tvc_arena_printf(a, "sha256:%.16s... until %s", hex, until);
}

/* The same names in the same order: the common case, checked in one
 * pass before the quadratic set comparison. */
static int same_list(const char **o, size_t no, const char **n, size_t nn)
{
    if (no != nn)
        return 0;
    for (size_t i = 0; i < no; i++)
        if (o[i] != n[i] && strcasecmp(o[i], n[i]))
            return 0;
    return 1;
}

static void compare_suites(changes *c, const char *k, const char *label, const char **o,
                           size_t no, const char **n, size_t nn)
{
    if (same_list(o, no, n, nn))
        return;
    for (size_t i = 0; i < nn; i++)
        if (!in(o, no, n[i]))
            add(c, k, "suite-added", 1, "%s suite %s added", label, n[i]);
    for (size_t i = 0; i < no; i++)
        if (!in(n, nn, o[i]))
            add(c, k, "suite-removed", 0, "%s suite %s removed", label, o[i]);
}

/* Whether the effective range has version V; a range the policy engine did
 * not compute counts as offering everything, so its suites are compared. */
static int offers(const tvc_protocols *p, int v)
{
    if (!p->eff_min || !p->eff_max)
        return 1;
    return p->eff_min <= v && v <= p->eff_max;
}

static const char *const verify_names[] = {"none", "optional", "require", "optional_no_ca"};

static void compare_names(changes *c, const char *k, const tvc_strs *o, const tvc_strs *n)
{
    if (same_list(o->v, o->n, n->v, n->n))
        return;
    for (size_t i = 0; i < n->n; i++)
        if (!in(o->v, o->n, n->v[i]))
            add(c, k, "name-added", 0, "ServerAlias %s added", n->v[i]);
    for (size_t i = 0; i < o->n; i++)
        if (!in(n->v, n->n, o->v[i]))
            add(c, k, "name-removed", 0, "ServerAlias %s removed", o->v[i]);
}

static void compare_vhost(changes *c, const char *k, const tvc_vhost *o, const tvc_vhost *n)
{
    tvc_arena *a = c->a;
    compare_names(c, k, &o->aliases, &n->aliases);
    if (!o->tls && n->tls) {
        add(c, k, "tls-on", 0, "TLS turned on (%s)", tvc_engine_name(n->tls->engine));
        return;
    }
    if (o->tls && !n->tls) {
        add(c, k, "tls-off", 1, "TLS turned off");
        return;
    }
    if (!o->tls)
        return;
    const tvc_tls *ot = o->tls, *nt = n->tls;
    if (ot->engine != nt->engine)
        add(c, k, "engine", 0, "module %s -> %s", tvc_engine_name(ot->engine),
            tvc_engine_name(nt->engine));
    for (size_t i = 0; i < ot->certs.n || i < nt->certs.n; i++) {
        const char *oc = i < ot->certs.n ? ot->certs.v[i].cert : NULL;
        const char *nc = i < nt->certs.n ? nt->certs.v[i].cert : NULL;
        /* One file read twice is one certificate (or unreadable twice). */
        if (oc && nc && !strcmp(oc, nc))
            continue;
        const char *oid = cert_id(a, oc), *nid = cert_id(a, nc);
        /* The same certificate at another path is no change. */
        int same = *oid && !strcmp(oid, nid);
        if (!same && ((oc == NULL) != (nc == NULL) || (oc && strcmp(oc, nc)) || strcmp(oid, nid)))
            add(c, k, "certificate", 0, "certificate %s (%s) -> %s (%s)", oc ? oc : "none",
                *oid ? oid : "unreadable", nc ? nc : "none", *nid ? nid : "unreadable");
    }
    int omin = ot->protocols.eff_min, omax = ot->protocols.eff_max;
    int nmin = nt->protocols.eff_min, nmax = nt->protocols.eff_max;
    /* A version that leaves (or joins) the range takes its suites with it:
     * say that once, as a count, instead of a line per suite. */
    const struct {
        int v;
        const char *label;
        const char **os, **ns;
        size_t on, nn;
    } ver[] = {
        {TVC_TLS12, "TLS 1.2", ot->ciphers.tls12, nt->ciphers.tls12, ot->ciphers.n_tls12,
         nt->ciphers.n_tls12},
        {TVC_TLS13, "TLS 1.3", ot->ciphers.tls13, nt->ciphers.tls13, ot->ciphers.n_tls13,
         nt->ciphers.n_tls13},
    };
    const char *with = "";
    for (size_t i = 0; i < sizeof ver / sizeof ver[0]; i++) {
        int was = offers(&ot->protocols, ver[i].v), is = offers(&nt->protocols, ver[i].v);
        if (was && !is)
            with = tvc_arena_printf(a, "%s; %s and its %zu suite%s no longer offered", with,
                                    ver[i].label, ver[i].on, ver[i].on == 1 ? "" : "s");
        else if (!was && is)
            with = tvc_arena_printf(a, "%s; %s now offered with %zu suite%s", with,
                                    ver[i].label, ver[i].nn, ver[i].nn == 1 ? "" : "s");
    }
    if (omin != nmin || omax != nmax)
        add(c, k, "protocols", (nmin && nmin < omin) || nmax > omax, "protocols %s-%s -> %s-%s%s",
            tvc_proto_name(omin) ? tvc_proto_name(omin) : "none",
            tvc_proto_name(omax) ? tvc_proto_name(omax) : "none",
            tvc_proto_name(nmin) ? tvc_proto_name(nmin) : "none",
            tvc_proto_name(nmax) ? tvc_proto_name(nmax) : "none", with);
    for (size_t i = 0; i < sizeof ver / sizeof ver[0]; i++)
        if (offers(&ot->protocols, ver[i].v) && offers(&nt->protocols, ver[i].v))
            compare_suites(c, k, ver[i].label, ver[i].os, ver[i].on, ver[i].ns, ver[i].nn);
    int ost = ot->stapling.enabled == 1 || ot->stapling.md_stapling == 1;
    int nst = nt->stapling.enabled == 1 || nt->stapling.md_stapling == 1;
    if (ost != nst)
        add(c, k, "stapling", ost && !nst, "OCSP stapling %s", nst ? "turned on" : "turned off");
    int ov = ot->client.mode == TVC_UNSET ? 0 : ot->client.mode;
    int nv = nt->client.mode == TVC_UNSET ? 0 : nt->client.mode;
    if (ov != nv)
        add(c, k, "client-verify", nv < ov || nv == TVC_VERIFY_OPTIONAL_NO_CA,
            "client verification %s -> %s", verify_names[ov], verify_names[nv]);
}

/* The SNI default of each address:port: its first vhost. */
static void compare_defaults(changes *c, const side *old, const side *nw)
{
    for (size_t i = 0; i < nw->ir->n_vhosts; i++) {
        const tvc_vhost *v = &nw->ir->vhosts[i];
        if (!v->n_addrs)
            continue;
        char *ak = addr_key(v);
        size_t first_new = tvc_smap_get(&nw->by_addr, ak);
        size_t first_old = tvc_smap_get(&old->by_addr, ak);
        free(ak);
        if (first_new != i || first_old == (size_t)-1 ||
            !strcasecmp(old->keys[first_old], nw->keys[i]))
            continue;
        add(c, nw->keys[i], "sni-default", 0, "is now the default vhost of %s:%d (was %s)",
            v->addrs[0].addr, v->addrs[0].port, old->keys[first_old]);
    }
}

static void print_changes(const tvc_opts *o, const changes *c, size_t weaker)
{
    if (o->format == TVC_FMT_JSON) {
        json_t *arr = json_array();
        for (size_t i = 0; i < c->n; i++)
            json_array_append_new(arr, json_pack("{s:s,s:s,s:s,s:b}", "vhost", c->v[i].vhost,
                                                 "change", c->v[i].what, "detail",
                                                 c->v[i].detail, "weaker", c->v[i].weaker));
        json_t *root = json_pack("{s:i,s:o,s:i}", "version", 1, "changes", arr, "weaker",
                                 (json_int_t)weaker);
        json_dumpf(root, stdout, JSON_INDENT(2));
        fputc('\n', stdout);
        json_decref(root);
        return;
    }
    const char *last = NULL;
    for (size_t i = 0; i < c->n; i++) {
        if (!last || strcmp(last, c->v[i].vhost))
            printf("%s\n", c->v[i].vhost);
        last = c->v[i].vhost;
        printf("  %s %s\n", c->v[i].weaker ? "-" : " ", c->v[i].detail);
    }
    if (!c->n)
        printf("no TLS changes\n");
    else
        printf("%zu change%s, %zu weaker (marked -)\n", c->n, c->n == 1 ? "" : "s", weaker);
}

/* One side's IR. diff reads no verbatim text: a lean parse, and the tree
 * freed once the IR is built, so two 10,000-vhost configs fit where one
 * full parse did. */
static tvc_ir *load(tvc_arena *a, tvc_diags *d, tvc_opts *o, const char *config)
{
    o->config = config;
    o->parse.lean = 1;
    tvc_cli_tree_for_ir(o);
    tvc_ir *ir = tvc_cli_load(a, d, o, NULL);
    tvc_cli_drop_tree(o, NULL, ir);
    return ir;
}

int tvc_cmd_diff(int argc, char **argv)
{
    tvc_arena *a = tvc_arena_new();
    tvc_opts o;
    int r = tvc_cli_parse(a, argc, argv, &o, &tvc_cli_diff);
    if (r != 0) {
        tvc_arena_free(a);
        return r > 0 ? TVC_EXIT_OK : TVC_EXIT_USAGE;
    }
    tvc_diags d;
    tvc_diags_init(&d, a);
    tvc_ir *old = load(a, &d, &o, o.config);
    tvc_ir *nw = old ? load(a, &d, &o, o.config_new) : NULL;
    if (!old || !nw || d.count[TVC_ERROR]) {
        tvc_report_text(stderr, &d, 0);
        if (!old || !nw) {
            tvc_arena_free(a);
            return TVC_EXIT_USAGE;
        }
    }
    side os, ns;
    side_init(&os, a, old);
    side_init(&ns, a, nw);
    changes c = {NULL, 0, 0, a};
    for (size_t i = 0; i < nw->n_vhosts; i++) {
        const tvc_vhost *ov = find(&os, ns.keys[i]);
        if (!ov)
            add(&c, ns.keys[i], "vhost-added", nw->vhosts[i].tls != NULL, "vhost added%s",
                nw->vhosts[i].tls ? " (with TLS)" : "");
        else
            compare_vhost(&c, ns.keys[i], ov, &nw->vhosts[i]);
    }
    for (size_t i = 0; i < old->n_vhosts; i++)
        if (!find(&ns, os.keys[i]))
            add(&c, os.keys[i], "vhost-removed", 0, "vhost removed");
    compare_defaults(&c, &os, &ns);
    size_t weaker = 0;
    for (size_t i = 0; i < c.n; i++)
        weaker += c.v[i].weaker;
    print_changes(&o, &c, weaker);
    side_free(&os);
    side_free(&ns);
    tvc_arena_free(a);
    return o.fail_on_weaken && weaker ? TVC_EXIT_FINDINGS : TVC_EXIT_OK;
}
