/* OCSP answers as findings: `check` (checks/ocsp.c) and `ocsp fetch`
 * word them the same way. */
#ifndef TVC_CHECKS_OCSP_H
#define TVC_CHECKS_OCSP_H

#include "base/diag.h"
#include "ocsp/targets.h"

/* The finding an answer makes (none for a good one), at LOC; SOURCE says
 * where the answer came from: "responder 'URL'", "response file 'F'".
 */
void tvc_check_ocsp_result(tvc_arena *a, tvc_diags *d, const tvc_ocsp_target *g,
                           const tvc_ocsp_result *res, const tvc_loc *loc, const char *source,
                           int from_file);

#endif
