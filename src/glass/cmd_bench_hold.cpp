// glass bench hold --connect HOST:PORT --connections N [--pid PID] [options]
// (glass bench record and handshake live in cmd_bench.cpp and cmd_bench_handshake.cpp)
//
// How many established TLS connections a server holds, and what each one
// costs it. N client connections are opened from this one thread: each is a
// sans-IO Connection on a non-blocking socket, and one small epoll loop
// drives them all (no thread and no blocking driver per connection, so the
// client stays cheap next to the server it measures). The server's resident
// memory (/proc/PID/status) is read before the first connection and after
// the last; then, while the N are held, a new client's full handshake and one
// answer are timed, and a few held connections are asked to answer too.
// Figures are printed, never asserted (docs/performance.md, "Connections held").
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <deque>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>

#include "cli.hpp"
#include "glasstls/handshake_client.hpp"

namespace glass {

namespace {
using namespace glasstls;
using Clock = std::chrono::steady_clock;

const char* kUsage =
    "usage: glass bench hold --connect HOST:PORT --connections N [options]\n"
    "Opens N TLS 1.2 connections to a server from one thread (non-blocking sockets, one epoll\n"
    "loop), holds them, and reports what they cost the server; then times a new client while\n"
    "the N are held and checks that some of the held ones still answer.\n"
    "  --pid PID             the server's process: its RSS and threads from /proc/PID/status\n"
    "  --cafile FILE         trusted CAs (PEM); --insecure: no verification (loudly insecure)\n"
    "  --servername NAME     the name verified (default: HOST)\n"
    "  --suite NAME          the cipher suite(s) offered (see glass ciphers)\n"
    "  --full                every connection does a full handshake (default: the first does,\n"
    "                        the others resume its session by ticket or session id)\n"
    "  --batch K             at most K connections connecting or handshaking at once (default 100)\n"
    "  --hold-seconds S      hold the N for S seconds before measuring (default 1)\n"
    "  --request TEXT        what held and new clients send to be answered, \\r and \\n understood\n"
    "                        (default \"GET / HTTP/1.0\\r\\n\\r\\n\"; an echo server echoes it)\n"
    "  --timeout S           the deadline of the whole run from its start, --hold-seconds not\n"
    "                        counted (default 60): every wait ends by then\n"
    "Exit 0: all N held and every check answered; 1: fewer held (the sentence says how many and why); 2: usage.\n";

struct Plan {
    std::string target;   // HOST:PORT, for the output
    sockaddr_storage address{};
    socklen_t address_length = 0;
    std::size_t connections = 0;
    std::size_t batch = 100;
    std::optional<pid_t> pid;
    double hold_seconds = 1;
    int timeout_s = 60;
    bool full = false;
    std::string request;
    verify::TrustStore trust;
    ClientConfig config;   // the first connection's, and the new client's: a full handshake
};

// "GET / HTTP/1.0\r\n\r\n" as typed on a command line, escapes made bytes.
std::string unescape(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\\' || i + 1 == text.size()) {
            out += text[i];
            continue;
        }
        const char c = text[++i];
        out += c == 'r' ? '\r' : c == 'n' ? '\n' : c == 't' ? '\t' : c;
    }
    return out;
}

// HOST:PORT resolved once: every connection goes to the same address.
void resolve(const HostPort& where, Plan& plan) {
    addrinfo hints{}, *found = nullptr;
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(where.host.c_str(), where.port.c_str(), &hints, &found) != 0 || found == nullptr) {
        throw UsageError("cannot resolve " + host_port_text(where.host, where.port));
    }
    std::memcpy(&plan.address, found->ai_addr, found->ai_addrlen);
    plan.address_length = found->ai_addrlen;
    freeaddrinfo(found);
}

