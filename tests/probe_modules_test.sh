#!/bin/bash
# tlsvhostc probe and probe --probe-host against the real modules, on an
# SNI config that tlsvhostc emits for each: three vhosts on one port
# (a.test + www.a.test, b.test + www.b.test, wild.w.test + *.w.test), each
# with its own certificate, written for mod_ssl and emitted with
# `tlsvhostc emit --target=M` for mod_ssl, mod_gnutls and mod_tls; apache2
# serves each (mod_ssl from Debian, mod_gnutls and mod_tls from
# ../shared/oracle) on 127.0.0.1. For each module:
#
#   - probe: every name (the wildcard as its sample name) is served its
#     vhost's certificate, no finding;
#   - probe --probe-host: every name's HEAD is served, no live-host-differs;
#   - the fact probe's 421 branch rests on, asked with openssl s_client (probe
#     always sends the SNI name as Host): SNI a.test with Host: b.test, a
#     vhost with another certificate, is answered 421 Misdirected Request
#     by all three modules. SNI b.test with Host: www.b.test, two names of
#     one vhost, is served by mod_ssl and mod_tls (same TLS settings), and
#     answered 421 by mod_gnutls: observed with mod_gnutls 0.13.0, whose
#     request check (mgs_req_vhost_check) refuses any Host that is not the
#     SNI name itself, letter case aside. Probe sends Host: NAME with NAME
#     as SNI, so that strictness never fires on a server as configured, and
#     a 421 from mod_gnutls still means its SNI vhost and its Host vhost
#     differ: probe needs no change for it;
#   - a real 5xx: for mod_ssl and mod_tls the config also has c.test, a
#     domain mod_md manages (MDomain, no certificate of its own, its CA
#     unreachable). Until mod_md has a certificate both serve its fallback
#     and answer 503 to every request: probe has no certificate in the
#     config to compare and stays silent, --probe-host reports c.test's
#     503 as live-host-differs, and nothing else. mod_gnutls has no mod_md
#     support (no fallback certificate): its config has no c.test.
#
# Needs apache2 (a FAILURE without it: run ./bootstrap) and openssl. The
# oracle modules skip visibly without ../shared/oracle (exit 77 at the end
# if nothing failed).
. "$(dirname "$0")/lib.sh"

need_apache2
need_tool openssl
MODDIR=${APACHE2_MODDIR:-/usr/lib/apache2/modules}
ORACLE=$(oracle_dir)

P=$T/pki
mkdir -p "$P"
ossl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$P/ca.key" \
    -out "$P/ca.pem" -days 30 -subj "/CN=TVC Probe Modules CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
pki_leaf a a.test,www.a.test
pki_leaf b b.test,www.b.test
pki_leaf w wild.w.test,*.w.test

# vhost NAME ALIAS FILE: a mod_ssl vhost on $PORT.
vhost() {
    printf '<VirtualHost *:%s>\n    ServerName %s\n    ServerAlias %s\n' "$PORT" "$1" "$2"
    printf '    SSLEngine on\n    SSLCertificateFile %s\n    SSLCertificateKeyFile %s\n' \
        "$P/$3.pem" "$P/$3.key"
    printf '</VirtualHost>\n'
}

# site CONF: the mod_ssl source on $PORT, emitted for $MOD into CONF, the
# oracle's module where Debian's would be.
site() {
    local md=() loads=(mpm_event authz_core socache_shmcb dir ssl)
    if [ "$MOD" != mod_gnutls ]; then
        loads+=(md)
        md=("MDStoreDir $AP_ROOT/md" "MDCertificateAuthority http://127.0.0.1:1/directory"
            "MDomain c.test" "$(printf '<VirtualHost *:%s>\n    ServerName c.test\n    SSLEngine on\n</VirtualHost>' "$PORT")")
    fi
    LOADS="$(apache_loads "${loads[@]}")
" apache_conf "$T/src.conf" \
        "$(vhost a.test www.a.test a)" "$(vhost b.test www.b.test b)" \
        "$(vhost wild.w.test '*.w.test' w)" "${md[@]}"
    run "$TVC" emit --target="$MOD" --ca-file "$P/ca.pem" -o "$1" "$T/src.conf"
    [ "$RC" = 0 ] || { show_run; die "emit --target=$MOD failed"; }
    [ "$MOD" = mod_ssl ] || sed -i "s#$MODDIR/$MOD.so#$ORACLE/$MOD.so#" "$1"
}

# status SNI HOST: the status line of HEAD / with Host: HOST over a
# handshake with SNI as server name.
status() {
    printf 'HEAD / HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n' "$2" |
        timeout 10 openssl s_client -connect "127.0.0.1:$PORT" -servername "$1" -quiet \
            2> /dev/null | head -n 1 | tr -d '\r'
}

