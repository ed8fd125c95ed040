#include "glasstls/protocol.hpp"

#include "glasstls/codec.hpp"

namespace glasstls {

std::string_view content_type_name(ContentType t) {
    switch (t) {
    case ContentType::change_cipher_spec: return "change_cipher_spec";
    case ContentType::alert: return "alert";
    case ContentType::handshake: return "handshake";
    case ContentType::application_data: return "application_data";
    case ContentType::heartbeat: return "heartbeat";
    }
    return "unknown";
}

std::string version_name(std::uint16_t v) {
    switch (v) {
    case 0x0300: return "SSL 3.0";
    case TLS1_0: return "TLS 1.0";
    case TLS1_1: return "TLS 1.1";
    case TLS1_2: return "TLS 1.2";
    case 0x0304: return "TLS 1.3";
    }
    std::uint8_t b[2] = {static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)};
    return "0x" + to_hex(b);
}

std::string_view handshake_type_name(HandshakeType t) {
    switch (t) {
    case HandshakeType::hello_request: return "HelloRequest";
    case HandshakeType::client_hello: return "ClientHello";
    case HandshakeType::server_hello: return "ServerHello";
    case HandshakeType::new_session_ticket: return "NewSessionTicket";
    case HandshakeType::certificate: return "Certificate";
    case HandshakeType::server_key_exchange: return "ServerKeyExchange";
    case HandshakeType::certificate_request: return "CertificateRequest";
    case HandshakeType::server_hello_done: return "ServerHelloDone";
    case HandshakeType::certificate_verify: return "CertificateVerify";
    case HandshakeType::client_key_exchange: return "ClientKeyExchange";
    case HandshakeType::finished: return "Finished";
    }
    return "UnknownHandshake";
}

} // namespace glasstls
