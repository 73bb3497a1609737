/* Renderers for the one findings list: compiler-style text and JSON. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "base/path.h"
#include "cli/cli.h"
#include "policy/gnutls_dl.h"

/* Source lines for the caret display, each file read once and indexed:
 * thousands of findings in one file must not re-read it each time. */
typedef struct src_file {
    char *path, *buf;
    size_t len;
    size_t *line_off; /* start of each line */
    size_t n_lines;
    struct src_file *next;
} src_file;

static src_file *src_cache;

static src_file *src_load(const char *path)
{
    for (src_file *f = src_cache; f; f = f->next)
        if (!strcmp(f->path, path))
            return f;
    src_file *f = calloc(1, sizeof *f);
    if (!f)
        abort();
    f->path = strdup(path);
    FILE *fp = fopen(path, "rb");
    struct stat st;
    if (fp && fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode) &&
        st.st_size < (64 << 20)) {
        f->buf = malloc((size_t)st.st_size + 1);
        if (f->buf) {
            f->len = fread(f->buf, 1, (size_t)st.st_size, fp);
            f->buf[f->len] = '\0';
        }
    }
    if (fp)
        fclose(fp);
    size_t cap = 64;
    f->line_off = malloc(cap * sizeof *f->line_off);
    if (!f->line_off)
        abort();
    f->line_off[f->n_lines++] = 0;
    for (size_t i = 0; f->buf && i < f->len; i++)
        if (f->buf[i] == '\n') {
            if (f->n_lines == cap) {
                cap *= 2;
                size_t *no = realloc(f->line_off, cap * sizeof *no);
                if (!no)
                    abort();
                f->line_off = no;
            }
            f->line_off[f->n_lines++] = i + 1;
        }
    f->next = src_cache;
    src_cache = f;
    return f;
}

static void src_cache_free(void)
{
    while (src_cache) {
        src_file *n = src_cache->next;
        free(src_cache->path);
        free(src_cache->buf);
        free(src_cache->line_off);
        free(src_cache);
        src_cache = n;
    }
}

/* Line `n` of `file`, at most `cap` bytes, stopping at NUL/CR/LF. */
static char *source_line(const char *file, unsigned n, size_t cap)
{
    src_file *f = src_load(file);
    if (!f->buf || n == 0 || n > f->n_lines)
        return NULL;
    const char *p = f->buf + f->line_off[n - 1];
    size_t len = 0;
    while (p + len < f->buf + f->len && len < cap && p[len] != '\n' && p[len] != '\0')
        len++;
    if (len && p[len - 1] == '\r')
        len--;
    char *out = malloc(len + 1);
    if (!out)
        abort();
    memcpy(out, p, len);
    out[len] = '\0';
    return out;
}

/* Config text can hold any bytes: control bytes (an ESC could drive the
 * terminal) and invalid UTF-8 become '?' before they are shown. */
static char *clean(const char *s)
{
    size_t n = strlen(s);
    char *o = malloc(n + 1);
    if (!o)
        abort();
    const unsigned char *p = (const unsigned char *)s;
    size_t k = 0;
    while (*p) {
        unsigned c = *p;
        size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        int ok = len > 0;
        for (size_t i = 1; ok && i < len; i++)
            ok = (p[i] & 0xc0) == 0x80;
        if (!ok || (len == 1 && ((c < 0x20 && c != '\t') || c == 0x7f))) {
            o[k++] = '?';
            p++;
            continue;
        }
        memcpy(o + k, p, len);
        k += len;
        p += len;
    }
    o[k] = '\0';
    return o;
}

static json_t *jclean(const char *s)
{
    char *c = clean(s);
    json_t *j = json_string(c);
    free(c);
    return j;
}

static const char *sev_color(tvc_severity s)
{
    return s == TVC_ERROR ? "\033[1;31m" : s == TVC_WARNING ? "\033[1;35m" : "\033[1;36m";
}

void tvc_report_text(FILE *f, const tvc_diags *d, int color)
{
    const char *bold = color ? "\033[1m" : "", *rst = color ? "\033[0m" : "";
    for (const tvc_diag *g = d->head; g; g = g->next) {
        if (g->suppressed)
            continue; /* counted below; JSON and SARIF list them */
        if (g->loc.file && g->loc.line)
            fprintf(f, "%s%s:%u:%u:%s ", bold, tvc_path_shown(g->loc.file), g->loc.line, g->loc.col, rst);
        else if (g->loc.file) /* about the file as a whole (it cannot be read) */
            fprintf(f, "%s%s:%s ", bold, tvc_path_shown(g->loc.file), rst);
        else
            fprintf(f, "%stlsvhostc:%s ", bold, rst);
        /* Messages quote paths too (include-missing, key-mismatch): the
         * same short form as the location, so the line can be pasted. */
        char *rel = tvc_path_shown_in(g->message), *msg = clean(rel);
        free(rel);
        fprintf(f, "%s%s:%s %s", color ? sev_color(g->severity) : "",
                tvc_severity_name(g->severity), rst, msg);
        free(msg);
        if (g->vhost_name || g->vhost_addr)
            fprintf(f, " (vhost %s:%d%s%s)", g->vhost_addr ? g->vhost_addr : "*",
                    g->vhost_port, g->vhost_name ? " " : "", g->vhost_name ? g->vhost_name : "");
        fprintf(f, " [%s]\n", g->id);
        if (g->loc.file && g->loc.line) {
            char *raw = source_line(g->loc.file, g->loc.line, 240);
            char *src = raw ? clean(raw) : NULL;
            free(raw);
            if (src) {
                fprintf(f, "    %s\n    ", src);
                size_t col = g->loc.col ? g->loc.col - 1 : 0;
                for (size_t i = 0; i < col && src[i]; i++)
                    fputc(src[i] == '\t' ? '\t' : ' ', f);
                fprintf(f, "%s^", color ? sev_color(g->severity) : "");
                for (unsigned i = 1; i < g->span && col + i < 240; i++)
                    fputc('~', f);
                fprintf(f, "%s\n", rst);
                free(src);
            }
        }
        for (const tvc_origin *o = g->loc.origin; o; o = o->at.origin) {
            if (o->kind == TVC_ORIGIN_INCLUDE)
                fprintf(f, "    included from %s:%u:%u\n", tvc_path_shown(o->at.file), o->at.line,
                        o->at.col);
            else
                fprintf(f, "    in macro '%s' used at %s:%u:%u\n", o->macro,
                        tvc_path_shown(o->at.file), o->at.line, o->at.col);
        }
    }
    src_cache_free();
    if (d->dropped)
        fprintf(f, "tlsvhostc: %zu more findings not shown\n", d->dropped);
    size_t e = d->count[TVC_ERROR], w = d->count[TVC_WARNING], n = d->count[TVC_NOTE];
    if (e || w || n || d->n_suppressed) {
        fprintf(f, "%zu error%s, %zu warning%s, %zu note%s", e, e == 1 ? "" : "s",
                w, w == 1 ? "" : "s", n, n == 1 ? "" : "s");
        if (d->n_suppressed)
            fprintf(f, ", %zu suppressed by comments", d->n_suppressed);
        fputc('\n', f);
    }
}

