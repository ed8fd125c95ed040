#!/usr/bin/env bash
# X.509 validation cases: a lab PKI made with openssl at test time, and
# `glass verify` / `glass x509` run on it, each case with its expected verdict
# (exit code and the rule named); then encrypted keys made with openssl served
# by `glass server --key-pass` to `openssl s_client`. The last line is
# "N passed, N failed".
set -u
GLASS=$(realpath "${1:?usage: x509-tests.sh path/to/glass}")
HERE="$(cd "$(dirname "$0")" && pwd)"
P=$(mktemp -d)
trap 'rm -rf "$P"' EXIT
bash "$HERE/pki/make-pki.sh" "$P" >/dev/null || { echo "FAIL - the lab PKI could not be generated"; echo "0 passed, 1 failed"; exit 1; }
cd "$P" || exit 1
. "$HERE/lib.sh"

# expect EXIT "TEXT" description -- glass verify arguments…
expect() {
    local want_rc=$1 want_text=$2 name=$3
    shift 4
    local out rc
    out=$("$GLASS" verify "$@" 2>&1)
    rc=$?
    if [ "$rc" -eq "$want_rc" ] && { [ -z "$want_text" ] || grep -qF -- "$want_text" <<<"$out"; }; then
        ok "$name"
    else
        bad "$name (exit $rc, wanted $want_rc with '$want_text')" "$out"
    fi
}
R="--cafile roots.pem"
U() { echo "--untrusted $1.chain.pem"; }
NOW="--at 2027-06-01T00:00:00Z"

# ---- the four key types, full chains ------------------------------------------------
expect 0 "(trust anchor)" "RSA chain verifies" -- $R $(U leaf-rsa) --host www.lab.test leaf-rsa.crt
expect 0 "Lab Root P-256" "ECDSA P-256 chain verifies" -- $R $(U leaf-p256) --host www.lab.test leaf-p256.crt
expect 0 "Lab Root P-384" "ECDSA P-384 chain verifies" -- $R $(U leaf-p384) --host www.lab.test leaf-p384.crt
expect 0 "Lab Root Ed25519" "Ed25519 chain verifies" -- $R $(U leaf-ed25519) --host www.lab.test leaf-ed25519.crt
expect 0 "2: O=glasstls lab, CN=Lab Root RSA" "a chain file as LEAF supplies its own intermediates" -- $R leaf-rsa.chain.pem
expect 0 "" "RSA-PSS signed leaf verifies" -- $R --untrusted int-rsa.crt leaf-pss.crt

# ---- do I trust the CA? ------------------------------------------------------------------
expect 1 "is not a trusted CA" "missing intermediate: unknown_ca" -- $R leaf-rsa.crt
expect 1 "[unknown_ca]" "the alert for a missing issuer is unknown_ca" -- $R leaf-rsa.crt
expect 1 "CN=Lab Root RSA is not a trusted CA" "root not trusted: unknown_ca" -- --cafile root-p256.crt $(U leaf-rsa) leaf-rsa.crt
expect 1 "is self-signed and not among the trusted" "root sent but not trusted" -- --cafile root-p256.crt $(U leaf-rsa) --untrusted root-rsa.crt leaf-rsa.crt
expect 1 "CN=Other Root is not a trusted CA" "a chain to another root fails" -- $R leaf-by-other-root.crt
expect 1 "is self-signed and not among the trusted" "self-signed leaf untrusted" -- $R leaf-self.crt
expect 0 "self.lab.test   (trust anchor)" "self-signed leaf trusted explicitly" -- --cafile leaf-self.crt --host self.lab.test leaf-self.crt
expect 0 "" "capath with hash-named links" -- --capath capath $(U leaf-rsa) leaf-rsa.crt
expect 1 "[unknown_ca]" "capath without the P-384 root" -- --capath capath $(U leaf-p384) leaf-p384.crt
expect 0 "" "intermediates in any order, extras allowed" -- $R --untrusted scrambled-intermediates.pem leaf-deep.crt
expect 0 "Lab Intermediate Deep 2" "a path of four certificates" -- $R --untrusted scrambled-intermediates.pem leaf-deep.crt
expect 0 "" "an impostor intermediate with the same name is skipped" -- $R --untrusted int-by-impostor.crt --untrusted int-rsa.crt leaf-rsa.crt
expect 1 "[unknown_ca]" "a chain through an impostor root (same name, other key) fails" -- $R --untrusted int-by-impostor.crt leaf-via-impostor.crt
expect 1 "" "system bundle does not trust the lab" -- leaf-rsa.chain.pem

