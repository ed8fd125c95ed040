// The handshake's shared rules (see the header).
#include "glasstls/handshake_common.hpp"

#include <algorithm>
#include <ctime>

#include "glasstls/connection.hpp"

namespace glasstls {

bool contains(const std::vector<std::uint16_t>& list, std::uint16_t value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

std::vector<crypto::NamedGroup> default_groups() {
    return {crypto::NamedGroup::x25519, crypto::NamedGroup::secp256r1, crypto::NamedGroup::secp384r1, crypto::NamedGroup::ffdhe2048,
            crypto::NamedGroup::ffdhe3072};
}

bool key_fits_suite(const CipherSuite& suite, crypto::KeyType key) {
    return suite.auth == Authentication::rsa ? key == crypto::KeyType::rsa : (key == crypto::KeyType::ec || key == crypto::KeyType::ed25519);
}

Bytes signed_params(ByteView client_random, ByteView server_random, ByteView params) {
    Bytes out(client_random.begin(), client_random.end());
    append(out, server_random);
    append(out, params);
    return out;
}

void check_heartbeat_mode(const Extension& e) {
    if (e.data.size() != 1 || (e.data[0] != 1 && e.data[0] != 2)) {
        throw TlsError(AlertDescription::illegal_parameter, "a heartbeat mode that is neither 1 nor 2");
    }
}

void check_initial_renegotiation_info(const Extension& e) {
    if (e.data != Bytes{0}) throw TlsError(AlertDescription::handshake_failure, "renegotiation_info is not empty on an initial handshake");
}

verify::Options validation_options(Connection& conn, std::int64_t now, verify::Purpose purpose) {
    verify::Options opt;
    opt.at = now != 0 ? now : static_cast<std::int64_t>(std::time(nullptr));
    opt.purpose = purpose;
    opt.on_check = [&conn](const verify::Check& c) {
        if (Observer* obs = conn.observer()) obs->on_certificate_check(c);
    };
    return opt;
}

} // namespace glasstls
