#!/usr/bin/env bash
# Makes certificates that exercise every part of getpeercert()'s dictionary
# the lab PKI does not: names with multi-valued RDNs, many attribute types and
# string types (UTF8String, T61String, BMPString, UniversalString,
# NumericString, BIT STRING), every subjectAltName form, authorityInfoAccess,
# cRLDistributionPoints, awkward serials and dates on both sides of 2050.
# check_getpeercert.py compares glasstls's dictionary with CPython's on them.
#
#   tests/python/make-cert-samples.sh OUTDIR      → OUTDIR/*.crt (PEM)
#
# Only openssl is used. Most certificates are issued by a samples CA; the
# dated ones go through `openssl ca` (the only command that takes explicit
# dates), and the one whose names no openssl command can write is assembled
# from an ASN.1 description (asn1parse -genconf) and signed with openssl dgst.
set -eu
mkdir -p "${1:?usage: make-cert-samples.sh OUTDIR}"
D=$(cd "$1" && pwd)
cd "$D"
export LC_ALL=C.UTF-8

# Runs an openssl command, showing its chatter only when it fails.
quiet() {
    local out
    out=$("$@" 2>&1) || { printf '%s\n' "$out" >&2; return 1; }
}

# A config with one [ext] section (printf escapes in $1) and the string mask
# $2 (utf8only, pkix, default): the mask picks the ASN.1 type of each value.
# customAttribute names an OID OpenSSL does not know, for a subject.
config() {
    printf 'oid_section = oids\n[oids]\ncustomAttribute = 1.2.3.4.5\n[req]\ndistinguished_name = dn\nstring_mask = %s\nutf8 = yes\n[dn]\n[ext]\n%b\n' \
        "${2:-utf8only}" "$1" >"$D/tmp.cnf"
}

quiet openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out samples.key
KEY=samples.key
quiet openssl req -x509 -new -key $KEY -subj "/C=ZZ/O=glasstls samples/CN=Samples CA" -days 3650 -set_serial 1 -out ca.crt

# issue NAME SUBJECT EXT [SERIAL [MASK]]: a certificate from the samples CA.
issue() {
    config "$3" "${5:-utf8only}"
    quiet openssl req -new -key $KEY -config tmp.cnf -subj "$2" -out "$1.csr"
    quiet openssl x509 -req -in "$1.csr" -CA ca.crt -CAkey $KEY -set_serial "${4:-0x1001}" -days 365 \
        -extfile tmp.cnf -extensions ext -out "$1.crt"
    rm -f "$1.csr"
}

# ---- Names -------------------------------------------------------------------
issue names-many-attributes "/DC=org/DC=example/C=FR/ST=Ile-de-France/L=Paris/street=1 Rue de Rivoli/postalCode=75001\
/O=Example SA/OU=Sales+OU=Ops+CN=multi.example/title=Dr/GN=Ann/SN=Lee/UID=alee/serialNumber=12345\
/emailAddress=admin@example.org/jurisdictionC=FR/businessCategory=Private Organization/customAttribute=custom oid" \
    "basicConstraints=CA:FALSE"
issue strings-utf8 "/CN=Zürich Straße/O=東京タワー/OU=𝄞 music/L=Zoë" "basicConstraints=CA:FALSE"
# The "default" mask picks T61String (read as Latin-1) when every character
# fits in a byte, then BMPString; a non-BMP character stays UTF8String.
issue strings-t61-bmp "/CN=Zürich/O=東京タワー/OU=𝄞 music/L=plain ascii" "basicConstraints=CA:FALSE" 0x1002 default
issue strings-bmp-pkix "/CN=Zoë Ålesund/O=Ελληνικά" "basicConstraints=CA:FALSE" 0x1003 pkix

