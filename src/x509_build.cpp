// Writing certificates and keys (see the header): each structure as RFC
// 5280 / RFC 5958 draws it, over der::Builder.
#include "glasstls/x509_build.hpp"

#include <algorithm>
#include <stdexcept>

#include "glasstls/der.hpp"
#include "glasstls/text.hpp"

namespace glasstls::x509 {

namespace {

using der::Builder;

constexpr const char* rsa_encryption = "1.2.840.113549.1.1.1";
constexpr const char* ec_public_key = "1.2.840.10045.2.1";
constexpr const char* ed25519_oid = "1.3.101.112";

std::string attribute_oid(const std::string& short_name) {
    if (short_name == "CN") return "2.5.4.3";
    if (short_name == "C") return "2.5.4.6";
    if (short_name == "L") return "2.5.4.7";
    if (short_name == "ST") return "2.5.4.8";
    if (short_name == "O") return "2.5.4.10";
    if (short_name == "OU") return "2.5.4.11";
    throw TlsError(AlertDescription::illegal_parameter, "unknown name attribute '" + short_name + "' (use CN, O, OU, C, L, ST)");
}

// Precondition (see encode_public_key in the header): P-256 or P-384.
std::string curve_oid(crypto::NamedGroup curve) {
    if (curve == crypto::NamedGroup::secp256r1) return "1.2.840.10045.3.1.7";
    if (curve == crypto::NamedGroup::secp384r1) return "1.3.132.0.34";
    if (curve == crypto::NamedGroup::secp521r1) return "1.3.132.0.35";
    throw std::invalid_argument("only P-256, P-384 and P-521 keys can be written");
}

// The AlgorithmIdentifier and the signature of `tbs` by `key` (RFC 5280 §4.1.1.2).
void signature_algorithm(Builder& b, const crypto::PrivateKey& key) {
    if (key.type == crypto::KeyType::rsa_pss) throw std::invalid_argument("glass ca signs with no RSA-PSS key");
    b.sequence([&](Builder& s) {
        if (key.type == crypto::KeyType::rsa) {
            s.oid("1.2.840.113549.1.1.11").null();   // sha256WithRSAEncryption, NULL parameters (RFC 4055 §5)
        } else if (key.type == crypto::KeyType::ec) {
            s.oid(key.curve == crypto::NamedGroup::secp384r1 ? "1.2.840.10045.4.3.3" : "1.2.840.10045.4.3.2");   // ecdsa-with-SHA384/256
        } else {
            s.oid(ed25519_oid);   // RFC 8410 §3: no parameters
        }
    });
}

Bytes sign_tbs(const crypto::PrivateKey& key, ByteView tbs, crypto::RandomSource& rng) {
    switch (key.type) {
    case crypto::KeyType::rsa: return crypto::sign(key, crypto::SignatureAlgorithm::rsa_pkcs1, crypto::HashAlgorithm::sha256, tbs, rng);
    case crypto::KeyType::ec:
        return crypto::sign(key, crypto::SignatureAlgorithm::ecdsa,
                            key.curve == crypto::NamedGroup::secp384r1 ? crypto::HashAlgorithm::sha384 : crypto::HashAlgorithm::sha256, tbs, rng);
    case crypto::KeyType::ed25519: return crypto::sign(key, crypto::SignatureAlgorithm::ed25519, crypto::HashAlgorithm::sha512, tbs, rng);
    case crypto::KeyType::rsa_pss: break;   // refused by signature_algorithm()
    }
    throw std::invalid_argument("unknown key type");   // not one of the three KeyType values: a programming error
}

// One extension (RFC 5280 §4.1): extnID, critical (DEFAULT FALSE: omitted when false), extnValue.
void extension(Builder& b, const char* oid, bool critical, const Bytes& value) {
    b.sequence([&](Builder& e) {
        e.oid(oid);
        if (critical) e.boolean(true);
        e.octet_string(value);
    });
}

// RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050 to
// 9999 (four digits: the last is 99991231235959Z); not_after after not_before.
void check_validity(std::int64_t not_before, std::int64_t not_after) {
    const std::int64_t first = der::days_from_civil(1950, 1, 1) * 86400, last = der::days_from_civil(10000, 1, 1) * 86400 - 1;
    if (not_before < first || not_after > last) {
        throw TlsError(AlertDescription::illegal_parameter, "a validity outside 1950-9999, the years a certificate can hold (RFC 5280 §4.1.2.5)");
    }
    if (not_after <= not_before) throw TlsError(AlertDescription::illegal_parameter, "a validity that ends before it begins");
}

Bytes der_of(const std::function<void(Builder&)>& body) {
    Builder b;
    body(b);
    return b.take();
}

} // namespace

std::vector<std::pair<std::string, std::string>> parse_name_spec(std::string_view text) {
    std::vector<std::pair<std::string, std::string>> out;
    std::size_t at = 0;
    while (at < text.size()) {
        std::size_t end = std::min(text.find(',', at), text.size());
        std::string part(text.substr(at, end - at));
        at = end + 1;
        const auto trim = [](std::string s) {
            while (!s.empty() && s.front() == ' ') s.erase(s.begin());
            while (!s.empty() && s.back() == ' ') s.pop_back();
            return s;
        };
        part = trim(part);
        if (part.empty()) continue;
        const std::size_t eq = part.find('=');
        if (eq == std::string::npos) throw TlsError(AlertDescription::decode_error, "'" + part + "' is not NAME=VALUE");
        const std::string key = trim(part.substr(0, eq)), value = trim(part.substr(eq + 1));
        check_attribute(key, value);
        out.emplace_back(key, value);
    }
    if (out.empty()) throw TlsError(AlertDescription::illegal_parameter, "an empty name");
    return out;
}

void check_attribute(const std::string& name, const std::string& value) {
    attribute_oid(name);   // known?
    const auto refuse = [&](const std::string& why) { throw TlsError(AlertDescription::illegal_parameter, "'" + name + "' " + why); };
    if (value.empty()) refuse("has an empty value");
    if (!text::valid_utf8(value)) refuse("is not UTF-8 text (a UTF8String holds nothing else, RFC 3629)");
    if (std::any_of(value.begin(), value.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; })) {
        refuse("holds a control character");
    }
    if (name == "C" && (value.size() != 2 || !std::all_of(value.begin(), value.end(), [](char c) { return c >= 'A' && c <= 'Z'; }))) {
        refuse("(country) is two letters A-Z, an ISO 3166 code such as DE (a PrintableString of size 2, RFC 5280 Appendix A), not '" + value + "'");
    }
}

