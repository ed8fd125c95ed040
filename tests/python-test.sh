#!/usr/bin/env bash
# The course's Python programs on glasstls (issue 17): programs in the style
# of the textbooks (tests/python/*.py), unchanged, under `glass python`
# against openssl s_server / s_client, curl, glass server and each other;
# the hostname experiment; getpeercert() beside CPython's own; the teaching
# flags; what a program sees of the module.
#   usage: python-test.sh path/to/glass
set -u
GLASS=$(realpath "${1:?usage: python-test.sh path/to/glass}")
HERE="$(cd "$(dirname "$0")" && pwd)"
PY="$HERE/python"
. "$HERE/lib.sh"
lab_dir
PORT=$(first_port $(($$ * 41)))
gpy() { timeout 60 "$GLASS" python "$@"; }

# expect NAME REGEX OUTPUT: the regex is in the output, its lines read as one
# (joined by spaces), so that a regex can span them
expect() {
    if tr '\n' ' ' <<<"$3" | sed 's/ $//' | grep -qE -- "$2"; then ok "$1"; else bad "$1" "$3"; fi
}

# ---- the SEED client against openssl s_server and glass server ----------------------------------
s_server_www 1 -cert leaf-rsa.crt -key leaf-rsa.key -cert_chain int-rsa.crt
out=$(gpy "$PY/tls_client.py" www.lab.test "$PORT" roots.pem 2>&1)
expect "tls_client.py vs openssl s_server: cipher(), version() and the page" \
    "Cipher used: \('ECDHE-RSA-AES256-GCM-SHA384', 'TLSv1.2', 256\).*Version: TLSv1.2.*200 ok" "$out"

glass_server www.log --cert leaf-p256.chain.pem --key leaf-p256.key --www
out=$(gpy "$PY/tls_client.py" www.lab.test "$PORT" roots.pem 2>&1)
expect "tls_client.py vs glass server --www (ECDSA)" "Cipher used: \('ECDHE-ECDSA-.*Response: [0-9]+ bytes; HTTP/1.[01] 200" "$out"
WWW=$PORT

# getpeercert() must read as CPython's: the same program under Debian's
# python3 (OpenSSL) prints the same certificate dictionary.
mine=$(gpy "$PY/tls_client.py" www.lab.test "$WWW" roots.pem 2>&1 | sed -n '/Server certificate/,/Response/p')
theirs=$(timeout 60 /usr/bin/python3 "$PY/tls_client.py" www.lab.test "$WWW" roots.pem 2>&1 | sed -n '/Server certificate/,/Response/p')
if [ -n "$mine" ] && [ "$mine" = "$theirs" ]; then ok "getpeercert() equals CPython's (the same program on OpenSSL)"
else bad "getpeercert() equals CPython's" "$(diff <(echo "$theirs") <(echo "$mine"))"; fi

# ... and on every certificate of the lab PKI and a set of odd ones (multi-valued
# RDNs, IP/URI/email SANs, AIA, CRL DP, serials, GeneralizedTime), decoded
# by CPython's own ssl._ssl._test_decode_cert beside _glasstls's.
out=$(GLASS="$GLASS" bash "$PY/getpeercert-test.sh" "$(dirname "$GLASS")/src/python" 2>&1)
expect "getpeercert() equals CPython's on every lab and sample certificate" "[1-9][0-9]* passed, 0 failed$" "$out"

# ---- the hostname experiment ------------------------------------------------------------------------------
out=$(gpy "$PY/tls_client.py" www.bank32.test "$WWW" roots.pem 2>&1)
rc=$?
expect "check_hostname = True refuses another name: SSLCertVerificationError 62 (exit $rc)" \
    "verification failed: SSLCertVerificationError 62 Hostname mismatch, certificate is not valid for 'www.bank32.test'" "$out"
out=$(gpy "$PY/tls_client.py" www.bank32.test "$WWW" roots.pem no-check 2>&1)
expect "check_hostname = False connects" "Version: TLSv1.2" "$out"
out=$(gpy "$PY/tls_client.py" www.lab.test "$WWW" leaf-rsa.crt 2>&1)
expect "a CA file that does not hold the root: SSLCertVerificationError 20" "verification failed: SSLCertVerificationError 20 " "$out"

# ---- the SEED server, for curl, openssl s_client and the SEED client --------------------------------------
listening srv.log "$GLASS" python "$PY/tls_server.py" @PORT@ leaf-rsa.chain.pem leaf-rsa.key 3
out=$(curl -sS --max-time 20 --cacert roots.pem --resolve "www.lab.test:$PORT:127.0.0.1" "https://www.lab.test:$PORT/" 2>&1)
expect "tls_server.py serves curl" "This is Bank32.com!" "$out"
out=$(printf 'GET / HTTP/1.0\r\n\r\n' | timeout 20 openssl s_client -connect "127.0.0.1:$PORT" -servername www.lab.test \
    -CAfile roots.pem -verify_return_error -ign_eof 2>&1)
