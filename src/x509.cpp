// X.509 certificate parsing (RFC 5280 §4.1, §4.2), by hand, from strict DER.
#include "glasstls/x509.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <stdexcept>

#include "glasstls/der.hpp"
#include "glasstls/pem.hpp"
#include "glasstls/text.hpp"
#include "x509_algorithms.hpp"

namespace glasstls::x509 {

namespace {

using der::Reader;

struct OidInfo {
    const char* short_name;
    const char* long_name;
};

const std::map<std::string, OidInfo>& oid_table() {
    static const std::map<std::string, OidInfo> table = {
        // Name attributes (RFC 5280 §4.1.2.4, Appendix A)
        {"2.5.4.3", {"CN", "commonName"}}, {"2.5.4.4", {"SN", "surname"}}, {"2.5.4.5", {"serialNumber", "serialNumber"}},
        {"2.5.4.6", {"C", "countryName"}}, {"2.5.4.7", {"L", "localityName"}},
        {"2.5.4.8", {"ST", "stateOrProvinceName"}}, {"2.5.4.9", {"street", "streetAddress"}},
        {"2.5.4.10", {"O", "organizationName"}}, {"2.5.4.11", {"OU", "organizationalUnitName"}},
        {"2.5.4.12", {"title", "title"}}, {"2.5.4.17", {"postalCode", "postalCode"}},
        {"2.5.4.42", {"GN", "givenName"}}, {"1.2.840.113549.1.9.1", {"emailAddress", "emailAddress"}},
        {"0.9.2342.19200300.100.1.25", {"DC", "domainComponent"}}, {"0.9.2342.19200300.100.1.1", {"UID", "userId"}},
        // Extensions (RFC 5280 §4.2)
        {"2.5.29.14", {"subjectKeyIdentifier", "X509v3 Subject Key Identifier"}},
        {"2.5.29.15", {"keyUsage", "X509v3 Key Usage"}},
        {"2.5.29.17", {"subjectAltName", "X509v3 Subject Alternative Name"}},
        {"2.5.29.19", {"basicConstraints", "X509v3 Basic Constraints"}},
        {"2.5.29.30", {"nameConstraints", "X509v3 Name Constraints"}},
        {"2.5.29.31", {"cRLDistributionPoints", "X509v3 CRL Distribution Points"}},
        {"2.5.29.32", {"certificatePolicies", "X509v3 Certificate Policies"}},
        {"2.5.29.35", {"authorityKeyIdentifier", "X509v3 Authority Key Identifier"}},
        {"2.5.29.37", {"extendedKeyUsage", "X509v3 Extended Key Usage"}},
        {"1.3.6.1.5.5.7.1.1", {"authorityInfoAccess", "Authority Information Access"}},
        {"1.3.6.1.4.1.11129.2.4.2", {"ct_precert_scts", "CT Precertificate SCTs"}},
        // Extended key usages (RFC 5280 §4.2.1.12)
        {"1.3.6.1.5.5.7.3.1", {"serverAuth", "TLS Web Server Authentication"}},
        {"1.3.6.1.5.5.7.3.2", {"clientAuth", "TLS Web Client Authentication"}},
        {"1.3.6.1.5.5.7.3.3", {"codeSigning", "Code Signing"}},
        {"1.3.6.1.5.5.7.3.4", {"emailProtection", "E-mail Protection"}},
        {"1.3.6.1.5.5.7.3.8", {"timeStamping", "Time Stamping"}},
        {"1.3.6.1.5.5.7.3.9", {"OCSPSigning", "OCSP Signing"}},
        {"2.5.29.37.0", {"anyExtendedKeyUsage", "Any Extended Key Usage"}},
        // Algorithms
        {"1.2.840.113549.1.1.1", {"rsaEncryption", "rsaEncryption"}},
        {"1.2.840.10045.2.1", {"id-ecPublicKey", "id-ecPublicKey"}},
        {"1.3.101.112", {"ED25519", "ED25519"}},
        {"1.2.840.10045.3.1.7", {"prime256v1", "P-256"}},
        {"1.3.132.0.34", {"secp384r1", "P-384"}},
        {"1.3.132.0.35", {"secp521r1", "P-521"}},
        {"1.2.840.113549.1.1.10", {"RSASSA-PSS", "rsassaPss"}},
        // Key encryption (RFC 8018 App. A-C, RFC 7292 App. C, RFC 7914 §7), OpenSSL's names
        {"1.2.840.113549.1.5.13", {"PBES2", "PBES2"}}, {"1.2.840.113549.1.5.12", {"PBKDF2", "PBKDF2"}},
        {"1.2.840.113549.1.5.3", {"pbeWithMD5AndDES-CBC", "pbeWithMD5AndDES-CBC"}},
        {"1.2.840.113549.1.5.10", {"pbeWithSHA1AndDES-CBC", "pbeWithSHA1AndDES-CBC"}},
        {"1.2.840.113549.1.12.1.3", {"pbeWithSHA1And3-KeyTripleDES-CBC", "pbeWithSHA1And3-KeyTripleDES-CBC"}},
        {"1.2.840.113549.1.12.1.6", {"pbeWithSHA1And40BitRC2-CBC", "pbeWithSHA1And40BitRC2-CBC"}},
        {"1.3.6.1.4.1.11591.4.11", {"id-scrypt", "scrypt"}},
        {"1.2.840.113549.2.7", {"hmacWithSHA1", "hmacWithSHA1"}}, {"1.2.840.113549.2.8", {"hmacWithSHA224", "hmacWithSHA224"}},
        {"1.2.840.113549.2.9", {"hmacWithSHA256", "hmacWithSHA256"}}, {"1.2.840.113549.2.10", {"hmacWithSHA384", "hmacWithSHA384"}},
        {"1.2.840.113549.2.11", {"hmacWithSHA512", "hmacWithSHA512"}},
        {"2.16.840.1.101.3.4.1.2", {"aes-128-cbc", "aes-128-cbc"}}, {"2.16.840.1.101.3.4.1.22", {"aes-192-cbc", "aes-192-cbc"}},
        {"2.16.840.1.101.3.4.1.42", {"aes-256-cbc", "aes-256-cbc"}}, {"1.2.840.113549.3.7", {"des-ede3-cbc", "des-ede3-cbc"}},
        {"2.16.840.1.101.3.4.1.6", {"id-aes128-GCM", "aes-128-gcm"}}, {"2.16.840.1.101.3.4.1.46", {"id-aes256-GCM", "aes-256-gcm"}},
        {"1.3.14.3.2.7", {"des-cbc", "des-cbc"}}, {"1.2.840.113549.3.2", {"rc2-cbc", "rc2-cbc"}},
    };
    return table;
}

// RFC 5280 §4.1.1.2 / RFC 4055 / RFC 5758 / RFC 8410 signature algorithms.
SignatureAlgorithmId signature_algorithm(Reader& r, const char* field) {
    Reader alg = r.sequence(field);
    SignatureAlgorithmId id;
    id.oid = alg.oid("algorithm");
    using crypto::HashAlgorithm;
    using crypto::SignatureAlgorithm;
    struct Known {
        const char* oid;
        const char* name;
        SignatureAlgorithm alg;
        HashAlgorithm hash;
    };
    static const Known known[] = {
        {"1.2.840.113549.1.1.4", "md5WithRSAEncryption", SignatureAlgorithm::rsa_pkcs1, HashAlgorithm::md5},
        {"1.2.840.113549.1.1.5", "sha1WithRSAEncryption", SignatureAlgorithm::rsa_pkcs1, HashAlgorithm::sha1},
        {"1.2.840.113549.1.1.11", "sha256WithRSAEncryption", SignatureAlgorithm::rsa_pkcs1, HashAlgorithm::sha256},
        {"1.2.840.113549.1.1.12", "sha384WithRSAEncryption", SignatureAlgorithm::rsa_pkcs1, HashAlgorithm::sha384},
        {"1.2.840.113549.1.1.13", "sha512WithRSAEncryption", SignatureAlgorithm::rsa_pkcs1, HashAlgorithm::sha512},
        {"1.2.840.10045.4.1", "ecdsa-with-SHA1", SignatureAlgorithm::ecdsa, HashAlgorithm::sha1},
        {"1.2.840.10045.4.3.2", "ecdsa-with-SHA256", SignatureAlgorithm::ecdsa, HashAlgorithm::sha256},
        {"1.2.840.10045.4.3.3", "ecdsa-with-SHA384", SignatureAlgorithm::ecdsa, HashAlgorithm::sha384},
        {"1.2.840.10045.4.3.4", "ecdsa-with-SHA512", SignatureAlgorithm::ecdsa, HashAlgorithm::sha512},
        {"1.3.101.112", "ED25519", SignatureAlgorithm::ed25519, HashAlgorithm::sha512},
    };
    for (const Known& k : known) {
        if (id.oid != k.oid) continue;
        id.name = k.name;
        id.algorithm = k.alg;
        id.hash = k.hash;
        id.supported = true;
        // RSA PKCS#1 algorithms carry NULL parameters (RFC 4055 §5, absent
        // tolerated); ECDSA and Ed25519 carry none (RFC 5758 §3.2, RFC 8410 §3).
        if (k.alg == SignatureAlgorithm::rsa_pkcs1 && !alg.empty()) alg.null("parameters");
        alg.expect_end("AlgorithmIdentifier");
        return id;
    }
    if (id.oid == algorithms::rsassa_pss_oid) {
        // RSASSA-PSS (RFC 4055 §3.1): the parameters are required here, and
        // name the hash, MGF1's hash and the salt length, all checked.
        id.name = "rsassaPss";
        id.algorithm = SignatureAlgorithm::rsa_pss;
        const std::optional<algorithms::PssParams> params = algorithms::read_pss_params(alg);
        if (!params) return id;   // unsupported: no parameters
        id.hash = params->hash;
        id.pss_salt_length = params->salt_length;
        id.supported = params->problem.empty();
        id.name += " (" + (id.supported ? params->describe() : params->problem) + ")";
        return id;
    }
    id.name = id.oid;
    return id;
}

std::string decode_string(const der::Element& e, const Reader& r, const char* field) {
    ByteView c = e.content;
    switch (e.tag) {
    case der::UTF8_STRING:
        // X.680: a UTF8String holds UTF-8 (RFC 3629) and nothing else; OpenSSL refuses to load one that does not.
        if (!text::valid_utf8(std::string_view(reinterpret_cast<const char*>(c.data()), c.size()))) {
            r.fail(field, "UTF8String that is not UTF-8 (RFC 3629)");
        }
        return std::string(c.begin(), c.end());
    case der::PRINTABLE_STRING:
    case der::IA5_STRING:
    case der::T61_STRING:
        return std::string(c.begin(), c.end());
    case der::BMP_STRING: {   // UCS-2 big-endian -> UTF-8
        if (c.size() % 2 != 0) r.fail(field, "BMPString of odd length");
        std::string out;
        for (std::size_t i = 0; i < c.size(); i += 2) {
            unsigned cp = (c[i] << 8) | c[i + 1];
            if (cp < 0x80) out += static_cast<char>(cp);
            else if (cp < 0x800) out += {static_cast<char>(0xc0 | (cp >> 6)), static_cast<char>(0x80 | (cp & 0x3f))};
            else out += {static_cast<char>(0xe0 | (cp >> 12)), static_cast<char>(0x80 | ((cp >> 6) & 0x3f)), static_cast<char>(0x80 | (cp & 0x3f))};
        }
        return out;
    }
    case der::UNIVERSAL_STRING:   // UCS-4, shown in hex like the unusual types, but whole characters
        if (c.size() % 4 != 0) r.fail(field, "UniversalString of a length not a multiple of 4");
        return "#" + to_hex(c);
    default:
        return "#" + to_hex(c);   // an unusual type: shown in hex, as openssl does
    }
}

// RelativeDistinguishedName ::= SET SIZE (1..MAX) OF AttributeTypeAndValue, as a reader over the SET.
std::vector<Attribute> parse_rdn(Reader& set) {
    std::vector<Attribute> rdn;
    while (!set.empty()) {
        Reader atv = set.sequence("AttributeTypeAndValue");
        Attribute a;
        a.oid = atv.oid("type");
        const der::Element value = atv.read("value");
        a.value = decode_string(value, atv, "value");
        a.value_tag = value.tag;
        a.value_content.assign(value.content.begin(), value.content.end());
        atv.expect_end("AttributeTypeAndValue");
        rdn.push_back(std::move(a));
    }
    if (rdn.empty()) set.fail("RelativeDistinguishedName", "empty SET");
    return rdn;
}

Name parse_name(Reader& r, const char* field) {
    der::Element e = r.expect(der::SEQUENCE, field);
    Name name;
    name.der.assign(e.encoded.begin(), e.encoded.end());
    Reader rdns = r.enter(e, field);
    while (!rdns.empty()) {
        Reader set = rdns.set("RelativeDistinguishedName");
        name.rdns.push_back(parse_rdn(set));
    }
    return name;
}

// RFC 8017 §A.1.1 RSAPublicKey, under rsaEncryption or RSASSA-PSS. Returns
// false when the key is parsed but unusable (its reason appended to the
// algorithm's name), so that the caller stops there.
bool parse_rsa_public_key(const Reader& r, Reader& alg, ByteView key, const std::string& oid, Certificate& cert) {
    crypto::PublicKey& pk = cert.public_key;
    // An RSA-PSS key (RFC 4055 §1.2) signs only with PSS, and only as
    // its parameters, when present, allow (RFC 4055 §3.1).
    if (oid == algorithms::rsassa_pss_oid) {
        pk.type = crypto::KeyType::rsa_pss;
        if (const std::optional<algorithms::PssParams> params = algorithms::read_pss_params(alg)) {
            if (!params->problem.empty()) {
                cert.public_key_algorithm += " (restricted to " + params->problem + ")";
                return false;
            }
            pk.pss = crypto::PssRestriction{params->hash, params->salt_length};
            cert.public_key_algorithm += " (" + params->describe() + " at least)";
        }
    } else {
        pk.type = crypto::KeyType::rsa;
        if (!alg.empty()) alg.null("parameters");
    }
    Reader k(key, r.context() + ": RSAPublicKey", r.alert());
    Reader seq = k.sequence("RSAPublicKey");
    pk.rsa_n = seq.integer("modulus");
    pk.rsa_e = seq.integer("publicExponent");
    seq.expect_end("RSAPublicKey");
    k.expect_end("RSAPublicKey");
    // Bounds on what a certificate may make us compute: a verification
    // costs modulus size x exponent size, so a 16384-bit modulus or a
    // huge exponent is a CPU attack (Go caps RSA at 8192 bits too).
    const std::size_t bits = pk.bits();
    const bool exponent_ok = !pk.rsa_e.empty() && pk.rsa_e.size() <= 4 && (pk.rsa_e.back() & 1) != 0 &&
                             !(pk.rsa_e.size() == 1 && pk.rsa_e[0] < 3);
    if (bits < min_rsa_bits || bits > max_rsa_bits) {
        cert.public_key_algorithm += " (" + std::to_string(bits) + "-bit modulus; glasstls accepts " +
                                     std::to_string(min_rsa_bits) + " to " + std::to_string(max_rsa_bits) + ")";
        return false;
    }
    if (!exponent_ok) {
        cert.public_key_algorithm += " (public exponent must be odd, at least 3 and under 2^32)";
        return false;
    }
    cert.public_key_supported = true;
    return true;
}

void parse_public_key(Reader& r, Certificate& cert) {
    der::Element spki = r.expect(der::SEQUENCE, "subjectPublicKeyInfo");
    cert.spki_der.assign(spki.encoded.begin(), spki.encoded.end());
    Reader s = r.enter(spki, "subjectPublicKeyInfo");
    Reader alg = s.sequence("algorithm");
    const std::string oid = alg.oid("algorithm");
    cert.public_key_algorithm = oid_name(oid);
    ByteView key = s.bit_string("subjectPublicKey");
    s.expect_end("subjectPublicKeyInfo");
    crypto::PublicKey& pk = cert.public_key;
    if (oid == algorithms::rsa_encryption_oid || oid == algorithms::rsassa_pss_oid) {
        if (!parse_rsa_public_key(r, alg, key, oid, cert)) return;
    } else if (oid == "1.2.840.10045.2.1") {   // RFC 5480 §2.1.1: namedCurve
        const std::string curve = alg.oid("namedCurve");
        pk.type = crypto::KeyType::ec;
        pk.point.assign(key.begin(), key.end());
        if (const auto named = algorithms::curve_from_oid(curve)) pk.curve = *named;
        else {
            cert.public_key_algorithm += " (" + oid_name(curve) + ")";
            return;   // parsed, but a curve we cannot use
        }
        cert.public_key_supported = true;
    } else if (oid == "1.3.101.112") {   // RFC 8410 §4
        if (key.size() != 32) r.fail("subjectPublicKey", "an Ed25519 key is 32 bytes");
        pk.type = crypto::KeyType::ed25519;
        pk.point.assign(key.begin(), key.end());
        cert.public_key_supported = true;
    } else {
        // DSA, Ed448, X448…: not usable here, but the certificate is
        // still readable (a DSA root in a bundle must not spoil the bundle).
        while (!alg.empty()) alg.read("parameters");
        return;
    }
    alg.expect_end("AlgorithmIdentifier");
}

// otherName ::= SEQUENCE { type-id OID, value [0] EXPLICIT ANY } (RFC 5280 §4.2.1.6),
// read under its implicit [0] tag.
OtherName parse_other_name(const Reader& r, const der::Element& e) {
    Reader inner = r.enter(e, "otherName");
    OtherName other;
    other.type_id = inner.oid("type-id");
    const der::Element wrapped = inner.expect(der::context_constructed(0), "value");
    inner.expect_end("otherName");
    Reader explicit_value = inner.enter(wrapped, "value");
    const der::Element value = explicit_value.read("value");
    explicit_value.expect_end("value");
    other.value_tag = value.tag;
    other.value_content.assign(value.content.begin(), value.content.end());
    return other;
}

GeneralName parse_general_name(Reader& r, const char* field) {
    der::Element e = r.read(field);
    GeneralName g;
    switch (e.tag) {
    case der::context_constructed(0):
        g.type = GeneralNameType::other;
        g.text = "<otherName>";
        g.other = parse_other_name(r, e);
        break;
    case der::context(1): g.type = GeneralNameType::email; g.text.assign(e.content.begin(), e.content.end()); break;
    case der::context(2): g.type = GeneralNameType::dns; g.text.assign(e.content.begin(), e.content.end()); break;
    case der::context_constructed(4): {
        g.type = GeneralNameType::directory;
        Reader inner = r.enter(e, field);
        g.directory = parse_name(inner, "directoryName");
        g.text = g.directory.to_string();
        break;
    }
    case der::context(6): g.type = GeneralNameType::uri; g.text.assign(e.content.begin(), e.content.end()); break;
    case der::context(7):
        g.type = GeneralNameType::ip;
        g.ip.assign(e.content.begin(), e.content.end());
        if (g.ip.size() != 4 && g.ip.size() != 16 && g.ip.size() != 8 && g.ip.size() != 32) {
            r.fail(field, "iPAddress must be 4 or 16 bytes (8 or 32 with a mask)");
        }
        g.text = g.ip.size() == 4 || g.ip.size() == 16 ? format_ip(g.ip) : format_ip(ByteView(g.ip).first(g.ip.size() / 2)) + "/" + format_ip(ByteView(g.ip).subspan(g.ip.size() / 2));
        break;
    case der::context(8):
        // Decoded through the Reader, so a malformed OID is a bad_certificate
        // like any other defect (a raw oid_to_string here once aborted a server).
        g.type = GeneralNameType::registered_id;
        g.text = r.oid_content(e, field);
        break;
    default: r.fail(field, "unsupported GeneralName form");
    }
    return g;
}

std::vector<GeneralName> parse_general_subtrees(Reader& r, const char* field) {
    std::vector<GeneralName> out;
    while (!r.empty()) {
        Reader subtree = r.sequence(field);
        out.push_back(parse_general_name(subtree, "base"));
        // minimum DEFAULT 0 and maximum are never used in the web PKI (RFC 5280 §4.2.1.10).
        if (!subtree.empty()) subtree.fail(field, "minimum/maximum are not supported");
    }
    return out;
}

// AuthorityInfoAccessSyntax ::= SEQUENCE SIZE (1..MAX) OF AccessDescription (RFC 5280 §4.2.2.1)
std::vector<AccessDescription> parse_info_access(Reader& r) {
    Reader s = r.sequence("AuthorityInfoAccessSyntax");
    std::vector<AccessDescription> out;
    while (!s.empty()) {
        Reader ad = s.sequence("AccessDescription");
        AccessDescription d;
        d.method = ad.oid("accessMethod");
        d.location = parse_general_name(ad, "accessLocation");
        ad.expect_end("AccessDescription");
        out.push_back(std::move(d));
    }
    if (out.empty()) s.fail("AuthorityInfoAccessSyntax", "must hold at least one AccessDescription");
    return out;
}

// DistributionPointName ::= CHOICE { fullName [0] GeneralNames,
// nameRelativeToCRLIssuer [1] RelativeDistinguishedName }, inside its
// explicit [0] (RFC 5280 §4.2.1.13). The relative name is checked, not kept.
std::vector<GeneralName> parse_distribution_point_name(Reader& n) {
    std::vector<GeneralName> names;
    if (auto full = n.optional(der::context_constructed(0), "fullName")) {
        Reader list = n.enter(*full, "fullName");
        while (!list.empty()) names.push_back(parse_general_name(list, "GeneralName"));
        if (names.empty()) n.fail("fullName", "must hold at least one name");
    } else {
        Reader rdn = n.enter(n.expect(der::context_constructed(1), "nameRelativeToCRLIssuer"), "nameRelativeToCRLIssuer");
        parse_rdn(rdn);
    }
    n.expect_end("distributionPoint");
    return names;
}

// CRLDistributionPoints ::= SEQUENCE SIZE (1..MAX) OF DistributionPoint
std::vector<DistributionPoint> parse_distribution_points(Reader& r) {
    Reader s = r.sequence("CRLDistributionPoints");
    std::vector<DistributionPoint> out;
    while (!s.empty()) {
        Reader dp = s.sequence("DistributionPoint");
        DistributionPoint point;
        if (auto name = dp.optional(der::context_constructed(0), "distributionPoint")) {
            Reader n = dp.enter(*name, "distributionPoint");
            point.full_name = parse_distribution_point_name(n);
        }
        dp.optional(der::context(1), "reasons");
        if (auto issuer = dp.optional(der::context_constructed(2), "cRLIssuer")) {   // checked, not kept
            Reader names = dp.enter(*issuer, "cRLIssuer");
            while (!names.empty()) parse_general_name(names, "GeneralName");
        }
        dp.expect_end("DistributionPoint");
        out.push_back(std::move(point));
    }
    if (out.empty()) s.fail("CRLDistributionPoints", "must hold at least one DistributionPoint");
    return out;
}

// Decodes the extensions glasstls understands; the rest are kept raw.
void parse_extension(Certificate& c, Extension& ext, const std::string& ctx) {
    Reader r(ext.value, ctx + ": " + oid_name(ext.oid));
    ext.understood = true;
    if (ext.oid == "2.5.29.19") {   // §4.2.1.9
        Reader s = r.sequence("BasicConstraints");
        BasicConstraints bc;
        if (s.peek_tag() == der::BOOLEAN) bc.ca = s.boolean("cA");
        if (!s.empty()) {
            bc.path_len = s.small_integer("pathLenConstraint");
        }
        s.expect_end("BasicConstraints");
        c.basic_constraints = bc;
    } else if (ext.oid == "2.5.29.15") {   // §4.2.1.3
        ByteView bits = r.named_bits("KeyUsage");
        std::uint16_t v = 0;
        for (unsigned i = 0; i < 9 && i / 8 < bits.size(); ++i) {
            if (bits[i / 8] & (0x80 >> (i % 8))) v = static_cast<std::uint16_t>(v | (1u << i));
        }
        c.key_usage = v;
    } else if (ext.oid == "2.5.29.37") {   // §4.2.1.12
        Reader s = r.sequence("ExtKeyUsageSyntax");
        std::vector<std::string> eku;
        while (!s.empty()) eku.push_back(s.oid("KeyPurposeId"));
        if (eku.empty()) s.fail("ExtKeyUsageSyntax", "must list at least one purpose");
        c.ext_key_usage = eku;
    } else if (ext.oid == "2.5.29.17") {   // §4.2.1.6
        Reader s = r.sequence("GeneralNames");
        std::vector<GeneralName> names;
        while (!s.empty()) names.push_back(parse_general_name(s, "GeneralName"));
        if (names.empty()) s.fail("GeneralNames", "must hold at least one name");
        c.subject_alt_names = names;
    } else if (ext.oid == "2.5.29.30") {   // §4.2.1.10
        Reader s = r.sequence("NameConstraints");
        NameConstraints nc;
        if (auto p = s.optional(der::context_constructed(0), "permittedSubtrees")) {
            Reader pr = s.enter(*p, "permittedSubtrees");
            nc.permitted = parse_general_subtrees(pr, "GeneralSubtree");
        }
        if (auto x = s.optional(der::context_constructed(1), "excludedSubtrees")) {
            Reader xr = s.enter(*x, "excludedSubtrees");
            nc.excluded = parse_general_subtrees(xr, "GeneralSubtree");
        }
        s.expect_end("NameConstraints");
        c.name_constraints = nc;
    } else if (ext.oid == "2.5.29.35") {   // §4.2.1.1
        Reader s = r.sequence("AuthorityKeyIdentifier");
        if (auto k = s.optional(der::context(0), "keyIdentifier")) c.authority_key_id = Bytes(k->content.begin(), k->content.end());
        ext.understood = true;   // issuer/serial forms are informational
    } else if (ext.oid == "2.5.29.14") {   // §4.2.1.2
        ByteView k = r.octet_string("SubjectKeyIdentifier");
        c.subject_key_id = Bytes(k.begin(), k.end());
    } else if (ext.oid == "1.3.6.1.5.5.7.1.1") {   // §4.2.2.1, decoded but not enforced
        c.authority_info_access = parse_info_access(r);
        ext.understood = false;
    } else if (ext.oid == "2.5.29.31") {   // §4.2.1.13, decoded but not enforced
        c.crl_distribution_points = parse_distribution_points(r);
        ext.understood = false;
    } else {
        ext.understood = false;
        return;
    }
    r.expect_end("extension value");
}

} // namespace

// ---- Names ---------------------------------------------------------------------

std::string Attribute::short_name() const {
    auto it = oid_table().find(oid);
    return it == oid_table().end() ? oid : it->second.short_name;
}

std::string Attribute::long_name() const {
    auto it = oid_table().find(oid);
    return it == oid_table().end() ? oid : it->second.long_name;
}

std::string Name::to_string() const {
    std::string out;
    for (const auto& rdn : rdns) {
        for (const Attribute& a : rdn) {
            if (!out.empty()) out += ", ";
            out += a.short_name() + "=" + text::visible(a.value);   // a peer's text, shown: never obeyed
        }
    }
    return out.empty() ? "(empty name)" : out;
}

std::string Name::common_name() const {
    std::string cn;
    for (const auto& rdn : rdns) {
        for (const Attribute& a : rdn) {
            if (a.oid == oids::common_name) cn = a.value;
        }
    }
    return cn;
}

namespace {
std::string fold(const std::string& s) {
    std::string out;
    bool space = false;
    for (char ch : s) {
        if (std::isspace(static_cast<unsigned char>(ch))) {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    }
    return out;
}
} // namespace

bool Name::matches(const Name& other) const {
    if (der == other.der) return true;
    return rdns.size() == other.rdns.size() && within(other);
}

bool Name::within(const Name& subtree) const {
    const Name& other = subtree;
    if (other.rdns.size() > rdns.size()) return false;
    for (std::size_t i = 0; i < other.rdns.size(); ++i) {
        if (rdns[i].size() != other.rdns[i].size()) return false;
        for (std::size_t j = 0; j < rdns[i].size(); ++j) {
            if (rdns[i][j].oid != other.rdns[i][j].oid) return false;
            if (fold(rdns[i][j].value) != fold(other.rdns[i][j].value)) return false;
        }
    }
    return true;
}

// ---- Certificate -------------------------------------------------------------------

std::vector<const Extension*> Certificate::unknown_critical_extensions() const {
    std::vector<const Extension*> out;
    for (const Extension& e : extensions) {
        if (e.critical && !e.understood) out.push_back(&e);
    }
    return out;
}

std::string describe_name(ByteView der) {
    try {
        Reader r(der, "Name", AlertDescription::decode_error);
        Name n = parse_name(r, "Name");
        r.expect_end("Name");
        return n.to_string();
    } catch (const TlsError&) {
        return "(a malformed name of " + std::to_string(der.size()) + " bytes)";
    }
}

const Extension* Certificate::find_extension(std::string_view oid) const {
    for (const Extension& e : extensions) {
        if (e.oid == oid) return &e;
    }
    return nullptr;
}

Bytes Certificate::fingerprint_sha256() const { return crypto::hash(crypto::HashAlgorithm::sha256, der); }

std::string Certificate::describe() const {
    std::string cn = subject.common_name();
    return cn.empty() ? subject.to_string() : "CN=" + text::visible(cn);
}

namespace {
Certificate parse_certificate_fields(ByteView data);
} // namespace

Certificate parse_certificate(ByteView data) {
    // The exception boundary of the parser: only TlsError leaves it, whatever
    // a hostile certificate makes the code below (or a library) throw.
    try {
        return parse_certificate_fields(data);
    } catch (const TlsError&) {
        throw;
    } catch (const std::exception& e) {
        throw TlsError(AlertDescription::bad_certificate, std::string("certificate: ") + e.what());
    }
}

namespace {
// Extensions ::= SEQUENCE SIZE (1..MAX) OF Extension (§4.1.2.9), each OID once (§4.2).
void read_extension_list(Reader list, Certificate& c) {
    while (!list.empty()) {
        Reader e = list.sequence("Extension");
        Extension ext;
        ext.oid = e.oid("extnID");
        if (e.peek_tag() == der::BOOLEAN) ext.critical = e.boolean("critical");
        ext.value = e.octet_string("extnValue");
        e.expect_end("Extension");
        for (const Extension& seen : c.extensions) {
            if (seen.oid == ext.oid) list.fail("Extension", oid_name(ext.oid) + " appears twice (RFC 5280 §4.2)");
        }
        c.extensions.push_back(ext);
    }
    if (c.extensions.empty()) list.fail("Extensions", "empty list");
}

Certificate parse_certificate_fields(ByteView data) {
    Certificate c;
    c.der.assign(data.begin(), data.end());
    Reader top(c.der, "certificate");
    der::Element whole = top.expect(der::SEQUENCE, "Certificate");
    top.expect_end("Certificate");
    Reader cert = top.enter(whole, "Certificate");
    der::Element tbs_element = cert.expect(der::SEQUENCE, "tbsCertificate");
    c.tbs_der.assign(tbs_element.encoded.begin(), tbs_element.encoded.end());
    Reader tbs = cert.enter(tbs_element, "tbsCertificate");

    // version [0] EXPLICIT DEFAULT v1 (§4.1.2.1)
    if (auto v = tbs.optional(der::context_constructed(0), "version")) {
        Reader vr = tbs.enter(*v, "version");
        const std::int64_t version = vr.small_integer("version");
        vr.expect_end("version");
        if (version < 0 || version > 2) tbs.fail("version", "unknown version " + std::to_string(version + 1));
        c.version = static_cast<int>(version + 1);
    }
    // The sign is read from the encoding: integer() strips a positive value's
    // leading zero, after which its first bit no longer tells.
    if (auto first = tbs.peek_content_byte(der::INTEGER)) c.serial_negative = (*first & 0x80) != 0;
    c.serial = tbs.integer("serialNumber", true);
    const der::Element inner_alg = tbs.expect(der::SEQUENCE, "signature");
    c.issuer = parse_name(tbs, "issuer");
    Reader validity = tbs.sequence("validity");
    c.not_before = validity.time("notBefore");
    c.not_after = validity.time("notAfter");
    validity.expect_end("validity");
    c.subject = parse_name(tbs, "subject");
    parse_public_key(tbs, c);
    tbs.optional(der::context(1), "issuerUniqueID");
    tbs.optional(der::context(2), "subjectUniqueID");
    if (auto exts = tbs.optional(der::context_constructed(3), "extensions")) {
        if (c.version != 3) tbs.fail("extensions", "only version 3 certificates may carry extensions");
        read_extension_list(tbs.enter(*exts, "extensions").sequence("Extensions"), c);
    }
    tbs.expect_end("tbsCertificate");

    // signatureAlgorithm must repeat tbsCertificate.signature exactly (§4.1.1.2).
    const der::Element outer_alg = cert.expect(der::SEQUENCE, "signatureAlgorithm");
    if (!std::equal(outer_alg.encoded.begin(), outer_alg.encoded.end(), inner_alg.encoded.begin(), inner_alg.encoded.end())) {
        cert.fail("signatureAlgorithm", "differs from tbsCertificate.signature");
    }
    Reader alg_reader(outer_alg.encoded, "certificate");
    c.signature_algorithm = signature_algorithm(alg_reader, "signatureAlgorithm");
    ByteView sig = cert.bit_string("signatureValue");
    c.signature.assign(sig.begin(), sig.end());
    cert.expect_end("Certificate");

    // Extensions point into c.der, which is now final; decode them.
    for (Extension& ext : c.extensions) parse_extension(c, ext, "certificate");
    return c;
}

} // namespace

std::vector<Certificate> parse_certificates(ByteView data) {
    std::vector<Certificate> out;
    if (!pem::looks_like_pem(data)) {
        out.push_back(parse_certificate(data));
        return out;
    }
    std::string_view text(reinterpret_cast<const char*>(data.data()), data.size());
    for (const pem::Block& b : pem::decode(text)) {
        if (b.label == "CERTIFICATE" || b.label == "TRUSTED CERTIFICATE" || b.label == "X509 CERTIFICATE") {
            out.push_back(parse_certificate(b.der));
        }
    }
    return out;
}

Bytes read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw TlsError(AlertDescription::internal_error, "cannot read " + path);
    return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::vector<Certificate> load_certificates(const std::string& path) {
    Bytes data = read_file(path);
    std::vector<Certificate> certs;
    try {
        certs = parse_certificates(data);
    } catch (const TlsError& e) {
        throw TlsError(e.alert(), path + ": " + e.what());
    }
    if (certs.empty()) throw TlsError(AlertDescription::decode_error, path + ": no certificate found");
    return certs;
}

// ---- Printing helpers ----------------------------------------------------------------

std::string oid_name(const std::string& oid) {
    auto it = oid_table().find(oid);
    return it == oid_table().end() ? oid : it->second.short_name;
}

std::string format_ip(ByteView ip) {
    char buf[64];
    if (ip.size() == 4) {
        std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", ip[0], ip[1], ip[2], ip[3]);
        return buf;
    }
    if (ip.size() != 16) return to_hex(ip);
    // RFC 5952: lowercase, longest run of zero groups (of 2+) as "::".
    unsigned g[8];
    for (int i = 0; i < 8; ++i) g[i] = (ip[2 * i] << 8) | ip[2 * i + 1];
    int best = -1, best_len = 0;
    for (int i = 0; i < 8;) {
        int j = i;
        while (j < 8 && g[j] == 0) ++j;
        if (j - i > best_len && j - i >= 2) best = i, best_len = j - i;
        i = j == i ? i + 1 : j;
    }
    std::string out;
    for (int i = 0; i < 8; ++i) {
        if (i == best) {
            out += "::";
            i += best_len - 1;
            continue;
        }
        if (!out.empty() && out.back() != ':') out += ':';
        std::snprintf(buf, sizeof buf, "%x", g[i]);
        out += buf;
    }
    return out;
}

std::string format_serial(ByteView serial) {
    std::string hex = to_hex(serial), out;
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        if (i) out += ':';
        out += static_cast<char>(std::toupper(hex[i]));
        out += static_cast<char>(std::toupper(hex[i + 1]));
    }
    return out.empty() ? "00" : out;
}

namespace {
// The magnitude of a negative serial, read as two's complement.
Bytes negate(ByteView twos) {
    Bytes out(twos.begin(), twos.end());
    unsigned carry = 1;
    for (std::size_t i = out.size(); i-- > 0;) {
        const unsigned v = static_cast<std::uint8_t>(~out[i]) + carry;
        out[i] = static_cast<std::uint8_t>(v);
        carry = v >> 8;
    }
    std::size_t zeros = 0;
    while (zeros + 1 < out.size() && out[zeros] == 0) ++zeros;
    out.erase(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(zeros));
    return out;
}
} // namespace

// OpenSSL breaks the line with "\\\n" every 35 bytes and CPython keeps only
// the first line, break included (BIO_gets), so a serial longer than RFC
// 5280's 20 bytes is cut there.
std::string getpeercert_serial(const Certificate& cert) {
    const Bytes magnitude = cert.serial_negative ? negate(cert.serial) : cert.serial;
    std::string out = cert.serial_negative ? "-" : "";
    if (magnitude.empty()) return out + "00";
    for (std::size_t i = 0; i < magnitude.size(); ++i) {
        if (i != 0 && i % 35 == 0) return out + "\\\n";
        char hex[3];
        std::snprintf(hex, sizeof hex, "%02X", magnitude[i]);
        out += hex;
    }
    return out;
}

// glasstls accepts only whole-second Zulu times (RFC 5280 §4.1.2.5), so
// OpenSSL's fraction and local-time forms never occur.
std::string getpeercert_time(std::int64_t unix_seconds) {
    static const char* const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int year = 0, month = 1, day = 0, hour = 0, minute = 0, second = 0;
    std::sscanf(der::format_time(unix_seconds).c_str(), "%d-%d-%dT%d:%d:%d", &year, &month, &day, &hour, &minute,
                &second);
    if (month < 1 || month > 12) month = 1;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s %2d %02d:%02d:%02d %d GMT", months[month - 1], day, hour, minute, second, year);
    return buf;
}

std::string getpeercert_ip(ByteView ip) {
    char buf[64];
    if (ip.size() == 4) {
        std::snprintf(buf, sizeof buf, "%d.%d.%d.%d", ip[0], ip[1], ip[2], ip[3]);
        return buf;
    }
    if (ip.size() != 16) return "<invalid>";
    std::string out;
    for (std::size_t i = 0; i < 16; i += 2) {
        std::snprintf(buf, sizeof buf, i ? ":%X" : "%X", (ip[i] << 8) | ip[i + 1]);
        out += buf;
    }
    return out;
}

std::vector<std::string> getpeercert_access_uris(const Certificate& cert, const char* method) {
    std::vector<std::string> uris;
    for (const AccessDescription& d : cert.authority_info_access.value_or(std::vector<AccessDescription>{})) {
        if (d.method == method && d.location.type == GeneralNameType::uri) uris.push_back(d.location.text);
    }
    return uris;
}

std::vector<std::string> getpeercert_crl_uris(const Certificate& cert) {
    std::vector<std::string> uris;
    for (const DistributionPoint& point : cert.crl_distribution_points.value_or(std::vector<DistributionPoint>{})) {
        for (const GeneralName& g : point.full_name) {
            if (g.type == GeneralNameType::uri) uris.push_back(g.text);
        }
    }
    return uris;
}

} // namespace glasstls::x509
