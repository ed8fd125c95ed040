// The native half of ssl.SSLContext: what every connection made from one
// context shares — trust anchors, credentials, suites, ALPN, the session
// cache and ticket keys, the key log — kept as immutable snapshots, so that
// connections handshaking in other threads (the GIL released) never see a
// setting change under them. glasstls/ssl.py holds the Python API.
#pragma once

#include <pybind11/pybind11.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "glasstls/credentials.hpp"
#include "glasstls/handshake_client.hpp"
#include "glasstls/handshake_server.hpp"
#include "glasstls/lab/teaching.hpp"
#include "glasstls/session.hpp"
#include "glasstls/verify.hpp"

namespace glasstls::python {

namespace py = pybind11;

// The counters of SSLContext.session_stats().
struct SessionStats {
    std::atomic<long> connect{0}, connect_good{0}, accept{0}, accept_good{0}, hits{0}, misses{0};
};

class Context {
public:
    explicit Context(bool server_side);

    bool server_side() const { return server_side_; }

    // ---- Trust anchors (load_verify_locations, load_default_certs) --------
    void add_trust_file(const std::string& path);
    void add_trust_directory(const std::string& path);
    void add_trust_pem_or_der(const py::bytes& data);
    void add_trust_system();
    std::vector<py::bytes> trust_der() const;   // get_ca_certs(binary_form=True)
    std::size_t trust_count() const { return trust_->size(); }

    // ---- Our certificate (load_cert_chain) -------------------------------------
    // `password` is called (with the GIL) only when the key is encrypted.
    void load_cert_chain(const std::string& certfile, const std::string& keyfile, const py::object& password);

    // ---- Settings ------------------------------------------------------------------
    bool verify_peer = false;          // verify_mode != CERT_NONE
    bool peer_certificate_required = false;   // server: CERT_REQUIRED (CERT_OPTIONAL asks, accepts none)
    bool check_hostname = false;
    bool cn_fallback = false;          // RFC 9525 §6.3: no CN matching, as CPython
    bool tickets = true;               // OP_NO_TICKET clears it
    bool extended_master_secret = true;
    bool encrypt_then_mac = true;
    void set_ciphers(const std::string& openssl_list);
    std::vector<std::string> cipher_names() const;   // OpenSSL names, in order
    void set_alpn(std::vector<std::string> protocols) { alpn_ = std::move(protocols); }
    void set_keylog(const std::string& path);
    std::string keylog_path() const { return keylog_path_; }
    // Called with each event of each connection, as one --trace-json line.
    py::object observer = py::none();

    // A setting above changed: the next server connection rebuilds its config.
    void changed() { server_config_.reset(); }

    // ---- For the connections --------------------------------------------------------
    ClientConfig client_config(const std::string& server_hostname) const;
    std::shared_ptr<const ServerConfig> server_config();
    std::shared_ptr<const verify::TrustStore> trust() const { return trust_; }
    lab::SharedKeyLog* keylog() { return keylog_.get(); }
    SessionStats stats;

private:
    bool server_side_;
    std::shared_ptr<const verify::TrustStore> trust_;   // replaced, never changed: connections hold the old one
    std::vector<ServerCredential> credentials_;
    std::vector<const CipherSuite*> suites_;
    std::vector<std::string> alpn_;
    std::string keylog_path_;
    std::unique_ptr<lab::SharedKeyLog> keylog_;
    SessionCache cache_;
    std::unique_ptr<TicketKeys> ticket_keys_;
    std::shared_ptr<const ServerConfig> server_config_;   // rebuilt after a change
};

// The random source of every connection (libsodium's, thread-safe).
crypto::RandomSource& system_random();

} // namespace glasstls::python
