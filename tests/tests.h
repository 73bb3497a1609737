/* The one set of helpers of the CUnit tests (test_checks.c adds only the
 * checks' options on top): a scratch directory per test with the config
 * files written into it, the parse + IR build of a config
 * string with its diagnostics, lookups of diagnostics and nodes, and a
 * compact dump of the parse tree that table-driven tests compare with an
 * expected string (curl's tests/unit style). */
#ifndef TVC_TESTS_H
#define TVC_TESTS_H

#include <stddef.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "base/arena.h"
#include "ir/build.h"
#include "base/diag.h"
#include "ir/ir.h"
#include "parser/parser.h"
#include "parser/tree.h"

/* One extra file of a test: path relative to the scratch directory. */
typedef struct tt_file {
    const char *path;
    const char *text;
} tt_file;

#define TT_MAX_FILES 6

/* Everything one test case owns; tt_done() frees all of it. */
typedef struct tt_ctx {
    char dir[64];            /* mkdtemp() directory under /tmp */
    tvc_arena *a;
    tvc_diags d;
    tvc_parse_opts opts;     /* filled by the test before tt_parse() */
    tvc_config *cfg;
    tvc_ir *ir;
} tt_ctx;

/* Creates the scratch directory, the arena and the diagnostics list.
 * Returns 0, or -1 (with a CUnit failure) when /tmp is unusable. */
int tt_init(tt_ctx *t);
/* Removes the scratch directory and frees the arena. */
void tt_done(tt_ctx *t);

/* "@DIR@" in `s` replaced by the scratch directory (arena copy). */
const char *tt_subst(tt_ctx *t, const char *s);
/* Absolute path of `rel` in the scratch directory (arena copy). */
const char *tt_path(tt_ctx *t, const char *rel);
/* Writes `text` (after tt_subst) to `rel`, creating parent directories. */
void tt_write(tt_ctx *t, const char *rel, const char *text);
/* Creates the directory `rel` (and its parents). */
void tt_mkdir(tt_ctx *t, const char *rel);

/* Writes `files` (NULL-path terminated or up to TT_MAX_FILES entries, may
 * be NULL) and httpd.conf with `conf`, then parses httpd.conf with t->opts.
 * The config is also in t->cfg. */
tvc_config *tt_parse(tt_ctx *t, const char *conf, const tt_file *files);
/* tt_parse() followed by tvc_ir_build(); NULL when the parse failed. */
tvc_ir *tt_build(tt_ctx *t, const char *conf, const tt_file *files);

/* The first vhost whose ServerName is `name` (NULL: none). */
const tvc_vhost *tt_vhost_named(const tvc_ir *ir, const char *name);

/* First diagnostic with this id (NULL: none). */
const tvc_diag *tt_diag(const tvc_diags *d, const char *id);
/* A diagnostic with this id at base:line:col (NULL: none). */
const tvc_diag *tt_diag_at(const tvc_diags *d, const char *id,
                           const char *base, unsigned line, unsigned col);
size_t tt_count(const tvc_diags *d, const char *id);
/* Number of diagnostics at or above `min`. */
size_t tt_count_sev(const tvc_diags *d, tvc_severity min);
/* All diagnostics as "base:line:col: sev [id] message" lines (for failure
 * messages). */
const char *tt_diags_text(tvc_arena *a, const tvc_diags *d);

/* Basename of a path ("" for NULL). */
const char *tt_base(const char *path);
/* loc's file basename, line and column are these. */
int tt_loc_is(const tvc_loc *l, const char *base, unsigned line, unsigned col);

/* Depth-first search for the nth (0-based) node named `name`
 * (case-sensitive, as written) below `root`; kinds directive/section. */
const tvc_node *tt_node(const tvc_node *root, const char *name, int nth);
/* Same, skipping nodes flagged TVC_NF_INACTIVE. */
const tvc_node *tt_active_node(const tvc_node *root, const char *name, int nth);

/* The children of `n` as one line: directives `Name(a|b)`, sections
 * `<Name(a)>{...}`, included files `@base{...}`, a directive's own
 * children (Include, Use) as `{...}` after it, inactive nodes prefixed
 * with '!', siblings separated by one space; comments and blank lines are
 * left out. */
const char *tt_dump(tvc_arena *a, const tvc_node *n);

/* A CUnit assertion with a printf-formatted message (shown on failure). */
void tt_check(int ok, unsigned line, const char *file, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
#define TT_CHECK(cond, ...) tt_check(!!(cond), __LINE__, __FILE__, __VA_ARGS__)
/* NULL-safe string equality with both values in the message. */
#define TT_STREQ(got, want)                                                  \
    do {                                                                     \
        const char *tt_g_ = (got), *tt_w_ = (want);                          \
        TT_CHECK(tt_g_ && tt_w_ ? strcmp(tt_g_, tt_w_) == 0 : tt_g_ == tt_w_, \
                 "%s == \"%s\", expected \"%s\"", #got,                      \
                 tt_g_ ? tt_g_ : "(null)", tt_w_ ? tt_w_ : "(null)");        \
    } while (0)
#define TT_INTEQ(got, want)                                                  \
    do {                                                                     \
        long tt_g_ = (long)(got), tt_w_ = (long)(want);                      \
        TT_CHECK(tt_g_ == tt_w_, "%s == %ld, expected %ld", #got, tt_g_,     \
                 tt_w_);                                                     \
    } while (0)
/* The location has this basename, line and column. */
#define TT_LOC(locp, base_, line_, col_)                                     \
    do {                                                                     \
        const tvc_loc *tt_l_ = (locp);                                       \
        TT_CHECK(tt_loc_is(tt_l_, (base_), (line_), (col_)),                 \
                 "%s is %s:%u:%u, expected %s:%u:%u", #locp,                 \
                 tt_base(tt_l_->file), tt_l_->line, tt_l_->col, (base_),     \
                 (unsigned)(line_), (unsigned)(col_));                       \
    } while (0)

/* Adds a test to `s`; when `skip_why` is not NULL the test is registered
 * inactive instead and the run says "SKIP suite: test: why" on stderr.
 * CUnit's run summary counts it under Inactive and tt_skipped() returns
 * the count: a test that cannot run here is never a silent pass. */
CU_pTest tt_add_test_unless(CU_pSuite s, const char *name, CU_TestFunc f,
                            const char *skip_why);
unsigned tt_skipped(void);

/* Suite registration, one per test file. 0 on success. */
int tt_register_base(void);
int tt_register_parser(void);
int tt_register_ir(void);
int tt_register_json(void);
int tt_register_level(void);
int tt_register_stream(void);
int tt_register_dialect(void);
int tt_register_dialect_rows(void);
int tt_register_dialect_format(void);
int tt_register_dialect_roundtrip(void);

#endif
