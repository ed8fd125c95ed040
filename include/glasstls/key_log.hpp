// The key log (`--keylog`, SSLKEYLOGFILE): an observer that writes each
// session's master secret as Wireshark reads it, and the reading of a key
// log file for `glass decode`. The file's text is as secret as the master
// secrets in it, so it is kept, like them, in memory wiped when freed.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>

#include "glasstls/codec.hpp"
#include "glasstls/crypto.hpp"
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

// A key log file is read up to this size: a line per session is ~180 bytes.
constexpr std::size_t max_key_log_bytes = 64u << 20;

// A key log file's text, never in unwiped memory (read unbuffered, straight
// into a SecretBytes). nullopt with `why` set to a sentence when it cannot
// be read or is larger than max_key_log_bytes.
std::optional<crypto::SecretBytes> read_key_log_file(const std::string& path, std::string& why);

} // namespace glasstls
