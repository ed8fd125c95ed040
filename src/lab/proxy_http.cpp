// HttpRewriter: replacement inside HTTP/1.x messages (see the header).
#include "glasstls/lab/proxy_http.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace glasstls::lab {

Replacement parse_replacement(const std::string& text) {
    const std::size_t colon = text.find(':'), eq = text.find('=', colon == std::string::npos ? 0 : colon);
    if (colon == std::string::npos || eq == std::string::npos) throw std::invalid_argument("--replace is DIRECTION:FROM=TO, not '" + text + "'");
    const std::string direction = text.substr(0, colon);
    if (direction != "request" && direction != "response") throw std::invalid_argument("--replace: the direction is request or response");
    Replacement r{direction == "response", text.substr(colon + 1, eq - colon - 1), text.substr(eq + 1)};
    if (r.from.empty()) throw std::invalid_argument("--replace: nothing to replace in '" + text + "'");
    return r;
}

// --- StreamReplacer -----------------------------------------------------------

StreamReplacer::StreamReplacer(const Replacement& rule) : rule_(rule), border_(rule.from.size(), 0) {
    const std::string& p = rule_.from;
    for (std::size_t i = 1, k = 0; i < p.size(); ++i) {
        while (k > 0 && p[i] != p[k]) k = border_[k - 1];
        if (p[i] == p[k]) ++k;
        border_[i] = k;
    }
}

void StreamReplacer::feed(std::string_view in, std::string& out) {
    const std::string& p = rule_.from;
    for (const char c : in) {
        // A mismatch: the held bytes that can no longer begin a match go out.
        while (matched_ > 0 && p[matched_] != c) {
            const std::size_t keep = border_[matched_ - 1];
            out.append(p, 0, matched_ - keep);
            matched_ = keep;
        }
        if (p[matched_] != c) {
            out.push_back(c);
        } else if (++matched_ == p.size()) {
            out += rule_.to;
            ++count_;
            matched_ = 0;
        }
    }
}

void StreamReplacer::flush(std::string& out) {
    out.append(rule_.from, 0, matched_);
    matched_ = 0;
}

// --- HttpRewriter ---------------------------------------------------------------

HttpRewriter::HttpRewriter(bool response, const std::vector<Replacement>& all) : response_(response) {
    bool any_response = false;
    for (const Replacement& r : all) {
        if (r.response == response) rules_.emplace_back(r);
        any_response = any_response || r.response;
    }
    reported_.assign(rules_.size(), 0);
    // A compressed response body would hide what a response rule looks for.
    strip_encoding_ = !response && any_response;
}

// The rules one after the other, each on what the one before made.
std::string HttpRewriter::replace(std::string_view in) {
    std::string a(in), b;
    for (StreamReplacer& r : rules_) {
        b.clear();
        r.feed(a, b);
        a.swap(b);
    }
    return a;
}

// The end of a message: what every rule held back, through the rules after it.
std::string HttpRewriter::drain() {
    std::string a, b;
    for (StreamReplacer& r : rules_) {
        b.clear();
        r.feed(a, b);
        r.flush(b);
        a.swap(b);
    }
    return a;
}

std::string HttpRewriter::feed(std::string_view chunk) {
    if (!active()) return std::string(chunk);
    std::string out;
    while (!chunk.empty()) chunk.remove_prefix(step(chunk, out));
    note_counts();
    return out;
}

// Consumes at least one byte of `in`, according to where in a message we are.
std::size_t HttpRewriter::step(std::string_view in, std::string& out) {
    switch (mode_) {
    case Mode::head: return take_head(in, out);
    case Mode::body: {
        const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(left_, in.size()));
        held_.append(in.substr(0, n));
        if ((left_ -= n) == 0) finish_body(out);
        return n;
    }
    case Mode::body_unchanged: {
        const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(left_, in.size()));
        out.append(in.substr(0, n));
        if ((left_ -= n) == 0) mode_ = Mode::head;
        return n;
    }
    case Mode::chunk_line: return take_chunk_line(in, out);
    case Mode::chunk_data: return take_chunk_data(in, out);
    case Mode::chunk_end: {
        const std::size_t n = std::min<std::size_t>(2 - held_.size(), in.size());
        held_.append(in.substr(0, n));
        if (held_.size() < 2) return n;
        if (held_ != "\r\n") {
            give_up("chunk data not followed by CRLF (RFC 9112 §7.1)", out);
        } else {
            held_.clear();
            mode_ = Mode::chunk_line;
        }
        return n;
    }
    case Mode::trailers: return take_trailers(in, out);
    case Mode::stream: out += replace(in); return in.size();
    case Mode::verbatim: out.append(in); return in.size();
    }
    return in.size();
}

