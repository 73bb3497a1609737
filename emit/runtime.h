/* The runtime target: the IR as tvc_rt_config data for the embeddable
 * OpenSSL runtime (runtime/tlsvhost/runtime.h), in memory for `serve` or
 * as C source for `emit --target=runtime`. The runtime has no module
 * language of its own: e->t may be NULL (nothing here reads it). */
#ifndef TVC_EMIT_RUNTIME_H
#define TVC_EMIT_RUNTIME_H

#include <tlsvhost/runtime.h>

#include "emit/emit.h"

/* Builds the runtime's view of e->ir (after the checks and the policy
 * expansion), in e->a. What the runtime cannot do as the config says is
 * convert-lossy (e->n_lossy counts it); the data is complete anyway. */
const tvc_rt_config *tvc_emit_runtime_config(tvc_emit *e);

/* The config as a C source file defining `tlsvhost_config`, from the
 * template runtime/vhosts.c.tmpl. NULL after a template-error. */
const char *tvc_emit_runtime_c(tvc_emit *e, const tvc_rt_config *c);

#endif
