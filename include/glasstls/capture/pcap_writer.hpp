// PcapWriter: a connection's own bytes written as a capture that glass
// decode, Wireshark and tshark read — the writer behind `glass client
// --pcap FILE`. The packets are made up around the real payload: raw IPv4
// (RFC 791 §3.1, LINKTYPE_RAW) and TCP headers (RFC 9293 §3.1) with correct
// checksums (RFC 1071), a three-way handshake (RFC 9293 §3.5), each write as
// segments, then FIN. libpcap writes the file format.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "glasstls/codec.hpp"

namespace glasstls::capture {

class PcapWriter {
public:
    explicit PcapWriter(const std::string& path);   // throws std::runtime_error when the file cannot be written
    ~PcapWriter();
    // A connection begins (SYN, SYN+ACK, ACK); addresses are IPv4, host order.
    void begin(std::uint32_t client_ip, std::uint16_t client_port, std::uint32_t server_ip, std::uint16_t server_port);
    void sent(ByteView data);       // client → server
    void received(ByteView data);   // server → client
    void close();                   // FIN both ways

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace glasstls::capture
