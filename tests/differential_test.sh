#!/bin/bash
# The differential test: the real modules against tlsvhostc, one directive
# line at a time. Each row of tests/data/differential/lines.tsv is put into
# a minimal standalone config (a TLS vhost with a generated certificate,
# the module loaded: Debian's mod_ssl, ../shared/oracle's mod_gnutls and
# mod_tls) and judged twice:
#
#   the server   `apache2 -t -f CONF` (all rows, two at a time); rows
#                flagged "start" that pass -t are also started on 127.0.0.1
#                at a free port (what fails only at start: key mismatch,
#                cipher strings that select nothing, stapling cache);
#                reject = a non-zero -t or a failed start.
#   tlsvhostc    `tlsvhostc check` on the same file; reject = an
#                error-severity finding whose ID says httpd refuses the
#                config (REJECT_IDS below). Errors about quality (expiry,
#                names, SNI, weak ciphers) are no refusal and do not count.
#
# The two verdicts must agree; a disagreement names the row, the line and
# both messages. For mod_tls the oracle (0.8.3) is older than the
# documented grammar: a row's "docs:accept|reject REASON" column decides
# instead of the oracle, and the test says so. Disagreements that are
# known and not fixed yet are listed in known-disagreements.tsv; they are
# printed as KNOWN DISAGREEMENT and counted, never passed silently.
#
# Needs APACHE2 and openssl (a missing apache2 is a failure, as in
# apache_test.sh); rows of a module whose oracle .so is missing are
# skipped with a message (TVC_ORACLE_DIR, default ../shared/oracle).
. "$(dirname "$0")/lib.sh"

DATA=$TVC_SRCDIR/tests/data/differential
TABLE=$DATA/lines.tsv
KNOWN=$DATA/known-disagreements.tsv
MODDIR=${APACHE2_MODDIR:-/usr/lib/apache2/modules}
ORACLE=$(oracle_dir)

# IDs that mean "httpd refuses this config" (at -t or at start).
# key-mismatch only where the module refuses it: mod_gnutls starts with a
# key that does not match and fails the handshakes (SERVER-FACTS.md), and
# the mod_tls oracle starts too (rustls 0.20 does not compare the two).
REJECT_IDS='parse-error unknown-directive bad-context module-not-loaded include-missing include-loop file-missing no-certificate key-encrypted cipher-invalid listen-missing staple-no-cache staple-no-responder staple-no-issuer'
REJECT_IDS_KEY='key-mismatch'

START_TIME=$(date +%s)

need_apache2
command -v openssl >/dev/null 2>&1 || { fail "the openssl command is missing: run ./bootstrap"; finish; }
[ -f "$TABLE" ] || die "no table $TABLE"

BUILTIN=$("$APACHE2" -l 2>/dev/null)
BASE_LOADS=
for m in mpm_event authz_core log_config socache_shmcb; do
    case $BUILTIN in *"mod_$m.c"*) continue ;; esac
    [ -f "$MODDIR/mod_$m.so" ] || { fail "$MODDIR/mod_$m.so is missing: run ./bootstrap"; finish; }
    BASE_LOADS="${BASE_LOADS}LoadModule ${m}_module $MODDIR/mod_$m.so
"
done
declare -A MODLOAD
[ -f "$MODDIR/mod_ssl.so" ] && MODLOAD[mod_ssl]="LoadModule ssl_module $MODDIR/mod_ssl.so"
[ -f "$ORACLE/mod_gnutls.so" ] && MODLOAD[mod_gnutls]="LoadModule gnutls_module $(cd "$ORACLE" && pwd -P)/mod_gnutls.so"
[ -f "$ORACLE/mod_tls.so" ] && MODLOAD[mod_tls]="LoadModule tls_module $(cd "$ORACLE" && pwd -P)/mod_tls.so"

# ---- the PKI ----------------------------------------------------------------

