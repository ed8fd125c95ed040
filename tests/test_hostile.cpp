// Hostile peers in memory: each case is an attack a student can mount in the
// lab (issue "Hardening"), and what glasstls must do instead of crashing,
// growing or spinning — a fatal alert with one sentence, or carrying on.
#include <doctest/doctest.h>

#include <algorithm>
#include <functional>

#include "glasstls/handshake_client.hpp"
#include "glasstls/handshake_server.hpp"
#include "handshake_helpers.hpp"

using namespace glasstls;
using testing::lab;
using testing::Pair;
using testing::plaintext_alert;

namespace {

// Runs `step` and returns the alert of the TlsError it throws.
template <class F>
std::optional<AlertDescription> alert_of(F step) {
    try {
        step();
    } catch (const TlsError& e) {
        return e.alert();
    }
    return std::nullopt;
}

// A finished handshake, ready for what the client does next.
void connect(Pair& p) {
    p.start();
    p.pump();
    REQUIRE(p.client.handshake_done());
    REQUIRE(p.server.handshake_done());
}

// A ClientHello of the largest size the grammar allows (RFC 5246 §7.4.1.2):
// 32 bytes of session id, 32,767 cipher suites, 255 compression methods and
// 65,535 bytes of extensions — 131,396 bytes of body.
Bytes largest_client_hello() {
    ClientHello h;
    h.random = Bytes(32, 7);
    h.session_id = Bytes(32, 1);
    for (std::uint16_t i = 0; i < 32767 - 1; ++i) h.cipher_suites.push_back(static_cast<std::uint16_t>(0x5a00 + i % 256));
    h.cipher_suites.push_back(0xc02f);   // ECDHE-RSA-AES128-GCM-SHA256
    h.compression_methods.assign(255, 0x40);
    h.compression_methods[254] = 0;       // null, last
    const Bytes groups = ext::supported_groups({crypto::NamedGroup::x25519});
    const Bytes schemes = ext::signature_algorithms({SignatureScheme::rsa_pss_rsae_sha256});
    h.extensions.push_back({10, groups});
    h.extensions.push_back({13, schemes});
    // padding (RFC 7685) fills the block to its 65,535-byte maximum.
    const std::size_t used = (4 + groups.size()) + (4 + schemes.size()) + 4;
    h.extensions.push_back({21, Bytes(65535 - used, 0)});
    return h.encode();
}

} // namespace

