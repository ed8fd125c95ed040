#!/usr/bin/env bash
# glass decode against captures made here: by `glass client --pcap` (every
# key-exchange kind, both CBC forms, ChaCha20, a resumed session) and by
# tcpdump on the loopback interface (curl -> glass server over IPv4 and IPv6,
# Ethernet and Linux-cooked link types, pcapng, TLS 1.3). Each decryption is
# compared with tshark's from the same capture and key log
# (tests/decode-compare.py); awkward captures come from tests/pcap-tool.py.
#   usage: decode-test.sh path/to/glass
set -u
GLASS=$(realpath "${1:?usage: decode-test.sh path/to/glass}")
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/lib.sh"
for tool in tshark editcap; do
    command -v $tool >/dev/null || { bad "$tool is installed (./tools/lab installs Debian's tshark)"; finish; exit 1; }
done
lab_dir
PORT=$(first_port $(($$ * 19)))
RSA="-cert leaf-rsa.crt -key leaf-rsa.key -cert_chain int-rsa.crt"
P256="-cert leaf-p256.crt -key leaf-p256.key -cert_chain int-p256.crt"
s_server() { s_server_www "$@"; }   # s_server N-ACCEPT ARGS…
compare() {   # name capture keylog ports…
    local name=$1
    shift
    while IFS= read -r line; do
        case $line in ok\ -*) ok "$name: ${line#ok - }" ;; FAIL\ -*) bad "$name: ${line#FAIL - }" ;; esac
    done < <(python3 "$HERE/decode-compare.py" "$GLASS" "$@" 2>&1 || true)
}
# capture NAME CLIENT-ARGS…: glass client writes its own connection as a capture.
capture() {
    local name=$1
    shift
    rm -f "$name.keys"
    timeout 30 "$GLASS" client "127.0.0.1:$PORT" --servername www.lab.test --cafile roots.pem --get / --pcap "$name.pcap" \
        --keylog "$name.keys" "$@" </dev/null >/dev/null 2>"$name.err" || bad "$name: glass client" "$(tail -3 "$name.err")"
}

# ---- every key-exchange kind and record protection, from glass client --pcap -----------------------
s_server 1 $RSA; capture ecdhe-x25519 --cipher ECDHE-RSA-AES128-GCM-SHA256; compare "ECDHE x25519, AES-GCM" ecdhe-x25519.pcap ecdhe-x25519.keys $PORT
s_server 1 $P256; capture ecdhe-p256 --cipher ECDHE-ECDSA-AES256-GCM-SHA384 --groups P-256; compare "ECDHE P-256, ECDSA, AES-256-GCM" ecdhe-p256.pcap ecdhe-p256.keys $PORT
s_server 1 $RSA; capture dhe-cbc --cipher DHE-RSA-AES128-SHA256; compare "DHE, CBC encrypt-then-MAC" dhe-cbc.pcap dhe-cbc.keys $PORT
s_server 1 $RSA; capture rsa-cbc-mte --cipher AES128-SHA --no-etm; compare "RSA key exchange, CBC MAC-then-encrypt" rsa-cbc-mte.pcap rsa-cbc-mte.keys $PORT
s_server 1 $RSA; capture chacha --cipher ECDHE-RSA-CHACHA20-POLY1305; compare "ChaCha20-Poly1305" chacha.pcap chacha.keys $PORT
s_server 2 $RSA; capture resumed --reconnect; compare "a full handshake, then the session resumed" resumed.pcap resumed.keys $PORT
out=$("$GLASS" decode resumed.pcap --keylog resumed.keys 2>&1)
check "the second connection is recognised as resumed" grep -q "connection 2: TLS 1.2, .*resumed session" <<<"$out"
out=$("$GLASS" decode dhe-cbc.pcap --keylog dhe-cbc.keys --records 2>&1)
check "--records: each protected record's IV, MAC and padding, as --trace-records shows them" grep -q "padding: [0-9]* bytes of value" <<<"$out"
check "the decrypted request is printed" grep -q "| GET / HTTP/1.1" <<<"$out"
out=$("$GLASS" decode dhe-cbc.pcap 2>&1)
check "without keys each protected record says it is encrypted, not '0 bytes of plaintext'" \
    bash -c 'grep -q "encrypted: no key to open it" <<<"$1" && ! grep -q " 0 bytes of plaintext" <<<"$1"' _ "$out"

