#include "glasstls/pem.hpp"

#include <cctype>
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
std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

// "Name: value" lines; a line that starts with white space continues the
// value of the line before it (RFC 1421 §4.6, RFC 822 folding).
std::vector<Header> parse_headers(std::string_view text) {
    std::vector<Header> out;
    while (!text.empty()) {
        const std::size_t eol = text.find('\n');
        std::string_view line = text.substr(0, eol);
        text = eol == std::string_view::npos ? std::string_view{} : text.substr(eol + 1);
        const bool continued = !line.empty() && (line[0] == ' ' || line[0] == '\t');
        line = trim(line);
        if (line.empty()) continue;
        const std::size_t colon = line.find(':');
        if (continued && !out.empty()) {
            out.back().value += std::string(line);
        } else if (colon != std::string_view::npos) {
            out.push_back({std::string(trim(line.substr(0, colon))), std::string(trim(line.substr(colon + 1)))});
        }
    }
    return out;
}

bool same_name(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
    }
    return true;
}
} // namespace

const std::string* Block::header(std::string_view name) const {
    for (const Header& h : headers) {
        if (same_name(h.name, name)) return &h.value;
    }
    return nullptr;
}

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
            std::size_t blank = body.find("\n\n");
            if (blank == std::string_view::npos) blank = body.find("\r\n\r\n");
            b.headers = parse_headers(body.substr(0, blank));
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
