// The capture library (glasstls/capture/): TCP reassembly on its own; then
// captures built in memory (capture_builder.hpp) and read back with
// read_capture_memory — every link type over IPv4 and IPv6, who the client
// is, gaps, cuts and limits, DNS, hostile captures that must end in a
// problem or a sentence, never a crash; PcapWriter's captures read back;
// and the observer view of a small conversation.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>

#include "capture_builder.hpp"
#include "glasstls/capture/dns.hpp"
#include "glasstls/capture/observer_view.hpp"
#include "glasstls/capture/pcap_writer.hpp"
#include "glasstls/capture/tcp_reassembly.hpp"
#include "handshake_helpers.hpp"

using namespace glasstls;
using namespace testing;

namespace {

const Side client4{{127, 0, 0, 1}, 51000}, server4{{127, 0, 0, 2}, 4433};
const Side client6{{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 51000}, server6{{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2}, 4433};
const std::string request = "GET / HTTP/1.1\r\nHost: www.lab.test\r\n\r\n", response = "HTTP/1.1 200 OK\r\n\r\nhello";

// A short connection: the three-way handshake; the request in two
// segments, the second sent first and the first retransmitted; the response
// in two segments that overlap by four bytes; FIN both ways. 10 packets.
void conversation(PcapImage& image, Frame frame, const Side& c, const Side& s) {
    auto add = [&](bool from_client, std::uint32_t seq, std::uint8_t flags, std::string_view payload = {}) {
        image.add(frame(from_client ? segment(c, s, seq, flags, payload) : segment(s, c, seq, flags, payload), c.ip.size() == 16));
    };
    add(true, 999, syn);
    add(false, 4999, syn_ack);
    add(true, 1000, ack);
    add(true, 1010, psh_ack, std::string_view(request).substr(10));
    add(true, 1000, psh_ack, std::string_view(request).substr(0, 10));
    add(true, 1000, psh_ack, std::string_view(request).substr(0, 10));
    add(false, 5000, psh_ack, std::string_view(response).substr(0, 12));
    add(false, 5008, psh_ack, std::string_view(response).substr(8));
    add(true, 1000 + static_cast<std::uint32_t>(request.size()), fin_ack);
    add(false, 5000 + static_cast<std::uint32_t>(response.size()), fin_ack);
}

void check_conversation(const capture::CaptureStats& stats, const Recorder& r, const std::string& client, const std::string& server) {
    CHECK(stats.packets == 10);
    CHECK(stats.tcp_segments == 10);
    REQUIRE(r.flows.size() == 1);
    CHECK(r.flows[0].client == client);
    CHECK(r.flows[0].server == server);
    CHECK(r.flows[0].syn_seen);
    CHECK(text(r.from_client[0]) == request);
    CHECK(text(r.from_server[0]) == response);
    CHECK(r.gaps.empty());
    CHECK(stats.problems.empty());
    REQUIRE(stats.flow_info.size() == 1);
    CHECK(stats.flow_info[0].first_seen == doctest::Approx(PcapImage::first_second));
    CHECK(stats.flow_info[0].last_seen == doctest::Approx(PcapImage::first_second + 0.009));
}

// One segment of bytes for a TcpReassembler.
Bytes add(capture::TcpReassembler& d, std::uint32_t seq, std::string_view data, std::string& gap) { return d.add(seq, false, as_bytes(data), gap); }

} // namespace

TEST_CASE("TcpReassembler: bytes in order, out of order, retransmitted or overlapping come out once, in order") {
    capture::TcpReassembler d;
    std::string gap;
    CHECK(d.add(999, true, {}, gap).empty());   // the SYN: the first byte is 1000
    CHECK(text(add(d, 1000, "hello ", gap)) == "hello ");
    CHECK(add(d, 1012, "again", gap).empty());   // ahead of a hole: waits
    CHECK(d.stranded() == 5);
    CHECK(text(add(d, 1006, "world ", gap)) == "world again");   // the hole filled: the waiting bytes follow
    CHECK(d.stranded() == 0);
    CHECK(add(d, 1000, "hello ", gap).empty());   // retransmitted
    CHECK(text(add(d, 1015, "in, and more", gap)) == ", and more");   // "in" was delivered already
    CHECK(d.delivered() == 27);
    CHECK(gap.empty());
}

TEST_CASE("TcpReassembler: sequence numbers wrap at 2^32; without a SYN, the first bytes start the stream") {
    capture::TcpReassembler d;
    std::string gap;
    d.add(0xfffffffe, true, {}, gap);
    CHECK(text(add(d, 0xffffffff, "ab", gap)) == "ab");   // 'b' is byte 0 of the next turn
    CHECK(add(d, 2, "d", gap).empty());
    CHECK(add(d, 0xffffffff, "ab", gap).empty());   // retransmitted from before the wrap
    CHECK(text(add(d, 1, "c", gap)) == "cd");

    capture::TcpReassembler mid;
    CHECK(text(add(mid, 50000, "xy", gap)) == "xy");
    CHECK(add(mid, 49990, "0123456789", gap).empty());   // before where the capture began
    CHECK(gap.empty());
}

TEST_CASE("TcpReassembler: past max_out_of_order_bytes behind a hole, one sentence, then nothing more") {
    capture::TcpReassembler d;
    std::string gap;
    CHECK(text(add(d, 1000, "a", gap)) == "a");
    const std::string chunk(65536, 'x');
    int added = 0;
    for (std::uint32_t seq = 2001; gap.empty() && added < 100; seq += 65536, ++added) CHECK(add(d, seq, chunk, gap).empty());
    CHECK(added == capture::max_out_of_order_bytes / chunk.size() + 1);   // exactly the limit still waits
    CHECK(gap == "more than 4 MiB arrived after a segment that never came");
    CHECK(add(d, 1001, std::string(1000, 'h'), gap).empty());   // the hole filled too late
    CHECK(d.stranded() == 0);
}

TEST_CASE("TcpReassembler: overlapping segments ahead of a hole keep the first copy; one fills several holes") {
    capture::TcpReassembler d;
    std::string gap;
    d.add(0, true, {}, gap);   // the first byte is 1
    CHECK(add(d, 4, "DEF", gap).empty());
    CHECK(add(d, 9, "IJ", gap).empty());
    CHECK(add(d, 3, "xyzwvutsrq", gap).empty());   // around both: only its bytes no one holds yet wait
    CHECK(d.stranded() == 10);
    CHECK(add(d, 5, "??", gap).empty());   // held already
    CHECK(d.stranded() == 10);
    CHECK(text(add(d, 1, "ab", gap)) == "abxDEFvuIJrq");
    CHECK(d.stranded() == 0);
    CHECK(gap.empty());
}

TEST_CASE("TcpReassembler: 100,000 one-byte segments behind a hole: bounded in number, said in one sentence, quickly") {
    // A scan of every waiting segment per segment took 6 s for this.
    capture::TcpReassembler d;
    std::string gap;
    d.add(999, true, {}, gap);
    std::uint32_t seq = 1001;   // byte 1000 never comes
    for (; gap.empty() && seq < 101001; ++seq) CHECK(add(d, seq, "x", gap).empty());
    CHECK(seq - 1001 == capture::max_out_of_order_segments + 1);
    CHECK(gap == "more than 16384 segments arrived after a segment that never came");
    CHECK(add(d, 1000, "h", gap).empty());   // too late: the direction gave up
}

TEST_CASE("read_capture: a connection over every link type, IPv4 and IPv6") {
    for (const LinkCase& c : link_cases) {
        for (bool v6 : {false, true}) {
            if (!(v6 ? c.v6 : c.v4)) continue;
            INFO(std::string(c.name), " (link type ", static_cast<int>(c.linktype), v6 ? "), IPv6" : "), IPv4");
            PcapImage image(c.linktype);
            conversation(image, c.frame, v6 ? client6 : client4, v6 ? server6 : server4);
            Recorder r;
            const capture::CaptureStats stats = r.read(image);
            CHECK(stats.link_type == c.name);
            check_conversation(stats, r, v6 ? "[::1]:51000" : "127.0.0.1:51000", v6 ? "[2001:db8::2]:4433" : "127.0.0.2:4433");
        }
    }
}

TEST_CASE("read_capture: IPv6 extension headers are skipped; IP fragments are skipped and said once") {
    const Bytes hop_by_hop = {6, 0, 1, 4, 0, 0, 0, 0};   // next: TCP; 8 bytes; a PadN option
    Bytes body = hop_by_hop;
    append(body, tcp(client6, server6, 1000, psh_ack, "through"));
    PcapImage image(linktype_raw);
    image.add(ipv6(client6.ip, server6.ip, 0, body));
    Recorder r;
    capture::CaptureStats stats = r.read(image);
    REQUIRE(r.flows.size() == 1);
    CHECK(text(r.from_client[0]) == "through");

    PcapImage fragments(linktype_raw);
    fragments.add(ipv4(client4.ip, server4.ip, 6, tcp(client4, server4, 1000, psh_ack, "first"), 0x2000));   // more fragments follow
    fragments.add(ipv4(client4.ip, server4.ip, 6, Bytes(16, 'x'), 0x0003));                                   // at offset 24
    Bytes fragment_header = {6, 0, 0, 0, 0, 0, 0, 1};
    append(fragment_header, tcp(client6, server6, 1000, psh_ack, "first"));
    fragments.add(ipv6(client6.ip, server6.ip, 44, fragment_header));
    Recorder f;
    stats = f.read(fragments);
    CHECK(stats.packets == 3);
    CHECK(f.flows.empty());
    CHECK(stats.problems == std::vector<std::string>{"IP fragments are not reassembled: the packets they belong to are skipped"});
}

TEST_CASE("read_capture: who is the client when the SYN is not in the capture") {
    const Side low{{10, 0, 0, 1}, 443}, high{{10, 0, 0, 2}, 60000};
    auto flow_of = [](const Bytes& first) {
        PcapImage image(linktype_raw);
        image.add(first);
        Recorder r;
        r.read(image);
        REQUIRE(r.flows.size() == 1);
        return r.flows[0];
    };
    capture::TcpFlow f = flow_of(segment(low, high, 7, psh_ack, "HTTP/1.1 200 OK"));
    CHECK(f.client == "10.0.0.2:60000");   // the higher port
    CHECK(f.server == "10.0.0.1:443");
    CHECK_FALSE(f.syn_seen);
    CHECK(flow_of(segment(high, low, 7, ack)).client == "10.0.0.2:60000");   // whichever end is seen first
    CHECK(flow_of(segment(low, high, 7, psh_ack, std::string("\x16\x03\x01\x00\x05\x01", 6))).client == "10.0.0.1:443");   // a ClientHello's sender
    f = flow_of(segment(low, high, 7, syn_ack));   // only the SYN's answer captured: it goes to the client
    CHECK(f.client == "10.0.0.2:60000");
    CHECK(f.syn_seen);
}

TEST_CASE("read_capture: a missing segment is reported via on_gap, with where it happened") {
    PcapImage image(linktype_raw);
    image.add(segment(client4, server4, 999, syn));
    image.add(segment(client4, server4, 1000, psh_ack, "aaaa"));
    image.add(segment(client4, server4, 1008, psh_ack, "cccc"));   // "bbbb" at 1004 was never captured
    image.add(segment(server4, client4, 5000, psh_ack, "reply"));
    Recorder r;
    r.read(image);
    CHECK(text(r.from_client.at(0)) == "aaaa");
    CHECK(text(r.from_server.at(0)) == "reply");
    CHECK(r.gaps == std::vector<std::string>{
                        "0 client: a segment is missing after byte 4 of this direction: the 4 bytes captured after the hole are not decoded"});
}

TEST_CASE("read_capture: a packet cut by the snapshot length cuts its stream there") {
    PcapImage image(linktype_raw);
    image.add(segment(client4, server4, 1000, psh_ack, "0123456789"), 20 + 20 + 4);   // only "0123" kept
    image.add(segment(client4, server4, 1010, psh_ack, "more"));
    Recorder r;
    r.read(image);
    CHECK(text(r.from_client.at(0)) == "0123");
    CHECK(r.gaps == std::vector<std::string>{"0 client: the capture kept only part of a packet (its snapshot length): the stream is cut there"});
}

TEST_CASE("read_capture: the limits — bytes waiting behind a hole, and the number of connections") {
    PcapImage image(linktype_raw);
    image.add(segment(client4, server4, 1000, psh_ack, "a"));
    const std::string chunk(60000, 'x');
    for (std::uint32_t i = 0; i * chunk.size() <= capture::max_out_of_order_bytes; ++i) {
        image.add(segment(client4, server4, 2001 + i * static_cast<std::uint32_t>(chunk.size()), psh_ack, chunk));
    }
    Recorder r;
    r.read(image);
    CHECK(text(r.from_client.at(0)) == "a");
    CHECK(r.gaps == std::vector<std::string>{"0 client: more than 4 MiB arrived after a segment that never came"});

    PcapImage many(linktype_raw);
    for (std::size_t i = 0; i <= capture::max_capture_flows; ++i) {
        many.add(segment({client4.ip, static_cast<std::uint16_t>(1024 + i)}, server4, 999, syn));
    }
    Recorder m;
    const capture::CaptureStats stats = m.read(many);
    CHECK(stats.tcp_segments == capture::max_capture_flows + 1);
    CHECK(stats.flows == capture::max_capture_flows);
    CHECK(m.flows.size() == capture::max_capture_flows);
    CHECK(stats.problems == std::vector<std::string>{"more than 10000 TCP connections: the rest are not decoded"});
}

TEST_CASE("read_capture: DNS on UDP port 53, a query and its answers") {
    const Side resolver{{10, 0, 0, 53}, 53}, stub{{10, 0, 0, 9}, 40000};
    const Bytes question = {3, 'w', 'w', 'w', 3, 'l', 'a', 'b', 4, 't', 'e', 's', 't', 0, 0, 1, 0, 1};   // www.lab.test, A, IN
    Bytes query = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0};   // RD; one question
    append(query, question);
    Bytes answer = {0x12, 0x34, 0x81, 0x80, 0, 1, 0, 3, 0, 0, 0, 0};   // QR; one question, three answers
    append(answer, question);
    // Each answer's name a compression pointer to the question's (offset 12).
    const Bytes cname = {0xc0, 12, 0, 5, 0, 1, 0, 0, 0, 60, 0, 2, 0xc0, 12};   // a CNAME: skipped
    const Bytes a = {0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 7};
    Bytes aaaa = {0xc0, 12, 0, 28, 0, 1, 0, 0, 0, 60, 0, 16};
    append(aaaa, server6.ip);
    for (const Bytes& rr : {cname, a, aaaa}) append(answer, rr);

