/* The rows read backwards: the line of a target module that sets one IR
 * field as a level has it. The words come from the same rows the setters
 * read, so what the parser knows, an emitter can write. */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "ir/dialect.h"

int tvc_kind_is_direct(tvc_kind k)
{
    return k >= TVC_KIND_FLAG && k <= TVC_KIND_LIST;
}

const char *tvc_kind_name(tvc_kind k)
{
    static const char *const names[] = {
        "none", "raw", "flag", "enum", "int", "string", "path", "list",
        "certificate", "policy", "secret",
    };
    return (size_t)k < sizeof names / sizeof *names ? names[k] : NULL;
}

static const tvc_value *values_of(const tvc_cmd *row)
{
    if (row->kind == TVC_KIND_FLAG && !row->values)
        return tvc_flag_values;
    return row->values;
}

int tvc_dialect_value(const tvc_cmd *row, const char *word, int *v)
{
    const tvc_value *t = values_of(row);
    for (; t && t->word; t++)
        if (!strcasecmp(t->word, word)) {
            *v = t->value;
            return 0;
        }
    return -1;
}

int tvc_dialect_flag(const char *word)
{
    static const tvc_cmd flag = {.kind = TVC_KIND_FLAG};
    int v;
    return tvc_dialect_value(&flag, word, &v) == 0 ? v : -1;
}

const char *tvc_dialect_word(const tvc_cmd *row, int v)
{
    const tvc_value *t = values_of(row);
    for (; t && t->word; t++)
        if (t->value == v)
            return t->word;
    return NULL;
}

/* Only the canonical words: an alias is accepted, not advertised. */
static int canonical(const tvc_value *t, const tvc_value *first)
{
    for (const tvc_value *u = first; u < t; u++)
        if (u->value == t->value)
            return 0;
    return 1;
}

const char *tvc_dialect_words(tvc_arena *a, const tvc_cmd *row)
{
    const tvc_value *first = values_of(row);
    size_t n = 0, k = 0;
    for (const tvc_value *t = first; t && t->word; t++)
        n += canonical(t, first);
    const char *s = "";
    for (const tvc_value *t = first; t && t->word; t++) {
        if (!canonical(t, first))
            continue;
        const char *sep = k == 0 ? "" : k + 1 == n ? " or " : ", ";
        s = tvc_arena_printf(a, "%s%s%s", s, sep, t->word);
        k++;
    }
    return s;
}

const tvc_dialect *tvc_dialect_of(tvc_engine engine)
{
    size_t n;
    const tvc_dialect *const *all = tvc_dialects(&n);
    for (size_t i = 0; i < n && engine != TVC_ENGINE_NONE; i++)
        if (all[i]->engine == engine)
            return all[i];
    return NULL;
}

const tvc_cmd *tvc_dialect_row(const tvc_dialect *dl, size_t offset, int proxy)
{
    for (size_t k = 0; dl && k < dl->n; k++) {
        const tvc_cmd *r = &dl->cmds[k];
        if (tvc_kind_is_direct(r->kind) && r->offset == offset && !r->proxy == !proxy)
            return r;
    }
    return NULL;
}

const tvc_cmd *tvc_dialect_next_direct(const tvc_dialect *dl, const tvc_cmd *prev)
{
    const tvc_cmd *r = prev ? prev + 1 : dl->cmds;
    for (; r < dl->cmds + dl->n; r++)
        if (tvc_kind_is_direct(r->kind) && tvc_dialect_row(dl, r->offset, r->proxy) == r)
            return r;
    return NULL;
}

static const void *field_of(const tvc_cmd *row, const tvc_tls *tls)
{
    const void *base = row->proxy ? (const void *)tls->proxy : (const void *)tls;
    return base ? (const char *)base + row->offset : NULL;
}

