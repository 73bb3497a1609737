#!/bin/bash
# The runtime against real OpenSSL clients: a mod_ssl config with five
# vhosts on one port (an RSA+EC pair of certificates, a TLS 1.2-only
# policy, a wildcard alias, a glob alias), a second port with
# SSLStrictSNIVHostCheck on and a mod_gnutls vhost on a third that staples
# an OCSP response file is written as C by
# `emit --target=runtime`, compiled with -Wall -Wextra -Werror together with
# examples/runtime/server.c against the built library, and started on
# 127.0.0.1. Then, and again with `tlsvhostc serve` on the same config:
#
#   - each name (ServerName, alias, wildcard, glob, mixed case) gets its
#     vhost's certificate (openssl s_client -servername) and the vhost's
#     name as the HTTP body (curl, through libcurl);
#   - an unknown name and no name get the first vhost (the default), and an
#     unknown name is refused with unrecognized_name on the strict port;
#   - the TLS 1.2-only vhost refuses TLS 1.3 and completes TLS 1.2, while
#     the default vhost completes TLS 1.3 on the same port;
#   - ALPN offers a vhost's Protocols in its order, http/1.1 alone for
#     one without, refusing an h2-only client there;
#   - the EC certificate is served to an ECDSA-only client, the RSA one
#     otherwise;
#   - the OCSP response file is stapled (s_client -status), and nothing
#     where none is configured;
#   - serve answers 421 when Host names another vhost than SNI did;
#   - a port no vhost listens on is served by the main server's own TLS
#     (SSLEngine on and a certificate in the server config);
#   - a CRL directory the runtime cannot load is convert-lossy at its line: nothing
#     written without --allow-lossy, the rest written with it;
#   - a key that does not match its certificate stops both from starting,
#     with the vhost and the file named.
#
# Needs cc (the configure-time compiler, $CC) and openssl and curl; the
# library is the build tree's (TVC_RT_LIB: its directory with .libs/).
. "$(dirname "$0")/lib.sh"

need_tool openssl curl
CC=${CC:-cc}
BUILD=${TVC_BUILDDIR:-$(dirname "$TVC")}
RTLIB=$BUILD/.libs/libtlsvhost-runtime.a
if [ ! -f "$RTLIB" ]; then
    fail "the runtime library is not built ('$RTLIB'): run make"
    finish
fi

P=$T/pki
mkdir -p "$P"
ossl req -x509 -newkey rsa:2048 -nodes -keyout "$P/ca.key" -out "$P/ca.pem" \
    -days 400 -subj "/CN=TVC Runtime Test CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
# leaf FILE KEYTYPE SAN...: $P/FILE.pem and .key, CN = FILE
leaf() {
    local f=$1 kt=$2 san
    shift 2
    san=$(printf 'DNS:%s,' "$@")
    if [ "$kt" = rsa ]; then
        ossl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$P/$f.key"
    else
        ossl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$P/$f.key"
    fi
    chmod 600 "$P/$f.key"
    printf 'basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\nsubjectAltName=%s\n' \
        "${san%,}" > "$P/$f.ext"
    ossl req -new -key "$P/$f.key" -subj "/CN=$f" -out "$P/$f.csr"
    ossl x509 -req -in "$P/$f.csr" -CA "$P/ca.pem" -CAkey "$P/ca.key" -days 200 \
        -set_serial "0x$(openssl rand -hex 8)" -extfile "$P/$f.ext" -out "$P/$f.pem"
}
leaf a-rsa rsa a.test www.a.test
leaf a-ec ec a.test www.a.test
leaf b ec b.test
leaf w rsa w.test '*.w.test' '*.y.w.test'
leaf g rsa glob.test glob-7.test
leaf st ec st.test
leaf s rsa s.test
# An OCSP response for st.test's certificate, signed by the CA.
printf 'V\t300101000000Z\t\t%s\tunknown\t/CN=st\n' \
    "$(openssl x509 -in "$P/st.pem" -noout -serial | cut -d= -f2)" > "$P/index.txt"
