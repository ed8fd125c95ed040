// The proxy's sockets (see the header).
#include "proxy_relay.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <iostream>
#include <stdexcept>

#include "glasstls/messages.hpp"
#include "glasstls/record_framing.hpp"

namespace glass {

using namespace glasstls;

bool ProxyLog::open(const std::string& path) {
    file_.open(path, std::ios::app);
    return static_cast<bool>(file_);
}

void ProxyLog::line(const std::string& text) {
    std::lock_guard<std::mutex> lock(mutex_);
    (file_.is_open() ? static_cast<std::ostream&>(file_) : std::cout) << text << std::endl;
}

namespace {

constexpr int first_bytes_timeout_ms = 10000;
constexpr int idle_timeout_ms = 300000;

// One recv with a deadline: the bytes read (empty at the end of the stream).
Bytes receive_some(int fd, int timeout_ms, const char* waiting_for) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, timeout_ms) <= 0) throw std::runtime_error(std::string("timed out waiting for ") + waiting_for);
    std::uint8_t buf[16384];
    const ssize_t r = recv(fd, buf, sizeof buf, 0);
    return r > 0 ? Bytes(buf, buf + r) : Bytes{};
}

} // namespace

std::string read_connect_request(int fd) {
    std::string head;
    while (head.find("\r\n\r\n") == std::string::npos) {
        if (head.size() > 8192) throw std::runtime_error("the CONNECT request is longer than 8 KiB");
        const Bytes b = receive_some(fd, first_bytes_timeout_ms, "the CONNECT request");
        if (b.empty()) throw std::runtime_error("the victim closed before its CONNECT request ended");
        head.append(b.begin(), b.end());
    }
    if (head.rfind("CONNECT ", 0) != 0) {
        const std::string no = "HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        write_all(fd, reinterpret_cast<const unsigned char*>(no.data()), no.size());
        throw std::runtime_error("not an HTTP CONNECT request: '" + head.substr(0, std::min<std::size_t>(head.find('\r'), 60)) + "'");
    }
    if (head.size() > head.find("\r\n\r\n") + 4) throw std::runtime_error("the victim sent data before the CONNECT was answered");
    const std::size_t start = 8, end = head.find(' ', start);
    const std::string target = head.substr(start, end == std::string::npos ? std::string::npos : end - start);
    const std::string yes = "HTTP/1.1 200 Connection Established\r\n\r\n";
    write_all(fd, reinterpret_cast<const unsigned char*>(yes.data()), yes.size());
    return target;
}

std::string read_client_hello(int fd, Bytes& raw) {
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
        const Bytes b = receive_some(fd, first_bytes_timeout_ms, "the victim's ClientHello");
        if (b.empty()) throw std::runtime_error("the victim closed before its ClientHello was whole");
        append(raw, b);
        records.feed(b);
    }
}

bool flush_connection(Connection& c, int fd) {
    const Bytes out = c.take_output();
    return out.empty() || write_all(fd, out.data(), out.size());
}

void handshake(Connection& c, int fd, int timeout_ms) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    for (;;) {
        if (!flush_connection(c, fd)) throw std::runtime_error("the peer went away during the handshake");
        if (c.handshake_done()) return;
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
        if (left <= 0) throw std::runtime_error("the handshake timed out (state " + c.state_name() + ")");
        const Bytes b = receive_some(fd, static_cast<int>(left), "the handshake");
        if (b.empty()) throw std::runtime_error("the peer closed the connection during the handshake (state " + c.state_name() + ")");
        try {
            c.receive(b);
        } catch (const TlsError&) {
            flush_connection(c, fd);   // the fatal alert
            throw;
        }
    }
}

void send_plain_alert(int fd, AlertDescription alert) {
    const std::uint8_t record[7] = {21, 3, 3, 0, 2, 2, static_cast<std::uint8_t>(alert)};
    write_all(fd, record, sizeof record);
}

void relay(Connection& victim, int victim_fd, Connection& upstream, int upstream_fd, const std::vector<Replacement>& replacements,
           const std::function<void(const std::string&)>& say) {
    HttpRewriter requests(false, replacements), responses(true, replacements);
    std::uint8_t buf[16384];
    // One direction: what `from` decrypted, logged, rewritten, encrypted again by `to`.
    auto pass = [&](Connection& from, Connection& to, int to_fd, HttpRewriter& rewriter, const char* what) {
        std::string plain;
        while (std::size_t got = from.read(buf)) plain.append(reinterpret_cast<const char*>(buf), got);
        if (plain.empty()) return true;
        say(std::string(what) + " (" + std::to_string(plain.size()) + " bytes):\n" + loggable(plain, "    | "));
        const std::string out = rewriter.feed(plain);
        const std::vector<std::string> notes = rewriter.take_notes();
        for (const std::string& note : notes) say("*** " + note);
        if (!notes.empty() && !out.empty()) say("*** forwarded instead (" + std::to_string(out.size()) + " bytes):\n" + loggable(out, "    > "));
        if (!out.empty()) to.write(as_bytes(out));
        return flush_connection(to, to_fd);
    };
    for (;;) {
        pollfd fds[2] = {{victim_fd, POLLIN, 0}, {upstream_fd, POLLIN, 0}};
        if (poll(fds, 2, idle_timeout_ms) <= 0) {
            say("idle for 5 minutes: closing");
            break;
        }
        bool done = false;
        for (int i = 0; i < 2 && !done; ++i) {
            if ((fds[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
            Connection& from = i == 0 ? victim : upstream;
            Connection& to = i == 0 ? upstream : victim;
            const int to_fd = i == 0 ? upstream_fd : victim_fd;
            const ssize_t r = recv(fds[i].fd, buf, sizeof buf, 0);
            if (r <= 0) {
                say(std::string(i == 0 ? "the victim" : "the server") + " closed the TCP connection");
                done = true;
                break;
            }
            from.receive({buf, static_cast<std::size_t>(r)});
            if (!pass(from, to, to_fd, i == 0 ? requests : responses, i == 0 ? ">>> request from the victim" : "<<< response from the server")) {
                done = true;
            }
            if (from.peer_closed()) {
                say(std::string(i == 0 ? "the victim" : "the server") + " sent close_notify");
                done = true;
            }
        }
        if (done) break;
    }
    for (auto [rewriter, to, fd] : {std::tuple{&requests, &upstream, upstream_fd}, std::tuple{&responses, &victim, victim_fd}}) {
        const std::string rest = rewriter->finish();
        if (!rest.empty() && to->handshake_done() && !to->peer_closed()) to->write(as_bytes(rest));
    }
    victim.close();
    upstream.close();
    flush_connection(victim, victim_fd);
    flush_connection(upstream, upstream_fd);
}

} // namespace glass
