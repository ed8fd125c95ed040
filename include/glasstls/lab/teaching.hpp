// The teaching flags that glass client, glass server and the Python module
// share — --trace, --trace-records, --msg, --trace-json FILE, --keylog FILE
// (or $SSLKEYLOGFILE) — turned into observers of a connection, in one place.
// The files are opened once per process; each connection gets its own
// observer list over them (a server's connections share the JSON stream
// and the key log, whose writers are thread-safe).
#pragma once

#include <fstream>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <string>

#include "glasstls/events.hpp"
#include "glasstls/html.hpp"
#include "glasstls/json_lines.hpp"
#include "glasstls/key_log.hpp"
#include "glasstls/message_lines.hpp"
#include "glasstls/narration.hpp"

namespace glasstls::lab {

// A narration written as it happens — so it lines up with a gdb stop or a
// --step pause — handed on a whole line at a time, each tagged with its
// connection, however many threads write: glass server's log, the Python
// module's standard error, its observe() callbacks.
class TaggedLines final : public std::streambuf {
public:
    using Sink = std::function<void(const std::string&)>;
    TaggedLines(std::string tag, Sink sink) : tag_(std::move(tag)), sink_(std::move(sink)) {}
    ~TaggedLines() override;

protected:
    int overflow(int c) override;

private:
    void flush_line();
    std::string tag_, line_;
    Sink sink_;
};

// The NSS key log, one whole line per master secret, from any thread.
class SharedKeyLog final : public glasstls::Observer {
public:
    explicit SharedKeyLog(const std::string& path) : out_(path, std::ios::app) {}
    bool ok() const { return static_cast<bool>(out_); }
    bool wants_secrets() const override { return true; }
    void on_master_secret(glasstls::ByteView client_random, glasstls::ByteView master_secret) override;

private:
    std::mutex mutex_;
    std::ofstream out_;
};

// What the teaching flags asked for.
struct TeachingFlags {
    bool trace = false, trace_records = false, msg = false;
    std::string json_path;     // --trace-json; empty: none
    std::string keylog_path;   // --keylog; empty: $SSLKEYLOGFILE, if set
    std::size_t html_max_bytes = glasstls::HtmlTranscript::default_max_value_bytes;   // --html-max-bytes; 0: no cut
};

struct TeachingOutputs {
    // Opens the files; std::runtime_error naming the file when one cannot be written.
    explicit TeachingOutputs(const TeachingFlags& flags);
    bool trace = false, trace_records = false, msg = false;
    std::ofstream json_file;   // --trace-json
    std::optional<SharedKeyLog> keylog;
    std::size_t html_max_bytes = glasstls::HtmlTranscript::default_max_value_bytes;
};

// --html-dir (glass server, glass proxy): a page per connection within
// three budgets, so that connections full of one-byte records cannot take
// the machine's memory or disk (issue 18, §5). Each page stops growing at
// about max_page bytes, and says so on the page; every live page reserves
// max_page of max_memory when its connection starts — a connection that
// finds none left gets no page (said on stderr); the files written in one
// run total at most max_disk bytes, then no more are written (said too).
struct HtmlBudget {
    std::size_t max_page = 1u << 20;      // --html-max-page
    std::size_t max_memory = 64u << 20;   // all live pages together
    std::size_t max_disk = 256u << 20;    // --html-max-total
};

class HtmlPages;

// One connection's page behind its budget: events reach the transcript
// until the page has max_page bytes; later ones are counted, not drawn.
class BudgetedPage final : public glasstls::Observer {
public:
    BudgetedPage(HtmlPages& pages, const std::string& title, bool client_side);
    ~BudgetedPage() override;   // gives the reservation back
    BudgetedPage(const BudgetedPage&) = delete;
    BudgetedPage& operator=(const BudgetedPage&) = delete;
    glasstls::HtmlTranscript& transcript() { return page_; }
    std::size_t not_drawn() const { return not_drawn_; }

    bool wants_secrets() const override { return true; }
    void on_record(const glasstls::RecordEvent& e) override;
    void on_message(const glasstls::MessageEvent& e) override;
    void on_secret(const glasstls::SecretEvent& e) override;
    void on_key_exchange(const glasstls::KeyExchangeEvent& e) override;
    void on_signature(const glasstls::SignatureEvent& e) override;
    void on_certificate_check(const glasstls::verify::Check& c) override;
    void on_alert(glasstls::Direction d, glasstls::AlertLevel l, glasstls::AlertDescription a) override;
    void on_state_change(std::string_view from, std::string_view to) override;
    void on_note(std::string_view text) override;

private:
    bool drawing();   // false once the page is full (which it then says, once)
    HtmlPages& pages_;
    glasstls::HtmlTranscript page_;
    std::size_t not_drawn_ = 0;
    bool full_ = false;
};

// The directory and the budgets, shared by every connection of a process.
class HtmlPages {
public:
    // `notes`: where the one-line notes go (standard error).
    HtmlPages(std::string dir, HtmlBudget budget, std::ostream& notes);
    const HtmlBudget& budget() const { return budget_; }
    // A page for a new connection, or nullptr when the live pages hold all of max_memory.
    std::unique_ptr<BudgetedPage> open(const std::string& title, bool client_side);
    // Writes the page as DIR/NAME; its path, or "" with the sentence why not in `why`.
    std::string save(BudgetedPage& page, const std::string& name, std::string& why);
    std::size_t written() const;

private:
    friend class BudgetedPage;
    void release();
    mutable std::mutex mutex_;
    std::string dir_;
    HtmlBudget budget_;
    std::ostream& notes_;
    std::size_t live_ = 0, written_ = 0;
    bool said_memory_ = false, said_disk_ = false;
};

// One connection's observers: narration and --msg lines to `narration`,
// the key log, the JSON stream (each line tagged with `json_tag` when it is
// not empty) and, after add_html(), an illustrated page.
class ConnectionObservers {
public:
    ConnectionObservers(TeachingOutputs& outputs, std::ostream& narration, const std::string& json_tag = "");
    glasstls::HtmlTranscript& add_html(const std::string& title, bool client_side);
    // A page within --html-dir's budgets; false when there is no room for one.
    bool add_html(HtmlPages& pages, const std::string& title, bool client_side);
    glasstls::ObserverList& list() { return list_; }
    glasstls::JsonLinesObserver* json_lines() { return json_ ? &*json_ : nullptr; }   // --trace-json
    glasstls::HtmlTranscript* html() { return html_ ? &*html_ : budgeted_ ? &budgeted_->transcript() : nullptr; }
    BudgetedPage* budgeted_page() { return budgeted_.get(); }

private:
    glasstls::NarratingObserver trace_;
    glasstls::MessageLineObserver msg_;
    std::optional<glasstls::JsonLinesObserver> json_;
    std::optional<glasstls::HtmlTranscript> html_;
    std::unique_ptr<BudgetedPage> budgeted_;
    glasstls::ObserverList list_;
    std::size_t html_max_bytes_;   // each page's size cut (--html-max-bytes)
};

} // namespace glasstls::lab
