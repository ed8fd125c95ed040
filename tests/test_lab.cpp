// The lab library (src/lab/): the machinery behind `glass proxy`, `glass
// probe`, `glass server`, `glass ca` and --step, tested without a socket or
// a terminal — the shell suites (proxy-test.sh, ca-test.sh…) test the
// commands around it.
#include <doctest/doctest.h>

#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>

#include "glasstls/lab/admission.hpp"
#include "glasstls/lab/iana_suites.hpp"
#include "glasstls/der.hpp"
#include "glasstls/lab/lab_ca.hpp"
#include "glasstls/lab/net.hpp"
#include "glasstls/lab/probe.hpp"
#include "glasstls/lab/proxy_http.hpp"
#include "glasstls/lab/step.hpp"
#include "glasstls/lab/teaching.hpp"
#include "glasstls/lab/www.hpp"
#include "glasstls/verify.hpp"
#include "glasstls/x509_build.hpp"
#include "handshake_helpers.hpp"

using namespace glasstls;
using namespace glasstls::lab;

namespace {

// A fresh directory under the system's temporary one, removed at the end.
struct TempDir {
    std::string path;
    TempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "glasstls-lab-XXXXXX").string();
        REQUIRE(::mkdtemp(pattern.data()) != nullptr);
        path = pattern;
    }
    ~TempDir() { std::filesystem::remove_all(path); }
};

void write_file(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

// The replacement of the SEED lab's example, in one direction.
std::vector<Replacement> seed_rule(bool response) { return {{response, "cybersecurity", "SEED+Labs"}}; }

} // namespace

// --- proxy_http: what glass proxy --replace does to HTTP/1.x ---------------

TEST_CASE("parse_replacement: DIRECTION:FROM=TO, and the sentences for what is not") {
    const Replacement r = parse_replacement("request:cybersecurity=SEED+Labs");
    CHECK_FALSE(r.response);
    CHECK(r.from == "cybersecurity");
    CHECK(r.to == "SEED+Labs");
    const Replacement eq = parse_replacement("response:a=b=c");   // the first '=' splits
    CHECK(eq.response);
    CHECK(eq.from == "a");
    CHECK(eq.to == "b=c");
    CHECK(parse_replacement("response:gone=").to.empty());
    CHECK_THROWS_AS(parse_replacement("cybersecurity=SEED"), std::invalid_argument);
    CHECK_THROWS_AS(parse_replacement("request:no-equals"), std::invalid_argument);
    CHECK_THROWS_AS(parse_replacement("sideways:a=b"), std::invalid_argument);
    CHECK_THROWS_AS(parse_replacement("request:=b"), std::invalid_argument);
}

TEST_CASE("a response body rewritten keeps its Content-Length true, held until whole") {
    HttpRewriter responses(true, seed_rule(true));
    REQUIRE(responses.active());
    const std::string head = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\ncontent-length: 27\r\n\r\n";
    const std::string body = "<p>cybersecurity lab</p>\r\n";
    REQUIRE(body.size() == 27 - 1);
    // The body is one byte short of its length: nothing may go out yet.
    CHECK(responses.feed(head + body).empty());
    CHECK(responses.take_notes().empty());
    CHECK(responses.feed("!") == "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 23\r\n\r\n<p>SEED+Labs lab</p>\r\n!");
    const std::vector<std::string> notes = responses.take_notes();
    REQUIRE(notes.size() == 1);
    CHECK(notes[0] == "replaced 'cybersecurity' with 'SEED+Labs' in the response (1 time)");
    CHECK(responses.take_notes().empty());   // taken once
    CHECK(responses.finish().empty());
}

TEST_CASE("two responses in one feed are each rewritten; a body without the text is untouched") {
    HttpRewriter responses(true, seed_rule(true));
    const std::string plain = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";
    const std::string twice = "HTTP/1.1 200 OK\r\nContent-Length: 26\r\n\r\ncybersecuritycybersecurity";
    CHECK(responses.feed(plain + twice) == plain + "HTTP/1.1 200 OK\r\nContent-Length: 18\r\n\r\nSEED+LabsSEED+Labs");
    const std::vector<std::string> notes = responses.take_notes();
    REQUIRE(notes.size() == 1);
    CHECK(notes[0] == "replaced 'cybersecurity' with 'SEED+Labs' in the response (2 times)");
}

TEST_CASE("a request loses Accept-Encoding when responses are rewritten, and only then") {
    const std::string request = "GET / HTTP/1.1\r\nHost: lab.test\r\naccept-encoding: gzip, br\r\nAccept: */*\r\n\r\n";
    HttpRewriter stripping(false, seed_rule(true));   // a response rule only
    REQUIRE(stripping.active());
    CHECK(stripping.feed(request) == "GET / HTTP/1.1\r\nHost: lab.test\r\nAccept: */*\r\n\r\n");
    const std::vector<std::string> notes = stripping.take_notes();
    REQUIRE(notes.size() == 1);
    CHECK(notes[0] == "removed Accept-Encoding from the request, so the response comes uncompressed");

    HttpRewriter keeping(false, seed_rule(false));   // a request rule only
    CHECK(keeping.feed(request) == request);
    CHECK(keeping.take_notes().empty());

    HttpRewriter idle(false, {});   // nothing to do: bytes pass as they come, even half a head
    CHECK_FALSE(idle.active());
    CHECK(idle.feed("GET /cybersecurity") == "GET /cybersecurity");
}

TEST_CASE("a request split across feeds is rewritten whole: its head (query) and its body") {
    HttpRewriter requests(false, seed_rule(false));
    CHECK(requests.feed("POST /search?q=cybersecurity HTTP/1.1\r\nHost: lab.test\r\nContent-Len").empty());
    CHECK(requests.feed("gth: 15\r\n\r\nx=cyber").empty());   // head whole, body not yet
    CHECK(requests.feed("security") ==
          "POST /search?q=SEED+Labs HTTP/1.1\r\nHost: lab.test\r\nContent-Length: 11\r\n\r\nx=SEED+Labs");
    const std::vector<std::string> notes = requests.take_notes();
    REQUIRE(notes.size() == 1);
    CHECK(notes[0] == "replaced 'cybersecurity' with 'SEED+Labs' in the request (2 times)");
}

