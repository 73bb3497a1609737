/* What the parser, a layer below, learns from the dialect tables through
 * tvc_parse_opts: which module's command table holds a directive, as
 * httpd's core asks the loaded modules' (ap_find_command_in_modules) for
 * <IfDirective>; the source file of a TLS module LoadModule names; which
 * names are a TLS module's. */
#ifndef TVC_MODULES_H
#define TVC_MODULES_H

/* The source file ("mod_ssl.c") of the module whose dialect table has
 * `name` (any case), or NULL. */
const char *tvc_ir_module_of(const char *name);
/* The source file of the module with identifier `ident` ("ssl_module"),
 * when a dialect table describes it; NULL otherwise. */
const char *tvc_ir_module_file(const char *ident);
/* Does `text` start with a TLS module's prefix (a typo of one of its
 * directives is still its business)? mod_md's is not one. */
int tvc_ir_tls_name(const char *text);
/* The three hooks in `opts`. */
struct tvc_parse_opts;
void tvc_ir_parse_hooks(struct tvc_parse_opts *opts);

#endif
