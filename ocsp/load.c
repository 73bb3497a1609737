/* The two certificates an OCSP request names: the leaf and its issuer.
 * The check's summaries keep no OpenSSL objects (checks/pki.h), so the
 * files are read again here, for the few certificates that are asked
 * about. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "ocsp/ocsp.h"

static int read_pem(const char *path, STACK_OF(X509) *out)
{
    BIO *b = BIO_new_file(path, "r");
    if (!b)
        return -1;
    X509 *x;
    int n = 0;
    while ((x = PEM_read_bio_X509(b, NULL, NULL, NULL))) {
        if (!sk_X509_push(out, x)) {
            X509_free(x);
            break;
        }
        n++;
    }
    BIO_free(b);
    ERR_clear_error();
    return n;
}

/* The issuer from the trust anchors. */
static X509 *issuer_from_store(X509 *leaf, X509_STORE *anchors)
{
    X509_STORE_CTX *ctx = anchors ? X509_STORE_CTX_new() : NULL;
    X509 *iss = NULL;
    if (ctx && X509_STORE_CTX_init(ctx, anchors, leaf, NULL) &&
        X509_STORE_CTX_get1_issuer(&iss, ctx, leaf) != 1)
        iss = NULL;
    X509_STORE_CTX_free(ctx);
    ERR_clear_error();
    return iss;
}

X509_STORE *tvc_ocsp_anchors(const char *ca_file)
{
    X509_STORE *st = X509_STORE_new();
    if (st && !(ca_file ? X509_STORE_load_file(st, ca_file) : X509_STORE_set_default_paths(st))) {
        X509_STORE_free(st);
        st = NULL;
    }
    ERR_clear_error();
    return st;
}

STACK_OF(X509) *tvc_ocsp_load_chain(const char *cert_file, const char *const *chain,
                                    size_t n_chain)
{
    STACK_OF(X509) *sk = sk_X509_new_null();
    if (!sk)
        abort();
    if (read_pem(cert_file, sk) <= 0) {
        sk_X509_pop_free(sk, X509_free);
        return NULL;
    }
    for (size_t i = 0; i < n_chain; i++)
        read_pem(chain[i], sk);
    return sk;
}

X509 *tvc_ocsp_issuer_of(X509 *x, STACK_OF(X509) *sk, X509_STORE *anchors, int *pos)
{
    for (int i = 0; i < sk_X509_num(sk); i++) {
        X509 *c = sk_X509_value(sk, i);
        if (c != x && X509_check_issued(c, x) == X509_V_OK) {
            X509_up_ref(c);
            if (pos)
                *pos = i;
            return c;
        }
    }
    if (pos)
        *pos = -1;
    return issuer_from_store(x, anchors);
}

int tvc_ocsp_load_pair(const char *cert_file, int leaf_index, const char *const *chain,
                       size_t n_chain, X509_STORE *anchors, X509 **leaf, X509 **issuer,
                       char **err)
{
    *leaf = *issuer = NULL;
    STACK_OF(X509) *sk = tvc_ocsp_load_chain(cert_file, chain, n_chain);
    if (!sk || sk_X509_num(sk) <= leaf_index || leaf_index < 0) {
        if (asprintf(err, "cannot read certificate '%s'", cert_file) < 0)
            *err = NULL;
        sk_X509_pop_free(sk, X509_free);
        return -1;
    }
    *leaf = sk_X509_value(sk, leaf_index);
    X509_up_ref(*leaf);
    *issuer = tvc_ocsp_issuer_of(*leaf, sk, anchors, NULL);
    sk_X509_pop_free(sk, X509_free);
    return 0;
}

char *tvc_ocsp_aia_url(X509 *leaf)
{
    STACK_OF(OPENSSL_STRING) *l = X509_get1_ocsp(leaf);
    char *u = NULL;
    for (int i = 0; l && i < sk_OPENSSL_STRING_num(l) && !u; i++) {
        const char *s = sk_OPENSSL_STRING_value(l, i);
        if (!strncmp(s, "http://", 7) || !strncmp(s, "https://", 8))
            u = strdup(s);
    }
    X509_email_free(l);
    return u;
}
