#!/usr/bin/env python3
"""Compares what `glass decode --json --keylog` decrypts from a capture with
what tshark decrypts from the same capture and key log: for every TCP
connection, the application data each side sent, byte for byte.
  usage: decode-compare.py GLASS CAPTURE KEYLOG PORT…
(the server ports, so tshark dissects them as TLS). Prints "ok - …" or
"FAIL - …" lines."""
import json
import subprocess
import sys

glass, capture, keylog, *ports = sys.argv[1:]
events = [json.loads(line) for line in subprocess.run([glass, "decode", capture, "--keylog", keylog, "--json"],
                                                      capture_output=True, text=True).stdout.splitlines() if line.startswith("{")]
ours = {}
for e in events:
    if e["event"] == "record" and e["content_type"] == 23:
        side = ours.setdefault(e["connection"], ["", ""])
        side[0 if e["direction"] == "out" else 1] += e["plaintext"]
summaries = {e["connection"]: e for e in events if e["event"] == "connection_summary"}

def s_server_of(name):
    """The server's address:port as tshark writes it (IPv6 without brackets)."""
    return summaries[name]["observer"]["server"].replace("[", "").replace("]", "")


failures = 0
for n, name in enumerate(sorted(summaries, key=lambda c: int(c.split()[-1]))):
    s = summaries[name]
    args = ["tshark", "-r", capture, "-o", "tls.keylog_file:" + keylog, "-o", "tcp.reassemble_out_of_order:TRUE",
            "-q", "-z", f"follow,tls,raw,{n}"]
    for p in ports:
        args += ["-d", f"tcp.port=={p},tls"]
    out = subprocess.run(args, capture_output=True, text=True).stdout
    theirs = ["", ""]
    # tshark's node 0 is whichever side it followed first; lines from node 1
    # are indented with a tab. Map them to client and server by address.
    node0 = next((l.split(":", 1)[1].strip() for l in out.splitlines() if l.startswith("Node 0:")), "")
    node0_is_server = node0 == s_server_of(name)
    body = out.split("Node 1:", 1)[-1].split("\n", 1)[-1] if "Node 1:" in out else ""
    for line in body.splitlines():
        if line.startswith("====="):
            break
        if line.strip():
            theirs[(1 if line.startswith("\t") else 0) ^ node0_is_server] += line.strip()
    mine = ours.get(name, ["", ""])
    good = mine == theirs and (mine[0] or mine[1])
    verified = s["client_finished"] == "verified" and s["server_finished"] == "verified"
    print(("ok - " if good else "FAIL - ") + f"{name}: glass decode and tshark decrypt the same application data "
          f"({len(mine[0]) // 2} + {len(mine[1]) // 2} bytes; tshark {len(theirs[0]) // 2} + {len(theirs[1]) // 2})")
    print(("ok - " if verified else "FAIL - ") + f"{name}: both Finished recomputed and verified "
          f"(client {s['client_finished']}, server {s['server_finished']})")
    failures += (not good) + (not verified)
if not summaries:
    print("FAIL - glass decode found connections in " + capture)
    failures += 1
sys.exit(1 if failures else 0)
