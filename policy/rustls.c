/* mod_tls / rustls: the suites rustls supports, minus TLSCiphersSuppress,
 * with TLSCiphersPrefer moved to the front (tls_conf.c). Names may be
 * IANA names, OpenSSL names, mod_tls aliases or TLS_CIPHER_0xNNNN. */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "ir/dialect.h"
#include "ir/ir.h"
#include "policy/policy.h"
#include "policy/suites.h"

typedef struct list {
    uint16_t v[512];
    size_t n;
} list;

/* Splits on ':', ',' and blanks; fills codes, reports names. */
static int parse(tvc_arena *a, const char *s, list *out, tvc_policy_errs *errs,
                 tvc_policy_input input)
{
    const char *what = input == TVC_POLICY_IN_SUPPRESS ? TVC_DIRECTIVE(TVC_ENGINE_MODTLS, ciphers.suppress)
                             : TVC_DIRECTIVE(TVC_ENGINE_MODTLS, ciphers.prefer);
    int rc = 0;
    size_t i = 0, n = s ? strlen(s) : 0;
    while (i < n) {
        while (i < n && (s[i] == ':' || s[i] == ',' || s[i] == ' '))
            i++;
        size_t b = i;
        while (i < n && s[i] != ':' && s[i] != ',' && s[i] != ' ')
            i++;
        if (i == b)
            continue;
        char *name = tvc_arena_strndup(a, s + b, i - b);
        const tvc_suite *su = tvc_suite_by_name(name);
        if (!su) {
            tvc_policy_err_add_in(a, errs, input, b, 1, "%s: unknown cipher '%s' (mod_tls "
                                  "refuses to start)", what, name);
            rc = -1;
            continue;
        }
        /* mod_tls removes suppressed ids from rustls's own list and
         * logs nothing; a preferred one rustls lacks gets AH10319 "will
         * not have an effect" (tls_core.c:calc_ciphers). */
        if (!su->rustls && input == TVC_POLICY_IN_MAIN)
            tvc_policy_err_add_in(a, errs, input, b, -1, "%s: '%s' is known but rustls does "
                                  "not support it: it has no effect (mod_tls logs AH10319)",
                                  what, name);
        if (out->n < 512)
            out->v[out->n++] = su->code;
    }
    return rc;
}

static int in(const list *l, uint16_t c)
{
    for (size_t i = 0; i < l->n; i++)
        if (l->v[i] == c)
            return 1;
    return 0;
}

int tvc_rustls_resolve(tvc_arena *a, const char *prefer, const char *suppress,
                       int proto_min, int server_preference, tvc_policy *out,
                       tvc_policy_errs *errs)
{
    memset(out, 0, sizeof *out);
    list pre = {{0}, 0}, sup = {{0}, 0};
    /* parse_ciphers (tls_conf.c): the one word "default" / "none" means
     * an empty list */
    if (prefer && !strcasecmp(prefer, "default"))
        prefer = NULL;
    if (suppress && !strcasecmp(suppress, "none"))
        suppress = NULL;
    int rc = parse(a, prefer, &pre, errs, TVC_POLICY_IN_MAIN);
    if (parse(a, suppress, &sup, errs, TVC_POLICY_IN_SUPPRESS) != 0)
        rc = -1;
    size_t n;
    const tvc_suite *all = tvc_suites(&n);
    /* rustls's own order: TLS 1.3 first, then its TLS 1.2 list. */
    static const uint16_t order[] = {0x1302, 0x1301, 0x1303, 0xC02C, 0xC02B, 0xCCA9,
                                     0xC030, 0xC02F, 0xCCA8};
    (void)all;
    out->tls12 = tvc_arena_alloc(a, 16 * sizeof *out->tls12);
    out->tls13 = tvc_arena_alloc(a, 16 * sizeof *out->tls13);
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < sizeof order / sizeof *order; i++) {
            uint16_t c = order[i];
            int preferred = in(&pre, c);
            if ((pass == 0) != preferred || in(&sup, c))
                continue;
            if (tvc_suite_is_tls13(c))
                out->tls13[out->n_tls13++] = c;
            else
                out->tls12[out->n_tls12++] = c;
        }
    /* Preferred ones in the order given, not rustls's. */
    size_t k12 = 0, k13 = 0;
    for (size_t i = 0; i < pre.n; i++) {
        const tvc_suite *su = tvc_suite_by_code(pre.v[i]);
        if (!su || !su->rustls || in(&sup, pre.v[i]))
            continue;
        if (tvc_suite_is_tls13(pre.v[i]))
            out->tls13[k13++] = pre.v[i];
        else
            out->tls12[k12++] = pre.v[i];
    }
    out->proto_min = proto_min >= TVC_TLS12 ? proto_min : TVC_TLS12;
    out->proto_max = TVC_TLS13;
    if (out->proto_min <= TVC_TLS12 && !out->n_tls12)
        out->proto_min = TVC_TLS13;
    out->server_preference = server_preference;
    out->tickets = -1;
    if (!out->n_tls12 && !out->n_tls13)
        tvc_policy_err_add(a, errs, 0, 1, "every suite rustls supports is suppressed: no "
                           "handshake can complete");
    return rc;
}
