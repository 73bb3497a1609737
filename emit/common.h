/* Helpers the three target files share. */
#ifndef TVC_EMIT_COMMON_H
#define TVC_EMIT_COMMON_H

#include "emit/emit.h"

/* A path as the config would write it: relative to ServerRoot when under it. */
const char *tvc_emit_path(tvc_emit *e, const char *abs);
/* Was this vhost setting written in the vhost (not inherited)? */
int tvc_emit_own_certs(const tvc_emit *e, const tvc_tls *t);
/* Module-specific directives kept as written: verbatim for the same
 * module, convert-lossy (or a note for the harmless ones) otherwise. */
void tvc_emit_other(tvc_emit *e, const tvc_tls *t, const tvc_tls *parent, tvc_tvars *v);
/* Listeners that serve TLS, as "addr:port" or "port". */
const char *tvc_emit_listener(tvc_emit *e, const tvc_listener *l);
int tvc_emit_any_stapling(const tvc_emit *e);
/* A session cache as mod_ssl and mod_tls write it, "TYPE:ARGS": mod_gnutls
 * also takes "GnuTLSCache TYPE ARGS", which the IR keeps joined by a space. */
const char *tvc_emit_socache(tvc_emit *e, const char *spec);
/* Where the first active directive named NAME1 or NAME2 stands (for
 * settings the IR keeps without a location); NULL when none does. */
const tvc_loc *tvc_emit_find(const tvc_emit *e, const char *name1, const char *name2);

#endif
