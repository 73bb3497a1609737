/* Setters the dialect tables point at: generic ones (flag, string, path,
 * number, list) and the few that understand a module's own syntax. */
#ifndef TVC_DIALECT_SETTERS_H
#define TVC_DIALECT_SETTERS_H

#include <stddef.h>

#include "ir/dialect.h"

#define SETTER(n) const char *n(tvc_set_ctx *c, const tvc_node *nd, \
                                const tvc_cmd *cmd, void *field)
SETTER(tvc_set_raw);
SETTER(tvc_set_flag);
SETTER(tvc_set_int);
SETTER(tvc_set_str);
SETTER(tvc_set_joined);
SETTER(tvc_set_protocols);
SETTER(tvc_set_path);
SETTER(tvc_set_paths);
SETTER(tvc_set_secret);
SETTER(tvc_set_removed);
SETTER(tvc_set_compiled_out);
SETTER(tvc_set_engine);
SETTER(tvc_set_tls_engine);
SETTER(tvc_set_ssl_protocol);
SETTER(tvc_set_tls_protocol);
SETTER(tvc_set_ssl_ciphers);
SETTER(tvc_set_preference);
SETTER(tvc_set_client_order);
SETTER(tvc_set_cert);
SETTER(tvc_set_key);
SETTER(tvc_set_cert_pair);
SETTER(tvc_set_cert_single);
SETTER(tvc_set_key_single);
SETTER(tvc_set_verify);
SETTER(tvc_set_verify_mode);
SETTER(tvc_set_stapling);
SETTER(tvc_set_strict_sni);
SETTER(tvc_set_conf_cmd);
/* ir/setters_args.c: the modules' own argument checks */
SETTER(tvc_set_raw_flag);
SETTER(tvc_set_raw_count);
SETTER(tvc_set_raw_file);
SETTER(tvc_set_raw_dir);
SETTER(tvc_set_crl_check);
SETTER(tvc_set_ocsp_enable);
SETTER(tvc_set_options);
SETTER(tvc_set_export_size);
SETTER(tvc_set_passphrase_dialog);
SETTER(tvc_set_random_seed);
SETTER(tvc_set_cache_spec);
SETTER(tvc_set_compression);
SETTER(tvc_set_conf_cmd_checked);
SETTER(tvc_set_ca_path);
SETTER(tvc_set_proxy_ca);
SETTER(tvc_set_url);
SETTER(tvc_set_crypto_device);
SETTER(tvc_set_gnutls_priorities);
#undef SETTER

#endif
