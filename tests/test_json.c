/* ir/json_write.c prints the IR as jansson's JSON_INDENT(2) would: each
 * document it prints, read by jansson and dumped again, gives the same
 * bytes. Checked on every config of tests/data and examples/ and on
 * strings that need escaping; bytes that are not UTF-8 (jansson refused
 * them, and the vhost went missing) come out as Latin-1 escapes. */
#include "config.h"

#include "tests.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "ir/json.h"
#include "policy/expand.h"

/* The streamed text (malloc'ed), or NULL with a CUnit failure. */
static char *stream(const tvc_ir *ir, size_t *len)
{
    char *text = NULL;
    FILE *f = open_memstream(&text, len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    int rc = tvc_ir_write_json(f, ir);
    fclose(f);
    TT_INTEQ(rc, 0);
    return text;
}

/* 1 when jansson lays the document out exactly as it was streamed. */
static int same_as_jansson(const char *what, const char *text, size_t len)
{
    json_error_t err;
    json_t *j = json_loadb(text, len, 0, &err);
    TT_CHECK(j != NULL, "%s: not JSON: %s at %d:%d", what, err.text, err.line, err.column);
    if (!j)
        return 0;
    char *again = json_dumps(j, JSON_INDENT(2));
    json_decref(j);
    size_t k = 0;
    while (k < len && again[k] == text[k])
        k++;
    int same = k == len && again[k] == '\0';
    TT_CHECK(same, "%s: differs from jansson's layout at byte %zu:\n--- streamed:\n%.200s\n"
                   "--- jansson:\n%.200s", what, k, text + (k > 80 ? k - 80 : 0),
             again + (k > 80 ? k - 80 : 0));
    free(again);
    return same;
}

static int check_ir_text(const char *what, tvc_arena *a, tvc_diags *d, tvc_ir *ir)
{
    tvc_policy_expand_ir(a, d, ir);
    size_t len = 0;
    char *text = stream(ir, &len);
    int ok = text && same_as_jansson(what, text, len);
    free(text);
    return ok;
}

static size_t n_corpus;

static int corpus_one(const char *path, const struct stat *st, int flag, struct FTW *f)
{
    (void)st, (void)f;
    size_t n = strlen(path);
    if (flag != FTW_F || n < 5 || strcmp(path + n - 5, ".conf") != 0)
        return 0;
    tvc_arena *a = tvc_arena_new();
    tvc_diags d;
    tvc_diags_init(&d, a);
    tvc_parse_opts o = {0};
    tvc_config *cfg = tvc_parse_file(a, &d, path, &o);
    if (cfg) {
        check_ir_text(path, a, &d, tvc_ir_build(a, &d, cfg));
        n_corpus++;
    }
    tvc_arena_free(a);
    return 0;
}

static void test_json_corpus(void)
{
    static const char *const dirs[] = {"tests/data", "examples"};
    n_corpus = 0;
    for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
        char p[4096];
        snprintf(p, sizeof p, "%s/../%s", TVC_SRCDATADIR, dirs[i]);
        TT_CHECK(nftw(p, corpus_one, 16, FTW_PHYS) == 0, "cannot walk %s", p);
    }
    /* the corpus is there: this test never passes on nothing */
    TT_CHECK(n_corpus >= 20, "only %zu configs read", n_corpus);
}

/* Quotes, backslashes, control bytes, DEL, two- to four-byte UTF-8. */
static void test_json_escapes(void)
{
    tt_ctx t;
    if (tt_init(&t))
        return;
    tvc_ir *ir = tt_build(&t,
        "<VirtualHost *:443>\nServerName \"q\\\"uo\\\\te\"\n"
        "Header set X-A \"tab\there esc\033 del\177 cr\rx\"\n"
        "Header set X-B caf\303\251 \342\202\254 \360\237\224\222 back\\slash\n"
        "SSLEngine on\nSSLCertificateFile \"/c/a b\\\".pem\"\n</VirtualHost>\n", NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ir);
    size_t len = 0;
    char *text = stream(ir, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    static const char *const want[] = {
        "\"server_name\": \"q\\\"uo\\\\te\"",
        "tab\\there esc\\u001B del\177 cr\\rx",
        "caf\303\251 \342\202\254 \360\237\224\222 back\\\\slash",
        "\"cert\": \"/c/a b\\\".pem\"",
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        TT_CHECK(strstr(text, want[i]) != NULL, "no '%s' in:\n%s", want[i], text);
    same_as_jansson("escapes", text, len);
    free(text);
    tt_done(&t);
}

/* Not UTF-8: a Latin-1 comment inside a <Directory> and a stray byte in
 * ServerName; each byte is one \u00XX and the vhost stays. */
static void test_json_not_utf8(void)
{
    tt_ctx t;
    if (tt_init(&t))
        return;
    tvc_ir *ir = tt_build(&t,
        "<VirtualHost *:443>\nServerName b\377d.test\n<Directory /srv>\n"
        "# f\374r die G\344ste, \300\257 \355\240\200 \364\220\200\200 \341\200\n"
        "</Directory>\nSSLEngine on\nSSLCertificateFile /c/a.pem\n</VirtualHost>\n",
        NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ir);
    size_t len = 0;
    char *text = stream(ir, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    static const char *const want[] = {
        "\"server_name\": \"b\\u00FFd.test\"",
        /* overlong, a surrogate, past U+10FFFF, cut short */
        "# f\\u00FCr die G\\u00E4ste, \\u00C0\\u00AF \\u00ED\\u00A0\\u0080 "
        "\\u00F4\\u0090\\u0080\\u0080 \\u00E1\\u0080",
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        TT_CHECK(strstr(text, want[i]) != NULL, "no '%s' in:\n%s", want[i], text);
    /* JSON, and read back the byte is the character it stood for */
    json_t *j = json_loadb(text, len, 0, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(j);
    json_t *v = json_array_get(json_object_get(j, "vhosts"), 0);
    TT_STREQ(json_string_value(json_object_get(v, "server_name")), "b\303\277d.test");
    json_decref(j);
    free(text);
    tt_done(&t);
}

/* A full disk is an error, not a short document that looks complete. */
static void test_json_write_error(void)
{
    tt_ctx t;
    if (tt_init(&t))
        return;
    tvc_ir *ir = tt_build(&t, "ServerName a.test\n", NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ir);
    FILE *full = fopen("/dev/full", "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(full);
    int rc = tvc_ir_write_json(full, ir);
    if (rc == 0)
        rc = fflush(full) == 0 ? 0 : -1;
    fclose(full);
    TT_INTEQ(rc, -1);
    FILE *null = fopen("/dev/null", "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(null);
    TT_INTEQ(tvc_ir_write_json(null, ir), 0);
    fclose(null);
    tt_done(&t);
}

int tt_register_json(void)
{
    CU_pSuite s = CU_add_suite("json", NULL, NULL);
    if (!s)
        return -1;
    if (!CU_add_test(s, "layout of every corpus config", test_json_corpus) ||
        !CU_add_test(s, "escapes", test_json_escapes) ||
        !CU_add_test(s, "bytes that are not UTF-8", test_json_not_utf8) ||
        !CU_add_test(s, "write errors", test_json_write_error))
        return -1;
    return 0;
}
