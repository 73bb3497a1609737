#!/bin/bash
# tlsvhostc probe against real servers started on 127.0.0.1 by this test
# (tests/lib.sh's apache_start/apache_stop): Debian's apache2 with mod_ssl,
# then the oracle's mod_gnutls and mod_tls (../shared/oracle). Each live-*
# ID fires where it must and stays silent where it must not:
#
#   - live-cert-differs: a certificate file replaced without a reload is
#     reported for that name only; after `apache2 -k graceful` it is gone
#     (mod_ssl, mod_gnutls, mod_tls);
#   - live-chain-differs: a chain dropped from the file without a reload;
#   - live-protocol-differs: a config narrowed to TLS 1.3 (--probe-protocols:
#     the server still accepts TLS 1.2) or to TLS 1.2 (it negotiates 1.3);
#   - live-no-staple: mod_ssl stapling on with a responder that is down;
#     silent for mod_gnutls stapling a response file;
#   - live-host-differs (--probe-host): the running server answers p.test's
#     HEAD with 421 (mod_alias's Redirect stands in for a Host routed to a
#     vhost with other TLS settings); silent while every name is served;
#   - live-unreachable: a closed port, and a listener that never answers
#     (within --probe-timeout);
#   - sni-shadowed: a name an earlier wildcard vhost takes is compared
#     with that vhost, not reported as live-cert-differs.
#
# Needs apache2 (a FAILURE without it: run ./bootstrap), openssl and
# python3 (the silent listener). The oracle parts skip visibly without
# ../shared/oracle.
. "$(dirname "$0")/lib.sh"

need_apache2
need_tool openssl python3
ORACLE=$(oracle_dir)

P=$T/pki
mkdir -p "$P"
ossl req -x509 -newkey rsa:2048 -nodes -keyout "$P/ca.key" -out "$P/ca.pem" -days 30 \
    -subj "/CN=TVC Probe Test CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
ossl req -new -newkey rsa:2048 -nodes -keyout "$P/inter.key" -out "$P/inter.csr" \
    -subj "/CN=TVC Probe Test Intermediate"
printf 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n' > "$P/inter.ext"
ossl x509 -req -in "$P/inter.csr" -CA "$P/ca.pem" -CAkey "$P/ca.key" -set_serial 0x10 \
    -days 30 -extfile "$P/inter.ext" -out "$P/inter.pem"
pki_leaf a a.test
pki_leaf b b.test,www.b.test inter
cat "$P/b.pem" "$P/inter.pem" > "$P/b-chain.pem"
pki_leaf w wild.w.test,*.w.test
pki_leaf x x.w.test
pki_leaf p p.test

# A silent listener (accepts, never answers) and a closed port.
trap 'stop_pids; apache_on_exit' EXIT
silent_listener
PIDS="$PIDS $SILENT_PID"
pick_port
DEAD=$PORT

# ids FILE: the finding IDs of a text report, "name:id" sorted, one a line.
ids() {
    grep -oE "^[^ ]+: (error|warning|note): .*\[[a-z-]+\]$" "$1" |
        sed -E "s/.*: (error|warning|note): '([^']*)'.*\[([a-z-]+)\]$/\2:\3/" | sort | tr '\n' ' '
}

# graceful CONF: apache2 -k graceful, then wait until PROBE... is clean.
graceful() {
    local conf=$1 i
    shift
    "$APACHE2" -f "$conf" -d "$AP_ROOT" -k graceful > "$T/graceful.out" 2>&1 ||
        { fail "apache2 -k graceful failed"; show "$T/graceful.out" graceful; return 1; }
    for i in $(seq 1 50); do
        run "$@" && [ "$RC" = 0 ] && return 0
        sleep 0.2
    done
    return 0
}

# ---- mod_ssl ---------------------------------------------------------------------

