#!/usr/bin/python3
"""Runs the SERVER cases of an x509-limbo file (C2SP/x509-limbo's limbo.json,
a checkout made outside this repository) through `glass verify`, or through
`openssl verify -x509_strict` to compare, and prints how many verdicts agree
with the corpus. docs/x509.md quotes the figures and lists the cases where
glasstls keeps its own answer, with the reason.

  tools/x509-corpus.py LIMBO_JSON GLASS [--profile rfc5280|webpki] [--openssl] [--show-fail]

The last line is "NAME: agrees on N of M".
"""
import datetime
import json
import os
import subprocess
import sys
import tempfile


def epoch(text):
    return int(datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp())


def glass_command(glass, case, files, profile):
    ta, chain, leaf = files
    cmd = [glass, "verify", "--cafile", ta, "--purpose", "server"]
    if case["untrusted_intermediates"]:
        cmd += ["--untrusted", chain]
    if case["expected_peer_name"]:
        cmd += ["--host", case["expected_peer_name"]["value"]]
    if case["validation_time"]:
        cmd += ["--at", case["validation_time"].replace("+00:00", "Z")]
    if case["max_chain_depth"] is not None:
        cmd += ["--max-depth", str(case["max_chain_depth"])]   # both count intermediates
    if profile:
        cmd += ["--profile", profile]
    return cmd + [leaf]


def openssl_command(case, files):
    ta, chain, leaf = files
    cmd = ["openssl", "verify", "-x509_strict", "-purpose", "sslserver", "-CAfile", ta]
    if case["untrusted_intermediates"]:
        cmd += ["-untrusted", chain]
    name = case["expected_peer_name"]
    if name:
        cmd += ["-verify_ip" if name["kind"] == "IP" else "-verify_hostname", name["value"]]
    if case["validation_time"]:
        cmd += ["-attime", str(epoch(case["validation_time"]))]
    if case["max_chain_depth"] is not None:
        cmd += ["-verify_depth", str(case["max_chain_depth"])]
    return cmd + [leaf]


def verdict(case, glass, profile, openssl):
    with tempfile.TemporaryDirectory() as d:
        files = [os.path.join(d, n) for n in ("anchors.pem", "chain.pem", "leaf.pem")]
        for path, text in zip(files, ("".join(case["trusted_certs"]), "".join(case["untrusted_intermediates"]),
                                      case["peer_certificate"])):
            with open(path, "w") as f:
                f.write(text)
        cmd = openssl_command(case, files) if openssl else glass_command(glass, case, files, profile)
        p = subprocess.run(cmd, capture_output=True, text=True, errors="replace", timeout=30)
        last = (p.stdout + p.stderr).strip().splitlines()[-1:] or [""]
        return ("SUCCESS" if p.returncode == 0 else "FAILURE"), last[0]


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    corpus, glass = argv[0], argv[1]
    profile = argv[argv.index("--profile") + 1] if "--profile" in argv else None
    openssl = "--openssl" in argv
    with open(corpus) as f:
        cases = [c for c in json.load(f)["testcases"] if c["validation_kind"] == "SERVER"]
    agree = 0
    for case in cases:
        got, why = verdict(case, glass, profile, openssl)
        if got == case["expected_result"]:
            agree += 1
        elif "--show-fail" in argv:
            print(f"{case['id']}: expected {case['expected_result']}, got {got}: {why}")
    name = "openssl verify -x509_strict" if openssl else "glass verify --profile " + (profile or "rfc5280")
    print(f"{name}: agrees on {agree} of {len(cases)}")


if __name__ == "__main__":
    main(sys.argv[1:])
