/* The runtime's thread rules (tlsvhost/runtime.h) under concurrent use,
 * for tests/tsan_test.sh, which builds it and the runtime with
 * -fsanitize=thread: THREADS threads each run HANDSHAKES full handshakes
 * (client and server in one thread over a BIO pair, the server's SSL from
 * tvc_rt_slot_ssl_new) while another thread swaps RELOADS new runtimes
 * into the slot. Every handshake must reach the vhost its name selects
 * with the ALPN protocol that vhost offers, every replaced runtime must
 * be freed once (tvc_rt_on_free), and a reload that fails must leave the
 * slot as it was.
 *
 *     tsan_runtime DIR THREADS HANDSHAKES RELOADS
 *
 * DIR holds a.pem/a.key, b.pem/b.key and c.pem/c.key. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <tlsvhost/runtime.h>

static char path[6][512];
static const char *const h2_first[] = {"h2", "http/1.1"};
static tvc_rt_cert certs[3];
static tvc_rt_vhost vhosts[3];
static const tvc_rt_vhost_ext ext[3] = {{h2_first, 2}, {NULL, 0}, {NULL, 0}};
static const unsigned members[] = {0, 1, 2};
static tvc_rt_site sites[2] = {{"*", 443, 0, members, 2}, {"*", 443, 0, members, 3}};
/* [0]: a.test and b.test; [1]: c.test too; [2]: a missing file */
static tvc_rt_config cfgs[3];

static tvc_rt_slot *slot;
static SSL_CTX *client_ctx;
static atomic_int freed, failures;
static int handshakes;

static void fail(const char *what, const char *name)
{
    fprintf(stderr, "tsan_runtime: %s (%s)\n", what, name);
    ERR_print_errors_fp(stderr);
    atomic_fetch_add(&failures, 1);
}

static void count_free(void *arg)
{
    (void)arg;
    atomic_fetch_add(&freed, 1);
}

static void setup(const char *dir)
{
    static const char *const names[] = {"a.test", "b.test", "c.test"};
    for (int i = 0; i < 3; i++) {
        snprintf(path[2 * i], sizeof path[0], "%s/%c.pem", dir, 'a' + i);
        snprintf(path[2 * i + 1], sizeof path[0], "%s/%c.key", dir, 'a' + i);
        certs[i] = (tvc_rt_cert){path[2 * i], path[2 * i + 1], NULL, 0};
        vhosts[i] = (tvc_rt_vhost){.server_name = names[i], .tls = 1,
                                   .server_preference = -1, .certs = &certs[i], .n_certs = 1,
                                   .verify_depth = -1, .session_tickets = -1,
                                   .source_file = "tsan", .source_line = (unsigned)i + 1};
    }
    cfgs[0] = (tvc_rt_config){TVC_RT_ABI, "tsan", vhosts, 3, &sites[0], 1, NULL, 0, ext};
    cfgs[1] = (tvc_rt_config){TVC_RT_ABI, "tsan", vhosts, 3, &sites[1], 1, NULL, 0, ext};
    static tvc_rt_vhost broken;
    static tvc_rt_cert none = {"/nonexistent/x.pem", NULL, NULL, 0};
    broken = vhosts[0];
    broken.certs = &none;
    cfgs[2] = (tvc_rt_config){TVC_RT_ABI, "tsan", &broken, 1, &sites[0], 1, NULL, 0, NULL};
}

