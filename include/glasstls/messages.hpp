// Handshake messages (RFC 5246 §7.4) and the extensions glasstls speaks:
// one plain struct per message with encode() / decode() side by side, and
// the reassembly of messages from handshake records.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "glasstls/cipher_suites.hpp"
#include "glasstls/codec.hpp"
#include "glasstls/crypto.hpp"
#include "glasstls/protocol.hpp"

namespace glasstls {

// IANA "TLS ExtensionType Values".
enum class ExtensionType : std::uint16_t {
    server_name = 0,              // RFC 6066 §3
    supported_groups = 10,        // RFC 8422 §5.1.1, RFC 7919
    ec_point_formats = 11,        // RFC 8422 §5.1.2
    signature_algorithms = 13,    // RFC 5246 §7.4.1.4.1
    heartbeat = 15,               // RFC 6520 §2
    alpn = 16,                    // RFC 7301
    encrypt_then_mac = 22,        // RFC 7366
    extended_master_secret = 23,  // RFC 7627
    session_ticket = 35,          // RFC 5077
    supported_versions = 43,      // RFC 8446 §4.2.1 (TLS 1.3 clients send it)
    renegotiation_info = 0xff01,  // RFC 5746
};
std::string extension_name(std::uint16_t type);

// TLS 1.2 SignatureAndHashAlgorithm values, as TLS 1.3 named them (RFC 8446 §4.2.3).
enum class SignatureScheme : std::uint16_t {
    rsa_pkcs1_sha1 = 0x0201,
    ecdsa_sha1 = 0x0203,
    rsa_pkcs1_sha256 = 0x0401,
    rsa_pkcs1_sha384 = 0x0501,
    rsa_pkcs1_sha512 = 0x0601,
    ecdsa_secp256r1_sha256 = 0x0403,
    ecdsa_secp384r1_sha384 = 0x0503,
    ecdsa_secp521r1_sha512 = 0x0603,
    rsa_pss_rsae_sha256 = 0x0804,
    rsa_pss_rsae_sha384 = 0x0805,
    rsa_pss_rsae_sha512 = 0x0806,
    ed25519 = 0x0807,
    rsa_pss_pss_sha256 = 0x0809,   // with an RSA-PSS (id-RSASSA-PSS) key
    rsa_pss_pss_sha384 = 0x080a,
    rsa_pss_pss_sha512 = 0x080b,
};

struct SchemeInfo {
    SignatureScheme scheme;
    std::string_view name;                // "rsa_pss_rsae_sha256"
    crypto::SignatureAlgorithm algorithm;
    crypto::HashAlgorithm hash;
    crypto::KeyType key_type;
};
// nullptr for a scheme glasstls cannot use.
const SchemeInfo* scheme_info(std::uint16_t scheme);
std::optional<SignatureScheme> scheme_from_name(std::string_view name);
std::string scheme_name(std::uint16_t scheme);
// The schemes glasstls offers by default, in preference order.
std::vector<SignatureScheme> default_signature_schemes();

struct Extension {
    std::uint16_t type;
    Bytes data;
};

// ---- Hello messages (RFC 5246 §7.4.1) -------------------------------------------

struct ClientHello {
    std::uint16_t client_version = 0x0303;
    Bytes random;                          // 32 bytes
    Bytes session_id;                      // 0..32 bytes
    std::vector<std::uint16_t> cipher_suites;
    Bytes compression_methods{0};
    std::vector<Extension> extensions;

    Bytes encode() const;
    // `trail`: record every field read, offsets from `base` (the dissector's way in).
    static ClientHello decode(ByteView body, ReadTrail* trail = nullptr, std::size_t base = 0);
    const Extension* find(ExtensionType t) const;
};

struct ServerHello {
    std::uint16_t server_version = 0x0303;
    Bytes random;
    Bytes session_id;
    std::uint16_t cipher_suite = 0;
    std::uint8_t compression_method = 0;
    std::vector<Extension> extensions;

