// X.509 certificates and private keys (RFC 5280 §4; PKCS#8 RFC 5208/5958;
// PKCS#1 RFC 8017 §A.1.2; SEC1 RFC 5915), parsed by hand from strict DER.
//
// Parsing only reads and checks structure; whether a certificate should be
// trusted is the verify module's job.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "glasstls/codec.hpp"
#include "glasstls/crypto.hpp"

namespace glasstls::x509 {

// A Name (RFC 5280 §4.1.2.4): RDNs in order, each an attribute type and value.
struct Attribute {
    std::string oid;     // "2.5.4.3"
    std::string value;   // decoded to UTF-8
    // The value as encoded, for renderings that must decode it as another
    // library does (Python's getpeercert() follows OpenSSL's conversions).
    std::uint8_t value_tag = 0;   // der::Tag: UTF8_STRING, BMP_STRING, …
    Bytes value_content = {};     // the content octets
    std::string short_name() const;   // "CN", or the OID when unknown
    std::string long_name() const;    // "commonName" (Python's getpeercert names)
};
struct Name {
    std::vector<std::vector<Attribute>> rdns;
    Bytes der;   // the encoding, as signed
    std::string to_string() const;       // "CN=Lab Root, O=glasstls lab"
    std::string common_name() const;     // the last CN, or ""
    // For chain building: names match when their attributes match after
    // RFC 5280 §7.1 style folding (case, leading/trailing/inner spaces).
    bool matches(const Name& other) const;
    // RFC 5280 §4.2.1.10 directoryName constraints: this name lies in the
    // subtree when the subtree's RDNs are its first RDNs.
    bool within(const Name& subtree) const;
};

enum class GeneralNameType { other, email, dns, directory, uri, ip, registered_id };
// RFC 5280 §4.2.1.6 otherName: a type-id and a value of that type, undecoded.
struct OtherName {
    std::string type_id;          // "1.3.6.1.4.1.311.20.2.3" (a Microsoft UPN)
    std::uint8_t value_tag = 0;   // the value's own tag, inside the [0] EXPLICIT
    Bytes value_content;
};
struct GeneralName {
    GeneralNameType type;
    std::string text;   // email, DNS, URI; a printable form for the others
    Bytes ip;           // iPAddress: 4 or 16 bytes (or 8/32 with a mask in name constraints)
    Name directory;     // directoryName, parsed
    OtherName other = {};   // otherName
};

// RFC 5280 §4.2.2.1 authorityInfoAccess: where the issuer's certificate
// (id-ad-caIssuers) and an OCSP responder (id-ad-ocsp) are found.
struct AccessDescription {
    std::string method;   // oids::ocsp, oids::ca_issuers, …
    GeneralName location;
};

// RFC 5280 §4.2.1.13 cRLDistributionPoints: one DistributionPoint's fullName;
// empty when it names no point or names one relative to the CRL issuer.
// Its reasons and cRLIssuer are not kept.
struct DistributionPoint {
    std::vector<GeneralName> full_name;
};

struct BasicConstraints {
    bool ca = false;
    std::optional<std::int64_t> path_len;
};

// RFC 5280 §4.2.1.3
enum KeyUsageBit : unsigned {
    digital_signature = 0, non_repudiation = 1, key_encipherment = 2, data_encipherment = 3,
    key_agreement = 4, key_cert_sign = 5, crl_sign = 6, encipher_only = 7, decipher_only = 8,
};

struct NameConstraints {
    std::vector<GeneralName> permitted, excluded;
};

struct Extension {
    std::string oid;
    bool critical = false;
    ByteView value;   // the extnValue contents (points into Certificate::der)
    bool understood = false;   // parsed and enforced by glasstls
};

// RFC 5280 §4.1.1.2 signatureAlgorithm, resolved to something we can verify.
struct SignatureAlgorithmId {
    std::string oid;
    std::string name;    // "sha256WithRSAEncryption"
    bool supported = false;
    crypto::SignatureAlgorithm algorithm = crypto::SignatureAlgorithm::rsa_pkcs1;
    crypto::HashAlgorithm hash = crypto::HashAlgorithm::sha256;
    std::optional<std::size_t> pss_salt_length;   // RSASSA-PSS: the salt its parameters name
};

// RSA keys glasstls will use (RFC 8017 sets no bound; these are cost bounds).
inline constexpr std::size_t min_rsa_bits = 1024, max_rsa_bits = 8192;

struct Certificate {
    Bytes der;
    Bytes tbs_der;   // the signed part
    int version = 1;
    Bytes serial;    // big-endian magnitude
    bool serial_negative = false;   // RFC 5280 §4.1.2.2 forbids it; verify rejects it
    SignatureAlgorithmId signature_algorithm;
    Name issuer, subject;
    std::int64_t not_before = 0, not_after = 0;   // Unix seconds
    crypto::PublicKey public_key;
    bool public_key_supported = false;  // false: an algorithm, curve or size glasstls cannot use
    std::string public_key_algorithm;   // "rsaEncryption", "id-ecPublicKey", "ED25519", or the OID
    Bytes spki_der;                     // SubjectPublicKeyInfo, for SPKI pins
    Bytes signature;

