// An event-driven TLS server: connections are state, not threads.
//
// glass server's first model was a thread per connection, easy to follow
// but costly: every idle connection held a thread, its stack and a 16 KiB
// receive buffer (about 68 KiB of RSS each). Here a connection is only its
// sans-IO Connection, its SocketDriver in event-driven mode and what the
// application keeps (ServedConnection). One worker per core runs an epoll
// loop over the connections it accepted; the receive buffer is the
// worker's, so an idle connection holds no buffer and no thread.
//
// A worker does the public-key work of its connections' handshakes itself:
// a full handshake (about a millisecond of arithmetic) delays the other
// connections of that worker by as much and never those of the others, and
// handshakes per second grow with the number of workers.
//
// The hardening of the threaded server holds here too: the driver's
// deadlines (handshake counted from accept, idle, send) are checked by each
// loop every 100 ms; Admission caps the connections in all and per address
// and evicts the oldest one still in its handshake; a peer costs its worker
// one recv() and the processing of what arrived per wake, never a wait.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "glasstls/lab/admission.hpp"
#include "glasstls/socket_driver.hpp"

namespace glasstls::lab {

// One connection as the application (echo, a web page…) serves it. Each
// call comes from the worker that owns the connection.
class ServedConnection {
public:
    virtual ~ServedConnection() = default;
    virtual SocketDriver& driver() = 0;
    // What happened: progress (bytes arrived and went into the connection),
    // quiet (the socket drained: room to send more), or how the wait ended
    // (closed, timed_out, gone). The connection's result once it is over,
    // nullopt to go on. A TlsError ends it with "failed: …".
    virtual std::optional<std::string> on_wake(Wake w) = 0;
    // More to send as soon as the socket drains (a file being streamed).
    virtual bool wants_to_send() const { return false; }
    // The server is shutting down: queue what ends the connection politely.
    virtual std::string on_shutdown() = 0;
    // The connection is over and its socket closed: log it.
    virtual void on_end(const std::string& result) = 0;
};

struct EventServerOptions {
    std::size_t workers = 0;   // 0: one per core
    std::size_t naccept = 0;   // accept this many connections, then finish (0: no end)
    int grace_ms = 10000;      // after the last accept, how long the others may take to finish
};

class EventServer {
public:
    // The state of a newly accepted connection; its socket (slot->fd) stays
    // the server's to close.
    using Open = std::function<std::unique_ptr<ServedConnection>(std::shared_ptr<Slot> slot, const std::string& peer, std::size_t number)>;
    using Log = std::function<void(const std::string&)>;

    EventServer(int listener, Admission& admission, Open open, Log log, EventServerOptions options = {});
    // Serves until `stop` is set (a signal) or, after the naccept-th
    // connection, until every connection has ended or the grace has passed.
    // Returns how many connections were accepted.
    std::size_t run(const std::atomic<bool>& stop);

    std::size_t worker_count() const { return workers_; }

private:
    class Worker;
    friend class Worker;
    bool accepting() const { return options_.naccept == 0 || accepted_ < options_.naccept; }

    int listener_;
    Admission& admission_;
    Open open_;
    Log log_;
    EventServerOptions options_;
    std::size_t workers_;
    std::atomic<std::size_t> accepted_{0};
    std::atomic<std::size_t> live_{0};      // connections not yet ended
    std::atomic<bool> closing_{false};      // the grace has passed: end them all
};

} // namespace glasstls::lab
