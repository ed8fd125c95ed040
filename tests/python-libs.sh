#!/usr/bin/env bash
# The libraries a program reaches TLS through, on glasstls (issue 17):
# http.client, urllib.request, requests/urllib3, asyncio streams (client and
# server), http.server, smtplib's STARTTLS, ftplib's AUTH TLS and CCC, and
# ssl.get_server_certificate, each used as
# its documentation shows, by the programs tests/python/lib_*.py, run
# unchanged under `glass python` against openssl s_server -www, glass server
# --www, curl and each other — and whether every module that imports ssl got
# glasstls's. Then what goes wrong (tests/python/lib_errors.py against the
# misbehaving peers of lib_peers.py): each case runs under glass python AND
# under Debian's python3 (CPython's ssl on OpenSSL), and both must end the
# same way — the same exception class, or the same return value — with
# glasstls's own sentence in the message, and nothing may hang.
#   usage: python-libs.sh path/to/glass
set -u
GLASS=$(realpath "${1:?usage: python-libs.sh path/to/glass}")
HERE="$(cd "$(dirname "$0")" && pwd)"
PY="$HERE/python"
. "$HERE/lib.sh"
export GLASS   # make-pki.sh: the lab's certificates by glass ca
lab_dir
PORT=$(first_port $(($$ * 43)))
gpy() { timeout 60 "$GLASS" python "$@" 2>&1; }   # a program on glasstls: its output, both streams
cpy() { timeout 60 /usr/bin/python3 "$@" 2>&1; }  # the same program on CPython's ssl (OpenSSL)

# expect NAME REGEX OUTPUT: the regex is in the output, its lines read as one
# (joined by spaces), so that a regex can span them
expect() {
    if tr '\n' ' ' <<<"$3" | sed 's/ $//' | grep -qE -- "$2"; then ok "$1"; else bad "$1" "$3"; fi
}

RSA="-cert leaf-rsa.crt -key leaf-rsa.key -cert_chain int-rsa.crt"
# A certificate for localhost (a DNS name that resolves without the lab's
# /etc/hosts), issued by glass ca under the lab's RSA intermediate: for the
# programs that must give a name, not an address (urllib3 sends no
# server_hostname for an IP address).
mkdir -p ca-int && cp int-rsa.crt ca-int/ca.pem && cp int-rsa.key ca-int/ca.key
check "glass ca issues a certificate for localhost under the lab's RSA intermediate" \
    bash -c '"$@" >/dev/null' _ "$GLASS" ca issue ca-int --name localhost --san DNS:localhost --san IP:127.0.0.1 --key rsa --out localhost

# ---- http.client -----------------------------------------------------------------------------------
s_server_www 1 $RSA
out=$(gpy "$PY/lib_http_client.py" 127.0.0.1 "$PORT" roots.pem)
expect "http.client.HTTPSConnection, create_default_context(cafile=): GET / on openssl s_server -www: 200 and its page" \
    "cipher: ECDHE-RSA-.* TLSv1.2 http.client: 200 ok [0-9]+ bytes body starts: b'<HTML><BODY" "$out"
expect "... http.client holds the program's ssl module, glasstls.ssl" 'http.client.ssl is sys.modules\["ssl"\]: True - glasstls.ssl' "$out"
glass_server www-localhost.log --cert localhost.pem --key localhost.key --www
LOCAL=$PORT
out=$(gpy "$PY/lib_http_client.py" localhost "$LOCAL" roots.pem)
expect "http.client to localhost (the name checked) on glass server --www: 200 and its page" \
    "http.client: 200 OK [0-9]+ bytes body starts: b'<!DOCTYPE html>" "$out"

# ---- urllib.request ----------------------------------------------------------------------------------
s_server_www 1 $RSA
out=$(gpy "$PY/lib_urllib.py" "https://127.0.0.1:$PORT/" roots.pem)
expect "urllib.request.urlopen(url, context=ctx) on openssl s_server -www: 200 and its page" \
    "urllib: 200 [0-9]+ bytes body starts: b'<HTML><BODY" "$out"
expect "... urllib.request holds glasstls.ssl" 'urllib.request.ssl is sys.modules\["ssl"\]: True - glasstls.ssl' "$out"
out=$(gpy "$PY/lib_urllib.py" "https://localhost:$LOCAL/" roots.pem)
expect "urllib.request.urlopen on glass server --www: 200" "urllib: 200 [0-9]+ bytes body starts: b'<!DOCTYPE html>" "$out"

