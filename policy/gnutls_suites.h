/* GnuTLS's cipher suite table (placeholder until the resolver lands). */
#ifndef TVC_GNUTLS_SUITES_H
#define TVC_GNUTLS_SUITES_H
#endif
