/* The IR as JSON (CONTRACT.md field names; ir_version 1) and back. */
#ifndef TVC_IR_JSON_H
#define TVC_IR_JSON_H

#include <stdio.h>

#include <jansson.h>

#include "ir/ir.h"

/* Prints the IR as JSON, laid out as jansson's JSON_INDENT(2) would
 * (without a final newline), as it walks the IR: no tree in memory.
 * -1 when writing failed. */
int tvc_ir_write_json(FILE *out, const tvc_ir *ir);
/* The same document as a jansson tree, for code that looks fields up
 * (tests); new reference, the caller json_decref()s it. */
json_t *tvc_ir_to_json(const tvc_ir *ir);
/* NULL with a diagnostic when the document is not IR of a known version. */
tvc_ir *tvc_ir_from_json(tvc_arena *a, tvc_diags *d, const json_t *j,
                         const char *file);

#endif
