#!/bin/sh
# The folders are layers: a file includes headers of its own folder and
# of the folders under it, never of one above (the README's design
# section). checks/ and emit/ are side by side: both read the IR and the
# policy, neither the other. ocsp/ reads the IR and serves checks/ and cli/; probe/ reads the IR and serves cli/. runtime/ is a library of its own and tests/
# and bench/ may use anything, so they are not listed.
. "$(dirname "$0")/lib.sh"

# Each folder, then the folders it may include from. Written once here.
LAYERS='
base    base
parser  base parser
ir      base parser ir
policy  base parser ir policy
ocsp    base parser ir ocsp
probe   base parser ir probe
checks  base parser ir policy ocsp checks
emit    base parser ir policy emit
cli     base parser ir policy ocsp probe checks emit cli
'

# upward ROOT: one line "file: #include line" for each include under ROOT
# of a layer's folder that the including folder may not use.
upward() {
    root=$1
    printf '%s\n' "$LAYERS" | while read -r dir allowed; do
        [ -n "$dir" ] || continue
        [ -d "$root/$dir" ] || continue
        for f in "$root/$dir"/*.c "$root/$dir"/*.h; do
            [ -f "$f" ] || continue
            grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"[a-z_]*/' "$f" |
                while IFS= read -r line; do
                    to=$(printf '%s\n' "$line" | sed 's/^[^"]*"\([a-z_]*\)\/.*/\1/')
                    case " $allowed " in
                    *" $to "*) ;;
                    *) printf '%s:%s\n' "${f#"$root"/}" "$line" ;;
                    esac
                done
        done
    done
}

# The checker itself: it must find a planted upward include, and must
# not take a same-layer or lower one for one.
mkdir -p "$T/parser" "$T/emit"
printf '#include "base/arena.h"\n#include "parser/tree.h"\n' > "$T/parser/ok.c"
printf '#include "ir/ir.h"\n' > "$T/parser/up.c"
printf '#include "checks/checks.h"\n' > "$T/emit/side.h"
found=$(upward "$T")
case $found in
*parser/up.c:1:*) pass "a planted parser -> ir include is found" ;;
*) fail "a planted parser -> ir include is not found: '$found'" ;;
esac
case $found in
*emit/side.h:1:*) pass "a planted emit -> checks include is found" ;;
*) fail "a planted emit -> checks include is not found: '$found'" ;;
esac
case $found in
*ok.c*) fail "includes of the same or a lower layer are taken for upward ones: '$found'" ;;
*) pass "includes of the same or a lower layer pass" ;;
esac

[ -f "$TVC_SRCDIR/parser/parse.c" ] || die "no source tree at $TVC_SRCDIR"
bad=$(upward "$TVC_SRCDIR")
if [ -z "$bad" ]; then
    pass "no file includes a header of a layer above its own"
else
    fail "includes of a layer above:"
    printf '%s\n' "$bad"
fi

finish
