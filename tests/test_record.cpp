#include <doctest/doctest.h>

#include <cstring>

#include "glasstls/events.hpp"
#include "glasstls/key_log.hpp"
#include "glasstls/record.hpp"
#include "glasstls/record_framing.hpp"
#include "helpers.hpp"

using namespace glasstls;
using testing::load_vectors;

namespace {

TrafficKeys keys_for(const CipherSuite& s, std::uint8_t fill) {
    TrafficKeys k;
    k.mac_key.assign(s.mac_key_length, fill);
    k.key.assign(s.enc_key_length, static_cast<std::uint8_t>(fill + 1));
    k.iv.assign(s.fixed_iv_length, static_cast<std::uint8_t>(fill + 2));
    return k;
}

// A sender and a receiver sharing one direction's keys.
struct Pipe {
    RecordLayer sender, receiver;
    Pipe(const CipherSuite& s, bool etm) {
        TrafficKeys k = keys_for(s, 0x10);
        sender.change_write_protection(make_protection(s, k, etm, crypto::system_random()));
        receiver.change_read_protection(make_protection(s, k, etm, crypto::system_random()));
    }
};

AlertDescription alert_of_reading(RecordLayer& r, ByteView wire) {
    try {
        r.feed(wire);
        while (r.read()) {
        }
    } catch (const TlsError& e) {
        return e.alert();
    }
    return AlertDescription::close_notify;   // "no error" for these tests
}

// Runs `body` for every suite, and for CBC suites both with MAC-then-encrypt
// and with encrypt-then-MAC.
template <class Body>
void for_each_protection(Body body) {
    for (const CipherSuite& s : all_cipher_suites()) {
        for (bool etm : {false, true}) {
            if (etm && s.is_aead()) continue;
            CAPTURE(s.openssl_name);
            CAPTURE(etm);
            body(s, etm);
        }
    }
}

Bytes pattern(std::size_t n) {
    Bytes b(n);
    for (std::size_t i = 0; i < n; ++i) b[i] = static_cast<std::uint8_t>(i * 7 + 3);
    return b;
}

} // namespace

