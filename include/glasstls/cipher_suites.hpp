// Cipher suites: one data table (RFC 5246 Appendix A.5 and C, RFC 5288,
// RFC 5289, RFC 7905, RFC 4492/8422) and the OpenSSL-style cipher strings
// that select from it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "glasstls/crypto.hpp"

namespace glasstls {

enum class KeyExchange { rsa, dhe, ecdhe };
enum class Authentication { rsa, ecdsa };
enum class BulkCipher { aes_128_cbc, aes_256_cbc, aes_128_gcm, aes_256_gcm, chacha20_poly1305 };
enum class MacAlgorithm { hmac_sha1, hmac_sha256, hmac_sha384, aead };

struct CipherSuite {
    std::uint16_t id;                  // IANA value, e.g. 0xC02F
    std::string_view iana_name;        // TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
    std::string_view openssl_name;     // ECDHE-RSA-AES128-GCM-SHA256
    KeyExchange kx;
    Authentication auth;
    BulkCipher cipher;
    MacAlgorithm mac;
    crypto::HashAlgorithm prf_hash;    // RFC 5246 §5: SHA-256 unless the suite says otherwise
    // RFC 5246 §6.3 SecurityParameters: the lengths the key block is cut into.
    std::uint8_t mac_key_length;
    std::uint8_t enc_key_length;
    std::uint8_t fixed_iv_length;      // implicit IV part from the key block (AEAD only)
    std::uint8_t record_iv_length;     // explicit IV/nonce sent in each record

    bool is_aead() const { return mac == MacAlgorithm::aead; }
    bool is_cbc() const { return !is_aead(); }
    std::size_t mac_length() const { return mac_key_length; }
};

// Every suite glasstls implements, in the default (server) preference order.
const std::vector<CipherSuite>& all_cipher_suites();

const CipherSuite* find_cipher_suite(std::uint16_t id);
// By OpenSSL name or IANA name (case-insensitive).
const CipherSuite* find_cipher_suite(std::string_view name);

// Reads an OpenSSL cipher string as openssl-ciphers(1) "CIPHER LIST
// FORMAT" defines it, over the suites glasstls implements: the result is
// what `openssl ciphers -s -tls1_2 LIST` prints, less the suites we lack,
// in the same order (tests/cli-tests.sh checks a table of strings;
// docs/cipher-strings.md is the user's version of this comment).
//   - Items are separated by ':' ',' ' ' or ';'. An item is a suite name
//     (OpenSSL's or, beyond OpenSSL 3.0, IANA's) or an alias (ALL, HIGH,
//     ECDHE, aRSA, AESGCM, SHA256, TLSv1.2, CBC…), or several joined by '+',
//     which selects the suites all of them select. Words are matched
//     without regard to case, as OpenSSL 4.0 does (3.0 minds case).
//   - Prefixes: '!' removes for good (no later item adds it back), '-'
//     removes (a later item may add it back), '+' moves to the end what is
//     already selected; no prefix appends what is not yet selected.
//   - @STRENGTH sorts by key length, longest first (stable). @SECLEVEL=N
//     drops the suites OpenSSL's security level N refuses: none at 0-2; at
//     3 static RSA; at 4 and 5 the 128-bit and SHA-1 suites as well.
//   - DEFAULT counts only at the start of the list, as in OpenSSL. It
//     selects every suite (OpenSSL's DEFAULT is ALL less COMPLEMENTOFDEFAULT,
//     none of ours), in glasstls's preference order, all_cipher_suites(), not
//     OpenSSL's: so `--cipher DEFAULT` is what no --cipher does. Every
//     other order (ALL, an alias) is OpenSSL's.
// Unknown words. OpenSSL skips an item with a word it does not know, and
// glasstls skips it too, with one exception so that a typo is not silent:
// an item that is one unknown word that looks like a suite name (it has a
// '-' or '_', as OpenSSL's and IANA's names do), not prefixed by '!' or '-',
// is TlsError{illegal_parameter, "unknown cipher suite 'NAME' …"}; this
// also refuses real suites glasstls lacks (RC4-MD5, DES-CBC3-SHA) — write
// them with '!' or '-', or leave them out. OpenSSL's aliases for suites we
// lack (MEDIUM, RC4, DSS, PSK, aNULL…) are understood and select nothing,
// so urllib3's "…:!aNULL:!eNULL:!MD5:!DSS" works.
// Errors, all TlsError{illegal_parameter}: a malformed item ("!", "A+",
// "AES/GCM", "!!X") or an unknown @command, which OpenSSL refuses too; a
// list that selects nothing: "the cipher list 'FOO' selects no cipher suite
// glasstls implements (not understood: FOO)" — so --cipher FOO still says
// what was wrong.
std::vector<const CipherSuite*> select_cipher_suites(std::string_view list);

// "0xC0,0x2F"
std::string suite_id_string(const CipherSuite& s);
// "Kx=ECDH Au=RSA Enc=AESGCM(128) Mac=AEAD", as `openssl ciphers -v` prints.
std::string suite_description(const CipherSuite& s);

std::string_view key_exchange_name(KeyExchange kx);

} // namespace glasstls
