#include "glasstls/verify.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <stdexcept>

#include "glasstls/der.hpp"
#include "glasstls/pem.hpp"

namespace glasstls::verify {

using x509::Certificate;

// ---- Trust store -----------------------------------------------------------------

bool TrustStore::contains(const Certificate& cert) const {
    return std::any_of(anchors_.begin(), anchors_.end(), [&](const Certificate& a) { return a.der == cert.der; });
}

void TrustStore::add(Certificate cert) {
    if (!contains(cert)) anchors_.push_back(std::move(cert));
}

void TrustStore::add_file(const std::string& path) {
    for (Certificate& c : x509::load_certificates(path)) add(std::move(c));
}

void TrustStore::add_directory(const std::string& dir) {
    std::error_code ec;
    std::filesystem::directory_iterator it(dir, ec);
    if (ec) throw std::runtime_error("cannot read the directory " + dir + ": " + ec.message());
    for (const auto& entry : it) {
        if (!entry.is_regular_file(ec)) continue;   // follows hash-named symlinks
        try {
            for (Certificate& c : x509::parse_certificates(x509::read_file(entry.path().string()))) add(std::move(c));
        } catch (const std::exception&) {
            ++skipped_;   // not a certificate file
        }
    }
}

void TrustStore::add_system(const std::string& path) {
    Bytes data = x509::read_file(path);
    std::string_view text(reinterpret_cast<const char*>(data.data()), data.size());
    for (const pem::Block& b : pem::decode(text)) {
        if (b.label != "CERTIFICATE") continue;
        try {
            add(x509::parse_certificate(b.der));
        } catch (const TlsError&) {
            ++skipped_;
        }
    }
}

// ---- Host names (RFC 6125 §6.4) --------------------------------------------------

namespace {
std::string normalize_dns(std::string_view s) {
    std::string out(s);
    if (!out.empty() && out.back() == '.') out.pop_back();   // "example.com." is "example.com"
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}
} // namespace

std::optional<Bytes> parse_ip_literal(std::string_view text) {
    std::string s(text);
    if (s.size() > 2 && s.front() == '[' && s.back() == ']') s = s.substr(1, s.size() - 2);
    Bytes v4(4), v6(16);
    if (inet_pton(AF_INET, s.c_str(), v4.data()) == 1) return v4;
    if (inet_pton(AF_INET6, s.c_str(), v6.data()) == 1) return v6;
    return std::nullopt;
}

bool dns_name_matches(std::string_view raw_pattern, std::string_view raw_host) {
    const std::string pattern = normalize_dns(raw_pattern), host = normalize_dns(raw_host);
    if (pattern.empty() || host.empty()) return false;
    if (pattern.find('*') == std::string::npos) return pattern == host;
    // §6.4.3 as RFC 9525 §6.3 narrows it: the wildcard is the entire
    // left-most label and stands for exactly one label. "f*.example.com",
    // "*.*.example.com" and "*.com" (a wildcard over a public suffix) never match.
    if (pattern.size() < 3 || pattern[0] != '*' || pattern[1] != '.') return false;
    const std::string rest = pattern.substr(2);
    if (rest.find('*') != std::string::npos || rest.find('.') == std::string::npos) return false;
    const std::size_t dot = host.find('.');
    if (dot == std::string::npos || dot == 0) return false;
    return host.substr(dot + 1) == rest;
}

bool matches_host(const Certificate& cert, std::string_view host, bool cn_fallback, std::string* why) {
    std::vector<std::string> tried;
    if (auto ip = parse_ip_literal(host)) {
        // An IP literal matches only an iPAddress SAN, byte for byte (§6.2.1 of RFC 9525).
        if (cert.subject_alt_names) {
            for (const x509::GeneralName& g : *cert.subject_alt_names) {
                if (g.type != x509::GeneralNameType::ip) continue;
                if (g.ip == *ip) return true;
                tried.push_back("IP:" + g.text);
            }
        }
    } else if (cert.subject_alt_names) {
        for (const x509::GeneralName& g : *cert.subject_alt_names) {
            if (g.type != x509::GeneralNameType::dns) continue;
            if (dns_name_matches(g.text, host)) return true;
            tried.push_back("DNS:" + g.text);
        }
    } else if (cn_fallback) {
        // No subjectAltName at all: the legacy CN fallback (RFC 6125 §6.4.4).
        for (const auto& rdn : cert.subject.rdns) {
            for (const x509::Attribute& a : rdn) {
                if (a.oid != x509::oids::common_name) continue;
                if (dns_name_matches(a.value, host)) return true;
                tried.push_back("CN=" + a.value);
            }
        }
    }
    if (why != nullptr) {
        std::string names;
        for (const std::string& t : tried) names += (names.empty() ? "" : ", ") + t;
        if (names.empty()) {
            names = cert.subject_alt_names ? "no name of that kind"
                    : cn_fallback          ? "no subjectAltName and no CN"
                                           : "no subjectAltName (the CN fallback is off)";
        }
        *why = "does not match host '" + std::string(host) + "' (it names " + names + ")";
    }
    return false;
}

// ---- Path building and validation --------------------------------------------------

namespace {

std::string cert_label(std::size_t index, const Certificate& c) {
    return "certificate " + std::to_string(index) + " (" + c.describe() + ")";
}

// RFC 5280 §4.2.1.10: a DNS constraint "example.com" covers the name and its
// subdomains; ".example.com" only subdomains.
bool dns_in_subtree(const std::string& name, const std::string& constraint) {
    const std::string n = normalize_dns(name), c = normalize_dns(constraint);
    if (c.empty()) return true;
    if (c[0] == '.') return n.size() > c.size() && n.compare(n.size() - c.size(), c.size(), c) == 0;
    if (n == c) return true;
    return n.size() > c.size() && n.compare(n.size() - c.size(), c.size(), c) == 0 && n[n.size() - c.size() - 1] == '.';
}

bool ip_in_subtree(const Bytes& ip, const Bytes& constraint) {
    if (constraint.size() != 2 * ip.size()) return false;   // other address family
    for (std::size_t i = 0; i < ip.size(); ++i) {
        const std::uint8_t mask = constraint[ip.size() + i];
        if ((ip[i] & mask) != (constraint[i] & mask)) return false;
    }
    return true;
}

bool in_subtree(const x509::GeneralName& name, const x509::GeneralName& base) {
    if (name.type != base.type) return false;
    if (name.type == x509::GeneralNameType::dns) return dns_in_subtree(name.text, base.text);
    if (name.type == x509::GeneralNameType::ip) return ip_in_subtree(name.ip, base.ip);
    return false;
}

// The names of `c` that name constraints apply to, and the first that breaks them.
std::optional<std::string> name_constraint_violation(const Certificate& c, const x509::NameConstraints& nc) {
    if (!c.subject_alt_names) return std::nullopt;
    for (const x509::GeneralName& n : *c.subject_alt_names) {
        if (n.type != x509::GeneralNameType::dns && n.type != x509::GeneralNameType::ip) continue;
        for (const x509::GeneralName& ex : nc.excluded) {
            if (in_subtree(n, ex)) return n.text + " is in the excluded subtree " + ex.text;
        }
        bool constrained = false, permitted = false;
        for (const x509::GeneralName& p : nc.permitted) {
            if (p.type != n.type) continue;
            constrained = true;
            permitted = permitted || in_subtree(n, p);
        }
        if (constrained && !permitted) return n.text + " is outside the permitted subtrees";
    }
    return std::nullopt;
}

bool eku_allows(const Certificate& c, Purpose purpose) {
    if (!c.ext_key_usage) return true;
    const char* wanted = purpose == Purpose::server ? x509::oids::server_auth : x509::oids::client_auth;
    return std::any_of(c.ext_key_usage->begin(), c.ext_key_usage->end(), [&](const std::string& oid) {
        return oid == wanted || oid == x509::oids::any_extended_key_usage;
    });
}

struct Failure {
    int score = -1;
    AlertDescription alert = AlertDescription::unknown_ca;
    std::string sentence;
};

class PathBuilder {
public:
    PathBuilder(const std::vector<Certificate>& untrusted, const TrustStore& trust, const Options& options)
        : untrusted_(untrusted), trust_(trust), options_(options) {}

