#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "glasstls/der.hpp"
#include "glasstls/handshake_server.hpp"
#include "glasstls/pem.hpp"
#include "glasstls/verify.hpp"
#include "glasstls/x509.hpp"
#include "glasstls/x509_build.hpp"
#include "helpers.hpp"

using namespace glasstls;

namespace {
std::string fixture(const std::string& name) { return std::string(GLASSTLS_VECTORS_DIR) + "/x509/" + name; }

bool same_public_key(const crypto::PublicKey& a, const crypto::PublicKey& b) {
    return a.type == b.type && a.rsa_n == b.rsa_n && a.rsa_e == b.rsa_e && a.point == b.point;
}
} // namespace

TEST_SUITE("der") {

TEST_CASE("strict lengths: short, long, non-minimal, indefinite, overlong") {
    auto first_error = [](Bytes b) -> std::string {
        try {
            der::Reader r(b, "t");
            r.read("x");
            r.expect_end("t");
            return "";
        } catch (const TlsError& e) {
            CHECK(e.alert() == AlertDescription::bad_certificate);
            return e.what();
        }
    };
    CHECK(first_error({0x04, 0x01, 0xaa}).empty());
    CHECK(first_error({0x04, 0x81, 0x80}).find("exceeds") != std::string::npos);   // long form, body missing
    CHECK(first_error({0x04, 0x81, 0x05, 1, 2, 3, 4, 5}).find("non-minimal length") != std::string::npos);
    CHECK(first_error({0x04, 0x82, 0x00, 0x81}).find("non-minimal length") != std::string::npos);
    CHECK(first_error({0x30, 0x80, 0x00, 0x00}).find("indefinite") != std::string::npos);
    CHECK(first_error({0x04, 0x85, 1, 1, 1, 1, 1}).find("too large") != std::string::npos);
    CHECK(first_error({0x1f, 0x20, 0x00}).find("high-tag") != std::string::npos);
    CHECK(first_error({0x04, 0x01, 0xaa, 0x00}).find("trailing") != std::string::npos);
    CHECK(first_error({0x04}).find("truncated") != std::string::npos);
}

TEST_CASE("INTEGER, BOOLEAN, OID and BIT STRING rules") {
    auto integer = [](Bytes b) {
        der::Reader r(b, "t");
        return r.integer("n");
    };
    CHECK(integer({0x02, 0x02, 0x00, 0x80}) == Bytes{0x80});
    CHECK_THROWS_AS(integer({0x02, 0x02, 0x00, 0x7f}), TlsError);   // padded
    CHECK_THROWS_AS(integer({0x02, 0x01, 0x80}), TlsError);         // negative
    CHECK_THROWS_AS(integer({0x02, 0x00}), TlsError);               // empty
    Bytes t = {0x01, 0x01, 0x01};
    der::Reader br(t, "t");
    CHECK_THROWS_AS(br.boolean("b"), TlsError);                     // DER TRUE is 0xff
    Bytes oid = {0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b};
    der::Reader o(oid, "t");
    CHECK(o.oid("alg") == "1.2.840.113549.1.1.11");
    Bytes bits = {0x03, 0x02, 0x05, 0xa1};   // unused bit set
    der::Reader bi(bits, "t");
    CHECK_THROWS_AS(bi.named_bits("ku"), TlsError);
}

TEST_CASE("times: UTCTime windows, GeneralizedTime, bad forms") {
    auto t = [](std::uint8_t tag, const std::string& s) { return der::parse_time(tag, as_bytes(s)); };
    CHECK(t(der::UTC_TIME, "700101000000Z") == 0);
    CHECK(t(der::UTC_TIME, "491231235959Z") == t(der::GENERALIZED_TIME, "20491231235959Z"));
    CHECK(t(der::UTC_TIME, "500101000000Z") == t(der::GENERALIZED_TIME, "19500101000000Z"));
    CHECK(der::format_time(t(der::GENERALIZED_TIME, "20300101000000Z")) == "2030-01-01T00:00:00Z");
    CHECK_THROWS_AS(t(der::UTC_TIME, "7001010000Z"), TlsError);        // no seconds
    CHECK_THROWS_AS(t(der::UTC_TIME, "700101000000+0100"), TlsError);  // not Zulu
    CHECK_THROWS_AS(t(der::UTC_TIME, "701301000000Z"), TlsError);      // month 13
    CHECK_THROWS_AS(t(der::UTC_TIME, "230230000000Z"), TlsError);      // February 30th
    CHECK_THROWS_AS(t(der::UTC_TIME, "230431000000Z"), TlsError);      // April 31st
    CHECK_THROWS_AS(t(der::GENERALIZED_TIME, "21000229000000Z"), TlsError);   // 2100 is no leap year
    CHECK(t(der::GENERALIZED_TIME, "20000229000000Z") + 86400 == t(der::GENERALIZED_TIME, "20000301000000Z"));
    CHECK(t(der::UTC_TIME, "240229120000Z") + 86400 == t(der::UTC_TIME, "240301120000Z"));
    // Read through a Reader, the helper's sentence gets the field's name and
    // the reader's alert (a certificate's: bad_certificate).
    Bytes month13 = {0x17, 0x0d};
    for (char c : std::string("701301000000Z")) month13.push_back(static_cast<std::uint8_t>(c));
    der::Reader tr(month13, "validity", AlertDescription::bad_certificate);
    try {
        tr.time("notBefore");
        FAIL("accepted month 13");
    } catch (const TlsError& e) {
        CHECK(e.alert() == AlertDescription::bad_certificate);
        CHECK(std::string(e.what()) == "validity: notBefore: time has a field out of range");
    }
    CHECK(verify::parse_time_argument("2030-01-01T00:00:00Z") == t(der::GENERALIZED_TIME, "20300101000000Z"));
    CHECK(verify::parse_time_argument("1700000000") == 1700000000);
    CHECK_THROWS_AS(verify::parse_time_argument("tomorrow"), TlsError);
    CHECK_THROWS_WITH_AS(verify::parse_time_argument("99999999999999999999"),
                         "'99999999999999999999' is more Unix seconds than fit in 64 bits", TlsError);
}

TEST_CASE("PEM and base64") {
    CHECK(pem::base64_encode(as_bytes("any carnal pleas")) == "YW55IGNhcm5hbCBwbGVhcw==");   // RFC 4648 style
    CHECK(pem::base64_decode("YW55IGNhcm5hbCBwbGVhcw==") == Bytes(as_bytes("any carnal pleas").begin(), as_bytes("any carnal pleas").end()));
    CHECK_THROWS_AS(pem::base64_decode("YW5=5"), TlsError);
    CHECK_THROWS_AS(pem::base64_decode("Y"), TlsError);
    auto blocks = pem::decode("junk\n" + pem::encode("CERTIFICATE", Bytes{1, 2, 3}) + "more junk\n" + pem::encode("X", Bytes{4}));
    REQUIRE(blocks.size() == 2);
    CHECK(blocks[0].label == "CERTIFICATE");
    CHECK(blocks[0].der == Bytes{1, 2, 3});
    CHECK_THROWS_AS(pem::decode("-----BEGIN CERTIFICATE-----\nAQID\n"), TlsError);
}

}