TEST_SUITE("hostile") {

TEST_CASE("a key too short for the client's only signature scheme is a handshake_failure, not an abort") {
    crypto::SeededRandom rng("short key");
    ServerCredential weak = lab().rsa;
    weak.key = crypto::generate_private_key(crypto::KeyType::rsa, rng, 1024);
    CHECK_FALSE(crypto::can_sign(weak.key, crypto::SignatureAlgorithm::rsa_pss, crypto::HashAlgorithm::sha512));
    CHECK(crypto::can_sign(weak.key, crypto::SignatureAlgorithm::rsa_pss, crypto::HashAlgorithm::sha256));
    // The facade itself refuses with TlsError rather than leaking Crypto++'s exception.
    CHECK(alert_of([&] {
              crypto::sign(weak.key, crypto::SignatureAlgorithm::rsa_pss, crypto::HashAlgorithm::sha512, Bytes{1}, rng);
          }) == AlertDescription::internal_error);

    Pair p;
    p.server_config.credentials = {weak};
    p.client_config.suites = {find_cipher_suite(0xc02f)};
    p.client_config.schemes = {SignatureScheme::rsa_pss_rsae_sha512};
    p.start();
    CHECK(alert_of([&] { p.server.receive(p.client.take_output()); }) == AlertDescription::handshake_failure);
    CHECK(plaintext_alert(p.server.take_output()) == AlertDescription::handshake_failure);

    // Offered a scheme the key can make as well, the server picks that one.
    Pair q;
    q.server_config.credentials = {weak};
    q.client_config.suites = {find_cipher_suite(0xc02f)};
    q.client_config.schemes = {SignatureScheme::rsa_pss_rsae_sha512, SignatureScheme::rsa_pss_rsae_sha256};
    q.client_config.verify_peer = false;
    q.start();
    q.server.receive(q.client.take_output());
    CHECK(q.server.info().signature_scheme == static_cast<std::uint16_t>(SignatureScheme::rsa_pss_rsae_sha256));
}

TEST_CASE("the handshake reassembler stays small when every record cuts one byte into the next message") {
    HandshakeReassembler r;
    const Bytes message = frame_handshake(HandshakeType::client_hello, Bytes(200, 0x11));
    // The stream: message after message, delivered in records of message
    // length: each ends one byte into the next message.
    Bytes stream;
    for (int i = 0; i < 2000; ++i) append(stream, message);
    std::size_t largest = 0, messages = 0;
    std::size_t offset = 1;
    r.add(ByteView(stream).first(1));
    while (offset + message.size() <= stream.size()) {
        r.add(ByteView(stream).subspan(offset, message.size()));
        offset += message.size();
        while (r.next()) ++messages;
        largest = std::max(largest, r.buffered());
    }
    CHECK(messages == 1999);
    CHECK(largest <= message.size());
}

TEST_CASE("a peer that keeps asking to renegotiate is cut off after a few refusals") {
    Pair p;
    connect(p);
    ClientHello again;
    again.random = Bytes(32, 9);
    again.cipher_suites = {0xc02f};
    const Bytes hello = frame_handshake(HandshakeType::client_hello, again.encode());
    std::optional<AlertDescription> alert;
    int sent = 0;
    for (; sent < 50 && !alert; ++sent) {
        p.client.write_raw_record(ContentType::handshake, hello);
        alert = alert_of([&] { p.server.receive(p.client.take_output()); });
    }
    CHECK(alert == AlertDescription::unexpected_message);
    CHECK(sent == 5);   // four refused with a no_renegotiation warning, the fifth is fatal
}

TEST_CASE("a flood of warning alerts is fatal (CVE-2016-8610 pattern)") {
    Pair p;
    p.start();
    p.server.receive(p.client.take_output());   // the ClientHello; the server now waits
    // Plaintext warning alerts, as the "SSL death alert" attack sends them.
    const Bytes warning = {21, 3, 3, 0, 2, 1, static_cast<std::uint8_t>(AlertDescription::unrecognized_name)};
    std::optional<AlertDescription> alert;
    int sent = 0;
    for (; sent < 50 && !alert; ++sent) alert = alert_of([&] { p.server.receive(warning); });
    CHECK(alert == AlertDescription::unexpected_message);
    CHECK(sent == 5);
}

TEST_CASE("empty application data records: a few are fine, a flood is fatal") {
    Pair p;
    connect(p);
    for (int i = 0; i < 32; ++i) p.client.write_raw_record(ContentType::application_data, {});
    p.client.write(testing::bytes_of("data"));
    p.server.receive(p.client.take_output());   // 32 empty, then data: accepted
    std::uint8_t buf[16];
    CHECK(p.server.read(buf) == 4);
    for (int i = 0; i < 33; ++i) p.client.write_raw_record(ContentType::application_data, {});
    CHECK(alert_of([&] { p.server.receive(p.client.take_output()); }) == AlertDescription::unexpected_message);
}

TEST_CASE("a ChangeCipherSpec record of two bytes is unexpected_message") {
    Pair p;
    p.start();
    p.server.receive(p.client.take_output());
    p.client.receive(p.server.take_output());
    (void)p.client.take_output();
    const std::uint8_t two[2] = {1, 1};
    p.client.write_raw_record(ContentType::change_cipher_spec, two);
    CHECK(alert_of([&] { p.server.receive(p.client.take_output()); }) == AlertDescription::unexpected_message);
}

TEST_CASE("the largest ClientHello the grammar allows is read and answered") {
    const Bytes body = largest_client_hello();
    CHECK(body.size() == 131396);
    Pair p;
    p.server_config.credentials = {lab().rsa};
    p.start();
    Bytes framed = frame_handshake(HandshakeType::client_hello, body);
    Bytes wire;
    RecordLayer plain;
    plain.write(ContentType::handshake, framed, wire);
    p.server.receive(wire);
    CHECK(p.server.state_name() == "EXPECT_CLIENT_KEY_EXCHANGE");
    // One byte more than the grammar allows is a decoding error.
    Pair q;
    q.start();
    Bytes too_long = frame_handshake(HandshakeType::client_hello, Bytes(131397, 0));
    Bytes wire2;
    plain.write(ContentType::handshake, too_long, wire2);
    CHECK(alert_of([&] { q.server.receive(wire2); }) == AlertDescription::decode_error);
}

} // TEST_SUITE

