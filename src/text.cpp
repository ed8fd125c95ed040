#include "glasstls/text.hpp"

#include <cstdio>

namespace glasstls::text {

namespace {
unsigned byte_at(std::string_view s, std::size_t i) { return static_cast<unsigned char>(s[i]); }
bool continuation(unsigned b) { return (b & 0xC0) == 0x80; }
} // namespace

// RFC 3629 §4: the second byte's range depends on the first (that is what
// rules out overlongs, surrogates and code points past U+10FFFF); every
// later byte is 80..BF.
std::size_t utf8_sequence_length(std::string_view s) {
    if (s.empty()) return 0;
    const unsigned b0 = byte_at(s, 0);
    if (b0 < 0x80) return 1;
    std::size_t n = 0;
    unsigned lo = 0x80, hi = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) n = 2;
    else if (b0 == 0xE0) n = 3, lo = 0xA0;            // below: overlong
    else if (b0 == 0xED) n = 3, hi = 0x9F;            // above: a surrogate
    else if (b0 >= 0xE1 && b0 <= 0xEF) n = 3;
    else if (b0 == 0xF0) n = 4, lo = 0x90;            // below: overlong
    else if (b0 == 0xF4) n = 4, hi = 0x8F;            // above: past U+10FFFF
    else if (b0 >= 0xF1 && b0 <= 0xF3) n = 4;
    else return 0;                                    // 80..C1, F5..FF: never a first byte
    if (s.size() < n) return 0;
    const unsigned b1 = byte_at(s, 1);
    if (b1 < lo || b1 > hi) return 0;
    for (std::size_t i = 2; i < n; ++i) {
        if (!continuation(byte_at(s, i))) return 0;
    }
    return n;
}

bool valid_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t n = utf8_sequence_length(s.substr(i));
        if (n == 0) return false;
        i += n;
    }
    return true;
}

char32_t utf8_decode(std::string_view s, std::size_t n) {
    static constexpr unsigned first_bits[] = {0, 0x7F, 0x1F, 0x0F, 0x07};
    char32_t c = byte_at(s, 0) & first_bits[n];
    for (std::size_t i = 1; i < n; ++i) c = (c << 6) | (byte_at(s, i) & 0x3F);
    return c;
}

bool is_control(char32_t c) {
    return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029 || (c >= 0x202A && c <= 0x202E) ||
           (c >= 0x2066 && c <= 0x2069);
}

std::string visible(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    char buf[8];
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t n = utf8_sequence_length(s.substr(i));
        if (n == 0) {
            std::snprintf(buf, sizeof buf, "\\x%02x", byte_at(s, i));
            out += buf;
            ++i;
            continue;
        }
        const char32_t c = utf8_decode(s.substr(i), n);
        if (!is_control(c)) {
            out.append(s.substr(i, n));
        } else {
            std::snprintf(buf, sizeof buf, c < 0x80 ? "\\x%02x" : "\\u%04x", static_cast<unsigned>(c));
            out += buf;
        }
        i += n;
    }
    return out;
}

std::string_view utf8_prefix(std::string_view s, std::size_t max_bytes) {
    std::size_t end = 0;
    while (end < s.size()) {
        const std::size_t n = utf8_sequence_length(s.substr(end));
        const std::size_t step = n == 0 ? 1 : n;
        if (end + step > max_bytes) break;
        end += step;
    }
    return s.substr(0, end);
}

} // namespace glasstls::text