# children run as nobody when the test runs as root: let them reach the
# index page, so that every HEAD is a 200 (the keys stay 0600)
mkdir -p "$AP_ROOT/htdocs"
echo ok > "$AP_ROOT/htdocs/index.html"
chmod o+x "$T" "$AP_ROOT" "$AP_ROOT/htdocs"
chmod o+r "$AP_ROOT/htdocs/index.html"

NAMES="a.test www.a.test b.test www.b.test wild.w.test tlsvhostc-probe.w.test"
SKIPPED=
trap apache_on_exit EXIT
for MOD in mod_ssl mod_gnutls mod_tls; do
    say "# $MOD"
    if [ "$MOD" != mod_ssl ] && [ ! -f "$ORACLE/$MOD.so" ]; then
        skip "$MOD: $ORACLE/$MOD.so is missing (see ../shared/oracle/README.md)"
        SKIPPED="$SKIPPED $MOD.so"
        continue
    fi
    pick_port
    site "$T/$MOD.conf"
    AP_RETRY=site
    if ! apache_start "$T/$MOD.conf"; then
        fail "$MOD: apache2 did not start on the emitted config"
        apache_show_logs
        continue
    fi
    expect_exit 0 "$TVC" probe --probe-timeout 5 "$T/$MOD.conf"
    grep -E '\[[a-z-]+\]$' "$OUT" > "$T/findings"
    expect_empty "$T/findings" "$MOD: probe finds nothing"
    for n in $NAMES; do
        case $n in *.a.test | a.test) v=a.test ;; *.w.test) v=wild.w.test ;; *) v=b.test ;; esac
        expect_grep "$OUT" "^$n on 127.0.0.1:$PORT \(\*:$PORT\): TLSv1\.[23], 'CN=$v' .*: as configured for $v$" \
            "$MOD: $n is served the certificate of $v"
    done
    if [ "$MOD" = mod_gnutls ]; then
        expect_exit 0 "$TVC" probe --probe-timeout 5 --probe-host "$T/$MOD.conf"
        grep -E '\[[a-z-]+\]$' "$OUT" > "$T/findings"
        expect_empty "$T/findings" "$MOD: probe --probe-host finds nothing"
    else
        expect_exit 1 "$TVC" probe --probe-timeout 5 --probe-host "$T/$MOD.conf"
        expect_eq "$(grep -cE '\[[a-z-]+\]$' "$OUT")" 1 \
            "$MOD: probe --probe-host finds one thing, c.test's 503"
        expect_grep "$OUT" "error: 'c.test' on 127.0.0.1:$PORT answers HEAD / with Host: c.test with 503, though the config serves the name from \*:$PORT c.test .*\[live-host-differs\]$" \
            "$MOD: mod_md's fallback for c.test answers 503: live-host-differs"
        expect_grep "$OUT" "^c.test on .*'CN=Apache Managed Domain Fallback' .*, HEAD 503: differs \(below\)$" \
            "$MOD: c.test is served mod_md's fallback certificate"
    fi
    expect_eq "$(grep -cE "^[^ ]+ on .*, HEAD 200: as configured for " "$OUT")" 6 \
        "$MOD: --probe-host: each of the six names gets 200 from its vhost"
    expect_eq "$(status a.test b.test)" "HTTP/1.1 421 Misdirected Request" \
        "$MOD: SNI a.test, Host: b.test (another vhost, another certificate): 421"
    if [ "$MOD" = mod_gnutls ]; then
        expect_eq "$(status b.test www.b.test)" "HTTP/1.1 421 Misdirected Request" \
            "$MOD: SNI b.test, Host: www.b.test (one vhost): 421, any Host but the SNI name is refused"
        expect_grep "$(ap_errlog)" "Client requested 'b.test' via SNI, but 'www.b.test' in the HTTP request" \
            "$MOD: its error log says the Host is not the SNI name"
    else
        s=$(status b.test www.b.test)
        case $s in
        "HTTP/1.1 200 "*) pass "$MOD: SNI b.test, Host: www.b.test (one vhost): served ($s)" ;;
        *) fail "$MOD: SNI b.test, Host: www.b.test (one vhost): '$s', expected 200" ;;
        esac
    fi
    AP_RETRY=
    apache_stop
done

if [ -n "$SKIPPED" ] && [ "$failures" = 0 ]; then
    printf 'SKIP %s: %d checks passed, but the oracle modules%s are missing in %s\n' \
        "$TEST_NAME" "$checks" "$SKIPPED" "$ORACLE"
    exit 77
fi
finish
