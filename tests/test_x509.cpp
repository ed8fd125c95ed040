#include <doctest/doctest.h>

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <optional>

#include "glasstls/der.hpp"
#include "glasstls/handshake_client.hpp"
#include "glasstls/name_constraints.hpp"
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
    CHECK_THROWS_AS(x509::parse_name_spec("C=USA"), TlsError);   // two letters (test_lab.cpp has the rest of glass ca's rules)
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

TEST_CASE("getpeercert formats: the serial as OpenSSL's i2a_ASN1_INTEGER, the time as ASN1_TIME_print") {
    x509::Certificate c;
    c.serial = {0x04, 0xae, 0x01};
    CHECK(x509::getpeercert_serial(c) == "04AE01");
    c.serial = {};
    CHECK(x509::getpeercert_serial(c) == "00");
    c.serial = {0xff, 0x38};   // -200 in two's complement
    c.serial_negative = true;
    CHECK(x509::getpeercert_serial(c) == "-C8");
    c.serial = Bytes(40, 0x11);   // longer than RFC 5280 allows: cut after 35 bytes, as CPython reads it
    c.serial_negative = false;
    CHECK(x509::getpeercert_serial(c) == std::string(70, '1') + "\\\n");
    CHECK(x509::getpeercert_time(1515144883) == "Jan  5 09:34:43 2018 GMT");
    CHECK(x509::getpeercert_time(1767225600) == "Jan  1 00:00:00 2026 GMT");
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

TEST_CASE("RFC 9525 §6.3: no CN matching by default, in verify and in the client") {
    CHECK_FALSE(verify::Options{}.cn_fallback);
    CHECK_FALSE(ClientConfig{}.cn_fallback);
    crypto::SystemRandom rng;
    const crypto::PrivateKey key = crypto::generate_private_key(crypto::KeyType::ed25519, rng);
    x509::CertificateSpec spec;
    spec.subject = {{"CN", "cn.vectors.test"}};
    spec.not_before = 0;
    spec.not_after = 4102444800;
    spec.subject_key = key.public_key();
    const x509::Certificate cn_only = x509::parse_certificate(x509::build_certificate(spec, {{}, &key, {}}, rng));
    std::string why;
    CHECK_FALSE(verify::matches_host(cn_only, "cn.vectors.test", false, &why));
    CHECK(why == "does not match host 'cn.vectors.test' (the certificate has no subjectAltName; its CN 'cn.vectors.test' would "
                 "match, but RFC 9525 §6.3 forbids CN matching (--cn-fallback allows it))");
    CHECK(verify::matches_host(cn_only, "CN.vectors.test", true, &why));
    CHECK(why.find("matched by the CN 'cn.vectors.test'") == 0);
    CHECK_FALSE(verify::matches_host(cn_only, "127.0.0.1", true, &why));
    CHECK(why.find("is never matched against an IP address") != std::string::npos);
    spec.dns_names = {"www.vectors.test"};
    spec.ip_addresses = {Bytes{192, 0, 2, 7}};
    const x509::Certificate both = x509::parse_certificate(x509::build_certificate(spec, {{}, &key, {}}, rng));
    CHECK_FALSE(verify::matches_host(both, "cn.vectors.test", true, &why));
    CHECK(why == "does not match host 'cn.vectors.test' (it names DNS:www.vectors.test, IP:192.0.2.7)");
    CHECK(verify::matches_host(both, "192.0.2.7", false, &why));
    CHECK(why.empty());
}

TEST_CASE("name forms: dNSName and iPAddress in SANs and in name constraints (RFC 5280 §4.2.1.6, §4.2.1.10)") {
    using T = x509::GeneralNameType;
    auto dns = [](std::string text) { return x509::GeneralName{T::dns, std::move(text), {}, {}}; };
    auto ip = [](Bytes b) {   // shown as the parser shows it: "10.0.0.0/255.0.0.0" for an address and a mask
        const ByteView v(b);
        const std::size_t half = b.size() / 2;
        std::string text = b.size() == 4 || b.size() == 16 ? x509::format_ip(v) : x509::format_ip(v.first(half)) + "/" + x509::format_ip(v.subspan(half));
        return x509::GeneralName{T::ip, text, b, {}};
    };
    for (const char* good : {"www.lab.test", "*.lab.test", "_acme.lab.test", "xn--bcher-kva.example", "localhost"}) {
        CAPTURE(good);
        CHECK_FALSE(verify::name_form_violation(dns(good), false));
    }
    for (const char* bad : {"", "a b.lab.test", "www.lab.test.", "a..lab.test", "*", "w*.lab.test", "www.*.test", "été.test"}) {
        CAPTURE(bad);
        CHECK(verify::name_form_violation(dns(bad), false));
    }
    CHECK(*verify::name_form_violation(dns(std::string(64, 'a') + ".test"), false) == "DNS:'" + std::string(64, 'a') + ".test' (a label is longer than 63 octets)");
    for (const char* good : {"", "lab.test", ".lab.test"}) CHECK_FALSE(verify::name_form_violation(dns(good), true));
    for (const char* bad : {"*.lab.test", "..lab.test", "lab.test.", "a b"}) CHECK(verify::name_form_violation(dns(bad), true));
    CHECK_FALSE(verify::name_form_violation(ip({10, 0, 0, 1}), false));
    CHECK(verify::name_form_violation(ip({10, 0, 0, 0, 255, 0, 0, 0}), false));
    CHECK_FALSE(verify::name_form_violation(ip({10, 0, 0, 0, 255, 0, 0, 0}), true));
    CHECK_FALSE(verify::name_form_violation(ip({10, 0, 0, 0, 0, 0, 0, 0}), true));
    CHECK(*verify::name_form_violation(ip({10, 0, 0, 0, 255, 0, 255, 0}), true) == "IP:'10.0.0.0/255.0.255.0' (its mask is not contiguous)");
    CHECK(verify::name_form_violation(ip({10, 0, 0, 1}), true));
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

// Encrypted private keys (RFC 5958 §3 + RFC 8018 PBES2; OpenSSL's legacy
// PEM encryption): vectors/keys/, each the key of vectors/x509/ under "dees".
TEST_SUITE("encrypted keys") {

namespace {
std::string key_vector(const std::string& name) { return std::string(GLASSTLS_VECTORS_DIR) + "/keys/" + name; }

// A password source that counts how often it is asked.
struct CountingPassword {
    std::string phrase;
    int calls = 0;
    x509::PasswordSource source() {
        return [this] {
            ++calls;
            return phrase;
        };
    }
};

bool same_private_key(const crypto::PrivateKey& a, const crypto::PrivateKey& b) {
    return a.type == b.type && a.rsa_n == b.rsa_n && a.rsa_e == b.rsa_e && a.rsa_d == b.rsa_d && a.rsa_p == b.rsa_p &&
           a.rsa_q == b.rsa_q && a.curve == b.curve && a.scalar == b.scalar;
}

const std::pair<const char*, const char*> kEncrypted[] = {
    {"rsa-pbes2-sha256-aes256.pem", "rsa-pkcs8.pem"},   {"rsa-pbes2-sha1-aes128.pem", "rsa-pkcs8.pem"},
    {"rsa-pbes2-sha512-aes192.pem", "rsa-pkcs8.pem"},   {"rsa-legacy-aes256.pem", "rsa-pkcs8.pem"},
    {"rsa-legacy-des3.pem", "rsa-pkcs8.pem"},           {"ec-pbes2-sha256-aes256.pem", "ec-p256-pkcs8.pem"},
    {"ec-pbes2-sha1-aes128.pem", "ec-p256-pkcs8.pem"},  {"ec-pbes2-sha384-des3.pem", "ec-p256-pkcs8.pem"},
    {"ec-legacy-aes256.pem", "ec-p256-pkcs8.pem"},      {"ec-legacy-des3.pem", "ec-p256-pkcs8.pem"},
    {"ed25519-pbes2-sha256-aes256.pem", "ed25519-pkcs8.pem"},
};

// An EncryptedPrivateKeyInfo under PBES2 / PBKDF2-HMAC-SHA256 / AES-256-CBC
// claiming `iterations` (and keyLength, when given); its data is no key.
Bytes pbes2_claiming(std::uint64_t iterations, std::optional<std::uint64_t> key_length = std::nullopt) {
    der::Builder b;
    b.sequence([&](der::Builder& info) {
        info.sequence([&](der::Builder& alg) {
            alg.oid("1.2.840.113549.1.5.13");
            alg.sequence([&](der::Builder& params) {
                params.sequence([&](der::Builder& kdf) {
                    kdf.oid("1.2.840.113549.1.5.12");
                    kdf.sequence([&](der::Builder& p) {
                        p.octet_string(Bytes(8, 0x5a)).small_integer(iterations);
                        if (key_length) p.small_integer(*key_length);
                        p.sequence([](der::Builder& prf) { prf.oid("1.2.840.113549.2.9").null(); });
                    });
                });
                params.sequence([](der::Builder& enc) { enc.oid("2.16.840.1.101.3.4.1.42").octet_string(Bytes(16, 1)); });
            });
        });
        info.octet_string(Bytes(48, 0x33));
    });
    return b.take();
}

std::string error_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const TlsError& e) {
        return alert_name(e.alert()) + ": " + e.what();
    }
    return "(no error)";
}
} // namespace

TEST_CASE("the right pass phrase gives the same key as the plain file, asked for once") {
    for (auto [encrypted, plain] : kEncrypted) {
        CAPTURE(encrypted);
        CountingPassword pw{"dees"};
        const crypto::PrivateKey key = x509::load_private_key(key_vector(encrypted), pw.source());
        CHECK(same_private_key(key, x509::load_private_key(fixture(plain))));
        CHECK(pw.calls == 1);
    }
    // The fixture of the refusal test above (ec-p256-pkcs8.pem), under its own pass phrase.
    CHECK(same_private_key(x509::load_private_key(fixture("encrypted-pkcs8.pem"), [] { return std::string("lab"); }),
                           x509::load_private_key(fixture("ec-p256-pkcs8.pem"))));
}

TEST_CASE("a plain key never asks for the pass phrase; DER works as PEM does") {
    CountingPassword pw{"dees"};
    CHECK(x509::load_private_key(fixture("rsa-pkcs8.pem"), pw.source()).type == crypto::KeyType::rsa);
    CHECK(x509::load_private_key(fixture("ec-p256-sec1.pem"), pw.source()).type == crypto::KeyType::ec);
    CHECK(pw.calls == 0);
    const Bytes der = pem::decode(testing::text_of(x509::read_file(key_vector("ec-pbes2-sha256-aes256.pem")))).at(0).der;
    CHECK(same_private_key(x509::parse_private_key(der, pw.source()), x509::load_private_key(fixture("ec-p256-pkcs8.pem"))));
    CHECK(pw.calls == 1);
}

TEST_CASE("a wrong pass phrase is one sentence naming the file, whatever the scheme") {
    for (auto [encrypted, plain] : kEncrypted) {
        CAPTURE(encrypted);
        (void)plain;
        for (const char* wrong : {"deeS", "", "a much longer pass phrase than the right one"}) {
            const std::string path = key_vector(encrypted);
            CHECK(error_of([&] { x509::load_private_key(path, [&] { return std::string(wrong); }); }) ==
                  "decrypt_error: " + path + ": cannot decrypt the private key: wrong pass phrase?");
        }
    }
}

TEST_CASE("an encrypted key without a pass phrase, or under a scheme glasstls lacks, is refused before asking") {
    const std::string no_phrase = error_of([] { x509::load_private_key(key_vector("rsa-pbes2-sha256-aes256.pem")); });
    CHECK(no_phrase.find("the private key is encrypted (PBES2, PBKDF2 with hmacWithSHA256 (2048 iterations), AES-256-CBC) "
                         "and no pass phrase was given") != std::string::npos);
    CHECK(no_phrase.find("openssl pkey") != std::string::npos);
    CHECK(error_of([] { x509::load_private_key(key_vector("ec-legacy-des3.pem")); })
              .find("encrypted (legacy PEM encryption, DES-EDE3-CBC)") != std::string::npos);
    const std::pair<const char*, const char*> unsupported[] = {
        {"ec-scrypt-aes256.pem", "keyDerivationFunc: algorithm: id-scrypt is not supported (PBKDF2 is)"},
        {"ec-pbes1-sha1-3des.pem", "algorithm: pbeWithSHA1And3-KeyTripleDES-CBC is not supported (PBES2 is)"},
        {"ec-legacy-camellia256.pem", "DEK-Info: CAMELLIA-256-CBC is not supported"},
    };
    for (auto [file, sentence] : unsupported) {
        CAPTURE(file);
        CountingPassword pw{"dees"};
        const std::string e = error_of([&] { x509::load_private_key(key_vector(file), pw.source()); });
        CHECK(e.rfind("decode_error: " + key_vector(file) + ": ", 0) == 0);
        CHECK(e.find(sentence) != std::string::npos);
        CHECK(pw.calls == 0);
    }
}

TEST_CASE("an absurd iteration count is refused at once, and never computed") {
    CountingPassword pw{"dees"};
    const auto start = std::chrono::steady_clock::now();
    for (std::uint64_t n : {std::uint64_t{1} << 31, std::uint64_t{0xffffffff}, std::uint64_t{x509::max_pbkdf2_iterations + 1}}) {
        CAPTURE(n);
        const std::string e = error_of([&] { x509::parse_private_key(pbes2_claiming(n), pw.source()); });
        CHECK(e.find("iterationCount: " + std::to_string(n) + " iterations is more than glasstls computes (at most 10000000)") !=
              std::string::npos);
    }
    CHECK(error_of([&] { x509::parse_private_key(pbes2_claiming(std::uint64_t{1} << 40), pw.source()); }).find("iterationCount: INTEGER too large") !=
          std::string::npos);
    CHECK(error_of([&] { x509::parse_private_key(pbes2_claiming(0), pw.source()); }).find("iterationCount: must be at least 1") !=
          std::string::npos);
    CHECK(error_of([&] { x509::parse_private_key(pbes2_claiming(1, 16), pw.source()); }).find("keyLength: 16 bytes, but AES-256-CBC takes 32") !=
          std::string::npos);
    CHECK(pw.calls == 0);
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::milliseconds(500));
    // The same structure with a sane count is read and decrypted: its data is
    // no key, so it is the wrong-pass-phrase sentence.
    CHECK(error_of([&] { x509::parse_private_key(pbes2_claiming(1), pw.source()); }) ==
          "decrypt_error: cannot decrypt the private key: wrong pass phrase?");
    CHECK(pw.calls == 1);
}

