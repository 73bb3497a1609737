#!/bin/bash
# `tlsvhostc convert`: defaults stay defaults for every pair of modules, and
# key-exchange groups are compared by identity, not spelling (issue 10,
# items 17 and 18; ../shared/CONTRACT.md "Conversion writes what can be
# deployed").
#
# The corpus is tests/data/convert-defaults/NAME.conf, one vhost a.test
# each (the CA and a.test's certificate are made here with openssl):
#
#   ssl-none, gnutls-none, tls-none    nothing set: each module's defaults
#   ssl-proto        SSLProtocol -all +TLSv1.2 +TLSv1.3, default ciphers
#   ssl-proto13      SSLProtocol -all +TLSv1.3 in the vhost, default ciphers
#   gnutls-vers      GnuTLSPriorities NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2
#   tls-proto        TLSProtocol TLSv1.3+ in the vhost, default ciphers
#   ssl-explicit     SSLCipherSuite ECDHE+AESGCM (explicit: no-fire for the defaults rule)
#   gnutls-explicit  NORMAL with versions and -CHACHA20-POLY1305 (explicit)
#   gnutls-vhost-normal  the server picks TLS 1.3 on NORMAL, the vhost says NORMAL
#   ssl-groups-rustls    SSLOpenSSLConfCmd Curves X25519:prime256v1:secp384r1
#                        (rustls's own list, spelled OpenSSL's way)
#   ssl-groups-p521      Curves X25519:secp521r1 (rustls lacks secp521r1)
#   ssl-groups-normal    Groups in GnuTLS NORMAL's order (mod_gnutls's own list)
#   ssl-ecdh             SSLOpenSSLConfCmd ECDHParameters secp384r1 (one group)
#   ssl-ecdh-auto        ECDHParameters automatic (OpenSSL 3 ignores it on a server)
#   gnutls-groups-ffdhe  GROUP-X25519, SECP256R1, FFDHE2048 (rustls lacks ffdhe2048)
#   gnutls-groups-openssl  GROUP-* in OpenSSL's default order (mod_ssl's own list)
#
# (1) defaults: each *-none, *-proto*, gnutls-vers case converts to each
#     other module exactly (exit 0 without --allow-lossy), writes no cipher
#     line (no SSLCipherSuite, no TLSCiphers*, a GnuTLSPriorities only as
#     NORMAL with versions), says convert-defaults, and keeps the protocol
#     range it sets; converted back to its own module, the IR's policy
#     fields (protocol_text, protocols_effective, cipher_spec, the suites,
#     server_preference) are the source's: ir(emit(ir(emit(ir(X))))) = ir(X).
# (2) explicit settings are still translated (a cipher line is written);
#     a vhost's NORMAL under a server that picks versions says its own
#     versions again (its string replaces the server's).
# (3) groups: equal lists are exact, a target's own list is not written, a
#     group the target lacks is convert-lossy at its line.
# (4) the real modules accept every output: `apache2 -t` with Debian's
#     mod_ssl and the mod_gnutls / mod_tls builds in ../shared/oracle (read
#     its README); where an oracle module is missing, that check is skipped
#     and says so.
. "$(dirname "$0")/lib.sh"

MODDIR=${APACHE2_MODDIR:-/usr/lib/apache2/modules}
DATA=$TVC_SRCDIR/tests/data/convert-defaults
ORACLE=$(oracle_dir)

[ -d "$DATA" ] || die "no corpus at $DATA"
command -v openssl >/dev/null 2>&1 || { fail "the openssl command is missing: run ./bootstrap"; finish; }

# ---- PKI --------------------------------------------------------------------

P=$T/pki
mkdir -p "$P"
ossl req -x509 -newkey rsa:2048 -nodes -keyout "$P/ca.key" -out "$P/ca.pem" \
    -days 400 -subj "/O=tlsvhostc tests/CN=TVC Defaults Test CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
ossl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$P/a.key"
chmod 600 "$P/a.key"
printf '%s\n' "basicConstraints = CA:FALSE" "keyUsage = critical,digitalSignature" \
    "extendedKeyUsage = serverAuth" "subjectAltName = DNS:a.test" > "$P/a.ext"
