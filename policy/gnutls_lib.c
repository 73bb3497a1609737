/* GnuTLS priority strings resolved by the libgnutls tlsvhostc was built
 * with: the reference the built-in resolver (policy/gnutls.c) is tested
 * against, and a second opinion where the installed library matters.
 *
 * gnutls_priority_init2() parses the string (its error position becomes
 * err->offset); the suites are enumerated with
 * gnutls_priority_get_cipher_suite_index() in the library's order, skipping
 * the entries it reports as GNUTLS_E_UNKNOWN_CIPHER_SUITE (suites of a
 * version that is not enabled), and named by gnutls_cipher_suite_info();
 * the versions come from gnutls_priority_protocol_list() and the groups
 * from gnutls_priority_group_list(). libgnutls has no getter for the
 * server-precedence and session-ticket options of a priority cache, so
 * server_preference and tickets are -1 (unknown) here. The library is
 * loaded on the first call (policy/gnutls_dl.c); when it cannot be, this
 * answers -2 as a build without it does, with err->message saying why. */
#include "config.h"
#include "policy/policy.h"

#ifdef HAVE_GNUTLS

#include <string.h>

#include "policy/gnutls_dl.h"

static int wire_version(unsigned v)
{
    switch (v) {
    case GNUTLS_SSL3: return 0x0300;
    case GNUTLS_TLS1_0: return 0x0301;
    case GNUTLS_TLS1_1: return 0x0302;
    case GNUTLS_TLS1_2: return 0x0303;
    case GNUTLS_TLS1_3: return 0x0304;
    default: return 0; /* DTLS: not reported */
    }
}

int tvc_gnutls_resolve_lib(tvc_arena *a, const char *prio, tvc_policy *out,
                           tvc_policy_err *err)
{
    gnutls_priority_t pc = NULL;
    const char *ep = NULL;
    const unsigned *l;
    int n;

    memset(out, 0, sizeof *out);
    out->server_preference = -1;
    out->tickets = -1;

    const char *why = NULL;
    const tvc_gnutls_api *g = tvc_gnutls_dl(&why);
    if (!g) {
        if (err) {
            err->offset = 0;
            err->message = tvc_arena_strdup(a, why);
            err->fatal = 0;
        }
        return -2;
    }

    int rc = g->priority_init2(&pc, prio, &ep, 0);
    if (rc < 0) {
        if (err) {
            size_t len = prio ? strlen(prio) : 0;
            err->offset = prio && ep && ep >= prio && ep <= prio + len ? (size_t)(ep - prio) : 0;
            err->message = tvc_arena_printf(a, "libgnutls %s rejects the priority string: %s",
                                            g->check_version(NULL), g->strerror(rc));
            err->fatal = 1;
        }
        return -1;
    }

    n = g->priority_protocol_list(pc, &l);
    for (int i = 0; i < n; i++) {
        int w = wire_version(l[i]);
        if (!w)
            continue;
        if (!out->proto_min || w < out->proto_min)
            out->proto_min = w;
        if (w > out->proto_max)
            out->proto_max = w;
    }

    /* two passes: count, then fill */
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1) {
            out->tls12 = tvc_arena_alloc(a, (out->n_tls12 + 1) * sizeof *out->tls12);
            out->tls13 = tvc_arena_alloc(a, (out->n_tls13 + 1) * sizeof *out->tls13);
            out->n_tls12 = out->n_tls13 = 0;
        }
        for (unsigned i = 0;; i++) {
            unsigned idx;
            unsigned char id[2];
            int r = g->priority_get_cipher_suite_index(pc, i, &idx);
            if (r == GNUTLS_E_UNKNOWN_CIPHER_SUITE)
                continue; /* a suite of a version that is not enabled */
            if (r < 0)
                break;    /* GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE: the end */
            if (!g->cipher_suite_info(idx, id, NULL, NULL, NULL, NULL))
                continue;
            uint16_t code = (uint16_t)(id[0] << 8 | id[1]);
            if (id[0] == 0x13) {
                if (pass)
                    out->tls13[out->n_tls13] = code;
                out->n_tls13++;
            } else {
                if (pass)
                    out->tls12[out->n_tls12] = code;
                out->n_tls12++;
            }
        }
    }

    n = g->priority_group_list(pc, &l);
    out->groups = tvc_arena_alloc(a, (size_t)(n > 0 ? n : 1) * sizeof *out->groups);
    for (int i = 0; i < n; i++) {
        const char *gn = g->group_get_name((gnutls_group_t)l[i]);
        if (!gn) /* a CURVE- item naming a curve that is no group */
            gn = g->ecc_curve_get_name((gnutls_ecc_curve_t)l[i]);
        out->groups[out->n_groups++] = gn ? tvc_arena_strdup(a, gn)
                                          : tvc_arena_printf(a, "0x%x", l[i]);
    }

    g->priority_deinit(pc);
    return 0;
}

#else

int tvc_gnutls_resolve_lib(tvc_arena *a, const char *prio, tvc_policy *out,
                           tvc_policy_err *err)
{
    (void)a, (void)prio, (void)out, (void)err;
    return -2;
}

#endif
