#!/usr/bin/env bash
# Generates the lab PKI: RSA, ECDSA P-256/P-384 and Ed25519 roots,
# intermediates and leaves, plus one certificate for each rule glass verify
# enforces (both ways). Used by the test suites and the demo.
#
# The lab's own certificates — the RSA, P-256 and Ed25519 roots, their
# intermediates, the leaves the servers use and the client certificate — are
# made by `glass ca` (glasstls's own DER writer), and each chain is then
# checked by `openssl verify -x509_strict`, an independent judge. The rest
# (P-384, and the deliberately broken certificates only openssl's options can
# make) come from the openssl command line. Without a built glass (GLASS, or
# build/glass), everything comes from openssl.
#
#   tests/pki/make-pki.sh OUTDIR
#
# Every certificate NAME has NAME.crt and NAME.key in OUTDIR; chains are
# NAME.chain.pem (leaf + intermediates).
set -eu
PKI_LIB="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/pki-lib.sh"
mkdir -p "${1:?usage: make-pki.sh OUTDIR}"
D=$(cd "$1" && pwd)
cd "$D"

. "$PKI_LIB"

# Like issue, but with explicit validity (openssl ca): issue_dated NAME ISSUER KEYTYPE SUBJECT EXT START END
issue_dated() {
    local name=$1 issuer=$2 keytype=$3 subject=$4 ext=$5 start=$6 end=$7
    genkey "$name" "$keytype"
    openssl req -new -key "$name.key" -subj "$subject" -out "$name.csr" 2>/dev/null
    printf '[v3]\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n%b\n' "$ext" >"$name.ext"
    mkdir -p ca-db
    : >ca-db/index.txt
    cat >ca-db/ca.cnf <<CNF
[ca]
default_ca = lab
[lab]
database = $D/ca-db/index.txt
new_certs_dir = $D/ca-db
default_md = sha256
policy = any
unique_subject = no
rand_serial = yes
[any]
commonName = supplied
CNF
    openssl ca -batch -config ca-db/ca.cnf -cert "$issuer.crt" -keyfile "$issuer.key" -in "$name.csr" \
        -startdate "$start" -enddate "$end" -extfile "$name.ext" -extensions v3 -notext -out "$name.crt" 2>/dev/null
    rm -f "$name.csr"
}

chain() {   # name cert…  (leaf first)
    local out=$1
    shift
    cat "$@" >"$out.chain.pem"
}

CA="basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign"
SERVER="basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth"
SAN="subjectAltName=DNS:www.lab.test,DNS:lab.test,IP:127.0.0.1"

GLASS_CA=${GLASS:-$(dirname "$PKI_LIB")/../../build/glass}
[ -x "$GLASS_CA" ] || GLASS_CA=

# glass_root NAME KEY "NAME SPEC" / glass_issue NAME ISSUER KEY "NAME SPEC" [glass ca issue flags…]:
# certificates by glass ca, stored as NAME.crt and NAME.key like the others.
glass_root() {
    "$GLASS_CA" ca init "ca-$1" --key "$2" --name "$3" --days 3650 >/dev/null
    cp "ca-$1/ca.pem" "$1.crt" && cp "ca-$1/ca.key" "$1.key"
}
glass_issue() {
    local name=$1 issuer=$2 key=$3 subject=$4
    shift 4
    mkdir -p "ca-$name"
    "$GLASS_CA" ca issue "ca-$issuer" --name "$subject" --key "$key" --days 825 --out "ca-$name/ca" "$@" >/dev/null
    openssl x509 -in "ca-$name/ca.pem" -out "$name.crt"   # the certificate alone; chains are built below
    cp "ca-$name/ca.key" "$name.key"
}

# ---- roots ------------------------------------------------------------------------
if [ -n "$GLASS_CA" ]; then
    glass_root root-rsa rsa "O=glasstls lab, CN=Lab Root RSA"
    glass_root root-p256 ecdsa "O=glasstls lab, CN=Lab Root P-256"
    glass_root root-ed25519 ed25519 "O=glasstls lab, CN=Lab Root Ed25519"
else
    root root-rsa rsa "/O=glasstls lab/CN=Lab Root RSA"
    root root-p256 p256 "/O=glasstls lab/CN=Lab Root P-256"
    root root-ed25519 ed25519 "/O=glasstls lab/CN=Lab Root Ed25519"
fi
root root-p384 p384 "/O=glasstls lab/CN=Lab Root P-384"
root other-root p256 "/O=Somebody Else/CN=Other Root"
# Same name as root-rsa, different key: a path through it must fail and the
# builder must try the real one.
root impostor-root p256 "/O=glasstls lab/CN=Lab Root RSA"

# ---- intermediates -------------------------------------------------------------------
if [ -n "$GLASS_CA" ]; then   # (glass ca's intermediates carry pathLenConstraint 0)
    glass_issue int-rsa root-rsa rsa "O=glasstls lab, CN=Lab Intermediate RSA" --intermediate
    glass_issue int-p256 root-p256 ecdsa "O=glasstls lab, CN=Lab Intermediate P-256" --intermediate
    glass_issue int-ed25519 root-ed25519 ed25519 "O=glasstls lab, CN=Lab Intermediate Ed25519" --intermediate
