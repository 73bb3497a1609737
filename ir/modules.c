#include "config.h"

#include "ir/modules.h"

#include <string.h>

#include "ir/dialect.h"
#include "parser/parser.h"

const char *tvc_ir_module_of(const char *name)
{
    const tvc_cmd *cmd;
    const tvc_dialect *dl;
    tvc_directive_lookup(name, &cmd, &dl, NULL);
    return cmd ? dl->module_file : NULL;
}

const char *tvc_ir_module_file(const char *ident)
{
    size_t n;
    const tvc_dialect *const *all = tvc_dialects(&n);
    for (size_t i = 0; i < n; i++)
        if (!strcmp(all[i]->module_ident, ident))
            return all[i]->module_file;
    return NULL;
}

int tvc_ir_tls_name(const char *text)
{
    const tvc_dialect *dl = tvc_dialect_by_prefix(text);
    return dl && dl->engine != TVC_ENGINE_NONE;
}

void tvc_ir_parse_hooks(tvc_parse_opts *opts)
{
    opts->directive_module = tvc_ir_module_of;
    opts->module_file = tvc_ir_module_file;
    opts->tls_name = tvc_ir_tls_name;
}
