#!/usr/bin/env bash
# Hostile peers against real processes on 127.0.0.1 (issue "Hardening"): what
# once aborted or starved `glass server`, or made `glass client` lose data
# silently. After each attack the server must still serve a normal client.
# The last line is "N passed, N failed".
set -u
GLASS=$(realpath "${1:?usage: hostile-server.sh path/to/glass [path/to/hostile_client]}")
HOSTILE=$(realpath "${2:-$(dirname "$GLASS")/tests/hostile_client}")
HERE="$(cd "$(dirname "$0")" && pwd)"
P=$(mktemp -d)
SERVERS=()
cleanup() {
    for pid in "${SERVERS[@]}"; do kill "$pid" 2>/dev/null; done
    wait 2>/dev/null
    rm -rf "$P"
}
trap cleanup EXIT
bash "$HERE/pki/make-pki.sh" "$P" >/dev/null || { echo "FAIL - the lab PKI could not be generated"; echo "0 passed, 1 failed"; exit 1; }
cd "$P" || exit 1
. "$HERE/lib.sh"
. "$HERE/pki/pki-lib.sh"
PORT=$((21000 + RANDOM % 2000))

still_serving() {   # name: a normal client still gets the page
    local out
    out=$(timeout 10 "$GLASS" client "127.0.0.1:$PORT" --servername www.lab.test --cafile roots.pem --get / $EXTRA 2>&1)
    if grep -q "This is Bank32.com!" <<<"$out"; then ok "$1"; else bad "$1" "$out"; fi
}
EXTRA=""
RSA="--cert leaf-rsa.chain.pem --key leaf-rsa.key"
CLIENT_CERT="--cert leaf-clientauth.chain.pem --key leaf-clientauth.key"

# ---- a client certificate with a malformed registeredID once aborted the server ---------------
LEAF="basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth"
issue rid int-p256 p256 "/CN=Lab Client RID" "$LEAF\nsubjectAltName=RID:1.2.3.4"
openssl x509 -in rid.crt -outform DER -out rid.der
python3 - <<'PY'
d = bytearray(open("rid.der", "rb").read())
i = d.find(bytes.fromhex("88032a0304"))
d[i + 4] = 0x84   # the last arc now runs past the end of the OID
open("rid-bad.der", "wb").write(d)
PY
openssl x509 -inform DER -in rid-bad.der -out rid-bad.pem   # openssl reads it; glass must not abort on it
glass_server rid.log $RSA --www --verify-client --cafile roots.pem
timeout 10 openssl s_client -connect "127.0.0.1:$PORT" -no_tls1_3 -cert rid-bad.pem -key rid.key -cert_chain int-p256.crt </dev/null >/dev/null 2>&1
sleep 0.2
check "a client certificate with a malformed registeredID OID is refused with bad_certificate" grep -q "bad_certificate" rid.log
EXTRA="$CLIENT_CERT" still_serving "... and the server keeps serving"

# ---- floods after the handshake: renegotiation requests, warning alerts, empty records ---------------
# (hostile_client completes a real handshake, then misbehaves; see tests/hostile_client.cpp)
glass_server flood.log $RSA --www
out=$("$HOSTILE" "$PORT" renegotiate 50)
check "ClientHellos after the handshake: refused a few times, then unexpected_message" grep -q "server closed after 5 records: unexpected_message" <<<"$out"
out=$("$HOSTILE" "$PORT" warnings 50)
check "a flood of warning alerts ends with unexpected_message (CVE-2016-8610)" grep -q "server closed after 5 records: unexpected_message" <<<"$out"
out=$("$HOSTILE" "$PORT" empty 100)
check "a flood of empty records ends with unexpected_message" grep -q "server closed after 33 records: unexpected_message" <<<"$out"
before=$(awk '/VmRSS/ {print $2}' "/proc/${SERVERS[-1]}/status")
out=$("$HOSTILE" "$PORT" split-hellos 50)
after=$(awk '/VmRSS/ {print $2}' "/proc/${SERVERS[-1]}/status")
echo "    (records cut one byte into the next message: $out; server RSS ${before} -> ${after} kB)"
check "records cut one byte into the next message: the server stops it, memory stays flat" \
    test "$(grep -c 'server closed' <<<"$out")" -eq 1 -a "$after" -lt $((before + 20000))
check "... and logs each flood with its sentence" test "$(grep -c 'unexpected_message' flood.log)" -ge 4
still_serving "... and the server keeps serving"

