#!/bin/bash
# `tlsvhostc serve` as a server (issue 13): on every core, reloaded on
# SIGHUP without a refused connection, ALPN from Protocols, stopped on
# SIGTERM after a grace period. One TLS address set in the config (and a
# plain *:80 vhost): served without --site.
#
#   - ALPN: a vhost with `Protocols h2 http/1.1` gives h2 to an h2 client
#     (the answer says so in its body, in HTTP/2 frames to curl --http2,
#     as text to s_client), http/1.1 to an HTTP/1.1 one; a
#     vhost without Protocols refuses an h2-only client with
#     no_application_protocol and gives http/1.1 otherwise;
#   - idle connections do not hold up others (answers come while they
#     wait) and are cut at --timeout;
#   - 8 clients at once all get their answer;
#   - SIGHUP with a vhost added and a certificate replaced: both are
#     served after it, and a client loop running across it sees no failed
#     connection; a connection made before it finishes on the old
#     certificate;
#   - SIGHUP with a key that does not match: the finding is reported with
#     its location, as check does, and the old configuration keeps serving;
#   - SIGTERM: new connections are refused at once, a request in flight
#     is answered within the grace period,
#     an idle connection is cut at its end, and serve exits 0.
. "$(dirname "$0")/lib.sh"

need_tool openssl curl timeout

P=$T/pki
mkdir -p "$P"
ossl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$P/ca.key" \
    -out "$P/ca.pem" -days 30 -subj "/CN=TVC Serve Test CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign"
# leaf FILE NAME: $P/FILE.pem and .key for NAME, signed by the CA
leaf() {
    ossl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$P/$1.key" \
        -subj "/CN=$2" -out "$P/$1.csr"
    chmod 600 "$P/$1.key"
    printf 'basicConstraints=CA:FALSE\nsubjectAltName=DNS:%s\n' "$2" > "$P/$1.ext"
    ossl x509 -req -in "$P/$1.csr" -CA "$P/ca.pem" -CAkey "$P/ca.key" -days 90 \
        -set_serial "0x$(openssl rand -hex 8)" -extfile "$P/$1.ext" -out "$P/$1.pem"
}
leaf a a.test
leaf a2 a.test
leaf b b.test
leaf c c.test

# conf A-CERT [EXTRA-VHOST]: the config, a.test's certificate named
vhost() {
    printf '<VirtualHost *:443>\n    ServerName %s\n%b    SSLEngine on\n' "$1" "$3"
    printf '    SSLCertificateFile %s/%s.pem\n    SSLCertificateKeyFile %s/%s.key\n' \
        "$P" "$2" "$P" "${4:-$2}"
    printf '</VirtualHost>\n'
}
conf() {
    {
        printf 'LoadModule ssl_module /usr/lib/apache2/modules/mod_ssl.so\n'
        printf 'Listen 80\nListen 443\n<VirtualHost *:80>\n    ServerName plain.test\n'
        printf '</VirtualHost>\n'
        vhost a.test "$1" '    Protocols h2 http/1.1\n'
        vhost b.test b ''
        [ -n "${2:-}" ] && vhost c.test c '' "$2"
    } > "$T/httpd.conf.new"
    mv "$T/httpd.conf.new" "$T/httpd.conf"
}
conf a

pick_port
trap 'stop_server; cleanup' EXIT

"$TVC" serve -q --ca-file "$P/ca.pem" --listen "127.0.0.1:$PORT" --workers 2 --timeout 4 \
    --grace 1 "$T/httpd.conf" > "$T/serve.out" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do
    grep -q 'listening on' "$T/serve.out" && break
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
done
if grep -q "listening on 127.0.0.1:$PORT, 2 workers" "$T/serve.out"; then
    pass "serve starts without --site on the config's one TLS address set"
else
    fail "serve did not start"
    show "$T/serve.out" "serve output"
    finish
fi

# get NAME [CURL ARGS]: the body of https://NAME/ in $OUT, curl's status in RC
get() {
    local n=$1
    shift
    curl -s --max-time 10 --cacert "$P/ca.pem" --resolve "$n:$PORT:127.0.0.1" "$@" \
        "https://$n:$PORT/" > "$OUT" 2> "$ERR"
    RC=$?
}
# sclient NAME [ARGS]: a request through openssl s_client; output in $T/.sc
sclient() {
    local n=$1
    shift
    printf 'GET / HTTP/1.1\r\nHost: %s\r\n\r\n' "$n" |
        timeout 10 openssl s_client -connect "127.0.0.1:$PORT" -servername "$n" \
            -CAfile "$P/ca.pem" -ign_eof "$@" > "$T/.sc" 2>&1
}
serial() { openssl x509 -in "$1" -noout -serial | cut -d= -f2; }
served_serial() { openssl x509 -noout -serial < "$T/.sc" 2>/dev/null | cut -d= -f2; }

