#include "config.h"

#include "policy/translate.h"

#include <stdarg.h>
#include <string.h>

#include "ir/ir.h"
#include "policy/gnutls_suites.h"
#include "policy/groups.h"
#include "policy/suites.h"

static tvc_setting *setting(tvc_arena *a, tvc_translation *t, tvc_aspect aspect,
                            const char *args, int lo, int hi)
{
    t->settings = tvc_arena_realloc(a, t->settings, t->n_settings * sizeof *t->settings,
                                    (t->n_settings + 1) * sizeof *t->settings);
    tvc_setting *s = &t->settings[t->n_settings++];
    *s = (tvc_setting){aspect, args, lo, hi, 1};
    return s;
}

static void lossy_add(tvc_arena *a, tvc_lossy **v, size_t *n, tvc_aspect aspect,
                      const char *fmt, va_list ap)
{
    const char *s = tvc_arena_vprintf(a, fmt, ap);
    *v = tvc_arena_realloc(a, *v, *n * sizeof **v, (*n + 1) * sizeof **v);
    (*v)[(*n)++] = (tvc_lossy){aspect, s};
}

static void lossy(tvc_arena *a, tvc_translation *t, tvc_aspect aspect, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void lossy(tvc_arena *a, tvc_translation *t, tvc_aspect aspect, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    lossy_add(a, &t->lossy, &t->n_lossy, aspect, fmt, ap);
    va_end(ap);
}

tvc_setting *tvc_translation_find(tvc_translation *t, tvc_aspect aspect)
{
    for (size_t i = 0; i < t->n_settings; i++)
        if (t->settings[i].aspect == aspect)
            return &t->settings[i];
    return NULL;
}

/* Whether a difference about `d` concerns what a setting of `s` sets. */
static int touches(tvc_aspect s, tvc_aspect d)
{
    if (d == s || d == TVC_ASPECT_POLICY || s == TVC_ASPECT_PRIORITIES)
        return 1;
    if (s == TVC_ASPECT_CIPHERS_PREFER || s == TVC_ASPECT_CIPHERS_SUPPRESS)
        return d == TVC_ASPECT_TLS12_CIPHERS || d == TVC_ASPECT_TLS13_CIPHERS ||
               d == TVC_ASPECT_ORDER;
    return 0;
}

static void mark_exact(tvc_translation *t)
{
    for (size_t i = 0; i < t->n_settings; i++) {
        t->settings[i].exact = 1;
        for (size_t k = 0; k < t->n_lossy; k++)
            if (touches(t->settings[i].aspect, t->lossy[k].aspect))
                t->settings[i].exact = 0;
    }
}

static int has(const uint16_t *v, size_t n, uint16_t c)
{
    for (size_t i = 0; i < n; i++)
        if (v[i] == c)
            return 1;
    return 0;
}

static const char *name(uint16_t c)
{
    const tvc_suite *s = tvc_suite_by_code(c);
    return s ? s->iana : "(unknown suite)";
}

/* Suites added, suites lost, and order, between what was asked and what
 * the target really does. */
static void compare(tvc_arena *a, tvc_translation *t, const uint16_t *want, size_t nw,
                    const uint16_t *got, size_t ng, tvc_aspect aspect, int order_matters)
{
    const char *what = aspect == TVC_ASPECT_TLS12_CIPHERS ? "TLS 1.2" : "TLS 1.3";
    const char *added = "", *lost = "";
    for (size_t i = 0; i < ng; i++)
        if (!has(want, nw, got[i]))
            added = tvc_arena_printf(a, "%s%s%s", added, *added ? ", " : "", name(got[i]));
    for (size_t i = 0; i < nw; i++)
        if (!has(got, ng, want[i]))
            lost = tvc_arena_printf(a, "%s%s%s", lost, *lost ? ", " : "", name(want[i]));
    if (*added)
        lossy(a, t, aspect, "%s suites added: %s", what, added);
    if (*lost)
        lossy(a, t, aspect, "%s suites lost: %s", what, lost);
    if (!*added && !*lost && order_matters && nw == ng && memcmp(want, got, nw * sizeof *want))
        lossy(a, t, TVC_ASPECT_ORDER,
              "%s suite order cannot be expressed: the target uses its own order",
              what);
}

static int to_modssl(tvc_arena *a, const tvc_policy *in, tvc_translation *t)
{
    int lo = in->proto_min ? in->proto_min : TVC_TLS12;
    int hi = in->proto_max ? in->proto_max : TVC_TLS13;
    const char *spec = "";
    for (size_t i = 0; i < in->n_tls12; i++) {
        const tvc_suite *s = tvc_suite_by_code(in->tls12[i]);
        if (s && s->openssl)
            spec = tvc_arena_printf(a, "%s%s%s", spec, *spec ? ":" : "", s->openssl);
    }
    const char *spec13 = "";
    for (size_t i = 0; i < in->n_tls13; i++)
        spec13 = tvc_arena_printf(a, "%s%s%s", spec13, *spec13 ? ":" : "", name(in->tls13[i]));
    /* A version without a suite negotiates nothing, and mod_ssl cannot say
     * "no suite": OpenSSL refuses an empty TLS <= 1.2 list (httpd fails at
     * start with AH01898), and without an SSLCipherSuite TLSv1.3 line
     * OpenSSL's default TLS 1.3 suites apply. Such a version is left out
     * of SSLProtocol instead: the same handshakes complete. */
    int asked_lo = lo;
    if (!*spec && lo <= TVC_TLS12)
        lo = TVC_TLS13;
    if (!*spec13 && hi == TVC_TLS13)
        hi = TVC_TLS12;
    if (lo > hi) {
        lossy(a, t, TVC_ASPECT_POLICY,
              "the policy allows no cipher suite at all: mod_ssl cannot be configured "
              "so (OpenSSL refuses an empty cipher list; httpd fails at start with AH01898)");
        return -1;
    }
    setting(a, t, TVC_ASPECT_PROTOCOLS, NULL, lo, hi);
    if (lo <= TVC_TLS12)
        setting(a, t, TVC_ASPECT_TLS12_CIPHERS, spec, 0, 0);
    if (hi == TVC_TLS13 && *spec13)
        setting(a, t, TVC_ASPECT_TLS13_CIPHERS, spec13, 0, 0);
    if (in->server_preference >= 0)
        setting(a, t, TVC_ASPECT_ORDER, NULL, in->server_preference, 0);
    tvc_openssl_in oi = {*spec ? spec : NULL, *spec13 ? spec13 : NULL, lo, hi,
                         in->server_preference, NULL};
    tvc_policy_errs errs = {0};
    tvc_openssl_resolve(a, &oi, &t->result, &errs);
    if (lo > TVC_TLS12)
        t->result.n_tls12 = 0;
    compare(a, t, in->tls12, asked_lo <= TVC_TLS12 ? in->n_tls12 : 0, t->result.tls12,
            t->result.n_tls12, TVC_ASPECT_TLS12_CIPHERS, in->server_preference == 1);
    compare(a, t, in->tls13, in->n_tls13, t->result.tls13, t->result.n_tls13,
            TVC_ASPECT_TLS13_CIPHERS,
            in->server_preference == 1);
    if (t->result.proto_min != lo)
        lossy(a, t, TVC_ASPECT_PROTOCOLS, "%s is asked for but OpenSSL refuses it at its "
              "security level; the lowest version becomes %s", tvc_proto_name(lo),
              tvc_proto_name(t->result.proto_min));
    return 0;
}

static int to_modtls(tvc_arena *a, const tvc_policy *in, tvc_translation *t)
{
    int lo = in->proto_min ? in->proto_min : TVC_TLS12;
    if (lo < TVC_TLS12) {
        lossy(a, t, TVC_ASPECT_PROTOCOLS, "%s cannot be enabled: rustls speaks TLSv1.2 and "
              "TLSv1.3 only", tvc_proto_name(lo));
        lo = TVC_TLS12;
    }
    setting(a, t, TVC_ASPECT_PROTOCOLS, NULL, lo, TVC_TLS13);
    if (in->proto_max && in->proto_max < TVC_TLS13)
        lossy(a, t, TVC_ASPECT_PROTOCOLS,
              "the protocol maximum %s is dropped: mod_tls has only a minimum "
              "(TLSProtocol %s+), so TLSv1.3 stays enabled",
              tvc_proto_name(in->proto_max), tvc_proto_name(lo));
    /* Suppress = what rustls supports minus what is wanted; prefer = the
     * wanted order when the server's order matters. */
    size_t n;
    const tvc_suite *all = tvc_suites(&n);
    const char *sup = "", *pre = "";
    for (size_t i = 0; i < n; i++) {
        if (!all[i].rustls)
            continue;
        int want = has(in->tls12, in->n_tls12, all[i].code) ||
                   has(in->tls13, in->n_tls13, all[i].code);
        if (!want)
            sup = tvc_arena_printf(a, "%s%s%s", sup, *sup ? " " : "", all[i].iana);
    }
    if (in->server_preference == 1) {
        for (size_t i = 0; i < in->n_tls13; i++)
            pre = tvc_arena_printf(a, "%s%s%s", pre, *pre ? " " : "", name(in->tls13[i]));
        for (size_t i = 0; i < in->n_tls12; i++) {
            const tvc_suite *s = tvc_suite_by_code(in->tls12[i]);
            if (s && s->rustls)
                pre = tvc_arena_printf(a, "%s%s%s", pre, *pre ? " " : "", s->iana);
        }
    }
    if (*pre)
        setting(a, t, TVC_ASPECT_CIPHERS_PREFER, pre, 0, 0);
    if (*sup)
        setting(a, t, TVC_ASPECT_CIPHERS_SUPPRESS, sup, 0, 0);
    if (in->server_preference >= 0)
        setting(a, t, TVC_ASPECT_ORDER, NULL, in->server_preference, 0);
    tvc_policy_errs errs = {0};
    tvc_rustls_resolve(a, *pre ? pre : NULL, *sup ? sup : NULL, lo, in->server_preference,
                       &t->result, &errs);
    compare(a, t, in->tls12, lo <= TVC_TLS12 ? in->n_tls12 : 0, t->result.tls12,
            t->result.n_tls12, TVC_ASPECT_TLS12_CIPHERS, in->server_preference == 1);
    compare(a, t, in->tls13, in->n_tls13, t->result.tls13, t->result.n_tls13,
            TVC_ASPECT_TLS13_CIPHERS,
            in->server_preference == 1);
    return 0;
}

static const tvc_gnutls_suite *gsuite(uint16_t code)
{
    for (size_t i = 0; i < tvc_gnutls_n_suites; i++)
        if (tvc_gnutls_suites[i].code == code)
            return &tvc_gnutls_suites[i];
    return NULL;
}

/* GnuTLS's name of a version (VERS-TLS1.0, not TLSv1's digits). */
static const char *gnutls_vers(int v)
{
    switch (v) {
    case TVC_SSL3: return "VERS-SSL3.0";
    case TVC_TLS10: return "VERS-TLS1.0";
    case TVC_TLS11: return "VERS-TLS1.1";
    case TVC_TLS12: return "VERS-TLS1.2";
    default: return "VERS-TLS1.3";
    }
}

/* Appends "+NAME" for a component not yet listed. */
static const char *add_item(tvc_arena *a, const char *s, const char *item)
{
    if (!item)
        return s;
    const char *q = tvc_arena_printf(a, ":+%s", item);
    size_t n = strlen(q);
    for (const char *p = strstr(s, q); p; p = strstr(p + 1, q))
        if (p[n] == ':' || p[n] == '\0')
            return s;
    return tvc_arena_printf(a, "%s%s", s, q);
}

/* GnuTLS priorities name components (versions, ciphers, MACs, key
 * exchanges), not suites: the tightest string lists exactly the
 * components of the wanted suites, and any other suite those components
 * combine into is reported as added. */
static int to_gnutls(tvc_arena *a, const tvc_policy *in, tvc_translation *t)
{
    int lo = in->proto_min ? in->proto_min : TVC_TLS12;
    int hi = in->proto_max ? in->proto_max : TVC_TLS13;
    const char *p = "NONE";
    for (int v = hi; v >= lo; v--)
        p = tvc_arena_printf(a, "%s:+%s", p, gnutls_vers(v));
    const char *ciph = "", *mac = "", *kx = "";
    const uint16_t *lists[2] = {in->tls13, in->tls12};
    size_t ns[2] = {in->n_tls13, lo <= TVC_TLS12 ? in->n_tls12 : 0};
    for (int l = 0; l < 2; l++)
        for (size_t i = 0; i < ns[l]; i++) {
            const tvc_gnutls_suite *g = gsuite(lists[l][i]);
            if (!g)
                continue; /* reported lost by the comparison */
            ciph = add_item(a, ciph, tvc_gnutls_alg_name('c', g->cipher));
            mac = add_item(a, mac, tvc_gnutls_alg_name('m', g->mac));
            if (g->kx)
                kx = add_item(a, kx, tvc_gnutls_alg_name('k', g->kx));
        }
    p = tvc_arena_printf(a, "%s%s%s%s:+SIGN-ALL:+GROUP-ALL:+CTYPE-X509%s", p, ciph, mac, kx,
                         in->server_preference == 1 ? ":%SERVER_PRECEDENCE" : "");
    setting(a, t, TVC_ASPECT_PRIORITIES, p, 0, 0);
    tvc_policy_err e = {.fatal = 1};
    if (tvc_gnutls_resolve(a, p, &t->result, &e) != 0) {
        lossy(a, t, TVC_ASPECT_POLICY,
              "the policy cannot be written as a GnuTLS priority string: %s", e.message);
        return -1;
    }
    compare(a, t, in->tls12, ns[1], t->result.tls12, t->result.n_tls12,
            TVC_ASPECT_TLS12_CIPHERS, in->server_preference == 1);
    compare(a, t, in->tls13, in->n_tls13, t->result.tls13, t->result.n_tls13,
            TVC_ASPECT_TLS13_CIPHERS, in->server_preference == 1);
    if (t->result.proto_min != lo || t->result.proto_max != hi)
        lossy(a, t, TVC_ASPECT_PROTOCOLS, "GnuTLS enables %s to %s instead of %s to %s",
              tvc_proto_name(t->result.proto_min), tvc_proto_name(t->result.proto_max),
              tvc_proto_name(lo), tvc_proto_name(hi));
    return 0;
}

int tvc_policy_translate(tvc_arena *a, const tvc_policy *in, tvc_engine target,
                         tvc_translation *out)
{
    memset(out, 0, sizeof *out);
    int rc;
    switch (target) {
    case TVC_ENGINE_MODSSL:
        rc = to_modssl(a, in, out);
        break;
    case TVC_ENGINE_MODTLS:
        rc = to_modtls(a, in, out);
        break;
    case TVC_ENGINE_GNUTLS:
        rc = to_gnutls(a, in, out);
        break;
    default:
        return -1;
    }
    mark_exact(out);
    if (rc < 0)
        return -1;
    return out->n_lossy ? 1 : 0;
}

/* ---- what was set, and what was left at the defaults ------------------- */

static void note(tvc_arena *a, tvc_translation *t, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void note(tvc_arena *a, tvc_translation *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const char *s = tvc_arena_vprintf(a, fmt, ap);
    va_end(ap);
    t->defaults = tvc_arena_realloc(a, t->defaults, t->n_defaults * sizeof *t->defaults,
                                    (t->n_defaults + 1) * sizeof *t->defaults);
    t->defaults[t->n_defaults++] = s;
}

/* The target's policy when nothing is set, as its reader expands it. */
static int target_default(tvc_arena *a, tvc_engine target, tvc_policy *p)
{
    tvc_policy_errs errs = {0};
    tvc_policy_err err = {.fatal = 1};
    switch (target) {
    case TVC_ENGINE_MODSSL: {
        tvc_openssl_in in = {NULL, NULL, 0, 0, -1, NULL};
        return tvc_openssl_resolve(a, &in, p, &errs);
    }
    case TVC_ENGINE_GNUTLS:
        return tvc_gnutls_resolve(a, "NORMAL", p, &err);
    default:
        return tvc_rustls_resolve(a, NULL, NULL, 0, -1, p, &errs);
    }
}


static const char *range(tvc_arena *a, int lo, int hi)
{
    if (!lo)
        return "no protocol version";
    if (lo == hi)
        return tvc_arena_printf(a, "%s only", tvc_proto_name(lo));
    return tvc_arena_printf(a, "%s to %s", tvc_proto_name(lo), tvc_proto_name(hi));
}

/* The suites of a list that a version range negotiates. */
static size_t in_range(size_t n, int lo, int hi, int version)
{
    return lo && lo <= version && version <= hi ? n : 0;
}

static int same_codes(const uint16_t *x, size_t nx, const uint16_t *y, size_t ny)
{
    if (nx != ny)
        return 0;
    for (size_t i = 0; i < nx; i++)
        if (!has(y, ny, x[i]))
            return 0;
    return 1;
}

/* The versions of a priority string on NORMAL, as GnuTLS says them. */
static const char *normal_with(tvc_arena *a, int lo, int hi)
{
    const char *p = "NORMAL:-VERS-ALL";
    for (int v = hi; v >= lo; v--)
        p = tvc_arena_printf(a, "%s:+%s", p, gnutls_vers(v));
    return p;
}

int tvc_gnutls_sets(tvc_arena *a, const char *prio)
{
    tvc_policy p, n, q;
    tvc_policy_err err = {.fatal = 1};
    if (tvc_gnutls_resolve(a, prio, &p, &err) != 0 ||
        tvc_gnutls_resolve(a, "NORMAL", &n, &err) != 0)
        return -1;
    unsigned set = 0;
    if (p.proto_min != n.proto_min || p.proto_max != n.proto_max)
        set |= TVC_SET_PROTOCOLS;
    if (p.server_preference == 1)
        set |= TVC_SET_ORDER;
    if (!p.proto_min || tvc_gnutls_resolve(a, normal_with(a, p.proto_min, p.proto_max), &q,
                                           &err) != 0)
        return (int)(set | TVC_SET_CIPHERS);
    size_t n12 = in_range(p.n_tls12, p.proto_min, p.proto_max, TVC_TLS12);
    size_t n13 = in_range(p.n_tls13, p.proto_min, p.proto_max, TVC_TLS13);
    size_t q12 = in_range(q.n_tls12, q.proto_min, q.proto_max, TVC_TLS12);
    size_t q13 = in_range(q.n_tls13, q.proto_min, q.proto_max, TVC_TLS13);
    /* Equal lists, order included: GnuTLS's own order is the preference. */
    if (n12 != q12 || n13 != q13 || (n12 && memcmp(p.tls12, q.tls12, n12 * sizeof *p.tls12)) ||
        (n13 && memcmp(p.tls13, q.tls13, n13 * sizeof *p.tls13)))
        set |= TVC_SET_CIPHERS;
    return (int)set;
}

/* Only versions and order are set: the target's default suites stay. */
static int versions_only(tvc_arena *a, const tvc_policy *in, unsigned set, tvc_engine target,
                         tvc_translation *t)
{
    int lo = in->proto_min ? in->proto_min : TVC_TLS12;
    int hi = in->proto_max ? in->proto_max : TVC_TLS13;
    int pref = set & TVC_SET_ORDER ? in->server_preference : -1;
    tvc_policy_errs errs = {0};
    switch (target) {
    case TVC_ENGINE_MODSSL: {
        if (set & TVC_SET_PROTOCOLS)
            setting(a, t, TVC_ASPECT_PROTOCOLS, NULL, lo, hi);
        if (pref >= 0)
            setting(a, t, TVC_ASPECT_ORDER, NULL, pref, 0);
        tvc_openssl_in oi = {NULL, NULL, set & TVC_SET_PROTOCOLS ? lo : 0,
                             set & TVC_SET_PROTOCOLS ? hi : 0, pref, NULL};
        tvc_openssl_resolve(a, &oi, &t->result, &errs);
        if ((set & TVC_SET_PROTOCOLS) && t->result.proto_min != lo)
            lossy(a, t, TVC_ASPECT_PROTOCOLS, "%s is asked for but OpenSSL refuses it at its "
                  "security level; the lowest version becomes %s", tvc_proto_name(lo),
                  tvc_proto_name(t->result.proto_min));
        break;
    }
    case TVC_ENGINE_MODTLS:
        if (set & TVC_SET_PROTOCOLS) {
            if (lo < TVC_TLS12) {
                lossy(a, t, TVC_ASPECT_PROTOCOLS, "%s cannot be enabled: rustls speaks TLSv1.2 "
                      "and TLSv1.3 only", tvc_proto_name(lo));
                lo = TVC_TLS12;
            }
            setting(a, t, TVC_ASPECT_PROTOCOLS, NULL, lo, TVC_TLS13);
            if (hi < TVC_TLS13)
                lossy(a, t, TVC_ASPECT_PROTOCOLS,
                      "the protocol maximum %s is dropped: mod_tls has only a minimum "
                      "(TLSProtocol %s+), so TLSv1.3 stays enabled", tvc_proto_name(hi),
                      tvc_proto_name(lo));
        }
        if (pref >= 0)
            setting(a, t, TVC_ASPECT_ORDER, NULL, pref, 0);
        tvc_rustls_resolve(a, NULL, NULL, set & TVC_SET_PROTOCOLS ? lo : 0, pref, &t->result,
                           &errs);
        break;
    case TVC_ENGINE_GNUTLS: {
        const char *p = set & TVC_SET_PROTOCOLS ? normal_with(a, lo, hi) : "NORMAL";
        if (pref == 1)
            p = tvc_arena_printf(a, "%s:%%SERVER_PRECEDENCE", p);
        /* GnuTLS orders by the client unless told otherwise: nothing to say
         * for client order on NORMAL alone. */
        if (strcmp(p, "NORMAL"))
            setting(a, t, TVC_ASPECT_PRIORITIES, p, 0, 0);
        tvc_policy_err e = {.fatal = 1};
        if (tvc_gnutls_resolve(a, p, &t->result, &e) != 0) {
            lossy(a, t, TVC_ASPECT_POLICY,
                  "the versions cannot be written as a GnuTLS priority string: %s",
                  e.message);
            return -1;
        }
        if ((set & TVC_SET_PROTOCOLS) &&
            (t->result.proto_min != lo || t->result.proto_max != hi))
            lossy(a, t, TVC_ASPECT_PROTOCOLS, "GnuTLS enables %s instead of %s",
                  range(a, t->result.proto_min, t->result.proto_max), range(a, lo, hi));
        break;
    }
    default:
        return -1;
    }
    return 0;
}

int tvc_policy_translate_set(tvc_arena *a, const tvc_policy *in, unsigned set,
                             const char *source, tvc_engine target, tvc_translation *out)
{
    if ((set & TVC_SET_ALL) == TVC_SET_ALL)
        return tvc_policy_translate(a, in, target, out);
    memset(out, 0, sizeof *out);
    tvc_policy def;
    if (target_default(a, target, &def) != 0)
        return -1;
    int rc;
    if (!(set & TVC_SET_CIPHERS)) {
        rc = versions_only(a, in, set, target, out);
        mark_exact(out);
    } else {
        /* Explicit ciphers on the target's default versions: translated
         * and measured, then the version line the target would write for
         * its own default range is left out. */
        tvc_policy x = *in;
        if (!(set & TVC_SET_PROTOCOLS)) {
            x.proto_min = def.proto_min;
            x.proto_max = def.proto_max;
        }
        if (!(set & TVC_SET_ORDER))
            x.server_preference = -1;
        rc = tvc_policy_translate(a, &x, target, out);
        if (rc >= 0 && !(set & TVC_SET_PROTOCOLS) && target != TVC_ENGINE_GNUTLS &&
            out->result.proto_min == def.proto_min && out->result.proto_max == def.proto_max) {
            size_t k = 0;
            for (size_t i = 0; i < out->n_settings; i++)
                if (out->settings[i].aspect != TVC_ASPECT_PROTOCOLS)
                    out->settings[k++] = out->settings[i];
            out->n_settings = k;
        }
    }
    if (rc < 0)
        return -1;
    const tvc_policy *r = &out->result;
    const char *tgt = tvc_engine_name(target);
    if (!(set & TVC_SET_PROTOCOLS) &&
        (in->proto_min != r->proto_min || in->proto_max != r->proto_max))
        note(a, out, "the protocol versions are %s's default (%s) and stay at %s's default, "
             "which differs (%s)", source, range(a, in->proto_min, in->proto_max), tgt,
             range(a, r->proto_min, r->proto_max));
    if (!(set & TVC_SET_CIPHERS)) {
        /* Compared for the versions the result enables. */
        size_t n12 = in_range(in->n_tls12, r->proto_min, r->proto_max, TVC_TLS12);
        size_t n13 = in_range(in->n_tls13, r->proto_min, r->proto_max, TVC_TLS13);
        size_t d12 = in_range(r->n_tls12, r->proto_min, r->proto_max, TVC_TLS12);
        size_t d13 = in_range(r->n_tls13, r->proto_min, r->proto_max, TVC_TLS13);
        if (!same_codes(in->tls12, n12, r->tls12, d12) ||
            !same_codes(in->tls13, n13, r->tls13, d13))
            note(a, out, "the cipher list is %s's default (%zu TLS 1.2 and %zu TLS 1.3 suites) "
                 "and stays at %s's default, which differs (%zu and %zu)", source, n12, n13,
                 tgt, d12, d13);
    }
    return out->n_lossy ? 1 : 0;
}

/* ---- key-exchange groups ---------------------------------------------- */

static void glossy(tvc_arena *a, tvc_groups_translation *t, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void glossy(tvc_arena *a, tvc_groups_translation *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    lossy_add(a, &t->lossy, &t->n_lossy, TVC_ASPECT_GROUPS, fmt, ap);
    va_end(ap);
}

static const char *gname(const tvc_group *g, const char *fallback)
{
    return g ? g->iana : fallback;
}

static int ghas(const uint16_t *v, size_t n, uint16_t c)
{
    for (size_t i = 0; i < n; i++)
        if (v[i] == c)
            return 1;
    return 0;
}

/* "a, b and c" of the groups of `v` (IANA names). */
static const char *glist(tvc_arena *a, const uint16_t *v, size_t n)
{
    const char *s = "";
    for (size_t i = 0; i < n; i++)
        s = tvc_arena_printf(a, "%s%s%s", s, !i ? "" : i + 1 == n ? " and " : ", ",
                             gname(tvc_group_by_code(v[i]), "(unknown)"));
    return s;
}

/* GnuTLS's built-in list: NORMAL's groups (mod_gnutls's default priorities). */
static size_t gnutls_default_groups(tvc_arena *a, uint16_t **out)
{
    tvc_policy p;
    tvc_policy_err err = {.fatal = 1};
    *out = NULL;
    if (tvc_gnutls_resolve(a, "NORMAL", &p, &err) != 0)
        return 0;
    *out = tvc_groups_codes(a, p.groups, p.n_groups);
    return p.n_groups;
}

int tvc_groups_translate(tvc_arena *a, const char *const *names, size_t n, tvc_engine target,
                         int may_omit, tvc_groups_translation *out)
{
    memset(out, 0, sizeof *out);
    uint16_t *want = tvc_groups_codes(a, names, n);
    if (target == TVC_ENGINE_MODTLS) {
        size_t nr;
        const uint16_t *rustls = tvc_groups_rustls(&nr);
        if (tvc_groups_same(want, n, rustls, nr))
            return 0;
        uint16_t *lost = tvc_arena_alloc(a, (n + 1) * sizeof *lost);
        uint16_t *added = tvc_arena_alloc(a, (nr + 1) * sizeof *added);
        size_t nl = 0, na = 0;
        for (size_t i = 0; i < n; i++)
            if (!ghas(rustls, nr, want[i]))
                lost[nl++] = want[i];
        for (size_t i = 0; i < nr; i++)
            if (!ghas(want, n, rustls[i]))
                added[na++] = rustls[i];
        const char *how = "";
        if (nl)
            how = tvc_arena_printf(a, "; it lacks %s", glist(a, lost, nl));
        if (na)
            how = tvc_arena_printf(a, "%s; it adds %s", how, glist(a, added, na));
        if (!nl && !na)
            how = "; the same groups, in another order";
        const char *asked = "";
        for (size_t i = 0; i < n; i++)
            asked = tvc_arena_printf(a, "%s%s%s", asked, i ? ":" : "", names[i]);
        glossy(a, out, "mod_tls has no setting for the key-exchange groups: rustls offers its "
               "own (X25519, secp256r1, secp384r1, in that order) instead of %s%s", asked, how);
        return 1;
    }
    const char *module = target == TVC_ENGINE_MODSSL ? "mod_ssl (OpenSSL)" : "mod_gnutls (GnuTLS)";
    out->names = tvc_arena_alloc(a, (n + 1) * sizeof *out->names);
    uint16_t *kept = tvc_arena_alloc(a, (n + 1) * sizeof *kept);
    for (size_t i = 0; i < n; i++) {
        const tvc_group *g = tvc_group_by_code(want[i]);
        const char *tn = !g ? NULL : target == TVC_ENGINE_MODSSL ? g->openssl : g->gnutls;
        if (!tn) {
            glossy(a, out, "the key-exchange group %s has no equivalent in %s: it is not "
                   "offered", names[i], module);
            continue;
        }
        kept[out->n] = want[i];
        out->names[out->n++] = tn;
    }
    if (!out->n && n) {
        glossy(a, out, "none of the key-exchange groups exists in %s: it keeps its default "
               "groups", module);
        return 1;
    }
    const uint16_t *def;
    size_t nd;
    if (target == TVC_ENGINE_MODSSL) {
        def = tvc_groups_openssl_default(&nd);
    } else {
        uint16_t *g;
        nd = gnutls_default_groups(a, &g);
        def = g;
    }
    /* The target's own list: a default stays a default. */
    if (may_omit && tvc_groups_same(kept, out->n, def, nd))
        out->n = 0;
    return out->n_lossy ? 1 : 0;
}
