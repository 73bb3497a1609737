#!/bin/bash
# OCSP against a real responder: `openssl ocsp` started on 127.0.0.1 by
# this test (it binds every interface; we connect to 127.0.0.1 only) and
# stopped by its pid, answering for a good, a revoked and an unknown
# certificate through a delegated responder certificate. Each OCSP ID
# fires where it must and stays silent where it must not:
#
#   - cert-revoked for the revoked certificate, not for the good one;
#   - ocsp-unknown for a certificate the responder does not list;
#   - ocsp-unreachable for a closed port, and for a listener that accepts
#     and never answers (--ocsp-timeout 2 proves the timeout);
#   - ocsp-bad-response for a response file signed by a key the issuer
#     never delegated, for one about another certificate, and for an
#     answer over the size cap; a redirect to file:// is not followed;
#   - ocsp-stale for a response file past its nextUpdate (--now), not
#     before it;
#   - `ocsp fetch` writes verified DER files (--out and in place), exits 1
#     naming the revoked and the unknown certificates, and keeps a good
#     file when the responder is gone;
#   - serve staples the file (s_client -status, TLS 1.2 and 1.3), only to
#     the certificate it is about, reads it again when it changes, and
#     serve --ocsp-refresh fetches it before serving.
#
# Needs openssl and python3 (the silent listener, the misbehaving HTTP
# server).
. "$(dirname "$0")/lib.sh"
. "$TVC_SRCDIR/tests/ocsp_lib.sh"

need_tool openssl python3

P=$T/pki
mkdir -p "$P"
ca ca "/CN=TVC OCSP Test CA"
# A CA the real one never delegated to: its responder signs "wrong".
ca rogue "/CN=TVC OCSP Rogue"

pick_port
OPORT=$PORT
signed responder 0x1000 ca 'basicConstraints=CA:FALSE\nextendedKeyUsage=OCSPSigning\n'
signed rogue-responder 0x1001 rogue 'basicConstraints=CA:FALSE\nextendedKeyUsage=OCSPSigning\n'
for n in good:0x2001 revoked:0x2002 unknown:0x2003 added:0x2004; do
    signed "${n%%:*}.test" "${n#*:}" ca "basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:${n%%:*}.test\nauthorityInfoAccess=OCSP;URI:http://127.0.0.1:$OPORT/\n"
done
# The responder's index (openssl ca's format): good is valid, revoked is
# revoked for key compromise, unknown is not listed.
index_entry "$P/index.txt" V 2001 /CN=good.test
index_entry "$P/index.txt" R 2002 /CN=revoked.test
index_entry "$P/index.txt" V 2004 /CN=added.test

# responder INDEX SIGNER CA: the responder on OPORT.
responder() { ocsp_responder "$1" "$2" "$3" "$OPORT"; }
stop_responder() { stop "$OPID"; }
# A listener that accepts connections and never answers.
silent_listener
PIDS="$PIDS $SILENT_PID"
# A responder that misbehaves over HTTP: /big answers 100 KiB, /redir
# sends libcurl to file://.
pick_port
WEIRD=$PORT
python3 -c 'import http.server,sys
class H(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def answer(self):
        if self.path.startswith("/redir"):
            self.send_response(302); self.send_header("Location", "file:///etc/passwd")
            self.end_headers(); return
        self.send_response(200); self.send_header("Content-Type", "application/ocsp-response")
        self.end_headers(); self.wfile.write(b"0" * 100000)
    do_GET = answer
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0))); self.answer()
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()' "$WEIRD" &
PIDS="$PIDS $!"
pick_port
DEAD=$PORT
for _ in $(seq 1 50); do port_open "$WEIRD" && break; sleep 0.1; done
cp "$P/good.test.pem" "$P/big.test.pem"
cp "$P/good.test.pem" "$P/redir.test.pem"
cp "$P/good.test.pem" "$P/dead.test.pem"
cp "$P/good.test.pem" "$P/silent.test.pem"

