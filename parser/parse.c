/* The reader proper. Like httpd, directives that shape the tree (Include,
 * Define, <IfModule>, LoadModule, mod_macro) act while reading, in file
 * order; everything else is only recorded. Sections nest with an explicit
 * stack so depth is bounded by memory, not by the C stack. */
#include "config.h"

#include "parser/parser.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/limits.h"
#include "parser/cond.h"
#include "parser/env.h"
#include "parser/lines.h"
#include "parser/macro.h"
#include "parser/words.h"


typedef struct pstate pstate;

/* The directives and sections the reader acts on itself. */
enum {
    NAME_OTHER = 0,
    NAME_INCLUDE,
    NAME_INCLUDE_OPTIONAL,
    NAME_DEFINE,
    NAME_UNDEFINE,
    NAME_LOADMODULE,
    NAME_SERVERROOT,
    NAME_USE,
    NAME_UNDEFMACRO,
    NAME_VIRTUALHOST,
    NAME_MACRO,
    NAME_CONDITION, /* <IfModule> & co., which tvc_cond_eval decides */
};

struct name {
    const char *s;
    size_t len;
    unsigned char role;
    unsigned char unread; /* neither the reader nor opts->args_read reads its words */
};

struct open_file {
    const char *real;
    struct open_file *up;
};

struct pstate {
    tvc_arena *a;
    tvc_arena *ta;           /* nodes, their arguments, columns and ends */
    tvc_node *last_file;     /* the TVC_N_FILE node parsed last */
    /* The lines of the source being read are opts->unit's: it and all
     * its ancestors are walked through (tvc_parse_opts.unit). */
    int stream_here;
    int last_unread;         /* struct name.unread of the name interned last */
    tvc_diags *d;
    tvc_config *cfg;
    const tvc_parse_opts *opts;
    tvc_env env;
    tvc_macros macros;
    struct open_file *files; /* realpaths being read, for include-loop */
    unsigned depth;          /* include nesting */
    unsigned max_depth;
    unsigned macro_depth;    /* Use inside Use */
    size_t expanded;         /* bytes made by Use and ${VAR}, all together */
    size_t use_bytes;        /* made by the outermost Use being expanded */
    int expansion_full;      /* TVC_MAX_EXPANSION_TOTAL reported */
    int root_fixed;          /* --server-root given: ServerRoot is ignored */
    size_t mod_cap;
    tvc_line line;           /* scratch, reused by every source */
    /* Directive names as written, each stored once with what it is to
     * the reader: a config repeats a few dozen names hundreds of
     * thousands of times. */
    struct name *names;
    size_t names_cap, names_n;
};

/* One source of lines: a file buffer or a macro expansion. */
typedef struct source {
    const char *file;
    const tvc_origin *origin;
    tvc_reader rd;
    /* macro expansion: a list of prepared lines */
    const tvc_macro_line *mlines;
    size_t n_mlines, mi;
    tvc_macro *recording; /* set while a <Macro> body is being read */
    unsigned rec_depth;
} source;

static void parse_source(pstate *ps, source *src, tvc_node *parent, int active);
/* Offset of the first "</" in t[from, end), or end: memmem without its
 * nonnull contract, which GCC's -O1 flow analysis cannot prove here. */
static size_t next_close_tag(const char *t, size_t from, size_t end)
{
    for (size_t i = from; i + 1 < end; i++)
        if (t[i] == '<' && t[i + 1] == '/')
            return i;
    return end;
}


/* ---- small helpers ---------------------------------------------------- */

/* A new last child of `parent`, whose last child so far is *last (kept by
 * the caller: the section's frame, or the Include's last file). */
static tvc_node *node_new(pstate *ps, tvc_node_kind k, tvc_node *parent, tvc_node **last)
{
    tvc_node *n = tvc_arena_calloc(ps->ta, sizeof *n);
    n->kind = k;
    n->parent = parent;
    if (*last)
        (*last)->next = n;
    else
        parent->child = n;
    *last = n;
    return n;
}

static const struct {
    const char *name;
    unsigned char role;
} name_roles[] = {
    {"Include", NAME_INCLUDE},     {"IncludeOptional", NAME_INCLUDE_OPTIONAL},
    {"Define", NAME_DEFINE},       {"UnDefine", NAME_UNDEFINE},
    {"LoadModule", NAME_LOADMODULE}, {"ServerRoot", NAME_SERVERROOT},
    {"Use", NAME_USE},             {"UndefMacro", NAME_UNDEFMACRO},
    {"VirtualHost", NAME_VIRTUALHOST}, {"Macro", NAME_MACRO},
    {"IfDefine", NAME_CONDITION},  {"IfModule", NAME_CONDITION},
    {"IfFile", NAME_CONDITION},    {"IfDirective", NAME_CONDITION},
    {"IfSection", NAME_CONDITION}, {"IfVersion", NAME_CONDITION},
};

static unsigned long byte_hash(const char *s, size_t len)
{
    unsigned long h = 1469598103934665603UL;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211UL;
    return h;
}

static size_t name_slot(const pstate *ps, const char *s, size_t len)
{
    size_t k = byte_hash(s, len) & (ps->names_cap - 1);
    for (; ps->names[k].s; k = (k + 1) & (ps->names_cap - 1))
        if (ps->names[k].len == len && memcmp(ps->names[k].s, s, len) == 0)
            break;
    return k;
}

/* The stored copy of a name, and its role (NAME_*) in *role. */
static const char *intern(pstate *ps, const char *s, size_t len, unsigned char *role)
{
    if ((ps->names_n + 1) * 2 > ps->names_cap) {
        size_t oc = ps->names_cap;
        struct name *old = ps->names;
        ps->names_cap = oc ? oc * 2 : 256;
        ps->names = tvc_arena_calloc(ps->a, ps->names_cap * sizeof *ps->names);
        for (size_t i = 0; i < oc; i++)
            if (old[i].s)
                ps->names[name_slot(ps, old[i].s, old[i].len)] = old[i];
    }
    size_t k = name_slot(ps, s, len);
    struct name *nm = &ps->names[k];
    if (!nm->s) {
        nm->s = tvc_arena_strndup(ps->a, s, len);
        nm->len = len;
        for (size_t i = 0; i < sizeof name_roles / sizeof *name_roles; i++)
            if (strcasecmp(nm->s, name_roles[i].name) == 0)
                nm->role = name_roles[i].role;
        nm->unread = nm->role == NAME_OTHER && ps->opts && ps->opts->args_read &&
                     !ps->opts->args_read(nm->s);
        ps->names_n++;
    }
    *role = nm->role;
    ps->last_unread = nm->unread;
    return nm->s;
}

tvc_loc tvc_node_arg_loc(const tvc_node *n, int i)
{
    tvc_loc l = n->loc;
    if (i >= 0 && i < n->argc && TVC_NODE_ARG_COLS(n)[i])
        l.col = TVC_NODE_ARG_COLS(n)[i];
    return l;
}

static unsigned long ci_hash(const char *s)
{
    unsigned long h = 1469598103934665603UL;
    for (; *s; s++)
        h = (h ^ (unsigned char)tolower((unsigned char)*s)) * 1099511628211UL;
    return h;
}

