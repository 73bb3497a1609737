/* GnuTLS 3.7.9's cipher suite table, in the library's order (the order
 * matters: GnuTLS takes the first entry matching a kx/cipher/MAC triple).
 *
 * Generated once, on Debian 12 with libgnutls30 3.7.9-2+deb12u6, by a
 * throwaway C program (not kept) that called gnutls_cipher_suite_info() for
 * every index from 0 until it returned NULL and printed one row per suite:
 * the IANA code point, GnuTLS's name, kx, cipher, MAC and minimum version
 * exactly as returned. Two columns that function does not return were
 * filled as follows:
 *  - max_version: TLS 1.3 for the TLS 1.3 suites, TLS 1.2 for all others
 *    (GnuTLS's table does the same);
 *  - min_dtls: found by asking the library, for each suite and each of
 *    DTLS0.9, DTLS1.0 and DTLS1.2 in turn, whether
 *    "NONE:+VERS-<dtls>:+<kx>:+<cipher>:+<mac>:+SIGN-ALL:+GROUP-ALL" makes
 *    gnutls_priority_get_cipher_suite_index() accept that suite; 0 when
 *    none does (RC4, GOST and the TLS 1.3 suites are never used over DTLS).
 * Do not edit by hand; regenerate the same way for another GnuTLS. */
#include "config.h"

#include "policy/gnutls_suites.h"

