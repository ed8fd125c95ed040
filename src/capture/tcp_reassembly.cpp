// TcpReassembler: the next expected sequence number, and the segments that
// arrived ahead of it waiting for the hole to fill.
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
        dead_ = true;
    }
    return out;
}

void TcpReassembler::take(std::uint32_t seq, ByteView payload, Bytes& out) {
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

// Waiting segments that now fit.
void TcpReassembler::take_waiting(Bytes& out) {
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
}

} // namespace glasstls::capture
