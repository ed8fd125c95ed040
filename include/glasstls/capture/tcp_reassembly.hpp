// TCP reassembly: one direction of a connection put back in stream order
// from the segments a capture happened to keep. Each byte of a TCP stream
// has a 32-bit sequence number, and a SYN takes the number before the
// first byte (RFC 9293 §3.4). Segments arrive out of order, twice
// (retransmitted) or overlapping; their bytes come out once, in order, as
// soon as they are contiguous. Sequence numbers wrap at 2^32, so which of
// two comes first is the sign of their 32-bit difference (the comparisons
// of RFC 9293 §3.4; RFC 1982's serial number arithmetic).
//
// A capture may begin mid-connection: without a SYN, a direction starts at
// its first segment that carries bytes. What a lost segment costs is
// bounded: bytes wait behind the hole up to max_out_of_order_bytes, in at
// most max_out_of_order_segments pieces, then the direction gives up with a
// sentence (glass decode's "gap:" line). Waiting segments are kept in
// stream order, so each segment costs a logarithmic search, not a scan.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

#include "glasstls/codec.hpp"

namespace glasstls::capture {

constexpr std::size_t max_out_of_order_bytes = 4u << 20;   // per direction, waiting for a missing segment
constexpr std::size_t max_out_of_order_segments = 16384;   // the same in pieces: 4 MiB of full segments fit easily

class TcpReassembler {
public:
    // One segment. Returns the bytes that became contiguous (possibly
    // several segments' worth); past max_out_of_order_bytes or
    // max_out_of_order_segments waiting, sets `gap` to a sentence, and the
    // direction delivers nothing more.
    Bytes add(std::uint32_t seq, bool syn, ByteView payload, std::string& gap);
    // At the end: bytes still waiting behind a hole.
    std::size_t stranded() const { return dead_ ? 0 : waiting_bytes_; }
    std::uint64_t delivered() const { return delivered_; }
    // The stream is cut (the capture kept only part of a packet): nothing more is delivered.
    void kill() { dead_ = true; }

private:
    void take(std::uint32_t seq, ByteView payload, Bytes& out);
    void wait(std::uint64_t at, ByteView payload);
    void take_waiting(Bytes& out);

    bool started_ = false, dead_ = false;
    std::uint32_t next_ = 0;        // the sequence number of byte delivered_
    // Keyed by stream offset (bytes since the first), which does not wrap;
    // no two overlap.
    std::map<std::uint64_t, Bytes> waiting_;
    std::size_t waiting_bytes_ = 0;
    std::uint64_t delivered_ = 0;
};

} // namespace glasstls::capture
