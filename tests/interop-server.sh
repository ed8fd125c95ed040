#!/usr/bin/env bash
# glass server against real clients on 127.0.0.1: openssl s_client for every
# suite and certificate type, resumption, client certificates and 10 MiB each
# way; gnutls-cli and curl on the --www page; glass client for the whole
# suite table; many clients at once; and misbehaving clients that must fail
# while the server keeps serving. The last line is "N passed, N failed".
set -u
GLASS=$(realpath "${1:?usage: interop-server.sh path/to/glass}")
HERE="$(cd "$(dirname "$0")" && pwd)"
P=$(mktemp -d)
SERVERS=()
cleanup() {
    for p in "${SERVERS[@]}"; do kill "$p" 2>/dev/null; done
    rm -rf "$P"
}
trap cleanup EXIT
bash "$HERE/pki/make-pki.sh" "$P" >/dev/null || { echo "FAIL - lab PKI"; echo "0 passed, 1 failed"; exit 1; }
bash "$HERE/pki/make-algorithms.sh" "$P" >/dev/null || { echo "FAIL - P-521 and RSA-PSS certificates"; echo "0 passed, 1 failed"; exit 1; }
cd "$P" || exit 1
. "$HERE/lib.sh"
PORT=$(first_port $(($$ * 7)))

s_client() { timeout 20 openssl s_client -connect "127.0.0.1:$PORT" -servername www.lab.test -CAfile roots.pem -verify_return_error "$@" 2>&1; }

RSA="--cert leaf-rsa.chain.pem --key leaf-rsa.key"
ECDSA="--cert leaf-p256.chain.pem --key leaf-p256.key"
ED="--cert leaf-ed25519.chain.pem --key leaf-ed25519.key"
P384="--cert leaf-p384.chain.pem --key leaf-p384.key"
head -c 10485760 /dev/urandom >big.bin
BIG_SHA=$(sha256sum <big.bin | cut -d' ' -f1)

# ---- openssl s_client: every suite, one server holding RSA and ECDSA certificates -----
glass_server main.log $RSA $ECDSA --www --www-root "$P"
MAIN=$PORT
for suite in $("$GLASS" ciphers | awk '{print $3}'); do
    out=$(s_client -no_tls1_3 -cipher "$suite" </dev/null)
    if grep -q "Cipher is $suite" <<<"$out" && grep -q "Verify return code: 0 (ok)" <<<"$out"; then ok "s_client: $suite"; else bad "s_client: $suite" "$(grep -E 'Cipher|error|alert' <<<"$out")"; fi
done
out=$(s_client </dev/null)
check "s_client offering TLS 1.3 negotiates TLS 1.2" grep -q "New, TLSv1.2" <<<"$out"
out=$(s_client -no_tls1_3 -reconnect </dev/null)
check "s_client -reconnect resumes by ticket" test "$(grep -c '^Reused, TLSv1.2' <<<"$out")" -ge 5
out=$(s_client -no_tls1_3 -no_ticket -reconnect </dev/null)
check "s_client -reconnect -no_ticket resumes by session id" test "$(grep -c '^Reused, TLSv1.2' <<<"$out")" -ge 5
out=$(printf 'GET / HTTP/1.0\r\n\r\n' | s_client -no_tls1_3 -quiet -ign_eof)
check "s_client GET / shows the Bank32 page" grep -q "This is Bank32.com!" <<<"$out"
printf 'GET /big.bin HTTP/1.0\r\n\r\n' | s_client -no_tls1_3 -quiet -ign_eof >download.bin
got=$(python3 -c 'import sys,hashlib; d=open("download.bin","rb").read(); print(hashlib.sha256(d[d.index(b"\r\n\r\n")+4:]).hexdigest())' 2>/dev/null)
check "10 MiB server -> s_client, same SHA-256" test "$got" = "$BIG_SHA"
out=$(curl -sS --cacert roots.pem --resolve "www.lab.test:$PORT:127.0.0.1" "https://www.lab.test:$PORT/" 2>&1)
check "curl --cacert fetches the Bank32 page" grep -q "<title>Bank32</title>" <<<"$out"
check "the page names the suite curl got" grep -q "Cipher suite</th><td>TLS_" <<<"$out"
curl -sS --cacert roots.pem --resolve "www.lab.test:$PORT:127.0.0.1" "https://www.lab.test:$PORT/big.bin" -o curl.bin
check "10 MiB server -> curl, same SHA-256" test "$(sha256sum <curl.bin | cut -d' ' -f1)" = "$BIG_SHA"
out=$(curl -sS -I --cacert roots.pem --resolve "www.lab.test:$PORT:127.0.0.1" "https://www.lab.test:$PORT/big.bin" 2>&1)
check "curl -I (HEAD): Content-Length of the file" grep -q "^Content-Length: 10485760" <<<"$out"
check "... and its Last-Modified, an IMF-fixdate" grep -qE "^Last-Modified: [A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9:]{8} GMT" <<<"$out"
out=$(curl -sS -z "$(grep '^Last-Modified: ' <<<"$out" | cut -d' ' -f2- | tr -d '\r')" -o /dev/null -w '%{http_code}' --cacert roots.pem \
    --resolve "www.lab.test:$PORT:127.0.0.1" "https://www.lab.test:$PORT/big.bin" 2>&1)
