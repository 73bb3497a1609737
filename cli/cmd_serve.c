/* serve: the runtime library on a socket, to try a config's vhosts with
 * real clients (curl --resolve, openssl s_client -servername) before
 * httpd gets it. HTTP/1.1, one request per connection, one connection at
 * a time: a test fixture, not a web server. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
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
#include "emit/runtime.h"

static const tvc_cli_option options[] = {
    TVC_OPT_("listen", 0, " ADDR:PORT", "where to accept: 127.0.0.1:8443, [::1]:8443, *:8443",
             tvc_cli_set_string, listen),
    TVC_OPT_("site", 0, " ADDR:PORT", "the address set to serve (default: the one httpd\n"
                                      "would use for --listen, or the only one there is)",
             tvc_cli_set_string, site),
    TVC_OPT_("max-connections", 0, " N", "exit after N connections", tvc_cli_set_max_conn,
             max_connections),
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
    "  tlsvhost runtime (and httpd) picks it; one connection at a time\n",
    options, 1};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
    (void)sig;
    stop = 1;
}

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
        if (bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || listen(fd, 64) != 0) {
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

/* The Host header's name: lowercase, without port or trailing dot, as
 * httpd compares it. NULL when the request has none. */
static char *host_of(char *head)
{
    for (char *l = strstr(head, "\r\n"); l && l[2] != '\r'; l = strstr(l + 2, "\r\n")) {
        if (strncasecmp(l + 2, "Host:", 5))
            continue;
        char *h = l + 7;
        h += strspn(h, " \t");
        size_t n = strcspn(h, "\r");
        if (h[0] == '[') {
            char *rb = memchr(h, ']', n);
            n = rb ? (size_t)(rb - h) + 1 : n;
        } else {
            char *c = memchr(h, ':', n);
            n = c ? (size_t)(c - h) : n;
        }
        while (n && (h[n - 1] == ' ' || h[n - 1] == '\t' || h[n - 1] == '.'))
            n--;
        h[n] = '\0';
        for (char *p = h; *p; p++)
            *p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
        return h;
    }
    return NULL;
}

static void respond(SSL *ssl, const char *status, const char *vhost, const char *body)
{
    char buf[1024];
    int n = snprintf(buf, sizeof buf, "HTTP/1.1 %s\r\nContent-Type: text/plain\r\n"
                     "Content-Length: %zu\r\nConnection: close\r\nX-TLS-Vhost: %s\r\n\r\n%s",
                     status, strlen(body), vhost, body);
    if (n > 0)
        SSL_write(ssl, buf, n < (int)sizeof buf ? n : (int)sizeof buf - 1);
}

static void handle(const tvc_rt *rt, SSL *ssl)
{
    char head[16385];
    size_t n = 0;
    while (n < sizeof head - 1) {
        int r = SSL_read(ssl, head + n, (int)(sizeof head - 1 - n));
        if (r <= 0)
            break;
        n += (size_t)r;
        head[n] = '\0';
        if (strstr(head, "\r\n\r\n"))
            break;
    }
    head[n] = '\0';
    const tvc_rt_vhost *sni = tvc_rt_selected(ssl);
    const char *name = sni && sni->server_name ? sni->server_name : "-";
    if (!strstr(head, "\r\n\r\n")) {
        respond(ssl, "400 Bad Request", name, "incomplete request head\n");
        return;
    }
    const char *host = host_of(head);
    const tvc_rt_vhost *by_host = host ? tvc_rt_lookup(rt, host) : NULL;
    /* httpd 2.4.64+ answers 421 when the Host vhost's TLS settings differ
     * from the SNI vhost's; here any other vhost is misdirected, which is
     * what a test of the routing wants to see. A Host naming no vhost is
     * served by the SNI vhost. */
    if (by_host && by_host != sni) {
        respond(ssl, "421 Misdirected Request", name,
                "the Host header names another vhost than the TLS server name\n");
        return;
    }
    char body[512];
    snprintf(body, sizeof body, "%s\n", name);
    respond(ssl, "200 OK", name, body);
}

