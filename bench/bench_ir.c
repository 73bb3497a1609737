/* bench_ir [--json] [--lean] CONFIG [REPEAT]: parses CONFIG and builds its
 * IR REPEAT times (default 5), each run in a fresh arena, and reports wall
 * time (best and median) for the parse, the IR build and both, the arena
 * bytes the parse tree and the IR take, and the peak RSS of the process.
 *
 * --lean parses as check, ir and diff do (tvc_cli_tree_for_ir and
 * tvc_ir_parse_build): the tree in an arena of its own, each unit built
 * into the IR and freed as it is read, no verbatim text and no words for
 * lines the build does not read. Parse and build are then one pass: the
 * parse column is both, the IR column 0, and the tree bytes are what the
 * parse keeps of it (files, Include lines, server-level lines). Without
 * it the parse keeps everything convert and emit need.
 *
 * Exits 1 when the library reports any error diagnostic (the figures would
 * not describe a successful run), 2 on usage errors or an unreadable CONFIG. */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "base/arena.h"
#include "ir/build.h"
#include "ir/modules.h"
#include "base/diag.h"
#include "parser/parser.h"

#define MAX_SHOWN 20

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

typedef struct stat2 {
    double best, median;
} stat2;

static stat2 stats(double *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_double);
    stat2 s = {v[0], n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2};
    return s;
}

/* Enough JSON string escaping for a path. */
static void put_json_str(const char *s)
{
    putchar('"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            printf("\\%c", c);
        else if (c < 0x20)
            printf("\\u%04x", c);
        else
            putchar(c);
    }
    putchar('"');
}

static void print_errors(const tvc_diags *d)
{
    size_t shown = 0;
    for (const tvc_diag *g = d->head; g && shown < MAX_SHOWN; g = g->next) {
        if (g->severity != TVC_ERROR)
            continue;
        fprintf(stderr, "  %s:%u:%u: error [%s]: %s\n",
                g->loc.file ? g->loc.file : "-", g->loc.line, g->loc.col, g->id,
                g->message);
        shown++;
    }
    if (d->count[TVC_ERROR] > shown)
        fprintf(stderr, "  ... and %zu more\n", d->count[TVC_ERROR] - shown);
}

/* What the runs measured: the times of each run, the sizes of the first. */
typedef struct result {
    size_t n; /* runs */
    double *t_parse, *t_build, *t_total;
    size_t vhosts, files, lines, warnings, notes;
    size_t used_parse, used_build;
} result;

/* Options: [--json] [--lean] CONFIG [REPEAT]. 0, or 2 after saying what
 * is wrong. */
static int parse_args(int argc, char **argv, const char **config, long *repeat, int *json,
                      int *lean)
{
    int npos = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0) {
            *json = 1;
        } else if (strcmp(argv[i], "--lean") == 0) {
            *lean = 1;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "bench_ir: unknown option %s\n", argv[i]);
            return 2;
        } else if (npos == 0) {
            *config = argv[i];
            npos++;
        } else if (npos == 1) {
            char *end;
            *repeat = strtol(argv[i], &end, 10);
            if (*end || end == argv[i] || *repeat < 1 || *repeat > 100000) {
                fprintf(stderr, "bench_ir: bad REPEAT '%s'\n", argv[i]);
                return 2;
            }
            npos++;
        } else {
            npos++;
        }
    }
    if (!*config || npos > 2) {
        fputs("usage: bench_ir [--json] [--lean] CONFIG [REPEAT]\n", stderr);
        return 2;
    }
    return 0;
}

/* Parses and builds CONFIG res->n times, each in a fresh arena. 0, or
 * the exit status after saying what went wrong. */