void tvc_report_json(FILE *f, const tvc_diags *d, json_t *extra)
{
    json_t *root = json_object();
    json_object_set_new(root, "version", json_integer(1));
    json_t *arr = json_array();
    for (const tvc_diag *g = d->head; g; g = g->next) {
        json_t *o = json_object();
        json_object_set_new(o, "id", json_string(g->id));
        json_object_set_new(o, "severity", json_string(tvc_severity_name(g->severity)));
        json_object_set_new(o, "file", g->loc.file ? jclean(g->loc.file) : json_null());
        json_object_set_new(o, "line", json_integer(g->loc.line));
        json_object_set_new(o, "column", json_integer(g->loc.col));
        json_t *chain = json_array();
        for (const tvc_origin *or = g->loc.origin; or; or = or->at.origin)
            json_array_append_new(chain, json_pack("{s:s,s:o,s:i,s:i}",
                "kind", or->kind == TVC_ORIGIN_INCLUDE ? "include" : "macro",
                "file", jclean(or->at.file), "line", (json_int_t)or->at.line,
                "column", (json_int_t)or->at.col));
        json_object_set_new(o, "include_chain", chain);
        if (g->vhost_addr || g->vhost_name)
            json_object_set_new(o, "vhost", json_pack("{s:o,s:i,s:o}",
                "addr", jclean(g->vhost_addr ? g->vhost_addr : "*"),
                "port", (json_int_t)g->vhost_port,
                "server_name", g->vhost_name ? jclean(g->vhost_name) : json_null()));
        else
            json_object_set_new(o, "vhost", json_null());
        json_object_set_new(o, "message", jclean(g->message));
        if (g->suppressed)
            json_object_set_new(o, "suppressed",
                                json_pack("{s:s,s:s}", "kind", "inSource", "justification",
                                          g->suppressed));
        json_array_append_new(arr, o);
    }
    json_object_set_new(root, "findings", arr);
    json_object_set_new(root, "summary", json_pack("{s:i,s:i,s:i,s:i}",
        "error", (json_int_t)d->count[TVC_ERROR],
        "warning", (json_int_t)d->count[TVC_WARNING],
        "note", (json_int_t)d->count[TVC_NOTE],
        "suppressed", (json_int_t)d->n_suppressed));
    if (d->dropped)
        json_object_set_new(root, "not_shown", json_integer((json_int_t)d->dropped));
    if (extra)
        json_object_update(root, extra);
    json_dumpf(root, f, JSON_INDENT(2));
    fputc('\n', f);
    json_decref(root);
}

static int use_color(const tvc_opts *o, FILE *f)
{
    if (o->color == TVC_COLOR_ALWAYS)
        return 1;
    if (o->color == TVC_COLOR_NEVER)
        return 0;
    const char *nc = getenv("NO_COLOR");
    if (nc && *nc)
        return 0;
    return isatty(fileno(f));
}

int tvc_exit_status(const tvc_opts *o, const tvc_diags *d)
{
    for (int s = TVC_ERROR; s >= (int)o->fail_on; s--)
        if (d->count[s])
            return TVC_EXIT_FINDINGS;
    return TVC_EXIT_OK;
}

int tvc_report(const tvc_opts *o, const tvc_diags *d, json_t *extra)
{
    const char *gnutls_why = tvc_gnutls_dl_failed();
    if (gnutls_why) /* on stderr: stdout stays the one report */
        fprintf(stderr, "tlsvhostc: warning: GnuTLS priority strings were checked by "
                        "tlsvhostc's own resolver only, not by this machine's GnuTLS: %s\n",
                gnutls_why);
    if (o->format == TVC_FMT_JSON)
        tvc_report_json(stdout, d, extra);
    else if (o->format == TVC_FMT_SARIF)
        tvc_report_sarif(stdout, d, o);
    else if (o->format == TVC_FMT_JUNIT)
        tvc_report_junit(stdout, d, o);
    else if (!o->quiet || d->count[TVC_ERROR])
        tvc_report_text(stdout, d, use_color(o, stdout));
    return tvc_exit_status(o, d);
}
