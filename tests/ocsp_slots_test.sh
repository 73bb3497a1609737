#!/bin/bash
# A request's --ocsp-timeout starts when it is sent, not while it waits
# for a connection: 64 requests go to a responder that serves 16 at a
# time, each after 1 s (a slow CA behind a fixed pool of workers; it
# forwards to a real `openssl ocsp`). tlsvhostc opens at most 16
# connections per responder (ocsp/batch.c, HOST_SLOTS, through base/curl_run.c) and sends the next
# request when one is answered, so with --ocsp-timeout 3 every answer
# arrives (about 4 s in all). Sending all 64 at once would leave the last
# 32 waiting more than 3 s behind the pool: ocsp-unreachable for them.
# The test fails that way when HOST_SLOTS grows beyond the pool's 16.
. "$(dirname "$0")/lib.sh"
. "$TVC_SRCDIR/tests/ocsp_lib.sh"

need_tool openssl python3

P=$T/pki
mkdir -p "$P"
ca ca "/CN=TVC OCSP Slots CA"
signed responder 0x1000 ca 'basicConstraints=CA:FALSE\nextendedKeyUsage=OCSPSigning\n'
signed good.test 0x2001 ca 'basicConstraints=CA:FALSE\nsubjectAltName=DNS:good.test\n'
index_entry "$P/index.txt" V 2001 /CN=good.test
pick_port
OPORT=$PORT
ocsp_responder "$P/index.txt" responder ca "$OPORT"

pick_port
SLOW=$PORT
python3 -c 'import http.server,socketserver,sys,threading,time,urllib.request
pool = threading.Semaphore(16)
class H(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with pool:
            time.sleep(1)
            req = urllib.request.Request("http://127.0.0.1:%s/" % sys.argv[2], body,
                                         {"Content-Type": "application/ocsp-request"})
            answer = urllib.request.urlopen(req, timeout=10).read()
        self.send_response(200)
        self.send_header("Content-Type", "application/ocsp-response")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)
class S(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    request_queue_size = 256
S(("127.0.0.1", int(sys.argv[1])), H).serve_forever()' "$SLOW" "$OPORT" &
PIDS="$PIDS $!"
for _ in $(seq 1 50); do port_open "$SLOW" && break; sleep 0.1; done

# 64 vhosts, one certificate file each, each asking another path of the
# slow responder: 64 distinct requests.
{
    printf 'LoadModule ssl_module /usr/lib/apache2/modules/mod_ssl.so\nListen 443\n'
    for i in $(seq 1 64); do
        cp "$P/good.test.pem" "$P/v$i.pem"
        printf '<VirtualHost *:443>\n    ServerName v%d.test\n    SSLEngine on\n' "$i"
        printf '    SSLCertificateFile %s\n    SSLCertificateKeyFile %s\n' "$P/v$i.pem" \
            "$P/good.test.key"
        printf '    SSLStaplingForceURL http://127.0.0.1:%s/%d\n</VirtualHost>\n' "$SLOW" "$i"
    done
} > "$T/slots.conf"

start=$(date +%s)
TVC_TIMEOUT=60 expect_exit 0 "$TVC" check --ocsp --ocsp-timeout 3 --ca-file "$P/ca.pem" \
    --disable cert-name-mismatch "$T/slots.conf"
took=$(($(date +%s) - start))
expect_no_grep "$OUT" "ocsp-unreachable" \
    "64 requests behind a responder serving 16 at a time: none times out ($took s)"
n=$(grep -c "v[0-9]*.pem' from responder" "$OUT")
[ "$n" -eq 0 ] && pass "every request was answered" || fail "$n requests got no answer"
if [ "$took" -ge 3 ]; then
    pass "the requests waited for their turn ($took s for four rounds of 1 s)"
else
    fail "64 requests took $took s: the responder's pool of 16 was not in the way"
fi
finish
