#!/bin/sh
# Hostile and broken input: every case must end within $TVC_TIMEOUT seconds
# (default 20) without a crash (exit status >= 128) or a sanitizer report,
# with the exit status the contract gives (1: findings, 2: could not run)
# and a diagnostic that says where (file:line:col) or, for a top-level
# problem, what is wrong with the CONFIG.
. "$(dirname "$0")/lib.sh"
need_tool head tr

# located FILE LINE COL ID WHAT: stdout has "FILE:LINE:COL: error: ... [ID]".
# LINE and COL may be regular expressions.
located() {
    expect_grep "$OUT" "^$1:$2:$3: error: .*\[$4\]\$" "$5: located $4 diagnostic at $(basename "$1"):$2:$3"
}
# small_output WHAT: the report stays readable (under 1 MB).
small_output() {
    size=$(wc -c < "$OUT" | tr -d ' ')
    if [ "$size" -lt 1048576 ]; then pass "$1: output is $size bytes"; else
        fail "$1: output is $size bytes; a report should not echo megabytes of input"; fi
}

# ---- binary garbage -------------------------------------------------------------

# Each file starts with a fixed letter: random data that begins with '{'
# (1 time in 256) is read as IR JSON, whose own error path exits 2 (tested
# below with trunc.json); here the config path is under test.
{ printf 'x'; head -c 100000 /dev/urandom; } > "$T/random.conf"
if expect_exit 1 "$TVC" check "$T/random.conf"; then
    expect_grep "$OUT" "^$T/random.conf:[0-9]+:[0-9]+: error: " "random bytes: a located error"
    small_output "random bytes"
fi
# The same without NUL bytes (no early "not a config file" exit): it only
# has to finish, without crashing; whether random text has errors is chance.
{ printf 'x'; head -c 100000 /dev/urandom | tr -d '\000'; } > "$T/random-nonul.conf"
expect_exit 0,1 "$TVC" check "$T/random-nonul.conf" && small_output "random bytes without NUL"
expect_exit 0,1 "$TVC" ir "$T/random-nonul.conf" >/dev/null

# ---- NUL bytes in the middle of a valid config ----------------------------------

{
    printf 'Listen 80\n'
    printf '<VirtualHost *:80>\n'
    printf '    ServerName a\000b.test\n'
    printf '</VirtualHost>\n'
} > "$T/nul.conf"
if expect_exit 1 "$TVC" check "$T/nul.conf"; then
    located "$T/nul.conf" 3 17 parse-error "NUL byte"
    expect_grep "$OUT" "NUL" "NUL byte: the message says what it is"
fi

# ---- a 100 MB line ---------------------------------------------------------------

{
    printf 'ServerAdmin '
    head -c 100000000 /dev/zero | tr '\000' 'a'
} > "$T/long.conf"
if expect_exit 1 "$TVC" check "$T/long.conf"; then
    located "$T/long.conf" 1 1 parse-error "100 MB line"
    small_output "100 MB line"
fi
{
    printf 'Listen 80\n# a long comment: '
    head -c 100000000 /dev/zero | tr '\000' 'b'
    printf '\nServerName after.test\n'
} > "$T/long2.conf"
expect_exit 0,1 "$TVC" check "$T/long2.conf" && small_output "100 MB comment line"
rm -f "$T/long.conf" "$T/long2.conf"

# ---- devices -----------------------------------------------------------------------

printf 'Listen 80\nInclude /dev/zero\n' > "$T/devzero.conf"
if expect_exit 1 "$TVC" check "$T/devzero.conf"; then
    located "$T/devzero.conf" 2 1 include-missing "Include /dev/zero"
    expect_grep "$OUT" "/dev/zero" "Include /dev/zero: the message names it"
fi
printf 'Include /dev/urandom\nIncludeOptional /dev/zero\n' > "$T/devices.conf"
expect_exit 1 "$TVC" check "$T/devices.conf" &&
    located "$T/devices.conf" 1 1 include-missing "Include /dev/urandom"
