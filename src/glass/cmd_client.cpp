// glass client HOST:PORT [options] — a TLS 1.2 client in the spirit of
// `openssl s_client`: the sans-IO ClientHandshake driven over a TCP socket.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <chrono>
#include <iostream>
#include <memory>

#include "cli.hpp"
#include "glasstls/capture/pcap_writer.hpp"
#include "glasstls/der.hpp"
#include "glasstls/handshake_client.hpp"
#include "glasstls/html.hpp"
#include "glasstls/lab/step.hpp"
#include "glasstls/outcome.hpp"
#include "glasstls/pem.hpp"
#include "glasstls/socket_driver.hpp"
#include "glasstls/text.hpp"

namespace glass {

using glasstls::lab::StepPrompt;

namespace {
using namespace glasstls;
using capture::PcapWriter;

const char* kUsage =
    "usage: glass client HOST:PORT [options]\n"
    "  --servername NAME     SNI and the name verified (default: HOST when it is a name)\n"
    "  --resolve HOST:PORT:ADDR  connect to ADDR for HOST:PORT, the name staying HOST (as curl's\n"
    "                        --resolve; repeatable; PORT may be *): a lab's DNS without /etc/hosts\n"
    "  --cafile FILE         trusted CAs (PEM); --capath DIR; default: the system bundle\n"
    "  --insecure            no certificate verification at all (loudly insecure)\n"
    "  --no-check-hostname   verify the chain but not the name (the MITM experiment)\n"
    "  --profile P           rfc5280 (default) or webpki: also the CA/Browser Forum rules\n"
    "  --cn-fallback         match the CN of a certificate without subjectAltName (RFC 9525 §6.3 forbids it)\n"
    "  --cipher LIST         cipher suites (see glass ciphers)\n"
    "  --groups LIST         from x25519:secp256r1:secp384r1:secp521r1:ffdhe2048:ffdhe3072:ffdhe4096:ffdhe6144:ffdhe8192\n"
    "  --sigalgs LIST        e.g. rsa_pss_rsae_sha256:ecdsa_secp256r1_sha256:ed25519\n"
    "  --cert FILE --key FILE  client certificate (chain) and key\n"
    "  --alpn LIST           protocols to offer, e.g. http/1.1\n"
    "  --get PATH            send an HTTP/1.1 GET and print the response\n"
    "  --reconnect           full handshake, close, then resume in a second connection\n"
    "  --sess-out FILE / --sess-in FILE   save / load a session for resumption\n"
    "  --keylog FILE         NSS key log for Wireshark (also $SSLKEYLOGFILE)\n"
    "  --json                one JSON object per connection on standard output when it ends, success\n"
    "                        or failure: versions, suite, chain, verification, alert, bytes, timings\n"
    "                        (docs/trace-json.md); the server's data and --showcerts go to stderr\n"
    "  --trace-json FILE     every event as JSON Lines, secrets included, the outcome last (docs/trace-json.md)\n"
    "  --save-flights FILE   record the bytes we send, flight by flight, for glass replay\n"
    "  --pcap FILE           write the connection's bytes as a capture (pcap, for glass decode,\n"
    "                        tshark or Wireshark; with --keylog they decrypt it)\n"
    "  --html FILE           an illustrated, self-contained HTML page of the connection: every\n"
    "                        record and byte annotated, every derivation (secrets included)\n"
    "  --html-max-bytes N    the page shows N bytes of each application data record (default 4096; 0: all)\n"
    "  --trace-records       --trace, and each protected record's sequence number, nonce, additional\n"
    "                        data, ciphertext, MAC or tag and padding: enough to redo it by hand\n"
    "  --msg                 one line per record and handshake message (stderr)\n"
    "  --trace               the narrated handshake: fields, secrets, RFC sections (stderr)\n"
    "  --showcerts           print the server's chain in PEM\n"
    "  --no-ems --no-etm --no-ticket   do not offer those extensions\n"
    "  --heartbeat           offer heartbeats (RFC 6520); once agreed, send one and show the answer\n"
    "  --seed TEXT           INSECURE replayable randomness, for classrooms\n"
    "  --step                stop before each handshake message is processed or sent: what, which\n"
    "                        function, which RFC section; Enter goes on, c runs to the end (answers\n"
    "                        come from the terminal, else from standard input)\n"
    "  --timeout SECONDS     default 30: the deadline of the whole handshake, counted from the connection\n"
    "                        (bytes that arrive do not extend it: a server dripping them cannot hold us),\n"
    "                        then, after it, how long the server may send no whole record\n"
    "Exit 0: success; 1: handshake, verification or transfer failed; 2: usage.\n";

template <class T, class Parse>
std::vector<T> parse_list(const std::string& list, Parse parse, const char* what) {
    std::vector<T> out;
    for (const std::string& item : split_list(list)) {
        auto v = parse(item);
        if (!v) throw UsageError(std::string("unknown ") + what + " '" + item + "'");
        out.push_back(*v);
    }
    return out;
}

struct Setup {
    HostPort where;        // HOST:PORT as given: HOST is the name (SNI, verification, Host:)
    HostPort connect_to;   // where the TCP connection goes: `where`, or what --resolve maps it to
    ClientConfig config;
    verify::TrustStore trust;
    int timeout_ms = 30000;
    StepPrompt* step = nullptr;   // --step
    PcapWriter* pcap = nullptr;   // --pcap: the connection's own bytes as a capture
    std::vector<Bytes>* flights = nullptr;   // --save-flights: each write of ours, in order
    bool json = false;                        // --json: the outcome on standard output, the data on stderr
    JsonLinesObserver* trace_json = nullptr;  // --trace-json: the outcome as its last line
};

// --json and --trace-json: one connection's outcome, as one JSON object.
void report_outcome(const Setup& setup, const OutcomeRecorder& recorder, const Connection* conn, const std::string& error) {
    if (!setup.json && setup.trace_json == nullptr) return;
    const std::string object = recorder.json(conn, error);
    if (setup.json) std::cout << object << std::endl;
    if (setup.trace_json != nullptr) setup.trace_json->write_outcome(object);
}

// The connection's two IPv4 addresses for --pcap (IPv6: 127.0.0.1 and
// 127.0.0.2 stand in — the capture is of the bytes, not the route).
void begin_capture(PcapWriter& pcap, int fd) {
    sockaddr_storage ours{}, theirs{};
    socklen_t a = sizeof ours, b = sizeof theirs;
    getsockname(fd, reinterpret_cast<sockaddr*>(&ours), &a);
    getpeername(fd, reinterpret_cast<sockaddr*>(&theirs), &b);
    auto v4 = [](const sockaddr_storage& s, std::uint32_t fallback, std::uint16_t& port) {
        if (s.ss_family == AF_INET) {
            const auto& in = reinterpret_cast<const sockaddr_in&>(s);
            port = ntohs(in.sin_port);
            return ntohl(in.sin_addr.s_addr);
        }
        port = ntohs(reinterpret_cast<const sockaddr_in6&>(s).sin6_port);
        return fallback;
    };
    std::uint16_t our_port = 0, their_port = 0;
    const std::uint32_t our_ip = v4(ours, 0x7f000001, our_port), their_ip = v4(theirs, 0x7f000002, their_port);
    pcap.begin(our_ip, our_port, their_ip, their_port);
}

struct Outcome {
    int exit_code = 0;
    std::optional<Session> session;
    bool resumed = false;
    std::string error;     // the sentence printed when it failed
    std::string summary;   // "TLS 1.2, TLS_ECDHE_…, full handshake", once the handshake completed
};

// `showcerts`: where --showcerts writes the chain (null: not asked).
void print_summary(const Connection& conn, std::ostream* showcerts) {
    const ConnectionInfo& i = conn.info();
    std::ostream& e = std::cerr;
    e << "---\n"
      << "Protocol          : " << version_name(i.version) << "\n"
      << "Cipher suite      : " << i.suite->iana_name << " (" << i.suite->openssl_name << ")\n";
    if (i.group) e << "Key exchange group: " << crypto::group_name(*i.group) << "\n";
    else if (i.dh_bits) e << "Key exchange group: DH " << i.dh_bits << " bits (explicit parameters)\n";
    else if (!i.resumed) e << "Key exchange      : RSA (no forward secrecy)\n";
    if (i.signature_scheme) e << "Signature scheme  : " << scheme_name(*i.signature_scheme) << "\n";
    e << "Extended master secret: " << (i.extended_master_secret ? "yes" : "no")
      << "   Encrypt-then-MAC: " << (i.suite->is_aead() ? "n/a (AEAD)" : i.encrypt_then_mac ? "yes" : "no")
      << "   Session ticket: " << (i.session_ticket ? "yes" : "no")
      << "   Secure renegotiation: " << (i.secure_renegotiation ? "yes" : "no") << "\n"
      << "Session           : " << (i.resumed ? "REUSED (abbreviated handshake)" : "new (full handshake)") << "\n";
    if (!i.alpn.empty()) e << "ALPN              : " << i.alpn << "\n";
    if (!i.peer_chain.empty()) {
        const x509::Certificate& leaf = i.peer_chain[0];
        e << "Peer certificate  : " << leaf.subject.to_string() << "\n"
          << "  issuer          : " << leaf.issuer.to_string() << "\n";
        if (leaf.subject_alt_names) {
            e << "  SANs            :";
            for (const auto& g : *leaf.subject_alt_names) e << " " << text::visible(g.text);
            e << "\n";
        }
        e << "  valid           : " << der::format_time(leaf.not_before) << " .. " << der::format_time(leaf.not_after) << "\n";
    }
    e << "Verification      : " << i.verification << "\n---\n";
    if (showcerts != nullptr) {
        for (const auto& c : i.peer_chain) *showcerts << pem::encode("CERTIFICATE", c.der);
    }
}

// One connection over the socket driver. `get` sends an HTTP GET;
// otherwise standard input is relayed (unless `relay_stdin` is false, for
// --reconnect's first connection).
class ClientRun {
public:
    ClientRun(Setup& setup, Connection& conn, int fd, const std::optional<std::string>& get, bool relay_stdin, bool showcerts)
        : setup_(setup), conn_(conn), driver_(conn, fd, deadlines(setup)), get_(get), relay_stdin_(relay_stdin),
          stdin_open_(relay_stdin), showcerts_(showcerts) {
        driver_.set_tap([this](Direction d, ByteView bytes) {
            if (setup_.pcap != nullptr) (d == Direction::outgoing ? setup_.pcap->sent(bytes) : setup_.pcap->received(bytes));
            if (setup_.flights != nullptr && d == Direction::outgoing) setup_.flights->emplace_back(bytes.begin(), bytes.end());
        });
        driver_.set_receive_size(256 * 1024);   // a download: one recv() for many records
    }

