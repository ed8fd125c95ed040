// The narrated trace (`--trace`, `glass demo`, `glass decode`): an observer
// that tells every event in words, with the RFC section and the secrets in
// hex, and its helpers for laying out messages and bytes.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <string>
#include <string_view>

#include "glasstls/codec.hpp"
#include "glasstls/events.hpp"

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

// A decoded message's fields in words, one per line, indented (the
// narration's view of a message; `glass decode` prints the same).
std::string describe_message(const DecodedMessage& m, std::size_t indent = 6);

// One convention for every size shown of a message or record, naming what
// each number counts: "61-byte body, 65 with its 4-byte header" (the first is
// what the header's length field says).
std::string size_in_words(std::size_t content, std::string_view content_name, std::size_t header);

// Hex in groups for narration: "a0ba9f93 6cda3118 …", wrapped and indented.
std::string hex_block(ByteView bytes, std::size_t indent);

} // namespace glasstls
