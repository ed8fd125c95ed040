// Encrypted private keys, inside the x509 module (x509_keys.cpp is the only
// includer): how a key file says it was encrypted, read and checked before
// any pass phrase is asked for, and the decryption itself.
//
//   PKCS#8  "ENCRYPTED PRIVATE KEY": EncryptedPrivateKeyInfo (RFC 5958 §3)
//           under PBES2 (RFC 8018 §6.2) with PBKDF2 (§5.2) — what
//           `openssl req -newkey … -passout`, `genpkey -aes256` and
//           `pkcs8 -topk8` write.
//   legacy  "Proc-Type: 4,ENCRYPTED" / "DEK-Info: AES-256-CBC,<IV>" headers
//           on an "RSA PRIVATE KEY" or "EC PRIVATE KEY" block (RFC 1421 §4.6
//           headers, OpenSSL's key derivation) — `openssl rsa -aes256
//           -traditional`, `openssl ec -aes256`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "glasstls/crypto.hpp"
#include "glasstls/pem.hpp"

namespace glasstls::x509::key_encryption {

// How the key under the pass phrase is derived.
enum class Kdf {
    pbkdf2,            // RFC 8018 §5.2
    evp_bytes_to_key,  // OpenSSL's EVP_BytesToKey: MD5, one iteration, salt = the IV's first 8 bytes
};

struct EncryptedKey {
    Kdf kdf = Kdf::pbkdf2;
    crypto::HashAlgorithm prf = crypto::HashAlgorithm::sha1;   // PBKDF2's HMAC (RFC 8018 §A.2 default)
    std::uint32_t iterations = 1;
    Bytes salt;
    crypto::BlockCipher cipher = crypto::BlockCipher::aes_256_cbc;
    Bytes iv;
    Bytes ciphertext;
    // "PBES2, PBKDF2 with hmacWithSHA256 (2048 iterations), AES-256-CBC"
    std::string describe() const;
};

// An EncryptedPrivateKeyInfo's scheme and data. A structure that does not
// parse, an algorithm glasstls does not implement (named by its OID name),
// or an iteration count over max_pbkdf2_iterations is TlsError{decode_error}.
EncryptedKey read_encrypted_private_key_info(ByteView der);
// True when DER looks like an EncryptedPrivateKeyInfo rather than a
// PrivateKeyInfo: its first field is a SEQUENCE (the algorithm), not the
// INTEGER version. Reads nothing else; never throws.
bool looks_like_encrypted_private_key_info(ByteView der);

// A PEM block with "Proc-Type: 4,ENCRYPTED" (nullopt without one); its
// DEK-Info read as above, TlsError{decode_error} when missing or unsupported.
std::optional<EncryptedKey> read_pem_encryption(const pem::Block& block);

// The plaintext DER, or nullopt when the padding is wrong (most wrong pass
// phrases end here; the others give DER that does not parse).
std::optional<crypto::SecretBytes> decrypt(const EncryptedKey& key, std::string_view password);

} // namespace glasstls::x509::key_encryption