# ---- requests / urllib3 -----------------------------------------------------------------------------------
# requests.get(url, verify=FILE) builds urllib3's own context: SSLContext(PROTOCOL_TLS),
# set_ciphers(urllib3's DEFAULT_CIPHERS, an OpenSSL cipher string such as
# 'ECDHE+AESGCM:...:!aNULL'), check_hostname False, then urllib3's own
# match_hostname on getpeercert()'s dictionary. Expected to fail until
# getpeercert()'s dictionary (branch certdict) is merged: the cipher string
# parses since branch ciphers. CPython's run shows the program is right.
out=$(gpy "$PY/lib_requests.py" "https://localhost:$LOCAL/" roots.pem)
expect "requests.get(url, verify='roots.pem') on glass server --www: 200 (urllib3's own context: its cipher string, then its match_hostname on getpeercert()'s dictionary)" \
    "requests: 200 [0-9]+ bytes body starts: b'<!DOCTYPE html>.* urllib3 uses glasstls.ssl - HAS_SNI True - IS_PYOPENSSL False" "$out"
out=$(cpy "$PY/lib_requests.py" "https://localhost:$LOCAL/" roots.pem)
expect "... the same program on CPython's ssl (the control): 200" "requests: 200 [0-9]+ bytes" "$out"
out=$(gpy "$PY/lib_requests.py" "https://localhost:$LOCAL/" roots.pem adapter)
expect "requests with an HTTPAdapter handing urllib3 the program's create_default_context(): 200 from glass server" \
    "requests: 200 [0-9]+ bytes body starts: b'<!DOCTYPE html>.* urllib3 uses glasstls.ssl - HAS_SNI True" "$out"
s_server_www 1 -cert localhost.pem -key localhost.key -cert_chain int-rsa.crt   # (-cert: the first certificate of the file only)
out=$(gpy "$PY/lib_requests.py" "https://localhost:$PORT/" roots.pem adapter)
expect "requests with the adapter: 200 from openssl s_server -www" "requests: 200 [0-9]+ bytes body starts: b'<HTML><BODY" "$out"

# ---- asyncio streams ----------------------------------------------------------------------------------------
s_server_www 1 $RSA
out=$(gpy "$PY/lib_asyncio_client.py" "$PORT" roots.pem www.lab.test)
expect "asyncio.open_connection(ssl=ctx, server_hostname=) fetches s_server's page" \
    "asyncio client: connected, TLSv1.2 ECDHE-RSA-.* asyncio client: [0-9]+ bytes; HTTP/1.0 200 ok" "$out"
out=$(gpy "$PY/lib_asyncio_client.py" "$LOCAL" roots.pem localhost)
expect "asyncio.open_connection fetches glass server's page" "asyncio client: [0-9]+ bytes; HTTP/1.1 200 OK" "$out"
listening asyncio-server.log "$GLASS" python "$PY/lib_asyncio_server.py" @PORT@ leaf-rsa.chain.pem leaf-rsa.key 23
out=$(curl -sS -v --max-time 20 --cacert roots.pem --resolve "www.lab.test:$PORT:127.0.0.1" "https://www.lab.test:$PORT/" 2>&1)
expect "asyncio.start_server(ssl=server_ctx) serves curl, verified, over TLS 1.2" \
    "SSL connection using TLSv1.2 / ECDHE-RSA-.*Served by asyncio" "$out"
out=$(gpy "$PY/lib_asyncio_client.py" "$PORT" roots.pem www.lab.test)
expect "the asyncio server and the asyncio client, both on glasstls" "asyncio client: [0-9]+ bytes; HTTP/1.1 200 OK" "$out"
out=$(printf 'GET / HTTP/1.0\r\n\r\n' | timeout 20 openssl s_client -connect "127.0.0.1:$PORT" -servername www.lab.test \
    -CAfile roots.pem -verify_return_error -ign_eof 2>&1)
expect "the asyncio server serves openssl s_client (verified)" "Verify return code: 0 .*Served by asyncio" "$out"
CURLS=()
for i in $(seq 20); do
    curl -sS --max-time 30 --cacert roots.pem --resolve "www.lab.test:$PORT:127.0.0.1" "https://www.lab.test:$PORT/" >"page.$i" 2>&1 &
    CURLS+=($!)