# ---- ALPN ----
sclient a.test -alpn h2
if grep -q '^ALPN protocol: h2' "$T/.sc" && grep -qx 'ALPN h2' "$T/.sc"; then
    pass "ALPN: a.test (Protocols h2 http/1.1) gives h2 and says so in the body"
else
    fail "ALPN: a.test did not give h2"; show "$T/.sc" "s_client"
fi
if curl -V | grep -q 'HTTP2'; then
    get a.test --http2
    if [ "$RC" = 0 ] && [ "$(printf 'a.test\nALPN h2')" = "$(cat "$OUT")" ]; then
        pass "ALPN: curl --http2 gets the answer in HTTP/2 frames"
    else
        fail "ALPN: curl --http2 got no answer (status $RC)"; show_run
    fi
    get b.test --http2
    [ "$RC" = 0 ] && [ "$(cat "$OUT")" = b.test ] &&
        pass "ALPN: curl --http2 falls back to HTTP/1.1 on b.test (no h2 in its Protocols)" ||
        { fail "ALPN: curl --http2 on b.test (status $RC)"; show_run; }
else
    skip "curl --http2: this curl has no HTTP/2 (curl -V lists no HTTP2)"
fi
sclient a.test -alpn http/1.1
grep -q '^ALPN protocol: http/1.1' "$T/.sc" && pass "ALPN: a.test gives http/1.1 to an HTTP/1.1 client" ||
    { fail "ALPN: a.test with http/1.1"; show "$T/.sc" "s_client"; }
sclient b.test -alpn h2
grep -q 'no application protocol' "$T/.sc" &&
    pass "ALPN: b.test (no Protocols: http/1.1) refuses an h2-only client with no_application_protocol" ||
    { fail "ALPN: b.test did not refuse h2"; show "$T/.sc" "s_client"; }
sclient b.test -alpn h2,http/1.1
grep -q '^ALPN protocol: http/1.1' "$T/.sc" && pass "ALPN: b.test gives http/1.1 to a client offering h2 and http/1.1" ||
    { fail "ALPN: b.test with h2,http/1.1"; show "$T/.sc" "s_client"; }

# ---- concurrency ----
# Three connections that never speak: one connection at a time would
# keep every other client waiting until they time out.
exec 5<>"/dev/tcp/127.0.0.1/$PORT" 6<>"/dev/tcp/127.0.0.1/$PORT" 7<>"/dev/tcp/127.0.0.1/$PORT"
start=$(date +%s%N)
get b.test --http1.1
ms=$((($(date +%s%N) - start) / 1000000))
if [ "$RC" = 0 ] && [ "$(cat "$OUT")" = b.test ] && [ "$ms" -lt 1500 ]; then
    pass "an answer in ${ms} ms while 3 idle connections are open"
else
    fail "with 3 idle connections open: curl status $RC after ${ms} ms"; show_run
fi
sleep 4.5
exec 5>&- 6>&- 7>&-
n=$(grep -c 'connection cut in the handshake: by the connection timeout' "$T/serve.out")
[ "$n" = 3 ] && pass "the 3 idle connections are cut at --timeout 4" ||
    { fail "$n idle connections cut by the timeout, not 3"; show "$T/serve.out" "serve output"; }

for i in $(seq 1 8); do
    (get b.test --http1.1; [ "$RC" = 0 ] && [ "$(cat "$OUT")" = b.test ] && echo ok) \
        > "$T/par.$i" 2>&1 &
done
wait_n=0
for i in $(seq 1 8); do
    while [ ! -s "$T/par.$i" ] && [ $wait_n -lt 200 ]; do sleep 0.05; wait_n=$((wait_n + 1)); done
done
sleep 0.2
n=$(cat "$T"/par.* | grep -c '^ok$')
[ "$n" = 8 ] && pass "8 clients at once all get their answer" || fail "$n of 8 concurrent clients got their answer"

# ---- reload ----
# A connection made before the reload and used after it: the old runtime.
( sleep 2; printf 'GET / HTTP/1.1\r\nHost: a.test\r\n\r\n' ) |
    timeout 10 openssl s_client -connect "127.0.0.1:$PORT" -servername a.test -alpn http/1.1 \
        -CAfile "$P/ca.pem" -ign_eof > "$T/inflight.sc" 2>&1 &
