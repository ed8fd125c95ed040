// read_capture: libpcap gives the packets; packet.cpp peels link layer, IP
// and TCP by hand (bounds-checked: a capture is hostile input like any
// other); this file sorts the segments into connections, tells which side
// is the client, and hands each direction to its own TcpReassembler.
#include "glasstls/capture/capture.hpp"

#include <pcap/pcap.h>

#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>

#include "glasstls/capture/packet.hpp"
#include "glasstls/capture/tcp_reassembly.hpp"

namespace glasstls::capture {

namespace {

// One TCP connection being read: who is who, and its two directions.
struct Flow {
    TcpFlow info;
    std::string a;        // the endpoint that sent the first packet we saw
    bool a_is_client = true;
    TcpReassembler from_client, to_client;
};

bool looks_like_client_hello(ByteView p) { return p.size() > 5 && p[0] == 22 && p[1] == 3 && p[5] == 1; }

// Who is the client, from the first segment seen of a connection: the
// SYN's sender (a SYN without ACK opens one, RFC 9293 §3.5); else a
// ClientHello's; else the higher port, as a client's ephemeral port usually is.
bool first_sender_is_client(const TcpSegment& s) {
    if (s.syn) return !s.ack;
    if (!s.payload.empty()) return looks_like_client_hello(s.payload) || s.src_port > s.dst_port;
    return s.src_port > s.dst_port;
}

// One pass over a capture: the connections found so far, each reported to
// the callbacks as it appears, and the problems noted (each once).
class CapturePass {
public:
    CapturePass(const CaptureCallbacks& cb, CaptureStats& stats) : cb_(cb), stats_(stats) {}
    void frame(int link, ByteView bytes, double time);
    void finish();

private:
    void udp(ByteView datagram, double time);
    void tcp(const IpPacket& ip, const TcpSegment& s, double time);
    std::optional<std::size_t> flow_of(const std::string& src, const std::string& dst, const TcpSegment& s, double time);

    const CaptureCallbacks& cb_;
    CaptureStats& stats_;
    std::map<std::string, std::size_t> index_;   // "endpoint endpoint", the lesser first: either direction finds its flow
    std::vector<std::unique_ptr<Flow>> flows_;
    bool told_fragments_ = false, told_limit_ = false;
};

void CapturePass::frame(int link, ByteView bytes, double time) {
    std::optional<ByteView> packet = strip_link(link, bytes);
    IpPacket ip;
    if (!packet || !parse_ip(*packet, ip)) return;
    if (ip.fragment) {
        if (!told_fragments_) stats_.problems.push_back("IP fragments are not reassembled: the packets they belong to are skipped");
        told_fragments_ = true;
        return;
    }
    if (ip.protocol == ip_protocol_udp) {
        udp(ip.payload, time);
    } else if (ip.protocol == ip_protocol_tcp) {
        if (const std::optional<TcpSegment> s = parse_tcp(ip.payload)) tcp(ip, *s, time);
    }
}

// UDP: DNS on port 53; nothing else is read.
void CapturePass::udp(ByteView datagram, double time) {
    const std::optional<UdpDatagram> udp = parse_udp(datagram);
    if (udp && (udp->src_port == dns_port || udp->dst_port == dns_port) && cb_.on_dns) {
        if (auto d = parse_dns(udp->payload, time)) cb_.on_dns(*d);
    }
}

void CapturePass::tcp(const IpPacket& ip, const TcpSegment& s, double time) {
    ++stats_.tcp_segments;
    const std::string src = ip.src + ":" + std::to_string(s.src_port), dst = ip.dst + ":" + std::to_string(s.dst_port);
    const std::optional<std::size_t> i = flow_of(src, dst, s, time);
    if (!i) return;
    Flow& f = *flows_[*i];
    f.info.last_seen = time;
    const bool from_client = (src == f.a) == f.a_is_client;
    TcpReassembler& d = from_client ? f.from_client : f.to_client;
    std::string gap;
    const Bytes ready = d.add(s.seq, s.syn, s.payload, gap);
    if (!ready.empty() && cb_.on_data) cb_.on_data(*i, from_client, ready, time);
    if (ip.cut && !s.payload.empty()) {
        gap = "the capture kept only part of a packet (its snapshot length): the stream is cut there";
        d.kill();
    }
    if (!gap.empty() && cb_.on_gap) cb_.on_gap(*i, from_client, gap);
}

// The connection a segment belongs to; one not seen before is added and
// reported (nullopt: past max_capture_flows).
std::optional<std::size_t> CapturePass::flow_of(const std::string& src, const std::string& dst, const TcpSegment& s, double time) {
    const std::string key = src < dst ? src + " " + dst : dst + " " + src;
    if (auto found = index_.find(key); found != index_.end()) return found->second;
    if (flows_.size() >= max_capture_flows) {
        if (!told_limit_) stats_.problems.push_back("more than " + std::to_string(max_capture_flows) + " TCP connections: the rest are not decoded");
        told_limit_ = true;
        return std::nullopt;
    }
    auto f = std::make_unique<Flow>();
    f->a = src;
    f->a_is_client = first_sender_is_client(s);
    f->info.client = f->a_is_client ? src : dst;
    f->info.server = f->a_is_client ? dst : src;
    f->info.first_seen = time;
    f->info.syn_seen = s.syn;
    const std::size_t i = flows_.size();
    index_.emplace(key, i);
    flows_.push_back(std::move(f));
    ++stats_.flows;
    if (cb_.on_flow) cb_.on_flow(i, flows_.back()->info);
    return i;
}

// At the end: each connection as the whole capture saw it, and a sentence
// for each direction with bytes stranded behind a hole.
void CapturePass::finish() {
    for (std::size_t i = 0; i < flows_.size(); ++i) {
        stats_.flow_info.push_back(flows_[i]->info);
        for (bool from_client : {true, false}) {
            const TcpReassembler& d = from_client ? flows_[i]->from_client : flows_[i]->to_client;
            if (d.stranded() != 0 && cb_.on_gap) {
                cb_.on_gap(i, from_client, "a segment is missing after byte " + std::to_string(d.delivered()) + " of this direction: the " +
                                               std::to_string(d.stranded()) + " bytes captured after the hole are not decoded");
            }
        }
    }
}

CaptureStats read_packets(pcap_t* pcap, const CaptureCallbacks& cb) {
    const int link = pcap_datalink(pcap);
    CaptureStats stats;
    stats.link_type = link_name(link);
    if (!link_supported(link)) {
        throw std::runtime_error("the capture's link type is " + stats.link_type +
                                 "; glass decode reads Ethernet, Linux cooked, loopback and raw IP captures");
    }
    CapturePass pass(cb, stats);
    pcap_pkthdr* header = nullptr;
    const std::uint8_t* data = nullptr;
    int r;
    while ((r = pcap_next_ex(pcap, &header, &data)) == 1) {
        ++stats.packets;
        const double time = static_cast<double>(header->ts.tv_sec) + static_cast<double>(header->ts.tv_usec) / 1e6;
        pass.frame(link, ByteView(data, header->caplen), time);
    }
    // -2 is the file's end; -1 a file damaged or cut short.
    if (r == -1) stats.problems.push_back(std::string("the capture is damaged after packet ") + std::to_string(stats.packets) + ": " + pcap_geterr(pcap));
    pass.finish();
    return stats;
}

} // namespace

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

} // namespace glasstls::capture
