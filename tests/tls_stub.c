/* A TLS server for tests/probe_host_test.sh: it completes every
 * handshake with one certificate and then answers as the first label of
 * the SNI name says, so that one `probe --probe-host` run meets every
 * kind of answer a real server can give:
 *
 *   sNNN      "HTTP/1.1 NNN" to the request (s200, s404, s500, s503 ...)
 *   close     a close_notify right after the handshake, no HTTP at all
 *   garbage   a line that is no HTTP status line
 *   silent    reads, never answers, until the client goes
 *   other     200
 *
 *   tls_stub CERT KEY
 *
 * listens on a port of 127.0.0.1 the kernel picks and prints it on the
 * first line of standard output, so that the test never races another
 * for a port; runs until killed. One thread per connection: a silent
 * name must not hold up the others, which probe asks at the same time. */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

static SSL_CTX *ctx;

/* Reads up to the blank line that ends the request head; 0 when the
 * client went first. */
static int read_head(SSL *s)
{
    char buf[4096];
    size_t n = 0;
    while (n < sizeof buf - 1) {
        int r = SSL_read(s, buf + n, (int)(sizeof buf - 1 - n));
        if (r <= 0)
            return 0;
        n += (size_t)r;
        buf[n] = '\0';
        if (strstr(buf, "\r\n\r\n"))
            return 1;
    }
    return 1;
}

static void answer(SSL *s, const char *mode)
{
    char out[200];
    if (!strcmp(mode, "close"))
        return;
    if (!strcmp(mode, "silent")) {
        while (SSL_read(s, out, sizeof out) > 0)
            ;
        return;
    }
    if (!read_head(s))
        return;
    if (!strcmp(mode, "garbage"))
        snprintf(out, sizeof out, "no HTTP here\r\n\r\n");
    else
        snprintf(out, sizeof out, "HTTP/1.1 %d Stub\r\nContent-Length: 0\r\n"
                 "Connection: close\r\n\r\n",
                 mode[0] == 's' && atoi(mode + 1) >= 100 ? atoi(mode + 1) : 200);
    SSL_write(s, out, (int)strlen(out));
}

/* Closes only after the client has: a close() with the client's request
 * still unread sends a reset, and the client would see "connection reset"
 * or lose the answer instead of the end the mode means. */
static void linger_close(int fd)
{
    struct timeval tv = {5, 0};
    char buf[512];
    shutdown(fd, SHUT_WR);
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    while (recv(fd, buf, sizeof buf, 0) > 0)
        ;
    close(fd);
}

static void *serve(void *arg)
{
    int fd = (int)(intptr_t)arg;
    SSL *s = SSL_new(ctx);
    if (s && SSL_set_fd(s, fd) == 1 && SSL_accept(s) == 1) {
        const char *sni = SSL_get_servername(s, TLSEXT_NAMETYPE_host_name);
        char mode[64];
        snprintf(mode, sizeof mode, "%s", sni ? sni : "");
        mode[strcspn(mode, ".")] = '\0';
        answer(s, mode);
        SSL_shutdown(s);
    }
    SSL_free(s);
    linger_close(fd);
    ERR_clear_error();
    return NULL;
}

static int listen_any(void)
{
    struct sockaddr_in sa = {.sin_family = AF_INET};
    socklen_t len = sizeof sa;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof sa) || listen(fd, 64) ||
        getsockname(fd, (struct sockaddr *)&sa, &len)) {
        perror("tls_stub: listen");
        exit(1);
    }
    printf("%d\n", ntohs(sa.sin_port));
    fflush(stdout);
    return fd;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: tls_stub CERT KEY\n");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    ctx = SSL_CTX_new(TLS_server_method());
    if (!ctx || SSL_CTX_use_certificate_chain_file(ctx, argv[1]) != 1 ||
        SSL_CTX_use_PrivateKey_file(ctx, argv[2], SSL_FILETYPE_PEM) != 1) {
        ERR_print_errors_fp(stderr);
        return 1;
    }
    int lfd = listen_any();
    for (;;) {
        int fd = accept(lfd, NULL, NULL);
        pthread_t t;
        if (fd < 0)
            continue;
        if (pthread_create(&t, NULL, serve, (void *)(intptr_t)fd)) {
            close(fd);
            continue;
        }
        pthread_detach(t);
    }
}
