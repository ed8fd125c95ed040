#include "glasstls/prf.hpp"

#include <algorithm>

namespace glasstls {

crypto::SecretBytes p_hash(crypto::HashAlgorithm hash, ByteView secret, ByteView seed, std::size_t length) {
    crypto::Hmac mac(hash, secret);
    const std::size_t n = mac.size();
    crypto::SecretBytes out;
    out.reserve(length + n);
    crypto::SecretBytes a(seed.begin(), seed.end());   // A(0) = seed
    crypto::SecretBytes block(n);
    while (out.size() < length) {
        mac.update(a);                                  // A(i) = HMAC(secret, A(i-1))
        a.resize(n);
        mac.finish(a.data());
        mac.update(a);                                  // HMAC(secret, A(i) + seed)
        mac.update(seed);
        mac.finish(block.data());
        std::size_t take = std::min(n, length - out.size());
        out.insert(out.end(), block.begin(), block.begin() + static_cast<std::ptrdiff_t>(take));
    }
    return out;
}

crypto::SecretBytes prf(crypto::HashAlgorithm hash, ByteView secret, std::string_view label, ByteView seed,
                        std::size_t length) {
    Bytes label_and_seed(label.begin(), label.end());
    append(label_and_seed, seed);
    return p_hash(hash, secret, label_and_seed, length);
}

} // namespace glasstls
