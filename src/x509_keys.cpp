// Private keys: PKCS#8 (RFC 5208, RFC 5958), PKCS#1 RSAPrivateKey (RFC 8017
// §A.1.2), SEC1 ECPrivateKey (RFC 5915), Ed25519 (RFC 8410 §7), RSA-PSS
// (RFC 4055 §1.2); and the algorithm identifiers keys and certificates share
// (x509_algorithms.hpp).
#include <stdexcept>

#include "glasstls/der.hpp"
#include "glasstls/pem.hpp"
#include "glasstls/x509.hpp"
#include "x509_algorithms.hpp"
#include "x509_key_encryption.hpp"

namespace glasstls::x509 {

// ---- Algorithm identifiers -----------------------------------------------------------

namespace algorithms {

std::optional<crypto::NamedGroup> curve_from_oid(const std::string& oid) {
    if (oid == "1.2.840.10045.3.1.7") return crypto::NamedGroup::secp256r1;
    if (oid == "1.3.132.0.34") return crypto::NamedGroup::secp384r1;
    if (oid == "1.3.132.0.35") return crypto::NamedGroup::secp521r1;
    return std::nullopt;
}

namespace {

using crypto::HashAlgorithm;

// HashAlgorithm ::= AlgorithmIdentifier, parameters NULL or absent (RFC 4055
// §2.1: "implementations MUST accept both"). SHA-1 and SHA-224 are read but
// not used: glasstls accepts no SHA-1 signature, and TLS has no PSS with either.
HashAlgorithm read_hash(der::Reader& holder, const char* field, std::string& problem) {
    der::Reader h = holder.sequence(field);
    const std::string oid = h.oid("algorithm");
    if (!h.empty()) h.null("parameters");
    h.expect_end(field);
    if (oid == "2.16.840.1.101.3.4.2.1") return HashAlgorithm::sha256;
    if (oid == "2.16.840.1.101.3.4.2.2") return HashAlgorithm::sha384;
    if (oid == "2.16.840.1.101.3.4.2.3") return HashAlgorithm::sha512;
    problem = oid == "1.3.14.3.2.26" ? "SHA-1, which glasstls accepts in no signature" : "a hash other than SHA-256, SHA-384 or SHA-512";
    return HashAlgorithm::sha1;
}

// One [n] EXPLICIT field of RSASSA-PSS-params as a reader, or nullopt.
std::optional<der::Reader> explicit_field(der::Reader& params, unsigned n, const char* field) {
    if (auto e = params.optional(der::context_constructed(n), field)) return params.enter(*e, field);
    return std::nullopt;
}

} // namespace

std::optional<PssParams> read_pss_params(der::Reader& alg) {
    if (alg.empty()) return std::nullopt;
    der::Reader params = alg.sequence("RSASSA-PSS-params");
    alg.expect_end("AlgorithmIdentifier");
    PssParams p;
    HashAlgorithm mgf1_hash = HashAlgorithm::sha1;   // the defaults of RFC 4055 §3.1
    if (auto h = explicit_field(params, 0, "hashAlgorithm")) {
        p.hash = read_hash(*h, "hashAlgorithm", p.problem);
        h->expect_end("hashAlgorithm");
    }
    if (auto m = explicit_field(params, 1, "maskGenAlgorithm")) {
        der::Reader mgf = m->sequence("maskGenAlgorithm");
        m->expect_end("maskGenAlgorithm");
        if (mgf.oid("algorithm") == "1.2.840.113549.1.1.8") {   // id-mgf1
            mgf1_hash = read_hash(mgf, "MGF1 hashAlgorithm", p.problem);
        } else {
            p.problem = "a mask generation function other than MGF1";
            while (!mgf.empty()) mgf.read("parameters");
        }
        mgf.expect_end("maskGenAlgorithm");
    }
    if (auto salt = explicit_field(params, 2, "saltLength")) {
        const std::int64_t length = salt->small_integer("saltLength");
        salt->expect_end("saltLength");
        if (length < 0) salt->fail("saltLength", "negative");
        p.salt_length = length > 1024 ? 1025 : static_cast<std::size_t>(length);
        if (length > 1024) p.problem = "a salt longer than any key glasstls accepts";
    }
    if (auto trailer = explicit_field(params, 3, "trailerField")) {
        if (trailer->small_integer("trailerField") != 1) p.problem = "a trailer field other than 1";
        trailer->expect_end("trailerField");
    }
    params.expect_end("RSASSA-PSS-params");
    if (p.problem.empty() && mgf1_hash != p.hash) p.problem = "MGF1 with another hash than the signature's";
    return p;
}

std::string PssParams::describe() const {
    return std::string(crypto::hash_name(hash)) + ", MGF1, " + std::to_string(salt_length) + "-byte salt";
}

} // namespace algorithms

namespace {

using der::Reader;

crypto::SecretBytes secret(const Bytes& b) { return crypto::SecretBytes(b.begin(), b.end()); }

crypto::PrivateKey parse_rsa_private_key(ByteView der_bytes) {
    Reader top(der_bytes, "RSAPrivateKey", AlertDescription::decode_error);
    Reader r = top.sequence("RSAPrivateKey");
    if (r.small_integer("version") != 0) r.fail("version", "multi-prime RSA keys are not supported");
    crypto::PrivateKey k;
    k.type = crypto::KeyType::rsa;
    k.rsa_n = r.integer("modulus");
    k.rsa_e = r.integer("publicExponent");
    k.rsa_d = secret(r.integer("privateExponent"));
    k.rsa_p = secret(r.integer("prime1"));
    k.rsa_q = secret(r.integer("prime2"));
    k.rsa_dp = secret(r.integer("exponent1"));
    k.rsa_dq = secret(r.integer("exponent2"));
    k.rsa_qinv = secret(r.integer("coefficient"));
    r.expect_end("RSAPrivateKey");
    top.expect_end("RSAPrivateKey");
    return k;
}

// RFC 4055 §1.2: an RSA-PSS key is an RSAPrivateKey under the id-RSASSA-PSS
// OID, whose parameters (as `openssl genpkey -algorithm RSA-PSS -pkeyopt
// rsa_pss_keygen_md:…` writes them) restrict what it signs.
crypto::PrivateKey parse_rsa_pss_private_key(ByteView inner, Reader& alg) {
    crypto::PrivateKey k = parse_rsa_private_key(inner);
    k.type = crypto::KeyType::rsa_pss;
    if (const std::optional<algorithms::PssParams> params = algorithms::read_pss_params(alg)) {
        if (!params->problem.empty()) alg.fail("RSASSA-PSS-params", "this RSA-PSS key is restricted to " + params->problem);
        k.pss = crypto::PssRestriction{params->hash, params->salt_length};
    }
    return k;
}

crypto::NamedGroup curve_from_oid(const std::string& oid, const Reader& r) {
    if (auto curve = algorithms::curve_from_oid(oid)) return *curve;
    r.fail("namedCurve", "curve " + oid_name(oid) + " is not supported (P-256, P-384 and P-521 are)");
}

crypto::PrivateKey parse_ec_private_key(ByteView der_bytes, std::optional<std::string> curve_oid) {
    Reader top(der_bytes, "ECPrivateKey", AlertDescription::decode_error);
    Reader r = top.sequence("ECPrivateKey");
    if (r.small_integer("version") != 1) r.fail("version", "must be 1 (RFC 5915)");
    ByteView scalar = r.octet_string("privateKey");
    if (auto params = r.optional(der::context_constructed(0), "parameters")) {
        Reader p = r.enter(*params, "parameters");
        curve_oid = p.oid("namedCurve");
    }
    r.optional(der::context_constructed(1), "publicKey");
    r.expect_end("ECPrivateKey");
    if (!curve_oid) r.fail("parameters", "the curve is not named");
    crypto::PrivateKey k;
    k.type = crypto::KeyType::ec;
    k.curve = curve_from_oid(*curve_oid, r);
    const std::size_t n = (crypto::curve_bits(k.curve) + 7) / 8;
    if (scalar.size() > n) r.fail("privateKey", "longer than the curve's order");
    k.scalar.assign(n - scalar.size(), 0);   // left-pad to the field size
    k.scalar.insert(k.scalar.end(), scalar.begin(), scalar.end());
    return k;
}

crypto::PrivateKey parse_pkcs8(ByteView der_bytes) {
    Reader top(der_bytes, "PrivateKeyInfo", AlertDescription::decode_error);
    Reader r = top.sequence("PrivateKeyInfo");
    const std::int64_t version = r.small_integer("version");
    if (version != 0 && version != 1) r.fail("version", "unknown PKCS#8 version");
    Reader alg = r.sequence("privateKeyAlgorithm");
    const std::string oid = alg.oid("algorithm");
    ByteView inner = r.octet_string("privateKey");
    if (oid == algorithms::rsa_encryption_oid) return parse_rsa_private_key(inner);
    if (oid == algorithms::rsassa_pss_oid) return parse_rsa_pss_private_key(inner, alg);
    if (oid == "1.2.840.10045.2.1") return parse_ec_private_key(inner, alg.oid("namedCurve"));
    if (oid == "1.3.101.112") {   // RFC 8410 §7: CurvePrivateKey ::= OCTET STRING
        Reader seed(inner, "Ed25519 private key", AlertDescription::decode_error);
        ByteView s = seed.octet_string("CurvePrivateKey");
        seed.expect_end("CurvePrivateKey");
        if (s.size() != 32) seed.fail("CurvePrivateKey", "an Ed25519 private key is 32 bytes");
        crypto::PrivateKey k;
        k.type = crypto::KeyType::ed25519;
        k.scalar.assign(s.begin(), s.end());
        return k;
    }
    r.fail("privateKeyAlgorithm", "key type " + oid_name(oid) + " is not supported (RSA, EC and Ed25519 are)");
}

// The labels of key blocks (RFC 7468 §10; PKCS#1 and SEC1 as OpenSSL labels them).
bool is_key_label(const std::string& label) {
    return label == "PRIVATE KEY" || label == "RSA PRIVATE KEY" || label == "EC PRIVATE KEY";
}

// The key inside a block. Precondition: is_key_label(label).
crypto::PrivateKey parse_labelled(const std::string& label, ByteView der_bytes) {
    if (label == "PRIVATE KEY") return parse_pkcs8(der_bytes);
    if (label == "RSA PRIVATE KEY") return parse_rsa_private_key(der_bytes);
    return parse_ec_private_key(der_bytes, std::nullopt);
}

// DER: PKCS#8 is the common form; fall back to the older ones.
crypto::PrivateKey parse_der_private_key(ByteView data) {
    try {
        return parse_pkcs8(data);
    } catch (const TlsError&) {
    }
    try {
        return parse_rsa_private_key(data);
    } catch (const TlsError&) {
    }
    return parse_ec_private_key(data, std::nullopt);
}

// An encrypted key: the pass phrase asked for (the scheme is known to be
// supported by now), the key decrypted and parsed as `label` says. Bad
// padding and plaintext that is no key are one error: which of the two a
// wrong pass phrase gives is chance, and neither tells the user more.
crypto::PrivateKey decrypt_private_key(const key_encryption::EncryptedKey& k, const std::string& label,
                                       const PasswordSource& password) {
    if (!password) {
        throw TlsError(AlertDescription::decode_error,
                       "the private key is encrypted (" + k.describe() +
                           ") and no pass phrase was given: give one, or decrypt the key first with "
                           "`openssl pkey -in KEY -out PLAIN`");
    }
    std::string phrase = password();
    std::optional<crypto::SecretBytes> plain = key_encryption::decrypt(k, phrase);
    crypto::secure_wipe(phrase.data(), phrase.size());
    const TlsError wrong(AlertDescription::decrypt_error, "cannot decrypt the private key: wrong pass phrase?");
    if (!plain) throw wrong;
    try {
        return parse_labelled(label, *plain);
    } catch (const TlsError&) {
        throw wrong;
    }
}

} // namespace

crypto::PrivateKey parse_private_key(ByteView data, const PasswordSource& password) {
    if (!pem::looks_like_pem(data)) {
        if (key_encryption::looks_like_encrypted_private_key_info(data)) {
            return decrypt_private_key(key_encryption::read_encrypted_private_key_info(data), "PRIVATE KEY", password);
        }
        return parse_der_private_key(data);
    }
    std::string_view text(reinterpret_cast<const char*>(data.data()), data.size());
    for (const pem::Block& b : pem::decode(text)) {
        if (b.label == "ENCRYPTED PRIVATE KEY") {
            return decrypt_private_key(key_encryption::read_encrypted_private_key_info(b.der), "PRIVATE KEY", password);
        }
        // Other blocks are skipped: `openssl ecparam -genkey` writes EC
        // PARAMETERS first, and a file may hold the certificates too.
        if (!is_key_label(b.label)) continue;
        if (auto legacy = key_encryption::read_pem_encryption(b)) return decrypt_private_key(*legacy, b.label, password);
        return parse_labelled(b.label, b.der);
    }
    throw TlsError(AlertDescription::decode_error, "no private key found (expected a PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY block)");
}

crypto::PrivateKey parse_private_key(ByteView data) { return parse_private_key(data, PasswordSource{}); }

crypto::PrivateKey load_private_key(const std::string& path, const PasswordSource& password) {
    const Bytes data = read_file(path);   // outside the try: its sentence names the path already
    try {
        return parse_private_key(data, password);
    } catch (const TlsError& e) {
        throw TlsError(e.alert(), path + ": " + e.what());
    }
}

crypto::PrivateKey load_private_key(const std::string& path) { return load_private_key(path, PasswordSource{}); }

} // namespace glasstls::x509