check "curl -z LAST-MODIFIED (If-Modified-Since) is answered 304" test "$out" = 304
out=$(printf 'GET / HTTP/1.0\r\n\r\n' | timeout 20 gnutls-cli --x509cafile roots.pem --port "$PORT" --sni-hostname www.lab.test --verify-hostname www.lab.test 127.0.0.1 2>&1)
check "gnutls-cli fetches the Bank32 page" grep -q "This is Bank32.com!" <<<"$out"
check "gnutls-cli verified the chain" grep -q "Handshake was completed" <<<"$out"

# ---- glass client against glass server over loopback, the whole suite table -----------
for suite in $("$GLASS" ciphers | awk '{print $3}'); do
    out=$(timeout 20 "$GLASS" client "127.0.0.1:$PORT" --servername www.lab.test --cafile roots.pem --cipher "$suite" --get / 2>&1)
    if [ $? -eq 0 ] && grep -q "Cipher suite *: .*($suite)" <<<"$out"; then ok "glass -> glass: $suite"; else bad "glass -> glass: $suite" "$out"; fi
done
out=$(timeout 20 "$GLASS" client "127.0.0.1:$PORT" --servername www.lab.test --cafile roots.pem --reconnect --get / 2>&1)
check "glass -> glass: resumption" grep -q "Reused: yes" <<<"$out"

# ---- a file bigger than memory should need: streamed, not held ----------------------------
# A 256 MiB sparse file to curl; the server's max RSS stays far below the
# file (it was more than twice the file when the response was built whole).
truncate -s 256M sparse.bin
listening rss.log /usr/bin/time -f %M -o rss.txt "$GLASS" server --port @PORT@ $RSA --www --www-root "$P" --naccept 1
out=$(timeout 60 curl -sS --cacert roots.pem --resolve "www.lab.test:$PORT:127.0.0.1" "https://www.lab.test:$PORT/sparse.bin" -o /dev/null -w '%{size_download}' 2>&1)
for _ in $(seq 100); do [ -s rss.txt ] && break; sleep 0.1; done
check "256 MiB file -> curl, every byte" test "$out" = 268435456
check "... with glass server's max RSS under 40 MB ($(cat rss.txt 2>/dev/null) KiB)" test "$(cat rss.txt 2>/dev/null || echo 999999)" -lt 40000
rm -f sparse.bin

# ---- certificate types --------------------------------------------------------------------
glass_server ed.log $ED --www
out=$(s_client -no_tls1_3 </dev/null)
check "Ed25519 certificate (s_client)" grep -qi "Peer signature type: Ed25519" <<<"$out"
glass_server p384.log $P384 --www
out=$(s_client -no_tls1_3 </dev/null)
check "ECDSA P-384 certificate (s_client)" grep -q "Verify return code: 0 (ok)" <<<"$out"
glass_server three.log $RSA $ECDSA $ED --www
out=$(s_client -no_tls1_3 -sigalgs ed25519 </dev/null)
check "three certificates: an Ed25519-only client gets the Ed25519 one" grep -qi "Peer signature type: Ed25519" <<<"$out"
out=$(s_client -no_tls1_3 -cipher ECDHE-RSA-AES128-GCM-SHA256 </dev/null)
check "three certificates: an RSA suite gets the RSA one" grep -q "Cipher is ECDHE-RSA-AES128-GCM-SHA256" <<<"$out"

