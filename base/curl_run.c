#include "config.h"

#include "base/curl_run.h"

#include <stdlib.h>
#include <string.h>

/* The transfers of one group, waiting and under way. */
typedef struct group {
    char *key;
    const size_t *order; /* its transfers, in the order they start */
    size_t n, next, active;
} group;

typedef struct run {
    const tvc_curl_run *r;
    const tvc_curl_api *c;
    CURLM *m;
    size_t *order;    /* the transfers by group, then by index */
    size_t *group_of; /* transfer -> group; &group_of[i] is I's CURLOPT_PRIVATE */
    group *g;
    size_t n_g, active, window, group_window;
} run;

typedef struct keyed {
    char *key;
    size_t i;
} keyed;

static int cmp_keyed(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : (x->i > y->i) - (x->i < y->i);
}

/* Sorts the transfers by group (then by index: the caller's order stays
 * within a group) and makes one group per key. */
static void group_up(run *s)
{
    size_t n = s->r->n;
    keyed *k = calloc(n, sizeof *k);
    if (!k || !(s->g = calloc(n, sizeof *s->g)))
        abort();
    for (size_t i = 0; i < n; i++) {
        k[i] = (keyed){s->r->group ? s->r->group(s->r->ud, i) : NULL, i};
        if (!k[i].key && !(k[i].key = strdup("")))
            abort();
    }
    if (s->r->group)
        qsort(k, n, sizeof *k, cmp_keyed);
    for (size_t i = 0; i < n; i++) {
        s->order[i] = k[i].i;
        if (s->n_g && !strcmp(k[i].key, s->g[s->n_g - 1].key))
            free(k[i].key);
        else
            s->g[s->n_g++] = (group){k[i].key, &s->order[i], 0, 0, 0};
        s->g[s->n_g - 1].n++;
        s->group_of[k[i].i] = s->n_g - 1;
    }
    free(k);
}

static void finish(run *s, size_t i, CURL *h, CURLcode rc)
{
    s->g[s->group_of[i]].active--;
    s->active--;
    s->r->done(s->r->ud, i, h, rc, s->c);
}

/* Hands waiting transfers to libcurl while slots are free, each group in
 * turn. Returns how many it handed over. */
static size_t fill(run *s)
{
    size_t started = 0, more = 1;
    while (more && s->active < s->window) {
        more = 0;
        for (size_t j = 0; j < s->n_g && s->active < s->window; j++) {
            group *g = &s->g[j];
            if (g->next == g->n || g->active >= s->group_window)
                continue;
            size_t i = g->order[g->next++];
            more = 1;
            CURL *h = s->r->start(s->r->ud, i, s->c);
            if (!h)
                continue;
            g->active++;
            s->active++;
            s->c->easy_setopt(h, CURLOPT_PRIVATE, (void *)&s->group_of[i]);
            if (s->c->multi_add_handle(s->m, h) != CURLM_OK)
                finish(s, i, h, CURLE_FAILED_INIT);
            else
                started++;
        }
    }
    return started;
}

/* Runs the transfers until every one has finished. */
static void drive(run *s)
{
    fill(s);
    while (s->active) {
        int running = 0, left;
        s->c->multi_perform(s->m, &running);
        CURLMsg *msg;
        while ((msg = s->c->multi_info_read(s->m, &left))) {
            if (msg->msg != CURLMSG_DONE)
                continue;
            /* msg belongs to libcurl: read it before the handle goes */
            CURL *h = msg->easy_handle;
            CURLcode rc = msg->data.result;
            char *p = NULL;
            s->c->easy_getinfo(h, CURLINFO_PRIVATE, &p);
            s->c->multi_remove_handle(s->m, h);
            finish(s, (size_t)((size_t *)(void *)p - s->group_of), h, rc);
        }
        if (fill(s) == 0 && s->active)
            s->c->multi_poll(s->m, NULL, 0, 1000, NULL);
    }
}

static void set_limits(run *s)
{
    if (!s->r->group)
        return;
    if (s->r->group_window)
        s->c->multi_setopt(s->m, CURLMOPT_MAX_HOST_CONNECTIONS, (long)s->group_window);
    if (s->r->window) {
        s->c->multi_setopt(s->m, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)s->window);
        s->c->multi_setopt(s->m, CURLMOPT_MAXCONNECTS, (long)s->window);
    }
}

int tvc_curl_run_all(const tvc_curl_run *r, const char **err)
{
    if (!r->n)
        return 0;
    run s = {.r = r, .c = tvc_curl_dl(err)};
    if (!s.c)
        return -1;
    if (s.c->global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        *err = "libcurl cannot start (curl_global_init failed)";
        return -1;
    }
    if (!(s.m = s.c->multi_init())) {
        s.c->global_cleanup();
        *err = "libcurl cannot start (curl_multi_init failed)";
        return -1;
    }
    s.window = r->window ? r->window : r->n;
    s.group_window = r->group_window ? r->group_window : s.window;
    s.order = calloc(r->n, sizeof *s.order);
    s.group_of = calloc(r->n, sizeof *s.group_of);
    if (!s.order || !s.group_of)
        abort();
    set_limits(&s);
    group_up(&s);
    drive(&s);
    for (size_t j = 0; j < s.n_g; j++)
        free(s.g[j].key);
    free(s.g);
    free(s.order);
    free(s.group_of);
    s.c->multi_cleanup(s.m);
    s.c->global_cleanup();
    return 0;
}
