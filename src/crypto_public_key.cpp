// Crypto facade, part 2: key agreement (X25519, ECDH P-256/P-384/P-521, RFC 7919
// finite-field DH), signatures (RSA PKCS#1 v1.5 and PSS, ECDSA, Ed25519) and
// RSA encryption, including the RFC 5246 §7.4.7.1 pre-master decryption.
#include "glasstls/crypto.hpp"

#include <chrono>
#include <mutex>
#include <crypto++/dh.h>
#include <crypto++/eccrypto.h>
#include <crypto++/integer.h>
#include <crypto++/nbtheory.h>
#include <crypto++/oids.h>
#include <crypto++/osrng.h>
#include <crypto++/pkcspad.h>
#include <crypto++/pssr.h>
#include <crypto++/rsa.h>
#include <crypto++/sha.h>
#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>

namespace glasstls::crypto {

PublicKeyCounters& public_key_counters() {
    thread_local PublicKeyCounters counters;
    return counters;
}

namespace {
void create_lazy_crypto_objects();
thread_local bool t_creating_lazy_objects = false;

// Every public-key entry point below starts one of these. It does two things:
//
// 1. Crypto++ creates some shared objects (signature algorithms, encoding
//    methods, key-agreement algorithms) lazily, on first use, and in the
//    Crypto++ 8.7 that Debian ships the pointer is published before the
//    release fence (weidai11/cryptopp#1208, fixed in 8.8): another thread may
//    see the object before its contents. glass server runs a handshake per
//    thread, so the first public-key operation in the process creates all of
//    them at once, under std::call_once, before any other thread can use one.
// 2. It adds the operation's time to this thread's public_key_counters();
//    only the outermost operation counts, so nested ones are not counted twice.
class PublicKeyOperation {
public:
    PublicKeyOperation() {
        static std::once_flag created;
        if (!t_creating_lazy_objects) std::call_once(created, create_lazy_crypto_objects);
        outermost_ = depth_++ == 0;
        start_ = std::chrono::steady_clock::now();
    }
    ~PublicKeyOperation() {
        --depth_;
        if (!outermost_ || t_creating_lazy_objects) return;
        auto& c = public_key_counters();
        ++c.operations;
        c.nanoseconds += static_cast<std::uint64_t>(
            std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start_).count());
    }
    PublicKeyOperation(const PublicKeyOperation&) = delete;
    PublicKeyOperation& operator=(const PublicKeyOperation&) = delete;

private:
    static thread_local int depth_;
    bool outermost_ = false;
    std::chrono::steady_clock::time_point start_;
};
thread_local int PublicKeyOperation::depth_ = 0;
} // namespace

namespace {

using CryptoPP::Integer;

// Lets Crypto++ draw its random numbers (RSA blinding, ECDSA nonces, key
// generation) from our injectable source, so a seeded run is replayable.
class RngAdapter final : public CryptoPP::RandomNumberGenerator {
public:
    explicit RngAdapter(RandomSource& source) : source_(source) {}
    void GenerateBlock(CryptoPP::byte* output, std::size_t size) override { source_.fill({output, size}); }
    bool replayable() const { return source_.deterministic(); }

private:
    RandomSource& source_;
};

Integer to_integer(ByteView b) { return Integer(b.data(), b.size()); }

template <class Vec>
Vec from_integer(const Integer& x, std::size_t len) {
    Vec out(len);
    x.Encode(out.data(), len);
    return out;
}

[[noreturn]] void bad_peer_value(const std::string& why) {
    throw TlsError(AlertDescription::illegal_parameter, why);
}

// ---- Constant-time helpers (for rsa_decrypt_premaster) --------------------
// Each returns 1 or 0 computed without a branch on secret data.
std::uint32_t ct_is_zero(std::uint32_t x) { return ((~x & (x - 1)) >> 31) & 1; }
std::uint32_t ct_eq(std::uint32_t a, std::uint32_t b) { return ct_is_zero(a ^ b); }

// Both ECDH and finite-field DH are Crypto++ "simple key agreement domains":
// one key pair per share, raw public values on the wire.
void generate_pair(const CryptoPP::SimpleKeyAgreementDomain& domain, RandomSource& rng, SecretBytes& secret,
                   Bytes& public_value) {
    RngAdapter adapter(rng);
    CryptoPP::SecByteBlock priv(domain.PrivateKeyLength()), pub(domain.PublicKeyLength());
    domain.GenerateKeyPair(adapter, priv, pub);
    secret.assign(priv.begin(), priv.end());
    public_value.assign(pub.begin(), pub.end());
}

} // namespace

// ---- Groups --------------------------------------------------------------------

