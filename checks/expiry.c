/* Validity windows of the leaf and every certificate sent with it,
 * against --now (default: the clock). */
#include "config.h"

#include <time.h>

#include "checks/internal.h"

static const char *date(tvc_check_run *r, time_t t)
{
    struct tm tm;
    gmtime_r(&t, &tm);
    return tvc_arena_printf(r->a, "%04d-%02d-%02d %02d:%02d:%02d UTC", tm.tm_year + 1900,
                            tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static void one(tvc_check_run *r, const tvc_cref *c, const tvc_certsum *s, const char *what)
{
    const tvc_loc *loc = &c->cert->cert_loc;
    time_t warn = (time_t)r->o->expiry_warn_days * 86400;
    if (s->not_after && s->not_after < r->now)
        tvc_check_report(r, c->vh, "cert-expired", TVC_ERROR, loc, 0,
                         "%s '%s' expired on %s", what, s->subject, date(r, s->not_after));
    else if (s->not_before && s->not_before > r->now)
        tvc_check_report(r, c->vh, "cert-not-yet-valid", TVC_ERROR, loc, 0,
                         "%s '%s' is not valid before %s", what, s->subject,
                         date(r, s->not_before));
    else if (s->not_after && s->not_after - r->now < warn)
        tvc_check_report(r, c->vh, "cert-expiring", TVC_WARNING, loc, 0,
                         "%s '%s' expires on %s, in %lld days", what, s->subject,
                         date(r, s->not_after),
                         (long long)((s->not_after - r->now) / 86400));
}

void tvc_check_expiry(tvc_check_run *r)
{
    for (size_t i = 0; i < r->n_refs; i++) {
        const tvc_cref *c = &r->refs[i];
        if (!c->first || c->job->cert_status != TVC_FILE_OK)
            continue;
        one(r, c, &c->job->leaf, "certificate");
        for (size_t k = 0; k < c->job->n_sent; k++)
            one(r, c, &c->job->sent[k], c->job->sent[k].self_signed ? "root certificate"
                                                                     : "chain certificate");
    }
}