    bool build(std::vector<const Certificate*>& path) {
        const Certificate& current = *path.back();
        const std::size_t index = path.size() - 1;
        if (path.size() > options_.max_depth) {
            fail(static_cast<int>(index), AlertDescription::bad_certificate,
                 cert_label(index, current) + ": the chain is longer than " + std::to_string(options_.max_depth));
            return false;
        }
        bool any_candidate = false;
        for (const bool anchors : {true, false}) {
            const std::vector<Certificate>& pool = anchors ? trust_.anchors() : untrusted_;
            for (const Certificate& candidate : pool) {
                if (!is_issuer_candidate(current, candidate, path)) continue;
                any_candidate = true;
                if (!signature_ok(current, index, candidate)) continue;
                path.push_back(&candidate);
                if (anchors ? validate(path) : build(path)) return true;
                path.pop_back();
            }
        }
        if (!any_candidate) {
            const std::string why = current.self_issued()
                                        ? ": is self-signed and not among the trusted certificates"
                                        : ": its issuer " + current.issuer.to_string() + " is not a trusted CA (and was not sent)";
            fail(static_cast<int>(index), AlertDescription::unknown_ca, cert_label(index, current) + why);
        }
        return false;
    }

    // The leaf itself may be an anchor (a self-signed server certificate the
    // user chose to trust).
    bool leaf_is_anchor(std::vector<const Certificate*>& path) { return trust_.contains(*path[0]) && validate(path); }

