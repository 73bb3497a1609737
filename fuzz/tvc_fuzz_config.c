/* libFuzzer target: the config reader and parser (lines, quoting,
 * sections, Include with wildcards, Define/${VAR}, <If*>, mod_macro) and
 * the IR built from what it read. The input is the main config in a
 * temp directory that is also ServerRoot; every '/' and "..", which could
 * name a file outside it, is rewritten first, so includes stay in that
 * tree (and the seed configs, full of paths, stay useful).
 *
 * Each input is read twice more the way check, ir and diff read it: a
 * lean tree, once whole and then built (tvc_ir_build), once built unit by
 * unit while it is read and given back (tvc_ir_parse_build). With
 * TVC_FUZZ_DIFF=1 in the environment the two must agree (findings per
 * severity and vhosts), else the target aborts: run so by hand; CI's
 * short runs only look for memory errors. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/diag.h"
#include "ir/build.h"
#include "ir/modules.h"
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

/* One lean read as check does it: the IR's vhost count, or -1. */
static long lean_read(int streamed, size_t count[3])
{
    tvc_arena *a = tvc_arena_new(), *ta = tvc_arena_new();
    tvc_diags d;
    tvc_diags_init(&d, a);
    tvc_parse_opts o = {.server_root = dir, .lean = 1, .tree_arena = ta,
                        .args_read = tvc_ir_args_read};
    tvc_ir_parse_hooks(&o);
    tvc_config *cfg = NULL;
    tvc_ir *ir;
    if (streamed) {
        ir = tvc_ir_parse_build(a, &d, path, &o, &cfg);
    } else {
        cfg = tvc_parse_file(a, &d, path, &o);
        ir = cfg ? tvc_ir_build(a, &d, cfg) : NULL;
    }
    long n = ir ? (long)ir->n_vhosts : -1;
    memcpy(count, d.count, sizeof d.count);
    tvc_arena_free(ta);
    tvc_arena_free(a);
    return n;
}

static void lean_twice(void)
{
    size_t whole[3], streamed[3];
    long nw = lean_read(0, whole), ns = lean_read(1, streamed);
    const char *diff = getenv("TVC_FUZZ_DIFF");
    if (diff && *diff == '1' && (nw != ns || memcmp(whole, streamed, sizeof whole) != 0)) {
        fprintf(stderr, "streamed build differs: vhosts %ld/%ld, findings %zu,%zu,%zu / "
                        "%zu,%zu,%zu\n", nw, ns, whole[0], whole[1], whole[2], streamed[0],
                streamed[1], streamed[2]);
        abort();
    }
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
    lean_twice();
    return 0;
}
