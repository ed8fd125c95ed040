// Private keys: PKCS#8 (RFC 5208, RFC 5958), PKCS#1 RSAPrivateKey (RFC 8017
// §A.1.2), SEC1 ECPrivateKey (RFC 5915), Ed25519 (RFC 8410 §7).
#include <stdexcept>

#include "glasstls/der.hpp"
#include "glasstls/pem.hpp"
#include "glasstls/x509.hpp"
#include "x509_key_encryption.hpp"

namespace glasstls::x509 {

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

crypto::NamedGroup curve_from_oid(const std::string& oid, const Reader& r) {
    if (oid == "1.2.840.10045.3.1.7") return crypto::NamedGroup::secp256r1;
    if (oid == "1.3.132.0.34") return crypto::NamedGroup::secp384r1;
    r.fail("namedCurve", "curve " + oid_name(oid) + " is not supported (P-256 and P-384 are)");
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
    const std::size_t n = k.curve == crypto::NamedGroup::secp256r1 ? 32 : 48;
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
    if (oid == "1.2.840.113549.1.1.1") return parse_rsa_private_key(inner);
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
