// The socket side of `glass proxy`: reading what a victim sends first
// (HTTP CONNECT, the ClientHello), driving a Connection's handshake over a
// socket, relaying plaintext between two connections, and the plain TCP
// relay that replays a record. Every read has a deadline and a size limit.
#pragma once

#include <functional>
#include <fstream>
#include <mutex>
#include <string>
#include <vector>

#include "glasstls/connection.hpp"
#include "glasstls/lab/proxy_http.hpp"
#include "glasstls/socket_driver.hpp"
#include "glasstls/lab/net.hpp"

namespace glasstls::lab {

// The proxy's log: whole lines, from many threads, to standard output or a file.
class ProxyLog {
public:
    bool open(const std::string& path);
    void line(const std::string& text);

private:
    std::mutex mutex_;
    std::ofstream file_;
};

// What a victim sends first — the CONNECT request, then the ClientHello —
// must all arrive before one deadline, however it is dripped: a timeout per
// read would let a byte every few seconds hold a slot for ever (slowloris).
//
// "CONNECT host:port HTTP/1.1 …": answers 200 and returns "host:port"
// (std::runtime_error when it is not a CONNECT, or not whole by `deadline`).
std::string read_connect_request(int fd, Clock::time_point deadline);
// Reads until a whole ClientHello has arrived; `raw` gets every byte read.
// Returns its server_name (or ""). std::runtime_error when it is not TLS,
// or not whole by `deadline`.
std::string read_client_hello(int fd, Bytes& raw, Clock::time_point deadline);
// Sends all of `data` within proxy_deadlines.send_ms, whatever the socket's
// options: false when the peer is gone or reads nothing for that long.
bool send_within_deadline(int fd, ByteView data);
// Both legs: 10 s for a handshake, 5 minutes of silence both ways, 30 s
// for a peer that reads nothing.
constexpr Deadlines proxy_deadlines{.handshake_ms = 10000, .idle_ms = 300000, .send_ms = 30000};

// Runs the handshake over the driver's socket; TlsError (its alert sent) or
// std::runtime_error with a sentence when it fails or passes its deadline.
void handshake(SocketDriver& d);
// A fatal alert in a plaintext record, for a victim refused before its handshake.
void send_plain_alert(int fd, AlertDescription alert);

// Relays plaintext both ways until one side ends (or both are idle for the
// victim's idle deadline), logging each chunk and applying the
// replacements; `say` gets whole log lines.
void relay(SocketDriver& victim, SocketDriver& upstream, const std::vector<Replacement>& replacements,
           const std::function<void(const std::string&)>& say);

// `glass proxy` without --ca: on the listening socket, a TCP relay to `upstream` that, with
// replay_record N > 0, sends the client's N-th application_data record twice.
int run_plain_relay(int listener, const HostPort& upstream, std::size_t replay_record, std::size_t naccept, ProxyLog& log);

} // namespace glasstls::lab
