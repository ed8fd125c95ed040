#!/usr/bin/env bash
# The C++ example programs of src/examples/ (docs/examples.md) against real
# peers, with the lab PKI: example_client against openssl s_server -www (and
# refusing a certificate for another name), example_server fetched by curl,
# example_proxy between curl and example_server, and all three compiled
# again, by hand, against a copy of the library installed with
# `meson install --destdir` and found by pkg-config — the way a student
# builds them.
#   usage: examples-test.sh path/to/glass
# The examples are found beside glass, in its build directory: BUILD/glass
# → BUILD/src/examples/example_*; the installed copy is made from BUILD.
set -u
GLASS=$(realpath "${1:?usage: examples-test.sh path/to/glass}")
BUILD=$(dirname "$GLASS")
EX=$BUILD/src/examples
HERE="$(cd "$(dirname "$0")" && pwd)"
SOURCES="$HERE/../src/examples"
. "$HERE/lib.sh"
for program in example_client example_server example_proxy; do
    [ -x "$EX/$program" ] || { bad "$program is built ($EX/$program)"; finish; exit 1; }
done
lab_dir
PORT=$(first_port $(($$ * 41)))
RSA="-cert leaf-rsa.crt -key leaf-rsa.key -cert_chain int-rsa.crt"
client() { timeout 20 "$EX/example_client" "$@" 2>&1; }   # client ARGS…: its output, both streams

# ---- example_client against openssl s_server -www -------------------------------------------
s_server_www 1 $RSA
out=$(client "127.0.0.1:$PORT" roots.pem www.lab.test)
check "example_client against openssl s_server -www: exit 0" test $? -eq 0
suite=$(sed -n 's/^suite: TLS_.* (\(.*\))$/\1/p' <<<"$out")
check "... prints the negotiated suite" test -n "$suite"
check "... the one s_server's page names" grep -q "Cipher is ${suite:-none}" <<<"$out"
check "... prints the version and the server certificate's subject" \
    bash -c 'grep -qx "version: TLS 1.2" <<<"$1" && grep -qx "server certificate: O=glasstls lab, CN=www.lab.test" <<<"$1"' _ "$out"
check "... and the page: s_server's list of ciphers" grep -q "Ciphers supported in s_server binary" <<<"$out"

s_server_www 1 $RSA
out=$(client "127.0.0.1:$PORT" roots.pem www.evil.test)
check "example_client refuses a valid certificate for another name: exit 1" test $? -eq 1
check "... in one sentence naming the name asked for" \
    bash -c 'test "$(wc -l <<<"$1")" -eq 1 && grep -q "^example_client: .*www.evil.test" <<<"$1"' _ "$out"

# ---- example_server, fetched by curl and by example_client ------------------------------------
listening server.log "$EX/example_server" @PORT@ leaf-rsa.chain.pem leaf-rsa.key
SERVER=$PORT
fetch() { curl -sS --max-time 20 --cacert roots.pem --resolve "www.lab.test:$1:127.0.0.1" "${@:2}" "https://www.lab.test:$1/" 2>&1; }
out=$(fetch "$SERVER")
check "curl --cacert gets the Bank32 page from example_server" grep -q "<h1>This is Bank32.com!</h1>" <<<"$out"
check "... which logged the request and the suite" grep -q "^example_server: served GET / HTTP/1.1 with ECDHE-RSA-" server.log
out=$(fetch "$SERVER" -X POST -o /dev/null -w "%{http_code}")
check "the next connection, a POST, is answered 405" test "$out" = 405
out=$(client "127.0.0.1:$SERVER" roots.pem www.lab.test)
check "example_client gets the page from example_server" grep -q "This is Bank32.com!" <<<"$out"

# ---- example_proxy: curl → proxy (its own P-256 certificate) → example_server (RSA) -----------
listening proxy.log "$EX/example_proxy" @PORT@ leaf-p256.chain.pem leaf-p256.key "127.0.0.1:$SERVER" roots.pem
PROXY=$PORT
out=$(fetch "$PROXY")
check "curl gets the Bank32 page through example_proxy" grep -q "<h1>This is Bank32.com!</h1>" <<<"$out"
out=$(client "127.0.0.1:$PROXY" roots.pem www.lab.test)
check "... the client's TLS ends at the proxy: an ECDSA suite, the server's is RSA" grep -q "^suite: TLS_ECDHE_ECDSA_" <<<"$out"
check "... and the page arrives through it" grep -q "This is Bank32.com!" <<<"$out"
check "... the proxy verified the upstream and relayed" grep -q "^example_proxy: relayed (upstream O=glasstls lab, CN=www.lab.test)" proxy.log
listening proxy-bad.log "$EX/example_proxy" @PORT@ leaf-p256.chain.pem leaf-p256.key "127.0.0.1:$SERVER" root-p256.crt
out=$(fetch "$PORT")
check "a proxy that cannot verify the upstream says so and relays nothing" \
    bash -c 'grep -q "^example_proxy: failed: unknown_ca: " proxy-bad.log && ! grep -q "Bank32" <<<"$1"' _ "$out"

# ---- the examples built against the installed library, as a student builds them -------------
DEST=$P/destdir
if ! timeout 300 meson install -C "$BUILD" --no-rebuild --destdir "$DEST" >install.log 2>&1; then
    bad "meson install --destdir" "$(tail -5 install.log)"
else
    pc=$(find "$DEST" -name glasstls.pc | head -1)
    check "the install has glasstls.pc, and no lab or capture headers" \
        bash -c 'test -n "$1" && test -z "$(find "$2" -path "*include/glasstls/lab*" -o -path "*include/glasstls/capture*")"' _ "$pc" "$DEST"
    # The .pc names the final prefix; PKG_CONFIG_SYSROOT_DIR puts the destdir in front of its paths.
    flags=$(PKG_CONFIG_PATH=$(dirname "${pc:-.}") PKG_CONFIG_SYSROOT_DIR=$DEST pkg-config --cflags --libs glasstls 2>&1)
    mkdir student
    cp "$SOURCES"/example_*.cpp "$SOURCES"/tcp.hpp student/   # away from the source tree's include/
    built=0
    for program in example_client example_server example_proxy; do
        # shellcheck disable=SC2086  # flags are words
        timeout 300 g++ -std=c++20 -O1 "student/$program.cpp" $flags -o "student/$program" >>compile.log 2>&1 && built=$((built + 1))
    done
    if [ "$built" -eq 3 ]; then ok "the three examples compile against the installed headers and libglasstls (pkg-config)"
    else bad "the three examples compile against the installed headers and libglasstls (pkg-config)" "$flags
$(head -14 compile.log)"; fi
    lib=$(find "$DEST" -name "libglasstls.so*" | head -1)
    export LD_LIBRARY_PATH=$(dirname "${lib:-.}")
    check "... and load the installed libglasstls" bash -c 'ldd student/example_client | grep -q "libglasstls.* => $1"' _ "$DEST"
    out=$(timeout 20 student/example_client "127.0.0.1:$SERVER" roots.pem www.lab.test 2>&1)
    check "... the installed-library example_client gets the page from example_server" grep -q "This is Bank32.com!" <<<"$out"
fi
finish
