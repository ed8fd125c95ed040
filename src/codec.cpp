#include "glasstls/codec.hpp"

namespace glasstls {

namespace {
const char* kHexDigits = "0123456789abcdef";

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}
} // namespace

std::string to_hex(ByteView bytes) {
    std::string out;
    out.reserve(bytes.size() * 2);
    for (std::uint8_t b : bytes) {
        out.push_back(kHexDigits[b >> 4]);
        out.push_back(kHexDigits[b & 0x0f]);
    }
    return out;
}

Bytes from_hex(std::string_view hex) {
    Bytes out;
    int high = -1;
    for (char c : hex) {
        if (c == ' ' || c == ':' || c == '\n' || c == '\t') continue;
        int v = hex_value(c);
        if (v < 0) throw TlsError(AlertDescription::decode_error, std::string("not a hex digit: '") + c + "'");
        if (high < 0) {
            high = v;
        } else {
            out.push_back(static_cast<std::uint8_t>((high << 4) | v));
            high = -1;
        }
    }
    if (high >= 0) throw TlsError(AlertDescription::decode_error, "odd number of hex digits");
    return out;
}

// ---- Reader ---------------------------------------------------------------

void Reader::fail(const std::string& sentence) const {
    throw TlsError(AlertDescription::decode_error, context_ + ": " + sentence);
}

ByteView Reader::take(std::size_t n, const char* field) {
    if (n > remaining()) {
        fail(std::string(field) + ": needs " + std::to_string(n) + " byte" + (n == 1 ? "" : "s") +
             ", only " + std::to_string(remaining()) + " left");
    }
    ByteView out = data_.subspan(pos_, n);
    pos_ += n;
    return out;
}

void Reader::note(const char* field, std::size_t from) const {
    if (trail_ != nullptr) trail_->entries.push_back({field, base_ + from, pos_ - from, parent_, false});
}

std::uint8_t Reader::u8(const char* field) {
    const std::size_t from = pos_;
    const std::uint8_t v = take(1, field)[0];
    note(field, from);
    return v;
}

std::uint16_t Reader::u16(const char* field) {
    const std::size_t from = pos_;
    ByteView b = take(2, field);
    note(field, from);
    return static_cast<std::uint16_t>((b[0] << 8) | b[1]);
}

std::uint32_t Reader::u24(const char* field) {
    const std::size_t from = pos_;
    ByteView b = take(3, field);
    note(field, from);
    return (std::uint32_t{b[0]} << 16) | (std::uint32_t{b[1]} << 8) | b[2];
}

std::uint32_t Reader::u32(const char* field) {
    const std::size_t from = pos_;
    ByteView b = take(4, field);
    note(field, from);
    return (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) | (std::uint32_t{b[2]} << 8) | b[3];
}

std::uint64_t Reader::u64(const char* field) {
    const std::size_t from = pos_;
    ByteView b = take(8, field);
    note(field, from);
    std::uint64_t v = 0;
    for (std::uint8_t x : b) v = (v << 8) | x;
    return v;
}

ByteView Reader::bytes(std::size_t n, const char* field) {
    const std::size_t from = pos_;
    ByteView b = take(n, field);
    note(field, from);
    return b;
}

// A vector is recorded as one field covering the length and the contents,
// whose first child is the length.
ByteView Reader::vec(std::size_t prefix_bytes, const char* field, std::size_t min, std::size_t max) {
    const std::size_t from = pos_;
    std::size_t len = 0;
    ByteView prefix = take(prefix_bytes, field);
    for (std::uint8_t x : prefix) len = (len << 8) | x;
    if (len < min || len > max) {
        fail(std::string(field) + ": length " + std::to_string(len) + " outside the allowed " +
             std::to_string(min) + ".." + std::to_string(max));
    }
    ByteView out = take(len, field);
    if (trail_ != nullptr) {
        note(field, from);
        const int index = static_cast<int>(trail_->entries.size()) - 1;
        trail_->entries.push_back({"length", base_ + from, prefix_bytes, index, true});
    }
    return out;
}

