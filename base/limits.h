/* Every limit on hostile input, in one place. A config tool runs as root
 * and in CI on strangers' pull requests: each limit turns a pathological
 * input into a located error that names the limit and its value, within
 * seconds and bounded memory. Each value sits far above what a real
 * configuration uses (a false alarm on a real config is the worst
 * outcome), and, where httpd has a limit of its own, at or above it, so
 * that nothing httpd accepts is refused here. Messages print the name
 * below (TVC_LIMIT_NAME) so a user can find this comment. */
#ifndef TVC_LIMITS_H
#define TVC_LIMITS_H

#include <stddef.h>

#define TVC_LIMIT_NAME(l) #l

/* One configuration file, read whole. httpd has none; the largest real
 * configs (mass hosting, 100,000 vhosts in one file) are tens of MiB. */
#define TVC_MAX_FILE_SIZE ((size_t)512 << 20)

/* One logical line after joining continuations: httpd's own limit for the
 * main config (VARBUF_MAX_LEN in server/config.c, 16 MiB). */
#define TVC_MAX_LINE ((size_t)16 << 20)

/* Physical lines joined into one logical line with trailing backslashes.
 * httpd has no count of its own (only the 16 MiB above); real configs
 * join a few dozen. Bounds the per-line bookkeeping (12 bytes a line). */
#define TVC_MAX_CONTINUATIONS 65536u

/* Nested Include (and directory include) levels: httpd's
 * AP_MAX_INCLUDE_DEPTH and AP_MAX_INCLUDE_DIR_DEPTH (server/core.c,
 * server/config.c), both 128. */
#define TVC_MAX_INCLUDE_DEPTH 128u

/* Files read in one parse, all includes together. httpd has none; the
 * largest real trees (one file per vhost) hold some 10,000. A wildcard
 * that would pass it is refused before any match is read. */
#define TVC_MAX_INCLUDED_FILES 65536u

/* Sections open at once. httpd has none but its C stack; real configs
 * nest under 10 (IfModule > VirtualHost > Directory > If). */
#define TVC_MAX_NESTING 256u

/* Use inside Use inside ...: mod_macro only refuses recursion; real
 * configs nest macros two or three deep. */
#define TVC_MAX_MACRO_DEPTH 128u

/* Bytes one Use may produce, the Uses inside its body included: `Use`
 * twice per level in a chain of macros doubles the output at each level.
 * A macro for a whole vhost is a few KiB; this is 100,000 lines. Once
 * passed, no macro is expanded any more, so it costs one budget. */
#define TVC_MAX_MACRO_OUTPUT ((size_t)4 << 20)

/* Bytes that Use and ${VAR} may produce in one parse, all together: what
 * bounds memory (each byte is kept about twice: line and arguments).
 * 10,000 vhosts from a 2 KiB macro are 20 MiB. */
#define TVC_MAX_EXPANSION_TOTAL ((size_t)256 << 20)

/* One line after ${VAR} expansion: as TVC_MAX_LINE, httpd's bound for a
 * line it reads. */
#define TVC_MAX_EXPANDED_LINE TVC_MAX_LINE

/* DNS and IP names in one certificate. Public CAs issue at most a few
 * hundred (Let's Encrypt: 100); this is ten times the largest seen. */
#define TVC_MAX_CERT_SANS 4096u

/* Certificates in one PEM file (certificate, chain or CA file). Mozilla's
 * whole root store is some 150; CA bundles with intermediates under
 * 1,000. */
#define TVC_MAX_CERTS_PER_FILE 4096u

/* A cipher, priority or protocol string. Mozilla's "old" OpenSSL string
 * is under 1 KiB, the longest GnuTLS priority strings under 2 KiB;
 * OpenSSL and GnuTLS read them in linear passes, but the policy engine
 * expands each word. */
#define TVC_MAX_CIPHER_STRING ((size_t)64 << 10)

#endif