# vhost NAME CERT KEY [FORCEURL]: a mod_ssl vhost.
vhost() {
    printf '<VirtualHost *:443>\n    ServerName %s\n    SSLEngine on\n' "$1"
    printf '    SSLCertificateFile %s\n    SSLCertificateKeyFile %s\n' "$P/$2.pem" "$P/$3.key"
    [ -z "${4:-}" ] || printf '    SSLStaplingForceURL %s\n' "$4"
    printf '</VirtualHost>\n'
}
# gvhost NAME CERT RESPONSEFILE: a mod_gnutls vhost stapling a file.
gvhost() {
    printf '<VirtualHost *:443>\n    ServerName %s\n    GnuTLSEnable on\n' "$1"
    printf '    GnuTLSCertificateFile %s\n    GnuTLSKeyFile %s\n' "$P/$2.pem" "$P/$2.key"
    printf '    GnuTLSOCSPResponseFile %s\n</VirtualHost>\n' "$3"
}
head_conf() {
    printf 'LoadModule %s_module /usr/lib/apache2/modules/mod_%s.so\n' ssl ssl gnutls gnutls \
        socache_shmcb socache_shmcb
    printf 'Listen 443\n'
}
{
    head_conf
    vhost good.test good.test good.test
    vhost revoked.test revoked.test revoked.test
    vhost unknown.test unknown.test unknown.test
    vhost dead.test dead.test good.test "http://127.0.0.1:$DEAD/"
    vhost silent.test silent.test good.test "http://127.0.0.1:$SILENT/"
    vhost big.test big.test good.test "http://127.0.0.1:$WEIRD/big"
    vhost redir.test redir.test good.test "http://127.0.0.1:$WEIRD/redir"
} > "$T/online.conf"
{
    head_conf
    vhost good.test good.test good.test
} > "$T/good.conf"

responder "$P/index.txt" responder ca

# ---- check --ocsp -------------------------------------------------------
start=$(date +%s)
expect_exit 1 "$TVC" check --ocsp --ocsp-timeout 2 --ca-file "$P/ca.pem" "$T/online.conf"
took=$(($(date +%s) - start))
cp "$ERR" "$T/online.err"
expect_grep "$OUT" "error: certificate '$P/revoked.test.pem' is revoked since .* \(reason: keyCompromise\).*\[cert-revoked\]" \
    "cert-revoked fires for the revoked certificate, with time and reason"
expect_no_grep "$OUT" "good.test.pem' is revoked" "cert-revoked does not fire for the good certificate"
expect_grep "$OUT" "warning: responder 'http://127.0.0.1:$OPORT/' does not know certificate '$P/unknown.test.pem'.*\[ocsp-unknown\]" \
    "ocsp-unknown fires for the certificate the responder does not list"
expect_no_grep "$OUT" "good.test.pem' \(status unknown\)" "ocsp-unknown does not fire for the good certificate"
expect_grep "$OUT" "warning: no OCSP answer for certificate '$P/dead.test.pem' from responder 'http://127.0.0.1:$DEAD/': .*(refused|connect).*\[ocsp-unreachable\]" \
    "ocsp-unreachable fires for a closed port, with the cause"
expect_grep "$OUT" "warning: no OCSP answer for certificate '$P/silent.test.pem' .*(timed out|Timeout).*\[ocsp-unreachable\]" \
    "ocsp-unreachable fires for a listener that never answers (timeout)"
expect_no_grep "$OUT" "good.test.pem' from responder" "ocsp-unreachable does not fire for the good certificate"
expect_grep "$OUT" "warning: responder 'http://127.0.0.1:$WEIRD/big' is no valid OCSP answer for certificate '$P/big.test.pem': the answer is larger than 65536 bytes.*\[ocsp-bad-response\]" \
    "an answer over the size cap is refused (ocsp-bad-response)"
expect_grep "$OUT" "no OCSP answer for certificate '$P/redir.test.pem' from responder 'http://127.0.0.1:$WEIRD/redir': .*file.*\[ocsp-unreachable\]" \
    "a redirect to file:// is not followed (ocsp-unreachable)"
expect_no_grep "$OUT" "good.test.pem' from responder|responder '[^']*' is no valid OCSP answer for certificate '$P/good.test.pem'" \
    "ocsp-bad-response does not fire for the good answer"
if [ "$took" -le 8 ]; then
    pass "--ocsp-timeout 2 bounds the run ($took s for seven certificates, one silent)"
else
    fail "check --ocsp --ocsp-timeout 2 took $took s"