# ---- was it modified? ------------------------------------------------------------------------
expect 1 "signature does not verify" "tampered signature" -- $R $(U leaf-rsa) leaf-tampered-signature.crt
expect 1 "signature does not verify" "tampered subject name" -- $R $(U leaf-rsa) leaf-tampered-name.crt
expect 1 "[bad_certificate]" "tampering is bad_certificate" -- $R $(U leaf-rsa) leaf-tampered-name.crt
expect 1 "sha1WithRSAEncryption signatures are no longer accepted" "SHA-1 signature rejected" -- $R --untrusted int-rsa.crt leaf-sha1.crt
expect 0 "" "SHA-1 accepted with --allow-sha1" -- $R --untrusted int-rsa.crt --allow-sha1 leaf-sha1.crt

# ---- is it expired? --------------------------------------------------------------------------------
expect 1 "expired at 2021-01-01T00:00:00Z" "expired leaf" -- $R --untrusted int-p256.crt leaf-expired.crt
expect 1 "[certificate_expired]" "expired leaf: certificate_expired" -- $R --untrusted int-p256.crt leaf-expired.crt
expect 0 "" "--at inside every validity period" -- $R $(U leaf-rsa) $NOW leaf-rsa.crt
expect 1 "CN=Lab Intermediate P-256): not valid before" "at a time inside the leaf's validity, its issuer did not exist yet" -- $R --untrusted int-p256.crt --at 2020-06-01T00:00:00Z leaf-expired.crt
expect 1 "not valid before 2040-01-01T00:00:00Z" "not yet valid leaf" -- $R --untrusted int-p256.crt leaf-future.crt
expect 1 "certificate 1 (CN=Lab Expired Intermediate): expired" "expired intermediate" -- $R --untrusted int-expired.crt leaf-under-expired.crt
expect 1 "expired at" "everything expires eventually (--at 2100)" -- $R $(U leaf-rsa) --at 2100-01-01T00:00:00Z leaf-rsa.crt
expect 1 "not valid before" "nothing is valid before it was made (--at as Unix seconds)" -- $R $(U leaf-rsa) --at 946684800 leaf-rsa.crt

# ---- is it for this host? ------------------------------------------------------------------------
expect 0 "" "host matches a SAN" -- $R $(U leaf-rsa) --host lab.test leaf-rsa.crt
expect 0 "" "host comparison is case-insensitive, trailing dot ignored" -- $R $(U leaf-rsa) --host WWW.Lab.Test. leaf-rsa.crt
expect 1 "does not match host 'evil.example'" "wrong host" -- $R $(U leaf-rsa) --host evil.example leaf-rsa.crt
expect 1 "[certificate_unknown]" "wrong host: certificate_unknown" -- $R $(U leaf-rsa) --host evil.example leaf-rsa.crt
expect 0 "" "IPv4 literal matches an iPAddress SAN" -- $R $(U leaf-rsa) --host 127.0.0.1 leaf-rsa.crt
expect 1 "does not match host '127.0.0.2'" "other IPv4 literal" -- $R $(U leaf-rsa) --host 127.0.0.2 leaf-rsa.crt
expect 0 "" "IPv6 literal matches" -- $R --untrusted int-p256.crt --host ::1 leaf-ipv6.crt
expect 0 "" "bracketed IPv6 literal matches" -- $R --untrusted int-p256.crt --host '[0:0::1]' leaf-ipv6.crt
expect 1 "does not match" "an IP literal never matches a DNS SAN" -- $R --untrusted int-p256.crt --host 127.0.0.1 leaf-ipv6.crt
expect 0 "" "wildcard matches one label" -- $R --untrusted int-p256.crt --host a.lab.test leaf-wildcard.crt
expect 1 "does not match" "wildcard does not match the bare domain" -- $R --untrusted int-p256.crt --host lab.test leaf-wildcard.crt
expect 1 "does not match" "wildcard does not match two labels" -- $R --untrusted int-p256.crt --host a.b.lab.test leaf-wildcard.crt
# RFC 9525 §6.3: no CN matching by default; --cn-fallback restores RFC 6125 §6.4.4's (no SAN at all).
expect 1 "certificate 0 (CN=cn.lab.test): does not match host 'cn.lab.test' (the certificate has no subjectAltName; its CN 'cn.lab.test' would match, but RFC 9525 §6.3 forbids CN matching (--cn-fallback allows it))" \
    "no CN matching by default, and the sentence says the CN would have matched" -- $R --untrusted int-p256.crt --host cn.lab.test leaf-cn-only.crt
