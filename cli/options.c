/* Option parsing from each command's table (cli/options.h), the data
 * files, the findings filter and loading CONFIG. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "cli/cli.h"
#include "cli/xml_dl.h"
#include "ir/build.h"
#include "ir/json.h"
#include "ir/modules.h"
#include "policy/expand.h"

/* RFC 3339: 2026-01-31T12:00:00Z, with an optional offset, or a date. */
static int parse_time(const char *s, time_t *out)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    const char *p = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
    if (!p) {
        memset(&tm, 0, sizeof tm);
        p = strptime(s, "%Y-%m-%d", &tm);
        if (!p || *p)
            return -1;
        *out = timegm(&tm);
        return 0;
    }
    if (*p == '.')
        while (*++p >= '0' && *p <= '9')
            ;
    long off = 0;
    if (*p == 'Z' || *p == 'z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        int h, m;
        if (sscanf(p + 1, "%2d:%2d", &h, &m) != 2)
            return -1;
        off = (h * 3600L + m * 60L) * (*p == '-' ? -1 : 1);
        p += 6;
    } else {
        return -1;
    }
    if (*p)
        return -1;
    *out = timegm(&tm) - off;
    return 0;
}

/* The field a generic setter writes. */
#define FIELD(o, opt, type) ((type *)(void *)((char *)(o) + (opt)->off))

int tvc_cli_set_string(tvc_arena *a, tvc_opts *o, const tvc_cli_option *opt,
                       const char *cmd, const char *arg)
{
    (void)a, (void)cmd;
    *FIELD(o, opt, const char *) = arg;
    return 0;
}

int tvc_cli_set_flag(tvc_arena *a, tvc_opts *o, const tvc_cli_option *opt,
                     const char *cmd, const char *arg)
{
    (void)a, (void)cmd, (void)arg;
    *FIELD(o, opt, int) = 1;
    return 0;
}

int tvc_cli_set_count(tvc_arena *a, tvc_opts *o, const tvc_cli_option *opt,
                      const char *cmd, const char *arg)
{
    (void)a;
    char *end;
    long v = strtol(arg, &end, 10);
    if (*end || end == arg || v < 0 || v > 100000) {
        fprintf(stderr, "tlsvhostc %s: --%s takes a number, not '%s'\n", cmd, opt->name, arg);
        return -1;
    }
    *FIELD(o, opt, int) = (int)v;
    return 0;
}

int tvc_cli_set_format(tvc_arena *a, tvc_opts *o, const tvc_cli_option *opt,
                       const char *cmd, const char *arg)
{
    (void)a, (void)opt;
    static const char *const names[] = {"text", "json", "sarif", "junit"};
    static const tvc_format formats[] = {TVC_FMT_TEXT, TVC_FMT_JSON, TVC_FMT_SARIF,
                                         TVC_FMT_JUNIT};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (!strcmp(arg, names[i])) {
            const char *why;
            /* libxml2 is loaded on first use: a run that cannot write its
             * report stops here, before it does the work. */
            if (formats[i] == TVC_FMT_JUNIT && !tvc_xml_dl(&why)) {
                fprintf(stderr, "tlsvhostc %s: --format=junit needs libxml2: %s\n", cmd, why);
                return -1;
            }
            o->format = formats[i];
            return 0;
        }
    fprintf(stderr, "tlsvhostc %s: unknown format '%s' (text, json, sarif or junit)\n", cmd,
            arg);
    return -1;
}

int tvc_cli_set_fail_on(tvc_arena *a, tvc_opts *o, const tvc_cli_option *opt,
                        const char *cmd, const char *arg)
{
    (void)a, (void)opt;
    if (tvc_severity_parse(arg, &o->fail_on) == 0)
        return 0;
    fprintf(stderr, "tlsvhostc %s: --fail-on takes error, warning or note, not '%s'\n", cmd,
            arg);
    return -1;
}

