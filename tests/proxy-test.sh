#!/usr/bin/env bash
# glass proxy, the man in the middle (SEED §36.8), against real clients:
# curl and headless Chromium (through --proxy-server, trusting the lab CA
# in an NSS database of its own) -> glass proxy -> glass server --www.
# With the lab CA trusted the victim sees the page and the proxy logs it;
# with --replace the page is altered; without the lab CA the victim
# refuses; a real server that fails verification is never relayed.
#   usage: proxy-test.sh path/to/glass
set -u
GLASS=$(realpath "${1:?usage: proxy-test.sh path/to/glass}")
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/lib.sh"
lab_dir
PORT=$(first_port $(($$ * 29)))
"$GLASS" ca init ca --key rsa --name "CN=Totally Legit CA, O=glass proxy lab" >/dev/null

glass_server bank.log --cert leaf-rsa.chain.pem --key leaf-rsa.key --www
BANK=$PORT
proxy() {   # log-file proxy-args…
    local log=$1
    shift
    PORT=$((PORT + 1))
    "$GLASS" proxy --listen "$PORT" --ca ca --cafile roots.pem "$@" >"$log" 2>&1 &
    SERVERS+=($!)
    for _ in $(seq 200); do grep -q "listening on" "$log" && break; sleep 0.02; done
}

# ---- curl, transparent (the victim resolves www.lab.test to the proxy) --------------------------
proxy plain.log --upstream "127.0.0.1:$BANK"
out=$(curl -sS --cacert ca/ca.pem --resolve "www.lab.test:$PORT:127.0.0.1" "https://www.lab.test:$PORT/" 2>&1)
check "curl trusting the lab CA gets the page through the proxy" grep -q "<h1>This is Bank32.com!</h1>" <<<"$out"
sleep 0.3
check "... the proxy forged a certificate for the name asked for" grep -q "victim accepted the forged certificate for www.lab.test" plain.log
check "... verified the real server first" grep -q "upstream verified: CN=www.lab.test" plain.log
check "... and logged the request in clear" grep -q "    | GET / HTTP/1.1" plain.log
check "... and the response" grep -q "    | <body><h1>This is Bank32.com!</h1>" plain.log
out=$(openssl s_client -connect "127.0.0.1:$PORT" -servername www.lab.test -showcerts </dev/null 2>/dev/null)
check "the forged certificate names www.lab.test and the lab CA as issuer" \
    bash -c 'grep -q "s:CN = www.lab.test" <<<"$1" && grep -q "i:CN = Totally Legit CA" <<<"$1"' _ "$out"
out=$(curl -sS --cacert roots.pem --resolve "www.lab.test:$PORT:127.0.0.1" "https://www.lab.test:$PORT/" 2>&1)
check "curl that does not trust the lab CA refuses (the attack fails)" grep -q "curl: (60)" <<<"$out"
sleep 0.3
check "... and the proxy says the victim refused the forged certificate" grep -q "the victim refused the forged certificate: unknown_ca" plain.log

# ---- --replace, the book's example, and the page altered -------------------------------------------
proxy replace.log --upstream "127.0.0.1:$BANK" --replace "request:cybersecurity=SEED+Labs" --replace "response:Bank32=EvilBank32"
out=$(curl -sS --cacert ca/ca.pem --resolve "www.lab.test:$PORT:127.0.0.1" "https://www.lab.test:$PORT/?q=cybersecurity" 2>&1)
check "--replace response: the page the victim sees is altered" grep -q "<h1>This is EvilBank32.com!</h1>" <<<"$out"
sleep 0.3
check "... the request was rewritten (SEED's example), and the proxy says so" \
    bash -c 'grep -q "replaced .cybersecurity. with .SEED+Labs. in the request" replace.log && grep -q "replaced .Bank32. with .EvilBank32. in the response" replace.log'
check "... what went on to the real server is shown too" grep -q "    > GET /?q=SEED+Labs HTTP/1.1" replace.log
proxy logged.log --upstream "127.0.0.1:$BANK" --log plaintext.log
curl -sS --cacert ca/ca.pem --resolve "www.lab.test:$PORT:127.0.0.1" "https://www.lab.test:$PORT/secret-path" >/dev/null 2>&1
sleep 0.3
check "--log FILE: the plaintext goes to the file, not to standard output" \
    bash -c 'grep -q "    | GET /secret-path HTTP/1.1" plaintext.log && ! grep -q "secret-path" logged.log'

