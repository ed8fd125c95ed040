// Heartbeats (RFC 6520): a HeartbeatRequest carries a payload the peer must
// send back in a HeartbeatResponse — proof that it is alive. §4's rule is
// the one Heartbleed (CVE-2014-0160) broke: a request whose payload_length
// is larger than what it carries MUST be discarded silently, never answered
// from whatever memory follows.
//
//   struct {
//       HeartbeatMessageType type;     // 1 request, 2 response
//       uint16 payload_length;
//       opaque payload[payload_length];
//       opaque padding[padding_length];   // at least 16 bytes, random
//   } HeartbeatMessage;
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "glasstls/codec.hpp"
#include "glasstls/crypto.hpp"

namespace glasstls {

enum class HeartbeatMessageType : std::uint8_t { heartbeat_request = 1, heartbeat_response = 2 };
constexpr std::size_t heartbeat_min_padding = 16;   // §4

// One connection's heartbeats: the requests it answers and the responses
// to its own requests that it keeps for the application.
class Heartbeats {
public:
    // A HeartbeatRequest carrying `payload`; `claimed_length` lies about its
    // length (for glass heartbleed, which tests whether a server checks it).
    Bytes request(ByteView payload, std::optional<std::uint16_t> claimed_length, crypto::RandomSource& rng);
    // A received HeartbeatMessage: the response to send, if it is a request
    // that deserves one. `note` gets a sentence when one was discarded (or,
    // in the demonstration, leaked).
    std::optional<Bytes> receive(ByteView message, crypto::RandomSource& rng, std::string& note);
    // The payloads of the responses that answered our requests (at most 16 kept).
    std::vector<Bytes> take_responses();
    // DEMONSTRATION ONLY (glass server --heartbleed-demo): a request that
    // claims more than it carries is answered with the rest copied from
    // `arena` — fake memory with planted secrets, never the process's own.
    void set_arena(const Bytes* arena) { arena_ = arena; }

private:
    Bytes response(ByteView message, std::size_t claimed, std::string& note) const;

    Bytes sent_;                    // the payload of our last request
    std::vector<Bytes> responses_;
    const Bytes* arena_ = nullptr;
};

} // namespace glasstls
