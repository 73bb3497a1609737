#include "cli/cli.h"

/* Placeholder until the sarif renderer lands: falls back to JSON. */
void tvc_report_sarif(FILE *f, const tvc_diags *d, const tvc_opts *o)
{
    (void)o;
    tvc_report_json(f, d, NULL);
}
