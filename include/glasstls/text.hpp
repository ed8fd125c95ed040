// Peer strings made safe to show: UTF-8 validation (RFC 3629) and the one
// escaper every human-readable output (terminal, narration, error sentences)
// applies to text a peer chose — a certificate's names, SNI, ALPN, request
// lines. A peer must never be able to move the cursor, ring the bell, clear
// the screen or forge a line of glass's output (docs/trace-json.md, "Text a
// peer chose").
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace glasstls::text {

// The length of the well-formed UTF-8 sequence at the start of `s` (1 to 4),
// or 0 when it is not one: a truncated sequence, a stray continuation byte,
// an overlong form, a surrogate (U+D800–U+DFFF) or a code point above
// U+10FFFF (RFC 3629 §3 and §4, the table of well-formed byte sequences).
std::size_t utf8_sequence_length(std::string_view s);

// True when every byte of `s` belongs to a well-formed UTF-8 sequence.
bool valid_utf8(std::string_view s);

// The code point of the well-formed sequence of length `n` at the start of `s`.
char32_t utf8_decode(std::string_view s, std::size_t n);

// True for the code points that a terminal obeys or that rearrange what is
// shown: C0 controls (U+0000–U+001F), DEL, C1 controls (U+0080–U+009F, which
// include CSI U+009B), the line and paragraph separators, and the bidi
// embedding, override and isolate controls (Unicode UAX #9; "Trojan Source").
bool is_control(char32_t c);

// `s` as visible text: well-formed UTF-8 that is not a control passes
// unchanged; a control byte becomes "\xHH" (ESC → \x1b), a control code
// point above 0x7f becomes "\uHHHH" (CSI → \u009b), and each byte of an
// ill-formed sequence becomes "\xHH". The result is valid UTF-8 without any
// control. A backslash is kept as it is, so visible(visible(s)) == visible(s)
// and a string shown twice on its way to the screen is not escaped twice.
std::string visible(std::string_view s);

// The longest prefix of `s` of at most `max_bytes` bytes that does not end
// inside a UTF-8 sequence (an ill-formed byte counts as a character of its own).
std::string_view utf8_prefix(std::string_view s, std::size_t max_bytes);

} // namespace glasstls::text
