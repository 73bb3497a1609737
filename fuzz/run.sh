#!/bin/sh
# Runs every fuzz target built by `make fuzz`:
#   fuzz/run.sh SRCDIR BUILDDIR [SECONDS]
# first replaying fuzz/regress/TARGET (inputs that once crashed: each must
# now pass), then fuzzing for SECONDS (default 30) from a scratch copy of
# the committed seeds fuzz/corpus/TARGET, so the committed corpus stays
# small. Prints executions and libFuzzer's cov/ft per target; exits 1 on
# any crash, leak or sanitizer report (the input is left in BUILDDIR/fuzz
# as crash-*, to become a file of fuzz/regress/TARGET).
set -u

# The certificate target's seeds are made here, never committed (no key
# ever is): a certificate and key in one file and in two, a DER
# certificate, an encrypted key, a chain of two.
pki_seeds() {
    d=$1
    mkdir -p "$d" && (
        cd "$d" || exit 1
        openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 \
            -subj /CN=a.test -addext 'subjectAltName=DNS:a.test,IP:127.0.0.1' \
            -keyout k.pem -out c.pem 2>/dev/null &&
        openssl x509 -in c.pem -outform DER -out c.der &&
        openssl pkey -in k.pem -aes256 -passout pass:x -out ke.pem &&
        { cat c.pem k.pem > one.pem; } &&
        { cat c.pem; printf '\n--8<--\n'; cat k.pem; } > pair &&
        { cat c.pem; printf '\n--8<--\n'; cat ke.pem; } > pair-encrypted &&
        { cat c.pem c.pem; printf '\n--8<--\n'; cat k.pem; } > chain &&
        rm k.pem ke.pem
    )
}
srcdir=$(cd "$1" && pwd) builddir=$(cd "$2" && pwd) secs=${3:-30}
status=0
for bin in "$builddir"/fuzz/tvc_fuzz_*; do
    [ -x "$bin" ] && [ "${bin%.c}" = "$bin" ] || continue
    name=$(basename "$bin")
    reg=$srcdir/fuzz/regress/$name
    if ls "$reg"/* >/dev/null 2>&1; then
        if ! "$bin" -runs=1 "$reg"/* > "$builddir/fuzz/$name.regress.log" 2>&1; then
            cat "$builddir/fuzz/$name.regress.log"
            echo "fuzz: $name fails on a regression input of $reg" >&2
            status=1
        fi
    fi
    work=$(mktemp -d "${TMPDIR:-/tmp}/tvc-fuzz-$name.XXXXXX") || exit 1
    seeds=$srcdir/fuzz/corpus/$name
    if [ "$name" = tvc_fuzz_pki ]; then
        seeds=$work/seeds
        pki_seeds "$seeds" || status=1
    fi
    log=$builddir/fuzz/$name.log
    (cd "$builddir/fuzz" &&
        "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
            -max_len=65536 -print_final_stats=1 "$work" "$seeds") > "$log" 2>&1
    rc=$?
    rm -rf "$work"
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    cov=$(grep -E '^#[0-9]+.*(DONE|cov:)' "$log" | tail -n 1 | sed -n 's/.*\(cov: [0-9]*\).*\(ft: [0-9]*\).*/\1 \2/p')
    printf 'fuzz: %-20s %ss  %s executions  %s\n' "$name" "$secs" "${execs:-?}" "${cov:-no cov line}"
    if [ "$rc" != 0 ]; then
        tail -n 60 "$log"
        echo "fuzz: $name found a problem (exit $rc); see $log" >&2
        status=1
    fi
done
exit $status
