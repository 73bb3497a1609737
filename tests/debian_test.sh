#!/bin/sh
# The real thing: Debian's own /etc/apache2 with mod_ssl and the
# default-ssl site enabled the way a2enmod/a2ensite do it, in a copy.
# `tlsvhostc ir` must read it without errors and find the *:443 mod_ssl
# vhost with the snakeoil pair; `tlsvhostc check` must pass.
. "$(dirname "$0")/lib.sh"

TAB=$(printf '\t')
SRC=${TVC_APACHE_ETC:-/etc/apache2}   # override for trying the test elsewhere
if [ ! -f "$SRC/apache2.conf" ]; then
    no_server "$SRC/apache2.conf does not exist: this test needs Debian's apache2 package"
fi

if [ ! -e /etc/ssl/certs/ssl-cert-snakeoil.pem ]; then
    say "note: /etc/ssl/certs/ssl-cert-snakeoil.pem is missing, so check will report"
    say "      file-missing; ./bootstrap makes it (make-ssl-cert generate-default-snakeoil)"
fi

C=$T/apache2
cp -a "$SRC" "$C" || die "cannot copy $SRC to $C"
pass "copied $SRC"

# enmod NAME: what a2enmod does, in the copy: the .load and .conf symlinks
# (relative, as a2enmod makes them), after the "# Depends:" modules.
enabled_mods=
enmod() {
    case " $enabled_mods " in *" $1 "*) return 0 ;; esac
    enabled_mods="$enabled_mods $1"
    [ -f "$C/mods-available/$1.load" ] || { fail "a2enmod $1: no mods-available/$1.load in $SRC"; return 1; }
    deps=$(sed -n 's/^# *Depends: *//p' "$C/mods-available/$1.load" | tr ',' ' ')
    for dep in $deps; do
        enmod "$dep" || return 1
    done
    for ext in load conf; do
        [ -f "$C/mods-available/$1.$ext" ] || continue
        if [ -e "$C/mods-enabled/$1.$ext" ] || [ -L "$C/mods-enabled/$1.$ext" ]; then
            say "     mods-enabled/$1.$ext is already there"
        else
            ln -s "../mods-available/$1.$ext" "$C/mods-enabled/$1.$ext"
            say "     mods-enabled/$1.$ext -> ../mods-available/$1.$ext"
        fi
    done
}
ensite() {
    [ -f "$C/sites-available/$1.conf" ] || { fail "a2ensite $1: no sites-available/$1.conf in $SRC"; return 1; }
    [ -e "$C/sites-enabled/$1.conf" ] ||
        ln -s "../sites-available/$1.conf" "$C/sites-enabled/$1.conf"
    say "     sites-enabled/$1.conf -> ../sites-available/$1.conf"
}

say "enabling ssl (and what it depends on) and default-ssl in the copy:"
enmod ssl
ensite default-ssl
for m in ssl socache_shmcb setenvif mime; do
    [ -L "$C/mods-enabled/$m.load" ] && pass "mods-enabled/$m.load is enabled" ||
        fail "mods-enabled/$m.load is not enabled in the copy"
done
expect_eq "$(readlink "$C/mods-enabled/ssl.load")" ../mods-available/ssl.load "ssl.load is a relative symlink, as a2enmod makes"
expect_eq "$(readlink "$C/sites-enabled/default-ssl.conf")" ../sites-available/default-ssl.conf "default-ssl.conf is a relative symlink, as a2ensite makes"

# Cross-check with httpd itself when it is there: the copy must be a valid
# configuration, so any tlsvhostc complaint is tlsvhostc's.
httpd=${APACHE2:-}
[ -n "$httpd" ] || httpd=$(command -v apache2 2>/dev/null || true)
[ -n "$httpd" ] || { [ -x /usr/sbin/apache2 ] && httpd=/usr/sbin/apache2; }
if [ -n "$httpd" ] && [ -x "$httpd" ]; then
    mkdir -p "$T/run" "$T/lock" "$T/log"
    if (set +u; set -a; APACHE_CONFDIR=$C; . "$C/envvars"
        APACHE_CONFDIR=$C APACHE_RUN_DIR=$T/run APACHE_LOCK_DIR=$T/lock APACHE_LOG_DIR=$T/log
        APACHE_PID_FILE=$T/run/apache2.pid
        "$httpd" -t -d "$C" -f "$C/apache2.conf") > "$T/httpd-t.out" 2>&1; then
        pass "$httpd -t accepts the copy"
    else
        fail "$httpd -t rejects the copy (so the set-up above is wrong):"
        show "$T/httpd-t.out" "apache2 -t"
    fi
else
    skip "apache2 -t cross-check: no apache2 binary"
fi

# ---- ir -------------------------------------------------------------------------

