// Exact replay (issue "See every byte"): with seeded randomness and the
// seeded session clock, a handshake is the same bytes in both directions
// every time — and vectors/seeded-handshake.txt keeps one such transcript,
// so a change that alters the wire is noticed.
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "glasstls/json_lines.hpp"
#include "handshake_helpers.hpp"

using namespace glasstls;

namespace {

struct WireRecord {
    Bytes client_to_server, server_to_client;
};

// One seeded connection: full handshake with a ticket, "ping" and "pong".
WireRecord seeded_run() {
    crypto::SeededRandom client_rng("golden client"), server_rng("golden server"), ticket_rng("golden tickets");
    const std::int64_t clock = 1767225600;   // 2026-01-01T00:00:00Z, as glass server --seed uses
    TicketKeys tickets(ticket_rng, clock);
    ServerConfig sc;
    sc.credentials = {testing::lab().rsa};
    sc.tickets = &tickets;
    sc.session_clock = clock;
    ClientConfig cc;
    cc.verify_peer = false;
    cc.server_name = "rsa-pkcs8.vectors.test";
    Connection client(client_rng, nullptr), server(server_rng, nullptr);
    server.set_engine(std::make_unique<ServerHandshake>(server, sc));
    client.set_engine(std::make_unique<ClientHandshake>(client, cc));
    WireRecord t;
    client.start();
    for (int i = 0; i < 10; ++i) {
        Bytes c = client.take_output(), s = server.take_output();
        if (client.handshake_done() && server.handshake_done() && c.empty() && s.empty()) break;
        append(t.client_to_server, c);
        append(t.server_to_client, s);
        if (!c.empty()) server.receive(c);
        if (!s.empty()) client.receive(s);
    }
    REQUIRE(client.handshake_done());
    client.write(testing::bytes_of("ping"));
    server.write(testing::bytes_of("pong"));
    append(t.client_to_server, client.take_output());
    append(t.server_to_client, server.take_output());
    return t;
}

} // namespace

TEST_SUITE("replay") {

TEST_CASE("a seeded handshake is the same bytes both ways, run after run") {
    const WireRecord a = seeded_run(), b = seeded_run();
    CHECK(a.client_to_server == b.client_to_server);
    CHECK(a.server_to_client == b.server_to_client);   // NewSessionTicket and Finished included
}

TEST_CASE("the seeded handshake matches the golden transcript in vectors/") {
    const WireRecord t = seeded_run();
    if (std::getenv("GLASSTLS_WRITE_GOLDEN") != nullptr) {
        std::ofstream out(std::string(GLASSTLS_VECTORS_DIR) + "/seeded-handshake.txt");
        out << "# One seeded TLS 1.2 connection made by glasstls itself (tests/test_replay.cpp):\n"
               "# a full handshake with default settings and the vectors/x509/rsa-pkcs8\n"
               "# certificate (NewSessionTicket included), seeds \"golden client\" / \"golden server\"\n"
               "# / \"golden tickets\", session clock 2026-01-01T00:00:00Z, then \"ping\" and \"pong\";\n"
               "# every byte each side sent, in hex. Not an external\n"
               "# vector: it pins the wire, so a change that alters it fails the unit tests. After\n"
               "# checking such a change is intended, rewrite this file with\n"
               "#   GLASSTLS_WRITE_GOLDEN=1 ./build/tests/glasstls-tests -tc='*golden*'\n\n"
            << "name = seeded-handshake\nclient_to_server = " << to_hex(t.client_to_server)
            << "\nserver_to_client = " << to_hex(t.server_to_client) << "\n";
        MESSAGE("vectors/seeded-handshake.txt rewritten");
    }
    const auto cases = testing::load_vectors("seeded-handshake.txt");
    REQUIRE(cases.size() == 1);
    CHECK(to_hex(t.client_to_server) == cases[0].text("client_to_server"));
    CHECK(to_hex(t.server_to_client) == cases[0].text("server_to_client"));
}

} // TEST_SUITE