for dev in /dev/zero /dev/null; do
    if expect_exit 2 "$TVC" check "$dev"; then
        cat "$OUT" "$ERR" > "$T/both"
        expect_grep "$T/both" "$dev.*(not a regular file|character device|cannot read)" \
            "$dev as CONFIG: refused, saying why"
    fi
done
# procfs files say they are empty regular files; only "no crash" here.
[ ! -e /proc/self/status ] || expect_exit 0,1,2 "$TVC" check /proc/self/status

# A FIFO must not be opened for reading (that blocks until a writer comes).
if command -v mkfifo >/dev/null 2>&1 && mkfifo "$T/fifo" 2>/dev/null; then
    printf 'Listen 80\nInclude fifo\n' > "$T/incl-fifo.conf"
    expect_exit 1 "$TVC" check "$T/incl-fifo.conf" &&
        located "$T/incl-fifo.conf" 2 1 include-missing "Include of a FIFO"
    if expect_exit 2 "$TVC" check "$T/fifo"; then
        cat "$OUT" "$ERR" > "$T/both"
        expect_grep "$T/both" "fifo.*(not a regular file|FIFO|pipe)" "a FIFO as CONFIG: refused, saying why"
    fi
    expect_exit 2 "$TVC" ir "$T/fifo"
else
    skip "FIFO cases: no mkfifo"
fi
# A symbolic link to itself.
ln -s symloop.conf "$T/symloop.conf"
printf 'Include symloop.conf\n' > "$T/incl-symloop.conf"
expect_exit 1 "$TVC" check "$T/incl-symloop.conf" &&
    located "$T/incl-symloop.conf" 1 1 include-missing "Include of a symlink loop"
expect_exit 2 "$TVC" check "$T/symloop.conf"

# ---- a directory as CONFIG ---------------------------------------------------------

mkdir "$T/adir"
if expect_exit 2 "$TVC" check "$T/adir"; then
    cat "$OUT" "$ERR" > "$T/both"
    expect_grep "$T/both" "adir.*directory" "a directory as CONFIG: refused, saying so"
fi

# ---- deep nesting ------------------------------------------------------------------

# 10,000 nested <IfModule> sections, properly closed, with a typo at the
# bottom. httpd itself overflows its stack on this (it copes with 3,000), so
# either the typo is found or the depth is refused, at a located line.
awk 'BEGIN {
    for (i = 0; i < 10000; i++) print "<IfModule !mod_nonexistent_" i ".c>"
    print "SSLEngin on"
    for (i = 0; i < 10000; i++) print "</IfModule>"
}' > "$T/deep-ifmodule.conf"
if expect_exit 1 "$TVC" check "$T/deep-ifmodule.conf"; then
    expect_grep "$OUT" "^$T/deep-ifmodule.conf:(10001:1: error: .*\\[unknown-directive\\]|[0-9]+:1: error: .*(deep|depth|nest).*\\[parse-error\\])\$" \
        "10,000 nested <IfModule>: the typo at 10001:1, or a located error about the depth"
    small_output "10,000 nested <IfModule>"
fi
expect_exit 1 "$TVC" ir "$T/deep-ifmodule.conf" > /dev/null

# 10,000 nested <Directory> sections, never closed.
awk 'BEGIN { for (i = 0; i < 10000; i++) print "<Directory /d" i ">" }' > "$T/deep-dir.conf"
if expect_exit 1 "$TVC" check "$T/deep-dir.conf"; then
    expect_grep "$OUT" "^$T/deep-dir.conf:[0-9]+:1: error: .*not closed.*\[parse-error\]\$" \
        "10,000 unterminated <Directory>: located parse-error"
fi
expect_exit 1 "$TVC" ir "$T/deep-dir.conf" > /dev/null
# The same, closed: valid for httpd; the tool may refuse the depth (exit 1)
# but must not crash or take long.
awk 'BEGIN { for (i = 0; i < 10000; i++) print "<Directory /d" i ">"
             for (i = 0; i < 10000; i++) print "</Directory>" }' > "$T/deep-dir-ok.conf"
