/* hs_client [-c CLIENTS] [-s SECONDS] [-v 1.2|1.3] HOST PORT NAME
 * hs_client -w SECONDS HOST PORT NAME
 *
 * Full TLS handshakes against a server, for bench/run-serve.sh. Each of
 * CLIENTS processes (default 1; processes, as OpenSSL 3.0 threads contend
 * for the library's locks) connects, sends NAME as SNI, completes a
 * handshake with exactly the version asked for, checks that the
 * certificate it got covers NAME, and closes, for SECONDS (default 3).
 * No session is ever offered and tickets are refused, so every handshake
 * is a full one. Prints "handshakes N wrong W failed F seconds S rate R"
 * (R = N / S, all clients together); exits 1 when a handshake failed or
 * got a certificate for another name.
 *
 * -w: waits until one handshake succeeds (a try every 20 ms), for at most
 * SECONDS; exits 0 then, 1 on timeout. The caller times it: the server's
 * start-up until it really answers, whereas a TCP connect would succeed as
 * soon as the socket listens (httpd listens before mod_ssl loads keys). */
#define _GNU_SOURCE

#include <arpa/inet.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int dial(const struct addrinfo *ai)
{
    int fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
    if (fd >= 0 && connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
        close(fd);
        fd = -1;
    }
    return fd;
}

/* One full handshake: 0 done and the certificate covers name, 1 done but
 * for another name, -1 failed. */
static int handshake(SSL_CTX *ctx, const struct addrinfo *ai, const char *name)
{
    int fd = dial(ai), r = -1;
    SSL *ssl = fd >= 0 ? SSL_new(ctx) : NULL;
    if (ssl && SSL_set_fd(ssl, fd) && SSL_set_tlsext_host_name(ssl, name) &&
        SSL_connect(ssl) == 1) {
        X509 *peer = SSL_get1_peer_certificate(ssl);
        r = peer && X509_check_host(peer, name, 0, 0, NULL) == 1 ? 0 : 1;
        X509_free(peer);
    }
    ERR_clear_error();
    SSL_free(ssl);
    if (fd >= 0)
        close(fd);
    return r;
}

static SSL_CTX *client_ctx(int version)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    if (!ctx)
        return NULL;
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
    SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET);
    if (version) {
        SSL_CTX_set_min_proto_version(ctx, version);
        SSL_CTX_set_max_proto_version(ctx, version);
    }
    return ctx;
}

/* One client's loop; its counts written to fd. */
static void client(SSL_CTX *ctx, const struct addrinfo *ai, const char *name, double secs,
                   int out)
{
    long n[3] = {0, 0, 0}; /* done, wrong, failed */
    double end = now_s() + secs;
    while (now_s() < end) {
        int r = handshake(ctx, ai, name);
        n[r < 0 ? 2 : r]++;
    }
    if (write(out, n, sizeof n) != (ssize_t)sizeof n)
        exit(2);
}

static int rate(SSL_CTX *ctx, const struct addrinfo *ai, const char *name, int clients,
                double secs)
{
    int p[2];
    if (pipe(p) != 0)
        return 2;
    double t0 = now_s();
    for (int i = 0; i < clients; i++)
        if (fork() == 0) {
            close(p[0]);
            client(ctx, ai, name, secs, p[1]);
            _exit(0);
        }
    close(p[1]);
    long tot[3] = {0, 0, 0}, n[3];
    while (read(p[0], n, sizeof n) == (ssize_t)sizeof n)
        for (int k = 0; k < 3; k++)
            tot[k] += n[k];
    while (wait(NULL) > 0)
        ;
    double took = now_s() - t0;
    struct rusage ru;
    getrusage(RUSAGE_CHILDREN, &ru);
    double cpu = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
                 (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
    printf("handshakes %ld wrong %ld failed %ld seconds %.2f rate %.1f cpu %.2f\n", tot[0],
           tot[1], tot[2], took, (double)tot[0] / took, cpu);
    return tot[1] || tot[2] ? 1 : 0;
}

static int usage(void)
{
    fputs("usage: hs_client [-c CLIENTS] [-s SECONDS] [-v 1.2|1.3] HOST PORT NAME\n"
          "       hs_client -w SECONDS HOST PORT NAME\n",
          stderr);
    return 2;
}

int main(int argc, char **argv)
{
    int clients = 1, version = 0, opt;
    double secs = 3, wait_for = 0;
    while ((opt = getopt(argc, argv, "c:s:v:w:")) != -1)
        switch (opt) {
        case 'c': clients = atoi(optarg); break;
        case 's': secs = atof(optarg); break;
        case 'v': version = !strcmp(optarg, "1.2") ? TLS1_2_VERSION
                            : !strcmp(optarg, "1.3") ? TLS1_3_VERSION : -1; break;
        case 'w': wait_for = atof(optarg); break;
        default: return usage();
        }
    if (argc - optind != 3 || clients < 1 || secs <= 0 || version < 0)
        return usage();
    struct addrinfo hints = {0}, *ai;
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(argv[optind], argv[optind + 1], &hints, &ai) != 0) {
        fprintf(stderr, "hs_client: cannot resolve %s\n", argv[optind]);
        return 2;
    }
    SSL_CTX *ctx = client_ctx(version);
    int rc = 2;
    if (ctx && wait_for > 0) {
        double end = now_s() + wait_for;
        while ((rc = handshake(ctx, ai, argv[optind + 2]) < 0) && now_s() < end)
            usleep(20000);
    } else if (ctx) {
        rc = rate(ctx, ai, argv[optind + 2], clients, secs);
    }
    SSL_CTX_free(ctx);
    freeaddrinfo(ai);
    return rc;
}