namespace {

// RFC 7919 Appendix A.1 to A.5, copied from the RFC. Each is
// p = 2^k - 2^(k-64) + {[2^(k-130) * e] + X} * 2^64 - 1 with the RFC's X;
// OpenSSL's built-in ffdhe groups print the same values (tests/test_crypto.cpp
// checks their SHA-256 against vectors/ffdhe.txt, taken from OpenSSL).
// Generator g = 2 for all.
const char* const kFfdhe2048 =
    "FFFFFFFFFFFFFFFFADF85458A2BB4A9AAFDC5620273D3CF1D8B9C583CE2D3695A9E13641146433FBCC939DCE249B3EF9"
    "7D2FE363630C75D8F681B202AEC4617AD3DF1ED5D5FD65612433F51F5F066ED0856365553DED1AF3B557135E7F57C935"
    "984F0C70E0E68B77E2A689DAF3EFE8721DF158A136ADE73530ACCA4F483A797ABC0AB182B324FB61D108A94BB2C8E3FB"
    "B96ADAB760D7F4681D4F42A3DE394DF4AE56EDE76372BB190B07A7C8EE0A6D709E02FCE1CDF7E2ECC03404CD28342F61"
    "9172FE9CE98583FF8E4F1232EEF28183C3FE3B1B4C6FAD733BB5FCBC2EC22005C58EF1837D1683B2C6F34A26C1B2EFFA"
    "886B423861285C97FFFFFFFFFFFFFFFF";

const char* const kFfdhe3072 =
    "FFFFFFFFFFFFFFFFADF85458A2BB4A9AAFDC5620273D3CF1D8B9C583CE2D3695A9E13641146433FBCC939DCE249B3EF9"
    "7D2FE363630C75D8F681B202AEC4617AD3DF1ED5D5FD65612433F51F5F066ED0856365553DED1AF3B557135E7F57C935"
    "984F0C70E0E68B77E2A689DAF3EFE8721DF158A136ADE73530ACCA4F483A797ABC0AB182B324FB61D108A94BB2C8E3FB"
    "B96ADAB760D7F4681D4F42A3DE394DF4AE56EDE76372BB190B07A7C8EE0A6D709E02FCE1CDF7E2ECC03404CD28342F61"
    "9172FE9CE98583FF8E4F1232EEF28183C3FE3B1B4C6FAD733BB5FCBC2EC22005C58EF1837D1683B2C6F34A26C1B2EFFA"
    "886B4238611FCFDCDE355B3B6519035BBC34F4DEF99C023861B46FC9D6E6C9077AD91D2691F7F7EE598CB0FAC186D91C"
    "AEFE130985139270B4130C93BC437944F4FD4452E2D74DD364F2E21E71F54BFF5CAE82AB9C9DF69EE86D2BC522363A0D"
    "ABC521979B0DEADA1DBF9A42D5C4484E0ABCD06BFA53DDEF3C1B20EE3FD59D7C25E41D2B66C62E37FFFFFFFFFFFFFFFF";

const char* const kFfdhe4096 =
    "FFFFFFFFFFFFFFFFADF85458A2BB4A9AAFDC5620273D3CF1D8B9C583CE2D3695A9E13641146433FBCC939DCE249B3EF9"
    "7D2FE363630C75D8F681B202AEC4617AD3DF1ED5D5FD65612433F51F5F066ED0856365553DED1AF3B557135E7F57C935"
    "984F0C70E0E68B77E2A689DAF3EFE8721DF158A136ADE73530ACCA4F483A797ABC0AB182B324FB61D108A94BB2C8E3FB"
    "B96ADAB760D7F4681D4F42A3DE394DF4AE56EDE76372BB190B07A7C8EE0A6D709E02FCE1CDF7E2ECC03404CD28342F61"
    "9172FE9CE98583FF8E4F1232EEF28183C3FE3B1B4C6FAD733BB5FCBC2EC22005C58EF1837D1683B2C6F34A26C1B2EFFA"
    "886B4238611FCFDCDE355B3B6519035BBC34F4DEF99C023861B46FC9D6E6C9077AD91D2691F7F7EE598CB0FAC186D91C"
    "AEFE130985139270B4130C93BC437944F4FD4452E2D74DD364F2E21E71F54BFF5CAE82AB9C9DF69EE86D2BC522363A0D"
    "ABC521979B0DEADA1DBF9A42D5C4484E0ABCD06BFA53DDEF3C1B20EE3FD59D7C25E41D2B669E1EF16E6F52C3164DF4FB"
    "7930E9E4E58857B6AC7D5F42D69F6D187763CF1D5503400487F55BA57E31CC7A7135C886EFB4318AED6A1E012D9E6832"
    "A907600A918130C46DC778F971AD0038092999A333CB8B7A1A1DB93D7140003C2A4ECEA9F98D0ACC0A8291CDCEC97DCF"
    "8EC9B55A7F88A46B4DB5A851F44182E1C68A007E5E655F6AFFFFFFFFFFFFFFFF";

const char* const kFfdhe6144 =
    "FFFFFFFFFFFFFFFFADF85458A2BB4A9AAFDC5620273D3CF1D8B9C583CE2D3695A9E13641146433FBCC939DCE249B3EF9"
    "7D2FE363630C75D8F681B202AEC4617AD3DF1ED5D5FD65612433F51F5F066ED0856365553DED1AF3B557135E7F57C935"
    "984F0C70E0E68B77E2A689DAF3EFE8721DF158A136ADE73530ACCA4F483A797ABC0AB182B324FB61D108A94BB2C8E3FB"
    "B96ADAB760D7F4681D4F42A3DE394DF4AE56EDE76372BB190B07A7C8EE0A6D709E02FCE1CDF7E2ECC03404CD28342F61"
    "9172FE9CE98583FF8E4F1232EEF28183C3FE3B1B4C6FAD733BB5FCBC2EC22005C58EF1837D1683B2C6F34A26C1B2EFFA"
    "886B4238611FCFDCDE355B3B6519035BBC34F4DEF99C023861B46FC9D6E6C9077AD91D2691F7F7EE598CB0FAC186D91C"
    "AEFE130985139270B4130C93BC437944F4FD4452E2D74DD364F2E21E71F54BFF5CAE82AB9C9DF69EE86D2BC522363A0D"
    "ABC521979B0DEADA1DBF9A42D5C4484E0ABCD06BFA53DDEF3C1B20EE3FD59D7C25E41D2B669E1EF16E6F52C3164DF4FB"
    "7930E9E4E58857B6AC7D5F42D69F6D187763CF1D5503400487F55BA57E31CC7A7135C886EFB4318AED6A1E012D9E6832"
    "A907600A918130C46DC778F971AD0038092999A333CB8B7A1A1DB93D7140003C2A4ECEA9F98D0ACC0A8291CDCEC97DCF"
    "8EC9B55A7F88A46B4DB5A851F44182E1C68A007E5E0DD9020BFD64B645036C7A4E677D2C38532A3A23BA4442CAF53EA6"
    "3BB454329B7624C8917BDD64B1C0FD4CB38E8C334C701C3ACDAD0657FCCFEC719B1F5C3E4E46041F388147FB4CFDB477"
    "A52471F7A9A96910B855322EDB6340D8A00EF092350511E30ABEC1FFF9E3A26E7FB29F8C183023C3587E38DA0077D9B4"
    "763E4E4B94B2BBC194C6651E77CAF992EEAAC0232A281BF6B3A739C1226116820AE8DB5847A67CBEF9C9091B462D538C"
    "D72B03746AE77F5E62292C311562A846505DC82DB854338AE49F5235C95B91178CCF2DD5CACEF403EC9D1810C6272B04"
    "5B3B71F9DC6B80D63FDD4A8E9ADB1E6962A69526D43161C1A41D570D7938DAD4A40E329CD0E40E65FFFFFFFFFFFFFFFF";

const char* const kFfdhe8192 =
    "FFFFFFFFFFFFFFFFADF85458A2BB4A9AAFDC5620273D3CF1D8B9C583CE2D3695A9E13641146433FBCC939DCE249B3EF9"
    "7D2FE363630C75D8F681B202AEC4617AD3DF1ED5D5FD65612433F51F5F066ED0856365553DED1AF3B557135E7F57C935"
    "984F0C70E0E68B77E2A689DAF3EFE8721DF158A136ADE73530ACCA4F483A797ABC0AB182B324FB61D108A94BB2C8E3FB"
    "B96ADAB760D7F4681D4F42A3DE394DF4AE56EDE76372BB190B07A7C8EE0A6D709E02FCE1CDF7E2ECC03404CD28342F61"
    "9172FE9CE98583FF8E4F1232EEF28183C3FE3B1B4C6FAD733BB5FCBC2EC22005C58EF1837D1683B2C6F34A26C1B2EFFA"
    "886B4238611FCFDCDE355B3B6519035BBC34F4DEF99C023861B46FC9D6E6C9077AD91D2691F7F7EE598CB0FAC186D91C"
    "AEFE130985139270B4130C93BC437944F4FD4452E2D74DD364F2E21E71F54BFF5CAE82AB9C9DF69EE86D2BC522363A0D"
    "ABC521979B0DEADA1DBF9A42D5C4484E0ABCD06BFA53DDEF3C1B20EE3FD59D7C25E41D2B669E1EF16E6F52C3164DF4FB"
    "7930E9E4E58857B6AC7D5F42D69F6D187763CF1D5503400487F55BA57E31CC7A7135C886EFB4318AED6A1E012D9E6832"
    "A907600A918130C46DC778F971AD0038092999A333CB8B7A1A1DB93D7140003C2A4ECEA9F98D0ACC0A8291CDCEC97DCF"
    "8EC9B55A7F88A46B4DB5A851F44182E1C68A007E5E0DD9020BFD64B645036C7A4E677D2C38532A3A23BA4442CAF53EA6"
    "3BB454329B7624C8917BDD64B1C0FD4CB38E8C334C701C3ACDAD0657FCCFEC719B1F5C3E4E46041F388147FB4CFDB477"
    "A52471F7A9A96910B855322EDB6340D8A00EF092350511E30ABEC1FFF9E3A26E7FB29F8C183023C3587E38DA0077D9B4"
    "763E4E4B94B2BBC194C6651E77CAF992EEAAC0232A281BF6B3A739C1226116820AE8DB5847A67CBEF9C9091B462D538C"
    "D72B03746AE77F5E62292C311562A846505DC82DB854338AE49F5235C95B91178CCF2DD5CACEF403EC9D1810C6272B04"
    "5B3B71F9DC6B80D63FDD4A8E9ADB1E6962A69526D43161C1A41D570D7938DAD4A40E329CCFF46AAA36AD004CF600C838"
    "1E425A31D951AE64FDB23FCEC9509D43687FEB69EDD1CC5E0B8CC3BDF64B10EF86B63142A3AB8829555B2F747C932665"
    "CB2C0F1CC01BD70229388839D2AF05E454504AC78B7582822846C0BA35C35F5C59160CC046FD8251541FC68C9C86B022"
    "BB7099876A460E7451A8A93109703FEE1C217E6C3826E52C51AA691E0E423CFC99E9E31650C1217B624816CDAD9A95F9"
    "D5B8019488D9C0A0A1FE3075A577E23183F81D4A3F2FA4571EFC8CE0BA8A4FE8B6855DFE72B0A66EDED2FBABFBE58A30"
    "FAFABE1C5D71A87E2F741EF8C1FE86FEA6BBFDE530677F0D97D11D49F7A8443D0822E506A9F4614E011E2A94838FF88C"
    "D68C8BB7C5C6424CFFFFFFFFFFFFFFFF";

enum class GroupKind { x25519, nist_curve, ffdhe };

struct GroupRow {
    NamedGroup group;
    std::string_view name;      // the IANA registry's
    std::string_view aliases;   // other names OpenSSL and the RFCs use, separated by spaces
    GroupKind kind;
    std::size_t field_bits;     // NIST curves: the size of the prime field
    const char* prime_hex;      // ffdhe: the RFC 7919 prime
};

// In code point order.
const GroupRow kGroups[] = {
    {NamedGroup::secp256r1, "secp256r1", "P-256 prime256v1", GroupKind::nist_curve, 256, nullptr},
    {NamedGroup::secp384r1, "secp384r1", "P-384", GroupKind::nist_curve, 384, nullptr},
    {NamedGroup::secp521r1, "secp521r1", "P-521", GroupKind::nist_curve, 521, nullptr},
    {NamedGroup::x25519, "x25519", "X25519", GroupKind::x25519, 0, nullptr},
    {NamedGroup::ffdhe2048, "ffdhe2048", "", GroupKind::ffdhe, 0, kFfdhe2048},
    {NamedGroup::ffdhe3072, "ffdhe3072", "", GroupKind::ffdhe, 0, kFfdhe3072},
    {NamedGroup::ffdhe4096, "ffdhe4096", "", GroupKind::ffdhe, 0, kFfdhe4096},
    {NamedGroup::ffdhe6144, "ffdhe6144", "", GroupKind::ffdhe, 0, kFfdhe6144},
    {NamedGroup::ffdhe8192, "ffdhe8192", "", GroupKind::ffdhe, 0, kFfdhe8192},
};

const GroupRow* group_row(NamedGroup g) {
    for (const GroupRow& row : kGroups) {
        if (row.group == g) return &row;
    }
    return nullptr;
}

// Precondition: g is one of the NIST curves (a programming error otherwise,
// std::invalid_argument). Every EC key reaches here through a parser that
// admits only those (x509.cpp, x509_keys.cpp), or from a group glasstls
// itself offered or chose.
const GroupRow& nist_curve(NamedGroup g) {
    const GroupRow* row = group_row(g);
    if (row == nullptr || row->kind != GroupKind::nist_curve) throw std::invalid_argument("not a NIST curve: " + std::string(group_name(g)));
    return *row;
}

std::size_t field_bytes(NamedGroup g) { return (nist_curve(g).field_bits + 7) / 8; }   // 32, 48, 66

CryptoPP::OID curve_oid(NamedGroup g) {
    switch (nist_curve(g).group) {
    case NamedGroup::secp256r1: return CryptoPP::ASN1::secp256r1();
    case NamedGroup::secp384r1: return CryptoPP::ASN1::secp384r1();
    default: return CryptoPP::ASN1::secp521r1();
    }
}

using EcPoint = CryptoPP::ECP::Point;
using EcParams = CryptoPP::DL_GroupParameters_EC<CryptoPP::ECP>;

// A curve's group parameters with Crypto++'s fixed-base precomputation: 32
// multiples G, 2^w G, 2^2w G, … of the base point, so that k·G becomes a
// cascade of 32 short multiplications. Key generation and ECDSA signing
// (k·G) lose about a quarter of their cost, an ECDSA verification
// (u1·G + u2·Q) half (callgrind on P-256: 4.8 → 3.7 million instructions for
// k·G, 17.7 → 8.5 million for a verification); tables of 16 to 64 points all
// land within a few percent of that.
//
// Built once per curve on first use (function-local statics are thread-safe)
// and never computed with: Crypto++'s group objects keep scratch results in
// mutable members (ECP::m_R, ModularArithmetic::m_result), so two threads
// must not share one. Each operation computes on its own copy of this
// master (a few microseconds), which any number of threads may make at once. Crypto++'s prime-curve arithmetic is not constant time, with the
// table or without it (sliding windows and affine additions whose cost
// follows the scalar's digits); the table neither adds that defence nor
// removes one (docs/performance.md, "What remains the library's limit").
const EcParams& precomputed_curve(NamedGroup g) {
    auto build = [](NamedGroup c) {
        EcParams params(curve_oid(c));
        params.Precompute(32);
        return params;
    };
    switch (nist_curve(g).group) {
    case NamedGroup::secp256r1: {
        static const EcParams p256 = build(NamedGroup::secp256r1);
        return p256;
    }
    case NamedGroup::secp384r1: {
        static const EcParams p384 = build(NamedGroup::secp384r1);
        return p384;
    }
    default: {
        static const EcParams p521 = build(NamedGroup::secp521r1);
        return p521;
    }
    }
}

bool among(std::string_view names, std::string_view word) {
    while (!names.empty()) {
        const std::size_t space = names.find(' ');
        if (names.substr(0, space) == word) return true;
        names.remove_prefix(space == std::string_view::npos ? names.size() : space + 1);
    }
    return false;
}

} // namespace

