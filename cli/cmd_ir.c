#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    /* The JSON is written from the IR alone: the tree's nodes (a third
     * of the memory at 10,000 vhosts) go before it is. */
    tvc_cli_tree_for_ir(&o);
    tvc_ir *ir = tvc_cli_load(a, &d, &o, NULL);
    tvc_cli_drop_tree(&o, NULL, ir);
    if (!o.quiet || d.count[TVC_ERROR])
        tvc_report_text(stderr, &d, 0);
    if (!ir) {
        tvc_arena_free(a);
        return TVC_EXIT_USAGE;
    }
    int rc = tvc_exit_status(&o, &d);
    if (o.output) {
        char *text = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&text, &len);
        int bad = !f || tvc_ir_write_json(f, ir) != 0 || fputc('\n', f) == EOF;
        if (f && fclose(f) != 0)
            bad = 1;
        if (bad || tvc_file_replace(o.output, text, len, TVC_MODE_KEEP, 0644) != 0) {
            perror("tlsvhostc ir: cannot write output");
            rc = TVC_EXIT_USAGE;
        }
        free(text);
    } else if (tvc_ir_write_json(stdout, ir) != 0 || fputc('\n', stdout) == EOF ||
               fflush(stdout) != 0) {
        perror("tlsvhostc ir: cannot write output");
        rc = TVC_EXIT_USAGE;
    }
    tvc_arena_free(a);
    return rc;
}