TEST_CASE("a response without a length runs to the end: rewritten as it comes, a match split between reads too") {
    HttpRewriter responses(true, seed_rule(true));
    // The head goes out at once, its body too, with nothing held back but what may begin a match.
    CHECK(responses.feed("HTTP/1.0 200 OK\r\n\r\ncybersecurity ") == "HTTP/1.0 200 OK\r\n\r\nSEED+Labs ");
    CHECK(responses.feed("and cybersecurity") == "and SEED+Labs");
    CHECK(responses.feed("cyber").empty());   // held: it may be the start of a match
    CHECK(responses.feed("security") == "SEED+Labs");
    CHECK(responses.feed(" cyb") == " ");
    CHECK(responses.finish() == "cyb");   // the end of the stream: what was held goes out
    CHECK(responses.take_notes().size() == 3);
}

TEST_CASE("a chunked body is rewritten chunk by chunk with true sizes, a match across chunks found") {
    HttpRewriter chunked(true, seed_rule(true));
    const std::string head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
    CHECK(chunked.feed(head + "d\r\ncybersecurity\r\n") == head + "9\r\nSEED+Labs\r\n");
    CHECK(chunked.feed("0\r\n\r\n") == "0\r\n\r\n");
    // "cyber" ends one chunk and "security" begins the next: the first
    // chunk's output is empty (not sent: a 0 chunk would end the body).
    const std::string split = head + "5;ext=1\r\ncyber\r\n9\r\nsecurity!\r\n3\r\nxyz\r\n0\r\nX-Trailer: 1\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n";
    const std::string want = head + "a\r\nSEED+Labs!\r\n3\r\nxyz\r\n0\r\nX-Trailer: 1\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n";
    HttpRewriter whole(true, seed_rule(true)), bytewise(true, seed_rule(true));
    CHECK(whole.feed(split) == want);
    std::string out;
    for (const char c : split) out += bytewise.feed(std::string(1, c));
    CHECK(out + bytewise.finish() == want);
    // A chunk-size line that is not hex: the rest is relayed as it came.
    HttpRewriter bad(true, seed_rule(true));
    CHECK(bad.feed(head + "zz\r\ncybersecurity\r\n") == head + "zz\r\ncybersecurity\r\n");
    CHECK(bad.take_notes().at(0).find("cannot be framed exactly") != std::string::npos);
}

TEST_CASE("what cannot be held is relayed: a too large message, a stream that is not HTTP") {
    HttpRewriter responses(true, seed_rule(true));
    const std::string big = "HTTP/1.1 200 OK\r\nContent-Length: 99999999\r\n\r\ncybersecurity";
    CHECK(responses.feed(big) == big);   // unchanged
    const std::vector<std::string> notes = responses.take_notes();
    REQUIRE(notes.size() == 1);
    CHECK(notes[0] == "a message of 99999999 bytes is too large to rewrite; relayed unchanged");

    // No line end within max_head bytes: not HTTP as we know it, rewritten as a stream.
    HttpRewriter requests(false, seed_rule(false));
    const std::string junk(HttpRewriter::max_head + 1, 'x');
    CHECK(requests.feed(junk) == junk);
    CHECK(requests.feed("cybersecurity") == "SEED+Labs");
    HttpRewriter binary(false, seed_rule(false));   // known from its first byte
    CHECK(binary.feed("\x01 cybersecurity") == "\x01 SEED+Labs");

    // finish() hands over what is still held, as it came.
    HttpRewriter cut(false, seed_rule(false));
    CHECK(cut.feed("GET /cybersecurity HTTP/1.1\r\n").empty());
    CHECK(cut.finish() == "GET /cybersecurity HTTP/1.1\r\n");
}

// RFC 9112 §6.3: a message whose end cannot be known exactly is not rewritten,
// nor is anything after it — a guess would take the next message for its body.
TEST_CASE("a Content-Length that is not one number: that message and the rest relayed unchanged") {
    const std::vector<Replacement> rules = {{false, "secret", "public"}};
    for (const std::string length : {"-1", "many", "5, 6", "99999999999999999999", ""}) {
        CAPTURE(length);
        HttpRewriter requests(false, rules);
        const std::string stream = "POST /a HTTP/1.1\r\nContent-Length: " + length + "\r\n\r\nhelloGET /secret HTTP/1.1\r\n\r\n";
        CHECK(requests.feed(stream) == stream);
        const std::vector<std::string> notes = requests.take_notes();
        REQUIRE(notes.size() == 1);
        CHECK(notes[0].find("the request cannot be framed exactly") == 0);
    }
    // Two Content-Length headers that differ; and Transfer-Encoding with Content-Length.
    for (const std::string head : {"Content-Length: 5\r\nContent-Length: 50\r\n", "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n",
                                   "Transfer-Encoding: gzip, chunked\r\n", " folded: line\r\n"}) {
        CAPTURE(head);
        HttpRewriter requests(false, rules);
        const std::string stream = "POST /a HTTP/1.1\r\n" + head + "\r\nhelloGET /secret HTTP/1.1\r\n\r\n";
        CHECK(requests.feed(stream) == stream);
    }
    // The same length twice is one length (§6.3 item 5); made true again, it is said once.
    HttpRewriter same(false, rules);
    CHECK(same.feed("POST /a HTTP/1.1\r\nContent-Length: 6\r\ncontent-length: 6, 6\r\n\r\nsecretGET /secret HTTP/1.1\r\n\r\n") ==
          "POST /a HTTP/1.1\r\nContent-Length: 6\r\ncontent-length: 6, 6\r\n\r\npublicGET /public HTTP/1.1\r\n\r\n");
    HttpRewriter longer(false, {{false, "a", "bb"}});
    CHECK(longer.feed("POST /x HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\naa") ==
          "POST /x HTTP/1.1\r\nContent-Length: 4\r\n\r\nbbbb");
}

