#!/usr/bin/env bash
# Hostile strings in glass's output (issue 18, §5): a certificate whose CN
# and OU hold ESC, BEL, NUL, CR, C1 CSI and bytes that are not UTF-8, and a
# client whose SNI and ALPN hold the same. Every output meant for a terminal
# (glass client's summary, errors and --trace, glass server --trace, glass
# decode, glass x509) shows them visibly (\x1b), never raw; every JSON line
# (--trace-json, decode --json, x509 --json) is UTF-8 and parses.
# The last line is "N passed, N failed".
set -u
GLASS=$(realpath "${1:?usage: hostile-output.sh path/to/glass}")
HERE="$(cd "$(dirname "$0")" && pwd)"
P=$(mktemp -d)
SERVERS=()
PIDS=()
trap 'for p in "${SERVERS[@]}" "${PIDS[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$P"' EXIT
cd "$P" || exit 1
. "$HERE/lib.sh"
PORT=$(first_port $(($$ * 17)))

# ---- the certificate, written byte by byte (openssl and glass ca refuse such names) --------
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out evil.key 2>/dev/null
openssl pkey -in evil.key -pubout -outform DER -out evil.spki 2>/dev/null
/usr/bin/python3 - <<'PY'
import base64, subprocess
def der(tag, body):
    n = len(body)
    head = bytes([n]) if n < 128 else bytes([0x80 | ((n.bit_length() + 7) // 8)]) + n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([tag]) + head + body
seq = lambda *xs: der(0x30, b"".join(xs))
oid = lambda b: der(0x06, bytes.fromhex(b))
CN, OU = "550403", "55040b"
cn = b"evil\x1b]0;pwned\x07\r\x00\x1b[2J\xc2\x9bmore"    # ESC, BEL, CR, NUL as UTF8String; C1 CSI as UTF-8
ou = b"ou\xff\xc0\x80\xed\xa0\x80\xe2\x82"                 # not UTF-8: glass decodes a T61String as it is
name = seq(der(0x31, seq(oid(CN), der(0x0c, cn))), der(0x31, seq(oid(OU), der(0x14, ou))))
ecdsa_sha256 = seq(oid("2a8648ce3d040302"))
san = seq(oid("551d11"), der(0x04, seq(der(0x82, b"www.lab.test"))))
tbs = seq(der(0xa0, der(0x02, b"\x02")), der(0x02, b"\x10\x01"), ecdsa_sha256, name,
          seq(der(0x17, b"200101000000Z"), der(0x17, b"491231235959Z")), name,
          open("evil.spki", "rb").read(), der(0xa3, seq(san)))
open("tbs.der", "wb").write(tbs)
sig = subprocess.run(["openssl", "dgst", "-sha256", "-sign", "evil.key", "tbs.der"], capture_output=True, check=True).stdout
cert = seq(tbs, ecdsa_sha256, der(0x03, b"\x00" + sig))
open("evil.der", "wb").write(cert)
b64 = base64.encodebytes(cert).decode().replace("\n", "")
open("evil.crt", "w").write("-----BEGIN CERTIFICATE-----\n" + "\n".join(b64[i:i + 64] for i in range(0, len(b64), 64)) + "\n-----END CERTIFICATE-----\n")
PY

# raw_free NAME FILE [shown]: no control byte (C0 but \n, DEL) and no C1 CSI in FILE; with
# "shown" (the default) the visible \x1b is there too.
raw_free() {
    local name=$1 file=$2 shown=${3:-shown} raw
    raw=$(tr -d '\n' <"$file" | tr -d '\040-\176\200-\377' | wc -c)
    if [ "$raw" -ne 0 ]; then
        bad "$name: no raw control byte" "$(grep -n -a $'[\x01-\x09\x0b-\x1f\x7f]' "$file" | cat -v | head -5)"
    elif grep -q $'\xc2\x9b' "$file"; then
        bad "$name: no raw C1 CSI" "$(grep -a -n $'\xc2\x9b' "$file" | cat -v | head -3)"
    elif [ "$shown" = shown ] && ! grep -qF '\x1b' "$file"; then
        bad "$name: the escapes are shown as \\x1b" "$(head -c 600 "$file" | cat -v)"
    else
        ok "$name: no raw control$([ "$shown" = shown ] && echo ', \x1b shown')"
    fi
}
# json_ok NAME FILE: every line is strict UTF-8 and one JSON value.
json_ok() {
    local out
    if out=$(/usr/bin/python3 - "$2" <<'PY' 2>&1
import json, sys
lines = open(sys.argv[1], "rb").read().splitlines()
assert lines, "no line"
for n, raw in enumerate(lines, 1):
    try:
        json.loads(raw.decode("utf-8", "strict"))
    except Exception as e:
        sys.exit("line %d: %s: %r" % (n, e, raw[:200]))
print(len(lines))
PY
    ); then ok "$1: every line ($out) is UTF-8 and parses"; else bad "$1: every line is UTF-8 and parses" "$out"; fi
}

# ---- glass x509 -------------------------------------------------------------------------------
timeout 20 "$GLASS" x509 evil.der >x509.txt 2>&1
raw_free "glass x509" x509.txt
check "glass x509 shows the ill-formed OU bytes as \\xff\\xc0" grep -qF 'OU=ou\xff\xc0\x80' x509.txt
timeout 20 "$GLASS" x509 --json evil.der >x509.json 2>&1
json_ok "glass x509 --json" x509.json
check "glass x509 --json keeps ESC as \\u001b" grep -qF '\u001b]0;pwned\u0007\r\u0000' x509.json

# ---- glass client: summary, --trace, --trace-json, --html, --pcap (against openssl s_server -www) ----
s_server_www 1 -cert evil.crt -key evil.key
timeout 30 "$GLASS" client "127.0.0.1:$PORT" --insecure --servername www.lab.test --alpn $'h2\x1b[2J\x07\xff,http/1.1' \
    --trace --trace-json client.json --html client.html --pcap alpn.pcap --keylog alpn.keys --get / </dev/null >client.out 2>client.err
# stdout is the server's page, as curl shows a body; the summary and the trace are on stderr.
check "glass client --insecure connects to the hostile certificate" grep -q "Peer certificate" client.err
raw_free "glass client summary and --trace" client.err
check "... the subject shown with its escapes visible" grep -qF 'CN=evil\x1b]0;pwned\x07\x0d\x00\x1b[2J\u009bmore' client.err
check "... the ALPN offered shown visibly in the trace" grep -qF 'h2\x1b[2J\x07\xff' client.err
json_ok "glass client --trace-json" client.json

# ---- glass server --trace and --trace-json, and glass client's error sentences ----------------------
glass_server server.log --cert evil.crt --key evil.key --trace --trace-json server.json
timeout 30 "$GLASS" client "127.0.0.1:$PORT" --insecure --servername www.lab.test --alpn $'h2\x1b[2J\x07\xff' </dev/null >/dev/null 2>&1

# Verified, the leaf is refused: the error sentence names it, visibly.
timeout 30 "$GLASS" client "127.0.0.1:$PORT" --cafile evil.crt --servername other.lab.test </dev/null >refused.txt 2>&1
check "glass client refuses the certificate for another name" grep -q "does not match\|failed" refused.txt
raw_free "glass client's error sentence" refused.txt

# A hostile SNI (glass client sends what it is given): the server refuses it, its trace shows it.
timeout 30 "$GLASS" client "127.0.0.1:$PORT" --insecure --servername $'sni\x1b[31m\x07\r\xc0.test' --pcap sni.pcap </dev/null >sni.txt 2>&1
raw_free "glass client with a hostile SNI" sni.txt quiet
sleep 0.3
raw_free "glass server --trace" server.log
check "... the server shows the SNI visibly" grep -qF 'sni\x1b[31m\x07\x0d\xc0.test' server.log
json_ok "glass server --trace-json" server.json

# html_ok NAME FILE: the page is strict UTF-8 with no control but tab and line breaks.
html_ok() {
    local out
    if out=$(/usr/bin/python3 -c '
import re, sys
t = open(sys.argv[1], "rb").read().decode("utf-8", "strict")
bad = re.findall("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", t)
assert not bad and "\\x1b" in t, (len(bad), bad[:5])
' "$2" 2>&1); then ok "$1: valid UTF-8, no raw control"; else bad "$1: valid UTF-8, no raw control" "$out"; fi
}
html_ok "glass client --html" client.html

# ---- glass decode, text, --json and --html --------------------------------------------------------------
for c in alpn sni; do
    keys=(); [ "$c" = alpn ] && keys=(--keylog alpn.keys)
    timeout 30 "$GLASS" decode "$c.pcap" "${keys[@]}" >"decode-$c.txt" 2>&1
    raw_free "glass decode ($c)" "decode-$c.txt"
    timeout 30 "$GLASS" decode "$c.pcap" "${keys[@]}" --json >"decode-$c.json" 2>&1
    json_ok "glass decode --json ($c)" "decode-$c.json"
    timeout 30 "$GLASS" decode "$c.pcap" "${keys[@]}" --html "decode-$c.html" >/dev/null 2>&1
    html_ok "glass decode --html ($c)" "decode-$c.html"
done
check "glass decode shows the certificate's name visibly" grep -qF 'CN=evil\x1b]0;pwned' decode-alpn.txt

finish