ossl req -new -key "$P/a.key" -subj "/O=tlsvhostc tests/CN=a.test" -out "$P/a.csr"
ossl x509 -req -in "$P/a.csr" -CA "$P/ca.pem" -CAkey "$P/ca.key" -set_serial 0x1234 \
    -days 365 -extfile "$P/a.ext" -out "$P/a.pem"

# case_dir NAME: a directory with NAME's config as httpd.conf and its files
case_dir() {
    local d=$T/cases/$1
    rm -rf "$d"
    mkdir -p "$d/pki" "$d/htdocs"
    cp "$DATA/$1.conf" "$d/httpd.conf"
    cp -p "$P/a.pem" "$P/a.key" "$d/pki/"
    printf '%s\n' "$d"
}

# add_files DIR: the certificate, key and pages an output names
add_files() {
    mkdir -p "$1/pki" "$1/htdocs"
    cp -p "$P/a.pem" "$P/a.key" "$1/pki/"
}

# convert NAME-OF-RUN TARGET CONFIG [OPTION]: -o $T/out/NAME-OF-RUN (O);
# $RC, $ERR kept, $O.err a copy of the findings
convert() {
    local o=$T/out/$1
    rm -rf "$o"
    mkdir -p "$o"
    run "$TVC" convert --to="$2" ${4:-} --ca-file "$P/ca.pem" -o "$o" "$3" || return 1
    cp "$ERR" "$o.err"
    add_files "$o"
    O=$o
}

# policy_facts CONFIG: the IR's policy fields of every vhost, one a line
policy_facts() {
    run "$TVC" ir "$1" || return 1
    [ "$RC" = 0 ] || { fail "tlsvhostc ir $1: exit $RC"; show_run; return 1; }
    json_flat "$OUT" | grep -E '^\.vhosts\[[0-9]+\]\.tls\.(protocol_text|protocol_min|protocol_max|protocols_effective|cipher_spec|ciphers_tls12|ciphers_tls13|server_preference)' |
        LC_ALL=C sort
}

module_of() {
    case $1 in
    ssl-*) echo mod_ssl ;;
    gnutls-*) echo mod_gnutls ;;
    tls-*) echo mod_tls ;;
    esac
}

# ---- (4) the real modules ----------------------------------------------------

need_apache2
BUILTIN=$("$APACHE2" -l 2>/dev/null)
LOADS=
for m in mpm_event authz_core socache_shmcb; do
    case $BUILTIN in
    *"mod_$m.c"*) continue ;;
    esac
    LOADS="${LOADS}LoadModule ${m}_module $MODDIR/mod_$m.so
"
done

# configtest DIR TARGET LABEL: apache2 -t on the output, with the real module
configtest() {
    local d=$1 so
    case $2 in
    mod_ssl) so=$MODDIR/mod_ssl.so ;;
    mod_gnutls) so=$ORACLE/mod_gnutls.so ;;
    mod_tls) so=$ORACLE/mod_tls.so ;;
    esac
    if [ ! -f "$so" ]; then
        skip "$3: apache2 -t with the real $2: $so is missing (see ../shared/oracle/README.md)"
        return
    fi
    sed -i "s#^LoadModule \([a-z_]*\) /usr/lib/apache2/modules/$2\.so\$#LoadModule \1 $so#" \
        "$d/httpd.conf"
    mkdir -p "$d/run"
    {
        printf 'ServerRoot "%s"\nPidFile "%s/run/httpd.pid"\nErrorLog "%s/run/error.log"\n' \
            "$d" "$d" "$d"
        printf 'DefaultRuntimeDir "%s/run"\n%sServerName localhost\nInclude httpd.conf\n' \
            "$d" "$LOADS"
    } > "$d/server.conf"
    if run "$APACHE2" -t -f "$d/server.conf" -d "$d" && [ "$RC" = 0 ]; then
        pass "$3: the real $2 accepts the output (apache2 -t: $(head -n 1 "$ERR"))"
    else
        fail "$3: apache2 -t with the real $2 refuses the output (exit $RC)"
        show_run
        show "$d/httpd.conf" httpd.conf
    fi
}

# ---- (1) defaults stay defaults, and the round trip -------------------------------