static void index_module(tvc_arena *a, tvc_config *c, const char *name)
{
    if ((c->n_modules + 1) * 2 > c->module_index_cap) {
        size_t nc = c->module_index_cap ? c->module_index_cap * 2 : 128;
        c->module_index = tvc_arena_calloc(a, nc * sizeof *c->module_index);
        c->module_index_cap = nc;
        for (size_t i = 0; i < c->n_modules; i++) {
            size_t k = ci_hash(c->modules[i]) & (nc - 1);
            while (c->module_index[k])
                k = (k + 1) & (nc - 1);
            c->module_index[k] = c->modules[i];
        }
    }
    size_t k = ci_hash(name) & (c->module_index_cap - 1);
    while (c->module_index[k])
        k = (k + 1) & (c->module_index_cap - 1);
    c->module_index[k] = name;
}

static void add_module(pstate *ps, const char *name)
{
    tvc_config *c = ps->cfg;
    if (tvc_config_has_module(c, name))
        return;
    if (c->n_modules == ps->mod_cap) {
        size_t nc = ps->mod_cap ? ps->mod_cap * 2 : 32;
        c->modules = tvc_arena_realloc(ps->a, c->modules,
                                       ps->mod_cap * sizeof *c->modules,
                                       nc * sizeof *c->modules);
        ps->mod_cap = nc;
    }
    const char *copy = tvc_arena_strdup(ps->a, name);
    index_module(ps->a, c, copy);
    c->modules[c->n_modules++] = copy;
}

int tvc_config_has_module(const tvc_config *c, const char *name)
{
    if (!c->module_index_cap)
        return 0;
    /* Exact match: httpd's <IfModule> compares module names and source
     * file names with strcmp (ap_find_linked_module, mod_so). */
    size_t k = ci_hash(name) & (c->module_index_cap - 1);
    for (; c->module_index[k]; k = (k + 1) & (c->module_index_cap - 1))
        if (strcmp(c->module_index[k], name) == 0)
            return 1;
    return 0;
}

const char *tvc_config_define(const tvc_config *c, const char *name)
{
    for (tvc_define *d = c->defines; d; d = d->next)
        if (strcmp(d->name, name) == 0)
            return d->value ? d->value : "";
    return NULL;
}

/* httpd's compiled-in modules on Debian (`apache2 -l`), identifier and
 * source file, so <IfModule> agrees with the real server. */
static const char *const builtin_modules[][2] = {
    {"core_module", "core.c"},           {"so_module", "mod_so.c"},
    {"watchdog_module", "mod_watchdog.c"}, {"http_module", "http_core.c"},
    {"log_config_module", "mod_log_config.c"}, {"logio_module", "mod_logio.c"},
    {"version_module", "mod_version.c"}, {"unixd_module", "mod_unixd.c"},
};

/* LoadModule foo_module path/mod_foo.so: <IfModule> accepts both the
 * identifier and the source file name (module->name is __FILE__). */
static void load_module(pstate *ps, const char *ident, const char *path)
{
    add_module(ps, ident);
    const char *file = tvc_cond_module_file(ps->a, ps->cfg, ident, path);
    if (file)
        add_module(ps, file);
    ps->cfg->saw_loadmodule = 1;
}

/* ---- locations -------------------------------------------------------- */

static tvc_loc loc_at(const source *src, const tvc_line *l, size_t off)
{
    tvc_loc loc = {src->file, l->line, (unsigned)off + 1, src->origin};
    if (src->mlines)
        loc.line = src->mlines[src->mi - 1].line;
    else if (l->nseg > 1) /* one physical line: the column is the offset */
        tvc_line_pos(l, off, &loc.line, &loc.col);
    return loc;
}

/* ---- file reading ----------------------------------------------------- */

#define FILE_TOO_LARGE "file too large: over the limit " \
    TVC_LIMIT_NAME(TVC_MAX_FILE_SIZE) " (512 MiB)"

static void *buf_grow(tvc_arena *a, void *p, size_t old_n, size_t new_n)
{
    if (a)
        return tvc_arena_realloc(a, p, old_n, new_n);
    void *q = realloc(p, new_n);
    if (!q)
        abort();
    return q;
}

static char *slurp_fail(tvc_arena *a, char *buf, int fd, const char **why, const char *msg)
{
    *why = msg;
    close(fd);
    if (!a)
        free(buf);
    return NULL;
}

/* Reads a whole regular file into the arena (NULL: into malloc'ed memory
 * the caller frees); NULL with a message in *why otherwise. There is
 * always a byte after the last, for the reader's NUL. */
static char *slurp(tvc_arena *a, const char *path, size_t *len, const char **why)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        *why = strerror(errno);
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        *why = S_ISDIR(st.st_mode) ? "is a directory" : "not a regular file";
        close(fd);
        return NULL;
    }
    if ((size_t)st.st_size > TVC_MAX_FILE_SIZE) {
        *why = FILE_TOO_LARGE;
        close(fd);
        return NULL;
    }
    /* st_size is only a hint: /proc files say 0 and files may grow. */
    size_t cap = (size_t)st.st_size + 4096, n = 0;
    char *buf = buf_grow(a, NULL, 0, cap);
    for (;;) {
        if (n == cap) {
            if (cap >= TVC_MAX_FILE_SIZE)
                return slurp_fail(a, buf, fd, why, FILE_TOO_LARGE);
            buf = buf_grow(a, buf, cap, 2 * cap);
            cap *= 2;
        }
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            return slurp_fail(a, buf, fd, why, strerror(errno));
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    close(fd);
    *len = n;
    return buf;
}

/* Where a file's bytes go: the tree's verbatim text points into them
 * (keep_raw), so they live as long as the run's arena. A lean parse
 * copies the few lines it keeps: NULL, each file's bytes are malloc'ed
 * and freed once the file is read (done_with_buffer), so at 10,000
 * vhosts in 100 files it holds one include chain's bytes, not 6.7 MB. */
static tvc_arena *buffer_arena(pstate *ps)
{
    return ps->cfg->lean ? NULL : ps->a;
}

static void done_with_buffer(pstate *ps, char *buf)
{
    if (!buffer_arena(ps))
        free(buf);
}

static const char *abs_path(pstate *ps, const char *p)
{
    if (p[0] == '/' || !ps->cfg->server_root)
        return tvc_arena_strdup(ps->a, p);
    return tvc_arena_printf(ps->a, "%s/%s", ps->cfg->server_root, p);
}

static void parse_one_file(pstate *ps, const char *path, tvc_node *inc,
                           const tvc_origin *origin, int optional);
static int files_left(pstate *ps, tvc_node *inc, size_t n, const char *what);

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Wildcard matches in httpd's order: process_resource_config_fnmatch
 * sorts the entries of each directory level on its own, so paths compare
 * component by component ("a/x" before "a-b/x" and "a.d/x", although
 * strcmp puts '-' and '.' before '/'). */
static int cmp_path(const void *a, const void *b)
{
    const unsigned char *x = *(const unsigned char *const *)a;
    const unsigned char *y = *(const unsigned char *const *)b;
    while (*x && *x == *y)
        x++, y++;
    int cx = *x == '/' ? 0 : *x, cy = *y == '/' ? 0 : *y;
    return cx != cy ? cx - cy : (int)*x - (int)*y;
}

/* A directory includes its entries in sorted order, recursively, as httpd's
 * process_resource_config_nofnmatch does. */
