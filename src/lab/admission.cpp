// See admission.hpp.
#include "glasstls/lab/admission.hpp"

#include <sys/socket.h>

#include <algorithm>

namespace glasstls::lab {

std::string address_of(const std::string& peer) {
    const std::size_t colon = peer.rfind(':');
    return colon == std::string::npos ? peer : peer.substr(0, colon);
}

std::shared_ptr<Slot> Admission::oldest_handshaking(const std::string& address) const {
    for (const auto& s : slots_) {   // oldest first
        if (s->handshaking && !s->evicted && (address.empty() || s->address == address)) return s;
    }
    return nullptr;
}

void Admission::evict(Slot& s) {
    s.evicted = true;
    // Wakes its thread at once (poll and recv return); the thread still owns
    // and closes the descriptor.
    shutdown(s.fd, SHUT_RDWR);
}

std::shared_ptr<Slot> Admission::admit(const std::string& address, int fd, std::string& dropped) {
    std::lock_guard<std::mutex> lock(mutex_);
    dropped.clear();
    auto live = [&](const std::string& of) {
        return static_cast<std::size_t>(std::count_if(slots_.begin(), slots_.end(), [&](const auto& s) {
            return !s->evicted && (of.empty() || s->address == of);
        }));
    };
    // The per-address limit first (a victim from the same address), then the total.
    for (const std::string& scope : {address, std::string()}) {
        const std::size_t limit = scope.empty() ? max_total_ : max_per_address_;
        if (live(scope) < limit) continue;
        std::shared_ptr<Slot> victim = oldest_handshaking(scope);
        if (!victim) return nullptr;
        evict(*victim);
        dropped = victim->address;
    }
    auto slot = std::make_shared<Slot>();
    slot->address = address;
    slot->fd = fd;
    slots_.push_back(slot);
    return slot;
}

void Admission::release(const std::shared_ptr<Slot>& slot) {
    std::lock_guard<std::mutex> lock(mutex_);
    slots_.remove(slot);
}

std::size_t Admission::active() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return slots_.size();
}

} // namespace glasstls::lab