expect 1 "RFC 9525 §6.3 forbids CN matching" "--no-cn-fallback is still accepted: the default" -- $R --untrusted int-p256.crt --host cn.lab.test --no-cn-fallback leaf-cn-only.crt
expect 0 "" "--cn-fallback: the CN when there is no SAN at all" -- $R --untrusted int-p256.crt --host cn.lab.test --cn-fallback leaf-cn-only.crt
expect 1 "(the certificate has no subjectAltName and its CN 'cn.lab.test' does not match either)" "--cn-fallback and another CN" \
    -- $R --untrusted int-p256.crt --host other.lab.test --cn-fallback leaf-cn-only.crt
expect 1 "does not match host 'evil.example' (it names DNS:www.lab.test, DNS:lab.test, IP:127.0.0.1)" \
    "the mismatch sentence lists every name the certificate holds, IP SANs included" -- $R $(U leaf-rsa) --host evil.example leaf-rsa.crt
expect 1 "does not match host '127.0.0.2' (it names DNS:www.lab.test, DNS:lab.test, IP:127.0.0.1)" \
    "... for an IP literal too" -- $R $(U leaf-rsa) --host 127.0.0.2 leaf-rsa.crt
expect 1 "it names DNS:san.lab.test" "CN is ignored when SANs exist" -- $R --untrusted int-p256.crt --host cn.lab.test leaf-cn-differs.crt

# ---- CA rules ------------------------------------------------------------------------------------------
expect 1 "certificate 2 (CN=Lab Intermediate RSA): pathLenConstraint 0 exceeded" "pathLenConstraint" -- $R --untrusted int-rsa.crt --untrusted int-sub-of-pathlen0.crt leaf-under-pathlen.crt
expect 1 "certificate 1 (CN=Lab Not A CA): it asserts keyCertSign without being a CA" "issuer without cA" -- $R --untrusted int-noca.crt leaf-under-noca.crt
expect 1 "keyUsage lacks keyCertSign" "issuer without keyCertSign" -- $R --untrusted int-nokeycertsign.crt leaf-under-nokeycertsign.crt
expect 0 "" "name constraints permit the lab" -- $R --untrusted int-nc.crt --host www.lab.test leaf-nc-ok.crt
expect 1 "www.evil.example is outside the permitted subtrees" "DNS name outside permitted subtree" -- $R --untrusted int-nc.crt leaf-nc-bad.crt
expect 1 "10.0.0.1 is outside the permitted subtrees" "IP outside permitted subtree" -- $R --untrusted int-nc.crt leaf-nc-bad-ip.crt
expect 1 "is in the excluded subtree bad.lab.test" "DNS name in excluded subtree" -- $R --untrusted int-nc-excluded.crt leaf-nc-excluded.crt
expect 1 "unknown critical extension 1.2.3.4.5" "unknown critical extension" -- $R --untrusted int-p256.crt leaf-critical-unknown.crt
expect 1 "[unsupported_certificate]" "unknown critical extension: unsupported_certificate" -- $R --untrusted int-p256.crt leaf-critical-unknown.crt
expect 1 "extendedKeyUsage does not allow serverAuth" "client certificate used as a server" -- $R --untrusted int-p256.crt leaf-clientauth.crt
expect 0 "" "client certificate for --purpose client" -- $R --untrusted int-p256.crt --purpose client leaf-clientauth.crt
expect 1 "extendedKeyUsage does not allow clientAuth" "server certificate used as a client" -- $R $(U leaf-p256) --purpose client leaf-p256.crt
expect 0 "" "no extendedKeyUsage allows any purpose" -- $R --untrusted int-p256.crt leaf-noeku.crt
expect 1 "certificate 1 (CN=Lab Client-Only Intermediate): extendedKeyUsage does not allow serverAuth" "intermediate EKU restricts the leaf" -- $R --untrusted int-eku-client.crt leaf-under-eku-client.crt
# --max-depth N counts intermediates as openssl verify -verify_depth N does: leaf-deep has two.
for depth in 0 1 2 3; do
    "$GLASS" verify $R --untrusted scrambled-intermediates.pem --max-depth "$depth" leaf-deep.crt >/dev/null 2>&1
    glass_rc=$?
    openssl verify -verify_depth "$depth" -CAfile roots.pem -untrusted scrambled-intermediates.pem leaf-deep.crt >/dev/null 2>&1
    openssl_rc=$?
    check "--max-depth $depth on a path with two intermediates: the verdict of openssl verify -verify_depth $depth (exit $openssl_rc)" \
        test "$((glass_rc == 0))" -eq "$((openssl_rc == 0))"
