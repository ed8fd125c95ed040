// The passive decoder (glasstls/passive.hpp): a conversation between two
// engines in memory, recorded byte for byte in both directions, decoded
// from outside — with the key log, without it, with a wrong one — and
// hostile streams that must end in a sentence, never a throw.
#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <type_traits>

#include "glasstls/key_log.hpp"
#include "glasstls/passive.hpp"
#include "handshake_helpers.hpp"

using namespace glasstls;
using testing::lab;
using testing::Pair;

namespace {

struct Chunk {
    bool from_client;
    Bytes bytes;
};

// A conversation as a capture would hold it: each side's bytes, in order.
struct Recorded {
    std::vector<Chunk> chunks;
    std::string keylog;
};

void pump_recording(Pair& p, Recorded& r) {
    for (int i = 0; i < 20; ++i) {
        Bytes c = p.client.take_output(), s = p.server.take_output();
        if (c.empty() && s.empty()) return;
        if (!c.empty()) {
            r.chunks.push_back({true, c});
            p.server.receive(c);
        }
        if (!s.empty()) {
            r.chunks.push_back({false, s});
            p.client.receive(s);
        }
    }
}

Recorded conversation(std::uint16_t suite, bool etm = true, std::optional<Session> resume = std::nullopt, TicketKeys* tickets = nullptr,
                      std::optional<Session>* session_out = nullptr, bool heartbeat = false) {
    std::ostringstream keylog;
    KeyLogObserver keys(keylog);
    crypto::SeededRandom rng("passive");
    Pair p(rng, &keys);
    p.client_config.suites = {find_cipher_suite(suite)};
    p.client_config.offer_encrypt_then_mac = etm;
    p.server_config.credentials = {lab().rsa};
    p.client_config.server_name = "rsa-pkcs8.vectors.test";
    p.client_config.offer_heartbeat = heartbeat;
    p.server_config.enable_heartbeat = heartbeat;
    p.server_config.tickets = tickets;
    p.client_config.resume = resume;
    Recorded r;
    p.start();
    pump_recording(p, r);
    REQUIRE(p.client.handshake_done());
    if (heartbeat) {   // RFC 6520: a request and its response, both protected records of type 24
        REQUIRE(p.client.info().heartbeat);
        p.client.send_heartbeat(testing::bytes_of("are you there"));
        pump_recording(p, r);
    }
    p.client.write(testing::bytes_of("ping"));
    pump_recording(p, r);
    p.server.write(testing::bytes_of("pong!"));
    p.server.close();
    pump_recording(p, r);
    if (session_out != nullptr) *session_out = p.client.session();
    r.keylog = keylog.str();
    return r;
}

// Collects what a decoder reports: the application data each side sent.
struct AppData : Observer {
    bool wants_secrets() const override { return true; }
    std::string from_client, from_server;
    void on_record(const RecordEvent& e) override {
        if (e.type != ContentType::application_data) return;
        (e.direction == Direction::outgoing ? from_client : from_server).append(e.plaintext.begin(), e.plaintext.end());
    }
};

PassiveSummary decode(const Recorded& r, const KeyLogFile* keys, AppData* app = nullptr, std::size_t piece = 0) {
    PassiveConnection conn(app, keys);
    for (const Chunk& c : r.chunks) {
        if (piece == 0) {
            conn.feed(c.from_client, c.bytes);
        } else {   // as small TCP segments
            for (std::size_t i = 0; i < c.bytes.size(); i += piece) conn.feed(c.from_client, ByteView(c.bytes).subspan(i, std::min(piece, c.bytes.size() - i)));
        }
    }
    conn.finish();
    return conn.summary();
}

Bytes record(ContentType type, ByteView body) {
    Bytes r{static_cast<std::uint8_t>(type), 3, 3, static_cast<std::uint8_t>(body.size() >> 8), static_cast<std::uint8_t>(body.size())};
    append(r, body);
    return r;
}

} // namespace

