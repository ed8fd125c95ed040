// EventServer: epoll workers over non-blocking connections (see the header).
#include "glasstls/lab/event_server.hpp"

#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>
#include <unordered_map>

#include "glasstls/lab/net.hpp"

namespace glasstls::lab {

namespace {
constexpr int deadline_check_ms = 100;          // how often each worker looks at its deadlines
constexpr std::size_t receive_buffer = 65536;    // one per worker, shared by its connections
constexpr int accepts_per_wake = 64;             // then the worker serves its connections again
constexpr int events_per_wait = 64;
} // namespace

class EventServer::Worker {
public:
    explicit Worker(EventServer& server);
    ~Worker() { close(epoll_); }
    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;
    void run(const std::atomic<bool>& stop);

private:
    struct Entry {
        std::unique_ptr<ServedConnection> conn;
        std::shared_ptr<Slot> slot;
        std::optional<std::string> result;   // over: waiting only for its last bytes to leave
        std::uint32_t events = 0;            // what epoll watches for now
    };

    void accept_some();
    void admit(int fd, const std::string& peer);
    void on_event(int fd, std::uint32_t events);
    void turn(int fd, Entry& e, Wake w);
    void after_turn(int fd, Entry& e);
    void end(int fd, const std::string& result);
    void check_deadlines();
    void end_all();
    void stop_listening();

    EventServer& server_;
    int epoll_;
    bool listening_ = true;
    std::unordered_map<int, Entry> entries_;
    std::vector<std::uint8_t> buffer_;
};

EventServer::Worker::Worker(EventServer& server) : server_(server), epoll_(epoll_create1(EPOLL_CLOEXEC)), buffer_(receive_buffer) {
    // EPOLLEXCLUSIVE: a new connection wakes one worker, not all of them.
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLEXCLUSIVE;
    ev.data.fd = server_.listener_;
    epoll_ctl(epoll_, EPOLL_CTL_ADD, server_.listener_, &ev);
}

void EventServer::Worker::run(const std::atomic<bool>& stop) {
    auto last_check = Clock::now();
    epoll_event events[events_per_wait];
    for (;;) {
        if (stop || server_.closing_) return end_all();
        if (listening_ && !server_.accepting()) stop_listening();
        if (!listening_ && entries_.empty()) return;
        const int n = epoll_wait(epoll_, events, events_per_wait, deadline_check_ms);
        for (int i = 0; i < n; ++i) {
            if (events[i].data.fd == server_.listener_) accept_some();
            else on_event(events[i].data.fd, events[i].events);
        }
        if (Clock::now() - last_check >= std::chrono::milliseconds(deadline_check_ms)) {
            check_deadlines();
            last_check = Clock::now();
        }
    }
}

void EventServer::Worker::stop_listening() {
    epoll_ctl(epoll_, EPOLL_CTL_DEL, server_.listener_, nullptr);
    listening_ = false;
}

void EventServer::Worker::accept_some() {
    for (int i = 0; i < accepts_per_wake && server_.accepting(); ++i) {
        sockaddr_storage addr{};
        socklen_t len = sizeof addr;
        const int fd = accept4(server_.listener_, reinterpret_cast<sockaddr*>(&addr), &len, SOCK_CLOEXEC | SOCK_NONBLOCK);
        if (fd < 0) return;   // EAGAIN: another worker took it, or none is left
        admit(fd, peer_name(addr));
    }
}

// A number for the new connection, a slot in Admission, its state.
void EventServer::Worker::admit(int fd, const std::string& peer) {
    std::size_t number = server_.accepted_.load();
    do {
        if (server_.options_.naccept != 0 && number >= server_.options_.naccept) {
            close(fd);   // two workers raced for the last one
            return;
        }
    } while (!server_.accepted_.compare_exchange_weak(number, number + 1));
    ++number;
    std::string dropped;
    std::shared_ptr<Slot> slot = server_.admission_.admit(address_of(peer), fd, dropped);
    if (!slot) {
        server_.log_("[" + peer + "] refused: the server is full of established connections (see --max-connections, --max-per-address)");
        close(fd);
        return;
    }
    // Only TlsError leaves the library, but what the application builds here
    // and in its callbacks is caught too: one connection must never end a worker.
    std::unique_ptr<ServedConnection> conn;
    try {
        conn = server_.open_(slot, peer, number);
    } catch (const std::exception& err) {
        server_.log_("[" + peer + "] failed: internal error: " + err.what());
        server_.admission_.release(slot);
        close(fd);
        return;
    }
    Entry e{std::move(conn), slot, std::nullopt, EPOLLIN};
    e.conn->driver().set_event_driven();
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = fd;
    epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &ev);
    ++server_.live_;
    entries_.emplace(fd, std::move(e));
}