fi
expect_exit 0 "$TVC" check --ocsp --ca-file "$P/ca.pem" "$T/good.conf"
expect_no_grep "$OUT" "ocsp-|cert-revoked" "a good certificate behind a working responder: no OCSP finding"
expect_exit 1 "$TVC" check --ca-file "$P/ca.pem" "$T/online.conf"
expect_no_grep "$OUT" "ocsp-|cert-revoked" "without --ocsp no responder is asked"

# ---- ocsp fetch --out -----------------------------------------------------
expect_exit 1 "$TVC" ocsp fetch --ocsp-timeout 2 --out "$T/out" --ca-file "$P/ca.pem" "$T/online.conf"
expect_grep "$OUT" "^$P/good.test.pem: good, next update .*: wrote '$T/out/good.test.ocsp'" \
    "ocsp fetch --out writes the good certificate's response"
expect_grep "$OUT" "revoked.test.pem' is revoked.*\[cert-revoked\]" "ocsp fetch names the revoked certificate"
expect_grep "$OUT" "unknown.test.pem' \(status unknown\).*\[ocsp-unknown\]" "ocsp fetch names the unknown certificate"
for n in revoked unknown dead silent big redir; do
    [ ! -e "$T/out/$n.test.ocsp" ] && pass "nothing written for $n.test" || fail "$n.test.ocsp written"
done
verified_good "$T/out/good.test.ocsp" ca good.test "the written response"

# ---- response files, offline ------------------------------------------------
# offline_response SIGNER CERT OUT: what `openssl ocsp` as a responder
# answers for CERT, without the network (-reqin).
offline_response() {
    ossl ocsp -issuer "$P/ca.pem" -cert "$P/$2.pem" -no_nonce -reqout "$T/req.der"
    ossl ocsp -index "$P/index.txt" -rsigner "$P/$1.pem" -rkey "$P/$1.key" -CA "$P/ca.pem" \
        -ndays 1 -reqin "$T/req.der" -respout "$3"
}
offline_response rogue-responder good.test "$T/wrong-signer.ocsp"
offline_response responder revoked.test "$T/other-cert.ocsp"
{
    head_conf
    gvhost good.test good.test "$T/out/good.test.ocsp"
    gvhost signer.test good.test "$T/wrong-signer.ocsp"
    gvhost other.test good.test "$T/other-cert.ocsp"
} > "$T/files.conf"
expect_exit 1 "$TVC" check --ca-file "$P/ca.pem" "$T/files.conf"
expect_grep "$OUT" "error: response file '$T/wrong-signer.ocsp' is no valid OCSP answer for certificate '$P/good.test.pem': it is not signed by the issuer or a responder the issuer delegated.*\[ocsp-bad-response\]" \
    "ocsp-bad-response fires for a response signed by a key the issuer never delegated"
expect_grep "$OUT" "error: response file '$T/other-cert.ocsp' is no valid OCSP answer for certificate '$P/good.test.pem': the response is about another certificate.*\[ocsp-bad-response\]" \
    "ocsp-bad-response fires for a response about another certificate"
expect_no_grep "$OUT" "response file '$T/out/good.test.ocsp'" \
    "ocsp-bad-response does not fire for the good certificate's own response"
expect_no_grep "$OUT" "ocsp-stale" "ocsp-stale does not fire before nextUpdate"
expect_exit 1 "$TVC" check --now "$(date -u -d '+3 days' +%Y-%m-%dT%H:%M:%SZ)" \
    --ca-file "$P/ca.pem" "$T/files.conf"
expect_grep "$OUT" "warning: response file '$T/out/good.test.ocsp' for certificate '$P/good.test.pem' is stale: its nextUpdate was .*\[ocsp-stale\]" \
    "ocsp-stale fires for a response file past its nextUpdate (--now)"

# ---- ocsp fetch in place ------------------------------------------------------
expect_exit 2 "$TVC" ocsp fetch --ca-file "$P/ca.pem" "$T/good.conf"
expect_grep "$ERR" "names no OCSP response file to update; --out DIR" \
    "ocsp fetch without --out needs a response file in the config"
expect_exit 2 "$TVC" ocsp frobnicate "$T/good.conf"

