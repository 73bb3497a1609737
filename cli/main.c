/* tlsvhostc: a subcommand table, as git.c has. */
#include "config.h"

#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <libxml/xmlversion.h>
#ifdef HAVE_GNUTLS
#include <gnutls/gnutls.h>
#endif

#include "cli/cli.h"

static const tvc_cmd_desc commands[] = {
    {"check", tvc_cmd_check, "lint a configuration; exit status for CI"},
    {"ir", tvc_cmd_ir, "print the IR of a configuration as JSON"},
    {"convert", tvc_cmd_convert, "rewrite a configuration for another TLS module"},
    {"emit", tvc_cmd_emit, "write a configuration for a TLS module (as convert)"},
    {"diff", tvc_cmd_diff, "effective TLS policy changes per vhost between two configs"},
    {"serve", tvc_cmd_serve, "answer HTTPS with a config's vhosts (the runtime library)"},
    {"ocsp", tvc_cmd_ocsp, "ocsp fetch: verified OCSP responses for stapling"},
    {"probe", tvc_cmd_probe, "compare the running server with the config, name by name"},
};

/* The versions of the linked libraries as loaded at run time: a bug
 * report needs those, not the headers'. GnuTLS and libxml2 are loaded on
 * first use (policy/gnutls_dl.c, cli/xml_dl.c): loading them here would
 * make --version measure a start no other run has, so they are named by
 * the headers' version and the SONAME that will be loaded. */
static void version(void)
{
    printf("tlsvhostc %s\n", PACKAGE_VERSION);
    printf("%s\n", OpenSSL_version(OPENSSL_VERSION));
#ifdef HAVE_GNUTLS
    printf("GnuTLS %s (built with; libgnutls.so.30 is loaded on first use)\n", GNUTLS_VERSION);
#endif
#if JANSSON_VERSION_HEX >= 0x020d00
    printf("jansson %s\n", jansson_version_str());
#else
    printf("jansson %s\n", JANSSON_VERSION);
#endif
    printf("libxml2 %s (built with; libxml2.so.2 is loaded for --format=junit)\n",
           LIBXML_DOTTED_VERSION);
}

static void usage(FILE *f)
{
    fprintf(f, "usage: tlsvhostc COMMAND [OPTIONS] CONFIG\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].synopsis);
    fprintf(f, "\n`tlsvhostc COMMAND --help` lists a command's options.\n"
               "Exit status: 0 ok, 1 findings at or above --fail-on, 2 could not run.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return TVC_EXIT_USAGE;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return TVC_EXIT_OK;
    }
    if (!strcmp(argv[1], "--version")) {
        version();
        return TVC_EXIT_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (!strcmp(argv[1], commands[i].name))
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "tlsvhostc: '%s' is not a command\n", argv[1]);
    usage(stderr);
    return TVC_EXIT_USAGE;
}