// Appends to held_ up to the end of the next line (or all of `in`).
std::size_t HttpRewriter::take_line(std::string_view in) {
    const std::size_t nl = in.find('\n');
    const std::size_t n = nl == std::string_view::npos ? in.size() : nl + 1;
    held_.append(in.substr(0, n));
    return n;
}

static bool bare_lf_at_end(const std::string& s) { return !s.empty() && s.back() == '\n' && (s.size() < 2 || s[s.size() - 2] != '\r'); }

std::size_t HttpRewriter::take_head(std::string_view in, std::string& out) {
    const std::size_t before = held_.size(), n = take_line(in);
    // Not HTTP at all (known from its first bytes, or its first line): a plain stream.
    if (!seen_message_ && before < 32 && !could_start_http(held_, response_)) {
        to_stream(out);
        return n;
    }
    const bool line_ended = held_.back() == '\n';
    if (line_ended && !start_line_held_) {
        start_line_held_ = true;
        if (held_ == "\r\n" && seen_message_) {   // RFC 9112 §2.2: an empty line before a message is ignored
            out += held_;
            held_.clear();
            start_line_held_ = false;
            return n;
        }
        const std::string_view line(held_.data(), held_.size() - (bare_lf_at_end(held_) ? 1 : 2));
        if (!is_start_line(line, response_)) {
            if (seen_message_) give_up("not an HTTP/1.x start line after the message before", out);
            else to_stream(out);
            return n;
        }
    }
    if (bare_lf_at_end(held_)) {
        give_up("a line of the head ended by a bare LF (RFC 9112 §2.2)", out);
    } else if (held_.size() > max_head) {
        if (!seen_message_ && !start_line_held_) to_stream(out);
        else give_up("a head longer than 64 KiB", out);
    } else if (held_.size() >= 4 && held_.compare(held_.size() - 4, 4, "\r\n\r\n") == 0) {
        on_head(out);
    }
    return n;
}

void HttpRewriter::to_stream(std::string& out) {
    notes_.push_back(std::string("the ") + (response_ ? "server" : "victim") + " does not speak HTTP/1.x: its bytes are rewritten as one stream");
    out += replace(held_);
    held_.clear();
    mode_ = Mode::stream;
}

void HttpRewriter::give_up(const std::string& why, std::string& out) {
    if (mode_ == Mode::chunk_line || mode_ == Mode::chunk_data || mode_ == Mode::chunk_end) {
        std::string rest = chunk_out_ + drain();   // what the rules already took of the chunked body
        emit_chunk(rest, out);
        chunk_out_.clear();
    }
    out += held_;
    held_.clear();
    mode_ = Mode::verbatim;
    notes_.push_back(std::string("the ") + (response_ ? "response" : "request") + " cannot be framed exactly (" + why +
                     "): the rest of the connection is relayed unchanged");
}

std::string HttpRewriter::pop_method() {
    if (requests_ == nullptr || requests_->methods_.empty()) return "";
    std::string m = std::move(requests_->methods_.front());
    requests_->methods_.pop_front();
    return m;
}

