/* Certificate and key files: readable, the right kind, the key matching
 * the certificate (EVP_PKEY_eq: any key type), not encrypted where the
 * module cannot ask, not readable by others. */
#include "config.h"

#include <fnmatch.h>
#include <grp.h>
#include <strings.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "checks/internal.h"

/* The group httpd's children run as, which a key must not be readable
 * by: a compromised child could read it. mod_unixd's Group ("#gid" is a
 * number); without one, Debian's envvars say www-data, and an unexpanded
 * ${APACHE_RUN_GROUP} means the same. Returns 0 when the group is not
 * known on this machine: then nothing can be said. */
static int server_gid(const tvc_check_run *r, unsigned *gid, const char **name)
{
    const char *g = r->ir->run_group;
    if (!g || strstr(g, "${"))
        g = "www-data";
    *name = g;
    if (g[0] == '#') {
        char *end;
        long v = strtol(g + 1, &end, 10);
        if (*end || end == g + 1 || v < 0)
            return 0;
        *gid = (unsigned)v;
        return 1;
    }
    struct group gr, *res = NULL;
    char buf[4096];
    if (getgrnam_r(g, &gr, buf, sizeof buf, &res) != 0 || !res)
        return 0;
    *gid = (unsigned)res->gr_gid;
    return 1;
}

/* A key readable by others, or by the group the server runs as, is a
 * leak. Group-readable by any other group is Debian's convention
 * (/etc/ssl/private, mode 0640, group ssl-cert: root's dedicated key
 * group, which the server reads through its root parent) and no finding. */
static void key_permissions(tvc_check_run *r, const tvc_cref *c, const tvc_loc *kloc,
                            const char *kpath)
{
    const tvc_pki_job *j = c->job;
    if (j->key_status != TVC_FILE_OK || j->key_encrypted)
        return;
    unsigned gid = 0;
    const char *gname = NULL;
    if (j->key_mode & 006)
        tvc_check_report(r, c->vh, "key-permissions", TVC_WARNING, kloc, 0,
                         "private key file '%s' is %s by everyone (mode %04o)", kpath,
                         (j->key_mode & 004) ? "readable" : "writable", j->key_mode);
    else if ((j->key_mode & 060) && server_gid(r, &gid, &gname) && gid == j->key_gid)
        tvc_check_report(r, c->vh, "key-permissions", TVC_WARNING, kloc, 0,
                         "private key file '%s' is %s by its group '%s', the group httpd "
                         "runs as%s (mode %04o)", kpath,
                         (j->key_mode & 040) ? "readable" : "writable", gname,
                         r->ir->run_group && !strstr(r->ir->run_group, "${")
                             ? "" : " on Debian (no Group line says otherwise)",
                         j->key_mode);
}

static const char *start_fact(tvc_engine e)
{
    switch (e) {
    case TVC_ENGINE_MODSSL:
        return "; apachectl -t passes, httpd fails at start with AH02565";
    case TVC_ENGINE_GNUTLS:
        return "; mod_gnutls starts without a word and every handshake for "
               "this name fails";
    case TVC_ENGINE_MODTLS:
        return "; mod_tls fails at start";
    default:
        return "";
    }
}

/* Does mod_md's domain name `d` pick this vhost? mod_md.c
 * link_md_to_servers(): with MDMatchNames all (the default) as
 * ap_matches_request_vhost() does (ServerName, ServerAlias exact or as a
 * glob, the <VirtualHost> address itself); with servernames, or for a
 * wildcard domain, md_dns_matches() on the ServerName ("*.a.test" covers
 * one more label). */
static int md_name_matches(const tvc_check_run *r, const tvc_vhost *vh, const char *d)
{
    const char *sn = tvc_check_vhost_name(r, vh);
    if (sn && !strcasecmp(d, sn))
        return 1;
    if (sn && d[0] == '*' && d[1] == '.') {
        const char *dot = strchr(sn, '.');
        if (dot && !strcasecmp(d + 1, dot))
            return 1;
    }
    if (r->ir->md_match_servernames)
        return 0;
    for (size_t i = 0; i < vh->aliases.n; i++) {
        const char *al = vh->aliases.v[i];
        if (strpbrk(al, "*?") ? fnmatch(al, d, FNM_CASEFOLD) == 0 : !strcasecmp(al, d))
            return 1;
    }
    for (size_t i = 0; i < vh->n_addrs; i++)
        if (!strcasecmp(vh->addrs[i].addr, d))
            return 1;
    return 0;
}

