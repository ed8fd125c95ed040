#include "glasstls/key_log.hpp"

#include <ostream>

namespace glasstls {

std::string KeyLogObserver::format_line(ByteView client_random, ByteView master_secret) {
    return "CLIENT_RANDOM " + to_hex(client_random) + " " + to_hex(master_secret);
}

void KeyLogObserver::on_master_secret(ByteView client_random, ByteView master_secret) {
    out_ << format_line(client_random, master_secret) << "\n" << std::flush;
}

} // namespace glasstls
