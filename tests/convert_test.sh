#!/bin/bash
# `tlsvhostc convert`: what it writes, checked against tlsvhostc itself
# and against a real apache2 (mod_ssl).
#
# The corpus is tests/data/convert/CASE/ (configs only; the CA, the leaf
# certificates and their keys are made here with the openssl CLI, in a
# temporary directory, and copied next to each case's config):
#
#   modssl        mod_ssl, two name-based vhosts in conf.d/*.conf (Include),
#                 comments, a server-wide policy, a per-vhost SSLProtocol
#   modssl-faq    the certificate lines of the mod_ssl FAQ
#   gnutls-sni    the mod_gnutls README's SNI example (_default_:443 vhosts)
#   gnutls-cache  the mod_gnutls howto's main server options (a dbm cache in
#                 the two-argument form, its timeout, session tickets)
#   modtls-min    the minimal mod_tls configuration of its documentation
#   modtls-sni    the mod_tls SNI example (keys inside the certificate files,
#                 TLSProtocol TLSv1.3+ on one vhost)
#   lossy         mod_ssl with SSLVerifyClient require (mod_tls cannot)
#   ssl-extras    mod_ssl settings beyond the cipher policy: SSLOpenSSLConfCmd
#                 Groups, reverse proxies with
#                 SSLProxyVerify require, SSLProxyVerifyDepth, SSLProxyProtocol
#                 and SSLProxyCheckPeerName off
#   gnutls-dh     mod_gnutls with GnuTLSDHFile and GROUP-* in GnuTLSPriorities
#
# (1) round trip: every case to every target; the pairs the target can
#     express exactly (EXACT below) must exit 0 without --allow-lossy, the
#     others must exit 2. For each exact pair, `tlsvhostc ir` of the output
#     and of the input agree per vhost on server_name, aliases, addrs,
#     certificate cert/key/chain paths (relative to each one's ServerRoot; a
#     key inside the certificate file counts as that file), and, where the
#     source sets them (explicitly or by inheritance: left at its default,
#     the target's default applies, a convert-defaults matter), on
#     protocols_effective and on the TLS 1.2 / TLS 1.3 suites as sets (for
#     the versions the vhost enables). The comparison is a small python3
#     script when python3 is there (CI has it), else the same rules in awk
#     over lib.sh's json_flat; the log says which one ran. A conversion to
#     the module the config is written for reproduces it byte for byte.
# (2) `diff` input output changes only TLS lines: every removed or added
#     line matches ^\s*(SSL|TLS|GnuTLS|LoadModule|<IfModule|</IfModule).
# (3) lossy: lossy -> mod_tls without --allow-lossy exits 2, writes no -o
#     file, leaves an existing one untouched, and reports [convert-lossy] at
#     the file:line:col of SSLVerifyClient; with --allow-lossy it writes.
# (4) multi-file: modssl with -o OUTDIR writes httpd.conf and conf.d/*.conf
#     in the same relative layout, and nothing else.
# (5) real server: the mod_ssl output of modssl, gnutls-sni, gnutls-cache,
#     modtls-sni, gnutls-dh and server-tls-modtls (their 443 replaced by a random free port in
#     the input before converting), wrapped in a minimal standalone httpd config,
#     passes `apache2 -t`; a started apache2 serves for every ServerName /
#     ServerAlias the certificate the source config assigns to it
#     (openssl s_client -servername, subjects compared), curl --resolve
#     --cacert gets the page over https for every name, and an unknown SNI
#     name gets the first vhost's certificate; for gnutls-dh (--allow-lossy,
#     then the DH parameters appended to the certificate file as its finding
#     says), a DHE handshake gets the GnuTLSDHFile group and the GROUP-*
#     list is enforced. apache2 is
#     stopped by its pid after each case and on any exit.
# (6) every mod_tls and mod_gnutls output (exact or --allow-lossy) passes
#     `tlsvhostc check` without unknown-directive, bad-context or
#     parse-error findings (those modules are not installed: no apache2).
# (7) settings beyond the cipher policy, each carried to the target's
#     directive or reported at its own file:line:col: groups, compression,
#     DH parameters, proxy verification, strict SNI; and the convert-defaults
#     note for a policy left at both modules' (different) defaults, once per
#     source module, not once per vhost.
#
# Needs APACHE2 (configure finds it) and openssl; a missing apache2 is a
# FAILURE, not a skip: run ./bootstrap.
. "$(dirname "$0")/lib.sh"

MODDIR=${APACHE2_MODDIR:-/usr/lib/apache2/modules}
DATA=$TVC_SRCDIR/tests/data/convert
CASES="modssl modssl-faq gnutls-sni gnutls-cache modtls-min modtls-sni lossy ssl-extras gnutls-dh
server-tls server-tls-modtls"
TARGETS="mod_ssl mod_gnutls mod_tls"
# case:target pairs the target cannot express exactly (exit 2 without
# --allow-lossy); every other pair must convert exactly.
#   modssl -> mod_gnutls: SSLHonorCipherOrder on, and GnuTLS orders the suites itself
#   gnutls-cache -> mod_tls: no session cache timeout, no session tickets
#   lossy -> mod_tls: no client certificates
#   modtls-* -> mod_gnutls: mod_tls is strict about SNI by default, mod_gnutls cannot be
#   ssl-extras -> mod_gnutls, mod_tls: no TLS compression, no proxy verification depth,
#       the backend's name is always checked (mod_tls: no key-exchange groups either)
#   gnutls-dh -> mod_ssl: DH parameters only from the certificate file (the
#       finding says what to append; (5) does it and checks the DHE group)
#   gnutls-dh -> mod_tls: no DHE (so no DH parameters), no groups, fewer suites
#   server-tls-modtls -> mod_gnutls: mod_tls is strict about SNI, mod_gnutls cannot be
LOSSY="modssl:mod_gnutls gnutls-cache:mod_tls lossy:mod_tls modtls-min:mod_gnutls
modtls-sni:mod_gnutls ssl-extras:mod_gnutls ssl-extras:mod_tls gnutls-dh:mod_ssl
gnutls-dh:mod_tls server-tls-modtls:mod_gnutls"
TLS_LINE='^[[:space:]]*(SSL|TLS|GnuTLS|LoadModule|<IfModule|</IfModule)'

