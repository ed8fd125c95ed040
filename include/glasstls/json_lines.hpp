// `--trace-json`: an observer that writes the event stream as JSON Lines
// (docs/trace-json.md), and the JSON string escaping it and glass's other
// JSON outputs use.
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>

#include "glasstls/events.hpp"

namespace glasstls {

// The event stream as JSON Lines (`--trace-json FILE`): one object per
// event, every byte in hex, so a script can recompute what glasstls
// computed. The schema is in docs/trace-json.md. `connection` (when not
// empty) tags each line — a server writes all its connections to one file.
// Thread-safe: lines are written whole, under a lock shared by all
// JsonLinesObservers on the same stream.
class JsonLinesObserver final : public Observer {
public:
    bool wants_secrets() const override { return true; }
    JsonLinesObserver(std::ostream& out, std::string connection = "");
    void on_record(const RecordEvent& e) override;
    void on_message(const MessageEvent& e) override;
    void on_state_change(std::string_view from, std::string_view to) override;
    void on_secret(const SecretEvent& e) override;
    void on_master_secret(ByteView client_random, ByteView master_secret) override;
    void on_alert(Direction d, AlertLevel l, AlertDescription a) override;
    void on_note(std::string_view text) override;
    void on_signature(const SignatureEvent& e) override;
    void on_key_exchange(const KeyExchangeEvent& e) override;
    void on_certificate_check(const verify::Check& c) override;
    // The last line of a connection: {"event":"outcome","outcome":OBJECT},
    // OBJECT being OutcomeRecorder::json() (outcome.hpp), as --json prints it.
    void write_outcome(const std::string& object);

private:
    void emit(const std::string& event, const std::string& fields);
    std::ostream& out_;
    std::string connection_;
};

// A JSON string literal, escaped (RFC 8259 §7), always valid UTF-8 (§8.1):
// a byte of an ill-formed sequence becomes the text "\xHH", and controls
// (text::is_control) are \u-escaped (docs/trace-json.md, "Text a peer chose").
std::string json_string(std::string_view text);

} // namespace glasstls
