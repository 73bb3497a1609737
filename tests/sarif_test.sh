#!/bin/sh
# `check --format=sarif`: the output validates against our SARIF 2.1.0 subset
# schema (tests/data/sarif-2.1.0-subset.schema.json) with python3-jsonschema, for
# a config with an include chain, a macro, vhosts, a file outside
# --base-dir, a suppressed finding and a finding with no file; and it says
# what the text and JSON outputs say: same findings, same exit status, the
# right ruleId/level/uri/line/column, URIs relative to --base-dir, a rule
# for every ID the sources can emit, each with its documentation page.
# Run by `make check`, or by hand: sh tests/sarif_test.sh
. "$(dirname "$0")/lib.sh"

SCHEMA=$TVC_SRCDIR/tests/data/sarif-2.1.0-subset.schema.json
[ -f "$SCHEMA" ] || die "missing $SCHEMA"

# Debian's python3-jsonschema is for /usr/bin/python3; a python3 earlier on
# PATH (pyenv, a venv) may not see it. Take the first that has the module.
PY=
for p in /usr/bin/python3 python3; do
    if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import jsonschema' 2>/dev/null; then
        PY=$p
        break
    fi
done
if [ -z "$PY" ]; then
    fail "python3 with the jsonschema module (Debian package python3-jsonschema) is needed to validate SARIF: run ./bootstrap"
    finish
fi

# ---- fixtures ----------------------------------------------------------------

mkdir -p "$T/site/sites" "$T/outside"
cat > "$T/site/main.conf" <<EOF
LoadModule ssl_module /usr/lib/apache2/modules/mod_ssl.so
Listen 443
Include sites/outer.conf
# tlsvhostc: disable=undefined-variable the admin address comes from the environment
ServerAdmin \${NO_SUCH_VARIABLE_HERE}
Include sites/macro.conf
Include $T/outside/extra.conf
EOF
cat > "$T/site/sites/outer.conf" <<'EOF'
# the vhosts
  Include sites/inner.conf
EOF
cat > "$T/site/sites/inner.conf" <<'EOF'
<VirtualHost *:443>
    ServerName bad.test
    SSLEngin on
</VirtualHost>
EOF
cat > "$T/site/sites/macro.conf" <<'EOF'
<Macro Site $name>
<VirtualHost *:443>
    ServerName $name
    SSLEngine on
    SSLCertificateFile pki/$name.pem
    SSLCertificateKeyFile pki/$name.key
    SSLFrobnicate on
</VirtualHost>
</Macro>
Use Site good.test
EOF
# Outside --base-dir: gets an absolute file: URI.
cat > "$T/outside/extra.conf" <<'EOF'
FrobnicateTheServer on
EOF
mkdir -p "$T/clean"
cat > "$T/clean/httpd.conf" <<'EOF'
ServerName www.clean.test
Listen 80
<VirtualHost *:80>
    ServerName www.clean.test
</VirtualHost>
EOF

# ---- the checker ---------------------------------------------------------------

# check.py MODE SARIF [JSON]: prints "PASS what" / "FAIL what" lines.
cat > "$T/check.py" <<'PYEOF'
import json, os, re, sys, glob
from urllib.parse import quote, urlparse, unquote
import jsonschema

mode, sarif_path = sys.argv[1], sys.argv[2]
json_path = sys.argv[3] if len(sys.argv) > 3 else None
T, SRC, SCHEMA = (os.environ[k] for k in ("T", "TVC_SRCDIR", "SCHEMA"))

def ok(cond, what, detail=""):
    print(("PASS " if cond else "FAIL ") + what + ("" if cond or not detail else ": " + detail))
    return cond

def file_uri(path):
    return "file://" + quote(path, safe="/~")

with open(SCHEMA) as f:
    schema = json.load(f)
try:
    with open(sarif_path) as f:
        doc = json.load(f)
except ValueError as e:
    ok(False, mode + ": the output is JSON", str(e))
    sys.exit(0)

# The validator the schema asks for ($schema: draft-04), formats checked
# where jsonschema can.
cls = jsonschema.validators.validator_for(schema)
cls.check_schema(schema)
errors = sorted(cls(schema, format_checker=jsonschema.FormatChecker()).iter_errors(doc),
                key=lambda e: list(e.absolute_path))
ok(not errors, mode + ": valid against the SARIF 2.1.0 (subset) schema (" + cls.__name__ + ")",
   "; ".join("%s: %s" % ("/".join(map(str, e.absolute_path)), e.message[:200])
             for e in errors[:5]))

