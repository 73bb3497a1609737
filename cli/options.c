#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "cli/cli.h"
#include "ir/build.h"
#include "ir/json.h"
#include "policy/expand.h"

enum { O_FORMAT = 256, O_FAIL_ON, O_COLOR, O_SERVER_ROOT, O_ENV_FILE, O_HTTPD_VERSION, O_QUIET,
       O_CA_FILE, O_NOW, O_EXPIRY_WARN, O_SNI_MAP, O_THREADS, O_PROFILE,
       O_TO, O_TEMPLATES, O_ALLOW_LOSSY, O_IN_PLACE, O_BASE_DIR,
       O_DISABLE, O_ENABLE, O_LISTEN, O_SITE, O_MAX_CONNECTIONS };

static const struct option longopts[] = {
    {"format", required_argument, NULL, O_FORMAT},
    {"fail-on", required_argument, NULL, O_FAIL_ON},
    {"color", required_argument, NULL, O_COLOR},
    {"server-root", required_argument, NULL, O_SERVER_ROOT},
    {"env-file", required_argument, NULL, O_ENV_FILE},
    {"httpd-version", required_argument, NULL, O_HTTPD_VERSION},
    {"define", required_argument, NULL, 'D'},
    {"ca-file", required_argument, NULL, O_CA_FILE},
    {"now", required_argument, NULL, O_NOW},
    {"expiry-warn", required_argument, NULL, O_EXPIRY_WARN},
    {"sni-map", no_argument, NULL, O_SNI_MAP},
    {"threads", required_argument, NULL, O_THREADS},
    {"profile", required_argument, NULL, O_PROFILE},
    {"to", required_argument, NULL, O_TO},
    {"target", required_argument, NULL, O_TO},
    {"templates", required_argument, NULL, O_TEMPLATES},
    {"allow-lossy", no_argument, NULL, O_ALLOW_LOSSY},
    {"in-place", no_argument, NULL, O_IN_PLACE},
    {"base-dir", required_argument, NULL, O_BASE_DIR},
    {"disable", required_argument, NULL, O_DISABLE},
    {"enable", required_argument, NULL, O_ENABLE},
    {"listen", required_argument, NULL, O_LISTEN},
    {"site", required_argument, NULL, O_SITE},
    {"max-connections", required_argument, NULL, O_MAX_CONNECTIONS},
    {"output", required_argument, NULL, 'o'},
    {"quiet", no_argument, NULL, 'q'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

/* RFC 3339: 2026-01-31T12:00:00Z, with an optional offset, or a date. */
static int parse_time(const char *s, time_t *out)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    const char *p = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
    if (!p) {
        memset(&tm, 0, sizeof tm);
        p = strptime(s, "%Y-%m-%d", &tm);
        if (!p || *p)
            return -1;
        *out = timegm(&tm);
        return 0;
    }
    if (*p == '.')
        while (*++p >= '0' && *p <= '9')
            ;
    long off = 0;
    if (*p == 'Z' || *p == 'z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        int h, m;
        if (sscanf(p + 1, "%2d:%2d", &h, &m) != 2)
            return -1;
        off = (h * 3600L + m * 60L) * (*p == '-' ? -1 : 1);
        p += 6;
    } else {
        return -1;
    }
    if (*p)
        return -1;
    *out = timegm(&tm) - off;
    return 0;
}

int tvc_cli_parse(tvc_arena *a, int argc, char **argv, tvc_opts *o,
                  const char *cmd, const char *usage)
{
    memset(o, 0, sizeof *o);
    o->fail_on = TVC_ERROR;
    o->check.expiry_warn_days = 30;
    tvc_define **tail = &o->parse.defines;
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "D:o:qh", longopts, NULL)) != -1) {
        switch (c) {
        case O_FORMAT:
            if (!strcmp(optarg, "text"))
                o->format = TVC_FMT_TEXT;
            else if (!strcmp(optarg, "json"))
                o->format = TVC_FMT_JSON;
            else if (!strcmp(optarg, "sarif"))
                o->format = TVC_FMT_SARIF;
            else if (!strcmp(optarg, "junit"))
                o->format = TVC_FMT_JUNIT;
            else {
                fprintf(stderr, "tlsvhostc %s: unknown format '%s' (text, json, sarif or junit)\n",
                        cmd, optarg);
                return -1;
            }
            break;
        case O_FAIL_ON:
            if (tvc_severity_parse(optarg, &o->fail_on) != 0) {
                fprintf(stderr, "tlsvhostc %s: --fail-on takes error, warning "
                        "or note, not '%s'\n", cmd, optarg);
                return -1;
            }
            break;
        case O_COLOR:
            if (!strcmp(optarg, "auto"))
                o->color = TVC_COLOR_AUTO;
            else if (!strcmp(optarg, "always"))
                o->color = TVC_COLOR_ALWAYS;
            else if (!strcmp(optarg, "never"))
                o->color = TVC_COLOR_NEVER;
            else {
                fprintf(stderr, "tlsvhostc %s: --color takes auto, always or never\n", cmd);
                return -1;
            }
            break;
        case O_SERVER_ROOT:
            o->parse.server_root = optarg;
            break;
        case O_ENV_FILE:
            o->parse.env_file = optarg;
            break;
        case O_HTTPD_VERSION:
            o->parse.httpd_version = optarg;
            break;
        case 'D': {
            tvc_define *d = tvc_arena_calloc(a, sizeof *d);
            char *eq = strchr(optarg, '=');
            d->name = eq ? tvc_arena_strndup(a, optarg, (size_t)(eq - optarg)) : optarg;
            d->value = eq ? eq + 1 : NULL;
            *tail = d;
            tail = &d->next;
            break;
        }
        case 'o':
            o->output = optarg;
            break;
        case O_CA_FILE:
            o->check.ca_file = optarg;
            break;
        case O_NOW:
            if (parse_time(optarg, &o->check.now) != 0) {
                fprintf(stderr, "tlsvhostc %s: --now takes an RFC 3339 time such as "
                        "2026-01-31T12:00:00Z, not '%s'\n", cmd, optarg);
                return -1;
            }
            break;
        case O_EXPIRY_WARN:
        case O_THREADS: {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (*end || end == optarg || v < 0 || v > 100000) {
                fprintf(stderr, "tlsvhostc %s: --%s takes a number, not '%s'\n", cmd,
                        c == O_THREADS ? "threads" : "expiry-warn", optarg);
                return -1;
            }
            if (c == O_THREADS)
                o->check.threads = (int)v;
            else
                o->check.expiry_warn_days = (int)v;
            break;
        }
        case O_PROFILE:
            if (strcmp(optarg, "modern") && strcmp(optarg, "intermediate") &&
                strcmp(optarg, "old")) {
                fprintf(stderr, "tlsvhostc %s: --profile takes modern, intermediate or "
                        "old, not '%s'\n", cmd, optarg);
                return -1;
            }
            o->check.profile = optarg;
            if (!(o->check.profile_data = tvc_cli_data_json(a, "mozilla-tls-profiles.json"))) {
                fprintf(stderr, "tlsvhostc %s: cannot read mozilla-tls-profiles.json from "
                        "%s (set TLSVHOSTC_DATADIR)\n", cmd, TVC_PKGDATADIR);
                return -1;
            }
            break;
        case O_TO:
            /* runtime is C source, not an httpd config: emit's only */
            if (!strcmp(optarg, "runtime") && strcmp(cmd, "emit")) {
                fprintf(stderr, "tlsvhostc %s: the runtime target writes C source, not a "
                        "config: use tlsvhostc emit --target=runtime\n", cmd);
                return -1;
            }
            if (strcmp(optarg, "mod_ssl") && strcmp(optarg, "mod_gnutls") &&
                strcmp(optarg, "mod_tls") && strcmp(optarg, "runtime")) {
                fprintf(stderr, "tlsvhostc %s: the target is %s, not '%s'\n", cmd,
                        strcmp(cmd, "emit") ? "mod_ssl, mod_gnutls or mod_tls"
                                            : "mod_ssl, mod_gnutls, mod_tls or runtime",
                        optarg);
                return -1;
            }
            o->target = optarg;
            break;
        case O_TEMPLATES:
            o->templates = optarg;
            break;
        case O_ALLOW_LOSSY:
            o->allow_lossy = 1;
            break;
        case O_IN_PLACE:
            o->in_place = 1;
            break;
        case O_BASE_DIR:
            o->base_dir = optarg;
            break;
        case O_DISABLE:
        case O_ENABLE: {
            /* A misspelt ID would silently keep (or drop) findings. */
            if (strcmp(optarg, "all") && !tvc_cli_id_known(optarg)) {
                fprintf(stderr, "tlsvhostc %s: --%s: unknown diagnostic ID '%s' (see "
                        "DIAGNOSTICS in tlsvhostc(1))\n", cmd,
                        c == O_DISABLE ? "disable" : "enable", optarg);
                return -1;
            }
            /* Later options win: "--disable all --enable key-mismatch". */
            int all = 0;
            size_t k = 0;
            for (size_t i = 0; i < o->n_disabled; i++)
                if (strcmp(o->disabled[i], optarg))
                    all |= !strcmp(o->disabled[k++] = o->disabled[i], "all");
            o->n_disabled = k;
            k = 0;
            for (size_t i = 0; i < o->n_enabled; i++)
                if (strcmp(o->enabled_after_all[i], optarg))
                    o->enabled_after_all[k++] = o->enabled_after_all[i];
            o->n_enabled = k;
            if (c == O_DISABLE) {
                o->disabled = tvc_arena_realloc(a, o->disabled,
                                                o->n_disabled * sizeof *o->disabled,
                                                (o->n_disabled + 1) * sizeof *o->disabled);
                o->disabled[o->n_disabled++] = optarg;
            } else if (all) {
                o->enabled_after_all = tvc_arena_realloc(a, o->enabled_after_all,
                    o->n_enabled * sizeof *o->enabled_after_all,
                    (o->n_enabled + 1) * sizeof *o->enabled_after_all);
                o->enabled_after_all[o->n_enabled++] = optarg;
            }
            break;
        }
        case O_LISTEN:
            o->listen = optarg;
            break;
        case O_SITE:
            o->site = optarg;
            break;
        case O_MAX_CONNECTIONS: {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (*end || end == optarg || v < 1) {
                fprintf(stderr, "tlsvhostc %s: --max-connections takes a positive number, "
                        "not '%s'\n", cmd, optarg);
                return -1;
            }
            o->max_connections = v;
            break;
        }
        case O_SNI_MAP:
            o->sni_map = 1;
            break;
        case 'q':
            o->quiet = 1;
            break;
        case 'h':
            fputs(usage, stdout);
            return 1;
        default:
            fprintf(stderr, "tlsvhostc %s: unknown or incomplete option '%s'\n%s",
                    cmd, argv[optind - 1], usage);
            return -1;
        }
    }
    if (optind != argc - 1) {
        fprintf(stderr, "tlsvhostc %s: %s\n%s", cmd,
                optind >= argc ? "no CONFIG given" : "only one CONFIG, please", usage);
        return -1;
    }
    o->config = argv[optind];
    return 0;
}

