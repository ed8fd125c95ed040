// PEM (RFC 7468): base64 DER between "-----BEGIN X-----" and "-----END X-----".
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "glasstls/codec.hpp"

namespace glasstls::pem {

// An RFC 1421 §4.6 encapsulated header line, "Proc-Type: 4,ENCRYPTED": what
// OpenSSL's legacy key encryption writes before the base64 (RFC 7468 §2
// forbids them in the textual encodings it defines, but keys still carry them).
struct Header {
    std::string name;    // "DEK-Info"
    std::string value;   // "AES-256-CBC,4ED5…", surrounding spaces removed
};

struct Block {
    std::string label;   // "CERTIFICATE", "PRIVATE KEY", "EC PRIVATE KEY", …
    Bytes der;
    std::vector<Header> headers;   // in order; empty for RFC 7468 blocks
    // The value of the first header of this name (case-insensitive), or nullptr.
    const std::string* header(std::string_view name) const;
};

// Every block in the text, in order. Text outside blocks is ignored (as
// OpenSSL ignores it); a BEGIN without its END, mismatched labels or bad
// base64 throw TlsError{decode_error} naming the block.
std::vector<Block> decode(std::string_view text);

std::string encode(std::string_view label, ByteView der);

Bytes base64_decode(std::string_view text);   // ignores whitespace; TlsError{decode_error} on bad base64
std::string base64_encode(ByteView data);

// True when the bytes look like PEM rather than DER.
bool looks_like_pem(ByteView data);

} // namespace glasstls::pem
