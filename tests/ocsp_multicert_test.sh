#!/bin/bash
# One vhost, an RSA and an ECDSA certificate, each with its own OCSP
# response file (the IR JSON's per-certificate ocsp_response): `ocsp
# fetch` writes both from a real `openssl ocsp` responder, and the runtime
# staples the response of the certificate the connection uses, in TLS 1.2
# (the cipher picks it) and TLS 1.3 (the signature algorithm picks it),
# in `tlsvhostc serve` and in a server built from the emitted C; a
# refreshed file is read again on its own.
. "$(dirname "$0")/lib.sh"
. "$TVC_SRCDIR/tests/ocsp_lib.sh"

need_tool openssl python3
CC=${CC:-cc}
RTLIB=${TVC_BUILDDIR:-$(dirname "$TVC")}/.libs/libtlsvhost-runtime.a
[ -f "$RTLIB" ] || die "the runtime library is not built ('$RTLIB'): run make"

P=$T/pki
mkdir -p "$P"
pick_port
OPORT=$PORT
ca ca "/CN=TVC Multi CA"
signed responder 0x1000 ca 'basicConstraints=CA:FALSE\nextendedKeyUsage=OCSPSigning\n'
EXT="basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:multi.test\nauthorityInfoAccess=OCSP;URI:http://127.0.0.1:$OPORT/\n"
signed rsa 0x5001 ca "$EXT"
signed ec 0x5002 ca "$EXT" ec
index_entry "$P/index.txt" V 5001 /CN=rsa
index_entry "$P/index.txt" V 5002 /CN=ec
ocsp_responder "$P/index.txt" responder ca "$OPORT"

{
    printf 'LoadModule ssl_module /usr/lib/apache2/modules/mod_ssl.so\nListen 443\n'
    printf '<VirtualHost *:443>\n    ServerName multi.test\n    SSLEngine on\n'
    printf '    SSLCertificateFile %s\n    SSLCertificateKeyFile %s\n' "$P/rsa.pem" "$P/rsa.key"
    printf '    SSLCertificateFile %s\n    SSLCertificateKeyFile %s\n' "$P/ec.pem" "$P/ec.key"
    printf '</VirtualHost>\n'
} > "$T/multi.conf"
expect_exit 0 "$TVC" ir "$T/multi.conf"
python3 -c 'import json,sys
ir = json.load(open(sys.argv[1]))
for c in ir["vhosts"][0]["tls"]["certificates"]:
    c["ocsp_response"] = sys.argv[2] + ("/rsa.ocsp" if c["cert"].endswith("rsa.pem") else "/ec.ocsp")
json.dump(ir, open(sys.argv[3], "w"), indent=1)' "$OUT" "$T" "$T/multi.json" ||
    die "cannot write multi.json"
expect_exit 0 "$TVC" ir "$T/multi.json"
expect_grep "$OUT" "\"ocsp_response\": \"$T/ec.ocsp\"" "the IR JSON keeps a certificate's response file"

expect_exit 0 "$TVC" ocsp fetch --ca-file "$P/ca.pem" "$T/multi.json"
expect_grep "$OUT" "^$P/rsa.pem: good, .*wrote '$T/rsa.ocsp'" "ocsp fetch writes the RSA certificate's file"
expect_grep "$OUT" "^$P/ec.pem: good, .*wrote '$T/ec.ocsp'" "ocsp fetch writes the ECDSA certificate's file"

expect_exit 0 "$TVC" check --ca-file "$P/ca.pem" "$T/multi.json"
expect_no_grep "$OUT" "ocsp-" "check verifies each certificate's response file"
sed "s#$T/ec.ocsp#$T/rsa.ocsp#" "$T/multi.json" > "$T/swapped.json"
expect_exit 1 "$TVC" check --ca-file "$P/ca.pem" "$T/swapped.json"
expect_grep "$OUT" "response file '$T/rsa.ocsp' is no valid OCSP answer for certificate '$P/ec.pem': the response is about another certificate.*\[ocsp-bad-response\]" \
    "ocsp-bad-response fires for a certificate's file about the other certificate"
sed "s#$T/ec.ocsp#$T/missing.ocsp#" "$T/multi.json" > "$T/missing.json"
expect_exit 1 "$TVC" check --ca-file "$P/ca.pem" "$T/missing.json"
expect_grep "$OUT" "'$T/missing.ocsp'.*\[file-missing\]" \
    "file-missing fires for a certificate's own response file that is not there"
expect_no_grep "$OUT" "rsa.ocsp.*\[file-missing\]" "file-missing does not fire for the one that is"