/* The managed domain that supplies this vhost's certificate, if mod_md is
 * loaded and exactly one domain picks it (with two it supplies none:
 * AH10238, and AH02572 follows). mod_ssl and mod_tls ask mod_md for certificates
 * (ap_ssl_add_cert_files) and, while it has none yet, for a self-signed
 * fallback (ap_ssl_add_fallback_cert_files): the server starts and
 * answers 503 (mod_ssl AH10085, mod_tls AH10321). mod_gnutls does not ask. */
static const tvc_md_domain *md_manager(const tvc_check_run *r, const tvc_vhost *vh,
                                       int *conflict)
{
    *conflict = 0;
    const tvc_ir *ir = r->ir;
    int loaded = ir->n_modules == 0; /* a fragment without LoadModule lines */
    for (size_t i = 0; i < ir->n_modules && !loaded; i++)
        loaded = !strcmp(ir->modules[i], "md_module");
    if (!loaded || (vh->tls->engine != TVC_ENGINE_MODSSL &&
                    vh->tls->engine != TVC_ENGINE_MODTLS))
        return NULL;
    const tvc_md_domain *found = NULL;
    for (size_t i = 0; i < ir->n_md_domains; i++) {
        const tvc_md_domain *md = &ir->md_domains[i];
        int hit = 0;
        for (size_t k = 0; k < md->names.n && !hit; k++)
            hit = md_name_matches(r, vh, md->names.v[k]);
        if (hit && found) {
            *conflict = 1;
            return NULL;
        }
        if (hit)
            found = md;
    }
    return found;
}

/* One certificate/key pair's files: readable, a key, decryptable,
 * matching, with sane permissions. */
static void check_pair(tvc_check_run *r, const tvc_cref *c)
{
    tvc_pki_job *j = c->job;
    tvc_engine e = c->vh->tls->engine;
    const tvc_loc *kloc = c->cert->key ? &c->cert->key_loc : &c->cert->cert_loc;
    const char *kpath = c->cert->key ? c->cert->key : c->cert->cert;
    if (j->cert_status != TVC_FILE_OK)
        tvc_check_report(r, c->vh, "file-missing", TVC_ERROR, &c->cert->cert_loc, 0,
                         "%s%s", j->cert_err,
                         e == TVC_ENGINE_GNUTLS ? " (apachectl -t passes; mod_gnutls "
                                                  "fails at start)" : "");
    if (c->cert->key && j->key_status != TVC_FILE_OK)
        tvc_check_report(r, c->vh, "file-missing", TVC_ERROR, kloc, 0, "%s", j->key_err);
    else if (!c->cert->key && j->cert_status == TVC_FILE_OK && j->key_status != TVC_FILE_OK)
        tvc_check_report(r, c->vh, "file-missing", TVC_ERROR, kloc, 0, "%s", j->key_err);
    if (j->key_encrypted) {
        tvc_severity sev = e == TVC_ENGINE_MODSSL ? TVC_WARNING : TVC_ERROR;
        const char *why = e == TVC_ENGINE_MODTLS
            ? "mod_tls cannot load encrypted keys at all"
            : e == TVC_ENGINE_GNUTLS
            ? "mod_gnutls cannot ask for a passphrase; set GnuTLSPIN or decrypt the key"
            : "httpd will ask for the passphrase at every start (SSLPassPhraseDialog); "
              "whether it matches the certificate could not be checked";
        tvc_check_report(r, c->vh, "key-encrypted", sev, kloc, 0,
                         "private key '%s' is encrypted: %s", kpath, why);
    }
    if (j->key_bad_pin)
        tvc_check_report(r, c->vh, "key-encrypted", TVC_ERROR, kloc, 0,
                         "the configured passphrase does not decrypt private key '%s'",
                         kpath);
    if (j->key_match == 0)
        tvc_check_report(r, c->vh, "key-mismatch", TVC_ERROR, kloc, 0,
                         "private key '%s' (%s) does not match certificate '%s' "
                         "(%s key)%s", kpath, j->key_type ? j->key_type : "?",
                         c->cert->cert, j->cert_key_type ? j->cert_key_type : "?",
                         start_fact(e));
    key_permissions(r, c, kloc, kpath);
}

/* SSLEngine on in the server config turns TLS on for the main server
 * itself, which then needs a certificate of its own as any vhost
 * (ssl_init_Module checks every server_rec: AH02572 at start). */
static void check_server_cert(tvc_check_run *r)
{
    const tvc_tls *sv = &r->ir->server;
    if (sv->engine == TVC_ENGINE_MODSSL && sv->enabled == 1 && sv->enabled_loc.file) {
        size_t n = 0;
        for (size_t k = 0; k < sv->certs.n; k++)
            n += sv->certs.v[k].cert != NULL;
        if (!n)
            tvc_check_report(r, NULL, "no-certificate", TVC_ERROR, &sv->enabled_loc, 0,
                             "SSLEngine on in the server config turns TLS on for the "
                             "main server, which has no certificate: httpd fails at "
                             "start with AH02572");
    }
}