const std::vector<NamedGroup>& all_groups() {
    static const std::vector<NamedGroup> groups = [] {
        std::vector<NamedGroup> out;
        for (const GroupRow& row : kGroups) out.push_back(row.group);
        return out;
    }();
    return groups;
}

std::size_t curve_bits(NamedGroup curve) { return nist_curve(curve).field_bits; }

std::string_view group_name(NamedGroup g) {
    const GroupRow* row = group_row(g);
    return row != nullptr ? row->name : "unknown group";
}

std::optional<NamedGroup> group_from_name(std::string_view name) {
    for (const GroupRow& row : kGroups) {
        if (row.name == name || among(row.aliases, name)) return row.group;
    }
    return std::nullopt;
}

Bytes ffdhe_prime(NamedGroup group) {
    const GroupRow* row = group_row(group);
    if (row == nullptr || row->kind != GroupKind::ffdhe) {
        throw std::invalid_argument("not a finite-field group: " + std::string(group_name(group)));
    }
    return from_hex(row->prime_hex);
}

std::optional<NamedGroup> ffdhe_group_of(ByteView p, ByteView g) {
    if (g.size() != 1 || g[0] != 2) return std::nullopt;
    for (const GroupRow& row : kGroups) {
        if (row.kind == GroupKind::ffdhe && p.size() * 2 == std::strlen(row.prime_hex) && ffdhe_prime(row.group) == Bytes(p.begin(), p.end())) {
            return row.group;
        }
    }
    return std::nullopt;
}

// ---- Key shares ---------------------------------------------------------------------

