/* base/: the arena's growth (small blocks first, then huge-page blocks),
 * its alignment and in-place growth, checked by writing every byte; the
 * on-first-use loader (dlib.c) with a library and symbols that are there
 * and with ones that are not; the summaries' string set. */
#include "config.h"

#include "tests.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/dlib.h"
#include "checks/pki_strings.h"

/* 50 MiB in objects from 1 byte to 100 KiB, big ones among small ones
 * (their own blocks), each filled with its own byte: no two overlap and
 * none moves, across the ordinary blocks and the mapped ones. */
static void test_arena_growth(void)
{
    tvc_arena *a = tvc_arena_new();
    enum { N = 20000 };
    unsigned char **p = malloc(N * sizeof *p);
    size_t *len = malloc(N * sizeof *len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    CU_ASSERT_PTR_NOT_NULL_FATAL(len);
    size_t total = 0;
    int misaligned = 0;
    for (size_t i = 0; i < N; i++) {
        len[i] = i % 97 == 0 ? 100 * 1024 + i : 1 + (i * 7919) % 3000;
        p[i] = tvc_arena_alloc(a, len[i]);
        misaligned += ((uintptr_t)p[i] & 7) != 0;
        memset(p[i], (int)(i & 0xff), len[i]);
        total += len[i];
    }
    TT_INTEQ(misaligned, 0);
    TT_CHECK(tvc_arena_used(a) >= total, "used %zu < %zu", tvc_arena_used(a), total);
    size_t bad = N;
    for (size_t i = 0; i < N && bad == N; i++)
        for (size_t k = 0; k < len[i]; k++)
            if (p[i][k] != (unsigned char)(i & 0xff)) {
                bad = i;
                break;
            }
    TT_CHECK(bad == N, "object %zu was overwritten", bad);
    free(p);
    free(len);
    tvc_arena_free(a);
}

/* The last allocation grows where it is; any other is copied. */
static void test_arena_realloc(void)
{
    tvc_arena *a = tvc_arena_new();
    char *s = tvc_arena_alloc(a, 16);
    memcpy(s, "0123456789abcde", 16);
    char *t = tvc_arena_realloc(a, s, 16, 64);
    CU_ASSERT_PTR_EQUAL(t, s);
    TT_STREQ(t, "0123456789abcde");
    char *other = tvc_arena_strdup(a, "x");
    char *u = tvc_arena_realloc(a, t, 64, 128);
    CU_ASSERT_PTR_NOT_EQUAL(u, t);
    TT_STREQ(u, "0123456789abcde");
    TT_STREQ(other, "x");
    /* past the block: a copy in a new one */
    char *big = tvc_arena_realloc(a, u, 128, 8 * 1024 * 1024);
    TT_STREQ(big, "0123456789abcde");
    big[8 * 1024 * 1024 - 1] = 'z';
    tvc_arena_free(a);
}

/* All or nothing: a missing library or one missing symbol leaves every
 * pointer NULL and says which, in the words the CLI prints. */
static void test_dlib(void)
{
    static const struct {
        const char *soname, *sym, *why; /* why NULL: loads */
    } cases[] = {
        {"libc.so.6", "strlen", NULL},
        {"libtvc-absent.so.9", "strlen", "cannot load libtvc-absent.so.9: "},
        {"libc.so.6", "tvc_no_such_function", "libc.so.6 has no tvc_no_such_function: "},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        void *first = NULL, *second = NULL;
        const tvc_dlsym syms[] = {{"memcpy", &first}, {cases[i].sym, &second}};
        char why[256] = "";
        int rc = tvc_dlib_open(cases[i].soname, syms, 2, why, sizeof why);
        if (!cases[i].why) {
            TT_CHECK(rc == 0 && first && second, "%s: %s", cases[i].soname, why);
            continue;
        }
        TT_CHECK(rc == -1 && !first && !second, "%s %s: loaded", cases[i].soname, cases[i].sym);
        TT_CHECK(!strncmp(why, cases[i].why, strlen(cases[i].why)), "why: '%s'", why);
    }

    /* Loaded once: nothing failed before anyone asked, and a library that
     * cannot be loaded gives the same reason each time. */
    static void *fn;
    static const tvc_dlsym one[] = {{"strlen", &fn}};
    static tvc_dlib ok = TVC_DLIB_INIT("libc.so.6", one);
    static tvc_dlib bad = TVC_DLIB_INIT("libtvc-absent.so.9", one);
    const char *why = NULL, *again = NULL;
    TT_CHECK(!tvc_dlib_failed(&bad), "failed before it was asked for");
    TT_CHECK(tvc_dlib_load(&ok, &why) == 0 && fn && !tvc_dlib_failed(&ok), "libc: %s", why);
    TT_CHECK(tvc_dlib_load(&bad, &why) == -1 && tvc_dlib_load(&bad, &again) == -1 &&
                 why == again && tvc_dlib_failed(&bad) == why,
             "the absent library: '%s', then '%s'", why, again);
}

/* One copy per distinct text, whatever its length, and every copy stays
 * where it is while the set grows. */
static void test_pki_strings(void)
{
    tvc_pki_strings *s = tvc_pki_strings_new();
    const char *first[300];
    char buf[32];
    for (int i = 0; i < 300; i++) {
        snprintf(buf, sizeof buf, "CN=Sub CA %d", i);
        first[i] = tvc_pki_strings_get(s, buf, strlen(buf));
        TT_STREQ(first[i], buf);
    }
    for (int i = 0; i < 300; i++) {
        snprintf(buf, sizeof buf, "CN=Sub CA %dXYZ", i);
        TT_CHECK(tvc_pki_strings_get(s, buf, strlen(buf) - 3) == first[i], "%d copied twice", i);
    }
    const char *e = tvc_pki_strings_get(s, "", 0);
    TT_CHECK(e && !*e && tvc_pki_strings_get(s, "x", 0) == e, "the empty string");
    TT_CHECK(tvc_pki_strings_get(s, "CN=Sub CA 1", 10) != first[1], "a prefix is its own string");
    tvc_pki_strings_free(s);
}

int tt_register_base(void)
{
    CU_pSuite s = CU_add_suite("base", NULL, NULL);
    if (!s)
        return -1;
    if (!CU_add_test(s, "arena growth", test_arena_growth) ||
        !CU_add_test(s, "arena realloc", test_arena_realloc) ||
        !CU_add_test(s, "on-first-use libraries", test_dlib) ||
        !CU_add_test(s, "certificate summary strings", test_pki_strings))
        return -1;
    return 0;
}
