// Dissection: a handshake message laid out field by field, as Wireshark's
// packet tree does — every field with its offset and length in the
// message's bytes, its decoded meaning and the RFC section that defines it.
//
// This is the one decoder every view of a message shares: the narrated
// trace prints the fields, --trace-json writes them, the HTML transcript
// colours the bytes they cover, and the capture decoder uses it for
// captured traffic. It never throws: a malformed message yields the fields
// read up to the fault and the reason.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "glasstls/messages.hpp"

namespace glasstls {

struct Field {
    std::string name;           // the RFC's name: "client_version", "cipher_suites", "named_curve"
    std::size_t offset = 0;     // from the message's first byte (its 4-byte header)
    std::size_t length = 0;     // bytes covered, children included
    std::string value;          // what it means: "TLS 1.2", "x25519", "3 suites"; empty for plain bytes
    std::string_view rfc;       // where it is defined, when worth citing
    bool bytes = false;         // opaque data worth showing as hex (a random, a key, a signature)
    bool length_prefix = false; // the length of the vector it belongs to (§4.3)
    std::vector<Field> children;
};

// The decoded message struct, as the engine itself decodes it. Finished,
// HelloRequest and ServerHelloDone need none: the fields say it all.
using MessageStruct = std::variant<std::monostate, ClientHello, ServerHello, CertificateMessage, ServerKeyExchange,
                                   CertificateRequest, ClientKeyExchange, DigitallySigned, NewSessionTicket>;

struct DecodedMessage {
    HandshakeType type = HandshakeType::hello_request;
    Bytes bytes;                 // header + body, as on the wire and in the transcript
    MessageStruct message;
    std::vector<Field> fields;   // msg_type and length first, then the body's fields
    std::string error;           // non-empty when malformed: the fields stop where it went wrong
};

// `encoded` is a whole message (header + body). The ServerKeyExchange and
// ClientKeyExchange are laid out by the key exchange: pass it when known
// (without it a ServerKeyExchange is read by its first byte; a
// ClientKeyExchange is one opaque field).
DecodedMessage decode_message(ByteView encoded, std::optional<KeyExchange> kx = std::nullopt);

// The record header (§6.2.1): content type, version, length.
std::vector<Field> record_header_fields(ByteView header);

// The fields inside one extension's extension_data (server names, groups,
// schemes, …), offsets counted from `base`; returns what the extension
// says in a few words. A malformed extension is said so, not thrown.
std::string dissect_extension_data(std::uint16_t type, ByteView data, std::size_t base, bool from_server, std::vector<Field>& out);

// A field's bytes, cut from the message it was decoded from.
inline ByteView field_bytes(ByteView message, const Field& f) { return message.subspan(f.offset, f.length); }
// The same without a vector's length prefix: the value itself.
inline ByteView field_content(ByteView message, const Field& f) {
    const std::size_t prefix = !f.children.empty() && f.children.front().length_prefix ? f.children.front().length : 0;
    return message.subspan(f.offset + prefix, f.length - prefix);
}

} // namespace glasstls
