#!/bin/bash
# The reader and the directive words against the real server: each case is
# a few lines added to a minimal standalone config, run by `apache2 -t`
# (mod_ssl, mod_rewrite; no start, no port bound) and by `tlsvhostc check
# --fail-on warning`. The verdicts must agree, and must be the one written
# in the table (so a change in either is noticed):
#
#   ok    apache2 -t says Syntax OK; tlsvhostc exits 0 (no error, no warning)
#   fail  apache2 -t fails; tlsvhostc exits 1 with a [parse-error] error
#   same  whatever apache2 -t says (it depends on how OpenSSL was built),
#         tlsvhostc agrees
#
# Cases: SSLProtocol's SSLv2/SSLv3 words (ssl_cmd_protocol_parse),
# SSLVerifyClient on/off (ssl_cmd_verify_parse), extra words after FLAG and
# TAKE1 directives (invoke_cmd), quotes never closed (ap_getword_conf),
# closing tags with more words and conditional sections left open
# (ap_build_config_sub, ap_build_cont_config, ap_soak_end_container), and
# ${map:key} (ap_resolve_env).
#
# Needs APACHE2 (set by configure); a missing apache2 is a FAILURE, not a
# skip: run ./bootstrap.
. "$(dirname "$0")/lib.sh"

MODDIR=${APACHE2_MODDIR:-/usr/lib/apache2/modules}

need_apache2
BUILTIN=$("$APACHE2" -l 2>/dev/null)
LOADS=
for m in mpm_event authz_core log_config socache_shmcb ssl rewrite; do
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

mkdir -p "$T/srv"
n=0

# agree VERDICT WHAT LINE...: the lines after the base config.
agree() {
    local verdict=$1 what=$2 conf arc tv
    shift 2
    n=$((n + 1))
    conf=$T/case$n.conf
    {
        printf 'ServerRoot %s\nServerName localhost\nListen 127.0.0.1:8443\n' "$T/srv"
        printf 'PidFile %s/httpd.pid\nErrorLog %s/error.log\n' "$T/srv" "$T/srv"
        printf '%s' "$LOADS"
        printf '%s\n' "$@"
    } > "$conf"
    "$APACHE2" -t -f "$conf" > "$T/apache.out" 2>&1
    arc=$?
    run "$TVC" check --fail-on warning "$conf" || return
    case $arc in 0) av=ok ;; *) av=fail ;; esac
    case $RC in
    0) tv=ok ;;
    1) if grep -q 'error: .*\[parse-error\]' "$OUT"; then tv=fail; else tv="other findings"; fi ;;
    *) tv="exit $RC" ;;
    esac
    if [ "$verdict" != same ] && [ "$av" != "$verdict" ]; then
        fail "$what: apache2 -t was expected to say $verdict, it says $av:"
        sed 's/^/     | /' "$T/apache.out" | head -n 5
        return
    fi
    if [ "$av" = "$tv" ]; then
        pass "$what: both $av"
    else
        fail "$what: apache2 -t $av, tlsvhostc $tv:"
        sed 's/^/     | apache2: /' "$T/apache.out" | head -n 5
        sed 's/^/     | tlsvhostc: /' "$OUT" | head -n 8
    fi
}

# ---- 1. SSLProtocol / SSLProxyProtocol -------------------------------------------------

agree ok "certbot's SSLProtocol line" 'SSLProtocol all -SSLv2 -SSLv3 -TLSv1 -TLSv1.1'
agree ok "SSLProxyProtocol with -SSLv2" 'SSLProxyProtocol all -SSLv2 -SSLv3'
agree ok "SSLProtocol -all +TLSv1.2 +TLSv1.3" 'SSLProtocol -all +TLSv1.2 +TLSv1.3'
agree fail "SSLProtocol +SSLv2" 'SSLProtocol all +SSLv2'
agree fail "SSLProtocol SSLv2" 'SSLProtocol SSLv2'
agree fail "SSLProxyProtocol SSLv2" 'SSLProxyProtocol SSLv2'
agree same "SSLProtocol +SSLv3" 'SSLProtocol all +SSLv3'
agree same "SSLProtocol SSLv3" 'SSLProtocol SSLv3'
agree fail "SSLProtocol TLSv9" 'SSLProtocol TLSv9'

# ---- 2. SSLVerifyClient / SSLProxyVerify --------------------------------------------

