// ObserverList, and what the events say of themselves (glasstls/events.hpp).
#include "glasstls/events.hpp"

namespace glasstls {

// ---- ObserverList --------------------------------------------------------------

void ObserverList::on_record(const RecordEvent& e) {
    for (Observer* o : observers_) {
        if (e.crypto == nullptr || o->wants_secrets()) {
            o->on_record(e);
        } else {   // the record without its protection's working (it holds keys' work)
            RecordEvent plain = e;
            plain.crypto = nullptr;
            o->on_record(plain);
        }
    }
}
void ObserverList::on_message(const MessageEvent& e) {
    for (Observer* o : observers_) o->on_message(e);
}
void ObserverList::on_state_change(std::string_view from, std::string_view to) {
    for (Observer* o : observers_) o->on_state_change(from, to);
}
void ObserverList::on_secret(const SecretEvent& e) {
    for (Observer* o : observers_) if (o->wants_secrets()) o->on_secret(e);
}
void ObserverList::on_master_secret(ByteView client_random, ByteView master_secret) {
    for (Observer* o : observers_) if (o->wants_secrets()) o->on_master_secret(client_random, master_secret);
}
void ObserverList::on_alert(Direction d, AlertLevel l, AlertDescription a) {
    for (Observer* o : observers_) o->on_alert(d, l, a);
}
void ObserverList::on_signature(const SignatureEvent& e) {
    for (Observer* o : observers_) o->on_signature(e);
}

void ObserverList::on_key_exchange(const KeyExchangeEvent& e) {
    for (Observer* o : observers_) if (o->wants_secrets()) o->on_key_exchange(e);
}

void ObserverList::on_certificate_check(const verify::Check& c) {
    for (Observer* o : observers_) o->on_certificate_check(c);
}

bool ObserverList::wants_secrets() const {
    for (const Observer* o : observers_) {
        if (o->wants_secrets()) return true;
    }
    return false;
}

void ObserverList::on_note(std::string_view text) {
    for (Observer* o : observers_) o->on_note(text);
}

// ---- KeyExchangeEvent -------------------------------------------------------------

std::string key_exchange_formula(const KeyExchangeEvent& e) {
    switch (e.kind) {
    case KeyExchange::ecdhe:
        return e.group == crypto::NamedGroup::x25519
                   ? "X25519(our private key, the peer's public value), a u-coordinate (RFC 7748 §6.1, RFC 8422 §5.10)"
                   : "the x-coordinate of our private key times the peer's point (RFC 8422 §5.10)";
    case KeyExchange::dhe:
        return "the peer's value ^ our private exponent mod p, leading zero bytes stripped (RFC 5246 §8.1.2)";
    case KeyExchange::rsa:
        return e.client ? "client_version + 46 random bytes we chose, RSA-encrypted (PKCS #1 v1.5) to the server's key (RFC 5246 §7.4.7.1)"
                        : "RSA-decrypted with our private key — or 48 random bytes if that fails, told apart from nothing "
                          "(RFC 5246 §7.4.7.1)";
    }
    return "";
}

} // namespace glasstls