TEST_CASE("truncated or corrupted encrypted keys: a clean TlsError, never a crash") {
    const Bytes der = pem::decode(testing::text_of(x509::read_file(key_vector("ec-pbes2-sha1-aes128.pem")))).at(0).der;
    const auto phrase = [] { return std::string("dees"); };
    for (std::size_t cut = 0; cut < der.size(); ++cut) {
        CAPTURE(cut);
        CHECK_THROWS_AS(x509::parse_private_key(ByteView(der).first(cut), phrase), TlsError);
    }
    int refused = 0;
    for (std::size_t i = 0; i < der.size(); ++i) {
        Bytes bad = der;
        bad[i] ^= 0x80;
        try {
            x509::parse_private_key(bad, phrase);
        } catch (const TlsError&) {
            ++refused;
        }
    }
    CHECK(refused > static_cast<int>(der.size()) / 2);
    // Legacy headers that do not add up.
    const std::string body = "\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n-----END EC PRIVATE KEY-----\n";
    const std::pair<const char*, const char*> headers[] = {
        {"Proc-Type: 4,ENCRYPTED\n", "DEK-Info: missing, though Proc-Type says ENCRYPTED"},
        {"Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,00112233\n", "DEK-Info: the IV must be 32 hex digits"},
        {"Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,XYZ\n", "DEK-Info: the IV: not a hex digit: 'X'"},
        {"Proc-Type: 4,ENCRYPTED\nDEK-Info: DES-CBC,0011223344556677\n", "DEK-Info: DES-CBC is not supported"},
    };
    for (auto [head, sentence] : headers) {
        CAPTURE(head);
        const std::string pem_text = std::string("-----BEGIN EC PRIVATE KEY-----\n") + head + body;
        CHECK(error_of([&] { x509::parse_private_key(testing::bytes_of(pem_text), phrase); }).find(sentence) != std::string::npos);
    }
}

