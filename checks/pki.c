/* Loading certificates and keys with OpenSSL 3, never prompting: every
 * PEM read gets our own passphrase callback, which hands over the
 * configured PIN or refuses. */
#include "config.h"

#include "checks/pki.h"
#include "checks/pki_strings.h"
#include "checks/pki_thread.h"

#include "base/limits.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

static char *xstrdup(const char *s)
{
    char *p = strdup(s ? s : "");
    if (!p)
        abort();
    return p;
}

static char *xprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *xprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = NULL;
    if (vasprintf(&p, fmt, ap) < 0)
        abort();
    va_end(ap);
    return p;
}

int tvc_pki_ctx_init(tvc_pki_ctx *c, const char *ca_file, time_t now, char **err)
{
    c->strings = NULL;
    c->now = now;
    c->ca_file = ca_file;
    c->store = X509_STORE_new();
    if (!c->store)
        abort();
    int ok = ca_file ? X509_STORE_load_file(c->store, ca_file)
                     : X509_STORE_set_default_paths(c->store);
    if (!ok) {
        *err = xprintf("cannot load trust anchors from '%s'",
                       ca_file ? ca_file : "the system store");
        X509_STORE_free(c->store);
        c->store = NULL;
        ERR_clear_error();
        return -1;
    }
    c->strings = tvc_pki_strings_new();
    return 0;
}

void tvc_pki_ctx_free(tvc_pki_ctx *c)
{
    X509_STORE_free(c->store);
    c->store = NULL;
}

/* ---- reading files ---------------------------------------------------- */

static char *slurp(const char *path, size_t *len, char **err, struct stat *st)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        *err = xprintf("cannot read '%s': %s", path, strerror(errno));
        return NULL;
    }
    if (fstat(fileno(f), st) != 0 || !S_ISREG(st->st_mode)) {
        *err = xprintf("'%s' is not a regular file", path);
        fclose(f);
        return NULL;
    }
    if (st->st_size > 16 << 20) {
        *err = xprintf("'%s' is too large for a certificate or key file", path);
        fclose(f);
        return NULL;
    }
    size_t cap = (size_t)st->st_size + 1;
    char *buf = malloc(cap);
    if (!buf)
        abort();
    *len = fread(buf, 1, cap - 1, f);
    buf[*len] = '\0';
    fclose(f);
    if (*len == 0) {
        *err = xprintf("'%s' is empty", path);
        free(buf);
        return NULL;
    }
    return buf;
}

/* All certificates in a PEM (or one DER) buffer, in file order; *many
 * set when there are more than TVC_MAX_CERTS_PER_FILE (the rest unread).
 * Certificates from index `shared_from` on are chain certificates that
 * other files hold too: the thread parses each of them once. */
static STACK_OF(X509) *read_certs(tvc_pki_thread *w, const char *buf, size_t len,
                                  int *many, int shared_from)
{
    STACK_OF(X509) *sk = sk_X509_new_null();
    BIO *b = BIO_new_mem_buf(buf, (int)len);
    *many = 0;
    for (;;) {
        if ((unsigned)sk_X509_num(sk) >= TVC_MAX_CERTS_PER_FILE) {
            *many = 1;
            break;
        }
        X509 *x = tvc_pki_thread_cert(w, b, sk_X509_num(sk) >= shared_from);
        if (!x)
            break;
        sk_X509_push(sk, x);
    }
    BIO_free(b);
    if (!sk_X509_num(sk)) {
        const unsigned char *p = (const unsigned char *)buf;
        X509 *x = d2i_X509(NULL, &p, (long)len);
        if (x)
            sk_X509_push(sk, x);
    }
    ERR_clear_error();
    return sk;
}

/* What PEM objects a buffer holds, for "a cert where a key should be". */
static const char *pem_kinds(const char *buf)
{
    if (strstr(buf, "-----BEGIN CERTIFICATE-----"))
        return "a certificate";
    if (strstr(buf, "-----BEGIN X509 CRL-----"))
        return "a CRL";
    if (strstr(buf, "PARAMETERS-----"))
        return "parameters";
    if (strstr(buf, "-----BEGIN"))
        return "some other PEM object";
    return "no PEM object";
}

