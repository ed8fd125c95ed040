// Observability: the engine reports what it does as events to an Observer.
// The narrated trace, `--msg` lines and the NSS key log are observers; no
// module prints on its own.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "glasstls/alert.hpp"
#include "glasstls/codec.hpp"
#include "glasstls/record.hpp"
#include "glasstls/verify.hpp"

namespace glasstls {

enum class Direction { outgoing, incoming };

// The key exchange with its inputs (RFC 5246 §8.1, RFC 8422 §5.10): the
// kind and group, our ephemeral key pair, the peer's value and the shared
// secret — or, for RSA, the pre-master and its encryption. Teaching traces only.
struct KeyExchangeEvent {
    std::string_view kind;      // "ECDHE", "DHE", "RSA"
    std::string group;          // "x25519", "ffdhe2048", "" for RSA
    ByteView our_private, our_public, peer_public, shared_secret, encrypted_pre_master;
    std::string_view formula;   // how shared_secret was computed, with its RFC section
};

// A signature made (outgoing: we signed) or checked (incoming: the peer's),
// with the exact bytes it covers (RFC 5246 §4.7, §7.4.3, §7.4.8).
struct SignatureEvent {
    Direction direction;
    std::string_view message;     // "ServerKeyExchange", "CertificateVerify"
    std::string_view scheme;      // "rsa_pss_rsae_sha256"
    std::string key;              // "RSA 2048-bit key of CN=www.lab.test"
    ByteView signed_bytes;        // what the signature covers
    ByteView signature;
    bool valid = true;            // incoming: whether it verified
};

// Every hook has an empty default, so an observer overrides only what it
// shows.
class Observer {
public:
    virtual ~Observer() = default;
    // Teaching mode: only an observer that says so receives secret values —
    // on_secret, on_master_secret, on_key_exchange, on_record_crypto. The
    // narrated trace, --trace-json and the key log do; --msg lines do not.
    virtual bool wants_secrets() const { return false; }
    // A record crossed the record layer. `plaintext` is the fragment before
    // protection (outgoing) or after it (incoming); `wire_length` is the
    // protected length in the header.
    virtual void on_record(Direction, ContentType, std::uint16_t /*version*/, std::size_t /*wire_length*/,
                           ByteView /*plaintext*/) {}
    // A handshake message was parsed or built; `type` is its HandshakeType.
    virtual void on_message(Direction, std::uint8_t /*type*/, std::string_view /*name*/, ByteView /*body*/) {}
    virtual void on_state_change(std::string_view /*from*/, std::string_view /*to*/) {}
    // A secret or key was derived: its name, value, and how (formula and RFC
    // section), e.g. {"master_secret", …, "PRF(pre_master, \"master secret\", …) — RFC 5246 §8.1"}.
    virtual void on_secret(std::string_view /*name*/, ByteView /*value*/, std::string_view /*how*/) {}
    // The master secret of a session is known (for the NSS key log).
    virtual void on_master_secret(ByteView /*client_random*/, ByteView /*master_secret*/) {}
    virtual void on_alert(Direction, AlertLevel, AlertDescription) {}
    virtual void on_signature(const SignatureEvent&) {}
    virtual void on_key_exchange(const KeyExchangeEvent&) {}
    // A protected record's transform, step by step (comes before its on_record).
    virtual void on_record_crypto(Direction, ContentType, const RecordCrypto&) {}
    // One step of certificate path validation (a path tried, a signature, the rules, the host name).
    virtual void on_certificate_check(const verify::Check&) {}
    // Free-form narration of a step ("Encrypting one record with AES-128-GCM").
    virtual void on_note(std::string_view /*text*/) {}
};

// Forwards every event to several observers (trace + key log at once).
class ObserverList final : public Observer {
public:
    void add(Observer* o) { observers_.push_back(o); }
    bool wants_secrets() const override;   // when any of them does; secrets go only to those
    void on_record(Direction d, ContentType t, std::uint16_t v, std::size_t n, ByteView p) override;
    void on_message(Direction d, std::uint8_t t, std::string_view name, ByteView body) override;
    void on_state_change(std::string_view from, std::string_view to) override;
    void on_secret(std::string_view name, ByteView value, std::string_view how) override;
    void on_master_secret(ByteView client_random, ByteView master_secret) override;
    void on_alert(Direction d, AlertLevel l, AlertDescription a) override;
    void on_note(std::string_view text) override;
    void on_signature(const SignatureEvent& e) override;
    void on_key_exchange(const KeyExchangeEvent& e) override;
    void on_record_crypto(Direction d, ContentType t, const RecordCrypto& c) override;
    void on_certificate_check(const verify::Check& c) override;

private:
    std::vector<Observer*> observers_;
};

// The narrated trace (`--trace`): every event in words, secrets in hex.
class NarratingObserver final : public Observer {
public:
    bool wants_secrets() const override { return true; }
    // `records`: also each protected record's sequence number, nonce,
    // additional data, ciphertext, MAC or tag and padding (--trace-records).
    explicit NarratingObserver(std::ostream& out, bool records = false) : out_(out), records_(records) {}
    void on_record_crypto(Direction d, ContentType t, const RecordCrypto& c) override;
    void on_certificate_check(const verify::Check& c) override;
    void on_record(Direction d, ContentType t, std::uint16_t v, std::size_t n, ByteView p) override;
    void on_message(Direction d, std::uint8_t t, std::string_view name, ByteView body) override;
    void on_state_change(std::string_view from, std::string_view to) override;
    void on_secret(std::string_view name, ByteView value, std::string_view how) override;
    void on_alert(Direction d, AlertLevel l, AlertDescription a) override;
    void on_note(std::string_view text) override;
    void on_signature(const SignatureEvent& e) override;
    void on_key_exchange(const KeyExchangeEvent& e) override;

private:
    std::ostream& out_;
    bool records_ = false;
    std::optional<KeyExchange> kx_;   // from the ServerHello seen
};

// One line per record (`--msg`), in the spirit of `openssl s_client -msg`.
class MessageLineObserver final : public Observer {
public:
    explicit MessageLineObserver(std::ostream& out) : out_(out) {}
    void on_record(Direction d, ContentType t, std::uint16_t v, std::size_t n, ByteView p) override;
    void on_message(Direction d, std::uint8_t t, std::string_view name, ByteView body) override;
    void on_alert(Direction d, AlertLevel l, AlertDescription a) override;

private:
    std::ostream& out_;
};

// The NSS key log format Wireshark reads (SSLKEYLOGFILE):
// "CLIENT_RANDOM <64 hex digits> <96 hex digits>".
class KeyLogObserver final : public Observer {
public:
    bool wants_secrets() const override { return true; }
    explicit KeyLogObserver(std::ostream& out) : out_(out) {}
    void on_master_secret(ByteView client_random, ByteView master_secret) override;
    static std::string format_line(ByteView client_random, ByteView master_secret);

private:
    std::ostream& out_;
};

// The event stream as JSON Lines (`--trace-json FILE`): one object per
// event, every byte in hex, so a script can recompute what glasstls
// computed. The schema is in docs/trace-json.md. `connection` (when not
// empty) tags each line — a server writes all its connections to one file.
// Thread-safe: lines are written whole, under a lock shared by all
// JsonLinesObservers on the same stream.
class JsonLinesObserver final : public Observer {
public:
    bool wants_secrets() const override { return true; }
    JsonLinesObserver(std::ostream& out, std::string connection = "");
    void on_record(Direction d, ContentType t, std::uint16_t v, std::size_t n, ByteView p) override;
    void on_message(Direction d, std::uint8_t t, std::string_view name, ByteView body) override;
    void on_state_change(std::string_view from, std::string_view to) override;
    void on_secret(std::string_view name, ByteView value, std::string_view how) override;
    void on_master_secret(ByteView client_random, ByteView master_secret) override;
    void on_alert(Direction d, AlertLevel l, AlertDescription a) override;
    void on_note(std::string_view text) override;
    void on_signature(const SignatureEvent& e) override;
    void on_key_exchange(const KeyExchangeEvent& e) override;
    void on_record_crypto(Direction d, ContentType t, const RecordCrypto& c) override;
    void on_certificate_check(const verify::Check& c) override;

private:
    void emit(const std::string& event, const std::string& fields);
    std::ostream& out_;
    std::string connection_;
};

// A JSON string literal, escaped (RFC 8259 §7).
std::string json_string(std::string_view text);

// Hex in groups for narration: "a0ba9f93 6cda3118 …", wrapped and indented.
std::string hex_block(ByteView bytes, std::size_t indent);

} // namespace glasstls
