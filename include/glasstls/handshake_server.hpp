// The TLS 1.2 server handshake (RFC 5246 §7.3), as an explicit state machine:
// one handler per client message, states named after the message expected next.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "glasstls/connection.hpp"
#include "glasstls/credentials.hpp"
#include "glasstls/key_exchange.hpp"
#include "glasstls/verify.hpp"

namespace glasstls {

struct ServerConfig {
    std::vector<ServerCredential> credentials;
    std::vector<const CipherSuite*> suites;          // server preference; empty: all
    std::vector<crypto::NamedGroup> groups;          // preference; empty: x25519, P-256, P-384, ffdhe2048, ffdhe3072
    std::vector<std::string> alpn;                   // protocols we speak, in preference order
    bool require_client_certificate = false;         // send a CertificateRequest …
    bool client_certificate_optional = false;        // … and accept an empty Certificate (s_server -verify)
    const verify::TrustStore* client_trust = nullptr;
    SessionCache* session_cache = nullptr;           // null: no session-id resumption
    TicketKeys* tickets = nullptr;                   // null: no tickets
    // How long a session may be resumed, from its full handshake (at most
    // the two hours tickets and the cache keep them; shorter for a lab that
    // wants to watch one expire).
    std::int64_t session_lifetime = session_lifetime_seconds;
    bool enable_extended_master_secret = true;
    bool enable_encrypt_then_mac = true;
    // RFC 6520, answered when a client offers it — off unless asked: modern
    // stacks do not speak it (OpenSSL removed it), and a server that does is
    // one Heartbleed away from leaking (glass server --heartbeat).
    bool enable_heartbeat = false;
    std::int64_t now = 0;                            // 0: the clock
    // Nonzero: a fixed clock for sessions and tickets (their creation time is
    // inside every ticket), so a seeded server replays NewSessionTicket —
    // and the Finished that hashes it — byte for byte. For --seed only.
    std::int64_t session_clock = 0;
    // RFC 6066 §3: called once with the name the client asked for (empty:
    // none), before the server chooses anything. It may return another
    // config for this connection (which must outlive it), null to keep this
    // one, or throw TlsError{unrecognized_name} to refuse the name. The
    // Python module's sni_callback.
    std::function<const ServerConfig*(const std::string& server_name)> on_server_name;
};

enum class ServerState {
    expect_client_hello,
    expect_client_certificate,
    expect_client_key_exchange,
    expect_certificate_verify,
    expect_change_cipher_spec,
    expect_finished,
    connected,
};
std::string server_state_name(ServerState s);

class ServerHandshake final : public HandshakeEngine {
public:
    ServerHandshake(Connection& conn, const ServerConfig& config);

    void on_handshake_message(const HandshakeMessage& m) override;
    void on_change_cipher_spec() override;
    bool done() const override { return state_ == ServerState::connected; }
    std::string state_name() const override { return server_state_name(state_); }
    bool is_client() const override { return false; }
    Step describe_step(Direction direction, int type) const override;
    // The server's step table, in the order of a full handshake.
    static std::vector<StepInfo> step_table();

private:
    struct Row;
    static const std::vector<Row>& rows();
    void on_renegotiation_request(const HandshakeMessage& m);

    // One handler per client message (RFC 5246 §7.4).
    void on_client_hello(const HandshakeMessage& m);
    void on_client_certificate(const HandshakeMessage& m);
    void on_client_key_exchange(const HandshakeMessage& m);
    void on_certificate_verify(const HandshakeMessage& m);
    void on_finished(const HandshakeMessage& m);

    void read_client_extensions(const ClientHello& ch);
    std::optional<Session> find_resumable_session(const ClientHello& ch);
    bool choose_suite(const ClientHello& ch);
    // One function per message the server sends, in RFC order.
    void send_server_hello(bool resumed);
    void send_certificate();
    void send_server_key_exchange();
    void send_certificate_request();
    void send_server_hello_done();
    void send_new_session_ticket();
    Session current_session() const;
    std::int64_t now() const;
    void set_state(ServerState s) { state_ = s; }

    const ServerConfig* config_;   // on_server_name may switch it
    ServerState state_ = ServerState::expect_client_hello;
    ClientHello hello_;
    bool resumed_ = false;
    bool ems_ = false;
    bool client_wants_ticket_ = false;
    bool client_offered_heartbeat_ = false;
    bool client_offered_etm_ = false;
    bool secure_renegotiation_ = false;
    bool dhe_refused_for_groups_ = false;   // a DHE suite was skipped for want of a common FFDHE group
    std::vector<std::uint16_t> client_groups_, client_schemes_;
    std::string alpn_;
    Bytes session_id_;
    std::int64_t session_created_ = 0;   // the full handshake's time; resuming keeps it
    const ServerCredential* credential_ = nullptr;
    std::uint16_t scheme_ = 0;
    std::optional<crypto::NamedGroup> group_;
    std::unique_ptr<KeyAgreement> key_agreement_;   // RSA, ECDHE or DHE: the engine never asks which
    std::optional<x509::Certificate> client_leaf_;
};

} // namespace glasstls
