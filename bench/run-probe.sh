#!/bin/sh
# bench/run-probe.sh /path/to/tlsvhostc: `tlsvhostc probe` on N names
# (default 1,000) served by one apache2 with mod_ssl on 127.0.0.1, each
# name a vhost of its own with one shared EC certificate (*.bench.test),
# timed one name at a time (--probe-concurrency 1), with 8 and with the
# default 32 in flight. On 127.0.0.1 there is no round trip to save: the
# handshakes' CPU, client and server on the same cores, bounds the gain;
# across a network each sequential name costs its round trips. The server is started
# and stopped by its pid here; the PKI is made with the openssl command.
#
# Environment: BENCH_PROBE_N (1000), APACHE2 (/usr/sbin/apache2),
# APACHE2_MODDIR (/usr/lib/apache2/modules), BENCH_KEEP=1 keeps the temp dir.
set -u
TVC=${1:?usage: $0 /path/to/tlsvhostc}
N=${BENCH_PROBE_N:-1000}
APACHE2=${APACHE2:-/usr/sbin/apache2}
MODDIR=${APACHE2_MODDIR:-/usr/lib/apache2/modules}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tvc-bench-probe.XXXXXX") || exit 2
pid=
cleanup() {
    if [ -n "$pid" ]; then
        kill "$(cat "$tmp/httpd.pid" 2>/dev/null)" 2>/dev/null
        kill "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    fi
    [ "${BENCH_KEEP:-0}" = 1 ] || rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
cd "$tmp" || exit 2
o() { openssl "$@" > /dev/null 2>&1 || { echo "bench-probe: openssl $1 failed" >&2; exit 1; }; }
o req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout leaf.key -out leaf.pem \
    -days 30 -subj "/CN=bench.test" -addext "subjectAltName=DNS:*.bench.test"
chmod 600 leaf.key
port=$((20000 + $$ % 12768)) # below the ephemeral range (32768-)
loads=
for m in mpm_event authz_core ssl socache_shmcb; do
    "$APACHE2" -l | grep -q "mod_$m.c" ||
        loads="${loads}LoadModule ${m}_module $MODDIR/mod_$m.so
"
done
run_as=
[ "$(id -u)" = 0 ] && run_as="User nobody
Group $(id -gn nobody 2>/dev/null || echo nogroup)"
{
    cat <<CONF
ServerRoot "$tmp"
PidFile "$tmp/httpd.pid"
ErrorLog "$tmp/error.log"
DefaultRuntimeDir "$tmp"
${loads}ServerName localhost
Listen 127.0.0.1:$port
StartServers 2
ServerLimit 4
ThreadsPerChild 32
MaxRequestWorkers 128
$run_as
CONF
    i=1
    while [ "$i" -le "$N" ]; do
        printf '<VirtualHost *:%s>\n ServerName v%d.bench.test\n SSLEngine on\n' "$port" "$i"
        printf ' SSLCertificateFile %s/leaf.pem\n SSLCertificateKeyFile %s/leaf.key\n' \
            "$tmp" "$tmp"
        printf '</VirtualHost>\n'
        i=$((i + 1))
    done
} > httpd.conf
"$APACHE2" -f "$tmp/httpd.conf" -d "$tmp" -DFOREGROUND > apache.out 2>&1 &
pid=$!
for _ in $(seq 1 300); do
    [ -s httpd.pid ] && (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.1
done
[ -s httpd.pid ] || { cat apache.out error.log >&2; echo "bench-probe: apache2 did not start" >&2; exit 1; }
# time_probe ARGS...: seconds for one probe run, which must find N clean names.
time_probe() {
    start=$(date +%s.%N)
    "$TVC" probe "$@" httpd.conf > probe.out 2>&1
    rc=$?
    end=$(date +%s.%N)
    clean=$(grep -c ': as configured' probe.out)
    if [ "$rc" != 0 ] || [ "$clean" != "$N" ]; then
        echo "bench-probe: probe $* exited $rc with $clean of $N names clean" >&2
        tail -5 probe.out >&2
        exit 1
    fi
    echo "$end - $start" | bc
}
# The three runs back to back: on a shared machine, compare within one run.
seq=$(time_probe --probe-concurrency 1)
par8=$(time_probe --probe-concurrency 8)
par=$(time_probe)
printf 'probe: %d names on one apache2 (mod_ssl, 127.0.0.1): one at a time %.2f s, --probe-concurrency 8 %.2f s (%.1fx), 32 (the default) %.2f s (%.1fx)\n' \
    "$N" "$seq" "$par8" "$(echo "$seq / $par8" | bc -l)" "$par" "$(echo "$seq / $par" | bc -l)"
