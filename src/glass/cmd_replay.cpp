// glass replay FILE HOST:PORT — the replay attack ("what if someone captures
// the traffic and replays it later?"): the client's recorded flights
// (glass client --save-flights) sent again to a new connection, and why the
// server refuses them, in words. The server's answers are decoded with the
// passive decoder, as a capture would be.
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iostream>

#include "cli.hpp"
#include "glasstls/dissect.hpp"
#include "glasstls/passive.hpp"

namespace glass {

namespace {
using namespace glasstls;

const char* kUsage =
    "usage: glass replay FILE HOST:PORT [--timeout SECONDS]\n"
    "  FILE    the client's flights, recorded by glass client --save-flights\n"
    "Sends them to a new connection as an attacker who captured them would, and says why\n"
    "the server refuses. Exit 0: the replay was refused; 1: the server accepted it; 2: it\n"
    "could not be tested (no server, an unreadable file).\n";

// What the server's side of the replayed conversation showed.
struct ServerAnswers : Observer {
    Bytes server_random;
    bool extended_master_secret = false;   // the ServerHello's extension: RFC 7627 §4's formula is used
    bool hello_done = false, change_cipher_spec = false, finished = false;
    std::optional<AlertDescription> alert;
    void on_message(const MessageEvent& e) override {
        if (e.direction != Direction::incoming) return;
        if (e.message.type == HandshakeType::server_hello) {
            if (const auto* h = std::get_if<ServerHello>(&e.message.message)) {
                server_random = h->random;
                extended_master_secret = h->find(ExtensionType::extended_master_secret) != nullptr;
            }
        }
        hello_done = hello_done || e.message.type == HandshakeType::server_hello_done;
    }
    void on_record(const RecordEvent& e) override {
        if (e.direction != Direction::incoming) return;
        change_cipher_spec = change_cipher_spec || e.type == ContentType::change_cipher_spec;
        finished = finished || (change_cipher_spec && e.type == ContentType::handshake);
    }
    void on_alert(Direction d, AlertLevel, AlertDescription a) override {
        if (d == Direction::incoming) alert = a;
    }
};

std::vector<Bytes> load_flights(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::vector<Bytes> flights;
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#') continue;
        flights.push_back(from_hex(line));
    }
    if (flights.size() < 2) throw std::runtime_error(path + " holds fewer than two flights: record a whole handshake with glass client --save-flights");
    return flights;
}

// Reads what the server sends until `enough` says so, the server closes, or
// it is silent for `quiet_ms`. False when the connection ended.
bool listen(int fd, PassiveConnection& seen, const std::function<bool()>& enough, int quiet_ms) {
    std::uint8_t buf[16384];
    while (!enough()) {
        pollfd p{fd, POLLIN, 0};
        if (poll(&p, 1, quiet_ms) <= 0) return true;
        const ssize_t r = recv(fd, buf, sizeof buf, 0);
        if (r <= 0) return false;
        seen.feed(false, ByteView(buf, static_cast<std::size_t>(r)));
    }
    return true;
}

std::string why(AlertDescription a) {
    switch (a) {
    case AlertDescription::bad_record_mac:
        return "the recorded Finished was encrypted under keys made from the OLD master secret; under the server's new keys its "
               "authentication tag (or MAC) does not verify (RFC 5246 §6.2.3), so the server stops at once";
    case AlertDescription::decrypt_error:
        return "the recorded Finished's verify_data hashes the OLD handshake with the OLD master secret; it does not match the one the "
               "server computes for this handshake (RFC 5246 §7.4.9)";
    case AlertDescription::unexpected_message:
        return "the recorded messages do not fit this handshake (the server took another path, a resumption for instance)";
    default:
        return "the recorded bytes do not make a valid handshake with this server";
    }
}

// The new connection the recorded flights are sent to, and what its server answered.
struct ReplayConnection {
    int fd;
    int quiet_ms;
    ServerAnswers answers;
    PassiveConnection live{&answers, nullptr};

