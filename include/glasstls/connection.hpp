// A TLS connection, sans-IO: bytes from the peer go in with receive(), bytes
// for the peer come out of take_output(), application data is read() and
// write()n. Records are dispatched here — handshake messages and
// ChangeCipherSpec to the handshake engine, alerts and application data
// handled directly — and every TlsError becomes a fatal alert to the peer.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "glasstls/cipher_suites.hpp"
#include "glasstls/events.hpp"
#include "glasstls/heartbeat.hpp"
#include "glasstls/messages.hpp"
#include "glasstls/record.hpp"
#include "glasstls/session.hpp"
#include "glasstls/x509.hpp"

namespace glasstls {

// Why the peer's certificate was rejected, for programs that report it in
// their own terms (the Python module's SSLCertVerificationError).
struct VerifyFailure {
    AlertDescription alert = AlertDescription::certificate_unknown;
    bool host_mismatch = false;
    std::string error;
};

// What a handshake negotiated, for summaries, logs and the --www page.
struct ConnectionInfo {
    std::uint16_t version = 0;
    const CipherSuite* suite = nullptr;
    std::optional<crypto::NamedGroup> group;   // ECDHE / named FFDHE group
    std::size_t dh_bits = 0;                   // DHE prime size
    std::optional<std::uint16_t> signature_scheme;   // ServerKeyExchange signature
    bool extended_master_secret = false;
    bool encrypt_then_mac = false;
    bool session_ticket = false;     // a ticket was issued / used
    bool resumed = false;
    bool secure_renegotiation = false;
    bool heartbeat = false;          // RFC 6520: both sides sent the heartbeat extension
    std::string alpn;
    std::string server_name;
    std::vector<x509::Certificate> peer_chain;
    std::string verification = "not performed";
    bool verified = false;   // a chain was validated in this handshake, and passed
    std::optional<VerifyFailure> verify_failure;   // set when the handshake failed for it
    Bytes tls_unique;   // RFC 5929 §3.1: the first Finished's verify_data (channel binding)
};

// The concatenated handshake messages (RFC 5246 §7.4.9 handshake_messages):
// kept whole, because CertificateVerify and Finished hash it with different
// hashes at different moments.
class Transcript {
public:
    void add(const HandshakeMessage& m) {
        // A full handshake's messages, certificates included, take a few
        // KiB: one allocation up front instead of a doubling for each.
        if (bytes_.empty()) bytes_.reserve(initial_capacity);
        append(bytes_, m.encoded);
        if (running_) running_->update(m.encoded);
    }
    // Hash(handshake_messages so far). A full handshake asks three times
    // (RFC 7627's session hash, then each Finished): the first call hashes
    // what is there, and from then on each message is hashed as it is
    // added, so a later call costs one digest, not the whole transcript again.
    Bytes hash(crypto::HashAlgorithm alg) const {
        if (!running_ || running_->algorithm() != alg) {
            running_.emplace(alg);
            running_->update(bytes_);
        }
        return running_->digest();
    }
    ByteView bytes() const { return bytes_; }
    void release() {   // frees the memory, not just the contents
        Bytes().swap(bytes_);
        running_.reset();
    }

private:
    static constexpr std::size_t initial_capacity = 4096;
    Bytes bytes_;
    mutable std::optional<crypto::Hash> running_;   // of bytes_, once hash() has been asked
};

// What the handshake is about to do next — for step-by-step front ends
// (`glass client --step`): a message about to be processed or sent, the
// function that does it (a breakpoint for gdb) and its RFC section.
struct Step {
    Direction direction;   // incoming: about to be processed; outgoing: about to be sent
    std::string message;   // "ServerHello", "ChangeCipherSpec"
    std::string function;  // "glasstls::ClientHandshake::on_server_hello"
    std::string rfc;       // "RFC 5246 §7.4.1.3"
};
// A step's message `type`: a HandshakeType, or step_change_cipher_spec
// (ChangeCipherSpec is a record type of its own, and 20 is already Finished).
constexpr int step_change_cipher_spec = 1020;

// One row of a side's step table: a message it sends, with the function
// that builds it, or one it receives, with the handler that takes it. Each
// engine keeps its rows in one table (handshake_client.cpp,
// handshake_server.cpp) that its dispatch, --step and `glass steps` (the
// breakpoint table of docs/debugging.md) all read, so they cannot disagree.
struct StepInfo {
    Direction direction;
    int type;               // a HandshakeType, or step_change_cipher_spec
    const char* function;   // "ClientHandshake::on_server_hello" (in namespace glasstls)
    const char* what;       // "the server's choices arrive"
    const char* rfc;        // "RFC 5246 §7.4.1.3"
};
// The Step a row describes; without a row, the engine's on_handshake_message.
Step make_step(const StepInfo* row, bool client, Direction direction, int type);

class Connection;


// The protocol logic of one side. Subclasses (ClientHandshake,
// ServerHandshake) hold an explicit state enum and one handler per message.
class HandshakeEngine {
public:
    explicit HandshakeEngine(Connection& conn) : conn_(conn) {}
    virtual ~HandshakeEngine() = default;
    virtual void start() {}
    virtual void on_handshake_message(const HandshakeMessage& m) = 0;
    virtual void on_change_cipher_spec() = 0;
    virtual bool done() const = 0;
    virtual std::string state_name() const = 0;
    virtual bool is_client() const = 0;
    // What this side did that may explain the peer's fatal `alert` during
    // the handshake, for the sentence the user reads ("" when nothing).
    virtual std::string explain_peer_alert(AlertDescription alert) const {
        (void)alert;
        return "";
    }
    // The step a message of `type` about to be processed or sent is, from
    // the engine's step table (in the state the engine is in now).
    virtual Step describe_step(Direction direction, int type) const = 0;
    // The suite, once the ServerHello chose it (its key exchange lays out
    // ServerKeyExchange and ClientKeyExchange for observers).
    const CipherSuite* negotiated_suite() const { return suite_; }

protected:
    // The steps both sides share, each emitting its secrets to the observer.
    // §8.1 / RFC 7627 §4; `pre_master_formula` says how the key exchange made it.
    void derive_master_secret(ByteView pre_master, bool extended, const Formula& pre_master_formula);
    void use_session_master_secret(const crypto::SecretBytes& master_secret);   // resumption (§7.3)
    void derive_keys();                                              // §6.3: fills pending protections
    Bytes finished_verify_data(bool from_client) const;              // §7.4.9
    void send_change_cipher_spec(bool from_client);   // §7.1: then our records use the new keys
    void send_finished(bool from_client);
    void check_finished(const HandshakeMessage& m, bool from_client);   // constant time
    void note_first_finished(ByteView verify_data);                     // ConnectionInfo::tls_unique
    // The handshake is over: drop what only it needed — the transcript, and
    // the engine's copy of the master secret (wiped; the Session keeps the
    // one resumption needs).
    void release_handshake_state();
    [[noreturn]] void unexpected(const HandshakeMessage& m) const;
    void report_signature(const SignatureEvent& e) const;
    static std::string key_label(const x509::Certificate& cert);   // "rsaEncryption 2048-bit key of CN=…"