int tvc_cli_set_color(tvc_arena *a, tvc_opts *o, const tvc_cli_option *opt,
                      const char *cmd, const char *arg)
{
    (void)a, (void)opt;
    if (!strcmp(arg, "auto"))
        o->color = TVC_COLOR_AUTO;
    else if (!strcmp(arg, "always"))
        o->color = TVC_COLOR_ALWAYS;
    else if (!strcmp(arg, "never"))
        o->color = TVC_COLOR_NEVER;
    else {
        fprintf(stderr, "tlsvhostc %s: --color takes auto, always or never\n", cmd);
        return -1;
    }
    return 0;
}

/* -D NAME[=VALUE], kept in the order given (httpd's order). */
int tvc_cli_set_define(tvc_arena *a, tvc_opts *o, const tvc_cli_option *opt,
                       const char *cmd, const char *arg)
{
    (void)opt, (void)cmd;
    tvc_define *d = tvc_arena_calloc(a, sizeof *d);
    const char *eq = strchr(arg, '=');
    d->name = eq ? tvc_arena_strndup(a, arg, (size_t)(eq - arg)) : arg;
    d->value = eq ? eq + 1 : NULL;
    *o->define_tail = d;
    o->define_tail = &d->next;
    return 0;
}

int tvc_cli_set_now(tvc_arena *a, tvc_opts *o, const tvc_cli_option *opt,
                    const char *cmd, const char *arg)
{
    (void)a;
    if (parse_time(arg, FIELD(o, opt, time_t)) == 0)
        return 0;
    fprintf(stderr, "tlsvhostc %s: --now takes an RFC 3339 time such as "
            "2026-01-31T12:00:00Z, not '%s'\n", cmd, arg);
    return -1;
}

/* NAME or NAME@VERSION: the guidelines' version is part of the choice,
 * since configs made from an older version differ (5.7's intermediate
 * list has a suite 5.6's lacks); without @ the bundled default. */
int tvc_cli_set_profile(tvc_arena *a, tvc_opts *o, const tvc_cli_option *opt,
                        const char *cmd, const char *arg)
{
    (void)opt;
    const char *at = strchr(arg, '@');
    const char *name = at ? tvc_arena_strndup(a, arg, (size_t)(at - arg)) : arg;
    if (strcmp(name, "modern") && strcmp(name, "intermediate") && strcmp(name, "old")) {
        fprintf(stderr, "tlsvhostc %s: --profile takes modern, intermediate or old "
                "(optionally @VERSION of Mozilla's guidelines), not '%s'\n", cmd, arg);
        return -1;
    }
    json_t *data = tvc_cli_data_json(a, "mozilla-tls-profiles.json");
    if (!data) {
        fprintf(stderr, "tlsvhostc %s: cannot read mozilla-tls-profiles.json from %s (set "
                "TLSVHOSTC_DATADIR)\n", cmd, TVC_PKGDATADIR);
        return -1;
    }
    json_t *versions = json_object_get(data, "versions");
    const char *ver = at ? at + 1 : json_string_value(json_object_get(data, "default_version"));
    json_t *p = json_object_get(json_object_get(json_object_get(versions, ver ? ver : ""),
                                                "profiles"), name);
    if (!p) {
        const char *have = "", *v;
        json_t *val;
        json_object_foreach(versions, v, val)
            have = tvc_arena_printf(a, "%s%s%s", have, *have ? ", " : "", v);
        fprintf(stderr, "tlsvhostc %s: no '%s' profile of Mozilla's guidelines %s in "
                "mozilla-tls-profiles.json (it has versions %s)\n", cmd, name,
                ver ? ver : "(no default_version)", have);
        return -1;
    }
    o->check.profile = name;
    o->check.profile_version = ver;
    o->check.profile_data = p;
    return 0;
}