static void json_free(void *j)
{
    json_decref(j);
}

/* A data file: $TLSVHOSTC_DATADIR, the installed pkgdatadir, then the
 * source tree (so an uninstalled build works). Owned by the arena. */
json_t *tvc_cli_data_json(tvc_arena *a, const char *name)
{
    const char *dirs[] = {getenv("TLSVHOSTC_DATADIR"), TVC_PKGDATADIR, TVC_SRCDATADIR};
    for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
        if (!dirs[i])
            continue;
        char *p = tvc_arena_printf(a, "%s/%s", dirs[i], name);
        json_t *j = json_load_file(p, 0, NULL);
        if (j) {
            tvc_arena_cleanup_add(a, json_free, j);
            return j;
        }
    }
    return NULL;
}

void tvc_cli_filter(const tvc_opts *o, tvc_diags *d, const tvc_config *cfg)
{
    if (cfg)
        tvc_diags_suppress(d, cfg->suppressions);
    if (!o->n_disabled)
        return;
    int all = 0;
    for (size_t i = 0; i < o->n_disabled; i++)
        all |= !strcmp(o->disabled[i], "all");
    if (!all) {
        tvc_diags_disable(d, o->disabled, o->n_disabled);
        return;
    }
    /* --disable all: everything but what --enable named afterwards */
    tvc_diag **pp = &d->head, *last = NULL;
    while (*pp) {
        tvc_diag *g = *pp;
        int keep = 0;
        for (size_t i = 0; i < o->n_enabled; i++)
            keep |= !strcmp(o->enabled_after_all[i], g->id);
        if (!keep) {
            if (g->suppressed)
                d->n_suppressed--;
            else
                d->count[g->severity]--;
            *pp = g->next;
            d->stored--;
            continue;
        }
        last = g;
        pp = &g->next;
    }
    d->tail = last;
}

