# (bash) # Helpers of the OCSP tests, sourced after lib.sh: test PKI made with the
# openssl command in $P, and `openssl ocsp` responders (they bind every
# interface; the tests connect to 127.0.0.1 only) and helper servers
# started by the test and stopped by their pid on exit.

# Helper processes go into lib.sh's PIDS.
trap 'stop_pids; cleanup' EXIT
# stop PID: one process this test started, no longer in PIDS.
stop() {
    kill "$1" 2>/dev/null
    wait "$1" 2>/dev/null
    PIDS=$(printf '%s' "$PIDS" | sed "s/ $1//")
}

# ca NAME SUBJECT: a self-signed CA, $P/NAME.pem and .key.
ca() {
    ossl req -x509 -newkey rsa:2048 -nodes -keyout "$P/$1.key" -out "$P/$1.pem" -days 400 \
        -subj "$2" -addext "basicConstraints=critical,CA:TRUE" \
        -addext "keyUsage=critical,keyCertSign,cRLSign"
}
# signed NAME SERIAL ISSUER EXT [KEYALG]: $P/NAME.pem and .key, issued by
# $P/ISSUER, with the extensions EXT (printf %b), an RSA key unless KEYALG
# says otherwise (ec: P-256).
signed() {
    local alg=(-newkey rsa:2048)
    [ "${5:-rsa}" = ec ] && alg=(-newkey ec -pkeyopt ec_paramgen_curve:P-256)
    ossl req -new "${alg[@]}" -nodes -keyout "$P/$1.key" -out "$P/$1.csr" -subj "/CN=$1"
    chmod 600 "$P/$1.key"
    printf '%b' "$4" > "$P/$1.ext"
    ossl x509 -req -in "$P/$1.csr" -CA "$P/$3.pem" -CAkey "$P/$3.key" -set_serial "$2" \
        -days 200 -extfile "$P/$1.ext" -out "$P/$1.pem"
}
# index_entry INDEX V|R SERIAL SUBJECT: a line of openssl ca's index (R:
# revoked a day ago for key compromise); SERIAL in hex without 0x.
index_entry() {
    local exp rev=
    exp=$(date -u -d '+200 days' +%y%m%d%H%M%SZ)
    [ "$2" = R ] && rev="$(date -u -d '-1 day' +%y%m%d%H%M%SZ),keyCompromise"
    printf '%s\t%s\t%s\t%s\tunknown\t%s\n' "$2" "$exp" "$rev" "$3" "$4" >> "$1"
    printf 'unique_subject = no\n' > "$1.attr"
}
# ocsp_responder INDEX SIGNER CA PORT [ARGS...]: starts `openssl ocsp` on
# PORT answering for the certificates CA issued, signed by SIGNER; waits
# until it listens. OPID is its pid, $T/responder-PORT.log its output.
ocsp_responder() {
    local log=$T/responder-$4.log
    openssl ocsp -index "$1" -port "$4" -rsigner "$P/$2.pem" -rkey "$P/$2.key" \
        -CA "$P/$3.pem" -ndays 1 "${@:5}" > "$log" 2>&1 &
    OPID=$!
    PIDS="$PIDS $OPID"
    # Not port_open: openssl ocsp serves one connection at a time and
    # would wait forever for a request on the probe's.
    # Up to 30 s: a loaded CI machine (sanitizer builds, other jobs) can
    # take seconds to start a process; one that exited will not start.
    for _ in $(seq 1 300); do
        grep -q 'waiting for OCSP client connections' "$log" && return 0
        kill -0 "$OPID" 2>/dev/null || break
        sleep 0.1
    done
    show "$log" "openssl ocsp"
    die "openssl ocsp did not start on port $4 ($(port_open "$4" && echo "something else listens there" || echo "nothing listens there"))"
}

# start_serve ARGS...: tlsvhostc serve on 127.0.0.1:SPORT; waits for a
# handshake for SERVE_NAME.
SERVER_PID=
start_serve() {
    "$TVC" serve --listen "127.0.0.1:$SPORT" "$@" > "$T/serve.out" 2>&1 &
    SERVER_PID=$!
    PIDS="$PIDS $SERVER_PID"
    for _ in $(seq 1 100); do
        timeout 5 openssl s_client -connect "127.0.0.1:$SPORT" -servername "$SERVE_NAME" \
            < /dev/null > /dev/null 2>&1 && return 0
        kill -0 "$SERVER_PID" 2>/dev/null || break
        sleep 0.1
    done
    show "$T/serve.out" "serve output"
    die "tlsvhostc serve did not start"
}
stop_serve() { stop "$SERVER_PID"; }
# staple S_CLIENT_ARGS...: the producedAt of the staple that s_client
# -status sees for SERVE_NAME; $T/.sc keeps all it said.
staple() {
    timeout 10 openssl s_client -connect "127.0.0.1:$SPORT" -servername "$SERVE_NAME" \
        -status "$@" < /dev/null > "$T/.sc" 2>&1
    sed -n 's/^ *Produced At: //p' "$T/.sc" | head -n 1
}

# verified_good RESPONSE ISSUER CERT WHAT: openssl ocsp verifies the DER
# RESPONSE about $P/CERT.pem, issued by $P/ISSUER.pem, and says good.
verified_good() {
    if openssl ocsp -respin "$1" -issuer "$P/$2.pem" -cert "$P/$3.pem" -CAfile "$P/$2.pem" \
            > "$T/v.out" 2>&1 && grep -q ': good' "$T/v.out"; then
        pass "openssl ocsp verifies $4: good"
    else
        fail "openssl ocsp does not verify $1"
        show "$T/v.out" "openssl ocsp"
    fi
}
