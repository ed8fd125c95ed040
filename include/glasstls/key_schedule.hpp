// The TLS 1.2 key schedule: pre-master secret -> master secret -> key block
// -> per-direction traffic keys, and the Finished verify_data.
//
//   pre_master_secret  (RSA-encrypted, or the (EC)DHE shared secret)
//          |  PRF(pms, "master secret", client_random + server_random)   §8.1
//          |  or PRF(pms, "extended master secret", session_hash)        RFC 7627 §4
//          v
//   master_secret (48 bytes)
//          |  PRF(ms, "key expansion", server_random + client_random)   §6.3
//          v
//   key_block = client MAC key | server MAC key | client key | server key
//               | client IV | server IV
#pragma once

#include "glasstls/cipher_suites.hpp"
#include "glasstls/crypto.hpp"

namespace glasstls {

class Observer;   // glasstls/events.hpp

// One direction's keys ("client_write_*" or "server_write_*").
struct TrafficKeys {
    crypto::SecretBytes mac_key;   // empty for AEAD suites
    crypto::SecretBytes key;
    crypto::SecretBytes iv;        // the implicit part only (GCM salt, ChaCha IV); empty for CBC
};

struct KeyBlock {
    crypto::SecretBytes bytes;     // the whole PRF output, as derived
    TrafficKeys client_write;
    TrafficKeys server_write;
};

constexpr std::size_t master_secret_length = 48;
constexpr std::size_t verify_data_length = 12;   // RFC 5246 §7.4.9

// RFC 5246 §8.1
crypto::SecretBytes compute_master_secret(crypto::HashAlgorithm prf_hash, ByteView pre_master_secret,
                                          ByteView client_random, ByteView server_random);

// RFC 7627 §4: the session hash is the transcript hash up to and including
// ClientKeyExchange, which binds the master secret to this handshake.
crypto::SecretBytes compute_extended_master_secret(crypto::HashAlgorithm prf_hash, ByteView pre_master_secret,
                                                   ByteView session_hash);

// RFC 5246 §6.3. Note the seed order: server_random first.
KeyBlock compute_key_block(const CipherSuite& suite, ByteView master_secret, ByteView client_random,
                           ByteView server_random);

// The key block and each key cut from it, by offset (RFC 5246 §6.3), as
// secrets to `observer` — a live connection and a decoded capture alike.
void report_key_block(Observer& observer, const KeyBlock& kb);

// RFC 5246 §7.4.9: PRF(master_secret, finished_label, Hash(handshake_messages))[0..11]
// with the label "client finished" or "server finished".
Bytes compute_verify_data(crypto::HashAlgorithm prf_hash, ByteView master_secret, bool from_client,
                          ByteView handshake_hash);

} // namespace glasstls