static int is_encrypted_pem(const char *buf)
{
    return strstr(buf, "-----BEGIN ENCRYPTED PRIVATE KEY-----") ||
           strstr(buf, "Proc-Type: 4,ENCRYPTED");
}

static int has_key_pem(const char *buf)
{
    return strstr(buf, "PRIVATE KEY-----") != NULL;
}

struct pw {
    const char *pin;
    int asked;
};

/* Never prompts: the configured PIN or nothing. */
static int pw_cb(char *out, int size, int rwflag, void *u)
{
    (void)rwflag;
    struct pw *p = u;
    p->asked = 1;
    if (!p->pin)
        return -1;
    int n = (int)strlen(p->pin);
    if (n > size)
        return -1;
    memcpy(out, p->pin, (size_t)n);
    return n;
}

/* A plain PEM key goes through the thread's reused decoder; anything
 * else (a PIN, an encrypted or DER key, a file the decoder finds nothing
 * in) through OpenSSL's own path, which also says what went wrong. */
static EVP_PKEY *read_key(tvc_pki_thread *w, const char *buf, size_t len, const char *pin,
                          struct pw *pw)
{
    pw->pin = pin;
    pw->asked = 0;
    EVP_PKEY *k = NULL;
    if (!pin && has_key_pem(buf) && !is_encrypted_pem(buf))
        k = tvc_pki_thread_key(w, buf, len);
    if (k)
        return k;
    BIO *b = BIO_new_mem_buf(buf, (int)len);
    k = PEM_read_bio_PrivateKey_ex(b, NULL, pw_cb, pw, w->lib, NULL);
    BIO_free(b);
    if (!k && !has_key_pem(buf)) {
        const unsigned char *p = (const unsigned char *)buf;
        k = d2i_AutoPrivateKey_ex(NULL, &p, (long)len, w->lib, NULL);
    }
    ERR_clear_error();
    return k;
}

static const char *intern(tvc_pki_thread *c, const char *s)
{
    return tvc_pki_strings_get(c->strings, s, strlen(s));
}

static const char *key_type(tvc_pki_thread *c, EVP_PKEY *k)
{
    int id = EVP_PKEY_get_base_id(k);
    char t[96];
    switch (id) {
    case EVP_PKEY_RSA:
        snprintf(t, sizeof t, "RSA-%d", EVP_PKEY_get_bits(k));
        return intern(c, t);
    case EVP_PKEY_RSA_PSS:
        snprintf(t, sizeof t, "RSA-PSS-%d", EVP_PKEY_get_bits(k));
        return intern(c, t);
    case EVP_PKEY_EC: {
        char g[64] = "";
        size_t gl = 0;
        EVP_PKEY_get_utf8_string_param(k, OSSL_PKEY_PARAM_GROUP_NAME, g, sizeof g, &gl);
        snprintf(t, sizeof t, "EC %s", g);
        return intern(c, t);
    }
    case EVP_PKEY_ED25519:
        return intern(c, "Ed25519");
    case EVP_PKEY_ED448:
        return intern(c, "Ed448");
    default:
        return intern(c, OBJ_nid2sn(id));
    }
}

