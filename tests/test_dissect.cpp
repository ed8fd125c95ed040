// The dissector (glasstls/dissect.hpp): every message of real handshakes,
// both directions, is laid out field by field with offsets that tile its
// bytes exactly — the base the HTML transcript and the capture decoder
// colour bytes with.
#include <doctest/doctest.h>

#include <set>

#include "glasstls/dissect.hpp"
#include "handshake_helpers.hpp"

using namespace glasstls;
using testing::lab;
using testing::Pair;

namespace {

// Keeps a copy of every message event the client sees (sent and received).
struct Messages : Observer {
    std::vector<std::pair<Direction, DecodedMessage>> seen;
    void on_message(const MessageEvent& e) override { seen.emplace_back(e.direction, e.message); }
};

// The message's fields tile its bytes exactly, in order. Inside a field,
// the children come in order without overlap; bytes no child claims are
// the field's own (an opaque vector: its length child, then its value).
void check_tiling(const std::vector<Field>& fields, std::size_t from, std::size_t to, const std::string& where, bool exact = true) {
    std::size_t at = from;
    for (const Field& f : fields) {
        CAPTURE(where + " / " + f.name);
        if (exact) CHECK(f.offset == at);
        else CHECK(f.offset >= at);
        if (!f.children.empty()) check_tiling(f.children, f.offset, f.offset + f.length, where + " / " + f.name, false);
        at = f.offset + f.length;
    }
    if (exact) CHECK(at == to);
    else CHECK(at <= to);
}

const Field* find(const std::vector<Field>& fields, const std::string& name) {
    for (const Field& f : fields) {
        if (f.name == name) return &f;
        if (const Field* c = find(f.children, name)) return c;
    }
    return nullptr;
}

std::vector<std::pair<Direction, DecodedMessage>> handshake(std::uint16_t suite, const ServerCredential& cred, bool mutual = false) {
    Messages seen;
    crypto::SeededRandom rng("dissect");
    Pair p(rng, &seen);
    p.client_config.suites = {find_cipher_suite(suite)};
    p.server_config.credentials = {cred};
    p.client_config.server_name = cred.leaf.subject.common_name() + ".vectors.test";
    if (mutual) {
        p.server_config.require_client_certificate = true;
        p.server_config.client_trust = &lab().trust;
        p.client_config.certificate_chain = lab().rsa.chain;
        p.client_config.private_key = lab().rsa.key;
    }
    TicketKeys tickets(rng);
    p.server_config.tickets = &tickets;
    p.start();
    p.pump();
    REQUIRE(p.client.handshake_done());
    return seen.seen;
}

} // namespace

