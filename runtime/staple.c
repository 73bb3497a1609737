/* See staple.h. One entry per response file; connections read an entry's
 * response under its read lock; the first connection after a change of
 * the file (checked at most once a second, a stat(2)) reads it again and
 * swaps it in under the write lock. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <openssl/crypto.h>
#include <openssl/ocsp.h>

#include "staple.h"

typedef struct entry {
    X509 *leaf;              /* the certificate it is stapled with; NULL: any */
    const char *path;        /* the emitted data's; outlives us */
    CRYPTO_RWLOCK *lock;
    unsigned char *der;
    long len;
    ASN1_INTEGER *serial;    /* of the certificate the response is about */
    time_t checked;
    struct stat st;
} entry;

struct tvc_rt_staple {
    entry *v;
    unsigned n;
};

/* An OCSP response is a few KiB; a file of 1 MiB is not one. */
#define MAX_STAPLE (1L << 20)

static unsigned char *read_file(const char *path, long *len, struct stat *st)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    unsigned char *b = NULL;
    if (fstat(fileno(f), st) == 0 && st->st_size > 0 && st->st_size <= MAX_STAPLE &&
        (b = malloc((size_t)st->st_size)) &&
        fread(b, 1, (size_t)st->st_size, f) != (size_t)st->st_size) {
        free(b);
        b = NULL;
    }
    fclose(f);
    *len = b ? (long)st->st_size : 0;
    return b;
}

/* The serial number of the first certificate the response speaks of. */
static ASN1_INTEGER *serial_of(const unsigned char *der, long len)
{
    const unsigned char *p = der;
    OCSP_RESPONSE *r = d2i_OCSP_RESPONSE(NULL, &p, len);
    OCSP_BASICRESP *bs = r ? OCSP_response_get1_basic(r) : NULL;
    OCSP_SINGLERESP *one = bs ? OCSP_resp_get0(bs, 0) : NULL;
    ASN1_INTEGER *serial = NULL, *copy = NULL;
    if (one && OCSP_id_get0_info(NULL, NULL, NULL, &serial,
                                 (OCSP_CERTID *)OCSP_SINGLERESP_get0_id(one)))
        copy = ASN1_INTEGER_dup(serial);
    OCSP_BASICRESP_free(bs);
    OCSP_RESPONSE_free(r);
    return copy;
}

static int entry_init(entry *s, const char *path, X509 *leaf, char *err, size_t errlen)
{
    if (!(s->lock = CRYPTO_THREAD_lock_new())) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    s->path = path;
    s->checked = time(NULL);
    if (leaf && X509_up_ref(leaf))
        s->leaf = leaf;
    if (!(s->der = read_file(path, &s->len, &s->st)) || !(s->serial = serial_of(s->der, s->len))) {
        snprintf(err, errlen, "cannot read the OCSP response %s (DER expected)", path);
        return -1;
    }
    return 0;
}

/* The first of CFG's cert_ocsp entries for vhost IDX (they are sorted). */
static unsigned first_of(const tvc_rt_config *cfg, unsigned idx)
{
    unsigned lo = 0, hi = cfg->n_cert_ocsp;
    while (lo < hi) {
        unsigned mid = lo + (hi - lo) / 2;
        if (cfg->cert_ocsp[mid].vhost < idx)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

int tvc_rt_staple_load(const tvc_rt_config *cfg, unsigned idx, X509 *const *leaves,
                       unsigned n_leaves, tvc_rt_staple **out, char *err, size_t errlen)
{
    const tvc_rt_vhost *vh = &cfg->vhosts[idx];
    int has = cfg->abi >= 2 && cfg->cert_ocsp; /* ABI 1 data ends before them */
    unsigned first = has ? first_of(cfg, idx) : 0, end = first;
    while (has && end < cfg->n_cert_ocsp && cfg->cert_ocsp[end].vhost == idx)
        end++;
    *out = NULL;
    unsigned n = end - first + (vh->ocsp_response != NULL);
    if (!n)
        return 0;
    tvc_rt_staple *s = calloc(1, sizeof *s);
    if (!s || !(s->v = calloc(n, sizeof *s->v))) {
        free(s);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    *out = s;
    for (unsigned i = first; i < end; i++) {
        const tvc_rt_cert_ocsp *c = &cfg->cert_ocsp[i];
        if (c->cert >= n_leaves || !c->file) {
            snprintf(err, errlen, "OCSP response %s names certificate %u of %u",
                     c->file ? c->file : "(none)", c->cert + 1, n_leaves);
            return -1;
        }
        if (entry_init(&s->v[s->n++], c->file, leaves[c->cert], err, errlen) != 0)
            return -1;
    }
    if (vh->ocsp_response)
        return entry_init(&s->v[s->n++], vh->ocsp_response, NULL, err, errlen);
    return 0;
}

/* Reads the file again when it changed; keeps the old response when the
 * new file holds none. */
static void refresh(entry *s)
{
    time_t now = time(NULL);
    struct stat st;
    if (!CRYPTO_THREAD_write_lock(s->lock))
        return;
    if (now != s->checked && stat(s->path, &st) == 0 &&
        (st.st_ino != s->st.st_ino || st.st_size != s->st.st_size ||
         st.st_mtim.tv_sec != s->st.st_mtim.tv_sec ||
         st.st_mtim.tv_nsec != s->st.st_mtim.tv_nsec)) {
        long len;
        unsigned char *der = read_file(s->path, &len, &st);
        ASN1_INTEGER *serial = der ? serial_of(der, len) : NULL;
        if (serial) {
            free(s->der);
            ASN1_INTEGER_free(s->serial);
            s->der = der;
            s->len = len;
            s->serial = serial;
            s->st = st;
        } else {
            free(der);
        }
    }
    s->checked = now;
    CRYPTO_THREAD_unlock(s->lock);
}

static unsigned char *entry_get(entry *s, X509 *served, long *len)
{
    if (time(NULL) != s->checked)
        refresh(s);
    unsigned char *copy = NULL;
    if (!CRYPTO_THREAD_read_lock(s->lock))
        return NULL;
    if (!served || !ASN1_INTEGER_cmp(s->serial, X509_get0_serialNumber(served))) {
        copy = OPENSSL_memdup(s->der, (size_t)s->len);
        *len = s->len;
    }
    CRYPTO_THREAD_unlock(s->lock);
    return copy;
}

unsigned char *tvc_rt_staple_get(tvc_rt_staple *s, X509 *served, long *len)
{
    unsigned char *copy = NULL;
    for (unsigned i = 0; s && i < s->n && !copy; i++)
        if (!s->v[i].leaf || (served && !X509_cmp(s->v[i].leaf, served)))
            copy = entry_get(&s->v[i], served, len);
    return copy;
}

void tvc_rt_staple_free(tvc_rt_staple *s)
{
    if (!s)
        return;
    for (unsigned i = 0; i < s->n; i++) {
        CRYPTO_THREAD_lock_free(s->v[i].lock);
        free(s->v[i].der);
        ASN1_INTEGER_free(s->v[i].serial);
        X509_free(s->v[i].leaf);
    }
    free(s->v);
    free(s);
}