static const char *name_text(tvc_pki_thread *c, const X509_NAME *n)
{
    BIO *b = BIO_new(BIO_s_mem());
    X509_NAME_print_ex(b, n, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
    char *p;
    long l = BIO_get_mem_data(b, &p);
    const char *s = tvc_pki_strings_get(c->strings, l > 0 ? p : "", l > 0 ? (size_t)l : 0);
    BIO_free(b);
    return s;
}

static time_t asn1_time(const ASN1_TIME *t)
{
    struct tm tm;
    if (!t || !ASN1_TIME_to_tm(t, &tm))
        return 0;
    return timegm(&tm);
}

/* The issuer DN is kept only where a check reads it (sent certs). */
static void summarize(tvc_pki_thread *c, X509 *x, tvc_certsum *s, int issuer)
{
    s->subject = name_text(c, X509_get_subject_name(x));
    s->issuer = issuer ? name_text(c, X509_get_issuer_name(x)) : NULL;
    s->not_before = asn1_time(X509_get0_notBefore(x));
    s->not_after = asn1_time(X509_get0_notAfter(x));
    s->self_signed = X509_check_issued(x, x) == X509_V_OK;
}

static char *too_many_certs(const char *path)
{
    return xprintf("'%s' holds more than %u certificates, the limit %s; "
                   "only the first %u are looked at", path, TVC_MAX_CERTS_PER_FILE,
                   TVC_LIMIT_NAME(TVC_MAX_CERTS_PER_FILE), TVC_MAX_CERTS_PER_FILE);
}

/* The names checks compare every name with every vhost: a certificate
 * with more than TVC_MAX_CERT_SANS is reported and only that many read. */
static void read_names(X509 *x, tvc_pki_job *j)
{
    GENERAL_NAMES *gens = X509_get_ext_d2i(x, NID_subject_alt_name, NULL, NULL);
    int n = gens ? sk_GENERAL_NAME_num(gens) : 0;
    if ((unsigned)n > TVC_MAX_CERT_SANS) {
        n = (int)TVC_MAX_CERT_SANS;
        if (j->cert_status == TVC_FILE_OK) {
            j->cert_status = TVC_FILE_WRONG_KIND;
            j->cert_err = xprintf("certificate '%s' has %d subject alternative "
                                  "names, over the limit %s (%u); only the first "
                                  "%u are checked", j->cert,
                                  sk_GENERAL_NAME_num(gens),
                                  TVC_LIMIT_NAME(TVC_MAX_CERT_SANS),
                                  TVC_MAX_CERT_SANS, TVC_MAX_CERT_SANS);
        }
    }
    /* IP names are rare: their array is only made for the first one
     * (10,000 summaries stay small). */
    j->dns = calloc((size_t)n + 1, sizeof *j->dns);
    if (!j->dns)
        abort();
    for (int i = 0; i < n; i++) {
        const GENERAL_NAME *g = sk_GENERAL_NAME_value(gens, i);
        if (g->type == GEN_DNS) {
            const unsigned char *d = ASN1_STRING_get0_data(g->d.dNSName);
            int l = ASN1_STRING_length(g->d.dNSName);
            char *s = malloc((size_t)l + 1);
            if (!s)
                abort();
            for (int k = 0; k < l; k++)
                s[k] = (char)tolower(d[k]);
            s[l] = '\0';
            j->dns[j->n_dns++] = s;
        } else if (g->type == GEN_IPADD) {
            const unsigned char *d = ASN1_STRING_get0_data(g->d.iPAddress);
            int l = ASN1_STRING_length(g->d.iPAddress);
            char buf[64] = "";
            if (l == 4)
                snprintf(buf, sizeof buf, "%u.%u.%u.%u", d[0], d[1], d[2], d[3]);
            else if (l == 16) {
                size_t o = 0;
                for (int k = 0; k < 16; k += 2)
                    o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%x",
                                          k ? ":" : "", (d[k] << 8) | d[k + 1]);
            }
            if (!j->ips && !(j->ips = calloc((size_t)n + 1, sizeof *j->ips)))
                abort();
            j->ips[j->n_ips++] = xstrdup(buf);
        }
    }
    GENERAL_NAMES_free(gens);
    X509_NAME *subj = X509_get_subject_name(x);
    int idx = X509_NAME_get_index_by_NID(subj, NID_commonName, -1);
    if (idx >= 0) {
        unsigned char *u = NULL;
        X509_NAME_ENTRY *e = X509_NAME_get_entry(subj, idx);
        int l = ASN1_STRING_to_UTF8(&u, X509_NAME_ENTRY_get_data(e));
        if (l >= 0) {
            j->cn = malloc((size_t)l + 1);
            if (!j->cn)
                abort();
            for (int k = 0; k < l; k++)
                j->cn[k] = (char)tolower(u[k]);
            j->cn[l] = '\0';
        }
        OPENSSL_free(u);
    }
}

