#include "config.h"

#include "ir/build.h"

/* The IR built while the config is read: the parser hands over each
 * complete top-level unit (a <VirtualHost>, a server-level line) and frees
 * it once walked, so 10,000 vhosts never sit in memory as a tree beside
 * their IR. Two things keep the result tvc_ir_build's: the build's
 * findings are held apart and follow the parser's, as they would after a
 * whole parse; and when a later line changed what the walk had read of
 * the config (a LoadModule after the lines of its module), the config is
 * read again the old way. */

typedef struct stream {
    tvc_arena *a;
    tvc_diags own; /* the build's findings */
    tvc_ir_walk *w;
} stream;

static void unit(void *ud, const tvc_config *cfg, const tvc_node *n)
{
    stream *s = ud;
    if (!s->w)
        s->w = tvc_ir_walk_begin(s->a, &s->own, cfg, 1);
    tvc_ir_walk_node(s->w, n);
}

tvc_ir *tvc_ir_parse_build(tvc_arena *a, tvc_diags *d, const char *path,
                           const tvc_parse_opts *opts, tvc_config **cfg_out)
{
    stream s = {a, {0}, NULL};
    tvc_diags_init(&s.own, a);
    s.own.max = d->max;
    tvc_parse_opts o = *opts;
    o.unit = unit;
    o.unit_ud = &s;
    tvc_diags before = *d;
    tvc_config *cfg = tvc_parse_file(a, d, path, &o);
    *cfg_out = cfg;
    if (!cfg)
        return NULL;
    if (!s.w)
        s.w = tvc_ir_walk_begin(a, &s.own, cfg, 1);
    if (!tvc_ir_walk_stale(s.w)) {
        tvc_diags_append(d, &s.own); /* after the parser's */
        return tvc_ir_walk_finish(s.w, d);
    }
    /* Rare (httpd itself refuses a directive before its LoadModule): the
     * parser's findings are made again, so the first ones go. */
    *d = before;
    if (d->tail)
        d->tail->next = NULL;
    else
        d->head = NULL;
    o.unit = NULL;
    cfg = tvc_parse_file(a, d, path, &o);
    *cfg_out = cfg;
    return cfg ? tvc_ir_build(a, d, cfg) : NULL;
}