say "# mod_ssl"
SSLLOADS="$(apache_loads mpm_event authz_core socache_shmcb ssl)
"
# ssl_vhost NAME CERT KEY [ALIASES [LINES]]
ssl_vhost() {
    printf '<VirtualHost *:%s>\n    ServerName %s\n' "$PORT" "$1"
    [ -z "${4:-}" ] || printf '    ServerAlias %s\n' "$4"
    printf '    SSLEngine on\n    SSLCertificateFile %s\n    SSLCertificateKeyFile %s\n' \
        "$P/$2.pem" "$P/$3.key"
    [ -z "${5:-}" ] || printf '%b\n' "$5"
    printf '</VirtualHost>\n'
}
# ssl_conf PROTOCOL_OF_P: the mod_ssl site, p.test with that SSLProtocol.
ssl_conf() {
    LOADS=$SSLLOADS apache_conf "$T/ssl.conf" \
        "$(ssl_vhost a.test a a)" \
        "$(ssl_vhost b.test b-chain b www.b.test)" \
        "$(ssl_vhost wild.w.test w w '*.w.test')" \
        "$(ssl_vhost x.w.test x x)" \
        "$(ssl_vhost p.test p p '' "    SSLProtocol $1")"
}
AP_RETRY=ssl_retry
ssl_retry() { ssl_conf '-all +TLSv1.2 +TLSv1.3'; }
pick_port
ssl_conf '-all +TLSv1.2 +TLSv1.3'
apache_start "$T/ssl.conf" || { apache_show_logs; die "apache2 with mod_ssl did not start"; }
PR=("$TVC" probe --probe-timeout 5 "$T/ssl.conf")

expect_exit 0 "${PR[@]}" --probe-protocols
expect_eq "$(ids "$OUT")" "x.w.test:sni-shadowed " \
    "mod_ssl as configured: only x.w.test, shadowed by *.w.test, is reported"
expect_grep "$OUT" "'x.w.test' \(a name of \*:$PORT x.w.test\) is answered by \*:$PORT wild.w.test" \
    "sni-shadowed says which vhost answers instead"
expect_grep "$OUT" "^a.test on 127.0.0.1:$PORT \(\*:$PORT\): TLSv1.3, 'CN=a.test' serial 0x1001 .*: as configured for a.test$" \
    "the text report has a line per name"
expect_grep "$OUT" "^tlsvhostc-probe.w.test on .*as configured for wild.w.test$" \
    "a wildcard is probed as one sample name"

# The certificate renewed, no reload.
cp "$P/a.pem" "$T/a.old.pem"
pki_leaf a a.test
expect_exit 1 "${PR[@]}"
expect_eq "$(ids "$OUT")" "a.test:live-cert-differs x.w.test:sni-shadowed " \
    "a renewed certificate without reload: live-cert-differs for a.test only"
expect_grep "$OUT" "error: 'a.test' on 127.0.0.1:$PORT serves 'CN=a.test' serial 0x1001 \(not before .*\), the config names '$P/a.pem': 'CN=a.test' serial 0x1006 \(not before .*\) \(newer\): reload pending\? .*\[live-cert-differs\]" \
    "live-cert-differs names both certificates and asks for the reload"
run "$TVC" probe --probe-timeout 5 --format=json "$T/ssl.conf"
expect_grep "$OUT" '"id": *"live-cert-differs"' "JSON carries live-cert-differs"
run "$TVC" probe --probe-timeout 5 --format=sarif "$T/ssl.conf"
expect_grep "$OUT" '"ruleId": *"live-cert-differs"' "SARIF carries live-cert-differs"
run "$TVC" probe --probe-timeout 5 --format=junit "$T/ssl.conf"
expect_grep "$OUT" 'live-cert-differs' "JUnit carries live-cert-differs"

# The chain dropped from b's file, p narrowed to TLS 1.3, no reload.
cp "$P/b.pem" "$P/b-chain.pem"
ssl_conf '-all +TLSv1.3'
expect_exit 1 "${PR[@]}" --probe-protocols
expect_eq "$(ids "$OUT")" "a.test:live-cert-differs b.test:live-chain-differs p.test:live-protocol-differs www.b.test:live-chain-differs x.w.test:sni-shadowed " \
    "chain and protocol changes without reload: live-chain-differs, live-protocol-differs"
expect_grep "$OUT" "'p.test' on .* accepts TLSv1.2, below the configured minimum TLSv1.3: reload pending\? .*\[live-protocol-differs\]" \
    "--probe-protocols: the server still accepts TLS 1.2"
expect_grep "$OUT" "'b.test' on .* sends 1 chain certificate after the leaf, the config's chain for '$P/b-chain.pem' has 0 .*\[live-chain-differs\]" \
    "live-chain-differs counts the chains"
run "${PR[@]}"
expect_no_grep "$OUT" "live-protocol-differs" "without --probe-protocols nothing below the minimum is tried"

graceful "$T/ssl.conf" "${PR[@]}" --probe-protocols
expect_exit 0 "${PR[@]}" --probe-protocols
expect_eq "$(ids "$OUT")" "x.w.test:sni-shadowed " "after apache2 -k graceful the server is as configured"

