/* tlsvhost runtime: the vhosts of an Apache TLS setup, for any OpenSSL
 * server.
 *
 * `tlsvhostc emit --target=runtime -o vhosts.c CONFIG` writes the setup as
 * static data (a tvc_rt_config named tlsvhost_config); link it with this
 * library (pkg-config tlsvhost-runtime). The library does not define
 * tlsvhost_config, the generated vhosts.c does, so this header does not
 * declare it: the file that uses it does, as below. For the address and
 * port a server listens on, tvc_rt_new() builds one SSL_CTX per TLS vhost and
 * picks the vhost per connection the way httpd does: the SNI name against
 * ServerName and ServerAlias (exact names through a hash table, then
 * `*.domain` wildcards, then other glob aliases; the first vhost in config
 * order that matches wins), else the first vhost of the address set (its
 * default). With strict SNI an unknown name is refused with an
 * unrecognized_name alert, as mod_tls does (mod_ssl's SSLStrictSNIVHostCheck
 * refuses the request after the handshake instead); a client sending no
 * name gets the default, as the mod_tls docs describe. The chosen vhost's protocol
 * range, cipher lists, groups, client verification and OCSP staple apply
 * to the connection: they are set from the ClientHello callback, before
 * version and cipher negotiation. Each certificate staples its own OCSP
 * response file (TLS 1.2 and 1.3; a vhost with an RSA and an ECDSA
 * certificate staples the response of the one the connection uses), and
 * a file is read again when it changes, so a refreshed response needs no
 * restart.
 *
 *     extern const tvc_rt_config tlsvhost_config;
 *     char err[256];
 *     tvc_rt *rt = tvc_rt_new(&tlsvhost_config, "*", 443, err, sizeof err);
 *     SSL *ssl = SSL_new(tvc_rt_ctx(rt));   ... SSL_accept(ssl) ...
 *     printf("%s\n", tvc_rt_selected(ssl)->server_name);
 *
 * ALPN (data emitted with TVC_RT_ABI 2 or later): each vhost offers the
 * protocols of its `Protocols` line (httpd's default: http/1.1), in the
 * server's order as httpd's ProtocolsHonorOrder on does; a client that
 * offers none of them is refused with a no_application_protocol alert.
 * No HTTP/2 framing is done here: that is the server's part.
 *
 * Threads. The rules, which tests/tsan_test.sh holds under
 * ThreadSanitizer with concurrent clients and reloads:
 *   - a tvc_rt is read-only after tvc_rt_new returns: any number of
 *     threads may create, handshake and use SSL objects from it at once,
 *     call tvc_rt_selected() and tvc_rt_lookup(), all without locks (the
 *     one thing written later, a staple file's new contents, is behind a
 *     lock of its own);
 *   - an SSL object itself is used by one thread at a time (OpenSSL's
 *     rule);
 *   - a tvc_rt is reference counted: tvc_rt_new returns one reference,
 *     tvc_rt_up_ref adds one and tvc_rt_free drops one, from any thread;
 *     the last drop frees it. SSL objects made by tvc_rt_slot_ssl_new
 *     hold a reference until SSL_free. Without a slot, a caller must
 *     keep its reference until every SSL made from the tvc_rt is freed;
 *   - a tvc_rt_slot is the current tvc_rt of a server, for reloads: its
 *     functions may be called from any thread at any time; a swap or
 *     reload leaves connections in flight on the tvc_rt they started
 *     with, and that one is freed when the last of them is;
 *   - tvc_rt_new itself is safe to call in several threads at once; it
 *     reads the certificates and keys on one thread per core (each
 *     decoding in an OpenSSL library context of its own) and joins them
 *     before it returns.
 * Everything the tvc_rt holds (SSL_CTXs, certificates, keys and the
 * library contexts they were read in, name tables, staple bytes) is
 * freed with its last reference; the tvc_rt_config it reads must outlive
 * it (emitted data is static; tvc_rt_on_free tells a caller whose config
 * is not when it may free it). */
#ifndef TLSVHOST_RUNTIME_H
#define TLSVHOST_RUNTIME_H

#include <stddef.h>

#include <openssl/ssl.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The library is built with hidden symbols; these are its API. */
#if defined(TVC_RT_BUILDING) && defined(__GNUC__)
#define TVC_RT_API __attribute__((visibility("default")))
#else
#define TVC_RT_API
#endif

