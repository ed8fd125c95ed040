#!/usr/bin/env bash
# Command-line tests of `glass`, run by ./tools/lab test (and `meson test`).
# Each check prints "ok - …" or "FAIL - …"; the last line is
# "N passed, N failed". Peers such as `openssl` are the real binaries.
set -u
GLASS=${1:?usage: cli-tests.sh path/to/glass}
VECTORS="$(cd "$(dirname "$0")/../vectors" && pwd)"
. "$(dirname "$0")/lib.sh"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# ---- the program's own conventions: --version, --help, usage errors ---------
LAB="$(cd "$(dirname "$0")/.." && pwd)/tools/lab"
check "glass --version names glasstls and its version" bash -c '"$1" --version | grep -Eq "^glass \(glasstls\) [0-9]+\.[0-9]+\.[0-9]+ "' _ "$GLASS"
check "glass version says the same" test "$("$GLASS" version)" = "$("$GLASS" --version)"
check "./tools/lab --help exits 0 and lists build-debug" bash -c '"$1" --help | grep -q "build-debug"' _ "$LAB"
# Every command's usage error (an unknown option) exits 2, with its --help named.
for c in client server ciphers prf bench demo x509 verify ca proxy replay probe heartbleed steps python decode; do
    "$GLASS" $c --no-such-option >/dev/null 2>"$TMP/err" </dev/null
    rc=$?
    if [ $rc -eq 2 ] && grep -q "glass $c --help" "$TMP/err"; then ok "glass $c --no-such-option: usage error, exit 2"
    else bad "glass $c --no-such-option: usage error, exit 2" "exit $rc: $(head -c 300 "$TMP/err")"; fi
done

