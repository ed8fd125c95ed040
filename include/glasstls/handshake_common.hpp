// What the two handshake engines share: the rules of RFC 5246 and its
// extensions that read the same whichever side applies them. Each was once
// written in both engines; here it is once, and both call it.
#pragma once

#include <cstdint>
#include <vector>

#include "glasstls/cipher_suites.hpp"
#include "glasstls/codec.hpp"
#include "glasstls/connection.hpp"
#include "glasstls/crypto.hpp"
#include "glasstls/messages.hpp"
#include "glasstls/verify.hpp"

namespace glasstls {


bool contains(const std::vector<std::uint16_t>& list, std::uint16_t value);

// The groups a client offers, and a server accepts, when none are
// configured: X25519 first (RFC 7748, RFC 8422 §5.1.1), then the NIST
// curves, then the RFC 7919 finite-field groups, smallest first — OpenSSL
// 3's list less X448, which glasstls lacks.
std::vector<crypto::NamedGroup> default_groups();

// RFC 8422 §2, §5.3: an RSA suite needs an RSA key (an RSA-PSS key when the
// key is only to sign, RFC 8446 §4.2.3 rsa_pss_pss_*), an ECDSA suite an EC
// or Ed25519 key.
bool key_fits_suite(const CipherSuite& suite, crypto::KeyType key);

// RFC 5246 §7.4.3: the bytes a ServerKeyExchange signature covers —
// client_random + server_random + the parameters.
Bytes signed_params(ByteView client_random, ByteView server_random, ByteView params);

// RFC 5246 §7.4.3, RFC 8422 §5.4: whether `ske` is signed with `key` — its
// scheme one glasstls verifies and fitting the key (TlsError{illegal_parameter}
// otherwise), its signature over `signed_data` (signed_params) valid. Whether
// the scheme was offered is the caller's question. The client's handshake
// and glass probe (which shows a server that does not hold its key) ask it.
bool server_key_exchange_verifies(const crypto::PublicKey& key, const ServerKeyExchange& ske, ByteView signed_data);

// RFC 6520 §2: a heartbeat extension is one mode byte, 1 or 2
// (illegal_parameter otherwise).
void check_heartbeat_mode(const Extension& e);

// RFC 5746 §3.4, §3.6: on an initial handshake renegotiation_info holds an
// empty renegotiated_connection (handshake_failure otherwise).
void check_initial_renegotiation_info(const Extension& e);

// The options to validate a peer's chain with: the time, the purpose, and
// each step of the validation reported to the connection's observer as it
// happens (on_certificate_check). `now` 0 means the clock.
verify::Options validation_options(Connection& conn, std::int64_t now, verify::Purpose purpose);

// ---- Step tables (handshake_client.cpp, handshake_server.cpp) ----------------------------
// Each engine's rows hold a StepInfo `step`, the state a received message is
// expected in (`state`, empty: any) and its handler. The lookups are the
// same for both engines, so they are written once.

// The row for a message: in the engine's current `state` (the row its
// dispatch takes), or — unless `exact` — the first row for that message
// (expected in another state, so refused, but still that message).
template <typename Row, typename State>
const Row* find_step_row(const std::vector<Row>& rows, Direction d, int type, State state, bool exact) {
    const Row* other = nullptr;
    for (const Row& r : rows) {
        if (r.step.direction != d || r.step.type != type) continue;
        if (!r.state || *r.state == state) return &r;
        if (other == nullptr) other = &r;
    }
    return exact ? nullptr : other;
}

// The rows as the step table `glass steps` prints.
template <typename Row>
std::vector<StepInfo> step_infos(const std::vector<Row>& rows) {
    std::vector<StepInfo> out;
    for (const Row& r : rows) out.push_back(r.step);
    return out;
}

} // namespace glasstls
