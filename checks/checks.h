/* The checks, one file per concern; each reads the IR (and the
 * certificate summaries) and adds findings. */
#ifndef TVC_CHECKS_H
#define TVC_CHECKS_H

#include <time.h>

#include "base/diag.h"
#include "ir/ir.h"

typedef struct tvc_check_opts {
    const char *ca_file;  /* trust anchors; NULL: the system store */
    time_t now;           /* 0: the clock */
    int expiry_warn_days; /* cert-expiring window; default 30 */
    int threads;          /* 0: one per core */
    const char *profile;  /* --profile: "modern", "intermediate", "old" */
    const char *profile_version; /* of Mozilla's guidelines: "5.6", "5.7" */
    /* That profile's object in share/mozilla-tls-profiles.json (caller owns) */
    struct json_t *profile_data;
    /* Called now and then from the calling thread while certificates are
     * read (done of total); the library itself never prints. */
    void (*progress)(void *ud, size_t done, size_t total);
    void *progress_ud;
    /* --ocsp: ask each certificate's responder (libcurl); response files
     * are checked offline in any case. */
    int ocsp;
    int ocsp_timeout;     /* seconds; 0: 10, as SSLStaplingResponderTimeout */
    void (*ocsp_progress)(void *ud, size_t done, size_t total);
} tvc_check_opts;

/* Runs every check on the IR. Returns -1 only when checking cannot start
 * (unreadable --ca-file); the reason is a diagnostic. */
int tvc_checks_run(tvc_arena *a, tvc_diags *d, const tvc_ir *ir,
                   const tvc_check_opts *o);

#endif
