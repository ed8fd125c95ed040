// Name constraints (RFC 5280 §4.2.1.10, §6.1.3 b–c): which names of a
// certificate a CA's permitted and excluded subtrees apply to, and whether
// they lie inside.
#include "glasstls/name_constraints.hpp"
#include "glasstls/text.hpp"

#include <algorithm>
#include <cctype>

namespace glasstls::verify {

using x509::Certificate;

std::string normalize_dns(std::string_view s) {
    std::string out(s);
    if (!out.empty() && out.back() == '.') out.pop_back();   // "example.com." is "example.com"
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

namespace {

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

// rfc822Name constraints: "user@host" one mailbox, "host" every mailbox at
// that host, ".example.com" every mailbox at a host below it.
bool email_in_subtree(const std::string& mailbox, const std::string& constraint) {
    const std::size_t at = mailbox.rfind('@');
    if (at == std::string::npos) return false;
    const std::string host = normalize_dns(mailbox.substr(at + 1));
    if (constraint.find('@') != std::string::npos) {
        const std::size_t cat = constraint.rfind('@');
        return mailbox.substr(0, at) == constraint.substr(0, cat) && host == normalize_dns(constraint.substr(cat + 1));
    }
    if (!constraint.empty() && constraint[0] == '.') return dns_in_subtree(host, constraint);
    return host == normalize_dns(constraint);
}

// The host of a URI ("https://user@www.example.com:443/x" -> "www.example.com"); "" when it has none.
std::string uri_host(const std::string& uri) {
    const std::size_t scheme = uri.find("://");
    if (scheme == std::string::npos) return "";
    std::string rest = uri.substr(scheme + 3);
    rest = rest.substr(0, rest.find_first_of("/?#"));
    if (const std::size_t at = rest.rfind('@'); at != std::string::npos) rest = rest.substr(at + 1);
    if (!rest.empty() && rest[0] == '[') return "";   // an IP literal is not a host name
    return rest.substr(0, rest.find(':'));
}

// uniformResourceIdentifier constraints apply to the host: ".example.com"
// hosts below it, "example.com" that host only.
bool uri_in_subtree(const std::string& uri, const std::string& constraint) {
    const std::string host = uri_host(uri);
    if (host.empty()) return false;
    if (!constraint.empty() && constraint[0] == '.') return dns_in_subtree(host, constraint);
    return normalize_dns(host) == normalize_dns(constraint);
}

bool in_subtree(const x509::GeneralName& name, const x509::GeneralName& base) {
    if (name.type != base.type) return false;
    switch (name.type) {
    case x509::GeneralNameType::dns: return dns_in_subtree(name.text, base.text);
    case x509::GeneralNameType::ip: return ip_in_subtree(name.ip, base.ip);
    case x509::GeneralNameType::email: return email_in_subtree(name.text, base.text);
    case x509::GeneralNameType::uri: return uri_in_subtree(name.text, base.text);
    case x509::GeneralNameType::directory: return name.directory.within(base.directory);
    default: return false;
    }
}

bool processable(x509::GeneralNameType t) {
    using T = x509::GeneralNameType;
    return t == T::dns || t == T::ip || t == T::email || t == T::uri || t == T::directory;
}

// A CN that a host-name check would read as a DNS name (letters, digits,
// hyphens, dots, a wildcard; at least one dot) — as OpenSSL decides it.
bool looks_like_host_name(const std::string& cn) {
    if (cn.find('.') == std::string::npos) return false;
    return std::all_of(cn.begin(), cn.end(), [](char ch) {
        return std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '.' || ch == '*' || ch == '_';
    });
}

} // namespace

std::string type_label(x509::GeneralNameType t) {
    switch (t) {
    case x509::GeneralNameType::dns: return "DNS:";
    case x509::GeneralNameType::ip: return "IP:";
    case x509::GeneralNameType::email: return "email:";
    case x509::GeneralNameType::uri: return "URI:";
    case x509::GeneralNameType::directory: return "DirName:";
    case x509::GeneralNameType::registered_id: return "RID:";
    default: return "otherName:";
    }
}

// Every name of `c` that name constraints apply to (RFC 5280 §4.2.1.10,
// §6.1.3 b–c): its subject as a directoryName, e-mail addresses in the
// subject, all subjectAltNames — and, for a leaf with no subjectAltName, the
// CNs the host-name check falls back to, as DNS names (else a constrained CA
// could issue CN=www.google.com and the fallback would accept it).
std::vector<x509::GeneralName> constrained_names(const Certificate& c, bool leaf) {
    std::vector<x509::GeneralName> out;
    if (!c.subject.rdns.empty()) out.push_back({x509::GeneralNameType::directory, c.subject.to_string(), {}, c.subject});
    for (const auto& rdn : c.subject.rdns) {
        for (const x509::Attribute& a : rdn) {
            if (a.oid == x509::oids::email_address) out.push_back({x509::GeneralNameType::email, a.value, {}, {}});
            if (leaf && !c.subject_alt_names && a.oid == x509::oids::common_name && looks_like_host_name(a.value)) {
                out.push_back({x509::GeneralNameType::dns, a.value, {}, {}});
            }
        }
    }
    if (c.subject_alt_names) out.insert(out.end(), c.subject_alt_names->begin(), c.subject_alt_names->end());
    return out;
}

// §4.2.1.10: a constraint of a form we cannot process must make the path
// invalid rather than be ignored (the extension is critical by rule).
std::optional<std::string> unprocessable_constraint(const x509::NameConstraints& nc) {
    for (const auto* list : {&nc.permitted, &nc.excluded}) {
        for (const x509::GeneralName& g : *list) {
            if (!processable(g.type)) return type_label(g.type) + text::visible(g.text);
        }
    }
    return std::nullopt;
}

// The first name of `c` that breaks the constraints, described.
std::optional<std::string> name_constraint_violation(const Certificate& c, bool leaf, const x509::NameConstraints& nc) {
    for (const x509::GeneralName& n : constrained_names(c, leaf)) {
        if (!processable(n.type)) continue;
        for (const x509::GeneralName& ex : nc.excluded) {
            if (in_subtree(n, ex)) return type_label(n.type) + text::visible(n.text) + " is in the excluded subtree " + text::visible(ex.text);
        }
        bool constrained = false, permitted = false;
        for (const x509::GeneralName& p : nc.permitted) {
            if (p.type != n.type) continue;
            constrained = true;
            permitted = permitted || in_subtree(n, p);
        }
        if (constrained && !permitted) return type_label(n.type) + text::visible(n.text) + " is outside the permitted subtrees";
    }
    return std::nullopt;
}

namespace {

// RFC 5280 §4.2.1.6 and §4.2.1.10: a dNSName is in the preferred name syntax
// of RFC 1034 §3.5 — labels of letters, digits and hyphens (underscores too,
// as OpenSSL, Go and rustls-webpki accept), 1 to 63 octets each, 253 in all,
// no empty label (so no trailing dot). A SAN may have "*" as its whole first
// label (RFC 6125 §6.4.3); a constraint may be empty (every name) or start
// with "." (only subdomains), and never holds a wildcard.
std::optional<std::string> dns_form_violation(std::string_view name, bool in_constraint) {
    if (in_constraint && !name.empty() && name[0] == '.') name.remove_prefix(1);
    if (name.empty()) return in_constraint ? std::nullopt : std::optional<std::string>("it is empty");
    if (name.size() > 253) return "it is longer than 253 octets";
    std::size_t start = 0;
    while (start <= name.size()) {
        const std::size_t dot = std::min(name.find('.', start), name.size());
        const std::string_view label = name.substr(start, dot - start);
        if (label.empty()) return std::string("it has an empty label");
        if (label.size() > 63) return std::string("a label is longer than 63 octets");
        const bool wildcard = !in_constraint && start == 0 && label == "*" && dot < name.size();
        const bool ldh = std::all_of(label.begin(), label.end(), [](char ch) {
            return std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_';
        });
        if (!wildcard && !ldh) return "the label '" + std::string(label) + "' is not letters, digits and hyphens";
        start = dot + 1;
    }
    return std::nullopt;
}

// An iPAddress is 4 or 16 octets in a SAN; in a constraint an address and a
// mask, 8 or 32 octets, the mask a run of ones then zeros (RFC 5280
// §4.2.1.10; Go, rustls-webpki and pyca/cryptography refuse other masks).
std::optional<std::string> ip_form_violation(const Bytes& ip, bool in_constraint) {
    if (!in_constraint) {
        if (ip.size() == 4 || ip.size() == 16) return std::nullopt;
        return std::to_string(ip.size()) + " octets, not 4 or 16";
    }
    if (ip.size() != 8 && ip.size() != 32) return std::to_string(ip.size()) + " octets, not 8 or 32 (an address and a mask)";
    bool zero_seen = false;
    for (std::size_t i = ip.size() / 2; i < ip.size(); ++i) {
        for (int bit = 7; bit >= 0; --bit) {
            const bool one = (ip[i] >> bit) & 1;
            if (one && zero_seen) return std::string("its mask is not contiguous");
            zero_seen = zero_seen || !one;
        }
    }
    return std::nullopt;
}

} // namespace

std::optional<std::string> name_form_violation(const x509::GeneralName& g, bool in_constraint) {
    std::optional<std::string> why;
    if (g.type == x509::GeneralNameType::dns) why = dns_form_violation(g.text, in_constraint);
    if (g.type == x509::GeneralNameType::ip) why = ip_form_violation(g.ip, in_constraint);
    if (!why) return std::nullopt;
    return type_label(g.type) + "'" + text::visible(g.text) + "' (" + *why + ")";
}

} // namespace glasstls::verify