# ---- a 1024-bit server key and a client that accepts only rsa_pss_rsae_sha512 --------------------
genkey weak rsa
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out weak.key 2>/dev/null
issue_with_key() {   # name issuer key subject ext
    openssl req -new -key "$3" -subj "$4" -out "$1.csr" 2>/dev/null
    printf '[v3]\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n%b\n' "$5" >"$1.ext"
    openssl x509 -req -in "$1.csr" -CA "$2.crt" -CAkey "$2.key" -set_serial 4242 -days 30 -sha256 -extfile "$1.ext" -extensions v3 -out "$1.crt" 2>/dev/null
}
issue_with_key weak int-rsa weak.key "/CN=www.lab.test" "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nsubjectAltName=DNS:www.lab.test"
cat weak.crt int-rsa.crt >weak.chain.pem
glass_server weak.log --cert weak.chain.pem --key weak.key --www
check "a weak (1024-bit) server key is warned about at load" grep -q "WARNING: .*1024-bit RSA key is weak" weak.log
timeout 10 openssl s_client -connect "127.0.0.1:$PORT" -no_tls1_3 -sigalgs rsa_pss_rsae_sha512 -cipher ECDHE-RSA-AES128-GCM-SHA256 </dev/null >/dev/null 2>&1
sleep 0.2
check "only rsa_pss_rsae_sha512 offered to a 1024-bit key: handshake_failure, not an abort" grep -q "handshake_failure" weak.log
out=$(timeout 10 "$GLASS" client "127.0.0.1:$PORT" --servername www.lab.test --cafile roots.pem --get / 2>&1)
check "... and the server keeps serving" grep -q "This is Bank32.com!" <<<"$out"

# ---- a client chain built to explode path building ----------------------------------------------------
genkey loop p256
for i in $(seq 12); do
    openssl req -x509 -new -key loop.key -sha256 -subj "/CN=Loop CA" -days 365 -set_serial "$i" \
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign" -out "loop$i.crt" 2>/dev/null
done
cp loop1.crt loop.crt
issue loop-leaf loop reuse:loop "/CN=Loop Client" "$LEAF"
cat loop-leaf.crt loop*[0-9].crt >loop-chain.pem
glass_server loop.log $RSA --www --verify-client --cafile roots.pem --handshake-timeout 2
start=$(date +%s%N)
timeout 20 "$GLASS" client "127.0.0.1:$PORT" --servername www.lab.test --cafile roots.pem --cert loop-chain.pem --key loop-leaf.key --get / >/dev/null 2>&1
took=$((($(date +%s%N) - start) / 1000000))
sleep 0.2
echo "    (12 looping client CAs: the handshake ended after ${took} ms)"
check "a client chain of 12 looping CAs: the server gives up the search" grep -q "gave up after" loop.log
EXTRA="$CLIENT_CERT" still_serving "... and keeps serving"

# ... and a server that sends such a chain cannot hang glass client
cat loop-leaf.crt loop*[0-9].crt >loop-server-chain.pem
glass_server loop-server.log --cert loop-server-chain.pem --key loop-leaf.key --www
start=$(date +%s%N)
out=$(timeout 20 "$GLASS" client "127.0.0.1:$PORT" --servername www.lab.test --cafile roots.pem --get / 2>&1)
took=$((($(date +%s%N) - start) / 1000000))
echo "    (a server chain of 12 looping CAs: glass client gave up after ${took} ms)"
check "a server chain of 12 looping CAs: glass client gives up the search, with the reason" grep -q "gave up after" <<<"$out"

# ---- keyUsage must allow what the suite does with the key (RFC 5246 §7.4.2) -----------------------------
issue encipher-only int-rsa rsa "/CN=www.lab.test" \
    "basicConstraints=CA:FALSE\nkeyUsage=critical,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:www.lab.test"
cat encipher-only.crt int-rsa.crt >encipher-only.chain.pem
glass_server ku.log --cert encipher-only.chain.pem --key encipher-only.key --www
check "a keyEncipherment-only certificate is warned about at load" grep -q "keyUsage lacks digitalSignature" ku.log
out=$(timeout 10 "$GLASS" client "127.0.0.1:$PORT" --servername www.lab.test --cafile roots.pem --cipher ECDHE-RSA-AES128-GCM-SHA256 --get / 2>&1)
check "... so glass server will not sign an ECDHE key with it (handshake_failure)" grep -q "handshake_failure" <<<"$out"
out=$(timeout 10 "$GLASS" client "127.0.0.1:$PORT" --servername www.lab.test --cafile roots.pem --cipher AES128-GCM-SHA256 --get / 2>&1)
check "... but serves RSA key exchange with it" grep -q "This is Bank32.com!" <<<"$out"
PORT=$((PORT + 1))
timeout 10 openssl s_server -accept "127.0.0.1:$PORT" -naccept 1 -no_tls1_3 -cert encipher-only.crt -key encipher-only.key \
    -cert_chain int-rsa.crt -cipher ECDHE-RSA-AES128-GCM-SHA256 -www >/dev/null 2>&1 &
