/* tvc_file_replace built with TVC_TEST_HOOKS for tests/atomic_test.sh:
 *   replace_tool PATH TEXT [private]
 * replaces PATH with TEXT (a new file gets 0644); TVC_TEST_KILL_AT=write,
 * fsync, rename or dirsync kills it at that step. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "base/atomic_file.h"

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: replace_tool PATH TEXT [private]\n");
        return 2;
    }
    tvc_mode_policy p = argc > 3 && !strcmp(argv[3], "private") ? TVC_MODE_PRIVATE
                                                                 : TVC_MODE_KEEP;
    if (tvc_file_replace(argv[1], argv[2], strlen(argv[2]), p, 0644) != 0) {
        perror(argv[1]);
        return 1;
    }
    return 0;
}
