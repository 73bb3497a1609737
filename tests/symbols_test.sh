#!/bin/sh
# The names the build exports: the internal library (and so the binary
# and the tests that link it) defines only tvc_ globals, and the installed
# runtime library only tvc_rt_ ones, because the runtime lives inside
# other programs and a set_flag or a names_find there would collide with
# theirs. Names that start with '_' belong to the implementation (libc's
# start files, the sanitizers, gcov) and are not ours to check.
. "$(dirname "$0")/lib.sh"

B=${TVC_BUILDDIR:-$(dirname "$TVC")}
# $(NM) from libtool may carry options ("nm -B"): split it on purpose.
NM=${NM:-nm}
# shellcheck disable=SC2086
set -- $NM
need_tool "$1"

# globals FILE [nm options]: the defined global names of FILE, one a line,
# without the implementation's ones.
globals() {
    f=$1
    shift
    # shellcheck disable=SC2086
    $NM -g --defined-only "$@" "$f" 2>/dev/null |
        awk 'NF >= 3 { print $3 }' | sed 's/@.*//' | grep -v '^_' | sort -u
}

# only PREFIX WHAT FILE [nm options]: every global of FILE starts with PREFIX.
only() {
    prefix=$1 what=$2 file=$3
    shift 3
    if [ ! -f "$file" ]; then
        fail "$what: $file is missing (was it built?)"
        return
    fi
    n=$(globals "$file" "$@" | wc -l)
    if [ "$n" -eq 0 ]; then
        fail "$what: nm lists no global of $file"
        return
    fi
    bad=$(globals "$file" "$@" | grep -v "^$prefix" | tr '\n' ' ')
    if [ -z "$bad" ]; then
        pass "$what: all $n globals start with $prefix"
    else
        fail "$what: globals without the $prefix prefix: $bad"
    fi
}

only tvc_ "the internal library" "$B/.libs/libtvc.a"
only tvc_rt_ "the runtime's convenience library" "$B/.libs/libtvcrt.a"

# The installed library: whichever of the shared and static builds
# configure made (--disable-shared / --disable-static drop one).
rt_checked=0
if [ -f "$B/.libs/libtlsvhost-runtime.so" ]; then
    only tvc_rt_ "the runtime's shared library (dynamic exports)" \
        "$B/.libs/libtlsvhost-runtime.so" -D
    rt_checked=1
fi
if [ -f "$B/.libs/libtlsvhost-runtime.a" ]; then
    only tvc_rt_ "the runtime's static library" "$B/.libs/libtlsvhost-runtime.a"
    rt_checked=1
fi
[ "$rt_checked" = 1 ] || fail "no libtlsvhost-runtime.so or .a under $B/.libs"

# The binary: main, libc's data_start and the tvc_ code it links. What it
# defines for the dynamic linker (stdout, optarg: libc data copied into the
# executable) comes from the libraries, so the two lists are compared.
globals "$TVC" -D > "$T/dynamic"
bad=$(globals "$TVC" | grep -vxF -f "$T/dynamic" |
    grep -v -e '^tvc_' -e '^main$' -e '^data_start$' | tr '\n' ' ')
if [ -z "$bad" ]; then
    pass "tlsvhostc defines no global outside tvc_ but main"
else
    fail "tlsvhostc defines globals without the tvc_ prefix: $bad"
fi

finish