// The options; `plan` is filled in place (its config points at its trust store).
void read_plan(const Args& args, Plan& plan) {
    const HostPort where = parse_host_port(args.require("connect"));
    plan.target = host_port_text(where.host, where.port);
    resolve(where, plan);
    plan.connections = args.get_size("connections", 0);
    if (plan.connections == 0) throw UsageError("--connections N is required (at least 1)");
    plan.batch = std::max<std::size_t>(1, args.get_size("batch", 100));
    if (args.get("pid")) plan.pid = static_cast<pid_t>(args.get_size("pid", 0));
    plan.hold_seconds = std::stod(args.get("hold-seconds").value_or("1"));
    plan.timeout_s = static_cast<int>(args.get_size("timeout", 60));
    plan.full = args.flag("full");
    plan.request = unescape(args.get("request").value_or("GET / HTTP/1.0\\r\\n\\r\\n"));
    ClientConfig& c = plan.config;
    c.server_name = args.get("servername").value_or(where.host);
    c.verify_peer = !args.flag("insecure");
    if (c.verify_peer) {
        for (const std::string& f : args.all("cafile")) plan.trust.add_file(f);
        if (!args.get("cafile")) plan.trust.add_system();
        c.trust = &plan.trust;
    }
    try {
        if (auto suite = args.get("suite")) c.suites = select_cipher_suites(*suite);
    } catch (const TlsError& e) {
        throw UsageError(std::string("--suite: ") + e.what());
    }
}

// Raises the soft limit on open files to the hard one; the sentence when
// `needed` descriptors still do not fit.
std::optional<std::string> make_room_for(std::size_t needed) {
    rlimit limit{};
    getrlimit(RLIMIT_NOFILE, &limit);
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
    if (limit.rlim_cur == RLIM_INFINITY || needed <= limit.rlim_cur) return std::nullopt;
    return "the connections need " + std::to_string(needed) + " file descriptors but this process may open at most " +
           std::to_string(limit.rlim_cur) + " (RLIMIT_NOFILE's hard limit; raise it with ulimit -Hn as root, or ask for fewer)";
}

// ---- what the kernel says a process holds ----------------------------------

struct ProcStatus {
    long rss_kib = 0;    // VmRSS: resident now
    long peak_kib = 0;   // VmHWM: the most it was ever resident
    long threads = 0;
};

std::optional<ProcStatus> read_status(pid_t pid) {
    std::ifstream f("/proc/" + std::to_string(pid) + "/status");
    if (!f) return std::nullopt;
    ProcStatus s;
    for (std::string line; std::getline(f, line);) {
        std::istringstream in(line);
        std::string key;
        long value = 0;
        in >> key >> value;
        if (key == "VmRSS:") s.rss_kib = value;
        if (key == "VmHWM:") s.peak_kib = value;
        if (key == "Threads:") s.threads = value;
    }
    return s;
}

std::string mib(long kib) {
    std::ostringstream out;
    out << std::fixed << std::setprecision(1) << static_cast<double>(kib) / 1024.0;
    return out.str();
}

// ---- the event loop ------------------------------------------------------------

// One client connection: its socket, its TLS engine, and the engine's
// output that the socket has not taken yet.
struct Link {
    enum class State { connecting, handshaking, held, ended };
    State state = State::connecting;
    std::size_t index = 0;          // in the loop, and in each epoll event's data
    int fd = -1;
    std::unique_ptr<Connection> conn;
    Bytes unsent;
    bool watching_writes = false;   // EPOLLOUT asked for: connecting, or `unsent` waits
    Bytes request;                  // written once the handshake is done (a new client's)
    std::size_t expect = 0;         // answered at this many bytes, or when the server closes after some
    std::size_t answer_bytes = 0;   // application data received
    Clock::time_point opened, answered_at;
    std::string ending;             // why it ended: "refused", "reset by the server", …
    bool answered() const { return answered_at != Clock::time_point{}; }
};

// Every socket is level-triggered in one epoll set, its index in the
// event's data: EPOLLIN always, EPOLLOUT while there is something to write.
class HoldLoop {
public:
    HoldLoop(const Plan& plan) : plan_(plan), epoll_(epoll_create1(EPOLL_CLOEXEC)) {
        if (epoll_ < 0) throw std::runtime_error(std::string("epoll_create1: ") + std::strerror(errno));
    }
    ~HoldLoop() {   // also when the run fails: the server sees orderly ends
        for (std::size_t i = 0; i < links_.size(); ++i) close(i);
        ::close(epoll_);
    }
    HoldLoop(const HoldLoop&) = delete;
    HoldLoop& operator=(const HoldLoop&) = delete;