    PcapImage image(linktype_ethernet);
    image.add(ethernet(udp(stub, resolver, query), false));
    image.add(ethernet(udp(resolver, stub, answer), false));
    image.add(ethernet(udp(stub, {resolver.ip, 5353}, query), false));   // not port 53: not read
    Recorder r;
    r.read(image);
    REQUIRE(r.dns.size() == 2);
    CHECK(r.dns[0].name == "www.lab.test");
    CHECK_FALSE(r.dns[0].response);
    CHECK(r.dns[0].addresses.empty());
    CHECK(r.dns[1].name == "www.lab.test");
    CHECK(r.dns[1].response);
    CHECK(r.dns[1].addresses == std::vector<std::string>{"192.0.2.7", "[2001:db8::2]"});
    CHECK(r.dns[1].time == doctest::Approx(PcapImage::first_second + 0.001));

    // Hostile messages: no question, a name running past the end, answers cut short.
    CHECK_FALSE(capture::parse_dns(Bytes(11, 0), 0).has_value());
    CHECK_FALSE(capture::parse_dns(Bytes(12, 0), 0).has_value());
    CHECK_FALSE(capture::parse_dns(ByteView(query).first(query.size() - 8), 0).has_value());
    const std::optional<capture::DnsAnswer> cut = capture::parse_dns(ByteView(answer).first(answer.size() - 10), 0);
    REQUIRE(cut);
    CHECK(cut->addresses == std::vector<std::string>{"192.0.2.7"});
}

