/* Name coverage, RFC 6125: every ServerName and ServerAlias of a TLS vhost
 * must be covered by each of its certificates' DNS SANs. A wildcard covers
 * exactly one whole leftmost label; the CN counts only when there are no
 * SANs. Internationalized names are compared as A-labels (punycode). */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "checks/internal.h"

/* RFC 3492 punycode of one label of code points. */
static size_t punycode(const uint32_t *cp, size_t n, char *out, size_t cap)
{
    const uint32_t base = 36, tmin = 1, tmax = 26, skew = 38, damp = 700;
    size_t o = 0, b = 0;
    for (size_t i = 0; i < n; i++)
        if (cp[i] < 0x80 && o + 1 < cap)
            out[o++] = (char)tolower((int)cp[i]), b++;
    if (b && o + 1 < cap)
        out[o++] = '-';
    uint32_t nn = 0x80, delta = 0, bias = 72;
    size_t h = b;
    while (h < n) {
        uint32_t m = UINT32_MAX;
        for (size_t i = 0; i < n; i++)
            if (cp[i] >= nn && cp[i] < m)
                m = cp[i];
        delta += (m - nn) * (uint32_t)(h + 1);
        nn = m;
        for (size_t i = 0; i < n; i++) {
            if (cp[i] < nn)
                delta++;
            if (cp[i] == nn) {
                uint32_t q = delta;
                for (uint32_t k = base;; k += base) {
                    uint32_t t = k <= bias ? tmin : k >= bias + tmax ? tmax : k - bias;
                    if (q < t)
                        break;
                    uint32_t d = t + (q - t) % (base - t);
                    if (o + 1 < cap)
                        out[o++] = (char)(d < 26 ? 'a' + d : '0' + d - 26);
                    q = (q - t) / (base - t);
                }
                if (o + 1 < cap)
                    out[o++] = (char)(q < 26 ? 'a' + q : '0' + q - 26);
                /* adapt */
                uint32_t dl = h == b ? delta / damp : delta / 2;
                dl += dl / (uint32_t)(h + 1);
                uint32_t k = 0;
                while (dl > ((base - tmin) * tmax) / 2) {
                    dl /= base - tmin;
                    k += base;
                }
                bias = k + (base - tmin + 1) * dl / (dl + skew);
                delta = 0;
                h++;
            }
        }
        delta++;
        nn++;
    }
    out[o] = '\0';
    return o;
}

/* Lower case, and each label with non-ASCII bytes as "xn--" + punycode. */
/* `out` holds A_LABEL_SIZE(name) bytes. */
#define A_LABEL_SIZE(name) (strlen(name) * 4 + 8)

static const char *a_label(char *out, const char *name)
{
    int ascii = 1;
    for (const char *p = name; *p; p++)
        if ((unsigned char)*p >= 0x80)
            ascii = 0;
    size_t o = 0;
    if (ascii) {
        for (const char *p = name; *p; p++)
            out[o++] = (char)tolower((unsigned char)*p);
        out[o] = '\0';
        return out;
    }
    const unsigned char *p = (const unsigned char *)name;
    while (*p) {
        uint32_t cp[256];
        size_t n = 0;
        int wide = 0;
        while (*p && *p != '.' && n < 256) {
            uint32_t c = *p++;
            int more = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc0 ? 1 : 0;
            if (more)
                c &= 0x3fu >> more;
            while (more-- && (*p & 0xc0) == 0x80)
                c = (c << 6) | (*p++ & 0x3f);
            if (c >= 0x80)
                wide = 1;
            cp[n++] = c;
        }
        if (wide) {
            memcpy(out + o, "xn--", 4);
            o += 4;
            o += punycode(cp, n, out + o, 1024);
        } else {
            for (size_t i = 0; i < n; i++)
                out[o++] = (char)tolower((int)cp[i]);
        }
        if (*p == '.')
            out[o++] = *p++;
    }
    out[o] = '\0';
    return out;
}

static int dns_match(const char *pattern, const char *name)
{
    if (!strcasecmp(pattern, name))
        return 1;
    /* "*.example.com" covers "a.example.com", not "example.com" nor
     * "a.b.example.com"; partial wildcards ("w*.example.com") cover nothing. */
    if (pattern[0] != '*' || pattern[1] != '.')
        return 0;
    const char *dot = strchr(name, '.');
    if (!dot || dot == name)
        return 0;
    return !strcasecmp(pattern + 1, dot) && strchr(pattern + 2, '.');
}