else
    issue int-rsa root-rsa rsa "/O=glasstls lab/CN=Lab Intermediate RSA" "$CA\nbasicConstraints=critical,CA:TRUE,pathlen:0"
    issue int-p256 root-p256 p256 "/O=glasstls lab/CN=Lab Intermediate P-256" "$CA"
    issue int-ed25519 root-ed25519 ed25519 "/O=glasstls lab/CN=Lab Intermediate Ed25519" "$CA"
fi
issue int-p384 root-p384 p384 "/O=glasstls lab/CN=Lab Intermediate P-384" "$CA"
issue int-deep root-p256 p256 "/CN=Lab Intermediate Deep 1" "$CA"
issue int-deep2 int-deep p256 "/CN=Lab Intermediate Deep 2" "$CA"
issue int-sub-of-pathlen0 int-rsa p256 "/CN=Lab Sub-Intermediate" "$CA"
issue int-noca root-p256 p256 "/CN=Lab Not A CA" "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,keyCertSign"
issue int-nokeycertsign root-p256 p256 "/CN=Lab No KeyCertSign" "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,digitalSignature"
issue int-nc root-p256 p256 "/CN=Lab Constrained" "$CA\nnameConstraints=critical,permitted;DNS:lab.test,permitted;IP:127.0.0.0/255.0.0.0"
issue int-nc-excluded root-p256 p256 "/CN=Lab Constrained Excluding" "$CA\nnameConstraints=critical,excluded;DNS:bad.lab.test"
issue int-eku-client root-p256 p256 "/CN=Lab Client-Only Intermediate" "$CA\nextendedKeyUsage=clientAuth"
issue_dated int-expired root-rsa p256 "/CN=Lab Expired Intermediate" "$CA" 20200101000000Z 20210101000000Z
issue int-by-impostor impostor-root p256 "/CN=Lab Intermediate RSA" "$CA"

# ---- leaves ------------------------------------------------------------------------------
if [ -n "$GLASS_CA" ]; then
    SANS="--san DNS:www.lab.test --san DNS:lab.test --san IP:127.0.0.1"
    glass_issue leaf-rsa int-rsa rsa "O=glasstls lab, CN=www.lab.test" $SANS
    glass_issue leaf-p256 int-p256 ecdsa "CN=www.lab.test" $SANS
    glass_issue leaf-ed25519 int-ed25519 ed25519 "CN=www.lab.test" $SANS
    glass_issue leaf-clientauth int-p256 ecdsa "CN=Lab Client" --client
    # The independent judge: every chain glass ca made, as openssl sees it.
    for leaf in rsa:rsa p256:p256 ed25519:ed25519; do
        openssl verify -x509_strict -CAfile "root-${leaf#*:}.crt" -untrusted "int-${leaf#*:}.crt" "leaf-${leaf%%:*}.crt" >/dev/null ||
            { echo "make-pki: openssl verify -x509_strict rejects glass ca's leaf-${leaf%%:*}" >&2; exit 1; }
    done
    openssl verify -x509_strict -purpose sslclient -CAfile root-p256.crt -untrusted int-p256.crt leaf-clientauth.crt >/dev/null ||
        { echo "make-pki: openssl verify -x509_strict rejects glass ca's client certificate" >&2; exit 1; }
else
    issue leaf-rsa int-rsa rsa "/O=glasstls lab/CN=www.lab.test" "$SERVER\n$SAN"
    issue leaf-p256 int-p256 p256 "/CN=www.lab.test" "$SERVER\n$SAN"
    issue leaf-ed25519 int-ed25519 ed25519 "/CN=www.lab.test" "$SERVER\n$SAN"
    issue leaf-clientauth int-p256 p256 "/CN=Lab Client" "basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth"
