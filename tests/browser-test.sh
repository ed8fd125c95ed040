#!/usr/bin/env bash
# A real browser against glass server: Debian's chromium, headless, loads the
# --www page over TLS 1.2 on 127.0.0.1. The lab's leaf certificates are
# trusted only by their SPKI hashes (--ignore-certificate-errors-spki-list),
# in a fresh profile, so nothing outside this run is changed.
#   usage: browser-test.sh path/to/glass [SCREENSHOT.png]
# With a second argument the screenshot is also kept there (docs/ uses it).
# The last line is "N passed, N failed".
set -u
GLASS=$(realpath "${1:?usage: browser-test.sh path/to/glass [screenshot.png]}")
KEEP=${2:+$(realpath -m "$2")}
HERE="$(cd "$(dirname "$0")" && pwd)"
P=$(mktemp -d)
SERVER=
cleanup() {
    [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null
    rm -rf "$P"
}
trap cleanup EXIT
. "$HERE/lib.sh"

need_chromium
bash "$HERE/pki/make-pki.sh" "$P" >/dev/null || { echo "FAIL - lab PKI"; echo "0 passed, 1 failed"; exit 1; }
cd "$P" || exit 1

PORT=$(first_port $(($$ * 13)))
"$GLASS" server --port "$PORT" --cert leaf-rsa.chain.pem --key leaf-rsa.key \
    --cert leaf-p256.chain.pem --key leaf-p256.key --www >server.log 2>&1 &
SERVER=$!
for _ in $(seq 200); do grep -q "listening on" server.log 2>/dev/null && break; sleep 0.02; done

# SPKI pin = base64(SHA-256(SubjectPublicKeyInfo DER)), the form Chromium expects.
spki() { openssl x509 -in "$1" -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64; }
PINS="$(spki leaf-rsa.crt),$(spki leaf-p256.crt)"
URL="https://www.lab.test:$PORT/"

browser() { local profile=$1; shift; headless "$P/$profile" "$@"; }   # profile-name chromium-args…

dom=$(browser trusting --ignore-certificate-errors-spki-list="$PINS" --dump-dom "$URL")
check "chromium loads the page: title is Bank32" grep -q "<title>Bank32</title>" <<<"$dom"
check "the page shows the book's heading" grep -q "<h1>This is Bank32.com!</h1>" <<<"$dom"
check "the page reports TLS 1.2 and an ECDHE suite" grep -qE "Cipher suite</th><td>TLS_ECDHE_" <<<"$dom"
check "the server logged the browser's connection" grep -qE "\] ok .*suite=ECDHE-" server.log

browser shot --ignore-certificate-errors-spki-list="$PINS" --window-size=900,560 --screenshot="$P/bank32.png" "$URL" >/dev/null
if [ -s bank32.png ] && [ "$(head -c 8 bank32.png | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] && [ "$(stat -c %s bank32.png)" -gt 10000 ]; then
    ok "screenshot taken ($(stat -c %s bank32.png) bytes of PNG)"
    if [ -n "$KEEP" ]; then cp bank32.png "$KEEP" && echo "    (kept as $KEEP)"; fi
else
    bad "screenshot taken" "$(tail -5 chromium.err)"
fi

# Without the pins the lab CA is unknown to Chromium: it must refuse, and say so
# to the server with an alert that glass logs.
dom=$(browser untrusting --dump-dom "$URL")
check "without the pins chromium does not show the page" test -z "$(grep "This is Bank32.com!" <<<"$dom")"
sleep 0.3
check "the server logged the browser's certificate alert" grep -qE "failed: (certificate_unknown|bad_certificate|unknown_ca)" server.log

kill -INT "$SERVER"
sleep 0.3
check "the server stops cleanly after the browser" grep -q "glass server: stopped after" server.log
SERVER=

finish
