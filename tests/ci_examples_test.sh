#!/bin/sh
# The recipes in examples/ci/ do what they say:
# - pre-commit: in a real git repository, a good staged config commits; a
#   staged key/certificate mismatch or unknown directive is refused; what
#   counts is the index, not the working tree; commits that touch no Apache
#   file are not checked; no configured config means no check.
# - reload-guard: `systemctl reload` (a fake one on PATH that records its
#   calls) runs only when `tlsvhostc check` passes.
# - github-actions.yml / gitlab-ci.yml: valid YAML (with python3-yaml)
#   that uploads SARIF with github/codeql-action/upload-sarif, and keeps a
#   JUnit report.
# Needs openssl (./bootstrap installs it); git for the hook part.
. "$(dirname "$0")/lib.sh"

CI=$TVC_SRCDIR/examples/ci
HOOK=$CI/pre-commit
GUARD=$CI/reload-guard
for f in "$HOOK" "$GUARD" "$CI/github-actions.yml" "$CI/gitlab-ci.yml"; do
    [ -f "$f" ] || die "missing $f"
done
if ! command -v openssl >/dev/null 2>&1; then
    fail "the openssl command is missing: run ./bootstrap"
    finish
fi

# `tlsvhostc` on PATH, as the scripts expect it.
mkdir "$T/bin"
ln -s "$TVC" "$T/bin/tlsvhostc"
PATH=$T/bin:$PATH
export PATH

# ---- a PKI outside any repository (keys seldom live in one) -----------------