    std::size_t open(const ClientConfig& config, const std::string& request = "");
    void wait(Clock::time_point deadline);
    void ask(std::size_t i, const std::string& request);   // a held connection writes `request`
    void close(std::size_t i);                              // close_notify, then the socket
    void expire();   // the deadline came: whatever is still connecting or handshaking ends

    Link& link(std::size_t i) { return links_[i]; }
    std::size_t opened() const { return links_.size(); }
    std::size_t in_flight() const { return in_flight_; }
    std::size_t held() const { return held_; }
    std::size_t resumed() const { return resumed_; }
    const std::map<std::string, std::size_t>& endings() const { return endings_; }

private:
    void on_event(Link& l, std::uint32_t events);
    void on_connected(Link& l);
    void on_readable(Link& l);
    void on_handshake_done(Link& l);
    void flush(Link& l);
    void watch_writes(Link& l, bool on);
    void end(Link& l, const std::string& why);
    static std::string reason(int error);

    const Plan& plan_;
    const int epoll_;
    std::deque<Link> links_;   // a deque: a Link never moves once opened
    std::size_t in_flight_ = 0, held_ = 0, resumed_ = 0;
    std::map<std::string, std::size_t> endings_;   // how many ended for each reason
    std::uint8_t buffer_[16384];                   // one read buffer for every connection
};

