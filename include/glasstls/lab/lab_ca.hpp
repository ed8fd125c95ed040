// The lab's certificate authority on disk (`glass ca`, and the forger in
// `glass proxy`): DIR/ca.pem (its certificate, then the chain above it) and
// DIR/ca.key (PKCS#8). Issues leaves and intermediates with the x509_build
// writer.
#pragma once

#include <string>
#include <vector>

#include "glasstls/crypto.hpp"
#include "glasstls/x509.hpp"
#include "glasstls/x509_build.hpp"

namespace glasstls::lab {

enum class KeyKind { rsa, ecdsa, ed25519 };
KeyKind parse_key_kind(const std::string& text);   // throws std::invalid_argument
crypto::PrivateKey generate_key(KeyKind kind);

struct IssueRequest {
    std::string name;                        // a host ("www.lab.test", "127.0.0.1") or a name spec ("CN=…, O=…")
    std::vector<std::string> sans;           // "DNS:lab.test", "IP:127.0.0.1"
    KeyKind key = KeyKind::ecdsa;
    int days = 365;
    bool client = false, intermediate = false;
};

struct Issued {
    std::vector<Bytes> chain;                // the new certificate, then the issuer's chain (no self-signed root)
    crypto::PrivateKey key;
    std::string pem() const;                 // certificates as PEM, in order
    std::string key_pem() const;             // PKCS#8 "PRIVATE KEY"
};

class LabCa {
public:
    // Creates DIR/ca.pem and DIR/ca.key (refuses to overwrite a key). A
    // `name` that is not "CN=…, O=…" is std::invalid_argument (a usage error).
    static void init(const std::string& dir, KeyKind key, const std::string& name, int days);
    explicit LabCa(const std::string& dir);   // loads; std::runtime_error with a sentence if it cannot
    // A bad --san, or a request.name with '=' that is not "CN=…", is std::invalid_argument.
    Issued issue(const IssueRequest& request) const;
    const x509::Certificate& certificate() const { return chain_.front(); }

private:
    std::vector<x509::Certificate> chain_;
    crypto::PrivateKey key_;
};

// Writes a file readable by its owner only (keys), or by all (certificates).
void write_text_file(const std::string& path, const std::string& text, bool secret);

} // namespace glasstls::lab
