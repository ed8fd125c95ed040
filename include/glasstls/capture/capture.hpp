// Captures: pcap and pcapng read through libpcap (the file format is not
// hand-written), the TCP connections inside them reassembled in both
// directions, and DNS queries noted — the input of `glass decode`.
//
// The reader is made of the library's modules: packet.hpp peels each frame
// to TCP or UDP, tcp_reassembly.hpp puts each direction back in order,
// dns.hpp reads DNS messages. The writer behind `glass client --pcap` is
// pcap_writer.hpp; observer_view.hpp tells what a capture shows anyone on
// the path.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "glasstls/capture/dns.hpp"
#include "glasstls/capture/tcp_reassembly.hpp"
#include "glasstls/codec.hpp"

namespace glasstls::capture {

// One TCP connection of a capture. The client is the side that sent the
// SYN; without one, the side whose first bytes look like a ClientHello, or
// the one with the higher port.
struct TcpFlow {
    std::string client, server;   // "127.0.0.1:51234", "[::1]:4433"
    double first_seen = 0, last_seen = 0;   // seconds since the epoch
    bool syn_seen = false;
};

struct CaptureCallbacks {
    std::function<void(std::size_t flow, const TcpFlow&)> on_flow;   // a new TCP connection
    // The next bytes of one direction, in stream order, as soon as they are
    // contiguous (out-of-order segments wait; retransmitted bytes are dropped).
    std::function<void(std::size_t flow, bool from_client, ByteView data, double time)> on_data;
    // A gap or cut in one direction: that direction delivers nothing more.
    std::function<void(std::size_t flow, bool from_client, const std::string& sentence)> on_gap;
    std::function<void(const DnsAnswer&)> on_dns;
};

struct CaptureStats {
    std::size_t packets = 0, tcp_segments = 0, flows = 0;
    std::vector<TcpFlow> flow_info;        // each connection as the whole capture saw it (its last packet's time)
    std::string link_type;                 // "Ethernet", "Linux cooked", …
    std::vector<std::string> problems;     // truncated file, IP fragments, flows past the limit
};

// Reads the whole capture. Throws std::runtime_error with one sentence
// when the file cannot be opened or its link type is not one it reads;
// anything wrong inside the file is a problem in the stats, never a crash.
CaptureStats read_capture(const std::string& path, const CaptureCallbacks& callbacks);
// The same from a capture file's bytes (the fuzzer's way in).
CaptureStats read_capture_memory(ByteView image, const CaptureCallbacks& callbacks);

// At most this many TCP connections are decoded; the other limit,
// max_out_of_order_bytes per direction, is in tcp_reassembly.hpp.
constexpr std::size_t max_capture_flows = 10000;

} // namespace glasstls::capture
