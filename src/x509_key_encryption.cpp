// Encrypted private keys: PBES2 (RFC 8018 §6.2) in an EncryptedPrivateKeyInfo
// (RFC 5958 §3), and OpenSSL's legacy PEM encryption. See the header.
#include "x509_key_encryption.hpp"

#include <cctype>

#include "glasstls/der.hpp"
#include "glasstls/x509.hpp"

namespace glasstls::x509::key_encryption {

namespace {

using der::Reader;
using crypto::BlockCipher, crypto::HashAlgorithm;

constexpr const char* kPbes2 = "1.2.840.113549.1.5.13";   // RFC 8018 §A.4 id-PBES2
constexpr const char* kPbkdf2 = "1.2.840.113549.1.5.12";  // RFC 8018 §A.2 id-PBKDF2

template <class T>
struct ByOid {
    const char* oid;
    T value;
};

// RFC 8018 §B.1.1, §B.1.2: PBKDF2's pseudorandom functions.
constexpr ByOid<HashAlgorithm> kPrfs[] = {
    {"1.2.840.113549.2.7", HashAlgorithm::sha1},    {"1.2.840.113549.2.9", HashAlgorithm::sha256},
    {"1.2.840.113549.2.10", HashAlgorithm::sha384}, {"1.2.840.113549.2.11", HashAlgorithm::sha512},
};
// RFC 8018 §B.2.2 des-EDE3-CBC, §B.2.5 aes-CBC-Pad (NIST's OIDs, RFC 3565 §4.1).
constexpr ByOid<BlockCipher> kCiphers[] = {
    {"2.16.840.1.101.3.4.1.2", BlockCipher::aes_128_cbc}, {"2.16.840.1.101.3.4.1.22", BlockCipher::aes_192_cbc},
    {"2.16.840.1.101.3.4.1.42", BlockCipher::aes_256_cbc}, {"1.2.840.113549.3.7", BlockCipher::des_ede3_cbc},
};

template <class T, std::size_t N>
std::optional<T> find_oid(const ByOid<T> (&table)[N], const std::string& oid) {
    for (const ByOid<T>& e : table) {
        if (oid == e.oid) return e.value;
    }
    return std::nullopt;
}

// "hmacWithSHA256": the PRF's name, as oid_name gives it.
std::string prf_name(HashAlgorithm h) {
    for (const ByOid<HashAlgorithm>& e : kPrfs) {
        if (e.value == h) return oid_name(e.oid);
    }
    return std::string(crypto::hash_name(h));
}

// An AlgorithmIdentifier's parameters that must be absent or NULL (the
// HMAC PRFs: RFC 8018 §B.1 says NULL; some writers leave it out).
void null_or_absent(Reader& alg, const char* what) {
    if (!alg.empty()) alg.null("parameters");
    alg.expect_end(what);
}

// RFC 8018 §A.2 PBKDF2-params. Checked: the salt is given, the iteration
// count is at least 1 and at most what glasstls will compute — a file may
// claim 2^31 iterations, and a key parser must not spend an hour on it.
// Returns keyLength, when present, for the caller to hold against the cipher.
std::optional<std::int64_t> read_pbkdf2_params(Reader& kdf, EncryptedKey& k) {
    Reader p = kdf.sequence("PBKDF2-params");
    if (p.peek_tag() != der::OCTET_STRING) p.fail("salt", "only a specified salt (OCTET STRING) is supported");
    const ByteView salt = p.octet_string("salt");
    k.salt.assign(salt.begin(), salt.end());
    const std::int64_t iterations = p.small_integer("iterationCount");
    if (iterations < 1) p.fail("iterationCount", "must be at least 1");
    if (iterations > max_pbkdf2_iterations) {
        p.fail("iterationCount", std::to_string(iterations) + " iterations is more than glasstls computes (at most " +
                                     std::to_string(max_pbkdf2_iterations) + ")");
    }
    k.iterations = static_cast<std::uint32_t>(iterations);
    std::optional<std::int64_t> key_length;
    if (p.peek_tag() == der::INTEGER) key_length = p.small_integer("keyLength");
    if (auto prf = p.optional(der::SEQUENCE, "prf")) {   // DEFAULT algid-hmacWithSHA1
        Reader alg = p.enter(*prf, "prf");
        const std::string oid = alg.oid("algorithm");
        const auto hash = find_oid(kPrfs, oid);
        if (!hash) alg.fail("algorithm", oid_name(oid) + " is not supported (hmacWithSHA1, -SHA256, -SHA384 and -SHA512 are)");
        k.prf = *hash;
        null_or_absent(alg, "prf");
    }
    p.expect_end("PBKDF2-params");
    kdf.expect_end("keyDerivationFunc");
    return key_length;
}

// RFC 8018 §A.4 PBES2-params: the key derivation, then the cipher and its IV.
void read_pbes2_params(Reader& alg, EncryptedKey& k) {
    Reader p = alg.sequence("PBES2-params");
    Reader kdf = p.sequence("keyDerivationFunc");
    const std::string kdf_oid = kdf.oid("algorithm");
    if (kdf_oid != kPbkdf2) kdf.fail("algorithm", oid_name(kdf_oid) + " is not supported (PBKDF2 is)");
    const std::optional<std::int64_t> key_length = read_pbkdf2_params(kdf, k);
    Reader enc = p.sequence("encryptionScheme");
    const std::string enc_oid = enc.oid("algorithm");
    const auto cipher = find_oid(kCiphers, enc_oid);
    if (!cipher) {
        enc.fail("algorithm", oid_name(enc_oid) + " is not supported (aes-128-cbc, aes-192-cbc, aes-256-cbc and des-ede3-cbc are)");
    }
    k.cipher = *cipher;
    const ByteView iv = enc.octet_string("iv");   // RFC 8018 §B.2.2, §B.2.5: the parameters are the IV
    if (iv.size() != crypto::cipher_block_length(k.cipher)) {
        enc.fail("iv", "must be " + std::to_string(crypto::cipher_block_length(k.cipher)) + " bytes");
    }
    k.iv.assign(iv.begin(), iv.end());
    enc.expect_end("encryptionScheme");
    p.expect_end("PBES2-params");
    if (key_length && *key_length != static_cast<std::int64_t>(crypto::cipher_key_length(k.cipher))) {
        p.fail("keyLength", std::to_string(*key_length) + " bytes, but " + std::string(crypto::cipher_name(k.cipher)) +
                                " takes " + std::to_string(crypto::cipher_key_length(k.cipher)));
    }
}

} // namespace

std::string EncryptedKey::describe() const {
    const std::string cipher_text(crypto::cipher_name(cipher));
    if (kdf == Kdf::evp_bytes_to_key) return "legacy PEM encryption, " + cipher_text;
    return "PBES2, PBKDF2 with " + prf_name(prf) + " (" + std::to_string(iterations) +
           " iterations), " + cipher_text;
}

EncryptedKey read_encrypted_private_key_info(ByteView der_bytes) {
    Reader top(der_bytes, "EncryptedPrivateKeyInfo", AlertDescription::decode_error);
    Reader r = top.sequence("EncryptedPrivateKeyInfo");
    Reader alg = r.sequence("encryptionAlgorithm");
    const std::string oid = alg.oid("algorithm");
    // PBES1 (RFC 8018 §6.1: DES or RC2 under MD2/MD5/SHA-1) and PKCS#12's
    // schemes (RFC 7292 App. C) are older and weaker; OpenSSL 3 writes PBES2.
    if (oid != kPbes2) alg.fail("algorithm", oid_name(oid) + " is not supported (PBES2 is)");
    EncryptedKey k;
    read_pbes2_params(alg, k);
    alg.expect_end("encryptionAlgorithm");
    const ByteView data = r.octet_string("encryptedData");
    k.ciphertext.assign(data.begin(), data.end());
    r.expect_end("EncryptedPrivateKeyInfo");
    top.expect_end("EncryptedPrivateKeyInfo");
    return k;
}

bool looks_like_encrypted_private_key_info(ByteView der_bytes) {
    try {
        Reader top(der_bytes, "key", AlertDescription::decode_error);
        Reader r = top.sequence("key");
        return r.peek_tag() == der::SEQUENCE;
    } catch (const TlsError&) {
        return false;
    }
}

namespace {

// The ciphers OpenSSL's PEM_write_*PrivateKey names in DEK-Info (its
// EVP_CIPHER names; OpenSSL compares them without regard to case).
std::optional<BlockCipher> cipher_from_dek_name(std::string name) {
    for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    for (BlockCipher c : {BlockCipher::aes_128_cbc, BlockCipher::aes_192_cbc, BlockCipher::aes_256_cbc,
                          BlockCipher::des_ede3_cbc}) {
        if (name == crypto::cipher_name(c)) return c;
    }
    return std::nullopt;
}

[[noreturn]] void dek_fail(const std::string& what) {
    throw TlsError(AlertDescription::decode_error, "DEK-Info: " + what);
}

} // namespace

std::optional<EncryptedKey> read_pem_encryption(const pem::Block& block) {
    const std::string* proc_type = block.header("Proc-Type");
    if (proc_type == nullptr || proc_type->find("ENCRYPTED") == std::string::npos) return std::nullopt;
    const std::string* dek = block.header("DEK-Info");
    if (dek == nullptr) dek_fail("missing, though Proc-Type says ENCRYPTED");
    const std::size_t comma = dek->find(',');
    const std::string name = dek->substr(0, comma);
    const auto cipher = cipher_from_dek_name(name);
    if (!cipher) dek_fail(name + " is not supported (AES-128-CBC, AES-192-CBC, AES-256-CBC and DES-EDE3-CBC are)");
    EncryptedKey k;
    k.kdf = Kdf::evp_bytes_to_key;
    k.cipher = *cipher;
    try {
        k.iv = from_hex(comma == std::string::npos ? std::string_view{} : std::string_view(*dek).substr(comma + 1));
    } catch (const TlsError& e) {
        dek_fail(std::string("the IV: ") + e.what());
    }
    if (k.iv.size() != crypto::cipher_block_length(k.cipher)) {
        dek_fail("the IV must be " + std::to_string(2 * crypto::cipher_block_length(k.cipher)) + " hex digits");
    }
    k.salt.assign(k.iv.begin(), k.iv.begin() + 8);   // OpenSSL's PEM_do_header: the salt is the IV's first 8 bytes
    k.ciphertext = block.der;
    return k;
}

namespace {

// OpenSSL's EVP_BytesToKey with MD5 and one iteration, as PEM_do_header
// calls it: D_1 = MD5(password || salt), D_i = MD5(D_(i-1) || password ||
// salt), the key the first bytes of D_1 || D_2 || …  (PBKDF1's idea,
// RFC 8018 §5.1, stretched past one hash; no standard of its own).
crypto::SecretBytes evp_bytes_to_key(std::string_view password, ByteView salt, std::size_t length) {
    crypto::SecretBytes key;
    std::size_t previous = 0;   // where D_(i-1) starts in key
    while (key.size() < length) {
        crypto::Hash md5(HashAlgorithm::md5);
        md5.update(ByteView(key).subspan(previous));
        md5.update(ByteView(reinterpret_cast<const std::uint8_t*>(password.data()), password.size()));
        md5.update(salt);
        Bytes d = md5.digest();
        previous = key.size();
        key.insert(key.end(), d.begin(), d.end());
        crypto::secure_wipe(d.data(), d.size());
    }
    key.resize(length);
    return key;
}

} // namespace

std::optional<crypto::SecretBytes> decrypt(const EncryptedKey& k, std::string_view password) {
    const std::size_t key_length = crypto::cipher_key_length(k.cipher);
    const crypto::SecretBytes key = k.kdf == Kdf::evp_bytes_to_key
                                        ? evp_bytes_to_key(password, k.salt, key_length)
                                        : crypto::pbkdf2_hmac(k.prf, password, k.salt, k.iterations, key_length);
    return crypto::cbc_decrypt(k.cipher, key, k.iv, k.ciphertext);   // RFC 8018 §6.2.2 steps 3-5
}

} // namespace glasstls::x509::key_encryption
