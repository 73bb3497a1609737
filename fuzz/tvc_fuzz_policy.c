/* libFuzzer target: the three policy string paths. The first byte picks
 * one: the OpenSSL cipher string (mod_ssl, through this OpenSSL), the
 * GnuTLS priority resolver (tlsvhostc's own grammar), or the mod_tls
 * TLSCiphersPrefer/TLSCiphersSuppress lists (split at the first newline). */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "policy/policy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    tvc_arena *a = tvc_arena_new();
    char *s = tvc_arena_strndup(a, (const char *)data + 1, size - 1);
    tvc_policy out;
    tvc_policy_errs errs = {0};
    switch (data[0] % 4) {
    case 0: {
        tvc_openssl_in in = {.spec = s, .server_preference = -1};
        tvc_openssl_resolve(a, &in, &out, &errs);
        break;
    }
    case 1: {
        tvc_openssl_in in = {.spec13 = s, .groups = s, .server_preference = -1};
        tvc_openssl_resolve(a, &in, &out, &errs);
        break;
    }
    case 2: {
        tvc_policy_err err;
        tvc_gnutls_resolve(a, s, &out, &err);
        break;
    }
    default: {
        char *nl = strchr(s, '\n');
        if (nl)
            *nl++ = '\0';
        tvc_rustls_resolve(a, s, nl, 0, -1, &out, &errs);
        break;
    }
    }
    tvc_arena_free(a);
    return 0;
}
