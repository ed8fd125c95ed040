// The algorithms of issue 18 §4 as certificates and keys carry them:
// ECDSA P-521, RSA-PSS keys (RFC 4055 §1.2, with and without parameters)
// and RSASSA-PSS certificate signatures with their parameters checked; and
// how the handshake tables take them (signature schemes, suites, groups).
// The fixtures are OpenSSL's (vectors/x509/README.md).
#include <doctest/doctest.h>

#include "glasstls/credentials.hpp"
#include "glasstls/handshake_common.hpp"
#include "glasstls/messages.hpp"
#include "glasstls/x509.hpp"
#include "helpers.hpp"

using namespace glasstls;

namespace {
std::string fixture(const std::string& name) { return std::string(GLASSTLS_VECTORS_DIR) + "/x509/" + name; }

x509::Certificate load(const std::string& name) { return x509::load_certificates(fixture(name)).at(0); }

// What verify.cpp does with a certificate's signature, for a self-signed one.
bool self_signature_verifies(const x509::Certificate& c, ByteView tbs) {
    const x509::SignatureAlgorithmId& alg = c.signature_algorithm;
    return crypto::verify(c.public_key, alg.algorithm, alg.hash, tbs, c.signature, alg.pss_salt_length);
}
} // namespace

TEST_SUITE("algorithms") {

TEST_CASE("an RSA-PSS key without parameters; an RSASSA-PSS signature with OpenSSL's 222-byte salt") {
    const x509::Certificate c = load("rsa-pss.crt.pem");
    CHECK(c.public_key_supported);
    CHECK(c.public_key.type == crypto::KeyType::rsa_pss);
    CHECK_FALSE(c.public_key.pss.has_value());
    CHECK(c.public_key.bits() == 2048);
    const x509::SignatureAlgorithmId& alg = c.signature_algorithm;
    CHECK(alg.supported);
    CHECK(alg.algorithm == crypto::SignatureAlgorithm::rsa_pss);
    CHECK(alg.hash == crypto::HashAlgorithm::sha256);
    CHECK(alg.pss_salt_length == 222u);
    CHECK(self_signature_verifies(c, c.tbs_der));
    Bytes tampered = c.tbs_der;
    tampered[tampered.size() / 2] ^= 1;
    CHECK_FALSE(self_signature_verifies(c, tampered));
    // The salt the parameters name is the one checked: TLS's hash-length salt does not verify it.
    CHECK_FALSE(crypto::verify(c.public_key, alg.algorithm, alg.hash, c.tbs_der, c.signature));
    // A PSS key never verifies PKCS#1 v1.5 (RFC 4055 §1.2).
    CHECK_FALSE(crypto::verify(c.public_key, crypto::SignatureAlgorithm::rsa_pkcs1, alg.hash, c.tbs_der, c.signature));
}

TEST_CASE("an RSA-PSS key with RFC 4055 parameters signs only as they say") {
    const x509::Certificate c = load("rsa-pss-sha384.crt.pem");
    REQUIRE(c.public_key_supported);
    REQUIRE(c.public_key.pss.has_value());
    CHECK(c.public_key.pss->hash == crypto::HashAlgorithm::sha384);
    CHECK(c.public_key.pss->min_salt_length == 48);
    CHECK(c.signature_algorithm.hash == crypto::HashAlgorithm::sha384);
    CHECK(self_signature_verifies(c, c.tbs_der));
    const crypto::PrivateKey key = x509::load_private_key(fixture("rsa-pss-sha384.pem"));
    CHECK(key.type == crypto::KeyType::rsa_pss);
    REQUIRE(key.pss.has_value());
    CHECK(key.pss->hash == crypto::HashAlgorithm::sha384);
    CHECK(crypto::can_sign(key, crypto::SignatureAlgorithm::rsa_pss, crypto::HashAlgorithm::sha384));
    CHECK_FALSE(crypto::can_sign(key, crypto::SignatureAlgorithm::rsa_pss, crypto::HashAlgorithm::sha256));
    // rsa_pss_pss_sha384 is the one scheme a server holding it can sign with.
    int usable = 0;
    for (SignatureScheme s : default_signature_schemes()) {
        const SchemeInfo* info = scheme_info(static_cast<std::uint16_t>(s));
        if (info->key_type == key.type && crypto::can_sign(key, info->algorithm, info->hash)) {
            CHECK(s == SignatureScheme::rsa_pss_pss_sha384);
            ++usable;
        }
    }
    CHECK(usable == 1);
}

TEST_CASE("RSASSA-PSS with MGF1 over another hash is not a signature glasstls verifies") {
    const x509::Certificate c = load("rsa-pss-mgf1-sha1.crt.pem");
    CHECK_FALSE(c.signature_algorithm.supported);
    CHECK(c.signature_algorithm.name.find("MGF1") != std::string::npos);
}

TEST_CASE("ECDSA P-521: the certificate, its SHA-512 signature and the PKCS#8 key") {
    const x509::Certificate c = load("ec-p521-pkcs8.crt.pem");
    REQUIRE(c.public_key_supported);
    CHECK(c.public_key.type == crypto::KeyType::ec);
    CHECK(c.public_key.curve == crypto::NamedGroup::secp521r1);
    CHECK(c.public_key.bits() == 521);
    CHECK(c.public_key.point.size() == 133);
    CHECK(c.signature_algorithm.hash == crypto::HashAlgorithm::sha512);
    CHECK(self_signature_verifies(c, c.tbs_der));
    const ServerCredential cred = load_credential(fixture("ec-p521-pkcs8.crt.pem"), fixture("ec-p521-pkcs8.pem"));
    CHECK(cred.key.curve == crypto::NamedGroup::secp521r1);
    const Bytes m = testing::bytes_of("params");
    const Bytes sig = crypto::sign(cred.key, crypto::SignatureAlgorithm::ecdsa, crypto::HashAlgorithm::sha512, m, crypto::system_random());
    CHECK(crypto::verify(c.public_key, crypto::SignatureAlgorithm::ecdsa, crypto::HashAlgorithm::sha512, m, sig));
}

TEST_CASE("an RSA-PSS credential: ephemeral RSA suites only, rsa_pss_pss_* schemes only") {
    const ServerCredential cred = load_credential(fixture("rsa-pss.crt.pem"), fixture("rsa-pss.pem"));
    CHECK(cred.key.type == crypto::KeyType::rsa_pss);
    CHECK(key_fits_suite(*find_cipher_suite("ECDHE-RSA-AES128-GCM-SHA256"), cred.key.type));
    CHECK(key_fits_suite(*find_cipher_suite("DHE-RSA-AES128-GCM-SHA256"), cred.key.type));
    CHECK_FALSE(key_fits_suite(*find_cipher_suite("AES128-GCM-SHA256"), cred.key.type));   // it cannot decrypt
    CHECK_FALSE(key_fits_suite(*find_cipher_suite("ECDHE-ECDSA-AES128-GCM-SHA256"), cred.key.type));
    for (std::uint16_t code : {0x0809, 0x080a, 0x080b}) {
        const SchemeInfo* info = scheme_info(code);
        REQUIRE(info != nullptr);
        CHECK(info->key_type == crypto::KeyType::rsa_pss);
        CHECK(info->algorithm == crypto::SignatureAlgorithm::rsa_pss);
        CHECK(scheme_from_name(info->name) == info->scheme);
    }
    CHECK(scheme_info(0x0804)->key_type == crypto::KeyType::rsa);   // rsa_pss_rsae_*: an rsaEncryption key
    CHECK(scheme_name(0x0808) == "ed448 (not implemented)");
}

TEST_CASE("the default groups: every group glasstls has, X25519 first, the ffdhe groups smallest first") {
    const std::vector<crypto::NamedGroup> groups = default_groups();
    CHECK(groups.size() == crypto::all_groups().size());
    CHECK(groups.front() == crypto::NamedGroup::x25519);
    CHECK(groups.back() == crypto::NamedGroup::ffdhe8192);
}

}