ByteView Reader::vec8(const char* field, std::size_t min, std::size_t max) { return vec(1, field, min, max); }
ByteView Reader::vec16(const char* field, std::size_t min, std::size_t max) { return vec(2, field, min, max); }
ByteView Reader::vec24(const char* field, std::size_t min, std::size_t max) { return vec(3, field, min, max); }

Reader Reader::sub(std::size_t prefix_bytes, const char* field) {
    const std::size_t from = pos_;
    Reader inner(vec(prefix_bytes, field, 0, (std::size_t{1} << (8 * prefix_bytes)) - 1), context_ + ": " + field);
    if (trail_ != nullptr) {   // the inner fields belong to the vector's entry (the one before its length)
        inner.trail_ = trail_;
        inner.base_ = base_ + from + prefix_bytes;
        inner.parent_ = static_cast<int>(trail_->entries.size()) - 2;
    }
    return inner;
}

Reader Reader::sub8(const char* field) { return sub(1, field); }
Reader Reader::sub16(const char* field) { return sub(2, field); }
Reader Reader::sub24(const char* field) { return sub(3, field); }

ByteView Reader::rest() { return take(remaining(), "rest"); }

void Reader::expect_end(const char* what) {
    if (!empty()) fail(std::to_string(remaining()) + " trailing bytes after " + what);
}

// ---- Writer ---------------------------------------------------------------

void Writer::u8(std::uint8_t v) { out_.push_back(v); }
void Writer::u16(std::uint16_t v) {
    u8(static_cast<std::uint8_t>(v >> 8));
    u8(static_cast<std::uint8_t>(v));
}
void Writer::u24(std::uint32_t v) {
    u8(static_cast<std::uint8_t>(v >> 16));
    u16(static_cast<std::uint16_t>(v));
}
void Writer::u32(std::uint32_t v) {
    u16(static_cast<std::uint16_t>(v >> 16));
    u16(static_cast<std::uint16_t>(v));
}
void Writer::u64(std::uint64_t v) {
    u32(static_cast<std::uint32_t>(v >> 32));
    u32(static_cast<std::uint32_t>(v));
}
void Writer::bytes(ByteView b) { out_.insert(out_.end(), b.begin(), b.end()); }

void Writer::prefixed(std::size_t prefix_bytes, const std::function<void(Writer&)>& body) {
    std::size_t at = out_.size();
    out_.resize(at + prefix_bytes, 0);
    body(*this);
    std::size_t len = out_.size() - at - prefix_bytes;
    if (len >> (8 * prefix_bytes) != 0) {
        throw TlsError(AlertDescription::internal_error,
                       "a length of " + std::to_string(len) + " does not fit a " +
                           std::to_string(prefix_bytes) + "-byte length prefix");
    }
    for (std::size_t i = 0; i < prefix_bytes; ++i) {
        out_[at + prefix_bytes - 1 - i] = static_cast<std::uint8_t>(len >> (8 * i));
    }
}

void Writer::prefixed8(const std::function<void(Writer&)>& body) { prefixed(1, body); }
void Writer::prefixed16(const std::function<void(Writer&)>& body) { prefixed(2, body); }
void Writer::prefixed24(const std::function<void(Writer&)>& body) { prefixed(3, body); }

void Writer::vec8(ByteView b) { prefixed8([&](Writer& w) { w.bytes(b); }); }
void Writer::vec16(ByteView b) { prefixed16([&](Writer& w) { w.bytes(b); }); }
void Writer::vec24(ByteView b) { prefixed24([&](Writer& w) { w.bytes(b); }); }

std::string unknown_code_point(unsigned value, int bytes) {
    Bytes big_endian;
    for (int i = bytes - 1; i >= 0; --i) big_endian.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
    return "0x" + to_hex(big_endian) + " (unknown)";
}

} // namespace glasstls