    ReplayConnection(int socket, int quiet) : fd(socket), quiet_ms(quiet) {}
    void send(const Bytes& b) {
        live.feed(true, b);
        write_all(fd, b.data(), b.size());
    }
    bool listen_until(const std::function<bool()>& enough) { return listen(fd, live, enough, quiet_ms); }
};

// The recorded flights, sent one after the other, each answer explained; false when the server closed.
bool replay_flights(ReplayConnection& c, const std::vector<Bytes>& flights) {
    const ServerAnswers& answers = c.answers;
    c.send(flights[0]);
    std::cout << "1. Sent the recorded ClientHello (the same client_random as in the original).\n";
    bool open = c.listen_until([&] { return answers.hello_done || answers.alert.has_value(); });
    if (!answers.server_random.empty()) {
        std::cout << "2. The server answered with a FRESH ServerHello: server_random " << to_hex(answers.server_random) << ".\n"
                  << "   A server draws 32 new random bytes for every handshake (RFC 5246 §7.4.1.3), so this one cannot be the\n";
        if (answers.extended_master_secret) {
            std::cout << "   original's — and every key depends on it: with extended master secret, master_secret =\n"
                      << "   PRF(pre_master_secret, \"extended master secret\", session_hash) (RFC 7627 §4), and the session\n"
                      << "   hash covers this ServerHello; with ECDHE or DHE the server's ephemeral key is new as well, so\n";
        } else {
            std::cout << "   original's — and every key depends on it: master_secret = PRF(pre_master_secret, \"master secret\",\n"
                      << "   client_random + server_random) (RFC 5246 §8.1); with ECDHE or DHE the server's ephemeral key is new as well, so\n";
        }
        std::cout << "   even the pre-master secret the replayed ClientKeyExchange yields is different.\n";
    }
    if (open && !answers.alert) {
        c.send(flights[1]);
        std::cout << "3. Sent the recorded second flight: ClientKeyExchange, ChangeCipherSpec, Finished (" << flights[1].size() << " bytes).\n";
        open = c.listen_until([&] { return answers.alert.has_value() || answers.finished; });
    }
    return open;
}

// What the server's answers mean, and the exit code: 0 refused, 1 accepted, 2 cannot tell.
int verdict(const ServerAnswers& answers, bool open, int quiet_ms) {
    if (answers.finished && !answers.alert) {
        std::cout << "ACCEPTED: the server sent its ChangeCipherSpec and Finished. It accepted a replayed handshake: it is broken.\n";
        return 1;
    }
    if (answers.alert) {
        std::cout << "REFUSED: the server sent a fatal " << alert_name(*answers.alert) << " alert (RFC 5246 §7.2):\n   " << why(*answers.alert) << ".\n"
                  << "The recorded bytes are useless to the attacker: nothing of the original session can be redone or read.\n";
        return 0;
    }
    if (!open) {
        std::cout << "REFUSED: the server closed the connection without finishing the handshake.\n";
        return 0;
    }
    std::cout << "Could not tell: the server said nothing within " << quiet_ms / 1000 << " s.\n";
    return 2;
}

} // namespace

int cmd_replay(const std::vector<std::string>& argv) {
    Args args(argv, {"help"}, {"timeout"});
    if (args.flag("help")) {
        std::cout << kUsage;
        return 0;
    }
    if (args.positional().size() != 2) throw UsageError("give FILE and HOST:PORT");
    const int quiet_ms = static_cast<int>(args.get_size("timeout", 3)) * 1000;
    std::vector<Bytes> flights;
    int fd;
    try {
        flights = load_flights(args.positional()[0]);
        fd = connect_tcp(parse_host_port(args.positional()[1]));
    } catch (const std::exception& e) {
        std::cerr << "glass replay: " << e.what() << "\n";
        return 2;
    }
    // The recorded conversation, as an eavesdropper holds it.
    PassiveConnection recorded(nullptr, nullptr);
    for (const Bytes& f : flights) recorded.feed(true, f);
    std::cout << "Replaying " << flights.size() << " recorded client flights (" << recorded.summary().records[0]
              << " records) to " << args.positional()[1] << ", as an attacker who captured them would.\n";

    ReplayConnection c(fd, quiet_ms);
    const bool open = replay_flights(c, flights);
    close(fd);
    return verdict(c.answers, open, quiet_ms);
}

} // namespace glass
