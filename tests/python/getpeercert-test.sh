#!/usr/bin/env bash
# getpeercert() of glasstls's ssl module equals CPython's, on every
# certificate the lab PKI makes and on every sample make-cert-samples.sh makes.
#
#   tests/python/getpeercert-test.sh MODULE_DIR     (the directory holding _glasstls*.so)
#
# With GLASS=path/to/glass, the lab PKI is made by glass ca, as make-pki.sh does.
#
# Prints check_getpeercert.py's "ok - …" lines and its "N passed, N failed";
# exits 1 when any failed.
set -eu
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
MODULE_DIR=$(cd "${1:?usage: getpeercert-test.sh MODULE_DIR}" && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
bash "$HERE/../pki/make-pki.sh" "$WORK/pki" >/dev/null
bash "$HERE/make-cert-samples.sh" "$WORK/samples" >/dev/null
/usr/bin/python3 "$HERE/check_getpeercert.py" "$MODULE_DIR" "$WORK"/pki/*.crt "$WORK"/samples/*.crt
