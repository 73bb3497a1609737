/* One connection of `serve`, driven by its worker's epoll loop: the TLS
 * handshake on the runtime the connection started with, one HTTP/1.1
 * request head, an answer naming the vhost, a close. Non-blocking: each
 * step goes as far as the socket allows and says what it waits for. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "cli/serve.h"

enum { HANDSHAKE, READ, WRITE, DONE };

struct tvc_serve_conn {
    int fd, state;
    tvc_rt *rt;              /* a reference: reloads do not move it */
    SSL *ssl;
    char head[16385];
    size_t n;
    char out[1024]; /* the answer: HTTP/1.1 text or HTTP/2 frames */
    int out_len;
};

int tvc_serve_conn_fd(const tvc_serve_conn *c)
{
    return c->fd;
}

tvc_serve_conn *tvc_serve_conn_new(tvc_rt_slot *slot, int fd)
{
    tvc_serve_conn *c = calloc(1, sizeof *c);
    if (!c) {
        close(fd);
        return NULL;
    }
    c->fd = fd;
    c->rt = tvc_rt_slot_get(slot);
    c->ssl = c->rt ? SSL_new(tvc_rt_ctx(c->rt)) : NULL;
    if (!c->ssl || SSL_set_fd(c->ssl, fd) != 1) {
        tvc_serve_conn_free(c);
        return NULL;
    }
    return c;
}

void tvc_serve_conn_free(tvc_serve_conn *c)
{
    if (!c)
        return;
    SSL_free(c->ssl);
    tvc_rt_free(c->rt);
    close(c->fd);
    free(c);
}

void tvc_serve_conn_cut(tvc_serve_conn *c, const char *why)
{
    if (c->state != DONE)
        fprintf(stderr, "tlsvhostc serve: connection cut %s %s\n",
                c->state == HANDSHAKE ? "in the handshake:" : "after the handshake:", why);
}

/* The Host header's name: lowercase, without port or trailing dot, as
 * httpd compares it. NULL when the request has none. */
static char *host_of(char *head)
{
    for (char *l = strstr(head, "\r\n"); l && l[2] != '\r'; l = strstr(l + 2, "\r\n")) {
        if (strncasecmp(l + 2, "Host:", 5))
            continue;
        char *h = l + 7;
        h += strspn(h, " \t");
        size_t n = strcspn(h, "\r");
        if (h[0] == '[') {
            char *rb = memchr(h, ']', n);
            n = rb ? (size_t)(rb - h) + 1 : n;
        } else {
            char *col = memchr(h, ':', n);
            n = col ? (size_t)(col - h) : n;
        }
        while (n && (h[n - 1] == ' ' || h[n - 1] == '\t' || h[n - 1] == '.'))
            n--;
        h[n] = '\0';
        for (char *p = h; *p; p++)
            *p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
        return h;
    }
    return NULL;
}

static void respond(tvc_serve_conn *c, const char *status, const char *vhost, const char *body)
{
    const unsigned char *alpn = NULL;
    unsigned alen = 0;
    SSL_get0_alpn_selected(c->ssl, &alpn, &alen);
    char proto[300] = "";
    if (alen)
        snprintf(proto, sizeof proto, "X-TLS-ALPN: %.*s\r\n", (int)alen, (const char *)alpn);
    int n = snprintf(c->out, sizeof c->out, "HTTP/1.1 %s\r\nContent-Type: text/plain\r\n"
                     "Content-Length: %zu\r\nConnection: close\r\nX-TLS-Vhost: %s\r\n%s\r\n%s",
                     status, strlen(body), vhost, proto, body);
    c->out_len = n < 0 ? 0 : n < (int)sizeof c->out ? n : (int)sizeof c->out - 1;
    c->state = WRITE;
}

static const char h2_preface[] = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

/* Whether the bytes read hold an HTTP/2 client's first request: the
 * preface, then frames (9-byte headers) up to a HEADERS frame (type 1)
 * on stream 1. */
static int h2_request(const tvc_serve_conn *c)
{
    size_t at = sizeof h2_preface - 1;
    if (c->n < at || memcmp(c->head, h2_preface, at))
        return 0;
    const unsigned char *p = (const unsigned char *)c->head;
    while (at + 9 <= c->n) {
        size_t len = ((size_t)p[at] << 16) | ((size_t)p[at + 1] << 8) | p[at + 2];
        if (p[at + 3] == 1 && (p[at + 5] & 0x7f) == 0 && !p[at + 6] && !p[at + 7] &&
            p[at + 8] == 1)
            return 1;
        at += 9 + len;
    }
    return 0;
}

static void frame(tvc_serve_conn *c, unsigned type, unsigned flags, unsigned stream,
                  const void *payload, size_t len)
{
    if (c->out_len + 9 + len > sizeof c->out)
        return;
    unsigned char *o = (unsigned char *)c->out + c->out_len;
    unsigned char h[9] = {(unsigned char)(len >> 16), (unsigned char)(len >> 8),
                          (unsigned char)len, (unsigned char)type, (unsigned char)flags,
                          (unsigned char)(stream >> 24), (unsigned char)(stream >> 16),
                          (unsigned char)(stream >> 8), (unsigned char)stream};
    memcpy(o, h, 9);
    if (len)
        memcpy(o + 9, payload, len);
    c->out_len += (int)(9 + len);
}

