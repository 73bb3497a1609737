/* The checks, one file per concern; each reads the IR and adds findings. */
#ifndef TVC_CHECKS_H
#define TVC_CHECKS_H

#include "ir/diag.h"
#include "ir/ir.h"

/* Runs every check that exists on the IR. */
void tvc_checks_run(tvc_arena *a, tvc_diags *d, const tvc_ir *ir);

#endif
