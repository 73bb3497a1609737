#include "cli/cli.h"

/* Placeholder until the junit renderer lands: falls back to JSON. */
void tvc_report_junit(FILE *f, const tvc_diags *d, const tvc_opts *o)
{
    (void)o;
    tvc_report_json(f, d, NULL);
}
