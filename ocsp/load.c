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

int tvc_ocsp_load_pair(const char *cert_file, int leaf_index, const char *const *chain,
                       size_t n_chain, X509_STORE *anchors, X509 **leaf, X509 **issuer,
                       char **err)
{
    *leaf = *issuer = NULL;
    STACK_OF(X509) *sk = sk_X509_new_null();
    if (!sk)
        abort();
    int n = read_pem(cert_file, sk);
    if (n <= leaf_index || leaf_index < 0) {
        if (asprintf(err, "cannot read certificate '%s'", cert_file) < 0)
            *err = NULL;
        sk_X509_pop_free(sk, X509_free);
        return -1;
    }
    for (size_t i = 0; i < n_chain; i++)
        read_pem(chain[i], sk);
    *leaf = sk_X509_value(sk, leaf_index);
    X509_up_ref(*leaf);
    for (int i = 0; i < sk_X509_num(sk) && !*issuer; i++) {
        X509 *c = sk_X509_value(sk, i);
        if (c != *leaf && X509_check_issued(c, *leaf) == X509_V_OK) {
            X509_up_ref(c);
            *issuer = c;
        }
    }
    sk_X509_pop_free(sk, X509_free);
    if (!*issuer)
        *issuer = issuer_from_store(*leaf, anchors);
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
