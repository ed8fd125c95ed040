// libFuzzer harness for the handshake engines: arbitrary bytes from the
// network are fed to a server Connection (and, after a real ClientHello, to a
// client Connection). Every input must end in a handshake step, a TlsError
// with an alert, or a request for more bytes — never a crash or a hang
// (libFuzzer's -timeout catches loops like the supported_versions one).
#include <cstdint>

#include "glasstls/handshake_client.hpp"
#include "glasstls/handshake_server.hpp"

using namespace glasstls;

namespace {
struct Setup {
    crypto::SeededRandom rng{"fuzz"};
    ServerCredential cred;
    ServerConfig config;
    verify::TrustStore trust;
    Setup() {
        cred.key = crypto::generate_private_key(crypto::KeyType::ec, rng, 0, crypto::NamedGroup::secp256r1);
        config.credentials = {cred};   // no certificate bytes needed to parse ClientHellos
    }
};
Setup& setup() {
    static Setup s;
    return s;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    Setup& s = setup();
    ByteView in(data, size);
    {
        Connection server(s.rng, nullptr);
        server.set_engine(std::make_unique<ServerHandshake>(server, s.config));
        try {
            server.receive(in);
        } catch (const TlsError&) {
        }
    }
    {
        ClientConfig cc;
        cc.trust = &s.trust;
        cc.server_name = "fuzz.test";
        Connection client(s.rng, nullptr);
        client.set_engine(std::make_unique<ClientHandshake>(client, cc));
        client.start();
        try {
            client.receive(in);
        } catch (const TlsError&) {
        }
    }
    return 0;
}
