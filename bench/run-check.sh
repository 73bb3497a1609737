#!/bin/sh
# bench/run-check.sh /path/to/tlsvhostc  (run by bench/run.sh, so by
# `make bench`, unless BENCH_CHECK=0; also works on its own)
#
# The certificate-check benchmark. For each N it generates (or reuses from
# the cache) N vhosts with their own RSA-2048 key and certificate and one
# shared intermediate (bench/gen_pki.c; keys in the cache, the config in a
# temporary directory), then times
#     tlsvhostc check --ca-file CACHE/pki/root.pem TMP/nN/httpd.conf
# (default threads: one per core, and --threads 1) against the floor
# (bench/floor.c: PEM-load each vI.pem and vI.key, X509_check_private_key;
# nothing else), single-threaded (the floor proper), with 2 threads, and
# with 2 processes (OpenSSL 3.0 threads contend for global locks; the
# 2-process figure shows what two cores can do). Every command runs
# under bench/maxrss.c: wall time, CPU time and peak RSS from wait4().
# Best wall time of BENCH_CHECK_REPEAT runs, largest peak RSS.
#
# Goals at N=10,000 (issue 15): check <= 0.35x the single-threaded floor,
# using both cores, peak RSS <= 32 MiB. Missing a goal prints OVER but does not fail;
# the exit status is non-zero only when something breaks (a build failure,
# gen_pki or the floor failing, `check` exiting with status 2 or more).
#
# Environment: BENCH_CHECK_N ("1000 10000"), BENCH_CHECK_REPEAT (3),
# BENCH_CACHE (${XDG_CACHE_HOME:-$HOME/.cache}/tlsvhostc-bench), BENCH_GEN_THREADS
# (key generation threads, default: one per core), BENCH_CC (cc),
# BENCH_CFLAGS (-O2), BENCH_OPENSSL_CFLAGS / BENCH_OPENSSL_LIBS (default:
# pkg-config openssl, else -lssl -lcrypto).
#
# Key generation is the slow part: about 0.16 s of CPU per RSA-2048 key on
# the machine the figures in README.md come from. gen_pki generates 1,000
# keys (about 80 s on two idle cores) and gives vhost I > 1,000 its own key
# file holding the key of vhost (I-1) mod 1000 + 1, which costs the check
# the same work (bench/README.md); the 9,000 more pairs of N=10,000 take
# about 20 s. The keys are cached and reused (a larger N only adds the
# missing ones; an interrupted run resumes). rm -rf the cache directory to
# start over.
set -u

if [ $# -ne 1 ]; then
    echo "usage: $0 /path/to/tlsvhostc" >&2
    exit 2
fi
TVC=$1
if [ ! -x "$TVC" ] || [ -d "$TVC" ]; then
    echo "bench-check: $TVC is not an executable (run make first)" >&2
    exit 2
fi
TVC=$(cd "$(dirname "$TVC")" && pwd)/$(basename "$TVC")
srcdir=$(cd "$(dirname "$0")/.." && pwd)

SIZES=${BENCH_CHECK_N:-"1000 10000"}
REPEAT=${BENCH_CHECK_REPEAT:-3}
CACHE=${BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tlsvhostc-bench}
CC=${BENCH_CC:-cc}
CFLAGS=${BENCH_CFLAGS:--O2}
GEN_THREADS=${BENCH_GEN_THREADS:-$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)}
GOAL_N=10000
GOAL_RATIO=0.35
GOAL_RSS_KIB=32768
GOAL_CORES=1.5 # CPU time / wall time of `check` that counts as "both cores"

fail() {
    echo "bench-check: $*" >&2
    exit 1
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tvc-bench-check.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

# ---- build the tools ---------------------------------------------------
if [ -n "${BENCH_OPENSSL_LIBS:-}" ]; then
    ossl_cflags=${BENCH_OPENSSL_CFLAGS:-}
    ossl_libs=$BENCH_OPENSSL_LIBS
elif pkg-config --exists openssl 2>/dev/null; then
    ossl_cflags=$(pkg-config --cflags openssl)
    ossl_libs=$(pkg-config --libs openssl)
else
    ossl_cflags=
    ossl_libs="-lssl -lcrypto"
fi
# shellcheck disable=SC2086
$CC -std=c11 $CFLAGS $ossl_cflags -o "$tmp/gen_pki" "$srcdir/bench/gen_pki.c" \
    $ossl_libs -lpthread || fail "cannot build gen_pki"
# shellcheck disable=SC2086
$CC -std=c11 $CFLAGS $ossl_cflags -o "$tmp/floor" "$srcdir/bench/floor.c" \
    $ossl_libs -lpthread || fail "cannot build floor"
# shellcheck disable=SC2086
$CC -std=c11 $CFLAGS -o "$tmp/maxrss" "$srcdir/bench/maxrss.c" || fail "cannot build maxrss"

# measure NAME CMD...: one run of CMD under maxrss, stdout to $tmp/out,
# stderr to $tmp/err; sets rc and appends "NAME wall_ms cpu_ms rss_kib"
# to $tmp/runs (cpu = user + sys).
measure() {
    name=$1
    shift
    "$tmp/maxrss" -o "$tmp/m" "$@" >"$tmp/out" 2>"$tmp/err"
    read -r _ rc _ wall _ user _ sys _ rss <"$tmp/m" || fail "maxrss gave no figures for $*"
    awk -v n="$name" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" \
        'BEGIN { printf "%s %s %.1f %s\n", n, w, u + s, r }' >>"$tmp/runs"
}

# best NAME wall|cpu|rss: over NAME's runs, the best wall time, the CPU
# time of that run, or the largest peak RSS.
best() {
    awk -v n="$1" -v f="$2" '$1 == n {
            if (w == "" || $2 + 0 < w + 0) { w = $2; c = $3 }
            if ($4 + 0 > r + 0) r = $4
        }
        END { print (f == "wall") ? w : (f == "cpu") ? c : r }' "$tmp/runs"
}

