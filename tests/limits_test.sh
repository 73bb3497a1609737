#!/bin/sh
# Every limit of base/limits.h on the hostile input issue 14 names: each
# must end with a located error that names the limit, within the time
# limit and under a memory ulimit; just under each limit, the same shape
# of input must not name it (a false alarm on a real config is the worst
# outcome).
. "$(dirname "$0")/lib.sh"
need_tool head tr seq xargs truncate openssl

# ASan reserves terabytes of address space for its shadow memory, so a
# virtual-memory ulimit would stop any sanitized binary at start.
if command -v ldd >/dev/null 2>&1 && ldd "$TVC" 2>/dev/null | grep -q libasan; then
    say "note: sanitized build: no ulimit -v (ASan's shadow memory needs terabytes of address space)"
else
    ulimit -v 1572864 || die "cannot set ulimit -v"
    say "ulimit -v 1.5 GiB"
fi
TVC_TIMEOUT=${TVC_LIMIT_TIMEOUT:-30}

# fires NAME FILE LINE WHAT CMD...: a located error naming NAME.
fires() {
    name=$1 file=$2 line=$3 what=$4
    shift 4
    expect_exit 1 "$TVC" "$@" || return 0
    expect_grep "$OUT" "^$file:$line:[0-9]+: error: .*$name" "$what: located error naming $name"
}
# quiet NAME WHAT CMD...: NAME is not mentioned.
quiet() {
    name=$1 what=$2
    shift 2
    run "$TVC" "$@" || return 0
    expect_no_grep "$OUT" "$name" "$what: no $name"
}

# ---- line length and continuations ------------------------------------------
{ printf 'ServerAdmin '; head -c 17000000 /dev/zero | tr '\000' 'a'; printf '\nListen 80\n'; } > "$T/line.conf"
fires TVC_MAX_LINE "$T/line.conf" 1 "a 17 MB line" check "$T/line.conf"
{ printf 'ServerAdmin '; head -c 2000000 /dev/zero | tr '\000' 'a'; printf '\n'; } > "$T/line-ok.conf"
quiet TVC_MAX_LINE "a 2 MB line" check "$T/line-ok.conf"

{ printf 'ServerAdmin a'; seq 70000 | sed 's/.*/ \\/'; printf 'x\nListen 80\n'; } > "$T/cont.conf"
fires TVC_MAX_CONTINUATIONS "$T/cont.conf" 1 "70,000 joined lines" check "$T/cont.conf"
{ printf 'ServerAdmin a'; seq 1000 | sed 's/.*/ \\/'; printf 'x\n'; } > "$T/cont-ok.conf"
quiet TVC_MAX_CONTINUATIONS "1,000 joined lines" check "$T/cont-ok.conf"

# ---- file size: a sparse file, never read ---------------------------------------
truncate -s 600M "$T/huge.inc"
printf 'Listen 80\nInclude huge.inc\n' > "$T/size.conf"
fires TVC_MAX_FILE_SIZE "$T/size.conf" 2 "a 600 MB include" check "$T/size.conf"
quiet TVC_MAX_FILE_SIZE "a small config" check "$T/line-ok.conf"

# ---- include depth, files read, loops -----------------------------------------------
mkdir "$T/chain"
i=0
while [ $i -lt 140 ]; do
    printf 'Include chain/%d.conf\n' $((i + 1)) > "$T/chain/$i.conf"
    i=$((i + 1))
done
printf 'Listen 80\n' > "$T/chain/140.conf"
printf 'Include chain/0.conf\n' > "$T/depth.conf"
fires TVC_MAX_INCLUDE_DEPTH "$T/chain/[0-9]+.conf" 1 "140 nested Includes" check "$T/depth.conf"
printf 'Include chain/40.conf\n' > "$T/depth-ok.conf"
quiet TVC_MAX_INCLUDE_DEPTH "100 nested Includes" check "$T/depth-ok.conf"

# Two links back to the directory: without loop detection, 2^128 reads.
mkdir "$T/loopdir"
printf 'ServerAdmin a@b.test\n' > "$T/loopdir/a.conf"
ln -s . "$T/loopdir/l1"
ln -s "$T/loopdir" "$T/loopdir/l2"
printf 'Listen 80\nInclude loopdir\n' > "$T/loop.conf"
if expect_exit 1 "$TVC" check "$T/loop.conf"; then
    expect_grep "$OUT" "^$T/loop.conf:2:1: error: .*includes itself.*\\[include-loop\\]" \
        "an include loop through symbolic links to the directory: located include-loop"
fi

mkdir "$T/many"
(cd "$T/many" && seq -f '%.0f.conf' 1 100000 | xargs touch) || die "cannot make 100,000 files"
printf 'Listen 80\nInclude many/*.conf\n' > "$T/glob.conf"
fires TVC_MAX_INCLUDED_FILES "$T/glob.conf" 2 "a wildcard over 100,000 files" check "$T/glob.conf"
printf 'Listen 80\nInclude many/1????.conf\n' > "$T/glob-ok.conf"
quiet TVC_MAX_INCLUDED_FILES "a wildcard over 10,000 files" check "$T/glob-ok.conf"

# ---- nesting --------------------------------------------------------------------------
{ seq 10000 | sed 's/.*/<IfModule !nomod_&>/'; echo 'Listen 80'; seq 10000 | sed 's/.*/<\/IfModule>/'; } > "$T/nest.conf"
fires TVC_MAX_NESTING "$T/nest.conf" 256 "10,000 nested sections" check "$T/nest.conf"
{ seq 200 | sed 's/.*/<IfModule !nomod_&>/'; echo 'Listen 80'; seq 200 | sed 's/.*/<\/IfModule>/'; } > "$T/nest-ok.conf"
quiet TVC_MAX_NESTING "200 nested sections" check "$T/nest-ok.conf"