TEST_SUITE("passive decoding") {

TEST_CASE("with the key log: every suite kind decrypts, both Finished are recomputed and match") {
    for (std::uint16_t suite : {0xC02F, 0xC030, 0xCCA8, 0xC027, 0x009E, 0x009C, 0x002F}) {
        for (bool etm : {true, false}) {
            CAPTURE(suite);
            CAPTURE(etm);
            const Recorded r = conversation(suite, etm);
            const KeyLogFile keys = KeyLogFile::parse(r.keylog);
            REQUIRE(keys.size() == 1);
            for (std::size_t piece : {std::size_t{0}, std::size_t{7}}) {
                AppData app;
                const PassiveSummary s = decode(r, &keys, &app, piece);
                CHECK(s.stopped.empty());
                CHECK(s.notes.empty());
                CHECK(s.key_known);
                CHECK(s.suite == suite);
                CHECK(s.server_name == "rsa-pkcs8.vectors.test");
                CHECK(s.client_finished_ok == true);
                CHECK(s.server_finished_ok == true);
                CHECK(app.from_client == "ping");
                CHECK(app.from_server == "pong!");
                CHECK(s.certificates.size() == lab().rsa.chain.size());
                CHECK(s.encrypt_then_mac == (etm && !find_cipher_suite(suite)->is_aead()));
                CHECK(!s.resumed);
            }
        }
    }
}

TEST_CASE("a session resumed by ticket: recognised as resumed, its Finished checked with the session's master secret") {
    TicketKeys tickets(crypto::system_random());
    std::optional<Session> session;
    const Recorded first = conversation(0xC02F, true, std::nullopt, &tickets, &session);
    REQUIRE(session.has_value());
    const Recorded second = conversation(0xC02F, true, session, &tickets);
    const KeyLogFile keys = KeyLogFile::parse(first.keylog + second.keylog);
    const PassiveSummary s = decode(second, &keys);
    CHECK(s.resumed);
    CHECK(s.client_finished_ok == true);
    CHECK(s.server_finished_ok == true);
    CHECK(decode(first, &keys).ticket_issued);
}

TEST_CASE("without the key: what an eavesdropper sees — sizes, not contents; with a wrong key: a sentence") {
    const Recorded r = conversation(0xC02F);
    AppData app;
    const PassiveSummary blind = decode(r, nullptr, &app);
    CHECK(!blind.key_known);
    CHECK(!blind.client_finished_ok.has_value());
    CHECK(app.from_client.empty());
    REQUIRE(blind.app_records.size() == 2);
    CHECK(blind.app_records[0] == std::pair<bool, std::size_t>{true, 4 + 8 + 16});    // "ping" + GCM explicit nonce + tag
    CHECK(blind.app_records[1] == std::pair<bool, std::size_t>{false, 5 + 8 + 16});
    CHECK(blind.server_name == "rsa-pkcs8.vectors.test");   // SNI is in clear

    const KeyLogFile other = KeyLogFile::parse("# a comment\nCLIENT_RANDOM " + to_hex(Bytes(32, 1)) + " " + to_hex(Bytes(48, 2)) + "\n");
    CHECK(other.size() == 1);
    // Lines whose hex does not decode (from_hex's TlsError) are counted and skipped, not thrown.
    const KeyLogFile mangled = KeyLogFile::parse("CLIENT_RANDOM " + to_hex(Bytes(32, 1)) + " zz" + to_hex(Bytes(47, 2)) + "\n" +
                                                 "CLIENT_RANDOM " + to_hex(Bytes(32, 3)) + "0 " + to_hex(Bytes(48, 2)) + "\n");
    CHECK(mangled.size() == 0);
    CHECK(mangled.ignored() == 2);
    const PassiveSummary missing = decode(r, &other);
    CHECK(!missing.key_known);
    REQUIRE(!missing.notes.empty());
    CHECK(missing.notes[0].find("no CLIENT_RANDOM line") != std::string::npos);

    // The right client_random with a wrong master secret: nothing opens.
    std::string wrong = r.keylog;
    wrong[wrong.size() - 2] = wrong[wrong.size() - 2] == '0' ? '1' : '0';
    const KeyLogFile bad = KeyLogFile::parse(wrong);
    const PassiveSummary s = decode(r, &bad);
    CHECK(s.key_known);
    CHECK(s.client_finished_ok != true);
    CHECK(!s.notes.empty());
    CHECK(s.notes[0].find("bad_record_mac") != std::string::npos);
}

TEST_CASE("heartbeat records (RFC 6520, content type 24) are decoded and the conversation goes on past them") {
    const Recorded r = conversation(0xC02F, true, std::nullopt, nullptr, nullptr, true);
    const KeyLogFile keys = KeyLogFile::parse(r.keylog);
    struct Heartbeats : AppData {
        std::size_t records = 0;
        void on_record(const RecordEvent& e) override {
            AppData::on_record(e);
            if (e.type == ContentType::heartbeat) ++records;
        }
    };
    for (const KeyLogFile* k : {&keys, static_cast<const KeyLogFile*>(nullptr)}) {
        Heartbeats seen;
        const PassiveSummary s = decode(r, k, &seen);
        CHECK(s.stopped.empty());
        CHECK(seen.records == 2);   // the request and its response
        if (k != nullptr) {
            CHECK(seen.from_client == "ping");
            CHECK(seen.from_server == "pong!");
            CHECK(s.server_finished_ok == true);
        }
        CHECK(s.app_records.size() == 2);
    }
}

TEST_CASE("hostile streams end in one sentence") {
    auto stopped = [](bool from_client, const Bytes& bytes) {
        PassiveConnection c(nullptr, nullptr);
        c.feed(from_client, bytes);
        c.finish();
        return c.summary();
    };
    CHECK(stopped(true, testing::bytes_of("GET / HTTP/1.1\r\n\r\n")).stopped.find("not TLS: the client's first bytes are 'GET / HT'") == 0);
    CHECK(stopped(true, from_hex("802b0103010012000000100000390000380000350000")).stopped.find("SSLv2") != std::string::npos);
    CHECK(stopped(false, from_hex("1603034801")).stopped.find("more than 2^14 + 2048") != std::string::npos);
    const PassiveSummary cut = stopped(true, from_hex("160301002001"));
    CHECK(cut.stopped.empty());
    CHECK(cut.notes.at(0).find("the capture ends 6 bytes into a record from the client") == 0);

    // A TLS 1.3 ServerHello (supported_versions = 0x0304).
    ServerHello sh;
    sh.random = Bytes(32, 7);
    sh.cipher_suite = 0x1301;
    sh.extensions = {{static_cast<std::uint16_t>(ExtensionType::supported_versions), from_hex("0304")}};
    const PassiveSummary tls13 = stopped(false, record(ContentType::handshake, frame_handshake(HandshakeType::server_hello, sh.encode())));
    CHECK(tls13.stopped.find("TLS 1.3") == 0);

    // Garbage after a good start, and a malformed message: sentences, not throws.
    Bytes mixed = record(ContentType::handshake, frame_handshake(HandshakeType::client_hello, from_hex("0303")));
    append(mixed, from_hex("ff03030001ff"));
    const PassiveSummary m = stopped(true, mixed);
    CHECK(m.notes.at(0).find("a malformed ClientHello from the client") == 0);
    CHECK(m.stopped.find("has content type 255") != std::string::npos);
}

TEST_CASE("a stream of Finished messages: one checked per side, the second said once; notes are capped") {
    // Plaintext Finished after the hellos: each check hashed the whole
    // transcript and each added a note (quadratic: 65,000 took 23 s).
    ClientHello ch;
    ch.random = Bytes(32, 1);
    ch.cipher_suites = {0xC02F};
    ServerHello sh;
    sh.random = Bytes(32, 2);
    sh.cipher_suite = 0xC02F;
    const KeyLogFile keys = KeyLogFile::parse("CLIENT_RANDOM " + to_hex(ch.random) + " " + to_hex(Bytes(48, 3)) + "\n");
    PassiveConnection conn(nullptr, &keys);
    conn.feed(true, record(ContentType::handshake, frame_handshake(HandshakeType::client_hello, ch.encode())));
    conn.feed(false, record(ContentType::handshake, frame_handshake(HandshakeType::server_hello, sh.encode())));
    Bytes finished;
    for (int i = 0; i < 1000; ++i) append(finished, frame_handshake(HandshakeType::finished, Bytes(12, 0)));
    for (int i = 0; i < 20; ++i) conn.feed(true, record(ContentType::handshake, finished));
    conn.finish();
    const PassiveSummary& s = conn.summary();
    CHECK(s.client_finished_ok == false);   // the first one, checked (a made-up key)
    CHECK(!s.server_finished_ok);
    REQUIRE(s.notes.size() == 2);
    CHECK(s.notes[0].find("the client's Finished does not match") == 0);
    CHECK(s.notes[1].find("a second Finished from the client in one connection: a protocol violation") == 0);

    // Notes of another kind, one per record: capped, and the cap said once.
    PassiveConnection many(nullptr, nullptr);
    for (int i = 0; i < 100; ++i) many.feed(true, record(ContentType::handshake, frame_handshake(HandshakeType::client_hello, from_hex("0303"))));
    REQUIRE(many.summary().notes.size() == PassiveConnection::max_notes + 1);
    CHECK(many.summary().notes.back() == "notes capped: more than 32 notes, the rest are not kept");
}

TEST_CASE("a key log file is read into wiped memory, and only up to max_key_log_bytes") {
    // Its text holds every master secret: the same wiped type as the secrets parsed from it.
    static_assert(std::is_same_v<decltype(read_key_log_file("", std::declval<std::string&>())), std::optional<crypto::SecretBytes>>);
    const std::string path = (std::filesystem::temp_directory_path() / ("glasstls-keylog-" + std::to_string(getpid()) + ".log")).string();
    std::ofstream(path) << "# a comment\nCLIENT_RANDOM " << to_hex(Bytes(32, 1)) << " " << to_hex(Bytes(48, 2)) << "\n";
    std::string why;
    const std::optional<crypto::SecretBytes> text = read_key_log_file(path, why);
    REQUIRE(text);
    const KeyLogFile keys = KeyLogFile::parse(std::string_view(reinterpret_cast<const char*>(text->data()), text->size()));
    CHECK(keys.size() == 1);
    CHECK(keys.find(Bytes(32, 1)) != nullptr);
    CHECK(!read_key_log_file(path + ".missing", why));
    CHECK(why == "cannot read the key log " + path + ".missing");
    std::FILE* big = std::fopen(path.c_str(), "wb");   // past the limit (sparse: nothing is written)
    REQUIRE(big != nullptr);
    std::fseek(big, static_cast<long>(max_key_log_bytes), SEEK_SET);
    std::fputc('\n', big);
    std::fclose(big);
    CHECK(!read_key_log_file(path, why));
    CHECK(why == "the key log " + path + " is larger than 64 MiB");
    std::remove(path.c_str());
}

} // TEST_SUITE
