#!/usr/bin/env bash
# glass probe against servers set up several ways: openssl s_server TLS 1.2
# only, with TLS 1.3, with -cipher subsets, -serverpref and -no_ticket, and
# glass server. The report (--json) must match each configuration.
#   usage: probe-test.sh path/to/glass
set -u
GLASS=$(realpath "${1:?usage: probe-test.sh path/to/glass}")
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/lib.sh"
lab_dir
PORT=$(first_port $(($$ * 37)))
RSA="-cert leaf-rsa.crt -key leaf-rsa.key -cert_chain int-rsa.crt"
s_server() {   # ARGS…: an openssl s_server that serves any number of probes
    PORT=$((PORT + 1))
    stdbuf -oL openssl s_server -accept "127.0.0.1:$PORT" $RSA -www "$@" </dev/null >"srv.$PORT.log" 2>&1 &
    PIDS+=($!)
    for _ in $(seq 200); do grep -q ACCEPT "srv.$PORT.log" 2>/dev/null && break; sleep 0.02; done
}
# expect NAME PYTHON-CONDITION: the probe's JSON report is `r`.
expect() {
    check "$1" python3 -c "import json, sys; r = json.load(open('probe.json')); sys.exit(0 if ($2) else 1)"
}
probe() { timeout 120 "$GLASS" probe "127.0.0.1:$PORT" --servername www.lab.test --cafile roots.pem --json >probe.json 2>probe.err; }

s_server -no_tls1_3
probe
expect "s_server -no_tls1_3: TLS 1.2 yes, TLS 1.3 no, SSL 3.0/TLS 1.0 no" \
    'r["versions"]["TLS 1.2"] and not r["versions"]["TLS 1.3"] and not r["versions"]["SSL 3.0"] and not r["versions"]["TLS 1.0"]'
expect "... ECDHE, DHE and RSA key exchange suites, forward secrecy partial" \
    '"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256" in r["suites"] and "TLS_RSA_WITH_AES_128_GCM_SHA256" in r["suites"] and r["forward_secrecy"].startswith("partial")'
expect "... x25519 and P-256 among the groups; rsa_pss_rsae_sha256 among the schemes" \
    '"x25519" in r["groups"] and "secp256r1" in r["groups"] and "rsa_pss_rsae_sha256" in r["signature_schemes"]'
expect "... EMS, EtM, secure renegotiation and tickets yes; heartbeat and compression no" \
    'r["extended_master_secret"] and r["encrypt_then_mac"] and r["secure_renegotiation"] and r["session_tickets"] and not r["heartbeat"] and not r["compression"]'
expect "... the chain is verified for www.lab.test" 'r["verification"].startswith("ok") and r["certificates"][0].endswith("CN=www.lab.test")'
expect "... downgrade: TLS_FALLBACK_SCSV refused or TLS 1.1 refused outright" \
    'r["fallback_scsv"].startswith("refused") or "refused outright" in r["fallback_scsv"]'

s_server
probe
expect "s_server with TLS 1.3 enabled: TLS 1.3 detected through supported_versions" 'r["versions"]["TLS 1.3"] and r["versions"]["TLS 1.2"]'

s_server -no_tls1_3 -cipher "ECDHE-RSA-AES256-GCM-SHA384:AES128-SHA:ECDHE-RSA-CHACHA20-POLY1305" -serverpref
probe
expect "-cipher subset with -serverpref: exactly those three suites, in the server's order" \
    'r["suites"] == ["TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_RSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"] and r["server_order"] is True'

s_server -no_tls1_3 -cipher "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256"
probe
expect "-cipher subset without -serverpref: the server follows the client's order" 'len(r["suites"]) == 2 and r["server_order"] is False'
expect "... every accepted suite forward secret: yes" 'r["forward_secrecy"].startswith("yes")'
expect "... no CBC suite, so encrypt-then-MAC is n/a" 'r["encrypt_then_mac"] is None'

s_server -no_tls1_3 -no_ticket
probe
expect "s_server -no_ticket: session tickets no" 'r["session_tickets"] is False'

