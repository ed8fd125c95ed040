// NarratingObserver and hex_block (describe_message is in narration_describe.cpp).
#include "glasstls/narration.hpp"

#include <algorithm>
#include <ostream>

#include "glasstls/dissect.hpp"
#include "glasstls/messages.hpp"
#include "glasstls/record_protection.hpp"
#include "glasstls/text.hpp"
#include "glasstls/verify.hpp"

namespace glasstls {

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

std::string size_in_words(std::size_t content, std::string_view content_name, std::size_t header) {
    return std::to_string(content) + "-byte " + std::string(content_name) + ", " + std::to_string(content + header) + " with its " +
           std::to_string(header) + "-byte header";
}

// ---- NarratingObserver -----------------------------------------------------------------

// The record's own line first, then (--trace-records) how it was sealed or
// opened: below its line the block reads as belonging to it, in both directions.
void NarratingObserver::on_record(const RecordEvent& e) {
    out_ << direction_arrow(e.direction) << " record: " << content_type_name(e.type) << ", " << version_name(e.version) << ", seq " << e.sequence << ", "
         << size_in_words(e.fragment.size(), "fragment", e.header.size()) << ", ";
    if (e.sealed) out_ << "encrypted: no key to open it (RFC 5246 §6.2.3)\n";
    else out_ << e.plaintext.size() << " bytes of plaintext (RFC 5246 §6.2)\n";
    if (records_ && e.crypto != nullptr) record_crypto(e);
}

void NarratingObserver::on_message(const MessageEvent& e) {
    const DecodedMessage& m = e.message;
    const std::size_t header = std::min<std::size_t>(m.bytes.size(), 4);
    out_ << direction_arrow(e.direction) << " " << handshake_type_name(m.type) << " (handshake type " << static_cast<int>(m.type) << ", "
         << size_in_words(m.bytes.size() - header, "body", header) << ", RFC 5246 §7.4)\n"
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
    auto show = [&](std::string_view what, ByteView v) {
        if (!v.empty()) out_ << "    " << what << " (" << v.size() << " bytes):\n" << hex_block(v, 6) << "\n";
    };
    const RecordCryptoWords words = record_crypto_words(c);
    show(c.nonce.empty() ? "explicit IV, sent in clear" : "explicit nonce, sent in clear", c.explicit_nonce);
    show(words.nonce, c.nonce);
    show(words.mac_input, c.additional_data);
    show("ciphertext", c.ciphertext);
    show(words.mac, c.mac_or_tag);
    if (c.nonce.empty()) out_ << "    padding: " << c.padding_length << " bytes of value " << c.padding_length << ", then the length byte\n";
}

void NarratingObserver::on_certificate_check(const verify::Check& c) {
    out_ << "    [" << (c.ok ? "ok" : "FAILED") << "] " << c.what << " (" << c.rfc << ")" << (c.detail.empty() ? "" : ": " + text::visible(c.detail)) << "\n";
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

} // namespace glasstls