static void include_dir(pstate *ps, const char *dir, tvc_node *inc,
                        const tvc_origin *origin)
{
    DIR *dh = opendir(dir);
    if (!dh) {
        tvc_diag_add(ps->d, "include-missing", TVC_ERROR, &inc->loc, 0,
                     "cannot read directory '%s': %s", dir, strerror(errno));
        return;
    }
    size_t n = 0, cap = 16;
    char **names = malloc(cap * sizeof *names);
    struct dirent *e;
    while (names && (e = readdir(dh))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        if (n == cap) {
            cap *= 2;
            char **nn = realloc(names, cap * sizeof *names);
            if (!nn)
                abort();
            names = nn;
        }
        names[n++] = strdup(e->d_name);
    }
    closedir(dh);
    if (!names)
        abort();
    qsort(names, n, sizeof *names, cmp_str);
    int fits = files_left(ps, inc, n, dir);
    for (size_t i = 0; i < n; i++) {
        const char *p = tvc_arena_printf(ps->a, "%s/%s", dir, names[i]);
        if (fits)
            parse_one_file(ps, p, inc, origin, 0);
        free(names[i]);
    }
    free(names);
}

/* 1 when `n` more files fit under TVC_MAX_INCLUDED_FILES; reported once
 * otherwise, so that a wildcard over 100,000 files is one error. */
static int files_left(pstate *ps, tvc_node *inc, size_t n, const char *what)
{
    if (ps->cfg->n_files + n <= TVC_MAX_INCLUDED_FILES)
        return 1;
    tvc_diag_add(ps->d, "include-missing", TVC_ERROR, &inc->loc, 0,
                 "'%s' would bring the files read to %zu, over the limit %s "
                 "(%u); not included", what, ps->cfg->n_files + n,
                 TVC_LIMIT_NAME(TVC_MAX_INCLUDED_FILES), TVC_MAX_INCLUDED_FILES);
    return 0;
}

static void parse_one_file(pstate *ps, const char *path, tvc_node *inc,
                           const tvc_origin *origin, int optional)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        if (optional && errno == ENOENT)
            return;
        struct stat lst;
        int dangling = errno == ENOENT && lstat(path, &lst) == 0 &&
                       S_ISLNK(lst.st_mode);
        tvc_diag_add(ps->d, "include-missing", TVC_ERROR, &inc->loc, 0,
                     dangling ? "included file '%s' is a dangling symbolic link"
                              : "cannot include '%s': %s",
                     path, dangling ? "" : strerror(errno));
        return;
    }
    char real[PATH_MAX];
    if (!realpath(path, real))
        snprintf(real, sizeof real, "%s", path);
    /* Directories are on the stack too: a symbolic link back to a
     * directory being read would otherwise fan out until the depth limit,
     * twice as wide at each level with two such links. */
    for (struct open_file *f = ps->files; f; f = f->up)
        if (strcmp(f->real, real) == 0) {
            tvc_diag_add(ps->d, "include-loop", TVC_ERROR, &inc->loc, 0,
                         "'%s' includes itself (through '%s')", path,
                         ps->files->real);
            return;
        }
    if (S_ISDIR(st.st_mode)) {
        if (ps->depth >= ps->max_depth) {
            tvc_diag_add(ps->d, "include-loop", TVC_ERROR, &inc->loc, 0,
                         "include depth exceeds the limit %s (%u) at directory '%s'",
                         TVC_LIMIT_NAME(TVC_MAX_INCLUDE_DEPTH), ps->max_depth, path);
            return;
        }
        struct open_file od = {real, ps->files};
        ps->files = &od;
        ps->depth++;
        include_dir(ps, path, inc, origin);
        ps->depth--;
        ps->files = od.up;
        return;
    }
    if (ps->depth >= ps->max_depth) {
        tvc_diag_add(ps->d, "include-loop", TVC_ERROR, &inc->loc, 0,
                     "include depth exceeds the limit %s (%u) at '%s'",
                     TVC_LIMIT_NAME(TVC_MAX_INCLUDE_DEPTH), ps->max_depth, path);
        return;
    }
    if (!files_left(ps, inc, 1, path))
        return;
    size_t len;
    const char *why = NULL;
    char *buf = slurp(buffer_arena(ps), path, &len, &why);
    if (!buf) {
        tvc_diag_add(ps->d, "include-missing", TVC_ERROR, &inc->loc, 0,
                     "cannot include '%s': %s", path, why);
        return;
    }
    /* The files of one Include follow each other (each one's own
     * Includes in between are done when the next starts). */
    tvc_node *last = ps->last_file && ps->last_file->parent == inc ? ps->last_file : NULL;
    if (!last)
        for (last = inc->child; last && last->next; last = last->next)
            ;
    tvc_node *fnode = node_new(ps, TVC_N_FILE, inc, &last);
    fnode->name = tvc_arena_strdup(ps->a, path);
    fnode->loc = (tvc_loc){fnode->name, 0, 0, origin};
    struct open_file of = {real, ps->files};
    ps->files = &of;
    ps->depth++;
    source src = {.file = fnode->name, .origin = origin,
                  .rd = {buf, len, 0, 0}};
    parse_source(ps, &src, fnode, 1);
    done_with_buffer(ps, buf);
    ps->last_file = fnode;
    ps->depth--;
    ps->files = of.up;
    ps->cfg->n_files++;
}

static void do_include(pstate *ps, tvc_node *n, int optional)
{
    if (n->argc != 1) {
        tvc_diag_add(ps->d, "parse-error", TVC_ERROR, &n->loc, 0,
                     "%s takes one argument, a file, directory or wildcard",
                     n->name);
        return;
    }
    tvc_origin *o = tvc_arena_alloc(ps->a, sizeof *o);
    *o = (tvc_origin){TVC_ORIGIN_INCLUDE, NULL, n->loc};
    const char *pat = abs_path(ps, n->argv[0]);
    if (!strpbrk(pat, "*?[")) {
        parse_one_file(ps, pat, n, o, optional);
        return;
    }
    glob_t g;
    int rc = glob(pat, GLOB_NOSORT, NULL, &g);
    if (rc == GLOB_NOMATCH || (rc == 0 && g.gl_pathc == 0)) {
        if (!optional)
            tvc_diag_add(ps->d, "include-missing", TVC_ERROR,
                         &(tvc_loc){tvc_node_arg_loc(n, 0).file, n->loc.line,
                                    tvc_node_arg_loc(n, 0).col, n->loc.origin},
                         (unsigned)strlen(n->argv[0]),
                         "no matches for the wildcard pattern '%s' (use "
                         "IncludeOptional if that is intended)", pat);
        globfree(&g);
        return;
    }
    if (rc != 0) {
        tvc_diag_add(ps->d, "include-missing", TVC_ERROR, &n->loc, 0,
                     "cannot expand the wildcard pattern '%s'", pat);
        globfree(&g);
        return;
    }
    if (!files_left(ps, n, g.gl_pathc, pat)) {
        globfree(&g);
        return;
    }
    qsort(g.gl_pathv, g.gl_pathc, sizeof *g.gl_pathv, cmp_path);
    for (size_t i = 0; i < g.gl_pathc; i++)
        parse_one_file(ps, tvc_arena_strdup(ps->a, g.gl_pathv[i]), n, o, 0);
    globfree(&g);
}

