// The TLS 1.2 client handshake (RFC 5246 §7.3), as an explicit state machine.
//
//   Client                                   Server
//   ClientHello            -------->
//                                            ServerHello
//                                            Certificate
//                                            ServerKeyExchange*
//                                            CertificateRequest*
//                          <--------         ServerHelloDone
//   Certificate*
//   ClientKeyExchange
//   CertificateVerify*
//   [ChangeCipherSpec]
//   Finished               -------->
//                                            NewSessionTicket*
//                                            [ChangeCipherSpec]
//                          <--------         Finished
//
// Each state names the message expected next; each message has one handler
// (on_server_hello, on_certificate, …) that validates it, adds it to the
// transcript, computes, queues output and sets the next state.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "glasstls/connection.hpp"
#include "glasstls/key_exchange.hpp"
#include "glasstls/verify.hpp"

namespace glasstls {

struct ClientConfig {
    std::string server_name;          // sent as SNI (unless an IP literal) and verified
    const verify::TrustStore* trust = nullptr;
    bool verify_peer = true;          // false: --insecure, no verification at all
    bool check_hostname = true;       // false: --no-check-hostname (chain still verified)
    bool cn_fallback = false;         // RFC 9525 §6.3: no CN matching; true: --cn-fallback
    std::int64_t now = 0;             // validation time; 0 means the clock
    std::vector<const CipherSuite*> suites;       // empty: all
    std::vector<crypto::NamedGroup> groups;       // empty: all
    std::vector<SignatureScheme> schemes;         // empty: default_signature_schemes()
    std::vector<std::string> alpn;
    verify::Profile profile = verify::Profile::rfc5280;   // --profile webpki: the CA/B Forum rules too
    std::vector<Bytes> certificate_chain;         // client authentication (DER)
    std::optional<crypto::PrivateKey> private_key;
    bool offer_extended_master_secret = true;
    bool offer_encrypt_then_mac = true;
    bool offer_session_ticket = true;
    bool offer_heartbeat = false;                 // RFC 6520, mode peer_allowed_to_send (glass client --heartbeat)
    std::optional<Session> resume;
};

enum class ClientState {
    start,
    expect_server_hello,
    expect_certificate,
    expect_server_key_exchange,
    expect_server_hello_done,       // a CertificateRequest may come first
    expect_new_session_ticket,
    expect_change_cipher_spec,
    expect_finished,
    connected,
};
std::string client_state_name(ClientState s);

class ClientHandshake final : public HandshakeEngine {
public:
    ClientHandshake(Connection& conn, ClientConfig config);

    void start() override;
    void on_handshake_message(const HandshakeMessage& m) override;
    void on_change_cipher_spec() override;
    bool done() const override { return state_ == ClientState::connected; }
    std::string state_name() const override { return client_state_name(state_); }
    bool is_client() const override { return true; }
    std::string explain_peer_alert(AlertDescription alert) const override;
    Step describe_step(Direction direction, int type) const override;
    // The client's step table, in the order of a full handshake.
    static std::vector<StepInfo> step_table();

private:
    struct Row;
    static const std::vector<Row>& rows();

    // One handler per message (RFC 5246 §7.4).
    bool resumable(const Session& s);
    void send_client_hello();
    void on_server_hello(const HandshakeMessage& m);
    void on_certificate(const HandshakeMessage& m);
    void on_server_key_exchange(const HandshakeMessage& m);
    void on_certificate_request(const HandshakeMessage& m);
    void on_server_hello_done(const HandshakeMessage& m);
    void on_new_session_ticket(const HandshakeMessage& m);
    void on_finished(const HandshakeMessage& m);
    void on_hello_request(const HandshakeMessage& m);

    void check_server_hello_extensions(const ServerHello& sh);
    void resume_session(const ServerHello& sh);
    // One function per message the client sends, in RFC order (send_client_hello
    // above; send_change_cipher_spec and send_finished are shared with the server).
    void send_certificate();
    void send_client_key_exchange();
    void send_certificate_verify();
    void remember_session();
    void set_state(ClientState s) { state_ = s; }

    ClientConfig config_;
    ClientState state_ = ClientState::start;
    ClientHello hello_;
    bool resuming_ = false;
    bool ems_ = false;
    bool ticket_expected_ = false;
    Bytes server_session_id_;
    std::optional<NewSessionTicket> new_ticket_;
    x509::Certificate server_leaf_;
    std::unique_ptr<KeyAgreement> key_agreement_;   // RSA, ECDHE or DHE: the engine never asks which
    std::optional<CertificateRequest> certificate_request_;
    bool sent_client_certificate_ = false;
};

} // namespace glasstls
