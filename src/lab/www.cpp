// See www.hpp.
#include "glasstls/lab/www.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>

#include "glasstls/der.hpp"
#include "glasstls/html.hpp"
#include "glasstls/messages.hpp"

namespace glasstls::lab {

std::string bank32_page(const Connection& conn) {
    const ConnectionInfo& i = conn.info();
    auto row = [](const std::string& k, const std::string& v) { return "<tr><th>" + k + "</th><td>" + html_escape(v) + "</td></tr>\n"; };
    std::string group = i.group ? std::string(crypto::group_name(*i.group)) : i.resumed ? "(resumed)" : "none (RSA key exchange)";
    std::string body = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Bank32</title>"
                       "<style>body{font-family:sans-serif;margin:2em}th{text-align:left;padding-right:1em;white-space:nowrap}</style></head>\n"
                       "<body><h1>This is Bank32.com!</h1>\n<p>Served by glasstls over TLS 1.2.</p>\n<table>\n";
    body += row("Protocol", version_name(i.version));
    body += row("Cipher suite", std::string(i.suite->iana_name) + " (" + std::string(i.suite->openssl_name) + ")");
    body += row("Key exchange group", group);
    body += row("Signature scheme", i.signature_scheme ? scheme_name(*i.signature_scheme) : "(none)");
    body += row("Extended master secret", i.extended_master_secret ? "yes" : "no");
    body += row("Encrypt-then-MAC", i.suite->is_aead() ? "n/a (AEAD)" : i.encrypt_then_mac ? "yes" : "no");
    body += row("Session", i.resumed ? "resumed" : "new");
    body += row("Server name (SNI)", i.server_name.empty() ? "(none)" : i.server_name);
    if (!i.alpn.empty()) body += row("ALPN", i.alpn);
    body += row("Client certificate", i.peer_chain.empty() ? "(none)" : i.peer_chain[0].subject.to_string());
    body += "</table>\n</body></html>\n";
    return "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " + std::to_string(body.size()) +
           "\r\nConnection: close\r\n\r\n" + body;
}

bool http_request_complete(const std::string& request) {
    // RFC 9112 §2.2: a recipient may take a bare LF as a line terminator, so
    // the header ends at an empty line however lines end ("\r\n\r\n",
    // "\n\n", or a mix).
    return request.find("\n\n") != std::string::npos || request.find("\n\r\n") != std::string::npos;
}

namespace {

const char* const kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

int month_number(const char* name) {
    for (int i = 0; i < 12; ++i) {
        if (std::strcmp(name, kMonths[i]) == 0) return i + 1;
    }
    return 0;
}

// The value of header field `name` (matched without regard to case, RFC
// 9110 §5.1), its surrounding whitespace trimmed; nullopt when absent.
std::optional<std::string> header_value(const std::string& request, std::string_view name) {
    for (std::size_t at = request.find('\n'); at != std::string::npos; at = request.find('\n', at)) {
        if (++at < request.size() && (request[at] == '\r' || request[at] == '\n')) break;   // the header's end
        const std::size_t colon = at + name.size();
        if (colon >= request.size() || request[colon] != ':') continue;
        if (!std::equal(name.begin(), name.end(), request.begin() + static_cast<std::ptrdiff_t>(at),
                        [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b)); })) {
            continue;
        }
        const std::size_t first = request.find_first_not_of(" \t", colon + 1), last = request.find_first_of("\r\n", colon + 1);
        if (first == std::string::npos || first >= last) return std::string();
        return request.substr(first, request.find_last_not_of(" \t", last - 1) + 1 - first);
    }
    return std::nullopt;
}

// "GET /NAME HTTP/1.1": the method and the target; nullopt without the
// three parts of a request line (RFC 9112 §3).
std::optional<std::pair<std::string, std::string>> request_line(const std::string& request) {
    const std::size_t method_end = request.find(' ');
    if (method_end == std::string::npos) return std::nullopt;
    const std::size_t target_end = request.find(' ', method_end + 1);
    const std::size_t line_end = request.find('\n');
    if (target_end == std::string::npos || target_end > line_end) return std::nullopt;
    return std::pair(request.substr(0, method_end), request.substr(method_end + 1, target_end - method_end - 1));
}