say "# (1) a policy at the source module's defaults"
for c in ssl-none ssl-proto ssl-proto13 gnutls-none gnutls-vers tls-none tls-proto; do
    src=$(module_of "$c")
    in=$(case_dir "$c")
    facts_in=$(policy_facts "$in/httpd.conf") || continue
    [ -n "$facts_in" ] || { fail "$c: the IR has no policy fields"; continue; }
    for t in mod_ssl mod_gnutls mod_tls; do
        [ "$t" = "$src" ] && continue
        label="$c -> $t"
        convert "$c-$t" "$t" "$in/httpd.conf" || continue
        if [ "$RC" != 0 ]; then
            fail "$label: expected an exact conversion (exit 0), got $RC"
            show_run
            continue
        fi
        pass "$label: exact, exit 0"
        expect_no_grep "$O.err" '\[convert-lossy\]' "$label: nothing reported lost"
        expect_no_grep "$O/httpd.conf" '^[[:space:]]*(SSLCipherSuite|TLSCiphersPrefer|TLSCiphersSuppress)[[:space:]]' \
            "$label: no explicit cipher list is written"
        grep -E '^[[:space:]]*GnuTLSPriorities' "$O/httpd.conf" |
            grep -v -E '^[[:space:]]*GnuTLSPriorities NORMAL(:-VERS-ALL(:\+VERS-TLS1\.[0-3])+)?$' > "$T/.prio"
        expect_empty "$T/.prio" "$label: a GnuTLSPriorities, if any, is NORMAL with versions only"
        # TLS 1.3 alone: OpenSSL's and rustls's default TLS 1.3 suites are
        # the same three (GnuTLS adds TLS_AES_128_CCM_SHA256): nothing to note.
        case $c:$t in
        ssl-proto13:mod_tls | tls-proto:mod_ssl)
            expect_no_grep "$O.err" "cipher list is $src's default" \
                "$label: no convert-defaults note where the defaults agree (TLS 1.3 suites)"
            ;;
        *)
            expect_grep "$O.err" "note: the (cipher list is|protocols and ciphers are) $src's default.*\[convert-defaults\]" \
                "$label: a convert-defaults note says how the defaults differ"
            ;;
        esac
        facts_out=$(policy_facts "$O/httpd.conf") || continue
        # The range the source sets is the output's.
        case $c in
        *-none) ;;
        *)
            expect_eq "$(printf '%s\n' "$facts_out" | grep protocols_effective)" \
                "$(printf '%s\n' "$facts_in" | grep protocols_effective)" \
                "$label: the protocol range is kept"
            ;;
        esac
        printf '%s\n' "$facts_out" | grep -E '\.cipher_spec\.(tls13|prefer|suppress)	' |
            grep -v 'null$' > "$T/.spec"
        expect_empty "$T/.spec" "$label: ir(output) sets no cipher list"
        # back to the source's module
        convert "$c-$t-back" "$src" "$O/httpd.conf" || continue
        if [ "$RC" != 0 ]; then
            fail "$label -> $src: expected an exact conversion back (exit 0), got $RC"
            show_run
            continue
        fi
        facts_back=$(policy_facts "$O/httpd.conf") || continue
        if [ "$facts_back" = "$facts_in" ]; then
            pass "$label -> $src: the IR's policy fields are the source's ($(printf '%s\n' "$facts_in" | wc -l) facts)"
        else
            fail "$label -> $src: the IR's policy fields differ from the source's (< source, > round trip):"
            diff <(printf '%s\n' "$facts_in") <(printf '%s\n' "$facts_back") | head -n 20 | sed 's/^/     | /'
        fi
        configtest "$T/out/$c-$t" "$t" "$label"
    done
done

# ---- (2) explicit settings are translated ---------------------------------------

say "# (2) an explicit cipher setting is still translated"
in=$(case_dir ssl-explicit)
if convert ssl-explicit-tls mod_tls "$in/httpd.conf"; then
    expect_eq "$RC" 0 "ssl-explicit -> mod_tls: exit 0"
    expect_grep "$O/httpd.conf" '^TLSCiphersSuppress TLS_' "ssl-explicit -> mod_tls: the list is translated (TLSCiphersSuppress)"
    expect_grep "$O/httpd.conf" '^TLSProtocol TLSv1\.2\+$' "ssl-explicit -> mod_tls: TLSProtocol TLSv1.2+"
    expect_no_grep "$O.err" 'cipher list is mod_ssl.s default' "ssl-explicit -> mod_tls: no defaults note for an explicit list"
    configtest "$O" mod_tls "ssl-explicit -> mod_tls"
