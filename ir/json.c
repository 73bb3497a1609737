#include "config.h"

#include "ir/json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- out: as a jansson tree (tests, the fuzzer) ---------------------------- */

json_t *tvc_ir_to_json(const tvc_ir *ir)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f)
        return NULL;
    int rc = tvc_ir_write_json(f, ir);
    if (fclose(f) != 0)
        rc = -1;
    json_t *j = rc == 0 ? json_loadb(text, len, 0, NULL) : NULL;
    free(text);
    return j;
}

/* ---- in ----------------------------------------------------------------- */

typedef struct rd {
    tvc_arena *a;
    tvc_diags *d;
    const char *file;
    int bad;
} rd;

static const char *gstr(rd *r, const json_t *o, const char *k)
{
    const json_t *v = json_object_get(o, k);
    if (!v || json_is_null(v))
        return NULL;
    if (!json_is_string(v)) {
        r->bad = 1;
        return NULL;
    }
    return tvc_arena_strdup(r->a, json_string_value(v));
}

static int gint(const json_t *o, const char *k)
{
    const json_t *v = json_object_get(o, k);
    return json_is_integer(v) ? (int)json_integer_value(v) : TVC_UNSET;
}

static int gbool(const json_t *o, const char *k)
{
    const json_t *v = json_object_get(o, k);
    return json_is_boolean(v) ? json_is_true(v) : TVC_UNSET;
}

static tvc_loc gloc(rd *r, const json_t *o)
{
    tvc_loc l = {0};
    if (json_is_object(o)) {
        l.file = gstr(r, o, "file");
        l.line = (unsigned)json_integer_value(json_object_get(o, "line"));
        l.col = (unsigned)json_integer_value(json_object_get(o, "column"));
        /* The chain is stored innermost first; rebuild it from the end. */
        const json_t *via = json_object_get(o, "via");
        const tvc_origin *up = NULL;
        for (size_t i = json_array_size(via); i-- > 0;) {
            const json_t *x = json_array_get(via, i);
            tvc_origin *or = tvc_arena_calloc(r->a, sizeof *or);
            const char *kind = gstr(r, x, "kind");
            or->kind = kind && !strcmp(kind, "macro") ? TVC_ORIGIN_MACRO
                                                      : TVC_ORIGIN_INCLUDE;
            or->macro = gstr(r, x, "macro");
            or->at.file = gstr(r, x, "file");
            or->at.line = (unsigned)json_integer_value(json_object_get(x, "line"));
            or->at.col = (unsigned)json_integer_value(json_object_get(x, "column"));
            or->at.origin = up;
            up = or;
        }
        l.origin = up;
    }
    return l;
}

static void gstrs(rd *r, const json_t *arr, tvc_strs *out)
{
    size_t i;
    const json_t *v;
    json_array_foreach(arr, i, v) {
        if (json_is_string(v))
            tvc_strs_push(r->a, out, tvc_arena_strdup(r->a, json_string_value(v)), NULL);
    }
}

/* jwords() read back; anything but an array of words is NULL. */
static const char *gwords(rd *r, const json_t *arr)
{
    const char *s = NULL;
    size_t i;
    const json_t *v;
    json_array_foreach(arr, i, v) {
        const char *w = json_string_value(v);
        if (!w || !*w || strchr(w, ' '))
            continue;
        s = s ? tvc_arena_printf(r->a, "%s %s", s, w) : tvc_arena_strdup(r->a, w);
    }
    return s;
}

static const char **glist(rd *r, const json_t *arr, size_t *n)
{
    *n = 0;
    if (!json_is_array(arr))
        return NULL;
    const char **v = tvc_arena_alloc(r->a, (json_array_size(arr) + 1) * sizeof *v);
    size_t i;
    const json_t *x;
    json_array_foreach(arr, i, x) {
        if (json_is_string(x))
            v[(*n)++] = tvc_arena_strdup(r->a, json_string_value(x));
    }
    return v;
}

static void gcerts(rd *r, const json_t *arr, tvc_certs *out)
{
    size_t i;
    const json_t *c;
    json_array_foreach(arr, i, c) {
        tvc_cert *x = tvc_certs_push(r->a, out);
        x->cert = gstr(r, c, "cert");
        x->key = gstr(r, c, "key");
        gstrs(r, json_object_get(c, "chain"), &x->chain);
        x->cert_loc = gloc(r, json_object_get(c, "location"));
        x->ocsp_response = gstr(r, c, "ocsp_response");
    }
}

static int gverify(rd *r, const json_t *o, const char *k)
{
    const char *s = gstr(r, o, k);
    if (!s)
        return TVC_UNSET;
    static const char *const verify_names[] = {"none", "optional", "require", "optional_no_ca"};
    for (int i = 0; i < 4; i++)
        if (!strcmp(s, verify_names[i]))
            return i;
    r->bad = 1;
    return TVC_UNSET;
}

