#include "glasstls/lab/net.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "glasstls/socket_driver.hpp"

namespace glasstls::lab {

std::string host_port_text(const std::string& host, const std::string& port) {
    return (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" + port;
}

int connect_tcp(const HostPort& where) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* results = nullptr;
    if (int rc = getaddrinfo(where.host.c_str(), where.port.c_str(), &hints, &results); rc != 0) {
        throw std::runtime_error("cannot resolve " + where.host + ": " + gai_strerror(rc));
    }
    std::string last_error = "no address";
    for (addrinfo* a = results; a != nullptr; a = a->ai_next) {
        int fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
        if (fd < 0) continue;
        if (connect(fd, a->ai_addr, a->ai_addrlen) == 0) {
            freeaddrinfo(results);
            return fd;
        }
        last_error = std::strerror(errno);
        close(fd);
    }
    freeaddrinfo(results);
    throw std::runtime_error("cannot connect to " + where.host + ":" + where.port + ": " + last_error);
}

int listen_tcp(const HostPort& where) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    addrinfo* res = nullptr;
    if (int rc = getaddrinfo(where.host.c_str(), where.port.c_str(), &hints, &res); rc != 0) {
        throw std::runtime_error("cannot resolve " + where.host + ": " + gai_strerror(rc));
    }
    const int fd = socket(res->ai_family, res->ai_socktype | SOCK_CLOEXEC, res->ai_protocol);
    const int one = 1;
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
        bind(fd, res->ai_addr, res->ai_addrlen) != 0 || listen(fd, 128) != 0) {
        const std::string err = std::strerror(errno);
        if (fd >= 0) close(fd);
        freeaddrinfo(res);
        throw std::runtime_error("cannot listen on " + host_port_text(where.host, where.port) + ": " + err);
    }
    freeaddrinfo(res);
    return fd;
}

std::string peer_name(const sockaddr_storage& addr) {
    char host[INET6_ADDRSTRLEN] = "?";
    int port = 0;
    if (addr.ss_family == AF_INET) {
        auto* a = reinterpret_cast<const sockaddr_in*>(&addr);
        inet_ntop(AF_INET, &a->sin_addr, host, sizeof host);
        port = ntohs(a->sin_port);
    } else if (addr.ss_family == AF_INET6) {
        auto* a = reinterpret_cast<const sockaddr_in6*>(&addr);
        inet_ntop(AF_INET6, &a->sin6_addr, host, sizeof host);
        port = ntohs(a->sin6_port);
    }
    return host_port_text(host, std::to_string(port));
}

bool write_all(int fd, const unsigned char* data, std::size_t n) { return glasstls::send_all(fd, {data, n}); }

std::optional<ResolveEntry> parse_resolve(const std::string& text) {
    const std::size_t first = text.find(':');
    if (first == std::string::npos || first == 0) return std::nullopt;
    const std::size_t second = text.find(':', first + 1);
    if (second == std::string::npos || second == first + 1 || second + 1 >= text.size()) return std::nullopt;
    ResolveEntry e{text.substr(0, first), text.substr(first + 1, second - first - 1), text.substr(second + 1)};
    if (e.port != "*" && e.port.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    if (e.address.size() > 2 && e.address.front() == '[' && e.address.back() == ']') e.address = e.address.substr(1, e.address.size() - 2);
    return e;
}

HostPort resolve_with(const HostPort& where, const std::vector<ResolveEntry>& entries) {
    auto same_name = [](const std::string& a, const std::string& b) {
        return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
                   return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
               });
    };
    for (const ResolveEntry& e : entries) {
        if (same_name(e.host, where.host) && (e.port == "*" || e.port == where.port)) return {e.address, where.port};
    }
    return where;
}

} // namespace glasstls::lab
