#!/bin/sh
# Generates the demo PKI that examples/demo/httpd.conf refers to, with the
# openssl command-line tool only. Private keys are made here at run time and
# never committed (examples/demo/pki/ is in .gitignore).
#
#   pki/ca.crt                 "tlsvhostc Demo Root CA" (self-signed, RSA 3072)
#   pki/intermediate.crt       "tlsvhostc Demo Issuing CA" (RSA 2048, pathlen 0)
#   pki/www-rsa.crt/.key       www.example.test, example.test   RSA 2048, + intermediate
#   pki/www-ec.crt/.key        the same names                    EC P-256, + intermediate
#   pki/shop.crt/.key          shop.example.test                 DELIBERATE: the key does
#                                                                 not belong to the cert
#   pki/api.crt/.key           api.example.test, EC P-384        must-staple (TLS feature
#                                                                 status_request), OCSP URI
#   pki/www-old.crt/.key       www.example.test                  DELIBERATE: expired
#                                                                 (2020-01-01 .. 2021-01-01)
#
# Usage: make-pki.sh [DIR]   (default: the pki/ directory next to this script)
# Every run starts afresh; the result is swapped in only when all of it worked.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
dest=${1:-$here/pki}
command -v openssl >/dev/null 2>&1 || {
    echo "make-pki.sh: the openssl command is needed (apt-get install openssl)" >&2
    exit 1
}

