#!/usr/bin/env bash
# Established connections held over loopback: `glass bench hold` opens N TLS
# connections from one thread against `glass server --www` and then against
# `openssl s_server -www`, with the same certificate and suite, one after the
# other, and reads each server's RSS and threads from /proc/PID/status.
#   usage: tools/bench-hold.sh path/to/glass [N]
# N defaults to 2000 for a quick run; issue 19's figure is 10000 (the loopback
# ephemeral ports, 32768-60999, leave room for ~28000). Prints a Markdown
# table (docs/performance.md, "Connections held", keeps one) and, under it,
# the sentence of each server that could not hold N. Figures, never asserted.
# BENCH_HOLD_TIMEOUT (default 20) is each run's deadline in seconds.
set -u
GLASS=$(realpath "${1:?usage: bench-hold.sh path/to/glass [N]}")
N=${2:-2000}
TIMEOUT=${BENCH_HOLD_TIMEOUT:-20}
HERE="$(cd "$(dirname "$0")/../tests" && pwd)"
. "$HERE/lib.sh"
lab_dir   # the lab PKI in a fresh directory, entered; PIDS stopped on exit
ulimit -n "$(ulimit -Hn)"   # for the servers: a descriptor per connection
PORT=$((20000 + ($$ * 13) % 12000))   # below the ephemeral range the N clients use
SUITE=ECDHE-RSA-AES128-GCM-SHA256
NOTES=()

# started LOG WORD: waits until the server's LOG says WORD (not by connecting:
# s_server would spend itself on the probe).
started() { for _ in $(seq 250); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.02; done; return 1; }

# row NAME PID: glass bench hold against PID on PORT, one table row.
row() {
    local out held per threads latency
    out=$("$GLASS" bench hold --connect "127.0.0.1:$PORT" --connections "$N" --pid "$2" --cafile roots.pem \
        --servername www.lab.test --suite "$SUITE" --timeout "$TIMEOUT" 2>&1)
    held=$(sed -nE 's/^held ([0-9]+) connections;.*/\1/p; s/^glass bench hold: held ([0-9]+ of [0-9]+) connections.*/\1/p' <<<"$out")
    per=$(sed -nE 's/.* = ([0-9.]+) KiB per connection.*/\1/p' <<<"$out")
    threads=$(sed -nE 's/.*; threads ([0-9]+)$/\1/p' <<<"$out")
    latency=$(sed -nE 's/^new client served in ([0-9.]+) ms.*/\1/p' <<<"$out")
    echo "| $1 | ${held:-0} | ${per:-—} | ${threads:-—} | ${latency:-—} |"
    if failure=$(grep '^glass bench hold: ' <<<"$out" | grep -v ' connections to '); then NOTES+=("$1: ${failure#glass bench hold: }"); fi
}

mkfifo stdin.fifo
exec 3<>stdin.fifo   # s_server exits when its stdin closes; hold it open

echo "| server | connections held (of $N) | server RSS per connection (KiB) | threads | new client served (ms) |"
echo "|---|---:|---:|---:|---:|"
PORT=$((PORT + 1))
"$GLASS" server --port "$PORT" --cert leaf-rsa.chain.pem --key leaf-rsa.key --www \
    --max-connections $((N + 100)) --max-per-address $((N + 100)) >glass.log 2>&1 &
PIDS+=($!)
started glass.log "listening on" && row "glass server (event loop)" "${PIDS[-1]}"
kill "${PIDS[-1]}"
PORT=$((PORT + 1))
stdbuf -oL openssl s_server -accept "127.0.0.1:$PORT" -cert leaf-rsa.crt -key leaf-rsa.key -cert_chain int-rsa.crt \
    -www -no_tls1_3 <&3 >openssl.log 2>&1 &
PIDS+=($!)
started openssl.log ACCEPT && row "openssl s_server -www" "${PIDS[-1]}"
kill "${PIDS[-1]}"
if [ ${#NOTES[@]} -gt 0 ]; then echo; printf -- '- %s\n' "${NOTES[@]}"; fi