# ---- ServerKeyExchange signed with the scheme the client asked for --------------------------
LAST=$PORT
PORT=$MAIN
out=$(s_client -no_tls1_3 -sigalgs rsa_pss_rsae_sha256 -cipher ECDHE-RSA-AES128-GCM-SHA256 </dev/null)
check "-sigalgs rsa_pss_rsae_sha256: the server signs with RSA-PSS" grep -q "Peer signature type: RSA-PSS" <<<"$out"
out=$(s_client -no_tls1_3 -sigalgs RSA+SHA384 -cipher ECDHE-RSA-AES128-GCM-SHA256 </dev/null)
check "-sigalgs RSA+SHA384: PKCS#1 v1.5 with SHA-384" grep -q "Peer signing digest: SHA384" <<<"$out"
check "... and the signature type is RSA" grep -q "Peer signature type: RSA$" <<<"$out"
out=$(s_client -no_tls1_3 -sigalgs ECDSA+SHA384 -cipher ECDHE-ECDSA-AES128-GCM-SHA256 </dev/null)
check "-sigalgs ECDSA+SHA384: ECDSA with SHA-384" grep -q "Peer signing digest: SHA384" <<<"$out"
PORT=$LAST

# ---- issue 18 §4: P-521, ffdhe4096/6144/8192, RSA-PSS certificates ---------------------------
glass_server algorithms.log $RSA --cert leaf-rsapss.crt --key leaf-rsapss.key --cert leaf-p521.crt --key leaf-p521.key --www
ALGS="-CAfile roots-algorithms.pem"
out=$(s_client -no_tls1_3 $ALGS -groups P-521 </dev/null)   # the P-521 certificate: ECDHE-ECDSA comes first
check "s_client -groups P-521: ECDHE on secp521r1" grep -qE "Server Temp Key: ECDH, (P-521|secp521r1), 521 bits" <<<"$out"
out=$(s_client -no_tls1_3 $ALGS -sigalgs ecdsa_secp521r1_sha512 -cipher ECDHE-ECDSA-AES256-GCM-SHA384 </dev/null)
check "s_client gets the ECDSA P-521 certificate, verified" grep -q "Verify return code: 0 (ok)" <<<"$out"
check "... signed with ecdsa_secp521r1_sha512" grep -q "Peer signing digest: SHA512" <<<"$out"
out=$(s_client -no_tls1_3 $ALGS -sigalgs rsa_pss_pss_sha256 -cipher ECDHE-RSA-AES128-GCM-SHA256 </dev/null)
check "s_client -sigalgs rsa_pss_pss_sha256 gets the RSA-PSS certificate, verified" grep -q "Verify return code: 0 (ok)" <<<"$out"
check "... and an RSA-PSS signature" grep -q "Peer signature type: RSA-PSS" <<<"$out"
out=$(s_client -no_tls1_3 -sigalgs rsa_pss_rsae_sha256 -cipher ECDHE-RSA-AES128-GCM-SHA256 </dev/null)
check "s_client -sigalgs rsa_pss_rsae_sha256 gets the rsaEncryption certificate" grep -q "Verify return code: 0 (ok)" <<<"$out"
for g in 4096 6144 8192; do
    out=$(printf 'GET / HTTP/1.0\r\n\r\n' | timeout 30 gnutls-cli --x509cafile roots.pem --port "$PORT" --sni-hostname www.lab.test \
        --priority "NORMAL:-VERS-ALL:+VERS-TLS1.2:-KX-ALL:+DHE-RSA:-GROUP-ALL:+GROUP-FFDHE$g" 127.0.0.1 2>&1)
    check "gnutls-cli +GROUP-FFDHE$g: RFC 7919 negotiation of ffdhe$g" grep -q "(DHE-FFDHE$g)" <<<"$out"
