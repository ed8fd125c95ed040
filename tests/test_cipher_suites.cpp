#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <string>

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

// The selection as OpenSSL names joined by ':', as `openssl ciphers` prints it.
std::string selected(std::string_view list) {
    std::string out;
    for (const CipherSuite* s : select_cipher_suites(list)) out += (out.empty() ? "" : ":") + std::string(s->openssl_name);
    return out;
}

// What `openssl ciphers -s -tls1_2 ALL` (OpenSSL 3.0) prints of our suites.
const char* const kOpenSslAll =
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:DHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:DHE-RSA-CHACHA20-POLY1305:"
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-SHA384:ECDHE-RSA-AES256-SHA384:DHE-RSA-AES256-SHA256:"
    "ECDHE-ECDSA-AES128-SHA256:ECDHE-RSA-AES128-SHA256:DHE-RSA-AES128-SHA256:"
    "ECDHE-ECDSA-AES256-SHA:ECDHE-RSA-AES256-SHA:DHE-RSA-AES256-SHA:"
    "ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES128-SHA:DHE-RSA-AES128-SHA:"
    "AES256-GCM-SHA384:AES128-GCM-SHA256:AES256-SHA256:AES128-SHA256:AES256-SHA:AES128-SHA";

TEST_CASE("cipher strings: suite names of both kinds, in the order written, any case") {
    auto list = select_cipher_suites("ECDHE-RSA-AES128-GCM-SHA256:TLS_RSA_WITH_AES_128_CBC_SHA");
    REQUIRE(list.size() == 2);
    CHECK(list[0]->id == 0xC02F);
    CHECK(list[1]->id == 0x002F);
    CHECK(selected("aes256-sha:ecdhe-rsa-aes128-gcm-sha256") == "AES256-SHA:ECDHE-RSA-AES128-GCM-SHA256");
    CHECK(selected("AES128-SHA:AES128-SHA:AES256-SHA") == "AES128-SHA:AES256-SHA");   // a second mention does not move it
}

TEST_CASE("cipher strings: ':' ',' ' ' and ';' separate items; empty items are nothing") {
    CHECK(selected("AES128-SHA,AES256-SHA ECDHE-RSA-AES128-SHA;DHE-RSA-AES128-SHA::") ==
          "AES128-SHA:AES256-SHA:ECDHE-RSA-AES128-SHA:DHE-RSA-AES128-SHA");
}

TEST_CASE("cipher strings: ALL, HIGH and every alias keep OpenSSL's order") {
    CHECK(selected("ALL") == kOpenSslAll);
    CHECK(selected("HIGH") == kOpenSslAll);
    CHECK(selected("all") == kOpenSslAll);
    CHECK(selected("kEECDH+aRSA") == "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-CHACHA20-POLY1305:ECDHE-RSA-AES128-GCM-SHA256:"
                                     "ECDHE-RSA-AES256-SHA384:ECDHE-RSA-AES128-SHA256:ECDHE-RSA-AES256-SHA:ECDHE-RSA-AES128-SHA");
}

