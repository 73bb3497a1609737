/* A string -> index hash map (open addressing, keys malloc'ed and owned by
 * the map), for the places the checks must stay linear at 10,000 vhosts. */
#ifndef TVC_SMAP_H
#define TVC_SMAP_H

#include <stddef.h>

typedef struct tvc_smap {
    char **keys;
    size_t *vals;
    size_t cap, n;
} tvc_smap;

/* Takes ownership of `key`. Returns the value already stored under it
 * (*found = 1) or stores `v` and returns it (*found = 0). */
size_t tvc_smap_put(tvc_smap *m, char *key, size_t v, int *found);
/* Lookup without insert; returns (size_t)-1 when absent. */
size_t tvc_smap_get(const tvc_smap *m, const char *key);
void tvc_smap_free(tvc_smap *m);

#endif