done
out=$(timeout 20 "$GLASS" client "127.0.0.1:$PORT" --servername www.lab.test --cafile roots-algorithms.pem --sigalgs rsa_pss_pss_sha384 --cipher ECDHE-RSA-AES256-GCM-SHA384 --get / 2>&1)
check "glass -> glass: rsa_pss_pss_sha384 with the RSA-PSS certificate" grep -q "Signature scheme *: rsa_pss_pss_sha384" <<<"$out"
out=$(timeout 20 "$GLASS" client "127.0.0.1:$PORT" --servername www.lab.test --cafile roots.pem --groups ffdhe8192 --cipher DHE-RSA-AES128-GCM-SHA256 --get / 2>&1)
check "glass -> glass: DHE on ffdhe8192" grep -q "Key exchange group: ffdhe8192" <<<"$out"
glass_server pss-only.log --cert leaf-rsapss.crt --key leaf-rsapss.key --www
out=$(s_client -no_tls1_3 -cipher AES128-GCM-SHA256 </dev/null)
check "an RSA-PSS certificate never serves static RSA key exchange (RFC 4055 §1.2)" grep -q "alert handshake failure" <<<"$out"

# ---- client-initiated renegotiation is declined (RFC 5746 kept, renegotiation not done) -------
glass_server reneg.log $RSA
out=$( (printf 'hello\n'; sleep 1; printf 'R\n'; sleep 2) | s_client -no_tls1_3)   # time for a loaded machine to answer each
check "s_client's renegotiation (R) is declined with no_renegotiation" grep -q "no renegotiation" <<<"$out"
check "... after the data before it was echoed" grep -q "^hello$" <<<"$out"
check "the secure renegotiation extension was negotiated" grep -q "Secure Renegotiation IS supported" <<<"$out"
out=$(printf 'still up\n' | timeout 10 "$GLASS" client "127.0.0.1:$PORT" --servername www.lab.test --cafile roots.pem 2>/dev/null)
check "... and the server goes on serving" test "$out" = "still up"

# ---- ALPN (RFC 7301), --msg, and the server's suite preference ------------------------------------
glass_server alpn.log $RSA --www --alpn http/1.1,h2x --msg --cipher ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384
out=$(s_client -no_tls1_3 -alpn h2,http/1.1 </dev/null)
check "--alpn: s_client offering h2,http/1.1 gets http/1.1" grep -q "ALPN protocol: http/1.1" <<<"$out"
check "--cipher order is the server's preference (s_client lists AES256 first)" grep -q "Cipher is ECDHE-RSA-AES128-GCM-SHA256" <<<"$out"
s_client -no_tls1_3 -alpn h2 </dev/null >/dev/null
sleep 0.2
check "--alpn: no protocol in common is no_application_protocol" grep -q "failed: no_application_protocol" alpn.log
out=$(curl -sS --cacert roots.pem --resolve "www.lab.test:$PORT:127.0.0.1" "https://www.lab.test:$PORT/" 2>&1)
check "curl (ALPN h2, http/1.1) gets the page, ALPN http/1.1 shown" grep -q "ALPN</th><td>http/1.1" <<<"$out"
check "server --msg prints one line per message, tagged with its connection" \
    grep -qE "^\[127\.0\.0\.1:[0-9]+\] <<< Handshake \[length [0-9]+\], ClientHello" alpn.log

# ---- client certificates -------------------------------------------------------------------------
glass_server verify.log $RSA --www --verify-client --cafile roots.pem
out=$(printf 'GET / HTTP/1.0\r\n\r\n' | s_client -no_tls1_3 -quiet -ign_eof -cert leaf-clientauth.crt -key leaf-clientauth.key -cert_chain int-p256.crt)
check "client certificate accepted, shown on the page" grep -q "Client certificate</th><td>CN=Lab Client" <<<"$out"
s_client -no_tls1_3 </dev/null >/dev/null
sleep 0.2
check "no client certificate: refused with handshake_failure" grep -q "failed: handshake_failure" verify.log
out=$(timeout 20 "$GLASS" client "127.0.0.1:$PORT" --servername www.lab.test --cafile roots.pem --cert leaf-clientauth.chain.pem --key leaf-clientauth.key --get / 2>&1)
check "glass client --cert/--key against glass server --verify-client" grep -q "Client certificate</th><td>CN=Lab Client" <<<"$out"
out=$(timeout 20 "$GLASS" client "127.0.0.1:$PORT" --servername www.lab.test --cafile roots.pem --get / 2>&1)
rc=$?
check "glass client without a certificate: one sentence naming the alert, exit 1" \
    test "$rc" -eq 1 -a "$(grep -c "glass client: handshake failed: handshake_failure" <<<"$out")" -eq 1
