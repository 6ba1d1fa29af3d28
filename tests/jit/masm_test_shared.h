// What the two macro-assembler test files (masm_x64_test.cpp,
// masm_a64_test.cpp) share: the VMContext stand-in the emitted code reads,
// the operand tables, and the models of the wasm operators the results are
// checked against, built on the interpreter's numeric semantics
// (runtime/interp/numeric.h) where it has them, so that both backends are
// held to the same oracle as the interpreter; and the system headers the
// shared execution harness (masm_run_harness.inc) needs. Only the listings,
// the trampolines and the register roles are per architecture.
#pragma once

#include <gtest/gtest.h>
#include <setjmp.h>
#include <signal.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "jit/masm.h"
#include "runtime/interp/numeric.h"

namespace ember::masm_test {

// --- A VMContext stand-in with the fields the masm reads -------------------------

struct TestVm {
  uint8_t* memoryBase = nullptr;
  uint64_t memoryLength = 0;
  uintptr_t stackLimit = 0;
  void* builtins[4] = {};
  // Interruption checks: an epoch counter and its deadline; a block whose
  // second word is the fuel.
  const uint64_t* counter = nullptr;
  uint64_t deadline = 0;
  int64_t* fuelBlock = nullptr;
};

constexpr uint32_t kTrapBuiltin = 0;
constexpr uint32_t kAddBuiltin = 1;

inline MasmOptions testOptions() {
  MasmOptions o;
  o.vmctx.memoryBase = offsetof(TestVm, memoryBase);
  o.vmctx.memoryLength = offsetof(TestVm, memoryLength);
  o.vmctx.stackLimit = offsetof(TestVm, stackLimit);
  o.vmctx.builtins = offsetof(TestVm, builtins);
  o.trapBuiltin = kTrapBuiltin;
  return o;
}

// FP register n (xmm n, NEON v n): the shared execution tests name FP
// registers by number, GP registers by role.
constexpr Reg fpr(uint8_t n) { return Reg::fp(n); }

// The registers of one binary operation in an execution test.
struct Assignment {
  Reg dst, lhs, rhs;
};

// The bytes `body` emits into a fresh `masm` inside a function without
// prologue (empty after a failure); `begin` is their code offset. What the
// listing tests of both architectures look at.
template <typename Masm, typename Body>
std::vector<uint8_t> bodyBytes(Masm& masm, const Body& body, uint32_t& begin) {
  masm.beginFunction(0);
  begin = masm.codeOffset();
  body(masm);
  const uint32_t end = masm.codeOffset();
  masm.endFunction(0);
  auto code = masm.finalize();
  EXPECT_TRUE(code.ok()) << code.error().message();
  if (!code.ok()) return {};
  return std::vector<uint8_t>(code->bytes.begin() + begin, code->bytes.begin() + end);
}

// The register-set and convention facts that hold on every target, with
// `a`, `b` two allocatable GP registers, a < b.
inline void checkRegisterSetBasics(Reg a, Reg b) {
  RegisterSet s{a, b, fpr(3)};
  EXPECT_EQ(s.count(), 3u);
  EXPECT_TRUE(s.has(b));
  EXPECT_FALSE(s.has(fpr(1)));
  EXPECT_EQ(s.first(), a);
  EXPECT_EQ(s.fpOnly().first(), fpr(3));
  std::vector<Reg> order(s.begin(), s.end());
  EXPECT_EQ(order, (std::vector<Reg>{a, b, fpr(3)}));
  RegisterSet t = s;
  EXPECT_EQ(t.takeFirst(), a);
  EXPECT_EQ(t, (RegisterSet{b, fpr(3)}));
  EXPECT_FALSE(RegisterConventions::kAllocatable.has(RegisterConventions::kScratchGp));
  EXPECT_FALSE(RegisterConventions::kAllocatable.has(RegisterConventions::kScratchFp));
  EXPECT_FALSE(RegisterConventions::kAllocatable.has(RegisterConventions::kVmContext));
  EXPECT_FALSE(RegisterConventions::kAllocatable.has(RegisterConventions::kMemoryBase));
  EXPECT_TRUE(MacroAssembler::checkHostSupport().ok());
}

inline uint32_t u32(uint64_t v) { return static_cast<uint32_t>(v); }
inline int32_t s32(uint64_t v) { return static_cast<int32_t>(static_cast<uint32_t>(v)); }
inline int64_t s64(uint64_t v) { return static_cast<int64_t>(v); }

// --- Models of the wasm operators --------------------------------------------------

inline const std::vector<uint64_t> kI32Values = {
    0,          1,          2,          7,          31,         32,         33,         100,
    0xFFFFFF9C, 0x7FFFFFFF, 0x80000000, 0x80000001, 0xFFFFFFFF, 0x12345678, 0xDEADBEEF, 0x00010000};
inline const std::vector<uint64_t> kI64Values = {0,
                                          1,
                                          3,
                                          63,
                                          64,
                                          65,
                                          0xFFFFFFFF,
                                          0x100000000,
                                          0x7FFFFFFFFFFFFFFF,
                                          0x8000000000000000,
                                          0x8000000000000001,
                                          0xFFFFFFFFFFFFFFFF,
                                          0xFFFFFFFFFFFFFF9C,
                                          0x0123456789ABCDEF,
                                          0xDEADBEEFCAFEBABE};

inline uint32_t f32Bits(float f) { return std::bit_cast<uint32_t>(f); }
inline uint64_t f64Bits(double d) { return std::bit_cast<uint64_t>(d); }
inline float bitsF32(uint64_t b) { return std::bit_cast<float>(static_cast<uint32_t>(b)); }
inline double bitsF64(uint64_t b) { return std::bit_cast<double>(b); }

inline std::vector<uint64_t> f32Values() {
  const float inf = std::numeric_limits<float>::infinity();
  std::vector<float> v = {
      0.0f,          -0.0f,         1.0f,         -1.0f,         1.5f,         -1.5f,
      2.5f,          -2.5f,         0.5f,         -0.5f,         0.9f,         -0.9f,
      -0.99999994f,  3.0e9f,        -3.0e9f,      2147483520.f,  2147483648.f, -2147483648.f,
      -2147483904.f, 4294967040.f,  4294967296.f, 9.2233715e18f, 9.223372e18f, -9.223372e18f,
      1.8446743e19f, 1.8446744e19f, inf,          -inf,          1e-45f,       3.4028235e38f};
  std::vector<uint64_t> bits;
  for (float f : v) bits.push_back(f32Bits(f));
  bits.push_back(0x7FC00000);  // canonical NaN
  bits.push_back(0xFFC00000);  // negative NaN
  bits.push_back(0x7FA00000);  // signalling NaN
  bits.push_back(0x7FC12345);  // NaN with payload
  return bits;
}

inline std::vector<uint64_t> f64Values() {
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> v = {0.0,
                           -0.0,
                           1.0,
                           -1.0,
                           1.5,
                           -1.5,
                           2.5,
                           -2.5,
                           0.5,
                           -0.5,
                           -0.9999999999999999,
                           2147483647.0,
                           2147483647.9,
                           2147483648.0,
                           -2147483648.0,
                           -2147483648.9,
                           -2147483649.0,
                           4294967295.0,
                           4294967295.9,
                           4294967296.0,
                           9223372036854774784.0,
                           9223372036854775808.0,
                           -9223372036854775808.0,
                           -9223372036854777856.0,
                           18446744073709549568.0,
                           18446744073709551616.0,
                           1e300,
                           -1e300,
                           inf,
                           -inf,
                           5e-324,
                           0.1};
  std::vector<uint64_t> bits;
  for (double d : v) bits.push_back(f64Bits(d));
  bits.push_back(0x7FF8000000000000);  // canonical NaN
  bits.push_back(0xFFF8000000000000);
  bits.push_back(0x7FF4000000000000);  // signalling NaN
  bits.push_back(0x7FF8000000012345);
  return bits;
}

// What a wasm operator returns: a value, a trap, or (for floats) "some NaN".
struct Expected {
  std::optional<TrapCode> trap;
  uint64_t bits = 0;
  bool anyNaN = false;
};
inline Expected value(uint64_t bits) { return {std::nullopt, bits, false}; }
inline Expected trapWith(TrapCode c) { return {c, 0, false}; }
inline Expected nan() { return {std::nullopt, 0, true}; }
inline Expected f32Result(float f) { return std::isnan(f) ? nan() : value(f32Bits(f)); }
inline Expected f64Result(double d) { return std::isnan(d) ? nan() : value(f64Bits(d)); }

inline bool isNaNBits(ValType t, uint64_t bits) {
  return t == ValType::F32 ? std::isnan(bitsF32(bits)) : std::isnan(bitsF64(bits));
}
// Spec 4.3.3: a NaN result is an arithmetic NaN (quiet bit set).
inline bool isArithmeticNaN(ValType t, uint64_t bits) {
  return t == ValType::F32 ? isNaNBits(t, bits) && (bits & 0x00400000)
                           : isNaNBits(t, bits) && (bits & 0x0008000000000000);
}

// Spec 4.3.2 ishl/ishr_s/ishr_u/irotl/irotr, from the interpreter's numeric
// semantics: counts are taken modulo the width.
inline uint64_t shiftModel(const char* op, OpSize s, uint64_t a, uint64_t b) {
  const std::string o = op;
  if (s == OpSize::S32) {
    const uint32_t x = u32(a), n = u32(b);
    if (o == "shl") return interp::shl32(x, n);
    if (o == "shr_s") return interp::shrS32(x, n);
    if (o == "shr_u") return interp::shrU32(x, n);
    if (o == "rotl") return interp::rotl32(x, n);
    return interp::rotr32(x, n);
  }
  if (o == "shl") return interp::shl64(a, b);
  if (o == "shr_s") return interp::shrS64(a, b);
  if (o == "shr_u") return interp::shrU64(a, b);
  if (o == "rotl") return interp::rotl64(a, b);
  return interp::rotr64(a, b);
}

// Spec 4.3.2 idiv/irem with their traps, from the interpreter's semantics.
template <typename U>
inline Expected divModelOf(const std::string& o, U a, U b) {
  U out{};
  TrapCode trap{};
  bool ok = o == "div_s"   ? interp::divS(a, b, out, trap)
            : o == "div_u" ? interp::divU(a, b, out, trap)
            : o == "rem_s" ? interp::remS(a, b, out, trap)
                           : interp::remU(a, b, out, trap);
  return ok ? value(out) : trapWith(trap);
}
inline Expected divModel(const char* op, OpSize s, uint64_t a, uint64_t b) {
  return s == OpSize::S32 ? divModelOf<uint32_t>(op, u32(a), u32(b)) : divModelOf<uint64_t>(op, a, b);
}

inline bool intCondModel(IntCond c, OpSize s, uint64_t a, uint64_t b) {
  uint64_t x = s == OpSize::S32 ? u32(a) : a, y = s == OpSize::S32 ? u32(b) : b;
  int64_t sx = s == OpSize::S32 ? s32(a) : s64(a), sy = s == OpSize::S32 ? s32(b) : s64(b);
  switch (c) {
    case IntCond::Eq:
      return x == y;
    case IntCond::Ne:
      return x != y;
    case IntCond::LtS:
      return sx < sy;
    case IntCond::LtU:
      return x < y;
    case IntCond::GtS:
      return sx > sy;
    case IntCond::GtU:
      return x > y;
    case IntCond::LeS:
      return sx <= sy;
    case IntCond::LeU:
      return x <= y;
    case IntCond::GeS:
      return sx >= sy;
    case IntCond::GeU:
      return x >= y;
  }
  return false;
}

template <typename F>
inline Expected floatResult(ValType t, F v) {
  return t == ValType::F32 ? f32Result(static_cast<float>(v)) : f64Result(static_cast<double>(v));
}

// Spec 4.3.3 fmin/fmax: NaN if either is NaN; -0 < +0.
template <typename F>
inline Expected minMaxModel(ValType t, F a, F b, bool isMin) {
  return floatResult(t, isMin ? interp::fmin(a, b) : interp::fmax(a, b));
}

inline bool floatCondModel(FloatCond c, double a, double b) {
  switch (c) {
    case FloatCond::Eq:
      return a == b;
    case FloatCond::Ne:
      return a != b;
    case FloatCond::Lt:
      return a < b;
    case FloatCond::Gt:
      return a > b;
    case FloatCond::Le:
      return a <= b;
    case FloatCond::Ge:
      return a >= b;
  }
  return false;
}

// Spec 4.3.5 trunc: NaN -> invalid conversion, out of range -> overflow.
// `lo` and `hi` are the exclusive bounds of the valid inputs.
template <typename I>
inline Expected truncModel(double x, double lo, double hi) {
  if (std::isnan(x)) return trapWith(TrapCode::InvalidConversionToInteger);
  if (!(x > lo && x < hi)) return trapWith(TrapCode::IntegerOverflow);
  I v = static_cast<I>(x);
  return value(static_cast<uint64_t>(v) & (sizeof(I) == 4 ? 0xFFFFFFFFull : ~0ull));
}

// trunc_sat: clamps, NaN -> 0.
template <typename I>
inline Expected truncSatModel(double x, double lo, double hi) {
  uint64_t mask = sizeof(I) == 4 ? 0xFFFFFFFFull : ~0ull;
  if (std::isnan(x)) return value(0);
  if (!(x > lo)) return value(static_cast<uint64_t>(std::numeric_limits<I>::min()) & mask);
  if (!(x < hi)) return value(static_cast<uint64_t>(std::numeric_limits<I>::max()) & mask);
  return value(static_cast<uint64_t>(static_cast<I>(x)) & mask);
}

}  // namespace ember::masm_test
