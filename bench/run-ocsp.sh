#!/bin/sh
# bench/run-ocsp.sh /path/to/tlsvhostc: `check --ocsp` on N vhosts (default
# 1,000), each with its own certificate, behind one local `openssl ocsp`
# responder on 127.0.0.1. Requests go 16 at a time per responder (libcurl's
# multi interface), so the time is about what the responder needs to sign
# N answers, not N round trips in a row. The PKI is made with the openssl
# command: one EC key shared by the leaves (the benchmark is about OCSP,
# not key loading), a delegated responder certificate.
#
# Environment: BENCH_OCSP_N (1000), BENCH_KEEP=1 keeps the temp dir.
set -u
TVC=${1:?usage: $0 /path/to/tlsvhostc}
N=${BENCH_OCSP_N:-1000}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tvc-bench-ocsp.XXXXXX") || exit 2
pid=
cleanup() {
    [ -z "$pid" ] || { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; }
    [ "${BENCH_KEEP:-0}" = 1 ] || rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
cd "$tmp" || exit 2
o() { openssl "$@" > /dev/null 2>&1 || { echo "bench-ocsp: openssl $1 failed" >&2; exit 1; }; }
o req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem \
    -days 120 -subj "/CN=Bench OCSP CA" -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign"
o req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout leaf.key -out leaf.csr \
    -subj "/CN=bench leaf"
chmod 600 leaf.key
printf 'basicConstraints=CA:FALSE\nextendedKeyUsage=OCSPSigning\n' > resp.ext
o x509 -req -in leaf.csr -CA ca.pem -CAkey ca.key -set_serial 1 -days 90 -extfile resp.ext \
    -out resp.pem
printf 'unique_subject = no\n' > index.txt.attr
port=$((20000 + $$ % 12768)) # below the ephemeral range (32768-)
exp=$(date -u -d '+90 days' +%y%m%d%H%M%SZ)
printf 'basicConstraints=CA:FALSE\nauthorityInfoAccess=OCSP;URI:http://127.0.0.1:%s/\n' \
    "$port" > leaf.ext
# The leaves name no host: only the OCSP findings count here.
{
    printf 'LoadModule ssl_module /usr/lib/apache2/modules/mod_ssl.so\nListen 443\n'
    i=1
    while [ "$i" -le "$N" ]; do
        printf 'V\t%s\t\t%X\tunknown\t/CN=bench leaf\n' "$exp" $((i + 1)) >> index.txt
        printf '<VirtualHost *:443>\n ServerName v%d.test\n SSLEngine on\n' "$i"
        printf ' SSLCertificateFile %s/v%d.pem\n SSLCertificateKeyFile %s/leaf.key\n' \
            "$tmp" "$i" "$tmp"
        printf '</VirtualHost>\n'
        o x509 -req -in leaf.csr -CA ca.pem -CAkey ca.key -set_serial $((i + 1)) -days 90 \
            -extfile leaf.ext -out "v$i.pem"
        i=$((i + 1))
    done
} > httpd.conf
openssl ocsp -index index.txt -port "$port" -rsigner resp.pem -rkey leaf.key -CA ca.pem \
    -ndays 1 > responder.log 2>&1 &
pid=$!
for _ in $(seq 1 50); do
    grep -q 'waiting for OCSP' responder.log && break
    sleep 0.1
done
start=$(date +%s.%N)
"$TVC" check --ocsp --ca-file ca.pem --disable cipher-no-forward-secrecy \
    --disable cert-name-mismatch httpd.conf > check.out 2>&1
rc=$?
end=$(date +%s.%N)
findings=$(grep -c -E '\[(ocsp-[a-z-]+|cert-revoked)\]$' check.out)
printf 'check --ocsp, %d certificates, one local responder: %.2f s (exit %d, %d OCSP findings)\n' \
    "$N" "$(echo "$end - $start" | bc)" "$rc" "$findings"
[ "$findings" -eq 0 ] || { head -n 5 check.out; exit 1; }
