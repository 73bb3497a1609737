/* The test PKI: keys, a CA hierarchy and leaves made with the OpenSSL 3
 * C API, cached for the whole run. See pki_gen.h. */
#include "config.h"

#include "pki_gen.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509v3.h>

static EVP_PKEY *keys[PG_KEYTYPES][2];
static pg_cert *root_c, *inter_c, *inter2_c, *stranger_c;
static EVP_PKEY *root_k, *inter_k, *inter2_k, *stranger_k;
static long serial = 0x7e570000;

static void die(const char *what)
{
    fprintf(stderr, "pki_gen: %s failed\n", what);
    ERR_print_errors_fp(stderr);
    abort();
}

static EVP_PKEY *gen_key(pg_keytype t)
{
    EVP_PKEY *k = NULL;
    switch (t) {
    case PG_RSA:
        k = EVP_RSA_gen(2048);
        break;
    case PG_EC:
        k = EVP_EC_gen("P-256");
        break;
    case PG_ED25519:
        k = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
        break;
    case PG_RSA_PSS: {
        EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA-PSS", NULL);
        if (!ctx || EVP_PKEY_keygen_init(ctx) <= 0 ||
            EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, 2048) <= 0 ||
            EVP_PKEY_keygen(ctx, &k) <= 0)
            k = NULL;
        EVP_PKEY_CTX_free(ctx);
        break;
    }
    default:
        break;
    }
    if (!k)
        die("key generation");
    return k;
}

EVP_PKEY *pg_key(pg_keytype t, int slot)
{
    if (t < 0 || t >= PG_KEYTYPES || slot < 0 || slot > 1)
        die("pg_key arguments");
    if (!keys[t][slot])
        keys[t][slot] = gen_key(t);
    return keys[t][slot];
}

static void add_ext(X509 *x, X509 *issuer, int nid, const char *value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, x, NULL, NULL, 0);
    X509_EXTENSION *e = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
    if (!e || !X509_add_ext(x, e, -1))
        die(OBJ_nid2sn(nid));
    X509_EXTENSION_free(e);
}

/* Ed25519 signs without a separate digest. */
static const EVP_MD *md_for(EVP_PKEY *signer)
{
    int id = EVP_PKEY_get_base_id(signer);
    return id == EVP_PKEY_ED25519 || id == EVP_PKEY_ED448 ? NULL : EVP_sha256();
}

/* A certificate for `pub` named `cn`, signed by issuer (NULL: itself). */
static X509 *make_cert(const char *cn, EVP_PKEY *pub, X509 *issuer, time_t now, long nb,
                       long na)
{
    X509 *x = X509_new();
    if (!x)
        die("X509_new");
    X509_set_version(x, X509_VERSION_3);
    ASN1_INTEGER_set(X509_get_serialNumber(x), serial++);
    if (!X509_time_adj(X509_getm_notBefore(x), nb, &now) ||
        !X509_time_adj(X509_getm_notAfter(x), na, &now))
        die("X509_time_adj");
    X509_NAME *name = X509_get_subject_name(x);
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                               (const unsigned char *)"tlsvhostc tests", -1, -1, 0);
    if (cn)
        X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, (const unsigned char *)cn,
                                   -1, -1, 0);
    X509_set_issuer_name(x, issuer ? X509_get_subject_name(issuer) : name);
    if (!X509_set_pubkey(x, pub))
        die("X509_set_pubkey");
    add_ext(x, issuer ? issuer : x, NID_subject_key_identifier, "hash");
    add_ext(x, issuer ? issuer : x, NID_authority_key_identifier, "keyid:always");
    return x;
}

static void sign(X509 *x, EVP_PKEY *k)
{
    if (!X509_sign(x, k, md_for(k)))
        die("X509_sign");
}

static pg_cert *make_ca(const char *cn, EVP_PKEY *k, const pg_cert *issuer)
{
    pg_cert *c = calloc(1, sizeof *c);
    if (!c)
        abort();
    time_t now = PG_NOW;
    c->key = k;
    c->x = make_cert(cn, k, issuer ? issuer->x : NULL, now, -3650 * PG_DAY, 3650 * PG_DAY);
    add_ext(c->x, issuer ? issuer->x : c->x, NID_basic_constraints, "critical,CA:TRUE");
    add_ext(c->x, issuer ? issuer->x : c->x, NID_key_usage,
            "critical,keyCertSign,cRLSign,digitalSignature");
    sign(c->x, issuer ? issuer->key : k);
    return c;
}

const pg_cert *pg_root(void)
{
    if (!root_c) {
        root_k = gen_key(PG_RSA);
        root_c = make_ca("TVC Test Root CA", root_k, NULL);
    }
    return root_c;
}

