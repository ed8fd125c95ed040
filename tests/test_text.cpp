// Peer strings made safe (include/glasstls/text.hpp): the RFC 3629 validator,
// the terminal escaper, the JSON and HTML escapers built on them, and the
// places where a peer's name becomes text for humans (issue 18, §5).
#include <doctest/doctest.h>

#include <functional>

#include "glasstls/dissect.hpp"
#include "glasstls/html.hpp"
#include "glasstls/json_lines.hpp"
#include "glasstls/messages.hpp"
#include "glasstls/text.hpp"
#include "glasstls/x509.hpp"

using namespace glasstls;
using namespace std::string_literals;

namespace {
std::size_t length_of(const std::string& s) { return text::utf8_sequence_length(s); }
} // namespace

TEST_CASE("UTF-8 per RFC 3629: every well-formed length, at each boundary") {
    CHECK(length_of("A") == 1);
    CHECK(length_of("\x7f") == 1);
    CHECK(length_of("\xc2\x80") == 2);           // U+0080
    CHECK(length_of("\xdf\xbf") == 2);           // U+07FF
    CHECK(length_of("\xe0\xa0\x80") == 3);       // U+0800
    CHECK(length_of("\xed\x9f\xbf") == 3);       // U+D7FF, just below the surrogates
    CHECK(length_of("\xee\x80\x80") == 3);       // U+E000, just above
    CHECK(length_of("\xef\xbf\xbf") == 3);       // U+FFFF
    CHECK(length_of("\xf0\x90\x80\x80") == 4);   // U+10000
    CHECK(length_of("\xf4\x8f\xbf\xbf") == 4);   // U+10FFFF
    CHECK(text::valid_utf8("caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x94\x92"));
    CHECK(text::utf8_decode("\xf0\x9f\x94\x92", 4) == U'\U0001F512');
}

TEST_CASE("UTF-8 per RFC 3629: every class of ill-formed sequence is refused") {
    for (const std::string& bad : {"\xc0\x80"s, "\xc1\xbf"s, "\xe0\x80\x80"s, "\xe0\x9f\xbf"s, "\xf0\x80\x80\x80"s,
                                  "\xf0\x8f\xbf\xbf"s}) {   // overlong
        CHECK(length_of(bad) == 0);
    }
    CHECK(length_of("\xed\xa0\x80") == 0);       // U+D800, a surrogate
    CHECK(length_of("\xed\xbf\xbf") == 0);       // U+DFFF
    CHECK(length_of("\xf4\x90\x80\x80") == 0);   // U+110000
    for (int b = 0xf5; b <= 0xff; ++b) CHECK(length_of(std::string(1, static_cast<char>(b)) + "\x80\x80\x80") == 0);
    CHECK(length_of("\x80") == 0);               // a stray continuation byte
    CHECK(length_of("\xbf") == 0);
    CHECK(length_of("\xc3") == 0);               // truncated
    CHECK(length_of("\xe2\x82") == 0);
    CHECK(length_of("\xf0\x9f\x94") == 0);
    CHECK(length_of("\xe2\x41\x82") == 0);       // interrupted by ASCII
    CHECK(length_of(""s) == 0);
    CHECK_FALSE(text::valid_utf8("ok\xff"));
}

TEST_CASE("visible: controls and ill-formed bytes are shown, never passed to a terminal") {
    CHECK(text::visible("\x1b[2J\x07") == "\\x1b[2J\\x07");
    CHECK(text::visible("a\0b"s) == "a\\x00b");
    CHECK(text::visible("line\r\nforged\ttab") == "line\\x0d\\x0aforged\\x09tab");
    CHECK(text::visible("\x7f") == "\\x7f");
    CHECK(text::visible("\xc2\x9b" "31m") == "\\u009b31m");      // C1 CSI as UTF-8
    CHECK(text::visible("\xc2\x85") == "\\u0085");
    CHECK(text::visible("\xe2\x80\xae" "gpj.exe") == "\\u202egpj.exe");   // right-to-left override
    CHECK(text::visible("\xe2\x80\xa8") == "\\u2028");
    CHECK(text::visible("\xff\xfe") == "\\xff\\xfe");
    CHECK(text::visible("\xc3") == "\\xc3");                      // truncated
    CHECK(text::visible("\xed\xa0\x80") == "\\xed\\xa0\\x80");    // a surrogate, byte by byte
    CHECK(text::visible("\xe2\x41") == "\\xe2A");
    CHECK(text::visible("caf\xc3\xa9 \xe6\x97\xa5") == "caf\xc3\xa9 \xe6\x97\xa5");   // text passes as it is
    CHECK(text::visible("C:\\x1b") == "C:\\x1b");   // a backslash is kept: visible is idempotent
    const std::string once = text::visible("\x1b\xff\xc2\x9b");
    CHECK(text::visible(once) == once);
}

