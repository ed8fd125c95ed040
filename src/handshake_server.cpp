#include "glasstls/handshake_server.hpp"

#include "glasstls/handshake_common.hpp"

#include <algorithm>
#include <ctime>

#include "glasstls/key_exchange.hpp"
#include "glasstls/key_schedule.hpp"

namespace glasstls {

std::string server_state_name(ServerState s) {
    switch (s) {
    case ServerState::expect_client_hello: return "EXPECT_CLIENT_HELLO";
    case ServerState::expect_client_certificate: return "EXPECT_CLIENT_CERTIFICATE";
    case ServerState::expect_client_key_exchange: return "EXPECT_CLIENT_KEY_EXCHANGE";
    case ServerState::expect_certificate_verify: return "EXPECT_CERTIFICATE_VERIFY";
    case ServerState::expect_change_cipher_spec: return "EXPECT_CHANGE_CIPHER_SPEC";
    case ServerState::expect_finished: return "EXPECT_FINISHED";
    case ServerState::connected: return "CONNECTED";
    }
    return "?";
}

// ---- ServerHandshake --------------------------------------------------------------------


ServerHandshake::ServerHandshake(Connection& conn, const ServerConfig& config) : HandshakeEngine(conn), config_(&config) {}

// ---- The step table ---------------------------------------------------------------------

// The server's side of the handshake, message by message (RFC 5246 §7.3):
// what it receives, with the state it is expected in and the handler that
// takes it, and what it sends, with the function that builds it.
struct ServerHandshake::Row {
    StepInfo step;
    std::optional<ServerState> state;                          // received: expected in this state
    void (ServerHandshake::*handle)(const HandshakeMessage&);  // received handshake messages
};

const std::vector<ServerHandshake::Row>& ServerHandshake::rows() {
    using D = Direction;
    using S = ServerState;
    using H = ServerHandshake;
    constexpr int ccs = step_change_cipher_spec;
    auto t = [](HandshakeType type) { return static_cast<int>(type); };
    static const std::vector<Row> rows = {
        {{D::incoming, t(HandshakeType::client_hello), "ServerHandshake::on_client_hello", "the client's offer arrives", "RFC 5246 §7.4.1.2"},
         S::expect_client_hello, &H::on_client_hello},
        {{D::outgoing, t(HandshakeType::server_hello), "ServerHandshake::send_server_hello", "our choices: suite, session, extensions",
          "RFC 5246 §7.4.1.3"},
         {}, nullptr},
        {{D::outgoing, t(HandshakeType::certificate), "ServerHandshake::send_certificate", "our chain", "RFC 5246 §7.4.2"}, {}, nullptr},
        {{D::outgoing, t(HandshakeType::server_key_exchange), "ServerHandshake::send_server_key_exchange", "our ECDHE/DHE share, signed",
          "RFC 5246 §7.4.3"},
         {}, nullptr},
        {{D::outgoing, t(HandshakeType::certificate_request), "ServerHandshake::send_certificate_request", "asking for the client's certificate",
          "RFC 5246 §7.4.4"},
         {}, nullptr},
        {{D::outgoing, t(HandshakeType::server_hello_done), "ServerHandshake::send_server_hello_done", "the client's turn", "RFC 5246 §7.4.5"},
         {}, nullptr},
        {{D::incoming, t(HandshakeType::certificate), "ServerHandshake::on_client_certificate", "the client's chain is about to be validated",
          "RFC 5246 §7.4.6"},
         S::expect_client_certificate, &H::on_client_certificate},
        {{D::incoming, t(HandshakeType::client_key_exchange), "ServerHandshake::on_client_key_exchange", "the pre-master secret arrives",
          "RFC 5246 §7.4.7"},
         S::expect_client_key_exchange, &H::on_client_key_exchange},
        {{D::incoming, t(HandshakeType::certificate_verify), "ServerHandshake::on_certificate_verify",
          "the client's signature over the transcript", "RFC 5246 §7.4.8"},
         S::expect_certificate_verify, &H::on_certificate_verify},
        {{D::incoming, ccs, "ServerHandshake::on_change_cipher_spec", "the client's records are protected from here on", "RFC 5246 §7.1"}, {}, nullptr},
        {{D::incoming, t(HandshakeType::finished), "ServerHandshake::on_finished", "checking the client's Finished", "RFC 5246 §7.4.9"},
         S::expect_finished, &H::on_finished},
        {{D::outgoing, t(HandshakeType::new_session_ticket), "ServerHandshake::send_new_session_ticket", "a ticket for resumption", "RFC 5077 §3.3"},
         {}, nullptr},
        {{D::outgoing, ccs, "HandshakeEngine::send_change_cipher_spec", "our records are protected from here on", "RFC 5246 §7.1"}, {}, nullptr},
        {{D::outgoing, t(HandshakeType::finished), "HandshakeEngine::send_finished", "our Finished: the PRF over the transcript so far",
          "RFC 5246 §7.4.9"},
         {}, nullptr},
        {{D::incoming, t(HandshakeType::client_hello), "ServerHandshake::on_renegotiation_request",
          "a ClientHello after the handshake: renegotiation, declined", "RFC 5746 §4.4"},
         S::connected, &H::on_renegotiation_request},
    };
    return rows;
}

std::vector<StepInfo> ServerHandshake::step_table() { return step_infos(rows()); }

Step ServerHandshake::describe_step(Direction d, int type) const {
    const Row* r = find_step_row(rows(), d, type, state_, false);
    return make_step(r != nullptr ? &r->step : nullptr, false, d, type);
}

// The dispatch: the row for this message in this state, or unexpected_message.
void ServerHandshake::on_handshake_message(const HandshakeMessage& m) {
    const Row* r = find_step_row(rows(), Direction::incoming, static_cast<int>(m.type), state_, true);
    if (r != nullptr && r->handle != nullptr) return (this->*r->handle)(m);
    unexpected(m);   // the single place where "wrong message now" becomes unexpected_message
}

// Client-initiated renegotiation is refused with a warning (RFC 5746 §4.4
// allows it); the connection carries on.
void ServerHandshake::on_renegotiation_request(const HandshakeMessage&) {
    conn_.note("The client asked to renegotiate; declining with a no_renegotiation warning.");
    conn_.send_alert(AlertLevel::warning, AlertDescription::no_renegotiation);
}

// ---- ClientHello (§7.4.1.2) ------------------------------------------------------------

namespace {
// §7.4.1.2: what every ClientHello must offer us — TLS 1.2, and null compression.
void check_offer(const ClientHello& hello) {
    if (hello.client_version < TLS1_2) {
        throw TlsError(AlertDescription::protocol_version,
                       "the client's best version is " + version_name(hello.client_version) + "; glasstls serves only TLS 1.2");
    }
    if (const Extension* sv = hello.find(ExtensionType::supported_versions)) {
        // A TLS 1.3-capable client lists its versions here (RFC 8446 §4.2.1); 1.2 must be among them.
        Reader r(sv->data, "supported_versions");
        Reader list = r.sub8("versions");
        bool has_12 = false;
        while (!list.empty()) {
            const std::uint16_t v = list.u16("version");   // read every entry, or the loop never ends
            has_12 = has_12 || v == TLS1_2;
        }
        if (!has_12) throw TlsError(AlertDescription::protocol_version, "the client does not support TLS 1.2");
    }
    if (std::find(hello.compression_methods.begin(), hello.compression_methods.end(), 0) == hello.compression_methods.end()) {
        throw TlsError(AlertDescription::illegal_parameter, "the client does not offer null compression");
    }
}
} // namespace

void ServerHandshake::on_client_hello(const HandshakeMessage& m) {
    hello_ = ClientHello::decode(m.body);
    check_offer(hello_);
    client_random_ = hello_.random;
    read_client_extensions(hello_);
    transcript_.add(m);

    if (std::optional<Session> s = find_resumable_session(hello_)) {
        // Abbreviated handshake (§7.3): ServerHello, [NewSessionTicket], CCS, Finished.
        resumed_ = true;
        suite_ = find_cipher_suite(s->cipher_suite);
        session_id_ = hello_.session_id;
        session_created_ = s->created;   // resuming never extends a session's life
        etm_ = client_offered_etm_ && suite_->is_cbc() && config_->enable_encrypt_then_mac;
        send_server_hello(true);
        use_session_master_secret(s->master_secret);
        derive_keys();
        if (client_wants_ticket_ && config_->tickets != nullptr) send_new_session_ticket();
        send_change_cipher_spec(false);
        send_finished(false);
        set_state(ServerState::expect_change_cipher_spec);
        return;
    }

    if (!choose_suite(hello_)) {
        // RFC 7919 §4: when only DHE suites were possible and none of the
        // client's FFDHE groups is ours, the answer is insufficient_security.
        if (dhe_refused_for_groups_) {
            throw TlsError(AlertDescription::insufficient_security,
                           "no cipher suite in common: DHE needs an FFDHE group, and the client lists none of ours (RFC 7919 §4)");
        }
        throw TlsError(AlertDescription::handshake_failure, "no cipher suite in common with the client");
    }
    etm_ = client_offered_etm_ && suite_->is_cbc() && config_->enable_encrypt_then_mac;
    session_id_ = config_->session_cache != nullptr ? conn_.rng().bytes(32) : Bytes{};
    session_created_ = now();
    // The server's flight (§7.3, Figure 1), a function per message.
    send_server_hello(false);
    send_certificate();
    if (key_agreement_->uses_server_key_exchange()) send_server_key_exchange();
    if (config_->require_client_certificate) send_certificate_request();
    send_server_hello_done();
    set_state(config_->require_client_certificate ? ServerState::expect_client_certificate : ServerState::expect_client_key_exchange);
}

// ---- Certificate (§7.4.2), CertificateRequest (§7.4.4), ServerHelloDone (§7.4.5) ---------------

void ServerHandshake::send_certificate() {
    CertificateMessage cert;
    cert.chain = credential_->chain;
    conn_.send_handshake(HandshakeType::certificate, cert.encode(), transcript_);
}

void ServerHandshake::send_certificate_request() {
    CertificateRequest req;
    req.certificate_types = {1, 64};   // rsa_sign, ecdsa_sign (RFC 8422 §5.5)
    for (SignatureScheme s : default_signature_schemes()) req.schemes.push_back(static_cast<std::uint16_t>(s));
    if (config_->client_trust != nullptr) {
        for (const auto& anchor : config_->client_trust->anchors()) req.authorities.push_back(anchor.subject.der);
    }
    conn_.send_handshake(HandshakeType::certificate_request, req.encode(), transcript_);
}

void ServerHandshake::send_server_hello_done() { conn_.send_handshake(HandshakeType::server_hello_done, {}, transcript_); }

void ServerHandshake::read_client_extensions(const ClientHello& ch) {
    ConnectionInfo& info = conn_.mutable_info();
    // RFC 5746 §3.6: the empty renegotiation_info extension or the SCSV.
    secure_renegotiation_ = contains(ch.cipher_suites, 0x00ff);
    if (const Extension* e = ch.find(ExtensionType::renegotiation_info)) {
        check_initial_renegotiation_info(*e);
        secure_renegotiation_ = true;
    }
    info.secure_renegotiation = secure_renegotiation_;
    if (const Extension* e = ch.find(ExtensionType::server_name)) info.server_name = ext::parse_server_name(e->data).value_or("");
    // RFC 6066 §3: the name may choose what this connection is served with
    // (another certificate), before anything is chosen from the config.
    if (config_->on_server_name) {
        if (const ServerConfig* chosen = config_->on_server_name(info.server_name)) config_ = chosen;
    }
    if (const Extension* e = ch.find(ExtensionType::supported_groups)) client_groups_ = ext::parse_u16_list(e->data, "supported_groups");
    if (const Extension* e = ch.find(ExtensionType::signature_algorithms)) {
        client_schemes_ = ext::parse_u16_list(e->data, "signature_algorithms");
    } else {
        // §7.4.1.4.1: without the extension, the client supports SHA-1 signatures only.
        client_schemes_ = {static_cast<std::uint16_t>(SignatureScheme::rsa_pkcs1_sha1), static_cast<std::uint16_t>(SignatureScheme::ecdsa_sha1)};
    }
    if (const Extension* e = ch.find(ExtensionType::ec_point_formats)) {
        // RFC 8422 §5.1.2: a non-empty list that must include uncompressed (0).
        Reader r(e->data, "ec_point_formats");
        ByteView formats = r.vec8("ec_point_format_list", 1);
        r.expect_end("ec_point_formats");
        if (std::find(formats.begin(), formats.end(), 0) == formats.end()) {
            throw TlsError(AlertDescription::illegal_parameter, "ec_point_formats does not list uncompressed points (RFC 8422 §5.1.2)");
        }
    }
    // Both are empty by definition (RFC 7627 §5.1, RFC 7366 §2).
    for (ExtensionType t : {ExtensionType::extended_master_secret, ExtensionType::encrypt_then_mac}) {
        const Extension* e = ch.find(t);
        if (e != nullptr && !e->data.empty()) throw TlsError(AlertDescription::decode_error, "the " + extension_name(static_cast<std::uint16_t>(t)) + " extension must be empty");
    }
    ems_ = config_->enable_extended_master_secret && ch.find(ExtensionType::extended_master_secret) != nullptr;
    client_offered_etm_ = ch.find(ExtensionType::encrypt_then_mac) != nullptr;
    client_wants_ticket_ = ch.find(ExtensionType::session_ticket) != nullptr;
    if (const Extension* e = ch.find(ExtensionType::heartbeat)) {
        check_heartbeat_mode(*e);
        client_offered_heartbeat_ = true;
    }
    if (const Extension* e = ch.find(ExtensionType::alpn); e != nullptr && !config_->alpn.empty()) {
        std::vector<std::string> offered = ext::parse_alpn(e->data);
        for (const std::string& mine : config_->alpn) {
            if (std::find(offered.begin(), offered.end(), mine) != offered.end()) {
                alpn_ = mine;
                break;
            }
        }
        if (alpn_.empty()) throw TlsError(AlertDescription::no_application_protocol, "no application protocol in common (RFC 7301 §3.2)");
    }
}

std::optional<Session> ServerHandshake::find_resumable_session(const ClientHello& ch) {
    std::optional<Session> s;
    const Extension* ticket = ch.find(ExtensionType::session_ticket);
    if (config_->tickets != nullptr && ticket != nullptr && !ticket->data.empty()) {
        s = config_->tickets->open(ticket->data, now());
        if (s && ch.session_id.empty()) s.reset();   // RFC 5077 §3.4: acceptance is shown by echoing the id
    } else if (config_->session_cache != nullptr && !ch.session_id.empty()) {
        s = config_->session_cache->find(ch.session_id, now());
    }
    if (s && now() - s->created > config_->session_lifetime) {
        conn_.note("The client offered a session that has expired; a full handshake follows.");
        s.reset();
    }
    if (!s || s->server_name != conn_.info().server_name) return std::nullopt;
    // §7.4.1.2: a resumption request "MUST include at least the cipher_suite
    // from that session" — a client that leaves it out breaks the protocol.
    if (!contains(ch.cipher_suites, s->cipher_suite)) {
        throw TlsError(AlertDescription::illegal_parameter, "the client resumes a session without offering its cipher suite (RFC 5246 §7.4.1.2)");
    }
    const CipherSuite* suite = find_cipher_suite(s->cipher_suite);
    const bool suite_ok = suite != nullptr &&
                          (config_->suites.empty() || std::find(config_->suites.begin(), config_->suites.end(), suite) != config_->suites.end());
    if (!suite_ok) return std::nullopt;   // we no longer serve that suite: a full handshake
    if (s->extended_master_secret && !ems_) {   // RFC 7627 §5.3
        throw TlsError(AlertDescription::handshake_failure, "the client resumes an extended-master-secret session without the extension");
    }
    if (!s->extended_master_secret && ems_) return std::nullopt;
    return s;
}

bool ServerHandshake::choose_suite(const ClientHello& ch) {
    std::vector<const CipherSuite*> mine = config_->suites;
    if (mine.empty()) {
        for (const CipherSuite& s : all_cipher_suites()) mine.push_back(&s);
    }
    const std::vector<crypto::NamedGroup> groups = config_->groups.empty() ? default_groups() : config_->groups;
    for (const CipherSuite* s : mine) {   // server preference (the order of the table by default)
        if (!contains(ch.cipher_suites, s->id)) continue;
        // A group both sides have, when the key exchange needs one (see choose_group).
        const GroupChoice group = choose_group(s->kx, client_groups_, groups);
        dhe_refused_for_groups_ = dhe_refused_for_groups_ || group.refused_for_ffdhe;
        if (!group.usable) continue;
        std::unique_ptr<KeyAgreement> agreement = make_key_agreement(s->kx);
        // A credential whose key fits the suite, and a signature scheme the
        // client accepts for it (ephemeral key exchanges only).
        for (const ServerCredential& cred : config_->credentials) {
            // And whose keyUsage allows what the suite does with it: sign the
            // ServerKeyExchange, or decrypt the pre-master (RFC 5246 §7.4.2).
            const crypto::KeyType key = cred.key.type;
            if (!key_fits_suite(*s, key) || !cred.leaf.allows_key_usage(agreement->certificate_key_usage())) continue;
            std::uint16_t scheme = 0;
            if (agreement->uses_server_key_exchange()) {   // signed params need a scheme
                for (std::uint16_t cs : client_schemes_) {
                    // A scheme the client accepts and this key can produce
                    // (a 1024-bit RSA key cannot sign rsa_pss_rsae_sha512).
                    const SchemeInfo* info = scheme_info(cs);
                    if (info != nullptr && info->key_type == key && crypto::can_sign(cred.key, info->algorithm, info->hash)) {
                        scheme = cs;
                        break;
                    }
                }
                if (scheme == 0) continue;
            }
            suite_ = s;
            credential_ = &cred;
            scheme_ = scheme;
            group_ = group.group;
            key_agreement_ = std::move(agreement);
            return true;
        }
    }
    return false;
}

// ---- ServerHello (§7.4.1.3) -------------------------------------------------------------------

void ServerHandshake::send_server_hello(bool resumed) {
    server_random_ = conn_.rng().bytes(32);
    ServerHello sh;
    sh.random = server_random_;
    sh.session_id = session_id_;
    sh.cipher_suite = suite_->id;
    // Echo only extensions the client offered (§7.4.1.4).
    auto add = [&](ExtensionType t, Bytes data) { sh.extensions.push_back({static_cast<std::uint16_t>(t), std::move(data)}); };
    if (secure_renegotiation_) add(ExtensionType::renegotiation_info, ext::renegotiation_info({}));
    if (ems_) add(ExtensionType::extended_master_secret, {});
    if (etm_) add(ExtensionType::encrypt_then_mac, {});
    if (client_wants_ticket_ && config_->tickets != nullptr) add(ExtensionType::session_ticket, {});
    if (!alpn_.empty()) add(ExtensionType::alpn, ext::alpn({alpn_}));
    const bool heartbeat = client_offered_heartbeat_ && config_->enable_heartbeat;
    if (heartbeat) add(ExtensionType::heartbeat, {1});   // peer_allowed_to_send
    // RFC 8422 §5.2: answered when an elliptic curve was chosen.
    const bool curve_chosen = group_ && !is_ffdhe(static_cast<std::uint16_t>(*group_));
    if (!resumed && curve_chosen && hello_.find(ExtensionType::ec_point_formats)) {
        add(ExtensionType::ec_point_formats, ext::ec_point_formats());
    }
    conn_.send_handshake(HandshakeType::server_hello, sh.encode(), transcript_);
    conn_.set_version(TLS1_2);

    ConnectionInfo& info = conn_.mutable_info();
    info.suite = suite_;
    info.resumed = resumed;
    info.extended_master_secret = ems_;
    info.encrypt_then_mac = etm_;
    info.alpn = alpn_;
    info.session_ticket = client_wants_ticket_ && config_->tickets != nullptr;
    info.heartbeat = heartbeat;
}

// ---- ServerKeyExchange (§7.4.3) ------------------------------------------------------------------

void ServerHandshake::send_server_key_exchange() {
    ConnectionInfo& info = conn_.mutable_info();
    ServerKeyExchange ske;
    KeyExchangeFacts facts;
    ske.params = key_agreement_->server_params(*group_, conn_.rng(), facts);
    info.group = facts.group;
    info.dh_bits = facts.dh_bits;
    const SchemeInfo* scheme = scheme_info(scheme_);
    const Bytes signed_data = signed_params(client_random_, server_random_, ske.params);
    ske.scheme = scheme_;
    ske.signature = crypto::sign(credential_->key, scheme->algorithm, scheme->hash, signed_data, conn_.rng());
    report_signature({Direction::outgoing, HandshakeType::server_key_exchange, static_cast<std::uint16_t>(scheme->scheme), key_label(credential_->leaf), signed_data, ske.signature, true});
    info.signature_scheme = scheme_;
    conn_.send_handshake(HandshakeType::server_key_exchange, ske.encode(), transcript_);
}

// ---- Client Certificate (§7.4.6) and CertificateVerify (§7.4.8) -------------------------------------

void ServerHandshake::on_client_certificate(const HandshakeMessage& m) {
    CertificateMessage cm = CertificateMessage::decode(m.body);
    ConnectionInfo& info = conn_.mutable_info();
    if (cm.chain.empty()) {
        // §7.4.6: a client with no suitable certificate sends an empty list.
        if (!config_->client_certificate_optional) {
            throw TlsError(AlertDescription::handshake_failure, "the client sent no certificate, and one is required");
        }
        info.verification = "no client certificate (optional)";
        transcript_.add(m);
        set_state(ServerState::expect_client_key_exchange);
        return;
    }
    std::vector<x509::Certificate> chain;
    for (const Bytes& der : cm.chain) chain.push_back(x509::parse_certificate(der));
    if (config_->client_trust == nullptr) throw TlsError(AlertDescription::internal_error, "no trust store for client certificates");
    const verify::Options opt = validation_options(conn_, config_->now, verify::Purpose::client);
    std::vector<x509::Certificate> rest(chain.begin() + 1, chain.end());
    verify::Result r = verify::verify_chain(chain[0], rest, *config_->client_trust, opt);
    info.peer_chain = chain;
    if (!r.ok) {
        info.verify_failure = VerifyFailure{r.alert, false, r.error};
        throw TlsError(r.alert, "the client's certificate was rejected: " + r.error);
    }
    // The client proves possession with a signature (CertificateVerify), so
    // its key must be allowed to sign (RFC 5280 §4.2.1.3).
    if (!chain[0].allows_key_usage(x509::digital_signature)) {
        throw TlsError(AlertDescription::bad_certificate, "the client's certificate keyUsage does not allow digitalSignature");
    }
    info.peer_chain = r.path;
    info.verified = true;
    info.verification = "client certificate ok";
    client_leaf_ = chain[0];
    transcript_.add(m);
    set_state(ServerState::expect_client_key_exchange);
}

void ServerHandshake::on_certificate_verify(const HandshakeMessage& m) {
    DigitallySigned d = DigitallySigned::decode(m.body, "CertificateVerify");
    const SchemeInfo* scheme = scheme_info(d.scheme);
    const auto offered = default_signature_schemes();
    if (scheme == nullptr || std::find(offered.begin(), offered.end(), scheme->scheme) == offered.end() ||
        scheme->key_type != client_leaf_->public_key.type) {
        throw TlsError(AlertDescription::illegal_parameter, "CertificateVerify uses " + scheme_name(d.scheme) + ", which we did not offer or which does not fit the key");
    }
    // The signature covers every handshake message before this one.
    const bool valid = crypto::verify(client_leaf_->public_key, scheme->algorithm, scheme->hash, transcript_.bytes(), d.signature);
    report_signature({Direction::incoming, HandshakeType::certificate_verify, d.scheme, key_label(*client_leaf_), transcript_.bytes(), d.signature, valid});
    if (!valid) throw TlsError(AlertDescription::decrypt_error, "the client's CertificateVerify signature does not verify");
    transcript_.add(m);
    set_state(ServerState::expect_change_cipher_spec);
}

// ---- ClientKeyExchange (§7.4.7) ---------------------------------------------------------------------

void ServerHandshake::on_client_key_exchange(const HandshakeMessage& m) {
    ClientKeyExchange cke = ClientKeyExchange::decode(m.body, suite_->kx);
    crypto::SecretBytes pre_master =
        key_agreement_->process_client_exchange(cke.exchange, credential_->key, hello_.client_version, conn_.rng(),
                                                conn_.secret_observer());
    transcript_.add(m);
    derive_master_secret(pre_master, ems_, key_agreement_->pre_master_formula());
    derive_keys();
    set_state(client_leaf_ ? ServerState::expect_certificate_verify : ServerState::expect_change_cipher_spec);
}

// ---- ChangeCipherSpec, Finished (§7.1, §7.4.9) ---------------------------------------------------------

void ServerHandshake::on_change_cipher_spec() {
    if (state_ != ServerState::expect_change_cipher_spec) {
        throw TlsError(AlertDescription::unexpected_message, "received ChangeCipherSpec while in state " + state_name());
    }
    conn_.install_read_protection(std::move(pending_client_write_));
    set_state(ServerState::expect_finished);
}

void ServerHandshake::on_finished(const HandshakeMessage& m) {
    check_finished(m, true);
    if (!resumed_) {
        if (client_wants_ticket_ && config_->tickets != nullptr) send_new_session_ticket();
        send_change_cipher_spec(false);
        send_finished(false);
        if (config_->session_cache != nullptr && !session_id_.empty()) config_->session_cache->store(current_session());
    }
    conn_.set_session(current_session());
    hello_ = ClientHello{};
    release_handshake_state();
    set_state(ServerState::connected);
}

Session ServerHandshake::current_session() const {
    Session s;
    s.session_id = session_id_;
    s.cipher_suite = suite_->id;
    s.master_secret = master_secret_;
    s.extended_master_secret = ems_;
    s.server_name = conn_.info().server_name;
    s.created = session_created_;
    return s;
}

std::int64_t ServerHandshake::now() const { return config_->session_clock != 0 ? config_->session_clock : clock_now(config_->now); }

void ServerHandshake::send_new_session_ticket() {
    NewSessionTicket t;
    t.lifetime_hint = static_cast<std::uint32_t>(std::min<std::int64_t>(config_->session_lifetime, TicketKeys::lifetime_seconds));
    t.ticket = config_->tickets->seal(current_session(), conn_.rng(), now());
    conn_.send_handshake(HandshakeType::new_session_ticket, t.encode(), transcript_);
}

} // namespace glasstls
