#!/bin/sh
# bench/run-runtime.sh /path/to/tlsvhostc  (run by bench/run.sh, so by
# `make bench`, unless BENCH_RUNTIME=0; also works on its own)
#
# The runtime benchmark. For each N (BENCH_RT_N, default "10 1000 10000")
# it takes N vhosts with real RSA-2048 certificates and keys from the PKI
# cache of bench/run-check.sh (bench/gen_pki.c; generated when missing),
# writes them as C with `tlsvhostc emit --target=runtime`, compiles that
# with bench/bench_rt.c against the build tree's libtlsvhost-runtime.a,
# and runs it: tvc_rt_new time (every cert and key loaded), peak RSS, ns
# per SNI lookup, and in-memory full handshakes per second, warm (10
# vhosts spread over the set) and cold (a new vhost, so a key's first use,
# each time); each is checked to land on the vhost it names. The goal: SNI
# selection costs the same at 10 and 10,000 vhosts (lookup ns within 3x,
# warm handshake rate within 20%: the run-to-run noise is about 15%; CPU
# per warm handshake within 25%, which a loaded machine moves far less);
# OVER is printed, not failed.
# Exit status non-zero only when something breaks (a build, emit, a
# handshake that fails or picks the wrong vhost).
#
# Environment: BENCH_RT_N, BENCH_RT_HANDSHAKES (2000, per kind), BENCH_CACHE, BENCH_CC,
# BENCH_CFLAGS (-O2), as for run-check.sh.
set -u

if [ $# -ne 1 ] || [ ! -x "$1" ]; then
    echo "usage: $0 /path/to/tlsvhostc (built)" >&2
    exit 2
fi
TVC=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
builddir=$(dirname "$TVC")
srcdir=$(cd "$(dirname "$0")/.." && pwd)
SIZES=${BENCH_RT_N:-"10 1000 10000"}
HS=${BENCH_RT_HANDSHAKES:-2000}
CACHE=${BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tlsvhostc-bench}
CC=${BENCH_CC:-cc}
CFLAGS=${BENCH_CFLAGS:--O2}
lib=$builddir/.libs/libtlsvhost-runtime.a

fail() {
    echo "bench-runtime: $*" >&2
    exit 1
}
[ -f "$lib" ] || fail "$lib not found (run make)"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tvc-bench-rt.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

ossl_cflags=$(pkg-config --cflags openssl 2>/dev/null)
ossl_libs=$(pkg-config --libs openssl 2>/dev/null || echo "-lssl -lcrypto")
# shellcheck disable=SC2086
$CC -std=c11 $CFLAGS $ossl_cflags -o "$tmp/gen_pki" "$srcdir/bench/gen_pki.c" \
    $ossl_libs -lpthread || fail "cannot build gen_pki"
mkdir -p "$CACHE" || fail "cannot create $CACHE"

echo "tlsvhostc runtime benchmark: $lib"
echo "handshakes: $HS per N (in memory, RSA-2048 leaves, each vhost's own protocol policy); lookups: 1,000,000"
printf '%7s %10s %9s %10s %10s %10s %12s %12s %10s\n' vhosts "rt_new ms" "RSS MiB" "lookup ns" \
    "warm hs/s" "cold hs/s" "warm CPU us" "cold CPU us" "emit+cc s"
first_ns= first_hs= first_cpu= last_ns= last_hs= last_cpu= last_n=
for n in $SIZES; do
    "$tmp/gen_pki" -c "$tmp/n$n" "$n" "$CACHE" >/dev/null 2>&1 || fail "gen_pki $n failed"
    t0=$(date +%s%N)
    "$TVC" emit --target=runtime --allow-lossy -o "$tmp/v$n.c" "$tmp/n$n/httpd.conf" \
        >/dev/null 2>"$tmp/emit.err"
    rc=$?
    [ $rc -le 1 ] || { cat "$tmp/emit.err" >&2; fail "emit failed for N=$n"; }
    # shellcheck disable=SC2086
    $CC -std=c11 $CFLAGS -I"$srcdir/runtime" $ossl_cflags -o "$tmp/bench_rt$n" \
        "$srcdir/bench/bench_rt.c" "$tmp/v$n.c" "$lib" $ossl_libs || fail "cannot build bench_rt (N=$n)"
    t1=$(date +%s%N)
    "$tmp/bench_rt$n" '*' 443 "$HS" >"$tmp/out" 2>"$tmp/err" ||
        { cat "$tmp/err" >&2; fail "bench_rt failed for N=$n"; }
    j() { sed -n "s/.*\"$1\": \\([^,}]*\\).*/\\1/p" "$tmp/out"; }
    printf '%7s %10s %9s %10s %10s %10s %12s %12s %10s\n' "$(j vhosts)" "$(j rt_new_ms)" \
        "$(awk -v k="$(j peak_rss_kib)" 'BEGIN { printf "%.1f", k / 1024 }')" \
        "$(j lookup_ns)" "$(j handshakes_per_s)" "$(j cold_handshakes_per_s)" \
        "$(j handshake_cpu_us)" "$(j cold_handshake_cpu_us)" \
        "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')"
    [ -n "$first_ns" ] ||
        { first_ns=$(j lookup_ns); first_hs=$(j handshakes_per_s); first_cpu=$(j handshake_cpu_us); }
    last_ns=$(j lookup_ns) last_hs=$(j handshakes_per_s) last_cpu=$(j handshake_cpu_us) last_n=$n
done
awk -v a="$first_ns" -v b="$last_ns" -v c="$first_hs" -v d="$last_hs" -v n="$last_n" \
    -v e="$first_cpu" -v f="$last_cpu" 'BEGIN {
    printf "goal: SNI selection independent of N (at %s vs the smallest N):\n", n
    printf "  lookup %.1f ns vs %.1f ns (<= 3x):        %s\n", b, a, (b <= 3 * a + 50) ? "PASS" : "OVER"
    printf "  handshakes %.0f/s vs %.0f/s (>= 80%%):      %s\n", d, c, (d >= 0.8 * c) ? "PASS" : "OVER"
    # The rate moves with the machine'"'"'s other work; the CPU per handshake
    # says whether N costs anything.
    printf "  CPU per warm handshake %.0f us vs %.0f us (<= 1.25x): %s\n", f, e, (f <= 1.25 * e) ? "PASS" : "OVER"
}'
