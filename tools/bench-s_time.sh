#!/usr/bin/env bash
# Handshakes per second over loopback, measured by `openssl s_time` against
# `glass server` and against `openssl s_server`, with the same certificate,
# suite and duration, in the same run, one after the other.
#   usage: tools/bench-s_time.sh path/to/glass [SECONDS]
# Prints a Markdown table (docs/performance.md keeps one), with the ratio of
# the two servers' rates under each pair of rows. s_time is a
# single-threaded client that connects, handshakes and closes in a loop:
# -new does full handshakes, -reuse resumes the first session every time.
set -u
GLASS=$(realpath "${1:?usage: bench-s_time.sh path/to/glass [seconds]}")
SECONDS_EACH=${2:-3}
HERE="$(cd "$(dirname "$0")" && pwd)"
P=$(mktemp -d)
PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
    exec 3>&- 2>/dev/null
    rm -rf "$P"
}
trap cleanup EXIT
bash "$HERE/../tests/pki/make-pki.sh" "$P" >/dev/null || { echo "lab PKI failed" >&2; exit 1; }
cd "$P" || exit 1
PORT=$((30000 + ($$ * 11) % 20000))

wait_port() { for _ in $(seq 250); do (exec 9<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.02; done; return 1; }

# rate PORT MODE SUITE: handshakes per wall-clock second.
rate() {
    local start end n
    start=$(date +%s.%N)
    n=$(openssl s_time -connect "127.0.0.1:$1" "-$2" -time "$SECONDS_EACH" -cipher "$3" 2>/dev/null |
        awk '/connections in [0-9]+ real seconds/ {print $1; exit}')
    end=$(date +%s.%N)
    if [ -z "$n" ]; then echo "failed"; return; fi
    awk -v n="$n" -v s="$start" -v e="$end" 'BEGIN { printf "%.0f", n / (e - s) }'
}

# ratio A B: A/B to two decimals, or "-" when either rate failed.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.2f", a / b; else printf "-" }'; }

mkfifo stdin.fifo
exec 3<>stdin.fifo   # s_server exits when its stdin closes; hold it open

echo "| suite | certificate | server | full handshakes/s (s_time -new) | resumed/s (s_time -reuse) |"
echo "|---|---|---|---:|---:|"
for row in "ECDHE-RSA-AES128-GCM-SHA256 rsa" "AES128-GCM-SHA256 rsa" "ECDHE-ECDSA-AES128-GCM-SHA256 p256"; do
    set -- $row
    suite=$1 kind=$2
    PORT=$((PORT + 1))
    "$GLASS" server --port "$PORT" --cert "leaf-$kind.chain.pem" --key "leaf-$kind.key" --www >glass.log 2>&1 &
    PIDS+=($!)
    wait_port "$PORT"
    glass_new=$(rate "$PORT" new "$suite") glass_reuse=$(rate "$PORT" reuse "$suite")
    echo "| $suite | $kind | glass server | $glass_new | $glass_reuse |"
    kill "${PIDS[-1]}"
    PORT=$((PORT + 1))
    openssl s_server -accept "$PORT" -cert "leaf-$kind.crt" -key "leaf-$kind.key" -cert_chain "int-$kind.crt" \
        -www -no_tls1_3 -quiet <&3 >openssl.log 2>&1 &
    PIDS+=($!)
    wait_port "$PORT"
    openssl_new=$(rate "$PORT" new "$suite") openssl_reuse=$(rate "$PORT" reuse "$suite")
    echo "| $suite | $kind | openssl s_server | $openssl_new | $openssl_reuse |"
    kill "${PIDS[-1]}"
    echo "| $suite | $kind | ratio glass/openssl | $(ratio "$glass_new" "$openssl_new") | $(ratio "$glass_reuse" "$openssl_reuse") |"
done

# Handshakes per second with the workers: two s_time clients at once against
# glass server --workers 1, then --workers 2 (ECDHE-RSA, full handshakes,
# where the server's RSA signature is the work). On 2 cores the clients take
# their share too, so 2 workers cannot reach twice 1.
echo
echo "| glass server | two s_time -new clients at once, handshakes/s together |"
echo "|---|---:|"
for workers in 1 2; do
    PORT=$((PORT + 1))
    "$GLASS" server --port "$PORT" --cert leaf-rsa.chain.pem --key leaf-rsa.key --www --workers "$workers" >glass.log 2>&1 &
    PIDS+=($!)
    wait_port "$PORT"
    rate "$PORT" new ECDHE-RSA-AES128-GCM-SHA256 >first.rate &
    second=$(rate "$PORT" new ECDHE-RSA-AES128-GCM-SHA256)
    wait $!
    echo "| --workers $workers | $(awk -v a="$(cat first.rate)" -v b="$second" 'BEGIN { printf "%.0f", a + b }') |"
    kill "${PIDS[-1]}"
done