P=$T/pki
mkdir -p "$P/ca" "$P/dir"
ossl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$P/ca.key" -out "$P/ca.pem" -days 30 \
    -subj "/O=tlsvhostc tests/CN=TVC Differential CA" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign"
ossl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$P/leaf.key"
ossl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$P/other.key"
chmod 600 "$P/leaf.key" "$P/other.key"
cat > "$P/leaf.ext" <<EOF
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:diff.test,DNS:two.diff.test
EOF
ossl req -new -key "$P/leaf.key" -subj "/CN=diff.test" -out "$P/leaf.csr"
ossl x509 -req -in "$P/leaf.csr" -CA "$P/ca.pem" -CAkey "$P/ca.key" \
    -set_serial 0x1234 -days 30 -extfile "$P/leaf.ext" -out "$P/leaf.pem"
cat "$P/leaf.pem" "$P/leaf.key" > "$P/combined.pem"
chmod 600 "$P/combined.pem"
cat "$P/leaf.pem" "$P/ca.pem" > "$P/chained.pem"
: > "$P/ca/index.txt"
echo 01 > "$P/ca/crlnumber"
cat > "$P/ca.cnf" <<EOF
[ca]
default_ca = d
[d]
database = $P/ca/index.txt
crlnumber = $P/ca/crlnumber
default_md = sha256
default_crl_days = 30
EOF
ossl ca -batch -config "$P/ca.cnf" -gencrl -keyfile "$P/ca.key" -cert "$P/ca.pem" -out "$P/crl.pem"
ossl genpkey -genparam -algorithm DH -pkeyopt dh_param:ffdhe2048 -out "$P/dh.pem"
head -c 48 /dev/urandom > "$P/ticket.key"
: > "$P/empty.pem"
cp "$P/ca.pem" "$P/dir/"

# ---- the cases --------------------------------------------------------------

RUN_AS=
if [ "$(id -u)" = 0 ]; then
    RUN_AS="User nobody
Group $(id -gn nobody 2>/dev/null || echo nogroup)
"
fi

