#!/bin/bash
# Cipher strings as the real servers take them, against what tlsvhostc
# says about them (cipher-invalid, cipher-weak, cipher-no-forward-secrecy).
# For each case a one-vhost standalone config is written, `apache2 -t` must
# pass, apache2 is started on 127.0.0.1 at a random free port, and:
#
#   - a string httpd starts with gets no cipher-invalid error: defensive
#     removals of what this OpenSSL lacks (!RC4, !EXPORT, -DES) nothing at
#     all, a known keyword that selects nothing (MEDIUM) one note, a typo
#     a warning (OpenSSL skips it; the rest of the string still works);
#   - a string httpd refuses at start (AH01898 in the ErrorLog) is a
#     cipher-invalid error: a known keyword alone that selects nothing,
#     a typo alone, and 'aNULL', which mod_ssl's own ':!aNULL:!eNULL:!EXP'
#     empties;
#   - Mozilla's intermediate list (certbot's options-ssl-apache.conf) and
#     Debian's HIGH:!aNULL get no cipher-invalid or cipher-weak; static RSA
#     key exchange (AES128-SHA, and what HIGH has) is the
#     cipher-no-forward-secrecy note, which --disable turns off alone;
#     s_client negotiates AES128-SHA, so the suite really is enabled.
#
# With ../shared/oracle (real mod_gnutls and mod_tls builds; TVC_ORACLE_DIR
# overrides) the same for a GnuTLS priority string that removes absent
# ciphers (nothing), one that adds an algorithm no suite uses (a note),
# one with an unknown word (mod_gnutls fails at start: an error), a
# TLSCiphersSuppress naming a suite rustls lacks (nothing) and one naming
# no suite at all (apache2 -t fails: an error); without the builds those
# cases are skipped, and say so.
#
# Needs APACHE2 and openssl: a missing apache2 is a FAILURE (run
# ./bootstrap). apache2 is stopped after each case and on any exit.
. "$(dirname "$0")/lib.sh"

MODDIR=${APACHE2_MODDIR:-/usr/lib/apache2/modules}
ORACLE=$(oracle_dir)

need_apache2
command -v openssl >/dev/null 2>&1 ||
    { fail "the openssl command is missing: run ./bootstrap"; finish; }

BUILTIN=$("$APACHE2" -l 2>/dev/null)
LOADS=
for m in mpm_event authz_core log_config socache_shmcb; do
    case $BUILTIN in
    *"mod_$m.c"*) continue ;;
    esac
    [ -f "$MODDIR/mod_$m.so" ] || { fail "$MODDIR/mod_$m.so is missing: run ./bootstrap"; finish; }
    LOADS="${LOADS}LoadModule ${m}_module $MODDIR/mod_$m.so
"
done

SRV=$T/srv
P=$T/pki
mkdir -p "$P"
ossl req -x509 -newkey rsa:2048 -nodes -keyout "$P/a.key" -out "$P/a.pem" -days 120 \
    -subj "/CN=a.test" -addext "subjectAltName=DNS:a.test"
chmod 600 "$P/a.key"

# write_conf MODULE DIRECTIVES: $SRV/c.conf with one vhost on $PORT.
# MODULE is ssl, gnutls or tls; DIRECTIVES are the vhost's cipher lines.
write_conf() {
    local mod=$1 lines=$2 load tlsvh
    case $mod in
    ssl)
        load="LoadModule ssl_module $MODDIR/mod_ssl.so"
        tlsvh="SSLEngine on
    SSLCertificateFile $P/a.pem
    SSLCertificateKeyFile $P/a.key
    SSLProtocol -all +TLSv1.2 +TLSv1.3" ;;
    gnutls)
        load="LoadModule gnutls_module $ORACLE/mod_gnutls.so"
        tlsvh="GnuTLSEnable on
    GnuTLSCertificateFile $P/a.pem
    GnuTLSKeyFile $P/a.key" ;;
    tls)
        load="LoadModule tls_module $ORACLE/mod_tls.so
TLSEngine 127.0.0.1:$PORT"
        tlsvh="TLSCertificate $P/a.pem $P/a.key" ;;
    esac
    apache_conf "$SRV/c.conf" "$load" "<VirtualHost 127.0.0.1:$PORT>
    ServerName a.test
    $tlsvh
    $lines
