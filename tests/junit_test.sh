#!/bin/sh
# `check --format=junit`: the output validates against the JUnit schema CI
# servers use (tests/data/junit.xsd, Jenkins' junit-10.xsd; see
# tests/data/junit.xsd.README), counts tests and failures right, names the
# finding's id, file:line:col and include chain, survives any bytes in the
# config text, and exits as the text form does. Needs xmllint
# (libxml2-utils, which ./bootstrap installs).
. "$(dirname "$0")/lib.sh"

XSD=$TVC_SRCDIR/tests/data/junit.xsd
[ -f "$XSD" ] || die "no schema at $XSD"
if ! command -v xmllint >/dev/null 2>&1; then
    fail "xmllint is missing: run ./bootstrap (it installs libxml2-utils)"
    finish
fi

# ---- helpers -------------------------------------------------------------------

# valid FILE WHAT: FILE is well-formed and valid against the schema.
valid() {
    if xmllint --noout --schema "$XSD" "$1" > "$T/.xmllint" 2>&1; then
        pass "$2: valid JUnit XML"
        return 0
    fi
    fail "$2: does not validate against tests/data/junit.xsd"
    show "$T/.xmllint" xmllint
    show "$1" output
    return 1
}

# xp FILE XPATH: the XPath's value (a number or string).
xp() {
    xmllint --xpath "$2" "$1" 2>/dev/null
}

# counts FILE WHAT TESTS FAILURES: the root's tests/failures attributes are
# TESTS and FAILURES, and agree with the testcases and failures there are
# and with the sums over the testsuites.
counts() {
    expect_eq "$(xp "$1" 'string(/testsuites/@tests)')/$(xp "$1" 'string(/testsuites/@failures)')" \
        "$3/$4" "$2: <testsuites tests=$3 failures=$4>"
    expect_eq "$(xp "$1" 'count(//testcase)')/$(xp "$1" 'count(//testcase[failure])')" \
        "$3/$4" "$2: $3 testcases, $4 of them failing"
    expect_eq "$(xp "$1" 'sum(//testsuite/@tests)')/$(xp "$1" 'sum(//testsuite/@failures)')" \
        "$3/$4" "$2: the testsuites' counts add up"
    expect_eq "$(xp "$1" 'count(//testsuite[@errors!="0" or @skipped!="0" or @time!="0"])')" \
        0 "$2: errors=\"0\" skipped=\"0\" time=\"0\" on every testsuite"
}

# same_exit WHAT ARGS...: `check --format=junit ARGS` exits as the text form.
same_exit() {
    what=$1
    shift
    run "$TVC" check "$@" || return 1
    text_rc=$RC
    run "$TVC" check --format=junit "$@" || return 1
    expect_eq "$RC" "$text_rc" "$what: exit status $RC, as for --format=text"
}

# ---- fixtures --------------------------------------------------------------------

