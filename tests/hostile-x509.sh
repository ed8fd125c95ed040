#!/usr/bin/env bash
# Hostile certificates (issue "Hardening", items 1, 3, 4, 5): each case is
# made with openssl here, then `glass verify` must give the expected verdict
# — quickly, and never crash. The last line is "N passed, N failed".
set -u
GLASS=$(realpath "${1:?usage: hostile-x509.sh path/to/glass}")
HERE="$(cd "$(dirname "$0")" && pwd)"
P=$(mktemp -d)
trap 'rm -rf "$P"' EXIT
cd "$P" || exit 1
. "$HERE/lib.sh"
. "$HERE/pki/pki-lib.sh"

# expect EXIT "TEXT" description -- glass verify arguments…  (a hang guard of 20 s)
expect() {
    local want_rc=$1 want_text=$2 name=$3
    shift 4
    local out rc
    out=$(timeout 20 "$GLASS" verify "$@" 2>&1)
    rc=$?
    if [ "$rc" -eq "$want_rc" ] && { [ -z "$want_text" ] || grep -qF -- "$want_text" <<<"$out"; }; then
        ok "$name"
    else
        bad "$name (exit $rc, wanted $want_rc with '$want_text')" "$out"
    fi
}

CA="basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign"
LEAF="basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth"
root root p256 "/O=hostile lab/CN=Hostile Root" >/dev/null 2>&1
R="--cafile root.crt"

# ---- 1. a malformed OID in a registeredID name: an error, not an abort ----------------
issue rid root p256 "/CN=rid.lab.test" "$LEAF\nsubjectAltName=DNS:rid.lab.test,RID:1.2.3.4"
openssl x509 -in rid.crt -outform DER -out rid.der
# 88 03 2a 03 04 is RID:1.2.3.4; 84 makes its last arc "continue" past the end.
python3 - <<'PY'
d = bytearray(open("rid.der", "rb").read())
i = d.find(bytes.fromhex("88032a0304"))
assert i > 0
d[i + 4] = 0x84
open("rid-bad.der", "wb").write(d)
PY
out=$(timeout 10 "$GLASS" x509 rid-bad.der 2>&1); rc=$?
check "a registeredID with a malformed OID is a clean error (exit 2), not an abort" test "$rc" -eq 2
check "... naming the defect" grep -q "OBJECT IDENTIFIER" <<<"$out"

# ---- 3. path building has a budget ----------------------------------------------------------------
# Ten self-issued CAs sharing one name and one key: every ordering is a
# candidate path, none reaches a trusted root.
genkey loop p256
for i in $(seq 10); do
    openssl req -x509 -new -key loop.key -sha256 -subj "/CN=Loop CA" -days 365 -set_serial "$i" \
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign" -out "loop$i.crt" 2>/dev/null
    cat "loop$i.crt" >>loops.pem
done
cp loop1.crt loop.crt
issue loop-leaf loop reuse:loop "/CN=www.lab.test" "$LEAF\nsubjectAltName=DNS:www.lab.test"
start=$(date +%s%N)
expect 1 "gave up after" "ten same-name, same-key CAs: the search gives up" -- $R --untrusted loops.pem loop-leaf.crt
took=$((($(date +%s%N) - start) / 1000000))
echo "    (path building over 10 looping CAs returned in ${took} ms)"
expect 1 "the limit is 100" "... and says what its limit is" -- $R --untrusted loops.pem loop-leaf.crt
expect 1 "the limit is 5" "--max-signature-checks sets the budget" -- $R --untrusted loops.pem --max-signature-checks 5 loop-leaf.crt

# Names x name constraints is chosen by the issuer of the chain too: 600 permitted
# subtrees and a leaf with 500 names would be 300,000 comparisons.
subtrees=$(for i in $(seq 600); do printf 'permitted;DNS:n%d.example,' "$i"; done)
issue nc-many root p256 "/CN=Many Constraints" "$CA\nnameConstraints=critical,${subtrees%,}"
names=$(for i in $(seq 500); do printf 'DNS:h%d.n1.example,' "$i"; done)
issue many-names nc-many p256 "/CN=h1.n1.example" "$LEAF\nsubjectAltName=${names%,}"
expect 1 "gave up: checking name constraints would take more than 250000 comparisons" \
    "600 name constraints x 500 names: the comparison budget stops it" -- $R --untrusted nc-many.crt many-names.crt