/* The least HTTP/2 that answers one request: our SETTINGS and the ack of
 * the client's, :status 200 (HPACK static index 8), the body, GOAWAY.
 * No multiplexing, no flow control beyond the initial window: a fixture
 * that shows the ALPN result to an h2 client, not an HTTP/2 server. */
static void answer_h2(tvc_serve_conn *c, const char *body)
{
    static const unsigned char status200 = 0x88, goaway[8] = {0, 0, 0, 1, 0, 0, 0, 0};
    c->out_len = 0;
    frame(c, 4, 0, 0, NULL, 0);
    frame(c, 4, 1, 0, NULL, 0);
    frame(c, 1, 4, 1, &status200, 1);
    frame(c, 0, 1, 1, body, strlen(body));
    frame(c, 7, 0, 0, goaway, sizeof goaway);
    c->state = WRITE;
}

/* The answer to the request head read so far (complete or not). */
static void answer(tvc_serve_conn *c)
{
    const tvc_rt_vhost *sni = tvc_rt_selected(c->ssl);
    const char *name = sni && sni->server_name ? sni->server_name : "-";
    char body[512];
    if (h2_request(c)) {
        snprintf(body, sizeof body, "%s\nALPN h2\n", name);
        answer_h2(c, body);
        return;
    }
    if (!strstr(c->head, "\r\n\r\n")) {
        respond(c, "400 Bad Request", name, "incomplete request head\n");
        return;
    }
    const char *host = host_of(c->head);
    const tvc_rt_vhost *by_host = host ? tvc_rt_lookup(c->rt, host) : NULL;
    /* httpd 2.4.64+ answers 421 when the Host vhost's TLS settings differ
     * from the SNI vhost's; here any other vhost is misdirected, which is
     * what a test of the routing wants to see. A Host naming no vhost is
     * served by the SNI vhost. */
    if (by_host && by_host != sni) {
        respond(c, "421 Misdirected Request", name,
                "the Host header names another vhost than the TLS server name\n");
        return;
    }
    const unsigned char *alpn = NULL;
    unsigned alen = 0;
    SSL_get0_alpn_selected(c->ssl, &alpn, &alen);
    /* ALPN chose h2 but the client wrote HTTP/1.1 text (openssl
     * s_client -alpn h2): text it is, saying what ALPN chose. */
    if (alen == 2 && !memcmp(alpn, "h2", 2))
        snprintf(body, sizeof body, "%s\nALPN h2\n", name);
    else
        snprintf(body, sizeof body, "%s\n", name);
    respond(c, "200 OK", name, body);
}

static unsigned wants(tvc_serve_conn *c, int r)
{
    int e = SSL_get_error(c->ssl, r);
    if (e == SSL_ERROR_WANT_READ)
        return EPOLLIN;
    if (e == SSL_ERROR_WANT_WRITE)
        return EPOLLOUT;
    return 0;
}

static unsigned handshake(tvc_serve_conn *c)
{
    ERR_clear_error();
    int r = SSL_accept(c->ssl);
    if (r == 1) {
        c->state = READ;
        return 0;
    }
    unsigned w = wants(c, r);
    if (!w) {
        unsigned long e = ERR_get_error();
        char why[256];
        ERR_error_string_n(e, why, sizeof why);
        fprintf(stderr, "tlsvhostc serve: handshake failed: %s\n",
                e ? why : "connection closed");
        c->state = DONE;
    }
    return w;
}

static unsigned read_head(tvc_serve_conn *c)
{
    while (c->n < sizeof c->head - 1) {
        int r = SSL_read(c->ssl, c->head + c->n, (int)(sizeof c->head - 1 - c->n));
        if (r <= 0) {
            unsigned w = wants(c, r);
            if (w)
                return w;
            break; /* closed: answer what came */
        }
        c->n += (size_t)r;
        c->head[c->n] = '\0';
        int h2 = c->n >= 3 && !memcmp(c->head, "PRI", 3);
        if (h2 ? h2_request(c) : strstr(c->head, "\r\n\r\n") != NULL)
            break;
    }
    c->head[c->n] = '\0';
    answer(c);
    return 0;
}

static unsigned write_answer(tvc_serve_conn *c)
{
    int r = SSL_write(c->ssl, c->out, c->out_len);
    if (r <= 0) {
        unsigned w = wants(c, r);
        if (w)
            return w;
    } else {
        SSL_shutdown(c->ssl); /* one try: the close follows anyway */
    }
    c->state = DONE;
    return 0;
}

unsigned tvc_serve_conn_step(tvc_serve_conn *c)
{
    unsigned w = 0;
    while (!w && c->state != DONE) {
        if (c->state == HANDSHAKE)
            w = handshake(c);
        else if (c->state == READ)
            w = read_head(c);
        else
            w = write_answer(c);
    }
    ERR_clear_error();
    return w;
}
