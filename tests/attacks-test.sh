#!/usr/bin/env bash
# The lab's attacks that must fail against a correct server, and one that
# must succeed against the demonstration: the replay of a recorded handshake
# (glass replay), the replay of one record inside a connection (glass proxy
# --replay-record), heartbeats and Heartbleed (glass heartbleed against glass
# server --heartbeat, its --heartbleed-demo, glass server without heartbeats
# (the default) and openssl s_server, which has no heartbeat).
#   usage: attacks-test.sh path/to/glass
set -u
GLASS=$(realpath "${1:?usage: attacks-test.sh path/to/glass}")
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/lib.sh"
lab_dir
PORT=$(first_port $(($$ * 31)))
CERT="--cert leaf-rsa.chain.pem --key leaf-rsa.key"
client() { timeout 20 "$GLASS" client "127.0.0.1:$PORT" --servername www.lab.test --cafile roots.pem "$@"; }

# ---- the replay attack: a whole recorded handshake, later ---------------------------------------------
glass_server replay.log $CERT --www
for kx in ECDHE-RSA-AES128-GCM-SHA256 AES128-SHA; do
    client --get / --cipher "$kx" --save-flights "flights-$kx.txt" </dev/null >/dev/null 2>&1
    out=$("$GLASS" replay "flights-$kx.txt" "127.0.0.1:$PORT" 2>&1); rc=$?
    check "glass replay ($kx): the server refuses, exit 0" bash -c '[ "$1" -eq 0 ] && grep -q "^REFUSED: the server sent a fatal" <<<"$2"' _ "$rc" "$out"
    check "... it says why: a fresh server_random, hence new keys (RFC 5246 §8.1)" grep -q "The server answered with a FRESH ServerHello" <<<"$out"
    check "... and which alert, with its reason" grep -q "bad_record_mac alert (RFC 5246 §7.2)" <<<"$out"
    check "... with the master-secret formula the handshake used: extended (RFC 7627 §4)" \
        grep -q 'PRF(pre_master_secret, "extended master secret", session_hash) (RFC 7627 §4)' <<<"$out"
done
client --get / --no-ems --save-flights flights-no-ems.txt </dev/null >/dev/null 2>&1
out=$("$GLASS" replay flights-no-ems.txt "127.0.0.1:$PORT" 2>&1)
check "glass replay without extended master secret: RFC 5246 §8.1's formula, not RFC 7627's" \
    bash -c 'grep -q "client_random + server_random) (RFC 5246 §8.1)" <<<"$1" && ! grep -q "RFC 7627" <<<"$1"' _ "$out"
sleep 0.3
check "... glass server's log shows the failed handshakes" test "$(grep -c "failed: bad_record_mac" replay.log)" -ge 2
stdbuf -oL openssl s_server -accept "127.0.0.1:$((PORT + 1))" -naccept 1 -cert leaf-rsa.crt -key leaf-rsa.key -cert_chain int-rsa.crt \
    -www -no_tls1_3 </dev/null >ossl.log 2>&1 &
PIDS+=($!)
for _ in $(seq 200); do grep -q ACCEPT ossl.log && break; sleep 0.02; done
out=$("$GLASS" replay flights-AES128-SHA.txt "127.0.0.1:$((PORT + 1))" 2>&1)
check "glass replay against openssl s_server: refused too" grep -q "^REFUSED" <<<"$out"
PORT=$((PORT + 1))

# ---- one record replayed inside a connection -----------------------------------------------------------
glass_server inside.log $CERT
BACK=$PORT
PORT=$((PORT + 1))
"$GLASS" proxy --listen "$PORT" --upstream "127.0.0.1:$BACK" --replay-record 1 --naccept 1 >relay.log 2>&1 &
SERVERS+=($!)
for _ in $(seq 200); do grep -q "listening on" relay.log && break; sleep 0.02; done
printf 'transfer 100 dollars to mallory\n' | client --no-ticket >client.out 2>&1
sleep 0.5
check "glass proxy --replay-record 1 sent the client's first application record twice" grep -q "REPLAYING the client's application_data record 1" relay.log
check "... the server refused the copy: bad_record_mac (the sequence number is in every MAC and nonce)" \
    grep -q "failed: bad_record_mac" inside.log
check "... the relay says the replay was refused" grep -q "the replay was REFUSED" relay.log

# ---- heartbeats and Heartbleed --------------------------------------------------------------------------
# heartbeat_server LOG ARGS…: glass server with ARGS, then glass client --heartbeat ($hb) and glass heartbleed ($bleed, $rc) against it.
heartbeat_server() {
    glass_server "$1" $CERT "${@:2}"
    hb=$(echo hi | client --heartbeat 2>&1)
    bleed=$("$GLASS" heartbleed "127.0.0.1:$PORT" 2>&1); rc=$?
}
heartbeat_server nohb.log
check "glass server without --heartbeat does not agree to heartbeats (off unless asked)" \
    grep -q "Heartbeat: the server did not agree to heartbeats" <<<"$hb"
check "... so glass heartbleed says NOT SUPPORTED, exit 0" bash -c '[ "$1" -eq 0 ] && grep -q "^NOT SUPPORTED" <<<"$2"' _ "$rc" "$bleed"
glass_server noophb.log $CERT --no-heartbeat
check "glass server --no-heartbeat (the old opt-out) is still accepted" grep -q "listening on" noophb.log
heartbeat_server hb.log --heartbeat
check "glass client --heartbeat: agreed, sent, and answered with the same payload" \
    grep -q "Heartbeat: the server answered with the same 15 bytes: 'glass heartbeat'" <<<"$hb"
check "glass heartbleed against glass server --heartbeat: DISCARDED (safe), exit 0" bash -c '[ "$1" -eq 0 ] && grep -q "^DISCARDED (safe)" <<<"$2"' _ "$rc" "$bleed"
glass_server bleed.log $CERT --heartbleed-demo
check "--heartbleed-demo announces itself loudly" grep -q "WARNING: --heartbleed-demo: DEMONSTRATION MODE" bleed.log
out=$("$GLASS" heartbleed "127.0.0.1:$PORT" 2>&1); rc=$?
check "glass heartbleed against --heartbleed-demo: LEAKED, exit 1" bash -c '[ "$1" -eq 1 ] && grep -q "^LEAKED: the server answered with 16000 bytes" <<<"$2"' _ "$rc" "$out"
check "... the leak shows the planted secrets: another user's session cookie, the private-key line" \
    bash -c 'grep -q "Cookie: session=8f2b9c71e0d44a6b; user=alice" <<<"$1" && grep -q "BEGIN PRIVATE KEY" <<<"$1"' _ "$out"
stdbuf -oL openssl s_server -accept "127.0.0.1:$((PORT + 1))" -naccept 1 -cert leaf-rsa.crt -key leaf-rsa.key -www -no_tls1_3 </dev/null >ossl2.log 2>&1 &
PIDS+=($!)
for _ in $(seq 200); do grep -q ACCEPT ossl2.log && break; sleep 0.02; done
out=$("$GLASS" heartbleed "127.0.0.1:$((PORT + 1))" 2>&1); rc=$?
check "glass heartbleed against openssl s_server (no heartbeat): NOT SUPPORTED, exit 0" \
    bash -c '[ "$1" -eq 0 ] && grep -q "^NOT SUPPORTED" <<<"$2"' _ "$rc" "$out"
out=$("$GLASS" heartbleed "127.0.0.1:1" 2>&1); rc=$?
check "glass heartbleed with nobody listening: could not test, exit 2" test "$rc" -eq 2
finish
