#!/bin/bash
# What the real servers do at start, against what `tlsvhostc check` says,
# for the checks where apachectl -t and a start disagree (issue 10):
#
#   (d) a certificate file with the leaf after its issuer
#       (`cat ca.pem a.pem`): -t passes, mod_ssl fails with AH02565;
#       tlsvhostc: one chain-order error, no key-mismatch & co.
#   (e) SSLUseStapling on without SSLStaplingCache: -t passes, the start
#       fails with AH01958; with a cache it starts.
#   (f) no SSLProtocol: mod_ssl's default names TLSv1, but OpenSSL 3 at
#       its default security level refuses it (s_client -tls1 fails), so
#       no protocol-legacy; with @SECLEVEL=0 TLSv1 negotiates: a warning.
#   (g) key permissions (as root): 0640 root:ssl-cert is Debian's
#       convention and the server starts with it: no finding; 0640 with the
#       server's group (www-data, Debian's default) or 0644: a warning.
#   (h) mod_md: a vhost without certificate covered by MDomain starts with
#       the fallback certificate (AH10085) and answers 503; one that is not
#       covered fails with AH02572.
#   (i) mod_gnutls (../shared/oracle): GnuTLSOCSPStapling on without an
#       OCSP cache fails at start.
#
# The PKI is made with the openssl CLI in a temporary directory; apache2
# runs in the foreground on 127.0.0.1 at a free port and is stopped after
# each case. A missing apache2 is a failure; a missing oracle module or a
# run as non-root skips only that case, and says so.
. "$(dirname "$0")/lib.sh"

MODDIR=${APACHE2_MODDIR:-/usr/lib/apache2/modules}
ORACLE=$(oracle_dir)

need_apache2
need_tool openssl
BUILTIN=$("$APACHE2" -l 2>/dev/null)
# load MOD...: LoadModule lines for modules not compiled in.
load() {
    local m
    for m in "$@"; do
        case $BUILTIN in *"mod_$m.c"*) continue ;; esac
        [ -f "$MODDIR/mod_$m.so" ] || die "$MODDIR/mod_$m.so is missing (Debian package apache2)"
        printf 'LoadModule %s_module %s/mod_%s.so\n' "$m" "$MODDIR" "$m"
    done
}

SRV=$T/srv
P=$T/pki
mkdir -p "$SRV/md" "$P"

# start CONF: 0 running (APID), 1 exited (error.log says why, apache2's own
# output appended), 2 hung.
start() {
    apache_start "$1"
    case $? in
    0) return 0 ;;
    2) return 2 ;;
    esac
    cat "$(ap_stdout)" >> "$(ap_errlog)"
    return 1
}

# expect_start CONF WHAT / expect_no_start CONF LOGRE WHAT: -t passes in
# both; then the start succeeds, or fails with LOGRE in the error log.
configtest() {
    expect_exit 0 "$APACHE2" -t -f "$1" -d "$SRV" && expect_grep "$ERR" 'Syntax OK' "$2: apache2 -t passes"
}
expect_start() {
    configtest "$1" "$2"
    if start "$1"; then
        pass "$2: apache2 starts"
    else
        fail "$2: apache2 did not start"
        show "$(ap_errlog)" error.log
    fi
}
expect_no_start() {
    configtest "$1" "$3"
    if start "$1"; then
        fail "$3: apache2 started, expected it to fail"
        apache_stop
    else
        pass "$3: apache2 fails at start"
        expect_grep "$(ap_errlog)" "$2" "$3: the error log has /$2/"
    fi
}

# ---- PKI -----------------------------------------------------------------------

ossl req -x509 -newkey rsa:2048 -nodes -keyout "$P/ca.key" -out "$P/ca.pem" \
    -days 120 -subj "/O=tlsvhostc tests/CN=TVC Start Facts CA" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign"