done
wait "${CURLS[@]}" 2>/dev/null
check "... and 20 curls at once, each its page" test "$(cat page.* | grep -c 'Served by asyncio')" -eq 20
sleep 0.3
expect "... and saw each request, over TLS 1.2" \
    "^request: GET / HTTP/1.1 over TLSv1.2 request: GET / HTTP/1.0 over TLSv1.2 request: GET / HTTP/1.0 over TLSv1.2 .*served 23$" \
    "$(grep -v '^listening' asyncio-server.log)"

# ---- http.server with its listening socket wrapped -------------------------------------------------------------------
mkdir -p www && echo '<h1>Lab homework</h1>' >www/index.html && head -c 3000000 /dev/urandom >www/big.bin
listening https-server.log "$GLASS" python "$PY/lib_https_server.py" @PORT@ leaf-rsa.chain.pem leaf-rsa.key www 4
out=$(curl -sS --max-time 20 --cacert roots.pem --resolve "www.lab.test:$PORT:127.0.0.1" "https://www.lab.test:$PORT/" 2>&1)
expect "http.server.HTTPServer, its socket wrapped by the context: serves curl" "^<h1>Lab homework</h1>$" "$out"
curl -sS --max-time 30 --cacert roots.pem --resolve "www.lab.test:$PORT:127.0.0.1" "https://www.lab.test:$PORT/big.bin" -o big.got 2>curl.err
check "... 3 MB to curl, byte for byte" cmp -s big.got www/big.bin
curl -sS --max-time 5 "http://127.0.0.1:$PORT/" >/dev/null 2>&1   # plain HTTP: refused, and the server goes on
out=$(gpy "$PY/lib_http_client.py" 127.0.0.1 "$PORT" roots.pem)
expect "... to http.client on glasstls, after a plain-HTTP client was refused" "http.client: 200 OK 22 bytes body starts: b'<h1>Lab homework</h1>" "$out"
sleep 0.3
expect "... and logged the three requests" '"GET / HTTP/1.1" 200 .*"GET /big.bin HTTP/1.1" 200 .*"GET / HTTP/1.1" 200 .*served 4' \
    "$(cat https-server.log)"

# ---- ssl.get_server_certificate ---------------------------------------------------------------------------------
s_server_www 2 $RSA
mine=$(gpy "$PY/lib_get_cert.py" "$PORT")
theirs=$(cpy "$PY/lib_get_cert.py" "$PORT")
if [ -n "$mine" ] && [ "$mine" = "$(openssl x509 -in leaf-rsa.crt)" ]; then ok "get_server_certificate() on s_server: the PEM of its leaf"
else bad "get_server_certificate() on s_server: the PEM of its leaf" "$mine"; fi
if [ -n "$mine" ] && [ "$mine" = "$theirs" ]; then ok "... character for character CPython's"
else bad "... character for character CPython's" "$(diff <(echo "$theirs") <(echo "$mine"))"; fi
glass_server www-p256.log --cert leaf-p256.chain.pem --key leaf-p256.key --www
mine=$(gpy "$PY/lib_get_cert.py" "$PORT")
if [ -n "$mine" ] && [ "$mine" = "$(openssl x509 -in leaf-p256.crt)" ]; then ok "get_server_certificate() on glass server (ECDSA): its leaf"
else bad "get_server_certificate() on glass server (ECDSA): its leaf" "$mine"; fi

# ---- smtplib: STARTTLS on a connection that has carried plain text -------------------------------------------------
listening smtp.log "$GLASS" python "$PY/lib_smtp_server.py" @PORT@ leaf-rsa.chain.pem leaf-rsa.key 2
out=$(gpy "$PY/lib_smtp_client.py" "$PORT" roots.pem)
expect "smtplib.SMTP.starttls(context=) to an SMTP server, both on glasstls: the message sent" \
    "smtplib: STARTTLS answered 220 - TLSv1.2 ECDHE-RSA-.* smtplib: message sent, refused: \{\}" "$out"
