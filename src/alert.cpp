#include "glasstls/alert.hpp"

#include "glasstls/codec.hpp"

namespace glasstls {

std::string alert_name(AlertDescription alert) {
    switch (alert) {
    case AlertDescription::close_notify: return "close_notify";
    case AlertDescription::unexpected_message: return "unexpected_message";
    case AlertDescription::bad_record_mac: return "bad_record_mac";
    case AlertDescription::decryption_failed_RESERVED: return "decryption_failed";
    case AlertDescription::record_overflow: return "record_overflow";
    case AlertDescription::decompression_failure: return "decompression_failure";
    case AlertDescription::handshake_failure: return "handshake_failure";
    case AlertDescription::no_certificate_RESERVED: return "no_certificate";
    case AlertDescription::bad_certificate: return "bad_certificate";
    case AlertDescription::unsupported_certificate: return "unsupported_certificate";
    case AlertDescription::certificate_revoked: return "certificate_revoked";
    case AlertDescription::certificate_expired: return "certificate_expired";
    case AlertDescription::certificate_unknown: return "certificate_unknown";
    case AlertDescription::illegal_parameter: return "illegal_parameter";
    case AlertDescription::unknown_ca: return "unknown_ca";
    case AlertDescription::access_denied: return "access_denied";
    case AlertDescription::decode_error: return "decode_error";
    case AlertDescription::decrypt_error: return "decrypt_error";
    case AlertDescription::export_restriction_RESERVED: return "export_restriction";
    case AlertDescription::protocol_version: return "protocol_version";
    case AlertDescription::insufficient_security: return "insufficient_security";
    case AlertDescription::internal_error: return "internal_error";
    case AlertDescription::inappropriate_fallback: return "inappropriate_fallback";
    case AlertDescription::user_canceled: return "user_canceled";
    case AlertDescription::no_renegotiation: return "no_renegotiation";
    case AlertDescription::unsupported_extension: return "unsupported_extension";
    case AlertDescription::unrecognized_name: return "unrecognized_name";
    case AlertDescription::no_application_protocol: return "no_application_protocol";
    }
    return unknown_code_point(static_cast<unsigned>(alert), 1);
}

std::string TlsError::describe() const {
    return alert_name(alert_) + ": " + what();
}

} // namespace glasstls
