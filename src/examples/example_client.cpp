// example_client HOST:PORT CAFILE [SERVER_NAME] — a TLS 1.2 client on
// glasstls's public API: it verifies the server's chain against CAFILE and
// its name (SERVER_NAME, else HOST), prints what was negotiated and the
// server's certificate, sends GET / and prints the response.
// Exit 0 on success; 1, with one sentence, on any failure.
//
//   g++ -std=c++20 example_client.cpp $(pkg-config --cflags --libs glasstls)
#include <iostream>
#include <memory>
#include <string>

#include "glasstls/handshake_client.hpp"
#include "glasstls/socket_driver.hpp"
#include "tcp.hpp"

using namespace glasstls;

namespace {

int fail(const std::string& sentence) {
    std::cerr << "example_client: " << sentence << "\n";
    return 1;
}

void print_negotiated(const ConnectionInfo& info) {
    std::cout << "version: " << version_name(info.version) << "\n"
              << "suite: " << info.suite->iana_name << " (" << info.suite->openssl_name << ")\n"
              << "server certificate: " << info.peer_chain.at(0).subject.to_string() << "\n"
              << "verification: " << info.verification << "\n\n";
}

// Prints the server's data until it ends the connection. True when it ended
// with close_notify: a TCP close without one could be an attacker cutting
// the response short (RFC 5246 §7.2.1).
bool print_until_closed(SocketDriver& driver) {
    Connection& conn = driver.connection();
    std::uint8_t buffer[16384];
    for (;;) {
        const Wake wake = driver.pump();
        while (std::size_t n = conn.read(buffer)) std::cout.write(reinterpret_cast<const char*>(buffer), static_cast<std::streamsize>(n));
        if (conn.peer_closed()) {
            driver.close();   // answer close_notify with ours
            return true;
        }
        if (wake != Wake::progress && wake != Wake::quiet) return false;   // closed, timed out, gone
    }
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 3 || argc > 4) {
        std::cerr << "usage: example_client HOST:PORT CAFILE [SERVER_NAME]\n";
        return 2;
    }
    const auto [host, port] = split_host_port(argv[1]);
    ClientConfig config;
    // The name goes into SNI (RFC 6066 §3) and must be in the certificate (RFC 6125 §6).
    config.server_name = argc == 4 ? argv[3] : host;
    verify::TrustStore trust;
    try {
        trust.add_file(argv[2]);
        config.trust = &trust;
        const Socket tcp = connect_to(host, port);
        if (!tcp.ok()) return fail("cannot connect to " + std::string(argv[1]) + ".");

        Connection conn(crypto::system_random(), nullptr);
        conn.set_engine(std::make_unique<ClientHandshake>(conn, config));
        conn.start();   // queues the ClientHello (RFC 5246 §7.4.1.2)
        SocketDriver driver(conn, tcp.fd());
        // A certificate that does not verify is a TlsError thrown from here,
        // after the driver has sent the server its fatal alert.
        if (driver.handshake() != Wake::progress) return fail("the server did not finish the handshake.");
        print_negotiated(conn.info());

        const std::string request = "GET / HTTP/1.1\r\nHost: " + config.server_name + "\r\nConnection: close\r\n\r\n";
        if (!driver.write(as_bytes(request))) return fail("the server closed the connection before the request was sent.");
        if (!print_until_closed(driver)) return fail("the connection ended without close_notify: the response may be truncated.");
        return 0;
    } catch (const TlsError& e) {
        return fail(e.describe() + ".");
    }
}
