/* check --sni-map: the vhost map (ir/sni_map.h) as text, the
 * `apachectl -S` view with the TLS module and certificate of each vhost,
 * or as JSON beside the findings. */
#include "config.h"

#include <stdio.h>

#include <jansson.h>

#include "cli/cli.h"
#include "base/path.h"
#include "ir/sni_map.h"

static const char *first_cert(const tvc_vhost *vh)
{
    if (!vh->tls)
        return "(no TLS)";
    for (size_t i = 0; i < vh->tls->certs.n; i++)
        if (vh->tls->certs.v[i].cert)
            return vh->tls->certs.v[i].cert;
    return "(no certificate)";
}

void tvc_report_sni_map(FILE *f, const tvc_ir *ir, const tvc_sni_map *m)
{
    for (size_t s = 0; s < m->n; s++) {
        const tvc_sni_set *set = &m->sets[s];
        if (set->port)
            fprintf(f, "%s:%d", set->addr, set->port);
        else
            fprintf(f, "%s:*", set->addr);
        fprintf(f, " (%s, strict SNI %s)\n", set->engine ? tvc_engine_name(set->engine) : "no TLS",
                set->strict_sni ? "on" : "off");
        for (size_t k = 0; k < set->n; k++) {
            const tvc_vhost *vh = &ir->vhosts[set->members[k]];
            const char *name = vh->server_name ? vh->server_name : ir->server_name;
            fprintf(f, "  %-8s %s", k == 0 ? "default" : "", name ? name : "(no ServerName)");
            for (size_t q = 0; q < vh->aliases.n; q++)
                fprintf(f, " %s", vh->aliases.v[q]);
            fprintf(f, "\n           cert %s  (%s:%u)\n", tvc_path_shown(first_cert(vh)),
                    vh->loc.file ? tvc_path_shown(vh->loc.file) : "?", vh->loc.line);
        }
    }
}

json_t *tvc_report_sni_map_json(const tvc_ir *ir, const tvc_sni_map *m)
{
    json_t *arr = json_array();
    for (size_t s = 0; s < m->n; s++) {
        const tvc_sni_set *set = &m->sets[s];
        json_t *vs = json_array();
        for (size_t k = 0; k < set->n; k++) {
            const tvc_vhost *vh = &ir->vhosts[set->members[k]];
            const char *name = vh->server_name ? vh->server_name : ir->server_name;
            json_t *al = json_array();
            for (size_t q = 0; q < vh->aliases.n; q++)
                json_array_append_new(al, json_string(vh->aliases.v[q]));
            json_array_append_new(vs, json_pack("{s:b,s:o,s:o,s:b,s:s,s:o}",
                "default", k == 0, "server_name", name ? json_string(name) : json_null(),
                "aliases", al, "tls", vh->tls != NULL, "certificate", first_cert(vh),
                "location", json_pack("{s:s,s:i}", "file", vh->loc.file ? vh->loc.file : "",
                                      "line", (json_int_t)vh->loc.line)));
        }
        json_array_append_new(arr, json_pack("{s:s,s:i,s:o,s:b,s:o}", "addr", set->addr,
            "port", (json_int_t)set->port,
            "engine", set->engine ? json_string(tvc_engine_name(set->engine)) : json_null(),
            "strict_sni", set->strict_sni, "vhosts", vs));
    }
    return arr;
}