</VirtualHost>"
}

# start MODULE DIRECTIVES: writes the config, then 0 apache2 runs (APID),
# 1 it exited at start, 2 it neither ran nor exited within 10 s. Retries
# on another port when the one picked was taken meanwhile.
start() {
    CASE_MOD=$1 CASE_LINES=$2
    pick_port
    write_conf "$1" "$2"
    apache_start "$SRV/c.conf"
}
# rewrite_conf CONF: the case's config again, for the new $PORT.
rewrite_conf() {
    write_conf "$CASE_MOD" "$CASE_LINES"
}
AP_RETRY=rewrite_conf

# case_run LABEL MODULE DIRECTIVES EXPECT: EXPECT is "starts", the
# ErrorLog pattern of the failure at start (`apache2 -t` passes: the
# string is read only at start), or "-t:PATTERN" when `apache2 -t` itself
# refuses the config. The config stays in $SRV/c.conf for the tlsvhostc
# checks that follow.
case_run() {
    local label=$1 mod=$2 lines=$3 want=$4 st
    case $want in
    -t:*)
        pick_port
        write_conf "$mod" "$lines"
        if expect_exit 1 "$APACHE2" -t -f "$SRV/c.conf" -d "$SRV"; then
            expect_grep "$ERR" "${want#-t:}" "$label: apache2 -t refuses it with /${want#-t:}/"
        fi
        return
        ;;
    esac
    start "$mod" "$lines"
    st=$?
    if expect_exit 0 "$APACHE2" -t -f "$SRV/c.conf" -d "$SRV"; then
        expect_grep "$ERR" 'Syntax OK' "$label: apache2 -t: Syntax OK"
    fi
    if [ "$want" = starts ]; then
        if [ $st = 0 ]; then
            pass "$label: apache2 starts"
        else
            fail "$label: apache2 was expected to start (start $st)"
            show "$(ap_errlog)" error.log
        fi
    elif [ $st = 1 ]; then
        pass "$label: apache2 fails at start"
        expect_grep "$(ap_errlog)" "$want" "$label: the ErrorLog has /$want/"
    else
        fail "$label: apache2 was expected to fail at start with /$want/ (start $st)"
        show "$(ap_errlog)" error.log
    fi
}

# check_tvc LABEL [OPTIONS...]: tlsvhostc check on the case's config,
# findings other than the ones about ciphers switched off.
check_tvc() {
    local label=$1
    shift
    run "$TVC" check --ca-file "$P/a.pem" --disable chain-incomplete --disable cert-expiring \
        --disable key-permissions "$@" "$SRV/c.conf" || return 1
    grep -E '\[[a-z-]+\]$' "$OUT" > "$T/findings"
    return 0
}

# count LEVEL ID: how many LEVEL (error|warning|note) findings with ID.
count() {
    grep -c -E ": $1: .*\\[$2\\]\$" "$T/findings"
}

# ---- mod_ssl: strings httpd starts with ----------------------------------------

MOZ='ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305'
say "# Mozilla intermediate v5.7 / certbot's options-ssl-apache.conf"
case_run "intermediate" ssl "SSLCipherSuite $MOZ" starts
apache_stop
if check_tvc "intermediate"; then
    expect_eq "$RC" 0 "intermediate: tlsvhostc check exits 0"
    expect_no_grep "$T/findings" '\[cipher-' "intermediate: no cipher finding at all"
fi

say "# Debian's ssl.conf: HIGH:!aNULL"
case_run "HIGH:!aNULL" ssl 'SSLCipherSuite HIGH:!aNULL' starts
apache_stop
if check_tvc "HIGH:!aNULL"; then
    expect_no_grep "$T/findings" '\[cipher-(invalid|weak)\]' "HIGH:!aNULL: no cipher-invalid, no cipher-weak"
    expect_eq "$(count note cipher-no-forward-secrecy)" 1 \
        "HIGH:!aNULL: one cipher-no-forward-secrecy note (HIGH has static RSA suites)"
    expect_grep "$T/findings" 'TLS_RSA_WITH_AES_256_GCM_SHA384' "HIGH:!aNULL: the note names the suites"