ossl ocsp -index "$P/index.txt" -rsigner "$P/ca.pem" -rkey "$P/ca.key" -CA "$P/ca.pem" \
    -issuer "$P/ca.pem" -cert "$P/st.pem" -respout "$P/st.ocsp" -ndays 1

pick_port; P1=$PORT
pick_port; P2=$PORT
pick_port; P3=$PORT
conf() { # conf FILE KEY-OF-A
    cat > "$1" <<EOF
ServerRoot "$T"
LoadModule ssl_module modules/mod_ssl.so
LoadModule gnutls_module modules/mod_gnutls.so
Listen 127.0.0.1:$P1
Listen 127.0.0.1:$P2
Listen 127.0.0.1:$P3
<VirtualHost *:$P1>
    ServerName a.test
    ServerAlias www.a.test
    SSLEngine on
    SSLCertificateFile $P/a-rsa.pem
    SSLCertificateKeyFile $2
    SSLCertificateFile $P/a-ec.pem
    SSLCertificateKeyFile $P/a-ec.key
</VirtualHost>
<VirtualHost *:$P1>
    ServerName b.test
    SSLEngine on
    SSLProtocol -all +TLSv1.2
    SSLCipherSuite ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384
    SSLHonorCipherOrder on
    SSLCertificateFile $P/b.pem
    SSLCertificateKeyFile $P/b.key
</VirtualHost>
<VirtualHost *:$P1>
    ServerName w.test
    ServerAlias *.w.test
    Protocols http/1.1 h2
    SSLEngine on
    SSLCertificateFile $P/w.pem
    SSLCertificateKeyFile $P/w.key
</VirtualHost>
<VirtualHost *:$P1>
    ServerName glob.test
    ServerAlias gl?b-*.test
    SSLEngine on
    SSLCertificateFile $P/g.pem
    SSLCertificateKeyFile $P/g.key
</VirtualHost>
<VirtualHost *:$P2>
    ServerName s.test
    SSLEngine on
    SSLStrictSNIVHostCheck on
    SSLCertificateFile $P/s.pem
    SSLCertificateKeyFile $P/s.key
</VirtualHost>
# mod_ssl staples only what it fetches; mod_gnutls can staple a file.
<VirtualHost *:$P3>
    ServerName st.test
    GnuTLSEnable on
    GnuTLSCertificateFile $P/st.pem
    GnuTLSKeyFile $P/st.key
    GnuTLSOCSPStapling on
    GnuTLSOCSPResponseFile $P/st.ocsp
</VirtualHost>
EOF
}
conf "$T/httpd.conf" "$P/a-rsa.key"
conf "$T/bad.conf" "$P/b.key"

# ---- emit and compile -------------------------------------------------------
# Exit 1: the glob alias is a cert-name-mismatch (no certificate name can
# cover a glob); the runtime still serves it as httpd does.
if expect_exit 1 "$TVC" emit --target=runtime --ca-file "$P/ca.pem" -o "$T/vhosts.c" "$T/httpd.conf"; then
    expect_no_grep "$ERR" 'convert-lossy|error: .*\[(key|chain|cipher|sni)' \
        "emit finds nothing the runtime cannot express, and no other error"
    expect_grep "$T/vhosts.c" 'tlsvhost_config' "the emitted source defines tlsvhost_config"
    expect_grep "$T/vhosts.c" 'ECDHE-ECDSA-AES128-GCM-SHA256' \
        "the emitted source carries b.test's suites by their OpenSSL names"
    expect_grep "$T/vhosts.c" '\{"http/1.1", "h2"\}' \
        "the emitted source carries w.test's Protocols (ABI 2's ext array)"
fi
# shellcheck disable=SC2086
if $CC ${RT_CFLAGS:-} -std=c11 -Wall -Wextra -Werror -I"$TVC_SRCDIR/runtime" \
        -o "$T/server" "$TVC_SRCDIR/examples/runtime/server.c" "$T/vhosts.c" "$RTLIB" \
        ${RT_LDFLAGS:-} -lssl -lcrypto > "$T/cc.out" 2>&1; then
    pass "examples/runtime/server.c and the emitted vhosts.c compile with -Werror"
