#include "glasstls/trace.hpp"

#include <cstdio>
#include <mutex>
#include <ostream>

#include "glasstls/messages.hpp"

namespace glasstls {

// ---- ObserverList --------------------------------------------------------------

void ObserverList::on_record(Direction d, ContentType t, std::uint16_t v, std::size_t n, ByteView p) {
    for (Observer* o : observers_) o->on_record(d, t, v, n, p);
}
void ObserverList::on_message(Direction d, std::uint8_t t, std::string_view name, ByteView body) {
    for (Observer* o : observers_) o->on_message(d, t, name, body);
}
void ObserverList::on_state_change(std::string_view from, std::string_view to) {
    for (Observer* o : observers_) o->on_state_change(from, to);
}
void ObserverList::on_secret(std::string_view name, ByteView value, std::string_view how) {
    for (Observer* o : observers_) if (o->wants_secrets()) o->on_secret(name, value, how);
}
void ObserverList::on_master_secret(ByteView client_random, ByteView master_secret) {
    for (Observer* o : observers_) if (o->wants_secrets()) o->on_master_secret(client_random, master_secret);
}
void ObserverList::on_alert(Direction d, AlertLevel l, AlertDescription a) {
    for (Observer* o : observers_) o->on_alert(d, l, a);
}
void ObserverList::on_signature(const SignatureEvent& e) {
    for (Observer* o : observers_) o->on_signature(e);
}

void ObserverList::on_key_exchange(const KeyExchangeEvent& e) {
    for (Observer* o : observers_) if (o->wants_secrets()) o->on_key_exchange(e);
}

void ObserverList::on_record_crypto(Direction d, ContentType t, const RecordCrypto& c) {
    for (Observer* o : observers_) if (o->wants_secrets()) o->on_record_crypto(d, t, c);
}

void ObserverList::on_certificate_check(const verify::Check& c) {
    for (Observer* o : observers_) o->on_certificate_check(c);
}

bool ObserverList::wants_secrets() const {
    for (const Observer* o : observers_) {
        if (o->wants_secrets()) return true;
    }
    return false;
}

void ObserverList::on_note(std::string_view text) {
    for (Observer* o : observers_) o->on_note(text);
}

// ---- Helpers -------------------------------------------------------------------------

std::string hex_block(ByteView bytes, std::size_t indent) {
    std::string hex = to_hex(bytes);
    std::string out;
    const std::size_t per_line = 64;   // 32 bytes a line, in 4-byte groups
    for (std::size_t i = 0; i < hex.size(); i += 8) {
        if (i % per_line == 0) {
            if (i != 0) out += '\n';
            out.append(indent, ' ');
        } else {
            out += ' ';
        }
        out += hex.substr(i, 8);
    }
    if (hex.empty()) out.append(indent, ' ') += "(empty)";
    return out;
}

namespace {
const char* arrow(Direction d) { return d == Direction::outgoing ? ">>>" : "<<<"; }
const char* level_name(AlertLevel l) { return l == AlertLevel::fatal ? "fatal" : "warning"; }
} // namespace

// ---- NarratingObserver -----------------------------------------------------------------

void NarratingObserver::on_record(Direction d, ContentType t, std::uint16_t v, std::size_t n, ByteView p) {
    out_ << arrow(d) << " record: " << content_type_name(t) << ", " << version_name(v) << ", " << record_header_length + n
         << " bytes on the wire (5-byte header + " << n << "-byte fragment), " << p.size()
         << " bytes of plaintext (RFC 5246 §6.2)\n";
}

void NarratingObserver::on_message(Direction d, std::uint8_t t, std::string_view name, ByteView body) {
    // The ServerHello names the suite, whose key exchange lays out the
    // ServerKeyExchange and ClientKeyExchange that follow.
    if (static_cast<HandshakeType>(t) == HandshakeType::server_hello) {
        try {
            const CipherSuite* suite = find_cipher_suite(ServerHello::decode(body).cipher_suite);
            kx_ = suite != nullptr ? std::optional<KeyExchange>(suite->kx) : std::nullopt;
        } catch (const TlsError&) {
            kx_.reset();
        }
    }
    out_ << arrow(d) << " " << name << " (handshake type " << int{t} << ", " << body.size() << " bytes, RFC 5246 §7.4)\n"
         << describe_handshake(static_cast<HandshakeType>(t), body, kx_);
}

void NarratingObserver::on_signature(const SignatureEvent& e) {
    out_ << "  * " << (e.direction == Direction::outgoing ? "signed " : "checked the peer's signature on ") << e.message << " with "
         << e.scheme << " (" << e.key << "): " << (e.direction == Direction::outgoing ? "made" : e.valid ? "VALID" : "INVALID")
         << "\n    the " << e.signed_bytes.size() << " signed bytes:\n"
         << hex_block(e.signed_bytes, 6) << "\n";
}

void NarratingObserver::on_key_exchange(const KeyExchangeEvent& e) {
    out_ << "  * key exchange: " << e.kind << (e.group.empty() ? "" : " on " + e.group) << "\n";
    auto show = [&](const char* what, ByteView v) {
        if (!v.empty()) out_ << "    " << what << " (" << v.size() << " bytes):\n" << hex_block(v, 6) << "\n";
    };
    show("our private key", e.our_private);
    show("our public value", e.our_public);
    show("the peer's public value", e.peer_public);
    show("the pre-master secret, RSA-encrypted", e.encrypted_pre_master);
    out_ << "    shared secret = " << e.formula << "\n" << hex_block(e.shared_secret, 6) << "\n";
}

void NarratingObserver::on_record_crypto(Direction d, ContentType t, const RecordCrypto& c) {
    if (!records_) return;
    out_ << "  * " << (d == Direction::outgoing ? "sealed" : "opened") << " a record (" << content_type_name(t) << ") with "
         << c.protection << ", sequence number " << c.sequence << " (RFC 5246 §6.2.3)\n";
    auto show = [&](const char* what, ByteView v) {
        if (!v.empty()) out_ << "    " << what << " (" << v.size() << " bytes):\n" << hex_block(v, 6) << "\n";
    };
    show(c.nonce.empty() ? "explicit IV, sent in clear" : "explicit nonce, sent in clear", c.explicit_nonce);
    show("nonce = implicit IV from the key block + explicit part (RFC 5288 §3, RFC 7905 §2)", c.nonce);
    show("additional data = seq_num + type + version + length (§6.2.3.3)", c.additional_data);
    show("ciphertext", c.ciphertext);
    show(c.nonce.empty() ? "MAC (HMAC over additional data and data)" : "authentication tag", c.mac_or_tag);
    if (c.nonce.empty()) out_ << "    padding: " << c.padding_length << " bytes of value " << c.padding_length << ", then the length byte\n";
}

void NarratingObserver::on_certificate_check(const verify::Check& c) {
    out_ << "    [" << (c.ok ? "ok" : "FAILED") << "] " << c.what << " (" << c.rfc << ")" << (c.detail.empty() ? "" : ": " + c.detail) << "\n";
}

void NarratingObserver::on_state_change(std::string_view from, std::string_view to) {
    out_ << "    state: " << from << " -> " << to << "\n";
}

void NarratingObserver::on_secret(std::string_view name, ByteView value, std::string_view how) {
    out_ << "  * " << name << " (" << value.size() << " bytes) = " << how << "\n" << hex_block(value, 6) << "\n";
}

void NarratingObserver::on_alert(Direction d, AlertLevel l, AlertDescription a) {
    out_ << arrow(d) << " alert: " << level_name(l) << " " << alert_name(a) << " (RFC 5246 §7.2)\n";
}

void NarratingObserver::on_note(std::string_view text) { out_ << text << "\n"; }

// ---- MessageLineObserver -------------------------------------------------------------

void MessageLineObserver::on_record(Direction d, ContentType t, std::uint16_t v, std::size_t n, ByteView) {
    out_ << arrow(d) << " " << version_name(v) << " Record Header [length " << record_header_length + n << "] "
         << content_type_name(t) << "\n";
}

void MessageLineObserver::on_message(Direction d, std::uint8_t, std::string_view name, ByteView body) {
    out_ << arrow(d) << " Handshake [length " << body.size() + 4 << "], " << name << "\n";
}

void MessageLineObserver::on_alert(Direction d, AlertLevel l, AlertDescription a) {
    out_ << arrow(d) << " Alert [length 2], " << level_name(l) << " " << alert_name(a) << "\n";
}

// ---- KeyLogObserver --------------------------------------------------------------------

std::string KeyLogObserver::format_line(ByteView client_random, ByteView master_secret) {
    return "CLIENT_RANDOM " + to_hex(client_random) + " " + to_hex(master_secret);
}

void KeyLogObserver::on_master_secret(ByteView client_random, ByteView master_secret) {
    out_ << format_line(client_random, master_secret) << "\n" << std::flush;
}

// ---- JSON Lines --------------------------------------------------------------------------

std::string json_string(std::string_view text) {
    std::string out = "\"";
    for (unsigned char c : text) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (c < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                out += buf;
            } else {
                out += static_cast<char>(c);   // UTF-8 passes through
            }
        }
    }
    return out + "\"";
}