# expand TEXT PORT CASEDIR: EXPANDED := TEXT with the placeholders replaced.
expand() {
    local s=$1
    s=${s//\{NL\}/$'\n'}
    s=${s//\{CERT\}/$P/leaf.pem}
    s=${s//\{KEY\}/$P/leaf.key}
    s=${s//\{OKEY\}/$P/other.key}
    s=${s//\{COMBINED\}/$P/combined.pem}
    s=${s//\{CHAINED\}/$P/chained.pem}
    s=${s//\{CA\}/$P/ca.pem}
    s=${s//\{CRL\}/$P/crl.pem}
    s=${s//\{DH\}/$P/dh.pem}
    s=${s//\{TICKET\}/$P/ticket.key}
    s=${s//\{MISSING\}/$P/missing.pem}
    s=${s//\{EMPTY\}/$P/empty.pem}
    s=${s//\{PKI\}/$P/dir}
    s=${s//\{RUN\}/$3/run}
    s=${s//\{PORT\}/$2}
    EXPANDED=$s
}

# write_case DIR MODULE CONTEXT FLAGS LINE PORT
write_case() {
    local c=$1 mod=$2 ctx=$3 flags=$4 line port=$6 engine= certs=
    expand "$5" "$port" "$c"
    line=$EXPANDED
    mkdir -p "$c/run" "$c/htdocs"
    case $mod in
    mod_ssl)
        engine='SSLEngine on'
        certs="SSLCertificateFile $P/leaf.pem
    SSLCertificateKeyFile $P/leaf.key" ;;
    mod_gnutls)
        engine='GnuTLSEnable on'
        certs="GnuTLSCertificateFile $P/leaf.pem
    GnuTLSKeyFile $P/leaf.key" ;;
    mod_tls)
        certs="TLSCertificate $P/leaf.pem $P/leaf.key" ;;
    esac
    case ",$flags," in *,nocert,*) certs= ;; esac
    {
        cat <<EOF
ServerRoot "$c"
PidFile "$c/run/httpd.pid"
ErrorLog "$c/error.log"
LogLevel warn
DefaultRuntimeDir "$c/run"
${BASE_LOADS}${MODLOAD[$mod]}
ServerName diff.test
Listen 127.0.0.1:$port
DocumentRoot "$c/htdocs"
StartServers 1
ServerLimit 1
ThreadsPerChild 2
MaxRequestWorkers 2
MinSpareThreads 1
MaxSpareThreads 2
EOF
        printf '%s' "$RUN_AS"
        [ "$mod" = mod_tls ] && printf 'TLSEngine 127.0.0.1:%s\n' "$port"
        [ "$ctx" = server ] && printf '%s\n' "$line"
        printf '<VirtualHost 127.0.0.1:%s>\n    ServerName diff.test\n' "$port"
        [ -n "$engine" ] && printf '    %s\n' "$engine"
        [ -n "$certs" ] && printf '    %s\n' "$certs"
        [ "$ctx" = vhost ] && printf '%s\n' "$line"
        printf '    <Directory "%s/htdocs">\n' "$c"
        [ "$ctx" = dir ] && printf '%s\n' "$line"
        printf '    </Directory>\n</VirtualHost>\n'
    } > "$c/httpd.conf"
}

# Row fields by case number; the cases that run.
declare -a R_MOD R_CTX R_LINE R_FLAGS R_OVR R_PORT
CASES=()
n=0
skipped=0
while IFS=$'\t' read -r mod ctx line flags ovr comment; do
    case $mod in '#'* | '') continue ;; esac
    n=$((n + 1))
    R_MOD[n]=$mod R_CTX[n]=$ctx R_LINE[n]=$line R_FLAGS[n]=$flags R_OVR[n]=$ovr
    case $mod in mod_ssl | mod_gnutls | mod_tls) ;; *) die "row $n: unknown module '$mod'" ;; esac
    case $ctx in server | vhost | dir) ;; *) die "row $n: unknown context '$ctx'" ;; esac
    if [ -z "${MODLOAD[$mod]:-}" ]; then
        skipped=$((skipped + 1))
        continue
    fi
    port=4433
    case ",$flags," in *,start,*) pick_port; port=$PORT ;; esac
    R_PORT[n]=$port
    write_case "$T/c/$n" "$mod" "$ctx" "$flags" "$line" "$port"
    CASES+=("$n")
done < "$TABLE"
SETUP_DONE=$(date +%s)
[ "$skipped" -gt 0 ] && skip "$skipped rows: their module is missing (mod_gnutls/mod_tls in $ORACLE, mod_ssl in $MODDIR)"
[ "${#CASES[@]}" -gt 0 ] || die "no rows to run"

# ---- the server: -t two at a time, then the starts --------------------------

export APACHE2 TVC P
printf '%s\n' "${CASES[@]}" | sed "s#^#$T/c/#" | xargs -P2 -n1 sh -c \
    '"$APACHE2" -t -f "$1/httpd.conf" > "$1/t.out" 2>&1 < /dev/null; echo $? > "$1/t.rc"' sh
T_DONE=$(date +%s)

# start_case DIR PORT: 0 the server came up (and was stopped again), 1 it
# failed (its log is in DIR/error.log, DIR/start.out), 3 its port was taken.
start_case() {
    local c=$1 rc
    AP_ROOT=$c AP_RUN=$c/run AP_ERRLOG=$c/error.log AP_STDOUT=$c/start.out PORT=$2
    apache_start "$c/httpd.conf"
    rc=$?
    apache_stop
    case $rc in
    0 | 3) return $rc ;;
    2) echo "did not come up within 10 s" >> "$c/start.out" ;;
    esac
    return 1
}

starts=0
for i in "${CASES[@]}"; do
    c=$T/c/$i
    case ",${R_FLAGS[i]}," in *,start,*) ;; *) continue ;; esac
    [ "$(<"$c/t.rc")" = 0 ] || continue
    starts=$((starts + 1))
    rc=1
    for try in 1 2 3; do
        start_case "$c" "${R_PORT[i]}"
        case $? in
        0) rc=0; break ;;
        3) ;;
        *) break ;;
        esac
        # Another test took the port since it was picked: move the case
        # (tlsvhostc reads the config afterwards, with the new port).
        pick_port
        sed -i "s/127\.0\.0\.1:${R_PORT[i]}\b/127.0.0.1:$PORT/g" "$c/httpd.conf"
        R_PORT[i]=$PORT
    done
    echo "$rc" > "$c/s.rc"