/* RFC 7633 TLS Feature with status_request (5). */
static int must_staple(X509 *x)
{
    STACK_OF(ASN1_INTEGER) *f = X509_get_ext_d2i(x, NID_tlsfeature, NULL, NULL);
    int r = 0;
    for (int i = 0; f && i < sk_ASN1_INTEGER_num(f); i++)
        if (ASN1_INTEGER_get(sk_ASN1_INTEGER_value(f, i)) == 5)
            r = 1;
    sk_ASN1_INTEGER_pop_free(f, ASN1_INTEGER_free);
    return r;
}

static const char *aia_url(tvc_pki_thread *c, X509 *x, int nid)
{
    AUTHORITY_INFO_ACCESS *aia = X509_get_ext_d2i(x, NID_info_access, NULL, NULL);
    const char *r = NULL;
    for (int i = 0; aia && i < sk_ACCESS_DESCRIPTION_num(aia) && !r; i++) {
        ACCESS_DESCRIPTION *ad = sk_ACCESS_DESCRIPTION_value(aia, i);
        if (OBJ_obj2nid(ad->method) == nid && ad->location->type == GEN_URI)
            r = intern(c, (const char *)ASN1_STRING_get0_data(ad->location->d.uniformResourceIdentifier));
    }
    AUTHORITY_INFO_ACCESS_free(aia);
    return r;
}

/* ---- path building ---------------------------------------------------- */

static int verify_cb(int ok, X509_STORE_CTX *ctx)
{
    (void)ok;
    (void)ctx;
    /* Keep building: expiry, purpose and the like are other checks. */
    return 1;
}

static void build_path(tvc_pki_thread *c, tvc_pki_job *j, X509 *leaf,
                       STACK_OF(X509) *sent)
{
    X509_STORE_CTX *ctx = X509_STORE_CTX_new_ex(c->lib, NULL);
    if (!ctx || !X509_STORE_CTX_init(ctx, c->store, leaf, sent)) {
        j->chain_state = TVC_CHAIN_UNCHECKED;
        X509_STORE_CTX_free(ctx);
        return;
    }
    X509_STORE_CTX_set_verify_cb(ctx, verify_cb);
    tvc_pki_thread_verify_on(c, ctx);
    X509_VERIFY_PARAM *vp = X509_STORE_CTX_get0_param(ctx);
    X509_VERIFY_PARAM_set_flags(vp, X509_V_FLAG_NO_CHECK_TIME);
    X509_verify_cert(ctx);
    STACK_OF(X509) *path = X509_STORE_CTX_get0_chain(ctx);
    int n = path ? sk_X509_num(path) : 0;
    j->path_len = (size_t)n;
    X509 *top = n ? sk_X509_value(path, n - 1) : leaf;
    /* Certs past the untrusted ones came from the store: an anchor. */
    int top_trusted = n > X509_STORE_CTX_get_num_untrusted(ctx);
    int top_self = X509_check_issued(top, top) == X509_V_OK;
    if (top_trusted)
        j->chain_state = TVC_CHAIN_OK;
    else if (n <= 1 && top_self)
        j->chain_state = TVC_CHAIN_SELF_SIGNED;
    else if (top_self)
        j->chain_state = TVC_CHAIN_UNTRUSTED_ROOT;
    else {
        j->chain_state = TVC_CHAIN_INCOMPLETE;
        j->missing_issuer = name_text(c, X509_get_issuer_name(top));
        j->missing_aia = aia_url(c, top, NID_ad_ca_issuers);
    }
    /* Where does each sent cert sit on the path? A second copy of a cert
     * is not on it: the first copy took its place. */
    j->sent_pos = malloc((j->n_sent + 1) * sizeof *j->sent_pos);
    if (!j->sent_pos)
        abort();
    for (size_t i = 0; i < j->n_sent; i++) {
        j->sent_pos[i] = -1;
        X509 *s = sk_X509_value(sent, (int)i);
        for (int k = 1; k < n; k++)
            if (!X509_cmp(sk_X509_value(path, k), s)) {
                int taken = 0;
                for (size_t q = 0; q < i; q++)
                    taken |= j->sent_pos[q] == k;
                if (!taken)
                    j->sent_pos[i] = k;
            }
    }
    /* The order that would be right: the sent certs on the path, in path
     * order, root left out (the mod_tls docs ask for that). Only spelt
     * out when the order is wrong, to keep 10,000 summaries small. */
    int last = 0, bad = 0;
    for (size_t i = 0; i < j->n_sent; i++)
        if (j->sent_pos[i] >= 0) {
            bad |= j->sent_pos[i] != last + 1;
            last = j->sent_pos[i];
        }
    if (bad && !(j->right_order = calloc((size_t)n + 1, sizeof *j->right_order)))
        abort();
    for (int k = 1; bad && k < n; k++) {
        X509 *pc = sk_X509_value(path, k);
        for (size_t i = 0; i < j->n_sent; i++)
            if (j->sent_pos[i] == k && X509_check_issued(pc, pc) != X509_V_OK)
                j->right_order[j->n_right_order++] = name_text(c, X509_get_subject_name(pc));
    }
    for (size_t i = 0; i < j->n_sent; i++)
        if (X509_check_issued(sk_X509_value(sent, (int)i), leaf) == X509_V_OK)
            j->issuer_available = 1;
    X509_STORE_CTX_free(ctx);
}

