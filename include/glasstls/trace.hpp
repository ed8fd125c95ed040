// Observability: the engine reports what it does as events to an Observer.
// The narrated trace, `--msg` lines and the NSS key log are observers; no
// module prints on its own.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "glasstls/alert.hpp"
#include "glasstls/cipher_suites.hpp"
#include "glasstls/codec.hpp"
#include "glasstls/crypto.hpp"
#include "glasstls/events.hpp"
#include "glasstls/messages.hpp"
#include "glasstls/record.hpp"
#include "glasstls/verify.hpp"

namespace glasstls {

// The narrated trace (`--trace`): every event in words, secrets in hex.
class NarratingObserver final : public Observer {
public:
    bool wants_secrets() const override { return true; }
    // `records`: also each protected record's sequence number, nonce,
    // additional data, ciphertext, MAC or tag and padding (--trace-records).
    explicit NarratingObserver(std::ostream& out, bool records = false) : out_(out), records_(records) {}
    void on_certificate_check(const verify::Check& c) override;
    void on_record(const RecordEvent& e) override;
    void on_message(const MessageEvent& e) override;
    void on_state_change(std::string_view from, std::string_view to) override;
    void on_secret(const SecretEvent& e) override;
    void on_alert(Direction d, AlertLevel l, AlertDescription a) override;
    void on_note(std::string_view text) override;
    void on_signature(const SignatureEvent& e) override;
    void on_key_exchange(const KeyExchangeEvent& e) override;

private:
    void record_crypto(const RecordEvent& e);
    std::ostream& out_;
    bool records_ = false;
};

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

// The NSS key log format Wireshark reads (SSLKEYLOGFILE):
// "CLIENT_RANDOM <64 hex digits> <96 hex digits>".
class KeyLogObserver final : public Observer {
public:
    bool wants_secrets() const override { return true; }
    explicit KeyLogObserver(std::ostream& out) : out_(out) {}
    void on_master_secret(ByteView client_random, ByteView master_secret) override;
    static std::string format_line(ByteView client_random, ByteView master_secret);

private:
    std::ostream& out_;
};

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

private:
    void emit(const std::string& event, const std::string& fields);
    std::ostream& out_;
    std::string connection_;
};

// A JSON string literal, escaped (RFC 8259 §7).
std::string json_string(std::string_view text);

// A decoded message's fields in words, one per line, indented (the
// narration's view of a message; `glass decode` prints the same).
std::string describe_message(const DecodedMessage& m, std::size_t indent = 6);

// Hex in groups for narration: "a0ba9f93 6cda3118 …", wrapped and indented.
std::string hex_block(ByteView bytes, std::size_t indent);

} // namespace glasstls
