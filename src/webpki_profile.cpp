// The web-PKI profile (see the header). Section numbers are those of the
// CA/Browser Forum Baseline Requirements 2.0 (BR), which state the rules as
// tables per certificate kind; rustls-webpki and pyca/cryptography enforce
// the same subset, and x509-limbo's webpki cases test it.
#include "glasstls/webpki_profile.hpp"

#include <algorithm>

#include "glasstls/der.hpp"

namespace glasstls::verify {

namespace {
using x509::Certificate;

constexpr const char* kEku = "2.5.29.37";
constexpr const char* kSan = "2.5.29.17";
constexpr const char* kAki = "2.5.29.35";
constexpr const char* kAia = "1.3.6.1.5.5.7.1.1";

bool has_eku(const Certificate& c, const char* oid) {
    return c.ext_key_usage && std::find(c.ext_key_usage->begin(), c.ext_key_usage->end(), oid) != c.ext_key_usage->end();
}

// BR §7.1.2.7.10 and the extension table of §7.1.2.7.6: a subscriber
// certificate says what it is for — serverAuth — and only that kind of thing.
std::optional<std::string> leaf_eku_violation(const Certificate& c) {
    const x509::Extension* eku = c.find_extension(kEku);
    if (eku == nullptr) return "the leaf has no extendedKeyUsage (BR §7.1.2.7.10: a TLS server certificate must say serverAuth)";
    if (eku->critical) return "the leaf's extendedKeyUsage is critical (BR §7.1.2.7.6: it must not be)";
    if (has_eku(c, x509::oids::any_extended_key_usage)) {
        return "the leaf's extendedKeyUsage holds anyExtendedKeyUsage (BR §7.1.2.7.10: it must not)";
    }
    return std::nullopt;
}

// BR §7.1.2.7.12, RFC 5280 §4.2.1.6: the server's names are in the
// subjectAltName, which is critical only when the subject is empty.
std::optional<std::string> leaf_san_violation(const Certificate& c) {
    const x509::Extension* san = c.find_extension(kSan);
    if (san == nullptr) return "the leaf has no subjectAltName (BR §7.1.2.7.12: the server's names must be there)";
    if (san->critical && !c.subject.rdns.empty()) {
        return "the leaf's subjectAltName is critical though its subject is not empty (BR §7.1.2.7.12)";
    }
    return std::nullopt;
}

// BR §7.1.2.1.3: a root's authorityKeyIdentifier, when present, is its own
// keyIdentifier and nothing else — the issuer-and-serial forms would name a
// certificate above the root.
std::optional<std::string> root_aki_violation(const Certificate& c) {
    const x509::Extension* aki = c.find_extension(kAki);
    if (aki == nullptr) return std::nullopt;
    der::Reader r(aki->value, "authorityKeyIdentifier");
    der::Reader fields = r.sequence("AuthorityKeyIdentifier");
    bool key_identifier = false;
    while (!fields.empty()) {
        const der::Element e = fields.read("AuthorityKeyIdentifier field");
        if (e.tag != der::context(0)) {
            return "the root's authorityKeyIdentifier names an issuer or serial number (BR §7.1.2.1.3: only keyIdentifier)";
        }
        key_identifier = true;
    }
    if (!key_identifier) return "the root's authorityKeyIdentifier has no keyIdentifier (BR §7.1.2.1.3)";
    if (c.subject_key_id && c.authority_key_id != c.subject_key_id) {
        return "the root's authorityKeyIdentifier differs from its subjectKeyIdentifier (BR §7.1.2.1.3: they must be equal)";
    }
    return std::nullopt;
}

// RFC 5280 §4.2.2.1: authorityInfoAccess is non-critical. Its entries are
// well-formed by the time we get here (the parser refuses any that is not);
// BR §7.1.2.7.7 wants HTTP URIs, but rustls-webpki and pyca/cryptography
// accept any GeneralName, so neither does glasstls refuse one.
std::optional<std::string> aia_violation(const Certificate& c) {
    const x509::Extension* aia = c.find_extension(kAia);
    if (aia != nullptr && aia->critical) return "its authorityInfoAccess is critical (RFC 5280 §4.2.2.1: it must not be)";
    return std::nullopt;
}

} // namespace

std::optional<Profile> parse_profile(std::string_view name) {
    if (name == "rfc5280") return Profile::rfc5280;
    if (name == "webpki") return Profile::webpki;
    return std::nullopt;
}

const char* profile_name(Profile p) { return p == Profile::webpki ? "webpki" : "rfc5280"; }

std::optional<std::string> webpki_violation(const Certificate& c, PathRole role) {
    if (auto v = aia_violation(c)) return v;
    switch (role) {
    case PathRole::leaf:
        // BR §7.1.2.7.8: a subscriber certificate is no CA.
        if (c.basic_constraints && c.basic_constraints->ca) return "the leaf says it is a CA (BR §7.1.2.7.8: cA must be false)";
        if (auto v = leaf_eku_violation(c)) return v;
        return leaf_san_violation(c);
    case PathRole::anchor:
        // BR §7.1.2.1.2: a root is not limited to a purpose by EKU.
        if (c.find_extension(kEku) != nullptr) return "the root has an extendedKeyUsage (BR §7.1.2.1.2: a root must not)";
        return root_aki_violation(c);
    case PathRole::intermediate:
        return std::nullopt;
    }
    return std::nullopt;
}

} // namespace glasstls::verify