# ---- heartbeat records (RFC 6520, content type 24) in the middle of a conversation --------------------
glass_server heartbeat-server.log --cert leaf-rsa.chain.pem --key leaf-rsa.key --www --heartbeat
capture heartbeat --heartbeat
out=$("$GLASS" decode heartbeat.pcap --keylog heartbeat.keys 2>&1); rc=$?
check "a capture with heartbeat records decodes to the end: exit 0, both Finished verified" \
    bash -c '[ "$1" -eq 0 ] && grep -q "client Finished verified, server Finished verified" <<<"$2"' _ "$rc" "$out"
check "... the HeartbeatRequest and its response are shown as records" \
    bash -c '[ "$(grep -c "record: heartbeat, TLS 1.2" <<<"$1")" -eq 2 ]' _ "$out"
check "... and the page after them is decrypted" grep -q "| HTTP/1.1 200 OK" <<<"$out"

# ---- out of order, retransmitted and overlapping segments; pcapng ---------------------------------
python3 "$HERE/pcap-tool.py" mangle ecdhe-x25519.pcap mangled.pcap
compare "segments out of order, overlapping and retransmitted" mangled.pcap ecdhe-x25519.keys $PORT
editcap -F pcapng ecdhe-p256.pcap ecdhe-p256.pcapng 2>/dev/null
out=$("$GLASS" decode ecdhe-p256.pcapng --keylog ecdhe-p256.keys 2>&1)
check "a pcapng capture: both Finished verified" grep -q "client Finished verified, server Finished verified" <<<"$out"

# ---- missing, wrong and partial keys; hostile captures ---------------------------------------------
out=$("$GLASS" decode chacha.pcap --keylog resumed.keys 2>&1); rc=$?
check "a key log without this connection: said so, exit 1" \
    bash -c '[ "$1" -eq 1 ] && grep -q "the key log has no CLIENT_RANDOM line for this connection" <<<"$2"' _ "$rc" "$out"
python3 -c 'import sys; l = open(sys.argv[1]).read().strip(); print(l[:-1] + ("0" if l[-1] != "0" else "1"))' chacha.keys >wrong.keys
out=$("$GLASS" decode chacha.pcap --keylog wrong.keys 2>&1); rc=$?
check "a wrong master secret: the records do not open, said so, exit 1" \
    bash -c '[ "$1" -eq 1 ] && grep -q "bad_record_mac" <<<"$2"' _ "$rc" "$out"
python3 "$HERE/pcap-tool.py" gap ecdhe-x25519.pcap gap.pcap
out=$("$GLASS" decode gap.pcap --keylog ecdhe-x25519.keys 2>&1)
check "a segment missing from the capture: one line says where" grep -q "gap: the server's stream: a segment is missing after byte" <<<"$out"
head -c 3000 ecdhe-x25519.pcap >cut.pcap
out=$("$GLASS" decode cut.pcap 2>&1)
check "a truncated capture: decoded as far as it goes, one line says so" grep -q "note: the capture is damaged after packet" <<<"$out"
head -c 5000 /dev/urandom >noise.pcap
out=$("$GLASS" decode noise.pcap 2>&1); rc=$?
check "not a capture at all: one sentence, exit 2" bash -c '[ "$1" -eq 2 ] && grep -q "cannot read the capture" <<<"$2"' _ "$rc" "$out"
python3 "$HERE/pcap-tool.py" plain plain.pcap
out=$("$GLASS" decode plain.pcap 2>&1); rc=$?
check "a TCP stream that is not TLS: said so, exit 1" bash -c '[ "$1" -eq 1 ] && grep -q "not TLS: the client.s first bytes are .GET / HT." <<<"$2"' _ "$rc" "$out"

