// LabCa: what `glass ca` and `glass proxy` issue, and how (see the header).
#include "glasstls/lab/lab_ca.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ctime>
#include <filesystem>
#include <stdexcept>

#include "glasstls/der.hpp"
#include "glasstls/pem.hpp"

namespace glasstls::lab {

KeyKind parse_key_kind(const std::string& text) {
    if (text == "rsa") return KeyKind::rsa;
    if (text == "ecdsa" || text == "ec") return KeyKind::ecdsa;
    if (text == "ed25519") return KeyKind::ed25519;
    throw std::invalid_argument("--key is rsa, ecdsa or ed25519, not '" + text + "'");
}

crypto::PrivateKey generate_key(KeyKind kind) {
    switch (kind) {
    case KeyKind::rsa: return crypto::generate_private_key(crypto::KeyType::rsa, crypto::system_random(), 2048);
    case KeyKind::ecdsa: return crypto::generate_private_key(crypto::KeyType::ec, crypto::system_random(), 0, crypto::NamedGroup::secp256r1);
    case KeyKind::ed25519: return crypto::generate_private_key(crypto::KeyType::ed25519, crypto::system_random());
    }
    throw std::invalid_argument("unknown key kind");
}

void write_text_file(const std::string& path, const std::string& text, bool secret) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, secret ? 0600 : 0644);
    if (fd < 0) throw std::runtime_error("cannot write " + path);
    if (secret) fchmod(fd, 0600);   // an existing file keeps its mode otherwise
    const bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
    ::close(fd);
    if (!ok) throw std::runtime_error("cannot write " + path);
}

std::string Issued::pem() const {
    std::string out;
    for (const Bytes& c : chain) out += pem::encode("CERTIFICATE", c);
    return out;
}

std::string Issued::key_pem() const { return pem::encode("PRIVATE KEY", x509::encode_private_key(key)); }

namespace {

std::int64_t now() { return static_cast<std::int64_t>(std::time(nullptr)); }

// "127.0.0.1" / "::1" as iPAddress bytes, or nothing.
std::optional<Bytes> ip_bytes(const std::string& text) {
    Bytes v4(4), v6(16);
    if (inet_pton(AF_INET, text.c_str(), v4.data()) == 1) return v4;
    if (inet_pton(AF_INET6, text.c_str(), v6.data()) == 1) return v6;
    return std::nullopt;
}

// --name as attributes. The library's TlsError becomes this file's usage
// error type (std::invalid_argument, as for --key and --san), which
// `glass ca` prints with its usage hint.
template <typename Check>
auto as_usage_error(Check check) {
    try {
        return check();
    } catch (const TlsError& e) {
        throw std::invalid_argument(e.what());
    }
}

std::vector<std::pair<std::string, std::string>> name_attributes(const std::string& text) {
    return as_usage_error([&] { return x509::parse_name_spec(text); });
}

// --days as the end of the validity: at least a day, and no later than
// 9999-12-31, the last date a certificate can hold (RFC 5280 §4.1.2.5:
// GeneralizedTime has four year digits; OpenSSL and our parser refuse five).
std::int64_t not_after(int days) {
    const std::int64_t last = der::days_from_civil(10000, 1, 1) * 86400 - 1;
    if (days < 1) throw std::invalid_argument("--days is at least 1, not " + std::to_string(days));
    if (now() + static_cast<std::int64_t>(days) * 86400 > last) {
        throw std::invalid_argument("--days " + std::to_string(days) + " ends after 9999-12-31, the last date a certificate can hold (RFC 5280 §4.1.2.5)");
    }
    return now() + static_cast<std::int64_t>(days) * 86400;
}

} // namespace

void LabCa::init(const std::string& dir, KeyKind kind, const std::string& name, int days) {
    std::filesystem::create_directories(dir);
    if (std::filesystem::exists(dir + "/ca.key")) {
        throw std::runtime_error(dir + "/ca.key exists: a CA is not overwritten (remove it first)");
    }
    const crypto::PrivateKey key = generate_key(kind);
    x509::CertificateSpec spec;
    spec.subject = name_attributes(name);
    spec.not_before = now() - 3600;   // an hour of leeway for clocks that disagree
    spec.not_after = not_after(days);
    spec.ca = true;
    spec.key_usage = 1u << x509::key_cert_sign | 1u << x509::crl_sign;
    spec.subject_key = key.public_key();
    const Bytes cert = x509::build_certificate(spec, {{}, &key, {}}, crypto::system_random());
    write_text_file(dir + "/ca.key", pem::encode("PRIVATE KEY", x509::encode_private_key(key)), true);
    write_text_file(dir + "/ca.pem", pem::encode("CERTIFICATE", cert), false);
}