/* ---- one job ---------------------------------------------------------- */

/* The key: its own file, or the certificate file (cbuf). *kbuf is the
 * buffer read, cbuf itself when there is no key file, NULL when the key
 * file cannot be read. */
static EVP_PKEY *load_key(tvc_pki_thread *c, tvc_pki_job *j, char *cbuf, size_t clen,
                          const struct stat *cst, char **kbuf, size_t *klen)
{
    const char *kpath = j->key ? j->key : j->cert;
    struct stat kst = *cst;
    *kbuf = cbuf;
    *klen = clen;
    if (j->key) {
        *kbuf = slurp(j->key, klen, &j->key_err, &kst);
        if (!*kbuf) {
            j->key_status = TVC_FILE_MISSING;
            return NULL;
        }
    }
    j->key_mode = (unsigned)(kst.st_mode & 0777);
    j->key_gid = (unsigned)kst.st_gid;
    struct pw pw;
    EVP_PKEY *key = read_key(c, *kbuf, *klen, j->pin, &pw);
    if (key)
        return key;
    if (is_encrypted_pem(*kbuf)) {
        j->key_encrypted = !j->pin;
        j->key_bad_pin = j->pin != NULL;
    } else {
        j->key_status = TVC_FILE_WRONG_KIND;
        j->key_err = j->key ? xprintf("'%s' holds no private key (it holds %s)", kpath,
                                      pem_kinds(*kbuf))
                            : xprintf("'%s' holds no private key and no key file is "
                                      "configured", kpath);
    }
    return NULL;
}

/* `cat chain.pem cert.pem`: the first certificate is not the key's.
 * Every module takes the first as the leaf (mod_ssl fails with
 * AH02565), so that is one finding, chain-order; the rest of the
 * analysis is of the certificate the key belongs to. Returns the leaf. */
