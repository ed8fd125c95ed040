// The native half of ssl.SSLContext (see the header).
#include "context.hpp"

#include "glasstls/cipher_suites.hpp"
#include "glasstls/x509.hpp"

namespace glasstls::python {

crypto::RandomSource& system_random() {
    static crypto::SystemRandom rng;
    return rng;
}

Context::Context(bool server_side)
    : server_side_(server_side), trust_(std::make_shared<verify::TrustStore>()),
      ticket_keys_(std::make_unique<TicketKeys>(system_random())) {}

// Copy on write: a connection handshaking now keeps the anchors it began with.
namespace {
template <typename Add>
std::shared_ptr<const verify::TrustStore> with_added(const std::shared_ptr<const verify::TrustStore>& old, Add add) {
    auto store = std::make_shared<verify::TrustStore>(*old);
    add(*store);
    return store;
}
} // namespace

void Context::add_trust_file(const std::string& path) {
    trust_ = with_added(trust_, [&](verify::TrustStore& t) { t.add_file(path); });
    changed();
}

void Context::add_trust_directory(const std::string& path) {
    trust_ = with_added(trust_, [&](verify::TrustStore& t) { t.add_directory(path); });
    changed();
}

void Context::add_trust_pem_or_der(const py::bytes& data) {
    const std::string text = data;
    const std::vector<x509::Certificate> certs = x509::parse_certificates(as_bytes(text));
    if (certs.empty()) throw TlsError(AlertDescription::decode_error, "cadata holds no certificate");
    trust_ = with_added(trust_, [&](verify::TrustStore& t) {
        for (const x509::Certificate& c : certs) t.add(c);
    });
    changed();
}

void Context::add_trust_system() {
    trust_ = with_added(trust_, [](verify::TrustStore& t) { t.add_system(); });
    changed();
}

std::vector<py::bytes> Context::trust_der() const {
    std::vector<py::bytes> out;
    for (const x509::Certificate& c : trust_->anchors()) out.emplace_back(reinterpret_cast<const char*>(c.der.data()), c.der.size());
    return out;
}

// `password` (a str, bytes or a callable giving one) is asked for only when
// the key is encrypted; the error it raises (a TypeError, or the callable's
// own) reaches the program as it is.
void Context::load_cert_chain(const std::string& certfile, const std::string& keyfile, const py::object& password) {
    const x509::PasswordSource ask = [password]() -> std::string {
        py::gil_scoped_acquire gil;
        py::object p = password;
        if (PyCallable_Check(p.ptr()) != 0) p = p();
        if (py::isinstance<py::str>(p)) return p.cast<std::string>();
        if (py::isinstance<py::bytes>(p) || py::isinstance<py::bytearray>(p)) return py::bytes(p).cast<std::string>();
        throw py::type_error("password should be a string or bytes");
    };
    credentials_.assign(1, load_credential(certfile, keyfile, password.is_none() ? x509::PasswordSource() : ask));
    changed();
}

void Context::set_ciphers(const std::string& openssl_list) {
    suites_ = select_cipher_suites(openssl_list);
    changed();
}

std::vector<std::string> Context::cipher_names() const {
    std::vector<std::string> out;
    if (suites_.empty()) {
        for (const CipherSuite& s : all_cipher_suites()) out.emplace_back(s.openssl_name);
    } else {
        for (const CipherSuite* s : suites_) out.emplace_back(s->openssl_name);
    }
    return out;
}

void Context::set_keylog(const std::string& path) {
    keylog_path_ = path;
    keylog_.reset();
    if (path.empty()) return;
    keylog_ = std::make_unique<lab::SharedKeyLog>(path);
    if (!keylog_->ok()) {
        keylog_.reset();
        throw TlsError(AlertDescription::internal_error, "cannot write the key log " + path);
    }
}

ClientConfig Context::client_config(const std::string& server_hostname) const {
    ClientConfig c;
    c.server_name = server_hostname;
    c.trust = trust_.get();   // the caller keeps trust() alive with the connection
    c.verify_peer = verify_peer;
    c.check_hostname = check_hostname;
    c.cn_fallback = cn_fallback;
    c.suites = suites_;
    c.alpn = alpn_;
    c.offer_session_ticket = tickets;
    c.offer_extended_master_secret = extended_master_secret;
    c.offer_encrypt_then_mac = encrypt_then_mac;
    if (!credentials_.empty()) {
        c.certificate_chain = credentials_[0].chain;
        c.private_key = credentials_[0].key;
    }
    return c;
}

std::shared_ptr<const ServerConfig> Context::server_config() {
    if (server_config_) return server_config_;
    // The config points at the trust store: both live in one snapshot.
    struct Snapshot {
        std::shared_ptr<const verify::TrustStore> trust;
        ServerConfig config;
    };
    auto snap = std::make_shared<Snapshot>();
    snap->trust = trust_;
    ServerConfig& s = snap->config;
    s.credentials = credentials_;
    s.suites = suites_;
    s.alpn = alpn_;
    s.require_client_certificate = verify_peer;
    s.client_certificate_optional = verify_peer && !peer_certificate_required;
    s.client_trust = snap->trust.get();
    s.session_cache = &cache_;
    s.tickets = tickets ? ticket_keys_.get() : nullptr;
    s.enable_extended_master_secret = extended_master_secret;
    s.enable_encrypt_then_mac = encrypt_then_mac;
    server_config_ = std::shared_ptr<const ServerConfig>(snap, &snap->config);
    return server_config_;
}

} // namespace glasstls::python