TEST_SUITE("x509") {

TEST_CASE("a certificate parses into every field") {
    auto certs = x509::load_certificates(fixture("rsa-pkcs8.crt.pem"));
    REQUIRE(certs.size() == 1);
    const x509::Certificate& c = certs[0];
    CHECK(c.version == 3);
    CHECK(c.subject.to_string() == "C=DE, O=glasstls vectors, CN=rsa-pkcs8");
    CHECK(c.subject.matches(c.issuer));
    CHECK(c.self_issued());
    CHECK(c.signature_algorithm.name == "sha256WithRSAEncryption");
    CHECK(c.public_key.type == crypto::KeyType::rsa);
    CHECK(c.public_key.bits() == 2048);
    REQUIRE(c.subject_alt_names);
    CHECK(c.subject_alt_names->at(0).text == "rsa-pkcs8.vectors.test");
    CHECK(c.basic_constraints);   // req -x509 marks it a CA
    CHECK(c.subject_key_id);
    CHECK(c.not_after - c.not_before == 36500LL * 86400);
    // The same certificate in DER parses to the same thing.
    auto der_form = x509::load_certificates(fixture("rsa-pkcs8.crt.der"));
    CHECK(der_form.at(0).der == c.der);
    // Its own key verifies its own signature.
    CHECK(crypto::verify(c.public_key, c.signature_algorithm.algorithm, c.signature_algorithm.hash, c.tbs_der, c.signature));
}

TEST_CASE("truncated at every offset: a clean error, never a crash") {
    Bytes der = x509::load_certificates(fixture("ec-p256-pkcs8.crt.pem")).at(0).der;
    for (std::size_t cut = 0; cut < der.size(); ++cut) {
        CAPTURE(cut);
        CHECK_THROWS_AS(x509::parse_certificate(ByteView(der).first(cut)), TlsError);
    }
    Bytes trailing = der;
    trailing.push_back(0);
    CHECK_THROWS_AS(x509::parse_certificate(trailing), TlsError);
}

TEST_CASE("every single-byte corruption parses or fails cleanly") {
    Bytes der = x509::load_certificates(fixture("ed25519-pkcs8.crt.pem")).at(0).der;
    int refused = 0;
    for (std::size_t i = 0; i < der.size(); ++i) {
        for (std::uint8_t flip : {0x01, 0x80, 0xff}) {
            Bytes bad = der;
            bad[i] ^= flip;
            try {
                x509::parse_certificate(bad);
            } catch (const TlsError& e) {
                CHECK(e.alert() == AlertDescription::bad_certificate);
                ++refused;
            }
        }
    }
    CHECK(refused > 0);
}

TEST_CASE("private keys: PKCS#8, PKCS#1, SEC1, Ed25519 match their certificates") {
    const std::pair<const char*, const char*> pairs[] = {
        {"rsa-pkcs8.pem", "rsa-pkcs8.crt.pem"},
        {"rsa-pkcs1.pem", "rsa-pkcs8.crt.pem"},
        {"ec-p256-pkcs8.pem", "ec-p256-pkcs8.crt.pem"},
        {"ec-p256-sec1.pem", "ec-p256-pkcs8.crt.pem"},
        {"ec-p384-sec1-with-params.pem", "ec-p384-sec1-with-params.crt.pem"},
        {"ed25519-pkcs8.pem", "ed25519-pkcs8.crt.pem"},
    };
    for (auto [key_file, cert_file] : pairs) {
        CAPTURE(key_file);
        crypto::PrivateKey key = x509::load_private_key(fixture(key_file));
        x509::Certificate cert = x509::load_certificates(fixture(cert_file)).at(0);
        CHECK(same_public_key(key.public_key(), cert.public_key));
        // And it signs: the certificate's key verifies what the parsed key signs.
        auto alg = key.type == crypto::KeyType::rsa ? crypto::SignatureAlgorithm::rsa_pss
                   : key.type == crypto::KeyType::ec ? crypto::SignatureAlgorithm::ecdsa
                                                     : crypto::SignatureAlgorithm::ed25519;
        Bytes msg = testing::bytes_of("signed by a parsed key");
        Bytes sig = crypto::sign(key, alg, crypto::HashAlgorithm::sha256, msg, crypto::system_random());
        CHECK(crypto::verify(cert.public_key, alg, crypto::HashAlgorithm::sha256, msg, sig));
    }
}

TEST_CASE("encrypted and missing keys are refused with advice") {
    try {
        x509::load_private_key(fixture("encrypted-pkcs8.pem"));
        FAIL("accepted an encrypted key");
    } catch (const TlsError& e) {
        CHECK(std::string(e.what()).find("openssl pkey") != std::string::npos);
    }
    CHECK_THROWS_AS(x509::load_private_key(fixture("rsa-pkcs8.crt.pem")), TlsError);
    // A missing file is a TlsError too, and says so once (not "PATH: cannot read PATH").
    CHECK_THROWS_WITH_AS(x509::load_private_key(fixture("no-such-file.pem")), ("cannot read " + fixture("no-such-file.pem")).c_str(),
                         TlsError);
    CHECK_THROWS_WITH_AS(x509::load_certificates(fixture("no-such-file.pem")), ("cannot read " + fixture("no-such-file.pem")).c_str(),
                         TlsError);
    // A key file is not a certificate file.
    CHECK_THROWS_WITH_AS(x509::load_certificates(fixture("rsa-pkcs8.pem")), (fixture("rsa-pkcs8.pem") + ": no certificate found").c_str(),
                         TlsError);
}

TEST_CASE("a name given as an option: parts it cannot read are TlsErrors") {
    CHECK(x509::parse_name_spec("CN=Lab Root, O=glasstls lab").size() == 2);
    CHECK_THROWS_WITH_AS(x509::parse_name_spec("CN"), "'CN' is not NAME=VALUE", TlsError);
    CHECK_THROWS_WITH_AS(x509::parse_name_spec("XX=1"), "unknown name attribute 'XX' (use CN, O, OU, C, L, ST)", TlsError);
    CHECK_THROWS_WITH_AS(x509::parse_name_spec("C=USA"), "C (country) is two letters", TlsError);
    CHECK_THROWS_WITH_AS(x509::parse_name_spec(" , "), "an empty name", TlsError);
}

TEST_CASE("a malformed key file is a TlsError naming the file") {
    const std::string path = (std::filesystem::temp_directory_path() / ("glasstls-malformed-key-" + std::to_string(getpid()) + ".pem")).string();
    {
        std::ofstream out(path, std::ios::trunc);
        out << "-----BEGIN PRIVATE KEY-----\nMAMCAQA=\n-----END PRIVATE KEY-----\n";   // SEQUENCE { INTEGER 0 }: cut short
    }
    try {
        x509::load_private_key(path);
        FAIL("accepted a malformed key");
    } catch (const TlsError& e) {
        CHECK(e.alert() == AlertDescription::decode_error);
        CHECK(std::string(e.what()).rfind(path + ": ", 0) == 0);
    }
    std::filesystem::remove(path);
    // A key that is not the certificate's: the pair is refused, naming both files.
    CHECK_THROWS_WITH_AS(load_credential(fixture("rsa-pkcs8.crt.pem"), fixture("ec-p256-pkcs8.pem")),
                         (fixture("ec-p256-pkcs8.pem") + " is not the private key of " + fixture("rsa-pkcs8.crt.pem")).c_str(), TlsError);
}

TEST_CASE("names: folding for chain building, printing, IP formats") {
    x509::Name a, b;
    a.rdns = {{{"2.5.4.3", "Lab  Root"}}};
    b.rdns = {{{"2.5.4.3", " lab root "}}};
    a.der = {1};
    b.der = {2};
    CHECK(a.matches(b));
    b.rdns[0][0].oid = "2.5.4.10";
    CHECK_FALSE(a.matches(b));
    CHECK(x509::format_ip(Bytes{192, 0, 2, 1}) == "192.0.2.1");
    Bytes v6(16, 0);
    v6[0] = 0x20, v6[1] = 0x01, v6[2] = 0x0d, v6[3] = 0xb8, v6[15] = 1;
    CHECK(x509::format_ip(v6) == "2001:db8::1");
    CHECK(x509::format_serial(Bytes{0x0a, 0xff}) == "0A:FF");
}

}

