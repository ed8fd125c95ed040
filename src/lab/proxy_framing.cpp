// HTTP/1.x message framing, RFC 9112 §6.3 (see the header).
#include "glasstls/lab/proxy_framing.hpp"

#include <algorithm>
#include <cctype>

namespace glasstls::lab {

namespace {

// RFC 9110 §5.6.2: the characters of a token (a method, a field name).
bool is_tchar(unsigned char c) {
    return std::isalnum(c) != 0 || std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool is_version(std::string_view v) {   // HTTP-version = "HTTP/" DIGIT "." DIGIT (RFC 9112 §2.3)
    return v.size() == 8 && v.substr(0, 5) == "HTTP/" && std::isdigit(static_cast<unsigned char>(v[5])) != 0 && v[6] == '.' &&
           std::isdigit(static_cast<unsigned char>(v[7])) != 0;
}

// request-line = method SP request-target SP HTTP-version (RFC 9112 §3).
bool parse_request_line(std::string_view line, HttpHead& out) {
    const std::size_t sp1 = line.find(' '), sp2 = line.rfind(' ');
    if (sp1 == 0 || sp1 == std::string_view::npos || sp2 == sp1) return false;
    const std::string_view method = line.substr(0, sp1), target = line.substr(sp1 + 1, sp2 - sp1 - 1);
    if (!std::all_of(method.begin(), method.end(), [](char c) { return is_tchar(static_cast<unsigned char>(c)); })) return false;
    if (target.empty() || std::any_of(target.begin(), target.end(), [](char c) { return static_cast<unsigned char>(c) <= ' '; })) return false;
    if (!is_version(line.substr(sp2 + 1))) return false;
    out.method = std::string(method);
    return true;
}

// status-line = HTTP-version SP status-code SP [ reason-phrase ] (RFC 9112 §4).
bool parse_status_line(std::string_view line, HttpHead& out) {
    if (line.size() < 12 || !is_version(line.substr(0, 8)) || line[8] != ' ') return false;
    if (!std::all_of(line.begin() + 9, line.begin() + 12, [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; })) return false;
    if (line.size() > 12 && line[12] != ' ') return false;
    out.status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
    return true;
}

// The values of every `name` field, each comma-separated list split into its elements.
std::vector<std::string_view> elements_of(const HttpHead& head, std::string_view name, bool& present) {
    std::vector<std::string_view> all;
    present = false;
    for (const std::string& line : head.fields) {
        std::string_view value;
        if (!field_is(line, name, &value)) continue;
        present = true;
        for (std::size_t at = 0;;) {
            const std::size_t comma = value.find(',', at);
            all.push_back(trim(value.substr(at, comma == std::string_view::npos ? std::string_view::npos : comma - at)));
            if (comma == std::string_view::npos) break;
            at = comma + 1;
        }
    }
    return all;
}

// Content-Length and Transfer-Encoding, the two framings a head may state
// (RFC 9112 §6.3 items 3 to 5); `kind` stays `none` when it states neither.
BodyFraming stated_framing(const HttpHead& head) {
    BodyFraming f;
    bool has_length = false, has_coding = false;
    const std::vector<std::string_view> lengths = elements_of(head, "Content-Length", has_length);
    const std::vector<std::string_view> codings = elements_of(head, "Transfer-Encoding", has_coding);
    if (has_coding) {
        f.kind = BodyFraming::Kind::unframeable;
        if (has_length) f.why = "both Transfer-Encoding and Content-Length (RFC 9112 §6.1: how request smuggling begins)";
        else if (codings.size() != 1 || lower(codings[0]) != "chunked")
            f.why = "Transfer-Encoding other than chunked alone (RFC 9112 §6.3: no coding but chunked is decoded here)";
        else f.kind = BodyFraming::Kind::chunked;
        return f;
    }
    if (!has_length) return f;
    // Content-Length = 1*DIGIT; a list of one repeated value is allowed (§6.3 item 5).
    for (std::string_view v : lengths) {
        const bool digits = !v.empty() && v.size() <= 18 && std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (!digits || v != lengths.front()) {
            f.kind = BodyFraming::Kind::unframeable;
            f.why = digits ? "Content-Length values that differ (RFC 9112 §6.3 item 5)" : "a Content-Length that is not a number of at most 18 digits ('" +
                                                                                              std::string(v.substr(0, 40)) + "', RFC 9112 §6.3 item 5)";
            return f;
        }
    }
    f.kind = BodyFraming::Kind::length;
    f.length = std::stoull(std::string(lengths.front()));
    return f;
}

} // namespace

bool field_is(std::string_view line, std::string_view name, std::string_view* value) {
    if (line.size() <= name.size() || line[name.size()] != ':') return false;
    if (!std::equal(name.begin(), name.end(), line.begin(),
                    [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b)); })) {
        return false;
    }
    if (value != nullptr) *value = trim(line.substr(name.size() + 1));
    return true;
}

