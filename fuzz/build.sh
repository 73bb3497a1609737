#!/bin/sh
# `make fuzz`: the libFuzzer targets fuzz/tvc_fuzz_*.c, linked against the
# library sources compiled once more by clang with
# -fsanitize=fuzzer-no-link,address,undefined (libtool's objects are gcc's
# and carry no coverage). Objects are rebuilt when their source is newer;
# after a header change, `make fuzz-clean`.
#   build.sh SRCDIR BUILDDIR LIBRARY-SOURCES... (headers among them skipped)
# Environment from Makefile.am: FUZZ_CC, FUZZ_CPPFLAGS, FUZZ_CFLAGS,
# FUZZ_LIBS; FUZZ_REQUIRED=1 (CI) makes a missing clang an error.
set -eu
srcdir=$1 builddir=$2
shift 2
cc=${FUZZ_CC:-clang}
if ! command -v "$cc" >/dev/null 2>&1; then
    echo "make fuzz: '$cc' not found (Debian: apt-get install clang); no fuzz target built" >&2
    [ "${FUZZ_REQUIRED:-0}" = 1 ] && exit 1
    exit 0
fi
san="-fsanitize=address,undefined -fno-sanitize-recover=undefined"
obj=$builddir/fuzz/obj
mkdir -p "$obj"
objs=
for src in "$@"; do
    case $src in *.c) ;; *) continue ;; esac
    o=$obj/$(printf '%s' "$src" | tr / _).o
    if [ ! -f "$o" ] || [ "$srcdir/$src" -nt "$o" ]; then
        echo "  FUZZCC   $src"
        eval "\"\$cc\" $FUZZ_CPPFLAGS $FUZZ_CFLAGS $san -fsanitize=fuzzer-no-link -c \"\$srcdir/\$src\" -o \"\$o\""
    fi
    objs="$objs $o"
done
for t in "$srcdir"/fuzz/tvc_fuzz_*.c; do
    name=$(basename "$t" .c)
    echo "  FUZZLD   fuzz/$name"
    eval "\"\$cc\" $FUZZ_CPPFLAGS $FUZZ_CFLAGS $san -fsanitize=fuzzer \"\$t\" $objs -o \"\$builddir/fuzz/\$name\" $FUZZ_LIBS"
done
