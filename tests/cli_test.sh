#!/bin/sh
# The command-line contract: usage errors, --help/--version, exit statuses,
# the compiler-style text diagnostics, JSON output, --fail-on, `ir -o`,
# colour. Run by `make check`, or by hand from the build directory:
#   sh tests/cli_test.sh            (TVC=path/to/tlsvhostc to choose a binary)
. "$(dirname "$0")/lib.sh"

ESC=$(printf '\033')
TAB=$(printf '\t')

# ---- fixtures ----------------------------------------------------------------

# A clean configuration, split over two files. No TLS: the certificate
# checks need a trust anchor, which this test does not want to depend on.
mkdir -p "$T/clean/conf.d"
cat > "$T/clean/httpd.conf" <<'EOF'
ServerName www.clean.test
Listen 80
DocumentRoot /var/www/html
Include conf.d/*.conf
EOF
cat > "$T/clean/conf.d/site.conf" <<'EOF'
<VirtualHost *:80>
    ServerName www.clean.test
    ServerAlias clean.test
</VirtualHost>
EOF

# An error three levels down an include chain, at a known line and column.
mkdir -p "$T/bad/sites"
cat > "$T/bad/main.conf" <<'EOF'
Listen 443
Include sites/outer.conf
EOF
cat > "$T/bad/sites/outer.conf" <<'EOF'
# the vhosts
  Include sites/inner.conf
EOF
cat > "$T/bad/sites/inner.conf" <<'EOF'
<VirtualHost *:443>
    ServerName bad.test
    SSLEngin on
</VirtualHost>
EOF
BADINNER=$T/bad/sites/inner.conf

# A warning only: an undefined ${VAR}. And a note only: an unknown
# directive that is not a TLS one.
cat > "$T/warn.conf" <<'EOF'
ServerAdmin ${NO_SUCH_VARIABLE_HERE}
EOF
cat > "$T/note.conf" <<'EOF'
FrobnicateTheServer on
EOF

# A TLS configuration with some of everything, for the IR round trip.
mkdir -p "$T/tls"
cat > "$T/tls/httpd.conf" <<'EOF'
LoadModule ssl_module /usr/lib/apache2/modules/mod_ssl.so
LoadModule socache_shmcb_module /usr/lib/apache2/modules/mod_socache_shmcb.so
LoadModule proxy_module /usr/lib/apache2/modules/mod_proxy.so
Listen 443
Listen 8443 https
SSLProtocol all -SSLv3 -TLSv1 -TLSv1.1
SSLCipherSuite ECDHE+AESGCM:!aNULL
SSLSessionCache shmcb:/run/ssl_scache(512000)
SSLStaplingCache shmcb:/run/ssl_stapling(32768)
<VirtualHost *:443>
    ServerName a.test
    ServerAlias www.a.test *.a.test
    SSLEngine on
    SSLCertificateFile certs/a.rsa.pem
    SSLCertificateKeyFile private/a.rsa.key
    SSLCertificateFile certs/a.ec.pem
    SSLCertificateKeyFile private/a.ec.key
    SSLUseStapling on
    SSLHonorCipherOrder on
    SSLVerifyClient optional
    SSLVerifyDepth 2
    SSLCACertificateFile certs/clients.pem
</VirtualHost>
<VirtualHost [2001:db8::1]:8443 192.0.2.1:8443>
    ServerName b.test
    SSLEngine on
    SSLProtocol -all +TLSv1.3
    SSLCertificateFile /etc/ssl/b.pem
    SSLCertificateKeyFile /etc/ssl/b.key
    SSLProxyEngine on
    SSLProxyVerify require
    SSLProxyCACertificateFile /etc/ssl/backend-ca.pem
    ProxyPass / https://backend.internal/
</VirtualHost>
EOF

# ---- usage errors: exit 2, a message on stderr, nothing on stdout -------------

usage_error() { # WHAT PATTERN ARGS...
    what=$1 pattern=$2
    shift 2
    expect_exit 2 "$TVC" "$@" || return
    expect_grep "$ERR" "$pattern" "$what: stderr says why"
    expect_empty "$OUT" "$what: nothing on stdout"
}

usage_error "no arguments" 'usage:'
usage_error "unknown command" "frobnicate" frobnicate "$T/clean/httpd.conf"
usage_error "check: unknown option" "--no-such-option" check --no-such-option "$T/clean/httpd.conf"
usage_error "ir: unknown option" "--no-such-option" ir --no-such-option "$T/clean/httpd.conf"
usage_error "check: no CONFIG" "CONFIG" check
usage_error "ir: no CONFIG" "CONFIG" ir
usage_error "check: two CONFIGs" "CONFIG" check "$T/clean/httpd.conf" "$T/clean/httpd.conf"
usage_error "check: bad --format" "xml" check --format=xml "$T/clean/httpd.conf"
usage_error "check: bad --fail-on" "fail-on" check --fail-on=sometimes "$T/clean/httpd.conf"
usage_error "check: bad --color" "color" check --color=rainbow "$T/clean/httpd.conf"
usage_error "ir: -o without its argument" "-o" ir "$T/clean/httpd.conf" -o

# A CONFIG that cannot be read: exit 2 and a message naming it. (`check`
# prints it in its report on stdout, `ir` on stderr: either is accepted.)
for cmd in check ir; do
    if expect_exit 2 "$TVC" $cmd "$T/no-such-file.conf"; then
        cat "$OUT" "$ERR" > "$T/both"
        expect_grep "$T/both" "no-such-file\.conf.*(No such file|not found|does not exist)" \
            "$cmd: missing CONFIG is named, with the reason"
    fi
    if expect_exit 2 "$TVC" $cmd "$T/clean"; then
        cat "$OUT" "$ERR" > "$T/both"
        expect_grep "$T/both" "clean'?:? .*directory" "$cmd: a directory as CONFIG is refused, saying so"
    fi
done

# ---- --help, --version -----------------------------------------------------------

for args in --help -h help; do
    expect_exit 0 "$TVC" $args && expect_grep "$OUT" '^usage: tlsvhostc' "'tlsvhostc $args' prints usage on stdout"
done
for cmd in check ir; do
    if expect_exit 0 "$TVC" $cmd --help; then
        expect_grep "$OUT" "^usage: tlsvhostc $cmd" "$cmd --help: usage on stdout"
        expect_grep "$OUT" "--fail-on" "$cmd --help: lists the options"
        expect_empty "$ERR" "$cmd --help: nothing on stderr"
    fi
done
if expect_exit 0 "$TVC" --version; then
    expect_grep "$OUT" '^tlsvhostc [0-9]+\.[0-9]+\.[0-9]+' "--version: the tlsvhostc version"
    expect_grep "$OUT" 'OpenSSL [0-9]+\.[0-9]+' "--version: the OpenSSL version"
fi

# ---- check: clean and broken configs ---------------------------------------------

if expect_exit 0 "$TVC" check "$T/clean/httpd.conf"; then
    expect_empty "$OUT" "check on a clean config prints nothing (stdout)"
    expect_empty "$ERR" "check on a clean config prints nothing (stderr)"
fi
expect_exit 0 "$TVC" check -q "$T/clean/httpd.conf" && expect_empty "$OUT" "check -q on a clean config prints nothing"

if expect_exit 1 "$TVC" check "$T/bad/main.conf"; then
    cp "$OUT" "$T/bad.txt"
    # line 1: file:line:col: error: message [id]
    expect_grep "$T/bad.txt" "^$BADINNER:3:5: error: .*SSLEngin.* \[unknown-directive\]\$" \
        "diagnostic line is 'file:line:col: error: ... [id]'"
    expect_grep "$T/bad.txt" "did you mean 'SSLEngine'" "unknown TLS directive gets a 'did you mean'"
    # the lines after it: source line, caret under column 5, include chain
    awk -v f="$BADINNER:3:5: error:" 'index($0, f) == 1 { for (i = 0; i < 4 && (getline l) > 0; i++) print l; exit }' \
        "$T/bad.txt" > "$T/bad.after"
    src=$(sed -n 1p "$T/bad.after")
    caret=$(sed -n 2p "$T/bad.after")
    expect_eq "$src" "        SSLEngin on" "the source line follows, indented by four spaces"
    expect_eq "$caret" "        ^~~~~~~~" "a caret under column 5, spanning the directive name"
    expect_eq "$(sed -n 3p "$T/bad.after")" "    included from $T/bad/sites/outer.conf:2:3" \
        "the include chain: the innermost Include first"
    expect_eq "$(sed -n 4p "$T/bad.after")" "    included from $T/bad/main.conf:2:1" \
        "the include chain: then the one in the main config"
    expect_grep "$T/bad.txt" '^1 error, 0 warnings, 0 notes$' "a summary line ends the report"
    expect_no_grep "$T/bad.txt" "$ESC" "no colour when stdout is not a terminal"
fi

# An unterminated section: parse-error, exit 1, located at the section.
printf 'Listen 80\n<VirtualHost *:80>\n    ServerName x.test\n' > "$T/unclosed.conf"
if expect_exit 1 "$TVC" check "$T/unclosed.conf"; then
    expect_grep "$OUT" "^$T/unclosed.conf:2:1: error: .*\[parse-error\]\$" "unclosed <VirtualHost>: parse-error at 2:1"
fi

# ---- --format=json ---------------------------------------------------------------

if expect_exit 1 "$TVC" check --format=json "$T/bad/main.conf"; then
    cp "$OUT" "$T/bad.json"
    if json_flat "$T/bad.json" > "$T/bad.flat" 2> "$T/flat.err"; then
        pass "check --format=json: the output is one JSON value"
        expect_eq "$(json_get "$T/bad.flat" .version)" 1 "json: version is 1"
        expect_eq "$(json_get "$T/bad.flat" '.findings[0].id')" '"unknown-directive"' "json: findings[0].id"
        expect_eq "$(json_get "$T/bad.flat" '.findings[0].severity')" '"error"' "json: findings[0].severity"
        expect_eq "$(json_get "$T/bad.flat" '.findings[0].file')" "\"$BADINNER\"" "json: findings[0].file"
        expect_eq "$(json_get "$T/bad.flat" '.findings[0].line')" 3 "json: findings[0].line"
        expect_eq "$(json_get "$T/bad.flat" '.findings[0].column')" 5 "json: findings[0].column"
        expect_eq "$(json_get "$T/bad.flat" '.findings[0].vhost.port')" 443 "json: findings[0].vhost.port"
        expect_eq "$(json_get "$T/bad.flat" '.findings[0].vhost.server_name')" '"bad.test"' "json: findings[0].vhost.server_name"
        expect_grep "$T/bad.flat" "^\\.findings\\[0\\]\\.message$TAB\"[^\"]" "json: findings[0].message is a non-empty string"
        expect_eq "$(json_get "$T/bad.flat" .summary.error)" 1 "json: summary.error"
        expect_eq "$(json_get "$T/bad.flat" .summary.warning)" 0 "json: summary.warning"
    else
        fail "check --format=json: output is not valid JSON ($(cat "$T/flat.err"))"
        show "$T/bad.json" stdout
    fi
    if command -v python3 >/dev/null 2>&1; then
        if python3 -c 'import json,sys; json.load(sys.stdin)' < "$T/bad.json" 2> "$T/py.err"; then
            pass "check --format=json: python3's json module agrees"
        else
            fail "check --format=json: python3 cannot parse it: $(tail -n 1 "$T/py.err")"
        fi
    fi
fi
if expect_exit 0 "$TVC" check --format=json "$T/clean/httpd.conf"; then
    json_flat "$OUT" > "$T/clean.flat" 2>&1 && pass "json for a clean config is valid JSON" ||
        fail "json for a clean config is not valid JSON: $(cat "$T/clean.flat")"
    expect_eq "$(json_get "$T/clean.flat" .findings)" '[]' "json for a clean config: findings is []"
fi

# ---- --fail-on -------------------------------------------------------------------

expect_exit 0 "$TVC" check "$T/warn.conf" && expect_grep "$OUT" 'warning: .*\[undefined-variable\]' \
    "a warning is printed but does not fail by default"
expect_exit 1 "$TVC" check --fail-on=warning "$T/warn.conf"
expect_exit 1 "$TVC" check --fail-on=note "$T/warn.conf"
expect_exit 0 "$TVC" check --fail-on=error "$T/warn.conf"
expect_exit 0 "$TVC" check "$T/note.conf" && expect_grep "$OUT" 'note: .*\[unknown-directive\]' \
    "an unknown non-TLS directive is a note"
expect_exit 0 "$TVC" check --fail-on=warning "$T/note.conf"
expect_exit 1 "$TVC" check --fail-on=note "$T/note.conf"
expect_exit 1 "$TVC" ir --fail-on=warning "$T/warn.conf" >/dev/null
expect_exit 0 "$TVC" check -q "$T/warn.conf" && expect_empty "$OUT" "check -q hides a warning"

# ---- ir: output, round trip, -o --------------------------------------------------

if expect_exit 0 "$TVC" ir "$T/tls/httpd.conf"; then
    cp "$OUT" "$T/a.json"
    expect_empty "$ERR" "ir on a clean config: nothing on stderr"
    if json_flat "$T/a.json" > "$T/a.flat" 2> "$T/flat.err"; then
        pass "ir output is one JSON value"
        expect_eq "$(json_get "$T/a.flat" .ir_version)" 1 "ir: ir_version is 1"
        expect_eq "$(json_get "$T/a.flat" '.vhosts[0].server_name')" '"a.test"' "ir: vhosts[0].server_name"
        expect_eq "$(json_get "$T/a.flat" '.vhosts[0].tls.engine')" '"mod_ssl"' "ir: vhosts[0].tls.engine"
        expect_eq "$(json_get "$T/a.flat" '.vhosts[0].tls.certificates[1].cert')" "\"$T/tls/certs/a.ec.pem\"" \
            "ir: relative paths resolve against ServerRoot (the config's directory)"
        case $(json_get "$T/a.flat" '.vhosts[1].addrs[0].addr') in
        '"2001:db8::1"' | '"[2001:db8::1]"') pass "ir: an IPv6 vhost address" ;;
        *) fail "ir: an IPv6 vhost address: expected \"2001:db8::1\", got $(json_get "$T/a.flat" '.vhosts[1].addrs[0].addr')" ;;
        esac
        expect_eq "$(json_get "$T/a.flat" '.vhosts[1].addrs[1].port')" 8443 "ir: a second vhost address"
    else
        fail "ir output is not valid JSON ($(cat "$T/flat.err"))"
    fi
    # IR JSON read back prints the same IR.
    if expect_exit 0 "$TVC" ir "$T/a.json"; then
        cp "$OUT" "$T/b.json"
        if cmp -s "$T/a.json" "$T/b.json"; then
            pass "ir round trip: ir(ir(CONFIG)) is byte-identical to ir(CONFIG)"
        else
            fail "ir round trip: reading the IR JSON back prints something else"
            diff -u "$T/a.json" "$T/b.json" | head -n 30 | sed 's/^/     | /'
        fi
    fi
    # The same for a config with errors (ir still prints the IR, exit 1).
    if expect_exit 1 "$TVC" ir "$T/bad/main.conf"; then
        cp "$OUT" "$T/c.json"
        expect_grep "$ERR" "^$BADINNER:3:5: error: " "ir prints diagnostics on stderr"
        if expect_exit 0 "$TVC" ir "$T/c.json"; then
            cmp -s "$T/c.json" "$OUT" && pass "ir round trip of a config with errors" ||
                fail "ir round trip of a config with errors differs"
        fi
    fi

    # -o writes the same bytes, atomically, and nothing on stdout.
    if expect_exit 0 "$TVC" ir -o "$T/out.json" "$T/tls/httpd.conf"; then
        expect_empty "$OUT" "ir -o: nothing on stdout"
        if cmp -s "$T/a.json" "$T/out.json"; then pass "ir -o FILE holds what stdout would"; else
            fail "ir -o FILE differs from ir's stdout"; fi
        leftovers=$(ls -A "$T" | grep '^out\.json.' || true)
        expect_eq "$leftovers" "" "ir -o leaves no temporary file behind"
    fi
    # Into a directory that does not exist: exit 2, nothing created.
    if expect_exit 2 "$TVC" ir -o "$T/no-such-dir/out.json" "$T/tls/httpd.conf"; then
        expect_nonempty "$ERR" "ir -o into a missing directory says why"
        [ ! -e "$T/no-such-dir" ] && pass "ir -o into a missing directory creates nothing" ||
            fail "ir -o into a missing directory created $(ls -A "$T/no-such-dir")"
    fi
    # An existing FILE is left as it was when ir cannot run.
    printf 'previous\n' > "$T/keep.json"
    if expect_exit 2 "$TVC" ir -o "$T/keep.json" "$T/no-such-file.conf"; then
        expect_eq "$(cat "$T/keep.json")" previous "ir -o: an existing FILE survives a failed run"
        leftovers=$(ls -A "$T" | grep '^keep\.json.' || true)
        expect_eq "$leftovers" "" "ir -o: a failed run leaves no temporary file"
    fi
    # Over an existing file (same directory rename).
    if expect_exit 0 "$TVC" ir -o "$T/keep.json" "$T/tls/httpd.conf"; then
        cmp -s "$T/a.json" "$T/keep.json" && pass "ir -o replaces an existing FILE" ||
            fail "ir -o did not replace an existing FILE"
    fi
    if [ "$(id -u)" != 0 ]; then
        mkdir "$T/ro" && chmod 555 "$T/ro"
        if expect_exit 2 "$TVC" ir -o "$T/ro/out.json" "$T/tls/httpd.conf"; then
            [ -z "$(ls -A "$T/ro")" ] && pass "ir -o into a read-only directory leaves nothing" ||
                fail "ir -o into a read-only directory left: $(ls -A "$T/ro")"
        fi
    else
        skip "ir -o into a read-only directory: running as root, which may write anywhere"
    fi
fi

# ---- colour ----------------------------------------------------------------------

expect_exit 1 "$TVC" check --color=always "$T/bad/main.conf" &&
    expect_grep "$OUT" "$ESC\\[" "--color=always: escape codes even into a file"
expect_exit 1 "$TVC" check --color=never "$T/bad/main.conf" &&
    expect_no_grep "$OUT" "$ESC" "--color=never: no escape codes"
expect_exit 1 "$TVC" check --color=auto "$T/bad/main.conf" &&
    expect_no_grep "$OUT" "$ESC" "--color=auto into a file: no escape codes"
expect_exit 1 env NO_COLOR=1 "$TVC" check "$T/bad/main.conf" &&
    expect_no_grep "$OUT" "$ESC" "NO_COLOR=1: no escape codes"
expect_exit 1 env NO_COLOR=1 "$TVC" check --color=always "$T/bad/main.conf" &&
    expect_grep "$OUT" "$ESC\\[" "NO_COLOR=1 --color=always: the explicit option wins"
expect_exit 1 "$TVC" check --format=json --color=always "$T/bad/main.conf" &&
    expect_no_grep "$OUT" "$ESC" "--format=json never has escape codes"

# On a terminal (script(1) gives one), auto means colour unless NO_COLOR.
if command -v script >/dev/null 2>&1 && script -qec true /dev/null >/dev/null 2>&1; then
    run env -u NO_COLOR TERM=xterm script -qec "'$TVC' check '$T/bad/main.conf'" /dev/null
    expect_grep "$OUT" "$ESC\\[" "--color=auto on a terminal: escape codes"
    run env NO_COLOR=1 TERM=xterm script -qec "'$TVC' check '$T/bad/main.conf'" /dev/null
    expect_no_grep "$OUT" "$ESC" "NO_COLOR=1 on a terminal: no escape codes"
    run env NO_COLOR= TERM=xterm script -qec "'$TVC' check '$T/bad/main.conf'" /dev/null
    expect_grep "$OUT" "$ESC\\[" "NO_COLOR set but empty on a terminal: colour (no-color.org)"
else
    skip "colour on a terminal: no usable script(1)"
fi

# ---- emit from IR JSON -------------------------------------------------------------

# Without the tree, emit writes one flat config from the IR; it must keep
# every vhost, name and certificate, and read back to the same IR facts.
mkdir "$T/fromir"
cat > "$T/fromir/httpd.conf" <<'EOF2'
LoadModule ssl_module /usr/lib/apache2/modules/mod_ssl.so
Listen 443
SSLProtocol -all +TLSv1.2 +TLSv1.3
<VirtualHost *:443>
    ServerName a.test
    ServerAlias www.a.test
    DocumentRoot /srv/a
    SSLEngine on
    SSLCertificateFile /etc/ssl/a.pem
    SSLCertificateKeyFile /etc/ssl/a.key
</VirtualHost>
<VirtualHost *:443>
    ServerName b.test
    SSLEngine on
    SSLCertificateFile /etc/ssl/b.pem
</VirtualHost>
EOF2
if expect_exit 0 "$TVC" ir -q -o "$T/fromir/ir.json" "$T/fromir/httpd.conf"; then
    for target in mod_ssl mod_tls mod_gnutls; do
        run "$TVC" emit --target=$target -q -o "$T/fromir/out-$target.conf" "$T/fromir/ir.json"
        expect_nonempty "$T/fromir/out-$target.conf" "emit --target=$target from IR JSON writes a config"
        expect_grep "$T/fromir/out-$target.conf" "^ *ServerName b\.test\$" "emit $target from IR keeps ServerName b.test"
        expect_grep "$T/fromir/out-$target.conf" "^ *ServerAlias www\.a\.test\$" "emit $target from IR keeps the alias"
        expect_grep "$T/fromir/out-$target.conf" "^ *DocumentRoot /srv/a\$" "emit $target from IR keeps non-TLS lines"
        run "$TVC" check "$T/fromir/out-$target.conf"
        expect_no_grep "$OUT" "\[(parse-error|unknown-directive|bad-context)\]" "emit $target from IR: the result parses with known directives"
    done
fi

# ---- the bundled demo (README: ./bootstrap --demo) --------------------------------

# demo_relative: run in the demo's directory, as the README does, every
# path under it is shown relative to it (a line to paste), the messages'
# and the --sni-map's included; a path that only contains the working
# directory's name further in stays whole.
demo_relative() {
    cd "$T/demo" || die "cannot cd to $T/demo"
    if expect_exit 1 "$TVC" check --ca-file pki/ca.crt --sni-map httpd.conf; then
        expect_grep "$OUT" "^conf\\.d/20-shop\\.conf:11:5: error: cannot include 'conf\\.d/shop-redirects\\.inc': No such file or directory \\[include-missing\\]\$" \
            "demo in its directory: include-missing names the file relative to it"
        expect_grep "$OUT" "^ +cert pki/www-rsa\\.crt  \\(conf\\.d/10-www\\.conf:3\\)\$" \
            "demo in its directory: --sni-map shows the certificate and vhost relative to it"
        expect_no_grep "$OUT" "$T/demo" "demo in its directory: no absolute path under it"
    fi
    mkdir -p "$T/x$T/demo"
    printf 'Include %s/x%s/demo/none.inc\n' "$T" "$T" > "$T/demo/inc.conf"
    if expect_exit 1 "$TVC" check inc.conf; then
        expect_grep "$OUT" "^inc\\.conf:1:1: error: cannot include '$T/x$T/demo/none\\.inc'" \
            "a path with the working directory inside it is not shortened"
    fi
    cd "$T/.cwd" || die "cannot cd back to $T/.cwd"
}

# Its deliberate problems, as FILE:LINE ID; each must be reported, and no
# other error (examples/demo/README lists them).
if command -v openssl >/dev/null 2>&1 && [ -f "$TVC_SRCDIR/examples/demo/httpd.conf" ]; then
    mkdir "$T/demo"
    (cd "$TVC_SRCDIR/examples/demo" && tar --exclude=./pki -cf - .) | tar -xf - -C "$T/demo"
    if sh "$T/demo/make-pki.sh" "$T/demo/pki" > "$T/pki.out" 2>&1; then
        pass "examples/demo/make-pki.sh makes the demo PKI"
        if expect_exit 1 "$TVC" check --ca-file "$T/demo/pki/ca.crt" "$T/demo/httpd.conf"; then
            D=$T/demo/conf.d
            # mod_ssl reads the i-th key only for an i-th certificate: the
            # key the misspelt line leaves alone is ignored, httpd starts
            expect_grep "$OUT" "^$D/10-www.conf:13:[0-9]+: warning: .*\\[no-certificate\\]\$" "demo: no-certificate warning at 10-www.conf:13"
            for want in "10-www.conf:12 unknown-directive" \
                "20-shop.conf:11 include-missing" "20-shop.conf:8 key-mismatch" \
                "30-api.conf:12 bad-context" "30-api.conf:8 must-staple" \
                "90-www-old.conf:6 sni-collision" "90-www-old.conf:10 cert-expired"; do
                expect_grep "$OUT" "^$D/${want% *}:[0-9]+: error: .*\\[${want#* }\\]\$" "demo: ${want#* } at ${want% *}"
            done
            sed -n 's/.*: error: .*\[\([a-z-]*\)\]$/\1/p' "$OUT" | sort -u > "$T/demo.ids"
            extra=$(grep -v -x -E 'unknown-directive|include-missing|key-mismatch|bad-context|must-staple|sni-collision|cert-expired' "$T/demo.ids" | tr '\n' ' ')
            expect_eq "$extra" "" "demo: no errors besides the deliberate ones (update examples/demo/README if this changes)"
            expect_grep "$OUT" "cannot include '$D/shop-redirects\\.inc'" \
                "demo from elsewhere: the include-missing message keeps the absolute path"
        fi
        demo_relative
    else
        fail "examples/demo/make-pki.sh failed"
        show "$T/pki.out" output
    fi
else
    skip "the bundled demo: no openssl command or no examples/demo"
fi

# A template that cannot be read: template-error named by the template's
# path (no line: the file as a whole), and nothing written.
expect_exit 2 "$TVC" convert --to=mod_tls --allow-lossy --templates "$T/no-templates" \
    -o "$T/tmpl.out" "$TVC_SRCDIR/tests/data/convert/modssl/httpd.conf"
expect_grep "$ERR" "^$T/no-templates/httpd/vhost\\.tmpl: error: cannot read template .*\\[template-error\\]\$" \
    "convert --templates without the files: template-error at the template"
[ ! -e "$T/tmpl.out" ] && pass "template-error: nothing written" || fail "template-error: $T/tmpl.out was written"

# ---- libraries loaded on first use -----------------------------------------------
# libxml2 and libgnutls are dlopen()ed when needed (base/dlib.c). A shim
# preloaded in front of libc's dlopen makes both unloadable: --format=junit
# stops before the run with the loader's reason, a GnuTLS config is checked
# by the built-in resolver with a warning. Without the shim neither says so.
cat > "$T/nodl.c" <<'EOF_C'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <string.h>
void *dlopen(const char *file, int mode)
{
    void *(*real)(const char *, int) = (void *(*)(const char *, int))dlsym(RTLD_NEXT, "dlopen");
    if (file && (strstr(file, "libxml2.so") || strstr(file, "libgnutls.so")))
        return NULL;
    return real(file, mode);
}
EOF_C
GNUTLS_CONF=$TVC_SRCDIR/tests/data/convert-defaults/gnutls-groups-openssl.conf
if ${CC:-cc} -shared -fPIC -o "$T/nodl.so" "$T/nodl.c" -ldl > "$T/nodl.log" 2>&1; then
    # ASan wants to come first in the list of libraries; the shim is first
    NODL="env LD_PRELOAD=$T/nodl.so ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
    if expect_exit 2 $NODL "$TVC" check --format=junit "$GNUTLS_CONF"; then
        expect_grep "$ERR" "^tlsvhostc check: --format=junit needs libxml2: cannot load libxml2\\.so\\.2" \
            "junit without libxml2: says why, before the run"
        [ -s "$OUT" ] && fail "junit without libxml2: wrote a report" || pass "junit without libxml2: no report"
    fi
    if expect_exit 0,1 $NODL "$TVC" check "$GNUTLS_CONF"; then
        expect_grep "$ERR" "^tlsvhostc: warning: GnuTLS priority strings were checked by tlsvhostc's own resolver only.*cannot load libgnutls\\.so\\.30" \
            "GnuTLS config without libgnutls: the warning"
    fi
    if expect_exit 0,1 "$TVC" check --format=junit "$GNUTLS_CONF"; then
        expect_no_grep "$ERR" "libxml2|libgnutls" "with both libraries: no word about them"
    fi
else
    fail "cannot build the dlopen shim with ${CC:-cc}"
    show "$T/nodl.log" cc
fi

finish