TEST_SUITE("sessions expire") {

namespace {
// One full handshake at server time `t0`, then a resumption attempt at `t1`
// with the session the first connection gave the client.
struct Resumption {
    SessionCache cache;
    TicketKeys tickets{crypto::system_random(), 1'000'000};
    std::optional<Session> saved;
    // One connection at server time `now`, resuming `saved` when asked to.
    void run(Pair& p, bool ticket, std::int64_t now, bool resuming) {
        p.server_config.session_cache = &cache;
        p.server_config.tickets = ticket ? &tickets : nullptr;
        p.server_config.now = now;
        p.client_config.offer_session_ticket = ticket;
        if (resuming) p.client_config.resume = saved;
        connect(p);
    }
    void full(bool ticket, std::int64_t t0) {
        Pair p;
        run(p, ticket, t0, false);
        saved = p.client.session();
        REQUIRE(saved.has_value());
    }
    bool resume(bool ticket, std::int64_t t1) {
        Pair p;
        run(p, ticket, t1, true);
        if (p.client.session()) saved = p.client.session();
        return p.server.info().resumed;
    }
};
} // namespace

TEST_CASE("a session is resumable for two hours from its full handshake, and resuming does not extend it") {
    for (bool ticket : {false, true}) {
        CAPTURE(ticket);
        Resumption r;
        const std::int64_t t0 = 1'000'000;
        r.full(ticket, t0);
        CHECK(r.resume(ticket, t0 + 3600));                          // within the lifetime
        CHECK(r.resume(ticket, t0 + session_lifetime_seconds));      // the last second
        CHECK_FALSE(r.resume(ticket, t0 + session_lifetime_seconds + 1));   // expired, although resumed an hour ago
    }
}

TEST_CASE("ticket keys rotate, and the previous key opens its tickets until they expire") {
    crypto::SeededRandom rng("rotation");
    const std::int64_t t0 = 1'000'000;
    TicketKeys keys(rng, t0);
    Session s;
    s.cipher_suite = 0xc02f;
    s.master_secret = crypto::to_secret(Bytes(48, 1));
    s.created = t0;
    const Bytes old_ticket = keys.seal(s, rng, t0);
    Session later = s;
    later.created = t0 + session_lifetime_seconds;
    const Bytes new_ticket = keys.seal(later, rng, t0 + session_lifetime_seconds);   // rotates
    CHECK(Bytes(old_ticket.begin(), old_ticket.begin() + 16) != Bytes(new_ticket.begin(), new_ticket.begin() + 16));
    CHECK(keys.open(old_ticket, t0 + session_lifetime_seconds).has_value());        // previous key, still in time
    CHECK_FALSE(keys.open(old_ticket, t0 + session_lifetime_seconds + 1).has_value());
    CHECK(keys.open(new_ticket, t0 + session_lifetime_seconds + 1).has_value());
    Session last = later;
    last.created = t0 + 2 * session_lifetime_seconds;
    (void)keys.seal(last, rng, t0 + 2 * session_lifetime_seconds);                  // rotates again: the first key is gone
    CHECK_FALSE(keys.open(old_ticket, t0 + 10).has_value());   // in time, but its key is gone
}

TEST_CASE("a saved session is offered only to its server name and within the cipher list") {
    Resumption r;
    r.full(false, 1'000'000);
    {
        Pair p;
        p.server_config.session_cache = &r.cache;
        p.server_config.now = 1'000'010;
        p.client_config.resume = r.saved;
        p.client_config.server_name = "rsa-pkcs8.vectors.test";   // another server
        p.client_config.verify_peer = false;
        connect(p);
        CHECK_FALSE(p.server.info().resumed);
    }
    {
        Pair p;
        p.server_config.session_cache = &r.cache;
        p.server_config.now = 1'000'010;
        p.client_config.resume = r.saved;
        const CipherSuite* other = find_cipher_suite(r.saved->cipher_suite == 0xc02b ? 0xc02c : 0xc02b);
        p.client_config.suites = {other};
        connect(p);
        CHECK_FALSE(p.server.info().resumed);
        CHECK(p.client.info().suite == other);
    }
}

} // TEST_SUITE

