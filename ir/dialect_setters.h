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
/* ir/setters_args.c: the modules' own argument checks */
SETTER(set_raw_flag);
SETTER(set_raw_count);
SETTER(set_raw_file);
SETTER(set_raw_dir);
SETTER(set_crl_check);
SETTER(set_ocsp_enable);
SETTER(set_options);
SETTER(set_export_size);
SETTER(set_passphrase_dialog);
SETTER(set_random_seed);
SETTER(set_cache_spec);
SETTER(set_compression);
SETTER(set_conf_cmd_checked);
SETTER(set_ca_path);
SETTER(set_proxy_ca);
SETTER(set_url);
SETTER(set_crypto_device);
SETTER(set_gnutls_priorities);
#undef SETTER

#endif