    Failure failure() const { return failure_; }

private:
    bool is_issuer_candidate(const Certificate& child, const Certificate& candidate,
                             const std::vector<const Certificate*>& path) const {
        if (!candidate.subject.matches(child.issuer)) return false;
        for (const Certificate* p : path) {
            if (p->der == candidate.der) return false;   // a loop
        }
        // Key identifiers, when both are present, must agree (§4.2.1.1).
        if (child.authority_key_id && candidate.subject_key_id && *child.authority_key_id != *candidate.subject_key_id) {
            return false;
        }
        return true;
    }

    // "Was it modified?": the issuer's key must verify the child's signature.
    bool signature_ok(const Certificate& child, std::size_t index, const Certificate& issuer) {
        const x509::SignatureAlgorithmId& alg = child.signature_algorithm;
        const int score = 500 + static_cast<int>(index);
        if (!alg.supported) {
            fail(score, AlertDescription::unsupported_certificate,
                 cert_label(index, child) + ": signature algorithm " + alg.name + " is not supported");
            return false;
        }
        const bool weak = alg.hash == crypto::HashAlgorithm::sha1 || alg.hash == crypto::HashAlgorithm::md5;
        if (weak && alg.algorithm != crypto::SignatureAlgorithm::ed25519 && !options_.allow_weak_signatures) {
            fail(score, AlertDescription::bad_certificate,
                 cert_label(index, child) + ": " + alg.name + " signatures are no longer accepted (SHA-1/MD5 collisions)");
            return false;
        }
        if (!issuer.public_key_supported) {
            fail(score, AlertDescription::unsupported_certificate,
                 cert_label(index, child) + ": its issuer's key (" + issuer.public_key_algorithm + ") is not supported");
            return false;
        }
        if (!crypto::verify(issuer.public_key, alg.algorithm, alg.hash, child.tbs_der, child.signature)) {
            fail(score, AlertDescription::bad_certificate,
                 cert_label(index, child) + ": the signature does not verify with the key of " + issuer.describe() +
                     " (the certificate was modified, or signed by another key)");
            return false;
        }
        return true;
    }

