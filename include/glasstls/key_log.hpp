// The key log (`--keylog`, SSLKEYLOGFILE): an observer that writes each
// session's master secret as Wireshark reads it.
#pragma once

#include <iosfwd>
#include <string>

#include "glasstls/codec.hpp"
#include "glasstls/events.hpp"

namespace glasstls {

// The NSS key log format Wireshark reads (SSLKEYLOGFILE):
// "CLIENT_RANDOM <64 hex digits> <96 hex digits>".
class KeyLogObserver final : public Observer {
public:
    bool wants_secrets() const override { return true; }
    explicit KeyLogObserver(std::ostream& out) : out_(out) {}
    void on_master_secret(ByteView client_random, ByteView master_secret) override;
    static std::string format_line(ByteView client_random, ByteView master_secret);

private:
    std::ostream& out_;
};

} // namespace glasstls
