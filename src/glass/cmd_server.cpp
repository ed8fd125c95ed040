// glass server --cert CHAIN.pem --key KEY.pem [options] — a TLS 1.2 server
// in the spirit of `openssl s_server`: the sans-IO ServerHandshake driven
// over TCP by the lab's event loop (glasstls/lab/event_server.hpp), one
// worker per core.
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <mutex>
#include <sstream>

#include "cli.hpp"
#include "glasstls/der.hpp"
#include "glasstls/handshake_server.hpp"
#include "glasstls/html.hpp"
#include "glasstls/lab/admission.hpp"
#include "glasstls/lab/event_server.hpp"
#include "glasstls/lab/step.hpp"
#include "glasstls/lab/www.hpp"
#include "glasstls/outcome.hpp"
#include "glasstls/socket_driver.hpp"

namespace glass {

using glasstls::lab::Admission, glasstls::lab::Slot, glasstls::lab::address_of;
using glasstls::lab::StepPrompt;
using glasstls::lab::http_request_complete, glasstls::lab::www_respond, glasstls::lab::WwwResponse;

namespace {
using namespace glasstls;

const char* kUsage =
    "usage: glass server --cert CHAIN.pem --key KEY.pem [options]\n"
    "  --cert FILE --key FILE   certificate chain and key; repeat for RSA + ECDSA + Ed25519\n"
    "  --key-pass SOURCE        pass phrase of encrypted keys, as openssl takes it: pass:TEXT,\n"
    "                           env:VAR or file:PATH (its first line); exit 1 when it is wrong\n"
    "  --port N                 default 4433;   --bind ADDR   default 127.0.0.1\n"
    "  --cipher LIST            suites in server preference order (see glass ciphers)\n"
    "  --www                    answer HTTP GET with a page describing the connection\n"
    "                           (default: echo what each client sends)\n"
    "  --www-root DIR           serve GET /NAME from the files in DIR (implies --www)\n"
    "  --verify-client --cafile FILE   require a client certificate from these CAs\n"
    "  --verify-client-optional --cafile FILE   ask for one, accept clients without (s_server -verify)\n"
    "  --alpn LIST              protocols to accept, e.g. http/1.1\n"
    "  --trace / --msg          narrate each handshake / one line per message (stderr), as it\n"
    "                           happens, each line tagged with its connection\n"
    "  --step                   stop before each handshake message is processed or sent (Enter: next,\n"
    "                           c: run on); the handshake timeout becomes an hour unless given\n"
    "  --keylog FILE            NSS key log for Wireshark (also $SSLKEYLOGFILE)\n"
    "  --json                   one JSON object per connection on standard output as it ends (JSON\n"
    "                           Lines): the peer, versions, suite, chain, verification, alert, bytes,\n"
    "                           timings (docs/trace-json.md)\n"
    "  --trace-json FILE        every event as JSON Lines, tagged with its connection, each connection's\n"
    "                           outcome its last line (docs/trace-json.md)\n"
    "  --trace-records          --trace, and each protected record's nonce, additional data, tag…\n"
    "  --html-dir DIR           an illustrated HTML page of each connection, DIR/connection-N.html\n"
    "                           (every record and byte annotated, secrets included)\n"
    "  --html-max-page BYTES    a page stops growing here (default 1 MiB); the live pages share 64 MiB\n"
    "  --html-max-total BYTES   what --html-dir may write in one run (default 256 MiB)\n"
    "  --html-max-bytes N       a page shows N bytes of each application data record (default 4096; 0: all)\n"
    "  --max-connections N      default 512; --max-per-address N  default 128: when a limit is\n"
    "                           reached, the oldest connection still in its handshake is dropped\n"
    "  --handshake-timeout S    default 10, counted from accept (bytes do not extend it)\n"
    "  --idle-timeout S         close a connection with no complete record for S seconds (default 300)\n"
    "  --send-timeout S         drop a client that reads nothing for S seconds (default 30)\n"
    "  --session-lifetime S     sessions resume for S seconds after their full handshake (default\n"
    "                           and most 7200); a short one lets a class watch a session expire\n"
    "  --no-tickets --no-session-cache --no-ems --no-etm\n"
    "  --heartbeat              agree to heartbeats (RFC 6520) when a client offers them; off by default\n"
    "                           (--no-heartbeat, the old opt-out, is still accepted and changes nothing)\n"
    "  --heartbleed-demo        DEMONSTRATION (implies --heartbeat): answer over-long HeartbeatRequests with\n"
    "                           bytes of a planted fake memory arena, as Heartbleed leaked real memory (docs/attacks.md)\n"
    "  --naccept N              exit after N connections (for scripts)\n"
    "  --workers N              event-loop threads serving the connections (default: one per core;\n"
    "                           --step uses one, so that one connection is served at a time)\n"
    "  --seed TEXT              INSECURE replayable randomness, for classrooms: connection N\n"
    "                           draws from TEXT#N, so a seeded client replays it byte for byte\n";

// The fixed session clock of --seed runs: 2026-01-01T00:00:00Z.
constexpr std::int64_t seeded_session_clock = 1767225600;

std::atomic<bool> g_stop{false};
void on_signal(int) { g_stop = true; }

std::mutex g_log_mutex;
void log_line(const std::string& line) {
    std::lock_guard<std::mutex> lock(g_log_mutex);
    std::cerr << line << std::endl;
}

struct Shared {
    ServerConfig config;
    verify::TrustStore client_trust;
    SessionCache cache;
    std::optional<TicketKeys> tickets;
    std::optional<std::string> seed;   // --seed: INSECURE, for replaying handshakes in class
    bool www = false;
    bool json = false;   // --json: each connection's outcome on standard output
    std::string www_root;
    TeachingOutputs* teaching = nullptr;   // --trace, --msg, --keylog, --trace-json
    int handshake_timeout_ms = 10000;
    int idle_timeout_ms = 300000;
    int send_timeout_ms = 30000;
    std::optional<Admission> admission;
    std::size_t workers = 0;   // --workers (0: one per core)
    std::optional<StepPrompt> step;   // --step
    std::unique_ptr<glasstls::lab::HtmlPages> html_pages;   // --html-dir: one page per connection, within budgets
    Bytes heartbleed_arena;           // --heartbleed-demo: planted "memory"; empty otherwise
};

// What the demonstration's "memory" holds: another user's request with its
// session cookie and password, and where a private key would be — planted
// text, so a class sees what Heartbleed leaked without any real secret.
Bytes planted_arena() {
    const std::string text =
        "POST /login HTTP/1.1\r\nHost: www.bank32.com\r\nCookie: session=8f2b9c71e0d44a6b; user=alice\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 49\r\n\r\nuser=alice&password=correct-horse-battery-staple\r\n"
        "........-----BEGIN PRIVATE KEY----- (the server's private key would sit here; this demonstration plants this line instead)\n"
        "GET /account/balance HTTP/1.1\r\nHost: www.bank32.com\r\nCookie: session=2c7e55d09ab3f118; user=bob\r\n\r\n";
    return Bytes(text.begin(), text.end());
}

std::string seconds_text(int ms) {
    std::ostringstream out;
    out << ms / 1000.0 << " s";
    return out.str();
}

// What one connection moved, for its log line (scripts check transfers by hash).
struct Transfer {
    std::size_t in = 0, out = 0;
    crypto::Hash received{crypto::HashAlgorithm::sha256};
    std::string request;   // --www: the HTTP request so far
    std::unique_ptr<WwwResponse> response;   // --www: the answer, sent as the socket drains
};

// The next slice of the response — only once the socket has taken the last
// one, so a download holds one slice whatever the file's size (www.hpp).
std::optional<std::string> send_more(SocketDriver& driver, Transfer& t) {
    if (!driver.output_pending()) t.out += t.response->write_some(driver.connection(), 256 * 1024);
    if (!t.response->done()) return std::nullopt;
    if (t.response->truncated()) return "failed: the file shrank while it was sent (the response is short; no close_notify)";
    driver.close();
    return "ok";
}

// The application's side of one round: what the client sent is echoed, or
// gathered until it is a whole HTTP request and answered. Returns the
// connection's result once it is over.
std::optional<std::string> answer(const Shared& shared, SocketDriver& driver, Transfer& t) {
    Connection& conn = driver.connection();
    unsigned char buf[16384];
    while (std::size_t got = conn.read(buf)) {
        t.in += got;
        t.received.update({buf, got});
        if (shared.www) {
            if (!t.response) t.request.append(reinterpret_cast<const char*>(buf), got);
        } else {
            conn.write({buf, got});   // echo
            t.out += got;
        }
    }
    if (shared.www && !t.response && http_request_complete(t.request)) t.response = www_respond(shared.www_root, t.request, conn);
    if (t.response) return send_more(driver, t);
    if (shared.www && t.request.size() > 65536) return "failed: HTTP request too large";
    if (conn.peer_closed()) {
        driver.close();
        return "ok";
    }
    return std::nullopt;
}

// The observers of one connection: the --trace / --msg narration written
// as it happens — so it lines up with a gdb stop or a --step pause — each
// line tagged with the peer; the shared key log and JSON stream (tagged
// too); the HTML page; the outcome, for --json and --trace-json.
struct ConnectionView {
    ConnectionView(const Shared& shared, const std::string& peer, std::size_t number)
        : tagged("[" + peer + "] ", log_line), narration(&tagged), observers(*shared.teaching, narration, peer), outcome(false, peer) {
        if (shared.html_pages) observers.add_html(*shared.html_pages, "glass server ← " + peer + " (connection " + std::to_string(number) + ")", false);
        if (shared.json || observers.json_lines() != nullptr) observers.list().add(&outcome);
    }
    glasstls::lab::TaggedLines tagged;
    std::ostream narration;
    ConnectionObservers observers;
    OutcomeRecorder outcome;
};

// --json and --trace-json: the connection's outcome, one line each. A
// result other than "ok…" or "closed…" is the failure's sentence.
void report_outcome(const Shared& shared, ConnectionView& view, const Connection& conn, const std::string& result) {
    JsonLinesObserver* trace_json = view.observers.json_lines();
    if (!shared.json && trace_json == nullptr) return;
    const bool ok = result.rfind("ok", 0) == 0 || result.rfind("closed", 0) == 0;
    const std::string object = view.outcome.json(&conn, ok ? "" : result);
    if (shared.json) {
        std::lock_guard<std::mutex> lock(g_log_mutex);
        std::cout << object << std::endl;
    }
    if (trace_json != nullptr) trace_json->write_outcome(object);
}

// The connection's one log line, and its HTML page when --html-dir asks.
std::string log_line_for(const Shared& shared, const Connection& conn, ConnectionView& view, const std::string& peer,
                         std::size_t number, const std::string& result, const Transfer& t) {
    std::string line = "[" + peer + "] " + result;
    if (glasstls::lab::BudgetedPage* page = view.observers.budgeted_page()) {
        HtmlTranscript* html = &page->transcript();
        if (conn.handshake_done()) {
            html->add_summary(version_name(conn.info().version) + ", " + std::string(conn.info().suite->iana_name) + ", " +
                              (conn.info().resumed ? "resumed (abbreviated handshake)" : "full handshake"));
        }
        html->set_outcome("glass server: " + result, result.rfind("ok", 0) == 0 || result.rfind("closed", 0) == 0);
        std::string why;
        const std::string path = shared.html_pages->save(*page, "connection-" + std::to_string(number) + ".html", why);
        line += !path.empty() ? "  html=" + path : "  (" + why + ")";
    } else if (shared.html_pages) {
        line += "  (no page: the live pages hold all of --html-dir's memory)";
    }
    if (conn.info().suite != nullptr) line += "  suite=" + std::string(conn.info().suite->openssl_name);
    if (conn.handshake_done() && conn.info().resumed) line += "  resumed";
    if (!conn.info().peer_chain.empty()) line += "  client=\"" + conn.info().peer_chain[0].describe() + "\"";
    if (t.in != 0 || t.out != 0) {
        line += "  in=" + std::to_string(t.in) + " out=" + std::to_string(t.out) + " in-sha256=" + to_hex(t.received.digest());
    }
    return line;
}

// One connection while the event loop serves it: the sans-IO Connection,
// its driver (which keeps the deadlines: handshake from accept, idle,
// send), what it moved and its observers — and no thread of its own.
class ServerConnection final : public glasstls::lab::ServedConnection {
public:
    ServerConnection(Shared& shared, std::shared_ptr<Slot> slot, std::string peer, std::size_t number);
    SocketDriver& driver() override { return driver_; }
    std::optional<std::string> on_wake(Wake w) override;
    bool wants_to_send() const override { return transfer_.response && !transfer_.response->done(); }
    std::string on_shutdown() override {
        driver_.close();   // close_notify: an orderly end (RFC 5246 §7.2.1)
        return "closed: server shutting down";
    }
    void on_end(const std::string& result) override {
        log_line(log_line_for(shared_, conn_, view_, peer_, number_, result, transfer_));
        report_outcome(shared_, view_, conn_, result);
    }

private:
    Shared& shared_;
    std::shared_ptr<Slot> slot_;
    std::string peer_;
    std::size_t number_;
    ConnectionView view_;
    // With --seed, connection N has its own replayable stream (a SeededRandom
    // is not shared between connections); otherwise the system's randomness.
    std::unique_ptr<crypto::SeededRandom> seeded_;
    Connection conn_;
    SocketDriver driver_;
    Transfer transfer_;
};

ServerConnection::ServerConnection(Shared& shared, std::shared_ptr<Slot> slot, std::string peer, std::size_t number)
    : shared_(shared), slot_(std::move(slot)), peer_(std::move(peer)), number_(number), view_(shared, peer_, number),
      seeded_(shared.seed ? std::make_unique<crypto::SeededRandom>(*shared.seed + "#" + std::to_string(number)) : nullptr),
      conn_(seeded_ ? static_cast<crypto::RandomSource&>(*seeded_) : crypto::system_random(), &view_.observers.list()),
      // The handshake deadline runs from accept; nothing the client sends moves it.
      driver_(conn_, slot_->fd, Deadlines{shared.handshake_timeout_ms, shared.idle_timeout_ms, shared.send_timeout_ms}, slot_->accepted) {
    conn_.set_engine(std::make_unique<ServerHandshake>(conn_, shared.config));
    if (!shared.heartbleed_arena.empty()) conn_.set_heartbleed_arena(&shared.heartbleed_arena);
    if (shared.step) conn_.set_step_hook([this](const Step& s) { shared_.step->pause(s, "[" + peer_ + "]"); });
}

// What the loop saw, and the application's turn: its result once it is over.
std::optional<std::string> ServerConnection::on_wake(Wake w) {
    // An eviction shuts the socket down: the wake that follows ends it.
    if (slot_->evicted) return "dropped: the server was full and this was the oldest connection still in its handshake";
    const bool handshaking = driver_.handshaking();
    switch (w) {
    case Wake::other_fd: return std::nullopt;
    case Wake::gone: return "failed: the client went away";
    case Wake::timed_out:
        if (handshaking) return "failed: handshake timed out after " + seconds_text(shared_.handshake_timeout_ms);
        driver_.close();   // close_notify: an orderly end (RFC 5246 §7.2.1)
        return "closed: idle for " + seconds_text(shared_.idle_timeout_ms);
    case Wake::closed:
        return handshaking ? "failed: the client closed the connection during the handshake (state " + conn_.state_name() + ")"
               : conn_.peer_closed() ? "ok"
                                     : "ok (closed without close_notify)";
    case Wake::quiet:      // the socket drained
    case Wake::progress:   // bytes arrived
        break;
    }
    if (conn_.handshake_done()) slot_->handshaking = false;
    return answer(shared_, driver_, transfer_);
}

// --key-pass SOURCE in the forms of openssl-passphrase-options(1) that fit
// a lab: pass:TEXT, env:VAR, file:PATH (its first line). The form is checked
// at once; the variable or file is read only if a key is encrypted.
x509::PasswordSource key_pass_source(const Args& args) {
    const std::optional<std::string> source = args.get("key-pass");
    if (!source) return {};
    const std::string s = *source;
    if (s.rfind("pass:", 0) == 0) return [text = s.substr(5)] { return text; };
    if (s.rfind("env:", 0) == 0) {
        return [name = s.substr(4)] {
            const char* value = std::getenv(name.c_str());
            if (value == nullptr) throw TlsError(AlertDescription::internal_error, "--key-pass env:" + name + ": the variable is not set");
            return std::string(value);
        };
    }
    if (s.rfind("file:", 0) == 0) {
        return [path = s.substr(5)] {
            std::ifstream in(path);
            std::string line;
            if (!std::getline(in, line)) throw TlsError(AlertDescription::internal_error, "--key-pass file:" + path + ": cannot read its first line");
            if (!line.empty() && line.back() == '\r') line.pop_back();
            return line;
        };
    }
    throw UsageError("--key-pass takes pass:TEXT, env:VAR or file:PATH");
}

// The certificates and keys (--cert, --key, --key-pass) and the CAs that
// vouch for clients (--cafile). The exit code when one cannot be loaded,
// the reason printed: 1 for a wrong pass phrase (a check that failed), 2
// for a file that cannot be used; 0 when all are loaded.
int load_credentials(const Args& args, Shared& shared) {
    const std::vector<std::string> certs = args.all("cert"), keys = args.all("key");
    if (certs.empty() || certs.size() != keys.size()) throw UsageError("give --cert and --key, as many of one as of the other");
    const x509::PasswordSource password = key_pass_source(args);
    try {
        for (std::size_t i = 0; i < certs.size(); ++i) {
            shared.config.credentials.push_back(load_credential(certs[i], keys[i], password));
            for (const std::string& w : credential_warnings(shared.config.credentials.back())) {
                std::cerr << "glass server: WARNING: " << certs[i] << ": " << w << "\n";
            }
        }
        if (args.flag("verify-client") || args.flag("verify-client-optional")) {
            if (!args.get("cafile")) throw UsageError("--verify-client needs --cafile");
            shared.client_trust.add_file(*args.get("cafile"));
        }
    } catch (const UsageError&) {
        throw;
    } catch (const TlsError& e) {
        std::cerr << "glass server: " << e.what() << "\n";
        return e.alert() == AlertDescription::decrypt_error ? 1 : 2;
    } catch (const std::exception& e) {
        std::cerr << "glass server: " << e.what() << "\n";
        return 2;
    }
    return 0;
}

// --cipher, --alpn, --verify-client: what the server accepts and asks for.
void read_negotiation(const Args& args, Shared& shared) {
    ServerConfig& c = shared.config;
    try {
        if (auto list = args.get("cipher")) c.suites = select_cipher_suites(*list);
    } catch (const TlsError& e) {
        throw UsageError(std::string("--cipher: ") + e.what());
    }
    if (auto list = args.get("alpn")) c.alpn = split_list(*list);
    c.require_client_certificate = args.flag("verify-client") || args.flag("verify-client-optional");
    c.client_certificate_optional = args.flag("verify-client-optional");
    c.client_trust = &shared.client_trust;
}

// Resumption: the session cache, the ticket keys, --seed's fixed clock, --session-lifetime.
void read_sessions(const Args& args, Shared& shared) {
    ServerConfig& c = shared.config;
    c.session_cache = args.flag("no-session-cache") ? nullptr : &shared.cache;
    shared.seed = args.get("seed");
    std::optional<crypto::SeededRandom> ticket_seed;
    if (shared.seed) {
        ticket_seed.emplace(*shared.seed + "#tickets");
        std::cerr << "WARNING: --seed: every random value is predictable from the seed. INSECURE; for replaying a handshake in class.\n";
    }
    // With --seed, sessions and tickets live on a fixed clock too: a ticket
    // holds its creation time, so a real clock would change its bytes (and
    // the server Finished that hashes them) from one run to the next.
    if (shared.seed) c.session_clock = seeded_session_clock;
    if (!args.flag("no-tickets")) {
        shared.tickets.emplace(ticket_seed ? static_cast<crypto::RandomSource&>(*ticket_seed) : crypto::system_random(), c.session_clock);
        c.tickets = &*shared.tickets;
    }
    c.session_lifetime = static_cast<std::int64_t>(args.get_size("session-lifetime", session_lifetime_seconds));
    if (c.session_lifetime > session_lifetime_seconds) throw UsageError("--session-lifetime is at most 7200 seconds");
}

// --no-ems, --no-etm, --heartbeat, and the --heartbleed-demo's planted arena.
void read_extensions(const Args& args, Shared& shared) {
    ServerConfig& c = shared.config;
    c.enable_extended_master_secret = !args.flag("no-ems");
    c.enable_encrypt_then_mac = !args.flag("no-etm");
    // Heartbeats only when asked (the demonstration asks); --no-heartbeat, the
    // opt-out of when they were on by default, stays accepted: flags are a contract.
    c.enable_heartbeat = args.flag("heartbeat") || args.flag("heartbleed-demo");
    if (args.flag("heartbleed-demo")) {
        shared.heartbleed_arena = planted_arena();
        std::cerr << "WARNING: --heartbleed-demo: DEMONSTRATION MODE. Over-long HeartbeatRequests are answered with bytes of a\n"
                     "planted, fake memory arena (another user's login, a line where a private key would be), as Heartbleed\n"
                     "(CVE-2014-0160) leaked real memory. Never this process's own memory. For the lab only.\n";
    }
}

// --www, --step, the deadlines of each connection and the admission limits.
void read_service(const Args& args, Shared& shared) {
    shared.www = args.flag("www") || args.get("www-root");   // files are served over HTTP only: --www-root means --www
    shared.www_root = args.get("www-root").value_or("");
    // Stepping, a student may sit at a prompt for minutes: the default deadline becomes an hour.
    shared.handshake_timeout_ms = static_cast<int>(args.get_size("handshake-timeout", args.flag("step") ? 3600 : 10)) * 1000;
    if (args.flag("step")) shared.step.emplace();
    shared.idle_timeout_ms = static_cast<int>(args.get_size("idle-timeout", 300)) * 1000;
    shared.send_timeout_ms = static_cast<int>(args.get_size("send-timeout", 30)) * 1000;
    if (shared.handshake_timeout_ms <= 0 || shared.idle_timeout_ms <= 0 || shared.send_timeout_ms <= 0) {
        throw UsageError("timeouts must be at least 1 second");
    }
    const std::size_t max_connections = args.get_size("max-connections", 512);
    const std::size_t max_per_address = args.get_size("max-per-address", 128);
    if (max_connections == 0 || max_per_address == 0) throw UsageError("connection limits must be at least 1");
    shared.admission.emplace(max_connections, max_per_address);
    shared.workers = args.get_size("workers", 0);
    if (args.get("workers") && (shared.workers == 0 || shared.workers > 256)) throw UsageError("--workers is from 1 to 256");
}

// --html-dir: the directory of the pages, made when it is not there yet.
void make_html_dir(const Args& args, Shared& shared) {
    auto dir = args.get("html-dir");
    if (!dir) return;
    std::error_code ec;
    std::filesystem::create_directories(*dir, ec);
    if (ec || !std::filesystem::is_directory(*dir)) throw UsageError("cannot create the directory " + *dir);
    glasstls::lab::HtmlBudget budget;
    budget.max_page = args.get_size("html-max-page", budget.max_page);
    budget.max_disk = args.get_size("html-max-total", budget.max_disk);
    if (budget.max_page < 4096 || budget.max_page > budget.max_memory) throw UsageError("--html-max-page is from 4096 bytes to 64 MiB");
    shared.html_pages = std::make_unique<glasstls::lab::HtmlPages>(*dir, budget, std::cerr);
}

// Listens on --bind and --port and serves until done; the exit code.
int listen_and_serve(const Args& args, Shared& shared, std::size_t naccept) {
    const HostPort where{args.get("bind").value_or("127.0.0.1"), std::to_string(args.get_size("port", 4433))};
    const int listener = listen_or_say(where, "glass server");
    if (listener < 0) return 1;
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
    std::signal(SIGPIPE, SIG_IGN);
    const std::size_t certificates = shared.config.credentials.size();
    std::cerr << "glass server: listening on " << host_port_text(where.host, where.port) << " (" << (shared.www ? "www" : "echo") << " mode, "
              << certificates << " certificate" << (certificates == 1 ? "" : "s") << ")" << std::endl;

    // One worker per core; --step serves one connection at a time, as a
    // paused step holds its worker (and a student reads one handshake).
    glasstls::lab::EventServerOptions options{shared.step ? 1u : shared.workers, naccept, 10000};
    glasstls::lab::EventServer server(
        listener, *shared.admission,
        [&shared](std::shared_ptr<Slot> slot, const std::string& peer, std::size_t number) {
            return std::make_unique<ServerConnection>(shared, std::move(slot), peer, number);
        },
        log_line, options);
    const std::size_t accepted = server.run(g_stop);
    close(listener);
    std::cerr << "glass server: stopped after " << accepted << " connection" << (accepted == 1 ? "" : "s") << std::endl;
    return 0;
}

} // namespace

int cmd_server(const std::vector<std::string>& argv) {
    Args args(argv, {"help", "www", "json", "verify-client", "verify-client-optional", "step", "trace", "trace-records", "msg", "no-tickets", "no-session-cache", "no-ems", "no-etm", "no-heartbeat", "heartbeat", "heartbleed-demo"},
              {"cert", "key", "key-pass", "port", "bind", "cipher", "cafile", "alpn", "keylog", "html-dir", "max-connections", "max-per-address", "handshake-timeout",
               "idle-timeout", "send-timeout", "session-lifetime", "naccept", "trace-json",
               "www-root", "seed", "html-max-page", "html-max-total", "html-max-bytes", "workers"});
    if (args.flag("help")) {
        std::cout << kUsage;
        return 0;
    }
    Shared shared;
    if (const int failed = load_credentials(args, shared)) return failed;
    read_negotiation(args, shared);
    read_sessions(args, shared);
    read_extensions(args, shared);
    read_service(args, shared);
    shared.json = args.flag("json");
    const std::size_t naccept = args.get_size("naccept", 0);
    TeachingOutputs teaching = open_teaching(args);
    shared.teaching = &teaching;
    make_html_dir(args, shared);
    return listen_and_serve(args, shared, naccept);
}

} // namespace glass
