#!/usr/bin/env bash
# glass client against a real `openssl s_server` on 127.0.0.1, with the lab
# PKI: every suite, each group, each certificate type, EtM, EMS, resumption,
# client authentication, 10 MiB each way, and the failures that must fail.
# The last line is "N passed, N failed".
set -u
GLASS=$(realpath "${1:?usage: interop-client.sh path/to/glass}")
HERE="$(cd "$(dirname "$0")" && pwd)"
P=$(mktemp -d)
PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
    wait 2>/dev/null   # reap them quietly (no "Killed" job notices)
    exec 3>&-
    rm -rf "$P"
}
trap cleanup EXIT
bash "$HERE/pki/make-pki.sh" "$P" >/dev/null || { echo "FAIL - lab PKI"; echo "0 passed, 1 failed"; exit 1; }
bash "$HERE/pki/make-algorithms.sh" "$P" >/dev/null || { echo "FAIL - P-521 and RSA-PSS certificates"; echo "0 passed, 1 failed"; exit 1; }
cd "$P" || exit 1
. "$HERE/lib.sh"
PORT=$(first_port $$)

# s_server ends when its standard input ends; a FIFO held open by this
# script (fd 3) keeps it reading until the script exits.
mkfifo hold
exec 3<>hold

# server ARGS…: starts `openssl s_server` for one connection (two with N=2)
# on a fresh port and waits until it listens; a port another program holds
# (s_server exits at once): the next one.
server() {
    local try pid
    for try in 1 2 3 4 5; do
        PORT=$((PORT + 1))
        stdbuf -oL openssl s_server -accept "127.0.0.1:$PORT" -naccept "${N:-1}" "$@" <hold >"srv.$PORT.out" 2>"srv.$PORT.err" &
        pid=$!
        PIDS+=("$pid")
        case " $* " in *" -quiet "*) sleep 0.5; kill -0 "$pid" 2>/dev/null && return 0; continue ;; esac   # -quiet hides ACCEPT
        for _ in $(seq 200); do
            grep -q ACCEPT "srv.$PORT.out" 2>/dev/null && return 0
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.02
        done
        kill "$pid" 2>/dev/null
    done
    echo "    (s_server on port $PORT did not report ACCEPT: $(head -c 300 "srv.$PORT.err"))"
}
client() { timeout 60 "$GLASS" client "127.0.0.1:$PORT" --servername www.lab.test --cafile roots.pem "$@" 2>&1; }

# expect_ok NAME "REGEX" [client args]: exit 0 and the regex in the output
expect_ok() {
    local name=$1 regex=$2 out rc
    shift 2
    out=$(client "$@")
    rc=$?
    if [ $rc -eq 0 ] && grep -qE -- "$regex" <<<"$out"; then ok "$name"; else bad "$name (exit $rc)" "$out"; fi
}
# expect_fail NAME "TEXT" [client args]: exit 1 and the text in the output
expect_fail() {
    local name=$1 text=$2 out rc
    shift 2
    out=$(client "$@")
    rc=$?
    if [ $rc -eq 1 ] && grep -qF -- "$text" <<<"$out"; then ok "$name"; else bad "$name (exit $rc)" "$out"; fi
}

RSA="-cert leaf-rsa.crt -key leaf-rsa.key -cert_chain int-rsa.crt"
P256="-cert leaf-p256.crt -key leaf-p256.key -cert_chain int-p256.crt"
ED="-cert leaf-ed25519.crt -key leaf-ed25519.key -cert_chain int-ed25519.crt"
P384="-cert leaf-p384.crt -key leaf-p384.key -cert_chain int-p384.crt"

# ---- every suite in the table ------------------------------------------------------
for suite in $("$GLASS" ciphers | awk '{print $3}'); do
    case $suite in *ECDSA*) certs=$P256 ;; *) certs=$RSA ;; esac
    server $certs -www -no_tls1_3 -cipher "$suite"
    expect_ok "suite $suite" "Cipher suite *: .*\($suite\)" --get /
done

