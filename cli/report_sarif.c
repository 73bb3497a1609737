/* SARIF 2.1.0 output (OASIS, errata01): the one findings list as a single
 * run, for GitHub code scanning, GitLab, VS Code's SARIF viewer and the
 * like. Every diagnostic ID the tool can emit is a rule of the driver, so
 * viewers can show the rule's help even for results of other runs; each
 * rule's helpUri is its installed page, $(pkgdatadir)/doc/ids/ID.md.
 *
 * Paths: a file under --base-dir gets a relative URI with uriBaseId
 * SRCROOT (run.originalUriBaseIds says where SRCROOT was); any other file
 * an absolute file: URI. The include/macro chain that led to a finding is
 * its relatedLocations, innermost first, as in the text output. */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "cli/cli.h"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define IDS_DOC_DIR TVC_PKGDATADIR "/doc/ids"

typedef struct rule {
    const char *id;
    tvc_severity level; /* the usual severity; each result carries its own */
    const char *short_desc, *full_desc, *help;
} rule;

/* Every ID the checks, the parser, the IR builder and the emitters pass
 * to tvc_diag_add/tvc_check_report/tvc_emit_lossy; share/doc/ids/ has a
 * page for each. tests/sarif_test.sh checks that both lists match the
 * sources. */
static const rule rules[] = {
    {"parse-error", TVC_ERROR, "The configuration has a syntax error.",
     "The configuration cannot be read as httpd would read it: an unterminated or "
     "mismatched section, bad quoting, a line continuation at the end of a file, a "
     "directive with the wrong number of arguments, or invalid IR JSON. httpd -t "
     "refuses such a file.",
     "Fix the syntax at the reported line; `apache2ctl -t` (httpd -t) shows httpd's own "
     "view of the same file."},
    {"unknown-directive", TVC_ERROR, "A directive no loaded or standard module provides.",
     "An SSL*, GnuTLS*, TLS* or MD* directive that its module does not have is an "
     "error (httpd fails with AH00526 \"Invalid command\"), reported with the closest "
     "real name. Any other directive that no standard httpd 2.4 module has is a note, "
     "since third-party modules exist.",
     "Correct the spelling (see the \"did you mean\"), or load the module that provides "
     "the directive; for a third-party module's directive the note can be ignored."},
    {"include-missing", TVC_ERROR, "An Include target does not exist.",
     "Include (unlike IncludeOptional) fails the whole configuration when its file or "
     "wildcard matches nothing or cannot be read.",
     "Correct the path (relative paths resolve against ServerRoot), create the file, or "
     "use IncludeOptional when an empty match is intended."},
    {"include-loop", TVC_ERROR, "A file includes itself, or includes nest too deep.",
     "An Include chain leads back to a file already being read, or nests deeper than "
     "httpd allows; httpd stops with an error.",
     "Break the cycle: make sure a wildcard Include does not match the file that "
     "contains it or one of its includers."},
    {"file-missing", TVC_ERROR, "A certificate, key, chain, CA or OCSP file cannot be read.",
     "A file named by a TLS directive does not exist, is empty, unreadable, or holds no "
     "usable PEM. mod_ssl's configtest catches a missing certificate; mod_gnutls passes "
     "configtest and fails at start.",
     "Correct the path (relative paths resolve against ServerRoot) and make the file "
     "readable by the user that starts httpd (root)."},
    {"key-mismatch", TVC_ERROR, "The private key does not belong to the certificate.",
     "The public key in the certificate is not the one of the configured private key. "
     "`httpd -t` says Syntax OK; mod_ssl then fails at start (AH02565), and mod_gnutls "
     "starts but every handshake for that vhost fails.",
     "Pair each certificate with the key it was issued for; compare `openssl x509 "
     "-noout -pubkey -in CERT` with `openssl pkey -pubout -in KEY`."},
    {"key-encrypted", TVC_ERROR, "The private key needs a passphrase.",
     "mod_ssl asks for the passphrase at every start (SSLPassPhraseDialog), which blocks "
     "unattended restarts; mod_gnutls needs GnuTLSPIN; mod_tls cannot load encrypted "
     "keys at all. Also reported when the configured passphrase is wrong.",
     "Decrypt the key (`openssl pkey -in KEY -out KEY.new`, keep it mode 0600, owned by "
     "root), or set GnuTLSPIN for mod_gnutls."},
    {"key-permissions", TVC_WARNING,
     "The private key file is readable by others or by the group httpd runs as.",
     "Anyone who can read the key can impersonate the server. httpd reads keys as root "
     "before dropping privileges, so the key needs no wider access. Another group "
     "(Debian's ssl-cert, mode 0640) is not reported.",
     "chmod 600 the key file and keep it owned by root; if a group must read it by "
     "design, say so with '# tlsvhostc: disable=key-permissions REASON'."},
    {"chain-order", TVC_WARNING, "The certificate chain is not in issuer order.",
     "The certificates after the leaf are not sorted so that each is issued by the next. "
     "Clients may fail to build the path; mod_gnutls refuses an unsorted chain at start "
     "(error there). A file whose first certificate is not the key's leaf is an error for "
     "every module (mod_ssl: AH02565 at start).",
     "Put the leaf first, then its issuer, then that one's issuer, up to (not including) "
     "the root."},
    {"chain-incomplete", TVC_ERROR, "No path from the certificate to a trusted root.",
     "An intermediate certificate is neither sent nor trusted, the chain ends at an "
     "untrusted root, or the certificate is self-signed. Browsers may still work from a "
     "cache; other clients fail.",
     "Add the missing intermediates after the leaf in the certificate file (mod_ssl "
     "2.4.8+, mod_gnutls, mod_tls); for a private CA, pass it with --ca-file."},
    {"chain-extra", TVC_WARNING, "A certificate in the chain is not on the path to the root.",
     "The file sends a certificate that does not help clients verify the leaf: a "
     "duplicate, an unrelated CA, or an old cross-sign.",
     "Remove the certificates that are not on the leaf's path."},
    {"chain-root-included", TVC_NOTE, "The self-signed root certificate is sent.",
     "Clients must already have the root to trust it, so sending it only adds bytes to "
     "every handshake.",
     "Drop the root from the end of the certificate/chain file."},
    {"cert-expired", TVC_ERROR, "The certificate has expired.",
     "The certificate's notAfter date is before now (or --now). Clients refuse it.",
     "Renew the certificate (or automate it with mod_md or an ACME client) and reload "
     "httpd."},
    {"cert-expiring", TVC_WARNING, "The certificate expires soon.",
     "The certificate's notAfter date is within --expiry-warn days (default 30).",
     "Renew before it expires; automate renewal (mod_md, certbot) and monitor it."},
    {"cert-not-yet-valid", TVC_ERROR, "The certificate is not valid yet.",
     "The certificate's notBefore date is after now (or --now); clients refuse it "
     "until then. Often a wrong clock where it was issued or checked.",
     "Check the clocks, or wait until the certificate's validity starts."},
    {"cert-name-mismatch", TVC_ERROR, "A ServerName/ServerAlias is not covered by the certificate.",
     "The vhost answers a name that is not among the certificate's subjectAltName "
     "entries (a wildcard covers one label only). A name covered only by the subject "
     "CN of a certificate without SANs is a note: browsers ignore the CN.",
     "Get a certificate that lists every ServerName and ServerAlias of the vhost, or "
     "drop the names it should not answer."},
    {"sni-collision", TVC_ERROR, "Two TLS vhosts on one address:port answer the same name.",
     "httpd picks the first vhost in configuration order for a name; the later vhost "
     "never gets requests for it.",
     "Remove the name from one of the vhosts, or merge them."},
    {"sni-shadowed", TVC_WARNING, "A name is unreachable: an earlier vhost or wildcard takes it.",
     "An earlier vhost's wildcard alias, or vhosts on a more specific address, take "
     "every connection for this name.",
     "Reorder the vhosts (specific names before wildcards) or remove the dead name."},
    {"sni-no-tls", TVC_ERROR, "A vhost on a TLS address:port has TLS off.",
     "Other vhosts on the same address and port speak TLS, so clients reaching this one "
     "get another vhost's handshake and certificate (or a plain-HTTP reply to a TLS "
     "client).",
     "Enable TLS in this vhost (SSLEngine on / GnuTLSEnable on) or move it to a "
     "plain-HTTP port."},
    {"sni-mixed-modules", TVC_ERROR, "Two TLS modules share an address:port.",
     "mod_ssl and mod_tls (or mod_gnutls) vhosts are configured on the same address and "
     "port; only one module can handle a connection, so the other's vhosts do not work.",
     "Use one TLS module per address:port (e.g. TLSEngine only on ports without "
     "SSLEngine vhosts)."},
    {"must-staple", TVC_ERROR, "A must-staple certificate without working OCSP stapling.",
     "The certificate has the TLS Feature status_request extension, so clients that "
     "honour it refuse the handshake without a stapled OCSP response; stapling is off "
     "or cannot work. mod_gnutls does not even start.",
     "Turn stapling on (SSLUseStapling on with SSLStaplingCache; mod_gnutls: a socache "
     "and the issuer in the file; mod_tls: MDStapling via mod_md), or get a certificate "
     "without must-staple."},
    {"staple-no-responder", TVC_WARNING, "Stapling is on but there is no OCSP responder.",
     "The certificate names no OCSP URI (AIA) and no response file is configured, so the "
     "server has nothing to staple.",
     "Configure a responder override or a response file, or turn stapling off for this "
     "certificate."},
    {"staple-no-issuer", TVC_WARNING, "Stapling needs the issuer certificate, which is not configured.",
     "An OCSP request names the issuer, so the server needs the issuer's certificate; "
     "mod_ssl logs AH02217 \"can't retrieve issuer certificate\" and staples nothing.",
     "Append the intermediate (issuer) certificate after the leaf in the certificate "
     "file."},
    {"staple-no-cache", TVC_ERROR, "Stapling is on but there is no stapling cache.",
     "mod_ssl needs a server-level SSLStaplingCache for SSLUseStapling on: `httpd -t` "
     "says Syntax OK, the start fails with AH01958 \"no stapling cache available\". "
     "mod_gnutls refuses an explicit GnuTLSOCSPStapling on without an OCSP cache.",
     "Add SSLStaplingCache shmcb:${APACHE_RUN_DIR}/ssl_stapling(32768) at server level "
     "(mod_gnutls: load socache_shmcb or set GnuTLSOCSPCache), or turn stapling off."},
    {"cert-revoked", TVC_ERROR, "The OCSP responder says the certificate is revoked.",
     "check --ocsp asked the certificate's OCSP responder (or a configured response file "
     "says so): clients that check revocation refuse the certificate.",
     "Replace the certificate and key; find out why it was revoked (the reason is in the "
     "message)."},
    {"ocsp-unknown", TVC_WARNING, "The OCSP responder does not know the certificate.",
     "The responder answered 'unknown': the certificate is not one its CA issued or the "
     "responder is not the CA's. A stapled 'unknown' is worth nothing to clients.",
     "Check the AIA OCSP URI or SSLStaplingForceURL and the issuer in the chain."},
    {"ocsp-unreachable", TVC_WARNING, "No valid answer from the OCSP responder.",
     "Connecting failed, timed out (--ocsp-timeout) or the responder answered with an HTTP "
     "error: the server cannot staple either when it meets the same.",
     "Check that the server reaches the responder (proxy, firewall, DNS)."},
    {"ocsp-bad-response", TVC_ERROR, "The OCSP response is not a valid answer for this certificate.",
     "The response (fetched, or a configured response file) is unparsable, about another "
     "certificate, or not signed by the issuer or a responder it delegated.",
     "Fetch a new response (tlsvhostc ocsp fetch) and check the responder override."},
    {"ocsp-stale", TVC_WARNING, "The OCSP response is past its nextUpdate.",
     "Clients refuse a stapled response whose nextUpdate has passed; a must-staple "
     "certificate then fails.",
     "Refresh the response before nextUpdate (tlsvhostc ocsp fetch, serve --ocsp-refresh)."},
    {"live-cert-differs", TVC_ERROR,
     "The running server serves another certificate for this name than the config assigns.",
     "tlsvhostc probe made a TLS handshake with the name as SNI: the leaf that came back is "
     "not the certificate the config gives the vhost httpd routes the name to. Usually a "
     "renewed certificate waits for a reload, a reload failed, or another server answers.",
     "Reload the server (apachectl graceful; systemctl reload apache2) and probe again; "
     "check the error log if the reload does not take."},
    {"live-chain-differs", TVC_WARNING,
     "The running server sends another chain than the config names.",
     "The certificates sent after the leaf are not the rest of the certificate file and its "
     "chain files: an old intermediate, or a file changed without a reload.",
     "Reload the server; check the chain file the vhost names."},
    {"live-protocol-differs", TVC_ERROR,
     "The running server negotiates a protocol outside the configured range.",
     "The handshake's version is outside the vhost's configured minimum..maximum, or "
     "(probe --probe-protocols) the server accepts a version below the minimum.",
     "Reload the server; check that no earlier vhost or server default sets the protocols."},
    {"live-no-staple", TVC_WARNING,
     "The running server staples no OCSP response though stapling is on.",
     "tlsvhostc probe asked for the certificate status in the handshake and got none: the "
     "server could not fetch a response (responder unreachable, no issuer) or stapling is "
     "off in the running configuration.",
     "Check the error log for stapling errors; with a response file, run tlsvhostc ocsp "
     "fetch."},
    {"live-host-differs", TVC_ERROR,
     "The running server does not serve the name when asked for it as the Host.",
     "tlsvhostc probe --probe-host sent HEAD / with the name as Host over the connection "
     "that had the name as SNI and got 421 Misdirected Request (the Host's vhost has other "
     "TLS settings than the SNI name's), a 5xx or no HTTP answer.",
     "Compare the vhosts that serve the name in the running configuration (apachectl -S); "
     "reload the server; check the error log."},
    {"live-unreachable", TVC_WARNING, "No TLS handshake with the server for this name.",
     "The connection failed, timed out (--probe-timeout) or the handshake failed; the "
     "message gives libcurl's reason.",
     "Check that the server runs and listens there (--connect maps an address set to where "
     "it listens)."},
    {"cipher-invalid", TVC_ERROR, "The cipher or priority string is invalid or selects nothing.",
     "SSLCipherSuite, GnuTLSPriorities or TLSCiphers* cannot be parsed or leave no suite "
     "(error): `httpd -t` says Syntax OK; mod_ssl fails at start (AH01898), mod_gnutls with "
     "a priority syntax error, mod_tls on an unknown cipher name. An element that adds "
     "suites but names nothing OpenSSL knows (a typo, an IANA name) is a warning; a known "
     "keyword or suite that selects nothing with this library (MEDIUM, SEED, RC4-SHA on "
     "OpenSSL 3) is a note. An element that only removes suites (!RC4, -DES) is never a "
     "finding.",
     "Fix the string at the reported position; test it with `openssl ciphers -v 'STRING'` "
     "or `gnutls-cli --priority 'STRING' -l`."},
    {"cipher-weak", TVC_WARNING, "The effective cipher list allows weak suites.",
     "After expansion the policy still allows suites without encryption or "
     "authentication or export-grade ones (error), or RC4/3DES/MD5/IDEA/SEED ones "
     "(warning). Missing forward secrecy is cipher-no-forward-secrecy.",
     "Exclude them (e.g. SSLCipherSuite with !aNULL:!eNULL:!EXPORT:!RC4:!3DES:!MD5, or a "
     "Mozilla profile's list); mod_tls/rustls offers none of these."},
    {"cipher-no-forward-secrecy", TVC_NOTE, "The policy allows suites without forward secrecy.",
     "After expansion the policy allows suites with static RSA key exchange (AES128-SHA, "
     "AES128-GCM-SHA256, ...): whoever obtains the server's private key later can decrypt "
     "recorded traffic of such connections.",
     "Exclude them (SSLCipherSuite ...:!kRSA; GnuTLSPriorities ...:-RSA), or use a Mozilla "
     "profile's list; mod_tls/rustls offers none of these."},
    {"protocol-legacy", TVC_WARNING, "SSLv3, TLS 1.0 or TLS 1.1 is enabled.",
     "Versions below TLS 1.2 are deprecated (RFC 8996) and refused by current browsers. "
     "Reported when really negotiable, or (a note) when asked for but refused by "
     "OpenSSL's security level; mod_ssl's default range alone is no finding.",
     "Enable TLS 1.2 and newer only (SSLProtocol -all +TLSv1.2 +TLSv1.3; GnuTLSPriorities "
     "with -VERS-TLS1.1:-VERS-TLS1.0; mod_tls allows only 1.2+)."},
    {"protocol-gap", TVC_WARNING, "The enabled protocol versions have a gap.",
     "For example TLSv1.1 and TLSv1.3 without TLSv1.2: OpenSSL only uses the versions up "
     "to the first gap.",
     "Enable a contiguous range of versions."},
    {"profile-mismatch", TVC_WARNING, "The policy differs from the chosen Mozilla profile.",
     "With --profile, protocols, suites or cipher order differ from the Mozilla "
     "server-side TLS profile: something it excludes is allowed (warning), or something "
     "it includes is missing (note).",
     "Adopt the profile's settings from the message, or choose the profile that matches "
     "your clients."},
    {"convert-lossy", TVC_ERROR, "A setting has no equivalent in the target module.",
     "convert/emit cannot express this setting in the target (e.g. client certificates, "
     "encrypted keys or CRLs for mod_tls); the message says which and why. The command "
     "refuses with exit status 2 unless --allow-lossy.",
     "Keep the source module for this vhost, drop the setting deliberately, or run with "
     "--allow-lossy after reviewing the message."},
    {"convert-defaults", TVC_NOTE, "A default stays a default, and the two modules' defaults differ.",
     "A setting left at its default in the source stays at the target's default, which "
     "is different. Not lossy, but the behaviour changes.",
     "Set the value explicitly if the source's default matters to you."},
    {"convert-outside-file", TVC_NOTE,
     "A file included from outside the converted tree gets a converted copy of its own.",
     "The file (certbot's options-ssl-apache.conf, say) is not overwritten: its converted "
     "text goes beside it as NAME.TARGET.conf and the Include names that file. An error "
     "when no such copy can be made (wildcard or directory Include).",
     "Copy the converted file where the note says; include such files by their own name."},
    {"undefined-variable", TVC_WARNING, "A ${VARIABLE} is not defined.",
     "httpd keeps the text ${NAME} literally when the variable is neither defined (Define, "
     "-D) nor in the environment, which is rarely what was meant.",
     "Define it (Define NAME value, -D NAME=value, --env-file for envvars) or fix the "
     "name."},
    {"assumed-version", TVC_NOTE, "An <IfVersion> section was decided by an assumed httpd version.",
     "The result depends on the httpd version, which was assumed.",
     "Pass --httpd-version with the version you deploy on."},
    {"duplicate-directive", TVC_WARNING, "A directive is set twice in the same context.",
     "The later one wins silently, which often hides an editing mistake; a Listen given "
     "twice makes httpd fail to bind (AH00072).",
     "Remove one of the two."},
    {"module-not-loaded", TVC_ERROR, "A directive's module is not loaded.",
     "No LoadModule loads the module that provides the directive; httpd fails with "
     "AH00526 \"Invalid command\".",
     "Add the LoadModule line (Debian: a2enmod ssl|gnutls|tls), or wrap the directives in "
     "<IfModule>."},
    {"bad-context", TVC_ERROR, "A directive is not allowed where it is used.",
     "The directive appears in a context it is not allowed in (server config, "
     "<VirtualHost>, <Directory>, ...); httpd -t fails.",
     "Move it to an allowed context, given in the message."},
    {"listen-missing", TVC_WARNING, "No Listen opens a port a TLS setting refers to.",
     "TLSEngine names a port that no Listen directive opens, so nothing is served there.",
     "Add a Listen for the port, or correct TLSEngine."},
    {"no-certificate", TVC_ERROR, "TLS is on but no certificate is configured.",
     "A TLS vhost has no certificate (mod_ssl fails at start with AH02572), or a key is "
     "given without its certificate. A note when a managed domain of a loaded mod_md "
     "supplies it (fallback and 503 until issued, AH10085).",
     "Add SSLCertificateFile / GnuTLSCertificateFile / TLSCertificate (or MDomain for "
     "mod_md)."},
    {"template-error", TVC_ERROR, "An emitter template cannot be read or has an unknown placeholder.",
     "A template under share/templates (or --templates DIR) is missing or uses a "
     "placeholder that the emitter does not know.",
     "Fix or restore the template; compare with the installed share/templates."},
};

