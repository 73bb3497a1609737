/* Shared by the command files: the parsed options (each command's table
 * in cli/options.h says which it takes), the run's arena and
 * diagnostics, and the renderers. */
#ifndef TVC_CLI_H
#define TVC_CLI_H

#include <stdio.h>

#include <jansson.h>

#include "base/diag.h"
#include "ir/ir.h"
#include "parser/parser.h"
#include "checks/checks.h"
#include "probe/probe.h"
#include "cli/options.h"

enum { TVC_EXIT_OK = 0, TVC_EXIT_FINDINGS = 1, TVC_EXIT_USAGE = 2 };

typedef enum { TVC_FMT_TEXT, TVC_FMT_JSON, TVC_FMT_SARIF, TVC_FMT_JUNIT } tvc_format;
typedef enum { TVC_COLOR_AUTO, TVC_COLOR_ALWAYS, TVC_COLOR_NEVER } tvc_color;

typedef struct tvc_opts {
    tvc_parse_opts parse;
    tvc_format format;
    tvc_severity fail_on;
    tvc_color color;
    const char *output;
    const char *config;
    int quiet;
    int sni_map;
    tvc_check_opts check;
    const char *target;     /* convert --to / emit --target */
    const char *templates;  /* --templates DIR */
    int allow_lossy, in_place;
    const char *base_dir;   /* --base-dir: SARIF paths are relative to it */
    const char **disabled;  /* --disable ID (minus later --enable ID) */
    size_t n_disabled;
    const char **enabled_after_all; /* --enable ID after --disable all */
    size_t n_enabled;
    const char *listen;     /* serve --listen ADDR:PORT */
    const char *site;       /* serve --site ADDR:PORT */
    long max_connections;   /* serve: 0 = no limit */
    int serve_workers;      /* serve --workers: 0 = one per core */
    int serve_timeout;      /* serve --timeout SECONDS */
    int serve_grace;        /* serve --grace SECONDS */
    int fail_on_weaken;     /* diff */
    const char *config_new; /* diff: NEW (OLD is config) */
    const char *ocsp_out;   /* ocsp fetch --out DIR */
    int ocsp_refresh;       /* serve --ocsp-refresh */
    tvc_probe_connect *probe_connect; /* probe --connect, in order */
    size_t n_probe_connect;
    int probe_timeout, probe_concurrency, probe_protocols, probe_host; /* probe */
    const char *wildcard_label; /* probe --wildcard-label */
    tvc_define **define_tail; /* where the next -D goes */
} tvc_opts;

typedef struct tvc_cmd_desc {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *synopsis;
} tvc_cmd_desc;

/* Parses the options of CMD's table; leaves the config path in o->config
 * (and diff's NEW in o->config_new). Returns -1 (after printing why) on
 * bad usage, 1 for --help. */
int tvc_cli_parse(tvc_arena *a, int argc, char **argv, tvc_opts *o, const tvc_cli_cmd *cmd);

/* What every command does first: its arena (*a), its options (CMD's
 * table), its findings list. -1: go on; else the exit status to return
 * (--help, bad usage), with nothing left to free. */
int tvc_cli_begin(int argc, char **argv, const tvc_cli_cmd *cmd, tvc_arena **a, tvc_opts *o,
                  tvc_diags *d);

/* For a command that reads only the IR (check, ir, diff), before
 * tvc_cli_load: the tree goes to an arena of its own, freed by
 * tvc_cli_drop_tree once the IR is built, and keeps only the words the
 * build reads (tvc_ir_args_read). */
void tvc_cli_tree_for_ir(tvc_opts *o);

/* For a command that reads only the IR: frees the parse tree that
 * o->parse.tree_arena held (set before tvc_cli_load) and the pointers
 * into it (cfg may be NULL). At 10,000 vhosts the nodes are a third of
 * the memory. */
void tvc_cli_drop_tree(tvc_opts *o, tvc_config *cfg, tvc_ir *ir);