need_apache2
for tool in openssl curl diff; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        fail "the $tool command is missing: run ./bootstrap"
        finish
    fi
done
[ -d "$DATA" ] || die "no corpus at $DATA"

# ---- apache2: the modules it loads (lib.sh starts and stops it) -------------

BUILTIN=$("$APACHE2" -l 2>/dev/null)
LOADS=
for m in mpm_event authz_core dir log_config socache_shmcb socache_dbm ssl; do
    case $BUILTIN in
    *"mod_$m.c"*) continue ;;
    esac
    if [ ! -f "$MODDIR/mod_$m.so" ]; then
        fail "$MODDIR/mod_$m.so is missing: run ./bootstrap (Debian package apache2)"
        finish
    fi
    # mod_ssl comes from the converted config's own LoadModule line.
    [ "$m" = ssl ] && continue
    LOADS="${LOADS}LoadModule ${m}_module $MODDIR/mod_$m.so
"
done

# ---- the PKI (openssl CLI) ---------------------------------------------------------

P=$T/pki
mkdir -p "$P"

ossl req -x509 -newkey rsa:2048 -nodes -keyout "$P/ca.key" -out "$P/ca.pem" \
    -days 400 -subj "/O=tlsvhostc tests/CN=TVC Convert Test CA" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign"

# leaf NAME KEYTYPE SAN: $P/NAME.pem, $P/NAME.key (0600), and
# $P/NAME.both.pem (certificate then key, as mod_tls may take them)
leaf() {
    local name=$1 kt=$2 san=$3
    if [ "$kt" = rsa ]; then
        ossl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$P/$name.key"
    else
        ossl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$P/$name.key"
    fi
    chmod 600 "$P/$name.key"
    printf '%s\n' "basicConstraints = CA:FALSE" \
        "keyUsage = critical,digitalSignature,keyEncipherment" \
        "extendedKeyUsage = serverAuth" "subjectAltName = $san" > "$P/$name.ext"
    ossl req -new -key "$P/$name.key" -subj "/O=tlsvhostc tests/CN=$name" -out "$P/$name.csr"
    ossl x509 -req -in "$P/$name.csr" -CA "$P/ca.pem" -CAkey "$P/ca.key" \
        -set_serial "0x$(openssl rand -hex 8)" -days 365 \
        -extfile "$P/$name.ext" -out "$P/$name.pem"
    cat "$P/$name.pem" "$P/$name.key" > "$P/$name.both.pem"
    chmod 600 "$P/$name.both.pem"
}

leaf a.test rsa "DNS:a.test"
leaf b.test ec "DNS:b.test, DNS:www.b.test"
leaf example.net ec "DNS:example.net"
leaf www.foo.dom rsa "DNS:www.foo.dom"
# DH parameters (PKCS #3 PEM, as GnuTLSDHFile and OpenSSL read them): the
# RFC 7919 ffdhe3072 group (no slow generation), larger than the 2048 bits
# OpenSSL picks by itself for a 2048-bit RSA key, so (5) can tell it is used
ossl genpkey -genparam -algorithm DH -pkeyopt group:ffdhe3072 -out "$P/dh.pem"

# add_pki CASE DIR: the files CASE's config names, next to it in DIR
add_pki() {
    local d=$2
    mkdir -p "$d/htdocs"
    printf 'tlsvhostc convert test\n' > "$d/htdocs/index.html"
    case $1 in
    modtls-min)
        cp -p "$P/example.net.pem" "$d/file_with_certificate.pem"
        cp -p "$P/example.net.key" "$d/file_with_key.pem"
        ;;
    modssl-faq)
        cp -p "$P/www.foo.dom.pem" "$d/server.crt"
        cp -p "$P/www.foo.dom.key" "$d/server.key"
        ;;
    *)
        mkdir -p "$d/pki"
        cp -p "$P/a.test.pem" "$P/a.test.key" "$P/a.test.both.pem" \
            "$P/b.test.pem" "$P/b.test.key" "$P/b.test.both.pem" "$P/ca.pem" "$P/dh.pem" \
            "$d/pki/"
        ;;
    esac
}

# conf_files DIR: the config files under DIR, relative, sorted
conf_files() {
    (cd "$1" && find . -type f -name '*.conf' | sed 's#^\./##' | LC_ALL=C sort)
}

# ---- comparing IRs ----------------------------------------------------------------

if command -v python3 >/dev/null 2>&1 && python3 -c 'import json' 2>/dev/null &&
    [ "${TVC_CONVERT_AWK:-0}" != 1 ]; then
    COMPARE=python3
    cat > "$T/ir_facts.py" <<'EOF'
# ir_facts.py SRC_IR IR: the facts of IR the round trip compares, one a
# line; which ones is decided by SRC_IR (the converted config's IR).
import json, sys

src = json.load(open(sys.argv[1]))
ir = json.load(open(sys.argv[2]))
RANK = {"SSLv3": 0, "TLSv1": 1, "TLSv1.0": 1, "TLSv1.1": 2, "TLSv1.2": 3, "TLSv1.3": 4}

def rel(path, root):
    if path and root and path.startswith(root.rstrip("/") + "/"):
        return path[len(root.rstrip("/")) + 1:]
    return path

def s(v):
    return "null" if v is None else str(v)

