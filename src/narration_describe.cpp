// describe_message: a decoded message's fields in words, for the narrated
// trace (what tls12.xargs.org does for one capture, for any connection).
// The fields come from the dissector; this file only lays them out.
#include <algorithm>
#include <sstream>

#include "glasstls/dissect.hpp"
#include "glasstls/narration.hpp"
#include "glasstls/text.hpp"

namespace glasstls {

namespace {

class FieldWriter {
public:
    FieldWriter(std::ostream& out, ByteView message) : out_(out), message_(message) {}

    void write(const Field& f, std::size_t indent) {
        if (f.length_prefix) return;   // the lengths are in the JSON and HTML views
        out_ << std::string(indent, ' ') << f.name;
        if (f.name.rfind("extension ", 0) == 0) {
            // One line per extension: its meaning says what its fields hold.
            const ByteView data = f.children.size() > 1 ? field_content(message_, f.children[1]) : ByteView{};
            out_ << " (" << data.size() << " bytes)";
            if (!f.value.empty()) out_ << ": " << text::visible(f.value);
            else if (!data.empty()) out_ << ": " << to_hex(data.first(std::min<std::size_t>(data.size(), 32))) << (data.size() > 32 ? "…" : "");
            out_ << "\n";
            return;
        }
        if (!f.value.empty()) out_ << " " << text::visible(f.value);
        const ByteView v = f.bytes ? field_content(message_, f) : ByteView{};
        const bool block = v.size() > 32;   // long values go below, in groups
        if (f.bytes) out_ << (v.empty() ? std::string(" (empty)") : " (" + std::to_string(v.size()) + " bytes)" + (block ? "" : " " + to_hex(v)));
        if (!f.rfc.empty() && f.rfc != last_rfc_) out_ << "  [" << f.rfc << "]";
        if (!f.rfc.empty()) last_rfc_ = f.rfc;
        out_ << "\n";
        if (block) out_ << hex_block(v, indent + 4) << "\n";
        for (const Field& c : f.children) write(c, indent + 2);
    }

private:
    std::ostream& out_;
    ByteView message_;
    std::string_view last_rfc_;
};

} // namespace

std::string describe_message(const DecodedMessage& m, std::size_t indent) {
    std::ostringstream o;
    FieldWriter w(o, m.bytes);
    for (const Field& f : m.fields) {
        if (f.name == "msg_type" || f.name == "length") continue;   // the message's own line says both
        w.write(f, indent);
    }
    if (m.fields.size() <= 2 && m.error.empty() && m.bytes.size() == 4) o << std::string(indent, ' ') << "(empty body, as it must be)\n";
    if (!m.error.empty()) o << std::string(indent, ' ') << "(malformed: " << text::visible(m.error) << ")\n";
    return o.str();
}

} // namespace glasstls
