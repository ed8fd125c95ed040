// Sockets for the glass program: the thin I/O adapter around the sans-IO
// engine. Nothing here knows TLS.
#pragma once

#include <string>

struct sockaddr_storage;

namespace glass {

struct HostPort {
    std::string host;
    std::string port;
};
// "host:port", "[::1]:port"; throws UsageError when malformed.
HostPort parse_host_port(const std::string& text);

// "host:port", with an IPv6 literal in brackets ("[::1]:4433"), as in URLs.
std::string host_port_text(const std::string& host, const std::string& port);

// A connected TCP socket; throws std::runtime_error with a sentence.
int connect_tcp(const HostPort& where);

// A listening TCP socket (SO_REUSEADDR, backlog 128); throws
// std::runtime_error with a sentence.
int listen_tcp(const HostPort& where);

// listen_tcp for a program's main loop: -1, the reason printed as
// "PROGRAM: …", when the address cannot be had.
int listen_or_say(const HostPort& where, const char* program);

// The peer of an accepted socket, as host_port_text writes it.
std::string peer_name(const sockaddr_storage& addr);

// Writes all of data (retrying short writes); false if the peer is gone.
bool write_all(int fd, const unsigned char* data, std::size_t n);

} // namespace glass
