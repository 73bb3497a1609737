#!/bin/bash
# `tlsvhostc convert` writes what can be deployed (../shared/CONTRACT.md,
# "Conversion writes what can be deployed"; issue 10 items 14-16).
#
# (A) the input is never written (item 15): -o naming CONFIG, an included
#     file, a symbolic link to CONFIG, or the source directory itself
#     (-o .) exits 2 and leaves every file byte for byte, with no temporary
#     file left; -o a new path writes; --in-place writes only the files that
#     change, keeps FILE.orig, refuses to overwrite an existing FILE.orig,
#     and changes nothing the second time.
# (B) paths keep their form (item 16): in a config without a ServerRoot
#     line, an absolute certificate path stays that absolute path and a
#     relative key path stays relative, for every target.
# (C) files included from outside the tree (item 14), small cases: one
#     without TLS directives is left alone (no copy, the Include kept, no
#     note); one with TLS directives reached through a wildcard cannot be
#     given a copy of its own: exit 2, convert-outside-file, nothing written.
# (D) certbot on Debian (tests/data/certbot-debian, see its README): the
#     tree in $T/etc/apache2, certbot's options file and live/NAME/ in
#     $T/etc/letsencrypt, outside the tree, with absolute paths; a CA, an
#     intermediate and three leaves made here with openssl. `check` finds no
#     error; the real apache2 with mod_ssl starts on it and serves each name
#     its certificate. Then for mod_tls and mod_gnutls: convert -o OUT, the
#     note says where the converted options file goes, OUT holds the tree's
#     files and that copy only, certbot's file is untouched; deployed as the
#     note says (OUT replaces the tree), no SSL* directive is left in what
#     httpd reads, and apache2 with the real module
#     (../shared/oracle/mod_tls.so, mod_gnutls.so) starts on 127.0.0.1 and
#     serves each name (ServerName and ServerAlias) the leaf of its
#     fullchain.pem (SHA-256 fingerprints compared).
#
# Needs APACHE2 and openssl (a missing one is a failure: run ./bootstrap).
# Without ../shared/oracle (TVC_ORACLE_DIR overrides) the parts that need a
# module say so and the test ends with status 77 (skip) if nothing failed.
. "$(dirname "$0")/lib.sh"

MODDIR=${APACHE2_MODDIR:-/usr/lib/apache2/modules}
ORACLE=$(oracle_dir)
FIXTURE=$TVC_SRCDIR/tests/data/certbot-debian
SKIPPED=

need_apache2
command -v openssl >/dev/null 2>&1 || { fail "the openssl command is missing: run ./bootstrap"; finish; }
[ -d "$FIXTURE/apache2" ] || die "no fixture at $FIXTURE"

# ---- PKI: a root, an intermediate (as Let's Encrypt's R3), three leaves ------------

P=$T/pki
mkdir -p "$P"
ossl req -x509 -newkey rsa:2048 -nodes -keyout "$P/ca.key" -out "$P/ca.pem" -days 400 \
    -subj "/O=tlsvhostc tests/CN=TVC Deploy Root" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
ossl req -newkey rsa:2048 -nodes -keyout "$P/int.key" -out "$P/int.csr" \
    -subj "/O=tlsvhostc tests/CN=TVC Deploy R3"
printf '%s\n' "basicConstraints = critical,CA:TRUE,pathlen:0" \
    "keyUsage = critical,keyCertSign,cRLSign" > "$P/int.ext"
ossl x509 -req -in "$P/int.csr" -CA "$P/ca.pem" -CAkey "$P/ca.key" -set_serial 0x1001 \
    -days 400 -extfile "$P/int.ext" -out "$P/int.pem"

LE=$T/etc/letsencrypt
NAMES="a.test b.test c.test"
# leaf NAME KEYTYPE: $LE/live/NAME/{fullchain,privkey}.pem as certbot lays them out
leaf() {
    local d=$LE/live/$1
    mkdir -p "$d"
    if [ "$2" = rsa ]; then
        ossl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$d/privkey.pem"
    else
        ossl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$d/privkey.pem"
    fi
    chmod 600 "$d/privkey.pem"
    printf '%s\n' "basicConstraints = CA:FALSE" "keyUsage = critical,digitalSignature,keyEncipherment" \
        "extendedKeyUsage = serverAuth" "subjectAltName = DNS:$1, DNS:www.$1" > "$P/$1.ext"
    ossl req -new -key "$d/privkey.pem" -subj "/CN=$1" -out "$P/$1.csr"
    ossl x509 -req -in "$P/$1.csr" -CA "$P/int.pem" -CAkey "$P/int.key" \
        -set_serial "0x$(openssl rand -hex 8)" -days 90 -extfile "$P/$1.ext" -out "$d/cert.pem"
    cp "$P/int.pem" "$d/chain.pem"
    cat "$d/cert.pem" "$d/chain.pem" > "$d/fullchain.pem"
}
leaf a.test rsa
leaf b.test ec
leaf c.test rsa

