// HtmlTranscript: each event becomes a card (see the header). The page's
// skeleton and style are in html_page.cpp.
#include "glasstls/html.hpp"

#include <algorithm>

#include "glasstls/narration.hpp"
#include "glasstls/record_protection.hpp"
#include "glasstls/text.hpp"
#include "glasstls/verify.hpp"

namespace glasstls {

namespace {

// "… (N more bytes)": what a value cut at the page's limit left out.
std::string more_bytes(std::size_t n) { return n == 0 ? "" : "… (" + std::to_string(n) + " more bytes)"; }

std::string hex_spaced(ByteView v, std::size_t limit = SIZE_MAX) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    const std::size_t n = std::min(v.size(), limit);
    out.reserve(n * 3);
    for (std::size_t i = 0; i < n; ++i) {
        if (i != 0) out += ' ';
        out += digits[v[i] >> 4];
        out += digits[v[i] & 15];
    }
    if (n < v.size()) out += " " + more_bytes(v.size() - n);
    return out;
}

std::string field_title(const Field& f) {
    std::string t = f.name + " (" + std::to_string(f.length) + (f.length == 1 ? " byte" : " bytes") + ")";
    if (!f.value.empty()) t += ": " + f.value;
    if (!f.rfc.empty()) t += " — " + std::string(f.rfc);
    return t;
}

// Bytes no child claims belong to `parent` (an opaque vector's value after
// its length): they get its colour and title too.
void annotate(std::string& out, ByteView bytes, const std::vector<Field>& fields, std::size_t from, std::size_t to, int& colour,
              const Field* parent) {
    std::size_t at = from;
    auto own = [&](std::size_t a, std::size_t b) {
        if (b <= a) return;
        if (parent == nullptr) {
            out += "<span class=\"own\">" + hex_spaced(bytes.subspan(a, b - a)) + " </span>";
            return;
        }
        out += "<span class=\"f c" + std::to_string(colour++ % 8) + "\" title=\"" + html_escape(field_title(*parent)) + "\">" +
               hex_spaced(bytes.subspan(a, b - a)) + " </span>";
    };
    for (const Field& f : fields) {
        if (f.offset < at || f.offset + f.length > to) continue;   // never happens for a valid dissection
        own(at, f.offset);
        if (f.children.empty()) {
            out += "<span class=\"f c" + std::to_string(colour++ % 8) + "\" title=\"" + html_escape(field_title(f)) + "\">" +
                   hex_spaced(bytes.subspan(f.offset, f.length)) + " </span>";
        } else {
            out += "<span class=\"g\" title=\"" + html_escape(field_title(f)) + "\">";
            annotate(out, bytes, f.children, f.offset, f.offset + f.length, colour, &f);
            out += "</span>";
        }
        at = f.offset + f.length;
    }
    own(at, to);
}

// The fields as an indented table: name, offset, length, meaning, RFC.
void field_rows(std::string& out, const std::vector<Field>& fields, int depth) {
    for (const Field& f : fields) {
        if (f.length_prefix && depth > 0) continue;
        out += "<tr><td style=\"padding-left:" + std::to_string(depth * 1.2 + 0.3) + "em\">" + html_escape(f.name) + "</td><td>" +
               std::to_string(f.offset) + "</td><td>" + std::to_string(f.length) + "</td><td>" + html_escape(f.value) + "</td><td>" +
               html_escape(f.rfc) + "</td></tr>";
        field_rows(out, f.children, depth + 1);
    }
}

std::string hex_box(const std::string& label, ByteView v, std::size_t limit = SIZE_MAX) {
    if (v.empty()) return "";
    return "<div class=\"kv\"><span class=\"k\">" + html_escape(label) + " (" + std::to_string(v.size()) + " bytes)</span><code class=\"hex\">" +
           hex_spaced(v, limit) + "</code></div>";
}

// The offset just past the first `lines` lines of `s` (its size when it has no more).
std::size_t after_lines(const std::string& s, std::size_t lines) {
    std::size_t end = 0;
    for (std::size_t i = 0; i < lines && end < s.size(); ++i) {
        const std::size_t nl = s.find('\n', end);
        end = nl == std::string::npos ? s.size() : nl + 1;
    }
    return end;
}

// A record's content type as its card names it: without the key, a
// protected handshake record is only "an encrypted handshake message" (the
// Finished, in a full handshake: RFC 5246 §7.4.9) — its type byte is all
// that shows.
std::string record_kind(const RecordEvent& e) {
    if (!e.sealed) return std::string(content_type_name(e.type));
    if (e.type == ContentType::handshake) return "encrypted handshake message";
    if (e.type == ContentType::alert) return "encrypted alert";
    return std::string(content_type_name(e.type));
}

} // namespace