void check_dns_name(const std::string& name) {
    const auto refuse = [&](const std::string& why) {
        throw TlsError(AlertDescription::illegal_parameter, "'" + name + "' is not a host name (" + why + ", RFC 5280 §4.2.1.6, RFC 1034 §3.5)");
    };
    const std::string_view host = name.rfind("*.", 0) == 0 ? std::string_view(name).substr(2) : std::string_view(name);
    if (host.empty() || name.size() > 253) refuse("1 to 253 characters");
    std::size_t start = 0;
    for (;;) {
        const std::size_t dot = std::min(host.find('.', start), host.size());
        const std::string_view label = host.substr(start, dot - start);
        if (label.empty() || label.size() > 63) refuse("each label, between the dots, is 1 to 63 characters");
        if (label.front() == '-' || label.back() == '-') refuse("no label starts or ends with a hyphen");
        for (char c : label) {
            const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
            if (!ok) refuse("only letters A-Z, digits and hyphens; a name in another script is written in its A-label form, xn--");
        }
        if (dot == host.size()) return;
        start = dot + 1;
    }
}

Bytes encode_name(const std::vector<std::pair<std::string, std::string>>& attributes) {
    for (const auto& [name, value] : attributes) check_attribute(name, value);
    // RFC 5280 §4.1.2.4: a SEQUENCE of RDNs, each a SET of one attribute.
    return der_of([&](Builder& b) {
        b.sequence([&](Builder& name) {
            for (const auto& attribute : attributes) {   // (a structured binding: clang 14 cannot capture one)
                name.set([&](Builder& rdn) {
                    rdn.sequence([&](Builder& atv) {
                        atv.oid(attribute_oid(attribute.first));
                        atv.string(attribute.first == "C" ? der::PRINTABLE_STRING : der::UTF8_STRING, attribute.second);
                    });
                });
            }
        });
    });
}

