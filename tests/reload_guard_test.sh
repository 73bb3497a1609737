#!/bin/bash
# examples/ci/reload-guard in front of a real apache2 (started here on
# 127.0.0.1, never the machine's own service): a good change reloads and
# the server then serves the new certificate; a key that does not match
# its certificate is refused, nothing reloads and the old certificate is
# still served; and the same reload without the guard stops apache2, which
# is what the guard is for. Also examples/ci/apache2-reload-guard.conf,
# the systemd drop-in: its ExecReload= lines, run in order as systemd runs
# them, do the same. Needs APACHE2 and openssl.
. "$(dirname "$0")/lib.sh"

GUARD=$TVC_SRCDIR/examples/ci/reload-guard
DROPIN=$TVC_SRCDIR/examples/ci/apache2-reload-guard.conf
MODDIR=${APACHE2_MODDIR:-/usr/lib/apache2/modules}
[ -f "$GUARD" ] && [ -f "$DROPIN" ] || die "missing $GUARD or $DROPIN"
need_apache2
need_tool openssl
BUILTIN=$("$APACHE2" -l 2>/dev/null)
LOADS=
for m in mpm_event authz_core socache_shmcb ssl; do
    case $BUILTIN in *"mod_$m.c"*) continue ;; esac
    LOADS="${LOADS}LoadModule ${m}_module $MODDIR/mod_$m.so
"
done

P=$T/pki
mkdir "$P"
ossl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$P/ca.key" \
    -out "$P/ca.pem" -days 3650 -subj /CN=tlsvhostc-test-ca
printf 'subjectAltName=DNS:a.test\nbasicConstraints=CA:FALSE\n' > "$P/a.ext"
for v in 1 2; do
    ossl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$P/a$v.key" \
        -out "$P/a$v.csr" -subj "/CN=a.test/OU=v$v"
    ossl x509 -req -in "$P/a$v.csr" -CA "$P/ca.pem" -CAkey "$P/ca.key" -CAcreateserial \
        -out "$P/a$v.pem" -days 825 -extfile "$P/a.ext"
done
chmod 644 "$P"/*.key # apache2's children run as nobody; not a finding here
pick_port
C=$T/srv/apache2.conf
# conf CERT KEY: the served config, one TLS vhost on 127.0.0.1:$PORT.
conf() {
    apache_conf "$C" "SSLSessionCache \"shmcb:$T/srv/run/scache(512000)\"" \
        "<VirtualHost 127.0.0.1:$PORT>" "ServerName a.test" "SSLEngine on" \
        "SSLCertificateFile $1" "SSLCertificateKeyFile $2" "</VirtualHost>"
}
# served: the OU of the certificate that 127.0.0.1:$PORT serves for a.test.
served() {
    timeout -k 2 10 openssl s_client -connect "127.0.0.1:$PORT" -servername a.test \
        < /dev/null 2> /dev/null | openssl x509 -noout -subject -nameopt RFC2253 2> /dev/null |
        sed -n 's/.*OU=\([^,]*\).*/\1/p'
}
# served_becomes OU: waits up to 5 s for a graceful restart to take.
served_becomes() {
    for i in $(seq 1 50); do
        [ "$(served)" = "$1" ] && return 0
        sleep 0.1
    done
    return 1
}
# guard: reload-guard on $C, reloading this apache2 gracefully (USR1),
# as `apache2ctl graceful` does; $T/reloads counts the reloads.
guard() {
    run env TLSVHOSTC_ARGS="--ca-file $P/ca.pem" \
        APACHE_RELOAD="echo reload >> '$T/reloads'; kill -USR1 \$(cat '$(ap_pidfile)')" \
        TLSVHOSTC="$TVC" sh "$GUARD" "$C"
}

conf "$P/a1.pem" "$P/a1.key"
if ! apache_start "$C"; then
    fail "apache2 does not start on the first config"
    apache_show_logs
    finish
fi
expect_eq "$(served)" v1 "apache2 serves the first certificate"

# A good change: checked, reloaded, served.
conf "$P/a2.pem" "$P/a2.key"
guard
expect_eq "$RC" 0 "reload-guard: a good config -> exit 0" || show_run
served_becomes v2 && pass "reload-guard: a good config is reloaded (the new certificate is served)" ||
    fail "reload-guard: after a good config apache2 serves '$(served)', not v2"

# A broken key: refused, nothing reloaded, the old certificate still served.
conf "$P/a2.pem" "$P/a1.key"
: > "$T/reloads"
guard
expect_eq "$RC" 1 "reload-guard: a key that does not match -> exit 1"
expect_grep "$OUT" '\[key-mismatch\]' "reload-guard: shows the key-mismatch finding"
expect_empty "$T/reloads" "reload-guard: a key that does not match -> no reload"
sleep 0.5
expect_eq "$(served)" v2 "reload-guard: apache2 still runs and serves the last good certificate"

# The drop-in's ExecReload= commands on the same config, in order, stopping
# at the first failure (systemd's rule), with this test's paths for the
# Debian ones: the check refuses, apachectl graceful never runs.
dropin_reload() {
    grep '^ExecReload=.' "$DROPIN" | sed 's/^ExecReload=//' |
        sed -e "s#/usr/bin/tlsvhostc#$TVC#" -e "s#--env-file /etc/apache2/envvars#--ca-file $P/ca.pem#" \
            -e "s#/etc/apache2/apache2.conf#$C#" \
            -e "s#/usr/sbin/apachectl graceful#echo reload >> $T/reloads; kill -USR1 \$(cat $(ap_pidfile))#" \
            > "$T/execreload"
    while IFS= read -r cmd; do
        sh -c "$cmd" > "$OUT" 2> "$ERR" || return 1
    done < "$T/execreload"
}
expect_eq "$(grep -c '^ExecReload=$' "$DROPIN")" 1 "drop-in: resets the unit's ExecReload= first"
expect_eq "$(grep '^ExecReload=.' "$DROPIN" | tail -n 1)" "ExecReload=/usr/sbin/apachectl graceful" \
    "drop-in: reloads last, as Debian's apache2.service does"
: > "$T/reloads"
dropin_reload && fail "drop-in: a key that does not match reloaded" ||
    pass "drop-in: a key that does not match fails the reload"
expect_empty "$T/reloads" "drop-in: a key that does not match -> apachectl graceful does not run"
conf "$P/a1.pem" "$P/a1.key"
dropin_reload && pass "drop-in: a good config reloads" || fail "drop-in: a good config failed"
served_becomes v1 && pass "drop-in: the reloaded config is served" ||
    fail "drop-in: after a good config apache2 serves '$(served)', not v1"

# Without the guard the broken key takes the server down at the reload.
conf "$P/a1.pem" "$P/a2.key"
kill -USR1 "$(cat "$(ap_pidfile)")"
for i in $(seq 1 50); do
    kill -0 "$APID" 2>/dev/null || break
    sleep 0.1
done
if kill -0 "$APID" 2>/dev/null; then
    fail "without the guard, apache2 survived a reload with a key that does not match"
else
    wait "$APID" 2>/dev/null
    APID=
    pass "without the guard, the same reload stops apache2"
    expect_grep "$(ap_errlog)" 'AH02565|AH02238|AH02312|key values mismatch' \
        "apache2's error log says why (the key does not match)"
fi
finish