    // Every RFC 5280 §6.1 rule glasstls enforces, on a complete path.
    bool validate(const std::vector<const Certificate*>& path) {
        const int score = 1000 + static_cast<int>(path.size());
        const std::size_t anchor = path.size() - 1;
        for (std::size_t i = 0; i < path.size(); ++i) {
            const Certificate& c = *path[i];
            const std::string who = cert_label(i, c);
            if (options_.at < c.not_before) {
                return fail(score, AlertDescription::bad_certificate,
                            who + ": not valid before " + der::format_time(c.not_before));
            }
            if (options_.at > c.not_after) {
                return fail(score, AlertDescription::certificate_expired, who + ": expired at " + der::format_time(c.not_after));
            }
            auto unknown = c.unknown_critical_extensions();
            if (!unknown.empty()) {
                return fail(score, AlertDescription::unsupported_certificate,
                            who + ": unknown critical extension " + x509::oid_name(unknown[0]->oid));
            }
            if (i > 0) {
                // An issuer must be a CA: basicConstraints cA (§4.2.1.9);
                // version 1 anchors predate extensions and are accepted.
                const bool v1_anchor = i == anchor && c.version == 1;
                if (!v1_anchor && !(c.basic_constraints && c.basic_constraints->ca)) {
                    return fail(score, AlertDescription::bad_certificate, who + ": is not a CA (basicConstraints cA is not set)");
                }
                if (c.key_usage && !c.has_key_usage(x509::key_cert_sign)) {
                    return fail(score, AlertDescription::bad_certificate, who + ": keyUsage lacks keyCertSign");
                }
                // pathLenConstraint counts the non-self-issued intermediates below it.
                std::int64_t below = 0;
                for (std::size_t j = 1; j < i; ++j) below += path[j]->self_issued() ? 0 : 1;
                if (c.basic_constraints && c.basic_constraints->path_len && below > *c.basic_constraints->path_len) {
                    return fail(score, AlertDescription::bad_certificate,
                                who + ": pathLenConstraint " + std::to_string(*c.basic_constraints->path_len) + " exceeded");
                }
                if (c.name_constraints) {
                    for (std::size_t j = 0; j < i; ++j) {
                        if (j > 0 && path[j]->self_issued()) continue;
                        if (auto v = name_constraint_violation(*path[j], *c.name_constraints)) {
                            return fail(score, AlertDescription::bad_certificate,
                                        cert_label(j, *path[j]) + ": " + *v + " of " + who + "'s name constraints");
                        }
                    }
                }
            }
            // extendedKeyUsage on the leaf and intermediates must allow the purpose.
            if (i != anchor || i == 0) {
                if (!eku_allows(c, options_.purpose)) {
                    return fail(score, AlertDescription::unsupported_certificate,
                                who + ": extendedKeyUsage does not allow " +
                                    (options_.purpose == Purpose::server ? "serverAuth" : "clientAuth"));
                }
            }
        }
        return true;
    }

    bool fail(int score, AlertDescription alert, std::string sentence) {
        if (score > failure_.score) failure_ = {score, alert, std::move(sentence)};
        return false;
    }

    const std::vector<Certificate>& untrusted_;
    const TrustStore& trust_;
    const Options& options_;
    Failure failure_;
};

} // namespace

namespace {
Result verify_chain_unguarded(const Certificate& leaf, const std::vector<Certificate>& untrusted, const TrustStore& trust,
                              const Options& options);
} // namespace

Result verify_chain(const Certificate& leaf, const std::vector<Certificate>& untrusted, const TrustStore& trust,
                    const Options& options) {
    // Never throws: whatever goes wrong is a verdict with a sentence.
    try {
        return verify_chain_unguarded(leaf, untrusted, trust, options);
    } catch (const TlsError& e) {
        Result r;
        r.alert = e.alert();
        r.error = e.what();
        return r;
    } catch (const std::exception& e) {
        Result r;
        r.alert = AlertDescription::internal_error;
        r.error = std::string("path validation failed: ") + e.what();
        return r;
    }
}

namespace {
Result verify_chain_unguarded(const Certificate& leaf, const std::vector<Certificate>& untrusted, const TrustStore& trust,
                              const Options& options) {
    Result result;
    PathBuilder builder(untrusted, trust, options);
    std::vector<const Certificate*> path{&leaf};
    if (!builder.leaf_is_anchor(path) && !builder.build(path)) {
        Failure f = builder.failure();
        result.alert = f.alert;
        result.error = f.sentence;
        return result;
    }
    if (options.host) {
        std::string why;
        if (!matches_host(leaf, *options.host, options.cn_fallback, &why)) {
            result.alert = AlertDescription::certificate_unknown;
            result.error = cert_label(0, leaf) + ": " + why;
            return result;
        }
    }
    result.ok = true;
    for (const Certificate* c : path) result.path.push_back(*c);
    return result;
}

} // namespace

std::int64_t parse_time_argument(std::string_view text) {
    if (!text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
        return std::stoll(std::string(text));
    }
    // RFC 3339 in UTC: 2030-01-01T00:00:00Z
    int y, mo, d, h, mi, s;
    char z = 0;
    if (text.size() != 20 || std::sscanf(std::string(text).c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &s, &z) != 7 ||
        z != 'Z' || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) {
        throw std::invalid_argument("'" + std::string(text) + "' is neither RFC 3339 UTC (2030-01-01T00:00:00Z) nor Unix seconds");
    }
    return der::days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 + h * 3600 + mi * 60 + s;
}

} // namespace glasstls::verify
