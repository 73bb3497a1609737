/* The smallest server on the tlsvhost runtime: the vhosts of an Apache
 * config, with httpd's SNI selection, in 70 lines of a plain OpenSSL
 * server. Answers every request with the name of the vhost that served it.
 *
 *   tlsvhostc emit --target=runtime -o vhosts.c /etc/apache2/apache2.conf
 *   cc -o server server.c vhosts.c $(pkg-config --cflags --libs tlsvhost-runtime)
 *   ./server 127.0.0.1 8443 443     # listen on 8443, serve the *:443 vhosts
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <tlsvhost/runtime.h>

/* Defined by the vhosts.c that `tlsvhostc emit --target=runtime` writes,
 * not by the library. */
extern const tvc_rt_config tlsvhost_config;

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: %s LISTEN-ADDR LISTEN-PORT CONFIG-PORT\n", argv[0]);
        return 2;
    }
    char err[512];
    tvc_rt *rt = tvc_rt_new(&tlsvhost_config, "*", atoi(argv[3]), err, sizeof err);
    if (!rt) {
        fprintf(stderr, "%s: %s\n", argv[0], err);
        return 1;
    }
    signal(SIGPIPE, SIG_IGN);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[2]))};
    int one = 1, fd = socket(AF_INET, SOCK_STREAM, 0);
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (inet_pton(AF_INET, argv[1], &sa.sin_addr) != 1 ||
        bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0 || listen(fd, 16) != 0) {
        perror(argv[0]);
        return 1;
    }
    fprintf(stderr, "%s: listening (%s)\n", argv[0], tvc_rt_version());
    for (;;) {
        int c = accept(fd, NULL, NULL);
        if (c < 0)
            continue;
        SSL *ssl = SSL_new(tvc_rt_ctx(rt));
        SSL_set_fd(ssl, c);
        char req[4096];
        if (SSL_accept(ssl) == 1 && SSL_read(ssl, req, sizeof req) > 0) {
            const tvc_rt_vhost *vh = tvc_rt_selected(ssl);
            const char *name = vh && vh->server_name ? vh->server_name : "(none)";
            char resp[512];
            int n = snprintf(resp, sizeof resp, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                             "Content-Length: %zu\r\nConnection: close\r\n\r\n%s\n",
                             strlen(name) + 1, name);
            SSL_write(ssl, resp, n);
            SSL_shutdown(ssl);
        }
        SSL_free(ssl);
        close(c);
    }
}
