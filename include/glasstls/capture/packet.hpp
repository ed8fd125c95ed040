// Packet: one captured frame peeled by hand, layer by layer, to the TCP or
// UDP payload inside — bounds-checked at every step, since a capture is
// hostile input like any other.
//
//  - the link layer, by libpcap's link type (tcpdump.org/linktypes.html):
//    Ethernet (IEEE 802.3, with 802.1Q / 802.1ad VLAN tags), Linux cooked
//    v1 and v2, BSD and OpenBSD loopback, raw IP;
//  - IPv4 (RFC 791 §3.1) or IPv6 (RFC 8200 §3, its extension headers §4
//    skipped); IP fragments are recognised, not reassembled;
//  - the TCP header (RFC 9293 §3.1) or the UDP header (RFC 768).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "glasstls/codec.hpp"

namespace glasstls::capture {

// libpcap's link types (its DLT_ values) this reads; the name a capture's
// summary line gives one ("Ethernet", "Linux cooked", …, or libpcap's own).
bool link_supported(int link);
std::string link_name(int link);

// The link layer, to the IP packet inside (nullopt: not IP).
std::optional<ByteView> strip_link(int link, ByteView frame);

constexpr std::uint8_t ip_protocol_tcp = 6, ip_protocol_udp = 17;   // IANA's protocol numbers

// An IP packet, read to its transport payload.
struct IpPacket {
    std::string src, dst;    // "127.0.0.1", "[::1]"
    std::uint8_t protocol = 0;
    ByteView payload;
    bool cut = false;        // the capture kept less than the packet (snaplen)
    bool fragment = false;   // an IP fragment (not reassembled)
};

// IPv4 or IPv6, by the version in the first byte; false when the bytes are
// neither or too short for their own headers.
bool parse_ip(ByteView packet, IpPacket& ip);

// The TCP header fields reassembly needs (RFC 9293 §3.1), and the payload.
struct TcpSegment {
    std::uint16_t src_port = 0, dst_port = 0;
    std::uint32_t seq = 0;
    bool syn = false, ack = false;
    ByteView payload;
};

// nullopt when the segment is shorter than its header says.
std::optional<TcpSegment> parse_tcp(ByteView segment);

// A UDP datagram (RFC 768): its ports and payload; nullopt when shorter than the 8-byte header.
struct UdpDatagram {
    std::uint16_t src_port = 0, dst_port = 0;
    ByteView payload;
};

std::optional<UdpDatagram> parse_udp(ByteView datagram);

} // namespace glasstls::capture