glass_server glass.log --cert leaf-rsa.chain.pem --key leaf-rsa.key --cert leaf-p256.chain.pem --key leaf-p256.key
probe
expect "glass server: TLS 1.2 only" 'r["versions"]["TLS 1.2"] and not r["versions"]["TLS 1.3"] and not r["versions"]["TLS 1.1"]'
expect "glass server: the suites it implements, its preference first, and only those" \
    'r["suites"][0] == "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384" and r["server_order"] is True and len(r["suites"]) == 27'
expect "glass server: EMS, EtM, renegotiation and tickets yes; heartbeat (off unless --heartbeat) and compression no" \
    'r["extended_master_secret"] and r["encrypt_then_mac"] and r["secure_renegotiation"] and r["session_tickets"] and not r["heartbeat"] and not r["compression"]'
expect "glass server: x25519, P-256, P-384, P-521 and ffdhe2048 DHE; Ed25519 is not among its certificates' schemes" \
    'r["groups"] == ["x25519", "secp256r1", "secp384r1", "secp521r1"] and "ffdhe2048" in r["dhe_prime"] and "ed25519" not in r["signature_schemes"]'
out=$(timeout 120 "$GLASS" probe "127.0.0.1:$PORT" --servername www.lab.test --cafile roots.pem 2>&1)
check "the text report names each part" bash -c 'for w in "Protocol versions:" "Cipher suites accepted" "Forward secrecy:" "Groups (ECDHE):" \
    "Signature schemes" "Downgrade (TLS_FALLBACK_SCSV" "Certificate chain:"; do grep -qF "$w" <<<"$1" || exit 1; done' _ "$out"
# ---- servers that lie (tests/hostile_tls_server.py) ------------------------------------------------
hostile() { listening "hostile.$1.log" /usr/bin/python3 "$HERE/hostile_tls_server.py" "$1" @PORT@ "${@:2}"; }
hostile forged-ske leaf-rsa.chain.pem
probe
expect "the real chain with a forged ServerKeyExchange signature: verification FAILED, the server does not hold the key" \
    'r["verification"].startswith("FAILED") and "does not verify with the certificate" in r["verification"] and r["key_proof"].startswith("FAILED")'
hostile accept-all
probe
expect "a server that accepts every suite: NULL, EXPORT and anon each flagged DANGEROUS" \
    'any(w.startswith("DANGEROUS: accepts NULL") for w in r["warnings"]) and any("EXPORT" in w for w in r["warnings"]) and any("anon" in w for w in r["warnings"])'
expect "... TLS 1.2 answered to a TLS 1.1 ClientHello is IMPOSSIBLE, not \"accepted TLS 1.1\"" \
    'r["fallback_scsv"].startswith("IMPOSSIBLE") and "accepted TLS 1.1" not in r["fallback_scsv"] and not r["versions"]["TLS 1.1"] and any("asked for TLS 1.1 at most" in w for w in r["warnings"])'
hostile unoffered
probe
expect "a server choosing a suite that was not offered: IMPOSSIBLE" \
    'any(w.startswith("IMPOSSIBLE: the server chose TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, which the ClientHello did not offer") for w in r["warnings"])'
hostile slow 1
timeout 20 "$GLASS" probe "127.0.0.1:$PORT" --servername www.lab.test --cafile roots.pem --json --timeout 4 --max-time 3 >probe.json 2>probe.err
expect "a server answering each question late: --max-time 3 ends the probe, naming the questions skipped" \
    '"cipher suites" in r["skipped"] and "downgrade" in r["skipped"]'
glass_server glass2.log --cert leaf-rsa.chain.pem --key leaf-rsa.key
probe
expect "glass server's ServerKeyExchange signatures prove its key; nothing skipped or flagged" \
    'r["key_proof"].startswith("ok") and r["verification"].startswith("ok") and r["warnings"] == [] and r["skipped"] == []'
check "nobody listening: exit 2" bash -c '"$1" probe 127.0.0.1:1 >/dev/null 2>&1; [ $? -eq 2 ]' _ "$GLASS"
finish
