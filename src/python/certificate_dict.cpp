// getpeercert()'s dictionary, as CPython 3.11 builds it over OpenSSL 3.0.
// Each helper names the OpenSSL or CPython function whose output it matches.
#include "certificate_dict.hpp"

#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "glasstls/der.hpp"

namespace py = pybind11;
namespace x509 = glasstls::x509;
using glasstls::ByteView;

namespace {

// ---- Object names: OBJ_obj2txt(…, no_name = 0) ---------------------------------

// OpenSSL's name of an attribute type or a registeredID, or the dotted OID.
std::string long_name(const std::string& oid) {
    static const std::map<std::string, std::string> names = {
#include "openssl_object_names.inc"
    };
    auto it = names.find(oid);
    return it == names.end() ? oid : it->second;
}

// ---- Attribute values: ASN1_STRING_to_UTF8 --------------------------------------

// NumericString, which der.hpp does not name.
constexpr std::uint8_t numeric_string = 0x12;

void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xc0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xe0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
        out += static_cast<char>(0x80 | (cp & 0x3f));
    } else {
        out += static_cast<char>(0xf0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
        out += static_cast<char>(0x80 | (cp & 0x3f));
    }
}

// Fixed-width big-endian characters: 1 byte (OpenSSL takes PrintableString,
// IA5String and T61String alike as Latin-1), 2 (BMPString, UCS-2: a
// surrogate is refused, not paired) or 4 (UniversalString, UCS-4).
std::string fixed_width_to_utf8(ByteView c, std::size_t width) {
    if (c.size() % width != 0) throw py::value_error("a Name value's length is not a multiple of its character size");
    std::string out;
    for (std::size_t i = 0; i < c.size(); i += width) {
        std::uint32_t cp = 0;
        for (std::size_t j = 0; j < width; ++j) cp = (cp << 8) | c[i + j];
        if ((cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) {
            throw py::value_error("a Name value holds a character that is not Unicode");
        }
        append_utf8(out, cp);
    }
    return out;
}

// A BIT STRING value (x500UniqueIdentifier) comes back as bytes: the content
// after the unused-bits count, the unused bits cleared (c2i_ASN1_BIT_STRING).
py::bytes bit_string_value(ByteView c) {
    if (c.empty() || c[0] > 7) throw py::value_error("a Name value is a malformed BIT STRING");
    std::string bits(c.begin() + 1, c.end());
    if (!bits.empty()) bits.back() = static_cast<char>(bits.back() & (0xff << c[0]));
    return py::bytes(bits);
}

// The value types OpenSSL reads in a Name (B_ASN1_PRINTABLE); it refuses a
// certificate with any other, so CPython never shows one.
py::object attribute_value(const x509::Attribute& a) {
    namespace der = glasstls::der;
    const ByteView c = a.value_content;
    switch (a.value_tag) {
    case der::BIT_STRING: return bit_string_value(c);
    case der::UTF8_STRING: return py::str(std::string(c.begin(), c.end()));   // strict, as Python decodes it
    case numeric_string:
    case der::PRINTABLE_STRING:
    case der::T61_STRING:
    case der::IA5_STRING: return py::str(fixed_width_to_utf8(c, 1));
    case der::BMP_STRING: return py::str(fixed_width_to_utf8(c, 2));
    case der::UNIVERSAL_STRING: return py::str(fixed_width_to_utf8(c, 4));
    default: throw py::value_error("a Name value of ASN.1 tag " + std::to_string(a.value_tag) + " is not a string OpenSSL reads");
    }
}

// _create_tuple_for_X509_NAME: a tuple of RDNs, each a tuple of (name, value).
py::tuple name_tuple(const x509::Name& name) {
    py::list rdns;
    for (const auto& rdn : name.rdns) {
        py::list attributes;
        for (const x509::Attribute& a : rdn) attributes.append(py::make_tuple(long_name(a.oid), attribute_value(a)));
        rdns.append(py::tuple(attributes));
    }
    return py::tuple(rdns);
}

// ---- subjectAltName: _get_peer_alt_names -------------------------------------------

// What CPython keeps of a GENERAL_NAME_print line: up to the first newline,
// included, within its 2048-byte buffer (BIO_gets).
std::string first_line(std::string printed) {
    const std::size_t newline = printed.find('\n');
    if (newline != std::string::npos) printed.resize(newline + 1);
    if (printed.size() > 2046) printed.resize(2046);
    return printed;
}

// GENERAL_NAME_print names five otherName types whose value is a UTF8String
// (an IA5String for SRVName), printed with %.*s, so up to a NUL byte.
std::string other_name_text(const x509::OtherName& other) {
    static const std::map<std::string, const char*> known = {
        {"1.3.6.1.5.5.7.8.9", "SmtpUTF8Mailbox"}, {"1.3.6.1.5.5.7.8.5", "XmppAddr"},
        {"1.3.6.1.5.5.7.8.7", "SRVName"},         {"1.3.6.1.4.1.311.20.2.3", "UPN"},
        {"1.3.6.1.5.5.7.8.8", "NAIRealm"},
    };
    const bool srv = other.type_id == "1.3.6.1.5.5.7.8.7";
    const auto expected = srv ? glasstls::der::IA5_STRING : glasstls::der::UTF8_STRING;
    auto it = known.find(other.type_id);
    if (it == known.end() || other.value_tag != expected) return "<unsupported>";
    std::string value(other.value_content.begin(), other.value_content.end());
    value.resize(value.find('\0') == std::string::npos ? value.size() : value.find('\0'));
    return first_line("othername:" + std::string(it->second) + ":" + value).substr(10);
}

py::tuple general_name_tuple(const x509::GeneralName& g) {
    using Type = x509::GeneralNameType;
    switch (g.type) {
    case Type::email: return py::make_tuple("email", py::str(g.text));
    case Type::dns: return py::make_tuple("DNS", py::str(g.text));
    case Type::uri: return py::make_tuple("URI", py::str(g.text));
    case Type::directory: return py::make_tuple("DirName", name_tuple(g.directory));
    case Type::registered_id: return py::make_tuple("Registered ID", long_name(g.text));
    case Type::ip: return py::make_tuple("IP Address", x509::getpeercert_ip(g.ip));
    case Type::other: break;
    }
    return py::make_tuple("othername", py::str(other_name_text(g.other)));
}

// ---- OCSP, caIssuers, crlDistributionPoints: _get_aia_uri, _get_crl_dp -------------

// The URIs, as a tuple; None when there are none, and the key is left out.
py::object uri_tuple(const std::vector<std::string>& uris) {
    if (uris.empty()) return py::none();
    py::list list;
    for (const std::string& u : uris) list.append(py::str(u));
    return py::tuple(list);
}

void set_if_present(py::dict& d, const char* key, const py::object& value) {
    if (!value.is_none()) d[key] = value;
}

} // namespace

pybind11::dict glasstls::python::certificate_dict(const glasstls::x509::Certificate& cert) {
    py::dict d;
    d["subject"] = name_tuple(cert.subject);
    d["issuer"] = name_tuple(cert.issuer);
    d["version"] = cert.version;
    d["serialNumber"] = x509::getpeercert_serial(cert);
    d["notBefore"] = x509::getpeercert_time(cert.not_before);
    d["notAfter"] = x509::getpeercert_time(cert.not_after);
    if (cert.subject_alt_names) {
        py::list names;
        for (const x509::GeneralName& g : *cert.subject_alt_names) names.append(general_name_tuple(g));
        d["subjectAltName"] = py::tuple(names);
    }
    set_if_present(d, "OCSP", uri_tuple(x509::getpeercert_access_uris(cert, x509::oids::ocsp)));
    set_if_present(d, "caIssuers", uri_tuple(x509::getpeercert_access_uris(cert, x509::oids::ca_issuers)));
    set_if_present(d, "crlDistributionPoints", uri_tuple(x509::getpeercert_crl_uris(cert)));
    return d;
}
