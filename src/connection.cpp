#include "glasstls/connection.hpp"

#include "glasstls/dissect.hpp"
#include "glasstls/key_schedule.hpp"

#include <new>

namespace glasstls {

// ---- Steps (for --step) ------------------------------------------------------------------

Step make_step(const StepInfo* row, bool client, Direction d, int type) {
    const bool is_ccs = type == step_change_cipher_spec;
    Step s{d, is_ccs ? "ChangeCipherSpec" : std::string(handshake_type_name(static_cast<HandshakeType>(type))), "", "RFC 5246 §7.4"};
    if (row != nullptr) {
        s.function = std::string("glasstls::") + row->function;
        s.rfc = row->rfc;
    } else {
        s.function = std::string("glasstls::") + (client ? "ClientHandshake" : "ServerHandshake") + "::on_handshake_message";
    }
    return s;
}

void Connection::step(Direction d, int type) {
    if (step_hook_ && engine_) step_hook_(engine_->describe_step(d, type));
}

// ---- Connection -------------------------------------------------------------------------

Connection::Connection(crypto::RandomSource& rng, Observer* observer) : rng_(rng), observer_(observer), record_(observer) {}
Connection::~Connection() = default;

void Connection::set_engine(std::unique_ptr<HandshakeEngine> engine) { engine_ = std::move(engine); }

void Connection::start() {
    try {
        engine_->start();
    } catch (const TlsError& e) {
        failed_ = true;
        throw;
    } catch (const std::exception& e) {
        failed_ = true;
        throw as_internal_error(e);
    }
}

// The library's one exception boundary: anything that is not a TlsError (a
// crypto-library failure, a bug, memory exhausted) leaves as one, with
// internal_error for the peer, so no caller ever sees another type.
TlsError Connection::as_internal_error(const std::exception& e) {
    if (dynamic_cast<const std::bad_alloc*>(&e) != nullptr) {
        return TlsError(AlertDescription::internal_error, "out of memory while processing the peer's data");
    }
    return TlsError(AlertDescription::internal_error, std::string("internal error: ") + e.what());
}

void Connection::fail(const TlsError& e) {
    if (failed_) return;
    failed_ = true;
    // Tell the peer why (RFC 5246 §7.2.2) — unless it told us.
    if (!alert_from_peer_) send_alert(AlertLevel::fatal, e.alert());
}

bool Connection::handshake_done() const { return engine_ && engine_->done(); }
std::string Connection::state_name() const { return engine_ ? engine_->state_name() : "none"; }

Bytes Connection::take_output() {
    Bytes out;
    out.swap(out_);
    return out;
}

void Connection::receive(ByteView bytes) {
    take_in([&] { record_.feed(bytes); });
}

void Connection::receive_committed(std::size_t n) {
    take_in([&] { record_.commit_received(n); });
}

void Connection::take_in(const std::function<void()>& add_bytes) {
    if (failed_) return;
    try {
        add_bytes();
        while (!failed_ && !peer_closed_) {
            std::optional<Record> rec = record_.read();
            if (!rec) break;
            process_record(*rec);
        }
    } catch (const TlsError& e) {
        fail(e);
        throw;
    } catch (const std::exception& e) {
        TlsError error = as_internal_error(e);
        fail(error);
        throw error;
    }
}

void Connection::count_repeats(const Record& rec) {
    // A peer may send many small things that each cost us work and answer
    // nothing: a limit on each kind of repeat (RFC 5246 is silent; these are
    // OpenSSL's numbers). Warning alerts in a row: the CVE-2016-8610 "SSL
    // death alert" flood; empty records: a CPU burn with no data.
    if (rec.type == ContentType::alert) {
        if (++warning_alerts_in_a_row_ > max_warning_alerts_in_a_row) {
            throw TlsError(AlertDescription::unexpected_message,
                           "the peer sent more than " + std::to_string(max_warning_alerts_in_a_row) + " alerts in a row");
        }
    } else {
        warning_alerts_in_a_row_ = 0;
    }
    if (rec.fragment.empty()) {
        if (++empty_records_in_a_row_ > max_empty_records_in_a_row) {
            throw TlsError(AlertDescription::unexpected_message,
                           "the peer sent more than " + std::to_string(max_empty_records_in_a_row) + " empty records in a row");
        }
    } else {
        empty_records_in_a_row_ = 0;
    }
}

void Connection::process_record(const Record& rec) {
    count_repeats(rec);
    switch (rec.type) {
    case ContentType::handshake:
        handshake_in_.add(rec.fragment);
        while (std::optional<HandshakeMessage> m = handshake_in_.next()) {
            // After the handshake only a renegotiation request can come
            // (ClientHello or HelloRequest); each is declined with a warning,
            // and a peer that keeps asking is cut off.
            const bool renegotiation_request = engine_->done() || m->type == HandshakeType::hello_request;
            if (renegotiation_request && ++post_handshake_messages_ > max_post_handshake_messages) {
                throw TlsError(AlertDescription::unexpected_message,
                               "the peer sent " + std::to_string(post_handshake_messages_) +
                                   " handshake messages after the handshake, though renegotiation was declined");
            }
            if (observer_ != nullptr && observer_->listening()) report_message(Direction::incoming, m->encoded);
            step(Direction::incoming, static_cast<int>(m->type));
            const std::string before = engine_->state_name();
            engine_->on_handshake_message(*m);
            if (engine_->state_name() != before) state_change(before, engine_->state_name());
        }
        break;
    case ContentType::change_cipher_spec: {
        // §7.1: exactly one byte of value 1, and never in the middle of a
        // handshake message. A longer record holds a second ChangeCipherSpec
        // message (records may carry several messages of their type,
        // §6.2.1), and a second one is unexpected — as OpenSSL says too.
        if (rec.fragment.size() > 1) {
            throw TlsError(AlertDescription::unexpected_message, "ChangeCipherSpec record holds more than one message");
        }
        if (rec.fragment[0] != 1) throw TlsError(AlertDescription::decode_error, "ChangeCipherSpec must be the single byte 1");
        if (!handshake_in_.empty()) {
            throw TlsError(AlertDescription::unexpected_message, "ChangeCipherSpec arrived inside a handshake message");
        }
        step(Direction::incoming, step_change_cipher_spec);
        const std::string before = engine_->state_name();
        engine_->on_change_cipher_spec();
        state_change(before, engine_->state_name());
        break;
    }
    case ContentType::alert:
        process_alert(rec.fragment);
        break;
    case ContentType::heartbeat:
        // RFC 6520 §3: only when both sides agreed, and (as we use it) after the handshake.
        if (!info_.heartbeat || !engine_->done()) {
            throw TlsError(AlertDescription::unexpected_message, "a heartbeat record, though heartbeats were not agreed");
        }
        process_heartbeat(rec.fragment);
        break;
    case ContentType::application_data:
        if (!engine_->done()) {
            throw TlsError(AlertDescription::unexpected_message, "application data arrived before the handshake finished");
        }
        app_in_.push(rec.fragment);
        break;
    }
}

// RFC 6520 §4: HeartbeatMessage = type(1) payload_length(2) payload padding(>= 16).
void Connection::process_heartbeat(ByteView fragment) {
    std::string said;
    const std::optional<Bytes> response = heartbeats_.receive(fragment, rng_, said);
    if (!said.empty()) note(said);
    if (response) record_.write(ContentType::heartbeat, *response, out_);
}

void Connection::send_heartbeat(ByteView payload, std::optional<std::uint16_t> claimed_length) {
    if (!handshake_done() || !info_.heartbeat) throw TlsError(AlertDescription::internal_error, "heartbeats were not agreed");
    record_.write(ContentType::heartbeat, heartbeats_.request(payload, claimed_length, rng_), out_);
}

std::vector<Bytes> Connection::take_heartbeat_responses() { return heartbeats_.take_responses(); }

void Connection::process_alert(ByteView fragment) {
    if (fragment.size() != 2) throw TlsError(AlertDescription::decode_error, "an alert record must be 2 bytes");
    const auto level = static_cast<AlertLevel>(fragment[0]);
    const auto alert = static_cast<AlertDescription>(fragment[1]);
    if (observer_ != nullptr) observer_->on_alert(Direction::incoming, level, alert);
    if (alert == AlertDescription::close_notify) {
        peer_closed_ = true;   // §7.2.1: no more data from the peer
        if (!engine_->done()) {
            alert_from_peer_ = true;
            throw TlsError(AlertDescription::close_notify, "the peer closed the connection during the handshake");
        }
        return;
    }
    if (level == AlertLevel::fatal) {
        alert_from_peer_ = true;
        const std::string why = engine_ && !engine_->done() ? engine_->explain_peer_alert(alert) : "";
        throw TlsError(alert, "the peer sent a fatal " + alert_name(alert) + " alert" + (why.empty() ? "" : ": " + why));
    }
    note("the peer sent a warning alert: " + alert_name(alert));
}

void Connection::write(ByteView data) {
    if (!handshake_done()) throw TlsError(AlertDescription::internal_error, "write() before the handshake finished");
    if (failed_ || close_sent_) throw TlsError(AlertDescription::internal_error, "write() on a closed connection");
    record_.write(ContentType::application_data, data, out_);
}

void Connection::close() {
    if (close_sent_ || failed_) return;
    send_alert(AlertLevel::warning, AlertDescription::close_notify);
    close_sent_ = true;
}

void Connection::send_alert(AlertLevel level, AlertDescription alert) {
    const std::uint8_t body[2] = {static_cast<std::uint8_t>(level), static_cast<std::uint8_t>(alert)};
    record_.write(ContentType::alert, body, out_);
    // Reported after its record, as an incoming alert is (and as messages are).
    if (observer_ != nullptr) observer_->on_alert(Direction::outgoing, level, alert);
}

void Connection::send_handshake(HandshakeType type, const Bytes& body, Transcript& transcript) {
    step(Direction::outgoing, static_cast<int>(type));
    HandshakeMessage m{type, body, frame_handshake(type, body)};
    if (type != HandshakeType::hello_request) transcript.add(m);   // §7.4.1.1: HelloRequest is not hashed
    record_.write(ContentType::handshake, m.encoded, out_);
    // Reported after its record(s), as incoming messages are (and as
    // `openssl -msg` prints them): header first, then what it carried.
    if (observer_ != nullptr && observer_->listening()) report_message(Direction::outgoing, m.encoded);
}

void Connection::report_message(Direction d, ByteView encoded) {
    // Dissected once, for every observer; the suite (once chosen) tells how
    // the key-exchange messages are laid out.
    const CipherSuite* suite = engine_ ? engine_->negotiated_suite() : nullptr;
    const DecodedMessage decoded = decode_message(encoded, suite != nullptr ? std::optional<KeyExchange>(suite->kx) : std::nullopt);
    observer_->on_message(MessageEvent{d, decoded});
}

void Connection::send_change_cipher_spec(std::unique_ptr<RecordProtection> new_write) {
    step(Direction::outgoing, step_change_cipher_spec);
    const std::uint8_t ccs[1] = {1};
    record_.write(ContentType::change_cipher_spec, ccs, out_);
    record_.change_write_protection(std::move(new_write));
    note("  (our records are protected from here on: " + std::string("ChangeCipherSpec sent, RFC 5246 §7.1)"));
}

void Connection::install_read_protection(std::unique_ptr<RecordProtection> new_read) {
    record_.change_read_protection(std::move(new_read));
}

void Connection::set_version(std::uint16_t version) {
    info_.version = version;
    record_.set_write_version(version);
    record_.expect_version(version);
}

} // namespace glasstls
