#!/usr/bin/env bash
# The illustrated transcript (--html, --html-dir) as a browser shows it:
# Debian's headless Chromium renders each page, and tests/html-check.py
# compares its DOM with what other observers recorded of the same
# connection (--msg lines, the key log, --trace-json). Connection kinds:
# ECDHE-RSA AES-GCM, DHE with CBC and encrypt-then-MAC, RSA key exchange, a
# resumed session, a failed handshake, and a server's page.
#   usage: html-test.sh path/to/glass [SCREENSHOT.png]
# With a second argument the screenshot is also kept there (docs/ uses it).
set -u
GLASS=$(realpath "${1:?usage: html-test.sh path/to/glass [screenshot.png]}")
KEEP=${2:+$(realpath -m "$2")}
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/lib.sh"
need_chromium
lab_dir
PORT=$(first_port $(($$ * 17)))
RSA="-cert leaf-rsa.crt -key leaf-rsa.key -cert_chain int-rsa.crt"
s_server() { local n=$1; shift; s_server_www "$n" $RSA "$@"; }   # s_server N-ACCEPT ARGS…
browser() { headless "$P/profile" "$@"; }
# page NAME EXPECT CLIENT-ARGS…: one connection drawn, rendered, checked.
page() {
    local name=$1 expect=$2
    shift 2
    rm -f "$name".keys
    timeout 30 "$GLASS" client "127.0.0.1:$PORT" --servername www.lab.test --cafile roots.pem --get / --msg \
        --keylog "$name.keys" --trace-json "$name.jsonl" --html "$name.html" "$@" </dev/null >/dev/null 2>"$name.msg"
    touch "$name.keys"
    if [ ! -s "$name.html" ]; then
        bad "$name: glass client wrote the page" "$(tail -5 "$name.msg")"
        return
    fi
    browser --dump-dom "file://$P/$name.html" >"$name.dom"
    while IFS= read -r line; do
        case $line in ok\ -*) ok "$name: ${line#ok - }" ;; FAIL\ -*) bad "$name: ${line#FAIL - }" ;; esac
    done < <(python3 "$HERE/html-check.py" "$name.dom" "$name.msg" "$name.keys" "$name.jsonl" $expect 2>&1 || true)
}

s_server 1; page ecdhe-gcm "" --cipher ECDHE-RSA-AES128-GCM-SHA256
s_server 1; page dhe-cbc-etm "cbc" --cipher DHE-RSA-AES128-SHA256
s_server 1; page rsa "rsa" --cipher AES128-GCM-SHA256
s_server 2; page resumed "resumed" --reconnect
s_server 1; page failed "failed" --servername not-the-name.test

# --html-max-bytes: each application data record shows that many bytes, then says how many it left out.
s_server 1
timeout 30 "$GLASS" client "127.0.0.1:$PORT" --servername www.lab.test --cafile roots.pem --get / --cipher ECDHE-RSA-AES128-GCM-SHA256 \
    --html cut.html --html-max-bytes 300 </dev/null >/dev/null 2>cut.err
check "--html-max-bytes 300: each server record's plaintext (its fragment less 24 bytes of nonce and tag) cut at 300 bytes" \
    python3 -c '
import re, sys
page = open("cut.html").read()
records = [int(n) - 24 for n in re.findall(r"card server record\"><h3>Record \d+: application_data, (\d+)-byte fragment", page)]
cut = sum(int(n) for n in re.findall(r"… \((\d+) more bytes\)", page))
sys.exit(0 if records and max(records) > 300 and cut == sum(max(0, r - 300) for r in records) else 1)'

# A server's page: glass server --html-dir, openssl s_client as the client.
glass_server server.msg --cert leaf-rsa.chain.pem --key leaf-rsa.key --www --msg --keylog server.keys \
    --trace-json server.jsonl --html-dir pages --naccept 1
printf 'GET / HTTP/1.0\r\n\r\n' | timeout 20 openssl s_client -connect "127.0.0.1:$PORT" -servername www.lab.test -CAfile roots.pem \
    -no_tls1_3 -ign_eof >/dev/null 2>&1
for _ in $(seq 100); do [ -s pages/connection-1.html ] && break; sleep 0.05; done
if [ -s pages/connection-1.html ]; then
    browser --dump-dom "file://$P/pages/connection-1.html" >server.dom
    while IFS= read -r line; do
        case $line in ok\ -*) ok "server page: ${line#ok - }" ;; FAIL\ -*) bad "server page: ${line#FAIL - }" ;; esac
    done < <(python3 "$HERE/html-check.py" server.dom server.msg server.keys server.jsonl 2>&1 || true)
else
    bad "glass server --html-dir wrote pages/connection-1.html" "$(tail -5 server.msg)"
fi

browser --window-size=1200,1500 --screenshot="$P/transcript.png" "file://$P/ecdhe-gcm.html" >/dev/null
if [ -s transcript.png ] && [ "$(head -c 8 transcript.png | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] &&
    [ "$(stat -c %s transcript.png)" -gt 20000 ]; then
    ok "screenshot of a page taken ($(stat -c %s transcript.png) bytes of PNG)"
    [ -n "$KEEP" ] && cp transcript.png "$KEEP"
else
    bad "screenshot of a page taken" "$(tail -3 chromium.err)"
fi
finish
