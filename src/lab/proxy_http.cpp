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

namespace {

std::size_t replace_all(std::string& s, const std::string& from, const std::string& to) {
    std::size_t n = 0;
    for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
        s.replace(at, from.size(), to);
        ++n;
    }
    return n;
}

// The header named `name` (case-insensitive) in an HTTP head: [start, end) of its line, or npos.
std::pair<std::size_t, std::size_t> find_header(const std::string& head, std::string_view name) {
    for (std::size_t at = head.find("\r\n"); at != std::string::npos && at + 2 < head.size(); at = head.find("\r\n", at + 2)) {
        const std::size_t start = at + 2;
        if (head.size() - start > name.size() && head[start + name.size()] == ':' &&
            std::equal(name.begin(), name.end(), head.begin() + static_cast<std::ptrdiff_t>(start),
                       [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b)); })) {
            return {start, std::min(head.find("\r\n", start), head.size())};
        }
    }
    return {std::string::npos, std::string::npos};
}

} // namespace

HttpRewriter::HttpRewriter(bool response, const std::vector<Replacement>& all) : response_(response) {
    bool any_response = false;
    for (const Replacement& r : all) {
        if (r.response == response) rules_.push_back(r);
        any_response = any_response || r.response;
    }
    // A compressed response body would hide what a response rule looks for.
    strip_encoding_ = !response && any_response;
}

std::string HttpRewriter::rewrite_body(std::string body) {
    for (const Replacement& r : rules_) {
        if (const std::size_t n = replace_all(body, r.from, r.to)) {
            notes_.push_back("replaced '" + r.from + "' with '" + r.to + "' in the " + (response_ ? "response" : "request") + " (" +
                             std::to_string(n) + (n == 1 ? " time)" : " times)"));
        }
    }
    return body;
}

// A whole message (head + body): the body rewritten, Content-Length made true again.
std::string HttpRewriter::rewrite_message(std::string message) {
    const std::size_t head_end = message.find("\r\n\r\n") + 4;
    std::string head = message.substr(0, head_end);
    const std::string old_body = message.substr(head_end);
    if (strip_encoding_) {
        if (auto [start, end] = find_header(head, "Accept-Encoding"); start != std::string::npos) {
            head.erase(start, end - start + 2);
            notes_.push_back("removed Accept-Encoding from the request, so the response comes uncompressed");
        }
    }
    std::string body = rewrite_body(old_body);
    if (body.size() != old_body.size()) {
        if (auto [start, end] = find_header(head, "Content-Length"); start != std::string::npos) {
            head.replace(start, end - start, "Content-Length: " + std::to_string(body.size()));
        }
    }
    // Requests are rewritten whole too: a query string is in the head.
    if (!response_) head = rewrite_body(head);
    return head + body;
}

std::string HttpRewriter::feed(std::string_view chunk) {
    if (!active()) return std::string(chunk);
    if (to_the_end_) return rewrite_body(std::string(chunk));
    held_.append(chunk);
    std::string out;
    for (;;) {
        const std::size_t head_end = held_.find("\r\n\r\n");
        if (head_end == std::string::npos) {
            if (held_.size() > max_held) {   // not HTTP as we know it: pass it on, rewritten as it is
                out += rewrite_body(std::move(held_));
                held_.clear();
            }
            return out;
        }
        const std::string head = held_.substr(0, head_end + 4);
        auto [start, end] = find_header(head, "Content-Length");
        std::size_t length = 0;
        if (start != std::string::npos) {
            try {
                length = std::stoull(head.substr(head.find(':', start) + 1, end - head.find(':', start) - 1));
            } catch (const std::exception&) {
                length = 0;
            }
        } else if (response_) {
            // No length: the body runs to the end of the connection; rewrite as it comes.
            out += rewrite_message(held_);
            held_.clear();
            to_the_end_ = true;
            return out;
        }
        if (length > max_held) {
            out += std::move(held_);   // too large to hold: relayed as it is
            held_.clear();
            notes_.push_back("a message of " + std::to_string(length) + " bytes is too large to rewrite; relayed unchanged");
            return out;
        }
        if (held_.size() < head.size() + length) return out;   // wait for the rest of the body
        out += rewrite_message(held_.substr(0, head.size() + length));
        held_.erase(0, head.size() + length);
    }
}

std::string HttpRewriter::finish() {
    std::string rest = rewrite_body(std::move(held_));
    held_.clear();
    return rest;
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