#define N_RULES (sizeof rules / sizeof *rules)

int tvc_cli_id_known(const char *id)
{
    for (size_t i = 0; i < N_RULES; i++)
        if (!strcmp(rules[i].id, id))
            return 1;
    return 0;
}

static const char *level_name(tvc_severity s)
{
    return s == TVC_ERROR ? "error" : s == TVC_WARNING ? "warning" : "note";
}

/* ---- strings ---------------------------------------------------------------- */

/* Growable byte buffer on the heap; freed by the caller. */
typedef struct buf {
    char *p;
    size_t n, cap;
} buf;

static void buf_add(buf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->n + n + 1)
            cap *= 2;
        char *np = realloc(b->p, cap);
        if (!np)
            abort();
        b->p = np;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

static void buf_str(buf *b, const char *s)
{
    buf_add(b, s, strlen(s));
}

/* A JSON string from bytes that may not be UTF-8 (a message quoting a
 * binary file): invalid sequences become U+FFFD. */
static json_t *jstr(const char *s)
{
    json_t *j = json_string(s);
    if (j)
        return j;
    buf b = {0};
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        size_t len = *p < 0x80 ? 1 : (*p & 0xe0) == 0xc0 ? 2 : (*p & 0xf0) == 0xe0 ? 3
                   : (*p & 0xf8) == 0xf0 ? 4 : 0;
        size_t k = 1;
        while (len && k < len && (p[k] & 0xc0) == 0x80)
            k++;
        /* overlong 2-byte forms and surrogates/overlongs of longer ones are
         * left to json_string's check below */
        if (len && k == len && !(len == 2 && *p < 0xc2)) {
            buf_add(&b, (const char *)p, len);
            p += len;
        } else {
            buf_str(&b, "\xef\xbf\xbd");
            p++;
        }
    }
    j = json_string(b.p ? b.p : "");
    if (!j) { /* still invalid (surrogates, overlongs): keep ASCII only */
        for (size_t i = 0; i < b.n; i++)
            if ((unsigned char)b.p[i] >= 0x80)
                b.p[i] = '?';
        j = json_string(b.p);
    }
    free(b.p);
    return j;
}