/* Bumped when the layout of the structures below changes; emitted data
 * carries the value it was written for and tvc_rt_new refuses others
 * than the ones it can read: TVC_RT_ABI_MIN to TVC_RT_ABI. ABI 2
 * appended cert_ocsp, n_cert_ocsp and ext to tvc_rt_config and changed
 * nothing else, so ABI 1 data (which ends before them) still loads. The
 * structures that emitted data holds in arrays (tvc_rt_cert,
 * tvc_rt_vhost, tvc_rt_site) never grow: an old vhosts.c indexes them
 * with their old size. */
#define TVC_RT_ABI 2
#define TVC_RT_ABI_MIN 1

typedef struct tvc_rt_cert {
    const char *cert;               /* PEM: the certificate, then its chain */
    const char *key;                /* PEM key; NULL: in the cert file */
    const char *const *chain;       /* extra chain files, sent after cert */
    unsigned n_chain;
} tvc_rt_cert;

enum { TVC_RT_VERIFY_NONE = 0, TVC_RT_VERIFY_OPTIONAL = 1, TVC_RT_VERIFY_REQUIRE = 2 };

typedef struct tvc_rt_vhost {
    const char *server_name;        /* NULL: none */
    const char *const *aliases;     /* ServerAlias, globs allowed */
    unsigned n_aliases;
    int tls;                        /* 0: a plain vhost; never served here */
    int proto_min, proto_max;       /* wire codes (0x0303 TLS 1.2); 0 default */
    const char *cipher_list;        /* OpenSSL names, TLS <= 1.2; NULL default */
    const char *ciphersuites;       /* TLS 1.3; NULL default; "" none */
    const char *groups;             /* "X25519:P-256"; NULL default */
    int server_preference;          /* 1 server order, 0 client's, -1 default */
    const tvc_rt_cert *certs;       /* several: one per key type */
    unsigned n_certs;
    int verify_mode;                /* TVC_RT_VERIFY_* */
    const char *verify_ca_file;     /* NULL: none */
    int verify_depth;               /* -1: OpenSSL's default */
    const char *ocsp_response;      /* DER OCSP response file, stapled with
                                       whichever certificate it is about
                                       (see also cert_ocsp); NULL */
    int session_tickets;            /* 1 on, 0 off, -1 default */
    const char *source_file;        /* where the vhost was written */
    unsigned source_line;
} tvc_rt_vhost;

/* An address set: the vhosts one connection to addr:port can reach, in
 * config order (the first is the default). */
typedef struct tvc_rt_site {
    const char *addr;               /* "*" or an address as written */
    int port;                       /* 0: any port */
    int strict_sni;
    const unsigned *vhosts;         /* indices into tvc_rt_config.vhosts */
    unsigned n_vhosts;
} tvc_rt_site;

/* The OCSP response file of one certificate (ABI 2): stapled when the
 * connection uses that certificate, so each of a vhost's certificates
 * (RSA and ECDSA) staples its own. */
typedef struct tvc_rt_cert_ocsp {
    unsigned vhost;                 /* index into tvc_rt_config.vhosts */
    unsigned cert;                  /* index into that vhost's certs */
    const char *file;               /* DER OCSP response */
} tvc_rt_cert_ocsp;
/* What ABI 2 added per vhost. A separate array rather than new fields
 * of tvc_rt_vhost, whose size ABI 1 data fixed. */
typedef struct tvc_rt_vhost_ext {
    const char *const *protocols;   /* Protocols (ALPN ids), server order */
    unsigned n_protocols;           /* 0: httpd's default, http/1.1 */
} tvc_rt_vhost_ext;

typedef struct tvc_rt_config {
    int abi;                        /* TVC_RT_ABI of the writer */
    const char *source;             /* the config it was emitted from */
    const tvc_rt_vhost *vhosts;
    unsigned n_vhosts;
    const tvc_rt_site *sites;
    unsigned n_sites;
    /* ABI 2; read only when abi >= 2 */
    const tvc_rt_cert_ocsp *cert_ocsp; /* sorted by vhost, then cert */
    unsigned n_cert_ocsp;
    /* one per vhost, same order; NULL: every vhost at the defaults */
    const tvc_rt_vhost_ext *ext;
} tvc_rt_config;

