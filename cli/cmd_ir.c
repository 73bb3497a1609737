#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/atomic_file.h"
#include "cli/cli.h"
#include "ir/json.h"

static const tvc_cli_option options[] = {
    TVC_OPT_READING,
    TVC_OPT_FAIL_ON,
    TVC_OPT_COLOR,
    TVC_OPT_OUTPUT(" FILE", "write the JSON to FILE (via a temp file and rename)"),
    TVC_OPT_QUIET("print no diagnostics unless there are errors"),
    TVC_OPT_END,
};

const tvc_cli_cmd tvc_cli_ir = {"ir",
                                "usage: tlsvhostc ir [OPTIONS] CONFIG|IR.json\n"
                                "  prints the IR as JSON on stdout; problems go to stderr\n",
                                options, 1};

int tvc_cmd_ir(int argc, char **argv)
{
    tvc_arena *a;
    tvc_opts o;
    tvc_diags d;
    int r = tvc_cli_begin(argc, argv, &tvc_cli_ir, &a, &o, &d);
    if (r >= 0)
        return r;
    tvc_ir *ir = tvc_cli_load(a, &d, &o, NULL);
    if (!o.quiet || d.count[TVC_ERROR])
        tvc_report_text(stderr, &d, 0);
    if (!ir) {
        tvc_arena_free(a);
        return TVC_EXIT_USAGE;
    }
    json_t *j = tvc_ir_to_json(ir);
    int rc = tvc_exit_status(&o, &d);
    if (o.output) {
        char *text = json_dumps(j, JSON_INDENT(2));
        size_t len = text ? strlen(text) : 0;
        char *nl = text ? realloc(text, len + 2) : NULL;
        if (nl) {
            text = nl;
            memcpy(text + len, "\n", 2);
        }
        if (!nl || tvc_file_replace(o.output, text, len + 1, TVC_MODE_KEEP, 0644) != 0) {
            perror("tlsvhostc ir: cannot write output");
            rc = TVC_EXIT_USAGE;
        }
        free(text);
    } else {
        json_dumpf(j, stdout, JSON_INDENT(2));
        fputc('\n', stdout);
    }
    json_decref(j);
    tvc_arena_free(a);
    return rc;
}