TEST_SUITE("record") {

TEST_CASE("known-answer records: each protection kind matches vectors/records.txt") {
    for (const auto& v : load_vectors("records.txt")) {
        CAPTURE(v.name());
        const CipherSuite* suite = find_cipher_suite(v.text("suite"));
        REQUIRE(suite != nullptr);
        TrafficKeys k;
        k.mac_key = crypto::to_secret(v.bytes("client_write_mac_key"));
        k.key = crypto::to_secret(v.bytes("client_write_key"));
        k.iv = crypto::to_secret(v.bytes("client_write_iv"));
        const bool etm = v.text("protection") == "cbc-encrypt-then-mac";
        testing::ScriptedRandom iv_source(v.fields.count("record_iv") ? v.bytes("record_iv") : Bytes{});
        const auto seq = std::stoull(v.text("sequence"));
        const auto type = static_cast<ContentType>(std::stoi(v.text("content_type")));

        RecordLayer writer;
        writer.change_write_protection(make_protection(*suite, k, etm, iv_source));
        writer.set_sequences_for_testing(0, seq);
        Bytes wire;
        writer.write(type, v.bytes("plaintext"), wire);
        CHECK(to_hex(wire) == v.text("record"));

        RecordLayer reader;
        reader.change_read_protection(make_protection(*suite, k, etm, iv_source));
        reader.set_sequences_for_testing(seq, 0);
        reader.feed(v.bytes("record"));
        auto rec = reader.read();
        REQUIRE(rec.has_value());
        CHECK(rec->type == type);
        CHECK(Bytes(rec->fragment.begin(), rec->fragment.end()) == v.bytes("plaintext"));
    }
}

TEST_CASE("round trips for every suite, MAC-then-encrypt and encrypt-then-MAC") {
    for_each_protection([](const CipherSuite& s, bool etm) {
        Pipe p(s, etm);
        for (std::size_t n : {1u, 15u, 16u, 17u, 100u, 16384u, 16385u, 40000u}) {
            Bytes msg = pattern(n), wire;
            p.sender.write(ContentType::application_data, msg, wire);
            p.receiver.feed(wire);
            Bytes got;
            while (auto r = p.receiver.read()) {
                CHECK(r->fragment.size() <= max_plaintext_length);
                append(got, r->fragment);
            }
            CHECK(got == msg);
        }
        CHECK(p.sender.write_sequence() == p.receiver.read_sequence());
    });
}

TEST_CASE("a byte stream cut at every point reassembles into the same records") {
    for (const char* name : {"ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-CHACHA20-POLY1305", "AES128-SHA"}) {
        CAPTURE(name);
        const CipherSuite& s = *find_cipher_suite(name);
        Pipe source(s, false);
        Bytes wire;
        source.sender.write(ContentType::handshake, pattern(50), wire);
        source.sender.write(ContentType::application_data, pattern(300), wire);
        source.sender.write(ContentType::alert, Bytes{1, 0}, wire);
        for (std::size_t cut = 0; cut <= wire.size(); ++cut) {
            for (auto [step, in_place] : {std::pair{std::size_t{1}, false}, {wire.size(), false}, {std::size_t{1}, true}, {wire.size(), true}}) {
                RecordLayer r;
                r.change_read_protection(make_protection(s, keys_for(s, 0x10), false, crypto::system_random()));
                std::vector<std::pair<ContentType, Bytes>> got;
                auto drain = [&] {
                    while (auto rec = r.read()) got.emplace_back(rec->type, Bytes(rec->fragment.begin(), rec->fragment.end()));
                };
                // In place: received into the layer's own room, bigger than
                // what comes (as a recv() that returns less than it could).
                auto give = [&, in_place = in_place](ByteView b) {
                    if (!in_place) return r.feed(b);
                    const std::span<std::uint8_t> room = r.receive_space(b.size() + 1000);
                    std::copy(b.begin(), b.end(), room.begin());
                    r.commit_received(b.size());
                };
                give(ByteView(wire).first(cut));
                drain();
                for (std::size_t at = cut; at < wire.size(); at += step) {
                    give(ByteView(wire).subspan(at, std::min(step, wire.size() - at)));
                    drain();
                }
                REQUIRE(got.size() == 3);
                CHECK(got[0].first == ContentType::handshake);
                CHECK(got[0].second == pattern(50));
                CHECK(got[1].second == pattern(300));
                CHECK(got[2].second == Bytes{1, 0});
                CHECK(r.buffered() == 0);
            }
        }
    }
}

TEST_CASE("flipping any single byte of a protected record gives bad_record_mac") {
    for_each_protection([](const CipherSuite& s, bool etm) {
        Pipe p(s, etm);
        Bytes wire;
        p.sender.write(ContentType::application_data, pattern(37), wire);
        // Every fragment byte, and the header's type and version bytes
        // (covered by the MAC / additional data). Length bytes change
        // the framing itself and are tested separately.
        for (std::size_t i = 0; i < wire.size(); ++i) {
            if (i == 3 || i == 4 || i == 1) continue;
            for (std::uint8_t flip : {0x01, 0x80}) {
                Bytes bad = wire;
                bad[i] ^= flip;
                if (i == 0 && (bad[0] < 20 || bad[0] > 23)) continue;
                RecordLayer r;
                r.change_read_protection(make_protection(s, keys_for(s, 0x10), etm, crypto::system_random()));
                CAPTURE(i);
                CHECK(alert_of_reading(r, bad) == AlertDescription::bad_record_mac);
            }
        }
    });
}

TEST_CASE("CBC padding edge cases (RFC 5246 §6.2.3.2)") {
    const CipherSuite& s = *find_cipher_suite("AES128-SHA");
    TrafficKeys k = keys_for(s, 0x10);
    // Builds a MAC-then-encrypt record by hand with any padding we like.
    auto craft = [&](ByteView plaintext, std::size_t pad_len, int corrupt_at) {
        crypto::Hmac mac(crypto::HashAlgorithm::sha1, k.mac_key);
        std::uint8_t ad[13] = {0, 0, 0, 0, 0, 0, 0, 0, 23, 3, 3};
        store_u16(ad + 11, static_cast<std::uint16_t>(plaintext.size()));
        mac.update({ad, 13});
        mac.update(plaintext);
        Bytes body(plaintext.begin(), plaintext.end());
        body.resize(plaintext.size() + 20);
        mac.finish(body.data() + plaintext.size());
        body.insert(body.end(), pad_len + 1, static_cast<std::uint8_t>(pad_len));
        if (corrupt_at >= 0) body[body.size() - 1 - static_cast<std::size_t>(corrupt_at)] ^= 0x01;
        REQUIRE(body.size() % 16 == 0);
        Bytes iv(16, 0x5a);
        crypto::AesCbc(k.key).encrypt(iv, body);
        Bytes wire = {23, 3, 3, 0, 0};
        store_u16(wire.data() + 3, static_cast<std::uint16_t>(16 + body.size()));
        append(wire, iv);
        append(wire, body);
        return wire;
    };
    auto reader = [&] {
        RecordLayer r;
        r.change_read_protection(make_protection(s, k, false, crypto::system_random()));
        return r;
    };
    // Plaintext + MAC(20) + padding + length byte must fill whole blocks:
    // 11 + 20 + 0 + 1 = 32, and 12 + 20 + 255 + 1 = 288.
    Bytes msg = pattern(11), msg12 = pattern(12);
    {
        RecordLayer r = reader();
        r.feed(craft(msg, 0, -1));
        auto rec = r.read();
        REQUIRE(rec);
        CHECK(Bytes(rec->fragment.begin(), rec->fragment.end()) == msg);
    }
    {
        // The longest padding a record may carry: 255 bytes + the length byte.
        RecordLayer r = reader();
        r.feed(craft(msg12, 255, -1));
        auto rec = r.read();
        REQUIRE(rec);
        CHECK(Bytes(rec->fragment.begin(), rec->fragment.end()) == msg12);
    }
    // One wrong padding byte anywhere, or a wrong length byte: bad_record_mac.
    for (int at : {0, 1, 7, 16, 200, 255}) {
        CAPTURE(at);
        RecordLayer r = reader();
        CHECK(alert_of_reading(r, craft(msg12, 255, at)) == AlertDescription::bad_record_mac);
    }
    // A padding length longer than the record.
    {
        Bytes tiny = pattern(11);
        RecordLayer r = reader();
        Bytes wire = craft(tiny, 0, -1);
        // rewrite: the last plaintext byte claims 200 bytes of padding
        Bytes iv(wire.begin() + 5, wire.begin() + 21), body(wire.begin() + 21, wire.end());
        crypto::AesCbc cbc(k.key);
        cbc.decrypt(iv, body);
        body.back() = 200;
        cbc.encrypt(iv, body);
        std::copy(body.begin(), body.end(), wire.begin() + 21);
        CHECK(alert_of_reading(r, wire) == AlertDescription::bad_record_mac);
    }
    // Too short to hold IV + MAC + padding, or not a whole number of blocks.
    for (std::size_t len : {0u, 15u, 16u, 31u, 33u, 47u}) {
        CAPTURE(len);
        Bytes wire = {23, 3, 3, 0, static_cast<std::uint8_t>(len)};
        wire.resize(5 + len, 0x42);
        RecordLayer r = reader();
        CHECK(alert_of_reading(r, wire) == AlertDescription::bad_record_mac);
    }
}

TEST_CASE("record_overflow: ciphertext over 2^14+2048 or plaintext over 2^14") {
    {
        RecordLayer r;
        Bytes header = {23, 3, 3, 0x48, 0x01};   // 18433 = 2^14 + 2048 + 1
        CHECK(alert_of_reading(r, header) == AlertDescription::record_overflow);   // before the body arrives
    }
    {
        RecordLayer r;   // null protection: the plaintext limit applies directly
        Bytes wire = {22, 3, 3, 0x40, 0x01};
        wire.resize(5 + 16385, 0);
        CHECK(alert_of_reading(r, wire) == AlertDescription::record_overflow);
    }
    {
        // An AEAD record whose authentic plaintext is 2^14 + 1 bytes.
        const CipherSuite& s = *find_cipher_suite("ECDHE-RSA-CHACHA20-POLY1305");
        TrafficKeys k = keys_for(s, 0x10);
        auto sealer = make_protection(s, k, false, crypto::system_random());
        Bytes big(16385, 1), wire(5 + 16385 + 16);
        std::size_t n = sealer->seal(ContentType::application_data, TLS1_2, 0, big, wire.data() + 5);
        wire[0] = 23;
        wire[1] = 3;
        wire[2] = 3;
        store_u16(wire.data() + 3, static_cast<std::uint16_t>(n));
        RecordLayer r;
        r.change_read_protection(make_protection(s, k, false, crypto::system_random()));
        CHECK(alert_of_reading(r, wire) == AlertDescription::record_overflow);
    }
}

TEST_CASE("unknown content types, wrong versions, empty fragments") {
    RecordLayer a;
    CHECK(alert_of_reading(a, Bytes{25, 3, 3, 0, 1, 0}) == AlertDescription::unexpected_message);
    RecordLayer http;
    CHECK(alert_of_reading(http, testing::bytes_of("GET / HTTP/1.1\r\n")) == AlertDescription::unexpected_message);
    RecordLayer b;
    CHECK(alert_of_reading(b, Bytes{22, 2, 0, 0, 1, 0}) == AlertDescription::protocol_version);
    RecordLayer c;
    c.expect_version(TLS1_2);
    CHECK(alert_of_reading(c, Bytes{22, 3, 1, 0, 1, 0}) == AlertDescription::protocol_version);
    for (std::uint8_t type : {20, 21, 22}) {
        RecordLayer d;
        CHECK(alert_of_reading(d, Bytes{type, 3, 3, 0, 0}) == AlertDescription::unexpected_message);
    }
    RecordLayer e;   // empty application data is allowed (RFC 5246 §6.2.1)
    CHECK(alert_of_reading(e, Bytes{23, 3, 3, 0, 0}) == AlertDescription::close_notify);
    RecordLayer w;
    Bytes out;
    CHECK_THROWS_AS(w.write(ContentType::handshake, Bytes{}, out), TlsError);
    w.write(ContentType::application_data, Bytes{}, out);
    CHECK(out.empty());
}

TEST_CASE("the deframer: every record type TLS 1.2 defines, heartbeat included; headers judged before bodies") {
    // Two records cut at every byte: a heartbeat (RFC 6520 §3) and application data.
    const Bytes stream = from_hex("1803030003010203" "170303000161");
    for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
        CAPTURE(cut);
        RecordDeframer d;
        std::vector<FramedRecord> got;
        d.feed(ByteView(stream).first(cut));
        while (auto r = d.next()) got.push_back(*r);
        const std::size_t consumed = got.size() == 2 ? 14 : got.size() == 1 ? 8 : 0;   // records of 8 and 6 bytes
        CHECK(d.buffered() == cut - consumed);
        d.feed(ByteView(stream).subspan(cut));
        while (auto r = d.next()) got.push_back(*r);
        REQUIRE(got.size() == 2);
        CHECK(d.records() == 2);
        CHECK(d.buffered() == 0);
    }
    RecordDeframer d;
    d.feed(stream);
    const FramedRecord hb = *d.next();
    CHECK(hb.type == ContentType::heartbeat);
    CHECK(hb.version == TLS1_2);
    CHECK(to_hex(hb.header()) == "1803030003");
    CHECK(to_hex(hb.fragment()) == "010203");
    CHECK(d.next()->type == ContentType::application_data);

    // Each rule, with its problem and its alert, from the header alone.
    struct Case {
        Bytes bytes;
        FramingProblem problem;
        AlertDescription alert;
    };
    for (const Case& c : {Case{{25, 3, 3, 0, 1}, FramingProblem::content_type, AlertDescription::unexpected_message},
                          Case{{19, 3, 3, 0, 1}, FramingProblem::content_type, AlertDescription::unexpected_message},
                          Case{{22, 2, 0, 0, 1}, FramingProblem::version, AlertDescription::protocol_version},
                          Case{{23, 3, 3, 0x48, 0x01}, FramingProblem::length, AlertDescription::record_overflow}}) {
        RecordDeframer bad;
        bad.feed(ByteView(c.bytes).first(4));
        CHECK(bad.problem() == FramingProblem::none);   // four bytes are no header yet
        bad.feed(ByteView(c.bytes).subspan(4));
        CHECK(bad.problem() == c.problem);
        try {
            bad.next();
            FAIL("no throw");
        } catch (const TlsError& e) {
            CHECK(e.alert() == c.alert);
            CHECK(std::string(e.what()).rfind("record 1: ", 0) == 0);
        }
    }
    RecordDeframer negotiated;
    negotiated.expect_version(TLS1_2);
    negotiated.feed(Bytes{22, 3, 1, 0, 1, 0});
    CHECK(negotiated.problem() == FramingProblem::version_mismatch);
    CHECK(to_hex(negotiated.take_rest()) == "160301000100");
    CHECK(negotiated.buffered() == 0);
}

