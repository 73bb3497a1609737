/* The one-to-one fields of a level written as the target's dialect row
 * formats them (ir/dialect.h): the writers say which field and which
 * template slot, never the directive's spelling or its words. */
#include "config.h"

#include "emit/common.h"

#include <string.h>

const char *tvc_emit_row_line(tvc_emit *e, const tvc_tls *t, size_t offset, int proxy)
{
    return tvc_dialect_format_field(e->a, e->t->engine, offset, proxy, t, e->ir);
}

int tvc_emit_row(tvc_emit *e, const tvc_tls *t, size_t offset, int proxy, tvc_tvars *v,
                 const char *var)
{
    if (!tvc_dialect_row(tvc_dialect_of(e->t->engine), offset, proxy))
        return 0;
    const char *line = tvc_emit_row_line(e, t, offset, proxy);
    if (line)
        tvc_tvars_add_line(e->a, v, var, line);
    return 1;
}

/* A level that holds only `value` in the row's field: for a value the
 * writer decides (a default the target needs, the nearest word), which
 * the row then spells like any other. */
typedef struct scratch {
    tvc_tls tls;
    tvc_proxy_tls proxy;
    const char *one;
} scratch;

static const tvc_tls *scratch_level(scratch *s, const tvc_cmd *row, int ival, const char *sval)
{
    memset(s, 0, sizeof *s);
    s->tls.proxy = &s->proxy;
    char *f = row->proxy ? (char *)&s->proxy + row->offset : (char *)&s->tls + row->offset;
    switch ((tvc_kind)row->kind) {
    case TVC_KIND_FLAG:
    case TVC_KIND_ENUM:
    case TVC_KIND_INT:
        *(int *)f = ival;
        break;
    case TVC_KIND_STRING:
    case TVC_KIND_PATH:
        ((tvc_str *)f)->v = sval;
        break;
    case TVC_KIND_LIST:
        s->one = sval;
        ((tvc_strs *)f)->v = &s->one;
        ((tvc_strs *)f)->n = 1;
        break;
    default:
        return NULL;
    }
    return &s->tls;
}

static const char *value_line(tvc_emit *e, const tvc_dialect *dl, size_t offset, int proxy,
                              int ival, const char *sval)
{
    const tvc_cmd *row = tvc_dialect_row(dl, offset, proxy);
    scratch s;
    const tvc_tls *t = row ? scratch_level(&s, row, ival, sval) : NULL;
    return t ? tvc_dialect_format(e->a, row, t, e->ir) : NULL;
}

const char *tvc_emit_row_int_line(tvc_emit *e, size_t offset, int proxy, int value)
{
    return value_line(e, tvc_dialect_of(e->t->engine), offset, proxy, value, NULL);
}

int tvc_emit_row_int(tvc_emit *e, size_t offset, int proxy, int value, tvc_tvars *v,
                     const char *var)
{
    const char *line = tvc_emit_row_int_line(e, offset, proxy, value);
    if (line)
        tvc_tvars_add_line(e->a, v, var, line);
    return line != NULL;
}

int tvc_emit_row_str(tvc_emit *e, size_t offset, int proxy, const char *value, tvc_tvars *v,
                     const char *var)
{
    const char *line = value_line(e, tvc_dialect_of(e->t->engine), offset, proxy, 0, value);
    if (line)
        tvc_tvars_add_line(e->a, v, var, line);
    return line != NULL;
}

int tvc_emit_md_row(tvc_emit *e, size_t offset, int value, tvc_tvars *v, const char *var)
{
    const char *line = value_line(e, &tvc_dialect_modmd, offset, 0, value, NULL);
    if (line)
        tvc_tvars_add_line(e->a, v, var, line);
    return line != NULL;
}

/* mod_gnutls also reads a cache as two words, "TYPE ARGS", which the IR
 * keeps joined by a space: a row that takes one word needs TYPE:ARGS.
 * The stapling cache is always written in that form (every module
 * reads it). */
int tvc_emit_cache(tvc_emit *e, size_t offset, const char *spec, tvc_tvars *v, const char *var)
{
    const tvc_cmd *row = tvc_dialect_row(tvc_dialect_of(e->t->engine), offset, 0);
    if (!row)
        return 0;
    const char *sp = strchr(spec, ' ');
    int one_word = row->max_args == 1 || offset != offsetof(tvc_tls, session_cache);
    if (one_word && sp && !memchr(spec, ':', (size_t)(sp - spec)))
        spec = tvc_arena_printf(e->a, "%.*s:%s", (int)(sp - spec), spec, sp + 1);
    return tvc_emit_row_str(e, offset, 0, spec, v, var);
}
