/* The reader: every syntax rule has a case that must pass (the tree it
 * gives is compared with an expected dump, see tt_dump in tests.h) and a
 * case that must fail with the right diagnostic at the right file, line
 * and column. Behaviours that need more than one assertion on the tree
 * (include chains, macro origins, raw text) follow the table. */
#include "config.h"

#include "tests.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>

typedef struct pcase {
    const char *rule;
    const char *conf;              /* httpd.conf ("@DIR@": scratch dir) */
    tt_file files[TT_MAX_FILES];   /* more files in the scratch dir */
    const char *defs;              /* -D list: "A,B=value" */
    const char *envfile;           /* text of tvc_parse_opts.env_file */
    const char *version;           /* tvc_parse_opts.httpd_version */
    const char *dump;              /* expected tt_dump of the root */
    /* where the first node named `node` must be (file NULL: httpd.conf) */
    const char *node, *nfile;
    unsigned nline, ncol;
    /* NULL: no warning or error at all; else this diagnostic at
     * file:line:col (file NULL: httpd.conf), and `nbad` (0: 1) warnings
     * plus errors in all */
    const char *id, *file;
    unsigned line, col;
    int nbad;
} pcase;

#define FILES(...) .files = {__VA_ARGS__}

static const pcase cases[] = {
    /* ---- directives and arguments ---------------------------------- */
    {.rule = "args",
     .conf = "ServerName a.test\nListen 192.0.2.1:443 https\n\tServerAlias  a  b\tc \n",
     .dump = "ServerName(a.test) Listen(192.0.2.1:443|https) ServerAlias(a|b|c)",
     .node = "ServerAlias", .nline = 3, .ncol = 2},
    {.rule = "last line without a newline",
     .conf = "ServerName a\nServerAdmin b",
     .dump = "ServerName(a) ServerAdmin(b)",
     .node = "ServerAdmin", .nline = 2, .ncol = 1},
    {.rule = "args: wrong arity",
     .conf = "ServerName a\n  Define A B C\n",
     .dump = "ServerName(a) Define(A|B|C)",
     .id = "parse-error", .line = 2, .col = 3},

    /* ---- quoting --------------------------------------------------- */
    {.rule = "double quotes, \\\" inside",
     .conf = "DocumentRoot \"/srv/my site\"\nHeader set X \"a \\\"b\\\" c\"\n"
             "ServerAdmin \"it's\"\n",
     .dump = "DocumentRoot(/srv/my site) Header(set|X|a \"b\" c) ServerAdmin(it's)"},
    /* ap_getword_conf: an unclosed quote takes the rest of the line,
     * blanks included; httpd says nothing */
    {.rule = "double quote unterminated: the rest of the line, no error",
     .conf = "ServerName ok\nDocumentRoot \"/srv/x\n"
             "ErrorDocument 404 \"Not here, sorry\n",
     .dump = "ServerName(ok) DocumentRoot(/srv/x) ErrorDocument(404|Not here, sorry)"},
    {.rule = "single quotes",
     .conf = "ServerAdmin 'a b' 'c \\'d\\'' '\"q\"'\n",
     .dump = "ServerAdmin(a b|c 'd'|\"q\")"},
    {.rule = "single quote unterminated: the rest of the line, no error",
     .conf = "\n\n   ServerAdmin 'abc  d\\'e\n",
     .dump = "ServerAdmin(abc  d'e)"},
    /* substring_conf: in quotes \\ and \<quote> lose the backslash, in a
     * bare word only \\ does; any other backslash stays */
    {.rule = "backslashes as substring_conf",
     .conf = "ServerAdmin \"a\\\\b\" \"c\\'d\" 'e\\\"f' g\\\\h i\\\"j k\\l \"m\\\\\"n\n",
     .dump = "ServerAdmin(a\\b|c\\'d|e\\\"f|g\\h|i\\\"j|k\\l|m\\|n)"},

    /* ---- continuation ---------------------------------------------- */
    {.rule = "backslash-newline continuation",
     .conf = "ServerAlias a \\\n  b \\\n  c\nServerName x\n",
     .dump = "ServerAlias(a|b|c) ServerName(x)",
     .node = "ServerName", .nline = 4, .ncol = 1},
    {.rule = "continuation with CRLF",
     .conf = "ServerAlias a \\\r\n  b\r\nServerName x\r\n",
     .dump = "ServerAlias(a|b) ServerName(x)",
     .node = "ServerName", .nline = 3, .ncol = 1},
    /* httpd 2.4 continues after a doubled backslash too (its
     * ap_cfg_getline_core no longer checks the byte before the backslash,
     * whatever its "[^\\]\\[\r]\n only" comment says) and drops only
     * the last one; a backslash elsewhere is an ordinary byte */
    {.rule = "a doubled backslash at the end continues too",
     .conf = "ServerAlias a\\\\\n  b\nServerName c\nServerAdmin a\\b\n",
     .dump = "ServerAlias(a\\|b) ServerName(c) ServerAdmin(a\\b)",
     .node = "ServerName", .nline = 3, .ncol = 1},
    {.rule = "error located on the continuation line",
     .conf = "ServerAlias a \\\n  ${TT_UNDEFINED}\n",
     .dump = "ServerAlias(a|${TT_UNDEFINED})",
     .id = "undefined-variable", .line = 2, .col = 3},

    /* ---- comments -------------------------------------------------- */
    {.rule = "# starts a comment only at line start",
     .conf = "# c1\nServerAdmin a#b  #c\n   # indented\n",
     .dump = "ServerAdmin(a#b|#c)",
     .node = "ServerAdmin", .nline = 2, .ncol = 1},
    {.rule = "a later # is an argument",
     .conf = "Define X y # trailing comment\n",
     .dump = "Define(X|y|#|trailing|comment)",
     .id = "parse-error", .line = 1, .col = 1},
    {.rule = "comments and blank lines",
     .conf = "# one\n\n  # two\n   \nServerName a\n",
     .dump = "ServerName(a)",
     .node = "ServerName", .nline = 5, .ncol = 1},

    /* ---- sections -------------------------------------------------- */
    {.rule = "case-insensitive section names",
     .conf = "<virtualhost *:443>\nservername a\n</VIRTUALHOST>\n"
             "<IFDEFINE !nope>\nserveradmin x\n</ifdefine>\n",
     .dump = "<virtualhost(*:443)>{servername(a)} <IFDEFINE(!nope)>{serveradmin(x)}"},
    {.rule = "close tag of another name",
     .conf = "<VirtualHost *:443>\n</VirtualHosts>\n</virtualhost>\n",
     .dump = "<VirtualHost(*:443)>{}",
     .id = "parse-error", .line = 2, .col = 1},
    {.rule = "nesting",
     .conf = "<VirtualHost *:443>\n  <Directory /srv>\n    <Files x>\n"
             "      Require all granted\n    </Files>\n  </Directory>\n"
             "</VirtualHost>\n",
     .dump = "<VirtualHost(*:443)>{<Directory(/srv)>{<Files(x)>{Require(all|granted)}}}",
     .node = "Require", .nline = 4, .ncol = 7},
    {.rule = "mismatched close tag",
     .conf = "<VirtualHost *:443>\n  <Directory /srv>\n  </VirtualHost>\n"
             "ServerName after\n",
     .dump = "<VirtualHost(*:443)>{<Directory(/srv)>{}} ServerName(after)",
     .id = "parse-error", .line = 3, .col = 3},
    {.rule = "closed section",
     .conf = "<IfModule mod_version.c>\nServerName a\n</IfModule>\n",
     .dump = "<IfModule(mod_version.c)>{ServerName(a)}"},
    {.rule = "unterminated section: at the opening line",
     .conf = "ServerName a\n  <VirtualHost *:443>\n  ServerName b\n",
     .dump = "ServerName(a) <VirtualHost(*:443)>{ServerName(b)}",
     .id = "parse-error", .line = 2, .col = 3},
    {.rule = "two unterminated sections",
     .conf = "<VirtualHost *:443>\n<Directory />\n</Directory>\n<Location /x>\n",
     .dump = "<VirtualHost(*:443)>{<Directory(/)>{} <Location(/x)>{}}",
     .id = "parse-error", .line = 1, .col = 1, .nbad = 2},
    {.rule = "matching close tag",
     .conf = "<Location /a>\n</Location>\n",
     .dump = "<Location(/a)>{}"},
    {.rule = "stray close tag",
     .conf = "ServerName a\n</Location>\nServerName b\n",
     .dump = "ServerName(a) ServerName(b)",
     .id = "parse-error", .line = 2, .col = 1},
    {.rule = "section with quoted and with no arguments",
     .conf = "<Directory \"/srv/a b\">\n</Directory>\n<Location>\n</Location>\n",
     .dump = "<Directory(/srv/a b)>{} <Location()>{}"},
    {.rule = "<Section> missing '>'",
     .conf = "<VirtualHost *:443\nServerName a\n</VirtualHost>\n",
     .dump = "<VirtualHost(*:443)>{ServerName(a)}",
     .id = "parse-error", .line = 1, .col = 1},
    {.rule = "</Section> missing '>'",
     .conf = "<VirtualHost *:443>\n</VirtualHost\n",
     .dump = "<VirtualHost(*:443)>{}",
     .id = "parse-error", .line = 2, .col = 1},

    /* httpd reads only the first word of a closing line
     * (ap_build_config_sub). A conditional section that held is read by
     * ap_build_cont_config: it ends at a line that is exactly </Name> or,
     * silently, at the end of its file, with whatever was opened inside
     * it; a false one (ap_soak_end_container) must be closed. */
    {.rule = "</VirtualHost> </IfModule>: the second tag is ignored, the held "
             "<IfModule> ends with the file",
     .conf = "<IfModule mod_version.c>\n<VirtualHost *:443>\nServerName a\n"
             "</VirtualHost> </IfModule>\nServerName b\n",
     .dump = "<IfModule(mod_version.c)>{<VirtualHost(*:443)>{ServerName(a)} ServerName(b)}"},
    {.rule = "sections opened in a held conditional end with the file",
     .conf = "<IfModule mod_version.c>\n<VirtualHost *:443>\nServerName a\n",
     .dump = "<IfModule(mod_version.c)>{<VirtualHost(*:443)>{ServerName(a)}}"},
    {.rule = "a held conditional ends with its included file",
     .conf = "Include a.conf\nServerName main\n",
     FILES({"a.conf", "<IfDefine !TT_NOPE>\nServerName a\n"}),
     .dump = "Include(a.conf){@a.conf{<IfDefine(!TT_NOPE)>{ServerName(a)}}} ServerName(main)"},
    {.rule = "a false conditional must be closed",
     .conf = "<IfModule tt_nosuch_module>\n<VirtualHost *:443>\n</VirtualHost> </IfModule>\n",
     .dump = "<IfModule(tt_nosuch_module)>{!<VirtualHost(*:443)>{}}",
     .id = "parse-error", .line = 1, .col = 1},
    {.rule = "a section around a held conditional must be closed",
     .conf = "<VirtualHost *:443>\n<IfModule mod_version.c>\nServerName a\n",
     .dump = "<VirtualHost(*:443)>{<IfModule(mod_version.c)>{ServerName(a)}}",
     .id = "parse-error", .line = 1, .col = 1},
    {.rule = "a held conditional closes only on a line of its own",
     .conf = "<IfModule mod_version.c>\nServerName a\n</IfModule> # end\n",
     .dump = "<IfModule(mod_version.c)>{ServerName(a)}",
     .id = "parse-error", .line = 3, .col = 1},
    {.rule = "a false conditional closes with words after the tag",
     .conf = "<IfModule tt_nosuch_module>\nServerName a\n</IfModule> # end\n",
     .dump = "<IfModule(tt_nosuch_module)>{!ServerName(a)}"},
    {.rule = "words after </VirtualHost> are ignored",
     .conf = "<VirtualHost *:443>\n</VirtualHost> # end of a.test\n",
     .dump = "<VirtualHost(*:443)>{}"},
    {.rule = "the first word of a closing line must end in '>'",
     .conf = "<VirtualHost *:443>\n</VirtualHost >\n",
     .dump = "<VirtualHost(*:443)>{}",
     .id = "parse-error", .line = 2, .col = 1},

    /* ---- Include --------------------------------------------------- */
    {.rule = "Include wildcard, sorted",
     .conf = "Include conf.d/*.conf\nServerName main\n",
     FILES({"conf.d/b.conf", "ServerName b\n"}, {"conf.d/a.conf", "ServerName a\n"},
           {"conf.d/B2.conf", "ServerName B2\n"}, {"conf.d/c.txt", "ServerName c\n"}),
     .dump = "Include(conf.d/*.conf){@B2.conf{ServerName(B2)} @a.conf{ServerName(a)} "
             "@b.conf{ServerName(b)}} ServerName(main)",
     .node = "ServerName", .nfile = "B2.conf", .nline = 1, .ncol = 1},
    {.rule = "wildcard directories sorted per component, as httpd does",
     .conf = "Include mods/*/x.conf\n",
     FILES({"mods/a.d/x.conf", "ServerName a.d\n"}, {"mods/a-b/x.conf", "ServerName a-b\n"},
           {"mods/a/x.conf", "ServerName a\n"}, {"mods/x.conf", "ServerName top\n"}),
     .dump = "Include(mods/*/x.conf){@x.conf{ServerName(a)} @x.conf{ServerName(a-b)} "
             "@x.conf{ServerName(a.d)}}"},
    {.rule = "Include wildcard without match",
     .conf = "ServerName x\nInclude conf.d/*.none\n",
     FILES({"conf.d/a.conf", "ServerName a\n"}),
     .dump = "ServerName(x) Include(conf.d/*.none)",
     .id = "include-missing", .line = 2, .col = 9},
    {.rule = "IncludeOptional of missing files",
     .conf = "IncludeOptional missing.conf\nIncludeOptional nodir/*.conf\n"
             "IncludeOptional conf.d/*.none\nIncludeOptional conf.d/*.conf\n",
     FILES({"conf.d/a.conf", "ServerName a\n"}),
     .dump = "IncludeOptional(missing.conf) IncludeOptional(nodir/*.conf) "
             "IncludeOptional(conf.d/*.none) IncludeOptional(conf.d/*.conf){@a.conf{ServerName(a)}}"},
    {.rule = "Include of a missing file",
     .conf = "\nInclude missing.conf\n",
     .dump = "Include(missing.conf)",
     .id = "include-missing", .line = 2, .col = 1},
    {.rule = "Include of a directory, sorted, recursive",
     .conf = "Include sites\n",
     FILES({"sites/20-b.conf", "ServerName b\n"}, {"sites/10-a.conf", "ServerName a\n"},
           {"sites/15-sub/x.conf", "ServerName x\n"}),
     .dump = "Include(sites){@10-a.conf{ServerName(a)} @x.conf{ServerName(x)} "
             "@20-b.conf{ServerName(b)}}",
     .node = "ServerName", .nfile = "10-a.conf", .nline = 1, .ncol = 1},
    {.rule = "Include of a missing directory",
     .conf = "Include sites-missing/\n",
     .dump = "Include(sites-missing/)",
     .id = "include-missing", .line = 1, .col = 1},
    {.rule = "a section does not span included files",
     .conf = "Include sites\nServerName main\n",
     FILES({"sites/10-a.conf", "ServerName a\n<VirtualHost *:443>\n"}),
     .dump = "Include(sites){@10-a.conf{ServerName(a) <VirtualHost(*:443)>{}}} ServerName(main)",
     .id = "parse-error", .file = "10-a.conf", .line = 2, .col = 1},
    {.rule = "Include relative to ServerRoot",
     .conf = "ServerRoot \"@DIR@/srv\"\nInclude conf/x.conf\n",
     FILES({"srv/conf/x.conf", "ServerName x\n"}),
     .dump = "ServerRoot(@DIR@/srv) Include(conf/x.conf){@x.conf{ServerName(x)}}"},
    {.rule = "Include not relative to the config's directory once ServerRoot is set",
     .conf = "ServerRoot \"@DIR@/srv\"\nInclude x.conf\n",
     FILES({"x.conf", "ServerName x\n"}),
     .dump = "ServerRoot(@DIR@/srv) Include(x.conf)",
     .id = "include-missing", .line = 2, .col = 1},
    {.rule = "the same file included twice is no loop",
     .conf = "Include a.conf\nInclude a.conf\n",
     FILES({"a.conf", "ServerAdmin x\n"}),
     .dump = "Include(a.conf){@a.conf{ServerAdmin(x)}} Include(a.conf){@a.conf{ServerAdmin(x)}}"},
    {.rule = "Include cycle",
     .conf = "Include a.conf\n",
     FILES({"a.conf", "Include b.conf\n"}, {"b.conf", "ServerName b\nInclude a.conf\n"}),
     .dump = "Include(a.conf){@a.conf{Include(b.conf){@b.conf{ServerName(b) Include(a.conf)}}}}",
     .id = "include-loop", .file = "b.conf", .line = 2, .col = 1},
    {.rule = "Include of the main config",
     .conf = "ServerName a\nInclude httpd.conf\n",
     .dump = "ServerName(a) Include(httpd.conf)",
     .id = "include-loop", .line = 2, .col = 1},

    /* ---- Define, ${VAR} -------------------------------------------- */
    {.rule = "Define and ${VAR}",
     .conf = "Define HOST a.test\nServerName ${HOST}\nServerAlias www.${HOST} x${HOST}y\n"
             "Define B ${HOST}2\nServerAdmin ${B}\nDefine P 443\n<VirtualHost *:${P}>\n"
             "</VirtualHost>\n",
     .dump = "Define(HOST|a.test) ServerName(a.test) ServerAlias(www.a.test|xa.testy) "
             "Define(B|a.test2) ServerAdmin(a.test2) Define(P|443) <VirtualHost(*:443)>{}"},
    {.rule = "${VAR} is expanded before the line is split",
     .conf = "Define X \"a b\"\nServerAlias ${X} \"${X}\"\n",
     .dump = "Define(X|a b) ServerAlias(a|b|a b)"},
    {.rule = "undefined ${VAR} is kept",
     .conf = "ServerName x\nServerAlias www.${TT_NOPE}.test\n",
     .dump = "ServerName(x) ServerAlias(www.${TT_NOPE}.test)",
     .id = "undefined-variable", .line = 2, .col = 17},
    /* ap_resolve_env: no warning for a name with ':' (RewriteMap calls) */
    {.rule = "${map:key} is left alone",
     .conf = "RewriteRule ^/(.*) /x/${lower:$1} [L]\nRewriteCond ${m:%{HTTP_HOST}|x} !=y\n",
     .dump = "RewriteRule(^/(.*)|/x/${lower:$1}|[L]) RewriteCond(${m:%{HTTP_HOST}|x}|!=y)"},
    /* the name runs to the next '}' and an unknown one is skipped whole;
     * "${" without '}' is text */
    {.rule = "unknown ${...} kept whole, ${ without }",
     .conf = "Define B b\nServerAlias ${TT_NOPE${B}} a${b c\n",
     .dump = "Define(B|b) ServerAlias(${TT_NOPE${B}}|a${b|c)",
     .id = "undefined-variable", .line = 2, .col = 13},
    {.rule = "UnDefine",
     .conf = "Define X 1\nUnDefine X\n<IfDefine !X>\nServerName off\n</IfDefine>\n",
     .dump = "Define(X|1) UnDefine(X) <IfDefine(!X)>{ServerName(off)}"},
    {.rule = "UnDefine'd ${VAR}",
     .conf = "Define X 1\nUnDefine X\nServerName ${X}\n",
     .dump = "Define(X|1) UnDefine(X) ServerName(${X})",
     .id = "undefined-variable", .line = 3, .col = 12},
    {.rule = "${VAR} from the environment",
     .conf = "ServerName ${TT_ENV_ONLY}\n",
     .dump = "ServerName(env-only)"},
    {.rule = "Define, then env file, then environment",
     .envfile = "# Debian envvars\nexport TT_FILE_ONLY=file-only\nexport TT_ENV_BOTH=file\n"
                "export TT_ENV_ALL=file\nexport TT_Q=\"quoted value\"\nTT_SUFFIX=-x\n"
                "export TT_S=base${TT_SUFFIX}\n",
     .conf = "Define TT_ENV_ALL define\n"
             "ServerAlias ${TT_ENV_ONLY} ${TT_FILE_ONLY} ${TT_ENV_BOTH} ${TT_ENV_ALL} ${TT_S}\n"
             "ServerAdmin \"${TT_Q}\"\n",
     .dump = "Define(TT_ENV_ALL|define) ServerAlias(env-only|file-only|file|define|base-x) "
             "ServerAdmin(quoted value)"},
    {.rule = "unexported env file variable",
     .envfile = "TT_UNEXPORTED=x\n",
     .conf = "ServerName ${TT_UNEXPORTED}\n",
     .dump = "ServerName(${TT_UNEXPORTED})",
     .id = "undefined-variable", .line = 1, .col = 12},
    {.rule = "-D NAME and -D NAME=VALUE",
     .defs = "TT_D,TT_DV=val",
     .conf = "<IfDefine TT_D>\nServerName ${TT_DV}\n</IfDefine>\n",
     .dump = "<IfDefine(TT_D)>{ServerName(val)}"},
    {.rule = "-D NAME has no value",
     .defs = "TT_D",
     .conf = "<IfDefine TT_D>\nServerName ${TT_D}\n</IfDefine>\n",
     .dump = "<IfDefine(TT_D)>{ServerName(${TT_D})}",
     .id = "undefined-variable", .line = 2, .col = 12},

    /* ---- conditionals ---------------------------------------------- */
    {.rule = "IfDefine",
     .conf = "Define ON\n<IfDefine ON>\nServerName a\n</IfDefine>\n<IfDefine !ON>\n"
             "ServerName b\n</IfDefine>\n<IfDefine OFF>\n<IfDefine !OFF>\nServerName c\n"
             "</IfDefine>\n</IfDefine>\n",
     .dump = "Define(ON) <IfDefine(ON)>{ServerName(a)} <IfDefine(!ON)>{!ServerName(b)} "
             "<IfDefine(OFF)>{!<IfDefine(!OFF)>{!ServerName(c)}}"},
    {.rule = "IfDefine with only '!'",
     .conf = "ServerName a\n<IfDefine !>\n</IfDefine>\n",
     .dump = "ServerName(a) <IfDefine(!)>{}",
     .id = "parse-error", .line = 2, .col = 1},
    {.rule = "IfDefine with two names",
     .conf = "<IfDefine A B>\n</IfDefine>\n",
     .dump = "<IfDefine(A|B)>{}",
     .id = "parse-error", .line = 1, .col = 1},
    {.rule = "IfModule from the LoadModule lines seen so far",
     .conf = "<IfModule ssl_module>\nServerName a\n</IfModule>\n"
             "LoadModule ssl_module modules/mod_ssl.so\n"
             "<IfModule ssl_module>\nServerName b\n</IfModule>\n"
             "<IfModule mod_ssl.c>\nServerName c\n</IfModule>\n"
             "<IfModule !mod_ssl.c>\nServerName d\n</IfModule>\n"
             "<IfModule mod_version.c>\nServerName e\n</IfModule>\n"
             "<IfModule rewrite_module>\nServerName f\n</IfModule>\n"
             "LoadModule foo_module /opt/x/mod_foo.so\n"
             "<IfModule mod_foo.c>\nServerName g\n</IfModule>\n",
     .dump = "<IfModule(ssl_module)>{!ServerName(a)} LoadModule(ssl_module|modules/mod_ssl.so) "
             "<IfModule(ssl_module)>{ServerName(b)} <IfModule(mod_ssl.c)>{ServerName(c)} "
             "<IfModule(!mod_ssl.c)>{!ServerName(d)} <IfModule(mod_version.c)>{ServerName(e)} "
             "<IfModule(rewrite_module)>{!ServerName(f)} "
             "LoadModule(foo_module|/opt/x/mod_foo.so) <IfModule(mod_foo.c)>{ServerName(g)}"},
    {.rule = "IfModule names are case-sensitive (httpd compares with strcmp)",
     .conf = "LoadModule ssl_module modules/mod_ssl.so\n<IfModule SSL_module>\nServerName a\n"
             "</IfModule>\n<IfModule MOD_SSL.C>\nServerName b\n</IfModule>\n",
     .dump = "LoadModule(ssl_module|modules/mod_ssl.so) <IfModule(SSL_module)>{!ServerName(a)} "
             "<IfModule(MOD_SSL.C)>{!ServerName(b)}"},
    {.rule = "IfModule without a module",
     .conf = "<IfModule>\n</IfModule>\n",
     .dump = "<IfModule()>{}",
     .id = "parse-error", .line = 1, .col = 1},
    {.rule = "LoadModule without a file",
     .conf = "ServerName a\n LoadModule ssl_module\n",
     .dump = "ServerName(a) LoadModule(ssl_module)",
     .id = "parse-error", .line = 2, .col = 2},
    {.rule = "IfFile",
     .conf = "<IfFile exists.conf>\nServerName a\n</IfFile>\n<IfFile !exists.conf>\n"
             "ServerName b\n</IfFile>\n<IfFile /nonexistent/tt>\nServerName c\n</IfFile>\n"
             "<IfFile \"@DIR@/exists.conf\">\nServerName d\n</IfFile>\n",
     FILES({"exists.conf", ""}),
     .dump = "<IfFile(exists.conf)>{ServerName(a)} <IfFile(!exists.conf)>{!ServerName(b)} "
             "<IfFile(/nonexistent/tt)>{!ServerName(c)} <IfFile(@DIR@/exists.conf)>{ServerName(d)}"},
    {.rule = "IfFile without a file",
     .conf = "<IfFile>\n</IfFile>\n",
     .dump = "<IfFile()>{}",
     .id = "parse-error", .line = 1, .col = 1},
    {.rule = "IfDirective",
     .conf = "<IfDirective ServerName>\nServerName a\n</IfDirective>\n"
             "<IfDirective SSLEngine>\nServerName b\n</IfDirective>\n"
             "LoadModule ssl_module modules/mod_ssl.so\n"
             "<IfDirective sslengine>\nServerName c\n</IfDirective>\n"
             "<IfDirective !RewriteEngine>\nServerName d\n</IfDirective>\n"
             "<IfDirective VirtualHost>\nServerName e\n</IfDirective>\n",
     .dump = "<IfDirective(ServerName)>{ServerName(a)} <IfDirective(SSLEngine)>{!ServerName(b)} "
             "LoadModule(ssl_module|modules/mod_ssl.so) <IfDirective(sslengine)>{ServerName(c)} "
             "<IfDirective(!RewriteEngine)>{ServerName(d)} <IfDirective(VirtualHost)>{!ServerName(e)}"},
    {.rule = "IfDirective with two names",
     .conf = "<IfDirective A B>\n</IfDirective>\n",
     .dump = "<IfDirective(A|B)>{}",
     .id = "parse-error", .line = 1, .col = 1},
    {.rule = "IfSection",
     .conf = "<IfSection VirtualHost>\nServerName a\n</IfSection>\n"
             "<IfSection Proxy>\nServerName b\n</IfSection>\n"
             "<IfSection ServerName>\nServerName c\n</IfSection>\n"
             "LoadModule proxy_module modules/mod_proxy.so\n"
             "<IfSection proxy>\nServerName d\n</IfSection>\n",
     .dump = "<IfSection(VirtualHost)>{ServerName(a)} <IfSection(Proxy)>{!ServerName(b)} "
             "<IfSection(ServerName)>{!ServerName(c)} LoadModule(proxy_module|modules/mod_proxy.so) "
             "<IfSection(proxy)>{ServerName(d)}"},
    {.rule = "IfSection without a name",
     .conf = "<IfSection>\n</IfSection>\n",
     .dump = "<IfSection()>{}",
     .id = "parse-error", .line = 1, .col = 1},
    {.rule = "IfVersion against the default 2.4.71",
     .conf = "<IfVersion >= 2.4>\nServerName a\n</IfVersion>\n"
             "<IfVersion < 2.4.10>\nServerName b\n</IfVersion>\n"
             "<IfVersion 2.4.71>\nServerName c\n</IfVersion>\n"
             "<IfVersion ~ ^2\\.4\\.>\nServerName d\n</IfVersion>\n"
             "<IfVersion /^2\\.2/>\nServerName e\n</IfVersion>\n"
             "<IfVersion !~ ^2\\.2>\nServerName f\n</IfVersion>\n"
             "<IfVersion != 2.4.71>\nServerName g\n</IfVersion>\n",
     .dump = "<IfVersion(>=|2.4)>{ServerName(a)} <IfVersion(<|2.4.10)>{!ServerName(b)} "
             "<IfVersion(2.4.71)>{ServerName(c)} <IfVersion(~|^2\\.4\\.)>{ServerName(d)} "
             "<IfVersion(/^2\\.2/)>{!ServerName(e)} <IfVersion(!~|^2\\.2)>{ServerName(f)} "
             "<IfVersion(!=|2.4.71)>{!ServerName(g)}"},
    {.rule = "IfVersion against httpd_version",
     .version = "2.2.34",
     .conf = "<IfVersion >= 2.4>\nServerName a\n</IfVersion>\n"
             "<IfVersion /^2\\.2/>\nServerName b\n</IfVersion>\n",
     .dump = "<IfVersion(>=|2.4)>{!ServerName(a)} <IfVersion(/^2\\.2/)>{ServerName(b)}"},
    {.rule = "IfVersion with an unknown operator",
     .conf = "<IfVersion %% 2.4>\n</IfVersion>\n",
     .dump = "<IfVersion(%%|2.4)>{}",
     .id = "parse-error", .line = 1, .col = 1},
    {.rule = "IfVersion with a bad regex",
     .conf = "ServerName a\n<IfVersion ~ \"(\">\n</IfVersion>\n",
     .dump = "ServerName(a) <IfVersion(~|()>{}",
     .id = "parse-error", .line = 2, .col = 1},

    /* ---- mod_macro ------------------------------------------------- */
    {.rule = "Macro, Use, UndefMacro",
     .conf = "<Macro VHost $name $port>\n<VirtualHost *:$port>\n  ServerName $name\n"
             "</VirtualHost>\n</Macro>\nUse VHost a.test 443\nUse VHost b.test 8443\n"
             "UndefMacro VHost\n",
     .dump = "<Macro(VHost|$name|$port)>{!<VirtualHost(*:$port)>{!ServerName($name)}} "
             "Use(VHost|a.test|443){<VirtualHost(*:443)>{ServerName(a.test)}} "
             "Use(VHost|b.test|8443){<VirtualHost(*:8443)>{ServerName(b.test)}} "
             "UndefMacro(VHost)",
     .node = "ServerName", .nline = 3, .ncol = 3},
    {.rule = "Use with the wrong number of arguments",
     .conf = "<Macro M $a>\nServerName $a\n</Macro>\nUse M\n",
     .dump = "<Macro(M|$a)>{!ServerName($a)} Use(M)",
     .id = "parse-error", .line = 4, .col = 1},
    {.rule = "Use after UndefMacro",
     .conf = "<Macro M>\nServerName m\n</Macro>\nUndefMacro M\nUse M\n",
     .dump = "<Macro(M)>{!ServerName(m)} UndefMacro(M) Use(M)",
     .id = "parse-error", .line = 5, .col = 1},
    {.rule = "error inside a macro body is located in the body",
     .conf = "<Macro M $x>\n  ServerAlias ${TT_UNDEF_$x}\n</Macro>\nUse M a\n",
     .dump = "<Macro(M|$x)>{!ServerAlias(${TT_UNDEF_$x})} Use(M|a){ServerAlias(${TT_UNDEF_a})}",
     .id = "undefined-variable", .line = 2, .col = 15},

    /* ---- inactive content ------------------------------------------ */
    {.rule = "inactive content is kept and not acted on",
     .conf = "<IfDefine NOPE>\nInclude missing.conf\nDefine X 1\nServerName ${UNDEF_TT}\n"
             "ServerAdmin \"unterminated\nLoadModule ssl_module x.so\n</IfDefine>\n"
             "<IfDefine X>\nServerName defined\n</IfDefine>\n"
             "<IfModule ssl_module>\nServerName ssl\n</IfModule>\n",
     .dump = "<IfDefine(NOPE)>{!Include(missing.conf) !Define(X|1) !ServerName(${UNDEF_TT}) "
             "!ServerAdmin(unterminated) !LoadModule(ssl_module|x.so)} "
             "<IfDefine(X)>{!ServerName(defined)} <IfModule(ssl_module)>{!ServerName(ssl)}"},
    {.rule = "nesting is still checked in inactive content",
     .conf = "<IfDefine NOPE>\n  <VirtualHost *:443>\n</IfDefine>\n",
     .dump = "<IfDefine(NOPE)>{!<VirtualHost(*:443)>{}}",
     .id = "parse-error", .line = 3, .col = 1},
};

