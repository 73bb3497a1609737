#!/bin/bash
# Translated policies against a real server: a source policy is resolved
# and translated to mod_ssl directives by tests/translate_tool (the library's
# tvc_policy_translate), the directives are put verbatim into the vhost of a
# standalone httpd config, apache2 is started on 127.0.0.1 at a random free
# port, and `openssl s_client` asks for one suite at a time:
#
#   - every TLS 1.2 suite of the computed allowed set that an RSA
#     certificate can serve (-tls1_2 -cipher NAME) must complete with
#     that suite (suites needing an ECDSA or other certificate are
#     skipped, and counted);
#   - every TLS 1.3 suite of the set (-tls1_3 -ciphersuites NAME) must
#     complete with that suite;
#   - a sample of suites outside the set (DENY12 / DENY13) must fail, with
#     an alert from the server (the client offers them at @SECLEVEL=0, so
#     the refusal is the server's);
#   - each protocol version below the policy's minimum must fail
#     (-tls1_1 with 'DEFAULT:@SECLEVEL=0': OpenSSL's client refuses
#     TLS 1.1 by itself at the default security level).
#
# `apache2 -t` must accept each config, and `tlsvhostc check` must report
# no [cipher-invalid] on it.
#
# Cases: Mozilla's "intermediate" OpenSSL string with TLSv1.2 as the
# minimum; the GnuTLS priority SECURE128:-VERS-ALL:+VERS-TLS1.2:+VERS-TLS1.3;
# a TLS 1.3-only policy with two of the TLS 1.3 suites; a GnuTLS priority
# that enables TLS 1.2 but none of its suites (so only TLS 1.3 works).
#
# Needs APACHE2 (the apache2 binary, set by configure), the openssl command
# and tests/translate_tool (built by `make check`; TVC_TRANSLATE_TOOL
# overrides where it is looked for). A missing apache2 is a FAILURE, not a
# skip: run ./bootstrap. apache2 is stopped after each case and on any
# exit; the whole test takes well under 90 s.
. "$(dirname "$0")/lib.sh"

MODDIR=${APACHE2_MODDIR:-/usr/lib/apache2/modules}

need_apache2
if ! command -v openssl >/dev/null 2>&1; then
    fail "the openssl command is missing: run ./bootstrap (Debian package openssl)"
    finish
fi
TOOL=${TVC_TRANSLATE_TOOL:-$(dirname "$TVC")/tests/translate_tool}
if [ ! -x "$TOOL" ]; then
    fail "tests/translate_tool is not built ('$TOOL'): run make check, or" \
         "make tests/translate_tool, or set TVC_TRANSLATE_TOOL"
    finish
fi
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

SRV=$T/srv
P=$T/pki
mkdir -p "$P"

# ---- the PKI (openssl CLI): a CA and an RSA leaf for a.test ---------------------

ossl req -x509 -newkey rsa:2048 -nodes -keyout "$P/ca.key" -out "$P/ca.pem" \
    -days 120 -subj "/O=tlsvhostc tests/CN=TVC Handshake Test CA" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign"
ossl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$P/a.test.key"
chmod 600 "$P/a.test.key"
cat > "$P/a.test.ext" <<EOF
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:a.test
EOF
ossl req -new -key "$P/a.test.key" -subj "/CN=a.test" -out "$P/a.test.csr"
ossl x509 -req -in "$P/a.test.csr" -CA "$P/ca.pem" -CAkey "$P/ca.key" \
    -set_serial "0x$(openssl rand -hex 8)" -days 90 \
    -extfile "$P/a.test.ext" -out "$P/a.test.pem"

# The authentication of every suite this openssl knows ("NAME Au=RSA"), to
# tell which allowed suites an RSA certificate can serve.
openssl ciphers -v 'ALL:COMPLEMENTOFALL:@SECLEVEL=0' 2>/dev/null |
    awk '{ for (i = 2; i <= NF; i++) if ($i ~ /^Au=/) print $1, $i }' > "$T/auth"
[ -s "$T/auth" ] || die "openssl ciphers -v printed nothing"
auth_of() {
    awk -v n="$1" '$1 == n { sub(/^Au=/, "", $2); print $2; exit }' "$T/auth"
}

# ---- configs ------------------------------------------------------------------------