ok(doc.get("version") == "2.1.0", mode + ": version is 2.1.0")
ok(doc.get("$schema") == "https://json.schemastore.org/sarif-2.1.0.json", mode + ": $schema")
runs = doc.get("runs") or [{}]
ok(len(runs) == 1, mode + ": one run")
run = runs[0]
driver = run.get("tool", {}).get("driver", {})
ok(driver.get("name") == "tlsvhostc", mode + ": tool.driver.name")
ok(re.match(r"^\d+\.\d+", driver.get("version", "")) is not None, mode + ": tool.driver.version",
   repr(driver.get("version")))
ok(urlparse(driver.get("informationUri", "")).scheme in ("file", "https"),
   mode + ": tool.driver.informationUri is absolute")
rules = driver.get("rules", [])
rule_ids = [r.get("id") for r in rules]
results = run.get("results", [])

# Every ruleId has its rule, and ruleIndex points at it.
bad = [r for r in results
       if r.get("ruleId") not in rule_ids
       or not (0 <= r.get("ruleIndex", -1) < len(rules))
       or rules[r["ruleIndex"]].get("id") != r.get("ruleId")]
ok(not bad, mode + ": every result's ruleId is in the rules array, at its ruleIndex",
   ", ".join(str(r.get("ruleId")) for r in bad))

def locs(r):
    return [l["physicalLocation"] for l in r.get("locations", []) + r.get("relatedLocations", [])
            if "physicalLocation" in l]

base_uri = run.get("originalUriBaseIds", {}).get("SRCROOT", {}).get("uri")

def path_of(pl):
    a = pl["artifactLocation"]
    if a.get("uriBaseId") == "SRCROOT":
        return unquote(urlparse(base_uri + a["uri"]).path) if base_uri else None
    return unquote(urlparse(a["uri"]).path)

def find(rule_id, uri):
    for r in results:
        l = r.get("locations")
        if r.get("ruleId") == rule_id and l and \
                l[0]["physicalLocation"]["artifactLocation"].get("uri") == uri:
            return r
    return None

def region(r):
    return r["locations"][0]["physicalLocation"].get("region", {})

