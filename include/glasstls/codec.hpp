// Codec: the byte-level vocabulary of TLS (RFC 5246 §4, "Presentation
// Language"): big-endian integers of 1, 2, 3 and 8 bytes, and vectors with a
// 1-, 2- or 3-byte length prefix.
//
// Reader is the bounds-checked way in: every read names the field it reads,
// so a short or overlong input becomes TlsError{decode_error, "ServerHello:
// session_id: needs 32 bytes, 5 left"} instead of a crash. Writer is the way
// out: length prefixes are written by the builder itself (as Go's cryptobyte
// does), so they cannot disagree with what follows them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "glasstls/alert.hpp"

namespace glasstls {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

// "a0ba9f…" lowercase, no separators.
std::string to_hex(ByteView bytes);
// How every trace names a code point it does not know, the same way
// everywhere: "0x1a2b (unknown)" (`bytes` of hex: 1 for alerts, 2 otherwise).
std::string unknown_code_point(unsigned value, int bytes = 2);
// Accepts upper or lower case, ignores spaces, colons, tabs and newlines;
// an odd count or a non-hex character is TlsError{decode_error} (the text
// may come from a key log file, a flight file or a user's option).
Bytes from_hex(std::string_view hex);

inline ByteView as_bytes(std::string_view text) {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

// Appends b to a (a convenience used when building seeds and transcripts).
inline void append(Bytes& a, ByteView b) { a.insert(a.end(), b.begin(), b.end()); }

// What a Reader read, field by field, when asked to record it: each
// field's name, where it sits in the bytes being recorded and which field
// it belongs to. The dissector (dissect.hpp) turns a trail into the field
// tree every view shows, so a message's grammar is written once — in its
// decode() — for the engine and for the eyes.
struct ReadTrail {
    struct Entry {
        const char* name;
        std::size_t offset = 0, length = 0;
        int parent = -1;             // index of the enclosing vector's entry; -1 at the top
        bool length_prefix = false;  // a vector's length (§4.3)
    };
    std::vector<Entry> entries;
};

// Reads big-endian fields from a byte view it does not own. Every failure is
// TlsError{decode_error, "<context>: <field>: …"}.
class Reader {
public:
    Reader(ByteView data, std::string context) : data_(data), context_(std::move(context)) {}
    // From here on, every field read is added to `trail`, its offset counted
    // from `base` (the position of this reader's first byte in the whole).
    void record_to(ReadTrail* trail, std::size_t base) {
        trail_ = trail;
        base_ = base;
    }

    std::uint8_t u8(const char* field);
    std::uint16_t u16(const char* field);
    std::uint32_t u24(const char* field);
    std::uint32_t u32(const char* field);
    std::uint64_t u64(const char* field);

    // Exactly n bytes.
    ByteView bytes(std::size_t n, const char* field);
    // <floor..2^8-1>, <floor..2^16-1>, <floor..2^24-1> vectors: the length
    // prefix, then that many bytes. Lengths outside [min, max] are errors.
    ByteView vec8(const char* field, std::size_t min = 0, std::size_t max = 0xff);
    ByteView vec16(const char* field, std::size_t min = 0, std::size_t max = 0xffff);
    ByteView vec24(const char* field, std::size_t min = 0, std::size_t max = 0xffffff);

    // A Reader over a length-prefixed vector, for nested structures; the
    // sub-reader's context names the field.
    Reader sub8(const char* field);
    Reader sub16(const char* field);
    Reader sub24(const char* field);

    ByteView rest();
    std::size_t remaining() const { return data_.size() - pos_; }
    std::size_t position() const { return pos_; }
    bool empty() const { return remaining() == 0; }

    // "trailing bytes" are a decode_error too (RFC 5246 §7.4: a message
    // must be exactly as long as its fields).
    void expect_end(const char* what);

    [[noreturn]] void fail(const std::string& sentence) const;

private:
    ByteView take(std::size_t n, const char* field);
    ByteView vec(std::size_t prefix_bytes, const char* field, std::size_t min, std::size_t max);
    Reader sub(std::size_t prefix_bytes, const char* field);
    // Records the field that ends where the reader is now (when recording).
    void note(const char* field, std::size_t from) const;

    ByteView data_;
    std::size_t pos_ = 0;
    std::string context_;
    ReadTrail* trail_ = nullptr;
    std::size_t base_ = 0;
    int parent_ = -1;
};

// Appends big-endian fields to a growing byte string.
class Writer {
public:
    Writer() = default;
    explicit Writer(Bytes initial) : out_(std::move(initial)) {}

    void u8(std::uint8_t v);
    void u16(std::uint16_t v);
    void u24(std::uint32_t v);
    void u32(std::uint32_t v);
    void u64(std::uint64_t v);
    void bytes(ByteView b);

    // Writes a 1/2/3-byte length prefix, runs `body`, then fills the prefix
    // with what body wrote. Throws TlsError{internal_error} if the body
    // outgrows the prefix (a bug of ours, never the peer's).
    void prefixed8(const std::function<void(Writer&)>& body);
    void prefixed16(const std::function<void(Writer&)>& body);
    void prefixed24(const std::function<void(Writer&)>& body);

    // Length-prefixed byte strings (opaque x<0..2^n-1>).
    void vec8(ByteView b);
    void vec16(ByteView b);
    void vec24(ByteView b);

    const Bytes& data() const { return out_; }
    Bytes take() { return std::move(out_); }
    std::size_t size() const { return out_.size(); }

private:
    void prefixed(std::size_t prefix_bytes, const std::function<void(Writer&)>& body);

    Bytes out_;
};

// Big-endian stores/loads on raw memory, for the record layer's hot path.
inline void store_u16(std::uint8_t* p, std::uint16_t v) {
    p[0] = static_cast<std::uint8_t>(v >> 8);
    p[1] = static_cast<std::uint8_t>(v);
}
inline void store_u64(std::uint8_t* p, std::uint64_t v) {
    for (int i = 7; i >= 0; --i) {
        p[i] = static_cast<std::uint8_t>(v);
        v >>= 8;
    }
}
inline std::uint16_t load_u16(const std::uint8_t* p) {
    return static_cast<std::uint16_t>((p[0] << 8) | p[1]);
}

} // namespace glasstls