const pg_cert *pg_inter(void)
{
    if (!inter_c) {
        inter_k = gen_key(PG_RSA);
        inter_c = make_ca("TVC Test Intermediate CA", inter_k, pg_root());
    }
    return inter_c;
}

const pg_cert *pg_inter2(void)
{
    if (!inter2_c) {
        inter2_k = gen_key(PG_EC);
        inter2_c = make_ca("TVC Test Issuing CA 2", inter2_k, pg_inter());
    }
    return inter2_c;
}

const pg_cert *pg_stranger(void)
{
    if (!stranger_c) {
        stranger_k = gen_key(PG_EC);
        stranger_c = make_ca("TVC Stranger CA", stranger_k, NULL);
    }
    return stranger_c;
}

pg_cert *pg_leaf(const pg_leaf_spec *s)
{
    const pg_cert *iss = s->issuer ? s->issuer : pg_inter();
    time_t now = s->now ? s->now : PG_NOW;
    long nb = s->not_before, na = s->not_after;
    if (!nb && !na) {
        nb = -30 * PG_DAY;
        na = 365 * PG_DAY;
    }
    pg_cert *c = calloc(1, sizeof *c);
    if (!c)
        abort();
    c->key = pg_key(s->key_type, s->key_slot);
    c->x = make_cert(s->cn, c->key, iss->x, now, nb, na);
    add_ext(c->x, iss->x, NID_basic_constraints, "CA:FALSE");
    add_ext(c->x, iss->x, NID_ext_key_usage, "serverAuth");
    if (s->sans)
        add_ext(c->x, iss->x, NID_subject_alt_name, s->sans);
    if (s->must_staple)
        add_ext(c->x, iss->x, NID_tlsfeature, "status_request");
    if (s->ocsp_uri || s->ca_issuers) {
        char aia[1024];
        snprintf(aia, sizeof aia, "%s%s%s%s%s", s->ocsp_uri ? "OCSP;URI:" : "",
                 s->ocsp_uri ? s->ocsp_uri : "", s->ocsp_uri && s->ca_issuers ? "," : "",
                 s->ca_issuers ? "caIssuers;URI:" : "", s->ca_issuers ? s->ca_issuers : "");
        add_ext(c->x, iss->x, NID_info_access, aia);
    }
    sign(c->x, iss->key);
    return c;
}

void pg_cert_free(pg_cert *c)
{
    if (!c)
        return;
    X509_free(c->x);
    free(c);
}

/* ---- writers ------------------------------------------------------------ */

static BIO *open_file(const char *path, mode_t mode)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
    if (fd < 0) {
        fprintf(stderr, "pki_gen: cannot create '%s': %s\n", path, strerror(errno));
        return NULL;
    }
    if (fchmod(fd, mode) != 0) {
        fprintf(stderr, "pki_gen: chmod '%s': %s\n", path, strerror(errno));
        close(fd);
        return NULL;
    }
    FILE *f = fdopen(fd, "w");
    if (!f) {
        close(fd);
        return NULL;
    }
    BIO *b = BIO_new_fp(f, BIO_CLOSE);
    if (!b)
        fclose(f);
    return b;
}

int pg_write_certs(const char *path, X509 *const *certs, size_t n)
{
    BIO *b = open_file(path, 0644);
    if (!b)
        return -1;
    int ok = 1;
    for (size_t i = 0; i < n; i++)
        ok &= PEM_write_bio_X509(b, certs[i]) == 1;
    BIO_free(b);
    return ok ? 0 : -1;
}

int pg_write_cert(const char *path, X509 *x)
{
    return pg_write_certs(path, &x, 1);
}

int pg_write_key(const char *path, EVP_PKEY *k, const char *pass, mode_t mode)
{
    BIO *b = open_file(path, mode);
    if (!b)
        return -1;
    int ok = PEM_write_bio_PrivateKey(b, k, pass ? EVP_aes_256_cbc() : NULL,
                                      (const unsigned char *)pass,
                                      pass ? (int)strlen(pass) : 0, NULL, NULL);
    BIO_free(b);
    return ok == 1 ? 0 : -1;
}

void pg_cleanup(void)
{
    pg_cert **cas[] = {&root_c, &inter_c, &inter2_c, &stranger_c};
    for (size_t i = 0; i < sizeof cas / sizeof cas[0]; i++) {
        pg_cert_free(*cas[i]);
        *cas[i] = NULL;
    }
    EVP_PKEY **ck[] = {&root_k, &inter_k, &inter2_k, &stranger_k};
    for (size_t i = 0; i < sizeof ck / sizeof ck[0]; i++) {
        EVP_PKEY_free(*ck[i]);
        *ck[i] = NULL;
    }
    for (int t = 0; t < PG_KEYTYPES; t++)
        for (int s = 0; s < 2; s++) {
            EVP_PKEY_free(keys[t][s]);
            keys[t][s] = NULL;
        }
}
