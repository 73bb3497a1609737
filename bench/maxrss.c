/* maxrss [-o FILE] CMD [ARG...]: runs CMD (stdout and stderr inherited)
 * and writes one line about it to FILE (default stderr):
 *
 *   rc RC wall_ms W user_ms U sys_ms S maxrss_kib M
 *
 * RC is CMD's exit status (128 + signal number if it was killed), W the
 * wall time from fork to wait4 (CLOCK_MONOTONIC), U/S/M the child's
 * rusage from wait4: CPU time and peak resident set size. (U + S) / W
 * above 1 means more than one core was busy. Exits with CMD's status;
 * 127 if CMD cannot be run. Used by bench/run-check.sh, so the benchmark
 * does not depend on GNU time. */
#define _GNU_SOURCE

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double ms_of(struct timeval tv)
{
    return (double)tv.tv_sec * 1e3 + (double)tv.tv_usec / 1e3;
}

int main(int argc, char **argv)
{
    const char *out = NULL;
    int i = 1;
    if (i + 1 < argc && !strcmp(argv[i], "-o")) {
        out = argv[i + 1];
        i += 2;
    }
    if (i >= argc) {
        fputs("usage: maxrss [-o FILE] CMD [ARG...]\n", stderr);
        return 2;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork();
    if (pid < 0) {
        perror("maxrss: fork");
        return 127;
    }
    if (pid == 0) {
        execvp(argv[i], argv + i);
        fprintf(stderr, "maxrss: cannot run %s: %s\n", argv[i], strerror(errno));
        _exit(127);
    }
    int status;
    struct rusage ru;
    while (wait4(pid, &status, 0, &ru) < 0)
        if (errno != EINTR) {
            perror("maxrss: wait4");
            return 127;
        }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    int rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    double wall = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
    FILE *f = out ? fopen(out, "w") : stderr;
    if (!f) {
        perror("maxrss: output file");
        return 127;
    }
    fprintf(f, "rc %d wall_ms %.1f user_ms %.1f sys_ms %.1f maxrss_kib %ld\n", rc, wall,
            ms_of(ru.ru_utime), ms_of(ru.ru_stime), ru.ru_maxrss);
    if (f != stderr)
        fclose(f);
    return rc;
}
