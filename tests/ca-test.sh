#!/usr/bin/env bash
# glass ca: the lab's certificates made by glasstls itself, then judged by
# others — openssl verify -x509_strict, openssl pkey, glass verify, curl, and
# headless Chromium trusting the new root through an NSS database of its own
# (Debian's libnss3-tools), exactly as a student's browser would.
#   usage: ca-test.sh path/to/glass
set -u
GLASS=$(realpath "${1:?usage: ca-test.sh path/to/glass}")
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/lib.sh"
P=$(mktemp -d)
SERVERS=()
trap 'for p in "${SERVERS[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$P"' EXIT
cd "$P" || exit 1
PORT=$(first_port $(($$ * 23)))
quiet() { "$@" >/dev/null 2>&1; }

# ---- roots of each key type, an intermediate, leaves and a client --------------------------------------
for k in rsa ecdsa ed25519; do
    check "glass ca init ($k root)" quiet "$GLASS" ca init "root-$k" --key "$k" --name "CN=Lab Root $k, O=glasstls lab" --days 30 >/dev/null
    check "... openssl reads its certificate and key" bash -c "openssl x509 -in root-$k/ca.pem -noout && openssl pkey -in root-$k/ca.key -noout"
    check "... the key is readable by its owner only" test "$(stat -c %a "root-$k/ca.key")" = 600
done
check "init refuses to overwrite a CA's key" bash -c '! "$1" ca init root-rsa >/dev/null 2>&1' _ "$GLASS"
mkdir -p int
check "glass ca issue --intermediate (RSA root)" quiet "$GLASS" ca issue root-rsa --name "CN=Lab Intermediate, O=glasstls lab" --intermediate --out int/ca
for k in rsa ecdsa ed25519; do
    check "glass ca issue: a $k server certificate under the intermediate" \
        quiet "$GLASS" ca issue int --name www.lab.test --san DNS:lab.test --san IP:127.0.0.1 --key "$k" --out "www-$k"
    check "... openssl verify -x509_strict -purpose sslserver accepts it" \
        quiet openssl verify -x509_strict -purpose sslserver -CAfile root-rsa/ca.pem -untrusted int/ca.pem "www-$k.pem"
    check "... glass verify accepts it for www.lab.test and 127.0.0.1" bash -c \
        '"$1" verify --cafile root-rsa/ca.pem --untrusted "$2" --host www.lab.test "$2" >/dev/null && "$1" verify --cafile root-rsa/ca.pem --untrusted "$2" --host 127.0.0.1 "$2" >/dev/null' _ "$GLASS" "www-$k.pem"
    check "... PREFIX.pem is the certificate, then the intermediate" test "$(grep -c 'BEGIN CERTIFICATE' "www-$k.pem")" -eq 2
done
for k in ecdsa ed25519; do
    check "glass ca issue under a $k root" quiet "$GLASS" ca issue "root-$k" --name "leaf.$k.test" --key rsa --out "leaf-$k"
    check "... openssl verify -x509_strict accepts it" quiet openssl verify -x509_strict -CAfile "root-$k/ca.pem" "leaf-$k.pem"
done
check "glass ca issue --client" quiet "$GLASS" ca issue int --name "CN=alice, O=glasstls lab" --client --out alice
check "... openssl verify -purpose sslclient accepts it" quiet openssl verify -x509_strict -purpose sslclient -CAfile root-rsa/ca.pem -untrusted int/ca.pem alice.pem
check "... and refuses it as a server certificate" bash -c '! openssl verify -x509_strict -purpose sslserver -CAfile root-rsa/ca.pem -untrusted int/ca.pem alice.pem >/dev/null 2>&1'
out=$(openssl x509 -in www-rsa.pem -noout -text)
check "the certificate has what RFC 5280 asks: v3, a positive serial, SKI and AKI, SANs, keyUsage" \
    bash -c 'grep -q "Version: 3" <<<"$1" && grep -q "Subject Key Identifier" <<<"$1" && grep -q "Authority Key Identifier" <<<"$1" &&
             grep -q "DNS:www.lab.test, DNS:lab.test, IP Address:127.0.0.1" <<<"$1" && grep -q "Digital Signature, Key Encipherment" <<<"$1"' _ "$out"
