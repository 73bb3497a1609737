#!/usr/bin/env bash
# `tlsvhostc diff OLD NEW`: the effective TLS policy changes per vhost.
#   - a vhost that drops TLS 1.2 gets one protocols line that counts the
#     suites going with it, not a line per suite (issue 10, 20);
#   - TLS 1.2 coming back is one line too, and weaker (--fail-on-weaken);
#   - a suite removed while TLS 1.2 stays is still named one by one;
#   - the JSON form carries the same changes; identical configs: no change.
. "$(dirname "$0")/lib.sh"

need_tool openssl
P=$T/pki
mkdir -p "$P"
ossl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$P/a.key" \
    -out "$P/a.pem" -days 30 -subj "/CN=a.test" -addext "subjectAltName=DNS:a.test"

# conf NAME LINES...: a one-vhost mod_ssl config with LINES in the vhost
conf() {
    local f=$T/$1.conf
    shift
    {
        printf 'ServerRoot "%s"\nLoadModule ssl_module modules/mod_ssl.so\nListen 443\n' "$T"
        printf '<VirtualHost *:443>\n    ServerName a.test\n    SSLEngine on\n'
        printf '    SSLCertificateFile %s/a.pem\n    SSLCertificateKeyFile %s/a.key\n' "$P" "$P"
        for l in "$@"; do printf '    %s\n' "$l"; done
        printf '</VirtualHost>\n'
    } > "$f"
}
conf both "SSLProtocol -all +TLSv1.2 +TLSv1.3"
conf only13 "SSLProtocol -all +TLSv1.3"
conf fewer "SSLProtocol -all +TLSv1.2 +TLSv1.3" "SSLCipherSuite HIGH:!aNULL:!AES128-GCM-SHA256"

if expect_exit 0 "$TVC" diff "$T/both.conf" "$T/only13.conf"; then
    expect_grep "$OUT" 'protocols TLSv1\.2-TLSv1\.3 -> TLSv1\.3-TLSv1\.3; TLS 1\.2 and its [0-9]+ suites no longer offered' \
        "diff: dropping TLS 1.2 is one protocols line with the suites as a count"
    expect_no_grep "$OUT" 'suite .* removed' "diff: no line per TLS 1.2 suite when TLS 1.2 goes"
    expect_grep "$OUT" '^1 change, 0 weaker' "diff: dropping TLS 1.2 is one change, not weaker"
fi
if expect_exit 1 "$TVC" diff --fail-on-weaken "$T/only13.conf" "$T/both.conf"; then
    expect_grep "$OUT" '^  - protocols TLSv1\.3-TLSv1\.3 -> TLSv1\.2-TLSv1\.3; TLS 1\.2 now offered with [0-9]+ suites' \
        "diff: TLS 1.2 coming back is one weaker line with its suite count"
    expect_no_grep "$OUT" 'suite .* added' "diff: no line per TLS 1.2 suite when TLS 1.2 comes back"
fi
if expect_exit 0 "$TVC" diff "$T/both.conf" "$T/fewer.conf"; then
    expect_grep "$OUT" 'TLS 1\.2 suite TLS_RSA_WITH_AES_128_GCM_SHA256 removed' \
        "diff: a suite removed while TLS 1.2 stays is named"
    expect_no_grep "$OUT" 'protocols' "diff: no protocols line when the range is the same"
fi
if expect_exit 0 "$TVC" diff --format=json "$T/both.conf" "$T/only13.conf"; then
    expect_grep "$OUT" '"change": "protocols"' "diff --format=json: the protocols change"
    expect_no_grep "$OUT" '"change": "suite-removed"' "diff --format=json: no suite-removed entries"
fi
if expect_exit 0 "$TVC" diff "$T/both.conf" "$T/both.conf"; then
    expect_grep "$OUT" '^no TLS changes$' "diff: a config against itself has no TLS changes"
fi
finish