# ---- hostile captures that cost time or memory (issue 18 §5): each took seconds or ~1 GB before --------
# measured NAME ARGS…: glass decode ARGS, output in NAME.out; its exit status in RC, its peak RSS (KB)
# in KB; `timeout 20` only guards against a hang.
measured() {
    local name=$1
    shift
    /usr/bin/time -f %M -o "$name.rss" timeout 20 "$GLASS" decode "$@" >"$name.out" 2>"$name.err"
    RC=$?
    KB=$(tail -1 "$name.rss")
}
python3 "$HERE/pcap-tool.py" finished finished.pcap finished.keys 8000
measured finished finished.pcap --keylog finished.keys
check "8000 plaintext Finished from the client: the first checked, the second said once, no note per Finished" \
    bash -c '[ "$1" -ne 124 ] && grep -q "note: a second Finished from the client in one connection: a protocol violation" finished.out &&
             [ "$(grep -c "note:" finished.out)" -le 33 ]' _ "$RC"
python3 "$HERE/pcap-tool.py" hole hole.pcap 30000
measured hole hole.pcap
check "30,000 one-byte segments behind a hole: the direction gives up at the segment bound, said in one line" \
    bash -c '[ "$1" -ne 124 ] && grep -q "gap: the client.s stream: more than 16384 segments arrived after a segment that never came" hole.out' _ "$RC"
python3 "$HERE/pcap-tool.py" tiny tiny.pcap 1 400000
measured tiny tiny.pcap
check "400,000 tiny messages: the text is streamed, not kept (peak RSS ${KB} KB < 40 MB)" \
    bash -c '[ "$1" -eq 0 ] && [ "$2" -lt 40000 ] && grep -q "^-- connection 1: TLS 1.2" tiny.out' _ "$RC" "$KB"
python3 "$HERE/pcap-tool.py" tiny tiny20.pcap 20 8000
measured tiny20 tiny20.pcap --html tiny20.html
check "20 interleaved connections of tiny messages: one 16 MiB cap for the whole page (peak RSS ${KB} KB < 100 MB), said on it" \
    bash -c '[ "$1" -eq 0 ] && [ "$2" -lt 100000 ] && [ "$(stat -c %s tiny20.html)" -lt 20000000 ] &&
             grep -q "The page stopped growing at 16 MiB" tiny20.html' _ "$RC" "$KB"
check "... and the text trace takes turns: a connection's later output under \"== connection N (continued)\"" \
    bash -c 'grep -q "^== connection 20: client 127.0.0.1:40019 -> server 127.0.0.2:443$" tiny20.out && grep -q "^== connection 1 (continued)$" tiny20.out'

# ---- --html and --json of a capture -----------------------------------------------------------------
"$GLASS" decode resumed.pcap --keylog resumed.keys --html resumed.html >/dev/null 2>&1
check "--html: one page, both connections, their records as cards and the verdict" \
    bash -c 'grep -q "class=\"card client record\"" resumed.html && grep -q "connection 2" resumed.html &&
             [ "$(grep -c "both Finished messages recomputed and verified" resumed.html)" -eq 2 ]'
CHROMIUM=$(command -v chromium || true)
if [ -n "$CHROMIUM" ]; then
    dom=$(headless "$P/profile" --dump-dom "file://$P/resumed.html")
    cards=$(grep -o 'class="card [a-z]* record"' <<<"$dom" | wc -l)
    verdicts=$(grep -c 'outcome good' <<<"$dom")
    check "... and Chromium renders it: a card per record of both connections ($cards), each verdict ($verdicts)" \
        test "$cards" -ge 20 -a "$verdicts" -ge 2
fi
"$GLASS" decode ecdhe-x25519.pcap --keylog ecdhe-x25519.keys --json >decoded.jsonl 2>&1
check "--json: the event stream, each line tagged with its connection, with dissected messages" python3 -c '
import json, sys
lines = [json.loads(l) for l in open("decoded.jsonl")]
sys.exit(0 if all(l.get("connection") == "connection 1" for l in lines) and any(l["event"] == "message" and l["fields"] for l in lines)
         and any(l["event"] == "connection_summary" and l["server_finished"] == "verified" for l in lines) else 1)'

