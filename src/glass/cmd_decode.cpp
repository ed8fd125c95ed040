// glass decode CAPTURE [--keylog FILE] [--html OUT [--html-max-bytes N]] [--json] [--observer]
// — a capture's TLS connections, decoded with the library's own dissector
// and printed as --trace prints a live one; with an NSS key log, decrypted
// and both Finished recomputed; without one, what an eavesdropper learns.
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <streambuf>

#include "cli.hpp"
#include "glasstls/capture/capture.hpp"
#include "glasstls/capture/observer_view.hpp"
#include "glasstls/html.hpp"
#include "glasstls/json_lines.hpp"
#include "glasstls/key_log.hpp"
#include "glasstls/narration.hpp"
#include "glasstls/passive.hpp"
#include "glasstls/text.hpp"

namespace glass {

namespace {
using namespace glasstls;

const char* kUsage =
    "usage: glass decode CAPTURE [options]\n"
    "  CAPTURE               pcap or pcapng (tcpdump, Wireshark, glass client --pcap); Ethernet,\n"
    "                        Linux cooked, loopback or raw IP; TLS is found on any TCP port\n"
    "  --keylog FILE         NSS key log (SSLKEYLOGFILE): decrypt, and recompute both Finished\n"
    "  --observer            also show what a passive observer learns (shown anyway without --keylog)\n"
    "  --records             each protected record's nonce, additional data, tag or MAC, padding\n"
    "  --html OUT            an illustrated page of every connection (as glass client --html); without\n"
    "                        keys, each protected record's ciphertext and what a passive observer learns\n"
    "  --html-max-bytes N    the page shows N bytes of each application data record or ciphertext,\n"
    "                        then \"… (M more bytes)\" (default 4096; 0: all of them)\n"
    "  --json                the event stream as JSON Lines instead of text (docs/trace-json.md)\n"
    "Exit 0: decoded (and every Finished that could be checked matched); 1: a key failed, a\n"
    "Finished did not match, or no TLS was found; 2: usage, or the capture cannot be read.\n";

// The application data a connection carried, as text (escaped) or hex.
class AppDataPrinter final : public Observer {
public:
    explicit AppDataPrinter(std::ostream& out) : out_(out) {}
    void on_record(const RecordEvent& e) override {
        if (e.type != ContentType::application_data || e.plaintext.empty()) return;
        out_ << "    application data from the " << (e.direction == Direction::outgoing ? "client" : "server") << " (" << e.plaintext.size()
             << " bytes):\n      | ";
        const std::size_t limit = 2048;
        for (std::size_t i = 0; i < std::min(limit, e.plaintext.size()); ++i) {
            const unsigned char c = e.plaintext[i];
            if (c == '\n') out_ << "\n      | ";
            else if (c == '\r') continue;
            else if (c >= 32 && c < 127) out_ << c;
            else out_ << '.';
        }
        if (e.plaintext.size() > limit) out_ << "\n      | … (" << e.plaintext.size() - limit << " more bytes)";
        out_ << "\n";
    }

private:
    std::ostream& out_;
};

// Each application_data record's size and time, for the observer view.
class RhythmObserver final : public Observer {
public:
    std::vector<capture::SeenRecord> records;
    std::string first_request_line;
    double now = 0;
    void on_record(const RecordEvent& e) override {
        if (e.type != ContentType::application_data) return;
        records.push_back({e.direction == Direction::outgoing, e.fragment.size(), now, e.plaintext.size()});
        if (e.direction == Direction::outgoing && first_request_line.empty() && !e.plaintext.empty()) {
            const std::string plain(e.plaintext.begin(), e.plaintext.end());
            first_request_line = text::visible(text::utf8_prefix(plain.substr(0, plain.find_first_of("\r\n")), 200));
        }
    }
};

// The text trace goes to standard output as it is made: a capture's trace
// can be many times its size, so no connection's is kept. Connections whose
// packets interleave take turns, each turn under its connection's heading.
class TakingTurns final : public std::streambuf {
public:
    struct Turn {
        const TakingTurns* current = nullptr;   // whose output was written last
    };
    TakingTurns(Turn& turn, std::string heading) : turn_(turn), heading_(std::move(heading)) {}
    // The heading, unless this connection wrote last: at its first packet,
    // and when its output follows another connection's.
    void begin() {
        if (turn_.current == this) return;
        std::cout << "\n== " << heading_ << (started_ ? " (continued)" : "") << "\n";
        if (!started_) heading_ = heading_.substr(0, heading_.find(':'));   // later turns: "connection N (continued)"
        turn_.current = this;
        started_ = true;
    }

protected:
    int_type overflow(int_type c) override {
        if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
        begin();
        return std::cout.rdbuf()->sputc(traits_type::to_char_type(c));
    }
    std::streamsize xsputn(const char* s, std::streamsize n) override {
        begin();
        return std::cout.rdbuf()->sputn(s, n);
    }

private:
    Turn& turn_;
    std::string heading_;
    bool started_ = false;
};

struct FlowDecode {
    capture::TcpFlow info;
    std::unique_ptr<TakingTurns> turns;
    std::unique_ptr<std::ostream> text;   // writes through turns
    std::unique_ptr<NarratingObserver> trace;
    std::unique_ptr<AppDataPrinter> app;
    std::unique_ptr<JsonLinesObserver> json;
    std::unique_ptr<HtmlTranscript> html;
    RhythmObserver rhythm;
    ObserverList observers;
    std::unique_ptr<PassiveConnection> tls;
    std::vector<std::string> gaps;
};

std::string finished_text(const std::optional<bool>& ok) {
    return !ok ? "not checked" : *ok ? "verified" : "DOES NOT MATCH";
}

// What the options asked for, the same for every connection.
struct DecodeOptions {
    std::string path;
    std::optional<KeyLogFile> keys;
    bool json = false, records = false, html = false, observer_view = false;
    std::size_t html_max_bytes = HtmlTranscript::default_max_value_bytes;
};

// The NSS key log of --keylog; false, having said why, when it cannot be read.
bool read_key_log(const std::string& file, std::optional<KeyLogFile>& keys) {
    std::string why;
    const std::optional<crypto::SecretBytes> text = read_key_log_file(file, why);
    if (!text) {
        std::cerr << "glass decode: " << why << "\n";
        return false;
    }
    keys = KeyLogFile::parse(std::string_view(reinterpret_cast<const char*>(text->data()), text->size()));
    return true;
}

// Every connection of the capture, decoded as its bytes are read.
struct CaptureDecode {
    const DecodeOptions& opt;
    std::vector<std::unique_ptr<FlowDecode>> flows;
    std::vector<capture::DnsAnswer> dns;
    TakingTurns::Turn turn;