agree ok "SSLVerifyClient on" 'SSLVerifyClient on'
agree ok "SSLVerifyClient off" 'SSLVerifyClient off'
agree ok "SSLProxyVerify on" 'SSLProxyVerify on'
agree fail "SSLVerifyClient maybe" 'SSLVerifyClient maybe'

# ---- 3. words after FLAG and TAKE1 directives -----------------------------------

agree ok "FLAG with a '# comment' after it" 'SSLStrictSNIVHostCheck on   # comment'
agree ok "FLAG with extra words" 'SSLProxyEngine off extra words'
agree fail "FLAG with a bad first word" 'SSLStrictSNIVHostCheck maybe x'
agree fail "FLAG with an empty word" 'SSLStrictSNIVHostCheck ""'
agree fail "FLAG kept as written, bad word" 'SSLStaplingFakeTryLater maybe'
agree ok "FLAG kept as written, extra words" 'SSLStaplingFakeTryLater OFF # x'
agree fail "TAKE1 with an extra word (SSLEngine)" 'SSLEngine on extra'
agree fail "TAKE1 with an extra word (SSLSessionCacheTimeout)" 'SSLSessionCacheTimeout 300 x'
agree fail "TAKE12 with an empty word" 'SSLCipherSuite ""'
agree fail "TAKE12 with three words" 'SSLCipherSuite HIGH x y'
agree ok "TAKE12 with an empty second word" 'SSLCipherSuite ECDHE+AESGCM ""'

# ---- 4. quotes never closed ----------------------------------------------------------

agree ok "SSLCipherSuite with an unclosed quote" 'SSLCipherSuite "ECDHE+AESGCM:!aNULL'
agree ok "ErrorDocument with an unclosed quote" 'ErrorDocument 404 "Not here, sorry'
agree ok "single quote never closed" "SSLCipherSuite 'HIGH:!aNULL"
agree ok "section argument with an unclosed quote" '<VirtualHost "*:8443>' '</VirtualHost>'

# ---- 5. closing tags and open conditional sections ------------------------------

agree ok "</VirtualHost> </IfModule> in a held <IfModule>" \
    '<IfModule ssl_module>' '<VirtualHost *:8443>' 'ServerName a.test' '</VirtualHost> </IfModule>'
agree fail "</VirtualHost> </IfModule> in a false <IfModule>" \
    '<IfModule tt_nosuch_module>' '<VirtualHost *:8443>' 'ServerName a.test' \
    '</VirtualHost> </IfModule>'
agree ok "a <VirtualHost> left open in a held <IfModule>" \
    '<IfModule ssl_module>' '<VirtualHost *:8443>' 'ServerName a.test'
agree ok "a held <IfDefine> left open" '<IfDefine !TT_NOPE>' 'ServerAdmin a@b.test'
agree fail "a false <IfDefine> left open" '<IfDefine TT_NOPE>' 'ServerAdmin a@b.test'
agree fail "</IfModule> # end in a held <IfModule>" \
    '<IfModule ssl_module>' 'ServerAdmin a@b.test' '</IfModule> # end'
agree ok "</IfModule> # end in a false <IfModule>" \
    '<IfModule tt_nosuch_module>' 'ServerAdmin a@b.test' '</IfModule> # end'
agree ok "</VirtualHost> # end" '<VirtualHost *:8443>' 'ServerName a.test' '</VirtualHost> # end'
agree fail "</VirtualHost >" '<VirtualHost *:8443>' 'ServerName a.test' '</VirtualHost >'
agree fail "<VirtualHost> around a held <IfModule> left open" \
    '<VirtualHost *:8443>' '<IfModule ssl_module>' 'ServerName a.test'
agree fail "</IfModule> while a <VirtualHost> is open" \
    '<IfModule ssl_module>' '<VirtualHost *:8443>' '</IfModule>'

# ---- 11. ${name:...} ----------------------------------------------------------------

agree ok "RewriteMap calls in RewriteRule and RewriteCond" 'RewriteEngine on' \
    'RewriteMap lower int:tolower' 'RewriteCond ${lower:%{HTTP_HOST}|x} !=y' \
    'RewriteRule ^/(.*) /x/${lower:$1} [L]'

# The note that names the ignored closing tag.
printf '<IfModule mod_version.c>\n<VirtualHost *:8443>\nServerName a.test\n</VirtualHost> </IfModule>\n' \
    > "$T/note.conf"
if expect_exit 0 "$TVC" check "$T/note.conf"; then
    expect_grep "$OUT" "note.conf:4:16: note: .*closes nothing \[parse-error\]" \
        "the ignored </IfModule> gets a note"
fi

finish
