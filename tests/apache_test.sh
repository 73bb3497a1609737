#!/bin/bash
# The real server: what tlsvhostc says against what apache2 (mod_ssl) does.
# A CA and leaf certificates are made with the openssl CLI in a temporary
# directory (nothing is committed), a minimal standalone httpd config is
# written for each case, and apache2 is started on 127.0.0.1 at a random
# free port in the foreground (no /etc/apache2, no envvars):
#
#   (a) matching keys, two name-based vhosts: `apache2 -t` passes, the
#       server starts, `openssl s_client -servername` gets the certificate
#       of the vhost `tlsvhostc check --sni-map` says answers that name
#       (also for an unknown name: the default vhost), and
#       `tlsvhostc check` exits 0;
#   (b) a key that does not match its certificate: `apache2 -t` says
#       Syntax OK, the start fails with AH02565 in the ErrorLog, and
#       `tlsvhostc check` exits 1 with [key-mismatch];
#   (c) a must-staple certificate without SSLUseStapling: whatever
#       apache2 really does is asserted (started: no OCSP response is
#       stapled; failed: that it failed), and tlsvhostc reports
#       [must-staple].
#
# apache2 is stopped after each case (the pid in PidFile, then wait) and
# on any exit; the whole test takes a few seconds.
#
# Needs APACHE2 (set by configure: the apache2 binary) and openssl; a
# missing apache2 is a FAILURE, not a skip: run ./bootstrap.
. "$(dirname "$0")/lib.sh"

MODDIR=${APACHE2_MODDIR:-/usr/lib/apache2/modules}

need_apache2
# LoadModule lines for the modules the test needs, except those compiled
# into the binary (Debian builds mod_log_config in).
BUILTIN=$("$APACHE2" -l 2>/dev/null)
LOADS=
for m in mpm_event authz_core log_config socache_shmcb ssl; do
    case $BUILTIN in
    *"mod_$m.c"*) continue ;;
    esac
    if [ ! -f "$MODDIR/mod_$m.so" ]; then
        fail "$MODDIR/mod_$m.so is missing: run ./bootstrap (Debian package apache2)"
        finish
    fi
    LOADS="${LOADS}LoadModule ${m}_module $MODDIR/mod_$m.so
"
done
if ! command -v openssl >/dev/null 2>&1; then
    fail "the openssl command is missing: run ./bootstrap (Debian package openssl)"
    finish
fi

SRV=$T/srv
mkdir -p "$T/pki"

# ---- the PKI (openssl CLI) -------------------------------------------------------------

P=$T/pki

ossl req -x509 -newkey rsa:2048 -nodes -keyout "$P/ca.key" -out "$P/ca.pem" \
    -days 120 -subj "/O=tlsvhostc tests/CN=TVC Apache Test CA" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign"

# leaf NAME KEYTYPE [EXTRA_EXT_LINE]: $P/NAME.pem, $P/NAME.key (0600)
leaf() {
    local name=$1 kt=$2 extra=${3:-}
    if [ "$kt" = rsa ]; then
        ossl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$P/$name.key"
    else
        ossl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$P/$name.key"
    fi
    chmod 600 "$P/$name.key"
    cat > "$P/$name.ext" <<EOF
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:$name
$extra
EOF
    ossl req -new -key "$P/$name.key" -subj "/CN=$name" -out "$P/$name.csr"
    ossl x509 -req -in "$P/$name.csr" -CA "$P/ca.pem" -CAkey "$P/ca.key" \
        -set_serial "0x$(openssl rand -hex 8)" -days 90 \
        -extfile "$P/$name.ext" -out "$P/$name.pem"
}

leaf a.test rsa
leaf b.test ec
leaf c.test ec "tlsfeature = status_request
authorityInfoAccess = OCSP;URI:http://127.0.0.1:9/"
# The key that belongs to no certificate here.
ossl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$P/other.key"
chmod 600 "$P/other.key"