sleep 0.5
out=$(timeout 10 "$GLASS" client "127.0.0.1:$PORT" --servername www.lab.test --cafile roots.pem --get / 2>&1)
check "glass client refuses a server signing ECDHE with a keyEncipherment-only key" grep -q "keyUsage does not allow digitalSignature" <<<"$out"

# ---- sessions expire, and resuming does not extend them ------------------------------------------------
glass_server expiry.log $RSA --www --no-tickets --session-lifetime 2
"$GLASS" client "127.0.0.1:$PORT" --servername www.lab.test --cafile roots.pem --no-ticket --sess-out s1 </dev/null >/dev/null 2>&1
out=$("$GLASS" client "127.0.0.1:$PORT" --servername www.lab.test --cafile roots.pem --no-ticket --sess-in s1 </dev/null 2>&1)
check "within its lifetime the session is resumed" grep -q "Session           : REUSED" <<<"$out"
sleep 3.2
out=$("$GLASS" client "127.0.0.1:$PORT" --servername www.lab.test --cafile roots.pem --no-ticket --sess-in s1 </dev/null 2>&1)
check "after --session-lifetime (2 s from the full handshake, though resumed since) it is not" grep -q "Session           : new" <<<"$out"

# ---- 200 idle sockets from one address do not keep a normal client out ---------------------------------
glass_server idle.log $RSA --www
python3 - "$PORT" >idle-holder.log 2>&1 <<'PY' &
import socket, sys, time
socks = []
for _ in range(200):
    s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
    socks.append(s)
print("holding", len(socks), flush=True)
time.sleep(8)
PY
HOLDER=$!
for _ in $(seq 100); do grep -q holding idle-holder.log && break; sleep 0.05; done
start=$(date +%s%N)
out=$(timeout 10 "$GLASS" client "127.0.0.1:$PORT" --servername www.lab.test --cafile roots.pem --get / 2>&1)
took=$((($(date +%s%N) - start) / 1000000))
echo "    (beside 200 idle sockets, a normal client's page took ${took} ms)"
check "beside 200 idle sockets from its address a normal client is served" grep -q "This is Bank32.com!" <<<"$out"
check "... the oldest idle connections were dropped to make room" grep -q "dropped: the server was full" idle.log
kill "$HOLDER" 2>/dev/null
wait "$HOLDER" 2>/dev/null

# ---- a client dribbling one byte at a time cannot extend its handshake ------------------------------------
glass_server dribble.log $RSA --www --handshake-timeout 2
python3 - "$PORT" <<'PY' &
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
hello = bytes.fromhex("16030100") + b"\x40" + b"\x01" * 64
try:
    for b in hello:
        s.send(bytes([b]))
        time.sleep(0.4)
except OSError:
    pass
PY
DRIBBLER=$!
sleep 4
check "a client dribbling bytes is cut off at the handshake deadline (from accept)" grep -q "handshake timed out after 2 s" dribble.log
kill "$DRIBBLER" 2>/dev/null
wait "$DRIBBLER" 2>/dev/null

# ---- HTTP with bare LF line endings (RFC 9112 §2.2), as tlsfuzzer sends it ---------------------------------
glass_server lf.log $RSA --www
out=$(printf 'GET / HTTP/1.0\n\n' | timeout 10 openssl s_client -connect "127.0.0.1:$PORT" -no_tls1_3 -quiet -ign_eof 2>/dev/null)
check "--www answers a request whose lines end in a bare LF" grep -q "This is Bank32.com!" <<<"$out"

