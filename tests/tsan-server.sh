#!/usr/bin/env bash
# glass server under ThreadSanitizer: the whole interop-server suite (twenty
# clients at once, hostile clients, resumption from the shared cache, the
# shared key log) run against a `glass` built with -fsanitize=thread, and
# every report TSan writes counted. The last line is "N passed, N failed".
#   usage: tsan-server.sh path/to/tsan-built/glass
set -u
GLASS=$(realpath "${1:?usage: tsan-server.sh path/to/tsan-built/glass}")
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/lib.sh"
REPORTS=$(mktemp -d)
trap 'rm -rf "$REPORTS"' EXIT

out=$(TSAN_OPTIONS="log_path=$REPORTS/tsan halt_on_error=0" bash "$HERE/interop-server.sh" "$GLASS" 2>&1)
line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' <<<"$out" | tail -1)
if [ "${line#*, }" = "0 failed" ]; then
    ok "the interop-server suite passes with a TSan-built glass ($line)"
else
    bad "the interop-server suite with a TSan-built glass: ${line:-no result}" "$(grep -E '^FAIL' <<<"$out")"
fi
reports=$(cat "$REPORTS"/tsan* 2>/dev/null | grep -c "WARNING: ThreadSanitizer")
if [ "$reports" -eq 0 ]; then
    ok "no ThreadSanitizer reports"
else
    bad "$reports ThreadSanitizer reports" "$(cat "$REPORTS"/tsan* | grep -E 'WARNING|^    #[0-3] ' | head -15)"
fi
finish
