// libFuzzer harness for `glass decode`: the capture reader (link layer, IP,
// TCP reassembly, DNS) and the passive TLS decoder behind it. Byte 0:
//  - bit 7 set: the rest is a capture file's bytes (pcap or pcapng), read
//    as glass decode reads one; each TCP stream goes to a PassiveConnection;
//  - bit 7 clear: a genuine recorded conversation (bit 0 picks ECDHE with
//    AES-GCM or with CBC + encrypt-then-MAC), patched by the rest as
//    (offset_hi, offset_lo, xor) triples, decoded with its key log — so
//    the decryption and Finished checks meet hostile bytes too.
// The narration, the JSON stream and the HTML page watch every event; a
// capture's connections each get their own page, joined into one under one
// limit as glass decode --html joins them, and the gaps it reports are read.
// Anything but returning normally (a crash, a hang, an exception) is a finding.
#include <cstdint>
#include <memory>
#include <sstream>
#include <vector>

#include "glasstls/capture/capture.hpp"
#include "glasstls/handshake_client.hpp"
#include "glasstls/handshake_server.hpp"
#include "glasstls/html.hpp"
#include "glasstls/json_lines.hpp"
#include "glasstls/key_log.hpp"
#include "glasstls/narration.hpp"
#include "glasstls/passive.hpp"

using namespace glasstls;

namespace {

struct Watchers {
    std::ostringstream sink;
    NarratingObserver trace{sink, true};
    JsonLinesObserver json{sink};
    HtmlTranscript html{"fuzz", true};
    ObserverList all;
    Watchers() {
        all.add(&trace);
        all.add(&json);
        all.add(&html);
    }
};

struct Conversation {
    std::vector<std::pair<bool, Bytes>> chunks;   // (from_client, bytes)
    KeyLogFile keys;
    explicit Conversation(std::uint16_t suite) {
        const std::string dir = std::string(GLASSTLS_VECTORS_DIR) + "/x509/";
        ServerConfig server_config;
        server_config.credentials = {load_credential(dir + "rsa-pkcs8.crt.pem", dir + "rsa-pkcs8.pem")};
        verify::TrustStore trust;
        trust.add(server_config.credentials[0].leaf);
        ClientConfig client_config;
        client_config.trust = &trust;
        client_config.server_name = "rsa-pkcs8.vectors.test";
        client_config.check_hostname = false;
        client_config.suites = {find_cipher_suite(suite)};
        client_config.now = server_config.credentials[0].leaf.not_before + 86400;
        std::ostringstream keylog;
        KeyLogObserver log(keylog);
        crypto::SeededRandom client_rng("fuzz decode client"), server_rng("fuzz decode server");
        Connection client(client_rng, &log), server(server_rng, nullptr);
        server.set_engine(std::make_unique<ServerHandshake>(server, server_config));
        client.set_engine(std::make_unique<ClientHandshake>(client, client_config));
        client.start();
        auto pump = [&] {
            for (int i = 0; i < 20; ++i) {
                Bytes c = client.take_output(), s = server.take_output();
                if (c.empty() && s.empty()) return;
                if (!c.empty()) chunks.emplace_back(true, c), server.receive(c);
                if (!s.empty()) chunks.emplace_back(false, s), client.receive(s);
            }
        };
        pump();
        client.write(as_bytes("GET / HTTP/1.1\r\n\r\n"));
        pump();
        server.write(as_bytes("HTTP/1.1 200 ok\r\n\r\nhello"));
        pump();
        keys = KeyLogFile::parse(keylog.str());
        if (!client.handshake_done() || keys.size() != 1) std::abort();   // the premise
    }
};

struct CapturedFlow {
    HtmlTranscript page{"fuzz flow", true};
    ObserverList observers;
    std::unique_ptr<PassiveConnection> tls;
};

void decode_capture(ByteView image) {
    std::vector<std::unique_ptr<CapturedFlow>> flows;
    Watchers w;
    capture::CaptureCallbacks cb;
    cb.on_flow = [&](std::size_t, const capture::TcpFlow&) {
        auto f = std::make_unique<CapturedFlow>();
        if (!flows.empty()) f->page.share_limit(flows[0]->page);
        f->observers.add(&w.all);
        f->observers.add(&f->page);
        f->tls = std::make_unique<PassiveConnection>(&f->observers, nullptr);
        flows.push_back(std::move(f));
    };
    cb.on_data = [&](std::size_t i, bool from_client, ByteView data, double) { flows.at(i)->tls->feed(from_client, data); };
    cb.on_gap = [&](std::size_t i, bool, const std::string&) { (void)flows.at(i); };   // a flow that was reported
    try {
        capture::read_capture_memory(image, cb);
    } catch (const std::runtime_error&) {
        return;   // not a capture libpcap reads: one sentence for the user
    }
    for (auto& f : flows) f->tls->finish();
    for (std::size_t i = 1; i < flows.size(); ++i) flows[0]->page.absorb(flows[i]->page, "connection " + std::to_string(i + 1));
    if (!flows.empty()) flows[0]->page.write(w.sink);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    if ((data[0] & 0x80) != 0) {
        decode_capture(ByteView(data + 1, size - 1));
        return 0;
    }
    static Conversation gcm(0xC02F), cbc(0xC027);
    const Conversation& c = (data[0] & 1) != 0 ? cbc : gcm;
    std::vector<std::pair<bool, Bytes>> chunks = c.chunks;
    std::size_t total = 0;
    for (const auto& ch : chunks) total += ch.second.size();
    for (std::size_t i = 1; i + 2 < size; i += 3) {
        std::size_t at = (static_cast<std::size_t>(data[i]) << 8 | data[i + 1]) % total;
        for (auto& ch : chunks) {
            if (at < ch.second.size()) {
                ch.second[at] ^= data[i + 2];
                break;
            }
            at -= ch.second.size();
        }
    }
    Watchers w;
    PassiveConnection conn(&w.all, &c.keys);
    for (const auto& ch : chunks) conn.feed(ch.first, ch.second);
    conn.finish();
    return 0;
}
