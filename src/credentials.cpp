// Loading and judging a server's credentials (see the header).
#include "glasstls/credentials.hpp"

namespace glasstls {

ServerCredential load_credential(const std::string& cert_file, const std::string& key_file,
                                 const x509::PasswordSource& password) {
    ServerCredential c;
    std::vector<x509::Certificate> certs = x509::load_certificates(cert_file);
    for (const auto& x : certs) c.chain.push_back(x.der);
    c.leaf = certs[0];
    const std::string& key_path = key_file.empty() ? cert_file : key_file;
    c.key = x509::load_private_key(key_path, password);
    const crypto::PublicKey pub = c.key.public_key();
    if (pub.type != c.leaf.public_key.type || pub.rsa_n != c.leaf.public_key.rsa_n || pub.point != c.leaf.public_key.point) {
        throw TlsError(AlertDescription::illegal_parameter, key_path == cert_file
                                                                ? cert_file + ": the private key is not the certificate's"
                                                                : key_path + " is not the private key of " + cert_file);
    }
    return c;
}

ServerCredential load_credential(const std::string& cert_file, const std::string& key_file) {
    return load_credential(cert_file, key_file, x509::PasswordSource{});
}

std::vector<std::string> credential_warnings(const ServerCredential& c) {
    std::vector<std::string> out;
    const std::string who = c.leaf.describe();
    const bool rsa = c.key.type == crypto::KeyType::rsa || c.key.type == crypto::KeyType::rsa_pss;
    if (rsa && c.leaf.public_key.bits() < 2048) {
        out.push_back(who + ": a " + std::to_string(c.leaf.public_key.bits()) +
                      "-bit RSA key is weak (below 2048 bits; browsers refuse it), and too short for some "
                      "signature schemes, which clients asking only for those will not get");
    }
    if (!c.leaf.allows_key_usage(x509::digital_signature)) {
        out.push_back(who + ": keyUsage lacks digitalSignature, so only RSA key exchange suites can use it");
    }
    // An RSA-PSS key decrypts nothing anyway (RFC 4055 §1.2): no warning for it.
    if (c.key.type == crypto::KeyType::rsa && !c.leaf.allows_key_usage(x509::key_encipherment)) {
        out.push_back(who + ": keyUsage lacks keyEncipherment, so RSA key exchange suites cannot use it");
    }
    return out;
}

} // namespace glasstls
