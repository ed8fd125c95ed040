// What `glass proxy` does to the plaintext it relays: `--replace
// request:FROM=TO` and `--replace response:FROM=TO` (the SEED lab's
// example), kept valid HTTP/1.x — a body's Content-Length follows its new
// body, a chunked body is sent again with true chunk sizes, and requests
// stop asking for compressed answers the replacement could not see into.
//
// A message is rewritten only when its end is known exactly (RFC 9112
// §6.3, proxy_framing.hpp); from the first one that is not, the rest of
// the connection is relayed unchanged. A stream that is not HTTP at all is
// rewritten as a plain stream of bytes. Time is linear in the bytes relayed:
// each rule is a streaming matcher that keeps at most len(FROM)-1 bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "glasstls/lab/proxy_framing.hpp"

namespace glasstls::lab {

struct Replacement {
    bool response = false;   // request: client → server; response: server → client
    std::string from, to;
};
// "request:cybersecurity=SEED+Labs"; throws std::invalid_argument.
Replacement parse_replacement(const std::string& text);

// One rule over a stream cut anywhere: every leftmost match of `from`
// replaced, as std::string::find would in the whole stream (Knuth-Morris-
// Pratt: linear, whatever the text). What could still begin a match is held
// back until the next feed or flush().
class StreamReplacer {
public:
    explicit StreamReplacer(const Replacement& rule);
    void feed(std::string_view in, std::string& out);
    void flush(std::string& out);   // the bytes held back: the stream ends here
    std::size_t count() const { return count_; }
    const Replacement& rule() const { return rule_; }

private:
    Replacement rule_;
    std::vector<std::size_t> border_;   // border_[i]: the longest proper border of from[0..i]
    std::size_t matched_ = 0;           // from[0..matched_) is held back
    std::size_t count_ = 0;
};

// One direction's rewriting. feed() returns what may be sent on now (a
// message with a Content-Length is held until it is whole, at most
// max_held bytes; a chunk goes on when it is whole, or at every max_piece
// bytes of it); finish() what is left at the end. The output depends only
// on the bytes fed, not on how they were cut into feeds.
class HttpRewriter {
public:
    HttpRewriter(bool response, const std::vector<Replacement>& all);
    bool active() const { return !rules_.empty() || strip_encoding_; }
    // A response rewriter learns from the requests which answer has no
    // body (one to HEAD) or ends HTTP (a 2xx to CONNECT).
    void answers(HttpRewriter& requests) { requests_ = &requests; requests.keep_methods_ = true; }
    std::string feed(std::string_view chunk);
    std::string finish();
    // What was done since the last call, one sentence each (for the log).
    std::vector<std::string> take_notes();

    static constexpr std::size_t max_held = 4u << 20;
    static constexpr std::size_t max_head = 64u << 10;   // a head, a chunk-size line, the trailers
    static constexpr std::size_t max_piece = 64u << 10;

private:
    enum class Mode { head, body, body_unchanged, chunk_line, chunk_data, chunk_end, trailers, stream, verbatim };
    std::size_t step(std::string_view in, std::string& out);
    std::size_t take_head(std::string_view in, std::string& out);
    void on_head(std::string& out);
    std::size_t take_chunk_line(std::string_view in, std::string& out);
    std::size_t take_chunk_data(std::string_view in, std::string& out);
    std::size_t take_line(std::string_view in);
    std::size_t take_trailers(std::string_view in, std::string& out);
    void finish_body(std::string& out);
    void to_stream(std::string& out);
    std::string rewritten_head(const HttpHead& head, bool length_known, std::uint64_t length);
    std::string replace(std::string_view in);
    std::string drain();
    void emit_chunk(std::string& data, std::string& out);
    void give_up(const std::string& why, std::string& out);
    void note_counts();
    std::string pop_method();

    bool response_;
    std::vector<StreamReplacer> rules_;
    std::vector<std::size_t> reported_;   // per rule, the count already noted
    bool strip_encoding_ = false;         // requests, when responses are rewritten
    Mode mode_ = Mode::head;
    bool seen_message_ = false;           // a whole head went by: this is HTTP
    bool start_line_held_ = false;        // held_ has the head's first line whole
    std::string held_;                    // the head, body, chunk line or trailers so far, as received
    HttpHead head_;                       // the message whose body is held
    std::uint64_t left_ = 0;              // bytes of body or chunk data still to come
    std::size_t piece_ = 0;               // bytes of the current chunk's piece
    std::string chunk_out_;               // the piece, rewritten
    bool keep_methods_ = false;
    std::deque<std::string> methods_;     // of requests not yet answered (when answers() was called)
    HttpRewriter* requests_ = nullptr;
    std::vector<std::string> notes_;
};

// A chunk of plaintext for the log: printable text as lines under a
// prefix, anything else shown as dots; at most `limit` bytes.
std::string loggable(std::string_view data, const std::string& prefix, std::size_t limit = 8192);

} // namespace glasstls::lab
