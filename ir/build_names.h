/* What the IR build needs to know about a directive or section name:
 * its dialect row or httpd entry, whether its module is loaded, and
 * which of the core directives and sections the build reads it is.
 * Looked up once per distinct name (the parser stores each spelling
 * once): at 10,000 vhosts the build compared 200,000 lines with chains of
 * names, a third of its time. */
#ifndef TVC_BUILD_NAMES_H
#define TVC_BUILD_NAMES_H

#include "ir/dialect.h"
#include "parser/httpd_directives.h"
#include "parser/parser.h"

enum {
    TVC_NAME_OTHER = 0,
    /* directives */
    TVC_NAME_INCLUDE,       /* Include, IncludeOptional, Use: their children */
    TVC_NAME_SERVERNAME,
    TVC_NAME_SERVERALIAS,
    TVC_NAME_LISTEN,
    TVC_NAME_MDOMAIN,       /* also the section <MDomain> and <MDomainSet> */
    TVC_NAME_MDMATCHNAMES,
    TVC_NAME_GROUP,
    /* sections */
    TVC_NAME_VIRTUALHOST,
    TVC_NAME_MACRO,
};

typedef struct tvc_name_info {
    const char *name;
    const tvc_cmd *cmd;                /* a TLS module's row, or NULL */
    const tvc_dialect *dl;
    const tvc_httpd_directive *hd;     /* a standard module's, or NULL */
    unsigned char known;               /* any table has it */
    unsigned char role;                /* TVC_NAME_* */
    unsigned char module_missing;      /* LoadModule lines leave its module out */
    unsigned char if_prefix;           /* <If...>: transparent when it held */
    unsigned char condition;           /* <IfModule> & co.: skipped when false */
    unsigned char nested_dir;          /* <Directory*>, <Location*>, <Proxy>... */
    unsigned context;                  /* of a section: TVC_CTX_DIR, _PROXY, 0 */
    const char *suggestion;            /* "did you mean", found on first use */
    int suggested;
} tvc_name_info;

typedef struct tvc_names {
    tvc_arena *a;
    const tvc_config *cfg;
    tvc_name_info **slots;             /* open addressing by address */
    size_t cap, n;
} tvc_names;

void tvc_names_init(tvc_names *t, tvc_arena *a, const tvc_config *cfg);
tvc_name_info *tvc_names_get(tvc_names *t, const char *name);
/* Whether a name looked up while the config was still being read would
 * now be told otherwise (a LoadModule line came after it). */
int tvc_names_changed(const tvc_names *t);
/* The "did you mean" of an unknown name, computed once. */
const char *tvc_names_suggest(tvc_name_info *x);

#endif