Bytes encode_public_key(const crypto::PublicKey& key) {
    return der_of([&](Builder& b) {
        b.sequence([&](Builder& spki) {
            switch (key.type) {
            case crypto::KeyType::rsa:
            case crypto::KeyType::rsa_pss:   // RFC 4055 §1.2: id-RSASSA-PSS without parameters, no restriction
                if (key.type == crypto::KeyType::rsa) spki.sequence([](Builder& alg) { alg.oid(rsa_encryption).null(); });
                else spki.sequence([](Builder& alg) { alg.oid("1.2.840.113549.1.1.10"); });
                spki.bit_string(der_of([&](Builder& k) { k.sequence([&](Builder& rsa) { rsa.integer(key.rsa_n).integer(key.rsa_e); }); }));
                break;
            case crypto::KeyType::ec:
                spki.sequence([&](Builder& alg) { alg.oid(ec_public_key).oid(curve_oid(key.curve)); });
                spki.bit_string(key.point);
                break;
            case crypto::KeyType::ed25519:
                spki.sequence([](Builder& alg) { alg.oid(ed25519_oid); });
                spki.bit_string(key.point);
                break;
            }
        });
    });
}

Bytes key_identifier(const crypto::PublicKey& key) {
    // The subjectPublicKey BIT STRING's bits: the SPKI's last element, after its 0 unused-bits byte.
    const Bytes encoded = encode_public_key(key);   // the reader below only views it
    der::Reader spki(encoded, "SubjectPublicKeyInfo", AlertDescription::internal_error);
    der::Reader inner = spki.sequence("SubjectPublicKeyInfo");
    inner.read("algorithm");
    return crypto::hash(crypto::HashAlgorithm::sha1, inner.bit_string("subjectPublicKey"));
}

Bytes encode_private_key(const crypto::PrivateKey& key) {
    return der_of([&](Builder& b) {
        b.sequence([&](Builder& info) {
            info.small_integer(0);   // RFC 5958 §2: version v1
            switch (key.type) {
            case crypto::KeyType::rsa:
            case crypto::KeyType::rsa_pss:
                if (key.type == crypto::KeyType::rsa) info.sequence([](Builder& alg) { alg.oid(rsa_encryption).null(); });
                else info.sequence([](Builder& alg) { alg.oid("1.2.840.113549.1.1.10"); });
                info.octet_string(der_of([&](Builder& k) {   // RSAPrivateKey, RFC 8017 §A.1.2
                    k.sequence([&](Builder& r) {
                        r.small_integer(0).integer(key.rsa_n).integer(key.rsa_e).integer(key.rsa_d).integer(key.rsa_p).integer(key.rsa_q);
                        r.integer(key.rsa_dp).integer(key.rsa_dq).integer(key.rsa_qinv);
                    });
                }));
                break;
            case crypto::KeyType::ec:
                info.sequence([&](Builder& alg) { alg.oid(ec_public_key).oid(curve_oid(key.curve)); });
                info.octet_string(der_of([&](Builder& k) {   // ECPrivateKey, RFC 5915 §3
                    k.sequence([&](Builder& e) {
                        e.small_integer(1).octet_string(key.scalar);
                        e.constructed(der::context_constructed(1), [&](Builder& pub) { pub.bit_string(key.public_key().point); });
                    });
                }));
                break;
            case crypto::KeyType::ed25519:
                info.sequence([](Builder& alg) { alg.oid(ed25519_oid); });
                info.octet_string(der_of([&](Builder& k) { k.octet_string(key.scalar); }));   // RFC 8410 §7: CurvePrivateKey
                break;
            }
        });
    });
}

