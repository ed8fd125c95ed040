#!/usr/bin/env bash
# Bulk transfer over loopback: one file, one suite (ECDHE-RSA-AES128-GCM-SHA256),
# one certificate (the lab PKI's RSA leaf), fetched four ways in one run:
#   (a) curl from `openssl s_server -WWW`        (the reference)
#   (b) curl from `glass server --www-root`
#   (c) `glass client --get` from `openssl s_server -WWW`
#   (d) `glass client --get` from `glass server --www-root`
#   usage: tools/bench-bulk.sh path/to/glass [MiB]      (default 128)
# Prints a Markdown table (docs/performance.md keeps one): MB/s of each
# (the file's bytes over the wall-clock time of the whole fetch, handshake
# included), the ratios issue 19 names, and the max RSS of `glass server`
# while it sent the file. What arrived is checked by SHA-256.
set -u
GLASS=$(realpath "${1:?usage: bench-bulk.sh path/to/glass [MiB]}")
MIB=${2:-128}
SUITE=ECDHE-RSA-AES128-GCM-SHA256
HERE="$(cd "$(dirname "$0")/../tests" && pwd)"
. "$HERE/lib.sh"
lab_dir   # the lab PKI in a fresh directory, entered; PIDS stopped on exit
PORT=$((20000 + ($$ * 13) % 12000))
BYTES=$((MIB * 1048576))
head -c "$BYTES" /dev/urandom >file.bin
SHA=$(sha256sum <file.bin | cut -d' ' -f1)

# until_listening LOG: waits for the server's "listening"/"ACCEPT" line (a
# probe connection would count against glass server's --naccept).
until_listening() { for _ in $(seq 250); do grep -qE "listening on|ACCEPT" "$1" 2>/dev/null && return 0; sleep 0.02; done; return 1; }

mkfifo stdin.fifo
exec 3<>stdin.fifo   # s_server exits when its stdin closes; hold it open
openssl_www() {
    PORT=$((PORT + 1))
    openssl s_server -accept "$PORT" -cert leaf-rsa.crt -key leaf-rsa.key -cert_chain int-rsa.crt -WWW -no_tls1_3 \
        -cipher "$SUITE" <&3 >openssl.log 2>&1 &
    PIDS+=($!)
    until_listening openssl.log
}
# glass_www NAME: one connection, its max RSS (KiB) written to NAME.rss when it exits.
glass_www() {
    PORT=$((PORT + 1))
    /usr/bin/time -f %M -o "$1.rss" "$GLASS" server --port "$PORT" --cert leaf-rsa.chain.pem --key leaf-rsa.key \
        --cipher "$SUITE" --www --www-root "$P" --naccept 1 >"$1.log" 2>&1 &
    PIDS+=($!)
    until_listening "$1.log"
}

# fetch WHO: the file from the server on PORT into got.bin (the body alone), timed; prints MB/s.
fetch() {
    local start end
    rm -f got.bin got.raw
    start=$(date +%s.%N)
    if [ "$1" = curl ]; then
        curl -sS --cacert roots.pem --resolve "www.lab.test:$PORT:127.0.0.1" --tls-max 1.2 --ciphers "$SUITE" \
            "https://www.lab.test:$PORT/file.bin" -o got.bin
    else
        "$GLASS" client "127.0.0.1:$PORT" --servername www.lab.test --cafile roots.pem --cipher "$SUITE" --get /file.bin \
            </dev/null >got.raw 2>glass-client.err
    fi
    end=$(date +%s.%N)
    [ -f got.raw ] && tail -c "$BYTES" got.raw >got.bin
    if [ "$(sha256sum <got.bin 2>/dev/null | cut -d' ' -f1)" != "$SHA" ]; then echo "failed"; return; fi
    awk -v n="$BYTES" -v s="$start" -v e="$end" 'BEGIN { printf "%.0f", n / 1e6 / (e - s) }'
}
ratio() { awk -v x="$1" -v y="$2" 'BEGIN { if (x + 0 > 0 && y + 0 > 0) printf "%.2f×", x / y; else printf "–" }'; }

openssl_www
A=$(fetch curl)
C=$(fetch glass)
kill "${PIDS[-1]}"
glass_www b
B=$(fetch curl)
wait "${PIDS[-1]}" 2>/dev/null
glass_www d
D=$(fetch glass)
wait "${PIDS[-1]}" 2>/dev/null

echo "$MIB MiB file, $SUITE, loopback:"
echo
echo "| client ← server | MB/s | ratio to (a) |"
echo "|---|---:|---:|"
echo "| (a) curl ← openssl s_server -WWW | $A | 1.00× |"
echo "| (b) curl ← glass server --www-root | $B | $(ratio "$B" "$A") |"
echo "| (c) glass client --get ← openssl s_server -WWW | $C | $(ratio "$C" "$A") |"
echo "| (d) glass client --get ← glass server --www-root | $D | $(ratio "$D" "$A") |"
echo
echo "glass server's max RSS: $(($(cat b.rss 2>/dev/null || echo 0) / 1024)) MiB sending to curl (b), $(($(cat d.rss 2>/dev/null || echo 0) / 1024)) MiB to glass client (d)"
