// Sessions: serialization, the session-id cache and tickets (see the header).
#include "glasstls/session.hpp"

#include <ctime>

namespace glasstls {

// ---- Session (for --sess-out / --sess-in) -----------------------------------------

Bytes Session::serialize() const {
    Writer w;
    w.u32(0x676c5331);   // "glS1": format tag and version
    w.vec8(session_id);
    w.vec16(ticket);
    w.u16(cipher_suite);
    w.vec8(master_secret);
    w.u8(extended_master_secret ? 1 : 0);
    w.vec16(as_bytes(server_name));
    w.u64(static_cast<std::uint64_t>(created));
    return w.take();
}

Session Session::deserialize(ByteView data) {
    Reader r(data, "session file");
    if (r.u32("format") != 0x676c5331) r.fail("not a glasstls session file");
    Session s;
    ByteView id = r.vec8("session_id", 0, 32), ticket = r.vec16("ticket");
    s.session_id.assign(id.begin(), id.end());
    s.ticket.assign(ticket.begin(), ticket.end());
    s.cipher_suite = r.u16("cipher_suite");
    ByteView ms = r.vec8("master_secret", 48, 48);
    s.master_secret.assign(ms.begin(), ms.end());
    s.extended_master_secret = r.u8("ems") != 0;
    ByteView name = r.vec16("server_name");
    s.server_name.assign(name.begin(), name.end());
    s.created = static_cast<std::int64_t>(r.u64("created"));
    r.expect_end("session file");
    return s;
}

// ---- Session cache and tickets ---------------------------------------------------------

void SessionCache::store(const Session& s) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (sessions_.count(s.session_id) == 0) order_.push_back(s.session_id);
    sessions_[s.session_id] = s;
    while (sessions_.size() > capacity_) {   // bounded: evict the oldest
        sessions_.erase(order_.front());
        order_.pop_front();
    }
}

std::optional<Session> SessionCache::find(ByteView id, std::int64_t now) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = sessions_.find(Bytes(id.begin(), id.end()));
    if (it == sessions_.end()) return std::nullopt;
    if (now - it->second.created > session_lifetime_seconds || now < it->second.created) {
        sessions_.erase(it);   // expired: gone for good (its master secret is wiped with it)
        order_.erase(std::find(order_.begin(), order_.end(), Bytes(id.begin(), id.end())));
        return std::nullopt;
    }
    return it->second;
}

std::size_t SessionCache::size() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return sessions_.size();
}

std::int64_t clock_now(std::int64_t now) { return now != 0 ? now : static_cast<std::int64_t>(std::time(nullptr)); }

TicketKeys::Key TicketKeys::make_key(crypto::RandomSource& rng, std::int64_t now) {
    return Key{rng.bytes(16), crypto::to_secret(rng.bytes(32)), now};
}

TicketKeys::TicketKeys(crypto::RandomSource& rng, std::int64_t now) : current_(make_key(rng, clock_now(now))) {}

Bytes TicketKeys::seal(const Session& s, crypto::RandomSource& rng, std::int64_t now) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (now - current_.created >= static_cast<std::int64_t>(lifetime_seconds)) {
        previous_ = std::move(current_);   // still opens its tickets until they expire
        current_ = make_key(rng, now);
    }
    Bytes state = s.serialize();   // encrypted in place below: no plaintext copy outlives this call
    Bytes nonce = rng.bytes(12), tag(16);
    auto aead = crypto::make_aead(crypto::AeadAlgorithm::chacha20_poly1305, current_.key);
    aead->seal(nonce, current_.name, state, tag.data());
    Bytes ticket = current_.name;
    append(ticket, nonce);
    append(ticket, state);
    append(ticket, tag);
    return ticket;
}

std::optional<Session> TicketKeys::open_with(const Key& k, ByteView ticket) {
    if (ticket.size() < 16 + 12 + 16 || !std::equal(k.name.begin(), k.name.end(), ticket.begin())) return std::nullopt;
    crypto::SecretBytes state(ticket.begin() + 28, ticket.end() - 16);   // the plaintext holds a master secret: wiped on release
    auto aead = crypto::make_aead(crypto::AeadAlgorithm::chacha20_poly1305, k.key);
    if (!aead->open(ticket.subspan(16, 12), k.name, state, ticket.data() + ticket.size() - 16)) return std::nullopt;
    try {
        return Session::deserialize(state);
    } catch (const TlsError&) {
        return std::nullopt;
    }
}

std::optional<Session> TicketKeys::open(ByteView ticket, std::int64_t now) const {
    std::lock_guard<std::mutex> lock(mutex_);
    std::optional<Session> s = open_with(current_, ticket);
    if (!s && previous_) s = open_with(*previous_, ticket);
    if (s && (now - s->created > static_cast<std::int64_t>(lifetime_seconds) || now < s->created)) s.reset();
    return s;
}

} // namespace glasstls
