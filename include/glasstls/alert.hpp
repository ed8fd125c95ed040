// Alert protocol: the alert codes of RFC 5246 §7.2 and the one error type
// every glasstls failure travels in.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace glasstls {

// RFC 5246 §7.2
enum class AlertLevel : std::uint8_t { warning = 1, fatal = 2 };
// "warning" or "fatal", as §7.2 names them.
inline const char* alert_level_name(AlertLevel l) { return l == AlertLevel::fatal ? "fatal" : "warning"; }

// RFC 5246 §7.2, plus RFC 5746 / RFC 7301 / RFC 6066 additions.
enum class AlertDescription : std::uint8_t {
    close_notify = 0,
    unexpected_message = 10,
    bad_record_mac = 20,
    decryption_failed_RESERVED = 21,
    record_overflow = 22,
    decompression_failure = 30,
    handshake_failure = 40,
    no_certificate_RESERVED = 41,
    bad_certificate = 42,
    unsupported_certificate = 43,
    certificate_revoked = 44,
    certificate_expired = 45,
    certificate_unknown = 46,
    illegal_parameter = 47,
    unknown_ca = 48,
    access_denied = 49,
    decode_error = 50,
    decrypt_error = 51,
    export_restriction_RESERVED = 60,
    protocol_version = 70,
    insufficient_security = 71,
    internal_error = 80,
    inappropriate_fallback = 86,   // RFC 7507
    user_canceled = 90,
    no_renegotiation = 100,
    unsupported_extension = 110,
    unrecognized_name = 112,       // RFC 6066
    no_application_protocol = 120, // RFC 7301
};

// The RFC's name for an alert ("bad_record_mac"); "alert(N)" when unknown.
std::string alert_name(AlertDescription alert);

// The one error type of glasstls (house rule: no bare false/-1 for protocol
// failures). It carries the alert to send to the peer and one sentence for
// the user, e.g. {bad_record_mac, "record 3: MAC check failed"}.
class TlsError : public std::runtime_error {
public:
    TlsError(AlertDescription alert, const std::string& sentence)
        : std::runtime_error(sentence), alert_(alert) {}

    AlertDescription alert() const noexcept { return alert_; }

    // "bad_record_mac: record 3: MAC check failed" — what a CLI prints.
    std::string describe() const;

private:
    AlertDescription alert_;
};

} // namespace glasstls