static int measure(const char *config, int lean, result *res)
{
    tvc_parse_opts opts;
    memset(&opts, 0, sizeof opts);
    tvc_ir_parse_hooks(&opts);
    for (size_t r = 0; r < res->n; r++) {
        if (lean) { /* as tvc_cli_tree_for_ir, which lives in the CLI */
            opts.lean = 1;
            opts.tree_arena = tvc_arena_new();
            opts.args_read = tvc_ir_args_read;
        }
        tvc_arena *a = tvc_arena_new();
        tvc_diags d;
        tvc_diags_init(&d, a);

        double t0 = now_ms();
        tvc_config *cfg = NULL;
        tvc_ir *ir = NULL;
        if (lean)
            ir = tvc_ir_parse_build(a, &d, config, &opts, &cfg);
        else
            cfg = tvc_parse_file(a, &d, config, &opts);
        double t1 = now_ms();
        if (!cfg) {
            fprintf(stderr, "bench_ir: cannot read %s\n", config);
            print_errors(&d);
            return 2;
        }
        size_t tree = opts.tree_arena ? tvc_arena_used(opts.tree_arena) : 0;
        /* lean: the run's arena holds the IR (and what the parser keeps
         * there), the tree's what is left of the tree */
        size_t u1 = (lean ? 0 : tvc_arena_used(a)) + tree;
        if (!lean)
            ir = tvc_ir_build(a, &d, cfg);
        double t2 = now_ms();
        size_t u2 = tvc_arena_used(a) + tree;

        if (!ir || d.count[TVC_ERROR]) {
            fprintf(stderr, "bench_ir: %zu error diagnostic(s) for %s\n",
                    d.count[TVC_ERROR], config);
            print_errors(&d);
            return 1;
        }
        res->t_parse[r] = t1 - t0;
        res->t_build[r] = t2 - t1;
        res->t_total[r] = t2 - t0;
        if (r == 0) {
            res->vhosts = ir->n_vhosts;
            res->files = cfg->n_files;
            res->lines = cfg->n_lines;
            res->used_parse = u1;
            res->used_build = u2 - u1;
            res->warnings = d.count[TVC_WARNING];
            res->notes = d.count[TVC_NOTE];
        }
        tvc_arena_free(opts.tree_arena); /* the IR keeps nothing in it */
        opts.tree_arena = NULL;
        tvc_arena_free(a);
    }
    return 0;
}

static void print_result(const char *config, const result *res, int json)
{
    size_t n = res->n;
    stat2 sp = stats(res->t_parse, n), sb = stats(res->t_build, n), st = stats(res->t_total, n);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    long maxrss_kib = ru.ru_maxrss; /* KiB on Linux */
    double ir_per_vhost = res->vhosts ? (double)res->used_build / (double)res->vhosts : 0;
    double tree_per_line = res->lines ? (double)res->used_parse / (double)res->lines : 0;

    if (json) {
        fputs("{\n  \"config\": ", stdout);
        put_json_str(config);
        printf(",\n"
               "  \"repeat\": %zu,\n"
               "  \"vhosts\": %zu,\n"
               "  \"files\": %zu,\n"
               "  \"lines\": %zu,\n"
               "  \"warnings\": %zu,\n"
               "  \"notes\": %zu,\n"
               "  \"parse_ms\": {\"best\": %.3f, \"median\": %.3f},\n"
               "  \"ir_build_ms\": {\"best\": %.3f, \"median\": %.3f},\n"
               "  \"total_ms\": {\"best\": %.3f, \"median\": %.3f},\n"
               "  \"arena_after_parse_bytes\": %zu,\n"
               "  \"arena_ir_build_bytes\": %zu,\n"
               "  \"ir_bytes_per_vhost\": %.1f,\n"
               "  \"tree_bytes_per_line\": %.1f,\n"
               "  \"peak_rss_kib\": %ld\n"
               "}\n",
               n, res->vhosts, res->files, res->lines, res->warnings, res->notes, sp.best,
               sp.median, sb.best, sb.median, st.best, st.median, res->used_parse,
               res->used_build, ir_per_vhost, tree_per_line, maxrss_kib);
        return;
    }
    printf("config              %s\n", config);
    printf("runs                %zu\n", n);
    printf("vhosts              %zu\n", res->vhosts);
    printf("files               %zu\n", res->files);
    printf("lines               %zu\n", res->lines);
    printf("diagnostics         0 errors, %zu warnings, %zu notes\n", res->warnings,
           res->notes);
    printf("                    best ms   median ms\n");
    printf("parse               %9.3f  %9.3f\n", sp.best, sp.median);
    printf("IR build            %9.3f  %9.3f\n", sb.best, sb.median);
    printf("parse + IR          %9.3f  %9.3f\n", st.best, st.median);
    printf("arena after parse   %zu bytes (%.1f bytes/line)\n", res->used_parse,
           tree_per_line);
    printf("arena IR build      +%zu bytes (%.1f bytes/vhost)\n", res->used_build,
           ir_per_vhost);
    printf("peak RSS            %ld KiB\n", maxrss_kib);
}

int main(int argc, char **argv)
{
    const char *config = NULL;
    long repeat = 5;
    int json = 0, lean = 0;
    int rc = parse_args(argc, argv, &config, &repeat, &json, &lean);
    if (rc)
        return rc;
    result res = {0};
    res.n = (size_t)repeat;
    res.t_parse = calloc(res.n, sizeof *res.t_parse);
    res.t_build = calloc(res.n, sizeof *res.t_build);
    res.t_total = calloc(res.n, sizeof *res.t_total);
    if (!res.t_parse || !res.t_build || !res.t_total)
        return 2;
    rc = measure(config, lean, &res);
    if (rc)
        return rc;
    print_result(config, &res, json);
    free(res.t_parse);
    free(res.t_build);
    free(res.t_total);
    return 0;
}