# ---- glass prf against the published vectors and against openssl -----------
field() { grep "^$2 = " "$VECTORS/prf.txt" | sed -n "${1}p" | sed -E 's/^[a-z_]+ = "?([^"]*)"?$/\1/'; }
for i in 1 2; do
    hash=$(field $i hash) secret=$(field $i secret) label=$(field $i label) seed=$(field $i seed) want=$(field $i output)
    got=$("$GLASS" prf --hash "$hash" --secret "$secret" --label "$label" --seed "$seed" --length $((${#want} / 2)))
    if [ "$got" = "$want" ]; then ok "glass prf matches the published $hash vector"; else bad "glass prf $hash vector" "got $got"; fi
done

openssl_prf() {   # hash secret label seed length
    openssl kdf -keylen "$5" -kdfopt "digest:$1" -kdfopt "hexsecret:$2" \
        -kdfopt "hexseed:$(printf '%s' "$3" | od -An -tx1 | tr -d ' \n')$4" TLS1-PRF | tr -d ':\n' | tr 'A-F' 'a-f'
}
if command -v openssl >/dev/null && openssl kdf -help >/dev/null 2>&1; then
    for hash in SHA256 SHA384; do
        for len in 1 12 48 100 333; do
            secret=$(openssl rand -hex 48) seed=$(openssl rand -hex 64)
            want=$(openssl_prf "$hash" "$secret" "key expansion" "$seed" "$len")
            got=$("$GLASS" prf --hash "$(echo "$hash" | tr 'A-Z' 'a-z')" --secret "$secret" --label "key expansion" --seed "$seed" --length "$len")
            if [ "$got" = "$want" ]; then ok "glass prf = openssl kdf TLS1-PRF ($hash, $len bytes)"; else bad "prf vs openssl $hash $len" "glass $got / openssl $want"; fi
        done
    done
else
    bad "openssl with 'kdf' is needed for the PRF cross-check"
fi
"$GLASS" prf --hash md5 --secret 00 --label x --seed 00 --length 4 >/dev/null 2>"$TMP/err"
check "glass prf: an unknown hash is a usage error (exit 2)" test $? -eq 2
"$GLASS" prf --hash sha256 --secret zz --label x --length 4 >/dev/null 2>"$TMP/err"
check "glass prf: bad hex is a usage error (exit 2)" test $? -eq 2

# ---- glass ciphers ------------------------------------------------------------
"$GLASS" ciphers >"$TMP/all"
check "glass ciphers lists the 27 suites" test "$(wc -l <"$TMP/all")" -eq 27
check "glass ciphers prints id, IANA name, OpenSSL name, kx/au/enc/mac" \
    grep -qE '^0xC0,0x2F +TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 +ECDHE-RSA-AES128-GCM-SHA256 +TLSv1.2 Kx=ECDH Au=RSA Enc=AESGCM\(128\) Mac=AEAD$' "$TMP/all"
"$GLASS" ciphers 'TLS_RSA_WITH_AES_128_CBC_SHA:ECDHE-ECDSA-CHACHA20-POLY1305' >"$TMP/two"
check "glass ciphers accepts IANA and OpenSSL names, in order" \
    test "$(awk '{print $3}' "$TMP/two" | paste -sd:)" = "AES128-SHA:ECDHE-ECDSA-CHACHA20-POLY1305"
"$GLASS" ciphers 'AES128-SHA:RC4-MD5' >/dev/null 2>"$TMP/err"
rc=$?
check "glass ciphers: an unknown name is a usage error (exit 2)" test $rc -eq 2
check "glass ciphers: the error names the unknown suite" grep -q "RC4-MD5" "$TMP/err"
# A cipher string selects what OpenSSL's does, less the suites we lack, in
# OpenSSL's order; DEFAULT is the same set in glasstls's own order.
if command -v openssl >/dev/null; then
    awk '{print $3}' "$TMP/all" >"$TMP/names"
    openssl_ours() { openssl ciphers -s -tls1_2 -- "$1" 2>/dev/null | tr ':' '\n' | grep -Fx -f "$TMP/names" | paste -sd:; }
    glass_ours() { "$GLASS" ciphers "$1" 2>/dev/null | awk '{print $3}' | paste -sd:; }
    while IFS= read -r list; do
        want=$(openssl_ours "$list") got=$(glass_ours "$list")
        if [ -n "$want" ] && [ "$got" = "$want" ]; then ok "glass ciphers '$list' = openssl ciphers, filtered"
        else bad "glass ciphers '$list' = openssl ciphers, filtered" "openssl: $want"$'\n'"glass:   $got"; fi
    done <<'LISTS'
ECDHE+AESGCM:ECDHE+CHACHA20:DHE+AESGCM:DHE+CHACHA20:ECDH+AESGCM:DH+AESGCM:ECDH+AES:DH+AES:RSA+AESGCM:RSA+AES:!aNULL:!eNULL:!MD5:!DSS
@SECLEVEL=2:ECDH+AESGCM:ECDH+CHACHA20:ECDH+AES:DHE+AES:!aNULL:!eNULL:!aDSS:!SHA1:!AESCCM
HIGH:!aNULL:!MD5
ECDHE-RSA-AES128-GCM-SHA256:AES256-SHA
ALL:@STRENGTH
kEECDH+aRSA
ALL:!RSA
aECDSA+SHA384:TLSv1:SSLv3:CBC+kRSA
ECDHE:-ALL:ECDHE-RSA-AES128-SHA:ALL
ECDHE+AESGCM:!ECDHE-RSA-AES128-GCM-SHA256:ECDHE+AESGCM
AES128-SHA:ECDHE+AESGCM:+AES128-SHA:+kRSA
kRSA:ECDHE+AESGCM:@STRENGTH
ALL:@SECLEVEL=3
ALL:@SECLEVEL=4
AES128-SHA;AES256-SHA,DHE-RSA-AES128-SHA256 SHA256:-CHACHA20
LISTS
    for list in 'DEFAULT' 'DEFAULT:!RSA' 'DEFAULT:!SHA1:+kRSA'; do
        want=$(openssl_ours "$list" | tr ':' '\n' | sort) got=$(glass_ours "$list")
        in_our_order=$(grep -Fx -f <(tr ':' '\n' <<<"$got") "$TMP/names" | paste -sd:)
        check "glass ciphers '$list': openssl's set, in glasstls's order" \
            test -n "$want" -a "$want" = "$(tr ':' '\n' <<<"$got" | sort)" -a "$got" = "$in_our_order"
    done
fi
"$GLASS" ciphers 'FOO' >/dev/null 2>"$TMP/err"
check "glass ciphers FOO: nothing selected, and FOO named as not understood" grep -q "selects no cipher suite glasstls implements (not understood: FOO)" "$TMP/err"
"$GLASS" ciphers 'AES128-SHA:!RC4-MD5:!DSS:MEDIUM' >"$TMP/one" 2>&1
check "glass ciphers: removing or naming what glasstls lacks is no error" test "$(awk '{print $3}' "$TMP/one")" = "AES128-SHA"
# Every OpenSSL name we use is one OpenSSL knows by the same id.
if openssl ciphers -V 'ALL:@SECLEVEL=0' >"$TMP/openssl" 2>/dev/null; then
    bad=0
    while read -r id iana name _; do
        grep -qE "^ *$id - $name " "$TMP/openssl" || { bad=1; echo "    openssl disagrees on $id $name"; }
    done <"$TMP/all"
    check "every suite's id and OpenSSL name agree with openssl ciphers -V" test $bad -eq 0
fi

# ---- glass demo -------------------------------------------------------------------
"$GLASS" demo >"$TMP/demo" 2>&1
check "glass demo exits 0" test $? -eq 0
record=$(grep '^record = ' "$VECTORS/records.txt" | head -1 | cut -d' ' -f3)
check "glass demo prints the record of vectors/records.txt" \
    test "$(grep -A3 'record on the wire' "$TMP/demo" | tail -3 | tr -d ' \n')" = "$record"
check "glass demo shows tampering refused with bad_record_mac" grep -q "refused: bad_record_mac" "$TMP/demo"

# ---- glass bench (figures are printed, not judged) ---------------------------------
"$GLASS" bench record --suite AES128-GCM-SHA256:ECDHE-RSA-CHACHA20-POLY1305:AES128-SHA --seconds 0.05 >"$TMP/bench" 2>&1
check "glass bench record runs" test $? -eq 0
check "glass bench record prints record, raw and ratio columns" grep -qE '^suite +bytes +record +raw +ratio' "$TMP/bench"
check "glass bench record: no heap allocation per record in steady state" \
    test "$(awk '/^(AES|ECDHE)/ {print $6}' "$TMP/bench" | sort -u)" = "0.00"
"$GLASS" bench handshake --cert ed25519 --seconds 0.05 >"$TMP/bench-hs" 2>&1
check "glass bench handshake runs" test $? -eq 0
check "glass bench handshake: full, resumed ticket and resumed id rows" \
    test "$(grep -cE '^ECDHE-ECDSA-AES128-GCM-SHA256 +ed25519 +(full|resumed ticket|resumed id) +[0-9]+ ' "$TMP/bench-hs")" -eq 3
check "glass bench handshake: memory per established connection is printed" \
    grep -qE '^memory: an established server connection .* holds [0-9.]+ KiB of heap' "$TMP/bench-hs"
check "glass bench handshake: resumption does no public-key work" \
    test "$(awk '/resumed/ {print $(NF-2)}' "$TMP/bench-hs" | sort -u)" = "0.0%"
"$GLASS" bench handshake --cert ecdsa --suite ECDHE-RSA-AES128-GCM-SHA256 --seconds 0.05 >"$TMP/bench-hs" 2>&1
check "glass bench handshake: an RSA suite with an ECDSA certificate is a usage error" test $? -eq 2
"$GLASS" bench handshake --cert dsa >"$TMP/bench-hs" 2>&1
check "glass bench handshake --cert dsa is a usage error" test $? -eq 2

# ---- usage -------------------------------------------------------------------------
"$GLASS" nosuchcommand >/dev/null 2>&1
check "an unknown subcommand exits 2" test $? -eq 2
"$GLASS" --help | grep -q "ciphers"
check "glass --help lists the subcommands" test $? -eq 0
for sub in ca proxy probe heartbleed replay decode steps; do
    check "glass $sub --help describes it, and glass --help lists it" \
        bash -c '"$1" "$2" --help | grep -q "^usage: glass $2" && "$1" --help | grep -q "^  $2 "' _ "$GLASS" "$sub"
done

# ---- the step table and docs/debugging.md ---------------------------------------
DOC="$(dirname "$0")/../docs/debugging.md"
"$GLASS" steps --client --markdown >"$TMP/steps.md"
check "docs/debugging.md holds the client's step table exactly as glass steps prints it" \
    python3 -c 'import sys; sys.exit(0 if open(sys.argv[1]).read() in open(sys.argv[2]).read() else 1)' "$TMP/steps.md" "$DOC"
check "glass steps: both sides, each received message with its handler" \
    bash -c '"$1" steps | grep -q "<- ClientHello *glasstls::ServerHandshake::on_client_hello" &&
             "$1" steps | grep -q "<- ServerHello *glasstls::ClientHandshake::on_server_hello"' _ "$GLASS"
# ---- the layers of docs/architecture.md: no include runs upward ----------------
while IFS= read -r line; do
    case $line in ok\ -*) ok "${line#ok - }" ;; FAIL\ -*) bad "${line#FAIL - }" ;; *) echo "$line" ;; esac
done < <(python3 "$(dirname "$0")/layers-check.py" "$(dirname "$0")/.." 2>&1)
# ---- every RFC section the output and the handouts cite is listed, with its title ----
check "every RFC section cited in src/, include/ and docs/ is in docs/rfc-sections.txt" \
    /usr/bin/python3 "$(dirname "$0")/rfc-citations.py" "$(dirname "$0")/.."
mkdir -p "$TMP/rfc/src" "$TMP/rfc/docs" && cp "$(dirname "$0")/../docs/rfc-sections.txt" "$TMP/rfc/docs/"
printf '%s\n' 'const char* a = "nonce (RFC 5246 §6.2.3.9)"; // RFC 5246 §99 in a comment' 'const char* b = "(§8.1)";' >"$TMP/rfc/src/x.cpp"
check "the RFC check names a section the list lacks and a § that names no RFC, and skips comments" \
    bash -c 'out=$(/usr/bin/python3 "$1" "$2"); [ $? -eq 1 ] && grep -q "RFC 5246 §6.2.3.9 is not" <<<"$out" &&
             grep -q "§8.1 names no RFC" <<<"$out" && ! grep -q "§99" <<<"$out"' _ "$(dirname "$0")/rfc-citations.py" "$TMP/rfc"
LIB=$(ls "$(dirname "$GLASS")"/libglasstls.so* 2>/dev/null | head -1)
if [ -n "$LIB" ] && command -v nm >/dev/null; then
    nm -DC "$LIB" | sed 's/\[abi:cxx11\]//g' | sed -n 's/^[0-9a-f]* [TW] \(glasstls::[A-Za-z_:]*\)(.*/\1/p' | sort -u >"$TMP/symbols"
    # The breakpoints: each table cell `glasstls::…` and each "break glasstls::…" of the session.
    missing=$(grep -oE '(\| `|break )glasstls::[A-Za-z_][A-Za-z_:]*[A-Za-z_]' "$DOC" | sed -E 's/^(\| `|break )//' | sort -u |
        while read -r f; do grep -qx "$f" "$TMP/symbols" || echo "$f"; done)
    check "every breakpoint docs/debugging.md names is a function of the library${missing:+ (missing: $missing)}" test -z "$missing"
fi

finish
