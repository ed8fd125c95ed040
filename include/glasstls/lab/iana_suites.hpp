// Every TLS 1.2 cipher suite IANA registered (iana_suites.cpp), for
// `glass probe`, which asks a server about all of them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace glasstls::lab {

struct IanaSuite {
    std::uint16_t code;
    std::string_view name;
};
const std::vector<IanaSuite>& iana_tls12_suites();   // includes the two signalling values 0x00FF and 0x5600
std::string iana_suite_name(std::uint16_t code);     // "TLS_…", or "0x1a2b (unknown)"

} // namespace glasstls::lab