/* An IP SAN (as pki.c prints it) and a name that is the same address,
 * however written ("2001:db8::1", "[2001:DB8:0::1]"). */
static int same_ip(const char *san, const char *name)
{
    unsigned char a[16], b[16];
    char buf[64];
    size_t l = strlen(name);
    if (l >= 2 && name[0] == '[' && name[l - 1] == ']' && l - 2 < sizeof buf) {
        memcpy(buf, name + 1, l - 2);
        buf[l - 2] = '\0';
        name = buf;
    }
    if (inet_pton(AF_INET, san, a) == 1)
        return inet_pton(AF_INET, name, b) == 1 && !memcmp(a, b, 4);
    if (inet_pton(AF_INET6, san, a) == 1)
        return inet_pton(AF_INET6, name, b) == 1 && !memcmp(a, b, 16);
    return 0;
}

static int covered(const tvc_pki_job *j, const char *name, int *by_cn)
{
    *by_cn = 0;
    int wildcard = strchr(name, '*') != NULL;
    for (size_t i = 0; i < j->n_dns; i++)
        if (wildcard ? !strcasecmp(j->dns[i], name) : dns_match(j->dns[i], name))
            return 1;
    for (size_t i = 0; i < j->n_ips; i++)
        if (!strcasecmp(j->ips[i], name) || same_ip(j->ips[i], name))
            return 1;
    if (!j->n_dns && !j->n_ips && j->cn &&
        (wildcard ? !strcasecmp(j->cn, name) : dns_match(j->cn, name))) {
        *by_cn = 1;
        return 1;
    }
    return 0;
}

static const char *sans(tvc_check_run *r, const tvc_pki_job *j)
{
    if (!j->n_dns && !j->n_ips)
        return j->cn ? tvc_arena_printf(r->a, "no SANs, CN '%s'", j->cn) : "no names";
    const char *s = "";
    size_t shown = 0;
    for (size_t i = 0; i < j->n_dns && shown < 6; i++, shown++)
        s = tvc_arena_printf(r->a, "%s%s%s", s, shown ? ", " : "", j->dns[i]);
    for (size_t i = 0; i < j->n_ips && shown < 6; i++, shown++)
        s = tvc_arena_printf(r->a, "%s%s%s", s, shown ? ", " : "", j->ips[i]);
    if (j->n_dns + j->n_ips > shown)
        s = tvc_arena_printf(r->a, "%s and %zu more", s, j->n_dns + j->n_ips - shown);
    return s;
}

static void check_name(tvc_check_run *r, const tvc_cref *c, const char *name,
                       const tvc_loc *loc)
{
    /* on the stack: in the run's arena, two names of each of 10,000
     * vhosts were 2 MiB kept to the end of the run */
    char buf[1024];
    size_t need = A_LABEL_SIZE(name);
    const char *al = a_label(need <= sizeof buf ? buf : tvc_arena_alloc(r->a, need), name);
    int by_cn;
    if (covered(c->job, al, &by_cn)) {
        if (by_cn)
            tvc_check_report(r, c->vh, "cert-name-mismatch", TVC_NOTE, loc,
                             (unsigned)strlen(name),
                             "'%s' is covered only by the subject CN of '%s', which has no "
                             "SANs; browsers ignore the CN", name, c->cert->cert);
        return;
    }
    tvc_check_report(r, c->vh, "cert-name-mismatch", TVC_ERROR, loc, (unsigned)strlen(name),
                     "'%s'%s%s%s is not covered by certificate '%s' (%s)", name,
                     al != name && strcmp(al, name) ? " (" : "",
                     al != name && strcmp(al, name) ? al : "",
                     al != name && strcmp(al, name) ? ")" : "", c->cert->cert, sans(r, c->job));
}

void tvc_check_names(tvc_check_run *r)
{
    for (size_t i = 0; i < r->n_refs; i++) {
        const tvc_cref *c = &r->refs[i];
        if (c->job->cert_status != TVC_FILE_OK)
            continue;
        const tvc_vhost *vh = c->vh;
        if (vh->server_name)
            check_name(r, c, vh->server_name, &vh->name_loc);
        else if (r->ir->server_name)
            check_name(r, c, r->ir->server_name, &vh->loc);
        for (size_t k = 0; k < vh->aliases.n; k++)
            check_name(r, c, vh->aliases.v[k], &vh->aliases.loc[k]);
    }
}
