// libFuzzer harness for the escaping of peer strings (include/glasstls/text.hpp,
// json_string, html_escape). The input is any bytes; its first byte is also a
// length for utf8_prefix. Checked against a second, deliberately different
// UTF-8 decoder written here from RFC 3629 §3 (decode any 1–4 byte pattern,
// then reject by value: overlong, surrogate, above U+10FFFF):
// - json_string: valid UTF-8, a JSON string (RFC 8259 §7) with no raw
//   control, whose value is the input with each ill-formed byte as "\xHH";
// - visible: valid UTF-8 without a control, idempotent, the input itself when
//   that was well-formed and control-free, and (without backslashes)
//   invertible: its escapes decode back to the input;
// - utf8_prefix: the longest prefix within the limit that ends on a boundary;
// - html_escape: valid UTF-8, no markup character, no control but \t \n \r.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "glasstls/html.hpp"
#include "glasstls/json_lines.hpp"
#include "glasstls/text.hpp"

using namespace glasstls;

namespace {

void require(bool ok) {
    if (!ok) std::abort();
}

// The reference decoder: the length of the well-formed sequence at s[0], or 0.
std::size_t reference_length(std::string_view s) {
    const auto b = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
    std::size_t n = b(0) < 0x80 ? 1 : (b(0) >> 5) == 0x6 ? 2 : (b(0) >> 4) == 0xE ? 3 : (b(0) >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || s.size() < n) return 0;
    char32_t c = n == 1 ? b(0) : b(0) & (0x7F >> n);
    for (std::size_t i = 1; i < n; ++i) {
        if ((b(i) & 0xC0) != 0x80) return 0;
        c = (c << 6) | (b(i) & 0x3F);
    }
    const char32_t minimum[] = {0, 0, 0x80, 0x800, 0x10000};
    if (c < minimum[n] || (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF) return 0;
    return n;
}

std::string hex_byte(unsigned char c) {
    static const char digits[] = "0123456789abcdef";
    return std::string("\\x") + digits[c >> 4] + digits[c & 15];
}

// What json_string's value should be: ill-formed bytes as the text \xHH.
std::string expected_json_value(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t n = reference_length(s.substr(i));
        if (n == 0) out += hex_byte(static_cast<unsigned char>(s[i++]));
        else out += s.substr(i, n), i += n;
    }
    return out;
}

void append_utf8(std::string& out, char32_t c) {
    if (c < 0x80) out += static_cast<char>(c);
    else if (c < 0x800) out += static_cast<char>(0xC0 | (c >> 6)), out += static_cast<char>(0x80 | (c & 0x3F));
    else {
        require(c < 0x10000 && (c < 0xD800 || c > 0xDFFF));   // json_string and visible never escape more
        out += static_cast<char>(0xE0 | (c >> 12)), out += static_cast<char>(0x80 | ((c >> 6) & 0x3F)), out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

unsigned hex_digits(std::string_view s, std::size_t at, std::size_t n) {
    require(s.size() >= at + n);
    unsigned v = 0;
    for (std::size_t i = at; i < at + n; ++i) {
        const char h = s[i];
        require((h >= '0' && h <= '9') || (h >= 'a' && h <= 'f'));
        v = v * 16 + static_cast<unsigned>(h <= '9' ? h - '0' : h - 'a' + 10);
    }
    return v;
}

// A JSON string literal (RFC 8259 §7) decoded; aborts when it is not one.
std::string json_decode(std::string_view j) {
    require(j.size() >= 2 && j.front() == '"' && j.back() == '"');
    std::string out;
    for (std::size_t i = 1; i + 1 < j.size();) {
        const unsigned char c = static_cast<unsigned char>(j[i]);
        require(c >= 0x20 && c != '"');
        if (c != '\\') {
            out += static_cast<char>(c), ++i;
            continue;
        }
        require(i + 2 < j.size());
        const char e = j[i + 1];
        const std::string_view simple = "\"\\/bfnrt", meaning = "\"\\/\b\f\n\r\t";
        if (e == 'u') {
            append_utf8(out, hex_digits(j, i + 2, 4));
            i += 6;
        } else {
            require(simple.find(e) != std::string_view::npos);
            out += meaning[simple.find(e)], i += 2;
        }
    }
    return out;
}

bool control_free_utf8(std::string_view s, bool allow_line_breaks) {
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t n = reference_length(s.substr(i));
        if (n == 0) return false;
        const char32_t c = text::utf8_decode(s.substr(i), n);
        if (text::is_control(c) && !(allow_line_breaks && (c == '\t' || c == '\n' || c == '\r'))) return false;
        i += n;
    }
    return true;
}

// visible's escapes read back: \xHH is a byte, \uHHHH a code point.
std::string unvisible(std::string_view v) {
    std::string out;
    for (std::size_t i = 0; i < v.size();) {
        if (v[i] != '\\') {
            out += v[i++];
            continue;
        }
        require(i + 1 < v.size());
        if (v[i + 1] == 'x') out += static_cast<char>(hex_digits(v, i + 2, 2)), i += 4;
        else require(v[i + 1] == 'u'), append_utf8(out, hex_digits(v, i + 2, 4)), i += 6;
    }
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view s(reinterpret_cast<const char*>(data), size);
    for (std::size_t i = 0; i < s.size(); ++i) require(text::utf8_sequence_length(s.substr(i)) == reference_length(s.substr(i)));
    bool well_formed = true;
    for (std::size_t i = 0; i < s.size() && well_formed;) {
        const std::size_t n = reference_length(s.substr(i));
        well_formed = n != 0;
        i += n;
    }
    require(text::valid_utf8(s) == well_formed);

    const std::string j = json_string(s);
    require(text::valid_utf8(j));
    require(json_decode(j) == expected_json_value(s));

    const std::string v = text::visible(s);
    require(control_free_utf8(v, false));
    require(text::visible(v) == v);
    if (well_formed && control_free_utf8(s, false)) require(v == s);
    if (s.find('\\') == std::string_view::npos) require(unvisible(v) == s);

    const std::size_t limit = size == 0 ? 0 : data[0];
    const std::string_view p = text::utf8_prefix(s, limit);
    require(p.size() <= limit && s.substr(0, p.size()) == p);
    if (p.size() < s.size()) {
        const std::size_t next = reference_length(s.substr(p.size()));
        require(p.size() + (next == 0 ? 1 : next) > limit);
    }
    if (well_formed) require(text::valid_utf8(p));

    const std::string h = html_escape(s);
    require(control_free_utf8(h, true));
    require(h.find_first_of("<>\"") == std::string::npos);
    return 0;
}
