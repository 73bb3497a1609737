/* What the parser, a layer below, learns from the dialect tables through
 * tvc_parse_opts.directive_module: which module's command table holds a
 * directive, as httpd's core asks the loaded modules'
 * (ap_find_command_in_modules) for <IfDirective>. */
#ifndef TVC_MODULES_H
#define TVC_MODULES_H

/* The source file ("mod_ssl.c") of the module whose dialect table has
 * `name` (any case), or NULL. */
const char *tvc_ir_module_of(const char *name);

#endif
