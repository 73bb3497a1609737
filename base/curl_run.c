#include "config.h"

#include "base/curl_run.h"

#include <stdlib.h>
#include <string.h>

#include "base/smap.h"

/* The transfers of one group, waiting and under way. */
typedef struct group {
    size_t first; /* its transfers are order[first .. first + n) */
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

/* One group per key, in the order the keys first come; each group's
 * transfers in the caller's order. */
static void group_up(run *s)
{
    size_t n = s->r->n;
    tvc_smap keys = {0};
    if (!(s->g = calloc(n, sizeof *s->g)))
        abort();
    for (size_t i = 0; i < n; i++) {
        char *k = s->r->group ? s->r->group(s->r->ud, i) : NULL;
        if (!k && !(k = strdup("")))
            abort();
        int found;
        s->group_of[i] = tvc_smap_put(&keys, k, s->n_g, &found);
        s->n_g += !found;
        s->g[s->group_of[i]].n++;
    }
    tvc_smap_free(&keys);
    for (size_t j = 0, first = 0; j < s->n_g; first += s->g[j++].n)
        s->g[j].first = first;
    /* next counts what is placed, until fill() starts it from 0 */
    for (size_t i = 0; i < n; i++) {
        group *g = &s->g[s->group_of[i]];
        s->order[g->first + g->next++] = i;
    }
    for (size_t j = 0; j < s->n_g; j++)
        s->g[j].next = 0;
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
            size_t i = s->order[g->first + g->next++];
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
    free(s.g);
    free(s.order);
    free(s.group_of);
    s.c->multi_cleanup(s.m);
    s.c->global_cleanup();
    return 0;
}