TEST_CASE("cipher strings: what each alias selects (as OpenSSL 3.0 does, of our suites)") {
    const std::pair<const char*, std::size_t> counts[] = {
        {"ALL", 27}, {"HIGH", 27}, {"FIPS", 24}, {"kRSA", 6}, {"RSA", 6}, {"aRSA", 20}, {"kEDH", 7}, {"kDHE", 7},
        {"EDH", 7}, {"DHE", 7}, {"DH", 7}, {"kEECDH", 14}, {"kECDHE", 14}, {"EECDH", 14}, {"ECDHE", 14}, {"ECDH", 14},
        {"aECDSA", 7}, {"ECDSA", 7}, {"AES", 24}, {"AES128", 12}, {"AES256", 12}, {"AESGCM", 8}, {"CHACHA20", 3},
        {"CBC", 16}, {"SHA1", 8}, {"SHA", 8}, {"SHA256", 6}, {"SHA384", 2}, {"TLSv1.2", 19}, {"TLSv1", 4},
        {"TLSv1.0", 4}, {"SSLv3", 4},
    };
    for (auto [alias, n] : counts) {
        CAPTURE(alias);
        CHECK(select_cipher_suites(alias).size() == n);
    }
    // RSA is kRSA only (OpenSSL 1.1.0 on): no ECDHE-RSA suite.
    CHECK(selected("RSA") == "AES256-GCM-SHA384:AES128-GCM-SHA256:AES256-SHA256:AES128-SHA256:AES256-SHA:AES128-SHA");
    // The version aliases are a suite's first version, matched exactly.
    CHECK(selected("TLSv1") == "ECDHE-ECDSA-AES256-SHA:ECDHE-RSA-AES256-SHA:ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES128-SHA");
    CHECK(selected("SSLv3") == "DHE-RSA-AES256-SHA:DHE-RSA-AES128-SHA:AES256-SHA:AES128-SHA");
    // SHA384 is the HMAC: the GCM-SHA384 suites use it as PRF hash only.
    CHECK(selected("SHA384") == "ECDHE-ECDSA-AES256-SHA384:ECDHE-RSA-AES256-SHA384");
}

TEST_CASE("cipher strings: '+' joins aliases into their intersection, names included") {
    CHECK(selected("ECDHE+AESGCM+ECDSA+AES128") == "ECDHE-ECDSA-AES128-GCM-SHA256");
    CHECK(selected("AES128-SHA+kRSA") == "AES128-SHA");
    CHECK_THROWS_AS(select_cipher_suites("AES128-SHA+ECDHE"), TlsError);      // empty: selects nothing
    CHECK_THROWS_AS(select_cipher_suites("TLSv1.2+SSLv3"), TlsError);
}

TEST_CASE("cipher strings: '!' removes for good, '-' until a later item adds it back") {
    CHECK(select_cipher_suites("ALL:!AES128-SHA").size() == all_cipher_suites().size() - 1);
    CHECK(selected("ECDHE+AESGCM:!ECDHE-RSA-AES128-GCM-SHA256:ECDHE+AESGCM") ==
          "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-GCM-SHA256");
    CHECK(selected("!kRSA:ALL") == selected("ALL:!kRSA"));   // '!' before ALL still keeps them out
    CHECK(select_cipher_suites("-kRSA:ALL").size() == 27);
    // "-" puts what it removes at the front of the list, so the next item
    // that adds it adds it first (ssl_cipher_apply_rule, CIPHER_DEL).
    CHECK(selected("ECDHE+AESGCM:-ECDHE-RSA-AES128-GCM-SHA256:ECDHE+AESGCM") ==
          "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256");
    CHECK(selected("ECDHE+SHA384:-ALL:ECDHE-RSA-AES128-SHA:ECDHE+SHA384") ==
          "ECDHE-RSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA384:ECDHE-RSA-AES256-SHA384");
}

TEST_CASE("cipher strings: '+' moves to the end only what is already selected") {
    CHECK(selected("AES128-SHA:ECDHE+AESGCM+AES256:+AES128-SHA:+kRSA+AES256") ==
          "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:AES128-SHA");
    CHECK(selected("AES128-SHA:AES256-SHA:+AES128") == "AES256-SHA:AES128-SHA");
}

TEST_CASE("cipher strings: @STRENGTH sorts by key length, stable") {
    CHECK(selected("kRSA:ECDHE+AESGCM:@STRENGTH") ==
          "AES256-GCM-SHA384:AES256-SHA256:AES256-SHA:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
          "AES128-GCM-SHA256:AES128-SHA256:AES128-SHA:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256");
    CHECK(selected("AES128-SHA:AES256-SHA:@STRENGTH+ANYTHING") == "AES256-SHA:AES128-SHA");   // OpenSSL reads no further
}