else
    fail "compiling the runtime example failed"
    show "$T/cc.out" "cc output"
    finish
fi

trap 'stop_server; cleanup' EXIT
# start NAME CMD...: starts a server in the background; waits until a TLS
# handshake on port P1 works.
start() {
    local what=$1
    shift
    "$@" > "$T/server.out" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 100); do
        if openssl s_client -connect "127.0.0.1:$P1" -servername a.test </dev/null \
                > /dev/null 2>&1; then
            pass "$what starts and completes a handshake"
            return 0
        fi
        kill -0 "$SERVER_PID" 2>/dev/null || break
        sleep 0.1
    done
    fail "$what did not start"
    show "$T/server.out" "server output"
    stop_server
    return 1
}

# sclient PORT [ARGS...]: one handshake; $T/.sc holds the output.
sclient() {
    local port=$1
    shift
    timeout 10 openssl s_client -connect "127.0.0.1:$port" "$@" < /dev/null > "$T/.sc" 2>&1
}
subject_cn() {
    openssl x509 -noout -subject -nameopt RFC2253 < "$T/.sc" 2>/dev/null | sed 's/^subject=CN=//'
}
expect_cert() { # expect_cert SNI WANT-CN [ARGS...]
    local sni=$1 want=$2 got
    shift 2
    if [ -n "$sni" ]; then sclient "$P1" -servername "$sni" "$@"; else sclient "$P1" -noservername "$@"; fi
    got=$(subject_cn)
    if [ "$got" = "$want" ]; then
        pass "SNI '${sni:-(none)}' $* gets the certificate $want"
    else
        fail "SNI '${sni:-(none)}' $*: expected the certificate $want, got '${got:-no handshake}'"
        show "$T/.sc" s_client
    fi
}

routing() {
    local who=$1
    # OpenSSL clients list ECDSA signatures first, so get the EC certificate
    expect_cert a.test a-ec
    expect_cert WWW.A.Test a-ec
    expect_cert a.test a-rsa -sigalgs rsa_pss_rsae_sha256:RSA+SHA256
    expect_cert a.test a-rsa -tls1_2 -cipher ECDHE-RSA-AES128-GCM-SHA256
    expect_cert b.test b
    expect_cert w.test w
    expect_cert x.y.w.test w
    expect_cert deep.er.w.test w
    expect_cert glob-7.test g
    expect_cert unknown.test a-ec
    expect_cert "" a-ec
    # per-vhost policy after SNI selection
    if sclient "$P1" -servername b.test -tls1_3; then
        fail "$who: b.test (TLS 1.2 only) completed a TLS 1.3 handshake"
    else
        pass "$who: b.test refuses TLS 1.3"
    fi
    if sclient "$P1" -servername b.test -tls1_2 && grep -q 'ECDHE-ECDSA-AES128-GCM-SHA256' "$T/.sc"; then
        pass "$who: b.test completes TLS 1.2 with its first suite"
    else
        fail "$who: b.test TLS 1.2 handshake"
        show "$T/.sc" s_client
    fi
    # ALPN: w.test says `Protocols http/1.1 h2`, the others nothing
    # (http/1.1 only)
    if sclient "$P1" -servername x.w.test -alpn h2 && grep -q '^ALPN protocol: h2' "$T/.sc" &&
            sclient "$P1" -servername w.test -alpn h2,http/1.1 &&
            grep -q '^ALPN protocol: http/1.1' "$T/.sc"; then
        pass "$who: w.test gives h2 to an h2-only client, http/1.1 first by its order"
    else
        fail "$who: ALPN on w.test"
        show "$T/.sc" s_client
    fi
    if ! sclient "$P1" -servername b.test -alpn h2 && grep -q 'no application protocol' "$T/.sc"
    then
        pass "$who: b.test (no Protocols) refuses an h2-only client"
    else
        fail "$who: b.test accepted an h2-only client"
        show "$T/.sc" s_client
    fi
    if sclient "$P1" -servername a.test -tls1_3 && grep -q 'TLSv1.3' "$T/.sc"; then
        pass "$who: a.test completes TLS 1.3 on the same port"
    else
        fail "$who: a.test TLS 1.3 handshake"
        show "$T/.sc" s_client
    fi
    # stapling, on the mod_gnutls port
    sclient "$P3" -servername st.test -status
    expect_grep "$T/.sc" 'OCSP Response Status: successful' "$who: st.test staples its OCSP response file"
    sclient "$P1" -servername w.test -status
    expect_grep "$T/.sc" 'OCSP response: no response sent' "$who: w.test staples nothing"
    # strict SNI on the second port
    if sclient "$P2" -servername nope.test; then
        fail "$who: strict port accepted an unknown name"
    else
        expect_grep "$T/.sc" 'unrecognized name' "$who: strict port refuses an unknown name (unrecognized_name)"
    fi
    # libcurl: the body names the vhost
    for n in a.test b.test x.w.test glob.test; do
        body=$(curl -sS --max-time 10 --cacert "$P/ca.pem" \
            --resolve "$n:$P1:127.0.0.1" "https://$n:$P1/" 2> "$T/curl.err")
        case $n in x.w.test) want=w.test ;; *) want=$n ;; esac
        if [ "$body" = "$want" ]; then
            pass "$who: curl https://$n/ is answered by $want"
        else
            fail "$who: curl https://$n/: expected '$want', got '$body'"
            show "$T/curl.err" "curl stderr"
        fi
    done
}

