/* Start-up loading: the distinct certificate tuples of a site, read by a
 * pool of workers (see load.h). */
#include "config.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/err.h>

#include "intern.h"
#include "load.h"

/* More workers than this gain nothing on the machines measured, and each
 * costs a library context. A worker needs enough tuples to pay for its
 * context (about a millisecond, some 30 keys' worth). */
#define MAX_WORKERS 16
#define TUPLES_PER_WORKER 32

typedef struct job {
    const tvc_rt_cert *c; /* the first vhost's; the others name the same files */
    tvc_rt_pair pair;
    char *why;
} job;

typedef struct lvhost {
    unsigned first, n; /* its slice of pairs[] and job_of[] */
    unsigned bad_at;   /* the certificate the vhost-level reason is about */
    char *why;         /* that reason; NULL: none */
} lvhost;

struct tvc_rt_loaded {
    lvhost *v;
    unsigned n;
    tvc_rt_pair *pairs; /* copies of the jobs' pointers, per vhost */
    unsigned *job_of;
    job *jobs;
    unsigned n_jobs;
    tvc_rt_chains *chains;
    OSSL_LIB_CTX *libs[MAX_WORKERS]; /* [0] unused: the caller's default */
    unsigned workers;
    atomic_uint next;
};

static char *dup_printf(const char *fmt, unsigned a, unsigned b)
{
    char buf[128];
    snprintf(buf, sizeof buf, fmt, a, b);
    return strdup(buf);
}

/* The tuple's files as one key: each path and a kind byte, so that "no
 * key file" differs from any path. */
static char *tuple_key(const tvc_rt_cert *c, size_t *len)
{
    size_t n = strlen(c->cert) + 3 + (c->key ? strlen(c->key) : 0);
    for (unsigned k = 0; k < c->n_chain; k++)
        n += strlen(c->chain[k]) + 1;
    char *s = malloc(n), *p = s;
    if (!s)
        return NULL;
    p = stpcpy(p, c->cert) + 1;
    p = c->key ? stpcpy(stpcpy(p, "k"), c->key) + 1 : stpcpy(p, "-") + 1;
    for (unsigned k = 0; k < c->n_chain; k++)
        p = stpcpy(p, c->chain[k]) + 1;
    *len = (size_t)(p - s);
    return s;
}

/* Assigns each certificate of each vhost its job, one job per distinct
 * tuple; a vhost that cannot be served whatever its files hold gets its
 * reason here. -1 when out of memory. */
static int plan(tvc_rt_loaded *l, const tvc_rt_vhost *const *vhosts, tvc_rt_intern *seen)
{
    unsigned total = 0;
    for (unsigned i = 0; i < l->n; i++)
        if (vhosts[i]) {
            l->v[i] = (lvhost){total, vhosts[i]->n_certs, vhosts[i]->n_certs, NULL};
            total += vhosts[i]->n_certs;
        }
    if (!(l->pairs = calloc(total ? total : 1, sizeof *l->pairs)) ||
        !(l->job_of = calloc(total ? total : 1, sizeof *l->job_of)) ||
        !(l->jobs = calloc(total ? total : 1, sizeof *l->jobs)))
        return -1;
    for (unsigned i = 0; i < l->n; i++) {
        const tvc_rt_vhost *vh = vhosts[i];
        if (vh && !vh->n_certs && !(l->v[i].why = strdup("no certificate configured")))
            return -1;
        for (unsigned k = 0; vh && k < vh->n_certs; k++) {
            const tvc_rt_cert *c = &vh->certs[k];
            if (!c->cert) {
                l->v[i].bad_at = k;
                if (!(l->v[i].why = dup_printf("certificate %u of %u has no certificate file",
                                               k + 1, vh->n_certs)))
                    return -1;
                break;
            }
            size_t len;
            char *key = tuple_key(c, &len);
            long id = key ? tvc_rt_intern_add(seen, key, len, l->n_jobs) : -1;
            free(key);
            if (id < 0)
                return -1;
            if ((unsigned)id == l->n_jobs)
                l->jobs[l->n_jobs++].c = c;
            l->job_of[l->v[i].first + k] = (unsigned)id;
        }
    }
    return 0;
}

typedef struct worker {
    tvc_rt_loaded *l;
    OSSL_LIB_CTX *lib;
} worker;

