/* The runtime's name table (runtime/names.c) against httpd's matching
 * rules: the first vhost in config order that matches wins, whether by an
 * exact name, a `*.domain` wildcard (whose '*' also spans dots, as
 * ap_strcmp_match's does) or another glob; names are case-insensitive, a
 * ServerName's ":port" and a trailing dot in the SNI name do not count.
 * (The lookup cost at 10,000 vhosts is measured by bench/, not here.) */
#include "config.h"

#include <CUnit/CUnit.h>

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

void tvc_test_runtime_register(void)
{
    CU_pSuite s = CU_add_suite("runtime name table", NULL, NULL);
    if (!s)
        return;
    CU_add_test(s, "httpd's matching rules", test_rules);
}
