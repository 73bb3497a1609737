/* JUnit XML: the findings as test results, for CI systems that show JUnit
 * reports (Jenkins, GitLab, ...). Validates against Jenkins' junit-10.xsd
 * (tests/data/junit.xsd):
 *
 *   <testsuites name="tlsvhostc" tests= failures= errors="0" time="0">
 *     <testsuite name=FILE ...>          the run's CONFIG first, then every
 *                                        other file with findings (by path)
 *       <testcase classname=FILE name=ID>   one per finding at or above
 *         <failure type=ID message=..>       --fail-on, failing
 *       <testcase classname=FILE name=ID>   one per ID for the findings below
 *         <system-out>..</system-out>        it, passing
 *       <testcase name="tlsvhostc check"/>  a file without findings
 *
 * Paths are shown relative to the working directory, as in the text form.
 * Config text can hold any bytes: every string is cleaned to valid UTF-8
 * made of XML 1.0 characters (anything else becomes '?') before the writer,
 * which does the escaping, sees it. */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/xmlwriter.h>

#include "cli/cli.h"
#include "cli/xml_dl.h"

#define CHECK_NAME "tlsvhostc check"

/* libxml2, loaded on first use (cli/xml_dl.c) */
static const tvc_xml_api *xml;

/* ---- strings ------------------------------------------------------------ */

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        abort();
    return p;
}

/* Length of the UTF-8 sequence at s (0 when invalid), its code point in *cp.
 * Rejects overlong forms, surrogates and values past U+10FFFF. */
static size_t utf8_seq(const unsigned char *s, unsigned long *cp)
{
    unsigned char c = s[0];
    size_t n;
    unsigned long v, min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if ((c & 0xE0) == 0xC0)
        n = 2, v = c & 0x1F, min = 0x80;
    else if ((c & 0xF0) == 0xE0)
        n = 3, v = c & 0x0F, min = 0x800;
    else if ((c & 0xF8) == 0xF0)
        n = 4, v = c & 0x07, min = 0x10000;
    else
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) /* also stops at the NUL */
            return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return n;
}

/* XML 1.0: Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] |
 * [#x10000-#x10FFFF] */