/* convert --to and emit --target: only emit writes the runtime's C. */
int tvc_cli_set_target(tvc_arena *a, tvc_opts *o, const tvc_cli_option *opt,
                       const char *cmd, const char *arg)
{
    (void)a, (void)opt;
    int emit = !strcmp(cmd, "emit");
    if (!strcmp(arg, "runtime") && !emit) {
        fprintf(stderr, "tlsvhostc %s: the runtime target writes C source, not a config: use "
                "tlsvhostc emit --target=runtime\n", cmd);
        return -1;
    }
    if (strcmp(arg, "mod_ssl") && strcmp(arg, "mod_gnutls") && strcmp(arg, "mod_tls") &&
        strcmp(arg, "runtime")) {
        fprintf(stderr, "tlsvhostc %s: the target is %s, not '%s'\n", cmd,
                emit ? "mod_ssl, mod_gnutls, mod_tls or runtime" : "mod_ssl, mod_gnutls or mod_tls",
                arg);
        return -1;
    }
    o->target = arg;
    return 0;
}

static void filter_add(tvc_arena *a, const char ***v, size_t *n, const char *id)
{
    *v = tvc_arena_realloc(a, *v, *n * sizeof **v, (*n + 1) * sizeof **v);
    (*v)[(*n)++] = id;
}

/* --disable ID and --enable ID; later options win, so
 * "--disable all --enable key-mismatch" keeps key-mismatch only. */
int tvc_cli_set_filter(tvc_arena *a, tvc_opts *o, const tvc_cli_option *opt,
                       const char *cmd, const char *arg)
{
    /* A misspelt ID would silently keep (or drop) findings. */
    if (strcmp(arg, "all") && !tvc_cli_id_known(arg)) {
        fprintf(stderr, "tlsvhostc %s: --%s: unknown diagnostic ID '%s' (see DIAGNOSTICS in "
                "tlsvhostc(1))\n", cmd, opt->name, arg);
        return -1;
    }
    int all = 0;
    size_t k = 0;
    for (size_t i = 0; i < o->n_disabled; i++)
        if (strcmp(o->disabled[i], arg))
            all |= !strcmp(o->disabled[k++] = o->disabled[i], "all");
    o->n_disabled = k;
    k = 0;
    for (size_t i = 0; i < o->n_enabled; i++)
        if (strcmp(o->enabled_after_all[i], arg))
            o->enabled_after_all[k++] = o->enabled_after_all[i];
    o->n_enabled = k;
    if (!strcmp(opt->name, "disable"))
        filter_add(a, &o->disabled, &o->n_disabled, arg);
    else if (all)
        filter_add(a, &o->enabled_after_all, &o->n_enabled, arg);
    return 0;
}

int tvc_cli_set_max_conn(tvc_arena *a, tvc_opts *o, const tvc_cli_option *opt,
                         const char *cmd, const char *arg)
{
    (void)a, (void)opt;
    char *end;
    long v = strtol(arg, &end, 10);
    if (*end || end == arg || v < 1) {
        fprintf(stderr, "tlsvhostc %s: --max-connections takes a positive number, not '%s'\n",
                cmd, arg);
        return -1;
    }
    o->max_connections = v;
    return 0;
}

/* ---- the parser ------------------------------------------------------- */

static const tvc_cli_cmd *const all_cmds[] = {&tvc_cli_check, &tvc_cli_ir, &tvc_cli_convert,
                                              &tvc_cli_emit, &tvc_cli_diff, &tvc_cli_serve,
                                              &tvc_cli_ocsp_fetch, &tvc_cli_probe};

/* getopt_long returns 'h' for -h/--help, a row's short name, or
 * OPT_ROW + its index in the table. */
enum { OPT_ROW = 256 };

static size_t n_rows(const tvc_cli_cmd *cmd)
{
    size_t n = 0;
    while (cmd->options[n].name)
        n++;
    return n;
}

/* getopt_long's arguments from CMD's table, with -h/--help, which every
 * command takes (as git's parse-options adds it). */
