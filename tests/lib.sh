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
