// The illustrated page (include/glasstls/html.hpp) fed events by hand:
// a protected record no key opened shows its ciphertext, folded and marked
// encrypted; the heading claims no secrets it does not show; application
// data folds to its first lines; the size cut follows set_max_value_bytes.
#include <doctest/doctest.h>

#include <sstream>

#include "glasstls/html.hpp"

using namespace glasstls;

namespace {

std::string page_of(HtmlTranscript& t) {
    std::ostringstream out;
    t.write(out);
    return out.str();
}

bool has(const std::string& page, const std::string& what) { return page.find(what) != std::string::npos; }

// A record as a capture decoded without keys reports it: the header and
// the fragment as on the wire, no plaintext, `sealed`.
struct SealedRecord {
    Bytes header, fragment;
    RecordEvent event(ContentType type, std::uint64_t seq) const {
        return RecordEvent{Direction::incoming, type, 0x0303, seq, header, fragment, {}, nullptr, true};
    }
};

SealedRecord sealed(ContentType type, std::size_t n) {
    SealedRecord r;
    r.header = {static_cast<std::uint8_t>(type), 3, 3, static_cast<std::uint8_t>(n >> 8), static_cast<std::uint8_t>(n)};
    for (std::size_t i = 0; i < n; ++i) r.fragment.push_back(static_cast<std::uint8_t>(0xa0 + i % 16));
    return r;
}

RecordEvent clear_app_data(const Bytes& header, const Bytes& text) {
    return RecordEvent{Direction::outgoing, ContentType::application_data, 0x0303, 1, header, text, text, nullptr, false};
}

} // namespace

TEST_CASE("html: without keys a protected record shows its ciphertext, marked encrypted, and the heading says nothing was computed") {
    HtmlTranscript t("a capture", true);
    const SealedRecord finished = sealed(ContentType::handshake, 40);
    const SealedRecord data = sealed(ContentType::application_data, 200);
    t.on_record(finished.event(ContentType::handshake, 0));
    t.on_record(data.event(ContentType::application_data, 1));
    const std::string page = page_of(t);
    CHECK(has(page, "Record 0: encrypted handshake message, 40-byte fragment, 45 with its 5-byte header <span class=\"lock\">encrypted</span>"));
    CHECK_FALSE(has(page, "Record 0: handshake"));
    CHECK(has(page, "Record 1: application_data, 200-byte fragment, 205 with its 5-byte header <span class=\"lock\">encrypted</span>"));
    CHECK(has(page, "fragment (40 bytes), encrypted: no key to open it"));
    CHECK(has(page, "<code class=\"hex cipher\">a0 a1 a2 a3"));
    // 200 bytes: the first 64 shown, the other 136 folded under a count.
    CHECK(has(page, "<summary>the other 136 bytes</summary>"));
    CHECK(has(page, "no keys: nothing was computed"));
    CHECK_FALSE(has(page, "Secrets are shown"));
    CHECK_FALSE(has(page, "computed by the client"));
    CHECK_FALSE(has(page, "<pre class=\"app\"></pre>"));   // the empty grey box of before
    CHECK(has(page, "2 records, 2 of them encrypted with no key to open them"));
}

TEST_CASE("html: a page that computed something keeps its heading; an empty one claims nothing") {
    HtmlTranscript t("a connection", true);
    const Bytes value(48, 0x11);
    t.on_secret(SecretEvent{"master_secret", value, "PRF(…)", "RFC 5246 §8.1", {}});
    const std::string page = page_of(t);
    CHECK(has(page, "Secrets are shown"));
    CHECK(has(page, "computed by the client"));
    CHECK_FALSE(has(page, "no keys"));

    HtmlTranscript empty("a capture with no TCP connections", true);
    const std::string nothing = page_of(empty);
    CHECK_FALSE(has(nothing, "Secrets are shown"));
    CHECK(has(nothing, "<span>nothing was computed</span>"));
}

TEST_CASE("html: the ciphertext and application data are cut at set_max_value_bytes, 0 shows all") {
    const SealedRecord big = sealed(ContentType::application_data, 5000);
    HtmlTranscript by_default("default", true);
    by_default.on_record(big.event(ContentType::application_data, 1));
    CHECK(has(page_of(by_default), "… (904 more bytes)"));   // 5000 - 4096

    HtmlTranscript smaller("smaller", true);
    smaller.set_max_value_bytes(100);
    smaller.on_record(big.event(ContentType::application_data, 1));
    CHECK(has(page_of(smaller), "… (4900 more bytes)"));

    HtmlTranscript tiny("below the fold", true);
    tiny.set_max_value_bytes(10);
    tiny.on_record(big.event(ContentType::application_data, 1));
    const std::string tiny_page = page_of(tiny);
    CHECK(has(tiny_page, "a9 … (4990 more bytes)</code>"));
    CHECK_FALSE(has(tiny_page, "<details class=\"more\">"));

    HtmlTranscript all("all", true);
    all.set_max_value_bytes(0);
    all.on_record(big.event(ContentType::application_data, 1));
    CHECK_FALSE(has(page_of(all), "more bytes)"));

    const Bytes header = {23, 3, 3, 0x13, 0x88};
    const Bytes text(5000, 'x');
    HtmlTranscript app("text", true);
    app.set_max_value_bytes(1000);
    app.on_record(clear_app_data(header, text));
    CHECK(has(page_of(app), "\n… (4000 more bytes)</pre>"));
}

TEST_CASE("html: application data folds to its first lines, the rest under a count; markup stays escaped") {
    std::string body = "HTTP/1.1 200 OK\r\n";
    for (int i = 0; i < 30; ++i) body += "<p>line " + std::to_string(i) + "</p>\r\n";
    const Bytes text(body.begin(), body.end());
    const Bytes header = {23, 3, 3, 0, static_cast<std::uint8_t>(text.size())};
    HtmlTranscript t("folded", true);
    t.on_record(clear_app_data(header, text));
    const std::string page = page_of(t);
    // 31 lines: the first 12 shown, 19 folded.
    CHECK(has(page, "<summary>19 more lines ("));
    CHECK(has(page, "&lt;p&gt;line 10&lt;/p&gt;\r\n</pre><details class=\"more\">"));
    CHECK_FALSE(has(page, "<p>line"));

    HtmlTranscript short_one("short", true);
    const std::string two = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
    const Bytes two_bytes(two.begin(), two.end());
    short_one.on_record(clear_app_data({23, 3, 3, 0, static_cast<std::uint8_t>(two.size())}, two_bytes));
    CHECK_FALSE(has(page_of(short_one), "more line"));
}

TEST_CASE("html: a report (the observer's view) is kept as written, escaped") {
    HtmlTranscript t("report", true);
    t.add_report("What a passive observer learns", "  who   client <a> -> server\n");
    const std::string page = page_of(t);
    CHECK(has(page, "<h3>What a passive observer learns</h3><pre class=\"report\">  who   client &lt;a&gt; -&gt; server\n</pre>"));
}
