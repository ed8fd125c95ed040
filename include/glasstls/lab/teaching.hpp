// The teaching flags that glass client, glass server and the Python module
// share — --trace, --trace-records, --msg, --trace-json FILE, --keylog FILE
// (or $SSLKEYLOGFILE) — turned into observers of a connection, in one place.
// The files are opened once per process; each connection gets its own
// observer list over them (a server's connections share the JSON stream
// and the key log, whose writers are thread-safe).
#pragma once

#include <fstream>
#include <functional>
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
};

struct TeachingOutputs {
    // Opens the files; std::runtime_error naming the file when one cannot be written.
    explicit TeachingOutputs(const TeachingFlags& flags);
    bool trace = false, trace_records = false, msg = false;
    std::ofstream json_file;   // --trace-json
    std::optional<SharedKeyLog> keylog;
};

// One connection's observers: narration and --msg lines to `narration`,
// the key log, the JSON stream (each line tagged with `json_tag` when it is
// not empty) and, after add_html(), an illustrated page.
class ConnectionObservers {
public:
    ConnectionObservers(TeachingOutputs& outputs, std::ostream& narration, const std::string& json_tag = "");
    glasstls::HtmlTranscript& add_html(const std::string& title, bool client_side);
    glasstls::ObserverList& list() { return list_; }
    glasstls::HtmlTranscript* html() { return html_ ? &*html_ : nullptr; }

private:
    glasstls::NarratingObserver trace_;
    glasstls::MessageLineObserver msg_;
    std::optional<glasstls::JsonLinesObserver> json_;
    std::optional<glasstls::HtmlTranscript> html_;
    glasstls::ObserverList list_;
};

} // namespace glasstls::lab