P=$T/pki
mkdir "$P"
(
    cd "$P" || exit 1
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
        -keyout ca.key -out ca.pem -days 3650 -subj /CN=tlsvhostc-test-ca &&
        openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
            -keyout a.key -out a.csr -subj /CN=a.test &&
        printf 'subjectAltName=DNS:a.test\nbasicConstraints=CA:FALSE\n' > a.ext &&
        openssl x509 -req -in a.csr -CA ca.pem -CAkey ca.key -CAcreateserial \
            -out a.pem -days 825 -extfile a.ext &&
        openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out other.key &&
        chmod 600 ./*.key
) > "$T/openssl.log" 2>&1 || {
    show "$T/openssl.log" openssl
    die "cannot make the test PKI with openssl"
}

# good_conf FILE [KEY]: one TLS vhost with the given key (default: its own).
good_conf() {
    cat > "$1" <<EOF
LoadModule ssl_module /usr/lib/apache2/modules/mod_ssl.so
Listen 443
SSLProtocol -all +TLSv1.2 +TLSv1.3
SSLCipherSuite ECDHE+AESGCM:ECDHE+CHACHA20:!aNULL
<VirtualHost *:443>
    ServerName a.test
    SSLEngine on
    SSLCertificateFile $P/a.pem
    SSLCertificateKeyFile ${2:-$P/a.key}
</VirtualHost>
EOF
}

# Sanity: the fixtures mean what the tests below assume.
good_conf "$T/good.conf"
expect_exit 0 "$TVC" check --ca-file "$P/ca.pem" "$T/good.conf"
good_conf "$T/mismatch.conf" "$P/other.key"
expect_exit 1 "$TVC" check --ca-file "$P/ca.pem" "$T/mismatch.conf" &&
    expect_grep "$OUT" '\[key-mismatch\]' "fixture: the mismatch config has key-mismatch"

# ---- pre-commit ------------------------------------------------------------------

if ! command -v git >/dev/null 2>&1; then
    skip "pre-commit: no git"
else
    R=$T/repo
    mkdir -p "$R/apache2/sites"
    git init -q "$R"
    g() { git -C "$R" "$@"; }
    g config user.name "tlsvhostc test"
    g config user.email "test@example.invalid"
    g config commit.gpgsign false
    g config core.hooksPath .git/hooks
    mkdir -p "$R/.git/hooks"
    cp "$HOOK" "$R/.git/hooks/pre-commit"
    chmod +x "$R/.git/hooks/pre-commit"
    g config tlsvhostc.config apache2/apache2.conf
    g config tlsvhostc.args "--ca-file $P/ca.pem"

    cat > "$R/apache2/apache2.conf" <<'EOF'
LoadModule ssl_module /usr/lib/apache2/modules/mod_ssl.so
Listen 443
SSLProtocol -all +TLSv1.2 +TLSv1.3
SSLCipherSuite ECDHE+AESGCM:ECDHE+CHACHA20:!aNULL
Include sites/*.conf
EOF
    good_conf "$T/site.tmp"
    sed -n '/<VirtualHost/,$p' "$T/site.tmp" > "$R/apache2/sites/a.conf"
    cp "$R/apache2/sites/a.conf" "$T/a.good"
    echo "the web servers" > "$R/README"

    # commit MESSAGE: git commit in $R, through run() (time limit).
    commit() { run git -C "$R" commit -q -m "$1"; }
    head_is() { g rev-parse -q --verify HEAD 2>/dev/null || echo none; }

    g add -A
    commit "good config" || :
    if [ "$RC" = 0 ] && [ "$(g log --oneline | wc -l | tr -d ' ')" = 1 ]; then
        pass "pre-commit: a good config commits (the first commit)"
    else
        fail "pre-commit: a good config was refused (exit $RC)"
        show_run
    fi

    # A key that is not the certificate's.
    sed "s#$P/a.key#$P/other.key#" "$T/a.good" > "$R/apache2/sites/a.conf"
    g add apache2/sites/a.conf
    before=$(head_is)
    commit "wrong key" || :
    if [ "$RC" != 0 ] && [ "$(head_is)" = "$before" ]; then
        pass "pre-commit: a key mismatch is refused (exit $RC)"
    else
        fail "pre-commit: a key mismatch was committed (exit $RC)"
    fi
    expect_grep "$ERR" 'sites/a\.conf:[0-9]+:[0-9]+: error: .*\[key-mismatch\]' \
        "pre-commit: the refusal names the file as the repository does, and the ID"
    expect_grep "$ERR" 'commit refused' "pre-commit: says the commit is refused"

    # Fixed in the working tree but not staged: still refused.
    cp "$T/a.good" "$R/apache2/sites/a.conf"
    commit "wrong key, fixed but not staged" || :
    if [ "$RC" != 0 ] && [ "$(head_is)" = "$before" ]; then
        pass "pre-commit: checks the index, not the working tree (unstaged fix)"
    else
        fail "pre-commit: an unstaged fix let the staged mismatch through (exit $RC)"
    fi

    # An unknown directive (a typo), staged, with a broken working tree
    # file that is not staged: the staged typo decides.
    sed 's/SSLCertificateFile/SSLCertificatFile/' "$T/a.good" > "$R/apache2/sites/a.conf"
    g add apache2/sites/a.conf
    commit "typo" || :
    if [ "$RC" != 0 ] && [ "$(head_is)" = "$before" ]; then
        pass "pre-commit: an unknown directive is refused (exit $RC)"
    else
        fail "pre-commit: an unknown directive was committed (exit $RC)"
    fi
    expect_grep "$ERR" '\[unknown-directive\]' "pre-commit: reports unknown-directive"

    # Good staged file, broken working tree: commits.
    cp "$T/a.good" "$R/apache2/sites/a.conf"
    printf '    # reviewed\n' > "$T/comment"
    sed '/ServerName/r '"$T/comment" "$T/a.good" > "$R/apache2/sites/a.conf"
    g add apache2/sites/a.conf
    sed 's/SSLCertificateFile/SSLCertificatFile/' "$T/a.good" > "$R/apache2/sites/a.conf"
    commit "a comment" || :
    if [ "$RC" = 0 ] && [ "$(head_is)" != "$before" ]; then
        pass "pre-commit: a good staged config commits whatever the working tree holds"
    else
        fail "pre-commit: a good staged config was refused (exit $RC)"
        show_run
    fi
    g checkout -q -- apache2/sites/a.conf

    # Committed broken (--no-verify); a commit touching only README is
    # not checked.
    sed "s#$P/a.key#$P/other.key#" "$T/a.good" > "$R/apache2/sites/a.conf"
    g add apache2/sites/a.conf
    run git -C "$R" commit -q --no-verify -m "broken, on purpose"
    echo "more" >> "$R/README"
    g add README
    before=$(head_is)
    commit "readme only" || :
    if [ "$RC" = 0 ] && [ "$(head_is)" != "$before" ]; then
        pass "pre-commit: a commit that touches no Apache file is not checked"
    else
        fail "pre-commit: a README-only commit was refused (exit $RC)"
        show_run
    fi

    # TLSVHOSTC_CONFIG overrides git config; without any config, no check.
    cp "$T/a.good" "$R/apache2/sites/a.conf"
    g add apache2/sites/a.conf
    before=$(head_is)
    run env TLSVHOSTC_CONFIG=apache2/no-such.conf git -C "$R" commit -q -m "env override"
    if [ "$RC" != 0 ] && [ "$(head_is)" = "$before" ]; then
        pass "pre-commit: TLSVHOSTC_CONFIG overrides git config (a missing file refuses)"
    else
        fail "pre-commit: TLSVHOSTC_CONFIG was ignored (exit $RC)"
    fi
    g config --unset tlsvhostc.config
    sed 's/SSLCertificateFile/SSLCertificatFile/' "$T/a.good" > "$R/apache2/sites/a.conf"
    g add apache2/sites/a.conf
    commit "no config named" || :
    if [ "$RC" = 0 ] && [ "$(head_is)" != "$before" ]; then
        pass "pre-commit: with no config named, commits and says so"
        expect_grep "$ERR" 'no configuration named' "pre-commit: the note without a config"
    else
        fail "pre-commit: with no config named the commit was refused (exit $RC)"
        show_run
    fi
fi

# ---- reload-guard -------------------------------------------------------------

mkdir "$T/fake"
CALLS=$T/systemctl.calls
cat > "$T/fake/systemctl" <<EOF
#!/bin/sh
printf '%s\n' "\$*" >> "$CALLS"
EOF
chmod +x "$T/fake/systemctl"

# guard CONFIG [VAR=VALUE...]: runs reload-guard with the fake systemctl
# first on PATH; no TLSVHOSTC_ARGS from outside.
guard() {
    conf=$1
    shift
    : > "$CALLS"
    run env PATH="$T/fake:$PATH" TLSVHOSTC_ARGS="--ca-file $P/ca.pem" "$@" \
        sh "$GUARD" "$conf"
}

guard "$T/good.conf"
expect_eq "$RC" 0 "reload-guard: a good config -> exit 0"
expect_eq "$(cat "$CALLS")" "reload apache2" "reload-guard: a good config -> systemctl reload apache2"

guard "$T/mismatch.conf"
expect_eq "$RC" 1 "reload-guard: a key mismatch -> exit 1"
expect_empty "$CALLS" "reload-guard: a key mismatch -> no reload"
expect_grep "$ERR" 'not reloading apache2' "reload-guard: says it does not reload"

guard "$T/no-such.conf"
expect_eq "$RC" 2 "reload-guard: an unreadable config -> exit 2"
expect_empty "$CALLS" "reload-guard: an unreadable config -> no reload"

guard "$T/good.conf" APACHE_SERVICE=httpd
expect_eq "$(cat "$CALLS")" "reload httpd" "reload-guard: APACHE_SERVICE chooses the unit"

# TLSVHOSTC_CONFIG instead of the argument; SYSTEMCTL instead of PATH.
: > "$CALLS"
run env TLSVHOSTC_CONFIG="$T/good.conf" TLSVHOSTC_ARGS="--ca-file $P/ca.pem" \
    SYSTEMCTL="$T/fake/systemctl" sh "$GUARD"
expect_eq "$RC:$(cat "$CALLS")" "0:reload apache2" \
    "reload-guard: TLSVHOSTC_CONFIG and SYSTEMCTL from the environment"

# Debian's envvars next to the config is read without being asked.
mkdir "$T/deb"
printf 'ServerName deb.test\nListen ${TEST_PORT}\n' > "$T/deb/apache2.conf"
echo 'export TEST_PORT=443' > "$T/deb/envvars"
: > "$CALLS"
run env -u TLSVHOSTC_ARGS PATH="$T/fake:$PATH" sh "$GUARD" "$T/deb/apache2.conf"
expect_eq "$RC:$(cat "$CALLS")" "0:reload apache2" "reload-guard: a config with Debian's envvars"
expect_no_grep "$OUT" 'TEST_PORT' "reload-guard: reads CONFIG's envvars by default"

# ---- the CI YAML ------------------------------------------------------------------

GH=$CI/github-actions.yml
GL=$CI/gitlab-ci.yml
if command -v python3 >/dev/null 2>&1 && python3 -c 'import yaml' 2>/dev/null; then
    run python3 - "$GH" "$GL" <<'EOF'
import sys, yaml
gh = yaml.safe_load(open(sys.argv[1]))
gl = yaml.safe_load(open(sys.argv[2]))
errors = []
# YAML 1.1 reads the key `on` as True.
if "on" not in gh and True not in gh:
    errors.append("github: no 'on'")
steps = [s for job in gh["jobs"].values() for s in job["steps"]]
uploads = [s for s in steps if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif@")]
if not uploads:
    errors.append("github: no github/codeql-action/upload-sarif step")
elif uploads[0].get("with", {}).get("sarif_file") != "tlsvhostc.sarif":
    errors.append("github: upload-sarif does not upload tlsvhostc.sarif")
if not any("tlsvhostc check --format=sarif" in s.get("run", "") and "tlsvhostc.sarif" in s.get("run", "")
           for s in steps):
    errors.append("github: no step writes tlsvhostc.sarif with tlsvhostc check --format=sarif")
if gh.get("permissions", {}).get("security-events") != "write":
    errors.append("github: upload-sarif needs permissions: security-events: write")
jobs = [j for j in gl.values() if isinstance(j, dict) and "script" in j]
junit = [j for j in jobs if j.get("artifacts", {}).get("reports", {}).get("junit") == "tlsvhostc-junit.xml"]
if not junit:
    errors.append("gitlab: no job with artifacts:reports:junit tlsvhostc-junit.xml")
elif not any("tlsvhostc check --format=junit" in line for line in junit[0]["script"]):
    errors.append("gitlab: the job does not run tlsvhostc check --format=junit")
elif junit[0]["artifacts"].get("when") != "always":
    errors.append("gitlab: the report must be kept when the job fails (when: always)")
probe = [j for j in jobs if any("tlsvhostc probe" in line for line in j["script"])]
if not probe:
    errors.append("gitlab: no post-deploy job runs tlsvhostc probe")
elif probe[0].get("stage") != ".post" or probe[0].get("artifacts", {}).get("when") != "always":
    errors.append("gitlab: the probe job must run after the deploy (.post) and keep its report")
for e in errors:
    print(e)
sys.exit(1 if errors else 0)
EOF
    if [ "$RC" = 0 ]; then
        pass "github-actions.yml and gitlab-ci.yml parse and have the SARIF/JUnit steps"
    else
        fail "the CI YAML files"
        show_run
    fi
else
    skip "YAML parsing: no python3-yaml; grepping instead"
    expect_grep "$GH" 'github/codeql-action/upload-sarif@' "github-actions.yml uploads SARIF"
    expect_grep "$GH" 'tlsvhostc check --format=sarif' "github-actions.yml runs tlsvhostc with SARIF"
    expect_grep "$GL" 'junit: tlsvhostc-junit.xml' "gitlab-ci.yml keeps the JUnit report"
    expect_grep "$GL" 'tlsvhostc check --format=junit' "gitlab-ci.yml runs tlsvhostc with JUnit"
fi

# The cron line probes after certbot renew.
CRON=$CI/certbot-probe.cron
expect_grep "$CRON" '^[0-9]+ [0-9]+ \* \* \* root certbot renew .*&& tlsvhostc probe --quiet .*/etc/apache2/apache2.conf$' \
    "certbot-probe.cron: a cron.d line that runs tlsvhostc probe after certbot renew"

# The options the recipes use exist.
for f in "$GH" "$GL" "$HOOK" "$GUARD" "$CRON"; do
    for cmd in check probe; do
        for o in $(grep -oE "tlsvhostc $cmd( --[a-z-]+(=[a-z]+)?( \"?[\$A-Z_/a-z.]+\"?)?)+" "$f" |
            grep -oE -- '--[a-z-]+' | sort -u); do
            if "$TVC" "$cmd" --help | grep -q -e "$o"; then
                pass "$(basename "$f"): tlsvhostc $cmd $o exists"
            else
                fail "$(basename "$f"): tlsvhostc $cmd has no $o"
            fi
        done
    done
done

finish
