// Name constraints (RFC 5280 §4.2.1.10, §6.1.3 b–c), for path validation:
// the names of a certificate they apply to, and the first that breaks them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "glasstls/x509.hpp"

namespace glasstls::verify {

// Lower case, a trailing dot dropped: "WWW.Example.COM." is "www.example.com".
std::string normalize_dns(std::string_view name);
// "DNS:", "IP:", "email:", "URI:", "DirName:", "RID:", "otherName:" — how names are shown.
std::string type_label(x509::GeneralNameType type);

// Every name of `c` that name constraints apply to: its subject as a
// directoryName, e-mail addresses in the subject, all subjectAltNames, and
// for a leaf without subjectAltName its host-like CNs as DNS names.
std::vector<x509::GeneralName> constrained_names(const x509::Certificate& c, bool leaf);
// A constraint of a form glasstls cannot process ("RID:1.2.3.4"), if any.
std::optional<std::string> unprocessable_constraint(const x509::NameConstraints& nc);
// The first name of `c` that breaks `nc`, described; none when all comply.
std::optional<std::string> name_constraint_violation(const x509::Certificate& c, bool leaf, const x509::NameConstraints& nc);

// A dNSName or iPAddress not in the form RFC 5280 §4.2.1.6 / §4.2.1.10
// allows, in a subjectAltName (in_constraint false) or in a subtree of name
// constraints: "DNS:'a b.example' (the label 'a b' is not letters, digits and
// hyphens)". Other forms are not judged here.
std::optional<std::string> name_form_violation(const x509::GeneralName& g, bool in_constraint);

} // namespace glasstls::verify
