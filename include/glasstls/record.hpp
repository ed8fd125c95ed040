// The record layer (RFC 5246 §6.2): fragmenting, protecting and framing
// outgoing data; reassembling, unprotecting and checking incoming records.
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

namespace glasstls {

class Observer;

// RFC 5246 §6.2.1
enum class ContentType : std::uint8_t {
    change_cipher_spec = 20,
    alert = 21,
    handshake = 22,
    application_data = 23,
    heartbeat = 24,   // RFC 6520 §3, only once the heartbeat extension was agreed
};
std::string_view content_type_name(ContentType t);

// ProtocolVersion as the wire carries it: {3, 3} is TLS 1.2 (§6.2.1).
constexpr std::uint16_t TLS1_0 = 0x0301;
constexpr std::uint16_t TLS1_1 = 0x0302;
constexpr std::uint16_t TLS1_2 = 0x0303;
std::string version_name(std::uint16_t version);   // "TLS 1.2", "SSL 3.0", "0x7f1c"

constexpr std::size_t record_header_length = 5;
constexpr std::size_t max_plaintext_length = 1u << 14;                 // §6.2.1
constexpr std::size_t max_ciphertext_length = (1u << 14) + 2048;       // §6.2.3

// What one protected record's transform used, everything needed to redo it
// by hand (RFC 5246 §6.2.3): for teaching traces only — it copies bytes.
struct RecordCrypto {
    std::string protection;          // "AES-128-GCM", "AES-128-CBC + HMAC-SHA256 (encrypt-then-MAC)"
    std::uint64_t sequence = 0;      // seq_num, in every MAC and AEAD nonce (§6.2.3.1, §6.2.3.3)
    Bytes explicit_nonce;            // on the wire: GCM's explicit nonce, or CBC's IV
    Bytes nonce;                     // AEAD: the whole nonce (RFC 5288 §3, RFC 7905 §2)
    Bytes additional_data;           // seq_num + type + version + length (§6.2.3.3; the MAC's prefix for CBC)
    Bytes ciphertext;                // the encrypted bytes, without IV, tag or (EtM) MAC
    Bytes mac_or_tag;                // HMAC (CBC) or AEAD tag
    std::size_t padding_length = 0;  // CBC: the padding_length byte's value
};

// One direction's protection of record fragments (RFC 5246 §6.2.3).
class RecordProtection {
public:
    virtual ~RecordProtection() = default;
    // When set, the next seal()/open() also fills `details` (teaching traces).
    void set_details(RecordCrypto* details) { details_ = details; }
    // "AES-128-GCM", "AES-256-CBC + HMAC-SHA1 (encrypt-then-MAC)", "null".
    virtual std::string description() const = 0;
    // The most bytes seal() adds to a plaintext.
    virtual std::size_t max_overhead() const = 0;
    // Writes the protected fragment of `plaintext` to `out`, which has room
    // for plaintext.size() + max_overhead() bytes; returns its length.
    virtual std::size_t seal(ContentType type, std::uint16_t version, std::uint64_t seq, ByteView plaintext,
                             std::uint8_t* out) = 0;
    // Unprotects `fragment` in place and returns the plaintext inside it.
    // Any failure is TlsError{bad_record_mac}; padding and MAC failures are
    // indistinguishable, in the alert and in time.
    virtual std::span<std::uint8_t> open(ContentType type, std::uint16_t version, std::uint64_t seq,
                                         std::span<std::uint8_t> fragment) = 0;

protected:
    RecordCrypto* details_ = nullptr;
};

// TLS_NULL_WITH_NULL_NULL: the protection of the first handshake records.
std::unique_ptr<RecordProtection> make_null_protection();

// The protection a suite prescribes, keyed with one direction's traffic
// keys. encrypt_then_mac applies to CBC suites only (RFC 7366). `rng`
// supplies CBC's explicit IVs and must outlive the protection.
std::unique_ptr<RecordProtection> make_protection(const CipherSuite& suite, const TrafficKeys& keys,
                                                  bool encrypt_then_mac, crypto::RandomSource& rng);

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
    void set_max_fragment(std::size_t n);
    std::size_t max_fragment() const { return max_fragment_; }

    // ---- Receiving ----------------------------------------------------------
    // Appends bytes received from the peer, however the stream was cut.
    void feed(ByteView bytes);
    // The next whole record, unprotected and checked; nullopt when more bytes
    // are needed. Throws TlsError with the alert to send on any bad record.
    std::optional<Record> read();
    void change_read_protection(std::unique_ptr<RecordProtection> protection);
    // Once a version is negotiated every record must carry it (§6.2.1);
    // before that, any {3, x} is accepted.
    void expect_version(std::uint16_t version) { expected_version_ = version; }
    // Bytes received but not yet returned as records.
    std::size_t buffered() const { return in_.size() - in_start_; }
    // Whole records read so far (a server's idle timer counts only these:
    // bytes of a record that never completes are not activity).
    std::uint64_t records_read() const { return records_read_; }

    std::uint64_t read_sequence() const { return read_seq_; }
    std::uint64_t write_sequence() const { return write_seq_; }
    // For tests of the no-wrap rule (§6.1): jump a sequence number.
    void set_sequences_for_testing(std::uint64_t read_seq, std::uint64_t write_seq);

private:
    Observer* observer_;
    std::unique_ptr<RecordProtection> write_protection_;
    std::unique_ptr<RecordProtection> read_protection_;
    std::uint64_t write_seq_ = 0;
    std::uint64_t read_seq_ = 0;
    std::uint16_t write_version_ = TLS1_2;
    std::optional<std::uint16_t> expected_version_;
    std::size_t max_fragment_ = max_plaintext_length;
    std::uint64_t records_read_ = 0;   // for error sentences ("record 3: …")
    Bytes in_;
    std::size_t in_start_ = 0;
};

// Received application data, handed out with SSL_read semantics: a read
// into a small buffer returns what fits and keeps the rest for the next read.
class ApplicationDataBuffer {
public:
    void push(ByteView data);
    // Copies up to out.size() bytes; returns how many (0 when empty).
    std::size_t read(std::span<std::uint8_t> out);
    std::size_t size() const { return data_.size() - start_; }
    bool empty() const { return size() == 0; }

private:
    Bytes data_;
    std::size_t start_ = 0;
};

} // namespace glasstls
