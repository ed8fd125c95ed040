#include <doctest/doctest.h>

#include "glasstls/key_schedule.hpp"
#include "glasstls/prf.hpp"
#include "helpers.hpp"

using namespace glasstls;
using testing::load_vectors;

TEST_SUITE("key_schedule") {

TEST_CASE("PRF: the published TLS 1.2 vectors for SHA-256 and SHA-384") {
    for (const auto& v : load_vectors("prf.txt")) {
        CAPTURE(v.name());
        auto hash = v.text("hash") == "sha256" ? crypto::HashAlgorithm::sha256 : crypto::HashAlgorithm::sha384;
        Bytes want = v.bytes("output");
        auto got = prf(hash, v.bytes("secret"), v.text("label"), v.bytes("seed"), want.size());
        CHECK(crypto::to_public(got) == want);
        // Any prefix length gives the prefix of the output.
        auto shorter = prf(hash, v.bytes("secret"), v.text("label"), v.bytes("seed"), 13);
        CHECK(crypto::to_public(shorter) == Bytes(want.begin(), want.begin() + 13));
    }
}

TEST_CASE("master secret and key block match the record vectors") {
    for (const auto& v : load_vectors("records.txt")) {
        CAPTURE(v.name());
        const CipherSuite* suite = find_cipher_suite(v.text("suite"));
        REQUIRE(suite != nullptr);
        auto master = compute_master_secret(suite->prf_hash, v.bytes("pre_master_secret"), v.bytes("client_random"),
                                            v.bytes("server_random"));
        CHECK(to_hex(master) == v.text("master_secret"));
        KeyBlock kb = compute_key_block(*suite, master, v.bytes("client_random"), v.bytes("server_random"));
        CHECK(to_hex(kb.bytes) == v.text("key_block"));
        CHECK(to_hex(kb.client_write.mac_key) == v.text("client_write_mac_key"));
        CHECK(to_hex(kb.client_write.key) == v.text("client_write_key"));
        CHECK(to_hex(kb.client_write.iv) == v.text("client_write_iv"));
        CHECK(kb.server_write.key.size() == suite->enc_key_length);
        CHECK(kb.server_write.key != kb.client_write.key);
    }
}

TEST_CASE("extended master secret uses the session hash, not the randoms (RFC 7627 §4)") {
    Bytes pms(48, 7), session_hash(32, 9);
    auto ems = compute_extended_master_secret(crypto::HashAlgorithm::sha256, pms, session_hash);
    CHECK(ems.size() == 48);
    CHECK(crypto::to_public(ems) ==
          crypto::to_public(prf(crypto::HashAlgorithm::sha256, pms, "extended master secret", session_hash, 48)));
    auto plain = compute_master_secret(crypto::HashAlgorithm::sha256, pms, Bytes(32, 9), Bytes{});
    CHECK(crypto::to_public(plain) != crypto::to_public(ems));
}

TEST_CASE("Finished verify_data: 12 bytes, different for each side (RFC 5246 §7.4.9)") {
    Bytes master(48, 1), transcript = crypto::hash(crypto::HashAlgorithm::sha256, testing::bytes_of("hs"));
    Bytes c = compute_verify_data(crypto::HashAlgorithm::sha256, master, true, transcript);
    Bytes s = compute_verify_data(crypto::HashAlgorithm::sha256, master, false, transcript);
    CHECK(c.size() == 12);
    CHECK(c != s);
    CHECK(c == crypto::to_public(prf(crypto::HashAlgorithm::sha256, master, "client finished", transcript, 12)));
}

}