// The file `target` names in `root`, opened for reading, when it is a
// regular file: -1 otherwise. Only "/NAME" with no '/' or ".." in NAME.
// O_NONBLOCK: a FIFO put in the root must not block the open.
int open_in_root(const std::string& root, const std::string& target, struct stat& st) {
    if (root.empty() || target.size() < 2 || target[0] != '/' || target.find('/', 1) != std::string::npos ||
        target.find("..") != std::string::npos) {
        return -1;
    }
    const int fd = ::open((root + target).c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) return -1;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        return -1;
    }
    return fd;
}

// The header of a file's response; `status` is "200 OK" or "304 Not Modified".
std::string file_head(const std::string& status, const std::string& name, const struct stat& st) {
    std::string head = "HTTP/1.1 " + status + "\r\nDate: " + http_date(std::time(nullptr)) + "\r\nLast-Modified: " + http_date(st.st_mtime) + "\r\n";
    if (status[0] == '2') head += "Content-Type: " + media_type_for(name) + "\r\nContent-Length: " + std::to_string(st.st_size) + "\r\n";
    return head + "Connection: close\r\n\r\n";
}

// RFC 9110 §13.1.3: not modified when the file is no newer than the date
// the client gives. Ignored when the date is no HTTP-date, and when
// If-None-Match is present (§13.2.2: it takes precedence, and there are no
// entity tags here to compare it with).
bool not_modified(const std::string& request, const struct stat& st) {
    if (header_value(request, "If-None-Match")) return false;
    const std::optional<std::string> since = header_value(request, "If-Modified-Since");
    const std::optional<std::int64_t> date = since ? parse_http_date(*since) : std::nullopt;
    return date && static_cast<std::int64_t>(st.st_mtime) <= *date;
}

// The header only, for HEAD: everything up to and with the empty line.
std::string head_of(const std::string& response) { return response.substr(0, response.find("\r\n\r\n") + 4); }

} // namespace

std::string media_type_for(std::string_view name) {
    static constexpr std::pair<std::string_view, std::string_view> types[] = {
        {"html", "text/html; charset=utf-8"}, {"htm", "text/html; charset=utf-8"}, {"txt", "text/plain; charset=utf-8"},
        {"css", "text/css; charset=utf-8"},   {"js", "text/javascript; charset=utf-8"}, {"json", "application/json"},
        {"svg", "image/svg+xml"},             {"png", "image/png"},  {"jpg", "image/jpeg"}, {"jpeg", "image/jpeg"},
        {"gif", "image/gif"},                 {"ico", "image/x-icon"}, {"pdf", "application/pdf"},
    };
    const std::size_t dot = name.rfind('.');
    if (dot == std::string_view::npos) return "application/octet-stream";
    std::string extension(name.substr(dot + 1));
    for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const auto& [ext, type] : types) {
        if (ext == extension) return std::string(type);
    }
    return "application/octet-stream";
}

std::string http_date(std::int64_t unix_seconds) {
    const std::time_t t = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char out[40];
    std::snprintf(out, sizeof out, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[tm.tm_wday], tm.tm_mday, kMonths[tm.tm_mon], tm.tm_year + 1900,
                  tm.tm_hour, tm.tm_min, tm.tm_sec);
    return out;
}