if expect_exit 0 "$TVC" ir --server-root "$C" --env-file "$C/envvars" "$C/apache2.conf"; then
    cp "$OUT" "$T/ir.json"
    expect_no_grep "$ERR" 'error' "ir: no errors on stderr"
    if [ -s "$ERR" ]; then
        say "     (ir said, on stderr:)"
        head -n 20 "$ERR" | sed 's/^/     | /'
    fi
    if json_flat "$T/ir.json" > "$T/ir.flat" 2> "$T/flat.err"; then
        pass "ir: valid JSON"
        # The vhost whose only address is *:443.
        i=$(awk -F '\t' '
            match($1, /^\.vhosts\[[0-9]+\]\.addrs\[/) {
                v = substr($1, 9, RLENGTH - 16)
                seen[v] = 1
                if ($1 ~ /\.addrs\[[1-9]/) multi[v] = 1
                if ($1 ~ /\.addrs\[0\]\.addr$/ && $2 == "\"*\"") star[v] = 1
                if ($1 ~ /\.addrs\[0\]\.port$/ && $2 == "443") p443[v] = 1
            }
            END { for (v in seen) if (!multi[v] && star[v] && p443[v]) { print v; exit } }' "$T/ir.flat")
        if [ -z "$i" ]; then
            fail 'ir: no vhost with addrs [{"addr":"*","port":443}]'
            grep -E '^\.vhosts\[[0-9]+\]\.(addrs|server_name|location\.file)' "$T/ir.flat" | sed 's/^/     | /'
        else
            pass "ir: vhosts[$i] has addrs [{\"addr\":\"*\",\"port\":443}]"
            v=".vhosts[$i]"
            expect_eq "$(json_get "$T/ir.flat" "$v.location.file")" "\"$C/sites-enabled/default-ssl.conf\"" \
                "ir: vhosts[$i] comes from sites-enabled/default-ssl.conf"
            expect_eq "$(json_get "$T/ir.flat" "$v.tls.engine")" '"mod_ssl"' "ir: vhosts[$i].tls.engine is mod_ssl"
            expect_eq "$(json_get "$T/ir.flat" "$v.tls.certificates[0].cert")" \
                '"/etc/ssl/certs/ssl-cert-snakeoil.pem"' "ir: vhosts[$i].tls.certificates[0].cert"
            expect_eq "$(json_get "$T/ir.flat" "$v.tls.certificates[0].key")" \
                '"/etc/ssl/private/ssl-cert-snakeoil.key"' "ir: vhosts[$i].tls.certificates[0].key"
            json_get "$T/ir.flat" "$v.tls.certificates[1].cert" > /dev/null &&
                fail "ir: vhosts[$i] has a second certificate" ||
                pass "ir: vhosts[$i] has exactly one certificate"
        fi
        # The *:80 default site stays plain HTTP.
        expect_grep "$T/ir.flat" "^\\.listeners\\[[0-9]+\\]\\.port${TAB}443\$" "ir: a listener on port 443"
        if command -v python3 >/dev/null 2>&1; then
            if python3 - "$T/ir.json" <<'EOF'
import json, sys
ir = json.load(open(sys.argv[1]))
ok = [v for v in ir["vhosts"]
      if v["addrs"] == [{"addr": "*", "port": 443}] and v["tls"]
      and v["tls"]["engine"] == "mod_ssl"
      and v["tls"]["certificates"][0]["cert"] == "/etc/ssl/certs/ssl-cert-snakeoil.pem"
      and v["tls"]["certificates"][0]["key"] == "/etc/ssl/private/ssl-cert-snakeoil.key"]
sys.exit(0 if len(ok) == 1 else 1)
EOF
            then pass "python3 cross-check: exactly one such vhost"
            else fail "python3 cross-check: not exactly one *:443 mod_ssl vhost with the snakeoil pair"
            fi
        fi
    else
        fail "ir: invalid JSON ($(cat "$T/flat.err"))"
    fi
    # Read back, the IR prints the same.
    if expect_exit 0 "$TVC" ir "$T/ir.json"; then
        cmp -s "$T/ir.json" "$OUT" && pass "ir round trip on the Debian config" || {
            fail "ir round trip on the Debian config: the output differs"
            diff -u "$T/ir.json" "$OUT" | head -n 30 | sed 's/^/     | /'
        }
    fi
fi

# Without --env-file the ${APACHE_*} variables are undefined: warnings, but
# not errors.
expect_exit 0 "$TVC" ir --server-root "$C" "$C/apache2.conf" > /dev/null

# ---- check -------------------------------------------------------------------------

if expect_exit 0 "$TVC" check --server-root "$C" --env-file "$C/envvars" "$C/apache2.conf"; then
    expect_no_grep "$OUT" ': error: ' "check: no errors"
fi
# ServerRoot defaults to CONFIG's directory, which is the copy.
expect_exit 0 "$TVC" check --env-file "$C/envvars" "$C/apache2.conf"

finish
