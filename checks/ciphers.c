/* What the expanded policy allows: weak suites (cipher-weak), suites
 * without forward secrecy (cipher-no-forward-secrecy) and legacy
 * protocol versions (protocol-legacy). The expansion itself, and
 * cipher-invalid, is the policy engine's (policy/expand.c). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/smap.h"

#include "checks/internal.h"
#include "policy/suites.h"

static const tvc_loc *where(const tvc_vhost *vh, const tvc_tls *t)
{
    if (t->engine == TVC_ENGINE_MODTLS && t->ciphers.suppress.loc.file)
        return &t->ciphers.suppress.loc;
    if (t->ciphers.spec.loc.file)
        return &t->ciphers.spec.loc;
    return t->enabled_loc.file ? &t->enabled_loc : &vh->loc;
}

static void weak(tvc_check_run *r, const tvc_vhost *vh, const tvc_tls *t)
{
    /* A suite is reported in the first class that has it; forward
     * secrecy has an ID of its own and sees every suite, so turning one
     * ID off hides nothing from the other. */
    static const struct {
        unsigned bits;
        int own_id; /* cipher-no-forward-secrecy, not cipher-weak */
        tvc_severity sev;
        const char *why;
    } classes[] = {
        {TVC_WEAK_NULL | TVC_WEAK_ANON | TVC_WEAK_EXPORT, 0, TVC_ERROR,
         "without encryption, without authentication or export-grade"},
        {TVC_WEAK_RC4 | TVC_WEAK_DES | TVC_WEAK_MD5 | TVC_WEAK_OTHER, 0, TVC_WARNING,
         "with broken or obsolete algorithms (RC4, DES/3DES, MD5, IDEA/SEED)"},
        {TVC_WEAK_NO_FS, 1, TVC_NOTE,
         "without forward secrecy (static RSA key exchange)"},
    };
    unsigned seen = 0;
    for (size_t c = 0; c < sizeof classes / sizeof *classes; c++) {
        int own_id = classes[c].own_id;
        const char *list = "";
        size_t n = 0;
        for (size_t i = 0; i < t->ciphers.n_tls12; i++) {
            const tvc_suite *s = tvc_suite_by_name(t->ciphers.tls12[i]);
            unsigned w = s ? tvc_suite_weakness(s) : 0;
            if (!(w & classes[c].bits) || (!own_id && (w & seen)))
                continue;
            if (n < 4)
                list = tvc_arena_printf(r->a, "%s%s%s", list, n ? ", " : "", s->iana);
            n++;
        }
        if (!own_id)
            seen |= classes[c].bits;
        if (!n)
            continue;
        const char *msg = tvc_arena_printf(r->a, "the policy allows %zu suite%s %s: %s%s", n,
                                           n == 1 ? "" : "s", classes[c].why, list,
                                           n > 4 ? ", ..." : "");
        /* The IDs spelled out at the call: tests/sarif_test.sh reads them there. */
        if (own_id)
            tvc_check_report(r, vh, "cipher-no-forward-secrecy", classes[c].sev, where(vh, t),
                             0, "%s", msg);
        else
            tvc_check_report(r, vh, "cipher-weak", classes[c].sev, where(vh, t), 0, "%s", msg);
    }
}

static void legacy(tvc_check_run *r, const tvc_vhost *vh, const tvc_tls *t)
{
    const tvc_loc *loc = t->protocols.text.loc.file ? &t->protocols.text.loc
                         : t->enabled_loc.file ? &t->enabled_loc : &vh->loc;
    if (t->engine == TVC_ENGINE_MODSSL) {
        int min = t->protocols.min == TVC_UNSET ? TVC_TLS10 : t->protocols.min;
        if (min >= TVC_TLS12)
            return;
        const char *what = tvc_proto_name(min);
        int effective = t->protocols.eff_min && t->protocols.eff_min < TVC_TLS12;
        /* mod_ssl's default ("all -SSLv3") names TLSv1 and TLSv1.1, but
         * OpenSSL 3 at security level 1 or more cannot sign their
         * handshakes (SHA-1) and refuses them: Debian 12's apache2 with no
         * SSLProtocol answers `openssl s_client -tls1` with alert 80. Only
         * a protocol that is really negotiable, or one the config asks
         * for, is worth a word. */
        if (effective)
            tvc_check_report(r, vh, "protocol-legacy", TVC_WARNING, loc, 0,
                             "%s is enabled%s: versions below TLSv1.2 are deprecated "
                             "(RFC 8996)", tvc_proto_name(t->protocols.eff_min),
                             t->protocols.text.v ? ""
                                                 : " (mod_ssl's default, all -SSLv3, with a "
                                                   "cipher policy that lets it through)");
        else if (t->protocols.text.v)
            tvc_check_report(r, vh, "protocol-legacy", TVC_NOTE, loc, 0,
                             "SSLProtocol enables %s and newer, but %s refuses versions "
                             "below TLSv1.2 at this security level; say TLSv1.2 to mean it",
                             what, tvc_openssl_version_short());
    } else if (t->engine == TVC_ENGINE_GNUTLS) {
        if (t->protocols.eff_min && t->protocols.eff_min < TVC_TLS12)
            tvc_check_report(r, vh, "protocol-legacy", TVC_WARNING,
                             t->ciphers.spec.loc.file ? &t->ciphers.spec.loc : loc, 0,
                             "%s is enabled by the priority string: versions below "
                             "TLSv1.2 are deprecated (RFC 8996)",
                             tvc_proto_name(t->protocols.eff_min));
    }
}

void tvc_check_ciphers(tvc_check_run *r)
{
    /* Vhosts that share one expansion and one protocol setting share the
     * findings: they are reported once, at the first of them, so 10,000
     * vhosts inheriting the server's policy give one finding, not 10,000. */
    tvc_smap groups = {0};
    size_t *count = calloc(r->ir->n_vhosts + 1, sizeof *count);
    size_t *first = calloc(r->ir->n_vhosts + 1, sizeof *first);
    if (!count || !first)
        abort();
    size_t ng = 0;
    for (size_t i = 0; i < r->ir->n_vhosts; i++) {
        const tvc_tls *t = r->ir->vhosts[i].tls;
        if (!t)
            continue;
        char *key = NULL;
        const tvc_loc *pl = &t->protocols.text.loc;
        if (asprintf(&key, "%p|%d|%d|%s:%u", (const void *)t->ciphers.tls12, t->engine,
                     t->protocols.min, pl->file ? pl->file : "", pl->line) < 0)
            abort();
        int found;
        size_t g = tvc_smap_put(&groups, key, ng, &found);
        if (!found)
            first[ng++] = i;
        count[g]++;
    }
    for (size_t g = 0; g < ng; g++) {
        const tvc_vhost *vh = &r->ir->vhosts[first[g]];
        tvc_diag *before = r->d->tail;
        weak(r, vh, vh->tls);
        legacy(r, vh, vh->tls);
        if (count[g] > 1)
            for (tvc_diag *d = before ? before->next : r->d->head; d; d = d->next)
                d->message = tvc_arena_printf(r->a, "%s (and %zu more vhost%s with the same "
                                              "policy)", d->message, count[g] - 1,
                                              count[g] == 2 ? "" : "s");
    }
    free(count);
    free(first);
    tvc_smap_free(&groups);
}