expect_exit 0,1 "$TVC" check "$T/deep-dir-ok.conf"
expect_exit 0,1 "$TVC" ir "$T/deep-dir-ok.conf" > /dev/null

# 10,000 lines joined by backslash continuations into one logical line.
awk 'BEGIN { printf "ServerAlias"; for (i = 0; i < 10000; i++) printf " a%d.test \\\n", i; print "last.test" }' \
    > "$T/continued.conf"
expect_exit 0,1 "$TVC" check "$T/continued.conf"

# ---- quoting -------------------------------------------------------------------------

# httpd's ap_getword_conf takes the rest of the line for a quote that is
# never closed, without a word (apache2 -t says Syntax OK to both)
printf 'Listen 80\nServerAdmin "webmaster@example.test\n' > "$T/quote.conf"
expect_exit 0 "$TVC" check "$T/quote.conf" &&
    expect_no_grep "$OUT" "parse-error" "unterminated quote: the rest of the line, no error"
printf '<VirtualHost "*:80>\n</VirtualHost>\n' > "$T/quote2.conf"
expect_exit 0 "$TVC" check "$T/quote2.conf" &&
    expect_no_grep "$OUT" "parse-error" "unterminated quote in a section: no error"

# ---- includes ------------------------------------------------------------------------

ln -s "$T/does-not-exist.conf" "$T/dangling.conf"
printf 'Listen 80\nInclude dangling.conf\n' > "$T/incl-dangling.conf"
if expect_exit 1 "$TVC" check "$T/incl-dangling.conf"; then
    located "$T/incl-dangling.conf" 2 1 include-missing "dangling symlink"
    expect_grep "$OUT" "dangling" "dangling symlink: the message says so"
fi
# ... and through a wildcard
mkdir "$T/wild"
ln -s "$T/does-not-exist.conf" "$T/wild/x.conf"
printf 'Include wild/*.conf\n' > "$T/incl-wild.conf"
expect_exit 1 "$TVC" check "$T/incl-wild.conf" &&
    located "$T/incl-wild.conf" 1 1 include-missing "dangling symlink through a wildcard"
# a dangling symlink as CONFIG
expect_exit 2 "$TVC" check "$T/dangling.conf"

mkdir "$T/loop"
printf 'Listen 80\nInclude loop/b.conf\n' > "$T/loop/a.conf"
printf '# b\nInclude loop/a.conf\n' > "$T/loop/b.conf"
if expect_exit 1 "$TVC" check --server-root "$T" "$T/loop/a.conf"; then
    located "$T/loop/b.conf" 2 1 include-loop "include loop a -> b -> a"
    expect_grep "$OUT" "included from $T/loop/a.conf:2:1" "include loop: the chain is shown"
fi
printf 'Include self.conf\n' > "$T/self.conf"
expect_exit 1 "$TVC" check "$T/self.conf" && located "$T/self.conf" 1 1 include-loop "a file including itself"
# A directory that includes its own parent: bounded by the depth limit.
mkdir -p "$T/dirloop/sub"
printf 'Include dirloop\n' > "$T/dirloop.conf"
printf 'Include dirloop\n' > "$T/dirloop/sub/again.conf"
expect_exit 1 "$TVC" check "$T/dirloop.conf" &&
    expect_grep "$OUT" "\[include-loop\]\$" "a directory including itself: include-loop"

# ---- CRLF line endings: a valid config -------------------------------------------------

printf 'Listen 80\r\n<VirtualHost *:80>\r\n    ServerName crlf.test\r\n    ServerAlias a.crlf.test \\\r\n        b.crlf.test\r\n    # a comment\r\n\r\n</VirtualHost>\r\n' \
    > "$T/crlf.conf"
if expect_exit 0 "$TVC" check "$T/crlf.conf"; then
    expect_empty "$OUT" "CRLF line endings: no findings"