inflight=$!
# Clients in a loop across the reload, each a new connection, until the
# checks after it are done and a second more has passed.
( ok=0; bad=0
  while [ ! -e "$T/stop" ]; do
      if curl -s --max-time 5 --http1.1 --cacert "$P/ca.pem" \
              --resolve "b.test:$PORT:127.0.0.1" "https://b.test:$PORT/" | grep -qx b.test; then
          ok=$((ok + 1))
      else
          bad=$((bad + 1))
      fi
  done
  echo "$ok $bad" > "$T/loop" ) &
loop=$!
sleep 1
conf a2 c
kill -HUP "$SERVER_PID"
for _ in $(seq 1 50); do grep -q 'reloaded:' "$T/serve.out" && break; sleep 0.1; done
grep -q 'reloaded: site \*:443 (3 vhosts)' "$T/serve.out" && pass "SIGHUP: the new config is loaded" ||
    { fail "SIGHUP: no reload"; show "$T/serve.out" "serve output"; }
get c.test --http1.1
[ "$RC" = 0 ] && [ "$(cat "$OUT")" = c.test ] && pass "SIGHUP: the added vhost c.test is served" ||
    { fail "SIGHUP: c.test not served (curl $RC)"; show_run; }
sclient a.test -alpn http/1.1
[ "$(served_serial)" = "$(serial "$P/a2.pem")" ] &&
    pass "SIGHUP: a.test serves its replaced certificate" ||
    { fail "SIGHUP: a.test serves serial $(served_serial), not a2's $(serial "$P/a2.pem")"; }
sleep 1
touch "$T/stop"
wait "$loop"
read -r ok bad < "$T/loop"
[ "$bad" = 0 ] && [ "$ok" -ge 3 ] && pass "a client loop across the reload: $ok answers, none failed" ||
    fail "a client loop across the reload: $ok answers, $bad failed"
wait "$inflight"
openssl x509 -noout -serial < "$T/inflight.sc" > "$T/inflight.serial" 2>/dev/null
if grep -qi "$(serial "$P/a.pem")" "$T/inflight.serial" && grep -qx 'a.test' "$T/inflight.sc"; then
    pass "a connection made before the reload is answered after it, on the old certificate"
else
    fail "the connection in flight across the reload"; show "$T/inflight.sc" "s_client"
fi

# A key that does not match: refused with the finding located; the old
# configuration keeps serving c.test.
conf a2 b
kill -HUP "$SERVER_PID"
for _ in $(seq 1 50); do grep -q 'reload refused' "$T/serve.out" && break; sleep 0.1; done
if grep -q "httpd.conf:[0-9]*:[0-9]*: error: .*\[key-mismatch\]" "$T/serve.out" &&
        grep -q 'reload refused: 1 error' "$T/serve.out"; then
    pass "SIGHUP with a mismatched key: refused, the finding located as check says it"
else
    fail "SIGHUP with a mismatched key"; show "$T/serve.out" "serve output"
fi
get c.test --http1.1
[ "$RC" = 0 ] && [ "$(cat "$OUT")" = c.test ] && pass "after a refused reload the old configuration serves" ||
    { fail "after a refused reload: c.test not served (curl $RC)"; show_run; }

# ---- SIGTERM ----
( sleep 1; printf 'GET / HTTP/1.1\r\nHost: b.test\r\n\r\n' ) |
    timeout 10 openssl s_client -connect "127.0.0.1:$PORT" -servername b.test \
        -CAfile "$P/ca.pem" -ign_eof > "$T/term.sc" 2>&1 &
late=$!
sleep 0.5
exec 5<>"/dev/tcp/127.0.0.1/$PORT"
sleep 0.2
start=$(date +%s%N)
kill -TERM "$SERVER_PID"
sleep 0.3
if kill -0 "$SERVER_PID" 2>/dev/null && ! port_open "$PORT"; then
    pass "SIGTERM: new connections are refused during the grace period"
else
    fail "SIGTERM: the port still accepts (or serve is gone) during the grace period"
fi
wait "$SERVER_PID"
rc=$?
ms=$((($(date +%s%N) - start) / 1000000))
SERVER_PID=
exec 5>&-
wait "$late"
grep -qx 'b.test' "$T/term.sc" && pass "SIGTERM: a request in flight is answered in the grace period" ||
    { fail "SIGTERM: the request in flight got no answer"; show "$T/term.sc" "s_client"; }
if [ "$rc" = 0 ] && grep -q '1 connection cut after the grace period' "$T/serve.out" &&
        [ "$ms" -ge 900 ] && [ "$ms" -lt 1800 ]; then
    pass "SIGTERM: the idle connection is cut after --grace 1 (exit after ${ms} ms, status 0)"
else
    fail "SIGTERM: status $rc after ${ms} ms"; show "$T/serve.out" "serve output"
fi

finish
