// The capture modules' shared vocabulary: fields read from a packet in
// network byte order (big-endian, RFC 791 Appendix B), and addresses printed
// as every line of glass decode prints them. Private to src/capture/.
#pragma once

#include <arpa/inet.h>

#include <cstdint>
#include <string>

namespace glasstls::capture {

inline std::uint16_t be16(const std::uint8_t* p) { return static_cast<std::uint16_t>(p[0] << 8 | p[1]); }
inline std::uint32_t be32(const std::uint8_t* p) { return static_cast<std::uint32_t>(p[0]) << 24 | static_cast<std::uint32_t>(p[1]) << 16 | static_cast<std::uint32_t>(p[2]) << 8 | p[3]; }

// "127.0.0.1", or "[::1]" in brackets so that a ":port" can follow an IPv6 address unambiguously.
inline std::string address_text(int family, const std::uint8_t* a) {
    char buf[INET6_ADDRSTRLEN] = {};
    inet_ntop(family, a, buf, sizeof buf);
    return family == AF_INET6 ? "[" + std::string(buf) + "]" : std::string(buf);
}

} // namespace glasstls::capture
