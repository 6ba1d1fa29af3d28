// i32 division and remainder by a constant without a divide instruction
// (TurboFan and every C compiler do this; Liftoff and the wasm producers do
// not: LLVM leaves `x / 10` to the engine). The method is Lemire, Kaser and
// Kurz, "Faster Remainder by Direct Computation" (2019): for a divisor
// d >= 2 and M = floor((2^64 - 1) / d) + 1, every 32-bit unsigned x has
//   x / d == (M * x) >> 64                    (the high half of a 64x64 product)
//   x % d == ((M * x mod 2^64) * d) >> 64
// Signed operators divide |x| by |d| and fix the sign: a quotient is
// negative when exactly one operand is, a remainder takes the dividend's.
// The backends emit it (MacroAssembler::divRemByConstant); this decides
// where it applies.
#pragma once

#include <cstdint>

namespace ember {

enum class DivKind : uint8_t { DivS, DivU, RemS, RemU };

constexpr bool isSignedDivision(DivKind k) { return k == DivKind::DivS || k == DivKind::RemS; }
constexpr bool isRemainder(DivKind k) { return k == DivKind::RemS || k == DivKind::RemU; }

// |d| as an unsigned divisor (INT32_MIN's is 2^31).
constexpr uint32_t divisorMagnitude(DivKind k, int32_t d) {
  if (!isSignedDivision(k)) return static_cast<uint32_t>(d);
  return d < 0 ? 0u - static_cast<uint32_t>(d) : static_cast<uint32_t>(d);
}

// Whether an i32 division by the constant `d` is done by multiplication:
// it cannot trap and |d| >= 2 (0 traps, -1 may overflow; 1 is a move or 0,
// which the code generator folds).
constexpr bool divisionByMultiplication(DivKind k, int32_t d) {
  if (isSignedDivision(k) && d == -1) return false;
  return divisorMagnitude(k, d) >= 2;
}

constexpr uint64_t divisionMagic(uint32_t magnitude) { return UINT64_MAX / magnitude + 1; }

}  // namespace ember
