/* libcurl (libcurl.so.4, the OpenSSL flavour the build checked) is loaded
 * the first time a transfer runs (base/curl_run.c), not at start: only
 * `check --ocsp`, `ocsp fetch`, `probe` and `serve --ocsp-refresh` use
 * it, and linking it cost every run 2-4 MiB of RSS and its ~25
 * dependencies' start-up. */
#ifndef TVC_CURL_DL_H
#define TVC_CURL_DL_H

#include <curl/curl.h>

/* The functions tlsvhostc calls, with the prototypes of the headers it
 * was built with. Called through these pointers, curl_easy_setopt loses
 * the GCC type checks of curl's header: each call passes a long, a
 * pointer or a callback of the type the option documents. */
typedef struct tvc_curl_api {
    __typeof__(curl_global_init) *global_init;
    __typeof__(curl_global_cleanup) *global_cleanup;
    __typeof__(curl_easy_init) *easy_init;
    __typeof__(curl_easy_setopt) *easy_setopt;
    __typeof__(curl_easy_getinfo) *easy_getinfo;
    __typeof__(curl_easy_cleanup) *easy_cleanup;
    __typeof__(curl_easy_strerror) *easy_strerror;
    __typeof__(curl_slist_append) *slist_append;
    __typeof__(curl_slist_free_all) *slist_free_all;
    __typeof__(curl_multi_init) *multi_init;
    __typeof__(curl_multi_setopt) *multi_setopt;
    __typeof__(curl_multi_add_handle) *multi_add_handle;
    __typeof__(curl_multi_remove_handle) *multi_remove_handle;
    __typeof__(curl_multi_perform) *multi_perform;
    __typeof__(curl_multi_info_read) *multi_info_read;
    __typeof__(curl_multi_poll) *multi_poll;
    __typeof__(curl_multi_cleanup) *multi_cleanup;
} tvc_curl_api;

/* The loaded library's functions, or NULL with *why saying why it could
 * not be loaded and what needs it (the same answer for the rest of the
 * process). Safe to call from several threads. */
const tvc_curl_api *tvc_curl_dl(const char **why);

#endif
