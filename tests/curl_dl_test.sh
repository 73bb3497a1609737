#!/bin/bash
# libcurl is loaded by the first transfer (base/curl_dl.c), not linked:
# the binary does not need libcurl.so.4, `check --ocsp` and `probe` load
# it and reach the network with it, and where it cannot be loaded (not
# installed, or a library of that name without libcurl's functions) they
# say so and why instead of crashing. LD_LIBRARY_PATH puts a stand-in
# libcurl.so.4 first in dlopen's search.
. "$(dirname "$0")/lib.sh"
. "$TVC_SRCDIR/tests/ocsp_lib.sh"

need_tool openssl readelf "${CC:-cc}"

if readelf -d "$TVC" | grep -q 'NEEDED.*libcurl'; then
    fail "tlsvhostc links libcurl: $(readelf -d "$TVC" | grep 'NEEDED.*libcurl')"
else
    pass "tlsvhostc does not link libcurl"
fi

P=$T/pki
mkdir -p "$P"
ca ca "/CN=TVC curl_dl CA"
# a responder on a port nothing listens on: libcurl's own reason comes back
pick_port
signed a.test 0x3001 ca \
    "basicConstraints=CA:FALSE\nsubjectAltName=DNS:a.test\nauthorityInfoAccess=OCSP;URI:http://127.0.0.1:$PORT/\n"
cat > "$T/httpd.conf" <<CONF
LoadModule ssl_module /usr/lib/apache2/modules/mod_ssl.so
Listen 127.0.0.1:$PORT
<VirtualHost 127.0.0.1:$PORT>
    ServerName a.test
    SSLEngine on
    SSLCertificateFile $P/a.test.pem
    SSLCertificateKeyFile $P/a.test.key
</VirtualHost>
CONF

LOAD_ERR='cannot load libcurl\.so\.4|libcurl\.so\.4 has no'
expect_exit 0 "$TVC" check --ocsp --ocsp-timeout 5 --ca-file "$P/ca.pem" "$T/httpd.conf"
expect_grep "$OUT" "ocsp-unreachable" "libcurl loaded: the closed port is ocsp-unreachable"
expect_grep "$OUT" "refused|[Cc]ould(n't| not) connect" "... with libcurl's reason"
expect_no_grep "$OUT" "$LOAD_ERR" "... and no word of loading libcurl"
expect_exit 1,0 "$TVC" probe --probe-timeout 5 "$T/httpd.conf"
expect_grep "$OUT" "live-unreachable" "probe loads libcurl: the closed port is live-unreachable"
expect_no_grep "$ERR" "$LOAD_ERR" "... and no word of loading libcurl"

# Not a library at all: dlopen fails.
mkdir -p "$T/notelf"
printf 'not a library\n' > "$T/notelf/libcurl.so.4"
# A library without libcurl's functions: dlsym fails.
mkdir -p "$T/nosym"
printf 'int curl_global_init(long flags) { return (int)flags; }\n' > "$T/nosym/fake.c"
"${CC:-cc}" -shared -fPIC -o "$T/nosym/libcurl.so.4" "$T/nosym/fake.c" ||
    die "cannot build the stand-in library with ${CC:-cc}"

for d in notelf nosym; do
    case $d in
    notelf) why='cannot load libcurl\.so\.4: .*libcurl\.so\.4' ;;
    nosym) why='libcurl\.so\.4 has no curl_[a-z_]+' ;;
    esac
    export LD_LIBRARY_PATH=$T/$d
    expect_exit 0 "$TVC" check --ocsp --ocsp-timeout 5 --ca-file "$P/ca.pem" "$T/httpd.conf"
    expect_grep "$OUT" "warning: $why.*apt-get install libcurl4.*\[ocsp-unreachable\]" \
        "$d: check --ocsp says libcurl cannot be loaded, and why"
    expect_exit 2 "$TVC" probe "$T/httpd.conf"
    expect_grep "$ERR" "^tlsvhostc probe: $why" "$d: probe says libcurl cannot be loaded, and why"
    expect_exit 2 "$TVC" ocsp fetch --out "$T/out" --ca-file "$P/ca.pem" "$T/httpd.conf"
    expect_grep "$ERR" "^tlsvhostc ocsp fetch: $why" "$d: ocsp fetch says libcurl cannot be loaded, and why"
    # what needs no libcurl runs as before
    expect_exit 0 "$TVC" check --ca-file "$P/ca.pem" "$T/httpd.conf"
    expect_no_grep "$OUT" "$LOAD_ERR" "$d: check without --ocsp does not load libcurl"
    unset LD_LIBRARY_PATH
done

finish
