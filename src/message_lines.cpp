#include "glasstls/message_lines.hpp"

#include <algorithm>
#include <ostream>

#include "glasstls/dissect.hpp"
#include "glasstls/narration.hpp"

namespace glasstls {

// [length N] is what the header's length field says; the sizes after the
// name say what it counts and the whole with its header.
void MessageLineObserver::on_record(const RecordEvent& e) {
    out_ << direction_arrow(e.direction) << " " << version_name(e.version) << " Record Header [length " << e.fragment.size() << "], "
         << content_type_name(e.type) << " (" << size_in_words(e.fragment.size(), "fragment", e.header.size()) << ")\n";
}

void MessageLineObserver::on_message(const MessageEvent& e) {
    const std::size_t header = std::min<std::size_t>(e.message.bytes.size(), 4), body = e.message.bytes.size() - header;
    out_ << direction_arrow(e.direction) << " Handshake [length " << body << "], " << handshake_type_name(e.message.type) << " ("
         << size_in_words(body, "body", header) << ")\n";
}

void MessageLineObserver::on_alert(Direction d, AlertLevel l, AlertDescription a) {
    out_ << direction_arrow(d) << " Alert [length 2], " << alert_level_name(l) << " " << alert_name(a) << "\n";
}

} // namespace glasstls
