// SocketDriver: a Connection driven over a TCP socket (see the header).
#include "glasstls/socket_driver.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <algorithm>
#include <cerrno>

namespace glasstls {

namespace {
int ms_until(Clock::time_point t) {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t - Clock::now()).count();
    return static_cast<int>(std::clamp<long long>(ms, 0, 24LL * 3600 * 1000));
}
} // namespace

std::optional<std::size_t> receive_before(int fd, std::span<std::uint8_t> buffer, Clock::time_point deadline) {
    for (;;) {
        pollfd p{fd, POLLIN, 0};
        const int ready = poll(&p, 1, ms_until(deadline));
        if (ready < 0 && errno == EINTR) continue;
        if (ready <= 0) return std::nullopt;
        const ssize_t r = recv(fd, buffer.data(), buffer.size(), 0);
        if (r < 0 && errno == EINTR) continue;
        return r > 0 ? static_cast<std::size_t>(r) : 0;
    }
}

bool send_all(int fd, ByteView data, int wait_ms) {
    const Clock::time_point until = Clock::now() + std::chrono::milliseconds(wait_ms);
    while (!data.empty()) {
        const ssize_t w = send(fd, data.data(), data.size(), MSG_NOSIGNAL);
        if (w < 0) {
            if (errno == EINTR) continue;
            pollfd p{fd, POLLOUT, 0};
            if ((errno == EAGAIN || errno == EWOULDBLOCK) && ms_until(until) > 0 && poll(&p, 1, ms_until(until)) > 0) continue;
            return false;   // EPIPE, ECONNRESET, or EAGAIN after SO_SNDTIMEO
        }
        data = data.subspan(static_cast<std::size_t>(w));
    }
    return true;
}

SocketDriver::SocketDriver(Connection& conn, int fd, Deadlines deadlines, Clock::time_point started)
    : conn_(conn), fd_(fd), deadlines_(deadlines), started_(started), last_activity_(Clock::now()),
      records_seen_(conn.records_received()) {
    // A peer that stops reading must not pin us in send() for long.
    const timeval send_timeout{deadlines_.send_ms / 1000, (deadlines_.send_ms % 1000) * 1000};
    setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &send_timeout, sizeof send_timeout);
}

int SocketDriver::ms_left() const {
    return handshaking() ? ms_until(started_ + std::chrono::milliseconds(deadlines_.handshake_ms))
                         : ms_until(last_activity_ + std::chrono::milliseconds(deadlines_.idle_ms));
}

bool SocketDriver::flush() {
    Bytes out = conn_.take_output();
    if (out.empty()) return event_driven_ ? send_queued() : true;
    if (tap_) tap_(Direction::outgoing, out);
    mark_activity();
    if (!event_driven_) return send_all(fd_, out, deadlines_.send_ms);
    if (!output_pending()) {
        unsent_ = std::move(out);
        sent_ = 0;
        send_stalled_since_ = Clock::now();
    } else {
        append(unsent_, out);
    }
    return send_queued();
}

void SocketDriver::set_event_driven() {
    event_driven_ = true;
    const int flags = fcntl(fd_, F_GETFL);
    if (flags >= 0) fcntl(fd_, F_SETFL, flags | O_NONBLOCK);
}

// As much of the queue as the socket takes now. When all is sent the
// buffer's memory goes too: an idle connection keeps none.
bool SocketDriver::send_queued() {
    while (output_pending()) {
        const ssize_t w = send(fd_, unsent_.data() + sent_, unsent_.size() - sent_, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (w < 0 && errno == EINTR) continue;
        if (w < 0) return errno == EAGAIN || errno == EWOULDBLOCK;   // the rest when the socket drains
        sent_ += static_cast<std::size_t>(w);
        send_stalled_since_ = Clock::now();
    }
    Bytes().swap(unsent_);
    sent_ = 0;
    return true;
}

Wake SocketDriver::read_ready(std::span<std::uint8_t> buffer) {
    const Wake w = receive(buffer);
    conn_.release_idle_buffers();
    return w;
}

Wake SocketDriver::overdue() const {
    if (output_pending() && Clock::now() - send_stalled_since_ >= std::chrono::milliseconds(deadlines_.send_ms)) return Wake::gone;
    return ms_left() <= 0 ? Wake::timed_out : Wake::progress;
}

Wake SocketDriver::pump(int other_fd, int slice_ms) {
    if (!flush()) return Wake::gone;
    const int left = ms_left();
    if (left <= 0) return Wake::timed_out;
    pollfd fds[2] = {{fd_, POLLIN, 0}, {other_fd, POLLIN, 0}};
    const int ready = poll(fds, other_fd >= 0 ? 2 : 1, slice_ms < 0 ? left : std::min(left, slice_ms));
    if (ready < 0) return Wake::quiet;   // a signal: the caller looks at its flags and calls again
    if (ready == 0) return ms_left() <= 0 ? Wake::timed_out : Wake::quiet;
    if ((fds[0].revents & (POLLIN | POLLHUP | POLLERR)) != 0) return receive_in_place();
    return Wake::other_fd;
}

// The event loop's way: into the worker's buffer, shared by all its
// connections (an idle one holds none), then copied into the record layer.
Wake SocketDriver::receive(std::span<std::uint8_t> buffer) {
    return take_received(recv(fd_, buffer.data(), buffer.size(), 0), buffer.data(), false);
}

// pump()'s way: in place, straight into the record layer's buffer — no copy
// between the socket and the records, which are decrypted where they lie.
Wake SocketDriver::receive_in_place() {
    const std::span<std::uint8_t> room = conn_.receive_space(receive_size_);
    return take_received(recv(fd_, room.data(), room.size(), 0), room.data(), true);
}

Wake SocketDriver::take_received(ssize_t r, const std::uint8_t* at, bool in_place) {
    if (r < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)) return Wake::quiet;   // (a non-blocking socket)
    if (r <= 0) return Wake::closed;
    const ByteView got(at, static_cast<std::size_t>(r));
    if (tap_) tap_(Direction::incoming, got);   // before decryption overwrites them
    try {
        if (in_place) conn_.receive_committed(got.size());
        else conn_.receive(got);
    } catch (const TlsError&) {
        flush();   // the fatal alert the connection queued (RFC 5246 §7.2.2)
        throw;
    }
    // Only whole records count as activity: a peer dribbling one byte at a
    // time never completes one, and times out.
    if (conn_.records_received() != records_seen_) {
        records_seen_ = conn_.records_received();
        mark_activity();
    }
    return Wake::progress;
}

Wake SocketDriver::wait_until(const std::function<bool()>& done, int ms) {
    const Clock::time_point until = Clock::now() + std::chrono::milliseconds(ms);
    while (!done()) {
        const int left = ms_until(until);
        if (left <= 0) return flush() ? Wake::quiet : Wake::gone;
        const Wake w = pump(-1, left);
        if (w != Wake::progress && w != Wake::quiet) return w;
    }
    return flush() ? Wake::progress : Wake::gone;
}

Wake SocketDriver::handshake() {
    return wait_until([&] { return conn_.handshake_done(); }, deadlines_.handshake_ms);
}

bool SocketDriver::write(ByteView data) {
    conn_.write(data);
    return flush();
}

void SocketDriver::close() {
    conn_.close();
    flush();
}

} // namespace glasstls
