#!/bin/sh
# Findings filters and the progress line: inline suppression comments,
# --disable/--enable, and no progress output when stderr is not a tty;
# each command's option table: what it takes, and what it refuses by name.
. "$(dirname "$0")/lib.sh"

mkdir "$T/conf"
cat > "$T/conf/httpd.conf" <<'EOF2'
LoadModule ssl_module /usr/lib/apache2/modules/mod_ssl.so
Listen 443
<VirtualHost *:443>
    ServerName a.test
    SSLEngine on
    # tlsvhostc: disable=file-missing the certificate is deployed later (ticket 42)
    SSLCertificateFile /nonexistent/a.pem
    SSLCertificatFile /x
</VirtualHost>
<VirtualHost *:443>
    ServerName b.test
    SSLEngine on
    SSLCertificateFile /nonexistent/b.pem
</VirtualHost>
EOF2
C=$T/conf/httpd.conf

# The comment suppresses file-missing on the next directive only.
expect_exit 1 "$TVC" check "$C"
expect_no_grep "$OUT" "httpd.conf:7:[0-9]+: error: .*\[file-missing\]" "suppressed finding is not shown in text"
expect_grep "$OUT" "httpd.conf:13:[0-9]+: error: .*\[file-missing\]" "the other vhost's file-missing is still reported"
expect_grep "$OUT" "1 suppressed by comments" "text summary counts the suppressed finding"

# JSON lists it as suppressed, with the reason, and does not count it.
expect_exit 1 "$TVC" check --format=json "$C"
expect_grep "$OUT" '"justification": "the certificate is deployed later \(ticket 42\)"' "JSON carries the justification"
expect_grep "$OUT" '"suppressed": 1' "JSON summary counts it as suppressed"

# --disable drops an ID; --disable all --enable ID keeps only that one.
expect_exit 1 "$TVC" check --disable file-missing "$C"
expect_no_grep "$OUT" "\[file-missing\]" "--disable file-missing"
expect_grep "$OUT" "\[unknown-directive\]" "--disable leaves other IDs"
expect_exit 1 "$TVC" check --disable all --enable unknown-directive "$C"
expect_grep "$OUT" "\[unknown-directive\]" "--enable after --disable all"
expect_no_grep "$OUT" "\[(file-missing|no-certificate)\]" "--disable all hides the rest"
expect_exit 0 "$TVC" check --disable all "$C"
expect_exit 1 "$TVC" check --disable unknown-directive --enable unknown-directive --disable all --enable file-missing "$C"
expect_no_grep "$OUT" "\[unknown-directive\]" "later options win"

# An ID the tool does not have is refused, not silently ignored; every ID
# of the manual is accepted (cipher-no-forward-secrecy among them).
expect_exit 2 "$TVC" check --disable cipher-weakk "$C"
expect_grep "$ERR" "unknown diagnostic ID 'cipher-weakk'" "--disable: a misspelt ID is refused"
expect_exit 2 "$TVC" check --disable all --enable no-such-id "$C"
expect_grep "$ERR" "--enable: unknown diagnostic ID 'no-such-id'" "--enable: an unknown ID is refused"
expect_exit 1 "$TVC" check --disable cipher-no-forward-secrecy --disable cipher-weak "$C"

# A misspelled tlsvhostc comment is reported, not ignored.
printf 'Listen 80\n# tlsvhostc: disabel=file-missing\nServerName x.test\n' > "$T/conf/typo.conf"
expect_exit 0 "$TVC" check "$T/conf/typo.conf"
expect_grep "$OUT" "typo.conf:2:1: warning: unknown tlsvhostc comment" "misspelled suppression comment is a warning"

# Progress never goes to a non-tty stderr.
expect_exit 1 "$TVC" check "$C"
expect_empty "$ERR" "no progress output when stderr is not a terminal"

# ---- each command takes its own options, and refuses the others by name ----

printf 'Listen 80\nServerName clean.test\n' > "$T/conf/clean.conf"
K=$T/conf/clean.conf

# Accepted: the run gets past the options (and says nothing of them).
accepted() { # WHAT CODE ARGS...
    what=$1 code=$2
    shift 2
    expect_exit "$code" "$TVC" "$@" || return
    expect_no_grep "$ERR" "does not apply|unknown or incomplete" "$what: accepted"
}
accepted "check --sni-map" 0 check --sni-map "$K"
accepted "ir -o" 0 ir -o "$T/clean.json" "$K"
accepted "convert --allow-lossy" 0 convert --to=mod_tls --allow-lossy -o "$T/conv.conf" "$K"
accepted "emit --target" 0 emit --target=mod_gnutls "$K"
accepted "diff --fail-on-weaken" 0 diff --fail-on-weaken "$K" "$K"
# diff reads both configs as check does: <IfVersion> too.
accepted "diff --httpd-version" 0 diff --httpd-version 2.4.62 "$K" "$K"
# serve would listen: without --listen it stops after the options.
accepted "serve --max-connections" 2 serve --max-connections 1 "$K"
expect_grep "$ERR" "say where to listen" "serve --max-connections: parsed, then --listen is missing"

# Refused: exit 2, the option and the command named, nothing on stdout.
refused() { # OPTION CMD ARGS...
    opt=$1 cmd=$2
    shift 2
    expect_exit 2 "$TVC" "$cmd" "$@" || return
    expect_grep "$ERR" "^tlsvhostc $cmd: option $opt does not apply to $cmd\$" \
        "$cmd: $opt is refused by name"
    expect_empty "$OUT" "$cmd $opt: nothing on stdout"
}
refused --allow-lossy ir --allow-lossy --listen 1.2.3.4:5 "$K"
refused --listen ir --listen 1.2.3.4:5 "$K"
refused --to check --to=mod_tls "$K"
refused --sni-map convert --to=mod_tls --sni-map "$K"
refused --to emit --to=mod_tls "$K"
refused --target convert --target=mod_tls "$K"
refused --ca-file diff --ca-file "$K" "$K" "$K"
refused -o serve -o "$T/out" --listen 127.0.0.1:0 "$K"
# getopt_long takes unique prefixes: --fail-on is not diff's --fail-on-weaken.
refused --fail-on diff --fail-on=error "$K" "$K"

# Every option another command's --help lists, and this one's does not, is
# refused by name (before any value or CONFIG is looked at).
help_longopts() {
    "$TVC" "$1" --help | grep -oE -- '--[a-z][a-z-]*' | sort -u
}
for cmd in check ir convert emit diff serve; do
    help_longopts "$cmd" > "$T/$cmd.opts"
done
sort -u "$T"/*.opts > "$T/all.opts"
for cmd in check ir convert emit diff serve; do
    bad=
    for opt in $(comm -23 "$T/all.opts" "$T/$cmd.opts"); do
        run "$TVC" "$cmd" "$opt" x "$K" "$K" || continue
        if [ "$RC" != 2 ] || ! grep -q -e "^tlsvhostc $cmd: option $opt does not apply to $cmd\$" "$ERR"; then
            bad="$bad $opt"
        fi
    done
    if [ -z "$bad" ]; then
        pass "$cmd refuses by name every option only other commands take"
    else
        fail "$cmd does not refuse by name:$bad"
    fi
done

# --help lists exactly the options a command takes.
expect_exit 0 "$TVC" ir --help
expect_no_grep "$OUT" "allow-lossy|--listen" "ir --help does not list convert's or serve's options"
expect_exit 0 "$TVC" emit --help
expect_grep "$OUT" "^  --allow-lossy " "emit --help lists the convert options it takes"

finish
