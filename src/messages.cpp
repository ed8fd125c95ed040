// Handshake messages (RFC 5246 §7.4): encode and decode side by side.
#include "glasstls/messages.hpp"

#include <algorithm>

namespace glasstls {

std::string extension_name(std::uint16_t type) {
    switch (static_cast<ExtensionType>(type)) {
    case ExtensionType::server_name: return "server_name";
    case ExtensionType::supported_groups: return "supported_groups";
    case ExtensionType::ec_point_formats: return "ec_point_formats";
    case ExtensionType::signature_algorithms: return "signature_algorithms";
    case ExtensionType::heartbeat: return "heartbeat";
    case ExtensionType::alpn: return "application_layer_protocol_negotiation";
    case ExtensionType::encrypt_then_mac: return "encrypt_then_mac";
    case ExtensionType::extended_master_secret: return "extended_master_secret";
    case ExtensionType::session_ticket: return "session_ticket";
    case ExtensionType::supported_versions: return "supported_versions";
    case ExtensionType::renegotiation_info: return "renegotiation_info";
    }
    return unknown_code_point(type);
}

// ---- Signature schemes ---------------------------------------------------------------

namespace {
using crypto::HashAlgorithm;
using crypto::KeyType;
using crypto::SignatureAlgorithm;
const SchemeInfo kSchemes[] = {
    {SignatureScheme::ecdsa_secp256r1_sha256, "ecdsa_secp256r1_sha256", SignatureAlgorithm::ecdsa, HashAlgorithm::sha256, KeyType::ec},
    {SignatureScheme::ecdsa_secp384r1_sha384, "ecdsa_secp384r1_sha384", SignatureAlgorithm::ecdsa, HashAlgorithm::sha384, KeyType::ec},
    {SignatureScheme::ed25519, "ed25519", SignatureAlgorithm::ed25519, HashAlgorithm::sha512, KeyType::ed25519},
    {SignatureScheme::rsa_pss_rsae_sha256, "rsa_pss_rsae_sha256", SignatureAlgorithm::rsa_pss, HashAlgorithm::sha256, KeyType::rsa},
    {SignatureScheme::rsa_pss_rsae_sha384, "rsa_pss_rsae_sha384", SignatureAlgorithm::rsa_pss, HashAlgorithm::sha384, KeyType::rsa},
    {SignatureScheme::rsa_pss_rsae_sha512, "rsa_pss_rsae_sha512", SignatureAlgorithm::rsa_pss, HashAlgorithm::sha512, KeyType::rsa},
    {SignatureScheme::rsa_pss_pss_sha256, "rsa_pss_pss_sha256", SignatureAlgorithm::rsa_pss, HashAlgorithm::sha256, KeyType::rsa_pss},
    {SignatureScheme::rsa_pss_pss_sha384, "rsa_pss_pss_sha384", SignatureAlgorithm::rsa_pss, HashAlgorithm::sha384, KeyType::rsa_pss},
    {SignatureScheme::rsa_pss_pss_sha512, "rsa_pss_pss_sha512", SignatureAlgorithm::rsa_pss, HashAlgorithm::sha512, KeyType::rsa_pss},
    {SignatureScheme::rsa_pkcs1_sha256, "rsa_pkcs1_sha256", SignatureAlgorithm::rsa_pkcs1, HashAlgorithm::sha256, KeyType::rsa},
    {SignatureScheme::rsa_pkcs1_sha384, "rsa_pkcs1_sha384", SignatureAlgorithm::rsa_pkcs1, HashAlgorithm::sha384, KeyType::rsa},
    {SignatureScheme::rsa_pkcs1_sha512, "rsa_pkcs1_sha512", SignatureAlgorithm::rsa_pkcs1, HashAlgorithm::sha512, KeyType::rsa},
    {SignatureScheme::ecdsa_secp521r1_sha512, "ecdsa_secp521r1_sha512", SignatureAlgorithm::ecdsa, HashAlgorithm::sha512, KeyType::ec},
    {SignatureScheme::rsa_pkcs1_sha1, "rsa_pkcs1_sha1", SignatureAlgorithm::rsa_pkcs1, HashAlgorithm::sha1, KeyType::rsa},
    {SignatureScheme::ecdsa_sha1, "ecdsa_sha1", SignatureAlgorithm::ecdsa, HashAlgorithm::sha1, KeyType::ec},
};
} // namespace

const SchemeInfo* scheme_info(std::uint16_t scheme) {
    for (const SchemeInfo& s : kSchemes) {
        if (static_cast<std::uint16_t>(s.scheme) == scheme) return &s;
    }
    return nullptr;
}

std::optional<SignatureScheme> scheme_from_name(std::string_view name) {
    for (const SchemeInfo& s : kSchemes) {
        if (s.name == name) return s.scheme;
    }
    return std::nullopt;
}

std::string scheme_name(std::uint16_t scheme) {
    const SchemeInfo* s = scheme_info(scheme);
    if (s != nullptr) return std::string(s->name);
    // Schemes peers offer that glasstls does not implement, by their names
    // in the IANA "TLS SignatureScheme" registry (RFC 8446 §4.2.3, RFC 8734).
    static const std::pair<std::uint16_t, const char*> others[] = {
        {0x0301, "rsa_pkcs1_sha224"}, {0x0303, "ecdsa_sha224"}, {0x0808, "ed448"},
        {0x081a, "ecdsa_brainpoolP256r1tls13_sha256"}, {0x081b, "ecdsa_brainpoolP384r1tls13_sha384"},
        {0x081c, "ecdsa_brainpoolP512r1tls13_sha512"}};
    for (const auto& [code, name] : others) {
        if (code == scheme) return std::string(name) + " (not implemented)";
    }
    return unknown_code_point(scheme);
}

std::vector<SignatureScheme> default_signature_schemes() {
    // SHA-1 schemes are known (to name them in traces) but never offered.
    // 0x0603 is "SHA-512 with ECDSA" on any curve in TLS 1.2 (RFC 5246
    // §7.4.1.4.1; TLS 1.3 later tied it to P-521): offered last among ECDSA.
    return {SignatureScheme::ecdsa_secp256r1_sha256, SignatureScheme::ecdsa_secp384r1_sha384, SignatureScheme::ecdsa_secp521r1_sha512,
            SignatureScheme::ed25519,
            SignatureScheme::rsa_pss_rsae_sha256,    SignatureScheme::rsa_pss_rsae_sha384,    SignatureScheme::rsa_pss_rsae_sha512,
            SignatureScheme::rsa_pss_pss_sha256,     SignatureScheme::rsa_pss_pss_sha384,     SignatureScheme::rsa_pss_pss_sha512,
            SignatureScheme::rsa_pkcs1_sha256,       SignatureScheme::rsa_pkcs1_sha384,       SignatureScheme::rsa_pkcs1_sha512};
}

// ---- Extensions -------------------------------------------------------------------------

namespace {

void write_extensions(Writer& w, const std::vector<Extension>& extensions) {
    // §7.4.1.2: the extensions block is omitted entirely when empty.
    if (extensions.empty()) return;
    w.prefixed16([&](Writer& list) {
        for (const Extension& e : extensions) {
            list.u16(e.type);
            list.vec16(e.data);
        }
    });
}

std::vector<Extension> read_extensions(Reader& r) {
    std::vector<Extension> out;
    if (r.empty()) return out;
    Reader list = r.sub16("extensions");
    while (!list.empty()) {
        Extension e;
        e.type = list.u16("extension_type");
        ByteView data = list.vec16("extension_data");
        e.data.assign(data.begin(), data.end());
        // §7.4.1.4: "There MUST NOT be more than one extension of the same type."
        for (const Extension& seen : out) {
            if (seen.type == e.type) list.fail("extension " + extension_name(e.type) + " appears twice");
        }
        out.push_back(std::move(e));
    }
    return out;
}

const Extension* find_extension(const std::vector<Extension>& list, ExtensionType t) {
    for (const Extension& e : list) {
        if (e.type == static_cast<std::uint16_t>(t)) return &e;
    }
    return nullptr;
}

} // namespace

namespace ext {

Bytes server_name(std::string_view host) {
    Writer w;
    w.prefixed16([&](Writer& list) {
        list.u8(0);   // host_name
        list.vec16(as_bytes(host));
    });
    return w.take();
}

std::optional<std::string> parse_server_name(ByteView data) {
    // RFC 6066 §3: ServerName server_name_list<1..2^16-1>, HostName<1..2^16-1>.
    Reader r(data, "server_name");
    Reader list(r.vec16("server_name_list", 1), "server_name_list");
    r.expect_end("server_name");
    std::optional<std::string> host;
    while (!list.empty()) {
        const std::uint8_t type = list.u8("name_type");
        ByteView name = list.vec16("host_name", 1);
        if (type != 0) continue;   // other name types: none defined; ignored
        // "MUST NOT contain more than one name of the same name_type."
        if (host) throw TlsError(AlertDescription::illegal_parameter, "server_name lists two host names (RFC 6066 §3)");
        // A HostName is an ASCII DNS name: control bytes (NUL, BEL, escape
        // sequences) and non-ASCII bytes are refused, never logged or echoed.
        for (std::uint8_t b : name) {
            if (b <= 0x20 || b >= 0x7f) {
                throw TlsError(AlertDescription::illegal_parameter, "server_name holds a byte that is not printable ASCII (RFC 6066 §3)");
            }
        }
        host = std::string(name.begin(), name.end());
    }
    return host;
}

Bytes supported_groups(const std::vector<crypto::NamedGroup>& groups) {
    Writer w;
    w.prefixed16([&](Writer& list) {
        for (crypto::NamedGroup g : groups) list.u16(static_cast<std::uint16_t>(g));
    });
    return w.take();
}

std::vector<std::uint16_t> parse_u16_list(ByteView data, const char* what) {
    Reader r(data, what);
    Reader list = r.sub16(what);
    r.expect_end(what);
    if (list.remaining() % 2 != 0 || list.empty()) list.fail("the list must hold whole, non-zero 2-byte entries");
    std::vector<std::uint16_t> out;
    while (!list.empty()) out.push_back(list.u16("entry"));
    return out;
}

Bytes ec_point_formats() { return Bytes{1, 0}; }   // RFC 8422 §5.1.2: uncompressed

Bytes signature_algorithms(const std::vector<SignatureScheme>& schemes) {
    Writer w;
    w.prefixed16([&](Writer& list) {
        for (SignatureScheme s : schemes) list.u16(static_cast<std::uint16_t>(s));
    });
    return w.take();
}

Bytes alpn(const std::vector<std::string>& protocols) {
    Writer w;
    w.prefixed16([&](Writer& list) {
        for (const std::string& p : protocols) list.vec8(as_bytes(p));
    });
    return w.take();
}

std::vector<std::string> parse_alpn(ByteView data) {
    Reader r(data, "application_layer_protocol_negotiation");
    Reader list(r.vec16("protocol_name_list", 2), "ALPN protocol_name_list");
    r.expect_end("ALPN");
    std::vector<std::string> out;
    while (!list.empty()) {
        ByteView p = list.vec8("protocol_name", 1);
        out.emplace_back(p.begin(), p.end());
    }
    return out;
}

Bytes renegotiation_info(ByteView renegotiated_connection) {
    Writer w;
    w.vec8(renegotiated_connection);
    return w.take();
}

} // namespace ext

// ---- ClientHello / ServerHello ------------------------------------------------------------

Bytes ClientHello::encode() const {
    Writer w;
    w.u16(client_version);
    w.bytes(random);
    w.vec8(session_id);
    w.prefixed16([&](Writer& list) {
        for (std::uint16_t s : cipher_suites) list.u16(s);
    });
    w.vec8(compression_methods);
    write_extensions(w, extensions);
    return w.take();
}

ClientHello ClientHello::decode(ByteView body, ReadTrail* trail, std::size_t base) {
    Reader r(body, "ClientHello");
    r.record_to(trail, base);
    ClientHello h;
    h.client_version = r.u16("client_version");
    ByteView random = r.bytes(32, "random");
    h.random.assign(random.begin(), random.end());
    ByteView sid = r.vec8("session_id", 0, 32);
    h.session_id.assign(sid.begin(), sid.end());
    Reader suites = r.sub16("cipher_suites");
    if (suites.empty() || suites.remaining() % 2 != 0) suites.fail("must be a non-empty list of 2-byte values");
    while (!suites.empty()) h.cipher_suites.push_back(suites.u16("cipher_suite"));
    ByteView comp = r.vec8("compression_methods", 1);
    h.compression_methods.assign(comp.begin(), comp.end());
    h.extensions = read_extensions(r);
    r.expect_end("ClientHello");
    return h;
}

const Extension* ClientHello::find(ExtensionType t) const { return find_extension(extensions, t); }

Bytes ServerHello::encode() const {
    Writer w;
    w.u16(server_version);
    w.bytes(random);
    w.vec8(session_id);
    w.u16(cipher_suite);
    w.u8(compression_method);
    write_extensions(w, extensions);
    return w.take();
}

ServerHello ServerHello::decode(ByteView body, ReadTrail* trail, std::size_t base) {
    Reader r(body, "ServerHello");
    r.record_to(trail, base);
    ServerHello h;
    h.server_version = r.u16("server_version");
    ByteView random = r.bytes(32, "random");
    h.random.assign(random.begin(), random.end());
    ByteView sid = r.vec8("session_id", 0, 32);
    h.session_id.assign(sid.begin(), sid.end());
    h.cipher_suite = r.u16("cipher_suite");
    h.compression_method = r.u8("compression_method");
    h.extensions = read_extensions(r);
    r.expect_end("ServerHello");
    return h;
}

const Extension* ServerHello::find(ExtensionType t) const { return find_extension(extensions, t); }

// ---- Certificate ------------------------------------------------------------------------

Bytes CertificateMessage::encode() const {
    Writer w;
    w.prefixed24([&](Writer& list) {
        for (const Bytes& c : chain) list.vec24(c);
    });
    return w.take();
}

CertificateMessage CertificateMessage::decode(ByteView body) {
    Reader r(body, "Certificate");
    Reader list = r.sub24("certificate_list");
    r.expect_end("Certificate");
    CertificateMessage m;
    while (!list.empty()) {
        ByteView c = list.vec24("ASN.1Cert", 1);
        m.chain.emplace_back(c.begin(), c.end());
    }
    return m;
}

// ---- ServerKeyExchange ----------------------------------------------------------------------

Bytes ServerKeyExchange::ecdhe_params(crypto::NamedGroup group, ByteView point) {
    Writer w;
    w.u8(3);   // ECCurveType named_curve (RFC 8422 §5.4)
    w.u16(static_cast<std::uint16_t>(group));
    w.vec8(point);
    return w.take();
}

Bytes ServerKeyExchange::dhe_params(ByteView p, ByteView g, ByteView ys) {
    Writer w;
    w.vec16(p);
    w.vec16(g);
    w.vec16(ys);
    return w.take();
}

Bytes ServerKeyExchange::encode() const {
    Writer w(params);
    w.u16(scheme);
    w.vec16(signature);
    return w.take();
}

ServerKeyExchange ServerKeyExchange::decode(ByteView body, KeyExchange kx) {
    Reader r(body, "ServerKeyExchange");
    ServerKeyExchange m;
    m.kx = kx;
    const std::size_t start = r.position();
    if (kx == KeyExchange::ecdhe) {
        const std::uint8_t curve_type = r.u8("curve_type");
        if (curve_type != 3) {
            throw TlsError(AlertDescription::illegal_parameter,
                           "ServerKeyExchange: curve_type " + std::to_string(curve_type) + " (only named_curve, 3, is allowed)");
        }
        m.group = static_cast<crypto::NamedGroup>(r.u16("namedcurve"));
        ByteView point = r.vec8("public", 1);
        m.public_value.assign(point.begin(), point.end());
    } else if (kx == KeyExchange::dhe) {
        ByteView p = r.vec16("dh_p", 1), g = r.vec16("dh_g", 1), ys = r.vec16("dh_Ys", 1);
        m.dh_p.assign(p.begin(), p.end());
        m.dh_g.assign(g.begin(), g.end());
        m.public_value.assign(ys.begin(), ys.end());
    } else {
        r.fail("a ServerKeyExchange is not sent with RSA key exchange");
    }
    m.params.assign(body.begin() + static_cast<std::ptrdiff_t>(start), body.begin() + static_cast<std::ptrdiff_t>(r.position()));
    m.scheme = r.u16("signature_algorithm");
    ByteView sig = r.vec16("signature");   // <0..2^16-1>, as in DigitallySigned
    m.signature.assign(sig.begin(), sig.end());
    r.expect_end("ServerKeyExchange");
    return m;
}

// ---- CertificateRequest -------------------------------------------------------------------

Bytes CertificateRequest::encode() const {
    Writer w;
    w.vec8(certificate_types);
    w.prefixed16([&](Writer& list) {
        for (std::uint16_t s : schemes) list.u16(s);
    });
    w.prefixed16([&](Writer& list) {
        for (const Bytes& dn : authorities) list.vec16(dn);
    });
    return w.take();
}

CertificateRequest CertificateRequest::decode(ByteView body) {
    Reader r(body, "CertificateRequest");
    CertificateRequest m;
    ByteView types = r.vec8("certificate_types", 1);
    m.certificate_types.assign(types.begin(), types.end());
    Reader schemes = r.sub16("supported_signature_algorithms");
    if (schemes.empty() || schemes.remaining() % 2 != 0) schemes.fail("must be a non-empty list of 2-byte values");
    while (!schemes.empty()) m.schemes.push_back(schemes.u16("SignatureAndHashAlgorithm"));
    Reader cas = r.sub16("certificate_authorities");
    while (!cas.empty()) {
        ByteView dn = cas.vec16("DistinguishedName", 1);
        m.authorities.emplace_back(dn.begin(), dn.end());
    }
    r.expect_end("CertificateRequest");
    return m;
}

// ---- ClientKeyExchange, CertificateVerify, NewSessionTicket ----------------------------------------

Bytes ClientKeyExchange::encode(KeyExchange kx) const {
    Writer w;
    if (kx == KeyExchange::ecdhe) w.vec8(exchange);   // RFC 8422 §5.7 ECPoint
    else w.vec16(exchange);                           // RSA EncryptedPreMasterSecret, DHE Yc
    return w.take();
}

ClientKeyExchange ClientKeyExchange::decode(ByteView body, KeyExchange kx) {
    Reader r(body, "ClientKeyExchange");
    ClientKeyExchange m;
    ByteView v = kx == KeyExchange::ecdhe ? r.vec8("ecdh_Yc", 1) : r.vec16(kx == KeyExchange::rsa ? "EncryptedPreMasterSecret" : "dh_Yc", 1);
    m.exchange.assign(v.begin(), v.end());
    r.expect_end("ClientKeyExchange");
    return m;
}

Bytes DigitallySigned::encode() const {
    Writer w;
    w.u16(scheme);
    w.vec16(signature);
    return w.take();
}

DigitallySigned DigitallySigned::decode(ByteView body, const char* context) {
    Reader r(body, context);
    DigitallySigned d;
    d.scheme = r.u16("signature_algorithm");
    // §4.7: opaque signature<0..2^16-1> — an empty signature decodes, and
    // then fails verification (decrypt_error), as the grammar intends.
    ByteView sig = r.vec16("signature");
    d.signature.assign(sig.begin(), sig.end());
    r.expect_end(context);
    return d;
}

Bytes NewSessionTicket::encode() const {
    Writer w;
    w.u32(lifetime_hint);
    w.vec16(ticket);
    return w.take();
}

NewSessionTicket NewSessionTicket::decode(ByteView body) {
    Reader r(body, "NewSessionTicket");
    NewSessionTicket m;
    m.lifetime_hint = r.u32("ticket_lifetime_hint");
    ByteView t = r.vec16("ticket");
    m.ticket.assign(t.begin(), t.end());
    r.expect_end("NewSessionTicket");
    return m;
}

// ---- Framing -------------------------------------------------------------------------------

Bytes frame_handshake(HandshakeType type, ByteView body) {
    Writer w;
    w.u8(static_cast<std::uint8_t>(type));
    w.vec24(body);
    return w.take();
}

void HandshakeReassembler::add(ByteView fragment) {
    // Drop the messages already handed out before appending, so the buffer
    // never holds more than one incomplete message plus one record: a peer
    // that cuts every record one byte into the next message cannot make it
    // grow (it once grew by every byte received).
    if (start_ > 0) {
        buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(start_));
        start_ = 0;
    }
    buffer_.insert(buffer_.end(), fragment.begin(), fragment.end());
}