# ---- certificate types, groups, extensions ------------------------------------------
server $RSA -www -no_tls1_3; expect_ok "RSA-2048 certificate" "Signature scheme *: rsa_pss_rsae_sha256" --get /
server $P256 -www -no_tls1_3; expect_ok "ECDSA P-256 certificate" "Signature scheme *: ecdsa_secp256r1_sha256" --get /
server $P384 -www -no_tls1_3; expect_ok "ECDSA P-384 certificate" "Peer certificate *: CN=www.lab.test" --get /
server $ED -www -no_tls1_3; expect_ok "Ed25519 certificate" "Signature scheme *: ed25519" --get /
for g in x25519 secp256r1 secp384r1 secp521r1; do
    server $RSA -www -no_tls1_3 -groups "$g"; expect_ok "group $g" "Key exchange group: $g" --get / --groups "$g"
done
# OpenSSL 3.0 negotiates no RFC 7919 group in TLS 1.2 (its DHE uses -dhparam):
# the RFC 7919 primes as parameters, which glass client names.
for g in ffdhe2048 ffdhe3072 ffdhe4096 ffdhe6144 ffdhe8192; do
    openssl genpkey -genparam -algorithm DH -pkeyopt "group:$g" -out "$g.pem" 2>/dev/null
    server $RSA -www -no_tls1_3 -cipher DHE-RSA-AES128-GCM-SHA256 -dhparam "$g.pem"
    expect_ok "group $g (DHE)" "Key exchange group: $g" --get / --groups "$g"
done
# ---- issue 18 §4: ECDSA P-521 and RSA-PSS certificates (tests/pki/make-algorithms.sh) ------
P521="-cert leaf-p521.crt -key leaf-p521.key"
PSS="-cert leaf-rsapss.crt -key leaf-rsapss.key"
server $P521 -www -no_tls1_3
expect_ok "ECDSA P-521 certificate, SHA-512 chain" "Signature scheme *: ecdsa_secp521r1_sha512" --get / --cafile roots-algorithms.pem --sigalgs ecdsa_secp521r1_sha512
server $P521 -www -no_tls1_3 -groups P-521
expect_ok "P-521 certificate and P-521 key exchange" "Key exchange group: secp521r1" --get / --cafile roots-algorithms.pem --groups secp521r1
server $PSS -www -no_tls1_3
expect_ok "RSA-PSS certificate: rsa_pss_pss_sha256, PSS-signed chain" "Signature scheme *: rsa_pss_pss_sha256" --get / --cafile roots-algorithms.pem
server $PSS -www -no_tls1_3
expect_ok "RSA-PSS certificate: rsa_pss_pss_sha512 when asked" "Signature scheme *: rsa_pss_pss_sha512" --get / --cafile roots-algorithms.pem --sigalgs rsa_pss_pss_sha512
server -cert leaf-rsapss256.crt -key leaf-rsapss256.key -www -no_tls1_3
expect_ok "RSA-PSS key restricted to SHA-256 (RFC 4055 parameters)" "Signature scheme *: rsa_pss_pss_sha256" --get / --cafile roots-algorithms.pem
server $RSA -www -no_tls1_3 -cipher DHE-RSA-AES256-SHA; expect_ok "DHE with the server's own parameters" "DH 2048 bits" --get /
server $RSA -www -no_tls1_3 -cipher AES128-SHA; expect_ok "encrypt-then-MAC negotiated for CBC" "Encrypt-then-MAC: yes" --get /
server $RSA -www -no_tls1_3 -cipher AES128-SHA; expect_ok "MAC-then-encrypt with --no-etm" "Encrypt-then-MAC: no" --get / --no-etm
server $RSA -www -no_tls1_3; expect_ok "extended master secret negotiated" "Extended master secret: yes" --get /
server $RSA -www -no_tls1_3; expect_ok "no EMS with --no-ems" "Extended master secret: no" --get / --no-ems
server $RSA -www -no_tls1_3; expect_ok "--get / on s_server -www" "<HTML>|<html>" --get /
server $RSA -www -no_tls1_3 -alpn http/1.1; expect_ok "ALPN" "ALPN *: http/1.1" --get / --alpn h2:http/1.1

