/* Libraries loaded on first use instead of at start: a run that never
 * writes JUnit or asks libgnutls about a priority string does not pay for
 * mapping and relocating them (libxml2 pulls in ICU). Each library has one
 * small file that lists the functions it needs (policy/gnutls_dl.c,
 * cli/xml_dl.c); the build still checks the headers and the library, so
 * the prototypes are the ones the code was compiled against. */
#ifndef TVC_DLIB_H
#define TVC_DLIB_H

#include <pthread.h>
#include <stddef.h>

typedef struct tvc_dlsym {
    const char *name;
    void **fn; /* where the address goes: a function pointer, stored as POSIX allows */
} tvc_dlsym;

/* Opens `soname` and resolves every symbol of `syms`, or none: on any
 * failure the library is closed again, every *fn is NULL and `why` (of
 * `why_len` bytes) says what failed, with dlerror()'s words. Returns 0 or
 * -1. The library stays loaded for the rest of the process. */
int tvc_dlib_open(const char *soname, const tvc_dlsym *syms, size_t n, char *why,
                  size_t why_len);

/* One library loaded once, on the first tvc_dlib_load, from any thread. */
typedef struct tvc_dlib {
    const char *soname;
    const tvc_dlsym *syms;
    size_t n;
    pthread_mutex_t lock;
    int state; /* 0 not tried, 1 loaded, -1 cannot be loaded */
    char why[512];
} tvc_dlib;

#define TVC_DLIB_INIT(soname, syms) \
    {(soname), (syms), sizeof(syms) / sizeof *(syms), PTHREAD_MUTEX_INITIALIZER, 0, ""}

/* 0 when the library is loaded (now or before), -1 with *why (if not
 * NULL) saying why it cannot be: the same answer for the rest of the
 * process. */
int tvc_dlib_load(tvc_dlib *l, const char **why);
/* Why it could not be loaded when something asked for it; NULL when
 * nothing asked or it loaded. */
const char *tvc_dlib_failed(tvc_dlib *l);

#endif
