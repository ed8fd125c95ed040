// _glasstls: the native module under glasstls/ssl.py. It holds glasstls's
// engine and nothing of CPython's ssl API: the contexts (context.hpp), the
// connections (tls.hpp), sessions, and the certificate decoder of
// getpeercert(). Everything a program sees by name is in glasstls/ssl.py.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "certificate_dict.hpp"
#include "context.hpp"
#include "glasstls/cipher_suites.hpp"
#include "glasstls/x509.hpp"
#include "tls.hpp"

namespace py = pybind11;
using namespace glasstls;
using glasstls::python::Context;
using glasstls::python::Tls;

namespace {

// A TlsError outside a connection (a file that does not load, a cipher
// string that selects nothing): the same exception type, no peer involved.
void translate_errors(std::exception_ptr p) {
    try {
        if (p) std::rethrow_exception(p);
    } catch (const TlsError& e) {
        PyErr_SetObject(python::tls_error_type().ptr(),
                        py::make_tuple(alert_name(e.alert()), std::string(e.what()), static_cast<int>(e.alert()), false, py::none()).ptr());
    }
}

template <typename Field>
void flag(py::class_<Context, std::shared_ptr<Context>>& c, const char* name, Field Context::*field) {
    c.def_property(
        name, [field](const Context& ctx) { return ctx.*field; },
        [field](Context& ctx, Field v) {
            ctx.*field = v;
            ctx.changed();
        });
}

// SSLContext.get_ciphers()'s fields of one suite, named as OpenSSL names them.
py::tuple suite_details(const CipherSuite& s) {
    static const char* const symmetric[] = {"aes-128-cbc", "aes-256-cbc", "aes-128-gcm", "aes-256-gcm", "chacha20-poly1305"};
    const char* digest = s.mac == MacAlgorithm::hmac_sha1     ? "sha1"
                         : s.mac == MacAlgorithm::hmac_sha256 ? "sha256"
                         : s.mac == MacAlgorithm::hmac_sha384 ? "sha384"
                                                              : nullptr;
    const char* kea = s.kx == KeyExchange::rsa ? "kx-rsa" : s.kx == KeyExchange::dhe ? "kx-dhe" : "kx-ecdhe";
    const char* auth = s.auth == Authentication::rsa ? "auth-rsa" : "auth-ecdsa";
    const int bits = s.cipher == BulkCipher::aes_128_cbc || s.cipher == BulkCipher::aes_128_gcm ? 128 : 256;
    const std::string description = std::string(s.openssl_name) + " TLSv1.2 " + suite_description(s);
    return py::make_tuple(s.id, std::string(s.openssl_name), description, bits, s.is_aead(),
                          symmetric[static_cast<int>(s.cipher)], digest == nullptr ? py::object(py::none()) : py::str(digest), kea, auth);
}

void bind_context(py::module_& m) {
    py::class_<Context, std::shared_ptr<Context>> c(m, "Context");
    c.def(py::init<bool>(), py::arg("server_side"))
        .def_property_readonly("server_side", &Context::server_side)
        .def("add_trust_file", &Context::add_trust_file)
        .def("add_trust_directory", &Context::add_trust_directory)
        .def("add_trust_data", &Context::add_trust_pem_or_der)
        .def("add_trust_system", &Context::add_trust_system)
        .def("trust_der", &Context::trust_der)
        .def_property_readonly("trust_count", &Context::trust_count)
        .def("load_cert_chain", &Context::load_cert_chain, py::arg("certfile"), py::arg("keyfile"), py::arg("password") = py::none())
        .def("set_ciphers", &Context::set_ciphers)
        .def("cipher_names", &Context::cipher_names)
        .def("set_alpn", &Context::set_alpn)
        .def_property("keylog", &Context::keylog_path, &Context::set_keylog)
        .def_readwrite("observer", &Context::observer)
        .def("session_stats", [](const Context& ctx) {
            const python::SessionStats& s = ctx.stats;
            py::dict d;
            d["connect"] = s.connect.load();
            d["connect_good"] = s.connect_good.load();
            d["accept"] = s.accept.load();
            d["accept_good"] = s.accept_good.load();
            d["hits"] = s.hits.load();
            d["misses"] = s.misses.load();
            return d;
        })
        .def("count", [](Context& ctx, const std::string& what) {
            python::SessionStats& s = ctx.stats;
            if (what == "connect") ++s.connect;
            else if (what == "connect_good") ++s.connect_good;
            else if (what == "accept") ++s.accept;
            else if (what == "accept_good") ++s.accept_good;
            else if (what == "hits") ++s.hits;
            else if (what == "misses") ++s.misses;
        });
    flag(c, "verify_peer", &Context::verify_peer);
    flag(c, "peer_certificate_required", &Context::peer_certificate_required);
    flag(c, "check_hostname", &Context::check_hostname);
    flag(c, "cn_fallback", &Context::cn_fallback);
    flag(c, "tickets", &Context::tickets);
    flag(c, "extended_master_secret", &Context::extended_master_secret);
    flag(c, "encrypt_then_mac", &Context::encrypt_then_mac);
}

void bind_session(py::module_& m) {
    py::class_<Session>(m, "Session")
        .def_property_readonly("id", [](const Session& s) { return py::bytes(reinterpret_cast<const char*>(s.session_id.data()), s.session_id.size()); })
        .def_property_readonly("time", [](const Session& s) { return s.created; })
        .def_property_readonly("timeout", [](const Session&) { return session_lifetime_seconds; })
        .def_property_readonly("has_ticket", [](const Session& s) { return !s.ticket.empty(); })
        .def_property_readonly("ticket_lifetime_hint", [](const Session& s) { return s.ticket.empty() ? 0 : TicketKeys::lifetime_seconds; })
        .def_property_readonly("cipher_suite", [](const Session& s) { return s.cipher_suite; });
}

void bind_tls(py::module_& m) {
    py::class_<Tls>(m, "Tls")
        .def(py::init<std::shared_ptr<Context>, bool, const std::string&, const std::optional<Session>&, py::object>(),
             py::arg("context"), py::arg("server_side"), py::arg("server_hostname"), py::arg("session") = py::none(),
             py::arg("server_name_hook") = py::none())
        .def("start", &Tls::start)
        .def("feed", &Tls::feed)
        .def("take_output", &Tls::take_output)
        .def("read", &Tls::read)
        .def("write", &Tls::write)
        .def("close", &Tls::close)
        .def("io_handshake", &Tls::io_handshake)
        .def("io_read", &Tls::io_read)
        .def("io_write", &Tls::io_write)
        .def("io_shutdown", &Tls::io_shutdown)
        .def("io_flush", &Tls::io_flush)
        .def_property_readonly("number", &Tls::number)
        .def_property_readonly("handshake_done", [](Tls& t) { return t.connection().handshake_done(); })
        .def_property_readonly("peer_closed", [](Tls& t) { return t.connection().peer_closed(); })
        .def_property_readonly("failed", [](Tls& t) { return t.connection().failed(); })
        .def_property_readonly("close_sent", &Tls::close_sent)
        .def_property_readonly("pending", [](Tls& t) { return t.connection().pending_application_data(); })
        .def_property_readonly("state", [](Tls& t) { return t.connection().state_name(); })
        .def("cipher", &Tls::cipher)
        .def("peer_chain_der", &Tls::peer_chain_der)
        .def("peer_chain_self_issued", [](const Tls& t) {
            std::vector<bool> out;
            for (const x509::Certificate& c : t.info().peer_chain) out.push_back(c.self_issued());
            return out;
        })
        .def_property_readonly("peer_verified", &Tls::peer_verified)
        .def_property_readonly("verification", [](const Tls& t) { return t.info().verification; })
        .def_property_readonly("alpn", [](const Tls& t) { return t.info().alpn; })
        .def_property_readonly("server_name", [](const Tls& t) { return t.info().server_name; })
        .def_property_readonly("resumed", [](const Tls& t) { return t.info().resumed; })
        .def_property_readonly("session", [](Tls& t) { return t.connection().session(); })
        .def_property_readonly("tls_unique", [](const Tls& t) {
            return py::bytes(reinterpret_cast<const char*>(t.info().tls_unique.data()), t.info().tls_unique.size());
        })
        .def("transcript_html", &Tls::transcript_html);
}

} // namespace

