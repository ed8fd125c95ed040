// RecordDeframer: a byte stream cut into records (see the header).
#include "glasstls/record_framing.hpp"

#include <algorithm>

namespace glasstls {

void RecordDeframer::feed(ByteView bytes) {
    const std::span<std::uint8_t> room = space(bytes.size());
    std::copy(bytes.begin(), bytes.end(), room.begin());
    commit(bytes.size());
}

std::span<std::uint8_t> RecordDeframer::space(std::size_t n) {
    // Drop what has been consumed; move the rest to the front when it is
    // cheap (at most half the buffer), so the buffer stops growing. The
    // buffer only grows (its size is the high-water mark, end_ the end of
    // the bytes): zero-filling new room for every recv would cost as much
    // as the copy that receiving in place saves.
    if (start_ == end_) {
        start_ = end_ = 0;
    } else if (start_ > 0 && start_ >= end_ / 2) {
        std::copy(in_.begin() + static_cast<std::ptrdiff_t>(start_), in_.begin() + static_cast<std::ptrdiff_t>(end_), in_.begin());
        end_ -= start_;
        start_ = 0;
    }
    if (in_.size() < end_ + n) in_.resize(end_ + n);
    return {in_.data() + end_, n};
}

void RecordDeframer::commit(std::size_t n) { end_ += std::min(n, in_.size() - end_); }

Bytes RecordDeframer::take_rest() {
    Bytes rest(in_.begin() + static_cast<std::ptrdiff_t>(start_), in_.begin() + static_cast<std::ptrdiff_t>(end_));
    start_ = end_ = 0;
    return rest;
}

FramingProblem RecordDeframer::problem() const {
    if (buffered() < record_header_length) return FramingProblem::none;
    const std::uint8_t* h = in_.data() + start_;
    if (h[0] < 20 || h[0] > 24) return FramingProblem::content_type;   // §6.2.1, RFC 6520 §3
    const std::uint16_t version = load_u16(h + 1);
    if ((version >> 8) != 3) return FramingProblem::version;
    if (expected_version_ && version != *expected_version_) return FramingProblem::version_mismatch;
    if (load_u16(h + 3) > max_ciphertext_length) return FramingProblem::length;
    return FramingProblem::none;
}

std::optional<FramedRecord> RecordDeframer::next() {
    if (buffered() < record_header_length) return std::nullopt;
    if (const FramingProblem p = problem(); p != FramingProblem::none) reject(p);
    std::uint8_t* h = in_.data() + start_;
    const std::size_t length = load_u16(h + 3);
    if (buffered() < record_header_length + length) return std::nullopt;
    start_ += record_header_length + length;
    ++records_;
    return FramedRecord{static_cast<ContentType>(h[0]), load_u16(h + 1), {h, record_header_length + length}};
}

void RecordDeframer::reject(FramingProblem p) const {
    const std::uint8_t* h = in_.data() + start_;
    const std::string where = "record " + std::to_string(records_ + 1) + ": ";
    const std::uint16_t version = load_u16(h + 1);
    switch (p) {
    case FramingProblem::content_type:
        throw TlsError(AlertDescription::unexpected_message,
                       where + "content type " + std::to_string(h[0]) + " is not a TLS record type" +
                           (h[0] >= 'A' && h[0] <= 'Z' ? " (is the peer speaking plain text?)" : ""));
    case FramingProblem::version:
        throw TlsError(AlertDescription::protocol_version, where + "version " + version_name(version) + " is not SSL/TLS");
    case FramingProblem::version_mismatch:
        throw TlsError(AlertDescription::protocol_version,
                       where + "record version " + version_name(version) + " after " + version_name(*expected_version_) +
                           " was negotiated");
    case FramingProblem::length:
        // §6.2.3: checked on the header, before the body is buffered, so a
        // peer cannot make us wait for (or store) more.
        throw TlsError(AlertDescription::record_overflow,
                       where + "length " + std::to_string(load_u16(h + 3)) + " exceeds 2^14 + 2048");
    case FramingProblem::none:
        break;
    }
    throw TlsError(AlertDescription::internal_error, where + "rejected without a framing problem");   // not reached
}

void write_record_header(std::uint8_t* out, ContentType type, std::uint16_t version, std::size_t length) {
    out[0] = static_cast<std::uint8_t>(type);
    store_u16(out + 1, version);
    store_u16(out + 3, static_cast<std::uint16_t>(length));
}

} // namespace glasstls
