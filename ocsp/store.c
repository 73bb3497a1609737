/* Writing a response file that a server reads at any moment: the new
 * bytes go to a temporary file in the same directory, reach the disk,
 * and replace the old file by rename(2), which readers see whole or not
 * at all; the directory is synced so the rename survives a crash. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

static int write_fd(int fd, const unsigned char *p, size_t len)
{
    while (len) {
        ssize_t w = write(fd, p, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        len -= (size_t)w;
    }
    return fsync(fd);
}

static int sync_dir(const char *path)
{
    char *dir = strdup(path);
    if (!dir)
        return -1;
    char *slash = strrchr(dir, '/');
    if (slash)
        *(slash == dir ? slash + 1 : slash) = 0;
    int fd = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY);
    free(dir);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
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
    char *tmp = NULL;
    if (asprintf(&tmp, "%s.tmp.XXXXXX", path) < 0)
        abort();
    int fd = mkstemp(tmp);
    if (fd < 0) {
        free(tmp);
        return say(why, "cannot write beside '%s': %s", path);
    }
    int rc = write_fd(fd, der, len);
    rc |= fchmod(fd, 0644);
    if (close(fd) != 0 || rc != 0 || rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        free(tmp);
        errno = e;
        return say(why, "cannot write '%s': %s", path);
    }
    free(tmp);
    if (sync_dir(path) != 0)
        return say(why, "wrote '%s' but cannot sync its directory: %s", path);
    return 1;
}
