/* libFuzzer target: certificate, chain and key loading as the checks do
 * it (checks/pki.c: PEM or DER, several certificates a file, encrypted
 * keys that are never prompted for). The input is split at the first
 * "\n--8<--\n" into a certificate file and a key file (without one, the
 * key is looked for in the certificate file); the certificate file is
 * also given as a chain file. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "checks/pki.h"
#include "checks/pki_strings.h"
#include "tests/pki_gen.h"

static char dir[] = "/tmp/tvc-fuzz-pki.XXXXXX";
static char cert[sizeof dir + 16], key[sizeof dir + 16], ca[sizeof dir + 16];
static tvc_pki_ctx ctx;

static void cleanup(void)
{
    unlink(cert);
    unlink(key);
    unlink(ca);
    rmdir(dir);
    tvc_pki_ctx_free(&ctx);
    tvc_pki_strings_free(ctx.strings);
    pg_cleanup();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    char *err = NULL;
    if (!mkdtemp(dir))
        abort();
    snprintf(cert, sizeof cert, "%s/c.pem", dir);
    snprintf(key, sizeof key, "%s/k.pem", dir);
    /* A trust store of one root (tests/pki_gen.c): the system store
     * would be read again by each run's worker, 0.4 s a time. */
    snprintf(ca, sizeof ca, "%s/ca.pem", dir);
    if (pg_write_cert(ca, pg_root()->x) != 0 ||
        tvc_pki_ctx_init(&ctx, ca, time(NULL), &err) != 0)
        abort();
    atexit(cleanup);
    return 0;
}

static void put(const char *path, const uint8_t *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(p, 1, n, f) != n || fclose(f) != 0)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char sep[] = "\n--8<--\n";
    const uint8_t *cut = memmem(data, size, sep, sizeof sep - 1);
    size_t clen = cut ? (size_t)(cut - data) : size;
    put(cert, data, clen);
    if (cut)
        put(key, cut + sizeof sep - 1, size - clen - (sizeof sep - 1));
    const char *chain[] = {cert};
    tvc_pki_job j = {.cert = cert, .key = cut ? key : NULL, .chain = chain, .n_chain = 1};
    tvc_pki_run(&ctx, &j, 1, 1, NULL, NULL);
    tvc_pki_job_free(&j);
    /* a set per input: the summaries' strings would pile up */
    tvc_pki_strings_free(ctx.strings);
    ctx.strings = tvc_pki_strings_new();
    return 0;
}
