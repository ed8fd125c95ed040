// PassiveConnection: a captured conversation, record by record (see the header).
#include "glasstls/passive.hpp"

#include <algorithm>
#include <cctype>

#include "glasstls/dissect.hpp"
#include "glasstls/key_schedule.hpp"
#include "glasstls/x509.hpp"

namespace glasstls {

// ---- KeyLogFile ---------------------------------------------------------------------

KeyLogFile KeyLogFile::parse(std::string_view text) {
    KeyLogFile k;
    while (!text.empty()) {
        const std::size_t end = std::min(text.find('\n'), text.size());
        std::string_view line = text.substr(0, end);
        text.remove_prefix(std::min(end + 1, text.size()));
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
        if (line.empty() || line[0] == '#') continue;
        // CLIENT_RANDOM <64 hex> <96 hex>
        const std::size_t a = line.find(' '), b = a == std::string_view::npos ? a : line.find(' ', a + 1);
        if (line.substr(0, a) != "CLIENT_RANDOM" || b == std::string_view::npos) {
            ++k.ignored_;
            continue;
        }
        try {
            Bytes random = from_hex(line.substr(a + 1, b - a - 1));
            Bytes master = from_hex(line.substr(b + 1));
            if (random.size() != 32 || master.size() != master_secret_length) {
                ++k.ignored_;
                continue;
            }
            k.masters_[random] = crypto::to_secret(master);
            crypto::secure_wipe(master.data(), master.size());
        } catch (const TlsError&) {   // from_hex: not hex, or an odd count
            ++k.ignored_;
        }
    }
    return k;
}

const crypto::SecretBytes* KeyLogFile::find(ByteView client_random) const {
    auto it = masters_.find(Bytes(client_random.begin(), client_random.end()));
    return it == masters_.end() ? nullptr : &it->second;
}

// ---- PassiveConnection ------------------------------------------------------------------

struct PassiveConnection::Side {
    RecordDeframer records;                    // this side's stream, cut into records
    HandshakeReassembler handshake;
    std::unique_ptr<RecordProtection> read;    // once this side's ChangeCipherSpec is seen, with keys
    bool encrypted = false;                    // this side sent ChangeCipherSpec
    bool undecryptable = false;                // a record failed to open: the rest stays ciphertext
    bool finished_seen = false;
    std::uint64_t seq = 0;
};

namespace {
const char* who(bool from_client) { return from_client ? "client" : "server"; }
Direction direction(bool from_client) { return from_client ? Direction::outgoing : Direction::incoming; }

// What a stream that is not TLS starts with, for the sentence.
std::string first_bytes(ByteView b) {
    const std::size_t n = std::min<std::size_t>(b.size(), 8);
    const bool text = std::all_of(b.begin(), b.begin() + static_cast<std::ptrdiff_t>(n), [](std::uint8_t c) { return std::isprint(c) != 0; });
    return text ? "'" + std::string(b.begin(), b.begin() + static_cast<std::ptrdiff_t>(n)) + "'" : to_hex(b.first(n));
}
} // namespace

PassiveConnection::PassiveConnection(Observer* observer, const KeyLogFile* keys) : observer_(observer), keys_(keys) {
    sides_[0] = std::make_unique<Side>();
    sides_[1] = std::make_unique<Side>();
}

PassiveConnection::~PassiveConnection() = default;

void PassiveConnection::stop(const std::string& why) {
    if (summary_.stopped.empty()) summary_.stopped = why;
}

// A hostile stream can earn a note per record; the summary keeps the first
// max_notes and one line saying the rest were not kept.
void PassiveConnection::note(std::string sentence) {
    if (summary_.notes.size() < max_notes) {
        summary_.notes.push_back(std::move(sentence));
    } else if (summary_.notes.size() == max_notes) {
        summary_.notes.push_back("notes capped: more than " + std::to_string(max_notes) + " notes, the rest are not kept");
    }
}

void PassiveConnection::feed(bool from_client, ByteView bytes) {
    if (!summary_.stopped.empty() || bytes.empty()) return;
    Side& s = side(from_client);
    try {
        s.records.feed(bytes);
        while (summary_.stopped.empty()) {
            if (const std::string why = framing_problem(from_client, s.records); !why.empty()) {
                stop(why);
                break;
            }
            const std::optional<FramedRecord> record = s.records.next();
            if (!record) break;
            summary_.tls = true;
            process_record(s, from_client, *record);
        }
    } catch (const TlsError& e) {
        stop(std::string("the ") + who(from_client) + "'s stream: " + e.what());
    } catch (const std::exception& e) {
        stop(std::string("internal error: ") + e.what());
    }
}

// Why the record at the front of a side's stream cannot be decoded, in the
// words of someone reading a capture (empty: it can).
std::string PassiveConnection::framing_problem(bool from_client, const RecordDeframer& records) const {
    const ByteView h = records.front();
    if (h.size() < record_header_length) return "";
    const bool first = summary_.records[0] + summary_.records[1] == 0;
    if (first && from_client && (h[0] & 0x80) != 0 && h[2] == 1) {
        return "the client's first message is an SSLv2-format ClientHello (RFC 5246 Appendix E.2): not decoded";
    }
    switch (records.problem()) {
    case FramingProblem::none:
    case FramingProblem::version_mismatch:   // never expected here: each record carries its own version
        return "";
    case FramingProblem::content_type:
    case FramingProblem::version:
        return first ? "not TLS: the " + std::string(who(from_client)) + "'s first bytes are " + first_bytes(h)
                     : "record " + std::to_string(summary_.records[from_client ? 0 : 1] + 1) + " from the " + who(from_client) +
                           " has content type " + std::to_string(h[0]) + ": the stream is not TLS from here (a gap, or garbage)";
    case FramingProblem::length:
        return std::string("a record from the ") + who(from_client) + " claims " + std::to_string(load_u16(h.data() + 3)) +
               " bytes, more than 2^14 + 2048";
    }
    return "";
}

void PassiveConnection::process_record(Side& s, bool from_client, const FramedRecord& record) {
    const ContentType type = record.type;
    const std::uint16_t version = record.version;
    const ByteView header = record.header();
    Bytes fragment(record.fragment().begin(), record.fragment().end());   // opened in place: a copy, the record stays as captured
    ++summary_.records[from_client ? 0 : 1];
    ByteView plaintext = fragment;
    bool readable = true;
    RecordCrypto details;
    const bool teaching = observer_ != nullptr && observer_->wants_secrets();
    if (s.encrypted) {
        readable = s.read != nullptr && !s.undecryptable;
        if (readable) {
            if (teaching) s.read->set_details(&details);
            try {
                plaintext = s.read->open(type, version, s.seq, fragment);
            } catch (const TlsError&) {
                readable = false;
                s.undecryptable = true;
                note("record " + std::to_string(s.seq) + " of the " + who(from_client) + "'s protected records does not " +
                     "open (bad_record_mac): the key log's master secret is not this connection's, or the "
                     "record was altered; the rest of this side stays ciphertext");
            }
            s.read->set_details(nullptr);
        }
    }
    if (observer_ != nullptr) {
        observer_->on_record({direction(from_client), type, version, s.seq, header, record.fragment(),
                              readable ? plaintext : ByteView{}, readable && !details.protection.empty() ? &details : nullptr,
                              s.encrypted && !readable});
    }
    ++s.seq;
    if (type == ContentType::application_data) summary_.app_records.emplace_back(from_client, fragment.size());
    if (!readable) return;
    switch (type) {
    case ContentType::handshake:
        s.handshake.add(plaintext);
        while (std::optional<HandshakeMessage> m = s.handshake.next()) process_message(from_client, *m);
        break;
    case ContentType::change_cipher_spec:
        on_change_cipher_spec(from_client);
        break;
    case ContentType::alert:
        if (plaintext.size() == 2 && observer_ != nullptr) {
            observer_->on_alert(direction(from_client), static_cast<AlertLevel>(plaintext[0]), static_cast<AlertDescription>(plaintext[1]));
        }
        break;
    case ContentType::application_data:
    case ContentType::heartbeat:
        break;   // shown as records; their plaintext is in the record event
    }
}

void PassiveConnection::process_message(bool from_client, const HandshakeMessage& m) {
    if (observer_ != nullptr) {
        const DecodedMessage d = decode_message(m.encoded, suite_ != nullptr ? std::optional<KeyExchange>(suite_->kx) : std::nullopt);
        observer_->on_message({direction(from_client), d});
    }
    try {
        switch (m.type) {
        case HandshakeType::client_hello: on_client_hello(m.body); break;
        case HandshakeType::server_hello: on_server_hello(m.body); break;
        case HandshakeType::certificate:
            (from_client ? summary_.client_certificates : summary_.certificates) = CertificateMessage::decode(m.body).chain;
            break;
        case HandshakeType::server_hello_done: server_hello_done_seen_ = true; break;
        case HandshakeType::new_session_ticket: summary_.ticket_issued = true; break;
        case HandshakeType::finished: check_finished(from_client, m.body); break;
        default: break;
        }
    } catch (const TlsError& e) {
        note(std::string("a malformed ") + std::string(handshake_type_name(m.type)) + " from the " + who(from_client) + ": " + e.what());
    }
    if (m.type == HandshakeType::hello_request) return;   // §7.4.1.1: not in the transcript
    if (transcript_.size() + m.encoded.size() > max_transcript) transcript_complete_ = false;
    else append(transcript_, m.encoded);
}

void PassiveConnection::on_client_hello(ByteView body) {
    const ClientHello h = ClientHello::decode(body);
    client_random_ = h.random;
    client_session_id_ = h.session_id;
    summary_.offered_suites = h.cipher_suites;
    if (const Extension* e = h.find(ExtensionType::server_name)) summary_.server_name = ext::parse_server_name(e->data).value_or("");
    if (const Extension* e = h.find(ExtensionType::alpn)) summary_.alpn_offered = ext::parse_alpn(e->data);
}

void PassiveConnection::on_server_hello(ByteView body) {
    const ServerHello h = ServerHello::decode(body);
    server_random_ = h.random;
    summary_.version = h.server_version;
    summary_.suite = h.cipher_suite;
    if (const Extension* v = h.find(ExtensionType::supported_versions); v != nullptr && v->data.size() == 2) {
        summary_.version = load_u16(v->data.data());
        if (summary_.version == 0x0304) {
            stop("TLS 1.3 (the ServerHello's supported_versions): everything after the ServerHello is encrypted with TLS 1.3's "
                 "key schedule (RFC 8446 §7); glasstls decodes TLS 1.2");
            return;
        }
    }
    if (summary_.version != 0x0303) {
        stop(version_name(summary_.version) + " was negotiated; glasstls decodes TLS 1.2 only (its PRF and records differ)");
        return;
    }
    suite_ = find_cipher_suite(h.cipher_suite);
    if (suite_ == nullptr) {
        note("the suite " + unknown_code_point(h.cipher_suite) + " is not one glasstls implements: records after "
             "ChangeCipherSpec stay ciphertext");
    }
    summary_.extended_master_secret = h.find(ExtensionType::extended_master_secret) != nullptr;
    summary_.encrypt_then_mac = h.find(ExtensionType::encrypt_then_mac) != nullptr && suite_ != nullptr && !suite_->is_aead();
    if (const Extension* e = h.find(ExtensionType::alpn)) {
        const std::vector<std::string> chosen = ext::parse_alpn(e->data);
        if (!chosen.empty()) summary_.alpn = chosen[0];
    }
    summary_.resumed = !h.session_id.empty() && h.session_id == client_session_id_;
    if (keys_ != nullptr && !client_random_.empty()) master_ = keys_->find(client_random_);
    summary_.key_known = master_ != nullptr;
    if (keys_ != nullptr && master_ == nullptr) {
        note("the key log has no CLIENT_RANDOM line for this connection (client_random " + to_hex(client_random_) +
             "): its protected records stay ciphertext");
    }
}

void PassiveConnection::on_change_cipher_spec(bool from_client) {
    Side& s = side(from_client);
    s.encrypted = true;
    s.seq = 0;   // §6.1: a new connection state starts its sequence numbers at zero
    // §7.4.1.3, RFC 5077 §3.1: a server that sends ChangeCipherSpec before
    // any ServerHelloDone is resuming (by session id or by ticket).
    if (!from_client && !server_hello_done_seen_) summary_.resumed = true;
    if (master_ == nullptr || suite_ == nullptr) return;
    if (!keys_derived_) {
        keys_derived_ = true;
        if (Observer* obs = observer_; obs != nullptr && obs->wants_secrets()) {
            obs->on_secret({"master_secret", *master_, "from the key log: its CLIENT_RANDOM line for this client_random", "",
                            {"key log", "client_random"}});
        }
        KeyBlock kb = compute_key_block(*suite_, *master_, client_random_, server_random_);
        if (observer_ != nullptr) report_key_block(*observer_, kb);
        client_keys_ = kb.client_write;
        server_keys_ = kb.server_write;
    }
    s.read = make_protection(*suite_, from_client ? *client_keys_ : *server_keys_, summary_.encrypt_then_mac, crypto::system_random());
}

void PassiveConnection::check_finished(bool from_client, ByteView verify_data) {
    // §7.4.9: one Finished per side ends the handshake. Each check hashes the
    // whole transcript, so a stream of Finished messages is checked once.
    bool& seen = side(from_client).finished_seen;
    if (seen && !finished_violation_) {
        finished_violation_ = true;
        note(std::string("a second Finished from the ") + who(from_client) + " in one connection: a protocol violation (RFC 5246 §7.4.9; a " +
             "renegotiation is not decoded); no later Finished is checked");
    }
    seen = true;
    if (finished_violation_ || master_ == nullptr || suite_ == nullptr) return;
    if (!transcript_complete_) {
        note(std::string("the handshake is too long to keep (over 1 MiB): the ") + who(from_client) + "'s Finished is not checked");
        return;
    }
    const Bytes handshake_hash = crypto::hash(suite_->prf_hash, transcript_);
    const Bytes expected = compute_verify_data(suite_->prf_hash, *master_, from_client, handshake_hash);
    const bool ok = verify_data.size() == expected.size() && crypto::constant_time_equal(verify_data, expected);
    (from_client ? summary_.client_finished_ok : summary_.server_finished_ok) = ok;
    if (Observer* obs = observer_; obs != nullptr && obs->wants_secrets()) {
        const std::string side_name = who(from_client);
        obs->on_secret({"handshake_hash (" + side_name + " Finished)", handshake_hash, "Hash(handshake_messages), every handshake message so far",
                        "RFC 5246 §7.4.9", {"handshake_messages"}});
        obs->on_secret({"expected " + side_name + " verify_data", expected,
                        from_client ? "PRF(master_secret, \"client finished\", handshake_hash)[0..11]"
                                    : "PRF(master_secret, \"server finished\", handshake_hash)[0..11]",
                        "RFC 5246 §7.4.9", {"master_secret", "handshake_hash"}});
        obs->on_secret({"received " + side_name + " verify_data", verify_data, ok ? "the Finished message's body: it MATCHES"
                                                                                   : "the Finished message's body: it does NOT match",
                        "", {}});
    }
    if (!ok) {
        note(std::string("the ") + who(from_client) + "'s Finished does not match the one recomputed from the key log's "
             "master secret and the transcript: a wrong key, or a capture that misses or alters handshake bytes");
    }
}

void PassiveConnection::finish() {
    for (bool from_client : {true, false}) {
        Side& s = side(from_client);
        if (s.records.buffered() != 0 && summary_.stopped.empty()) {
            note("the capture ends " + std::to_string(s.records.buffered()) + " bytes into a record from the " + who(from_client));
        }
        if (!s.handshake.empty()) {
            note(std::string("the capture ends inside a handshake message from the ") + who(from_client));
        }
    }
}

} // namespace glasstls
