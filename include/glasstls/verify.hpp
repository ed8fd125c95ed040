// Certificate path validation (RFC 5280 §6, trust anchors per RFC 5937) and
// server identity checks (RFC 9525): the four questions — is it expired,
// is it for this host, was it modified, do I trust the CA that signed it.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "glasstls/alert.hpp"
#include "glasstls/webpki_profile.hpp"
#include "glasstls/x509.hpp"

namespace glasstls::verify {

enum class Purpose { server, client };

// The certificates we trust as anchors (RFC 5280 §6.1.1 d, RFC 5937): their
// names, keys and constraints — an anchor's own signature is never checked,
// its extensions constrain the paths under it (verify_chain).
class TrustStore {
public:
    void add(x509::Certificate cert);
    // A PEM bundle; an unreadable file or a malformed certificate is a
    // TlsError (see x509::load_certificates), one with a key glasstls cannot
    // use (DSA…) is skipped with a warning.
    void add_file(const std::string& path);
    // Every certificate file in a directory (OpenSSL's hash-named links
    // included, duplicates dropped); files that are not certificates are
    // skipped. A directory that cannot be read is TlsError{internal_error}.
    void add_directory(const std::string& dir);
    // The system bundle; certificates glasstls cannot parse are skipped.
    void add_system(const std::string& path = "/etc/ssl/certs/ca-certificates.crt");

    const std::vector<x509::Certificate>& anchors() const { return anchors_; }
    bool contains(const x509::Certificate& cert) const;
    std::size_t size() const { return anchors_.size(); }
    std::size_t skipped() const { return skipped_; }
    // One sentence per skipped certificate whose key cannot be used.
    const std::vector<std::string>& warnings() const { return warnings_; }

private:
    std::vector<x509::Certificate> anchors_;
    std::size_t skipped_ = 0;
    std::vector<std::string> warnings_;
};

// One step of path validation, as it happens — for the narrated trace:
// a path tried, a signature checked, a certificate's rules, the host name.
struct Check {
    std::string what;     // "signature of certificate 0 (CN=www.lab.test) by CN=Lab Intermediate RSA"
    std::string rfc;      // "RFC 5280 §6.1.3 (a)(1)"
    bool ok = true;
    std::string detail;   // the reason, when not ok; or a note (the CN decided the host name)
};

struct Options {
    std::optional<std::string> host;   // DNS name or IP literal to check; none: no identity check
    std::int64_t at = 0;               // validation time, Unix seconds
    Purpose purpose = Purpose::server;
    bool allow_weak_signatures = false;   // accept SHA-1 and MD5 signatures
    // RFC 9525 §6.3: the subject CN is never matched (Python's ssl, Go and
    // browsers agree). true restores RFC 6125 §6.4.4's fallback — the CN when
    // the certificate has no subjectAltName at all — for a lab to show it.
    bool cn_fallback = false;
    // Intermediates allowed in a path, as OpenSSL's -verify_depth: neither the
    // leaf nor the anchor counts, nor a self-issued intermediate (§4.2.1.9).
    std::size_t max_depth = 10;
    // RFC 5280 alone, or with the CA/Browser Forum rules of a public server's
    // chain on top (webpki_profile.hpp).
    Profile profile = Profile::rfc5280;
    // Budgets on path building over certificates a peer chose: signature
    // checks in all (the search gives up past this, saying so), and how many
    // of the untrusted certificates are considered at all.
    std::size_t max_signature_checks = 100;
    std::size_t max_untrusted = 32;
    std::size_t max_name_constraint_comparisons = 250000;   // names x subtrees, over the whole search
    // Called for each step of the validation (may be empty).
    std::function<void(const Check&)> on_check;
};

struct Result {
    bool ok = false;
    std::vector<x509::Certificate> path;   // leaf first, trust anchor last
    AlertDescription alert = AlertDescription::certificate_unknown;
    std::string error;   // "certificate 1 (CN=Lab Intermediate): pathLenConstraint 0 exceeded"
    bool host_mismatch = false;   // the path held; the leaf does not name options.host
};

// Builds a path from `leaf` through any of `untrusted` (any order, extras
// allowed) to an anchor of `trust`, trying alternatives when a candidate
// fails, and checks every rule on it — the anchor's own constraints and
// profile included; a leaf that is itself trusted is accepted as it is.
// Never throws for a bad chain.
Result verify_chain(const x509::Certificate& leaf, const std::vector<x509::Certificate>& untrusted,
                    const TrustStore& trust, const Options& options);

// RFC 9525 §6.3 (RFC 6125 §6.4 with cn_fallback): does the certificate name
// this host? *why is the sentence on failure — every name the certificate
// holds, and its CN when it would have matched — and on success a note when
// the CN decided (empty otherwise).
bool matches_host(const x509::Certificate& cert, std::string_view host, bool cn_fallback, std::string* why = nullptr);
// One DNS pattern from a certificate against one host name (§6.4.3 wildcards).
bool dns_name_matches(std::string_view pattern, std::string_view host);
// "192.0.2.1" -> 4 bytes, "2001:db8::1" or "[2001:db8::1]" -> 16 bytes.
std::optional<Bytes> parse_ip_literal(std::string_view text);

// "2030-01-01T00:00:00Z" or Unix seconds (a user's option, --at); anything
// else is TlsError{decode_error}.
std::int64_t parse_time_argument(std::string_view text);

} // namespace glasstls::verify