root = ir.get("server_root")
out = ["vhosts %d" % len(ir["vhosts"])]
# The main server's own TLS and which ports speak TLS at all.
srv = ir.get("server") or {}
out.append("server tls %s" % ("on" if srv.get("enabled") else "off"))
if srv.get("enabled"):
    for c in srv.get("certificates") or []:
        out.append("server certificate %s key %s" % (s(rel(c.get("cert"), root)),
                                                      s(rel(c.get("key"), root))))
for l in sorted(ir.get("listeners") or [], key=lambda l: l["port"]):
    out.append("listener %s tls %s" % (l["port"], "on" if l.get("engine") else "off"))
for i, v in enumerate(ir["vhosts"]):
    p = "vhost[%d]" % i
    sv = src["vhosts"][i] if i < len(src["vhosts"]) else {}
    out.append("%s server_name %s" % (p, s(v.get("server_name"))))
    out.append("%s aliases %s" % (p, " ".join(v.get("aliases") or [])))
    out.append("%s addrs %s" % (p, " ".join("%s:%s" % (a["addr"], a["port"])
                                             for a in v.get("addrs") or [])))
    t, st = v.get("tls"), sv.get("tls")
    out.append("%s tls %s" % (p, "off" if t is None else "on"))
    if t is None or st is None:
        continue
    for c in t.get("certificates") or []:
        cert = rel(c.get("cert"), root)
        key = rel(c.get("key"), root) or cert
        chain = ",".join(rel(x, root) for x in c.get("chain") or [])
        out.append("%s certificate %s key %s chain %s" % (p, s(cert), s(key), chain))
    spec = st.get("cipher_spec") or {}
    proto_set = st.get("protocol_text") is not None or (
        spec.get("dialect") == "gnutls" and spec.get("text") is not None)
    ciphers_set = any(spec.get(k) is not None for k in ("text", "tls13", "prefer", "suppress"))
    eff = t.get("protocols_effective") or {}
    if proto_set:
        out.append("%s protocols_effective %s-%s" % (p, s(eff.get("min")), s(eff.get("max"))))
    if ciphers_set:
        seff = st.get("protocols_effective") or {}
        lo, hi = RANK.get(seff.get("min"), 0), RANK.get(seff.get("max"), 4)
        if lo <= 3 <= hi:
            out.append("%s ciphers_tls12 %s" % (p, " ".join(sorted(t.get("ciphers_tls12") or []))))
        if hi >= 4:
            out.append("%s ciphers_tls13 %s" % (p, " ".join(sorted(t.get("ciphers_tls13") or []))))
print("\n".join(out))
EOF
    # ir_facts SRC_IR IR
    ir_facts() { python3 "$T/ir_facts.py" "$1" "$2"; }
else
    COMPARE=awk
    # The same rules over json_flat output (FILE.flat next to each IR).
    ir_facts() {
        json_flat "$1" > "$1.flat" && json_flat "$2" > "$2.flat" || return 1
        awk -F '\t' '
        function uq(v) { if (v ~ /^".*"$/) v = substr(v, 2, length(v) - 2); return v }
        function rel(v) { v = uq(v); if (root != "" && index(v, root "/") == 1) v = substr(v, length(root) + 2); return v }
        function list(A, pre,   j, r) {
            r = ""
            for (j = 0; (pre "[" j "]") in A; j++) r = r (j ? " " : "") uq(A[pre "[" j "]"])
            return r
        }
        function sorted(A, pre,   j, n, k, x, L, r) {
            n = 0
            for (j = 0; (pre "[" j "]") in A; j++) L[++n] = uq(A[pre "[" j "]"])
            for (j = 2; j <= n; j++) { x = L[j]; for (k = j - 1; k >= 1 && L[k] > x; k--) L[k + 1] = L[k]; L[k + 1] = x }
            r = ""
            for (j = 1; j <= n; j++) r = r (j > 1 ? " " : "") L[j]
            return r
        }
        function rank(v) { v = uq(v); return v == "TLSv1.3" ? 4 : v == "TLSv1.2" ? 3 : v == "TLSv1.1" ? 2 : (v == "TLSv1" || v == "TLSv1.0") ? 1 : v == "SSLv3" ? 0 : -1 }
        FNR == NR { S[$1] = $2; next }
        { I[$1] = $2 }
        END {
            root = uq(I[".server_root"])
            for (n = 0; (".vhosts[" n "].server_name") in I; n++) ;
            print "vhosts " n
            for (i = 0; i < n; i++) {
                v = ".vhosts[" i "]"; p = "vhost[" i "]"
                print p " server_name " uq(I[v ".server_name"])
                print p " aliases " list(I, v ".aliases")
                a = ""
                for (j = 0; (v ".addrs[" j "].port") in I; j++)
                    a = a (j ? " " : "") uq(I[v ".addrs[" j "].addr"]) ":" I[v ".addrs[" j "].port"]
                print p " addrs " a
                print p " tls " (I[v ".tls"] == "null" ? "off" : "on")
                if (I[v ".tls"] == "null" || S[v ".tls"] == "null" || !((v ".server_name") in S)) continue
                for (j = 0; (v ".tls.certificates[" j "].cert") in I; j++) {
                    c = v ".tls.certificates[" j "]"
                    cert = rel(I[c ".cert"]); key = rel(I[c ".key"])
                    if (key == "null") key = cert
                    ch = ""
                    for (k = 0; (c ".chain[" k "]") in I; k++) ch = ch (k ? "," : "") rel(I[c ".chain[" k "]"])
                    print p " certificate " cert " key " key " chain " ch
                }
                sp = v ".tls.cipher_spec"
                pset = S[v ".tls.protocol_text"] != "null" || (uq(S[sp ".dialect"]) == "gnutls" && (sp ".text") in S && S[sp ".text"] != "null")
                cset = 0
                split("text tls13 prefer suppress", K, " ")
                for (k = 1; k <= 4; k++) if ((sp "." K[k]) in S && S[sp "." K[k]] != "null") cset = 1
                if (pset) print p " protocols_effective " uq(I[v ".tls.protocols_effective.min"]) "-" uq(I[v ".tls.protocols_effective.max"])
                if (cset) {
                    lo = rank(S[v ".tls.protocols_effective.min"]); if (lo < 0) lo = 0
                    hi = rank(S[v ".tls.protocols_effective.max"]); if (hi < 0) hi = 4
                    if (lo <= 3 && 3 <= hi) print p " ciphers_tls12 " sorted(I, v ".tls.ciphers_tls12")
                    if (hi >= 4) print p " ciphers_tls13 " sorted(I, v ".tls.ciphers_tls13")
                }
            }
        }' "$1.flat" "$2.flat"
    }
