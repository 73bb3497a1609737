/* serve's workers: one thread per core, each with its own epoll set
 * holding the listening socket (EPOLLEXCLUSIVE: a new connection wakes
 * one worker, not all) and the connections it accepted, which it alone
 * drives from then on. No connection is shared between threads, so the
 * only shared state is the runtime slot (runtime/slot.c) and the
 * counters below. A connection's whole life is bounded by the timeout:
 * the list of a worker's connections is in accept order, which is
 * deadline order, so expiry looks at its head only. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "cli/serve.h"

#define TICK_MS 100 /* how often a worker looks at deadlines and stop */

typedef struct item {
    tvc_serve_conn *c;
    long long deadline;
    unsigned events;
    struct item *prev, *next;
} item;

typedef struct worker {
    tvc_serve_loop *l;
    pthread_t th;
    int ep, started;
    item *head, *tail;
    unsigned cut;
} worker;

struct tvc_serve_loop {
    tvc_rt_slot *slot;
    tvc_serve_params p;
    atomic_int draining;    /* stop accepting */
    atomic_llong cut_at;    /* ms: connections still open then are cut */
    atomic_long accepted;
    atomic_uint exited;
    worker *w;
    unsigned n;
};

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void drop(worker *w, item *it)
{
    if (it->prev)
        it->prev->next = it->next;
    else
        w->head = it->next;
    if (it->next)
        it->next->prev = it->prev;
    else
        w->tail = it->prev;
    tvc_serve_conn_free(it->c); /* closing the fd takes it out of epoll */
    free(it);
}

/* Runs the connection on; registers what it waits for, or drops it. */
static void advance(worker *w, item *it)
{
    unsigned ev = tvc_serve_conn_step(it->c);
    if (!ev) {
        drop(w, it);
        return;
    }
    if (ev == it->events)
        return;
    struct epoll_event e = {.events = ev, .data.ptr = it};
    int op = it->events ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;
    it->events = ev;
    if (epoll_ctl(w->ep, op, tvc_serve_conn_fd(it->c), &e) != 0)
        drop(w, it);
}

static void take(worker *w, int fd)
{
    tvc_serve_conn *c = tvc_serve_conn_new(w->l->slot, fd);
    item *it = c ? calloc(1, sizeof *it) : NULL;
    if (!it) {
        tvc_serve_conn_free(c);
        return;
    }
    it->c = c;
    it->deadline = w->l->p.timeout_ms > 0 ? now_ms() + w->l->p.timeout_ms : LLONG_MAX;
    it->prev = w->tail;
    if (w->tail)
        w->tail->next = it;
    else
        w->head = it;
    w->tail = it;
    advance(w, it);
}

static void accept_all(worker *w)
{
    tvc_serve_loop *l = w->l;
    while (!atomic_load(&l->draining)) {
        int fd = accept4(l->p.lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR &&
                errno != ECONNABORTED && !atomic_load(&l->draining))
                fprintf(stderr, "tlsvhostc serve: accept: %s\n", strerror(errno));
            return;
        }
        long k = atomic_fetch_add(&l->accepted, 1) + 1;
        if (l->p.max_connections > 0 && k >= l->p.max_connections)
            atomic_store(&l->draining, 1);
        if (l->p.max_connections > 0 && k > l->p.max_connections) {
            close(fd); /* another worker took the last one */
            return;
        }
        take(w, fd);
    }
}

/* Cuts the connections past their deadline (all when now < 0). */
static unsigned expire(worker *w, long long now, const char *why)
{
    unsigned n = 0;
    for (; w->head && (now < 0 || w->head->deadline <= now); n++) {
        tvc_serve_conn_cut(w->head->c, why);
        drop(w, w->head);
    }
    return n;
}

static void *run(void *arg)
{
    worker *w = arg;
    tvc_serve_loop *l = w->l;
    int listening = 1;
    struct epoll_event evs[64];
    for (;;) {
        if (listening && atomic_load(&l->draining)) {
            epoll_ctl(w->ep, EPOLL_CTL_DEL, l->p.lfd, NULL);
            listening = 0;
        }
        if (!listening && !w->head)
            break;
        long long now = now_ms(), cut = atomic_load(&l->cut_at);
        if (cut && now >= cut) {
            w->cut = expire(w, -1, "at the end of the grace period");
            break;
        }
        expire(w, now, "by the connection timeout");
        int n = epoll_wait(w->ep, evs, 64, TICK_MS);
        for (int i = 0; i < n; i++) {
            if (!evs[i].data.ptr)
                accept_all(w);
            else
                advance(w, evs[i].data.ptr);
        }
    }
    atomic_fetch_add(&l->exited, 1);
    return NULL;
}

static unsigned cores(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 256 ? 256 : (unsigned)n;
}

tvc_serve_loop *tvc_serve_loop_start(tvc_rt_slot *slot, const tvc_serve_params *p)
{
    tvc_serve_loop *l = calloc(1, sizeof *l);
    unsigned n = p->workers ? p->workers : cores();
    if (!l || !(l->w = calloc(n, sizeof *l->w))) {
        free(l);
        fprintf(stderr, "tlsvhostc serve: out of memory\n");
        return NULL;
    }
    l->slot = slot;
    l->p = *p;
    for (unsigned i = 0; i < n; i++) {
        worker *w = &l->w[i];
        w->l = l;
        struct epoll_event e = {.events = EPOLLIN | EPOLLEXCLUSIVE, .data.ptr = NULL};
        if ((w->ep = epoll_create1(EPOLL_CLOEXEC)) < 0 ||
            epoll_ctl(w->ep, EPOLL_CTL_ADD, p->lfd, &e) != 0 ||
            pthread_create(&w->th, NULL, run, w) != 0) {
            fprintf(stderr, "tlsvhostc serve: cannot start worker %u: %s\n", i + 1,
                    strerror(errno));
            if (w->ep >= 0)
                close(w->ep);
            break;
        }
        w->started = 1;
        l->n++;
    }
    if (!l->n) {
        free(l->w);
        free(l);
        return NULL;
    }
    return l;
}

unsigned tvc_serve_loop_workers(const tvc_serve_loop *l)
{
    return l->n;
}

int tvc_serve_loop_finished(tvc_serve_loop *l)
{
    return atomic_load(&l->exited) == l->n;
}

unsigned tvc_serve_loop_stop(tvc_serve_loop *l, int grace_ms)
{
    if (!l)
        return 0;
    atomic_store(&l->cut_at, now_ms() + (grace_ms > 0 ? grace_ms : 0) + 1);
    atomic_store(&l->draining, 1);
    /* Linux stops listening on a shutdown listener: new clients are
     * refused at once instead of waiting in the backlog for a close. */
    shutdown(l->p.lfd, SHUT_RD);
    unsigned cut = 0;
    for (unsigned i = 0; i < l->n; i++) {
        pthread_join(l->w[i].th, NULL);
        close(l->w[i].ep);
        cut += l->w[i].cut;
    }
    free(l->w);
    free(l);
    return cut;
}
