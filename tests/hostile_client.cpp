// A deliberately misbehaving TLS client for tests/hostile-server.sh: it
// completes a real handshake with the library, then sends what no honest
// peer sends — records TLS forbids or repeats that cost the server work —
// and reports how the server answered.
//
//   hostile_client PORT renegotiate N    N ClientHellos after the handshake
//   hostile_client PORT warnings N       N warning alerts in a row
//   hostile_client PORT empty N          N empty application-data records
//   hostile_client PORT split-hellos MB  ClientHello-typed messages, every record cut
//                                        one byte into the next message, MB megabytes
//
// Prints one line: "server closed after R records: ALERT" or "server still
// open after R records". 127.0.0.1 only.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "glasstls/handshake_client.hpp"

using namespace glasstls;

namespace {

int fd = -1;
Connection* conn = nullptr;
std::string alert;   // what the server said, if it ended the connection

bool send_all(const Bytes& b) {
    std::size_t off = 0;
    while (off < b.size()) {
        ssize_t w = send(fd, b.data() + off, b.size() - off, MSG_NOSIGNAL);
        if (w <= 0) return false;
        off += static_cast<std::size_t>(w);
    }
    return true;
}

// Reads whatever the server has sent within `ms`; false once it has closed.
bool pump(int ms) {
    unsigned char buf[16384];
    pollfd p{fd, POLLIN, 0};
    while (poll(&p, 1, ms) > 0) {
        ssize_t r = recv(fd, buf, sizeof buf, 0);
        if (r <= 0) return false;
        try {
            conn->receive({buf, static_cast<std::size_t>(r)});
        } catch (const TlsError& e) {
            alert = alert_name(e.alert());
            return false;
        }
        while (conn->read(buf) != 0) {
        }
        if (!send_all(conn->take_output())) return false;
        ms = 0;
    }
    return true;
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: hostile_client PORT renegotiate|warnings|empty|split-hellos N\n");
        return 2;
    }
    const std::string mode = argv[2];
    const long n = std::atol(argv[3]);
    fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(std::atoi(argv[1])));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        std::perror("connect");
        return 2;
    }
    Connection c(crypto::system_random(), nullptr);
    conn = &c;
    ClientConfig cc;
    cc.verify_peer = false;
    c.set_engine(std::make_unique<ClientHandshake>(c, cc));
    c.start();
    send_all(c.take_output());
    for (int i = 0; i < 100 && !c.handshake_done(); ++i) {
        if (!pump(100)) break;
    }
    if (!c.handshake_done()) {
        std::printf("handshake failed%s\n", alert.empty() ? "" : (": " + alert).c_str());
        return 1;
    }

    ClientHello again;
    again.random = Bytes(32, 7);
    again.cipher_suites = {0xC02F};
    const Bytes hello = frame_handshake(HandshakeType::client_hello, again.encode());
    const std::uint8_t warning[2] = {1, static_cast<std::uint8_t>(AlertDescription::unrecognized_name)};
    long records = 0;
    bool open = true;
    if (mode == "split-hellos") {
        // Message after message, each record one message long but cut one
        // byte into the next: the first record is hello + hello[0], every
        // later one hello[1..] + hello[0] (the stream is periodic).
        Bytes first = hello, later(hello.begin() + 1, hello.end());
        first.push_back(hello[0]);
        later.push_back(hello[0]);
        const long total = n * 1024 * 1024;
        for (long sent = 0; open && sent < total; sent += static_cast<long>(later.size())) {
            c.write_raw_record(ContentType::handshake, records == 0 ? first : later);
            ++records;
            open = send_all(c.take_output()) && (records % 64 != 0 || pump(0));
        }
    } else {
        for (; open && records < n; ++records) {
            if (mode == "renegotiate") c.write_raw_record(ContentType::handshake, hello);
            else if (mode == "warnings") c.write_raw_record(ContentType::alert, warning);
            else if (mode == "empty") c.write_raw_record(ContentType::application_data, {});
            else return 2;
            open = send_all(c.take_output()) && pump(20);
        }
    }
    if (open) open = pump(500);
    if (open) std::printf("server still open after %ld records\n", records);
    else std::printf("server closed after %ld records: %s\n", records, alert.empty() ? "(no alert)" : alert.c_str());
    close(fd);
    return 0;
}