/* ---- one logical line ------------------------------------------------- */

typedef struct frame {
    tvc_node *sec;
    tvc_node *last; /* sec's last child so far */
    int active;
    int stream;     /* sec's children are opts->unit's */
    /* sec is a unit itself: handed over and given back once it closes,
     * to the mark taken before it, `prev` becoming its parent's last. */
    int unit;
    tvc_node *prev;
    tvc_arena_mark mark;
} frame;

typedef struct fstack {
    frame *v;
    size_t n, cap;
} fstack;

static void push(fstack *s, tvc_node *sec, int active)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 16;
        frame *nv = realloc(s->v, s->cap * sizeof *s->v);
        if (!nv)
            abort();
        s->v = nv;
    }
    s->v[s->n++] = (frame){sec, NULL, active, 0, 0, NULL, {0}};
}

/* Fills argv and the argument columns of `n` from text[from..],
 * honouring quotes. */
static void split_args(pstate *ps, source *src, const tvc_line *l,
                       tvc_node *n, const char *text, size_t from,
                       size_t to)
{
    tvc_words w;
    tvc_words_split(ps->ta, text + from, to - from, &w);
    n->argc = (int)w.n;
    n->argv = w.v;
    for (size_t i = 0; i < w.n; i++) {
        tvc_loc lc = loc_at(src, l, from + w.off[i]);
        /* Columns only make sense on the directive's first physical line
         * or when the argument sits on its own continuation line. */
        w.cols[i] = lc.line == n->loc.line ? lc.col : 0;
    }
    tvc_words_free(&w);
}

/* Counts `bytes` more of Use and ${VAR} output against
 * TVC_MAX_EXPANSION_TOTAL; past it, reports once and returns 0. */
static int expansion_fits(pstate *ps, const tvc_loc *at, size_t bytes)
{
    if (bytes <= TVC_MAX_EXPANSION_TOTAL - ps->expanded) {
        ps->expanded += bytes;
        return 1;
    }
    if (!ps->expansion_full)
        tvc_diag_add(ps->d, "parse-error", TVC_ERROR, at, 0,
                     "macro and ${VAR} expansion would pass the limit %s "
                     "(%zu MiB in all); this and later expansions are skipped",
                     TVC_LIMIT_NAME(TVC_MAX_EXPANSION_TOTAL),
                     TVC_MAX_EXPANSION_TOTAL >> 20);
    ps->expansion_full = 1;
    return 0;
}

/* A Use whose output would pass TVC_MAX_MACRO_OUTPUT (with the Uses
 * inside it) or TVC_MAX_EXPANSION_TOTAL: reported once; from then on no
 * macro is expanded, so a doubling macro costs one budget, not one per
 * level. */
static void macro_too_big(pstate *ps, tvc_node *n)
{
    int total = TVC_MAX_EXPANSION_TOTAL - ps->expanded <
                TVC_MAX_MACRO_OUTPUT - ps->use_bytes;
    tvc_diag_add(ps->d, "parse-error", TVC_ERROR, &n->loc, 0,
                 "expanding macro '%s' would pass the limit %s (%zu MiB%s); "
                 "it and later macros are not expanded", n->argv[0],
                 total ? TVC_LIMIT_NAME(TVC_MAX_EXPANSION_TOTAL)
                       : TVC_LIMIT_NAME(TVC_MAX_MACRO_OUTPUT),
                 (total ? TVC_MAX_EXPANSION_TOTAL : TVC_MAX_MACRO_OUTPUT) >> 20,
                 total ? " of macro and ${VAR} output in all"
                       : " from one Use, the Uses inside it included");
    ps->expansion_full = 1;
}

static void handle_directive(pstate *ps, tvc_node *n, unsigned role)
{
    if (role == NAME_INCLUDE || role == NAME_INCLUDE_OPTIONAL) {
        do_include(ps, n, role == NAME_INCLUDE_OPTIONAL);
    } else if (role == NAME_DEFINE) {
        if (n->argc < 1 || n->argc > 2)
            tvc_diag_add(ps->d, "parse-error", TVC_ERROR, &n->loc, 0,
                         "Define takes a name and an optional value");
        else if (strchr(n->argv[0], ':'))
            tvc_diag_add(ps->d, "parse-error", TVC_ERROR, &n->loc, 0,
                         "variable name '%s' must not contain ':'", n->argv[0]);
        else
            tvc_env_define(&ps->env, n->argv[0], n->argc == 2 ? n->argv[1] : NULL);
    } else if (role == NAME_UNDEFINE) {
        if (n->argc != 1)
            tvc_diag_add(ps->d, "parse-error", TVC_ERROR, &n->loc, 0,
                         "UnDefine takes one name");
        else
            tvc_env_undefine(&ps->env, n->argv[0]);
    } else if (role == NAME_LOADMODULE) {
        if (n->argc != 2)
            tvc_diag_add(ps->d, "parse-error", TVC_ERROR, &n->loc, 0,
                         "LoadModule takes a module identifier and a file");
        else
            load_module(ps, n->argv[0], n->argv[1]);
    } else if (role == NAME_SERVERROOT) {
        if (n->argc != 1)
            tvc_diag_add(ps->d, "parse-error", TVC_ERROR, &n->loc, 0,
                         "ServerRoot takes one directory");
        else if (!ps->root_fixed)
            ps->cfg->server_root = tvc_arena_strdup(ps->a, n->argv[0]);
    } else if (role == NAME_USE) {
        if (n->argc < 1) {
            tvc_diag_add(ps->d, "parse-error", TVC_ERROR, &n->loc, 0,
                         "Use takes a macro name and its arguments");
            return;
        }
        const char *err = NULL;
        tvc_macro_line *lines = NULL;
        size_t nl = 0;
        size_t bytes = 0;
        if (!ps->macro_depth)
            ps->use_bytes = 0;
        size_t budget = TVC_MAX_MACRO_OUTPUT - ps->use_bytes;
        if (budget > TVC_MAX_EXPANSION_TOTAL - ps->expanded)
            budget = TVC_MAX_EXPANSION_TOTAL - ps->expanded;
        tvc_macro *m = ps->expansion_full ? NULL
                       : tvc_macro_expand(&ps->macros, ps->a, n->argv[0],
                                          n->argc - 1, n->argv + 1, budget,
                                          &bytes, &lines, &nl, &err);
        if (!m && ps->expansion_full)
            return; /* reported once, where the limit was reached */
        if (!m && bytes == (size_t)-1) {
            macro_too_big(ps, n);
            return;
        }
        if (!m) {
            tvc_diag_add(ps->d, "parse-error", TVC_ERROR, &n->loc, 0, "%s", err);
            return;
        }
        if (m->in_use) {
            tvc_diag_add(ps->d, "parse-error", TVC_ERROR, &n->loc, 0,
                         "recursive use of macro '%s'", m->name);
            return;
        }
        if (ps->macro_depth >= TVC_MAX_MACRO_DEPTH) {
            tvc_diag_add(ps->d, "parse-error", TVC_ERROR, &n->loc, 0,
                         "macros used inside each other deeper than the limit "
                         "%s (%u); '%s' is not expanded",
                         TVC_LIMIT_NAME(TVC_MAX_MACRO_DEPTH), TVC_MAX_MACRO_DEPTH,
                         m->name);
            return;
        }
        ps->use_bytes += bytes;
        expansion_fits(ps, &n->loc, bytes); /* fits: expand made no more */
        tvc_origin *o = tvc_arena_alloc(ps->a, sizeof *o);
        *o = (tvc_origin){TVC_ORIGIN_MACRO, m->name, n->loc};
        source ms = {.file = m->file, .origin = o, .mlines = lines,
                     .n_mlines = nl};
        m->in_use = 1;
        ps->macro_depth++;
        parse_source(ps, &ms, n, 1);
        ps->macro_depth--;
        m->in_use = 0;
    } else if (role == NAME_UNDEFMACRO) {
        if (n->argc != 1 || !tvc_macro_undef(&ps->macros, n->argv[0]))
            tvc_diag_add(ps->d, "parse-error", TVC_ERROR, &n->loc, 0,
                         "UndefMacro: no macro named '%s'",
                         n->argc ? n->argv[0] : "");
    }
}

