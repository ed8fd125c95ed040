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
#include "glasstls/lab/admission.hpp"
#include "glasstls/lab/lab_ca.hpp"
#include "glasstls/lab/proxy_http.hpp"
#include "glasstls/lab/proxy_relay.hpp"
#include "glasstls/lab/teaching.hpp"

namespace glass {

using glasstls::lab::Admission, glasstls::lab::Slot, glasstls::lab::address_of;
using glasstls::lab::BudgetedPage, glasstls::lab::HtmlBudget, glasstls::lab::HtmlPages;
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
    "  --resolve HOST:PORT:ADDR  reach HOST:PORT (a CONNECT target, SNI:443) at ADDR, as curl's --resolve\n"
    "                            (repeatable; PORT may be *): the real server's name stays HOST\n"
    "  --cafile FILE             CAs the real server is verified against (default: the system's)\n"
    "  --cn-fallback             match the real server's CN when it has no subjectAltName (RFC 9525 §6.3 forbids it)\n"
    "  --connect                 speak HTTP CONNECT first (a browser's or curl's proxy setting)\n"
    "  --replace DIRECTION:FROM=TO   rewrite the plaintext: request:… or response:… (repeatable)\n"
    "  --log FILE                the relayed plaintext, both ways (default: standard output)\n"
    "  --html-dir DIR            an illustrated page of each leg of each connection\n"
    "  --html-max-page BYTES     a page stops growing here (default 1 MiB); the live pages share 64 MiB\n"
    "  --html-max-total BYTES    what --html-dir may write in one run (default 256 MiB)\n"
    "  --naccept N               exit after N connections (for scripts)\n"
    "  --max-connections N       default 256; --max-per-address N  default 32: when a limit is\n"
    "                            reached, the oldest connection still before its relay is dropped\n"
    "  --hello-timeout S         default 10: the CONNECT request and the ClientHello, all of it\n"
    "Without --ca: a plain TCP relay to --upstream; --replay-record N sends the client's N-th\n"
    "application_data record twice (the replay attack; the server must refuse it).\n";

std::atomic<bool> g_stop{false};
void on_signal(int) { g_stop = true; }

struct Proxy {
    std::optional<LabCa> ca;
    std::optional<HostPort> upstream;
    std::vector<glasstls::lab::ResolveEntry> resolve;   // --resolve
    bool connect_mode = false;
    bool cn_fallback = false;   // --cn-fallback
    verify::TrustStore trust;
    std::vector<Replacement> replacements;
    std::unique_ptr<HtmlPages> html_pages;   // --html-dir, within its budgets
    ProxyLog log;
    std::mutex forged_mutex;
    std::map<std::string, ServerCredential> forged;   // per name: forging costs a key pair and a signature
    std::atomic<int> running{0};
    std::optional<Admission> admission;   // --max-connections, --max-per-address
    int hello_timeout_ms = 10000;         // --hello-timeout: CONNECT and ClientHello, from accept

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
    Leg(Observer* page, int fd) : tls(crypto::system_random(), page), driver(tls, fd, proxy_deadlines) {}
};

// One victim's connection: its log tag and, with --html-dir, a page for each leg.
struct VictimSession {
    Proxy& proxy;
    std::shared_ptr<Slot> slot;
    int victim_fd;
    std::string peer;
    std::size_t number;
    std::string tag = "[conn " + std::to_string(number) + "] ";
    std::unique_ptr<BudgetedPage> victim_page, upstream_page;
    int upstream_fd = -1;

    VictimSession(Proxy& p, std::shared_ptr<Slot> s, std::string who, std::size_t n)
        : proxy(p), slot(std::move(s)), victim_fd(slot->fd), peer(std::move(who)), number(n) {}
    void say(const std::string& line) { proxy.log.line(tag + line); }

    void open_pages() {
        if (!proxy.html_pages) return;
        victim_page = proxy.html_pages->open("glass proxy: connection " + std::to_string(number) + ", the victim's leg (" + peer + ")", false);
        upstream_page = proxy.html_pages->open("glass proxy: connection " + std::to_string(number) + ", the leg to the real server", true);
        if (!victim_page || !upstream_page) {
            victim_page.reset();
            upstream_page.reset();
            say("no pages: the live pages hold all of --html-dir's memory");
        }
    }

    // 1. Where to: HTTP CONNECT, then the ClientHello's server name — both
    // before one deadline from accept, however slowly they are dripped.
    Route choose_route(Bytes& hello_bytes) {
        const auto deadline = slot->accepted + std::chrono::milliseconds(proxy.hello_timeout_ms);
        std::string connect_target;
        if (proxy.connect_mode) connect_target = read_connect_request(victim_fd, deadline);
        const std::string sni = read_client_hello(victim_fd, hello_bytes, deadline);
        const std::string name = !sni.empty() ? sni : !connect_target.empty() ? parse_host_port(connect_target).host
                                                       : proxy.upstream ? proxy.upstream->host : "";
        if (name.empty()) throw std::runtime_error("no server name (no SNI, no CONNECT, no --upstream): cannot tell whom to impersonate");
        const HostPort target = proxy.upstream ? *proxy.upstream : !connect_target.empty() ? parse_host_port(connect_target) : HostPort{name, "443"};
        return {name, glasstls::lab::resolve_with(target, proxy.resolve)};
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
        Leg upstream(upstream_page.get(), upstream_fd);
        meet_real_server(upstream, route.name);
        Leg victim(victim_page.get(), victim_fd);
        deceive_victim(victim, route.name, hello_bytes);
        slot->handshaking = false;   // relaying: no longer the first to be dropped when full

        // 4. Relay, logging and rewriting the plaintext.
        relay(victim.driver, upstream.driver, proxy.replacements, [&](const std::string& s) { say(s); });
        say("closed");
    }

