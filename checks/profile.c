/* --profile: each vhost's effective policy against one of Mozilla's
 * server-side TLS profiles (share/mozilla-tls-profiles.json), reporting
 * every difference: what the Mozilla generator would have written, for a
 * config that already exists. */
#include "config.h"

#include <string.h>

#include <jansson.h>

#include "checks/internal.h"

static int in_list(const json_t *arr, const char *s)
{
    size_t i;
    const json_t *v;
    json_array_foreach(arr, i, v) {
        if (json_is_string(v) && !strcmp(json_string_value(v), s))
            return 1;
    }
    return 0;
}

static int has(const char **v, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(v[i], s))
            return 1;
    return 0;
}

static void diff_suites(tvc_check_run *r, const tvc_vhost *vh, const tvc_loc *loc,
                        const char *name, const char **have, size_t n, const json_t *want,
                        const char *what)
{
    const char *extra = "", *missing = "";
    size_t ne = 0, nm = 0;
    for (size_t i = 0; i < n; i++)
        if (!in_list(want, have[i]))
            extra = tvc_arena_printf(r->a, "%s%s%s", extra, ne++ ? ", " : "", have[i]);
    size_t i;
    const json_t *v;
    json_array_foreach(want, i, v) {
        if (!has(have, n, json_string_value(v)))
            missing = tvc_arena_printf(r->a, "%s%s%s", missing, nm++ ? ", " : "",
                                       json_string_value(v));
    }
    if (ne)
        tvc_check_report(r, vh, "profile-mismatch", TVC_WARNING, loc, 0,
                         "%s suites the %s does not allow: %s", what, name, extra);
    if (nm)
        tvc_check_report(r, vh, "profile-mismatch", TVC_NOTE, loc, 0,
                         "%s suites of the %s that are not enabled: %s", what,
                         name, missing);
}

void tvc_check_profile(tvc_check_run *r)
{
    const json_t *p = r->o->profile_data;
    if (!r->o->profile || !p)
        return;
    /* The guidelines change between versions: every message says which
     * one the config is held to. */
    const char *name = tvc_arena_printf(r->a, "'%s' profile (Mozilla guidelines %s)",
                                        r->o->profile, r->o->profile_version);
    const json_t *vers = json_object_get(p, "tls_versions");
    const tvc_tls *last = NULL;
    for (size_t k = 0; k < r->ir->n_vhosts; k++) {
        const tvc_vhost *vh = &r->ir->vhosts[k];
        const tvc_tls *t = vh->tls;
        if (!t || (last && t->ciphers.tls12 == last->ciphers.tls12 &&
                   t->protocols.eff_min == last->protocols.eff_min))
            continue;
        last = t;
        const tvc_loc *loc = t->protocols.text.loc.file ? &t->protocols.text.loc
                             : t->enabled_loc.file ? &t->enabled_loc : &vh->loc;
        for (int v = TVC_TLS10; v <= TVC_TLS13; v++) {
            int on = t->protocols.eff_min && v >= t->protocols.eff_min &&
                     v <= (t->protocols.eff_max ? t->protocols.eff_max : TVC_TLS13);
            int want = in_list(vers, tvc_proto_name(v));
            if (on != want)
                tvc_check_report(r, vh, "profile-mismatch", TVC_WARNING, loc, 0,
                                 "%s is %s; the %s %s it", tvc_proto_name(v),
                                 on ? "enabled" : "not enabled", name,
                                 want ? "includes" : "excludes");
        }
        const tvc_loc *cl = t->ciphers.spec.loc.file ? &t->ciphers.spec.loc : loc;
        diff_suites(r, vh, cl, name, t->ciphers.tls12, t->ciphers.n_tls12,
                    json_object_get(p, "ciphers_tls12"), "TLS 1.2");
        diff_suites(r, vh, t->ciphers.spec_tls13.loc.file ? &t->ciphers.spec_tls13.loc : cl,
                    name, t->ciphers.tls13, t->ciphers.n_tls13,
                    json_object_get(p, "ciphers_tls13"), "TLS 1.3");
        int want_pref = json_is_true(json_object_get(p, "server_preference"));
        /* Unset means the client's order in all three modules
         * (SSLHonorCipherOrder off, TLSHonorClientOrder on, no
         * %SERVER_PRECEDENCE). */
        int pref = t->ciphers.server_preference == TVC_UNSET ? 0 : t->ciphers.server_preference;
        if (pref != want_pref)
            tvc_check_report(r, vh, "profile-mismatch", TVC_NOTE,
                             t->ciphers.preference_loc.file ? &t->ciphers.preference_loc : loc,
                             0, "the %s's cipher order wins; the %s wants the %s's",
                             pref ? "server" : "client", name, want_pref ? "server" : "client");
    }
}