// A non-blocking connect; the connection is registered with the loop
// whatever happens, and ends at once when the socket cannot even be had.
std::size_t HoldLoop::open(const ClientConfig& config, const std::string& request) {
    const std::size_t index = links_.size();
    Link& l = links_.emplace_back();
    l.index = index;
    ++in_flight_;
    l.opened = Clock::now();
    l.request = Bytes(request.begin(), request.end());
    l.expect = request.size();
    l.conn = std::make_unique<Connection>(crypto::system_random(), nullptr);
    l.conn->set_engine(std::make_unique<ClientHandshake>(*l.conn, config));
    l.fd = ::socket(plan_.address.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (l.fd < 0) {
        end(l, reason(errno));
        return index;
    }
    const int one = 1;   // each flight is one write: no reason to wait for more (Nagle)
    setsockopt(l.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (::connect(l.fd, reinterpret_cast<const sockaddr*>(&plan_.address), plan_.address_length) != 0 && errno != EINPROGRESS) {
        end(l, reason(errno));
        return index;
    }
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLOUT;   // writable = connected (or failed: SO_ERROR says)
    ev.data.u64 = index;
    epoll_ctl(epoll_, EPOLL_CTL_ADD, l.fd, &ev);
    l.watching_writes = true;
    return index;
}

// One round: what the kernel reports ready, at most 100 ms of waiting.
void HoldLoop::wait(Clock::time_point deadline) {
    epoll_event events[256];
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    const int n = epoll_wait(epoll_, events, 256, static_cast<int>(std::clamp<long>(left, 0, 100)));
    for (int i = 0; i < n; ++i) on_event(links_[events[i].data.u64], events[i].events);
}

void HoldLoop::on_event(Link& l, std::uint32_t events) {
    if (l.state == Link::State::ended) return;   // ended earlier in this round
    if (l.state == Link::State::connecting) return on_connected(l);
    if (events & (EPOLLIN | EPOLLERR | EPOLLHUP)) on_readable(l);
    if (l.state != Link::State::ended && (events & EPOLLOUT)) flush(l);
}

// The TCP handshake ended one way or the other; ours begins: ClientHello.
void HoldLoop::on_connected(Link& l) {
    int error = 0;
    socklen_t length = sizeof error;
    getsockopt(l.fd, SOL_SOCKET, SO_ERROR, &error, &length);
    if (error != 0) return end(l, reason(error));
    l.state = Link::State::handshaking;
    l.conn->start();
    flush(l);
}

// One read a round (level-triggered: more data wakes the next round), fed
// to the engine; what it answers is written at once.
void HoldLoop::on_readable(Link& l) {
    const bool handshaking = l.state == Link::State::handshaking;
    const ssize_t n = ::recv(l.fd, buffer_, sizeof buffer_, 0);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
    if (n < 0) return end(l, reason(errno));
    if (n == 0) return end(l, handshaking ? "closed by the server during the handshake" : "closed by the server");
    try {
        l.conn->receive({buffer_, static_cast<std::size_t>(n)});
    } catch (const TlsError& e) {
        flush(l);   // our fatal alert
        return end(l, "TLS failure: " + e.describe());
    }
    while (std::size_t got = l.conn->read(buffer_)) l.answer_bytes += got;
    if (l.expect != 0 && !l.answered() && l.answer_bytes >= l.expect) l.answered_at = Clock::now();
    if (handshaking && l.conn->handshake_done()) on_handshake_done(l);
    flush(l);
    if (l.state != Link::State::ended && l.conn->peer_closed()) end(l, "closed by the server (close_notify)");
}

void HoldLoop::on_handshake_done(Link& l) {
    l.state = Link::State::held;
    --in_flight_;
    ++held_;
    if (l.conn->info().resumed) ++resumed_;
    if (!l.request.empty()) l.conn->write(l.request);
}

void HoldLoop::ask(std::size_t i, const std::string& request) {
    Link& l = links_[i];
    if (l.state != Link::State::held) return;
    l.expect = request.size();
    l.conn->write(as_bytes(request));
    flush(l);
}

// What the engine has to send, written as far as the socket takes it.
void HoldLoop::flush(Link& l) {
    append(l.unsent, l.conn->take_output());
    std::size_t sent = 0;
    while (sent < l.unsent.size()) {
        const ssize_t n = ::send(l.fd, l.unsent.data() + sent, l.unsent.size() - sent, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno == EAGAIN) break;
        if (n < 0) return end(l, reason(errno));
        sent += static_cast<std::size_t>(n);
    }
    l.unsent.erase(l.unsent.begin(), l.unsent.begin() + static_cast<std::ptrdiff_t>(sent));
    watch_writes(l, !l.unsent.empty());
}

void HoldLoop::watch_writes(Link& l, bool on) {
    if (l.watching_writes == on) return;
    epoll_event ev{};
    ev.events = EPOLLIN | (on ? EPOLLOUT : 0u);
    ev.data.u64 = l.index;
    epoll_ctl(epoll_, EPOLL_CTL_MOD, l.fd, &ev);
    l.watching_writes = on;
}

void HoldLoop::close(std::size_t i) {
    Link& l = links_[i];
    if (l.state == Link::State::ended) return;
    if (l.state != Link::State::held) return end(l, "closed by us");
    l.conn->close();   // close_notify (RFC 5246 §7.2.1); we do not wait for the server's
    flush(l);
    end(l, "closed by us");
}

void HoldLoop::expire() {
    for (Link& l : links_) {
        if (l.state == Link::State::connecting) end(l, "timed out connecting");
        if (l.state == Link::State::handshaking) end(l, "timed out in the handshake (state " + l.conn->state_name() + ")");
    }
}

// The connection is over: counted under `why`, its socket closed and its
// engine freed.
void HoldLoop::end(Link& l, const std::string& why) {
    if (l.state == Link::State::ended) return;
    (l.state == Link::State::held ? held_ : in_flight_)--;
    l.state = Link::State::ended;
    l.ending = why;
    if (!why.empty()) ++endings_[why];
    if (l.expect != 0 && l.answer_bytes > 0 && !l.answered()) l.answered_at = Clock::now();   // a short answer, then the end
    if (l.fd >= 0) ::close(l.fd);   // which also takes it out of the epoll set
    l.fd = -1;
    l.conn.reset();
    Bytes().swap(l.unsent);
}

std::string HoldLoop::reason(int error) {
    switch (error) {
    case ECONNREFUSED: return "refused (nothing listening, or its listen queue full)";
    case ECONNRESET:
    case EPIPE: return "reset by the server";
    case ETIMEDOUT: return "TCP timeout";
    case EADDRNOTAVAIL: return "no local port left (EADDRNOTAVAIL)";
    case EMFILE:
    case ENFILE: return "out of file descriptors";
    default: return std::strerror(error);
    }
}

// ---- the benchmark, phase by phase ------------------------------------------------

// Fewer than N held, or a check unanswered: the sentence, exit 1.
struct HoldFailure : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Runs the loop until `done()`; false when the deadline came first.
template <class Done>
bool run_until(HoldLoop& loop, Clock::time_point deadline, Done done) {
    while (!done()) {
        if (Clock::now() >= deadline) return false;
        loop.wait(deadline);
    }
    return true;
}

double ms_since(Clock::time_point start, Clock::time_point end = Clock::now()) {
    return std::chrono::duration<double, std::milli>(end - start).count();
}

// "held 5 of 20 connections: 15 closed by the server during the handshake"
std::string shortfall(const HoldLoop& loop, std::size_t wanted) {
    std::string text = "held " + std::to_string(loop.held()) + " of " + std::to_string(wanted) + " connections:";
    const char* separator = " ";
    for (const auto& [why, count] : loop.endings()) {
        text += separator + std::to_string(count) + " " + why;
        separator = "; ";
    }
    if (loop.opened() < wanted) text += separator + std::to_string(wanted - loop.opened()) + " not attempted before the deadline";
    return text;
}

// The first connection: a full handshake, whose session the others resume
// unless --full. `others` is their configuration; returns how they resume.
std::string first_connection(HoldLoop& loop, const Plan& plan, ClientConfig& others, Clock::time_point deadline) {
    const std::size_t first = loop.open(plan.config);
    if (!run_until(loop, deadline, [&] { return loop.in_flight() == 0; })) loop.expire();
    if (loop.held() == 0) throw HoldFailure("the first connection failed: " + loop.link(first).ending);
    const Connection& conn = *loop.link(first).conn;
    std::cout << "first connection: " << conn.info().suite->openssl_name << ", full handshake\n";
    others = plan.config;
    if (plan.full) return "every connection does a full handshake (--full)";
    const std::optional<Session>& session = conn.session();
    if (!session || !session->valid()) return "the server offered no session to resume: every connection does a full handshake";
    others.resume = session;
    return std::string("the others resume its session by ") + (session->ticket.empty() ? "session id" : "session ticket");
}

// Opens the rest, at most --batch of them connecting or handshaking at once
// so that the server's listen queue is not overrun.
void fill(HoldLoop& loop, const Plan& plan, const ClientConfig& config, Clock::time_point deadline) {
    const Clock::time_point start = Clock::now();
    while (loop.opened() < plan.connections || loop.in_flight() > 0) {
        while (loop.opened() < plan.connections && loop.in_flight() < plan.batch) loop.open(config);
        if (Clock::now() >= deadline) {
            loop.expire();
            break;
        }
        loop.wait(deadline);
    }
    if (loop.held() < plan.connections) throw HoldFailure(shortfall(loop, plan.connections));
    const double seconds = ms_since(start) / 1000;
    std::cout << "established " << plan.connections << " in " << std::fixed << std::setprecision(1) << seconds << " s ("
              << loop.resumed() << " resumed, " << plan.connections - loop.resumed() << " full)\n";
}

// Held for --hold-seconds, the loop still serving: a server that drops idle
// connections shows it here.
void hold_for(HoldLoop& loop, const Plan& plan, Clock::time_point deadline) {
    const auto until = std::min(deadline, Clock::now() + std::chrono::milliseconds(static_cast<long>(plan.hold_seconds * 1000)));
    run_until(loop, until, [] { return false; });
    if (loop.held() < plan.connections) {
        throw HoldFailure("all " + std::to_string(plan.connections) + " were established, then " + shortfall(loop, plan.connections));
    }
}

// The server's growth in resident memory over the N, and this client's.
void print_memory(const Plan& plan, const std::optional<ProcStatus>& before, const std::optional<ProcStatus>& client_before) {
    const double n = static_cast<double>(plan.connections);
    std::cout << std::fixed << std::setprecision(1);
    if (!plan.pid) {
        std::cout << "held " << plan.connections << " connections (no --pid: the server's memory was not measured)\n";
    } else {
        const std::optional<ProcStatus> after = read_status(*plan.pid);
        if (!before || !after) throw HoldFailure("cannot read /proc/" + std::to_string(*plan.pid) + "/status: has the server exited?");
        const long grew = after->rss_kib - before->rss_kib;
        std::cout << "held " << plan.connections << " connections; server RSS grew " << mib(grew) << " MiB = "
                  << static_cast<double>(grew) / n << " KiB per connection (before " << mib(before->rss_kib) << " MiB, after "
                  << mib(after->rss_kib) << " MiB); threads " << after->threads << "\n"
                  << "server peak RSS (VmHWM): before " << mib(before->peak_kib) << " MiB, after " << mib(after->peak_kib) << " MiB\n";
    }
    const std::optional<ProcStatus> client_after = read_status(getpid());
    if (client_before && client_after) {
        std::cout << "this client: " << static_cast<double>(client_after->rss_kib - client_before->rss_kib) / n
                  << " KiB of RSS per connection, one thread\n";
    }
}

// A new client while the N are held: connect, full handshake, the request,
// its answer.
void time_new_client(HoldLoop& loop, const Plan& plan, Clock::time_point deadline) {
    const std::size_t i = loop.open(plan.config, plan.request);
    const Link& l = loop.link(i);
    run_until(loop, deadline, [&] { return l.answered() || l.state == Link::State::ended; });
    if (!l.answered()) {
        throw HoldFailure("a new client was not served while " + std::to_string(plan.connections) +
                          " connections were held: " + (l.ending.empty() ? "no answer before the deadline" : l.ending));
    }
    std::cout << "new client served in " << std::setprecision(1) << ms_since(l.opened, l.answered_at)
              << " ms (connect, full handshake, the request and its answer)\n";
    loop.close(i);
}

// Ten of the held connections, spread over the N, asked to answer.
void check_held(HoldLoop& loop, const Plan& plan, Clock::time_point deadline) {
    const std::size_t n = std::min<std::size_t>(10, plan.connections);
    std::vector<std::size_t> asked;
    for (std::size_t k = 0; k < n; ++k) asked.push_back(k * plan.connections / n);
    for (std::size_t i : asked) loop.ask(i, plan.request);
    auto settled = [&](std::size_t i) { return loop.link(i).answered() || loop.link(i).state == Link::State::ended; };
    run_until(loop, deadline, [&] { return std::all_of(asked.begin(), asked.end(), settled); });
    std::string silent;   // why the first one that did not answer did not
    std::size_t answered = 0;
    for (std::size_t i : asked) {
        if (loop.link(i).answered()) ++answered;
        else if (silent.empty()) silent = loop.link(i).ending.empty() ? "no answer before the deadline" : loop.link(i).ending;
    }
    if (answered < n) {
        throw HoldFailure(std::to_string(n - answered) + " of " + std::to_string(n) +
                          " held connections did not answer the request: " + silent);
    }
    std::cout << answered << " of " << n << " held connections answered the request\n";
}

int hold(const Plan& plan) {
    const Clock::time_point deadline = Clock::now() + std::chrono::seconds(plan.timeout_s) +
                                       std::chrono::milliseconds(static_cast<long>(plan.hold_seconds * 1000));
    const std::optional<ProcStatus> before = plan.pid ? read_status(*plan.pid) : std::nullopt;
    const std::optional<ProcStatus> client_before = read_status(getpid());
    HoldLoop loop(plan);
    std::cout << "glass bench hold: " << plan.connections << " connections to " << plan.target << ", at most " << plan.batch
              << " connecting at once, from one thread\n";
    ClientConfig others;
    std::cout << first_connection(loop, plan, others, deadline) << "\n";
    fill(loop, plan, others, deadline);
    hold_for(loop, plan, deadline);
    print_memory(plan, before, client_before);
    time_new_client(loop, plan, deadline);
    check_held(loop, plan, deadline);
    std::cout << "closing " << plan.connections << " connections with close_notify\n";
    return 0;   // the loop's destructor closes them
}

} // namespace

int bench_hold(const std::vector<std::string>& argv) {
    Args args(argv, {"help", "insecure", "full"},
              {"connect", "connections", "pid", "cafile", "servername", "suite", "batch", "hold-seconds", "request", "timeout"});
    if (args.flag("help")) {
        std::cout << kUsage;
        return 0;
    }
    Plan plan;
    read_plan(args, plan);
    if (plan.pid && !read_status(*plan.pid)) throw UsageError("no process " + std::to_string(*plan.pid) + " to measure (--pid)");
    if (!plan.config.verify_peer) std::cerr << "WARNING: --insecure: the server's certificate is NOT verified.\n";
    try {
        if (auto no_room = make_room_for(plan.connections + 32)) throw HoldFailure(*no_room);
        return hold(plan);
    } catch (const HoldFailure& f) {
        std::cerr << "glass bench hold: " << f.what() << "\n";
        return 1;
    }
}

} // namespace glass
