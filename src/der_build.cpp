// der::Builder: DER written by hand, the inverse of der::Reader (X.690 §10).
#include <stdexcept>

#include "glasstls/der.hpp"

namespace glasstls::der {

namespace {
// X.690 §8.1.3: short form under 128, else the fewest length bytes.
void put_length(Bytes& out, std::size_t n) {
    if (n < 0x80) {
        out.push_back(static_cast<std::uint8_t>(n));
        return;
    }
    Bytes digits;
    for (std::size_t v = n; v != 0; v >>= 8) digits.insert(digits.begin(), static_cast<std::uint8_t>(v));
    out.push_back(static_cast<std::uint8_t>(0x80 | digits.size()));
    append(out, digits);
}
} // namespace

Builder& Builder::element(std::uint8_t tag, ByteView content) {
    out_.push_back(tag);
    put_length(out_, content.size());
    append(out_, content);
    return *this;
}

Builder& Builder::raw(ByteView encoded) {
    append(out_, encoded);
    return *this;
}

Builder& Builder::integer(ByteView magnitude) {
    std::size_t skip = 0;
    while (skip + 1 < magnitude.size() && magnitude[skip] == 0) ++skip;   // X.690 §8.3.2: minimal
    Bytes content;
    if (magnitude.size() == skip || (magnitude[skip] & 0x80) != 0) content.push_back(0);   // stays positive
    content.insert(content.end(), magnitude.begin() + static_cast<std::ptrdiff_t>(skip), magnitude.end());
    if (content.size() > 1 && content[0] == 0 && (content[1] & 0x80) == 0) content.erase(content.begin());
    return element(INTEGER, content);
}

Builder& Builder::small_integer(std::uint64_t value) {
    Bytes be;
    for (int i = 7; i >= 0; --i) be.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
    return integer(be);
}

Builder& Builder::boolean(bool value) {
    const std::uint8_t b = value ? 0xff : 0x00;   // X.690 §11.1: TRUE is all ones
    return element(BOOLEAN, ByteView(&b, 1));
}

Builder& Builder::null() { return element(NULL_TAG, {}); }

Builder& Builder::oid(std::string_view dotted) {
    std::vector<std::uint64_t> arcs;
    std::size_t at = 0;
    while (at <= dotted.size()) {
        const std::size_t dot = std::min(dotted.find('.', at), dotted.size());
        arcs.push_back(std::stoull(std::string(dotted.substr(at, dot - at))));
        at = dot + 1;
    }
    if (arcs.size() < 2 || arcs[0] > 2) throw std::invalid_argument("not an OBJECT IDENTIFIER: " + std::string(dotted));
    Bytes content;
    auto base128 = [&](std::uint64_t v) {   // X.690 §8.19.2: 7 bits a byte, high bit = more follow
        Bytes b{static_cast<std::uint8_t>(v & 0x7f)};
        for (v >>= 7; v != 0; v >>= 7) b.insert(b.begin(), static_cast<std::uint8_t>(0x80 | (v & 0x7f)));
        append(content, b);
    };
    base128(arcs[0] * 40 + arcs[1]);   // §8.19.4: the first two arcs share a number
    for (std::size_t i = 2; i < arcs.size(); ++i) base128(arcs[i]);
    return element(OID, content);
}

Builder& Builder::bit_string(ByteView bytes) {
    Bytes content{0};   // no unused bits
    append(content, bytes);
    return element(BIT_STRING, content);
}

Builder& Builder::named_bits(std::uint32_t bits) {
    int highest = -1;
    for (int i = 0; i < 32; ++i) {
        if ((bits >> i) & 1u) highest = i;
    }
    const std::size_t bytes = highest < 0 ? 0 : static_cast<std::size_t>(highest / 8 + 1);
    Bytes content{static_cast<std::uint8_t>(highest < 0 ? 0 : 7 - highest % 8)};   // unused bits in the last byte
    for (std::size_t b = 0; b < bytes; ++b) {
        std::uint8_t v = 0;
        for (int i = 0; i < 8; ++i) {
            if ((bits >> (b * 8 + static_cast<std::size_t>(i))) & 1u) v |= static_cast<std::uint8_t>(0x80 >> i);
        }
        content.push_back(v);
    }
    return element(BIT_STRING, content);
}

Builder& Builder::octet_string(ByteView bytes) { return element(OCTET_STRING, bytes); }

Builder& Builder::string(std::uint8_t tag, std::string_view text) { return element(tag, as_bytes(text)); }

Builder& Builder::time(std::int64_t t) {
    // "YYMMDDHHMMSSZ" or "YYYYMMDDHHMMSSZ"; format_time gives "YYYY-MM-DDTHH:MM:SSZ".
    const std::string iso = format_time(t);
    std::string digits;
    for (char c : iso) {
        if (c >= '0' && c <= '9') digits += c;
    }
    const int year = std::stoi(iso.substr(0, 4));
    if (year >= 1950 && year < 2050) return string(UTC_TIME, digits.substr(2) + "Z");
    return string(GENERALIZED_TIME, digits + "Z");
}

Builder& Builder::constructed(std::uint8_t tag, const std::function<void(Builder&)>& body) {
    Builder inner;
    body(inner);
    return element(tag, inner.out_);
}

} // namespace glasstls::der
