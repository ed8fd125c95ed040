// Link layer, IP and TCP/UDP headers, read by hand: libpcap gives only the
// frame's bytes and its link type.
#include "glasstls/capture/packet.hpp"

#include <arpa/inet.h>
#include <pcap/pcap.h>

#include <algorithm>

#include "wire.hpp"

namespace glasstls::capture {

namespace {

constexpr std::uint16_t ethertype_ipv4 = 0x0800, ethertype_ipv6 = 0x86dd;
bool is_ip(std::uint16_t ethertype) { return ethertype == ethertype_ipv4 || ethertype == ethertype_ipv6; }

// RFC 791 §3.1: a header of IHL 32-bit words (options included), then the
// payload up to Total Length — bytes past it are link-layer padding.
bool parse_ipv4(ByteView p, IpPacket& t) {
    if (p.size() < 20) return false;
    const std::size_t ihl = (p[0] & 15u) * 4u, total = be16(&p[2]);
    if (ihl < 20 || total < ihl || p.size() < ihl) return false;
    t.fragment = (be16(&p[6]) & 0x3fff) != 0;   // MF set or a fragment offset
    t.protocol = p[9];
    t.src = address_text(AF_INET, &p[12]);
    t.dst = address_text(AF_INET, &p[16]);
    t.cut = total > p.size();
    t.payload = p.subspan(ihl, std::min(total, p.size()) - ihl);
    return true;
}

// RFC 8200 §3: a fixed 40-byte header; Next Header names either the
// transport or the first of a chain of extension headers (§4).
bool parse_ipv6(ByteView p, IpPacket& t) {
    if (p.size() < 40) return false;
    const std::size_t total = 40 + be16(&p[4]);
    std::uint8_t next = p[6];
    t.src = address_text(AF_INET6, &p[8]);
    t.dst = address_text(AF_INET6, &p[24]);
    t.cut = total > p.size();
    std::size_t at = 40;
    const std::size_t end = std::min(total, p.size());
    // Extension headers: hop-by-hop, routing, destination options (skipped); a fragment header: not reassembled.
    while (next == 0 || next == 43 || next == 60 || next == 44) {
        if (at + 8 > end) return false;
        if (next == 44) t.fragment = true;
        const std::size_t len = next == 44 ? 8 : 8 + p[at + 1] * 8u;
        next = p[at];
        at += len;
    }
    if (at > end) return false;
    t.protocol = next;
    t.payload = p.subspan(at, end - at);
    return true;
}

} // namespace

bool link_supported(int link) {
    switch (link) {
    case DLT_EN10MB: case DLT_LINUX_SLL: case DLT_LINUX_SLL2: case DLT_NULL: case DLT_LOOP: case DLT_RAW: case DLT_IPV4: case DLT_IPV6:
        return true;
    }
    return false;
}

std::string link_name(int link) {
    switch (link) {
    case DLT_EN10MB: return "Ethernet";
    case DLT_LINUX_SLL: return "Linux cooked";
    case DLT_LINUX_SLL2: return "Linux cooked v2";
    case DLT_NULL: return "BSD loopback";
    case DLT_LOOP: return "OpenBSD loopback";
    case DLT_RAW: case DLT_IPV4: case DLT_IPV6: return "raw IP";
    }
    const char* n = pcap_datalink_val_to_name(link);
    return n != nullptr ? n : "link type " + std::to_string(link);
}

std::optional<ByteView> strip_link(int link, ByteView p) {
    switch (link) {
    case DLT_EN10MB: {   // two 6-byte addresses, VLAN tags of 4 bytes each, then the EtherType
        std::size_t at = 12;
        while (at + 2 <= p.size() && (be16(&p[at]) == 0x8100 || be16(&p[at]) == 0x88a8)) at += 4;   // VLAN tags
        if (at + 2 > p.size() || !is_ip(be16(&p[at]))) return std::nullopt;
        return p.subspan(at + 2);
    }
    case DLT_LINUX_SLL:   // a 16-byte header, the protocol (an EtherType) last
        if (p.size() < 16 || !is_ip(be16(&p[14]))) return std::nullopt;
        return p.subspan(16);
    case DLT_LINUX_SLL2:   // a 20-byte header, the protocol first
        if (p.size() < 20 || !is_ip(be16(&p[0]))) return std::nullopt;
        return p.subspan(20);
    case DLT_NULL:
    case DLT_LOOP:   // a 4-byte address family (host order for NULL, network order for LOOP); IP follows
        if (p.size() < 4) return std::nullopt;
        return p.subspan(4);
    case DLT_RAW:
    case DLT_IPV4:
    case DLT_IPV6:
        return p;
    default:
        return std::nullopt;
    }
}

bool parse_ip(ByteView p, IpPacket& ip) {
    if (p.empty()) return false;
    const int version = p[0] >> 4;
    if (version == 4) return parse_ipv4(p, ip);
    if (version == 6) return parse_ipv6(p, ip);
    return false;
}

std::optional<TcpSegment> parse_tcp(ByteView tcp) {
    if (tcp.size() < 20) return std::nullopt;
    const std::size_t offset = (tcp[12] >> 4) * 4u;   // Data Offset: the header's length in 32-bit words
    if (offset < 20 || offset > tcp.size()) return std::nullopt;
    TcpSegment s;
    s.src_port = be16(&tcp[0]);
    s.dst_port = be16(&tcp[2]);
    s.seq = be32(&tcp[4]);
    const std::uint8_t flags = tcp[13];
    s.syn = (flags & 0x02) != 0;
    s.ack = (flags & 0x10) != 0;
    s.payload = tcp.subspan(offset);
    return s;
}

std::optional<UdpDatagram> parse_udp(ByteView udp) {
    if (udp.size() < 8) return std::nullopt;
    return UdpDatagram{be16(&udp[0]), be16(&udp[2]), udp.subspan(8)};
}

} // namespace glasstls::capture
