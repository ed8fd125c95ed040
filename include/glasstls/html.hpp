// The illustrated transcript (`--html FILE`): one self-contained HTML page
// of a connection, in the spirit of The Illustrated TLS 1.2 Connection but
// for any connection — every record as a card on its sender's side, every
// byte annotated with its field (hover for the meaning and RFC section),
// every derivation with its formula and inputs between the two sides.
//
// It is an observer of the event stream like the narrated trace, and uses
// the same dissector; `glass decode --html` draws captures with it too.
// Cards are rendered as events arrive (their byte views do not outlive the
// call); write() wraps them in the page. No scripts, fonts or styles are
// fetched: the page works offline.
#pragma once

#include <iosfwd>
#include <string>

#include "glasstls/dissect.hpp"
#include "glasstls/events.hpp"

namespace glasstls {

class HtmlTranscript final : public Observer {
public:
    // `client_side`: whether outgoing events are the client's (a client's
    // page, or a capture read from the client's point of view).
    HtmlTranscript(std::string title, bool client_side);
    HtmlTranscript(const HtmlTranscript&) = delete;   // it may point into itself (drawn_)
    HtmlTranscript& operator=(const HtmlTranscript&) = delete;

    bool wants_secrets() const override { return true; }
    void on_record(const RecordEvent& e) override;
    void on_message(const MessageEvent& e) override;
    void on_secret(const SecretEvent& e) override;
    void on_key_exchange(const KeyExchangeEvent& e) override;
    void on_signature(const SignatureEvent& e) override;
    void on_certificate_check(const verify::Check& c) override;
    void on_alert(Direction d, AlertLevel l, AlertDescription a) override;
    void on_state_change(std::string_view from, std::string_view to) override;
    void on_note(std::string_view text) override;

    // A heading between connections (a resumption after a full handshake).
    void begin_connection(const std::string& heading);
    // How it ended, in one sentence (shown last, green or red).
    void set_outcome(const std::string& sentence, bool ok);
    // Appends another transcript's cards under a heading (a capture's
    // connections on one page), leaving `other` empty.
    void absorb(HtmlTranscript& other, const std::string& heading);
    // Makes this transcript count its cards against `page`'s limit, so the
    // transcripts that absorb() joins into one page are capped as one page
    // (memory as well as output). `page` must outlive this transcript.
    void share_limit(HtmlTranscript& page) { drawn_ = page.drawn_; }
    // A line of context under the title (the peer, the suite, the date).
    void add_summary(const std::string& line);
    // A card across the page holding a report already written as text
    // (glass decode's "what a passive observer learns"), kept as written.
    void add_report(const std::string& title, const std::string& text);
    // How many bytes of one value the page shows — application data, and a
    // record's ciphertext when no key opened it — before "… (N more bytes)";
    // 0 shows all (the page's own cap still holds). `--html-max-bytes`.
    void set_max_value_bytes(std::size_t n) { max_value_bytes_ = n; }
    static constexpr std::size_t default_max_value_bytes = 4096;
    // Long values fold: the first lines of application data (and the first
    // bytes of a ciphertext) show, the rest opens with a click.
    static constexpr std::size_t folded_lines = 12;
    static constexpr std::size_t folded_cipher_bytes = 64;

    void write(std::ostream& out);   // the whole page
    std::size_t records() const { return records_; }
    // The bytes drawn so far (for a caller's own, lower, budget).
    std::size_t page_bytes() const { return cards_.size() + checks_.size(); }
    // A page stops growing here (a long transfer, or a peer that floods):
    // later events are counted, not drawn, and the page says so. With
    // share_limit(), the cap is that of the page they share.
    static constexpr std::size_t max_page_bytes = 16u << 20;

private:
    enum class Column { client, middle, server };
    Column side(Direction d) const;
    void card(Column column, const std::string& classes, const std::string& title, const std::string& body);
    void draw(const std::string& html);   // onto cards_, while the page has room
    void flush_checks();
    std::string sealed_fragment(const RecordEvent& e) const;
    std::string shown_plaintext(ByteView v) const;
    // The page's heading says "Secrets are shown" only of a page that shows
    // some (a record opened, a value computed); of a capture decoded without
    // its keys — protected records and nothing else — it says so instead.
    bool shows_secrets() const { return opened_ != 0 || computed_ != 0; }
    bool keyless() const { return sealed_ != 0 && !shows_secrets(); }

    std::string title_;
    bool client_side_;
    std::string cards_;
    std::string summary_;
    std::string outcome_;
    std::string checks_;          // consecutive certificate checks, shown as one card
    bool checks_ok_ = true;
    std::size_t records_ = 0;
    std::size_t not_drawn_ = 0;   // events past max_page_bytes
    std::size_t sealed_ = 0;      // protected records no key opened
    std::size_t opened_ = 0;      // protected records opened, step by step
    std::size_t computed_ = 0;    // secrets, key exchanges, signatures, checks: the middle column
    std::size_t max_value_bytes_ = default_max_value_bytes;
    std::size_t own_drawn_ = 0;   // bytes of cards drawn…
    std::size_t* drawn_ = &own_drawn_;   // …counted here: own_drawn_, or a shared page's
};

// Helpers shared with the capture decoder's page.
std::string html_escape(std::string_view text);
// `bytes` as hex, the fields (dissect.hpp) as nested spans whose title says
// name, meaning and RFC section; each leaf gets one of eight colours.
std::string html_annotated_bytes(ByteView bytes, const std::vector<Field>& fields);

} // namespace glasstls