bool could_start_http(std::string_view first, bool response) {
    first = first.substr(0, 32);
    if (response) return std::string_view("HTTP/").substr(0, first.size()) == first.substr(0, 5);
    for (std::size_t i = 0; i < first.size(); ++i) {
        if (first[i] == ' ') return i > 0;
        if (!is_tchar(static_cast<unsigned char>(first[i]))) return false;
    }
    return true;
}

bool is_start_line(std::string_view line, bool response) {
    HttpHead ignored;
    return response ? parse_status_line(line, ignored) : parse_request_line(line, ignored);
}

bool parse_head(std::string_view head, bool response, HttpHead& out, std::string& why) {
    out = HttpHead{};
    std::vector<std::string_view> lines;
    for (std::size_t at = 0; at + 2 < head.size();) {
        const std::size_t end = head.find("\r\n", at);
        lines.push_back(head.substr(at, end - at));
        at = end + 2;
    }
    if (lines.empty() || !(response ? parse_status_line(lines[0], out) : parse_request_line(lines[0], out))) {
        why = "not an HTTP/1.x " + std::string(response ? "status" : "request") + " line";
        return false;
    }
    out.start_line = std::string(lines[0]);
    for (std::size_t i = 1; i < lines.size(); ++i) {
        const std::string_view line = lines[i];
        // A bare CR must not be taken as a line end by one reader and not by another (RFC 9112 §2.2).
        if (line.find('\r') != std::string_view::npos) {
            why = "a bare CR in the head (RFC 9112 §2.2)";
            return false;
        }
        if (line.front() == ' ' || line.front() == '\t') {
            why = "a folded header line (obs-fold, RFC 9112 §5.2)";
            return false;
        }
        const std::size_t colon = line.find(':');
        if (colon == 0 || colon == std::string_view::npos ||
            !std::all_of(line.begin(), line.begin() + static_cast<std::ptrdiff_t>(colon), [](char c) { return is_tchar(static_cast<unsigned char>(c)); })) {
            why = "a header line that is not NAME: VALUE (RFC 9112 §5.1)";
            return false;
        }
        out.fields.emplace_back(line);
    }
    return true;
}

BodyFraming request_framing(const HttpHead& head) {
    // §6.3 item 6: a request that states neither has no body.
    return stated_framing(head);
}

BodyFraming response_framing(const HttpHead& head, std::string_view request_method) {
    BodyFraming f;
    // §6.3 item 1: these never have a body, whatever the head says.
    if (head.status == 101 || (request_method == "CONNECT" && head.status / 100 == 2)) {
        f.kind = BodyFraming::Kind::tunnel;
        return f;
    }
    if (head.status / 100 == 1 || head.status == 204 || head.status == 304 || request_method == "HEAD") return f;
    f = stated_framing(head);
    // §6.3 item 8: otherwise the body runs to the end of the connection.
    if (f.kind == BodyFraming::Kind::none) f.kind = BodyFraming::Kind::until_close;
    return f;
}

} // namespace glasstls::lab
