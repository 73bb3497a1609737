/* convert (and emit): parse + check + emit. Nothing is written when the
 * target cannot express the config, unless --allow-lossy; files are
 * written to a temp file next to the target and renamed into place. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/atomic_file.h"
#include "checks/checks.h"
#include "cli/cli.h"
#include "emit/emit.h"
#include "emit/runtime.h"

/* emit takes convert's options, with --target for --to. */
#define CONVERT_OPTIONS(to_name, to_help)                                                 \
    TVC_OPT_(to_name, 0, "=TARGET", to_help, tvc_cli_set_target, target),                \
    TVC_OPT_OUTPUT(" OUT", "a file, or a directory for a config with Include files\n"     \
                           "(default: standard output)"),                                 \
    TVC_OPT_("in-place", 0, NULL, "rewrite CONFIG and its includes, keeping .orig backups", \
             tvc_cli_set_flag, in_place),                                                 \
    TVC_OPT_("allow-lossy", 0, NULL, "write even what the target cannot express exactly",  \
             tvc_cli_set_flag, allow_lossy),                                              \
    TVC_OPT_("templates", 0, " DIR", "templates instead of the installed ones",           \
             tvc_cli_set_string, templates),                                              \
    TVC_OPT_SERVER_ROOT, TVC_OPT_DEFINE, TVC_OPT_ENV_FILE, TVC_OPT_HTTPD_VERSION,          \
    TVC_OPT_CA_FILE, TVC_OPT_NOW, TVC_OPT_EXPIRY_WARN,                                    \
    TVC_OPT_FORMAT("text|json", "findings on stderr as text or JSON (default text)"),     \
    TVC_OPT_FAIL_ON, TVC_OPT_COLOR,                                                       \
    TVC_OPT_QUIET("print findings only when there are errors"), TVC_OPT_END

static const tvc_cli_option convert_options[] = {
    CONVERT_OPTIONS("to", "the module to write the TLS settings for"),
};

static const tvc_cli_option emit_options[] = {
    CONVERT_OPTIONS("target", "the module to write the TLS settings for, or runtime"),
};

const tvc_cli_cmd tvc_cli_convert = {
    "convert",
    "usage: tlsvhostc convert --to=mod_ssl|mod_gnutls|mod_tls [-o OUT] [OPTIONS] CONFIG\n",
    convert_options, 1};

const tvc_cli_cmd tvc_cli_emit = {
    "emit",
    "usage: tlsvhostc emit --target=mod_ssl|mod_gnutls|mod_tls|runtime [-o OUT] [OPTIONS] "
    "CONFIG\n"
    "  what convert writes (--target is its --to); runtime writes one C source file\n"
    "  for the tlsvhost runtime library (man tlsvhostc: RUNTIME)\n",
    emit_options, 1};

static const char *templates_dir(tvc_arena *a, const char *given)
{
    if (given)
        return given;
    const char *dirs[] = {getenv("TLSVHOSTC_DATADIR"), TVC_PKGDATADIR, TVC_SRCDATADIR};
    for (size_t i = 0; i < 3; i++) {
        struct stat st;
        if (!dirs[i])
            continue;
        const char *p = tvc_arena_printf(a, "%s/templates", dirs[i]);
        if (stat(p, &st) == 0 && S_ISDIR(st.st_mode))
            return p;
    }
    return tvc_arena_printf(a, "%s/templates", TVC_PKGDATADIR);
}

/* Never a partial file (base/atomic_file.c). A new file takes the mode of
 * the input it was converted from, as an edit in place would keep it. */
static int write_atomic(const char *path, const char *src, const char *text, size_t len)
{
    struct stat st;
    mode_t mode = src && stat(src, &st) == 0 ? st.st_mode : 0644;
    if (tvc_file_replace(path, text, len, TVC_MODE_KEEP, mode) != 0) {
        fprintf(stderr, "tlsvhostc: cannot write '%s': %s\n", path, strerror(errno));
        return -1;
    }
    return 0;
}

static int mkdirs(char *path)
{
    for (char *p = path + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            if (mkdir(path, 0755) != 0 && errno != EEXIST)
                return -1;
            *p = '/';
        }
    return 0;
}