    Outcome run() {
        try {
            conn_.start();
            while (!finished_) step();
        } catch (const TlsError& e) {
            fail((conn_.handshake_done() ? "connection failed: " : "handshake failed: ") + e.describe());
        }
        if (result_.exit_code == 0) {
            result_.session = conn_.session();
            result_.resumed = conn_.info().resumed;
        }
        return result_;
    }

private:
    // The handshake has the whole --timeout (an hour when stepping: a
    // student may sit at a prompt); after it, --timeout of silence.
    static Deadlines deadlines(const Setup& s) {
        return Deadlines{.handshake_ms = s.step != nullptr ? 3600 * 1000 : s.timeout_ms, .idle_ms = s.timeout_ms};
    }

    void step() {
        report_handshake();
        const Wake w = driver_.pump(conn_.handshake_done() && stdin_open_ ? 0 : -1);
        switch (w) {
        case Wake::progress: return on_server_data();
        case Wake::other_fd: return on_input();
        case Wake::quiet: return;
        case Wake::closed: return on_closed();
        case Wake::timed_out: {
            const Deadlines d = deadlines(setup_);
            return fail(conn_.handshake_done()
                            ? "no whole record from the server for " + std::to_string(d.idle_ms / 1000) + " s (--timeout, idle after the handshake)"
                            : "the handshake did not finish within " + std::to_string(d.handshake_ms / 1000) +
                                  " s (--timeout, a deadline from the connection; state " + conn_.state_name() + ")");
        }
        case Wake::gone:
            if (stdin_open_ && conn_.handshake_done()) input_not_sent("the server closed the connection");
            return fail("the server closed the connection");
        }
    }

