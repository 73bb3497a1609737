/* Is this response a usable answer about this certificate? What mod_ssl
 * checks before it staples (ssl_util_stapling.c: stapling_check_response)
 * and a client checks on receipt: the signer, the CertID, the window. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "ocsp/ocsp.h"

/* A responder's clock may run a little ahead of ours (mod_ssl and
 * OpenSSL's OCSP_check_validity allow 5 minutes). */
#define SKEW_SECONDS 300

static void set(tvc_ocsp_result *out, tvc_ocsp_status s, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void set(tvc_ocsp_result *out, tvc_ocsp_status s, const char *fmt, ...)
{
    free(out->detail);
    out->detail = NULL;
    out->status = s;
    va_list ap;
    va_start(ap, fmt);
    if (vasprintf(&out->detail, fmt, ap) < 0)
        out->detail = NULL;
    va_end(ap);
}

static time_t gt_time(const ASN1_GENERALIZEDTIME *t)
{
    struct tm tm;
    if (!t || !ASN1_TIME_to_tm(t, &tm))
        return 0;
    return timegm(&tm);
}

static const char *ossl_reason(void)
{
    unsigned long e = ERR_peek_last_error();
    const char *r = e ? ERR_reason_error_string(e) : NULL;
    return r ? r : "unknown reason";
}

/* The signer must chain to the issuer and be the issuer or delegated by
 * it: OCSP_basic_verify does both when the issuer is the only trust
 * anchor (a partial chain: the issuer is usually an intermediate). */
static int signature_ok(OCSP_BASICRESP *bs, X509 *issuer, time_t now)
{
    X509_STORE *st = X509_STORE_new();
    STACK_OF(X509) *untrusted = sk_X509_new_null();
    int ok = 0;
    if (st && untrusted && X509_STORE_add_cert(st, issuer) &&
        sk_X509_push(untrusted, issuer)) {
        X509_VERIFY_PARAM *p = X509_STORE_get0_param(st);
        X509_VERIFY_PARAM_set_flags(p, X509_V_FLAG_PARTIAL_CHAIN);
        X509_VERIFY_PARAM_set_time(p, now);
        ok = OCSP_basic_verify(bs, untrusted, st, 0) > 0;
    }
    sk_X509_free(untrusted);
    X509_STORE_free(st);
    return ok;
}

static int nonce_ok(OCSP_REQUEST *req, OCSP_BASICRESP *bs)
{
    /* -1: we sent one and the responder ignored it (many CAs
     * precompute their answers); only a wrong one is refused. */
    return !req || OCSP_check_nonce(req, bs) != 0;
}

static void single(OCSP_BASICRESP *bs, OCSP_CERTID *id, time_t now, tvc_ocsp_result *out)
{
    int st, reason = -1;
    ASN1_GENERALIZEDTIME *rev = NULL, *thisu = NULL, *nextu = NULL;
    if (!OCSP_resp_find_status(bs, id, &st, &reason, &rev, &thisu, &nextu)) {
        set(out, TVC_OCSP_BAD, "the response is about another certificate");
        return;
    }
    out->this_update = gt_time(thisu);
    out->next_update = gt_time(nextu);
    out->revoked_at = gt_time(rev);
    out->reason = reason;
    if (out->this_update > now + SKEW_SECONDS) {
        set(out, TVC_OCSP_BAD, "its thisUpdate is in the future");
        return;
    }
    if (out->next_update && out->next_update < now) {
        set(out, TVC_OCSP_STALE, "it was valid until nextUpdate");
        return;
    }
    out->status = st == V_OCSP_CERTSTATUS_GOOD      ? TVC_OCSP_GOOD
                  : st == V_OCSP_CERTSTATUS_REVOKED ? TVC_OCSP_REVOKED
                                                    : TVC_OCSP_UNKNOWN;
}

void tvc_ocsp_verify(const unsigned char *der, size_t len, X509 *leaf, X509 *issuer,
                     OCSP_REQUEST *req, time_t now, tvc_ocsp_result *out)
{
    const unsigned char *p = der;
    OCSP_RESPONSE *resp = d2i_OCSP_RESPONSE(NULL, &p, (long)len);
    OCSP_BASICRESP *bs = NULL;
    OCSP_CERTID *id = NULL;
    ERR_clear_error();
    out->reason = -1;
    if (!resp || p != der + len) {
        set(out, TVC_OCSP_BAD, "it is not a DER OCSP response");
    } else if (OCSP_response_status(resp) != OCSP_RESPONSE_STATUS_SUCCESSFUL) {
        set(out, TVC_OCSP_BAD, "the responder answered '%s'",
            OCSP_response_status_str(OCSP_response_status(resp)));
    } else if (!(bs = OCSP_response_get1_basic(resp))) {
        set(out, TVC_OCSP_BAD, "it holds no basic OCSP response");
    } else if (!issuer) {
        set(out, TVC_OCSP_BAD, "the issuer certificate to check it with is not available");
    } else if (!signature_ok(bs, issuer, now)) {
        set(out, TVC_OCSP_BAD, "it is not signed by the issuer or a responder the issuer "
            "delegated (%s)", ossl_reason());
    } else if (!nonce_ok(req, bs)) {
        set(out, TVC_OCSP_BAD, "its nonce is not the one sent");
    } else if (!(id = OCSP_cert_to_id(NULL, leaf, issuer))) {
        set(out, TVC_OCSP_BAD, "cannot compute the certificate's OCSP id");
    } else {
        single(bs, id, now, out);
    }
    OCSP_CERTID_free(id);
    OCSP_BASICRESP_free(bs);
    OCSP_RESPONSE_free(resp);
    ERR_clear_error();
}

const char *tvc_ocsp_status_name(tvc_ocsp_status s)
{
    static const char *const n[] = {"not asked", "good", "revoked", "unknown", "unreachable",
                                    "bad response", "stale"};
    return (unsigned)s < sizeof n / sizeof *n ? n[s] : "?";
}

const char *tvc_ocsp_reason_name(int reason)
{
    return reason < 0 ? "unspecified" : OCSP_crl_reason_str(reason);
}

void tvc_ocsp_result_clear(tvc_ocsp_result *r)
{
    free(r->detail);
    memset(r, 0, sizeof *r);
    r->reason = -1;
}

void tvc_ocsp_item_clear(tvc_ocsp_item *it)
{
    tvc_ocsp_result_clear(&it->res);
    free(it->der);
    it->der = NULL;
    it->der_len = 0;
}