void HttpRewriter::on_head(std::string& out) {
    HttpHead head;
    std::string why;
    if (!parse_head(held_, response_, head, why)) {
        give_up(why, out);
        return;
    }
    seen_message_ = true;
    start_line_held_ = false;
    if (keep_methods_ && methods_.size() < 1024) methods_.push_back(head.method);
    // An interim (1xx) response answers no request yet.
    const BodyFraming f = response_ ? response_framing(head, head.status >= 200 ? pop_method() : "") : request_framing(head);
    switch (f.kind) {
    case BodyFraming::Kind::unframeable: give_up(f.why, out); return;
    case BodyFraming::Kind::tunnel:
        out += held_;
        held_.clear();
        mode_ = Mode::verbatim;
        notes_.push_back("'" + head.start_line + "': no longer HTTP, the rest of the connection is relayed unchanged");
        return;
    case BodyFraming::Kind::length:
        held_.clear();
        left_ = f.length;
        if (f.length > max_held) {   // too large to hold: its body relayed as it is
            out += rewritten_head(head, false, 0);
            notes_.push_back("a message of " + std::to_string(f.length) + " bytes is too large to rewrite; relayed unchanged");
            mode_ = Mode::body_unchanged;
            return;
        }
        head_ = std::move(head);
        mode_ = Mode::body;
        if (left_ == 0) finish_body(out);
        return;
    case BodyFraming::Kind::none:
    case BodyFraming::Kind::chunked:
    case BodyFraming::Kind::until_close:
        out += rewritten_head(head, false, 0);
        held_.clear();
        mode_ = f.kind == BodyFraming::Kind::none ? Mode::head : f.kind == BodyFraming::Kind::chunked ? Mode::chunk_line : Mode::stream;
        return;
    }
}

// A whole body with a Content-Length: rewritten, the length made true again.
void HttpRewriter::finish_body(std::string& out) {
    const std::string body = replace(held_) + drain();
    out += rewritten_head(head_, body.size() != held_.size(), body.size()) + body;
    held_.clear();
    mode_ = Mode::head;
}

// The head to send: a request's lines rewritten (a query string is in the
// head) but never its framing fields; Accept-Encoding gone when responses
// are rewritten; with `fix_length`, one Content-Length of `length`.
std::string HttpRewriter::rewritten_head(const HttpHead& head, bool fix_length, std::uint64_t length) {
    std::string out;
    auto line = [&](const std::string& l) { out += (response_ ? l : replace(l) + drain()) + "\r\n"; };
    line(head.start_line);
    bool length_written = false, stripped = false;
    for (const std::string& f : head.fields) {
        if (field_is(f, "Content-Length") || field_is(f, "Transfer-Encoding")) {
            if (!fix_length) out += f + "\r\n";
            else if (!length_written) out += "Content-Length: " + std::to_string(length) + "\r\n";
            length_written = true;
        } else if (strip_encoding_ && field_is(f, "Accept-Encoding")) {
            stripped = true;
        } else {
            line(f);
        }
    }
    if (stripped) notes_.push_back("removed Accept-Encoding from the request, so the response comes uncompressed");
    return out + "\r\n";
}

// chunk = chunk-size [ chunk-ext ] CRLF chunk-data CRLF (RFC 9112 §7.1).
std::size_t HttpRewriter::take_chunk_line(std::string_view in, std::string& out) {
    const std::size_t n = take_line(in);
    if (held_.size() > max_head) {
        give_up("a chunk-size line longer than 64 KiB", out);
        return n;
    }
    if (held_.back() != '\n') return n;
    if (bare_lf_at_end(held_)) {
        give_up("a chunk-size line ended by a bare LF (RFC 9112 §7.1)", out);
        return n;
    }
    std::string_view line(held_.data(), held_.size() - 2);
    std::uint64_t size = 0;
    std::size_t digits = 0;
    for (; digits < line.size() && std::isxdigit(static_cast<unsigned char>(line[digits])) != 0; ++digits) {
        if (digits == 15) {
            give_up("a chunk size of more than 15 hex digits", out);
            return n;
        }
        const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(line[digits])));
        size = size * 16 + static_cast<std::uint64_t>(c <= '9' ? c - '0' : c - 'a' + 10);
    }
    line.remove_prefix(digits);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);   // BWS before an extension
    if (digits == 0 || (!line.empty() && line.front() != ';')) {
        give_up("a chunk-size line that is not a hex number (RFC 9112 §7.1)", out);
        return n;
    }
    held_.clear();
    if (size == 0) {   // the last chunk: what the rules held back goes in a chunk of its own
        std::string rest = drain();
        emit_chunk(rest, out);
        out += "0\r\n";
        mode_ = Mode::trailers;
    } else {
        left_ = size;
        piece_ = 0;
        mode_ = Mode::chunk_data;
    }
    return n;
}

