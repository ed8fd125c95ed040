#!/usr/bin/env bash
# `--profile webpki`: one case per CA/Browser Forum rule of docs/x509.md's
# web-PKI list. Each case is a certificate that RFC 5280 alone accepts (the
# default profile verifies it) and the web-PKI profile refuses, naming the
# rule; then `glass client --profile webpki` against openssl s_server. The
# certificates are made here with openssl, each with exactly one flaw. The
# last line is "N passed, N failed".
set -u
GLASS=$(realpath "${1:?usage: webpki-test.sh path/to/glass}")
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/lib.sh"
W=$(mktemp -d)
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$W"' EXIT
cd "$W" || exit 1
PORT=$(first_port $(($$ * 47)))

# The lab's keys: one P-256 key for every certificate keeps this fast.
openssl ecparam -name prime256v1 -genkey -noout -out key.pem 2>/dev/null

# root NAME [EXTRA -addext…]: a self-signed CA as the Baseline Requirements want it.
root() {
    local name=$1
    shift
    openssl req -x509 -new -key key.pem -subj "/CN=$name" -days 3650 -out "$name.crt" \
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
        -addext "subjectKeyIdentifier=hash" "$@" 2>/dev/null
}
# leaf NAME ISSUER [-addext…]: a certificate signed by ISSUER with the
# extensions given (the good leaf gives the BR ones; each flawed leaf
# differs in one of them). -extfile holds them; openssl x509 -req signs.
leaf() {
    local name=$1 issuer=$2
    shift 2
    : >"$name.ext"
    for e in "$@"; do printf '%s\n' "$e" >>"$name.ext"; done
    openssl req -new -key key.pem -subj "/CN=www.lab.test" -out "$name.csr" 2>/dev/null &&
        openssl x509 -req -in "$name.csr" -CA "$issuer.crt" -CAkey key.pem -set_serial "0x$(openssl rand -hex 8)" \
            -days 365 -extfile "$name.ext" -out "$name.crt" 2>/dev/null
}
GOOD_EXT=("basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature"
          "extendedKeyUsage=serverAuth" "subjectAltName=DNS:www.lab.test"
          "authorityKeyIdentifier=keyid" "subjectKeyIdentifier=hash")
# good_but REPLACED_PREFIX NEW_LINE: the good leaf's extensions with one changed ("" drops it).
good_but() {
    local prefix=$1 line=$2 e
    for e in "${GOOD_EXT[@]}"; do
        if [[ "$e" == "$prefix"* ]]; then [ -n "$line" ] && printf '%s\n' "$line"; else printf '%s\n' "$e"; fi
    done
}
flawed_leaf() {   # NAME PREFIX NEW_LINE
    local name=$1
    mapfile -t exts < <(good_but "$2" "$3")
    leaf "$name" root "${exts[@]}"
}

root root
root root-with-eku -addext "extendedKeyUsage=serverAuth"
root root-aki-issuer -addext "authorityKeyIdentifier=keyid:always,issuer:always"
leaf good root "${GOOD_EXT[@]}"
leaf good-under-eku-root root-with-eku "${GOOD_EXT[@]}"
leaf good-under-aki-root root-aki-issuer "${GOOD_EXT[@]}"
flawed_leaf no-eku "extendedKeyUsage" ""
flawed_leaf any-eku "extendedKeyUsage" "extendedKeyUsage=serverAuth,anyExtendedKeyUsage"
flawed_leaf critical-eku "extendedKeyUsage" "extendedKeyUsage=critical,serverAuth"
flawed_leaf no-san "subjectAltName" ""
flawed_leaf critical-san "subjectAltName" "subjectAltName=critical,DNS:www.lab.test"
flawed_leaf ca-leaf "basicConstraints" "basicConstraints=critical,CA:TRUE"
flawed_leaf aia-critical "subjectKeyIdentifier" $'subjectKeyIdentifier=hash\nauthorityInfoAccess=critical,OCSP;URI:http://ocsp.lab.test/'
flawed_leaf aia-not-uri "subjectKeyIdentifier" $'subjectKeyIdentifier=hash\nauthorityInfoAccess=caIssuers;DNS:ca.lab.test'

