#!/bin/sh
# The documentation against the binary: doc/tlsvhostc.1 formats without a
# groff warning; for every command, the options `tlsvhostc CMD --help`
# lists are the options the manual's SYNOPSIS block for CMD lists, each
# with an entry under OPTIONS; the diagnostic IDs of the manual match
# share/doc/ids/ and the bash completion; and the bash completion
# (share/completion/tlsvhostc) completes commands, options and values.
. "$(dirname "$0")/lib.sh"

MAN=$TVC_SRCDIR/doc/tlsvhostc.1
COMP=$TVC_SRCDIR/share/completion/tlsvhostc
IDS_DIR=$TVC_SRCDIR/share/doc/ids
[ -f "$MAN" ] || die "no manual page at $MAN"

# ---- helpers ---------------------------------------------------------------

# Option words on stdin -> one long option per line, sorted: short options
# become their long names, so "-q" and "--quiet" are the same option.
norm_opts() {
    grep -oE '(^|[^[:alnum:]_-])--?[[:alpha:]][[:alnum:]-]*' |
        sed -e 's/^[^-]*//' \
            -e 's/^-D$/--define/' -e 's/^-o$/--output/' \
            -e 's/^-q$/--quiet/' -e 's/^-h$/--help/' |
        sort -u
}

# help_opts CMD: the options `tlsvhostc CMD --help` lists: the usage line,
# and the option part of each line that starts with '-' (up to the two
# spaces before its description).
help_opts() {
    "$TVC" "$1" --help 2>/dev/null | awk '
        NR == 1 && /^usage:/ { print; next }
        /^[ \t]+-/ {
            sub(/^[ \t]+/, "")
            i = index($0, "  ")
            print (i ? substr($0, 1, i - 1) : $0)
        }' | norm_opts
}

# The manual without font escapes and with \- as -.
sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' "$MAN" > "$T/man.txt"

