/* Writing a response file that a server reads at any moment: through
 * tvc_file_replace (base/atomic_file.h), so readers see the old or the new
 * file whole, and only when the new response is not worse than the old. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/atomic_file.h"
#include "ocsp/ocsp.h"

static int read_all(const char *path, unsigned char **out, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    size_t cap = 4096, n = 0, r;
    unsigned char *b = malloc(cap);
    while (b && (r = fread(b + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n == cap && cap < TVC_OCSP_MAX_BYTES * 4) {
            unsigned char *nb = realloc(b, cap * 2);
            if (!nb)
                free(b);
            b = nb;
            cap *= 2;
        } else if (n == cap) {
            break;
        }
    }
    fclose(f);
    if (!b)
        return -1;
    *out = b;
    *len = n;
    return 0;
}

/* The file at PATH is a good answer at least as recent as the new one. */
static int existing_better(const char *path, const tvc_ocsp_result *fresh, X509 *leaf,
                           X509 *issuer, time_t now)
{
    unsigned char *old;
    size_t len;
    if (read_all(path, &old, &len) != 0)
        return 0;
    tvc_ocsp_result r = {0};
    tvc_ocsp_verify(old, len, leaf, issuer, NULL, now, &r);
    int better = r.status == TVC_OCSP_GOOD &&
                 (fresh->status != TVC_OCSP_GOOD || r.this_update > fresh->this_update);
    tvc_ocsp_result_clear(&r);
    free(old);
    return better;
}

static int say(char **why, const char *fmt, const char *path)
{
    if (asprintf(why, fmt, path, strerror(errno)) < 0)
        *why = NULL;
    return -1;
}

int tvc_ocsp_store(const char *path, const unsigned char *der, size_t len, X509 *leaf,
                   X509 *issuer, time_t now, char **why)
{
    *why = NULL;
    tvc_ocsp_result fresh = {0};
    tvc_ocsp_verify(der, len, leaf, issuer, NULL, now, &fresh);
    int keep = existing_better(path, &fresh, leaf, issuer, now);
    tvc_ocsp_result_clear(&fresh);
    if (keep) {
        if (asprintf(why, "'%s' holds a good response at least as recent: kept", path) < 0)
            *why = NULL;
        return 0;
    }
    /* An OCSP response is public: the replaced file's mode, 0644 for a new one. */
    if (tvc_file_replace(path, der, len, TVC_MODE_KEEP, 0644) != 0)
        return say(why, "cannot write '%s': %s", path);
    return 1;
}
