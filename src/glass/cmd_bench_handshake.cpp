// glass bench handshake [--suite NAME] [--cert rsa|ecdsa|ed25519] [--group G] [--seconds S]
//
// Full and abbreviated handshakes per second with the client and server
// engines wired back to back in memory (no sockets, one thread), and what
// share of that time went to public-key operations (key shares, signatures,
// certificate verification, RSA key transport) as counted by
// crypto::public_key_counters(). The server's own time per handshake is shown
// too: it is what bounds a server's capacity. Figures are printed, never
// asserted.
#include <malloc.h>

#include <chrono>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <stdexcept>

#include "cli.hpp"
#include "glasstls/handshake_client.hpp"
#include "glasstls/handshake_server.hpp"

#ifndef GLASS_VECTORS_DIR
#define GLASS_VECTORS_DIR "vectors"
#endif

namespace glass {

namespace {
using namespace glasstls;
using Clock = std::chrono::steady_clock;

// The self-signed fixtures in vectors/x509 (valid until 2126), trusted by the
// client as anchors, with the names in their subjectAltName.
struct BenchCertificate {
    const char* kind;
    const char* file;        // vectors/x509/<file>.crt.pem and <file>.pem
    const char* host;
    const char* default_suite;
};
const BenchCertificate bench_certificates[] = {
    {"rsa", "rsa-pkcs8", "rsa-pkcs8.vectors.test", "ECDHE-RSA-AES128-GCM-SHA256"},
    {"ecdsa", "ec-p256-pkcs8", "ec-p256-pkcs8.vectors.test", "ECDHE-ECDSA-AES128-GCM-SHA256"},
    {"ed25519", "ed25519-pkcs8", "ed25519-pkcs8.vectors.test", "ECDHE-ECDSA-AES128-GCM-SHA256"},
};

const BenchCertificate& certificate_kind(const std::string& kind) {
    for (const auto& c : bench_certificates) {
        if (kind == c.kind) return c;
    }
    throw UsageError("--cert must be rsa, ecdsa or ed25519");
}

struct Fixture {
    ServerCredential credential;
    verify::TrustStore trust;
    std::string host;
};

Fixture load_fixture(const BenchCertificate& kind, const std::string& dir) {
    const std::string base = dir + "/x509/" + kind.file;
    Fixture f{load_credential(base + ".crt.pem", base + ".pem"), {}, kind.host};
    f.trust.add(f.credential.leaf);
    return f;
}

// Time and public-key time spent inside one side's calls.
struct Meter {
    double seconds = 0;
    double public_key_seconds = 0;
    template <class Body>
    void run(Body body) {
        const auto pk_before = crypto::public_key_counters().nanoseconds;
        const auto start = Clock::now();
        body();
        seconds += std::chrono::duration<double>(Clock::now() - start).count();
        public_key_seconds += static_cast<double>(crypto::public_key_counters().nanoseconds - pk_before) / 1e9;
    }
};

struct Figures {
    std::size_t handshakes = 0;
    double seconds = 0;                  // wall time of the loop
    Meter client, server;
    double per_second() const { return static_cast<double>(handshakes) / seconds; }
    double public_key_share() const {
        return (client.public_key_seconds + server.public_key_seconds) / (client.seconds + server.seconds);
    }
    double server_microseconds() const { return server.seconds / static_cast<double>(handshakes) * 1e6; }
    // The server's protocol overhead: its time outside public-key operations.
    double server_overhead_share() const { return (server.seconds - server.public_key_seconds) / server.seconds; }
};

enum class Resume { none, ticket, session_id };

// A server with a session cache and ticket keys, and a client configured to
// reach it with one suite (and group, if given).
struct Bench {
    SessionCache cache;
    TicketKeys tickets{crypto::system_random()};
    ServerConfig server_config;
    ClientConfig client_config;
    Bench(const Fixture& fx, const CipherSuite& suite, std::optional<crypto::NamedGroup> group) {
        server_config.credentials = {fx.credential};
        server_config.suites = {&suite};
        server_config.session_cache = &cache;
        server_config.tickets = &tickets;
        client_config.server_name = fx.host;
        client_config.trust = &fx.trust;
        client_config.suites = {&suite};
        if (group) server_config.groups = client_config.groups = {*group};
    }