#define NCASES (sizeof cases / sizeof cases[0])

static tvc_define *make_defines(tvc_arena *a, const char *list)
{
    tvc_define *head = NULL, **tail = &head;
    if (!list)
        return NULL;
    char *s = tvc_arena_strdup(a, list), *save = NULL;
    for (char *tok = strtok_r(s, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        tvc_define *d = tvc_arena_calloc(a, sizeof *d);
        char *eq = strchr(tok, '=');
        if (eq) {
            *eq = '\0';
            d->value = eq + 1;
        }
        d->name = tok;
        *tail = d;
        tail = &d->next;
    }
    return head;
}

static void run_case(size_t i)
{
    const pcase *c = &cases[i];
    tt_ctx t;
    if (tt_init(&t) != 0)
        return;
    t.opts.defines = make_defines(t.a, c->defs);
    t.opts.httpd_version = c->version;
    if (c->envfile) {
        tt_write(&t, "envvars", c->envfile);
        t.opts.env_file = tt_path(&t, "envvars");
    }
    tvc_config *cfg = tt_parse(&t, c->conf, c->files);
    TT_CHECK(cfg != NULL, "case %zu (%s): the config was not parsed", i, c->rule);
    if (!cfg) {
        tt_done(&t);
        return;
    }
    const char *diags = tt_diags_text(t.a, &t.d);
    if (c->dump) {
        const char *got = tt_dump(t.a, cfg->root), *want = tt_subst(&t, c->dump);
        TT_CHECK(strcmp(got, want) == 0, "case %zu (%s):\n    tree     %s\n    expected %s",
                 i, c->rule, got, want);
    }
    if (c->node) {
        const tvc_node *n = tt_node(cfg->root, c->node, 0);
        const char *nf = c->nfile ? c->nfile : "httpd.conf";
        TT_CHECK(n && tt_loc_is(&n->loc, nf, c->nline, c->ncol),
                 "case %zu (%s): %s is at %s:%u:%u, expected %s:%u:%u", i, c->rule,
                 c->node, n ? tt_base(n->loc.file) : "-", n ? n->loc.line : 0,
                 n ? n->loc.col : 0, nf, c->nline, c->ncol);
    }
    size_t bad = tt_count_sev(&t.d, TVC_WARNING);
    if (!c->id) {
        TT_CHECK(bad == 0, "case %zu (%s): expected no warning or error, got:%s", i,
                 c->rule, diags);
    } else {
        const char *f = c->file ? c->file : "httpd.conf";
        const tvc_diag *g = tt_diag_at(&t.d, c->id, f, c->line, c->col);
        TT_CHECK(g != NULL, "case %zu (%s): expected [%s] at %s:%u:%u, got:%s", i,
                 c->rule, c->id, f, c->line, c->col, diags);
        TT_CHECK(!g || g->severity >= TVC_WARNING,
                 "case %zu (%s): [%s] is only a note", i, c->rule, c->id);
        size_t want = c->nbad ? (size_t)c->nbad : 1;
        TT_CHECK(bad == want, "case %zu (%s): expected %zu warning(s)/error(s), got %zu:%s",
                 i, c->rule, want, bad, diags);
    }
    tt_done(&t);
}

static void test_table(void)
{
    for (size_t i = 0; i < NCASES; i++)
        run_case(i);
}

/* Every rule has a passing and a failing case. */
static void test_table_complete(void)
{
    size_t pass = 0, fail = 0;
    for (size_t i = 0; i < NCASES; i++) {
        if (cases[i].id)
            fail++;
        else
            pass++;
    }
    TT_CHECK(pass >= 25 && fail >= 25, "%zu passing and %zu failing cases", pass, fail);
}

/* ---- include chain -------------------------------------------------- */

static void test_include_origin(void)
{
    tt_ctx t;
    if (tt_init(&t))
        return;
    static const tt_file files[] = {
        {"conf.d/a.conf", "# a\n\nInclude conf.d/b.conf\n"},
        {"conf.d/b.conf", "ServerName deep\nServerAlias ${TT_NOPE}\n"},
        {NULL, NULL},
    };
    tvc_config *cfg = tt_parse(&t, "ServerName top\n  Include conf.d/a.conf\n", files);
    CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
    const tvc_node *top = tt_node(cfg->root, "ServerName", 0);
    const tvc_node *deep = tt_node(cfg->root, "ServerName", 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(top);
    CU_ASSERT_PTR_NOT_NULL_FATAL(deep);
    TT_STREQ(top->argv[0], "top");
    CU_ASSERT_PTR_NULL(top->loc.origin);
    TT_STREQ(deep->argv[0], "deep");
    TT_LOC(&deep->loc, "b.conf", 1, 1);
    const tvc_origin *o = deep->loc.origin;
    CU_ASSERT_PTR_NOT_NULL_FATAL(o);
    TT_INTEQ(o->kind, TVC_ORIGIN_INCLUDE);
    TT_LOC(&o->at, "a.conf", 3, 1);
    const tvc_origin *o2 = o->at.origin;
    CU_ASSERT_PTR_NOT_NULL_FATAL(o2);
    TT_INTEQ(o2->kind, TVC_ORIGIN_INCLUDE);
    TT_LOC(&o2->at, "httpd.conf", 2, 3);
    CU_ASSERT_PTR_NULL(o2->at.origin);
    /* the file node carries the same chain */
    const tvc_node *fnode = deep->parent;
    CU_ASSERT_PTR_NOT_NULL_FATAL(fnode);
    TT_INTEQ(fnode->kind, TVC_N_FILE);
    TT_STREQ(tt_base(fnode->name), "b.conf");
    CU_ASSERT_PTR_EQUAL(fnode->loc.origin, o);
    TT_INTEQ(fnode->parent->kind, TVC_N_DIRECTIVE);
    TT_STREQ(fnode->parent->name, "Include");
    /* and so does a diagnostic in that file */
    const tvc_diag *g = tt_diag_at(&t.d, "undefined-variable", "b.conf", 2, 13);
    TT_CHECK(g != NULL, "undefined-variable at b.conf:2:13 expected, got:%s",
             tt_diags_text(t.a, &t.d));
    if (g) {
        CU_ASSERT_PTR_EQUAL(g->loc.origin, o);
    }
    TT_INTEQ(cfg->n_files, 3);
    tt_done(&t);
}

static void test_include_vhost_order(void)
{
    tt_ctx t;
    if (tt_init(&t))
        return;
    static const tt_file files[] = {
        {"sites/z.conf", "<VirtualHost *:443>\nServerName z\n</VirtualHost>\n"},
        {"sites/a.conf", "<VirtualHost *:443>\nServerName a\n</VirtualHost>\n"},
        {"sites/m.conf", "# m\n<VirtualHost *:443>\nServerName m\n</VirtualHost>\n"},
        {"dir/2.conf", "<VirtualHost *:80>\nServerName d2\n</VirtualHost>\n"},
        {"dir/1.conf", "<VirtualHost *:80>\nServerName d1\n</VirtualHost>\n"},
        {NULL, NULL},
    };
    tvc_ir *ir = tt_build(&t, "<VirtualHost *:443>\nServerName first\n</VirtualHost>\n"
                              "Include sites/*.conf\nInclude dir/\n"
                              "<VirtualHost *:443>\nServerName last\n</VirtualHost>\n",
                          files);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ir);
    static const char *const want[] = {"first", "a", "m", "z", "d1", "d2", "last"};
    TT_INTEQ(ir->n_vhosts, 7);
    for (size_t i = 0; i < 7 && i < ir->n_vhosts; i++)
        TT_STREQ(ir->vhosts[i].server_name, want[i]);
    if (ir->n_vhosts == 7) {
        TT_LOC(&ir->vhosts[2].loc, "m.conf", 2, 1);
        TT_LOC(&ir->vhosts[6].loc, "httpd.conf", 6, 1);
    }
    TT_INTEQ(tt_count_sev(&t.d, TVC_WARNING), 0);
    tt_done(&t);
}

static void test_include_depth(void)
{
    tt_ctx t;
    if (tt_init(&t))
        return;
    t.opts.max_include_depth = 2;
    static const tt_file files[] = {
        {"a.conf", "Include b.conf\n"},
        {"b.conf", "Include c.conf\n"},
        {"c.conf", "ServerName c\n"},
        {NULL, NULL},
    };
    tvc_config *cfg = tt_parse(&t, "Include a.conf\n", files);
    CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
    TT_CHECK(tt_diag_at(&t.d, "include-loop", "b.conf", 1, 1) != NULL,
             "include-loop at b.conf:1:1 expected, got:%s", tt_diags_text(t.a, &t.d));
    CU_ASSERT_PTR_NULL(tt_node(cfg->root, "ServerName", 0));
    tt_done(&t);
}

/* --server-root fixes the root: ServerRoot lines are then ignored. */
static void test_server_root_option(void)
{
    tt_ctx t;
    if (tt_init(&t))
        return;
    tt_write(&t, "other/x.conf", "ServerName x\nSSLCertificateFile rel.pem\n");
    t.opts.server_root = tt_path(&t, "other");
    tvc_ir *ir = tt_build(&t, "ServerRoot /nonexistent/tt\nInclude x.conf\n", NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ir);
    TT_INTEQ(tt_count_sev(&t.d, TVC_WARNING), 0);
    char real[PATH_MAX];
    CU_ASSERT_PTR_NOT_NULL_FATAL(realpath(t.opts.server_root, real));
    TT_STREQ(t.cfg->server_root, real);
    TT_STREQ(ir->server_name, "x");
    TT_INTEQ(ir->server.certs.n, 1);
    if (ir->server.certs.n)
        TT_STREQ(ir->server.certs.v[0].cert, tvc_arena_printf(t.a, "%s/rel.pem", real));
    tt_done(&t);
}

/* Without --server-root the root is the config's directory. */
static void test_default_server_root(void)
{
    tt_ctx t;
    if (tt_init(&t))
        return;
    tvc_config *cfg = tt_parse(&t, "ServerName a\n", NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
    char real[PATH_MAX];
    CU_ASSERT_PTR_NOT_NULL_FATAL(realpath(t.dir, real));
    TT_STREQ(cfg->server_root, real);
    TT_STREQ(cfg->main_file, tvc_arena_printf(t.a, "%s/httpd.conf", real));
    TT_STREQ(cfg->root->name, cfg->main_file);
    TT_INTEQ(cfg->root->kind, TVC_N_FILE);
    TT_INTEQ(cfg->n_files, 1);
    tt_done(&t);
}

static void test_unreadable_main(void)
{
    tt_ctx t;
    if (tt_init(&t))
        return;
    tvc_config *cfg = tvc_parse_file(t.a, &t.d, tt_path(&t, "nope.conf"), NULL);
    CU_ASSERT_PTR_NULL(cfg);
    const tvc_diag *g = tt_diag(&t.d, "parse-error");
    CU_ASSERT_PTR_NOT_NULL(g);
    if (g)
        CU_ASSERT_PTR_NULL(g->loc.file);
    cfg = tvc_parse_file(t.a, &t.d, t.dir, NULL);
    CU_ASSERT_PTR_NULL(cfg);
    TT_INTEQ(tt_count(&t.d, "parse-error"), 2);
    tt_done(&t);
}

/* ---- Define / modules state ---------------------------------------- */

/* <IfDirective> knows the TLS modules' directives only through the hook
 * the layer above passes (tvc_parse_opts.directive_module): the parser
 * includes nothing of ir/. */
static void test_ifdirective_hook(void)
{
    static const char conf[] = "LoadModule ssl_module modules/mod_ssl.so\n"
                               "<IfDirective SSLEngine>\nServerName b\n</IfDirective>\n";
    tt_ctx t;
    if (tt_init(&t))
        return;
    tvc_config *cfg = tt_parse(&t, conf, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
    TT_STREQ(tt_dump(t.a, cfg->root),
             "LoadModule(ssl_module|modules/mod_ssl.so) <IfDirective(SSLEngine)>{ServerName(b)}");
    tt_done(&t);
    if (tt_init(&t))
        return;
    t.opts.directive_module = NULL;
    cfg = tt_parse(&t, conf, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
    TT_STREQ(tt_dump(t.a, cfg->root),
             "LoadModule(ssl_module|modules/mod_ssl.so) <IfDirective(SSLEngine)>{!ServerName(b)}");
    tt_done(&t);
}

static void test_config_queries(void)
{
    tt_ctx t;
    if (tt_init(&t))
        return;
    tvc_define dv = {"TT_OPT", "o", NULL};
    t.opts.defines = &dv;
    tvc_config *cfg = tt_parse(&t, "Define X y\nDefine F\nDefine G 1\nUnDefine G\n"
                                   "LoadModule ssl_module /usr/lib/apache2/modules/mod_ssl.so\n",
                               NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
    TT_STREQ(tvc_config_define(cfg, "X"), "y");
    TT_STREQ(tvc_config_define(cfg, "F"), "");
    TT_STREQ(tvc_config_define(cfg, "TT_OPT"), "o");
    CU_ASSERT_PTR_NULL(tvc_config_define(cfg, "G"));
    CU_ASSERT_PTR_NULL(tvc_config_define(cfg, "x")); /* names are case-sensitive */
    CU_ASSERT_TRUE(cfg->saw_loadmodule);
    CU_ASSERT_TRUE(tvc_config_has_module(cfg, "ssl_module"));
    CU_ASSERT_TRUE(tvc_config_has_module(cfg, "mod_ssl.c"));
    CU_ASSERT_TRUE(tvc_config_has_module(cfg, "core_module"));
    CU_ASSERT_TRUE(tvc_config_has_module(cfg, "mod_so.c"));
    CU_ASSERT_FALSE(tvc_config_has_module(cfg, "tls_module"));
    tt_done(&t);

    if (tt_init(&t))
        return;
    cfg = tt_parse(&t, "ServerName a\n", NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
    CU_ASSERT_FALSE(cfg->saw_loadmodule);
    CU_ASSERT_TRUE(tvc_config_has_module(cfg, "mod_version.c"));
    tt_done(&t);
}

/* ---- IfVersion note ------------------------------------------------- */

static void test_ifversion_note(void)
{
    tt_ctx t;
    if (tt_init(&t))
        return;
    tvc_config *cfg = tt_parse(&t, "ServerName a\n  <IfVersion >= 2.4>\n  </IfVersion>\n", NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
    const tvc_diag *g = tt_diag_at(&t.d, "assumed-version", "httpd.conf", 2, 3);
    TT_CHECK(g != NULL, "assumed-version at 2:3 expected, got:%s", tt_diags_text(t.a, &t.d));
    if (g) {
        TT_INTEQ(g->severity, TVC_NOTE);
        TT_CHECK(strstr(g->message, "2.4.71") != NULL, "message: %s", g->message);
        TT_CHECK(strstr(g->message, "true") != NULL, "message: %s", g->message);
    }
    TT_INTEQ(tt_count(&t.d, "assumed-version"), 1);
    tt_done(&t);

    if (tt_init(&t))
        return;
    t.opts.httpd_version = "2.4.58";
    cfg = tt_parse(&t, "<IfVersion > 2.4.60>\n</IfVersion>\n", NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
    g = tt_diag_at(&t.d, "assumed-version", "httpd.conf", 1, 1);
    CU_ASSERT_PTR_NOT_NULL(g);
    if (g) {
        TT_CHECK(strstr(g->message, "2.4.58") != NULL, "message: %s", g->message);
        TT_CHECK(strstr(g->message, "false") != NULL, "message: %s", g->message);
    }
    tt_done(&t);
}

/* ---- mod_macro -------------------------------------------------------- */

static void test_macro_origin(void)
{
    tt_ctx t;
    if (tt_init(&t))
        return;
    static const tt_file files[] = {
        {"macros.conf", "<Macro SSLHost $host>\n<VirtualHost *:443>\n  ServerName $host\n"
                        "  SSLEngine on\n</VirtualHost>\n</Macro>\n"},
        {NULL, NULL},
    };
    tvc_ir *ir = tt_build(&t, "Include macros.conf\n\nUse SSLHost a.test\n  Use SSLHost b.test\n",
                          files);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ir);
    TT_INTEQ(tt_count_sev(&t.d, TVC_WARNING), 0);
    static const struct { const char *name; unsigned line, col; } want[] = {
        {"a.test", 3, 1}, {"b.test", 4, 3}};
    for (int i = 0; i < 2; i++) {
        const tvc_node *n = tt_active_node(t.cfg->root, "ServerName", i);
        CU_ASSERT_PTR_NOT_NULL_FATAL(n);
        TT_STREQ(n->argv[0], want[i].name);
        TT_LOC(&n->loc, "macros.conf", 3, 3);
        CU_ASSERT_TRUE(n->flags & TVC_NF_MACRO);
        CU_ASSERT_FALSE(n->flags & TVC_NF_INACTIVE);
        const tvc_origin *o = n->loc.origin;
        CU_ASSERT_PTR_NOT_NULL_FATAL(o);
        TT_INTEQ(o->kind, TVC_ORIGIN_MACRO);
        TT_STREQ(o->macro, "SSLHost");
        TT_LOC(&o->at, "httpd.conf", want[i].line, want[i].col);
        CU_ASSERT_PTR_NULL(o->at.origin);
        /* the expansion hangs under its Use directive */
        const tvc_node *use = n->parent->parent;
        TT_STREQ(use->name, "Use");
        TT_INTEQ(use->loc.line, want[i].line);
    }
    /* the body as written is kept, inactive, under <Macro> */
    const tvc_node *body = tt_node(t.cfg->root, "ServerName", 0);
    CU_ASSERT_TRUE(body->flags & TVC_NF_INACTIVE);
    TT_STREQ(body->argv[0], "$host");
    CU_ASSERT_FALSE(body->flags & TVC_NF_MACRO);
    /* and the IR sees two TLS vhosts located in the macro body */
    TT_INTEQ(ir->n_vhosts, 2);
    for (size_t i = 0; i < ir->n_vhosts && i < 2; i++) {
        TT_STREQ(ir->vhosts[i].server_name, want[i].name);
        TT_LOC(&ir->vhosts[i].loc, "macros.conf", 2, 1);
        CU_ASSERT_PTR_NOT_NULL(ir->vhosts[i].tls);
    }
    tt_done(&t);
}

static void test_macro_error_origin(void)
{
    tt_ctx t;
    if (tt_init(&t))
        return;
    tvc_config *cfg = tt_parse(&t, "<Macro M $x>\n  ServerAlias ${TT_U$x}\n</Macro>\n\n   Use M a\n",
                               NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
    const tvc_diag *g = tt_diag_at(&t.d, "undefined-variable", "httpd.conf", 2, 15);
    TT_CHECK(g != NULL, "undefined-variable at 2:15 expected, got:%s", tt_diags_text(t.a, &t.d));
    if (g) {
        CU_ASSERT_PTR_NOT_NULL_FATAL(g->loc.origin);
        TT_INTEQ(g->loc.origin->kind, TVC_ORIGIN_MACRO);
        TT_STREQ(g->loc.origin->macro, "M");
        TT_LOC(&g->loc.origin->at, "httpd.conf", 5, 4);
    }
    tt_done(&t);
}

/* ---- tree contents ---------------------------------------------------- */

static void test_comments_blank_raw(void)
{
    tt_ctx t;
    if (tt_init(&t))
        return;
    tvc_config *cfg = tt_parse(&t,
        "# one\n"                         /* 1 */
        "\n"                              /* 2 */
        "  # two  \n"                     /* 3 */
        "   \n"                           /* 4 */
        "ServerName   \"a b\"   # x\t\n"  /* 5 */
        "ServerAlias a \\\n"              /* 6 */
        "   b\n"                          /* 7 */
        "<VirtualHost *:443>  \n"         /* 8 */
        "  # inside\n"                    /* 9 */
        "</VirtualHost>  \r\n"            /* 10 */
        "Listen 443\r\n",                 /* 11 */
        NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
    TT_INTEQ(tt_count_sev(&t.d, TVC_WARNING), 0);
    static const struct {
        tvc_node_kind kind;
        const char *raw;
        unsigned line, col;
    } want[] = {
        {TVC_N_COMMENT, "# one", 1, 1},
        {TVC_N_BLANK, "", 2, 1},
        {TVC_N_COMMENT, "  # two  ", 3, 3},
        {TVC_N_BLANK, "   ", 4, 1},
        {TVC_N_DIRECTIVE, "ServerName   \"a b\"   # x\t", 5, 1},
        {TVC_N_DIRECTIVE, "ServerAlias a \\\n   b", 6, 1},
        {TVC_N_SECTION, "<VirtualHost *:443>  ", 8, 1},
        {TVC_N_DIRECTIVE, "Listen 443", 11, 1},
    };
    const tvc_node *n = cfg->root->child;
    for (size_t i = 0; i < sizeof want / sizeof *want; i++, n = n->next) {
        TT_CHECK(n != NULL, "node %zu missing", i);
        if (!n)
            break;
        TT_CHECK(n->kind == want[i].kind, "node %zu: kind %d, expected %d", i, n->kind,
                 want[i].kind);
        TT_STREQ(n->raw, want[i].raw);
        TT_CHECK(tt_loc_is(&n->loc, "httpd.conf", want[i].line, want[i].col),
                 "node %zu at %u:%u, expected %u:%u", i, n->loc.line, n->loc.col,
                 want[i].line, want[i].col);
        CU_ASSERT_EQUAL(n->parent, cfg->root);
    }
    CU_ASSERT_PTR_NULL(n);
    const tvc_node *sn = tt_node(cfg->root, "ServerName", 0);
    TT_INTEQ(sn->argc, 3);
    if (sn->argc == 3) {
        TT_STREQ(sn->argv[0], "a b");
        TT_STREQ(sn->argv[1], "#");
        TT_STREQ(sn->argv[2], "x");
    }
    const tvc_node *vh = tt_node(cfg->root, "VirtualHost", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(vh->end);
    TT_STREQ(vh->end->raw, "</VirtualHost>  ");
    TT_LOC(&vh->end->loc, "httpd.conf", 10, 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(vh->child);
    TT_INTEQ(vh->child->kind, TVC_N_COMMENT);
    TT_STREQ(vh->child->raw, "  # inside");
    CU_ASSERT_PTR_EQUAL(vh->child->parent, vh);
    CU_ASSERT_PTR_NULL(vh->child->next);
    tt_done(&t);

    /* comments and blank lines of false conditionals are kept inactive */
    if (tt_init(&t))
        return;
    cfg = tt_parse(&t, "<IfDefine NOPE>\n# c\n\n</IfDefine>\n", NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
    const tvc_node *sec = cfg->root->child;
    CU_ASSERT_PTR_NOT_NULL_FATAL(sec);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sec->child);
    TT_INTEQ(sec->child->kind, TVC_N_COMMENT);
    CU_ASSERT_TRUE(sec->child->flags & TVC_NF_INACTIVE);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sec->child->next);
    TT_INTEQ(sec->child->next->kind, TVC_N_BLANK);
    CU_ASSERT_TRUE(sec->child->next->flags & TVC_NF_INACTIVE);
    CU_ASSERT_FALSE(sec->flags & TVC_NF_INACTIVE);
    CU_ASSERT_FALSE(sec->flags & TVC_NF_COND_TRUE);
    tt_done(&t);
}

static void test_arg_columns(void)
{
    tt_ctx t;
    if (tt_init(&t))
        return;
    tvc_config *cfg = tt_parse(&t,
        "  SSLCertificateFile   /a/b.pem\n"
        "Define D /x\n"
        "SSLCertificateKeyFile ${D}/a.key \"q r\"\n"
        "ServerAlias a \\\n  b\n",
        NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
    const tvc_node *n = tt_node(cfg->root, "SSLCertificateFile", 0);
    tvc_loc l = tvc_node_arg_loc(n, 0);
    TT_LOC(&l, "httpd.conf", 1, 24);
    l = tvc_node_arg_loc(n, 5); /* out of range: the directive */
    TT_LOC(&l, "httpd.conf", 1, 3);
    n = tt_node(cfg->root, "SSLCertificateKeyFile", 0);
    TT_STREQ(n->argv[0], "/x/a.key");
    l = tvc_node_arg_loc(n, 0);
    TT_LOC(&l, "httpd.conf", 3, 23);
    l = tvc_node_arg_loc(n, 1);
    TT_LOC(&l, "httpd.conf", 3, 34);
    n = tt_node(cfg->root, "ServerAlias", 0);
    l = tvc_node_arg_loc(n, 0);
    TT_LOC(&l, "httpd.conf", 4, 13);
    l = tvc_node_arg_loc(n, 1); /* on the continuation line: the directive */
    TT_LOC(&l, "httpd.conf", 4, 1);
    tt_done(&t);
}

/* Inactive content never reaches the IR. */
static void test_inactive_never_applied(void)
{
    tt_ctx t;
    if (tt_init(&t))
        return;
    tvc_ir *ir = tt_build(&t,
        "<IfDefine NOPE>\nLoadModule ssl_module m.so\nListen 443\nSSLEngine on\n"
        "SSLProtocol TLSv1.3\nServerName hidden\n<VirtualHost *:443>\nServerName x\n"
        "SSLEngine on\n</VirtualHost>\n</IfDefine>\n"
        "<IfModule !mod_version.c>\nSSLCipherSuite NULL\nTLSEngine 443\n</IfModule>\n",
        NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ir);
    TT_INTEQ(tt_count_sev(&t.d, TVC_NOTE), 0);
    TT_INTEQ(ir->n_vhosts, 0);
    TT_INTEQ(ir->n_listeners, 0);
    TT_INTEQ(ir->tls_engine_ports.n, 0);
    TT_INTEQ(ir->server.enabled, TVC_UNSET);
    TT_INTEQ(ir->server.protocols.min, TVC_UNSET);
    CU_ASSERT_PTR_NULL(ir->server.ciphers.spec.v);
    CU_ASSERT_PTR_NULL(ir->server_name);
    CU_ASSERT_FALSE(t.cfg->saw_loadmodule);
    const tvc_node *n = tt_node(t.cfg->root, "SSLEngine", 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(n);
    CU_ASSERT_TRUE(n->flags & TVC_NF_INACTIVE);
    n = tt_node(t.cfg->root, "IfModule", 0);
    CU_ASSERT_FALSE(n->flags & TVC_NF_COND_TRUE);
    tt_done(&t);

    /* the true branch is marked */
    if (tt_init(&t))
        return;
    tvc_config *cfg = tt_parse(&t, "<IfModule mod_version.c>\nServerName a\n</IfModule>\n", NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
    n = tt_node(cfg->root, "IfModule", 0);
    CU_ASSERT_TRUE(n->flags & TVC_NF_COND_TRUE);
    CU_ASSERT_FALSE(n->child->flags & TVC_NF_INACTIVE);
    tt_done(&t);
}

/* ---- suite ------------------------------------------------------------ */

static int suite_init(void)
{
    /* ${VAR} from the environment; TT_ENV_BOTH/ALL are overridden by the
     * env file and by Define. */
    setenv("TT_ENV_ONLY", "env-only", 1);
    setenv("TT_ENV_BOTH", "env", 1);
    setenv("TT_ENV_ALL", "env", 1);
    unsetenv("TT_NOPE");
    unsetenv("TT_UNEXPORTED");
    unsetenv("UNDEF_TT");
    unsetenv("X");
    unsetenv("TT_D");
    return 0;
}

static int suite_clean(void)
{
    unsetenv("TT_ENV_ONLY");
    unsetenv("TT_ENV_BOTH");
    unsetenv("TT_ENV_ALL");
    return 0;
}

int tt_register_parser(void)
{
    CU_pSuite s = CU_add_suite("parser", suite_init, suite_clean);
    if (!s)
        return -1;
    if (!CU_add_test(s, "syntax table: pass and fail cases", test_table) ||
        !CU_add_test(s, "syntax table has pass and fail cases", test_table_complete) ||
        !CU_add_test(s, "include chain in tvc_loc.origin", test_include_origin) ||
        !CU_add_test(s, "included vhosts in sorted order", test_include_vhost_order) ||
        !CU_add_test(s, "include depth limit", test_include_depth) ||
        !CU_add_test(s, "server_root option wins over ServerRoot", test_server_root_option) ||
        !CU_add_test(s, "default server root", test_default_server_root) ||
        !CU_add_test(s, "unreadable main config", test_unreadable_main) ||
        !CU_add_test(s, "IfDirective asks the layer above for TLS directives",
                     test_ifdirective_hook) ||
        !CU_add_test(s, "defines and modules of the parsed config", test_config_queries) ||
        !CU_add_test(s, "IfVersion assumed-version note", test_ifversion_note) ||
        !CU_add_test(s, "macro expansion locations and origin", test_macro_origin) ||
        !CU_add_test(s, "error in a macro body has the Use origin", test_macro_error_origin) ||
        !CU_add_test(s, "comments, blank lines, raw text", test_comments_blank_raw) ||
        !CU_add_test(s, "argument columns", test_arg_columns) ||
        !CU_add_test(s, "inactive content is never applied", test_inactive_never_applied))
        return -1;
    return 0;
}