const tvc_gnutls_suite tvc_gnutls_suites[] = {
    /* code    GnuTLS name                              kx  cip mac min max dtls */
    {0x1301, "TLS_AES_128_GCM_SHA256",                   0, 10, 200, 5, 5,   0}, /* - AES-128-GCM AEAD */
    {0x1302, "TLS_AES_256_GCM_SHA384",                   0, 11, 200, 5, 5,   0}, /* - AES-256-GCM AEAD */
    {0x1303, "TLS_CHACHA20_POLY1305_SHA256",             0, 23, 200, 5, 5,   0}, /* - CHACHA20-POLY1305 AEAD */
    {0x1304, "TLS_AES_128_CCM_SHA256",                   0, 19, 200, 5, 5,   0}, /* - AES-128-CCM AEAD */
    {0x1305, "TLS_AES_128_CCM_8_SHA256",                 0, 21, 200, 5, 5,   0}, /* - AES-128-CCM-8 AEAD */
    {0x0001, "TLS_RSA_NULL_MD5",                         1,  1,   2, 2, 4, 200}, /* RSA NULL MD5 */
    {0x0002, "TLS_RSA_NULL_SHA1",                        1,  1,   3, 2, 4, 200}, /* RSA NULL SHA1 */
    {0x003B, "TLS_RSA_NULL_SHA256",                      1,  1,   6, 4, 4, 202}, /* RSA NULL SHA256 */
    {0x0005, "TLS_RSA_ARCFOUR_128_SHA1",                 1,  2,   3, 2, 4,   0}, /* RSA ARCFOUR-128 SHA1 */
    {0x0004, "TLS_RSA_ARCFOUR_128_MD5",                  1,  2,   2, 2, 4,   0}, /* RSA ARCFOUR-128 MD5 */
    {0x000A, "TLS_RSA_3DES_EDE_CBC_SHA1",                1,  3,   3, 2, 4, 200}, /* RSA 3DES-CBC SHA1 */
    {0x002F, "TLS_RSA_AES_128_CBC_SHA1",                 1,  4,   3, 2, 4, 200}, /* RSA AES-128-CBC SHA1 */
    {0x0035, "TLS_RSA_AES_256_CBC_SHA1",                 1,  5,   3, 2, 4, 200}, /* RSA AES-256-CBC SHA1 */
    {0x00BA, "TLS_RSA_CAMELLIA_128_CBC_SHA256",          1,  7,   6, 4, 4, 202}, /* RSA CAMELLIA-128-CBC SHA256 */
    {0x00C0, "TLS_RSA_CAMELLIA_256_CBC_SHA256",          1,  8,   6, 4, 4, 202}, /* RSA CAMELLIA-256-CBC SHA256 */
    {0x0041, "TLS_RSA_CAMELLIA_128_CBC_SHA1",            1,  7,   3, 2, 4, 200}, /* RSA CAMELLIA-128-CBC SHA1 */
    {0x0084, "TLS_RSA_CAMELLIA_256_CBC_SHA1",            1,  8,   3, 2, 4, 200}, /* RSA CAMELLIA-256-CBC SHA1 */
    {0x003C, "TLS_RSA_AES_128_CBC_SHA256",               1,  4,   6, 4, 4, 202}, /* RSA AES-128-CBC SHA256 */
    {0x003D, "TLS_RSA_AES_256_CBC_SHA256",               1,  5,   6, 4, 4, 202}, /* RSA AES-256-CBC SHA256 */
    {0x009C, "TLS_RSA_AES_128_GCM_SHA256",               1, 10, 200, 4, 4, 202}, /* RSA AES-128-GCM AEAD */
    {0x009D, "TLS_RSA_AES_256_GCM_SHA384",               1, 11, 200, 4, 4, 202}, /* RSA AES-256-GCM AEAD */
    {0xC07A, "TLS_RSA_CAMELLIA_128_GCM_SHA256",          1, 15, 200, 4, 4, 202}, /* RSA CAMELLIA-128-GCM AEAD */
    {0xC07B, "TLS_RSA_CAMELLIA_256_GCM_SHA384",          1, 16, 200, 4, 4, 202}, /* RSA CAMELLIA-256-GCM AEAD */
    {0xC09C, "TLS_RSA_AES_128_CCM",                      1, 19, 200, 4, 4, 202}, /* RSA AES-128-CCM AEAD */
    {0xC09D, "TLS_RSA_AES_256_CCM",                      1, 20, 200, 4, 4, 202}, /* RSA AES-256-CCM AEAD */
    {0xC0A0, "TLS_RSA_AES_128_CCM_8",                    1, 21, 200, 4, 4, 202}, /* RSA AES-128-CCM-8 AEAD */
    {0xC0A1, "TLS_RSA_AES_256_CCM_8",                    1, 22, 200, 4, 4, 202}, /* RSA AES-256-CCM-8 AEAD */
    {0x0066, "TLS_DHE_DSS_ARCFOUR_128_SHA1",             2,  2,   3, 2, 4,   0}, /* DHE-DSS ARCFOUR-128 SHA1 */
    {0x0013, "TLS_DHE_DSS_3DES_EDE_CBC_SHA1",            2,  3,   3, 2, 4, 200}, /* DHE-DSS 3DES-CBC SHA1 */
    {0x0032, "TLS_DHE_DSS_AES_128_CBC_SHA1",             2,  4,   3, 2, 4, 200}, /* DHE-DSS AES-128-CBC SHA1 */
    {0x0038, "TLS_DHE_DSS_AES_256_CBC_SHA1",             2,  5,   3, 2, 4, 200}, /* DHE-DSS AES-256-CBC SHA1 */
    {0x00BD, "TLS_DHE_DSS_CAMELLIA_128_CBC_SHA256",      2,  7,   6, 4, 4, 202}, /* DHE-DSS CAMELLIA-128-CBC SHA256 */
    {0x00C3, "TLS_DHE_DSS_CAMELLIA_256_CBC_SHA256",      2,  8,   6, 4, 4, 202}, /* DHE-DSS CAMELLIA-256-CBC SHA256 */
    {0x0044, "TLS_DHE_DSS_CAMELLIA_128_CBC_SHA1",        2,  7,   3, 2, 4, 200}, /* DHE-DSS CAMELLIA-128-CBC SHA1 */
    {0x0087, "TLS_DHE_DSS_CAMELLIA_256_CBC_SHA1",        2,  8,   3, 2, 4, 200}, /* DHE-DSS CAMELLIA-256-CBC SHA1 */
    {0x0040, "TLS_DHE_DSS_AES_128_CBC_SHA256",           2,  4,   6, 4, 4, 202}, /* DHE-DSS AES-128-CBC SHA256 */
    {0x006A, "TLS_DHE_DSS_AES_256_CBC_SHA256",           2,  5,   6, 4, 4, 202}, /* DHE-DSS AES-256-CBC SHA256 */
    {0x00A2, "TLS_DHE_DSS_AES_128_GCM_SHA256",           2, 10, 200, 4, 4, 202}, /* DHE-DSS AES-128-GCM AEAD */
    {0x00A3, "TLS_DHE_DSS_AES_256_GCM_SHA384",           2, 11, 200, 4, 4, 202}, /* DHE-DSS AES-256-GCM AEAD */
    {0xC080, "TLS_DHE_DSS_CAMELLIA_128_GCM_SHA256",      2, 15, 200, 4, 4, 202}, /* DHE-DSS CAMELLIA-128-GCM AEAD */
    {0xC081, "TLS_DHE_DSS_CAMELLIA_256_GCM_SHA384",      2, 16, 200, 4, 4, 202}, /* DHE-DSS CAMELLIA-256-GCM AEAD */
    {0x0016, "TLS_DHE_RSA_3DES_EDE_CBC_SHA1",            3,  3,   3, 2, 4, 200}, /* DHE-RSA 3DES-CBC SHA1 */
    {0x0033, "TLS_DHE_RSA_AES_128_CBC_SHA1",             3,  4,   3, 2, 4, 200}, /* DHE-RSA AES-128-CBC SHA1 */
    {0x0039, "TLS_DHE_RSA_AES_256_CBC_SHA1",             3,  5,   3, 2, 4, 200}, /* DHE-RSA AES-256-CBC SHA1 */
    {0x00BE, "TLS_DHE_RSA_CAMELLIA_128_CBC_SHA256",      3,  7,   6, 4, 4, 202}, /* DHE-RSA CAMELLIA-128-CBC SHA256 */
    {0x00C4, "TLS_DHE_RSA_CAMELLIA_256_CBC_SHA256",      3,  8,   6, 4, 4, 202}, /* DHE-RSA CAMELLIA-256-CBC SHA256 */
    {0x0045, "TLS_DHE_RSA_CAMELLIA_128_CBC_SHA1",        3,  7,   3, 2, 4, 200}, /* DHE-RSA CAMELLIA-128-CBC SHA1 */
    {0x0088, "TLS_DHE_RSA_CAMELLIA_256_CBC_SHA1",        3,  8,   3, 2, 4, 200}, /* DHE-RSA CAMELLIA-256-CBC SHA1 */
    {0x0067, "TLS_DHE_RSA_AES_128_CBC_SHA256",           3,  4,   6, 4, 4, 202}, /* DHE-RSA AES-128-CBC SHA256 */
    {0x006B, "TLS_DHE_RSA_AES_256_CBC_SHA256",           3,  5,   6, 4, 4, 202}, /* DHE-RSA AES-256-CBC SHA256 */
    {0x009E, "TLS_DHE_RSA_AES_128_GCM_SHA256",           3, 10, 200, 4, 4, 202}, /* DHE-RSA AES-128-GCM AEAD */
    {0x009F, "TLS_DHE_RSA_AES_256_GCM_SHA384",           3, 11, 200, 4, 4, 202}, /* DHE-RSA AES-256-GCM AEAD */
    {0xC07C, "TLS_DHE_RSA_CAMELLIA_128_GCM_SHA256",      3, 15, 200, 4, 4, 202}, /* DHE-RSA CAMELLIA-128-GCM AEAD */
    {0xC07D, "TLS_DHE_RSA_CAMELLIA_256_GCM_SHA384",      3, 16, 200, 4, 4, 202}, /* DHE-RSA CAMELLIA-256-GCM AEAD */
    {0xCCAA, "TLS_DHE_RSA_CHACHA20_POLY1305",            3, 23, 200, 4, 4, 202}, /* DHE-RSA CHACHA20-POLY1305 AEAD */
    {0xC09E, "TLS_DHE_RSA_AES_128_CCM",                  3, 19, 200, 4, 4, 202}, /* DHE-RSA AES-128-CCM AEAD */
    {0xC09F, "TLS_DHE_RSA_AES_256_CCM",                  3, 20, 200, 4, 4, 202}, /* DHE-RSA AES-256-CCM AEAD */
    {0xC0A2, "TLS_DHE_RSA_AES_128_CCM_8",                3, 21, 200, 4, 4, 202}, /* DHE-RSA AES-128-CCM-8 AEAD */
    {0xC0A3, "TLS_DHE_RSA_AES_256_CCM_8",                3, 22, 200, 4, 4, 202}, /* DHE-RSA AES-256-CCM-8 AEAD */
    {0xC010, "TLS_ECDHE_RSA_NULL_SHA1",                 12,  1,   3, 2, 4, 200}, /* ECDHE-RSA NULL SHA1 */
    {0xC012, "TLS_ECDHE_RSA_3DES_EDE_CBC_SHA1",         12,  3,   3, 2, 4, 200}, /* ECDHE-RSA 3DES-CBC SHA1 */
    {0xC013, "TLS_ECDHE_RSA_AES_128_CBC_SHA1",          12,  4,   3, 2, 4, 200}, /* ECDHE-RSA AES-128-CBC SHA1 */
    {0xC014, "TLS_ECDHE_RSA_AES_256_CBC_SHA1",          12,  5,   3, 2, 4, 200}, /* ECDHE-RSA AES-256-CBC SHA1 */
    {0xC028, "TLS_ECDHE_RSA_AES_256_CBC_SHA384",        12,  5,   7, 4, 4, 202}, /* ECDHE-RSA AES-256-CBC SHA384 */
    {0xC011, "TLS_ECDHE_RSA_ARCFOUR_128_SHA1",          12,  2,   3, 2, 4,   0}, /* ECDHE-RSA ARCFOUR-128 SHA1 */
    {0xC076, "TLS_ECDHE_RSA_CAMELLIA_128_CBC_SHA256",   12,  7,   6, 4, 4, 202}, /* ECDHE-RSA CAMELLIA-128-CBC SHA256 */
    {0xC077, "TLS_ECDHE_RSA_CAMELLIA_256_CBC_SHA384",   12,  8,   7, 4, 4, 202}, /* ECDHE-RSA CAMELLIA-256-CBC SHA384 */
    {0xC006, "TLS_ECDHE_ECDSA_NULL_SHA1",               13,  1,   3, 2, 4, 200}, /* ECDHE-ECDSA NULL SHA1 */
    {0xC008, "TLS_ECDHE_ECDSA_3DES_EDE_CBC_SHA1",       13,  3,   3, 2, 4, 200}, /* ECDHE-ECDSA 3DES-CBC SHA1 */
    {0xC009, "TLS_ECDHE_ECDSA_AES_128_CBC_SHA1",        13,  4,   3, 2, 4, 200}, /* ECDHE-ECDSA AES-128-CBC SHA1 */
    {0xC00A, "TLS_ECDHE_ECDSA_AES_256_CBC_SHA1",        13,  5,   3, 2, 4, 200}, /* ECDHE-ECDSA AES-256-CBC SHA1 */
    {0xC007, "TLS_ECDHE_ECDSA_ARCFOUR_128_SHA1",        13,  2,   3, 2, 4,   0}, /* ECDHE-ECDSA ARCFOUR-128 SHA1 */
    {0xC072, "TLS_ECDHE_ECDSA_CAMELLIA_128_CBC_SHA256", 13,  7,   6, 4, 4, 202}, /* ECDHE-ECDSA CAMELLIA-128-CBC SHA256 */
    {0xC073, "TLS_ECDHE_ECDSA_CAMELLIA_256_CBC_SHA384", 13,  8,   7, 4, 4, 202}, /* ECDHE-ECDSA CAMELLIA-256-CBC SHA384 */
    {0xC023, "TLS_ECDHE_ECDSA_AES_128_CBC_SHA256",      13,  4,   6, 4, 4, 202}, /* ECDHE-ECDSA AES-128-CBC SHA256 */
    {0xC027, "TLS_ECDHE_RSA_AES_128_CBC_SHA256",        12,  4,   6, 4, 4, 202}, /* ECDHE-RSA AES-128-CBC SHA256 */
    {0xC086, "TLS_ECDHE_ECDSA_CAMELLIA_128_GCM_SHA256", 13, 15, 200, 4, 4, 202}, /* ECDHE-ECDSA CAMELLIA-128-GCM AEAD */
    {0xC087, "TLS_ECDHE_ECDSA_CAMELLIA_256_GCM_SHA384", 13, 16, 200, 4, 4, 202}, /* ECDHE-ECDSA CAMELLIA-256-GCM AEAD */
    {0xC02B, "TLS_ECDHE_ECDSA_AES_128_GCM_SHA256",      13, 10, 200, 4, 4, 202}, /* ECDHE-ECDSA AES-128-GCM AEAD */
    {0xC02C, "TLS_ECDHE_ECDSA_AES_256_GCM_SHA384",      13, 11, 200, 4, 4, 202}, /* ECDHE-ECDSA AES-256-GCM AEAD */
    {0xC02F, "TLS_ECDHE_RSA_AES_128_GCM_SHA256",        12, 10, 200, 4, 4, 202}, /* ECDHE-RSA AES-128-GCM AEAD */
    {0xC030, "TLS_ECDHE_RSA_AES_256_GCM_SHA384",        12, 11, 200, 4, 4, 202}, /* ECDHE-RSA AES-256-GCM AEAD */
    {0xC024, "TLS_ECDHE_ECDSA_AES_256_CBC_SHA384",      13,  5,   7, 4, 4, 202}, /* ECDHE-ECDSA AES-256-CBC SHA384 */
    {0xC08A, "TLS_ECDHE_RSA_CAMELLIA_128_GCM_SHA256",   12, 15, 200, 4, 4, 202}, /* ECDHE-RSA CAMELLIA-128-GCM AEAD */
    {0xC08B, "TLS_ECDHE_RSA_CAMELLIA_256_GCM_SHA384",   12, 16, 200, 4, 4, 202}, /* ECDHE-RSA CAMELLIA-256-GCM AEAD */
    {0xCCA8, "TLS_ECDHE_RSA_CHACHA20_POLY1305",         12, 23, 200, 4, 4, 202}, /* ECDHE-RSA CHACHA20-POLY1305 AEAD */
    {0xCCA9, "TLS_ECDHE_ECDSA_CHACHA20_POLY1305",       13, 23, 200, 4, 4, 202}, /* ECDHE-ECDSA CHACHA20-POLY1305 AEAD */
    {0xC0AC, "TLS_ECDHE_ECDSA_AES_128_CCM",             13, 19, 200, 4, 4, 202}, /* ECDHE-ECDSA AES-128-CCM AEAD */
    {0xC0AD, "TLS_ECDHE_ECDSA_AES_256_CCM",             13, 20, 200, 4, 4, 202}, /* ECDHE-ECDSA AES-256-CCM AEAD */
    {0xC0AE, "TLS_ECDHE_ECDSA_AES_128_CCM_8",           13, 21, 200, 4, 4, 202}, /* ECDHE-ECDSA AES-128-CCM-8 AEAD */
    {0xC0AF, "TLS_ECDHE_ECDSA_AES_256_CCM_8",           13, 22, 200, 4, 4, 202}, /* ECDHE-ECDSA AES-256-CCM-8 AEAD */
    {0xC034, "TLS_ECDHE_PSK_3DES_EDE_CBC_SHA1",         14,  3,   3, 2, 4, 200}, /* ECDHE-PSK 3DES-CBC SHA1 */
    {0xC035, "TLS_ECDHE_PSK_AES_128_CBC_SHA1",          14,  4,   3, 2, 4, 200}, /* ECDHE-PSK AES-128-CBC SHA1 */
    {0xC036, "TLS_ECDHE_PSK_AES_256_CBC_SHA1",          14,  5,   3, 2, 4, 200}, /* ECDHE-PSK AES-256-CBC SHA1 */
    {0xC037, "TLS_ECDHE_PSK_AES_128_CBC_SHA256",        14,  4,   6, 4, 4, 202}, /* ECDHE-PSK AES-128-CBC SHA256 */
    {0xC038, "TLS_ECDHE_PSK_AES_256_CBC_SHA384",        14,  5,   7, 4, 4, 202}, /* ECDHE-PSK AES-256-CBC SHA384 */
    {0xC033, "TLS_ECDHE_PSK_ARCFOUR_128_SHA1",          14,  2,   3, 2, 4,   0}, /* ECDHE-PSK ARCFOUR-128 SHA1 */
    {0xC039, "TLS_ECDHE_PSK_NULL_SHA1",                 14,  1,   3, 2, 4, 200}, /* ECDHE-PSK NULL SHA1 */
    {0xC03A, "TLS_ECDHE_PSK_NULL_SHA256",               14,  1,   6, 4, 4, 202}, /* ECDHE-PSK NULL SHA256 */
    {0xC03B, "TLS_ECDHE_PSK_NULL_SHA384",               14,  1,   7, 2, 4, 202}, /* ECDHE-PSK NULL SHA384 */
    {0xC09A, "TLS_ECDHE_PSK_CAMELLIA_128_CBC_SHA256",   14,  7,   6, 4, 4, 202}, /* ECDHE-PSK CAMELLIA-128-CBC SHA256 */
    {0xC09B, "TLS_ECDHE_PSK_CAMELLIA_256_CBC_SHA384",   14,  8,   7, 4, 4, 202}, /* ECDHE-PSK CAMELLIA-256-CBC SHA384 */
    {0x008A, "TLS_PSK_ARCFOUR_128_SHA1",                 9,  2,   3, 2, 4,   0}, /* PSK ARCFOUR-128 SHA1 */
    {0x008B, "TLS_PSK_3DES_EDE_CBC_SHA1",                9,  3,   3, 2, 4, 200}, /* PSK 3DES-CBC SHA1 */
    {0x008C, "TLS_PSK_AES_128_CBC_SHA1",                 9,  4,   3, 2, 4, 200}, /* PSK AES-128-CBC SHA1 */
    {0x008D, "TLS_PSK_AES_256_CBC_SHA1",                 9,  5,   3, 2, 4, 200}, /* PSK AES-256-CBC SHA1 */
    {0x00AE, "TLS_PSK_AES_128_CBC_SHA256",               9,  4,   6, 4, 4, 202}, /* PSK AES-128-CBC SHA256 */
    {0x00A9, "TLS_PSK_AES_256_GCM_SHA384",               9, 11, 200, 4, 4, 202}, /* PSK AES-256-GCM AEAD */
    {0xC08E, "TLS_PSK_CAMELLIA_128_GCM_SHA256",          9, 15, 200, 4, 4, 202}, /* PSK CAMELLIA-128-GCM AEAD */
    {0xC08F, "TLS_PSK_CAMELLIA_256_GCM_SHA384",          9, 16, 200, 4, 4, 202}, /* PSK CAMELLIA-256-GCM AEAD */
    {0x00A8, "TLS_PSK_AES_128_GCM_SHA256",               9, 10, 200, 4, 4, 202}, /* PSK AES-128-GCM AEAD */
    {0x002C, "TLS_PSK_NULL_SHA1",                        9,  1,   3, 2, 4, 200}, /* PSK NULL SHA1 */
    {0x00B0, "TLS_PSK_NULL_SHA256",                      9,  1,   6, 4, 4, 202}, /* PSK NULL SHA256 */
    {0xC094, "TLS_PSK_CAMELLIA_128_CBC_SHA256",          9,  7,   6, 4, 4, 202}, /* PSK CAMELLIA-128-CBC SHA256 */
    {0xC095, "TLS_PSK_CAMELLIA_256_CBC_SHA384",          9,  8,   7, 4, 4, 202}, /* PSK CAMELLIA-256-CBC SHA384 */
    {0x00AF, "TLS_PSK_AES_256_CBC_SHA384",               9,  5,   7, 4, 4, 202}, /* PSK AES-256-CBC SHA384 */
    {0x00B1, "TLS_PSK_NULL_SHA384",                      9,  1,   7, 4, 4, 202}, /* PSK NULL SHA384 */
    {0x0092, "TLS_RSA_PSK_ARCFOUR_128_SHA1",            15,  2,   3, 2, 4,   0}, /* RSA-PSK ARCFOUR-128 SHA1 */
    {0x0093, "TLS_RSA_PSK_3DES_EDE_CBC_SHA1",           15,  3,   3, 2, 4, 200}, /* RSA-PSK 3DES-CBC SHA1 */
    {0x0094, "TLS_RSA_PSK_AES_128_CBC_SHA1",            15,  4,   3, 2, 4, 200}, /* RSA-PSK AES-128-CBC SHA1 */
    {0x0095, "TLS_RSA_PSK_AES_256_CBC_SHA1",            15,  5,   3, 2, 4, 200}, /* RSA-PSK AES-256-CBC SHA1 */
    {0xC092, "TLS_RSA_PSK_CAMELLIA_128_GCM_SHA256",     15, 15, 200, 4, 4, 202}, /* RSA-PSK CAMELLIA-128-GCM AEAD */
    {0xC093, "TLS_RSA_PSK_CAMELLIA_256_GCM_SHA384",     15, 16, 200, 4, 4, 202}, /* RSA-PSK CAMELLIA-256-GCM AEAD */
    {0x00AC, "TLS_RSA_PSK_AES_128_GCM_SHA256",          15, 10, 200, 4, 4, 202}, /* RSA-PSK AES-128-GCM AEAD */
    {0x00B6, "TLS_RSA_PSK_AES_128_CBC_SHA256",          15,  4,   6, 4, 4, 202}, /* RSA-PSK AES-128-CBC SHA256 */
    {0x002E, "TLS_RSA_PSK_NULL_SHA1",                   15,  1,   3, 2, 4, 200}, /* RSA-PSK NULL SHA1 */
    {0x00B8, "TLS_RSA_PSK_NULL_SHA256",                 15,  1,   6, 4, 4, 202}, /* RSA-PSK NULL SHA256 */
    {0x00AD, "TLS_RSA_PSK_AES_256_GCM_SHA384",          15, 11, 200, 4, 4, 202}, /* RSA-PSK AES-256-GCM AEAD */
    {0x00B7, "TLS_RSA_PSK_AES_256_CBC_SHA384",          15,  5,   7, 4, 4, 202}, /* RSA-PSK AES-256-CBC SHA384 */
    {0x00B9, "TLS_RSA_PSK_NULL_SHA384",                 15,  1,   7, 4, 4, 202}, /* RSA-PSK NULL SHA384 */
    {0xC098, "TLS_RSA_PSK_CAMELLIA_128_CBC_SHA256",     15,  7,   6, 4, 4, 202}, /* RSA-PSK CAMELLIA-128-CBC SHA256 */
    {0xC099, "TLS_RSA_PSK_CAMELLIA_256_CBC_SHA384",     15,  8,   7, 4, 4, 202}, /* RSA-PSK CAMELLIA-256-CBC SHA384 */
    {0x008E, "TLS_DHE_PSK_ARCFOUR_128_SHA1",            10,  2,   3, 2, 4,   0}, /* DHE-PSK ARCFOUR-128 SHA1 */
    {0x008F, "TLS_DHE_PSK_3DES_EDE_CBC_SHA1",           10,  3,   3, 2, 4, 200}, /* DHE-PSK 3DES-CBC SHA1 */
    {0x0090, "TLS_DHE_PSK_AES_128_CBC_SHA1",            10,  4,   3, 2, 4, 200}, /* DHE-PSK AES-128-CBC SHA1 */
    {0x0091, "TLS_DHE_PSK_AES_256_CBC_SHA1",            10,  5,   3, 2, 4, 200}, /* DHE-PSK AES-256-CBC SHA1 */
    {0x00B2, "TLS_DHE_PSK_AES_128_CBC_SHA256",          10,  4,   6, 4, 4, 202}, /* DHE-PSK AES-128-CBC SHA256 */
    {0x00AA, "TLS_DHE_PSK_AES_128_GCM_SHA256",          10, 10, 200, 4, 4, 202}, /* DHE-PSK AES-128-GCM AEAD */
    {0x002D, "TLS_DHE_PSK_NULL_SHA1",                   10,  1,   3, 2, 4, 200}, /* DHE-PSK NULL SHA1 */
    {0x00B4, "TLS_DHE_PSK_NULL_SHA256",                 10,  1,   6, 4, 4, 202}, /* DHE-PSK NULL SHA256 */
    {0x00B5, "TLS_DHE_PSK_NULL_SHA384",                 10,  1,   7, 4, 4, 202}, /* DHE-PSK NULL SHA384 */
    {0x00B3, "TLS_DHE_PSK_AES_256_CBC_SHA384",          10,  5,   7, 4, 4, 202}, /* DHE-PSK AES-256-CBC SHA384 */
    {0x00AB, "TLS_DHE_PSK_AES_256_GCM_SHA384",          10, 11, 200, 4, 4, 202}, /* DHE-PSK AES-256-GCM AEAD */
    {0xC096, "TLS_DHE_PSK_CAMELLIA_128_CBC_SHA256",     10,  7,   6, 4, 4, 202}, /* DHE-PSK CAMELLIA-128-CBC SHA256 */
    {0xC097, "TLS_DHE_PSK_CAMELLIA_256_CBC_SHA384",     10,  8,   7, 4, 4, 202}, /* DHE-PSK CAMELLIA-256-CBC SHA384 */
    {0xC090, "TLS_DHE_PSK_CAMELLIA_128_GCM_SHA256",     10, 15, 200, 4, 4, 202}, /* DHE-PSK CAMELLIA-128-GCM AEAD */
    {0xC091, "TLS_DHE_PSK_CAMELLIA_256_GCM_SHA384",     10, 16, 200, 4, 4, 202}, /* DHE-PSK CAMELLIA-256-GCM AEAD */
    {0xC0A4, "TLS_PSK_AES_128_CCM",                      9, 19, 200, 4, 4, 202}, /* PSK AES-128-CCM AEAD */
    {0xC0A5, "TLS_PSK_AES_256_CCM",                      9, 20, 200, 4, 4, 202}, /* PSK AES-256-CCM AEAD */
    {0xC0A6, "TLS_DHE_PSK_AES_128_CCM",                 10, 19, 200, 4, 4, 202}, /* DHE-PSK AES-128-CCM AEAD */
    {0xC0A7, "TLS_DHE_PSK_AES_256_CCM",                 10, 20, 200, 4, 4, 202}, /* DHE-PSK AES-256-CCM AEAD */
    {0xC0A8, "TLS_PSK_AES_128_CCM_8",                    9, 21, 200, 4, 4, 202}, /* PSK AES-128-CCM-8 AEAD */
    {0xC0A9, "TLS_PSK_AES_256_CCM_8",                    9, 22, 200, 4, 4, 202}, /* PSK AES-256-CCM-8 AEAD */
    {0xC0AA, "TLS_DHE_PSK_AES_128_CCM_8",               10, 21, 200, 4, 4, 202}, /* DHE-PSK AES-128-CCM-8 AEAD */
    {0xC0AB, "TLS_DHE_PSK_AES_256_CCM_8",               10, 22, 200, 4, 4, 202}, /* DHE-PSK AES-256-CCM-8 AEAD */
    {0xCCAD, "TLS_DHE_PSK_CHACHA20_POLY1305",           10, 23, 200, 4, 4, 202}, /* DHE-PSK CHACHA20-POLY1305 AEAD */
    {0xCCAC, "TLS_ECDHE_PSK_CHACHA20_POLY1305",         14, 23, 200, 4, 4, 202}, /* ECDHE-PSK CHACHA20-POLY1305 AEAD */
    {0xCCAE, "TLS_RSA_PSK_CHACHA20_POLY1305",           15, 23, 200, 4, 4, 202}, /* RSA-PSK CHACHA20-POLY1305 AEAD */
    {0xCCAB, "TLS_PSK_CHACHA20_POLY1305",                9, 23, 200, 4, 4, 202}, /* PSK CHACHA20-POLY1305 AEAD */
    {0x0018, "TLS_DH_ANON_ARCFOUR_128_MD5",              4,  2,   2, 2, 4,   0}, /* ANON-DH ARCFOUR-128 MD5 */
    {0x001B, "TLS_DH_ANON_3DES_EDE_CBC_SHA1",            4,  3,   3, 2, 4, 200}, /* ANON-DH 3DES-CBC SHA1 */
    {0x0034, "TLS_DH_ANON_AES_128_CBC_SHA1",             4,  4,   3, 2, 4, 200}, /* ANON-DH AES-128-CBC SHA1 */
    {0x003A, "TLS_DH_ANON_AES_256_CBC_SHA1",             4,  5,   3, 2, 4, 200}, /* ANON-DH AES-256-CBC SHA1 */
    {0x00BF, "TLS_DH_ANON_CAMELLIA_128_CBC_SHA256",      4,  7,   6, 4, 4, 202}, /* ANON-DH CAMELLIA-128-CBC SHA256 */
    {0x00C5, "TLS_DH_ANON_CAMELLIA_256_CBC_SHA256",      4,  8,   6, 4, 4, 202}, /* ANON-DH CAMELLIA-256-CBC SHA256 */
    {0x0046, "TLS_DH_ANON_CAMELLIA_128_CBC_SHA1",        4,  7,   3, 2, 4, 200}, /* ANON-DH CAMELLIA-128-CBC SHA1 */
    {0x0089, "TLS_DH_ANON_CAMELLIA_256_CBC_SHA1",        4,  8,   3, 2, 4, 200}, /* ANON-DH CAMELLIA-256-CBC SHA1 */
    {0x006C, "TLS_DH_ANON_AES_128_CBC_SHA256",           4,  4,   6, 4, 4, 202}, /* ANON-DH AES-128-CBC SHA256 */
    {0x006D, "TLS_DH_ANON_AES_256_CBC_SHA256",           4,  5,   6, 4, 4, 202}, /* ANON-DH AES-256-CBC SHA256 */
    {0x00A6, "TLS_DH_ANON_AES_128_GCM_SHA256",           4, 10, 200, 4, 4, 202}, /* ANON-DH AES-128-GCM AEAD */
    {0x00A7, "TLS_DH_ANON_AES_256_GCM_SHA384",           4, 11, 200, 4, 4, 202}, /* ANON-DH AES-256-GCM AEAD */
    {0xC084, "TLS_DH_ANON_CAMELLIA_128_GCM_SHA256",      4, 15, 200, 4, 4, 202}, /* ANON-DH CAMELLIA-128-GCM AEAD */
    {0xC085, "TLS_DH_ANON_CAMELLIA_256_GCM_SHA384",      4, 16, 200, 4, 4, 202}, /* ANON-DH CAMELLIA-256-GCM AEAD */
    {0xC015, "TLS_ECDH_ANON_NULL_SHA1",                 11,  1,   3, 2, 4, 200}, /* ANON-ECDH NULL SHA1 */
    {0xC017, "TLS_ECDH_ANON_3DES_EDE_CBC_SHA1",         11,  3,   3, 2, 4, 200}, /* ANON-ECDH 3DES-CBC SHA1 */
    {0xC018, "TLS_ECDH_ANON_AES_128_CBC_SHA1",          11,  4,   3, 2, 4, 200}, /* ANON-ECDH AES-128-CBC SHA1 */
    {0xC019, "TLS_ECDH_ANON_AES_256_CBC_SHA1",          11,  5,   3, 2, 4, 200}, /* ANON-ECDH AES-256-CBC SHA1 */
    {0xC016, "TLS_ECDH_ANON_ARCFOUR_128_SHA1",          11,  2,   3, 2, 4,   0}, /* ANON-ECDH ARCFOUR-128 SHA1 */
    {0xC01A, "TLS_SRP_SHA_3DES_EDE_CBC_SHA1",            5,  3,   3, 2, 4, 200}, /* SRP 3DES-CBC SHA1 */
    {0xC01D, "TLS_SRP_SHA_AES_128_CBC_SHA1",             5,  4,   3, 2, 4, 200}, /* SRP AES-128-CBC SHA1 */
    {0xC020, "TLS_SRP_SHA_AES_256_CBC_SHA1",             5,  5,   3, 2, 4, 200}, /* SRP AES-256-CBC SHA1 */
    {0xC01C, "TLS_SRP_SHA_DSS_3DES_EDE_CBC_SHA1",        8,  3,   3, 2, 4, 200}, /* SRP-DSS 3DES-CBC SHA1 */
    {0xC01B, "TLS_SRP_SHA_RSA_3DES_EDE_CBC_SHA1",        7,  3,   3, 2, 4, 200}, /* SRP-RSA 3DES-CBC SHA1 */
    {0xC01F, "TLS_SRP_SHA_DSS_AES_128_CBC_SHA1",         8,  4,   3, 2, 4, 200}, /* SRP-DSS AES-128-CBC SHA1 */
    {0xC01E, "TLS_SRP_SHA_RSA_AES_128_CBC_SHA1",         7,  4,   3, 2, 4, 200}, /* SRP-RSA AES-128-CBC SHA1 */
    {0xC022, "TLS_SRP_SHA_DSS_AES_256_CBC_SHA1",         8,  5,   3, 2, 4, 200}, /* SRP-DSS AES-256-CBC SHA1 */
    {0xC021, "TLS_SRP_SHA_RSA_AES_256_CBC_SHA1",         7,  5,   3, 2, 4, 200}, /* SRP-RSA AES-256-CBC SHA1 */
    {0xC102, "TLS_GOSTR341112_256_28147_CNT_IMIT",      16, 34, 208, 4, 4,   0}, /* VKO-GOST-12 GOST28147-TC26Z-CNT GOST28147-TC26Z-IMIT */
};

const size_t tvc_gnutls_n_suites = sizeof tvc_gnutls_suites / sizeof tvc_gnutls_suites[0];
