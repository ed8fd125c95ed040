// The teaching flags' observers (see the header).
#include "glasstls/lab/teaching.hpp"

#include <cstdlib>
#include <stdexcept>

namespace glasstls::lab {

TaggedLines::~TaggedLines() {
    if (!line_.empty()) flush_line();
}

int TaggedLines::overflow(int c) {
    if (c == traits_type::eof()) return 0;
    if (c == '\n') flush_line();
    else line_.push_back(static_cast<char>(c));
    return c;
}

void TaggedLines::flush_line() {
    sink_(tag_ + line_);
    line_.clear();
}

void SharedKeyLog::on_master_secret(ByteView client_random, ByteView master_secret) {
    std::lock_guard<std::mutex> lock(mutex_);
    out_ << KeyLogObserver::format_line(client_random, master_secret) << "\n" << std::flush;
}

TeachingOutputs::TeachingOutputs(const TeachingFlags& flags)
    : trace(flags.trace || flags.trace_records), trace_records(flags.trace_records), msg(flags.msg) {
    if (!flags.json_path.empty()) {
        json_file.open(flags.json_path, std::ios::trunc);
        if (!json_file) throw std::runtime_error("cannot write " + flags.json_path);
    }
    // Wireshark's convention: SSLKEYLOGFILE names the key log when --keylog does not.
    const char* env = std::getenv("SSLKEYLOGFILE");
    const std::string path = !flags.keylog_path.empty() ? flags.keylog_path : (env != nullptr ? env : "");
    if (!path.empty() && !keylog.emplace(path).ok()) throw std::runtime_error("cannot write the key log " + path);
}

ConnectionObservers::ConnectionObservers(TeachingOutputs& outputs, std::ostream& narration, const std::string& json_tag)
    : trace_(narration, outputs.trace_records), msg_(narration) {
    if (outputs.trace) list_.add(&trace_);
    if (outputs.msg) list_.add(&msg_);
    if (outputs.keylog) list_.add(&*outputs.keylog);
    if (outputs.json_file.is_open()) list_.add(&json_.emplace(outputs.json_file, json_tag));
}

HtmlTranscript& ConnectionObservers::add_html(const std::string& title, bool client_side) {
    list_.add(&html_.emplace(title, client_side));
    return *html_;
}

} // namespace glasstls::lab