std::optional<std::int64_t> parse_http_date(std::string_view text) {
    // RFC 9110 §5.6.7: IMF-fixdate "Sun, 06 Nov 1994 08:49:37 GMT", the
    // obsolete RFC 850 "Sunday, 06-Nov-94 08:49:37 GMT" and asctime
    // "Sun Nov  6 08:49:37 1994". %n checks the whole text was read.
    const std::string s(text);
    char month[4] = {};
    int day = 0, year = 0, h = 0, m = 0, sec = 0, used = 0;
    const bool read = (std::sscanf(s.c_str(), "%*3[A-Za-z], %2d %3[A-Za-z] %4d %2d:%2d:%2d GMT%n", &day, month, &year, &h, &m, &sec, &used) == 6 ||
                       std::sscanf(s.c_str(), "%*[A-Za-z], %2d-%3[A-Za-z]-%2d %2d:%2d:%2d GMT%n", &day, month, &year, &h, &m, &sec, &used) == 6 ||
                       std::sscanf(s.c_str(), "%*3[A-Za-z] %3[A-Za-z] %2d %2d:%2d:%2d %4d%n", month, &day, &h, &m, &sec, &year, &used) == 6) &&
                      used == static_cast<int>(s.size());
    const int mon = month_number(month);
    if (!read || mon == 0 || day < 1 || day > 31 || h > 23 || m > 59 || sec > 60) return std::nullopt;
    // §5.6.7: a two-digit year more than 50 years ahead is in the past.
    if (year < 100) year += year < 70 ? 2000 : 1900;
    return der::days_from_civil(year, static_cast<unsigned>(mon), static_cast<unsigned>(day)) * 86400 + h * 3600 + m * 60 + sec;
}

WwwResponse::WwwResponse(std::string whole) : head_(std::move(whole)) {}

WwwResponse::WwwResponse(std::string head, int fd, std::uint64_t length)
    : head_(std::move(head)), fd_(fd), body_length_(length), body_left_(length) {}

WwwResponse::~WwwResponse() {
    if (fd_ >= 0) ::close(fd_);
}

std::size_t WwwResponse::write_some(Connection& conn, std::size_t budget) {
    std::size_t written = 0;
    if (head_sent_ < head_.size()) {
        const std::size_t n = std::min(budget, head_.size() - head_sent_);
        conn.write(as_bytes(std::string_view(head_).substr(head_sent_, n)));
        head_sent_ += n;
        written += n;
    }
    while (written < budget && body_left_ > 0) {
        if (block_.empty()) block_.resize(block_size);
        const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>({block_size, body_left_, budget - written}));
        const ssize_t got = ::read(fd_, block_.data(), want);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) {   // the file shrank (or failed) under us: stop short
            truncated_ = true;
            body_left_ = 0;
            break;
        }
        conn.write({block_.data(), static_cast<std::size_t>(got)});
        body_left_ -= static_cast<std::uint64_t>(got);
        written += static_cast<std::size_t>(got);
    }
    if (body_left_ == 0 && fd_ >= 0) {   // done with the file: its descriptor and buffer go now
        ::close(fd_);
        fd_ = -1;
        Bytes().swap(block_);
    }
    return written;
}

std::unique_ptr<WwwResponse> www_respond(const std::string& root, const std::string& request, const Connection& conn) {
    const auto line = request_line(request);
    const std::string method = line ? line->first : request.substr(0, request.find_first_of(" \r\n"));
    const bool head = method == "HEAD";
    if (method != "GET" && !head) {
        // RFC 9110 §15.5.6: a 405 names the methods that are allowed.
        return std::make_unique<WwwResponse>("HTTP/1.1 405 Method Not Allowed\r\nAllow: GET, HEAD\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    }
    struct stat st {};
    const int fd = line ? open_in_root(root, line->second, st) : -1;
    if (fd < 0) return std::make_unique<WwwResponse>(head ? head_of(bank32_page(conn)) : bank32_page(conn));
    if (head || not_modified(request, st)) {   // a header alone: the file need not be read
        ::close(fd);
        return std::make_unique<WwwResponse>(file_head(not_modified(request, st) ? "304 Not Modified" : "200 OK", line->second, st));
    }
    return std::make_unique<WwwResponse>(file_head("200 OK", line->second, st), fd, static_cast<std::uint64_t>(st.st_size));
}

} // namespace glasstls::lab