# leaf NAME [EXT]: $P/NAME.pem (issued by ca) and $P/NAME.key (0600)
leaf() {
    ossl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$P/$1.key"
    chmod 600 "$P/$1.key"
    printf 'basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:%s\n%s\n' \
        "$1" "${2:-}" > "$P/$1.ext"
    ossl req -new -key "$P/$1.key" -subj "/CN=$1" -out "$P/$1.csr"
    ossl x509 -req -in "$P/$1.csr" -CA "$P/ca.pem" -CAkey "$P/ca.key" \
        -set_serial "0x$(openssl rand -hex 8)" -days 90 -extfile "$P/$1.ext" -out "$P/$1.pem"
}
leaf a.test "authorityInfoAccess=OCSP;URI:http://127.0.0.1:9/"

pick_port

# conf FILE [SERVER_LINES] [VHOST_LINES]: mod_ssl, one vhost a.test.
conf() {
    local LOADS
    LOADS="$(load mpm_event authz_core socache_shmcb ssl)
"
    apache_conf "$1" "SSLSessionCache \"shmcb:$SRV/run/ssl_scache(512000)\"" "${2:-}" \
        "<VirtualHost 127.0.0.1:$PORT>
    ServerName a.test
    SSLEngine on
${3:-}
</VirtualHost>"
}
CERT="    SSLCertificateFile $P/a.test.pem
    SSLCertificateKeyFile $P/a.test.key"
# check CONF EXIT...: tlsvhostc check with the test CA.
check() {
    local c=$1
    shift
    expect_exit "$@" "$TVC" check --ca-file "$P/ca.pem" "$c"
}

# ---- (d) the leaf after its issuer ------------------------------------------------------

say "# (d) SSLCertificateFile holds the CA, then the leaf"
cat "$P/ca.pem" "$P/a.test.pem" > "$P/bundle.pem"
conf "$SRV/d.conf" "" "    SSLCertificateFile $P/bundle.pem
    SSLCertificateKeyFile $P/a.test.key"
expect_no_start "$SRV/d.conf" 'AH02565' "(d)"
check "$SRV/d.conf" 1
expect_grep "$OUT" 'error: the leaf for key .* is certificate 2 of .*AH02565.*\[chain-order\]' \
    "(d) tlsvhostc: one chain-order error naming AH02565"
expect_no_grep "$OUT" '\[(key-mismatch|cert-name-mismatch|chain-extra)\]' \
    "(d) tlsvhostc: not the consequences (key-mismatch, cert-name-mismatch, chain-extra)"
conf "$SRV/d2.conf" "" "    SSLCertificateFile $P/a.test.pem
    SSLCertificateKeyFile $P/a.test.key"
check "$SRV/d2.conf" 0
expect_no_grep "$OUT" '\[chain-order\]' "(d) leaf first: no chain-order"

# ---- (e) stapling without a cache -------------------------------------------------------

say "# (e) SSLUseStapling on, no SSLStaplingCache"
conf "$SRV/e.conf" "" "$CERT
    SSLUseStapling on"
expect_no_start "$SRV/e.conf" 'AH01958' "(e)"
check "$SRV/e.conf" 1
expect_grep "$OUT" 'e\.conf:[0-9]+:5: error: SSLUseStapling is on but no SSLStaplingCache.*AH01958.*\[staple-no-cache\]' \
    "(e) tlsvhostc: [staple-no-cache] at the SSLUseStapling line"
conf "$SRV/e2.conf" "SSLStaplingCache shmcb:$SRV/run/stapling(32768)" "$CERT
    SSLUseStapling on"
expect_start "$SRV/e2.conf" "(e) with SSLStaplingCache"
apache_stop
check "$SRV/e2.conf" 0,1
expect_no_grep "$OUT" '\[staple-no-cache\]' "(e) with SSLStaplingCache: no staple-no-cache"

# ---- (f) legacy protocols -----------------------------------------------------------------