# write_conf FILE: the standalone config; the vhost's TLS lines are the
# LINE output of translate_tool in $TLS_LINES, verbatim.
write_conf() {
    apache_conf "$1" "SSLSessionCache \"shmcb:$SRV/run/ssl_scache(512000)\"" \
        "<VirtualHost 127.0.0.1:$PORT>
    ServerName a.test
    SSLEngine on
    SSLCertificateFile $P/a.test.pem
    SSLCertificateKeyFile $P/a.test.key
$(printf '%s\n' "$TLS_LINES" | sed 's/^/    /')
</VirtualHost>"
}
AP_RETRY=write_conf

# ---- handshakes ------------------------------------------------------------------------

HS_OK=0      # completed, as expected
HS_REFUSED=0 # refused by the server, as expected
HS_BAD=0     # anything else

# hs ARGS...: one s_client handshake to a.test; output in $T/.hs, status in HRC.
hs() {
    timeout -k 2 10 openssl s_client -brief -connect "127.0.0.1:$PORT" -servername a.test \
        -CAfile "$P/ca.pem" -verify_return_error "$@" < /dev/null > "$T/.hs" 2>&1
    HRC=$?
}

# show_hs: what s_client said.
show_hs() {
    show "$T/.hs" "s_client -brief output"
}

# expect_ok LABEL VERSION NAME ARGS...: completes with VERSION and suite NAME.
expect_ok() {
    local label=$1 ver=$2 name=$3
    shift 3
    hs "$@"
    # -brief's summary (the long form's "New, X, Cipher is" names the
    # version the suite came with, SSLv3 for AES128-SHA, and its
    # SSL-Session block may be cut short by </dev/null under TLS 1.3).
    if [ "$HRC" = 0 ] && grep -q -x -F "CONNECTION ESTABLISHED" "$T/.hs" &&
        grep -q -x -F "Protocol version: $ver" "$T/.hs" &&
        grep -q -x -F "Ciphersuite: $name" "$T/.hs"; then
        HS_OK=$((HS_OK + 1))
        pass "$label: $ver $name completes"
    else
        HS_BAD=$((HS_BAD + 1))
        fail "$label: $ver $name should complete (s_client exit $HRC)"
        show_hs
    fi
}

# expect_refused LABEL WHAT ARGS...: fails with an alert from the server,
# not because the client itself could not offer what was asked.
expect_refused() {
    local label=$1 what=$2
    shift 2
    hs "$@"
    if [ "$HRC" != 0 ] && ! grep -q -x -F "CONNECTION ESTABLISHED" "$T/.hs" &&
        grep -q -E 'SSL alert number [0-9]+' "$T/.hs" &&
        ! grep -q -E 'no (ciphers|protocols) available|no cipher match' "$T/.hs"; then
        HS_REFUSED=$((HS_REFUSED + 1))
        pass "$label: $what is refused by the server ($(grep -o -E 'alert [a-z ]*' "$T/.hs" | head -n 1))"
    else
        HS_BAD=$((HS_BAD + 1))
        if [ "$HRC" = 0 ]; then
            fail "$label: $what should fail, but the handshake completed"
        else
            fail "$label: $what failed, but not with an alert from the server (s_client exit $HRC)"
        fi
        show_hs
    fi
}

# client_offers12 NAME: this openssl can offer NAME in TLS 1.2 at @SECLEVEL=0.
client_offers12() {
    [ "$(openssl ciphers -s -tls1_2 "$1:@SECLEVEL=0" 2>/dev/null)" = "$1" ]
}

# ---- one case ---------------------------------------------------------------------------

vnum() {
    case $1 in
    TLSv1) echo 10 ;; TLSv1.1) echo 11 ;; TLSv1.2) echo 12 ;; TLSv1.3) echo 13 ;;
    *) echo 0 ;;
    esac
}