namespace {
std::mutex g_json_mutex;
const char* direction_text(Direction d) { return d == Direction::outgoing ? "\"out\"" : "\"in\""; }
} // namespace

JsonLinesObserver::JsonLinesObserver(std::ostream& out, std::string connection) : out_(out), connection_(std::move(connection)) {}

void JsonLinesObserver::emit(const std::string& event, const std::string& fields) {
    std::string line = "{\"event\":" + json_string(event);
    if (!connection_.empty()) line += ",\"connection\":" + json_string(connection_);
    line += fields + "}\n";
    std::lock_guard<std::mutex> lock(g_json_mutex);
    out_ << line << std::flush;
}

void JsonLinesObserver::on_record(Direction d, ContentType t, std::uint16_t v, std::size_t n, ByteView p) {
    emit("record", std::string(",\"direction\":") + direction_text(d) + ",\"content_type\":" + std::to_string(static_cast<int>(t)) +
                       ",\"content_type_name\":" + json_string(content_type_name(t)) + ",\"version\":" + std::to_string(v) +
                       ",\"wire_length\":" + std::to_string(n) + ",\"plaintext\":\"" + to_hex(p) + "\"");
}

void JsonLinesObserver::on_message(Direction d, std::uint8_t t, std::string_view name, ByteView body) {
    emit("message", std::string(",\"direction\":") + direction_text(d) + ",\"type\":" + std::to_string(t) + ",\"name\":" + json_string(name) +
                        ",\"body\":\"" + to_hex(body) + "\"");
}

