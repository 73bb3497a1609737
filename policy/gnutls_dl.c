#include "config.h"
#include "policy/gnutls_dl.h"

#ifdef HAVE_GNUTLS

#include <pthread.h>

#include "base/dlib.h"

/* The SONAME the build linked against (Debian's libgnutls30). */
#define GNUTLS_SONAME "libgnutls.so.30"

static tvc_gnutls_api api;
static int tried, loaded;
static char why_buf[512];
static pthread_once_t once = PTHREAD_ONCE_INIT;

#define SYM(f) {"gnutls_" #f, (void **)&api.f}

static void load(void)
{
    static const tvc_dlsym syms[] = {
        SYM(check_version), SYM(strerror), SYM(priority_init2), SYM(priority_deinit),
        SYM(priority_protocol_list), SYM(priority_get_cipher_suite_index),
        SYM(cipher_suite_info), SYM(priority_group_list), SYM(group_get_name),
        SYM(ecc_curve_get_name),
    };
    loaded = tvc_dlib_open(GNUTLS_SONAME, syms, sizeof syms / sizeof *syms, why_buf,
                           sizeof why_buf) == 0;
    tried = 1;
}

const tvc_gnutls_api *tvc_gnutls_dl(const char **why)
{
    pthread_once(&once, load);
    if (!loaded && why)
        *why = why_buf;
    return loaded ? &api : NULL;
}

/* Read by the CLI after the checks, on the thread that ran them. */
const char *tvc_gnutls_dl_failed(void)
{
    return tried && !loaded ? why_buf : NULL;
}

#else

const char *tvc_gnutls_dl_failed(void)
{
    return NULL;
}

#endif