/* The line's verbatim text for the tree: in place, as a macro's lines
 * and a full parse's file buffers are the run's (buffer_arena); a lean
 * parse copies the few lines it keeps out of buffers it frees early,
 * into the tree's arena: the IR of a lean tree keeps no verbatim text
 * (only a setter reads it, while the IR is built). */
static const char *keep_raw(pstate *ps, const source *src, const tvc_line *l)
{
    if (src->mlines || !ps->cfg->lean)
        return l->raw;
    return tvc_arena_strndup(ps->ta, l->raw, l->raw_len);
}

/* Returns 1 when src produced a line. */
static int next_line(source *src, tvc_line *l)
{
    if (!src->mlines)
        return tvc_reader_next(&src->rd, l);
    if (src->mi >= src->n_mlines)
        return 0;
    const tvc_macro_line *ml = &src->mlines[src->mi++];
    l->len = 0;
    l->nseg = 0;
    l->too_long = 0;
    l->too_many_segs = 0;
    l->nul_at = 0;
    size_t n = strlen(ml->text);
    l->text = ml->text;
    l->len = n;
    l->raw = ml->text;
    l->raw_len = n;
    l->line = ml->line;
    return 1;
}

/* "# tlsvhostc: disable=ID[,ID...] reason": suppresses those findings on
 * the next directive. Anything else after "tlsvhostc:" is reported, so a
 * typo does not silently suppress nothing. */
static void suppression_comment(pstate *ps, source *src, const tvc_line *l, const char *c,
                                size_t n, tvc_suppression **pending)
{
    size_t i = 1;
    while (i < n && (c[i] == ' ' || c[i] == '\t'))
        i++;
    if (n - i < 10 || strncmp(c + i, "tlsvhostc:", 10) != 0)
        return;
    i += 10;
    while (i < n && (c[i] == ' ' || c[i] == '\t'))
        i++;
    tvc_loc at = loc_at(src, l, (size_t)(c - l->text));
    if (n - i < 8 || strncmp(c + i, "disable=", 8) != 0) {
        tvc_diag_add(ps->d, "parse-error", TVC_WARNING, &at, 0,
                     "unknown tlsvhostc comment; the form is "
                     "'# tlsvhostc: disable=ID[,ID...] reason'");
        return;
    }
    i += 8;
    size_t b = i;
    while (i < n && c[i] != ' ' && c[i] != '\t')
        i++;
    tvc_suppression *s = tvc_arena_calloc(ps->a, sizeof *s);
    s->comment = at;
    size_t cap = 1;
    for (size_t k = b; k < i; k++)
        cap += c[k] == ',';
    s->ids = tvc_arena_alloc(ps->a, cap * sizeof *s->ids);
    for (size_t k = b; k < i;) {
        size_t e = k;
        while (e < i && c[e] != ',')
            e++;
        if (e > k)
            s->ids[s->n_ids++] = tvc_arena_strndup(ps->a, c + k, e - k);
        k = e + 1;
    }
    while (i < n && (c[i] == ' ' || c[i] == '\t'))
        i++;
    s->reason = tvc_arena_strndup(ps->a, c + i, n - i);
    *pending = s;
}

/* Frames [from, to) were closed: the unit among them (at most one: what
 * is inside a unit is not) goes to opts->unit, then its memory back to
 * the tree's arena and the node out of its parent's children. */
static void frames_done(pstate *ps, fstack *st, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++) {
        frame *f = &st->v[i], *p = &st->v[i - 1];
        if (!f->unit)
            continue;
        ps->opts->unit(ps->opts->unit_ud, ps->cfg, f->sec);
        tvc_arena_release(ps->ta, &f->mark);
        p->last = f->prev;
        if (f->prev)
            f->prev->next = NULL;
        else
            p->sec->child = NULL;
        ps->last_file = NULL; /* it may have been inside */
    }
}

/* Include, IncludeOptional and Use: the build walks through them. */
static int transparent_role(unsigned role)
{
    return role == NAME_INCLUDE || role == NAME_INCLUDE_OPTIONAL || role == NAME_USE;
}

/* A directive read: the reader acts on it, with the lines it brings in
 * (Include, Use) the build's units when it is one's place; then it is a
 * unit itself unless the build walks through it. */
static void directive_done(pstate *ps, tvc_node *n, unsigned role, int act, int stream)
{
    if (act) {
        int outer = ps->stream_here;
        ps->stream_here = stream;
        handle_directive(ps, n, role);
        ps->stream_here = outer;
    }
    if (stream && !(act && transparent_role(role)))
        ps->opts->unit(ps->opts->unit_ud, ps->cfg, n);
}

/* A section opened in a unit's place: a condition that held is walked
 * through, anything else is a unit, given back to `mark` when it closes. */
static void section_opened(frame *f, int stream, tvc_node *prev, const tvc_arena_mark *mark)
{
    f->stream = stream && (f->sec->flags & TVC_NF_COND_TRUE);
    if (stream && !(f->sec->flags & TVC_NF_COND_TRUE)) {
        f->unit = 1;
        f->prev = prev;
        f->mark = *mark;
    }
}

/* [*b, *e): the line without its leading and trailing blanks. */
static void trim_line(const char *t, size_t len, size_t *b, size_t *e)
{
    *b = 0;
    *e = len;
    while (*b < *e && TVC_IS_BLANK(t[*b]))
        (*b)++;
    while (*e > *b && TVC_IS_BLANK(t[*e - 1]))
        (*e)--;
}

/* The node's name (its first word; a section's after the '<'); returns
 * its role, *ne where it ends. */
static unsigned char read_name(pstate *ps, tvc_node *n, const char *t, size_t b, size_t e,
                               int is_open, size_t *ne, int *closed_in_name)
{
    size_t nb = b + (is_open ? 1 : 0);
    *ne = nb;
    while (*ne < e && !TVC_IS_BLANK(t[*ne]))
        (*ne)++;
    /* <Section> with no arguments: the '>' ends the name. */
    *closed_in_name = is_open && t[*ne - 1] == '>';
    unsigned char role;
    n->name = intern(ps, t + nb, *ne - nb - (*closed_in_name ? 1 : 0), &role);
    return role;
}

