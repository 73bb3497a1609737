/* Replacing a file so that a crash, a kill or a full disk at any moment
 * leaves either the old file or the new one, whole: a temp file in the
 * same directory, written and fsync'ed, renamed over the target, then the
 * directory fsync'ed so the rename itself survives a power cut (git's
 * lockfile and curl's cookie jar do the same). */
#ifndef TVC_ATOMIC_FILE_H
#define TVC_ATOMIC_FILE_H

#include <stddef.h>
#include <sys/types.h>

typedef enum {
    /* The replaced file's permission bits; `mode` for a new file. */
    TVC_MODE_KEEP,
    /* As TVC_MODE_KEEP, but never readable or writable by others: for
     * anything that may carry key material (an OCSP response does not, a
     * key or a PKCS#12 bundle does). */
    TVC_MODE_PRIVATE
} tvc_mode_policy;

/* Writes `len` bytes to `path` as above. 0 on success; -1 with errno set
 * and the target untouched (the temp file removed) otherwise. */
int tvc_file_replace(const char *path, const void *data, size_t len,
                     tvc_mode_policy policy, mode_t mode);

#endif
