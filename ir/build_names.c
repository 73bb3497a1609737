#include "config.h"

#include "ir/build_names.h"

#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "ir/build.h"

static const struct {
    const char *name;
    unsigned char role;
} roles[] = {
    {"Include", TVC_NAME_INCLUDE},       {"IncludeOptional", TVC_NAME_INCLUDE},
    {"Use", TVC_NAME_INCLUDE},           {"ServerName", TVC_NAME_SERVERNAME},
    {"ServerAlias", TVC_NAME_SERVERALIAS}, {"Listen", TVC_NAME_LISTEN},
    {"MDomain", TVC_NAME_MDOMAIN},       {"MDomainSet", TVC_NAME_MDOMAIN},
    {"MDMatchNames", TVC_NAME_MDMATCHNAMES}, {"Group", TVC_NAME_GROUP},
    {"VirtualHost", TVC_NAME_VIRTUALHOST}, {"Macro", TVC_NAME_MACRO},
};

/* Sections whose contents are per-directory (or <Proxy>) settings. */
static const struct {
    const char *name;
    unsigned context;
} contexts[] = {
    {"Directory", TVC_CTX_DIR}, {"DirectoryMatch", TVC_CTX_DIR}, {"Location", TVC_CTX_DIR},
    {"LocationMatch", TVC_CTX_DIR}, {"Files", TVC_CTX_DIR},     {"FilesMatch", TVC_CTX_DIR},
    {"If", TVC_CTX_DIR},        {"ElseIf", TVC_CTX_DIR},         {"Else", TVC_CTX_DIR},
    {"Limit", TVC_CTX_DIR},     {"LimitExcept", TVC_CTX_DIR},    {"Proxy", TVC_CTX_PROXY},
    {"ProxyMatch", TVC_CTX_PROXY},
};

static const char *const conditions[] = {
    "IfModule", "IfDefine", "IfFile", "IfDirective", "IfSection", "IfVersion",
};

int tvc_ir_args_read(const char *name)
{
    const tvc_cmd *cmd = NULL;
    const tvc_dialect *dl = NULL;
    tvc_directive_lookup(name, &cmd, &dl, NULL);
    if (cmd)
        return 1;
    for (size_t i = 0; i < sizeof roles / sizeof *roles; i++)
        if (!strcasecmp(name, roles[i].name))
            return 1;
    /* md_domain reads the members of an <MDomain> section */
    return !strcasecmp(name, "MDMember") || !strcasecmp(name, "MDMembers");
}

static unsigned char module_missing(const tvc_config *cfg, const tvc_name_info *x)
{
    if (x->cmd)
        return cfg->saw_loadmodule && !tvc_config_has_module(cfg, x->dl->module_file);
    if (x->hd)
        return cfg->saw_loadmodule && strcmp(x->hd->file, "mpm_common") != 0 &&
               !tvc_config_has_module(cfg, x->hd->file);
    return 0;
}

static void describe(tvc_names *t, tvc_name_info *x)
{
    const char *nm = x->name;
    x->known = (unsigned char)tvc_directive_lookup(nm, &x->cmd, &x->dl, &x->hd);
    x->module_missing = module_missing(t->cfg, x);
    for (size_t i = 0; i < sizeof roles / sizeof *roles; i++)
        if (!strcasecmp(nm, roles[i].name))
            x->role = roles[i].role;
    for (size_t i = 0; i < sizeof contexts / sizeof *contexts; i++)
        if (!strcasecmp(nm, contexts[i].name))
            x->context = contexts[i].context;
    for (size_t i = 0; i < sizeof conditions / sizeof *conditions; i++)
        if (!strcasecmp(nm, conditions[i]))
            x->condition = 1;
    x->if_prefix = !strncasecmp(nm, "If", 2);
    /* httpd: "<Directory not allowed in <Directory> context" (AH00526) */
    x->nested_dir = !strncasecmp(nm, "Directory", 9) || !strncasecmp(nm, "Location", 8) ||
                    !strcasecmp(nm, "Proxy") || !strcasecmp(nm, "ProxyMatch");
}

void tvc_names_init(tvc_names *t, tvc_arena *a, const tvc_config *cfg)
{
    memset(t, 0, sizeof *t);
    t->a = a;
    t->cfg = cfg;
}

static size_t slot_of(const tvc_names *t, const char *name)
{
    uintptr_t h = (uintptr_t)name;
    h ^= h >> 17;
    h *= (uintptr_t)0x9e3779b97f4a7c15ULL;
    size_t i = (size_t)(h >> 7) & (t->cap - 1);
    while (t->slots[i] && t->slots[i]->name != name)
        i = (i + 1) & (t->cap - 1);
    return i;
}

tvc_name_info *tvc_names_get(tvc_names *t, const char *name)
{
    if ((t->n + 1) * 2 > t->cap) {
        tvc_names old = *t;
        t->cap = t->cap ? t->cap * 2 : 256;
        t->slots = tvc_arena_calloc(t->a, t->cap * sizeof *t->slots);
        for (size_t i = 0; i < old.cap; i++)
            if (old.slots[i])
                t->slots[slot_of(t, old.slots[i]->name)] = old.slots[i];
    }
    size_t i = slot_of(t, name);
    if (!t->slots[i]) {
        tvc_name_info *x = tvc_arena_calloc(t->a, sizeof *x);
        x->name = name;
        describe(t, x);
        t->slots[i] = x;
        t->n++;
    }
    return t->slots[i];
}

const char *tvc_names_suggest(tvc_name_info *x)
{
    if (!x->suggested) {
        x->suggestion = tvc_dialect_suggest(x->name);
        x->suggested = 1;
    }
    return x->suggestion;
}

int tvc_names_changed(const tvc_names *t)
{
    for (size_t i = 0; i < t->cap; i++)
        if (t->slots[i] && t->slots[i]->module_missing != module_missing(t->cfg, t->slots[i]))
            return 1;
    return 0;
}
