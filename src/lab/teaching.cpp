// The teaching flags' observers (see the header).
#include "glasstls/lab/teaching.hpp"

#include <cstdlib>
#include <sstream>
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
    : trace(flags.trace || flags.trace_records), trace_records(flags.trace_records), msg(flags.msg), html_max_bytes(flags.html_max_bytes) {
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
    : trace_(narration, outputs.trace_records), msg_(narration), html_max_bytes_(outputs.html_max_bytes) {
    if (outputs.trace) list_.add(&trace_);
    if (outputs.msg) list_.add(&msg_);
    if (outputs.keylog) list_.add(&*outputs.keylog);
    if (outputs.json_file.is_open()) list_.add(&json_.emplace(outputs.json_file, json_tag));
}

HtmlTranscript& ConnectionObservers::add_html(const std::string& title, bool client_side) {
    list_.add(&html_.emplace(title, client_side));
    html_->set_max_value_bytes(html_max_bytes_);
    return *html_;
}

bool ConnectionObservers::add_html(HtmlPages& pages, const std::string& title, bool client_side) {
    budgeted_ = pages.open(title, client_side);
    if (budgeted_) budgeted_->transcript().set_max_value_bytes(html_max_bytes_);
    if (budgeted_) list_.add(budgeted_.get());
    return budgeted_ != nullptr;
}

// --- HtmlPages and BudgetedPage: --html-dir within its budgets ---------------

namespace {
std::string mib(std::size_t bytes) {
    return bytes % (1u << 20) == 0 ? std::to_string(bytes >> 20) + " MiB" : std::to_string(bytes) + " bytes";
}
} // namespace

HtmlPages::HtmlPages(std::string dir, HtmlBudget budget, std::ostream& notes) : dir_(std::move(dir)), budget_(budget), notes_(notes) {}

std::unique_ptr<BudgetedPage> HtmlPages::open(const std::string& title, bool client_side) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (live_ + budget_.max_page > budget_.max_memory) {
            // Once until a page opens again: a flood must not flood stderr too.
            if (!said_memory_) {
                notes_ << "glass: --html-dir: the live pages hold all of their " << mib(budget_.max_memory)
                       << " of memory; new connections get no page until some end\n" << std::flush;
            }
            said_memory_ = true;
            return nullptr;
        }
        live_ += budget_.max_page;
        said_memory_ = false;
    }
    return std::make_unique<BudgetedPage>(*this, title, client_side);
}

void HtmlPages::release() {
    std::lock_guard<std::mutex> lock(mutex_);
    live_ -= budget_.max_page;
}

std::size_t HtmlPages::written() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return written_;
}

std::string HtmlPages::save(BudgetedPage& page, const std::string& name, std::string& why) {
    if (page.not_drawn() != 0) {
        page.transcript().add_summary("page truncated at " + mib(budget_.max_page) + " (--html-max-page): " + std::to_string(page.not_drawn()) +
                                      " later events were counted, not drawn");
    }
    std::ostringstream text;
    page.transcript().write(text);
    const std::string html = text.str();
    const std::string path = dir_ + "/" + name;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (written_ + html.size() > budget_.max_disk) {
            why = "no page: --html-dir has written its " + mib(budget_.max_disk) + " (--html-max-total)";
            if (!said_disk_) notes_ << "glass: " << why << "; no more pages are written\n" << std::flush;
            said_disk_ = true;
            return "";
        }
        written_ += html.size();
    }
    std::ofstream out(path, std::ios::trunc | std::ios::binary);
    out << html;
    if (!out) {
        why = "could not write " + path;
        return "";
    }
    return path;
}

BudgetedPage::BudgetedPage(HtmlPages& pages, const std::string& title, bool client_side) : pages_(pages), page_(title, client_side) {}

BudgetedPage::~BudgetedPage() { pages_.release(); }

bool BudgetedPage::drawing() {
    if (!full_ && page_.page_bytes() >= pages_.budget().max_page) {
        full_ = true;
        page_.on_note("The page stops here: it reached its budget of " + mib(pages_.budget().max_page) +
                      " (--html-max-page). Later events are counted, not drawn.");
    }
    if (full_) ++not_drawn_;
    return !full_;
}

void BudgetedPage::on_record(const RecordEvent& e) {
    if (drawing()) page_.on_record(e);
}
void BudgetedPage::on_message(const MessageEvent& e) {
    if (drawing()) page_.on_message(e);
}
void BudgetedPage::on_secret(const SecretEvent& e) {
    if (drawing()) page_.on_secret(e);
}
void BudgetedPage::on_key_exchange(const KeyExchangeEvent& e) {
    if (drawing()) page_.on_key_exchange(e);
}
void BudgetedPage::on_signature(const SignatureEvent& e) {
    if (drawing()) page_.on_signature(e);
}
void BudgetedPage::on_certificate_check(const verify::Check& c) {
    if (drawing()) page_.on_certificate_check(c);
}
void BudgetedPage::on_alert(Direction d, AlertLevel l, AlertDescription a) {
    if (drawing()) page_.on_alert(d, l, a);
}
void BudgetedPage::on_state_change(std::string_view from, std::string_view to) {
    if (drawing()) page_.on_state_change(from, to);
}
void BudgetedPage::on_note(std::string_view text) {
    if (drawing()) page_.on_note(text);
}

} // namespace glasstls::lab