typedef struct tvc_rt tvc_rt;

/* The site for addr:port: an exact address match first, then the "*"
 * (or _default_) site of the port, then a site with any port. NULL when
 * none serves it. */
TVC_RT_API const tvc_rt_site *tvc_rt_site_find(const tvc_rt_config *cfg, const char *addr, int port);

/* Loads every certificate and key of the site answering addr:port and
 * builds its SSL_CTXs. NULL on failure, with the reason (file, vhost) in
 * err: a server should refuse to start, as httpd does. */
TVC_RT_API tvc_rt *tvc_rt_new(const tvc_rt_config *cfg, const char *addr, int port,
                   char *err, size_t errlen);
/* The same for a site chosen by the caller (from tvc_rt_site_find or
 * cfg->sites). */
TVC_RT_API tvc_rt *tvc_rt_new_site(const tvc_rt_config *cfg, const tvc_rt_site *site,
                        char *err, size_t errlen);

/* The context to create connections from: the default vhost's. */
TVC_RT_API SSL_CTX *tvc_rt_ctx(const tvc_rt *rt);

/* The vhost that serves `ssl` (after the ClientHello); NULL before. */
TVC_RT_API const tvc_rt_vhost *tvc_rt_selected(const SSL *ssl);

/* The vhost httpd would give a request with this Host header (name
 * without port) on the site, by the same rules as SNI; NULL when the
 * name matches none. Lets a server answer 421 when Host and SNI disagree. */
TVC_RT_API const tvc_rt_vhost *tvc_rt_lookup(const tvc_rt *rt, const char *name);

/* Drops a reference; the last one frees the runtime. */
TVC_RT_API void tvc_rt_free(tvc_rt *rt);

/* Adds a reference; returns rt. */
TVC_RT_API tvc_rt *tvc_rt_up_ref(tvc_rt *rt);

/* fn(arg) runs once, after the runtime is freed: the time to free a
 * tvc_rt_config that is not static (one built at run time, as `tlsvhostc
 * serve` does on each reload). One callback per runtime; a second call
 * replaces the first. */
TVC_RT_API void tvc_rt_on_free(tvc_rt *rt, void (*fn)(void *arg), void *arg);

/* ---- reloading: the current runtime of a server ---------------------
 *
 *     tvc_rt_slot *slot = tvc_rt_slot_new(rt);          at start
 *     SSL *ssl = tvc_rt_slot_ssl_new(slot);             per connection
 *     ... SSL_accept, serve, SSL_free(ssl) ...
 *     tvc_rt_slot_reload(slot, &new_config, "*", 443, err, sizeof err);
 *                                                       on SIGHUP
 */
typedef struct tvc_rt_slot tvc_rt_slot;

/* A slot holding rt (it takes the caller's reference). NULL: no memory. */
TVC_RT_API tvc_rt_slot *tvc_rt_slot_new(tvc_rt *rt);
/* The current runtime with a reference for the caller (tvc_rt_free it). */
TVC_RT_API tvc_rt *tvc_rt_slot_get(tvc_rt_slot *slot);
/* A connection of the current runtime: SSL_new(tvc_rt_ctx(rt)) that holds
 * a reference to rt until SSL_free. NULL on failure. */
TVC_RT_API SSL *tvc_rt_slot_ssl_new(tvc_rt_slot *slot);
/* Makes rt (the caller's reference) current; the old one is freed when
 * the last connection that uses it is. */
TVC_RT_API void tvc_rt_slot_swap(tvc_rt_slot *slot, tvc_rt *rt);
/* Builds the runtime of cfg's site for addr:port beside the current one
 * and swaps it in: 0. On failure the current one stays, -1 with the
 * reason in err. */
TVC_RT_API int tvc_rt_slot_reload(tvc_rt_slot *slot, const tvc_rt_config *cfg,
                                  const char *addr, int port, char *err, size_t errlen);
/* Drops the slot's reference to its runtime. */
TVC_RT_API void tvc_rt_slot_free(tvc_rt_slot *slot);

/* How many times the slot's runtime was replaced (0 at start). */
TVC_RT_API unsigned long tvc_rt_slot_generation(tvc_rt_slot *slot);

/* "tlsvhost-runtime 0.1.0" */
TVC_RT_API const char *tvc_rt_version(void);

#ifdef __cplusplus
}
#endif

#endif