    // A new TCP connection: its observers (trace or JSON, HTML, rhythm) and its passive decoder.
    void add_flow(const capture::TcpFlow& f) {
        auto d = std::make_unique<FlowDecode>();
        d->info = f;
        const std::string name = "connection " + std::to_string(flows.size() + 1);
        if (opt.json) {
            d->json = std::make_unique<JsonLinesObserver>(std::cout, name);
            d->observers.add(d->json.get());
        } else {
            d->turns = std::make_unique<TakingTurns>(turn, name + ": client " + f.client + " -> server " + f.server);
            d->text = std::make_unique<std::ostream>(d->turns.get());
            d->trace = std::make_unique<NarratingObserver>(*d->text, opt.records);
            d->app = std::make_unique<AppDataPrinter>(*d->text);
            d->turns->begin();
            d->observers.add(d->trace.get());
            d->observers.add(d->app.get());
        }
        if (opt.html) {
            d->html = std::make_unique<HtmlTranscript>("glass decode " + opt.path + ": " + name + ", " + f.client + " → " + f.server, true);
            d->html->set_max_value_bytes(opt.html_max_bytes);
            if (!flows.empty()) d->html->share_limit(*flows[0]->html);   // they become one page: one limit
            d->observers.add(d->html.get());
        }
        d->observers.add(&d->rhythm);
        d->tls = std::make_unique<PassiveConnection>(&d->observers, opt.keys ? &*opt.keys : nullptr);
        flows.push_back(std::move(d));
    }

