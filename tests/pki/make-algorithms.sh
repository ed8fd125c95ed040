#!/usr/bin/env bash
# Certificates for the algorithms of issue 18 §4 that the lab PKI does not
# hold, made by the openssl command line in OUTDIR (beside make-pki.sh's):
#   root-p521, leaf-p521          ECDSA P-521 (secp521r1), the leaf signed with SHA-512
#   root-rsapss, leaf-rsapss      RSA-PSS keys (id-RSASSA-PSS without parameters,
#                                 RFC 4055 §1.2), each certificate signed with
#                                 RSASSA-PSS (OpenSSL writes the parameters:
#                                 SHA-256, MGF1, the longest salt)
#   leaf-rsapss256                an RSA-PSS key restricted to SHA-256 (RFC 4055
#                                 §3.1 parameters), issued by root-rsapss
# (make-pki.sh's leaf-pss is another thing: a P-256 leaf under an
# RSASSA-PSS signature)
# and roots-algorithms.pem holding both roots. Leaves are for www.lab.test.
#
#   tests/pki/make-algorithms.sh OUTDIR
set -eu
PKI_LIB="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/pki-lib.sh"
mkdir -p "${1:?usage: make-algorithms.sh OUTDIR}"
cd "$1"
. "$PKI_LIB"

SERVER="basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:www.lab.test,IP:127.0.0.1"
root root-p521 p521 "/O=glasstls lab/CN=Lab Root P-521"
issue leaf-p521 root-p521 p521 "/CN=www.lab.test" "$SERVER" -sha512
root root-rsapss rsa-pss "/O=glasstls lab/CN=Lab Root RSA-PSS"
issue leaf-rsapss root-rsapss rsa-pss "/CN=www.lab.test" "$SERVER"
issue leaf-rsapss256 root-rsapss rsa-pss-sha256 "/CN=www.lab.test" "$SERVER"
cat root-p521.crt root-rsapss.crt >roots-algorithms.pem