check "... which says the server asked for a certificate and the client had none" \
    grep -q "the server asked for a client certificate (CertificateRequest, RFC 5246 §7.4.4) and this client had none to send" <<<"$out"

# ---- echo mode: 10 MiB client -> server, checked by the server's hash --------------------------
glass_server echo.log $RSA
timeout 30 openssl s_client -connect "127.0.0.1:$PORT" -CAfile roots.pem -no_tls1_3 -quiet <big.bin >/dev/null 2>&1
sleep 0.5
check "10 MiB s_client -> server, same SHA-256" grep -q "in=10485760 .*in-sha256=$BIG_SHA" echo.log
out=$(printf 'hello glass\n' | timeout 10 "$GLASS" client "127.0.0.1:$PORT" --servername www.lab.test --cafile roots.pem 2>/dev/null)
check "echo mode echoes" test "$out" = "hello glass"

# ---- misbehaving clients: each fails, the server keeps serving ----------------------------------
glass_server hostile.log $RSA --www --handshake-timeout 2 --cipher ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384
exec 7<>"/dev/tcp/127.0.0.1/$PORT"      # a client that connects and says nothing
out=$(timeout 10 "$GLASS" client "127.0.0.1:$PORT" --servername www.lab.test --cafile roots.pem --get / 2>&1)
check "a silent client does not stall the others" grep -q "This is Bank32.com!" <<<"$out"
s_client -tls1_1 -cipher 'ALL:@SECLEVEL=0' </dev/null >/dev/null
s_client -no_tls1_3 -cipher AES128-SHA </dev/null >/dev/null
(exec 8<>"/dev/tcp/127.0.0.1/$PORT"; head -c 2000 /dev/urandom >&8; sleep 0.3)
printf '\x16\x03\x01\x00\x80\x01\x00\x00\x7c\x03\x03' >short.bin
(exec 8<>"/dev/tcp/127.0.0.1/$PORT"; cat short.bin >&8; sleep 0.3)
sleep 2.5
exec 7>&-
check "s_client -tls1_1 is refused with protocol_version" grep -q "failed: protocol_version" hostile.log
check "a client offering only suites the server lacks: handshake_failure" grep -q "failed: handshake_failure: no cipher suite in common" hostile.log
check "random bytes are refused cleanly" grep -qE "failed: (unexpected_message|protocol_version|decode_error|record_overflow)" hostile.log
check "a ClientHello cut short: closed during the handshake" grep -q "closed the connection during the handshake" hostile.log
check "the silent client is timed out" grep -q "failed: handshake timed out" hostile.log
out=$(timeout 10 "$GLASS" client "127.0.0.1:$PORT" --servername www.lab.test --cafile roots.pem --get / 2>&1)
check "after all that, the server still serves" grep -q "This is Bank32.com!" <<<"$out"

# ---- an idle connection is closed with close_notify ------------------------------------------------
glass_server idle.log $RSA --idle-timeout 1
mkfifo idle.in
exec 6<>idle.in    # the client's standard input stays open: only the server can end this
start=$(date +%s%N)
timeout 10 "$GLASS" client "127.0.0.1:$PORT" --servername www.lab.test --cafile roots.pem <idle.in >/dev/null 2>idle-client.err
rc=$?
took=$(( ($(date +%s%N) - start) / 1000000 ))
exec 6>&-
check "--idle-timeout 1: the server ends a silent connection (client done after ${took} ms)" test "$rc" -ne 124 -a "$took" -lt 5000
# Its standard input (a pipe) had not ended: the client says so, and fails, rather than hide it.
check "... and the client says its input had not ended" grep -q "the server ended the connection (close_notify) before all input was sent" idle-client.err
check "... and logs it as closed, not failed" grep -q "closed: idle for 1 s" idle.log

# ---- --seed on both sides replays a handshake byte for byte ----------------------------------------
# Both directions are recorded by a relay; two fresh runs must be identical,
# NewSessionTicket and both Finished messages included.
for run in 1 2; do
    glass_server "seed$run.log" $RSA --www --seed lecture --keylog "seed-server$run.keys"
    RELAY=$((PORT + 500))
    python3 "$HERE/relay.py" "$RELAY" "$PORT" "seed-run$run" >"relay$run.log" 2>&1 &
    for _ in $(seq 100); do grep -q listening "relay$run.log" && break; sleep 0.05; done
    "$GLASS" client "127.0.0.1:$RELAY" --servername www.lab.test --cafile roots.pem --seed lecture --get / </dev/null >/dev/null 2>&1
    wait $!
