#!/bin/bash
# .pre-commit-hooks.yaml is a hook repository entry that the real
# pre-commit framework runs: in a scratch repository whose
# .pre-commit-config.yaml names this entry (with the config tree's main
# file in args and files limited to the tree), a good staged config
# commits, a key that does not match its certificate is refused with the
# finding shown, and a commit that touches no file of the tree is not
# checked. Needs git and pre-commit (./bootstrap installs them).
. "$(dirname "$0")/lib.sh"

HOOKS=$TVC_SRCDIR/.pre-commit-hooks.yaml
[ -f "$HOOKS" ] || die "missing $HOOKS"
for t in git pre-commit openssl; do
    command -v "$t" >/dev/null 2>&1 || { fail "the $t command is missing: run ./bootstrap"; finish; }
done

# tlsvhostc on PATH, as language: system wants it; git and pre-commit with
# a HOME of their own (no global hooksPath, which pre-commit refuses).
mkdir "$T/bin" "$T/home"
ln -s "$TVC" "$T/bin/tlsvhostc"
PATH=$T/bin:$PATH
HOME=$T/home
PRE_COMMIT_HOME=$T/pre-commit-cache
GIT_CONFIG_NOSYSTEM=1
export PATH HOME PRE_COMMIT_HOME GIT_CONFIG_NOSYSTEM
git config --global user.name "tlsvhostc test"
git config --global user.email "test@example.invalid"
git config --global init.defaultBranch main
git config --global commit.gpgsign false

P=$T/pki
mkdir "$P"
ossl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$P/ca.key" \
    -out "$P/ca.pem" -days 3650 -subj /CN=tlsvhostc-test-ca
ossl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$P/a.key" \
    -out "$P/a.csr" -subj /CN=a.test
printf 'subjectAltName=DNS:a.test\nbasicConstraints=CA:FALSE\n' > "$P/a.ext"
ossl x509 -req -in "$P/a.csr" -CA "$P/ca.pem" -CAkey "$P/ca.key" -CAcreateserial \
    -out "$P/a.pem" -days 825 -extfile "$P/a.ext"
ossl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$P/other.key"

# The hook repository: this checkout's .pre-commit-hooks.yaml, committed.
H=$T/hookrepo
mkdir "$H"
cp "$HOOKS" "$H/"
git -C "$H" init -q && git -C "$H" add -A && git -C "$H" commit -q -m hooks ||
    die "cannot make the hook repository"
REV=$(git -C "$H" rev-parse HEAD)

# The user's repository: an Apache tree under apache2/ and other files.
U=$T/user
mkdir -p "$U/apache2/sites"
git -C "$U" init -q || die "git init failed"
cat > "$U/.pre-commit-config.yaml" <<EOF
repos:
  - repo: $H
    rev: $REV
    hooks:
      - id: tlsvhostc
        files: ^apache2/
        args: [--ca-file, $P/ca.pem, apache2/apache2.conf]
EOF
cat > "$U/apache2/apache2.conf" <<'EOF'
LoadModule ssl_module /usr/lib/apache2/modules/mod_ssl.so
Listen 443
SSLProtocol -all +TLSv1.2 +TLSv1.3
Include sites/*.conf
EOF
# site KEY: the one vhost, with KEY for a.pem.
site() {
    cat > "$U/apache2/sites/a.conf" <<EOF
<VirtualHost *:443>
    ServerName a.test
    SSLEngine on
    SSLCertificateFile $P/a.pem
    SSLCertificateKeyFile $1
</VirtualHost>
EOF
}
site "$P/a.key"
echo "the web servers" > "$U/README"

cd "$U" || die "cannot cd to $U"
expect_exit 0 pre-commit install
head_is() { git -C "$U" rev-parse -q --verify HEAD 2>/dev/null || echo none; }
# The hook's report goes to git's stdout or stderr: both, in $T/both.
both() { cat "$OUT" "$ERR" > "$T/both"; }

git add -A
expect_exit 0 git commit -q -m "good config" &&
    expect_eq "$(git log --oneline | wc -l | tr -d ' ')" 1 "pre-commit framework: a good config commits"
both
expect_grep "$T/both" 'tlsvhostc check.*Passed' "pre-commit framework: the hook ran and passed"

site "$P/other.key"
git add apache2/sites/a.conf
before=$(head_is)
expect_exit 1 git commit -q -m "wrong key"
expect_eq "$(head_is)" "$before" "pre-commit framework: a key mismatch is refused"
both
expect_grep "$T/both" 'apache2/sites/a\.conf:[0-9]+:[0-9]+: error: .*\[key-mismatch\]' \
    "pre-commit framework: the refusal shows the finding, the file as the repository names it"

# Committed broken on purpose; a commit outside apache2/ is not checked.
expect_exit 0 git commit -q --no-verify -m "broken, on purpose"
echo more >> README
git add README
before=$(head_is)
expect_exit 0 git commit -q -m "readme only"
[ "$(head_is)" != "$before" ] && pass "pre-commit framework: a commit outside the tree is not checked" ||
    fail "pre-commit framework: a README-only commit did not happen"
both
expect_grep "$T/both" 'tlsvhostc check.*Skipped|no files to check' "pre-commit framework: says it skipped the hook"

cd "$T/.cwd" || die "cannot cd back"
finish