std::size_t HandshakeReassembler::max_length(HandshakeType type) {
    // RFC 5246 §7.4.1.2: the grammar's largest ClientHello is 2 + 32 +
    // (1 + 32) + (2 + 65534) + (1 + 255) + (2 + 65535) = 131,396 bytes, and a
    // server must be able to read it. Everything else — certificate chains
    // above all — is held to glasstls's own limit.
    return type == HandshakeType::client_hello ? max_client_hello_length : max_message_length;
}

std::optional<HandshakeMessage> HandshakeReassembler::next() {
    const std::size_t available = buffer_.size() - start_;
    if (available < 4) return std::nullopt;
    const std::uint8_t* p = buffer_.data() + start_;
    const auto type = static_cast<HandshakeType>(p[0]);
    const std::size_t length = (std::size_t{p[1]} << 16) | (std::size_t{p[2]} << 8) | p[3];
    if (length > max_length(type)) {
        // Beyond what the ClientHello grammar allows is a decoding error;
        // beyond our own limit for other messages is a parameter we refuse
        // (OpenSSL's choice for an excessive message, too).
        const auto alert = type == HandshakeType::client_hello ? AlertDescription::decode_error : AlertDescription::illegal_parameter;
        throw TlsError(alert, std::string(handshake_type_name(type)) + " of " + std::to_string(length) +
                                  " bytes is larger than " +
                                  (type == HandshakeType::client_hello ? "the ClientHello grammar allows (" : "glasstls accepts (") +
                                  std::to_string(max_length(type)) + ")");
    }
    if (available < 4 + length) return std::nullopt;
    HandshakeMessage m;
    m.type = type;
    m.encoded.assign(p, p + 4 + length);
    m.body.assign(p + 4, p + 4 + length);
    start_ += 4 + length;
    return m;
}

} // namespace glasstls
