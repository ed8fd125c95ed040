// PEM (RFC 7468): base64 DER between "-----BEGIN X-----" and "-----END X-----".
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "glasstls/codec.hpp"

namespace glasstls::pem {

struct Block {
    std::string label;   // "CERTIFICATE", "PRIVATE KEY", "EC PRIVATE KEY", …
    Bytes der;
    bool has_headers = false;   // RFC 1421 headers such as "Proc-Type: 4,ENCRYPTED"
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