TEST_CASE("sequence numbers: per direction, reset by a cipher change, never wrap") {
    const CipherSuite& s = *find_cipher_suite("ECDHE-RSA-AES128-GCM-SHA256");
    Pipe p(s, false);
    Bytes wire;
    p.sender.write(ContentType::application_data, pattern(10), wire);
    p.sender.write(ContentType::application_data, pattern(10), wire);
    CHECK(p.sender.write_sequence() == 2);
    CHECK(p.sender.read_sequence() == 0);
    p.sender.change_write_protection(make_protection(s, keys_for(s, 1), false, crypto::system_random()));
    CHECK(p.sender.write_sequence() == 0);

    // Replaying a record under the wrong sequence number fails: the number is
    // authenticated, which is what stops reordering and replay.
    Pipe q(s, false);
    Bytes first;
    q.sender.write(ContentType::application_data, pattern(10), first);
    q.receiver.feed(first);
    CHECK(q.receiver.read());
    CHECK(alert_of_reading(q.receiver, first) == AlertDescription::bad_record_mac);

    RecordLayer near_end;
    near_end.set_sequences_for_testing(UINT64_MAX, UINT64_MAX);
    Bytes out;
    CHECK_THROWS_AS(near_end.write(ContentType::application_data, pattern(3), out), TlsError);
    CHECK(alert_of_reading(near_end, Bytes{23, 3, 3, 0, 1, 0}) == AlertDescription::internal_error);
}