/* Percent-encodes a path for a URI: unreserved characters and '/' stay. */
static void uri_path(buf *b, const char *path)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '.' || *p == '_' || *p == '~' || *p == '/') {
            buf_add(b, (const char *)p, 1);
        } else {
            char e[3] = {'%', hex[*p >> 4], hex[*p & 15]};
            buf_add(b, e, 3);
        }
    }
}

static json_t *file_uri(const char *abs_path)
{
    buf b = {0};
    buf_str(&b, "file://");
    uri_path(&b, abs_path);
    json_t *j = json_string(b.p);
    free(b.p);
    return j;
}

/* ---- paths ------------------------------------------------------------------ */

typedef struct paths {
    char cwd[PATH_MAX];
    char *base; /* absolute, no trailing '/' except for "/" itself; NULL: none */
} paths;

static void paths_init(paths *ps, const char *base_dir)
{
    if (!getcwd(ps->cwd, sizeof ps->cwd))
        strcpy(ps->cwd, "/");
    ps->base = NULL;
    if (!base_dir || !*base_dir)
        return;
    /* The findings' paths are realpath()s; resolve the base the same way. */
    char *real = realpath(base_dir, NULL);
    if (!real) {
        buf b = {0};
        if (base_dir[0] != '/') {
            buf_str(&b, ps->cwd);
            buf_str(&b, "/");
        }
        buf_str(&b, base_dir);
        real = b.p;
    }
    size_t n = strlen(real);
    while (n > 1 && real[n - 1] == '/')
        real[--n] = '\0';
    ps->base = real;
}