fi
if check_tvc "HIGH:!aNULL" --disable cipher-no-forward-secrecy; then
    expect_no_grep "$T/findings" '\[cipher-' "--disable cipher-no-forward-secrecy: no cipher finding left"
fi
if check_tvc "HIGH:!aNULL" --disable cipher-weak; then
    expect_eq "$(count note cipher-no-forward-secrecy)" 1 \
        "--disable cipher-weak keeps cipher-no-forward-secrecy"
fi

say "# defensive removals of what OpenSSL 3 does not have"
case_run "removals" ssl 'SSLCipherSuite ECDHE+AESGCM:!RC4:!EXPORT:-DES:!3DES:!MD5:!aNULL:!eNULL:!LOW:!SEED:!IDEA:!PSK' starts
apache_stop
if check_tvc "removals"; then
    expect_eq "$RC" 0 "removals: tlsvhostc check exits 0"
    expect_no_grep "$T/findings" '\[cipher-' "removals: no cipher finding at all"
fi

say "# HIGH:MEDIUM:!aNULL:!MD5 (MEDIUM selects nothing in OpenSSL 3)"
case_run "MEDIUM" ssl 'SSLCipherSuite HIGH:MEDIUM:!aNULL:!MD5' starts
apache_stop
if check_tvc "MEDIUM"; then
    expect_eq "$(grep -c '\[cipher-invalid\]' "$T/findings")" 1 "MEDIUM: one cipher-invalid finding"
    expect_grep "$T/findings" "c\\.conf:[0-9]+:[0-9]+: note: 'MEDIUM' is a known OpenSSL .*selects no suite.*\\[cipher-invalid\\]" \
        "MEDIUM: it is a note that says MEDIUM selects nothing"
    expect_no_grep "$T/findings" '\[cipher-weak\]' "MEDIUM: no cipher-weak"
fi

say "# RC4-SHA:HIGH"
case_run "RC4-SHA" ssl 'SSLCipherSuite RC4-SHA:HIGH' starts
apache_stop
if check_tvc "RC4-SHA"; then
    if openssl ciphers 'RC4-SHA' >/dev/null 2>&1; then
        expect_eq "$(count warning cipher-weak)" 1 "RC4-SHA: this OpenSSL has RC4: cipher-weak"
    else
        expect_eq "$(count note cipher-invalid)" 1 "RC4-SHA: this OpenSSL has no RC4: the note"
        expect_no_grep "$T/findings" '(error|warning): .*\[cipher-' "RC4-SHA: no error or warning"
    fi
fi

say "# AES128-SHA: static RSA key exchange"
case_run "AES128-SHA" ssl 'SSLCipherSuite AES128-SHA' starts
if [ -n "$APID" ]; then
    timeout -k 2 10 openssl s_client -connect "127.0.0.1:$PORT" -servername a.test -tls1_2 \
        -cipher 'AES128-SHA:@SECLEVEL=0' < /dev/null > "$T/.sclient" 2>&1
    expect_grep "$T/.sclient" 'Cipher is AES128-SHA' "AES128-SHA: s_client negotiates AES128-SHA"
fi
apache_stop
if check_tvc "AES128-SHA"; then
    expect_eq "$(count note cipher-no-forward-secrecy)" 1 "AES128-SHA: cipher-no-forward-secrecy note"
    expect_no_grep "$T/findings" '\[cipher-(weak|invalid)\]' "AES128-SHA: no cipher-weak, no cipher-invalid"
fi

say "# a typo among valid elements: OpenSSL skips it"
case_run "typo+HIGH" ssl 'SSLCipherSuite ECDHE-RSA-AES128-GCM-SHA265:ECDHE+AESGCM' starts
apache_stop
if check_tvc "typo+HIGH"; then
    expect_grep "$T/findings" "warning: 'ECDHE-RSA-AES128-GCM-SHA265' matches no cipher suite.*\\[cipher-invalid\\]" \
        "typo+HIGH: the typo is a cipher-invalid warning"
    expect_eq "$(count error cipher-invalid)" 0 "typo+HIGH: no cipher-invalid error (httpd starts)"
fi