namespace {

// RFC 7748 §6.1; RFC 8422 §5.11 requires rejecting the all-zero output.
class X25519Share final : public KeyShare {
public:
    explicit X25519Share(RandomSource& rng) : secret_(crypto_scalarmult_SCALARBYTES) {
        PublicKeyOperation operation;
        rng.fill(secret_);
        crypto_scalarmult_base(public_, secret_.data());
    }
    ByteView public_value() const override { return {public_, sizeof public_}; }
    ByteView private_value() const override { return secret_; }
    SecretBytes agree(ByteView peer) const override {
        PublicKeyOperation operation;
        if (peer.size() != crypto_scalarmult_BYTES) {
            bad_peer_value("X25519 public value must be 32 bytes, got " + std::to_string(peer.size()));
        }
        SecretBytes shared(crypto_scalarmult_BYTES);
        if (crypto_scalarmult(shared.data(), secret_.data(), peer.data()) != 0) {
            bad_peer_value("X25519 public value is of small order (the shared secret would be zero)");
        }
        return shared;
    }

private:
    SecretBytes secret_;
    std::uint8_t public_[crypto_scalarmult_BYTES];
};

// RFC 8422 §5.10: ECDH on the NIST curves; the shared secret is the
// x-coordinate. Peer points must be uncompressed (§5.4.1) and on the curve.
class EcdhShare final : public KeyShare {
public:
    EcdhShare(NamedGroup curve, RandomSource& rng) : curve_(curve) {
        PublicKeyOperation operation;
        domain_.AccessGroupParameters() = precomputed_curve(curve);   // a copy, with the table
        generate_pair(domain_, rng, secret_, public_);
    }
    ByteView public_value() const override { return public_; }
    ByteView private_value() const override { return secret_; }
    SecretBytes agree(ByteView peer) const override {
        PublicKeyOperation operation;
        std::size_t n = field_bytes(curve_);
        if (peer.size() != 1 + 2 * n || peer[0] != 0x04) {
            bad_peer_value(std::string(group_name(curve_)) + " public value must be an uncompressed point of " +
                           std::to_string(1 + 2 * n) + " bytes");
        }
        SecretBytes shared(domain_.AgreedValueLength());
        if (!domain_.Agree(shared.data(), secret_.data(), peer.data(), true)) {
            bad_peer_value(std::string(group_name(curve_)) + " public value is not a point on the curve");
        }
        return shared;
    }

private:
    NamedGroup curve_;
    CryptoPP::ECDH<CryptoPP::ECP>::Domain domain_;
    SecretBytes secret_;
    Bytes public_;
};

// Finite-field Diffie-Hellman (RFC 5246 §8.1.2, RFC 7919 §5.1 checks).
class FfdhShare final : public KeyShare {
public:
    FfdhShare(const Integer& p, const Integer& g, RandomSource& rng) : p_(p) {
        domain_.AccessGroupParameters().Initialize(p, g);
        PublicKeyOperation operation;
        generate_pair(domain_, rng, secret_, public_);
    }
    ByteView public_value() const override { return public_; }
    ByteView private_value() const override { return secret_; }
    SecretBytes agree(ByteView peer) const override {
        PublicKeyOperation operation;
        Integer y = to_integer(peer);
        // RFC 7919 §5.1: the peer's value must satisfy 1 < y < p-1, which
        // rules out the degenerate values 0, 1 and p-1.
        if (y <= Integer::One() || y >= p_ - Integer::One()) {
            bad_peer_value("DH public value is outside 1 < y < p-1");
        }
        Bytes padded = from_integer<Bytes>(y, p_.ByteCount());
        SecretBytes shared(domain_.AgreedValueLength());
        if (!domain_.Agree(shared.data(), secret_.data(), padded.data(), false)) {
            bad_peer_value("DH key agreement failed");
        }
        return shared;
    }

private:
    Integer p_;
    CryptoPP::DH domain_;
    SecretBytes secret_;
    Bytes public_;
};

} // namespace

std::unique_ptr<KeyShare> generate_key_share(NamedGroup group, RandomSource& rng) {
    const GroupRow* row = group_row(group);
    if (row == nullptr) throw std::invalid_argument("unknown group");
    switch (row->kind) {
    case GroupKind::x25519: return std::make_unique<X25519Share>(rng);
    case GroupKind::nist_curve: return std::make_unique<EcdhShare>(group, rng);
    case GroupKind::ffdhe: return std::make_unique<FfdhShare>(to_integer(ffdhe_prime(group)), Integer::Two(), rng);
    }
    throw std::invalid_argument("unknown group");
}

std::unique_ptr<KeyShare> generate_dh_key_share(ByteView p_bytes, ByteView g_bytes, RandomSource& rng,
                                                std::size_t min_bits) {
    Integer p = to_integer(p_bytes), g = to_integer(g_bytes);
    if (p.BitCount() < min_bits) {
        throw TlsError(AlertDescription::insufficient_security,
                       "the server's DH prime has " + std::to_string(p.BitCount()) + " bits; at least " +
                           std::to_string(min_bits) + " are required");
    }
    // An upper bound too: a server's 100,000-bit "prime" would cost the client
    // seconds per exponentiation. 8192 bits is RFC 7919's largest group.
    if (p.BitCount() > max_dh_bits) {
        throw TlsError(AlertDescription::illegal_parameter,
                       "the server's DH prime has " + std::to_string(p.BitCount()) + " bits; glasstls accepts at most " +
                           std::to_string(max_dh_bits));
    }
    if (p.IsEven() || g <= Integer::One() || g >= p - Integer::One()) {
        bad_peer_value("the server's DH parameters are malformed (even prime or generator outside 1 < g < p-1)");
    }
    return std::make_unique<FfdhShare>(p, g, rng);
}

// ---- Keys -----------------------------------------------------------------------------------

// Counted from the bytes, without Crypto++: certificate parsing and suite
// choice call this on many threads before any public-key operation has
// created Crypto++'s lazy singletons (see PublicKeyOperation).
std::size_t bit_length(ByteView big_endian) {
    std::size_t i = 0;
    while (i < big_endian.size() && big_endian[i] == 0) ++i;
    if (i == big_endian.size()) return 0;
    std::size_t bits = (big_endian.size() - i - 1) * 8;
    for (std::uint8_t top = big_endian[i]; top != 0; top >>= 1) ++bits;
    return bits;
}

std::size_t PublicKey::bits() const {
    switch (type) {
    case KeyType::rsa:
    case KeyType::rsa_pss: return bit_length(rsa_n);
    case KeyType::ec: return nist_curve(curve).field_bits;
    case KeyType::ed25519: return 256;
    }
    return 0;
}

namespace {

CryptoPP::RSA::PublicKey rsa_public(const PublicKey& k) {
    CryptoPP::RSA::PublicKey pub;
    pub.Initialize(to_integer(k.rsa_n), to_integer(k.rsa_e));
    return pub;
}


Bytes encode_point(const EcParams& params, const EcPoint& q) {
    Bytes out(params.GetCurve().EncodedPointSize(false));
    params.GetCurve().EncodePoint(out.data(), q, false);
    return out;
}

} // namespace

PublicKey PrivateKey::public_key() const {
    PublicKey pub;
    pub.type = type;
    switch (type) {
    case KeyType::rsa:
    case KeyType::rsa_pss:
        pub.rsa_n = rsa_n;
        pub.rsa_e = rsa_e;
        pub.pss = pss;
        break;
    case KeyType::ec: {
        const EcParams params = precomputed_curve(curve);   // a copy to compute on
        EcPoint q = params.ExponentiateBase(to_integer(scalar));
        pub.curve = curve;
        pub.point = encode_point(params, q);
        break;
    }
    case KeyType::ed25519: {
        std::uint8_t pk[crypto_sign_PUBLICKEYBYTES];
        SecretBytes sk(crypto_sign_SECRETKEYBYTES);
        crypto_sign_seed_keypair(pk, sk.data(), scalar.data());
        pub.point.assign(pk, pk + sizeof pk);
        break;
    }
    }
    return pub;
}

