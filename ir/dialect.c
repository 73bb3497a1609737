#include "config.h"

#include "ir/dialect.h"

#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parser/httpd_directives.h"

static const tvc_dialect *const all[] = {
    &tvc_dialect_modssl, &tvc_dialect_gnutls, &tvc_dialect_modtls, &tvc_dialect_modmd,
    &tvc_dialect_core,
};

const tvc_dialect *const *tvc_dialects(size_t *n)
{
    *n = sizeof all / sizeof *all;
    return all;
}

/* Every directive name the tool knows (the dialect tables and httpd's
 * standard modules) in one case-insensitive hash: each config line is
 * looked up once, not bsearched in five tables. Built on first use. */
#define INDEX_SIZE 2048 /* power of two, > 2 x entries */

typedef struct entry {
    const char *name;
    const tvc_cmd *cmd;
    const tvc_dialect *dl;
    const tvc_httpd_directive *hd;
} entry;

static entry index_tab[INDEX_SIZE];
static pthread_once_t index_once = PTHREAD_ONCE_INIT;

static unsigned long ihash(const char *s)
{
    unsigned long h = 1469598103934665603UL;
    for (; *s; s++)
        h = (h ^ (unsigned char)tolower((unsigned char)*s)) * 1099511628211UL;
    return h;
}

static entry *slot(const char *name)
{
    size_t i = ihash(name) & (INDEX_SIZE - 1);
    while (index_tab[i].name && strcasecmp(index_tab[i].name, name) != 0)
        i = (i + 1) & (INDEX_SIZE - 1);
    return &index_tab[i];
}

static void build_index(void)
{
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        for (size_t k = 0; k < all[i]->n; k++) {
            entry *e = slot(all[i]->cmds[k].name);
            e->name = all[i]->cmds[k].name;
            e->cmd = &all[i]->cmds[k];
            e->dl = all[i];
        }
    size_t nh;
    const tvc_httpd_directive *h = tvc_httpd_directives(&nh);
    for (size_t k = 0; k < nh; k++) {
        entry *e = slot(h[k].name);
        if (!e->name)
            e->name = h[k].name;
        e->hd = &h[k];
    }
}

int tvc_directive_lookup(const char *name, const tvc_cmd **cmd, const tvc_dialect **dl,
                         const tvc_httpd_directive **hd)
{
    pthread_once(&index_once, build_index);
    const entry *e = slot(name);
    if (cmd)
        *cmd = e->cmd;
    if (dl)
        *dl = e->dl;
    if (hd)
        *hd = e->hd;
    return e->name != NULL;
}

const tvc_cmd *tvc_dialect_find(const char *name, const tvc_dialect **which)
{
    const tvc_cmd *c;
    tvc_directive_lookup(name, &c, which, NULL);
    return c;
}

/* Case-insensitive Damerau-less Levenshtein, bounded to short names. */
static unsigned distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 63 || lb > 63)
        return 99;
    unsigned row[64], prev;
    for (size_t j = 0; j <= lb; j++)
        row[j] = (unsigned)j;
    for (size_t i = 1; i <= la; i++) {
        prev = row[0];
        row[0] = (unsigned)i;
        for (size_t j = 1; j <= lb; j++) {
            unsigned cur = row[j];
            unsigned cost = (a[i - 1] | 32) == (b[j - 1] | 32) ? 0 : 1;
            unsigned v = prev + cost;
            if (row[j] + 1 < v)
                v = row[j] + 1;
            if (row[j - 1] + 1 < v)
                v = row[j - 1] + 1;
            row[j] = v;
            prev = cur;
        }
    }
    return row[lb];
}

const char *tvc_dialect_suggest(const char *name)
{
    const char *best = NULL;
    unsigned bd = 99;
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        for (size_t k = 0; k < all[i]->n; k++) {
            unsigned d = distance(name, all[i]->cmds[k].name);
            if (d < bd) {
                bd = d;
                best = all[i]->cmds[k].name;
            }
        }
    size_t nh;
    const tvc_httpd_directive *h = tvc_httpd_directives(&nh);
    for (size_t k = 0; k < nh; k++) {
        unsigned d = distance(name, h[k].name);
        if (d < bd) {
            bd = d;
            best = h[k].name;
        }
    }
    /* More than a third of the name changed is not a typo. */
    size_t len = strlen(name);
    return bd <= (len < 6 ? 1 : len / 3) ? best : NULL;
}

const char *tvc_dialect_name(tvc_engine engine, size_t offset, int proxy, tvc_setter set)
{
    for (size_t i = 0; i < sizeof all / sizeof *all; i++) {
        if (all[i]->engine != engine || engine == TVC_ENGINE_NONE)
            continue;
        for (size_t k = 0; k < all[i]->n; k++) {
            const tvc_cmd *c = &all[i]->cmds[k];
            /* offset 0 with no proxy flag is a row that fills no field */
            if (c->offset == offset && !c->proxy == !proxy && (c->offset || c->proxy) &&
                (!set || c->set == set))
                return c->name;
        }
    }
    return NULL;
}

const tvc_dialect *tvc_dialect_by_ident(const char *ident)
{
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        if (all[i]->engine != TVC_ENGINE_NONE && !strcmp(ident, all[i]->module_ident))
            return all[i];
    return NULL;
}

const tvc_dialect *tvc_dialect_by_prefix(const char *name)
{
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        if (*all[i]->prefix && !strncasecmp(name, all[i]->prefix, strlen(all[i]->prefix)))
            return all[i];
    return NULL;
}