/* Kept verbatim, so that convert writes them back. */
static void keep_blank_or_comment(pstate *ps, source *src, const tvc_line *l, frame *into,
                                  int act, size_t b, size_t e)
{
    tvc_node *n = node_new(ps, b == e ? TVC_N_BLANK : TVC_N_COMMENT, into->sec, &into->last);
    n->flags = act ? 0 : TVC_NF_INACTIVE;
    n->raw = keep_raw(ps, src, l);
    n->loc = loc_at(src, l, b == e ? 0 : b);
}

/* A closing line: httpd reads its first word only (ap_build_config_sub,
 * ap_soak_end_container); its last byte must be the '>', and what follows
 * it on the line is never looked at. Pops the section it closes. */
static void close_section(pstate *ps, source *src, tvc_line *l, fstack *st, size_t b,
                          size_t e)
{
    const char *t = l->text;
    size_t we = b;
    while (we < e && !TVC_IS_BLANK(t[we]))
        we++;
    size_t nb = b + 2, ne = nb;
    while (ne < we && t[ne] != '>')
        ne++;
    const char *cname = tvc_arena_strndup(ps->ta, t + nb, ne - nb); /* for messages */
    tvc_loc lc = loc_at(src, l, b);
    int no_gt = t[we - 1] != '>';
    if (no_gt) {
        tvc_diag_add(ps->d, "parse-error", TVC_ERROR, &lc, 0,
                     "</%s> is missing its closing '>'", cname);
    }
    frame *top = st->n > 1 ? &st->v[st->n - 1] : NULL;
    if (no_gt) {
        /* reported */
    } else if (top && top->active && (top->sec->flags & TVC_NF_COND_TRUE) &&
        strcasecmp(top->sec->name, cname) == 0 &&
        (e - b != strlen(cname) + 3 || t[e - 1] != '>')) {
        /* A conditional section that held is read by
         * ap_build_cont_config, which ends it only at a line that
         * is exactly </Name>; any other closing line reaches the
         * parser with nothing open and fails. */
        tvc_diag_add(ps->d, "parse-error", TVC_ERROR, &lc,
                     (unsigned)(we - b),
                     "</%s> ends <%s> (whose condition holds) only on a line "
                     "of its own: httpd fails with \"</%s> without matching "
                     "<%s> section\"", cname, cname, cname, cname);
    } else if (we < e && next_close_tag(t, we, e) < e) {
        /* "</VirtualHost> </IfModule>": the second tag is ignored */
        size_t at_off = next_close_tag(t, we, e);
        tvc_loc at = loc_at(src, l, at_off);
        tvc_diag_add(ps->d, "parse-error", TVC_NOTE, &at, 0,
                     "httpd reads only the first word of </%s>'s line: "
                     "what follows it closes nothing", cname);
    }
    /* Find the section this closes: the innermost of that name. */
    size_t k = st->n;
    while (k > 1 && strcasecmp(st->v[k - 1].sec->name, cname) != 0)
        k--;
    if (k <= 1) {
        tvc_diag_add(ps->d, "parse-error", TVC_ERROR, &lc,
                     (unsigned)(ne - b + 1),
                     "</%s> without matching <%s> section", cname, cname);
        return;
    }
    if (k != st->n) {
        tvc_node *inner = st->v[st->n - 1].sec;
        tvc_diag_add(ps->d, "parse-error", TVC_ERROR, &lc,
                     (unsigned)(ne - b + 1),
                     "expected </%s> but saw </%s> (<%s> opened at "
                     "line %u)", inner->name, cname, inner->name,
                     inner->loc.line);
    }
    tvc_node *sec = st->v[k - 1].sec;
    /* A lean tree is written back nowhere: no closing line to keep. */
    if (!ps->cfg->lean) {
        tvc_node_end *end = tvc_arena_alloc(ps->ta, sizeof *end);
        end->raw = keep_raw(ps, src, l);
        end->loc = lc;
        sec->end = end;
    }
    size_t was = st->n;
    st->n = k - 1;
    frames_done(ps, st, st->n, was); /* the section read whole, its end too */
}

/* Sections still open at the end of a file or macro: errors, except where
 * httpd's reader ends them without a word. */
static void report_unclosed(pstate *ps, const source *src, const fstack *st)
{
    /* Sections still open at the end of the source. A conditional section
     * that held is read by ap_build_cont_config, which simply stops at the
     * end of the file: it and every section opened inside it end there
     * without a word. A false one is skipped by ap_soak_end_container,
     * which fails at the end of the file, as the main reader does for any
     * other section. */
    size_t held = 0; /* outermost open conditional section that held */
    int soaked = 1;  /* inactive frames are skipped by the soak reader */
    for (size_t k = st->n; k > 1; k--) {
        if (st->v[k - 1].active && (st->v[k - 1].sec->flags & TVC_NF_COND_TRUE))
            held = k - 1;
        if (strcasecmp(st->v[k - 1].sec->name, "Macro") == 0)
            soaked = 0; /* mod_macro reads a body itself */
    }
    for (size_t k = st->n; k > 1; k--) {
        tvc_node *sec = st->v[k - 1].sec;
        if (held && k - 1 >= held && st->v[k - 1].active)
            continue;
        tvc_diag_add(ps->d, "parse-error", TVC_ERROR, &sec->loc,
                     (unsigned)strlen(sec->name) + 1,
                     "<%s> is not closed: no </%s> before the end of %s%s%s%s",
                     sec->name, sec->name,
                     src->mlines ? "the macro" : "the file",
                     st->v[k - 1].active || !soaked ? "" : " (httpd: \"Expected </",
                     st->v[k - 1].active || !soaked ? "" : sec->name,
                     st->v[k - 1].active || !soaked ? "" : "> before end of configuration\")");
    }
}

/* A directive's arguments: split from the expanded text where ${VAR}
 * changed the line (the name included, as httpd expands the whole line),
 * with columns from the raw text when the words line up. */
static void read_directive(pstate *ps, source *src, tvc_line *l, tvc_node *n, const char *x,
                           size_t xb, size_t xe, size_t ne, size_t e, unsigned char *role)
{
    const char *t = l->text;
    /* Re-split on the expanded text, keep columns of the raw one. */
    size_t xnb = xb;
    if (x != t) {
        while (xnb < xe && !TVC_IS_BLANK(x[xnb]))
            xnb++;
        /* httpd expands the whole line, the name included. */
        n->name = intern(ps, x + xb, xnb - xb, role);
    } else {
        xnb = ne;
    }
    if (ps->last_unread) {
        /* Nobody reads them: at 10,000 vhosts most lines' words. */
        static const char *none[1];
        n->argv = none;
        return;
    }
    split_args(ps, src, l, n, x, xnb, xe);
    if (x != t) {
        /* columns from the unexpanded line when tokens line up */
        tvc_words w;
        tvc_words_split(ps->ta, t + ne, e - ne, &w);
        unsigned *cols = TVC_NODE_ARG_COLS(n);
        for (size_t i = 0; i < (size_t)n->argc; i++) {
            cols[i] = 0;
            if (w.n == (size_t)n->argc) {
                tvc_loc lc = loc_at(src, l, ne + w.off[i]);
                if (lc.line == n->loc.line)
                    cols[i] = lc.col;
            }
        }
        tvc_words_free(&w);
    }
}

