/* The command-line options, as git's parse-options: each command has one
 * table of the options it takes, built from the shared rows below, and
 * that table is the only description of them: getopt_long's arguments,
 * the setters and `--help` all come from it. An option of another
 * command's table is refused by name ("does not apply to ir"), so a
 * flag that would do nothing never passes silently. */
#ifndef TVC_CLI_OPTIONS_H
#define TVC_CLI_OPTIONS_H

#include <stddef.h>
#include <stdio.h>

#include "base/arena.h"

typedef struct tvc_opts tvc_opts;
typedef struct tvc_cli_option tvc_cli_option;

/* Sets what OPT stands for from ARG (NULL when it takes no value).
 * 0: done; -1: refused, after saying why on stderr. */
typedef int (*tvc_cli_setter)(tvc_arena *a, tvc_opts *o, const tvc_cli_option *opt,
                              const char *cmd, const char *arg);

struct tvc_cli_option {
    const char *name;     /* the long name; NULL ends a table */
    int short_name;       /* 'o' for -o; 0: none */
    const char *argh;     /* its value as --help shows it (" DIR", "=a|b"); NULL: none */
    const char *help;     /* a '\n' continues the description on the next line */
    tvc_cli_setter set;
    size_t off;           /* the tvc_opts field of the generic setters */
};

typedef struct tvc_cli_cmd {
    const char *name;
    const char *usage;    /* the usage line and what the command does */
    const tvc_cli_option *options;
    int n_operands;       /* 1: CONFIG; 2: OLD NEW */
} tvc_cli_cmd;

int tvc_cli_set_string(tvc_arena *, tvc_opts *, const tvc_cli_option *, const char *, const char *);
int tvc_cli_set_flag(tvc_arena *, tvc_opts *, const tvc_cli_option *, const char *, const char *);
int tvc_cli_set_count(tvc_arena *, tvc_opts *, const tvc_cli_option *, const char *, const char *);
int tvc_cli_set_format(tvc_arena *, tvc_opts *, const tvc_cli_option *, const char *, const char *);
int tvc_cli_set_fail_on(tvc_arena *, tvc_opts *, const tvc_cli_option *, const char *, const char *);
int tvc_cli_set_color(tvc_arena *, tvc_opts *, const tvc_cli_option *, const char *, const char *);
int tvc_cli_set_define(tvc_arena *, tvc_opts *, const tvc_cli_option *, const char *, const char *);
int tvc_cli_set_now(tvc_arena *, tvc_opts *, const tvc_cli_option *, const char *, const char *);
int tvc_cli_set_profile(tvc_arena *, tvc_opts *, const tvc_cli_option *, const char *, const char *);
int tvc_cli_set_target(tvc_arena *, tvc_opts *, const tvc_cli_option *, const char *, const char *);
int tvc_cli_set_filter(tvc_arena *, tvc_opts *, const tvc_cli_option *, const char *, const char *);
int tvc_cli_set_max_conn(tvc_arena *, tvc_opts *, const tvc_cli_option *, const char *, const char *);

#define TVC_OPT_(name, sh, argh, help, set, field) \
    {name, sh, argh, help, set, offsetof(tvc_opts, field)}

/* The shared rows; HELP where the commands describe them differently. */
#define TVC_OPT_FORMAT(values, help) \
    TVC_OPT_("format", 0, "=" values, help, tvc_cli_set_format, format)
#define TVC_OPT_FAIL_ON \
    TVC_OPT_("fail-on", 0, "=error|warning|note", \
             "lowest severity that fails (default error)", tvc_cli_set_fail_on, fail_on)
/* Which findings are reported, and SARIF's paths: check's and probe's. */
#define TVC_OPT_FINDINGS \
    TVC_OPT_("disable", 0, " ID", "do not report ID (repeatable; 'all' for every ID)", \
             tvc_cli_set_filter, disabled), \
    TVC_OPT_("enable", 0, " ID", "report ID again after --disable (later options win)", \
             tvc_cli_set_filter, enabled_after_all), \
    TVC_OPT_("base-dir", 0, " DIR", "SARIF: paths relative to DIR", tvc_cli_set_string, \
             base_dir)
#define TVC_OPT_COLOR \
    TVC_OPT_("color", 0, "=auto|always|never", "", tvc_cli_set_color, color)
#define TVC_OPT_SERVER_ROOT \
    TVC_OPT_("server-root", 0, " DIR", \
             "ServerRoot for relative paths (default: CONFIG's directory)", \
             tvc_cli_set_string, parse.server_root)
#define TVC_OPT_DEFINE \
    TVC_OPT_("define", 'D', " NAME[=VALUE]", "define, as httpd -D", tvc_cli_set_define, \
             parse.defines)
#define TVC_OPT_ENV_FILE \
    TVC_OPT_("env-file", 0, " FILE", "read `export VAR=value` lines (Debian envvars)", \
             tvc_cli_set_string, parse.env_file)
#define TVC_OPT_HTTPD_VERSION \
    TVC_OPT_("httpd-version", 0, " X.Y.Z", \
             "version <IfVersion> compares with (default 2.4.71)", tvc_cli_set_string, \
             parse.httpd_version)
/* How CONFIG is read, as httpd reads it: every command that reads one. */
#define TVC_OPT_READING \
    TVC_OPT_SERVER_ROOT, TVC_OPT_DEFINE, TVC_OPT_ENV_FILE, TVC_OPT_HTTPD_VERSION
#define TVC_OPT_CA_FILE \
    TVC_OPT_("ca-file", 0, " FILE", \
             "trust anchors for chain checks (default: the system store)", \
             tvc_cli_set_string, check.ca_file)
#define TVC_OPT_NOW \
    TVC_OPT_("now", 0, " RFC3339", "the time expiry is checked against (default: now)", \
             tvc_cli_set_now, check.now)
#define TVC_OPT_EXPIRY_WARN \
    TVC_OPT_("expiry-warn", 0, " DAYS", \
             "warn about certificates expiring within DAYS (default 30)", \
             tvc_cli_set_count, check.expiry_warn_days)
#define TVC_OPT_OCSP_TIMEOUT \
    TVC_OPT_("ocsp-timeout", 0, " SECONDS", \
             "OCSP: connect and answer within SECONDS (default 10)", tvc_cli_set_count, \
             check.ocsp_timeout)
#define TVC_OPT_OUTPUT(argh, help) \
    TVC_OPT_("output", 'o', argh, help, tvc_cli_set_string, output)
#define TVC_OPT_QUIET(help) TVC_OPT_("quiet", 'q', NULL, help, tvc_cli_set_flag, quiet)
#define TVC_OPT_END {NULL, 0, NULL, NULL, NULL, 0}

/* The options tables of the commands, in cli/cmd_*.c. */
extern const tvc_cli_cmd tvc_cli_check, tvc_cli_ir, tvc_cli_convert, tvc_cli_emit,
    tvc_cli_diff, tvc_cli_serve, tvc_cli_ocsp_fetch, tvc_cli_probe;

/* CMD's usage and one line per option of its table. */
void tvc_cli_usage(FILE *f, const tvc_cli_cmd *cmd);

#endif
