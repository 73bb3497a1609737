/* Every other file a TLS directive names (CA files and paths, CRLs, OCSP
 * responses, DH parameters, proxy CAs): readable, and holding what the
 * directive expects. Each directive is checked once, however many vhosts
 * inherit it. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/err.h>
#include <openssl/ocsp.h>
#include <openssl/pem.h>

#include "checks/internal.h"

typedef enum { K_CERTS, K_DIR, K_CRL, K_OCSP, K_DH } kind;

/* The files already looked at, by where they are named: copies, as the
 * callers pass locations of their own stack (a response file list's). */
typedef struct seen {
    struct seen_one {
        tvc_loc loc;
        const char *path;
    } *v;
    size_t n, cap;
} seen;

static int already(tvc_check_run *r, seen *s, const tvc_loc *l, const char *path)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i].loc.file == l->file && s->v[i].loc.line == l->line &&
            s->v[i].loc.col == l->col && !strcmp(s->v[i].path, path))
            return 1;
    if (s->n == s->cap) {
        size_t nc = s->cap ? s->cap * 2 : 16;
        s->v = tvc_arena_realloc(r->a, s->v, s->cap * sizeof *s->v, nc * sizeof *s->v);
        s->cap = nc;
    }
    s->v[s->n++] = (struct seen_one){*l, path};
    return 0;
}

static const char *problem(tvc_check_run *r, const char *path, kind k)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return tvc_arena_printf(r->a, "cannot read '%s': %s", path, strerror(errno));
    if (k == K_DIR)
        return S_ISDIR(st.st_mode) ? NULL
                                   : tvc_arena_printf(r->a, "'%s' is not a directory", path);
    BIO *f = BIO_new_file(path, "rb");
    if (!f)
        return tvc_arena_printf(r->a, "cannot read '%s': %s", path, strerror(errno));
    const char *why = NULL;
    switch (k) {
    case K_CERTS: {
        X509 *x = PEM_read_bio_X509(f, NULL, NULL, NULL);
        if (!x)
            why = "holds no PEM certificate";
        X509_free(x);
        break;
    }
    case K_CRL: {
        X509_CRL *c = PEM_read_bio_X509_CRL(f, NULL, NULL, NULL);
        if (!c) {
            BIO_reset(f);
            c = d2i_X509_CRL_bio(f, NULL);
        }
        if (!c)
            why = "holds no CRL";
        X509_CRL_free(c);
        break;
    }
    case K_OCSP: {
        OCSP_RESPONSE *o = d2i_OCSP_RESPONSE_bio(f, NULL);
        if (!o)
            why = "holds no DER OCSP response";
        OCSP_RESPONSE_free(o);
        break;
    }
    case K_DH: {
        EVP_PKEY *p = PEM_read_bio_Parameters(f, NULL);
        if (!p)
            why = "holds no PEM DH parameters";
        EVP_PKEY_free(p);
        break;
    }
    case K_DIR:
        break;
    }
    BIO_free(f);
    ERR_clear_error();
    return why ? tvc_arena_printf(r->a, "'%s' %s", path, why) : NULL;
}

static void one(tvc_check_run *r, seen *s, const tvc_vhost *vh, const tvc_str *f, kind k)
{
    if (!f->v || already(r, s, &f->loc, f->v))
        return;
    const char *why = problem(r, f->v, k);
    struct stat st;
    /* mod_gnutls reads a response file when it staples, not at start: one
     * that holds no response leaves the server up, stapling nothing. */
    if (why && k == K_OCSP && stat(f->v, &st) == 0)
        tvc_check_report(r, vh, "file-missing", TVC_WARNING, &f->loc, 0,
                         "%s: the server starts and staples nothing from it", why);
    else if (why)
        tvc_check_report(r, vh, "file-missing", TVC_ERROR, &f->loc, 0, "%s", why);
}

static void tls_files(tvc_check_run *r, seen *s, const tvc_vhost *vh, const tvc_tls *t)
{
    one(r, s, vh, &t->chain_file, K_CERTS);
    one(r, s, vh, &t->client.ca_file, K_CERTS);
    one(r, s, vh, &t->client.ca_path, K_DIR);
    one(r, s, vh, &t->client.crl_file, K_CRL);
    one(r, s, vh, &t->client.crl_path, K_DIR);
    one(r, s, vh, &t->dh_file, K_DH);
    for (size_t i = 0; i < t->stapling.response_files.n; i++) {
        tvc_str f = {t->stapling.response_files.v[i], t->stapling.response_files.loc[i]};
        one(r, s, vh, &f, K_OCSP);
    }
    for (size_t i = 0; i < t->certs.n; i++)
        if (t->certs.v[i].ocsp_response) {
            tvc_str f = {t->certs.v[i].ocsp_response, t->certs.v[i].cert_loc};
            one(r, s, vh, &f, K_OCSP);
        }
    if (t->proxy) {
        one(r, s, vh, &t->proxy->ca_file, K_CERTS);
        one(r, s, vh, &t->proxy->ca_path, K_DIR);
        one(r, s, vh, &t->proxy->crl_file, K_CRL);
        for (size_t i = 0; i < t->proxy->machine_certs.n; i++) {
            tvc_str f = {t->proxy->machine_certs.v[i].cert, t->proxy->machine_certs.v[i].cert_loc};
            one(r, s, vh, &f, K_CERTS);
        }
    }
}

void tvc_check_files(tvc_check_run *r)
{
    seen s = {0};
    for (size_t i = 0; i < r->ir->n_vhosts; i++) {
        const tvc_vhost *vh = &r->ir->vhosts[i];
        if (vh->tls)
            tls_files(r, &s, vh, vh->tls);
    }
}
