// Record protection (RFC 5246 §6.2.3): one direction's transform of record
// fragments — null before the first ChangeCipherSpec, then CBC with HMAC
// (MAC-then-encrypt, or encrypt-then-MAC per RFC 7366) or an AEAD (AES-GCM,
// RFC 5288; ChaCha20-Poly1305, RFC 7905). It knows nothing of framing: the
// record layer hands it a fragment with the header's type and version.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "glasstls/cipher_suites.hpp"
#include "glasstls/codec.hpp"
#include "glasstls/key_schedule.hpp"
#include "glasstls/protocol.hpp"

namespace glasstls {

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

// How a protected record's pieces were made, in words with the RFC section
// of the record's own protection: AES-GCM (RFC 5288), ChaCha20-Poly1305
// (RFC 7905), CBC with MAC-then-encrypt (RFC 5246) or encrypt-then-MAC (RFC 7366).
struct RecordCryptoWords {
    std::string_view nonce;            // "" for CBC, which has an IV instead
    std::string_view mac_input;        // the additional data, or the HMAC's header
    std::string_view mac;              // what the MAC or tag covers, and where it is
    std::string_view ciphertext;       // what the ciphertext holds
    std::string_view rfc;              // the section defining this protection
};
RecordCryptoWords record_crypto_words(const RecordCrypto& c);

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

} // namespace glasstls
