// The outcome object (outcome.hpp): a client and a server in memory, each
// with an OutcomeRecorder, and what their objects say — a handshake that
// succeeds, one whose verification fails, a resumption by ticket, a peer's
// hostile text, and a connection that never was. The schema itself is
// checked against real peers in tests/interop-client.sh and interop-server.sh.
#include <doctest/doctest.h>

#include "glasstls/outcome.hpp"
#include "glasstls/text.hpp"
#include "handshake_helpers.hpp"

using namespace glasstls;
using testing::lab;

namespace {

// A client and a server wired back to back, each watched by its recorder.
struct Watched {
    OutcomeRecorder client_outcome{true, "127.0.0.1:4433"}, server_outcome{false, "127.0.0.1:40000"};
    ServerConfig server_config;
    ClientConfig client_config;
    Connection client{crypto::system_random(), &client_outcome}, server{crypto::system_random(), &server_outcome};

    Watched() {
        server_config.credentials = {lab().ec, lab().rsa};
        client_config.trust = &lab().trust;
        client_config.server_name = "ec-p256-pkcs8.vectors.test";
    }
    // The handshake; the first TlsError's sentence (either side's), "" when none.
    std::string run() {
        server.set_engine(std::make_unique<ServerHandshake>(server, server_config));
        client.set_engine(std::make_unique<ClientHandshake>(client, client_config));
        std::string error;
        auto deliver = [&error](Connection& to, const Bytes& bytes) {
            try {
                if (!bytes.empty()) to.receive(bytes);
            } catch (const TlsError& e) {
                if (error.empty()) error = e.describe();
            }
        };
        client.start();
        for (int i = 0; i < 20; ++i) {
            Bytes c = client.take_output(), s = server.take_output();
            if (c.empty() && s.empty()) break;
            deliver(server, c);
            deliver(client, s);
        }
        return error;
    }
};

bool has(const std::string& json, const std::string& part) { return json.find(part) != std::string::npos; }

} // namespace

TEST_CASE("outcome: a full handshake, seen from both sides") {
    Watched w;
    REQUIRE(w.run().empty());
    w.client.write(testing::bytes_of("hello"));
    w.server.receive(w.client.take_output());
    w.client.close();
    w.server.receive(w.client.take_output());
    const std::string c = w.client_outcome.json(&w.client, ""), s = w.server_outcome.json(&w.server, "");
    CHECK(has(c, R"~("side":"client","peer":"127.0.0.1:4433","ok":true,"error":null,"handshake_complete":true)~"));
    CHECK(has(c, R"~("offered":{"client_version":{"name":"TLS 1.2","code":771},"supported_versions":null})~"));
    CHECK(has(c, R"~("version":{"name":"TLS 1.2","code":771})~"));
    CHECK(has(c, R"~("sni":"ec-p256-pkcs8.vectors.test")~"));
    CHECK(has(s, R"~("sni":"ec-p256-pkcs8.vectors.test")~"));
    CHECK(has(c, R"~("peer_chain_length":1)~"));
    CHECK(has(c, R"~("verification":{"performed":true,"ok":true,"sentence":"ok (chain and host name)"})~"));
    CHECK(has(s, R"~("verification":{"performed":false,"ok":null)~"));
    CHECK(has(c, R"~("alert":null,"close_notify":{"sent":true,"received":false})~"));
    CHECK(has(s, R"~("close_notify":{"sent":false,"received":true})~"));
    CHECK(has(c, R"~("application":{"sent":5,"received":0})~"));
    CHECK(has(s, R"~("application":{"sent":0,"received":5})~"));
    CHECK(!has(c, R"~("handshake":null)~"));
    // What the leaf says, as the certificate holds it.
    const x509::Certificate& leaf = w.client.info().peer_chain.at(0);
    CHECK(has(c, "\"sha256_fingerprint\":\"" + to_hex(leaf.fingerprint_sha256()) + "\""));
    CHECK(has(c, "\"serial_number\":\"" + to_hex(leaf.serial) + "\""));
}

TEST_CASE("outcome: a rejected certificate says why, and which alert was sent") {
    Watched w;
    w.client_config.server_name = "evil.example";
    const std::string error = w.run();
    REQUIRE(!error.empty());
    const std::string c = w.client_outcome.json(&w.client, error), s = w.server_outcome.json(&w.server, "failed");
    CHECK(has(c, R"~("ok":false,"error":")~"));
    CHECK(has(c, R"~("handshake_complete":false)~"));
    CHECK(has(c, R"~("verification":{"performed":true,"ok":false,"sentence":")~"));
    CHECK(has(c, "does not match host 'evil.example'"));
    CHECK(has(c, R"~("alert":{"direction":"sent","level":"fatal","description":"certificate_unknown","code":46})~"));
    CHECK(has(s, R"~("alert":{"direction":"received","level":"fatal","description":"certificate_unknown","code":46})~"));
    CHECK(has(c, R"~("timings_ms":{"handshake":null,)~"));
}

TEST_CASE("outcome: a ticket issued, then used to resume") {
    TicketKeys tickets(crypto::system_random());
    Watched first;
    first.server_config.tickets = &tickets;
    REQUIRE(first.run().empty());
    const std::string full = first.client_outcome.json(&first.client, "");
    CHECK(has(full, R"~("session_ticket":{"issued":true,"used":false},"resumed":false)~"));
    // No secret: neither the master secret nor the ticket appears.
    REQUIRE(first.client.session().has_value());
    const auto& master = first.client.session()->master_secret;
    CHECK(!has(full, to_hex(ByteView(master.data(), master.size()))));
    CHECK(!has(full, to_hex(first.client.session()->ticket)));
    Watched second;
    second.server_config.tickets = &tickets;
    second.client_config.resume = first.client.session();
    REQUIRE(second.run().empty());
    const std::string c = second.client_outcome.json(&second.client, "");
    CHECK(has(c, R"~("resumed":true)~"));
    CHECK(has(c, R"~("session_ticket":{"issued":)~"));
    CHECK(has(c, R"~("used":true})~"));
    CHECK(has(c, R"~("verification":{"performed":false,"ok":null,"sentence":"not repeated)~"));
    CHECK(has(c, R"~("peer_chain_length":0)~"));
}

TEST_CASE("outcome: text a peer chose is escaped, and the object always valid UTF-8") {
    // The engines refuse such a server_name (RFC 6066 §3) before any
    // outcome shows it; a sentence quoting a peer's bytes is escaped the same way.
    OutcomeRecorder r(false, "127.0.0.1:40000");
    const std::string o = r.json(nullptr, "failed: the peer said 'a\x1b[31m\xff\xe2\x80\xae.test'");
    CHECK(has(o, R"~("error":"failed: the peer said 'a\u001b[31m\\xff\u202e.test'")~"));
    CHECK(o.find('\x1b') == std::string::npos);
    CHECK(text::valid_utf8(o));
}

TEST_CASE("outcome: a connection that never was") {
    OutcomeRecorder r(true, "127.0.0.1:1");
    const std::string c = r.json(nullptr, "connection refused");
    CHECK(has(c, R"~("ok":false,"error":"connection refused","handshake_complete":false)~"));
    CHECK(has(c, R"~("version":null,"cipher_suite":null,"group":null,"signature_scheme":null)~"));
    CHECK(has(c, R"~("peer_chain":[])~"));
    CHECK(has(c, R"~("bytes":{"application":{"sent":0,"received":0},"wire":{"sent":0,"received":0}})~"));
}
