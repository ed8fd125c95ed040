// The extensions glasstls knows, field by field (the IANA registry names
// them; each RFC defines its extension_data).
#include "dissect_walk.hpp"
#include "glasstls/record.hpp"
#include "glasstls/text.hpp"

namespace glasstls {

namespace {

using namespace dissect;

std::string point_format(std::uint8_t f) {
    return f == 0 ? std::string("uncompressed (0)") : f == 1 ? std::string("ansiX962_compressed_prime (1)")
                                                 : f == 2 ? std::string("ansiX962_compressed_char2 (2)")
                                                          : unknown_code_point(f, 1);
}

// A name the peer chose (a HostName, a ProtocolName): any bytes at all on the
// wire, shown so that none of them is obeyed by a terminal (text::visible).
std::string text_of(const Walk& w, const Field& f) {
    ByteView v = w.content(f);
    return text::visible(std::string_view(reinterpret_cast<const char*>(v.data()), v.size()));
}

std::string server_name(Walk& w, std::vector<Field>& out, bool from_server) {
    if (w.r.empty()) return from_server ? "empty: the server used the name the client sent (RFC 6066 §3)" : "empty";
    Vector list = open_vector(w, out, 2, "server_name_list", "RFC 6066 §3");
    std::string names;
    while (!list.inner.r.empty()) {
        u8_field(list.inner, list.field->children, "name_type",
                 [](std::uint8_t t) { return t == 0 ? std::string("host_name (0)") : unknown_code_point(t, 1); });
        Field& host = opaque_vector(list.inner, list.field->children, 2, "HostName");
        host.bytes = false;
        host.value = text_of(list.inner, host);
        names += (names.empty() ? "" : ", ") + host.value;
    }
    return names + " — sent in clear, before any encryption";
}

template <typename Describe>
std::string u16_list(Walk& w, std::vector<Field>& out, const char* list_name, const char* item, Describe describe, std::string_view rfc) {
    Vector list = open_vector(w, out, 2, list_name, rfc);
    std::string all;
    while (!list.inner.r.empty()) all += (all.empty() ? "" : " ") + describe(u16_field(list.inner, list.field->children, item, describe));
    return all;
}

std::string alpn(Walk& w, std::vector<Field>& out) {
    Vector list = open_vector(w, out, 2, "protocol_name_list", "RFC 7301 §3.1");
    std::string all;
    while (!list.inner.r.empty()) {
        Field& p = opaque_vector(list.inner, list.field->children, 1, "ProtocolName");
        p.bytes = false;
        p.value = text_of(list.inner, p);
        all += (all.empty() ? "" : " ") + p.value;
    }
    return all;
}

std::string supported_versions(Walk& w, std::vector<Field>& out, bool from_server) {
    auto label = [](std::uint16_t v) { return version_name(v); };
    if (from_server) return "selected " + version_name(u16_field(w, out, "selected_version", label, "RFC 8446 §4.2.1"));
    Vector list = open_vector(w, out, 1, "versions", "RFC 8446 §4.2.1");
    std::string all;
    while (!list.inner.r.empty()) all += (all.empty() ? "" : " ") + version_name(u16_field(list.inner, list.field->children, "version", label));
    return all + " (a TLS 1.3 client's list; TLS 1.2 negotiates by client_version)";
}

std::string known_extension(std::uint16_t type, Walk& w, std::vector<Field>& out, bool from_server) {
    switch (static_cast<ExtensionType>(type)) {
    case ExtensionType::server_name: return server_name(w, out, from_server);
    case ExtensionType::supported_groups:
        return u16_list(w, out, "named_group_list", "NamedGroup", group_label, "RFC 8422 §5.1.1, RFC 7919");
    case ExtensionType::signature_algorithms:
        return u16_list(w, out, "supported_signature_algorithms", "SignatureAndHashAlgorithm", scheme_name, "RFC 5246 §7.4.1.4.1");
    case ExtensionType::ec_point_formats: {
        Vector list = open_vector(w, out, 1, "ec_point_format_list", "RFC 8422 §5.1.2");
        std::string all;
        while (!list.inner.r.empty()) all += (all.empty() ? "" : " ") + point_format(u8_field(list.inner, list.field->children, "ECPointFormat", point_format));
        return all;
    }
    case ExtensionType::alpn: return alpn(w, out);
    case ExtensionType::heartbeat: {   // RFC 6520 §2
        const std::uint8_t mode = u8_field(w, out, "mode", [](std::uint8_t m) {
            return m == 1 ? std::string("peer_allowed_to_send (1)") : m == 2 ? std::string("peer_not_allowed_to_send (2)") : unknown_code_point(m, 1);
        }, "RFC 6520 §2");
        return mode == 1 ? "peer_allowed_to_send: HeartbeatRequests are welcome" : "no HeartbeatRequests, please";
    }
    case ExtensionType::encrypt_then_mac: return "CBC records MAC their ciphertext (RFC 7366)";
    case ExtensionType::extended_master_secret: return "the master secret will hash the handshake (RFC 7627)";
    case ExtensionType::session_ticket:
        if (w.r.empty()) {
            return from_server ? "empty: a NewSessionTicket will follow (RFC 5077 §3.2)" : "empty: no ticket yet, but one is welcome (RFC 5077 §3.2)";
        }
        opaque(w, out, "ticket", w.r.remaining(), "RFC 5077 §3.2");
        return "a ticket to resume with";
    case ExtensionType::supported_versions: return supported_versions(w, out, from_server);
    case ExtensionType::renegotiation_info: {
        Field& f = opaque_vector(w, out, 1, "renegotiated_connection", "RFC 5746 §3.2");
        return f.length == 1 ? "empty: an initial handshake (RFC 5746 §3.4)" : "the previous handshake's Finished values";
    }
    }
    return "";
}

} // namespace

std::string dissect_extension_data(std::uint16_t type, ByteView data, std::size_t base, bool from_server, std::vector<Field>& out) {
    const std::size_t before = out.size();
    Walk w{Reader(data, extension_name(type)), base, data, base};
    try {
        std::string meaning = known_extension(type, w, out, from_server);
        w.r.expect_end(extension_name(type).c_str());
        return meaning;
    } catch (const TlsError& e) {
        out.resize(before);   // the bytes stay shown as they are
        return std::string("malformed: ") + e.what();
    }
}

} // namespace glasstls
