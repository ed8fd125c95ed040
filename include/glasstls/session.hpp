// Sessions (RFC 5246 §7.3, §7.4.1.2; RFC 5077): what resumption keeps, how
// a client saves it (--sess-out / --sess-in), and how a server finds it
// again — by session id in a bounded cache, or in a ticket it sealed itself.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "glasstls/codec.hpp"
#include "glasstls/crypto.hpp"

namespace glasstls {

// What resumption needs (RFC 5246 §7.3 session state; RFC 5077 tickets).
struct Session {
    Bytes session_id;
    Bytes ticket;                      // the client's copy of an RFC 5077 ticket
    std::uint16_t cipher_suite = 0;
    crypto::SecretBytes master_secret;
    bool extended_master_secret = false;
    std::string server_name;
    std::int64_t created = 0;          // Unix seconds
    bool valid() const { return !master_secret.empty() && cipher_suite != 0; }
    Bytes serialize() const;           // for --sess-out: contains the master secret
    static Session deserialize(ByteView data);
};

// Unix seconds: `now` when it is set (tests, a seeded server), else the clock.
std::int64_t clock_now(std::int64_t now);

// How long a session may be resumed, measured from the full handshake that
// created it and never extended by resuming (RFC 5246 §7.4.1.2 suggests an
// upper limit of 24 hours; 2 hours is the ticket lifetime hint we send).
constexpr std::int64_t session_lifetime_seconds = 7200;

// Session-id resumption (RFC 5246 §7.4.1.2): a bounded cache shared by all
// connections of a server. Expired sessions are never returned.
class SessionCache {
public:
    explicit SessionCache(std::size_t capacity = 1024) : capacity_(capacity) {}
    void store(const Session& s);
    std::optional<Session> find(ByteView session_id, std::int64_t now);
    std::size_t size() const;

private:
    mutable std::mutex mutex_;
    std::size_t capacity_;
    std::map<Bytes, Session> sessions_;
    // Oldest first, for eviction: a deque, because a full cache drops its
    // front on every store, which in a vector moved all 1,024 ids each time.
    std::deque<Bytes> order_;
};

// RFC 5077 tickets: the session state sealed with ChaCha20-Poly1305 under a
// key only this server knows: key_name(16) | nonce(12) | ciphertext | tag.
// The key rotates every session lifetime; the previous key still opens the
// tickets it sealed until they expire (RFC 5077 §5.5). Thread-safe.
class TicketKeys {
public:
    explicit TicketKeys(crypto::RandomSource& rng, std::int64_t now = 0);
    Bytes seal(const Session& s, crypto::RandomSource& rng, std::int64_t now);
    std::optional<Session> open(ByteView ticket, std::int64_t now) const;   // nullopt: not ours, tampered or expired
    static constexpr std::uint32_t lifetime_seconds = session_lifetime_seconds;

private:
    struct Key {
        Bytes name;
        crypto::SecretBytes key;
        std::int64_t created = 0;
    };
    static Key make_key(crypto::RandomSource& rng, std::int64_t now);
    static std::optional<Session> open_with(const Key& k, ByteView ticket);
    mutable std::mutex mutex_;
    Key current_;
    std::optional<Key> previous_;
};

} // namespace glasstls
