// `--msg`: an observer that writes one line per record, handshake message
// and alert.
#pragma once

#include <iosfwd>

#include "glasstls/events.hpp"

namespace glasstls {

// One line per record (`--msg`), in the spirit of `openssl s_client -msg`.
class MessageLineObserver final : public Observer {
public:
    explicit MessageLineObserver(std::ostream& out) : out_(out) {}
    void on_record(const RecordEvent& e) override;
    void on_message(const MessageEvent& e) override;
    void on_alert(Direction d, AlertLevel l, AlertDescription a) override;

private:
    std::ostream& out_;
};

} // namespace glasstls
