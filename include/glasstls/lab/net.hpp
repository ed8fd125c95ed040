// TCP sockets for the lab's tools (glass client, server, proxy, probe…):
// resolving, connecting, listening, naming a peer. Nothing here knows TLS;
// the socket driver (glasstls/socket_driver.hpp) puts a connection on them.
#pragma once

#include <optional>
#include <string>
#include <vector>

struct sockaddr_storage;

namespace glasstls::lab {

struct HostPort {
    std::string host;
    std::string port;
};
// "host:port", with an IPv6 literal in brackets ("[::1]:4433"), as in URLs.
std::string host_port_text(const std::string& host, const std::string& port);

// curl's --resolve HOST:PORT:ADDRESS: a connection to HOST:PORT goes to
// ADDRESS instead, while the name stays HOST for SNI, the certificate check
// and the Host header. The lab maps www.lab.test to a server of its choice
// this way (SEED's DNS experiment) without editing /etc/hosts. PORT "*"
// matches every port, as in curl.
struct ResolveEntry {
    std::string host, port, address;
};
// Reads HOST:PORT:ADDRESS (ADDRESS may be an IPv6 literal, with or without
// brackets); nullopt when it is not of that form.
std::optional<ResolveEntry> parse_resolve(const std::string& text);
// `where`, with its host replaced by the address of the first entry for
// that host (case-insensitive, RFC 4343) and port.
HostPort resolve_with(const HostPort& where, const std::vector<ResolveEntry>& entries);

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