done
S_DONE=$(date +%s)

# ---- tlsvhostc ---------------------------------------------------------------

printf '%s\n' "${CASES[@]}" | sed "s#^#$T/c/#" | xargs -P2 -n1 sh -c \
    '"$TVC" check --color=never --ca-file "$P/ca.pem" "$1/httpd.conf" > "$1/v.out" 2> "$1/v.err" < /dev/null; echo $? > "$1/v.rc"' sh
V_DONE=$(date +%s)

# ---- verdicts ------------------------------------------------------------------

# Hundreds of rows on busy cores: the verdicts are read without a process
# per row. slurp FILE: REPLY := its text on one line, $T shortened.
slurp() {
    REPLY=
    [ -f "$1" ] && IFS= read -r -d '' REPLY < "$1"
    REPLY=${REPLY//$'\n'/ }
    REPLY=${REPLY//Syntax OK/}
    REPLY=${REPLY//$T/\$T}
    REPLY=${REPLY:0:400}
}

# The lines that decide, for all cases in one pass each.
declare -A VLINES SLINES
ids="${REJECT_IDS// /|}|${REJECT_IDS_KEY// /|}"
while IFS= read -r l; do
    f=${l%%/v.out:*}
    f=${f##*/}
    # mod_gnutls starts with a key that does not match (SERVER-FACTS.md),
    # and so does the mod_tls oracle (rustls 0.20 does not compare them)
    [ "${R_MOD[f]}" != mod_ssl ] && [ "${l% \[key-mismatch\]}" != "$l" ] && continue
    [ -z "${VLINES[$f]:-}" ] && VLINES[$f]=${l#*/v.out:}
done < <(grep -H -E ": error: .* \[($ids)\]\$" "$T"/c/*/v.out 2>/dev/null)
while IFS= read -r l; do
    f=${l%%/error.log:*}
    f=${f##*/}
    l=${l#*/error.log:}
    l=${l#*\] \[*\] \[pid *\] }
    SLINES[$f]="${SLINES[$f]:-}$l "
done < <(grep -H -v -E '^\[[^]]*\] \[[a-z_]*:(warn|notice|info|debug|trace[0-9])\]' \
    "$T"/c/*/error.log 2>/dev/null)

# server_verdict N: sets SV (accept|reject) and SM (why).
server_verdict() {
    local c=$T/c/$1 rc
    read -r rc < "$c/t.rc"
    if [ "$rc" != 0 ]; then
        SV=reject
        slurp "$c/t.out"
        SM="apache2 -t: $REPLY"
        return
    fi
    SV=accept
    SM="apache2 -t: Syntax OK"
    [ -f "$c/s.rc" ] || return
    read -r rc < "$c/s.rc"
    if [ "$rc" = 0 ]; then
        SM="apache2 -t and start: OK"
        return
    fi
    SV=reject
    slurp "$c/start.out"
    SM="start: ${SLINES[$1]:-} $REPLY"
    SM=${SM//$T/\$T}
    SM=${SM:0:400}
}

# tvc_verdict N: sets VV and VM.
tvc_verdict() {
    local c=$T/c/$1 rc line=${VLINES[$1]:-}
    read -r rc < "$c/v.rc"
    if [ "$rc" = 2 ]; then
        VV=reject
        slurp "$c/v.err"
        VM="tlsvhostc could not run: $REPLY"
    elif [ -n "$line" ]; then
        VV=reject
        VM="tlsvhostc: ${line//$T/\$T}"
    else
        VV=accept
        VM="tlsvhostc: no finding that refuses the config"
    fi
}

# The known disagreements by module, context and line as written.
declare -A KNOWN_ROWS
if [ -f "$KNOWN" ]; then
    while IFS=$'\t' read -r mod ctx line reason; do
        case $mod in '#'* | '') continue ;; esac
        KNOWN_ROWS["$mod"$'\t'"$ctx"$'\t'"$line"]=$reason
    done < "$KNOWN"
fi
is_known() {
    [ -n "${KNOWN_ROWS["$1"$'\t'"$2"$'\t'"$3"]+set}" ]
}

declare -A SANITIZED
while IFS= read -r f; do
    f=${f%/v.err}
    SANITIZED[${f##*/}]=1
done < <(grep -l -E 'ERROR: (Address|Leak|Memory|Thread)Sanitizer|runtime error:' "$T"/c/*/v.err 2>/dev/null)

agree=0 disagree=0 known=0 docs=0 stale=0
for i in "${CASES[@]}"; do
    c=$T/c/$i
    what="row $i ${R_MOD[i]} ${R_CTX[i]}: ${R_LINE[i]}"
    read -r rc < "$c/v.rc"
    if [ "$rc" -ge 128 ] || [ -n "${SANITIZED[$i]:-}" ]; then
        fail "$what: tlsvhostc crashed or a sanitizer complained (exit status $rc)"
        show "$c/v.err" stderr
        continue
    fi
    server_verdict "$i"
    tvc_verdict "$i"
    case ${R_OVR[i]} in
    docs:accept* | docs:reject*)
        ov=${R_OVR[i]#docs:}
        docs=$((docs + 1))
        say "docs $what: the mod_tls documentation decides: ${ov%% *} (${ov#* }); the 0.8.3 oracle said: $SV ($SM)"
        SV=${ov%% *}
        SM="mod_tls documentation: ${ov#* }"
        ;;
    -) ;;
    *) die "row $i: bad override column '${R_OVR[i]}'" ;;
    esac
    if [ "$SV" = "$VV" ]; then
        if is_known "${R_MOD[i]}" "${R_CTX[i]}" "${R_LINE[i]}"; then
            stale=$((stale + 1))
            say "STALE KNOWN DISAGREEMENT $what: both $SV now; remove it from $(basename "$KNOWN")"
        fi
        agree=$((agree + 1))
        pass "$what: both $SV"
        continue
    fi
    msg="$what
     server:    $SV: $SM
     tlsvhostc: $VV: $VM"
    if is_known "${R_MOD[i]}" "${R_CTX[i]}" "${R_LINE[i]}"; then
        known=$((known + 1))
        say "KNOWN DISAGREEMENT $msg
     why:       ${KNOWN_ROWS["${R_MOD[i]}"$'\t'"${R_CTX[i]}"$'\t'"${R_LINE[i]}"]}"
    else
        disagree=$((disagree + 1))
        fail "DISAGREEMENT $msg"
    fi
done

END_TIME=$(date +%s)
say "summary: $n rows, ${#CASES[@]} run, $skipped skipped; $agree agree, $disagree disagree," \
    "$known known disagreements (listed in $(basename "$KNOWN")), $stale stale known entries;" \
    "$docs rows decided by the mod_tls docs; $starts starts;" \
    "$((END_TIME - START_TIME)) s (setup $((SETUP_DONE - START_TIME)) s, apache2 -t $((T_DONE - SETUP_DONE)) s," \
    "starts $((S_DONE - T_DONE)) s, tlsvhostc $((V_DONE - S_DONE)) s)"
finish