TEST_CASE("cipher strings: @SECLEVEL drops what OpenSSL's level refuses, none at 0 to 2") {
    for (const char* level : {"@SECLEVEL=0:ALL", "@SECLEVEL=1:ALL", "ALL:@SECLEVEL=2"}) CHECK(selected(level) == kOpenSslAll);
    auto three = select_cipher_suites("ALL:@SECLEVEL=3");
    CHECK(three.size() == 21);
    CHECK(std::none_of(three.begin(), three.end(), [](const CipherSuite* s) { return s->kx == KeyExchange::rsa; }));
    CHECK(selected("ALL:@SECLEVEL=4") ==
          "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:DHE-RSA-AES256-GCM-SHA384:"
          "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:DHE-RSA-CHACHA20-POLY1305:"
          "ECDHE-ECDSA-AES256-SHA384:ECDHE-RSA-AES256-SHA384:DHE-RSA-AES256-SHA256");
    CHECK(selected("ALL:@SECLEVEL=5") == selected("ALL:@SECLEVEL=4"));
    CHECK(selected("@SECLEVEL=4:ALL:@SECLEVEL=1") == kOpenSslAll);   // a setting: the last one counts
    CHECK_THROWS_WITH_AS(select_cipher_suites("ALL:@SECLEVEL=6"),
                         "unknown cipher list command '@SECLEVEL=6' (there are @STRENGTH and @SECLEVEL=0 to 5)", TlsError);
    CHECK_THROWS_AS(select_cipher_suites("ALL:@FASTEST"), TlsError);
}

TEST_CASE("cipher strings: DEFAULT starts the list in glasstls's order, and counts nowhere else") {
    std::string table;
    for (const CipherSuite& s : all_cipher_suites()) table += (table.empty() ? "" : ":") + std::string(s.openssl_name);
    CHECK(selected("DEFAULT") == table);
    CHECK(select_cipher_suites("DEFAULT:!RSA").size() == 21);
    CHECK(selected("DEFAULT:-ALL:ECDHE+AESGCM+ECDSA") == "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-GCM-SHA256");
    CHECK(selected("CHACHA20:DEFAULT") == "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:DHE-RSA-CHACHA20-POLY1305");
    CHECK_THROWS_WITH_AS(select_cipher_suites("DEFAULT+ECDHE"),
                         "the cipher list 'DEFAULT+ECDHE' selects no cipher suite glasstls implements (not understood: DEFAULT)", TlsError);
}

TEST_CASE("cipher strings: the ones real programs pass") {
    // urllib3 1.26 DEFAULT_CIPHERS: DSS, aNULL, eNULL, MD5 are words for suites we lack.
    CHECK(selected("ECDHE+AESGCM:ECDHE+CHACHA20:DHE+AESGCM:DHE+CHACHA20:ECDH+AESGCM:DH+AESGCM:ECDH+AES:DH+AES:"
                   "RSA+AESGCM:RSA+AES:!aNULL:!eNULL:!MD5:!DSS") ==
          "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
          "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-AES128-GCM-SHA256:"
          "DHE-RSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES256-SHA384:ECDHE-RSA-AES256-SHA384:ECDHE-ECDSA-AES128-SHA256:"
          "ECDHE-RSA-AES128-SHA256:ECDHE-ECDSA-AES256-SHA:ECDHE-RSA-AES256-SHA:ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES128-SHA:"
          "DHE-RSA-AES256-SHA256:DHE-RSA-AES128-SHA256:DHE-RSA-AES256-SHA:DHE-RSA-AES128-SHA:"
          "AES256-GCM-SHA384:AES128-GCM-SHA256:AES256-SHA256:AES128-SHA256:AES256-SHA:AES128-SHA");
    // CPython's default (Modules/_ssl.c, PY_SSL_DEFAULT_CIPHER_STRING).
    CHECK(selected("@SECLEVEL=2:ECDH+AESGCM:ECDH+CHACHA20:ECDH+AES:DHE+AES:!aNULL:!eNULL:!aDSS:!SHA1:!AESCCM") ==
          "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
          "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES256-SHA384:ECDHE-RSA-AES256-SHA384:"
          "ECDHE-ECDSA-AES128-SHA256:ECDHE-RSA-AES128-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-AES128-GCM-SHA256:"
          "DHE-RSA-AES256-SHA256:DHE-RSA-AES128-SHA256");
    CHECK(selected("HIGH:!aNULL:!MD5") == kOpenSslAll);
    CHECK(selected("ECDHE-RSA-AES128-GCM-SHA256:AES256-SHA") == "ECDHE-RSA-AES128-GCM-SHA256:AES256-SHA");
    CHECK(selected("ALL:@STRENGTH").starts_with("ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:DHE-RSA-AES256-GCM-SHA384:"
                                                "ECDHE-ECDSA-CHACHA20-POLY1305:"));
}