/* An artifactLocation for `file`: relative to SRCROOT when under the base. */
static json_t *artifact_location(const paths *ps, const char *file)
{
    buf abs = {0};
    if (file[0] != '/') {
        buf_str(&abs, ps->cwd);
        buf_str(&abs, "/");
    }
    buf_str(&abs, file);
    json_t *loc = json_object();
    const char *rel = NULL;
    if (ps->base) {
        size_t n = strlen(ps->base);
        if (n == 1 && abs.p[0] == '/')
            rel = abs.p + 1;
        else if (!strncmp(abs.p, ps->base, n) && abs.p[n] == '/')
            rel = abs.p + n + 1;
    }
    if (rel && *rel) {
        buf b = {0};
        uri_path(&b, rel);
        json_object_set_new(loc, "uri", json_string(b.p));
        json_object_set_new(loc, "uriBaseId", json_string("SRCROOT"));
        free(b.p);
    } else {
        json_object_set_new(loc, "uri", file_uri(abs.p));
    }
    free(abs.p);
    return loc;
}

/* A physicalLocation for a config position; `span` in bytes, 0 = 1. */
static json_t *physical_location(const paths *ps, const tvc_loc *l, unsigned span)
{
    json_t *phys = json_object();
    json_object_set_new(phys, "artifactLocation", artifact_location(ps, l->file));
    if (l->line) {
        json_t *region = json_object();
        json_object_set_new(region, "startLine", json_integer(l->line));
        if (l->col) {
            json_object_set_new(region, "startColumn", json_integer(l->col));
            json_object_set_new(region, "endColumn",
                                json_integer((json_int_t)l->col + (span ? span : 1)));
        }
        json_object_set_new(phys, "region", region);
    }
    return phys;
}