PYBIND11_MODULE(_glasstls, m) {
    m.doc() = "glasstls's TLS 1.2 engine, under glasstls.ssl";
    m.attr("TlsError") = python::tls_error_type();
    py::register_exception_translator(translate_errors);
    bind_context(m);
    bind_session(m);
    bind_tls(m);
    m.def("decode_certificate", [](const py::bytes& der) {
        const std::string_view bytes = der;
        return python::certificate_dict(x509::parse_certificate(as_bytes(bytes)));
    });
    m.def("suite_details", [](const std::vector<std::string>& names) {
        py::list out;
        for (const std::string& n : names) {
            if (const CipherSuite* s = find_cipher_suite(n)) out.append(suite_details(*s));
        }
        return out;
    });
    m.def("suite_names", [] {
        std::vector<std::string> out;
        for (const CipherSuite& s : all_cipher_suites()) out.emplace_back(s.openssl_name);
        return out;
    });
    m.def("random_bytes", [](std::size_t n) {
        Bytes b(n);
        python::system_random().fill(b);
        return py::bytes(reinterpret_cast<const char*>(b.data()), b.size());
    });
    m.def("pem_to_der", [](const std::string& pem) {
        const std::vector<x509::Certificate> certs = x509::parse_certificates(as_bytes(pem));
        if (certs.empty()) throw TlsError(AlertDescription::decode_error, "no certificate in the PEM text");
        return py::bytes(reinterpret_cast<const char*>(certs[0].der.data()), certs[0].der.size());
    });
}