# Clean: two files, no TLS (no trust anchor needed).
mkdir -p "$T/clean/conf.d"
cat > "$T/clean/httpd.conf" <<'EOF'
ServerName www.clean.test
Listen 80
Include conf.d/*.conf
EOF
cat > "$T/clean/conf.d/site.conf" <<'EOF'
<VirtualHost *:80>
    ServerName www.clean.test
</VirtualHost>
EOF

# Errors two includes down. Line 4's argument has < > & both quotes, a
# byte that is not UTF-8 (\377) and a control byte (\001): the config is
# echoed in the parse-error's message.
mkdir -p "$T/bad/sites"
printf 'Listen 443\nInclude sites/outer.conf\n' > "$T/bad/main.conf"
printf '# the vhosts\n  Include sites/inner.conf\n' > "$T/bad/sites/outer.conf"
printf '%s\n' '<VirtualHost *:443>' '    ServerName bad.test' '    SSLEngin on' > "$T/bad/sites/inner.conf"
printf '    SSLProtocol all "TLSv9<b>&c\\"q'"'"'\377\001"\n' >> "$T/bad/sites/inner.conf"
printf '%s\n' '    FrobnicateThis on' '</VirtualHost>' >> "$T/bad/sites/inner.conf"
INNER=$T/bad/sites/inner.conf

# A note only, and a warning only.
printf 'FrobnicateTheServer on\n' > "$T/note.conf"
printf 'ServerAdmin ${NO_SUCH_VARIABLE_HERE}\n' > "$T/warn.conf"

# ---- a clean config: one passing testcase -------------------------------------------

if expect_exit 0 "$TVC" check --format=junit "$T/clean/httpd.conf"; then
    cp "$OUT" "$T/clean.xml"
    valid "$T/clean.xml" "clean config"
    counts "$T/clean.xml" "clean config" 1 0
    expect_eq "$(xp "$T/clean.xml" 'string(/testsuites/@name)')" tlsvhostc \
        "clean config: <testsuites name=\"tlsvhostc\">"
    expect_eq "$(xp "$T/clean.xml" 'string(//testsuite/@name)')|$(xp "$T/clean.xml" 'string(//testcase/@classname)')|$(xp "$T/clean.xml" 'string(//testcase/@name)')" \
        "$T/clean/httpd.conf|$T/clean/httpd.conf|tlsvhostc check" \
        "clean config: a testsuite for CONFIG with a passing 'tlsvhostc check'"
    expect_empty "$ERR" "clean config: nothing on stderr"
fi

# ---- errors down an include chain ---------------------------------------------------

if expect_exit 1 "$TVC" check --format=junit "$T/bad/main.conf"; then
    cp "$OUT" "$T/bad.xml"
    valid "$T/bad.xml" "config with errors"
    # main.conf: passing; inner.conf: 2 failing (unknown-directive,
    # parse-error) and 1 passing (the note, unknown-directive).
    counts "$T/bad.xml" "config with errors" 4 2
    expect_eq "$(xp "$T/bad.xml" 'count(//testsuite)')" 2 \
        "config with errors: two testsuites (CONFIG and the file with findings)"
    expect_eq "$(xp "$T/bad.xml" 'string(/testsuites/testsuite[1]/@name)')" "$T/bad/main.conf" \
        "config with errors: CONFIG's testsuite comes first"
    expect_eq "$(xp "$T/bad.xml" "string(//testsuite[@name='$INNER']/@tests)")/$(xp "$T/bad.xml" "string(//testsuite[@name='$INNER']/@failures)")" \
        "3/2" "config with errors: inner.conf's testsuite: tests=3 failures=2"
    expect_eq "$(xp "$T/bad.xml" "count(//testsuite[@name='$INNER']/testcase[@classname='$INNER'])")" 3 \
        "config with errors: inner.conf's testsuite has its 3 testcases, classname = the file"
    ud="//testcase[@name='unknown-directive']/failure[@type='unknown-directive']"
    expect_eq "$(xp "$T/bad.xml" "count($ud)")" 1 \
        "the known finding: a failing testcase named unknown-directive, <failure type=\"unknown-directive\">"
    xp "$T/bad.xml" "string($ud)" > "$T/ud.txt"
    expect_grep "$T/ud.txt" "^$INNER:3:5: error: unknown directive 'SSLEngin'.* \\(vhost \\*:443 bad\\.test\\) \\[unknown-directive\\]\$" \
        "the known finding: file:line:col: severity: message (vhost) [id]"
    expect_grep "$T/ud.txt" "^    included from $T/bad/sites/outer\\.conf:2:3\$" \
        "the known finding: include chain, first step"
    expect_grep "$T/ud.txt" "^    included from $T/bad/main\\.conf:2:1\$" \
        "the known finding: include chain, second step"
    expect_grep "$T/bad.xml" "<failure type=\"unknown-directive\" message=\"unknown directive 'SSLEngin'; did you mean 'SSLEngine'\\? \\(vhost \\*:443 bad\\.test\\)\"" \
        "the known finding: message attribute with the vhost"
    # The note is below --fail-on=error: passing, as <system-out>.
    xp "$T/bad.xml" "string(//testcase[@name='unknown-directive'][not(failure)]/system-out)" > "$T/note.txt"
    expect_grep "$T/note.txt" "^$INNER:5:5: note: unknown directive 'FrobnicateThis'.*\\[unknown-directive\\]\$" \
        "a note below --fail-on: a passing testcase's <system-out>"
    # Escaping and cleaning: the XML has the characters escaped, the
    # non-UTF-8 and control bytes as '?', and no raw byte left over.
    expect_eq "$(xp "$T/bad.xml" "string(//failure[@type='parse-error']/@message)")" \
        "SSLProtocol: illegal protocol 'TLSv9<b>&c\"q'??' (httpd -t rejects it) (vhost *:443 bad.test)" \
        "parse-error message: < > & \" ' kept through escaping, bad bytes as '?'"
    expect_grep "$T/bad.xml" "message=\"SSLProtocol: illegal protocol 'TLSv9&lt;b&gt;&amp;c&quot;q'\\?\\?'" \
        "parse-error message: escaped in the attribute"
    expect_grep "$T/bad.xml" ">$INNER:4:5: error: SSLProtocol: illegal protocol 'TLSv9&lt;b&gt;&amp;c.*\\[parse-error\\]\$" \
        "parse-error: escaped in the failure's text, with file:line:col"
    if LC_ALL=C grep -q "$(printf '[\001\377]')" "$T/bad.xml"; then
        fail "config with errors: a raw \\001 or \\377 byte reached the XML"
    else
        pass "config with errors: no raw \\001 or \\377 byte in the XML"
    fi
fi

# --fail-on=note: the note fails too.
if expect_exit 1 "$TVC" check --format=junit --fail-on=note "$T/bad/main.conf"; then
    cp "$OUT" "$T/bad-note.xml"
    valid "$T/bad-note.xml" "--fail-on=note"
    counts "$T/bad-note.xml" "--fail-on=note" 4 3
    expect_eq "$(xp "$T/bad-note.xml" 'count(//system-out)')" 0 "--fail-on=note: nothing left as <system-out>"
fi

# Paths relative to the working directory, as in the text form.
cd "$T/bad" || die "cannot cd to $T/bad"
run "$TVC" check --format=junit main.conf
cd "$T/.cwd" || die "cannot cd back"
if [ "$(xp "$OUT" 'count(//testsuite)')" = 2 ]; then
    cp "$OUT" "$T/rel.xml"
    valid "$T/rel.xml" "run from the config's directory"
    expect_eq "$(xp "$T/rel.xml" 'string(/testsuites/testsuite[1]/@name)')|$(xp "$T/rel.xml" 'string(/testsuites/testsuite[2]/testcase[1]/@classname)')" \
        "main.conf|sites/inner.conf" "run from the config's directory: names relative to it"
    expect_grep "$T/rel.xml" '>sites/inner\.conf:3:5: error: unknown directive' \
        "run from the config's directory: file:line:col relative to it"
else
    fail "run from the config's directory: no output with two testsuites"
    show_run
fi

# ---- a note only, a warning only, an unreadable CONFIG --------------------------------

if expect_exit 0 "$TVC" check --format=junit "$T/note.conf"; then
    cp "$OUT" "$T/note.xml"
    valid "$T/note.xml" "a note only"
    counts "$T/note.xml" "a note only" 1 0
    expect_grep "$T/note.xml" '<system-out>.*note\.conf:1:1: note: .*\[unknown-directive\]' \
        "a note only: in <system-out>"
fi
if expect_exit 1 "$TVC" check --format=junit --fail-on=warning "$T/warn.conf"; then
    cp "$OUT" "$T/warn.xml"
    valid "$T/warn.xml" "a warning, --fail-on=warning"
    counts "$T/warn.xml" "a warning, --fail-on=warning" 1 1
fi
if expect_exit 2 "$TVC" check --format=junit "$T/no-such.conf"; then
    cp "$OUT" "$T/missing.xml"
    valid "$T/missing.xml" "unreadable CONFIG"
    expect_grep "$T/missing.xml" 'no-such\.conf' "unreadable CONFIG: named"
fi

# ---- exit statuses as for text ----------------------------------------------------------

same_exit "clean" "$T/clean/httpd.conf"
same_exit "errors" "$T/bad/main.conf"
same_exit "errors, --fail-on=note" --fail-on=note "$T/bad/main.conf"
same_exit "a note" "$T/note.conf"
same_exit "a note, --fail-on=note" --fail-on=note "$T/note.conf"
same_exit "a warning" "$T/warn.conf"
same_exit "a warning, --fail-on=warning" --fail-on=warning "$T/warn.conf"
same_exit "unreadable CONFIG" "$T/no-such.conf"

# ---- anything in the config: random bytes, and more findings than are kept ------------------

# Bytes of every value, in directive names and arguments.
LC_ALL=C awk 'BEGIN { for (i = 1; i < 256; i++) if (i != 10 && i != 13)
                 printf "Frob%c%c Arg%c%c\n", i, 255 - i + (i == 255), i, (i * 7) % 255 + 1 }' \
    > "$T/bytes.conf"
if expect_exit 0,1 "$TVC" check --format=junit --fail-on=note "$T/bytes.conf"; then
    cp "$OUT" "$T/bytes.xml"
    valid "$T/bytes.xml" "every byte value in directives"
fi

# The findings list keeps 10,000; the rest still fail the run. (Undefined
# variables: the cheapest finding to make, for the sanitizer builds.)
awk 'BEGIN { for (i = 0; i < 10050; i++) printf "ServerAdmin ${UNDEFINED_%d}\n", i }' > "$T/many.conf"
if expect_exit 1 "$TVC" check --format=junit --fail-on=warning "$T/many.conf"; then
    cp "$OUT" "$T/many.xml"
    valid "$T/many.xml" "10,050 warnings, --fail-on=warning"
    counts "$T/many.xml" "10,050 warnings, --fail-on=warning" 10001 10001
    expect_grep "$T/many.xml" '<failure type="findings-not-shown" message="50 more findings not shown' \
        "10,050 warnings, --fail-on=warning: the 50 not kept fail a testcase of their own"
fi
if expect_exit 0 "$TVC" check --format=junit "$T/many.conf"; then
    cp "$OUT" "$T/many-pass.xml"
    valid "$T/many-pass.xml" "10,050 warnings"
    counts "$T/many-pass.xml" "10,050 warnings" 1 0
    expect_grep "$T/many-pass.xml" '<system-out>50 more findings not shown' \
        "10,050 warnings: the 50 not kept are mentioned"
fi

finish