ssl_conf '-all +TLSv1.2'
expect_exit 1 "${PR[@]}"
expect_grep "$OUT" "'p.test' on .* negotiates TLSv1.3, outside the configured TLSv1.2..TLSv1.2: reload pending\? .*\[live-protocol-differs\]" \
    "a config narrowed to TLS 1.2: the live TLS 1.3 is out of range"
ssl_conf '-all +TLSv1.2 +TLSv1.3'

# --probe-host: HEAD / with each name as Host. As configured, every name
# is served (a 404 from its vhost's empty DocumentRoot counts).
expect_exit 0 "${PR[@]}" --probe-host
expect_eq "$(ids "$OUT")" "x.w.test:sni-shadowed " "--probe-host, every name served: no live-host-differs"
expect_grep "$OUT" "^a.test on 127.0.0.1:$PORT .*, HEAD [0-9]+: as configured for a.test$" \
    "--probe-host: the text line gives the HEAD's status"
# The running server answers p.test's Host with 421; the file serves it.
SSLLOADS="$SSLLOADS$(apache_loads alias)
" ssl_conf '-all +TLSv1.2 +TLSv1.3\n    Redirect 421 /'
"$APACHE2" -f "$T/ssl.conf" -d "$AP_ROOT" -k graceful > "$T/graceful.out" 2>&1 ||
    { fail "apache2 -k graceful failed"; show "$T/graceful.out" graceful; }
ssl_conf '-all +TLSv1.2 +TLSv1.3'
for i in $(seq 1 50); do
    run "${PR[@]}" --probe-host && [ "$RC" = 1 ] && break
    sleep 0.2
done
expect_exit 1 "${PR[@]}" --probe-host
expect_eq "$(ids "$OUT")" "p.test:live-host-differs x.w.test:sni-shadowed " \
    "--probe-host, p.test answered with 421: live-host-differs for p.test only"
expect_grep "$OUT" "error: 'p.test' on 127.0.0.1:$PORT answers HEAD / with Host: p.test with 421 Misdirected Request, though the config routes the name to \*:$PORT p.test.*\[live-host-differs\]" \
    "live-host-differs names the 421 and the vhost the config routes to"
expect_exit 0 "${PR[@]}"
expect_no_grep "$OUT" "live-host-differs" "without --probe-host no HEAD is sent"
graceful "$T/ssl.conf" "${PR[@]}" --probe-host
expect_exit 0 "${PR[@]}" --probe-host

# Unreachable: a closed port, a listener that never answers.
expect_exit 0 "$TVC" probe --connect "127.0.0.1:$DEAD" "$T/ssl.conf"
expect_grep "$OUT" "^[^ ]+: warning: no TLS handshake with 127.0.0.1:$DEAD for \*:$PORT: .*\[live-unreachable\]" \
    "a closed port: live-unreachable with libcurl's reason"
expect_eq "$(grep -c "live-unreachable" "$OUT")" 7 "a closed port: each of the seven names is unreachable"
start=$(date +%s)
expect_exit 1 "$TVC" probe --fail-on warning --probe-timeout 2 --connect "*:$PORT=127.0.0.1:$SILENT" "$T/ssl.conf"
took=$(($(date +%s) - start))
expect_grep "$OUT" "no TLS handshake with 127.0.0.1:$SILENT .*(timed out|Timeout).*\[live-unreachable\]" \
    "a silent listener: live-unreachable, timed out"
[ "$took" -le 6 ] && pass "seven silent names time out together within --probe-timeout 2 (${took}s)" ||
    fail "seven silent names took ${took}s with --probe-timeout 2"
expect_exit 2 "$TVC" probe --connect nowhere "$T/ssl.conf"
expect_grep "$ERR" "--connect takes \[ADDR:PORT=\]HOST:PORT" "a bad --connect is refused"

# Stapling on, the responder down: no staple.
AP_RETRY=
apache_stop
pick_port
DEADRESP=$PORT
pick_port
pki_leaf s s.test ca "authorityInfoAccess=OCSP;URI:http://127.0.0.1:$DEADRESP/\n"
LOADS=$SSLLOADS apache_conf "$T/staple.conf" \
    "SSLStaplingCache shmcb:$T/srv/run/stapling(32768)" \
    "$(ssl_vhost s.test s s '' '    SSLUseStapling on\n    SSLStaplingResponderTimeout 1\n    SSLCACertificateFile '"$P/ca.pem")" \
    "$(ssl_vhost a.test a a)"
if apache_start "$T/staple.conf"; then
    expect_exit 0 "$TVC" probe "$T/staple.conf"
    expect_eq "$(ids "$OUT")" "s.test:live-no-staple " "stapling on, responder down: live-no-staple for s.test only"
    expect_grep "$OUT" "'s.test' on .* staples an OCSP 'trylater' answer, no certificate status, though the config turns stapling on" \
        "live-no-staple says stapling is on"
