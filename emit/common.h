/* Helpers the three target files share. */
#ifndef TVC_EMIT_COMMON_H
#define TVC_EMIT_COMMON_H

#include "emit/emit.h"
#include "ir/dialect.h"

/* A path as the config wrote it (absolute from IR JSON, whose paths are). */
const char *tvc_emit_path(tvc_emit *e, const char *abs);
/* Does the vhost have certificates to write? Every vhost writes its
 * effective ones (its own, or those it inherits from the server config:
 * own.certs_inherited says how many of them), so that no module's merge
 * rule changes which certificates it serves; mod_gnutls, which takes one,
 * gets the one mod_ssl would serve (gnutls.c). */
int tvc_emit_own_certs(const tvc_emit *e, const tvc_tls *t);
/* Module-specific directives kept as written at this level (not the
 * server's lines a vhost inherits, nor its sections'): verbatim for the
 * same module, convert-lossy (or a note for the harmless ones) otherwise. */
void tvc_emit_other(tvc_emit *e, const tvc_vhost *vh, const tvc_tls *t, tvc_tvars *v);
/* Directives that change nothing a client sees when left out
 * (SSLRandomSeed, SSLPassPhraseDialog, ...): a note, not convert-lossy. */
int tvc_emit_harmless(const char *name);
/* Listeners that serve TLS, as "addr:port" or "port". */
const char *tvc_emit_listener(tvc_emit *e, const tvc_listener *l);
int tvc_emit_any_stapling(const tvc_emit *e);
/* ---- settings beyond the cipher policy -------------------------------- */

/* The spelling, in module `engine`, of the directive that sets the
 * tvc_tls field `field`, from its dialect table (ir/dialect.h). */
#define TVC_SSL_DIRECTIVE(field) TVC_DIRECTIVE(TVC_ENGINE_MODSSL, field)
#define TVC_GNUTLS_DIRECTIVE(field) TVC_DIRECTIVE(TVC_ENGINE_GNUTLS, field)
#define TVC_TLS_DIRECTIVE(field) TVC_DIRECTIVE(TVC_ENGINE_MODTLS, field)
/* ---- one-to-one fields through the target's dialect rows (rows.c) ---- */

/* The target's line for the field as `t` has it (of tvc_tls, or of
 * tvc_proxy_tls when `proxy`); NULL when unset or the target has no row. */
const char *tvc_emit_row_line(tvc_emit *e, const tvc_tls *t, size_t offset, int proxy);
/* That line added to `var`. Returns 0 when the target has no row for the
 * field, so that the caller says what is lost. */
int tvc_emit_row(tvc_emit *e, const tvc_tls *t, size_t offset, int proxy, tvc_tvars *v,
                 const char *var);
/* A value the writer decides (a default the target needs, the nearest
 * word), spelled by the target's row; 0 when it has none. */
const char *tvc_emit_row_int_line(tvc_emit *e, size_t offset, int proxy, int value);
int tvc_emit_row_int(tvc_emit *e, size_t offset, int proxy, int value, tvc_tvars *v,
                     const char *var);
int tvc_emit_row_str(tvc_emit *e, size_t offset, int proxy, const char *value, tvc_tvars *v,
                     const char *var);
/* The same by mod_md's rows (mod_tls staples through mod_md). */
int tvc_emit_md_row(tvc_emit *e, size_t offset, int value, tvc_tvars *v, const char *var);
/* A session or stapling cache in the form the target's row reads. */
int tvc_emit_cache(tvc_emit *e, size_t offset, const char *spec, tvc_tvars *v,
                   const char *var);

/* Where a vhost's own SSLStrictSNIVHostCheck stands (mod_ssl's strict
 * SNI per vhost; mod_tls has it per server only); NULL: not written there. */
const tvc_loc *tvc_emit_strict_sni_at(const tvc_tls *t);
/* The module whose language `t` was written in: ir.h's tvc_tls_source. */
tvc_engine tvc_emit_source(const tvc_tls *t);

