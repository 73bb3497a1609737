/* Runs many libcurl transfers on one multi handle: the loop that the
 * OCSP client and the live probe share. At most `window` transfers are
 * in flight; each finished one is handed back and the next started, so a
 * run over thousands of names never opens thousands of sockets at once. */
#ifndef TVC_CURL_RUN_H
#define TVC_CURL_RUN_H

#include <stddef.h>

#include <curl/curl.h>

typedef struct tvc_curl_run {
    size_t n;      /* transfers 0 .. n-1 */
    size_t window; /* at most this many at once; 0: all */
    /* Adds transfer I to M (curl_multi_add_handle). -1: it could not
     * start; it counts as finished and `done` is not called for it. */
    int (*start)(void *ud, size_t i, CURLM *m);
    /* Transfer H finished with RC; the callee removes H from M. */
    void (*done)(void *ud, CURLM *m, CURL *h, CURLcode rc);
    void *ud;
} tvc_curl_run;

/* curl_global_init, a multi handle, the transfers, then cleanup. 0, or
 * -1 when libcurl cannot start (*err is a static message). */
int tvc_curl_run_all(const tvc_curl_run *r, const char **err);

#endif