# Key sizes a certificate may make us compute with.
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:512 -out small.key 2>/dev/null
openssl req -new -key small.key -subj "/CN=www.lab.test" -out small.csr 2>/dev/null
printf '[v3]\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n%b\nsubjectAltName=DNS:www.lab.test\n' "$LEAF" >small.ext
openssl x509 -req -in small.csr -CA root.crt -CAkey root.key -set_serial 77 -days 30 -sha256 -extfile small.ext -extensions v3 -out small.crt 2>/dev/null
expect 1 "512-bit modulus" "a 512-bit RSA leaf is refused" -- $R small.crt

# ---- 4. name constraints -----------------------------------------------------------------------------
issue nc-dns root p256 "/CN=Constrained to example.com" "$CA\nnameConstraints=critical,permitted;DNS:example.com"
issue cn-google nc-dns p256 "/CN=www.google.com" "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth"
expect 1 "DNS:www.google.com is outside the permitted subtrees" "a CN used as host name is subject to DNS constraints" \
    -- $R --untrusted nc-dns.crt --host www.google.com cn-google.crt
issue cn-example nc-dns p256 "/CN=www.example.com" "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth"
expect 0 "" "... and a CN inside them is accepted (with --cn-fallback: RFC 9525 §6.3 matches no CN)" \
    -- $R --untrusted nc-dns.crt --cn-fallback --host www.example.com cn-example.crt

issue nc-dir root p256 "/CN=Constrained to O=Lab" "$CA\nnameConstraints=critical,permitted;dirName:dir_lab\n[dir_lab]\nO=Lab"
issue dir-ok nc-dir p256 "/O=Lab/CN=www.lab.test" "$LEAF\nsubjectAltName=DNS:www.lab.test"
issue dir-bad nc-dir p256 "/O=Evil/CN=www.lab.test" "$LEAF\nsubjectAltName=DNS:www.lab.test"
expect 0 "" "directoryName constraint: a subject inside" -- $R --untrusted nc-dir.crt dir-ok.crt
expect 1 "DirName:O=Evil, CN=www.lab.test is outside the permitted subtrees" "directoryName constraint: a subject outside" \
    -- $R --untrusted nc-dir.crt dir-bad.crt

issue nc-email root p256 "/CN=Constrained to lab.test mail" "$CA\nnameConstraints=critical,permitted;email:lab.test"
issue mail-bad nc-email p256 "/CN=mail" "$LEAF\nsubjectAltName=email:eve@evil.example"
issue mail-ok nc-email p256 "/CN=mail" "$LEAF\nsubjectAltName=email:alice@lab.test"
expect 1 "email:eve@evil.example is outside" "rfc822Name constraint: a mailbox outside" -- $R --untrusted nc-email.crt mail-bad.crt
expect 0 "" "rfc822Name constraint: a mailbox inside" -- $R --untrusted nc-email.crt mail-ok.crt

issue nc-uri root p256 "/CN=Constrained URIs" "$CA\nnameConstraints=critical,permitted;URI:.lab.test"
issue uri-bad nc-uri p256 "/CN=uri" "$LEAF\nsubjectAltName=URI:https://www.evil.example/x"
expect 1 "URI:https://www.evil.example/x is outside" "URI constraint: a host outside" -- $R --untrusted nc-uri.crt uri-bad.crt

issue nc-rid root p256 "/CN=Constrained RIDs" "$CA\nnameConstraints=critical,permitted;RID:1.2.3.4"
issue rid-leaf nc-rid p256 "/CN=www.lab.test" "$LEAF\nsubjectAltName=DNS:www.lab.test"
expect 1 "a form glasstls cannot process" "a constraint form glasstls cannot process fails the path" -- $R --untrusted nc-rid.crt rid-leaf.crt

issue dironly root p256 "/CN=www.lab.test" "$LEAF\nsubjectAltName=dirName:dir_only\n[dir_only]\nCN=www.lab.test"
expect 1 "does not match host" "a leaf whose only SAN is a directoryName matches no DNS host" -- $R --host www.lab.test dironly.crt