PrivateKey generate_private_key(KeyType type, RandomSource& rng, std::size_t rsa_bits, NamedGroup curve) {
    RngAdapter adapter(rng);
    PrivateKey key;
    key.type = type;
    switch (type) {
    case KeyType::rsa:
    case KeyType::rsa_pss: {
        CryptoPP::InvertibleRSAFunction f;
        f.GenerateRandomWithKeySize(adapter, static_cast<unsigned int>(rsa_bits));
        std::size_t n = f.GetModulus().ByteCount();
        key.rsa_n = from_integer<Bytes>(f.GetModulus(), n);
        key.rsa_e = from_integer<Bytes>(f.GetPublicExponent(), f.GetPublicExponent().ByteCount());
        key.rsa_d = from_integer<SecretBytes>(f.GetPrivateExponent(), n);
        key.rsa_p = from_integer<SecretBytes>(f.GetPrime1(), f.GetPrime1().ByteCount());
        key.rsa_q = from_integer<SecretBytes>(f.GetPrime2(), f.GetPrime2().ByteCount());
        key.rsa_dp = from_integer<SecretBytes>(f.GetModPrime1PrivateExponent(), f.GetPrime1().ByteCount());
        key.rsa_dq = from_integer<SecretBytes>(f.GetModPrime2PrivateExponent(), f.GetPrime2().ByteCount());
        key.rsa_qinv = from_integer<SecretBytes>(f.GetMultiplicativeInverseOfPrime2ModPrime1(),
                                                 f.GetPrime1().ByteCount());
        break;
    }
    case KeyType::ec: {
        const Integer x(adapter, Integer::One(), precomputed_curve(curve).GetSubgroupOrder() - Integer::One());   // a read: no computing
        key.curve = curve;
        key.scalar = from_integer<SecretBytes>(x, field_bytes(curve));
        break;
    }
    case KeyType::ed25519:
        key.scalar.resize(crypto_sign_SEEDBYTES);
        rng.fill(key.scalar);
        break;
    }
    return key;
}

// ---- Prepared private keys -------------------------------------------------------------------

namespace {

// RSA blinding (Kocher 1996 §10): the private operation computes
// (x·r^e)^d · r^-1 for a fresh random r, so that its timing does not follow
// x. It is the defence against timing attacks on the private exponent
// (Brumley and Boneh 2003 read an OpenSSL key over a network without it),
// and it stays on for every operation. Crypto++ finds r^-1 by a modular
// inversion per operation: a fifth of an RSA-2048 signature. A stock made
// in batches pays one inversion per batch (Montgomery's trick: invert the
// product of the r's, then peel each inverse off with two multiplications),
// and each r is still drawn at random and used once: none is derived from
// another (OpenSSL instead squares the last pair, 32 times over).
struct Blinding {
    Integer r_to_e, r_inverse;   // Crypto++ wipes an Integer's memory when it is freed
};

class BlindingStock {
public:
    static constexpr std::size_t batch = 32;

    Blinding take(const CryptoPP::RSAFunction& rsa, CryptoPP::RandomNumberGenerator& rng) {
        {
            const std::lock_guard lock(mutex_);
            if (!stock_.empty()) return pop(stock_);
        }
        std::vector<Blinding> made = make_batch(rsa, rng);   // unlocked: other threads keep signing
        Blinding mine = pop(made);
        const std::lock_guard lock(mutex_);
        // Threads that found the stock empty at once each bring a batch; keep two at most.
        for (Blinding& b : made) {
            if (stock_.size() < 2 * batch) stock_.push_back(std::move(b));
        }
        return mine;
    }

private:
    static Blinding pop(std::vector<Blinding>& v) {
        Blinding b = std::move(v.back());
        v.pop_back();
        return b;
    }
    static std::vector<Blinding> make_batch(const CryptoPP::RSAFunction& rsa, CryptoPP::RandomNumberGenerator& rng) {
        const Integer& n = rsa.GetModulus();
        const CryptoPP::ModularArithmetic mod(n);
        std::vector<Integer> r(batch), product(batch);   // product[i] = r[0]·…·r[i] mod n
        Integer inverse;
        do {   // an r sharing a factor with n (never, in practice) leaves nothing to invert: draw again
            for (std::size_t i = 0; i < batch; ++i) {
                r[i].Randomize(rng, Integer::One(), n - Integer::One());
                product[i] = i == 0 ? r[0] : mod.Multiply(product[i - 1], r[i]);
            }
            inverse = mod.MultiplicativeInverse(product.back());
        } while (inverse.IsZero());
        std::vector<Blinding> out(batch);
        for (std::size_t i = batch; i-- > 0;) {   // inverse = (r[0]·…·r[i])^-1 on entry
            out[i].r_inverse = i == 0 ? inverse : mod.Multiply(inverse, product[i - 1]);
            inverse = mod.Multiply(inverse, r[i]);
            out[i].r_to_e = mod.Exponentiate(r[i], rsa.GetPublicExponent());
        }
        return out;
    }

    std::mutex mutex_;
    std::vector<Blinding> stock_;
};

// Crypto++'s RSA private function (CRT with p, q, dp, dq, qinv, as
// InvertibleRSAFunction keeps them) with its blinding factors from a
// BlindingStock. Copies share the stock.
class StockedRsaFunction final : public CryptoPP::InvertibleRSAFunction {
public:
    Integer CalculateInverse(CryptoPP::RandomNumberGenerator& rng, const Integer& x) const override {
        // A seeded (replayable) run draws exactly what Crypto++ always drew:
        // a replayed handshake stays byte for byte the same.
        const auto* adapter = dynamic_cast<const RngAdapter*>(&rng);
        if (adapter == nullptr || adapter->replayable()) return InvertibleRSAFunction::CalculateInverse(rng, x);
        // The steps of InvertibleRSAFunction::CalculateInverse (Crypto++'s
        // rsa.cpp) with r^e and r^-1 from the stock.
        DoQuickSanityCheck();
        const CryptoPP::ModularArithmetic modn(m_n);
        const Blinding b = stock_->take(*this, rng);
        const Integer blinded = modn.Multiply(b.r_to_e, x);
        // Crypto++'s ModularRoot names the primes the other way round from PKCS #1 (its u is p^-1 mod q).
        Integer y = CryptoPP::ModularRoot(blinded, m_dq, m_dp, m_q, m_p, m_u);
        y = modn.Multiply(y, b.r_inverse);
        // A fault in the CRT would reveal a prime factor (Boneh, DeMillo and
        // Lipton 1997): check y^e = x before anything leaves, as Crypto++ does.
        if (modn.Exponentiate(y, m_e) != x) {
            throw CryptoPP::Exception(CryptoPP::Exception::OTHER_ERROR,
                                      "InvertibleRSAFunction: computational error during private key operation");
        }
        return y;
    }

private:
    std::shared_ptr<BlindingStock> stock_ = std::make_shared<BlindingStock>();
};

// Crypto++'s RSA schemes with the stocked private function in place of
// InvertibleRSAFunction (RSA in rsa.h, with its PrivateKey replaced).
struct StockedRsa {
    static std::string StaticAlgorithmName() { return "RSA"; }
    using PublicKey = CryptoPP::RSAFunction;
    using PrivateKey = StockedRsaFunction;
};

bool same_secret(const SecretBytes& a, const SecretBytes& b) { return constant_time_equal(a, b); }

} // namespace

namespace detail {
struct PreparedKey {
    explicit PreparedKey(const PrivateKey& key) : from(key) {
        if (key.type == KeyType::rsa || key.type == KeyType::rsa_pss) {
            rsa.Initialize(to_integer(key.rsa_n), to_integer(key.rsa_e), to_integer(key.rsa_d), to_integer(key.rsa_p),
                           to_integer(key.rsa_q), to_integer(key.rsa_dp), to_integer(key.rsa_dq), to_integer(key.rsa_qinv));
        }
        if (key.type == KeyType::ed25519 && key.scalar.size() == crypto_sign_SEEDBYTES) {
            std::uint8_t pk[crypto_sign_PUBLICKEYBYTES];
            ed25519_secret.resize(crypto_sign_SECRETKEYBYTES);
            crypto_sign_seed_keypair(pk, ed25519_secret.data(), key.scalar.data());
        }
    }
    // Whether `key` still has the fields this was prepared from.
    bool prepared_from(const PrivateKey& key) const {
        return key.type == from.type && key.curve == from.curve && key.rsa_n == from.rsa_n && key.rsa_e == from.rsa_e &&
               same_secret(key.rsa_d, from.rsa_d) && same_secret(key.rsa_p, from.rsa_p) &&
               same_secret(key.rsa_q, from.rsa_q) && same_secret(key.rsa_dp, from.rsa_dp) &&
               same_secret(key.rsa_dq, from.rsa_dq) && same_secret(key.rsa_qinv, from.rsa_qinv) &&
               same_secret(key.scalar, from.scalar);
    }

