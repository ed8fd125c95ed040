// In-memory handshake fixtures shared by the handshake and hostile-peer
// tests: the lab's credentials, and a client and a server wired back to back.
#pragma once

#include <optional>

#include "glasstls/handshake_client.hpp"
#include "glasstls/handshake_server.hpp"
#include "helpers.hpp"

namespace testing {
using namespace glasstls;

inline std::string fixture(const std::string& name) { return std::string(GLASSTLS_VECTORS_DIR) + "/x509/" + name; }

struct Lab {
    ServerCredential rsa = load_credential(fixture("rsa-pkcs8.crt.pem"), fixture("rsa-pkcs8.pem"));
    ServerCredential ec = load_credential(fixture("ec-p256-pkcs8.crt.pem"), fixture("ec-p256-pkcs8.pem"));
    ServerCredential ed = load_credential(fixture("ed25519-pkcs8.crt.pem"), fixture("ed25519-pkcs8.pem"));
    verify::TrustStore trust;
    Lab() {
        for (const auto* c : {&rsa, &ec, &ed}) trust.add(c->leaf);
    }
};
inline const Lab& lab() {
    static Lab l;
    return l;
}

// A client and a server connection, and the pump that moves bytes between them.
struct Pair {
    crypto::RandomSource& rng;
    ServerConfig server_config;
    ClientConfig client_config;
    Connection client, server;
    // `client_observer` watches the client (a trace, a JSON stream, a test's counter).
    explicit Pair(crypto::RandomSource& r = crypto::system_random(), Observer* client_observer = nullptr)
        : rng(r), client(r, client_observer), server(r, nullptr) {
        server_config.credentials = {lab().ec, lab().rsa};
        client_config.trust = &lab().trust;
        client_config.server_name = "ec-p256-pkcs8.vectors.test";
    }
    void start() {
        server.set_engine(std::make_unique<ServerHandshake>(server, server_config));
        client.set_engine(std::make_unique<ClientHandshake>(client, client_config));
        client.start();
    }
    // Moves bytes until neither side has anything to say.
    void pump() {
        for (int i = 0; i < 20; ++i) {
            Bytes c = client.take_output(), s = server.take_output();
            if (c.empty() && s.empty()) return;
            if (!c.empty()) server.receive(c);
            if (!s.empty()) client.receive(s);
        }
    }
};

// The alert description in a plaintext or encrypted alert record the side
// sent last (plaintext: before ChangeCipherSpec).
inline std::optional<AlertDescription> plaintext_alert(const Bytes& wire) {
    if (wire.size() >= 7 && wire[0] == 21 && wire[4] == 2 && wire[5] == 2) return static_cast<AlertDescription>(wire[6]);
    return std::nullopt;
}

} // namespace testing
