#include "glasstls/der.hpp"

#include <cstdio>

namespace glasstls::der {

void Reader::fail(const std::string& field, const std::string& what) const {
    throw TlsError(alert_, context_ + ": " + field + ": " + what);
}

std::optional<std::uint8_t> Reader::peek_tag() const {
    if (empty()) return std::nullopt;
    return data_[pos_];
}

std::optional<std::uint8_t> Reader::peek_content_byte(std::uint8_t tag) const {
    if (data_.size() - pos_ < 3 || data_[pos_] != tag || data_[pos_ + 1] == 0 || data_[pos_ + 1] >= 0x80) return std::nullopt;
    return data_[pos_ + 2];
}

Element Reader::read(const char* field) {
    const std::size_t start = pos_;
    if (empty()) fail(field, "missing (the structure ends here)");
    const std::uint8_t tag = data_[pos_++];
    if ((tag & 0x1f) == 0x1f) fail(field, "high-tag-number form is not used in X.509");
    if (pos_ >= data_.size()) fail(field, "truncated before its length");
    std::size_t len = data_[pos_++];
    if (len == 0x80) fail(field, "indefinite length is not DER");
    if (len > 0x80) {
        const std::size_t n = len & 0x7f;
        if (n > 4) fail(field, "length of " + std::to_string(n) + " bytes is too large");
        if (data_.size() - pos_ < n) fail(field, "truncated inside its length");
        if (data_[pos_] == 0) fail(field, "non-minimal length (leading zero byte)");
        len = 0;
        for (std::size_t i = 0; i < n; ++i) len = (len << 8) | data_[pos_++];
        if (len < 0x80) fail(field, "non-minimal length (long form for a length under 128)");
    }
    if (len > data_.size() - pos_) {
        fail(field, "length " + std::to_string(len) + " exceeds the " + std::to_string(data_.size() - pos_) +
                        " bytes left");
    }
    Element e{tag, data_.subspan(pos_, len), data_.subspan(start, pos_ + len - start)};
    pos_ += len;
    return e;
}

Element Reader::expect(std::uint8_t tag, const char* field) {
    if (empty()) fail(field, "missing (the structure ends here)");
    if (data_[pos_] != tag) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "expected tag 0x%02x, found 0x%02x", tag, data_[pos_]);
        fail(field, buf);
    }
    return read(field);
}

std::optional<Element> Reader::optional(std::uint8_t tag, const char* field) {
    if (peek_tag() != tag) return std::nullopt;
    return read(field);
}

Reader Reader::enter(const Element& e, const char* field) const {
    return Reader(e.content, context_ + ": " + field, alert_);
}

Reader Reader::sequence(const char* field) { return enter(expect(SEQUENCE, field), field); }
Reader Reader::set(const char* field) { return enter(expect(SET, field), field); }

Bytes Reader::integer(const char* field, bool allow_negative) {
    Element e = expect(INTEGER, field);
    ByteView v = e.content;
    if (v.empty()) fail(field, "empty INTEGER");
    if (v.size() > 1 && ((v[0] == 0x00 && !(v[1] & 0x80)) || (v[0] == 0xff && (v[1] & 0x80)))) {
        fail(field, "INTEGER is not minimally encoded");
    }
    if (v[0] & 0x80) {
        if (!allow_negative) fail(field, "negative INTEGER");
        return Bytes(v.begin(), v.end());
    }
    if (v[0] == 0x00 && v.size() > 1) v = v.subspan(1);
    return Bytes(v.begin(), v.end());
}

std::int64_t Reader::small_integer(const char* field) {
    Bytes v = integer(field);
    if (v.size() > 4) fail(field, "INTEGER too large");
    std::int64_t x = 0;
    for (std::uint8_t b : v) x = (x << 8) | b;
    return x;
}

bool Reader::boolean(const char* field) {
    Element e = expect(BOOLEAN, field);
    if (e.content.size() != 1) fail(field, "BOOLEAN must be one byte");
    if (e.content[0] != 0x00 && e.content[0] != 0xff) fail(field, "BOOLEAN must be 0x00 or 0xff in DER");
    return e.content[0] == 0xff;
}

std::string oid_to_string(ByteView c) {
    if (c.empty()) throw TlsError(AlertDescription::decode_error, "empty OBJECT IDENTIFIER");
    std::string out;
    std::uint64_t value = 0;
    bool first = true;
    for (std::size_t i = 0; i < c.size(); ++i) {
        if (value == 0 && c[i] == 0x80) throw TlsError(AlertDescription::decode_error, "non-minimal OBJECT IDENTIFIER arc");
        if (value > (UINT64_MAX >> 7)) throw TlsError(AlertDescription::decode_error, "OBJECT IDENTIFIER arc too large");
        value = (value << 7) | (c[i] & 0x7f);
        if (c[i] & 0x80) {
            if (i + 1 == c.size()) throw TlsError(AlertDescription::decode_error, "truncated OBJECT IDENTIFIER");
            continue;
        }
        if (first) {
            // The first byte packs two arcs: 40 * X + Y (X.690 §8.19.4).
            const std::uint64_t x = value < 40 ? 0 : value < 80 ? 1 : 2;
            out = std::to_string(x) + "." + std::to_string(value - 40 * x);
            first = false;
        } else {
            out += "." + std::to_string(value);
        }
        value = 0;
    }
    return out;
}

