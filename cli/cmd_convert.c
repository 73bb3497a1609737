/* convert (and emit): parse + check + emit. Nothing is written when the
 * target cannot express the config, unless --allow-lossy; files are
 * written to a temp file next to the target and renamed into place. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "checks/checks.h"
#include "cli/cli.h"
#include "emit/emit.h"
#include "emit/runtime.h"

static const char usage_convert[] =
    "usage: tlsvhostc convert --to=mod_ssl|mod_gnutls|mod_tls [-o OUT] [OPTIONS] CONFIG\n"
    "  --to=TARGET             the module to write the TLS settings for\n"
    "  -o, --output OUT        a file, or a directory for a config with Include files\n"
    "                          (default: standard output)\n"
    "  --in-place              rewrite CONFIG and its includes, keeping .orig backups\n"
    "  --allow-lossy           write even what the target cannot express exactly\n"
    "  --templates DIR         templates instead of the installed ones\n"
    "  --server-root DIR, -D NAME[=VALUE], --env-file FILE, --httpd-version X.Y.Z\n"
    "  --ca-file FILE, --now RFC3339, --expiry-warn DAYS   as for check\n"
    "  --format=text|json, --fail-on=LEVEL, --color=WHEN, -q   findings (on stderr)\n";

static const char usage_emit[] =
    "usage: tlsvhostc emit --target=mod_ssl|mod_gnutls|mod_tls|runtime [-o OUT] [OPTIONS] "
    "CONFIG\n"
    "  the same as convert --to=TARGET (see tlsvhostc convert --help); runtime\n"
    "  writes one C source file for the tlsvhost runtime library (man tlsvhostc: RUNTIME)\n";

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

/* Temp file in the same directory, then rename: never a partial file. */
static int write_atomic(tvc_arena *a, const char *path, const char *text, size_t len)
{
    char *tmp = tvc_arena_printf(a, "%s.tmpXXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        fprintf(stderr, "tlsvhostc: cannot write '%s': %s\n", path, strerror(errno));
        return -1;
    }
    struct stat st;
    fchmod(fd, stat(path, &st) == 0 ? (st.st_mode & 0777) : 0644);
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(fd, text + off, len - off);
        if (w < 0) {
            fprintf(stderr, "tlsvhostc: cannot write '%s': %s\n", path, strerror(errno));
            close(fd);
            unlink(tmp);
            return -1;
        }
        off += (size_t)w;
    }
    if (close(fd) != 0 || rename(tmp, path) != 0) {
        fprintf(stderr, "tlsvhostc: cannot write '%s': %s\n", path, strerror(errno));
        unlink(tmp);
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

static int write_out(tvc_arena *a, const tvc_opts *o, const tvc_config *cfg, tvc_out_file *files)
{
    int multi = files && files->next;
    if (o->in_place) {
        for (tvc_out_file *f = files; f; f = f->next) {
            char *bak = tvc_arena_printf(a, "%s.orig", f->path);
            FILE *in = fopen(f->path, "rb"), *out = fopen(bak, "wbx");
            if (in && out) {
                char buf[65536];
                size_t n;
                while ((n = fread(buf, 1, sizeof buf, in)) > 0)
                    fwrite(buf, 1, n, out);
            }
            if (in)
                fclose(in);
            if (out)
                fclose(out);
            if (write_atomic(a, f->path, f->text ? f->text : "", f->len) != 0)
                return -1;
        }
        return 0;
    }
    if (!o->output) {
        for (tvc_out_file *f = files; f; f = f->next) {
            if (multi)
                printf("# ==> %s <==\n", f->path);
            fwrite(f->text ? f->text : "", 1, f->len, stdout);
        }
        return 0;
    }
    struct stat st;
    int to_dir = multi || (stat(o->output, &st) == 0 && S_ISDIR(st.st_mode));
    if (!to_dir)
        return write_atomic(a, o->output, files->text ? files->text : "", files->len);
    if (!cfg) /* from IR JSON: one flat file */
        return write_atomic(a, tvc_arena_printf(a, "%s/httpd.conf", o->output),
                            files->text ? files->text : "", files->len);
    /* The same layout under OUT, relative to the main config's directory. */
    const char *root = cfg->server_root;
    size_t rl = strlen(root);
    for (tvc_out_file *f = files; f; f = f->next) {
        const char *rel = f->path;
        if (!strncmp(rel, root, rl) && rel[rl] == '/')
            rel += rl + 1;
        else {
            fprintf(stderr, "tlsvhostc: '%s' is outside the ServerRoot '%s'; it is not "
                    "written\n", f->path, root);
            continue;
        }
        char *dst = tvc_arena_printf(a, "%s/%s", o->output, rel);
        if (mkdirs(dst) != 0 || write_atomic(a, dst, f->text ? f->text : "", f->len) != 0)
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
    f->path = output ? output : "vhosts.c";
    f->text = (char *)text;
    f->len = strlen(text);
    return f;
}

static int run(int argc, char **argv, const char *cmd, const char *usage)
{
    tvc_arena *a = tvc_arena_new();
    tvc_opts o;
    int r = tvc_cli_parse(a, argc, argv, &o, cmd, usage);
    if (r != 0) {
        tvc_arena_free(a);
        return r > 0 ? TVC_EXIT_OK : TVC_EXIT_USAGE;
    }
    if (!o.target) {
        fprintf(stderr, "tlsvhostc %s: say which module to write for (--to=mod_ssl, "
                "mod_gnutls or mod_tls)\n%s", cmd, usage);
        tvc_arena_free(a);
        return TVC_EXIT_USAGE;
    }
    tvc_diags d;
    tvc_diags_init(&d, a);
    tvc_config *cfg = NULL;
    tvc_ir *ir = tvc_cli_load(a, &d, &o, &cfg);
    int rc = TVC_EXIT_USAGE;
    if (!ir) {
        tvc_report_text(stderr, &d, 0);
        tvc_arena_free(a);
        return TVC_EXIT_USAGE;
    }
    int runtime = !strcmp(o.target, "runtime");
    if ((!cfg || runtime) && o.in_place) {
        fprintf(stderr, "tlsvhostc %s: --in-place %s\n", cmd,
                runtime ? "rewrites httpd configs; the runtime target writes C source"
                        : "needs an httpd config, not IR JSON");
        tvc_arena_free(a);
        return TVC_EXIT_USAGE;
    }
    /* A conversion never hides a problem: the checks run first. */
    tvc_checks_run(a, &d, ir, &o.check);
    struct stat st;
    if (runtime && o.output && stat(o.output, &st) == 0 && S_ISDIR(st.st_mode))
        o.output = tvc_arena_printf(a, "%s/vhosts.c", o.output);
    tvc_emit e = {a, &d, ir, cfg, tvc_emitter_find(o.target), templates_dir(a, o.templates),
                  0, 0};
    tvc_out_file *files = runtime ? runtime_file(&e, o.config, o.output)
                          : cfg   ? tvc_emit_tree(&e)
                                  : tvc_emit_from_ir(&e, o.output ? o.output : "httpd.conf");
    tvc_cli_filter(&o, &d, cfg);
    if (o.format == TVC_FMT_JSON)
        tvc_report_json(stderr, &d, NULL);
    else if (!o.quiet || d.count[TVC_ERROR])
        tvc_report_text(stderr, &d, 0);
    if (!files) {
        fprintf(stderr, "tlsvhostc %s: nothing written (template error)\n", cmd);
    } else if (e.n_lossy && !o.allow_lossy) {
        fprintf(stderr, "tlsvhostc %s: nothing written: %zu setting%s cannot be expressed "
                "for %s exactly (see convert-lossy above; --allow-lossy writes anyway)\n",
                cmd, e.n_lossy, e.n_lossy == 1 ? "" : "s", o.target);
    } else if (write_out(a, &o, runtime ? NULL : cfg, files) == 0) {
        rc = tvc_exit_status(&o, &d);
        /* convert-lossy findings the user accepted do not fail the run;
         * the other findings at or above --fail-on still do. */
        if (e.n_lossy && rc == TVC_EXIT_FINDINGS) {
            int other = d.count[TVC_ERROR] > e.n_lossy;
            for (int s = TVC_WARNING; s >= (int)o.fail_on; s--)
                other |= d.count[s] != 0;
            if (!other)
                rc = TVC_EXIT_OK;
        }
    }
    tvc_arena_free(a);
    return rc;
}

int tvc_cmd_convert(int argc, char **argv)
{
    return run(argc, argv, "convert", usage_convert);
}

int tvc_cmd_emit(int argc, char **argv)
{
    return run(argc, argv, "emit", usage_emit);
}