fi
issue leaf-p384 int-p384 p384 "/CN=www.lab.test" "$SERVER\n$SAN"
issue leaf-wildcard int-p256 p256 "/CN=*.lab.test" "$SERVER\nsubjectAltName=DNS:*.lab.test"
issue leaf-cn-only int-p256 p256 "/CN=cn.lab.test" "basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth"
issue leaf-cn-differs int-p256 p256 "/CN=cn.lab.test" "$SERVER\nsubjectAltName=DNS:san.lab.test"
issue leaf-ipv6 int-p256 p256 "/CN=ipv6 server" "$SERVER\nsubjectAltName=IP:::1,DNS:localhost"
issue leaf-noeku int-p256 p256 "/CN=www.lab.test" "basicConstraints=CA:FALSE\n$SAN"
issue leaf-critical-unknown int-p256 p256 "/CN=www.lab.test" "$SERVER\n$SAN\n1.2.3.4.5=critical,DER:05:00"
issue leaf-sha1 int-rsa p256 "/CN=www.lab.test" "$SERVER\n$SAN" -sha1
issue leaf-pss int-rsa p256 "/CN=www.lab.test" "$SERVER\n$SAN" -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:digest
issue leaf-under-pathlen int-sub-of-pathlen0 p256 "/CN=www.lab.test" "$SERVER\n$SAN"
issue leaf-deep int-deep2 p256 "/CN=www.lab.test" "$SERVER\n$SAN"
issue leaf-under-noca int-noca p256 "/CN=www.lab.test" "$SERVER\n$SAN"
issue leaf-under-nokeycertsign int-nokeycertsign p256 "/CN=www.lab.test" "$SERVER\n$SAN"
issue leaf-nc-ok int-nc p256 "/CN=www.lab.test" "$SERVER\nsubjectAltName=DNS:www.lab.test,IP:127.0.0.1"
issue leaf-nc-bad int-nc p256 "/CN=www.evil.example" "$SERVER\nsubjectAltName=DNS:www.evil.example"
issue leaf-nc-bad-ip int-nc p256 "/CN=www.lab.test" "$SERVER\nsubjectAltName=DNS:www.lab.test,IP:10.0.0.1"
issue leaf-nc-excluded int-nc-excluded p256 "/CN=bad.lab.test" "$SERVER\nsubjectAltName=DNS:www.bad.lab.test"
issue leaf-under-eku-client int-eku-client p256 "/CN=www.lab.test" "$SERVER\n$SAN"
issue leaf-under-expired int-expired p256 "/CN=www.lab.test" "$SERVER\n$SAN"
issue_dated leaf-expired int-p256 p256 "/CN=www.lab.test" "$SERVER\n$SAN" 20200101000000Z 20210101000000Z
issue_dated leaf-future int-p256 p256 "/CN=www.lab.test" "$SERVER\n$SAN" 20400101000000Z 20410101000000Z
issue leaf-other int-p256 p256 "/CN=www.lab.test" "$SERVER\n$SAN"
issue leaf-by-other-root other-root p256 "/CN=www.lab.test" "$SERVER\n$SAN"
issue leaf-via-impostor int-by-impostor p256 "/CN=www.lab.test" "$SERVER\n$SAN"
# Self-signed server certificate (the "just trust this one" case).
genkey leaf-self p256
openssl req -x509 -new -key leaf-self.key -sha256 -subj "/CN=self.lab.test" -days 365 \
    -addext "subjectAltName=DNS:self.lab.test" -out leaf-self.crt 2>/dev/null

# ---- tampered copies -------------------------------------------------------------------
# Flip one byte of the signature, and one byte inside the subject name.
tamper() {   # in out offset_from_end|name
    openssl x509 -in "$1" -outform DER -out "$2.der"
    python_free_flip "$2.der" "$3"
    openssl x509 -inform DER -in "$2.der" -out "$2" 2>/dev/null || cp "$2.der" "$2"
}
python_free_flip() {   # file offset (negative = from the end)
    local size off byte
    size=$(stat -c %s "$1")
    off=$2
    [ "$off" -lt 0 ] && off=$((size + off))
    byte=$(od -An -tu1 -j "$off" -N1 "$1" | tr -d ' ')
    printf "$(printf '\\%03o' $((byte ^ 1)))" | dd of="$1" bs=1 seek="$off" conv=notrunc 2>/dev/null
}
tamper leaf-rsa.crt leaf-tampered-signature.crt -5
# The subject CN "www.lab.test" sits inside the signed part: change it to "www.lab.tesu".
openssl x509 -in leaf-rsa.crt -outform DER -out leaf-tampered-name.der
off=$(grep -obUaP 'www\.lab\.test' leaf-tampered-name.der | head -1 | cut -d: -f1)
python_free_flip leaf-tampered-name.der $((off + 11))
openssl x509 -inform DER -in leaf-tampered-name.der -out leaf-tampered-name.crt 2>/dev/null

# ---- bundles -------------------------------------------------------------------------------
cat root-rsa.crt root-p256.crt root-p384.crt root-ed25519.crt >roots.pem
chain leaf-rsa leaf-rsa.crt int-rsa.crt
chain leaf-p256 leaf-p256.crt int-p256.crt
chain leaf-p384 leaf-p384.crt int-p384.crt
chain leaf-ed25519 leaf-ed25519.crt int-ed25519.crt
# The client certificate ready for `glass client --cert` (and s_client -cert): leaf first, then its intermediate.
chain leaf-clientauth leaf-clientauth.crt int-p256.crt
# Intermediates in a scrambled order with extras, for path building.
cat int-nc.crt int-deep2.crt int-p384.crt int-deep.crt int-rsa.crt >scrambled-intermediates.pem
mkdir -p capath
cp root-rsa.crt root-p256.crt capath/
openssl rehash capath 2>/dev/null || c_rehash capath >/dev/null 2>&1 || true
rm -rf ca-db ca-* ./*.ext ./*.der
echo "lab PKI written to $D"