static void gspec(rd *r, const json_t *o, tvc_ciphers *c)
{
    if (!json_is_object(o))
        return;
    c->spec.v = gstr(r, o, "text");
    c->spec_tls13.v = gstr(r, o, "tls13");
    c->prefer.v = gstr(r, o, "prefer");
    c->suppress.v = gstr(r, o, "suppress");
}

static tvc_tls *gtls(rd *r, const json_t *o, tvc_tls *t)
{
    if (!json_is_object(o))
        return NULL;
    tvc_tls_init(t);
    t->engine = tvc_engine_parse(gstr(r, o, "engine"));
    const json_t *en = json_object_get(o, "enabled");
    t->enabled = json_is_string(en) ? 2 : gbool(o, "enabled");
    t->protocols.min = tvc_proto_parse(gstr(r, o, "protocol_min"));
    t->protocols.max = tvc_proto_parse(gstr(r, o, "protocol_max"));
    if (!t->protocols.min)
        t->protocols.min = TVC_UNSET;
    if (!t->protocols.max)
        t->protocols.max = TVC_UNSET;
    t->protocols.text.v = gstr(r, o, "protocol_text");
    gspec(r, json_object_get(o, "cipher_spec"), &t->ciphers);
    t->ciphers.tls12 = glist(r, json_object_get(o, "ciphers_tls12"), &t->ciphers.n_tls12);
    t->ciphers.tls13 = glist(r, json_object_get(o, "ciphers_tls13"), &t->ciphers.n_tls13);
    gstrs(r, json_object_get(o, "groups"), &t->groups);
    t->ciphers.server_preference = gbool(o, "server_preference");
    gcerts(r, json_object_get(o, "certificates"), &t->certs);
    const json_t *cv = json_object_get(o, "client_verify");
    if (json_is_object(cv)) {
        t->client.mode = gverify(r, cv, "mode");
        t->client.ca_file.v = gstr(r, cv, "ca_file");
        t->client.ca_path.v = gstr(r, cv, "ca_path");
        t->client.depth = gint(cv, "depth");
        t->client.crl_file.v = gstr(r, cv, "crl_file");
        t->client.crl_path.v = gstr(r, cv, "crl_path");
    }
    const json_t *st = json_object_get(o, "stapling");
    if (json_is_object(st)) {
        t->stapling.enabled = gbool(st, "enabled");
        gstrs(r, json_object_get(st, "response_files"), &t->stapling.response_files);
        t->stapling.cache.v = gstr(r, st, "cache");
        t->stapling.md_stapling = gbool(st, "md_stapling");
        t->stapling.md_staple_others = gbool(st, "md_staple_others");
    }
    t->session_cache.v = gstr(r, o, "session_cache");
    t->session_timeout = gint(o, "session_timeout");
    t->session_tickets = gbool(o, "session_tickets");
    t->strict_sni = gbool(o, "strict_sni");
    t->compression = gbool(o, "compression");
    t->insecure_reneg = gbool(o, "insecure_renegotiation");
    t->dh_file.v = gstr(r, o, "dh_file");
    t->alpn.v = gwords(r, json_object_get(o, "alpn"));
    const json_t *px = json_object_get(o, "proxy");
    if (json_is_object(px)) {
        tvc_proxy_tls *p = tvc_arena_calloc(r->a, sizeof *p);
        p->enabled = gbool(px, "enabled");
        p->protocols.min = tvc_proto_parse(gstr(r, px, "protocol_min"));
        p->protocols.max = tvc_proto_parse(gstr(r, px, "protocol_max"));
        if (!p->protocols.min)
            p->protocols.min = TVC_UNSET;
        if (!p->protocols.max)
            p->protocols.max = TVC_UNSET;
        p->ciphers.server_preference = TVC_UNSET;
        gspec(r, json_object_get(px, "cipher_spec"), &p->ciphers);
        p->ca_file.v = gstr(r, px, "ca_file");
        p->ca_path.v = gstr(r, px, "ca_path");
        p->crl_file.v = gstr(r, px, "crl_file");
        p->verify = gverify(r, px, "verify");
        p->verify_depth = gint(px, "verify_depth");
        p->check_peer_name = gbool(px, "check_peer_name");
        p->check_peer_cn = p->check_peer_expire = TVC_UNSET;
        gcerts(r, json_object_get(px, "machine_certificates"), &p->machine_certs);
        t->proxy = p;
    }
    size_t i;
    const json_t *x;
    json_array_foreach(json_object_get(o, "options"), i, x) {
        const char *name = gstr(r, x, "directive");
        size_t na;
        const char **argv = glist(r, json_object_get(x, "args"), &na);
        if (name)
            tvc_raws_push(r->a, &t->other, name, (int)na, argv, &(tvc_loc){0});
    }
    return t;
}

static int gaddr(rd *r, const json_t *o, tvc_addr *a)
{
    a->addr = gstr(r, o, "addr");
    a->port = gint(o, "port");
    if (!a->addr || a->port < 0)
        return -1;
    return 0;
}

/* A container that is present must have its type: `"vhosts": 7` is not
 * "no vhosts". */
static void want(rd *r, const json_t *v, json_type t)
{
    if (v && !json_is_null(v) && json_typeof(v) != t)
        r->bad = 1;
}

