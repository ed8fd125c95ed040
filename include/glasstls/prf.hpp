// The TLS 1.2 pseudo-random function (RFC 5246 §5).
#pragma once

#include <string_view>

#include "glasstls/crypto.hpp"

namespace glasstls {

// P_hash(secret, seed) = HMAC(secret, A(1) + seed) + HMAC(secret, A(2) + seed) + …
// with A(0) = seed and A(i) = HMAC(secret, A(i-1)), truncated to `length`.
crypto::SecretBytes p_hash(crypto::HashAlgorithm hash, ByteView secret, ByteView seed, std::size_t length);

// PRF(secret, label, seed) = P_<hash>(secret, label + seed). TLS 1.2 uses
// SHA-256 unless the cipher suite names SHA-384.
crypto::SecretBytes prf(crypto::HashAlgorithm hash, ByteView secret, std::string_view label, ByteView seed,
                        std::size_t length);

} // namespace glasstls
