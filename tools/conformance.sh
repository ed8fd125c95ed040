#!/usr/bin/env bash
# Runs tlsfuzzer's TLS 1.2 server scripts (tools/conformance.txt) against
# glass server on 127.0.0.1, one fresh server per script, and prints a table
# (Markdown, as docs/conformance.md keeps it) and "N passed, N failed".
#
#   tools/conformance.sh GLASS TLSFUZZER_DIR [TLSLITE_DIR] [SCRIPT…]
#
# tlsfuzzer and tlslite-ng are no Debian packages: give checkouts made
# outside this repository (TLSLITE_DIR defaults to TLSFUZZER_DIR/../tlslite-ng).
# They need python3-ecdsa, and run under Debian's /usr/bin/python3.
set -u
GLASS=$(realpath "${1:?usage: conformance.sh GLASS TLSFUZZER_DIR [TLSLITE_DIR] [SCRIPT…]}")
TLSFUZZER=$(realpath "${2:?usage: conformance.sh GLASS TLSFUZZER_DIR [TLSLITE_DIR] [SCRIPT…]}")
TLSLITE=$(realpath "${3:-$TLSFUZZER/../tlslite-ng}")
shift 2
[ $# -gt 0 ] && shift
ONLY=("$@")
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PYTHON=/usr/bin/python3
[ -x "$PYTHON" ] || PYTHON=python3
for need in "$TLSFUZZER/scripts" "$TLSLITE/tlslite"; do
    [ -d "$need" ] || { echo "conformance: $need not found"; exit 2; }
done
"$PYTHON" -c "import ecdsa" 2>/dev/null || { echo "conformance: $PYTHON lacks the ecdsa module (apt-get install python3-ecdsa)"; exit 2; }

W=$(mktemp -d)
trap 'kill "$SERVER" 2>/dev/null; rm -rf "$W"' EXIT
SERVER=""
bash "$ROOT/tests/pki/make-pki.sh" "$W/pki" >/dev/null || { echo "conformance: could not make the lab PKI"; exit 2; }
bash "$ROOT/tests/pki/make-algorithms.sh" "$W/pki" >/dev/null || { echo "conformance: could not make the P-521 and RSA-PSS certificates"; exit 2; }
# Client certificates for the scripts that send one (self-signed: each is its own trust anchor).
for kind in rsa rsa-pss ecdsa ed25519; do
    case $kind in
    rsa) opts=(-algorithm RSA -pkeyopt rsa_keygen_bits:2048) ;;
    rsa-pss) opts=(-algorithm RSA-PSS -pkeyopt rsa_keygen_bits:2048) ;;
    ecdsa) opts=(-algorithm EC -pkeyopt ec_paramgen_curve:P-256) ;;
    ed25519) opts=(-algorithm ED25519) ;;
    esac
    openssl genpkey "${opts[@]}" -out "$W/client-$kind.key" 2>/dev/null
    openssl req -x509 -new -key "$W/client-$kind.key" -subj "/CN=tlsfuzzer client $kind" -days 30 -out "$W/client-$kind.crt" 2>/dev/null
done

PORT=$((30000 + RANDOM % 2000))
start_server() {   # mode
    PORT=$((PORT + 1))
    local pki="$W/pki" args=(--cert "$W/pki/leaf-rsa.chain.pem" --key "$W/pki/leaf-rsa.key" --max-connections 512)
    case $1 in
    www-heartbeat) args+=(--www --alpn http/1.1 --heartbeat) ;;
    www-pss) args+=(--cert "$W/pki/leaf-rsapss.crt" --key "$W/pki/leaf-rsapss.key" --www --alpn http/1.1) ;;
    www-p521) args+=(--cert "$W/pki/leaf-p521.crt" --key "$W/pki/leaf-p521.key" --www --alpn http/1.1) ;;
    www | www+*) args+=(--www --alpn http/1.1) ;;
    www-h2) args+=(--www --alpn http/1.1,h2) ;;
    echo) ;;
    client-*) args+=(--www --verify-client-optional --cafile "$W/$1.crt") ;;
    esac
    "$GLASS" server --port "$PORT" "${args[@]}" >"$W/server.log" 2>&1 &
    SERVER=$!
    for _ in $(seq 200); do grep -q "listening on" "$W/server.log" 2>/dev/null && return 0; sleep 0.02; done
}

PASSED=0
FAILED=0
TABLE="| script | server | conversations | result |\n|---|---|---|---|\n"
while IFS= read -r line; do
    case $line in "#"* | "") continue ;; esac
    script=$(echo "${line%%|*}" | xargs)
    rest=${line#*|}
    mode=$(echo "${rest%%|*}" | xargs)
    arguments=${rest#*|}
    if [ ${#ONLY[@]} -gt 0 ] && [[ ! " ${ONLY[*]} " == *" $script "* ]]; then continue; fi
    eval "extra=($arguments)"
    case $mode in
    client-*) extra+=(-k "$W/$mode.key" -c "$W/$mode.crt") ;;
    www+client-*) extra+=(-k "$W/${mode#www+}.key" -c "$W/${mode#www+}.crt") ;;
    esac
    start_server "$mode"
    log="$W/${script%.py}.log"
    (cd "$TLSFUZZER" && PYTHONPATH="$TLSFUZZER:$TLSLITE" timeout 900 "$PYTHON" "scripts/$script" -h 127.0.0.1 -p "$PORT" "${extra[@]}" >"$log" 2>&1)
    rc=$?
    kill "$SERVER" 2>/dev/null
    wait "$SERVER" 2>/dev/null
    pass=$(grep -E '^PASS: ' "$log" | tail -1 | awk '{print $2}')
    fail=$(grep -E '^FAIL: ' "$log" | tail -1 | awk '{print $2}')
    set_aside=$(grep -o -- '-e ' <<<"$arguments" | wc -l)
    note="${pass:-0} passed${set_aside:+, $set_aside set aside}"
    [ "$set_aside" -eq 0 ] && note="${pass:-0} passed"
    if [ "$rc" -eq 0 ] && [ "${fail:-1}" -eq 0 ]; then
        PASSED=$((PASSED + 1))
        echo "ok - $script ($note)"
        TABLE+="| $script | $mode | $note | clean |\n"
    else
        FAILED=$((FAILED + 1))
        echo "FAIL - $script (exit $rc; $note, ${fail:-?} failed)"
        sed -n '/^FAILED:/,$p' "$log" | head -15 | sed 's/^/    /'
        [ -z "$fail" ] && tail -5 "$log" | sed 's/^/    /'
        TABLE+="| $script | $mode | $note, ${fail:-?} failed | **FAIL** |\n"
    fi
done <"$ROOT/tools/conformance.txt"

mkdir -p "$ROOT/build"
printf "%b" "$TABLE" >"$ROOT/build/conformance-table.md"
echo "(table written to build/conformance-table.md)"
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