    void on_input() {
        const ssize_t r = ::read(0, buf_, sizeof buf_);
        if (r <= 0) {
            stdin_open_ = false;
            conn_.close();   // our side is done: close_notify, then wait for the server's
            return;
        }
        conn_.write({buf_, static_cast<std::size_t>(r)});
        input_sent_ += static_cast<std::uint64_t>(r);
    }

    void on_server_data() {
        for (const Bytes& h : conn_.take_heartbeat_responses()) {
            std::cerr << "Heartbeat: the server answered with the same " << h.size() << " bytes: '" << std::string(h.begin(), h.end())
                      << "' — it is alive\n";
        }
        write_received();
        report_handshake();
        if (conn_.peer_closed()) {
            driver_.close();   // answer close_notify with close_notify (§7.2.1)
            if (stdin_open_) input_not_sent("the server ended the connection (close_notify)");
            finished_ = true;
        }
    }

    // What arrived goes from the connection's buffer to standard output in
    // one write(): std::cout would copy it once more and cut it into 4 KiB
    // writes. A standard output that is gone drops it, as std::cout did.
    // With --json standard output is the outcome's alone: the data goes to
    // standard error.
    void write_received() {
        std::cout.flush();   // --showcerts' PEM first
        std::cerr.flush();
        const int out = setup_.json ? 2 : 1;
        for (ByteView data = conn_.peek_application_data(); !data.empty(); data = conn_.peek_application_data()) {
            const ssize_t w = ::write(out, data.data(), data.size());
            if (w < 0 && errno == EINTR) continue;
            conn_.consume_application_data(w > 0 ? static_cast<std::size_t>(w) : data.size());
        }
    }

