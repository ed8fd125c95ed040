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

# glass_server LOG ARGS…: starts "$GLASS" server on the next free port
# (PORT + 1, or further when another program holds it), records its pid in
# SERVERS, and waits until it listens.
glass_server() {
    local log=$1 try pid
    shift
    for try in 1 2 3 4 5; do
        PORT=$((PORT + 1))
        "$GLASS" server --port "$PORT" "$@" >"$log" 2>&1 &
        pid=$!
        for _ in $(seq 200); do
            grep -q "listening on" "$log" 2>/dev/null && { SERVERS+=("$pid"); return 0; }
            kill -0 "$pid" 2>/dev/null || break   # it exited: the port was taken, try the next one
            sleep 0.02
        done
        kill "$pid" 2>/dev/null
    done
    echo "    (glass server did not start: $(head -3 "$log"))"
}