/* IR JSON starts with '{'; an httpd config never does. */
static int looks_like_json(const char *path)
{
    /* Never open what is not a regular file here: a FIFO would block. */
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return 0;
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    int c;
    while ((c = fgetc(f)) == ' ' || c == '\n' || c == '\t' || c == '\r')
        ;
    fclose(f);
    return c == '{';
}

tvc_ir *tvc_cli_load(tvc_arena *a, tvc_diags *d, const tvc_opts *o,
                     tvc_config **cfg_out)
{
    if (cfg_out)
        *cfg_out = NULL;
    if (looks_like_json(o->config)) {
        json_error_t err;
        json_t *j = json_load_file(o->config, 0, &err);
        if (!j) {
            tvc_loc l = {tvc_arena_strdup(a, o->config), (unsigned)err.line,
                         (unsigned)err.column, NULL};
            tvc_diag_add(d, "parse-error", TVC_ERROR, &l, 0, "invalid JSON: %s", err.text);
            return NULL;
        }
        tvc_ir *ir = tvc_ir_from_json(a, d, j, tvc_arena_strdup(a, o->config));
        json_decref(j);
        if (ir)
            tvc_policy_expand_ir(a, d, ir);
        return ir;
    }
    tvc_config *cfg = tvc_parse_file(a, d, o->config, &o->parse);
    if (!cfg)
        return NULL;
    if (cfg_out)
        *cfg_out = cfg;
    tvc_ir *ir = tvc_ir_build(a, d, cfg);
    tvc_policy_expand_ir(a, d, ir);
    return ir;
}