fi
say "# IR comparison: $COMPARE"

# ---- (1), (2), (6): every case to every target ----------------------------------

is_lossy_pair() {
    case " $(printf '%s' "$LOSSY" | tr '\n' ' ') " in
    *" $1:$2 "*) return 0 ;;
    esac
    return 1
}

# changed_lines IN OUT: the lines `diff` removes or adds, without the marks
changed_lines() {
    diff "$1" "$2" | sed -n 's/^[<>] //p'
}

# check_only_tls CASEDIR OUTDIR LABEL: (2) for every config file
check_only_tls() {
    local f bad=0
    for f in $(conf_files "$1"); do
        if [ ! -f "$2/$f" ]; then
            fail "$3: $f was not written"
            bad=1
            continue
        fi
        if changed_lines "$1/$f" "$2/$f" | grep -v -E -e "$TLS_LINE" > "$T/.nontls"; then
            fail "$3: $f: diff changes lines that are not TLS lines:"
            sed 's/^/     | /' "$T/.nontls" | head -n 10
            diff "$1/$f" "$2/$f" | head -n 30 | sed 's/^/     diff| /'
            bad=1
        fi
    done
    [ $bad = 0 ] && pass "$3: diff input output changes only TLS lines"
}

# check_output CASE TARGET OUTDIR LABEL: (6) tlsvhostc check on the output
check_output() {
    run "$TVC" check --ca-file "$P/ca.pem" "$3/httpd.conf" || return
    if [ "$RC" -gt 1 ]; then
        fail "$4: tlsvhostc check on the output exits $RC"
        show_run
        return
    fi
    expect_no_grep "$OUT" '\[(unknown-directive|bad-context|parse-error|include-missing)\]' \
        "$4: tlsvhostc check finds every directive of the output known and in its context"
}

RT=$T/rt
mkdir -p "$RT"
for c in $CASES; do
    [ -f "$DATA/$c/httpd.conf" ] || die "corpus case $c is missing"
    in=$RT/$c/in
    mkdir -p "$in"
    cp -R "$DATA/$c/." "$in/"
    add_pki "$c" "$in"
    if ! run "$TVC" ir "$in/httpd.conf" || [ "$RC" != 0 ]; then
        fail "$c: tlsvhostc ir on the input exits $RC"
        show_run
        continue
    fi
    cp "$OUT" "$RT/$c/in.json"
    for t in $TARGETS; do
        label="$c -> $t"
        out=$RT/$c/$t
        mkdir -p "$out"
        run "$TVC" convert --to="$t" --ca-file "$P/ca.pem" -o "$out" "$in/httpd.conf" || continue
        if is_lossy_pair "$c" "$t"; then
            if [ "$RC" = 2 ] && grep -q '\[convert-lossy\]' "$ERR"; then
                pass "$label: not exact: exit 2 with [convert-lossy] ($(grep -o 'error: .*\[convert-lossy\]' "$ERR" | head -n 1 | cut -c 8-120))"
            else
                fail "$label: expected exit 2 with [convert-lossy] (the target cannot express it), got $RC"
                show_run
            fi
            if [ -n "$(ls -A "$out")" ]; then
                fail "$label: refused, but wrote: $(ls -A "$out" | tr '\n' ' ')"
            fi
            # The rest is about what --allow-lossy writes.
            run "$TVC" convert --to="$t" --allow-lossy --ca-file "$P/ca.pem" -o "$out" \
                "$in/httpd.conf" || continue
            if [ "$RC" != 0 ]; then
                fail "$label --allow-lossy: exit $RC"
                show_run
                continue
            fi
            label="$label (--allow-lossy)"
        elif [ "$RC" != 0 ]; then
            fail "$label: expected an exact conversion (exit 0 without --allow-lossy), got $RC"
            show_run
            continue
        else
            pass "$label: exact, exit 0"
        fi
        expect_eq "$(conf_files "$out" | tr '\n' ' ')" "$(conf_files "$in" | tr '\n' ' ')" \
            "$label: the output has the input's config files"
        # (2)
        check_only_tls "$in" "$out" "$label"
        # byte for byte when the config is already written for the target
        case $c:$t in
        modssl*:mod_ssl | lossy:mod_ssl | ssl-*:mod_ssl | gnutls*:mod_gnutls | modtls*:mod_tls)
            if diff -r -x '*.pem' -x '*.key' -x '*.crt' -x htdocs -x pki "$in" "$out" > "$T/.diff"; then
                pass "$label: the output is the input, byte for byte"
            else
                fail "$label: converting to its own module changed the config"
                sed 's/^/     | /' "$T/.diff" | head -n 20
            fi
            ;;
        esac
        # (1) the IR of the output, with the files it names next to it
        add_pki "$c" "$out"
        if is_lossy_pair "$c" "$t"; then
            check_output "$c" "$t" "$out" "$label"
            continue
        fi
        if ! run "$TVC" ir "$out/httpd.conf" || [ "$RC" != 0 ]; then
            fail "$label: tlsvhostc ir on the output exits $RC"
            show_run
            continue
        fi
        cp "$OUT" "$RT/$c/$t.json"
        if ir_facts "$RT/$c/in.json" "$RT/$c/in.json" > "$RT/$c/in.facts" &&
            ir_facts "$RT/$c/in.json" "$RT/$c/$t.json" > "$RT/$c/$t.facts"; then
            if diff "$RT/$c/in.facts" "$RT/$c/$t.facts" > "$T/.diff"; then
                pass "$label: ir(output) = ir(input) in $(grep -c . "$RT/$c/in.facts") facts" \
                     "($(grep -c -E 'protocols_effective|ciphers_' "$RT/$c/in.facts") about the policy)"
            else
                fail "$label: ir(output) differs from ir(input) (< input, > output):"
                sed 's/^/     | /' "$T/.diff" | head -n 20
            fi
        else
            fail "$label: the IR comparison ($COMPARE) failed"
        fi
        check_output "$c" "$t" "$out" "$label"
    done