expect "... smtplib holds glasstls.ssl" 'smtplib.ssl is sys.modules\["ssl"\]: True - glasstls.ssl' "$out"
out=$(cpy "$PY/lib_smtp_client.py" "$PORT" roots.pem)
expect "the glasstls SMTP server upgrades CPython's smtplib (OpenSSL) too" "smtplib: message sent, refused: \{\}" "$out"
sleep 0.3
expect "... the server read both messages over TLS" \
    "STARTTLS: TLSv1.2 .* message over TLS - Sent through smtplib over glasstls. .*message over TLS - Sent through smtplib" \
    "$(cat smtp.log)"

# ---- ftplib: AUTH TLS, then CCC back to plain text (unwrap()) ----------------------------------------------------
# ftp SERVER-PYTHON CLIENT-PYTHON NAME: one session of lib_ftp_server.py and lib_ftp_client.py
FTPS=0
ftp() {
    FTPS=$((FTPS + 1))
    listening "ftp.$FTPS.log" $1 "$PY/lib_ftp_server.py" @PORT@ leaf-rsa.chain.pem leaf-rsa.key 1
    out=$(timeout 60 $2 "$PY/lib_ftp_client.py" "$PORT" roots.pem 2>&1)
    expect "ftplib.FTP_TLS, $3: login() over TLS 1.2, then ccc() unwraps, then a command in plain text" \
        'ftplib: over TLSv1.2 - /homework ftplib: CCC answered 200 .*ftplib: after CCC - /homework ftplib: QUIT answered 221' "$out"
    sleep 0.3
    expect "... the server saw AUTH in plain text, PWD over TLS, CCC, then PWD in plain text" \
        "command AUTH over plain text .*command PWD over TLS command CCC over TLS command PWD over plain text command QUIT over plain text" \
        "$(cat "ftp.$FTPS.log")"
}
ftp "$GLASS python" "$GLASS python" "client and server on glasstls"
ftp /usr/bin/python3 "$GLASS python" "the client on glasstls, the server on OpenSSL"
ftp "$GLASS python" /usr/bin/python3 "the server on glasstls, the client on OpenSSL"

# ---- the import graph --------------------------------------------------------------------------------------------------------
out=$(gpy "$PY/lib_import_graph.py")
expect "every module that imports ssl (asyncio, ftplib, http.client, imaplib, poplib, smtplib, urllib, urllib3) holds glasstls.ssl" \
    "ssl module: glasstls.ssl modules holding another ssl: \[\]" "$out"
expect "OpenSSL's binding _ssl is never loaded" "_ssl loaded: False" "$out"
out=$(cpy "$PY/lib_import_graph.py")
expect "... which the same program on CPython's ssl tells apart (the control)" "ssl module: ssl .*_ssl loaded: True" "$out"

# ---- ssl.match_hostname (deprecated, still in 3.11) ---------------------------------------------------------------------------
mine=$(gpy "$PY/lib_match_hostname.py")
theirs=$(cpy "$PY/lib_match_hostname.py")
if [ "$(grep -c ': ' <<<"$mine")" -eq 21 ] && [ "$mine" = "$theirs" ]; then
    ok "ssl.match_hostname() on 21 certificate dictionaries (wildcards, IP addresses, the CN): CPython's verdict on each"
else
    bad "ssl.match_hostname() on 21 certificate dictionaries: CPython's verdict on each" "$(diff <(echo "$theirs") <(echo "$mine"))"
fi

# ---- what goes wrong, beside CPython ------------------------------------------------------------------------------------------
# outcome LINE: "raised CLASS [verify_code N]" or "returned VALUE", from lib_errors.py's line
outcome() { sed -nE 's/^[^ ]+: (raised [A-Za-z()]+( verify_code [0-9]+)?|returned .*) in [0-9.]+ s.*$/\1/p' <<<"$1"; }
seconds() { sed -nE 's/^.* in ([0-9.]+) s.*$/\1/p' <<<"$1"; }