    void on_closed() {
        finished_ = true;
        if (!conn_.handshake_done()) return fail("the server closed the connection during the handshake (state " + conn_.state_name() + ")");
        if (!conn_.peer_closed()) {
            std::cerr << "glass client: the server closed the TCP connection without close_notify: the data may be TRUNCATED\n";
            if (stdin_open_) input_not_sent("the server closed the connection");
            result_.exit_code = 1;
        }
    }

    void fail(const std::string& sentence) {
        driver_.flush();
        std::cerr << "glass client: " << sentence << "\n";
        result_.exit_code = 1;
        result_.error = sentence;
        finished_ = true;
    }

    // The summary is printed whenever a handshake completed — also when the
    // server's Finished and its close_notify arrive in one read.
    void report_handshake() {
        if (!conn_.handshake_done() || handshake_reported_) return;
        handshake_reported_ = true;
        print_summary(conn_, !showcerts_ ? nullptr : setup_.json ? &std::cerr : &std::cout);
        if (setup_.config.offer_heartbeat) start_heartbeat();
        result_.summary = version_name(conn_.info().version) + ", " + std::string(conn_.info().suite->iana_name) + ", " +
                          (conn_.info().resumed ? "resumed (abbreviated handshake)" : "full handshake");
        if (get_) {
            const std::string request = "GET " + *get_ + " HTTP/1.1\r\nHost: " + setup_.config.server_name +
                                        "\r\nConnection: close\r\nUser-Agent: glass\r\n\r\n";
            conn_.write(as_bytes(request));
        }
        if (!get_ && !relay_stdin_) conn_.close();   // --reconnect's first connection: just the handshake
    }

    void start_heartbeat() {
        if (conn_.info().heartbeat) {
            conn_.send_heartbeat(as_bytes("glass heartbeat"));
            std::cerr << "Heartbeat: sent a HeartbeatRequest with the 15-byte payload 'glass heartbeat' (RFC 6520 §4)\n";
        } else {
            std::cerr << "Heartbeat: the server did not agree to heartbeats (no heartbeat extension in its ServerHello)\n";
        }
    }

    // The server stopped listening before our input ended: say how much of it
    // never reached the server (what is left of standard input is counted,
    // for up to a second), and fail — a truncated upload is never silent.
    void input_not_sent(const std::string& why) {
        std::uint64_t left = 0;
        bool at_end = false;
        for (auto until = std::chrono::steady_clock::now() + std::chrono::seconds(1); std::chrono::steady_clock::now() < until;) {
            pollfd in{0, POLLIN, 0};
            if (poll(&in, 1, 100) <= 0) continue;
            const ssize_t r = ::read(0, buf_, sizeof buf_);
            if (r <= 0) {
                at_end = true;
                break;
            }
            left += static_cast<std::uint64_t>(r);
        }
        // At a terminal, a server that ends the conversation first is normal;
        // piped input that had not ended was cut short.
        if (isatty(0) && left == 0) return;
        std::cerr << "glass client: " << why << " before all input was sent: " << input_sent_ << " bytes sent, "
                  << (at_end ? "" : "at least ") << left << " bytes NOT delivered"
                  << (at_end ? "" : " (standard input had not ended: whatever it still held was not sent)") << "\n";
        result_.exit_code = 1;
    }

