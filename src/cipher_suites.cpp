#include "glasstls/cipher_suites.hpp"

#include <algorithm>
#include <cctype>

namespace glasstls {

namespace {

using crypto::HashAlgorithm;
constexpr HashAlgorithm S256 = HashAlgorithm::sha256;
constexpr HashAlgorithm S384 = HashAlgorithm::sha384;

// Columns: id, IANA name, OpenSSL name, kx, auth, cipher, mac, PRF hash,
// mac_key_length, enc_key_length, fixed_iv_length, record_iv_length.
// CBC suites take no IV from the key block in TLS 1.2: each record carries
// an explicit random IV (RFC 5246 §6.2.3.2, §6.3). GCM takes a 4-byte salt
// and sends an 8-byte explicit nonce (RFC 5288 §3); ChaCha20-Poly1305 takes
// a 12-byte IV and sends nothing (RFC 7905 §2).
const std::vector<CipherSuite> kSuites = {
    // ECDHE-ECDSA (RFC 8422, RFC 5289, RFC 7905)
    {0xC02C, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "ECDHE-ECDSA-AES256-GCM-SHA384", KeyExchange::ecdhe, Authentication::ecdsa, BulkCipher::aes_256_gcm, MacAlgorithm::aead, S384, 0, 32, 4, 8},
    {0xC02B, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256", KeyExchange::ecdhe, Authentication::ecdsa, BulkCipher::aes_128_gcm, MacAlgorithm::aead, S256, 0, 16, 4, 8},
    {0xCCA9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-ECDSA-CHACHA20-POLY1305", KeyExchange::ecdhe, Authentication::ecdsa, BulkCipher::chacha20_poly1305, MacAlgorithm::aead, S256, 0, 32, 12, 0},
    // ECDHE-RSA
    {0xC030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "ECDHE-RSA-AES256-GCM-SHA384", KeyExchange::ecdhe, Authentication::rsa, BulkCipher::aes_256_gcm, MacAlgorithm::aead, S384, 0, 32, 4, 8},
    {0xC02F, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "ECDHE-RSA-AES128-GCM-SHA256", KeyExchange::ecdhe, Authentication::rsa, BulkCipher::aes_128_gcm, MacAlgorithm::aead, S256, 0, 16, 4, 8},
    {0xCCA8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-RSA-CHACHA20-POLY1305", KeyExchange::ecdhe, Authentication::rsa, BulkCipher::chacha20_poly1305, MacAlgorithm::aead, S256, 0, 32, 12, 0},
    // DHE-RSA (RFC 5246, RFC 5288, RFC 7905)
    {0x009F, "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", "DHE-RSA-AES256-GCM-SHA384", KeyExchange::dhe, Authentication::rsa, BulkCipher::aes_256_gcm, MacAlgorithm::aead, S384, 0, 32, 4, 8},
    {0x009E, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", "DHE-RSA-AES128-GCM-SHA256", KeyExchange::dhe, Authentication::rsa, BulkCipher::aes_128_gcm, MacAlgorithm::aead, S256, 0, 16, 4, 8},
    {0xCCAA, "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "DHE-RSA-CHACHA20-POLY1305", KeyExchange::dhe, Authentication::rsa, BulkCipher::chacha20_poly1305, MacAlgorithm::aead, S256, 0, 32, 12, 0},
    // ECDHE with CBC (RFC 5289 for the SHA-256/384 MACs)
    {0xC024, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", "ECDHE-ECDSA-AES256-SHA384", KeyExchange::ecdhe, Authentication::ecdsa, BulkCipher::aes_256_cbc, MacAlgorithm::hmac_sha384, S384, 48, 32, 0, 16},
    {0xC023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "ECDHE-ECDSA-AES128-SHA256", KeyExchange::ecdhe, Authentication::ecdsa, BulkCipher::aes_128_cbc, MacAlgorithm::hmac_sha256, S256, 32, 16, 0, 16},
    {0xC028, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", "ECDHE-RSA-AES256-SHA384", KeyExchange::ecdhe, Authentication::rsa, BulkCipher::aes_256_cbc, MacAlgorithm::hmac_sha384, S384, 48, 32, 0, 16},
    {0xC027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "ECDHE-RSA-AES128-SHA256", KeyExchange::ecdhe, Authentication::rsa, BulkCipher::aes_128_cbc, MacAlgorithm::hmac_sha256, S256, 32, 16, 0, 16},
    {0xC00A, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", "ECDHE-ECDSA-AES256-SHA", KeyExchange::ecdhe, Authentication::ecdsa, BulkCipher::aes_256_cbc, MacAlgorithm::hmac_sha1, S256, 20, 32, 0, 16},
    {0xC009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "ECDHE-ECDSA-AES128-SHA", KeyExchange::ecdhe, Authentication::ecdsa, BulkCipher::aes_128_cbc, MacAlgorithm::hmac_sha1, S256, 20, 16, 0, 16},
    {0xC014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", "ECDHE-RSA-AES256-SHA", KeyExchange::ecdhe, Authentication::rsa, BulkCipher::aes_256_cbc, MacAlgorithm::hmac_sha1, S256, 20, 32, 0, 16},
    {0xC013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "ECDHE-RSA-AES128-SHA", KeyExchange::ecdhe, Authentication::rsa, BulkCipher::aes_128_cbc, MacAlgorithm::hmac_sha1, S256, 20, 16, 0, 16},
    {0x006B, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256", "DHE-RSA-AES256-SHA256", KeyExchange::dhe, Authentication::rsa, BulkCipher::aes_256_cbc, MacAlgorithm::hmac_sha256, S256, 32, 32, 0, 16},
    {0x0067, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256", "DHE-RSA-AES128-SHA256", KeyExchange::dhe, Authentication::rsa, BulkCipher::aes_128_cbc, MacAlgorithm::hmac_sha256, S256, 32, 16, 0, 16},
    {0x0039, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA", "DHE-RSA-AES256-SHA", KeyExchange::dhe, Authentication::rsa, BulkCipher::aes_256_cbc, MacAlgorithm::hmac_sha1, S256, 20, 32, 0, 16},
    {0x0033, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA", "DHE-RSA-AES128-SHA", KeyExchange::dhe, Authentication::rsa, BulkCipher::aes_128_cbc, MacAlgorithm::hmac_sha1, S256, 20, 16, 0, 16},
    // Static RSA key exchange: no forward secrecy, kept for the lab.
    {0x009D, "TLS_RSA_WITH_AES_256_GCM_SHA384", "AES256-GCM-SHA384", KeyExchange::rsa, Authentication::rsa, BulkCipher::aes_256_gcm, MacAlgorithm::aead, S384, 0, 32, 4, 8},
    {0x009C, "TLS_RSA_WITH_AES_128_GCM_SHA256", "AES128-GCM-SHA256", KeyExchange::rsa, Authentication::rsa, BulkCipher::aes_128_gcm, MacAlgorithm::aead, S256, 0, 16, 4, 8},
    {0x003D, "TLS_RSA_WITH_AES_256_CBC_SHA256", "AES256-SHA256", KeyExchange::rsa, Authentication::rsa, BulkCipher::aes_256_cbc, MacAlgorithm::hmac_sha256, S256, 32, 32, 0, 16},
    {0x003C, "TLS_RSA_WITH_AES_128_CBC_SHA256", "AES128-SHA256", KeyExchange::rsa, Authentication::rsa, BulkCipher::aes_128_cbc, MacAlgorithm::hmac_sha256, S256, 32, 16, 0, 16},
    {0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA", "AES256-SHA", KeyExchange::rsa, Authentication::rsa, BulkCipher::aes_256_cbc, MacAlgorithm::hmac_sha1, S256, 20, 32, 0, 16},
    {0x002F, "TLS_RSA_WITH_AES_128_CBC_SHA", "AES128-SHA", KeyExchange::rsa, Authentication::rsa, BulkCipher::aes_128_cbc, MacAlgorithm::hmac_sha1, S256, 20, 16, 0, 16},
};

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::toupper(static_cast<unsigned char>(x)) == std::toupper(static_cast<unsigned char>(y));
           });
}

std::vector<std::string_view> split_list(std::string_view list) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= list.size(); ++i) {
        if (i == list.size() || list[i] == ':' || list[i] == ',' || list[i] == ' ') {
            if (i > start) out.push_back(list.substr(start, i - start));
            start = i + 1;
        }
    }
    return out;
}

} // namespace

const std::vector<CipherSuite>& all_cipher_suites() { return kSuites; }

const CipherSuite* find_cipher_suite(std::uint16_t id) {
    for (const CipherSuite& s : kSuites) {
        if (s.id == id) return &s;
    }
    return nullptr;
}

const CipherSuite* find_cipher_suite(std::string_view name) {
    for (const CipherSuite& s : kSuites) {
        if (iequals(s.openssl_name, name) || iequals(s.iana_name, name)) return &s;
    }
    return nullptr;
}

std::vector<const CipherSuite*> select_cipher_suites(std::string_view list) {
    std::vector<const CipherSuite*> out;
    auto add = [&](const CipherSuite* s) {
        if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
    };
    for (std::string_view item : split_list(list)) {
        bool remove = item[0] == '!' || item[0] == '-';
        std::string_view name = remove ? item.substr(1) : item;
        if (iequals(name, "ALL") || iequals(name, "DEFAULT")) {
            for (const CipherSuite& s : kSuites) {
                if (remove) std::erase(out, &s);
                else add(&s);
            }
            continue;
        }
        const CipherSuite* s = find_cipher_suite(name);
        if (s == nullptr) throw TlsError(AlertDescription::illegal_parameter, "unknown cipher suite '" + std::string(name) + "'");
        if (remove) std::erase(out, s);
        else add(s);
    }
    if (out.empty()) throw TlsError(AlertDescription::illegal_parameter, "the cipher list '" + std::string(list) + "' selects no suite");
    return out;
}

std::string suite_id_string(const CipherSuite& s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out = "0x00,0x00";
    out[2] = hex[(s.id >> 12) & 0xf];
    out[3] = hex[(s.id >> 8) & 0xf];
    out[7] = hex[(s.id >> 4) & 0xf];
    out[8] = hex[s.id & 0xf];
    return out;
}

std::string_view key_exchange_name(KeyExchange kx) {
    switch (kx) {
    case KeyExchange::rsa: return "RSA";
    case KeyExchange::dhe: return "DH";
    case KeyExchange::ecdhe: return "ECDH";
    }
    return "?";
}

std::string suite_description(const CipherSuite& s) {
    std::string enc;
    switch (s.cipher) {
    case BulkCipher::aes_128_cbc: enc = "AES(128)"; break;
    case BulkCipher::aes_256_cbc: enc = "AES(256)"; break;
    case BulkCipher::aes_128_gcm: enc = "AESGCM(128)"; break;
    case BulkCipher::aes_256_gcm: enc = "AESGCM(256)"; break;
    case BulkCipher::chacha20_poly1305: enc = "CHACHA20/POLY1305(256)"; break;
    }
    std::string mac;
    switch (s.mac) {
    case MacAlgorithm::hmac_sha1: mac = "SHA1"; break;
    case MacAlgorithm::hmac_sha256: mac = "SHA256"; break;
    case MacAlgorithm::hmac_sha384: mac = "SHA384"; break;
    case MacAlgorithm::aead: mac = "AEAD"; break;
    }
    std::string au = s.auth == Authentication::rsa ? "RSA" : "ECDSA";
    return "Kx=" + std::string(key_exchange_name(s.kx)) + " Au=" + au + " Enc=" + enc + " Mac=" + mac;
}

} // namespace glasstls
