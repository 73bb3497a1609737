#!/bin/bash
# OCSP for intermediates: a three-level PKI (root -> intermediate -> leaf)
# behind real `openssl ocsp` responders, one for the root's intermediates
# and one for a leaf. Where a vhost speaks TLS 1.3 (whose multi-staple
# carries the intermediates' status), `check --ocsp` and `ocsp fetch` also
# ask about each intermediate whose issuer is known, once per distinct
# intermediate:
#
#   - a revoked intermediate is cert-revoked naming the intermediate,
#     once, though two vhosts send it; a good one gives nothing;
#   - a TLS 1.2-only vhost's revoked intermediate is not asked about;
#   - `ocsp fetch --out` writes NAME-ca1.ocsp for the intermediate, and in
#     place the file of GnuTLSOCSPResponseFile's list in its position.
. "$(dirname "$0")/lib.sh"
. "$TVC_SRCDIR/tests/ocsp_lib.sh"

need_tool openssl

P=$T/pki
mkdir -p "$P"
pick_port
RPORT=$PORT
pick_port
IPORT=$PORT
ca root "/CN=TVC Chain Root"
INT="basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nauthorityInfoAccess=OCSP;URI:http://127.0.0.1:$RPORT/\n"
signed good-int 0x3001 root "$INT"
signed bad-int 0x3002 root "$INT"
signed old-int 0x3003 root "$INT"
index_entry "$P/root-index.txt" V 3001 /CN=good-int
index_entry "$P/root-index.txt" R 3002 /CN=bad-int
index_entry "$P/root-index.txt" R 3003 /CN=old-int
LEAF='basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n'
signed a.test 0x4001 good-int "${LEAF}authorityInfoAccess=OCSP;URI:http://127.0.0.1:$IPORT/\n"
index_entry "$P/good-int-index.txt" V 4001 /CN=a.test
# b, b2 and c name no responder of their own: only their intermediates count.
signed b.test 0x4002 bad-int "$LEAF"
signed b2.test 0x4003 bad-int "$LEAF"
signed c.test 0x4004 old-int "$LEAF"
for n in a:good-int b:bad-int b2:bad-int c:old-int; do
    cat "$P/${n%%:*}.test.pem" "$P/${n#*:}.pem" > "$P/${n%%:*}.pem"
done
# -text: each request is logged, to count them.
ocsp_responder "$P/root-index.txt" root root "$RPORT" -text
RLOG=$T/responder-$RPORT.log
ocsp_responder "$P/good-int-index.txt" good-int good-int "$IPORT"

# vhost NAME [PROTOCOL]: a mod_ssl vhost serving $P/NAME.pem.
vhost() {
    printf '<VirtualHost *:443>\n    ServerName %s.test\n    SSLEngine on\n' "$1"
    printf '    SSLCertificateFile %s\n    SSLCertificateKeyFile %s\n' "$P/$1.pem" \
        "$P/$1.test.key"
    [ -z "${2:-}" ] || printf '    SSLProtocol %s\n' "$2"
    printf '</VirtualHost>\n'
}
head_conf() {
    printf 'LoadModule %s_module /usr/lib/apache2/modules/mod_%s.so\n' ssl ssl gnutls gnutls
    printf 'Listen 443\n'
}
{
    head_conf
    vhost a
    vhost b
    vhost b2
    vhost c '-all +TLSv1.2'
} > "$T/all.conf"
{
    head_conf
    vhost a
} > "$T/good.conf"
QUIET=(--disable cert-name-mismatch)

expect_exit 1 "$TVC" check --ocsp --ocsp-timeout 5 --ca-file "$P/root.pem" "${QUIET[@]}" \
    "$T/all.conf"
expect_grep "$OUT" "error: intermediate certificate 'CN=bad-int' \(chain of '$P/b.pem'\) is revoked since .* \(reason: keyCompromise\), says responder 'http://127.0.0.1:$RPORT/'.*\[cert-revoked\]" \
    "a revoked intermediate is cert-revoked, naming the intermediate"
n=$(grep -c "CN=bad-int" "$OUT")
[ "$n" -eq 1 ] && pass "the intermediate two vhosts send is said once" ||
    fail "the shared intermediate is named $n times"
expect_no_grep "$OUT" "CN=good-int|a.test.pem|$P/a.pem" "a good intermediate and leaf: no finding"
expect_no_grep "$OUT" "CN=old-int" "a TLS 1.2-only vhost's intermediate is not asked about"
n=$(grep -c 'OCSP Request Data' "$RLOG")
[ "$n" -eq 2 ] && pass "one request per distinct intermediate (2 to the root's responder)" ||
    fail "the root's responder got $n requests, not 2"

expect_exit 0 "$TVC" check --ocsp --ca-file "$P/root.pem" "${QUIET[@]}" "$T/good.conf"
expect_no_grep "$OUT" "ocsp-|cert-revoked" "a good intermediate and leaf: no OCSP finding"

# ---- ocsp fetch ---------------------------------------------------------
expect_exit 1 "$TVC" ocsp fetch --out "$T/out" --ca-file "$P/root.pem" "$T/all.conf"
expect_grep "$OUT" "^$P/a.pem \(intermediate 'CN=good-int'\): good, next update .*: wrote '$T/out/a-ca1.ocsp'" \
    "ocsp fetch --out writes the intermediate's response as NAME-ca1.ocsp"
expect_grep "$OUT" "intermediate certificate 'CN=bad-int' .*is revoked.*\[cert-revoked\]" \
    "ocsp fetch names the revoked intermediate"
[ ! -e "$T/out/b-ca1.ocsp" ] && pass "nothing written for the revoked intermediate" ||
    fail "b-ca1.ocsp written"
verified_good "$T/out/a-ca1.ocsp" root good-int "the intermediate's response"
# In place: GnuTLSOCSPResponseFile lists the leaf's file, then the
# intermediate's, in the order of the certificate file.
{
    head_conf
    printf '<VirtualHost *:443>\n    ServerName a.test\n    GnuTLSEnable on\n'
    printf '    GnuTLSCertificateFile %s\n    GnuTLSKeyFile %s\n' "$P/a.pem" "$P/a.test.key"
    printf '    GnuTLSOCSPResponseFile %s %s\n</VirtualHost>\n' "$T/a-leaf.der" "$T/a-int.der"
} > "$T/gnutls.conf"
expect_exit 0 "$TVC" ocsp fetch --ca-file "$P/root.pem" "$T/gnutls.conf"
expect_grep "$OUT" "^$P/a.pem: good, .*wrote '$T/a-leaf.der'" "ocsp fetch writes the leaf's file"
expect_grep "$OUT" "^$P/a.pem \(intermediate 'CN=good-int'\): good, .*wrote '$T/a-int.der'" \
    "ocsp fetch writes the intermediate's file, second in GnuTLSOCSPResponseFile"
expect_exit 0 "$TVC" check --ca-file "$P/root.pem" "${QUIET[@]}" "$T/gnutls.conf"
expect_no_grep "$OUT" "ocsp-" "check verifies both response files"
finish
