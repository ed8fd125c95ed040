#include "glasstls/trace.hpp"

#include <algorithm>
#include <cstdio>
#include <mutex>
#include <ostream>

#include "glasstls/dissect.hpp"
#include "glasstls/messages.hpp"

namespace glasstls {

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

// ---- NarratingObserver -----------------------------------------------------------------

void NarratingObserver::on_record(const RecordEvent& e) {
    if (records_ && e.crypto != nullptr) record_crypto(e);
    out_ << direction_arrow(e.direction) << " record: " << content_type_name(e.type) << ", " << version_name(e.version) << ", seq " << e.sequence << ", "
         << e.header.size() + e.fragment.size() << " bytes on the wire (5-byte header + " << e.fragment.size() << "-byte fragment), "
         << e.plaintext.size() << " bytes of plaintext (RFC 5246 §6.2)\n";
}

void NarratingObserver::on_message(const MessageEvent& e) {
    const DecodedMessage& m = e.message;
    out_ << direction_arrow(e.direction) << " " << handshake_type_name(m.type) << " (handshake type " << static_cast<int>(m.type) << ", "
         << m.bytes.size() - std::min<std::size_t>(m.bytes.size(), 4) << " bytes, RFC 5246 §7.4)\n"
         << describe_message(m);
}

void NarratingObserver::on_signature(const SignatureEvent& e) {
    out_ << "  * " << (e.direction == Direction::outgoing ? "signed " : "checked the peer's signature on ") << handshake_type_name(e.message)
         << " with " << scheme_name(e.scheme) << " (" << e.key << "): "
         << (e.direction == Direction::outgoing ? "made" : e.valid ? "VALID" : "INVALID") << "\n    the " << e.signed_bytes.size()
         << " signed bytes:\n"
         << hex_block(e.signed_bytes, 6) << "\n";
}

void NarratingObserver::on_key_exchange(const KeyExchangeEvent& e) {
    out_ << "  * key exchange: " << (e.kind == KeyExchange::ecdhe ? "ECDHE" : e.kind == KeyExchange::dhe ? "DHE" : "RSA");
    if (e.prime_bits != 0) out_ << " on " << e.prime_bits << "-bit prime" << (e.group ? " (" + std::string(crypto::group_name(*e.group)) + ", RFC 7919)" : "");
    else if (e.group) out_ << " on " << crypto::group_name(*e.group);
    out_ << "\n";
    auto show = [&](const char* what, ByteView v) {
        if (!v.empty()) out_ << "    " << what << " (" << v.size() << " bytes):\n" << hex_block(v, 6) << "\n";
    };
    show("our private key", e.our_private);
    show("our public value", e.our_public);
    show("the peer's public value", e.peer_public);
    show("the PKCS #1 v1.5 block: 00 02, non-zero random padding, 00, the pre-master (RFC 8017 §7.2.1)", e.pkcs1_block);
    show("the pre-master secret, RSA-encrypted: block ^ e mod n", e.encrypted_pre_master);
    out_ << "    shared secret = " << key_exchange_formula(e) << "\n" << hex_block(e.shared_secret, 6) << "\n";
}

void NarratingObserver::record_crypto(const RecordEvent& e) {
    const RecordCrypto& c = *e.crypto;
    out_ << "  * " << (e.direction == Direction::outgoing ? "sealed" : "opened") << " a record (" << content_type_name(e.type) << ") with "
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

void NarratingObserver::on_secret(const SecretEvent& e) {
    out_ << "  * " << e.name << " (" << e.value.size() << " bytes) = " << e.formula;
    if (!e.rfc.empty()) out_ << " (" << e.rfc << ")";
    out_ << "\n" << hex_block(e.value, 6) << "\n";
}

void NarratingObserver::on_alert(Direction d, AlertLevel l, AlertDescription a) {
    out_ << direction_arrow(d) << " alert: " << alert_level_name(l) << " " << alert_name(a) << " (RFC 5246 §7.2)\n";
}

void NarratingObserver::on_note(std::string_view text) { out_ << text << "\n"; }

// ---- MessageLineObserver -------------------------------------------------------------

void MessageLineObserver::on_record(const RecordEvent& e) {
    out_ << direction_arrow(e.direction) << " " << version_name(e.version) << " Record Header [length " << e.header.size() + e.fragment.size()
         << "] " << content_type_name(e.type) << "\n";
}

void MessageLineObserver::on_message(const MessageEvent& e) {
    out_ << direction_arrow(e.direction) << " Handshake [length " << e.message.bytes.size() << "], " << handshake_type_name(e.message.type) << "\n";
}

void MessageLineObserver::on_alert(Direction d, AlertLevel l, AlertDescription a) {
    out_ << direction_arrow(d) << " Alert [length 2], " << alert_level_name(l) << " " << alert_name(a) << "\n";
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

namespace {
std::string hex_text(ByteView v) { return "\"" + to_hex(v) + "\""; }

// A dissection as nested objects: name, offset, length, value, rfc, children.
std::string fields_json(const std::vector<Field>& fields) {
    std::string out = "[";
    for (const Field& f : fields) {
        if (out.size() > 1) out += ",";
        out += "{\"name\":" + json_string(f.name) + ",\"offset\":" + std::to_string(f.offset) + ",\"length\":" + std::to_string(f.length);
        if (!f.value.empty()) out += ",\"value\":" + json_string(f.value);
        if (!f.rfc.empty()) out += ",\"rfc\":" + json_string(f.rfc);
        if (f.length_prefix) out += ",\"length_prefix\":true";
        if (!f.children.empty()) out += ",\"children\":" + fields_json(f.children);
        out += "}";
    }
    return out + "]";
}
} // namespace

void JsonLinesObserver::on_record(const RecordEvent& e) {
    std::string fields = std::string(",\"direction\":") + direction_text(e.direction) + ",\"content_type\":" +
                         std::to_string(static_cast<int>(e.type)) + ",\"content_type_name\":" + json_string(content_type_name(e.type)) +
                         ",\"version\":" + std::to_string(e.version) + ",\"sequence\":" + std::to_string(e.sequence) +
                         ",\"wire_length\":" + std::to_string(e.fragment.size()) + ",\"header\":" + hex_text(e.header) +
                         ",\"fragment\":" + hex_text(e.fragment) + ",\"plaintext\":" + hex_text(e.plaintext);
    if (const RecordCrypto* c = e.crypto) {
        fields += ",\"crypto\":{\"protection\":" + json_string(c->protection) + ",\"sequence\":" + std::to_string(c->sequence) +
                  ",\"explicit_nonce\":" + hex_text(c->explicit_nonce) + ",\"nonce\":" + hex_text(c->nonce) +
                  ",\"additional_data\":" + hex_text(c->additional_data) + ",\"ciphertext\":" + hex_text(c->ciphertext) +
                  ",\"mac_or_tag\":" + hex_text(c->mac_or_tag) + ",\"padding_length\":" + std::to_string(c->padding_length) + "}";
    }
    emit("record", fields);
}

void JsonLinesObserver::on_message(const MessageEvent& e) {
    const DecodedMessage& m = e.message;
    const ByteView body = ByteView(m.bytes).subspan(std::min<std::size_t>(m.bytes.size(), 4));
    std::string fields = std::string(",\"direction\":") + direction_text(e.direction) + ",\"type\":" +
                         std::to_string(static_cast<int>(m.type)) + ",\"name\":" + json_string(handshake_type_name(m.type)) +
                         ",\"bytes\":" + hex_text(m.bytes) + ",\"body\":" + hex_text(body) + ",\"fields\":" + fields_json(m.fields);
    if (!m.error.empty()) fields += ",\"error\":" + json_string(m.error);
    emit("message", fields);
}

void JsonLinesObserver::on_state_change(std::string_view from, std::string_view to) {
    emit("state", ",\"from\":" + json_string(from) + ",\"to\":" + json_string(to));
}

void JsonLinesObserver::on_secret(const SecretEvent& e) {
    std::string inputs = "[";
    for (std::string_view i : e.inputs) inputs += (inputs.size() > 1 ? "," : "") + json_string(i);
    emit("secret", ",\"name\":" + json_string(e.name) + ",\"value\":" + hex_text(e.value) + ",\"formula\":" + json_string(e.formula) +
                       ",\"rfc\":" + json_string(e.rfc) + ",\"inputs\":" + inputs + "]");
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
    emit("signature", std::string(",\"direction\":") + direction_text(e.direction) + ",\"message\":" +
                          json_string(handshake_type_name(e.message)) + ",\"scheme\":" + json_string(scheme_name(e.scheme)) +
                          ",\"scheme_code\":" + std::to_string(e.scheme) + ",\"key\":" + json_string(e.key) +
                          ",\"signed_bytes\":" + hex_text(e.signed_bytes) + ",\"signature\":" + hex_text(e.signature) +
                          ",\"valid\":" + (e.valid ? "true" : "false"));
}

void JsonLinesObserver::on_key_exchange(const KeyExchangeEvent& e) {
    emit("key_exchange", ",\"kind\":" + json_string(e.kind == KeyExchange::ecdhe ? "ECDHE" : e.kind == KeyExchange::dhe ? "DHE" : "RSA") + ",\"side\":" + json_string(e.client ? "client" : "server") +
                             ",\"group\":" + json_string(e.group ? crypto::group_name(*e.group) : "") +
                             ",\"prime_bits\":" + std::to_string(e.prime_bits) + ",\"our_private\":" + hex_text(e.our_private) +
                             ",\"our_public\":" + hex_text(e.our_public) + ",\"peer_public\":" + hex_text(e.peer_public) +
                             ",\"encrypted_pre_master\":" + hex_text(e.encrypted_pre_master) + ",\"pkcs1_block\":" + hex_text(e.pkcs1_block) +
                             ",\"shared_secret\":" + hex_text(e.shared_secret) + ",\"formula\":" + json_string(key_exchange_formula(e)));
}

void JsonLinesObserver::on_certificate_check(const verify::Check& c) {
    emit("certificate_check", ",\"what\":" + json_string(c.what) + ",\"rfc\":" + json_string(c.rfc) + ",\"ok\":" + (c.ok ? "true" : "false") +
                                  ",\"detail\":" + json_string(c.detail));
}

} // namespace glasstls
