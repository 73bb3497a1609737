/* Translation of a policy into a target module's directives, with a
 * verdict: exact, or precisely what differs. Each translation is checked
 * by expanding the generated directives again with the same engine that
 * reads them (so "exact" is measured, not assumed). Used by the emitters. */
#ifndef TVC_TRANSLATE_H
#define TVC_TRANSLATE_H

#include "policy/policy.h"

typedef enum { TVC_TARGET_MODSSL, TVC_TARGET_GNUTLS, TVC_TARGET_MODTLS } tvc_target;

typedef struct tvc_translation {
    /* Directive lines without indentation, e.g. "SSLProtocol -all +TLSv1.2". */
    const char **lines;
    size_t n_lines;
    /* Differences between the source policy and the re-expanded result;
     * empty when exact. Each is a complete sentence for convert-lossy. */
    const char **lossy;
    size_t n_lossy;
    tvc_policy result; /* the re-expanded policy */
} tvc_translation;

/* Returns 0 when the target can express `in` exactly, 1 when lossy (see
 * out->lossy), -1 when the target cannot express it at all. */
int tvc_policy_translate(tvc_arena *a, const tvc_policy *in, tvc_target target,
                         tvc_translation *out);

#endif