static struct option *getopt_args(tvc_arena *a, const tvc_cli_cmd *cmd, char **shortopts)
{
    size_t n = n_rows(cmd);
    struct option *lo = tvc_arena_calloc(a, (n + 2) * sizeof *lo);
    char *so = tvc_arena_calloc(a, 2 * n + 2);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const tvc_cli_option *r = &cmd->options[i];
        int has_arg = r->argh ? required_argument : no_argument;
        lo[i] = (struct option){r->name, has_arg, NULL, r->short_name ? r->short_name
                                                                       : OPT_ROW + (int)i};
        if (r->short_name) {
            so[k++] = (char)r->short_name;
            if (r->argh)
                so[k++] = ':';
        }
    }
    lo[n] = (struct option){"help", no_argument, NULL, 'h'};
    so[k] = 'h';
    *shortopts = so;
    return lo;
}

/* The row getopt_long's C stands for. */
static const tvc_cli_option *row_of(const tvc_cli_cmd *cmd, int c)
{
    if (c >= OPT_ROW)
        return &cmd->options[c - OPT_ROW];
    for (const tvc_cli_option *r = cmd->options; r->name; r++)
        if (r->short_name == c)
            return r;
    return NULL;
}

/* The name WORD (an argument getopt_long refused) gives an option of some
 * command's table: "--allow-lossy", "--to=x", "-o". */
static const char *known_elsewhere(const char *word, int short_name)
{
    size_t len = 0;
    if (!strncmp(word, "--", 2)) {
        word += 2;
        len = strcspn(word, "=");
    }
    for (size_t i = 0; i < sizeof all_cmds / sizeof *all_cmds; i++)
        for (const tvc_cli_option *r = all_cmds[i]->options; r->name; r++)
            if (len ? strlen(r->name) == len && !strncmp(r->name, word, len)
                    : short_name && r->short_name == short_name)
                return r->name;
    return NULL;
}

/* Why getopt_long refused WORD; OPT is getopt_long's optopt: the option
 * whose value was missing or not wanted, the short option it did not
 * know, or 0. */
static void refuse(const tvc_cli_cmd *cmd, const char *word, int opt)
{
    int is_long = !strncmp(word, "--", 2);
    const tvc_cli_option *own = opt ? row_of(cmd, opt) : NULL;
    const char *name = known_elsewhere(word, own || is_long ? 0 : opt);
    /* "--fail-on=x" reaches diff's --fail-on-weaken as a prefix */
    if (own && name && strcmp(name, own->name))
        own = NULL;
    if (own) {
        fprintf(stderr, "tlsvhostc %s: option '%s' %s\n", cmd->name, word,
                own->argh ? "needs a value" : "takes no value");
    } else if (!name) {
        fprintf(stderr, "tlsvhostc %s: unknown or incomplete option '%s'\n", cmd->name, word);
    } else {
        if (is_long)
            fprintf(stderr, "tlsvhostc %s: option --%s does not apply to %s\n", cmd->name, name,
                    cmd->name);
        else
            fprintf(stderr, "tlsvhostc %s: option -%c does not apply to %s\n", cmd->name, opt,
                    cmd->name);
        fprintf(stderr, "(tlsvhostc %s --help lists the options it takes)\n", cmd->name);
        return;
    }
    tvc_cli_usage(stderr, cmd);
}

/* The word of the long option getopt_long just returned: "--name VALUE"
 * is two words, "--name=VALUE" one. */
static const char *long_word(char **argv, const tvc_cli_option *r)
{
    int i = optind - 1;
    if (r->argh && i >= 1 && optarg == argv[i])
        i--;
    return argv[i];
}

/* getopt_long takes any prefix unique in CMD's table, so "--fail-on"
 * would reach diff's --fail-on-weaken: a prefix is refused when it is
 * another option's name, or the prefix of one (ambiguous, as it was
 * when every command took every option). */
static int abbreviates_other(const char *word, const tvc_cli_option *r)
{
    size_t len = strcspn(word + 2, "=");
    if (strlen(r->name) == len)
        return 0;
    for (size_t i = 0; i < sizeof all_cmds / sizeof *all_cmds; i++)
        for (const tvc_cli_option *o = all_cmds[i]->options; o->name; o++)
            if (strcmp(o->name, r->name) && !strncmp(o->name, word + 2, len))
                return 1;
    return 0;
}

