// The event-driven server (glasstls/lab/event_server.hpp) on real loopback
// sockets: clients served by two workers at once, the handshake deadline
// counted from accept, a silent client that holds up no one, naccept.
#include <doctest/doctest.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <mutex>
#include <thread>

#include "glasstls/lab/event_server.hpp"
#include "glasstls/lab/net.hpp"
#include "handshake_helpers.hpp"

using namespace glasstls;
using glasstls::lab::EventServer;
using glasstls::lab::Slot;

namespace {

// An echo service: what the client sends comes back; the result is logged.
class Echo final : public lab::ServedConnection {
public:
    Echo(const ServerConfig& config, int fd, Deadlines deadlines, Clock::time_point accepted, EventServer::Log log)
        : conn_(crypto::system_random(), nullptr), driver_(conn_, fd, deadlines, accepted), log_(std::move(log)) {
        conn_.set_engine(std::make_unique<ServerHandshake>(conn_, config));
    }
    SocketDriver& driver() override { return driver_; }
    std::optional<std::string> on_wake(Wake w) override {
        if (w == Wake::timed_out) return driver_.handshaking() ? "handshake timed out" : "idle";
        if (w == Wake::closed) return conn_.peer_closed() ? "ok" : "closed";
        if (w == Wake::gone) return "gone";
        std::uint8_t buf[4096];
        while (std::size_t got = conn_.read(buf)) conn_.write({buf, got});
        if (conn_.peer_closed()) {
            driver_.close();
            return "ok";
        }
        return std::nullopt;
    }
    std::string on_shutdown() override { return "shutdown"; }
    void on_end(const std::string& result) override { log_(result); }

private:
    Connection conn_;
    SocketDriver driver_;
    EventServer::Log log_;
};

int listen_loopback(int& port) {
    const int fd = lab::listen_tcp({"127.0.0.1", "0"});
    sockaddr_in addr{};
    socklen_t len = sizeof addr;
    getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    port = ntohs(addr.sin_port);
    return fd;
}

// One client: handshake, send `text`, read it back, close_notify.
std::string echo_once(int port, const std::string& text) {
    const int fd = lab::connect_tcp({"127.0.0.1", std::to_string(port)});
    ClientConfig config;
    config.trust = &testing::lab().trust;
    config.server_name = "rsa-pkcs8.vectors.test";
    Connection conn(crypto::system_random(), nullptr);
    conn.set_engine(std::make_unique<ClientHandshake>(conn, config));
    conn.start();
    SocketDriver driver(conn, fd, Deadlines{5000, 5000, 5000});
    std::string got;
    if (driver.handshake() == Wake::progress && driver.write(as_bytes(text))) {
        driver.wait_until([&] { return conn.pending_application_data() >= text.size(); }, 5000);
        got.resize(conn.pending_application_data());
        conn.read({reinterpret_cast<std::uint8_t*>(got.data()), got.size()});
        driver.close();
    }
    close(fd);
    return got;
}

struct Run {
    ServerConfig config;
    lab::Admission admission{64, 64};
    std::mutex mutex;
    std::vector<std::string> log;
    Deadlines deadlines{400, 2000, 2000};
    Run() { config.credentials = {testing::lab().rsa}; }
    EventServer::Open open() {
        return [this](std::shared_ptr<Slot> slot, const std::string&, std::size_t) {
            return std::make_unique<Echo>(config, slot->fd, deadlines, slot->accepted, logger());
        };
    }
    EventServer::Log logger() {
        return [this](const std::string& line) {
            std::lock_guard<std::mutex> lock(mutex);
            log.push_back(line);
        };
    }
};

} // namespace

TEST_CASE("event server: two workers echo for clients at once, and finish after naccept") {
    Run run;
    int port = 0;
    const int listener = listen_loopback(port);
    EventServer server(listener, run.admission, run.open(), run.logger(), {2, 6, 2000});
    CHECK(server.worker_count() == 2);
    std::atomic<bool> stop{false};
    std::size_t accepted = 0;
    std::thread serving([&] { accepted = server.run(stop); });
    std::vector<std::thread> clients;
    std::vector<std::string> answers(6);
    for (std::size_t i = 0; i < answers.size(); ++i) {
        clients.emplace_back([&, i] { answers[i] = echo_once(port, "hello from client " + std::to_string(i)); });
    }
    for (std::thread& t : clients) t.join();
    serving.join();
    close(listener);
    CHECK(accepted == 6);
    CHECK(std::count(run.log.begin(), run.log.end(), "ok") == 6);
    for (std::size_t i = 0; i < answers.size(); ++i) CHECK(answers[i] == "hello from client " + std::to_string(i));
    CHECK(run.admission.active() == 0);
}

TEST_CASE("event server: a silent client times out from accept and holds up no one meanwhile") {
    Run run;
    int port = 0;
    const int listener = listen_loopback(port);
    EventServer server(listener, run.admission, run.open(), run.logger(), {1, 2, 5000});
    std::atomic<bool> stop{false};
    std::thread serving([&] { server.run(stop); });
    // One worker: the silent connection and the real client share it.
    const int silent = lab::connect_tcp({"127.0.0.1", std::to_string(port)});
    CHECK(echo_once(port, "still served") == "still served");
    // The silent one is ended by its handshake deadline (400 ms): the server
    // closes the socket, so the read below ends instead of hanging.
    char c;
    CHECK(recv(silent, &c, 1, 0) <= 0);
    close(silent);
    serving.join();
    close(listener);
    CHECK(run.admission.active() == 0);
    std::sort(run.log.begin(), run.log.end());
    CHECK(run.log == std::vector<std::string>{"handshake timed out", "ok"});
}

TEST_CASE("event server: a stop request ends every connection, handshaking or not") {
    Run run;
    run.deadlines = {60000, 60000, 60000};
    int port = 0;
    const int listener = listen_loopback(port);
    EventServer server(listener, run.admission, run.open(), run.logger(), {2, 0, 5000});
    std::atomic<bool> stop{false};
    std::thread serving([&] { server.run(stop); });
    const int a = lab::connect_tcp({"127.0.0.1", std::to_string(port)});
    const int b = lab::connect_tcp({"127.0.0.1", std::to_string(port)});
    while (run.admission.active() < 2) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    stop = true;
    serving.join();
    close(listener);
    char c;
    CHECK(recv(a, &c, 1, 0) <= 0);
    CHECK(recv(b, &c, 1, 0) <= 0);
    close(a);
    close(b);
    CHECK(run.admission.active() == 0);
    CHECK(run.log == std::vector<std::string>{"shutdown", "shutdown"});
}
