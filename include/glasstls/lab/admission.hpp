// Who gets a connection slot in `glass server` — so that one misbehaving
// host cannot starve the others (issue "Hardening", item 6).
//
// Every accepted connection holds a Slot until its thread ends. Limits: a
// total (--max-connections) and one per client address
// (--max-per-address). When a limit is reached, the server does not refuse
// the newcomer: it drops the OLDEST connection still in its handshake (of
// that address, for the per-address limit) — a silent socket cannot hold a
// slot that a real client wants. Established connections are never dropped
// this way; with no handshake to drop, the newcomer is refused.
#pragma once

#include <atomic>
#include <chrono>
#include <list>
#include <memory>
#include <mutex>
#include <string>

namespace glasstls::lab {

struct Slot {
    std::string address;   // the client's address without the port
    int fd = -1;
    std::chrono::steady_clock::time_point accepted = std::chrono::steady_clock::now();
    std::atomic<bool> handshaking{true};
    std::atomic<bool> evicted{false};   // set by Admission; the connection's thread ends it
};

class Admission {
public:
    Admission(std::size_t max_total, std::size_t max_per_address) : max_total_(max_total), max_per_address_(max_per_address) {}

    // A slot for a new connection, or nullptr when it must be refused.
    // `dropped` tells what was evicted to make room (empty: nothing).
    std::shared_ptr<Slot> admit(const std::string& address, int fd, std::string& dropped);
    void release(const std::shared_ptr<Slot>& slot);
    std::size_t active() const;

private:
    // The oldest connection still handshaking (of `address`, if not empty).
    std::shared_ptr<Slot> oldest_handshaking(const std::string& address) const;
    static void evict(Slot& s);

    mutable std::mutex mutex_;
    std::list<std::shared_ptr<Slot>> slots_;   // in order of arrival
    std::size_t max_total_, max_per_address_;
};

// "127.0.0.1:5000" -> "127.0.0.1", "[::1]:5000" -> "[::1]".
std::string address_of(const std::string& peer);

} // namespace glasstls::lab