    Setup& setup_;
    Connection& conn_;
    SocketDriver driver_;
    const std::optional<std::string>& get_;
    const bool relay_stdin_;
    bool stdin_open_, showcerts_;
    bool handshake_reported_ = false, finished_ = false;
    std::uint64_t input_sent_ = 0;   // bytes of standard input handed to the connection
    Outcome result_;
    unsigned char buf_[65536];   // standard input, four records at a time
};

Outcome run_connection(Setup& setup, Observer* observer, crypto::RandomSource& rng, const std::optional<std::string>& get,
                       bool relay_stdin, bool showcerts) {
    // The outcome listens beside the teaching observers only when asked for:
    // an observer makes the engine build every event.
    OutcomeRecorder recorder(true, host_port_text(setup.connect_to.host, setup.connect_to.port));
    ObserverList watching;
    watching.add(observer);
    watching.add(&recorder);
    const bool outcome = setup.json || setup.trace_json != nullptr;
    int fd = -1;
    try {
        fd = connect_tcp(setup.connect_to);
    } catch (const std::runtime_error& e) {
        report_outcome(setup, recorder, nullptr, e.what());
        throw;
    }
    Connection conn(rng, outcome ? &watching : observer);
    conn.set_engine(std::make_unique<ClientHandshake>(conn, setup.config));
    if (setup.step != nullptr) conn.set_step_hook([&](const Step& s) { setup.step->pause(s, ""); });
    if (setup.pcap != nullptr) begin_capture(*setup.pcap, fd);
    Outcome result = ClientRun(setup, conn, fd, get, relay_stdin, showcerts).run();
    if (setup.pcap != nullptr) setup.pcap->close();
    close(fd);
    report_outcome(setup, recorder, &conn, result.exit_code == 0 ? "" : !result.error.empty() ? result.error : "the transfer failed");
    return result;
}

// What the options set up besides the Setup, alive for both connections:
// the Setup points into it.
struct Plumbing {
    std::optional<StepPrompt> step;   // --step
    std::optional<PcapWriter> pcap;   // --pcap
    std::vector<Bytes> flights;       // --save-flights
    std::unique_ptr<crypto::RandomSource> seeded;   // --seed
    crypto::RandomSource* rng = &crypto::system_random();
};

// The yes-or-no options, the name to verify and the timeout.
void read_flags(const Args& args, Setup& setup, Plumbing& plumbing) {
    ClientConfig& c = setup.config;
    c.server_name = args.get("servername").value_or(setup.where.host);
    c.verify_peer = !args.flag("insecure");
    c.check_hostname = !args.flag("no-check-hostname");
    c.cn_fallback = args.flag("cn-fallback");   // RFC 9525 §6.3 by default; --no-cn-fallback is a no-op
    c.offer_extended_master_secret = !args.flag("no-ems");
    c.offer_encrypt_then_mac = !args.flag("no-etm");
    c.offer_session_ticket = !args.flag("no-ticket");
    c.offer_heartbeat = args.flag("heartbeat");
    setup.timeout_ms = static_cast<int>(args.get_size("timeout", 30)) * 1000;
    if (args.flag("step")) {
        plumbing.step.emplace();
        setup.step = &*plumbing.step;
    }
}

// --cipher, --groups, --sigalgs, --alpn: what the ClientHello offers.
void read_lists(const Args& args, ClientConfig& c) {
    try {
        if (auto list = args.get("cipher")) c.suites = select_cipher_suites(*list);
    } catch (const TlsError& e) {
        throw UsageError(std::string("--cipher: ") + e.what());
    }
    if (auto list = args.get("groups")) {
        c.groups = parse_list<crypto::NamedGroup>(*list, [](const std::string& s) { return crypto::group_from_name(s); }, "group");
    }
    if (auto list = args.get("sigalgs")) {
        c.schemes = parse_list<SignatureScheme>(*list, [](const std::string& s) { return scheme_from_name(s); }, "signature scheme");
    }
    if (auto list = args.get("alpn")) c.alpn = parse_list<std::string>(*list, [](const std::string& s) { return std::optional(s); }, "protocol");
}

// The files the options name: our certificate and key, the trusted CAs, the
// session of --sess-in. False, the reason printed, when one cannot be read.
bool load_files(const Args& args, Setup& setup) {
    ClientConfig& c = setup.config;
    if (args.get("cert").has_value() != args.get("key").has_value()) throw UsageError("--cert and --key go together");
    try {
        if (auto cert = args.get("cert")) {
            for (const auto& x : x509::load_certificates(*cert)) c.certificate_chain.push_back(x.der);
            c.private_key = x509::load_private_key(*args.get("key"));
        }
        if (c.verify_peer) {
            for (const std::string& f : args.all("cafile")) setup.trust.add_file(f);
            for (const std::string& d : args.all("capath")) setup.trust.add_directory(d);
            if (!args.get("cafile") && !args.get("capath")) setup.trust.add_system();
            c.trust = &setup.trust;
            c.profile = profile_option(args);
        }
        if (auto in = args.get("sess-in")) {
            Bytes data = x509::read_file(*in);
            c.resume = Session::deserialize(data);
            crypto::secure_wipe(data.data(), data.size());   // it holds the master secret
        }
    } catch (const std::exception& e) {
        std::cerr << "glass client: " << e.what() << "\n";
        return false;
    }
    return true;
}

void warn_when_unverified(const ClientConfig& c) {
    if (!c.verify_peer) {
        std::cerr << "WARNING: --insecure: the server's certificate is NOT verified; anyone can impersonate it.\n";
    } else if (!c.check_hostname) {
        std::cerr << "WARNING: --no-check-hostname: any certificate from a trusted CA is accepted, for any name.\n";
    }
}

// --html: the illustrated page, one section per connection. The page is
// written however the connection ended: a failed handshake is one of the
// things it shows.
class ClientPage {
public:
    ClientPage(const Args& args, ConnectionObservers& observers, const std::string& server_name) : path_(args.get("html")) {
        if (!path_) return;
        file_.open(*path_, std::ios::trunc);
        if (!file_) throw UsageError("cannot write " + *path_);
        html_ = &observers.add_html("glass client → " + args.positional()[0] + " (" + server_name + ")", true);
    }