TEST_SUITE("verify") {

TEST_CASE("RFC 6125 DNS matching and wildcards") {
    using verify::dns_name_matches;
    CHECK(dns_name_matches("www.example.com", "WWW.Example.COM"));
    CHECK(dns_name_matches("www.example.com.", "www.example.com"));
    CHECK(dns_name_matches("www.example.com", "www.example.com."));
    CHECK_FALSE(dns_name_matches("www.example.com", "example.com"));
    CHECK(dns_name_matches("*.example.com", "a.example.com"));
    CHECK_FALSE(dns_name_matches("*.example.com", "example.com"));
    CHECK_FALSE(dns_name_matches("*.example.com", "a.b.example.com"));
    CHECK_FALSE(dns_name_matches("*.example.com", ".example.com"));
    CHECK_FALSE(dns_name_matches("f*.example.com", "foo.example.com"));
    CHECK_FALSE(dns_name_matches("*.com", "example.com"));
    CHECK_FALSE(dns_name_matches("*.*.example.com", "a.b.example.com"));
    CHECK_FALSE(dns_name_matches("www.*.com", "www.example.com"));
    CHECK_FALSE(dns_name_matches("", "example.com"));
}

TEST_CASE("IP literals") {
    CHECK(verify::parse_ip_literal("127.0.0.1") == Bytes{127, 0, 0, 1});
    CHECK(verify::parse_ip_literal("[::1]")->size() == 16);
    CHECK_FALSE(verify::parse_ip_literal("localhost"));
    CHECK_FALSE(verify::parse_ip_literal("127.1"));
}

TEST_CASE("a self-signed certificate as its own trust anchor; host checks") {
    x509::Certificate c = x509::load_certificates(fixture("ec-p256-pkcs8.crt.pem")).at(0);
    verify::TrustStore trust;
    verify::Options opt;
    opt.at = c.not_before + 10;
    auto untrusted = verify::verify_chain(c, {}, trust, opt);
    CHECK_FALSE(untrusted.ok);
    CHECK(untrusted.alert == AlertDescription::unknown_ca);
    trust.add(c);
    auto trusted = verify::verify_chain(c, {}, trust, opt);
    CHECK(trusted.ok);
    CHECK(trusted.path.size() == 1);
    opt.host = "ec-p256-pkcs8.vectors.test";
    CHECK(verify::verify_chain(c, {}, trust, opt).ok);
    opt.host = "other.vectors.test";
    auto wrong = verify::verify_chain(c, {}, trust, opt);
    CHECK_FALSE(wrong.ok);
    CHECK(wrong.alert == AlertDescription::certificate_unknown);
    CHECK(wrong.error.find("does not match host 'other.vectors.test'") != std::string::npos);
    opt.host.reset();
    opt.at = c.not_after + 1;
    auto expired = verify::verify_chain(c, {}, trust, opt);
    CHECK(expired.alert == AlertDescription::certificate_expired);
}

TEST_CASE("the system trust store loads") {
    verify::TrustStore system;
    try {
        system.add_system();
    } catch (const std::exception&) {
        return;   // no ca-certificates on this machine
    }
    CHECK(system.size() > 50);
}

}
