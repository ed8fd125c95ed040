// read_capture: libpcap gives the packets; this file peels link layer, IP
// and TCP by hand (bounds-checked: a capture is hostile input like any
// other) and puts each direction of each connection back in order.
#include "glasstls/capture/capture.hpp"

#include <arpa/inet.h>
#include <pcap/pcap.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>

#include "wire.hpp"

namespace glasstls::capture {

namespace {

// An IP packet's transport payload.
struct Transport {
    std::string src, dst;
    std::uint8_t protocol = 0;
    ByteView payload;
    bool cut = false;        // the capture kept less than the packet (snaplen)
    bool fragment = false;   // an IP fragment (not reassembled)
};

bool parse_ip(ByteView p, Transport& t) {
    if (p.empty()) return false;
    const int version = p[0] >> 4;
    if (version == 4) {
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
    if (version == 6) {
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
    return false;
}

// The link layer, to the IP packet inside (nullopt: not IP).
std::optional<ByteView> strip_link(int link, ByteView p) {
    switch (link) {
    case DLT_EN10MB: {
        std::size_t at = 12;
        while (at + 2 <= p.size() && (be16(&p[at]) == 0x8100 || be16(&p[at]) == 0x88a8)) at += 4;   // VLAN tags
        if (at + 2 > p.size()) return std::nullopt;
        const std::uint16_t type = be16(&p[at]);
        if (type != 0x0800 && type != 0x86dd) return std::nullopt;
        return p.subspan(at + 2);
    }
    case DLT_LINUX_SLL:
        if (p.size() < 16 || (be16(&p[14]) != 0x0800 && be16(&p[14]) != 0x86dd)) return std::nullopt;
        return p.subspan(16);
    case DLT_LINUX_SLL2:
        if (p.size() < 20 || (be16(&p[0]) != 0x0800 && be16(&p[0]) != 0x86dd)) return std::nullopt;
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

// One direction of a connection, put back in order.
class Direction {
public:
    // Returns the bytes that became contiguous (possibly several segments' worth).
    Bytes add(std::uint32_t seq, bool syn, ByteView payload, std::string& gap) {
        Bytes out;
        if (dead_) return out;
        if (syn) {
            next_ = seq + 1;
            started_ = true;
            return out;
        }
        if (payload.empty()) return out;
        if (!started_) {
            next_ = seq;
            started_ = true;
        }
        take(seq, payload, out);
        // Waiting segments that now fit.
        for (bool progress = true; progress;) {
            progress = false;
            for (auto it = waiting_.begin(); it != waiting_.end(); ++it) {
                if (static_cast<std::int32_t>(it->first - next_) <= 0) {
                    const std::pair<std::uint32_t, Bytes> s = std::move(*it);
                    waiting_bytes_ -= s.second.size();
                    waiting_.erase(it);
                    take(s.first, s.second, out);
                    progress = true;
                    break;
                }
            }
        }
        if (waiting_bytes_ > max_out_of_order_bytes) {
            gap = "more than " + std::to_string(max_out_of_order_bytes >> 20) + " MiB arrived after a segment that never came";
            dead_ = true;
        }
        return out;
    }
    // At the end: bytes still waiting behind a hole.
    std::size_t stranded() const { return dead_ ? 0 : waiting_bytes_; }
    std::uint64_t delivered() const { return delivered_; }
    void kill() { dead_ = true; }

private:
    void take(std::uint32_t seq, ByteView payload, Bytes& out) {
        const auto delta = static_cast<std::int32_t>(seq - next_);
        if (delta > 0) {   // ahead of a missing segment: wait for it
            waiting_.emplace_back(seq, Bytes(payload.begin(), payload.end()));
            waiting_bytes_ += payload.size();
            return;
        }
        const auto already = static_cast<std::size_t>(-static_cast<std::int64_t>(delta));   // retransmitted or overlapping bytes
        if (already >= payload.size()) return;
        out.insert(out.end(), payload.begin() + static_cast<std::ptrdiff_t>(already), payload.end());
        next_ += static_cast<std::uint32_t>(payload.size() - already);
        delivered_ += payload.size() - already;
    }

    bool started_ = false, dead_ = false;
    std::uint32_t next_ = 0;
    std::vector<std::pair<std::uint32_t, Bytes>> waiting_;
    std::size_t waiting_bytes_ = 0;
    std::uint64_t delivered_ = 0;
};

struct Flow {
    TcpFlow info;
    std::string a;        // the endpoint that sent the first packet we saw
    bool a_is_client = true;
    Direction from_client, to_client;
};

bool looks_like_client_hello(ByteView p) { return p.size() > 5 && p[0] == 22 && p[1] == 3 && p[5] == 1; }

} // namespace

namespace {
CaptureStats read_packets(pcap_t* pcap, const CaptureCallbacks& cb);
}

CaptureStats read_capture(const std::string& path, const CaptureCallbacks& cb) {
    char error[PCAP_ERRBUF_SIZE] = {};
    // libpcap reads pcap and pcapng alike.
    pcap_t* pcap = pcap_open_offline(path.c_str(), error);
    if (pcap == nullptr) throw std::runtime_error("cannot read the capture " + path + ": " + error);
    std::unique_ptr<pcap_t, void (*)(pcap_t*)> closer(pcap, pcap_close);
    return read_packets(pcap, cb);
}

CaptureStats read_capture_memory(ByteView image, const CaptureCallbacks& cb) {
    std::FILE* f = fmemopen(const_cast<std::uint8_t*>(image.data()), image.size(), "rb");
    if (f == nullptr) throw std::runtime_error("cannot read the capture from memory");
    char error[PCAP_ERRBUF_SIZE] = {};
    pcap_t* pcap = pcap_fopen_offline(f, error);   // takes the FILE: pcap_close closes it
    if (pcap == nullptr) {
        std::fclose(f);
        throw std::runtime_error(std::string("cannot read the capture: ") + error);
    }
    std::unique_ptr<pcap_t, void (*)(pcap_t*)> closer(pcap, pcap_close);
    return read_packets(pcap, cb);
}

namespace {
CaptureStats read_packets(pcap_t* pcap, const CaptureCallbacks& cb) {
    const int link = pcap_datalink(pcap);
    CaptureStats stats;
    stats.link_type = link_name(link);
    if (!link_supported(link)) {
        throw std::runtime_error("the capture's link type is " + stats.link_type +
                                 "; glass decode reads Ethernet, Linux cooked, loopback and raw IP captures");
    }
    std::map<std::string, std::size_t> index;
    std::vector<std::unique_ptr<Flow>> flows;
    bool told_fragments = false, told_limit = false;
    pcap_pkthdr* header = nullptr;
    const std::uint8_t* data = nullptr;
    int r;
    while ((r = pcap_next_ex(pcap, &header, &data)) == 1) {
        ++stats.packets;
        const double time = static_cast<double>(header->ts.tv_sec) + static_cast<double>(header->ts.tv_usec) / 1e6;
        std::optional<ByteView> ip = strip_link(link, ByteView(data, header->caplen));
        Transport t;
        if (!ip || !parse_ip(*ip, t)) continue;
        if (t.fragment) {
            if (!told_fragments) stats.problems.push_back("IP fragments are not reassembled: the packets they belong to are skipped");
            told_fragments = true;
            continue;
        }
        if (t.protocol == 17 && t.payload.size() >= 8) {   // UDP: DNS on port 53
            if ((be16(&t.payload[0]) == dns_port || be16(&t.payload[2]) == dns_port) && cb.on_dns) {
                if (auto d = parse_dns(t.payload.subspan(8), time)) cb.on_dns(*d);
            }
            continue;
        }
        if (t.protocol != 6 || t.payload.size() < 20) continue;
        const ByteView tcp = t.payload;
        const std::size_t offset = (tcp[12] >> 4) * 4u;
        if (offset < 20 || offset > tcp.size()) continue;
        ++stats.tcp_segments;
        const std::string src = t.src + ":" + std::to_string(be16(&tcp[0])), dst = t.dst + ":" + std::to_string(be16(&tcp[2]));
        const std::uint8_t flags = tcp[13];
        const bool syn = (flags & 0x02) != 0, ack = (flags & 0x10) != 0;
        const ByteView payload = tcp.subspan(offset);
        const std::string key = src < dst ? src + " " + dst : dst + " " + src;
        auto found = index.find(key);
        if (found == index.end()) {
            if (flows.size() >= max_capture_flows) {
                if (!told_limit) stats.problems.push_back("more than " + std::to_string(max_capture_flows) + " TCP connections: the rest are not decoded");
                told_limit = true;
                continue;
            }
            auto f = std::make_unique<Flow>();
            f->a = src;
            // Who is the client: the SYN's sender; else a ClientHello's; else the higher port.
            if (syn) f->a_is_client = !ack;
            else if (!payload.empty()) f->a_is_client = looks_like_client_hello(payload) || be16(&tcp[0]) > be16(&tcp[2]);
            else f->a_is_client = be16(&tcp[0]) > be16(&tcp[2]);
            f->info.client = f->a_is_client ? src : dst;
            f->info.server = f->a_is_client ? dst : src;
            f->info.first_seen = time;
            f->info.syn_seen = syn;
            found = index.emplace(key, flows.size()).first;
            flows.push_back(std::move(f));
            ++stats.flows;
            if (cb.on_flow) cb.on_flow(found->second, flows.back()->info);
        }
        Flow& f = *flows[found->second];
        f.info.last_seen = time;
        const bool from_client = (src == f.a) == f.a_is_client;
        Direction& d = from_client ? f.from_client : f.to_client;
        std::string gap;
        const Bytes ready = d.add(be32(&tcp[4]), syn, payload, gap);
        if (!ready.empty() && cb.on_data) cb.on_data(found->second, from_client, ready, time);
        if (t.cut && !payload.empty()) {
            gap = "the capture kept only part of a packet (its snapshot length): the stream is cut there";
            d.kill();
        }
        if (!gap.empty() && cb.on_gap) cb.on_gap(found->second, from_client, gap);
    }
    if (r == -1) stats.problems.push_back(std::string("the capture is damaged after packet ") + std::to_string(stats.packets) + ": " + pcap_geterr(pcap));
    for (std::size_t i = 0; i < flows.size(); ++i) {
        stats.flow_info.push_back(flows[i]->info);
        for (bool from_client : {true, false}) {
            const Direction& d = from_client ? flows[i]->from_client : flows[i]->to_client;
            if (d.stranded() != 0 && cb.on_gap) {
                cb.on_gap(i, from_client, "a segment is missing after byte " + std::to_string(d.delivered()) + " of this direction: the " +
                                               std::to_string(d.stranded()) + " bytes captured after the hole are not decoded");
            }
        }
    }
    return stats;
}
} // namespace

} // namespace glasstls::capture