# ---- resumption -------------------------------------------------------------------------
N=2 server $RSA -www -no_tls1_3; expect_ok "resumption by session ticket (--reconnect)" "by session ticket" --reconnect --get /
N=2 server $RSA -www -no_tls1_3; expect_ok "resumed: Reused: yes" "Reused: yes" --reconnect --get /
N=2 server $RSA -www -no_tls1_3; expect_ok "resumption by session id (--no-ticket)" "by session id" --reconnect --no-ticket --get /
N=2 server $RSA -www -no_tls1_3; expect_ok "resumed by id: Reused: yes" "Reused: yes" --reconnect --no-ticket --get /
N=2 server $RSA -www -no_tls1_3 -cipher AES256-SHA256; expect_ok "resumption of a CBC + EtM session" "Reused: yes" --reconnect --get /
N=2 server $RSA -www -no_tls1_3; expect_ok "a resumed summary says verification was not repeated, and when it was done" "Verification *: not repeated: this session.s server was verified in the full handshake that made it \([0-9]{4}-" --reconnect --get /
N=2 server $RSA -www -no_tls1_3
client --get / --sess-out sess.bin >/dev/null
expect_ok "--sess-out then --sess-in resumes" "REUSED" --get / --sess-in sess.bin

# ---- client authentication ----------------------------------------------------------------
server $RSA -www -no_tls1_3 -Verify 2 -verify_return_error -CAfile roots.pem
expect_ok "client certificate accepted by s_server" "Verification *: ok" --get / --cert leaf-clientauth.chain.pem --key leaf-clientauth.key
server $RSA -www -no_tls1_3 -Verify 2 -verify_return_error -CAfile roots.pem
expect_fail "required client certificate missing" "handshake_failure" --get /

# ---- 10 MiB each way, checked by hash ---------------------------------------------------------
head -c 10485760 /dev/urandom >big.bin
want=$(sha256sum <big.bin | cut -d' ' -f1)
server $RSA -no_tls1_3 -quiet
client <big.bin >/dev/null
sleep 0.3
got=$(head -c 10485760 "srv.$PORT.out" | sha256sum | cut -d' ' -f1)
if [ "$got" = "$want" ]; then ok "10 MiB client -> server, same SHA-256"; else bad "10 MiB client -> server ($(wc -c <"srv.$PORT.out") bytes arrived)"; fi
server $RSA -WWW -no_tls1_3
client --get /big.bin >got.bin
got=$(python3 -c 'import sys,hashlib; d=open("got.bin","rb").read(); print(hashlib.sha256(d[d.index(b"\r\n\r\n")+4:]).hexdigest())' 2>/dev/null)
if [ "$got" = "$want" ]; then ok "10 MiB server -> client, same SHA-256"; else bad "10 MiB server -> client"; fi

# ---- key log, trace, message lines, certificates -------------------------------------------------
server $RSA -www -no_tls1_3 -keylogfile srv-keys.log
rm -f cli-keys.log
client --get / --keylog cli-keys.log >/dev/null
sleep 0.2
if [ -s cli-keys.log ] && diff <(grep CLIENT_RANDOM srv-keys.log) cli-keys.log >/dev/null; then ok "key log equals openssl's -keylogfile"; else bad "key log" "$(cat cli-keys.log srv-keys.log 2>&1)"; fi
server $RSA -www -no_tls1_3
SSLKEYLOGFILE=env-keys.log client --get / >/dev/null
if grep -qE '^CLIENT_RANDOM [0-9a-f]{64} [0-9a-f]{96}$' env-keys.log 2>/dev/null; then ok "SSLKEYLOGFILE is honoured"; else bad "SSLKEYLOGFILE"; fi
server $RSA -www -no_tls1_3; expect_ok "--trace narrates the master secret with its RFC section" 'master_secret \(48 bytes\) = PRF.*RFC (5246 §8.1|7627 §4)' --get / --trace
server $RSA -www -no_tls1_3; expect_ok "--trace shows the ServerHello fields" "cipher_suite TLS_ECDHE_RSA" --get / --trace
# Every field of the key exchange, for each kind, and both sides of the Finished check.
server $RSA -www -no_tls1_3; expect_ok "--trace, ECDHE: the ServerKeyExchange's curve, point and signature" \
    'named_curve x25519' --get / --trace --cipher ECDHE-RSA-AES128-GCM-SHA256
server $RSA -www -no_tls1_3; expect_ok "--trace, ECDHE: the key exchange's inputs (our key pair, the peer's value) and X25519" \
    "shared secret = X25519\(our private key, the peer's public value\)" --get / --trace --cipher ECDHE-RSA-AES128-GCM-SHA256
server $RSA -www -no_tls1_3; expect_ok "--trace, DHE: the key exchange's inputs" "key exchange: DHE on 2048-bit prime" \
    --get / --trace --cipher DHE-RSA-AES128-GCM-SHA256
