// libFuzzer harness for glass proxy's HTTP rewriter (--replace): the input
// gives a rule and a byte stream, which is fed whole, then cut at random
// points, then a byte at a time. Asserted: nothing crashes, the output is
// bounded by the input (each byte becomes at most the replacement plus a
// little framing), and where the stream was cut changes nothing — the
// rewriter's state depends only on the bytes, never on the reads.
//
// Input: byte 0 = flags (bit 0: response rules; bit 1: a second rule
// deleting the needle's first byte; bit 2: the responses answer a HEAD and
// a CONNECT), byte 1 = needle length - 1 (mod 8), byte 2 = replacement
// length (mod 17), the needle, the replacement, then the stream.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "glasstls/lab/proxy_http.hpp"

using glasstls::lab::HttpRewriter, glasstls::lab::Replacement;

namespace {

struct Case {
    bool response = false, answers = false;
    std::vector<Replacement> rules;
    std::string stream;
};

bool parse_case(const std::uint8_t* data, std::size_t size, Case& c) {
    if (size < 3) return false;
    const std::size_t from_len = 1 + data[1] % 8, to_len = data[2] % 17;
    if (size < 3 + from_len + to_len) return false;
    const char* p = reinterpret_cast<const char*>(data) + 3;
    c.response = (data[0] & 1) != 0;
    c.answers = (data[0] & 4) != 0;
    c.rules.push_back({c.response, std::string(p, from_len), std::string(p + from_len, to_len)});
    if ((data[0] & 2) != 0) c.rules.push_back({c.response, c.rules[0].from.substr(0, 1), ""});
    c.rules.push_back({!c.response, "x", "y"});   // the other direction's rule: makes requests strip Accept-Encoding
    c.stream.assign(p + from_len + to_len, size - 3 - from_len - to_len);
    return true;
}

// The stream through a fresh rewriter, cut before each offset in `cuts`.
std::string run(const Case& c, const std::vector<std::size_t>& cuts) {
    HttpRewriter requests(false, c.rules), rewriter(c.response, c.rules);
    if (c.response && c.answers) {
        rewriter.answers(requests);
        requests.feed("HEAD / HTTP/1.1\r\nHost: a\r\n\r\nCONNECT a:1 HTTP/1.1\r\n\r\n");
    }
    std::string out;
    std::size_t at = 0;
    for (const std::size_t cut : cuts) {
        out += rewriter.feed(std::string_view(c.stream).substr(at, cut - at));
        at = cut;
    }
    out += rewriter.feed(std::string_view(c.stream).substr(at));
    out += rewriter.finish();
    rewriter.take_notes();
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    Case c;
    if (!parse_case(data, size, c)) return 0;
    const std::string whole = run(c, {});
    // Each input byte: at most the replacement (or itself), a chunk-size line and CRLF around it.
    std::size_t longest = 1;
    for (const Replacement& r : c.rules) longest = std::max(longest, r.to.size());
    if (whole.size() > 64 + c.stream.size() * (longest + 24)) std::abort();

    std::uint64_t seed = 1469598103934665603ull;   // FNV-1a of the input: the cuts are reproducible
    for (std::size_t i = 0; i < size; ++i) seed = (seed ^ data[i]) * 1099511628211ull;
    std::vector<std::size_t> cuts;
    for (std::size_t at = 0;;) {
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        at += 1 + (seed >> 33) % ((seed >> 20) % 4 == 0 ? 200 : 9);
        if (at >= c.stream.size()) break;
        cuts.push_back(at);
    }
    if (run(c, cuts) != whole) std::abort();
    if (c.stream.size() <= 2048) {
        std::vector<std::size_t> every;
        for (std::size_t i = 1; i < c.stream.size(); ++i) every.push_back(i);
        if (run(c, every) != whole) std::abort();
    }
    return 0;
}