/* ---- where each file goes, decided before anything is written ---------- */

typedef struct file_id {
    dev_t dev;
    ino_t ino;
    const char *path;
} file_id;

typedef struct inputs {
    file_id *v;
    size_t n, cap;
} inputs;

static void add_input(tvc_arena *a, inputs *in, const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return;
    if (in->n == in->cap) {
        size_t nc = in->cap ? in->cap * 2 : 16;
        in->v = tvc_arena_realloc(a, in->v, in->cap * sizeof *in->v, nc * sizeof *in->v);
        in->cap = nc;
    }
    in->v[in->n++] = (file_id){st.st_dev, st.st_ino, path};
}

static void collect_inputs(tvc_arena *a, inputs *in, const tvc_node *n)
{
    for (const tvc_node *c = n->child; c; c = c->next) {
        if (c->kind == TVC_N_FILE)
            add_input(a, in, c->name);
        if (c->child)
            collect_inputs(a, in, c);
    }
}

/* The input file that `path` is (the same file, whatever the name), or NULL. */
static const char *is_input(const inputs *in, const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return NULL;
    for (size_t i = 0; i < in->n; i++)
        if (in->v[i].dev == st.st_dev && in->v[i].ino == st.st_ino)
            return in->v[i].path;
    return NULL;
}

static int to_dir(const tvc_opts *o, const tvc_out_file *files)
{
    struct stat st;
    return files->next || (stat(o->output, &st) == 0 && S_ISDIR(st.st_mode));
}

/* Sets each file's dst (NULL: not written) and says, as a note at the
 * Include, where a converted copy of a file outside the tree goes. Returns
 * NULL, or why nothing may be written: the input is never overwritten
 * unless --in-place, and --in-place never overwrites a backup. */
static const char *plan(tvc_arena *a, tvc_diags *d, const tvc_opts *o, const tvc_config *cfg,
                        tvc_out_file *files, const char *target)
{
    inputs in = {0};
    if (cfg) {
        add_input(a, &in, cfg->main_file);
        collect_inputs(a, &in, cfg->root);
    } else {
        add_input(a, &in, o->config);
    }
    const char *root = cfg ? tvc_emit_tree_root(a, cfg) : NULL;
    int dir = o->output && !o->in_place && to_dir(o, files);
    for (tvc_out_file *f = files; f; f = f->next) {
        const char *text = f->text ? f->text : "";
        if (!f->deploy) {
            f->dst = NULL; /* outside the tree, unchanged */
        } else if (o->in_place) {
            f->dst = tvc_emit_same_as_file(f->deploy, text, f->len) ? NULL : f->deploy;
        } else if (!o->output) {
            f->dst = f->deploy;
        } else if (!dir) {
            f->dst = o->output;
        } else if (!cfg) { /* from IR JSON: one flat file */
            f->dst = tvc_arena_printf(a, "%s/httpd.conf", o->output);
        } else if (f->outside) {
            f->dst = tvc_arena_printf(a, "%s%s", o->output, f->deploy);
        } else {
            const char *rel = tvc_emit_tree_rel(root, f->path);
            f->dst = rel ? tvc_arena_printf(a, "%s/%s", o->output, rel)
                         : tvc_arena_printf(a, "%s%s", o->output, f->path);
        }
        if (f->outside && f->deploy) {
            const char *where =
                o->in_place ? tvc_arena_printf(a, "is written to '%s', beside it", f->deploy)
                : !o->output
                    ? tvc_arena_printf(a, "is printed as '# ==> %s <=='; save it there",
                                       f->deploy)
                    : tvc_arena_printf(a, "is '%s'; copy it to '%s'", f->dst, f->deploy);
            tvc_diag_add(d, "convert-outside-file", TVC_NOTE, f->moved_at, 0,
                         "'%s' is outside the tree that is converted ('%s'): its %s "
                         "version %s, which this Include now names; the original stays as it "
                         "is (certbot updates it, other configs may include it)",
                         f->path, root, target, where);
        }
    }
    if (!o->in_place && o->output) {
        const char *hit = is_input(&in, o->output);
        if (hit)
            return tvc_arena_printf(a, "-o '%s' is '%s', a file of the configuration being "
                                    "converted", o->output, hit);
    }
    for (tvc_out_file *f = files; f; f = f->next) {
        if (!f->dst || (!o->output && !o->in_place))
            continue;
        const char *hit = is_input(&in, f->dst);
        if (o->in_place) {
            struct stat st;
            const char *bak = tvc_arena_printf(a, "%s.orig", f->dst);
            if (stat(f->dst, &st) == 0 && lstat(bak, &st) == 0)
                return tvc_arena_printf(a, "'%s' exists: --in-place keeps the original of "
                                        "'%s' there and does not overwrite an older backup",
                                        bak, f->dst);
        } else if (hit) {
            return tvc_arena_printf(a, "'%s' would overwrite '%s', a file of the "
                                    "configuration being converted", f->dst, hit);
        }
    }
    return NULL;
}

