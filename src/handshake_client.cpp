#include "glasstls/handshake_client.hpp"

#include <algorithm>
#include <ctime>

#include "glasstls/der.hpp"
#include "glasstls/handshake_common.hpp"
#include "glasstls/key_exchange.hpp"
#include "glasstls/key_schedule.hpp"

namespace glasstls {

std::string client_state_name(ClientState s) {
    switch (s) {
    case ClientState::start: return "START";
    case ClientState::expect_server_hello: return "EXPECT_SERVER_HELLO";
    case ClientState::expect_certificate: return "EXPECT_CERTIFICATE";
    case ClientState::expect_server_key_exchange: return "EXPECT_SERVER_KEY_EXCHANGE";
    case ClientState::expect_server_hello_done: return "EXPECT_SERVER_HELLO_DONE";
    case ClientState::expect_new_session_ticket: return "EXPECT_NEW_SESSION_TICKET";
    case ClientState::expect_change_cipher_spec: return "EXPECT_CHANGE_CIPHER_SPEC";
    case ClientState::expect_finished: return "EXPECT_FINISHED";
    case ClientState::connected: return "CONNECTED";
    }
    return "?";
}


ClientHandshake::ClientHandshake(Connection& conn, ClientConfig config) : HandshakeEngine(conn), config_(std::move(config)) {
    if (config_.suites.empty()) {
        for (const CipherSuite& s : all_cipher_suites()) config_.suites.push_back(&s);
    }
    if (config_.groups.empty()) config_.groups = default_groups();
    if (config_.schemes.empty()) config_.schemes = default_signature_schemes();
    if (config_.now == 0) config_.now = static_cast<std::int64_t>(std::time(nullptr));
}

void ClientHandshake::start() { send_client_hello(); }

// ---- The step table ---------------------------------------------------------------------

// The client's side of the handshake, message by message (RFC 5246 §7.3):
// what it sends, with the function that builds it, and what it receives,
// with the state it is expected in and the handler that takes it.
struct ClientHandshake::Row {
    StepInfo step;
    std::optional<ClientState> state;                          // received: expected in this state (none: in any)
    void (ClientHandshake::*handle)(const HandshakeMessage&);  // received handshake messages
};

const std::vector<ClientHandshake::Row>& ClientHandshake::rows() {
    using D = Direction;
    using S = ClientState;
    using C = ClientHandshake;
    constexpr int ccs = step_change_cipher_spec;
    auto t = [](HandshakeType type) { return static_cast<int>(type); };
    static const std::vector<Row> rows = {
        {{D::outgoing, t(HandshakeType::client_hello), "ClientHandshake::send_client_hello", "building the ClientHello", "RFC 5246 §7.4.1.2"}, {}, nullptr},
        {{D::incoming, t(HandshakeType::server_hello), "ClientHandshake::on_server_hello", "the server's choices arrive", "RFC 5246 §7.4.1.3"},
         S::expect_server_hello, &C::on_server_hello},
        {{D::incoming, t(HandshakeType::certificate), "ClientHandshake::on_certificate", "the chain is about to be validated", "RFC 5246 §7.4.2"},
         S::expect_certificate, &C::on_certificate},
        {{D::incoming, t(HandshakeType::server_key_exchange), "ClientHandshake::on_server_key_exchange", "the signed ECDHE/DHE parameters",
          "RFC 5246 §7.4.3"},
         S::expect_server_key_exchange, &C::on_server_key_exchange},
        {{D::incoming, t(HandshakeType::certificate_request), "ClientHandshake::on_certificate_request", "the server asks for our certificate",
          "RFC 5246 §7.4.4"},
         S::expect_server_hello_done, &C::on_certificate_request},
        {{D::incoming, t(HandshakeType::server_hello_done), "ClientHandshake::on_server_hello_done",
          "the client's turn: it calls the `send_*` functions below", "RFC 5246 §7.4.5"},
         S::expect_server_hello_done, &C::on_server_hello_done},
        {{D::outgoing, t(HandshakeType::certificate), "ClientHandshake::send_certificate", "our chain (or an empty one)", "RFC 5246 §7.4.6"}, {}, nullptr},
        {{D::outgoing, t(HandshakeType::client_key_exchange), "ClientHandshake::send_client_key_exchange", "the pre-master secret is made here",
          "RFC 5246 §7.4.7"},
         {}, nullptr},
        {{D::outgoing, t(HandshakeType::certificate_verify), "ClientHandshake::send_certificate_verify", "signing the transcript with our key",
          "RFC 5246 §7.4.8"},
         {}, nullptr},
        {{D::outgoing, ccs, "HandshakeEngine::send_change_cipher_spec", "our records are protected from here on", "RFC 5246 §7.1"}, {}, nullptr},
        {{D::outgoing, t(HandshakeType::finished), "HandshakeEngine::send_finished", "our Finished: the PRF over the transcript so far",
          "RFC 5246 §7.4.9"},
         {}, nullptr},
        {{D::incoming, t(HandshakeType::new_session_ticket), "ClientHandshake::on_new_session_ticket", "an RFC 5077 ticket to keep", "RFC 5077 §3.3"},
         S::expect_new_session_ticket, &C::on_new_session_ticket},
        {{D::incoming, ccs, "ClientHandshake::on_change_cipher_spec", "the server's records are protected from here on", "RFC 5246 §7.1"}, {}, nullptr},
        {{D::incoming, t(HandshakeType::finished), "ClientHandshake::on_finished", "checking the server's Finished", "RFC 5246 §7.4.9"},
         S::expect_finished, &C::on_finished},
        {{D::incoming, t(HandshakeType::hello_request), "ClientHandshake::on_hello_request", "the server asks to renegotiate: declined",
          "RFC 5246 §7.4.1.1"},
         {}, &C::on_hello_request},
    };
    return rows;
}

std::vector<StepInfo> ClientHandshake::step_table() { return step_infos(rows()); }

Step ClientHandshake::describe_step(Direction d, int type) const {
    const Row* r = find_step_row(rows(), d, type, state_, false);
    return make_step(r != nullptr ? &r->step : nullptr, true, d, type);
}

// The dispatch: the row for this message in this state, or unexpected_message.
void ClientHandshake::on_handshake_message(const HandshakeMessage& m) {
    const Row* r = find_step_row(rows(), Direction::incoming, static_cast<int>(m.type), state_, true);
    if (r != nullptr && r->handle != nullptr) return (this->*r->handle)(m);
    unexpected(m);   // the single place where "wrong message now" becomes unexpected_message
}

// ---- ClientHello (§7.4.1.2) ------------------------------------------------------------

void ClientHandshake::send_client_hello() {
    client_random_ = conn_.rng().bytes(32);
    hello_.client_version = TLS1_2;
    hello_.random = client_random_;
    for (const CipherSuite* s : config_.suites) hello_.cipher_suites.push_back(s->id);
    hello_.compression_methods = {0};   // null compression only (CRIME)

    if (config_.resume && !resumable(*config_.resume)) config_.resume.reset();
    if (config_.resume) {
        // Resumption: offer the cached session id, or the ticket with a fresh
        // random session id that the server echoes when it accepts (RFC 5077 §3.4).
        const Session& s = *config_.resume;
        hello_.session_id = !s.ticket.empty() ? conn_.rng().bytes(32) : s.session_id;
    }

    auto add = [&](ExtensionType t, Bytes data) { hello_.extensions.push_back({static_cast<std::uint16_t>(t), std::move(data)}); };
    // RFC 6066 §3: SNI carries host names only, never IP literals.
    if (!config_.server_name.empty() && !verify::parse_ip_literal(config_.server_name)) {
        add(ExtensionType::server_name, ext::server_name(config_.server_name));
    }
    add(ExtensionType::supported_groups, ext::supported_groups(config_.groups));
    add(ExtensionType::ec_point_formats, ext::ec_point_formats());
    add(ExtensionType::signature_algorithms, ext::signature_algorithms(config_.schemes));
    if (!config_.alpn.empty()) add(ExtensionType::alpn, ext::alpn(config_.alpn));
    if (config_.offer_encrypt_then_mac) add(ExtensionType::encrypt_then_mac, {});
    if (config_.offer_extended_master_secret) add(ExtensionType::extended_master_secret, {});
    if (config_.offer_heartbeat) add(ExtensionType::heartbeat, {1});   // RFC 6520 §2: peer_allowed_to_send
    if (config_.offer_session_ticket) {
        add(ExtensionType::session_ticket, config_.resume ? config_.resume->ticket : Bytes{});
    }
    add(ExtensionType::renegotiation_info, ext::renegotiation_info({}));   // RFC 5746 §3.4

    conn_.set_initial_record_version(TLS1_0);   // customary for the first flight (Appendix E.1)
    conn_.send_handshake(HandshakeType::client_hello, hello_.encode(), transcript_);
    set_state(ClientState::expect_server_hello);
}

// A saved session is offered only where it belongs: to the server name it
// was made with (else one server's session would be shown to another — RFC
// 6066 §3 ties sessions to the name), and only with a suite we would
// negotiate today (a --cipher list that drops it must not be bypassed).
bool ClientHandshake::resumable(const Session& s) {
    if (!s.valid()) return false;
    if (s.server_name != config_.server_name) {
        conn_.note("Not offering the saved session: it was made with server name '" + s.server_name + "', not '" +
                   config_.server_name + "'.");
        return false;
    }
    if (!contains(hello_.cipher_suites, s.cipher_suite)) {
        const CipherSuite* suite = find_cipher_suite(s.cipher_suite);
        conn_.note("Not offering the saved session: its suite " + std::string(suite != nullptr ? suite->iana_name : "?") +
                   " is not in the configured cipher list.");
        return false;
    }
    return true;
}

// ---- ServerHello (§7.4.1.3) -------------------------------------------------------------------

void ClientHandshake::on_server_hello(const HandshakeMessage& m) {
    ServerHello sh = ServerHello::decode(m.body);
    if (sh.server_version != TLS1_2) {
        throw TlsError(AlertDescription::protocol_version,
                       "the server chose " + version_name(sh.server_version) + "; glasstls speaks only TLS 1.2");
    }
    if (!contains(hello_.cipher_suites, sh.cipher_suite) || find_cipher_suite(sh.cipher_suite) == nullptr) {
        throw TlsError(AlertDescription::illegal_parameter, "the server chose a cipher suite we did not offer");
    }
    if (sh.compression_method != 0) {
        throw TlsError(AlertDescription::illegal_parameter, "the server chose compression, which we did not offer");
    }
    suite_ = find_cipher_suite(sh.cipher_suite);
    key_agreement_ = make_key_agreement(suite_->kx);
    server_random_ = sh.random;
    server_session_id_ = sh.session_id;
    check_server_hello_extensions(sh);
    transcript_.add(m);
    conn_.set_version(TLS1_2);

    ConnectionInfo& info = conn_.mutable_info();
    info.suite = suite_;
    info.server_name = config_.server_name;
    info.extended_master_secret = ems_;
    info.encrypt_then_mac = etm_;

    if (config_.resume && !sh.session_id.empty() && sh.session_id == hello_.session_id) return resume_session(sh);
    set_state(ClientState::expect_certificate);
}

void ClientHandshake::check_server_hello_extensions(const ServerHello& sh) {
    ConnectionInfo& info = conn_.mutable_info();
    for (const Extension& e : sh.extensions) {
        // §7.4.1.4: a server may only answer extensions the client sent.
        if (hello_.find(static_cast<ExtensionType>(e.type)) == nullptr) {
            throw TlsError(AlertDescription::unsupported_extension,
                           "the server sent the " + extension_name(e.type) + " extension, which we did not offer");
        }
        switch (static_cast<ExtensionType>(e.type)) {
        case ExtensionType::extended_master_secret:
            ems_ = true;
            break;
        case ExtensionType::encrypt_then_mac:
            // RFC 7366 §3: meaningless with an AEAD suite, so a server must not send it then.
            if (!suite_->is_cbc()) throw TlsError(AlertDescription::illegal_parameter, "encrypt_then_mac with an AEAD suite");
            etm_ = true;
            break;
        case ExtensionType::session_ticket:
            ticket_expected_ = true;
            break;
        case ExtensionType::heartbeat:
            check_heartbeat_mode(e);
            info.heartbeat = true;
            break;
        case ExtensionType::renegotiation_info:
            check_initial_renegotiation_info(e);
            info.secure_renegotiation = true;
            break;
        case ExtensionType::alpn: {
            std::vector<std::string> chosen = ext::parse_alpn(e.data);
            if (chosen.size() != 1 || std::find(config_.alpn.begin(), config_.alpn.end(), chosen[0]) == config_.alpn.end()) {
                throw TlsError(AlertDescription::illegal_parameter, "the server's ALPN choice is not one we offered");
            }
            info.alpn = chosen[0];
            break;
        }
        default:
            break;   // server_name and ec_point_formats acknowledgements carry nothing we need
        }
    }
}

// Abbreviated handshake (§7.3, Figure 2): same master secret, fresh keys.
void ClientHandshake::resume_session(const ServerHello& sh) {
    const Session& s = *config_.resume;
    if (sh.cipher_suite != s.cipher_suite) {
        throw TlsError(AlertDescription::illegal_parameter, "the server resumed the session with another cipher suite");
    }
    if (ems_ != s.extended_master_secret) {   // RFC 7627 §5.3
        throw TlsError(AlertDescription::handshake_failure, "the resumed session's extended_master_secret setting changed");
    }
    resuming_ = true;
    conn_.mutable_info().resumed = true;
    conn_.mutable_info().session_ticket = !s.ticket.empty();   // resumed by ticket
    // No Certificate comes in an abbreviated handshake, so nothing is
    // verified now; students read "not performed" as "resumption skips
    // verification". It was done once, when the session was made.
    conn_.mutable_info().verification = "not repeated: this session's server was verified in the full handshake that made it (" +
                                        der::format_time(s.created) + "), unless that one ran with --insecure";
    conn_.note("The server accepted the session: abbreviated handshake (RFC 5246 §7.3).");
    use_session_master_secret(s.master_secret);
    derive_keys();
    set_state(ticket_expected_ ? ClientState::expect_new_session_ticket : ClientState::expect_change_cipher_spec);
}

// ---- Certificate (§7.4.2) ------------------------------------------------------------------------

void ClientHandshake::on_certificate(const HandshakeMessage& m) {
    CertificateMessage cm = CertificateMessage::decode(m.body);
    if (cm.chain.empty()) throw TlsError(AlertDescription::handshake_failure, "the server sent no certificate");
    std::vector<x509::Certificate> chain;
    for (const Bytes& der : cm.chain) chain.push_back(x509::parse_certificate(der));
    ConnectionInfo& info = conn_.mutable_info();
    info.peer_chain = chain;
    server_leaf_ = chain[0];

    if (!config_.verify_peer) {
        info.verification = "NOT VERIFIED (--insecure)";
    } else {
        if (config_.trust == nullptr) throw TlsError(AlertDescription::internal_error, "no trust store configured");
        verify::Options opt = validation_options(conn_, config_.now, verify::Purpose::server);
        opt.cn_fallback = config_.cn_fallback;
        if (config_.check_hostname && !config_.server_name.empty()) opt.host = config_.server_name;
        std::vector<x509::Certificate> rest(chain.begin() + 1, chain.end());
        opt.profile = config_.profile;
        verify::Result r = verify::verify_chain(chain[0], rest, *config_.trust, opt);
        if (!r.ok) {
            info.verify_failure = VerifyFailure{r.alert, r.host_mismatch, r.error};
            throw TlsError(r.alert, "the server's certificate was rejected: " + r.error);
        }
        info.peer_chain = r.path;
        info.verified = true;
        info.verification = opt.host ? "ok (chain and host name)" : "ok (chain only; host name NOT checked)";
    }

    // The key must fit the suite: RSA suites need an RSA key, ECDSA suites an
    // EC or Ed25519 key (RFC 8422 §2, §5.3).
    const crypto::KeyType key = server_leaf_.public_key.type;
    if (!server_leaf_.public_key_supported || !key_fits_suite(*suite_, key)) {
        throw TlsError(AlertDescription::unsupported_certificate,
                       "the server's " + server_leaf_.public_key_algorithm + " key does not fit " + std::string(suite_->iana_name));
    }
    // RFC 5246 §7.4.2, RFC 5280 §4.2.1.3: the key's keyUsage must allow what
    // this suite does with it.
    const x509::KeyUsageBit usage = key_agreement_->certificate_key_usage();
    if (!server_leaf_.allows_key_usage(usage)) {
        throw TlsError(AlertDescription::unsupported_certificate,
                       std::string("the server's certificate keyUsage does not allow ") +
                           (usage == x509::digital_signature ? "digitalSignature" : "keyEncipherment") + ", which " +
                           std::string(suite_->iana_name) + " needs");
    }
    transcript_.add(m);
    set_state(key_agreement_->uses_server_key_exchange() ? ClientState::expect_server_key_exchange : ClientState::expect_server_hello_done);
}

// ---- ServerKeyExchange (§7.4.3, RFC 8422 §5.4) ------------------------------------------------------

void ClientHandshake::on_server_key_exchange(const HandshakeMessage& m) {
    ServerKeyExchange ske = ServerKeyExchange::decode(m.body, suite_->kx);
    ConnectionInfo& info = conn_.mutable_info();

    // The signature: a scheme we offered, that fits the certificate's key,
    // over client_random + server_random + params.
    const bool offered = std::any_of(config_.schemes.begin(), config_.schemes.end(),
                                     [&](SignatureScheme s) { return static_cast<std::uint16_t>(s) == ske.scheme; });
    if (scheme_info(ske.scheme) == nullptr || !offered) {
        throw TlsError(AlertDescription::illegal_parameter, "the server signed with " + scheme_name(ske.scheme) + ", which we did not offer");
    }
    const Bytes signed_data = signed_params(client_random_, server_random_, ske.params);
    const bool valid = server_key_exchange_verifies(server_leaf_.public_key, ske, signed_data);
    report_signature({Direction::incoming, HandshakeType::server_key_exchange, ske.scheme, key_label(server_leaf_), signed_data, ske.signature, valid});
    if (!valid) {
        throw TlsError(AlertDescription::decrypt_error, "the ServerKeyExchange signature does not verify with the server's certificate");
    }
    info.signature_scheme = ske.scheme;

    KeyExchangeFacts facts;
    key_agreement_->process_server_params(ske, config_.groups, facts);
    info.group = facts.group;
    info.dh_bits = facts.dh_bits;
    transcript_.add(m);
    set_state(ClientState::expect_server_hello_done);
}

// ---- CertificateRequest (§7.4.4) -------------------------------------------------------------------

void ClientHandshake::on_certificate_request(const HandshakeMessage& m) {
    if (certificate_request_) unexpected(m);   // §7.4.4: at most one
    certificate_request_ = CertificateRequest::decode(m.body);
    conn_.note(config_.private_key ? "The server asks for a client certificate; we have one." :
                                     "The server asks for a client certificate; we have none and will send an empty list (RFC 5246 §7.4.6).");
    transcript_.add(m);
}

// ---- ServerHelloDone (§7.4.5): the client's turn ------------------------------------------------------

void ClientHandshake::on_server_hello_done(const HandshakeMessage& m) {
    if (!m.body.empty()) throw TlsError(AlertDescription::decode_error, "ServerHelloDone must be empty");
    transcript_.add(m);

    // The client's flight (§7.3, Figure 1), a function per message.
    if (certificate_request_) send_certificate();
    send_client_key_exchange();
    if (sent_client_certificate_) send_certificate_verify();
    derive_keys();
    send_change_cipher_spec(true);
    send_finished(true);
    set_state(ticket_expected_ ? ClientState::expect_new_session_ticket : ClientState::expect_change_cipher_spec);
}

// ---- Certificate (§7.4.6): ours, or an empty list when we have none ------------------------------

void ClientHandshake::send_certificate() {
    CertificateMessage mine;
    if (config_.private_key) mine.chain = config_.certificate_chain;
    sent_client_certificate_ = !mine.chain.empty();
    conn_.send_handshake(HandshakeType::certificate, mine.encode(), transcript_);
}

// A server that asked for a certificate (§7.4.4) and got none may end the
// handshake (§7.4.6: "MAY respond with a fatal handshake_failure alert"):
// the client knows why, and says so instead of only naming the alert.
std::string ClientHandshake::explain_peer_alert(AlertDescription alert) const {
    if (!certificate_request_ || sent_client_certificate_) return "";
    if (alert != AlertDescription::handshake_failure && alert != AlertDescription::bad_certificate) return "";
    return "the server asked for a client certificate (CertificateRequest, RFC 5246 §7.4.4) and this client had none to send";
}

// ---- ClientKeyExchange (§7.4.7): the pre-master secret, or our share of it -----------------------

void ClientHandshake::send_client_key_exchange() {
    ClientKeyExchange cke;
    crypto::SecretBytes pre_master =
        key_agreement_->client_exchange(cke.exchange, server_leaf_.public_key, hello_.client_version, conn_.rng(), conn_.secret_observer());
    conn_.send_handshake(HandshakeType::client_key_exchange, cke.encode(suite_->kx), transcript_);
    // The master secret now: the EMS session hash includes ClientKeyExchange.
    derive_master_secret(pre_master, ems_, key_agreement_->pre_master_formula());
    crypto::secure_wipe(pre_master.data(), pre_master.size());
}

// ---- CertificateVerify (§7.4.8): proof that we hold the certificate's key ------------------------

void ClientHandshake::send_certificate_verify() {
    const crypto::PrivateKey& key = *config_.private_key;
    const SchemeInfo* chosen = nullptr;
    for (SignatureScheme s : default_signature_schemes()) {
        const SchemeInfo* info = scheme_info(static_cast<std::uint16_t>(s));
        if (info->key_type == key.type && contains(certificate_request_->schemes, static_cast<std::uint16_t>(s)) &&
            crypto::can_sign(key, info->algorithm, info->hash)) {
            chosen = info;
            break;
        }
    }
    if (chosen == nullptr) {
        throw TlsError(AlertDescription::handshake_failure, "the server accepts no signature scheme that fits our client key");
    }
    DigitallySigned dsig;
    dsig.scheme = static_cast<std::uint16_t>(chosen->scheme);
    dsig.signature = crypto::sign(key, chosen->algorithm, chosen->hash, transcript_.bytes(), conn_.rng());
    report_signature({Direction::outgoing, HandshakeType::certificate_verify, static_cast<std::uint16_t>(chosen->scheme), "our client key", transcript_.bytes(), dsig.signature, true});
    conn_.send_handshake(HandshakeType::certificate_verify, dsig.encode(), transcript_);
}

// ---- NewSessionTicket (RFC 5077 §3.3) ---------------------------------------------------------------

void ClientHandshake::on_new_session_ticket(const HandshakeMessage& m) {
    new_ticket_ = NewSessionTicket::decode(m.body);
    conn_.mutable_info().session_ticket = !new_ticket_->ticket.empty();
    transcript_.add(m);
    set_state(ClientState::expect_change_cipher_spec);
}

// ---- ChangeCipherSpec and Finished (§7.1, §7.4.9) ---------------------------------------------------

void ClientHandshake::on_change_cipher_spec() {
    if (state_ == ClientState::expect_new_session_ticket && ticket_expected_) {
        // RFC 5077 §3.3: a server that promised a ticket may still decline to send one.
        ticket_expected_ = false;
    } else if (state_ != ClientState::expect_change_cipher_spec) {
        throw TlsError(AlertDescription::unexpected_message, "received ChangeCipherSpec while in state " + state_name());
    }
    conn_.install_read_protection(std::move(pending_server_write_));
    set_state(ClientState::expect_finished);
}

void ClientHandshake::on_finished(const HandshakeMessage& m) {
    check_finished(m, false);
    if (resuming_) {
        // Abbreviated handshake: the server finished first; now us.
        send_change_cipher_spec(true);
        send_finished(true);
    }
    remember_session();
    release_handshake_state();
    set_state(ClientState::connected);
    conn_.note("Handshake complete: application data is now protected by " + std::string(suite_->iana_name) + ".");
}

void ClientHandshake::remember_session() {
    Session s;
    s.cipher_suite = suite_->id;
    s.master_secret = master_secret_;
    s.extended_master_secret = ems_;
    s.server_name = config_.server_name;
    s.created = config_.now;
    if (resuming_ && config_.resume) {
        s.session_id = config_.resume->session_id;
        s.ticket = config_.resume->ticket;
    } else {
        s.session_id = server_session_id_;
    }
    if (new_ticket_ && !new_ticket_->ticket.empty()) s.ticket = new_ticket_->ticket;
    if (!s.session_id.empty() || !s.ticket.empty()) conn_.set_session(std::move(s));
}

// ---- HelloRequest (§7.4.1.1) --------------------------------------------------------------------------

void ClientHandshake::on_hello_request(const HandshakeMessage& m) {
    if (!m.body.empty()) throw TlsError(AlertDescription::decode_error, "HelloRequest must be empty");
    // glasstls does not renegotiate: a warning no_renegotiation declines it
    // and the connection continues (RFC 5246 §7.2.2, RFC 5746 §4.2).
    if (state_ == ClientState::connected) {
        conn_.note("The server asked to renegotiate; declining with a no_renegotiation warning.");
        conn_.send_alert(AlertLevel::warning, AlertDescription::no_renegotiation);
    }
}

} // namespace glasstls