else
    fail "apache2 with stapling did not start"
    apache_show_logs
fi
apache_stop

# ---- mod_gnutls and mod_tls (../shared/oracle) ---------------------------------------

# Their handshakes: a.test and b.test; a.test's file replaced, then a
# graceful restart. mod_gnutls staples b.test's response file.
SKIPPED=
oracle() {
    local mod=$1 so=$2
    say "# $mod"
    if [ ! -f "$ORACLE/$so" ]; then
        skip "$mod: $ORACLE/$so is missing (see ../shared/oracle/README.md)"
        SKIPPED="$SKIPPED $so"
        return
    fi
    pki_leaf a a.test
    local base
    base="$(apache_loads mpm_event authz_core socache_shmcb)
LoadModule ${mod}_module $ORACLE/$so
"
    pick_port
    if [ "$mod" = gnutls ]; then
        # a response for b.test, made offline with openssl ocsp
        openssl x509 -in "$P/b.pem" -noout -serial | sed 's/serial=//' > "$T/b.serial"
        printf 'V\t%s\t\t%s\tunknown\t/CN=b.test\n' "$(date -u -d '+20 days' +%y%m%d%H%M%SZ)" \
            "$(cat "$T/b.serial")" > "$P/index.txt"
        ossl ocsp -issuer "$P/inter.pem" -cert "$P/b.pem" -no_nonce -reqout "$P/b.req"
        ossl ocsp -index "$P/index.txt" -rsigner "$P/inter.pem" -rkey "$P/inter.key" \
            -CA "$P/inter.pem" -reqin "$P/b.req" -respout "$P/b.ocsp" -ndays 1
        # mod_gnutls reads the response in the children, which run as
        # nobody when the test runs as root; the keys stay 0600
        chmod o+x "$T" "$P"
        chmod o+r "$P/b.ocsp"
        LOADS=$base apache_conf "$T/$mod.conf" \
            "GnuTLSCache shmcb:$T/srv/run/gnutls_cache" \
            "<VirtualHost *:$PORT>
    ServerName a.test
    GnuTLSEnable on
    GnuTLSCertificateFile $P/a.pem
    GnuTLSKeyFile $P/a.key
</VirtualHost>
<VirtualHost *:$PORT>
    ServerName b.test
    GnuTLSEnable on
    GnuTLSCertificateFile $P/b-chain.pem
    GnuTLSKeyFile $P/b.key
    GnuTLSOCSPStapling on
    GnuTLSOCSPResponseFile $P/b.ocsp
</VirtualHost>"
    else
        LOADS=$base apache_conf "$T/$mod.conf" \
            "TLSEngine 127.0.0.1:$PORT" \
            "<VirtualHost *:$PORT>
    ServerName a.test
    TLSCertificate $P/a.pem $P/a.key
</VirtualHost>
<VirtualHost *:$PORT>
    ServerName b.test
    TLSCertificate $P/b-chain.pem $P/b.key
</VirtualHost>"
    fi
    cat "$P/b.pem" "$P/inter.pem" > "$P/b-chain.pem"
    if ! apache_start "$T/$mod.conf"; then
        fail "$mod: apache2 did not start"
        apache_show_logs
        return
    fi
    local pr=("$TVC" probe --probe-timeout 5 "$T/$mod.conf")
    expect_exit 0 "${pr[@]}"
    expect_eq "$(ids "$OUT")" "" "$mod as configured: no finding"
    [ "$mod" = gnutls ] && expect_grep "$OUT" "^b.test on .*, stapled: as configured" \
        "mod_gnutls staples b.test's response file: no live-no-staple"
    pki_leaf a a.test
    expect_exit 1 "${pr[@]}"
    expect_eq "$(ids "$OUT")" "a.test:live-cert-differs " \
        "$mod: a renewed certificate without reload: live-cert-differs for a.test only"
    graceful "$T/$mod.conf" "${pr[@]}"
    expect_exit 0 "${pr[@]}"
    expect_eq "$(ids "$OUT")" "" "$mod: clean after apache2 -k graceful"
    apache_stop
}
oracle gnutls mod_gnutls.so
oracle tls mod_tls.so

if [ -n "$SKIPPED" ] && [ "$failures" = 0 ]; then
    printf 'SKIP %s: %d checks passed, but the oracle modules%s are missing in %s\n' \
        "$TEST_NAME" "$checks" "$SKIPPED" "$ORACLE"
    exit 77
fi
finish