# tls_version VERSION_OPT [CIPHER]: the protocol s_client negotiates, ""
# if the handshake fails. ("New, X, Cipher is" names the cipher's version;
# the Protocol line is there for failed handshakes too.)
tls_version() {
    timeout -k 2 10 openssl s_client -connect "127.0.0.1:$PORT" -servername a.test "$1" \
        ${2:+-cipher "$2"} < /dev/null > "$T/.sclient" 2>&1
    grep -q '^New, .*Cipher is (NONE)' "$T/.sclient" && return
    sed -n 's/^ *Protocol *: *\(TLSv[0-9.]*\)$/\1/p' "$T/.sclient" | head -n 1
}
say "# (f) no SSLProtocol line"
conf "$SRV/f.conf" "" "$CERT"
expect_start "$SRV/f.conf" "(f) mod_ssl defaults"
if [ -n "$APID" ]; then
    got=$(tls_version -tls1 'DEFAULT:@SECLEVEL=0')
    expect_eq "$got" "" "(f) observed: s_client -tls1 gets no TLSv1 handshake (OpenSSL's security level)"
    expect_eq "$(tls_version -tls1_2)" "TLSv1.2" "(f) s_client -tls1_2 negotiates TLSv1.2"
fi
apache_stop
check "$SRV/f.conf" 0
expect_no_grep "$OUT" '\[protocol-legacy\]' "(f) tlsvhostc: no protocol-legacy for the default"
conf "$SRV/f2.conf" "" "$CERT
    SSLCipherSuite DEFAULT:@SECLEVEL=0"
expect_start "$SRV/f2.conf" "(f) @SECLEVEL=0"
if [ -n "$APID" ]; then
    expect_eq "$(tls_version -tls1 'DEFAULT:@SECLEVEL=0')" "TLSv1" \
        "(f) observed: with @SECLEVEL=0, s_client -tls1 negotiates TLSv1"
fi
apache_stop
check "$SRV/f2.conf" 0
expect_grep "$OUT" 'warning: TLSv1 is enabled .*\[protocol-legacy\]' \
    "(f) tlsvhostc: protocol-legacy warning when TLSv1 really negotiates"

# ---- (g) key permissions ------------------------------------------------------------------

say "# (g) key permissions"
if [ "$(id -u)" != 0 ]; then
    skip "(g) needs root to chown keys (run make check as root); not checked"
elif ! getent group ssl-cert > /dev/null || ! getent group www-data > /dev/null; then
    fail "(g) the groups ssl-cert and www-data are needed: install ssl-cert (./bootstrap)"
else
    cp "$P/a.test.key" "$P/g.key"
    chown root:ssl-cert "$P/g.key"
    chmod 0640 "$P/g.key"
    conf "$SRV/g.conf" "User www-data
Group www-data" "    SSLCertificateFile $P/a.test.pem
    SSLCertificateKeyFile $P/g.key"
    expect_start "$SRV/g.conf" "(g) key 0640 root:ssl-cert"
    apache_stop
    check "$SRV/g.conf" 0
    expect_no_grep "$OUT" '\[key-permissions\]' "(g) 0640 root:ssl-cert: no key-permissions"
    chown root:www-data "$P/g.key"
    check "$SRV/g.conf" 0
    expect_grep "$OUT" "warning: private key file '.*g\\.key' is readable by its group 'www-data', the group httpd runs as .*\\[key-permissions\\]" \
        "(g) 0640 root:www-data with Group www-data: key-permissions"
    # Debian's apache2.conf says Group ${APACHE_RUN_GROUP}; envvars: www-data.
    printf 'export APACHE_RUN_GROUP=www-data\n' > "$SRV/envvars"
    conf "$SRV/g3.conf" 'Group ${APACHE_RUN_GROUP}' "    SSLCertificateFile $P/a.test.pem
    SSLCertificateKeyFile $P/g.key"
    expect_exit 0 "$TVC" check --ca-file "$P/ca.pem" --env-file "$SRV/envvars" "$SRV/g3.conf"
    expect_grep "$OUT" "its group 'www-data'.*\\[key-permissions\\]" \
        "(g) Group \${APACHE_RUN_GROUP} from --env-file: key-permissions"
    chown root:root "$P/g.key"
    chmod 0644 "$P/g.key"
    check "$SRV/g.conf" 0
    expect_grep "$OUT" "warning: private key file '.*g\\.key' is readable by everyone \\(mode 0644\\)" \
        "(g) 0644: key-permissions (everyone)"
