/* serve --ocsp-refresh: keeps the response files the vhosts staple
 * fresh, as mod_gnutls's GnuTLSOCSPAutoRefresh does for its cache. One
 * round at start (the runtime refuses a response file it cannot read),
 * then a thread that fetches again halfway between thisUpdate and
 * nextUpdate, retries a failed fetch after a minute, and never replaces a
 * good response by a failed one: the runtime re-reads a file when it
 * changes (runtime/staple.c). */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "cli/cli.h"
#include "ocsp/targets.h"

#define RETRY_SECONDS 60
#define MIN_WAIT_SECONDS 10

struct tvc_serve_ocsp {
    tvc_ocsp_targets *t;
    tvc_ocsp_opts o;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    time_t next;           /* when the thread asks again */
    int stop, running;
};

/* When target G wants asking again, after a round that ended NOW. */
static time_t next_round(const tvc_ocsp_target *g, int stored, time_t now)
{
    const tvc_ocsp_result *r = &g->item.res;
    if (!stored)
        return now + RETRY_SECONDS;
    if (!r->next_update || r->next_update <= r->this_update)
        return now + 3600;
    return r->this_update + (r->next_update - r->this_update) / 2;
}

/* The certificate, for messages: its file, and an intermediate's subject. */
static void say(const tvc_ocsp_target *g, const char *what)
{
    if (g->depth)
        fprintf(stderr, "tlsvhostc serve: OCSP response for '%s' (intermediate '%s')%s\n",
                g->cert->cert, g->subject, what);
    else
        fprintf(stderr, "tlsvhostc serve: OCSP response for '%s'%s\n", g->cert->cert, what);
}

static void say_failed(const tvc_ocsp_target *g)
{
    const tvc_ocsp_result *r = &g->item.res;
    char why[512];
    snprintf(why, sizeof why, " not refreshed (%s%s%s); the old one stays",
             tvc_ocsp_status_name(r->status),
             r->detail ? ": " : "", r->detail ? r->detail : "");
    say(g, why);
}

/* One round: asks, stores the good answers; returns when to ask again. */
static time_t round_once(tvc_serve_ocsp *s)
{
    tvc_ocsp_targets_reset(s->t);
    s->o.now = time(NULL);
    char *err = NULL;
    if (tvc_ocsp_targets_fetch(s->t, &s->o, &err) != 0) {
        fprintf(stderr, "tlsvhostc serve: OCSP refresh: %s\n", err);
        free(err);
        return time(NULL) + RETRY_SECONDS;
    }
    time_t now = time(NULL), next = now + 3600;
    for (size_t i = 0; i < s->t->n; i++) {
        tvc_ocsp_target *g = &s->t->v[i];
        if (!g->response_file || !g->item.url || !g->item.issuer)
            continue;
        int stored = 0;
        char *why = NULL;
        if (g->item.res.status == TVC_OCSP_GOOD) {
            stored = tvc_ocsp_store(g->response_file, g->item.der, g->item.der_len,
                                    g->item.leaf, g->item.issuer, now, &why) >= 0;
            char msg[600];
            snprintf(msg, sizeof msg, ": %s", why ? why : "refreshed");
            say(g, msg);
            free(why);
        } else {
            say_failed(g);
        }
        time_t n = next_round(g, stored, now);
        if (n < next)
            next = n;
    }
    return next < now + MIN_WAIT_SECONDS ? now + MIN_WAIT_SECONDS : next;
}

static void *loop(void *arg)
{
    tvc_serve_ocsp *s = arg;
    pthread_mutex_lock(&s->mu);
    for (;;) {
        struct timespec ts = {s->next, 0};
        int rc = 0;
        while (!s->stop && rc != ETIMEDOUT)
            rc = pthread_cond_timedwait(&s->cv, &s->mu, &ts);
        if (s->stop)
            break;
        pthread_mutex_unlock(&s->mu);
        time_t next = round_once(s);
        pthread_mutex_lock(&s->mu);
        s->next = next;
    }
    pthread_mutex_unlock(&s->mu);
    return NULL;
}

static void start_thread(tvc_serve_ocsp *s)
{
    pthread_mutex_init(&s->mu, NULL);
    pthread_cond_init(&s->cv, NULL);
    s->stop = 0;
    s->running = pthread_create(&s->thread, NULL, loop, s) == 0;
}

tvc_serve_ocsp *tvc_serve_ocsp_start(tvc_arena *a, const tvc_ir *ir, const tvc_opts *o)
{
    tvc_serve_ocsp *s = tvc_arena_calloc(a, sizeof *s);
    s->t = tvc_ocsp_targets_build(a, ir, o->check.ca_file);
    s->o.timeout_ms = (o->check.ocsp_timeout > 0 ? o->check.ocsp_timeout : 10) * 1000L;
    s->o.max_bytes = TVC_OCSP_MAX_BYTES;
    size_t n = 0;
    for (size_t i = 0; i < s->t->n; i++)
        n += s->t->v[i].response_file != NULL;
    if (!n) {
        fprintf(stderr, "tlsvhostc serve: --ocsp-refresh: no vhost staples a response file "
                "(GnuTLSOCSPResponseFile); nothing to refresh\n");
        return s;
    }
    s->next = round_once(s);
    start_thread(s);
    return s;
}

void tvc_serve_ocsp_resume(tvc_serve_ocsp *s)
{
    if (s && s->next && !s->running)
        start_thread(s);
}

void tvc_serve_ocsp_stop(tvc_serve_ocsp *s)
{
    if (!s || !s->running)
        return;
    pthread_mutex_lock(&s->mu);
    s->stop = 1;
    pthread_cond_signal(&s->cv);
    pthread_mutex_unlock(&s->mu);
    pthread_join(s->thread, NULL);
    pthread_cond_destroy(&s->cv);
    pthread_mutex_destroy(&s->mu);
    s->running = 0;
}
