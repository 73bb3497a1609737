/* floor [-t THREADS | -p PROCS] N DIR: the floor for the `tlsvhostc check`
 * benchmark.
 *
 * For I = 1..N it PEM-loads DIR/pki/vI.pem (every certificate in it: the
 * leaf and the intermediate) and DIR/pki/vI.key, and calls
 * X509_check_private_key(leaf, key). Nothing else: no config, no chain
 * building, no summaries. The floor proper is THREADS = 1 (the default);
 * -t 2 splits the same work over two threads, for comparison with
 * `tlsvhostc check`, which runs its certificate jobs on every core. -p 2
 * splits it over two processes (vI goes to process I mod 2): with OpenSSL
 * 3.0 threads contend for the library's global locks, processes do not,
 * so this shows what two cores can do.
 *
 * Prints one line: n, threads, certs, mismatches, ms (wall time of the
 * loop, CLOCK_MONOTONIC). Exit status: 0 every key matches, 1 a file did
 * not load or a key did not match, 2 usage. */
#define _GNU_SOURCE

#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sys/wait.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#define MAX_THREADS 64

struct pool {
    const char *dir;
    unsigned long n, stride; /* this process does next, next + stride, ... */
    atomic_ulong next;
    atomic_ulong certs, bad;
};

static int no_pw(char *buf, int size, int rw, void *u)
{
    (void)buf, (void)size, (void)rw, (void)u;
    return -1;
}

static int one(const char *dir, unsigned long i, unsigned long *ncerts)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/pki/v%lu.pem", dir, i);
    BIO *b = BIO_new_file(path, "r");
    if (!b) {
        fprintf(stderr, "floor: cannot read %s\n", path);
        return 0;
    }
    X509 *leaf = PEM_read_bio_X509(b, NULL, no_pw, NULL), *x;
    unsigned long c = leaf != NULL;
    while ((x = PEM_read_bio_X509(b, NULL, no_pw, NULL))) {
        c++;
        X509_free(x);
    }
    BIO_free(b);
    *ncerts += c;

    snprintf(path, sizeof path, "%s/pki/v%lu.key", dir, i);
    b = BIO_new_file(path, "r");
    EVP_PKEY *k = b ? PEM_read_bio_PrivateKey(b, NULL, no_pw, NULL) : NULL;
    BIO_free(b);
    int ok = leaf && k && X509_check_private_key(leaf, k) == 1;
    if (!ok)
        fprintf(stderr, "floor: v%lu: %s\n", i,
                !leaf ? "no certificate" : !k ? "no key" : "key does not match");
    EVP_PKEY_free(k);
    X509_free(leaf);
    ERR_clear_error();
    return ok;
}

static void *worker(void *arg)
{
    struct pool *p = arg;
    unsigned long certs = 0, bad = 0;
    for (;;) {
        unsigned long i = atomic_fetch_add(&p->next, p->stride);
        if (i > p->n)
            break;
        if (!one(p->dir, i, &certs))
            bad++;
    }
    atomic_fetch_add(&p->certs, certs);
    atomic_fetch_add(&p->bad, bad);
    return NULL;
}

int main(int argc, char **argv)
{
    long threads = 1, procs = 1;
    int opt;
    while ((opt = getopt(argc, argv, "t:p:")) != -1) {
        char *end;
        long v = strtol(optarg, &end, 10);
        if ((opt != 't' && opt != 'p') || *end || v < 1 || v > MAX_THREADS) {
            fputs("usage: floor [-t THREADS | -p PROCS] N DIR\n", stderr);
            return 2;
        }
        *(opt == 't' ? &threads : &procs) = v;
    }
    if (argc - optind != 2 || (threads > 1 && procs > 1)) {
        fputs("usage: floor [-t THREADS | -p PROCS] N DIR\n", stderr);
        return 2;
    }
    char *end;
    unsigned long n = strtoul(argv[optind], &end, 10);
    if (*end || n == 0) {
        fprintf(stderr, "floor: bad N '%s'\n", argv[optind]);
        return 2;
    }
    struct pool p = {.dir = argv[optind + 1], .n = n, .stride = 1};
    atomic_init(&p.next, 1);
    atomic_init(&p.certs, 0);
    atomic_init(&p.bad, 0);

    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (procs > 1) {
        /* Each child reports its two counts through a pipe. */
        int fds[MAX_THREADS];
        pid_t pids[MAX_THREADS];
        for (long k = 0; k < procs; k++) {
            int pp[2];
            if (pipe(pp) != 0 || (pids[k] = fork()) < 0) {
                perror("floor: fork");
                return 1;
            }
            if (pids[k] == 0) {
                close(pp[0]);
                p.stride = (unsigned long)procs;
                atomic_init(&p.next, 1 + (unsigned long)k);
                worker(&p);
                unsigned long r[2] = {atomic_load(&p.certs), atomic_load(&p.bad)};
                _exit(write(pp[1], r, sizeof r) == (ssize_t)sizeof r ? 0 : 1);
            }
            close(pp[1]);
            fds[k] = pp[0];
        }
        unsigned long certs = 0, bad = 0;
        for (long k = 0; k < procs; k++) {
            unsigned long r[2];
            int st;
            if (read(fds[k], r, sizeof r) != (ssize_t)sizeof r)
                r[0] = 0, r[1] = 1;
            close(fds[k]);
            waitpid(pids[k], &st, 0);
            certs += r[0];
            bad += r[1] + !(WIFEXITED(st) && WEXITSTATUS(st) == 0);
        }
        clock_gettime(CLOCK_MONOTONIC, &t1);
        double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
                    (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
        printf("n %lu procs %ld certs %lu mismatches %lu ms %.1f\n", n, procs, certs, bad, ms);
        return bad ? 1 : 0;
    }
    pthread_t tid[MAX_THREADS];
    int started = 0;
    for (long i = 1; i < threads; i++)
        if (pthread_create(&tid[started], NULL, worker, &p) == 0)
            started++;
    worker(&p);
    for (int i = 0; i < started; i++)
        pthread_join(tid[i], NULL);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
    unsigned long bad = atomic_load(&p.bad);
    printf("n %lu threads %d certs %lu mismatches %lu ms %.1f\n", n, started + 1,
           (unsigned long)atomic_load(&p.certs), bad, ms);
    return bad ? 1 : 0;
}
