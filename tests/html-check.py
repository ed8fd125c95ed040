#!/usr/bin/env python3
"""Checks one --html page (as headless Chromium rendered it: its DOM) against
what independent observers recorded of the same connection: the --msg lines
(one per record), the key log (the master secret) and --trace-json (the
verify_data values).
  usage: html-check.py DOM MSG_LINES KEYLOG TRACE_JSONL [expect…]
expect: "resumed", "failed", "server" (a server's page). Prints "ok - …" /
"FAIL - …" lines."""
import json
import re
import sys

dom_path, msg_path, keylog_path, json_path, *expect = sys.argv[1:]
dom = open(dom_path, encoding="utf-8").read()
msg = open(msg_path, encoding="utf-8", errors="replace").read()
failures = 0


def check(name, good):
    global failures
    print(("ok - " if good else "FAIL - ") + name)
    failures += 0 if good else 1


def spaced(hex_text):
    return " ".join(hex_text[i:i + 2] for i in range(0, len(hex_text), 2))


records = len(re.findall(r"Record Header \[length", msg))
cards = len(re.findall(r'class="card (?:client|server) record"', dom))
check(f"one card per record ({cards} cards, {records} records in --msg)", records > 0 and cards == records)
check("a card per handshake message, its bytes annotated field by field", 'class="card' in dom and 'class="f c' in dom
      and re.search(r'title="client_version \(2 bytes\): TLS 1\.2', dom) is not None)
check("each extension is annotated with its meaning and RFC section",
      re.search(r'title="extension (supported_groups|renegotiation_info) \(\d+ bytes\)', dom) is not None)
check("the page is self-contained: no script, stylesheet, image or font is fetched",
      re.search(r'<script|<link|src=|url\(', dom) is None)

# Records and their alerts in one order, in both directions: an alert's card
# right after the card of the record that carried it, in the same column.
cards = re.findall(r'<section class="card (client|server|middle) ([^"]*)"><h3>(.*?)</h3>', dom)
alerts = [i for i, c in enumerate(cards) if c[1].startswith("alert")]
check(f"each alert's card follows the card of its record, sent or received ({len(alerts)} alerts)",
      (bool(alerts) or "failed" not in expect)
      and all(i > 0 and cards[i - 1][1] == "record" and cards[i - 1][0] == cards[i][0] and ": alert, " in cards[i - 1][2]
              for i in alerts))

masters = [line.split()[2] for line in open(keylog_path) if line.startswith("CLIENT_RANDOM")]
if "failed" not in expect:
    check("the master secret (as the key log has it) is on the page",
          bool(masters) and all(spaced(m) in dom for m in masters))
    events = [json.loads(line) for line in open(json_path)]
    verify = [e["value"] for e in events if e["event"] == "secret" and e["name"].endswith("verify_data")]
    check(f"both Finished verify_data values are on the page ({len(verify)} values)",
          len(verify) >= 2 and all(spaced(v) in dom for v in verify))
    check("the page ends with a success sentence", 'class="outcome good"' in dom)
    check("a protected record shows its nonce or IV, ciphertext and tag or MAC",
          re.search(r'title="(explicit_nonce|IV) \(\d+ bytes\)', dom) is not None and 'title="ciphertext' in dom)
    check("application data is shown", 'class="app"' in dom)
if "resumed" in expect:
    check("the resumed connection follows the full one", "Second connection: resuming the session" in dom
          and "resumed (abbreviated handshake)" in dom)
if "failed" in expect:
    check("the failed handshake: the fatal alert as a card", re.search(r'class="card \w+ alert fatal"', dom) is not None)
    check("... and the sentence saying why", re.search(r'class="outcome bad">[^<]*(certificate|host name)', dom) is not None)
if "cbc" in expect:
    check("CBC with encrypt-then-MAC: the MAC follows the ciphertext", 'title="MAC (' in dom and "encrypt-then-MAC" in dom)
if "rsa" in expect:
    check("RSA key exchange: the PKCS #1 block and the encrypted pre-master", "PKCS #1 v1.5 block" in dom
          and "EncryptedPreMasterSecret" in dom)
sys.exit(1 if failures else 0)
