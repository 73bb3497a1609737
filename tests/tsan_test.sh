#!/bin/bash
# The runtime's thread rules (<tlsvhost/runtime.h>) under ThreadSanitizer:
# tests/tsan_runtime.c and the runtime's sources are built with
# -fsanitize=thread (a build of their own: a few files, seconds), then 4
# threads run full handshakes through a tvc_rt_slot while a fifth swaps
# 20 new runtimes in. Any data race ThreadSanitizer sees in the runtime
# fails the test, and so does a wrong vhost, a wrong ALPN protocol or a
# runtime not freed exactly once. OpenSSL itself is not instrumented (its
# internal locks are invisible to TSan); no suppression is needed so far,
# and none is used: every report fails.
. "$(dirname "$0")/lib.sh"

need_tool openssl
CC=${CC:-cc}
BUILD=${TVC_BUILDDIR:-$(dirname "$TVC")}
SRC=$TVC_SRCDIR

printf 'int main(void){return 0;}\n' > "$T/probe.c"
if ! "$CC" -fsanitize=thread -o "$T/probe" "$T/probe.c" > "$T/probe.out" 2>&1 || ! "$T/probe"; then
    fail "$CC cannot build with -fsanitize=thread (gcc needs libtsan: Debian package libtsan2)"
    show "$T/probe.out" "compiler"
    finish
fi

P=$T/pki
mkdir -p "$P"
for n in a b c; do
    ossl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$P/$n.key" \
        -out "$P/$n.pem" -days 30 -subj "/CN=$n.test" -addext "subjectAltName=DNS:$n.test"
done

# shellcheck disable=SC2086
if "$CC" -std=c11 -g -O1 -Wall -Wextra -Werror -fsanitize=thread -fno-omit-frame-pointer -pthread \
        -I"$BUILD" -I"$SRC" -I"$SRC/runtime" -DTVC_RT_VERSION='"tsan"' \
        -o "$T/tsan_runtime" "$SRC/tests/tsan_runtime.c" "$SRC/runtime/runtime.c" \
        "$SRC/runtime/names.c" "$SRC/runtime/staple.c" "$SRC/runtime/alpn.c" \
        "$SRC/runtime/slot.c" "$SRC/runtime/load.c" "$SRC/runtime/load_read.c" \
        "$SRC/runtime/intern.c" -lssl -lcrypto > "$T/cc.out" 2>&1; then
    pass "the runtime and tests/tsan_runtime.c build with -fsanitize=thread"
else
    fail "the ThreadSanitizer build failed"
    show "$T/cc.out" "compiler"
    finish
fi

TSAN_OPTIONS="exitcode=66 second_deadlock_stack=1" \
    timeout 300 "$T/tsan_runtime" "$P" 4 40 20 > "$OUT" 2> "$ERR"
RC=$?
if [ "$RC" = 0 ] && ! grep -q 'ThreadSanitizer' "$ERR" &&
        grep -q '4 threads x 40 handshakes, 20 reloads, 21 runtimes freed, 0 failures' "$OUT"; then
    pass "4 threads x 40 handshakes across 20 reloads: right vhosts and ALPN, every runtime freed once, no race"
else
    fail "concurrent handshakes and reloads under ThreadSanitizer (status $RC)"
    show_run
fi

finish
