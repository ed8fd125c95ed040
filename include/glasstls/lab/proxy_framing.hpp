// Where an HTTP/1.x message's body ends, read from its head exactly as
// RFC 9112 §6.3 says — for `glass proxy --replace`, which may only rewrite
// a message whose end it knows for sure. Anything it cannot read exactly
// (two different Content-Length values, a negative one, Transfer-Encoding
// with Content-Length, a folded header line) is `unframeable`: a proxy that
// guessed would lose its place in the stream and rewrite the next message
// as if it were this one's body (request smuggling, RFC 9112 §11.2).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace glasstls::lab {

// A head (start line, field lines, the empty line) cut into its lines.
struct HttpHead {
    std::string start_line;
    std::vector<std::string> fields;   // "Name: value", as received
    std::string method;                // a request's
    int status = 0;                    // a response's
};

// Parses `head` (which ends with CRLF CRLF). False, with `why` said, when
// it is not a head read exactly.
bool parse_head(std::string_view head, bool response, HttpHead& out, std::string& why);
// Whether `line` (without its CRLF) is a request line, or a status line.
bool is_start_line(std::string_view line, bool response);
// Whether the first bytes of a stream (any number of them) could begin an
// HTTP/1.x start line: "HTTP/" for a response, a method token and a space
// for a request. Only the first 32 bytes are looked at.
bool could_start_http(std::string_view first_bytes, bool response);

struct BodyFraming {
    enum class Kind {
        none,          // no body: the next message follows the head
        length,        // Content-Length bytes
        chunked,       // Transfer-Encoding: chunked
        until_close,   // a response without either: to the end of the connection
        tunnel,        // 101 Switching Protocols, a 2xx to CONNECT: no longer HTTP
        unframeable,   // see `why`
    };
    Kind kind = Kind::none;
    std::uint64_t length = 0;
    std::string why;
};
BodyFraming request_framing(const HttpHead& head);
// `request_method`: the method of the request it answers ("" when unknown).
BodyFraming response_framing(const HttpHead& head, std::string_view request_method);

// Whether a field line is the named field (case-insensitive); its value, trimmed, in `value`.
bool field_is(std::string_view line, std::string_view name, std::string_view* value = nullptr);

} // namespace glasstls::lab