# ---- 5. RFC 5280 profile rules ----------------------------------------------------------------------
issue bc-noncrit root p256 "/CN=Non-critical BC CA" "basicConstraints=CA:TRUE\nkeyUsage=critical,keyCertSign"
issue under-bc-noncrit bc-noncrit p256 "/CN=www.lab.test" "$LEAF\nsubjectAltName=DNS:www.lab.test"
expect 1 "basicConstraints is not critical" "a CA whose basicConstraints is not critical" -- $R --untrusted bc-noncrit.crt under-bc-noncrit.crt
issue aki-crit root p256 "/CN=www.lab.test" "$LEAF\nsubjectAltName=DNS:www.lab.test\nauthorityKeyIdentifier=critical,keyid"
expect 1 "authorityKeyIdentifier is marked critical" "a critical authorityKeyIdentifier" -- $R aki-crit.crt
# No key identifiers at all: a plain extension file, without the lib's defaults.
genkey noaki p256
openssl req -new -key noaki.key -subj "/CN=www.lab.test" -out noaki.csr 2>/dev/null
printf '[v3]\n%b\nsubjectAltName=DNS:www.lab.test\nsubjectKeyIdentifier=none\nauthorityKeyIdentifier=none\n' "$LEAF" >noaki.ext
openssl x509 -req -in noaki.csr -CA root.crt -CAkey root.key -set_serial 99 -days 30 -sha256 -extfile noaki.ext -extensions v3 -out noaki.crt 2>/dev/null
expect 1 "has no authorityKeyIdentifier" "a missing authorityKeyIdentifier" -- $R noaki.crt
genkey noski p256
openssl req -new -key noski.key -subj "/CN=No SKI CA" -out noski.csr 2>/dev/null
printf '[v3]\n%b\nsubjectKeyIdentifier=none\nauthorityKeyIdentifier=keyid\n' "$CA" >noski.ext
openssl x509 -req -in noski.csr -CA root.crt -CAkey root.key -set_serial 98 -days 30 -sha256 -extfile noski.ext -extensions v3 -out noski.crt 2>/dev/null
# (its leaf names the issuer by name and serial: a CA without key identifier offers no keyid)
genkey under-noski p256
openssl req -new -key under-noski.key -subj "/CN=www.lab.test" -out u.csr 2>/dev/null
printf '[v3]\n%b\nsubjectAltName=DNS:www.lab.test\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=issuer\n' "$LEAF" >u.ext
openssl x509 -req -in u.csr -CA noski.crt -CAkey noski.key -set_serial 96 -days 30 -sha256 -extfile u.ext -extensions v3 -out under-noski.crt 2>/dev/null
expect 1 "a CA without a subjectKeyIdentifier" "a CA certificate without subjectKeyIdentifier" -- $R --untrusted noski.crt under-noski.crt
issue certsign-leaf root p256 "/CN=www.lab.test" "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyCertSign\nsubjectAltName=DNS:www.lab.test"
expect 1 "asserts keyCertSign without being a CA" "a leaf asserting keyCertSign" -- $R certsign-leaf.crt
issue empty-subject root p256 "/" "$LEAF\nsubjectAltName=DNS:www.lab.test"
expect 1 "its subject is empty" "an empty subject with a non-critical subjectAltName" -- $R empty-subject.crt
issue p192 root reuse:root "/CN=www.lab.test" "$LEAF\nsubjectAltName=DNS:www.lab.test"
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-192 -out p192.key 2>/dev/null &&
    openssl req -new -key p192.key -subj "/CN=www.lab.test" -out p192.csr 2>/dev/null &&
    printf '[v3]\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n%b\nsubjectAltName=DNS:www.lab.test\n' "$LEAF" >p192.ext &&
    openssl x509 -req -in p192.csr -CA root.crt -CAkey root.key -set_serial 97 -days 30 -sha256 -extfile p192.ext -extensions v3 -out p192.crt 2>/dev/null
expect 1 "cannot be used" "a leaf with a P-192 key is refused" -- $R p192.crt
for serial in 0 -5 0x0102030405060708090a0b0c0d0e0f101112131415; do
    issue "serial$serial" root p256 "/CN=www.lab.test" "$LEAF\nsubjectAltName=DNS:www.lab.test"
    openssl req -new -key "serial$serial.key" -subj "/CN=www.lab.test" -out s.csr 2>/dev/null
    printf '[v3]\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n%b\nsubjectAltName=DNS:www.lab.test\n' "$LEAF" >s.ext
    openssl x509 -req -in s.csr -CA root.crt -CAkey root.key -set_serial "$serial" -days 30 -sha256 -extfile s.ext -extensions v3 \
        -out "serial$serial.crt" 2>/dev/null
    expect 1 "RFC 5280 §4.1.2.2" "serial number $serial is refused" -- $R "serial$serial.crt"
