"""getpeercert() of glasstls's ssl module equals CPython's, certificate by certificate.

    /usr/bin/python3 tests/python/check_getpeercert.py MODULE_DIR PEM_FILE...

Imports _glasstls from MODULE_DIR and, for the first certificate of each PEM
file, compares _glasstls.decode_certificate(der) with
ssl._ssl._test_decode_cert(path), which decodes a file exactly as CPython's
getpeercert() decodes a peer's certificate. Types, values and key order must
all agree. A certificate CPython refuses must be refused by glasstls too.
Prints one "ok - …" or "FAIL - …" line each (a diff under a FAIL) and ends
with "N passed, N failed"; the exit status is 1 when any failed.
"""

import base64
import difflib
import os
import pprint
import re
import ssl
import sys

PEM_BLOCK = re.compile(rb"-----BEGIN ([A-Z0-9 ]+)-----\r?\n(.*?)-----END \1-----", re.S)


def first_der(path):
    """The first certificate's DER, read as OpenSSL's PEM_read_bio_X509 reads:
    the blocks before it (a key, say) must decode too."""
    with open(path, "rb") as f:
        text = f.read()
    for label, body in PEM_BLOCK.findall(text):
        if b"\n\n" in body.replace(b"\r", b""):  # RFC 1421 headers (Proc-Type, DEK-Info)
            body = body.replace(b"\r", b"").split(b"\n\n", 1)[1]
        der = base64.b64decode(b"".join(body.split()), validate=True)
        if label in (b"CERTIFICATE", b"X509 CERTIFICATE"):
            return der
    raise ValueError("no CERTIFICATE block")


def decode(fn, arg):
    """(dictionary, None) or (None, the exception's one-line description)."""
    try:
        return fn(arg), None
    except Exception as e:  # both sides raise different types by design
        return None, f"{type(e).__name__}: {e}"


def diff(ours, theirs):
    def lines(d):
        return [f"{k!r}: {pprint.pformat(v, width=100)}" for k, v in d.items()]
    out = difflib.unified_diff(lines(theirs), lines(ours), "CPython", "glasstls", lineterm="", n=1)
    return "\n".join("    " + line for line in out)


def same(ours, theirs):
    # == already tells a tuple from a list and str from bytes, at any depth;
    # the order of the keys is what programs that print the dict also see.
    return type(ours) is dict and ours == theirs and list(ours) == list(theirs)


def check(module, path):
    """(passed, report lines) for one certificate file."""
    name = os.path.basename(path)
    theirs, their_error = decode(ssl._ssl._test_decode_cert, path)
    der, read_error = decode(first_der, path)
    if read_error:
        if their_error:
            return True, [f"ok - {name}: holds no certificate, for CPython ({their_error}) as here ({read_error})"]
        return False, [f"FAIL - {name}: cannot read a certificate ({read_error}), CPython returns {theirs!r}"]
    ours, our_error = decode(module.decode_certificate, der)
    if their_error and our_error:
        return True, [f"ok - {name}: CPython refuses it ({their_error}) and so does glasstls ({our_error})"]
    if their_error:
        return False, [f"FAIL - {name}: CPython refuses it ({their_error}), glasstls returns {ours!r}"]
    if our_error:
        return False, [f"FAIL - {name}: glasstls refuses it ({our_error}), CPython returns {theirs!r}"]
    if same(ours, theirs):
        return True, [f"ok - getpeercert() of {name} equals CPython's"]
    return False, [f"FAIL - getpeercert() of {name} differs from CPython's:", diff(ours, theirs)]


def main(argv):
    if len(argv) < 3:
        print("usage: " + __doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    sys.path.insert(0, os.path.abspath(argv[1]))
    try:
        import _glasstls
    except ImportError as e:
        print(f"FAIL - cannot import _glasstls from {argv[1]}: {e}")
        print("0 passed, 1 failed")
        return 1
    passed = failed = 0
    for path in argv[2:]:
        ok, lines = check(_glasstls, path)
        print("\n".join(lines))
        passed, failed = passed + ok, failed + (not ok)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
