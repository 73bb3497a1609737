# Helpers for the shell tests; sourced, POSIX sh.
#
#   . "$(dirname "$0")/lib.sh"
#
# Environment (set by `make check` through AM_TESTS_ENVIRONMENT):
#   TVC          the tlsvhostc binary        (default: ./tlsvhostc)
#   TVC_SRCDIR   the top of the source tree  (default: this file's ../)
#   APACHE2      the apache2 binary, may be empty
#   TVC_TIMEOUT  seconds a single run may take (default 20)
#   TVC_KEEP_TMP=1 keeps the temporary directory for a look afterwards
#
# Exit statuses follow automake: 0 pass, 1 fail, 77 skip, 99 hard error.

set -u

TEST_NAME=$(basename "$0" .sh)
TVC=${TVC:-./tlsvhostc}
case $TVC in
/*) ;;
*/*) TVC=$(pwd)/$TVC ;;
*) TVC=$(command -v "$TVC" || printf '%s' "$TVC") ;;
esac
TVC_SRCDIR=${TVC_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
APACHE2=${APACHE2:-}
TVC_TIMEOUT=${TVC_TIMEOUT:-20}

failures=0
checks=0

# ---- reporting -----------------------------------------------------------

say() { printf '%s\n' "$*"; }
pass() { checks=$((checks + 1)); printf 'ok   %s\n' "$*"; }
# fail MESSAGE...: records a failure and goes on, so one run shows them all.
fail() {
    checks=$((checks + 1))
    failures=$((failures + 1))
    printf 'FAIL %s\n' "$*"
}
skip() { printf 'skip %s\n' "$*"; }
# die MESSAGE: the test cannot go on at all (exit 99: hard error).
die() { printf 'ERROR %s: %s\n' "$TEST_NAME" "$*"; exit 99; }

# ossl ARGS...: the openssl command for making test PKI in $P; its output
# is shown only when it fails, and then the test cannot go on.
ossl() {
    if ! openssl "$@" > "${P:?}/.ossl.out" 2>&1; then
        cat "$P/.ossl.out"
        die "openssl $1 failed"
    fi
}

finish() {
    if [ "$failures" -gt 0 ]; then
        printf '%s: %d of %d checks FAILED\n' "$TEST_NAME" "$failures" "$checks"
        exit 1
    fi
    printf '%s: all %d checks passed\n' "$TEST_NAME" "$checks"
    exit 0
}

# need_tool NAME...: skips the whole test (77) when a tool is missing.
need_tool() {
    for t in "$@"; do
        command -v "$t" >/dev/null 2>&1 || {
            printf 'SKIP %s: needs the %s command\n' "$TEST_NAME" "$t"
            exit 77
        }
    done
}

# no_server REASON: what a test that runs a real server does when the
# server is missing. A checkout's make check fails (./bootstrap installs
# apache2): a developer's run must never pass by skipping. A package build
# without apache2 (debian/rules sets TVC_SERVER_TESTS=skip) skips the test
# with exit 77, which automake reports as SKIP, with the reason in the log;
# checks that failed before it still fail the test.
no_server() {
    if [ "${TVC_SERVER_TESTS:-}" = skip ]; then
        printf 'SKIP %s: %s (TVC_SERVER_TESTS=skip: a build without apache2)\n' \
            "$TEST_NAME" "$*"
        [ "$failures" -gt 0 ] && finish
        exit 77
    fi
    fail "$*: run ./bootstrap to install it (Debian package apache2), then" \
        "./configure (or ./bootstrap again) so that make check finds it"
    finish
}

# need_apache2: APACHE2 (from configure) is an executable, or no_server.
need_apache2() {
    [ -n "$APACHE2" ] && [ -x "$APACHE2" ] ||
        no_server "apache2 is not available (APACHE2='$APACHE2')"
}

# ---- ports ---------------------------------------------------------------

# port_open PORT: something listens on 127.0.0.1:PORT.
port_open() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# pick_port: PORT := a random port in 20000-32767 that nothing listens on.
# Below the kernel's ephemeral range (ip_local_port_range, 32768-60999 by
# default): a port some client connection uses as its own end does not
# listen, so port_open cannot see it, but a bind to it fails.
pick_port() {
    local i
    for i in $(seq 1 50); do
        PORT=$((20000 + RANDOM % 12768))
        port_open "$PORT" || return 0
    done
    die "no free port found in 20000-32767"
}

# A server a test started in the background: its pid in SERVER_PID;
# stop_server stops and reaps it (tests trap it on EXIT).
SERVER_PID=
stop_server() {
    if [ -n "$SERVER_PID" ]; then
        kill "$SERVER_PID" 2>/dev/null
        wait "$SERVER_PID" 2>/dev/null
        SERVER_PID=
    fi
}

# Helper processes a test starts (responders, listeners): their pids go
# into PIDS; stop_pids stops each by its pid and waits for it.
PIDS=
stop_pids() {
    local p
    for p in $PIDS; do
        kill "$p" 2>/dev/null
        wait "$p" 2>/dev/null
    done
    PIDS=
}

# silent_listener: SILENT := a port on 127.0.0.1 where a listener accepts
# connections and never answers (python3), SILENT_PID := its pid, for the
# caller to stop; returns once the port is open.
silent_listener() {
    pick_port
    SILENT=$PORT
    python3 -c 'import socket,sys
s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(64); c=[]
while True: c.append(s.accept())' "$SILENT" &
    SILENT_PID=$!
    for _ in $(seq 1 50); do port_open "$SILENT" && return 0; sleep 0.1; done
    die "the silent listener did not start on port $SILENT"
}

# oracle_dir: where the real mod_gnutls/mod_tls builds are (README of
# ../shared/oracle): $TVC_ORACLE_DIR, else shared/oracle beside the source
# tree or beside any directory above it (the sanitizer and distcheck
# builds sit below the checkout), else this workplace's /work/shared/oracle.
# Prints the first that exists, or the first candidate (tests then skip
# the parts that need it and say so).
oracle_dir() {
    local d=${TVC_SRCDIR:-.}
    if [ -n "${TVC_ORACLE_DIR:-}" ]; then
        printf '%s\n' "$TVC_ORACLE_DIR"
        return
    fi
    d=$(cd "$d" 2>/dev/null && pwd -P)
    while [ -n "$d" ] && [ "$d" != / ]; do
        if [ -d "$d/../shared/oracle" ]; then
            (cd "$d/../shared/oracle" && pwd -P)
            return
        fi
        d=$(dirname "$d")
    done
    if [ -d /work/shared/oracle ]; then
        printf '%s\n' /work/shared/oracle
    else
        printf '%s\n' "${TVC_SRCDIR:-.}/../shared/oracle"
    fi
}

# ---- test PKI ----------------------------------------------------------------

# pki_leaf FILE NAMES [ISSUER [EXT]]: $P/FILE.pem (+ .key, 0600), an EC
# P-256 leaf for the DNS names NAMES (comma-separated, the first is the
# CN), issued by $P/ISSUER.pem + .key (default ca) with the extension
# lines EXT (printf %b) added, for 20 days; each call takes the next
# serial from PKI_SERIAL (0x1001, 0x1002, ...).
PKI_SERIAL=4096
pki_leaf() {
    PKI_SERIAL=$((PKI_SERIAL + 1))
    ossl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$P/$1.key" \
        -out "$P/$1.csr" -subj "/CN=${2%%,*}"
    chmod 600 "$P/$1.key"
    printf 'basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\nsubjectAltName=%s\n%b' \
        "$(printf '%s' "$2" | sed 's/[^,]*/DNS:&/g')" "${4:-}" > "$P/$1.ext"
    ossl x509 -req -in "$P/$1.csr" -CA "$P/${3:-ca}.pem" -CAkey "$P/${3:-ca}.key" \
        -set_serial "$PKI_SERIAL" -days 20 -extfile "$P/$1.ext" -out "$P/$1.pem"
}

# ---- temporary directory ------------------------------------------------

cleanup() {
    [ -n "${T:-}" ] && [ -d "$T" ] || return 0
    if [ "${TVC_KEEP_TMP:-0}" = 1 ]; then
        say "kept $T"
        return 0
    fi
    chmod -R u+rwx "$T" 2>/dev/null
    rm -rf "$T"
}
# The physical path: tlsvhostc prints realpath()s.
T=$(mktemp -d "${TMPDIR:-/tmp}/tvc-$TEST_NAME.XXXXXX") || die "mktemp failed"
T=$(cd "$T" && pwd -P)
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
OUT=$T/.out
ERR=$T/.err
# Text output shows paths under the working directory relative to it; run
# from an empty directory of our own so the paths in $T stay absolute.
mkdir "$T/.cwd" && cd "$T/.cwd" || die "cannot cd to $T/.cwd"

[ -x "$TVC" ] || die "'$TVC' is not an executable: build it first (make) or set TVC"

# ---- running commands -----------------------------------------------------

# show FILE LABEL: the start of a captured output, for failure messages.
show() {
    if [ ! -s "$1" ]; then
        printf '     %s: (empty)\n' "$2"
        return
    fi
    printf '     %s (%s bytes):\n' "$2" "$(wc -c < "$1" | tr -d ' ')"
    head -n 25 "$1" | cut -c 1-300 | sed 's/^/     | /'
    [ "$(wc -l < "$1")" -le 25 ] || printf '     | ...\n'
}

show_run() {
    show "$OUT" stdout
    show "$ERR" stderr
}

# The command as a string, with the temp dir shortened for reading.
cmdline() {
    printf '%s' "$*" | sed "s#$T#\$T#g; s#$TVC#tlsvhostc#g" | cut -c 1-200
}

# run CMD...: runs with a time limit; stdout in $OUT, stderr in $ERR, status
# in $RC. Returns 1 (after saying so) when the command crashed, hung or a
# sanitizer complained, whatever its exit status.
run() {
    if command -v timeout >/dev/null 2>&1; then
        timeout -k 5 "$TVC_TIMEOUT" "$@" > "$OUT" 2> "$ERR" < /dev/null
    else
        "$@" > "$OUT" 2> "$ERR" < /dev/null
    fi
    RC=$?
    if [ "$RC" = 124 ] || [ "$RC" = 137 ]; then
        fail "$(cmdline "$@"): timed out after ${TVC_TIMEOUT}s"
        show_run
        return 1
    fi
    if [ "$RC" -ge 128 ]; then
        fail "$(cmdline "$@"): crashed (exit status $RC, signal $((RC - 128)))"
        show_run
        return 1
    fi
    if grep -q -E 'ERROR: (Address|Leak|Memory|Thread)Sanitizer|runtime error:|SUMMARY: UndefinedBehaviorSanitizer' "$ERR"; then
        fail "$(cmdline "$@"): sanitizer report (exit status $RC)"
        show "$ERR" stderr
        return 1
    fi
    return 0
}

# expect_exit CODES CMD...: CODES is one status or several, comma-separated
# ("1,2"). Runs CMD like run(); output stays in $OUT/$ERR for more checks.
# Returns 0 when the status was one of CODES.
expect_exit() {
    codes=$1
    shift
    run "$@" || return 1
    case ",$codes," in
    *",$RC,"*)
        pass "$(cmdline "$@") -> exit $RC"
        return 0
        ;;
    esac
    fail "$(cmdline "$@"): expected exit status $(printf '%s' "$codes" | sed 's/,/ or /g'), got $RC"
    show_run
    return 1
}

