/* serve: the runtime library on a socket, to try a config's vhosts with
 * real clients (curl --resolve, openssl s_client -servername) before
 * httpd gets it, or to measure it: HTTP/1.1, one request per connection,
 * accepted and handshaken on every core (serve_loop.c). SIGHUP reads the
 * config again and swaps the new runtime in beside the old one; SIGTERM
 * stops after a grace period. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "cli/cli.h"
#include "cli/serve.h"
#include "emit/runtime.h"

static const tvc_cli_option options[] = {
    TVC_OPT_("listen", 0, " ADDR:PORT", "where to accept: 127.0.0.1:8443, [::1]:8443, *:8443",
             tvc_cli_set_string, listen),
    TVC_OPT_("site", 0, " ADDR:PORT", "the address set to serve (default: the one httpd\n"
                                      "would use for --listen, or the only one there is)",
             tvc_cli_set_string, site),
    TVC_OPT_("max-connections", 0, " N", "exit after N connections", tvc_cli_set_max_conn,
             max_connections),
    TVC_OPT_("workers", 0, " N", "threads that accept and handshake (default: one per\n"
                                 "core)", tvc_cli_set_count, serve_workers),
    TVC_OPT_("timeout", 0, " SECONDS", "a connection's whole life at most (default 10;\n"
                                       "0: no limit)",
             tvc_cli_set_count, serve_timeout),
    TVC_OPT_("grace", 0, " SECONDS", "on SIGTERM, how long connections in flight may\n"
                                     "finish before they are cut (default 5)",
             tvc_cli_set_count, serve_grace),
    TVC_OPT_("ocsp-refresh", 0, NULL, "fetch the OCSP response files the vhosts staple,\n"
                                      "and again before their nextUpdate",
             tvc_cli_set_flag, ocsp_refresh),
    TVC_OPT_OCSP_TIMEOUT,
    TVC_OPT_READING,
    TVC_OPT_CA_FILE,
    TVC_OPT_NOW,
    TVC_OPT_EXPIRY_WARN,
    TVC_OPT_QUIET("print findings only when there are errors"),
    TVC_OPT_END,
};

const tvc_cli_cmd tvc_cli_serve = {
    "serve",
    "usage: tlsvhostc serve --listen ADDR:PORT [--site ADDR:PORT] [OPTIONS] CONFIG|IR.json\n"
    "  answers HTTPS requests with the name of the vhost that serves them, as the\n"
    "  tlsvhost runtime (and httpd) picks it, on every core; SIGHUP reads CONFIG\n"
    "  again and swaps it in (a config with errors leaves the old one serving),\n"
    "  SIGTERM stops after a grace period\n",
    options, 1};

/* "ADDR:PORT", "[v6]:PORT", "*:PORT", as a VirtualHost address but with
 * the port required (":0" asks the system for one). */
static int split_addr(tvc_arena *a, const char *s, const char **addr, int *port)
{
    tvc_addr ad;
    size_t n = strlen(s);
    if (tvc_addr_parse(a, s, &ad) != 0 || (ad.port == 0 && (n < 2 || strcmp(s + n - 2, ":0"))))
        return -1;
    *addr = ad.addr;
    *port = ad.port;
    return 0;
}

static int listen_on(tvc_arena *a, const char *addr, int port)
{
    const char *host = NULL;
    if (strcmp(addr, "*") != 0)
        host = addr[0] == '[' ? tvc_arena_strndup(a, addr + 1, strlen(addr) - 2) : addr;
    struct addrinfo hints = {0}, *res, *ai;
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICHOST | AI_NUMERICSERV;
    int rc = getaddrinfo(host, tvc_arena_printf(a, "%d", port), &hints, &res);
    if (rc != 0) {
        fprintf(stderr, "tlsvhostc serve: cannot listen on '%s': %s\n", addr, gai_strerror(rc));
        return -1;
    }
    int fd = -1, err = 0;
    for (ai = res; ai && fd < 0; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
        if (fd < 0)
            continue;
        int one = 1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        /* Non-blocking: the workers accept until EAGAIN. */
        if (bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || listen(fd, 511) != 0 ||
            fcntl(fd, F_SETFL, O_NONBLOCK) != 0) {
            err = errno;
            close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(res);
    if (fd < 0)
        fprintf(stderr, "tlsvhostc serve: cannot listen on %s:%d: %s\n", addr, port,
                strerror(err));
    return fd;
}

static int bound_port(int fd, int fallback)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0)
        return fallback;
    if (ss.ss_family == AF_INET6)
        return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
    return ntohs(((struct sockaddr_in *)&ss)->sin_port);
}