fingerprint() {
    openssl x509 -noout -fingerprint -sha256 "$@" 2>/dev/null | sed 's/.*=//'
}

# ---- apache2: start and stop ---------------------------------------------------------

RUN=$T/run
mkdir -p "$RUN"
# The fixture's apache2.conf (Debian's envvars) puts its files under @RUN@.
AP_RUN=$RUN
AP_PIDFILE=$RUN/apache2.pid

# start_apache ROOT LABEL: 0 when apache2 serves on $PORT (APID set); any
# other outcome is recorded as a failure, with the logs.
start_apache() {
    AP_ROOT=$1
    apache_start "$1/apache2.conf"
    case $? in
    0)
        pass "$2: apache2 started on 127.0.0.1:$PORT"
        return 0
        ;;
    2)
        fail "$2: apache2 did not come up within 10 s"
        show "$(ap_errlog)" error.log
        ;;
    *)
        fail "$2: apache2 exited at start (status $ASTATUS)"
        apache_show_logs
        ;;
    esac
    return 1
}

# served_ok LABEL: every name and alias gets the leaf of its fullchain.pem
served_ok() {
    local n name want got
    for n in $NAMES; do
        want=$(fingerprint -in "$LE/live/$n/fullchain.pem")
        for name in "$n" "www.$n"; do
            got=$(timeout -k 2 10 openssl s_client -connect "127.0.0.1:$PORT" -servername "$name" \
                < /dev/null 2> "$T/.sclient.err" | fingerprint)
            expect_eq "$got" "$want" "$1: SNI $name gets the leaf of live/$n/fullchain.pem"
        done
    done
}

# ---- the certbot + Debian tree --------------------------------------------------------