/* An opening line: its arguments, and whether what it holds applies
 * (<Macro> bodies are recorded into *rec instead; <If*> conditions are
 * evaluated now, as httpd does while reading). Pushes the section. */
static void open_section(pstate *ps, source *src, tvc_line *l, fstack *st, tvc_node *n,
                         const char *x, size_t xb, size_t xe, size_t b, size_t ne,
                         size_t e, int closed_in_name, int act, unsigned role, tvc_macro **rec)
{
    const char *t = l->text;
    size_t ab = ne, ae = e;
    if (!closed_in_name) {
        if (t[e - 1] != '>') {
            tvc_diag_add(ps->d, "parse-error", TVC_ERROR, &n->loc,
                         (unsigned)(ne - b),
                         "<%s> is missing its closing '>'", n->name);
        } else {
            ae = e - 1;
        }
    }
    if (x != t) {
        /* arguments from the expanded text */
        size_t xab = xb;
        while (xab < xe && !TVC_IS_BLANK(x[xab]))
            xab++;
        size_t xae = xe;
        if (xae > xab && x[xae - 1] == '>')
            xae--;
        split_args(ps, src, l, n, x, xab, xae);
    } else {
        split_args(ps, src, l, n, t, ab, ae);
    }
    int child_active = act;
    if (act && role == NAME_VIRTUALHOST)
        ps->cfg->n_vhost_sections++;
    if (act && role == NAME_MACRO) {
        const char *err = NULL;
        *rec = tvc_macro_define(&ps->macros, ps->a, n->argc, n->argv,
                                src->file, n->loc.line, &err);
        if (!*rec)
            tvc_diag_add(ps->d, "parse-error", TVC_ERROR, &n->loc, 0,
                         "%s", err);
        child_active = 0;
    } else if (act && role == NAME_CONDITION) {
        tvc_cond_ctx cc = {ps->a, ps->d, ps->cfg, &ps->env,
                           ps->opts ? ps->opts->httpd_version : NULL};
        int r = tvc_cond_eval(&cc, n);
        if (r >= 0) {
            child_active = r;
            if (r)
                n->flags |= TVC_NF_COND_TRUE;
        }
    }
    if (st->n == TVC_MAX_NESTING) {
        tvc_diag_add(ps->d, "parse-error", TVC_ERROR, &n->loc, 0,
                     "sections nested deeper than the limit %s (%u levels); what "
                     "is inside is not applied", TVC_LIMIT_NAME(TVC_MAX_NESTING),
                     TVC_MAX_NESTING);
        child_active = 0;
    }
    push(st, n, child_active);
}

/* The line with ${VAR} resolved as ap_resolve_env does; each undefined
 * name is a warning at its column (httpd keeps such text as it is). */
static const char *expand_vars(pstate *ps, source *src, tvc_line *l, size_t b, size_t e)
{
    tvc_env_missing miss = {0};
    const char *x = ps->expansion_full ? NULL
                    : tvc_env_expand(&ps->env, ps->ta, l->text + b, e - b, &miss);
    tvc_loc at = loc_at(src, l, b);
    if (!x || !expansion_fits(ps, &at, strlen(x) + 1))
        return NULL;
    if (miss.too_long) {
        tvc_diag_add(ps->d, "parse-error", TVC_ERROR, &at, 0,
                     "line longer than %zu bytes after ${VAR} expansion (limit "
                     "%s); skipped", TVC_MAX_EXPANDED_LINE,
                     TVC_LIMIT_NAME(TVC_MAX_EXPANDED_LINE));
        return NULL;
    }
    for (size_t i = 0; i < miss.n; i++) {
        tvc_loc lc = loc_at(src, l, b + miss.off[i]);
        tvc_diag_add(ps->d, "undefined-variable", TVC_WARNING, &lc,
                     (unsigned)strlen(miss.name[i]) + 3,
                     "config variable ${%s} is not defined (httpd "
                     "keeps the text as it is)", miss.name[i]);
    }
    return x;
}

/* A line the reader cannot use: a NUL byte ends the file (-1: it is not
 * a config file), an over-long line is skipped (1); 0: fine. */
static int unreadable_line(pstate *ps, source *src, tvc_line *l)
{
    if (l->nul_at) {
        tvc_loc lc = loc_at(src, l, l->nul_at - 1);
        tvc_diag_add(ps->d, "parse-error", TVC_ERROR, &lc, 1,
                     "NUL byte in '%s': this does not look like a "
                     "configuration file; the rest of it is skipped",
                     src->file);
        return -1;
    }
    if (l->too_long || l->too_many_segs) {
        tvc_loc lc = loc_at(src, l, 0);
        if (l->too_many_segs)
            tvc_diag_add(ps->d, "parse-error", TVC_ERROR, &lc, 0,
                         "more than %u lines joined by continuation "
                         "(limit %s); skipped", TVC_MAX_CONTINUATIONS,
                         TVC_LIMIT_NAME(TVC_MAX_CONTINUATIONS));
        else
            tvc_diag_add(ps->d, "parse-error", TVC_ERROR, &lc, 0,
                         "line longer than %zu bytes (limit %s); skipped",
                         TVC_MAX_LINE, TVC_LIMIT_NAME(TVC_MAX_LINE));
        return 1;
    }
    return 0;
}

/* Records a line of a <Macro> body, counting nested <Macro>s; 0 when the
 * line is the body's own </Macro> (recording ends, the line is not kept). */
static int record_macro_line(pstate *ps, tvc_macro *rec, const tvc_line *l, size_t b,
                             int is_open, int is_close, size_t *level)
{
    const char *t = l->text;
    if (is_open && strncasecmp(t + b + 1, "Macro", 5) == 0 &&
        (TVC_IS_BLANK(t[b + 6]) || t[b + 6] == '>'))
        (*level)++;
    if (is_close && strncasecmp(t + b + 2, "Macro", 5) == 0 && --*level == 0)
        return 0;
    tvc_macro_add_line(rec, ps->a, t, l->line);
    return 1;
}

/* Files a suppression comment under the directive that follows it. */
static tvc_suppression *attach_suppression(pstate *ps, tvc_suppression *sp, const char *file,
                                           unsigned line)
{
    sp->file = file;
    sp->line = line;
    sp->next = ps->cfg->suppressions;
    ps->cfg->suppressions = sp;
    return NULL;
}