void JsonLinesObserver::on_state_change(std::string_view from, std::string_view to) {
    emit("state", ",\"from\":" + json_string(from) + ",\"to\":" + json_string(to));
}

void JsonLinesObserver::on_secret(std::string_view name, ByteView value, std::string_view how) {
    emit("secret", ",\"name\":" + json_string(name) + ",\"value\":\"" + to_hex(value) + "\",\"formula\":" + json_string(how));
}

void JsonLinesObserver::on_master_secret(ByteView client_random, ByteView master_secret) {
    emit("master_secret", ",\"client_random\":\"" + to_hex(client_random) + "\",\"master_secret\":\"" + to_hex(master_secret) + "\"");
}

void JsonLinesObserver::on_alert(Direction d, AlertLevel l, AlertDescription a) {
    emit("alert", std::string(",\"direction\":") + direction_text(d) + ",\"level\":" + std::to_string(static_cast<int>(l)) +
                      ",\"description\":" + std::to_string(static_cast<int>(a)) + ",\"name\":" + json_string(alert_name(a)));
}

void JsonLinesObserver::on_note(std::string_view text) { emit("note", ",\"text\":" + json_string(text)); }

void JsonLinesObserver::on_signature(const SignatureEvent& e) {
    emit("signature", std::string(",\"direction\":") + direction_text(e.direction) + ",\"message\":" + json_string(e.message) +
                          ",\"scheme\":" + json_string(e.scheme) + ",\"key\":" + json_string(e.key) + ",\"signed_bytes\":\"" +
                          to_hex(e.signed_bytes) + "\",\"signature\":\"" + to_hex(e.signature) + "\",\"valid\":" + (e.valid ? "true" : "false"));
}

void JsonLinesObserver::on_key_exchange(const KeyExchangeEvent& e) {
    emit("key_exchange", ",\"kind\":" + json_string(e.kind) + ",\"group\":" + json_string(e.group) + ",\"our_private\":\"" +
                             to_hex(e.our_private) + "\",\"our_public\":\"" + to_hex(e.our_public) + "\",\"peer_public\":\"" +
                             to_hex(e.peer_public) + "\",\"encrypted_pre_master\":\"" + to_hex(e.encrypted_pre_master) +
                             "\",\"shared_secret\":\"" + to_hex(e.shared_secret) + "\",\"formula\":" + json_string(e.formula));
}

void JsonLinesObserver::on_record_crypto(Direction d, ContentType t, const RecordCrypto& c) {
    emit("record_crypto", std::string(",\"direction\":") + direction_text(d) + ",\"content_type\":" + std::to_string(static_cast<int>(t)) +
                              ",\"protection\":" + json_string(c.protection) + ",\"sequence\":" + std::to_string(c.sequence) +
                              ",\"explicit_nonce\":\"" + to_hex(c.explicit_nonce) + "\",\"nonce\":\"" + to_hex(c.nonce) +
                              "\",\"additional_data\":\"" + to_hex(c.additional_data) + "\",\"ciphertext\":\"" + to_hex(c.ciphertext) +
                              "\",\"mac_or_tag\":\"" + to_hex(c.mac_or_tag) + "\",\"padding_length\":" + std::to_string(c.padding_length));
}

void JsonLinesObserver::on_certificate_check(const verify::Check& c) {
    emit("certificate_check", ",\"what\":" + json_string(c.what) + ",\"rfc\":" + json_string(c.rfc) + ",\"ok\":" + (c.ok ? "true" : "false") +
                                  ",\"detail\":" + json_string(c.detail));
}

} // namespace glasstls
