// The record layer (RFC 5246 §6.2): fragmenting, protecting and framing
// outgoing data; reassembling, unprotecting and checking incoming records.
// It is composed of the two halves that tools also use alone: framing
// (record_framing.hpp, the header rules) and protection
// (record_protection.hpp, one direction's cipher and MAC).
//
//   write(type, data) ─► fragments of ≤ 2^14 ─► seal (MAC/pad/encrypt or AEAD)
//                    ─► header(type, version, length) + fragment ─► bytes out
//   bytes in ─► feed() ─► whole record? ─► open (decrypt + verify) ─► read()
//
// Sans-IO: it never touches a socket. Bytes go in with feed() and come out
// appended to a caller's buffer, so tests can cut the stream anywhere.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "glasstls/cipher_suites.hpp"
#include "glasstls/codec.hpp"
#include "glasstls/key_schedule.hpp"
#include "glasstls/protocol.hpp"
#include "glasstls/record_framing.hpp"
#include "glasstls/record_protection.hpp"

namespace glasstls {

class Observer;

// A record as read(): its type, header version and plaintext. The fragment
// points into the RecordLayer's buffer and is valid until the next feed()
// or read().
struct Record {
    ContentType type;
    std::uint16_t version;
    std::span<std::uint8_t> fragment;
};

class RecordLayer {
public:
    explicit RecordLayer(Observer* observer = nullptr);

    // ---- Sending ------------------------------------------------------------
    // Fragments `data` into records of at most max_fragment() bytes, protects
    // each and appends the framed records to `out`. Empty handshake, alert or
    // change_cipher_spec data is a bug of the caller (RFC 5246 §6.2.1 forbids
    // zero-length fragments of those types); empty application data writes
    // nothing.
    void write(ContentType type, ByteView data, Bytes& out);
    // Exactly one record of at most 2^14 bytes, as given — even one TLS
    // forbids (empty, or of a type at the wrong moment). For write() and for
    // tests and lab tools that play a misbehaving peer.
    void write_record(ContentType type, ByteView fragment, Bytes& out);
    // The record version written in headers (TLS 1.0 is customary for the
    // first ClientHello, RFC 5246 Appendix E.1).
    void set_write_version(std::uint16_t version) { write_version_ = version; }
    // RFC 5246 §6.1: a ChangeCipherSpec installs new protection and resets
    // the sequence number to zero.
    void change_write_protection(std::unique_ptr<RecordProtection> protection);
    // RFC 6066 §4 max_fragment_length, or smaller records for tests.
    // Precondition: 1 <= n <= 2^14 (std::invalid_argument otherwise: a
    // programming error, set by our own configuration, never by a peer).
    void set_max_fragment(std::size_t n);
    std::size_t max_fragment() const { return max_fragment_; }

    // ---- Receiving ----------------------------------------------------------
    // Appends bytes received from the peer, however the stream was cut.
    void feed(ByteView bytes);
    // Or in place: room for `n` bytes to recv() into, then commit (RecordDeframer).
    std::span<std::uint8_t> receive_space(std::size_t n) { return deframer_.space(n); }
    void commit_received(std::size_t n) { deframer_.commit(n); }
    // The next whole record, unprotected and checked; nullopt when more bytes
    // are needed. Throws TlsError with the alert to send on any bad record.
    std::optional<Record> read();
    void change_read_protection(std::unique_ptr<RecordProtection> protection);
    // Once a version is negotiated every record must carry it (§6.2.1);
    // before that, any {3, x} is accepted.
    void expect_version(std::uint16_t version) { deframer_.expect_version(version); }
    // Bytes received but not yet returned as records.
    std::size_t buffered() const { return deframer_.buffered(); }
    void release_if_empty() { deframer_.release_if_empty(); }
    // Whole records read so far (a server's idle timer counts only these:
    // bytes of a record that never completes are not activity).
    std::uint64_t records_read() const { return deframer_.records(); }

    std::uint64_t read_sequence() const { return read_seq_; }
    std::uint64_t write_sequence() const { return write_seq_; }
    // For tests of the no-wrap rule (§6.1): jump a sequence number.
    void set_sequences_for_testing(std::uint64_t read_seq, std::uint64_t write_seq);

private:
    static void check_plaintext(ContentType type, std::size_t length, const std::string& where);

    Observer* observer_;
    std::unique_ptr<RecordProtection> write_protection_;
    std::unique_ptr<RecordProtection> read_protection_;
    std::uint64_t write_seq_ = 0;
    std::uint64_t read_seq_ = 0;
    std::uint16_t write_version_ = TLS1_2;
    std::size_t max_fragment_ = max_plaintext_length;
    RecordDeframer deframer_;
};

// Received application data, handed out with SSL_read semantics: a read
// into a small buffer returns what fits and keeps the rest for the next read.
class ApplicationDataBuffer {
public:
    void push(ByteView data);
    // Copies up to out.size() bytes; returns how many (0 when empty).
    std::size_t read(std::span<std::uint8_t> out);
    // Or without the copy: what is buffered, then how much of it was used.
    ByteView peek() const { return {data_.data() + start_, size()}; }
    void consume(std::size_t n);
    std::size_t size() const { return data_.size() - start_; }
    bool empty() const { return size() == 0; }
    void release_if_empty() {
        if (empty()) {
            Bytes().swap(data_);
            start_ = 0;
        }
    }

private:
    Bytes data_;
    std::size_t start_ = 0;
};

} // namespace glasstls