static const char *site_label(tvc_arena *a, const tvc_rt_site *s)
{
    return tvc_arena_printf(a, "%s:%d (%u vhost%s)", s->addr, s->port, s->n_vhosts,
                            s->n_vhosts == 1 ? "" : "s");
}

/* convert-lossy is an error for emit (nothing is written); serve runs
 * anyway and warns. */
static void lossy_as_warnings(tvc_diags *d)
{
    for (tvc_diag *g = d->head; g; g = g->next)
        if (!strcmp(g->id, "convert-lossy") && g->severity == TVC_ERROR) {
            g->severity = TVC_WARNING;
            if (!g->suppressed) {
                d->count[TVC_ERROR]--;
                d->count[TVC_WARNING]++;
            }
        }
}

static void list_sites(const tvc_rt_config *cfg, tvc_arena *a)
{
    for (unsigned i = 0; i < cfg->n_sites; i++)
        fprintf(stderr, "  %s\n", site_label(a, &cfg->sites[i]));
    if (!cfg->n_sites)
        fprintf(stderr, "  (none: no vhost serves TLS)\n");
}

/* Where serve listens and which site it serves, as the options say. */
typedef struct where {
    const char *laddr, *saddr;
    int lport, sport;
} where;

/* Reads CONFIG (or IR.json), runs the checks, reports the findings and
 * builds the runtime of the site, everything in arena a (which the
 * runtime then needs until it is freed). A reload refuses a config with
 * errors: the old one keeps serving. */
static tvc_rt *load(tvc_arena *a, const tvc_opts *o, const where *at, int reload,
                    tvc_serve_ocsp **refresh)
{
    tvc_diags d;
    tvc_diags_init(&d, a);
    tvc_config *cfg = NULL;
    tvc_opts oc = *o;
    tvc_ir *ir = tvc_cli_load(a, &d, &oc, &cfg);
    if (!ir) {
        tvc_report_text(stderr, &d, 0);
        return NULL;
    }
    if (refresh && oc.ocsp_refresh)
        *refresh = tvc_serve_ocsp_start(a, ir, &oc);
    tvc_checks_run(a, &d, ir, &oc.check);
    tvc_emit e = {.a = a, .d = &d, .ir = ir, .cfg = cfg};
    const tvc_rt_config *rtc = tvc_emit_runtime_config(&e);
    tvc_cli_filter(&oc, &d, cfg);
    lossy_as_warnings(&d);
    if (!oc.quiet || d.count[TVC_ERROR])
        tvc_report_text(stderr, &d, 0);
    if (reload && d.count[TVC_ERROR]) {
        fprintf(stderr, "tlsvhostc serve: reload refused: %zu error%s in %s (above); the "
                "configuration loaded before keeps serving\n", (size_t)d.count[TVC_ERROR],
                d.count[TVC_ERROR] == 1 ? "" : "s", oc.config);
        return NULL;
    }
    const tvc_rt_site *site = oc.site ? tvc_rt_site_find(rtc, at->saddr, at->sport)
                                      : tvc_rt_site_find(rtc, at->laddr, at->lport);
    /* --listen usually differs from the config's address (a test port
     * for *:443); with one TLS site there is nothing to choose. */
    if (!site && !oc.site && rtc->n_sites == 1)
        site = &rtc->sites[0];
    char err[512] = "";
    tvc_rt *rt = NULL;
    if (!site) {
        fprintf(stderr, "tlsvhostc serve: no TLS site answers %s; the sites are:\n",
                oc.site ? oc.site : oc.listen);
        list_sites(rtc, a);
        fprintf(stderr, "choose one with --site ADDR:PORT\n");
    } else if (!(rt = tvc_rt_new_site(rtc, site, err, sizeof err))) {
        fprintf(stderr, "tlsvhostc serve: %s\n", err);
    } else {
        fprintf(stderr, "tlsvhostc serve: %s site %s\n", reload ? "reloaded:" : "serving",
                site_label(a, site));
    }
    if (!rt && reload)
        fprintf(stderr, "tlsvhostc serve: reload refused; the configuration loaded before "
                "keeps serving\n");
    return rt;
}

static void free_arena(void *a)
{
    tvc_arena_free(a);
}

/* SIGHUP: a new runtime in an arena of its own, beside the one serving;
 * the arena goes with the runtime's last reference. The OCSP refresher
 * follows the runtime: the new config's one fetches the response files
 * of the vhosts it added before their runtime is built (which refuses a
 * file it cannot read), and lives in the new arena. The old one stops
 * first, as the two would write the same files, and resumes when the
 * reload is refused. */
