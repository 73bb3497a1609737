#!/bin/bash
# tlsvhostc probe --probe-host against every kind of answer: tests/tls_stub
# completes each handshake with the configured certificate and answers the
# HEAD as the first label of the SNI name says. One vhost names them all:
#
#   s200 s301 s403 s404   served: no live-host-differs (the handshake is
#                         as configured, so no finding at all)
#   s500 s503             a 5xx: live-host-differs, with the status
#   close                 close_notify right after the handshake, no HTTP:
#                         live-host-differs, "no HTTP answer", libcurl's reason
#   garbage               a line that is no status line: the same
#   s100                  a 1xx, then the connection closes: no final answer,
#                         live-host-differs (libcurl reports the 100 as the
#                         status; before, probe took it for served)
#   silent                never answers: no HTTP answer within --probe-timeout
#
# The handshakes of the names that get no answer still count: none of
# them is live-unreachable. Without --probe-host no HEAD is sent and
# nothing fires. Needs openssl (the test PKI) and tests/tls_stub (make
# check builds it).
. "$(dirname "$0")/lib.sh"

need_tool openssl
STUB=${TVC_BUILDDIR:-$(dirname "$TVC")}/tests/tls_stub
[ -x "$STUB" ] || die "no $STUB: make check builds it (make tests/tls_stub)"

P=$T/pki
mkdir -p "$P"
ossl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$P/h.key" \
    -out "$P/h.pem" -days 20 -subj "/CN=s200.h.test" \
    -addext "subjectAltName=DNS:*.h.test" -addext "basicConstraints=critical,CA:FALSE"
chmod 600 "$P/h.key"

trap 'stop_pids; cleanup' EXIT
"$STUB" "$P/h.pem" "$P/h.key" > "$T/stub.port" 2> "$T/stub.err" &
PIDS=$!
for _ in $(seq 1 100); do [ -s "$T/stub.port" ] && break; sleep 0.05; done
STUBPORT=$(head -n 1 "$T/stub.port")
[ -n "$STUBPORT" ] || { show "$T/stub.err" "tls_stub stderr"; die "tls_stub did not start"; }

SERVED="s200 s301 s403 s404"
DIFFERS="s500 s503 close garbage s100 silent"
aliases=
for n in $SERVED $DIFFERS; do
    [ "$n" = s200 ] || aliases="$aliases $n.h.test"
done
cat > "$T/h.conf" <<EOF
LoadModule ssl_module ${APACHE2_MODDIR:-/usr/lib/apache2/modules}/mod_ssl.so
Listen 8443
<VirtualHost *:8443>
    ServerName s200.h.test
    ServerAlias$aliases
    SSLEngine on
    SSLCertificateFile $P/h.pem
    SSLCertificateKeyFile $P/h.key
</VirtualHost>
EOF

# ids FILE: the finding IDs of a text report, "name:id" sorted, one a line.
ids() {
    grep -oE "^[^ ]+: (error|warning|note): .*\[[a-z-]+\]$" "$1" |
        sed -E "s/.*: (error|warning|note): '([^']*)'.*\[([a-z-]+)\]$/\2:\3/" | sort | tr '\n' ' '
}
want=
for n in $DIFFERS; do want="$want$n.h.test:live-host-differs
"; done
want=$(printf '%s' "$want" | sort | tr '\n' ' ')

PR=("$TVC" probe --probe-timeout 3 --connect "127.0.0.1:$STUBPORT" "$T/h.conf")
expect_exit 0 "${PR[@]}"
expect_eq "$(ids "$OUT")" "" "without --probe-host no HEAD is sent: every name is as configured"
expect_no_grep "$OUT" "HEAD|HTTP answer" "without --probe-host the name lines say nothing of a HEAD"

start=$(date +%s)
expect_exit 1 "${PR[@]}" --probe-host
took=$(($(date +%s) - start))
expect_eq "$(ids "$OUT")" "$want" \
    "--probe-host: live-host-differs for the 5xx, the 1xx and the names without an HTTP answer, nothing else"
for n in $SERVED; do
    expect_grep "$OUT" "^$n.h.test on 127.0.0.1:$STUBPORT \(\*:8443\): TLSv1.3, .*, HEAD ${n#s}: as configured for s200.h.test$" \
        "HEAD ${n#s} counts as served ($n.h.test)"
done
for n in s500 s503; do
    expect_grep "$OUT" "^[^ ]+: error: '$n.h.test' on 127.0.0.1:$STUBPORT answers HEAD / with Host: $n.h.test with ${n#s}, though the config serves the name from \*:8443 s200.h.test .*\[live-host-differs\]$" \
        "a ${n#s} answer is live-host-differs, with the status ($n.h.test)"
done
expect_grep "$OUT" "error: 'close.h.test' on 127.0.0.1:$STUBPORT gives no HTTP answer to HEAD / with Host: close.h.test: Empty reply from server .*\[live-host-differs\]$" \
    "a server that closes after the handshake: no HTTP answer, with libcurl's reason"
expect_grep "$OUT" "error: 'garbage.h.test' on 127.0.0.1:$STUBPORT gives no HTTP answer to HEAD / with Host: garbage.h.test: .*HTTP/0.9.* \[live-host-differs\]$" \
    "a server that answers no status line: no HTTP answer, with libcurl's reason"
expect_grep "$OUT" "error: 'silent.h.test' on 127.0.0.1:$STUBPORT gives no HTTP answer to HEAD / with Host: silent.h.test: .*(timed out|Timeout).* \[live-host-differs\]$" \
    "a server that never answers: no HTTP answer within --probe-timeout"
expect_grep "$OUT" "error: 's100.h.test' on 127.0.0.1:$STUBPORT gives no final HTTP answer to HEAD / with Host: s100.h.test, only 100: .*\[live-host-differs\]$" \
    "a 1xx and then nothing is no final answer"
for n in close garbage silent; do
    expect_grep "$OUT" "^$n.h.test on 127.0.0.1:$STUBPORT \(\*:8443\): TLSv1.3, 'CN=s200.h.test' .*, no HTTP answer: differs \(below\)$" \
        "$n.h.test: the handshake is compared, the HEAD got no answer"
done
expect_no_grep "$OUT" "live-unreachable|live-cert-differs" \
    "a HEAD without an answer leaves the handshake as configured"
[ "$took" -le 8 ] && pass "the silent name waits --probe-timeout 3 beside the others (${took}s)" ||
    fail "--probe-host with one silent name took ${took}s with --probe-timeout 3"

run "$TVC" probe --probe-host --probe-timeout 3 --format=json --connect "127.0.0.1:$STUBPORT" "$T/h.conf"
expect_eq "$(grep -c '"id": *"live-host-differs"' "$OUT")" 6 "JSON carries the six live-host-differs"

finish