done

# A DSA root in a bundle is skipped with a warning; the rest of the bundle still works.
openssl genpkey -genparam -algorithm DSA -pkeyopt dsa_paramgen_bits:2048 -out dsa.param 2>/dev/null &&
    openssl genpkey -paramfile dsa.param -out dsa.key 2>/dev/null &&
    openssl req -x509 -new -key dsa.key -sha256 -subj "/CN=DSA Root" -days 30 -out dsa.crt 2>/dev/null
cat dsa.crt root.crt >with-dsa.pem
issue plain root p256 "/CN=www.lab.test" "$LEAF\nsubjectAltName=DNS:www.lab.test"
expect 0 "skipped the trusted certificate CN=DSA Root" "a DSA root in the bundle is skipped with a warning" -- --cafile with-dsa.pem plain.crt

help=$("$GLASS" verify --help)
check "glass verify --help lists --max-depth and --max-signature-checks" grep -q -- "--max-depth N.*" <<<"$help"
check "... (--max-signature-checks)" grep -q -- "--max-signature-checks" <<<"$help"

# ---- 6. trust anchors constrain (RFC 5937 §3, as OpenSSL, Go, rustls-webpki) ---------------------------
KEYIDS="subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid"
SAN="subjectAltName=DNS:www.lab.test"
# refused_anchor NAME "SUBJECT" "EXTENSION LINES" "TEXT" description [openssl req flags…]: the self-signed
# NAME, trusted alone, and a leaf for www.lab.test under it, which glass verify refuses saying TEXT
refused_anchor() {
    local name=$1 subject=$2 ext=$3 text=$4 description=$5
    shift 5
    selfsigned "$name" p256 "$subject" "$ext" "$@"
    issue "under-$name" "$name" p256 "/CN=www.lab.test" "$LEAF\n$SAN"
    expect 1 "$text" "$description" -- --cafile "$name.crt" "under-$name.crt"
}
selfsigned a-nc p256 "/CN=Anchor Excluding example.com" "$CA\n$KEYIDS\nnameConstraints=critical,excluded;DNS:example.com"
issue under-a-nc a-nc p256 "/CN=www.example.com" "$LEAF\nsubjectAltName=DNS:www.example.com"
expect 1 "certificate 0 (CN=www.example.com): DNS:www.example.com is in the excluded subtree example.com of certificate 1 (CN=Anchor Excluding example.com)'s name constraints" \
    "a root's name constraints apply to the leaf under it" -- --cafile a-nc.crt under-a-nc.crt
issue under-a-nc-ok a-nc p256 "/CN=www.lab.test" "$LEAF\n$SAN"
expect 0 "" "... and a name outside its excluded subtree passes" -- --cafile a-nc.crt under-a-nc-ok.crt
selfsigned a-nc-ip p256 "/CN=Anchor For Net 10" "$CA\n$KEYIDS\nnameConstraints=critical,permitted;IP:10.0.0.0/255.0.0.0"
issue under-a-nc-ip a-nc-ip p256 "/CN=ip" "$LEAF\nsubjectAltName=IP:192.0.2.1"
expect 1 "IP:192.0.2.1 is outside the permitted subtrees of certificate 1 (CN=Anchor For Net 10)" "a root's IP constraint: an address outside" \
    -- --cafile a-nc-ip.crt under-a-nc-ip.crt
issue under-a-nc-ip6 a-nc-ip p256 "/CN=ip6" "$LEAF\nsubjectAltName=IP:2001:db8::1"
expect 1 "IP:2001:db8::1 is outside the permitted subtrees" "an IPv6 address under IPv4-only IP constraints is outside them" \
    -- --cafile a-nc-ip.crt under-a-nc-ip6.crt
selfsigned a-nc-san p256 "/CN=Anchor For lab.test" "$CA\n$KEYIDS\nnameConstraints=critical,permitted;DNS:lab.test"
issue int-evil-san a-nc-san p256 "/CN=Lab CA With A SAN" "$CA\nsubjectAltName=DNS:ca.evil.example"
issue under-evil-san int-evil-san p256 "/CN=www.lab.test" "$LEAF\n$SAN"
expect 1 "certificate 1 (CN=Lab CA With A SAN): DNS:ca.evil.example is outside the permitted subtrees of certificate 2" \
    "name constraints apply to an intermediate's own subjectAltName" -- --cafile a-nc-san.crt --untrusted int-evil-san.crt under-evil-san.crt