/* Temp file in the same directory, then rename: never a partial file. */
static int backup(tvc_arena *a, const char *path)
{
    FILE *in = fopen(path, "rb");
    if (!in)
        return errno == ENOENT ? 0 : -1; /* a new file: nothing to keep */
    const char *bak = tvc_arena_printf(a, "%s.orig", path);
    FILE *out = fopen(bak, "wbx");
    int ok = out != NULL;
    char buf[65536];
    size_t n;
    while (ok && (n = fread(buf, 1, sizeof buf, in)) > 0)
        ok = fwrite(buf, 1, n, out) == n;
    ok = ok && !ferror(in);
    fclose(in);
    if (out && fclose(out) != 0)
        ok = 0;
    if (!ok) {
        fprintf(stderr, "tlsvhostc: cannot keep a backup of '%s' in '%s': %s\n", path, bak,
                strerror(errno));
        if (out)
            unlink(bak);
        return -1;
    }
    return 0;
}

static int write_out(tvc_arena *a, const tvc_opts *o, tvc_out_file *files)
{
    if (!o->output && !o->in_place) {
        int multi = 0;
        for (tvc_out_file *f = files; f; f = f->next)
            multi += f->dst != NULL;
        for (tvc_out_file *f = files; f; f = f->next) {
            if (!f->dst)
                continue;
            if (multi > 1)
                printf("# ==> %s <==\n", f->dst);
            fwrite(f->text ? f->text : "", 1, f->len, stdout);
        }
        return 0;
    }
    if (o->in_place)
        for (tvc_out_file *f = files; f; f = f->next)
            if (f->dst && backup(a, f->dst) != 0)
                return -1;
    for (tvc_out_file *f = files; f; f = f->next) {
        if (!f->dst)
            continue;
        char *dst = tvc_arena_strdup(a, f->dst);
        if (mkdirs(dst) != 0 || write_atomic(dst, f->path, f->text ? f->text : "", f->len) != 0)
            return -1;
    }
    return 0;
}

/* emit --target=runtime: one C file (tvc_emitter_find knows no
 * "runtime", e->t stays NULL: emit/runtime.c does not read it). */
static tvc_out_file *runtime_file(tvc_emit *e, const char *config, const char *output)
{
    tvc_rt_config c = *tvc_emit_runtime_config(e);
    if (!c.source) /* IR JSON need not name its config */
        c.source = config;
    const char *text = tvc_emit_runtime_c(e, &c);
    if (!text)
        return NULL;
    tvc_out_file *f = tvc_arena_calloc(e->a, sizeof *f);
    f->path = f->deploy = output ? output : "vhosts.c";
    f->text = (char *)text;
    f->len = strlen(text);
    return f;
}

static int need_target(tvc_cli_run *r, void *ud)
{
    const tvc_cli_cmd *desc = ud;
    if (r->o.target)
        return 0;
    fprintf(stderr, "tlsvhostc %s: say which module to write for (--to=mod_ssl, "
            "mod_gnutls or mod_tls)\n", desc->name);
    tvc_cli_usage(stderr, desc);
    return -1;
}

