#!/usr/bin/env bash
# glass server under ThreadSanitizer: the whole interop-server suite (twenty
# clients at once, hostile clients, resumption from the shared cache, the
# shared key log) run against a `glass` built with -fsanitize=thread, and
# every report TSan writes counted. The last line is "N passed, N failed".
#   usage: tsan-server.sh path/to/tsan-built/glass [path/to/hostile_client]
# (with hostile_client, tests/hostile-server.sh runs against it as well)
set -u
GLASS=$(realpath "${1:?usage: tsan-server.sh path/to/tsan-built/glass}")
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/lib.sh"
REPORTS=$(mktemp -d)
trap 'rm -rf "$REPORTS"' EXIT

# suite script args…: one suite against the TSan-built glass
suite() {
    local name=$1 out line
    shift
    out=$(TSAN_OPTIONS="log_path=$REPORTS/tsan halt_on_error=0" bash "$@" 2>&1)
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' <<<"$out" | tail -1)
    if [ "${line#*, }" = "0 failed" ]; then
        ok "the $name suite passes with a TSan-built glass ($line)"
    else
        bad "the $name suite with a TSan-built glass: ${line:-no result}" "$(grep -E '^FAIL' <<<"$out")"
    fi
}
suite interop-server "$HERE/interop-server.sh" "$GLASS"
# The hostile suite drives connection eviction, floods and aborted handshakes.
[ -n "${2:-}" ] && suite hostile-server "$HERE/hostile-server.sh" "$GLASS" "$2"
reports=$(cat "$REPORTS"/tsan* 2>/dev/null | grep -c "WARNING: ThreadSanitizer")
if [ "$reports" -eq 0 ]; then
    ok "no ThreadSanitizer reports"
else
    bad "$reports ThreadSanitizer reports" "$(cat "$REPORTS"/tsan* | grep -E 'WARNING|^    #[0-3] ' | head -15)"
fi
finish