std::string Reader::oid(const char* field) { return oid_content(expect(OID, field), field); }

std::string Reader::oid_content(const Element& e, const char* field) const {
    // The helper's sentence again, under this reader's context and alert (a
    // certificate's reader says bad_certificate, not the helper's decode_error).
    try {
        return oid_to_string(e.content);
    } catch (const TlsError& err) {
        fail(field, err.what());
    }
}

ByteView Reader::bit_string(const char* field) {
    Element e = expect(BIT_STRING, field);
    if (e.content.empty()) fail(field, "empty BIT STRING");
    if (e.content[0] != 0) fail(field, "BIT STRING with unused bits where whole bytes are required");
    return e.content.subspan(1);
}

ByteView Reader::named_bits(const char* field) {
    Element e = expect(BIT_STRING, field);
    if (e.content.empty() || e.content[0] > 7) fail(field, "malformed BIT STRING");
    const unsigned unused = e.content[0];
    if (e.content.size() == 1 && unused != 0) fail(field, "empty BIT STRING claims unused bits");
    if (e.content.size() > 1 && (e.content.back() & ((1u << unused) - 1)) != 0) {
        fail(field, "BIT STRING has non-zero unused bits");
    }
    return e.content.subspan(1);
}

ByteView Reader::octet_string(const char* field) { return expect(OCTET_STRING, field).content; }

void Reader::null(const char* field) {
    if (!expect(NULL_TAG, field).content.empty()) fail(field, "NULL must be empty");
}

std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

namespace {
// Gregorian month lengths: "20230230" names no day, and days_from_civil
// would quietly read it as March 2nd.
int days_in_month(int year, int month) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}
} // namespace

std::int64_t parse_time(std::uint8_t tag, ByteView c) {
    // RFC 5280 §4.1.2.5: UTCTime YYMMDDHHMMSSZ, GeneralizedTime
    // YYYYMMDDHHMMSSZ; always Zulu, always with seconds, no fractions.
    const std::size_t year_digits = tag == UTC_TIME ? 2 : 4;
    if (c.size() != year_digits + 11 || c.back() != 'Z') {
        throw TlsError(AlertDescription::decode_error, "time must be " + std::string(tag == UTC_TIME ? "YYMMDDHHMMSSZ" : "YYYYMMDDHHMMSSZ"));
    }
    auto num = [&](std::size_t at, std::size_t n) {
        int v = 0;
        for (std::size_t i = at; i < at + n; ++i) {
            if (c[i] < '0' || c[i] > '9') throw TlsError(AlertDescription::decode_error, "time has a non-digit");
            v = v * 10 + (c[i] - '0');
        }
        return v;
    };
    int year = num(0, year_digits);
    if (tag == UTC_TIME) year += year < 50 ? 2000 : 1900;   // RFC 5280 §4.1.2.5.1
    const std::size_t p = year_digits;
    const int mon = num(p, 2), day = num(p + 2, 2), hour = num(p + 4, 2), min = num(p + 6, 2), sec = num(p + 8, 2);
    if (mon < 1 || mon > 12 || day < 1 || day > days_in_month(year, mon) || hour > 23 || min > 59 || sec > 59) {
        throw TlsError(AlertDescription::decode_error, "time has a field out of range");
    }
    return days_from_civil(year, static_cast<unsigned>(mon), static_cast<unsigned>(day)) * 86400 + hour * 3600 +
           min * 60 + sec;
}

std::int64_t Reader::time(const char* field) {
    Element e = read(field);
    if (e.tag != UTC_TIME && e.tag != GENERALIZED_TIME) fail(field, "expected UTCTime or GeneralizedTime");
    try {
        return parse_time(e.tag, e.content);
    } catch (const TlsError& err) {   // as in oid_content: this reader's context and alert
        fail(field, err.what());
    }
}

void Reader::expect_end(const char* what) {
    if (!empty()) fail(what, std::to_string(data_.size() - pos_) + " unexpected trailing bytes");
}

std::string format_time(std::int64_t t) {
    std::int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
    std::int64_t secs = t - days * 86400;
    // civil_from_days (H. Hinnant)
    days += 719468;
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(days - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ", static_cast<long long>(y), m, d,
                  static_cast<long long>(secs / 3600), static_cast<long long>(secs / 60 % 60),
                  static_cast<long long>(secs % 60));
    return buf;
}

} // namespace glasstls::der