static void reload(tvc_rt_slot *slot, const tvc_opts *o, const where *at,
                   tvc_serve_ocsp **refresh)
{
    tvc_arena *a = tvc_arena_new();
    tvc_serve_ocsp *next = NULL;
    tvc_serve_ocsp_stop(*refresh);
    tvc_rt *rt = load(a, o, at, 1, &next);
    if (!rt) {
        tvc_serve_ocsp_stop(next);
        tvc_arena_free(a);
        tvc_serve_ocsp_resume(*refresh);
        return;
    }
    *refresh = next;
    tvc_rt_on_free(rt, free_arena, a);
    tvc_rt_slot_swap(slot, rt);
}

/* The main thread waits for signals (the workers block them) and for
 * --max-connections to be reached. */
static void supervise(tvc_rt_slot *slot, tvc_serve_loop *l, const tvc_opts *o,
                      const where *at, const sigset_t *sigs, tvc_serve_ocsp **refresh)
{
    struct timespec tick = {0, 200 * 1000000L};
    for (;;) {
        int sig = sigtimedwait(sigs, NULL, &tick);
        if (sig == SIGHUP) {
            fprintf(stderr, "tlsvhostc serve: SIGHUP: reading %s again\n", o->config);
            reload(slot, o, at, refresh);
        } else if (sig == SIGTERM || sig == SIGINT) {
            fprintf(stderr, "tlsvhostc serve: %s: stopping; connections in flight have %d "
                    "s to finish\n", sig == SIGTERM ? "SIGTERM" : "SIGINT", o->serve_grace);
            return;
        } else if (tvc_serve_loop_finished(l)) {
            return;
        }
    }
}

/* Stops *REFRESH before the runtimes go: it may live in a reload's arena. */
static int run(tvc_rt *rt, int lfd, const tvc_opts *o, const where *at,
               tvc_serve_ocsp **refresh)
{
    tvc_rt_slot *slot = tvc_rt_slot_new(rt);
    if (!slot) {
        tvc_rt_free(rt);
        return TVC_EXIT_USAGE;
    }
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGHUP);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL); /* the workers inherit it */
    signal(SIGPIPE, SIG_IGN);
    tvc_serve_params p = {lfd, (unsigned)o->serve_workers, o->serve_timeout * 1000,
                          o->max_connections};
    tvc_serve_loop *l = tvc_serve_loop_start(slot, &p);
    int status = TVC_EXIT_USAGE;
    if (l) {
        fprintf(stderr, "tlsvhostc serve: listening on %s:%d, %u worker%s\n", at->laddr,
                bound_port(lfd, at->lport), tvc_serve_loop_workers(l),
                tvc_serve_loop_workers(l) == 1 ? "" : "s");
        supervise(slot, l, o, at, &sigs, refresh);
        unsigned cut = tvc_serve_loop_stop(l, o->serve_grace * 1000);
        if (cut)
            fprintf(stderr, "tlsvhostc serve: %u connection%s cut after the grace period\n",
                    cut, cut == 1 ? "" : "s");
        status = TVC_EXIT_OK;
    }
    tvc_serve_ocsp_stop(*refresh);
    *refresh = NULL;
    tvc_rt_slot_free(slot);
    pthread_sigmask(SIG_UNBLOCK, &sigs, NULL);
    return status;
}

int tvc_cmd_serve(int argc, char **argv)
{
    tvc_arena *a = tvc_arena_new();
    tvc_opts o;
    int r = tvc_cli_parse(a, argc, argv, &o, &tvc_cli_serve);
    where at = {0};
    if (r == 0 && (!o.listen || split_addr(a, o.listen, &at.laddr, &at.lport) != 0 ||
                   (o.site && split_addr(a, o.site, &at.saddr, &at.sport) != 0))) {
        fprintf(stderr, "tlsvhostc serve: %s\n",
                !o.listen ? "say where to listen (--listen ADDR:PORT)"
                          : "ADDR:PORT is an IPv4 address, [IPv6] or *, a colon and a port");
        tvc_cli_usage(stderr, &tvc_cli_serve);
        r = -1;
    }
    if (r != 0) {
        tvc_arena_free(a);
        return r > 0 ? TVC_EXIT_OK : TVC_EXIT_USAGE;
    }
    /* The first runtime lives in the command's arena, which outlives it:
     * the OCSP refresher reads that IR until the end. */
    tvc_serve_ocsp *refresh = NULL;
    tvc_rt *rt = load(a, &o, &at, 0, &refresh);
    int lfd = rt ? listen_on(a, at.laddr, at.lport) : -1;
    int status = TVC_EXIT_USAGE;
    if (lfd >= 0) {
        status = run(rt, lfd, &o, &at, &refresh); /* takes rt, stops refresh */
        close(lfd);
    } else {
        tvc_rt_free(rt);
    }
    tvc_serve_ocsp_stop(refresh);
    tvc_arena_free(a);
    return status;
}