# ---- --html without keys: the ciphertext as the wire carries it, the observer's view (issue 20) -----
"$GLASS" decode ecdhe-x25519.pcap --html sealed.html >sealed.out 2>&1
port=$(grep -o -m1 'server 127\.0\.0\.1:[0-9]*' sealed.out | cut -d: -f2)
tshark -r ecdhe-x25519.pcap -d "tcp.port==$port,tls" -T fields -e tls.app_data -Y tls.app_data 2>/dev/null | head -1 >request.hex
check "--html without keys: the request's ciphertext as tshark reads it off the wire, its first 64 bytes shown, the rest folded" \
    python3 -c '
import sys
wire = open("request.hex").read().split(",")[0].strip()
page = open("sealed.html").read()
spaced = lambda h: " ".join(h[i:i + 2] for i in range(0, len(h), 2))
sys.exit(0 if len(wire) > 128 and "<code class=\"hex cipher\">" + spaced(wire[:128]) + "</code><details class=\"more\">" in page
         and spaced(wire[128:]) + "</code></details>" in page else 1)'
check "... each protected record marked encrypted, both Finished as 'encrypted handshake message', no empty plaintext box" \
    bash -c '[ "$(grep -c "encrypted handshake message, 40-byte fragment, 45 with its 5-byte header <span class=\"lock\">encrypted</span>" sealed.html)" -eq 2 ] &&
             [ "$(grep -c "encrypted: no key to open it" sealed.html)" -ge 4 ] && ! grep -q "<pre class=\"app\"></pre>" sealed.html'
check "... the heading says no keys computed nothing, and claims no secrets; the verdict says ciphertext" \
    bash -c 'grep -q "no keys: nothing was computed" sealed.html && ! grep -q "Secrets are shown" sealed.html &&
             ! grep -q "computed by the client" sealed.html && grep -q "shown as ciphertext, as an eavesdropper sees them" sealed.html'
check "... and what a passive observer learns is on the page, as glass decode prints it" \
    bash -c 'grep -q "<h3>What a passive observer learns</h3>" sealed.html && grep -q "    name       www.lab.test  (the ClientHello" sealed.html &&
             grep -q "pattern    1 request/response exchange" sealed.html'
"$GLASS" decode ecdhe-x25519.pcap --keylog resumed.keys --html no-line.html >/dev/null 2>&1
check "... a key log without this connection's line: the same ciphertext and heading" \
    bash -c 'grep -q "no keys: nothing was computed" no-line.html && [ "$(grep -c "encrypted handshake message" no-line.html)" -eq 2 ]'
"$GLASS" decode ecdhe-x25519.pcap --keylog ecdhe-x25519.keys --html keyed.html >/dev/null 2>&1
"$GLASS" decode ecdhe-x25519.pcap --keylog ecdhe-x25519.keys --observer --html observer.html >/dev/null 2>&1
check "... with the key the page is as before: secrets shown, records opened, no observer's view unless --observer" \
    bash -c 'grep -q "Secrets are shown" keyed.html && grep -q "computed by the client" keyed.html && ! grep -q "no keys" keyed.html &&
             ! grep -q "encrypted handshake message" keyed.html && ! grep -q "What a passive observer learns" keyed.html &&
             grep -q "What a passive observer learns" observer.html'
# The server's response record is larger than the default cut of 4096 bytes.
cut_of() { grep -o "… ([0-9]* more bytes)" "$1" | sort -u | tr '\n' ' '; }
big=$(grep -o "fragment ([0-9]* bytes), encrypted" sealed.html | grep -o "[0-9]*" | sort -n | tail -1)
"$GLASS" decode ecdhe-x25519.pcap --html cut1000.html --html-max-bytes 1000 >/dev/null 2>&1
"$GLASS" decode ecdhe-x25519.pcap --html cut0.html --html-max-bytes 0 >/dev/null 2>&1
cuts="$(cut_of sealed.html)/$(cut_of cut1000.html)/$(cut_of cut0.html)"
check "--html-max-bytes: 4096 by default, 1000 when asked, 0 shows all (the $big-byte response: $cuts)" \
    test "${big:-0}" -gt 4096 -a "$cuts" = "… ($((${big:-0} - 4096)) more bytes) /… ($((${big:-0} - 1000)) more bytes) /"
