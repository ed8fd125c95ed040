# Functions shared by the scripts that make certificates with openssl
# (make-pki.sh, hostile-x509.sh): run them in the output directory.

genkey() {   # name type
    case $2 in
    rsa) openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1.key" 2>/dev/null ;;
    p256) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1.key" ;;
    p384) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out "$1.key" ;;
    p521) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-521 -out "$1.key" ;;
    rsa-pss) openssl genpkey -algorithm RSA-PSS -pkeyopt rsa_keygen_bits:2048 -out "$1.key" 2>/dev/null ;;
    rsa-pss-sha256) openssl genpkey -algorithm RSA-PSS -pkeyopt rsa_keygen_bits:2048 -pkeyopt rsa_pss_keygen_md:sha256 \
        -pkeyopt rsa_pss_keygen_mgf1_md:sha256 -pkeyopt rsa_pss_keygen_saltlen:32 -out "$1.key" 2>/dev/null ;;
    ed25519) openssl genpkey -algorithm ED25519 -out "$1.key" ;;
    reuse:*) cp "${2#reuse:}.key" "$1.key" ;;
    esac
}

digest_for() {   # Ed25519 signs without a separate digest
    if openssl pkey -in "$1.key" -noout -text 2>/dev/null | head -1 | grep -q ED25519; then echo ""; else echo "-sha256"; fi
}

# root NAME KEYTYPE "SUBJECT": a self-signed CA (req -x509 adds the key identifiers).
root() {
    genkey "$1" "$2"
    openssl req -x509 -new -key "$1.key" $(digest_for "$1") -subj "$3" -days 3650 \
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" -out "$1.crt"
}

# issue_raw NAME ISSUER KEYTYPE "SUBJECT" "EXTENSION LINES" [openssl x509 flags…]: exactly these extensions
issue_raw() {
    local name=$1 issuer=$2 keytype=$3 subject=$4 ext=$5
    shift 5
    genkey "$name" "$keytype"
    openssl req -new -key "$name.key" -subj "$subject" -out "$name.csr" 2>/dev/null
    printf '[v3]\n%b\n' "$ext" >"$name.ext"
    local digest
    digest=$(digest_for "$issuer")
    openssl x509 -req -in "$name.csr" -CA "$issuer.crt" -CAkey "$issuer.key" -set_serial "0x$(openssl rand -hex 8)" \
        -days 825 $digest -extfile "$name.ext" -extensions v3 "$@" -out "$name.crt" 2>/dev/null
    rm -f "$name.csr"
}

# issue NAME ISSUER KEYTYPE "SUBJECT" "EXTENSION LINES" [openssl x509 flags…]: with key identifiers
issue() {
    local name=$1 issuer=$2 keytype=$3 subject=$4 ext=$5
    shift 5
    issue_raw "$name" "$issuer" "$keytype" "$subject" "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n$ext" "$@"
}


# selfsigned NAME KEYTYPE "SUBJECT" "EXTENSION LINES" [openssl req flags…]: a
# self-signed certificate with exactly these extensions (none added), for
# trust anchors that are not what `root` makes.
selfsigned() {
    local name=$1 keytype=$2 subject=$3 ext=$4
    shift 4
    genkey "$name" "$keytype"
    printf '[req]\ndistinguished_name=dn\n[dn]\n[v3]\n%b\n' "$ext" >"$name.cnf"
    openssl req -x509 -new -key "$name.key" $(digest_for "$name") -subj "$subject" -days 3650 -config "$name.cnf" \
        -extensions v3 "$@" -out "$name.crt" 2>/dev/null
}