static void *work(void *arg)
{
    worker *w = arg;
    tvc_rt_loaded *l = w->l;
    tvc_rt_reader *r = tvc_rt_reader_new(w->lib, l->chains);
    for (unsigned j; (j = atomic_fetch_add(&l->next, 1)) < l->n_jobs;) {
        job *jb = &l->jobs[j];
        if (!r || tvc_rt_reader_read(r, jb->c, &jb->pair, &jb->why) != 0)
            if (!jb->why)
                jb->why = strdup("out of memory");
    }
    tvc_rt_reader_free(r);
    ERR_clear_error();
    return NULL;
}

static unsigned workers_for(unsigned jobs, unsigned threads)
{
    if (!threads) {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        threads = cpus > 0 ? (unsigned)cpus : 1;
        if (threads > jobs / TUPLES_PER_WORKER)
            threads = jobs / TUPLES_PER_WORKER;
    }
    if (threads > MAX_WORKERS)
        threads = MAX_WORKERS;
    return threads ? threads : 1;
}

/* The calling thread is worker 0, in the default library context; the
 * others get their own. A worker that cannot start leaves its share to
 * the rest. */
static void run(tvc_rt_loaded *l, unsigned want)
{
    pthread_t tid[MAX_WORKERS];
    worker w[MAX_WORKERS];
    unsigned started = 0;
    for (unsigned i = 1; i < want; i++) {
        if (!(l->libs[i] = OSSL_LIB_CTX_new()))
            continue;
        w[i] = (worker){l, l->libs[i]};
        if (pthread_create(&tid[started], NULL, work, &w[i]) == 0)
            started++;
    }
    w[0] = (worker){l, NULL};
    work(&w[0]);
    for (unsigned i = 0; i < started; i++)
        pthread_join(tid[i], NULL);
    l->workers = started + 1;
}

tvc_rt_loaded *tvc_rt_load(const tvc_rt_vhost *const *vhosts, unsigned n, unsigned threads)
{
    tvc_rt_loaded *l = calloc(1, sizeof *l);
    tvc_rt_intern *seen = tvc_rt_intern_new();
    if (!l || !seen || !(l->v = calloc(n ? n : 1, sizeof *l->v)) ||
        !(l->chains = tvc_rt_chains_new())) {
        tvc_rt_intern_free(seen);
        tvc_rt_loaded_free(l);
        return NULL;
    }
    l->n = n;
    int planned = plan(l, vhosts, seen);
    tvc_rt_intern_free(seen);
    if (planned != 0) {
        tvc_rt_loaded_free(l);
        return NULL;
    }
    atomic_init(&l->next, 0);
    run(l, workers_for(l->n_jobs, threads));
    for (unsigned i = 0; i < n; i++)
        for (unsigned k = 0; k < l->v[i].n && k < l->v[i].bad_at; k++)
            l->pairs[l->v[i].first + k] = l->jobs[l->job_of[l->v[i].first + k]].pair;
    return l;
}

const tvc_rt_pair *tvc_rt_loaded_get(const tvc_rt_loaded *l, unsigned i, unsigned *n,
                                     const char **why)
{
    const lvhost *v = &l->v[i];
    *n = v->n;
    *why = NULL;
    for (unsigned k = 0; k < v->n && !*why; k++)
        *why = k == v->bad_at ? v->why : l->jobs[l->job_of[v->first + k]].why;
    if (!v->n)
        *why = v->why;
    return *why ? NULL : &l->pairs[v->first];
}

unsigned tvc_rt_loaded_workers(const tvc_rt_loaded *l)
{
    return l->workers;
}

unsigned tvc_rt_loaded_reads(const tvc_rt_loaded *l)
{
    return l->n_jobs;
}

/* Objects first, then the library contexts they were decoded in. */
void tvc_rt_loaded_free(tvc_rt_loaded *l)
{
    if (!l)
        return;
    for (unsigned j = 0; l->jobs && j < l->n_jobs; j++) {
        tvc_rt_pair_clear(&l->jobs[j].pair);
        free(l->jobs[j].why);
    }
    for (unsigned i = 0; l->v && i < l->n; i++)
        free(l->v[i].why);
    tvc_rt_chains_free(l->chains);
    for (unsigned i = 0; i < MAX_WORKERS; i++)
        OSSL_LIB_CTX_free(l->libs[i]);
    free(l->jobs);
    free(l->job_of);
    free(l->pairs);
    free(l->v);
    free(l);
}
