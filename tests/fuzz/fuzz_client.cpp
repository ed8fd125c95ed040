// libFuzzer harness for the client side of the handshake, fed by a hostile
// server. A seeded client and a seeded server produce the same genuine
// server flight (ServerHello, Certificate, [ServerKeyExchange],
// ServerHelloDone) every time; the client trusts the server's certificate,
// so an unaltered flight is accepted and every check — the certificate
// parser and validator, the key-exchange parameters, the signature — is
// reachable. Input: byte 0 picks the key exchange (ECDHE-ECDSA, DHE-RSA,
// RSA) and the form of the rest:
//  - bit 7 clear: (cut, then (offset_hi, offset_lo, xor) triples) patch the
//    genuine flight, which loses `cut` bytes from its end;
//  - bit 7 set: the rest of the input is the server's flight, as it is.
// Every input must end in a TlsError with an alert, the client's second
// flight, or a request for more bytes — never a crash, a hang or another
// exception. The narrated trace and the JSON stream watch, so their
// decoders meet the same hostile bytes.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>

#include "glasstls/handshake_client.hpp"
#include "glasstls/handshake_server.hpp"
#include "glasstls/json_lines.hpp"
#include "glasstls/narration.hpp"

using namespace glasstls;

namespace {

struct Flight {
    ServerConfig server_config;
    ClientConfig client_config;
    verify::TrustStore trust;
    Bytes genuine;
    Flight(const std::string& cert, const std::string& key, std::uint16_t suite) {
        const std::string dir = std::string(GLASSTLS_VECTORS_DIR) + "/x509/";
        server_config.credentials = {load_credential(dir + cert, dir + key)};
        trust.add(server_config.credentials[0].leaf);
        client_config.trust = &trust;
        client_config.server_name = server_config.credentials[0].leaf.subject.common_name() + ".vectors.test";
        client_config.check_hostname = false;
        client_config.suites = {find_cipher_suite(suite)};
        client_config.now = server_config.credentials[0].leaf.not_before + 86400;
        crypto::SeededRandom client_rng("fuzz client"), server_rng("fuzz server");
        Connection client(client_rng, nullptr), server(server_rng, nullptr);
        const Bytes hello = start_client(client);
        server.set_engine(std::make_unique<ServerHandshake>(server, server_config));
        server.receive(hello);
        genuine = server.take_output();
        // The premise: a fresh seeded client accepts the genuine flight.
        crypto::SeededRandom again("fuzz client");
        Connection check(again, nullptr);
        (void)start_client(check);
        check.receive(genuine);
        if (check.state_name() != "EXPECT_NEW_SESSION_TICKET" && check.state_name() != "EXPECT_CHANGE_CIPHER_SPEC") {
            std::fprintf(stderr, "fuzz_client: the genuine flight (%zu bytes, %s) left the client in %s\n", genuine.size(), to_hex(ByteView(genuine).first(std::min<std::size_t>(genuine.size(), 12))).c_str(), check.state_name().c_str());
            std::abort();
        }
    }
    // Starts a client; returns its ClientHello.
    Bytes start_client(Connection& client) const {
        client.set_engine(std::make_unique<ClientHandshake>(client, client_config));
        client.start();
        return client.take_output();
    }
};

Flight& flight(unsigned kind) {
    static Flight ecdhe("ec-p256-pkcs8.crt.pem", "ec-p256-pkcs8.pem", 0xC02B);   // ECDHE-ECDSA-AES128-GCM-SHA256
    static Flight dhe("rsa-pkcs8.crt.pem", "rsa-pkcs8.pem", 0x009E);             // DHE-RSA-AES128-GCM-SHA256
    static Flight rsa("rsa-pkcs8.crt.pem", "rsa-pkcs8.pem", 0x002F);             // AES128-SHA
    switch (kind % 3) {
    case 0: return ecdhe;
    case 1: return dhe;
    default: return rsa;
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    Flight& f = flight(data[0] & 0x7f);
    ByteView rest(data + 1, size - 1);
    Bytes wire;
    if ((data[0] & 0x80) != 0) {
        wire.assign(rest.begin(), rest.end());
    } else {
        wire = f.genuine;
        if (!rest.empty()) {
            wire.resize(wire.size() - std::min<std::size_t>(rest[0], wire.size()));
            for (std::size_t i = 1; i + 2 < rest.size() && !wire.empty(); i += 3) {
                wire[(static_cast<std::size_t>(rest[i]) << 8 | rest[i + 1]) % wire.size()] ^= rest[i + 2];
            }
        }
    }
    crypto::SeededRandom rng("fuzz client");
    // The narration and the JSON stream decode the hostile server's messages
    // too (--trace, --trace-json): fuzzed along with the engine.
    std::ostringstream sink;
    NarratingObserver trace(sink, true);
    JsonLinesObserver json(sink);
    ObserverList observers;
    observers.add(&trace);
    observers.add(&json);
    Connection client(rng, &observers);
    (void)f.start_client(client);
    try {
        client.receive(wire);
    } catch (const TlsError&) {
    }
    return 0;
}
