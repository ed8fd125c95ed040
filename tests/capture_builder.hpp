// Test helpers for the capture library: captures built byte by byte in
// memory — the pcap file format, the link layers, IPv4 and IPv6, TCP and
// UDP headers — so each test says exactly which packets it reads. Only
// the fields the reader looks at are filled in (no checksums).
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "glasstls/capture/capture.hpp"
#include "glasstls/codec.hpp"

namespace testing {

using glasstls::Bytes;
using glasstls::ByteView;

inline void put16(Bytes& b, std::size_t at, std::size_t v) {
    b[at] = static_cast<std::uint8_t>(v >> 8);
    b[at + 1] = static_cast<std::uint8_t>(v);
}
inline void put32(Bytes& b, std::size_t at, std::uint32_t v) {
    put16(b, at, v >> 16);
    put16(b, at + 2, v & 0xffff);
}
inline std::string text(ByteView b) { return {b.begin(), b.end()}; }

// The classic pcap file (libpcap's savefile), written little-endian: a
// 24-byte header naming the link type (a LINKTYPE_ value), then each
// packet as a 16-byte record header — time, bytes kept, bytes on the wire
// — and the bytes kept. Each packet is 1 ms after the one before.
struct PcapImage {
    static constexpr std::uint32_t first_second = 1700000000;   // 2023-11-14 22:13:20 UTC
    Bytes bytes;
    std::uint32_t usec = 0;

