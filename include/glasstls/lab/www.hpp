// The HTTP side of `glass server --www`: just enough HTTP/1.1 for a browser,
// curl and `openssl s_client` to fetch a page or a file. One request per
// connection.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "glasstls/codec.hpp"
#include "glasstls/connection.hpp"

namespace glasstls::lab {

// The lab's "Bank32" page, as a complete HTTP response: what this connection
// negotiated (protocol, suite, group, signature scheme, EMS, EtM, resumption,
// SNI, ALPN, client certificate) under the book's heading.
std::string bank32_page(const Connection& conn);

// Whether an HTTP/1.x request's header has ended (an empty line, with CRLF
// or bare LF line endings).
bool http_request_complete(const std::string& request);

// A time as an HTTP-date in the preferred IMF-fixdate form (RFC 9110
// §5.6.7), "Sun, 06 Nov 1994 08:49:37 GMT"; and back, from any of the
// three forms a recipient must accept (nullopt: not an HTTP-date).
std::string http_date(std::int64_t unix_seconds);
std::optional<std::int64_t> parse_http_date(std::string_view text);

// The Content-Type for a file served from --www-root, from its name's
// extension (case-insensitive): the web's common text and image types, so
// a browser shows a page instead of downloading it; anything else is
// application/octet-stream (RFC 9110 §8.3).
std::string media_type_for(std::string_view name);

// One HTTP/1.1 response being sent: the header, then the body, read from
// its file in blocks as the socket drains — never the whole file in memory
// (one block of 64 KiB plus the records the caller has not sent yet).
class WwwResponse {
public:
    static constexpr std::size_t block_size = 64 * 1024;

    // A response held whole: a page, an error, a HEAD's header.
    explicit WwwResponse(std::string whole);
    // `head`, then `length` bytes read from `fd` (open, owned from now on).
    WwwResponse(std::string head, int fd, std::uint64_t length);
    ~WwwResponse();
    WwwResponse(const WwwResponse&) = delete;
    WwwResponse& operator=(const WwwResponse&) = delete;

    // Writes at most `budget` more bytes of the response into `conn`
    // (Connection::write): the header first, then the file. Returns the
    // bytes written; 0 once done().
    std::size_t write_some(Connection& conn, std::size_t budget);
    bool done() const { return head_sent_ == head_.size() && body_left_ == 0; }
    // Header + body, as announced (Content-Length); for the log line.
    std::uint64_t total() const { return head_.size() + body_length_; }
    // The file ended (shrank) or failed before Content-Length bytes were
    // read: the response is done but short, and the connection must end
    // without close_notify, so the client sees it cut.
    bool truncated() const { return truncated_; }

private:
    std::string head_;
    std::size_t head_sent_ = 0;
    int fd_ = -1;
    std::uint64_t body_length_ = 0, body_left_ = 0;
    Bytes block_;   // the one buffer the file is read into, reused
    bool truncated_ = false;
};

// The response to a complete request (http_request_complete): GET or HEAD
// /NAME of a regular file NAME in `root` (--www-root) with Content-Length
// and Last-Modified, or 304 when If-Modified-Since is not older than the
// file (RFC 9110 §13.1.3); 405 for any other method; otherwise — no root,
// no such regular file (a directory, a FIFO, one that cannot be opened) —
// the Bank32 page. HEAD gets the header GET would, without the body (RFC
// 9110 §9.3.2). Names with '/' or ".." are refused, so nothing outside
// `root` can be read.
std::unique_ptr<WwwResponse> www_respond(const std::string& root, const std::string& request, const Connection& conn);

} // namespace glasstls::lab
