/* `tlsvhostc probe`: the running server against its config. For every
 * name of every TLS address set, a TLS handshake with that name as SNI
 * (libcurl, through the loop the OCSP client uses: base/curl_run.c), and what
 * came back - leaf, chain, protocol, staple, with --probe-host the status
 * of a HEAD with the name as Host - compared with what the
 * config gives the vhost that httpd's routing picks for the name
 * (ir/sni_map.c). Sits on the IR beside ocsp/; cli/cmd_probe.c runs it.
 * Everything lives in the run's arena; OpenSSL objects are arena
 * cleanups. */
#ifndef TVC_PROBE_H
#define TVC_PROBE_H

#include <stddef.h>

#include <openssl/x509.h>

#include "base/diag.h"
#include "ir/ir.h"

/* --connect [ADDR:PORT=]HOST:PORT: where the server of an address set of
 * the config really listens, as curl's --connect-to. */
typedef struct tvc_probe_connect {
    const char *set;  /* "*:443" as the config writes it; NULL: every set */
    const char *host; /* "127.0.0.1", "[::1]", "lb.example.com" */
    int port;
} tvc_probe_connect;

typedef struct tvc_probe_opts {
    long timeout_ms;          /* connect + handshake, per name */
    size_t concurrency;       /* handshakes in flight at once */
    int protocols;            /* also try below the configured minimum */
    int host;                 /* also HEAD / with Host: the name (--probe-host) */
    const char *wildcard_label; /* "*.a.test" is probed as LABEL.a.test */
    const tvc_probe_connect *connect;
    size_t n_connect;
} tvc_probe_opts;

#define TVC_PROBE_TIMEOUT_S 10
#define TVC_PROBE_CONCURRENCY 32
#define TVC_PROBE_WILDCARD_LABEL "tlsvhostc-probe"

/* What one handshake saw. */
typedef struct tvc_probe_seen {
    int ok;                /* the handshake completed */
    const char *error;     /* why not, in libcurl's words */
    int version;           /* negotiated, a wire code (TVC_TLS12 ...) */
    int staple;            /* the OCSP response status of the staple (0:
                              successful); -1: none (we always ask) */
    STACK_OF(X509) *chain; /* as sent, leaf first */
    int asked;             /* a HEAD went with the handshake (--probe-host) */
    long status;           /* its HTTP status; 0: no answer */
    const char *http_error; /* why no answer, in libcurl's words */
} tvc_probe_seen;

/* One name of an address set, and where it is asked. */
typedef struct tvc_probe_target {
    const char *name;      /* the SNI name sent */
    const char *written;   /* the ServerName/ServerAlias it comes from */
    const tvc_loc *name_loc;
    size_t owner;          /* the vhost that names it (ir->vhosts) */
    size_t vhost;          /* the vhost httpd routing picks for it */
    const char *set;       /* the address set, "*:443" */
    int set_port;
    const char *host;      /* connected to */
    int port;
    int below;             /* --probe-protocols: the newest version below
                              the vhost's minimum; 0: nothing to try */
    tvc_probe_seen live, low;
    int findings;          /* set by tvc_probe_compare */
} tvc_probe_target;

typedef struct tvc_probe_targets {
    tvc_probe_target *v;
    size_t n, cap;
} tvc_probe_targets;

/* The names to probe, in config order, each once per address set. */
tvc_probe_targets *tvc_probe_targets_build(tvc_arena *a, const tvc_ir *ir,
                                           const tvc_probe_opts *o);

/* Every handshake, at most o->concurrency at once. 0, or -1 when libcurl
 * cannot be loaded or started (*err says why). */
int tvc_probe_run(tvc_arena *a, tvc_probe_targets *t, const tvc_probe_opts *o,
                  const char **err);

/* The findings (live-*, and sni-shadowed for a name another vhost takes),
 * counted in each target. Returns how many names were as the config says. */
size_t tvc_probe_compare(tvc_arena *a, tvc_diags *d, const tvc_ir *ir, tvc_probe_targets *t);

/* "CN=a.test serial 0x1002 (not before 2026-12-05 06:00:00 UTC)". */
const char *tvc_probe_describe(tvc_arena *a, X509 *x);

#endif
