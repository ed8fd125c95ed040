#include <doctest/doctest.h>

#include "glasstls/crypto.hpp"
#include "helpers.hpp"

#include <atomic>
#include <thread>

using namespace glasstls;
using namespace glasstls::crypto;
using testing::load_vectors;

namespace {
HashAlgorithm hash_by_name(const std::string& n) {
    if (n == "sha1") return HashAlgorithm::sha1;
    if (n == "sha256") return HashAlgorithm::sha256;
    if (n == "sha384") return HashAlgorithm::sha384;
    return HashAlgorithm::sha512;
}

const PrivateKey& test_rsa_key() {
    static PrivateKey key = [] {
        SeededRandom rng("glasstls test rsa key");
        return generate_private_key(KeyType::rsa, rng, 2048);
    }();
    return key;
}
} // namespace

TEST_SUITE("crypto") {

TEST_CASE("hashes: known digests and copies mid-stream") {
    CHECK(to_hex(hash(HashAlgorithm::sha256, testing::bytes_of("abc"))) ==
          "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");   // FIPS 180-2 B.1
    CHECK(to_hex(hash(HashAlgorithm::sha1, testing::bytes_of("abc"))) == "a9993e364706816aba3e25717850c26c9cd0d89d");
    Hash h(HashAlgorithm::sha384);
    h.update(testing::bytes_of("ab"));
    Hash snapshot = h;              // the transcript hash "so far"
    Bytes early = h.digest();       // digest() does not finish the stream
    h.update(testing::bytes_of("c"));
    CHECK(h.digest() == hash(HashAlgorithm::sha384, testing::bytes_of("abc")));
    CHECK(snapshot.digest() == early);
    CHECK(early == hash(HashAlgorithm::sha384, testing::bytes_of("ab")));
}

TEST_CASE("HMAC: RFC 4231 and RFC 2202 vectors") {
    for (const auto& v : load_vectors("hmac.txt")) {
        CAPTURE(v.name());
        HashAlgorithm alg = hash_by_name(v.text("hash"));
        CHECK(hmac(alg, v.bytes("key"), v.bytes("data")) == v.bytes("mac"));
        Hmac reusable(alg, v.bytes("key"));   // the keyed object resets after finish()
        Bytes out(reusable.size());
        for (int i = 0; i < 2; ++i) {
            reusable.update(v.bytes("data"));
            reusable.finish(out.data());
            CHECK(out == v.bytes("mac"));
        }
    }
}

TEST_CASE("AES-CBC: RFC 3602 and SP 800-38A vectors, both directions") {
    for (const auto& v : load_vectors("aes-cbc.txt")) {
        CAPTURE(v.name());
        AesCbc cbc(v.bytes("key"));
        Bytes data = v.bytes("plaintext");
        cbc.encrypt(v.bytes("iv"), data);
        CHECK(data == v.bytes("ciphertext"));
        cbc.decrypt(v.bytes("iv"), data);
        CHECK(data == v.bytes("plaintext"));
    }
}

TEST_CASE("PBKDF2: RFC 6070 and RFC 7914 vectors, and SHA-384/512") {
    for (const auto& v : load_vectors("pbkdf2.txt")) {
        CAPTURE(v.name());
        const Bytes password = v.bytes("password"), want = v.bytes("key");
        const std::string_view text(reinterpret_cast<const char*>(password.data()), password.size());
        const SecretBytes key = pbkdf2_hmac(hash_by_name(v.text("hash")), text, v.bytes("salt"),
                                            static_cast<std::uint32_t>(std::stoul(v.text("iterations"))), want.size());
        CHECK(to_hex(key) == to_hex(want));
    }
    CHECK_THROWS_AS(pbkdf2_hmac(HashAlgorithm::sha256, "p", Bytes{1}, 0, 32), std::invalid_argument);
    CHECK_THROWS_AS(pbkdf2_hmac(HashAlgorithm::sha256, "p", Bytes{1}, 1, 0), std::invalid_argument);
}

TEST_CASE("CBC with PKCS#7 padding: AES-128/192/256 and DES-EDE3, a whole block of padding, bad padding") {
    for (const auto& v : load_vectors("aes-cbc.txt")) {   // whole blocks in: one block of 16s appended
        CAPTURE(v.name());
        const Bytes key = v.bytes("key");
        const BlockCipher c = key.size() == 16 ? BlockCipher::aes_128_cbc : BlockCipher::aes_256_cbc;
        const Bytes sealed = cbc_encrypt(c, key, v.bytes("iv"), v.bytes("plaintext"));
        CHECK(sealed.size() == v.bytes("plaintext").size() + 16);
        CHECK(Bytes(sealed.begin(), sealed.end() - 16) == v.bytes("ciphertext"));
        auto opened = cbc_decrypt(c, key, v.bytes("iv"), sealed);
        REQUIRE(opened);
        CHECK(to_public(*opened) == v.bytes("plaintext"));
    }
    // From `openssl enc -aes-192-cbc` and `-des-ede3-cbc` (-K, -iv), which pad the same way.
    const struct {
        BlockCipher cipher;
        const char *key, *iv, *plaintext, *ciphertext;
    } known[] = {
        {BlockCipher::aes_192_cbc, "8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b", "000102030405060708090a0b0c0d0e0f",
         "53696e676c6520626c6f636b206d7367", "55c590d40fc94824567ed5d373fcf83d116a4c4fe099b3d4337cd8175c399c3c"},
        {BlockCipher::des_ede3_cbc, "0123456789abcdef23456789abcdef01456789abcdef0123", "1234567890abcdef",
         "4e6f77206973207468652074696d6520666f7220616c6c20",
         "f3c0ff026c023089656fbb169def7edb30ba36075d6f0176c55961ed6a941845"},
    };
    for (const auto& k : known) {
        CAPTURE(cipher_name(k.cipher));
        CHECK(to_hex(cbc_encrypt(k.cipher, from_hex(k.key), from_hex(k.iv), from_hex(k.plaintext))) == k.ciphertext);
        auto opened = cbc_decrypt(k.cipher, from_hex(k.key), from_hex(k.iv), from_hex(k.ciphertext));
        REQUIRE(opened);
        CHECK(to_hex(*opened) == k.plaintext);
    }
    // Wrong padding, an empty or ragged ciphertext: nullopt, not an exception.
    const Bytes key(16, 7), iv(16, 9);
    AesCbc raw(key);
    for (std::uint8_t last : {0x00, 0x11, 0x02}) {   // 0, more than a block, and 02 after a non-02 byte
        Bytes block(16, 0xaa);
        block[15] = last;
        raw.encrypt(iv, block);
        CHECK_FALSE(cbc_decrypt(BlockCipher::aes_128_cbc, key, iv, block).has_value());
    }
    CHECK_FALSE(cbc_decrypt(BlockCipher::aes_128_cbc, key, iv, Bytes{}).has_value());
    CHECK_FALSE(cbc_decrypt(BlockCipher::aes_128_cbc, key, iv, Bytes(17, 0)).has_value());
    CHECK(cbc_encrypt(BlockCipher::aes_128_cbc, key, iv, Bytes{}).size() == 16);   // nothing in: one block of padding
    CHECK_THROWS_AS(cbc_decrypt(BlockCipher::aes_128_cbc, key, Bytes(8, 0), Bytes(16, 0)), std::invalid_argument);
    CHECK_THROWS_AS(cbc_encrypt(BlockCipher::des_ede3_cbc, key, Bytes(8, 0), Bytes{}), std::invalid_argument);
}

TEST_CASE("AES-GCM: the GCM specification's test cases; tampering fails") {
    for (const auto& v : load_vectors("aes-gcm.txt")) {
        CAPTURE(v.name());
        Bytes key = v.bytes("key");
        auto aead = make_aead(key.size() == 16 ? AeadAlgorithm::aes_128_gcm : AeadAlgorithm::aes_256_gcm, key);
        Bytes data = v.bytes("plaintext"), tag(16);
        aead->seal(v.bytes("nonce"), v.bytes("aad"), data, tag.data());
        CHECK(data == v.bytes("ciphertext"));
        CHECK(tag == v.bytes("tag"));
        CHECK(aead->open(v.bytes("nonce"), v.bytes("aad"), data, tag.data()));
        CHECK(data == v.bytes("plaintext"));
        aead->seal(v.bytes("nonce"), v.bytes("aad"), data, tag.data());
        tag[0] ^= 1;
        CHECK_FALSE(aead->open(v.bytes("nonce"), v.bytes("aad"), data, tag.data()));
    }
}

TEST_CASE("ChaCha20-Poly1305: RFC 8439 §2.8.2") {
    auto v = load_vectors("chacha20-poly1305.txt").at(0);
    auto aead = make_aead(AeadAlgorithm::chacha20_poly1305, v.bytes("key"));
    Bytes data = v.bytes("plaintext"), tag(16);
    aead->seal(v.bytes("nonce"), v.bytes("aad"), data, tag.data());
    CHECK(data == v.bytes("ciphertext"));
    CHECK(tag == v.bytes("tag"));
    Bytes aad = v.bytes("aad");
    aad[0] ^= 0x80;
    Bytes copy = data;   // a failed open wipes the buffer (libsodium zeroes it)
    CHECK_FALSE(aead->open(v.bytes("nonce"), aad, copy, tag.data()));
    CHECK(copy == Bytes(copy.size(), 0));
    CHECK(aead->open(v.bytes("nonce"), v.bytes("aad"), data, tag.data()));
    CHECK(data == v.bytes("plaintext"));
}

TEST_CASE("X25519: RFC 7748 §6.1, and the all-zero result is refused") {
    auto v = load_vectors("x25519.txt").at(0);
    testing::ScriptedRandom alice_rng(v.bytes("alice_private")), bob_rng(v.bytes("bob_private"));
    auto alice = generate_key_share(NamedGroup::x25519, alice_rng);
    auto bob = generate_key_share(NamedGroup::x25519, bob_rng);
    CHECK(to_public(alice->public_value()) == v.bytes("alice_public"));
    CHECK(to_public(bob->public_value()) == v.bytes("bob_public"));
    CHECK(to_public(alice->agree(bob->public_value())) == v.bytes("shared"));
    CHECK(to_public(bob->agree(alice->public_value())) == v.bytes("shared"));
    try {
        alice->agree(Bytes(32, 0));   // a small-order point
        FAIL("accepted a small-order point");
    } catch (const TlsError& e) {
        CHECK(e.alert() == AlertDescription::illegal_parameter);
    }
    CHECK_THROWS_AS(alice->agree(Bytes(31, 9)), TlsError);
}

TEST_CASE("ECDH P-521: RFC 5903 §8.3, the shares and the shared x-coordinate") {
    auto v = load_vectors("p521-ecdh.txt").at(0);
    // Crypto++ draws the private scalar as 1 + a 521-bit random number (66
    // bytes, the top bits cut): the scripted bytes are the RFC's i - 1 and r - 1.
    auto minus_one = [](Bytes b) {
        for (auto it = b.rbegin(); it != b.rend() && (*it)-- == 0; ++it) {}
        return b;
    };
    testing::ScriptedRandom alice_rng(minus_one(v.bytes("alice_private"))), bob_rng(minus_one(v.bytes("bob_private")));
    auto alice = generate_key_share(NamedGroup::secp521r1, alice_rng);
    auto bob = generate_key_share(NamedGroup::secp521r1, bob_rng);
    CHECK(to_public(alice->private_value()) == v.bytes("alice_private"));
    CHECK(to_public(alice->public_value()) == v.bytes("alice_public"));
    CHECK(to_public(bob->public_value()) == v.bytes("bob_public"));
    CHECK(to_public(alice->agree(bob->public_value())) == v.bytes("shared"));
    CHECK(to_public(bob->agree(alice->public_value())) == v.bytes("shared"));
    // The same scalar as a signing key gives the same public point.
    PrivateKey key;
    key.type = KeyType::ec;
    key.curve = NamedGroup::secp521r1;
    key.scalar = to_secret(v.bytes("alice_private"));
    CHECK(key.public_key().point == v.bytes("alice_public"));
    CHECK(key.public_key().bits() == 521);
}

TEST_CASE("ECDH P-256, P-384 and P-521: both sides agree; bad points are illegal_parameter") {
    for (NamedGroup g : {NamedGroup::secp256r1, NamedGroup::secp384r1, NamedGroup::secp521r1}) {
        CAPTURE(group_name(g));
        auto a = generate_key_share(g, system_random());
        auto b = generate_key_share(g, system_random());
        CHECK(a->public_value().size() == 1 + 2 * ((curve_bits(g) + 7) / 8));   // 65, 97, 133
        CHECK(a->public_value()[0] == 0x04);
        CHECK(to_public(a->agree(b->public_value())) == to_public(b->agree(a->public_value())));
        Bytes off_curve = to_public(b->public_value());
        off_curve.back() ^= 0x01;
        CHECK_THROWS_AS(a->agree(off_curve), TlsError);
        Bytes compressed(off_curve.begin(), off_curve.begin() + 1 + (off_curve.size() - 1) / 2);
        compressed[0] = 0x02;
        CHECK_THROWS_AS(a->agree(compressed), TlsError);
    }
}

TEST_CASE("finite-field DH (RFC 7919): agreement and peer value checks") {
    auto a = generate_key_share(NamedGroup::ffdhe2048, system_random());
    auto b = generate_key_share(NamedGroup::ffdhe2048, system_random());
    CHECK(a->public_value().size() == 256);
    CHECK(to_public(a->agree(b->public_value())) == to_public(b->agree(a->public_value())));
    Bytes p = ffdhe_prime(NamedGroup::ffdhe2048);
    Bytes p_minus_1 = p;
    p_minus_1.back() -= 1;
    for (const Bytes& bad : {Bytes{0x00}, Bytes{0x01}, p_minus_1, p}) {
        try {
            a->agree(bad);
            FAIL("accepted a degenerate DH value");
        } catch (const TlsError& e) {
            CHECK(e.alert() == AlertDescription::illegal_parameter);
        }
    }
    // Explicit parameters, as a DHE ServerKeyExchange carries them.
    auto c = generate_dh_key_share(p, Bytes{2}, system_random());
    CHECK(to_public(c->agree(a->public_value())) == to_public(a->agree(c->public_value())));
    try {
        generate_dh_key_share(Bytes(64, 0xff), Bytes{2}, system_random());
        FAIL("accepted a 512-bit prime");
    } catch (const TlsError& e) {
        CHECK(e.alert() == AlertDescription::insufficient_security);
    }
    CHECK(ffdhe_prime(NamedGroup::ffdhe3072).size() == 384);
}

TEST_CASE("the RFC 7919 primes: OpenSSL's copies, and the shape Appendix A gives them") {
    const auto cases = load_vectors("ffdhe.txt");
    REQUIRE(cases.size() == 5);
    for (const auto& v : cases) {
        CAPTURE(v.name());
        const std::optional<NamedGroup> g = group_from_name(v.name());
        REQUIRE(g.has_value());
        const Bytes p = ffdhe_prime(*g);
        const std::size_t bits = std::stoul(v.text("bits"));
        CHECK(bit_length(p) == bits);
        CHECK(p.size() * 8 == bits);
        CHECK(hash(HashAlgorithm::sha256, p) == v.bytes("sha256"));
        // p = 2^k - 2^(k-64) + {…} * 2^64 - 1: the top and the bottom 64 bits are all ones.
        CHECK(Bytes(p.begin(), p.begin() + 8) == Bytes(8, 0xff));
        CHECK(Bytes(p.end() - 8, p.end()) == Bytes(8, 0xff));
        CHECK(ffdhe_group_of(p, Bytes{2}) == *g);
        CHECK_FALSE(ffdhe_group_of(p, Bytes{5}).has_value());
    }
    Bytes almost = ffdhe_prime(NamedGroup::ffdhe4096);
    almost[100] ^= 1;
    CHECK_FALSE(ffdhe_group_of(almost, Bytes{2}).has_value());
}

TEST_CASE("ffdhe4096, ffdhe6144 and ffdhe8192: both sides agree, the values are the prime's length") {
    for (NamedGroup g : {NamedGroup::ffdhe4096, NamedGroup::ffdhe6144, NamedGroup::ffdhe8192}) {
        CAPTURE(group_name(g));
        auto a = generate_key_share(g, system_random());
        auto b = generate_key_share(g, system_random());
        CHECK(a->public_value().size() == ffdhe_prime(g).size());
        CHECK(to_public(a->agree(b->public_value())) == to_public(b->agree(a->public_value())));
        // The same group as explicit parameters, as a client meets it in a ServerKeyExchange.
        auto c = generate_dh_key_share(ffdhe_prime(g), Bytes{2}, system_random());
        CHECK(to_public(c->agree(a->public_value())) == to_public(a->agree(c->public_value())));
    }
}

TEST_CASE("Ed25519: RFC 8032 §7.1 vectors") {
    for (const auto& v : load_vectors("ed25519.txt")) {
        CAPTURE(v.name());
        PrivateKey key;
        key.type = KeyType::ed25519;
        key.scalar = to_secret(v.bytes("secret"));
        PublicKey pub = key.public_key();
        CHECK(pub.point == v.bytes("public"));
        Bytes sig = sign(key, SignatureAlgorithm::ed25519, HashAlgorithm::sha256, v.bytes("message"), system_random());
        CHECK(sig == v.bytes("signature"));
        CHECK(verify(pub, SignatureAlgorithm::ed25519, HashAlgorithm::sha256, v.bytes("message"), sig));
        sig[10] ^= 1;
        CHECK_FALSE(verify(pub, SignatureAlgorithm::ed25519, HashAlgorithm::sha256, v.bytes("message"), sig));
    }
}

TEST_CASE("ECDSA: DER signatures verify, tampering and non-DER fail") {
    for (NamedGroup curve : {NamedGroup::secp256r1, NamedGroup::secp384r1, NamedGroup::secp521r1}) {
        CAPTURE(group_name(curve));
        PrivateKey key = generate_private_key(KeyType::ec, system_random(), 0, curve);
        PublicKey pub = key.public_key();
        Bytes msg = testing::bytes_of("ServerKeyExchange params");
        HashAlgorithm h = curve == NamedGroup::secp256r1 ? HashAlgorithm::sha256
                          : curve == NamedGroup::secp384r1 ? HashAlgorithm::sha384 : HashAlgorithm::sha512;
        Bytes sig = sign(key, SignatureAlgorithm::ecdsa, h, msg, system_random());
        CHECK(sig[0] == 0x30);
        CHECK(verify(pub, SignatureAlgorithm::ecdsa, h, msg, sig));
        CHECK_FALSE(verify(pub, SignatureAlgorithm::ecdsa, h, testing::bytes_of("other"), sig));
        Bytes trailing = sig;
        trailing.push_back(0);
        CHECK_FALSE(verify(pub, SignatureAlgorithm::ecdsa, h, msg, trailing));
        Bytes wrong_tag = sig;
        wrong_tag[0] = 0x31;
        CHECK_FALSE(verify(pub, SignatureAlgorithm::ecdsa, h, msg, wrong_tag));
        CHECK_FALSE(verify(pub, SignatureAlgorithm::rsa_pkcs1, h, msg, sig));
    }
}

TEST_CASE("RSA: PKCS#1 v1.5 and PSS signatures, encryption round trip") {
    const PrivateKey& key = test_rsa_key();
    PublicKey pub = key.public_key();
    CHECK(pub.bits() == 2048);
    Bytes msg = testing::bytes_of("hello");
    for (SignatureAlgorithm alg : {SignatureAlgorithm::rsa_pkcs1, SignatureAlgorithm::rsa_pss}) {
        for (HashAlgorithm h : {HashAlgorithm::sha256, HashAlgorithm::sha384, HashAlgorithm::sha512}) {
            Bytes sig = sign(key, alg, h, msg, system_random());
            CHECK(sig.size() == 256);
            CHECK(verify(pub, alg, h, msg, sig));
            sig[5] ^= 0x40;
            CHECK_FALSE(verify(pub, alg, h, msg, sig));
        }
    }
    Bytes pms(48, 0x33);
    Bytes ct = rsa_encrypt_pkcs1(pub, pms, system_random());
    auto back = rsa_decrypt_pkcs1(key, ct, system_random());
    REQUIRE(back.has_value());
    CHECK(to_public(*back) == pms);
    ct[3] ^= 1;
    auto bad = rsa_decrypt_pkcs1(key, ct, system_random());
    CHECK((!bad.has_value() || to_public(*bad) != pms));
}

TEST_CASE("RSA-PSS keys: PSS only, within their RFC 4055 restriction; explicit salt lengths") {
    PrivateKey key = test_rsa_key();
    key.type = KeyType::rsa_pss;
    const PublicKey pub = key.public_key();
    CHECK(pub.type == KeyType::rsa_pss);
    const Bytes msg = testing::bytes_of("hello");
    CHECK_FALSE(can_sign(key, SignatureAlgorithm::rsa_pkcs1, HashAlgorithm::sha256));   // RFC 4055 §1.2: PSS only
    const Bytes pkcs1 = sign(test_rsa_key(), SignatureAlgorithm::rsa_pkcs1, HashAlgorithm::sha256, msg, system_random());
    CHECK_FALSE(verify(pub, SignatureAlgorithm::rsa_pkcs1, HashAlgorithm::sha256, msg, pkcs1));
    const Bytes pss = sign(key, SignatureAlgorithm::rsa_pss, HashAlgorithm::sha384, msg, system_random());
    CHECK(verify(pub, SignatureAlgorithm::rsa_pss, HashAlgorithm::sha384, msg, pss));
    // The explicit-salt verifier (certificate signatures) agrees with Crypto++'s signer…
    CHECK(verify(pub, SignatureAlgorithm::rsa_pss, HashAlgorithm::sha384, msg, pss, 48));
    CHECK_FALSE(verify(pub, SignatureAlgorithm::rsa_pss, HashAlgorithm::sha384, msg, pss, 47));
    CHECK_FALSE(verify(pub, SignatureAlgorithm::rsa_pss, HashAlgorithm::sha384, testing::bytes_of("other"), pss, 48));
    // …and a restricted key signs and verifies only its hash.
    key.pss = PssRestriction{HashAlgorithm::sha384, 48};
    CHECK(can_sign(key, SignatureAlgorithm::rsa_pss, HashAlgorithm::sha384));
    CHECK_FALSE(can_sign(key, SignatureAlgorithm::rsa_pss, HashAlgorithm::sha256));
    CHECK(verify(key.public_key(), SignatureAlgorithm::rsa_pss, HashAlgorithm::sha384, msg, pss));
    const Bytes pss256 = sign(test_rsa_key(), SignatureAlgorithm::rsa_pss, HashAlgorithm::sha256, msg, system_random());
    CHECK_FALSE(verify(key.public_key(), SignatureAlgorithm::rsa_pss, HashAlgorithm::sha256, msg, pss256));
    key.pss->min_salt_length = 64;   // more salt than rsa_pss_pss_sha384 carries
    CHECK_FALSE(can_sign(key, SignatureAlgorithm::rsa_pss, HashAlgorithm::sha384));
}

TEST_CASE("RSA pre-master decryption follows RFC 5246 §7.4.7.1") {
    const PrivateKey& key = test_rsa_key();
    PublicKey pub = key.public_key();
    Bytes pms(48, 0x42);
    pms[0] = 0x03;
    pms[1] = 0x03;
    Bytes ct = rsa_encrypt_pkcs1(pub, pms, system_random());
    CHECK(to_public(rsa_decrypt_premaster(key, ct, 0x0303, system_random())) == pms);

    // Wrong version inside: a random 48-byte secret, not an error.
    auto wrong_version = rsa_decrypt_premaster(key, ct, 0x0302, system_random());
    CHECK(wrong_version.size() == 48);
    CHECK(to_public(wrong_version) != pms);

    // Wrong length inside, garbage, short and empty ciphertexts: always 48
    // random bytes, never an exception (no oracle).
    Bytes short_pms(47, 0x03);
    Bytes ct47 = rsa_encrypt_pkcs1(pub, short_pms, system_random());
    for (const Bytes& bad : {ct47, Bytes(256, 0xff), Bytes(256, 0x00), Bytes(5, 1), Bytes{}}) {
        SecretBytes out;
        CHECK_NOTHROW(out = rsa_decrypt_premaster(key, bad, 0x0303, system_random()));
        CHECK(out.size() == 48);
    }
    // The fallback is the random source's first 48 bytes: with a scripted
    // source we can see that it, and only it, was used.
    testing::ScriptedRandom scripted(Bytes(48, 0xee));
    CHECK(to_public(rsa_decrypt_premaster(key, Bytes(256, 0xff), 0x0303, scripted)) == Bytes(48, 0xee));
}

TEST_CASE("RSA blinding factors come in batches; every signature and decryption still verifies") {
    const PrivateKey& key = test_rsa_key();
    const PublicKey pub = key.public_key();
    // More operations than a batch of blinding factors (32), on several
    // threads at once, as glass server signs: each result must be right.
    std::vector<std::thread> threads;
    std::atomic<int> wrong{0};
    for (int t = 0; t < 3; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 15; ++i) {
                const Bytes msg{static_cast<std::uint8_t>(t), static_cast<std::uint8_t>(i)};
                const Bytes sig = sign(key, SignatureAlgorithm::rsa_pkcs1, HashAlgorithm::sha256, msg, system_random());
                if (!verify(pub, SignatureAlgorithm::rsa_pkcs1, HashAlgorithm::sha256, msg, sig)) ++wrong;
            }
        });
    }
    for (auto& th : threads) th.join();
    CHECK(wrong == 0);
    Bytes pms(48, 0x42);
    pms[0] = 0x03, pms[1] = 0x03;
    CHECK(to_public(rsa_decrypt_premaster(key, rsa_encrypt_pkcs1(pub, pms, system_random()), 0x0303, system_random())) == pms);

    // A seeded source draws what Crypto++'s own blinding draws, no stock:
    // the same seed gives the same PSS signature and leaves the same stream.
    SeededRandom a("replay"), b("replay");
    CHECK(sign(key, SignatureAlgorithm::rsa_pss, HashAlgorithm::sha256, pms, a) ==
          sign(key, SignatureAlgorithm::rsa_pss, HashAlgorithm::sha256, pms, b));
    CHECK(a.bytes(16) == b.bytes(16));
}

