// Key exchange (RFC 5246 §7.4.3, §7.4.7, §8.1; RFC 8422 §5.4, §5.10;
// RFC 7919 §4): one interface, one implementation per kind — RSA, ECDHE,
// DHE — so neither handshake engine asks which kind it has (Go's
// crypto/tls keyAgreement is the model).
//
//   server                                      client
//   server_params()  ── ServerKeyExchange ──►   process_server_params()
//   process_client_exchange() ◄── ClientKeyExchange ── client_exchange()
//   both: the pre-master secret
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "glasstls/cipher_suites.hpp"
#include "glasstls/crypto.hpp"
#include "glasstls/events.hpp"
#include "glasstls/messages.hpp"
#include "glasstls/x509.hpp"

namespace glasstls {

// What one side learns about the key exchange, for summaries and logs.
struct KeyExchangeFacts {
    std::optional<crypto::NamedGroup> group;   // the curve, or the named FFDHE group
    std::size_t dh_bits = 0;                   // DHE: the prime's size
};

class KeyAgreement {
public:
    virtual ~KeyAgreement() = default;

    // Whether the server sends a ServerKeyExchange (§7.4.3: not with RSA).
    virtual bool uses_server_key_exchange() const = 0;
    // What the certificate's key is used for, as a keyUsage bit (§7.4.2):
    // decrypting the pre-master (RSA) or signing the params (ECDHE, DHE).
    virtual x509::KeyUsageBit certificate_key_usage() const = 0;
    // How this kind makes the pre-master secret, with its RFC section (for the narration).
    virtual Formula pre_master_formula() const = 0;

    // ---- Server -------------------------------------------------------------------
    // A fresh ephemeral key pair in `group` and the params the server signs:
    // ServerECDHParams or ServerDHParams. (RSA: never called.)
    virtual Bytes server_params(crypto::NamedGroup group, crypto::RandomSource& rng, KeyExchangeFacts& facts);
    // The pre-master secret from the client's exchange value. `key` and
    // `client_version` serve RSA (§7.4.7.1); the ephemeral kinds use the key
    // pair made by server_params().
    // Both sides report the exchange's inputs to `observer` (when not null).
    virtual crypto::SecretBytes process_client_exchange(ByteView exchange, const crypto::PrivateKey& key,
                                                        std::uint16_t client_version, crypto::RandomSource& rng,
                                                        Observer* observer) = 0;

    // ---- Client -------------------------------------------------------------------
    // Checks the server's (signature-verified) params against what we offered
    // and keeps them. (RSA: never called.)
    virtual void process_server_params(const ServerKeyExchange& ske, const std::vector<crypto::NamedGroup>& offered,
                                       KeyExchangeFacts& facts);
    // Our exchange value for ClientKeyExchange, and the pre-master secret.
    virtual crypto::SecretBytes client_exchange(Bytes& exchange, const crypto::PublicKey& server_key,
                                                std::uint16_t client_version, crypto::RandomSource& rng, Observer* observer) = 0;
};

std::unique_ptr<KeyAgreement> make_key_agreement(KeyExchange kind);

// The group a server uses for `kind`, by its own preference among what the
// client listed — or nullopt when the suite cannot be used. RSA needs none
// (and gets nullopt with `usable` true). ECDHE with no supported_groups
// means P-256 (RFC 8422 §4); DHE with no FFDHE group listed means ffdhe2048,
// but a client listing only FFDHE groups we lack gets no DHE (RFC 7919 §4).
struct GroupChoice {
    bool usable = false;
    std::optional<crypto::NamedGroup> group;
    bool refused_for_ffdhe = false;   // DHE ruled out by RFC 7919 §4
};
GroupChoice choose_group(KeyExchange kind, const std::vector<std::uint16_t>& client_groups,
                         const std::vector<crypto::NamedGroup>& ours);

// RFC 7919 §2: the finite-field range, known groups or not.
bool is_ffdhe(std::uint16_t group);

} // namespace glasstls