# run_case LABEL TOOL-ARGS...
run_case() {
    local label=$1 st name au skipped min v
    shift
    say "# $label"
    say "  translate_tool $*"
    if ! "$TOOL" "$@" > "$T/tool.out" 2> "$T/tool.err"; then
        fail "$label: translate_tool failed"
        show "$T/tool.err" stderr
        return
    fi
    sed 's/^/  | /' "$T/tool.out" | grep -E '\| (VERDICT|LINE|LOSSY|PROTO)'
    TLS_LINES=$(sed -n 's/^LINE //p' "$T/tool.out")
    if [ -z "$TLS_LINES" ]; then
        fail "$label: translate_tool printed no directive lines"
        return
    fi
    grep -q '^ALLOW1[23] ' "$T/tool.out" || fail "$label: the allowed set is empty"
    min=$(awk '$1 == "PROTO" { print $2 }' "$T/tool.out")

    local conf
    conf="$SRV/$(printf '%s' "$label" | tr -c 'A-Za-z0-9\n' '_').conf"
    pick_port
    write_conf "$conf"

    # tlsvhostc's own view of the generated config: no [cipher-invalid].
    if expect_exit 0,1 "$TVC" check --ca-file "$P/ca.pem" "$conf"; then
        expect_no_grep "$OUT" 'cipher-invalid' "$label: tlsvhostc check: no [cipher-invalid]"
        [ "$RC" = 0 ] || { say "  tlsvhostc check findings:"; sed 's/^/  | /' "$OUT"; }
    fi

    if expect_exit 0 "$APACHE2" -t -f "$conf" -d "$SRV"; then
        expect_grep "$ERR" 'Syntax OK' "$label: apache2 -t: Syntax OK"
    else
        return
    fi
    apache_start "$conf"
    st=$?
    if [ $st != 0 ]; then
        fail "$label: apache2 did not start (status ${ASTATUS:-none}, apache_start $st)"
        apache_show_logs
        return
    fi
    pass "$label: apache2 started on 127.0.0.1:$PORT"

    skipped=0
    for name in $(sed -n 's/^ALLOW12 //p' "$T/tool.out"); do
        au=$(auth_of "$name")
        if [ "$au" != RSA ]; then
            skipped=$((skipped + 1))
            say "  skip $name (Au=${au:-unknown}: not servable with an RSA certificate)"
            continue
        fi
        expect_ok "$label" TLSv1.2 "$name" -tls1_2 -cipher "$name"
    done
    [ $skipped = 0 ] ||
        say "  $skipped allowed TLS 1.2 suite(s) skipped: they need a non-RSA (ECDSA) certificate"
    for name in $(sed -n 's/^ALLOW13 //p' "$T/tool.out"); do
        expect_ok "$label" TLSv1.3 "$name" -tls1_3 -ciphersuites "$name"
    done
    for name in $(sed -n 's/^DENY12 //p' "$T/tool.out"); do
        if ! client_offers12 "$name"; then
            say "  skip DENY12 $name: this openssl cannot offer it"
            continue
        fi
        expect_refused "$label" "TLSv1.2 $name (not allowed)" \
            -tls1_2 -cipher "$name:@SECLEVEL=0"
    done
    for name in $(sed -n 's/^DENY13 //p' "$T/tool.out"); do
        expect_refused "$label" "TLSv1.3 $name (not allowed)" \
            -tls1_3 -ciphersuites "$name"
    done
    # Versions below the minimum.
    for v in TLSv1.1 TLSv1.2; do
        [ "$(vnum "$v")" -lt "$(vnum "$min")" ] || continue
        expect_refused "$label" "$v (below the minimum $min)" \
            "-tls1_${v#TLSv1.}" -cipher 'DEFAULT:@SECLEVEL=0'
    done
    apache_stop
}

MOZ_INTERMEDIATE=ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384

run_case "mozilla-intermediate" --openssl "$MOZ_INTERMEDIATE" --min TLSv1.2 --to mod_ssl
run_case "gnutls-secure128" --gnutls "SECURE128:-VERS-ALL:+VERS-TLS1.2:+VERS-TLS1.3" \
    --min TLSv1.2 --to mod_ssl
run_case "tls13-only" --tls13 "TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256" \
    --min TLSv1.3 --to mod_ssl
# TLS 1.2 enabled, but no key exchange for it: only a TLS 1.3 suite is
# left. (This used to become "SSLCipherSuite !ALL", which apache2 refuses
# with AH01898; TLS 1.2 is now left out of SSLProtocol.)
run_case "gnutls-tls12-without-suites" \
    --gnutls "NONE:+VERS-TLS1.3:+VERS-TLS1.2:+AES-256-GCM:+AEAD:+GROUP-ALL:+SIGN-ALL:+CTYPE-X509" \
    --min TLSv1.2 --to mod_ssl

say "# handshakes: $HS_OK completed and $HS_REFUSED refused as expected, $HS_BAD not as expected"
if [ "$SECONDS" -lt 90 ]; then
    pass "the test ran in ${SECONDS}s (< 90 s)"
else
    fail "the test ran ${SECONDS}s (the limit is 90 s)"
fi
finish
