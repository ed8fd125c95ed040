// describe_handshake: the fields of a handshake message in words, for the
// narrated trace (what tls12.xargs.org does for one capture, for any connection).
#include <sstream>

#include "glasstls/messages.hpp"
#include "glasstls/record.hpp"
#include "glasstls/x509.hpp"

namespace glasstls {

namespace {

std::string suite_name(std::uint16_t id) {
    if (const CipherSuite* s = find_cipher_suite(id)) return std::string(s->iana_name);
    if (id == 0x00ff) return "0x00ff (TLS_EMPTY_RENEGOTIATION_INFO_SCSV)";
    return unknown_code_point(id);
}

std::string group_label(std::uint16_t g) {
    std::string_view n = crypto::group_name(static_cast<crypto::NamedGroup>(g));
    return n == "unknown group" ? unknown_code_point(g) : std::string(n);
}

void describe_extensions(std::ostream& o, const std::vector<Extension>& exts) {
    for (const Extension& e : exts) {
        o << "      extension " << extension_name(e.type) << " (" << e.data.size() << " bytes)";
        try {
            switch (static_cast<ExtensionType>(e.type)) {
            case ExtensionType::server_name:
                if (!e.data.empty()) o << ": " << ext::parse_server_name(e.data).value_or("?");
                break;
            case ExtensionType::supported_groups: {
                o << ":";
                for (std::uint16_t g : ext::parse_u16_list(e.data, "supported_groups")) o << " " << group_label(g);
                break;
            }
            case ExtensionType::signature_algorithms: {
                o << ":";
                for (std::uint16_t s : ext::parse_u16_list(e.data, "signature_algorithms")) o << " " << scheme_name(s);
                break;
            }
            case ExtensionType::alpn: {
                o << ":";
                for (const std::string& p : ext::parse_alpn(e.data)) o << " " << p;
                break;
            }
            case ExtensionType::renegotiation_info:
                o << (e.data.size() == 1 ? ": empty (initial handshake, RFC 5746 §3.4)" : ": " + to_hex(e.data));
                break;
            case ExtensionType::ec_point_formats: {
                Reader r(e.data, "ec_point_formats");
                o << ":";
                for (std::uint8_t f : r.vec8("ec_point_format_list")) {
                    o << " " << (f == 0 ? "uncompressed" : f == 1 ? "ansiX962_compressed_prime" : f == 2 ? "ansiX962_compressed_char2"
                                                                                                      : unknown_code_point(f, 1));
                }
                break;
            }
            case ExtensionType::session_ticket:
                o << (e.data.empty() ? ": empty (no ticket yet, or an acknowledgement, RFC 5077 §3.2)"
                                     : ": a ticket of " + std::to_string(e.data.size()) + " bytes to resume with");
                break;
            case ExtensionType::extended_master_secret:
                o << ": (empty) the master secret will hash the handshake (RFC 7627)";
                break;
            case ExtensionType::encrypt_then_mac:
                o << ": (empty) CBC records MAC their ciphertext (RFC 7366)";
                break;
            case ExtensionType::supported_versions: {
                Reader r(e.data, "supported_versions");
                o << ":";
                if (e.data.size() == 2) {
                    o << " " << version_name(r.u16("selected_version"));   // a ServerHello's single choice
                } else {
                    Reader list = r.sub8("versions");
                    while (!list.empty()) o << " " << version_name(list.u16("version"));
                }
                break;
            }
            default:
                if (!e.data.empty()) o << ": " << to_hex(ByteView(e.data).first(std::min<std::size_t>(e.data.size(), 32)));
            }
        } catch (const TlsError&) {
            o << ": (malformed)";
        }
        o << "\n";
    }
}

void describe_signature(std::ostream& o, std::uint16_t scheme, ByteView signature) {
    o << "      signature_algorithm " << scheme_name(scheme) << "\n      signature (" << signature.size() << " bytes) " << to_hex(signature)
      << "\n";
}

void describe_server_key_exchange(std::ostream& o, ByteView body, std::optional<KeyExchange> kx) {
    // Without the suite, the params' first byte tells: 3 is ECCurveType named_curve.
    const KeyExchange kind = kx.value_or(!body.empty() && body[0] == 3 ? KeyExchange::ecdhe : KeyExchange::dhe);
    ServerKeyExchange m = ServerKeyExchange::decode(body, kind);
    if (kind == KeyExchange::ecdhe) {
        o << "      curve_type named_curve (3, RFC 8422 §5.4)\n      named_curve " << group_label(static_cast<std::uint16_t>(m.group))
          << "\n      public (" << m.public_value.size() << " bytes) " << to_hex(m.public_value) << "\n";
    } else {
        o << "      dh_p (" << m.dh_p.size() * 8 << " bits) " << to_hex(m.dh_p) << "\n      dh_g " << to_hex(m.dh_g) << "\n      dh_Ys ("
          << m.public_value.size() << " bytes) " << to_hex(m.public_value) << "\n";
    }
    o << "      (the signature covers client_random + server_random + the params above, RFC 5246 §7.4.3)\n";
    describe_signature(o, m.scheme, m.signature);
}

void describe_client_key_exchange(std::ostream& o, ByteView body, std::optional<KeyExchange> kx) {
    if (!kx) {
        o << "      exchange " << to_hex(body) << "\n";
        return;
    }
    ClientKeyExchange m = ClientKeyExchange::decode(body, *kx);
    const char* field = *kx == KeyExchange::rsa ? "EncryptedPreMasterSecret (RSA, RFC 5246 §7.4.7.1)"
                        : *kx == KeyExchange::ecdhe ? "ecdh_Yc (our public point, RFC 8422 §5.7)"
                                                    : "dh_Yc (our public value, RFC 5246 §7.4.7.2)";
    o << "      " << field << " (" << m.exchange.size() << " bytes) " << to_hex(m.exchange) << "\n";
}

void describe_certificate_request(std::ostream& o, ByteView body) {
    CertificateRequest m = CertificateRequest::decode(body);
    o << "      certificate_types:";
    for (std::uint8_t t : m.certificate_types) {
        o << " " << (t == 1 ? "rsa_sign(1)" : t == 64 ? "ecdsa_sign(64)" : t == 2 ? "dss_sign(2)" : "type(" + std::to_string(t) + ")");
    }
    o << "\n      supported_signature_algorithms:";
    for (std::uint16_t s : m.schemes) o << " " << scheme_name(s);
    o << "\n      certificate_authorities (" << m.authorities.size() << "):\n";
    for (const Bytes& dn : m.authorities) o << "        " << x509::describe_name(dn) << "\n";
}

} // namespace

std::string describe_handshake(HandshakeType type, ByteView body, std::optional<KeyExchange> kx) {
    std::ostringstream o;
    try {
        switch (type) {
        case HandshakeType::client_hello: {
            ClientHello h = ClientHello::decode(body);
            o << "      client_version " << version_name(h.client_version) << "\n      random " << to_hex(h.random)
              << "\n      session_id (" << h.session_id.size() << " bytes) " << to_hex(h.session_id) << "\n      cipher_suites ("
              << h.cipher_suites.size() << "):\n";
            for (std::uint16_t s : h.cipher_suites) o << "        " << suite_name(s) << "\n";
            describe_extensions(o, h.extensions);
            break;
        }
        case HandshakeType::server_hello: {
            ServerHello h = ServerHello::decode(body);
            o << "      server_version " << version_name(h.server_version) << "\n      random " << to_hex(h.random)
              << "\n      session_id (" << h.session_id.size() << " bytes) " << to_hex(h.session_id)
              << "\n      cipher_suite " << suite_name(h.cipher_suite) << "\n";
            describe_extensions(o, h.extensions);
            break;
        }
        case HandshakeType::certificate: {
            CertificateMessage m = CertificateMessage::decode(body);
            o << "      " << m.chain.size() << " certificate(s)\n";
            for (std::size_t i = 0; i < m.chain.size(); ++i) {
                try {
                    x509::Certificate c = x509::parse_certificate(m.chain[i]);
                    o << "      [" << i << "] subject " << c.subject.to_string() << "\n          issuer  " << c.issuer.to_string() << "\n";
                } catch (const TlsError&) {
                    o << "      [" << i << "] (unparsable, " << m.chain[i].size() << " bytes)\n";
                }
            }
            break;
        }
        case HandshakeType::new_session_ticket: {
            NewSessionTicket t = NewSessionTicket::decode(body);
            o << "      lifetime hint " << t.lifetime_hint << " s, ticket of " << t.ticket.size() << " bytes\n";
            break;
        }
        case HandshakeType::finished:
            o << "      verify_data " << to_hex(body) << "\n";
            break;
        case HandshakeType::server_key_exchange:
            describe_server_key_exchange(o, body, kx);
            break;
        case HandshakeType::client_key_exchange:
            describe_client_key_exchange(o, body, kx);
            break;
        case HandshakeType::certificate_request:
            describe_certificate_request(o, body);
            break;
        case HandshakeType::certificate_verify: {
            DigitallySigned d = DigitallySigned::decode(body, "CertificateVerify");
            o << "      (the signature covers every handshake message before this one, RFC 5246 §7.4.8)\n";
            describe_signature(o, d.scheme, d.signature);
            break;
        }
        case HandshakeType::hello_request:
        case HandshakeType::server_hello_done:
            if (body.empty()) o << "      (empty, as it must be)\n";
            else o << "      " << to_hex(body) << " (should be empty)\n";
            break;
        default:
            if (!body.empty()) o << "      " << to_hex(body.first(std::min<std::size_t>(body.size(), 48))) << (body.size() > 48 ? "…" : "") << "\n";
        }
    } catch (const TlsError& e) {
        o << "      (malformed: " << e.what() << ")\n";
    }
    return o.str();
}

} // namespace glasstls
