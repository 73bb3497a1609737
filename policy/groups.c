#include "config.h"

#include "policy/groups.h"

#include <string.h>
#include <strings.h>

/* Code points from the IANA TLS Supported Groups registry. OpenSSL's
 * names are those SSL_CTX_set1_groups_list takes in 3.0 (the NIST name
 * where there is one, as OpenSSL itself prints them); GnuTLS's those of
 * lib/algorithms/groups.c in 3.7. The GOST groups need an engine OpenSSL
 * 3.0 does not load by default. */
static const tvc_group table[] = {
    {19, "secp192r1", "P-192", "prime192v1", "SECP192R1", 0},
    {21, "secp224r1", "P-224", "secp224r1", "SECP224R1", 0},
    {22, "secp256k1", "secp256k1", NULL, NULL, 0},
    {23, "secp256r1", "P-256", "prime256v1", "SECP256R1", 1},
    {24, "secp384r1", "P-384", "secp384r1", "SECP384R1", 1},
    {25, "secp521r1", "P-521", "secp521r1", "SECP521R1", 0},
    {26, "brainpoolP256r1", "brainpoolP256r1", NULL, NULL, 0},
    {27, "brainpoolP384r1", "brainpoolP384r1", NULL, NULL, 0},
    {28, "brainpoolP512r1", "brainpoolP512r1", NULL, NULL, 0},
    {29, "x25519", "X25519", NULL, "X25519", 1},
    {30, "x448", "X448", NULL, "X448", 0},
    {34, "GC256A", NULL, NULL, "GC256A", 0},
    {35, "GC256B", NULL, NULL, "GC256B", 0},
    {36, "GC256C", NULL, NULL, "GC256C", 0},
    {37, "GC256D", NULL, NULL, "GC256D", 0},
    {38, "GC512A", NULL, NULL, "GC512A", 0},
    {39, "GC512B", NULL, NULL, "GC512B", 0},
    {40, "GC512C", NULL, NULL, "GC512C", 0},
    {256, "ffdhe2048", "ffdhe2048", NULL, "FFDHE2048", 0},
    {257, "ffdhe3072", "ffdhe3072", NULL, "FFDHE3072", 0},
    {258, "ffdhe4096", "ffdhe4096", NULL, "FFDHE4096", 0},
    {259, "ffdhe6144", "ffdhe6144", NULL, "FFDHE6144", 0},
    {260, "ffdhe8192", "ffdhe8192", NULL, "FFDHE8192", 0},
};

/* GnuTLS's legacy CURVE- names that differ from its GROUP- names. */
static const struct {
    const char *name;
    uint16_t code;
} other_names[] = {
    {"TC26-256-B", 35},
    {"TC26-512-A", 38},
};

const tvc_group *tvc_groups(size_t *n)
{
    *n = sizeof table / sizeof *table;
    return table;
}

const tvc_group *tvc_group_by_code(uint16_t code)
{
    for (size_t i = 0; i < sizeof table / sizeof *table; i++)
        if (table[i].code == code)
            return &table[i];
    return NULL;
}

static int eq(const char *a, const char *b)
{
    return a && b && !strcasecmp(a, b);
}

const tvc_group *tvc_group_by_name(const char *name)
{
    if (!name)
        return NULL;
    if (!strncasecmp(name, "GROUP-", 6) || !strncasecmp(name, "CURVE-", 6))
        name += 6;
    for (size_t i = 0; i < sizeof table / sizeof *table; i++) {
        const tvc_group *g = &table[i];
        if (eq(name, g->iana) || eq(name, g->openssl) || eq(name, g->openssl_alt) ||
            eq(name, g->gnutls))
            return g;
    }
    for (size_t i = 0; i < sizeof other_names / sizeof *other_names; i++)
        if (eq(name, other_names[i].name))
            return tvc_group_by_code(other_names[i].code);
    return NULL;
}

uint16_t *tvc_groups_codes(tvc_arena *a, const char *const *names, size_t n)
{
    uint16_t *v = tvc_arena_alloc(a, (n + 1) * sizeof *v);
    for (size_t i = 0; i < n; i++) {
        const tvc_group *g = tvc_group_by_name(names[i]);
        v[i] = g ? g->code : 0;
    }
    return v;
}

int tvc_groups_same(const uint16_t *a, size_t na, const uint16_t *b, size_t nb)
{
    return na == nb && (!na || !memcmp(a, b, na * sizeof *a));
}

const uint16_t *tvc_groups_rustls(size_t *n)
{
    static const uint16_t v[] = {29, 23, 24};
    *n = sizeof v / sizeof *v;
    return v;
}

const uint16_t *tvc_groups_openssl_default(size_t *n)
{
    static const uint16_t v[] = {29, 23, 30, 25, 24, 256, 257, 258, 259, 260};
    *n = sizeof v / sizeof *v;
    return v;
}