/* ---- the log ---------------------------------------------------------------- */

static json_t *message(const char *text)
{
    json_t *m = json_object();
    json_object_set_new(m, "text", jstr(text));
    return m;
}

static json_t *rule_json(const rule *r)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(r->id));
    json_object_set_new(o, "shortDescription", message(r->short_desc));
    json_object_set_new(o, "fullDescription", message(r->full_desc));
    json_object_set_new(o, "help", message(r->help));
    buf b = {0};
    buf_str(&b, "file://");
    uri_path(&b, IDS_DOC_DIR "/");
    uri_path(&b, r->id);
    buf_str(&b, ".md");
    json_object_set_new(o, "helpUri", json_string(b.p));
    free(b.p);
    json_object_set_new(o, "defaultConfiguration",
                        json_pack("{s:s}", "level", level_name(r->level)));
    return o;
}

/* The index of `id` in the rules array, appending a generic rule for an ID
 * this table does not know yet (so every result's ruleId has a rule). */
static size_t rule_index(json_t *arr, const char *id)
{
    for (size_t i = 0; i < N_RULES; i++)
        if (!strcmp(rules[i].id, id))
            return i;
    for (size_t i = N_RULES; i < json_array_size(arr); i++)
        if (!strcmp(json_string_value(json_object_get(json_array_get(arr, i), "id")), id))
            return i;
    rule r = {id, TVC_WARNING, "A tlsvhostc finding.", "A tlsvhostc finding; see its message.",
              "See the message and the documentation of this ID."};
    json_array_append_new(arr, rule_json(&r));
    return json_array_size(arr) - 1;
}