grep -q 'BEGIN CERTIFICATE' "$P/c.test.pem" || die "no c.test certificate"
openssl x509 -in "$P/c.test.pem" -noout -text | grep -q 'TLS Feature' ||
    die "openssl did not add the TLS Feature extension to c.test"

# ---- configs ---------------------------------------------------------------------------

# vhost NAME CERT KEY [EXTRA]
vhost() {
    cat <<EOF
<VirtualHost 127.0.0.1:$PORT>
    ServerName $1
    SSLEngine on
    SSLCertificateFile $2
    SSLCertificateKeyFile $3
${4:-}
</VirtualHost>
EOF
}

# write_conf FILE VHOSTS...: the standalone main config around the vhosts.
write_conf() {
    local f=$1
    shift
    apache_conf "$f" "SSLSessionCache \"shmcb:$SRV/run/ssl_scache(512000)\"" "$@"
}

# served_subject NAME [-status]: the subject of the certificate served for
# SNI NAME ("" when the handshake failed); s_client output in $T/.sclient.
served_subject() {
    timeout -k 2 10 openssl s_client -connect "127.0.0.1:$PORT" -servername "$1" \
        ${2:-} < /dev/null > "$T/.sclient" 2>&1
    openssl x509 -noout -subject -nameopt RFC2253 < "$T/.sclient" 2>/dev/null
}

subject_of() {
    openssl x509 -noout -subject -nameopt RFC2253 -in "$1"
}