TEST_CASE("a private key whose fields change after use signs with the new fields") {
    PrivateKey key = test_rsa_key();
    const Bytes msg{1, 2, 3};
    CHECK(verify(key.public_key(), SignatureAlgorithm::rsa_pkcs1, HashAlgorithm::sha256, msg,
                 sign(key, SignatureAlgorithm::rsa_pkcs1, HashAlgorithm::sha256, msg, system_random())));
    SeededRandom rng("another rsa key");
    const PrivateKey other = generate_private_key(KeyType::rsa, rng, 1024);
    key.rsa_n = other.rsa_n, key.rsa_e = other.rsa_e, key.rsa_d = other.rsa_d, key.rsa_p = other.rsa_p;
    key.rsa_q = other.rsa_q, key.rsa_dp = other.rsa_dp, key.rsa_dq = other.rsa_dq, key.rsa_qinv = other.rsa_qinv;
    CHECK(verify(other.public_key(), SignatureAlgorithm::rsa_pkcs1, HashAlgorithm::sha256, msg,
                 sign(key, SignatureAlgorithm::rsa_pkcs1, HashAlgorithm::sha256, msg, system_random())));
    PrivateKey ed = generate_private_key(KeyType::ed25519, rng);
    const Bytes first = sign(ed, SignatureAlgorithm::ed25519, HashAlgorithm::sha512, msg, rng);
    ed = generate_private_key(KeyType::ed25519, rng);   // assignment: prepared again
    const Bytes second = sign(ed, SignatureAlgorithm::ed25519, HashAlgorithm::sha512, msg, rng);
    CHECK(verify(ed.public_key(), SignatureAlgorithm::ed25519, HashAlgorithm::sha512, msg, second));
    CHECK_FALSE(verify(ed.public_key(), SignatureAlgorithm::ed25519, HashAlgorithm::sha512, msg, first));
}

