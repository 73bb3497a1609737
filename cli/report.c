/* Renderers for the one findings list: compiler-style text and JSON. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "cli/cli.h"

/* Reads line `n` of `file` (capped) for the caret display. */
static char *source_line(const char *file, unsigned n, size_t cap)
{
    FILE *f = fopen(file, "r");
    if (!f)
        return NULL;
    char *out = NULL;
    unsigned cur = 1;
    int c;
    size_t len = 0;
    while (cur < n && (c = getc(f)) != EOF)
        if (c == '\n')
            cur++;
    if (cur == n) {
        out = malloc(cap + 1);
        while (out && (c = getc(f)) != EOF && c != '\n' && c != '\0') {
            if (len < cap)
                out[len++] = (char)c;
            else
                break;
        }
        if (out) {
            if (len && out[len - 1] == '\r')
                len--;
            out[len] = '\0';
        }
    }
    fclose(f);
    return out;
}

static const char *sev_color(tvc_severity s)
{
    return s == TVC_ERROR ? "\033[1;31m" : s == TVC_WARNING ? "\033[1;35m" : "\033[1;36m";
}

void tvc_report_text(FILE *f, const tvc_diags *d, int color)
{
    const char *bold = color ? "\033[1m" : "", *rst = color ? "\033[0m" : "";
    for (const tvc_diag *g = d->head; g; g = g->next) {
        if (g->loc.file)
            fprintf(f, "%s%s:%u:%u:%s ", bold, g->loc.file, g->loc.line, g->loc.col, rst);
        else
            fprintf(f, "%stlsvhostc:%s ", bold, rst);
        fprintf(f, "%s%s:%s %s", color ? sev_color(g->severity) : "",
                tvc_severity_name(g->severity), rst, g->message);
        if (g->vhost_name || g->vhost_addr)
            fprintf(f, " (vhost %s:%d %s)", g->vhost_addr ? g->vhost_addr : "*",
                    g->vhost_port, g->vhost_name ? g->vhost_name : "");
        fprintf(f, " [%s]\n", g->id);
        if (g->loc.file && g->loc.line) {
            char *src = source_line(g->loc.file, g->loc.line, 240);
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
                fprintf(f, "    included from %s:%u:%u\n", o->at.file, o->at.line,
                        o->at.col);
            else
                fprintf(f, "    in macro '%s' used at %s:%u:%u\n", o->macro,
                        o->at.file, o->at.line, o->at.col);
        }
    }
    if (d->dropped)
        fprintf(f, "tlsvhostc: %zu more findings not shown\n", d->dropped);
    size_t e = d->count[TVC_ERROR], w = d->count[TVC_WARNING], n = d->count[TVC_NOTE];
    if (e || w || n)
        fprintf(f, "%zu error%s, %zu warning%s, %zu note%s\n", e, e == 1 ? "" : "s",
                w, w == 1 ? "" : "s", n, n == 1 ? "" : "s");
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
        json_object_set_new(o, "file", g->loc.file ? json_string(g->loc.file) : json_null());
        json_object_set_new(o, "line", json_integer(g->loc.line));
        json_object_set_new(o, "column", json_integer(g->loc.col));
        json_t *chain = json_array();
        for (const tvc_origin *or = g->loc.origin; or; or = or->at.origin)
            json_array_append_new(chain, json_pack("{s:s,s:s,s:i,s:i}",
                "kind", or->kind == TVC_ORIGIN_INCLUDE ? "include" : "macro",
                "file", or->at.file, "line", (json_int_t)or->at.line,
                "column", (json_int_t)or->at.col));
        json_object_set_new(o, "include_chain", chain);
        if (g->vhost_addr || g->vhost_name)
            json_object_set_new(o, "vhost", json_pack("{s:s,s:i,s:o}",
                "addr", g->vhost_addr ? g->vhost_addr : "*",
                "port", (json_int_t)g->vhost_port,
                "server_name", g->vhost_name ? json_string(g->vhost_name) : json_null()));
        else
            json_object_set_new(o, "vhost", json_null());
        json_object_set_new(o, "message", json_string(g->message));
        json_array_append_new(arr, o);
    }
    json_object_set_new(root, "findings", arr);
    json_object_set_new(root, "summary", json_pack("{s:i,s:i,s:i}",
        "error", (json_int_t)d->count[TVC_ERROR],
        "warning", (json_int_t)d->count[TVC_WARNING],
        "note", (json_int_t)d->count[TVC_NOTE]));
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
    if (o->format == TVC_FMT_JSON)
        tvc_report_json(stdout, d, extra);
    else if (!o->quiet || d->count[TVC_ERROR])
        tvc_report_text(stdout, d, use_color(o, stdout));
    return tvc_exit_status(o, d);
}
