// TCP sockets for the lab's tools (glass client, server, proxy, probe…):
// resolving, connecting, listening, naming a peer. Nothing here knows TLS;
// the socket driver (glasstls/socket_driver.hpp) puts a connection on them.
#pragma once

#include <string>

struct sockaddr_storage;

namespace glasstls::lab {

struct HostPort {
    std::string host;
    std::string port;
};
// "host:port", with an IPv6 literal in brackets ("[::1]:4433"), as in URLs.
std::string host_port_text(const std::string& host, const std::string& port);

// A connected TCP socket; throws std::runtime_error with a sentence.
int connect_tcp(const HostPort& where);

// A listening TCP socket (SO_REUSEADDR, backlog 128); throws
// std::runtime_error with a sentence.
int listen_tcp(const HostPort& where);

// The peer of an accepted socket, as host_port_text writes it.
std::string peer_name(const sockaddr_storage& addr);

// Writes all of data (retrying short writes); false if the peer is gone.
bool write_all(int fd, const unsigned char* data, std::size_t n);

} // namespace glasstls::lab