fi
if expect_exit 0 "$TVC" ir "$T/crlf.conf"; then
    if json_flat "$OUT" > "$T/crlf.flat"; then
        expect_eq "$(json_get "$T/crlf.flat" '.vhosts[0].server_name')" '"crlf.test"' \
            "CRLF: ServerName has no carriage return"
        expect_eq "$(json_get "$T/crlf.flat" '.vhosts[0].aliases[1]')" '"b.crlf.test"' \
            "CRLF: a backslash-CRLF continuation joins the lines"
        # (the verbatim text of a continued line, in "other", may keep it)
        grep -v '^\.vhosts\[0\]\.other\[' "$T/crlf.flat" > "$T/crlf.flat2"
        expect_no_grep "$T/crlf.flat2" '\\r' "CRLF: no \\r in parsed values"
    else
        fail "CRLF: ir printed invalid JSON"
    fi
fi

# ---- unreadable files --------------------------------------------------------------------

printf 'Listen 80\n' > "$T/secret.conf"
chmod 000 "$T/secret.conf"
printf 'Include secret.conf\n' > "$T/incl-secret.conf"
if [ "$(id -u)" = 0 ]; then
    skip "unreadable CONFIG (chmod 000): running as root, which can read it anyway"
else
    if expect_exit 2 "$TVC" check "$T/secret.conf"; then
        cat "$OUT" "$ERR" > "$T/both"
        expect_grep "$T/both" "secret.conf.*[Pp]ermission denied" "unreadable CONFIG: refused, saying why"
    fi
    if expect_exit 1 "$TVC" check "$T/incl-secret.conf"; then
        located "$T/incl-secret.conf" 1 1 include-missing "unreadable included file"
        expect_grep "$OUT" "[Pp]ermission denied" "unreadable included file: the reason is given"
    fi
fi

# ---- odd but valid -----------------------------------------------------------------------

: > "$T/empty.conf"
expect_exit 0 "$TVC" check "$T/empty.conf" && expect_empty "$OUT" "an empty file: no findings"
printf 'Listen 80' > "$T/nonl.conf"
expect_exit 0 "$TVC" check "$T/nonl.conf"
printf '\357\273\277Listen 80\n' > "$T/bom.conf"
expect_exit 0,1 "$TVC" check "$T/bom.conf"
printf 'ServerName caf\303\251.test\nServerAdmin \377\376@x\n' > "$T/utf8.conf"
expect_exit 0,1 "$TVC" check --format=json "$T/utf8.conf" &&
    { json_flat "$OUT" > /dev/null 2>&1 && pass "invalid UTF-8 in the config: --format=json is still valid JSON" ||
        fail "invalid UTF-8 in the config: --format=json is not valid JSON"; }
expect_exit 0,1 "$TVC" ir "$T/utf8.conf" &&
    { json_flat "$OUT" > /dev/null 2>&1 && pass "invalid UTF-8 in the config: ir prints valid JSON" ||
        { fail "invalid UTF-8 in the config: ir prints invalid JSON"; show_run; }; }

# ---- IR JSON input that is not IR ---------------------------------------------------------

printf '{"ir_version": 1, "vhosts": [' > "$T/trunc.json"
if expect_exit 1,2 "$TVC" ir "$T/trunc.json"; then
    cat "$OUT" "$ERR" > "$T/both"
    expect_grep "$T/both" "trunc.json:[0-9]+:[0-9]+: error: .*JSON" "truncated IR JSON: a located error"
fi
printf '{"ir_version": 99}\n' > "$T/future.json"
expect_exit 1,2 "$TVC" ir "$T/future.json"
printf '{"ir_version": 1, "vhosts": 7, "listeners": "x"}\n' > "$T/wrongtypes.json"
expect_exit 1,2 "$TVC" ir "$T/wrongtypes.json"
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "["; for (i = 0; i < 100000; i++) printf "]"; print "" }' > "$T/deep.json"
printf '{' > "$T/deep2.json"; cat "$T/deep.json" >> "$T/deep2.json"
expect_exit 1,2 "$TVC" ir "$T/deep2.json"

finish