TEST_CASE("load_credential: an encrypted key, and certificate and key in one file") {
    const ServerCredential c = load_credential(fixture("rsa-pkcs8.crt.pem"), key_vector("rsa-pbes2-sha256-aes256.pem"),
                                               [] { return std::string("dees"); });
    CHECK(same_private_key(c.key, x509::load_private_key(fixture("rsa-pkcs8.pem"))));
    CHECK(error_of([] { load_credential(fixture("rsa-pkcs8.crt.pem"), key_vector("rsa-legacy-aes256.pem"), [] { return std::string("x"); }); }) ==
          "decrypt_error: " + key_vector("rsa-legacy-aes256.pem") + ": cannot decrypt the private key: wrong pass phrase?");

    const std::string both = (std::filesystem::temp_directory_path() / ("glasstls-both-" + std::to_string(getpid()) + ".pem")).string();
    {
        std::ofstream out(both, std::ios::trunc | std::ios::binary);
        const Bytes cert = x509::read_file(fixture("ec-p256-pkcs8.crt.pem")), key = x509::read_file(key_vector("ec-legacy-aes256.pem"));
        out << testing::text_of(key) << testing::text_of(cert);   // key first: the order does not matter
    }
    for (const std::string& key_file : {both, std::string()}) {
        CAPTURE(key_file);
        const ServerCredential one = load_credential(both, key_file, [] { return std::string("dees"); });
        CHECK(one.chain.size() == 1);
        CHECK(same_private_key(one.key, x509::load_private_key(fixture("ec-p256-pkcs8.pem"))));
    }
    CHECK(error_of([&] { load_credential(both, ""); }).find(both + ": the private key is encrypted") != std::string::npos);
    std::filesystem::remove(both);
}

}