# expect_grep FILE ERE WHAT: FILE has a line matching ERE.
expect_grep() {
    if grep -q -E -e "$2" "$1"; then
        pass "$3"
    else
        fail "$3: no line matches /$2/"
        show "$1" "$(basename "$1" | sed 's/^\.//')"
    fi
}

# expect_no_grep FILE ERE WHAT: no line of FILE matches ERE.
expect_no_grep() {
    if grep -q -E -e "$2" "$1"; then
        fail "$3: unexpected line matching /$2/:"
        grep -n -E -e "$2" "$1" | head -n 5 | cut -c 1-300 | sed 's/^/     | /'
    else
        pass "$3"
    fi
}

# expect_empty FILE WHAT / expect_nonempty FILE WHAT
expect_empty() {
    if [ -s "$1" ]; then
        fail "$2: expected no output"
        show "$1" "$(basename "$1" | sed 's/^\.//')"
    else
        pass "$2"
    fi
}
expect_nonempty() {
    if [ -s "$1" ]; then pass "$2"; else fail "$2: expected some output, got none"; fi
}

# expect_eq ACTUAL EXPECTED WHAT
expect_eq() {
    if [ "$1" = "$2" ]; then
        pass "$3"
    else
        fail "$3"
        printf '     expected: %s\n     got:      %s\n' "$2" "$1"
    fi
}