{
    head_conf
    gvhost good.test good.test "$T/inplace.ocsp"
} > "$T/inplace.conf"
expect_exit 0 "$TVC" ocsp fetch --ca-file "$P/ca.pem" "$T/inplace.conf"
expect_grep "$OUT" "good.test.pem: good, next update .*: wrote '$T/inplace.ocsp'" \
    "ocsp fetch updates the response file the config names"
expect_exit 0 "$TVC" check --ca-file "$P/ca.pem" "$T/inplace.conf"
expect_no_grep "$OUT" "ocsp-|cert-revoked" "the fetched response file passes check"
cp "$T/inplace.ocsp" "$T/inplace.before"
stop_responder
expect_exit 1 "$TVC" ocsp fetch --ocsp-timeout 2 --ca-file "$P/ca.pem" "$T/inplace.conf"
expect_grep "$OUT" "no OCSP answer for certificate '$P/good.test.pem'.*\[ocsp-unreachable\]" \
    "ocsp fetch says the responder is gone"
if cmp -s "$T/inplace.ocsp" "$T/inplace.before"; then
    pass "the good response stays when the responder is gone"
else
    fail "the response file changed while the responder was gone"
fi
ls "$T"/inplace.ocsp.tmp.* > /dev/null 2>&1 && fail "a temporary file was left" ||
    pass "no temporary file left beside the response file"

# ---- the runtime staples the file, and reads it again when it changes -----
pick_port
SPORT=$PORT
SERVE_NAME=good.test
start_serve --ca-file "$P/ca.pem" "$T/inplace.conf"
for v in -tls1_2 -tls1_3; do
    staple "$v" > /dev/null
    expect_grep "$T/.sc" 'Cert Status: good' "serve staples the response file ($v)"
done
first=$(staple -tls1_3)
responder "$P/index.txt" responder ca
sleep 1 # a new producedAt
expect_exit 0 "$TVC" ocsp fetch --ca-file "$P/ca.pem" "$T/inplace.conf"
second=$(staple -tls1_3)
if [ -n "$first" ] && [ -n "$second" ] && [ "$first" != "$second" ]; then
    pass "the runtime staples the new file without a restart ($first -> $second)"
else
    fail "the staple did not change after ocsp fetch: '$first' -> '$second'"
    show "$T/.sc" s_client
fi
stop_serve
# A vhost whose file is about another certificate staples nothing.
{
    head_conf
    gvhost good.test good.test "$T/other-cert.ocsp"
} > "$T/other.conf"
start_serve --ca-file "$P/ca.pem" "$T/other.conf"
staple -tls1_3 > /dev/null
expect_grep "$T/.sc" 'OCSP response: no response sent' \
    "a response about another certificate is not stapled"
stop_serve

# ---- serve --ocsp-refresh -------------------------------------------------------
{
    head_conf
    gvhost good.test good.test "$T/refresh.ocsp"
} > "$T/refresh.conf"
start_serve --ocsp-refresh --ca-file "$P/ca.pem" "$T/refresh.conf"
expect_grep "$T/serve.out" "OCSP response for '$P/good.test.pem': refreshed" \
    "serve --ocsp-refresh fetches the response file before serving"
staple -tls1_3 > /dev/null
expect_grep "$T/.sc" 'Cert Status: good' "serve --ocsp-refresh staples what it fetched"
# A vhost added by a reload: the refresher follows the config now served,
# fetching the new vhost's file before its runtime is built.
gvhost added.test added.test "$T/refresh-added.ocsp" >> "$T/refresh.conf"
kill -HUP "$SERVER_PID"
for _ in $(seq 1 100); do
    grep -q -E 'reloaded:|reload refused' "$T/serve.out" && break
    sleep 0.1
done
expect_grep "$T/serve.out" "OCSP response for '$P/added.test.pem': refreshed" \
    "serve --ocsp-refresh fetches the response file of a vhost a reload added"
expect_no_grep "$T/serve.out" 'reload refused' "... and the reload goes through"
SERVE_NAME=added.test staple -tls1_3 > /dev/null
expect_grep "$T/.sc" 'Serial Number: 2004' "... and the added vhost staples it (its serial)"
expect_grep "$T/.sc" 'Cert Status: good' "... good"
stop_serve
finish
