// The native half of ssl.SSLSocket and ssl.SSLObject: one glasstls
// Connection, with two ways to move its bytes.
//
//   sans-IO   feed() what arrived, take_output() what to send — for
//             SSLObject over MemoryBIOs (asyncio), exactly the engine's API;
//   socket    io_handshake/io_read/io_write/io_shutdown on the socket's
//             descriptor, through the library's SocketDriver, with the GIL
//             released while the engine waits or computes.
//
// A socket call takes the Python socket's timeout in milliseconds (-1: none,
// 0: non-blocking) and returns how it ended as a word — "ok", "want_read",
// "timeout", "eof" (TCP closed without close_notify), "closed" (close_notify),
// "gone" (the peer stopped taking our bytes) — which glasstls/ssl.py turns
// into CPython's exceptions. A TLS failure raises _glasstls.TlsError.
#pragma once

#include <pybind11/pybind11.h>

#include <memory>
#include <optional>
#include <string>

#include "context.hpp"
#include "glasstls/connection.hpp"
#include "glasstls/html.hpp"
#include "glasstls/socket_driver.hpp"

namespace glasstls::python {

class Observers;   // the connection's teaching observers (tls.cpp)

class Tls {
public:
    // `server_name_hook` (a server's, or None): called with the name the
    // client asked for (None: no SNI); it returns None, a Context to serve
    // the connection with instead, or an alert number to refuse the name.
    Tls(std::shared_ptr<Context> context, bool server_side, const std::string& server_hostname, const std::optional<Session>& session,
        py::object server_name_hook = py::none());
    ~Tls();
    Tls(const Tls&) = delete;
    Tls& operator=(const Tls&) = delete;

    // ---- sans-IO ---------------------------------------------------------------
    void start();   // a client queues its ClientHello (once)
    void feed(const py::bytes& data);
    py::bytes take_output();
    py::bytes read(std::size_t n);
    void write(const py::bytes& data);
    void close();   // queues close_notify (RFC 5246 §7.2.1), once

    // ---- over the socket's descriptor -----------------------------------------------
    std::string io_handshake(int fd, int timeout_ms);
    py::tuple io_read(int fd, std::size_t n, int timeout_ms);   // (word, bytes)
    std::string io_write(int fd, const py::bytes& data, int timeout_ms);
    std::string io_shutdown(int fd, int timeout_ms);           // close_notify out, the peer's in
    std::string io_flush(int fd, int timeout_ms);              // what is queued (close_notify after close())

    // ---- What the handshake gave -------------------------------------------------------
    Connection& connection() { return *conn_; }
    const ConnectionInfo& info() const { return conn_->info(); }
    bool server_side() const { return server_side_; }
    bool close_sent() const { return close_sent_; }
    std::size_t number() const { return number_; }
    py::object cipher() const;             // (OpenSSL name, 'TLSv1.2', secret bits) or None
    py::list peer_chain_der() const;       // leaf first
    bool peer_verified() const;
    std::string transcript_html();         // the illustrated page, so far

private:
    enum class Wait { handshake, data };
    const ServerConfig* on_server_name(const std::string& name);
    Wake drive(int fd, int timeout_ms, Wait what);
    Wake drain_to_close_notify(int fd, int timeout_ms);   // io_shutdown: record by record
    [[noreturn]] void raise(const TlsError& e);
    void write_page();

    std::shared_ptr<Context> context_;
    std::shared_ptr<const verify::TrustStore> trust_;   // what the client config points at
    std::shared_ptr<const ServerConfig> server_config_;
    std::optional<ServerConfig> hooked_config_;                 // server_config_ with the name hook
    std::shared_ptr<const ServerConfig> chosen_config_;         // what the hook switched to
    py::object server_name_hook_;
    bool server_side_;
    std::size_t number_;
    std::unique_ptr<Observers> observers_;
    std::unique_ptr<Connection> conn_;
    bool started_ = false, close_sent_ = false, page_written_ = false;
};

// Raised for every TLS failure: args = (alert name, sentence, alert code,
// the alert came from the peer, verify failure or None), the last being
// (alert name, host mismatch, sentence).
py::object tls_error_type();

} // namespace glasstls::python
