// libFuzzer harness for the handshake engines. Two kinds of input:
//  - anything: fed as network bytes to a fresh server Connection and to a
//    client Connection that has just sent its ClientHello;
//  - 0xF5, cut, then (offset_hi, offset_lo, xor) triples: a server that has
//    answered a real ClientHello receives the client's real second flight
//    (ClientKeyExchange, ChangeCipherSpec, encrypted Finished) with those
//    bytes flipped and `cut` bytes dropped from its end. Both sides draw from
//    seeded randomness, so the server's state is the same every time and the
//    genuine flight is valid for it: the fuzzer starts one step from success.
// Every input must end in a handshake step, a TlsError with an alert, or a
// request for more bytes — never a crash or a hang (libFuzzer's -timeout
// catches loops like the supported_versions one).
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

#include "glasstls/handshake_client.hpp"
#include "glasstls/handshake_server.hpp"
#include "glasstls/narration.hpp"

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

// A real certificate, and the bytes of one seeded handshake up to the
// client's second flight.
struct SecondFlight {
    ServerConfig config;
    Bytes client_hello, genuine;
    SecondFlight() {
        const std::string dir = std::string(GLASSTLS_VECTORS_DIR) + "/x509/";
        config.credentials = {load_credential(dir + "ec-p256-pkcs8.crt.pem", dir + "ec-p256-pkcs8.pem")};
        ClientConfig cc;
        cc.verify_peer = false;
        cc.server_name = "ec-p256-pkcs8.vectors.test";
        crypto::SeededRandom client_rng("fuzz client"), server_rng("fuzz server");
        Connection client(client_rng, nullptr), server(server_rng, nullptr);
        client.set_engine(std::make_unique<ClientHandshake>(client, cc));
        client.start();
        client_hello = client.take_output();
        answer_client_hello(server);
        client.receive(server.take_output());
        genuine = client.take_output();
        // The premise of this mode: a fresh seeded server accepts the genuine flight.
        crypto::SeededRandom again("fuzz server");
        Connection check(again, nullptr);
        answer_client_hello(check);
        check.receive(genuine);
        if (!check.handshake_done()) std::abort();
    }
    // Brings a server seeded with "fuzz server" to the same state every time.
    void answer_client_hello(Connection& server) const {
        server.set_engine(std::make_unique<ServerHandshake>(server, config));
        server.receive(client_hello);
    }
};
SecondFlight& second_flight() {
    static SecondFlight f;
    return f;
}

} // namespace

// The second kind of input (see the top of the file).
void fuzz_second_flight(ByteView patch) {
    SecondFlight& f = second_flight();
    Bytes flight = f.genuine;
    if (!patch.empty()) {
        flight.resize(flight.size() - std::min<std::size_t>(patch[0], flight.size()));
        for (std::size_t i = 1; i + 2 < patch.size() && !flight.empty(); i += 3) {
            flight[(static_cast<std::size_t>(patch[i]) << 8 | patch[i + 1]) % flight.size()] ^= patch[i + 2];
        }
    }
    crypto::SeededRandom rng("fuzz server");
    Connection server(rng, nullptr);
    f.answer_client_hello(server);
    try {
        server.receive(flight);
    } catch (const TlsError&) {
    }
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size > 0 && data[0] == 0xF5) {
        fuzz_second_flight({data + 1, size - 1});
        return 0;
    }
    Setup& s = setup();
    ByteView in(data, size);
    {
        // The narration decodes what a hostile client sends (--trace).
        std::ostringstream sink;
        NarratingObserver trace(sink, true);
        Connection server(s.rng, &trace);
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
