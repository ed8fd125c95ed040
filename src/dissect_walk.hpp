// Walk: a Reader that remembers where it is in the whole message, so each
// field read can be recorded with its offset (internal to the dissector).
#pragma once

#include <string>

#include "glasstls/codec.hpp"
#include "glasstls/dissect.hpp"

namespace glasstls::dissect {

struct Walk {
    Reader r;
    std::size_t base;   // the message offset of r's first byte
    ByteView whole;     // the bytes being dissected: the message, or one extension's data
    std::size_t whole_at = 0;   // the message offset of whole's first byte

    std::size_t at() const { return base + r.position(); }
    // A field's value without its length prefix (a name, a DER blob).
    ByteView content(const Field& f) const {
        const std::size_t prefix = !f.children.empty() && f.children.front().length_prefix ? f.children.front().length : 0;
        return whole.subspan(f.offset - whole_at + prefix, f.length - prefix);
    }
};

// Records the field that ends where the walk is now.
inline Field& mark(std::vector<Field>& out, std::string name, std::size_t from, const Walk& w, std::string value = "",
                   std::string_view rfc = {}) {
    Field f;
    f.name = std::move(name);
    f.offset = from;
    f.length = w.at() - from;
    f.value = std::move(value);
    f.rfc = rfc;
    out.push_back(std::move(f));
    return out.back();
}

// A 1- or 2-byte code point (Int: std::uint8_t or std::uint16_t), described by `describe`.
template <typename Int, typename Describe>
Int code_field(Walk& w, std::vector<Field>& out, const char* name, Describe describe, std::string_view rfc = {}) {
    const std::size_t from = w.at();
    Int v;
    if constexpr (sizeof(Int) == 1) v = w.r.u8(name);
    else v = w.r.u16(name);
    mark(out, name, from, w, describe(v), rfc);
    return v;
}
template <typename Describe>
std::uint16_t u16_field(Walk& w, std::vector<Field>& out, const char* name, Describe describe, std::string_view rfc = {}) {
    return code_field<std::uint16_t>(w, out, name, describe, rfc);
}
template <typename Describe>
std::uint8_t u8_field(Walk& w, std::vector<Field>& out, const char* name, Describe describe, std::string_view rfc = {}) {
    return code_field<std::uint8_t>(w, out, name, describe, rfc);
}

// Opaque bytes of a fixed size.
inline Field& opaque(Walk& w, std::vector<Field>& out, const char* name, std::size_t n, std::string_view rfc = {}) {
    const std::size_t from = w.at();
    w.r.bytes(n, name);
    Field& f = mark(out, name, from, w, "", rfc);
    f.bytes = true;
    return f;
}

// A <prefix>-byte length and the vector after it: one field covering
// both, whose first child is the length. Returns a walk over the contents;
// the caller adds their fields to `field.children`.
struct Vector {
    Field* field;
    Walk inner;
};
inline Vector open_vector(Walk& w, std::vector<Field>& out, int prefix, const char* name, std::string_view rfc = {}) {
    const std::size_t from = w.at();
    Reader sub = prefix == 1 ? w.r.sub8(name) : prefix == 2 ? w.r.sub16(name) : w.r.sub24(name);
    Field& f = mark(out, name, from, w, "", rfc);
    Field len;
    len.name = "length";
    len.offset = from;
    len.length = static_cast<std::size_t>(prefix);
    len.value = std::to_string(sub.remaining());
    len.length_prefix = true;
    f.children.push_back(std::move(len));
    return {&f, Walk{sub, from + static_cast<std::size_t>(prefix), w.whole, w.whole_at}};
}

// An opaque vector (a session_id, a public value, a signature).
inline Field& opaque_vector(Walk& w, std::vector<Field>& out, int prefix, const char* name, std::string_view rfc = {}) {
    Vector v = open_vector(w, out, prefix, name, rfc);
    v.inner.r.rest();
    v.field->bytes = true;
    return *v.field;
}

std::string group_label(std::uint16_t group);
std::string suite_label(std::uint16_t suite);

} // namespace glasstls::dissect
