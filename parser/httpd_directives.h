#ifndef TVC_HTTPD_DIRECTIVES_H
#define TVC_HTTPD_DIRECTIVES_H
#include <stddef.h>

/* Every configuration directive of the standard Apache httpd 2.4 modules
   (core, http_core, mpm_common, the MPMs and the mod_* modules), except those
   of mod_ssl and mod_tls, which live in the TLS dialect tables. */
typedef struct tvc_httpd_directive {
    const char *name;      /* as documented, e.g. "DocumentRoot"; sections without '<' */
    const char *file;      /* module source file: "core.c", "mod_rewrite.c", "mpm_common" */
    const char *ident;     /* "rewrite_module", NULL for mpm_common */
    int section;           /* 1 for containers such as VirtualHost; 2 when httpd takes the
                              name both as a plain directive and as a container
                              (MDomain / <MDomain>, LuaHookFixups / <LuaHookFixups>, ...);
                              0 otherwise */
} tvc_httpd_directive;

/* Directives whose file is "mpm_common" belong to whatever MPM is loaded
   (event.c, worker.c, prefork.c, ...). */

/* Case-insensitive exact lookup; NULL when not a standard httpd 2.4 directive. */
const tvc_httpd_directive *tvc_httpd_directive_find(const char *name);
/* The whole table, sorted by strcasecmp on name (a test checks the order). */
const tvc_httpd_directive *tvc_httpd_directives(size_t *n);
/* Module identifier for a module source file name and back, for the standard modules
   (e.g. "mod_ssl.c" <-> "ssl_module", "event.c" <-> "mpm_event_module", "http_core.c" <-> "http_module"),
   including mod_ssl.c/ssl_module and mod_tls.c/tls_module and mod_gnutls.c/gnutls_module. NULL if unknown.
   Matching is exact (case-sensitive), as in httpd's <IfModule>. */
const char *tvc_httpd_module_ident(const char *file);
const char *tvc_httpd_module_file(const char *ident);
#endif
