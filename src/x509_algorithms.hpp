// Algorithm identifiers that both the certificate parser (x509.cpp) and the
// key parser (x509_keys.cpp, which implements these) read: the named curves
// (RFC 5480 §2.1.1.1) and RSASSA-PSS-params (RFC 4055 §3.1), which a
// certificate's signature, its RSA-PSS key and a PKCS#8 RSA-PSS key carry.
#pragma once

#include <optional>
#include <string>

#include "glasstls/crypto.hpp"
#include "glasstls/der.hpp"

namespace glasstls::x509::algorithms {

inline constexpr const char* rsa_encryption_oid = "1.2.840.113549.1.1.1";
inline constexpr const char* rsassa_pss_oid = "1.2.840.113549.1.1.10";   // id-RSASSA-PSS, RFC 4055 §3.1

// P-256, P-384 and P-521 by their OIDs; nullopt for another curve.
std::optional<crypto::NamedGroup> curve_from_oid(const std::string& oid);

// RSASSA-PSS-params, with RFC 4055's defaults filled in (SHA-1, MGF1 with
// SHA-1, a 20-byte salt, trailer 1).
struct PssParams {
    crypto::HashAlgorithm hash = crypto::HashAlgorithm::sha1;
    std::size_t salt_length = 20;
    // Why glasstls cannot use them, or empty: a hash other than SHA-256/384/512,
    // MGF1 with another hash than the message's (which neither TLS nor
    // glasstls's verifier supports), another mask function, a trailer other
    // than 1 (RFC 4055 §3.1: "MUST be 1"), or a salt over 1024 bytes.
    std::string problem;
    std::string describe() const;   // "SHA-256, MGF1 with SHA-256, 32-byte salt"
};

// The parameters after an id-RSASSA-PSS OID, read to the end of the
// AlgorithmIdentifier `alg`: nullopt when they are absent (an RSA-PSS key
// without restrictions). Malformed DER is the reader's error.
std::optional<PssParams> read_pss_params(der::Reader& alg);

} // namespace glasstls::x509::algorithms
