/* OCSP stapling: a must-staple certificate (RFC 7633 TLS Feature
 * status_request) needs stapling that works, and stapling that is on
 * needs a cache, a responder and the issuer. What "works" means differs
 * by module (see ../shared/SERVER-FACTS.md). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/internal.h"
#include "base/smap.h"

static int gnutls_cache_ok(const tvc_check_run *r)
{
    if (r->ir->server.stapling.cache.v)
        return strcmp(r->ir->server.stapling.cache.v, "none") != 0;
    for (size_t i = 0; i < r->ir->n_modules; i++)
        if (!strcmp(r->ir->modules[i], "socache_shmcb_module"))
            return 1;
    return 0;
}

static int has_md(const tvc_check_run *r)
{
    for (size_t i = 0; i < r->ir->n_modules; i++)
        if (!strcmp(r->ir->modules[i], "md_module"))
            return 1;
    return 0;
}

/* Stapling switched on with no cache to keep responses in stops the
 * server: mod_ssl's modssl_init_stapling() (ssl_util_stapling.c) logs
 * AH01958 and returns ssl_die(); mod_gnutls refuses an explicit
 * GnuTLSOCSPStapling on whose requirements are unmet. Both only at start
 * (post_config), so apachectl -t passes. One finding per SSLUseStapling
 * line, however many vhosts inherit it. */
static void no_cache(tvc_check_run *r)
{
    tvc_smap seen = {0};
    for (size_t i = 0; i < r->ir->n_vhosts; i++) {
        const tvc_vhost *vh = &r->ir->vhosts[i];
        const tvc_tls *t = vh->tls;
        if (!t || t->stapling.enabled != 1)
            continue;
        const char *msg;
        if (t->engine == TVC_ENGINE_MODSSL && !r->ir->server.stapling.cache.v)
            msg = "SSLUseStapling is on but no SSLStaplingCache is configured: apachectl -t "
                  "passes, httpd fails at start with AH01958 (no stapling cache available)";
        else if (t->engine == TVC_ENGINE_GNUTLS && !gnutls_cache_ok(r))
            msg = "GnuTLSOCSPStapling is on but there is no OCSP cache (load "
                  "socache_shmcb or set GnuTLSOCSPCache): apachectl -t passes, mod_gnutls "
                  "fails at start (no OCSP response cache available)";
        else
            continue;
        const tvc_loc *loc = t->stapling.enabled_loc.file ? &t->stapling.enabled_loc
                                                          : &vh->loc;
        char *key = NULL;
        if (asprintf(&key, "%s:%u", loc->file ? loc->file : "", loc->line) < 0)
            abort();
        int dup;
        tvc_smap_put(&seen, key, i, &dup);
        if (!dup)
            tvc_check_report(r, vh, "staple-no-cache", TVC_ERROR, loc, 0, "%s", msg);
    }
    tvc_smap_free(&seen);
}

void tvc_check_staple(tvc_check_run *r)
{
    no_cache(r);
    for (size_t i = 0; i < r->n_refs; i++) {
        const tvc_cref *c = &r->refs[i];
        const tvc_pki_job *j = c->job;
        const tvc_tls *t = c->vh->tls;
        if (j->cert_status != TVC_FILE_OK || !c->first)
            continue;
        const tvc_loc *loc = &c->cert->cert_loc;
        int responder = j->ocsp_uri || t->stapling.response_files.n || t->stapling.force_url.v;
        int on = 0;
        const char *why = NULL;
        switch (t->engine) {
        case TVC_ENGINE_MODSSL:
            on = t->stapling.enabled == 1;
            if (!on)
                why = "SSLUseStapling is off";
            else if (!r->ir->server.stapling.cache.v)
                why = "SSLUseStapling is on but there is no server-level SSLStaplingCache";
            else if (!responder)
                why = "the certificate has no OCSP URI and no SSLStaplingForceURL is set";
            else if (!j->issuer_available && !t->client.ca_file.v)
                why = "mod_ssl cannot find the issuer certificate (AH02217)";
            break;
        case TVC_ENGINE_GNUTLS:
            /* On by default "when possible". */
            on = t->stapling.enabled != 0;
            if (!on)
                why = "GnuTLSOCSPStapling is off";
            else if (!gnutls_cache_ok(r))
                why = "there is no OCSP cache (load socache_shmcb or set GnuTLSOCSPCache)";
            else if (!j->issuer_available && !t->stapling.response_files.n)
                why = "the issuer certificate is not in GnuTLSCertificateFile";
            else if (!responder)
                why = "the certificate has no OCSP URI and no GnuTLSOCSPResponseFile is set";
            break;
        case TVC_ENGINE_MODTLS:
            on = has_md(r) && t->stapling.md_stapling == 1;
            if (!has_md(r))
                why = "mod_tls staples only through mod_md, which is not loaded";
            else if (t->stapling.md_stapling != 1)
                why = "MDStapling is off";
            else if (t->stapling.md_staple_others == 0)
                why = "MDStapleOthers is off, so mod_md does not staple certificates it "
                      "does not manage";
            else if (!responder)
                why = "the certificate has no OCSP URI for mod_md to ask";
            break;
        default:
            break;
        }
        if (j->must_staple && why)
            tvc_check_report(r, c->vh, "must-staple", TVC_ERROR, loc, 0,
                             "certificate '%s' demands OCSP stapling (TLS Feature "
                             "status_request) but %s: clients that honour must-staple "
                             "will refuse it%s", c->cert->cert, why,
                             t->engine == TVC_ENGINE_GNUTLS
                                 ? "; mod_gnutls refuses to start with it" : "");
        int explicit_on = t->stapling.enabled == 1 ||
                          (t->engine == TVC_ENGINE_MODTLS && on);
        /* mod_gnutls told GnuTLSOCSPStapling on refuses to start when it
         * has no responder or no issuer (observed with the 0.13 oracle:
         * "OCSP stapling configuration failed", AH00016). */
        if (explicit_on && !responder)
            tvc_check_report(r, c->vh, "staple-no-responder",
                             t->engine == TVC_ENGINE_GNUTLS ? TVC_ERROR : TVC_WARNING,
                             t->stapling.enabled_loc.file ? &t->stapling.enabled_loc : loc, 0,
                             "stapling is on but certificate '%s' names no OCSP responder "
                             "(no AIA OCSP URI) and no response file is configured%s",
                             c->cert->cert,
                             t->engine == TVC_ENGINE_GNUTLS
                                 ? ": mod_gnutls refuses to start" : "");
        if (explicit_on && t->engine != TVC_ENGINE_MODTLS && !j->issuer_available &&
            !t->client.ca_file.v && !t->stapling.response_files.n)
            tvc_check_report(r, c->vh, "staple-no-issuer",
                             t->engine == TVC_ENGINE_GNUTLS ? TVC_ERROR : TVC_WARNING,
                             t->stapling.enabled_loc.file ? &t->stapling.enabled_loc : loc, 0,
                             "stapling is on but the issuer of '%s' is not configured "
                             "(send it in the certificate file)%s", c->cert->cert,
                             t->engine == TVC_ENGINE_MODSSL
                                 ? "; mod_ssl logs AH02217 and staples nothing"
                                 : "; mod_gnutls refuses to start");
    }
}
