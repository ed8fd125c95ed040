// Crypto facade, part 1: memory hygiene, randomness, hashes, HMAC and the
// symmetric ciphers. Public-key operations are in crypto_public_key.cpp.
// These two files are the only ones in glasstls that include Crypto++ or
// libsodium.
#include "glasstls/crypto.hpp"

#define CRYPTOPP_ENABLE_NAMESPACE_WEAK 1
#include <crypto++/aes.h>
#include <crypto++/des.h>
#include <crypto++/gcm.h>
#include <crypto++/hmac.h>
#include <crypto++/md5.h>
#include <crypto++/modes.h>
#include <crypto++/pwdbased.h>
#include <crypto++/sha.h>
#include <sodium.h>

#include <array>
#include <cstring>
#include <stdexcept>
#include <variant>

namespace glasstls::crypto {

namespace {
// libsodium must be initialised once before use; a function-local static
// makes that thread-safe and lazy. A failure is the machine's, not the
// caller's (sodium_init fails when the system has no randomness to give),
// and it can surface from any call that draws random bytes, so it travels
// as the library's one error type; the static is retried on the next call.
void ensure_sodium() {
    static const int ready = [] {
        if (sodium_init() < 0) throw TlsError(AlertDescription::internal_error, "libsodium could not be initialised");
        return 0;
    }();
    (void)ready;
}
} // namespace

// ---- Memory hygiene --------------------------------------------------------

void secure_wipe(void* p, std::size_t n) {
    if (p != nullptr && n != 0) sodium_memzero(p, n);
}

bool constant_time_equal(ByteView a, ByteView b) {
    if (a.size() != b.size()) return false;
    if (a.empty()) return true;
    return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

// ---- Randomness --------------------------------------------------------------

Bytes RandomSource::bytes(std::size_t n) {
    Bytes out(n);
    fill(out);
    return out;
}

void SystemRandom::fill(std::span<std::uint8_t> out) {
    ensure_sodium();
    randombytes_buf(out.data(), out.size());
}

RandomSource& system_random() {
    static SystemRandom source;
    return source;
}

SeededRandom::SeededRandom(std::string_view seed) {
    ensure_sodium();
    CryptoPP::SHA256 h;
    h.CalculateDigest(key_, reinterpret_cast<const CryptoPP::byte*>(seed.data()), seed.size());
}

SeededRandom::~SeededRandom() {
    secure_wipe(key_, sizeof key_);
    secure_wipe(block_, sizeof block_);
}

void SeededRandom::fill(std::span<std::uint8_t> out) {
    for (std::uint8_t& byte : out) {
        if (block_used_ == sizeof block_) {
            // One 64-byte ChaCha20 block per nonce value: nonce = counter.
            std::uint8_t nonce[crypto_stream_chacha20_ietf_NONCEBYTES] = {};
            std::uint64_t c = block_counter_++;
            for (int i = 0; i < 8; ++i) nonce[i] = static_cast<std::uint8_t>(c >> (8 * i));
            crypto_stream_chacha20_ietf(block_, sizeof block_, nonce, key_);
            block_used_ = 0;
        }
        byte = block_[block_used_++];
    }
}

// ---- Hashes --------------------------------------------------------------------

std::size_t hash_length(HashAlgorithm alg) {
    switch (alg) {
    case HashAlgorithm::md5: return 16;
    case HashAlgorithm::sha1: return 20;
    case HashAlgorithm::sha256: return 32;
    case HashAlgorithm::sha384: return 48;
    case HashAlgorithm::sha512: return 64;
    }
    throw std::logic_error("unknown hash");   // precondition broken (see HashAlgorithm in the header)
}

std::string_view hash_name(HashAlgorithm alg) {
    switch (alg) {
    case HashAlgorithm::md5: return "MD5";
    case HashAlgorithm::sha1: return "SHA-1";
    case HashAlgorithm::sha256: return "SHA-256";
    case HashAlgorithm::sha384: return "SHA-384";
    case HashAlgorithm::sha512: return "SHA-512";
    }
    return "?";
}

namespace {
using AnyHash = std::variant<CryptoPP::Weak::MD5, CryptoPP::SHA1, CryptoPP::SHA256, CryptoPP::SHA384,
                             CryptoPP::SHA512>;

AnyHash make_hash(HashAlgorithm alg) {
    switch (alg) {
    case HashAlgorithm::md5: return CryptoPP::Weak::MD5();
    case HashAlgorithm::sha1: return CryptoPP::SHA1();
    case HashAlgorithm::sha256: return CryptoPP::SHA256();
    case HashAlgorithm::sha384: return CryptoPP::SHA384();
    case HashAlgorithm::sha512: return CryptoPP::SHA512();
    }
    throw std::logic_error("unknown hash");   // precondition broken (see HashAlgorithm in the header)
}

CryptoPP::HashTransformation& as_transformation(AnyHash& h) {
    return std::visit([](auto& x) -> CryptoPP::HashTransformation& { return x; }, h);
}
} // namespace

struct Hash::Impl {
    AnyHash state;
};

Hash::Hash(HashAlgorithm alg) : alg_(alg), impl_(std::make_unique<Impl>(Impl{make_hash(alg)})) {}
Hash::Hash(const Hash& other) : alg_(other.alg_), impl_(std::make_unique<Impl>(*other.impl_)) {}
Hash& Hash::operator=(const Hash& other) {
    if (this != &other) {
        alg_ = other.alg_;
        impl_ = std::make_unique<Impl>(*other.impl_);
    }
    return *this;
}
Hash::Hash(Hash&&) noexcept = default;
Hash& Hash::operator=(Hash&&) noexcept = default;
Hash::~Hash() = default;

void Hash::update(ByteView data) { as_transformation(impl_->state).Update(data.data(), data.size()); }

Bytes Hash::digest() const {
    AnyHash copy = impl_->state;   // finishing a copy leaves the stream open
    Bytes out(hash_length(alg_));
    as_transformation(copy).Final(out.data());
    return out;
}

Bytes hash(HashAlgorithm alg, ByteView data) {
    Hash h(alg);
    h.update(data);
    return h.digest();
}

// ---- HMAC ------------------------------------------------------------------------

namespace {
using AnyHmac = std::variant<CryptoPP::HMAC<CryptoPP::Weak::MD5>, CryptoPP::HMAC<CryptoPP::SHA1>,
                             CryptoPP::HMAC<CryptoPP::SHA256>, CryptoPP::HMAC<CryptoPP::SHA384>,
                             CryptoPP::HMAC<CryptoPP::SHA512>>;

AnyHmac make_hmac(HashAlgorithm alg, ByteView key) {
    const CryptoPP::byte* k = key.data();
    std::size_t n = key.size();
    switch (alg) {
    case HashAlgorithm::md5: return CryptoPP::HMAC<CryptoPP::Weak::MD5>(k, n);
    case HashAlgorithm::sha1: return CryptoPP::HMAC<CryptoPP::SHA1>(k, n);
    case HashAlgorithm::sha256: return CryptoPP::HMAC<CryptoPP::SHA256>(k, n);
    case HashAlgorithm::sha384: return CryptoPP::HMAC<CryptoPP::SHA384>(k, n);
    case HashAlgorithm::sha512: return CryptoPP::HMAC<CryptoPP::SHA512>(k, n);
    }
    throw std::logic_error("unknown hash");   // precondition broken (see HashAlgorithm in the header)
}
} // namespace

struct Hmac::Impl {
    AnyHmac mac;
    AnyHash scratch;   // for dummy_compress
    CryptoPP::MessageAuthenticationCode& code() {
        return std::visit([](auto& x) -> CryptoPP::MessageAuthenticationCode& { return x; }, mac);
    }
};

Hmac::Hmac(HashAlgorithm alg, ByteView key)
    : impl_(std::make_unique<Impl>(Impl{make_hmac(alg, key), make_hash(alg)})) {}
Hmac::Hmac(Hmac&&) noexcept = default;
Hmac& Hmac::operator=(Hmac&&) noexcept = default;
Hmac::~Hmac() = default;

void Hmac::update(ByteView data) { impl_->code().Update(data.data(), data.size()); }
void Hmac::finish(std::uint8_t* out) { impl_->code().Final(out); }
std::size_t Hmac::size() const { return impl_->code().DigestSize(); }
std::size_t Hmac::block_size() const { return as_transformation(impl_->scratch).OptimalBlockSize(); }

void Hmac::dummy_compress(std::size_t blocks) {
    static const std::array<std::uint8_t, 128> zeros{};
    CryptoPP::HashTransformation& h = as_transformation(impl_->scratch);
    std::size_t bs = h.OptimalBlockSize();
    for (std::size_t i = 0; i < blocks; ++i) h.Update(zeros.data(), bs);
}

Bytes hmac(HashAlgorithm alg, ByteView key, ByteView data) {
    Hmac m(alg, key);
    m.update(data);
    Bytes out(m.size());
    m.finish(out.data());
    return out;
}

// ---- AES-CBC -------------------------------------------------------------------------

struct AesCbc::Impl {
    CryptoPP::CBC_Mode<CryptoPP::AES>::Encryption enc;
    CryptoPP::CBC_Mode<CryptoPP::AES>::Decryption dec;
};

AesCbc::AesCbc(ByteView key) : impl_(std::make_unique<Impl>()) {
    static const std::uint8_t zero_iv[16] = {};
    impl_->enc.SetKeyWithIV(key.data(), key.size(), zero_iv, sizeof zero_iv);
    impl_->dec.SetKeyWithIV(key.data(), key.size(), zero_iv, sizeof zero_iv);
}
AesCbc::AesCbc(AesCbc&&) noexcept = default;
AesCbc& AesCbc::operator=(AesCbc&&) noexcept = default;
AesCbc::~AesCbc() = default;

void AesCbc::encrypt(ByteView iv, std::span<std::uint8_t> data) {
    if (data.size() % 16 != 0 || iv.size() != 16) throw std::invalid_argument("AES-CBC: bad block or IV size");
    impl_->enc.Resynchronize(iv.data(), 16);
    impl_->enc.ProcessData(data.data(), data.data(), data.size());
}

void AesCbc::decrypt(ByteView iv, std::span<std::uint8_t> data) {
    if (data.size() % 16 != 0 || iv.size() != 16) throw std::invalid_argument("AES-CBC: bad block or IV size");
    impl_->dec.Resynchronize(iv.data(), 16);
    impl_->dec.ProcessData(data.data(), data.data(), data.size());
}

// ---- Password-based encryption -------------------------------------------------------

namespace {
template <class H>
void derive_pbkdf2(std::string_view password, ByteView salt, std::uint32_t iterations, SecretBytes& out) {
    CryptoPP::PKCS5_PBKDF2_HMAC<H> kdf;
    kdf.DeriveKey(out.data(), out.size(), 0, reinterpret_cast<const CryptoPP::byte*>(password.data()), password.size(),
                  salt.data(), salt.size(), iterations);
}
} // namespace

SecretBytes pbkdf2_hmac(HashAlgorithm prf, std::string_view password, ByteView salt, std::uint32_t iterations,
                        std::size_t length) {
    if (iterations == 0 || length == 0 || length > 1024) throw std::invalid_argument("PBKDF2: bad iterations or length");
    SecretBytes out(length);
    switch (prf) {
    case HashAlgorithm::md5: derive_pbkdf2<CryptoPP::Weak::MD5>(password, salt, iterations, out); return out;
    case HashAlgorithm::sha1: derive_pbkdf2<CryptoPP::SHA1>(password, salt, iterations, out); return out;
    case HashAlgorithm::sha256: derive_pbkdf2<CryptoPP::SHA256>(password, salt, iterations, out); return out;
    case HashAlgorithm::sha384: derive_pbkdf2<CryptoPP::SHA384>(password, salt, iterations, out); return out;
    case HashAlgorithm::sha512: derive_pbkdf2<CryptoPP::SHA512>(password, salt, iterations, out); return out;
    }
    throw std::logic_error("unknown hash");   // precondition broken (see HashAlgorithm in the header)
}

std::size_t cipher_key_length(BlockCipher c) {
    switch (c) {
    case BlockCipher::aes_128_cbc: return 16;
    case BlockCipher::aes_192_cbc: return 24;
    case BlockCipher::aes_256_cbc: return 32;
    case BlockCipher::des_ede3_cbc: return 24;
    }
    throw std::logic_error("unknown block cipher");   // precondition broken: one of the four values
}

std::size_t cipher_block_length(BlockCipher c) { return c == BlockCipher::des_ede3_cbc ? 8 : 16; }

std::string_view cipher_name(BlockCipher c) {
    switch (c) {
    case BlockCipher::aes_128_cbc: return "AES-128-CBC";
    case BlockCipher::aes_192_cbc: return "AES-192-CBC";
    case BlockCipher::aes_256_cbc: return "AES-256-CBC";
    case BlockCipher::des_ede3_cbc: return "DES-EDE3-CBC";
    }
    return "?";
}

namespace {
// One CBC pass over whole blocks, in place, with the cipher's own mode object.
template <class Mode>
void cbc_pass(ByteView key, ByteView iv, std::span<std::uint8_t> data) {
    Mode m;
    m.SetKeyWithIV(key.data(), key.size(), iv.data(), iv.size());
    m.ProcessData(data.data(), data.data(), data.size());
}

void cbc_transform(BlockCipher c, bool encrypt, ByteView key, ByteView iv, std::span<std::uint8_t> data) {
    if (key.size() != cipher_key_length(c) || iv.size() != cipher_block_length(c)) {
        throw std::invalid_argument("CBC: key or IV of the wrong length for " + std::string(cipher_name(c)));
    }
    using AesCbcMode = CryptoPP::CBC_Mode<CryptoPP::AES>;
    using DesCbcMode = CryptoPP::CBC_Mode<CryptoPP::DES_EDE3>;
    const bool des = c == BlockCipher::des_ede3_cbc;
    if (des && encrypt) cbc_pass<DesCbcMode::Encryption>(key, iv, data);
    if (des && !encrypt) cbc_pass<DesCbcMode::Decryption>(key, iv, data);
    if (!des && encrypt) cbc_pass<AesCbcMode::Encryption>(key, iv, data);
    if (!des && !encrypt) cbc_pass<AesCbcMode::Decryption>(key, iv, data);
}
} // namespace

Bytes cbc_encrypt(BlockCipher c, ByteView key, ByteView iv, ByteView plaintext) {
    const std::size_t block = cipher_block_length(c), pad = block - plaintext.size() % block;
    Bytes out(plaintext.begin(), plaintext.end());
    out.insert(out.end(), pad, static_cast<std::uint8_t>(pad));   // RFC 5652 §6.3
    cbc_transform(c, true, key, iv, out);
    return out;
}

std::optional<SecretBytes> cbc_decrypt(BlockCipher c, ByteView key, ByteView iv, ByteView ciphertext) {
    const std::size_t block = cipher_block_length(c);
    SecretBytes out(ciphertext.begin(), ciphertext.end());
    if (out.empty() || out.size() % block != 0) return std::nullopt;
    cbc_transform(c, false, key, iv, out);
    const std::size_t pad = out.back();
    if (pad == 0 || pad > block) return std::nullopt;
    for (std::size_t i = out.size() - pad; i < out.size(); ++i) {
        if (out[i] != pad) return std::nullopt;
    }
    out.resize(out.size() - pad);
    return out;
}

// ---- AEAD ---------------------------------------------------------------------------

namespace {

class AesGcm final : public Aead {
public:
    // A record protection only ever seals (the write direction) or opens (the
    // read direction), so each Crypto++ object is keyed on its first use: a
    // connection sets up two GCM key schedules and tables, not four.
    // Crypto++ wants an IV with the key; every seal and open passes the
    // record's own nonce.
    explicit AesGcm(ByteView key) : key_(key.begin(), key.end()) {}
    void seal(ByteView nonce, ByteView aad, std::span<std::uint8_t> data, std::uint8_t* tag) override {
        if (!enc_keyed_) {
            enc_.SetKeyWithIV(key_.data(), key_.size(), zero_nonce, sizeof zero_nonce);
            enc_keyed_ = true;
        }
        enc_.EncryptAndAuthenticate(data.data(), tag, tag_length, nonce.data(), static_cast<int>(nonce.size()),
                                    aad.data(), aad.size(), data.data(), data.size());
    }
    bool open(ByteView nonce, ByteView aad, std::span<std::uint8_t> data, const std::uint8_t* tag) override {
        if (!dec_keyed_) {
            dec_.SetKeyWithIV(key_.data(), key_.size(), zero_nonce, sizeof zero_nonce);
            dec_keyed_ = true;
        }
        return dec_.DecryptAndVerify(data.data(), tag, tag_length, nonce.data(), static_cast<int>(nonce.size()),
                                     aad.data(), aad.size(), data.data(), data.size());
    }

private:
    static constexpr std::uint8_t zero_nonce[12] = {};
    SecretBytes key_;   // wiped when the protection goes
    CryptoPP::GCM<CryptoPP::AES>::Encryption enc_;
    CryptoPP::GCM<CryptoPP::AES>::Decryption dec_;
    bool enc_keyed_ = false, dec_keyed_ = false;
};

// RFC 8439 ChaCha20-Poly1305 (the "IETF" construction, 96-bit nonce).
class ChaChaPoly final : public Aead {
public:
    explicit ChaChaPoly(ByteView key) {
        ensure_sodium();
        if (key.size() != sizeof key_) throw std::invalid_argument("ChaCha20-Poly1305 needs a 32-byte key");
        std::memcpy(key_, key.data(), sizeof key_);
    }
    ~ChaChaPoly() override { secure_wipe(key_, sizeof key_); }
    void seal(ByteView nonce, ByteView aad, std::span<std::uint8_t> data, std::uint8_t* tag) override {
        crypto_aead_chacha20poly1305_ietf_encrypt_detached(data.data(), tag, nullptr, data.data(), data.size(),
                                                           aad.data(), aad.size(), nullptr, nonce.data(), key_);
    }
    bool open(ByteView nonce, ByteView aad, std::span<std::uint8_t> data, const std::uint8_t* tag) override {
        return crypto_aead_chacha20poly1305_ietf_decrypt_detached(data.data(), nullptr, data.data(), data.size(),
                                                                  tag, aad.data(), aad.size(), nonce.data(),
                                                                  key_) == 0;
    }

private:
    std::uint8_t key_[crypto_aead_chacha20poly1305_ietf_KEYBYTES];
};

} // namespace

std::unique_ptr<Aead> make_aead(AeadAlgorithm alg, ByteView key) {
    switch (alg) {
    case AeadAlgorithm::aes_128_gcm:
        if (key.size() != 16) throw std::invalid_argument("AES-128-GCM needs a 16-byte key");
        return std::make_unique<AesGcm>(key);
    case AeadAlgorithm::aes_256_gcm:
        if (key.size() != 32) throw std::invalid_argument("AES-256-GCM needs a 32-byte key");
        return std::make_unique<AesGcm>(key);
    case AeadAlgorithm::chacha20_poly1305: return std::make_unique<ChaChaPoly>(key);
    }
    throw std::logic_error("unknown AEAD");   // precondition broken (see make_aead in the header)
}

} // namespace glasstls::crypto