TEST_SUITE("dissect") {

TEST_CASE("every message of ECDHE, DHE, RSA and mutual-TLS handshakes: fields tile the bytes, the struct is decoded") {
    struct Case {
        std::uint16_t suite;
        const ServerCredential* cred;
        bool mutual;
        const char* kx_field;   // the ClientKeyExchange's one field
    };
    const Case cases[] = {
        {0xC02F, &lab().rsa, false, "ecdh_Yc"},                      // ECDHE-RSA-AES128-GCM-SHA256
        {0xC02B, &lab().ec, true, "ecdh_Yc"},                        // ECDHE-ECDSA, client certificate
        {0x009E, &lab().rsa, false, "dh_Yc"},                        // DHE-RSA-AES128-GCM-SHA256
        {0x009C, &lab().rsa, false, "EncryptedPreMasterSecret"},     // RSA key exchange
    };
    for (const Case& c : cases) {
        CAPTURE(c.suite);
        const auto seen = handshake(c.suite, *c.cred, c.mutual);
        std::set<HandshakeType> types;
        for (const auto& [direction, m] : seen) {
            CAPTURE(std::string(handshake_type_name(m.type)));
            CHECK(m.error.empty());
            check_tiling(m.fields, 0, m.bytes.size(), std::string(handshake_type_name(m.type)));
            types.insert(m.type);
            switch (m.type) {
            case HandshakeType::client_hello: {
                const auto& h = std::get<ClientHello>(m.message);
                const Field* random = find(m.fields, "random");
                REQUIRE(random != nullptr);
                CHECK(Bytes(field_bytes(m.bytes, *random).begin(), field_bytes(m.bytes, *random).end()) == h.random);
                CHECK(find(m.fields, "extension server_name")->value.find(".vectors.test") != std::string::npos);
                break;
            }
            case HandshakeType::server_hello:
                CHECK(find(m.fields, "cipher_suite")->value == find_cipher_suite(c.suite)->iana_name);
                break;
            case HandshakeType::server_key_exchange: {
                const auto& ske = std::get<ServerKeyExchange>(m.message);
                const Field* sig = find(m.fields, "signature");
                REQUIRE(sig != nullptr);
                const ByteView content = field_content(m.bytes, *sig);
                CHECK(Bytes(content.begin(), content.end()) == ske.signature);
                break;
            }
            case HandshakeType::client_key_exchange:
                CHECK(find(m.fields, c.kx_field) != nullptr);
                CHECK(std::holds_alternative<ClientKeyExchange>(m.message));
                break;
            case HandshakeType::certificate:
                CHECK(find(m.fields, "certificate[0]")->value.find("subject ") == 0);
                break;
            default:
                break;
            }
        }
        CHECK(types.count(HandshakeType::finished) == 1);   // the set keeps one; both Finished were seen
        CHECK(types.count(HandshakeType::new_session_ticket) == 1);
        CHECK(types.count(HandshakeType::certificate_request) == (c.mutual ? 1u : 0u));
        CHECK(types.count(HandshakeType::certificate_verify) == (c.mutual ? 1u : 0u));
    }
}

TEST_CASE("a malformed message: the fields read so far, then the reason — never a throw") {
    Bytes hello = frame_handshake(HandshakeType::client_hello, from_hex("0303" + std::string(64, 'a') + "20"));   // session_id says 32, none follow
    const DecodedMessage m = decode_message(hello);
    CHECK(m.type == HandshakeType::client_hello);
    CHECK(m.error.find("session_id") != std::string::npos);
    CHECK(find(m.fields, "client_version")->value == "TLS 1.2");
    CHECK(find(m.fields, "random") != nullptr);
    CHECK(std::holds_alternative<std::monostate>(m.message));
    // A length beyond the bytes, an unknown type, an empty input.
    CHECK(!decode_message(from_hex("01ffffff00")).error.empty());
    CHECK(decode_message(from_hex("63000001aa")).fields.back().name == "body");
    CHECK(!decode_message({}).error.empty());
}

TEST_CASE("an extension whose data is malformed is said so, and the message goes on") {
    ClientHello h;
    h.random = Bytes(32, 1);
    h.cipher_suites = {0xC02F};
    h.extensions = {{0, from_hex("0005")}, {23, {}}};   // server_name cut short, then extended_master_secret
    const DecodedMessage m = decode_message(frame_handshake(HandshakeType::client_hello, h.encode()));
    CHECK(m.error.empty());
    CHECK(find(m.fields, "extension server_name")->value.rfind("malformed", 0) == 0);
    CHECK(find(m.fields, "extension extended_master_secret") != nullptr);
    check_tiling(m.fields, 0, m.bytes.size(), "ClientHello");
}

TEST_CASE("a hostile ClientHello with 32,000 cipher suites: each one a field, from the engine's own decode()") {
    // tlsfuzzer's test-large-hello.py sends such hellos; the field tree is
    // built in one pass (a quadratic build once took seconds per hello).
    ClientHello h;
    h.random = Bytes(32, 1);
    for (std::uint16_t i = 0; i < 32000; ++i) h.cipher_suites.push_back(static_cast<std::uint16_t>(0x0a0a + i));
    h.compression_methods = {0};
    const DecodedMessage m = decode_message(frame_handshake(HandshakeType::client_hello, h.encode()));
    CHECK(m.error.empty());
    CHECK(std::holds_alternative<ClientHello>(m.message));
    const Field* suites = nullptr;
    for (const Field& f : m.fields) {
        if (f.name == "cipher_suites") suites = &f;
    }
    REQUIRE(suites != nullptr);
    CHECK(suites->children.size() == 32001);   // the length, then every suite
    CHECK(suites->value == "32000 suites, the client's preference first");
    CHECK(suites->children.back().offset == suites->offset + suites->length - 2);
}

TEST_CASE("record header fields") {
    const auto f = record_header_fields(from_hex("1703030020"));
    REQUIRE(f.size() == 3);
    CHECK(f[0].value == "application_data (23)");
    CHECK(f[1].value == "TLS 1.2");
    CHECK(f[2].offset == 3);
    CHECK(f[2].value == "32 bytes of fragment");
}

} // TEST_SUITE