expect "tls_server.py serves openssl s_client (verified, TLS 1.2)" "Verify return code: 0.*Bank32" "$out"
out=$(gpy "$PY/tls_client.py" www.lab.test "$PORT" roots.pem 2>&1)
expect "tls_client.py and tls_server.py, both on glasstls" "Response: [0-9]+ bytes; HTTP/1.1 200 OK" "$out"
sleep 0.3
expect "tls_server.py saw each request" "Request: GET / HTTP/1.1.*Request: GET / HTTP/1.0.*Request: GET / HTTP/1.0" "$(cat srv.log)"

# ---- the SEED proxy: a thread per connection, one shared client context -------------------------------------
listening up.log "$GLASS" python "$PY/tls_server.py" @PORT@ leaf-rsa.chain.pem leaf-rsa.key 2
UP=$PORT
listening proxy.log "$GLASS" python "$PY/tls_proxy.py" @PORT@ leaf-p256.chain.pem leaf-p256.key "$UP" roots.pem www.lab.test 2
CURLS=()
for i in 1 2; do
    curl -sS --max-time 20 --cacert roots.pem --resolve "www.lab.test:$PORT:127.0.0.1" "https://www.lab.test:$PORT/" >"page.$i" 2>&1 &
    CURLS+=($!)
done
wait "${CURLS[@]}" 2>/dev/null
sleep 0.3
expect "tls_proxy.py: two clients at once, the page rewritten" "EvilBank32.*EvilBank32" "$(cat page.1 page.2)"
expect "tls_proxy.py relayed both connections" "relayed.*relayed" "$(cat proxy.log)"

# ---- sni_callback chooses the certificate by the name asked for (RFC 6066 §3) ------------------------------
cat leaf-wildcard.crt int-p256.crt >wildcard.chain.pem
listening sni.log "$GLASS" python "$PY/sni_server.py" @PORT@ leaf-rsa.chain.pem leaf-rsa.key wildcard.chain.pem leaf-wildcard.key mail.lab.test
sni() { curl -sS --max-time 20 --cacert roots.pem --resolve "$1:$PORT:127.0.0.1" -w ' %{http_code}' -v "https://$1:$PORT/" 2>&1; }
expect "sni_callback: www.lab.test gets the default certificate" "subject: (O=glasstls lab; )?CN=www.lab.test.*served" "$(sni www.lab.test)"
expect "sni_callback: mail.lab.test gets the one its callback switched to" "subject: CN=\*.lab.test.*served" "$(sni mail.lab.test)"
out=$(curl -sS --max-time 20 --cacert roots.pem --resolve "refused.test:$PORT:127.0.0.1" "https://refused.test:$PORT/" 2>&1)
expect "sni_callback: returning ALERT_DESCRIPTION_UNRECOGNIZED_NAME refuses the name" "unrecognized name|alert" "$out"
sleep 0.3
expect "sni_callback saw each name" "asked for www.lab.test.*asked for mail.lab.test.*asked for refused.test.*refused: SSLError" "$(cat sni.log)"

# ---- an encrypted key: the right pass phrase (string, callable), a wrong one; as CPython --------------
openssl pkey -in leaf-rsa.key -aes256 -passout pass:dees -out leaf-rsa.enc.key 2>/dev/null
mine=$(gpy "$PY/passphrase.py" leaf-rsa.chain.pem leaf-rsa.enc.key 2>&1)
theirs=$(timeout 60 /usr/bin/python3 "$PY/passphrase.py" leaf-rsa.chain.pem leaf-rsa.enc.key 2>&1)
expect "load_cert_chain: right pass phrase loads, a wrong one is an SSLError" "^loaded loaded refused SSLError$" "$mine"
[ "$mine" = "$theirs" ] && ok "load_cert_chain with pass phrases behaves as CPython's" || bad "pass phrases as CPython" "$theirs"

# ---- suites and protocols by name ---------------------------------------------------------------------------
for suite in ECDHE-RSA-CHACHA20-POLY1305 AES128-SHA; do
    s_server_www 1 -cert leaf-rsa.crt -key leaf-rsa.key -cert_chain int-rsa.crt
    out=$(gpy "$PY/pick_suite.py" www.lab.test "$PORT" roots.pem "$suite" 2>&1)
    expect "set_ciphers('$suite') against s_server" "protocol TLSv1.2 cipher $suite .*channel binding 12 bytes" "$out"