# ---- subjectAltName ----------------------------------------------------------
issue san-every-form "/CN=san.example" "subjectAltName=@san\n[san]\nDNS.1=san.example\nDNS.2=*.wild.example\
\nIP.1=192.0.2.1\nIP.2=2001:db8::1\nIP.3=::1\nIP.4=::\nIP.5=fe80::abcd:ef01:0:2\nIP.6=::ffff:198.51.100.7\
\nemail.1=user@example.org\nURI.1=https://example.org/path?q=1\nURI.2=ldap://ldap.example/cn=x\
\ndirName.1=dir_sect\nRID.1=1.2.3.4.5\nRID.2=1.3.6.1.5.5.7.3.1\nRID.3=2.5.4.3\
\notherName.1=1.3.6.1.4.1.311.20.2.3;UTF8:upn@example.org\notherName.2=1.3.6.1.5.5.7.8.5;UTF8:xmpp@example.org\
\notherName.3=1.3.6.1.5.5.7.8.9;UTF8:smtp@example.org\notherName.4=1.3.6.1.5.5.7.8.7;IA5:_https.example.org\
\notherName.5=1.3.6.1.5.5.7.8.8;UTF8:example.org\notherName.6=1.2.3.4;UTF8:unknown type\
\notherName.7=1.3.6.1.4.1.311.20.2.3;IA5:wrong string type\
\n[dir_sect]\nC=DE\nO=Dir Org\nCN=Dir Name"
# Forms no config line writes, given as DER: dNSName [2] "nul\0x.example"
# (a NUL byte), [2] "café.example" (UTF-8 where IA5String is due) and
# iPAddress [7] 10.0.0.0/255.0.0.0 (8 bytes, an address with a mask).
issue san-raw "/CN=raw.example" "subjectAltName=DER:3028\
820d6e756c00782e6578616d706c65\
820d636166c3a92e6578616d706c65\
87080a000000ff000000"
# [2] "bad\xff.example": CPython cannot decode it (UnicodeDecodeError), nor may glasstls.
issue san-not-utf8 "/CN=bad.example" "subjectAltName=DER:300e820c626164ff2e6578616d706c65"

# ---- authorityInfoAccess, cRLDistributionPoints --------------------------------
issue aia-crldp "/CN=aia.example" "authorityInfoAccess=OCSP;URI:http://ocsp.example/,OCSP;URI:http://ocsp2.example/\
,caIssuers;URI:http://ca.example/ca.crt,caIssuers;URI:ldap://ca.example/cn=ca,OCSP;DNS:not-a-uri.example\
\ncrlDistributionPoints=URI:http://crl.example/a.crl,URI:http://crl.example/b.crl,dp_full,dp_relative\
\n[dp_full]\nfullname=dirName:dp_dir,URI:http://crl.example/full.crl\nreasons=keyCompromise\
\nCRLissuer=URI:http://issuer.example/\n[dp_dir]\nCN=CRL Dir\n[dp_relative]\nrelativename=dp_rdn\n[dp_rdn]\nCN=relative"
issue aia-ocsp-only "/CN=ocsp.example" "authorityInfoAccess=OCSP;URI:http://ocsp.example/"
# No URI anywhere: OCSP, caIssuers and crlDistributionPoints stay out of the dictionary.
issue aia-no-uri "/CN=nouri.example" "authorityInfoAccess=caIssuers;dirName:dp_dir\
\ncrlDistributionPoints=dp_full\n[dp_full]\nfullname=dirName:dp_dir\n[dp_dir]\nCN=only a name"

# ---- serialNumber ------------------------------------------------------------
issue serial-high-bit "/CN=serial" "basicConstraints=CA:FALSE" 0x8f00112233445566778899aabbccddeeff0011
issue serial-small "/CN=serial" "basicConstraints=CA:FALSE" 1
issue serial-odd-length "/CN=serial" "basicConstraints=CA:FALSE" 0xabc
issue serial-zero "/CN=serial" "basicConstraints=CA:FALSE" 0
issue serial-negative "/CN=serial" "basicConstraints=CA:FALSE" -0x80
# OpenSSL breaks its line after 35 bytes, and CPython keeps the first line.
issue serial-35-bytes "/CN=serial" "basicConstraints=CA:FALSE" 0x$(printf '5a%.0s' $(seq 35))
issue serial-40-bytes "/CN=serial" "basicConstraints=CA:FALSE" 0x$(printf 'a5%.0s' $(seq 40))

# ---- A version 1 certificate: no extensions --------------------------------------
quiet openssl req -new -key $KEY -subj "/CN=version one" -out v1.csr
quiet openssl x509 -req -in v1.csr -CA ca.crt -CAkey $KEY -set_serial 7 -days 30 -out version-1.crt
rm -f v1.csr