done
check "--seed: two fresh runs derive the same master secret" \
    test -s seed-server1.keys -a "$(cat seed-server1.keys)" = "$(cat seed-server2.keys)"
check "--seed: the client's bytes are identical in both runs ($(stat -c %s seed-run1.c2s) bytes)" cmp -s seed-run1.c2s seed-run2.c2s
check "--seed: the server's bytes are identical too, NewSessionTicket and Finished included ($(stat -c %s seed-run1.s2c) bytes)" \
    cmp -s seed-run1.s2c seed-run2.s2c
check "--seed: the server warns that it is insecure" grep -q "WARNING: --seed: .*INSECURE" seed1.log
glass_server seed3.log $RSA --keylog seed-server3.keys
"$GLASS" client "127.0.0.1:$PORT" --servername www.lab.test --cafile roots.pem --seed lecture </dev/null >/dev/null 2>&1
sleep 0.2
check "without --seed the server's randomness differs" test "$(cat seed-server1.keys)" != "$(cat seed-server3.keys)"

# ---- --step: a student steps through a handshake ----------------------------------------------------
# The client in a terminal (tmux), as a student runs it: a prompt per message,
# Enter for the next, c to run to the end.
glass_server step-server.log $RSA --www
tmux kill-session -t glass-step 2>/dev/null
tmux new-session -d -s glass-step -x 160 -y 50 \
    "'$GLASS' client 127.0.0.1:$PORT --servername www.lab.test --cafile roots.pem --step --get / >step-client.out 2>&1; sleep 60"
for _ in $(seq 50); do grep -q "step 1" step-client.out 2>/dev/null && break; sleep 0.1; done
check "--step stops before the ClientHello is sent, naming its function and RFC section" \
    grep -q "glasstls::ClientHandshake::send_client_hello   (RFC 5246 §7.4.1.2)" step-client.out
check "... and waits: nothing was sent yet" test "$(grep -c 'ServerHello' step-client.out)" -eq 0
tmux send-keys -t glass-step Enter
for _ in $(seq 50); do grep -q "step 2" step-client.out && break; sleep 0.1; done
check "Enter: the next step is the ServerHello, about to be processed by on_server_hello" \
    grep -q "about to PROCESS ServerHello" step-client.out
tmux send-keys -t glass-step c Enter
for _ in $(seq 100); do grep -q "This is Bank32.com!" step-client.out && break; sleep 0.1; done
check "c: the rest runs to the end (every step still listed) and the page arrives" \
    grep -q "This is Bank32.com!" step-client.out
check "... the client's second flight was shown message by message" \
    grep -q "glasstls::ClientHandshake::send_client_key_exchange" step-client.out
tmux kill-session -t glass-step 2>/dev/null
# The server steps too; without a terminal (setsid) it says so and runs on,
# whatever its standard input holds.
PORT=$((PORT + 1))
printf '\n\n\nc\n' | setsid "$GLASS" server --port "$PORT" $RSA --www --step --naccept 1 >step-server2.log 2>&1 &
SERVERS+=($!)
for _ in $(seq 200); do grep -q "listening on" step-server2.log && break; sleep 0.02; done
out=$(timeout 20 "$GLASS" client "127.0.0.1:$PORT" --servername www.lab.test --cafile roots.pem --get / 2>&1)
check "glass server --step: each step is tagged with its connection" grep -q "\] about to PROCESS ClientHello" step-server2.log
check "... names the server's functions" grep -q "glasstls::ServerHandshake::send_server_hello" step-server2.log
check "... and, with no terminal to answer from, says it does not pause" grep -q "^--step: no terminal to answer from" step-server2.log
check "... and the client gets the page" grep -q "This is Bank32.com!" <<<"$out"