if mode == "full":
    # The rules: every ID the sources pass to tvc_diag_add/tvc_check_report
    # or probe/'s probe_report (tvc_emit_lossy reports convert-lossy),
    # nothing else, each documented.
    call = re.compile(r"(?:tvc_(?:diag_addv?|check_report)|probe_report)\s*\(([^;]*)", re.S)
    lit = re.compile(r'"([^"\\]*)"')
    src_ids = set()
    for d in ("ir", "parser", "checks", "policy", "emit", "cli", "probe"):
        for fn in glob.glob(os.path.join(SRC, d, "*.c")):
            with open(fn, errors="replace") as f:
                for m in call.finditer(f.read()):
                    s = lit.search(m.group(1))
                    if s and re.match(r"^[a-z0-9]+(-[a-z0-9]+)+$", s.group(1)):
                        src_ids.add(s.group(1))
    ok(len(src_ids) >= 30, "the sources' diagnostic IDs were found (%d)" % len(src_ids))
    ok(len(rule_ids) == len(set(rule_ids)), "rule ids are unique")
    missing = sorted(src_ids - set(rule_ids))
    ok(not missing, "the rules array has every ID the sources emit", "missing " + ", ".join(missing))
    extra = sorted(set(rule_ids) - src_ids)
    ok(not extra, "the rules array has no ID the sources do not emit", "extra " + ", ".join(extra))
    with open(os.path.join(SRC, "Makefile.am")) as f:
        mk = f.read()
    undoc = []
    for r in rules:
        rid = r.get("id", "")
        if not (r.get("shortDescription", {}).get("text") and r.get("fullDescription", {}).get("text")
                and r.get("help", {}).get("text")
                and r.get("defaultConfiguration", {}).get("level") in ("error", "warning", "note")
                and r.get("helpUri", "").startswith("file:///")
                and r.get("helpUri", "").endswith("/doc/ids/" + rid + ".md")
                and os.path.isfile(os.path.join(SRC, "share", "doc", "ids", rid + ".md"))
                and ("share/doc/ids/" + rid + ".md") in mk):
            undoc.append(rid)
    ok(not undoc, "every rule has descriptions, help, a level and a helpUri to its page "
       "share/doc/ids/ID.md, installed by Makefile.am", ", ".join(undoc))

    # SRCROOT is --base-dir as a file: URI ending in '/'.
    ok(base_uri == file_uri(T + "/site") + "/", "originalUriBaseIds.SRCROOT is --base-dir",
       repr(base_uri))

    # The known finding: SSLEngin, three files down an include chain.
    r = find("unknown-directive", "sites/inner.conf")
    if ok(r is not None, "unknown-directive at uri 'sites/inner.conf' (relative to --base-dir)"):
        a = r["locations"][0]["physicalLocation"]["artifactLocation"]
        ok(a.get("uriBaseId") == "SRCROOT", "sites/inner.conf: uriBaseId SRCROOT")
        ok(r.get("level") == "error", "sites/inner.conf: level error", r.get("level"))
        g = region(r)
        ok((g.get("startLine"), g.get("startColumn"), g.get("endColumn")) == (3, 5, 13),
           "sites/inner.conf: startLine 3, startColumn 5, endColumn 13 (the name 'SSLEngin')",
           repr(g))
        text = r.get("message", {}).get("text", "")
        ok("SSLEngin" in text and text.endswith("(vhost *:443 bad.test)"),
           "sites/inner.conf: the message names the directive and ends with the vhost", text)
        ok(r.get("properties", {}).get("vhost") == {"addr": "*", "port": 443, "server_name": "bad.test"},
           "sites/inner.conf: properties.vhost", repr(r.get("properties")))
        chain = [(l["physicalLocation"]["artifactLocation"].get("uri"),
                  l["physicalLocation"]["region"].get("startLine"),
                  l["physicalLocation"]["region"].get("startColumn"),
                  l.get("message", {}).get("text")) for l in r.get("relatedLocations", [])]
        ok(chain == [("sites/outer.conf", 2, 3, "included from"), ("main.conf", 3, 1, "included from")],
           "sites/inner.conf: relatedLocations are the include chain, innermost first", repr(chain))
    r = find("unknown-directive", "sites/macro.conf")
    if ok(r is not None, "unknown-directive in the macro body, uri 'sites/macro.conf'"):
        g = region(r)
        ok((g.get("startLine"), g.get("startColumn")) == (7, 5), "macro finding: line 7, column 5",
           repr(g))
        chain = [(l["physicalLocation"]["artifactLocation"].get("uri"),
                  l["physicalLocation"]["region"].get("startLine"),
                  l.get("message", {}).get("text")) for l in r.get("relatedLocations", [])]
        ok(chain == [("sites/macro.conf", 10, "in macro Site"), ("main.conf", 6, "included from")],
           "macro finding: relatedLocations 'in macro Site' at the Use, then the Include",
           repr(chain))
        ok(r.get("properties", {}).get("vhost", {}).get("server_name") == "good.test",
           "macro finding: the vhost is the one the macro made")
    r = find("unknown-directive", file_uri(T + "/outside/extra.conf"))
    if ok(r is not None, "a file outside --base-dir has an absolute file: URI"):
        ok("uriBaseId" not in r["locations"][0]["physicalLocation"]["artifactLocation"],
           "outside --base-dir: no uriBaseId")
        ok(r.get("level") == "note", "an unknown non-TLS directive is level note")
        ok("properties" not in r, "no vhost, no properties.vhost")
    r = find("undefined-variable", "main.conf")
    if ok(r is not None, "the suppressed finding is listed"):
        ok(r.get("suppressions") == [{"kind": "inSource",
                                      "justification": "the admin address comes from the environment"}],
           "suppressions: inSource with the comment's justification", repr(r.get("suppressions")))
    unsup = [r.get("ruleId") for r in results if r.get("ruleId") != "undefined-variable"
             and "suppressions" in r]
    ok(not unsup, "only suppressed findings have suppressions", repr(unsup))

    # Relative URIs resolve, against SRCROOT, to the files; and the SARIF
    # findings are the JSON findings.
    bad = []
    for r in results:
        for pl in locs(r):
            p = path_of(pl)
            if not p or not os.path.isfile(p):
                bad.append(pl["artifactLocation"].get("uri"))
    ok(not bad, "every artifactLocation resolves to the config file", repr(bad[:5]))
    with open(json_path) as f:
        js = json.load(f)
    jset = sorted((x["id"], x["severity"], x["file"], x["line"], x["column"]) for x in js["findings"])
    sset = sorted((r["ruleId"], r["level"],
                   path_of(r["locations"][0]["physicalLocation"]) if r.get("locations") else None,
                   region(r).get("startLine", 0) if r.get("locations") else 0,
                   region(r).get("startColumn", 0) if r.get("locations") else 0) for r in results)
    ok(jset == sset, "the SARIF results are the --format=json findings (id, level, file, line, column)",
       "json %r\n     sarif %r" % (jset, sset))