    Connection& conn_;
    Transcript transcript_;
    const CipherSuite* suite_ = nullptr;
    Bytes client_random_, server_random_;
    crypto::SecretBytes master_secret_;
    bool etm_ = false;
    bool finished_seen_ = false;
    std::unique_ptr<RecordProtection> pending_client_write_, pending_server_write_;
};

class Connection {
public:
    Connection(crypto::RandomSource& rng, Observer* observer);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    void set_engine(std::unique_ptr<HandshakeEngine> engine);
    void start();   // begins the handshake (the client sends its ClientHello)

    // ---- For the application (via a socket adapter or a test) -------------
    // Processes bytes from the peer. On any protocol error the fatal alert is
    // queued in the output and the TlsError is rethrown: send take_output()
    // to the peer, then report the error.
    void receive(ByteView bytes);
    // The same without a copy, for a socket adapter: room for `n` bytes to
    // recv() into, then receive_committed() of the bytes that came.
    std::span<std::uint8_t> receive_space(std::size_t n) { return record_.receive_space(n); }
    void receive_committed(std::size_t n);
    Bytes take_output();
    bool has_output() const { return !out_.empty(); }
    std::size_t read(std::span<std::uint8_t> out) { return app_in_.read(out); }
    std::size_t pending_application_data() const { return app_in_.size(); }
    // Frees the receive buffers that hold nothing: an idle connection of an
    // event-driven server then keeps no buffer of a record's size.
    void release_idle_buffers() {
        record_.release_if_empty();
        app_in_.release_if_empty();
    }
    // read() without its copy: the data received, then how much was used.
    ByteView peek_application_data() const { return app_in_.peek(); }
    void consume_application_data(std::size_t n) { app_in_.consume(n); }
    void write(ByteView data);
    void close();   // queues close_notify (RFC 5246 §7.2.1)
    // Called before each handshake message (and ChangeCipherSpec) is
    // processed or sent; it may block — waiting for a student's Enter — and
    // the handshake goes on when it returns.
    void set_step_hook(std::function<void(const Step&)> hook) { step_hook_ = std::move(hook); }
    // One record exactly as given, under the current protection — for tests
    // and lab tools that play a misbehaving peer (empty records, floods).
    void write_raw_record(ContentType type, ByteView fragment) { record_.write_record(type, fragment, out_); }

