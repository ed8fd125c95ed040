#include "glasstls/verify.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <stdexcept>

#include "glasstls/der.hpp"
#include "glasstls/name_constraints.hpp"
#include "glasstls/pem.hpp"
#include "glasstls/text.hpp"

namespace glasstls::verify {

using x509::Certificate;

// ---- Trust store -----------------------------------------------------------------

bool TrustStore::contains(const Certificate& cert) const {
    return std::any_of(anchors_.begin(), anchors_.end(), [&](const Certificate& a) { return a.der == cert.der; });
}

void TrustStore::add(Certificate cert) {
    // An anchor whose key glasstls cannot use (DSA, an unknown curve) could
    // never verify anything: it is skipped with a warning, and the rest of
    // the bundle still counts.
    if (!cert.public_key_supported) {
        ++skipped_;
        warnings_.push_back("skipped the trusted certificate " + cert.describe() + ": its key (" + cert.public_key_algorithm +
                            ") cannot be used");
        return;
    }
    if (!contains(cert)) anchors_.push_back(std::move(cert));
}

void TrustStore::add_file(const std::string& path) {
    for (Certificate& c : x509::load_certificates(path)) add(std::move(c));
}

void TrustStore::add_directory(const std::string& dir) {
    std::error_code ec;
    std::filesystem::directory_iterator it(dir, ec);
    if (ec) throw TlsError(AlertDescription::internal_error, "cannot read the directory " + dir + ": " + ec.message());
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

// ---- Host names (RFC 9525 §6.3, RFC 6125 §6.4) --------------------------------------------------

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

namespace {

// Every name the certificate holds, for the mismatch sentence: all its
// subjectAltNames (DNS, IP and the rest) — or, without any, what its CN is
// and why it did not count.
std::string names_held(const Certificate& cert, bool ip, const std::optional<std::string>& cn) {
    if (cert.subject_alt_names) {
        std::string names;
        for (const x509::GeneralName& g : *cert.subject_alt_names) names += (names.empty() ? "" : ", ") + type_label(g.type) + text::visible(g.text);
        return "it names " + names;
    }
    const std::string none = "the certificate has no subjectAltName";
    const std::string subject_cn = text::visible(cert.subject.common_name());
    if (cn) return none + "; its CN '" + text::visible(*cn) + "' would match, but RFC 9525 §6.3 forbids CN matching (--cn-fallback allows it)";
    if (subject_cn.empty()) return none + " and no CN";
    if (ip) return none + "; its CN '" + subject_cn + "' is never matched against an IP address";
    return none + " and its CN '" + subject_cn + "' does not match either";
}

// The first subject CN that names `host`, if any.
std::optional<std::string> matching_cn(const Certificate& cert, std::string_view host) {
    for (const auto& rdn : cert.subject.rdns) {
        for (const x509::Attribute& a : rdn) {
            if (a.oid == x509::oids::common_name && dns_name_matches(a.value, host)) return a.value;
        }
    }
    return std::nullopt;
}

} // namespace

bool matches_host(const Certificate& cert, std::string_view host, bool cn_fallback, std::string* why) {
    if (why != nullptr) why->clear();
    const std::optional<Bytes> ip = parse_ip_literal(host);
    if (cert.subject_alt_names) {
        // An IP literal matches only an iPAddress SAN, byte for byte (RFC 9525 §6.2.1).
        for (const x509::GeneralName& g : *cert.subject_alt_names) {
            if (ip ? g.type == x509::GeneralNameType::ip && g.ip == *ip : g.type == x509::GeneralNameType::dns && dns_name_matches(g.text, host)) {
                return true;
            }
        }
    }
    // RFC 9525 §6.3: the CN is never a reference identity. The old fallback
    // (RFC 6125 §6.4.4: the CN when there is no subjectAltName at all) is
    // there only on request, and the narration says when it decided.
    const std::optional<std::string> cn = !ip && !cert.subject_alt_names ? matching_cn(cert, host) : std::nullopt;
    if (cn && cn_fallback) {
        if (why != nullptr) {
            *why = "matched by the CN '" + text::visible(*cn) + "': the certificate has no subjectAltName, and --cn-fallback allows what RFC 9525 §6.3 forbids";
        }
        return true;
    }
    if (why != nullptr) {
        *why = "does not match host '" + text::visible(host) + "' (" + names_held(cert, ip.has_value(), cn) + ")";
    }
    return false;
}

// ---- Path building and validation --------------------------------------------------

namespace {

std::string cert_label(std::size_t index, const Certificate& c) {
    return "certificate " + std::to_string(index) + " (" + c.describe() + ")";
}

// The name forms of a certificate's subjectAltName and name constraints
// (RFC 5280 §4.2.1.6, §4.2.1.10), and that only a CA carries constraints.
std::optional<std::string> name_profile_violation(const Certificate& c, bool ca) {
    if (c.subject_alt_names) {
        for (const x509::GeneralName& g : *c.subject_alt_names) {
            if (auto bad = name_form_violation(g, false)) return "its subjectAltName holds a malformed " + *bad + " (RFC 5280 §4.2.1.6)";
        }
    }
    if (!c.name_constraints) return std::nullopt;
    const x509::NameConstraints& nc = *c.name_constraints;
    if (!ca) return "it is not a CA but has name constraints (RFC 5280 §4.2.1.10: only CA certificates carry them)";
    if (nc.permitted.empty() && nc.excluded.empty()) {
        return "its name constraints have neither permitted nor excluded subtrees (RFC 5280 §4.2.1.10: one must be present)";
    }
    for (const auto* list : {&nc.permitted, &nc.excluded}) {
        for (const x509::GeneralName& g : *list) {
            if (auto bad = name_form_violation(g, true)) return "its name constraints hold a malformed " + *bad + " (RFC 5280 §4.2.1.10)";
        }
    }
    return std::nullopt;
}

// The RFC 5280 profile that strict validators (OpenSSL -x509_strict, Go,
// rustls-webpki, pyca/cryptography) enforce on every certificate of the
// path, the trust anchor included when it anchors other certificates; the
// sentence names the rule. One function, so that a stricter profile can
// add its rules next to these.
std::optional<std::string> profile_violation(const Certificate& c, PathRole role) {
    const x509::Extension* bc = c.find_extension("2.5.29.19");
    const x509::Extension* aki = c.find_extension("2.5.29.35");
    const bool ca = c.basic_constraints && c.basic_constraints->ca;
    const std::size_t serial_octets = c.serial.size() + (!c.serial.empty() && (c.serial[0] & 0x80) != 0 ? 1 : 0);
    // Roots of the system bundle with serial 0 anchor much of the web (Go
    // Daddy and Starfield G2, SECOM, HARICA): OpenSSL and Go accept them.
    if (c.serial == Bytes{0} && role != PathRole::anchor) return "its serial number is zero (RFC 5280 §4.1.2.2: it must be positive)";
    if (c.serial_negative) return "its serial number is negative (RFC 5280 §4.1.2.2: it must be positive)";
    if (serial_octets > 20) return "its serial number is " + std::to_string(serial_octets) + " octets long (RFC 5280 §4.1.2.2: at most 20)";
    if (c.issuer.rdns.empty()) return "its issuer name is empty (RFC 5280 §4.1.2.4)";
    if (c.subject.rdns.empty()) {
        const x509::Extension* san = c.find_extension("2.5.29.17");
        if (san == nullptr || !san->critical) {
            return "its subject is empty, so its subjectAltName must be present and critical (RFC 5280 §4.2.1.6)";
        }
    }
    if (aki != nullptr && aki->critical) return "its authorityKeyIdentifier is marked critical (RFC 5280 §4.2.1.1: it must not be)";
    if (aki == nullptr && !c.self_issued()) return "it has no authorityKeyIdentifier (RFC 5280 §4.2.1.1: required but in self-signed certificates)";
    // Roots still in the system bundle (Go Daddy and Starfield Class 2)
    // have a non-critical basicConstraints, which OpenSSL accepts in them.
    if (ca && !bc->critical && role != PathRole::anchor) return "it is a CA but its basicConstraints is not critical (RFC 5280 §4.2.1.9)";
    if (ca && !c.subject_key_id) return "it is a CA without a subjectKeyIdentifier (RFC 5280 §4.2.1.2)";
    if (!ca && c.has_key_usage(x509::key_cert_sign)) {
        return std::string(role == PathRole::leaf ? "the leaf" : "it") + " asserts keyCertSign without being a CA (RFC 5280 §4.2.1.3)";
    }
    return name_profile_violation(c, ca);
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
        if (out_of_budget()) return false;
        if (intermediates(path) > options_.max_depth) {
            fail(static_cast<int>(index), AlertDescription::bad_certificate,
                 cert_label(index, current) + ": the path needs more than " + std::to_string(options_.max_depth) +
                     " intermediate certificates (--max-depth counts them as openssl verify -verify_depth does)");
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
                if (anchors) ++paths_tried_;
                if (anchors ? validate(path) : build(path)) return true;
                path.pop_back();
                if (out_of_budget()) return false;
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
    // The intermediates of a partial path, as OpenSSL's -verify_depth counts
    // them: neither the leaf nor the anchor, and (as pathLenConstraint,
    // RFC 5280 §4.2.1.9) no self-issued certificate — a CA's key rollover
    // does not lengthen its paths. Loops are excluded and the search has a
    // budget, so this cannot make a path grow without bound.
    static std::size_t intermediates(const std::vector<const Certificate*>& path) {
        return static_cast<std::size_t>(std::count_if(path.begin() + 1, path.end(), [](const Certificate* c) { return !c->self_issued(); }));
    }

    // A budget on the search (Go's crypto/x509 caps signature checks per
    // verification, rustls-webpki counts signatures and build steps): N
    // certificates sharing one name and key would otherwise be tried in all
    // N! orders — hours of CPU for a dozen, sent by any peer before it has
    // authenticated. Once spent, the search stops and says so.
    bool out_of_budget() {
        if (signature_checks_ < options_.max_signature_checks && steps_++ < 4 * options_.max_signature_checks) return false;
        fail(1 << 30, AlertDescription::bad_certificate,
             "gave up after " + std::to_string(paths_tried_) + " candidate paths and " + std::to_string(signature_checks_) +
                 " signature checks (the limit is " + std::to_string(options_.max_signature_checks) +
                 "): the chain offers too many ways to build a path");
        return true;
    }

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
    // Each (child, issuer) pair is checked once; the verdict is remembered,
    // because the search meets the same pair on many candidate paths.
    bool signature_ok(const Certificate& child, std::size_t index, const Certificate& issuer) {
        const auto key = std::make_pair(&child, &issuer);
        if (auto it = signature_verdicts_.find(key); it != signature_verdicts_.end()) {
            if (!it->second.first) {
                replaying_ = true;   // reported once, when it was checked
                fail(it->second.second.score, it->second.second.alert, it->second.second.sentence);
                replaying_ = false;
            }
            return it->second.first;
        }
        const Failure before = failure_;
        failure_ = {};
        const bool ok = check_signature(child, index, issuer);
        const Failure mine = failure_;
        failure_ = before;
        if (!ok) fail(mine.score, mine.alert, mine.sentence);
        signature_verdicts_[key] = {ok, mine};
        return ok;
    }

    bool check_signature(const Certificate& child, std::size_t index, const Certificate& issuer) {
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
        ++signature_checks_;
        const bool verified = crypto::verify(issuer.public_key, alg.algorithm, alg.hash, child.tbs_der, child.signature, alg.pss_salt_length);
        if (verified) {
            report({"signature of " + cert_label(index, child) + " by " + issuer.describe() + " (" + alg.name + ")",
                    "RFC 5280 §6.1.3 (a)(1)", true, ""});
        }
        if (!verified) {
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
        std::string chain;
        for (const Certificate* c : path) chain += (chain.empty() ? "" : " -> ") + c->describe();
        report({"path tried: " + chain, "RFC 5280 §6.1", true, ""});
        if (!validate_rules(path, score, anchor)) return false;
        report({"every certificate of the path passes: validity, critical extensions, the profile, basicConstraints, keyUsage, "
                "pathLenConstraint, name constraints, extendedKeyUsage — the anchor's own included",
                "RFC 5280 §6.1.3, §6.1.4, §4.2; RFC 5937 §3", true, ""});
        return true;
    }

    bool validate_rules(const std::vector<const Certificate*>& path, int score, std::size_t anchor) {
        for (std::size_t i = 0; i < path.size(); ++i) {
            const Certificate& c = *path[i];
            const std::string who = cert_label(i, c);
            if (!check_validity(c, who, score)) return false;
            // A leaf trusted directly (a self-signed server certificate the
            // user chose) is trusted as it is: it anchors nothing but itself.
            if (path.size() == 1) continue;
            // RFC 5937 §3, as OpenSSL, Go, rustls-webpki and pyca/cryptography
            // do: an anchor that is a certificate brings its constraints, and
            // the profile applies to it as to the certificates a peer sent.
            const PathRole role = i == 0 ? PathRole::leaf : i == anchor ? PathRole::anchor : PathRole::intermediate;
            if (role == PathRole::anchor && !check_anchor(c, who, score)) return false;
            if (!check_webpki(c, role, who, score)) return false;
            if (!check_profile(c, role, who, score)) return false;
            if (i > 0 && !check_issuer(path, i, who, score)) return false;
            // extendedKeyUsage on every certificate of the path must allow the purpose.
            if (!eku_allows(c, options_.purpose)) {
                return fail(score, AlertDescription::unsupported_certificate,
                            who + ": extendedKeyUsage does not allow " + (options_.purpose == Purpose::server ? "serverAuth" : "clientAuth"));
            }
        }
        return true;
    }

    // RFC 5937 §3, RFC 5280 §6.1.4 (k)(n): a trusted certificate anchors other
    // certificates only if it is a CA that may sign them and has no critical
    // extension glasstls cannot honour; else it is trusted as itself alone.
    bool check_anchor(const Certificate& c, const std::string& who, int score) {
        const std::string so = ", so it anchors no path (RFC 5937 §3, RFC 5280 §6.1.4)";
        auto unknown = c.unknown_critical_extensions();
        if (!unknown.empty()) {
            return fail(score, AlertDescription::unsupported_certificate,
                        who + ": the trusted certificate has an unknown critical extension " + x509::oid_name(unknown[0]->oid) + so);
        }
        if (!(c.basic_constraints && c.basic_constraints->ca)) {
            return fail(score, AlertDescription::unknown_ca, who + ": the trusted certificate is not a CA (basicConstraints cA is not set)" + so);
        }
        if (c.key_usage && !c.has_key_usage(x509::key_cert_sign)) {
            return fail(score, AlertDescription::unknown_ca, who + ": the trusted certificate's keyUsage lacks keyCertSign" + so);
        }
        return true;
    }

    // §6.1.3 a.2: the validation time within notBefore .. notAfter.
    bool check_validity(const Certificate& c, const std::string& who, int score) {
        if (options_.at < c.not_before) {
            return fail(score, AlertDescription::bad_certificate, who + ": not valid before " + der::format_time(c.not_before));
        }
        if (options_.at > c.not_after) {
            return fail(score, AlertDescription::certificate_expired, who + ": expired at " + der::format_time(c.not_after));
        }
        return true;
    }

    // §4.2: no unknown critical extension, the profile, a usable leaf key.
    bool check_profile(const Certificate& c, PathRole role, const std::string& who, int score) {
        const bool leaf = role == PathRole::leaf;
        auto unknown = c.unknown_critical_extensions();
        if (!unknown.empty()) {
            return fail(score, AlertDescription::unsupported_certificate,
                        who + ": unknown critical extension " + x509::oid_name(unknown[0]->oid));
        }
        if (auto broken = profile_violation(c, role)) return fail(score, AlertDescription::bad_certificate, who + ": " + *broken);
        if (leaf && !c.public_key_supported) {
            return fail(score, AlertDescription::unsupported_certificate, who + ": its key (" + c.public_key_algorithm + ") cannot be used");
        }
        return true;
    }

    // --profile webpki: the CA/Browser Forum rules, on the anchor too.
    bool check_webpki(const Certificate& c, PathRole role, const std::string& who, int score) {
        if (options_.profile != Profile::webpki) return true;
        auto broken = webpki_violation(c, role);
        return !broken || fail(score, AlertDescription::bad_certificate, who + ": " + *broken);
    }

    // An issuer of the path (index i > 0): a CA that may sign certificates,
    // within its pathLenConstraint and its name constraints.
    bool check_issuer(const std::vector<const Certificate*>& path, std::size_t i, const std::string& who, int score) {
        const Certificate& c = *path[i];
        // An issuer must be a CA: basicConstraints cA (§4.2.1.9).
        if (!(c.basic_constraints && c.basic_constraints->ca)) {
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
        return !c.name_constraints || check_name_constraints(path, i, who, score);
    }

    // §6.1.3 b, c: every name below the issuer within its name constraints.
    bool check_name_constraints(const std::vector<const Certificate*>& path, std::size_t i, const std::string& who, int score) {
        const x509::NameConstraints& nc = *path[i]->name_constraints;
        if (auto form = unprocessable_constraint(nc)) {
            return fail(score, AlertDescription::bad_certificate,
                        who + ": its name constraints include " + *form +
                            ", a form glasstls cannot process (RFC 5280 §4.2.1.10: the path must then fail)");
        }
        for (std::size_t j = 0; j < i; ++j) {
            if (j > 0 && path[j]->self_issued()) continue;
            // Names x constraints is chosen by the peer too (thousands of
            // each fit in a Certificate message): a budget, as rustls-webpki has.
            const std::size_t names = constrained_names(*path[j], j == 0).size();
            name_comparisons_ += names * (nc.permitted.size() + nc.excluded.size());
            if (name_comparisons_ > options_.max_name_constraint_comparisons) {
                return fail(1 << 30, AlertDescription::bad_certificate,
                            "gave up: checking name constraints would take more than " +
                                std::to_string(options_.max_name_constraint_comparisons) + " comparisons");
            }
            if (auto v = name_constraint_violation(*path[j], j == 0, nc)) {
                return fail(score, AlertDescription::bad_certificate, cert_label(j, *path[j]) + ": " + *v + " of " + who + "'s name constraints");
            }
        }
        return true;
    }

    bool fail(int score, AlertDescription alert, std::string sentence) {
        if (!replaying_ && sentence != last_reported_) {   // once, though the search meets it again
            report({"a rule failed", "RFC 5280 §6.1", false, sentence});
            last_reported_ = sentence;
        }
        if (score > failure_.score) failure_ = {score, alert, std::move(sentence)};
        return false;
    }

    void report(const Check& c) const {
        if (options_.on_check) options_.on_check(c);
    }

    const std::vector<Certificate>& untrusted_;
    const TrustStore& trust_;
    const Options& options_;
    Failure failure_;
    std::map<std::pair<const Certificate*, const Certificate*>, std::pair<bool, Failure>> signature_verdicts_;
    std::size_t signature_checks_ = 0, steps_ = 0, paths_tried_ = 0, name_comparisons_ = 0;
    bool replaying_ = false;
    std::string last_reported_;
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
    // Only the first max_untrusted certificates a peer sends are candidates:
    // a real chain has a handful; thousands would only feed the search.
    const std::vector<Certificate> pool(untrusted.begin(),
                                        untrusted.begin() + static_cast<std::ptrdiff_t>(std::min(untrusted.size(), options.max_untrusted)));
    PathBuilder builder(pool, trust, options);
    std::vector<const Certificate*> path{&leaf};
    if (!builder.leaf_is_anchor(path) && !builder.build(path)) {
        Failure f = builder.failure();
        result.alert = f.alert;
        result.error = f.sentence;
        return result;
    }
    if (options.host) {
        std::string why;
        const bool match = matches_host(leaf, *options.host, options.cn_fallback, &why);
        if (options.on_check) {
            options.on_check({"host name '" + *options.host + "' against " + cert_label(0, leaf), "RFC 9525 §6.3", match, why});
        }
        if (!match) {
            result.alert = AlertDescription::certificate_unknown;
            result.error = cert_label(0, leaf) + ": " + why;
            result.host_mismatch = true;
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
        // Digits only, so stoll can fail only by overflow (std::out_of_range):
        // the user's text, so it is a sentence too, not a library exception.
        try {
            return std::stoll(std::string(text));
        } catch (const std::out_of_range&) {
            throw TlsError(AlertDescription::decode_error, "'" + std::string(text) + "' is more Unix seconds than fit in 64 bits");
        }
    }
    // RFC 3339 in UTC: 2030-01-01T00:00:00Z
    int y, mo, d, h, mi, s;
    char z = 0;
    if (text.size() != 20 || std::sscanf(std::string(text).c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &s, &z) != 7 ||
        z != 'Z' || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) {
        throw TlsError(AlertDescription::decode_error,
                       "'" + std::string(text) + "' is neither RFC 3339 UTC (2030-01-01T00:00:00Z) nor Unix seconds");
    }
    return der::days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 + h * 3600 + mi * 60 + s;
}

} // namespace glasstls::verify
