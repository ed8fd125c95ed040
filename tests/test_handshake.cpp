// In-memory handshakes: client and server engines wired back to back, and
// scripted (reordered, malformed, tampered) server flights fed to the client.
#include <doctest/doctest.h>

#include "glasstls/handshake_client.hpp"
#include "glasstls/handshake_server.hpp"
#include "glasstls/narration.hpp"
#include "handshake_helpers.hpp"

#include <sstream>

using namespace glasstls;
using testing::Pair;
using testing::lab;
using testing::fixture;
using testing::plaintext_alert;

namespace {

// Splits a plaintext flight into handshake messages, and builds one back.
std::vector<HandshakeMessage> split_flight(const Bytes& wire) {
    RecordLayer r;
    r.feed(wire);
    HandshakeReassembler hs;
    std::vector<HandshakeMessage> out;
    while (auto rec = r.read()) {
        REQUIRE(rec->type == ContentType::handshake);
        hs.add(rec->fragment);
        while (auto m = hs.next()) out.push_back(*m);
    }
    return out;
}
Bytes build_flight(const std::vector<HandshakeMessage>& msgs) {
    RecordLayer w;
    Bytes out;
    for (const auto& m : msgs) w.write(ContentType::handshake, frame_handshake(m.type, m.body), out);
    return out;
}

// Runs the client against a server flight altered by `alter`; returns the
// alert the client sends and checks that it throws.
AlertDescription client_alert_for(const std::function<void(std::vector<HandshakeMessage>&)>& alter,
                                  const std::function<void(Pair&)>& configure = {}) {
    Pair p;
    if (configure) configure(p);
    p.start();
    p.server.receive(p.client.take_output());
    std::vector<HandshakeMessage> flight = split_flight(p.server.take_output());
    alter(flight);
    try {
        p.client.receive(build_flight(flight));
    } catch (const TlsError& e) {
        auto sent = plaintext_alert(p.client.take_output());
        REQUIRE(sent.has_value());
        CHECK(*sent == e.alert());
        return e.alert();
    }
    FAIL("the client accepted the altered flight");
    return AlertDescription::close_notify;
}

HandshakeMessage* find(std::vector<HandshakeMessage>& flight, HandshakeType t) {
    for (auto& m : flight) {
        if (m.type == t) return &m;
    }
    return nullptr;
}

// The client's --trace-records narration of one handshake and one record it sends.
std::string narrated(const char* suite, crypto::NamedGroup group, bool etm) {
    std::ostringstream out;
    NarratingObserver trace(out, true);
    Pair p(crypto::system_random(), &trace);
    p.client_config.suites = {find_cipher_suite(suite)};
    p.client_config.groups = {group};
    p.client_config.offer_encrypt_then_mac = etm;
    if (std::string(suite).find("ECDSA") == std::string::npos) p.client_config.server_name = "rsa-pkcs8.vectors.test";
    p.start();
    p.pump();
    REQUIRE(p.client.handshake_done());
    p.client.write(testing::bytes_of("ping"));
    p.pump();
    return out.str();
}

} // namespace