static X509 *key_leaf(tvc_pki_thread *c, tvc_pki_job *j, STACK_OF(X509) *certs, X509 *leaf,
                      EVP_PKEY *key)
{
    EVP_PKEY *pub = leaf ? X509_get0_pubkey(leaf) : NULL;
    if (!key || !pub || EVP_PKEY_eq(pub, key) == 1)
        return leaf;
    for (int i = 1; i < sk_X509_num(certs); i++) {
        X509 *x = sk_X509_value(certs, i);
        if (X509_get0_pubkey(x) && EVP_PKEY_eq(X509_get0_pubkey(x), key) == 1) {
            if (!(j->served = calloc(1, sizeof *j->served)))
                abort();
            summarize(c, leaf, j->served, 0);
            j->leaf_index = i;
            sk_X509_delete(certs, i);
            sk_X509_unshift(certs, x);
            return x;
        }
    }
    return leaf;
}

/* Chain files add to what is sent after the leaf; `extra` owns their
 * certificates. */
static void read_chain_files(tvc_pki_thread *c, tvc_pki_job *j, STACK_OF(X509) *sent,
                             STACK_OF(X509) *extra)
{
    if (!j->n_chain)
        return;
    j->chain_status = calloc(j->n_chain + 1, sizeof *j->chain_status);
    j->chain_err = calloc(j->n_chain + 1, sizeof *j->chain_err);
    if (!j->chain_status || !j->chain_err)
        abort();
    for (size_t i = 0; i < j->n_chain; i++) {
        size_t l;
        struct stat st;
        char *b = slurp(j->chain[i], &l, &j->chain_err[i], &st);
        if (!b) {
            j->chain_status[i] = TVC_FILE_MISSING;
            continue;
        }
        int many;
        STACK_OF(X509) *cs = read_certs(c, b, l, &many, 0);
        if (many) {
            j->chain_status[i] = TVC_FILE_WRONG_KIND;
            j->chain_err[i] = too_many_certs(j->chain[i]);
        } else if (!sk_X509_num(cs)) {
            j->chain_status[i] = TVC_FILE_WRONG_KIND;
            j->chain_err[i] = xprintf("'%s' holds no certificate (it holds %s)",
                                      j->chain[i], pem_kinds(b));
        }
        for (int k = 0; k < sk_X509_num(cs); k++) {
            sk_X509_push(sent, sk_X509_value(cs, k));
            sk_X509_push(extra, sk_X509_value(cs, k));
        }
        sk_X509_free(cs);
        free(b);
    }
}

/* What the checks ask of the leaf: names, fingerprint, stapling, key
 * match, what is sent with it and the path to a trust anchor. */
static void describe_leaf(tvc_pki_thread *c, tvc_pki_job *j, X509 *leaf, EVP_PKEY *key,
                          STACK_OF(X509) *sent)
{
    summarize(c, leaf, &j->leaf, 0);
    read_names(leaf, j);
    j->must_staple = must_staple(leaf);
    j->ocsp_uri = aia_url(c, leaf, NID_ad_OCSP);
    EVP_PKEY *pub = X509_get0_pubkey(leaf);
    if (pub)
        j->cert_key_type = key_type(c, pub);
    if (key && pub)
        j->key_match = EVP_PKEY_eq(pub, key) == 1;
    j->n_sent = (size_t)sk_X509_num(sent);
    j->sent = calloc(j->n_sent + 1, sizeof *j->sent);
    if (!j->sent)
        abort();
    for (size_t i = 0; i < j->n_sent; i++)
        summarize(c, sk_X509_value(sent, (int)i), &j->sent[i], 1);
    build_path(c, j, leaf, sent);
}

