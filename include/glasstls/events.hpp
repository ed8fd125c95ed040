// The event stream: what the engine reports of its work, as typed events
// to an Observer. This is the vocabulary at the bottom of the house — the
// record layer, the key exchange, the engines, path validation and passive
// decoding all report through it, and it knows nothing of them, nor of the
// observers that show the events (narration.hpp, message_lines.hpp,
// key_log.hpp, json_lines.hpp, html.hpp). No module prints on its own.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "glasstls/alert.hpp"
#include "glasstls/cipher_suites.hpp"   // KeyExchange
#include "glasstls/codec.hpp"
#include "glasstls/crypto.hpp"          // crypto::NamedGroup
#include "glasstls/protocol.hpp"

namespace glasstls {

// The events point at these; only an observer that reads them includes their header.
struct DecodedMessage;                  // glasstls/dissect.hpp
struct RecordCrypto;                    // glasstls/record_protection.hpp
namespace verify { struct Check; }      // glasstls/verify.hpp

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
    bool sealed = false;                     // protected and not opened: a capture decoded without its keys
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
// shows. A new event: its struct above, its hook here, its forwarding in
// ObserverList (events.cpp), and the observers that show it.
class Observer {
public:
    virtual ~Observer() = default;
    // Teaching mode: only an observer that says so receives secret values —
    // on_secret, on_master_secret, on_key_exchange and RecordEvent::crypto.
    // The narrated trace, --trace-json and the key log do; --msg lines do not.
    virtual bool wants_secrets() const { return false; }
    // False when nothing is listening (an empty ObserverList): the engine
    // then skips the work of building events — copying each record as it
    // came, dissecting each message — that nobody would see.
    virtual bool listening() const { return true; }
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
    bool listening() const override { return !observers_.empty(); }
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

} // namespace glasstls