say "# TLS 1.3 names first in SSLCipherSuite, as some guides write it"
case_run "TLS 1.3 names" ssl 'SSLCipherSuite TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:ECDHE-RSA-AES128-GCM-SHA256' starts
apache_stop
if check_tvc "TLS 1.3 names"; then
    expect_eq "$(count note cipher-invalid)" 2 "TLS 1.3 names: a note for each (no effect there)"
    expect_no_grep "$T/findings" '(error|warning): .*\[cipher-' "TLS 1.3 names: no error or warning"
fi

# ---- mod_ssl: strings httpd refuses at start (AH01898) ---------------------------

for spec in MEDIUM ECDHE-RSA-AES128-GCM-SHA265 aNULL; do
    say "# SSLCipherSuite $spec alone"
    case_run "$spec alone" ssl "SSLCipherSuite $spec" 'AH01898'
    apache_stop
    if check_tvc "$spec alone"; then
        expect_eq "$RC" 1 "$spec alone: tlsvhostc check exits 1"
        expect_grep "$T/findings" "error: '$spec' selects no cipher suite at all.*AH01898.*\\[cipher-invalid\\]" \
            "$spec alone: a cipher-invalid error naming AH01898"
    fi
done

# ---- mod_gnutls and mod_tls (../shared/oracle) -------------------------------------

if [ -f "$ORACLE/mod_gnutls.so" ]; then
    say "# mod_gnutls: removing ciphers GnuTLS knows but NORMAL lacks"
    case_run "gnutls removals" gnutls 'GnuTLSPriorities NORMAL:-ARCFOUR-128:!3DES-CBC:-MD5:-VERS-SSL3.0' starts
    apache_stop
    if check_tvc "gnutls removals"; then
        expect_no_grep "$T/findings" '\[cipher-(invalid|weak)\]' "gnutls removals: no cipher-invalid, no cipher-weak"
    fi
    say "# mod_gnutls: adding an algorithm no suite uses changes nothing"
    case_run "gnutls +ARCFOUR-40" gnutls 'GnuTLSPriorities NORMAL:+ARCFOUR-40:-ARCFOUR-40:-RSA-EXPORT' starts
    apache_stop
    if check_tvc "gnutls +ARCFOUR-40"; then
        expect_eq "$(grep -c '\[cipher-invalid\]' "$T/findings")" 1 "gnutls +ARCFOUR-40: one cipher-invalid finding"
        expect_grep "$T/findings" "note: '\+ARCFOUR-40' names an algorithm no GnuTLS cipher suite uses.*\[cipher-invalid\]" \
            "gnutls +ARCFOUR-40: a note that it has no effect"
    fi
    say "# mod_gnutls: an unknown word, even in a removal, fails the start"
    case_run "gnutls -ARCFOUR" gnutls 'GnuTLSPriorities NORMAL:-ARCFOUR' 'priorit'
    apache_stop
    if check_tvc "gnutls -ARCFOUR"; then
        expect_grep "$T/findings" "error: .*ARCFOUR.*\\[cipher-invalid\\]" "gnutls -ARCFOUR: a cipher-invalid error"
    fi
else
    skip "mod_gnutls cases: no $ORACLE/mod_gnutls.so (see ../shared/oracle/README.md)"
fi

if [ -f "$ORACLE/mod_tls.so" ]; then
    say "# mod_tls: suppressing a suite rustls does not have"
    case_run "tls suppress" tls 'TLSCiphersSuppress TLS_RSA_WITH_AES_128_CBC_SHA' starts
    apache_stop
    if check_tvc "tls suppress"; then
        expect_no_grep "$T/findings" '\[cipher-' "tls suppress: no cipher finding at all"
    fi
    say "# mod_tls: an unknown name fails the configuration"
    case_run "tls unknown" tls 'TLSCiphersSuppress TLS_RSA_WITH_AES_128_CBC_SHA265' '-t:not recognized'
    apache_stop
    if check_tvc "tls unknown"; then
        expect_grep "$T/findings" "error: .*unknown cipher.*\\[cipher-invalid\\]" "tls unknown: a cipher-invalid error"
    fi
else
    skip "mod_tls cases: no $ORACLE/mod_tls.so (see ../shared/oracle/README.md)"
fi

finish
