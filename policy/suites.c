#include "config.h"

#include "policy/suites.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int by_code(const void *k, const void *e)
{
    uint16_t c = *(const uint16_t *)k, d = ((const tvc_suite *)e)->code;
    return c < d ? -1 : c > d;
}

const tvc_suite *tvc_suite_by_code(uint16_t code)
{
    size_t n;
    const tvc_suite *s = tvc_suites(&n);
    return bsearch(&code, s, n, sizeof *s, by_code);
}

const tvc_suite *tvc_suite_by_name(const char *name)
{
    size_t n;
    const tvc_suite *s = tvc_suites(&n);
    unsigned code;
    char tail;
    if (sscanf(name, "TLS_CIPHER_0x%4x%c", &code, &tail) == 1 && strlen(name) == 17)
        return tvc_suite_by_code((uint16_t)code);
    /* mod_tls looks names up exact-case (apr_hash_get); so do we. */
    for (size_t i = 0; i < n; i++)
        if (!strcmp(s[i].iana, name) || (s[i].openssl && !strcmp(s[i].openssl, name)) ||
            (s[i].alias && !strcmp(s[i].alias, name)))
            return &s[i];
    return NULL;
}

int tvc_suite_is_tls13(uint16_t code)
{
    return (code >> 8) == 0x13;
}

unsigned tvc_suite_weakness(const tvc_suite *s)
{
    const char *n = s->iana;
    unsigned w = 0;
    if (tvc_suite_is_tls13(s->code))
        return 0;
    if (strstr(n, "_WITH_NULL_") || strstr(n, "NULL_WITH_NULL") || strstr(n, "_NULL_SHA") ||
        strstr(n, "_NULL_MD5") || (strlen(n) > 5 && !strcmp(n + strlen(n) - 5, "_NULL")))
        w |= TVC_WEAK_NULL;
    if (strstr(n, "_anon_"))
        w |= TVC_WEAK_ANON;
    if (strstr(n, "EXPORT"))
        w |= TVC_WEAK_EXPORT;
    if (strstr(n, "RC4"))
        w |= TVC_WEAK_RC4;
    if (strstr(n, "_DES_") || strstr(n, "_DES40_") || strstr(n, "3DES"))
        w |= TVC_WEAK_DES;
    if (strstr(n, "_MD5"))
        w |= TVC_WEAK_MD5;
    if (strstr(n, "IDEA") || strstr(n, "SEED") || strstr(n, "RC2") || strstr(n, "GOST"))
        w |= TVC_WEAK_OTHER;
    if (strstr(n, "_CBC_"))
        w |= TVC_WEAK_CBC;
    /* Forward secrecy: ephemeral (EC)DH only. */
    if (!strstr(n, "_DHE_") && !strstr(n, "_ECDHE_") && !strstr(n, "_anon_") &&
        strncmp(n, "TLS_EMPTY", 9) != 0 && !(w & TVC_WEAK_NULL && strstr(n, "NULL_WITH")))
        w |= TVC_WEAK_NO_FS;
    return w;
}

const char *tvc_weakness_text(unsigned bits)
{
    static const struct { unsigned bit; const char *text; } t[] = {
        {TVC_WEAK_NULL, "no encryption (NULL)"}, {TVC_WEAK_ANON, "no authentication (anonymous)"},
        {TVC_WEAK_EXPORT, "export-grade"}, {TVC_WEAK_RC4, "RC4"}, {TVC_WEAK_DES, "DES/3DES"},
        {TVC_WEAK_MD5, "MD5"}, {TVC_WEAK_OTHER, "obsolete cipher"},
        {TVC_WEAK_NO_FS, "no forward secrecy"}, {TVC_WEAK_CBC, "CBC"},
    };
    for (size_t i = 0; i < sizeof t / sizeof *t; i++)
        if (bits & t[i].bit)
            return t[i].text;
    return "";
}
