/* CUnit runner of the unit tests and the helpers of tests.h. */
#include "config.h"

#include "tests.h"

#include "ir/modules.h"

#include <errno.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CUnit/Basic.h>

/* ---- assertions ------------------------------------------------------- */

void tt_check(int ok, unsigned line, const char *file, const char *fmt, ...)
{
    char msg[4096];
    if (ok) {
        CU_assertImplementation(CU_TRUE, line, "ok", file, "", CU_FALSE);
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    CU_assertImplementation(CU_FALSE, line, msg, file, "", CU_FALSE);
}

/* ---- skipped tests ---------------------------------------------------- */

static unsigned n_skipped;

CU_pTest tt_add_test_unless(CU_pSuite s, const char *name, CU_TestFunc f,
                            const char *skip_why)
{
    CU_pTest t = CU_add_test(s, name, f);
    if (!t || !skip_why)
        return t;
    CU_set_test_active(t, CU_FALSE);
    n_skipped++;
    fprintf(stderr, "SKIP %s: %s: %s\n", s->pName, name, skip_why);
    return t;
}

unsigned tt_skipped(void)
{
    return n_skipped;
}

/* ---- scratch directory ------------------------------------------------ */

int tt_init(tt_ctx *t)
{
    memset(t, 0, sizeof *t);
    tvc_ir_parse_hooks(&t->opts);
    snprintf(t->dir, sizeof t->dir, "/tmp/tvc-unit.XXXXXX");
    if (!mkdtemp(t->dir)) {
        tt_check(0, __LINE__, __FILE__, "mkdtemp: %s", strerror(errno));
        t->dir[0] = '\0';
        return -1;
    }
    t->a = tvc_arena_new();
    tvc_diags_init(&t->d, t->a);
    return 0;
}

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *f)
{
    (void)st, (void)flag, (void)f;
    remove(p);
    return 0;
}

