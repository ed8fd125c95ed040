// glass x509 [--json] FILE... — certificates, readably (like `openssl x509
// -text` in spirit), or as JSON with Python getpeercert()-like keys.
#include <cctype>
#include <cstdio>
#include <iostream>
#include <sstream>

#include "cli.hpp"
#include "glasstls/der.hpp"
#include "glasstls/json_lines.hpp"
#include "glasstls/text.hpp"
#include "glasstls/x509.hpp"

namespace glass {

namespace {
using namespace glasstls;
using x509::Certificate;

std::string key_description(const Certificate& c) {
    if (!c.public_key_supported) return c.public_key_algorithm + " (not supported)";
    switch (c.public_key.type) {
    case crypto::KeyType::rsa: return "RSA " + std::to_string(c.public_key.bits()) + " bits";
    case crypto::KeyType::rsa_pss: return "RSA-PSS " + std::to_string(c.public_key.bits()) + " bits";
    case crypto::KeyType::ec: return "EC P-" + std::to_string(c.public_key.bits());   // P-256, P-384, P-521
    case crypto::KeyType::ed25519: return "Ed25519";
    }
    return "?";
}

std::string general_name(const x509::GeneralName& g) {   // for the text view: the names shown, never obeyed
    const std::string shown = text::visible(g.text);
    switch (g.type) {
    case x509::GeneralNameType::dns: return "DNS:" + shown;
    case x509::GeneralNameType::ip: return "IP Address:" + shown;
    case x509::GeneralNameType::email: return "email:" + shown;
    case x509::GeneralNameType::uri: return "URI:" + shown;
    case x509::GeneralNameType::directory: return "DirName:" + shown;
    default: return "othername:" + shown;
    }
}

std::string key_usage_text(std::uint16_t ku) {
    static const char* names[] = {"Digital Signature", "Non Repudiation", "Key Encipherment", "Data Encipherment",
                                  "Key Agreement", "Certificate Sign", "CRL Sign", "Encipher Only", "Decipher Only"};
    std::string out;
    for (unsigned i = 0; i < 9; ++i) {
        if ((ku >> i) & 1) out += (out.empty() ? "" : ", ") + std::string(names[i]);
    }
    return out;
}

std::string colon_hex(ByteView b) { return x509::format_serial(b); }

std::string extension_value(const Certificate& c, const x509::Extension& e) {
    if (e.oid == "2.5.29.19" && c.basic_constraints) {
        std::string s = c.basic_constraints->ca ? "CA:TRUE" : "CA:FALSE";
        if (c.basic_constraints->path_len) s += ", pathlen:" + std::to_string(*c.basic_constraints->path_len);
        return s;
    }
    if (e.oid == "2.5.29.15" && c.key_usage) return key_usage_text(*c.key_usage);
    if (e.oid == "2.5.29.37" && c.ext_key_usage) {
        std::string s;
        for (const auto& oid : *c.ext_key_usage) s += (s.empty() ? "" : ", ") + x509::oid_name(oid);
        return s;
    }
    if (e.oid == "2.5.29.17" && c.subject_alt_names) {
        std::string s;
        for (const auto& g : *c.subject_alt_names) s += (s.empty() ? "" : ", ") + general_name(g);
        return s;
    }
    if (e.oid == "2.5.29.30" && c.name_constraints) {
        std::string s;
        for (const auto& g : c.name_constraints->permitted) s += (s.empty() ? "" : ", ") + ("Permitted " + general_name(g));
        for (const auto& g : c.name_constraints->excluded) s += (s.empty() ? "" : ", ") + ("Excluded " + general_name(g));
        return s;
    }
    if (e.oid == "2.5.29.14" && c.subject_key_id) return colon_hex(*c.subject_key_id);
    if (e.oid == "2.5.29.35") return c.authority_key_id ? "keyid:" + colon_hex(*c.authority_key_id) : "(issuer and serial)";
    return "(" + std::to_string(e.value.size()) + " bytes, not decoded)";
}

void print_text(std::ostream& out, const Certificate& c) {
    out << "Certificate:\n"
        << "  Subject:      " << c.subject.to_string() << "\n"
        << "  Issuer:       " << c.issuer.to_string() << "\n"
        << "  Version:      " << c.version << "\n"
        << "  Serial:       " << x509::format_serial(c.serial) << "\n"
        << "  Not Before:   " << der::format_time(c.not_before) << "\n"
        << "  Not After:    " << der::format_time(c.not_after) << "\n"
        << "  Public Key:   " << key_description(c) << "\n"
        << "  Signature:    " << c.signature_algorithm.name << "\n";
    if (c.subject_alt_names) {
        out << "  SANs:        ";
        for (const auto& g : *c.subject_alt_names) out << " " << general_name(g);
        out << "\n";
    }
    if (!c.extensions.empty()) out << "  Extensions:\n";
    for (const auto& e : c.extensions) {
        out << "    " << x509::oid_name(e.oid) << (e.critical ? " (critical)" : "") << ": " << extension_value(c, e)
            << (e.critical && !e.understood ? "   <- not understood: validation will reject it" : "") << "\n";
    }
    out << "  SHA-256 Fingerprint: " << colon_hex(c.fingerprint_sha256()) << "\n";
}

// Python's ssl getpeercert() shape: names as lists of RDNs of [key, value].
std::string json_name(const x509::Name& n) {
    std::string s = "[";
    for (std::size_t i = 0; i < n.rdns.size(); ++i) {
        s += i ? ", [" : "[";
        for (std::size_t j = 0; j < n.rdns[i].size(); ++j) {
            s += (j ? ", [" : "[") + json_string(n.rdns[i][j].long_name()) + ", " + json_string(n.rdns[i][j].value) + "]";
        }
        s += "]";
    }
    return s + "]";
}

// One subjectAltName entry as getpeercert()'s pair: [kind, value].
std::string python_general_name(const x509::GeneralName& g) {
    switch (g.type) {
    case x509::GeneralNameType::dns: return "[\"DNS\", " + json_string(g.text) + "]";
    case x509::GeneralNameType::ip: return "[\"IP Address\", " + json_string(x509::getpeercert_ip(g.ip)) + "]";
    case x509::GeneralNameType::email: return "[\"email\", " + json_string(g.text) + "]";
    case x509::GeneralNameType::uri: return "[\"URI\", " + json_string(g.text) + "]";
    case x509::GeneralNameType::directory: return "[\"DirName\", " + json_name(g.directory) + "]";
    case x509::GeneralNameType::registered_id: return "[\"Registered ID\", " + json_string(g.text) + "]";
    default: return "[\"othername\", \"<unsupported>\"]";
    }
}

// getpeercert()'s OCSP, caIssuers and crlDistributionPoints: the URIs only.
void python_uris(std::ostream& o, const char* key, const std::vector<std::string>& uris) {
    if (uris.empty()) return;
    o << ", " << json_string(key) << ": [";
    for (std::size_t i = 0; i < uris.size(); ++i) o << (i ? ", " : "") << json_string(uris[i]);
    o << "]";
}

void python_access(std::ostream& o, const Certificate& c) {
    python_uris(o, "OCSP", x509::getpeercert_access_uris(c, x509::oids::ocsp));
    python_uris(o, "caIssuers", x509::getpeercert_access_uris(c, x509::oids::ca_issuers));
    python_uris(o, "crlDistributionPoints", x509::getpeercert_crl_uris(c));
}

// getpeercert()'s keys first, with its values (tests/x509-tests.sh compares
// them with Python's own ssl._ssl._test_decode_cert), then glass's own.
std::string json_cert(const Certificate& c) {
    std::ostringstream o;
    o << "{\"subject\": " << json_name(c.subject) << ", \"issuer\": " << json_name(c.issuer)
      << ", \"version\": " << c.version << ", \"serialNumber\": " << json_string(x509::getpeercert_serial(c))
      << ", \"notBefore\": " << json_string(x509::getpeercert_time(c.not_before))
      << ", \"notAfter\": " << json_string(x509::getpeercert_time(c.not_after));
    if (c.subject_alt_names) {
        o << ", \"subjectAltName\": [";
        for (std::size_t i = 0; i < c.subject_alt_names->size(); ++i) o << (i ? ", " : "") << python_general_name((*c.subject_alt_names)[i]);
        o << "]";
    }
    python_access(o, c);
    o << ", \"publicKey\": " << json_string(key_description(c))
      << ", \"signatureAlgorithm\": " << json_string(c.signature_algorithm.name)
      << ", \"sha256Fingerprint\": " << json_string(colon_hex(c.fingerprint_sha256())) << ", \"extensions\": [";
    for (std::size_t i = 0; i < c.extensions.size(); ++i) {
        const auto& e = c.extensions[i];
        o << (i ? ", " : "") << "{\"name\": " << json_string(x509::oid_name(e.oid)) << ", \"critical\": "
          << (e.critical ? "true" : "false") << ", \"value\": " << json_string(extension_value(c, e)) << "}";
    }
    o << "]}";
    return o.str();
}
} // namespace

int cmd_x509(const std::vector<std::string>& argv) {
    Args args(argv, {"help", "json"}, {});
    if (args.flag("help") || args.positional().empty()) {
        std::cout << "usage: glass x509 [--json] FILE...\n"
                     "Prints every certificate in the PEM or DER files: subject, issuer, serial, validity,\n"
                     "public key, SANs, every extension and the SHA-256 fingerprint. --json prints one JSON\n"
                     "object per certificate (an array when there are several), with Python's ssl getpeercert()\n"
                     "keys and values: subject, issuer, version, serialNumber (upper-case hex, no colons),\n"
                     "notBefore, notAfter ('Jan  5 09:34:43 2018 GMT'), subjectAltName, OCSP, caIssuers,\n"
                     "crlDistributionPoints; then publicKey, signatureAlgorithm, sha256Fingerprint, extensions.\n";
        return args.flag("help") ? 0 : 2;
    }
    std::vector<Certificate> certs;
    for (const std::string& file : args.positional()) {
        try {
            for (Certificate& c : x509::load_certificates(file)) certs.push_back(std::move(c));
        } catch (const TlsError& e) {
            std::cerr << "glass x509: " << e.what() << "\n";
            return 2;
        } catch (const std::exception& e) {
            std::cerr << "glass x509: " << e.what() << "\n";
            return 2;
        }
    }
    if (args.flag("json")) {
        if (certs.size() == 1) {
            std::cout << json_cert(certs[0]) << "\n";
        } else {
            std::cout << "[";
            for (std::size_t i = 0; i < certs.size(); ++i) std::cout << (i ? ",\n " : "") << json_cert(certs[i]);
            std::cout << "]\n";
        }
        return 0;
    }
    for (std::size_t i = 0; i < certs.size(); ++i) {
        if (i) std::cout << "\n";
        print_text(std::cout, certs[i]);
    }
    return 0;
}

} // namespace glass
