// The web-PKI profile: the CA/Browser Forum Baseline Requirements (BR) rules
// that rustls-webpki and pyca/cryptography's verifier apply on top of
// RFC 5280, for a public TLS server's chain. `glass verify --profile webpki`
// and `glass client --profile webpki` turn them on; the default profile is
// RFC 5280 alone, because a lab's own CA need not follow the CA/Browser
// Forum's rules. docs/x509.md lists every rule of both profiles.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "glasstls/x509.hpp"

namespace glasstls::verify {

enum class Profile { rfc5280, webpki };

// "rfc5280" or "webpki"; anything else is none.
std::optional<Profile> parse_profile(std::string_view name);
const char* profile_name(Profile p);

// Where a certificate stands in the path being validated: the rules differ
// for the server's own certificate, the CAs between, and the root.
enum class PathRole { leaf, intermediate, anchor };

// The first web-PKI rule `c` breaks in that role, as a sentence that names
// the rule and its BR section; none when it keeps them all.
std::optional<std::string> webpki_violation(const x509::Certificate& c, PathRole role);

} // namespace glasstls::verify
