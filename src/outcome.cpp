#include "glasstls/outcome.hpp"

#include <cstdio>

#include "glasstls/connection.hpp"
#include "glasstls/der.hpp"
#include "glasstls/dissect.hpp"
#include "glasstls/json_lines.hpp"
#include "glasstls/text.hpp"

namespace glasstls {

namespace {

// One JSON object written field by field, the commas kept by the writer.
class Object {
public:
    Object& raw(std::string_view key, const std::string& json) {
        text_ += (text_.size() > 1 ? "," : "") + json_string(key) + ":" + json;
        return *this;
    }
    Object& text(std::string_view key, std::string_view value) { return raw(key, json_string(value)); }
    Object& number(std::string_view key, std::uint64_t value) { return raw(key, std::to_string(value)); }
    Object& flag(std::string_view key, bool value) { return raw(key, value ? "true" : "false"); }
    std::string done() const { return text_ + "}"; }

private:
    std::string text_ = "{";
};

std::string text_or_null(std::string_view value) { return value.empty() ? "null" : json_string(value); }

std::string milliseconds(std::chrono::steady_clock::duration d) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", std::chrono::duration<double, std::milli>(d).count());
    return buf;
}

// A version as a name and its code point (771 is TLS 1.2, as in --trace-json).
std::string version_json(std::uint16_t v) { return Object().text("name", version_name(v)).number("code", v).done(); }

// RFC 8446 §4.2.1: supported_versions in a ClientHello is a vector of
// 2..254 bytes of versions; a TLS 1.2 server reads it only to report it.
std::optional<std::vector<std::uint16_t>> supported_versions(const ClientHello& hello) {
    const Extension* e = hello.find(ExtensionType::supported_versions);
    if (e == nullptr) return std::nullopt;
    std::vector<std::uint16_t> out;
    const Bytes& d = e->data;
    for (std::size_t i = 1; !d.empty() && i + 1 < d.size() && i <= d[0] && out.size() < OutcomeRecorder::max_versions_shown; i += 2) {
        out.push_back(static_cast<std::uint16_t>(d[i] << 8 | d[i + 1]));
    }
    return out;
}

std::string general_name_text(const x509::GeneralName& g) {
    switch (g.type) {
    case x509::GeneralNameType::dns: return "DNS:" + g.text;
    case x509::GeneralNameType::ip: return "IP:" + g.text;
    case x509::GeneralNameType::email: return "email:" + g.text;
    case x509::GeneralNameType::uri: return "URI:" + g.text;
    default: return "other:" + g.text;
    }
}

// One certificate of the peer's chain: who, by whom, when, which (RFC 5280 §4.1).
std::string certificate_json(const x509::Certificate& c) {
    std::string names = "[";
    if (c.subject_alt_names) {
        std::size_t shown = 0;
        for (const auto& g : *c.subject_alt_names) {
            if (shown++ == OutcomeRecorder::max_names_shown) break;
            names += (names.size() > 1 ? "," : "") + json_string(general_name_text(g));
        }
    }
    return Object()
        .text("subject", c.subject.to_string())
        .text("issuer", c.issuer.to_string())
        .text("serial_number", to_hex(c.serial))
        .text("not_before", der::format_time(c.not_before))
        .text("not_after", der::format_time(c.not_after))
        .raw("subject_alt_names", names + "]")
        .text("signature_algorithm", c.signature_algorithm.name)
        .text("sha256_fingerprint", to_hex(c.fingerprint_sha256()))
        .text("sha1_fingerprint", to_hex(crypto::hash(crypto::HashAlgorithm::sha1, c.der)))
        .done();
}

std::string chain_json(const std::vector<x509::Certificate>& chain) {
    std::string out = "[";
    for (std::size_t i = 0; i < chain.size() && i < OutcomeRecorder::max_chain_shown; ++i) out += (i ? "," : "") + certificate_json(chain[i]);
    return out + "]";
}

// ok: true when a chain was validated and passed in this handshake, false
// when it was rejected, null when none was validated (--insecure, a
// resumption, a server that asked for no client certificate).
std::string verification_json(const ConnectionInfo& i) {
    Object o;
    if (i.verify_failure) return o.flag("performed", true).flag("ok", false).text("sentence", i.verify_failure->error).done();
    if (i.verified) return o.flag("performed", true).flag("ok", true).text("sentence", i.verification).done();
    return o.flag("performed", false).raw("ok", "null").text("sentence", i.verification).done();
}

std::string group_json(const ConnectionInfo& i) {
    if (i.group) return json_string(crypto::group_name(*i.group));
    if (i.dh_bits) return json_string("DH " + std::to_string(i.dh_bits) + " bits (explicit parameters)");
    return "null";
}

std::string suite_json(const CipherSuite* s) {
    if (s == nullptr) return "null";
    return Object().text("name", s->iana_name).text("openssl_name", s->openssl_name).number("code", s->id).done();
}

} // namespace

