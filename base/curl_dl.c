#include "config.h"
#include "base/curl_dl.h"

#include <pthread.h>
#include <stdio.h>

#include "base/dlib.h"

static tvc_curl_api api;

#define SYM(f) {"curl_" #f, (void **)&api.f}

static const tvc_dlsym syms[] = {
    SYM(global_init), SYM(global_cleanup), SYM(easy_init), SYM(easy_setopt),
    SYM(easy_getinfo), SYM(easy_cleanup), SYM(easy_strerror), SYM(slist_append),
    SYM(slist_free_all), SYM(multi_init), SYM(multi_setopt), SYM(multi_add_handle),
    SYM(multi_remove_handle), SYM(multi_perform), SYM(multi_info_read),
    SYM(multi_poll), SYM(multi_cleanup),
};

/* The SONAME of the library configure found (Debian's libcurl4: OpenSSL,
 * which probe/handshake.c's CURLOPT_SSL_CTX_FUNCTION needs). */
static tvc_dlib lib = TVC_DLIB_INIT("libcurl.so.4", syms);
static char why_buf[640];
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* The loader's reason, and what the user can do about it. */
static void explain(void)
{
    snprintf(why_buf, sizeof why_buf,
             "%s (OCSP and probe need libcurl: apt-get install libcurl4)",
             tvc_dlib_failed(&lib));
}

const tvc_curl_api *tvc_curl_dl(const char **why)
{
    if (tvc_dlib_load(&lib, NULL) == 0)
        return &api;
    pthread_once(&once, explain);
    if (why)
        *why = why_buf;
    return NULL;
}