TEST_SUITE("conformance") {

namespace {
// The alert a server sends for a ClientHello built by `make` (from the lab client's own).
std::optional<AlertDescription> server_alert_for(const std::function<void(ClientHello&)>& make, Pair* keep = nullptr) {
    Pair local;
    Pair& p = keep != nullptr ? *keep : local;
    p.start();
    Bytes wire = p.client.take_output();
    RecordLayer r;
    r.feed(wire);
    auto rec = r.read();
    REQUIRE(rec.has_value());
    ClientHello h = ClientHello::decode(ByteView(rec->fragment).subspan(4));
    make(h);
    Bytes out;
    RecordLayer w;
    w.write(ContentType::handshake, frame_handshake(HandshakeType::client_hello, h.encode()), out);
    return alert_of([&] { p.server.receive(out); });
}
void set_extension(ClientHello& h, ExtensionType t, Bytes data) {
    for (Extension& e : h.extensions) {
        if (e.type == static_cast<std::uint16_t>(t)) {
            e.data = std::move(data);
            return;
        }
    }
    h.extensions.push_back({static_cast<std::uint16_t>(t), std::move(data)});
}
Bytes sni_list(std::initializer_list<std::string> names) {
    Writer w;
    w.prefixed16([&](Writer& list) {
        for (const std::string& n : names) {
            list.u8(0);
            list.vec16(as_bytes(n));
        }
    });
    return w.take();
}
} // namespace

TEST_CASE("server_name: an empty list, two host names, control or non-ASCII bytes are refused (RFC 6066 §3)") {
    CHECK(server_alert_for([](ClientHello& h) { set_extension(h, ExtensionType::server_name, {0, 0}); }) == AlertDescription::decode_error);
    CHECK(server_alert_for([](ClientHello& h) { set_extension(h, ExtensionType::server_name, sni_list({"a.test", "b.test"})); }) ==
          AlertDescription::illegal_parameter);
    CHECK(server_alert_for([](ClientHello& h) { set_extension(h, ExtensionType::server_name, sni_list({std::string("a\0b.test", 8)})); }) ==
          AlertDescription::illegal_parameter);
    CHECK(server_alert_for([](ClientHello& h) { set_extension(h, ExtensionType::server_name, sni_list({"\x1b[31mred.test"})); }) ==
          AlertDescription::illegal_parameter);
    CHECK(server_alert_for([](ClientHello& h) { set_extension(h, ExtensionType::server_name, sni_list({"caf\xc3\xa9.test"})); }) ==
          AlertDescription::illegal_parameter);
}

TEST_CASE("ec_point_formats must list uncompressed; extended_master_secret and encrypt_then_mac must be empty") {
    CHECK(server_alert_for([](ClientHello& h) { set_extension(h, ExtensionType::ec_point_formats, {1, 1}); }) ==
          AlertDescription::illegal_parameter);
    CHECK(server_alert_for([](ClientHello& h) { set_extension(h, ExtensionType::ec_point_formats, {0}); }) == AlertDescription::decode_error);
    CHECK(server_alert_for([](ClientHello& h) { set_extension(h, ExtensionType::extended_master_secret, {0}); }) ==
          AlertDescription::decode_error);
    CHECK(server_alert_for([](ClientHello& h) { set_extension(h, ExtensionType::encrypt_then_mac, {0}); }) == AlertDescription::decode_error);
}

TEST_CASE("FFDHE negotiation follows RFC 7919 §4 for the whole 256-511 range") {
    // Only an FFDHE group we do not have (0x01FC, RFC 7919 §2's private use), DHE and RSA offered: RSA, not DHE.
    Pair p;
    p.server_config.credentials = {lab().rsa};
    CHECK_FALSE(server_alert_for(
                    [](ClientHello& h) {
                        h.cipher_suites = {0x009E, 0x002F};
                        set_extension(h, ExtensionType::supported_groups, ext::supported_groups({static_cast<crypto::NamedGroup>(0x01FC)}));
                    },
                    &p)
                    .has_value());
    CHECK(p.server.info().suite->id == 0x002F);
    // DHE only, and no FFDHE group in common: insufficient_security.
    Pair q;
    q.server_config.credentials = {lab().rsa};
    CHECK(server_alert_for(
              [](ClientHello& h) {
                  h.cipher_suites = {0x009E};
                  set_extension(h, ExtensionType::supported_groups, ext::supported_groups({static_cast<crypto::NamedGroup>(511)}));
              },
              &q) == AlertDescription::insufficient_security);
}

TEST_CASE("a resumption that leaves out the session's cipher suite is illegal_parameter (RFC 5246 §7.4.1.2)") {
    SessionCache cache;
    Pair first;
    first.server_config.session_cache = &cache;
    first.client_config.offer_session_ticket = false;
    connect(first);
    const Session s = *first.client.session();
    Pair second;
    second.server_config.session_cache = &cache;
    CHECK(server_alert_for(
              [&](ClientHello& h) {
                  h.session_id = s.session_id;
                  h.cipher_suites.erase(std::remove(h.cipher_suites.begin(), h.cipher_suites.end(), s.cipher_suite), h.cipher_suites.end());
              },
              &second) == AlertDescription::illegal_parameter);
}

} // TEST_SUITE