# man_section NAME: the lines of one .SH section.
man_section() {
    awk -v want="$1" '
        /^\.SH/ { s = $0; sub(/^\.SH[ \t]+/, "", s); gsub(/"/, "", s); in_s = (s == want); next }
        in_s' "$T/man.txt"
}

# man_opts CMD: the options of CMD's .SY ... .YS block under SYNOPSIS.
man_opts() {
    man_section SYNOPSIS | awk -v want="$1" '
        /^\.SY/ { blk = 1; cmd = ""; next }
        /^\.YS/ { blk = 0; next }
        blk && cmd == "" && /^\.B / { cmd = $2; next }
        blk && cmd == want' | norm_opts
}

# man_commands: the commands with a SYNOPSIS block.
man_commands() {
    man_section SYNOPSIS | awk '
        /^\.SY/ { blk = 1; cmd = ""; next }
        blk && cmd == "" && /^\.B / { cmd = $2; if (cmd !~ /^-/) print cmd }' | sort -u
}

# tagged SECTION: the tag lines (after .TP/.TQ) of a section.
tagged() {
    man_section "$1" | awk 'tag { print; tag = 0 } /^\.T[PQ]/ { tag = 1 }'
}

# same_set WHAT A B: files A and B hold the same lines.
same_set() {
    if cmp -s "$2" "$3"; then
        pass "$1"
    else
        fail "$1"
        comm -23 "$2" "$3" | sed 's/^/     only in the first:  /'
        comm -13 "$2" "$3" | sed 's/^/     only in the second: /'
    fi
}

# ---- groff -------------------------------------------------------------------

if command -v groff >/dev/null 2>&1; then
    groff -ww -man -Tutf8 "$MAN" > "$T/man.out" 2> "$T/groff.err"
    if [ -s "$T/groff.err" ]; then
        fail "groff -ww -man: warnings in doc/tlsvhostc.1"
        show "$T/groff.err" groff
    else
        pass "groff -ww -man -Tutf8 doc/tlsvhostc.1: no warnings"
    fi
    # Without grotty's overstriking (bold is X\bX, underline _\bX).
    BS=$(printf '\b')
    sed "s/.$BS//g" "$T/man.out" > "$T/man.plain"
    expect_grep "$T/man.plain" '^SYNOPSIS' "the manual renders (SYNOPSIS)"
    expect_grep "$T/man.plain" '^EXIT STATUS' "the manual renders (EXIT STATUS)"
    expect_grep "$T/man.plain" '^ +tlsvhostc check \[--format' "the synopsis renders"
    if command -v man >/dev/null 2>&1; then
        # man-db reads a path with a slash as a file (man ./doc/tlsvhostc.1).
        if MANWIDTH=80 MANPAGER=cat PAGER=cat man -l "$MAN" > "$T/man.man" 2> "$ERR" &&
            sed "s/.$BS//g" "$T/man.man" | grep -q '^DIAGNOSTICS'; then
            pass "man -l doc/tlsvhostc.1 renders"
        else
            fail "man -l doc/tlsvhostc.1 does not render"
            show "$ERR" stderr
        fi
    else
        skip "man -l: no man command"
    fi
else
    fail "groff is not installed: run ./bootstrap (it installs groff-base)"
fi

# ---- commands and options: --help vs the manual ----------------------------

"$TVC" --help | awk '/^commands:/ { c = 1; next } c && /^  [a-z]/ { print $1 }' |
    sort -u > "$T/cmds.help"
[ -s "$T/cmds.help" ] || fail "tlsvhostc --help lists no commands"
man_commands > "$T/cmds.man"
same_set "the manual's SYNOPSIS has a block for each command of tlsvhostc --help" \
    "$T/cmds.help" "$T/cmds.man"
tagged COMMANDS | awk '$1 == ".B" { print $2 }' | sort -u > "$T/cmds.described"
same_set "each command is described under COMMANDS" "$T/cmds.help" "$T/cmds.described"

: > "$T/all.man"
for cmd in $(cat "$T/cmds.help"); do
    help_opts "$cmd" > "$T/$cmd.help"
    man_opts "$cmd" > "$T/$cmd.man"
    if [ ! -s "$T/$cmd.help" ]; then
        fail "tlsvhostc $cmd --help lists no options"
        continue
    fi
    same_set "$cmd: the options of --help are the options of the manual's synopsis" \
        "$T/$cmd.help" "$T/$cmd.man"
    cat "$T/$cmd.man" >> "$T/all.man"
done
sort -u "$T/all.man" -o "$T/all.man"

# Every option of a synopsis is described under OPTIONS, and every option
# described there belongs to some command (or is --help/--version).
tagged OPTIONS | norm_opts > "$T/described"
missing=$(comm -23 "$T/all.man" "$T/described")
if [ -z "$missing" ]; then
    pass "every option in the synopses has an entry under OPTIONS"
else
    fail "options without an entry under OPTIONS: $(echo $missing)"
fi
{ cat "$T/all.man"; printf '%s\n' --help --version; } | sort -u > "$T/allowed"
extra=$(comm -23 "$T/described" "$T/allowed")
if [ -z "$extra" ]; then
    pass "every option under OPTIONS is in a synopsis"
else
    fail "options under OPTIONS that no synopsis lists: $(echo $extra)"
fi

# --version prints what the manual says it does.
if expect_exit 0 "$TVC" --version; then
    expect_grep "$OUT" '^tlsvhostc [0-9]+\.[0-9]+' "--version: tlsvhostc's version"
    expect_grep "$OUT" '^OpenSSL [0-9]' "--version: OpenSSL's version"
    expect_grep "$OUT" '^jansson [0-9]' "--version: jansson's version"
    expect_grep "$OUT" '^libxml2 [0-9]+\.[0-9]+\.[0-9]+ \(built with; libxml2\.so\.2 is loaded' "--version: libxml2's version"
fi

# ---- diagnostic IDs --------------------------------------------------------------

tagged DIAGNOSTICS | awk '$1 == ".BR" || $1 == ".B" { print $2 }' | sort -u > "$T/ids.man"
n_ids=$(wc -l < "$T/ids.man" | tr -d ' ')
if [ "$n_ids" -ge 20 ]; then
    pass "the manual lists $n_ids diagnostic IDs"
else
    fail "the manual lists only $n_ids diagnostic IDs"
fi
if [ -d "$IDS_DIR" ]; then
    (cd "$IDS_DIR" && ls ./*.md) | sed -e 's#^\./##' -e 's/\.md$//' | grep -v '^index$' |
        sort -u > "$T/ids.pages"
    same_set "the IDs of the manual are the pages of share/doc/ids" "$T/ids.man" "$T/ids.pages"
fi
# ../shared/CONTRACT.md has no row for live-host-differs yet: the manual,
# the index and the ID's page carry the wording that row needs.
HOST_ROW='probe --probe-host: HEAD / with Host: NAME over the SNI connection gets 421 Misdirected Request, a 5xx or no HTTP answer (error)'
for f in "$T/man.txt" "$IDS_DIR/index.md" "$IDS_DIR/live-host-differs.md"; do
    if tr '\n' ' ' < "$f" | grep -qF "$HOST_ROW"; then
        pass "live-host-differs in the contract's words: $(basename "$f")"
    else
        fail "live-host-differs in the contract's words: $(basename "$f") lacks '$HOST_ROW'"
    fi
done

# ---- bash completion ------------------------------------------------------------

if [ ! -f "$COMP" ]; then
    fail "no bash completion at $COMP"
elif ! command -v bash >/dev/null 2>&1; then
    skip "bash completion: no bash"
else
    # complete WORD...: COMPREPLY, one per line, for the command line
    # WORD... with the cursor at the end of the last word.
    cat > "$T/complete.bash" <<'EOF'
comp=$1
shift
. "$comp" || exit 1
COMP_WORDS=("$@")
COMP_CWORD=$(($# - 1))
COMP_LINE="$*"
COMP_POINT=${#COMP_LINE}
COMPREPLY=()
_tlsvhostc "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}" || exit 1
printf '%s\n' "${COMPREPLY[@]}"
EOF
    comp_run() { bash "$T/complete.bash" "$COMP" "$@" 2> "$ERR"; }
    words() { comp_run "$@" | tr '\n' ' ' | sed 's/ $//'; }

    expect_eq "$(words tlsvhostc ch)" "check" "completion: 'tlsvhostc ch' -> check"
    expect_eq "$(words tlsvhostc check --for)" "--format=" \
        "completion: 'tlsvhostc check --for' -> --format="
    expect_eq "$(words tlsvhostc check --format =)" "text json sarif junit" \
        "completion: 'check --format=' -> the four formats"
    expect_eq "$(words tlsvhostc check --format = s)" "sarif" \
        "completion: 'check --format=s' -> sarif"
    expect_eq "$(words tlsvhostc check --format=j)" "--format=json --format=junit" \
        "completion: 'check --format=j' as one word (no '=' in COMP_WORDBREAKS)"
    expect_eq "$(words tlsvhostc diff --format =)" "text json" \
        "completion: 'diff --format=' -> text json"
    expect_eq "$(words tlsvhostc convert --to =)" "mod_ssl mod_gnutls mod_tls" \
        "completion: 'convert --to=' -> the three modules"
    expect_eq "$(words tlsvhostc emit --target = mod_g)" "mod_gnutls" \
        "completion: 'emit --target=mod_g' -> mod_gnutls"
    expect_eq "$(words tlsvhostc check --fail-on =)" "error warning note" \
        "completion: 'check --fail-on=' -> error warning note"
    expect_eq "$(words tlsvhostc check --disable key-m)" "key-mismatch" \
        "completion: 'check --disable key-m' -> key-mismatch"
    mkdir "$T/conf" && : > "$T/conf/httpd.conf" && : > "$T/conf/other.conf"
    expect_eq "$(words tlsvhostc check --quiet "$T/conf/ht")" "$T/conf/httpd.conf" \
        "completion: a CONFIG file name"
    expect_eq "$(words tlsvhostc ir -o "$T/conf/o")" "$T/conf/other.conf" \
        "completion: the file of -o"

    # The completion's option lists match --help (emit takes convert's
    # options, with --target for --to).
    for cmd in $(cat "$T/cmds.help"); do
        comp_run tlsvhostc "$cmd" -- | sed 's/=$//' | grep -v '^--help$' | sort -u \
            > "$T/$cmd.comp"
        ref=$T/$cmd.help
        if [ "$cmd" = emit ]; then
            sed 's/^--to$/--target/' "$T/convert.help" | sort -u > "$T/emit.ref"
            ref=$T/emit.ref
        fi
        same_set "completion: the options of '$cmd' are those of --help" "$ref" "$T/$cmd.comp"
    done

    # --disable/--enable complete the manual's IDs.
    comp_run tlsvhostc check --disable '' | grep -v '^all$' | sort -u > "$T/ids.comp"
    same_set "completion: the IDs of --disable are the manual's" "$T/ids.man" "$T/ids.comp"
fi

finish
