// Branch-free helpers for code that handles secrets (CBC padding and MAC
// checks, RSA pre-master selection). Each returns an all-ones mask for true
// and zero for false, computed without a data-dependent branch. Private to
// src/.
#pragma once

#include <cstddef>
#include <cstdint>

namespace glasstls::ct {

using Mask = std::size_t;

inline Mask msb_to_mask(std::size_t x) { return static_cast<Mask>(0) - (x >> (sizeof(std::size_t) * 8 - 1)); }
// a < b, for any a and b (BoringSSL's constant_time_lt_w formula).
inline Mask lt(std::size_t a, std::size_t b) { return msb_to_mask(a ^ ((a ^ b) | ((a - b) ^ b))); }
inline Mask ge(std::size_t a, std::size_t b) { return ~lt(a, b); }
inline Mask is_zero(std::size_t a) { return msb_to_mask(~a & (a - 1)); }
inline Mask eq(std::size_t a, std::size_t b) { return is_zero(a ^ b); }
inline std::size_t select(Mask m, std::size_t a, std::size_t b) { return (m & a) | (~m & b); }

} // namespace glasstls::ct