done

# The comparison must have compared something about the policy: the
# modssl case sets protocols and suites, modtls-sni a protocol.
expect_grep "$RT/modssl/in.facts" '^vhost\[1\] ciphers_tls13 TLS_' \
    "the IR comparison covers the suites (modssl b.test: TLS 1.3 suites)"
expect_grep "$RT/modssl/in.facts" '^vhost\[0\] ciphers_tls12 TLS_ECDHE' \
    "the IR comparison covers the suites (modssl a.test: TLS 1.2 suites)"
expect_grep "$RT/modtls-sni/in.facts" '^vhost\[1\] protocols_effective TLSv1.3-TLSv1.3' \
    "the IR comparison covers the protocols (modtls-sni b.test: TLSv1.3 only)"

# ---- (3) lossy: refused without --allow-lossy ------------------------------------------

say "# (3) a setting mod_tls cannot express"
in=$RT/lossy/in
line=$(grep -n 'SSLVerifyClient' "$in/httpd.conf" | head -n 1 | cut -d: -f1)
col=$(sed -n "${line}p" "$in/httpd.conf" | awk '{ print index($0, "SSLVerifyClient") }')
L=$T/lossy-out
mkdir -p "$L"
if expect_exit 2 "$TVC" convert --to=mod_tls --ca-file "$P/ca.pem" -o "$L/new.conf" "$in/httpd.conf"; then
    expect_grep "$ERR" "(^|/)lossy/in/httpd\\.conf:$line:$col: error: .*\\[convert-lossy\\]" \
        "(3) [convert-lossy] at httpd.conf:$line:$col, the SSLVerifyClient line"
    expect_grep "$ERR" 'nothing written' "(3) says nothing was written"
fi
if [ -e "$L/new.conf" ]; then
    fail "(3) refused, but $L/new.conf was written"
else
    pass "(3) no -o file is written"
fi
printf '# an existing file\nServerName keep.test\n' > "$L/old.conf"
cp -p "$L/old.conf" "$L/old.conf.orig-copy"
before=$(ls -A "$L" | LC_ALL=C sort | tr '\n' ' ')
expect_exit 2 "$TVC" convert --to=mod_tls --ca-file "$P/ca.pem" -o "$L/old.conf" "$in/httpd.conf"
if cmp -s "$L/old.conf" "$L/old.conf.orig-copy"; then
    pass "(3) an existing -o file is left as it was"
else
    fail "(3) the existing -o file was changed"
    show "$L/old.conf" old.conf
fi
expect_eq "$(ls -A "$L" | LC_ALL=C sort | tr '\n' ' ')" "$before" \
    "(3) no file appears next to it (no temp file left)"
expect_exit 2 "$TVC" convert --to=mod_tls --ca-file "$P/ca.pem" "$in/httpd.conf"
expect_empty "$OUT" "(3) without -o: nothing on standard output"
if expect_exit 0 "$TVC" convert --to=mod_tls --allow-lossy --ca-file "$P/ca.pem" \
    -o "$L/old.conf" "$in/httpd.conf"; then
    expect_grep "$ERR" "httpd\\.conf:$line:$col: error: .*\\[convert-lossy\\]" \
        "(3) --allow-lossy still reports what is lost"
    expect_grep "$L/old.conf" '^[[:space:]]*TLSCertificate pki/a\.test\.pem pki/a\.test\.key$' \
        "(3) --allow-lossy writes the mod_tls config over the existing file"
    expect_no_grep "$L/old.conf" '^[[:space:]]*SSL' "(3) no mod_ssl directive is left in it"
fi

# ---- (4) multi-file: the same relative layout -----------------------------------------------

say "# (4) Include conf.d/*.conf, -o OUTDIR"
in=$RT/modssl/in
for t in mod_ssl mod_tls; do
    M=$T/multi-$t
    if expect_exit 0 "$TVC" convert --to=$t --ca-file "$P/ca.pem" -o "$M" "$in/httpd.conf"; then
        got=$(cd "$M" 2>/dev/null && find . -type f | sed 's#^\./##' | LC_ALL=C sort | tr '\n' ' ')
        expect_eq "$got" "$(conf_files "$in" | tr '\n' ' ')" \
            "(4) $t: OUTDIR has httpd.conf and conf.d/*.conf at the input's relative paths, nothing else"
        expect_grep "$M/httpd.conf" '^Include conf\.d/\*\.conf$' "(4) $t: the Include line is kept"
    fi
done

# ---- (7) settings beyond the cipher policy -----------------------------------------------------

say "# (7) groups, compression, DH parameters, proxy verification, strict SNI, defaults"

