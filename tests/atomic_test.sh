#!/bin/sh
# Crash-safe writes (base/atomic_file.c): killed at every step, the old
# file is whole; the mode is kept; key-bearing output is never readable by
# others; ir -o and convert -o go through it.
. "$(dirname "$0")/lib.sh"
need_tool stat
RT=${TVC_BUILDDIR:-.}/tests/replace_tool
[ -x "$RT" ] || die "no $RT (make check builds it)"

for step in write fsync rename; do
    printf 'old contents\n' > "$T/f-$step"
    chmod 640 "$T/f-$step"
    TVC_TEST_KILL_AT=$step "$RT" "$T/f-$step" "new contents, longer than the old" 2> /dev/null
    rc=$?
    expect_eq "$rc" 137 "killed at $step: SIGKILL"
    expect_eq "$(cat "$T/f-$step")" "old contents" "killed at $step: the old file is whole"
done
printf 'old\n' > "$T/f-dirsync"
TVC_TEST_KILL_AT=dirsync "$RT" "$T/f-dirsync" "new" 2> /dev/null
expect_eq "$(cat "$T/f-dirsync")" "new" "killed after the rename: the new file is whole"
leftover=$(find "$T" -name 'f-*.tmp*' | wc -l | tr -d ' ')
say "temp files left by the kills: $leftover (a kill cannot clean up; never the target)"

printf 'old\n' > "$T/mode"
chmod 604 "$T/mode"
"$RT" "$T/mode" "new" && expect_eq "$(stat -c %a "$T/mode")" 604 "the replaced file's mode is kept"
"$RT" "$T/mode" "key" private &&
    expect_eq "$(stat -c %a "$T/mode")" 600 "key-bearing output loses the bits for others"
"$RT" "$T/newkey" "key" private &&
    expect_eq "$(stat -c %a "$T/newkey")" 640 "a new key-bearing file: the mode asked for (644), less the bits for others"
chmod 000 "$T" 2>/dev/null
if [ "$(id -u)" != 0 ] && ! "$RT" "$T/x" "y" 2> /dev/null; then
    pass "an unwritable directory: an error"
fi
chmod 700 "$T"

# ir -o: keeps the mode of the file it replaces.
printf 'Listen 80\n<VirtualHost *:80>\nServerName a.test\n</VirtualHost>\n' > "$T/c.conf"
printf 'x\n' > "$T/ir.json"
chmod 640 "$T/ir.json"
if expect_exit 0 "$TVC" ir -o "$T/ir.json" "$T/c.conf"; then
    expect_grep "$T/ir.json" '"ir_version"' "ir -o: written"
    expect_eq "$(stat -c %a "$T/ir.json")" 640 "ir -o: the mode is kept"
fi
# convert -o: a new file takes the input's mode.
mkdir "$T/in"
cp "$T/c.conf" "$T/in/c.conf"
chmod 640 "$T/in/c.conf"
if expect_exit 0 "$TVC" convert --to=mod_tls -o "$T/out.conf" "$T/in/c.conf"; then
    expect_eq "$(stat -c %a "$T/out.conf")" 640 "convert -o: the input's mode"
fi

finish
