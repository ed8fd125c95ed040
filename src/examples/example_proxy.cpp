// example_proxy PORT CERT KEY UPSTREAM_HOST:PORT CAFILE — a TLS-terminating
// proxy on glasstls's public API: it accepts TLS on 127.0.0.1:PORT with its
// own certificate (CERT, KEY), opens TLS to the upstream (verified against
// CAFILE and UPSTREAM_HOST), and relays the plaintext both ways, one
// connection at a time. It sees every byte in clear: that is what a TLS
// terminator — or a man in the middle — is (glass proxy is the lab's MITM).
//
//   g++ -std=c++20 example_proxy.cpp $(pkg-config --cflags --libs glasstls)
#include <iostream>
#include <memory>
#include <string>

#include "glasstls/credentials.hpp"
#include "glasstls/handshake_client.hpp"
#include "glasstls/handshake_server.hpp"
#include "glasstls/socket_driver.hpp"
#include "tcp.hpp"

using namespace glasstls;

namespace {

// Moves the plaintext `from` has received to `to`; false when `to` is gone.
bool forward(Connection& from, SocketDriver& to) {
    std::uint8_t buffer[16384];
    while (std::size_t n = from.read(buffer)) {
        if (!to.write({buffer, n})) return false;
    }
    return true;
}

// Relays until one side ends, then closes the other with close_notify.
// The client's driver waits on both sockets: `other_fd` means the upstream
// has bytes, which its own driver then takes (a slice of 0: no waiting).
std::string relay(SocketDriver& client, SocketDriver& upstream) {
    for (;;) {
        if (!forward(client.connection(), upstream) || !forward(upstream.connection(), client)) return "a side went away";
        if (client.connection().peer_closed() || upstream.connection().peer_closed()) break;
        Wake wake = client.pump(upstream.fd());
        if (wake == Wake::other_fd) wake = upstream.pump(-1, 0);
        if (wake == Wake::closed) break;
        if (wake == Wake::timed_out || wake == Wake::gone) return "a side timed out or went away";
    }
    client.close();
    upstream.close();
    return "relayed";
}

std::string proxy_one(int client_fd, const ServerConfig& ours, const ClientConfig& theirs, const std::string& upstream) {
    Connection down(crypto::system_random(), nullptr);
    down.set_engine(std::make_unique<ServerHandshake>(down, ours));
    SocketDriver client(down, client_fd, Deadlines{.handshake_ms = 10000, .idle_ms = 30000});
    if (client.handshake() != Wake::progress) return "the client did not finish the handshake";

    const auto [host, port] = split_host_port(upstream);
    const Socket tcp = connect_to(host, port);
    if (!tcp.ok()) return "cannot connect to " + upstream;
    Connection up(crypto::system_random(), nullptr);
    up.set_engine(std::make_unique<ClientHandshake>(up, theirs));
    up.start();
    SocketDriver server(up, tcp.fd(), Deadlines{.handshake_ms = 10000, .idle_ms = 30000});
    // The upstream's certificate is verified like any client's: a proxy
    // that skips it hands its clients to whoever answers (RFC 6125 §6).
    if (server.handshake() != Wake::progress) return "the upstream did not finish the handshake";
    return relay(client, server) + " (upstream " + up.info().peer_chain.at(0).subject.to_string() + ")";
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 6) {
        std::cerr << "usage: example_proxy PORT CERT KEY UPSTREAM_HOST:PORT CAFILE\n";
        return 2;
    }
    ServerConfig ours;
    ClientConfig theirs;
    verify::TrustStore trust;
    try {
        ours.credentials.push_back(load_credential(argv[2], argv[3]));
        trust.add_file(argv[5]);
    } catch (const TlsError& e) {
        std::cerr << "example_proxy: " << e.describe() << "\n";
        return 1;
    }
    theirs.trust = &trust;
    theirs.server_name = split_host_port(argv[4]).first;
    const Socket listener = listen_on(std::stoi(argv[1]));
    if (!listener.ok()) {
        std::cerr << "example_proxy: cannot listen on 127.0.0.1:" << argv[1] << "\n";
        return 1;
    }
    std::cerr << "example_proxy: listening on 127.0.0.1:" << argv[1] << ", relaying to " << argv[4] << std::endl;
    for (;;) {
        const Socket client(accept(listener.fd(), nullptr, nullptr));
        if (!client.ok()) continue;
        try {
            const std::string outcome = proxy_one(client.fd(), ours, theirs, argv[4]);
            std::cerr << "example_proxy: " << outcome << std::endl;
        } catch (const TlsError& e) {   // either side; its driver has sent the fatal alert
            std::cerr << "example_proxy: failed: " << e.describe() << std::endl;
        }
    }
}