fi
# GnuTLS names components: TLS 1.3's CHACHA20-POLY1305 brings the TLS 1.2
# ECDHE ones along, so this one is lossy (convert_test.sh has the detail).
if convert ssl-explicit-gnutls mod_gnutls "$in/httpd.conf" --allow-lossy; then
    expect_grep "$O/httpd.conf" '^GnuTLSPriorities NONE:\+VERS-TLS1\.3:\+VERS-TLS1\.2:' \
        "ssl-explicit -> mod_gnutls: the list is translated (NONE and the components)"
    configtest "$O" mod_gnutls "ssl-explicit -> mod_gnutls"
fi
in=$(case_dir gnutls-explicit)
if convert gnutls-explicit-ssl mod_ssl "$in/httpd.conf"; then
    expect_eq "$RC" 0 "gnutls-explicit -> mod_ssl: exit 0"
    expect_grep "$O/httpd.conf" '^SSLCipherSuite [A-Z]' "gnutls-explicit -> mod_ssl: SSLCipherSuite is written"
    expect_no_grep "$O/httpd.conf" 'CHACHA20' "gnutls-explicit -> mod_ssl: without the suites it removes"
    expect_grep "$O/httpd.conf" '^SSLProtocol -all \+TLSv1\.2 \+TLSv1\.3$' "gnutls-explicit -> mod_ssl: its versions"
    configtest "$O" mod_ssl "gnutls-explicit -> mod_ssl"
fi

in=$(case_dir gnutls-vhost-normal)
if convert gnutls-vhost-normal-tls mod_tls "$in/httpd.conf" --allow-lossy; then
    expect_grep "$O/httpd.conf" '^TLSProtocol TLSv1\.3\+$' "gnutls-vhost-normal -> mod_tls: the server's TLSProtocol TLSv1.3+"
    expect_grep "$O/httpd.conf" '^    TLSProtocol TLSv1\.2\+$' \
        "gnutls-vhost-normal -> mod_tls: the vhost's NORMAL is said again (TLSProtocol TLSv1.2+), not inherited from the server"
    expect_no_grep "$O/httpd.conf" 'TLSCiphers' "gnutls-vhost-normal -> mod_tls: still no cipher list"
fi

# ---- (3) key-exchange groups by identity ---------------------------------------------

say "# (3) key-exchange groups"
# at FILE TEXT: "httpd.conf:LINE:COL" of the first line containing TEXT
at() {
    local line col
    line=$(grep -n -F "$2" "$1" | head -n 1 | cut -d: -f1)
    col=$(sed -n "${line}p" "$1" | awk '{ match($0, /[^ \t]/); print RSTART }')
    printf 'httpd\\.conf:%s:%s' "$line" "$col"
}

in=$(case_dir ssl-groups-rustls)
if convert ssl-groups-rustls-tls mod_tls "$in/httpd.conf"; then
    expect_eq "$RC" 0 "ssl-groups-rustls -> mod_tls: X25519:prime256v1:secp384r1 is rustls's own list: exact, exit 0"
    expect_no_grep "$O.err" 'key-exchange group' "ssl-groups-rustls -> mod_tls: nothing said about the groups"
    configtest "$O" mod_tls "ssl-groups-rustls -> mod_tls"
fi
if convert ssl-groups-rustls-gnutls mod_gnutls "$in/httpd.conf"; then
    expect_eq "$RC" 0 "ssl-groups-rustls -> mod_gnutls: exit 0"
    expect_grep "$O/httpd.conf" '^GnuTLSPriorities NORMAL:-GROUP-ALL:\+GROUP-X25519:\+GROUP-SECP256R1:\+GROUP-SECP384R1$' \
        "ssl-groups-rustls -> mod_gnutls: prime256v1 is GROUP-SECP256R1"
    configtest "$O" mod_gnutls "ssl-groups-rustls -> mod_gnutls"