done
expect 1 "certificate 2 (CN=Lab Intermediate Deep 1): the path needs more than 1 intermediate certificates" "--max-depth 1 refuses two intermediates" \
    -- $R --untrusted scrambled-intermediates.pem --max-depth 1 leaf-deep.crt
expect 0 "" "--max-depth 2 accepts leaf + two intermediates + root" -- $R --untrusted scrambled-intermediates.pem --max-depth 2 leaf-deep.crt
check "glass verify --help says --max-depth counts intermediates as -verify_depth" \
    grep -q "as openssl verify -verify_depth N counts" <<<"$("$GLASS" verify --help)"

# ---- the SEED PKI lab: stock openssl req -x509 and openssl ca, the stock openssl.cnf ------------------------------
# A root with no keyUsage (v3_ca), a leaf with no extendedKeyUsage (usr_cert), AKI "keyid:always,issuer" in
# the root and "keyid,issuer" in the leaf (OpenSSL 3 writes the keyid only, and the root's AKI equals its
# SKI): what the lab's students make must keep verifying.
mkdir seed && (
    cd seed || exit 1
    cp /etc/ssl/openssl.cnf myCA_openssl.cnf
    sed -i 's/^# *copy_extensions *= *copy/copy_extensions = copy/' myCA_openssl.cnf
    mkdir -p demoCA/certs demoCA/crl demoCA/newcerts && touch demoCA/index.txt && echo 1000 >demoCA/serial
    openssl req -x509 -newkey rsa:2048 -sha256 -days 3650 -keyout ca.key -out ca.crt -config myCA_openssl.cnf \
        -subj "/CN=www.modelCA.com/O=Model CA LTD./C=US" -passout pass:dees
    openssl req -newkey rsa:2048 -sha256 -keyout server.key -out server.csr -config myCA_openssl.cnf \
        -subj "/CN=www.bank32.com/O=Bank32 Inc./C=US" -passout pass:dees \
        -addext "subjectAltName = DNS:www.bank32.com, DNS:www.bank32A.com"
    openssl ca -config myCA_openssl.cnf -policy policy_anything -md sha256 -days 3650 -in server.csr -out server.crt \
        -batch -cert ca.crt -keyfile ca.key -passin pass:dees
) >/dev/null 2>&1
check "the SEED root has no keyUsage, as the stock v3_ca writes it" bash -c '! openssl x509 -in seed/ca.crt -noout -text | grep -q "Key Usage"'
check "... and the leaf no extendedKeyUsage (usr_cert), an authorityKeyIdentifier and CA:FALSE" \
    bash -c 't=$(openssl x509 -in seed/server.crt -noout -text); ! grep -q "Extended Key Usage" <<<"$t" && grep -q "Authority Key Identifier" <<<"$t" && grep -q "CA:FALSE" <<<"$t"'