// A chunk's data goes on rewritten, as a chunk of its own true size, when
// the chunk is whole or every max_piece bytes of it: where the input was cut
// into reads does not change where the output is.
std::size_t HttpRewriter::take_chunk_data(std::string_view in, std::string& out) {
    const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>({left_, in.size(), max_piece - piece_}));
    chunk_out_ += replace(in.substr(0, n));
    left_ -= n;
    piece_ += n;
    if (left_ == 0 || piece_ == max_piece) {
        emit_chunk(chunk_out_, out);
        piece_ = 0;
    }
    if (left_ == 0) mode_ = Mode::chunk_end;
    return n;
}

void HttpRewriter::emit_chunk(std::string& data, std::string& out) {
    if (data.empty()) return;   // a chunk of size 0 would end the body
    static const char hex[] = "0123456789abcdef";
    std::string size;
    for (std::size_t v = data.size(); v != 0; v >>= 4) size.insert(size.begin(), hex[v & 15]);
    out += size + "\r\n" + data + "\r\n";
    data.clear();
}

// trailer-section CRLF, after the last chunk: relayed as it is.
std::size_t HttpRewriter::take_trailers(std::string_view in, std::string& out) {
    const std::size_t n = take_line(in);
    if (held_.size() > max_head) {
        give_up("trailers longer than 64 KiB", out);
    } else if (bare_lf_at_end(held_)) {
        give_up("a trailer line ended by a bare LF (RFC 9112 §7.1.2)", out);
    } else if (held_ == "\r\n" || (held_.size() >= 4 && held_.compare(held_.size() - 4, 4, "\r\n\r\n") == 0)) {
        out += held_;
        held_.clear();
        mode_ = Mode::head;
    }
    return n;
}

std::string HttpRewriter::finish() {
    if (!active()) return {};
    std::string out;
    switch (mode_) {
    case Mode::head:
    case Mode::trailers: out = held_; break;   // cut short: as it came
    case Mode::body: out = rewritten_head(head_, false, 0) + held_; break;
    case Mode::chunk_line:
    case Mode::chunk_data:
    case Mode::chunk_end: {
        std::string rest = chunk_out_ + drain();
        emit_chunk(rest, out);
        out += held_;
        break;
    }
    case Mode::stream: out = drain(); break;
    case Mode::body_unchanged:
    case Mode::verbatim: break;
    }
    held_.clear();
    chunk_out_.clear();
    mode_ = Mode::verbatim;
    note_counts();
    return out;
}

void HttpRewriter::note_counts() {
    for (std::size_t i = 0; i < rules_.size(); ++i) {
        const std::size_t n = rules_[i].count() - reported_[i];
        if (n == 0) continue;
        reported_[i] = rules_[i].count();
        const Replacement& r = rules_[i].rule();
        notes_.push_back("replaced '" + r.from + "' with '" + r.to + "' in the " + (response_ ? "response" : "request") + " (" + std::to_string(n) +
                         (n == 1 ? " time)" : " times)"));
    }
}

std::vector<std::string> HttpRewriter::take_notes() {
    std::vector<std::string> n;
    n.swap(notes_);
    return n;
}

std::string loggable(std::string_view data, const std::string& prefix, std::size_t limit) {
    std::string out = prefix;
    const std::size_t n = std::min(limit, data.size());
    for (std::size_t i = 0; i < n; ++i) {
        const unsigned char c = static_cast<unsigned char>(data[i]);
        if (c == '\n') out += "\n" + prefix;
        else if (c == '\r') continue;
        else out += (c >= 32 && c < 127) || c == '\t' ? static_cast<char>(c) : '.';
    }
    if (data.size() > limit) out += "\n" + prefix + "… (" + std::to_string(data.size() - limit) + " more bytes)";
    return out;
}

} // namespace glasstls::lab