# compare WHAT WANT CPYTHON CASE PORT [CAFILE]: lib_errors.py CASE under glass python ends
# as WANT (an ERE on its outcome), with glasstls's sentence when it is an SSL error; and
# under Debian's python3 as CPYTHON (an ERE; "same": exactly glass python's outcome).
compare() {
    local what=$1 want=$2 cpython=$3 mine theirs m t
    shift 3
    mine=$(gpy "$PY/lib_errors.py" "$@" | tail -1)
    theirs=$(cpy "$PY/lib_errors.py" "$@" | tail -1)
    m=$(outcome "$mine")
    t=$(outcome "$theirs")
    if grep -qxE -- "$want" <<<"$m" && { [[ $m != "raised SSL"* && $m != "raised URLError"* ]] || grep -qF '(glasstls: ' <<<"$mine"; }; then
        ok "$what: $m"
    else
        bad "$what (wanted ${want//\\/}; got ${m:-no outcome})" "$mine"
    fi
    [ "$cpython" = same ] && cpython=$(sed 's/[][().*+?{}|^$\\]/\\&/g' <<<"$m")   # glass python's, literally
    if [ -n "$t" ] && grep -qxE -- "$cpython" <<<"$t"; then
        ok "... as CPython's ssl (OpenSSL): $t"
    else
        bad "... as CPython's ssl (OpenSSL) (${t:-no outcome}; glass python: ${m:-no outcome})" "$theirs"
    fi
    LAST=$mine
}

s_server_www 2 -cert leaf-by-other-root.crt -key leaf-by-other-root.key
compare "wrong CA (a chain under another root)" "raised SSLCertVerificationError verify_code (19|20)" same verify "$PORT" roots.pem
cat leaf-expired.crt int-p256.crt >expired.chain.pem
glass_server expired.log --cert expired.chain.pem --key leaf-expired.key --www
compare "an expired certificate" "raised SSLCertVerificationError verify_code 10" same verify "$PORT" roots.pem
compare "urlopen() on the expired certificate" "raised URLError\(SSLCertVerificationError\) verify_code 10" same urllib-verify "$PORT" roots.pem
compare "http.client with no context: the system's trust anchors, without the lab's root" \
    "raised SSLCertVerificationError verify_code (19|20)" same system-trust "$LOCAL"
glass_server www-rsa.log --cert leaf-rsa.chain.pem --key leaf-rsa.key --www
compare "asyncio.open_connection(ssl=True): the system's trust anchors" "raised SSLCertVerificationError verify_code (19|20)" same \
    asyncio-verify "$LOCAL"
compare "http.client to a name the certificate does not hold" "raised SSLCertVerificationError verify_code 62" same \
    wrong-name "$PORT" roots.pem
compare "ssl.PROTOCOL_TLSv1" "raised SSLError" same tlsv1 "$LOCAL"
expect "... the SSLError names TLS 1.2 as what glasstls speaks" "^tlsv1: raised SSLError .*TLS 1.2" "$LAST"