/* One handshake between a client and the slot's current runtime. */
static void handshake(const char *name)
{
    SSL *srv = tvc_rt_slot_ssl_new(slot), *cli = SSL_new(client_ctx);
    BIO *b1 = NULL, *b2 = NULL;
    if (!srv || !cli || !BIO_new_bio_pair(&b1, 0, &b2, 0)) {
        fail("cannot make the connection", name);
        SSL_free(srv);
        SSL_free(cli);
        return;
    }
    SSL_set_bio(cli, b1, b1);
    SSL_set_bio(srv, b2, b2);
    SSL_set_connect_state(cli);
    SSL_set_accept_state(srv);
    SSL_set_tlsext_host_name(cli, name);
    static const unsigned char offer[] = "\x02h2\x08http/1.1";
    SSL_set_alpn_protos(cli, offer, sizeof offer - 1);
    int done = 0;
    for (int i = 0; i < 50 && !done; i++) {
        int c = SSL_do_handshake(cli), s = SSL_do_handshake(srv);
        done = c == 1 && s == 1;
    }
    const tvc_rt_vhost *vh = tvc_rt_selected(srv);
    const unsigned char *proto = NULL;
    unsigned len = 0;
    SSL_get0_alpn_selected(cli, &proto, &len);
    const char *want = !strcmp(name, "a.test") ? "h2" : "http/1.1";
    if (!done)
        fail("handshake failed", name);
    else if (!vh || strcmp(vh->server_name, name))
        fail("another vhost was selected", name);
    else if (len != strlen(want) || memcmp(proto, want, len))
        fail("another ALPN protocol was selected", name);
    tvc_rt *rt = tvc_rt_slot_get(slot);
    if (!tvc_rt_lookup(rt, "b.test"))
        fail("tvc_rt_lookup found no vhost", "b.test");
    tvc_rt_free(rt);
    SSL_free(cli);
    SSL_free(srv); /* drops the connection's reference to its runtime */
}

static void *client(void *arg)
{
    long id = (long)arg;
    for (int i = 0; i < handshakes; i++)
        handshake((i + id) % 2 ? "b.test" : "a.test");
    ERR_clear_error();
    return NULL;
}

static void *reloader(void *arg)
{
    int n = *(int *)arg;
    char err[512];
    for (int i = 0; i < n; i++) {
        tvc_rt *rt = tvc_rt_new(&cfgs[i % 2 ? 0 : 1], "*", 443, err, sizeof err);
        if (!rt) {
            fail(err, "reload");
            continue;
        }
        tvc_rt_on_free(rt, count_free, NULL);
        tvc_rt_slot_swap(slot, rt);
    }
    unsigned long g = tvc_rt_slot_generation(slot);
    if (tvc_rt_slot_reload(slot, &cfgs[2], "*", 443, err, sizeof err) == 0 ||
        tvc_rt_slot_generation(slot) != g)
        fail("a reload with a missing certificate replaced the runtime", err);
    ERR_clear_error();
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: tsan_runtime DIR THREADS HANDSHAKES RELOADS\n");
        return 2;
    }
    setup(argv[1]);
    int threads = atoi(argv[2]), reloads = atoi(argv[4]);
    handshakes = atoi(argv[3]);
    char err[512];
    tvc_rt *rt = tvc_rt_new(&cfgs[0], "*", 443, err, sizeof err);
    if (!rt || !(client_ctx = SSL_CTX_new(TLS_client_method()))) {
        fprintf(stderr, "tsan_runtime: %s\n", rt ? "SSL_CTX_new failed" : err);
        return 1;
    }
    tvc_rt_on_free(rt, count_free, NULL);
    slot = tvc_rt_slot_new(rt);
    pthread_t th[64], rl;
    if (threads < 1 || threads > 64)
        threads = 4;
    for (long i = 0; i < threads; i++)
        pthread_create(&th[i], NULL, client, (void *)i);
    pthread_create(&rl, NULL, reloader, &reloads);
    for (int i = 0; i < threads; i++)
        pthread_join(th[i], NULL);
    pthread_join(rl, NULL);
    tvc_rt_slot_free(slot);
    SSL_CTX_free(client_ctx);
    if (atomic_load(&freed) != reloads + 1)
        fail("not every runtime was freed once", argv[4]);
    printf("tsan_runtime: %d threads x %d handshakes, %d reloads, %d runtimes freed, "
           "%d failures\n", threads, handshakes, reloads, atomic_load(&freed),
           atomic_load(&failures));
    return atomic_load(&failures) ? 1 : 0;
}
