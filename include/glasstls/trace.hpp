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
#include "glasstls/cipher_suites.hpp"
#include "glasstls/codec.hpp"
#include "glasstls/crypto.hpp"
#include "glasstls/messages.hpp"
#include "glasstls/record.hpp"
#include "glasstls/verify.hpp"

namespace glasstls {

struct DecodedMessage;   // glasstls/dissect.hpp

// A record crossed the record layer (RFC 5246 §6.2): its header and
// fragment as on the wire, its plaintext, and — for an observer in teaching
// mode, on a protected record — the protection step by step.
struct RecordEvent {
    Direction direction = Direction::outgoing;
    ContentType type = ContentType::handshake;
    std::uint16_t version = 0;
    std::uint64_t sequence = 0;              // this direction's record number, in every MAC and nonce (§6.1)
    ByteView header;                         // the 5 bytes: type, version, length (§6.2.1)
    ByteView fragment;                       // as on the wire: protected, once ChangeCipherSpec is past
    ByteView plaintext;                      // before protection (outgoing) or after it (incoming)
    const RecordCrypto* crypto = nullptr;    // teaching mode, protected records only
};

// A handshake message was sent or received: the decoded struct, its bytes
// and every field's offset (glasstls/dissect.hpp).
struct MessageEvent {
    Direction direction = Direction::outgoing;
    const DecodedMessage& message;
};

// How a value is computed, and where the RFC says so.
struct Formula {
    std::string_view text;   // "the x-coordinate of our private key times the peer's public point"
    std::string_view rfc;    // "RFC 8422 §5.10"
};

// A secret or key was derived (teaching mode): its value, the formula with
// the names of its inputs, and the RFC section that gives it.
struct SecretEvent {
    std::string_view name;                  // "master_secret"
    ByteView value;
    std::string_view formula;               // "PRF(pre_master_secret, \"master secret\", client_random + server_random)[0..47]"
    std::string_view rfc;                   // "RFC 5246 §8.1"
    std::vector<std::string_view> inputs;   // {"pre_master_secret", "client_random", "server_random"}
};

// The key exchange with its inputs (RFC 5246 §8.1, RFC 8422 §5.10): our
// ephemeral key pair, the peer's value and the shared secret — or, for RSA,
// the pre-master, the PKCS #1 block that carries it and the ciphertext.
// Teaching mode only.
struct KeyExchangeEvent {
    KeyExchange kind = KeyExchange::ecdhe;
    bool client = true;                          // which side made this report
    std::optional<crypto::NamedGroup> group;     // ECDHE's curve; DHE's when it is an RFC 7919 group
    std::size_t prime_bits = 0;                  // DHE: the size of p
    ByteView our_private, our_public, peer_public;
    ByteView shared_secret;                      // the pre-master secret
    ByteView encrypted_pre_master;               // RSA: the ClientKeyExchange's ciphertext
    ByteView pkcs1_block;                        // RSA: 00 02 <non-zero padding> 00 <pre-master> (RFC 8017 §7.2.1)
};
struct KeyBlock;   // glasstls/key_schedule.hpp
// The key block and each key cut from it, by offset (RFC 5246 §6.3), as
// secrets to `observer` — a live connection and a decoded capture alike.
void report_key_block(Observer& observer, const KeyBlock& kb);

// How the shared secret was computed, in words with its RFC section.
std::string key_exchange_formula(const KeyExchangeEvent& e);

// A signature made (outgoing: we signed) or checked (incoming: the peer's),
// with the exact bytes it covers (RFC 5246 §4.7, §7.4.3, §7.4.8).
struct SignatureEvent {
    Direction direction = Direction::outgoing;
    HandshakeType message = HandshakeType::server_key_exchange;   // or certificate_verify
    std::uint16_t scheme = 0;     // SignatureScheme code point
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
    // on_secret, on_master_secret, on_key_exchange and RecordEvent::crypto.
    // The narrated trace, --trace-json and the key log do; --msg lines do not.
    virtual bool wants_secrets() const { return false; }
    virtual void on_record(const RecordEvent&) {}
    virtual void on_message(const MessageEvent&) {}
    virtual void on_state_change(std::string_view /*from*/, std::string_view /*to*/) {}
    virtual void on_secret(const SecretEvent&) {}
    // The master secret of a session is known (for the NSS key log).
    virtual void on_master_secret(ByteView /*client_random*/, ByteView /*master_secret*/) {}
    virtual void on_alert(Direction, AlertLevel, AlertDescription) {}
    virtual void on_signature(const SignatureEvent&) {}
    virtual void on_key_exchange(const KeyExchangeEvent&) {}
    // One step of certificate path validation (a path tried, a signature, the rules, the host name).
    virtual void on_certificate_check(const verify::Check&) {}
    // Free-form narration of a step ("our records are protected from here on").
    virtual void on_note(std::string_view /*text*/) {}
};

// Forwards every event to several observers (trace + key log at once).
class ObserverList final : public Observer {
public:
    void add(Observer* o) { observers_.push_back(o); }
    bool wants_secrets() const override;   // when any of them does; secrets go only to those
    void on_record(const RecordEvent& e) override;
    void on_message(const MessageEvent& e) override;
    void on_state_change(std::string_view from, std::string_view to) override;
    void on_secret(const SecretEvent& e) override;
    void on_master_secret(ByteView client_random, ByteView master_secret) override;
    void on_alert(Direction d, AlertLevel l, AlertDescription a) override;
    void on_note(std::string_view text) override;
    void on_signature(const SignatureEvent& e) override;
    void on_key_exchange(const KeyExchangeEvent& e) override;
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
    void on_certificate_check(const verify::Check& c) override;
    void on_record(const RecordEvent& e) override;
    void on_message(const MessageEvent& e) override;
    void on_state_change(std::string_view from, std::string_view to) override;
    void on_secret(const SecretEvent& e) override;
    void on_alert(Direction d, AlertLevel l, AlertDescription a) override;
    void on_note(std::string_view text) override;
    void on_signature(const SignatureEvent& e) override;
    void on_key_exchange(const KeyExchangeEvent& e) override;

private:
    void record_crypto(const RecordEvent& e);
    std::ostream& out_;
    bool records_ = false;
};

// One line per record (`--msg`), in the spirit of `openssl s_client -msg`.
class MessageLineObserver final : public Observer {
public:
    explicit MessageLineObserver(std::ostream& out) : out_(out) {}
    void on_record(const RecordEvent& e) override;
    void on_message(const MessageEvent& e) override;
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
    void on_record(const RecordEvent& e) override;
    void on_message(const MessageEvent& e) override;
    void on_state_change(std::string_view from, std::string_view to) override;
    void on_secret(const SecretEvent& e) override;
    void on_master_secret(ByteView client_random, ByteView master_secret) override;
    void on_alert(Direction d, AlertLevel l, AlertDescription a) override;
    void on_note(std::string_view text) override;
    void on_signature(const SignatureEvent& e) override;
    void on_key_exchange(const KeyExchangeEvent& e) override;
    void on_certificate_check(const verify::Check& c) override;

private:
    void emit(const std::string& event, const std::string& fields);
    std::ostream& out_;
    std::string connection_;
};

// A JSON string literal, escaped (RFC 8259 §7).
std::string json_string(std::string_view text);

// A decoded message's fields in words, one per line, indented (the
// narration's view of a message; `glass decode` prints the same).
std::string describe_message(const DecodedMessage& m, std::size_t indent = 6);

// Hex in groups for narration: "a0ba9f93 6cda3118 …", wrapped and indented.
std::string hex_block(ByteView bytes, std::size_t indent);

} // namespace glasstls