TEST_SUITE("step") {

TEST_CASE("the step hook names every message both ways, with its function and RFC section, in RFC order") {
    testing::Pair p;
    p.client_config.suites = {find_cipher_suite(0xC02B)};   // ECDHE-ECDSA: a ServerKeyExchange too
    std::vector<Step> client_steps, server_steps;
    p.client.set_step_hook([&](const Step& s) { client_steps.push_back(s); });
    p.server.set_step_hook([&](const Step& s) { server_steps.push_back(s); });
    p.start();
    p.pump();
    REQUIRE(p.client.handshake_done());
    auto line = [](const Step& s) {
        return std::string(s.direction == Direction::outgoing ? "send " : "recv ") + s.message + " " + s.function;
    };
    std::vector<std::string> client_lines, server_lines;
    for (const Step& s : client_steps) client_lines.push_back(line(s));
    for (const Step& s : server_steps) server_lines.push_back(line(s));
    const std::vector<std::string> client_expected = {
        "send ClientHello glasstls::ClientHandshake::send_client_hello",
        "recv ServerHello glasstls::ClientHandshake::on_server_hello",
        "recv Certificate glasstls::ClientHandshake::on_certificate",
        "recv ServerKeyExchange glasstls::ClientHandshake::on_server_key_exchange",
        "recv ServerHelloDone glasstls::ClientHandshake::on_server_hello_done",
        "send ClientKeyExchange glasstls::ClientHandshake::send_client_key_exchange",
        "send ChangeCipherSpec glasstls::HandshakeEngine::send_change_cipher_spec",
        "send Finished glasstls::HandshakeEngine::send_finished",
        "recv ChangeCipherSpec glasstls::ClientHandshake::on_change_cipher_spec",
        "recv Finished glasstls::ClientHandshake::on_finished",
    };
    const std::vector<std::string> server_expected = {
        "recv ClientHello glasstls::ServerHandshake::on_client_hello",
        "send ServerHello glasstls::ServerHandshake::send_server_hello",
        "send Certificate glasstls::ServerHandshake::send_certificate",
        "send ServerKeyExchange glasstls::ServerHandshake::send_server_key_exchange",
        "send ServerHelloDone glasstls::ServerHandshake::send_server_hello_done",
        "recv ClientKeyExchange glasstls::ServerHandshake::on_client_key_exchange",
        "recv ChangeCipherSpec glasstls::ServerHandshake::on_change_cipher_spec",
        "recv Finished glasstls::ServerHandshake::on_finished",
        "send ChangeCipherSpec glasstls::HandshakeEngine::send_change_cipher_spec",
        "send Finished glasstls::HandshakeEngine::send_finished",
    };
    // (No NewSessionTicket: this server has no ticket keys.)
    CHECK(client_lines == client_expected);
    CHECK(server_lines == server_expected);
    for (const Step& s : client_steps) CHECK(s.rfc.rfind("RFC ", 0) == 0);
}

} // TEST_SUITE

