// TcpReassembler: the next expected sequence number, and the segments that
// arrived ahead of it, ordered by where they fall in the stream, waiting
// for the hole to fill.
#include "glasstls/capture/tcp_reassembly.hpp"

namespace glasstls::capture {

Bytes TcpReassembler::add(std::uint32_t seq, bool syn, ByteView payload, std::string& gap) {
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
    take_waiting(out);
    if (waiting_bytes_ > max_out_of_order_bytes) {
        gap = "more than " + std::to_string(max_out_of_order_bytes >> 20) + " MiB arrived after a segment that never came";
    } else if (waiting_.size() > max_out_of_order_segments) {
        gap = "more than " + std::to_string(max_out_of_order_segments) + " segments arrived after a segment that never came";
    }
    if (!gap.empty()) dead_ = true;
    return out;
}

void TcpReassembler::take(std::uint32_t seq, ByteView payload, Bytes& out) {
    const auto delta = static_cast<std::int32_t>(seq - next_);
    if (delta > 0) {   // ahead of a missing segment: wait for it
        wait(delivered_ + static_cast<std::uint64_t>(delta), payload);
        return;
    }
    const auto already = static_cast<std::size_t>(-static_cast<std::int64_t>(delta));   // retransmitted or overlapping bytes
    if (already >= payload.size()) return;
    out.insert(out.end(), payload.begin() + static_cast<std::ptrdiff_t>(already), payload.end());
    next_ += static_cast<std::uint32_t>(payload.size() - already);
    delivered_ += payload.size() - already;
}

// Keeps the bytes of [at, at + size) that no waiting segment holds yet: as
// for bytes already delivered, the first copy to arrive is the one kept, so
// each stream offset waits at most once.
void TcpReassembler::wait(std::uint64_t at, ByteView payload) {
    const std::uint64_t end = at + payload.size();
    auto it = waiting_.upper_bound(at);
    if (it != waiting_.begin()) {
        const auto before = std::prev(it);
        at = std::max(at, before->first + before->second.size());
    }
    while (at < end) {
        const std::uint64_t stop = it == waiting_.end() ? end : std::min(end, it->first);
        if (at < stop) {
            const ByteView piece = payload.subspan(static_cast<std::size_t>(at - (end - payload.size())), static_cast<std::size_t>(stop - at));
            waiting_.emplace_hint(it, at, Bytes(piece.begin(), piece.end()));
            waiting_bytes_ += piece.size();
        }
        if (it == waiting_.end()) break;
        at = std::max(at, it->first + it->second.size());
        ++it;
    }
}

// Waiting segments that now fit: the first ones in stream order.
void TcpReassembler::take_waiting(Bytes& out) {
    while (!waiting_.empty() && waiting_.begin()->first <= delivered_) {
        auto first = waiting_.extract(waiting_.begin());
        waiting_bytes_ -= first.mapped().size();
        const std::uint64_t already = delivered_ - first.key();
        if (already >= first.mapped().size()) continue;
        const ByteView fresh = ByteView(first.mapped()).subspan(static_cast<std::size_t>(already));
        out.insert(out.end(), fresh.begin(), fresh.end());
        next_ += static_cast<std::uint32_t>(fresh.size());
        delivered_ += fresh.size();
    }
}

} // namespace glasstls::capture