static json_t *result_json(const paths *ps, json_t *rules_arr, const tvc_diag *g)
{
    json_t *res = json_object();
    json_object_set_new(res, "ruleId", jstr(g->id));
    json_object_set_new(res, "ruleIndex", json_integer((json_int_t)rule_index(rules_arr, g->id)));
    json_object_set_new(res, "level", json_string(level_name(g->severity)));

    int has_vhost = g->vhost_addr || g->vhost_name;
    const char *addr = g->vhost_addr ? g->vhost_addr : "*";
    buf text = {0};
    buf_str(&text, g->message);
    if (has_vhost) {
        char port[24];
        snprintf(port, sizeof port, ":%d", g->vhost_port);
        buf_str(&text, " (vhost ");
        buf_str(&text, addr);
        buf_str(&text, port);
        if (g->vhost_name) {
            buf_str(&text, " ");
            buf_str(&text, g->vhost_name);
        }
        buf_str(&text, ")");
    }
    json_object_set_new(res, "message", message(text.p));
    free(text.p);

    if (g->loc.file) {
        json_t *loc = json_object();
        json_object_set_new(loc, "physicalLocation", physical_location(ps, &g->loc, g->span));
        json_object_set_new(res, "locations", json_pack("[o]", loc));
        json_t *rel = json_array();
        int id = 1;
        for (const tvc_origin *o = g->loc.origin; o; o = o->at.origin) {
            if (!o->at.file)
                continue;
            json_t *r = json_object();
            json_object_set_new(r, "id", json_integer(id++));
            json_object_set_new(r, "physicalLocation", physical_location(ps, &o->at, 0));
            if (o->kind == TVC_ORIGIN_INCLUDE) {
                json_object_set_new(r, "message", message("included from"));
            } else {
                buf m = {0};
                buf_str(&m, "in macro ");
                buf_str(&m, o->macro ? o->macro : "?");
                json_object_set_new(r, "message", message(m.p));
                free(m.p);
            }
            json_array_append_new(rel, r);
        }
        if (json_array_size(rel))
            json_object_set_new(res, "relatedLocations", rel);
        else
            json_decref(rel);
    }
    if (g->suppressed) {
        json_t *s = json_object();
        json_object_set_new(s, "kind", json_string("inSource"));
        if (*g->suppressed)
            json_object_set_new(s, "justification", jstr(g->suppressed));
        json_object_set_new(res, "suppressions", json_pack("[o]", s));
    }
    if (has_vhost) {
        json_t *vh = json_object();
        json_object_set_new(vh, "addr", jstr(addr));
        json_object_set_new(vh, "port", json_integer(g->vhost_port));
        json_object_set_new(vh, "server_name", g->vhost_name ? jstr(g->vhost_name) : json_null());
        json_object_set_new(res, "properties", json_pack("{s:o}", "vhost", vh));
    }
    return res;
}