# The certificate file that answers NAME according to the sni_map of
# `tlsvhostc check --sni-map --format=json` (flattened in $1): the first
# vhost of the 127.0.0.1:PORT set naming it, else the set's default.
map_cert() {
    awk -F '\t' -v name="\"$2\"" -v port="$PORT" '
        match($1, /^\.sni_map\[[0-9]+\]/) {
            set = substr($1, 1, RLENGTH)
            rest = substr($1, RLENGTH + 1)
            if (rest == ".port") port_of[set] = $2
            if (match(rest, /^\.vhosts\[[0-9]+\]/)) {
                idx = substr(rest, 9, RLENGTH - 9) + 0
                key = set "|" idx
                f = substr(rest, RLENGTH + 1)
                if (f == ".server_name" || f ~ /^\.aliases\[/) {
                    if (tolower($2) == tolower(name)) names[key] = 1
                }
                if (f == ".certificate") cert[key] = $2
                if (idx + 1 > n[set]) n[set] = idx + 1
            }
        }
        END {
            for (s in port_of) {
                if (port_of[s] != port) continue
                for (i = 0; i < n[s]; i++)
                    if (names[s "|" i]) { print cert[s "|" i]; exit }
                print cert[s "|" 0]
                exit
            }
        }' "$1" | sed 's/^"//; s/"$//'
}

# ---- (a) matching keys: SNI routing as --sni-map says ----------------------------------

say "# (a) two vhosts, matching keys"
pick_port
conf_a() {
    write_conf "$1" \
        "$(vhost a.test "$P/a.test.pem" "$P/a.test.key")" \
        "$(vhost b.test "$P/b.test.pem" "$P/b.test.key")"
}
AP_RETRY=conf_a
CONF=$SRV/a.conf
conf_a "$CONF"

if expect_exit 0 "$APACHE2" -t -f "$CONF" -d "$SRV"; then
    expect_grep "$ERR" 'Syntax OK' "(a) apache2 -t: Syntax OK"
fi
apache_start "$CONF"
st=$?
if [ $st = 0 ]; then
    pass "(a) apache2 started on 127.0.0.1:$PORT"
    expect_exit 0 "$TVC" check --sni-map --format=json --ca-file "$P/ca.pem" "$CONF"
    cp "$OUT" "$T/map.json"
    if json_flat "$T/map.json" > "$T/map.flat"; then
        for name in a.test b.test unknown.test; do
            want=$(map_cert "$T/map.flat" "$name")
            if [ -z "$want" ]; then
                fail "(a) --sni-map names no certificate for $name"
                show "$T/map.json" "tlsvhostc output"
                continue
            fi
            got=$(served_subject "$name")
            expect_eq "$got" "$(subject_of "$want")" \
                "(a) SNI $name: apache2 serves $(basename "$want"), as --sni-map says"
            [ -n "$got" ] || show "$T/.sclient" "s_client output"
        done
        expect_eq "$(map_cert "$T/map.flat" b.test)" "$P/b.test.pem" \
            "(a) --sni-map: b.test is answered by b.test.pem"
        expect_eq "$(map_cert "$T/map.flat" unknown.test)" "$P/a.test.pem" \
            "(a) --sni-map: an unknown name gets the first vhost"
    else
        fail "(a) tlsvhostc --format=json printed invalid JSON"
        show "$T/map.json" stdout
    fi
    expect_exit 0 "$TVC" check --ca-file "$P/ca.pem" "$CONF"
else
    fail "(a) apache2 did not start (status ${ASTATUS:-none}, apache_start $st)"
    apache_show_logs
fi
apache_stop

# ---- (b) a key that does not match ------------------------------------------------------

say "# (b) b.test with a key of another certificate"
conf_b() {
    write_conf "$1" \
        "$(vhost a.test "$P/a.test.pem" "$P/a.test.key")" \
        "$(vhost b.test "$P/b.test.pem" "$P/other.key")"
}
AP_RETRY=conf_b
CONF=$SRV/b.conf
conf_b "$CONF"

if expect_exit 0 "$APACHE2" -t -f "$CONF" -d "$SRV"; then
    expect_grep "$ERR" 'Syntax OK' "(b) apache2 -t: Syntax OK (configtest does not load keys)"
fi
apache_start "$CONF"
st=$?
if [ $st = 1 ]; then
    pass "(b) apache2 fails at start (exit status $ASTATUS)"
    expect_grep "$(ap_errlog)" 'AH02565' "(b) the ErrorLog has AH02565"
else
    fail "(b) apache2 was expected to fail at start (apache_start $st)"
    apache_show_logs
fi
apache_stop
expect_exit 1 "$TVC" check --ca-file "$P/ca.pem" "$CONF"
expect_grep "$OUT" "(^|/)b\\.conf:[0-9]+:5: error: .*\\[key-mismatch\\]" "(b) tlsvhostc: [key-mismatch]"
expect_grep "$OUT" 'AH02565' "(b) tlsvhostc names AH02565"

# ---- (c) must-staple without SSLUseStapling ---------------------------------------------

say "# (c) a must-staple certificate, SSLUseStapling not set"
conf_c() {
    write_conf "$1" "$(vhost c.test "$P/c.test.pem" "$P/c.test.key")"
}
AP_RETRY=conf_c
CONF=$SRV/c.conf
conf_c "$CONF"

if expect_exit 0 "$APACHE2" -t -f "$CONF" -d "$SRV"; then
    expect_grep "$ERR" 'Syntax OK' "(c) apache2 -t: Syntax OK"
fi
apache_start "$CONF"
st=$?
case $st in
0)
    say "(c) observed: apache2 starts with a must-staple certificate and stapling off"
    got=$(served_subject c.test -status)
    expect_eq "$got" "$(subject_of "$P/c.test.pem")" "(c) SNI c.test gets the must-staple certificate"
    expect_grep "$T/.sclient" '^OCSP response: no response sent' \
        "(c) no OCSP response is stapled (s_client -status: no response sent)"
    ;;
1)
    say "(c) observed: apache2 refuses to start"
    pass "(c) apache2 fails at start (exit status $ASTATUS)"
    apache_show_logs
    ;;
*)
    fail "(c) apache2 neither started nor failed within 10 s"
    apache_show_logs
    ;;
esac
apache_stop
expect_exit 1 "$TVC" check --ca-file "$P/ca.pem" "$CONF"
expect_grep "$OUT" "(^|/)c\\.conf:[0-9]+:5: error: .*SSLUseStapling is off.*\\[must-staple\\]" \
    "(c) tlsvhostc: [must-staple] (SSLUseStapling is off)"

finish