/* Key files without a certificate file to go with them. */
static void check_lone_keys(tvc_check_run *r, const tvc_vhost *vh, size_t with_cert)
{
    for (size_t k = 0; k < vh->tls->certs.n; k++) {
        const tvc_cert *c = &vh->tls->certs.v[k];
        if (c->cert)
            continue;
        /* mod_ssl loads the i-th key for the i-th certificate only
         * (ssl_init_server_certs): a key past the last certificate is
         * never read, and httpd starts if another pair is complete. */
        struct stat st;
        if (with_cert && vh->tls->engine == TVC_ENGINE_MODSSL &&
            (stat(c->key, &st) != 0 || !S_ISREG(st.st_mode) || !st.st_size))
            tvc_check_report(r, vh, "file-missing", TVC_ERROR, &c->key_loc, 0,
                             "key file '%s' does not exist or is empty (httpd -t "
                             "refuses it)", c->key);
        else if (with_cert && vh->tls->engine == TVC_ENGINE_MODSSL)
            tvc_check_report(r, vh, "no-certificate", TVC_WARNING, &c->key_loc, 0,
                             "key file '%s' has no certificate file to go with it: "
                             "mod_ssl ignores it", c->key);
        else
            tvc_check_report(r, vh, "no-certificate", TVC_ERROR, &c->key_loc, 0,
                             "key file '%s' has no certificate file to go with it",
                             c->key);
    }
}

/* A TLS vhost without any certificate: mod_md may supply one. */
static void check_no_cert(tvc_check_run *r, const tvc_vhost *vh, size_t with_cert)
{
    int conflict = 0;
    const tvc_md_domain *md = with_cert ? NULL : md_manager(r, vh, &conflict);
    if (conflict)
        tvc_check_report(r, vh, "no-certificate", TVC_ERROR,
                         vh->tls->enabled_loc.file ? &vh->tls->enabled_loc : &vh->loc, 0,
                         "%s has no certificate of its own and more than one managed "
                         "domain (MDomain) covers it: mod_md supplies none and httpd "
                         "fails at start (AH10238 then AH02572; AH10038 when the domains "
                         "share a name)", tvc_check_vhost_label(r, vh));
    else if (md)
        tvc_check_report(r, vh, "no-certificate", TVC_NOTE,
                         vh->tls->enabled_loc.file ? &vh->tls->enabled_loc : &vh->loc, 0,
                         "%s has no certificate of its own: mod_md manages it (MDomain "
                         "%s at %s:%u) and supplies the certificate; until it has one, "
                         "httpd serves a self-signed fallback and answers 503 (%s)",
                         tvc_check_vhost_label(r, vh), md->names.n ? md->names.v[0] : "",
                         md->loc.file ? md->loc.file : "?", md->loc.line,
                         vh->tls->engine == TVC_ENGINE_MODSSL ? "AH10085" : "AH10321");
    else if (!with_cert && vh->tls->engine != TVC_ENGINE_MODTLS)
        tvc_check_report(r, vh, "no-certificate", TVC_ERROR,
                         vh->tls->enabled_loc.file ? &vh->tls->enabled_loc : &vh->loc, 0,
                         "TLS is on for %s but no certificate is configured%s",
                         tvc_check_vhost_label(r, vh),
                         vh->tls->engine == TVC_ENGINE_MODSSL
                             ? " (httpd fails at start with AH02572)" : "");
    else if (!with_cert)
        tvc_check_report(r, vh, "no-certificate", TVC_ERROR, &vh->loc, 0,
                         "%s is served by mod_tls but has no TLSCertificate and no "
                         "managed domain (MDomain) of a loaded mod_md covers it",
                         tvc_check_vhost_label(r, vh));
}

void tvc_check_keys(tvc_check_run *r)
{
    for (size_t i = 0; i < r->n_refs; i++)
        if (r->refs[i].first)
            check_pair(r, &r->refs[i]);
    check_server_cert(r);
    /* A TLS vhost needs a certificate (mod_ssl: AH02572 at start). */
    for (size_t i = 0; i < r->ir->n_vhosts; i++) {
        const tvc_vhost *vh = &r->ir->vhosts[i];
        if (!vh->tls)
            continue;
        size_t with_cert = 0;
        for (size_t k = 0; k < vh->tls->certs.n; k++)
            if (vh->tls->certs.v[k].cert)
                with_cert++;
        check_lone_keys(r, vh, with_cert);
        check_no_cert(r, vh, with_cert);
    }
}
