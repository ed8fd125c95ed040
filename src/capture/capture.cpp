// read_capture: libpcap gives the packets; packet.cpp peels link layer, IP
// and TCP by hand (bounds-checked: a capture is hostile input like any
// other); this file puts each direction of each connection back in order.
#include "glasstls/capture/capture.hpp"

#include <pcap/pcap.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>

#include "glasstls/capture/packet.hpp"
#include "glasstls/capture/tcp_reassembly.hpp"

namespace glasstls::capture {

namespace {

struct Flow {
    TcpFlow info;
    std::string a;        // the endpoint that sent the first packet we saw
    bool a_is_client = true;
    TcpReassembler from_client, to_client;
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
        std::optional<ByteView> frame = strip_link(link, ByteView(data, header->caplen));
        IpPacket t;
        if (!frame || !parse_ip(*frame, t)) continue;
        if (t.fragment) {
            if (!told_fragments) stats.problems.push_back("IP fragments are not reassembled: the packets they belong to are skipped");
            told_fragments = true;
            continue;
        }
        if (t.protocol == ip_protocol_udp) {   // UDP: DNS on port 53
            const std::optional<UdpDatagram> udp = parse_udp(t.payload);
            if (udp && (udp->src_port == dns_port || udp->dst_port == dns_port) && cb.on_dns) {
                if (auto d = parse_dns(udp->payload, time)) cb.on_dns(*d);
            }
            continue;
        }
        if (t.protocol != ip_protocol_tcp) continue;
        const std::optional<TcpSegment> tcp = parse_tcp(t.payload);
        if (!tcp) continue;
        ++stats.tcp_segments;
        const std::string src = t.src + ":" + std::to_string(tcp->src_port), dst = t.dst + ":" + std::to_string(tcp->dst_port);
        const bool syn = tcp->syn, ack = tcp->ack;
        const ByteView payload = tcp->payload;
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
            else if (!payload.empty()) f->a_is_client = looks_like_client_hello(payload) || tcp->src_port > tcp->dst_port;
            else f->a_is_client = tcp->src_port > tcp->dst_port;
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
        TcpReassembler& d = from_client ? f.from_client : f.to_client;
        std::string gap;
        const Bytes ready = d.add(tcp->seq, syn, payload, gap);
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
            const TcpReassembler& d = from_client ? flows[i]->from_client : flows[i]->to_client;
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
