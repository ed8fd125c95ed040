// The outcome of one connection as one JSON object, for autograding and
// scripts (`glass client --json`, `glass server --json`, the last line of
// `--trace-json`): the versions offered and chosen, the suite, group and
// signature scheme, the extensions agreed, the peer's chain, the
// verification and its sentence, the alert that ended the connection, the
// bytes each way and the timings. Every field is documented in
// docs/trace-json.md ("The outcome object"); docs/outcome.schema.json is its
// JSON Schema. It is built from the typed events and the Connection's final
// state — nothing parses text — and holds no secret.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "glasstls/events.hpp"

namespace glasstls {

class Connection;

// Listens to one connection and, once it has ended, writes its outcome.
// The clock starts when it is made: make it just before the TCP connect
// (client) or right after accept (server).
class OutcomeRecorder final : public Observer {
public:
    // `client`: which side we are; `peer`: the other end ("127.0.0.1:4433").
    OutcomeRecorder(bool client, std::string peer);

    void on_record(const RecordEvent& e) override;
    void on_message(const MessageEvent& e) override;
    void on_alert(Direction d, AlertLevel l, AlertDescription a) override;

    // The object, on one line. `conn`: the connection's final state, or null
    // when there never was one (the TCP connect failed); `error`: the
    // sentence the user was shown when it failed, "" when it succeeded.
    std::string json(const Connection* conn, std::string_view error) const;

    // What a JSON object shows of a peer's chain at most; the rest is counted.
    static constexpr std::size_t max_chain_shown = 16;
    static constexpr std::size_t max_names_shown = 32;      // subjectAltNames per certificate
    static constexpr std::size_t max_versions_shown = 16;   // supported_versions entries

private:
    struct Alert {
        Direction direction;
        AlertLevel level;
        AlertDescription description;
    };
    struct Count {
        std::uint64_t sent = 0, received = 0;
        void add(Direction d, std::uint64_t n) { (d == Direction::outgoing ? sent : received) += n; }
    };
    std::string offered_json() const;

    bool client_;
    std::string peer_;
    std::chrono::steady_clock::time_point start_;
    std::optional<std::chrono::steady_clock::time_point> handshake_done_;   // at the second Finished
    unsigned finished_seen_ = 0;
    std::optional<std::uint16_t> client_version_;        // the ClientHello's (RFC 5246 §7.4.1.2)
    std::optional<std::vector<std::uint16_t>> supported_versions_;   // its RFC 8446 §4.2.1 list, when it had one
    std::string sni_;                                    // its server_name (RFC 6066 §3); "" when it sent none
    bool ticket_issued_ = false;                         // a NewSessionTicket crossed (RFC 5077 §3.3)
    std::optional<Alert> fatal_alert_;                   // the first fatal alert, either way
    bool close_notify_sent_ = false, close_notify_received_ = false;
    Count application_, wire_, records_;
};

} // namespace glasstls