# verdicts LEAF ROOT RULE_TEXT NAME [FLAG]: default profile accepts, webpki refuses naming the rule.
verdicts() {
    local leaf=$1 anchor=$2 text=$3 name=$4 extra=${5:-} out rc
    if [ ! -s "$leaf.crt" ]; then bad "$name: openssl could not make $leaf.crt"; return; fi
    out=$("$GLASS" verify $extra --cafile "$anchor.crt" --host www.lab.test "$leaf.crt" 2>&1)
    rc=$?
    [ "$rc" -eq 0 ] || { bad "$name: RFC 5280 alone accepts it (exit $rc)" "$out"; return; }
    out=$("$GLASS" verify $extra --profile webpki --cafile "$anchor.crt" --host www.lab.test "$leaf.crt" 2>&1)
    rc=$?
    if [ "$rc" -eq 1 ] && grep -qF -- "$text" <<<"$out" && grep -qF "[bad_certificate]" <<<"$out"; then
        ok "$name"
    else
        bad "$name (exit $rc, wanted 1 with '$text')" "$out"
    fi
}

out=$("$GLASS" verify --profile webpki --cafile root.crt --host www.lab.test good.crt 2>&1)
check "a leaf made as the Baseline Requirements say verifies under --profile webpki" test $? -eq 0
verdicts no-eku root "has no extendedKeyUsage (BR §7.1.2.7.10" "leaf without extendedKeyUsage"
verdicts any-eku root "holds anyExtendedKeyUsage" "leaf with anyExtendedKeyUsage"
verdicts critical-eku root "extendedKeyUsage is critical" "leaf with a critical extendedKeyUsage"
# Without a subjectAltName only --cn-fallback finds the name (RFC 9525 §6.3).
verdicts no-san root "has no subjectAltName (BR §7.1.2.7.12" "leaf without subjectAltName" --cn-fallback
verdicts critical-san root "subjectAltName is critical though its subject is not empty" "critical subjectAltName beside a subject"
verdicts ca-leaf root "the leaf says it is a CA (BR §7.1.2.7.8" "leaf with cA true"
# A critical authorityInfoAccess is refused by both: RFC 5280 alone as an
# extension glasstls does not enforce (§4.2), the profile by its own rule.
out=$("$GLASS" verify --cafile root.crt --host www.lab.test aia-critical.crt 2>&1)
check "critical authorityInfoAccess: RFC 5280 alone refuses it as unknown" grep -qF "unknown critical extension authorityInfoAccess" <<<"$out"
out=$("$GLASS" verify --profile webpki --cafile root.crt --host www.lab.test aia-critical.crt 2>&1)
check "critical authorityInfoAccess: --profile webpki names the rule" grep -qF "its authorityInfoAccess is critical (RFC 5280 §4.2.2.1" <<<"$out"
out=$("$GLASS" verify --profile webpki --cafile root.crt --host www.lab.test aia-not-uri.crt 2>&1)
check "an authorityInfoAccess location that is no URI is accepted, as rustls-webpki and pyca do" test $? -eq 0
verdicts good-under-eku-root root-with-eku "the root has an extendedKeyUsage (BR §7.1.2.1.2" "root with extendedKeyUsage"
verdicts good-under-aki-root root-aki-issuer "names an issuer or serial number (BR §7.1.2.1.3" "root AKI with issuer and serial"

out=$("$GLASS" verify --profile nonsense --cafile root.crt good.crt 2>&1)
rc=$?
check "an unknown --profile is a usage error naming both profiles" test "$rc" -eq 2 -a -n "$(grep -F 'rfc5280 or webpki' <<<"$out")"

# glass client: the same rule on a live connection, and the default unchanged.
if s_server_www 2 -cert no-eku.crt -key key.pem; then
    out=$(timeout 20 "$GLASS" client "127.0.0.1:$PORT" --servername www.lab.test --cafile root.crt --get / 2>&1 </dev/null)
    check "glass client (rfc5280) accepts a leaf without EKU" test $? -eq 0
    out=$(timeout 20 "$GLASS" client "127.0.0.1:$PORT" --servername www.lab.test --cafile root.crt --profile webpki --get / 2>&1 </dev/null)
    rc=$?
    if [ "$rc" -eq 1 ] && grep -qF "has no extendedKeyUsage" <<<"$out"; then
        ok "glass client --profile webpki refuses it, naming the rule"
    else
        bad "glass client --profile webpki refuses it (exit $rc)" "$out"
    fi
else
    bad "openssl s_server did not start" "$(cat srv.*.log)"
fi
finish