TEST_SUITE("trace-json") {

namespace {
// The string value of `"key":"…"` in one JSON line (the observer writes hex
// and names without escapes, so no JSON parser is needed here).
std::string field(const std::string& line, const std::string& key) {
    const std::string k = "\"" + key + "\":\"";
    const std::size_t at = line.find(k);
    REQUIRE(at != std::string::npos);
    return line.substr(at + k.size(), line.find('"', at + k.size()) - at - k.size());
}
// The first line of `jsonl` that contains every fragment.
std::string line_with(const std::string& jsonl, std::initializer_list<std::string> fragments) {
    std::istringstream in(jsonl);
    for (std::string line; std::getline(in, line);) {
        bool all = true;
        for (const std::string& f : fragments) all = all && line.find(f) != std::string::npos;
        if (all) return line;
    }
    FAIL("no line with the fragments");
    return "";
}
// One connection with the client's events as JSON Lines, then "ping".
std::string traced_connection(std::uint16_t suite) {
    std::ostringstream jsonl;
    JsonLinesObserver json(jsonl);
    crypto::SeededRandom rng("trace-json");
    testing::Pair p(rng, &json);
    p.client_config.suites = {find_cipher_suite(suite)};
    p.server_config.credentials = {testing::lab().rsa};
    p.client_config.server_name = "rsa-pkcs8.vectors.test";
    p.start();
    p.pump();
    REQUIRE(p.client.handshake_done());
    p.client.write(testing::bytes_of("ping"));
    return jsonl.str();
}
} // namespace

TEST_CASE("from --trace-json alone, an AES-GCM record's ciphertext and tag are recomputed with the crypto facade") {
    const std::string jsonl = traced_connection(0xC02F);   // ECDHE-RSA-AES128-GCM-SHA256
    const Bytes key = from_hex(field(line_with(jsonl, {"\"name\":\"client_write_key\""}), "value"));
    // The record event carries its protection step by step (teaching mode).
    const std::string rec = line_with(jsonl, {"\"event\":\"record\"", "\"direction\":\"out\"", "\"content_type\":23"});
    Bytes data = from_hex(field(rec, "plaintext"));
    CHECK(data == testing::bytes_of("ping"));
    Bytes tag(16);
    crypto::make_aead(crypto::AeadAlgorithm::aes_128_gcm, key)
        ->seal(from_hex(field(rec, "nonce")), from_hex(field(rec, "additional_data")), data, tag.data());
    CHECK(to_hex(data) == field(rec, "ciphertext"));
    CHECK(to_hex(tag) == field(rec, "mac_or_tag"));
    // RFC 5288 §3: on the wire, the fragment is explicit nonce + ciphertext + tag.
    CHECK(field(rec, "fragment") == field(rec, "explicit_nonce") + to_hex(data) + to_hex(tag));
    const std::size_t wire_length = field(rec, "fragment").size() / 2;
    CHECK(from_hex(field(rec, "header")) ==
          Bytes{23, 3, 3, static_cast<std::uint8_t>(wire_length >> 8), static_cast<std::uint8_t>(wire_length)});
}

TEST_CASE("from --trace-json alone, a CBC encrypt-then-MAC record's MAC is recomputed") {
    const std::string jsonl = traced_connection(0xC027);   // ECDHE-RSA-AES128-SHA256, EtM by default
    const Bytes mac_key = from_hex(field(line_with(jsonl, {"\"name\":\"client_write_MAC_key\""}), "value"));
    const std::string rec = line_with(jsonl, {"\"event\":\"record\"", "\"direction\":\"out\"", "\"content_type\":23"});
    CHECK(rec.find("encrypt-then-MAC") != std::string::npos);
    // RFC 7366 §3: MAC(MAC_write_key, seq_num + type + version + length + IV + ciphertext).
    crypto::Hmac hmac(crypto::HashAlgorithm::sha256, mac_key);
    hmac.update(from_hex(field(rec, "additional_data")));
    hmac.update(from_hex(field(rec, "explicit_nonce")));
    hmac.update(from_hex(field(rec, "ciphertext")));
    Bytes mac(hmac.size());
    hmac.finish(mac.data());
    CHECK(to_hex(mac) == field(rec, "mac_or_tag"));
}

} // TEST_SUITE

TEST_SUITE("teaching mode") {

TEST_CASE("secret values reach only observers that ask for them") {
    struct Counting : Observer {
        bool teaching;
        int secrets = 0, messages = 0;
        explicit Counting(bool t) : teaching(t) {}
        bool wants_secrets() const override { return teaching; }
        void on_secret(const SecretEvent&) override { ++secrets; }
        void on_master_secret(ByteView, ByteView) override { ++secrets; }
        void on_key_exchange(const KeyExchangeEvent&) override { ++secrets; }
        void on_record(const RecordEvent& e) override { secrets += e.crypto != nullptr; }
        void on_message(const MessageEvent&) override { ++messages; }
    };
    for (bool teaching : {false, true}) {
        CAPTURE(teaching);
        Counting alone(teaching), in_list(teaching);
        ObserverList list;
        list.add(&in_list);
        for (Observer* obs : {static_cast<Observer*>(&alone), static_cast<Observer*>(&list)}) {
            crypto::SeededRandom rng("teaching");
            testing::Pair p(rng, obs);
            p.start();
            p.pump();
            REQUIRE(p.client.handshake_done());
            p.client.write(testing::bytes_of("x"));
        }
        CHECK(alone.messages > 0);
        CHECK(in_list.messages > 0);
        CHECK((alone.secrets > 0) == teaching);
        CHECK((in_list.secrets > 0) == teaching);
    }
}

} // TEST_SUITE