expect_exit 2 "$TVC" emit --target=mod_ssl --ca-file "$P/ca.pem" "$T/multi.json"
expect_grep "$ERR" "OCSP response file per certificate: '$T/ec.ocsp' \(for '$P/ec.pem'\) is left out.*\[convert-lossy\]" \
    "emitting mod_ssl says a certificate's own response file is lost"

# served TAG ARGS...: the staple for s_client ARGS is the response about
# the certificate served, serial 5001 (RSA) or 5002 (ECDSA).
served() {
    local tag=$1 want
    shift
    staple "$@" > /dev/null
    case $tag in rsa) want=5001 ;; *) want=5002 ;; esac
    if grep -q "Serial Number: $want" "$T/.sc" && grep -q 'Cert Status: good' "$T/.sc"; then
        pass "$WHAT staples the $tag certificate's own response ($*)"
    else
        fail "$WHAT: no response about serial $want for $*"
        show "$T/.sc" s_client
    fi
}
both() {
    served rsa -tls1_2 -cipher ECDHE-RSA-AES128-GCM-SHA256
    served ec -tls1_2 -cipher ECDHE-ECDSA-AES128-GCM-SHA256
    served rsa -tls1_3 -sigalgs rsa_pss_rsae_sha256
    served ec -tls1_3 -sigalgs ecdsa_secp256r1_sha256
}
pick_port
SPORT=$PORT
SERVE_NAME=multi.test
WHAT=serve
start_serve --ca-file "$P/ca.pem" "$T/multi.json"
both
# A new ECDSA response (another producedAt); the RSA one stays.
rsa_before=$(staple -tls1_3 -sigalgs rsa_pss_rsae_sha256)
ec_before=$(staple -tls1_3 -sigalgs ecdsa_secp256r1_sha256)
sleep 1
ossl ocsp -issuer "$P/ca.pem" -cert "$P/ec.pem" -no_nonce -reqout "$T/req.der"
ossl ocsp -index "$P/index.txt" -rsigner "$P/responder.pem" -rkey "$P/responder.key" \
    -CA "$P/ca.pem" -ndays 1 -reqin "$T/req.der" -respout "$T/ec.new"
mv "$T/ec.new" "$T/ec.ocsp"
sleep 1 # the runtime looks at a file at most once a second
ec_after=$(staple -tls1_3 -sigalgs ecdsa_secp256r1_sha256)
rsa_after=$(staple -tls1_3 -sigalgs rsa_pss_rsae_sha256)
if [ -n "$ec_after" ] && [ "$ec_before" != "$ec_after" ] && [ "$rsa_before" = "$rsa_after" ]; then
    pass "a refreshed ECDSA file is stapled anew, the RSA one stays ($ec_before -> $ec_after)"
else
    fail "after the ECDSA file changed: ECDSA '$ec_before' -> '$ec_after', RSA '$rsa_before' -> '$rsa_after'"
fi
stop_serve

# The same from the emitted C, built with examples/runtime/server.c.
expect_exit 0 "$TVC" emit --target=runtime --ca-file "$P/ca.pem" -o "$T/vhosts.c" "$T/multi.json"
expect_grep "$T/vhosts.c" "\{0, 1, \"$T/ec.ocsp\"\}" "the emitted data names each certificate's file"
# built SOURCE: examples/runtime/server.c and SOURCE, compiled with
# -Werror and started on SPORT.
built() {
    # shellcheck disable=SC2086
    $CC ${RT_CFLAGS:-} -std=c11 -Wall -Wextra -Werror -I"$TVC_SRCDIR/runtime" \
        -o "$T/server" "$TVC_SRCDIR/examples/runtime/server.c" "$1" "$RTLIB" \
        ${RT_LDFLAGS:-} -lssl -lcrypto > "$T/cc.out" 2>&1 || {
        fail "compiling $1 failed"
        show "$T/cc.out" "cc output"
        return 1
    }
    "$T/server" 127.0.0.1 "$SPORT" 443 > "$T/server.out" 2>&1 &
    SERVER_PID=$!
    PIDS="$PIDS $SERVER_PID"
    for _ in $(seq 1 100); do
        port_open "$SPORT" && return 0
        sleep 0.1
    done
    fail "the server built from $1 did not start"
    show "$T/server.out" "server output"
    return 1
}
WHAT="the emitted server"
if built "$T/vhosts.c"; then
    both
    stop_serve
fi
# The same data marked as written for ABI 1, before cert_ocsp: it loads,
# and the certificates' own files are not read.
sed 's/^    TVC_RT_ABI,$/    1,/' "$T/vhosts.c" > "$T/abi1.c"
if built "$T/abi1.c"; then
    staple -tls1_3 > /dev/null
    expect_grep "$T/.sc" 'OCSP response: no response sent' \
        "data of runtime ABI 1 loads; it has no per-certificate files to staple"
    stop_serve
fi
finish
