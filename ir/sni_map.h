/* What httpd does with a TLS connection: which vhosts share an address
 * set, which one is the default, which answers each name. Built from the
 * IR by httpd's rules (server/vhost.c): a connection to an address that
 * some vhost names explicitly sees only those vhosts; otherwise the "*"
 * (and _default_) vhosts of the port; among them, the first whose
 * ServerName or ServerAlias matches, in config order; else the first.
 * The names keep "sni": the map answers which vhost a TLS client naming
 * a host reaches, which is what the checks and the runtime ask of it. */
#ifndef TVC_SNI_MAP_H
#define TVC_SNI_MAP_H

#include "ir/ir.h"

typedef struct tvc_sni_set {
    const char *addr; /* "*" or an address as written */
    int port;         /* 0: any port */
    tvc_engine engine;
    int strict_sni;
    size_t *members;  /* indices into ir->vhosts, config order */
    size_t n;
} tvc_sni_set;

typedef struct tvc_sni_map {
    tvc_sni_set *sets;
    size_t n;
} tvc_sni_map;

/* The address sets in first-seen order, each with its vhosts; the
 * arena owns it. Used by the SNI checks, the runtime emitter and
 * check --sni-map. */
tvc_sni_map *tvc_sni_map_build(tvc_arena *a, const tvc_ir *ir);

/* The vhost (an index into ir->vhosts) that answers NAME on SET, as
 * server/vhost.c's matches_aliases picks it: the first member whose
 * ServerName equals NAME or one of whose ServerAliases matches it (an
 * alias may be a glob), case-insensitively; else the set's first member,
 * its default. (size_t)-1 for a set without members. A vhost
 * without ServerName has the main server's. */
size_t tvc_sni_map_route(const tvc_ir *ir, const tvc_sni_set *set, const char *name);

#endif
