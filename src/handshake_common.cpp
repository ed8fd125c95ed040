// The handshake's shared rules (see the header), and the steps both
// engines take — HandshakeEngine's, declared in connection.hpp: master
// secret, key block, ChangeCipherSpec, Finished.
#include "glasstls/handshake_common.hpp"

#include <algorithm>
#include <ctime>

#include "glasstls/connection.hpp"
#include "glasstls/key_schedule.hpp"

namespace glasstls {

bool contains(const std::vector<std::uint16_t>& list, std::uint16_t value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

std::vector<crypto::NamedGroup> default_groups() {
    using crypto::NamedGroup;
    return {NamedGroup::x25519,    NamedGroup::secp256r1, NamedGroup::secp384r1, NamedGroup::secp521r1, NamedGroup::ffdhe2048,
            NamedGroup::ffdhe3072, NamedGroup::ffdhe4096, NamedGroup::ffdhe6144, NamedGroup::ffdhe8192};
}

bool key_fits_suite(const CipherSuite& suite, crypto::KeyType key) {
    using crypto::KeyType;
    if (suite.auth == Authentication::ecdsa) return key == KeyType::ec || key == KeyType::ed25519;
    // An RSA-PSS key only signs (RFC 4055 §1.2): no static RSA key exchange.
    return key == KeyType::rsa || (key == KeyType::rsa_pss && suite.kx != KeyExchange::rsa);
}

Bytes signed_params(ByteView client_random, ByteView server_random, ByteView params) {
    Bytes out(client_random.begin(), client_random.end());
    append(out, server_random);
    append(out, params);
    return out;
}

bool server_key_exchange_verifies(const crypto::PublicKey& key, const ServerKeyExchange& ske, ByteView signed_data) {
    const SchemeInfo* scheme = scheme_info(ske.scheme);
    if (scheme == nullptr) throw TlsError(AlertDescription::illegal_parameter, "the server signed with " + scheme_name(ske.scheme) + ", which glasstls cannot verify");
    if (scheme->key_type != key.type) {
        throw TlsError(AlertDescription::illegal_parameter, "the server signed with " + scheme_name(ske.scheme) + ", which does not fit its key");
    }
    return crypto::verify(key, scheme->algorithm, scheme->hash, signed_data, ske.signature);
}

void check_heartbeat_mode(const Extension& e) {
    if (e.data.size() != 1 || (e.data[0] != 1 && e.data[0] != 2)) {
        throw TlsError(AlertDescription::illegal_parameter, "a heartbeat mode that is neither 1 nor 2");
    }
}

void check_initial_renegotiation_info(const Extension& e) {
    if (e.data != Bytes{0}) throw TlsError(AlertDescription::handshake_failure, "renegotiation_info is not empty on an initial handshake");
}

verify::Options validation_options(Connection& conn, std::int64_t now, verify::Purpose purpose) {
    verify::Options opt;
    opt.at = now != 0 ? now : static_cast<std::int64_t>(std::time(nullptr));
    opt.purpose = purpose;
    opt.on_check = [&conn](const verify::Check& c) {
        if (Observer* obs = conn.observer()) obs->on_certificate_check(c);
    };
    return opt;
}

// ---- HandshakeEngine: the shared steps ---------------------------------------------

void HandshakeEngine::use_session_master_secret(const crypto::SecretBytes& master_secret) {
    master_secret_ = master_secret;
    if (Observer* obs = conn_.secret_observer()) {
        obs->on_secret({"master_secret", master_secret_, "reused from the session being resumed; the new randoms make fresh keys from it",
                        "RFC 5246 §7.3", {"session"}});
        obs->on_master_secret(client_random_, master_secret_);
    }
}

void HandshakeEngine::derive_master_secret(ByteView pre_master, bool extended, const Formula& pre_master_formula) {
    Observer* obs = conn_.secret_observer();
    if (obs != nullptr) obs->on_secret({"pre_master_secret", pre_master, pre_master_formula.text, pre_master_formula.rfc, {"key exchange"}});
    if (extended) {
        // RFC 7627 §4: bind the master secret to this handshake's transcript
        // (up to and including ClientKeyExchange), not only to the randoms.
        Bytes session_hash = transcript_.hash(suite_->prf_hash);
        if (obs != nullptr) {
            obs->on_secret({"session_hash", session_hash, "Hash(ClientHello … ClientKeyExchange)", "RFC 7627 §3", {"handshake_messages"}});
        }
        master_secret_ = compute_extended_master_secret(suite_->prf_hash, pre_master, session_hash);
        if (obs != nullptr) {
            obs->on_secret({"master_secret", master_secret_, "PRF(pre_master_secret, \"extended master secret\", session_hash)[0..47]",
                            "RFC 7627 §4", {"pre_master_secret", "session_hash"}});
        }
    } else {
        master_secret_ = compute_master_secret(suite_->prf_hash, pre_master, client_random_, server_random_);
        if (obs != nullptr) {
            obs->on_secret({"master_secret", master_secret_,
                            "PRF(pre_master_secret, \"master secret\", client_random + server_random)[0..47]", "RFC 5246 §8.1",
                            {"pre_master_secret", "client_random", "server_random"}});
        }
    }
    if (obs != nullptr) obs->on_master_secret(client_random_, master_secret_);
}

void HandshakeEngine::derive_keys() {
    KeyBlock kb = compute_key_block(*suite_, master_secret_, client_random_, server_random_);
    if (Observer* obs = conn_.secret_observer()) report_key_block(*obs, kb);
    pending_client_write_ = make_protection(*suite_, kb.client_write, etm_, conn_.rng());
    pending_server_write_ = make_protection(*suite_, kb.server_write, etm_, conn_.rng());
}

Bytes HandshakeEngine::finished_verify_data(bool from_client) const {
    const Bytes handshake_hash = transcript_.hash(suite_->prf_hash);
    if (Observer* obs = conn_.secret_observer()) {
        obs->on_secret({from_client ? "handshake_hash (client Finished)" : "handshake_hash (server Finished)", handshake_hash,
                        "Hash(handshake_messages), every handshake message so far", "RFC 5246 §7.4.9", {"handshake_messages"}});
    }
    return compute_verify_data(suite_->prf_hash, master_secret_, from_client, handshake_hash);
}

void HandshakeEngine::send_change_cipher_spec(bool from_client) {
    conn_.send_change_cipher_spec(std::move(from_client ? pending_client_write_ : pending_server_write_));
}

void HandshakeEngine::send_finished(bool from_client) {
    Bytes verify_data = finished_verify_data(from_client);
    if (Observer* obs = conn_.secret_observer()) {
        obs->on_secret({from_client ? "client verify_data" : "server verify_data", verify_data,
                        from_client ? "PRF(master_secret, \"client finished\", Hash(handshake_messages))[0..11]"
                                    : "PRF(master_secret, \"server finished\", Hash(handshake_messages))[0..11]",
                        "RFC 5246 §7.4.9", {"master_secret", "handshake_hash"}});
    }
    note_first_finished(verify_data);
    conn_.send_handshake(HandshakeType::finished, verify_data, transcript_);
}

// RFC 5929 §3.1 tls-unique: the first Finished of the latest handshake —
// the client's in a full handshake, the server's in a resumption.
void HandshakeEngine::note_first_finished(ByteView verify_data) {
    ConnectionInfo& info = conn_.mutable_info();
    if (!finished_seen_) info.tls_unique.assign(verify_data.begin(), verify_data.end());
    finished_seen_ = true;
}

void HandshakeEngine::release_handshake_state() {
    transcript_.release();
    crypto::SecretBytes().swap(master_secret_);   // the wiping allocator zeroes it on release
}

void HandshakeEngine::check_finished(const HandshakeMessage& m, bool from_client) {
    Bytes expected = finished_verify_data(from_client);
    if (Observer* obs = conn_.secret_observer()) {
        // Both sides of the comparison, for the narration: what we computed and what arrived.
        obs->on_secret({from_client ? "expected client verify_data" : "expected server verify_data", expected,
                        from_client ? "PRF(master_secret, \"client finished\", handshake_hash)[0..11]"
                                    : "PRF(master_secret, \"server finished\", handshake_hash)[0..11]",
                        "RFC 5246 §7.4.9", {"master_secret", "handshake_hash"}});
        obs->on_secret({from_client ? "received client verify_data" : "received server verify_data", m.body,
                        "the Finished message's body; compared in constant time", "", {}});
    }
    // Compared in constant time: a timing difference would let an attacker
    // learn verify_data a byte at a time.
    if (m.body.size() != verify_data_length || !crypto::constant_time_equal(m.body, expected)) {
        throw TlsError(AlertDescription::decrypt_error,
                       std::string("the ") + (from_client ? "client" : "server") +
                           "'s Finished does not match: the handshake was tampered with or the keys differ");
    }
    note_first_finished(m.body);
    transcript_.add(m);
}

void HandshakeEngine::report_signature(const SignatureEvent& e) const {
    if (Observer* obs = conn_.observer()) obs->on_signature(e);
}

std::string HandshakeEngine::key_label(const x509::Certificate& cert) {
    return cert.public_key_algorithm + " " + std::to_string(cert.public_key.bits()) + "-bit key of " + cert.describe();
}

void HandshakeEngine::unexpected(const HandshakeMessage& m) const {
    throw TlsError(AlertDescription::unexpected_message,
                   "received " + std::string(handshake_type_name(m.type)) + " while in state " + state_name());
}

} // namespace glasstls
