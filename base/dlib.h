/* Libraries loaded on first use instead of at start: a run that never
 * writes JUnit or asks libgnutls about a priority string does not pay for
 * mapping and relocating them (libxml2 pulls in ICU). Each library has one
 * small file that lists the functions it needs (policy/gnutls_dl.c,
 * cli/xml_dl.c); the build still checks the headers and the library, so
 * the prototypes are the ones the code was compiled against. */
#ifndef TVC_DLIB_H
#define TVC_DLIB_H

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

#endif