tvc_ir *tvc_ir_from_json(tvc_arena *a, tvc_diags *d, const json_t *j, const char *file)
{
    tvc_loc where = {file, 1, 1, NULL};
    if (!json_is_object(j) || !json_is_integer(json_object_get(j, "ir_version"))) {
        tvc_diag_add(d, "parse-error", TVC_ERROR, &where, 0,
                     "'%s' is not tlsvhostc IR JSON (no ir_version)", file);
        return NULL;
    }
    json_int_t ver = json_integer_value(json_object_get(j, "ir_version"));
    if (ver != TVC_IR_VERSION) {
        tvc_diag_add(d, "parse-error", TVC_ERROR, &where, 0,
                     "'%s' has ir_version %lld; this tlsvhostc reads version %d",
                     file, (long long)ver, TVC_IR_VERSION);
        return NULL;
    }
    rd r = {a, d, file, 0};
    tvc_ir *ir = tvc_arena_calloc(a, sizeof *ir);
    ir->main_file = gstr(&r, j, "main_file");
    ir->server_root = gstr(&r, j, "server_root");
    const json_t *srv = json_object_get(j, "server");
    want(&r, srv, JSON_OBJECT);
    want(&r, json_object_get(j, "listeners"), JSON_ARRAY);
    want(&r, json_object_get(j, "vhosts"), JSON_ARRAY);
    want(&r, json_object_get(j, "modules"), JSON_ARRAY);
    if (!gtls(&r, srv, &ir->server))
        tvc_tls_init(&ir->server);
    ir->server_name = gstr(&r, srv, "server_name");
    size_t ui;
    const json_t *uv;
    json_array_foreach(json_object_get(srv, "modules_used"), ui, uv) {
        tvc_engine e = tvc_engine_parse(json_string_value(uv));
        if (e)
            ir->server.engines_seen |= 1u << e;
    }
    gstrs(&r, json_object_get(srv, "tls_engine"), &ir->tls_engine_ports);
    ir->other = glist(&r, json_object_get(srv, "other"), &ir->n_other);
    const json_t *ls = json_object_get(j, "listeners");
    ir->n_listeners = json_array_size(ls);
    ir->listeners = tvc_arena_calloc(a, (ir->n_listeners + 1) * sizeof *ir->listeners);
    size_t i;
    const json_t *x;
    json_array_foreach(ls, i, x) {
        tvc_listener *l = &ir->listeners[i];
        if (gaddr(&r, x, &l->addr) != 0)
            r.bad = 1;
        l->engine = tvc_engine_parse(gstr(&r, x, "engine"));
        l->protocol = gstr(&r, x, "protocol");
        l->strict_sni = json_is_true(json_object_get(x, "strict_sni"));
        l->loc = gloc(&r, json_object_get(x, "location"));
    }
    const json_t *vs = json_object_get(j, "vhosts");
    ir->n_vhosts = json_array_size(vs);
    ir->vhosts = tvc_arena_calloc(a, (ir->n_vhosts + 1) * sizeof *ir->vhosts);
    json_array_foreach(vs, i, x) {
        tvc_vhost *v = &ir->vhosts[i];
        want(&r, x, JSON_OBJECT);
        want(&r, json_object_get(x, "addrs"), JSON_ARRAY);
        want(&r, json_object_get(x, "tls"), JSON_OBJECT);
        v->server_name = gstr(&r, x, "server_name");
        gstrs(&r, json_object_get(x, "aliases"), &v->aliases);
        const json_t *addrs = json_object_get(x, "addrs");
        v->addrs = tvc_arena_calloc(a, (json_array_size(addrs) + 1) * sizeof *v->addrs);
        size_t k;
        const json_t *ad;
        json_array_foreach(addrs, k, ad) {
            if (gaddr(&r, ad, &v->addrs[v->n_addrs]) == 0)
                v->n_addrs++;
            else
                r.bad = 1;
        }
        v->loc = gloc(&r, json_object_get(x, "location"));
        const json_t *t = json_object_get(x, "tls");
        if (json_is_object(t)) {
            v->tls = tvc_arena_alloc(a, sizeof *v->tls);
            gtls(&r, t, v->tls);
        }
        v->other = glist(&r, json_object_get(x, "other"), &v->n_other);
    }
    /* The JSON holds the effective views only: the levels follow from
     * the values. */
    tvc_tls_own_by_difference(a, &ir->server, NULL, NULL);
    for (i = 0; i < ir->n_vhosts; i++)
        if (ir->vhosts[i].tls)
            tvc_tls_own_by_difference(a, ir->vhosts[i].tls, &ir->server, &ir->vhosts[i].loc);
    const json_t *mods = json_object_get(j, "modules");
    ir->modules = glist(&r, mods, &ir->n_modules);
    if (r.bad) {
        tvc_diag_add(d, "parse-error", TVC_ERROR, &where, 0,
                     "'%s': IR JSON has fields of the wrong type", file);
        return NULL;
    }
    return ir;
}