# ---- the compiled example ----------------------------------------------------------
# The example serves one port: P1's site. P2 is checked through serve.
if start "examples/runtime/server" "$T/server" 127.0.0.1 "$P1" "$P1"; then
    "$T/server" 127.0.0.1 "$P2" "$P2" > "$T/server2.out" 2>&1 &
    S2=$!
    "$T/server" 127.0.0.1 "$P3" "$P3" > "$T/server3.out" 2>&1 &
    S3=$!
    sleep 0.3
    routing example
    kill "$S2" "$S3" 2>/dev/null
    wait "$S2" "$S3" 2>/dev/null
    stop_server
fi

# ---- tlsvhostc serve ------------------------------------------------------------------
if start "tlsvhostc serve" "$TVC" serve --ca-file "$P/ca.pem" --listen "127.0.0.1:$P1" "$T/httpd.conf"; then
    "$TVC" serve --ca-file "$P/ca.pem" --listen "127.0.0.1:$P2" "$T/httpd.conf" > "$T/serve2.out" 2>&1 &
    S2=$!
    "$TVC" serve --ca-file "$P/ca.pem" --listen "127.0.0.1:$P3" "$T/httpd.conf" > "$T/serve3.out" 2>&1 &
    S3=$!
    sleep 0.5
    routing serve
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 --cacert "$P/ca.pem" \
        --resolve "a.test:$P1:127.0.0.1" -H "Host: b.test" "https://a.test:$P1/")
    if [ "$code" = 421 ]; then
        pass "serve: Host b.test on an a.test connection is 421 Misdirected Request"
    else
        fail "serve: Host b.test over SNI a.test: expected 421, got $code"
    fi
    kill "$S2" "$S3" 2>/dev/null
    wait "$S2" "$S3" 2>/dev/null
    stop_server
    expect_no_grep "$T/server.out" 'Sanitizer|runtime error' "serve ran clean under the sanitizers"
fi

# expect_a_test WHAT: a request for https://a.test on P1 answers "a.test".
expect_a_test() {
    local body
    body=$(curl -sS --max-time 10 --cacert "$P/ca.pem" --resolve "a.test:$P1:127.0.0.1" \
        "https://a.test:$P1/" 2> "$T/curl.err")
    if [ "$body" = a.test ]; then
        pass "$1"
    else
        fail "$1: expected 'a.test', got '$body'"
        show "$T/curl.err" "curl stderr"
    fi
}

