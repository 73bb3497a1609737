/* bench_rt ADDR PORT HANDSHAKES: the runtime on the vhosts linked into it
 * (the C source `tlsvhostc emit --target=runtime` wrote). Measures
 *   - start-up: tvc_rt_new (every certificate and key loaded, one SSL_CTX
 *     per vhost) wall time and the process's peak RSS after it;
 *   - SNI selection: tvc_rt_lookup over every vhost's ServerName, 1,000,000
 *     lookups in a spread order (ns per lookup, the best of 5 passes of
 *     200,000: a shared machine's other work lands on some passes);
 *   - full handshakes in memory (TLS 1.3, or 1.2 where the vhost says so) (BIO pairs, no sockets), each with
 *     the SNI name of a vhost spread over the whole set, checking that the
 *     vhost chosen is the one named. Handshakes per second at 10 and at
 *     10,000 vhosts should be the same: selection is not the cost. The
 *     process's CPU time per handshake is given too: it moves far less
 *     than the rate when other work shares the cores.
 * Prints one JSON object. Exit 1 when a handshake fails or picks the
 * wrong vhost. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <tlsvhost/runtime.h>

/* Defined by the vhosts.c that `tlsvhostc emit --target=runtime` writes,
 * not by the library. */
extern const tvc_rt_config tlsvhost_config;

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static double cpu_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int handshake(SSL_CTX *cctx, SSL_CTX *sctx, const char *name, const char **chosen)
{
    SSL *c = SSL_new(cctx), *s = SSL_new(sctx);
    BIO *cb, *sb;
    if (!c || !s || !BIO_new_bio_pair(&cb, 0, &sb, 0))
        return -1;
    SSL_set_bio(c, cb, cb);
    SSL_set_bio(s, sb, sb);
    SSL_set_tlsext_host_name(c, name);
    SSL_set_connect_state(c);
    SSL_set_accept_state(s);
    int cd = 0, sd = 0;
    for (int i = 0; i < 20 && !(cd && sd); i++) {
        if (!cd) {
            int r = SSL_do_handshake(c);
            cd = r == 1;
            if (r <= 0 && SSL_get_error(c, r) != SSL_ERROR_WANT_READ)
                break;
        }
        if (!sd) {
            int r = SSL_do_handshake(s);
            sd = r == 1;
            if (r <= 0 && SSL_get_error(s, r) != SSL_ERROR_WANT_READ)
                break;
        }
    }
    const tvc_rt_vhost *vh = tvc_rt_selected(s);
    *chosen = vh ? vh->server_name : NULL;
    SSL_free(c);
    SSL_free(s);
    return cd && sd ? 0 : -1;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: bench_rt ADDR PORT HANDSHAKES\n");
        return 2;
    }
    char err[512];
    double t0 = now_ms();
    tvc_rt *rt = tvc_rt_new(&tlsvhost_config, argv[1], atoi(argv[2]), err, sizeof err);
    double t_new = now_ms() - t0;
    if (!rt) {
        fprintf(stderr, "bench_rt: %s\n", err);
        return 1;
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    const tvc_rt_site *site = tvc_rt_site_find(&tlsvhost_config, argv[1], atoi(argv[2]));
    unsigned n = site->n_vhosts;

    const unsigned lookups = 1000000, passes = 5;
    unsigned found = 0;
    double t_lookup = 0;
    for (unsigned p = 0; p < passes; p++) {
        t0 = now_ms();
        for (unsigned i = p * (lookups / passes); i < (p + 1) * (lookups / passes); i++) {
            const tvc_rt_vhost *vh = &tlsvhost_config.vhosts[site->vhosts[(i * 7919u) % n]];
            found += vh->server_name && tvc_rt_lookup(rt, vh->server_name) == vh;
        }
        double t = now_ms() - t0;
        if (p == 0 || t < t_lookup)
            t_lookup = t;
    }

    SSL_CTX *cctx = SSL_CTX_new(TLS_client_method());
    int hs = atoi(argv[3]), bad = 0;
    /* warm: 10 vhosts spread over the set, so every key is already in use
     * (RSA blinding and Montgomery values are made on a key's first
     * signature, whatever selects it); cold: a different vhost each time. */
    double t_hs[2], c_hs[2];
    for (int pass = 0; pass < 2; pass++) {
        unsigned spread = pass == 0 ? (n >= 10 ? 10 : n) : n;
        t0 = now_ms();
        double c0 = cpu_ms();
        for (int i = 0; i < hs; i++) {
            unsigned k = pass == 0 ? ((unsigned)i % spread) * (n / spread)
                                   : ((unsigned)i * 7919u) % n;
            const tvc_rt_vhost *vh = &tlsvhost_config.vhosts[site->vhosts[k]];
            const char *chosen;
            if (handshake(cctx, tvc_rt_ctx(rt), vh->server_name, &chosen) != 0 ||
                !chosen || strcmp(chosen, vh->server_name)) {
                if (!bad++)
                    fprintf(stderr, "bench_rt: %s: handshake failed or chose %s\n",
                            vh->server_name, chosen ? chosen : "nothing");
                ERR_print_errors_fp(stderr);
            }
        }
        t_hs[pass] = now_ms() - t0;
        c_hs[pass] = cpu_ms() - c0;
    }
    printf("{\"vhosts\": %u, \"rt_new_ms\": %.1f, \"peak_rss_kib\": %ld, "
           "\"lookup_ns\": %.1f, \"lookups_correct\": %s, \"handshakes\": %d, "
           "\"handshakes_per_s\": %.0f, \"cold_handshakes_per_s\": %.0f, "
           "\"handshake_cpu_us\": %.0f, \"cold_handshake_cpu_us\": %.0f, "
           "\"handshake_failures\": %d}\n",
           n, t_new, ru.ru_maxrss, t_lookup * 1e6 / (lookups / passes),
           found == lookups ? "true" : "false", hs, hs / (t_hs[0] / 1e3), hs / (t_hs[1] / 1e3),
           hs ? c_hs[0] * 1e3 / hs : 0, hs ? c_hs[1] * 1e3 / hs : 0, bad);
    SSL_CTX_free(cctx);
    tvc_rt_free(rt);
    return bad || found != lookups;
}
