/* Fills the IR's expanded policy (suite lists, effective protocol range)
 * for every TLS vhost, reading each module's language, and reports
 * strings that are invalid or select nothing (cipher-invalid). Vhosts
 * with the same settings share one expansion. */
#ifndef TVC_EXPAND_H
#define TVC_EXPAND_H

#include "base/diag.h"
#include "ir/ir.h"

void tvc_policy_expand_ir(tvc_arena *a, tvc_diags *d, tvc_ir *ir);

#endif
