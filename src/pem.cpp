#include "glasstls/pem.hpp"

#include <stdexcept>

namespace glasstls::pem {

namespace {
const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int b64_value(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}
} // namespace

Bytes base64_decode(std::string_view text) {
    Bytes out;
    std::uint32_t acc = 0;
    int bits = 0, pad = 0;
    for (char c : text) {
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
        if (c == '=') {
            ++pad;
            continue;
        }
        const int v = b64_value(c);
        if (v < 0 || pad != 0) throw TlsError(AlertDescription::decode_error, "invalid base64");
        acc = (acc << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<std::uint8_t>(acc >> bits));
        }
    }
    // A final group of 4 characters carries 3 bytes; of 3 characters ("x=")
    // 2 bytes with 2 bits left over; of 2 characters ("==") 1 byte with 4
    // bits left over. A lone character is never valid.
    const bool well_padded = pad == 0 || (pad == 1 && bits == 2) || (pad == 2 && bits == 4);
    if (bits == 6 || !well_padded) throw TlsError(AlertDescription::decode_error, "invalid base64 padding");
    return out;
}

std::string base64_encode(ByteView data) {
    std::string out;
    std::size_t i = 0;
    for (; i + 2 < data.size(); i += 3) {
        std::uint32_t v = (std::uint32_t{data[i]} << 16) | (std::uint32_t{data[i + 1]} << 8) | data[i + 2];
        for (int s = 18; s >= 0; s -= 6) out += kAlphabet[(v >> s) & 63];
    }
    if (i < data.size()) {
        std::uint32_t v = std::uint32_t{data[i]} << 16;
        if (i + 1 < data.size()) v |= std::uint32_t{data[i + 1]} << 8;
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += i + 1 < data.size() ? kAlphabet[(v >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

std::vector<Block> decode(std::string_view text) {
    std::vector<Block> blocks;
    const std::string_view begin = "-----BEGIN ", end = "-----END ", dashes = "-----";
    std::size_t pos = 0;
    while ((pos = text.find(begin, pos)) != std::string_view::npos) {
        const std::size_t label_start = pos + begin.size();
        const std::size_t label_end = text.find(dashes, label_start);
        if (label_end == std::string_view::npos) throw TlsError(AlertDescription::decode_error, "PEM: unterminated BEGIN line");
        Block b;
        b.label = std::string(text.substr(label_start, label_end - label_start));
        const std::string end_line = std::string(end) + b.label + std::string(dashes);
        const std::size_t body_start = label_end + dashes.size();
        const std::size_t body_end = text.find(end_line, body_start);
        if (body_end == std::string_view::npos) {
            throw TlsError(AlertDescription::decode_error, "PEM: '" + b.label + "' block has no END line");
        }
        std::string_view body = text.substr(body_start, body_end - body_start);
        // RFC 1421 encapsulated headers ("Proc-Type: …") end at a blank line.
        if (body.find(':') != std::string_view::npos) {
            b.has_headers = true;
            std::size_t blank = body.find("\n\n");
            if (blank == std::string_view::npos) blank = body.find("\r\n\r\n");
            body = blank == std::string_view::npos ? std::string_view{} : body.substr(blank);
        }
        try {
            b.der = base64_decode(body);
        } catch (const TlsError& e) {
            throw TlsError(AlertDescription::decode_error, "PEM: '" + b.label + "' block: " + e.what());
        }
        blocks.push_back(std::move(b));
        pos = body_end + end_line.size();
    }
    return blocks;
}

std::string encode(std::string_view label, ByteView der) {
    std::string b64 = base64_encode(der), out = "-----BEGIN " + std::string(label) + "-----\n";
    for (std::size_t i = 0; i < b64.size(); i += 64) out += b64.substr(i, 64) + "\n";
    return out + "-----END " + std::string(label) + "-----\n";
}

bool looks_like_pem(ByteView data) {
    const std::string_view text(reinterpret_cast<const char*>(data.data()), data.size());
    return text.find("-----BEGIN ") != std::string_view::npos;
}

} // namespace glasstls::pem
