// decode_message: every handshake message of RFC 5246 §7.4 (and RFC 5077's
// NewSessionTicket) laid out field by field. Each dissector reads the body
// with the same Reader the engine uses, recording offsets as it goes; then
// the engine's own decode() gives the message struct.
#include "glasstls/dissect.hpp"

#include "dissect_walk.hpp"
#include "glasstls/record.hpp"
#include "glasstls/x509.hpp"

namespace glasstls {

namespace dissect {

std::string group_label(std::uint16_t g) {
    std::string_view n = crypto::group_name(static_cast<crypto::NamedGroup>(g));
    return n == "unknown group" ? unknown_code_point(g) : std::string(n);
}

std::string suite_label(std::uint16_t id) {
    if (const CipherSuite* s = find_cipher_suite(id)) return std::string(s->iana_name);
    if (id == 0x00ff) return "TLS_EMPTY_RENEGOTIATION_INFO_SCSV (a signal, RFC 5746 §3.3)";
    if (id == 0x5600) return "TLS_FALLBACK_SCSV (a signal, RFC 7507)";
    return unknown_code_point(id);
}

namespace {

constexpr std::string_view hello_rfc = "RFC 5246 §7.4.1.2";

std::string version_label(std::uint16_t v) { return version_name(v); }
std::string count(std::size_t n, const char* one, const char* many) { return std::to_string(n) + " " + (n == 1 ? one : many); }

void random_field(Walk& w, std::vector<Field>& out) {
    opaque(w, out, "random", 32, hello_rfc);
}

void extensions(Walk& w, std::vector<Field>& out, bool from_server) {
    if (w.r.empty()) return;   // §7.4.1.2: the extensions block may be absent
    Vector list = open_vector(w, out, 2, "extensions", "RFC 5246 §7.4.1.4");
    std::size_t n = 0;
    while (!list.inner.r.empty()) {
        const std::size_t from = list.inner.at();
        std::vector<Field> parts;
        const std::uint16_t type = u16_field(list.inner, parts, "extension_type",
                                             [](std::uint16_t t) { return extension_name(t) + " (" + std::to_string(t) + ")"; });
        Vector data = open_vector(list.inner, parts, 2, "extension_data");
        const std::size_t data_at = data.inner.at();
        ByteView content = data.inner.r.rest();
        std::string meaning = dissect_extension_data(type, content, data_at, from_server, data.field->children);
        if (data.field->children.size() == 1 && !content.empty()) data.field->bytes = true;   // nothing decoded it
        Field& e = mark(list.field->children, "extension " + extension_name(type), from, list.inner, std::move(meaning));
        e.children = std::move(parts);
        ++n;
    }
    list.field->value = count(n, "extension", "extensions");
}

void client_hello(Walk& w, std::vector<Field>& out) {
    u16_field(w, out, "client_version", version_label, hello_rfc);
    random_field(w, out);
    if (opaque_vector(w, out, 1, "session_id", hello_rfc).length > 1) out.back().value = "a session to resume";
    Vector suites = open_vector(w, out, 2, "cipher_suites", hello_rfc);
    while (!suites.inner.r.empty()) u16_field(suites.inner, suites.field->children, "cipher_suite", suite_label);
    suites.field->value = count(suites.field->children.size() - 1, "suite", "suites") + ", the client's preference first";
    Vector comp = open_vector(w, out, 1, "compression_methods", hello_rfc);
    while (!comp.inner.r.empty()) {
        u8_field(comp.inner, comp.field->children, "compression_method",
                 [](std::uint8_t m) { return m == 0 ? std::string("null (0)") : unknown_code_point(m, 1); });
    }
    extensions(w, out, false);
}

void server_hello(Walk& w, std::vector<Field>& out) {
    constexpr std::string_view rfc = "RFC 5246 §7.4.1.3";
    u16_field(w, out, "server_version", version_label, rfc);
    random_field(w, out);
    opaque_vector(w, out, 1, "session_id", rfc);
    u16_field(w, out, "cipher_suite", suite_label, rfc);
    u8_field(w, out, "compression_method", [](std::uint8_t m) { return m == 0 ? std::string("null (0)") : unknown_code_point(m, 1); }, rfc);
    extensions(w, out, true);
}

void certificate(Walk& w, std::vector<Field>& out) {
    Vector list = open_vector(w, out, 3, "certificate_list", "RFC 5246 §7.4.2");
    std::size_t i = 0;
    while (!list.inner.r.empty()) {
        Field& f = opaque_vector(list.inner, list.field->children, 3, "ASN.1Cert", "RFC 5280 §4.1");
        f.name = "certificate[" + std::to_string(i++) + "]";
        f.bytes = false;   // too long to print; its names say more
        try {
            const x509::Certificate c = x509::parse_certificate(w.content(f));
            f.value = "subject " + c.subject.to_string() + ", issuer " + c.issuer.to_string();
        } catch (const TlsError&) {
            f.value = "unparsable as X.509";
        }
    }
    list.field->value = count(i, "certificate", "certificates") + ", the sender's own first";
}

void signature(Walk& w, std::vector<Field>& out, std::string_view rfc) {
    u16_field(w, out, "signature_algorithm", scheme_name, rfc);
    opaque_vector(w, out, 2, "signature", rfc);
}

void server_key_exchange(Walk& w, std::vector<Field>& out, KeyExchange kx) {
    if (kx == KeyExchange::ecdhe) {
        constexpr std::string_view rfc = "RFC 8422 §5.4";
        u8_field(w, out, "curve_type", [](std::uint8_t t) { return t == 3 ? std::string("named_curve (3)") : unknown_code_point(t, 1); }, rfc);
        u16_field(w, out, "named_curve", group_label, rfc);
        opaque_vector(w, out, 1, "public", rfc).value = "the server's ephemeral public key";
    } else {
        constexpr std::string_view rfc = "RFC 5246 §7.4.3";
        Field& p = opaque_vector(w, out, 2, "dh_p", rfc);
        p.value = std::to_string((p.length - 2) * 8) + "-bit prime";
        opaque_vector(w, out, 2, "dh_g", rfc).value = "generator";
        opaque_vector(w, out, 2, "dh_Ys", rfc).value = "the server's ephemeral public value g^Xs mod p";
    }
    signature(w, out, "RFC 5246 §7.4.3: over client_random + server_random + the params above");
}

void certificate_request(Walk& w, std::vector<Field>& out) {
    constexpr std::string_view rfc = "RFC 5246 §7.4.4";
    Vector types = open_vector(w, out, 1, "certificate_types", rfc);
    while (!types.inner.r.empty()) {
        u8_field(types.inner, types.field->children, "ClientCertificateType", [](std::uint8_t t) {
            return t == 1 ? std::string("rsa_sign (1)") : t == 2 ? std::string("dss_sign (2)") : t == 64 ? std::string("ecdsa_sign (64)")
                                                                                                          : unknown_code_point(t, 1);
        });
    }
    Vector schemes = open_vector(w, out, 2, "supported_signature_algorithms", rfc);
    while (!schemes.inner.r.empty()) u16_field(schemes.inner, schemes.field->children, "SignatureAndHashAlgorithm", scheme_name);
    Vector cas = open_vector(w, out, 2, "certificate_authorities", rfc);
    while (!cas.inner.r.empty()) {
        Field& dn = opaque_vector(cas.inner, cas.field->children, 2, "DistinguishedName");
        dn.bytes = false;
        dn.value = x509::describe_name(w.content(dn));
    }
    cas.field->value = cas.field->children.size() == 1 ? "empty: any CA will do" : count(cas.field->children.size() - 1, "CA", "CAs");
}

void client_key_exchange(Walk& w, std::vector<Field>& out, std::optional<KeyExchange> kx) {
    if (!kx) {
        const std::size_t from = w.at();
        w.r.rest();
        mark(out, "exchange_keys", from, w, "laid out by the key exchange, unknown here").bytes = true;
    } else if (*kx == KeyExchange::rsa) {
        opaque_vector(w, out, 2, "EncryptedPreMasterSecret", "RFC 5246 §7.4.7.1").value =
            "the pre-master secret, RSA-encrypted (PKCS #1 v1.5) to the server's key";
    } else if (*kx == KeyExchange::ecdhe) {
        opaque_vector(w, out, 1, "ecdh_Yc", "RFC 8422 §5.7").value = "the client's ephemeral public key";
    } else {
        opaque_vector(w, out, 2, "dh_Yc", "RFC 5246 §7.4.7.2").value = "the client's ephemeral public value g^Xc mod p";
    }
}

void new_session_ticket(Walk& w, std::vector<Field>& out) {
    constexpr std::string_view rfc = "RFC 5077 §3.3";
    const std::size_t from = w.at();
    const std::uint32_t hint = w.r.u32("ticket_lifetime_hint");
    mark(out, "ticket_lifetime_hint", from, w, std::to_string(hint) + " seconds", rfc);
    opaque_vector(w, out, 2, "ticket", rfc).value = "opaque to the client: the session, encrypted under the server's ticket key";
}

void body_fields(Walk& w, std::vector<Field>& out, HandshakeType type, std::optional<KeyExchange> kx) {
    switch (type) {
    case HandshakeType::client_hello: client_hello(w, out); break;
    case HandshakeType::server_hello: server_hello(w, out); break;
    case HandshakeType::certificate: certificate(w, out); break;
    case HandshakeType::server_key_exchange:
        // Without the suite, the params' first byte tells: 3 is ECCurveType named_curve.
        server_key_exchange(w, out, kx.value_or(!w.r.empty() && w.whole[w.at() - w.whole_at] == 3 ? KeyExchange::ecdhe : KeyExchange::dhe));
        break;
    case HandshakeType::certificate_request: certificate_request(w, out); break;
    case HandshakeType::client_key_exchange: client_key_exchange(w, out, kx); break;
    case HandshakeType::certificate_verify: signature(w, out, "RFC 5246 §7.4.8: over every handshake message before this one"); break;
    case HandshakeType::new_session_ticket: new_session_ticket(w, out); break;
    case HandshakeType::finished:
        opaque(w, out, "verify_data", w.r.remaining(), "RFC 5246 §7.4.9").value =
            "PRF(master_secret, finished_label, Hash(handshake_messages))[0..11]";
        break;
    case HandshakeType::hello_request:
    case HandshakeType::server_hello_done:
        break;   // empty bodies (§7.4.1.1, §7.4.5); expect_end catches any content
    default: {
        const std::size_t from = w.at();
        w.r.rest();
        if (w.at() > from) mark(out, "body", from, w, "an unknown message type").bytes = true;
    }
    }
    w.r.expect_end(std::string(handshake_type_name(type)).c_str());
}

MessageStruct decode_struct(HandshakeType type, ByteView body, std::optional<KeyExchange> kx) {
    switch (type) {
    case HandshakeType::client_hello: return ClientHello::decode(body);
    case HandshakeType::server_hello: return ServerHello::decode(body);
    case HandshakeType::certificate: return CertificateMessage::decode(body);
    case HandshakeType::server_key_exchange:
        return ServerKeyExchange::decode(body, kx.value_or(!body.empty() && body[0] == 3 ? KeyExchange::ecdhe : KeyExchange::dhe));
    case HandshakeType::certificate_request: return CertificateRequest::decode(body);
    case HandshakeType::client_key_exchange:
        if (kx) return ClientKeyExchange::decode(body, *kx);
        return std::monostate{};
    case HandshakeType::certificate_verify: return DigitallySigned::decode(body, "CertificateVerify");
    case HandshakeType::new_session_ticket: return NewSessionTicket::decode(body);
    default: return std::monostate{};
    }
}

} // namespace
} // namespace dissect

DecodedMessage decode_message(ByteView encoded, std::optional<KeyExchange> kx) {
    using namespace dissect;
    DecodedMessage m;
    m.bytes.assign(encoded.begin(), encoded.end());
    Walk w{Reader(m.bytes, "handshake message"), 0, m.bytes, 0};
    try {
        const std::uint8_t type = u8_field(w, m.fields, "msg_type", [](std::uint8_t t) {
            const std::string_view n = handshake_type_name(static_cast<HandshakeType>(t));
            return n == "UnknownHandshake" ? unknown_code_point(t, 1) : std::string(n) + " (" + std::to_string(t) + ")";
        }, "RFC 5246 §7.4");
        m.type = static_cast<HandshakeType>(type);
        const std::size_t from = w.at();
        const std::uint32_t length = w.r.u24("length");
        mark(m.fields, "length", from, w, std::to_string(length) + " bytes of body", "RFC 5246 §7.4").length_prefix = true;
        Walk body{Reader(w.r.bytes(length, "body"), std::string(handshake_type_name(m.type))), w.at() - length, m.bytes, 0};
        body_fields(body, m.fields, m.type, kx);
        w.r.expect_end("handshake message");
        m.message = decode_struct(m.type, ByteView(m.bytes).subspan(4), kx);
    } catch (const TlsError& e) {
        m.error = e.what();
    }
    return m;
}

std::vector<Field> record_header_fields(ByteView header) {
    using namespace dissect;
    std::vector<Field> out;
    Walk w{Reader(header, "record header"), 0, header, 0};
    try {
        u8_field(w, out, "type", [](std::uint8_t t) {
            return t >= 20 && t <= 23 ? std::string(content_type_name(static_cast<ContentType>(t))) + " (" + std::to_string(t) + ")"
                                      : unknown_code_point(t, 1);
        }, "RFC 5246 §6.2.1");
        u16_field(w, out, "version", version_label, "RFC 5246 §6.2.1");
        const std::size_t from = w.at();
        const std::uint16_t length = w.r.u16("length");
        mark(out, "length", from, w, std::to_string(length) + " bytes of fragment", "RFC 5246 §6.2.1").length_prefix = true;
    } catch (const TlsError&) {
        // a short header: the fields read so far
    }
    return out;
}

} // namespace glasstls