    void save_pages() {
        if (!victim_page) return;
        for (BudgetedPage* page : {victim_page.get(), upstream_page.get()}) {
            std::string why;
            const std::string name = "connection-" + std::to_string(number) + (page == victim_page.get() ? "-victim" : "-upstream") + ".html";
            if (proxy.html_pages->save(*page, name, why).empty()) say(why);
        }
        victim_page.reset();   // their memory back to the budget at once
        upstream_page.reset();
    }
};

// One victim, start to end.
void serve_victim(Proxy& proxy, std::shared_ptr<Slot> slot, std::string peer, std::size_t number) {
    VictimSession session(proxy, slot, std::move(peer), number);
    session.open_pages();
    try {
        session.run();
    } catch (const std::exception& e) {
        session.say(slot->evicted ? std::string("dropped: the proxy was full and this was the oldest connection not yet relaying") : e.what());
    }
    if (session.upstream_fd >= 0) close(session.upstream_fd);
    shutdown(slot->fd, SHUT_RDWR);
    // Out of the admission list before the descriptor is closed, so an
    // eviction can never shut down a recycled descriptor number.
    proxy.admission->release(slot);
    close(slot->fd);
    session.save_pages();
}

// A victim's thread: the count drops once the session is destroyed, so main
// may then exit and destroy `proxy` (the pages' budget) under no one.
void serve(Proxy& proxy, std::shared_ptr<Slot> slot, std::string peer, std::size_t number) {
    serve_victim(proxy, std::move(slot), std::move(peer), number);
    --proxy.running;
}

// Without --ca: the plain relay, for the replay attack inside one connection.
int run_plain(const Args& args, Proxy& proxy, const HostPort& where, std::size_t naccept) {
    if (!proxy.upstream) throw UsageError("without --ca, give --upstream HOST:PORT (a plain TCP relay)");
    const std::size_t replay = args.get_size("replay-record", 0);
    const HostPort upstream = glasstls::lab::resolve_with(*proxy.upstream, proxy.resolve);
    const int listener = listen_or_say(where, "glass proxy");
    if (listener < 0) return 1;
    std::cerr << "glass proxy: listening on " << host_port_text(where.host, where.port) << ", relaying TCP to "
              << host_port_text(upstream.host, upstream.port)
              << (replay ? ", replaying the client's application_data record " + std::to_string(replay) : std::string()) << std::endl;
    return run_plain_relay(listener, upstream, replay, naccept, proxy.log);
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
        // One thread each: caps, so that a flood — or one address's slowloris — cannot hold every slot.
        const std::string peer = peer_name(addr), tag = "[conn " + std::to_string(accepted) + "] ";
        std::string dropped;
        std::shared_ptr<Slot> slot = proxy.admission->admit(address_of(peer), fd, dropped);
        if (!slot) {
            proxy.log.line(tag + "refused " + peer + ": every slot is relaying (see --max-connections, --max-per-address)");
            close(fd);
            continue;
        }
        if (!dropped.empty()) proxy.log.line(tag + "full: dropped the oldest connection of " + dropped + " not yet relaying, for " + peer);
        ++proxy.running;
        std::thread(serve, std::ref(proxy), slot, peer, accepted).detach();
    }
    return accepted;
}

} // namespace

int cmd_proxy(const std::vector<std::string>& argv) {
    Args args(argv, {"help", "connect", "cn-fallback", "no-cn-fallback"},
              {"listen", "ca", "upstream", "cafile", "replace", "log", "html-dir", "naccept", "replay-record", "max-connections",
               "max-per-address", "hello-timeout", "html-max-page", "html-max-total", "resolve"});
    if (args.flag("help")) {
        std::cout << kUsage;
        return 0;
    }
    const auto listen = args.get("listen");
    if (!listen) throw UsageError("--listen [ADDR:]PORT is needed");
    const HostPort where = listen->find(':') == std::string::npos ? HostPort{"127.0.0.1", *listen} : parse_host_port(*listen);
    Proxy proxy;
    if (auto up = args.get("upstream")) proxy.upstream = parse_host_port(*up);
    proxy.resolve = resolve_entries(args);
    if (auto path = args.get("log")) {
        if (!proxy.log.open(*path)) throw UsageError("cannot write " + *path);
    }
    const std::size_t naccept = args.get_size("naccept", 0);
    if (!args.get("ca")) return run_plain(args, proxy, where, naccept);
    if (!load_ca_and_trust(args, proxy)) return 1;
    proxy.connect_mode = args.flag("connect");
    proxy.cn_fallback = args.flag("cn-fallback");
    proxy.admission.emplace(args.get_size("max-connections", 256), args.get_size("max-per-address", 32));
    proxy.hello_timeout_ms = static_cast<int>(std::max<std::size_t>(1, args.get_size("hello-timeout", 10))) * 1000;
    if (const auto dir = args.get("html-dir")) {
        std::error_code ec;
        std::filesystem::create_directories(*dir, ec);
        if (ec) throw UsageError("cannot create the directory " + *dir);
        HtmlBudget budget;
        budget.max_page = args.get_size("html-max-page", budget.max_page);
        budget.max_disk = args.get_size("html-max-total", budget.max_disk);
        if (budget.max_page < 4096 || budget.max_page > budget.max_memory) throw UsageError("--html-max-page is from 4096 bytes to 64 MiB");
        proxy.html_pages = std::make_unique<HtmlPages>(*dir, budget, std::cerr);
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