# ---- the main server's own TLS (no vhost on the port) -------------------------------------
cat > "$T/main.conf" <<EOF
ServerRoot "$T"
LoadModule ssl_module modules/mod_ssl.so
ServerName a.test
Listen 127.0.0.1:$P1
SSLEngine on
SSLCertificateFile $P/a-rsa.pem
SSLCertificateKeyFile $P/a-rsa.key
EOF
if start "tlsvhostc serve (main server)" "$TVC" serve --ca-file "$P/ca.pem" \
        --listen "127.0.0.1:$P1" "$T/main.conf"; then
    expect_a_test "serve: the main server's SSLEngine on and certificate serve the port"
    stop_server
fi

# ---- one TLS address set: serve it wherever --listen points (issue 10, 19) -------------
# The config says *:443; the test listens on a free port. With one TLS site
# there is nothing to choose, so no --site is needed; with several there is.
cat > "$T/one.conf" <<EOF
ServerRoot "$T"
LoadModule ssl_module modules/mod_ssl.so
Listen 443
<VirtualHost *:443>
    ServerName a.test
    SSLEngine on
    SSLCertificateFile $P/a-rsa.pem
    SSLCertificateKeyFile $P/a-rsa.key
</VirtualHost>
EOF
if start "tlsvhostc serve (one site, no --site)" "$TVC" serve --ca-file "$P/ca.pem" \
        --listen "127.0.0.1:$P1" "$T/one.conf"; then
    expect_a_test "serve: the only TLS site (*:443) is served on --listen 127.0.0.1:$P1 without --site"
    stop_server
fi
pick_port; P4=$PORT
if expect_exit 2 "$TVC" serve --ca-file "$P/ca.pem" --max-connections 1 \
        --listen "127.0.0.1:$P4" "$T/httpd.conf"; then
    expect_grep "$ERR" 'choose one with --site' \
        "serve: several TLS sites and a --listen that matches none asks for --site"
fi

# ---- what the runtime cannot do: convert-lossy, nothing written ------------------------------
cat > "$T/lossy.conf" <<EOF
ServerRoot "$T"
LoadModule ssl_module modules/mod_ssl.so
Listen 443
<VirtualHost *:443>
    ServerName a.test
    SSLEngine on
    SSLCertificateFile $P/a-rsa.pem
    SSLCertificateKeyFile $P/a-rsa.key
    SSLVerifyClient require
    SSLCACertificateFile $P/ca.pem
    SSLCARevocationPath $P
</VirtualHost>
EOF
if expect_exit 2 "$TVC" emit --target=runtime --ca-file "$P/ca.pem" -o "$T/lossy.c" "$T/lossy.conf"; then
    expect_grep "$ERR" 'lossy\.conf:11:5: error: .*CRL directory.*\[convert-lossy\]' \
        "emit --target=runtime reports the CRL directory it cannot load, at its directive"
    if [ -e "$T/lossy.c" ]; then
        fail "emit --target=runtime wrote $T/lossy.c although the config is lossy"
    else
        pass "emit --target=runtime writes nothing for a lossy config"
    fi
fi
if expect_exit 0 "$TVC" emit --target=runtime --allow-lossy --ca-file "$P/ca.pem" \
        -o "$T/lossy.c" "$T/lossy.conf"; then
    expect_grep "$T/lossy.c" 'TVC_RT_VERIFY_REQUIRE' "--allow-lossy writes the rest (client verification kept)"
fi

# ---- a key that does not match: refused at start, named ---------------------------------
if expect_exit 2 "$TVC" serve --ca-file "$P/ca.pem" --listen "127.0.0.1:$P1" "$T/bad.conf"; then
    expect_grep "$ERR" 'a\.test.*does not match' "serve names the vhost whose key does not match"
fi
if expect_exit 1,2 "$TVC" emit --target=runtime --ca-file "$P/ca.pem" --allow-lossy \
        -o "$T/bad.c" "$T/bad.conf"; then
    expect_grep "$ERR" 'key-mismatch' "emit reports the key mismatch it was given"
fi

finish