TEST_CASE("read_capture: a truncated or garbage capture gives a problem or a sentence, not a crash") {
    PcapImage image(linktype_raw);
    conversation(image, raw, client4, server4);
    Recorder whole;
    whole.read(image);
    Bytes cut(image.bytes.begin(), image.bytes.end() - 5);   // the last packet is short
    Recorder r;
    const capture::CaptureStats stats = capture::read_capture_memory(cut, r.callbacks());
    CHECK(stats.packets == 9);
    REQUIRE(stats.problems.size() == 1);
    CHECK(stats.problems[0].rfind("the capture is damaged after packet 9: ", 0) == 0);
    CHECK(r.from_client.at(0) == whole.from_client.at(0));   // everything before the cut decoded

    std::mt19937 rng(16);
    Bytes noise(5000);
    for (auto& b : noise) b = static_cast<std::uint8_t>(rng());
    CHECK_THROWS_WITH_AS(capture::read_capture_memory(noise, {}), doctest::Contains("cannot read the capture"), std::runtime_error);
    CHECK_THROWS_AS(capture::read_capture_memory({}, {}), std::runtime_error);
    CHECK_THROWS_WITH_AS(capture::read_capture_memory(PcapImage(105).bytes, {}),   // 802.11
                         doctest::Contains("glass decode reads Ethernet, Linux cooked, loopback and raw IP captures"), std::runtime_error);
    CHECK_THROWS_AS(capture::read_capture("/nonexistent/capture.pcap", {}), std::runtime_error);

    // A well-formed file of hostile frames under each link type: random
    // bytes, random bytes that start like IPv4 or IPv6, and IP headers that
    // lie about their lengths.
    Bytes lying = segment(client4, server4, 1000, psh_ack, "x");
    lying[0] = 0x4f;   // IHL: 60 bytes, in a 41-byte packet
    Bytes chain(8, 0);
    chain[1] = 200;    // a hop-by-hop header of 1608 bytes in 8
    const Bytes long_chain = ipv6(client6.ip, server6.ip, 0, chain);
    for (const LinkCase& c : link_cases) {
        INFO(std::string(c.name), " (link type ", static_cast<int>(c.linktype), ")");
        PcapImage hostile(c.linktype);
        for (int i = 0; i < 300; ++i) {
            Bytes bytes(rng() % 120);
            for (auto& b : bytes) b = static_cast<std::uint8_t>(rng());
            if (!bytes.empty() && i % 3 != 0) bytes[0] = static_cast<std::uint8_t>((i % 3 == 1 ? 0x40 : 0x60) | (bytes[0] & 15));
            hostile.add(i % 3 == 0 ? bytes : c.frame(bytes, i % 3 == 2));
        }
        hostile.add(c.frame(lying, false));
        hostile.add(c.frame(long_chain, true));
        Recorder h;
        capture::CaptureStats s;
        CHECK_NOTHROW(s = h.read(hostile));
        CHECK(s.packets == 302);
        for (const std::string& p : s.problems) CHECK(p.rfind("IP fragments are not reassembled", 0) == 0);   // random flags can say "fragment"
    }
}