# ---- JSON without jq --------------------------------------------------------

# json_flat FILE: prints one line per scalar (and per empty array/object),
#   PATH<TAB>VALUE    e.g.  .vhosts[1].addrs[0].port	443
# strings keep their quotes and escapes: .vhosts[1].tls.engine	"mod_ssl".
# Fails (status 1, message on stderr) when FILE is not one valid JSON value,
# so it doubles as a validator.
json_flat() {
    awk '
    function bad(msg) {
        printf "invalid JSON: %s at byte %d\n", msg, pos > "/dev/stderr"
        failed = 1
        exit 1
    }
    function ws(  c) {
        while (pos <= n) {
            c = substr(s, pos, 1)
            if (c != " " && c != "\t" && c != "\n" && c != "\r")
                break
            pos++
        }
    }
    function str(  start, c) {
        pos++
        start = pos
        for (;;) {
            c = substr(s, pos, 1)
            if (c == "")
                bad("unterminated string")
            if (c == "\\") {
                c = substr(s, pos + 1, 1)
                if (index("\"\\/bfnrtu", c) == 0 || c == "")
                    bad("bad escape")
                pos += 2
                continue
            }
            if (c == "\"")
                break
            if (c == "\n" || c == "\t" || c == "\r")
                bad("control character in a string")
            pos++
        }
        pos++
        return substr(s, start, pos - 1 - start)
    }
    function value(path,  c, k, i, rest) {
        ws()
        c = substr(s, pos, 1)
        if (c == "{") {
            pos++
            ws()
            if (substr(s, pos, 1) == "}") { pos++; print path "\t{}"; return }
            for (;;) {
                ws()
                if (substr(s, pos, 1) != "\"")
                    bad("expected a key")
                k = str()
                ws()
                if (substr(s, pos, 1) != ":")
                    bad("expected :")
                pos++
                value(path "." k)
                ws()
                c = substr(s, pos, 1)
                pos++
                if (c == "}")
                    return
                if (c != ",")
                    bad("expected , or }")
            }
        }
        if (c == "[") {
            pos++
            ws()
            if (substr(s, pos, 1) == "]") { pos++; print path "\t[]"; return }
            for (i = 0; ; i++) {
                value(path "[" i "]")
                ws()
                c = substr(s, pos, 1)
                pos++
                if (c == "]")
                    return
                if (c != ",")
                    bad("expected , or ]")
            }
        }
        if (c == "\"") {
            print path "\t\"" str() "\""
            return
        }
        rest = substr(s, pos, 64)
        if (match(rest, /^(-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?|true|false|null)/)) {
            print path "\t" substr(rest, 1, RLENGTH)
            pos += RLENGTH
            return
        }
        bad(c == "" ? "unexpected end" : "unexpected character")
    }
    { s = s $0 "\n" }
    END {
        if (failed)
            exit 1
        n = length(s)
        pos = 1
        value("")
        ws()
        if (pos <= n)
            bad("text after the JSON value")
    }' "$1"
}

