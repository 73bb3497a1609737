/* The one loop that runs libcurl transfers, for the OCSP client and the
 * live probe. A transfer is handed to libcurl only when a slot frees: at
 * most `window` in flight in all and `group_window` of one group (one
 * server), so a run over thousands of names never opens thousands of
 * sockets at once, and a transfer's timeout, which libcurl starts when it
 * gets the transfer, is never spent waiting behind a slow server's
 * others. libcurl is loaded here, on the first run (base/curl_dl.c). */
#ifndef TVC_CURL_RUN_H
#define TVC_CURL_RUN_H

#include <stddef.h>

#include "base/curl_dl.h"

typedef struct tvc_curl_run {
    size_t n;            /* transfers 0 .. n-1 */
    size_t window;       /* at most this many at once; 0: all */
    size_t group_window; /* at most this many of one group at once; 0: window */
    /* The group of transfer I (malloc'ed, freed by the run), e.g. the
     * server's scheme://host:port. Groups take turns; within one the
     * transfers start in order. NULL: all in one group, in order. With
     * groups, libcurl also keeps group_window connections per host and
     * window in all, so kept-alive connections are reused. */
    char *(*group)(void *ud, size_t i);
    /* Transfer I's easy handle, set up (the run sets CURLOPT_PRIVATE).
     * NULL: it cannot start; it counts as finished and `done` is not
     * called for it. */
    CURL *(*start)(void *ud, size_t i, const tvc_curl_api *c);
    /* Transfer I finished with RC (CURLE_FAILED_INIT when libcurl would
     * not take it). H is out of the multi handle; the callee cleans it
     * up. */
    void (*done)(void *ud, size_t i, CURL *h, CURLcode rc, const tvc_curl_api *c);
    void *ud;
} tvc_curl_run;

/* Loads libcurl, runs every transfer, then cleans up. 0, or -1 when
 * libcurl cannot be loaded or started (*err is a static message). No
 * transfer: 0, and libcurl is not loaded. */
int tvc_curl_run_all(const tvc_curl_run *r, const char **err);

#endif