int tvc_dialect_is_set(const tvc_cmd *row, const tvc_tls *tls)
{
    const void *f = field_of(row, tls);
    if (!f)
        return 0;
    switch ((tvc_kind)row->kind) {
    case TVC_KIND_FLAG:
    case TVC_KIND_ENUM:
    case TVC_KIND_INT:
        return *(const int *)f != TVC_UNSET;
    case TVC_KIND_STRING:
    case TVC_KIND_PATH:
    case TVC_KIND_SECRET:
        return ((const tvc_str *)f)->v != NULL;
    case TVC_KIND_LIST:
        return ((const tvc_strs *)f)->n > 0;
    case TVC_KIND_CERT:
        return ((const tvc_certs *)f)->n > 0;
    default:
        return 0;
    }
}

const char *tvc_dialect_quote(tvc_arena *a, const char *s)
{
    if (!strpbrk(s, " \t\"'#"))
        return s;
    char *q = tvc_arena_alloc(a, strlen(s) * 2 + 3), *p = q;
    *p++ = '"';
    for (; *s; s++) {
        if (*s == '"')
            *p++ = '\\';
        *p++ = *s;
    }
    *p++ = '"';
    *p = '\0';
    return q;
}

static const char *path_word(tvc_arena *a, const char *abs, const tvc_ir *ir)
{
    return tvc_dialect_quote(a, ir ? tvc_ir_path_as_written(ir, abs) : abs);
}

static const char *paths_words(tvc_arena *a, const tvc_strs *s, const tvc_ir *ir)
{
    const char *w = path_word(a, s->v[0], ir);
    for (size_t i = 1; i < s->n; i++)
        w = tvc_arena_printf(a, "%s %s", w, path_word(a, s->v[i], ir));
    return w;
}

/* The argument words of a set field. A string of a row that takes
 * several words was joined from them (GnuTLSCache dbm FILE,
 * SSLCARevocationCheck chain no_crl_for_cert_ok): it goes back as
 * those words, unless its first word holds a ':' (a cache as
 * TYPE:ARGS is one word, whose ARGS may hold a blank). */
static const char *words_of(tvc_arena *a, const tvc_cmd *row, const void *f,
                            const tvc_ir *ir)
{
    switch ((tvc_kind)row->kind) {
    case TVC_KIND_FLAG:
    case TVC_KIND_ENUM:
        return tvc_dialect_word(row, *(const int *)f);
    case TVC_KIND_INT:
        return tvc_arena_printf(a, "%d", *(const int *)f);
    case TVC_KIND_STRING: {
        const char *v = ((const tvc_str *)f)->v;
        size_t first = strcspn(v, " ");
        int words = row->max_args > 1 && *v && !memchr(v, ':', first);
        return words ? v : tvc_dialect_quote(a, v);
    }
    case TVC_KIND_PATH:
        return path_word(a, ((const tvc_str *)f)->v, ir);
    case TVC_KIND_LIST:
        return paths_words(a, f, ir);
    default:
        return NULL;
    }
}

const char *tvc_dialect_format(tvc_arena *a, const tvc_cmd *row, const tvc_tls *tls,
                               const tvc_ir *ir)
{
    if (!row || !tvc_kind_is_direct(row->kind) || !tvc_dialect_is_set(row, tls))
        return NULL;
    const char *w = words_of(a, row, field_of(row, tls), ir);
    return w ? tvc_arena_printf(a, "%s %s", row->name, w) : NULL;
}

const char *tvc_dialect_format_field(tvc_arena *a, tvc_engine engine, size_t offset,
                                     int proxy, const tvc_tls *tls, const tvc_ir *ir)
{
    return tvc_dialect_format(a, tvc_dialect_row(tvc_dialect_of(engine), offset, proxy),
                              tls, ir);
}

const char *tvc_dialect_lacks(tvc_engine engine, size_t offset, int proxy)
{
    if (tvc_dialect_row(tvc_dialect_of(engine), offset, proxy))
        return NULL;
    size_t n;
    const tvc_field_note *f = tvc_dialect_field_notes(&n);
    for (size_t i = 0; i < n; i++)
        if (f[i].offset == offset && !f[i].proxy == !proxy)
            return f[i].lacks;
    return NULL;
}
