// Record framing (RFC 5246 §6.2.1): cutting a byte stream into records.
//
//   struct {
//       ContentType type;          // 20..24 (24: heartbeat, RFC 6520 §3)
//       ProtocolVersion version;   // {3, x}
//       uint16 length;             // at most 2^14 + 2048 (§6.2.3)
//       opaque fragment[length];
//   } TLSPlaintext / TLSCiphertext;
//
// The deframer knows the header's rules and nothing of protection: the
// record layer opens what it returns, and the tools that only look at
// records (the capture decoder, the probe, the proxy) use it as it is. A
// header is judged as soon as its five bytes are in, before its body is
// waited for, so a peer cannot make anyone buffer more than one record.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "glasstls/codec.hpp"
#include "glasstls/protocol.hpp"

namespace glasstls {

// What is wrong with a record header, in the order the rules are checked.
enum class FramingProblem {
    none,
    content_type,       // not one of the types TLS 1.2 defines (§6.2.1)
    version,            // not {3, x}: not SSL/TLS at all
    version_mismatch,   // not the version negotiated (§6.2.1), once one is expected
    length,             // over 2^14 + 2048 (§6.2.3)
};

// One whole record as framed on the wire. The views point into the
// deframer's buffer and stay valid until its next feed().
struct FramedRecord {
    ContentType type;
    std::uint16_t version;
    std::span<std::uint8_t> bytes;   // header + fragment
    ByteView header() const { return bytes.first(record_header_length); }
    std::span<std::uint8_t> fragment() const { return bytes.subspan(record_header_length); }
};

class RecordDeframer {
public:
    // Appends bytes from the stream, however it was cut.
    void feed(ByteView bytes);
    // The same without a copy: room for `n` more bytes at the end, to recv()
    // into, then commit() of the bytes that came (at most n; the room is
    // valid until then).
    std::span<std::uint8_t> space(std::size_t n);
    void commit(std::size_t n);
    // The next whole record; nullopt while more bytes are needed. A header
    // TLS does not allow throws TlsError with its alert (unexpected_message,
    // protocol_version or record_overflow) and "record N: …"; a caller that
    // words it its own way asks problem() first.
    std::optional<FramedRecord> next();
    // What is wrong with the header at the front (none while fewer than
    // five bytes are buffered), and those bytes, for the caller's sentence.
    FramingProblem problem() const;
    ByteView front() const { return {in_.data() + start_, buffered()}; }
    // Everything still buffered, handed over and forgotten: for a relay that
    // passes on a stream that turned out not to be TLS.
    Bytes take_rest();
    // Frees the buffer's memory when nothing is buffered, so that an idle
    // connection of an event-driven server holds none.
    void release_if_empty() {
        if (buffered() == 0) {
            Bytes().swap(in_);
            start_ = end_ = 0;
        }
    }

    // Once a version is negotiated every record must carry it (§6.2.1);
    // before that, any {3, x} is accepted.
    void expect_version(std::uint16_t version) { expected_version_ = version; }
    std::size_t buffered() const { return end_ - start_; }
    // Whole records returned so far.
    std::uint64_t records() const { return records_; }

private:
    [[noreturn]] void reject(FramingProblem p) const;

    Bytes in_;
    std::size_t start_ = 0, end_ = 0;   // the bytes not yet returned: in_[start_, end_)
    std::uint64_t records_ = 0;
    std::optional<std::uint16_t> expected_version_;
};

// The five header bytes of a record of `type` carrying `length` bytes.
void write_record_header(std::uint8_t* out, ContentType type, std::uint16_t version, std::size_t length);

} // namespace glasstls
