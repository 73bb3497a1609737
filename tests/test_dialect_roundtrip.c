/* The round trip over every one-to-one row of every dialect (mod_md's
 * too): a value read by the real parser and IR builder, written back by
 * tvc_dialect_format, read again, is the same IR field. A row whose
 * setter and formatter disagree (a word written that the setter does not
 * read, a quoting that splits a path) fails here. */
#include "config.h"

#include "tests.h"

#include <string.h>

#include <CUnit/CUnit.h>

#include "ir/dialect.h"
#include "ir/dialect_setters.h"

#define MAX_SAMPLES 6

/* The argument words to read for a row: every word of a flag or enum,
 * and a few values of the other kinds that need quoting or resolving. */
static size_t samples(const tvc_cmd *r, const char **out)
{
    size_t n = 0;
    switch ((tvc_kind)r->kind) {
    case TVC_KIND_FLAG:
    case TVC_KIND_ENUM: {
        /* OpenSSL 3 has no compression methods: "on" is refused */
        if (r->set == tvc_set_compression) {
            out[0] = "off";
            return 1;
        }
        const tvc_value *v = r->kind == TVC_KIND_ENUM ? r->values : tvc_flag_values;
        for (; v->word && n < MAX_SAMPLES; v++)
            out[n++] = v->word;
        return n;
    }
    case TVC_KIND_INT:
        out[0] = "0", out[1] = "7";
        return 2;
    case TVC_KIND_PATH:
        out[0] = "\"@DIR@/pki/ca file.pem\"", out[1] = "pki/ca.pem";
        return 2;
    case TVC_KIND_LIST:
        out[0] = "@DIR@/r/a.der \"@DIR@/r/b c.der\"";
        return 1;
    default:
        break;
    }
    if (r->set == tvc_set_crl_check) {
        out[n++] = "chain no_crl_for_cert_ok", out[n++] = "none";
    } else if (r->set == tvc_set_cache_spec) {
        out[n++] = "shmcb:@DIR@/cache(512000)";
        /* one quoted word; a row of several words keeps no word boundaries */
        if (r->max_args == 1)
            out[n++] = "\"shmcb:@DIR@/my cache(512000)\"";
    } else {
        out[n++] = "http://ocsp.example.test/ocsp";
    }
    return n;
}

static const void *field_of(const tvc_cmd *r, const tvc_tls *t)
{
    const void *base = r->proxy ? (const void *)t->proxy : (const void *)t;
    return base ? (const char *)base + r->offset : NULL;
}

static int same_str(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

static int same_field(const tvc_cmd *r, const tvc_tls *x, const tvc_tls *y)
{
    const void *a = field_of(r, x), *b = field_of(r, y);
    if (!a || !b)
        return 0;
    switch ((tvc_kind)r->kind) {
    case TVC_KIND_FLAG:
    case TVC_KIND_ENUM:
    case TVC_KIND_INT:
        return *(const int *)a == *(const int *)b;
    case TVC_KIND_STRING:
    case TVC_KIND_PATH:
        return same_str(((const tvc_str *)a)->v, ((const tvc_str *)b)->v);
    case TVC_KIND_LIST: {
        const tvc_strs *s = a, *u = b;
        for (size_t i = 0; s->n == u->n && i < s->n; i++)
            if (!same_str(s->v[i], u->v[i]))
                return 0;
        return s->n == u->n;
    }
    default:
        return 0;
    }
}

static void round_trip(const tvc_cmd *r, const char *words)
{
    tt_ctx t;
    if (tt_init(&t))
        return;
    tvc_ir *ir = tt_build(&t, tt_subst(&t, tvc_arena_printf(t.a, "%s %s\n", r->name, words)),
                          NULL);
    TT_CHECK(ir && tt_count_sev(&t.d, TVC_ERROR) == 0 && tvc_dialect_is_set(r, &ir->server),
             "%s %s is not read: %s", r->name, words, tt_diags_text(t.a, &t.d));
    if (!ir || !tvc_dialect_is_set(r, &ir->server)) {
        tt_done(&t);
        return;
    }
    tvc_tls first = ir->server;
    const char *line = tvc_dialect_format(t.a, r, &first, ir);
    TT_CHECK(line && !strncmp(line, r->name, strlen(r->name)), "%s %s is written as '%s'",
             r->name, words, line ? line : "(null)");
    if (line) {
        ir = tt_build(&t, tvc_arena_printf(t.a, "%s\n", line), NULL);
        TT_CHECK(ir && tt_count_sev(&t.d, TVC_ERROR) == 0 && same_field(r, &first, &ir->server),
                 "%s %s -> '%s' reads back differently: %s", r->name, words, line,
                 tt_diags_text(t.a, &t.d));
    }
    tt_done(&t);
}

static void test_round_trip(void)
{
    size_t nd, rows = 0;
    const tvc_dialect *const *all = tvc_dialects(&nd);
    for (size_t i = 0; i < nd; i++)
        for (size_t k = 0; k < all[i]->n; k++) {
            const tvc_cmd *r = &all[i]->cmds[k];
            if (!tvc_kind_is_direct(r->kind))
                continue;
            TT_CHECK(r->contexts & TVC_CTX_SERVER, "%s: the test reads it at server level",
                     r->name);
            const char *w[MAX_SAMPLES];
            size_t n = samples(r, w);
            for (size_t s = 0; s < n; s++)
                round_trip(r, w[s]);
            rows++;
        }
    TT_CHECK(rows >= 40, "only %zu one-to-one rows", rows);
}

int tt_register_dialect_roundtrip(void)
{
    CU_pSuite s = CU_add_suite("dialect round trip", NULL, NULL);
    if (!s)
        return -1;
    if (!CU_add_test(s, "every one-to-one row reads back what it writes", test_round_trip))
        return -1;
    return 0;
}
