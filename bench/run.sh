#!/bin/sh
# bench/run.sh /path/to/tlsvhostc  (what `make bench` runs)
#
# Builds bench/gen_vhosts and bench/bench_ir against the build tree's
# libtvc.a, generates configs with 1,000 and 10,000 SNI vhosts, and reports:
#   - parse / IR-build wall time, arena bytes and peak RSS (bench_ir), for
#     the full parse convert and emit use and the lean one of check, ir
#     and diff
#   - wall time and peak RSS of the whole CLI: `tlsvhostc ir` and `check`
# and compares the 10,000-vhost figures with the targets (lean parse+IR
# under 50 ms median, IR under 2 KiB per vhost; ir and diff in 64 MiB, ir within
# 2x check, diff within 2x ir). Missing a target prints OVER but does
# not fail: the exit status is non-zero only when something breaks (build
# failure, error diagnostics, a crash).
#
# Then, unless BENCH_CHECK=0, it runs bench/run-check.sh: `tlsvhostc check`
# on N vhosts with real certificates and keys against a PEM-loading floor
# (see that script for its settings; BENCH_CHECK_N chooses the sizes);
# unless BENCH_RUNTIME=0, bench/run-runtime.sh; unless BENCH_SERVE=0,
# bench/run-serve.sh (`tlsvhostc serve` against apache2 + mod_ssl).
#
# Environment: BENCH_SIZES ("1000 10000"), BENCH_REPEAT (5, bench_ir runs),
# BENCH_CLI_REPEAT (3, CLI runs; the best is shown), BENCH_CC (cc),
# BENCH_CFLAGS (-O2), BENCH_LIBS / BENCH_DEP_CFLAGS (default: pkg-config
# openssl jansson, else -lssl -lcrypto -ljansson), BENCH_KEEP=1 keeps the
# temp dir.
set -u

if [ $# -ne 1 ]; then
    echo "usage: $0 /path/to/tlsvhostc" >&2
    exit 2
fi
TVC=$1
if [ ! -x "$TVC" ] || [ -d "$TVC" ]; then
    echo "bench: $TVC is not an executable (run make first)" >&2
    exit 2
fi
builddir=$(cd "$(dirname "$TVC")" && pwd)
TVC=$builddir/$(basename "$TVC")
srcdir=$(cd "$(dirname "$0")/.." && pwd)
lib=$builddir/.libs/libtvc.a
if [ ! -f "$lib" ]; then
    echo "bench: $lib not found (make builds it with the binary)" >&2
    exit 2
fi

SIZES=${BENCH_SIZES:-"1000 10000"}
REPEAT=${BENCH_REPEAT:-5}
CLI_REPEAT=${BENCH_CLI_REPEAT:-3}
CC=${BENCH_CC:-cc}
CFLAGS=${BENCH_CFLAGS:--O2}
TARGET_N=10000
TARGET_MS=50        # parse + IR median (issue 15)
TARGET_BYTES=2048
TARGET_RSS_KIB=65536 # ir and diff peak RSS (64 MiB)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tvc-bench.XXXXXX") || exit 2
if [ "${BENCH_KEEP:-0}" = 1 ]; then
    echo "bench: keeping $tmp"
else
    trap 'rm -rf "$tmp"' EXIT
    trap 'exit 130' INT TERM
fi

fail() {
    echo "bench: $*" >&2
    exit 1
}

# ---- build the tools ---------------------------------------------------
if [ -n "${BENCH_LIBS:-}" ]; then
    dep_cflags=${BENCH_DEP_CFLAGS:-}
    dep_libs=$BENCH_LIBS
elif pkg-config --exists openssl jansson 2>/dev/null; then
    dep_cflags=$(pkg-config --cflags openssl jansson)
    dep_libs=$(pkg-config --libs openssl jansson)
else
    dep_cflags=
    dep_libs="-lssl -lcrypto -ljansson"
fi
# The headers are in the source dir (-I builddir only for a config.h).
# shellcheck disable=SC2086
$CC -std=c11 $CFLAGS -o "$tmp/gen_vhosts" "$srcdir/bench/gen_vhosts.c" ||
    fail "cannot build gen_vhosts"
# shellcheck disable=SC2086
$CC -std=c11 $CFLAGS -I"$srcdir" -I"$builddir" $dep_cflags -o "$tmp/bench_ir" \
    "$srcdir/bench/bench_ir.c" "$lib" $dep_libs ||
    fail "cannot build bench_ir"

# ---- timing helpers ----------------------------------------------------
have_gnu_time=0
if [ -x /usr/bin/time ] && /usr/bin/time -v -o /dev/null true >/dev/null 2>&1; then
    have_gnu_time=1
fi
have_ns=0
case $(date +%s%N 2>/dev/null) in
    *N* | "") ;;
    *) have_ns=1 ;;
