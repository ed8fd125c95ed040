// PcapWriter: IPv4 and TCP headers made up around a connection's bytes,
// handed to libpcap's dumper (see the header).
#include "glasstls/capture/pcap_writer.hpp"

#include <pcap/pcap.h>

#include <sys/time.h>

#include <algorithm>
#include <stdexcept>

#include "wire.hpp"

namespace glasstls::capture {

namespace {
// The Internet checksum (RFC 1071) over `data`, continuing `sum`.
std::uint32_t checksum_add(std::uint32_t sum, ByteView data) {
    for (std::size_t i = 0; i + 1 < data.size(); i += 2) sum += be16(&data[i]);
    if (data.size() % 2 != 0) sum += static_cast<std::uint32_t>(data.back()) << 8;
    return sum;
}
std::uint16_t checksum_fold(std::uint32_t sum) {
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    return static_cast<std::uint16_t>(~sum);
}
void put16(std::uint8_t* p, std::uint16_t v) { p[0] = static_cast<std::uint8_t>(v >> 8), p[1] = static_cast<std::uint8_t>(v); }
void put32(std::uint8_t* p, std::uint32_t v) { put16(p, static_cast<std::uint16_t>(v >> 16)), put16(p + 2, static_cast<std::uint16_t>(v)); }
} // namespace

struct PcapWriter::Impl {
    pcap_t* dead = nullptr;
    pcap_dumper_t* dumper = nullptr;
    std::uint32_t ip[2];          // client, server
    std::uint16_t port[2];
    std::uint32_t seq[2] = {0x1000, 0x8000};   // next sequence number each side sends
    std::uint16_t id = 1;
    bool closed = true;   // no connection begun, or its FINs written

    // One IPv4 + TCP packet from side `from` (0 client, 1 server).
    void packet(int from, std::uint8_t flags, ByteView payload) {
        const int to = 1 - from;
        Bytes p(40 + payload.size(), 0);
        p[0] = 0x45;
        put16(&p[2], static_cast<std::uint16_t>(p.size()));
        put16(&p[4], id++);
        put16(&p[6], 0x4000);   // don't fragment
        p[8] = 64;
        p[9] = 6;
        put32(&p[12], ip[from]);
        put32(&p[16], ip[to]);
        put16(&p[10], checksum_fold(checksum_add(0, ByteView(p).first(20))));
        std::uint8_t* t = &p[20];
        put16(t, port[from]);
        put16(t + 2, port[to]);
        put32(t + 4, seq[from]);
        put32(t + 8, (flags & 0x10) != 0 ? seq[to] : 0);
        t[12] = 5 << 4;
        t[13] = flags;
        put16(t + 14, 65535);
        std::copy(payload.begin(), payload.end(), t + 20);
        // The TCP checksum covers a pseudo-header: addresses, protocol, length.
        std::uint8_t pseudo[12] = {};
        put32(pseudo, ip[from]);
        put32(pseudo + 4, ip[to]);
        pseudo[9] = 6;
        put16(pseudo + 10, static_cast<std::uint16_t>(20 + payload.size()));
        put16(t + 16, checksum_fold(checksum_add(checksum_add(0, pseudo), ByteView(t, 20 + payload.size()))));
        seq[from] += static_cast<std::uint32_t>(payload.size()) + ((flags & 0x03) != 0 ? 1 : 0);   // SYN and FIN count one
        pcap_pkthdr h{};
        gettimeofday(&h.ts, nullptr);
        h.caplen = h.len = static_cast<bpf_u_int32>(p.size());
        pcap_dump(reinterpret_cast<u_char*>(dumper), &h, p.data());
        pcap_dump_flush(dumper);
    }
    void data(int from, ByteView bytes) {
        for (std::size_t at = 0; at < bytes.size(); at += 1460) packet(from, 0x18, bytes.subspan(at, std::min<std::size_t>(1460, bytes.size() - at)));
    }
};

PcapWriter::PcapWriter(const std::string& path) : impl_(std::make_unique<Impl>()) {
    impl_->dead = pcap_open_dead(DLT_RAW, 65535);
    impl_->dumper = impl_->dead != nullptr ? pcap_dump_open(impl_->dead, path.c_str()) : nullptr;
    if (impl_->dumper == nullptr) {
        const std::string why = impl_->dead != nullptr ? pcap_geterr(impl_->dead) : "libpcap failed";
        if (impl_->dead != nullptr) pcap_close(impl_->dead);
        throw std::runtime_error("cannot write the capture " + path + ": " + why);
    }
}

void PcapWriter::begin(std::uint32_t client_ip, std::uint16_t client_port, std::uint32_t server_ip, std::uint16_t server_port) {
    impl_->seq[0] = 0x1000, impl_->seq[1] = 0x8000;
    impl_->closed = false;
    impl_->ip[0] = client_ip, impl_->ip[1] = server_ip;
    impl_->port[0] = client_port, impl_->port[1] = server_port;
    impl_->packet(0, 0x02, {});   // SYN
    impl_->packet(1, 0x12, {});   // SYN+ACK
    impl_->packet(0, 0x10, {});   // ACK
}

PcapWriter::~PcapWriter() {
    pcap_dump_close(impl_->dumper);
    pcap_close(impl_->dead);
}

void PcapWriter::sent(ByteView data) { impl_->data(0, data); }
void PcapWriter::received(ByteView data) { impl_->data(1, data); }
void PcapWriter::close() {
    if (impl_->closed) return;
    impl_->closed = true;
    impl_->packet(0, 0x11, {});   // FIN+ACK
    impl_->packet(1, 0x11, {});
    impl_->packet(0, 0x10, {});
}

} // namespace glasstls::capture
