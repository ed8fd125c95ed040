// The proxy's sockets (see the header).
#include "glasstls/lab/proxy_relay.hpp"

#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <chrono>
#include <iostream>
#include <stdexcept>

#include "glasstls/messages.hpp"
#include "glasstls/record_framing.hpp"

namespace glasstls::lab {


bool ProxyLog::open(const std::string& path) {
    file_.open(path, std::ios::app);
    return static_cast<bool>(file_);
}

void ProxyLog::line(const std::string& text) {
    std::lock_guard<std::mutex> lock(mutex_);
    (file_.is_open() ? static_cast<std::ostream&>(file_) : std::cout) << text << std::endl;
}

namespace {

// One recv before the deadline: the bytes read (empty at the end of the stream).
Bytes receive_some(int fd, Clock::time_point deadline, const char* waiting_for) {
    std::uint8_t buf[16384];
    const std::optional<std::size_t> n = receive_before(fd, buf, deadline);
    if (!n) throw std::runtime_error(std::string("timed out waiting for ") + waiting_for + " (one deadline for all of it, from accept)");
    return Bytes(buf, buf + *n);
}

bool send_text(int fd, const std::string& text) { return send_within_deadline(fd, as_bytes(text)); }

} // namespace

bool send_within_deadline(int fd, ByteView data) {
    const Clock::time_point until = Clock::now() + std::chrono::milliseconds(proxy_deadlines.send_ms);
    while (!data.empty()) {
        // MSG_DONTWAIT: a blocking socket without SO_SNDTIMEO must not block here for ever.
        const ssize_t w = send(fd, data.data(), data.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (w >= 0) {
            data = data.subspan(static_cast<std::size_t>(w));
            continue;
        }
        if (errno == EINTR) continue;
        const int left = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()).count());
        pollfd p{fd, POLLOUT, 0};
        if ((errno != EAGAIN && errno != EWOULDBLOCK) || left <= 0 || poll(&p, 1, left) <= 0) return false;
    }
    return true;
}

std::string read_connect_request(int fd, Clock::time_point deadline) {
    std::string head;
    while (head.find("\r\n\r\n") == std::string::npos) {
        if (head.size() > 8192) throw std::runtime_error("the CONNECT request is longer than 8 KiB");
        const Bytes b = receive_some(fd, deadline, "the CONNECT request");
        if (b.empty()) throw std::runtime_error("the victim closed before its CONNECT request ended");
        head.append(b.begin(), b.end());
    }
    if (head.rfind("CONNECT ", 0) != 0) {
        send_text(fd, "HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        throw std::runtime_error("not an HTTP CONNECT request: '" + head.substr(0, std::min<std::size_t>(head.find('\r'), 60)) + "'");
    }
    if (head.size() > head.find("\r\n\r\n") + 4) throw std::runtime_error("the victim sent data before the CONNECT was answered");
    const std::size_t start = 8, end = head.find(' ', start);
    const std::string target = head.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (!send_text(fd, "HTTP/1.1 200 Connection Established\r\n\r\n")) throw std::runtime_error("the victim does not read the answer to its CONNECT");
    return target;
}

std::string read_client_hello(int fd, Bytes& raw, Clock::time_point deadline) {
    RecordDeframer records;
    HandshakeReassembler hs;
    for (;;) {
        for (;;) {
            const ByteView front = records.front();
            if (front.size() >= record_header_length &&
                (records.problem() != FramingProblem::none || front[0] != static_cast<std::uint8_t>(ContentType::handshake))) {
                throw std::runtime_error("the victim did not begin with a TLS ClientHello (is it speaking plain HTTP to a TLS proxy?)");
            }
            const std::optional<FramedRecord> record = records.next();
            if (!record) break;
            hs.add(record->fragment());
            if (std::optional<HandshakeMessage> m = hs.next()) {
                if (m->type != HandshakeType::client_hello) throw std::runtime_error("the victim's first message is not a ClientHello");
                const ClientHello h = ClientHello::decode(m->body);
                const Extension* sni = h.find(ExtensionType::server_name);
                return sni != nullptr ? ext::parse_server_name(sni->data).value_or("") : "";
            }
        }
        if (raw.size() > 65536) throw std::runtime_error("no ClientHello within 64 KiB");
        const Bytes b = receive_some(fd, deadline, "the victim's ClientHello");
        if (b.empty()) throw std::runtime_error("the victim closed before its ClientHello was whole");
        append(raw, b);
        records.feed(b);
    }
}

void handshake(SocketDriver& d) {
    switch (d.handshake()) {
    case Wake::progress: return;
    case Wake::timed_out: throw std::runtime_error("the handshake timed out (state " + d.connection().state_name() + ")");
    case Wake::closed: throw std::runtime_error("the peer closed the connection during the handshake (state " + d.connection().state_name() + ")");
    default: throw std::runtime_error("the peer went away during the handshake");
    }
}

void send_plain_alert(int fd, AlertDescription alert) {
    const std::uint8_t record[7] = {21, 3, 3, 0, 2, 2, static_cast<std::uint8_t>(alert)};
    send_within_deadline(fd, ByteView(record, sizeof record));
}

void relay(SocketDriver& victim, SocketDriver& upstream, const std::vector<Replacement>& replacements,
           const std::function<void(const std::string&)>& say) {
    HttpRewriter requests(false, replacements), responses(true, replacements);
    responses.answers(requests);
    // One direction: what `from` decrypted, logged, rewritten, encrypted again by `to`.
    auto pass = [&](SocketDriver& from, SocketDriver& to, HttpRewriter& rewriter, const char* what) {
        std::string plain;
        std::uint8_t buf[16384];
        while (std::size_t got = from.connection().read(buf)) plain.append(reinterpret_cast<const char*>(buf), got);
        if (plain.empty()) return true;
        say(std::string(what) + " (" + std::to_string(plain.size()) + " bytes):\n" + loggable(plain, "    | "));
        const std::string out = rewriter.feed(plain);
        const std::vector<std::string> notes = rewriter.take_notes();
        for (const std::string& note : notes) say("*** " + note);
        if (!notes.empty() && !out.empty()) say("*** forwarded instead (" + std::to_string(out.size()) + " bytes):\n" + loggable(out, "    > "));
        return out.empty() || to.write(as_bytes(out));
    };
    for (bool done = false; !done;) {
        // The victim's driver waits for both sockets: its idle deadline
        // counts what it hears and what it is sent, so it covers both ways.
        Wake w = victim.pump(upstream.fd());
        const bool from_victim = w != Wake::other_fd;
        SocketDriver& from = from_victim ? victim : upstream;
        if (!from_victim) w = upstream.pump();
        const char* who = from_victim ? "the victim" : "the server";
        if (w == Wake::timed_out) {
            say("idle for 5 minutes: closing");
            break;
        }
        if (w == Wake::closed || w == Wake::gone) {
            say(std::string(who) + " closed the TCP connection");
            break;
        }
        if (w != Wake::progress) continue;
        done = !pass(from, from_victim ? upstream : victim, from_victim ? requests : responses,
                     from_victim ? ">>> request from the victim" : "<<< response from the server");
        if (from.connection().peer_closed()) {
            say(std::string(who) + " sent close_notify");
            done = true;
        }
    }
    for (auto [rewriter, to] : {std::pair{&requests, &upstream}, std::pair{&responses, &victim}}) {
        const std::string rest = rewriter->finish();
        Connection& c = to->connection();
        if (!rest.empty() && c.handshake_done() && !c.peer_closed()) c.write(as_bytes(rest));
    }
    victim.close();
    upstream.close();
}

} // namespace glasstls::lab
