/* libFuzzer target: the config reader and parser (lines, quoting,
 * sections, Include with wildcards, Define/${VAR}, <If*>, mod_macro) and
 * the IR built from what it read. The input is the main config in a
 * temp directory that is also ServerRoot; every '/' and "..", which could
 * name a file outside it, is rewritten first, so includes stay in that
 * tree (and the seed configs, full of paths, stay useful). */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/diag.h"
#include "ir/build.h"
#include "parser/parser.h"

static char dir[] = "/tmp/tvc-fuzz-config.XXXXXX";
static char path[sizeof dir + 16];

static void cleanup(void)
{
    unlink(path);
    rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (!mkdtemp(dir))
        abort();
    snprintf(path, sizeof path, "%s/f.conf", dir);
    atexit(cleanup);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size ? size : 1);
    if (!text)
        abort();
    memcpy(text, data, size);
    for (size_t i = 0; i < size; i++)
        if (text[i] == '/' || (text[i] == '.' && i + 1 < size && text[i + 1] == '.'))
            text[i] = '_';
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(text, 1, size, f) != size || fclose(f) != 0)
        abort();
    free(text);
    tvc_arena *a = tvc_arena_new();
    tvc_diags d;
    tvc_diags_init(&d, a);
    tvc_parse_opts o = {.server_root = dir};
    tvc_config *cfg = tvc_parse_file(a, &d, path, &o);
    if (cfg)
        tvc_ir_build(a, &d, cfg);
    tvc_arena_free(a);
    return 0;
}