TEST_CASE("utf8_prefix cuts at a character boundary") {
    CHECK(text::utf8_prefix("a\xc3\xa9", 2) == "a");
    CHECK(text::utf8_prefix("a\xc3\xa9", 3) == "a\xc3\xa9");
    CHECK(text::utf8_prefix("\xf0\x9f\x94\x92", 3).empty());
    CHECK(text::utf8_prefix("ab\xff", 3) == "ab\xff");   // an ill-formed byte is a character of its own
    CHECK(text::utf8_prefix("abc", 0).empty());
    const std::string request = "GET /" + std::string(194, 'a') + "\xc3\xa9\xc3\xa9";   // é at bytes 199–200
    CHECK(text::utf8_prefix(request, 200).size() == 199);
    CHECK(text::valid_utf8(text::utf8_prefix(request, 200)));
}

TEST_CASE("json_string: always UTF-8, controls \\u-escaped, ill-formed bytes as the text \\xHH") {
    CHECK(json_string("caf\xc3\xa9") == "\"caf\xc3\xa9\"");
    CHECK(json_string("a\"b\\c\n") == "\"a\\\"b\\\\c\\n\"");
    CHECK(json_string("\x1b[31m\x07") == "\"\\u001b[31m\\u0007\"");
    CHECK(json_string("\x7f\xc2\x9b") == "\"\\u007f\\u009b\"");
    CHECK(json_string("\xe2\x80\xae") == "\"\\u202e\"");
    CHECK(json_string("x\xffy") == "\"x\\\\xffy\"");
    CHECK(json_string("\xc0\x80") == "\"\\\\xc0\\\\x80\"");   // overlong NUL
    CHECK(json_string("\xed\xa0\x80") == "\"\\\\xed\\\\xa0\\\\x80\"");
    CHECK(json_string("\xf4\x90\x80\x80") == "\"\\\\xf4\\\\x90\\\\x80\\\\x80\"");
    CHECK(json_string("\xe6\x97") == "\"\\\\xe6\\\\x97\"");   // truncated at the end
    CHECK(text::valid_utf8(json_string("\xc3\x28\xa0\xa1\xe2\x28\xa1\xf0\x28\x8c\xbc")));
}

TEST_CASE("html_escape: markup as entities, and the page stays valid UTF-8") {
    CHECK(html_escape("<a href=\"x\">&</a>") == "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
    CHECK(html_escape("line\r\n\tcaf\xc3\xa9") == "line\r\n\tcaf\xc3\xa9");
    CHECK(html_escape("\x1b\xff\xc2\x9b") == "\\x1b\\xff\\u009b");
    CHECK(text::valid_utf8(html_escape("\xed\xa0\x80\xf8\x88\x80\x80\x80")));
}

TEST_CASE("a certificate name with escapes and bad UTF-8 is shown, not obeyed (Name::to_string, describe)") {
    x509::Name n;
    n.rdns = {{{std::string(x509::oids::common_name), "evil\x1b]0;pwned\x07\r\xff"}}};
    CHECK(n.to_string() == "CN=evil\\x1b]0;pwned\\x07\\x0d\\xff");
    x509::Certificate c;
    c.subject = n;
    CHECK(c.describe() == "CN=evil\\x1b]0;pwned\\x07\\x0d\\xff");
}

TEST_CASE("a hostile SNI and ALPN in a ClientHello are dissected as visible text") {
    ClientHello h;
    h.random = Bytes(32, 1);
    h.cipher_suites = {0xC02F};
    const Bytes sni = from_hex("000a0000071b5b324a07ff0d");   // list 10, host_name 7
    const Bytes alpn = from_hex("000403009b1b");   // list 4, one name "\0 CSI ESC"
    h.extensions = {{0, sni}, {16, alpn}};
    const DecodedMessage m = decode_message(frame_handshake(HandshakeType::client_hello, h.encode()));
    std::string all;
    const std::function<void(const std::vector<Field>&)> gather = [&](const std::vector<Field>& fs) {
        for (const Field& f : fs) all += f.value + "|", gather(f.children);
    };
    gather(m.fields);
    CHECK(all.find("\\x1b[2J\\x07\\xff\\x0d") != std::string::npos);
    CHECK(all.find("\\x00\\x9b\\x1b") != std::string::npos);
    CHECK(all.find('\x1b') == std::string::npos);
    CHECK(text::valid_utf8(all));
}
