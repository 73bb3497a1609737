/* probe: the running server against the config (probe/). Prints one line
 * per name asked (text, without --quiet), then the findings; the exit
 * status is check's. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "probe/probe.h"

/* --connect [ADDR:PORT=]HOST:PORT, repeatable. */
static int set_connect(tvc_arena *a, tvc_opts *o, const tvc_cli_option *opt,
                       const char *cmd, const char *arg)
{
    (void)opt;
    const char *eq = strchr(arg, '=');
    const char *hp = eq ? eq + 1 : arg;
    const char *colon = strrchr(hp, ':');
    int port;
    if (!colon || colon == hp || tvc_port_parse(colon + 1, &port) != 0 || port == 0 ||
        (eq && eq == arg)) {
        fprintf(stderr, "tlsvhostc %s: --connect takes [ADDR:PORT=]HOST:PORT (as '*:443="
                "127.0.0.1:8443'), not '%s'\n", cmd, arg);
        return -1;
    }
    o->probe_connect = tvc_arena_realloc(a, o->probe_connect,
                                         o->n_probe_connect * sizeof *o->probe_connect,
                                         (o->n_probe_connect + 1) * sizeof *o->probe_connect);
    o->probe_connect[o->n_probe_connect++] = (tvc_probe_connect){
        eq ? tvc_arena_strndup(a, arg, (size_t)(eq - arg)) : NULL,
        tvc_arena_strndup(a, hp, (size_t)(colon - hp)), port};
    return 0;
}

static const tvc_cli_option options[] = {
    TVC_OPT_("connect", 0, " [ADDR:PORT=]HOST:PORT",
             "connect there for the config's ADDR:PORT (default: every\n"
             "address set; '*' is this machine, 127.0.0.1); repeatable",
             set_connect, probe_connect),
    TVC_OPT_("probe-timeout", 0, " SECONDS",
             "connect and handshake within SECONDS per name (default 10)", tvc_cli_set_count,
             probe_timeout),
    TVC_OPT_("probe-concurrency", 0, " N", "handshakes in flight at once (default 32)",
             tvc_cli_set_count, probe_concurrency),
    TVC_OPT_("probe-protocols", 0, NULL,
             "also offer only protocols below each vhost's minimum,\n"
             "which the server must refuse", tvc_cli_set_flag, probe_protocols),
    TVC_OPT_("probe-host", 0, NULL,
             "also send HEAD / with each name as Host; a 421, a 5xx or\n"
             "no answer is a finding", tvc_cli_set_flag, probe_host),
    TVC_OPT_("wildcard-label", 0, " LABEL",
             "probe '*.a.test' as LABEL.a.test (default tlsvhostc-probe)", tvc_cli_set_string,
             wildcard_label),
    TVC_OPT_FORMAT("text|json|sarif|junit", "output format (default text)"),
    TVC_OPT_FAIL_ON,
    TVC_OPT_COLOR,
    TVC_OPT_READING,
    TVC_OPT_FINDINGS,
    TVC_OPT_QUIET("print only the findings"),
    TVC_OPT_END,
};

const tvc_cli_cmd tvc_cli_probe = {
    "probe",
    "usage: tlsvhostc probe [--connect [ADDR:PORT=]HOST:PORT]... [OPTIONS] CONFIG\n"
    "  a TLS handshake for every name of every TLS vhost, compared with what the\n"
    "  config says the vhost httpd picks for it serves (leaf, chain, protocols,\n"
    "  OCSP staple); exit 1 on findings at or above --fail-on\n",
    options, 1};

static void print_names(const tvc_ir *ir, const tvc_probe_targets *t)
{
    for (size_t i = 0; i < t->n; i++) {
        const tvc_probe_target *g = &t->v[i];
        printf("%s on %s:%d (%s): ", g->name, g->host, g->port, g->set);
        if (!g->live.ok) {
            printf("no handshake\n");
            continue;
        }
        const tvc_vhost *vh = &ir->vhosts[g->vhost];
        X509 *leaf = g->live.chain ? sk_X509_value(g->live.chain, 0) : NULL;
        tvc_arena *a = tvc_arena_new();
        printf("%s, %s%s%s: %s\n", tvc_proto_name(g->live.version) ? tvc_proto_name(g->live.version)
                                                                    : "?",
               leaf ? tvc_probe_describe(a, leaf) : "no certificate",
               g->live.staple >= 0 ? ", stapled" : "",
               !g->live.asked   ? ""
               : g->live.status ? tvc_arena_printf(a, ", HEAD %ld", g->live.status)
                                : ", no HTTP answer",
               g->findings ? "differs (below)"
               : vh->server_name ? tvc_arena_printf(a, "as configured for %s", vh->server_name)
                                 : "as configured");
        tvc_arena_free(a);
    }
}

static int probe(tvc_arena *a, tvc_diags *d, tvc_opts *o, const tvc_ir *ir,
                 const tvc_config *cfg)
{
    tvc_probe_opts po = {
        .timeout_ms = (o->probe_timeout > 0 ? o->probe_timeout : TVC_PROBE_TIMEOUT_S) * 1000L,
        .concurrency = o->probe_concurrency > 0 ? (size_t)o->probe_concurrency
                                                : TVC_PROBE_CONCURRENCY,
        .protocols = o->probe_protocols,
        .host = o->probe_host,
        .wildcard_label = o->wildcard_label ? o->wildcard_label : TVC_PROBE_WILDCARD_LABEL,
        .connect = o->probe_connect,
        .n_connect = o->n_probe_connect,
    };
    tvc_probe_targets *t = tvc_probe_targets_build(a, ir, &po);
    if (!t->n) {
        fprintf(stderr, "tlsvhostc probe: '%s' has no TLS vhost to probe (or no port to reach "
                "it on: --connect)\n", o->config);
        return TVC_EXIT_USAGE;
    }
    const char *err = NULL;
    if (tvc_probe_run(a, t, &po, &err) != 0) {
        fprintf(stderr, "tlsvhostc probe: %s\n", err);
        return TVC_EXIT_USAGE;
    }
    tvc_probe_compare(a, d, ir, t);
    tvc_cli_filter(o, d, cfg);
    if (o->format == TVC_FMT_TEXT && !o->quiet)
        print_names(ir, t);
    return tvc_report(o, d, NULL);
}

int tvc_cmd_probe(int argc, char **argv)
{
    tvc_arena *a;
    tvc_opts o;
    tvc_diags d;
    int r = tvc_cli_begin(argc, argv, &tvc_cli_probe, &a, &o, &d);
    if (r >= 0)
        return r;
    o.parse.lean = 1; /* probe writes no config back */
    tvc_config *cfg = NULL;
    tvc_ir *ir = tvc_cli_load(a, &d, &o, &cfg);
    int rc = TVC_EXIT_USAGE;
    if (ir)
        rc = probe(a, &d, &o, ir, cfg);
    else
        tvc_report(&o, &d, NULL);
    tvc_arena_free(a);
    return rc;
}