Bytes build_certificate(const CertificateSpec& spec, const Issuer& issuer, crypto::RandomSource& rng) {
    if (issuer.key == nullptr) throw std::invalid_argument("no issuer key");
    for (const std::string& d : spec.dns_names) check_dns_name(d);
    check_validity(spec.not_before, spec.not_after);
    const Bytes subject = encode_name(spec.subject);
    const Bytes issuer_name = issuer.name_der.empty() ? subject : issuer.name_der;
    // RFC 5280 §4.1.2.2: positive, at most 20 bytes; 16 random bytes, top bit clear, never zero.
    Bytes serial(16);
    rng.fill(serial);
    serial[0] = static_cast<std::uint8_t>((serial[0] & 0x7f) | 0x40);
    const Bytes ski = key_identifier(spec.subject_key);

    Builder tbs;
    tbs.sequence([&](Builder& t) {
        t.constructed(der::context_constructed(0), [](Builder& v) { v.small_integer(2); });   // version v3
        t.integer(serial);
        signature_algorithm(t, *issuer.key);
        t.raw(issuer_name);
        t.sequence([&](Builder& validity) { validity.time(spec.not_before).time(spec.not_after); });
        t.raw(subject);
        t.raw(encode_public_key(spec.subject_key));
        t.constructed(der::context_constructed(3), [&](Builder& outer) {
            outer.sequence([&](Builder& exts) {
                // §4.2.1.9: critical in CA certificates; a leaf may carry it too (cA FALSE, the default, omitted).
                extension(exts, "2.5.29.19", true, der_of([&](Builder& b) {
                    b.sequence([&](Builder& bc) {
                        if (spec.ca) bc.boolean(true);
                        if (spec.ca && spec.path_len) bc.small_integer(static_cast<std::uint64_t>(*spec.path_len));
                    });
                }));
                if (spec.key_usage != 0) extension(exts, "2.5.29.15", true, der_of([&](Builder& b) { b.named_bits(spec.key_usage); }));
                if (!spec.extended_key_usage.empty()) {
                    extension(exts, "2.5.29.37", false, der_of([&](Builder& b) {
                        b.sequence([&](Builder& list) {
                            for (const std::string& oid : spec.extended_key_usage) list.oid(oid);
                        });
                    }));
                }
                if (!spec.dns_names.empty() || !spec.ip_addresses.empty()) {
                    extension(exts, "2.5.29.17", false, der_of([&](Builder& b) {   // §4.2.1.6: dNSName [2], iPAddress [7]
                        b.sequence([&](Builder& names) {
                            for (const std::string& d : spec.dns_names) names.string(der::context(2), d);
                            for (const Bytes& ip : spec.ip_addresses) names.element(der::context(7), ip);
                        });
                    }));
                }
                extension(exts, "2.5.29.14", false, der_of([&](Builder& b) { b.octet_string(ski); }));
                if (!issuer.key_id.empty()) {
                    extension(exts, "2.5.29.35", false, der_of([&](Builder& b) {
                        b.sequence([&](Builder& aki) { aki.element(der::context(0), issuer.key_id); });
                    }));
                }
            });
        });
    });
    const Bytes tbs_der = tbs.take();
    const Bytes signature = sign_tbs(*issuer.key, tbs_der, rng);
    return der_of([&](Builder& b) {
        b.sequence([&](Builder& cert) {
            cert.raw(tbs_der);
            signature_algorithm(cert, *issuer.key);
            cert.bit_string(signature);
        });
    });
}

} // namespace glasstls::x509