elif mode == "nofile":
    r = [r for r in results if r.get("ruleId") == "file-missing" and "locations" not in r]
    ok(len(r) == 1, "a finding without a file (--ca-file missing) has no locations")
    if r:
        ok(r[0].get("level") == "error" and "ca.pem" in r[0].get("message", {}).get("text", ""),
           "the finding without a file: level error, the message names the file")

elif mode == "nobase":
    ok("originalUriBaseIds" not in run, "without --base-dir: no originalUriBaseIds")
    bad = [pl["artifactLocation"] for r in results for pl in locs(r)
           if "uriBaseId" in pl["artifactLocation"]
           or not pl["artifactLocation"].get("uri", "").startswith("file:///")]
    ok(not bad and results, "without --base-dir: every uri is an absolute file: URI", repr(bad[:3]))
    r = find("unknown-directive", file_uri(T + "/site/sites/inner.conf"))
    ok(r is not None and region(r).get("startLine") == 3,
       "without --base-dir: sites/inner.conf:3 as file://.../site/sites/inner.conf")

elif mode == "relbase":
    ok(base_uri == file_uri(T + "/site") + "/", "a relative --base-dir resolves to the same SRCROOT",
       repr(base_uri))
    ok(find("unknown-directive", "sites/inner.conf") is not None,
       "a relative --base-dir gives the same relative uri")

elif mode == "any":
    ok(any(r.get("ruleId") == "undefined-variable" and r.get("level") == "warning" for r in results),
       "the warning is a result at level warning")

elif mode == "clean":
    ok(results == [], "a clean config: results is []", repr(results[:2]))
PYEOF

# sarif_check MODE SARIF [JSON]: runs check.py; each line is a check.
sarif_check() {
    T=$T TVC_SRCDIR=$TVC_SRCDIR SCHEMA=$SCHEMA "$PY" "$T/check.py" "$@" \
        > "$T/py.out" 2> "$T/py.err"
    if [ $? -ne 0 ]; then
        fail "check.py $1 crashed: $(tail -n 3 "$T/py.err" | tr '\n' ' ')"
        return
    fi
    while IFS= read -r line; do
        case $line in
        "PASS "*) pass "sarif: ${line#PASS }" ;;
        *) fail "sarif: ${line#FAIL }" ;;
        esac
    done < "$T/py.out"
}

# same_exit WANT ARGS...: `check ARGS` exits WANT in text, JSON and SARIF;
# leaves the SARIF output in $T/out.sarif and the JSON in $T/out.json.
same_exit() {
    want=$1
    shift
    expect_exit "$want" "$TVC" check "$@"
    expect_exit "$want" "$TVC" check --format=json "$@" && cp "$OUT" "$T/out.json"
    expect_exit "$want" "$TVC" check --format=sarif "$@"
    cp "$OUT" "$T/out.sarif"
    expect_empty "$ERR" "check --format=sarif $(cmdline "$@"): nothing on stderr"
}

# ---- the runs --------------------------------------------------------------------

# Findings at error level: exit 1, as for text.
same_exit 1 --base-dir "$T/site" "$T/site/main.conf"
sarif_check full "$T/out.sarif" "$T/out.json"

# No file to point at: the trust anchors cannot be read (exit 2, as text).
same_exit 2 --base-dir "$T/site" --ca-file "$T/no-such-ca.pem" "$T/site/main.conf"
sarif_check nofile "$T/out.sarif"

# Without --base-dir: absolute URIs only.
same_exit 1 "$T/site/main.conf"
sarif_check nobase "$T/out.sarif"

# A relative --base-dir (lib.sh runs us in $T/.cwd).
same_exit 1 --base-dir ../site "$T/site/main.conf"
sarif_check relbase "$T/out.sarif"

# --fail-on applies as for text; a clean config is exit 0 with no results.
same_exit 0 --base-dir "$T/clean" "$T/clean/httpd.conf"
sarif_check clean "$T/out.sarif"
printf 'ServerAdmin ${NO_SUCH_VARIABLE_HERE}\n' > "$T/warn.conf"
same_exit 0 --fail-on=error "$T/warn.conf"
same_exit 1 --fail-on=warning "$T/warn.conf"
sarif_check any "$T/out.sarif"

finish
