// The HTTP side of `glass server --www`: just enough HTTP/1.1 for a browser,
// curl and `openssl s_client` to fetch a page. One request per connection.
#pragma once

#include <optional>
#include <string>

#include "glasstls/connection.hpp"

namespace glasstls::lab {

// The lab's "Bank32" page, as a complete HTTP response: what this connection
// negotiated (protocol, suite, group, signature scheme, EMS, EtM, resumption,
// SNI, ALPN, client certificate) under the book's heading.
std::string bank32_page(const Connection& conn);

// Whether an HTTP/1.x request's header has ended (an empty line, with CRLF
// or bare LF line endings).
bool http_request_complete(const std::string& request);

// GET /NAME answered from the file NAME in `root` (--www-root), as a complete
// HTTP response; nullopt when there is no root or no such plain file. Names
// with '/' or ".." are refused, so nothing outside `root` can be read.
std::optional<std::string> www_file(const std::string& root, const std::string& request);

} // namespace glasstls::lab