done
printf 'import ssl\ntry:\n    ssl.SSLContext(ssl.PROTOCOL_TLSv1)\nexcept ssl.SSLError as e:\n    print(type(e).__name__, e)\n' >tlsv1.py
out=$(gpy tlsv1.py 2>&1)
expect "PROTOCOL_TLSv1 is an SSLError that names TLS 1.2" "^SSLError .*TLS 1.2" "$out"

# ---- the teaching flags ---------------------------------------------------------------------------------------------
out=$(gpy --trace --keylog keys.log --trace-json trace.json --html-dir pages "$PY/tls_client.py" www.lab.test "$WWW" roots.pem 2>&1)
expect "glass python --trace narrates the script's handshake, tagged [#1]" "\[#1\] .*ServerHello" "$out"
expect "--keylog writes the NSS key log" "^CLIENT_RANDOM [0-9a-f]{64} [0-9a-f]{96}$" "$(cat keys.log 2>&1)"
expect "--html-dir: one page per connection" "<!DOCTYPE html>" "$(head -c 100 pages/connection-1.html 2>&1)"
out=$(/usr/bin/python3 -c 'import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
print(len(lines), {l.get("connection") for l in lines}, sum(l.get("event") == "master_secret" for l in lines))' trace.json 2>&1)
expect "--trace-json: valid JSON lines, tagged with the connection" "^[0-9]+ \{'connection 1'\} 1$" "$out"

out=$(gpy "$PY/observe.py" www.lab.test "$WWW" roots.pem observed.html 2>&1)
expect "context.glasstls_observe() hands the program the events as dictionaries" \
    "kinds .*master_secret.*message.*record.*messages ClientHello ServerHello Certificate ServerKeyExchange ServerHelloDone ClientKeyExchange Finished" "$out"
expect "SSLSocket._repr_html_() is the connection's illustrated page" "</html>" "$(tail -c 200 observed.html 2>&1)"

# ---- what a program sees of the module -------------------------------------------------------------------------------
printf 'print(input())\nimport sys, ssl\nprint(sys.argv[1:], ssl.__name__, repr(ssl)[:40])\nsys.exit(7)\n' >args.py
out=$(echo "from stdin" | gpy args.py --trace x 2>&1)
rc=$?
expect "arguments, stdin, stdout and the exit status pass through (exit $rc)" "from stdin.*\['--trace', 'x'\] glasstls.ssl <module 'glasstls.ssl'" "$out"
[ $rc -eq 7 ] && ok "exit status 7 passes through" || bad "exit status 7 passes through (got $rc)"
out=$(/usr/bin/python3 -c 'import ssl, sys
sys.path[:0] = sys.argv[1:]
import glasstls.ssl as g
import types
missing = [n for n in dir(ssl) if not n.startswith("_") and not isinstance(getattr(ssl, n), types.ModuleType)
           and not hasattr(g, n)]
print("missing:", missing)' "$(dirname "$GLASS")/src/python" "$HERE/../src/python" 2>&1)
expect "every public name of CPython's ssl is there" "^missing: \[\]$" "$out"
out=$(PYTHONPATH="$HERE/../src/python" /usr/bin/python3 -c 'import glasstls.ssl' 2>&1 | tail -1)
expect "a Python without the native module says so in one sentence" "^ImportError: glasstls.ssl cannot load its native module _glasstls" "$out"
out=$(cd "$P" && PYTHONPATH="$(dirname "$GLASS")/src/python:$HERE/../src/python" timeout 60 /usr/bin/python3 -m glasstls.run \
    "$PY/tls_client.py" www.lab.test "$WWW" roots.pem 2>&1)
expect "python3 -m glasstls.run SCRIPT runs it on glasstls" "Version: TLSv1.2" "$out"

# After `meson install` (here into a --destdir), the installed glass finds the installed module.
BUILD=$(dirname "$GLASS")
if meson install -C "$BUILD" --no-rebuild --destdir "$P/dest" >install.log 2>&1; then
    glass_bin=$(find "$P/dest" -path '*/bin/glass' | head -1)
    libdir=$(dirname "$(find "$P/dest" -name 'libglasstls.so*' | head -1)")
    printf 'import ssl, sys\nprint(ssl.__file__)\n' >where.py
    out=$(LD_LIBRARY_PATH="$libdir" timeout 60 "$glass_bin" python where.py 2>&1)
    expect "an installed glass python uses the installed module" "^$P/dest/.*/glasstls/ssl.py$" "$out"
else
    bad "meson install --destdir" "$(tail -5 install.log)"
fi

finish
