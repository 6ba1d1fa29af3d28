// Exact WebAssembly numeric semantics (spec 4.3.2-4.3.3) for the operators
// whose C++ spelling would be undefined behaviour or differ from the spec:
// division and remainder, shifts and rotates, float min/max, nearest,
// copysign/abs/neg (bit operations, so NaN payloads survive), and the float
// to integer truncations (trapping and saturating). Header-only and
// constexpr-friendly so the interpreter inlines them and tests call them.
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

#include "abi/trap_code.h"

namespace ember::interp {

// --- Bits <-> floats ------------------------------------------------------
inline float f32FromBits(uint32_t b) { return std::bit_cast<float>(b); }
inline double f64FromBits(uint64_t b) { return std::bit_cast<double>(b); }
inline uint32_t bitsOf(float f) { return std::bit_cast<uint32_t>(f); }
inline uint64_t bitsOf(double d) { return std::bit_cast<uint64_t>(d); }

// --- Integer operators --------------------------------------------------------
inline uint32_t shl32(uint32_t a, uint32_t b) { return a << (b & 31); }
inline uint32_t shrU32(uint32_t a, uint32_t b) { return a >> (b & 31); }
inline uint32_t shrS32(uint32_t a, uint32_t b) {
  return static_cast<uint32_t>(static_cast<int32_t>(a) >> (b & 31));
}
inline uint64_t shl64(uint64_t a, uint64_t b) { return a << (b & 63); }
inline uint64_t shrU64(uint64_t a, uint64_t b) { return a >> (b & 63); }
inline uint64_t shrS64(uint64_t a, uint64_t b) {
  return static_cast<uint64_t>(static_cast<int64_t>(a) >> (b & 63));
}
inline uint32_t rotl32(uint32_t a, uint32_t b) { return std::rotl(a, static_cast<int>(b & 31)); }
inline uint32_t rotr32(uint32_t a, uint32_t b) { return std::rotr(a, static_cast<int>(b & 31)); }
inline uint64_t rotl64(uint64_t a, uint64_t b) { return std::rotl(a, static_cast<int>(b & 63)); }
inline uint64_t rotr64(uint64_t a, uint64_t b) { return std::rotr(a, static_cast<int>(b & 63)); }

// A 128-bit integer as two halves; multiply128 is the product modulo
// 2^128 (wide_multiply.h), with the compiler's 128-bit type where it has
// one (the 64 x 64 -> 128 multiply of x86-64 and AArch64), else from
// 32-bit halves (multiply128ByHalves, which the tests compare with it).
struct U128 {
  uint64_t lo, hi;
};
inline U128 multiply128ByHalves(U128 a, U128 b) {
  uint64_t aL = a.lo & 0xFFFFFFFF, aH = a.lo >> 32, bL = b.lo & 0xFFFFFFFF, bH = b.lo >> 32;
  uint64_t lowest = aL * bL;
  uint64_t mid = (lowest >> 32) + aH * bL;
  uint64_t cross = (mid & 0xFFFFFFFF) + aL * bH;
  return {(cross << 32) | (lowest & 0xFFFFFFFF),
          aH * bH + (mid >> 32) + (cross >> 32) + a.lo * b.hi + a.hi * b.lo};
}
inline U128 multiply128(U128 a, U128 b) {
#if defined(__SIZEOF_INT128__)
  __extension__ using Wide = unsigned __int128;
  Wide low = static_cast<Wide>(a.lo) * b.lo;
  return {static_cast<uint64_t>(low),
          static_cast<uint64_t>(low >> 64) + a.lo * b.hi + a.hi * b.lo};
#else
  return multiply128ByHalves(a, b);
#endif
}

// An unsigned 32-bit division or remainder by a constant d >= 2 is one
// multiply by m = ceil(2^64 / d) (Lemire, Kaser and Kurz, "Faster
// remainder by direct computation", 2019): the quotient is the high half
// of m * a, the remainder the high half of (m * a mod 2^64) * d. Exact for
// every 32-bit a; d = 1 would need m = 2^64.
inline uint64_t divisionMagic32(uint32_t d) { return ~uint64_t{0} / d + 1; }
inline uint32_t divUByMagic32(uint32_t a, uint64_t m) {
  return static_cast<uint32_t>(multiply128({m, 0}, {a, 0}).hi);
}
inline uint32_t remUByMagic32(uint32_t a, uint64_t m, uint32_t d) {
  return static_cast<uint32_t>(multiply128({m * a, 0}, {d, 0}).hi);
}

template <typename U>
using SignedOf = std::make_signed_t<U>;

// Signed division traps on x/0 and on INT_MIN/-1 (the quotient overflows);
// the remainder of INT_MIN/-1 is 0 (spec 4.3.2 irem_s), which C++ leaves
// undefined, so it is special-cased.
template <typename U>
inline bool divS(U a, U b, U& out, TrapCode& trap) {
  using S = SignedOf<U>;
  if (b == 0) return trap = TrapCode::IntegerDivideByZero, false;
  if (static_cast<S>(a) == std::numeric_limits<S>::min() && static_cast<S>(b) == -1)
    return trap = TrapCode::IntegerOverflow, false;
  out = static_cast<U>(static_cast<S>(a) / static_cast<S>(b));
  return true;
}
template <typename U>
inline bool divU(U a, U b, U& out, TrapCode& trap) {
  if (b == 0) return trap = TrapCode::IntegerDivideByZero, false;
  out = a / b;
  return true;
}
template <typename U>
inline bool remS(U a, U b, U& out, TrapCode& trap) {
  using S = SignedOf<U>;
  if (b == 0) return trap = TrapCode::IntegerDivideByZero, false;
  if (static_cast<S>(b) == -1) return out = 0, true;
  out = static_cast<U>(static_cast<S>(a) % static_cast<S>(b));
  return true;
}
template <typename U>
inline bool remU(U a, U b, U& out, TrapCode& trap) {
  if (b == 0) return trap = TrapCode::IntegerDivideByZero, false;
  out = a % b;
  return true;
}

// --- Float operators ------------------------------------------------------------
// abs, neg and copysign act on the sign bit only (spec 4.3.3 fabs/fneg/
// fcopysign), never quieting a NaN.
inline float fabs32(float a) { return f32FromBits(bitsOf(a) & 0x7FFFFFFFu); }
inline float fneg32(float a) { return f32FromBits(bitsOf(a) ^ 0x80000000u); }
inline float fcopysign32(float a, float b) {
  return f32FromBits((bitsOf(a) & 0x7FFFFFFFu) | (bitsOf(b) & 0x80000000u));
}
inline double fabs64(double a) { return f64FromBits(bitsOf(a) & 0x7FFFFFFFFFFFFFFFull); }
inline double fneg64(double a) { return f64FromBits(bitsOf(a) ^ 0x8000000000000000ull); }
inline double fcopysign64(double a, double b) {
  return f64FromBits((bitsOf(a) & 0x7FFFFFFFFFFFFFFFull) | (bitsOf(b) & 0x8000000000000000ull));
}

// min/max: a NaN operand gives that NaN, quieted (x + x does it); with two
// quiet NaNs the first wins, as the JITs' instructions do. The spec lets the
// payload be either, but engines that agree bit for bit can be compared
// on memory contents. -0 is smaller than +0 (spec 4.3.3 fmin).
template <typename F>
inline F propagateNan(F a, F b) {
  return a != a ? a + a : b + b;
}
template <typename F>
inline F fmin(F a, F b) {
  if (a != a || b != b) return propagateNan(a, b);
  if (a == b) return std::signbit(a) ? a : b;  // equal: only the zeros' signs differ
  return a < b ? a : b;
}
template <typename F>
inline F fmax(F a, F b) {
  if (a != a || b != b) return propagateNan(a, b);
  if (a == b) return std::signbit(a) ? b : a;
  return a > b ? a : b;
}
// Rounding to an integral value. A NaN operand must come back quiet (an
// arithmetic NaN, spec 4.3.3), which libm's floorf etc. do not promise, so
// NaNs take the `a + a` path that quiets them. nearest rounds ties to even
// (the default rounding mode).
template <typename F>
inline F fceil(F a) { return a != a ? a + a : std::ceil(a); }
template <typename F>
inline F ffloor(F a) { return a != a ? a + a : std::floor(a); }
template <typename F>
inline F ftrunc(F a) { return a != a ? a + a : std::trunc(a); }
template <typename F>
inline F fnearest(F a) { return a != a ? a + a : std::nearbyint(a); }

// --- Float to integer ------------------------------------------------------------
// Bounds are exclusive limits that are exactly representable in F: the
// value is converted iff lo < trunc(x) < hi, i.e. lo < x < hi after
// truncation toward zero; NaN fails both comparisons.
template <typename I, typename F>
struct TruncLimits;
template <typename F>
struct TruncLimits<int32_t, F> {
  static constexpr F lo = F(-2147483648.0) - F(1);  // exact for double; see below for float
  static constexpr F hi = F(2147483648.0);
};
template <typename F>
struct TruncLimits<uint32_t, F> {
  static constexpr F lo = F(-1.0);
  static constexpr F hi = F(4294967296.0);
};
template <typename F>
struct TruncLimits<int64_t, F> {
  static constexpr F lo = F(-9223372036854775808.0);  // checked with >= below
  static constexpr F hi = F(9223372036854775808.0);
};
template <typename F>
struct TruncLimits<uint64_t, F> {
  static constexpr F lo = F(-1.0);
  static constexpr F hi = F(18446744073709551616.0);
};

// True if trunc(x) fits in I. For int32 from float, -2^31-1 is not a float
// (it rounds to -2^31), so the lower test is x >= -2^31 there; likewise for
// int64 the limit -2^63 is itself representable and in range.
template <typename I, typename F>
inline bool truncInRange(F x) {
  if constexpr (std::is_same_v<I, int32_t> && std::is_same_v<F, float>) {
    return x >= F(-2147483648.0) && x < F(2147483648.0);
  } else if constexpr (std::is_same_v<I, int64_t>) {
    return x >= F(-9223372036854775808.0) && x < F(9223372036854775808.0);
  } else {
    return x > TruncLimits<I, F>::lo && x < TruncLimits<I, F>::hi;
  }
}

// Trapping truncation (spec 4.3.3 trunc): NaN is "invalid conversion to
// integer", out of range is "integer overflow".
template <typename I, typename F>
inline bool truncChecked(F x, I& out, TrapCode& trap) {
  if (x != x) return trap = TrapCode::InvalidConversionToInteger, false;
  if (!truncInRange<I, F>(x)) return trap = TrapCode::IntegerOverflow, false;
  out = static_cast<I>(x);
  return true;
}

// Saturating truncation (spec 4.3.3 trunc_sat): NaN is 0, out of range
// clamps to the nearest bound.
template <typename I, typename F>
inline I truncSat(F x) {
  if (x != x) return 0;
  if (truncInRange<I, F>(x)) return static_cast<I>(x);
  return x < F(0) ? std::numeric_limits<I>::min() : std::numeric_limits<I>::max();
}

}  // namespace ember::interp