fi

# ---- (h) mod_md ---------------------------------------------------------------------------

say "# (h) mod_md: a vhost without certificate"
if [ ! -f "$MODDIR/mod_md.so" ]; then
    fail "(h) $MODDIR/mod_md.so is missing (Debian package apache2)"
else
    MD="LoadModule md_module $MODDIR/mod_md.so
MDStoreDir $SRV/md
MDRenewMode manual"
    conf "$SRV/h.conf" "$MD
MDomain a.test" ""
    expect_start "$SRV/h.conf" "(h) MDomain a.test"
    if [ -n "$APID" ]; then
        expect_grep "$(ap_errlog)" 'AH10085' "(h) the error log has AH10085 (fallback, 503)"
        printf 'GET / HTTP/1.1\r\nHost: a.test\r\nConnection: close\r\n\r\n' |
            timeout -k 2 10 openssl s_client -quiet -connect "127.0.0.1:$PORT" \
                -servername a.test > "$T/.h.resp" 2>/dev/null
        expect_grep "$T/.h.resp" '^HTTP/1\.1 503' "(h) a.test answers 503 until mod_md has a certificate"
    fi
    apache_stop
    check "$SRV/h.conf" 0
    expect_grep "$OUT" 'note: .*mod_md manages it.*AH10085.*\[no-certificate\]' \
        "(h) tlsvhostc: a note, not an error"
    conf "$SRV/h2.conf" "$MD
MDomain other.test" ""
    expect_no_start "$SRV/h2.conf" 'AH02572' "(h) MDomain other.test"
    check "$SRV/h2.conf" 1
    expect_grep "$OUT" 'error: TLS is on for .* but no certificate is configured.*AH02572.*\[no-certificate\]' \
        "(h) not covered: no-certificate error"
fi

# ---- (i) mod_gnutls: stapling without an OCSP cache ----------------------------------------

say "# (i) mod_gnutls, GnuTLSOCSPStapling on, no socache_shmcb"
if [ ! -f "$ORACLE/mod_gnutls.so" ]; then
    skip "(i) $ORACLE/mod_gnutls.so is missing (see ../shared/oracle/README); not checked"
else
    cat "$P/a.test.pem" "$P/ca.pem" > "$P/a.full.pem"
    # gconf FILE SERVER_LINES VHOST_LINES
    gconf() {
        local LOADS
        LOADS="$(load mpm_event authz_core)
LoadModule gnutls_module $ORACLE/mod_gnutls.so
"
        apache_conf "$1" "$2" "<VirtualHost 127.0.0.1:$PORT>
    ServerName a.test
    GnuTLSEnable on
    GnuTLSCertificateFile $P/a.full.pem
    GnuTLSKeyFile $P/a.test.key
$3
</VirtualHost>"
    }
    gconf "$SRV/i.conf" "" "    GnuTLSOCSPStapling on"
    expect_no_start "$SRV/i.conf" 'No OCSP response cache available' "(i)"
    check "$SRV/i.conf" 1
    expect_grep "$OUT" 'error: GnuTLSOCSPStapling is on but there is no OCSP cache.*\[staple-no-cache\]' \
        "(i) tlsvhostc: [staple-no-cache]"
    gconf "$SRV/i2.conf" "$(load socache_shmcb)" "    GnuTLSOCSPStapling on"
    expect_start "$SRV/i2.conf" "(i) with socache_shmcb"
    apache_stop
    check "$SRV/i2.conf" 0,1
    expect_no_grep "$OUT" '\[staple-no-cache\]' "(i) with socache_shmcb: no staple-no-cache"
fi

finish