// Markup characters become entities. The page is declared UTF-8, so a byte of
// an ill-formed sequence, and a control other than tab and line breaks (which
// HTML forbids), is shown as text::visible shows it: "\\xHH".
std::string html_escape(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    for (std::size_t i = 0; i < value.size();) {
        const std::size_t n = text::utf8_sequence_length(value.substr(i));
        const std::string_view one = value.substr(i, n == 0 ? 1 : n);
        i += one.size();
        switch (one[0]) {
        case '&': out += "&amp;"; continue;
        case '<': out += "&lt;"; continue;
        case '>': out += "&gt;"; continue;
        case '"': out += "&quot;"; continue;
        case '\t': case '\n': case '\r': out += one; continue;
        default: break;
        }
        if (n != 0 && !text::is_control(text::utf8_decode(one, n))) out += one;
        else out += text::visible(one);
    }
    return out;
}

std::string html_annotated_bytes(ByteView bytes, const std::vector<Field>& fields) {
    std::string out = "<code class=\"bytes\">";
    int colour = 0;
    annotate(out, bytes, fields, 0, bytes.size(), colour, nullptr);
    return out + "</code>";
}

HtmlTranscript::HtmlTranscript(std::string title, bool client_side) : title_(std::move(title)), client_side_(client_side) {}

HtmlTranscript::Column HtmlTranscript::side(Direction d) const {
    return (d == Direction::outgoing) == client_side_ ? Column::client : Column::server;
}

void HtmlTranscript::card(Column column, const std::string& classes, const std::string& title, const std::string& body) {
    flush_checks();
    const char* col = column == Column::client ? "client" : column == Column::server ? "server" : "middle";
    draw("<section class=\"card " + std::string(col) + " " + classes + "\"><h3>" + title + "</h3>" + body + "</section>\n");
}

void HtmlTranscript::draw(const std::string& html) {
    if (*drawn_ > max_page_bytes) {
        ++not_drawn_;
        return;
    }
    cards_ += html;
    *drawn_ += html.size();
}

// Application data, shown as text when it is text: its first lines, the
// rest folded under a count; either cut at max_value_bytes_.
std::string HtmlTranscript::shown_plaintext(ByteView v) const {
    const std::size_t shown = max_value_bytes_ == 0 ? v.size() : std::min(v.size(), max_value_bytes_);
    const bool text = std::all_of(v.begin(), v.end(), [](std::uint8_t c) { return c == '\n' || c == '\r' || c == '\t' || (c >= 32 && c < 127); });
    if (!text) return hex_box("plaintext", v, shown);
    const std::string s(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(shown));
    const std::string cut = shown < v.size() ? "\n" + more_bytes(v.size() - shown) : "";
    const std::size_t head = after_lines(s, folded_lines);
    if (head == s.size()) return "<pre class=\"app\">" + html_escape(s) + cut + "</pre>";
    const std::string rest = s.substr(head);
    const auto lines = static_cast<std::size_t>(std::count(rest.begin(), rest.end(), '\n')) + (rest.back() != '\n' ? 1 : 0);
    return "<pre class=\"app\">" + html_escape(s.substr(0, head)) + "</pre><details class=\"more\"><summary>" + std::to_string(lines) +
           (lines == 1 ? " more line (" : " more lines (") + std::to_string(rest.size()) + " bytes)</summary><pre class=\"app\">" +
           html_escape(rest) + cut + "</pre></details>";
}

// A protected record no key opened: its fragment is ciphertext, shown as
// the wire carries it — the first bytes, the rest folded, cut at max_value_bytes_.
std::string HtmlTranscript::sealed_fragment(const RecordEvent& e) const {
    const ByteView v = e.fragment;
    const std::size_t shown = max_value_bytes_ == 0 ? v.size() : std::min(v.size(), max_value_bytes_);
    const std::size_t head = std::min(shown, folded_cipher_bytes);
    std::string out = "<div class=\"kv sealed\"><span class=\"k\">fragment (" + std::to_string(v.size()) +
                      " bytes), encrypted: no key to open it — the bytes an eavesdropper sees</span><code class=\"hex cipher\">" +
                      hex_spaced(shown > head ? v.first(head) : v, head) + "</code>";   // the cut said here when nothing is folded
    if (shown > head) {
        out += "<details class=\"more\"><summary>the other " + std::to_string(v.size() - head) + " bytes</summary><code class=\"hex cipher\">" +
               hex_spaced(v.subspan(head), shown - head) + "</code></details>";
    }
    return out + "</div>";
}