check "a bad --san is a usage error (exit 2)" bash -c '"$1" ca issue int --name x --san FOO:bar --out bad >/dev/null 2>&1; [ $? -eq 2 ]' _ "$GLASS"
# ---- what would make an invalid certificate is refused, in one sentence (exit 2) -------------------------
refused() {   # NAME WORDS ARGS…: glass ca issue int ARGS… exits 2, its one line saying WORDS, and writes nothing
    local name=$1 words=$2
    shift 2
    rm -f refused.pem
    out=$("$GLASS" ca issue int --out refused "$@" 2>&1); rc=$?
    if [ "$rc" -eq 2 ] && grep -qF -- "$words" <<<"$out" && [ "$(grep -c . <<<"$out")" -le 2 ] && [ ! -e refused.pem ]; then ok "$name"; else bad "$name" "rc=$rc $out"; fi
}
refused "an invalid UTF-8 name (OpenSSL could not load it)" "is not UTF-8" --name "$(printf 'CN=caf\xe9')"
refused "C=<> (countryName is PrintableString SIZE(2))" "two letters A-Z" --name "CN=x, C=<>"
refused "C=é" "two letters A-Z" --name "CN=x, C=é"
refused "DNS:a b (not a host name)" "is not a host name" --name www.lab.test --san "DNS:a b"
refused "DNS:été (not IA5, not a host name: its A-label is)" "is not a host name" --name www.lab.test --san "DNS:été"
refused "--days 99999999 (a five-digit year)" "ends after 9999-12-31" --name www.lab.test --days 99999999
refused "--days -5" "--days is at least 1" --name www.lab.test --days -5
refused "--days 0" "--days is at least 1" --name www.lab.test --days 0
check "glass ca init refuses an invalid country as well" bash -c '"$1" ca init bad-root --name "CN=x, C=<>" >/dev/null 2>&1; [ $? -eq 2 ]' _ "$GLASS"
check "what it writes parses in openssl x509 and glass x509, and verifies: a UTF-8 name, C=DE, a wildcard, year 9900" bash -c '
    "$1" ca issue int --name "CN=Café 東京, O=glasstls lab, C=DE" --san DNS:www.lab.test --san "DNS:*.lab.test" --days 2900000 --out far >/dev/null &&
    openssl x509 -in far.pem -noout -subject -enddate >far.txt && grep -q "C = DE" far.txt && grep -q "99" far.txt &&
    "$1" x509 far.pem >/dev/null && "$1" verify --cafile root-rsa/ca.pem --untrusted far.pem --host a.lab.test far.pem >/dev/null &&
    openssl verify -x509_strict -CAfile root-rsa/ca.pem -untrusted int/ca.pem far.pem >/dev/null' _ "$GLASS"
check "a missing CA is one sentence (exit 1)" bash -c '"$1" ca issue nowhere --name x --out bad 2>&1 | grep -q "cannot load the CA in nowhere"' _ "$GLASS"

# ---- real peers: curl, glass client, Chromium ------------------------------------------------------
glass_server www.log --cert www-rsa.pem --key www-rsa.key --cert www-ecdsa.pem --key www-ecdsa.key --www
out=$(curl -sS --cacert root-rsa/ca.pem --resolve "www.lab.test:$PORT:127.0.0.1" "https://www.lab.test:$PORT/" 2>&1)
check "curl trusts a glass server whose certificates glass ca made" grep -q "This is Bank32.com!" <<<"$out"
out=$("$GLASS" client "127.0.0.1:$PORT" --servername www.lab.test --cafile root-rsa/ca.pem --get / </dev/null 2>&1)
check "glass client verifies them too" grep -q "Verification      : ok (chain and host name)" <<<"$out"
out=$("$GLASS" client "127.0.0.1:$PORT" --servername www.lab.test --cafile root-rsa/ca.pem --cert alice.pem --key alice.key --get / </dev/null 2>&1)
check "the client certificate is usable as one" grep -q "This is Bank32.com!" <<<"$out"
CHROMIUM=$(command -v chromium || true)
if [ -n "$CHROMIUM" ] && command -v certutil >/dev/null; then
    mkdir -p home/.pki/nssdb
    certutil -N -d sql:home/.pki/nssdb --empty-password
    certutil -A -d sql:home/.pki/nssdb -n "glass lab CA" -t "C,," -i root-rsa/ca.pem
    dom=$(HOME="$P/home" headless "$P/profile-trusting" --dump-dom "https://www.lab.test:$PORT/")
    check "Chromium, trusting the glass ca root in its NSS database, loads the page" grep -q "<title>Bank32</title>" <<<"$dom"
    dom=$(HOME="$P/empty-home" headless "$P/profile-plain" --dump-dom "https://www.lab.test:$PORT/")
    check "... and without that root, refuses it" bash -c '! grep -q "<title>Bank32</title>" <<<"$1"' _ "$dom"
else
    bad "chromium and certutil are installed (./tools/lab installs chromium and libnss3-tools)"
fi
finish