    std::vector<Extension> extensions;
    std::optional<BasicConstraints> basic_constraints;
    std::optional<std::uint16_t> key_usage;                 // bit i = KeyUsageBit i
    std::optional<std::vector<std::string>> ext_key_usage;  // OIDs
    std::optional<std::vector<GeneralName>> subject_alt_names;
    std::optional<NameConstraints> name_constraints;
    std::optional<Bytes> authority_key_id, subject_key_id;
    // Decoded to be shown, not enforced: glasstls asks no OCSP responder and
    // fetches no CRL, so these extensions stay Extension::understood = false.
    std::optional<std::vector<AccessDescription>> authority_info_access;
    std::optional<std::vector<DistributionPoint>> crl_distribution_points;

    bool has_key_usage(KeyUsageBit bit) const { return key_usage && ((*key_usage >> bit) & 1); }
    // No keyUsage extension allows every use (RFC 5280 §4.2.1.3).
    bool allows_key_usage(KeyUsageBit bit) const { return !key_usage || has_key_usage(bit); }
    const Extension* find_extension(std::string_view oid) const;
    bool self_issued() const { return subject.matches(issuer); }
    std::vector<const Extension*> unknown_critical_extensions() const;
    Bytes fingerprint_sha256() const;
    std::string describe() const;   // "CN=www.lab.test" — how errors name it
};

// One DER certificate; TlsError{bad_certificate, "certificate: tbsCertificate: …"} on any defect.
Certificate parse_certificate(ByteView der);
// Every CERTIFICATE block of a PEM text, or one DER certificate.
std::vector<Certificate> parse_certificates(ByteView pem_or_der);
// Reads a file of certificates. A file that cannot be read (read_file), holds
// none (decode_error) or holds a malformed one is a TlsError naming the file.
std::vector<Certificate> load_certificates(const std::string& path);

// A private key from PEM: PKCS#8 "PRIVATE KEY" (RSA, EC, Ed25519), PKCS#1
// "RSA PRIVATE KEY" or SEC1 "EC PRIVATE KEY"; or from DER, PKCS#8 first.
// Other block types are TlsError{decode_error}. An encrypted key, without
// a password source, is TlsError{decode_error} with a sentence saying what
// to do.
crypto::PrivateKey parse_private_key(ByteView pem_or_der);
// The same from a file: a TlsError whose sentence starts with the path, or
// "cannot read PATH" (read_file).
crypto::PrivateKey load_private_key(const std::string& path);

// Where the pass phrase of an encrypted key comes from. It is called only
// when the key is encrypted, and at most once, after the file's encryption
// scheme has been read and found supported — so a program may prompt
// ("Enter PEM pass phrase:") lazily. An exception it throws passes through
// (a TlsError of its own gets the path in front, as any from load_private_key).
using PasswordSource = std::function<std::string()>;

// PBKDF2 iteration counts glasstls computes (a CPU bound on what a file may
// claim: OpenSSL writes 2048, OWASP's advice for PBKDF2-HMAC-SHA256 is
// 600,000; ten million take about ten seconds — HMAC-SHA1 run twice over
// for an AES-256 key — and 2^31 would take hours).
inline constexpr std::int64_t max_pbkdf2_iterations = 10'000'000;

// As above, and encrypted keys too: PKCS#8 "ENCRYPTED PRIVATE KEY" (RFC 5958
// §3, PBES2 of RFC 8018 §6.2: PBKDF2 with HMAC-SHA1/256/384/512; AES-128/
// 192/256-CBC or DES-EDE3-CBC), in PEM or DER, and OpenSSL's legacy PEM
// encryption ("Proc-Type: 4,ENCRYPTED", DEK-Info AES-128/192/256-CBC or
// DES-EDE3-CBC). An empty `password` behaves as the overloads above. Any
// other scheme, or more than max_pbkdf2_iterations, is TlsError{decode_error}
// naming it, before `password` is called; a wrong pass phrase (bad padding,
// or a key that does not parse) is TlsError{decrypt_error, "cannot decrypt
// the private key: wrong pass phrase?"}.
crypto::PrivateKey parse_private_key(ByteView pem_or_der, const PasswordSource& password);
crypto::PrivateKey load_private_key(const std::string& path, const PasswordSource& password);

// A DER Name (a CertificateRequest's certificate_authorities entry) as text.
std::string describe_name(ByteView der);

// Names for printing.
std::string oid_name(const std::string& oid);   // "serverAuth", "subjectAltName", or the OID
std::string format_ip(ByteView ip);             // "192.0.2.1", "2001:db8::1"
std::string format_serial(ByteView serial);     // "3A:F1:…" as openssl prints it

// The forms Python's ssl getpeercert() returns, as OpenSSL writes them (what
// glass x509 --json and the Python module's certificate dicts both show):
// the serial as i2a_ASN1_INTEGER does — "-" and the magnitude of a negative
// one, two upper-case hex digits a byte, cut after 35 bytes as CPython cuts
// it — and a time as ASN1_TIME_print does, "Jan  5 09:34:43 2018 GMT".
std::string getpeercert_serial(const Certificate& cert);
std::string getpeercert_time(std::int64_t unix_seconds);
// An iPAddress as CPython writes it: dotted IPv4; IPv6 as eight upper-case
// groups, none shortened ("0:0:0:0:0:0:0:1"); "<invalid>" for other sizes.
std::string getpeercert_ip(ByteView ip);
// The URIs of the authorityInfoAccess entries with access method `method`
// (oids::ocsp, oids::ca_issuers), and of the CRL distribution points'
// fullNames (CPython skips a point without one, CVE-2019-5010).
std::vector<std::string> getpeercert_access_uris(const Certificate& cert, const char* method);
std::vector<std::string> getpeercert_crl_uris(const Certificate& cert);

// Well-known OIDs used by verify and by the renderings.
namespace oids {
inline constexpr const char* server_auth = "1.3.6.1.5.5.7.3.1";
inline constexpr const char* client_auth = "1.3.6.1.5.5.7.3.2";
inline constexpr const char* any_extended_key_usage = "2.5.29.37.0";
inline constexpr const char* common_name = "2.5.4.3";
inline constexpr const char* email_address = "1.2.840.113549.1.9.1";   // PKCS #9, legacy e-mail in a Name
inline constexpr const char* ocsp = "1.3.6.1.5.5.7.48.1";         // id-ad-ocsp (RFC 5280 §4.2.2.1)
inline constexpr const char* ca_issuers = "1.3.6.1.5.5.7.48.2";   // id-ad-caIssuers
} // namespace oids

// The whole file; TlsError{internal_error, "cannot read PATH"} when it cannot
// be opened (a local failure: no peer is involved, and none is told).
Bytes read_file(const std::string& path);

} // namespace glasstls::x509