void HtmlTranscript::on_record(const RecordEvent& e) {
    ++records_;
    sealed_ += e.sealed ? 1 : 0;
    opened_ += e.crypto != nullptr ? 1 : 0;
    std::string body = html_annotated_bytes(e.header, record_header_fields(e.header));
    if (const RecordCrypto* c = e.crypto) {
        // The fragment as sent: explicit nonce or IV, ciphertext, then the
        // tag or (encrypt-then-MAC) the MAC; MAC-then-encrypt hides it inside.
        const RecordCryptoWords words = record_crypto_words(*c);
        std::vector<Field> parts;
        std::size_t at = 0;
        auto part = [&](const char* name, std::size_t n, std::string_view meaning) {
            if (n == 0 || at + n > e.fragment.size()) return;
            parts.push_back(Field{name, at, n, std::string(meaning), words.rfc, false, false, {}});
            at += n;
        };
        part(c->nonce.empty() ? "IV" : "explicit_nonce", c->explicit_nonce.size(), "sent in clear");
        part("ciphertext", c->ciphertext.size(), words.ciphertext);
        if (at + c->mac_or_tag.size() == e.fragment.size()) part(c->nonce.empty() ? "MAC" : "tag", c->mac_or_tag.size(), "authenticates the record");
        body += "<div class=\"kv\"><span class=\"k\">fragment, protected with " + html_escape(c->protection) + "</span>" +
                html_annotated_bytes(e.fragment, parts) + "</div>";
        body += "<details><summary>how it was " + std::string(e.direction == Direction::outgoing ? "sealed" : "opened") +
                " (sequence number " + std::to_string(c->sequence) + ")</summary>" +
                hex_box(std::string(words.nonce), c->nonce) + hex_box(std::string(words.mac_input), c->additional_data) +
                hex_box(std::string(words.mac), c->mac_or_tag) +
                (c->nonce.empty() ? "<div class=\"kv\"><span class=\"k\">padding: " + std::to_string(c->padding_length) + " bytes of value " +
                                        std::to_string(c->padding_length) + ", then the length byte</span></div>"
                                  : "") +
                "</details>";
    }
    if (e.sealed) body += sealed_fragment(e);
    else if (e.type == ContentType::application_data) body += shown_plaintext(e.plaintext);
    else if (e.crypto == nullptr && e.type != ContentType::handshake) body += hex_box("fragment", e.fragment);
    const std::string title = "Record " + std::to_string(e.sequence) + ": " + html_escape(record_kind(e)) + ", " +
                              size_in_words(e.fragment.size(), "fragment", e.header.size()) +
                              (e.crypto != nullptr || e.sealed ? " <span class=\"lock\">encrypted</span>" : "");
    card(side(e.direction), "record", title, body);
}

void HtmlTranscript::on_message(const MessageEvent& e) {
    const DecodedMessage& m = e.message;
    std::string body = html_annotated_bytes(m.bytes, m.fields);
    body += "<details><summary>fields</summary><table class=\"fields\"><tr><th>field</th><th>offset</th><th>length</th><th>meaning</th><th>"
            "defined in</th></tr>";
    field_rows(body, m.fields, 0);
    body += "</table></details>";
    if (!m.error.empty()) body += "<p class=\"bad\">malformed: " + html_escape(m.error) + "</p>";
    const std::size_t header = std::min<std::size_t>(m.bytes.size(), 4);
    card(side(e.direction), "message",
         html_escape(handshake_type_name(m.type)) + " <small>(" + size_in_words(m.bytes.size() - header, "body", header) + ")</small>", body);
}

void HtmlTranscript::on_secret(const SecretEvent& e) {
    ++computed_;
    std::string body = "<div class=\"formula\">= " + html_escape(e.formula) + "</div>";
    if (!e.inputs.empty()) {
        body += "<div class=\"inputs\">inputs:";
        for (std::string_view i : e.inputs) body += " <span class=\"input\">" + html_escape(i) + "</span>";
        body += "</div>";
    }
    if (!e.rfc.empty()) body += "<div class=\"rfc\">" + html_escape(e.rfc) + "</div>";
    body += "<code class=\"hex secret\">" + hex_spaced(e.value) + "</code>";
    card(Column::middle, "secret", html_escape(e.name), body);
}