# ---- a real server that fails verification is not relayed ---------------------------------------------
proxy refuse.log --upstream "127.0.0.1:$BANK"
out=$(curl -sS --cacert ca/ca.pem --resolve "bank32.example:$PORT:127.0.0.1" "https://bank32.example:$PORT/" 2>&1)
sleep 0.3
check "a real server whose certificate does not verify: REFUSED, one clear line" grep -q "REFUSED: the real server failed verification" refuse.log
check "... and the victim gets no page" bash -c '! grep -q "Bank32" <<<"$1"' _ "$out"

# ---- a slowloris cannot hold the proxy (issue 18) -------------------------------------------------------
# 8 sockets from one address drip a CONNECT request a byte every 0.3 s. One
# deadline for the CONNECT and the ClientHello closes each (a timeout per read
# never would); the per-address cap lets a real victim in meanwhile by
# dropping the oldest of them.
proxy slow.log --connect --upstream "127.0.0.1:$BANK" --max-per-address 4 --hello-timeout 2
timeout 20 /usr/bin/python3 - "$PORT" 8 >drip.out 2>&1 <<'PY' &
import socket, sys, time
port, n = int(sys.argv[1]), int(sys.argv[2])
socks = [socket.create_connection(("127.0.0.1", port)) for _ in range(n)]
for s in socks: s.setblocking(False)
line, i, alive = b"CONNECT www.lab.test:443 HTTP/1.1\r\nHost: www.lab.test", 0, set(range(n))
while alive:
    time.sleep(0.3)
    for k in list(alive):
        try:
            socks[k].send(line[i % len(line):i % len(line) + 1])
            if socks[k].recv(100) == b"": alive.discard(k)
        except BlockingIOError: pass
        except OSError: alive.discard(k)
    i += 1
print("every dripping socket was closed by the proxy")
PY
DRIP=$!
sleep 0.5
out=$(curl -sS --max-time 10 --cacert ca/ca.pem -x "http://127.0.0.1:$PORT" "https://www.lab.test:$BANK/" 2>&1)
check "a victim gets through while one address drips 8 slow CONNECTs" grep -q "This is Bank32.com!" <<<"$out"
wait $DRIP
check "... every dripping socket was closed, within one deadline for CONNECT and ClientHello" grep -q "every dripping socket was closed" drip.out
check "... the proxy said it dropped the oldest of that address to make room" grep -q "full: dropped the oldest connection of 127.0.0.1" slow.log
check "... and why the others went" grep -q "timed out waiting for the CONNECT request (one deadline" slow.log

# ---- HTTP CONNECT: curl -x and Chromium --proxy-server ---------------------------------------------
proxy connect.log --connect --upstream "127.0.0.1:$BANK" --replace "response:Bank32=EvilBank32" --html-dir pages
out=$(curl -sS --cacert ca/ca.pem -x "http://127.0.0.1:$PORT" "https://www.lab.test:$BANK/" 2>&1)
check "curl -x (HTTP CONNECT) through the proxy gets the altered page" grep -q "EvilBank32" <<<"$out"
sleep 0.3
check "--html-dir: a page for each leg of the connection" bash -c 'ls pages/connection-1-victim.html pages/connection-1-upstream.html >/dev/null'
need_chromium
if command -v certutil >/dev/null; then
    mkdir -p home/.pki/nssdb
    certutil -N -d sql:home/.pki/nssdb --empty-password
    certutil -A -d sql:home/.pki/nssdb -n "lab CA" -t "C,," -i ca/ca.pem
    dom=$(HOME="$P/home" headless "$P/chromium" --proxy-server="http://127.0.0.1:$PORT" --dump-dom "https://www.lab.test:$BANK/")
    check "Chromium through --proxy-server, trusting the lab CA, shows the altered Bank32 page" grep -q "<h1>This is EvilBank32.com!</h1>" <<<"$dom"
    dom=$(HOME="$P/nohome" headless "$P/chromium2" --proxy-server="http://127.0.0.1:$PORT" --dump-dom "https://www.lab.test:$BANK/")
    check "... and without the lab CA, Chromium refuses" bash -c '! grep -q "Bank32" <<<"$1"' _ "$dom"
else
    bad "certutil is installed (./tools/lab installs libnss3-tools)"
fi
# Without --upstream the CONNECT target is the real server: www.lab.test, which only --resolve knows.
proxy resolve.log --connect --resolve "www.lab.test:$BANK:127.0.0.1"
out=$(curl -sS --cacert ca/ca.pem -x "http://127.0.0.1:$PORT" "https://www.lab.test:$BANK/" 2>&1)
check "--connect --resolve: the CONNECT target www.lab.test reached at 127.0.0.1, the page relayed" grep -q "This is Bank32.com!" <<<"$out"
finish