server $RSA -www -no_tls1_3; expect_ok "--trace, ECDHE: the pre-master cites RFC 8422 §5.10" \
    'pre_master_secret \(32 bytes\) = .*RFC 8422 §5.10' --get / --trace --cipher ECDHE-RSA-AES128-GCM-SHA256
server $RSA -www -no_tls1_3; expect_ok "--trace, DHE: p, g, Ys and our Yc" 'dh_p 2048-bit prime \(256 bytes\)' --get / --trace --cipher DHE-RSA-AES128-GCM-SHA256
server $RSA -www -no_tls1_3; expect_ok "--trace, DHE: the client's dh_Yc" 'dh_Yc the client.s ephemeral public value g\^Xc mod p \(256 bytes\)' --get / --trace --cipher DHE-RSA-AES128-GCM-SHA256
server $RSA -www -no_tls1_3; expect_ok "--trace, RSA: the encrypted pre-master secret" 'EncryptedPreMasterSecret the pre-master secret, RSA-encrypted .* \(256 bytes\)' \
    --get / --trace --cipher AES128-GCM-SHA256
server $RSA -www -no_tls1_3; expect_ok "--trace, RSA: the PKCS #1 block the pre-master travels in" \
    'the PKCS #1 v1.5 block: 00 02, non-zero random padding, 00, the pre-master' --get / --trace --cipher AES128-GCM-SHA256
server $RSA -www -no_tls1_3; expect_ok "--trace: every record's sequence number" '<<< record: handshake, TLS 1.2, seq 0,' --get / --trace
server $RSA -www -no_tls1_3; expect_ok "--trace: the ClientHello's extensions, each by name and decoded" \
    'extension supported_groups \([0-9]+ bytes\): x25519' --get / --trace
server $RSA -www -no_tls1_3; expect_ok "--trace: the certificate list, each certificate's subject and issuer" \
    'certificate\[1\] subject O=glasstls lab, CN=Lab Intermediate RSA, issuer' --get / --trace
server $RSA -www -no_tls1_3; expect_ok "--trace: the NewSessionTicket's lifetime and ticket" 'ticket_lifetime_hint 7200 seconds' --get / --trace
server $RSA -www -no_tls1_3; expect_ok "--trace: the signature scheme of the ServerKeyExchange" 'signature_algorithm rsa_pss_rsae_sha256' --get / --trace
server $RSA -www -no_tls1_3; expect_ok "--trace: the expected and the received server verify_data" 'received server verify_data' --get / --trace
server $RSA -www -no_tls1_3; expect_ok "--trace: the ServerKeyExchange signature, its verdict and the exact bytes it covers" \
    "checked the peer's signature on ServerKeyExchange with rsa_pss_rsae_sha256 .*: VALID" --get / --trace --cipher ECDHE-RSA-AES128-GCM-SHA256
server $RSA -www -no_tls1_3; expect_ok "--trace-records: each AEAD record's nonce, additional data and tag" \
    'nonce = 4-byte salt from the key block \+ the 8-byte explicit nonce sent in the record \(RFC 5288 §3\)' --get / --trace-records --cipher ECDHE-RSA-AES128-GCM-SHA256
server $RSA -www -no_tls1_3; expect_ok "--trace-records: a CBC record's IV, MAC and padding" \
    'padding: [0-9]+ bytes of value' --get / --trace-records --cipher ECDHE-RSA-AES128-SHA
server $RSA -www -no_tls1_3; expect_ok "--trace: certificate validation step by step (signatures, the path, the host name)" \
    "\[ok\] host name 'www.lab.test' against certificate 0" --get / --trace
server $RSA -www -no_tls1_3; expect_ok "--trace: each signature of the path with its RFC 5280 section" \
    "\[ok\] signature of certificate 1 \(CN=Lab Intermediate RSA\) by CN=Lab Root RSA .*RFC 5280 §6.1.3" --get / --trace
server $RSA -www -no_tls1_3; expect_ok "--trace, ECDHE on P-256: the curve and the x-coordinate formula" \
    "shared secret = the x-coordinate of our private key times the peer's point" --get / --trace --groups P-256
server $P256 -www -no_tls1_3; expect_ok "--trace, an ECDSA certificate: the ServerKeyExchange signed with ECDSA and checked" \
    "signature on ServerKeyExchange with ecdsa_secp256r1_sha256 .*: VALID" --get / --trace
