#include "ir/dialect.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parser/httpd_directives.h"

static const tvc_dialect *const all[] = {
    &tvc_dialect_modssl, &tvc_dialect_gnutls, &tvc_dialect_modtls, &tvc_dialect_modmd,
};

const tvc_dialect *const *tvc_dialects(size_t *n)
{
    *n = sizeof all / sizeof *all;
    return all;
}

static int cmp(const void *key, const void *elem)
{
    return strcasecmp(key, ((const tvc_cmd *)elem)->name);
}

const tvc_cmd *tvc_dialect_find(const char *name, const tvc_dialect **which)
{
    for (size_t i = 0; i < sizeof all / sizeof *all; i++) {
        const tvc_cmd *c = bsearch(name, all[i]->cmds, all[i]->n, sizeof *c, cmp);
        if (c) {
            if (which)
                *which = all[i];
            return c;
        }
    }
    return NULL;
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
