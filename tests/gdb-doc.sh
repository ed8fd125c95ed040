#!/usr/bin/env bash
# docs/debugging.md's gdb sessions — §4 glass client against openssl
# s_server, §5 glass server against openssl s_client — run as the page writes
# them: tests/gdb-doc.py takes the program, the (gdb) commands and the other
# terminal's command from the page's code blocks, gdb -batch runs them against
# a real handshake, and what gdb printed is compared with the page (each stop,
# where finish and advance land, the backtrace, the statements shown, the
# values). So the page cannot drift from the code.
#   usage: gdb-doc.sh path/to/glass
# The page's build-debug/glass is replaced by the glass given (the suites run
# build/glass, built with -g), build/lab-pki/ by a fresh lab PKI and port
# 4433 by a free one.
set -u
GLASS=$(realpath "${1:?usage: gdb-doc.sh path/to/glass}")
HERE="$(cd "$(dirname "$0")" && pwd)"
DOC="$HERE/../docs/debugging.md"
. "$HERE/lib.sh"
if ! command -v gdb >/dev/null; then
    bad "gdb is installed (./tools/lab installs it)"
    finish
    exit 1
fi
lab_dir
PORT=$(first_port $(($$ * 23)))
page() { /usr/bin/python3 "$HERE/gdb-doc.py" "$@"; }
here() { sed -e "s|build-debug/glass|$GLASS|" -e "s|build/lab-pki/||g" -e "s|127\.0\.0\.1:4433|127.0.0.1:$PORT|g"; }
relay() {   # the checker's lines, counted here
    while IFS= read -r line; do
        case $line in ok\ -*) ok "${line#ok - }" ;; FAIL\ -*) bad "${line#FAIL - }" ;; *) bad "gdb-doc.py: $line" ;; esac
    done
}
show_end() { bad "$1" "$(tail -15 "$2")"; }

# §4: the client, against the s_server of §2.
s_server_www 1 -cert leaf-rsa.crt -key leaf-rsa.key -cert_chain int-rsa.crt
page script "$DOC" 4 >client.gdb
mapfile -t args < <(page command "$DOC" 4 | here)
timeout 120 gdb -nx -batch -x client.gdb --args "${args[@]}" </dev/null >client.out 2>&1
grep -q "Breakpoint 1," client.out || show_end "§4: gdb ran the client" client.out
relay < <(page check "$DOC" 4 client.out 2>&1)

# §5: the server, with openssl s_client from another terminal once it listens.
page script "$DOC" 5 >server.gdb
mapfile -t args < <(page command "$DOC" 5 | here)
PORT=$((PORT + 1))
timeout 120 gdb -nx -batch -x server.gdb --args "${args[@]}" --port "$PORT" </dev/null >server.out 2>&1 &
gdb_pid=$!
PIDS+=("$gdb_pid")
for _ in $(seq 600); do grep -q "listening on" server.out && break; sleep 0.05; done
timeout 60 bash -c "$(page peer "$DOC" 5 | here)" </dev/null >peer.out 2>&1
wait "$gdb_pid"
grep -q "hit Breakpoint 1," server.out || show_end "§5: gdb ran the server" server.out
relay < <(page check "$DOC" 5 server.out 2>&1)
check "§5: the pre-master secret starts with 0x03 0x03, the version the client offered (RFC 5246 §7.4.7.1)" \
    grep -q '^\$8 = std::span of length 48 = {0x3, 0x3, ' server.out
check "§5: s_client got the page (the server ran on after the session)" grep -q "This is Bank32.com!" peer.out
finish