void tvc_report_sarif(FILE *f, const tvc_diags *d, const tvc_opts *o)
{
    paths ps;
    paths_init(&ps, o ? o->base_dir : NULL);

    json_t *rules_arr = json_array();
    for (size_t i = 0; i < N_RULES; i++)
        json_array_append_new(rules_arr, rule_json(&rules[i]));

    json_t *results = json_array();
    for (const tvc_diag *g = d->head; g; g = g->next)
        json_array_append_new(results, result_json(&ps, rules_arr, g));

    json_t *driver = json_object();
    json_object_set_new(driver, "name", json_string(PACKAGE_NAME));
    json_object_set_new(driver, "version", json_string(PACKAGE_VERSION));
    json_object_set_new(driver, "semanticVersion", json_string(PACKAGE_VERSION));
    json_object_set_new(driver, "informationUri", file_uri(IDS_DOC_DIR "/index.md"));
    json_object_set_new(driver, "rules", rules_arr);

    /* The renderer does not know the exit status (exit 2 is decided after
     * it runs); an invocation only says that a findings cap dropped some. */
    json_t *inv = NULL;
    if (d->dropped) {
        char m[96];
        snprintf(m, sizeof m, "%zu more findings not shown", d->dropped);
        inv = json_pack("{s:b,s:[{s:o,s:s}]}", "executionSuccessful", 1,
                        "toolExecutionNotifications", "message", message(m), "level", "warning");
    }

    json_t *run = json_object();
    json_object_set_new(run, "tool", json_pack("{s:o}", "driver", driver));
    if (inv)
        json_object_set_new(run, "invocations", json_pack("[o]", inv));
    if (ps.base) {
        buf b = {0};
        buf_str(&b, "file://");
        uri_path(&b, ps.base);
        if (b.p[b.n - 1] != '/')
            buf_str(&b, "/");
        json_object_set_new(run, "originalUriBaseIds",
                            json_pack("{s:{s:s}}", "SRCROOT", "uri", b.p));
        free(b.p);
    }
    json_object_set_new(run, "results", results);

    json_t *root = json_object();
    json_object_set_new(root, "$schema", json_string(SARIF_SCHEMA));
    json_object_set_new(root, "version", json_string("2.1.0"));
    json_object_set_new(root, "runs", json_pack("[o]", run));
    json_dumpf(root, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', f);
    json_decref(root);
    free(ps.base);
}
