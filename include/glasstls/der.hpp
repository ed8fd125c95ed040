// DER (ITU-T X.690 §10, Distinguished Encoding Rules): the strict subset of
// BER that certificates and keys are written in. Every value has exactly one
// encoding, so anything else — an indefinite or non-minimal length, a padded
// integer, trailing bytes — is refused with a sentence naming the field.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>
#include <optional>
#include <string>

#include "glasstls/alert.hpp"
#include "glasstls/codec.hpp"

namespace glasstls::der {

// Universal tags (X.680 §8.4) and the context-specific forms used by X.509.
enum Tag : std::uint8_t {
    BOOLEAN = 0x01,
    INTEGER = 0x02,
    BIT_STRING = 0x03,
    OCTET_STRING = 0x04,
    NULL_TAG = 0x05,
    OID = 0x06,
    UTF8_STRING = 0x0c,
    PRINTABLE_STRING = 0x13,
    T61_STRING = 0x14,
    IA5_STRING = 0x16,
    UTC_TIME = 0x17,
    GENERALIZED_TIME = 0x18,
    UNIVERSAL_STRING = 0x1c,
    BMP_STRING = 0x1e,
    SEQUENCE = 0x30,
    SET = 0x31,
};
constexpr std::uint8_t context(unsigned n) { return static_cast<std::uint8_t>(0x80 | n); }              // [n] IMPLICIT primitive
constexpr std::uint8_t context_constructed(unsigned n) { return static_cast<std::uint8_t>(0xa0 | n); }  // [n] constructed

struct Element {
    std::uint8_t tag;
    ByteView content;   // the value bytes
    ByteView encoded;   // tag + length + value, as it appeared
};

// Reads DER elements one after another from a view it does not own. Errors
// are TlsError{alert, "<context>: <field>: …"}; the alert is bad_certificate
// for certificates and decode_error elsewhere.
class Reader {
public:
    Reader(ByteView data, std::string context, AlertDescription alert = AlertDescription::bad_certificate)
        : data_(data), context_(std::move(context)), alert_(alert) {}

    bool empty() const { return pos_ == data_.size(); }
    std::optional<std::uint8_t> peek_tag() const;
    // The first content byte of the next element when it has this tag (and
    // a short-form length); nullopt otherwise. Reads nothing.
    std::optional<std::uint8_t> peek_content_byte(std::uint8_t tag) const;

    Element read(const char* field);                     // any element
    Element expect(std::uint8_t tag, const char* field); // an element with this tag
    // The next element if it has this tag (OPTIONAL / DEFAULT fields).
    std::optional<Element> optional(std::uint8_t tag, const char* field);

    Reader sequence(const char* field);                  // SEQUENCE { … } as a reader
    Reader set(const char* field);
    Reader enter(const Element& e, const char* field) const;   // a reader over e's content

    // INTEGER as unsigned big-endian magnitude (leading zero dropped);
    // negative integers are refused unless allow_negative (then raw bytes).
    Bytes integer(const char* field, bool allow_negative = false);
    std::int64_t small_integer(const char* field);
    bool boolean(const char* field);
    std::string oid(const char* field);                  // "1.2.840.113549.1.1.11"
    // The dotted form of an OID's contents read under another tag (an
    // implicitly tagged registeredID); a malformed one fails like any field.
    std::string oid_content(const Element& e, const char* field) const;
    ByteView bit_string(const char* field);              // requires 0 unused bits
    // A BIT STRING of named bits (keyUsage): bit i is set when
    // bits[i / 8] & (0x80 >> i % 8). Unused trailing bits must be zero.
    ByteView named_bits(const char* field);
    ByteView octet_string(const char* field);
    void null(const char* field);
    // UTCTime or GeneralizedTime, as Unix seconds (RFC 5280 §4.1.2.5).
    std::int64_t time(const char* field);

    void expect_end(const char* what);
    [[noreturn]] void fail(const std::string& field, const std::string& what) const;

    const std::string& context() const { return context_; }
    AlertDescription alert() const { return alert_; }

private:
    ByteView data_;
    std::size_t pos_ = 0;
    std::string context_;
    AlertDescription alert_;
};

// The inverse of Reader: writes DER. Constructed elements are written from
// their children (the length is measured, never declared), so a length can
// not disagree with what follows it — as Writer does for TLS (codec.hpp).
class Builder {
public:
    Builder& element(std::uint8_t tag, ByteView content);
    Builder& raw(ByteView encoded);                        // an element already encoded
    Builder& integer(ByteView magnitude);                  // unsigned big-endian; minimal, 00 added before a high bit
    Builder& small_integer(std::uint64_t value);
    Builder& boolean(bool value);
    Builder& null();
    // "2.5.29.19". Precondition: a dotted OID of at least two arcs, the first
    // 0..2 (a programming error otherwise, std::invalid_argument): every OID
    // glasstls writes is a constant in its own code, never a user's text.
    Builder& oid(std::string_view dotted);
    Builder& bit_string(ByteView bytes);                   // 0 unused bits
    // Named bits (keyUsage): bit i set when bits & (1 << i); DER drops the
    // trailing zero bits (X.690 §11.2.2).
    Builder& named_bits(std::uint32_t bits);
    Builder& octet_string(ByteView bytes);
    Builder& string(std::uint8_t tag, std::string_view text);   // UTF8String, PrintableString, IA5String
    // UTCTime through 2049, GeneralizedTime from 2050 (RFC 5280 §4.1.2.5).
    Builder& time(std::int64_t unix_seconds);
    Builder& constructed(std::uint8_t tag, const std::function<void(Builder&)>& body);
    Builder& sequence(const std::function<void(Builder&)>& body) { return constructed(SEQUENCE, body); }
    Builder& set(const std::function<void(Builder&)>& body) { return constructed(SET, body); }

    const Bytes& data() const { return out_; }
    Bytes take() { return std::move(out_); }

private:
    Bytes out_;
};

// Helpers for the content of elements read elsewhere. The content comes from
// a certificate, so a malformed one is TlsError{decode_error}; the Reader
// calls above re-throw it with their own context and alert.
std::string oid_to_string(ByteView content);
std::int64_t parse_time(std::uint8_t tag, ByteView content);
// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d);
// "2030-01-01T00:00:00Z" from Unix seconds.
std::string format_time(std::int64_t unix_seconds);

} // namespace glasstls::der