pick_port
ROOT=$T/etc/apache2
USERGROUP=
[ "$(id -u)" = 0 ] && USERGROUP="User nobody
Group $(id -gn nobody 2>/dev/null || echo nogroup)"
mkdir -p "$ROOT" "$LE"
cp -R "$FIXTURE/apache2/." "$ROOT/"
cp "$FIXTURE/letsencrypt/options-ssl-apache.conf" "$LE/"
for f in $(cd "$ROOT" && find . -type f) "$LE/options-ssl-apache.conf"; do
    case $f in /*) ;; *) f=$ROOT/${f#./} ;; esac
    awk -v root="$ROOT" -v le="$LE" -v run="$RUN" -v port="$PORT" -v ug="$USERGROUP" '
        { gsub(/@ROOT@/, root); gsub(/@LE@/, le); gsub(/@RUN@/, run); gsub(/@PORT@/, port)
          gsub(/@USERGROUP@/, ug); print }' "$f" > "$f.new" && mv "$f.new" "$f"
done
if [ "$MODDIR" != /usr/lib/apache2/modules ]; then
    sed -i "s#/usr/lib/apache2/modules/#$MODDIR/#" "$ROOT"/mods-enabled/*.load
fi
for n in $NAMES; do
    mkdir -p "$ROOT/www/$n"
    printf '%s\n' "$n" > "$ROOT/www/$n/index.html"
done
chmod 711 "$T" "$T/etc"
cp "$LE/options-ssl-apache.conf" "$T/options.orig"
TREE_FILES=$(cd "$ROOT" && find . -type f -name '*.conf' -o -type f -name '*.load' | sed 's#^\./##' | LC_ALL=C sort | tr '\n' ' ')
cp -R "$ROOT" "$T/apache2.src"

say "# (D) certbot + Debian: check, and mod_ssl on the original tree"
run "$TVC" check --ca-file "$P/ca.pem" "$ROOT/apache2.conf"
if [ "$RC" = 0 ] && ! grep -q ' error: ' "$ERR"; then
    pass "(D) tlsvhostc check: no error on certbot's layout (SSLProtocol all -SSLv2 ... included)"
else
    fail "(D) tlsvhostc check: expected no error, got exit $RC"
    show_run
fi
if expect_exit 0 "$APACHE2" -t -d "$ROOT" -f "$ROOT/apache2.conf"; then
    if start_apache "$ROOT" "(D) mod_ssl, the original tree"; then
        served_ok "(D) mod_ssl"
    fi
    apache_stop
fi

# deploy TARGET MODULE_SO: convert, deploy OUT as the note says, start, compare
deploy() {
    local t=$1 so=$2 out conv f left on off
    out=$T/out-$t
    say "# (D) certbot + Debian -> $t"
    expect_exit 0 "$TVC" convert --to="$t" --allow-lossy --ca-file "$P/ca.pem" -o "$out" \
        "$ROOT/apache2.conf" || return
    conv=$LE/options-ssl-apache.$t.conf
    expect_grep "$ERR" "a\.test-le-ssl\.conf:12:1: note: '$LE/options-ssl-apache\.conf' is outside the tree .*'$out$conv'; copy it to '$conv', which this Include now names.*\[convert-outside-file\]" \
        "(D) $t: a note at the Include says which file to copy where"
    expect_eq "$(grep -c '\[convert-outside-file\]' "$ERR")" 1 "(D) $t: one note for the file, not one per Include"
    # what the targets cannot express: rustls has no DHE suites and no
    # cache timeout, GnuTLS's priorities name components, not suites
    grep '\[convert-lossy\]' "$ERR" | grep -v -E 'suites (lost|added): |no session cache timeout' > "$T/.lossy"
    expect_empty "$T/.lossy" "(D) $t: what is lossy is suites and the session cache timeout only"
    if cmp -s "$LE/options-ssl-apache.conf" "$T/options.orig"; then
        pass "(D) $t: certbot's options-ssl-apache.conf is untouched"
    else
        fail "(D) $t: certbot's options-ssl-apache.conf was changed"
    fi
    for f in $NAMES; do
        expect_grep "$out/sites-enabled/$f-le-ssl.conf" "^Include $conv\$" \
            "(D) $t: $f-le-ssl.conf includes the converted copy"
    done
    # Debian's ports.conf: Listen in <IfModule ssl_module> and again in
    # <IfModule mod_gnutls.c>; exactly one may hold in the output
    case $t in
    mod_tls) on=tls_module off=mod_gnutls.c ;;
    *) on=gnutls_module off=mod_ssl.c ;;
    esac
    expect_eq "$(grep -o '<IfModule [^>]*>' "$out/ports.conf" | tr '\n' ' ')" \
        "<IfModule $on> <IfModule $off> " \
        "(D) $t: ports.conf listens once (the <IfModule> that held still holds, the other does not)"
    [ -f "$out$conv" ] || { fail "(D) $t: $out$conv was not written"; return; }
    expect_no_grep "$out$conv" '^[[:space:]]*(SSL|TLS|GnuTLS)' \
        "(D) $t: the copy keeps the LogFormat lines and no TLS directive (the vhosts carry the policy)"
    expect_grep "$out$conv" '^LogFormat .* vhost_combined$' "(D) $t: the copy keeps certbot's LogFormat lines"
    # as the note says
    cp "$out$conv" "$conv"
    rm -f "$out$conv"
    find "$out" -depth -type d -empty -delete
    left=$(cd "$out" && find . -type f | sed 's#^\./##' | LC_ALL=C sort | tr '\n' ' ')
    expect_eq "$left" "$TREE_FILES" "(D) $t: OUT holds the tree's files and the copy, nothing else"
    rm -rf "$ROOT"
    mkdir -p "$ROOT"
    cp -R "$out/." "$ROOT/"
    cp -R "$T/apache2.src/www" "$ROOT/"
    expect_no_grep <(cat "$ROOT"/apache2.conf "$ROOT"/ports.conf "$ROOT"/mods-enabled/* \
        "$ROOT"/sites-enabled/* "$conv") '^[[:space:]]*SSL' \
        "(D) $t: no SSL* directive is left in what httpd reads"
    if [ ! -f "$ORACLE/$so" ]; then
        skip "(D) $t: $ORACLE/$so is missing: the deployed tree is not started (see ../shared/oracle/README.md)"
        SKIPPED="$SKIPPED $so"
    else
        grep -l -r "/usr/lib/apache2/modules/$so" "$ROOT" | while read -r f; do
            sed -i "s#/usr/lib/apache2/modules/$so#$ORACLE/$so#" "$f"
        done
        if expect_exit 0 "$APACHE2" -t -d "$ROOT" -f "$ROOT/apache2.conf"; then
            if start_apache "$ROOT" "(D) $t, the deployed output"; then
                served_ok "(D) $t"
            fi
            apache_stop
        fi
    fi
    rm -rf "$ROOT" "$conv"
    cp -R "$T/apache2.src" "$ROOT"
}
deploy mod_tls mod_tls.so
deploy mod_gnutls mod_gnutls.so

# ---- (A) the input is never written ------------------------------------------------------

say "# (A) -o never names the input; --in-place keeps .orig"
A=$T/a
mkdir -p "$A/conf.d"
cp "$LE/live/a.test/fullchain.pem" "$A/a.pem"
cp "$LE/live/a.test/privkey.pem" "$A/a.key"
cat > "$A/site.conf" <<EOF
LoadModule ssl_module $MODDIR/mod_ssl.so
Listen 443
Include conf.d/*.conf
EOF
cat > "$A/conf.d/a.conf" <<'EOF'
<VirtualHost *:443>
    ServerName a.test
    SSLEngine on
    SSLCertificateFile a.pem
    SSLCertificateKeyFile a.key
</VirtualHost>
EOF
printf '# nothing about TLS here\nServerAdmin root@localhost\n' > "$A/conf.d/plain.conf"
ln -s site.conf "$A/link.conf"
cp -R "$A" "$T/a.before"
same_tree() {
    if diff -r --no-dereference "$T/a.before" "$A" > "$T/.diff" 2>&1; then
        pass "$1: every input file is byte for byte as before, nothing added"
    else
        fail "$1: the source directory changed:"
        sed 's/^/     | /' "$T/.diff" | head -n 10
    fi
}
refused() {
    local label=$1
    shift
    if expect_exit 2 "$TVC" convert --ca-file "$P/ca.pem" --to=mod_tls "$@"; then
        expect_grep "$ERR" 'nothing written: .*a file of the configuration being converted' \
            "$label: refused, saying the file is part of the input"
    fi
    same_tree "$label"
}
refused "(A) -o CONFIG" -o "$A/site.conf" "$A/site.conf"
refused "(A) -o an included file" -o "$A/conf.d/a.conf" "$A/site.conf"
refused "(A) -o a symbolic link to CONFIG" -o "$A/link.conf" "$A/site.conf"
(cd "$A" && refused "(A) -o . in the source directory" -o . site.conf)
expect_exit 2 "$TVC" convert --ca-file "$P/ca.pem" --to=mod_tls --in-place -o "$T/x.conf" "$A/site.conf" &&
    expect_grep "$ERR" 'give one of them' "(A) --in-place with -o: usage error"
if expect_exit 0 "$TVC" convert --ca-file "$P/ca.pem" --to=mod_tls -o "$T/new" "$A/site.conf"; then
    expect_grep "$T/new/conf.d/a.conf" '^[[:space:]]*TLSCertificate a\.pem a\.key$' "(A) -o a new directory writes the converted tree"
    same_tree "(A) -o a new directory"
fi
if expect_exit 0 "$TVC" convert --ca-file "$P/ca.pem" --to=mod_tls --in-place "$A/site.conf"; then
    expect_grep "$A/conf.d/a.conf" '^[[:space:]]*TLSCertificate a\.pem a\.key$' "(A) --in-place rewrites the vhost file"
    cmp -s "$A/conf.d/a.conf.orig" "$T/a.before/conf.d/a.conf" &&
        pass "(A) --in-place keeps the original as a.conf.orig" ||
        fail "(A) --in-place: conf.d/a.conf.orig is not the original"
    cmp -s "$A/site.conf.orig" "$T/a.before/site.conf" &&
        pass "(A) --in-place keeps the original as site.conf.orig" ||
        fail "(A) --in-place: site.conf.orig is not the original"
    [ ! -e "$A/conf.d/plain.conf.orig" ] && cmp -s "$A/conf.d/plain.conf" "$T/a.before/conf.d/plain.conf" &&
        pass "(A) --in-place leaves a file that does not change alone (no backup)" ||
        fail "(A) --in-place rewrote or backed up conf.d/plain.conf, which does not change"
    expect_eq "$(cd "$A" && find . -name '*.tmp*' | wc -l | tr -d ' ')" 0 "(A) --in-place leaves no temporary file"
    cp -R "$A" "$T/a.after"
    if expect_exit 0 "$TVC" convert --ca-file "$P/ca.pem" --to=mod_tls --in-place "$A/site.conf"; then
        diff -r "$T/a.after" "$A" > /dev/null &&
            pass "(A) --in-place again: nothing changes (the config is mod_tls already)" ||
            fail "(A) --in-place again changed files"
    fi
    # a changed file whose .orig exists: nothing written
    cp "$T/a.before/conf.d/a.conf" "$A/conf.d/a.conf"
    cp "$T/a.before/site.conf" "$A/site.conf"
    cp -R "$A" "$T/a.after2"
    if expect_exit 2 "$TVC" convert --ca-file "$P/ca.pem" --to=mod_tls --in-place "$A/site.conf"; then
        expect_grep "$ERR" "site\.conf\.orig' exists: --in-place keeps the original" "(A) --in-place does not overwrite an older backup"
        diff -r "$T/a.after2" "$A" > /dev/null && pass "(A) ... and writes nothing" ||
            fail "(A) --in-place wrote although a backup was in the way"
    fi
fi

# ---- (B) paths keep their form -------------------------------------------------------------

say "# (B) an absolute path stays absolute, a relative one relative"
B=$T/b
mkdir -p "$B/pki"
cp "$LE/live/a.test/fullchain.pem" "$B/pki/a.crt"
cp "$LE/live/a.test/privkey.pem" "$B/pki/a.key"
cat > "$B/site.conf" <<EOF
LoadModule ssl_module $MODDIR/mod_ssl.so
Listen 443
<VirtualHost *:443>
    ServerName a.test
    SSLEngine on
    SSLCertificateFile $B/pki/a.crt
    SSLCertificateKeyFile pki/a.key
</VirtualHost>
EOF
for t in mod_tls mod_gnutls mod_ssl; do
    if expect_exit 0 "$TVC" convert --ca-file "$P/ca.pem" --to=$t --allow-lossy -o "$T/b-$t.conf" "$B/site.conf"; then
        expect_grep "$T/b-$t.conf" "^[[:space:]]*(TLSCertificate|GnuTLSCertificateFile|SSLCertificateFile) $B/pki/a\.crt( |\$)" \
            "(B) $t: the absolute certificate path is written as it was (no ServerRoot line: httpd would resolve pki/a.crt against its own)"
        expect_grep "$T/b-$t.conf" '^[[:space:]]*(TLSCertificate .* |GnuTLSKeyFile |SSLCertificateKeyFile )pki/a\.key$' \
            "(B) $t: the relative key path stays relative"
    fi
done

# ---- (C) files from outside the tree: the small cases ----------------------------------------

say "# (C) outside files: unchanged ones stay, a wildcard cannot be renamed"
C=$T/c
mkdir -p "$C/tree" "$C/outside/snip"
cp "$LE/live/a.test/fullchain.pem" "$C/tree/a.pem"
cp "$LE/live/a.test/privkey.pem" "$C/tree/a.key"
printf 'ServerAdmin root@localhost\n' > "$C/outside/plain.conf"
printf 'SSLProtocol -all +TLSv1.2 +TLSv1.3\n' > "$C/outside/snip/tls.conf"
cat > "$C/tree/plain.conf" <<EOF
LoadModule ssl_module $MODDIR/mod_ssl.so
Listen 443
Include $C/outside/plain.conf
<VirtualHost *:443>
    ServerName a.test
    SSLEngine on
    SSLCertificateFile a.pem
    SSLCertificateKeyFile a.key
</VirtualHost>
EOF
if expect_exit 0 "$TVC" convert --ca-file "$P/ca.pem" --to=mod_tls -o "$T/c-plain" "$C/tree/plain.conf"; then
    expect_grep "$T/c-plain/plain.conf" "^Include $C/outside/plain\\.conf\$" \
        "(C) an outside file without TLS directives: the Include still names it"
    expect_eq "$(cd "$T/c-plain" && find . -type f | sed 's#^\./##' | tr '\n' ' ')" "plain.conf " \
        "(C) ... and no copy of it is written"
    expect_no_grep "$ERR" 'convert-outside-file' "(C) ... and no note"
fi
sed "s#Include $C/outside/plain.conf#Include $C/outside/snip/*.conf#" "$C/tree/plain.conf" > "$C/tree/glob.conf"
if expect_exit 2 "$TVC" convert --ca-file "$P/ca.pem" --to=mod_tls -o "$T/c-glob" "$C/tree/glob.conf"; then
    expect_grep "$ERR" "glob\.conf:3:1: error: '$C/outside/snip/tls\.conf' is outside the tree and has TLS settings to convert, but it is included by a wildcard.*\[convert-outside-file\]" \
        "(C) an outside file with TLS directives behind a wildcard: convert-outside-file error at the Include"
    [ ! -e "$T/c-glob" ] && pass "(C) ... and nothing is written" || fail "(C) $T/c-glob was written"
fi

# A vhost whose first TLS directive is in a shared outside file: its TLS
# block goes before the Include, never into the file the others share.
printf 'SSLEngine on\nSSLProtocol -all +TLSv1.2 +TLSv1.3\n' > "$C/outside/opts.conf"
{
    printf 'LoadModule ssl_module %s/mod_ssl.so\nListen 443\n' "$MODDIR"
    for n in a b; do
        cp "$LE/live/$n.test/fullchain.pem" "$C/tree/$n.pem"
        cp "$LE/live/$n.test/privkey.pem" "$C/tree/$n.key"
        printf '<VirtualHost *:443>\n    ServerName %s.test\n    Include %s/outside/opts.conf\n    SSLCertificateFile %s.pem\n    SSLCertificateKeyFile %s.key\n</VirtualHost>\n' \
            "$n" "$C" "$n" "$n"
    done
} > "$C/tree/shared.conf"
if expect_exit 0 "$TVC" convert --ca-file "$P/ca.pem" --to=mod_tls -o "$T/c-shared" "$C/tree/shared.conf"; then
    expect_no_grep "$T/c-shared$C/outside/opts.mod_tls.conf" 'TLSCertificate' \
        "(C) a shared outside file gets no vhost's certificate"
    awk '/ServerName/ { n = $2 } /TLSCertificate/ { c[n] = NR } /^ *Include/ { i[n] = NR }
         END { print (c["a.test"] < i["a.test"] && c["b.test"] < i["b.test"]) ? "before" : "not before" }' \
        "$T/c-shared/shared.conf" > "$T/.order"
    expect_eq "$(cat "$T/.order")" before "(C) each vhost's TLSCertificate is written before its Include"
    expect_eq "$(grep -c "Include $C/outside/opts\.mod_tls\.conf\$" "$T/c-shared/shared.conf")" 2 \
        "(C) both Includes name the converted copy"
fi
# --in-place: the copy goes beside the outside file, which stays as it is
cp "$C/outside/opts.conf" "$T/opts.before"
if expect_exit 0 "$TVC" convert --ca-file "$P/ca.pem" --to=mod_tls --in-place "$C/tree/shared.conf"; then
    expect_grep "$ERR" "note: '$C/outside/opts\.conf' is outside the tree .* is written to '$C/outside/opts\.mod_tls\.conf', beside it, .*\[convert-outside-file\]" \
        "(C) --in-place: a note says the converted copy is written beside the outside file"
    [ -f "$C/outside/opts.mod_tls.conf" ] && cmp -s "$C/outside/opts.conf" "$T/opts.before" &&
        [ ! -e "$C/outside/opts.conf.orig" ] &&
        pass "(C) --in-place: the copy is there, the outside file is untouched (no .orig needed)" ||
        fail "(C) --in-place: expected opts.mod_tls.conf beside an untouched opts.conf"
    expect_eq "$(grep -c "Include $C/outside/opts\.mod_tls\.conf\$" "$C/tree/shared.conf")" 2 \
        "(C) --in-place: both Includes name the copy"
fi

if [ -n "$SKIPPED" ] && [ "$failures" = 0 ]; then
    printf 'SKIP %s: %d checks passed, but the oracle modules%s are missing in %s: the converted trees were not served\n' \
        "$TEST_NAME" "$checks" "$SKIPPED" "$ORACLE"
    exit 77
fi
finish