    PrivateKey from;
    StockedRsaFunction rsa;      // RSA and RSA-PSS keys
    SecretBytes ed25519_secret;  // libsodium's 64-byte signing key (seed || public key)
};

std::shared_ptr<const PreparedKey> PreparedKeyCache::get(const PrivateKey& key) const {
    const std::lock_guard lock(mutex_);
    if (!prepared_ || !prepared_->prepared_from(key)) prepared_ = std::make_shared<const PreparedKey>(key);
    return prepared_;
}
} // namespace detail

// ---- ECDSA signature encoding -------------------------------------------------------------
// TLS and X.509 carry ECDSA signatures as DER SEQUENCE { INTEGER r, INTEGER s }
// (RFC 3279 §2.2.3); Crypto++ works on the fixed-width r||s form (IEEE P1363).

namespace {

void der_integer(Bytes& out, ByteView v) {
    std::size_t i = 0;
    while (i + 1 < v.size() && v[i] == 0) ++i;   // minimal: no leading zeros…
    bool pad = (v[i] & 0x80) != 0;              // …but positive: pad a high bit
    out.push_back(0x02);
    out.push_back(static_cast<std::uint8_t>(v.size() - i + (pad ? 1 : 0)));
    if (pad) out.push_back(0x00);
    out.insert(out.end(), v.begin() + static_cast<std::ptrdiff_t>(i), v.end());
}

Bytes p1363_to_der(ByteView sig) {
    std::size_t n = sig.size() / 2;
    Bytes body;
    der_integer(body, sig.first(n));
    der_integer(body, sig.subspan(n));
    Bytes out{0x30};
    if (body.size() >= 0x80) out.push_back(0x81);
    out.push_back(static_cast<std::uint8_t>(body.size()));
    append(out, body);
    return out;
}

// Strict DER: minimal lengths, minimal positive integers, nothing trailing.
std::optional<Bytes> der_to_p1363(ByteView der, std::size_t n) {
    std::size_t pos = 0;
    auto length = [&](std::size_t& len) -> bool {
        if (pos >= der.size()) return false;
        std::uint8_t b = der[pos++];
        if (b < 0x80) {
            len = b;
            return true;
        }
        if (b != 0x81 || pos >= der.size() || der[pos] < 0x80) return false;
        len = der[pos++];
        return true;
    };
    Bytes out(2 * n, 0);
    std::size_t seq_len = 0;
    if (der.empty() || der[pos++] != 0x30 || !length(seq_len) || seq_len != der.size() - pos) return std::nullopt;
    for (int k = 0; k < 2; ++k) {
        std::size_t len = 0;
        if (pos >= der.size() || der[pos++] != 0x02 || !length(len) || len == 0 || len > der.size() - pos) {
            return std::nullopt;
        }
        ByteView v = der.subspan(pos, len);
        pos += len;
        if (v[0] & 0x80) return std::nullopt;                          // negative
        if (v.size() > 1 && v[0] == 0 && !(v[1] & 0x80)) return std::nullopt;   // not minimal
        if (v[0] == 0) v = v.subspan(1);
        if (v.size() > n) return std::nullopt;
        std::memcpy(out.data() + k * n + (n - v.size()), v.data(), v.size());
    }
    if (pos != der.size()) return std::nullopt;
    return out;
}

template <class Standard, class H>
Bytes rsa_sign_as(const PrivateKey& key, ByteView m, CryptoPP::RandomNumberGenerator& rng) {
    typename CryptoPP::TF_SS<StockedRsa, Standard, H>::Signer s;
    s.AccessKey() = key.prepared.get(key)->rsa;   // a copy of the integers; the stock is shared
    Bytes sig(s.MaxSignatureLength());
    sig.resize(s.SignMessage(rng, m.data(), m.size(), sig.data()));
    return sig;
}

template <class H>
Bytes rsa_sign_with(const PrivateKey& key, bool pss, ByteView m, CryptoPP::RandomNumberGenerator& rng) {
    return pss ? rsa_sign_as<CryptoPP::PSS, H>(key, m, rng) : rsa_sign_as<CryptoPP::PKCS1v15, H>(key, m, rng);
}

template <class H>
bool rsa_verify_with(const PublicKey& key, bool pss, ByteView m, ByteView sig) {
    if (pss) {
        typename CryptoPP::RSASS<CryptoPP::PSS, H>::Verifier v(rsa_public(key));
        return sig.size() == v.SignatureLength() && v.VerifyMessage(m.data(), m.size(), sig.data(), sig.size());
    }
    typename CryptoPP::RSASS<CryptoPP::PKCS1v15, H>::Verifier v(rsa_public(key));
    return sig.size() == v.SignatureLength() && v.VerifyMessage(m.data(), m.size(), sig.data(), sig.size());
}

template <class H>
Bytes ecdsa_sign_with(const PrivateKey& key, ByteView m, CryptoPP::RandomNumberGenerator& rng) {
    typename CryptoPP::ECDSA<CryptoPP::ECP, H>::Signer s;   // its key: a copy of the curve with its table
    s.AccessKey().AccessGroupParameters() = precomputed_curve(key.curve);
    s.AccessKey().SetPrivateExponent(to_integer(key.scalar));
    Bytes sig(s.MaxSignatureLength());
    sig.resize(s.SignMessage(rng, m.data(), m.size(), sig.data()));
    return p1363_to_der(sig);
}

template <class H>
bool ecdsa_verify_with(const PublicKey& key, ByteView m, ByteView der_sig) {
    std::size_t n = field_bytes(key.curve);
    std::optional<Bytes> sig = der_to_p1363(der_sig, n);
    if (!sig || key.point.size() != 1 + 2 * n || key.point[0] != 0x04) return false;
    typename CryptoPP::ECDSA<CryptoPP::ECP, H>::Verifier v;   // its key: a copy of the curve with its table
    EcParams& params = v.AccessKey().AccessGroupParameters();
    params = precomputed_curve(key.curve);
    EcPoint q;
    if (!params.GetCurve().DecodePoint(q, key.point.data(), key.point.size())) return false;
    if (!params.GetCurve().VerifyPoint(q) || q.identity) return false;
    v.AccessKey().SetPublicElement(q);
    return v.VerifyMessage(m.data(), m.size(), sig->data(), sig->size());
}

// Whether an RSA signature of this kind may be made or checked with a key of
// this type: PKCS#1 v1.5 with an rsaEncryption key only, PSS with either
// kind, within an RSA-PSS key's RFC 4055 parameters (see PssRestriction).
bool rsa_key_fits(KeyType type, const std::optional<PssRestriction>& pss, SignatureAlgorithm alg, HashAlgorithm h,
                  std::size_t salt_length) {
    if (alg == SignatureAlgorithm::rsa_pkcs1) return type == KeyType::rsa;
    if (type != KeyType::rsa && type != KeyType::rsa_pss) return false;
    return !pss || (pss->hash == h && salt_length >= pss->min_salt_length);
}

// MGF1 (RFC 8017 §B.2.1): Hash(seed || counter) for counter 0, 1, … cut to `length`.
Bytes mgf1(HashAlgorithm h, ByteView seed, std::size_t length) {
    Bytes out;
    for (std::uint32_t counter = 0; out.size() < length; ++counter) {
        Bytes block(seed.begin(), seed.end());
        for (int shift = 24; shift >= 0; shift -= 8) block.push_back(static_cast<std::uint8_t>(counter >> shift));
        append(out, hash(h, block));
    }
    out.resize(length);
    return out;
}

// RSASSA-PSS-VERIFY with a given salt length (RFC 8017 §8.1.2, EMSA-PSS-VERIFY
// §9.1.2, MGF1 with the message's hash). Crypto++'s verifier fixes the salt
// at compile time, and a certificate's parameters name it at run time.
bool emsa_pss_verify(const PublicKey& key, HashAlgorithm h, std::size_t salt_length, ByteView m, ByteView sig) {
    const Integer n = to_integer(key.rsa_n), s = to_integer(sig);
    const std::size_t k = n.ByteCount(), em_bits = n.BitCount() - 1, em_len = (em_bits + 7) / 8, hlen = hash_length(h);
    if (sig.size() != k || s >= n || em_len < hlen + salt_length + 2) return false;   // §8.1.2 step 1, 2.b; §9.1.2 step 3
    const Integer value = rsa_public(key).ApplyFunction(s);
    if (value.ByteCount() > em_len) return false;   // §8.1.2 step 2.c: I2OSP(m, emLen) fails
    const Bytes em = from_integer<Bytes>(value, em_len);
    const std::size_t db_len = em_len - hlen - 1;
    const std::uint8_t top_mask = static_cast<std::uint8_t>(0xff >> (8 * em_len - em_bits));
    if (em.back() != 0xbc || (em[0] & ~top_mask) != 0) return false;   // §9.1.2 steps 4, 6
    const ByteView masked_db(em.data(), db_len), h_value(em.data() + db_len, hlen);
    Bytes db = mgf1(h, h_value, db_len);   // steps 7-9: DB = maskedDB xor MGF(H)
    for (std::size_t i = 0; i < db_len; ++i) db[i] ^= masked_db[i];
    db[0] &= top_mask;
    const std::size_t ps_len = db_len - salt_length - 1;   // step 10: PS zeros, then 0x01
    if (std::any_of(db.begin(), db.begin() + static_cast<std::ptrdiff_t>(ps_len), [](std::uint8_t b) { return b != 0; }) ||
        db[ps_len] != 0x01) {
        return false;
    }
    Bytes m_prime(8, 0);   // steps 12-13: M' = 8 zero bytes || mHash || salt
    append(m_prime, hash(h, m));
    m_prime.insert(m_prime.end(), db.end() - static_cast<std::ptrdiff_t>(salt_length), db.end());
    return hash(h, m_prime) == Bytes(h_value.begin(), h_value.end());   // a verdict on public data: no constant time needed
}

[[noreturn]] void unsupported(const char* what, HashAlgorithm h) {
    throw TlsError(AlertDescription::internal_error,
                   "signing failed: " + std::string(what) + " with " + std::string(hash_name(h)) + " is not supported");
}

} // namespace