server $ED -www -no_tls1_3; expect_ok "--trace, an Ed25519 certificate: the ServerKeyExchange signed with Ed25519 and checked" \
    "signature on ServerKeyExchange with ed25519 .*: VALID" --get / --trace
# --trace-json: from the event stream alone, a script recomputes the master secret and the key block.
for ems in "" "--no-ems"; do
    server $RSA -www -no_tls1_3
    client --get / --trace-json trace.jsonl --cipher ECDHE-RSA-AES128-GCM-SHA256 $ems >/dev/null
    while IFS= read -r line; do
        case $line in ok\ -*) ok "--trace-json${ems:+ $ems}: ${line#ok - }" ;; FAIL\ -*) bad "--trace-json${ems:+ $ems}: ${line#FAIL - }" ;; esac
    done < <(python3 "$HERE/trace-json-check.py" "$GLASS" trace.jsonl sha256 2>&1 || echo "FAIL - trace-json-check.py failed")
done
server $RSA -www -no_tls1_3; expect_ok "--trace: key-block pieces by offset" 'client_write_key \(16 bytes\) = key_block\[0\.\.15\]' \
    --get / --trace --cipher ECDHE-RSA-AES128-GCM-SHA256
server $RSA -www -no_tls1_3; expect_ok "--msg prints one line per message" "<<< Handshake \[length [0-9]+\], ServerHelloDone" --get / --msg
# Each record's crypto block below that record's own line, in both directions.
server $RSA -www -no_tls1_3
out=$(client --get / --trace-records --cipher ECDHE-RSA-AES128-GCM-SHA256)
check "--trace-records: each opened or sealed block follows its own record's line (incoming and outgoing)" \
    awk '/^  \* opened a record/ { n++; if (last !~ /^<<< record: /) bad = 1 } /^  \* sealed a record/ { n++; if (last !~ /^>>> record: /) bad = 1 }
         { last = $0 } END { exit !(n >= 4 && !bad) }' <<<"$out"
# --msg: [length N] is the header's length field; the whole is named apart.
server $RSA -www -no_tls1_3
out=$(client --get / --msg)
check "--msg: the record header's length field is its fragment, and the total says it includes the 5-byte header" \
    awk '/Record Header \[length/ { n++; f = $0; sub(/.*\[length /, "", f); sub(/\].*/, "", f)
                                     if (index($0, "(" f "-byte fragment, " f + 5 " with its 5-byte header)") == 0) bad = 1 }
         END { exit !(n >= 4 && !bad) }' <<<"$out"
check "--msg: a handshake line's length is its body (ServerHelloDone: 0), the total with its 4-byte header named" \
    grep -q "<<< Handshake \[length 0\], ServerHelloDone (0-byte body, 4 with its 4-byte header)" <<<"$out"
# --step without a terminal (setsid: no controlling tty) and input from a
# pipe: it says so, does not pause, and the piped request reaches the server.
server $RSA -www -no_tls1_3
out=$(printf 'GET / HTTP/1.0\r\n\r\n' | timeout 60 setsid "$GLASS" client "127.0.0.1:$PORT" --servername www.lab.test --cafile roots.pem --step 2>&1)
check "--step without a terminal says it runs without pausing" grep -q "^--step: no terminal to answer from" <<<"$out"
check "... still lists the steps" grep -q "about to PROCESS ServerHelloDone" <<<"$out"
check "... and the request piped in reaches the server, which answers it" grep -q "HTTP/1.0 200 ok" <<<"$out"
server $RSA -www -no_tls1_3; expect_ok "--showcerts prints the chain in PEM" "BEGIN CERTIFICATE" --get / --showcerts
server -cert leaf-by-other-root.crt -key leaf-by-other-root.key -www -no_tls1_3
expect_ok "--insecure connects, with a warning" "WARNING: --insecure" --get / --insecure

