// Crypto facade: every primitive glasstls uses, behind one small interface.
//
// This header and src/crypto.cpp are the only places that know Crypto++ and
// libsodium exist (design card). Nothing here is TLS-specific framing: the
// record layer, PRF, key schedule and handshake are built on top of it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "glasstls/codec.hpp"

namespace glasstls::crypto {

// ---- Memory hygiene --------------------------------------------------------

// Overwrites n bytes with zeros in a way the compiler cannot elide
// (sodium_memzero).
void secure_wipe(void* p, std::size_t n);

// Constant-time equality for MACs and Finished (sodium_memcmp). Lengths are
// public, so different lengths return false at once.
bool constant_time_equal(ByteView a, ByteView b);

// An allocator that wipes memory before returning it to the heap, so every
// copy of a secret that a vector ever held is erased.
template <class T>
struct WipingAllocator {
    using value_type = T;
    WipingAllocator() = default;
    template <class U>
    WipingAllocator(const WipingAllocator<U>&) {}
    T* allocate(std::size_t n) { return std::allocator<T>{}.allocate(n); }
    void deallocate(T* p, std::size_t n) {
        secure_wipe(p, n * sizeof(T));
        std::allocator<T>{}.deallocate(p, n);
    }
    template <class U>
    bool operator==(const WipingAllocator<U>&) const { return true; }
};

// Key material: pre-master and master secrets, key blocks, private keys.
using SecretBytes = std::vector<std::uint8_t, WipingAllocator<std::uint8_t>>;

inline SecretBytes to_secret(ByteView b) { return SecretBytes(b.begin(), b.end()); }
inline Bytes to_public(ByteView b) { return Bytes(b.begin(), b.end()); }

// ---- Randomness --------------------------------------------------------------

// Where every random byte comes from (client/server randoms, CBC IVs, key
// shares, RSA blinding). The default is the system CSPRNG; a SeededRandom
// makes a whole handshake replayable byte for byte for tests and classrooms.
class RandomSource {
public:
    virtual ~RandomSource() = default;
    virtual void fill(std::span<std::uint8_t> out) = 0;
    // True for the insecure, replayable source: callers announce it loudly.
    virtual bool deterministic() const { return false; }
    Bytes bytes(std::size_t n);
};

// libsodium's randombytes_buf (getrandom(2)).
class SystemRandom final : public RandomSource {
public:
    void fill(std::span<std::uint8_t> out) override;
};

// INSECURE. The ChaCha20 keystream under SHA-256(seed): the same seed gives
// the same bytes, forever. For replaying handshakes only.
class SeededRandom final : public RandomSource {
public:
    explicit SeededRandom(std::string_view seed);
    ~SeededRandom() override;
    void fill(std::span<std::uint8_t> out) override;
    bool deterministic() const override { return true; }

private:
    std::uint8_t key_[32];
    std::uint64_t block_counter_ = 0;
    std::uint8_t block_[64];
    std::size_t block_used_ = 64;
};

// The process-wide system source.
RandomSource& system_random();

// ---- Hashes and HMAC -----------------------------------------------------------

// Precondition of every call below that takes a HashAlgorithm (hash_length,
// Hash, hash, Hmac, hmac): one of these five values. No wire code is ever
// cast to this type (the handshake maps codes through tables first), so
// another value is a programming error, std::logic_error.
enum class HashAlgorithm { md5, sha1, sha256, sha384, sha512 };

std::size_t hash_length(HashAlgorithm alg);
std::string_view hash_name(HashAlgorithm alg);   // "SHA-256"

// Incremental hash. Copyable, and digest() does not finish the stream: the
// handshake transcript needs its hash "so far" several times (CertificateVerify,
// both Finished messages, the extended-master-secret session hash).
class Hash {
public:
    explicit Hash(HashAlgorithm alg);
    Hash(const Hash& other);
    Hash& operator=(const Hash& other);
    Hash(Hash&&) noexcept;
    Hash& operator=(Hash&&) noexcept;
    ~Hash();