# ---- Dates: UTCTime through 2049, GeneralizedTime before 1950 and from 2050 ----
mkdir -p ca-db
cat >ca-db/ca.cnf <<EOF
[ca]
default_ca = s
[s]
database = $D/ca-db/index.txt
new_certs_dir = $D/ca-db
serial = $D/ca-db/serial
default_md = sha256
policy = any
unique_subject = no
preserve = yes
[any]
commonName = supplied
EOF
dated() {   # NAME START END
    : >ca-db/index.txt
    echo 2001 >ca-db/serial
    quiet openssl req -new -key $KEY -subj "/CN=$1" -out "$1.csr"
    quiet openssl ca -batch -config ca-db/ca.cnf -cert ca.crt -keyfile $KEY -in "$1.csr" -startdate "$2" -enddate "$3" \
        -notext -out "$1.crt"
    rm -f "$1.csr"
}
dated dates-1949-2050 19491231235959Z 20500101000000Z
dated dates-1950-2049 19500101000000Z 20491231235959Z
dated dates-single-digit-day 20240305010203Z 20990909090909Z
dated dates-year-9999 20000229120000Z 99991231235959Z
rm -rf ca-db

# ---- Names no openssl command writes (asn1parse -genconf, then signed) ----------
# An issuer of NumericString, UniversalString (U+1D11E), a T61String and an
# IA5String with bytes above 0x7f (OpenSSL reads both as Latin-1) in one RDN,
# and a BIT STRING x500UniqueIdentifier with unused bits; an empty subject.
# The raw strings are OCTET STRINGs retagged (IMPLICIT:nnU), as genconf takes
# hex only for those. The same sections write the tbsCertificate, which
# openssl dgst signs, and then the Certificate around it.
POINT=$(openssl pkey -in $KEY -pubout -outform DER | od -An -v -tx1 | tr -d ' \n' | tail -c 130)
cat >crafted.cnf <<EOF
[cert]
tbs = SEQUENCE:tbs
alg = SEQUENCE:alg
sig = FORMAT:HEX,BITSTRING:SIGNATURE
[tbs]
version = EXPLICIT:0,INTEGER:2
serial = INTEGER:0x00ff
sig = SEQUENCE:alg
issuer = SEQUENCE:issuer
validity = SEQUENCE:validity
subject = SEQUENCE:empty
spki = SEQUENCE:spki
[alg]
oid = OID:ecdsa-with-SHA256
[spki]
alg = SEQUENCE:spki_alg
key = FORMAT:HEX,BITSTRING:$POINT
[spki_alg]
type = OID:id-ecPublicKey
curve = OID:prime256v1
[validity]
from = UTCTIME:240101000000Z
to = GENTIME:20991231235959Z
[empty]
[issuer]
r1 = SET:numeric
r2 = SET:universal
r3 = SET:latin1
r4 = SET:bits
[numeric]
a = SEQUENCE:numeric_atv
[numeric_atv]
type = OID:serialNumber
value = NUMERICSTRING:0123 456
[universal]
a = SEQUENCE:universal_atv
[universal_atv]
type = OID:commonName
value = IMPLICIT:28U,FORMAT:HEX,OCTETSTRING:0001D11E000000200000004B
[latin1]
a = SEQUENCE:t61_atv
b = SEQUENCE:ia5_atv
[t61_atv]
type = OID:organizationName
value = IMPLICIT:20U,FORMAT:HEX,OCTETSTRING:4361667e20e9e8
[ia5_atv]
type = OID:emailAddress
value = IMPLICIT:22U,FORMAT:HEX,OCTETSTRING:6361666540e92e6578616d706c65
[bits]
a = SEQUENCE:bits_atv
[bits_atv]
type = OID:x500UniqueIdentifier
value = FORMAT:BITLIST,BITSTRING:0,3,9
EOF
{ echo "asn1 = SEQUENCE:tbs"; cat crafted.cnf; } >tbs.cnf
openssl asn1parse -genconf tbs.cnf -noout -out tbs.der
SIGNATURE=$(openssl dgst -sha256 -sign $KEY tbs.der | od -An -v -tx1 | tr -d ' \n')
{ echo "asn1 = SEQUENCE:cert"; sed "s/SIGNATURE\$/$SIGNATURE/" crafted.cnf; } >cert.cnf
openssl asn1parse -genconf cert.cnf -noout -out crafted.der
openssl x509 -inform DER -in crafted.der -out names-crafted-string-types.crt
rm -f crafted.cnf tbs.cnf cert.cnf tbs.der crafted.der
rm -f tmp.cnf
echo "samples in $D: $(ls "$D"/*.crt | wc -l) certificates"