bool can_sign(const PrivateKey& key, SignatureAlgorithm alg, HashAlgorithm h) {
    switch (alg) {
    case SignatureAlgorithm::rsa_pkcs1:
    case SignatureAlgorithm::rsa_pss: {
        if (!rsa_key_fits(key.type, key.pss, alg, h, hash_length(h))) return false;
        const std::size_t modulus_bytes = (bit_length(key.rsa_n) + 7) / 8;
        const std::size_t hlen = hash_length(h);
        if (alg == SignatureAlgorithm::rsa_pss) return modulus_bytes >= 2 * hlen + 2 + 1;   // emLen = ceil((modBits-1)/8)
        const std::size_t digest_info_prefix = h == HashAlgorithm::sha1 ? 15 : 19;          // RFC 8017 §9.2 note 1
        return modulus_bytes >= digest_info_prefix + hlen + 11;
    }
    case SignatureAlgorithm::ecdsa: return key.type == KeyType::ec;
    case SignatureAlgorithm::ed25519: return key.type == KeyType::ed25519;
    }
    return false;
}

namespace {
Bytes sign_unchecked(const PrivateKey& key, SignatureAlgorithm alg, HashAlgorithm h, ByteView m, RandomSource& rng) {
    PublicKeyOperation operation;
    RngAdapter adapter(rng);
    switch (alg) {
    case SignatureAlgorithm::rsa_pkcs1:
    case SignatureAlgorithm::rsa_pss: {
        bool pss = alg == SignatureAlgorithm::rsa_pss;
        switch (h) {
        case HashAlgorithm::sha1: return rsa_sign_with<CryptoPP::SHA1>(key, pss, m, adapter);
        case HashAlgorithm::sha256: return rsa_sign_with<CryptoPP::SHA256>(key, pss, m, adapter);
        case HashAlgorithm::sha384: return rsa_sign_with<CryptoPP::SHA384>(key, pss, m, adapter);
        case HashAlgorithm::sha512: return rsa_sign_with<CryptoPP::SHA512>(key, pss, m, adapter);
        default: unsupported("RSA signing", h);
        }
    }
    case SignatureAlgorithm::ecdsa:
        switch (h) {
        case HashAlgorithm::sha1: return ecdsa_sign_with<CryptoPP::SHA1>(key, m, adapter);
        case HashAlgorithm::sha256: return ecdsa_sign_with<CryptoPP::SHA256>(key, m, adapter);
        case HashAlgorithm::sha384: return ecdsa_sign_with<CryptoPP::SHA384>(key, m, adapter);
        case HashAlgorithm::sha512: return ecdsa_sign_with<CryptoPP::SHA512>(key, m, adapter);
        default: unsupported("ECDSA signing", h);
        }
    case SignatureAlgorithm::ed25519: {
        const std::shared_ptr<const detail::PreparedKey> prepared = key.prepared.get(key);
        if (prepared->ed25519_secret.empty()) throw TlsError(AlertDescription::internal_error, "signing failed: an Ed25519 seed must be 32 bytes");
        Bytes sig(crypto_sign_BYTES);
        crypto_sign_detached(sig.data(), nullptr, m.data(), m.size(), prepared->ed25519_secret.data());
        return sig;
    }
    }
    throw TlsError(AlertDescription::internal_error, "signing failed: unknown signature algorithm");
}
} // namespace

Bytes sign(const PrivateKey& key, SignatureAlgorithm alg, HashAlgorithm h, ByteView m, RandomSource& rng) {
    // The crypto library's own exceptions stop here: the caller sees the one
    // error type of glasstls (a server must never abort on a signature).
    try {
        if (!can_sign(key, alg, h)) {
            throw TlsError(AlertDescription::internal_error,
                           "signing failed: this key cannot produce such a signature (too short, or the wrong type)");
        }
        return sign_unchecked(key, alg, h, m, rng);
    } catch (const CryptoPP::Exception& e) {
        throw TlsError(AlertDescription::internal_error, std::string("signing failed in Crypto++: ") + e.what());
    } catch (const std::invalid_argument& e) {
        // Only a broken precondition below (curve_oid on a hand-made key
        // whose curve no parser admits) lands here; it too becomes the
        // internal_error a signature failure is.
        throw TlsError(AlertDescription::internal_error, std::string("signing failed: ") + e.what());
    }
}

bool verify(const PublicKey& key, SignatureAlgorithm alg, HashAlgorithm h, ByteView m, ByteView sig,
            std::optional<std::size_t> pss_salt_length) {
    PublicKeyOperation operation;
    try {
        switch (alg) {
        case SignatureAlgorithm::rsa_pkcs1:
        case SignatureAlgorithm::rsa_pss: {
            if (!rsa_key_fits(key.type, key.pss, alg, h, pss_salt_length.value_or(hash_length(h)))) return false;
            bool pss = alg == SignatureAlgorithm::rsa_pss;
            if (pss && pss_salt_length) return emsa_pss_verify(key, h, *pss_salt_length, m, sig);
            switch (h) {
            case HashAlgorithm::sha1: return rsa_verify_with<CryptoPP::SHA1>(key, pss, m, sig);
            case HashAlgorithm::sha256: return rsa_verify_with<CryptoPP::SHA256>(key, pss, m, sig);
            case HashAlgorithm::sha384: return rsa_verify_with<CryptoPP::SHA384>(key, pss, m, sig);
            case HashAlgorithm::sha512: return rsa_verify_with<CryptoPP::SHA512>(key, pss, m, sig);
            default: return false;
            }
        }
        case SignatureAlgorithm::ecdsa:
            if (key.type != KeyType::ec) return false;
            switch (h) {
            case HashAlgorithm::sha1: return ecdsa_verify_with<CryptoPP::SHA1>(key, m, sig);
            case HashAlgorithm::sha256: return ecdsa_verify_with<CryptoPP::SHA256>(key, m, sig);
            case HashAlgorithm::sha384: return ecdsa_verify_with<CryptoPP::SHA384>(key, m, sig);
            case HashAlgorithm::sha512: return ecdsa_verify_with<CryptoPP::SHA512>(key, m, sig);
            default: return false;
            }
        case SignatureAlgorithm::ed25519:
            if (key.type != KeyType::ed25519 || key.point.size() != crypto_sign_PUBLICKEYBYTES ||
                sig.size() != crypto_sign_BYTES) {
                return false;
            }
            return crypto_sign_verify_detached(sig.data(), m.data(), m.size(), key.point.data()) == 0;
        }
    } catch (const CryptoPP::Exception&) {
        return false;   // a malformed key or signature is simply "does not verify"
    }
    return false;
}