OutcomeRecorder::OutcomeRecorder(bool client, std::string peer)
    : client_(client), peer_(std::move(peer)), start_(std::chrono::steady_clock::now()) {}

void OutcomeRecorder::on_record(const RecordEvent& e) {
    records_.add(e.direction, 1);
    wire_.add(e.direction, e.header.size() + e.fragment.size());
    if (e.type == ContentType::application_data) application_.add(e.direction, e.plaintext.size());
}

void OutcomeRecorder::on_message(const MessageEvent& e) {
    const DecodedMessage& m = e.message;
    if (const auto* hello = std::get_if<ClientHello>(&m.message); hello != nullptr && !client_version_) {
        client_version_ = hello->client_version;
        supported_versions_ = supported_versions(*hello);
        if (const Extension* sni = hello->find(ExtensionType::server_name)) sni_ = ext::parse_server_name(sni->data).value_or("");
    }
    if (m.type == HandshakeType::new_session_ticket) ticket_issued_ = true;
    // Either handshake, full or abbreviated, ends with the second Finished (RFC 5246 §7.3).
    if (m.type == HandshakeType::finished && ++finished_seen_ == 2) handshake_done_ = std::chrono::steady_clock::now();
}

void OutcomeRecorder::on_alert(Direction d, AlertLevel l, AlertDescription a) {
    if (a == AlertDescription::close_notify) (d == Direction::outgoing ? close_notify_sent_ : close_notify_received_) = true;
    if (l == AlertLevel::fatal && !fatal_alert_) fatal_alert_ = Alert{d, l, a};
}

std::string OutcomeRecorder::offered_json() const {
    Object o;
    o.raw("client_version", client_version_ ? version_json(*client_version_) : "null");
    std::string list = "null";
    if (supported_versions_) {
        list = "[";
        for (std::uint16_t v : *supported_versions_) list += (list.size() > 1 ? "," : "") + version_json(v);
        list += "]";
    }
    return o.raw("supported_versions", list).done();
}

std::string OutcomeRecorder::json(const Connection* conn, std::string_view error) const {
    static const ConnectionInfo none;
    const ConnectionInfo& i = conn != nullptr ? conn->info() : none;
    const auto now = std::chrono::steady_clock::now();
    auto count = [](const Count& c) { return Object().number("sent", c.sent).number("received", c.received).done(); };
    std::string alert = "null";
    if (fatal_alert_) {
        alert = Object()
                    .text("direction", fatal_alert_->direction == Direction::outgoing ? "sent" : "received")
                    .text("level", alert_level_name(fatal_alert_->level))
                    .text("description", alert_name(fatal_alert_->description))
                    .number("code", static_cast<std::uint64_t>(fatal_alert_->description))
                    .done();
    }
    return Object()
        .text("side", client_ ? "client" : "server")
        .text("peer", peer_)
        .flag("ok", error.empty())
        .raw("error", text_or_null(error))
        .flag("handshake_complete", conn != nullptr && conn->handshake_done())
        .raw("offered", offered_json())
        .raw("version", i.version ? version_json(i.version) : "null")
        .raw("cipher_suite", suite_json(i.suite))
        .raw("group", group_json(i))
        .raw("signature_scheme", i.signature_scheme ? json_string(scheme_name(*i.signature_scheme)) : "null")
        .flag("extended_master_secret", i.extended_master_secret)
        .flag("encrypt_then_mac", i.encrypt_then_mac)
        .raw("session_ticket", Object().flag("issued", ticket_issued_).flag("used", i.resumed && i.session_ticket).done())
        .flag("resumed", i.resumed)
        .flag("secure_renegotiation", i.secure_renegotiation)
        .raw("sni", text_or_null(sni_))
        .raw("alpn", text_or_null(i.alpn))
        .number("peer_chain_length", i.peer_chain.size())
        .raw("peer_chain", chain_json(i.peer_chain))
        .raw("verification", verification_json(i))
        .raw("alert", alert)
        .raw("close_notify", Object().flag("sent", close_notify_sent_).flag("received", close_notify_received_).done())
        .raw("bytes", Object().raw("application", count(application_)).raw("wire", count(wire_)).done())
        .raw("records", count(records_))
        .raw("timings_ms", Object()
                               .raw("handshake", handshake_done_ ? milliseconds(*handshake_done_ - start_) : "null")
                               .raw("total", milliseconds(now - start_))
                               .done())
        .done();
}

} // namespace glasstls
