/* The runtime's name table (runtime/names.c) against httpd's matching
 * rules: the first vhost in config order that matches wins, whether by an
 * exact name, a `*.domain` wildcard (whose '*' also spans dots, as
 * ap_strcmp_match's does) or another glob; names are case-insensitive, a
 * ServerName's ":port" and a trailing dot in the SNI name do not count.
 * (The lookup cost at 10,000 vhosts is measured by bench/, not here.) */
#include "config.h"

#include <CUnit/CUnit.h>

#include <stdio.h>
#include <string.h>

#include "runtime/intern.h"
#include "runtime/names.h"

void tvc_test_runtime_register(void);

static void test_rules(void)
{
    tvc_rt_names *t = tvc_rt_names_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_EQUAL(tvc_rt_names_add(t, "A.test:443", 0), 0);
    tvc_rt_names_add(t, "*.w.test", 1);
    tvc_rt_names_add(t, "x.w.test", 2);    /* after the wildcard: shadowed */
    tvc_rt_names_add(t, "gl?b-*.test", 3);
    tvc_rt_names_add(t, "late.test", 4);
    tvc_rt_names_add(t, "late.test", 1);   /* an earlier vhost also has it */
    tvc_rt_names_add(t, "[a]*.test", 5);   /* '[' is literal for httpd */
    tvc_rt_names_add(t, "*", 6);           /* matches everything, but last */
    CU_ASSERT_EQUAL(tvc_rt_names_find(t, "a.test"), 0);
    CU_ASSERT_EQUAL(tvc_rt_names_find(t, "a.TEST."), 0);
    CU_ASSERT_EQUAL(tvc_rt_names_find(t, "x.w.test"), 1);
    CU_ASSERT_EQUAL(tvc_rt_names_find(t, "deep.er.w.test"), 1);
    CU_ASSERT_EQUAL(tvc_rt_names_find(t, "glob-1.test"), 3);
    CU_ASSERT_EQUAL(tvc_rt_names_find(t, "gleb-x.y.test"), 3);
    CU_ASSERT_EQUAL(tvc_rt_names_find(t, "late.test"), 1);
    CU_ASSERT_EQUAL(tvc_rt_names_find(t, "[a]b.test"), 5);
    CU_ASSERT_EQUAL(tvc_rt_names_find(t, "ab.test"), 6);
    CU_ASSERT_EQUAL(tvc_rt_names_find(t, "w.test"), 6); /* "*.w.test" needs a label */
    CU_ASSERT_EQUAL(tvc_rt_names_find(t, ""), -1);
    tvc_rt_names_free(t);

    t = tvc_rt_names_new();
    tvc_rt_names_add(t, "[2001:db8::1]:443", 0);
    tvc_rt_names_add(t, "[2001:db8::2]", 1);
    CU_ASSERT_EQUAL(tvc_rt_names_find(t, "[2001:db8::1]"), 0);
    CU_ASSERT_EQUAL(tvc_rt_names_find(t, "[2001:db8::2]"), 1);
    CU_ASSERT_EQUAL(tvc_rt_names_find(t, "nothing.test"), -1);
    tvc_rt_names_free(t);
}

/* The one hash table under the names and the loader: past several
 * growths of its slots, entries and key bytes, with keys of every length
 * around the hash's 8-byte steps and keys of a kilobyte (DER). */
static size_t intern_key(char *key, size_t size, unsigned i)
{
    memset(key, 'x', size);
    int n = snprintf(key, size, "%u", i);
    key[n] = 'x';
    return i % 40 == 0 ? 1000 + i % 200 : (size_t)n + i % 17;
}

static void test_intern(void)
{
    tvc_rt_intern *t = tvc_rt_intern_new();
    CU_ASSERT_EQUAL(tvc_rt_intern_find(t, "a", 1), -1);
    char key[1200];
    for (unsigned i = 0; i < 3000; i++) {
        size_t len = intern_key(key, sizeof key, i);
        CU_ASSERT_EQUAL(tvc_rt_intern_add(t, key, len, i + 10), (long)i + 10);
    }
    CU_ASSERT_EQUAL(tvc_rt_intern_count(t), 3000);
    for (unsigned i = 0; i < 3000; i++) {
        size_t len = intern_key(key, sizeof key, i);
        CU_ASSERT_EQUAL(tvc_rt_intern_find(t, key, len), (long)i + 10);
        CU_ASSERT_EQUAL(tvc_rt_intern_find(t, key, len + 1), -1);
        /* the same key again keeps the lower number */
        CU_ASSERT_EQUAL(tvc_rt_intern_add(t, key, len, i + 20), (long)i + 10);
        CU_ASSERT_EQUAL(tvc_rt_intern_add(t, key, len, i), (long)i);
    }
    CU_ASSERT_EQUAL(tvc_rt_intern_count(t), 3000);
    CU_ASSERT_EQUAL(tvc_rt_intern_add(t, "", 0, 7), 7);
    CU_ASSERT_EQUAL(tvc_rt_intern_find(t, "", 0), 7);
    tvc_rt_intern_free(t);
}

/* Case folding is ASCII's whatever the locale, as in httpd; a name of
 * 255 bytes is looked up, 256 is too long for a host name. */
static void test_case_and_length(void)
{
    tvc_rt_names *t = tvc_rt_names_new();
    char name[300];
    memset(name, 'a', sizeof name);
    name[255] = '\0';
    tvc_rt_names_add(t, "\xc9t\xc9.Test", 0);
    tvc_rt_names_add(t, name, 1);
    CU_ASSERT_EQUAL(tvc_rt_names_find(t, "\xc9T\xc9.tEST"), 0);
    CU_ASSERT_EQUAL(tvc_rt_names_find(t, "\xe9t\xe9.test"), -1);
    CU_ASSERT_EQUAL(tvc_rt_names_find(t, name), 1);
    name[255] = 'a';
    name[256] = '\0';
    CU_ASSERT_EQUAL(tvc_rt_names_find(t, name), -1);
    tvc_rt_names_free(t);
}

void tvc_test_runtime_register(void)
{
    CU_pSuite s = CU_add_suite("runtime name table", NULL, NULL);
    if (!s)
        return;
    CU_add_test(s, "httpd's matching rules", test_rules);
    CU_add_test(s, "the hash table past its growths", test_intern);
    CU_add_test(s, "ASCII case, 255-byte names", test_case_and_length);
}
