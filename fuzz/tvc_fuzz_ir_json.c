/* libFuzzer target: the IR JSON reader that emit and serve accept from
 * files, and writing back what it read, which must be JSON again. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include <jansson.h>

#include "base/arena.h"
#include "base/diag.h"
#include "ir/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t *j = json_loadb((const char *)data, size, 0, NULL);
    if (!j)
        return 0;
    tvc_arena *a = tvc_arena_new();
    tvc_diags d;
    tvc_diags_init(&d, a);
    tvc_ir *ir = tvc_ir_from_json(a, &d, j, "fuzz.json");
    if (ir) {
        json_t *back = tvc_ir_to_json(ir);
        if (!back)
            abort(); /* the writer printed something jansson cannot read */
        json_decref(back);
    }
    json_decref(j);
    tvc_arena_free(a);
    return 0;
}