check_rc() { # NAME: exit 1 from check means findings, which this set should not have
    case $rc in
        0) ;;
        1) check_note=" (exit 1: $(cat "$tmp/out" "$tmp/err" | grep -c .) lines of findings; the set should be clean)" ;;
        *)
            cat "$tmp/out" "$tmp/err" | sed -n '1,20p' >&2
            fail "$1 failed with exit status $rc"
            ;;
    esac
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

# ---- run ---------------------------------------------------------------
ncpu=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?')
echo "tlsvhostc check benchmark: $TVC"
echo "host: $(uname -srm), $ncpu CPUs, load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?'); runs: $REPEAT (best wall time, largest RSS)"
echo "PKI cache: $CACHE"
echo

table=$tmp/table
: >"$table"
goal_line=
mkdir -p "$CACHE" || fail "cannot create $CACHE"
for n in $SIZES; do
    check_note=
    # The keys live in the cache (gen_pki locks it), the config in the
    # temp dir.
    "$tmp/gen_pki" -j "$GEN_THREADS" -c "$tmp/n$n" "$n" "$CACHE" || fail "gen_pki $n failed"
    conf=$tmp/n$n/httpd.conf
    ca=$CACHE/pki/root.pem
    # Warm the page cache, and make sure the set is what we think it is.
    "$tmp/floor" "$n" "$CACHE" >"$tmp/floor.out" || fail "floor found bad pairs at N=$n (remove $CACHE to regenerate the set)"
    "$TVC" check --ca-file "$ca" "$conf" >/dev/null 2>&1
    : >"$tmp/runs"
    i=0
    while [ $i -lt "$REPEAT" ]; do
        measure chk "$TVC" check --ca-file "$ca" "$conf"
        check_rc "tlsvhostc check"
        measure chk1 "$TVC" check --threads 1 --ca-file "$ca" "$conf"
        check_rc "tlsvhostc check --threads 1"
        measure fl1 "$tmp/floor" "$n" "$CACHE"
        [ "$rc" = 0 ] || fail "floor failed at N=$n"
        measure fl2 "$tmp/floor" -t 2 "$n" "$CACHE"
        [ "$rc" = 0 ] || fail "floor -t 2 failed at N=$n"
        measure fl2p "$tmp/floor" -p 2 "$n" "$CACHE"
        [ "$rc" = 0 ] || fail "floor -p 2 failed at N=$n"
        i=$((i + 1))
    done
    chk_wall=$(best chk wall)
    chk_rss=$(best chk rss)
    chk1_wall=$(best chk1 wall)
    fl1_wall=$(best fl1 wall)
    cores=$(ratio "$(best chk cpu)" "$chk_wall")
    printf '%7s %9s %6s %8s %9s %8s %8s %8s %7s %7s %7s %8s%s\n' "$n" \
        "$chk_wall" "$cores" "$(mib "$chk_rss")" "$chk1_wall" \
        "$fl1_wall" "$(best fl2 wall)" "$(best fl2p wall)" "$(ratio "$chk_wall" "$fl1_wall")" \
        "$(ratio "$chk_wall" "$(best fl2 wall)")" "$(ratio "$chk1_wall" "$fl1_wall")" \
        "$(mib "$(best fl1 rss)")" "$check_note" >>"$table"
    if [ "$n" = "$GOAL_N" ]; then
        goal_line="$(ratio "$chk_wall" "$fl1_wall") $cores $chk_rss"
    fi
done

echo "check = tlsvhostc check --ca-file root.pem httpd.conf (default threads); check -t1 = --threads 1"
echo "floor = PEM-load vI.pem + vI.key, X509_check_private_key (1 thread; 2 threads; 2 processes)"
echo "cores = (user + sys) / wall of the best check run"
echo "ratio = check / floor 1T, check / floor 2T, check -t1 / floor 1T"
printf '%7s %9s %6s %8s %9s %8s %8s %8s %7s %7s %7s %8s\n' \
    "" check check check "check -t1" floor floor floor ratio ratio "ratio" floor
printf '%7s %9s %6s %8s %9s %8s %8s %8s %7s %7s %7s %8s\n' \
    vhosts ms cores "RSS MiB" ms "1T ms" "2T ms" "2P ms" "vs 1T" "vs 2T" "-t1/1T" "RSS MiB"
cat "$table"
echo

verdict() { # value limit le|ge
    awk -v v="$1" -v l="$2" -v w="$3" \
        'BEGIN { ok = (w == "le") ? (v + 0 <= l + 0) : (v + 0 >= l + 0); print ok ? "PASS" : "OVER" }'
}
if [ -n "$goal_line" ]; then
    # shellcheck disable=SC2086
    set -- $goal_line
    echo "goals at $GOAL_N vhosts:"
    printf '  check <= %sx the 1-thread floor:  %6sx      %s\n' "$GOAL_RATIO" "$1" \
        "$(verdict "$1" "$GOAL_RATIO" le)"
    printf '  both cores busy (cores >= %s):   %6s       %s\n' "$GOAL_CORES" "$2" \
        "$(verdict "$2" "$GOAL_CORES" ge)"
    printf '  peak RSS <= %d MiB:              %6s MiB   %s\n' $((GOAL_RSS_KIB / 1024)) \
        "$(mib "$3")" "$(verdict "$3" "$GOAL_RSS_KIB" le)"
else
    echo "goals apply to N=$GOAL_N, which BENCH_CHECK_N did not include"
fi
exit 0