static void run_job(tvc_pki_thread *c, tvc_pki_job *j)
{
    j->key_match = -1;
    j->chain_state = TVC_CHAIN_UNCHECKED;
    size_t clen = 0;
    struct stat cst;
    char *cbuf = slurp(j->cert, &clen, &j->cert_err, &cst);
    if (!cbuf) {
        j->cert_status = TVC_FILE_MISSING;
        if (!j->key)
            j->key_status = TVC_FILE_MISSING;
        return;
    }
    int many;
    STACK_OF(X509) *certs = read_certs(c, cbuf, clen, &many, 1);
    X509 *leaf = sk_X509_num(certs) ? sk_X509_value(certs, 0) : NULL;
    if (many) {
        j->cert_status = TVC_FILE_WRONG_KIND;
        j->cert_err = too_many_certs(j->cert);
    } else if (!leaf) {
        j->cert_status = TVC_FILE_WRONG_KIND;
        j->cert_err = xprintf("'%s' holds no certificate (it holds %s)", j->cert,
                              has_key_pem(cbuf) ? "a private key" : pem_kinds(cbuf));
    }
    char *kbuf;
    size_t klen;
    EVP_PKEY *key = load_key(c, j, cbuf, clen, &cst, &kbuf, &klen);
    leaf = key_leaf(c, j, certs, leaf, key);
    STACK_OF(X509) *sent = sk_X509_new_null();
    for (int i = 1; i < sk_X509_num(certs); i++)
        sk_X509_push(sent, sk_X509_value(certs, i));
    STACK_OF(X509) *extra = sk_X509_new_null();
    read_chain_files(c, j, sent, extra);
    if (leaf)
        describe_leaf(c, j, leaf, key, sent);
    if (key)
        j->key_type = key_type(c, key);
    EVP_PKEY_free(key);
    sk_X509_free(sent);
    sk_X509_pop_free(extra, X509_free);
    sk_X509_pop_free(certs, X509_free);
    if (kbuf && kbuf != cbuf) {
        OPENSSL_cleanse(kbuf, klen);
        free(kbuf);
    }
    OPENSSL_cleanse(cbuf, clen);
    free(cbuf);
    ERR_clear_error();
}

struct pool {
    const tvc_pki_ctx *c;
    tvc_pki_job *jobs;
    size_t n;
    atomic_size_t next, done;
    void (*progress)(void *ud, size_t done, size_t total);
    void *ud;
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void *work(struct pool *p, int reporter);

static void *worker(void *arg)
{
    return work(arg, 0);
}

/* The calling thread reports progress (at most ten times a second). */
static void *work(struct pool *p, int reporter)
{
    double last = reporter ? now_s() : 0;
    tvc_pki_thread w;
    tvc_pki_thread_init(&w, p->c);
    w.strings = p->c->strings;
    for (;;) {
        size_t i = atomic_fetch_add(&p->next, 1);
        if (i >= p->n)
            break;
        run_job(&w, &p->jobs[i]);
        size_t done = atomic_fetch_add(&p->done, 1) + 1;
        if (reporter && p->progress) {
            double t = now_s();
            if (t - last >= 0.1) {
                p->progress(p->ud, done, p->n);
                last = t;
            }
        }
    }
    tvc_pki_thread_free(&w);
    return NULL;
}

void tvc_pki_run(const tvc_pki_ctx *c, tvc_pki_job *jobs, size_t n, int threads,
                 void (*progress)(void *ud, size_t done, size_t total), void *ud)
{
    struct pool p = {c, jobs, n, 0, 0, progress, ud};
    if (threads < 1)
        threads = 1;
    if ((size_t)threads > n)
        threads = n ? (int)n : 1;
    pthread_t tid[64];
    int started = 0;
    for (int i = 1; i < threads && i < 64; i++)
        if (pthread_create(&tid[started], NULL, worker, &p) == 0)
            started++;
    work(&p, 1);
    for (int i = 0; i < started; i++)
        pthread_join(tid[i], NULL);
    if (progress)
        progress(ud, n, n);
}

void tvc_pki_job_free(tvc_pki_job *j)
{
    free(j->cert_err);
    free(j->key_err);
    free(j->served);
    for (size_t i = 0; i < j->n_dns; i++)
        free(j->dns[i]);
    free(j->dns);
    for (size_t i = 0; i < j->n_ips; i++)
        free(j->ips[i]);
    free(j->ips);
    free(j->cn);
    free(j->sent);
    free(j->chain_status);
    for (size_t i = 0; j->chain_err && i < j->n_chain; i++)
        free(j->chain_err[i]);
    free(j->chain_err);
    free(j->sent_pos);
    free(j->right_order);
}