TEST_CASE("a response to HEAD has no body; 101 and a 2xx to CONNECT end HTTP") {
    HttpRewriter requests(false, seed_rule(true)), responses(true, seed_rule(true));
    responses.answers(requests);
    requests.feed("HEAD / HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n");
    // Without the HEAD, the second response would be taken for the first one's 13-byte body.
    const std::string head_answer = "HTTP/1.1 200 OK\r\nContent-Length: 13\r\n\r\n";
    CHECK(responses.feed(head_answer + "HTTP/1.1 200 OK\r\nContent-Length: 13\r\n\r\ncybersecurity") ==
          head_answer + "HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nSEED+Labs");
    HttpRewriter upgraded(true, seed_rule(true));
    CHECK(upgraded.feed("HTTP/1.1 101 Switching Protocols\r\n\r\ncybersecurity") == "HTTP/1.1 101 Switching Protocols\r\n\r\ncybersecurity");
}

TEST_CASE("the rewriter is linear: a 1 MiB body that doubles, fed whole and a byte at a time") {
    const std::vector<Replacement> rules = {{true, "a", "bb"}};
    const std::string body(1u << 20, 'a');
    const std::string message = "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    HttpRewriter whole(true, rules);
    const std::string out = whole.feed(message);
    CHECK(out == "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(2 * body.size()) + "\r\n\r\n" + std::string(2 * body.size(), 'b'));
    HttpRewriter bytewise(true, rules);
    std::string again;
    for (const char c : message) again += bytewise.feed(std::string_view(&c, 1));
    CHECK(again == out);
}

TEST_CASE("StreamReplacer: what std::string::find would replace, however the text is cut") {
    std::uint32_t seed = 12345;
    auto next = [&] { return (seed = seed * 1103515245u + 12345u) >> 16; };
    for (int round = 0; round < 2000; ++round) {
        std::string from, to, text;
        for (std::size_t n = 1 + next() % 4; n > 0; --n) from += static_cast<char>('a' + next() % 2);
        for (std::size_t n = next() % 3; n > 0; --n) to += static_cast<char>('a' + next() % 3);
        for (std::size_t n = next() % 40; n > 0; --n) text += static_cast<char>('a' + next() % 2);
        std::string want = text;
        for (std::size_t at = want.find(from); at != std::string::npos; at = want.find(from, at + to.size())) want.replace(at, from.size(), to);
        StreamReplacer r({false, from, to});
        std::string got;
        for (std::size_t at = 0; at < text.size();) {
            const std::size_t n = 1 + next() % 5;
            r.feed(std::string_view(text).substr(at, n), got);
            at += n;
        }
        r.flush(got);
        CAPTURE(from);
        CAPTURE(text);
        REQUIRE(got == want);
    }
}

// --- --html-dir's budgets (issue 18): per page, live pages, the disk -----------

TEST_CASE("html pages: each stops at its cap and says so, the live ones share a memory budget, the disk has one too") {
    const std::string dir = (std::filesystem::temp_directory_path() / ("glass-pages-" + std::to_string(getpid()))).string();
    std::filesystem::create_directories(dir);
    std::ostringstream notes;
    HtmlPages pages(dir, HtmlBudget{.max_page = 4096, .max_memory = 8192, .max_disk = 30000}, notes);
    std::unique_ptr<BudgetedPage> a = pages.open("a", false), b = pages.open("b", true);
    REQUIRE(a != nullptr);
    REQUIRE(b != nullptr);
    // A third live page would pass 8192: none, said once however many are refused.
    CHECK(pages.open("c", false) == nullptr);
    CHECK(pages.open("d", false) == nullptr);
    CHECK(notes.str() == "glass: --html-dir: the live pages hold all of their 8192 bytes of memory; new connections get no page until some end\n");
    // One page fed without end: it stops at about its cap, counts the rest and says so.
    for (int i = 0; i < 1000; ++i) a->on_note(std::string(100, 'x'));
    CHECK(a->transcript().page_bytes() < 4096 + 400);
    CHECK(a->not_drawn() > 900);
    std::string why;
    const std::string path = pages.save(*a, "a.html", why);
    REQUIRE(path == dir + "/a.html");
    std::ifstream in(path);
    const std::string html((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(html.find("page truncated at 4096 bytes (--html-max-page)") != std::string::npos);
    CHECK(html.find("The page stops here") != std::string::npos);
    // A page that ends gives its memory back.
    a.reset();
    std::unique_ptr<BudgetedPage> c = pages.open("c", false);
    CHECK(c != nullptr);
    // The disk: pages are written until the next one would pass 30000 bytes.
    std::size_t saved = 0;
    for (int i = 0; i < 10 && !pages.save(*c, "c" + std::to_string(i) + ".html", why).empty(); ++i) ++saved;
    CHECK(saved >= 1);
    CHECK(saved < 10);
    CHECK(pages.written() <= 30000);
    CHECK(why == "no page: --html-dir has written its 30000 bytes (--html-max-total)");
    CHECK(notes.str().find("no more pages are written") != std::string::npos);
    std::filesystem::remove_all(dir);
}

TEST_CASE("loggable: lines under a prefix, control bytes as dots, a limit") {
    CHECK(loggable("GET / HTTP/1.1\r\nHost: a\r\n", "    | ") == "    | GET / HTTP/1.1\n    | Host: a\n    | ");
    CHECK(loggable(std::string("a\tb\x01\x7f\x1b[0m\xff", 10), "> ") == "> a\tb...[0m.");
    CHECK(loggable("0123456789", "> ", 4) == "> 0123\n> … (6 more bytes)");
    CHECK(loggable("0123", "> ", 4) == "> 0123");
    CHECK(loggable("", "> ") == "> ");
}

// --- iana_suites: the registry glass probe offers ---------------------------

TEST_CASE("the IANA table: names by code point, the signalling values, unknown code points") {
    CHECK(iana_suite_name(0xC02F) == "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
    CHECK(iana_suite_name(0x0004) == "TLS_RSA_WITH_RC4_128_MD5");
    CHECK(iana_suite_name(0xCCA9) == "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256");
    CHECK(iana_suite_name(0x00FF) == "TLS_EMPTY_RENEGOTIATION_INFO_SCSV");   // RFC 5746 §3.3
    CHECK(iana_suite_name(0x5600) == "TLS_FALLBACK_SCSV");                   // RFC 7507 §2
    CHECK(iana_suite_name(0x1a2b) == "0x1a2b (unknown)");
    CHECK(iana_suite_name(0x0000) == "0x0000 (unknown)");   // TLS_NULL_WITH_NULL_NULL is not offered
    const std::vector<IanaSuite>& all = iana_tls12_suites();
    CHECK(all.size() == 332);
    for (std::size_t i = 1; i < all.size(); ++i) {
        CHECK(all[i - 1].code < all[i].code);   // in code point order, each once
    }
}

// --- admission: glass server's connection slots -----------------------------

namespace {

// A socket the test can watch: eviction shuts `fd` down (recv then reads the end).
struct SocketPair {
    int fd = -1, other = -1;
    SocketPair() {
        int fds[2];
        REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds) == 0);
        fd = fds[0];
        other = fds[1];
    }
    ~SocketPair() {
        ::close(fd);
        ::close(other);
    }
    bool shut_down() const {
        char c;
        return ::recv(fd, &c, 1, MSG_DONTWAIT) == 0;   // the end, not "nothing yet"
    }
};

// An Admission and what its last admit() dropped; knock() admits a client
// with no socket (fd -1: an eviction shuts nothing down).
struct Door {
    Admission admission;
    std::string dropped;
    Door(std::size_t max_total, std::size_t max_per_address) : admission(max_total, max_per_address) {}
    std::shared_ptr<Slot> knock(const std::string& address) { return admission.admit(address, -1, dropped); }
};

} // namespace

TEST_CASE("admission: the per-address cap drops that address's oldest handshake") {
    Admission admission(10, 2);
    SocketPair s1, s2, s3, s4;
    std::string dropped = "stale";
    auto a1 = admission.admit("10.0.0.1", s1.fd, dropped);
    CHECK(dropped.empty());
    auto b1 = admission.admit("10.0.0.2", s2.fd, dropped);
    auto a2 = admission.admit("10.0.0.1", s3.fd, dropped);
    REQUIRE((a1 && b1 && a2));
    CHECK(a1->address == "10.0.0.1");
    CHECK(a1->fd == s1.fd);
    CHECK_FALSE(s1.shut_down());

    REQUIRE(admission.admit("10.0.0.1", s4.fd, dropped));
    CHECK(dropped == "10.0.0.1");
    CHECK(a1->evicted);   // the oldest of that address
    CHECK(s1.shut_down());
    CHECK_FALSE(a2->evicted);
    CHECK_FALSE(b1->evicted);   // another address's slot is not this cap's business
    CHECK_FALSE(s3.shut_down());
    CHECK(admission.active() == 4);   // an evicted slot is held until its thread releases it
}

TEST_CASE("admission: established connections are never dropped; with none to drop, the newcomer is refused") {
    Door door(10, 2);
    const auto a1 = door.knock("10.0.0.1"), a2 = door.knock("10.0.0.1");
    REQUIRE((a1 && a2));
    a1->handshaking = false;
    const auto a3 = door.knock("10.0.0.1");
    REQUIRE(a3);
    CHECK(door.dropped == "10.0.0.1");
    CHECK(a2->evicted);   // the one still handshaking, though it came later
    CHECK_FALSE(a1->evicted);

    a3->handshaking = false;
    CHECK(door.knock("10.0.0.1") == nullptr);
    CHECK(door.dropped.empty());
    CHECK(door.admission.active() == 3);   // a1, a2 (evicted, not yet released), a3
    CHECK(door.knock("10.0.0.2") != nullptr);   // other addresses still come in
}

TEST_CASE("admission: the total cap drops the oldest handshake of any address") {
    Door door(2, 10);
    const auto a = door.knock("10.0.0.1"), b = door.knock("10.0.0.2"), c = door.knock("10.0.0.3");
    REQUIRE((a && b && c));
    CHECK(door.dropped == "10.0.0.1");
    CHECK(a->evicted);
    b->handshaking = false;
    REQUIRE(door.knock("10.0.0.4"));
    CHECK(door.dropped == "10.0.0.3");   // b is established: c is the oldest handshake left
    CHECK(c->evicted);
    CHECK_FALSE(b->evicted);

    // The per-address cap is met first, and its eviction brings the total under its cap too.
    Door both(2, 1);
    const auto x = both.knock("10.0.0.1"), y = both.knock("10.0.0.2");
    REQUIRE(both.knock("10.0.0.1"));
    CHECK(x->evicted);
    CHECK_FALSE(y->evicted);
}

TEST_CASE("admission: a released slot makes room") {
    Door door(1, 1);
    const auto a = door.knock("10.0.0.1");
    REQUIRE(a);
    a->handshaking = false;
    CHECK(door.knock("10.0.0.2") == nullptr);
    door.admission.release(a);
    CHECK(door.admission.active() == 0);
    const auto b = door.knock("10.0.0.2");
    REQUIRE(b);
    CHECK(door.dropped.empty());
    CHECK(door.admission.active() == 1);
    door.admission.release(b);
    door.admission.release(b);   // twice is harmless
    CHECK(door.admission.active() == 0);
}

TEST_CASE("address_of: the client's address without its port") {
    CHECK(address_of("127.0.0.1:5000") == "127.0.0.1");
    CHECK(address_of("[::1]:5000") == "[::1]");
    CHECK(address_of("[2001:db8::1]:443") == "[2001:db8::1]");
    CHECK(address_of("no-port") == "no-port");
}

// --- www: glass server --www ------------------------------------------------

TEST_CASE("http_request_complete: an empty line ends the header, CRLF or bare LF") {
    CHECK(http_request_complete("GET / HTTP/1.1\r\nHost: a\r\n\r\n"));
    CHECK(http_request_complete("GET / HTTP/1.1\nHost: a\n\n"));
    CHECK(http_request_complete("GET / HTTP/1.1\r\nHost: a\n\r\n"));
    CHECK(http_request_complete("GET / HTTP/1.1\nHost: a\r\n\n"));
    CHECK_FALSE(http_request_complete("GET / HTTP/1.1\r\nHost: a\r\n"));
    CHECK_FALSE(http_request_complete("GET / HTTP/1.1\r\nHost: a\r\n\r"));
    CHECK_FALSE(http_request_complete(""));
}

namespace {

// A connected in-memory pair, and what the client receives of `response`
// sent through the server's side in slices of `budget` bytes. No slice may
// put more than its budget (and the records' overhead) in the output.
struct WwwPair {
    testing::Pair pair;
    WwwPair() {
        pair.start();
        pair.pump();
        REQUIRE(pair.client.handshake_done());
    }
    std::string fetch(WwwResponse& response, std::size_t budget = 100000) {
        std::string got;
        for (int slices = 0; !response.done() && slices < 10000; ++slices) {
            response.write_some(pair.server, budget);
            const Bytes wire = pair.server.take_output();
            CHECK(wire.size() <= budget + (budget / 16384 + 2) * 64);
            pair.client.receive(wire);
            std::uint8_t buf[65536];
            while (std::size_t n = pair.client.read(buf)) got.append(reinterpret_cast<const char*>(buf), n);
        }
        CHECK(response.done());
        return got;
    }
    std::string get(const std::string& root, const std::string& request) { return fetch(*www_respond(root, request, pair.server)); }
};

std::string random_text(std::size_t n) {
    std::string s(n, '\0');
    for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>((i * 2654435761u) >> 13);
    return s;
}

} // namespace

TEST_CASE("http_date: IMF-fixdate, and the three forms of RFC 9110 §5.6.7 read back") {
    CHECK(http_date(784111777) == "Sun, 06 Nov 1994 08:49:37 GMT");
    CHECK(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT") == 784111777);
    CHECK(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT") == 784111777);
    CHECK(parse_http_date("Sun Nov  6 08:49:37 1994") == 784111777);
    CHECK(parse_http_date(http_date(1767225600)) == 1767225600);
    CHECK_FALSE(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT trailing"));
    CHECK_FALSE(parse_http_date("Sun, 06 Foo 1994 08:49:37 GMT"));
    CHECK_FALSE(parse_http_date("yesterday"));
    CHECK_FALSE(parse_http_date(""));
}

TEST_CASE("www_respond: GET /NAME from the root, and nothing outside it") {
    TempDir root;
    write_file(root.path + "/hello.txt", "hi there");
    write_file(root.path + "/..secret", "no");
    std::filesystem::create_directory(root.path + "/sub");
    WwwPair w;
    const std::string got = w.get(root.path, "GET /hello.txt HTTP/1.1\r\nHost: a\r\n\r\n");
    CHECK(got.rfind("HTTP/1.1 200 OK\r\nDate: ", 0) == 0);
    CHECK(got.find("\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 8\r\nConnection: close\r\n\r\nhi there") != std::string::npos);
    CHECK(got.find("\r\nLast-Modified: " + http_date(static_cast<std::int64_t>(std::time(nullptr)))) != std::string::npos);
    // Everything else gets the Bank32 page.
    for (const char* request : {"GET /hello.txt HTTP/1.1\r\n\r\n", "GET /missing.txt HTTP/1.1\r\n\r\n", "GET / HTTP/1.1\r\n\r\n",
                                "GET /hello.txt\r\n\r\n", "GET /../etc/passwd HTTP/1.1\r\n\r\n", "GET /..%2fetc%2fpasswd HTTP/1.1\r\n\r\n",
                                "GET /..secret HTTP/1.1\r\n\r\n", "GET //etc/passwd HTTP/1.1\r\n\r\n", "GET hello.txt HTTP/1.1\r\n\r\n",
                                "GET /sub HTTP/1.1\r\n\r\n"}) {
        CAPTURE(request);
        const bool with_root = std::string(request) != "GET /hello.txt HTTP/1.1\r\n\r\n";   // the first: no --www-root
        CHECK(w.get(with_root ? root.path : "", request).find("This is Bank32.com!") != std::string::npos);
    }
}

TEST_CASE("media_type_for: a page is shown, not downloaded; unknown names are octet-stream") {
    CHECK(media_type_for("/vote.html") == "text/html; charset=utf-8");
    CHECK(media_type_for("/INDEX.HTM") == "text/html; charset=utf-8");
    CHECK(media_type_for("/logo.png") == "image/png");
    CHECK(media_type_for("/big.bin") == "application/octet-stream");
    CHECK(media_type_for("/README") == "application/octet-stream");
    CHECK(media_type_for("/archive.html.gz") == "application/octet-stream");
    CHECK(media_type_for("/trailing.") == "application/octet-stream");
}

TEST_CASE("www_respond: HEAD is GET's header without the body; other methods 405") {
    TempDir root;
    write_file(root.path + "/f.bin", random_text(5000));
    WwwPair w;
    const std::string get = w.get(root.path, "GET /f.bin HTTP/1.1\r\n\r\n"), head = w.get(root.path, "HEAD /f.bin HTTP/1.1\r\n\r\n");
    CHECK(head.find("Content-Length: 5000\r\n") != std::string::npos);
    CHECK(head.size() + 5000 == get.size());
    CHECK(head.substr(head.find("Last-Modified")) == get.substr(get.find("Last-Modified"), head.size() - head.find("Last-Modified")));
    const std::string page = w.get("", "HEAD / HTTP/1.1\r\n\r\n");
    CHECK(page.find("Content-Length: ") != std::string::npos);
    CHECK(page.size() - page.find("\r\n\r\n") == 4);   // nothing after the header
    CHECK(w.get(root.path, "POST /f.bin HTTP/1.1\r\n\r\n") ==
          "HTTP/1.1 405 Method Not Allowed\r\nAllow: GET, HEAD\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    CHECK(w.get(root.path, "DELETE\r\n\r\n").rfind("HTTP/1.1 405 ", 0) == 0);
}

TEST_CASE("www_respond: If-Modified-Since no older than the file is 304, without a body") {
    TempDir root;
    write_file(root.path + "/f.bin", "contents");
    std::filesystem::last_write_time(root.path + "/f.bin", std::filesystem::file_time_type::clock::now() - std::chrono::hours(48));
    WwwPair w;
    const std::string first = w.get(root.path, "GET /f.bin HTTP/1.1\r\n\r\n");
    const std::size_t at = first.find("Last-Modified: ") + 15;
    const std::string modified = first.substr(at, first.find("\r\n", at) - at);
    const std::string later = http_date(*parse_http_date(modified) + 3600), earlier = http_date(*parse_http_date(modified) - 1);
    const std::string same = w.get(root.path, "GET /f.bin HTTP/1.1\r\nif-modified-since:  " + modified + " \r\n\r\n");
    CHECK(same.rfind("HTTP/1.1 304 Not Modified\r\n", 0) == 0);
    CHECK(same.find("Content-Length") == std::string::npos);
    CHECK(same.substr(same.size() - 4) == "\r\n\r\n");
    CHECK(w.get(root.path, "HEAD /f.bin HTTP/1.1\r\nIf-Modified-Since: " + later + "\r\n\r\n").rfind("HTTP/1.1 304 ", 0) == 0);
    CHECK(w.get(root.path, "GET /f.bin HTTP/1.1\r\nIf-Modified-Since: " + earlier + "\r\n\r\n").find("\r\n\r\ncontents") != std::string::npos);
    // Not a date, or with If-None-Match (RFC 9110 §13.2.2): the whole file.
    CHECK(w.get(root.path, "GET /f.bin HTTP/1.1\r\nIf-Modified-Since: soon\r\n\r\n").rfind("HTTP/1.1 200 ", 0) == 0);
    CHECK(w.get(root.path, "GET /f.bin HTTP/1.1\r\nIf-None-Match: \"x\"\r\nIf-Modified-Since: " + later + "\r\n\r\n").rfind("HTTP/1.1 200 ", 0) == 0);
}

TEST_CASE("WwwResponse: a file of many blocks arrives whole, in slices of any budget") {
    TempDir root;
    const std::string body = random_text(5 * WwwResponse::block_size + 12345);
    write_file(root.path + "/big.bin", body);
    for (std::size_t budget : {std::size_t{1000}, std::size_t{16384}, std::size_t{256 * 1024}}) {
        CAPTURE(budget);
        WwwPair w;
        const std::unique_ptr<WwwResponse> r = www_respond(root.path, "GET /big.bin HTTP/1.1\r\n\r\n", w.pair.server);
        const std::string got = w.fetch(*r, budget);
        CHECK(got.size() == r->total());
        CHECK(got.substr(got.find("\r\n\r\n") + 4) == body);
        CHECK_FALSE(r->truncated());
        CHECK(r->write_some(w.pair.server, budget) == 0);
    }
}

TEST_CASE("WwwResponse: a file that shrinks while it is sent stops short, marked truncated") {
    TempDir root;
    const std::string body = random_text(4 * WwwResponse::block_size);
    write_file(root.path + "/shrinks.bin", body);
    WwwPair w;
    const std::unique_ptr<WwwResponse> r = www_respond(root.path, "GET /shrinks.bin HTTP/1.1\r\n\r\n", w.pair.server);
    CHECK(r->write_some(w.pair.server, WwwResponse::block_size) > 0);
    std::filesystem::resize_file(root.path + "/shrinks.bin", WwwResponse::block_size + 100);
    const std::string got = w.fetch(*r);   // with what the first slice queued
    CHECK(r->truncated());
    CHECK(got.substr(got.find("\r\n\r\n") + 4) == body.substr(0, WwwResponse::block_size + 100));
}

// --- lab_ca: glass ca's certificate authority -------------------------------

namespace {

// The library's own path validation of an issued chain, with `ca` the only anchor.
verify::Result check_issued(const Issued& issued, const LabCa& ca, std::optional<std::string> host, verify::Purpose purpose) {
    verify::TrustStore trust;
    trust.add(ca.certificate());
    std::vector<x509::Certificate> chain;
    for (const Bytes& der : issued.chain) chain.push_back(x509::parse_certificate(der));
    verify::Options options;
    options.host = std::move(host);
    options.at = static_cast<std::int64_t>(std::time(nullptr));
    options.purpose = purpose;
    return verify::verify_chain(chain.front(), {chain.begin() + 1, chain.end()}, trust, options);
}

IssueRequest request_for(const std::string& name) {
    IssueRequest r;
    r.name = name;
    return r;
}

} // namespace

TEST_CASE("parse_key_kind: rsa, ecdsa (or ec), ed25519") {
    CHECK(parse_key_kind("rsa") == KeyKind::rsa);
    CHECK(parse_key_kind("ecdsa") == KeyKind::ecdsa);
    CHECK(parse_key_kind("ec") == KeyKind::ecdsa);
    CHECK(parse_key_kind("ed25519") == KeyKind::ed25519);
    CHECK_THROWS_AS(parse_key_kind("dsa"), std::invalid_argument);
}

TEST_CASE("a lab CA: init, issue a server leaf, and the leaf validates against the CA") {
    TempDir dir;
    LabCa::init(dir.path, KeyKind::ecdsa, "CN=Test Lab CA, O=glasstls tests", 30);
    CHECK((std::filesystem::status(dir.path + "/ca.key").permissions() & std::filesystem::perms::all) ==
          (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
    CHECK_THROWS_AS(LabCa::init(dir.path, KeyKind::ecdsa, "CN=Again", 30), std::runtime_error);   // never overwritten

    const LabCa ca(dir.path);
    CHECK(ca.certificate().subject.to_string() == "CN=Test Lab CA, O=glasstls tests");
    CHECK(ca.certificate().self_issued());
    IssueRequest request = request_for("www.lab.test");
    request.sans = {"DNS:lab.test", "DNS:www.lab.test", "IP:127.0.0.1"};   // the name's own SAN is not repeated
    const Issued leaf = ca.issue(request);
    REQUIRE(leaf.chain.size() == 1);   // the root stays with the clients that trust it
    const x509::Certificate cert = x509::parse_certificate(leaf.chain[0]);
    REQUIRE(cert.subject_alt_names);
    CHECK(cert.subject_alt_names->size() == 3);
    CHECK(cert.subject.to_string() == "CN=www.lab.test");
    const bool leaf_is_ca = cert.basic_constraints && cert.basic_constraints->ca;
    CHECK_FALSE(leaf_is_ca);

    const verify::Result ok = check_issued(leaf, ca, "www.lab.test", verify::Purpose::server);
    CHECK_MESSAGE(ok.ok, ok.error);
    CHECK(ok.path.size() == 2);
    CHECK(check_issued(leaf, ca, "lab.test", verify::Purpose::server).ok);
    CHECK(check_issued(leaf, ca, "127.0.0.1", verify::Purpose::server).ok);
    CHECK_FALSE(check_issued(leaf, ca, "other.test", verify::Purpose::server).ok);
    CHECK_FALSE(check_issued(leaf, ca, std::nullopt, verify::Purpose::client).ok);   // serverAuth only

    // The certificate and key as PEM, as glass ca writes them.
    CHECK(x509::parse_certificates(as_bytes(leaf.pem())).size() == 1);
    CHECK(leaf.key_pem().rfind("-----BEGIN PRIVATE KEY-----", 0) == 0);
    request.sans = {"URI:https://lab.test"};
    CHECK_THROWS_AS(ca.issue(request), std::invalid_argument);
}

TEST_CASE("a lab CA refuses, in one sentence, what would make an invalid certificate") {
    TempDir dir;
    LabCa::init(dir.path, KeyKind::ecdsa, "CN=Test Lab CA", 30);
    const LabCa ca(dir.path);
    const auto refused = [&](IssueRequest r) {
        try {
            ca.issue(r);
            return std::string("(issued)");
        } catch (const std::invalid_argument& e) {
            return std::string(e.what());
        }
    };
    // Names: UTF-8 (a UTF8String holds nothing else; OpenSSL cannot load the certificate otherwise).
    CHECK(refused(request_for("CN=caf\xe9")).find("is not UTF-8") != std::string::npos);
    CHECK(refused(request_for("caf\xc3")).find("is not UTF-8") != std::string::npos);
    CHECK(refused(request_for("CN=a\x1b[31mred")).find("control character") != std::string::npos);
    // countryName: PrintableString SIZE(2) (RFC 5280 Appendix A).
    CHECK(refused(request_for("CN=x, C=<>")).find("two letters A-Z") != std::string::npos);
    CHECK(refused(request_for("CN=x, C=\xc3\xa9")).find("two letters A-Z") != std::string::npos);
    CHECK(refused(request_for("CN=x, C=DE")) == "(issued)");
    CHECK(refused(request_for("CN=Caf\xc3\xa9 \xe6\x9d\xb1\xe4\xba\xac")) == "(issued)");   // UTF-8 is welcome
    // dNSName: the preferred name syntax (RFC 5280 §4.2.1.6).
    for (const char* bad : {"DNS:a b", "DNS:\xc3\xa9t\xc3\xa9", "DNS:-a.test", "DNS:a..test", "DNS:a_b.test"}) {
        IssueRequest r = request_for("www.lab.test");
        r.sans = {bad};
        CHECK_MESSAGE(refused(r).find("is not a host name") != std::string::npos, bad);
    }
    CHECK(refused(request_for("a b")).find("is not a host name") != std::string::npos);   // --name HOST is the first SAN
    IssueRequest fine = request_for("www.lab.test");
    fine.sans = {"DNS:*.lab.test", "DNS:xn--tt-bja.test", "DNS:3com.test"};
    CHECK(refused(fine) == "(issued)");
    // --days: at least one, and no year past 9999 (RFC 5280 §4.1.2.5).
    IssueRequest days = request_for("www.lab.test");
    days.days = -5;
    CHECK(refused(days).find("--days is at least 1") != std::string::npos);
    days.days = 99999999;
    CHECK(refused(days).find("ends after 9999-12-31") != std::string::npos);
    days.days = 2900000;   // about the year 9900: GeneralizedTime, which the parser reads back
    REQUIRE(refused(days) == "(issued)");
    CHECK(x509::parse_certificate(ca.issue(days).chain[0]).not_after > der::days_from_civil(9000, 1, 1) * 86400);
}

TEST_CASE("an invalid UTF-8 UTF8String in a certificate's name is a parse error") {
    // A certificate glass ca would not write: made with a valid name, then a byte changed (the
    // signature is not what is tested: parsing comes first).
    const crypto::PrivateKey key = generate_key(KeyKind::ecdsa);
    x509::CertificateSpec spec;
    spec.subject = {{"CN", "utf8-QQQQ"}};
    spec.not_before = 1700000000;
    spec.not_after = 1800000000;
    spec.subject_key = key.public_key();
    Bytes der = x509::build_certificate(spec, {{}, &key, {}}, crypto::system_random());
    CHECK_NOTHROW(x509::parse_certificate(der));
    const std::string text(der.begin(), der.end());
    for (std::size_t at = text.find("utf8-QQQQ"); at != std::string::npos; at = text.find("utf8-QQQQ", at + 1)) {
        der[at + 5] = 0xc3;   // a lead byte followed by 'Q': not UTF-8
    }
    CHECK_THROWS_AS(x509::parse_certificate(der), TlsError);
}

TEST_CASE("glass probe's judgments: dangerous suites") {
    CHECK(suite_danger(0x0002));   // TLS_RSA_WITH_NULL_SHA
    CHECK(suite_danger(0x0003));   // TLS_RSA_EXPORT_WITH_RC4_40_MD5
    CHECK(suite_danger(0x0034));   // TLS_DH_anon_WITH_AES_128_CBC_SHA
    CHECK_FALSE(suite_danger(0xc02f));   // TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
}

TEST_CASE("a lab CA issues client certificates, and intermediates that issue in turn") {
    TempDir root_dir, sub_dir;
    LabCa::init(root_dir.path, KeyKind::ed25519, "CN=Test Root", 30);
    const LabCa root(root_dir.path);

    IssueRequest client = request_for("CN=alice, O=lab");
    client.client = true;
    const Issued alice = root.issue(client);
    const x509::Certificate alice_cert = x509::parse_certificate(alice.chain[0]);
    CHECK(alice_cert.subject.to_string() == "CN=alice, O=lab");
    CHECK_FALSE(alice_cert.subject_alt_names);   // a name spec gains no subjectAltName
    CHECK(check_issued(alice, root, std::nullopt, verify::Purpose::client).ok);
    CHECK_FALSE(check_issued(alice, root, std::nullopt, verify::Purpose::server).ok);   // clientAuth only

    IssueRequest sub = request_for("CN=Test Intermediate");
    sub.intermediate = true;
    const Issued intermediate = root.issue(sub);
    write_file(sub_dir.path + "/ca.pem", intermediate.pem());
    write_file(sub_dir.path + "/ca.key", intermediate.key_pem());
    const LabCa issuing(sub_dir.path);

    const Issued leaf = issuing.issue(request_for("127.0.0.1"));
    REQUIRE(leaf.chain.size() == 2);   // the leaf, then the intermediate
    CHECK(leaf.chain[1] == intermediate.chain[0]);
    const verify::Result ok = check_issued(leaf, root, "127.0.0.1", verify::Purpose::server);
    CHECK_MESSAGE(ok.ok, ok.error);
    CHECK(ok.path.size() == 3);
}

TEST_CASE("a lab CA that cannot be loaded says why") {
    TempDir empty, one, two, leaf_dir;
    CHECK_THROWS_WITH_AS(LabCa{empty.path}, doctest::Contains("glass ca init makes them"), std::runtime_error);

    LabCa::init(one.path, KeyKind::ecdsa, "CN=One", 30);
    LabCa::init(two.path, KeyKind::ecdsa, "CN=Two", 30);
    std::filesystem::copy_file(two.path + "/ca.key", one.path + "/ca.key", std::filesystem::copy_options::overwrite_existing);
    CHECK_THROWS_WITH_AS(LabCa{one.path}, doctest::Contains("ca.key is not the key of"), std::runtime_error);

    const Issued leaf = LabCa(two.path).issue(request_for("www.lab.test"));
    write_file(leaf_dir.path + "/ca.pem", leaf.pem());
    write_file(leaf_dir.path + "/ca.key", leaf.key_pem());
    CHECK_THROWS_WITH_AS(LabCa{leaf_dir.path}, doctest::Contains("is not a CA certificate"), std::runtime_error);
}

// --- step: the --step prompt ------------------------------------------------

namespace {

// std::cerr into a string while it lives.
struct CaptureCerr {
    std::ostringstream text;
    std::streambuf* old = std::cerr.rdbuf(text.rdbuf());
    ~CaptureCerr() { std::cerr.rdbuf(old); }
};

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

} // namespace

TEST_CASE("the step prompt: each step said, Enter waits for the next, c runs to the end") {
    std::FILE* answers = std::tmpfile();
    REQUIRE(answers != nullptr);
    std::fputs("\nc\nleft over\n", answers);
    std::rewind(answers);
    const Step hello{Direction::incoming, "ClientHello", "glasstls::ServerHandshake::on_client_hello", "RFC 5246 §7.4.1.2"};
    const Step finished{Direction::outgoing, "Finished", "glasstls::ServerHandshake::send_finished", "RFC 5246 §7.4.9"};
    CaptureCerr err;
    {
        StepPrompt prompt(answers);
        prompt.pause(hello, "[127.0.0.1:5000]");   // reads "\n"
        prompt.pause(finished, "");                 // reads "c"
        prompt.pause(finished, "");                 // reads nothing
    }
    const std::string said = err.text.str();
    CHECK(said.find("[step 1] [127.0.0.1:5000] about to PROCESS ClientHello\n"
                    "         glasstls::ServerHandshake::on_client_hello   (RFC 5246 §7.4.1.2)\n") != std::string::npos);
    CHECK(said.find("[step 2] about to SEND Finished\n") != std::string::npos);
    CHECK(said.find("[step 3] about to SEND Finished\n") != std::string::npos);
    CHECK(count(said, "Enter: next step") == 2);
    CHECK(count(said, "(in gdb: break glasstls::ServerHandshake::on_client_hello)") == 1);
    char rest[32];
    REQUIRE(std::fgets(rest, sizeof rest, answers) != nullptr);   // the prompt did not close it, nor read on
    CHECK(std::string(rest) == "left over\n");
    std::fclose(answers);
}

TEST_CASE("the step prompt runs on at the end of its input") {
    std::FILE* answers = std::tmpfile();
    REQUIRE(answers != nullptr);
    const Step hello{Direction::incoming, "ClientHello", "f", "RFC 5246 §7.4.1.2"};
    CaptureCerr err;
    StepPrompt prompt(answers);
    prompt.pause(hello, "");
    prompt.pause(hello, "");
    CHECK(count(err.text.str(), "Enter: next step") == 1);
    std::fclose(answers);
}

TEST_CASE("--resolve: HOST:PORT:ADDRESS as curl reads it, matched by name (any case) and port") {
    using glasstls::lab::parse_resolve, glasstls::lab::resolve_with, glasstls::lab::ResolveEntry;
    const auto e = parse_resolve("www.lab.test:4433:127.0.0.1");
    REQUIRE(e);
    CHECK(e->host == "www.lab.test");
    CHECK(e->port == "4433");
    CHECK(e->address == "127.0.0.1");
    CHECK(parse_resolve("www.lab.test:443:[::1]")->address == "::1");
    CHECK(parse_resolve("www.lab.test:443:::1")->address == "::1");
    CHECK(parse_resolve("www.lab.test:*:10.0.0.1")->port == "*");
    for (const char* bad : {"", "www.lab.test", "www.lab.test:443", "www.lab.test:443:", ":443:1.2.3.4", "www.lab.test::1.2.3.4", "h:44x:1.2.3.4"}) {
        CHECK_MESSAGE(!parse_resolve(bad), bad);
    }
    const std::vector<ResolveEntry> entries{{"www.lab.test", "4433", "127.0.0.1"}, {"bank32.com", "*", "10.9.0.80"}};
    CHECK(resolve_with({"WWW.Lab.Test", "4433"}, entries).host == "127.0.0.1");
    CHECK(resolve_with({"www.lab.test", "443"}, entries).host == "www.lab.test");   // another port: untouched
    CHECK(resolve_with({"bank32.com", "8443"}, entries).host == "10.9.0.80");
    CHECK(resolve_with({"bank32.com", "8443"}, entries).port == "8443");
}