/* Parses CONFIG (or reads IR JSON when it is one) into an IR. NULL:
 * nothing could be read; the diagnostics say why. */
tvc_ir *tvc_cli_load(tvc_arena *a, tvc_diags *d, const tvc_opts *o,
                     tvc_config **cfg_out);

/* What every command starts from (git's builtins get theirs from
 * run_builtin's setup): the run's arena, its options, the diagnostics
 * list, and CONFIG read. */
typedef struct tvc_cli_run {
    tvc_arena *a;
    tvc_opts o;
    tvc_diags d;
    tvc_config *cfg; /* NULL for IR JSON */
    tvc_ir *ir;      /* NULL: CONFIG could not be read, d says why */
} tvc_cli_run;

/* The usage checks a command adds to its table's, and the parse options
 * it sets, before CONFIG is read: nonzero is bad usage (it said why). */
typedef int (*tvc_cli_prepare)(tvc_cli_run *r, void *ud);

/* Opens a run of `cmd` (`prepare` may be NULL). Returns 1 when the run is
 * open, and the command ends it with tvc_arena_free(r->a); 0 when there
 * is nothing to run (--help, bad usage), with *status the status to return
 * and nothing left to free. */
int tvc_cli_open(tvc_cli_run *r, int argc, char **argv, const tvc_cli_cmd *cmd,
                 tvc_cli_prepare prepare, void *ud, int *status);

void tvc_report_text(FILE *f, const tvc_diags *d, int color);
void tvc_report_json(FILE *f, const tvc_diags *d, json_t *extra);
/* SARIF 2.1.0 (cli/report_sarif.c): paths relative to o->base_dir. */
void tvc_report_sarif(FILE *f, const tvc_diags *d, const tvc_opts *o);
/* JUnit XML (cli/report_junit.c): a testsuite per config file. */
void tvc_report_junit(FILE *f, const tvc_diags *d, const tvc_opts *o);
/* check --sni-map (cli/report_sni_map.c): who answers which name. */
struct tvc_sni_map;
void tvc_report_sni_map(FILE *f, const tvc_ir *ir, const struct tvc_sni_map *m);
json_t *tvc_report_sni_map_json(const tvc_ir *ir, const struct tvc_sni_map *m);
int tvc_report(const tvc_opts *o, const tvc_diags *d, json_t *extra);
int tvc_exit_status(const tvc_opts *o, const tvc_diags *d);
json_t *tvc_cli_data_json(tvc_arena *a, const char *name);
/* Applies inline suppressions and --disable to the findings. */
void tvc_cli_filter(const tvc_opts *o, tvc_diags *d, const tvc_config *cfg);
/* ID is a diagnostic ID the tool can report (cli/report_sarif.c's rules). */
int tvc_cli_id_known(const char *id);

int tvc_cmd_check(int argc, char **argv);
int tvc_cmd_ir(int argc, char **argv);
int tvc_cmd_convert(int argc, char **argv);
int tvc_cmd_emit(int argc, char **argv);
int tvc_cmd_diff(int argc, char **argv);
int tvc_cmd_serve(int argc, char **argv);
/* serve --ocsp-refresh (cli/serve_ocsp.c): fetches the response files the
 * vhosts staple now, then keeps them fresh on a thread until stopped
 * (stopped, it can resume: a reload that fails keeps the old set). It
 * lives in A, with IR: stop it before A goes. */
typedef struct tvc_serve_ocsp tvc_serve_ocsp;
tvc_serve_ocsp *tvc_serve_ocsp_start(tvc_arena *a, const tvc_ir *ir, const tvc_opts *o);
void tvc_serve_ocsp_stop(tvc_serve_ocsp *s);
void tvc_serve_ocsp_resume(tvc_serve_ocsp *s);
int tvc_cmd_ocsp(int argc, char **argv);
int tvc_cmd_probe(int argc, char **argv);

#endif