esac
have_bash=0
command -v bash >/dev/null 2>&1 && have_bash=1

# run_timed CMD...: runs CMD with stdout to /dev/null and stderr to
# $tmp/err; sets rc, wall_ms and rss_kib ("n/a" when it cannot be measured).
run_timed() {
    rss_kib=n/a
    wall_ms=n/a
    if [ $have_gnu_time = 1 ] && [ $have_ns = 1 ]; then
        t0=$(date +%s%N)
        /usr/bin/time -v -o "$tmp/time" "$@" >/dev/null 2>"$tmp/err"
        rc=$?
        t1=$(date +%s%N)
        wall_ms=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) / 1e6 }')
        rss_kib=$(sed -n 's/.*Maximum resident set size (kbytes): *//p' "$tmp/time")
    elif [ $have_bash = 1 ]; then
        out=$(bash -c 'e=$1; shift; TIMEFORMAT=%3R
            { time "$@" >/dev/null 2>"$e"; } 2>&1; echo "rc=$?"' sh "$tmp/err" "$@")
        rc=$(printf '%s\n' "$out" | sed -n 's/^rc=//p')
        wall_ms=$(printf '%s\n' "$out" | awk 'NR == 1 { printf "%.1f", $1 * 1000 }')
        if [ $have_gnu_time = 1 ]; then
            /usr/bin/time -v -o "$tmp/time" "$@" >/dev/null 2>/dev/null
            rss_kib=$(sed -n 's/.*Maximum resident set size (kbytes): *//p' "$tmp/time")
        fi
    else
        "$@" >/dev/null 2>"$tmp/err"
        rc=$?
    fi
}

# cli_bench NAME CMD...: best wall time and the largest peak RSS of
# CLI_REPEAT runs; exit 1 from `check` means findings, not a failure.
cli_bench() {
    name=$1
    shift
    best=
    worst_rss=n/a
    i=0
    while [ $i -lt "$CLI_REPEAT" ]; do
        run_timed "$@"
        case $rc:$name in
            0:*) ;;
            1:check) ;;
            1:diff) ;;
            *)
                sed -n '1,20p' "$tmp/err" >&2
                fail "tlsvhostc $name failed with exit status $rc"
                ;;
        esac
        findings=
        # Text findings go to stdout, which the timed run discards.
        [ "$rc" = 1 ] && findings=" (exit 1: $("$@" 2>&1 | grep -c .) lines of findings)"
        best=$(awk -v a="${best:-}" -v b="$wall_ms" \
            'BEGIN { if (b == "n/a" || (a != "" && a + 0 <= b + 0)) print a; else print b }')
        worst_rss=$(awk -v a="$worst_rss" -v b="$rss_kib" \
            'BEGIN { if (b == "n/a" || (a != "n/a" && a + 0 >= b + 0)) print a; else print b }')
        i=$((i + 1))
    done
    [ -n "$best" ] || best=n/a
    cli_ms=$best
    cli_rss=$worst_rss
    cli_note=$findings
}

