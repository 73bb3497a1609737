#!/bin/bash
# check --profile: each finding names the version of Mozilla's guidelines
# it holds the config to; NAME@VERSION chooses another version. 5.7 differs
# from 5.6 (the default) by TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256 at the
# end of the intermediate list, so a config generated from 5.7 passes
# intermediate@5.7 and gets one warning from intermediate (5.6).
. "$(dirname "$0")/lib.sh"

# conf FILE CIPHERS: one mod_ssl vhost, TLS 1.2 and 1.3, the client's order
# (both versions' intermediate profiles); certificates are not looked at.
conf() {
    cat > "$1" <<EOF
LoadModule ssl_module /usr/lib/apache2/modules/mod_ssl.so
Listen 443
SSLProtocol -all +TLSv1.2 +TLSv1.3
SSLCipherSuite $2
SSLHonorCipherOrder off
<VirtualHost *:443>
    ServerName a.test
    SSLEngine on
    SSLCertificateFile /nonexistent/a.pem
    SSLCertificateKeyFile /nonexistent/a.key
</VirtualHost>
EOF
}
I56=ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384
conf "$T/i56.conf" "$I56"
conf "$T/i57.conf" "$I56:DHE-RSA-CHACHA20-POLY1305"
DHE_CHACHA=TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256

# profile CONF PROFILE: check with only profile-mismatch reported.
profile() {
    expect_exit 0 "$TVC" check --disable all --enable profile-mismatch --profile="$2" "$1"
}

if profile "$T/i57.conf" intermediate; then
    expect_grep "$OUT" "warning: TLS 1\\.2 suites the 'intermediate' profile \\(Mozilla guidelines 5\\.6\\) does not allow: $DHE_CHACHA \\(vhost .*\\[profile-mismatch\\]\$" \
        "5.7's list against intermediate (5.6): DHE-RSA-CHACHA20-POLY1305 is too much, the version named"
    expect_eq "$(grep -c 'profile-mismatch' "$OUT")" 1 "5.7's list against intermediate (5.6): that one finding only"
fi
if profile "$T/i57.conf" intermediate@5.7; then
    expect_no_grep "$OUT" 'profile-mismatch' "5.7's list against intermediate@5.7: no finding"
fi
if profile "$T/i56.conf" intermediate@5.6; then
    expect_no_grep "$OUT" 'profile-mismatch' "5.6's list against intermediate@5.6: no finding"
fi
if profile "$T/i56.conf" intermediate@5.7; then
    expect_grep "$OUT" "note: TLS 1\\.2 suites of the 'intermediate' profile \\(Mozilla guidelines 5\\.7\\) that are not enabled: $DHE_CHACHA " \
        "5.6's list against intermediate@5.7: the missing suite is a note naming 5.7"
fi
if profile "$T/i56.conf" modern@5.7; then
    expect_grep "$OUT" "TLSv1\\.2 is enabled; the 'modern' profile \\(Mozilla guidelines 5\\.7\\) excludes it" \
        "modern@5.7: the protocol finding names the version"
fi

# Versions and names that the data does not have: usage errors (exit 2).
for bad in intermediate@4.0 intermediate@ mozilla@5.7 @5.7; do
    if expect_exit 2 "$TVC" check --profile="$bad" "$T/i56.conf"; then
        expect_empty "$OUT" "--profile=$bad: nothing on stdout"
    fi
done
expect_exit 2 "$TVC" check --profile=intermediate@4.0 "$T/i56.conf" &&
    expect_grep "$ERR" "no 'intermediate' profile of Mozilla's guidelines 4\\.0 .*versions 5\\.6, 5\\.7" \
        "--profile=intermediate@4.0: says which versions there are"

finish