TEST_CASE("fragmentation: at most 2^14 bytes a record, or a smaller configured size") {
    RecordLayer w;
    Bytes out;
    w.write(ContentType::application_data, pattern(40000), out);
    RecordLayer r;
    r.feed(out);
    std::vector<std::size_t> sizes;
    while (auto rec = r.read()) sizes.push_back(rec->fragment.size());
    CHECK(sizes == std::vector<std::size_t>{16384, 16384, 7232});
    w.set_max_fragment(512);
    out.clear();
    w.write(ContentType::handshake, pattern(1025), out);
    CHECK(out.size() == 1025 + 3 * 5);
    CHECK_THROWS(w.set_max_fragment(16385));
}

TEST_CASE("application data: a short read keeps the rest (SSL_read semantics)") {
    ApplicationDataBuffer buf;
    buf.push(testing::bytes_of("hello "));
    buf.push(testing::bytes_of("world"));
    std::uint8_t small[4];
    CHECK(buf.read(small) == 4);
    CHECK(std::memcmp(small, "hell", 4) == 0);
    CHECK(buf.size() == 7);
    Bytes rest(100);
    CHECK(buf.read(rest) == 7);
    CHECK(std::string(rest.begin(), rest.begin() + 7) == "o world");
    CHECK(buf.read(rest) == 0);
    CHECK(buf.empty());
    for (int i = 0; i < 1000; ++i) {   // interleaved use does not grow without bound
        buf.push(pattern(100));
        CHECK(buf.read(std::span<std::uint8_t>(rest.data(), 60)) == 60);
    }
    CHECK(buf.size() == 40000);
    // peek and consume: read() without the copy.
    ApplicationDataBuffer view;
    const Bytes data = pattern(100);
    view.push(data);
    CHECK(view.peek().size() == 100);
    view.consume(90);
    CHECK(Bytes(view.peek().begin(), view.peek().end()) == Bytes(data.begin() + 90, data.end()));
    view.consume(100);   // more than is there: all of it
    CHECK(view.empty());
}

TEST_CASE("observers see every record in both directions") {
    struct Counter : Observer {
        int out = 0, in = 0;
        void on_record(const RecordEvent& e) override { (e.direction == Direction::outgoing ? out : in)++; }
    } counter;
    RecordLayer w(&counter), r(&counter);
    Bytes wire;
    w.write(ContentType::handshake, pattern(20000), wire);
    r.feed(wire);
    while (r.read()) {
    }
    CHECK(counter.out == 2);
    CHECK(counter.in == 2);
    CHECK(KeyLogObserver::format_line(Bytes(32, 0xab), Bytes(48, 0x01)).rfind("CLIENT_RANDOM abab", 0) == 0);
}

}
