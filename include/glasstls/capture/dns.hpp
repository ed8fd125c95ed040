// DNS: the messages a capture holds on UDP port 53, read only as far as a
// passive observer cares (RFC 1035 §4.1) — the name asked for, and the
// addresses answered: A records (RFC 1035 §3.4.1) and AAAA (RFC 3596 §2.2).
// DNS travels in clear, so the name a TLS connection is about to use is
// often in the capture before its ClientHello (docs/observer.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "glasstls/codec.hpp"

namespace glasstls::capture {

constexpr std::uint16_t dns_port = 53;

struct DnsAnswer {
    double time = 0;
    std::string name;                    // the name asked for
    std::vector<std::string> addresses;  // A / AAAA answers (empty for a query)
    bool response = false;
};

// A DNS message (a UDP datagram's payload) to its question and answers;
// nullopt when it has no whole question. Malformed answers end the list.
std::optional<DnsAnswer> parse_dns(ByteView message, double time);

} // namespace glasstls::capture
