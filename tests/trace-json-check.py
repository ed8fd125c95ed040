#!/usr/bin/env python3
"""Recomputes, from a `glass … --trace-json` file alone, what glasstls
computed: the master secret (RFC 5246 §8.1, or RFC 7627 §4 with extended
master secret) and the key block (§6.3), with `glass prf`. Proof the event
stream carries every input. Prints "ok - …"/"FAIL - …" lines.

usage: trace-json-check.py GLASS TRACE.jsonl sha256|sha384"""
import json, subprocess, sys

glass, path, prf_hash = sys.argv[1], sys.argv[2], sys.argv[3]
events = [json.loads(line) for line in open(path)]
secrets = {e["name"]: e["value"] for e in events if e["event"] == "secret"}
messages = [e for e in events if e["event"] == "message"]
hello = next(m for m in messages if m["name"] == "ClientHello")
server_hello = next(m for m in messages if m["name"] == "ServerHello")
client_random = hello["body"][4:68]          # after client_version (RFC 5246 §7.4.1.2)
server_random = server_hello["body"][4:68]


def prf(secret, label, seed, length):
    return subprocess.run([glass, "prf", "--hash", prf_hash, "--secret", secret, "--label", label, "--seed", seed,
                           "--length", str(length)], capture_output=True, text=True, check=True).stdout.strip()


def check(name, got, want):
    print(("ok - " if got == want else "FAIL - ") + name)
    if got != want:
        print("    recomputed " + got + "\n    traced     " + want)


if "session_hash" in secrets:
    master = prf(secrets["pre_master_secret"], "extended master secret", secrets["session_hash"], 48)
else:
    master = prf(secrets["pre_master_secret"], "master secret", client_random + server_random, 48)
check("the master secret, recomputed from the traced pre-master secret and randoms", master, secrets["master_secret"])
key_block = prf(master, "key expansion", server_random + client_random, len(secrets["key_block"]) // 2)
check("the key block, recomputed from the master secret", key_block, secrets["key_block"])
check("the client_write_key is its first bytes (an AEAD suite has no MAC keys)",
      secrets["client_write_key"], key_block[:len(secrets["client_write_key"])])
exchange = next((e for e in events if e["event"] == "key_exchange"), None)
check("the key exchange's shared secret is the traced pre-master secret",
      exchange["shared_secret"] if exchange else "(no key_exchange event)", secrets["pre_master_secret"])