void HtmlTranscript::on_key_exchange(const KeyExchangeEvent& e) {
    ++computed_;
    std::string what = e.kind == KeyExchange::ecdhe ? "ECDHE" : e.kind == KeyExchange::dhe ? "DHE" : "RSA";
    if (e.group) what += " on " + std::string(crypto::group_name(*e.group));
    else if (e.prime_bits != 0) what += " on a " + std::to_string(e.prime_bits) + "-bit prime";
    std::string body = hex_box("our private key", e.our_private) + hex_box("our public value", e.our_public) +
                       hex_box("the peer's public value", e.peer_public) +
                       hex_box("the PKCS #1 v1.5 block: 00 02, padding, 00, pre-master (RFC 8017 §7.2.1)", e.pkcs1_block) +
                       hex_box("the pre-master secret, RSA-encrypted", e.encrypted_pre_master) +
                       "<div class=\"formula\">shared secret = " + html_escape(key_exchange_formula(e)) + "</div><code class=\"hex secret\">" +
                       hex_spaced(e.shared_secret) + "</code>";
    card(Column::middle, "kx", "Key exchange (" + std::string(e.client ? "client" : "server") + "): " + html_escape(what), body);
}

void HtmlTranscript::on_signature(const SignatureEvent& e) {
    ++computed_;
    const bool made = e.direction == Direction::outgoing;
    std::string body = "<div>" + html_escape(scheme_name(e.scheme)) + " with " + html_escape(e.key) + ": <b class=\"" +
                       (made || e.valid ? "good\">" : "bad\">") + (made ? "made" : e.valid ? "VALID" : "INVALID") + "</b></div>" +
                       hex_box("the signed bytes", e.signed_bytes) + hex_box("the signature", e.signature);
    card(Column::middle, "signature", std::string(made ? "Signed " : "Checked the signature on ") + html_escape(handshake_type_name(e.message)), body);
}

void HtmlTranscript::on_certificate_check(const verify::Check& c) {
    checks_ += "<li class=\"" + std::string(c.ok ? "good" : "bad") + "\">[" + (c.ok ? "ok" : "FAILED") + "] " + html_escape(c.what) +
               " <small>(" + html_escape(c.rfc) + ")</small>" + (c.detail.empty() ? "" : ": " + html_escape(c.detail)) + "</li>";
    checks_ok_ = checks_ok_ && c.ok;
    ++computed_;
}

void HtmlTranscript::flush_checks() {
    if (checks_.empty()) return;
    const std::string list = "<ul class=\"checks\">" + checks_ + "</ul>";
    const bool ok = checks_ok_;
    checks_.clear();
    checks_ok_ = true;
    card(Column::middle, ok ? "checks" : "checks failed", "Certificate validation", list);
}

void HtmlTranscript::on_alert(Direction d, AlertLevel l, AlertDescription a) {
    card(side(d), l == AlertLevel::fatal ? "alert fatal" : "alert",
         std::string("Alert: ") + (l == AlertLevel::fatal ? "fatal " : "warning ") + html_escape(alert_name(a)),
         "<div class=\"rfc\">RFC 5246 §7.2</div>");
}

void HtmlTranscript::on_state_change(std::string_view from, std::string_view to) {
    flush_checks();
    draw("<div class=\"state\">state: " + html_escape(from) + " → " + html_escape(to) + "</div>\n");
}

void HtmlTranscript::on_note(std::string_view text) {
    flush_checks();
    draw("<div class=\"note\">" + html_escape(text) + "</div>\n");
}

void HtmlTranscript::begin_connection(const std::string& heading) {
    flush_checks();
    cards_ += "<h2 class=\"divider\">" + html_escape(heading) + "</h2>\n";
}

void HtmlTranscript::set_outcome(const std::string& sentence, bool ok) {
    flush_checks();
    outcome_ += "<div class=\"outcome " + std::string(ok ? "good" : "bad") + "\">" + html_escape(sentence) + "</div>\n";
}

void HtmlTranscript::absorb(HtmlTranscript& other, const std::string& heading) {
    other.flush_checks();
    begin_connection(heading);
    cards_ += other.cards_;
    cards_ += other.outcome_;
    std::string().swap(other.cards_);   // its memory back now, not when the page is written
    std::string().swap(other.outcome_);
    records_ += other.records_;
    not_drawn_ += other.not_drawn_;
    sealed_ += other.sealed_;
    opened_ += other.opened_;
    computed_ += other.computed_;
}

void HtmlTranscript::add_summary(const std::string& line) { summary_ += "<li>" + html_escape(line) + "</li>"; }

void HtmlTranscript::add_report(const std::string& title, const std::string& text) {
    card(Column::middle, "report", html_escape(title), "<pre class=\"report\">" + html_escape(text) + "</pre>");
}

} // namespace glasstls