# ---- glass server --trace with openssl s_client: every element, from the server's side ----------------
glass_server trace.log $RSA --www --trace
s_client -no_tls1_3 -cipher ECDHE-RSA-AES128-GCM-SHA256 </dev/null >/dev/null
sleep 0.3
check "server --trace: the ClientHello's fields" grep -Eq "cipher_suites [0-9]+ suites" trace.log
check "server --trace: the ClientHello's extensions by name" grep -q "extension supported_groups (" trace.log
check "server --trace: the client's ClientKeyExchange point" grep -q "ecdh_Yc the client's ephemeral public key (32 bytes)" trace.log
check "server --trace: the ServerKeyExchange it signed, with the signed bytes" grep -q "signed ServerKeyExchange with" trace.log
check "server --trace: the key exchange's inputs" grep -q "shared secret = X25519(our private key, the peer's public value)" trace.log
check "server --trace: the client's Finished, expected next to received" grep -q "expected client verify_data" trace.log
check "server --trace: its own Finished" grep -q "server verify_data (12 bytes) = PRF" trace.log
glass_server trace-rsa.log $RSA --www --trace
s_client -no_tls1_3 -cipher AES128-GCM-SHA256 </dev/null >/dev/null
sleep 0.3
check "server --trace, RSA key exchange: the decrypted PKCS #1 block (00 02 … 00 then client_version)" \
    grep -q "the PKCS #1 v1.5 block" trace-rsa.log
check "... whose last 48 bytes are the pre-master secret" python3 - trace-rsa.log <<'PY'
import re, sys
text = re.sub(r"(?m)^\[[^\]]*\] ", "", open(sys.argv[1]).read())   # the connection tags
def hexes(title):
    m = re.search(re.escape(title) + r"[^\n]*\n((?: {6}[0-9a-f ]+\n)+)", text)
    return "".join(m.group(1).split()) if m else ""
block, pms = hexes("the PKCS #1 v1.5 block"), hexes("* pre_master_secret (48 bytes)")
sys.exit(0 if block.startswith("0002") and len(pms) == 96 and block.endswith("00" + pms) and pms.startswith("0303") else 1)
PY
glass_server trace-dhe.log $RSA --www --trace
s_client -no_tls1_3 -cipher DHE-RSA-AES128-GCM-SHA256 </dev/null >/dev/null
sleep 0.3
check "server --trace, DHE: p, g and Ys it sent, the client's Yc" \
    bash -c 'grep -q "dh_p 2048-bit prime" trace-dhe.log && grep -q "dh_g generator (1 bytes) 02" trace-dhe.log && grep -q "dh_Yc the client" trace-dhe.log'

# ---- --trace-json: one file for every connection, each line tagged with its connection ------------------
glass_server json.log $RSA --www --trace-json server.jsonl
for _ in 1 2; do "$GLASS" client "127.0.0.1:$PORT" --servername www.lab.test --cafile roots.pem --get / </dev/null >/dev/null 2>&1; done
sleep 0.3
check "glass server --trace-json: every line is a JSON object tagged with one of the two connections" python3 -c '
import json, sys
lines = [json.loads(l) for l in open("server.jsonl")]
conns = {l["connection"] for l in lines}
names = {l.get("name") for l in lines if l["event"] == "secret"}
sys.exit(0 if len(conns) == 2 and "master_secret" in names and any(l["event"] == "signature" for l in lines) else 1)'

# ---- --json: one outcome per connection, JSON Lines on standard output; --trace-json ends each with it --------
outcome() { /usr/bin/python3 "$HERE/outcome-check.py" "$HERE/../docs/outcome.schema.json" "$@"; }
listening outcome.log bash -c 'exec "$0" server --port "$1" "${@:2}" >outcome.jsonl' "$GLASS" @PORT@ $RSA --www --json --trace-json outcome-trace.jsonl
printf 'GET / HTTP/1.0\r\n\r\n' | s_client -no_tls1_3 -quiet -ign_eof >/dev/null
sleep 0.2   # each connection's line before the next one's
timeout 20 openssl s_client -connect "127.0.0.1:$PORT" -servername www.lab.test -CAfile root-p256.crt -verify_return_error -no_tls1_3 </dev/null >/dev/null 2>&1
sleep 0.2
timeout 20 "$GLASS" client "127.0.0.1:$PORT" --servername www.lab.test --cafile roots.pem --reconnect </dev/null >/dev/null 2>&1
sleep 0.3
check "server --json: s_client's GET, schema-valid: the peer, SNI, suite, bytes" \
    outcome outcome.jsonl --count 4 --index 0 side=server ok=true 'peer~^127\.0\.0\.1:[0-9]+$' sni=www.lab.test \
    'cipher_suite.name~^TLS_' verification.ok=null 'bytes.application.received>15' 'bytes.application.sent>100' alert=null
