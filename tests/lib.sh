# Shared by the test scripts: each check prints "ok - NAME" or "FAIL - NAME"
# (with up to 15 indented lines of detail), and `finish` prints the line
# "N passed, N failed" that ./tools/lab adds up, and sets the exit status.
PASS=0
FAIL=0
ok() { PASS=$((PASS + 1)); echo "ok - $1"; }
bad() {   # name [detail]
    FAIL=$((FAIL + 1))
    echo "FAIL - $1"
    [ -n "${2:-}" ] && printf '%s\n' "$2" | head -15 | sed 's/^/    /'
    return 0
}
check() {   # name command…: ok when the command succeeds
    local name=$1
    shift
    if "$@"; then ok "$name"; else bad "$name"; fi
}
finish() {
    echo "$PASS passed, $FAIL failed"
    [ "$FAIL" -eq 0 ]
}

# first_port SALT: where a suite starts counting its ports — below Linux's
# ephemeral range (32768-60999), where the kernel puts the local end of
# every outgoing connection: a listener there can find its port taken by
# one of the suite's own client sockets. SALT (the pid times a number of
# the suite's own) keeps suites that run at once apart.
first_port() { echo $((20000 + $1 % 12000)); }

# listening LOG COMMAND…: starts COMMAND, an argument @PORT@ replaced by the
# next free port (PORT + 1, or further when another program holds it);
# records its pid in SERVERS and waits until LOG says "listening on".
listening() {
    local log=$1 try pid
    shift
    for try in 1 2 3 4 5; do
        PORT=$((PORT + 1))
        "${@//@PORT@/$PORT}" >"$log" 2>&1 &
        pid=$!
        for _ in $(seq 200); do
            grep -q "listening on" "$log" 2>/dev/null && { SERVERS+=("$pid"); return 0; }
            kill -0 "$pid" 2>/dev/null || break   # it exited: the port was taken, try the next one
            sleep 0.02
        done
        kill "$pid" 2>/dev/null
    done
    echo "    ($1 did not start: $(head -3 "$log"))"
}

# glass_server LOG ARGS…: "$GLASS" server on the next free port (listening).
glass_server() {
    local log=$1
    shift
    listening "$log" "$GLASS" server --port @PORT@ "$@"
}

# lab_dir: a fresh temporary directory holding the lab PKI, entered; on exit
# the processes in PIDS and SERVERS are stopped and the directory removed.
lab_dir() {
    P=$(mktemp -d)
    PIDS=()
    SERVERS=()
    trap 'for p in "${PIDS[@]}" "${SERVERS[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$P"' EXIT
    bash "$HERE/pki/make-pki.sh" "$P" >/dev/null || { echo "FAIL - lab PKI"; echo "0 passed, 1 failed"; exit 1; }
    cd "$P" || exit 1
}

# s_server_www N-ACCEPT ARGS…: openssl s_server -www (TLS 1.2) on the next
# port, waited for by its ACCEPT line — not by connecting, which would use
# up one of its -naccept.
s_server_www() {
    local n=$1 try pid
    shift
    for try in 1 2 3 4 5; do   # a port another program holds: the next one
        PORT=$((PORT + 1))
        stdbuf -oL openssl s_server -accept "127.0.0.1:$PORT" -naccept "$n" -www -no_tls1_3 "$@" </dev/null >"srv.$PORT.log" 2>&1 &
        pid=$!
        for _ in $(seq 200); do
            grep -q ACCEPT "srv.$PORT.log" 2>/dev/null && { PIDS+=("$pid"); return 0; }
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.02
        done
        kill "$pid" 2>/dev/null
    done
}

# need_chromium: sets CHROMIUM, or fails the suite.
need_chromium() {
    CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
    if [ -z "$CHROMIUM" ]; then
        bad "chromium is installed (./tools/lab installs Debian's chromium)"
        finish
        exit 1
    fi
}

# headless PROFILE-DIR chromium-args…: a headless Chromium that reaches for
# no network, with an empty profile of its own, mapping the lab's host name
# to loopback.
headless() {
    local profile=$1
    shift
    timeout 90 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$profile" --host-resolver-rules="MAP www.lab.test 127.0.0.1" "$@" 2>>chromium.err
}