# at FILE DIRECTIVE: "FILE:LINE:COL" of the first line naming DIRECTIVE
# (a regex), as the findings write it
at() {
    local line col
    line=$(grep -n -E "^[[:space:]]*$2([[:space:]]|\$)" "$1" | head -n 1 | cut -d: -f1)
    col=$(sed -n "${line}p" "$1" | awk '{ match($0, /[^ \t]/); print RSTART }')
    printf '%s:%s:%s' "$(basename "$1")" "$line" "$col"
}

# convert_case CASE TARGET: --allow-lossy into $T/x-CASE-TARGET (findings in $ERR)
convert_case() {
    X=$T/x-$1-$2
    rm -rf "$X"
    mkdir -p "$X"
    run "$TVC" convert --to="$2" --allow-lossy --ca-file "$P/ca.pem" -o "$X" \
        "$RT/$1/in/httpd.conf" || return 1
    if [ "$RC" != 0 ]; then
        fail "(7) $1 -> $2 --allow-lossy: exit $RC"
        show_run
        return 1
    fi
    cp "$ERR" "$X.err"
}

# lossy_at FILE DIRECTIVE WHAT: a [convert-lossy] error at DIRECTIVE's line
lossy_at() {
    expect_grep "$X.err" "$(at "$1" "$2" | sed 's/\./\\./g'): error: .*\[convert-lossy\]" "$3"
}

# (No SSLCompression on: OpenSSL 3 has no compression methods and httpd -t
# refuses it, as the differential test shows.)
in=$RT/ssl-extras/in/httpd.conf
if convert_case ssl-extras mod_tls; then
    lossy_at "$in" 'SSLOpenSSLConfCmd Groups' \
        "(7) ssl-extras -> mod_tls: SSLOpenSSLConfCmd Groups is convert-lossy at its line (mod_tls has no groups setting)"
    lossy_at "$in" SSLProxyVerifyDepth \
        "(7) ssl-extras -> mod_tls: SSLProxyVerify require with SSLProxyVerifyDepth 3 is convert-lossy at the depth line"
    lossy_at "$in" SSLProxyCheckPeerName \
        "(7) ssl-extras -> mod_tls: SSLProxyCheckPeerName off is convert-lossy at its line"
    # rustls always verifies the backend against TLSProxyCA (chain and
    # name): SSLProxyVerify require itself is carried, not lost
    expect_no_grep "$X.err" "$(at "$in" SSLProxyVerify | sed 's/\./\\./g'): error" \
        "(7) ssl-extras -> mod_tls: SSLProxyVerify require itself is not reported lost"
    expect_grep "$X/httpd.conf" '^[[:space:]]+TLSProxyEngine on$' "(7) ssl-extras -> mod_tls: TLSProxyEngine on"
    expect_grep "$X/httpd.conf" '^[[:space:]]+TLSProxyCA pki/ca\.pem$' \
        "(7) ssl-extras -> mod_tls: the backend trust anchors (TLSProxyCA), which mod_tls always verifies against"
    expect_grep "$X/httpd.conf" '^[[:space:]]+TLSProxyProtocol TLSv1\.2\+$' \
        "(7) ssl-extras -> mod_tls: SSLProxyProtocol -all +TLSv1.2 +TLSv1.3 becomes TLSProxyProtocol TLSv1.2+"
fi
if convert_case ssl-extras mod_gnutls; then
    expect_grep "$X/httpd.conf" '^GnuTLSPriorities NORMAL:-GROUP-ALL:\+GROUP-X25519:\+GROUP-SECP256R1$' \
        "(7) ssl-extras -> mod_gnutls: the groups are carried into GnuTLSPriorities"
    expect_grep "$X/httpd.conf" '^[[:space:]]+GnuTLSProxyPriorities NORMAL:-VERS-ALL:\+VERS-TLS1\.3:\+VERS-TLS1\.2$' \
        "(7) ssl-extras -> mod_gnutls: SSLProxyProtocol becomes GnuTLSProxyPriorities with the same versions on NORMAL (the backend's ciphers stay at the default)"
    expect_grep "$X.err" "$(at "$in" SSLProxyProtocol | sed 's/\./\\./g'): note: backend \(proxy\) side: the cipher list is mod_ssl's default .*\[convert-defaults\]" \
        "(7) ssl-extras -> mod_gnutls: a convert-defaults note for the backend's default ciphers"
fi

in=$RT/gnutls-dh/in/httpd.conf
if convert_case gnutls-dh mod_ssl; then
    # mod_ssl takes DH parameters only from the first certificate file
    # (SSLOpenSSLConfCmd DHParameters loses to OpenSSL's automatic choice)
    expect_grep "$X.err" "$(at "$in" GnuTLSDHFile | sed 's/\./\\./g'): error: mod_ssl reads custom DH parameters only from the first SSLCertificateFile .*append '[^']*/pki/dh\.pem' to '[^']*/pki/a\.test\.pem'.*\[convert-lossy\]" \
        "(7) gnutls-dh -> mod_ssl: GnuTLSDHFile is convert-lossy at its line, saying which file to append to which"
    expect_eq "$(grep -c '\[convert-lossy\]' "$X.err")" 1 "(7) gnutls-dh -> mod_ssl: nothing else is lost"
    expect_no_grep "$X/httpd.conf" 'DHParameters' "(7) gnutls-dh -> mod_ssl: no ineffective SSLOpenSSLConfCmd DHParameters"
    expect_grep "$X/httpd.conf" '^SSLOpenSSLConfCmd Groups X25519:P-256:ffdhe2048$' \
        "(7) gnutls-dh -> mod_ssl: GROUP-* of GnuTLSPriorities become SSLOpenSSLConfCmd Groups"