    void update(ByteView data);
    Bytes digest() const;
    HashAlgorithm algorithm() const { return alg_; }

private:
    struct Impl;
    HashAlgorithm alg_;
    std::unique_ptr<Impl> impl_;
};

Bytes hash(HashAlgorithm alg, ByteView data);

// HMAC (RFC 2104), keyed once and reusable without allocation: the record
// layer MACs every record with the same key.
class Hmac {
public:
    Hmac(HashAlgorithm alg, ByteView key);
    Hmac(Hmac&&) noexcept;
    Hmac& operator=(Hmac&&) noexcept;
    ~Hmac();

    void update(ByteView data);
    // Writes hash_length() bytes and resets for the next message.
    void finish(std::uint8_t* out);
    std::size_t size() const;
    // The hash's block size (64 or 128): the record layer's Lucky Thirteen
    // countermeasure counts compression-function calls in these units.
    std::size_t block_size() const;
    // Runs the compression function over `blocks` blocks of dummy data on a
    // scratch state: equalises timing without touching the real MAC.
    void dummy_compress(std::size_t blocks);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

Bytes hmac(HashAlgorithm alg, ByteView key, ByteView data);

// ---- Symmetric ciphers ---------------------------------------------------------

// AES in CBC mode without padding (TLS pads by itself, RFC 5246 §6.2.3.2).
// Keyed once; each call supplies the record's explicit IV.
class AesCbc {
public:
    explicit AesCbc(ByteView key);
    AesCbc(AesCbc&&) noexcept;
    AesCbc& operator=(AesCbc&&) noexcept;
    ~AesCbc();
    // Transforms in place. Precondition: data.size() is a multiple of 16 and
    // iv.size() is 16 (a programming error, std::invalid_argument) — the
    // record layer checks a peer's record lengths before it decrypts.
    void encrypt(ByteView iv, std::span<std::uint8_t> data);
    void decrypt(ByteView iv, std::span<std::uint8_t> data);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// ---- Password-based encryption (encrypted private key files) ------------------

// PBKDF2 (RFC 8018 §5.2) with HMAC-`prf` as its pseudorandom function: the
// key that PBES2 (§6.2) and `openssl pkcs8`/`genpkey -aes256` encrypt a
// private key under. The password is its bytes as given (OpenSSL does not
// normalise it either). Preconditions (std::invalid_argument): iterations
// at least 1 and length 1 to 1024 bytes. The iteration count of a file is
// the file's claim: the key parser caps it before calling (a CPU bound, see
// x509::max_pbkdf2_iterations), this function does not.
SecretBytes pbkdf2_hmac(HashAlgorithm prf, std::string_view password, ByteView salt, std::uint32_t iterations,
                        std::size_t length);

// The block ciphers an encrypted key file may name, all in CBC mode
// (RFC 8018 §B.2: DES-EDE3-CBC, AES-CBC-Pad; RFC 1423 §1.1 for the PEM form).
enum class BlockCipher { aes_128_cbc, aes_192_cbc, aes_256_cbc, des_ede3_cbc };
std::size_t cipher_key_length(BlockCipher c);     // 16, 24, 32, 24
std::size_t cipher_block_length(BlockCipher c);   // 16, 16, 16, 8: also the IV's length
std::string_view cipher_name(BlockCipher c);      // "AES-256-CBC", as OpenSSL's DEK-Info names it

// CBC with PKCS#7 padding (RFC 8018 §6.1.1 step 4, RFC 5652 §6.3): every
// padding byte holds the padding's length, 1 to one block. Decryption
// returns nullopt when the ciphertext is empty or not whole blocks, or the
// padding is wrong — which is what a wrong password usually looks like.
// (Not constant time: a key file on disk is no padding oracle.)
// Preconditions (std::invalid_argument): key and IV of the cipher's lengths;
// a parser checks a file's IV length before calling.
Bytes cbc_encrypt(BlockCipher c, ByteView key, ByteView iv, ByteView plaintext);
std::optional<SecretBytes> cbc_decrypt(BlockCipher c, ByteView key, ByteView iv, ByteView ciphertext);

enum class AeadAlgorithm { aes_128_gcm, aes_256_gcm, chacha20_poly1305 };

// Authenticated encryption with a 12-byte nonce and a 16-byte tag, in place.
class Aead {
public:
    static constexpr std::size_t tag_length = 16;
    static constexpr std::size_t nonce_length = 12;
    virtual ~Aead() = default;
    virtual void seal(ByteView nonce, ByteView aad, std::span<std::uint8_t> data, std::uint8_t* tag) = 0;
    // Returns false (and leaves data unspecified) when the tag does not verify.
    virtual bool open(ByteView nonce, ByteView aad, std::span<std::uint8_t> data, const std::uint8_t* tag) = 0;
};

// Precondition: `key` is the algorithm's key length (16, 32, 32 bytes) and
// `alg` one of the three values (a programming error: std::invalid_argument,
// std::logic_error). Keys come from the key schedule, cut to the suite's
// lengths, or from the ticket key store; never from the peer.
std::unique_ptr<Aead> make_aead(AeadAlgorithm alg, ByteView key);

// ---- Key agreement -------------------------------------------------------------

// IANA "TLS Supported Groups" code points (RFC 8422 §5.1.1, RFC 7919 §2).
// X448 (30) is not here: neither Crypto++ nor libsodium implements it.
enum class NamedGroup : std::uint16_t {
    secp256r1 = 23,
    secp384r1 = 24,
    secp521r1 = 25,
    x25519 = 29,
    ffdhe2048 = 256,
    ffdhe3072 = 257,
    ffdhe4096 = 258,
    ffdhe6144 = 259,
    ffdhe8192 = 260,
};

// Every group above, in code point order.
const std::vector<NamedGroup>& all_groups();
std::string_view group_name(NamedGroup g);                 // "x25519"; "unknown group" for another value
// By the IANA name or OpenSSL's aliases ("P-521", "prime256v1", "X25519").
std::optional<NamedGroup> group_from_name(std::string_view name);
// The size of a NIST curve's field: 256, 384, 521. Precondition: `curve`
// is one (std::invalid_argument otherwise).
std::size_t curve_bits(NamedGroup curve);

// One ephemeral key pair. public_value() is what goes on the wire: 32 bytes
// for X25519, an uncompressed point (0x04 || X || Y) for the NIST curves, the
// big-endian Y padded to the prime's length for finite-field DH.
class KeyShare {
public:
    virtual ~KeyShare() = default;
    virtual ByteView public_value() const = 0;
    // The private value, for teaching traces only (--trace, --trace-json).
    virtual ByteView private_value() const = 0;
    // The shared secret. A peer value that is malformed, off the curve, of
    // small order or outside 1 < y < p-1 is TlsError{illegal_parameter}.
    // For finite-field DH the result keeps its leading zeros: TLS 1.2 strips
    // them itself (RFC 5246 §8.1.2).
    virtual SecretBytes agree(ByteView peer_public) const = 0;
};

// Precondition: `group` is one of the NamedGroup values above (a
// programming error otherwise, std::invalid_argument). A server passes a
// group from its own list; a client passes the group of a ServerKeyExchange
// only after checking it is one it offered (key_exchange.cpp).
std::unique_ptr<KeyShare> generate_key_share(NamedGroup group, RandomSource& rng);
// Finite-field DH on explicit parameters, as a DHE ServerKeyExchange sends
// them (RFC 5246 §7.4.3). A prime under `min_bits` is TlsError{insufficient_security}.
// A prime over max_dh_bits is TlsError{illegal_parameter} (a cost bound).
constexpr std::size_t max_dh_bits = 8192;
std::unique_ptr<KeyShare> generate_dh_key_share(ByteView p, ByteView g, RandomSource& rng,
                                                std::size_t min_bits = 2048);
// The RFC 7919 Appendix A prime of an ffdhe group (generator 2).
// Precondition: `group` is one of the ffdhe groups (a programming error
// otherwise, std::invalid_argument); callers name the group themselves.
Bytes ffdhe_prime(NamedGroup group);
// The ffdhe group whose prime is `p` with generator `g` (a DHE
// ServerKeyExchange sends explicit parameters), or nullopt.
std::optional<NamedGroup> ffdhe_group_of(ByteView p, ByteView g);

// ---- Public keys and signatures ------------------------------------------------

// rsa_pss is an RSA key for RSASSA-PSS signatures only: a certificate's
// id-RSASSA-PSS key (RFC 4055 §1.2), which RFC 8446 §4.2.3's rsa_pss_pss_*
// schemes sign with, as TLS 1.2 stacks negotiate them too. It never signs
// PKCS#1 v1.5 and never decrypts a pre-master secret.
enum class KeyType { rsa, ec, ed25519, rsa_pss };

// The bit length of a big-endian unsigned integer (leading zero bytes ignored).
std::size_t bit_length(ByteView big_endian);

// An RSA-PSS key with RSASSA-PSS-params in its algorithm identifier signs
// only with that hash (and MGF1 with the same hash: the parsers admit no
// other), and with a salt of at least min_salt_length bytes (RFC 4055 §3.1,
// §3.3). Without parameters any hash and salt will do.
struct PssRestriction {
    HashAlgorithm hash = HashAlgorithm::sha256;
    std::size_t min_salt_length = 0;
};

struct PublicKey {
    KeyType type = KeyType::rsa;
    Bytes rsa_n, rsa_e;                         // RSA and RSA-PSS: modulus, exponent
    std::optional<PssRestriction> pss;          // RSA-PSS with parameters
    NamedGroup curve = NamedGroup::secp256r1;   // EC: which curve
    Bytes point;                                // EC: uncompressed point; Ed25519: 32 bytes
    std::size_t bits() const;                   // modulus / field size
};

struct PrivateKey;
namespace detail {
struct PreparedKey;   // src/crypto_public_key.cpp
// What a PrivateKey keeps of the work of handing it to the crypto library:
// for RSA, Crypto++'s private function and a stock of blinding factors made
// in batches; for Ed25519, libsodium's expanded key. A key that signs or
// decrypts many times (a server's) prepares once, on first use. A copy of a
// key starts without; a key whose fields change after use prepares again.
class PreparedKeyCache {
public:
    PreparedKeyCache() = default;
    PreparedKeyCache(const PreparedKeyCache&) noexcept {}
    PreparedKeyCache& operator=(const PreparedKeyCache&) noexcept {
        const std::lock_guard lock(mutex_);
        prepared_.reset();
        return *this;
    }
    // The preparation of `key`'s fields as they are now; thread-safe.
    std::shared_ptr<const PreparedKey> get(const PrivateKey& key) const;

private:
    mutable std::mutex mutex_;
    mutable std::shared_ptr<const PreparedKey> prepared_;
};
} // namespace detail

struct PrivateKey {
    KeyType type = KeyType::rsa;
    // RSA (RFC 8017 §A.1.2): n, e, d, p, q, d mod (p-1), d mod (q-1), q^-1 mod p.
    Bytes rsa_n, rsa_e;
    SecretBytes rsa_d, rsa_p, rsa_q, rsa_dp, rsa_dq, rsa_qinv;
    std::optional<PssRestriction> pss;
    NamedGroup curve = NamedGroup::secp256r1;
    SecretBytes scalar;   // EC private scalar, or the Ed25519 32-byte seed
    PublicKey public_key() const;
    detail::PreparedKeyCache prepared;   // used by sign() and the RSA decryptions
};

// For tests, the in-memory benchmarks and `glass ca`. Precondition: for
// KeyType::ec, `curve` is P-256, P-384 or P-521 (a programming error otherwise,
// std::invalid_argument); the same holds for the curve of any EC key given
// to public_key() or verify() (sign() turns it into its internal_error),
// which the key and certificate parsers guarantee: they admit no other curve.
PrivateKey generate_private_key(KeyType type, RandomSource& rng, std::size_t rsa_bits = 2048,
                                NamedGroup curve = NamedGroup::secp256r1);

enum class SignatureAlgorithm { rsa_pkcs1, rsa_pss, ecdsa, ed25519 };

// ECDSA signatures are DER Ecdsa-Sig-Value (RFC 3279 §2.2.3), as TLS and
// X.509 carry them. RSA-PSS uses MGF1 with the same hash and a salt as long
// as the hash (RFC 8446 §4.2.3's rsa_pss_rsae_* and rsa_pss_pss_*), with an
// RSA or an RSA-PSS key; PKCS#1 v1.5 an RSA key only. Ed25519 ignores `hash`.
// A failure inside the crypto library (a key too short for the padding, a
// damaged key) is TlsError{internal_error}; ask can_sign() first.
Bytes sign(const PrivateKey& key, SignatureAlgorithm alg, HashAlgorithm hash, ByteView message,
           RandomSource& rng);
// Whether `key` can produce this signature at all: RSA-PSS with a salt as long
// as the hash needs a modulus of at least 2*hLen + 2 bytes (RFC 8017 §9.1.1),
// PKCS#1 v1.5 one of DigestInfo + 11 bytes (§9.2) — so a 1024-bit key cannot
// sign rsa_pss_rsae_sha512.
bool can_sign(const PrivateKey& key, SignatureAlgorithm alg, HashAlgorithm hash);
// `pss_salt_length` (RSA-PSS only): the salt a certificate's
// RSASSA-PSS-params name (RFC 4055 §3.1; OpenSSL signs with the longest the
// key allows); without it, as long as the hash. A key's PssRestriction
// is checked either way: a signature it does not allow does not verify.
bool verify(const PublicKey& key, SignatureAlgorithm alg, HashAlgorithm hash, ByteView message,
            ByteView signature, std::optional<std::size_t> pss_salt_length = std::nullopt);

// RSAES-PKCS1-v1_5 (RFC 8017 §7.2). With `block`, also the encoded message
// that was raised to e — 00 02 <non-zero padding> 00 <message> — for a
// teaching trace; the ciphertext is the same either way.
Bytes rsa_encrypt_pkcs1(const PublicKey& key, ByteView message, RandomSource& rng, SecretBytes* block = nullptr);
// General decryption: nullopt when the padding is wrong. Not for TLS
// key exchange — use rsa_decrypt_premaster.
std::optional<SecretBytes> rsa_decrypt_pkcs1(const PrivateKey& key, ByteView ciphertext, RandomSource& rng);
// RFC 5246 §7.4.7.1: always returns 48 bytes. When the padding is wrong, the
// length is not 48, or the first two bytes differ from client_version, the
// result is 48 random bytes instead — chosen without a branch or a timing
// difference, so the server cannot become a Bleichenbacher oracle.
// With `block`, also the decrypted encoded message (k bytes; zeros when the
// ciphertext was out of range), for a teaching trace shown locally.
SecretBytes rsa_decrypt_premaster(const PrivateKey& key, ByteView ciphertext, std::uint16_t client_version,
                                  RandomSource& rng, SecretBytes* block = nullptr);

// ---- Accounting, for benchmarks ---------------------------------------------------------------

// Time this thread has spent in public-key operations: key-share generation
// and agreement, signing and verifying, RSA encryption and decryption.
// `glass bench handshake` reads it to show what share of a handshake is
// asymmetric crypto; nothing in the protocol depends on it.
struct PublicKeyCounters {
    std::uint64_t operations = 0;
    std::uint64_t nanoseconds = 0;
};
PublicKeyCounters& public_key_counters();

} // namespace glasstls::crypto