selfsigned a-pathlen0 p256 "/CN=Anchor pathlen 0" "basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign\n$KEYIDS"
issue int-under-pathlen0 a-pathlen0 p256 "/CN=Lab Intermediate" "$CA"
issue under-pathlen0 int-under-pathlen0 p256 "/CN=www.lab.test" "$LEAF\n$SAN"
expect 1 "certificate 2 (CN=Anchor pathlen 0): pathLenConstraint 0 exceeded" "a root's pathLenConstraint applies" \
    -- --cafile a-pathlen0.crt --untrusted int-under-pathlen0.crt under-pathlen0.crt
# A self-issued intermediate (the root's name, a new key: a key rollover) counts against neither
# pathLenConstraint (RFC 5280 §4.2.1.9) nor --max-depth.
genkey rollover p256
openssl req -new -key rollover.key -subj "/CN=Anchor pathlen 0" -out rollover.csr 2>/dev/null
printf '[v3]\n%b\n' "$CA\n$KEYIDS" >rollover.ext
openssl x509 -req -in rollover.csr -CA a-pathlen0.crt -CAkey a-pathlen0.key -set_serial 4242 -days 825 -sha256 \
    -extfile rollover.ext -extensions v3 -out rollover.crt 2>/dev/null
issue under-rollover rollover p256 "/CN=www.lab.test" "$LEAF\n$SAN"
expect 0 "1: CN=Anchor pathlen 0" "a self-issued intermediate does not count against pathLenConstraint 0" \
    -- --cafile a-pathlen0.crt --untrusted rollover.crt under-rollover.crt
expect 0 "" "... nor against --max-depth 0" -- --cafile a-pathlen0.crt --untrusted rollover.crt --max-depth 0 under-rollover.crt
expect 1 "the path needs more than 0 intermediate certificates" "while a real intermediate does count against --max-depth 0" \
    -- --cafile a-nc-san.crt --untrusted int-evil-san.crt --max-depth 0 under-evil-san.crt
refused_anchor a-eku "/CN=Anchor For Clients" "$CA\n$KEYIDS\nextendedKeyUsage=clientAuth" \
    "certificate 1 (CN=Anchor For Clients): extendedKeyUsage does not allow serverAuth" "a root's extendedKeyUsage applies"
refused_anchor a-ku "/CN=Anchor Without keyCertSign" "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,digitalSignature\n$KEYIDS" \
    "certificate 1 (CN=Anchor Without keyCertSign): the trusted certificate's keyUsage lacks keyCertSign, so it anchors no path" \
    "an anchor whose keyUsage lacks keyCertSign anchors nothing"
expect 1 "[unknown_ca]" "... unknown_ca" -- --cafile a-ku.crt under-a-ku.crt
refused_anchor a-noca "/CN=Anchor Not A CA" "basicConstraints=critical,CA:FALSE\n$KEYIDS\n$SAN" \
    "certificate 1 (CN=Anchor Not A CA): the trusted certificate is not a CA (basicConstraints cA is not set), so it anchors no path" \
    "a trusted certificate with cA false anchors nothing"
expect 0 "(trust anchor)" "... but is still accepted as itself, trusted directly" -- --cafile a-noca.crt --host www.lab.test a-noca.crt
refused_anchor a-nobc "/CN=Anchor Without basicConstraints" "$KEYIDS" \
    "the trusted certificate is not a CA" "a trusted certificate without basicConstraints anchors nothing"
refused_anchor a-crit "/CN=Anchor With An Unknown Extension" "$CA\n$KEYIDS\n1.2.3.4=critical,DER:05:00" \
    "the trusted certificate has an unknown critical extension 1.2.3.4, so it anchors no path" \
    "an anchor with an unknown critical extension anchors nothing"

# ---- 7. the RFC 5280 profile on every certificate of the path, the root's included -----------------------
selfsigned a-noski p256 "/CN=Root Without SKI" "$CA\nsubjectKeyIdentifier=none\nauthorityKeyIdentifier=none"
issue_raw under-a-noski a-noski p256 "/CN=www.lab.test" "$LEAF\n$SAN\nauthorityKeyIdentifier=issuer"
expect 1 "certificate 1 (CN=Root Without SKI): it is a CA without a subjectKeyIdentifier (RFC 5280 §4.2.1.2)" \
    "a root without subjectKeyIdentifier" -- --cafile a-noski.crt under-a-noski.crt