# ---- --json: one outcome object per connection, valid against docs/outcome.schema.json -------------
# outcome FILE ARGS…: tests/outcome-check.py with the schema (exit 0 when every check holds)
outcome() { /usr/bin/python3 "$HERE/outcome-check.py" "$HERE/../docs/outcome.schema.json" "$@"; }
server $RSA -www -no_tls1_3
timeout 60 "$GLASS" client "127.0.0.1:$PORT" --servername www.lab.test --cafile roots.pem --get / --json --trace-json outcome.jsonl >json.out 2>json.err
rc=$?
fp=$(openssl x509 -in leaf-rsa.crt -noout -fingerprint -sha256 | cut -d= -f2 | tr -d : | tr A-F a-f)
check "--json: one schema-valid object: the suite, SNI, verification, the leaf's fingerprint as openssl's" \
    outcome json.out --count 1 side=client ok=true handshake_complete=true version.code=771 'cipher_suite.name~^TLS_ECDHE_RSA_' \
    sni=www.lab.test verification.ok=true extended_master_secret=true session_ticket.issued=true resumed=false \
    "peer=127.0.0.1:$PORT" peer_chain.0.subject~CN=www.lab.test "peer_chain.0.sha256_fingerprint=$fp" alert=null \
    'bytes.application.received>0' 'bytes.wire.received>0' 'timings_ms.handshake>0'
check "--json: exit 0, and the server's page on standard error, not standard output" \
    bash -c "[ $rc -eq 0 ] && grep -q s_server json.err && ! grep -q s_server json.out"
check "--trace-json ends with the outcome event, the same object --json printed" /usr/bin/python3 -c '
import json, sys
last = json.loads(open("outcome.jsonl").read().splitlines()[-1])
sys.exit(0 if last["event"] == "outcome" and last["outcome"] == json.loads(open("json.out").read()) else 1)'
check "--trace-json's outcome is schema-valid" outcome outcome.jsonl --count 1 ok=true
server $RSA -www -no_tls1_3
timeout 60 "$GLASS" client "127.0.0.1:$PORT" --servername evil.example --cafile roots.pem --get / --json >json.out 2>/dev/null
check "--json, a wrong host name: the exit status stays 1" test $? -eq 1
check "--json, a wrong host name: the object says why, and which alert was sent" \
    outcome json.out --count 1 ok=false handshake_complete=false verification.performed=true verification.ok=false \
    "verification.sentence~does not match host 'evil.example'" alert.direction=sent alert.description=certificate_unknown \
    alert.code=46 'error~certificate_unknown' sni=evil.example
sleep 0.2   # s_server's one connection is over: nothing listens on the port now
timeout 10 "$GLASS" client "127.0.0.1:$PORT" --servername www.lab.test --cafile roots.pem --json >json.out 2>/dev/null </dev/null
check "--json, nothing listening: an object still, with the reason" outcome json.out --count 1 ok=false 'error~cannot connect' version=null
N=2 server $RSA -www -no_tls1_3
timeout 60 "$GLASS" client "127.0.0.1:$PORT" --servername www.lab.test --cafile roots.pem --get / --reconnect --json >json.out 2>/dev/null
check "--json --reconnect: two objects, the first a full handshake" outcome json.out --count 2 --index 0 resumed=false verification.ok=true
check "--json --reconnect: the second resumed by ticket, nothing verified again" \
    outcome json.out --index 1 resumed=true session_ticket.used=true verification.performed=false peer_chain_length=0

# ---- must fail, with the right message ------------------------------------------------------------
server $RSA -www -no_tls1_3
expect_fail "wrong host name refused" "certificate_unknown: the server's certificate was rejected: certificate 0 (CN=www.lab.test): does not match host 'evil.example'" --get / --servername evil.example
server $RSA -www -no_tls1_3
expect_ok "--no-check-hostname accepts the wrong name" "host name NOT checked" --get / --servername evil.example --no-check-hostname
# --resolve (curl's spelling): the name stays www.lab.test while the socket goes to 127.0.0.1 —
# and SEED's §36.6 experiment, a name the certificate lacks mapped to the same server, is refused.
server $RSA -www -no_tls1_3
out=$(timeout 60 "$GLASS" client "www.lab.test:$PORT" --resolve "www.lab.test:$PORT:127.0.0.1" --cafile roots.pem --get / 2>&1)
if [ $? -eq 0 ] && grep -q "is 127.0.0.1:$PORT (the name stays www.lab.test)" <<<"$out" && grep -q "s_server" <<<"$out"; then
    ok "--resolve www.lab.test:PORT:127.0.0.1: connected there, SNI and verification for www.lab.test"
else bad "--resolve www.lab.test:PORT:127.0.0.1" "$out"; fi
server $RSA -www -no_tls1_3
out=$(timeout 60 "$GLASS" client "www.example.com:$PORT" --resolve "www.example.com:*:127.0.0.1" --cafile roots.pem --get / 2>&1)
if [ $? -eq 1 ] && grep -qF "does not match host 'www.example.com'" <<<"$out"; then
    ok "--resolve www.example.com:*:127.0.0.1 (the SEED DNS experiment): the lab certificate is refused for that name"
