/* Orchestration: one certificate summary per distinct (cert, key, chain,
 * pin) - a file shared by many vhosts is read once - computed in parallel,
 * then every concern reports in vhost order, so output is deterministic. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "checks/internal.h"
#include "checks/pki_strings.h"
#include "base/smap.h"

tvc_diag *tvc_check_report(tvc_check_run *r, const tvc_vhost *vh, const char *id,
                           tvc_severity sev, const tvc_loc *loc, unsigned span,
                           const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tvc_diag *g = tvc_diag_addv(r->d, id, sev, loc, span, fmt, ap);
    va_end(ap);
    if (g && vh) {
        g->vhost_addr = vh->n_addrs ? vh->addrs[0].addr : "*";
        g->vhost_port = vh->n_addrs ? vh->addrs[0].port : 0;
        g->vhost_name = tvc_check_vhost_name(r, vh);
    }
    return g;
}

const char *tvc_check_vhost_name(const tvc_check_run *r, const tvc_vhost *vh)
{
    return vh->server_name ? vh->server_name : r->ir->server_name;
}

const char *tvc_check_vhost_label(tvc_check_run *r, const tvc_vhost *vh)
{
    const char *name = tvc_check_vhost_name(r, vh);
    const char *addr = vh->n_addrs ? vh->addrs[0].addr : "*";
    int port = vh->n_addrs ? vh->addrs[0].port : 0;
    if (port)
        return tvc_arena_printf(r->a, "%s:%d %s", addr, port, name ? name : "(no ServerName)");
    return tvc_arena_printf(r->a, "%s %s", addr, name ? name : "(no ServerName)");
}

const char *tvc_openssl_version_short(void)
{
    static char v[32];
    if (!v[0])
        snprintf(v, sizeof v, "OpenSSL %s", OpenSSL_version(OPENSSL_VERSION_STRING));
    return v;
}

static char *job_key(const tvc_cert *c, const char *pin)
{
    size_t n = strlen(c->cert) + (c->key ? strlen(c->key) : 0) + (pin ? strlen(pin) : 0) + 8;
    for (size_t i = 0; i < c->chain.n; i++)
        n += strlen(c->chain.v[i]) + 1;
    char *k = malloc(n), *p = k;
    if (!k)
        abort();
    p = stpcpy(p, c->cert);
    *p++ = '\n';
    p = stpcpy(p, c->key ? c->key : "");
    for (size_t i = 0; i < c->chain.n; i++) {
        *p++ = '\n';
        p = stpcpy(p, c->chain.v[i]);
    }
    *p++ = '\001';
    p = stpcpy(p, pin ? pin : "");
    return k;
}

static void free_jobs(void *arg)
{
    tvc_check_run *r = arg;
    for (size_t i = 0; i < r->n_jobs; i++)
        tvc_pki_job_free(&r->jobs[i]);
    tvc_pki_strings_free(r->strings);
    free(r->jobs);
    free(r->refs);
}

int tvc_checks_run(tvc_arena *a, tvc_diags *d, const tvc_ir *ir,
                   const tvc_check_opts *o)
{
    tvc_check_opts def = {.expiry_warn_days = 30};
    if (!o)
        o = &def;
    tvc_check_run *r = tvc_arena_calloc(a, sizeof *r);
    r->a = a;
    r->d = d;
    r->ir = ir;
    r->o = o;
    r->now = o->now ? o->now : time(NULL);

    /* Collect distinct certificate jobs and each vhost's references. */
    size_t nref = 0;
    for (size_t i = 0; i < ir->n_vhosts; i++)
        if (ir->vhosts[i].tls)
            nref += ir->vhosts[i].tls->certs.n;
    r->refs = calloc(nref + 1, sizeof *r->refs);
    r->jobs = calloc(nref + 1, sizeof *r->jobs);
    if (!r->refs || !r->jobs)
        abort();
    tvc_arena_cleanup_add(a, free_jobs, r);
    tvc_smap jobs = {0}, seen = {0};
    for (size_t i = 0; i < ir->n_vhosts; i++) {
        const tvc_vhost *vh = &ir->vhosts[i];
        if (!vh->tls)
            continue;
        for (size_t k = 0; k < vh->tls->certs.n; k++) {
            const tvc_cert *c = &vh->tls->certs.v[k];
            if (!c->cert)
                continue;
            int found;
            size_t j = tvc_smap_put(&jobs, job_key(c, vh->tls->pin.v), r->n_jobs, &found);
            if (!found) {
                tvc_pki_job *jb = &r->jobs[r->n_jobs++];
                jb->cert = c->cert;
                jb->key = c->key;
                jb->pin = vh->tls->pin.v;
                jb->chain = c->chain.v;
                jb->n_chain = c->chain.n;
            }
            char *sk = NULL;
            if (asprintf(&sk, "%zu\n%s\n%u\n%u", j, c->cert_loc.file ? c->cert_loc.file : "",
                         c->cert_loc.line, c->cert_loc.col) < 0)
                abort();
            tvc_smap_put(&seen, sk, j, &found);
            r->refs[r->n_refs++] = (tvc_cref){vh, c, &r->jobs[j], !found};
        }
    }
    tvc_smap_free(&jobs);
    tvc_smap_free(&seen);

    tvc_pki_ctx pc;
    char *err = NULL;
    if (r->n_jobs) {
        if (tvc_pki_ctx_init(&pc, o->ca_file, r->now, &err) != 0) {
            tvc_diag_add(d, "file-missing", TVC_ERROR, NULL, 0, "%s", err);
            free(err);
            return -1;
        }
        r->strings = pc.strings;
        int threads = o->threads;
        if (threads <= 0) {
            long nc = sysconf(_SC_NPROCESSORS_ONLN);
            threads = nc > 0 ? (int)(nc > 16 ? 16 : nc) : 1;
        }
        tvc_pki_run(&pc, r->jobs, r->n_jobs, threads, o->progress, o->progress_ud);
        tvc_pki_ctx_free(&pc);
    }

    tvc_check_files(r);
    tvc_check_keys(r);
    tvc_check_chain(r);
    tvc_check_expiry(r);
    tvc_check_names(r);
    tvc_check_staple(r);
    tvc_check_ocsp(r);
    tvc_check_ciphers(r);
    tvc_check_profile(r);
    tvc_check_sni(r);
    return 0;
}
