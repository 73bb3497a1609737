#include "config.h"

#include "ir/modules.h"

#include "ir/dialect.h"

const char *tvc_ir_module_of(const char *name)
{
    const tvc_cmd *cmd;
    const tvc_dialect *dl;
    tvc_directive_lookup(name, &cmd, &dl, NULL);
    return cmd ? dl->module_file : NULL;
}