out=$("$GLASS" decode ecdhe-x25519.pcap --html x.html --html-max-bytes lots 2>&1); rc=$?
check "--html-max-bytes takes a whole number: otherwise usage, exit 2" bash -c '[ "$1" -eq 2 ] && grep -q "html-max-bytes needs a whole number" <<<"$2"' _ "$rc" "$out"
if [ -n "$CHROMIUM" ]; then
    # At 1200 px no fields-table header is taller than one line (they wrapped letter by letter before).
    sed 's/<details><summary>fields/<details open><summary>fields/;
         s|</body>|<script>document.body.dataset.tall = [...document.querySelectorAll("table.fields th")].filter(t => t.getBoundingClientRect().height > 30).length + " of " + document.querySelectorAll("table.fields th").length;</script></body>|' \
        keyed.html >keyed-open.html
    tall=$(headless "$P/profile" --window-size=1200,2000 --dump-dom "file://$P/keyed-open.html" | grep -o 'data-tall="[^"]*"')
    check "... at 1200 px the fields tables' headers stay on one line ($tall)" grep -q 'data-tall="0 of [1-9][0-9]*"' <<<"$tall"
    dom=$(headless "$P/profile" --dump-dom "file://$P/sealed.html")
    check "... and Chromium renders the keyless page: a card per record, the observer's view" \
        bash -c '[ "$(grep -c "class=\"card [a-z]* record\"" <<<"$1")" -ge 12 ] && grep -q "class=\"report\"" <<<"$1"' _ "$dom"
fi

# ---- what an observer sees: the capture alone ------------------------------------------------------
out=$("$GLASS" decode ecdhe-x25519.pcap 2>&1)
check "without keys: the server name, in clear" grep -q "name       www.lab.test" <<<"$out"
check "without keys: the certificate chain, in clear" grep -q "\[0\] O=glasstls lab, CN=www.lab.test" <<<"$out"
check "without keys: one request/response exchange, and its sizes" grep -q "pattern    1 request/response exchange" <<<"$out"
check "without keys: the request is not shown" bash -c '! grep -q "GET / HTTP" <<<"$1"' _ "$out"
python3 "$HERE/pcap-tool.py" dns ecdhe-x25519.pcap with-dns.pcap
check "without keys: the DNS answer that preceded the connection" \
    grep -q "DNS        answer: www.lab.test 127.0.0.1" <("$GLASS" decode with-dns.pcap 2>&1)
mkdir -p www
head -c 700 /dev/urandom | base64 -w 0 >www/small.html
head -c 9000 /dev/urandom | base64 -w 0 >www/large.html
glass_server www.log --cert leaf-rsa.chain.pem --key leaf-rsa.key --www --www-root www
for page in small large; do
    "$GLASS" client "127.0.0.1:$PORT" --servername www.lab.test --cafile roots.pem --get "/$page.html" --pcap "$page.pcap" </dev/null >/dev/null 2>&1
done
check "which page was fetched, from the sizes alone (no keys): each response within 200 bytes of its file" python3 - "$GLASS" <<'PY'
import json, os, subprocess, sys
for page in ("small", "large"):
    out = subprocess.run([sys.argv[1], "decode", page + ".pcap", "--json"], capture_output=True, text=True).stdout
    summary = next(json.loads(l) for l in out.splitlines() if '"connection_summary"' in l)
    content = summary["observer"]["exchanges"][0]["response_content"]
    size = os.path.getsize("www/" + page + ".html")
    if not size <= content <= size + 200:
        sys.exit(1)
PY

# ---- real captures: tcpdump on the loopback interface ---------------------------------------------
if [ "$(id -u)" -ne 0 ] || ! command -v tcpdump >/dev/null; then
    ok "tcpdump captures skipped: not root (CI runs as root)"
    finish
    exit
