#include "config.h"
#include "base/dlib.h"

#include <dlfcn.h>
#include <stdio.h>

static void clear(const tvc_dlsym *syms, size_t n)
{
    for (size_t i = 0; i < n; i++)
        *syms[i].fn = NULL;
}

int tvc_dlib_open(const char *soname, const tvc_dlsym *syms, size_t n, char *why,
                  size_t why_len)
{
    /* RTLD_LOCAL: the symbols are reached through the table only, so they
     * cannot interpose on anything the process already has. */
    void *h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        const char *e = dlerror();
        snprintf(why, why_len, "cannot load %s: %s", soname, e ? e : "unknown error");
        clear(syms, n);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        dlerror();
        *syms[i].fn = dlsym(h, syms[i].name);
        if (!*syms[i].fn) {
            const char *e = dlerror();
            snprintf(why, why_len, "%s has no %s: %s", soname, syms[i].name,
                     e ? e : "symbol is NULL");
            clear(syms, n);
            dlclose(h);
            return -1;
        }
    }
    return 0;
}

int tvc_dlib_load(tvc_dlib *l, const char **why)
{
    pthread_mutex_lock(&l->lock);
    if (!l->state)
        l->state = tvc_dlib_open(l->soname, l->syms, l->n, l->why, sizeof l->why) == 0 ? 1 : -1;
    int state = l->state;
    pthread_mutex_unlock(&l->lock);
    if (state < 0 && why)
        *why = l->why;
    return state > 0 ? 0 : -1;
}

const char *tvc_dlib_failed(tvc_dlib *l)
{
    pthread_mutex_lock(&l->lock);
    int state = l->state;
    pthread_mutex_unlock(&l->lock);
    return state < 0 ? l->why : NULL;
}
