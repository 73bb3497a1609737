/* The current runtime of a server, swapped on reload (see
 * tlsvhost/runtime.h). A mutex guards the pointer only: taking a
 * reference must not race with the swap that drops the slot's own, or
 * a connection could start on a runtime being freed. Connections never
 * wait on a reload: it builds the new runtime outside the lock. */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>

#include <openssl/ssl.h>

#include "tlsvhost/runtime.h"

struct tvc_rt_slot {
    pthread_mutex_t mu;
    tvc_rt *cur;                /* the slot's reference */
    unsigned long generation;
};

static int ref_idx = -1;
static CRYPTO_ONCE ref_once = CRYPTO_ONCE_STATIC_INIT;

/* SSL_free drops the connection's reference through its ex_data. */
static void ref_free(void *parent, void *ptr, CRYPTO_EX_DATA *ad, int idx, long argl,
                     void *argp)
{
    (void)parent, (void)ad, (void)idx, (void)argl, (void)argp;
    tvc_rt_free(ptr);
}

static void ref_init(void)
{
    ref_idx = SSL_get_ex_new_index(0, "tvc_rt reference", NULL, NULL, ref_free);
}

tvc_rt_slot *tvc_rt_slot_new(tvc_rt *rt)
{
    if (!rt)
        return NULL;
    tvc_rt_slot *s = calloc(1, sizeof *s);
    if (!s || pthread_mutex_init(&s->mu, NULL) != 0) {
        free(s);
        return NULL;
    }
    s->cur = rt;
    return s;
}

tvc_rt *tvc_rt_slot_get(tvc_rt_slot *s)
{
    if (!s)
        return NULL;
    pthread_mutex_lock(&s->mu);
    tvc_rt *rt = tvc_rt_up_ref(s->cur);
    pthread_mutex_unlock(&s->mu);
    return rt;
}

SSL *tvc_rt_slot_ssl_new(tvc_rt_slot *s)
{
    if (!CRYPTO_THREAD_run_once(&ref_once, ref_init) || ref_idx < 0)
        return NULL;
    tvc_rt *rt = tvc_rt_slot_get(s);
    SSL *ssl = rt ? SSL_new(tvc_rt_ctx(rt)) : NULL;
    if (!ssl || !SSL_set_ex_data(ssl, ref_idx, rt)) {
        SSL_free(ssl);
        tvc_rt_free(rt);
        return NULL;
    }
    return ssl;
}

void tvc_rt_slot_swap(tvc_rt_slot *s, tvc_rt *rt)
{
    if (!s || !rt)
        return;
    pthread_mutex_lock(&s->mu);
    tvc_rt *old = s->cur;
    s->cur = rt;
    s->generation++;
    pthread_mutex_unlock(&s->mu);
    tvc_rt_free(old); /* freed now, or by the last connection on it */
}

int tvc_rt_slot_reload(tvc_rt_slot *s, const tvc_rt_config *cfg, const char *addr, int port,
                       char *err, size_t errlen)
{
    tvc_rt *rt = tvc_rt_new(cfg, addr, port, err, errlen);
    if (!rt)
        return -1;
    tvc_rt_slot_swap(s, rt);
    return 0;
}

unsigned long tvc_rt_slot_generation(tvc_rt_slot *s)
{
    if (!s)
        return 0;
    pthread_mutex_lock(&s->mu);
    unsigned long g = s->generation;
    pthread_mutex_unlock(&s->mu);
    return g;
}

void tvc_rt_slot_free(tvc_rt_slot *s)
{
    if (!s)
        return;
    tvc_rt_free(s->cur);
    pthread_mutex_destroy(&s->mu);
    free(s);
}
