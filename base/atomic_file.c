#include "config.h"

#include "base/atomic_file.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The test build (tests/replace_tool, compiled with -DTVC_TEST_HOOKS)
 * kills itself at the step TVC_TEST_KILL_AT names, to prove the old file
 * survives every one; the shipped tool has no such code at all. */
#ifdef TVC_TEST_HOOKS
static void kill_point(const char *step)
{
    const char *at = getenv("TVC_TEST_KILL_AT");
    if (at && strcmp(at, step) == 0)
        raise(SIGKILL);
}
#else
#define kill_point(step) ((void)0)
#endif

static int write_all(int fd, const char *p, size_t len)
{
    while (len) {
        /* Half the bytes first, so a kill at "write" leaves a torn temp. */
        size_t chunk = len > 1 ? len / 2 : len;
        ssize_t w = write(fd, p, chunk);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += w;
        len -= (size_t)w;
        kill_point("write");
    }
    return 0;
}

/* The directory holding `path`, so the rename can be made durable. */
static int sync_dir(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path))
                      : strdup(".");
    if (!dir)
        return -1;
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    free(dir);
    if (fd < 0)
        return -1;
    /* Some file systems cannot fsync a directory (EINVAL): the rename is
     * done and nothing better is possible there. */
    int rc = fsync(fd) != 0 && errno != EINVAL ? -1 : 0;
    close(fd);
    return rc;
}

int tvc_file_replace(const char *path, const void *data, size_t len,
                     tvc_mode_policy policy, mode_t mode)
{
    struct stat st;
    if (stat(path, &st) == 0)
        mode = st.st_mode;
    mode &= 07777 & ~(mode_t)(S_ISUID | S_ISGID);
    if (policy == TVC_MODE_PRIVATE)
        mode &= ~(mode_t)S_IRWXO;
    size_t n = strlen(path);
    char *tmp = malloc(n + sizeof ".tmpXXXXXX");
    if (!tmp)
        return -1;
    memcpy(tmp, path, n);
    memcpy(tmp + n, ".tmpXXXXXX", sizeof ".tmpXXXXXX");
    /* mkstemp creates it 0600: nothing is readable before fchmod. */
    int fd = mkstemp(tmp);
    if (fd < 0) {
        free(tmp);
        return -1;
    }
    int err = 0;
    if (fchmod(fd, mode) != 0 || write_all(fd, data, len) != 0)
        err = errno;
    kill_point("fsync");
    if (!err && fsync(fd) != 0)
        err = errno;
    if (close(fd) != 0 && !err)
        err = errno;
    kill_point("rename");
    if (!err && rename(tmp, path) != 0)
        err = errno;
    if (err) {
        unlink(tmp);
        free(tmp);
        errno = err;
        return -1;
    }
    free(tmp);
    kill_point("dirsync");
    return sync_dir(path);
}
