#include "config.h"

#include "base/path.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Asked again on each call: rendering is not hot, and a stale copy would
 * shorten against the wrong directory. "/" shortens nothing: every path
 * would lose its root. */
static size_t cwd_get(char *buf, size_t size)
{
    if (!getcwd(buf, size))
        return 0;
    size_t n = strlen(buf);
    return n > 1 ? n : 0;
}

const char *tvc_path_shown(const char *path)
{
    char cwd[4096];
    size_t n = cwd_get(cwd, sizeof cwd);
    if (n && path && !strncmp(path, cwd, n) && path[n] == '/')
        return path + n + 1;
    return path;
}

/* A path starts where the text before it cannot continue one: a
 * "/x/home/you/..." is not a path under /home/you. */
static int path_starts(const char *text, const char *at)
{
    if (at == text)
        return 1;
    char c = at[-1];
    return !(c == '/' || c == '.' || c == '-' || c == '_' || (c >= '0' && c <= '9') ||
             (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'));
}

char *tvc_path_shown_in(const char *text)
{
    char cwd[4096];
    size_t n = cwd_get(cwd, sizeof cwd), k = 0;
    char *out = malloc(strlen(text) + 1);
    if (!out)
        abort();
    const char *p = text;
    while (*p) {
        if (n && *p == '/' && !strncmp(p, cwd, n) && p[n] == '/' && path_starts(text, p)) {
            p += n + 1;
            continue;
        }
        out[k++] = *p++;
    }
    out[k] = '\0';
    return out;
}