    bool handshake_done() const;
    std::uint64_t records_received() const { return record_.records_read(); }
    bool peer_closed() const { return peer_closed_; }   // close_notify received
    bool failed() const { return failed_; }
    bool alert_from_peer() const { return alert_from_peer_; }   // the failure was the peer's fatal alert

    // RFC 6520 heartbeats, once agreed (info().heartbeat) and the handshake
    // is done: a HeartbeatRequest carrying `payload` and 16 bytes of random
    // padding. `claimed_length` lies about the payload's length — only for
    // `glass heartbleed`, which tests whether a server checks it (§4: such a
    // request must be discarded silently).
    void send_heartbeat(ByteView payload, std::optional<std::uint16_t> claimed_length = std::nullopt);
    // The payloads of the HeartbeatResponses that answered our requests.
    std::vector<Bytes> take_heartbeat_responses();
    // DEMONSTRATION ONLY (glass server --heartbleed-demo): a request that
    // claims more payload than it carries is answered with the rest copied
    // from `arena` — fake memory with planted secrets, never the process's
    // own — as Heartbleed (CVE-2014-0160) copied from the real heap.
    void set_heartbleed_arena(const Bytes* arena) { heartbeats_.set_arena(arena); }
    const ConnectionInfo& info() const { return info_; }
    const std::optional<Session>& session() const { return session_; }
    std::string state_name() const;

    // ---- For the handshake engines ----------------------------------------
    void send_handshake(HandshakeType type, const Bytes& body, Transcript& transcript);
    void send_change_cipher_spec(std::unique_ptr<RecordProtection> new_write);
    void install_read_protection(std::unique_ptr<RecordProtection> new_read);
    void send_alert(AlertLevel level, AlertDescription alert);
    void set_version(std::uint16_t version);
    void set_initial_record_version(std::uint16_t v) { record_.set_write_version(v); }
    ConnectionInfo& mutable_info() { return info_; }
    void set_session(Session s) { session_ = std::move(s); }
    crypto::RandomSource& rng() { return rng_; }
    Observer* observer() { return observer_; }
    // The observer when it takes secret values (teaching mode), else null.
    Observer* secret_observer() { return observer_ != nullptr && observer_->wants_secrets() ? observer_ : nullptr; }
    void note(const std::string& text) {
        if (observer_ != nullptr) observer_->on_note(text);
    }
    void state_change(const std::string& from, const std::string& to) {
        if (observer_ != nullptr) observer_->on_state_change(from, to);
    }

private:
    void report_message(Direction d, ByteView encoded);   // dissects it once for every observer
    void process_heartbeat(ByteView fragment);
    void take_in(const std::function<void()>& add_bytes);   // receive()'s work around the bytes' way in
    void process_record(const Record& rec);
    void count_repeats(const Record& rec);
    void step(Direction d, int type);
    void fail(const TlsError& e);   // marks the connection failed and queues the fatal alert
    static TlsError as_internal_error(const std::exception& e);
    void process_alert(ByteView fragment);

    crypto::RandomSource& rng_;
    Observer* observer_;
    RecordLayer record_;
    HandshakeReassembler handshake_in_;
    ApplicationDataBuffer app_in_;
    Bytes out_;
    std::unique_ptr<HandshakeEngine> engine_;
    ConnectionInfo info_;
    std::optional<Session> session_;
    bool failed_ = false;
    bool peer_closed_ = false;
    bool close_sent_ = false;
    bool alert_from_peer_ = false;
    Heartbeats heartbeats_;                // RFC 6520: our requests' responses, the peer's requests answered
    std::function<void(const Step&)> step_hook_;
    // Limits on repeats that cost us work and carry nothing (see count_repeats).
    static constexpr unsigned max_warning_alerts_in_a_row = 4;
    static constexpr unsigned max_empty_records_in_a_row = 32;
    static constexpr unsigned max_post_handshake_messages = 4;
    unsigned warning_alerts_in_a_row_ = 0, empty_records_in_a_row_ = 0, post_handshake_messages_ = 0;
};

} // namespace glasstls
