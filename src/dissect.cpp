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

// Groups peers offer that glasstls does not implement, named as the IANA
// "TLS Supported Groups" registry names them (X448: neither Crypto++ nor
// libsodium has it; the ML-KEM hybrids are TLS 1.3 only).
std::string group_label(std::uint16_t g) {
    std::string_view n = crypto::group_name(static_cast<crypto::NamedGroup>(g));
    if (n != "unknown group") return std::string(n);
    static const std::pair<std::uint16_t, const char*> others[] = {
        {30, "x448"}, {31, "brainpoolP256r1tls13"}, {32, "brainpoolP384r1tls13"}, {33, "brainpoolP512r1tls13"},
        {0x11eb, "SecP256r1MLKEM768"}, {0x11ec, "X25519MLKEM768"}, {0x11ed, "SecP384r1MLKEM1024"}};
    for (const auto& [code, name] : others) {
        if (code == g) return std::string(name) + " (not implemented)";
    }
    return unknown_code_point(g);
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

// ---- ClientHello and ServerHello: the engine's own decode() reads the body,
// recording each field it reads (codec.hpp's ReadTrail); the dissector only
// says what each field means. One grammar, for the engine and for the eyes.

// The trail as a field tree (children in the order they were read). An
// entry always comes after its parent, so each entry's children are listed
// in one pass forward and the tree is built from them — linear in the
// fields, however many suites a hostile hello lists.
Field field_tree(const ReadTrail& trail, const std::vector<std::vector<std::size_t>>& children, std::size_t i) {
    const ReadTrail::Entry& e = trail.entries[i];
    Field f;
    f.name = e.name;
    f.offset = e.offset;
    f.length = e.length;
    f.length_prefix = e.length_prefix;
    f.children.reserve(children[i].size());
    for (std::size_t c : children[i]) f.children.push_back(field_tree(trail, children, c));
    return f;
}

std::vector<Field> fields_of(const ReadTrail& trail) {
    std::vector<std::vector<std::size_t>> children(trail.entries.size());
    std::vector<Field> top;
    for (std::size_t i = 0; i < trail.entries.size(); ++i) {
        const int parent = trail.entries[i].parent;
        if (parent >= 0) children[static_cast<std::size_t>(parent)].push_back(i);
    }
    for (std::size_t i = 0; i < trail.entries.size(); ++i) {
        if (trail.entries[i].parent < 0) top.push_back(field_tree(trail, children, i));
    }
    return top;
}

// A vector's length child says how many bytes follow it.
void fill_lengths(std::vector<Field>& fields) {
    for (Field& f : fields) {
        if (!f.children.empty() && f.children.front().length_prefix) f.children.front().value = std::to_string(f.length - f.children.front().length);
        fill_lengths(f.children);
    }
}

std::uint16_t u16_at(const Walk& w, const Field& f) { return load_u16(w.whole.data() + (f.offset - w.whole_at)); }
std::uint8_t u8_at(const Walk& w, const Field& f) { return w.whole[f.offset - w.whole_at]; }
std::string compression_label(std::uint8_t m) { return m == 0 ? std::string("null (0)") : unknown_code_point(m, 1); }

// extensions: the list's length, then each extension_type + extension_data
// pair, grouped as one field "extension NAME" that says what it holds.
void describe_extensions(const Walk& w, Field& list, bool from_server) {
    list.rfc = "RFC 5246 §7.4.1.4";
    std::vector<Field> grouped;
    grouped.push_back(list.children.front());   // the length
    for (std::size_t i = 1; i + 1 < list.children.size(); i += 2) {
        Field type = list.children[i], data = list.children[i + 1];
        const std::uint16_t t = u16_at(w, type);
        type.value = extension_name(t) + " (" + std::to_string(t) + ")";
        const ByteView content = w.content(data);
        std::string meaning = dissect_extension_data(t, content, data.offset + 2, from_server, data.children);
        if (data.children.size() == 1 && !content.empty()) data.bytes = true;   // nothing decoded it
        Field e;
        e.name = "extension " + extension_name(t);
        e.offset = type.offset;
        e.length = type.length + data.length;
        e.value = std::move(meaning);
        e.children = {std::move(type), std::move(data)};
        grouped.push_back(std::move(e));
    }
    list.value = count(grouped.size() - 1, "extension", "extensions");
    list.children = std::move(grouped);
}

// What each field of a hello means; `rfc` is the message's section.
void describe_hello(const Walk& w, std::vector<Field>& fields, std::string_view rfc, bool from_server) {
    for (Field& f : fields) {
        const std::string name = f.name;
        if (name == "client_version" || name == "server_version") {
            f.value = version_label(u16_at(w, f));
            f.rfc = rfc;
        } else if (name == "random") {
            f.bytes = true;
            f.rfc = hello_rfc;
        } else if (name == "session_id") {
            f.bytes = true;
            f.rfc = rfc;
            if (!from_server && f.length > 1) f.value = "a session to resume";
        } else if (name == "cipher_suites") {
            f.rfc = rfc;
            for (Field& c : f.children) {
                if (!c.length_prefix) c.value = suite_label(u16_at(w, c));
            }
            f.value = count(f.children.size() - 1, "suite", "suites") + ", the client's preference first";
        } else if (name == "cipher_suite") {
            f.value = suite_label(u16_at(w, f));
            f.rfc = rfc;
        } else if (name == "compression_methods") {
            f.rfc = rfc;
            for (std::size_t i = f.offset + 1; i < f.offset + f.length; ++i) {   // one child per method
                Field m;
                m.name = "compression_method";
                m.offset = i;
                m.length = 1;
                m.value = compression_label(w.whole[i - w.whole_at]);
                f.children.push_back(std::move(m));
            }
        } else if (name == "compression_method") {
            f.value = compression_label(u8_at(w, f));
            f.rfc = rfc;
        } else if (name == "extensions") {
            describe_extensions(w, f, from_server);
        }
    }
}

// The hello's fields from its own decode(); the decoded struct is the message.
template <typename Hello>
MessageStruct hello(Walk& w, std::vector<Field>& out, std::string_view rfc, bool from_server) {
    ReadTrail trail;
    const std::size_t at = w.at();
    const ByteView body = w.r.rest();
    auto record = [&] {
        std::vector<Field> fields = fields_of(trail);
        fill_lengths(fields);
        describe_hello(w, fields, rfc, from_server);
        for (Field& f : fields) out.push_back(std::move(f));
    };
    try {
        Hello h = Hello::decode(body, &trail, at);
        record();
        return h;
    } catch (const TlsError&) {
        record();   // the fields read before it went wrong
        throw;
    }
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
    case HandshakeType::client_hello:
    case HandshakeType::server_hello:
        break;   // decode_message reads them with their own decode()
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
        if (m.type == HandshakeType::client_hello) {
            m.message = hello<ClientHello>(body, m.fields, hello_rfc, false);
        } else if (m.type == HandshakeType::server_hello) {
            m.message = hello<ServerHello>(body, m.fields, "RFC 5246 §7.4.1.3", true);
        } else {
            body_fields(body, m.fields, m.type, kx);
            m.message = decode_struct(m.type, ByteView(m.bytes).subspan(4), kx);
        }
        w.r.expect_end("handshake message");
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
            return t >= 20 && t <= 24 ? std::string(content_type_name(static_cast<ContentType>(t))) + " (" + std::to_string(t) + ")"
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
