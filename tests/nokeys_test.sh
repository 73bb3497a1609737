#!/bin/sh
# No key bytes anywhere, no prompt ever (issue 14). Every command and
# output format runs on a config whose keys are known (RSA and EC, one in
# the certificate file, one encrypted); no PEM body line of a key and no
# 32-byte run of a key's DER may appear in stdout, stderr, a written file
# (the runtime's emitted C included) or a SARIF/JUnit report. An encrypted
# key with a terminal on stdin gives key-encrypted and never a prompt.
. "$(dirname "$0")/lib.sh"
need_tool openssl python3

P=$T/pki
mkdir -p "$P" "$T/outs"
ossl req -x509 -newkey rsa:2048 -nodes -days 30 -subj /CN=rsa.test \
    -addext subjectAltName=DNS:rsa.test -keyout "$P/rsa.key" -out "$P/rsa.crt"
ossl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 \
    -subj /CN=ec.test -addext subjectAltName=DNS:ec.test -keyout "$P/ec.key" -out "$P/ec.crt"
cat "$P/ec.crt" "$P/ec.key" > "$P/ec-both.pem"
ossl pkey -in "$P/rsa.key" -aes256 -passout pass:secret -out "$P/enc.key"
for k in rsa ec; do ossl pkey -in "$P/$k.key" -outform DER -out "$P/$k.der"; done

# vhost NAME CERT [KEY]: one mod_ssl vhost.
vhost() {
    printf '<VirtualHost *:443>\n    ServerName %s\n    SSLEngine on\n' "$1"
    printf '    SSLCertificateFile %s\n' "$2"
    [ -z "${3:-}" ] || printf '    SSLCertificateKeyFile %s\n' "$3"
    printf '</VirtualHost>\n'
}
{
    printf 'LoadModule ssl_module /usr/lib/apache2/modules/mod_ssl.so\nListen 443\n'
    vhost rsa.test "$P/rsa.crt" "$P/rsa.key"
    vhost ec.test "$P/ec-both.pem"
    vhost enc.test "$P/rsa.crt" "$P/enc.key"
} > "$T/httpd.conf"

# keep NAME: the last run's stdout and stderr join the scanned outputs.
keep() { cp "$OUT" "$T/outs/$1.out"; cp "$ERR" "$T/outs/$1.err"; }
i=0
for fmt in text json sarif junit; do
    expect_exit 0,1 "$TVC" check --format=$fmt "$T/httpd.conf" && keep "check-$fmt"
done
expect_exit 0,1 "$TVC" check --sni-map "$T/httpd.conf" && keep check-sni-map
expect_exit 0,1 "$TVC" ir "$T/httpd.conf" && keep ir
expect_exit 0,1 "$TVC" ir -o "$T/outs/ir.json" "$T/httpd.conf" && keep ir-o
expect_exit 0,1 "$TVC" diff "$T/httpd.conf" "$T/outs/ir.json" && keep diff
for to in mod_tls mod_gnutls mod_ssl; do
    expect_exit 0,1,2 "$TVC" convert --to=$to --allow-lossy -o "$T/outs/conv-$to.conf" "$T/httpd.conf" &&
        keep "convert-$to"
done
expect_exit 0,1,2 "$TVC" emit --target=runtime -o "$T/outs/vhosts.c" "$T/httpd.conf" && keep emit-runtime
expect_exit 0,1,2 "$TVC" emit --target=mod_ssl "$T/httpd.conf" && keep emit-modssl
[ -s "$T/outs/vhosts.c" ] && pass "the runtime's C source was written and is scanned"

# Every PEM body line of each key, and every 32-byte window of its DER.
cat > "$T/scan.py" <<'PY'
import os, sys
outdir, pems, ders = sys.argv[1], sys.argv[2:5], sys.argv[5:]
needles = []
for p in pems:
    for line in open(p).read().splitlines():
        if line and not line.startswith('-----') and ':' not in line:
            needles.append((p, line.encode()))
for p in ders:
    d = open(p, 'rb').read()
    needles += [(p + ' DER', d[i:i + 32]) for i in range(len(d) - 31)]
bad = 0
files = sorted(os.listdir(outdir))
for f in files:
    text = open(os.path.join(outdir, f), 'rb').read()
    for src, n in needles:
        if n in text:
            print('%s holds bytes of %s' % (f, src))
            bad += 1
            break
print('%d outputs scanned against %d needles' % (len(files), len(needles)))
sys.exit(1 if bad else 0)
PY
scan() { python3 "$T/scan.py" "$1" "$P/rsa.key" "$P/ec.key" "$P/enc.key" "$P/rsa.der" "$P/ec.der"; }
# The scan itself must fire: on a key, and on a DER key inside other bytes.
mkdir "$T/bait"
cp "$P/ec-both.pem" "$T/bait/pem"
{ printf 'x'; cat "$P/rsa.der"; } > "$T/bait/der"
if scan "$T/bait" > "$T/scan" 2>&1; then fail "the scan misses key bytes"; cat "$T/scan"; else
    expect_grep "$T/scan" "^der holds bytes of .*rsa.der DER" "the scan finds a key's DER"
    expect_grep "$T/scan" "^pem holds bytes of .*ec.key" "the scan finds a key's PEM lines"
fi
if scan "$T/outs" > "$T/scan" 2>&1; then
    pass "no key bytes in any output: $(tail -n 1 "$T/scan")"
else
    fail "key bytes in an output"
    cat "$T/scan"
fi

# ---- no prompt: an encrypted key with a terminal on stdin ----------------------
{ printf 'Listen 443\n'; vhost enc.test "$P/rsa.crt" "$P/enc.key"; } > "$T/enc.conf"
if python3 - "$TVC" "$T/enc.conf" > "$T/pty" 2>&1 <<'PY'
import os, pty, select, sys, time
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], [sys.argv[1], 'check', sys.argv[2]])
out, end = b'', time.time() + 20
while time.time() < end:
    r, _, _ = select.select([fd], [], [], 0.5)
    if r:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    elif os.waitpid(pid, os.WNOHANG)[0]:
        break
else:
    os.kill(pid, 9)
    print('hung: still running after 20 s (waiting for a passphrase?)')
    sys.exit(1)
sys.stdout.write(out.decode('utf-8', 'replace'))
low = out.lower()
sys.exit(1 if b'pass phrase' in low or b'passphrase:' in low or b'enter pem' in low else 0)
PY
then
    expect_grep "$T/pty" 'key-encrypted' "an encrypted key under a terminal: key-encrypted, no prompt"
else
    fail "an encrypted key under a terminal: a prompt or a hang"
    cat "$T/pty"
fi

finish
