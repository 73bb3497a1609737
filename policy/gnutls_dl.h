/* libgnutls (libgnutls.so.30) is loaded the first time a priority string
 * is cross-checked against it (policy/gnutls_lib.c), not at start: most
 * runs never ask, and linking it cost 2.7 MiB of RSS per run. */
#ifndef TVC_GNUTLS_DL_H
#define TVC_GNUTLS_DL_H

#include "config.h"

#ifdef HAVE_GNUTLS
#include <gnutls/gnutls.h>

/* The functions tlsvhostc calls, with the prototypes of the headers it
 * was built with. */
typedef struct tvc_gnutls_api {
    __typeof__(gnutls_check_version) *check_version;
    __typeof__(gnutls_strerror) *strerror;
    __typeof__(gnutls_priority_init2) *priority_init2;
    __typeof__(gnutls_priority_deinit) *priority_deinit;
    __typeof__(gnutls_priority_protocol_list) *priority_protocol_list;
    __typeof__(gnutls_priority_get_cipher_suite_index) *priority_get_cipher_suite_index;
    __typeof__(gnutls_cipher_suite_info) *cipher_suite_info;
    __typeof__(gnutls_priority_group_list) *priority_group_list;
    __typeof__(gnutls_group_get_name) *group_get_name;
    __typeof__(gnutls_ecc_curve_get_name) *ecc_curve_get_name;
} tvc_gnutls_api;

/* The loaded library's functions, or NULL with *why saying why it could
 * not be loaded (the same answer for the rest of the process). Safe to
 * call from several threads. */
const tvc_gnutls_api *tvc_gnutls_dl(const char **why);
#endif

/* Why libgnutls could not be loaded when something asked for it, NULL
 * when nothing asked or it loaded: the CLI says so once (the priority
 * strings were then checked by the built-in resolver alone). */
const char *tvc_gnutls_dl_failed(void);

#endif