static int xml_char(unsigned long c)
{
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
           (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

/* A malloc'd copy of s that is valid UTF-8 and only XML characters: each
 * byte that does not start a valid sequence, and each sequence that is not
 * an XML character, becomes one '?'. */
static char *xml_clean(const char *s)
{
    size_t len = strlen(s);
    char *out = xmalloc(len + 1), *o = out;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned long cp;
        size_t n = utf8_seq(p, &cp);
        if (n == 0) {
            *o++ = '?';
            p++;
        } else if (!xml_char(cp)) {
            *o++ = '?';
            p += n;
        } else {
            memcpy(o, p, n);
            o += n;
            p += n;
        }
    }
    *o = '\0';
    return out;
}

/* Paths under the working directory relative to it, as the text form. */
static char cwd[PATH_MAX];

static const char *shown(const char *path)
{
    size_t n = strlen(cwd);
    if (n > 1 && !strncmp(path, cwd, n) && path[n] == '/')
        return path + n + 1;
    return path;
}

/* "message (vhost *:443 a.test)" into f */
static void put_message(FILE *f, const tvc_diag *g)
{
    fputs(g->message ? g->message : "", f);
    if (g->vhost_name || g->vhost_addr)
        fprintf(f, " (vhost %s:%d%s%s)", g->vhost_addr ? g->vhost_addr : "*", g->vhost_port,
                g->vhost_name ? " " : "", g->vhost_name ? g->vhost_name : "");
}

/* The text form's first line and include chain, each line ending in \n. */
static void put_finding(FILE *f, const tvc_diag *g)
{
    if (g->loc.file)
        fprintf(f, "%s:%u:%u: ", shown(g->loc.file), g->loc.line, g->loc.col);
    else
        fputs("tlsvhostc: ", f);
    fprintf(f, "%s: ", tvc_severity_name(g->severity));
    put_message(f, g);
    fprintf(f, " [%s]\n", g->id);
    for (const tvc_origin *o = g->loc.origin; o; o = o->at.origin) {
        if (o->kind == TVC_ORIGIN_INCLUDE)
            fprintf(f, "    included from %s:%u:%u\n", shown(o->at.file), o->at.line, o->at.col);
        else
            fprintf(f, "    in macro '%s' used at %s:%u:%u\n", o->macro ? o->macro : "",
                    shown(o->at.file), o->at.line, o->at.col);
    }
}

/* A string built with stdio; str() hands back the cleaned text. */
typedef struct sbuf {
    char *buf;
    size_t len;
    FILE *f;
} sbuf;

static FILE *sb_open(sbuf *b)
{
    b->buf = NULL;
    b->len = 0;
    b->f = open_memstream(&b->buf, &b->len);
    if (!b->f)
        abort();
    return b->f;
}

static char *sb_clean(sbuf *b)
{
    if (fclose(b->f) != 0)
        abort();
    char *s = xml_clean(b->buf);
    free(b->buf);
    return s;
}

/* ---- the writer ------------------------------------------------------- */

typedef struct jw {
    xmlTextWriterPtr w;
    int err;
} jw;

static void start(jw *j, const char *name)
{
    if (xml->TextWriterStartElement(j->w, BAD_CAST name) < 0)
        j->err = 1;
}

static void end(jw *j)
{
    if (xml->TextWriterEndElement(j->w) < 0)
        j->err = 1;
}

static void attr(jw *j, const char *name, const char *value)
{
    char *v = xml_clean(value);
    if (xml->TextWriterWriteAttribute(j->w, BAD_CAST name, BAD_CAST v) < 0)
        j->err = 1;
    free(v);
}

static void attr_n(jw *j, const char *name, size_t n)
{
    char v[32];
    snprintf(v, sizeof v, "%zu", n);
    attr(j, name, v);
}

/* value is already clean */
static void text(jw *j, const char *value)
{
    if (xml->TextWriterWriteString(j->w, BAD_CAST value) < 0)
        j->err = 1;
}

static void testcase(jw *j, const char *classname, const char *name)
{
    start(j, "testcase");
    attr(j, "classname", classname);
    attr(j, "name", name);
    attr(j, "time", "0");
}

/* ---- grouping ------------------------------------------------------------ */

typedef struct item {
    const tvc_diag *g;
    const char *file; /* the suite's file: the config for findings without one */
    int config;       /* 1: the run's config */
    size_t seq;
} item;

static int item_cmp(const void *pa, const void *pb)
{
    const item *a = pa, *b = pb;
    if (a->config != b->config)
        return b->config - a->config; /* the config's suite first */
    int c = strcmp(a->file, b->file);
    if (c)
        return c;
    c = strcmp(a->g->id, b->g->id);
    if (c)
        return c;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

typedef struct suite {
    size_t first, n; /* items[first .. first+n) */
    size_t tests, failures;
} suite;

/* Counts the testcases of items[first..first+n): one per failing finding,
 * one per ID that has findings below the threshold. */
static void suite_count(const item *it, suite *s, tvc_severity fail_on)
{
    s->tests = s->failures = 0;
    for (size_t i = s->first; i < s->first + s->n;) {
        size_t k = i;
        int below = 0;
        while (k < s->first + s->n && !strcmp(it[k].g->id, it[i].g->id)) {
            if (it[k].g->severity >= fail_on)
                s->tests++, s->failures++;
            else
                below = 1;
            k++;
        }
        s->tests += below;
        i = k;
    }
    if (s->n == 0)
        s->tests = 1; /* "tlsvhostc check", passing */
}

static void write_suite(jw *j, const item *it, const suite *s, const char *name,
                        tvc_severity fail_on, size_t extra_tests, size_t extra_failures)
{
    start(j, "testsuite");
    attr(j, "name", name);
    attr_n(j, "tests", s->tests + extra_tests);
    attr_n(j, "failures", s->failures + extra_failures);
    attr(j, "errors", "0");
    attr(j, "skipped", "0");
    attr(j, "time", "0");
    if (s->n == 0) {
        testcase(j, name, CHECK_NAME);
        end(j);
    }
    for (size_t i = s->first; i < s->first + s->n;) {
        const char *id = it[i].g->id;
        size_t k = i;
        int below = 0;
        for (; k < s->first + s->n && !strcmp(it[k].g->id, id); k++) {
            const tvc_diag *g = it[k].g;
            if (g->severity < fail_on) {
                below = 1;
                continue;
            }
            sbuf mb, bb;
            put_message(sb_open(&mb), g);
            put_finding(sb_open(&bb), g);
            char *msg = sb_clean(&mb), *body = sb_clean(&bb);
            testcase(j, name, id);
            start(j, "failure");
            attr(j, "type", id);
            attr(j, "message", msg);
            text(j, body);
            end(j);
            end(j);
            free(msg);
            free(body);
        }
        if (below) {
            sbuf ob;
            FILE *f = sb_open(&ob);
            for (size_t m = i; m < k; m++)
                if (it[m].g->severity < fail_on)
                    put_finding(f, it[m].g);
            char *out = sb_clean(&ob);
            testcase(j, name, id);
            start(j, "system-out");
            text(j, out);
            end(j);
            end(j);
            free(out);
        }
        i = k;
    }
}

/* The n findings, each with the file it is in (the config's own
 * findings and those without a file under the config's real path),
 * sorted by item_cmp. */
static item *sorted_items(const tvc_diags *d, size_t n, const char *config,
                          const char *config_arg)
{
    item *it = xmalloc(n * sizeof *it);
    n = 0;
    for (const tvc_diag *g = d->head; g; g = g->next, n++) {
        it[n].g = g;
        it[n].file = g->loc.file ? g->loc.file : config;
        it[n].config = !strcmp(it[n].file, config) || !strcmp(it[n].file, config_arg);
        if (it[n].config)
            it[n].file = config;
        it[n].seq = n;
    }
    qsort(it, n, sizeof *it, item_cmp);
    return it;
}

/* Suites: the config's (perhaps without findings), then one per file. */
static suite *group_suites(const item *it, size_t n, size_t *nsp)
{
    suite *su = xmalloc((n + 1) * sizeof *su);
    size_t ns = 0;
    su[ns++] = (suite){0, 0, 0, 0};
    for (size_t i = 0; i < n; i++) {
        if (it[i].config)
            su[0].n++;
        else if (ns == 1 || strcmp(it[i].file, it[su[ns - 1].first].file))
            su[ns++] = (suite){i, 1, 0, 0};
        else
            su[ns - 1].n++;
    }
    *nsp = ns;
    return su;
}

/* Findings past the limit in the config's suite: a failing testcase when
 * some were at or above --fail-on, and the count in its system-out. */
static void write_not_shown(jw *j, const char *config_name, size_t dropped,
                            size_t dropped_failing, tvc_severity fail_on)
{
    sbuf mb;
    fprintf(sb_open(&mb), "%zu more findings not shown (%zu at or above --fail-on=%s)",
            dropped, dropped_failing, tvc_severity_name(fail_on));
    char *msg = sb_clean(&mb);
    if (dropped_failing) {
        testcase(j, config_name, "findings-not-shown");
        start(j, "failure");
        attr(j, "type", "findings-not-shown");
        attr(j, "message", msg);
        text(j, msg);
        end(j);
        end(j);
    }
    start(j, "system-out");
    text(j, msg);
    end(j);
    free(msg);
}

void tvc_report_junit(FILE *f, const tvc_diags *d, const tvc_opts *o)
{
    const char *why = NULL;
    xml = tvc_xml_dl(&why);
    if (!xml) { /* the option parser already said so: not reached from the CLI */
        fprintf(stderr, "tlsvhostc: cannot write JUnit XML: %s\n", why);
        return;
    }
    if (!getcwd(cwd, sizeof cwd))
        cwd[0] = '\0';
    tvc_severity fail_on = o ? o->fail_on : TVC_ERROR;

    /* The run's config, as the findings name it (a real path). */
    const char *config_arg = o && o->config ? o->config : "tlsvhostc";
    char *config_real = o && o->config ? realpath(o->config, NULL) : NULL;
    const char *config = config_real ? config_real : config_arg;

    size_t n = 0, stored[3] = {0, 0, 0};
    for (const tvc_diag *g = d->head; g; g = g->next)
        n++, stored[g->severity]++;
    item *it = sorted_items(d, n, config, config_arg);
    size_t ns;
    suite *su = group_suites(it, n, &ns);
    size_t tests = 0, failures = 0;
    for (size_t s = 0; s < ns; s++) {
        suite_count(it, &su[s], fail_on);
        tests += su[s].tests;
        failures += su[s].failures;
    }

    /* Findings past the limit are counted, not kept: those at or above
     * --fail-on still fail the run, so they fail a testcase here too. */
    size_t dropped_failing = 0;
    for (int s = TVC_ERROR; s >= (int)fail_on; s--)
        dropped_failing += d->count[s] - stored[s];
    size_t extra = dropped_failing ? 1 : 0;
    tests += extra;
    failures += extra;

    xmlBufferPtr buf = xml->BufferCreate();
    /* libxml2 2.9 grows a buffer to the exact size by default: a realloc
     * per write, quadratic where realloc cannot grow in place (ASan: 36 s
     * for 10,000 findings instead of 0.5 s). */
    if (buf)
        xml->BufferSetAllocationScheme(buf, XML_BUFFER_ALLOC_DOUBLEIT);
    xmlTextWriterPtr w = buf ? xml->NewTextWriterMemory(buf, 0) : NULL;
    if (!w) {
        fprintf(stderr, "tlsvhostc: cannot write JUnit XML: out of memory\n");
        if (buf)
            xml->BufferFree(buf);
        free(su);
        free(it);
        free(config_real);
        return;
    }
    jw j = {w, 0};
    xml->TextWriterSetIndent(w, 1);
    xml->TextWriterSetIndentString(w, BAD_CAST "  ");
    if (xml->TextWriterStartDocument(w, NULL, "UTF-8", NULL) < 0)
        j.err = 1;
    start(&j, "testsuites");
    attr(&j, "name", "tlsvhostc");
    attr_n(&j, "tests", tests);
    attr_n(&j, "failures", failures);
    attr(&j, "errors", "0");
    attr(&j, "time", "0");
    const char *config_name = shown(config);
    for (size_t s = 0; s < ns; s++) {
        write_suite(&j, it, &su[s], s == 0 ? config_name : shown(it[su[s].first].file), fail_on,
                    s == 0 ? extra : 0, s == 0 ? extra : 0);
        if (s == 0 && d->dropped)
            write_not_shown(&j, config_name, d->dropped, dropped_failing, fail_on);
        end(&j); /* testsuite */
    }
    end(&j); /* testsuites */
    if (xml->TextWriterEndDocument(w) < 0)
        j.err = 1;
    xml->FreeTextWriter(w); /* flushes into buf */
    if (j.err)
        fprintf(stderr, "tlsvhostc: cannot write JUnit XML\n");
    else
        fwrite(xml->BufferContent(buf), 1, (size_t)xml->BufferLength(buf), f);
    xml->BufferFree(buf);
    free(su);
    free(it);
    free(config_real);
}
