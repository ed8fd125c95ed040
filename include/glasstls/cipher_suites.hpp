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

// Parses a cipher string: names (OpenSSL or IANA), the keywords ALL and
// DEFAULT, and "!NAME" or "-NAME" to remove, separated by ':' ',' or spaces.
// The list is a user's option (--cipher): an unknown entry (named in the
// sentence) or a list that selects nothing is TlsError{illegal_parameter}.
std::vector<const CipherSuite*> select_cipher_suites(std::string_view list);

// "0xC0,0x2F"
std::string suite_id_string(const CipherSuite& s);
// "Kx=ECDH Au=RSA Enc=AESGCM(128) Mac=AEAD", as `openssl ciphers -v` prints.
std::string suite_description(const CipherSuite& s);

std::string_view key_exchange_name(KeyExchange kx);

} // namespace glasstls
