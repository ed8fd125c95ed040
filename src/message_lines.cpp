#include "glasstls/message_lines.hpp"

#include <ostream>

#include "glasstls/dissect.hpp"

namespace glasstls {

void MessageLineObserver::on_record(const RecordEvent& e) {
    out_ << direction_arrow(e.direction) << " " << version_name(e.version) << " Record Header [length " << e.header.size() + e.fragment.size()
         << "] " << content_type_name(e.type) << "\n";
}

void MessageLineObserver::on_message(const MessageEvent& e) {
    out_ << direction_arrow(e.direction) << " Handshake [length " << e.message.bytes.size() << "], " << handshake_type_name(e.message.type) << "\n";
}

void MessageLineObserver::on_alert(Direction d, AlertLevel l, AlertDescription a) {
    out_ << direction_arrow(d) << " Alert [length 2], " << alert_level_name(l) << " " << alert_name(a) << "\n";
}

} // namespace glasstls