TEST_CASE("cipher strings: unknown words are skipped, a suite-like one that would add is an error") {
    CHECK(selected("AES128-SHA:FOO:MEDIUM+BAR:AEAD") == "AES128-SHA");      // skipped, as OpenSSL skips them
    CHECK(selected("AES128-SHA:!RC4-MD5:-DES-CBC3-SHA") == "AES128-SHA");   // removing what we lack is harmless
    CHECK(selected("AES128-SHA:NOPE-CIPHER+kRSA") == "AES128-SHA");         // a combination is skipped whole
    try {
        select_cipher_suites("AES128-SHA:NOPE-CIPHER");
        FAIL("expected an error");
    } catch (const TlsError& e) {
        CHECK(e.alert() == AlertDescription::illegal_parameter);
        CHECK(std::string(e.what()) == "unknown cipher suite 'NOPE-CIPHER' (glass ciphers ALL lists the suites glasstls implements)");
    }
    CHECK_THROWS_AS(select_cipher_suites("AES128-SHA:RC4-MD5"), TlsError);               // real, but not ours
    CHECK_THROWS_AS(select_cipher_suites("ALL:+TLS_RSA_WITH_RC4_128_MD5"), TlsError);    // IANA's spelling, moved
    CHECK_THROWS_WITH_AS(select_cipher_suites("FOO"),
                         "the cipher list 'FOO' selects no cipher suite glasstls implements (not understood: FOO)", TlsError);
    CHECK_THROWS_WITH_AS(select_cipher_suites("FOO:BAR+aRSA"),
                         "the cipher list 'FOO:BAR+aRSA' selects no cipher suite glasstls implements (not understood: FOO, BAR)", TlsError);
    // OpenSSL's words for suites we lack are understood and select nothing.
    CHECK_THROWS_WITH_AS(select_cipher_suites("RC4:MEDIUM:3DES:CAMELLIA:PSK:aNULL"),
                         "the cipher list 'RC4:MEDIUM:3DES:CAMELLIA:PSK:aNULL' selects no cipher suite glasstls implements", TlsError);
    CHECK_THROWS_WITH_AS(select_cipher_suites("ALL:!ALL"), "the cipher list 'ALL:!ALL' selects no cipher suite glasstls implements", TlsError);
    CHECK_THROWS_AS(select_cipher_suites(""), TlsError);
}

TEST_CASE("cipher strings: a malformed item fails the list, as in OpenSSL") {
    for (const char* list : {"ALL:!", "AES128-SHA:+", "ECDHE+", "AES/GCM", "ALL:!!aNULL", "ALL:-+kRSA", "ECDHE++AESGCM"}) {
        CAPTURE(list);
        try {
            select_cipher_suites(list);
            FAIL("expected an error");
        } catch (const TlsError& e) {
            CHECK(e.alert() == AlertDescription::illegal_parameter);
            CHECK(std::string(e.what()).starts_with("malformed cipher list item '"));
        }
    }
}

TEST_CASE("descriptions in the style of openssl ciphers -v") {
    const CipherSuite* s = find_cipher_suite("ECDHE-RSA-AES128-GCM-SHA256");
    CHECK(suite_id_string(*s) == "0xC0,0x2F");
    CHECK(suite_description(*s) == "Kx=ECDH Au=RSA Enc=AESGCM(128) Mac=AEAD");
}

}
