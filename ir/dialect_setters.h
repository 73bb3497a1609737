/* Setters the dialect tables point at: generic ones (flag, string, path,
 * number, list) and the few that understand a module's own syntax. */
#ifndef TVC_DIALECT_SETTERS_H
#define TVC_DIALECT_SETTERS_H

#include <stddef.h>

#include "ir/dialect.h"

#define SETTER(n) const char *n(tvc_set_ctx *c, const tvc_node *nd, \
                                const tvc_cmd *cmd, void *field)
SETTER(set_raw);
SETTER(set_flag);
SETTER(set_int);
SETTER(set_str);
SETTER(set_joined);
SETTER(set_path);
SETTER(set_paths);
SETTER(set_secret);
SETTER(set_removed);
SETTER(set_compiled_out);
SETTER(set_engine);
SETTER(set_tls_engine);
SETTER(set_ssl_protocol);
SETTER(set_tls_protocol);
SETTER(set_ssl_ciphers);
SETTER(set_preference);
SETTER(set_client_order);
SETTER(set_cert);
SETTER(set_key);
SETTER(set_cert_pair);
SETTER(set_cert_single);
SETTER(set_key_single);
SETTER(set_verify);
SETTER(set_verify_mode);
SETTER(set_stapling);
SETTER(set_strict_sni);
SETTER(set_conf_cmd);
#undef SETTER

#endif
