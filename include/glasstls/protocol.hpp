// The protocol's low vocabulary (RFC 5246 §6.2.1, §7.4): record content
// types, protocol versions and record sizes, which way a message went, and
// the handshake message types. Every other module may include this one; it
// includes nothing of glasstls but the byte types.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace glasstls {

// RFC 5246 §6.2.1
enum class ContentType : std::uint8_t {
    change_cipher_spec = 20,
    alert = 21,
    handshake = 22,
    application_data = 23,
    heartbeat = 24,   // RFC 6520 §3, only once the heartbeat extension was agreed
};
std::string_view content_type_name(ContentType t);

// ProtocolVersion as the wire carries it: {3, 3} is TLS 1.2 (§6.2.1).
constexpr std::uint16_t TLS1_0 = 0x0301;
constexpr std::uint16_t TLS1_1 = 0x0302;
constexpr std::uint16_t TLS1_2 = 0x0303;
std::string version_name(std::uint16_t version);   // "TLS 1.2", "SSL 3.0", "0x7f1c"

constexpr std::size_t record_header_length = 5;
constexpr std::size_t max_plaintext_length = 1u << 14;                 // §6.2.1
constexpr std::size_t max_ciphertext_length = (1u << 14) + 2048;       // §6.2.3

// Which way a record or message went, seen from the side that reports it
// (for a capture: outgoing = sent by the client).
enum class Direction { outgoing, incoming };
// How the text views (the narration, --msg lines) mark it, as openssl s_client -msg does.
inline const char* direction_arrow(Direction d) { return d == Direction::outgoing ? ">>>" : "<<<"; }

// RFC 5246 §7.4, RFC 5077 §3.3
enum class HandshakeType : std::uint8_t {
    hello_request = 0,
    client_hello = 1,
    server_hello = 2,
    new_session_ticket = 4,
    certificate = 11,
    server_key_exchange = 12,
    certificate_request = 13,
    server_hello_done = 14,
    certificate_verify = 15,
    client_key_exchange = 16,
    finished = 20,
};
std::string_view handshake_type_name(HandshakeType t);   // "ServerHello"

} // namespace glasstls