TEST_CASE("PcapWriter: a connection written as a capture reads back the same, both ways") {
    const std::string path = (std::filesystem::temp_directory_path() / ("glasstls-test-capture-" + std::to_string(getpid()) + ".pcap")).string();
    Bytes big(5000);
    for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<std::uint8_t>(i * 7);
    {
        capture::PcapWriter w(path);
        w.begin(0x7f000001, 51000, 0x7f000002, 4433);
        w.sent(as_bytes(request));
        w.received(big);   // 4 segments of at most 1460 bytes
        w.sent(as_bytes("bye"));
        w.close();
        w.close();   // once only
    }
    Recorder r;
    const capture::CaptureStats stats = capture::read_capture(path, r.callbacks());
    std::ifstream in(path, std::ios::binary);
    const Bytes file((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::filesystem::remove(path);
    CHECK(stats.link_type == "raw IP");
    CHECK(stats.packets == 3 + 1 + 4 + 1 + 3);
    REQUIRE(r.flows.size() == 1);
    CHECK(r.flows[0].client == "127.0.0.1:51000");
    CHECK(r.flows[0].server == "127.0.0.2:4433");
    CHECK(r.flows[0].syn_seen);
    CHECK(text(r.from_client[0]) == request + "bye");
    CHECK(r.from_server[0] == big);
    CHECK(r.gaps.empty());
    CHECK(stats.problems.empty());

    // Each packet's IPv4 and TCP checksums verify (RFC 1071: the one's
    // complement sum over the header, or the pseudo-header and segment, is all ones).
    auto sum = [](std::uint32_t s, ByteView d) {
        for (std::size_t i = 0; i < d.size(); i += 2) s += static_cast<std::uint32_t>(d[i] << 8 | (i + 1 < d.size() ? d[i + 1] : 0));
        while (s >> 16) s = (s & 0xffff) + (s >> 16);
        return s;
    };
    const bool little_endian = file.at(0) == 0xd4;   // libpcap writes in the machine's byte order; the magic number tells which
    std::size_t packets = 0;
    for (std::size_t at = 24; at + 16 <= file.size(); ++packets) {
        const std::size_t caplen = little_endian ? file[at + 8] | file[at + 9] << 8 : file[at + 10] << 8 | file[at + 11];   // < 64 KiB
        const ByteView ip = ByteView(file).subspan(at + 16, caplen);
        CHECK(sum(0, ip.first(20)) == 0xffff);
        const Bytes pseudo = {ip[12], ip[13], ip[14], ip[15], ip[16], ip[17], ip[18], ip[19], 0, 6, static_cast<std::uint8_t>((caplen - 20) >> 8),
                              static_cast<std::uint8_t>(caplen - 20)};
        CHECK(sum(sum(0, pseudo), ip.subspan(20)) == 0xffff);
        at += 16 + caplen;
    }
    CHECK(packets == stats.packets);
    CHECK_THROWS_WITH_AS(capture::PcapWriter("/nonexistent/dir/x.pcap"), doctest::Contains("cannot write the capture"), std::runtime_error);
}

TEST_CASE("observer view: what a small conversation shows anyone on the path") {
    const capture::TcpFlow flow{"192.0.2.1:51000", "198.51.100.7:443", PcapImage::first_second + 0.25, PcapImage::first_second + 2.75, true};
    PassiveSummary tls;
    tls.tls = true;
    tls.suite = 0xC02F;   // AES-128-GCM: 8 bytes of explicit nonce and a 16-byte tag in each record
    tls.offered_suites = {0xC02F, 0xC030, 0x009C};
    tls.server_name = "www.lab.test";
    tls.alpn_offered = {"h2", "http/1.1"};
    tls.alpn = "http/1.1";
    tls.certificates = {testing::lab().rsa.leaf.der};
    const std::vector<capture::SeenRecord> records = {{true, 100, 0.3}, {false, 1000, 0.4}, {false, 524, 0.41}, {true, 60, 1.0}, {false, 30, 1.1}};
    const std::vector<capture::DnsAnswer> dns = {{0.1, "www.lab.test", {"198.51.100.7"}, true}, {0.2, "elsewhere.test", {"203.0.113.9"}, true}};

    const std::vector<capture::Exchange> ex = capture::exchanges(records, tls.suite);
    REQUIRE(ex.size() == 2);
    CHECK(ex[0].request_records == 1);
    CHECK(ex[0].request_content == 100 - 24);
    CHECK(ex[0].response_records == 2);
    CHECK(ex[0].response_bytes == 1524);
    CHECK(ex[0].response_content == 1524 - 2 * 24);
    CHECK(ex[1].start == doctest::Approx(1.0));
    CHECK(capture::exchanges({{false, 100, 0}}, 0xC027).at(0).response_content == 100 - (16 + 32 + 1));   // CBC: IV, MAC, a padding byte at least

    std::ostringstream out;
    capture::print_observer_view(out, {flow, tls, records, dns, ""});
    const std::string view = out.str();
    for (const std::string& line : {std::string("    who        client 192.0.2.1:51000 -> server 198.51.100.7:443"),
                                    std::string("    when       2023-11-14 22:13:20.250 UTC, for 2.500 s"),
                                    std::string("    DNS        answer: www.lab.test 198.51.100.7"), std::string("    name       www.lab.test"),
                                    "      [0] " + testing::lab().rsa.leaf.subject.to_string(),
                                    std::string("    suites     3 offered; chosen TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
                                    std::string("    ALPN       offered h2 http/1.1; chosen http/1.1"),
                                    std::string("    records    client->server 2 application_data records, 160 bytes; server->client 3 records, 1554 bytes"),
                                    std::string("      1. request ~76 bytes of content (100 on the wire), response ~1476 bytes (1524 on the wire, 2 records)")}) {
        CHECK_MESSAGE(view.find(line) != std::string::npos, line);
    }
    CHECK(view.find("elsewhere.test") == std::string::npos);   // a name unrelated to this connection
    CHECK(view.find("the first request was") == std::string::npos);   // no key log, no contrast

    const std::string json = capture::observer_view_json({flow, tls, records, dns, ""});
    CHECK(json.find("\"server_name\":\"www.lab.test\",\"suite\":49199,\"resumed\":false") != std::string::npos);
    CHECK(json.find("\"exchanges\":[{\"request_bytes\":100,\"request_content\":76,\"response_bytes\":1524,\"response_content\":1476,"
                    "\"response_records\":2},{\"request_bytes\":60,") != std::string::npos);
}