static void parse_source(pstate *ps, source *src, tvc_node *parent, int active)
{
    tvc_line *l = &ps->line;
    fstack st = {0};
    push(&st, parent, active);
    st.v[0].stream = ps->stream_here;
    /* Lines of a <Macro> body are recorded raw for later expansion. */
    tvc_macro *rec = NULL;
    tvc_suppression *pending = NULL; /* waits for the next directive */
    size_t rec_level = 0;

    while (next_line(src, l)) {
        ps->cfg->n_lines++;
        frame *top = &st.v[st.n - 1];
        /* Past TVC_MAX_NESTING the tree stops getting deeper (everything hangs
         * off the deepest allowed section, inactive), so walking it can
         * never exhaust the C stack. */
        frame *into = st.n > TVC_MAX_NESTING ? &st.v[TVC_MAX_NESTING - 1] : top;
        tvc_node *cur = into->sec;
        int act = top->active;
        int bad = unreadable_line(ps, src, l);
        if (bad < 0)
            break;
        if (bad)
            continue;
        const char *t = l->text;
        size_t b, e;
        trim_line(t, l->len, &b, &e);
        int is_close = e - b >= 2 && t[b] == '<' && t[b + 1] == '/';
        int is_open = e - b >= 2 && t[b] == '<' && !is_close;

        if (rec && !record_macro_line(ps, rec, l, b, is_open, is_close, &rec_level))
            rec = NULL;

        if (t[b] == '#' && !src->mlines && act)
            suppression_comment(ps, src, l, t + b, e - b, &pending);
        /* nobody reads them in a lean tree, nor where the build has each
         * line as it comes (the verbatim text it keeps is of sections) */
        if ((ps->cfg->lean || into->stream) && (b == e || t[b] == '#'))
            continue;
        if (b == e || t[b] == '#') {
            keep_blank_or_comment(ps, src, l, into, act, b, e);
            continue;
        }

        /* A unit of the streamed build: marked before ${VAR} is expanded,
         * whose text goes to the tree's arena too. */
        int stream = into->stream && st.n <= TVC_MAX_NESTING;
        tvc_node *prev = into->last;
        tvc_arena_mark mark = stream && is_open ? tvc_arena_mark_get(ps->ta) : (tvc_arena_mark){0};

        /* ${VAR}: httpd resolves the whole line before splitting it. */
        const char *x = t;
        size_t xb = b, xe = e;
        if (act && memchr(t + b, '$', e - b) && memmem(t + b, e - b, "${", 2)) {
            x = expand_vars(ps, src, l, b, e);
            if (!x)
                continue;
            xb = 0;
            xe = strlen(x);
        }

        if (is_close) {
            close_section(ps, src, l, &st, b, e);
            continue;
        }

        tvc_node *n = node_new(ps, is_open ? TVC_N_SECTION : TVC_N_DIRECTIVE, cur,
                               &into->last);
        if (pending) /* the comment applies to this directive */
            pending = attach_suppression(ps, pending, src->file, l->line);
        n->flags = (act ? 0 : TVC_NF_INACTIVE) | (src->mlines ? TVC_NF_MACRO : 0);
        if (!ps->cfg->lean || (!is_open && (!ps->opts || !ps->opts->tls_name ||
                                            ps->opts->tls_name(t + b))))
            n->raw = keep_raw(ps, src, l);
        n->loc = loc_at(src, l, b);
        size_t ne;
        int closed_in_name;
        unsigned char role = read_name(ps, n, t, b, e, is_open, &ne, &closed_in_name);

        if (!is_open) {
            read_directive(ps, src, l, n, x, xb, xe, ne, e, &role);
            directive_done(ps, n, role, act, stream);
            continue;
        }

        /* Opening a section. */
        tvc_macro *def = NULL;
        open_section(ps, src, l, &st, n, x, xb, xe, b, ne, e, closed_in_name, act, role,
                     &def);
        section_opened(&st.v[st.n - 1], stream, prev, &mark);
        if (def) {
            rec = def;
            rec_level = 1;
        }
    }

    report_unclosed(ps, src, &st);
    frames_done(ps, &st, 1, st.n);
    free(st.v);
}

/* ---- entry ------------------------------------------------------------ */

tvc_config *tvc_parse_file(tvc_arena *a, tvc_diags *d, const char *path,
                           const tvc_parse_opts *opts)
{
    pstate ps = {0};
    ps.a = a;
    ps.ta = opts && opts->tree_arena ? opts->tree_arena : a;
    ps.d = d;
    ps.opts = opts;
    ps.stream_here = opts && opts->unit && ps.ta != a;
    ps.max_depth = opts && opts->max_include_depth ? opts->max_include_depth
                                                  : TVC_MAX_INCLUDE_DEPTH;
    tvc_config *cfg = tvc_arena_calloc(a, sizeof *cfg);
    ps.cfg = cfg;
    tvc_env_init(&ps.env, a);
    tvc_macros_init(&ps.macros);

    char real[PATH_MAX];
    if (!realpath(path, real)) {
        tvc_diag_add(d, "parse-error", TVC_ERROR, NULL, 0,
                     "cannot read configuration '%s': %s", path, strerror(errno));
        return NULL;
    }
    struct stat st;
    if (stat(real, &st) != 0 || !S_ISREG(st.st_mode)) {
        tvc_diag_add(d, "parse-error", TVC_ERROR, NULL, 0,
                     "cannot read configuration '%s': %s", path,
                     S_ISDIR(st.st_mode) ? "is a directory" : "not a regular file");
        return NULL;
    }
    if (access(real, R_OK) != 0) {
        tvc_diag_add(d, "parse-error", TVC_ERROR, NULL, 0,
                     "cannot read configuration '%s': %s", path, strerror(errno));
        return NULL;
    }
    cfg->main_file = tvc_arena_strdup(a, real);
    cfg->lean = opts && opts->lean;
    cfg->args_apart = ps.ta != a;
    cfg->directive_module = opts ? opts->directive_module : NULL;
    cfg->module_file = opts ? opts->module_file : NULL;
    if (opts && opts->server_root) {
        char rr[PATH_MAX];
        cfg->server_root = tvc_arena_strdup(a, realpath(opts->server_root, rr)
                                                   ? rr : opts->server_root);
        ps.root_fixed = 1;
    } else {
        char *dir = tvc_arena_strdup(a, real);
        char *slash = strrchr(dir, '/');
        if (slash && slash != dir)
            *slash = '\0';
        else if (slash)
            slash[1] = '\0';
        cfg->server_root = dir;
    }
    for (size_t i = 0; i < sizeof builtin_modules / sizeof *builtin_modules; i++) {
        add_module(&ps, builtin_modules[i][0]);
        add_module(&ps, builtin_modules[i][1]);
    }
    for (tvc_define *df = opts ? opts->defines : NULL; df; df = df->next)
        tvc_env_define(&ps.env, df->name, df->value);
    if (opts && opts->env_file) {
        const char *err = NULL;
        if (tvc_env_load_file(&ps.env, opts->env_file, &err) != 0)
            tvc_diag_add(d, "parse-error", TVC_ERROR, NULL, 0,
                         "cannot read environment file '%s': %s",
                         opts->env_file, err);
    }

    tvc_node *root = tvc_arena_calloc(ps.ta, sizeof *root);
    root->kind = TVC_N_FILE;
    root->name = cfg->main_file;
    root->loc = (tvc_loc){cfg->main_file, 0, 0, NULL};
    cfg->root = root;

    size_t len;
    const char *why = NULL;
    char *buf = slurp(buffer_arena(&ps), real, &len, &why);
    if (!buf) {
        tvc_diag_add(d, "parse-error", TVC_ERROR, NULL, 0,
                     "cannot read configuration '%s': %s", path, why);
        tvc_macros_free(&ps.macros);
        tvc_line_free(&ps.line);
        return NULL;
    }
    struct open_file of = {cfg->main_file, NULL};
    ps.files = &of;
    source src = {.file = cfg->main_file, .rd = {buf, len, 0, 0}};
    parse_source(&ps, &src, root, 1);
    done_with_buffer(&ps, buf);
    cfg->n_files++;
    cfg->defines = tvc_env_defines(&ps.env);
    tvc_macros_free(&ps.macros);
    tvc_line_free(&ps.line);
    return cfg;
}