# json_get FLATFILE PATH: the value at PATH in json_flat output ("" if none).
json_get() {
    awk -F '\t' -v p="$2" '$1 == p { print $2; found = 1; exit } END { exit !found }' "$1"
}

# ---- apache2 -----------------------------------------------------------------

# One way to run the real server for every shell test that starts it. Where
# its files are (set before apache_conf/apache_start; defaults in brackets):
#   AP_ROOT     ServerRoot and `-d` [$T/srv]; apache_conf serves $AP_ROOT/htdocs
#   AP_RUN      DefaultRuntimeDir [$AP_ROOT/run]
#   AP_PIDFILE  the config's PidFile [$AP_RUN/httpd.pid]
#   AP_ERRLOG   the config's ErrorLog [$AP_RUN/error.log]
#   AP_STDOUT   apache2's own stdout and stderr [$AP_RUN/stdout.log]
#   AP_RETRY    a function CONF that rewrites CONF for a new $PORT: with it,
#               a start that finds its port taken retries on another one;
#               without it, that start returns 3 and the caller decides
# The paths are read at each call, so a test may move them between cases.
APID=
ASTATUS=
AP_ROOT=${AP_ROOT:-$T/srv}
AP_RETRY=

ap_run() { printf '%s' "${AP_RUN:-$AP_ROOT/run}"; }
ap_pidfile() { printf '%s' "${AP_PIDFILE:-$(ap_run)/httpd.pid}"; }
ap_errlog() { printf '%s' "${AP_ERRLOG:-$(ap_run)/error.log}"; }
ap_stdout() { printf '%s' "${AP_STDOUT:-$(ap_run)/stdout.log}"; }

