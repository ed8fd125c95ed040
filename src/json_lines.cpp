#include "glasstls/json_lines.hpp"

#include <algorithm>
#include <cstdio>
#include <mutex>
#include <ostream>

#include "glasstls/dissect.hpp"
#include "glasstls/messages.hpp"
#include "glasstls/record_protection.hpp"
#include "glasstls/text.hpp"
#include "glasstls/verify.hpp"

namespace glasstls {

// RFC 8259 §7 and §8.1: a JSON text is UTF-8, so a byte that is not part of
// a well-formed sequence cannot be copied; it becomes the six characters
// "\\xHH" (the text \xHH, as text::visible shows it on a terminal). Controls
// — C0, DEL, C1 and the bidi and line-separator code points of
// text::is_control — are \u-escaped, so their value is kept and a line that
// is printed never reaches a terminal raw.
std::string json_string(std::string_view value) {
    std::string out = "\"";
    out.reserve(value.size() + 2);
    char buf[8];
    for (std::size_t i = 0; i < value.size();) {
        const std::size_t n = text::utf8_sequence_length(value.substr(i));
        if (n == 0) {
            std::snprintf(buf, sizeof buf, "\\\\x%02x", static_cast<unsigned char>(value[i]));
            out += buf;
            ++i;
            continue;
        }
        const char32_t c = text::utf8_decode(value.substr(i), n);
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (text::is_control(c)) {
                std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
                out += buf;
            } else {
                out.append(value.substr(i, n));
            }
        }
        i += n;
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

void JsonLinesObserver::write_outcome(const std::string& object) { emit("outcome", ",\"outcome\":" + object); }

} // namespace glasstls
