/* Parse tree -> IR: walks the active tree in file order, sends every TLS
 * directive through its dialect table, collects vhosts and listeners, and
 * merges each vhost's settings under the server's. */
#ifndef TVC_BUILD_H
#define TVC_BUILD_H

#include "ir/ir.h"
#include "parser/parser.h"

tvc_ir *tvc_ir_build(tvc_arena *a, tvc_diags *d, const tvc_config *cfg);
/* Whether tvc_ir_build reads the words of a directive named so (a dialect
 * row's, or one of its roles: ServerName, Listen, MDMember, ...), for
 * tvc_parse_opts.args_read when only the build reads the tree. */
int tvc_ir_args_read(const char *name);

#endif