fi
if convert_case gnutls-dh mod_tls; then
    lossy_at "$in" GnuTLSDHFile "(7) gnutls-dh -> mod_tls: GnuTLSDHFile is convert-lossy at its line (rustls has no DHE)"
    expect_grep "$X.err" "$(at "$in" GnuTLSPriorities | cut -d: -f1,2):[0-9]+: error: mod_tls has no setting for the key-exchange groups.*\[convert-lossy\]" \
        "(7) gnutls-dh -> mod_tls: the groups are convert-lossy at the GnuTLSPriorities line"
fi

in=$RT/modtls-min/in/httpd.conf
if convert_case modtls-min mod_gnutls; then
    expect_grep "$X.err" "$(at "$in" TLSEngine | sed 's/\./\\./g'): error: mod_gnutls has no strict SNI check.*\[convert-lossy\]" \
        "(7) modtls-min -> mod_gnutls: mod_tls's strict SNI (on by default) is convert-lossy at the TLSEngine line"
fi
if convert_case modtls-sni mod_ssl; then
    expect_grep "$X/httpd.conf" '^SSLStrictSNIVHostCheck on$' \
        "(7) modtls-sni -> mod_ssl: strict SNI becomes SSLStrictSNIVHostCheck on"
    expect_grep "$X.err" "note: mod_tls refuses a TLS handshake whose SNI name matches no .*\[convert-defaults\]" \
        "(7) modtls-sni -> mod_ssl: a note says how mod_ssl's strict SNI differs"
fi

# Neither protocols nor ciphers set: mod_gnutls's NORMAL (TLS 1.0 up) and
# mod_ssl's default (TLS 1.2 up here) differ; one note for both vhosts.
in=$RT/gnutls-sni/in/httpd.conf
if convert_case gnutls-sni mod_ssl; then
    expect_grep "$X.err" "$(at "$in" GnuTLSEnable | sed 's/\./\\./g'): note: the protocols and ciphers are mod_gnutls's defaults \(TLSv1 to TLSv1\.3, [0-9]+ TLS 1\.2 and [0-9]+ TLS 1\.3 suites\) and stay at mod_ssl's defaults, which differ \(TLSv1\.2 to TLSv1\.3, .*so do 1 more vhost.*\[convert-defaults\]" \
        "(7) gnutls-sni -> mod_ssl: convert-defaults note naming both default ranges and suite counts"
    expect_eq "$(grep -c 'the protocols and ciphers are' "$X.err")" 1 \
        "(7) gnutls-sni -> mod_ssl: one such note for the two vhosts, not one each"
fi

# ---- (5) the mod_ssl output on a real apache2 ----------------------------------------------------

