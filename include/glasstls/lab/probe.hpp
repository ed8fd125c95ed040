// `glass probe`'s one question: a ClientHello built by hand (any version,
// any cipher suites — implemented by glasstls or not — any extensions),
// sent on a fresh connection, and the server's answer read as far as it
// helps: its ServerHello, and optionally the rest of its first flight
// (certificates, ServerKeyExchange), or the alert that refused. No
// handshake is completed: a ServerHello is enough to know what a server
// accepts, and TLS 1.3 shows itself in supported_versions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "glasstls/messages.hpp"
#include "glasstls/lab/net.hpp"

namespace glasstls::lab {

struct HelloSpec {
    std::uint16_t record_version = 0x0301;   // the first record's version (Appendix E.1)
    std::uint16_t client_version = 0x0303;
    std::vector<std::uint16_t> suites;
    std::vector<std::uint16_t> groups;       // supported_groups; empty: left out
    std::vector<std::uint16_t> schemes;      // signature_algorithms; empty: left out
    std::string server_name;
    bool extensions = true;                  // false: none at all (SSL 3.0 has none)
    bool tls13 = false;                      // supported_versions {1.3, 1.2} and an X25519 key_share
    bool extended_master_secret = false, encrypt_then_mac = false, session_ticket = false, heartbeat = false;
    std::vector<std::uint8_t> compression{0};
};

struct HelloAnswer {
    bool connected = false;
    std::optional<ServerHello> hello;
    std::optional<AlertDescription> alert;
    std::vector<Bytes> certificates;
    std::optional<ServerKeyExchange> key_exchange;
    std::string problem;   // why there is no answer: closed, timed out, not TLS
    Bytes client_random;   // ours, which the ServerKeyExchange signature covers
    // The version the server chose: supported_versions when present (TLS 1.3), else server_version.
    std::uint16_t version() const;
};

// `whole_flight`: read on to ServerHelloDone (certificates, ServerKeyExchange).
HelloAnswer ask(const HostPort& where, const HelloSpec& spec, bool whole_flight = false, int timeout_ms = 5000);

// Whether the server holds the key of the certificate it sent: the
// ServerKeyExchange of a TLS 1.2 whole-flight answer checked with the leaf's
// key, by the handshake's own check (server_key_exchange_verifies). Nothing
// when it verifies; the sentence why not otherwise. Precondition: `a` holds
// certificates and a key_exchange.
std::optional<std::string> unproven_key(const HelloAnswer& a);

// Why a server accepting `suite` is dangerous, or nothing: NULL encryption,
// EXPORT-grade keys (FREAK, Logjam), or no authentication at all (anon).
std::optional<std::string> suite_danger(std::uint16_t suite);

// The key exchange a suite uses, from glasstls's table or the IANA name.
std::optional<KeyExchange> suite_key_exchange(std::uint16_t suite);
bool suite_is_cbc(std::uint16_t suite);

} // namespace glasstls::lab