else bad "--resolve www.example.com to the lab server" "$out"; fi
timeout 10 "$GLASS" client "www.lab.test:$PORT" --resolve "www.lab.test:127.0.0.1" >/dev/null 2>&1
check "--resolve without a port is a usage error (exit 2)" test $? -eq 2
server -cert leaf-by-other-root.crt -key leaf-by-other-root.key -www -no_tls1_3
expect_fail "unknown CA refused" "unknown_ca: the server's certificate was rejected" --get /
server -cert leaf-expired.crt -key leaf-expired.key -cert_chain int-p256.crt -www -no_tls1_3
expect_fail "expired certificate refused" "certificate_expired: the server's certificate was rejected: certificate 0 (CN=www.lab.test): expired" --get /
server $RSA -www -tls1_1 -cipher 'ALL:@SECLEVEL=0'
expect_fail "a TLS 1.1 server is refused" "protocol_version: the server chose TLS 1.1" --get /
server $RSA -www -no_tls1_3 -cipher AES128-SHA
expect_fail "no common cipher suite" "handshake_failure" --get / --cipher ECDHE-RSA-AES128-GCM-SHA256
expect_fail "nothing listening" "cannot connect" --get /

# A server that dies mid-connection (no close_notify): reported as truncation.
server $RSA -no_tls1_3
mkfifo client-in
exec 6<>client-in
client <client-in >trunc.out 2>&1 &
cpid=$!
for _ in $(seq 100); do grep -q "^Verification" trunc.out && break; sleep 0.05; done
kill -9 "${PIDS[-1]}"
wait "$cpid"
rc=$?
wait "${PIDS[-1]}" 2>/dev/null   # reap the killed server quietly
exec 6>&-
if [ $rc -eq 1 ] && grep -q "without close_notify: the data may be TRUNCATED" trunc.out; then
    ok "a connection cut without close_notify is reported as truncation (exit 1)"
else
    bad "truncation (exit $rc)" "$(cat trunc.out)"
fi

# ---- the lab demo runs and shows both halves of the MITM experiment ---------------------------------
demo=$(cd "$HERE/.." && LAB_DEMO_PORT=$((PORT + 1)) ./tools/lab demo 2>&1)
rc=$?
if [ $rc -eq 0 ] && grep -q "master_secret (48 bytes)" <<<"$demo" && grep -q "does not match host 'bank32.example'" <<<"$demo" &&
    grep -q "host name NOT checked" <<<"$demo" && grep -q "curl  | This is Bank32.com!" <<<"$demo" &&
    [ "$(grep -c "s_client| Reused, TLSv1.2" <<<"$demo")" -ge 4 ] && grep -q "server| glass server: stopped after" <<<"$demo"; then
    ok "./tools/lab demo: traced handshake, the MITM experiment, glass server to curl and s_client"
else
    bad "./tools/lab demo (exit $rc)" "$(tail -20 <<<"$demo")"
fi
# Part 4: the observer's view, and the page told apart by size alone (the
# demo picks one of the two at random; the request line must agree).
guess=$(sed -n 's/.*): it was \/\(vote-[a-z]*\.html\) -- .*/\1/p' <<<"$demo")
if [ -n "$guess" ] && grep -q "first request was: GET /$guess HTTP/1.1" <<<"$demo" && grep -q "name       www.lab.test" <<<"$demo" &&
    grep -q "client Finished verified, server Finished verified" <<<"$demo"; then
    ok "./tools/lab demo: the observer's view, which tells the page ($guess) from the sizes alone"
else
    bad "./tools/lab demo: the observer part" "$(sed -n '/== 4/,$p' <<<"$demo" | tail -20)"
fi
if grep -q "curl  | This is EvilBank32.com!   <- altered by the proxy" <<<"$demo" && grep -q "curl  | curl: (60)" <<<"$demo" &&
    grep -q "LEAKED: the server answered" <<<"$demo" && grep -q "REFUSED: the server sent a fatal bad_record_mac" <<<"$demo"; then
    ok "./tools/lab demo: the proxy alters the page, Heartbleed leaks the demo arena, the replay is refused"
else
    bad "./tools/lab demo: the attack part" "$(sed -n '/== 5/,$p' <<<"$demo" | tail -20)"
fi

finish
