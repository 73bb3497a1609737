/* The chain as sent: a path from the leaf to a trust anchor (built by
 * OpenSSL's X509_verify_cert from the certs the config sends), in order,
 * nothing extra, the root left out. */
#include "config.h"

#include <string.h>

#include "checks/internal.h"

static const char *right_order(tvc_check_run *r, const tvc_pki_job *j)
{
    const char *s = "";
    for (size_t i = 0; i < j->n_right_order; i++)
        s = tvc_arena_printf(r->a, "%s%s'%s'", s, i ? ", then " : "", j->right_order[i]);
    return s;
}

/* What the module does with a certificate file that does not start with
 * the leaf; observed with Debian's apache2 and the oracle builds. */
static const char *misplaced_fact(tvc_engine e)
{
    switch (e) {
    case TVC_ENGINE_MODSSL:
        return "mod_ssl takes the first certificate of SSLCertificateFile as the leaf: "
               "apachectl -t passes, httpd fails at start with AH02565 (certificate and "
               "private key do not match)";
    case TVC_ENGINE_GNUTLS:
        return "mod_gnutls refuses the unsorted list at start (\"not sorted (in subject "
               "to issuer order)\")";
    case TVC_ENGINE_MODTLS:
        return "mod_tls sends the first certificate as the leaf and every handshake "
               "fails (bad signature)";
    default:
        return "the first certificate is taken as the leaf";
    }
}

void tvc_check_chain(tvc_check_run *r)
{
    for (size_t i = 0; i < r->n_refs; i++) {
        const tvc_cref *c = &r->refs[i];
        const tvc_pki_job *j = c->job;
        tvc_engine e = c->vh->tls->engine;
        if (!c->first || j->chain_state == TVC_CHAIN_UNCHECKED)
            continue;
        const tvc_loc *loc = &c->cert->cert_loc;
        if (j->leaf_index > 0) {
            const char *kpath = c->cert->key ? c->cert->key : c->cert->cert;
            tvc_check_report(r, c->vh, "chain-order", TVC_ERROR, loc, 0,
                             "the leaf for key '%s' ('%s') is certificate %d of '%s'; the "
                             "first is '%s': %s; put the leaf first%s%s", kpath,
                             j->leaf.subject, j->leaf_index + 1, c->cert->cert,
                             j->served->subject, misplaced_fact(e),
                             j->n_right_order ? ", then " : "", right_order(r, j));
        }
        switch (j->chain_state) {
        case TVC_CHAIN_INCOMPLETE:
            tvc_check_report(r, c->vh, "chain-incomplete", TVC_ERROR, loc, 0,
                             "no path from '%s' to a trusted root: the issuer '%s' is "
                             "neither sent nor trusted%s%s%s",
                             j->leaf.subject, j->missing_issuer,
                             j->missing_aia ? " (its certificate is at " : "",
                             j->missing_aia ? j->missing_aia : "",
                             j->missing_aia ? ")" : "");
            break;
        case TVC_CHAIN_SELF_SIGNED:
            tvc_check_report(r, c->vh, "chain-incomplete", TVC_WARNING, loc, 0,
                             "certificate '%s' is self-signed: clients will not trust "
                             "it unless told to", c->cert->cert);
            break;
        case TVC_CHAIN_UNTRUSTED_ROOT:
            tvc_check_report(r, c->vh, "chain-incomplete", TVC_ERROR, loc, 0,
                             "the chain of '%s' ends at a root that is not trusted "
                             "(use --ca-file for a private CA)", j->leaf.subject);
            break;
        default:
            break;
        }
        /* Order: the sent certs on the path must come in path order,
         * right after the leaf. */
        int last = 0, bad = 0;
        for (size_t k = 0; k < j->n_sent; k++) {
            if (j->sent_pos[k] < 0)
                continue;
            if (j->sent_pos[k] != last + 1)
                bad = 1;
            last = j->sent_pos[k];
        }
        if (bad && !j->leaf_index)
            tvc_check_report(r, c->vh, "chain-order", e == TVC_ENGINE_GNUTLS ? TVC_ERROR
                                                                             : TVC_WARNING,
                             loc, 0, "the certificates after the leaf in '%s' are not in "
                             "issuer order; send %s%s", c->cert->cert, right_order(r, j),
                             e == TVC_ENGINE_GNUTLS ? " (mod_gnutls refuses an unsorted "
                                                      "chain at start)" : "");
        for (size_t k = 0; k < j->n_sent; k++) {
            int twice = 0;
            for (size_t q = 0; q < k && j->sent_pos[k] < 0; q++)
                twice |= j->sent_pos[q] >= 0 &&
                         !strcmp(j->sent[q].subject, j->sent[k].subject) &&
                         !strcmp(j->sent[q].issuer, j->sent[k].issuer);
            if (twice)
                tvc_check_report(r, c->vh, "chain-extra", TVC_WARNING, loc, 0,
                                 "'%s' is sent twice with '%s'; leave the second copy out",
                                 j->sent[k].subject, c->cert->cert);
            else if (j->sent_pos[k] < 0)
                tvc_check_report(r, c->vh, "chain-extra", TVC_WARNING, loc, 0,
                                 "'%s' is sent with '%s' but is not on its path to a "
                                 "root; leave it out", j->sent[k].subject, c->cert->cert);
            else if (j->sent[k].self_signed)
                tvc_check_report(r, c->vh, "chain-root-included", TVC_NOTE, loc, 0,
                                 "the root '%s' is sent; clients have it already (the "
                                 "mod_tls docs say to leave it out)", j->sent[k].subject);
        }
    }
}
