// Sockets for the glass program: the thin I/O adapter around the sans-IO
// engine. Nothing here knows TLS.
#pragma once

#include <string>

namespace glass {

struct HostPort {
    std::string host;
    std::string port;
};
// "host:port", "[::1]:port"; throws UsageError when malformed.
HostPort parse_host_port(const std::string& text);

// A connected TCP socket; throws std::runtime_error with a sentence.
int connect_tcp(const HostPort& where);

// Writes all of data (retrying short writes); false if the peer is gone.
bool write_all(int fd, const unsigned char* data, std::size_t n);

} // namespace glass