fi

in=$(case_dir ssl-groups-p521)
if convert ssl-groups-p521-tls mod_tls "$in/httpd.conf"; then
    expect_eq "$RC" 2 "ssl-groups-p521 -> mod_tls: exit 2 (secp521r1 cannot be offered)"
    expect_grep "$O.err" "$(at "$in/httpd.conf" SSLOpenSSLConfCmd): error: mod_tls has no setting for the key-exchange groups.*lacks secp521r1.*\[convert-lossy\]" \
        "ssl-groups-p521 -> mod_tls: convert-lossy at the Curves line, naming secp521r1"
fi

in=$(case_dir gnutls-groups-ffdhe)
if convert gnutls-groups-ffdhe-tls mod_tls "$in/httpd.conf"; then
    expect_eq "$RC" 2 "gnutls-groups-ffdhe -> mod_tls: exit 2 (rustls has no ffdhe2048)"
    expect_grep "$O.err" "$(at "$in/httpd.conf" GnuTLSPriorities | cut -d: -f1,2):[0-9]+: error: mod_tls has no setting for the key-exchange groups.*lacks ffdhe2048.*\[convert-lossy\]" \
        "gnutls-groups-ffdhe -> mod_tls: convert-lossy at GnuTLSPriorities, naming ffdhe2048"
fi
if convert gnutls-groups-ffdhe-ssl mod_ssl "$in/httpd.conf"; then
    expect_eq "$RC" 0 "gnutls-groups-ffdhe -> mod_ssl: exit 0"
    expect_grep "$O/httpd.conf" '^SSLOpenSSLConfCmd Groups X25519:P-256:ffdhe2048$' \
        "gnutls-groups-ffdhe -> mod_ssl: SSLOpenSSLConfCmd Groups X25519:P-256:ffdhe2048"
    configtest "$O" mod_ssl "gnutls-groups-ffdhe -> mod_ssl"
fi

in=$(case_dir gnutls-groups-openssl)
if convert gnutls-groups-openssl-ssl mod_ssl "$in/httpd.conf"; then
    expect_eq "$RC" 0 "gnutls-groups-openssl -> mod_ssl: exit 0"
    expect_no_grep "$O/httpd.conf" '^[[:space:]]*SSLOpenSSLConfCmd' \
        "gnutls-groups-openssl -> mod_ssl: OpenSSL's own group list is not written"
fi
in=$(case_dir ssl-groups-normal)
if convert ssl-groups-normal-gnutls mod_gnutls "$in/httpd.conf"; then
    expect_eq "$RC" 0 "ssl-groups-normal -> mod_gnutls: exit 0"
    expect_no_grep "$O/httpd.conf" '^[[:space:]]*GnuTLSPriorities' \
        "ssl-groups-normal -> mod_gnutls: NORMAL's own group list is not written"
fi
if convert ssl-groups-normal-tls mod_tls "$in/httpd.conf"; then
    expect_eq "$RC" 2 "ssl-groups-normal -> mod_tls: exit 2 (not rustls's list)"
fi

in=$(case_dir ssl-ecdh)
if convert ssl-ecdh-gnutls mod_gnutls "$in/httpd.conf"; then
    expect_eq "$RC" 0 "ssl-ecdh -> mod_gnutls: exit 0"
    expect_grep "$O/httpd.conf" '^GnuTLSPriorities NORMAL:-GROUP-ALL:\+GROUP-SECP384R1$' \
        "ssl-ecdh -> mod_gnutls: ECDHParameters secp384r1 is the one group"
    configtest "$O" mod_gnutls "ssl-ecdh -> mod_gnutls"
fi
in=$(case_dir ssl-ecdh-auto)
if convert ssl-ecdh-auto-tls mod_tls "$in/httpd.conf"; then
    expect_eq "$RC" 0 "ssl-ecdh-auto -> mod_tls: ECDHParameters automatic changes nothing: exact, exit 0"
    expect_no_grep "$O.err" 'ECDHParameters|key-exchange group' "ssl-ecdh-auto -> mod_tls: nothing said about it"
fi

finish
