// `glass proxy` without --ca: a plain TCP relay that can replay one of the
// client's records inside the same connection. It sees only ciphertext; it
// copies a whole application_data record and sends it again. The server
// opens the copy with the next sequence number, which is in every MAC and
// AEAD nonce (RFC 5246 §6.2.3), so the copy fails to authenticate and the
// server ends the connection with bad_record_mac — the replay is refused.
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>
#include <iostream>

#include "glasstls/record_framing.hpp"
#include "glasstls/lab/proxy_relay.hpp"

namespace glasstls::lab {


namespace {

// Relays one connection; the client's records are cut apart so one can be sent twice.
void relay_raw(int client, int server, std::size_t replay_record, const std::function<void(const std::string&)>& say) {
    RecordDeframer records;   // the client's bytes, cut into records
    std::size_t app_records = 0;
    bool replayed = false;
    std::uint8_t buf[16384];
    for (;;) {
        pollfd fds[2] = {{client, POLLIN, 0}, {server, POLLIN, 0}};
        if (poll(fds, 2, 300000) <= 0) return;
        if (fds[1].revents & (POLLIN | POLLHUP | POLLERR)) {
            const ssize_t r = recv(server, buf, sizeof buf, 0);
            if (r <= 0) {
                say(replayed ? "the server closed the connection after the replayed record: the replay was REFUSED"
                             : "the server closed the connection");
                return;
            }
            if (replayed && buf[0] == static_cast<std::uint8_t>(ContentType::alert)) {
                say("the server answered the replay with an alert record (encrypted: only the endpoints can read it; "
                    "glass server's log names it: bad_record_mac)");
            }
            if (!send_within_deadline(client, ByteView(buf, static_cast<std::size_t>(r)))) return;
        }
        if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
            const ssize_t r = recv(client, buf, sizeof buf, 0);
            if (r <= 0) {
                say("the client closed the connection");
                return;
            }
            records.feed(ByteView(buf, static_cast<std::size_t>(r)));
            // Forward whole records; the N-th application_data record twice.
            while (records.problem() == FramingProblem::none) {
                const std::optional<FramedRecord> record = records.next();
                if (!record) break;
                if (!send_within_deadline(server, record->bytes)) return;
                if (record->type == ContentType::application_data && ++app_records == replay_record) {
                    say("REPLAYING the client's application_data record " + std::to_string(app_records) + " (" + std::to_string(record->bytes.size()) +
                        " bytes): the server will open the copy with the next sequence number, which every record's MAC or additional data includes (RFC 5246 §6.1)");
                    if (!send_within_deadline(server, record->bytes)) return;
                    replayed = true;
                }
            }
            if (records.problem() != FramingProblem::none) {   // not TLS records: relay as they are
                const Bytes rest = records.take_rest();
                if (!send_within_deadline(server, rest)) return;
            }
        }
    }
}

} // namespace

int run_plain_relay(int listener, const HostPort& upstream, std::size_t replay_record, std::size_t naccept, ProxyLog& log) {
    std::signal(SIGPIPE, SIG_IGN);
    for (std::size_t n = 1; naccept == 0 || n <= naccept; ++n) {
        const int client = accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
        if (client < 0) continue;
        const std::string tag = "[conn " + std::to_string(n) + "] ";
        try {
            const int server = connect_tcp(upstream);
            relay_raw(client, server, replay_record, [&](const std::string& s) { log.line(tag + s); });
            close(server);
        } catch (const std::exception& e) {
            log.line(tag + e.what());
        }
        close(client);
    }
    close(listener);
    return 0;
}

} // namespace glasstls::lab