fi
tcpdump_run() {   # file interface filter
    # -Z root: tcpdump would otherwise drop to its own user, who cannot write here.
    # --immediate-mode: packets reach the file at once, not when a buffer fills.
    tcpdump --immediate-mode -Z root -i "$2" -U -s 0 -w "$1" "$3" >"$1.log" 2>&1 &
    local pid=$!
    for _ in $(seq 100); do grep -q "listening on" "$1.log" && break; sleep 0.05; done
    sleep 1   # the packet socket takes a moment after the banner to see traffic
    echo $pid
}
tcpdump_stop() { sleep 1; kill "$1" 2>/dev/null; for _ in $(seq 50); do kill -0 "$1" 2>/dev/null || break; sleep 0.05; done; }
# capture_curls FILE INTERFACE "CURL-ARGS"…: each quoted argument one curl to
# the server; the whole capture is taken again (up to three times) when it
# holds no SYN — on a loaded machine tcpdump's packet socket may start
# seeing traffic only after the first connection is over.
capture_curls() {
    local file=$1 iface=$2 try pid c
    shift 2
    for try in 1 2 3; do
        pid=$(tcpdump_run "$file" "$iface" "tcp port $PORT")
        for c in "$@"; do
            # shellcheck disable=SC2086
            curl -s --cacert roots.pem $c -o /dev/null
        done
        tcpdump_stop "$pid"
        tcpdump -nr "$file" 'tcp[tcpflags] & tcp-syn != 0' 2>/dev/null | grep -q . && return
        echo "    (the capture on $iface saw no SYN, try $try: taken again)"
    done
}
rm -f server.keys
glass_server lo.log --cert leaf-rsa.chain.pem --key leaf-rsa.key --www --keylog server.keys
pid=$(tcpdump_run lo.pcap lo "tcp port $PORT")
if ! grep -q "listening on" lo.pcap.log; then
    # A container may deny packet capture even to root; glass client --pcap covered the decoding above.
    ok "tcpdump captures skipped: tcpdump cannot capture here ($(head -1 lo.pcap.log))"
    finish
    exit
fi
tcpdump_stop "$pid"   # it could capture: now the real captures
capture_curls lo.pcap lo "--resolve www.lab.test:$PORT:127.0.0.1 https://www.lab.test:$PORT/" \
    "--resolve www.lab.test:$PORT:127.0.0.1 --tls-max 1.2 --ciphers DHE-RSA-AES256-GCM-SHA384 https://www.lab.test:$PORT/"
compare "tcpdump -i lo (Ethernet), curl -> glass server, two connections" lo.pcap server.keys $PORT
check "... read as Ethernet" grep -q "(Ethernet)" <("$GLASS" decode lo.pcap 2>&1)
capture_curls any.pcap any "--resolve www.lab.test:$PORT:127.0.0.1 https://www.lab.test:$PORT/"
compare "tcpdump -i any (Linux cooked)" any.pcap server.keys $PORT
check "... read as Linux cooked" grep -q "(Linux cooked" <("$GLASS" decode any.pcap 2>&1)
if ip -6 addr show dev lo 2>/dev/null | grep -q "::1"; then
    glass_server v6.log --bind ::1 --cert leaf-rsa.chain.pem --key leaf-rsa.key --www --keylog server.keys
    pid=$(tcpdump_run v6.pcap lo "tcp port $PORT")
    curl -s --cacert roots.pem --resolve "www.lab.test:$PORT:[::1]" "https://www.lab.test:$PORT/" -o /dev/null
    tcpdump_stop "$pid"
    compare "IPv6" v6.pcap server.keys $PORT
    check "... the addresses shown as [::1]" grep -q "client \[::1\]:[0-9]* -> server \[::1\]:$PORT" <("$GLASS" decode v6.pcap --keylog server.keys 2>&1)
else
    ok "IPv6 capture skipped: no ::1 on lo"
fi
PORT=$((PORT + 1))
stdbuf -oL openssl s_server -accept "127.0.0.1:$PORT" -naccept 1 $RSA -www </dev/null >tls13.log 2>&1 &
PIDS+=($!)
for _ in $(seq 200); do grep -q ACCEPT tls13.log && break; sleep 0.02; done
pid=$(tcpdump_run tls13.pcap lo "tcp port $PORT")
printf 'GET / HTTP/1.0\r\n\r\n' | timeout 10 openssl s_client -connect "127.0.0.1:$PORT" -tls1_3 -ign_eof >/dev/null 2>&1
tcpdump_stop "$pid"
out=$("$GLASS" decode tls13.pcap 2>&1)
check "a TLS 1.3 connection: recognised and said so in one line" grep -q "TLS 1.3 (the ServerHello's supported_versions)" <<<"$out"
finish