    explicit PcapImage(std::uint32_t linktype) {
        for (std::uint32_t v : {0xa1b2c3d4u, 4u << 16 | 2u, 0u, 0u, 65535u, linktype}) le32(v);   // magic; version 2.4 (as two LE u16)
    }
    // `kept`: fewer bytes than the frame, as a snapshot length keeps.
    void add(ByteView frame, std::size_t kept = SIZE_MAX) {
        const std::size_t caplen = std::min(kept, frame.size());
        le32(first_second);
        le32(usec);
        le32(static_cast<std::uint32_t>(caplen));
        le32(static_cast<std::uint32_t>(frame.size()));
        glasstls::append(bytes, frame.first(caplen));
        usec += 1000;
    }
    void le32(std::uint32_t v) {
        for (int i = 0; i < 4; ++i) bytes.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
    }
};

enum Linktype : std::uint32_t {   // tcpdump.org/linktypes.html
    linktype_null = 0, linktype_ethernet = 1, linktype_raw = 101, linktype_loop = 108, linktype_linux_sll = 113,
    linktype_ipv4 = 228, linktype_ipv6 = 229, linktype_linux_sll2 = 276,
};

// One end of a connection: its address (4 bytes: IPv4; 16: IPv6) and port.
struct Side {
    Bytes ip;
    std::uint16_t port;
};

constexpr std::uint8_t syn = 0x02, syn_ack = 0x12, ack = 0x10, psh_ack = 0x18, fin_ack = 0x11;

// RFC 791 §3.1; `fragment`: the flags and fragment offset field (0x4000: don't fragment).
inline Bytes ipv4(const Bytes& src, const Bytes& dst, std::uint8_t protocol, ByteView payload, std::uint16_t fragment = 0x4000) {
    Bytes p(20, 0);
    p[0] = 0x45;
    put16(p, 2, 20 + payload.size());
    put16(p, 6, fragment);
    p[8] = 64;
    p[9] = protocol;
    std::copy(src.begin(), src.end(), p.begin() + 12);
    std::copy(dst.begin(), dst.end(), p.begin() + 16);
    glasstls::append(p, payload);
    return p;
}

// RFC 8200 §3; `payload` starts with any extension headers `next` names.
inline Bytes ipv6(const Bytes& src, const Bytes& dst, std::uint8_t next, ByteView payload) {
    Bytes p(40, 0);
    p[0] = 0x60;
    put16(p, 4, payload.size());
    p[6] = next;
    p[7] = 64;
    std::copy(src.begin(), src.end(), p.begin() + 8);
    std::copy(dst.begin(), dst.end(), p.begin() + 24);
    glasstls::append(p, payload);
    return p;
}

inline Bytes ip_packet(const Side& from, const Side& to, std::uint8_t protocol, ByteView payload) {
    return from.ip.size() == 4 ? ipv4(from.ip, to.ip, protocol, payload) : ipv6(from.ip, to.ip, protocol, payload);
}

// RFC 9293 §3.1: a 20-byte header, no options.
inline Bytes tcp(const Side& from, const Side& to, std::uint32_t seq, std::uint8_t flags, std::string_view payload = {}) {
    Bytes t(20, 0);
    put16(t, 0, from.port);
    put16(t, 2, to.port);
    put32(t, 4, seq);
    t[12] = 5 << 4;
    t[13] = flags;
    put16(t, 14, 65535);
    glasstls::append(t, glasstls::as_bytes(payload));
    return t;
}

inline Bytes segment(const Side& from, const Side& to, std::uint32_t seq, std::uint8_t flags, std::string_view payload = {}) {
    return ip_packet(from, to, 6, tcp(from, to, seq, flags, payload));
}

// RFC 768.
inline Bytes udp(const Side& from, const Side& to, ByteView payload) {
    Bytes u(8, 0);
    put16(u, 0, from.port);
    put16(u, 2, to.port);
    put16(u, 4, 8 + payload.size());
    glasstls::append(u, payload);
    return ip_packet(from, to, 17, u);
}

// The link layers: an IP packet framed as each link type carries it.
using Frame = Bytes (*)(ByteView ip, bool v6);

inline Bytes framed(Bytes header, ByteView ip) {
    glasstls::append(header, ip);
    return header;
}
inline Bytes ethertype(bool v6) { return v6 ? Bytes{0x86, 0xdd} : Bytes{0x08, 0x00}; }

inline Bytes raw(ByteView ip, bool) { return {ip.begin(), ip.end()}; }
inline Bytes ethernet(ByteView ip, bool v6) {
    Bytes f = {2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2, 0x81, 0x00, 0x00, 0x07};   // destination, source, an 802.1Q VLAN tag (skipped)
    f = framed(framed(f, ethertype(v6)), ip);
    f.insert(f.end(), 6, 0);   // padding past IP's length: not payload
    return f;
}
inline Bytes linux_cooked(ByteView ip, bool v6) {   // packet type, ARPHRD_LOOPBACK, address length, address (8), protocol
    return framed(framed({0, 0, 3, 4, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0}, ethertype(v6)), ip);
}
inline Bytes linux_cooked_v2(ByteView ip, bool v6) {   // protocol, reserved, interface, ARPHRD, packet type, address length, address (8)
    return framed(framed(ethertype(v6), Bytes{0, 0, 0, 0, 0, 1, 3, 4, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0}), ip);
}
inline Bytes bsd_loopback(ByteView ip, bool v6) {   // the address family in host order (its value differs by system; not read)
    return framed({static_cast<std::uint8_t>(v6 ? 30 : 2), 0, 0, 0}, ip);
}
inline Bytes openbsd_loopback(ByteView ip, bool v6) {   // the same in network order
    return framed({0, 0, 0, static_cast<std::uint8_t>(v6 ? 24 : 2)}, ip);
}

// Every link type the reader reads, and the name its summary line gives it.
struct LinkCase {
    Linktype linktype;
    const char* name;
    Frame frame;
    bool v4, v6;
};
inline const LinkCase link_cases[] = {
    {linktype_ethernet, "Ethernet", ethernet, true, true},
    {linktype_linux_sll, "Linux cooked", linux_cooked, true, true},
    {linktype_linux_sll2, "Linux cooked v2", linux_cooked_v2, true, true},
    {linktype_null, "BSD loopback", bsd_loopback, true, true},
    {linktype_loop, "OpenBSD loopback", openbsd_loopback, true, true},
    {linktype_raw, "raw IP", raw, true, true},
    {linktype_ipv4, "raw IP", raw, true, false},
    {linktype_ipv6, "raw IP", raw, false, true},
};

// Every callback, recorded: each flow's two streams as delivered, each gap
// as "flow side: sentence", each DNS message.
struct Recorder {
    std::vector<glasstls::capture::TcpFlow> flows;
    std::vector<Bytes> from_client, from_server;
    std::vector<std::string> gaps;
    std::vector<glasstls::capture::DnsAnswer> dns;

    glasstls::capture::CaptureCallbacks callbacks() {
        glasstls::capture::CaptureCallbacks cb;
        cb.on_flow = [this](std::size_t, const glasstls::capture::TcpFlow& f) {
            flows.push_back(f);
            from_client.emplace_back();
            from_server.emplace_back();
        };
        cb.on_data = [this](std::size_t i, bool client, ByteView data, double) { glasstls::append((client ? from_client : from_server).at(i), data); };
        cb.on_gap = [this](std::size_t i, bool client, const std::string& s) { gaps.push_back(std::to_string(i) + (client ? " client: " : " server: ") + s); };
        cb.on_dns = [this](const glasstls::capture::DnsAnswer& d) { dns.push_back(d); };
        return cb;
    }
    glasstls::capture::CaptureStats read(const PcapImage& image) { return glasstls::capture::read_capture_memory(image.bytes, callbacks()); }
};

} // namespace testing