# expected_cert IR NAME: the certificate file the source config gives NAME:
# the first vhost naming it (ServerName or ServerAlias), else the first one.
expected_cert() {
    if [ "$COMPARE" = python3 ]; then
        python3 - "$1" "$2" <<'EOF'
import json, sys
ir = json.load(open(sys.argv[1]))
vs = [v for v in ir["vhosts"] if v.get("tls")]
hit = [v for v in vs if sys.argv[2] in [v.get("server_name")] + (v.get("aliases") or [])]
# no TLS vhost: the main server answers, with its own certificate
certs = (hit or vs)[0]["tls"]["certificates"] if vs else ir["server"]["certificates"]
print((certs or [{}])[0].get("cert") or "")
EOF
    else
        json_flat "$1" | awk -F '\t' -v name="\"$2\"" '
            match($1, /^\.vhosts\[[0-9]+\]/) {
                i = substr($1, 9, RLENGTH - 9) + 0; f = substr($1, RLENGTH + 1)
                if ((f == ".server_name" || f ~ /^\.aliases\[/) && $2 == name && !(hit != "")) hit = i
                if (f == ".tls.certificates[0].cert") { cert[i] = $2; if (first == "") first = i }
            }
            $1 == ".server.certificates[0].cert" { srv = $2 }
            END { i = (hit != "" && (hit in cert)) ? hit : first; v = (i != "") ? cert[i] : srv
                  gsub(/^"|"$/, "", v); print v }'
    fi
}

# names IR: every ServerName and ServerAlias of the TLS vhosts
names_of() {
    if [ "$COMPARE" = python3 ]; then
        python3 -c 'import json, sys
ir = json.load(open(sys.argv[1]))
for v in ir["vhosts"]:
    if v.get("tls"):
        for n in [v.get("server_name")] + (v.get("aliases") or []):
            if n: print(n)' "$1"
    else
        json_flat "$1" | awk -F '\t' '$1 ~ /^\.vhosts\[[0-9]+\]\.(server_name|aliases\[[0-9]+\])$/ && $2 != "null" { gsub(/"/, "", $2); print $2 }'
    fi
}

subject_of() {
    openssl x509 -noout -subject -nameopt RFC2253 -in "$1" 2>/dev/null
}

served_subject() {
    timeout -k 2 10 openssl s_client -connect "127.0.0.1:$PORT" -servername "$1" \
        < /dev/null > "$T/.sclient" 2>&1
    openssl x509 -noout -subject -nameopt RFC2253 < "$T/.sclient" 2>/dev/null
}

# serve_case CASE: 0 done (pass or fail recorded), 3 the port was taken
serve_case() {
    local c=$1 s=$T/srv/$c f name want got first
    rm -rf "$s"
    mkdir -p "$s/run"
    cp -R "$DATA/$c" "$s/in"
    add_pki "$c" "$s/in"
    for f in $(conf_files "$s/in"); do
        # One pass per line: a port that itself contains "443" (34431)
        # must not be rewritten again.
        sed -i -e "s/^Listen 443\$/Listen 127.0.0.1:$PORT/;t" -e "s/443/$PORT/g" "$s/in/$f"
    done
    if ! run "$TVC" ir "$s/in/httpd.conf" || [ "$RC" != 0 ]; then
        fail "(5) $c: tlsvhostc ir on the input exits $RC"
        show_run
        return 0
    fi
    cp "$OUT" "$s/in.json"
    mkdir -p "$s/out"
    lossy_flag=
    is_lossy_pair "$c" mod_ssl && lossy_flag=--allow-lossy
    expect_exit 0 "$TVC" convert --to=mod_ssl $lossy_flag --ca-file "$P/ca.pem" -o "$s/out" \
        "$s/in/httpd.conf" || return 0
    add_pki "$c" "$s/out"
    # gnutls-dh: what its convert-lossy finding asks for
    [ "$c" = gnutls-dh ] && cat "$P/dh.pem" >> "$s/out/pki/a.test.pem"
    if [ "$MODDIR" != /usr/lib/apache2/modules ]; then
        for f in $(conf_files "$s/out"); do
            sed -i "s#/usr/lib/apache2/modules/#$MODDIR/#g" "$s/out/$f"
        done
    fi
    AP_ROOT=$s/out AP_RUN=$s/run
    apache_conf --no-listen "$s/server.conf" 'Include httpd.conf'
    # The children (User nobody when run as root) read the pages: the
    # directories down to htdocs/ are searchable; keys stay 0600.
    chmod 711 "$T" "$T/srv" "$s" "$s/out"
    chmod -R a+rX "$s/out/htdocs"
    if expect_exit 0 "$APACHE2" -t -f "$s/server.conf" -d "$s/out"; then
        expect_grep "$ERR" 'Syntax OK' "(5) $c: apache2 -t: Syntax OK for the converted config"
    else
        return 0
    fi
    apache_start "$s/server.conf"
    case $? in
    0) pass "(5) $c: apache2 started on 127.0.0.1:$PORT" ;;
    3) return 3 ;;
    *)
        fail "(5) $c: apache2 did not start (status ${ASTATUS:-none})"
        apache_show_logs
        return 0
        ;;
    esac
    first=
    for name in $(names_of "$s/in.json") unknown.test; do
        want=$(expected_cert "$s/in.json" "$name")
        [ -n "$first" ] || first=$want
        if [ -z "$want" ] || [ ! -f "$want" ]; then
            fail "(5) $c: the source config gives $name no certificate file ('$want')"
            continue
        fi
        got=$(served_subject "$name")
        expect_eq "$got" "$(subject_of "$want")" \
            "(5) $c: SNI $name gets $(basename "$want"), as the source config says"
        [ -n "$got" ] || show "$T/.sclient" "s_client output"
        [ "$name" = unknown.test ] && continue
        if run curl -sS -f --max-time 10 --resolve "$name:$PORT:127.0.0.1" \
            --cacert "$P/ca.pem" "https://$name:$PORT/" && [ "$RC" = 0 ]; then
            expect_eq "$(cat "$OUT")" "tlsvhostc convert test" "(5) $c: curl https://$name:$PORT/ verifies and gets the page"
        else
            fail "(5) $c: curl https://$name:$PORT/ failed (exit $RC)"
            show_run
        fi
    done
    expect_eq "$(expected_cert "$s/in.json" unknown.test)" "$(expected_cert "$s/in.json" a.test)" \
        "(5) $c: an unknown name belongs to the first vhost (a.test)"
    [ "$c" = gnutls-dh ] && served_dh_groups
    apache_stop
    return 0
}

# served_dh_groups: gnutls-dh's GROUP-* became SSLOpenSSLConfCmd Groups and
# its GnuTLSDHFile was appended to the certificate file, as the finding
# says, and apache2 uses them: a TLS 1.2 DHE handshake gets the file's
# 3072-bit group, a TLS 1.3 client offering only P-384 (not in
# X25519:P-256:ffdhe2048) is refused, one offering P-256 is served.
served_dh_groups() {
    timeout -k 2 10 openssl s_client -connect "127.0.0.1:$PORT" -servername a.test -tls1_2 \
        -cipher DHE-RSA-AES128-GCM-SHA256 < /dev/null > "$T/.sclient" 2>&1
    expect_grep "$T/.sclient" 'Server Temp Key: DH, 3072 bits' \
        "(5) gnutls-dh: a DHE handshake uses the 3072-bit parameters of GnuTLSDHFile, appended to the certificate file"
    if timeout -k 2 10 openssl s_client -connect "127.0.0.1:$PORT" -servername a.test -tls1_3 \
        -groups P-384 < /dev/null > "$T/.sclient" 2>&1; then
        fail "(5) gnutls-dh: a TLS 1.3 client offering only P-384 was served (Groups not applied)"
        show "$T/.sclient" "s_client output"
    else
        pass "(5) gnutls-dh: a TLS 1.3 client offering only P-384 is refused (SSLOpenSSLConfCmd Groups X25519:P-256:ffdhe2048)"
    fi
    if timeout -k 2 10 openssl s_client -connect "127.0.0.1:$PORT" -servername a.test -tls1_3 \
        -groups P-256 < /dev/null > "$T/.sclient" 2>&1; then
        pass "(5) gnutls-dh: a TLS 1.3 client offering P-256 is served"
    else
        fail "(5) gnutls-dh: a TLS 1.3 client offering P-256 was refused"
        show "$T/.sclient" "s_client output"
    fi
}

say "# (5) the mod_ssl output on apache2"
for c in modssl gnutls-sni gnutls-cache modtls-sni gnutls-dh server-tls-modtls; do
    pick_port
    for try in 1 2 3; do
        serve_case "$c"
        st=$?
        apache_stop
        [ $st = 3 ] || break
        say "port $PORT is taken; trying another"
        pick_port
    done
    [ $st = 3 ] && fail "(5) $c: no free port in three tries"
done

finish
