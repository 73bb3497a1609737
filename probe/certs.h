/* The certificate files of a config, each read once per run. */
#ifndef TVC_PROBE_CERTS_H
#define TVC_PROBE_CERTS_H

#include <openssl/x509.h>

#include "base/arena.h"
#include "base/smap.h"

typedef struct tvc_probe_files {
    tvc_arena *a;
    tvc_smap index;          /* path -> slot in v */
    STACK_OF(X509) **v;      /* NULL: the file could not be read */
    size_t n, cap;
} tvc_probe_files;

/* Empty; the arena frees what it comes to hold. */
tvc_probe_files *tvc_probe_files_new(tvc_arena *a);
/* The certificates of PATH (PEM, as the modules read them), in file
 * order; NULL when it holds none or cannot be read. */
STACK_OF(X509) *tvc_probe_file_certs(tvc_probe_files *f, const char *path);

#endif
