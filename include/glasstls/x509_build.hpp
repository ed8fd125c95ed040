// Writing X.509 certificates and keys (`glass ca`): the inverse of the
// parser, by hand — TBSCertificate, the extensions a lab needs, the
// SubjectPublicKeyInfo, PKCS#8 — over der::Builder. Signatures come from
// the crypto facade. What it writes, the parser and `openssl verify
// -x509_strict` accept (tests/ca-test.sh).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "glasstls/crypto.hpp"
#include "glasstls/x509.hpp"

namespace glasstls::x509 {

// What to put in a certificate (RFC 5280 §4.1, §4.2).
struct CertificateSpec {
    std::vector<std::pair<std::string, std::string>> subject;   // {"CN", "www.lab.test"}, {"O", "glasstls lab"}
    std::int64_t not_before = 0, not_after = 0;                 // Unix seconds
    bool ca = false;
    std::optional<std::int64_t> path_len;                       // CA only
    std::uint32_t key_usage = 0;                                // bits of KeyUsageBit
    std::vector<std::string> extended_key_usage;                // OIDs
    std::vector<std::string> dns_names;                         // subjectAltName dNSName
    std::vector<Bytes> ip_addresses;                            // subjectAltName iPAddress (4 or 16 bytes)
    crypto::PublicKey subject_key;
};

// The issuer: its Name (DER) and key, and its key identifier for the
// authorityKeyIdentifier (empty for a self-signed certificate, whose issuer
// is itself).
struct Issuer {
    Bytes name_der;
    const crypto::PrivateKey* key = nullptr;
    Bytes key_id;
};

// "CN=Lab Root, O=glasstls lab" → attributes (CN, O, OU, C, L, ST). The
// text is a user's option (glass ca --name): what it cannot read is a
// TlsError naming the part (decode_error for a part that is not NAME=VALUE,
// illegal_parameter for an unknown attribute or a bad value).
std::vector<std::pair<std::string, std::string>> parse_name_spec(std::string_view text);
// The same rules for the attribute names: an unknown one is TlsError{illegal_parameter}.
Bytes encode_name(const std::vector<std::pair<std::string, std::string>>& attributes);
// One attribute as parse_name_spec and encode_name admit it, else
// TlsError{illegal_parameter} in a sentence: a known name; a value that is
// UTF-8 without control characters (it becomes a UTF8String); C two letters
// A-Z (RFC 5280 Appendix A: countryName is PrintableString SIZE(2), ISO 3166).
void check_attribute(const std::string& name, const std::string& value);
// A subjectAltName dNSName as RFC 5280 §4.2.1.6 asks: the preferred name
// syntax of RFC 1034 §3.5 (RFC 1123 §2.1: a label may start with a digit) —
// labels of letters, digits and hyphens, no hyphen at either end, at most 63
// bytes each and 253 in all; a leading "*." wildcard label is admitted
// (RFC 6125 §6.4.3). TlsError{illegal_parameter} otherwise.
void check_dns_name(const std::string& name);

// Precondition of the three below: an EC key is on P-256 or P-384 (a
// programming error otherwise, std::invalid_argument). Keys come from
// generate_private_key or the key parser, which make or admit no other curve.
Bytes encode_public_key(const crypto::PublicKey& key);        // SubjectPublicKeyInfo (RFC 5280 §4.1.2.7)
Bytes key_identifier(const crypto::PublicKey& key);           // SHA-1 of the subjectPublicKey bits (§4.2.1.2, method 1)
Bytes encode_private_key(const crypto::PrivateKey& key);      // PKCS#8 PrivateKeyInfo (RFC 5958), DER

// A signed certificate, DER. A random positive serial number (RFC 5280
// §4.1.2.2: at most 20 bytes) is drawn from `rng`. Self-signed when
// `issuer.key` is the subject's own key and `issuer.name_der` is empty.
// Precondition: `issuer.key` is set, its type one of the three KeyType
// values, and both keys meet the curve rule above
// (a programming error otherwise, std::invalid_argument); the subject's
// attributes follow encode_name's rule, the dNSNames check_dns_name's, and
// the validity lies in 1950-9999 and ends after it begins (RFC 5280
// §4.1.2.5) — TlsError{illegal_parameter} otherwise; a failed signature is
// crypto::sign's TlsError{internal_error}.
Bytes build_certificate(const CertificateSpec& spec, const Issuer& issuer, crypto::RandomSource& rng);

} // namespace glasstls::x509