# A server's side: the same misbehaving clients, one after the other, to lib_server_errors.py
# on glasstls and on OpenSSL; each connection must end in the same class on both.
clients() {
    curl -sS --max-time 5 "http://127.0.0.1:$PORT/" >/dev/null 2>&1                              # plain HTTP
    curl -sS --max-time 5 --tls-max 1.2 "https://127.0.0.1:$PORT/" >/dev/null 2>&1                # refuses the certificate
    /usr/bin/python3 -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1]))).close()' "$PORT"
    echo | timeout 10 openssl s_client -connect "127.0.0.1:$PORT" -tls1_1 >/dev/null 2>&1          # TLS 1.1 only
    curl -sS --max-time 10 --cacert roots.pem --resolve "www.lab.test:$PORT:127.0.0.1" "https://www.lab.test:$PORT/" >/dev/null 2>&1 || true
}
for side in glasstls:"$GLASS python" openssl:/usr/bin/python3; do
    listening "server-errors.${side%%:*}.log" ${side#*:} "$PY/lib_server_errors.py" @PORT@ leaf-rsa.chain.pem leaf-rsa.key 5
    clients
done
sleep 0.5
mine=$(cat server-errors.glasstls.log)
theirs=$(cat server-errors.openssl.log)
classes() { sed -nE 's/^(connection [0-9]+: (raised [A-Za-z]+|ok))[: ].*$/\1/p' <<<"$1"; }
expect "a server's side: plain HTTP, a client that refuses the certificate, one that leaves, a TLS 1.1 client, a good one" \
    "connection 1: raised SSLError: \[SSL: WRONG_VERSION_NUMBER\].*\(glasstls: .*connection 2: raised SSLError: \[SSL: TLSV1_ALERT_UNKNOWN_CA\].*connection 3: raised SSLZeroReturnError.*connection 4: raised SSLError: .*TLS 1.2.*connection 5: ok TLSv1.2" \
    "$mine"
if [ -n "$(classes "$mine")" ] && [ "$(classes "$mine")" = "$(classes "$theirs")" ]; then
    ok "... the same classes as CPython's ssl (OpenSSL): $(classes "$theirs" | sed 's/connection [0-9]*: //' | tr '\n' ' ')"
else
    bad "... the same classes as CPython's ssl (OpenSSL)" "$(diff <(classes "$theirs") <(classes "$mine"))"
fi

listening http-peer.log /usr/bin/python3 "$PY/lib_peers.py" http @PORT@ 2
compare "a plain HTTP server (no TLS)" "raised SSLError" same not-tls "$PORT"
expect "... WRONG_VERSION_NUMBER, as OpenSSL names it" "^not-tls: raised SSLError .*\[SSL: WRONG_VERSION_NUMBER\]" "$LAST"
listening header-peer.log /usr/bin/python3 "$PY/lib_peers.py" header @PORT@ 6
# OpenSSL 3 with OP_IGNORE_UNEXPECTED_EOF (CPython sets it) reads a close without close_notify as one.
compare "a peer that closes in the middle of its first record" "raised SSLZeroReturnError" same handshake-eof "$PORT"
# Cleared, CPython 3.11.2 raises the base class SSLError (OpenSSL 3's reason not mapped); glasstls SSLEOFError.
compare "... with OP_IGNORE_UNEXPECTED_EOF cleared" "raised SSLEOFError" "raised SSL(EOF)?Error" handshake-eof-no-ignore-eof "$PORT"
compare "... to asyncio.open_connection" "raised ConnectionResetError" same asyncio-handshake-eof "$PORT"

# A TLS server that cuts the connection mid-record after the handshake: on OpenSSL (Debian's
# python3) and, for each other, on glasstls (glass python).
for side in "/usr/bin/python3" "$GLASS python"; do
    [ "$side" = /usr/bin/python3 ] && by="an OpenSSL peer" || by="a glasstls peer"
    listening "cut-peer.$PORT.log" $side "$PY/lib_peers.py" cut @PORT@ 8 leaf-rsa.chain.pem leaf-rsa.key
    compare "recv() after $by cut mid-record (suppress_ragged_eofs default)" "returned b''" same ragged "$PORT"
    compare "... with suppress_ragged_eofs=False (OP_IGNORE_UNEXPECTED_EOF, set by default)" "returned b''" same ragged-strict "$PORT"
    compare "... with suppress_ragged_eofs=False and OP_IGNORE_UNEXPECTED_EOF cleared" "raised SSLEOFError" "raised SSL(EOF)?Error" \
        ragged-strict-no-ignore-eof "$PORT"
    compare "... read by an asyncio stream" "returned b''" same asyncio-ragged "$PORT"
done

listening silent-peer.log /usr/bin/python3 "$PY/lib_peers.py" silent @PORT@ 4
compare "a server that never answers the ClientHello (socket timeout 2 s)" "raised TimeoutError" same silent "$PORT"
s=$(seconds "$LAST")
check "... within 1.5 to 4 s (${s:-?} s)" /usr/bin/python3 -c 'import sys; sys.exit(0 if 1.5 <= float(sys.argv[1]) <= 4 else 1)' "${s:-0}"
compare "... to asyncio.open_connection(ssl_handshake_timeout=2)" "raised ConnectionAbortedError" same asyncio-silent "$PORT"
s=$(seconds "$LAST")
check "... within 1.5 to 4 s (${s:-?} s)" /usr/bin/python3 -c 'import sys; sys.exit(0 if 1.5 <= float(sys.argv[1]) <= 4 else 1)' "${s:-0}"
listening mute-peer.log /usr/bin/python3 "$PY/lib_peers.py" mute @PORT@ 2 leaf-rsa.chain.pem leaf-rsa.key
compare "a server that completes the handshake, then says nothing (timeout 2 s)" "raised TimeoutError" same read-timeout "$PORT"
s=$(seconds "$LAST")
check "... within 1.5 to 4 s (${s:-?} s)" /usr/bin/python3 -c 'import sys; sys.exit(0 if 1.5 <= float(sys.argv[1]) <= 4 else 1)' "${s:-0}"

finish