# ---- macros -------------------------------------------------------------------------------
# macro_chain N USES: macro Mi uses M(i-1) USES times; the last line uses MN.
macro_chain() {
    printf '<Macro M0 $x>\nServerAdmin $x@example.test\n</Macro>\n'
    i=1
    while [ "$i" -le "$1" ]; do
        printf '<Macro M%d $x>\n' "$i"
        k=0
        while [ "$k" -lt "$2" ]; do printf 'Use M%d $x\n' $((i - 1)); k=$((k + 1)); done
        printf '</Macro>\n'
        i=$((i + 1))
    done
    printf 'Use M%d a\n' "$1"
}
macro_chain 40 2 > "$T/expo.conf"
fires TVC_MAX_MACRO_OUTPUT "$T/expo.conf" "[0-9]+" "a macro doubling at each of 40 levels" check "$T/expo.conf"
macro_chain 10 2 > "$T/expo-ok.conf"
quiet TVC_MAX_MACRO_OUTPUT "a macro doubling at each of 10 levels" check "$T/expo-ok.conf"
macro_chain 140 1 > "$T/mdepth.conf"
fires TVC_MAX_MACRO_DEPTH "$T/mdepth.conf" "[0-9]+" "140 macros used inside each other" check "$T/mdepth.conf"
macro_chain 100 1 > "$T/mdepth-ok.conf"
quiet TVC_MAX_MACRO_DEPTH "100 macros used inside each other" check "$T/mdepth-ok.conf"

# ---- ${VAR} ------------------------------------------------------------------------------
# define_chain N: V0 is 1 byte, Vi is V(i-1) twice, so VN is 2^N bytes.
define_chain() {
    printf 'Define V0 a\n'
    seq "$1" | awk '{ printf "Define V%d ${V%d}${V%d}\n", $1, $1 - 1, $1 - 1 }'
}
{ define_chain 25; echo 'Listen 80'; } > "$T/vars.conf"
fires TVC_MAX_EXPANDED_LINE "$T/vars.conf" 25 "a Define doubling to 32 MiB" check "$T/vars.conf"
{ define_chain 20; echo 'Listen 80'; } > "$T/vars-ok.conf"
quiet TVC_MAX_EXPANDED_LINE "a Define doubling to 1 MiB" check "$T/vars-ok.conf"
{ define_chain 23; seq 40 | sed 's/.*/ServerAdmin ${V23}/'; } > "$T/vtotal.conf"
fires TVC_MAX_EXPANSION_TOTAL "$T/vtotal.conf" "[0-9]+" "40 lines of 8 MiB each" check "$T/vtotal.conf"
{ define_chain 23; seq 4 | sed 's/.*/ServerAdmin ${V23}/'; } > "$T/vtotal-ok.conf"
quiet TVC_MAX_EXPANSION_TOTAL "4 lines of 8 MiB each" check "$T/vtotal-ok.conf"

# ---- TLS arguments and certificates ---------------------------------------------------------
{ printf 'SSLCipherSuite '; seq 100000 | sed 's/.*/AES128-SHA/' | tr '\n' ':'; printf 'HIGH\n'; } > "$T/cipher.conf"
fires TVC_MAX_CIPHER_STRING "$T/cipher.conf" 1 "a 1 MB cipher string" check "$T/cipher.conf"
{ printf 'SSLCipherSuite '; seq 200 | sed 's/.*/AES128-SHA/' | tr '\n' ':'; printf 'HIGH\n'; } > "$T/cipher-ok.conf"
quiet TVC_MAX_CIPHER_STRING "a 2 KB cipher string" check "$T/cipher-ok.conf"

P=$T/pki
mkdir "$P"
# sans_cert NAME N: a self-signed certificate for a.test with N DNS names.
sans_cert() {
    {
        printf '[req]\ndistinguished_name=dn\nprompt=no\nx509_extensions=ext\n'
        printf '[dn]\nCN=a.test\n[ext]\nsubjectAltName=@alt\n[alt]\n'
        seq "$2" | sed 's/.*/DNS.&=h&.a.test/'
    } > "$P/$1.cnf"
    ossl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
        -days 30 -config "$P/$1.cnf" -keyout "$P/$1.key" -out "$P/$1.crt"
}
# vhost_conf NAME CERT KEY: one TLS vhost.
vhost_conf() {
    printf 'Listen 443\n<VirtualHost *:443>\nServerName h1.a.test\nSSLEngine on\nSSLCertificateFile %s\nSSLCertificateKeyFile %s\n</VirtualHost>\n' \
        "$2" "$3" > "$T/$1.conf"
}
sans_cert big 10000
vhost_conf sans "$P/big.crt" "$P/big.key"
fires TVC_MAX_CERT_SANS "$T/sans.conf" 5 "a certificate with 10,000 names" check "$T/sans.conf"
sans_cert small 100
vhost_conf sans-ok "$P/small.crt" "$P/small.key"
quiet TVC_MAX_CERT_SANS "a certificate with 100 names" check "$T/sans-ok.conf"

cp "$P/small.crt" "$P/many.crt"
seq 4100 | while read -r _; do cat "$P/small.crt"; done >> "$P/many.crt"
vhost_conf certs "$P/many.crt" "$P/small.key"
fires TVC_MAX_CERTS_PER_FILE "$T/certs.conf" 5 "4,101 certificates in one file" check "$T/certs.conf"
quiet TVC_MAX_CERTS_PER_FILE "one certificate in the file" check "$T/sans-ok.conf"

finish
