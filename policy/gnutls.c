#include "policy/policy.h"

int tvc_gnutls_resolve(tvc_arena *a, const char *prio, tvc_policy *out, tvc_policy_err *err)
{
    (void)prio, (void)out;
    err->offset = 0;
    err->message = tvc_arena_strdup(a, "GnuTLS priority strings are not resolved yet");
    return -1;
}
