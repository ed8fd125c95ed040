// What `glass proxy` does to the plaintext it relays: `--replace
// request:FROM=TO` and `--replace response:FROM=TO` (the SEED lab's
// example), kept valid HTTP — a response's Content-Length follows its new
// body, and requests stop asking for compressed answers the replacement
// could not see into.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace glasstls::lab {

struct Replacement {
    bool response = false;   // request: client → server; response: server → client
    std::string from, to;
};
// "request:cybersecurity=SEED+Labs"; throws std::invalid_argument.
Replacement parse_replacement(const std::string& text);

// One direction's rewriting. feed() returns what may be sent on now (a
// response with a Content-Length is held until it is whole, at most
// max_held bytes); finish() what is left at the end.
class HttpRewriter {
public:
    HttpRewriter(bool response, const std::vector<Replacement>& all);
    bool active() const { return !rules_.empty() || strip_encoding_; }
    std::string feed(std::string_view chunk);
    std::string finish();
    // What was done since the last call, one sentence each (for the log).
    std::vector<std::string> take_notes();

    static constexpr std::size_t max_held = 4u << 20;

private:
    std::string rewrite_body(std::string body);
    std::string rewrite_message(std::string message);

    bool response_;
    std::vector<Replacement> rules_;
    bool strip_encoding_ = false;   // requests, when responses are rewritten
    bool to_the_end_ = false;       // a response without a length: the rest of the stream is its body
    std::string held_;
    std::vector<std::string> notes_;
};

// A chunk of plaintext for the log: printable text as lines under a
// prefix, anything else shown as dots; at most `limit` bytes.
std::string loggable(std::string_view data, const std::string& prefix, std::size_t limit = 8192);

} // namespace glasstls::lab
