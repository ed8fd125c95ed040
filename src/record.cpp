#include "glasstls/record.hpp"

#include <algorithm>
#include <cstring>

#include "glasstls/trace.hpp"

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
    header[0] = static_cast<std::uint8_t>(type);
    store_u16(header + 1, write_version_);
    store_u16(header + 3, static_cast<std::uint16_t>(body_len));
    out.resize(at + record_header_length + body_len);
    if (observer_ != nullptr) {
        const std::uint8_t* wire = out.data() + at;
        observer_->on_record({Direction::outgoing, type, write_version_, write_seq_, ByteView(wire, record_header_length),
                              ByteView(wire + record_header_length, body_len), chunk,
                              teaching && !details.protection.empty() ? &details : nullptr});
    }
    ++write_seq_;
}

void RecordLayer::feed(ByteView bytes) {
    // Drop what has been consumed; move the rest to the front when it is
    // cheap (at most half the buffer), so the buffer stops growing.
    if (in_start_ == in_.size()) {
        in_.clear();
        in_start_ = 0;
    } else if (in_start_ > 0 && in_start_ >= in_.size() / 2) {
        in_.erase(in_.begin(), in_.begin() + static_cast<std::ptrdiff_t>(in_start_));
        in_start_ = 0;
    }
    in_.insert(in_.end(), bytes.begin(), bytes.end());
}

std::optional<Record> RecordLayer::read() {
    if (buffered() < record_header_length) return std::nullopt;
    std::uint8_t* header = in_.data() + in_start_;
    const std::string where = "record " + std::to_string(records_read_ + 1) + ": ";

    // §6.2.1: only the four content types TLS 1.2 defines.
    const std::uint8_t raw_type = header[0];
    if (raw_type < 20 || raw_type > 24) {
        throw TlsError(AlertDescription::unexpected_message,
                       where + "content type " + std::to_string(raw_type) + " is not a TLS record type" +
                           (raw_type >= 'A' && raw_type <= 'Z' ? " (is the peer speaking plain text?)" : ""));
    }
    const auto type = static_cast<ContentType>(raw_type);
    const std::uint16_t version = load_u16(header + 1);
    if ((version >> 8) != 3) {
        throw TlsError(AlertDescription::protocol_version,
                       where + "version " + version_name(version) + " is not SSL/TLS");
    }
    if (expected_version_ && version != *expected_version_) {
        throw TlsError(AlertDescription::protocol_version,
                       where + "record version " + version_name(version) + " after " +
                           version_name(*expected_version_) + " was negotiated");
    }
    // §6.2.3: a protected fragment is at most 2^14 + 2048 bytes. Checked on
    // the header, before buffering the body, so a peer cannot make us wait
    // for (or store) more.
    const std::size_t length = load_u16(header + 3);
    if (length > max_ciphertext_length) {
        throw TlsError(AlertDescription::record_overflow,
                       where + "length " + std::to_string(length) + " exceeds 2^14 + 2048");
    }
    if (buffered() < record_header_length + length) return std::nullopt;

    std::span<std::uint8_t> fragment(header + record_header_length, length);
    in_start_ += record_header_length + length;
    ++records_read_;
    if (read_seq_ == UINT64_MAX) {
        throw TlsError(AlertDescription::internal_error, where + "the read sequence number is exhausted");
    }
    std::span<std::uint8_t> plaintext;
    RecordCrypto details;   // filled only for an observer: it copies bytes
    const bool teaching = observer_ != nullptr && observer_->wants_secrets();
    // Decryption works in place: an observer gets the record as it came.
    Bytes as_received;
    if (observer_ != nullptr) as_received.assign(header, header + record_header_length + length);
    if (teaching) read_protection_->set_details(&details);
    try {
        plaintext = read_protection_->open(type, version, read_seq_, fragment);
    } catch (const TlsError& e) {
        read_protection_->set_details(nullptr);
        throw TlsError(e.alert(), where + e.what());
    }
    read_protection_->set_details(nullptr);
    const std::uint64_t seq = read_seq_++;
    if (plaintext.size() > max_plaintext_length) {
        throw TlsError(AlertDescription::record_overflow,
                       where + "plaintext of " + std::to_string(plaintext.size()) + " bytes exceeds 2^14");
    }
    if (plaintext.empty() && type != ContentType::application_data) {
        throw TlsError(AlertDescription::unexpected_message,
                       where + "empty " + std::string(content_type_name(type)) +
                           " fragment (forbidden by RFC 5246 §6.2.1)");
    }
    if (observer_ != nullptr) {
        const ByteView wire(as_received);
        observer_->on_record({Direction::incoming, type, version, seq, wire.first(record_header_length), wire.subspan(record_header_length),
                              plaintext, teaching && !details.protection.empty() ? &details : nullptr});
    }
    return Record{type, version, plaintext};
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
    start_ += n;
    if (start_ == data_.size()) {
        data_.clear();
        start_ = 0;
    }
    return n;
}

} // namespace glasstls
