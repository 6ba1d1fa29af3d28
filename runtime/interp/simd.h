// Exact semantics of the fixed-width SIMD operators (spec 4.3.4 and the
// vector instructions of 4.4.3), lane by lane in portable C++. A v128 is
// 16 bytes in little-endian lane order, as in memory; the interpreter keeps
// it in two consecutive 8-byte slots. The loops have constant trip counts,
// so the compiler unrolls them (and vectorises what it can) without any
// per-host intrinsics.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>

#include "runtime/interp/numeric.h"

namespace ember::interp::simd {

struct V128 {
  uint8_t b[16];
};

inline V128 load(const void* p) {
  V128 v;
  std::memcpy(&v, p, 16);
  return v;
}
inline void store(void* p, const V128& v) { std::memcpy(p, &v, 16); }

template <typename T>
constexpr int kLanes = 16 / static_cast<int>(sizeof(T));

template <typename T>
inline T lane(const V128& v, int i) {
  T x;
  std::memcpy(&x, v.b + i * sizeof(T), sizeof x);
  return x;
}
template <typename T>
inline void setLane(V128& v, int i, T x) {
  std::memcpy(v.b + i * sizeof(T), &x, sizeof x);
}

// The unsigned integer of a lane type's width: what a mask lane is.
template <typename T>
using BitsOf = std::conditional_t<
    sizeof(T) == 1, uint8_t,
    std::conditional_t<sizeof(T) == 2, uint16_t, std::conditional_t<sizeof(T) == 4, uint32_t, uint64_t>>>;
template <typename T>
using SignedOfLane = std::make_signed_t<BitsOf<T>>;

// --- Lane-wise maps ------------------------------------------------------------
template <typename T, typename F>
inline V128 map1(const V128& a, F f) {
  V128 r;
  for (int i = 0; i < kLanes<T>; ++i) setLane<T>(r, i, static_cast<T>(f(lane<T>(a, i))));
  return r;
}
template <typename T, typename F>
inline V128 map2(const V128& a, const V128& b, F f) {
  V128 r;
  for (int i = 0; i < kLanes<T>; ++i)
    setLane<T>(r, i, static_cast<T>(f(lane<T>(a, i), lane<T>(b, i))));
  return r;
}
// Comparisons give all ones in a lane where they hold.
template <typename T, typename F>
inline V128 compare(const V128& a, const V128& b, F f) {
  using U = BitsOf<T>;
  V128 r;
  for (int i = 0; i < kLanes<T>; ++i)
    setLane<U>(r, i, f(lane<T>(a, i), lane<T>(b, i)) ? static_cast<U>(~U{0}) : U{0});
  return r;
}

// --- Integer lanes ---------------------------------------------------------------
// Wrapping add/sub/mul/neg go through the unsigned type (no signed overflow).
template <typename T>
inline T wrapNeg(T a) {
  using U = BitsOf<T>;
  return static_cast<T>(static_cast<U>(U{0} - static_cast<U>(a)));
}
template <typename T>
inline T absLane(T a) {  // iabs: |INT_MIN| wraps to INT_MIN
  return a < 0 ? wrapNeg(a) : a;
}
template <typename T>
inline T saturate(int64_t v) {
  if (v < static_cast<int64_t>(std::numeric_limits<T>::min())) return std::numeric_limits<T>::min();
  if (v > static_cast<int64_t>(std::numeric_limits<T>::max())) return std::numeric_limits<T>::max();
  return static_cast<T>(v);
}
template <typename T>
inline T addSat(T a, T b) { return saturate<T>(int64_t{a} + int64_t{b}); }
template <typename T>
inline T subSat(T a, T b) { return saturate<T>(int64_t{a} - int64_t{b}); }
template <typename T>
inline T avgr(T a, T b) { return static_cast<T>((uint32_t{a} + uint32_t{b} + 1) >> 1); }

inline int16_t q15mulrSat(int16_t a, int16_t b) {
  return saturate<int16_t>((int32_t{a} * int32_t{b} + 0x4000) >> 15);
}

// Shifts take the count modulo the lane width.
template <typename T>
inline V128 shl(const V128& a, uint32_t s) {
  using U = BitsOf<T>;
  uint32_t n = s & (sizeof(T) * 8 - 1);
  return map1<U>(a, [n](U x) { return static_cast<U>(x << n); });
}
template <typename T>
inline V128 shr(const V128& a, uint32_t s) {  // T signed: arithmetic, unsigned: logical
  uint32_t n = s & (sizeof(T) * 8 - 1);
  return map1<T>(a, [n](T x) { return static_cast<T>(x >> n); });
}

// Narrowing: signed Wide lanes of a then b, saturated to Narrow.
template <typename Wide, typename Narrow>
inline V128 narrow(const V128& a, const V128& b) {
  V128 r;
  constexpr int n = kLanes<Wide>;
  for (int i = 0; i < n; ++i) {
    setLane<Narrow>(r, i, saturate<Narrow>(lane<Wide>(a, i)));
    setLane<Narrow>(r, n + i, saturate<Narrow>(lane<Wide>(b, i)));
  }
  return r;
}

// Widening the low (half 0) or high (half 1) lanes of Narrow to Wide.
template <typename Narrow, typename Wide, int Half>
inline V128 extend(const V128& a) {
  V128 r;
  constexpr int n = kLanes<Wide>;
  for (int i = 0; i < n; ++i) setLane<Wide>(r, i, static_cast<Wide>(lane<Narrow>(a, Half * n + i)));
  return r;
}
template <typename Narrow, typename Wide, int Half>
inline V128 extmul(const V128& a, const V128& b) {
  using U = BitsOf<Wide>;
  V128 r;
  constexpr int n = kLanes<Wide>;
  for (int i = 0; i < n; ++i) {
    U x = static_cast<U>(static_cast<Wide>(lane<Narrow>(a, Half * n + i)));
    U y = static_cast<U>(static_cast<Wide>(lane<Narrow>(b, Half * n + i)));
    setLane<U>(r, i, static_cast<U>(x * y));
  }
  return r;
}
template <typename Narrow, typename Wide>
inline V128 extaddPairwise(const V128& a) {
  V128 r;
  for (int i = 0; i < kLanes<Wide>; ++i)
    setLane<Wide>(r, i,
                  static_cast<Wide>(Wide{lane<Narrow>(a, 2 * i)} + Wide{lane<Narrow>(a, 2 * i + 1)}));
  return r;
}
// Signed products of adjacent Narrow lanes summed in pairs into Wide lanes,
// wrapping: i32x4.dot_i16x8_s, and i16x8.relaxed_dot_i8x16_i7x16_s as Ember
// defines it (x86 phaddw, NEON addp).
template <typename Narrow, typename Wide>
inline V128 dotPairs(const V128& a, const V128& b) {
  V128 r;
  for (int i = 0; i < kLanes<Wide>; ++i) {
    int64_t s = int64_t{lane<Narrow>(a, 2 * i)} * lane<Narrow>(b, 2 * i) +
                int64_t{lane<Narrow>(a, 2 * i + 1)} * lane<Narrow>(b, 2 * i + 1);
    setLane<BitsOf<Wide>>(r, i, static_cast<BitsOf<Wide>>(s));
  }
  return r;
}

// --- Relaxed SIMD (WebAssembly 3.0) ----------------------------------------------------
// Each may behave in more than one way; Ember picks one for both engines and
// both ISAs, so they agree bit for bit.
// i32x4.relaxed_dot_i8x16_i7x16_add_s: the i16 sums of the relaxed dot
// product (dotPairs), added in pairs into i32 lanes, plus c (wrapping).
inline V128 relaxedDotI8x16Add(const V128& a, const V128& b, const V128& c) {
  const V128 pairs = dotPairs<int8_t, int16_t>(a, b);
  V128 r;
  for (int i = 0; i < 4; ++i) {
    uint32_t s = static_cast<uint32_t>(int32_t{lane<int16_t>(pairs, 2 * i)} +
                                       lane<int16_t>(pairs, 2 * i + 1));
    setLane<uint32_t>(r, i, s + lane<uint32_t>(c, i));
  }
  return r;
}
// relaxed_madd / relaxed_nmadd: a * b + c and -(a * b) + c, rounded twice
// (a fused multiply-add is allowed too, but x86's baseline has none). The
// product goes through a volatile so the compiler cannot fuse it either.
template <typename T>
inline V128 mulAdd(const V128& a, const V128& b, const V128& c, bool negate) {
  V128 r;
  for (int i = 0; i < kLanes<T>; ++i) {
    volatile T product = lane<T>(a, i) * lane<T>(b, i);
    setLane<T>(r, i, negate ? lane<T>(c, i) - product : product + lane<T>(c, i));
  }
  return r;
}

// --- Whole-vector operators --------------------------------------------------------
inline V128 bitwise(const V128& a, const V128& b, int op) {  // 0 and, 1 andnot, 2 or, 3 xor
  V128 r;
  for (int i = 0; i < 2; ++i) {
    uint64_t x = lane<uint64_t>(a, i), y = lane<uint64_t>(b, i);
    uint64_t v = op == 0 ? (x & y) : op == 1 ? (x & ~y) : op == 2 ? (x | y) : (x ^ y);
    setLane<uint64_t>(r, i, v);
  }
  return r;
}
inline V128 bitselect(const V128& a, const V128& b, const V128& c) {
  V128 r;
  for (int i = 0; i < 2; ++i) {
    uint64_t m = lane<uint64_t>(c, i);
    setLane<uint64_t>(r, i, (lane<uint64_t>(a, i) & m) | (lane<uint64_t>(b, i) & ~m));
  }
  return r;
}
inline uint32_t anyTrue(const V128& a) {
  return (lane<uint64_t>(a, 0) | lane<uint64_t>(a, 1)) != 0 ? 1u : 0u;
}
template <typename T>
inline uint32_t allTrue(const V128& a) {
  for (int i = 0; i < kLanes<T>; ++i)
    if (lane<T>(a, i) == 0) return 0;
  return 1;
}
template <typename T>
inline uint32_t bitmask(const V128& a) {
  using S = SignedOfLane<T>;
  uint32_t m = 0;
  for (int i = 0; i < kLanes<T>; ++i) m |= (lane<S>(a, i) < 0 ? 1u : 0u) << i;
  return m;
}
inline V128 swizzle(const V128& a, const V128& s) {
  V128 r;
  for (int i = 0; i < 16; ++i) r.b[i] = s.b[i] < 16 ? a.b[s.b[i]] : 0;
  return r;
}
// Lane indices are < 32 (checked by the validator): 0-15 from a, 16-31 from b.
inline V128 shuffle(const V128& a, const V128& b, const uint8_t* idx) {
  uint8_t ab[32];
  std::memcpy(ab, a.b, 16);
  std::memcpy(ab + 16, b.b, 16);
  V128 r;
  for (int i = 0; i < 16; ++i) r.b[i] = ab[idx[i] & 31];
  return r;
}
// The same when each 32-bit lane of the result is a 32-bit lane of a, b
// (0-7) rotated right by a multiple of 8 bits: lanes[i] = lane | bits << 8.
inline V128 shuffle32(const V128& a, const V128& b, const uint32_t* lanes) {
  uint32_t ab[8];
  std::memcpy(ab, a.b, 16);
  std::memcpy(ab + 4, b.b, 16);
  V128 r;
  for (int i = 0; i < 4; ++i)
    setLane<uint32_t>(r, i, std::rotr(ab[lanes[i] & 7], static_cast<int>((lanes[i] >> 8) & 31)));
  return r;
}
// A byte shuffle that rotates each 32-bit lane right by `bits` (8, 16, 24).
// As two shifts whose counts (n + m == 32, both from the code) the compiler
// cannot see are related: it vectorises those, but would turn a rotate it
// recognises into one scalar rotate per lane.
inline V128 rotr32(const V128& a, uint32_t n, uint32_t m) {
  n &= 31;
  m &= 31;
  return map1<uint32_t>(a, [n, m](uint32_t x) { return (x >> n) | (x << m); });
}
inline V128 rotr64(const V128& a, uint32_t n, uint32_t m) {
  n &= 63;
  m &= 63;
  return map1<uint64_t>(a, [n, m](uint64_t x) { return (x >> n) | (x << m); });
}
template <typename T>
inline V128 splat(T x) {
  V128 r;
  for (int i = 0; i < kLanes<T>; ++i) setLane<T>(r, i, x);
  return r;
}

// --- Float lanes ----------------------------------------------------------------------
// Arithmetic on NaNs gives what the hardware gives for scalars, which the
// spec allows (an arithmetic NaN, canonical when the inputs are); min/max
// and the roundings reuse the scalar rules of numeric.h.
template <typename F>
inline F pmin(F a, F b) { return b < a ? b : a; }
template <typename F>
inline F pmax(F a, F b) { return a < b ? b : a; }

inline V128 demoteZero(const V128& a) {
  V128 r{};
  for (int i = 0; i < 2; ++i) setLane<float>(r, i, static_cast<float>(lane<double>(a, i)));
  return r;
}
inline V128 promoteLow(const V128& a) {
  V128 r;
  for (int i = 0; i < 2; ++i) setLane<double>(r, i, static_cast<double>(lane<float>(a, i)));
  return r;
}
template <typename I>
inline V128 convertLow(const V128& a) {  // i32x4 low lanes to f64x2
  V128 r;
  for (int i = 0; i < 2; ++i) setLane<double>(r, i, static_cast<double>(lane<I>(a, i)));
  return r;
}
template <typename I>
inline V128 truncSatF32x4(const V128& a) {
  V128 r;
  for (int i = 0; i < 4; ++i) setLane<I>(r, i, truncSat<I>(lane<float>(a, i)));
  return r;
}
template <typename I>
inline V128 truncSatF64x2Zero(const V128& a) {
  V128 r{};
  for (int i = 0; i < 2; ++i) setLane<I>(r, i, truncSat<I>(lane<double>(a, i)));
  return r;
}

// --- Memory ---------------------------------------------------------------------------------
// v128.loadNxM_s/u: M lanes of N bits widened to 2N bits.
template <typename Narrow, typename Wide>
inline V128 loadExtend(const uint8_t* p) {
  V128 r;
  for (int i = 0; i < kLanes<Wide>; ++i) {
    Narrow x;
    std::memcpy(&x, p + i * sizeof(Narrow), sizeof x);
    setLane<Wide>(r, i, static_cast<Wide>(x));
  }
  return r;
}
template <typename T>
inline V128 loadSplat(const uint8_t* p) {
  T x;
  std::memcpy(&x, p, sizeof x);
  return splat<T>(x);
}
template <typename T>
inline V128 loadZero(const uint8_t* p) {
  V128 r{};
  std::memcpy(r.b, p, sizeof(T));
  return r;
}

}  // namespace ember::interp::simd
