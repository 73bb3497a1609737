#!/bin/sh
# The inputs that once crashed a fuzz target (fuzz/regress/TARGET/*),
# replayed through the CLI the way the target feeds them to the library:
# each must now end without a crash, hang or sanitizer report.
. "$(dirname "$0")/lib.sh"
R=$TVC_SRCDIR/fuzz/regress
n=0
for f in "$R"/tvc_fuzz_config/*; do
    [ -f "$f" ] || continue
    n=$((n + 1))
    mkdir -p "$T/c$n"
    # as the target: '/' and ".." rewritten, so includes stay in $T/c$n
    sed 's#/#_#g; s#\.\.#_.#g' "$f" > "$T/c$n/f.conf"
    expect_exit 0,1,2 "$TVC" check --server-root "$T/c$n" "$T/c$n/f.conf"
done
for f in "$R"/tvc_fuzz_ir_json/*; do
    [ -f "$f" ] || continue
    n=$((n + 1))
    expect_exit 0,1,2 "$TVC" ir "$f"
done
for f in "$R"/tvc_fuzz_policy/* "$R"/tvc_fuzz_pki/*; do
    [ -f "$f" ] || continue
    n=$((n + 1))
    fail "$f: no CLI replay for this target yet; add one here with the input"
done
say "regression inputs replayed: $n"
[ "$n" -gt 0 ] || pass "no regression inputs yet (fuzz/regress/README): nothing to replay"
finish