static void serve(const tvc_rt *rt, int lfd, long max)
{
    struct timeval tv = {5, 0};
    for (long done = 0; !stop && (max <= 0 || done < max);) {
        int fd = accept(lfd, NULL, NULL);
        if (fd < 0) {
            if (errno != EINTR && errno != ECONNABORTED)
                fprintf(stderr, "tlsvhostc serve: accept: %s\n", strerror(errno));
            continue;
        }
        done++;
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
        SSL *ssl = SSL_new(tvc_rt_ctx(rt));
        if (ssl && SSL_set_fd(ssl, fd) == 1 && SSL_accept(ssl) == 1) {
            handle(rt, ssl);
            SSL_shutdown(ssl);
        } else {
            unsigned long e = ERR_get_error();
            fprintf(stderr, "tlsvhostc serve: handshake failed: %s\n",
                    e ? ERR_error_string(e, NULL) : "connection closed");
        }
        ERR_clear_error();
        SSL_free(ssl);
        close(fd);
    }
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

/* --listen and --site as addresses and ports. */
typedef struct addrs {
    const char *laddr, *saddr;
    int lport, sport;
} addrs;

static int split_addrs(tvc_cli_run *r, void *ud)
{
    addrs *ad = ud;
    const tvc_opts *o = &r->o;
    if (o->listen && split_addr(r->a, o->listen, &ad->laddr, &ad->lport) == 0 &&
        (!o->site || split_addr(r->a, o->site, &ad->saddr, &ad->sport) == 0))
        return 0;
    fprintf(stderr, "tlsvhostc serve: %s\n",
            !o->listen ? "say where to listen (--listen ADDR:PORT)"
                       : "ADDR:PORT is an IPv4 address, [IPv6] or *, a colon and a port");
    tvc_cli_usage(stderr, &tvc_cli_serve);
    return -1;
}

int tvc_cmd_serve(int argc, char **argv)
{
    tvc_cli_run run;
    addrs ad = {NULL, NULL, 0, 0};
    int status;
    if (!tvc_cli_open(&run, argc, argv, &tvc_cli_serve, split_addrs, &ad, &status))
        return status;
    tvc_arena *a = run.a;
    tvc_config *cfg = run.cfg;
    tvc_ir *ir = run.ir;
    const char *laddr = ad.laddr, *saddr = ad.saddr;
    int lport = ad.lport, sport = ad.sport;
    if (!ir) {
        tvc_report_text(stderr, &run.d, 0);
        tvc_arena_free(a);
        return TVC_EXIT_USAGE;
    }
    tvc_serve_ocsp *refresh = run.o.ocsp_refresh ? tvc_serve_ocsp_start(a, ir, &run.o) : NULL;
    tvc_checks_run(a, &run.d, ir, &run.o.check);
    tvc_emit e = {.a = a, .d = &run.d, .ir = ir, .cfg = cfg};
    const tvc_rt_config *rtc = tvc_emit_runtime_config(&e);
    tvc_cli_filter(&run.o, &run.d, cfg);
    lossy_as_warnings(&run.d);
    if (!run.o.quiet || run.d.count[TVC_ERROR])
        tvc_report_text(stderr, &run.d, 0);

    status = TVC_EXIT_USAGE;
    const tvc_rt_site *site = run.o.site ? tvc_rt_site_find(rtc, saddr, sport)
                                     : tvc_rt_site_find(rtc, laddr, lport);
    /* --listen usually differs from the config's address (a test port
     * for *:443); with one TLS site there is nothing to choose. */
    if (!site && !run.o.site && rtc->n_sites == 1)
        site = &rtc->sites[0];
    tvc_rt *rt = NULL;
    int lfd = -1;
    char err[512] = "";
    if (!site) {
        fprintf(stderr, "tlsvhostc serve: no TLS site answers %s; the sites are:\n",
                run.o.site ? run.o.site : run.o.listen);
        list_sites(rtc, a);
        fprintf(stderr, "choose one with --site ADDR:PORT\n");
    } else if (!(rt = tvc_rt_new_site(rtc, site, err, sizeof err))) {
        fprintf(stderr, "tlsvhostc serve: %s\n", err);
    } else if ((lfd = listen_on(a, laddr, lport)) >= 0) {
        struct sigaction sa = {0};
        sa.sa_handler = on_signal; /* no SA_RESTART: accept() returns */
        sigaction(SIGINT, &sa, NULL);
        sigaction(SIGTERM, &sa, NULL);
        signal(SIGPIPE, SIG_IGN);
        fprintf(stderr, "tlsvhostc serve: listening on %s:%d, site %s\n", laddr,
                bound_port(lfd, lport), site_label(a, site));
        serve(rt, lfd, run.o.max_connections);
        close(lfd);
        status = TVC_EXIT_OK;
    }
    tvc_serve_ocsp_stop(refresh);
    if (rt)
        tvc_rt_free(rt);
    tvc_arena_free(a);
    return status;
}