expect 0 "(trust anchor)" "the SEED lab's openssl ca certificate verifies under its openssl req -x509 root" \
    -- --cafile seed/ca.crt --host www.bank32A.com seed/server.crt

# ---- unreadable input: exit 2 ----------------------------------------------------------------------------
expect 2 "cannot read" "missing leaf file" -- $R no-such-file.crt
expect 2 "no certificate found" "a key is not a certificate" -- $R leaf-rsa.key
head -c 300 leaf-rsa.crt >truncated.crt
echo "-----END CERTIFICATE-----" >>truncated.crt
expect 2 "" "truncated PEM" -- $R truncated.crt
expect 2 "--at" "bad --at is a usage error" -- $R --at yesterday leaf-rsa.crt

# ---- glass x509 agrees with openssl x509 --------------------------------------------------------------------
for c in leaf-rsa leaf-p256 leaf-p384 leaf-ed25519 int-nc leaf-ipv6; do
    text=$("$GLASS" x509 "$c.crt")
    fp=$(openssl x509 -in "$c.crt" -noout -fingerprint -sha256 | cut -d= -f2)
    serial=$(openssl x509 -in "$c.crt" -noout -serial | cut -d= -f2 | sed 's/../&:/g; s/:$//')
    check "glass x509 $c: fingerprint and serial as openssl prints them" \
        grep -q "SHA-256 Fingerprint: $fp" <<<"$text"
    check "glass x509 $c: serial" grep -q "Serial: *$serial" <<<"$text"
done
check "glass x509 shows name constraints" grep -q "Permitted DNS:lab.test, Permitted IP Address:127.0.0.0/255.0.0.0" <<<"$("$GLASS" x509 int-nc.crt)"
check "glass x509 marks an unknown critical extension" grep -q "1.2.3.4.5 (critical).*not understood" <<<"$("$GLASS" x509 leaf-critical-unknown.crt)"
json=$("$GLASS" x509 --json leaf-rsa.crt)
check "glass x509 --json has getpeercert() keys" grep -q '"subject": \[\[\["organizationName", "glasstls lab"\]\], \[\["commonName", "www.lab.test"\]\]\]' <<<"$json"
check "glass x509 --json subjectAltName" grep -q '"subjectAltName": \[\["DNS", "www.lab.test"\], \["DNS", "lab.test"\], \["IP Address", "127.0.0.1"\]\]' <<<"$json"
check "glass x509 --json: serialNumber in upper-case hex without colons, as getpeercert() writes it" \
    grep -qE '"serialNumber": "[0-9A-F]+"' <<<"$json"
check "glass x509 --json: notBefore/notAfter as getpeercert() writes them ('Jan  5 09:34:43 2018 GMT')" \
    grep -qE '"notBefore": "[A-Z][a-z]{2} [ 1-3][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2} [0-9]{4} GMT", "notAfter": "[A-Z][a-z]{2} [ 1-3][0-9] ' <<<"$json"