LabCa::LabCa(const std::string& dir) {
    try {
        chain_ = x509::load_certificates(dir + "/ca.pem");
        key_ = x509::load_private_key(dir + "/ca.key");
    } catch (const std::exception& e) {
        throw std::runtime_error("cannot load the CA in " + dir + " (ca.pem and ca.key; glass ca init makes them): " + e.what());
    }
    const crypto::PublicKey pub = key_.public_key();
    const crypto::PublicKey& cert_key = chain_.front().public_key;
    if (pub.type != cert_key.type || pub.rsa_n != cert_key.rsa_n || pub.point != cert_key.point) {
        throw std::runtime_error(dir + "/ca.key is not the key of " + dir + "/ca.pem");
    }
    if (!chain_.front().basic_constraints || !chain_.front().basic_constraints->ca) {
        throw std::runtime_error(dir + "/ca.pem is not a CA certificate (basicConstraints cA)");
    }
}

Issued LabCa::issue(const IssueRequest& r) const {
    Issued out{{}, generate_key(r.key)};
    x509::CertificateSpec spec;
    const bool is_spec = r.name.find('=') != std::string::npos;
    spec.subject = is_spec ? name_attributes(r.name) : std::vector<std::pair<std::string, std::string>>{{"CN", r.name}};
    as_usage_error([&] { x509::check_attribute("CN", spec.subject.front().second); });
    spec.not_before = now() - 3600;
    spec.not_after = not_after(r.days);
    spec.subject_key = out.key.public_key();
    if (r.intermediate) {
        spec.ca = true;
        spec.path_len = 0;
        spec.key_usage = 1u << x509::key_cert_sign | 1u << x509::crl_sign;
    } else {
        spec.key_usage = 1u << x509::digital_signature;
        if (r.key == KeyKind::rsa && !r.client) spec.key_usage |= 1u << x509::key_encipherment;   // RSA key exchange (RFC 5246 §7.4.7.1)
        spec.extended_key_usage = {r.client ? x509::oids::client_auth : x509::oids::server_auth};
        // The host named is also a subjectAltName: clients match names there, not in the CN (RFC 6125 §6.4.4).
        std::vector<std::string> sans = r.sans;
        if (!is_spec && !r.client) sans.insert(sans.begin(), (ip_bytes(r.name) ? "IP:" : "DNS:") + r.name);
        for (const std::string& s : sans) {
            if (s.rfind("DNS:", 0) == 0 && s.size() > 4) {
                as_usage_error([&] { x509::check_dns_name(s.substr(4)); });
                if (std::find(spec.dns_names.begin(), spec.dns_names.end(), s.substr(4)) == spec.dns_names.end()) spec.dns_names.push_back(s.substr(4));
            } else if (s.rfind("IP:", 0) == 0 && ip_bytes(s.substr(3))) {
                const Bytes ip = *ip_bytes(s.substr(3));
                if (std::find(spec.ip_addresses.begin(), spec.ip_addresses.end(), ip) == spec.ip_addresses.end()) spec.ip_addresses.push_back(ip);
            } else {
                throw std::invalid_argument("--san is DNS:NAME or IP:ADDRESS, not '" + s + "'");
            }
        }
    }
    const x509::Certificate& ca = chain_.front();
    const Bytes ca_key_id = ca.subject_key_id ? *ca.subject_key_id : x509::key_identifier(ca.public_key);
    out.chain.push_back(x509::build_certificate(spec, {ca.subject.der, &key_, ca_key_id}, crypto::system_random()));
    for (const x509::Certificate& c : chain_) {
        if (!c.self_issued()) out.chain.push_back(c.der);   // the root stays with the clients that trust it
    }
    return out;
}

} // namespace glasstls::lab