TEST_CASE("randomness: the seeded source replays, the system source does not") {
    SeededRandom a("lecture 3"), b("lecture 3"), c("lecture 4");
    Bytes x = a.bytes(100), y = b.bytes(100);
    CHECK(x == y);
    CHECK(c.bytes(100) != x);
    CHECK(a.deterministic());
    CHECK_FALSE(system_random().deterministic());
    CHECK(system_random().bytes(32) != system_random().bytes(32));
    // Reading in pieces gives the same stream as reading at once.
    SeededRandom d("lecture 3");
    Bytes pieces = d.bytes(7);
    append(pieces, d.bytes(93));
    CHECK(pieces == x);
}

TEST_CASE("constant-time compare and wipe") {
    CHECK(constant_time_equal(Bytes{1, 2, 3}, Bytes{1, 2, 3}));
    CHECK_FALSE(constant_time_equal(Bytes{1, 2, 3}, Bytes{1, 2, 4}));
    CHECK_FALSE(constant_time_equal(Bytes{1, 2}, Bytes{1, 2, 3}));
    Bytes secret(16, 0xab);
    secure_wipe(secret.data(), secret.size());
    CHECK(secret == Bytes(16, 0));
}

TEST_CASE("groups by name") {
    CHECK(group_from_name("x25519") == NamedGroup::x25519);
    CHECK(group_from_name("P-256") == NamedGroup::secp256r1);
    CHECK(group_from_name("secp521r1") == NamedGroup::secp521r1);
    CHECK(group_from_name("P-521") == NamedGroup::secp521r1);
    CHECK(group_from_name("ffdhe8192") == NamedGroup::ffdhe8192);
    CHECK_FALSE(group_from_name("x448").has_value());   // neither Crypto++ nor libsodium has it
    for (NamedGroup g : all_groups()) CHECK(group_from_name(group_name(g)) == g);
    CHECK(group_name(static_cast<NamedGroup>(30)) == "unknown group");
}

}

TEST_CASE("bit_length counts from the bytes (no Crypto++ on the parsing threads)") {
    using glasstls::crypto::bit_length;
    CHECK(bit_length({}) == 0);
    CHECK(bit_length(glasstls::Bytes{0, 0}) == 0);
    CHECK(bit_length(glasstls::Bytes{1}) == 1);
    CHECK(bit_length(glasstls::Bytes{0, 0x80, 0}) == 16);
    CHECK(bit_length(glasstls::Bytes(256, 0xff)) == 2048);
}
