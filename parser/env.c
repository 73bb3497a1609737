#include "config.h"

#include "parser/env.h"

#include "base/limits.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void tvc_env_init(tvc_env *e, tvc_arena *a)
{
    e->a = a;
    e->defines = NULL;
    e->file = NULL;
    e->shell = NULL;
}

static tvc_define *find(tvc_define *l, const char *name)
{
    for (; l; l = l->next)
        if (strcmp(l->name, name) == 0)
            return l;
    return NULL;
}

static void set(tvc_arena *a, tvc_define **list, const char *name, const char *value)
{
    tvc_define *d = find(*list, name);
    if (!d) {
        d = tvc_arena_calloc(a, sizeof *d);
        d->name = tvc_arena_strdup(a, name);
        d->next = *list;
        *list = d;
    }
    d->value = value ? tvc_arena_strdup(a, value) : NULL;
}

void tvc_env_define(tvc_env *e, const char *name, const char *value)
{
    set(e->a, &e->defines, name, value);
}

void tvc_env_undefine(tvc_env *e, const char *name)
{
    for (tvc_define **p = &e->defines; *p; p = &(*p)->next)
        if (strcmp((*p)->name, name) == 0) {
            *p = (*p)->next;
            return;
        }
}

int tvc_env_is_defined(const tvc_env *e, const char *name)
{
    return find(e->defines, name) != NULL;
}

const char *tvc_env_lookup(const tvc_env *e, const char *name)
{
    tvc_define *d = find(e->defines, name);
    if (d && d->value)
        return d->value;
    d = find(e->file, name);
    if (d)
        return d->value ? d->value : "";
    return getenv(name);
}

tvc_define *tvc_env_defines(const tvc_env *e)
{
    return e->defines;
}

/* As httpd's ap_resolve_env (server/core.c): "${" up to the next "}" is
 * a name, whatever it holds; a known one is replaced, an unknown one stays
 * verbatim and scanning goes on after its "}". httpd warns (AH00111) only
 * for names without ':', which leaves RewriteMap calls such as
 * ${lower:%1} alone. A "${" with no "}" after it is plain text. */
char *tvc_env_expand(const tvc_env *e, tvc_arena *a, const char *s, size_t len,
                     tvc_env_missing *miss)
{
    size_t cap = len + 1, n = 0;
    char *out = malloc(cap);
    if (!out)
        abort();
    for (size_t i = 0; i < len;) {
        const char *src = s + i;
        size_t sl = 1;
        const char *end = s[i] == '$' && i + 1 < len && s[i + 1] == '{'
                              ? memchr(s + i + 2, '}', len - i - 2) : NULL;
        if (end) {
            size_t nl = (size_t)(end - (s + i + 2));
            char *name = malloc(nl + 1);
            if (!name)
                abort();
            memcpy(name, s + i + 2, nl);
            name[nl] = '\0';
            const char *val = tvc_env_lookup(e, name);
            if (val) {
                src = val;
                sl = strlen(val);
            } else {
                sl = nl + 3; /* the whole ${name}, as written */
                if (miss && miss->n < 16 && !strchr(name, ':')) {
                    miss->off[miss->n] = i;
                    miss->name[miss->n++] = tvc_arena_strdup(a, name);
                }
            }
            free(name);
            i += nl + 3;
        } else {
            i++;
        }
        /* A Define of two ${VAR}s doubles a value at each level. */
        if (sl > TVC_MAX_EXPANDED_LINE - n) {
            if (miss)
                miss->too_long = 1;
            break;
        }
        if (n + sl + 1 > cap) {
            while (n + sl + 1 > cap)
                cap *= 2;
            char *no = realloc(out, cap);
            if (!no)
                abort();
            out = no;
        }
        memcpy(out + n, src, sl);
        n += sl;
    }
    char *r = tvc_arena_strndup(a, out, n);
    free(out);
    return r;
}

/* Shell-ish value: quotes removed, $VAR and ${VAR} from earlier lines. */
static char *shell_value(tvc_env *e, const char *s)
{
    char buf[4096];
    size_t n = 0;
    char q = 0;
    for (size_t i = 0; s[i] && n + 1 < sizeof buf; i++) {
        char c = s[i];
        if (!q && (c == '"' || c == '\'')) {
            q = c;
            continue;
        }
        if (q && c == q) {
            q = 0;
            continue;
        }
        if (c == '\n' || c == '\r' || (!q && (c == ' ' || c == '\t' || c == ';' || c == '#')))
            break;
        if (c == '$' && q != '\'') {
            size_t j = i + 1, nb, ne;
            if (s[j] == '{') {
                nb = j + 1;
                ne = nb;
                while (s[ne] && s[ne] != '}')
                    ne++;
                i = s[ne] ? ne : ne - 1;
            } else {
                nb = j;
                ne = nb;
                while (isalnum((unsigned char)s[ne]) || s[ne] == '_')
                    ne++;
                i = ne - 1;
            }
            char name[256];
            size_t nl = ne - nb < sizeof name - 1 ? ne - nb : sizeof name - 1;
            memcpy(name, s + nb, nl);
            name[nl] = '\0';
            tvc_define *d = find(e->shell, name);
            if (!d)
                d = find(e->file, name);
            const char *v = d ? d->value : getenv(name);
            for (; v && *v && n + 1 < sizeof buf; v++)
                buf[n++] = *v;
            continue;
        }
        buf[n++] = c;
    }
    buf[n] = '\0';
    return tvc_arena_strdup(e->a, buf);
}

int tvc_env_load_file(tvc_env *e, const char *path, const char **err)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        *err = strerror(errno);
        return -1;
    }
    char line[8192];
    while (fgets(line, sizeof line, f)) {
        char *p = line;
        while (isspace((unsigned char)*p))
            p++;
        int exported = 0;
        if (strncmp(p, "export", 6) == 0 && isspace((unsigned char)p[6])) {
            exported = 1;
            p += 7;
            while (isspace((unsigned char)*p))
                p++;
        }
        char *eq = p;
        while (isalnum((unsigned char)*eq) || *eq == '_')
            eq++;
        if (eq == p || *eq != '=')
            continue;
        *eq = '\0';
        /* Unexported assignments (Debian's SUFFIX) feed later lines but do
         * not reach httpd; only plain assignments are understood, not shell
         * logic, so the last assignment in the file wins. */
        set(e->a, exported ? &e->file : &e->shell, p, shell_value(e, eq + 1));
    }
    fclose(f);
    return 0;
}
