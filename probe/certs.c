#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/asn1.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/pem.h>

#include "probe/certs.h"
#include "probe/probe.h"

static void files_free(void *p)
{
    tvc_probe_files *f = p;
    for (size_t i = 0; i < f->n; i++)
        sk_X509_pop_free(f->v[i], X509_free);
    free(f->v);
    tvc_smap_free(&f->index);
}

tvc_probe_files *tvc_probe_files_new(tvc_arena *a)
{
    tvc_probe_files *f = tvc_arena_calloc(a, sizeof *f);
    f->a = a;
    tvc_arena_cleanup_add(a, files_free, f);
    return f;
}

static STACK_OF(X509) *read_pem(const char *path)
{
    BIO *b = BIO_new_file(path, "r");
    if (!b)
        return NULL;
    STACK_OF(X509) *sk = sk_X509_new_null();
    X509 *x;
    while (sk && (x = PEM_read_bio_X509(b, NULL, NULL, NULL)))
        if (!sk_X509_push(sk, x))
            X509_free(x);
    BIO_free(b);
    ERR_clear_error();
    if (sk && !sk_X509_num(sk)) {
        sk_X509_free(sk);
        sk = NULL;
    }
    return sk;
}

STACK_OF(X509) *tvc_probe_file_certs(tvc_probe_files *f, const char *path)
{
    char *key = strdup(path);
    if (!key)
        abort();
    int found;
    size_t slot = tvc_smap_put(&f->index, key, f->n, &found);
    if (found)
        return f->v[slot];
    if (f->n == f->cap) {
        size_t nc = f->cap ? f->cap * 2 : 16;
        STACK_OF(X509) **nv = realloc(f->v, nc * sizeof *nv);
        if (!nv)
            abort();
        f->v = nv;
        f->cap = nc;
    }
    f->v[f->n] = read_pem(path);
    return f->v[f->n++];
}

static time_t asn1_time(const ASN1_TIME *t)
{
    struct tm tm;
    return t && ASN1_TIME_to_tm(t, &tm) ? timegm(&tm) : 0;
}

const char *tvc_probe_describe(tvc_arena *a, X509 *x)
{
    char subject[256] = "?", when[40] = "?", *serial = NULL;
    BIO *b = BIO_new(BIO_s_mem());
    if (b && X509_NAME_print_ex(b, X509_get_subject_name(x), 0, XN_FLAG_RFC2253) >= 0) {
        int n = BIO_read(b, subject, sizeof subject - 1);
        subject[n > 0 ? n : 0] = 0;
    }
    BIO_free(b);
    BIGNUM *bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(x), NULL);
    if (bn)
        serial = BN_bn2hex(bn);
    BN_free(bn);
    time_t nb = asn1_time(X509_get0_notBefore(x));
    struct tm tm;
    if (nb && gmtime_r(&nb, &tm))
        strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S UTC", &tm);
    const char *s = tvc_arena_printf(a, "'%s' serial 0x%s (not before %s)", subject,
                                     serial ? serial : "?", when);
    OPENSSL_free(serial);
    return s;
}
