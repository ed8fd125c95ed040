// The socket driver: one sans-IO Connection over one connected TCP socket.
//
// The engine never touches a socket (connection.hpp); every program that
// puts one on the network — glass client, server, proxy and heartbleed, the
// Python module — needs the same loop around it: send what the engine
// queued, wait for the peer with a deadline, hand over what arrived, and on
// a protocol error send the fatal alert before reporting it. That loop
// lives here once, with the lab's deadline rules:
//
//   handshake  the whole handshake, counted from the start (accept or
//              connect): bytes that arrive do not extend it, so a peer that
//              dribbles one byte at a time cannot hold a connection;
//   idle       after the handshake, this long with no whole record from the
//              peer and nothing sent to it;
//   send       a peer that reads nothing for this long is gone (SO_SNDTIMEO).
//
// An event-driven server (an epoll loop owning many connections) uses the
// same driver in its non-blocking mode, set_event_driven(): nothing waits,
// flush() sends what the socket takes now and keeps the rest for when it
// drains, and the loop asks overdue() instead of sleeping on a deadline.
//
// Waits report how they ended (Wake) instead of throwing: a timeout or a
// closed socket is not a protocol error and each program words it its own
// way. Protocol errors are TlsError, as everywhere in glasstls.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <span>

#include "glasstls/codec.hpp"
#include "glasstls/connection.hpp"

namespace glasstls {

struct Deadlines {
    int handshake_ms = 10000;
    int idle_ms = 300000;
    int send_ms = 30000;
};

// How a wait ended.
enum class Wake {
    progress,    // bytes arrived and went into the connection (or what was waited for happened)
    other_fd,    // the second descriptor given to pump() is readable
    quiet,       // the slice given to pump() passed; the deadline has not
    closed,      // the peer closed the TCP connection (Connection::peer_closed(): after close_notify or not)
    timed_out,   // the handshake or idle deadline passed
    gone,        // sending failed: the peer went away or stopped reading
};

// One recv() that waits at most until `deadline`: the bytes read, 0 at the
// end of the stream, nullopt when the deadline passed first.
using Clock = std::chrono::steady_clock;
std::optional<std::size_t> receive_before(int fd, std::span<std::uint8_t> buffer, Clock::time_point deadline);

// Sends all of `data`, retrying short writes; false when the peer is gone
// (or, on a socket with SO_SNDTIMEO, stopped reading for that long). On a
// non-blocking socket (a Python socket with a timeout is one) a full send
// buffer is waited out for at most `wait_ms` in all.
bool send_all(int fd, ByteView data, int wait_ms = 0);

class SocketDriver {
public:
    // Every byte sent (outgoing) and received (incoming), in order: for
    // glass client --pcap and --save-flights.
    using Tap = std::function<void(Direction, ByteView)>;

    // `fd` is connected and stays the caller's to close. `started` is when
    // the handshake deadline began (a server: the accept).
    SocketDriver(Connection& conn, int fd, Deadlines deadlines = {}, Clock::time_point started = Clock::now());
    void set_tap(Tap tap) { tap_ = std::move(tap); }
    // The most one recv() of pump() takes, straight into the record layer's
    // buffer (default: one record's worth). A bulk receiver asks for more:
    // fewer system calls, and that buffer grows to hold that much.
    void set_receive_size(std::size_t n) { receive_size_ = n; }
    Connection& connection() { return conn_; }
    int fd() const { return fd_; }

    // Sends what the connection has queued — after a TlsError, its fatal alert.
    bool flush();
    // One round: flush, then wait for the peer (and for `other_fd` when it
    // is not -1, e.g. standard input) at most `slice_ms` (-1: until the
    // deadline), and hand what arrived to the connection. A TlsError from
    // the connection is rethrown once its alert is sent.
    Wake pump(int other_fd = -1, int slice_ms = -1);
    // Pumps until `done()` holds (progress), `ms` pass (quiet) or the wait
    // ends otherwise (closed, timed_out, gone).
    Wake wait_until(const std::function<bool()>& done, int ms);
    // Runs the handshake to its end (a client calls Connection::start()
    // first): progress when it is done.
    Wake handshake();
    // Queues application data and sends it; false when the peer is gone.
    bool write(ByteView data);
    // Queues close_notify (RFC 5246 §7.2.1) and sends it.
    void close();

    bool handshaking() const { return !conn_.handshake_done(); }
    // Milliseconds left before the deadline now in force.
    int ms_left() const;

    // ---- Event-driven mode: the socket is non-blocking, a loop waits ------
    void set_event_driven();
    // The socket is readable: one recv() into `buffer` (the loop's, shared
    // by all its connections, so an idle connection holds none), handed to
    // the connection. progress, quiet (nothing there after all) or closed;
    // a TlsError is rethrown once its alert is queued.
    Wake read_ready(std::span<std::uint8_t> buffer);
    // Bytes queued that the socket has not taken yet.
    bool output_pending() const { return sent_ < unsent_.size(); }
    // timed_out when the handshake or idle deadline has passed, gone when
    // queued bytes have waited the send deadline, progress otherwise.
    Wake overdue() const;

private:
    Wake receive(std::span<std::uint8_t> buffer);
    Wake receive_in_place();
    Wake take_received(ssize_t r, const std::uint8_t* at, bool in_place);
    bool send_queued();
    void mark_activity() { last_activity_ = Clock::now(); }

    Connection& conn_;
    int fd_;
    Deadlines deadlines_;
    Clock::time_point started_, last_activity_;
    std::uint64_t records_seen_ = 0;
    std::size_t receive_size_ = 16384;
    Tap tap_;
    // Event-driven mode: what the socket has not taken yet, from sent_ on,
    // and since when it has taken nothing (the send deadline).
    bool event_driven_ = false;
    Bytes unsent_;
    std::size_t sent_ = 0;
    Clock::time_point send_stalled_since_;
};

} // namespace glasstls
