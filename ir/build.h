/* Parse tree -> IR: walks the active tree in file order, sends every TLS
 * directive through its dialect table, collects vhosts and listeners, and
 * merges each vhost's settings under the server's. */
#ifndef TVC_BUILD_H
#define TVC_BUILD_H

#include "ir/ir.h"
#include "parser/parser.h"

tvc_ir *tvc_ir_build(tvc_arena *a, tvc_diags *d, const tvc_config *cfg);

/* The build in steps, for a tree handed over a node at a time while it is
 * parsed (tvc_parse_opts.unit; ir/build_stream.c): begin, each node as
 * tvc_ir_build's walk would see it, then finish, which merges the server
 * level into every vhost as httpd does once the whole config is read.
 * With `stream` no vhost keeps its node (tvc_vhost.node is NULL). */
typedef struct tvc_ir_walk tvc_ir_walk;
tvc_ir_walk *tvc_ir_walk_begin(tvc_arena *a, tvc_diags *d, const tvc_config *cfg,
                               int stream);
void tvc_ir_walk_node(tvc_ir_walk *w, const tvc_node *n);
/* 1 when what the walk read of cfg (the modules loaded, ServerRoot) was
 * changed by a later line: the IR would differ from tvc_ir_build's. */
int tvc_ir_walk_stale(const tvc_ir_walk *w);
/* Findings from here on go to `d`. */
tvc_ir *tvc_ir_walk_finish(tvc_ir_walk *w, tvc_diags *d);

/* Parses `path` (opts: with a tree_arena of its own) and
 * builds its IR in one pass, each unit walked and freed as it is read:
 * the same IR and findings, in the same order, as tvc_parse_file then
 * tvc_ir_build, without the whole tree alive at once. */
tvc_ir *tvc_ir_parse_build(tvc_arena *a, tvc_diags *d, const char *path,
                           const tvc_parse_opts *opts, tvc_config **cfg_out);
/* Whether tvc_ir_build reads the words of a directive named so (a dialect
 * row's, or one of its roles: ServerName, Listen, MDMember, ...), for
 * tvc_parse_opts.args_read when only the build reads the tree. */
int tvc_ir_args_read(const char *name);

#endif