# ---- --html-dir within its budgets (issue 18): connections of one-byte records ------------------------------
# Each connection sends RECORDS one-byte records (each a card on its page) and
# holds HOLD seconds; N of them at once.
one_byte_records() {   # port connections records hold
    python3 - "$@" <<'PY'
import socket, ssl, sys, threading, time
port, n, records, hold = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
ctx = ssl.create_default_context(cafile="roots.pem")
def one():
    with ctx.wrap_socket(socket.create_connection(("127.0.0.1", port)), server_hostname="www.lab.test") as t:
        for _ in range(records):
            t.send(b"x")
            t.recv(1)   # the echo
        time.sleep(hold)
threads = [threading.Thread(target=one) for _ in range(n)]
for th in threads: th.start()
for th in threads: th.join()
PY
}
glass_server pages.log $RSA --html-dir pages --html-max-page 65536 --html-max-total 400000
timeout 60 bash -c "$(declare -f one_byte_records); one_byte_records $PORT 8 1500 0"
sleep 0.5
# Which connections' pages fit the total depends on the order they end in:
# every page that was written must have stopped at the cap and said so.
check "--html-dir: a page of one-byte records stops at --html-max-page, and says so on the page" \
    bash -c 'ls pages/*.html >/dev/null 2>&1 || exit 1
             for f in pages/*.html; do test "$(stat -c %s "$f")" -lt 200000 && grep -q "page truncated at 65536 bytes" "$f" || exit 1; done'
check "... the pages written in the run stay within --html-max-total" test "$(cat pages/*.html | wc -c)" -le 400000
check "... and the server says when that budget is spent" grep -q "no more pages are written" pages.log
glass_server live.log $RSA --html-dir live --html-max-page 16777216
timeout 60 bash -c "$(declare -f one_byte_records); one_byte_records $PORT 5 1 2"
sleep 0.5
check "--html-dir: 5 live pages of 16 MiB pass the 64 MiB budget: a connection gets no page, said once" \
    bash -c 'test "$(grep -c "new connections get no page" live.log)" = 1 && test "$(ls live | wc -l)" = 4'

# ---- glass client: a server that ends the connection before our input did ---------------------------------
# A TLS server (Python's ssl module) that reads 100 kB, then sends close_notify.
PORT=$((PORT + 1))
python3 - "$PORT" >closer.log 2>&1 <<'PY' &
import socket, ssl, sys, time
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.maximum_version = ssl.TLSVersion.TLSv1_2
ctx.load_cert_chain("leaf-rsa.chain.pem", "leaf-rsa.key")
ls = socket.create_server(("127.0.0.1", int(sys.argv[1])))
print("ready", flush=True)
c, _ = ls.accept()
t = ctx.wrap_socket(c, server_side=True)
got = 0
while got < 100000:
    got += len(t.recv(16384))
try:
    t.unwrap()   # close_notify: done, whatever the client still had to send
except ssl.SSLError:
    pass
time.sleep(2)
PY
for _ in $(seq 100); do grep -q ready closer.log && break; sleep 0.05; done
(head -c 1048576 /dev/zero; sleep 3; head -c 9437184 /dev/zero) |
    timeout 20 "$GLASS" client "127.0.0.1:$PORT" --servername www.lab.test --cafile roots.pem >/dev/null 2>trunc.err
rc=$?
check "glass client: input the server never received makes the exit non-zero" test "$rc" -eq 1
check "... and says how many bytes were not delivered" grep -q "bytes NOT delivered" trunc.err
check "... after printing the handshake summary" grep -q "^Cipher suite" trunc.err

# ---- a client that sends and never reads (to the echo) -----------------------------------------
# The event loop reads nothing more from a connection while its answer waits to be read: the
# client's flood stays in its own socket buffers, not in the server's memory, and the send
# deadline ends it.
glass_server flood-echo.log $RSA --send-timeout 2
/usr/bin/python3 - "$PORT" >flood-echo.out 2>&1 <<'PY' &
import socket, ssl, sys, time
ctx = ssl.create_default_context(cafile="roots.pem")
t = ctx.wrap_socket(socket.create_connection(("127.0.0.1", int(sys.argv[1]))), server_hostname="www.lab.test")
t.settimeout(1)
sent, block, until = 0, b"x" * 16384, time.time() + 6
try:
    while time.time() < until:
        sent += t.send(block)
except (socket.timeout, OSError):
    pass
print("sent", sent, flush=True)
time.sleep(4)
PY
FLOODER=$!
sleep 1.5
rss=$(awk '/^VmRSS/ {print $2}' "/proc/${SERVERS[-1]}/status")
wait $FLOODER
check "echo flooded by a client that never reads: the server's RSS stays under 40 MB (it was ${rss} kB)" test "${rss:-999999}" -lt 40000
check "... the client's sending stopped: back-pressure (it sent $(awk '{print $2}' flood-echo.out) bytes)" \
    bash -c '[ "$(awk "{print \$2}" flood-echo.out)" -lt 200000000 ]'
check "... and the send deadline ended it" grep -q "failed: the client went away" flood-echo.log
out=$(echo "echoed after the flood" | timeout 10 "$GLASS" client "127.0.0.1:$PORT" --servername www.lab.test --cafile roots.pem 2>/dev/null)
check "the server still echoes for a normal client after the flood" grep -q "echoed after the flood" <<<"$out"

# A server dripping its ServerHello one byte a second (tests/hostile_tls_server.py): --timeout is the
# deadline of the whole handshake, not an idle timeout that each byte would renew.
listening drip.log /usr/bin/python3 "$HERE/hostile_tls_server.py" drip @PORT@
out=$(timeout 20 "$GLASS" client "127.0.0.1:$PORT" --servername www.lab.test --cafile roots.pem --timeout 3 2>&1 </dev/null); rc=$?
check "glass client --timeout 3 against a dripping server: gives up (exit 1, not the hang guard's 124)" test "$rc" -eq 1
check "... in one sentence naming the handshake deadline" bash -c '[ "$(grep -c . <<<"$1")" -eq 1 ] &&
    grep -q "^glass client: the handshake did not finish within 3 s (--timeout, a deadline from the connection" <<<"$1"' _ "$out"

finish