// ---- RSA encryption ---------------------------------------------------------------------------

Bytes rsa_encrypt_pkcs1(const PublicKey& key, ByteView message, RandomSource& rng, SecretBytes* block) {
    PublicKeyOperation operation;
    RngAdapter adapter(rng);
    try {
        CryptoPP::RSAES_PKCS1v15_Encryptor enc(rsa_public(key));
        if (message.size() > enc.FixedMaxPlaintextLength()) {
            throw TlsError(AlertDescription::internal_error, "RSA encryption: the message is too long for the key");
        }
        Bytes out(enc.CiphertextLength(message.size()));
        if (block == nullptr) {
            enc.Encrypt(adapter, message.data(), message.size(), out.data());
            return out;
        }
        // The same two steps Crypto++'s encryptor takes (pad to one bit
        // less than n, then m^e mod n), with the padded block kept.
        const CryptoPP::RSAFunction& rsa = rsa_public(key);
        const std::size_t bits = rsa.GetModulus().BitCount() - 1;
        block->assign((bits + 7) / 8, 0);
        CryptoPP::PKCS_EncryptionPaddingScheme().Pad(adapter, message.data(), message.size(), block->data(), bits,
                                                     CryptoPP::g_nullNameValuePairs);
        rsa.ApplyFunction(Integer(block->data(), block->size())).Encode(out.data(), out.size());
        return out;
    } catch (const CryptoPP::Exception& e) {
        throw TlsError(AlertDescription::internal_error, std::string("RSA encryption failed in Crypto++: ") + e.what());
    }
}

std::optional<SecretBytes> rsa_decrypt_pkcs1(const PrivateKey& key, ByteView ciphertext, RandomSource& rng) {
    PublicKeyOperation operation;
    RngAdapter adapter(rng);
    CryptoPP::TF_ES<StockedRsa, CryptoPP::PKCS1v15>::Decryptor dec;
    dec.AccessKey() = key.prepared.get(key)->rsa;
    if (ciphertext.size() != dec.FixedCiphertextLength()) return std::nullopt;
    SecretBytes out(dec.FixedMaxPlaintextLength());
    try {
        CryptoPP::DecodingResult r = dec.Decrypt(adapter, ciphertext.data(), ciphertext.size(), out.data());
        if (!r.isValidCoding) return std::nullopt;
        out.resize(r.messageLength);
    } catch (const CryptoPP::Exception&) {
        return std::nullopt;
    }
    return out;
}

SecretBytes rsa_decrypt_premaster(const PrivateKey& key, ByteView ciphertext, std::uint16_t client_version,
                                  RandomSource& rng, SecretBytes* block) {
    PublicKeyOperation operation;
    constexpr std::size_t pms_len = 48;
    // RFC 5246 §7.4.7.1 step 1: generate the random fallback first, always.
    SecretBytes fallback(pms_len);
    rng.fill(fallback);

    Integer n = to_integer(key.rsa_n);
    std::size_t k = n.ByteCount();
    SecretBytes em(k, 0);
    std::uint32_t good = 0;
    // The ciphertext's length and range are public facts, not secrets.
    if (ciphertext.size() == k && k >= 11 + pms_len) {
        Integer c = to_integer(ciphertext);
        if (c < n) {
            try {
                RngAdapter adapter(rng);
                Integer m = key.prepared.get(key)->rsa.CalculateInverse(adapter, c);   // blinded
                m.Encode(em.data(), k);
                good = 1;
            } catch (const CryptoPP::Exception&) {
                good = 0;
            }
        }
    }
    if (k < 11 + pms_len) k = 11 + pms_len, em.assign(k, 0);
    if (block != nullptr) *block = em;   // a local copy for the teaching trace; no verdict is drawn from it

    // EM = 0x00 || 0x02 || PS (k-51 non-zero bytes) || 0x00 || premaster(48),
    // and premaster starts with client_version. Every byte is checked, with
    // no early exit, and the verdict is a mask.
    good &= ct_eq(em[0], 0x00);
    good &= ct_eq(em[1], 0x02);
    for (std::size_t i = 2; i < k - pms_len - 1; ++i) good &= 1 ^ ct_is_zero(em[i]);
    good &= ct_eq(em[k - pms_len - 1], 0x00);
    good &= ct_eq(em[k - pms_len], client_version >> 8);
    good &= ct_eq(em[k - pms_len + 1], client_version & 0xff);

    const std::uint8_t mask = static_cast<std::uint8_t>(0u - good);
    SecretBytes out(pms_len);
    for (std::size_t i = 0; i < pms_len; ++i) {
        out[i] = static_cast<std::uint8_t>((em[k - pms_len + i] & mask) | (fallback[i] & ~mask));
    }
    return out;
}

// ---- Creating Crypto++'s lazy objects (see PublicKeyOperation) ----------------------------------

namespace {
// One operation of every kind glasstls performs, with throwaway keys, so that
// every Crypto++ singleton it relies on exists. Called once per process.
void create_lazy_crypto_objects() {
    struct Flag {
        Flag() { t_creating_lazy_objects = true; }
        ~Flag() { t_creating_lazy_objects = false; }
    } creating;
    RandomSource& rng = system_random();
    const Bytes message(32, 0x5a);
    for (NamedGroup g : {NamedGroup::x25519, NamedGroup::secp256r1, NamedGroup::secp384r1, NamedGroup::secp521r1, NamedGroup::ffdhe2048}) {
        auto a = generate_key_share(g, rng);
        auto b = generate_key_share(g, rng);
        a->agree(b->public_value());
    }
    const PrivateKey rsa = generate_private_key(KeyType::rsa, rng, 1024);
    for (SignatureAlgorithm alg : {SignatureAlgorithm::rsa_pkcs1, SignatureAlgorithm::rsa_pss}) {
        verify(rsa.public_key(), alg, HashAlgorithm::sha256, message, sign(rsa, alg, HashAlgorithm::sha256, message, rng));
    }
    const Bytes encrypted = rsa_encrypt_pkcs1(rsa.public_key(), Bytes(48, 3), rng);
    rsa_decrypt_pkcs1(rsa, encrypted, rng);
    rsa_decrypt_premaster(rsa, encrypted, 0x0303, rng);
    for (NamedGroup curve : {NamedGroup::secp256r1, NamedGroup::secp384r1, NamedGroup::secp521r1}) {
        const PrivateKey ec = generate_private_key(KeyType::ec, rng, 0, curve);
        verify(ec.public_key(), SignatureAlgorithm::ecdsa, HashAlgorithm::sha256, message,
               sign(ec, SignatureAlgorithm::ecdsa, HashAlgorithm::sha256, message, rng));
    }
    const PrivateKey ed = generate_private_key(KeyType::ed25519, rng);
    verify(ed.public_key(), SignatureAlgorithm::ed25519, HashAlgorithm::sha256, message,
           sign(ed, SignatureAlgorithm::ed25519, HashAlgorithm::sha256, message, rng));
}
} // namespace

} // namespace glasstls::crypto
