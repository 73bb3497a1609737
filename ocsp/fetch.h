/* One OCSP transfer (ocsp/fetch.c), driven by ocsp/multi.c. */
#ifndef TVC_OCSP_FETCH_H
#define TVC_OCSP_FETCH_H

#include <curl/curl.h>

#include "ocsp/ocsp.h"

/* Builds IT's request and adds its transfer to M. 0, or -1. */
int tvc_ocsp_xfer_start(CURLM *m, tvc_ocsp_item *it, const tvc_ocsp_opts *o);
/* Fills IT's result from the finished transfer. */
void tvc_ocsp_xfer_finish(tvc_ocsp_item *it, CURLcode rc, const tvc_ocsp_opts *o);
/* Frees IT's transfer (taken off its multi handle when it finished). */
void tvc_ocsp_xfer_end(tvc_ocsp_item *it);

#endif