# jfield FILE KEY / jstat FILE KEY best|median: values from bench_ir --json.
jfield() {
    sed -n "s/^  \"$2\": \\([^,{]*\\),\\{0,1\\}\$/\\1/p" "$1"
}
jstat() {
    sed -n "s/^  \"$2\": {\"best\": \\([0-9.]*\\), \"median\": \\([0-9.]*\\)}.*/\\1 \\2/p" "$1" |
        awk -v w="$3" '{ print (w == "best") ? $1 : $2 }'
}

# ---- run ---------------------------------------------------------------
echo "tlsvhostc benchmark: $TVC"
echo "host: $(uname -srm), $(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?') CPUs; bench_ir runs: $REPEAT, CLI runs: $CLI_REPEAT"
[ $have_gnu_time = 1 ] || echo "note: /usr/bin/time -v not available; CLI peak RSS not measured"
echo

lib_table=$tmp/lib_table
cli_table=$tmp/cli_table
: >"$lib_table"
: >"$cli_table"
target_ms=
target_bytes=
for n in $SIZES; do
    dir=$tmp/n$n
    "$tmp/gen_vhosts" "$n" "$dir" || fail "gen_vhosts $n failed"
    conf=$dir/httpd.conf
    # Two parses: the full tree convert and emit need, and the lean one
    # check, ir and diff use (tree freed after the build, no verbatim text).
    for kind in full lean; do
        flag=
        [ "$kind" = lean ] && flag=--lean
        if ! "$tmp/bench_ir" --json $flag "$conf" "$REPEAT" >"$tmp/bench_${n}_$kind.json"; then
            fail "bench_ir $flag failed for N=$n"
        fi
        j=$tmp/bench_${n}_$kind.json
        vhosts=$(jfield "$j" vhosts)
        [ "$vhosts" = "$n" ] || fail "N=$n: the IR has $vhosts vhosts"
        printf '%7s %5s %6s %8s %9s %9s %9s %9s %11s %11s %9s %9s\n' \
            "$n" "$kind" "$(jfield "$j" files)" "$(jfield "$j" lines)" \
            "$(jstat "$j" parse_ms best)" "$(jstat "$j" ir_build_ms best)" \
            "$(jstat "$j" total_ms best)" "$(jstat "$j" total_ms median)" \
            "$(jfield "$j" tree_bytes_per_line)" "$(jfield "$j" ir_bytes_per_vhost)" \
            "$(jfield "$j" arena_after_parse_bytes | awk '{ printf "%.1f", $1 / 1048576 }')" \
            "$(jfield "$j" peak_rss_kib)" >>"$lib_table"
    done
    j=$tmp/bench_${n}_full.json
    jl=$tmp/bench_${n}_lean.json

    cli_bench ir "$TVC" ir "$conf"
    ir_ms=$cli_ms ir_rss=$cli_rss
    json_bytes=$("$TVC" ir "$conf" 2>/dev/null | wc -c | tr -d ' ')
    cli_bench check "$TVC" check "$conf"
    printf '%7s %10s %11s %11s %13s %14s%s\n' "$n" "$ir_ms" "$ir_rss" \
        "$json_bytes" "$cli_ms" "$cli_rss" "$cli_note" >>"$cli_table"

    if [ "$n" = "$TARGET_N" ]; then
        target_ms=$(jstat "$jl" total_ms median)
        full_ms=$(jstat "$j" total_ms median)
        target_bytes=$(jfield "$j" ir_bytes_per_vhost)
        t_ir_ms=$ir_ms t_ir_rss=$ir_rss t_check_ms=$cli_ms
        # diff OLD NEW: the same config with 10 vhosts made TLS 1.3 only
        cp -R "$dir" "$dir-new"
        for k in 5 1005 2005 3005 4005 5005 6005 7005 8005 9005; do
            f=$(grep -l "ServerName v$k.example.test\$" "$dir-new"/sites/*.conf)
            sed "s/^\( *\)ServerName v$k\.example\.test\$/&\\
\1SSLProtocol -all +TLSv1.3/" "$f" >"$f.tmp" && mv "$f.tmp" "$f"
        done
        cli_bench diff "$TVC" diff "$conf" "$dir-new/httpd.conf"
        t_diff_ms=$cli_ms t_diff_rss=$cli_rss
        t_diff_changes=$("$TVC" diff "$conf" "$dir-new/httpd.conf" | tail -n 1)
    fi
done

echo "library (bench_ir: tvc_parse_file + tvc_ir_build, fresh arena per run; lean = as check, ir and diff parse)"
printf '%7s %5s %6s %8s %9s %9s %9s %9s %11s %11s %9s %9s\n' \
    vhosts parse files lines "parse ms" "IR ms" "total ms" "total ms" "tree B/" "IR B/" "tree" "peak RSS"
printf '%7s %5s %6s %8s %9s %9s %9s %9s %11s %11s %9s %9s\n' \
    "" "" "" "" best best best median line vhost MiB KiB
cat "$lib_table"
echo
echo "CLI (whole process; best wall time of $CLI_REPEAT runs, largest peak RSS)"
printf '%7s %10s %11s %11s %13s %14s\n' vhosts "ir ms" "ir RSS KiB" "JSON bytes" "check ms" "check RSS KiB"
cat "$cli_table"
echo

verdict() { # value limit
    awk -v v="$1" -v l="$2" 'BEGIN { print (v + 0 < l + 0) ? "PASS" : "OVER" }'
}
if [ -n "$target_ms" ]; then
    echo "targets at $TARGET_N vhosts:"
    printf '  parse+IR, lean (median) < %d ms: %8s ms     %s (full parse: %s ms)\n' "$TARGET_MS" \
        "$target_ms" "$(verdict "$target_ms" "$TARGET_MS")" "$full_ms"
    printf '  IR bytes per vhost < %d B:    %8s B      %s\n' "$TARGET_BYTES" \
        "$target_bytes" "$(verdict "$target_bytes" "$TARGET_BYTES")"
    printf '  ir peak RSS <= 64 MiB:          %8s KiB    %s\n' "$t_ir_rss" \
        "$(verdict "$t_ir_rss" $((TARGET_RSS_KIB + 1)))"
    printf '  ir time <= 2x check (%s ms):  %8s ms     %s\n' "$t_check_ms" "$t_ir_ms" \
        "$(verdict "$t_ir_ms" "$(awk -v c="$t_check_ms" 'BEGIN { print 2 * c + 0.001 }')")"
    printf '  diff (%s) <= 2x ir: %8s ms     %s\n' "$t_diff_changes" "$t_diff_ms" \
        "$(verdict "$t_diff_ms" "$(awk -v c="$t_ir_ms" 'BEGIN { print 2 * c + 0.001 }')")"
    printf '  diff peak RSS <= 64 MiB:        %8s KiB    %s\n' "$t_diff_rss" \
        "$(verdict "$t_diff_rss" $((TARGET_RSS_KIB + 1)))"
else
    echo "targets apply to N=$TARGET_N, which BENCH_SIZES did not include"
fi

# ---- certificate checks against the floor (bench/run-check.sh) ----------
if [ "${BENCH_CHECK:-1}" != 0 ]; then
    echo
    sh "$srcdir/bench/run-check.sh" "$TVC" || fail "the check benchmark failed"
fi

# ---- the runtime (bench/run-runtime.sh) ---------------------------------
if [ "${BENCH_RUNTIME:-1}" != 0 ]; then
    echo
    sh "$srcdir/bench/run-runtime.sh" "$TVC" || fail "the runtime benchmark failed"
fi

# ---- serve against apache2 (bench/run-serve.sh) ---------------------------
if [ "${BENCH_SERVE:-1}" != 0 ]; then
    echo
    bash "$srcdir/bench/run-serve.sh" "$TVC" || fail "the serve benchmark failed"
fi
exit 0