    // One handshake between fresh connections, each side's calls timed into `fig`.
    void handshake(Connection& client, Connection& server, Figures& fig) const {
        fig.server.run([&] { server.set_engine(std::make_unique<ServerHandshake>(server, server_config)); });
        fig.client.run([&] {
            client.set_engine(std::make_unique<ClientHandshake>(client, client_config));
            client.start();
        });
        for (int i = 0; i < 20 && !(client.handshake_done() && server.handshake_done()); ++i) {
            Bytes c, s;
            fig.client.run([&] { c = client.take_output(); });
            if (!c.empty()) fig.server.run([&] { server.receive(c); });
            fig.server.run([&] { s = server.take_output(); });
            if (!s.empty()) fig.client.run([&] { client.receive(s); });
        }
        if (!client.handshake_done() || !server.handshake_done()) {
            throw std::runtime_error("the in-memory handshake did not complete (" + client.state_name() + " / " +
                                     server.state_name() + ")");
        }
    }
    // A handshake whose connections are not kept; returns the client's session.
    std::optional<Session> handshake(Figures& fig) const {
        Connection client(crypto::system_random(), nullptr), server(crypto::system_random(), nullptr);
        handshake(client, server, fig);
        return client.session();
    }
};

Figures measure(const Fixture& fx, const CipherSuite& suite, std::optional<crypto::NamedGroup> group, Resume resume,
                double seconds) {
    Bench bench(fx, suite, group);
    bench.client_config.offer_session_ticket = resume != Resume::session_id;

    // The first full handshake yields the session the resumed ones reuse;
    // like a browser, the client keeps resuming the original session.
    Figures warmup;
    std::optional<Session> session = bench.handshake(warmup);
    if (resume != Resume::none) {
        if (!session || !session->valid()) throw std::runtime_error("the first handshake left no session to resume");
        bench.client_config.resume = session;
    }
    Figures fig;
    const auto start = Clock::now();
    do {
        bench.handshake(fig);
        ++fig.handshakes;
        fig.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    } while (fig.seconds < seconds);
    return fig;
}

// Heap held by one established server connection: many handshakes are
// completed and their server Connections kept; the growth of the heap in use
// (glibc's mallinfo2, which sees every operator new) divided by their number.
void print_memory_per_connection(const Fixture& fx, const CipherSuite& suite) {
    constexpr int count = 200;
    const Bench bench(fx, suite, std::nullopt);
    std::vector<std::unique_ptr<Connection>> kept;
    kept.reserve(count);
    Figures unused;
    auto establish = [&] {
        auto server = std::make_unique<Connection>(crypto::system_random(), nullptr);
        Connection client(crypto::system_random(), nullptr);
        bench.handshake(client, *server, unused);
        return server;
    };
    establish();   // the first one fills caches that every later one shares
    const std::size_t before = mallinfo2().uordblks;
    for (int i = 0; i < count; ++i) kept.push_back(establish());
    const std::size_t after = mallinfo2().uordblks;
    const double per = static_cast<double>(after - before) / count / 1024.0;
    std::cout << "memory: an established server connection (" << suite.openssl_name << ", " << fx.host
              << ") holds " << std::fixed << std::setprecision(1) << per
              << " KiB of heap, its session-cache entry included (" << count << " kept)\n";
}

void print_row(const std::string& suite, const std::string& cert, const std::string& mode, const Figures& f) {
    std::cout << std::left << std::setw(32) << suite << std::setw(9) << cert << std::setw(16) << mode << std::right
              << std::fixed << std::setprecision(0) << std::setw(10) << f.per_second() << std::setprecision(1)
              << std::setw(9) << 100.0 * f.public_key_share() << "%" << std::setprecision(0) << std::setw(12)
              << f.server_microseconds() << std::setprecision(1) << std::setw(11) << 100.0 * f.server_overhead_share()
              << "%\n";
}

} // namespace

int bench_handshake(const Args& args) {
    const double seconds = std::stod(args.get("seconds").value_or("1"));
    const std::string dir = args.get("vectors").value_or(GLASS_VECTORS_DIR);
    // Full handshakes alone, for a profiler (callgrind, perf) to see only them.
    const bool full_only = args.flag("full-only");
    std::optional<crypto::NamedGroup> group;
    if (auto g = args.get("group")) {
        group = crypto::group_from_name(*g);
        if (!group) throw UsageError("unknown group '" + *g + "'");
    }

    // Without options: one row per certificate type with its usual suite, plus
    // RSA key transport and DHE, the two other key exchanges.
    std::vector<std::pair<const BenchCertificate*, const CipherSuite*>> rows;
    if (args.get("suite") || args.get("cert")) {
        const BenchCertificate& kind = certificate_kind(args.get("cert").value_or("rsa"));
        std::vector<const CipherSuite*> suites;
        try {
            suites = select_cipher_suites(args.get("suite").value_or(std::string(kind.default_suite)));
        } catch (const TlsError& e) {   // the sentence alone: no peer is involved, so no alert name
            std::cerr << "glass bench: " << e.what() << "\n";
            return 1;
        }
        for (const CipherSuite* s : suites) rows.emplace_back(&kind, s);
    } else {
        rows = {{&certificate_kind("rsa"), find_cipher_suite("ECDHE-RSA-AES128-GCM-SHA256")},
                {&certificate_kind("rsa"), find_cipher_suite("AES128-GCM-SHA256")},
                {&certificate_kind("rsa"), find_cipher_suite("DHE-RSA-AES128-GCM-SHA256")},
                {&certificate_kind("ecdsa"), find_cipher_suite("ECDHE-ECDSA-AES128-GCM-SHA256")},
                {&certificate_kind("ed25519"), find_cipher_suite("ECDHE-ECDSA-AES128-GCM-SHA256")}};
    }

    std::cout << "in-memory handshakes, client and server engines on one thread, " << seconds << " s each\n"
              << "pk = share of the time spent in public-key operations; server us = server's time per handshake;\n"
              << "overhead = share of the server's time outside public-key operations\n"
              << std::left << std::setw(32) << "suite" << std::setw(9) << "cert" << std::setw(16) << "handshake"
              << std::right << std::setw(10) << "per s" << std::setw(10) << "pk" << std::setw(12) << "server us"
              << std::setw(12) << "overhead" << "\n";
    std::map<std::string, Fixture> fixtures;
    for (const auto& [kind, suite] : rows) {
        if (!fixtures.count(kind->kind)) {
            try {
                fixtures.emplace(kind->kind, load_fixture(*kind, dir));
            } catch (const TlsError& e) {   // a file under --vectors: its sentence names it
                std::cerr << "glass bench: " << e.what() << "\n";
                return 1;
            }
        }
        const Fixture& fx = fixtures.at(kind->kind);
        if ((suite->auth == Authentication::rsa) != (fx.credential.key.type == crypto::KeyType::rsa)) {
            throw UsageError(std::string(suite->openssl_name) + " cannot be used with an " + kind->kind + " certificate");
        }
        const std::string name(suite->openssl_name);
        print_row(name, kind->kind, "full", measure(fx, *suite, group, Resume::none, seconds));
        if (full_only) continue;
        print_row(name, kind->kind, "resumed ticket", measure(fx, *suite, group, Resume::ticket, seconds));
        print_row(name, kind->kind, "resumed id", measure(fx, *suite, group, Resume::session_id, seconds));
    }
    if (full_only) return 0;
    const auto& [kind, suite] = rows.front();
    print_memory_per_connection(fixtures.at(kind->kind), *suite);
    return 0;
}

} // namespace glass
