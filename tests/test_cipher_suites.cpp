#include <doctest/doctest.h>

#include <set>

#include "glasstls/cipher_suites.hpp"

using namespace glasstls;

TEST_SUITE("cipher_suites") {

TEST_CASE("the table has every suite the issue lists, with IANA ids") {
    const std::pair<const char*, std::uint16_t> required[] = {
        {"AES128-SHA", 0x002F}, {"AES256-SHA", 0x0035}, {"AES128-SHA256", 0x003C}, {"AES256-SHA256", 0x003D},
        {"AES128-GCM-SHA256", 0x009C}, {"AES256-GCM-SHA384", 0x009D},
        {"ECDHE-RSA-AES128-SHA", 0xC013}, {"ECDHE-RSA-AES256-SHA", 0xC014}, {"ECDHE-RSA-AES128-SHA256", 0xC027},
        {"ECDHE-RSA-AES256-SHA384", 0xC028}, {"ECDHE-RSA-AES128-GCM-SHA256", 0xC02F},
        {"ECDHE-RSA-AES256-GCM-SHA384", 0xC030}, {"ECDHE-RSA-CHACHA20-POLY1305", 0xCCA8},
        {"ECDHE-ECDSA-AES128-SHA", 0xC009}, {"ECDHE-ECDSA-AES256-SHA", 0xC00A},
        {"ECDHE-ECDSA-AES128-SHA256", 0xC023}, {"ECDHE-ECDSA-AES256-SHA384", 0xC024},
        {"ECDHE-ECDSA-AES128-GCM-SHA256", 0xC02B}, {"ECDHE-ECDSA-AES256-GCM-SHA384", 0xC02C},
        {"ECDHE-ECDSA-CHACHA20-POLY1305", 0xCCA9},
        {"DHE-RSA-AES128-SHA", 0x0033}, {"DHE-RSA-AES256-SHA", 0x0039}, {"DHE-RSA-AES128-GCM-SHA256", 0x009E},
        {"DHE-RSA-AES256-GCM-SHA384", 0x009F}, {"DHE-RSA-CHACHA20-POLY1305", 0xCCAA},
        {"DHE-RSA-AES128-SHA256", 0x0067}, {"DHE-RSA-AES256-SHA256", 0x006B},   // RFC 5246 App. A.5 (tlsfuzzer's DHE scripts)
    };
    for (auto [name, id] : required) {
        CAPTURE(name);
        const CipherSuite* s = find_cipher_suite(name);
        REQUIRE(s != nullptr);
        CHECK(s->id == id);
        CHECK(find_cipher_suite(id) == s);
        CHECK(find_cipher_suite(s->iana_name) == s);
    }
    CHECK(all_cipher_suites().size() == std::size(required));
}

TEST_CASE("lengths are consistent with RFC 5246 §6.3 and the AEAD RFCs") {
    std::set<std::uint16_t> ids;
    for (const CipherSuite& s : all_cipher_suites()) {
        CAPTURE(s.openssl_name);
        CHECK(ids.insert(s.id).second);
        std::string iana(s.iana_name);
        if (s.is_aead()) {
            CHECK(s.mac_key_length == 0);
            if (s.cipher == BulkCipher::chacha20_poly1305) {
                CHECK(s.fixed_iv_length == 12);
                CHECK(s.record_iv_length == 0);
            } else {
                CHECK(s.fixed_iv_length == 4);
                CHECK(s.record_iv_length == 8);
            }
        } else {
            CHECK(s.fixed_iv_length == 0);
            CHECK(s.record_iv_length == 16);
            CHECK(s.mac_key_length == (s.mac == MacAlgorithm::hmac_sha1 ? 20 : s.mac == MacAlgorithm::hmac_sha256 ? 32 : 48));
        }
        CHECK(s.enc_key_length == (iana.find("_128_") != std::string::npos ? 16 : 32));
        CHECK((s.prf_hash == crypto::HashAlgorithm::sha384) == (iana.find("SHA384") != std::string::npos));
    }
}

TEST_CASE("cipher strings: names of both kinds, keywords, removal, errors") {
    auto list = select_cipher_suites("ECDHE-RSA-AES128-GCM-SHA256:TLS_RSA_WITH_AES_128_CBC_SHA");
    REQUIRE(list.size() == 2);
    CHECK(list[0]->id == 0xC02F);
    CHECK(list[1]->id == 0x002F);
    CHECK(select_cipher_suites("ALL").size() == all_cipher_suites().size());
    CHECK(select_cipher_suites("ALL:!AES128-SHA").size() == all_cipher_suites().size() - 1);
    try {
        select_cipher_suites("AES128-SHA:NOPE-CIPHER");
        FAIL("expected an error");
    } catch (const TlsError& e) {
        CHECK(e.alert() == AlertDescription::illegal_parameter);
        CHECK(std::string(e.what()) == "unknown cipher suite 'NOPE-CIPHER'");
    }
    CHECK_THROWS_AS(select_cipher_suites(""), TlsError);
    CHECK_THROWS_WITH_AS(select_cipher_suites("ALL:!ALL"), "the cipher list 'ALL:!ALL' selects no suite", TlsError);
}

TEST_CASE("descriptions in the style of openssl ciphers -v") {
    const CipherSuite* s = find_cipher_suite("ECDHE-RSA-AES128-GCM-SHA256");
    CHECK(suite_id_string(*s) == "0xC0,0x2F");
    CHECK(suite_description(*s) == "Kx=ECDH Au=RSA Enc=AESGCM(128) Mac=AEAD");
}

}
