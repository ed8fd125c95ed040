// The teaching flags' observers (see the header).
#include "teaching.hpp"

#include <cstdlib>

namespace glass {

using namespace glasstls;

void SharedKeyLog::on_master_secret(ByteView client_random, ByteView master_secret) {
    std::lock_guard<std::mutex> lock(mutex_);
    out_ << KeyLogObserver::format_line(client_random, master_secret) << "\n" << std::flush;
}

TeachingOutputs::TeachingOutputs(const Args& args)
    : trace(args.flag("trace") || args.flag("trace-records")), trace_records(args.flag("trace-records")), msg(args.flag("msg")) {
    if (auto path = args.get("trace-json")) {
        json_file.open(*path, std::ios::trunc);
        if (!json_file) throw UsageError("cannot write " + *path);
    }
    // Wireshark's convention: SSLKEYLOGFILE names the key log when --keylog does not.
    const char* env = std::getenv("SSLKEYLOGFILE");
    const std::string path = args.get("keylog").value_or(env != nullptr ? env : "");
    if (!path.empty() && !keylog.emplace(path).ok()) throw UsageError("cannot write the key log " + path);
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

} // namespace glass