check "server --json: a client that rejects the chain: the alert it sent, received" \
    outcome outcome.jsonl --index 1 ok=false handshake_complete=false alert.direction=received alert.description=unknown_ca
check "server --json: the second connection of glass client --reconnect resumed" outcome outcome.jsonl --index 3 resumed=true ok=true
check "server --trace-json: every connection's last line is its outcome, schema-valid" outcome outcome-trace.jsonl --count 4

# ---- the connection cap: two silent clients fill it; a third is served at once -----------------
# (the oldest connection still in its handshake is dropped to make room)
glass_server cap.log $RSA --www --max-connections 2 --handshake-timeout 10
exec 7<>"/dev/tcp/127.0.0.1/$PORT"
exec 8<>"/dev/tcp/127.0.0.1/$PORT"
sleep 0.2
out=$(timeout 5 "$GLASS" client "127.0.0.1:$PORT" --servername www.lab.test --cafile roots.pem --get / 2>&1)
exec 7>&- 8>&-
sleep 0.3
check "at the connection cap a new client is served at once" grep -q "This is Bank32.com!" <<<"$out"
check "... and the oldest silent connection was dropped for it" \
    test "$(grep -c 'dropped: the server was full and this was the oldest connection still in its handshake' cap.log)" -eq 1

# ---- many clients at once, then a clean shutdown ----------------------------------------------
glass_server many.log $RSA $ECDSA --www
CLIENTS=()
for i in $(seq 20); do
    timeout 30 "$GLASS" client "127.0.0.1:$PORT" --servername www.lab.test --cafile roots.pem --get / >"many.$i.out" 2>&1 &
    CLIENTS+=($!)
done
wait "${CLIENTS[@]}"
good=$(grep -l "This is Bank32.com!" many.*.out | wc -l)
check "20 concurrent clients all served" test "$good" -eq 20
check "one log line per connection" test "$(grep -c '\] ok  suite=' many.log)" -eq 20
kill -INT "${SERVERS[-1]}"
sleep 0.6
check "SIGINT stops the server cleanly" grep -q "glass server: stopped after 20 connections" many.log

# ---- glass bench hold: connections held from one thread; a shortfall said in a sentence ---------
glass_server hold.log $RSA --www
out=$(timeout 30 "$GLASS" bench hold --connect "127.0.0.1:$PORT" --connections 20 --pid "${SERVERS[-1]}" \
    --servername www.lab.test --cafile roots.pem --hold-seconds 0.2 2>&1)
rc=$?
if [ $rc -eq 0 ] && grep -q "^held 20 connections; server RSS grew .* KiB per connection .*; threads [0-9]" <<<"$out" &&
    grep -q "^new client served in" <<<"$out" && grep -q "^10 of 10 held connections answered" <<<"$out"; then
    ok "bench hold: 20 connections held and measured, a new client served, held ones answer"
else
    bad "bench hold: 20 connections held (exit $rc)" "$out"
fi
check "bench hold: the others resumed the first session" grep -q "^established 20 in .* (19 resumed, 1 full)" <<<"$out"
glass_server hold-cap.log $RSA --www --max-connections 5
out=$(timeout 30 "$GLASS" bench hold --connect "127.0.0.1:$PORT" --connections 20 --servername www.lab.test --cafile roots.pem \
    --hold-seconds 0.2 2>&1)
rc=$?
if [ $rc -eq 1 ] && grep -qE "^glass bench hold: held [0-5] of 20 connections: [0-9]+ (closed|reset) by the server" <<<"$out"; then
    ok "bench hold against --max-connections 5: exit 1, how many were held and why"
else
    bad "bench hold against --max-connections 5 (exit $rc)" "$out"
fi

# ---- trace and key log --------------------------------------------------------------------------
glass_server trace.log $RSA --www --trace --keylog server-keys.log
s_client -no_tls1_3 -keylogfile client-keys.log </dev/null >/dev/null
sleep 0.3
check "server --trace narrates the master secret" grep -q "master_secret (48 bytes) = PRF" trace.log
check "server key log equals s_client's -keylogfile" diff <(grep CLIENT_RANDOM client-keys.log) server-keys.log

finish
