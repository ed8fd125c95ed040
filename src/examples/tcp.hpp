// The plain TCP part of the three examples: POSIX sockets, nothing of TLS.
// glasstls is sans-IO (docs/architecture.md): the program owns the socket,
// and glasstls::SocketDriver moves the connection's bytes over it.
#pragma once

#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <utility>

// A socket descriptor, closed when it goes out of scope.
class Socket {
public:
    explicit Socket(int fd = -1) : fd_(fd) {}
    Socket(Socket&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
    Socket& operator=(Socket&& other) noexcept {
        std::swap(fd_, other.fd_);
        return *this;
    }
    ~Socket() {
        if (fd_ >= 0) ::close(fd_);
    }
    int fd() const { return fd_; }
    bool ok() const { return fd_ >= 0; }

private:
    int fd_;
};

// "HOST:PORT" split at its last colon; "[::1]:443" loses its brackets.
inline std::pair<std::string, std::string> split_host_port(const std::string& text) {
    const std::size_t colon = text.rfind(':');
    if (colon == std::string::npos) return {text, ""};
    std::string host = text.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    return {host, text.substr(colon + 1)};
}

// A TCP connection to the first address of `host` that answers; !ok() when none does.
inline Socket connect_to(const std::string& host, const std::string& port) {
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (getaddrinfo(host.c_str(), port.c_str(), &hints, &found) != 0) return Socket();
    Socket s;
    for (addrinfo* a = found; a != nullptr && !s.ok(); a = a->ai_next) {
        s = Socket(socket(a->ai_family, a->ai_socktype, a->ai_protocol));
        if (s.ok() && connect(s.fd(), a->ai_addr, a->ai_addrlen) != 0) s = Socket();
    }
    freeaddrinfo(found);
    return s;
}

// A socket listening on 127.0.0.1:port — loopback only: these are lab
// programs, not servers for the open network. !ok() when the port is taken.
inline Socket listen_on(int port) {
    Socket s(socket(AF_INET, SOCK_STREAM, 0));
    const int yes = 1;
    setsockopt(s.fd(), SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(s.fd(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(s.fd(), 16) != 0) return Socket();
    return s;
}
