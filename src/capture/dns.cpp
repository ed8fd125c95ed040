// parse_dns: a DNS message's header, question and answers, bounds-checked
// field by field (a capture is hostile input like any other).
#include "glasstls/capture/dns.hpp"

#include <arpa/inet.h>

#include "wire.hpp"

namespace glasstls::capture {

namespace {

constexpr std::uint16_t type_a = 1, type_aaaa = 28;   // RFC 1035 §3.2.2, RFC 3596 §2.1

// A name's labels from `at` (RFC 1035 §3.1: each length-prefixed, a zero
// length ends the name), appended with dots to *out unless out is null. A
// compression pointer (§4.1.4: two bytes, the top two bits set) ends the
// name unfollowed: the name kept is the question's, the first in a
// well-formed message, so it has nothing earlier to point to; the answers'
// names are only skipped. 128 labels are more than a name's 255 bytes hold.
bool read_name(ByteView m, std::size_t& at, std::string* out) {
    for (int labels = 0; labels < 128 && at < m.size(); ++labels) {
        const std::uint8_t len = m[at];
        if (len == 0) {
            ++at;
            return true;
        }
        if ((len & 0xc0) == 0xc0) {
            at += 2;
            return at <= m.size();
        }
        if (at + 1 + len > m.size()) return false;
        if (out != nullptr) out->append((out->empty() ? "" : ".") + std::string(m.begin() + static_cast<std::ptrdiff_t>(at + 1),
                                                                                 m.begin() + static_cast<std::ptrdiff_t>(at + 1 + len)));
        at += 1 + len;
    }
    return false;
}

} // namespace

std::optional<DnsAnswer> parse_dns(ByteView m, double time) {
    if (m.size() < 12) return std::nullopt;   // the header (§4.1.1)
    DnsAnswer d;
    d.time = time;
    d.response = (m[2] & 0x80) != 0;   // QR
    const std::size_t questions = be16(&m[4]), answers = be16(&m[6]);   // QDCOUNT, ANCOUNT
    std::size_t at = 12;
    // Each question (§4.1.2): a name, then QTYPE and QCLASS. The counts are
    // the sender's word, so the loops stop at a few (16 questions, 64 answers).
    if (questions < 1 || !read_name(m, at, &d.name) || at + 4 > m.size()) return std::nullopt;
    at += 4;
    for (std::size_t i = 1; i < questions && i < 16; ++i) {
        if (!read_name(m, at, nullptr) || at + 4 > m.size()) return d;
        at += 4;
    }
    // Each answer (§4.1.3): a name, TYPE, CLASS, TTL, RDLENGTH, then RDATA.
    for (std::size_t i = 0; i < answers && i < 64; ++i) {
        if (!read_name(m, at, nullptr) || at + 10 > m.size()) break;
        const std::uint16_t type = be16(&m[at]);
        const std::size_t len = be16(&m[at + 8]);
        at += 10;
        if (at + len > m.size()) break;
        if (type == type_a && len == 4) d.addresses.push_back(address_text(AF_INET, &m[at]));
        if (type == type_aaaa && len == 16) d.addresses.push_back(address_text(AF_INET6, &m[at]));
        at += len;
    }
    return d;
}

} // namespace glasstls::capture
