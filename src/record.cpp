#include "glasstls/record.hpp"

#include <algorithm>
#include <cstring>

#include "glasstls/events.hpp"

namespace glasstls {

// ---- RecordLayer -------------------------------------------------------------------------

RecordLayer::RecordLayer(Observer* observer)
    : observer_(observer), write_protection_(make_null_protection()), read_protection_(make_null_protection()) {}

void RecordLayer::change_write_protection(std::unique_ptr<RecordProtection> protection) {
    write_protection_ = std::move(protection);
    write_seq_ = 0;
}

void RecordLayer::change_read_protection(std::unique_ptr<RecordProtection> protection) {
    read_protection_ = std::move(protection);
    read_seq_ = 0;
}

void RecordLayer::set_max_fragment(std::size_t n) {
    if (n == 0 || n > max_plaintext_length) throw std::invalid_argument("fragment size must be 1..16384");
    max_fragment_ = n;
}

void RecordLayer::set_sequences_for_testing(std::uint64_t read_seq, std::uint64_t write_seq) {
    read_seq_ = read_seq;
    write_seq_ = write_seq;
}

void RecordLayer::write(ContentType type, ByteView data, Bytes& out) {
    if (data.empty()) {
        if (type == ContentType::application_data) return;
        throw TlsError(AlertDescription::internal_error,
                       "refusing to send an empty " + std::string(content_type_name(type)) +
                           " record (RFC 5246 §6.2.1)");
    }
    for (std::size_t offset = 0; offset < data.size(); offset += max_fragment_) {
        write_record(type, data.subspan(offset, std::min(max_fragment_, data.size() - offset)), out);
    }
}

void RecordLayer::write_record(ContentType type, ByteView chunk, Bytes& out) {
    if (chunk.size() > max_plaintext_length) throw TlsError(AlertDescription::internal_error, "a record holds at most 2^14 bytes");
    // §6.1: sequence numbers never wrap; a connection that would need
    // 2^64 records must be renegotiated or closed.
    if (write_seq_ == UINT64_MAX) {
        throw TlsError(AlertDescription::internal_error, "the write sequence number is exhausted");
    }
    const std::size_t at = out.size();
    out.resize(at + record_header_length + chunk.size() + write_protection_->max_overhead());
    std::uint8_t* header = out.data() + at;
    RecordCrypto details;   // filled only for an observer: it copies bytes
    const bool teaching = observer_ != nullptr && observer_->wants_secrets();   // the details hold keys' work
    if (teaching) write_protection_->set_details(&details);
    const std::size_t body_len =
        write_protection_->seal(type, write_version_, write_seq_, chunk, header + record_header_length);
    write_protection_->set_details(nullptr);
    write_record_header(header, type, write_version_, body_len);
    out.resize(at + record_header_length + body_len);
    if (observer_ != nullptr && observer_->listening()) {
        const std::uint8_t* wire = out.data() + at;
        observer_->on_record({Direction::outgoing, type, write_version_, write_seq_, ByteView(wire, record_header_length),
                              ByteView(wire + record_header_length, body_len), chunk,
                              teaching && !details.protection.empty() ? &details : nullptr});
    }
    ++write_seq_;
}

void RecordLayer::feed(ByteView bytes) { deframer_.feed(bytes); }

std::optional<Record> RecordLayer::read() {
    const std::optional<FramedRecord> framed = deframer_.next();
    if (!framed) return std::nullopt;
    const ContentType type = framed->type;
    const std::uint16_t version = framed->version;
    const std::string where = "record " + std::to_string(deframer_.records()) + ": ";
    if (read_seq_ == UINT64_MAX) {
        throw TlsError(AlertDescription::internal_error, where + "the read sequence number is exhausted");
    }
    std::span<std::uint8_t> plaintext;
    RecordCrypto details;   // filled only for an observer: it copies bytes
    const bool teaching = observer_ != nullptr && observer_->wants_secrets();
    // Decryption works in place: an observer gets the record as it came.
    Bytes as_received;
    const bool watched = observer_ != nullptr && observer_->listening();
    if (watched) as_received.assign(framed->bytes.begin(), framed->bytes.end());
    if (teaching) read_protection_->set_details(&details);
    try {
        plaintext = read_protection_->open(type, version, read_seq_, framed->fragment());
    } catch (const TlsError& e) {
        read_protection_->set_details(nullptr);
        throw TlsError(e.alert(), where + e.what());
    }
    read_protection_->set_details(nullptr);
    const std::uint64_t seq = read_seq_++;
    check_plaintext(type, plaintext.size(), where);
    if (watched) {
        const ByteView wire(as_received);
        observer_->on_record({Direction::incoming, type, version, seq, wire.first(record_header_length), wire.subspan(record_header_length),
                              plaintext, teaching && !details.protection.empty() ? &details : nullptr});
    }
    return Record{type, version, plaintext};
}

// §6.2.1: at most 2^14 bytes once opened, and only application data may be empty.
void RecordLayer::check_plaintext(ContentType type, std::size_t length, const std::string& where) {
    if (length > max_plaintext_length) {
        throw TlsError(AlertDescription::record_overflow,
                       where + "plaintext of " + std::to_string(length) + " bytes exceeds 2^14");
    }
    if (length == 0 && type != ContentType::application_data) {
        throw TlsError(AlertDescription::unexpected_message,
                       where + "empty " + std::string(content_type_name(type)) +
                           " fragment (forbidden by RFC 5246 §6.2.1)");
    }
}

// ---- ApplicationDataBuffer ----------------------------------------------------------------

void ApplicationDataBuffer::push(ByteView data) {
    if (start_ > 0 && start_ >= data_.size() / 2) {   // reclaim what was read
        data_.erase(data_.begin(), data_.begin() + static_cast<std::ptrdiff_t>(start_));
        start_ = 0;
    }
    data_.insert(data_.end(), data.begin(), data.end());
}

std::size_t ApplicationDataBuffer::read(std::span<std::uint8_t> out) {
    const std::size_t n = std::min(out.size(), size());
    if (n != 0) std::memcpy(out.data(), data_.data() + start_, n);
    consume(n);
    return n;
}

void ApplicationDataBuffer::consume(std::size_t n) {
    start_ += std::min(n, size());
    if (start_ == data_.size()) {
        data_.clear();
        start_ = 0;
    }
}

} // namespace glasstls