void tt_done(tt_ctx *t)
{
    if (t->dir[0] && strncmp(t->dir, "/tmp/tvc-unit.", 14) == 0)
        nftw(t->dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
    if (t->a)
        tvc_arena_free(t->a);
    memset(t, 0, sizeof *t);
}

const char *tt_subst(tt_ctx *t, const char *s)
{
    if (!s)
        return NULL;
    size_t n = 0, dl = strlen(t->dir);
    for (const char *p = s; (p = strstr(p, "@DIR@")); p += 5)
        n++;
    char *out = tvc_arena_alloc(t->a, strlen(s) + n * dl + 1), *o = out;
    for (const char *p = s; *p;) {
        if (strncmp(p, "@DIR@", 5) == 0) {
            memcpy(o, t->dir, dl);
            o += dl;
            p += 5;
        } else {
            *o++ = *p++;
        }
    }
    *o = '\0';
    return out;
}

const char *tt_path(tt_ctx *t, const char *rel)
{
    return tvc_arena_printf(t->a, "%s/%s", t->dir, rel);
}

void tt_mkdir(tt_ctx *t, const char *rel)
{
    char *p = tvc_arena_strdup(t->a, tt_path(t, rel));
    for (char *s = p + strlen(t->dir) + 1; *s; s++)
        if (*s == '/') {
            *s = '\0';
            mkdir(p, 0755);
            *s = '/';
        }
    mkdir(p, 0755);
}

void tt_write(tt_ctx *t, const char *rel, const char *text)
{
    const char *slash = strrchr(rel, '/');
    if (slash)
        tt_mkdir(t, tvc_arena_strndup(t->a, rel, (size_t)(slash - rel)));
    const char *p = tt_path(t, rel);
    FILE *f = fopen(p, "w");
    if (!f) {
        tt_check(0, __LINE__, __FILE__, "cannot write %s: %s", p, strerror(errno));
        return;
    }
    fputs(tt_subst(t, text), f);
    fclose(f);
}

tvc_config *tt_parse(tt_ctx *t, const char *conf, const tt_file *files)
{
    for (int i = 0; files && i < TT_MAX_FILES && files[i].path; i++)
        tt_write(t, files[i].path, files[i].text ? files[i].text : "");
    tt_write(t, "httpd.conf", conf);
    t->cfg = tvc_parse_file(t->a, &t->d, tt_path(t, "httpd.conf"), &t->opts);
    return t->cfg;
}

tvc_ir *tt_build(tt_ctx *t, const char *conf, const tt_file *files)
{
    if (!tt_parse(t, conf, files))
        return NULL;
    t->ir = tvc_ir_build(t->a, &t->d, t->cfg);
    return t->ir;
}

const tvc_vhost *tt_vhost_named(const tvc_ir *ir, const char *name)
{
    for (size_t i = 0; i < ir->n_vhosts; i++)
        if (ir->vhosts[i].server_name && strcmp(ir->vhosts[i].server_name, name) == 0)
            return &ir->vhosts[i];
    return NULL;
}

/* ---- diagnostics ------------------------------------------------------ */

const char *tt_base(const char *path)
{
    if (!path)
        return "";
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

int tt_loc_is(const tvc_loc *l, const char *base, unsigned line, unsigned col)
{
    return l->file && strcmp(tt_base(l->file), base) == 0 && l->line == line &&
           l->col == col;
}

const tvc_diag *tt_diag(const tvc_diags *d, const char *id)
{
    for (const tvc_diag *g = d->head; g; g = g->next)
        if (strcmp(g->id, id) == 0)
            return g;
    return NULL;
}

const tvc_diag *tt_diag_at(const tvc_diags *d, const char *id,
                           const char *base, unsigned line, unsigned col)
{
    for (const tvc_diag *g = d->head; g; g = g->next)
        if (strcmp(g->id, id) == 0 && tt_loc_is(&g->loc, base, line, col))
            return g;
    return NULL;
}

size_t tt_count(const tvc_diags *d, const char *id)
{
    size_t n = 0;
    for (const tvc_diag *g = d->head; g; g = g->next)
        n += strcmp(g->id, id) == 0;
    return n;
}

size_t tt_count_sev(const tvc_diags *d, tvc_severity min)
{
    size_t n = 0;
    for (int s = min; s <= TVC_ERROR; s++)
        n += d->count[s];
    return n;
}

const char *tt_diags_text(tvc_arena *a, const tvc_diags *d)
{
    const char *s = "";
    for (const tvc_diag *g = d->head; g; g = g->next)
        s = tvc_arena_printf(a, "%s\n    %s:%u:%u: %s [%s] %s", s,
                             tt_base(g->loc.file), g->loc.line, g->loc.col,
                             tvc_severity_name(g->severity), g->id, g->message);
    return *s ? s : " (none)";
}

/* ---- tree ------------------------------------------------------------- */

static const tvc_node *find_node(const tvc_node *n, const char *name,
                                 int *nth, int active_only)
{
    for (const tvc_node *c = n->child; c; c = c->next) {
        if (active_only && (c->flags & TVC_NF_INACTIVE))
            continue;
        if ((c->kind == TVC_N_DIRECTIVE || c->kind == TVC_N_SECTION) &&
            c->name && strcmp(c->name, name) == 0 && (*nth)-- == 0)
            return c;
        const tvc_node *r = find_node(c, name, nth, active_only);
        if (r)
            return r;
    }
    return NULL;
}

const tvc_node *tt_node(const tvc_node *root, const char *name, int nth)
{
    return root ? find_node(root, name, &nth, 0) : NULL;
}

const tvc_node *tt_active_node(const tvc_node *root, const char *name, int nth)
{
    return root ? find_node(root, name, &nth, 1) : NULL;
}

typedef struct sbuf {
    char *s;
    size_t n, cap;
} sbuf;

static void sb_add(sbuf *b, const char *s)
{
    size_t l = strlen(s);
    if (b->n + l + 1 > b->cap) {
        while (b->n + l + 1 > b->cap)
            b->cap = b->cap ? b->cap * 2 : 256;
        b->s = realloc(b->s, b->cap);
        if (!b->s)
            abort();
    }
    memcpy(b->s + b->n, s, l + 1);
    b->n += l;
}

static void dump_children(sbuf *b, const tvc_node *n);

static void dump_args(sbuf *b, const tvc_node *n)
{
    sb_add(b, "(");
    for (int i = 0; i < n->argc; i++) {
        if (i)
            sb_add(b, "|");
        sb_add(b, n->argv[i]);
    }
    sb_add(b, ")");
}

static void dump_node(sbuf *b, const tvc_node *n)
{
    if (n->flags & TVC_NF_INACTIVE)
        sb_add(b, "!");
    switch (n->kind) {
    case TVC_N_DIRECTIVE:
        sb_add(b, n->name);
        dump_args(b, n);
        if (n->child) {
            sb_add(b, "{");
            dump_children(b, n);
            sb_add(b, "}");
        }
        break;
    case TVC_N_SECTION:
        sb_add(b, "<");
        sb_add(b, n->name);
        dump_args(b, n);
        sb_add(b, ">{");
        dump_children(b, n);
        sb_add(b, "}");
        break;
    case TVC_N_FILE:
        sb_add(b, "@");
        sb_add(b, tt_base(n->name));
        sb_add(b, "{");
        dump_children(b, n);
        sb_add(b, "}");
        break;
    default:
        break;
    }
}

static void dump_children(sbuf *b, const tvc_node *n)
{
    int first = 1;
    for (const tvc_node *c = n->child; c; c = c->next) {
        if (c->kind == TVC_N_COMMENT || c->kind == TVC_N_BLANK)
            continue;
        if (!first)
            sb_add(b, " ");
        first = 0;
        dump_node(b, c);
    }
}

const char *tt_dump(tvc_arena *a, const tvc_node *n)
{
    sbuf b = {0};
    sb_add(&b, "");
    if (n)
        dump_children(&b, n);
    const char *r = tvc_arena_strdup(a, b.s);
    free(b.s);
    return r;
}

/* ---- runner ----------------------------------------------------------- */

/* Suites of the other test files. */
void tvc_test_checks_register(void);
void tvc_test_policy_register(void);
void tvc_test_gnutls_register(void);
void tvc_test_runtime_register(void);
void tvc_test_runtime_load_register(void);
void tvc_test_template_register(void);

int main(void)
{
    if (CU_initialize_registry() != CUE_SUCCESS) {
        fprintf(stderr, "test_unit: %s\n", CU_get_error_msg());
        return 2;
    }
    if (tt_register_base() || tt_register_parser() || tt_register_ir() || tt_register_json() || tt_register_level() || tt_register_stream() ||
        tt_register_dialect() || tt_register_dialect_rows() || tt_register_dialect_format() ||
        tt_register_dialect_roundtrip()) {
        fprintf(stderr, "test_unit: cannot register suites: %s\n",
                CU_get_error_msg());
        CU_cleanup_registry();
        return 2;
    }
    tvc_test_checks_register();
    tvc_test_policy_register();
    tvc_test_gnutls_register();
    tvc_test_runtime_register();
    tvc_test_runtime_load_register();
    tvc_test_template_register();
    /* Inactive tests are the skips of tt_add_test_unless(), already
     * reported; CUnit would count them as failures by default. */
    CU_set_fail_on_inactive(CU_FALSE);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    if (tt_skipped())
        printf("test_unit: %u test%s skipped (SKIP lines above)\n", tt_skipped(),
               tt_skipped() == 1 ? "" : "s");
    unsigned failures = CU_get_number_of_failures();
    unsigned failed_suites = CU_get_number_of_suites_failed();
    CU_cleanup_registry();
    return failures || failed_suites ? 1 : 0;
}
