#include <doctest/doctest.h>

#include "glasstls/codec.hpp"
#include "glasstls/messages.hpp"
#include "helpers.hpp"

using namespace glasstls;

TEST_SUITE("codec") {

TEST_CASE("hex round trip and bad hex") {
    Bytes b = {0x00, 0x7f, 0x80, 0xff};
    CHECK(to_hex(b) == "007f80ff");
    CHECK(from_hex("00:7F 80ff") == b);
    CHECK_THROWS_AS(from_hex("abc"), TlsError);
    CHECK_THROWS_AS(from_hex("zz"), TlsError);
    // Hex comes from key logs, flight files and options: a TlsError with one
    // sentence, like any other input glasstls refuses.
    try {
        from_hex("0a1");
        FAIL("accepted an odd number of digits");
    } catch (const TlsError& e) {
        CHECK(e.alert() == AlertDescription::decode_error);
        CHECK(std::string(e.what()) == "odd number of hex digits");
    }
    try {
        from_hex("0g");
        FAIL("accepted a non-hex digit");
    } catch (const TlsError& e) {
        CHECK(e.alert() == AlertDescription::decode_error);
        CHECK(std::string(e.what()) == "not a hex digit: 'g'");
    }
}

TEST_CASE("Writer and Reader round trip every field kind") {
    Writer w;
    w.u8(0x01);
    w.u16(0x0203);
    w.u24(0x040506);
    w.u32(0x0708090a);
    w.u64(0x0b0c0d0e0f101112ULL);
    w.vec8(Bytes{0xaa});
    w.vec16(Bytes{0xbb, 0xcc});
    w.vec24(Bytes{});
    w.prefixed16([](Writer& inner) {
        inner.u16(0x0017);
        inner.vec8(Bytes{1, 2, 3});
    });
    Bytes data = w.take();
    CHECK(to_hex(data) == "010203040506" "0708090a" "0b0c0d0e0f101112" "01aa" "0002bbcc" "000000" "0006" "0017" "03010203");

    Reader r(data, "test");
    CHECK(r.u8("a") == 0x01);
    CHECK(r.u16("b") == 0x0203);
    CHECK(r.u24("c") == 0x040506);
    CHECK(r.u32("d") == 0x0708090a);
    CHECK(r.u64("e") == 0x0b0c0d0e0f101112ULL);
    CHECK(r.vec8("f").size() == 1);
    CHECK(r.vec16("g").size() == 2);
    CHECK(r.vec24("h").empty());
    Reader inner = r.sub16("inner");
    CHECK(inner.u16("group") == 0x17);
    CHECK(inner.vec8("list").size() == 3);
    inner.expect_end("inner");
    r.expect_end("message");
}

TEST_CASE("Reader: truncation is decode_error naming the field") {
    Bytes data = {0x00, 0x05, 0x01, 0x02};
    Reader r(data, "ServerHello");
    try {
        r.vec16("session_id");
        FAIL("expected an error");
    } catch (const TlsError& e) {
        CHECK(e.alert() == AlertDescription::decode_error);
        CHECK(std::string(e.what()).find("ServerHello: session_id") != std::string::npos);
        CHECK(std::string(e.what()).find("needs 5 bytes, only 2 left") != std::string::npos);
    }
}

TEST_CASE("Reader: every truncation of a structure fails cleanly") {
    Writer w;
    w.u16(0x0303);
    w.vec8(Bytes(32, 0x11));
    w.prefixed16([](Writer& x) { x.u16(0xc02f); x.u16(0x009c); });
    Bytes full = w.take();
    for (std::size_t cut = 0; cut < full.size(); ++cut) {
        Bytes part(full.begin(), full.begin() + static_cast<long>(cut));
        Reader r(part, "hello");
        CHECK_THROWS_AS(([&] {
            r.u16("version");
            r.vec8("random", 32, 32);
            r.vec16("cipher_suites", 2);
            r.expect_end("hello");
        }()), TlsError);
    }
}

TEST_CASE("Reader: length limits and trailing bytes") {
    Bytes data = {0x01, 0x00};
    Reader r(data, "x");
    CHECK_THROWS_AS(r.vec8("v", 2, 5), TlsError);
    Bytes two = {0x00, 0x01};
    Reader t(two, "x");
    t.u8("a");
    CHECK_THROWS_AS(t.expect_end("x"), TlsError);
}

TEST_CASE("Writer: body too long for its prefix is internal_error") {
    Writer w;
    try {
        w.vec8(Bytes(256, 0));
        FAIL("expected an error");
    } catch (const TlsError& e) {
        CHECK(e.alert() == AlertDescription::internal_error);
    }
}

TEST_CASE("alert names") {
    CHECK(alert_name(AlertDescription::bad_record_mac) == "bad_record_mac");
    CHECK(alert_name(static_cast<AlertDescription>(201)) == "0xc9 (unknown)");   // as every unknown code point is named
    CHECK(extension_name(0x1a2b) == "0x1a2b (unknown)");
    CHECK(scheme_name(0x0909) == "0x0909 (unknown)");
    TlsError e(AlertDescription::record_overflow, "too long");
    CHECK(e.describe() == "record_overflow: too long");
}

}