/* A certificate's own OCSP response file (the IR JSON's ocsp_response)
 * has no directive in the httpd modules: convert-lossy when C has one. */
void tvc_emit_cert_response_lost(tvc_emit *e, const tvc_cert *c, const char *module);

/* A finding about a vhost's setting, with the vhost named. */
void tvc_emit_lossy_vh(tvc_emit *e, const tvc_vhost *vh, const tvc_loc *loc, const char *fmt,
                       ...) __attribute__((format(printf, 4, 5)));
void tvc_emit_note(tvc_emit *e, const char *id, const tvc_vhost *vh, const tvc_loc *loc,
                   const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* convert-defaults, once per source module: vhosts that leave both the
 * protocols and the ciphers at their module's default keep the target's
 * default, and the two allow different versions or suites (measured by the
 * policy engine). Called by each target's server(). */
void tvc_emit_default_policy(tvc_emit *e);
/* The same for OCSP stapling: mod_gnutls staples by default (when the
 * certificate names a responder), mod_ssl and mod_tls (mod_md) do not. */
void tvc_emit_default_stapling(tvc_emit *e);

/* Key-exchange groups `t` restricts itself to, written at this level
 * (SSLOpenSSLConfCmd Groups/Curves, or GROUP-* in GnuTLSPriorities when
 * they differ from NORMAL's), as the source module spells them; with no
 * `parent`, the effective list, whoever wrote it. Returns how many (0:
 * inherited or the module's default); *loc: where. */
size_t tvc_emit_groups(tvc_emit *e, const tvc_tls *t, const tvc_tls *parent, const char ***names,
                       const tvc_loc **loc);
/* The same translated for the target (policy/translate.h), what it
 * cannot offer reported as convert-lossy at the groups' line: the
 * target's names to write, 0 when nothing is (the target's own list where
 * `may_omit` and no level above sets another; mod_tls, which has no
 * setting). */
size_t tvc_emit_groups_for(tvc_emit *e, const tvc_vhost *vh, const tvc_tls *t,
                           const tvc_tls *parent, int may_omit, const char ***names);
/* GnuTLS's and OpenSSL's names of a group in any module's spelling
 * (SECP256R1 and P-256 for prime256v1); NULL when that library lacks it. */
const char *tvc_emit_gnutls_group(const char *name);
const char *tvc_emit_openssl_group(const char *name);

/* Proxy (backend) TLS for the target: engine, trust anchors, CRL, machine
 * certificates, protocols and suites (translated through the policy
 * engine), verification and peer-name checks; what the target cannot
 * express is convert-lossy at its directive. `parent` is the server's
 * proxy settings for a vhost (NULL at server level); lines go to `var`. */
void tvc_emit_proxy(tvc_emit *e, const tvc_vhost *vh, const tvc_tls *t, const tvc_tls *parent,
                    tvc_tvars *v, const char *var);

/* Client-certificate verification written at this level (vh NULL:
 * server config): mode, CA file and directory, depth, CRLs and revocation
 * checks. mod_tls's missing client verification itself is reported by
 * modtls.c per vhost; here, each detail the target lacks is convert-lossy
 * when verification is on, a note (it has no effect) when it is off. */
void tvc_emit_client(tvc_emit *e, const tvc_vhost *vh, const tvc_tls *t, const tvc_tls *parent,
                     tvc_tvars *v, const char *var);

/* SSLCompression, SSLInsecureRenegotiation, GnuTLSDHFile and stapling
 * details (SSLStaplingForceURL, SSLStaplingReturnResponderErrors):
 * written for the target when it has them, convert-lossy when it does not
 * and they matter (GnuTLSDHFile -> mod_ssl: lossy, with what to append
 * to the certificate file). */
void tvc_emit_details(tvc_emit *e, const tvc_vhost *vh, const tvc_tls *t, const tvc_tls *parent,
                      tvc_tvars *v, const char *var);

#endif