void EventServer::Worker::on_event(int fd, std::uint32_t events) {
    auto it = entries_.find(fd);
    if (it == entries_.end()) return;
    Entry& e = it->second;
    SocketDriver& driver = e.conn->driver();
    if (e.result) {   // over: only its last bytes are still leaving
        if (!driver.flush() || !driver.output_pending()) end(fd, *e.result);
        return;
    }
    if ((events & EPOLLOUT) != 0) {
        if (!driver.flush()) return turn(fd, e, Wake::gone);
        if (!driver.output_pending() && e.conn->wants_to_send()) turn(fd, e, Wake::quiet);
        if (entries_.count(fd) == 0 || e.result) return;
    }
    if ((events & (EPOLLIN | EPOLLHUP | EPOLLERR)) == 0) return after_turn(fd, e);
    Wake w = Wake::quiet;
    try {
        w = driver.read_ready(buffer_);
    } catch (const TlsError& err) {
        e.result = "failed: " + err.describe();   // its alert is queued and on its way
        return after_turn(fd, e);
    } catch (const std::exception& err) {
        e.result = std::string("failed: internal error: ") + err.what();
        return after_turn(fd, e);
    }
    if (w != Wake::quiet) turn(fd, e, w);
}

// The application's turn: what it queued is sent, and the connection is
// over when it says so. Only TlsError leaves the library; anything else is
// still caught, because one connection must never take the server down.
void EventServer::Worker::turn(int fd, Entry& e, Wake w) {
    SocketDriver& driver = e.conn->driver();
    try {
        e.result = e.conn->on_wake(w);
        if (!e.result && !driver.flush()) e.result = e.conn->on_wake(Wake::gone);
    } catch (const TlsError& err) {
        driver.flush();   // the fatal alert (RFC 5246 §7.2.2)
        e.result = "failed: " + err.describe();
    } catch (const std::exception& err) {
        e.result = std::string("failed: internal error: ") + err.what();
    }
    after_turn(fd, e);
}

// Ends a connection that is over and has nothing left to send; otherwise
// watches for what it waits for. While bytes wait for the peer to read
// them, nothing more is read from it: a client that sends and never reads
// (to an echo, say) fills its own socket buffers, not the server's memory,
// until the send deadline ends it — the back-pressure a blocking send gave.
void EventServer::Worker::after_turn(int fd, Entry& e) {
    SocketDriver& driver = e.conn->driver();
    if (e.result && !driver.output_pending()) return end(fd, *e.result);
    const bool pending = driver.output_pending();
    const std::uint32_t events = e.result || pending ? EPOLLOUT : (EPOLLIN | (e.conn->wants_to_send() ? EPOLLOUT : 0u));
    if (events == e.events) return;
    e.events = events;
    epoll_event ev{};
    ev.events = events;
    ev.data.fd = fd;
    epoll_ctl(epoll_, EPOLL_CTL_MOD, fd, &ev);
}

// As the threaded server did: out of Admission before the descriptor is
// closed, so an eviction can never shut down a recycled descriptor number.
void EventServer::Worker::end(int fd, const std::string& result) {
    auto it = entries_.find(fd);
    if (it == entries_.end()) return;
    epoll_ctl(epoll_, EPOLL_CTL_DEL, fd, nullptr);
    shutdown(fd, SHUT_RDWR);
    server_.admission_.release(it->second.slot);
    close(fd);
    try {
        it->second.conn->on_end(result);
    } catch (const std::exception& err) {
        server_.log_(result + " (and its log could not be completed: " + err.what() + ")");
    }
    entries_.erase(it);
    --server_.live_;
}

// Deadlines are the driver's (handshake from accept, idle, send); a
// connection whose last bytes cannot leave within the send deadline ends.
void EventServer::Worker::check_deadlines() {
    std::vector<std::pair<int, Wake>> due;
    for (auto& [fd, e] : entries_) {
        const Wake w = e.conn->driver().overdue();
        if (w != Wake::progress) due.emplace_back(fd, w);
    }
    for (const auto& [fd, w] : due) {
        auto it = entries_.find(fd);
        if (it == entries_.end()) continue;
        if (it->second.result) end(fd, *it->second.result);
        else turn(fd, it->second, w);
    }
}

void EventServer::Worker::end_all() {
    while (!entries_.empty()) {
        auto it = entries_.begin();
        Entry& e = it->second;
        std::string result = e.result ? *e.result : "closed: server shutting down";
        try {
            if (!e.result) result = e.conn->on_shutdown();
            e.conn->driver().flush();   // close_notify, if the socket takes it now
        } catch (const std::exception&) {
            // ending anyway: the socket is closed next
        }
        end(it->first, result);
    }
}

EventServer::EventServer(int listener, Admission& admission, Open open, Log log, EventServerOptions options)
    : listener_(listener), admission_(admission), open_(std::move(open)), log_(std::move(log)), options_(options),
      workers_(options.workers != 0 ? options.workers : std::max(1u, std::thread::hardware_concurrency())) {
    const int flags = fcntl(listener_, F_GETFL);
    if (flags >= 0) fcntl(listener_, F_SETFL, flags | O_NONBLOCK);
}

std::size_t EventServer::run(const std::atomic<bool>& stop) {
    std::vector<std::unique_ptr<Worker>> workers;
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < workers_; ++i) workers.push_back(std::make_unique<Worker>(*this));
    for (auto& w : workers) threads.emplace_back([&w, &stop] { w->run(stop); });
    // After the last accept, the connections have grace_ms to finish.
    std::optional<Clock::time_point> last_accept;
    while (!stop && !closing_) {
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
        if (accepting()) continue;
        if (!last_accept) last_accept = Clock::now();
        if (live_ == 0) break;
        if (Clock::now() - *last_accept >= std::chrono::milliseconds(options_.grace_ms)) closing_ = true;
    }
    for (std::thread& t : threads) t.join();
    return accepted_;
}

} // namespace glasstls::lab