static int run(int argc, char **argv, const tvc_cli_cmd *desc)
{
    const char *cmd = desc->name;
    tvc_cli_run run;
    int rc;
    if (!tvc_cli_open(&run, argc, argv, desc, need_target, (void *)desc, &rc))
        return rc;
    tvc_arena *a = run.a;
    tvc_config *cfg = run.cfg;
    tvc_ir *ir = run.ir;
    rc = TVC_EXIT_USAGE;
    if (!ir) {
        tvc_report_text(stderr, &run.d, 0);
        tvc_arena_free(a);
        return TVC_EXIT_USAGE;
    }
    int runtime = !strcmp(run.o.target, "runtime");
    if (run.o.in_place && run.o.output) {
        fprintf(stderr, "tlsvhostc %s: --in-place rewrites CONFIG itself; -o writes elsewhere: "
                "give one of them\n", cmd);
        tvc_arena_free(a);
        return TVC_EXIT_USAGE;
    }
    if ((!cfg || runtime) && run.o.in_place) {
        fprintf(stderr, "tlsvhostc %s: --in-place %s\n", cmd,
                runtime ? "rewrites httpd configs; the runtime target writes C source"
                        : "needs an httpd config, not IR JSON");
        tvc_arena_free(a);
        return TVC_EXIT_USAGE;
    }
    /* A conversion never hides a problem: the checks run first. */
    tvc_checks_run(a, &run.d, ir, &run.o.check);
    struct stat st;
    if (runtime && run.o.output && stat(run.o.output, &st) == 0 && S_ISDIR(st.st_mode))
        run.o.output = tvc_arena_printf(a, "%s/vhosts.c", run.o.output);
    tvc_emit e = {.a = a, .d = &run.d, .ir = ir, .cfg = cfg, .t = tvc_emitter_find(run.o.target),
                  .templates = templates_dir(a, run.o.templates)};
    tvc_out_file *files = runtime ? runtime_file(&e, run.o.config, run.o.output)
                          : cfg   ? tvc_emit_tree(&e)
                                  : tvc_emit_from_ir(&e, run.o.output ? run.o.output : "httpd.conf");
    const char *refused = files ? plan(a, &run.d, &run.o, cfg, files, run.o.target) : NULL;
    tvc_cli_filter(&run.o, &run.d, cfg);
    if (run.o.format == TVC_FMT_JSON)
        tvc_report_json(stderr, &run.d, NULL);
    else if (!run.o.quiet || run.d.count[TVC_ERROR])
        tvc_report_text(stderr, &run.d, 0);
    if (!files) {
        fprintf(stderr, "tlsvhostc %s: nothing written (template error)\n", cmd);
    } else if (e.n_lossy && !run.o.allow_lossy) {
        fprintf(stderr, "tlsvhostc %s: nothing written: %zu setting%s cannot be expressed "
                "for %s exactly (see convert-lossy above; --allow-lossy writes anyway)\n",
                cmd, e.n_lossy, e.n_lossy == 1 ? "" : "s", run.o.target);
    } else if (e.n_blocked) {
        fprintf(stderr, "tlsvhostc %s: nothing written: %zu included file%s outside the tree "
                "cannot be converted (see convert-outside-file above)\n", cmd, e.n_blocked,
                e.n_blocked == 1 ? "" : "s");
    } else if (refused) {
        fprintf(stderr, "tlsvhostc %s: nothing written: %s (-o names where the converted "
                "configuration goes; --in-place rewrites the input, keeping .orig backups)\n",
                cmd, refused);
    } else if (write_out(a, &run.o, files) == 0) {
        rc = tvc_exit_status(&run.o, &run.d);
        /* convert-lossy findings the user accepted do not fail the run;
         * the other findings at or above --fail-on still do. */
        if (e.n_lossy && rc == TVC_EXIT_FINDINGS) {
            int other = run.d.count[TVC_ERROR] > e.n_lossy;
            for (int s = TVC_WARNING; s >= (int)run.o.fail_on; s--)
                other |= run.d.count[s] != 0;
            if (!other)
                rc = TVC_EXIT_OK;
        }
    }
    tvc_arena_free(a);
    return rc;
}

int tvc_cmd_convert(int argc, char **argv)
{
    return run(argc, argv, &tvc_cli_convert);
}

int tvc_cmd_emit(int argc, char **argv)
{
    return run(argc, argv, &tvc_cli_emit);
}