    void begin_connection(const std::string& title) {
        if (html_) html_->begin_connection(title);
    }

    void add_outcome(const Outcome& o) {
        if (!html_) return;
        if (!o.summary.empty()) html_->add_summary(o.summary);
        html_->set_outcome(o.exit_code == 0 ? "The connection succeeded: " + o.summary
                                            : "glass client: " + (o.error.empty() ? std::string("the transfer failed") : o.error),
                           o.exit_code == 0);
    }

    void write() {
        if (!html_) return;
        html_->write(file_);
        file_.close();
        std::cerr << "Wrote the illustrated transcript to " << *path_ << " (" << html_->records() << " records)\n";
    }

private:
    std::optional<std::string> path_;
    std::ofstream file_;
    HtmlTranscript* html_ = nullptr;
};

// --pcap, --save-flights and --seed: where the bytes go, where the randomness comes from.
void open_plumbing(const Args& args, Setup& setup, Plumbing& plumbing) {
    if (auto path = args.get("pcap")) {
        try {
            plumbing.pcap.emplace(*path);
        } catch (const std::runtime_error& e) {
            throw UsageError(e.what());
        }
        setup.pcap = &*plumbing.pcap;
    }
    if (args.get("save-flights")) setup.flights = &plumbing.flights;
    if (auto seed = args.get("seed")) {
        plumbing.seeded = std::make_unique<crypto::SeededRandom>(*seed);
        plumbing.rng = plumbing.seeded.get();
        std::cerr << "WARNING: --seed: every random value is predictable from the seed. INSECURE; for replaying a handshake in class.\n";
    }
}

// --save-flights: the bytes we sent, one flight a line, for glass replay.
void save_flights(const Args& args, const std::vector<Bytes>& flights) {
    auto path = args.get("save-flights");
    if (!path) return;
    std::ofstream f(*path, std::ios::trunc);
    f << "# glass client --save-flights: the bytes the client sent to " << args.positional()[0] << ", one flight a line (hex).\n"
      << "# Replay them with: glass replay " << *path << " HOST:PORT\n";
    for (const Bytes& b : flights) f << to_hex(b) << "\n";
    if (!f) throw UsageError("cannot write " + *path);
    std::cerr << "Saved " << flights.size() << " flights to " << *path << "\n";
}

// --sess-out: the session of the first connection, for a later --sess-in.
void save_session(const Args& args, const Outcome& first) {
    auto out = args.get("sess-out");
    if (!out) return;
    if (!first.session) {
        std::cerr << "glass client: the server offered no resumable session; nothing written to " << *out << "\n";
        return;
    }
    std::ofstream f(*out, std::ios::binary);
    Bytes data = first.session->serialize();
    f.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
    crypto::secure_wipe(data.data(), data.size());   // it holds the master secret
}

// The first (often the only) connection; a failure to connect at all is an outcome too.
Outcome first_connection(const Args& args, Setup& setup, Observer* observer, crypto::RandomSource& rng,
                         const std::optional<std::string>& get) {
    Outcome first;
    try {
        first = run_connection(setup, observer, rng, get, !get && !args.flag("reconnect"), args.flag("showcerts"));
    } catch (const std::runtime_error& e) {
        std::cerr << "glass client: " << e.what() << "\n";
        first.exit_code = 1;
        first.error = e.what();
    }
    return first;
}

// --reconnect: a second connection that resumes the first one's session.
int reconnect(Setup& setup, Observer* observer, crypto::RandomSource& rng, const std::optional<std::string>& get,
              const Outcome& first, ClientPage& page) {
    if (!first.session) {
        std::cerr << "glass client: --reconnect: the server offered no session id or ticket; cannot resume\n";
        page.write();
        return 1;
    }
    std::cerr << "Reconnecting to resume the session (" << (first.session->ticket.empty() ? "by session id" : "by session ticket") << ")\n";
    setup.config.resume = first.session;
    page.begin_connection("Second connection: resuming the session");
    Outcome second = run_connection(setup, observer, rng, get, false, false);
    page.add_outcome(second);
    page.write();
    if (second.exit_code != 0) return second.exit_code;
    std::cerr << "Reused: " << (second.resumed ? "yes" : "no") << "\n";
    return 0;
}

} // namespace

int cmd_client(const std::vector<std::string>& argv) {
    Args args(argv,
              {"help", "insecure", "no-check-hostname", "reconnect", "msg", "trace", "showcerts", "no-ems", "no-etm",
               "no-ticket", "cn-fallback", "no-cn-fallback", "step", "trace-records", "heartbeat", "json"},
              {"servername", "cafile", "capath", "cipher", "groups", "sigalgs", "cert", "key", "alpn", "get", "sess-out",
               "sess-in", "keylog", "seed", "timeout", "trace-json", "html", "html-max-bytes", "pcap", "save-flights", "profile", "resolve"});
    if (args.flag("help")) {
        std::cout << kUsage;
        return 0;
    }
    if (args.positional().size() != 1) throw UsageError("give one HOST:PORT");
    Setup setup;
    setup.where = parse_host_port(args.positional()[0]);
    setup.connect_to = glasstls::lab::resolve_with(setup.where, resolve_entries(args));
    if (setup.connect_to.host != setup.where.host) {
        std::cerr << "glass client: --resolve: " << host_port_text(setup.where.host, setup.where.port) << " is "
                  << host_port_text(setup.connect_to.host, setup.connect_to.port) << " (the name stays " << setup.where.host << ")\n";
    }
    Plumbing plumbing;
    read_flags(args, setup, plumbing);
    read_lists(args, setup.config);
    if (!load_files(args, setup)) return 2;
    warn_when_unverified(setup.config);

    // Observers: the trace, the --msg lines, the key log, the JSON stream, the page.
    TeachingOutputs teaching = open_teaching(args);
    ConnectionObservers observers(teaching, std::cerr);
    ClientPage page(args, observers, setup.config.server_name);
    open_plumbing(args, setup, plumbing);
    setup.json = args.flag("json");
    setup.trace_json = observers.json_lines();

    const std::optional<std::string> get = args.get("get");
    const Outcome first = first_connection(args, setup, &observers.list(), *plumbing.rng, get);
    page.add_outcome(first);
    save_flights(args, plumbing.flights);
    if (first.exit_code != 0 || !args.flag("reconnect")) page.write();
    if (first.exit_code != 0) return first.exit_code;
    save_session(args, first);
    if (!args.flag("reconnect")) return 0;
    return reconnect(setup, &observers.list(), *plumbing.rng, get, first, page);
}

} // namespace glass
