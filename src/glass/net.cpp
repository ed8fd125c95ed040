#include "net.hpp"

#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "cli.hpp"

namespace glass {

HostPort parse_host_port(const std::string& text) {
    HostPort hp;
    if (!text.empty() && text[0] == '[') {
        const auto close = text.find(']');
        if (close == std::string::npos || close + 1 >= text.size() || text[close + 1] != ':') {
            throw UsageError("expected [IPv6]:PORT, got '" + text + "'");
        }
        hp.host = text.substr(1, close - 1);
        hp.port = text.substr(close + 2);
    } else {
        const auto colon = text.rfind(':');
        if (colon == std::string::npos || colon == 0) throw UsageError("expected HOST:PORT, got '" + text + "'");
        hp.host = text.substr(0, colon);
        hp.port = text.substr(colon + 1);
    }
    if (hp.port.empty() || hp.port.find_first_not_of("0123456789") != std::string::npos) {
        throw UsageError("the port must be a number, got '" + hp.port + "'");
    }
    return hp;
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

bool write_all(int fd, const unsigned char* data, std::size_t n) {
    while (n > 0) {
        ssize_t w = send(fd, data, n, MSG_NOSIGNAL);
        if (w < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        data += w;
        n -= static_cast<std::size_t>(w);
    }
    return true;
}

} // namespace glass