static void opts_init(tvc_opts *o)
{
    memset(o, 0, sizeof *o);
    o->fail_on = TVC_ERROR;
    o->check.expiry_warn_days = 30;
    o->serve_timeout = 10;
    o->serve_grace = 5;
    o->define_tail = &o->parse.defines;
    tvc_ir_parse_hooks(&o->parse);
}

/* The operands after the options: CONFIG, or diff's OLD NEW. */
static int operands(const tvc_cli_cmd *cmd, int argc, char **argv, tvc_opts *o)
{
    int n = argc - optind;
    if (n != cmd->n_operands) {
        fprintf(stderr, "tlsvhostc %s: %s\n", cmd->name,
                cmd->n_operands == 2 ? "give two configs, OLD and NEW"
                : n == 0             ? "no CONFIG given"
                                     : "only one CONFIG, please");
        tvc_cli_usage(stderr, cmd);
        return -1;
    }
    o->config = argv[optind];
    o->config_new = n == 2 ? argv[optind + 1] : NULL;
    return 0;
}

int tvc_cli_parse(tvc_arena *a, int argc, char **argv, tvc_opts *o, const tvc_cli_cmd *cmd)
{
    opts_init(o);
    char *shortopts;
    struct option *longopts = getopt_args(a, cmd, &shortopts);
    optind = 1;
    opterr = 0;
    int c, li;
    while ((li = -1, c = getopt_long(argc, argv, shortopts, longopts, &li)) != -1) {
        const tvc_cli_option *r = c == '?' || c == 'h' ? NULL : row_of(cmd, c);
        if (c == 'h') {
            tvc_cli_usage(stdout, cmd);
            return 1;
        }
        if (!r) {
            refuse(cmd, argv[optind - 1], optopt);
            return -1;
        }
        if (li >= 0 && abbreviates_other(long_word(argv, r), r)) {
            refuse(cmd, long_word(argv, r), 0);
            return -1;
        }
        if (r->set(a, o, r, cmd->name, r->argh ? optarg : NULL) != 0)
            return -1;
    }
    return operands(cmd, argc, argv, o);
}

int tvc_cli_begin(int argc, char **argv, const tvc_cli_cmd *cmd, tvc_arena **a, tvc_opts *o,
                  tvc_diags *d)
{
    *a = tvc_arena_new();
    int r = tvc_cli_parse(*a, argc, argv, o, cmd);
    if (r != 0) {
        tvc_arena_free(*a);
        *a = NULL;
        return r > 0 ? TVC_EXIT_OK : TVC_EXIT_USAGE;
    }
    tvc_diags_init(d, *a);
    return -1;
}

/* One line per option, the description at column 26 as git's usage. */
void tvc_cli_usage(FILE *f, const tvc_cli_cmd *cmd)
{
    fputs(cmd->usage, f);
    for (const tvc_cli_option *r = cmd->options; r->name; r++) {
        char spec[64];
        if (r->short_name)
            snprintf(spec, sizeof spec, "-%c, --%s%s", r->short_name, r->name,
                     r->argh ? r->argh : "");
        else
            snprintf(spec, sizeof spec, "--%s%s", r->name, r->argh ? r->argh : "");
        if (!*r->help) {
            fprintf(f, "  %s\n", spec);
            continue;
        }
        fprintf(f, "  %-22s  ", spec);
        for (const char *p = r->help; *p; p++) {
            fputc(*p, f);
            if (*p == '\n')
                fprintf(f, "%26s", "");
        }
        fputc('\n', f);
    }
}

static void json_free(void *j)
{
    json_decref(j);
}

/* A data file: $TLSVHOSTC_DATADIR, the installed pkgdatadir, then the
 * source tree (so an uninstalled build works). Owned by the arena. */
