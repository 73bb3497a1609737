#include "config.h"

#include "parser/cond.h"

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "parser/httpd_directives.h"

#define DEFAULT_HTTPD_VERSION "2.4.71"

const char *tvc_cond_module_file(tvc_arena *a, const tvc_config *cfg, const char *ident,
                                  const char *path)
{
    const char *f = cfg->module_file ? cfg->module_file(ident) : NULL;
    if (!f)
        f = tvc_httpd_module_file(ident);
    if (f)
        return f;
    /* Third-party modules: mod_foo.so is built from mod_foo.c by apxs. */
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    if (!dot || dot == base)
        return NULL;
    return tvc_arena_printf(a, "%.*s.c", (int)(dot - base), base);
}

int tvc_cond_directive_known(const tvc_config *cfg, const char *name, int section)
{
    const char *module = cfg->directive_module ? cfg->directive_module(name) : NULL;
    if (!section && module)
        return tvc_config_has_module(cfg, module);
    const tvc_httpd_directive *hd = tvc_httpd_directive_find(name);
    if (!hd || (hd->section != 2 && (hd->section != 0) != (section != 0)))
        return 0;
    if (strcmp(hd->file, "mpm_common") == 0)
        return 1;
    return tvc_config_has_module(cfg, hd->file);
}

static int vercmp(const char *a, const char *b)
{
    for (;;) {
        long x = strtol(a, (char **)&a, 10), y = strtol(b, (char **)&b, 10);
        if (x != y)
            return x < y ? -1 : 1;
        if (*a != '.' && *b != '.')
            return 0;
        if (*a == '.')
            a++;
        if (*b == '.')
            b++;
    }
}

static int eval_version(tvc_cond_ctx *c, const tvc_node *sec)
{
    const char *have = c->httpd_version ? c->httpd_version : DEFAULT_HTTPD_VERSION;
    const char *op = "=", *want;
    if (sec->argc == 1) {
        want = sec->argv[0];
    } else if (sec->argc == 2) {
        op = sec->argv[0];
        want = sec->argv[1];
    } else {
        tvc_diag_add(c->d, "parse-error", TVC_ERROR, &sec->loc, 0,
                     "<IfVersion> takes an optional operator and a version");
        return 0;
    }
    int neg = 0;
    if (*op == '!') {
        neg = 1;
        op++;
    }
    int r;
    if (*want == '/' || strcmp(op, "~") == 0) {
        char *pat = strdup(*want == '/' ? want + 1 : want);
        size_t n = strlen(pat);
        if (*want == '/' && n && pat[n - 1] == '/')
            pat[n - 1] = '\0';
        regex_t re;
        if (regcomp(&re, pat, REG_EXTENDED | REG_NOSUB) != 0) {
            tvc_diag_add(c->d, "parse-error", TVC_ERROR, &sec->loc, 0,
                         "<IfVersion>: invalid regular expression '%s'", pat);
            free(pat);
            return 0;
        }
        r = regexec(&re, have, 0, NULL, 0) == 0;
        regfree(&re);
        free(pat);
    } else {
        int cmp = vercmp(have, want);
        if (!strcmp(op, "=") || !strcmp(op, "=="))
            r = cmp == 0;
        else if (!strcmp(op, ">"))
            r = cmp > 0;
        else if (!strcmp(op, ">="))
            r = cmp >= 0;
        else if (!strcmp(op, "<"))
            r = cmp < 0;
        else if (!strcmp(op, "<="))
            r = cmp <= 0;
        else {
            tvc_diag_add(c->d, "parse-error", TVC_ERROR, &sec->loc, 0,
                         "<IfVersion>: unknown operator '%s'", op);
            return 0;
        }
    }
    r = neg ? !r : r;
    tvc_diag_add(c->d, "assumed-version", TVC_NOTE, &sec->loc, 0,
                 "<IfVersion %s%s%s> taken as %s for httpd %s (set with "
                 "--httpd-version)", sec->argc == 2 ? sec->argv[0] : "",
                 sec->argc == 2 ? " " : "", want, r ? "true" : "false", have);
    return r;
}

int tvc_cond_eval(tvc_cond_ctx *c, const tvc_node *sec)
{
    const char *nm = sec->name;
    int kind;
    if (!strcasecmp(nm, "IfDefine"))
        kind = 0;
    else if (!strcasecmp(nm, "IfModule"))
        kind = 1;
    else if (!strcasecmp(nm, "IfFile"))
        kind = 2;
    else if (!strcasecmp(nm, "IfDirective"))
        kind = 3;
    else if (!strcasecmp(nm, "IfSection"))
        kind = 4;
    else if (!strcasecmp(nm, "IfVersion"))
        return eval_version(c, sec);
    else
        return -1;
    if (sec->argc != 1) {
        tvc_diag_add(c->d, "parse-error", TVC_ERROR, &sec->loc, 0,
                     "<%s> takes one argument", nm);
        return 0;
    }
    const char *arg = sec->argv[0];
    int neg = 0;
    if (*arg == '!') {
        neg = 1;
        arg++;
    }
    if (!*arg) {
        tvc_diag_add(c->d, "parse-error", TVC_ERROR, &sec->loc, 0,
                     "<%s> needs a name after '!'", nm);
        return 0;
    }
    int r = 0;
    switch (kind) {
    case 0:
        r = tvc_env_is_defined(c->env, arg);
        break;
    case 1:
        r = tvc_config_has_module(c->cfg, arg);
        break;
    case 2: {
        struct stat st;
        const char *p = arg[0] == '/' ? arg
                        : tvc_arena_printf(c->a, "%s/%s", c->cfg->server_root, arg);
        r = stat(p, &st) == 0;
        break;
    }
    case 3:
        r = tvc_cond_directive_known(c->cfg, arg, 0);
        break;
    case 4:
        r = tvc_cond_directive_known(c->cfg, arg, 1);
        break;
    }
    return neg ? !r : r;
}
