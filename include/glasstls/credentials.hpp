// A server's credentials: a certificate chain and its private key, loaded
// from files and checked to belong together (RFC 5246 §7.4.2: the key of
// the leaf is the one the server proves possession of).
#pragma once

#include <string>
#include <vector>

#include "glasstls/codec.hpp"
#include "glasstls/crypto.hpp"
#include "glasstls/x509.hpp"

namespace glasstls {

// A certificate chain and its private key. A server may hold several
// (RSA, RSA-PSS, ECDSA, Ed25519) and picks one per client.
struct ServerCredential {
    std::vector<Bytes> chain;   // DER, leaf first
    x509::Certificate leaf;
    crypto::PrivateKey key;
};
// The chain and key of PEM or DER files. An unreadable or malformed file,
// or a key that is not the leaf's, is a TlsError naming the file. Both may
// be in one PEM file (CERTIFICATE blocks and a key block, as Python's
// load_cert_chain(certfile) takes them): give it twice, or key_file empty.
ServerCredential load_credential(const std::string& cert_file, const std::string& key_file);
// The same with an encrypted key: `password` is asked only when the key is
// encrypted (x509::load_private_key). A wrong pass phrase is
// TlsError{decrypt_error, "KEY_FILE: cannot decrypt the private key: wrong pass phrase?"}.
ServerCredential load_credential(const std::string& cert_file, const std::string& key_file,
                                 const x509::PasswordSource& password);
// What is weak or limiting about a credential (a short RSA key, a keyUsage
// that rules out some suites), one sentence each, for a loud warning at load.
std::vector<std::string> credential_warnings(const ServerCredential& c);

} // namespace glasstls