parent=$(dirname "$dest")
mkdir -p "$parent"
work=$(mktemp -d "$parent/.pki.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
ca="$work/.ca"
mkdir -p "$ca/root" "$ca/int"
umask 077

# A minimal `openssl ca` set-up: it is what lets us give explicit
# -startdate/-enddate (the OpenSSL 3.0 x509 command has no -not_before).
for d in root int; do
    : > "$ca/$d/index.txt"
    echo 'unique_subject = no' > "$ca/$d/index.txt.attr"
    echo 1000 > "$ca/$d/serial"
done
cat > "$ca/ca.cnf" <<EOF
[ ca ]
default_ca = int

[ root ]
dir = $ca/root
database = \$dir/index.txt
serial = \$dir/serial
new_certs_dir = \$dir
certificate = $work/ca.crt
private_key = $ca/ca.key
default_md = sha256
policy = policy_any
copy_extensions = none
unique_subject = no
email_in_dn = no

[ int ]
dir = $ca/int
database = \$dir/index.txt
serial = \$dir/serial
new_certs_dir = \$dir
certificate = $work/intermediate.crt
private_key = $ca/intermediate.key
default_md = sha256
policy = policy_any
copy_extensions = none
unique_subject = no
email_in_dn = no

[ policy_any ]
countryName = optional
organizationName = optional
commonName = supplied

[ req ]
distinguished_name = req_dn
prompt = no
[ req_dn ]
CN = unused

[ v3_root ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash

[ v3_int ]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
EOF

ossl() {
    # openssl, quiet unless it fails
    if ! out=$(openssl "$@" 2>&1); then
        echo "make-pki.sh: openssl $1 failed:" >&2
        echo "$out" >&2
        exit 1
    fi
}

# sign CA-SECTION NAME EXTFILE DATES...  (CSR in $ca/NAME.csr -> $work/NAME.crt)
sign() {
    sec=$1 name=$2 ext=$3
    shift 3
    ossl ca -batch -notext -config "$ca/ca.cnf" -name "$sec" \
        -in "$ca/$name.csr" -out "$ca/$name.leaf" \
        -extfile "$ext" -extensions ext "$@"
}

# leaf NAME KEYFILE "SAN list" [extra extension lines] -- DATES...
leaf_ext() {
    f="$ca/$1.ext"
    {
        echo '[ ext ]'
        echo 'basicConstraints = critical, CA:FALSE'
        echo 'keyUsage = critical, digitalSignature, keyEncipherment'
        echo 'extendedKeyUsage = serverAuth'
        echo 'subjectKeyIdentifier = hash'
        echo 'authorityKeyIdentifier = keyid:always'
        echo "subjectAltName = $2"
        [ -z "${3:-}" ] || printf '%s\n' "$3"
    } > "$f"
}

csr() { # NAME KEY CN
    ossl req -new -config "$ca/ca.cnf" -key "$2" -subj "/O=tlsvhostc demo/CN=$3" \
        -out "$ca/$1.csr"
}

# ---- root and intermediate --------------------------------------------
ossl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072 -out "$ca/ca.key"
ossl req -new -x509 -config "$ca/ca.cnf" -extensions v3_root -key "$ca/ca.key" \
    -subj "/O=tlsvhostc demo/CN=tlsvhostc Demo Root CA" -days 3650 -sha256 \
    -out "$work/ca.crt"

ossl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$ca/intermediate.key"
csr intermediate "$ca/intermediate.key" "tlsvhostc Demo Issuing CA"
printf '[ ext ]\nbasicConstraints = critical, CA:TRUE, pathlen:0\nkeyUsage = critical, keyCertSign, cRLSign\nsubjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid:always\n' \
    > "$ca/intermediate.ext"
sign root intermediate "$ca/intermediate.ext" -days 1825
cp "$ca/intermediate.leaf" "$work/intermediate.crt"

# ---- leaves --------------------------------------------------------------
# The certificate files hold the leaf followed by the intermediate, as
# mod_ssl >= 2.4.8 expects (SSLCertificateChainFile is deprecated).
bundle() { cat "$ca/$1.leaf" "$work/intermediate.crt" > "$work/$1.crt"; }

# www: one RSA and one EC certificate for the same names.
ossl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/www-rsa.key"
csr www-rsa "$work/www-rsa.key" www.example.test
leaf_ext www-rsa "DNS:www.example.test, DNS:example.test"
sign int www-rsa "$ca/www-rsa.ext" -days 365
bundle www-rsa

ossl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/www-ec.key"
csr www-ec "$work/www-ec.key" www.example.test
leaf_ext www-ec "DNS:www.example.test, DNS:example.test"
sign int www-ec "$ca/www-ec.ext" -days 365
bundle www-ec

# shop: DELIBERATE key mismatch. The certificate is issued for one key;
# the key file installed next to it is a different, fresh key.
ossl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$ca/shop-issued.key"
csr shop "$ca/shop-issued.key" shop.example.test
leaf_ext shop "DNS:shop.example.test"
sign int shop "$ca/shop.ext" -days 365
bundle shop
ossl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/shop.key"

# api: must-staple (RFC 7633 TLS feature status_request) with an OCSP URI.
ossl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out "$work/api.key"
csr api "$work/api.key" api.example.test
leaf_ext api "DNS:api.example.test" \
"tlsfeature = status_request
authorityInfoAccess = OCSP;URI:http://ocsp.example.test/, caIssuers;URI:http://pki.example.test/intermediate.crt"
sign int api "$ca/api.ext" -days 365
bundle api

# www-old: DELIBERATE expired certificate, left behind by an old vhost.
ossl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/www-old.key"
csr www-old "$work/www-old.key" www.example.test
leaf_ext www-old "DNS:www.example.test"
sign int www-old "$ca/www-old.ext" -startdate 20200101000000Z -enddate 20210101000000Z
bundle www-old

# ---- checks, then swap in ---------------------------------------------
pub() { openssl pkey -in "$1" -pubout 2>/dev/null; }
certpub() { openssl x509 -in "$1" -noout -pubkey 2>/dev/null; }
for n in www-rsa www-ec api www-old; do
    [ "$(pub "$work/$n.key")" = "$(certpub "$work/$n.crt")" ] || {
        echo "make-pki.sh: internal error: $n.key does not match $n.crt" >&2
        exit 1
    }
done
[ "$(pub "$work/shop.key")" != "$(certpub "$work/shop.crt")" ] || {
    echo "make-pki.sh: internal error: shop.key was meant not to match" >&2
    exit 1
}
openssl x509 -in "$work/api.crt" -noout -ext tlsfeature 2>/dev/null |
    grep -qi 'status_request' || {
    echo "make-pki.sh: internal error: api.crt lacks the TLS feature extension" >&2
    exit 1
}
if openssl x509 -in "$work/www-old.crt" -noout -checkend 0 >/dev/null 2>&1; then
    echo "make-pki.sh: internal error: www-old.crt was meant to be expired" >&2
    exit 1
fi
openssl verify -CAfile "$work/ca.crt" -untrusted "$work/intermediate.crt" \
    "$work/www-rsa.crt" "$work/www-ec.crt" "$work/api.crt" >/dev/null

rm -rf "$ca"
chmod 0644 "$work"/*.crt
chmod 0600 "$work"/*.key
chmod 0755 "$work"
old="$dest.old.$$"
[ ! -e "$dest" ] || mv "$dest" "$old"
mv "$work" "$dest"
rm -rf "$old"
trap - EXIT INT TERM
echo "make-pki.sh: demo PKI written to $dest:"
(cd "$dest" && for f in *.crt; do
    printf '  %-18s %s  until %s\n' "$f" \
        "$(openssl x509 -in "$f" -noout -subject -nameopt oneline,-esc_msb | sed 's/^subject= *//; s/.*CN = //')" \
        "$(openssl x509 -in "$f" -noout -enddate | sed 's/^notAfter=//')"
done)