json_t *tvc_cli_data_json(tvc_arena *a, const char *name)
{
    const char *dirs[] = {getenv("TLSVHOSTC_DATADIR"), TVC_PKGDATADIR, TVC_SRCDATADIR};
    for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
        if (!dirs[i])
            continue;
        char *p = tvc_arena_printf(a, "%s/%s", dirs[i], name);
        json_t *j = json_load_file(p, 0, NULL);
        if (j) {
            tvc_arena_cleanup_add(a, json_free, j);
            return j;
        }
    }
    return NULL;
}

void tvc_cli_filter(const tvc_opts *o, tvc_diags *d, const tvc_config *cfg)
{
    if (cfg)
        tvc_diags_suppress(d, cfg->suppressions);
    if (!o->n_disabled)
        return;
    int all = 0;
    for (size_t i = 0; i < o->n_disabled; i++)
        all |= !strcmp(o->disabled[i], "all");
    if (!all) {
        tvc_diags_disable(d, o->disabled, o->n_disabled);
        return;
    }
    /* --disable all: everything but what --enable named afterwards */
    tvc_diag **pp = &d->head, *last = NULL;
    while (*pp) {
        tvc_diag *g = *pp;
        int keep = 0;
        for (size_t i = 0; i < o->n_enabled; i++)
            keep |= !strcmp(o->enabled_after_all[i], g->id);
        if (!keep) {
            if (g->suppressed)
                d->n_suppressed--;
            else
                d->count[g->severity]--;
            *pp = g->next;
            d->stored--;
            continue;
        }
        last = g;
        pp = &g->next;
    }
    d->tail = last;
}

/* IR JSON starts with '{'; an httpd config never does. */
static int looks_like_json(const char *path)
{
    /* Never open what is not a regular file here: a FIFO would block. */
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return 0;
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    int c;
    while ((c = fgetc(f)) == ' ' || c == '\n' || c == '\t' || c == '\r')
        ;
    fclose(f);
    return c == '{';
}

tvc_ir *tvc_cli_load(tvc_arena *a, tvc_diags *d, const tvc_opts *o,
                     tvc_config **cfg_out)
{
    if (cfg_out)
        *cfg_out = NULL;
    if (looks_like_json(o->config)) {
        json_error_t err;
        json_t *j = json_load_file(o->config, 0, &err);
        if (!j) {
            tvc_loc l = {tvc_arena_strdup(a, o->config), (unsigned)err.line,
                         (unsigned)err.column, NULL};
            tvc_diag_add(d, "parse-error", TVC_ERROR, &l, 0, "invalid JSON: %s", err.text);
            return NULL;
        }
        tvc_ir *ir = tvc_ir_from_json(a, d, j, tvc_arena_strdup(a, o->config));
        json_decref(j);
        if (ir)
            tvc_policy_expand_ir(a, d, ir);
        return ir;
    }
    tvc_config *cfg = NULL;
    tvc_ir *ir;
    if (o->parse.tree_arena) {
        /* check, ir, diff: the tree is built and freed unit by unit */
        ir = tvc_ir_parse_build(a, d, o->config, &o->parse, &cfg);
    } else {
        cfg = tvc_parse_file(a, d, o->config, &o->parse);
        ir = cfg ? tvc_ir_build(a, d, cfg) : NULL;
    }
    if (!cfg)
        return NULL;
    if (cfg_out)
        *cfg_out = cfg;
    tvc_policy_expand_ir(a, d, ir);
    return ir;
}

void tvc_cli_tree_for_ir(tvc_opts *o)
{
    o->parse.tree_arena = tvc_arena_new();
    o->parse.args_read = tvc_ir_args_read;
}

void tvc_cli_drop_tree(tvc_opts *o, tvc_config *cfg, tvc_ir *ir)
{
    tvc_arena_free(o->parse.tree_arena);
    o->parse.tree_arena = NULL;
    if (cfg)
        cfg->root = NULL;
    for (size_t i = 0; ir && i < ir->n_vhosts; i++)
        ir->vhosts[i].node = NULL;
}
