/* serve's parts below the command: one connection's state machine
 * (serve_conn.c) and the workers that run them (serve_loop.c). */
#ifndef TVC_CLI_SERVE_H
#define TVC_CLI_SERVE_H

#include <tlsvhost/runtime.h>

/* ---- one connection: handshake, one HTTP/1.1 request, the answer ---- */
typedef struct tvc_serve_conn tvc_serve_conn;

/* A connection on the accepted non-blocking socket fd, on the slot's
 * current runtime (kept until the connection is freed, whatever reloads
 * come meanwhile). NULL: out of memory; fd is then closed. */
tvc_serve_conn *tvc_serve_conn_new(tvc_rt_slot *slot, int fd);
/* Goes as far as the socket allows without blocking. Returns the epoll
 * events it waits for (EPOLLIN or EPOLLOUT), 0 when it is done. */
unsigned tvc_serve_conn_step(tvc_serve_conn *c);
int tvc_serve_conn_fd(const tvc_serve_conn *c);
/* Says on stderr why a connection that did not finish is cut. */
void tvc_serve_conn_cut(tvc_serve_conn *c, const char *why);
/* Closes the socket and drops the runtime. */
void tvc_serve_conn_free(tvc_serve_conn *c);

/* ---- the workers: one epoll loop per thread on one listening socket -- */
typedef struct tvc_serve_loop tvc_serve_loop;

typedef struct tvc_serve_params {
    int lfd;                /* listening, non-blocking */
    unsigned workers;       /* threads; 0: one per online CPU */
    int timeout_ms;         /* a connection's whole life at most; 0: no limit */
    long max_connections;   /* stop accepting after these; 0: no limit */
} tvc_serve_params;

/* NULL when no thread could be started (the reason on stderr). */
tvc_serve_loop *tvc_serve_loop_start(tvc_rt_slot *slot, const tvc_serve_params *p);
unsigned tvc_serve_loop_workers(const tvc_serve_loop *l);
/* 1 once --max-connections were accepted and all of them are done. */
int tvc_serve_loop_finished(tvc_serve_loop *l);
/* Stops accepting, lets connections in flight finish for grace_ms, cuts
 * the rest, joins the workers and frees the loop. Returns how many were
 * cut. */
unsigned tvc_serve_loop_stop(tvc_serve_loop *l, int grace_ms);

#endif