    Bytes encode() const;
    static ServerHello decode(ByteView body, ReadTrail* trail = nullptr, std::size_t base = 0);
    const Extension* find(ExtensionType t) const;
};

// ---- Extension bodies ----------------------------------------------------------------

namespace ext {
Bytes server_name(std::string_view host);                  // RFC 6066 §3: one host_name entry
std::optional<std::string> parse_server_name(ByteView data);
Bytes supported_groups(const std::vector<crypto::NamedGroup>& groups);
std::vector<std::uint16_t> parse_u16_list(ByteView data, const char* what);   // groups, schemes
Bytes ec_point_formats();                                   // uncompressed only
Bytes signature_algorithms(const std::vector<SignatureScheme>& schemes);
Bytes alpn(const std::vector<std::string>& protocols);
std::vector<std::string> parse_alpn(ByteView data);
Bytes renegotiation_info(ByteView renegotiated_connection);   // empty on an initial handshake
} // namespace ext

// ---- Certificate, key exchange, Finished ------------------------------------------------

struct CertificateMessage {   // §7.4.2 / §7.4.6
    std::vector<Bytes> chain;  // DER, sender's certificate first
    Bytes encode() const;
    static CertificateMessage decode(ByteView body);
};

// §7.4.3. The signed params are kept as sent: the signature covers
// client_random + server_random + params.
struct ServerKeyExchange {
    KeyExchange kx = KeyExchange::ecdhe;
    Bytes params;
    // ECDHE (RFC 8422 §5.4): named curve and the server's point
    crypto::NamedGroup group = crypto::NamedGroup::x25519;
    Bytes public_value;
    // DHE (RFC 5246 §7.4.3): p, g, Ys
    Bytes dh_p, dh_g;
    std::uint16_t scheme = 0;
    Bytes signature;

    Bytes encode() const;   // from params, scheme, signature
    static ServerKeyExchange decode(ByteView body, KeyExchange kx);
    static Bytes ecdhe_params(crypto::NamedGroup group, ByteView point);
    static Bytes dhe_params(ByteView p, ByteView g, ByteView ys);
};

struct CertificateRequest {   // §7.4.4
    Bytes certificate_types;                   // 1 rsa_sign, 64 ecdsa_sign
    std::vector<std::uint16_t> schemes;
    std::vector<Bytes> authorities;            // DER distinguished names
    Bytes encode() const;
    static CertificateRequest decode(ByteView body);
};

struct ClientKeyExchange {   // §7.4.7
    Bytes exchange;   // RSA: encrypted pre-master; ECDHE: point; DHE: Yc
    Bytes encode(KeyExchange kx) const;
    static ClientKeyExchange decode(ByteView body, KeyExchange kx);
};

struct DigitallySigned {   // §4.7, as CertificateVerify carries it (§7.4.8)
    std::uint16_t scheme = 0;
    Bytes signature;
    Bytes encode() const;
    static DigitallySigned decode(ByteView body, const char* context);
};

struct NewSessionTicket {   // RFC 5077 §3.3
    std::uint32_t lifetime_hint = 0;
    Bytes ticket;
    Bytes encode() const;
    static NewSessionTicket decode(ByteView body);
};

// ---- Framing ---------------------------------------------------------------------------

struct HandshakeMessage {
    HandshakeType type;
    Bytes body;
    Bytes encoded;   // header + body: what the transcript hashes
};

// msg_type(1) + length(3) + body (§7.4).
Bytes frame_handshake(HandshakeType type, ByteView body);

// Collects handshake records and yields whole messages: a message may span
// records and a record may hold several messages (§6.2.1).
class HandshakeReassembler {
public:
    static constexpr std::size_t max_message_length = 1u << 17;   // 128 KiB: generous for certificate chains
    static constexpr std::size_t max_client_hello_length = 131396;   // the grammar's largest (§7.4.1.2)
    static std::size_t max_length(HandshakeType type);
    void add(ByteView fragment);
    // The next whole message; TlsError on an oversized one (decode_error for
    // a ClientHello beyond the grammar, illegal_parameter beyond our limit).
    std::optional<HandshakeMessage> next();
    std::size_t buffered() const { return buffer_.size() - start_; }
    bool empty() const { return buffer_.size() == start_; }

private:
    Bytes buffer_;
    std::size_t start_ = 0;
};

} // namespace glasstls