refused_anchor a-negative "/CN=Negative Root" "$CA\n$KEYIDS" \
    "certificate 1 (CN=Negative Root): its serial number is negative" "a root with a negative serial number" -set_serial -3
selfsigned a-zero p256 "/CN=Zero Root" "$CA\n$KEYIDS" -set_serial 0
issue under-a-zero a-zero p256 "/CN=www.lab.test" "$LEAF\n$SAN"
expect 0 "(trust anchor)" "a root with serial number 0 still anchors (Go Daddy's G2 root has one)" -- --cafile a-zero.crt under-a-zero.crt
refused_anchor a-akicrit "/CN=Root With Critical AKI" "$CA\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=critical,keyid:always" \
    "certificate 1 (CN=Root With Critical AKI): its authorityKeyIdentifier is marked critical" "a root with a critical authorityKeyIdentifier"
refused_anchor a-empty "/" "$CA\n$KEYIDS\nsubjectAltName=critical,DNS:ca.lab.test" \
    "certificate 0 (CN=www.lab.test): its issuer name is empty (RFC 5280 §4.1.2.4)" "an empty issuer name"
issue ee-nc root p256 "/CN=www.lab.test" "$LEAF\n$SAN\nnameConstraints=critical,permitted;DNS:lab.test"
expect 1 "it is not a CA but has name constraints (RFC 5280 §4.2.1.10" "name constraints in an end-entity certificate" -- $R ee-nc.crt
issue int-nc-empty root p256 "/CN=Empty Constraints" "$CA\nnameConstraints=critical,DER:30:00"
issue under-nc-empty int-nc-empty p256 "/CN=www.lab.test" "$LEAF\n$SAN"
expect 1 "certificate 1 (CN=Empty Constraints): its name constraints have neither permitted nor excluded subtrees" \
    "name constraints with both subtrees absent" -- $R --untrusted int-nc-empty.crt under-nc-empty.crt
issue bad-dns-san root p256 "/CN=www.lab.test" "$LEAF\nsubjectAltName=DNS:www.lab.test,DNS:a b.lab.test"
expect 1 "its subjectAltName holds a malformed DNS:'a b.lab.test' (the label 'a b' is not letters, digits and hyphens)" \
    "a dNSName SAN that is no host name" -- $R bad-dns-san.crt
issue dot-dns-san root p256 "/CN=www.lab.test" "$LEAF\nsubjectAltName=DNS:www.lab.test."
expect 1 "malformed DNS:'www.lab.test.' (it has an empty label)" "a dNSName SAN with a trailing dot" -- $R dot-dns-san.crt
issue bad-ip-san root p256 "/CN=www.lab.test" "$LEAF\nsubjectAltName=DER:30:0a:87:08:0a:00:00:01:ff:ff:ff:ff"
expect 1 "its subjectAltName holds a malformed IP:'10.0.0.1/255.255.255.255' (8 octets, not 4 or 16)" \
    "an iPAddress SAN with a mask" -- $R bad-ip-san.crt
issue int-nc-baddns root p256 "/CN=Wildcard Constraint" "$CA\nnameConstraints=critical,permitted;DNS:*.lab.test"
issue under-nc-baddns int-nc-baddns p256 "/CN=www.lab.test" "$LEAF\n$SAN"
expect 1 "its name constraints hold a malformed DNS:'*.lab.test'" "a dNSName constraint with a wildcard" \
    -- $R --untrusted int-nc-baddns.crt under-nc-baddns.crt
issue int-nc-badmask root p256 "/CN=Odd Mask" "$CA\nnameConstraints=critical,permitted;IP:10.0.0.0/255.0.255.0"
issue under-nc-badmask int-nc-badmask p256 "/CN=www.lab.test" "$LEAF\nsubjectAltName=DNS:www.lab.test,IP:10.0.0.1"
expect 1 "its name constraints hold a malformed IP:'10.0.0.0/255.0.255.0' (its mask is not contiguous)" \
    "an IP constraint whose mask is not contiguous" -- $R --untrusted int-nc-badmask.crt under-nc-badmask.crt

finish
