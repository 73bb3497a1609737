/* One OCSP transfer (ocsp/fetch.c), run by ocsp/batch.c through
 * base/curl_run.c. */
#ifndef TVC_OCSP_FETCH_H
#define TVC_OCSP_FETCH_H

#include "base/curl_dl.h"
#include "ocsp/ocsp.h"

/* Builds IT's request and its transfer's easy handle; NULL when it
 * cannot. */
CURL *tvc_ocsp_xfer_new(tvc_ocsp_item *it, const tvc_ocsp_opts *o, const tvc_curl_api *c);
/* Fills IT's result from its finished transfer (RC) and frees the
 * transfer, easy handle included. */
void tvc_ocsp_xfer_finish(tvc_ocsp_item *it, CURLcode rc, const tvc_ocsp_opts *o);

#endif