    capture::CaptureCallbacks callbacks() {
        capture::CaptureCallbacks cb;
        cb.on_flow = [this](std::size_t, const capture::TcpFlow& f) { add_flow(f); };
        cb.on_data = [this](std::size_t i, bool from_client, ByteView data, double time) {
            flows[i]->rhythm.now = time;
            flows[i]->tls->feed(from_client, data);
        };
        cb.on_gap = [this](std::size_t i, bool from_client, const std::string& sentence) {
            flows[i]->gaps.push_back(std::string("the ") + (from_client ? "client" : "server") + "'s stream: " + sentence);
        };
        cb.on_dns = [this](const capture::DnsAnswer& d) {
            if (dns.size() < 1000) dns.push_back(d);
        };
        return cb;
    }
};

void print_capture_header(const DecodeOptions& opt, const capture::CaptureStats& stats) {
    std::cout << "glass decode " << opt.path << ": " << stats.packets << " packets (" << stats.link_type << "), " << stats.flows
              << " TCP connection" << (stats.flows == 1 ? "" : "s");
    if (opt.keys) std::cout << "; key log: " << opt.keys->size() << " master secret" << (opt.keys->size() == 1 ? "" : "s");
    std::cout << "\n";
    for (const std::string& p : stats.problems) std::cout << "  note: " << p << "\n";
}

void print_flow_json(std::size_t i, const FlowDecode& f, const PassiveSummary& s, const std::vector<capture::DnsAnswer>& dns) {
    std::cout << "{\"event\":\"connection_summary\",\"connection\":" << json_string("connection " + std::to_string(i + 1))
              << ",\"tls\":" << (s.tls ? "true" : "false") << ",\"key_known\":" << (s.key_known ? "true" : "false")
              << ",\"client_finished\":" << json_string(finished_text(s.client_finished_ok))
              << ",\"server_finished\":" << json_string(finished_text(s.server_finished_ok)) << ",\"stopped\":" << json_string(s.stopped)
              << ",\"observer\":" << capture::observer_view_json({f.info, s, f.rhythm.records, dns, f.rhythm.first_request_line}) << "}\n";
}

// The line after a TLS connection's trace: version, suite, name, handshake; the key's fate.
void print_tls_outcome(const PassiveSummary& s, bool keys) {
    const CipherSuite* suite = find_cipher_suite(s.suite);
    std::cout << (s.version ? version_name(s.version) : std::string("TLS")) << ", "
              << (suite ? std::string(suite->iana_name) : s.suite ? unknown_code_point(s.suite) : std::string("no ServerHello"))
              << (s.server_name.empty() ? "" : ", server name " + s.server_name) << ", "
              << (s.resumed ? "resumed session" : "full handshake") << "\n";
    if (keys) {
        std::cout << "   key: " << (s.key_known ? "the key log has its master secret" : "not in the key log")
                  << "; client Finished " << finished_text(s.client_finished_ok) << ", server Finished "
                  << finished_text(s.server_finished_ok) << "\n";
    }
    if (!s.stopped.empty()) std::cout << "   stopped: " << s.stopped << "\n";
}

capture::ObserverInput observer_input(const FlowDecode& f, const PassiveSummary& s, const CaptureDecode& d) {
    return {f.info, s, f.rhythm.records, d.dns, d.opt.keys ? f.rhythm.first_request_line : ""};
}

// A connection's summary, after every connection's trace.
void print_flow_text(std::size_t i, const FlowDecode& f, const PassiveSummary& s, const CaptureDecode& d) {
    std::cout << "-- connection " << i + 1 << ": ";
    if (!s.tls) std::cout << (s.stopped.empty() ? "no TLS records" : s.stopped) << "\n";
    else print_tls_outcome(s, d.opt.keys.has_value());
    for (const std::string& n : s.notes) std::cout << "   note: " << n << "\n";
    for (const std::string& g : f.gaps) std::cout << "   gap: " << g << "\n";
    if (d.opt.observer_view && s.tls) capture::print_observer_view(std::cout, observer_input(f, s, d));
}

// The observer's view on the page too, as the text shows it: the same lines, from the same code.
void add_html_observer_view(HtmlTranscript& html, const FlowDecode& f, const PassiveSummary& s, const CaptureDecode& d) {
    if (!d.opt.observer_view || !s.tls) return;
    std::ostringstream view;
    capture::print_observer_view(view, observer_input(f, s, d));
    html.add_report("What a passive observer learns", view.str());
}

// The sentence at the top of a connection's HTML page, and whether it is good news.
void set_html_outcome(HtmlTranscript& html, const PassiveSummary& s, bool keys) {
    const bool ok = s.tls && s.stopped.empty() && (!keys || (s.client_finished_ok == true && s.server_finished_ok == true));
    std::string sentence = !s.tls ? (s.stopped.empty() ? "no TLS records" : s.stopped)
                           : !keys ? "Decoded without keys: the protected records are shown as ciphertext, as an eavesdropper sees them."
                           : ok ? "Decrypted with the key log; both Finished messages recomputed and verified."
                                : "client Finished " + finished_text(s.client_finished_ok) + ", server Finished " +
                                      finished_text(s.server_finished_ok) + (s.notes.empty() ? "" : ": " + s.notes[0]);
    html.set_outcome(sentence, ok || (!keys && s.tls && s.stopped.empty()));
}

struct Totals {
    std::size_t tls_flows = 0;
    bool trouble = false;   // a key failed or a Finished did not match
};

// Each connection, finished and reported: its trace and summary, or its JSON summary.
Totals report_flows(CaptureDecode& d, const capture::CaptureStats& stats) {
    Totals t;
    const bool keys = d.opt.keys.has_value();
    for (std::size_t i = 0; i < d.flows.size(); ++i) {
        FlowDecode& f = *d.flows[i];
        if (i < stats.flow_info.size()) f.info = stats.flow_info[i];
        f.tls->finish();
        const PassiveSummary& s = f.tls->summary();
        if (s.tls) ++t.tls_flows;
        if (d.opt.json) print_flow_json(i, f, s, d.dns);
        else print_flow_text(i, f, s, d);
        if (keys && s.tls && (s.client_finished_ok != true || s.server_finished_ok != true)) t.trouble = true;
        if (f.html) {
            add_html_observer_view(*f.html, f, s, d);
            set_html_outcome(*f.html, s, keys);
        }
    }
    return t;
}

// Every connection's page in one file (--html); false, having said why, when it cannot be written.
bool write_html(const std::string& out, const CaptureDecode& d) {
    std::ofstream page(out, std::ios::trunc);
    if (d.flows.empty()) {
        HtmlTranscript empty("glass decode " + d.opt.path + ": no TCP connections", true);
        empty.write(page);
    } else {
        for (std::size_t i = 1; i < d.flows.size(); ++i) d.flows[0]->html->absorb(*d.flows[i]->html, "connection " + std::to_string(i + 1));
        d.flows[0]->html->write(page);
    }
    if (!page) {
        std::cerr << "glass decode: cannot write " << out << "\n";
        return false;
    }
    if (!d.opt.json) std::cout << "\nWrote the illustrated transcript to " << out << "\n";
    return true;
}

} // namespace

int cmd_decode(const std::vector<std::string>& argv) {
    Args args(argv, {"help", "json", "observer", "records"}, {"keylog", "html", "html-max-bytes"});
    if (args.flag("help")) {
        std::cout << kUsage;
        return 0;
    }
    if (args.positional().size() != 1) throw UsageError("give one CAPTURE file");
    DecodeOptions opt;
    opt.path = args.positional()[0];
    if (auto file = args.get("keylog")) {
        if (!read_key_log(*file, opt.keys)) return 2;
    }
    opt.json = args.flag("json");
    opt.records = args.flag("records");
    opt.html = args.get("html").has_value();
    opt.html_max_bytes = args.get_size("html-max-bytes", opt.html_max_bytes);
    opt.observer_view = args.flag("observer") || !opt.keys;

    CaptureDecode decode{opt, {}, {}, {}};
    capture::CaptureStats stats;
    try {
        stats = capture::read_capture(opt.path, decode.callbacks());
    } catch (const std::runtime_error& e) {
        std::cerr << "glass decode: " << e.what() << "\n";
        return 2;
    }
    if (!opt.json) {   // after the traces, which were printed as the capture was read
        std::cout << "\n";
        print_capture_header(opt, stats);
    }
    const Totals t = report_flows(decode, stats);
    if (auto out = args.get("html")) {
        if (!write_html(*out, decode)) return 2;
    }
    if (t.tls_flows == 0) {
        if (!opt.json) std::cout << "\nNo TLS was found in " << opt.path << ".\n";
        return 1;
    }
    return t.trouble ? 1 : 0;
}

} // namespace glass
