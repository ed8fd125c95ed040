// ask(): one hand-built ClientHello and the server's answer (see the header).
#include "glasstls/lab/probe.hpp"

#include <unistd.h>

#include <chrono>

#include "glasstls/cipher_suites.hpp"
#include "glasstls/crypto.hpp"
#include "glasstls/handshake_common.hpp"
#include "glasstls/lab/iana_suites.hpp"
#include "glasstls/record_framing.hpp"
#include "glasstls/socket_driver.hpp"
#include "glasstls/x509.hpp"

namespace glasstls::lab {


std::uint16_t HelloAnswer::version() const {
    if (!hello) return 0;
    if (const Extension* v = hello->find(ExtensionType::supported_versions); v != nullptr && v->data.size() == 2) {
        return load_u16(v->data.data());
    }
    return hello->server_version;
}

std::optional<KeyExchange> suite_key_exchange(std::uint16_t suite) {
    if (const CipherSuite* s = find_cipher_suite(suite)) return s->kx;
    const std::string name = iana_suite_name(suite);
    if (name.find("_ECDHE_") != std::string::npos && name.find("PSK") == std::string::npos) return KeyExchange::ecdhe;
    if (name.find("_DHE_") != std::string::npos && name.find("PSK") == std::string::npos) return KeyExchange::dhe;
    if (name.rfind("TLS_RSA_WITH_", 0) == 0) return KeyExchange::rsa;
    return std::nullopt;
}

bool suite_is_cbc(std::uint16_t suite) { return iana_suite_name(suite).find("_CBC_") != std::string::npos; }

std::optional<std::string> unproven_key(const HelloAnswer& a) {
    try {
        const x509::Certificate leaf = x509::parse_certificate(a.certificates.at(0));
        const Bytes signed_data = signed_params(a.client_random, a.hello->random, a.key_exchange->params);
        if (server_key_exchange_verifies(leaf.public_key, *a.key_exchange, signed_data)) return std::nullopt;
        return "the ServerKeyExchange signature (" + scheme_name(a.key_exchange->scheme) +
               ") does not verify with the certificate's key: the server does not prove it holds that key";
    } catch (const TlsError& e) {
        return std::string("the ServerKeyExchange signature cannot be checked: ") + e.what();
    }
}

std::optional<std::string> suite_danger(std::uint16_t suite) {
    const std::string name = iana_suite_name(suite);
    if (name.find("_WITH_NULL_") != std::string::npos || name.find("_NULL_WITH_") != std::string::npos) {
        return "NULL: no encryption, everything in clear";
    }
    if (name.find("EXPORT") != std::string::npos) return "EXPORT: 40- or 56-bit keys from 1990s export rules (FREAK, Logjam)";
    if (name.find("_anon_") != std::string::npos) return "anon: no certificate, no authentication: any man in the middle is welcome";
    return std::nullopt;
}

namespace {

Bytes client_hello(const HelloSpec& spec, const Bytes& random) {
    ClientHello h;
    h.client_version = spec.client_version;
    h.random = random;
    h.cipher_suites = spec.suites;
    h.compression_methods = spec.compression;
    auto add = [&](ExtensionType t, Bytes data) { h.extensions.push_back({static_cast<std::uint16_t>(t), std::move(data)}); };
    if (spec.extensions) {
        if (!spec.server_name.empty()) add(ExtensionType::server_name, ext::server_name(spec.server_name));
        if (!spec.groups.empty()) {
            Writer w;
            w.prefixed16([&](Writer& l) { for (std::uint16_t g : spec.groups) l.u16(g); });
            add(ExtensionType::supported_groups, w.take());
            add(ExtensionType::ec_point_formats, ext::ec_point_formats());
        }
        if (!spec.schemes.empty()) {
            Writer w;
            w.prefixed16([&](Writer& l) { for (std::uint16_t s : spec.schemes) l.u16(s); });
            add(ExtensionType::signature_algorithms, w.take());
        }
        if (spec.extended_master_secret) add(ExtensionType::extended_master_secret, {});
        if (spec.encrypt_then_mac) add(ExtensionType::encrypt_then_mac, {});
        if (spec.session_ticket) add(ExtensionType::session_ticket, {});
        if (spec.heartbeat) add(ExtensionType::heartbeat, {1});
        add(ExtensionType::renegotiation_info, ext::renegotiation_info({}));
        if (spec.tls13) {
            add(ExtensionType::supported_versions, {4, 0x03, 0x04, 0x03, 0x03});   // RFC 8446 §4.2.1
            Writer ks;   // key_share (51): one X25519 share, any 32 bytes (RFC 8446 §4.2.8)
            ks.prefixed16([&](Writer& l) {
                l.u16(static_cast<std::uint16_t>(crypto::NamedGroup::x25519));
                l.vec16(crypto::system_random().bytes(32));
            });
            h.extensions.push_back({51, ks.take()});
            h.extensions.push_back({45, {1, 1}});   // psk_key_exchange_modes: psk_dhe_ke (RFC 8446 §4.2.9)
        }
    }
    const Bytes body = frame_handshake(HandshakeType::client_hello, h.encode());
    Bytes record{22, static_cast<std::uint8_t>(spec.record_version >> 8), static_cast<std::uint8_t>(spec.record_version),
                 static_cast<std::uint8_t>(body.size() >> 8), static_cast<std::uint8_t>(body.size())};
    append(record, body);
    return record;
}

// One record of the server's answer into `a`; true when the answer is complete.
bool take_record(HelloAnswer& a, const FramedRecord& record, HandshakeReassembler& hs, bool whole_flight) {
    const ByteView fragment = record.fragment();
    if (record.type == ContentType::alert && fragment.size() == 2) {
        a.alert = static_cast<AlertDescription>(fragment[1]);
        return true;
    }
    if (record.type != ContentType::handshake) return a.hello.has_value();   // ChangeCipherSpec (a resumption) or more: the flight is over
    try {
        hs.add(fragment);
        while (std::optional<HandshakeMessage> m = hs.next()) {
            if (m->type == HandshakeType::server_hello) {
                a.hello = ServerHello::decode(m->body);
                if (!whole_flight || a.version() == 0x0304) return true;   // TLS 1.3: the rest is encrypted
            } else if (m->type == HandshakeType::certificate) {
                a.certificates = CertificateMessage::decode(m->body).chain;
            } else if (m->type == HandshakeType::server_key_exchange && a.hello) {
                const auto kx = suite_key_exchange(a.hello->cipher_suite);
                a.key_exchange = ServerKeyExchange::decode(m->body, kx.value_or(!m->body.empty() && m->body[0] == 3 ? KeyExchange::ecdhe : KeyExchange::dhe));
            } else if (m->type == HandshakeType::server_hello_done) {
                return true;
            }
        }
    } catch (const TlsError& e) {
        a.problem = std::string("a malformed answer: ") + e.what();
        return true;
    }
    return false;
}

} // namespace

HelloAnswer ask(const HostPort& where, const HelloSpec& spec, bool whole_flight, int timeout_ms) {
    HelloAnswer a;
    int fd;
    try {
        fd = connect_tcp(where);
    } catch (const std::exception& e) {
        a.problem = e.what();
        return a;
    }
    a.connected = true;
    a.client_random = crypto::system_random().bytes(32);
    const Bytes hello = client_hello(spec, a.client_random);
    send_all(fd, hello);
    RecordDeframer records;
    HandshakeReassembler hs;
    std::size_t received = 0;
    const Clock::time_point deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
    for (bool done = false; !done;) {
        if (records.problem() != FramingProblem::none) {
            a.problem = "the answer is not TLS";
            break;
        }
        if (const std::optional<FramedRecord> record = records.next()) {
            done = take_record(a, *record, hs, whole_flight);
            continue;
        }
        std::uint8_t buf[16384];
        const std::optional<std::size_t> r = receive_before(fd, buf, deadline);
        if (!r) {
            a.problem = "no answer within " + std::to_string(timeout_ms / 1000) + " s";
            break;
        }
        if (*r == 0) {
            if (!a.hello && !a.alert) a.problem = "the server closed the connection without an answer";
            break;
        }
        records.feed(ByteView(buf, *r));
        received += *r;
        if (received > (1u << 20)) {
            a.problem = "more than 1 MiB without a whole flight";
            break;
        }
    }
    close(fd);
    return a;
}

} // namespace glasstls::lab