TEST_SUITE("handshake") {

TEST_CASE("every suite completes in memory and carries data both ways") {
    for (const CipherSuite& s : all_cipher_suites()) {
        CAPTURE(s.openssl_name);
        Pair p;
        p.client_config.suites = {&s};
        if (s.auth == Authentication::rsa) p.client_config.server_name = "rsa-pkcs8.vectors.test";
        p.start();
        p.pump();
        REQUIRE(p.client.handshake_done());
        REQUIRE(p.server.handshake_done());
        CHECK(p.client.info().suite == &s);
        CHECK(p.server.info().suite == &s);
        CHECK(p.client.info().extended_master_secret);
        CHECK(p.client.info().encrypt_then_mac == s.is_cbc());
        p.client.write(testing::bytes_of("ping"));
        p.pump();
        Bytes got(16);
        CHECK(p.server.read(got) == 4);
        p.server.write(testing::bytes_of("pong!"));
        p.pump();
        CHECK(p.client.read(got) == 5);
        p.client.close();
        p.pump();
        CHECK(p.server.peer_closed());
    }
}

TEST_CASE("the narration: a record's line before its crypto block, and each size says what it counts") {
    const std::string x = narrated("ECDHE-RSA-AES128-GCM-SHA256", crypto::NamedGroup::x25519, true);
    // The client's "ping": its record's line, then how it was sealed (issue 20: the block came first).
    const std::size_t line = x.find(">>> record: application_data, TLS 1.2, seq 1, 28-byte fragment, 33 with its 5-byte header");
    REQUIRE(line != std::string::npos);
    CHECK(x.find("  * sealed a record (application_data)", line) == x.find('\n', line) + 1);
    // A handshake message: its body, then the whole with its 4-byte header.
    CHECK(x.find(">>> ClientKeyExchange (handshake type 16, 33-byte body, 37 with its 4-byte header, RFC 5246 §7.4)") != std::string::npos);
    CHECK(size_in_words(0, "body", 4) == "0-byte body, 4 with its 4-byte header");
}

TEST_CASE("the narration says what each RFC says: the pre-master, the nonce, the MAC's input") {
    using G = crypto::NamedGroup;
    // X25519 gives a u-coordinate (RFC 7748 §6.1); only NIST curves have a point's x-coordinate (RFC 8422 §5.10).
    const std::string x = narrated("ECDHE-RSA-AES128-GCM-SHA256", G::x25519, true);
    CHECK(x.find("pre_master_secret (32 bytes) = X25519(our private key, the peer's public value), a u-coordinate (RFC 7748 §6.1, RFC 8422 §5.10)") != std::string::npos);
    CHECK(x.find("x-coordinate") == std::string::npos);
    const std::string p256 = narrated("ECDHE-RSA-AES128-GCM-SHA256", G::secp256r1, true);
    CHECK(p256.find("pre_master_secret (32 bytes) = the x-coordinate of our private key times the peer's public point (RFC 8422 §5.10)") != std::string::npos);
    // AES-GCM: salt + explicit nonce (RFC 5288 §3); ChaCha20-Poly1305: IV XOR sequence number, nothing sent (RFC 7905 §2).
    CHECK(x.find("nonce = 4-byte salt from the key block + the 8-byte explicit nonce sent in the record (RFC 5288 §3)") != std::string::npos);
    CHECK(x.find("RFC 7905") == std::string::npos);
    const std::string chacha = narrated("ECDHE-RSA-CHACHA20-POLY1305", G::x25519, true);
    CHECK(chacha.find("XOR the sequence number, padded on the left to 12 bytes (RFC 7905 §2)") != std::string::npos);
    CHECK(chacha.find("RFC 5288") == std::string::npos);
    CHECK(chacha.find("explicit nonce, sent in clear") == std::string::npos);
    // CBC: the MAC's input is RFC 5246 §6.2.3.1's (MAC-then-encrypt) or RFC 7366 §3's, never the AEAD section's.
    const std::string mte = narrated("ECDHE-RSA-AES128-SHA", G::x25519, false);
    CHECK(mte.find("MAC input = seq_num + type + version + length of the plaintext (RFC 5246 §6.2.3.1)") != std::string::npos);
    CHECK(mte.find("encrypted with it, inside the ciphertext") != std::string::npos);
    CHECK(mte.find("§6.2.3.3") == std::string::npos);
    const std::string etm = narrated("ECDHE-RSA-AES128-SHA", G::x25519, true);
    CHECK(etm.find("MAC input = seq_num + type + version + length of IV and ciphertext (RFC 7366 §3)") != std::string::npos);
    CHECK(etm.find("§6.2.3.3") == std::string::npos);
}

TEST_CASE("Ed25519 and P-256 certificates, each group") {
    Pair ed;
    ed.server_config.credentials = {lab().ed};
    ed.client_config.server_name = "ed25519-pkcs8.vectors.test";
    ed.start();
    ed.pump();
    REQUIRE(ed.client.handshake_done());
    CHECK(ed.client.info().signature_scheme == static_cast<std::uint16_t>(SignatureScheme::ed25519));
    for (crypto::NamedGroup g : {crypto::NamedGroup::x25519, crypto::NamedGroup::secp256r1, crypto::NamedGroup::secp384r1,
                                 crypto::NamedGroup::ffdhe2048, crypto::NamedGroup::ffdhe3072}) {
        CAPTURE(crypto::group_name(g));
        Pair p;
        p.client_config.groups = {g};
        if (g == crypto::NamedGroup::ffdhe2048 || g == crypto::NamedGroup::ffdhe3072) {
            p.client_config.suites = {find_cipher_suite("DHE-RSA-AES128-GCM-SHA256")};
            p.client_config.server_name = "rsa-pkcs8.vectors.test";
        }
        p.start();
        p.pump();
        REQUIRE(p.client.handshake_done());
        CHECK(p.client.info().group == g);
    }
}

TEST_CASE("resumption by session id and by ticket") {
    SessionCache cache;
    TicketKeys tickets(crypto::system_random());
    for (bool use_ticket : {false, true}) {
        CAPTURE(use_ticket);
        Pair first;
        first.server_config.session_cache = &cache;
        first.server_config.tickets = use_ticket ? &tickets : nullptr;
        first.client_config.offer_session_ticket = use_ticket;
        first.start();
        first.pump();
        REQUIRE(first.client.session().has_value());
        CHECK(first.client.session()->ticket.empty() == !use_ticket);

        Pair second;
        second.server_config.session_cache = &cache;
        second.server_config.tickets = use_ticket ? &tickets : nullptr;
        second.client_config.offer_session_ticket = use_ticket;
        second.client_config.resume = first.client.session();
        second.start();
        second.pump();
        REQUIRE(second.client.handshake_done());
        CHECK(second.client.info().resumed);
        CHECK(second.server.info().resumed);
        second.client.write(testing::bytes_of("again"));
        second.pump();
        CHECK(second.server.pending_application_data() == 5);
    }
}

TEST_CASE("client authentication") {
    Pair p;
    p.server_config.require_client_certificate = true;
    p.server_config.client_trust = &lab().trust;
    p.client_config.certificate_chain = lab().rsa.chain;
    p.client_config.private_key = lab().rsa.key;
    p.start();
    p.pump();
    REQUIRE(p.server.handshake_done());
    CHECK(p.server.info().peer_chain.at(0).subject.common_name() == "rsa-pkcs8");

    Pair none;
    none.server_config.require_client_certificate = true;
    none.server_config.client_trust = &lab().trust;
    none.start();
    CHECK_THROWS_AS(none.pump(), TlsError);
    CHECK_FALSE(none.server.handshake_done());
}

TEST_CASE("a seeded random source replays a handshake byte for byte") {
    auto transcript = [] {
        crypto::SeededRandom rng("lecture 5");
        Pair p(rng);
        p.client_config.now = 1900000000;
        p.server_config.now = 1900000000;
        p.start();
        Bytes all = p.client.take_output();
        p.server.receive(all);
        Bytes flight = p.server.take_output();
        append(all, flight);
        return all;
    };
    CHECK(transcript() == transcript());
}

TEST_CASE("RSA key exchange: bad pre-masters fail like any key mismatch (RFC 5246 §7.4.7.1)") {
    // Two kinds of bad ClientKeyExchange: garbage inside the RSA ciphertext
    // (bad padding), and a well-formed pre-master with the wrong version. The
    // server must not tell them apart: both go on with a random pre-master,
    // and the client's Finished record then fails to decrypt.
    auto server_alert = [](const std::function<void(Bytes&, const Pair&)>& corrupt) {
        Pair p;
        p.client_config.suites = {find_cipher_suite("AES128-GCM-SHA256")};
        p.client_config.server_name = "rsa-pkcs8.vectors.test";
        p.start();
        p.server.receive(p.client.take_output());
        p.client.receive(p.server.take_output());
        Bytes flight = p.client.take_output();   // ClientKeyExchange, CCS, Finished
        corrupt(flight, p);
        try {
            p.server.receive(flight);
        } catch (const TlsError& e) {
            return e.alert();
        }
        return AlertDescription::close_notify;
    };
    const std::size_t ct_at = 5 + 4 + 2;   // record header, handshake header, vector length
    CHECK(server_alert([&](Bytes& f, const Pair&) { f[ct_at + 10] ^= 0x01; }) == AlertDescription::bad_record_mac);
    CHECK(server_alert([&](Bytes& f, const Pair&) {
              Bytes pms(48, 0x55);
              pms[0] = 3, pms[1] = 1;   // TLS 1.0 inside, although the client offered 1.2
              Bytes ct = crypto::rsa_encrypt_pkcs1(lab().rsa.leaf.public_key, pms, crypto::system_random());
              std::copy(ct.begin(), ct.end(), f.begin() + ct_at);
          }) == AlertDescription::bad_record_mac);
}

TEST_CASE("scripted server flights: reordered, malformed, tampered") {
    SUBCASE("ServerKeyExchange missing -> unexpected_message") {
        CHECK(client_alert_for([](auto& f) { f.erase(f.begin() + 2); }) == AlertDescription::unexpected_message);
    }
    SUBCASE("Certificate before ServerHello -> unexpected_message") {
        CHECK(client_alert_for([](auto& f) { std::swap(f[0], f[1]); }) == AlertDescription::unexpected_message);
    }
    SUBCASE("ServerHello one byte short -> decode_error") {
        CHECK(client_alert_for([](auto& f) { f[0].body.pop_back(); }) == AlertDescription::decode_error);
    }
    SUBCASE("ServerKeyExchange signature tampered -> decrypt_error") {
        CHECK(client_alert_for([](auto& f) { find(f, HandshakeType::server_key_exchange)->body.back() ^= 1; }) ==
              AlertDescription::decrypt_error);
    }
    SUBCASE("server picks TLS 1.1 -> protocol_version") {
        CHECK(client_alert_for([](auto& f) { f[0].body[1] = 0x02; }) == AlertDescription::protocol_version);
    }
    SUBCASE("server picks a suite we did not offer -> illegal_parameter") {
        CHECK(client_alert_for(
                  [](auto& f) {
                      ServerHello sh = ServerHello::decode(f[0].body);
                      sh.cipher_suite = 0xC030;
                      f[0].body = sh.encode();
                  },
                  [](Pair& p) { p.client_config.suites = {find_cipher_suite("ECDHE-ECDSA-AES128-GCM-SHA256")}; }) ==
              AlertDescription::illegal_parameter);
    }
    SUBCASE("unsolicited extension -> unsupported_extension") {
        CHECK(client_alert_for([](auto& f) {
                  ServerHello sh = ServerHello::decode(f[0].body);
                  sh.extensions.push_back({static_cast<std::uint16_t>(ExtensionType::alpn), ext::alpn({"h2"})});
                  f[0].body = sh.encode();
              }) == AlertDescription::unsupported_extension);
    }
    SUBCASE("certificate for another name -> certificate_unknown") {
        CHECK(client_alert_for([](auto&) {}, [](Pair& p) { p.client_config.server_name = "other.vectors.test"; }) ==
              AlertDescription::certificate_unknown);
    }
    SUBCASE("certificate from an unknown CA -> unknown_ca") {
        static verify::TrustStore empty;
        CHECK(client_alert_for([](auto&) {}, [](Pair& p) { p.client_config.trust = &empty; }) == AlertDescription::unknown_ca);
    }
    SUBCASE("garbage in Certificate -> bad_certificate") {
        CHECK(client_alert_for([](auto& f) { f[1].body[10] ^= 0xff; }) == AlertDescription::bad_certificate);
    }
    SUBCASE("ServerHelloDone with a body -> decode_error") {
        CHECK(client_alert_for([](auto& f) { f.back().body.push_back(0); }) == AlertDescription::decode_error);
    }
}

TEST_CASE("ChangeCipherSpec or application data too early -> unexpected_message") {
    Pair p;
    p.start();
    p.server.receive(p.client.take_output());
    (void)p.server.take_output();
    CHECK_THROWS_AS(p.client.receive(Bytes{20, 3, 3, 0, 1, 1}), TlsError);
    CHECK(plaintext_alert(p.client.take_output()) == AlertDescription::unexpected_message);

    Pair q;
    q.start();
    (void)q.client.take_output();
    CHECK_THROWS_AS(q.client.receive(Bytes{23, 3, 3, 0, 1, 'x'}), TlsError);
    CHECK(plaintext_alert(q.client.take_output()) == AlertDescription::unexpected_message);
}

TEST_CASE("the server: old clients, fragments, no common suite") {
    SUBCASE("ClientHello fragmented into one-byte records still works") {
        Pair p;
        p.start();
        std::vector<HandshakeMessage> ch = split_flight(p.client.take_output());
        RecordLayer w;
        w.set_max_fragment(1);
        Bytes tiny;
        w.write(ContentType::handshake, ch[0].encoded, tiny);
        p.server.receive(tiny);
        p.pump();
        CHECK(p.client.handshake_done());
    }
    SUBCASE("a TLS 1.3-capable client (supported_versions) negotiates 1.2") {
        Pair p;
        p.start();
        std::vector<HandshakeMessage> ch = split_flight(p.client.take_output());
        ClientHello hello = ClientHello::decode(ch[0].body);
        hello.extensions.push_back({static_cast<std::uint16_t>(ExtensionType::supported_versions), Bytes{4, 0x03, 0x04, 0x03, 0x03}});
        ch[0].body = hello.encode();
        p.server.receive(build_flight(ch));
        CHECK(split_flight(p.server.take_output()).at(0).type == HandshakeType::server_hello);
    }
    SUBCASE("a TLS 1.3-only client gets protocol_version") {
        Pair p;
        p.start();
        std::vector<HandshakeMessage> ch = split_flight(p.client.take_output());
        ClientHello hello = ClientHello::decode(ch[0].body);
        hello.extensions.push_back({static_cast<std::uint16_t>(ExtensionType::supported_versions), Bytes{2, 0x03, 0x04}});
        ch[0].body = hello.encode();
        CHECK_THROWS_AS(p.server.receive(build_flight(ch)), TlsError);
        CHECK(plaintext_alert(p.server.take_output()) == AlertDescription::protocol_version);
    }
    SUBCASE("a TLS 1.0 client gets protocol_version") {
        Pair p;
        p.start();
        std::vector<HandshakeMessage> ch = split_flight(p.client.take_output());
        ch[0].body[1] = 0x01;
        CHECK_THROWS_AS(p.server.receive(build_flight(ch)), TlsError);
        CHECK(plaintext_alert(p.server.take_output()) == AlertDescription::protocol_version);
    }
    SUBCASE("no suite in common gets handshake_failure") {
        Pair p;
        p.server_config.credentials = {lab().rsa};
        p.client_config.suites = {find_cipher_suite("ECDHE-ECDSA-AES128-GCM-SHA256")};
        p.start();
        CHECK_THROWS_AS(p.server.receive(p.client.take_output()), TlsError);
        CHECK(plaintext_alert(p.server.take_output()) == AlertDescription::handshake_failure);
    }
}

// The body of the first `type` handshake message in the plaintext records at
// the start of `wire` (before ChangeCipherSpec), as a span to alter in place.
std::span<std::uint8_t> message_body(Bytes& wire, HandshakeType type) {
    std::size_t rec = 0;
    while (rec + 5 <= wire.size() && wire[rec] == static_cast<std::uint8_t>(ContentType::handshake)) {
        const std::size_t len = static_cast<std::size_t>(wire[rec + 3]) << 8 | wire[rec + 4];
        for (std::size_t m = rec + 5; m + 4 <= rec + 5 + len;) {
            const std::size_t body = static_cast<std::size_t>(wire[m + 1]) << 16 | wire[m + 2] << 8 | wire[m + 3];
            if (wire[m] == static_cast<std::uint8_t>(type)) return {wire.data() + m + 4, body};
            m += 4 + body;
        }
        rec += 5 + len;
    }
    FAIL("no such message in the flight");
    return {};
}

// Runs a full handshake up to the client's second flight, lets `alter` change
// it, and returns the alert the server sends (checking that it sends one).
AlertDescription server_alert_for_client_flight(const std::function<void(Bytes&)>& alter,
                                                const std::function<void(Pair&)>& configure = {}) {
    Pair p;
    if (configure) configure(p);
    p.start();
    p.server.receive(p.client.take_output());
    p.client.receive(p.server.take_output());
    Bytes flight = p.client.take_output();
    alter(flight);
    try {
        p.server.receive(flight);
    } catch (const TlsError& e) {
        auto sent = plaintext_alert(p.server.take_output());
        if (sent) CHECK(*sent == e.alert());
        return e.alert();
    }
    FAIL("the server accepted the altered flight");
    return AlertDescription::close_notify;
}

TEST_CASE("the server: extensions and the client's second flight") {
    SUBCASE("unknown extensions (and GREASE values) are ignored") {
        Pair p;
        p.start();
        std::vector<HandshakeMessage> ch = split_flight(p.client.take_output());
        ClientHello hello = ClientHello::decode(ch[0].body);
        hello.extensions.insert(hello.extensions.begin(), {0x0a0a, {}});   // RFC 8701 GREASE
        hello.extensions.push_back({0x1234, Bytes{1, 2, 3}});
        hello.cipher_suites.insert(hello.cipher_suites.begin(), 0x2a2a);
        ch[0].body = hello.encode();
        p.server.receive(build_flight(ch));
        std::vector<HandshakeMessage> flight = split_flight(p.server.take_output());
        ServerHello sh = ServerHello::decode(flight.at(0).body);
        for (const Extension& e : sh.extensions) {
            CHECK(e.type != 0x0a0a);
            CHECK(e.type != 0x1234);
        }
    }
    SUBCASE("an extension sent twice is decode_error") {
        Pair p;
        p.start();
        std::vector<HandshakeMessage> ch = split_flight(p.client.take_output());
        ClientHello hello = ClientHello::decode(ch[0].body);
        hello.extensions.push_back(hello.extensions.front());
        ch[0].body = hello.encode();   // encode() keeps the list as given, duplicates included
        CHECK_THROWS_AS(p.server.receive(build_flight(ch)), TlsError);
        CHECK(plaintext_alert(p.server.take_output()) == AlertDescription::decode_error);
    }
    SUBCASE("ServerHello echoes only the extensions the client offered") {
        Pair p;
        p.client_config.offer_extended_master_secret = false;
        p.client_config.offer_encrypt_then_mac = false;
        p.client_config.offer_session_ticket = false;
        p.start();
        p.server.receive(p.client.take_output());
        ServerHello sh = ServerHello::decode(split_flight(p.server.take_output()).at(0).body);
        for (ExtensionType t : {ExtensionType::extended_master_secret, ExtensionType::encrypt_then_mac,
                                ExtensionType::session_ticket, ExtensionType::alpn}) {
            CHECK(sh.find(t) == nullptr);
        }
        CHECK(sh.find(ExtensionType::renegotiation_info) != nullptr);   // RFC 5746 §3.6: the client signalled it
    }
    SUBCASE("an X25519 share of small order is illegal_parameter") {
        auto alert = server_alert_for_client_flight([](Bytes& f) {
            auto body = message_body(f, HandshakeType::client_key_exchange);
            std::fill(body.begin() + 1, body.end(), 0);   // the all-zero point (RFC 7748 §6.1)
        });
        CHECK(alert == AlertDescription::illegal_parameter);
    }
    SUBCASE("a P-256 share off the curve is illegal_parameter") {
        auto alert = server_alert_for_client_flight(
            [](Bytes& f) { message_body(f, HandshakeType::client_key_exchange).back() ^= 0x01; },
            [](Pair& p) { p.client_config.groups = {crypto::NamedGroup::secp256r1}; });
        CHECK(alert == AlertDescription::illegal_parameter);
    }
    SUBCASE("a DHE share of 1 is illegal_parameter") {
        auto alert = server_alert_for_client_flight(
            [](Bytes& f) {
                auto body = message_body(f, HandshakeType::client_key_exchange);
                std::fill(body.begin() + 2, body.end(), 0);
                body.back() = 1;
            },
            [](Pair& p) {
                p.client_config.suites = {find_cipher_suite("DHE-RSA-AES128-GCM-SHA256")};
                p.client_config.server_name = "rsa-pkcs8.vectors.test";
            });
        CHECK(alert == AlertDescription::illegal_parameter);
    }
    SUBCASE("a client CertificateVerify that does not verify is decrypt_error") {
        auto alert = server_alert_for_client_flight(
            [](Bytes& f) { message_body(f, HandshakeType::certificate_verify).back() ^= 0x01; },
            [](Pair& p) {
                p.server_config.require_client_certificate = true;
                p.server_config.client_trust = &lab().trust;
                p.client_config.certificate_chain = lab().ed.chain;
                p.client_config.private_key = lab().ed.key;
            });
        CHECK(alert == AlertDescription::decrypt_error);
    }
    SUBCASE("a client certificate from an unknown CA is unknown_ca") {
        verify::TrustStore only_rsa;
        only_rsa.add(lab().rsa.leaf);
        auto alert = server_alert_for_client_flight([](Bytes&) {},
                                                    [&](Pair& p) {
                                                        p.server_config.require_client_certificate = true;
                                                        p.server_config.client_trust = &only_rsa;
                                                        p.client_config.certificate_chain = lab().ec.chain;
                                                        p.client_config.private_key = lab().ec.key;
                                                    });
        CHECK(alert == AlertDescription::unknown_ca);
    }
}

TEST_CASE("renegotiation is declined with a warning and the connection goes on") {
    struct Alerts : Observer {
        std::vector<AlertDescription> received;
        void on_alert(Direction d, AlertLevel level, AlertDescription a) override {
            if (d == Direction::incoming && level == AlertLevel::warning) received.push_back(a);
        }
    };
    Alerts client_saw, server_saw;
    crypto::RandomSource& rng = crypto::system_random();
    ServerConfig sc;
    sc.credentials = {lab().ec};
    ClientConfig cc;
    cc.trust = &lab().trust;
    cc.server_name = "ec-p256-pkcs8.vectors.test";
    Connection client(rng, &client_saw), server(rng, &server_saw);
    server.set_engine(std::make_unique<ServerHandshake>(server, sc));
    client.set_engine(std::make_unique<ClientHandshake>(client, cc));
    client.start();
    auto pump = [&] {
        for (int i = 0; i < 10; ++i) {
            Bytes c = client.take_output(), s = server.take_output();
            if (c.empty() && s.empty()) return;
            if (!c.empty()) server.receive(c);
            if (!s.empty()) client.receive(s);
        }
    };
    pump();
    REQUIRE(client.handshake_done());

    // The server asks (HelloRequest): the client declines.
    Transcript scratch;
    server.send_handshake(HandshakeType::hello_request, {}, scratch);
    pump();
    CHECK(server_saw.received == std::vector<AlertDescription>{AlertDescription::no_renegotiation});

    // The client asks (a new ClientHello): the server declines.
    ClientHello again;
    again.random = Bytes(32, 7);
    again.cipher_suites = {0xC02B};
    client.send_handshake(HandshakeType::client_hello, again.encode(), scratch);
    pump();
    CHECK(client_saw.received == std::vector<AlertDescription>{AlertDescription::no_renegotiation});

    client.write(testing::bytes_of("still here"));
    pump();
    CHECK(server.pending_application_data() == 10);
}

}