# Python's own decoder (ssl._ssl._test_decode_cert returns what getpeercert() would) on every lab
# certificate: each key it gives, glass x509 --json gives with the same value.
check "glass x509 --json equals Python's getpeercert() on every key it has, for every lab certificate" /usr/bin/python3 - "$GLASS" ./*.crt <<'PY'
import json, ssl, subprocess, sys
def lists(x):
    return [lists(i) for i in x] if isinstance(x, (list, tuple)) else x
bad = 0
for path in sys.argv[2:]:
    try:
        want = ssl._ssl._test_decode_cert(path)
    except ssl.SSLError:
        continue   # a certificate OpenSSL itself cannot read
    got = json.loads(subprocess.run([sys.argv[1], "x509", "--json", path], capture_output=True, text=True).stdout)
    for key, value in want.items():
        if lists(value) != got.get(key):
            print("    %s: %s is %r in Python, %r in glass" % (path, key, value, got.get(key)))
            bad += 1
sys.exit(1 if bad else 0)
PY
if command -v python3 >/dev/null; then
    check "glass x509 --json of a chain is valid JSON (an array)" python3 -c 'import json,sys; assert len(json.load(sys.stdin)) == 2' <<<"$("$GLASS" x509 --json leaf-rsa.chain.pem)"
fi
"$GLASS" x509 truncated.crt >/dev/null 2>&1
check "glass x509 on a truncated certificate exits 2" test $? -eq 2

# ---- encrypted keys, made as the SEED PKI lab makes them: glass server --key-pass -------------------
PORT=$(first_port $(($$ * 17)))
SERVERS=()
trap 'for p in "${SERVERS[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$P"' EXIT
# sign CSR ISSUER NAME: NAME.crt for www.lab.test, and NAME.chain.pem with ISSUER after it
sign() {
    printf 'subjectAltName=DNS:www.lab.test\nextendedKeyUsage=serverAuth\n' >"$3.ext"
    openssl x509 -req -in "$1" -CA "$2.crt" -CAkey "$2.key" -CAcreateserial -days 30 -sha256 -extfile "$3.ext" -out "$3.crt" 2>/dev/null
    cat "$3.crt" "$2.crt" >"$3.chain.pem"
}
# s_client_ok NAME: openssl s_client completes a verified handshake with the glass server just started
s_client_ok() {
    local out
    out=$(timeout 20 openssl s_client -connect "127.0.0.1:$PORT" -servername www.lab.test -CAfile roots.pem \
        -verify_return_error -no_tls1_3 </dev/null 2>&1)
    if grep -q "Verify return code: 0 (ok)" <<<"$out"; then ok "$1"; else bad "$1" "$out"; fi
}
openssl req -newkey rsa:2048 -sha256 -keyout seed.key -out seed.csr -subj "/CN=www.lab.test" -passout pass:dees 2>/dev/null
sign seed.csr int-rsa seed
check "openssl req -newkey -passout writes a PKCS#8 ENCRYPTED PRIVATE KEY" grep -q "BEGIN ENCRYPTED PRIVATE KEY" seed.key
glass_server seed.log --cert seed.chain.pem --key seed.key --key-pass pass:dees --naccept 1
s_client_ok "glass server --key-pass pass:dees serves with that key; openssl s_client connects and verifies"

out=$("$GLASS" server --cert seed.chain.pem --key seed.key --key-pass pass:wrong --port "$PORT" 2>&1); rc=$?
check "a wrong --key-pass: exit 1" test "$rc" -eq 1
check "... and one sentence" test "$out" = "glass server: seed.key: cannot decrypt the private key: wrong pass phrase?"
out=$("$GLASS" server --cert seed.chain.pem --key seed.key --port "$PORT" 2>&1); rc=$?
check "no --key-pass for an encrypted key: exit 2, the advice named" \
    bash -c '[ "$1" -eq 2 ] && grep -q "seed.key: the private key is encrypted .* no pass phrase was given" <<<"$2"' _ "$rc" "$out"
out=$("$GLASS" server --cert seed.chain.pem --key seed.key --key-pass dees --port "$PORT" 2>&1); rc=$?
check "--key-pass without pass:, env: or file: is a usage error (exit 2)" test "$rc" -eq 2

# Legacy PEM encryption (Proc-Type/DEK-Info): an EC key from `openssl ecparam -genkey | openssl ec -aes256`,
# its pass phrase from the environment; an RSA key from `openssl rsa -aes256 -traditional`, in one file
# with its certificate chain, its pass phrase from a file.
openssl ecparam -genkey -name prime256v1 | openssl ec -aes256 -passout pass:dees -out ec-legacy.key 2>/dev/null
openssl req -new -key ec-legacy.key -passin pass:dees -subj "/CN=www.lab.test" -out ec-legacy.csr 2>/dev/null
sign ec-legacy.csr int-p256 ec-legacy
check "openssl ec -aes256 writes Proc-Type: 4,ENCRYPTED" grep -q "^DEK-Info: AES-256-CBC," ec-legacy.key
export SEED_KEY_PASS=dees
glass_server ec-legacy.log --cert ec-legacy.chain.pem --key ec-legacy.key --key-pass env:SEED_KEY_PASS --naccept 1
s_client_ok "a legacy-encrypted EC key, --key-pass env:VAR: openssl s_client connects"

openssl rsa -in seed.key -passin pass:dees -aes256 -traditional -passout pass:dees -out rsa-legacy.key 2>/dev/null
cat seed.chain.pem rsa-legacy.key >both.pem
echo dees >pass.txt
glass_server both.log --cert both.pem --key both.pem --key-pass file:pass.txt --naccept 1
s_client_ok "certificate chain and legacy-encrypted RSA key in one file, --key-pass file:PATH: openssl s_client connects"

# ---- glass client: RFC 9525 §6.3 by default, --cn-fallback on request, the trace says which -----------------
cat leaf-cn-only.crt int-p256.crt >cn-only.chain.pem
glass_server cn1.log --cert cn-only.chain.pem --key leaf-cn-only.key --naccept 1
out=$(timeout 20 "$GLASS" client "127.0.0.1:$PORT" --servername cn.lab.test --cafile roots.pem </dev/null 2>&1); rc=$?
check "glass client refuses a certificate that names the host only in its CN (exit $rc)" test "$rc" -ne 0
check "... saying the CN would match but RFC 9525 §6.3 forbids it" grep -qF "its CN 'cn.lab.test' would match, but RFC 9525 §6.3 forbids CN matching (--cn-fallback allows it)" <<<"$out"
glass_server cn2.log --cert cn-only.chain.pem --key leaf-cn-only.key --naccept 1
out=$(timeout 20 "$GLASS" client "127.0.0.1:$PORT" --servername cn.lab.test --cafile roots.pem --cn-fallback --trace </dev/null 2>&1); rc=$?
check "glass client --cn-fallback accepts it (exit $rc)" test "$rc" -eq 0
check "... and the trace says the CN decided" grep -qF "matched by the CN 'cn.lab.test': the certificate has no subjectAltName, and --cn-fallback allows what RFC 9525 §6.3 forbids" <<<"$out"

# ---- glass proxy: the real server is verified per RFC 9525 §6.3 too; --cn-fallback on request -----------------------
"$GLASS" ca init proxy-ca --key rsa --name "CN=Proxy Lab CA" >/dev/null
glass_server cn3.log --cert cn-only.chain.pem --key leaf-cn-only.key --naccept 2
UPSTREAM=$PORT
# proxy_fetch LOG PROXY-ARGS…: one curl request for https://cn.lab.test/ through a fresh proxy to the CN-only server
proxy_fetch() {
    local log=$1
    shift
    PORT=$((PORT + 1))
    "$GLASS" proxy --listen "$PORT" --ca proxy-ca --cafile roots.pem --upstream "127.0.0.1:$UPSTREAM" --naccept 1 "$@" >"$log" 2>&1 &
    SERVERS+=($!)
    for _ in $(seq 200); do grep -q "listening on" "$log" && break; sleep 0.02; done
    timeout 20 curl -sS --cacert proxy-ca/ca.pem --resolve "cn.lab.test:$PORT:127.0.0.1" "https://cn.lab.test:$PORT/" >/dev/null 2>&1
    sleep 0.3
}
proxy_fetch proxy-default.log
check "glass proxy refuses a real server that names the host only in its CN" \
    grep -qF "REFUSED: the real server failed verification" proxy-default.log
check "... saying RFC 9525 §6.3 forbids the CN match" grep -qF "RFC 9525 §6.3 forbids CN matching (--cn-fallback allows it)" proxy-default.log
proxy_fetch proxy-fallback.log --cn-fallback
check "glass proxy --cn-fallback verifies it" grep -q "upstream verified: CN=cn.lab.test" proxy-fallback.log

finish
