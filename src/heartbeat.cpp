// Heartbeats (see the header).
#include "glasstls/heartbeat.hpp"

#include <algorithm>

#include "glasstls/protocol.hpp"

namespace glasstls {

namespace {
Bytes heartbeat_message(HeartbeatMessageType type, std::uint16_t payload_length, ByteView payload, crypto::RandomSource& rng) {
    Writer w;
    w.u8(static_cast<std::uint8_t>(type));
    w.u16(payload_length);
    w.bytes(payload);
    w.bytes(rng.bytes(heartbeat_min_padding));
    return w.take();
}
} // namespace

Bytes Heartbeats::request(ByteView payload, std::optional<std::uint16_t> claimed_length, crypto::RandomSource& rng) {
    sent_.assign(payload.begin(), payload.end());
    return heartbeat_message(HeartbeatMessageType::heartbeat_request, claimed_length.value_or(static_cast<std::uint16_t>(payload.size())),
                             payload, rng);
}

std::optional<Bytes> Heartbeats::receive(ByteView message, crypto::RandomSource& rng, std::string& note) {
    if (message.size() < 3 + heartbeat_min_padding) return std::nullopt;   // too short to be one: discarded silently
    const std::size_t claimed = load_u16(&message[1]);
    const bool fits = 3 + claimed + heartbeat_min_padding <= message.size();
    if (message[0] == static_cast<std::uint8_t>(HeartbeatMessageType::heartbeat_request)) {
        if (!fits && (arena_ == nullptr || arena_->empty())) {
            // §4: "If the payload_length of a received HeartbeatMessage is too
            // large, the received HeartbeatMessage MUST be discarded silently."
            note = "  (a HeartbeatRequest claimed " + std::to_string(claimed) + " bytes of payload but carried fewer: discarded silently, RFC 6520 §4)";
            return std::nullopt;
        }
        const Bytes payload = response(message, claimed, note);
        return heartbeat_message(HeartbeatMessageType::heartbeat_response, static_cast<std::uint16_t>(payload.size()), payload, rng);
    }
    if (message[0] == static_cast<std::uint8_t>(HeartbeatMessageType::heartbeat_response) && fits) {
        // Only a response that answers ours counts.
        const ByteView payload = message.subspan(3, claimed);
        const bool ours = !sent_.empty() && payload.size() >= sent_.size() && std::equal(sent_.begin(), sent_.end(), payload.begin());
        if (ours && responses_.size() < 16) responses_.emplace_back(payload.begin(), payload.end());
    }
    return std::nullopt;
}

// The payload to send back: the request's own — or, in the demonstration,
// what it carried and then "memory" after it.
Bytes Heartbeats::response(ByteView message, std::size_t claimed, std::string& note) const {
    if (3 + claimed + heartbeat_min_padding <= message.size()) return Bytes(message.begin() + 3, message.begin() + 3 + static_cast<std::ptrdiff_t>(claimed));
    // THE DEMONSTRATION'S BUG, on purpose: no bounds check. Here the
    // "memory" is a planted arena.
    Bytes payload(message.begin() + 3, message.end());
    const std::size_t want = std::min<std::size_t>(claimed, max_plaintext_length - 3 - heartbeat_min_padding);
    for (std::size_t i = 0; payload.size() < want; ++i) payload.push_back((*arena_)[i % arena_->size()]);
    note = "  (--heartbleed-demo: answered a HeartbeatRequest that claimed " + std::to_string(claimed) + " bytes but carried " +
           std::to_string(message.size() - 3) + ", with " + std::to_string(payload.size()) + " bytes: the planted arena leaked)";
    return payload;
}

std::vector<Bytes> Heartbeats::take_responses() {
    std::vector<Bytes> r;
    r.swap(responses_);
    return r;
}

} // namespace glasstls