# apache_conf [--no-listen] FILE [LINES...]: a standalone config that starts
# as an ordinary user and as root (children run as nobody): root, pid file,
# logs, ${LOADS} (LoadModule lines the test collected), a small event MPM,
# `Listen 127.0.0.1:$PORT` unless the LINES bring their own, then LINES,
# one a line.
apache_conf() {
    local listen=1 f
    [ "$1" = --no-listen ] && { listen=; shift; }
    f=$1
    shift
    mkdir -p "$(ap_run)" "$AP_ROOT/htdocs"
    {
        cat <<CONF
ServerRoot "$AP_ROOT"
PidFile "$(ap_pidfile)"
ErrorLog "$(ap_errlog)"
LogLevel warn
DefaultRuntimeDir "$(ap_run)"
${LOADS:-}ServerName localhost
CONF
        [ -n "$listen" ] && printf 'Listen 127.0.0.1:%s\nDocumentRoot "%s/htdocs"\n' "$PORT" "$AP_ROOT"
        cat <<CONF
StartServers 1
ServerLimit 2
ThreadsPerChild 4
MaxRequestWorkers 8
MinSpareThreads 1
MaxSpareThreads 8
CONF
        # A config that names its own Group runs as that.
        case "$*" in *Group*) ;; *) apache_run_as ;; esac
        [ $# -eq 0 ] || printf '%s\n' "$@"
    } > "$f"
}

# apache_loads MODULE...: LoadModule lines for the Debian modules
# ($APACHE2_MODDIR) that $APACHE2 does not have built in, for LOADS.
apache_loads() {
    local m
    [ -n "${AP_BUILTIN:-}" ] || AP_BUILTIN=$("$APACHE2" -l 2>/dev/null)
    for m in "$@"; do
        case $AP_BUILTIN in *"mod_$m.c"*) continue ;; esac
        printf 'LoadModule %s_module %s/mod_%s.so\n' "$m" \
            "${APACHE2_MODDIR:-/usr/lib/apache2/modules}" "$m"
    done
}

# apache_run_as: as root, httpd's children need a user that exists (the
# compiled-in default is #-1).
apache_run_as() {
    [ "$(id -u)" = 0 ] || return 0
    printf 'User nobody\nGroup %s\n' "$(id -gn nobody 2>/dev/null || echo nogroup)"
}

# apache_start CONF: starts apache2 -DFOREGROUND on CONF and waits until it
# has written its pid file and listens on 127.0.0.1:$PORT. Returns 0 running
# (APID), 1 it exited (ASTATUS), 2 it did not come up within 10 s (stopped
# again), 3 its port was taken and there is no AP_RETRY.
apache_start() {
    local conf=$1 try i
    ASTATUS=
    for try in 1 2 3 4 5; do
        : > "$(ap_errlog)"
        rm -f "$(ap_pidfile)"
        "$APACHE2" -f "$conf" -d "$AP_ROOT" -DFOREGROUND < /dev/null > "$(ap_stdout)" 2>&1 &
        APID=$!
        for i in $(seq 1 200); do
            if ! kill -0 "$APID" 2>/dev/null; then
                wait "$APID"
                ASTATUS=$?
                APID=
                break
            fi
            if [ -s "$(ap_pidfile)" ] && port_open "$PORT"; then
                return 0
            fi
            sleep 0.05
        done
        if [ -n "$APID" ]; then
            apache_stop
            return 2
        fi
        # Another test took the port between pick_port and the start.
        grep -q -E 'AH00072|AH00451|Address already in use' "$(ap_errlog)" "$(ap_stdout)" ||
            return 1
        [ -n "$AP_RETRY" ] || return 3
        say "port $PORT is taken; trying another"
        pick_port
        $AP_RETRY "$conf"
    done
    return 1
}

# apache_stop: TERM to the pid in the pid file and to the process we
# started, then wait; what is left after 5 s is killed by its pid, children
# included. Does nothing when no server runs, so it is safe on the way out.
apache_stop() {
    [ -n "$APID" ] || return 0
    local pid kids i
    pid=$(cat "$(ap_pidfile)" 2>/dev/null)
    kids=$(pgrep -P "$APID" 2>/dev/null | tr '\n' ' ')
    [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null
    kill -TERM "$APID" 2>/dev/null
    for i in $(seq 1 100); do
        kill -0 "$APID" 2>/dev/null || break
        sleep 0.05
    done
    if kill -0 "$APID" 2>/dev/null; then
        kids="$kids $(pgrep -P "$APID" 2>/dev/null | tr '\n' ' ')"
        kill -KILL "$APID" 2>/dev/null
    fi
    wait "$APID" 2>/dev/null
    for i in $kids; do
        kill -KILL "$i" 2>/dev/null
    done
    APID=
}

# apache_show_logs: the error log and apache2's own output, for a failure.
apache_show_logs() {
    show "$(ap_errlog)" error.log
    show "$(ap_stdout)" "apache2 output"
}

apache_on_exit() {
    apache_stop
    cleanup
}
trap apache_on_exit EXIT
